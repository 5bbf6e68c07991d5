-- salonbox salon database: the animal list in its shown order from one index, and the unpaid invoices kept apart.

-- Each animal carries its owner's name ("last first") and archive instant, kept by the triggers below whoever
-- writes: the animal list (name, then owner) and its count read animals_in_list_order alone, at any depth,
-- without joining or sorting customers. (An owner that is not there, in a damaged file, leaves the name empty.)
ALTER TABLE animals ADD COLUMN owner_sort_name TEXT NOT NULL DEFAULT '';
ALTER TABLE animals ADD COLUMN owner_archived_at INTEGER;
UPDATE animals SET owner_sort_name = coalesce((SELECT c.last_name || ' ' || c.first_name FROM customers c WHERE c.id = animals.customer_id), ''),
  owner_archived_at = (SELECT c.archived_at FROM customers c WHERE c.id = animals.customer_id);
DROP INDEX animals_by_sort_name;
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
-- The invoices already there.
INSERT INTO unpaid_invoices (invoice_id, issued_at, due_minor) SELECT invoice_id, issued_at, due_minor FROM invoice_dues WHERE due_minor > 0;
