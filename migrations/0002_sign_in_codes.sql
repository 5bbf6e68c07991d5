-- salonbox salon database, step 2: email-code sign-in. Each salon chooses how its customers sign in, and the
-- codes it emails live here, beside the customers they belong to.

ALTER TABLE salon ADD COLUMN portal_sign_in TEXT NOT NULL DEFAULT 'both' CHECK (portal_sign_in IN ('password', 'code', 'both'));

-- One request for a sign-in code, carried by a browser cookie whose value is stored only as a keyed hash
-- (handle_hash). customer_id is NULL when the typed address matched no customer who may sign in: such a
-- challenge looks the same to the browser and no code can open it. code_hash is a keyed hash of the code
-- bound to this challenge; a resend replaces it and keeps `failures`. ended_at is set when the code is used
-- or the last allowed wrong entry is made.
CREATE TABLE sign_in_challenges (
  id INTEGER PRIMARY KEY,
  handle_hash BLOB NOT NULL UNIQUE,
  email TEXT NOT NULL COLLATE NOCASE,
  customer_id INTEGER REFERENCES customers(id),
  code_hash BLOB NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER
);

-- "Invite customers to the portal": when each customer was last sent the announcement, so that a send to
-- everyone skips those who already had it (staff may still send it again to one customer by hand).
CREATE TABLE portal_announcements (
  customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
  sent_at INTEGER NOT NULL
);

-- An account's own history (its last sign-in on the customer page) without reading the whole log.
CREATE INDEX audit_log_by_actor ON audit_log(actor_user_id, at);
