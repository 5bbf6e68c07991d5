-- salonbox salon database: the totals of the long lists kept by triggers, and one customer's history in the order shown.

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
-- invoice of a five-year customer. It serves every lookup by customer that the index it replaces served.
DROP INDEX invoices_by_customer;
CREATE INDEX invoices_by_customer_date ON invoices(customer_id, coalesce(issued_at, created_at));
-- The customer list with the archived customers too, in the order shown (customers_by_sort_name serves it without
-- them), so that its pages are read from an index instead of sorting every customer.
CREATE INDEX customers_in_name_order ON customers(last_name COLLATE NOCASE, first_name COLLATE NOCASE);
-- A customer's upcoming appointments (scheduled, not yet over) without walking their five years of past ones. In the
-- order shown, so that the planner takes it over appointments_by_customer even before it has statistics for it
-- (a five-year salon upgraded to this version has statistics for the older index only).
CREATE INDEX appointments_scheduled_by_customer ON appointments(customer_id, starts_at) WHERE status = 'scheduled';
