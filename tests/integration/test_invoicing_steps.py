"""Invoicing in fewer steps: "Invoice" on an appointment and on the customer page opens
/admin/invoices/new?appointment={id}, whose draft takes the appointment's service and price, and one appointment
never gets two drafts however often it is invoiced; "Add a line" offers the salon's services; every error of a typed
line shows at once; "Paid in full" records what is due in one click; a payment refused for being too much names
the amount still due. Only managers and owners invoice; another salon's appointment is unknown here."""
import re
import unittest

from harness import Browser, SalonTestCase, page_text

ADMIN = "/s/demo/admin"
INVOICES = ADMIN + "/invoices"


class InvoicingSteps(SalonTestCase):
    @classmethod
    def prepare_data(cls):
        # Salon "other", a copy of demo with one more appointment, whose id demo does not have.
        dst = cls.copy_demo_salon()
        dst.execute("CREATE TEMP TABLE copy AS SELECT * FROM appointments WHERE status = 'scheduled' ORDER BY id LIMIT 1")
        dst.execute("UPDATE copy SET id = (SELECT max(id) + 100 FROM appointments), starts_at = starts_at + 366 * 86400, "
                    "ends_at = ends_at + 366 * 86400")
        dst.execute("INSERT INTO appointments SELECT * FROM copy")
        cls.other_appointment = dst.execute("SELECT max(id) FROM appointments").fetchone()[0]
        dst.commit()
        dst.close()

    def signed_in(self, email):
        b = Browser(self.server)
        r = b.admin_sign_in(email)
        self.assertEqual(r.status, 303, page_text(r))
        b.token = b.csrf_token(ADMIN)
        return b

    def post(self, b, path, **fields):
        return b.post(path, dict(fields, csrf_token=b.token))

    def bobs_upcoming(self):
        """Mimi's upcoming nail trim: (appointment id, service name in Bob's French, price, tax rate)."""
        return self.query("SELECT a.id, coalesce((SELECT sn.name FROM service_names sn WHERE sn.service_id = s.id AND sn.lang = 'fr'), s.name), "
                          "s.price_minor, s.tax_rate_bp FROM appointments a JOIN animals n ON n.id = a.animal_id "
                          "JOIN services s ON s.id = a.service_id WHERE n.name = 'Mimi' AND a.status = 'scheduled'")[0]

    def draft_with_a_line(self, manager):
        """A new draft for Carol with one line: its id."""
        carol = self.one("SELECT id FROM customers WHERE email = 'carol@demo.test'")
        r = self.post(manager, INVOICES + "/new", customer_id=carol)
        self.assertEqual(r.status, 303, page_text(r))
        invoice = int(re.search(r"/invoices/(\d+)", r.header("Location")).group(1))
        r = self.post(manager, "%s/%d/lines" % (INVOICES, invoice), description="Full groom", quantity="1", unit_price="50.00", tax_rate="20")
        self.assertEqual(r.status, 303, page_text(r))
        return invoice

    def test_invoicing_an_appointment_twice_opens_the_same_draft_with_its_service(self):
        manager = self.signed_in("manager@demo.test")
        appointment, service, price, rate = self.bobs_upcoming()
        link = "%s/new?appointment=%d" % (INVOICES, appointment)
        # The appointment's page and Bob's page both offer "Invoice".
        self.assertIn('href="%s"' % link, manager.get("%s/appointments/%d/edit" % (ADMIN, appointment)).text)
        bob = self.one("SELECT id FROM customers WHERE email = 'bob@demo.test'")
        customer_page = manager.get("%s/customers/%d" % (ADMIN, bob)).text
        self.assertIn('href="%s"' % link, customer_page)
        self.assertIn('href="%s/new?customer=%d"' % (INVOICES, bob), customer_page)

        page = manager.get(link)
        self.assertEqual(page.status, 200)
        self.assertIn(service, page_text(page))
        r = self.post(manager, INVOICES + "/new", appointment_id=appointment)
        self.assertEqual(r.status, 303, page_text(r))
        invoice = int(re.search(r"/invoices/(\d+)", r.header("Location")).group(1))
        # One line: the service for the animal, at the service's price and tax rate.
        ((description, quantity, unit_price, tax_rate),) = self.query(
            "SELECT description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines WHERE invoice_id = ?", invoice)
        self.assertIn("Mimi", description)
        self.assertEqual((quantity, unit_price, tax_rate), (1, price, rate))
        self.assertEqual(self.one("SELECT customer_id FROM invoices WHERE id = ?", invoice), bob)

        # Opened again, from the link or by a second POST (another tab, a double click): the same draft.
        again = manager.get(link)
        self.assertEqual(again.status, 303)
        self.assertEqual(again.header("Location"), "%s/%d" % (INVOICES, invoice))
        r = self.post(manager, INVOICES + "/new", appointment_id=appointment)
        self.assertEqual(r.header("Location").split("?")[0], "%s/%d" % (INVOICES, invoice))
        self.assertEqual(self.one("SELECT count(*) FROM invoices WHERE appointment_id = ?", appointment), 1)

    def test_only_managers_invoice_and_unknown_or_other_salons_appointments_are_404(self):
        groomer = self.signed_in("groomer@demo.test")
        appointment = self.bobs_upcoming()[0]
        self.assertEqual(groomer.get("%s/new?appointment=%d" % (INVOICES, appointment)).status, 403)
        self.assertNotIn("/invoices/new", groomer.get("%s/appointments/%d/edit" % (ADMIN, appointment)).text)
        bob = self.one("SELECT id FROM customers WHERE email = 'bob@demo.test'")
        self.assertNotIn("/invoices/new", groomer.get("%s/customers/%d" % (ADMIN, bob)).text)
        self.assertEqual(self.post(groomer, INVOICES + "/new", appointment_id=appointment).status, 403)

        owner = self.signed_in("owner@demo.test")
        before = self.one("SELECT count(*) FROM invoices")
        for missing in ("999999", str(self.other_appointment), "abc"):
            with self.subTest(appointment=missing):
                self.assertEqual(owner.get("%s/new?appointment=%s" % (INVOICES, missing)).status, 404)
                self.assertEqual(self.post(owner, INVOICES + "/new", appointment_id=missing).status, 422)
        self.assertEqual(self.one("SELECT count(*) FROM invoices"), before)

    def test_a_service_of_the_picker_becomes_a_line(self):
        manager = self.signed_in("manager@demo.test")
        invoice = self.draft_with_a_line(manager)
        page = manager.get("%s/%d" % (INVOICES, invoice)).text
        service_id, name, price, rate = self.query("SELECT id, name, price_minor, tax_rate_bp FROM services WHERE active = 1 ORDER BY id")[0]
        self.assertRegex(page, r'<option value="%d">%s – ' % (service_id, re.escape(name.replace("&", "&amp;"))))
        r = self.post(manager, "%s/%d/lines" % (INVOICES, invoice), service_id=str(service_id))
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines "
                                    "WHERE invoice_id = ? ORDER BY position DESC LIMIT 1", invoice), [(name, 1, price, rate)])
        # An unknown or retired service adds nothing.
        db = self.db()
        try:
            retired = db.execute("INSERT INTO services (name, duration_minutes, price_minor, active) VALUES ('Retired', 30, 100, 0)").lastrowid
            db.commit()
        finally:
            db.close()
        for bad in ("999999", str(retired), "x"):
            with self.subTest(service=bad):
                r = self.post(manager, "%s/%d/lines" % (INVOICES, invoice), service_id=bad)
                self.assertEqual(r.status, 422)
                self.assertIn("Choose one of the salon's services.", page_text(r))
        self.assertEqual(self.one("SELECT count(*) FROM invoice_lines WHERE invoice_id = ?", invoice), 2)

    def test_every_error_of_a_line_shows_at_once(self):
        manager = self.signed_in("manager@demo.test")
        invoice = self.draft_with_a_line(manager)
        r = self.post(manager, "%s/%d/lines" % (INVOICES, invoice), description="", quantity="0", unit_price="abc", tax_rate="150")
        self.assertEqual(r.status, 422)
        for field in ("description", "quantity", "unit_price", "tax_rate"):
            with self.subTest(field=field):
                self.assertRegex(r.text, r'id="%s" [^>]*aria-invalid="true"' % field)
                self.assertIn('<p class="field-error" id="%s-error">' % field, r.text)
                self.assertIn('href="#%s"' % field, r.text)  # listed in the summary at the top
        # The typed values come back to be fixed.
        self.assertIn('value="abc"', r.text)
        self.assertEqual(self.one("SELECT count(*) FROM invoice_lines WHERE invoice_id = ?", invoice), 1)

    def test_paid_in_full_records_what_is_due_and_too_much_names_it(self):
        manager = self.signed_in("manager@demo.test")
        invoice = self.draft_with_a_line(manager)
        self.assertEqual(self.post(manager, "%s/%d/issue" % (INVOICES, invoice), confirm="1").status, 303)
        page = manager.get("%s/%d" % (INVOICES, invoice))
        self.assertIn("Paid in full: €60.00", page_text(page))

        r = self.post(manager, "%s/%d/payments" % (INVOICES, invoice), amount="80.00", method="card", paid_on="")
        self.assertEqual(r.status, 422)
        self.assertIn("Still due: €60.00.", page_text(r))
        self.assertEqual(self.query("SELECT count(*) FROM payments WHERE invoice_id = ?", invoice), [(0,)])

        r = self.post(manager, "%s/%d/payments" % (INVOICES, invoice), full="1", method="cash")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT amount_minor, method FROM payments WHERE invoice_id = ?", invoice), [(6000, "cash")])
        page = page_text(manager.get("%s/%d" % (INVOICES, invoice)))
        self.assertNotIn("Paid in full:", page)  # nothing left to pay
        # A replay after it was paid is refused: nothing more is recorded.
        r = self.post(manager, "%s/%d/payments" % (INVOICES, invoice), full="1", method="cash")
        self.assertEqual(r.status, 409)
        self.assertEqual(self.query("SELECT count(*) FROM payments WHERE invoice_id = ?", invoice), [(1,)])


if __name__ == "__main__":
    unittest.main()
