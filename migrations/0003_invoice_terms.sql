-- salonbox salon database: payment terms printed on invoices ("due in N days" from the issue date).

CREATE TABLE invoice_terms (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  due_days INTEGER NOT NULL DEFAULT 14 CHECK (due_days BETWEEN 0 AND 365)
);
