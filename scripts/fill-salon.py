#!/usr/bin/env python3
"""Grows a demo salon's file to years of work for memory and export measurements: customers, animals,
completed appointments, issued invoices with their lines and payments, written straight into the SQLite file
(the server must not be running). Deterministic for a given --customers. Text includes commas, quotes,
accents and a formula-like note, so the CSV writer's quoting and escaping are exercised at size.

Usage: scripts/fill-salon.py DATA_DIR/salons/demo.db [--customers 20000]
"""
import argparse
import random
import sqlite3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("--customers", type=int, default=20000)
    a = p.parse_args()
    rnd = random.Random(13)
    db = sqlite3.connect(a.db, isolation_level=None)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("BEGIN IMMEDIATE")
    currency = db.execute("SELECT currency FROM salon").fetchone()[0]
    species = [r[0] for r in db.execute("SELECT id FROM species")]
    breeds = {s: [r[0] for r in db.execute("SELECT id FROM breeds WHERE species_id = ?", (s,))] for s in species}
    services = [r[0] for r in db.execute("SELECT id FROM services")]
    staff = [r[0] for r in db.execute("SELECT id FROM users WHERE role <> 'customer'")]
    first = ["Alice", "Zoé", "Marc", "Léa", "Tom", "Chloé", "Hugo", "Inès", "Jules", "Emma"]
    last = ["Martin", "Durand", "Dupont, fils", "O'Brien", "Müller", "Lefèvre", "Nguyen", "Smith \"Jr\"", "García", "Rossi"]
    notes = ["", "", "Prefers mornings", "=1+1 typed by a customer", "Allergic to lavender; use plain shampoo",
             "Line one\nline two"]
    base = 1600000000
    next_invoice = 1
    for c in range(a.customers):
        created = base + c * 3000
        cur = db.execute(
            "INSERT INTO customers(first_name, last_name, email, phone, address, locale, notes, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (rnd.choice(first), rnd.choice(last), "fill%d@example.test" % c, "+33 6 %08d" % rnd.randrange(10**8),
             "%d rue des Lilas, 750%02d Paris" % (rnd.randrange(1, 200), rnd.randrange(1, 21)), rnd.choice(["en", "fr"]),
             rnd.choice(notes), created))
        customer = cur.lastrowid
        for n in range(rnd.choice([1, 1, 2])):
            s = rnd.choice(species)
            cur = db.execute(
                "INSERT INTO animals(customer_id, name, species_id, breed_id, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (customer, rnd.choice(["Buddy", "Luna", "Rex", "Mimi", "Filou", "Néko"]), s,
                 rnd.choice(breeds[s]) if breeds[s] else None, rnd.choice(notes), created))
            animal = cur.lastrowid
            for v in range(5):
                start = created + (v + 1) * 86400 * 30 + rnd.randrange(0, 3600)
                cur = db.execute(
                    "INSERT INTO appointments(customer_id, animal_id, service_id, staff_user_id, starts_at, ends_at, status, "
                    "comments, internal_notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?)",
                    (customer, animal, rnd.choice(services), rnd.choice(staff), start, start + 3600, rnd.choice(notes),
                     rnd.choice(notes), start - 86400, start))
                appointment = cur.lastrowid
                if v % 2:
                    continue
                cur = db.execute(
                    "INSERT INTO invoices(customer_id, appointment_id, status, currency, created_at) VALUES (?, ?, 'draft', ?, ?)",
                    (customer, appointment, currency, start))
                invoice = cur.lastrowid
                price = rnd.choice([3500, 4550, 6000, 8040])
                db.execute("INSERT INTO invoice_lines(invoice_id, position, description, quantity, unit_price_minor, tax_rate_bp) "
                           "VALUES (?, 1, ?, 1, ?, 2000)", (invoice, "Bath & brush, \"deluxe\"", price))
                db.execute("UPDATE invoices SET status = 'issued', number = ?, issued_at = ? WHERE id = ?",
                           ("FILL-%06d" % next_invoice, start + 3600, invoice))
                next_invoice += 1
                db.execute("INSERT INTO payments(invoice_id, amount_minor, method, paid_at) VALUES (?, ?, 'card', ?)",
                           (invoice, price * 12 // 10, start + 3600))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


if __name__ == "__main__":
    main()
