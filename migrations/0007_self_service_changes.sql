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
