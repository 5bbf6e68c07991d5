"""Receipts of past appointments (portal list, A4 PDF in the customer's language, the same bytes for staff, scoping
in SQL) and the marks of invoice documents: DRAFT, PAID with its payments, the due date from the payment terms."""
import re
import subprocess
import tempfile
import unittest
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from harness import SalonTestCase, page_text, pdf_text

PARIS = ZoneInfo("Europe/Paris")


def pdf_info(data):
    """pdfinfo's fields of a PDF, as a dict."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def diagonal_text(data):
    """The text pdftotext finds in words set on a rising diagonal, left to right: poppler cuts diagonal text into
    fragments (and -layout scatters them), each one a word whose box is much taller than a line."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", "-bbox", f.name, "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(y0), float(y1), text) for x0, y0, y1, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)]
    tall = sorted((x0, y0, text) for x0, y0, y1, text in words if y1 - y0 > 40)
    # Going right, each fragment sits higher on the page (smaller y from the top).
    rising = all(b[1] < a[1] for a, b in zip(tall, tall[1:]))
    return "".join(text for _, _, text in tall) if rising else ""


def medium_date(instant):
    """A Unix time as the English PDFs print a date in Paris: "1 December 2026"."""
    d = datetime.fromtimestamp(instant, PARIS)
    return "%d %s %d" % (d.day, d.strftime("%B"), d.year)


class ReceiptTestCase(SalonTestCase):
    def sign_in(self, email):
        b = self.browser()
        r = b.submit("/s/demo/login", {"email": email, "password": "correct horse battery"})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def staff(self, email="owner@demo.test"):
        b = self.browser()
        self.assertEqual(b.admin_sign_in(email).status, 303)
        return b

    def appointment_of(self, email, status="completed"):
        """The earliest appointment of a customer in a status."""
        return self.one("SELECT min(a.id) FROM appointments a JOIN customers c ON c.id = a.customer_id "
                        "WHERE c.email = ? AND a.status = ?", email, status)


class Receipts(ReceiptTestCase):
    def test_the_receipts_page_lists_past_appointments_newest_first_with_their_pdfs(self):
        b = self.sign_in("alice@demo.test")
        r = b.get("/s/demo/account/receipts")
        self.assertEqual(r.status, 200)
        text = page_text(r)
        self.assertIn("insurance and expense claims", text)
        past = [row[0] for row in self.query(
            "SELECT a.id FROM appointments a JOIN customers c ON c.id = a.customer_id WHERE c.email = 'alice@demo.test' "
            "AND a.status = 'completed' ORDER BY a.starts_at DESC")]
        self.assertEqual(len(past), 2)
        links = re.findall(r'href="/s/demo/account/appointments/(\d+)/receipt"', r.text)
        self.assertEqual([int(i) for i in links], past)
        upcoming = self.appointment_of("alice@demo.test", "scheduled")
        self.assertNotIn("/appointments/%d/receipt" % upcoming, r.text)
        self.assertIn("FA26", text)  # the invoice numbers of both

    def test_a_receipt_is_an_a4_pdf_breaking_every_amount_out(self):
        b = self.sign_in("alice@demo.test")
        r = b.get("/s/demo/account/appointments/%d/receipt" % self.appointment_of("alice@demo.test"))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        info = pdf_info(r.body)
        self.assertIn("(A4)", info["Page size"])
        self.assertEqual(info["Pages"].strip(), "1")
        text = pdf_text(r.body)
        number = self.one("SELECT number FROM invoices i JOIN customers c ON c.id = i.customer_id "
                          "WHERE c.email = 'alice@demo.test' AND i.status = 'issued' ORDER BY i.issued_at LIMIT 1")
        for expected in ("Receipt", "Happy Paws Grooming", "12 rue des Lilas", "Alice Martin", "Full groom – Buddy",
                         "Nail trim", number, "Total excl. VAT", "VAT 20%", "€13.40", "Tip", "Deposit", "Balance", "€0.00",
                         "€80.40", "PAID", "Card", "insurance and expense claims", "/s/demo/login", "Chloé"):
            self.assertIn(expected, text)

    def test_managers_download_the_very_bytes_the_customer_gets(self):
        appointment = self.appointment_of("alice@demo.test")
        portal = self.sign_in("alice@demo.test").get("/s/demo/account/appointments/%d/receipt" % appointment)
        owner = self.staff().get("/s/demo/admin/appointments/%d/receipt" % appointment)
        manager = self.staff("manager@demo.test").get("/s/demo/admin/appointments/%d/receipt" % appointment)
        self.assertEqual(portal.status, 200)
        self.assertEqual(owner.status, 200)
        self.assertEqual(portal.body, owner.body)
        self.assertEqual(portal.body, manager.body)

    def test_a_groomer_neither_opens_a_receipt_nor_sees_a_link_to_one(self):
        # A receipt shows what was paid: groomers see no money.
        appointment = self.appointment_of("alice@demo.test")
        groomer = self.staff("groomer@demo.test")
        self.assertEqual(groomer.get("/s/demo/admin/appointments/%d/receipt" % appointment).status, 403)
        customer_id = self.query("SELECT id FROM customers WHERE email = 'alice@demo.test'")[0][0]
        page = groomer.get("/s/demo/admin/customers/%d" % customer_id)
        self.assertEqual(page.status, 200)
        self.assertNotIn("/receipt", page.text)
        self.assertIn("/appointments/%d/receipt" % appointment,
                      self.staff("manager@demo.test").get("/s/demo/admin/customers/%d" % customer_id).text)

    def test_another_customers_receipt_is_the_same_404_as_a_missing_one(self):
        alice = self.sign_in("alice@demo.test")
        bobs = alice.get("/s/demo/account/appointments/%d/receipt" % self.appointment_of("bob@demo.test"))
        missing = alice.get("/s/demo/account/appointments/999999/receipt")
        upcoming = alice.get("/s/demo/account/appointments/%d/receipt" % self.appointment_of("alice@demo.test", "scheduled"))
        for r in (bobs, missing, upcoming):
            self.assertEqual(r.status, 404)
        strip = lambda r: re.sub(r"[0-9a-f]{12}", "", r.text)
        self.assertEqual(strip(bobs), strip(missing))
        self.assertNotIn("/appointments/%d/receipt" % self.appointment_of("bob@demo.test"),
                         alice.get("/s/demo/account/receipts").text)

    def test_a_french_customer_gets_a_french_receipt(self):
        bob = self.sign_in("bob@demo.test")
        text = pdf_text(bob.get("/s/demo/account/appointments/%d/receipt" % self.appointment_of("bob@demo.test")).body)
        for expected in ("Reçu", "Toilettage complet – Rex", "Pourboire", "Acompte", "Solde", "66,00", "PAYÉ",
                         "Espèces", "assurance"):
            self.assertIn(expected, text)
        self.assertNotIn("Receipt", text)

    def test_a_receipt_says_which_package_session_paid_for_the_appointment(self):
        bath = self.one("SELECT r.appointment_id FROM package_redemptions r JOIN package_sales s ON s.id = r.package_sale_id "
                        "JOIN customers c ON c.id = s.customer_id WHERE c.email = 'alice@demo.test' "
                        "AND r.appointment_id IS NOT NULL")
        text = pdf_text(self.sign_in("alice@demo.test").get("/s/demo/account/appointments/%d/receipt" % bath).body)
        self.assertIn("Paid with a package session", text)
        self.assertRegex(text, r"session 2\s+of 5")
        groom = self.appointment_of("alice@demo.test")  # Buddy's full groom, paid by card
        self.assertNotEqual(groom, bath)
        other = pdf_text(self.sign_in("alice@demo.test").get("/s/demo/account/appointments/%d/receipt" % groom).body)
        self.assertNotIn("package session", other)

    def test_an_appointment_without_an_invoice_has_a_receipt_at_the_services_price(self):
        alice = self.query("SELECT id FROM customers WHERE email = 'alice@demo.test'")[0][0]
        buddy = self.one("SELECT id FROM animals WHERE name = 'Buddy'")
        service, price = self.query("SELECT id, price_minor FROM services WHERE name = 'Full groom'")[0]
        start = int((datetime.now(PARIS) - timedelta(days=60)).timestamp())
        appointment = self.query(
            "INSERT INTO appointments (customer_id, animal_id, service_id, starts_at, ends_at, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'completed', ?, ?) RETURNING id", alice, buddy, service, start, start + 3600, start, start)[0][0]
        text = pdf_text(self.sign_in("alice@demo.test").get("/s/demo/account/appointments/%d/receipt" % appointment).body)
        self.assertIn("No invoice has been issued", text)
        self.assertIn("€%d.%02d" % divmod(price, 100), text)
        self.assertNotIn("Invoice no.", text)
        cancelled = self.query("UPDATE appointments SET status = 'cancelled' WHERE id = ? RETURNING id", appointment)[0][0]
        self.assertEqual(self.staff().get("/s/demo/admin/appointments/%d/receipt" % cancelled).status, 404)


class ReceiptPages(ReceiptTestCase):
    def test_receipts_come_in_pages_of_25_with_older_and_newer_links(self):
        alice = self.one("SELECT id FROM customers WHERE email = 'alice@demo.test'")
        buddy = self.one("SELECT id FROM animals WHERE customer_id = ? AND name = 'Buddy'", alice)
        # 30 more visits, a week apart, long ago: with the demo's two, 32 receipts.
        self.query("INSERT INTO appointments (customer_id, animal_id, starts_at, ends_at, status, created_at, updated_at) "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30) "
                   "SELECT ?, ?, 1600000000 + i * 604800, 1600003600 + i * 604800, 'completed', 1600000000, 1600000000 FROM n", alice, buddy)
        newest_first = [row[0] for row in self.query(
            "SELECT id FROM appointments WHERE customer_id = ? AND status = 'completed' ORDER BY starts_at DESC, id DESC", alice)]
        self.assertEqual(len(newest_first), 32)
        b = self.sign_in("alice@demo.test")
        receipt = r'href="/s/demo/account/appointments/(\d+)/receipt"'
        first = b.get("/s/demo/account/receipts")
        self.assertEqual([int(i) for i in re.findall(receipt, first.text)], newest_first[:25])
        older = re.search(r'<a class="button" href="([^"]+)" rel="next">Older</a>', first.text).group(1)
        self.assertEqual(older, "/s/demo/account/receipts?page=2")
        self.assertNotIn('rel="prev"', first.text)
        second = b.get(older)
        self.assertEqual([int(i) for i in re.findall(receipt, second.text)], newest_first[25:])
        self.assertIn('href="/s/demo/account/receipts?page=1" rel="prev">Newer</a>', second.text)
        self.assertNotIn('rel="next"', second.text)


class InvoiceDocuments(ReceiptTestCase):
    def invoice_pdf(self, invoice_id):
        r = self.staff().get("/s/demo/admin/invoices/%d/pdf" % invoice_id)
        self.assertEqual(r.status, 200)
        return r.body

    def test_a_draft_carries_a_draft_watermark_and_no_due_date(self):
        data = self.invoice_pdf(self.one("SELECT id FROM invoices WHERE status = 'draft'"))
        self.assertEqual(diagonal_text(data), "DRAFT")
        text = pdf_text(data)
        self.assertNotIn("Due date", text)
        self.assertNotIn("Due by", text)
        self.assertIn("(A4)", pdf_info(data)["Page size"])

    def test_a_paid_invoice_is_stamped_paid_with_its_payment_date_and_method(self):
        invoice, paid_at = self.query(
            "SELECT i.id, p.paid_at FROM invoices i JOIN payments p ON p.invoice_id = i.id JOIN customers c "
            "ON c.id = i.customer_id WHERE c.email = 'alice@demo.test'")[0]
        text = pdf_text(self.invoice_pdf(invoice))
        self.assertIn("PAID", text)
        self.assertRegex(text, re.escape(medium_date(paid_at)) + r" · Card · €80\.40")
        self.assertEqual(diagonal_text(self.invoice_pdf(invoice)), "")

    def test_an_unpaid_invoice_shows_the_amount_due_and_its_due_date_from_the_payment_terms(self):
        invoice, issued_at = self.query(
            "SELECT i.id, i.issued_at FROM invoices i WHERE i.status = 'issued' AND NOT EXISTS "
            "(SELECT 1 FROM payments p WHERE p.invoice_id = i.id)")[0]
        issued = datetime.fromtimestamp(issued_at, PARIS)
        text = pdf_text(self.invoice_pdf(invoice))
        self.assertIn("Amount due", text)
        self.assertIn("€62.40", text)
        self.assertIn("Due by " + medium_date((issued + timedelta(days=14)).timestamp()), text)
        self.assertIn("payable within 14 days", text)
        self.assertNotIn("PAID", text)

        owner = self.staff()
        form = owner.get("/s/demo/admin/settings")
        self.assertIn('name="payment_due_days"', form.text)
        self.assertIn('value="14"', form.text)
        refused = owner.submit("/s/demo/admin/settings", self.settings_fields(owner, payment_due_days="soon"))
        self.assertEqual(refused.status, 422)
        self.assertIn("from 0 to 365", page_text(refused))
        self.assertEqual(owner.submit("/s/demo/admin/settings", self.settings_fields(owner, payment_due_days="30")).status, 303)
        try:
            text = pdf_text(self.invoice_pdf(invoice))
            self.assertIn("Due by " + medium_date((issued + timedelta(days=30)).timestamp()), text)
            self.assertIn("payable within 30 days", text)
        finally:
            owner.submit("/s/demo/admin/settings", self.settings_fields(owner, payment_due_days="14"))

    def settings_fields(self, b, **changes):
        """The settings form's current values with some changed."""
        page = b.get("/s/demo/admin/settings").text
        fields = dict(re.findall(r'<input id="(\w+)" name="\1"[^>]*?value="([^"]*)"', page))
        fields.update({"locale": "en", "address": "12 rue des Lilas\n75011 Paris", "portal_enabled": "1"})
        fields.update(changes)
        return fields


if __name__ == "__main__":
    unittest.main()
