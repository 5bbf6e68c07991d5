-- Every appointment has a groomer: the overlap triggers can only check an appointment that has one.

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
