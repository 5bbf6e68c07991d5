-- salonbox salon database: the change requests of one appointment found without reading the salon's every one,
-- and a customer's scheduled appointments read in start order.

-- The portal shows, on each of a customer's upcoming appointments, its pending change request or the last
-- decision on it: found from the appointment (and the foreign key's check when an appointment is deleted).
CREATE INDEX change_requests_by_appointment ON change_requests(appointment_id);
-- The status is a column too, constant as it is: over (customer_id, starts_at) alone SQLite 3.40 sorts the rows
-- it reads again; with it they come in start order from the index.
DROP INDEX appointments_scheduled_by_customer;
CREATE INDEX appointments_scheduled_by_customer ON appointments(customer_id, status, starts_at) WHERE status = 'scheduled';
