-- salonbox salon database: a five-year salon stays fast. Issued invoices keep the total they were issued with,
-- the lists read pages through indexes, and customers are found by name whatever the case and accents.

-- The total of an issued invoice (lines, tax per rate, tip), written when it is issued and never changed, like
-- the rest of the invoice; NULL for a draft. Invoices issued before this column are given theirs here, computed
-- exactly as domain::compute_totals does (tax per rate on the rate's net, rounded half away from zero).
ALTER TABLE invoices ADD COLUMN total_minor INTEGER;
DROP TRIGGER invoices_issued_frozen;
UPDATE invoices SET total_minor = tip_minor + coalesce((
  SELECT sum(net + CASE WHEN net * rate >= 0 THEN (net * rate + 5000) / 10000 ELSE (net * rate - 5000) / 10000 END)
  FROM (SELECT l.tax_rate_bp AS rate, sum(l.quantity * l.unit_price_minor) AS net FROM invoice_lines l
        WHERE l.invoice_id = invoices.id GROUP BY l.tax_rate_bp)), 0)
WHERE status = 'issued';
CREATE TRIGGER invoices_issued_frozen BEFORE UPDATE ON invoices
WHEN OLD.status = 'issued'
BEGIN
  SELECT RAISE(ABORT, 'issued invoice is read-only');
END;

-- The invoice list, newest first (issue date, or creation date for a draft), for every filter; what credit
-- notes take off an invoice; the invoices made from an appointment.
CREATE INDEX invoices_by_date ON invoices(coalesce(issued_at, created_at));
CREATE INDEX invoices_by_status_date ON invoices(status, coalesce(issued_at, created_at));
CREATE INDEX invoices_by_corrected ON invoices(credit_note_for) WHERE credit_note_for IS NOT NULL;
CREATE INDEX invoices_by_appointment ON invoices(appointment_id) WHERE appointment_id IS NOT NULL;
-- The customer and animal lists in the order they are shown; their counts read these smaller indexes instead
-- of the tables. (Leading animals_by_sort_name with archived_at would tempt the planner away from
-- animals_by_customer when it counts one customer's animals.)
CREATE INDEX customers_by_sort_name ON customers(archived_at, last_name COLLATE NOCASE, first_name COLLATE NOCASE);
CREATE INDEX animals_by_sort_name ON animals(name COLLATE NOCASE, customer_id, archived_at);
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
-- The customers already there.
INSERT INTO customer_search (customer_search) VALUES ('rebuild');
INSERT INTO customer_phone_search (rowid, digits)
SELECT id, replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', ''), '+', '') FROM customers;
