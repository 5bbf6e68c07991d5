"""Customers sign in with a six-digit code emailed through a real SMTP server: the same answer for every address,
single-use codes with a failure limit that survives resends, accounts made on first sign-in, and the picker
between salons of the same box."""
import re
import unittest

from harness import PASSWORD, SalonTestCase, page_text, run_cli

CODE_PAGE = "/s/demo/login/code"


class CodeSignIn(SalonTestCase):
    with_mail = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second salon on the same box, where Bob is also a customer (the picker) and Carol is not.
        code, _, err = run_cli("salon", "create", "--data", cls.data, "bravo", "--name", "Bravo Grooming",
                               "--timezone", "Europe/Paris", "--locale", "fr", "--currency", "EUR")
        assert code == 0, err

    def bravo(self, sql, *args):
        return self.query(sql, *args, slug="bravo")

    # -- helpers ---------------------------------------------------------------------------------------------

    def ask_code(self, b, email, slug="demo"):
        return b.submit("/s/%s/login" % slug, {"email": email}, action="/s/%s/login/code" % slug)

    def code_for(self, to, count):
        """The code in the `count`-th email to `to`, checking it is only in the body."""
        message = self.mail.wait_for(to, count)[count - 1]
        self.assertNotRegex(message["Subject"], r"\d{6}")
        m = re.search(r"\b(\d{6})\b", self.mail.text_of(message))
        self.assertTrue(m, self.mail.text_of(message))
        return m.group(1), message

    def mails_to(self, to):
        return [m for m in self.mail.messages if to.lower() in m["To"].lower()]

    def verify(self, b, code, slug="demo"):
        # The CSRF token comes from the sign-in page: the code page itself needs a challenge to show.
        return b.submit("/s/%s/login" % slug, {"code": code}, action="/s/%s/login/code/verify" % slug)

    def resend(self, b, slug="demo"):
        return b.submit("/s/%s/login" % slug, {}, action="/s/%s/login/code/resend" % slug)

    def wrong(self, code):
        return "%06d" % ((int(code) + 1) % 1000000)

    # -- asking for a code -----------------------------------------------------------------------------------

    def test_a_customer_without_an_account_signs_in_with_a_code_and_gets_one(self):
        self.assertEqual(self.query("SELECT count(*) FROM users WHERE email = 'carol@demo.test'")[0][0], 0)
        b = self.browser()
        page = b.get("/s/demo/login")
        self.assertIn('action="/s/demo/login/code"', page.text)
        self.assertIn('action="/s/demo/login"', page.text)  # the demo salon allows both
        r = self.ask_code(b, " Carol@Demo.TEST ")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), CODE_PAGE)
        cookie = [c for c in r.headers_named("Set-Cookie") if c.startswith("sb-demo-code=")][0]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("Max-Age=900", cookie)
        challenge = b.cookies["sb-demo-code"]
        code, message = self.code_for("carol@demo.test", 1)
        self.assertEqual(message["To"].addresses[0].addr_spec, "carol@demo.test")  # the record's, not what was typed
        self.assertIn("Happy Paws Grooming", self.mail.text_of(message))
        self.assertIn("15 minutes", self.mail.text_of(message))
        self.assertIn("ignore this email", self.mail.text_of(message))
        self.assertNotIn(code, self.query("SELECT group_concat(hex(code_hash)) || group_concat(email) FROM sign_in_challenges")[0][0])

        page = b.get(CODE_PAGE)
        self.assertEqual(page.status, 200)
        self.assertIn('autocomplete="one-time-code"', page.text)
        self.assertIn("Resend code", page_text(page))
        token = b.csrf_token("/s/demo/login")  # once signed in, the sign-in page sends the browser on
        r = self.verify(b, code[:3] + " " + code[3:])
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/account")
        self.assertEqual(b.get("/s/demo/account").status, 200)
        self.assertEqual(self.query("SELECT role, password_hash IS NULL, active FROM users WHERE email = 'carol@demo.test'"),
                         [("customer", 1, 1)])
        self.assertNotIn("sb-demo-code", b.cookies)
        # The code was used: the same code again is refused, even with the challenge cookie put back.
        b.cookies["sb-demo-code"] = challenge
        r = b.post("/s/demo/login/code/verify", {"code": code, "csrf_token": token})
        self.assertEqual(r.status, 410)

    def test_the_answer_is_the_same_for_every_address_and_only_a_customer_gets_an_email(self):
        self.query("INSERT INTO customers (first_name, last_name, email, archived_at, created_at) "
                   "VALUES ('Old', 'Record', 'archived@demo.test', 1, 1)")
        answers = []
        for email in ("nobody@example.com", "owner@demo.test", "groomer@demo.test", "archived@demo.test", "alice@demo.test"):
            b = self.browser()
            r = self.ask_code(b, email)
            code_page = b.get(CODE_PAGE)
            answers.append((r.status, r.header("Location"), page_text(code_page).replace(email, "EMAIL")))
            self.assertNotIn(email, r.header("Location"))
        self.assertEqual(len(set(answers)), 1, answers)
        # Alice's email was the last one asked for: once it arrived, none of the others can still be on its way.
        self.code_for("alice@demo.test", len(self.mails_to("alice@demo.test")) or 1)
        for email in ("nobody@example.com", "owner@demo.test", "groomer@demo.test", "archived@demo.test"):
            self.assertEqual(self.mails_to(email), [], email)

    def test_unknown_addresses_cannot_be_opened_by_any_code(self):
        b = self.browser()
        self.ask_code(b, "stranger@example.com")
        for attempt in range(4):
            self.assertEqual(self.verify(b, "%06d" % attempt).status, 422)
        r = self.verify(b, "000004")
        self.assertEqual(r.status, 422)
        self.assertIn("Too many wrong codes", page_text(r))
        self.assertEqual(self.verify(b, "000005").status, 410)

    def test_disabled_portal_access_stays_disabled(self):
        dana = self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES "
                          "('Dana', 'Off', 'dana@demo.test', 1) RETURNING id")[0][0]
        self.query("INSERT INTO users (email, role, customer_id, active, created_at) VALUES ('dana@demo.test', 'customer', ?, 0, 1)", dana)
        b = self.browser()
        self.assertEqual(self.ask_code(b, "dana@demo.test").status, 303)
        bob_before = len(self.mails_to("bob@demo.test"))
        self.ask_code(self.browser(), "bob@demo.test")  # a marker: Bob's email was queued after Dana's request
        self.mail.wait_for("bob@demo.test", bob_before + 1)
        self.assertEqual(self.mails_to("dana@demo.test"), [])

    def test_access_turned_off_after_the_code_was_sent_is_refused(self):
        eve = self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES "
                         "('Eve', 'Later', 'eve@demo.test', 1) RETURNING id")[0][0]
        b = self.browser()
        self.ask_code(b, "eve@demo.test")
        code, _ = self.code_for("eve@demo.test", 1)
        self.query("UPDATE customers SET archived_at = 1 WHERE id = ?", eve)
        r = self.verify(b, code)
        self.assertEqual(r.status, 403)
        self.assertNotIn("sb-demo-portal", b.cookies)
        self.assertEqual(self.query("SELECT count(*) FROM users WHERE email = 'eve@demo.test'")[0][0], 0)

    # -- wrong codes, resends, expiry -------------------------------------------------------------------------

    def test_five_wrong_codes_end_the_challenge_and_a_resend_does_not_reset_the_count(self):
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Finn', 'Five', 'finn@demo.test', 1)")
        b = self.browser()
        self.ask_code(b, "finn@demo.test")
        first, _ = self.code_for("finn@demo.test", 1)
        for _ in range(3):
            r = self.verify(b, self.wrong(first))
            self.assertEqual(r.status, 422)
            self.assertIn("not right", page_text(r))
        r = self.resend(b)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), CODE_PAGE + "?done=resent")
        self.assertIn("A new code is on its way", page_text(b.get(r.header("Location"))))
        second, _ = self.code_for("finn@demo.test", 2)
        if second != first:
            self.assertEqual(self.verify(b, first).status, 422)  # the resend voided the first code (4th failure)
        else:
            self.assertEqual(self.verify(b, self.wrong(second)).status, 422)
        r = self.verify(b, self.wrong(second))  # the 5th wrong entry, counting those before the resend
        self.assertEqual(r.status, 422)
        self.assertIn("Too many wrong codes", page_text(r))
        # The right code no longer opens anything: a sixth try is refused.
        self.assertEqual(self.verify(b, second).status, 410)
        self.assertNotIn("sb-demo-portal", b.cookies)

    def test_a_resent_code_works_and_the_old_one_does_not(self):
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Gus', 'Resend', 'gus@demo.test', 1)")
        b = self.browser()
        self.ask_code(b, "gus@demo.test")
        first, _ = self.code_for("gus@demo.test", 1)
        self.resend(b)
        second, _ = self.code_for("gus@demo.test", 2)
        if first != second:
            self.assertEqual(self.verify(b, first).status, 422)
        self.assertEqual(self.verify(b, second).status, 303)

    def test_an_expired_code_is_refused(self):
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Hal', 'Late', 'hal@demo.test', 1)")
        b = self.browser()
        self.ask_code(b, "hal@demo.test")
        code, _ = self.code_for("hal@demo.test", 1)
        self.query("UPDATE sign_in_challenges SET expires_at = strftime('%s', 'now') - 1 WHERE email = 'hal@demo.test'")
        r = self.verify(b, code)
        self.assertEqual(r.status, 410)
        self.assertIn("expired", page_text(r))

    def test_without_the_challenge_cookie_a_code_opens_nothing(self):
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Ivy', 'Cookie', 'ivy@demo.test', 1)")
        b = self.browser()
        self.ask_code(b, "ivy@demo.test")
        code, _ = self.code_for("ivy@demo.test", 1)
        other = self.browser()
        self.assertEqual(self.verify(other, code).status, 410)
        self.assertEqual(other.get(CODE_PAGE).status, 303)
        self.assertEqual(self.verify(b, code).status, 303)

    def test_a_code_from_one_salon_opens_nothing_at_another(self):
        self.bravo("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Jo', 'Both', 'jo@demo.test', 1)")
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Jo', 'Both', 'jo@demo.test', 1)")
        b = self.browser()
        self.ask_code(b, "jo@demo.test", slug="demo")
        code, _ = self.code_for("jo@demo.test", 1)
        self.assertEqual(self.verify(b, code, slug="bravo").status, 410)  # no challenge of bravo's in this browser
        self.ask_code(b, "jo@demo.test", slug="bravo")
        bravo_code, _ = self.code_for("jo@demo.test", 2)
        if bravo_code != code:
            self.assertEqual(self.verify(b, code, slug="bravo").status, 422)

    def test_requests_are_throttled_per_address_and_per_client(self):
        statuses = [self.ask_code(self.browser(), "flood@example.com").status for _ in range(6)]
        self.assertEqual(statuses[:5], [303] * 5)
        self.assertEqual(statuses[5], 429)
        b = self.browser()
        statuses = [self.ask_code(b, "someone%d@example.com" % i).status for i in range(10)]
        self.assertEqual(statuses[:10], [303] * 10)
        r = self.ask_code(b, "someone-else@example.com")
        self.assertEqual(r.status, 429)
        self.assertTrue(r.header("Retry-After"))
        self.assertIn("Too many codes", page_text(r))

    def test_a_french_customer_gets_the_email_in_french(self):
        b = self.browser()
        self.ask_code(b, "bob@demo.test")
        messages = self.mail.wait_for("bob@demo.test")
        message = messages[-1]
        self.assertIn("code de connexion", message["Subject"])
        self.assertIn("15 minutes", self.mail.text_of(message))
        self.assertIn("ignorez", self.mail.text_of(message))

    def test_the_email_log_shows_code_emails_without_the_code(self):
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Kim', 'Log', 'kim@demo.test', 1)")
        self.ask_code(self.browser(), "kim@demo.test")
        code, _ = self.code_for("kim@demo.test", 1)
        admin = self.browser()
        admin.admin_sign_in("owner@demo.test")
        log = admin.get("/s/demo/admin/email-log")
        self.assertIn("kim@demo.test", log.text)
        self.assertIn("Your sign-in code for Happy Paws Grooming", page_text(log))
        self.assertNotIn(code, log.text)

    def test_a_sent_code_email_is_emptied_in_the_outbox(self):
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Mo', 'Sealed', 'mo@demo.test', 1)")
        b = self.browser()
        self.ask_code(b, "mo@demo.test")
        code, _ = self.code_for("mo@demo.test", 1)
        row = "SELECT status, sensitive, body_text, body_html FROM outbox WHERE to_address = 'mo@demo.test'"
        self.assertTrue(self.wait_until(lambda: self.query(row)[0][0] == "sent"))
        self.assertEqual(self.query(row), [("sent", 1, "", "")])
        self.assertEqual(self.verify(b, code).status, 303)

    def test_code_and_password_guesses_share_the_sign_in_throttle(self):
        b = self.browser()
        for _ in range(3):
            self.assertEqual(b.submit("/s/demo/login", {"email": "alice@demo.test", "password": "not her password"}).status, 422)
        earlier = len(self.mails_to("alice@demo.test"))  # counted before asking: the new email may come at once
        self.ask_code(b, "alice@demo.test")
        code, _ = self.code_for("alice@demo.test", earlier + 1)
        for _ in range(2):
            self.assertEqual(self.verify(b, self.wrong(code)).status, 422)
        # Five failures on the account from this address: even the right code waits.
        r = self.verify(b, code)
        self.assertEqual(r.status, 429)
        self.assertTrue(r.header("Retry-After"))
        self.assertIn("Too many attempts", page_text(r))
        # Another client address holding the same challenge is not held back.
        other = self.browser()
        other.cookies = dict(b.cookies)
        r = self.verify(other, code)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/account")

    # -- the picker ------------------------------------------------------------------------------------------

    def test_a_client_of_two_salons_chooses_one_and_is_signed_in_there_only(self):
        self.bravo("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Lou', 'Two', 'Lou@Demo.test', 1)")
        self.query("INSERT INTO customers (first_name, last_name, email, created_at) VALUES ('Lou', 'Two', 'lou@demo.test', 1)")
        b = self.browser()
        self.ask_code(b, "lou@demo.test")
        code, _ = self.code_for("lou@demo.test", 1)
        r = self.verify(b, code)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/login/choose")
        self.assertNotIn("sb-demo-portal", b.cookies)
        page = b.get("/s/demo/login/choose")
        self.assertEqual(page.status, 200)
        self.assertEqual(re.findall(r'name="salon" value="([^"]+)"', page.text), ["bravo", "demo"])
        self.assertIn("Bravo Grooming", page_text(page))
        self.assertIn("Happy Paws Grooming", page_text(page))
        self.assertNotIn("lou@demo.test", page.text.lower())
        # A salon not on the list is refused.
        self.assertEqual(b.submit("/s/demo/login/choose", {"salon": "nowhere"}).status, 404)
        r = b.submit("/s/demo/login/choose", {"salon": "bravo"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/bravo/account")
        self.assertEqual(b.get("/s/bravo/account").status, 200)
        self.assertEqual(b.get("/s/demo/account").status, 303)  # bravo's session opens nothing of demo's
        self.assertEqual(self.bravo("SELECT role, password_hash IS NULL FROM users WHERE email = 'Lou@Demo.test'"), [("customer", 1)])
        self.assertEqual(self.query("SELECT count(*) FROM users WHERE email = 'lou@demo.test'")[0][0], 0)

    def test_the_picker_needs_a_ticket_that_was_signed_here(self):
        b = self.browser()
        b.cookies["sb-demo-choose"] = "bG91QGRlbW8udGVzdA.AAAA"
        self.assertEqual(b.get("/s/demo/login/choose").status, 410)
        self.assertEqual(b.submit("/s/demo/login", {"salon": "demo"}, action="/s/demo/login/choose").status, 410)

    def test_one_salon_signs_in_directly(self):
        b = self.browser()
        earlier = len(self.mails_to("alice@demo.test"))  # counted before asking: the new email may come at once
        self.ask_code(b, "alice@demo.test")
        code, _ = self.code_for("alice@demo.test", earlier + 1)
        r = self.verify(b, code)
        self.assertEqual(r.header("Location"), "/s/demo/account")
        self.assertIn("Alice", page_text(b.get("/s/demo/account")))


class PendingCodes(SalonTestCase):
    # Nothing listens on port 1: the code email stays pending, to be tried again later.
    server_args = ("--trusted-proxy", "127.0.0.1/32", "--mail-transport", "smtp", "--smtp-url", "smtp://127.0.0.1:1")

    def test_a_code_waiting_to_be_sent_is_held_only_sealed(self):
        self.browser().submit("/s/demo/login", {"email": "carol@demo.test"}, action="/s/demo/login/code")
        row = "SELECT attempts, status, sensitive, body_text, body_html FROM outbox WHERE to_address = 'carol@demo.test'"
        self.assertTrue(self.wait_until(lambda: bool(self.query(row)) and self.query(row)[0][0] >= 1))
        _, status, sensitive, text, html = self.query(row)[0]
        self.assertEqual((status, sensitive), ("pending", 1))
        for body in (text, html):
            self.assertTrue(body.startswith("sealed1:"), body[:40])
            self.assertNotIn("15 minutes", body)


class SignInChoice(SalonTestCase):
    """The salon's portal_sign_in setting: what the sign-in page offers and which routes exist."""

    def test_each_setting_offers_its_own_ways_in(self):
        alice = self.browser()
        self.assertEqual(alice.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD}).status, 303)
        self.assertIn('href="/s/demo/account/password"', alice.get("/s/demo/account").text)
        self.set_portal_sign_in("code")
        # A customer signed in before the change has no password page left either.
        self.assertNotIn("/s/demo/account/password", alice.get("/s/demo/account").text)
        self.assertEqual(alice.get("/s/demo/account/password").status, 404)
        b = self.browser()
        page = b.get("/s/demo/login")
        self.assertIn('action="/s/demo/login/code"', page.text)
        self.assertNotIn('action="/s/demo/login"', page.text)
        self.assertEqual(b.post("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD,
                                                  "csrf_token": b.csrf_token("/s/demo/login")}).status, 404)
        self.assertEqual(b.get("/s/demo/password/forgot").status, 404)
        self.assertEqual(b.submit("/s/demo/login", {"email": "alice@demo.test"}, action="/s/demo/password/forgot").status, 404)
        # The team still signs in with passwords.
        self.assertEqual(self.browser().admin_sign_in("owner@demo.test").status, 303)

        self.set_portal_sign_in("password")
        page = b.get("/s/demo/login")
        self.assertNotIn('action="/s/demo/login/code"', page.text)
        self.assertEqual(b.submit("/s/demo/login", {"email": "alice@demo.test"}, action="/s/demo/login/code").status, 404)
        self.assertEqual(b.get("/s/demo/login/code").status, 404)
        r = b.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD})
        self.assertEqual(r.status, 303)

        self.set_portal_sign_in("both")
        self.assertIn('action="/s/demo/login/code"', self.browser().get("/s/demo/login").text)

    def test_a_customer_account_added_from_the_cli_in_a_code_only_salon_gets_no_password_invitation(self):
        self.set_portal_sign_in("code")
        try:
            carol = self.one("SELECT id FROM customers WHERE email = 'carol@demo.test'")
            outbox = self.one("SELECT count(*) FROM outbox")
            add = ("user", "add", "--data", self.data, "--salon", "demo", "--email", "carol@demo.test", "--role", "customer",
                   "--customer", str(carol))
            code, out, err = run_cli(*add, "--password-stdin", stdin="carol's long password\n")
            self.assertEqual(code, 1)
            self.assertIn("sign in with emailed codes", err)
            code, out, err = run_cli(*add)
            self.assertEqual(code, 0, err)
            self.assertIn("They sign in with a code emailed to carol@demo.test", out)
            self.assertNotIn("invitation", out)
            self.assertEqual(self.one("SELECT count(*) FROM outbox"), outbox)
            self.assertEqual(self.query("SELECT password_hash FROM users WHERE customer_id = ?", carol), [(None,)])
        finally:
            self.set_portal_sign_in("both")

    def test_an_unknown_setting_is_refused(self):
        admin = self.browser()
        admin.admin_sign_in("owner@demo.test")
        page = admin.get("/s/demo/admin/settings").text
        fields = dict(re.findall(r'<input id="(\w+)" name="\w+"[^>]*value="([^"]*)"', page))
        fields["address"] = ""
        fields.update(locale="en", portal_enabled="1", portal_sign_in="magic")
        r = admin.submit("/s/demo/admin/settings", fields)
        self.assertEqual(r.status, 422)
        self.assertEqual(self.one("SELECT portal_sign_in FROM salon"), "both")


if __name__ == "__main__":
    unittest.main()
