"""The admin panel's invoices: drafts by hand and from an appointment, lines checked on the server, totals,
issuing with the gapless number of the salon's month (also from many browsers at once), payments, credit
notes, PDFs, and who may do any of it."""
import os
import queue
import re
import sqlite3
import subprocess
import tempfile
import threading
import unittest
from datetime import datetime
from zoneinfo import ZoneInfo

from harness import PASSWORD, Browser, Response, SalonTestCase, page_text

PARIS = ZoneInfo("Europe/Paris")
ADMIN = "/s/demo/admin/invoices"


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout


def month_prefix():
    """The number prefix of an invoice issued now: the salon's month in Paris, whatever the machine's zone."""
    return datetime.now(PARIS).strftime("FA%y%m-")


class InvoicesTestCase(SalonTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.signed_in("manager@demo.test")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        # Refusals are 4xx pages; nothing here may end in the 500 page or a sanitizer report.
        failures = [line for line in cls.server_log.splitlines() if re.search(r" 5\d\d \d+ [\d.]+ms$|^error |Sanitizer", line)]
        assert not failures, failures

    @classmethod
    def signed_in(cls, email):
        b = Browser(cls.server)
        r = b.admin_sign_in(email)
        assert r.status == 303, (r.status, page_text(r))
        b.token = b.csrf_token("/s/demo/admin")
        return b

    # --- reading the database ---
    def customer(self, email):
        return self.query("SELECT id FROM customers WHERE email = ?", email)[0][0]

    def snapshot(self, invoice_id):
        """Everything an edit could change on an invoice."""
        return (self.query("SELECT * FROM invoices WHERE id = ?", invoice_id),
                self.query("SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY id", invoice_id),
                self.query("SELECT * FROM payments WHERE invoice_id = ? ORDER BY id", invoice_id))

    def max_counter(self, prefix):
        numbers = [n for (n,) in self.query("SELECT number FROM invoices WHERE number LIKE ?", prefix + "%")]
        return max((int(n[len(prefix):]) for n in numbers), default=0)

    # --- speaking to the server as the manager ---
    def post(self, path, fields=None, browser=None):
        b = browser or self.manager
        data = dict(fields or {})
        data["csrf_token"] = b.token
        return b.post(path, data)

    def new_draft(self, customer_email="alice@demo.test"):
        r = self.post(ADMIN + "/new", {"customer_id": self.customer(customer_email)})
        self.assertEqual(r.status, 303, page_text(r))
        m = re.fullmatch(re.escape(ADMIN) + r"/(\d+)\?done=created", r.header("Location"))
        self.assertTrue(m, r.header("Location"))
        return int(m.group(1))

    def add_line(self, invoice_id, description, quantity, unit_price, tax_rate, expect=303):
        r = self.post("%s/%d/lines" % (ADMIN, invoice_id),
                      {"description": description, "quantity": quantity, "unit_price": unit_price, "tax_rate": tax_rate})
        self.assertEqual(r.status, expect, page_text(r))
        return r

    def issue(self, invoice_id, expect=303):
        r = self.post("%s/%d/issue" % (ADMIN, invoice_id), {"confirm": "1"})
        self.assertEqual(r.status, expect, page_text(r))
        return r

    def issued_invoice(self, *lines):
        invoice = self.new_draft()
        for line in lines or (("Full groom", "1", "55.00", "20"),):
            self.add_line(invoice, *line)
        self.issue(invoice)
        return invoice

    def alice_portal(self):
        b = Browser(self.server)
        r = b.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def number_of(self, invoice_id):
        return self.query("SELECT number FROM invoices WHERE id = ?", invoice_id)[0][0]

    def page(self, invoice_id):
        r = self.manager.get("%s/%d" % (ADMIN, invoice_id))
        self.assertEqual(r.status, 200)
        return r


class Drafts(InvoicesTestCase):
    def test_the_customer_picker_narrows_by_a_search_and_starts_from_a_customers_page(self):
        def options(page):
            select = re.search(r'<select id="customer_id".*?</select>', page.text, re.S).group(0)
            return re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', select)
        alice, bob = self.customer("alice@demo.test"), self.customer("bob@demo.test")
        found = self.manager.get(ADMIN + "/new?find=Dur")
        self.assertEqual(options(found), [(str(bob), "", "Bob Durand")])
        chosen = self.manager.get(ADMIN + "/new?customer=%d&find=mart" % alice)
        self.assertEqual(options(chosen), [(str(alice), " selected", "Alice Martin")])
        self.assertIn('<input type="hidden" name="customer" value="%d">' % alice, chosen.text)
        self.assertIn('href="%s/new?customer=%d"' % (ADMIN, alice), self.manager.get("/s/demo/admin/customers/%d" % alice).text)
        # What is posted is checked, not what was offered: an archived customer is refused.
        self.query("UPDATE customers SET archived_at = 1 WHERE id = ?", bob)
        try:
            r = self.post(ADMIN + "/new", {"customer_id": bob})
            self.assertEqual(r.status, 422)
            self.assertEqual(options(self.manager.get(ADMIN + "/new?find=durand")), [])
        finally:
            self.query("UPDATE customers SET archived_at = NULL WHERE id = ?", bob)

    def test_a_draft_from_the_upcoming_appointment_has_its_service_line(self):
        appointment = self.query("SELECT a.id FROM appointments a JOIN animals an ON an.id = a.animal_id "
                                 "WHERE an.name = 'Buddy' AND a.status = 'scheduled'")[0][0]
        form = self.manager.get("%s/new?appointment_id=%d" % (ADMIN, appointment))
        self.assertEqual(form.status, 200)
        self.assertIn("Full groom – Buddy, 1 × €55.00, tax 20%", page_text(form))

        r = self.post(ADMIN + "/new", {"appointment_id": appointment})
        self.assertEqual(r.status, 303, page_text(r))
        invoice = int(re.search(r"/invoices/(\d+)", r.header("Location")).group(1))
        self.assertEqual(self.query("SELECT customer_id, appointment_id, status, number FROM invoices WHERE id = ?", invoice),
                         [(self.customer("alice@demo.test"), appointment, "draft", None)])
        self.assertEqual(self.query("SELECT description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines WHERE invoice_id = ?", invoice),
                         [("Full groom – Buddy", 1, 5500, 2000)])
        text = page_text(self.page(invoice))
        self.assertIn("Draft invoice", text)
        self.assertIn("Full groom – Buddy 1 × €55.00 · tax 20%", text)
        # Starting another one from the appointment opens this draft: one draft per appointment.
        again = self.manager.get("%s/new?appointment_id=%d" % (ADMIN, appointment))
        self.assertEqual((again.status, again.header("Location")), (303, "%s/%d" % (ADMIN, invoice)))
        # Once it is issued, the appointment says it has an invoice when someone starts another one from it.
        self.issue(invoice)
        number = self.query("SELECT number FROM invoices WHERE id = ?", invoice)[0][0]
        again = page_text(self.manager.get("%s/new?appointment_id=%d" % (ADMIN, appointment)))
        self.assertIn("This appointment already has: " + number, again)

    def test_unknown_appointments_and_customers_create_nothing(self):
        before = self.query("SELECT count(*) FROM invoices")
        self.assertEqual(self.manager.get(ADMIN + "/new?appointment_id=999999").status, 404)
        self.assertEqual(self.manager.get(ADMIN + "/new?appointment_id=abc").status, 404)
        r = self.post(ADMIN + "/new", {"appointment_id": "999999"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="appointment_id-error"', r.text)
        r = self.post(ADMIN + "/new", {"customer_id": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="customer_id-error"', r.text)
        self.assertIn("Choose a customer.", page_text(r))
        self.assertEqual(self.query("SELECT count(*) FROM invoices"), before)

    def test_bad_lines_show_the_error_next_to_the_field_and_store_nothing(self):
        invoice = self.new_draft()
        self.add_line(invoice, "Full groom", "1", "55.00", "20")
        before = self.snapshot(invoice)
        cases = [
            ({"unit_price": "abc"}, "unit_price", "Enter an amount such as 12.50."),
            ({"quantity": "0"}, "quantity", "Enter a whole number from 1 to 999."),
            ({"quantity": "-2"}, "quantity", "Enter a whole number from 1 to 999."),
            ({"description": ""}, "description", "Describe the line in 1 to 200 characters."),
            ({"tax_rate": "120"}, "tax_rate", "Enter a rate from 0 to 100, such as 20 or 5.5."),
        ]
        for change, field, message in cases:
            with self.subTest(field=field, value=change[field]):
                fields = {"description": "Ribbon", "quantity": "2", "unit_price": "12.50", "tax_rate": "20"}
                fields.update(change)
                r = self.add_line(invoice, fields["description"], fields["quantity"], fields["unit_price"], fields["tax_rate"], expect=422)
                m = re.search(r'<p class="field-error" id="%s-error">([^<]*)</p>' % field, r.text)
                self.assertTrue(m, r.text)
                self.assertEqual(m.group(1), message)
                self.assertRegex(r.text, r'id="%s"[^>]*aria-invalid="true"' % field)
                # What was typed stays in the form.
                self.assertRegex(r.text, r'id="%s" name="%s"[^>]* value="%s"' % (field, field, re.escape(fields[field])))
                self.assertEqual(self.snapshot(invoice), before)
        r = self.post("%s/%d/edit" % (ADMIN, invoice), {"tip": "-5", "deposit": "0"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="tip-error"', r.text)
        self.assertEqual(self.snapshot(invoice), before)

    def test_lines_that_would_overflow_the_invoice_total_are_refused_next_to_the_price(self):
        # Ten lines of the largest quantity and price at 100 % tax once made a tax of about -8.5e12 euros: the sum
        # of the lines times the rate went past 64 bits.
        invoice = self.new_draft("carol@demo.test")
        self.add_line(invoice, "Full groom", "1", "55.00", "100")
        for _ in range(10):
            r = self.post("%s/%d/lines" % (ADMIN, invoice),
                          {"description": "Grand salon", "quantity": "999", "unit_price": "999999999.99", "tax_rate": "100"})
            if r.status != 303:
                break
        self.assertEqual(r.status, 422, page_text(r))
        self.assertIn('id="unit_price-error"', r.text)
        self.assertIn("more than one invoice can hold", page_text(r))
        self.assertRegex(r.text, r'id="unit_price" name="unit_price"[^>]* value="999999999.99"')
        # What was taken adds up: no negative tax on the page, and the issued total is net plus 100 % tax.
        self.assertNotIn("-€", page_text(self.page(invoice)))
        net = self.query("SELECT sum(quantity * unit_price_minor) FROM invoice_lines WHERE invoice_id = ?", invoice)[0][0]
        self.issue(invoice)
        self.assertEqual(self.query("SELECT total_minor FROM invoices WHERE id = ?", invoice), [(2 * net,)])

    def test_a_package_sale_that_would_overflow_the_draft_is_refused_next_to_the_package(self):
        # A package is priced up to 999,999,999,999.99: ten sales onto one draft at 100 % tax once overflowed its tax.
        r = self.post("/s/demo/admin/packages/new", {"name": "Palace year", "sessions": "10", "price": "999999999999.99",
                                                     "tax_rate": "100", "validity_days": "365", "service_id": "1"})
        self.assertEqual(r.status, 303, page_text(r))
        package = self.query("SELECT id FROM package_types WHERE name = 'Palace year'")[0][0]
        carol = self.customer("carol@demo.test")
        before = (self.query("SELECT count(*) FROM invoice_lines"), self.query("SELECT count(*) FROM package_sales"),
                  self.query("SELECT count(*) FROM invoices"))
        r = self.post("/s/demo/admin/customers/%d/packages" % carol, {"package_id": package})
        self.assertEqual(r.status, 422, page_text(r))
        self.assertIn('id="package_id-error"', r.text)
        self.assertIn("more than one invoice can hold", page_text(r))
        self.assertEqual((self.query("SELECT count(*) FROM invoice_lines"), self.query("SELECT count(*) FROM package_sales"),
                          self.query("SELECT count(*) FROM invoices")), before)

    def test_totals_on_the_page_add_up(self):
        invoice = self.new_draft()
        self.add_line(invoice, "Full groom", "1", "55.00", "20")
        self.add_line(invoice, "Ribbon", "2", "12,50", "20")
        r = self.post("%s/%d/edit" % (ADMIN, invoice), {"tip": "5.00", "deposit": ""})
        self.assertEqual(r.status, 303, page_text(r))
        text = page_text(self.page(invoice))
        self.assertIn("Subtotal before tax €80.00", text)
        self.assertIn("Tax 20% €16.00", text)
        self.assertIn("Tip €5.00", text)
        self.assertIn("Total €101.00", text)
        self.assertIn("Due €101.00", text)
        self.assertEqual(self.query("SELECT tip_minor, deposit_minor FROM invoices WHERE id = ?", invoice), [(500, 0)])

    def test_a_line_can_be_deleted_from_a_draft_but_not_through_another_invoice(self):
        invoice, other = self.new_draft(), self.new_draft()
        self.add_line(invoice, "Full groom", "1", "55.00", "20")
        self.add_line(other, "Bath", "1", "35.00", "20")
        (line,), (other_line,) = (self.query("SELECT id FROM invoice_lines WHERE invoice_id = ?", i)[0] for i in (invoice, other))
        self.assertEqual(self.post("%s/%d/lines/%d/delete" % (ADMIN, invoice, other_line), {"confirm": "1"}).status, 404)
        self.assertEqual(self.post("%s/999999/lines/%d/delete" % (ADMIN, line), {"confirm": "1"}).status, 404)
        self.assertEqual(self.query("SELECT count(*) FROM invoice_lines WHERE id IN (?, ?)", line, other_line), [(2,)])
        r = self.post("%s/%d/lines/%d/delete" % (ADMIN, invoice, line), {"confirm": "1"})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.query("SELECT count(*) FROM invoice_lines WHERE invoice_id = ?", invoice), [(0,)])
        # A draft without lines cannot be issued.
        r = self.issue(invoice, expect=409)
        self.assertIn("Add at least one line before issuing.", page_text(r))
        self.assertEqual(self.query("SELECT status, number FROM invoices WHERE id = ?", invoice), [("draft", None)])

    def test_the_list_filters_by_status(self):
        draft = self.new_draft()
        alice = self.customer("alice@demo.test")
        unpaid = self.query("SELECT number FROM invoices i WHERE customer_id = ? AND status = 'issued' AND credit_note_for IS NULL "
                            "AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id) ORDER BY id LIMIT 1", alice)[0][0]
        paid = self.query("SELECT number FROM invoices i WHERE status = 'issued' AND EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id) "
                          "ORDER BY id LIMIT 1")[0][0]
        everything = self.manager.get(ADMIN)
        self.assertIn('href="%s/%d"' % (ADMIN, draft), everything.text)
        self.assertIn(unpaid, everything.text)
        self.assertIn(paid, everything.text)
        drafts = self.manager.get(ADMIN + "?status=draft").text
        self.assertIn('href="%s/%d"' % (ADMIN, draft), drafts)
        self.assertNotIn(unpaid, drafts)
        issued = self.manager.get(ADMIN + "?status=issued").text
        self.assertNotIn('href="%s/%d"' % (ADMIN, draft), issued)
        self.assertIn(paid, issued)
        due = self.manager.get(ADMIN + "?status=unpaid").text
        self.assertIn(unpaid, due)
        self.assertNotIn(paid, due)
        self.assertNotIn('href="%s/%d"' % (ADMIN, draft), due)


    def test_the_list_comes_in_pages_of_50_with_older_and_newer_links(self):
        alice = self.customer("alice@demo.test")
        self.query("INSERT INTO invoices (customer_id, currency, created_at) "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) "
                   "SELECT ?, 'EUR', 1000000000 + i FROM n", alice)
        drafts = self.query("SELECT count(*) FROM invoices WHERE status = 'draft'")[0][0]
        first = self.manager.get(ADMIN + "?status=draft")
        rows = re.findall(r'<tr>\s*<td><a href="%s/\d+">' % ADMIN, first.text)
        self.assertEqual(len(rows), 50)
        older = re.search(r'<a class="button" href="([^"]+)" rel="next">Older</a>', first.text).group(1).replace("&amp;", "&")
        self.assertEqual(older, ADMIN + "?status=draft&page=2")
        self.assertNotIn('rel="prev"', first.text)
        second = self.manager.get(older)
        self.assertEqual(len(re.findall(r'<tr>\s*<td><a href="%s/\d+">' % ADMIN, second.text)), drafts - 50)
        self.assertIn('href="%s?status=draft&amp;page=1" rel="prev">Newer</a>' % ADMIN, second.text)
        self.assertNotIn('rel="next"', second.text)
        # The oldest draft is last, on the last page.
        oldest = self.query("SELECT id FROM invoices WHERE created_at = 1000000001")[0][0]
        self.assertIn('href="%s/%d"' % (ADMIN, oldest), second.text)
        self.assertNotIn('href="%s/%d"' % (ADMIN, oldest), first.text)


class Issuing(InvoicesTestCase):
    def test_issuing_assigns_the_next_number_of_the_salons_month(self):
        prefix = month_prefix()
        last = self.max_counter(prefix)
        invoice = self.new_draft()
        self.add_line(invoice, "Full groom", "1", "55.00", "20")
        self.assertIsNone(self.number_of(invoice))
        r = self.issue(invoice)
        self.assertEqual(r.header("Location"), "%s/%d?done=issued" % (ADMIN, invoice))
        number = "%s%04d" % (prefix, last + 1)
        self.assertEqual(self.number_of(invoice), number)
        text = page_text(self.page(invoice))
        self.assertIn("Invoice %s" % number, text)
        self.assertIn("Unpaid", text)
        # Issuing again does not apply and changes nothing.
        before = self.snapshot(invoice)
        r = self.issue(invoice, expect=409)
        self.assertIn("already issued", page_text(r))
        self.assertEqual(self.snapshot(invoice), before)

    def test_twenty_drafts_issued_at_once_from_eight_browsers_get_consecutive_numbers(self):
        drafts = []
        for _ in range(20):
            invoice = self.new_draft("bob@demo.test")
            self.add_line(invoice, "Nail trim", "1", "12.00", "20")
            drafts.append(invoice)
        browsers = [self.signed_in("manager@demo.test" if i % 2 else "owner@demo.test") for i in range(8)]
        prefix = month_prefix()
        last = self.max_counter(prefix)
        work = queue.Queue()
        for invoice in drafts:
            work.put(invoice)
        statuses, errors = [], []
        start = threading.Barrier(len(browsers))

        def issue_with(b):
            try:
                start.wait()
                while True:
                    try:
                        invoice = work.get_nowait()
                    except queue.Empty:
                        return
                    statuses.append(self.post("%s/%d/issue" % (ADMIN, invoice), {"confirm": "1"}, browser=b).status)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))

        threads = [threading.Thread(target=issue_with, args=(b,)) for b in browsers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertEqual(statuses, [303] * 20)
        numbers = [self.number_of(i) for i in drafts]
        self.assertEqual(len(set(numbers)), 20, numbers)
        self.assertEqual(sorted(numbers), ["%s%04d" % (prefix, n) for n in range(last + 1, last + 21)])
        self.assertEqual(self.query("SELECT last_value FROM invoice_counters WHERE period = ?", prefix + "{n}"), [(last + 20,)])

    def test_an_issued_invoice_refuses_every_edit_and_stays_unchanged(self):
        invoice = self.issued_invoice()
        (line,) = self.query("SELECT id FROM invoice_lines WHERE invoice_id = ?", invoice)[0]
        before = self.snapshot(invoice)
        attempts = [
            ("lines", {"description": "Extra", "quantity": "1", "unit_price": "5.00", "tax_rate": "20"}),
            ("edit", {"tip": "5.00", "deposit": "0"}),
            ("lines/%d/delete" % line, {"confirm": "1"}),
        ]
        for action, fields in attempts:
            with self.subTest(action=action):
                r = self.post("%s/%d/%s" % (ADMIN, invoice, action), fields)
                self.assertEqual(r.status, 409)
                self.assertIn("This invoice is issued: it can no longer be changed.", page_text(r))
                self.assertEqual(self.snapshot(invoice), before)
        # The page offers no edit at all.
        html = self.page(invoice).text
        for action in ("/lines\"", "/edit\"", "/delete\"", "/issue\""):
            self.assertNotIn("%s/%d%s" % (ADMIN, invoice, action), html)
        self.assertEqual(self.post("%s/999999/lines" % ADMIN, attempts[0][1]).status, 404)
        self.assertEqual(self.manager.get("%s/999999" % ADMIN).status, 404)


class Payments(InvoicesTestCase):
    def portal_row(self, browser, number):
        html = browser.get("/s/demo/account/invoices").text
        rows = [r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if number in r]
        self.assertEqual(len(rows), 1, html)
        return page_text(Response(200, [], rows[0].encode()))

    def test_partial_then_full_payment_marks_it_paid_for_the_customer_too(self):
        alice = self.customer("alice@demo.test")
        invoice, number = self.query("SELECT id, number FROM invoices i WHERE customer_id = ? AND status = 'issued' "
                                     "AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id)", alice)[0]
        portal = self.alice_portal()
        self.assertIn("To pay", self.portal_row(portal, number))
        url = "%s/%d/payments" % (ADMIN, invoice)

        r = self.post(url, {"amount": "100.00", "method": "card", "paid_on": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('<p class="field-error" id="amount-error">This is more than what is due. To keep the difference as the '
                      'customer&apos;s account credit, tick “Keep the excess as account credit”.</p>', r.text)
        self.assertIn('value="100.00"', r.text)
        self.assertEqual(self.query("SELECT count(*) FROM payments WHERE invoice_id = ?", invoice), [(0,)])

        r = self.post(url, {"amount": "20,00", "method": "cash", "paid_on": datetime.now(PARIS).strftime("%Y-%m-%d")})
        self.assertEqual(r.status, 303, page_text(r))
        text = page_text(self.page(invoice))
        self.assertIn("Paid €20.00", text)
        self.assertIn("Due €42.40", text)
        self.assertIn("Unpaid", text)
        self.assertIn("Cash €20.00", text)
        self.assertIn("To pay", self.portal_row(portal, number))

        r = self.post(url, {"amount": "42.41", "method": "card", "paid_on": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="amount-error"', r.text)
        r = self.post(url, {"amount": "10", "method": "card", "paid_on": "2999-01-01"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="paid_on-error"', r.text)

        r = self.post(url, {"amount": "42.40", "method": "card", "paid_on": ""})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT amount_minor, method FROM payments WHERE invoice_id = ? ORDER BY id", invoice),
                         [(2000, "cash"), (4240, "card")])
        page = self.page(invoice)
        self.assertIn("Due €0.00", page_text(page))
        self.assertIn('<span class="badge badge-approved">Paid</span>', page.text)
        self.assertNotIn('action="%s"' % url, page.text)  # nothing left to record
        self.assertIn("Paid", self.portal_row(portal, number))
        self.assertNotIn("To pay", self.portal_row(portal, number))
        # Nothing is due any more: another payment does not apply.
        self.assertEqual(self.post(url, {"amount": "1", "method": "card", "paid_on": ""}).status, 409)

    def test_a_draft_takes_no_payment(self):
        invoice = self.new_draft()
        self.add_line(invoice, "Full groom", "1", "55.00", "20")
        r = self.post("%s/%d/payments" % (ADMIN, invoice), {"amount": "10", "method": "card", "paid_on": ""})
        self.assertEqual(r.status, 409)
        self.assertIn("issue this invoice first", page_text(r))
        self.assertEqual(self.query("SELECT count(*) FROM payments WHERE invoice_id = ?", invoice), [(0,)])


class CreditNotes(InvoicesTestCase):
    def test_a_credit_note_negates_the_lines_and_takes_the_next_number(self):
        original = self.new_draft()
        self.add_line(original, "Full groom", "1", "55.00", "20")
        self.add_line(original, "Ribbon", "2", "12.50", "20")
        self.assertEqual(self.post("%s/%d/edit" % (ADMIN, original), {"tip": "5", "deposit": "10"}).status, 303)
        self.issue(original)
        original_number = self.number_of(original)
        before = self.snapshot(original)

        r = self.post("%s/%d/credit-note" % (ADMIN, original))
        self.assertEqual(r.status, 303, page_text(r))
        note = int(re.search(r"/invoices/(\d+)\?done=credit_note", r.header("Location")).group(1))
        self.assertEqual(self.query("SELECT status, number, credit_note_for, customer_id FROM invoices WHERE id = ?", note),
                         [("draft", None, original, self.customer("alice@demo.test"))])
        self.assertEqual(self.query("SELECT description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines "
                                    "WHERE invoice_id = ? ORDER BY position", note),
                         [("Full groom", -1, 5500, 2000), ("Ribbon", -2, 1250, 2000), ("Tip", -1, 500, 0)])
        self.assertEqual(self.query("SELECT tip_minor, deposit_minor FROM invoices WHERE id = ?", note), [(0, 0)])
        note_page = self.page(note)
        self.assertIn("This credit note corrects invoice %s" % original_number, page_text(note_page))
        self.assertIn('href="%s/%d"' % (ADMIN, original), note_page.text)
        self.assertIn('href="%s/%d"' % (ADMIN, note), self.page(original).text)
        # A credit note takes no typed lines; it is corrected by deleting lines.
        self.add_line(note, "Extra", "1", "5.00", "20", expect=409)

        prefix = month_prefix()
        last = self.max_counter(prefix)
        self.issue(note)
        self.assertEqual(self.number_of(note), "%s%04d" % (prefix, last + 1))
        text = page_text(self.page(note))
        self.assertIn("Credit note %s" % self.number_of(note), text)
        self.assertIn("Total -€101.00", text)
        self.assertEqual(self.snapshot(original), before)
        original_text = page_text(self.page(original))
        self.assertIn("Corrected by credit note: %s" % self.number_of(note), original_text)
        self.assertIn("Total €101.00", original_text)
        # The original itself is unchanged, but the issued credit note settles what was left to pay.
        self.assertIn("Credited €101.00", original_text)
        self.assertIn("Due €0.00", original_text)
        self.assertIn("Credited", original_text.split("Alice Martin")[0])
        # Neither a credit note nor a draft is corrected by a credit note.
        count = self.query("SELECT count(*) FROM invoices")
        self.assertEqual(self.post("%s/%d/credit-note" % (ADMIN, note)).status, 409)
        self.assertEqual(self.post("%s/%d/credit-note" % (ADMIN, self.new_draft())).status, 409)
        self.assertEqual(self.query("SELECT count(*) FROM invoices")[0][0], count[0][0] + 1)  # only the new draft
        # Nor is an invoice its credit note already cancelled: refused with a reason, nothing written.
        count = self.query("SELECT count(*) FROM invoices")
        again = self.post("%s/%d/credit-note" % (ADMIN, original))
        self.assertEqual(again.status, 409)
        self.assertIn("This invoice is already fully credited", page_text(again))
        self.assertNotIn("/credit-note", self.page(original).text)
        self.assertEqual(self.query("SELECT count(*) FROM invoices"), count)

    def test_two_managers_crediting_one_invoice_at_once_make_one_credit_note(self):
        original = self.new_draft()
        self.add_line(original, "Full groom", "1", "55.00", "20")
        self.issue(original)
        owner = self.signed_in("owner@demo.test")
        barrier = threading.Barrier(2)
        answers = queue.Queue()

        def credit(browser):
            barrier.wait()
            answers.put(self.post("%s/%d/credit-note" % (ADMIN, original), browser=browser))

        threads = [threading.Thread(target=credit, args=(b,)) for b in (self.manager, owner)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(answers.get().status for _ in threads)
        self.assertEqual(statuses, [303, 409])
        self.assertEqual(self.query("SELECT count(*) FROM invoices WHERE credit_note_for = ?", original), [(1,)])
        # The second is told why: the first one's draft already takes off the rest.
        refused = self.post("%s/%d/credit-note" % (ADMIN, original))
        self.assertEqual(refused.status, 409)
        self.assertIn("A credit note draft already takes off the rest of this invoice", page_text(refused))

    def test_a_credit_note_draft_made_before_another_was_issued_cannot_take_off_more_than_is_left(self):
        original = self.new_draft()
        self.add_line(original, "Full groom", "1", "55.00", "20")
        self.add_line(original, "Ribbon", "1", "5.00", "20")
        self.issue(original)
        first = self.credit_note_of(original)
        # Narrowed to the ribbon, the first draft leaves room for a second, full one.
        groom_line = self.query("SELECT id FROM invoice_lines WHERE invoice_id = ? AND description = 'Full groom'", first)[0][0]
        self.assertEqual(self.post("%s/%d/lines/%d/delete" % (ADMIN, first, groom_line), {"confirm": "1"}).status, 303)
        second = self.credit_note_of(original)
        self.issue(second)
        r = self.post("%s/%d/issue" % (ADMIN, first), {"confirm": "1"})
        self.assertEqual(r.status, 409)
        self.assertIn("takes off more than is left to credit", page_text(r))
        self.assertEqual(self.query("SELECT status FROM invoices WHERE id = ?", first), [("draft",)])

    def credit_note_of(self, original):
        r = self.post("%s/%d/credit-note" % (ADMIN, original))
        self.assertEqual(r.status, 303, page_text(r))
        return int(re.search(r"/invoices/(\d+)\?done=credit_note", r.header("Location")).group(1))


class PdfAndAccess(InvoicesTestCase):
    def test_the_pdf_from_the_admin_panel_has_the_number_and_total(self):
        invoice = self.new_draft()
        self.add_line(invoice, "Full groom", "1", "55.00", "20")
        self.add_line(invoice, "Ribbon", "2", "12.50", "20")
        self.post("%s/%d/edit" % (ADMIN, invoice), {"tip": "5", "deposit": "0"})
        draft_pdf = self.manager.get("%s/%d/pdf" % (ADMIN, invoice))
        self.assertEqual(draft_pdf.header("Content-Type"), "application/pdf")
        self.assertIn("Draft", pdf_text(draft_pdf.body))
        self.issue(invoice)
        r = self.manager.get("%s/%d/pdf" % (ADMIN, invoice))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        text = pdf_text(r.body)
        self.assertIn(self.number_of(invoice), text)
        self.assertIn("€101.00", text)
        self.assertEqual(self.manager.get("%s/999999/pdf" % ADMIN).status, 404)

    def test_the_groomer_is_refused_every_invoice_screen(self):
        groomer = self.signed_in("groomer@demo.test")
        draft = self.query("SELECT id FROM invoices WHERE status = 'draft' ORDER BY id LIMIT 1")[0][0]
        issued = self.query("SELECT id FROM invoices WHERE status = 'issued' ORDER BY id LIMIT 1")[0][0]
        for path in (ADMIN, ADMIN + "/new", "%s/%d" % (ADMIN, issued), "%s/%d/pdf" % (ADMIN, issued)):
            with self.subTest(path=path):
                r = groomer.get(path)
                self.assertEqual(r.status, 403)
                self.assertNotIn(b"%PDF", r.body)
        before = self.snapshot(draft)
        self.assertEqual(self.post("%s/%d/issue" % (ADMIN, draft), {"confirm": "1"}, browser=groomer).status, 403)
        self.assertEqual(self.post("%s/%d/lines" % (ADMIN, draft), {"description": "x", "quantity": "1", "unit_price": "1",
                                                                       "tax_rate": "0"}, browser=groomer).status, 403)
        self.assertEqual(self.snapshot(draft), before)

    def test_the_portal_never_lists_drafts(self):
        alice = self.customer("alice@demo.test")
        draft = self.new_draft()
        self.add_line(draft, "Secret draft line", "1", "99.00", "20")
        portal = self.alice_portal()
        html = portal.get("/s/demo/account/invoices").text
        issued = self.query("SELECT number FROM invoices WHERE customer_id = ? AND status = 'issued'", alice)
        drafts = self.query("SELECT id FROM invoices WHERE customer_id = ? AND status = 'draft'", alice)
        self.assertTrue(drafts)
        for (number,) in issued:
            self.assertIn(number, html)
        self.assertEqual(len(re.findall(r"<tbody>.*?</tbody>", html, re.S)), 1)
        self.assertEqual(len(re.findall(r"<tr>", re.search(r"<tbody>.*?</tbody>", html, re.S).group(0))), len(issued))
        self.assertNotIn("Draft", page_text(portal.get("/s/demo/account/invoices")))
        for (invoice,) in drafts:
            self.assertEqual(portal.get("/s/demo/account/invoices/%d/pdf" % invoice).status, 404)


if __name__ == "__main__":
    unittest.main()
