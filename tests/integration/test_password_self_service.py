"""Password self-service through a real SMTP server: the team's forgot-password, changing one's own password
in both faces, and emailed links that leave no working secret in the salon's file or its backups."""
import glob
import os
import re
import tempfile
import time
import unittest
import urllib.parse

from harness import PASSWORD, MailSink, SalonTestCase, page_text, run_cli

LINK = re.compile(r"http://127\.0\.0\.1:\d+(/s/demo(/admin)?/password/reset\?token=([A-Za-z0-9_-]+))")


class StaffForgotPassword(SalonTestCase):
    with_mail = True

    def close_portal(self):
        b = self.browser()
        b.admin_sign_in("owner@demo.test")
        page = b.get("/s/demo/admin/settings").text
        fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page))
        for name, value in re.findall(r'<select[^>]*name="([a-z_]+)".*?<option value="([^"]*)" selected', page, flags=re.S):
            fields[name] = value
        for name in re.findall(r'<input[^>]*type="checkbox"[^>]*name="([a-z_]+)"[^>]*checked', page):
            fields[name] = "1"
        fields.pop("csrf_token", None)
        fields.pop("portal_enabled", None)
        r = b.submit("/s/demo/admin/settings", fields)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.browser().get("/s/demo/login").status, 404)

    def test_a_groomer_resets_a_forgotten_password_from_the_admin_side_with_the_portal_closed(self):
        self.close_portal()
        login = self.browser().get("/s/demo/admin/login")
        self.assertIn('href="/s/demo/admin/password/forgot"', login.text)
        b = self.browser()
        r = b.submit("/s/demo/admin/password/forgot", {"email": "Groomer@Demo.test"})
        self.assertEqual(r.status, 200)
        self.assertIn("If this address belongs to an account", page_text(r))
        message = self.mail.wait_for("groomer@demo.test")[-1]
        m = LINK.search(MailSink.text_of(message))
        self.assertEqual(m.group(2), "/admin", "a staff link must open the admin side")
        link, token = m.group(1), m.group(3)
        self.assertEqual(b.get(link).status, 200)
        weak = b.submit(link, {"token": token, "password": "password123"}, action="/s/demo/admin/password/reset")
        self.assertEqual(weak.status, 422)
        done = b.submit(link, {"token": token, "password": "chloe's new secret"}, action="/s/demo/admin/password/reset")
        self.assertEqual(done.status, 303)
        self.assertEqual(done.header("Location"), "/s/demo/admin/login?done=reset")
        self.assertEqual(self.browser().admin_sign_in("groomer@demo.test", "chloe's new secret").status, 303)
        self.assertEqual(self.browser().get(link).status, 410)

    def test_customers_and_strangers_get_the_same_answer_and_no_email_on_the_admin_side(self):
        before = len(self.mail.messages)
        known = self.browser().submit("/s/demo/admin/password/forgot", {"email": "manager@demo.test"})
        answers = [self.browser().submit("/s/demo/admin/password/forgot", {"email": e}) for e in ("alice@demo.test", "nobody@demo.test")]
        for email, r in zip(("alice@demo.test", "nobody@demo.test"), answers):
            self.assertEqual(r.status, 200)
            self.assertEqual(page_text(r).replace(email, "X"), page_text(known).replace("manager@demo.test", "X"))
        self.mail.wait_for("manager@demo.test")
        time.sleep(0.5)
        self.assertFalse([m for m in self.mail.messages[before:] if "alice" in m["To"] or "nobody" in m["To"]])


class ChangePassword(SalonTestCase):
    def sign_in_portal(self, email, password=PASSWORD):
        b = self.browser()
        r = b.submit("/s/demo/login", {"email": email, "password": password})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def change(self, b, path, current, new, confirm=None):
        return b.submit(path, {"current_password": current, "password": new, "password_confirm": new if confirm is None else confirm})

    def check_change(self, sign_in, path, email, login_path):
        here = sign_in(email)
        elsewhere = sign_in(email)
        page = here.get(path)
        self.assertEqual(page.status, 200)
        for field in ("current_password", "password", "password_confirm"):
            self.assertIn('name="%s"' % field, page.text)
        cases = [
            (("not my password", "a fresh long secret", None), "current_password", "This is not your current password."),
            ((PASSWORD, "password123", None), "password", "too easy to guess"),
            ((PASSWORD, "a fresh long secret", "a fresh long secreT"), "password_confirm", "not the same"),
        ]
        for args, field, message in cases:
            r = self.change(here, path, *args)
            self.assertEqual(r.status, 422, args)
            error = re.search(r'<p class="field-error" id="%s-error">([^<]*)</p>' % field, r.text)
            self.assertTrue(error, "no error next to %s" % field)
            self.assertIn(message, error.group(1))
        r = self.change(here, path, PASSWORD, "a fresh long secret")
        self.assertEqual(r.status, 303)
        self.assertIn("Your password has been changed", page_text(here.get(r.header("Location"))))
        # This browser stays signed in; every other session of the account ends.
        self.assertEqual(here.get(path).status, 200)
        self.assertEqual(elsewhere.get(path).status, 303)
        self.assertEqual(self.browser().submit(login_path, {"email": email, "password": PASSWORD}).status, 422)
        sign_in(email, "a fresh long secret")
        run_cli("user", "reset-password", "--data", self.data, "--salon", "demo", "--email", email, "--password-stdin",
                stdin=PASSWORD + "\n")

    def test_a_team_member_changes_their_password(self):
        def staff(email, password=PASSWORD):
            b = self.browser()
            self.assertEqual(b.admin_sign_in(email, password).status, 303)
            return b
        self.check_change(staff, "/s/demo/admin/account/password", "manager@demo.test", "/s/demo/admin/login")

    def test_a_customer_changes_their_password(self):
        self.check_change(self.sign_in_portal, "/s/demo/account/password", "alice@demo.test", "/s/demo/login")

    def test_the_account_menus_link_to_the_page(self):
        staff = self.browser()
        staff.admin_sign_in("owner@demo.test")
        self.assertIn('href="/s/demo/admin/account/password"', staff.get("/s/demo/admin").text)
        customer = self.sign_in_portal("bob@demo.test")
        self.assertIn('href="/s/demo/account/password"', customer.get("/s/demo/account").text)
        # French catalogs are complete for the page.
        bob = self.browser("fr")
        bob.submit("/s/demo/login", {"email": "bob@demo.test", "password": PASSWORD})
        self.assertIn("Mot de passe actuel", page_text(bob.get("/s/demo/account/password")))

    def test_the_page_needs_a_session_of_its_face(self):
        self.assertEqual(self.browser().get("/s/demo/account/password").header("Location"), "/s/demo/login")
        self.assertEqual(self.browser().get("/s/demo/admin/account/password").header("Location"), "/s/demo/admin/login")
        customer = self.sign_in_portal("bob@demo.test")
        self.assertEqual(customer.get("/s/demo/admin/account/password").status, 303)

    def test_guessing_the_current_password_is_throttled(self):
        b = self.sign_in_portal("bob@demo.test")
        statuses = [self.change(b, "/s/demo/account/password", "guess %d" % i, "a fresh long secret").status for i in range(6)]
        self.assertEqual(statuses, [422] * 5 + [429])


class NoLiveLinksAtRest(SalonTestCase):
    with_mail = True

    def files_of_salon(self):
        return [p for p in glob.glob(os.path.join(self.data, "salons", "demo.db*"))]

    def assert_nowhere(self, secret, paths):
        for path in paths:
            with open(path, "rb") as f:
                self.assertNotIn(secret.encode(), f.read(), path)

    def test_sent_links_are_not_in_the_salon_file_nor_its_backup(self):
        self.browser().submit("/s/demo/password/forgot", {"email": "alice@demo.test"})
        manager = self.browser()
        manager.admin_sign_in("manager@demo.test")
        r = manager.submit("/s/demo/admin/staff/new", {"display_name": "Inès", "email": "ines@demo.test", "role": "staff", "active": "1"})
        self.assertEqual(r.status, 303, page_text(r))
        links = []
        for to in ("alice@demo.test", "ines@demo.test"):
            m = LINK.search(MailSink.text_of(self.mail.wait_for(to)[-1]))
            links.append((m.group(1), m.group(3)))
        self.assertTrue(self.wait_until(lambda: self.one("SELECT count(*) FROM outbox WHERE status != 'sent'") == 0))
        with tempfile.TemporaryDirectory() as out:
            backup = os.path.join(out, "demo.db")
            code, _, err = run_cli("backup", "--data", self.data, "--salon", "demo", "--out", backup)
            self.assertEqual(code, 0, err)
            for link, token in links:
                self.assert_nowhere(token, self.files_of_salon() + [backup])
        # The email log still lists both messages.
        log = page_text(manager.get("/s/demo/admin/email-log"))
        self.assertIn("alice@demo.test", log)
        self.assertIn("ines@demo.test", log)
        # The links themselves work.
        self.assertEqual(self.browser().get(links[0][0]).status, 200)
        self.assertEqual(self.browser().get(links[1][0]).status, 200)


class PendingLinks(SalonTestCase):
    # Nothing listens on port 1: every email stays pending, to be tried again later.
    server_args = ("--trusted-proxy", "127.0.0.1/32", "--mail-transport", "smtp", "--smtp-url", "smtp://127.0.0.1:1")

    def test_a_message_waiting_to_be_sent_holds_its_link_only_sealed(self):
        self.browser().submit("/s/demo/password/forgot", {"email": "bob@demo.test"})
        self.assertTrue(self.wait_until(lambda: self.one("SELECT attempts FROM outbox WHERE to_address = 'bob@demo.test'") >= 1
                                        if self.query("SELECT 1 FROM outbox WHERE to_address = 'bob@demo.test'") else False))
        text, html, status = self.query("SELECT body_text, body_html, status FROM outbox WHERE to_address = 'bob@demo.test'")[0]
        self.assertEqual(status, "pending")
        for body in (text, html):
            self.assertTrue(body.startswith("sealed1:"))
            self.assertNotIn("password/reset", body)


if __name__ == "__main__":
    unittest.main()
