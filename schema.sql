-- salonbox salon database: the current schema, readable in one place. New salons are created from this
-- file; older files reach it through migrations/ (a unit test proves both give the same database).


CREATE TABLE salon (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  tax_id TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL,
  locale TEXT NOT NULL,
  currency TEXT NOT NULL,
  invoice_pattern TEXT NOT NULL DEFAULT 'FA{yy}{mm}-{nnnn}',
  portal_enabled INTEGER NOT NULL DEFAULT 1,
  mail_sender_name TEXT NOT NULL DEFAULT '',
  mail_reply_to TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
, portal_sign_in TEXT NOT NULL DEFAULT 'both' CHECK (portal_sign_in IN ('password', 'code', 'both')));
-- (portal_sign_in is written as ALTER TABLE in migration 2 leaves it: password, code or both.)

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT COLLATE NOCASE,
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  archived_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX customers_by_name ON customers(last_name, first_name);
CREATE INDEX customers_by_email ON customers(email);

-- Accounts: staff (owner, manager, staff) and portal customers (customer, linked to one customer record).
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE UNIQUE,
  password_hash TEXT,
  role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'staff', 'customer')),
  display_name TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT '',
  customer_id INTEGER REFERENCES customers(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER,
  CHECK ((role = 'customer') = (customer_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_one_account_per_customer ON users(customer_id) WHERE customer_id IS NOT NULL;

-- Multilingual animal types: species and breeds, names per locale, shipped with the binary.
CREATE TABLE species (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE
);
CREATE TABLE species_names (
  species_id INTEGER NOT NULL REFERENCES species(id),
  locale TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (species_id, locale)
) WITHOUT ROWID;
CREATE TABLE breeds (
  id INTEGER PRIMARY KEY,
  species_id INTEGER NOT NULL REFERENCES species(id),
  code TEXT NOT NULL UNIQUE
);
CREATE INDEX breeds_by_species ON breeds(species_id);
CREATE TABLE breed_names (
  breed_id INTEGER NOT NULL REFERENCES breeds(id),
  locale TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (breed_id, locale)
) WITHOUT ROWID;

CREATE TABLE animals (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  species_id INTEGER NOT NULL REFERENCES species(id),
  breed_id INTEGER REFERENCES breeds(id),
  breed_detail TEXT NOT NULL DEFAULT '',
  birth_date TEXT,
  notes TEXT NOT NULL DEFAULT '',
  archived_at INTEGER,
  created_at INTEGER NOT NULL
, owner_sort_name TEXT NOT NULL DEFAULT '', owner_archived_at INTEGER);
-- (The last two columns, the owner's name and archive instant kept by triggers, are laid out as ALTER TABLE
-- ADD COLUMN wrote them.)
CREATE INDEX animals_by_customer ON animals(customer_id);

CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  tax_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0),
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  animal_id INTEGER NOT NULL REFERENCES animals(id),
  service_id INTEGER REFERENCES services(id),
  staff_user_id INTEGER REFERENCES users(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
  comments TEXT NOT NULL DEFAULT '',
  internal_notes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX appointments_by_customer ON appointments(customer_id, starts_at);
CREATE INDEX appointments_by_start ON appointments(starts_at);

-- Notifications of staff members (the bell of the admin panel).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

-- Two scheduled appointments of one staff member, or of one animal, never overlap: the database refuses it,
-- whoever writes. Every write that can create one runs in an IMMEDIATE transaction, so two managers
-- approving the same slot at once are serialised and the second one is refused here.
CREATE TRIGGER appointments_no_overlap_insert BEFORE INSERT ON appointments
WHEN NEW.status = 'scheduled' AND EXISTS (
  SELECT 1 FROM appointments o
  WHERE o.status = 'scheduled' AND o.starts_at < NEW.ends_at AND NEW.starts_at < o.ends_at
    AND (o.animal_id = NEW.animal_id OR (NEW.staff_user_id IS NOT NULL AND o.staff_user_id = NEW.staff_user_id)))
BEGIN
  SELECT RAISE(ABORT, 'appointment overlaps');
END;
CREATE TRIGGER appointments_no_overlap_update BEFORE UPDATE OF starts_at, ends_at, status, staff_user_id, animal_id ON appointments
WHEN NEW.status = 'scheduled' AND EXISTS (
  SELECT 1 FROM appointments o
  WHERE o.id <> NEW.id AND o.status = 'scheduled' AND o.starts_at < NEW.ends_at AND NEW.starts_at < o.ends_at
    AND (o.animal_id = NEW.animal_id OR (NEW.staff_user_id IS NOT NULL AND o.staff_user_id = NEW.staff_user_id)))
BEGIN
  SELECT RAISE(ABORT, 'appointment overlaps');
END;

CREATE TABLE appointment_requests (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  animal_id INTEGER NOT NULL REFERENCES animals(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  comments TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined', 'rescheduled', 'withdrawn')),
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER,
  decision_message TEXT NOT NULL DEFAULT '',
  appointment_id INTEGER REFERENCES appointments(id),
  created_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX appointment_requests_by_customer ON appointment_requests(customer_id, created_at);
CREATE INDEX appointment_requests_by_status ON appointment_requests(status, created_at);

-- Invoices: drafts have no number; issuing assigns the next gapless number of its period and writes total_minor
-- (lines, tax per rate and tip), frozen with the rest; a draft's is NULL.
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  appointment_id INTEGER REFERENCES appointments(id),
  number TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
  credit_note_for INTEGER REFERENCES invoices(id),
  currency TEXT NOT NULL,
  tip_minor INTEGER NOT NULL DEFAULT 0 CHECK (tip_minor >= 0),
  deposit_minor INTEGER NOT NULL DEFAULT 0 CHECK (deposit_minor >= 0),
  issued_at INTEGER,
  created_at INTEGER NOT NULL,
  total_minor INTEGER,
  CHECK ((status = 'issued') = (number IS NOT NULL AND issued_at IS NOT NULL))
);
CREATE TABLE invoice_lines (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  position INTEGER NOT NULL,
  description TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity <> 0),
  unit_price_minor INTEGER NOT NULL,
  tax_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0)
);
CREATE INDEX invoice_lines_by_invoice ON invoice_lines(invoice_id, position);
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  amount_minor INTEGER NOT NULL,
  method TEXT NOT NULL DEFAULT 'card',
  paid_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER REFERENCES users(id)
);
CREATE INDEX payments_by_invoice ON payments(invoice_id);
-- The last number handed out per numbering period ("2602" for FA{yy}{mm}-{nnnn}).
CREATE TABLE invoice_counters (
  period TEXT PRIMARY KEY,
  last_value INTEGER NOT NULL
) WITHOUT ROWID;

-- An issued invoice is never edited: its row and lines are frozen by the database itself.
CREATE TRIGGER invoices_issued_frozen BEFORE UPDATE ON invoices
WHEN OLD.status = 'issued'
BEGIN
  SELECT RAISE(ABORT, 'issued invoice is read-only');
END;
CREATE TRIGGER invoice_lines_frozen_update BEFORE UPDATE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN
  SELECT RAISE(ABORT, 'issued invoice is read-only');
END;
CREATE TRIGGER invoice_lines_frozen_insert BEFORE INSERT ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) = 'issued'
BEGIN
  SELECT RAISE(ABORT, 'issued invoice is read-only');
END;
CREATE TRIGGER invoice_lines_frozen_delete BEFORE DELETE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN
  SELECT RAISE(ABORT, 'issued invoice is read-only');
END;

-- Every email goes through here; the sender delivers and retries. `sensitive` marks a body holding a code
-- or a link: the email log never shows it.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  to_address TEXT NOT NULL,
  to_name TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL DEFAULT '',
  sensitive INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

-- Sessions: only a keyed hash of the token is kept. face is 'admin' or 'portal'.
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  face TEXT NOT NULL CHECK (face IN ('admin', 'portal')),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- One-time links to set a password: invitations and resets. Only a keyed hash of the token is kept.
CREATE TABLE password_tokens (
  id INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'reset')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX password_tokens_by_user ON password_tokens(user_id);

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

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log(at);
-- An account's own history (its last sign-in on the customer page) without reading the whole log.
CREATE INDEX audit_log_by_actor ON audit_log(actor_user_id, at);

-- Invoice documents: the salon's payment terms ("due in N days" after the issue date, salon time). No row
-- means the default of 14 days.
CREATE TABLE invoice_terms (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  due_days INTEGER NOT NULL DEFAULT 14 CHECK (due_days BETWEEN 0 AND 365)
);

-- Email attachments and calendar invitations. An attachment belongs to one outbox message, in id order.
CREATE TABLE outbox_attachments (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content BLOB NOT NULL
);
CREATE INDEX outbox_attachments_by_message ON outbox_attachments(outbox_id, id);

-- The random part of every calendar UID of this salon ("appointment-<id>-<uid_token>@salonbox"), made on
-- first use and never changed, so that a customer's calendar recognises every later message of one appointment.
CREATE TABLE calendar_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  uid_token TEXT NOT NULL
);

-- The SEQUENCE of the last calendar message sent for an appointment: each change sends the next one.
CREATE TABLE appointment_calendar_sequences (
  appointment_id INTEGER PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
  sequence INTEGER NOT NULL CHECK (sequence >= 0)
);

-- Packages and account credit: sessions of services sold in advance, and money the salon holds for a customer.
-- A package type is what the salon sells; a sale is one customer's copy of it, frozen when sold (name,
-- sessions, price, last day of use in the salon's zone); each completed appointment paid by it is one
-- redemption. An appointment uses at most one session (UNIQUE), and a sale never gives more sessions than it
-- holds (the trigger, inside the IMMEDIATE transaction that redeems).
CREATE TABLE package_types (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sessions INTEGER NOT NULL CHECK (sessions > 0),
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  tax_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0),
  validity_days INTEGER NOT NULL CHECK (validity_days > 0),
  archived_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE package_type_services (
  package_type_id INTEGER NOT NULL REFERENCES package_types(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (package_type_id, service_id)
) WITHOUT ROWID;
CREATE TABLE package_sales (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  package_type_id INTEGER NOT NULL REFERENCES package_types(id),
  name TEXT NOT NULL,
  sessions INTEGER NOT NULL CHECK (sessions > 0),
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  expires_on TEXT NOT NULL,
  invoice_id INTEGER REFERENCES invoices(id),
  sold_by INTEGER REFERENCES users(id),
  sold_at INTEGER NOT NULL
);
CREATE INDEX package_sales_by_customer ON package_sales(customer_id, expires_on);
-- appointment_id is empty for a session recorded by hand (a visit from before salonbox).
CREATE TABLE package_redemptions (
  id INTEGER PRIMARY KEY,
  package_sale_id INTEGER NOT NULL REFERENCES package_sales(id),
  appointment_id INTEGER UNIQUE REFERENCES appointments(id),
  animal_id INTEGER REFERENCES animals(id),
  used_at INTEGER NOT NULL,
  recorded_by INTEGER REFERENCES users(id)
);
CREATE INDEX package_redemptions_by_sale ON package_redemptions(package_sale_id, used_at);
CREATE TRIGGER package_redemptions_within_sessions BEFORE INSERT ON package_redemptions
WHEN (SELECT count(*) FROM package_redemptions WHERE package_sale_id = NEW.package_sale_id)
     >= (SELECT sessions FROM package_sales WHERE id = NEW.package_sale_id)
BEGIN
  SELECT RAISE(ABORT, 'package used up');
END;

-- The credit ledger: + money the salon holds for the customer (prepayment, gift, overpayment, credit note not
-- refunded), - credit used on an invoice or refunded. The balance is the sum; it never goes below zero, and an
-- entry is never changed or deleted (a mistake is corrected by another entry).
CREATE TABLE credit_entries (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
  kind TEXT NOT NULL CHECK (kind IN ('prepayment', 'gift', 'overpayment', 'credit_note', 'invoice_payment', 'refund')),
  note TEXT NOT NULL DEFAULT '',
  invoice_id INTEGER REFERENCES invoices(id),
  payment_id INTEGER REFERENCES payments(id),
  recorded_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX credit_entries_by_customer ON credit_entries(customer_id, created_at);
CREATE TRIGGER credit_entries_no_overdraw BEFORE INSERT ON credit_entries
WHEN NEW.amount_minor < 0
     AND (SELECT coalesce(sum(amount_minor), 0) FROM credit_entries WHERE customer_id = NEW.customer_id) + NEW.amount_minor < 0
BEGIN
  SELECT RAISE(ABORT, 'credit balance short');
END;
CREATE TRIGGER credit_entries_frozen_update BEFORE UPDATE ON credit_entries
BEGIN
  SELECT RAISE(ABORT, 'credit ledger is append-only');
END;
CREATE TRIGGER credit_entries_frozen_delete BEFORE DELETE ON credit_entries
BEGIN
  SELECT RAISE(ABORT, 'credit ledger is append-only');
END;

-- Booking engine: opening hours, closures, team availability and the booking policy. Times of day are minutes
-- after local midnight in the salon's zone; weekdays are ISO (1 = Monday ... 7 = Sunday); days are
-- "YYYY-MM-DD" in the salon's zone. A weekday without rows is a closed day.
CREATE TABLE opening_hours (
  id INTEGER PRIMARY KEY,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
  closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
  CHECK (closes_minute > opens_minute)
);
CREATE INDEX opening_hours_by_weekday ON opening_hours(weekday, opens_minute);
CREATE TABLE closures (
  id INTEGER PRIMARY KEY,
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  CHECK (last_day >= first_day)
);
-- Who takes bookings, and on which terms. A team member without a row takes none. With own_hours, the
-- member's rows of staff_hours replace the salon's opening hours; with every_service, the member performs
-- every service, else only those of staff_services.
CREATE TABLE staff_booking (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  takes_bookings INTEGER NOT NULL DEFAULT 0,
  own_hours INTEGER NOT NULL DEFAULT 0,
  every_service INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE staff_hours (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
  closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
  CHECK (closes_minute > opens_minute)
);
CREATE INDEX staff_hours_by_user ON staff_hours(user_id, weekday);
CREATE TABLE staff_services (
  user_id INTEGER NOT NULL REFERENCES users(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (user_id, service_id)
) WITHOUT ROWID;
-- One row at most; without it the defaults below apply (online booking off, free-form requests allowed, as
-- before the booking engine).
CREATE TABLE booking_policy (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  min_notice_minutes INTEGER NOT NULL DEFAULT 120 CHECK (min_notice_minutes BETWEEN 0 AND 43200),
  horizon_days INTEGER NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 366),
  slot_step_minutes INTEGER NOT NULL DEFAULT 15 CHECK (slot_step_minutes BETWEEN 5 AND 240),
  online_booking TEXT NOT NULL DEFAULT 'off' CHECK (online_booking IN ('off', 'request', 'instant')),
  requests_outside_slots INTEGER NOT NULL DEFAULT 1
);
-- Requests sent for a service (the booking page, the portal's form); older requests have none.
CREATE TABLE appointment_request_services (
  request_id INTEGER PRIMARY KEY REFERENCES appointment_requests(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  staff_user_id INTEGER REFERENCES users(id)
);

-- Self-service changes: the salon's terms for customers' own cancellations and reschedules, the change
-- requests customers send, and the times the salon proposes instead.

-- One row at most; without it the defaults below apply (24 h cutoffs, no late-cancel fee, no auto-approve).
CREATE TABLE change_policy (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  cancel_cutoff_hours INTEGER NOT NULL DEFAULT 24 CHECK (cancel_cutoff_hours BETWEEN 0 AND 720),
  reschedule_cutoff_hours INTEGER NOT NULL DEFAULT 24 CHECK (reschedule_cutoff_hours BETWEEN 0 AND 720),
  late_cancel_fee_minor INTEGER NOT NULL DEFAULT 0 CHECK (late_cancel_fee_minor >= 0),
  auto_approve_changes INTEGER NOT NULL DEFAULT 0 CHECK (auto_approve_changes IN (0, 1))
);
-- A customer's request to cancel or move one appointment. `late` and `fee_minor` are the terms at the instant
-- the customer asked, never recomputed. A decision made by automatic approval has no decided_by and
-- decided_automatically = 1. At most one pending request per appointment.
CREATE TABLE change_requests (
  id INTEGER PRIMARY KEY,
  appointment_id INTEGER NOT NULL REFERENCES appointments(id),
  kind TEXT NOT NULL CHECK (kind IN ('cancel', 'reschedule')),
  asked_starts_at INTEGER,
  asked_ends_at INTEGER,
  asked_staff_user_id INTEGER REFERENCES users(id),
  reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn')),
  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  fee_minor INTEGER NOT NULL DEFAULT 0 CHECK (fee_minor >= 0),
  previous_starts_at INTEGER NOT NULL,
  decided_by INTEGER REFERENCES users(id),
  decided_automatically INTEGER NOT NULL DEFAULT 0 CHECK (decided_automatically IN (0, 1)),
  decided_at INTEGER,
  decision_message TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  CHECK (kind = 'cancel' OR (asked_starts_at IS NOT NULL AND asked_ends_at > asked_starts_at))
);
CREATE UNIQUE INDEX change_requests_one_pending ON change_requests(appointment_id) WHERE status = 'pending';
CREATE INDEX change_requests_by_status ON change_requests(status, created_at);
-- A time the salon proposes for an appointment (instead of a customer's reschedule, or on its own), which the
-- customer accepts or declines. At most one open proposal per appointment.
CREATE TABLE proposed_times (
  id INTEGER PRIMARY KEY,
  appointment_id INTEGER NOT NULL REFERENCES appointments(id),
  change_request_id INTEGER REFERENCES change_requests(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  staff_user_id INTEGER REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
  proposed_by INTEGER REFERENCES users(id),
  answered_at INTEGER,
  created_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE UNIQUE INDEX proposed_times_one_open ON proposed_times(appointment_id) WHERE status = 'pending';

-- Backups: `salonbox backup` records each verified copy it made of this salon (the dashboard shows the last).
CREATE TABLE backups (
  id INTEGER PRIMARY KEY,
  taken_at INTEGER NOT NULL,
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX backups_by_time ON backups(taken_at);

-- Appointments need a groomer (booking engine).
-- Every scheduled appointment has a groomer: one is never written without, nor moved, reopened or unassigned
-- without one. Rows kept from before this rule may still have none; they stay readable and editable as long
-- as their times do not change (availability counts each as taking one of the groomers free at that time).
CREATE TRIGGER appointments_staff_required_insert BEFORE INSERT ON appointments
WHEN NEW.status = 'scheduled' AND NEW.staff_user_id IS NULL
BEGIN
  SELECT RAISE(ABORT, 'appointment without staff');
END;
CREATE TRIGGER appointments_staff_required_update BEFORE UPDATE OF starts_at, ends_at, status, staff_user_id ON appointments
WHEN NEW.status = 'scheduled' AND NEW.staff_user_id IS NULL
  AND (OLD.staff_user_id IS NOT NULL OR OLD.status <> 'scheduled' OR NEW.starts_at <> OLD.starts_at OR NEW.ends_at <> OLD.ends_at)
BEGIN
  SELECT RAISE(ABORT, 'appointment without staff');
END;

-- A five-year salon: list indexes and customer search.
-- The invoice list, newest first (issue date, or creation date for a draft), for every filter; what credit
-- notes take off an invoice; the invoices made from an appointment.
CREATE INDEX invoices_by_date ON invoices(coalesce(issued_at, created_at));
CREATE INDEX invoices_by_status_date ON invoices(status, coalesce(issued_at, created_at));
CREATE INDEX invoices_by_corrected ON invoices(credit_note_for) WHERE credit_note_for IS NOT NULL;
CREATE INDEX invoices_by_appointment ON invoices(appointment_id) WHERE appointment_id IS NOT NULL;
-- The customer list in the order it is shown; its count reads this smaller index instead of the table.
CREATE INDEX customers_by_sort_name ON customers(archived_at, last_name COLLATE NOCASE, first_name COLLATE NOCASE);
-- The requests decided lately (the inbox); the scheduled appointments around a time (the overlap triggers and
-- the calendar), without walking five years of completed ones.
CREATE INDEX appointment_requests_by_decision ON appointment_requests(decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX appointments_scheduled_by_start ON appointments(starts_at) WHERE status = 'scheduled';

-- Customer search. customer_search indexes the words of each customer's names, email and phone, folded to
-- lower case without accents ("helene" finds "Hélène"); customer_phone_search indexes the digits of each phone
-- in trigrams, so that any run of digits finds the number however it was written. The triggers keep both in
-- step with customers whoever writes.
CREATE VIRTUAL TABLE customer_search USING fts5(first_name, last_name, email, phone, content = 'customers', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE customer_phone_search USING fts5(digits, content = '', tokenize = 'trigram');
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
BEGIN
  INSERT INTO customer_search (rowid, first_name, last_name, email, phone) VALUES (NEW.id, NEW.first_name, NEW.last_name, NEW.email, NEW.phone);
  INSERT INTO customer_phone_search (rowid, digits)
  VALUES (NEW.id, replace(replace(replace(replace(replace(replace(replace(NEW.phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', ''), '+', ''));
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers
BEGIN
  INSERT INTO customer_search (customer_search, rowid, first_name, last_name, email, phone)
  VALUES ('delete', OLD.id, OLD.first_name, OLD.last_name, OLD.email, OLD.phone);
  INSERT INTO customer_phone_search (customer_phone_search, rowid, digits)
  VALUES ('delete', OLD.id, replace(replace(replace(replace(replace(replace(replace(OLD.phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', ''), '+', ''));
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF first_name, last_name, email, phone ON customers
BEGIN
  INSERT INTO customer_search (customer_search, rowid, first_name, last_name, email, phone)
  VALUES ('delete', OLD.id, OLD.first_name, OLD.last_name, OLD.email, OLD.phone);
  INSERT INTO customer_phone_search (customer_phone_search, rowid, digits)
  VALUES ('delete', OLD.id, replace(replace(replace(replace(replace(replace(replace(OLD.phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', ''), '+', ''));
  INSERT INTO customer_search (rowid, first_name, last_name, email, phone) VALUES (NEW.id, NEW.first_name, NEW.last_name, NEW.email, NEW.phone);
  INSERT INTO customer_phone_search (rowid, digits)
  VALUES (NEW.id, replace(replace(replace(replace(replace(replace(replace(NEW.phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', ''), '+', ''));
END;

-- Front desk: when an animal arrived for its appointment (checked in from the dashboard).
CREATE TABLE appointment_check_ins (
  appointment_id INTEGER PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
  checked_in_at INTEGER NOT NULL,
  checked_in_by INTEGER REFERENCES users(id)
);

-- Services in the customer's language: a service's name in a language other than the salon's; services.name
-- is the name in the salon's language and the fallback for every language without a row here.
CREATE TABLE service_names (
  service_id INTEGER NOT NULL REFERENCES services(id),
  lang TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (service_id, lang)
);

-- Emails a customer can write back to: the salon's own address, shown in every email and their Reply-To
-- unless mail_reply_to names another one. At most one row; none means no address.
CREATE TABLE salon_contact (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  email TEXT NOT NULL DEFAULT ''
);

-- The animal list in its shown order from one index, and the unpaid invoices kept apart.
-- Each animal carries its owner's name ("last first") and archive instant, kept by the triggers below whoever
-- writes: the animal list (name, then owner) and its count read animals_in_list_order alone, at any depth,
-- without joining or sorting customers. (An owner that is not there, in a damaged file, leaves the name empty.)
CREATE INDEX animals_in_list_order ON animals(name COLLATE NOCASE, owner_sort_name COLLATE NOCASE, id)
WHERE archived_at IS NULL AND owner_archived_at IS NULL;
CREATE TRIGGER animals_owner_insert AFTER INSERT ON animals
BEGIN
  UPDATE animals SET owner_sort_name = coalesce((SELECT c.last_name || ' ' || c.first_name FROM customers c WHERE c.id = NEW.customer_id), ''),
    owner_archived_at = (SELECT c.archived_at FROM customers c WHERE c.id = NEW.customer_id) WHERE id = NEW.id;
END;
CREATE TRIGGER animals_owner_change AFTER UPDATE OF customer_id ON animals
BEGIN
  UPDATE animals SET owner_sort_name = coalesce((SELECT c.last_name || ' ' || c.first_name FROM customers c WHERE c.id = NEW.customer_id), ''),
    owner_archived_at = (SELECT c.archived_at FROM customers c WHERE c.id = NEW.customer_id) WHERE id = NEW.id;
END;
CREATE TRIGGER customers_to_animals AFTER UPDATE OF first_name, last_name, archived_at ON customers
BEGIN
  UPDATE animals SET owner_sort_name = NEW.last_name || ' ' || NEW.first_name, owner_archived_at = NEW.archived_at WHERE customer_id = NEW.id;
END;

-- The issued invoices (not credit notes) with something still due (the display status "unpaid") and what is due:
-- the dashboard's unpaid total and the unpaid filter read these few rows instead of the sums of every invoice. The
-- triggers put an invoice in or out whenever what is due on it may change: when it is issued, when a credit note
-- for it is issued, when a payment is recorded, corrected or removed.
CREATE TABLE unpaid_invoices (
  invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id),
  issued_at INTEGER NOT NULL,
  due_minor INTEGER NOT NULL CHECK (due_minor > 0)
);
CREATE INDEX unpaid_invoices_by_issue ON unpaid_invoices(issued_at, invoice_id);
-- What is still due on each issued invoice that is not a credit note (as domain::settle_total computes it, before
-- the floor at zero).
CREATE VIEW invoice_dues AS
SELECT i.id AS invoice_id, i.issued_at, i.total_minor - i.deposit_minor
  - (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id)
  + (SELECT coalesce(sum(n.total_minor), 0) FROM invoices n WHERE n.credit_note_for = i.id AND n.status = 'issued') AS due_minor
FROM invoices i WHERE i.status = 'issued' AND i.credit_note_for IS NULL;
CREATE TRIGGER unpaid_on_invoice_insert AFTER INSERT ON invoices WHEN NEW.status = 'issued'
BEGIN
  DELETE FROM unpaid_invoices WHERE invoice_id IN (NEW.id, NEW.credit_note_for);
  INSERT INTO unpaid_invoices (invoice_id, issued_at, due_minor)
  SELECT invoice_id, issued_at, due_minor FROM invoice_dues WHERE invoice_id IN (NEW.id, NEW.credit_note_for) AND due_minor > 0;
END;
CREATE TRIGGER unpaid_on_invoice_issue AFTER UPDATE OF status ON invoices WHEN NEW.status = 'issued'
BEGIN
  DELETE FROM unpaid_invoices WHERE invoice_id IN (NEW.id, NEW.credit_note_for);
  INSERT INTO unpaid_invoices (invoice_id, issued_at, due_minor)
  SELECT invoice_id, issued_at, due_minor FROM invoice_dues WHERE invoice_id IN (NEW.id, NEW.credit_note_for) AND due_minor > 0;
END;
CREATE TRIGGER unpaid_on_payment_insert AFTER INSERT ON payments
BEGIN
  DELETE FROM unpaid_invoices WHERE invoice_id = NEW.invoice_id;
  INSERT INTO unpaid_invoices (invoice_id, issued_at, due_minor) SELECT invoice_id, issued_at, due_minor FROM invoice_dues WHERE invoice_id = NEW.invoice_id AND due_minor > 0;
END;
CREATE TRIGGER unpaid_on_payment_update AFTER UPDATE OF invoice_id, amount_minor ON payments
BEGIN
  DELETE FROM unpaid_invoices WHERE invoice_id IN (OLD.invoice_id, NEW.invoice_id);
  INSERT INTO unpaid_invoices (invoice_id, issued_at, due_minor)
  SELECT invoice_id, issued_at, due_minor FROM invoice_dues WHERE invoice_id IN (OLD.invoice_id, NEW.invoice_id) AND due_minor > 0;
END;
CREATE TRIGGER unpaid_on_payment_delete AFTER DELETE ON payments
BEGIN
  DELETE FROM unpaid_invoices WHERE invoice_id = OLD.invoice_id;
  INSERT INTO unpaid_invoices (invoice_id, issued_at, due_minor) SELECT invoice_id, issued_at, due_minor FROM invoice_dues WHERE invoice_id = OLD.invoice_id AND due_minor > 0;
END;

-- Kept list totals and one customer's history in the order shown.
-- How many rows each long list has in all, kept by the triggers below whoever writes, so that a list page or the
-- dashboard reads its "N in all" here instead of counting tens of thousands of index entries at every view:
--   customers         every customer, archived or not;
--   active_customers  the customers not archived;
--   listed_animals    the animals the animal list shows: not archived, of an owner who is not archived;
--   unpaid_invoices   the rows of unpaid_invoices (the invoices with something due), and unpaid_due_minor what is
--                     due on them in all, for the dashboard.
-- Each trigger adds what the changed row brings to a list and takes away what it brought before, so the totals stay
-- exact through any mix of inserts, deletes, archiving, restoring and changes of owner.
CREATE TABLE list_counts (
  list TEXT PRIMARY KEY,
  total INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO list_counts (list, total) VALUES
  ('customers', (SELECT count(*) FROM customers)),
  ('active_customers', (SELECT count(*) FROM customers WHERE archived_at IS NULL)),
  ('listed_animals', (SELECT count(*) FROM animals WHERE archived_at IS NULL AND owner_archived_at IS NULL)),
  ('unpaid_invoices', (SELECT count(*) FROM unpaid_invoices)),
  ('unpaid_due_minor', (SELECT coalesce(sum(due_minor), 0) FROM unpaid_invoices));
CREATE TRIGGER list_counts_customer_insert AFTER INSERT ON customers
BEGIN
  UPDATE list_counts SET total = total + 1 WHERE list = 'customers';
  UPDATE list_counts SET total = total + (NEW.archived_at IS NULL) WHERE list = 'active_customers';
END;
CREATE TRIGGER list_counts_customer_delete AFTER DELETE ON customers
BEGIN
  UPDATE list_counts SET total = total - 1 WHERE list = 'customers';
  UPDATE list_counts SET total = total - (OLD.archived_at IS NULL) WHERE list = 'active_customers';
END;
CREATE TRIGGER list_counts_customer_archive AFTER UPDATE OF archived_at ON customers
BEGIN
  UPDATE list_counts SET total = total + (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL) WHERE list = 'active_customers';
END;
-- An animal's owner_archived_at is set by animals_owner_insert and customers_to_animals after the row is written:
-- those updates come through list_counts_animal_change.
CREATE TRIGGER list_counts_animal_insert AFTER INSERT ON animals
BEGIN
  UPDATE list_counts SET total = total + (NEW.archived_at IS NULL AND NEW.owner_archived_at IS NULL) WHERE list = 'listed_animals';
END;
CREATE TRIGGER list_counts_animal_delete AFTER DELETE ON animals
BEGIN
  UPDATE list_counts SET total = total - (OLD.archived_at IS NULL AND OLD.owner_archived_at IS NULL) WHERE list = 'listed_animals';
END;
CREATE TRIGGER list_counts_animal_change AFTER UPDATE OF archived_at, owner_archived_at ON animals
BEGIN
  UPDATE list_counts SET total = total + (NEW.archived_at IS NULL AND NEW.owner_archived_at IS NULL)
    - (OLD.archived_at IS NULL AND OLD.owner_archived_at IS NULL) WHERE list = 'listed_animals';
END;
CREATE TRIGGER list_counts_unpaid_insert AFTER INSERT ON unpaid_invoices
BEGIN
  UPDATE list_counts SET total = total + 1 WHERE list = 'unpaid_invoices';
  UPDATE list_counts SET total = total + NEW.due_minor WHERE list = 'unpaid_due_minor';
END;
CREATE TRIGGER list_counts_unpaid_delete AFTER DELETE ON unpaid_invoices
BEGIN
  UPDATE list_counts SET total = total - 1 WHERE list = 'unpaid_invoices';
  UPDATE list_counts SET total = total - OLD.due_minor WHERE list = 'unpaid_due_minor';
END;
CREATE TRIGGER list_counts_unpaid_change AFTER UPDATE OF due_minor ON unpaid_invoices
BEGIN
  UPDATE list_counts SET total = total + NEW.due_minor - OLD.due_minor WHERE list = 'unpaid_due_minor';
END;

-- A customer's invoices newest first (issue date, or creation date for a draft), as the customer page and the
-- portal show them: the newest page is read from the index and the walk stops there, instead of sorting every
-- invoice of a five-year customer.
CREATE INDEX invoices_by_customer_date ON invoices(customer_id, coalesce(issued_at, created_at));
-- The customer list with the archived customers too, in the order shown (customers_by_sort_name serves it without
-- them), so that its pages are read from an index instead of sorting every customer.
CREATE INDEX customers_in_name_order ON customers(last_name COLLATE NOCASE, first_name COLLATE NOCASE);
-- A customer's upcoming appointments (scheduled, not yet over) without walking their five years of past ones. In the
-- order shown, so that the planner takes it over appointments_by_customer even before it has statistics for it
-- (a five-year salon upgraded to this version has statistics for the older index only). The status is a column
-- too, constant as it is: over (customer_id, starts_at) alone SQLite 3.40 sorts the rows it reads again; with it
-- they come in start order from the index.
CREATE INDEX appointments_scheduled_by_customer ON appointments(customer_id, status, starts_at) WHERE status = 'scheduled';

-- The change requests of one appointment, for the portal's upcoming appointments (and the foreign key's check
-- when an appointment is deleted).
CREATE INDEX change_requests_by_appointment ON change_requests(appointment_id);

-- What one customer owes, read from their unpaid invoices alone: the customer of each row of unpaid_invoices, kept
-- by triggers as rows come and go, so that a customer's amount due (the portal's account page) sums their few
-- unpaid invoices instead of walking every invoice they ever had.
CREATE TABLE unpaid_invoice_customers (
  invoice_id INTEGER PRIMARY KEY REFERENCES unpaid_invoices(invoice_id),
  customer_id INTEGER NOT NULL
);
CREATE INDEX unpaid_invoice_customers_by_customer ON unpaid_invoice_customers(customer_id);
CREATE TRIGGER unpaid_invoice_customers_insert AFTER INSERT ON unpaid_invoices
BEGIN
  INSERT INTO unpaid_invoice_customers (invoice_id, customer_id) SELECT id, customer_id FROM invoices WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER unpaid_invoice_customers_delete AFTER DELETE ON unpaid_invoices
BEGIN
  DELETE FROM unpaid_invoice_customers WHERE invoice_id = OLD.invoice_id;
END;
-- Nothing moves an invoice to another customer today; should anything, its unpaid row follows.
CREATE TRIGGER unpaid_invoice_customers_owner_change AFTER UPDATE OF customer_id ON invoices
BEGIN
  UPDATE unpaid_invoice_customers SET customer_id = NEW.customer_id WHERE invoice_id = NEW.id;
END;
