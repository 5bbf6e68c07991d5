"""Services in the customer's language: the demo's services have English and French names; Bob (French) reads
"Coupe des griffes" where Alice reads "Nail trim" on the portal and the booking page, a draft invoice started from
his appointment is written in French, and managers edit a name per language on the service form, an empty one
falling back to the salon's."""
import re
import unittest

from harness import PASSWORD, SalonTestCase, page_text


class ServiceNamesTestCase(SalonTestCase):
    def customer(self, email, accept_language="en"):
        b = self.browser(accept_language)
        r = b.submit("/s/demo/login", {"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def manager(self):
        b = self.browser()
        self.assertEqual(b.admin_sign_in("manager@demo.test").status, 303)
        return b

    def nails(self):
        return self.one("SELECT id FROM services WHERE name = 'Nail trim'")


class Reading(ServiceNamesTestCase):
    def test_bob_reads_his_appointments_services_in_french_and_alice_in_english(self):
        # Even with an English browser: Bob's account speaks French.
        bob = page_text(self.customer("bob@demo.test").get("/s/demo/account/appointments"))
        self.assertIn("Coupe des griffes", bob)
        self.assertIn("Toilettage complet", bob)
        self.assertNotIn("Nail trim", bob)
        alice = page_text(self.customer("alice@demo.test").get("/s/demo/account/appointments"))
        self.assertIn("Full groom", alice)
        self.assertNotIn("Toilettage complet", alice)

    def test_the_booking_page_names_the_services_in_the_visitors_language(self):
        french = page_text(self.browser("fr").get("/s/demo/book"))
        for name in ("Toilettage complet", "Bain et brossage", "Coupe des griffes"):
            self.assertIn(name, french)
        self.assertNotIn("Nail trim", french)
        english = page_text(self.browser("en").get("/s/demo/book"))
        self.assertIn("Nail trim", english)
        self.assertNotIn("Coupe des griffes", english)
        # The chosen service's page too.
        chosen = page_text(self.browser("fr").get("/s/demo/book?service=%d" % self.nails()))
        self.assertIn("Coupe des griffes", chosen)

    def test_the_portal_request_form_offers_the_services_in_french_to_bob(self):
        form = page_text(self.customer("bob@demo.test").get("/s/demo/account/appointments/new"))
        self.assertIn("Coupe des griffes", form)
        self.assertNotIn("Nail trim", form)

    def test_a_draft_invoice_started_from_bobs_appointment_names_the_service_in_french(self):
        mimi_nails = self.one("SELECT a.id FROM appointments a JOIN animals n ON n.id = a.animal_id WHERE n.name = 'Mimi'")
        b = self.manager()
        r = b.submit("/s/demo/admin/invoices/new", {"appointment_id": mimi_nails})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT l.description FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
                                    "WHERE i.appointment_id = ?", mimi_nails), [("Coupe des griffes \u2013 Mimi",)])

    def test_a_service_picked_for_a_line_of_bobs_invoice_is_written_in_french(self):
        b = self.manager()
        bob = self.one("SELECT id FROM customers WHERE email = 'bob@demo.test'")
        r = b.submit("/s/demo/admin/invoices/new", {"customer_id": bob})
        self.assertEqual(r.status, 303, page_text(r))
        page = r.header("Location")
        invoice = int(re.search(r"/invoices/(\d+)", page).group(1))
        r = b.submit(page, {"service_id": self.nails()}, action="/s/demo/admin/invoices/%d/lines" % invoice)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT description FROM invoice_lines WHERE invoice_id = ?", invoice), [("Coupe des griffes",)])

    def test_the_admin_panel_keeps_the_salons_names(self):
        text = page_text(self.manager().get("/s/demo/admin/services"))
        self.assertIn("Nail trim", text)
        self.assertNotIn("Coupe des griffes", text)


class Editing(ServiceNamesTestCase):
    def test_a_manager_names_a_service_in_french_and_an_empty_name_falls_back_to_the_salons(self):
        b = self.manager()
        path = "/s/demo/admin/services/%d/edit" % self.nails()
        form = b.get(path)
        self.assertEqual(form.status, 200)
        self.assertRegex(form.text, r'<label for="name_fr">Name in French</label>')
        self.assertIn('name="name_fr" type="text" lang="fr" maxlength="100" value="Coupe des griffes"', form.text)
        self.assertNotIn('name="name_en"', form.text)  # the salon speaks English: "name" is the English one
        fields = {"name": "Nail trim", "duration_minutes": "15", "price": "12", "tax_rate": "20", "active": "1"}

        r = b.submit(path, dict(fields, name_fr="Griffes " + "x" * 100), action=path)
        self.assertEqual(r.status, 422)
        self.assertRegex(r.text, r'<p class="field-error" id="name_fr-error">Keep the name under 100 characters')
        self.assertIn('aria-invalid="true"', r.text)

        r = b.submit(path, dict(fields, name_fr="  Griffes  "), action=path)
        self.assertEqual(r.status, 303, page_text(r))
        bob = self.customer("bob@demo.test")
        self.assertIn("Griffes", page_text(bob.get("/s/demo/account/appointments")))

        r = b.submit(path, dict(fields, name_fr=""), action=path)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT count(*) FROM service_names WHERE service_id = ?", self.nails()), [(0,)])
        text = page_text(bob.get("/s/demo/account/appointments"))
        self.assertIn("Nail trim", text)
        self.assertNotIn("Griffes", text)

    def test_a_new_service_gets_its_french_name(self):
        b = self.manager()
        path = "/s/demo/admin/services/new"
        r = b.submit(path, {"name": "Teeth cleaning", "name_fr": "Nettoyage des dents", "duration_minutes": "20", "price": "15",
                            "tax_rate": "20", "active": "1"}, action=path)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT n.lang, n.name FROM service_names n JOIN services s ON s.id = n.service_id "
                                    "WHERE s.name = 'Teeth cleaning'"), [("fr", "Nettoyage des dents")])


if __name__ == "__main__":
    unittest.main()
