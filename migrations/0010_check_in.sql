-- salonbox salon database: the front desk's check-in. When an animal arrives for a scheduled appointment, the
-- team notes it from the dashboard; one row per appointment, gone with the appointment.
CREATE TABLE appointment_check_ins (
  appointment_id INTEGER PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
  checked_in_at INTEGER NOT NULL,
  checked_in_by INTEGER REFERENCES users(id)
);
