-- salonbox salon database: files attached to outgoing emails, and what makes an appointment's calendar
-- invitations replace one another (a UID token per salon, a SEQUENCE per appointment).

CREATE TABLE outbox_attachments (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content BLOB NOT NULL
);
CREATE INDEX outbox_attachments_by_message ON outbox_attachments(outbox_id, id);

CREATE TABLE calendar_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  uid_token TEXT NOT NULL
);

CREATE TABLE appointment_calendar_sequences (
  appointment_id INTEGER PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
  sequence INTEGER NOT NULL CHECK (sequence >= 0)
);
