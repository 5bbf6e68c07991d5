-- Packages (types, sales, redemptions) and the account credit ledger.
-- Packages and account credit: sessions of services sold in advance, and money the salon holds for a customer.
-- A package type is what the salon sells; a sale is one customer's copy of it, frozen when sold (name,
-- sessions, price, last day of use in the salon's zone); each completed appointment paid by it is one
-- redemption. An appointment uses at most one session (UNIQUE), and a sale never gives more sessions than it
-- holds (the trigger, inside the IMMEDIATE transaction that redeems).
CREATE TABLE package_types (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sessions INTEGER NOT NULL CHECK (sessions > 0),
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  tax_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp >= 0),
  validity_days INTEGER NOT NULL CHECK (validity_days > 0),
  archived_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE package_type_services (
  package_type_id INTEGER NOT NULL REFERENCES package_types(id),
  service_id INTEGER NOT NULL REFERENCES services(id),
  PRIMARY KEY (package_type_id, service_id)
) WITHOUT ROWID;
CREATE TABLE package_sales (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  package_type_id INTEGER NOT NULL REFERENCES package_types(id),
  name TEXT NOT NULL,
  sessions INTEGER NOT NULL CHECK (sessions > 0),
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  expires_on TEXT NOT NULL,
  invoice_id INTEGER REFERENCES invoices(id),
  sold_by INTEGER REFERENCES users(id),
  sold_at INTEGER NOT NULL
);
CREATE INDEX package_sales_by_customer ON package_sales(customer_id, expires_on);
-- appointment_id is empty for a session recorded by hand (a visit from before salonbox).
CREATE TABLE package_redemptions (
  id INTEGER PRIMARY KEY,
  package_sale_id INTEGER NOT NULL REFERENCES package_sales(id),
  appointment_id INTEGER UNIQUE REFERENCES appointments(id),
  animal_id INTEGER REFERENCES animals(id),
  used_at INTEGER NOT NULL,
  recorded_by INTEGER REFERENCES users(id)
);
CREATE INDEX package_redemptions_by_sale ON package_redemptions(package_sale_id, used_at);
CREATE TRIGGER package_redemptions_within_sessions BEFORE INSERT ON package_redemptions
WHEN (SELECT count(*) FROM package_redemptions WHERE package_sale_id = NEW.package_sale_id)
     >= (SELECT sessions FROM package_sales WHERE id = NEW.package_sale_id)
BEGIN
  SELECT RAISE(ABORT, 'package used up');
END;

-- The credit ledger: + money the salon holds for the customer (prepayment, gift, overpayment, credit note not
-- refunded), - credit used on an invoice or refunded. The balance is the sum; it never goes below zero, and an
-- entry is never changed or deleted (a mistake is corrected by another entry).
CREATE TABLE credit_entries (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
  kind TEXT NOT NULL CHECK (kind IN ('prepayment', 'gift', 'overpayment', 'credit_note', 'invoice_payment', 'refund')),
  note TEXT NOT NULL DEFAULT '',
  invoice_id INTEGER REFERENCES invoices(id),
  payment_id INTEGER REFERENCES payments(id),
  recorded_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX credit_entries_by_customer ON credit_entries(customer_id, created_at);
CREATE TRIGGER credit_entries_no_overdraw BEFORE INSERT ON credit_entries
WHEN NEW.amount_minor < 0
     AND (SELECT coalesce(sum(amount_minor), 0) FROM credit_entries WHERE customer_id = NEW.customer_id) + NEW.amount_minor < 0
BEGIN
  SELECT RAISE(ABORT, 'credit balance short');
END;
CREATE TRIGGER credit_entries_frozen_update BEFORE UPDATE ON credit_entries
BEGIN
  SELECT RAISE(ABORT, 'credit ledger is append-only');
END;
CREATE TRIGGER credit_entries_frozen_delete BEFORE DELETE ON credit_entries
BEGIN
  SELECT RAISE(ABORT, 'credit ledger is append-only');
END;
