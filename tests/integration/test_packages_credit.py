"""Packages and account credit: package types, selling one at the desk onto a draft invoice, sessions used when
an appointment is completed (never twice), credit recorded by managers and spent on an invoice in the same
write as the payment, the customer's own packages and credit in the portal, and the export."""
import csv
import io
import re
import time
import unittest
import zipfile
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from harness import Browser, SalonTestCase, page_text

PARIS = ZoneInfo("Europe/Paris")
ADMIN = "/s/demo/admin"


class PackagesTestCase(SalonTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        failures = [line for line in cls.server_log.splitlines() if re.search(r" 5\d\d \d+ [\d.]+ms$|^error |Sanitizer", line)]
        assert not failures, failures

    # --- sessions ---
    def admin(self, email="manager@demo.test"):
        b = Browser(self.server)
        r = b.admin_sign_in(email)
        self.assertEqual(r.status, 303, page_text(r))
        b.token = b.csrf_token(ADMIN)
        return b

    def portal(self, email, accept_language="en"):
        b = self.browser(accept_language)
        r = b.submit("/s/demo/login", {"email": email, "password": "correct horse battery"})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def post(self, b, path, **fields):
        return b.post(path, dict(fields, csrf_token=b.token))

    # --- records ---
    def customer(self, email):
        return self.one("SELECT id FROM customers WHERE email = ?", email)

    def balance(self, email):
        return self.one("SELECT coalesce(sum(amount_minor), 0) FROM credit_entries WHERE customer_id = ?", self.customer(email))

    def bath(self):
        return self.one("SELECT id FROM services WHERE name = 'Bath & brush'")

    def alice_sale(self):
        return self.one("SELECT id FROM package_sales WHERE customer_id = ?", self.customer("alice@demo.test"))

    def used(self, sale_id):
        return self.one("SELECT count(*) FROM package_redemptions WHERE package_sale_id = ?", sale_id)

    def scheduled_bath(self, animal, days_ago):
        """A scheduled bath of `animal` (an Alice's animal) `days_ago` days ago at 09:00 Paris, with Chloé: its id."""
        start = datetime.combine(date.today() - timedelta(days=days_ago), datetime.min.time(), PARIS).replace(hour=9)
        ts = int(start.timestamp())
        animal_id = self.one("SELECT id FROM animals WHERE name = ?", animal)
        db = self.db()
        try:
            cur = db.execute("INSERT INTO appointments (customer_id, animal_id, service_id, staff_user_id, starts_at, ends_at, created_at, updated_at) "
                             "SELECT customer_id, id, ?, (SELECT id FROM users WHERE email = 'groomer@demo.test'), ?, ?, ?, ? FROM animals WHERE id = ?",
                             (self.bath(), ts, ts + 3600, ts, ts, animal_id))
            db.commit()
            return cur.lastrowid
        finally:
            db.close()



class WhatTheDemoShows(PackagesTestCase):
    """Read-only: what the demo's package and credit look like to Alice, Bob, the team and the export."""

    def test_alice_sees_her_package_and_credit_and_bob_sees_none(self):
        alice = self.portal("alice@demo.test")
        text = page_text(alice.get("/s/demo/account/packages"))
        self.assertIn("5 × Bath & brush", text)
        self.assertIn("3 of 5 sessions left", text)
        expiry = date.fromisoformat(self.one("SELECT expires_on FROM package_sales WHERE id = ?", self.alice_sale()))
        self.assertTrue(date.today() + timedelta(days=150) < expiry < date.today() + timedelta(days=200), expiry)
        self.assertIn("valid until %d %s %d" % (expiry.day, expiry.strftime("%B"), expiry.year), text)
        last_bath = self.one("SELECT starts_at FROM appointments a JOIN animals an ON an.id = a.animal_id "
                             "WHERE an.name = 'Luna' AND a.status = 'completed'")
        when = datetime.fromtimestamp(last_bath, PARIS)
        self.assertIn("Last session: %d %s %d, Luna" % (when.day, when.strftime("%B"), when.year), text)
        self.assertIn("Balance: €20.00", text)
        self.assertIn("Gift credit", text)

        overview = page_text(alice.get("/s/demo/account"))
        self.assertIn("Balance: €20.00", overview)
        self.assertIn("My packages 5 × Bath & brush : 3 of 5 sessions left", overview)
        self.assertIn("Amount to pay: €62.40.", overview)

        bob = self.portal("bob@demo.test")
        for path in ("/s/demo/account", "/s/demo/account/packages"):
            r = bob.get(path)
            self.assertEqual(r.status, 200)
            self.assertNotIn("Bath & brush", page_text(r))
            self.assertNotIn("Loyalty gift", page_text(r))
        self.assertIn("Solde : 0,00 €", page_text(bob.get("/s/demo/account/packages")))  # Bob reads French
        self.assertIn("Vous n'avez aucun forfait actif.", page_text(bob.get("/s/demo/account")))

    def test_french_customer_reads_packages_in_french(self):
        bob = self.portal("bob@demo.test", "fr")
        text = page_text(bob.get("/s/demo/account/packages"))
        self.assertIn("Mes forfaits et mon avoir", text)
        self.assertIn("Vous n'avez aucun forfait actif.", text)

    def test_managers_see_credit_and_packages_on_the_customer_page_and_groomers_only_packages(self):
        page = page_text(self.admin().get("%s/customers/%d" % (ADMIN, self.customer("alice@demo.test"))))
        self.assertIn("Balance: €20.00", page)
        self.assertIn("Gift credit", page)
        self.assertIn("Loyalty gift", page)
        self.assertIn("5 × Bath & brush Active 3 of 5 sessions left", page)
        # Groomers see no money: no balance, no credit history, no invoice totals; the sessions left are theirs to use.
        groomer = self.admin("groomer@demo.test")
        r = groomer.get("%s/customers/%d" % (ADMIN, self.customer("alice@demo.test")))
        text = page_text(r)
        self.assertIn("5 × Bath & brush", text)
        self.assertIn("3 séances restantes sur 5", text)  # Chloé reads French
        self.assertNotIn("Solde", text)
        self.assertNotIn("€", text)
        self.assertNotIn('/credit"', r.text)  # no form for staff members



    # --- export ---
    def test_the_export_holds_packages_and_the_credit_ledger(self):
        b = self.admin()
        r = b.submit(ADMIN + "/export", {}, action=ADMIN + "/export/download")
        self.assertEqual(r.status, 200)
        archive = zipfile.ZipFile(io.BytesIO(r.body))

        def rows(name):
            return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8")[1:])))

        alice = str(self.customer("alice@demo.test"))
        types = rows("package_types.csv")
        self.assertIn(("5 × Bath & brush", "5", "150.00", "Bath & brush"), [(t["name"], t["sessions"], t["price"], t["services"]) for t in types])
        sales = [s for s in rows("package_sales.csv") if s["customer_id"] == alice]
        self.assertEqual([(s["name"], s["sessions"]) for s in sales], [("5 × Bath & brush", "5")])
        redemptions = [x for x in rows("package_redemptions.csv") if x["package_sale_id"] == sales[0]["id"]]
        self.assertEqual(len(redemptions), 2)
        ledger = [(e["customer_id"], e["amount"], e["kind"], e["note"]) for e in rows("credit_ledger.csv")]
        self.assertIn((alice, "20.00", "gift", "Loyalty gift"), ledger)
        self.assertNotIn(str(self.customer("bob@demo.test")), [e[0] for e in ledger if e[3] == "Loyalty gift"])


class ChangesAtTheDesk(PackagesTestCase):
    """Credit recorded and spent, packages defined, sold and used: each test starts from what the earlier left."""

    def test_managers_record_prepayments_and_gifts(self):
        manager = self.admin()
        bob = self.customer("bob@demo.test")
        r = self.post(manager, "%s/customers/%d/credit" % (ADMIN, bob), kind="prepayment", amount="15,50", note="Paid ahead")
        self.assertEqual(r.status, 303)
        self.assertEqual(self.balance("bob@demo.test"), 1550)
        self.assertEqual(self.query("SELECT kind, note FROM credit_entries WHERE customer_id = ?", bob), [("prepayment", "Paid ahead")])
        self.assertIn("Balance: €15.50", page_text(manager.get(r.header("Location").split("#")[0])))

        for fields, message in (({"kind": "gift", "amount": "0"}, "Enter an amount above zero"),
                                ({"kind": "gift", "amount": "-5"}, "Enter an amount above zero"),
                                ({"kind": "refund", "amount": "5"}, "Choose prepayment or gift credit."),
                                ({"kind": "gift", "amount": "5", "note": "a\nb"}, "Use at most 200 characters")):
            r = self.post(manager, "%s/customers/%d/credit" % (ADMIN, bob), **fields)
            self.assertEqual(r.status, 422, fields)
            self.assertIn(message, page_text(r))
        self.assertEqual(self.balance("bob@demo.test"), 1550)

        groomer = self.admin("groomer@demo.test")
        self.assertEqual(self.post(groomer, "%s/customers/%d/credit" % (ADMIN, bob), kind="gift", amount="5").status, 403)
        self.assertEqual(self.post(manager, "%s/customers/999999/credit" % ADMIN, kind="gift", amount="5").status, 404)
        self.assertEqual(self.balance("bob@demo.test"), 1550)

    def test_an_invoice_is_paid_from_account_credit_within_the_balance(self):
        manager = self.admin()
        alice = self.customer("alice@demo.test")
        invoice = self.one("SELECT i.id FROM invoices i WHERE customer_id = ? AND status = 'issued' AND NOT EXISTS "
                           "(SELECT 1 FROM payments p WHERE p.invoice_id = i.id)", alice)
        page = page_text(manager.get("%s/invoices/%d" % (ADMIN, invoice)))
        self.assertIn("Account credit available: €20.00.", page)
        before = self.query("SELECT count(*) FROM payments")
        r = self.post(manager, "%s/invoices/%d/payments" % (ADMIN, invoice), amount="62.40", method="credit")
        self.assertEqual(r.status, 422)
        self.assertIn("The customer's account credit does not cover this amount", page_text(r))
        self.assertEqual(self.query("SELECT count(*) FROM payments"), before)
        self.assertEqual(self.balance("alice@demo.test"), 2000)

        r = self.post(manager, "%s/invoices/%d/payments" % (ADMIN, invoice), amount="20", method="credit")
        self.assertEqual(r.status, 303)
        payment = self.one("SELECT id FROM payments WHERE invoice_id = ? AND method = 'credit' AND amount_minor = 2000", invoice)
        self.assertEqual(self.query("SELECT amount_minor, kind, invoice_id, payment_id FROM credit_entries WHERE amount_minor < 0"),
                         [(-2000, "invoice_payment", invoice, payment)])
        self.assertEqual(self.balance("alice@demo.test"), 0)
        self.assertIn("Account credit", page_text(manager.get("%s/invoices/%d" % (ADMIN, invoice))))
        self.assertEqual(self.post(manager, "%s/invoices/%d/payments" % (ADMIN, invoice), amount="1", method="credit").status, 422)
        # The portal shows the movement and what is still due.
        text = page_text(self.portal("alice@demo.test").get("/s/demo/account"))
        self.assertIn("Used on an invoice −€20.00", text.replace("-€", "−€"))
        self.assertIn("Amount to pay: €42.40.", text)

    # --- package types and sales ---
    def test_package_types_are_created_checked_sold_and_archived(self):
        manager = self.admin()
        r = self.post(manager, ADMIN + "/packages/new", name="10 × Nail trim", sessions="0", price="100", tax_rate="20",
                      validity_days="90", service_id=str(self.bath()))
        self.assertEqual(r.status, 422)
        self.assertIn("Enter a whole number of sessions from 1 to 100.", page_text(r))
        r = self.post(manager, ADMIN + "/packages/new", name="10 × Nail trim", sessions="10", price="100", tax_rate="20", validity_days="90")
        self.assertEqual(r.status, 422)
        self.assertIn("Choose at least one service.", page_text(r))
        nails = self.one("SELECT id FROM services WHERE name = 'Nail trim'")
        r = self.post(manager, ADMIN + "/packages/new", name="10 × Nail trim", sessions="10", price="100", tax_rate="20",
                      validity_days="90", service_id=str(nails))
        self.assertEqual(r.status, 303)
        type_id = self.one("SELECT id FROM package_types WHERE name = '10 × Nail trim'")
        self.assertEqual(self.query("SELECT service_id FROM package_type_services WHERE package_type_id = ?", type_id), [(nails,)])
        self.assertIn("10 × Nail trim Nail trim 10 €100.00 90 days", page_text(manager.get(ADMIN + "/packages")))

        # Bob has no draft: the sale makes one, with the package as its line; its expiry is 90 days after today in Paris.
        bob = self.customer("bob@demo.test")
        drafts = self.query("SELECT id FROM invoices WHERE customer_id = ? AND status = 'draft'", bob)
        self.assertEqual(drafts, [])
        r = self.post(manager, "%s/customers/%d/packages" % (ADMIN, bob), package_id=str(type_id))
        self.assertEqual(r.status, 303)
        sale = self.query("SELECT name, sessions, price_minor, expires_on, invoice_id FROM package_sales WHERE customer_id = ?", bob)[0]
        today = datetime.now(PARIS).date()
        self.assertEqual(sale[:4], ("10 × Nail trim", 10, 10000, (today + timedelta(days=90)).isoformat()))
        self.assertEqual(self.query("SELECT status FROM invoices WHERE id = ?", sale[4]), [("draft",)])
        self.assertEqual(self.query("SELECT description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines WHERE invoice_id = ?", sale[4]),
                         [("10 × Nail trim", 1, 10000, 2000)])
        # Alice has a draft: the sale goes onto it.
        alice = self.customer("alice@demo.test")
        alice_draft = self.one("SELECT id FROM invoices WHERE customer_id = ? AND status = 'draft'", alice)
        self.assertEqual(self.post(manager, "%s/customers/%d/packages" % (ADMIN, alice), package_id=str(type_id)).status, 303)
        self.assertEqual(self.one("SELECT invoice_id FROM package_sales WHERE customer_id = ? AND package_type_id = ?", alice, type_id), alice_draft)

        groomer = self.admin("groomer@demo.test")
        self.assertEqual(self.post(groomer, "%s/customers/%d/packages" % (ADMIN, bob), package_id=str(type_id)).status, 403)
        self.assertEqual(self.post(manager, "%s/customers/999999/packages" % ADMIN, package_id=str(type_id)).status, 404)

        # Archived: no longer offered or sold; the packages already sold stay.
        self.assertEqual(self.post(manager, "%s/packages/%d/archive" % (ADMIN, type_id)).status, 303)
        r = self.post(manager, "%s/customers/%d/packages" % (ADMIN, bob), package_id=str(type_id))
        self.assertEqual(r.status, 422)
        self.assertIn("Choose a package that is on sale.", page_text(r))
        self.assertNotIn('value="%d"' % type_id, manager.get("%s/customers/%d" % (ADMIN, bob)).text.split('id="package_id"')[-1].split("</select>")[0])
        self.assertEqual(self.one("SELECT count(*) FROM package_sales WHERE package_type_id = ?", type_id), 2)

    # --- redemption ---
    def test_completing_an_appointment_uses_one_session_once(self):
        manager = self.admin()
        sale = self.alice_sale()
        self.assertEqual(self.used(sale), 2)
        appointment = self.scheduled_bath("Buddy", 1)
        form = manager.get("%s/appointments/%d/edit" % (ADMIN, appointment))
        self.assertIn("5 × Bath & brush – 3 left, valid until", page_text(form))
        r = self.post(manager, "%s/appointments/%d/complete" % (ADMIN, appointment))
        self.assertEqual(r.status, 303)
        self.assertEqual(self.used(sale), 3)
        self.assertEqual(self.query("SELECT appointment_id, animal_id FROM package_redemptions WHERE appointment_id = ?", appointment),
                         [(appointment, self.one("SELECT id FROM animals WHERE name = 'Buddy'"))])
        # Completing again is refused and takes nothing.
        self.assertEqual(self.post(manager, "%s/appointments/%d/complete" % (ADMIN, appointment)).status, 409)
        self.assertEqual(self.used(sale), 3)

        # Staff may choose no package.
        other = self.scheduled_bath("Luna", 2)
        self.assertEqual(self.post(manager, "%s/appointments/%d/complete" % (ADMIN, other), package_sale_id="none").status, 303)
        self.assertEqual(self.used(sale), 3)
        # A package that cannot pay (another customer's, or unknown) is refused and the appointment stays scheduled.
        third = self.scheduled_bath("Luna", 3)
        r = self.post(manager, "%s/appointments/%d/complete" % (ADMIN, third), package_sale_id="999999")
        self.assertEqual(r.status, 409)
        self.assertEqual(self.one("SELECT status FROM appointments WHERE id = ?", third), "scheduled")
        self.assertEqual(self.used(sale), 3)

        # The portal shows the new last session.
        self.assertIn("2 of 5 sessions left", page_text(self.portal("alice@demo.test").get("/s/demo/account/packages")))


class CreditFromInvoices(PackagesTestCase):
    """Money handed over beyond what an invoice asks, and what a credit note gives back, kept as account credit
    in the same write as the payment or the issue. Each test makes its own invoices."""

    def issued_invoice(self, b, email, price):
        """A new issued invoice for `email` with one line at `price` (0 % tax): its path."""
        r = self.post(b, ADMIN + "/invoices/new", customer_id=str(self.customer(email)))
        self.assertEqual(r.status, 303, page_text(r))
        url = r.header("Location").split("?")[0]
        self.assertEqual(self.post(b, url + "/lines", description="Full groom", quantity="1", unit_price=price, tax_rate="0").status, 303)
        self.assertEqual(self.post(b, url + "/issue", confirm="1").status, 303)
        return url

    def credit_note_of(self, b, url):
        r = self.post(b, url + "/credit-note")
        self.assertEqual(r.status, 303, page_text(r))
        return r.header("Location").split("?")[0]

    def ledger(self, email):
        return self.query("SELECT amount_minor, kind, invoice_id, payment_id FROM credit_entries WHERE customer_id = ? "
                          "AND kind IN ('overpayment', 'credit_note') ORDER BY id", self.customer(email))

    def export_ledger(self, b):
        r = b.submit(ADMIN + "/export", {}, action=ADMIN + "/export/download")
        self.assertEqual(r.status, 200)
        text = zipfile.ZipFile(io.BytesIO(r.body)).read("credit_ledger.csv").decode("utf-8")[1:]
        return [(e["customer_id"], e["amount"], e["kind"], e["invoice_id"]) for e in csv.DictReader(io.StringIO(text))]

    def test_an_overpayment_is_refused_unless_staff_keep_the_excess_as_credit(self):
        manager = self.admin()
        url = self.issued_invoice(manager, "carol@demo.test", "50")
        invoice = int(url.rsplit("/", 1)[1])
        before = self.balance("carol@demo.test")
        form = manager.get(url).text
        self.assertIn('name="keep_excess" type="checkbox" value="1" aria-describedby', form)  # offered, not ticked

        r = self.post(manager, url + "/payments", amount="65", method="cash")
        self.assertEqual(r.status, 422)
        self.assertIn("This is more than what is due. To keep the difference as the customer's account credit, tick "
                      "“Keep the excess as account credit”.", page_text(r))
        r = self.post(manager, url + "/payments", amount="65", method="credit", keep_excess="1")
        self.assertEqual(r.status, 422)
        self.assertIn("Account credit pays at most what is due.", page_text(r))
        self.assertIn('name="keep_excess" type="checkbox" value="1" checked', r.text)  # the form comes back as typed
        self.assertEqual(self.query("SELECT count(*) FROM payments WHERE invoice_id = ?", invoice), [(0,)])
        self.assertEqual(self.balance("carol@demo.test"), before)

        r = self.post(manager, url + "/payments", amount="65", method="cash", keep_excess="1")
        self.assertEqual(r.status, 303)
        payment = self.query("SELECT id, amount_minor, method FROM payments WHERE invoice_id = ?", invoice)
        self.assertEqual([p[1:] for p in payment], [(5000, "cash")])
        self.assertIn((1500, "overpayment", invoice, payment[0][0]), self.ledger("carol@demo.test"))
        self.assertEqual(self.balance("carol@demo.test"), before + 1500)
        page = page_text(manager.get(r.header("Location")))
        self.assertIn("Payment recorded; the excess was added to the customer's account credit.", page)
        self.assertIn("Due €0.00", page)
        number = self.one("SELECT number FROM invoices WHERE id = ?", invoice)
        page = page_text(manager.get("%s/customers/%d" % (ADMIN, self.customer("carol@demo.test"))))
        self.assertIn("Overpayment · %s +€15.00" % number, page)
        self.assertIn((str(self.customer("carol@demo.test")), "15.00", "overpayment", str(invoice)), self.export_ledger(manager))

        # The box changes nothing when the amount is within what is due, and a paid invoice takes no payment.
        url = self.issued_invoice(manager, "carol@demo.test", "30")
        self.assertEqual(self.post(manager, url + "/payments", amount="30", method="card", keep_excess="1").status, 303)
        self.assertEqual(self.balance("carol@demo.test"), before + 1500)
        self.assertEqual(self.post(manager, url + "/payments", amount="5", method="card", keep_excess="1").status, 409)
        self.assertEqual(self.balance("carol@demo.test"), before + 1500)

    def test_the_customer_sees_an_overpayment_in_the_portal(self):
        manager = self.admin()
        url = self.issued_invoice(manager, "alice@demo.test", "40")
        self.assertEqual(self.post(manager, url + "/payments", amount="42.50", method="card", keep_excess="1").status, 303)
        number = self.one("SELECT number FROM invoices WHERE id = ?", int(url.rsplit("/", 1)[1]))
        alice = self.portal("alice@demo.test")
        self.assertIn("Overpayment · %s +€2.50" % number, page_text(alice.get("/s/demo/account/packages")))
        self.assertIn("Overpayment +€2.50", page_text(alice.get("/s/demo/account")))

    def test_a_credit_note_of_a_paid_invoice_is_kept_as_credit_when_staff_choose(self):
        manager = self.admin()
        bob = self.customer("bob@demo.test")
        paid = self.one("SELECT id FROM invoices WHERE customer_id = ? AND status = 'issued' AND credit_note_for IS NULL", bob)
        received = self.one("SELECT deposit_minor + (SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE invoice_id = ?) "
                            "FROM invoices WHERE id = ?", paid, paid)
        self.assertGreater(received, 0)
        note_url = self.credit_note_of(manager, "%s/invoices/%d" % (ADMIN, paid))
        note = int(note_url.rsplit("/", 1)[1])
        page = page_text(manager.get(note_url))
        self.assertIn("Keep as account credit", page)
        self.assertIn("The customer has already paid the €%d.%02d this credit note gives back." % divmod(received, 100), page)

        r = self.post(manager, note_url + "/issue", keep_as_credit="1", confirm="1")
        self.assertEqual(r.status, 303)
        self.assertEqual(self.one("SELECT status FROM invoices WHERE id = ?", note), "issued")
        self.assertEqual(self.ledger("bob@demo.test"), [(received, "credit_note", note, None)])
        self.assertEqual(self.balance("bob@demo.test"), received)
        self.assertIn("Credit note issued; what it gives back was added to the customer's account credit.",
                      page_text(manager.get(r.header("Location"))))
        number = self.one("SELECT number FROM invoices WHERE id = ?", note)
        self.assertIn("Credit note kept as credit · %s +€%d.%02d" % ((number,) + divmod(received, 100)),
                      page_text(manager.get("%s/customers/%d" % (ADMIN, bob))))
        self.assertIn((str(bob), "%d.%02d" % divmod(received, 100), "credit_note", str(note)), self.export_ledger(manager))
        # Bob reads French; the credit is his to spend.
        text = page_text(self.portal("bob@demo.test").get("/s/demo/account/packages"))
        self.assertIn("Avoir conservé en crédit · %s +" % number, text)
        # The invoice is now fully credited: a second credit note, which could give the money back twice, is refused.
        second = self.post(manager, "%s/invoices/%d/credit-note" % (ADMIN, paid))
        self.assertEqual(second.status, 409)
        self.assertIn("This invoice is already fully credited", page_text(second))
        self.assertEqual(self.query("SELECT count(*) FROM invoices WHERE credit_note_for = ?", paid), [(1,)])

    def test_a_credit_note_keeps_only_what_was_paid_beyond_what_is_still_due(self):
        manager = self.admin()
        url = self.issued_invoice(manager, "carol@demo.test", "100")
        self.assertEqual(self.post(manager, url + "/payments", amount="80", method="card").status, 303)
        before = self.balance("carol@demo.test")
        note_url = self.credit_note_of(manager, url)
        self.assertIn("already paid the €80.00 this credit note gives back", page_text(manager.get(note_url)))
        self.assertEqual(self.post(manager, note_url + "/issue", keep_as_credit="1", confirm="1").status, 303)
        self.assertEqual(self.balance("carol@demo.test") - before, 8000)
        self.assertIn("Due €0.00", page_text(manager.get(url)))

    def test_a_credit_note_of_an_unpaid_invoice_only_lowers_what_is_due(self):
        manager = self.admin()
        url = self.issued_invoice(manager, "carol@demo.test", "25")
        before = self.balance("carol@demo.test")
        note_url = self.credit_note_of(manager, url)
        note = int(note_url.rsplit("/", 1)[1])
        self.assertNotIn("Keep as account credit", page_text(manager.get(note_url)))
        r = self.post(manager, note_url + "/issue", keep_as_credit="1", confirm="1")
        self.assertEqual(r.status, 409)
        self.assertIn("This credit note gives nothing back to keep", page_text(r))
        self.assertEqual(self.query("SELECT status, number FROM invoices WHERE id = ?", note), [("draft", None)])
        # Issued as a plain credit note, it writes no credit.
        self.assertEqual(self.post(manager, note_url + "/issue", confirm="1").status, 303)
        self.assertEqual(self.balance("carol@demo.test"), before)
        self.assertEqual(self.query("SELECT count(*) FROM credit_entries WHERE invoice_id = ?", note), [(0,)])

    def test_staff_members_cannot_record_payments_or_issue(self):
        groomer = self.admin("groomer@demo.test")
        invoice = self.one("SELECT id FROM invoices WHERE status = 'issued' AND credit_note_for IS NULL ORDER BY id LIMIT 1")
        r = self.post(groomer, "%s/invoices/%d/payments" % (ADMIN, invoice), amount="500", method="cash", keep_excess="1")
        self.assertEqual(r.status, 403)
        self.assertEqual(self.query("SELECT count(*) FROM credit_entries WHERE kind = 'overpayment' AND invoice_id = ?", invoice), [(0,)])


if __name__ == "__main__":
    unittest.main()
