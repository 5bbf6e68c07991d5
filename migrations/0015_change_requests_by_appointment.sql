-- salonbox salon database: the change requests of one appointment found without reading the salon's every one.

-- The portal shows, on each of a customer's upcoming appointments, its pending change request or the last
-- decision on it: found from the appointment (and the foreign key's check when an appointment is deleted).
CREATE INDEX change_requests_by_appointment ON change_requests(appointment_id);
