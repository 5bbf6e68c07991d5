"""Services and the team in the admin panel: typed prices stored exactly, archived services, inviting a staff
member through a real SMTP server, deactivation ending sessions, the last owner kept, and managers only."""
import os
import re
import sqlite3
import unittest
import urllib.parse

from harness import PASSWORD, MailSink, SalonTestCase, page_text


class AdminTestCase(SalonTestCase):
    def signed_in(self, email, password=PASSWORD):
        b = self.browser()
        r = b.admin_sign_in(email, password)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/admin")
        return b

    def field_error(self, r, field):
        m = re.search(r'<p class="field-error" id="%s-error">([^<]*)</p>' % field, r.text)
        return m.group(1) if m else None


class Services(AdminTestCase):
    def service(self, b, path="/s/demo/admin/services/new", **fields):
        data = {"name": "Puppy bath", "duration_minutes": "45", "price": "12,50", "tax_rate": "5.5", "active": "1"}
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        return b.submit(path, data, action=path)

    def test_a_price_typed_with_a_comma_is_stored_in_cents_and_listed_in_euros(self):
        b = self.signed_in("manager@demo.test")
        r = self.service(b)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/admin/services?done=saved")
        self.assertEqual(self.query("SELECT duration_minutes, price_minor, tax_rate_bp, active FROM services WHERE name = 'Puppy bath'"),
                         [(45, 1250, 550, 1)])
        text = page_text(b.get(r.header("Location")))
        self.assertIn("The service has been saved.", text)
        self.assertIn("Puppy bath 45 min €12.50 5.5%", text)
        self.assertIn("Full groom 90 min €55.00 20%", text)
        self.assertNotIn("Archived", text)

    def test_a_wrong_price_is_shown_next_to_the_field_and_nothing_is_stored(self):
        b = self.signed_in("manager@demo.test")
        before = self.one("SELECT count(*) FROM services")
        for fields, field, message in [
            ({"price": "abc"}, "price", "Enter a price like 55 or 55.00"),
            ({"price": "-3"}, "price", "Enter a price"),
            ({"duration_minutes": "2"}, "duration_minutes", "from 5 to 720"),
            ({"tax_rate": "twenty"}, "tax_rate", "from 0 to 100"),
            ({"name": "  "}, "name", "Enter a name."),
        ]:
            r = self.service(b, **fields)
            self.assertEqual(r.status, 422, fields)
            self.assertIn(message, self.field_error(r, field) or "", fields)
            self.assertIn('aria-describedby="%s-help %s-error"' % (field, field) if field in ("name", "price", "tax_rate") else
                          'aria-describedby="%s-error"' % field, r.text)
        r = self.service(b, price="abc")
        self.assertIn('value="abc"', r.text)  # what was typed is kept
        self.assertEqual(self.one("SELECT count(*) FROM services"), before)

    def test_a_service_is_archived_not_deleted_and_no_longer_offered_for_appointments(self):
        b = self.signed_in("manager@demo.test")
        nails = self.one("SELECT id FROM services WHERE name = 'Nail trim'")
        path = "/s/demo/admin/services/%d/edit" % nails
        form = b.get(path)
        self.assertIn('value="12.00"', form.text)
        self.assertIn('value="20"', form.text)
        r = self.service(b, path=path, name="Nail trim", duration_minutes="20", price="13", tax_rate="20", active=None)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT duration_minutes, price_minor, active FROM services WHERE id = ?", nails), [(20, 1300, 0)])
        self.assertIn("Nail trim Archived 20 min €13.00 20%", page_text(b.get("/s/demo/admin/services")))
        self.assertNotIn("Nail trim", page_text(b.get("/s/demo/admin/appointments/new")))
        # Mimi's appointment keeps its service.
        self.assertEqual(self.one("SELECT count(*) FROM appointments WHERE service_id = ?", nails), 1)
        self.assertEqual(b.get("/s/demo/admin/services/999/edit").status, 404)

    def test_staff_members_cannot_open_services_or_the_team(self):
        groomer = self.signed_in("groomer@demo.test")
        token = groomer.csrf_token("/s/demo/admin/appointments")
        for path in ("/s/demo/admin/services", "/s/demo/admin/services/new", "/s/demo/admin/services/1/edit",
                     "/s/demo/admin/staff", "/s/demo/admin/staff/new", "/s/demo/admin/staff/1/edit"):
            self.assertEqual(groomer.get(path).status, 403, path)
        r = groomer.post("/s/demo/admin/staff/new", {"csrf_token": token, "display_name": "Me", "email": "me@demo.test", "role": "owner",
                                                     "active": "1"})
        self.assertEqual(r.status, 403)
        r = groomer.post("/s/demo/admin/services/new", {"csrf_token": token, "name": "X", "duration_minutes": "30", "price": "1"})
        self.assertEqual(r.status, 403)
        self.assertEqual(self.one("SELECT count(*) FROM users WHERE email = 'me@demo.test'"), 0)
        self.assertEqual(self.one("SELECT count(*) FROM services WHERE name = 'X'"), 0)
        self.assertNotIn("/admin/services", groomer.get("/s/demo/admin/appointments").text)


class Team(AdminTestCase):
    with_mail = True

    def save(self, b, path, **fields):
        data = {"display_name": "", "email": "", "role": "staff", "active": "1"}
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        return b.submit(path, data, action=path)

    def test_an_invited_groomer_sets_a_password_signs_in_and_is_signed_out_when_deactivated(self):
        manager = self.signed_in("manager@demo.test")
        r = self.save(manager, "/s/demo/admin/staff/new", display_name="Zoé Bernard", email=" Zoe@Demo.test ", role="staff")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/admin/staff?done=invited")
        zoe, password_hash, role, active = self.query("SELECT id, password_hash, role, active FROM users WHERE email = 'zoe@demo.test'")[0]
        self.assertIsNone(password_hash)
        self.assertEqual((role, active), ("staff", 1))
        team = page_text(manager.get("/s/demo/admin/staff"))
        self.assertIn("Zoé Bernard zoe@demo.test Groomer Active Invited", team)

        message = self.mail.wait_for("zoe@demo.test")[-1]
        self.assertIn("Happy Paws Grooming", message["Subject"])
        text = MailSink.text_of(message)
        self.assertIn("Hello Zoé Bernard,", text)
        self.assertIn("/s/demo/admin/login", text)
        link = re.search(r"http://127\.0\.0\.1:\d+(/s/demo/admin/password/reset\?token=[A-Za-z0-9_-]+)", text).group(1)
        token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
        b = self.browser()
        self.assertEqual(b.get(link).status, 200)
        r = b.submit(link, {"token": token, "password": "zoe's own secret"}, action="/s/demo/admin/password/reset")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/admin/login?done=reset")
        zoe_browser = self.signed_in("zoe@demo.test", "zoe's own secret")
        self.assertEqual(zoe_browser.get("/s/demo/admin/appointments").status, 200)
        self.assertEqual(zoe_browser.get("/s/demo/admin/services").status, 403)

        r = self.save(manager, "/s/demo/admin/staff/%d/edit" % zoe, display_name="Zoé Bernard", email="zoe@demo.test", role="staff",
                      active=None)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.one("SELECT active FROM users WHERE id = ?", zoe), 0)
        self.assertEqual(self.one("SELECT count(*) FROM sessions WHERE user_id = ?", zoe), 0)
        gone = zoe_browser.get("/s/demo/admin/appointments")
        self.assertEqual(gone.status, 303)
        self.assertEqual(gone.header("Location"), "/s/demo/admin/login")
        self.assertEqual(self.browser().admin_sign_in("zoe@demo.test", "zoe's own secret").status, 422)
        self.assertIn("Zoé Bernard zoe@demo.test Groomer Inactive", page_text(manager.get("/s/demo/admin/staff")))
        # Her inactive account is not offered for appointments.
        self.assertNotIn("Zoé", page_text(manager.get("/s/demo/admin/appointments/new")))

    def test_the_last_active_owner_stays_and_only_owners_touch_owners(self):
        owner = self.signed_in("owner@demo.test")
        manager = self.signed_in("manager@demo.test")
        sophie = self.one("SELECT id FROM users WHERE email = 'owner@demo.test'")
        path = "/s/demo/admin/staff/%d/edit" % sophie
        for fields, field in (({"active": None}, "active"), ({"role": "manager"}, "role")):
            r = self.save(owner, path, **{"display_name": "Sophie Laurent", "email": "owner@demo.test", "role": "owner", **fields})
            self.assertEqual(r.status, 422, fields)
            self.assertIn("at least one active owner", self.field_error(r, field) or "", fields)
        self.assertEqual(self.query("SELECT role, active FROM users WHERE id = ?", sophie), [("owner", 1)])

        # A manager can neither change an owner nor make one.
        self.assertEqual(manager.get(path).status, 403)
        token = manager.csrf_token("/s/demo/admin/staff")
        r = manager.post(path, {"csrf_token": token, "display_name": "Sophie", "email": "owner@demo.test", "role": "staff"})
        self.assertEqual(r.status, 403)
        self.assertNotIn('value="owner"', manager.get("/s/demo/admin/staff/new").text)
        r = self.save(manager, "/s/demo/admin/staff/new", display_name="Boss", email="boss@demo.test", role="owner")
        self.assertEqual(r.status, 422)
        self.assertIn("Only an owner", self.field_error(r, "role"))
        marc = self.one("SELECT id FROM users WHERE email = 'manager@demo.test'")
        r = self.save(manager, "/s/demo/admin/staff/%d/edit" % marc, display_name="Marc Petit", email="manager@demo.test", role="owner")
        self.assertEqual(r.status, 422)
        self.assertEqual(self.one("SELECT role FROM users WHERE id = ?", marc), "manager")
        # Nobody takes an email another account has.
        r = self.save(manager, "/s/demo/admin/staff/new", display_name="Alice again", email="ALICE@demo.test")
        self.assertEqual(r.status, 422)
        self.assertIn("Another account already uses this email", self.field_error(r, "email"))

        # With a second owner, the first one may step down.
        r = self.save(owner, "/s/demo/admin/staff/new", display_name="Paul Laurent", email="paul@demo.test", role="owner")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.one("SELECT role FROM users WHERE email = 'paul@demo.test'"), "owner")
        r = self.save(owner, path, display_name="Sophie Laurent", email="owner@demo.test", role="manager")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT role, active FROM users WHERE id = ?", sophie), [("manager", 1)])


if __name__ == "__main__":
    unittest.main()
