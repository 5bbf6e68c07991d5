-- The booking engine: opening hours, closures, team availability, the booking policy, services of requests.

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
