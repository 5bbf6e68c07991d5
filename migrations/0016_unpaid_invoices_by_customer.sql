-- salonbox salon database: what one customer owes, read from their unpaid invoices alone.

-- The customer of each row of unpaid_invoices, kept by triggers as rows come and go, so that a customer's amount
-- due (the portal's account page) sums their few unpaid invoices instead of walking every invoice they ever had.
CREATE TABLE unpaid_invoice_customers (
  invoice_id INTEGER PRIMARY KEY REFERENCES unpaid_invoices(invoice_id),
  customer_id INTEGER NOT NULL
);
CREATE INDEX unpaid_invoice_customers_by_customer ON unpaid_invoice_customers(customer_id);
INSERT INTO unpaid_invoice_customers (invoice_id, customer_id)
SELECT u.invoice_id, i.customer_id FROM unpaid_invoices u JOIN invoices i ON i.id = u.invoice_id;
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
