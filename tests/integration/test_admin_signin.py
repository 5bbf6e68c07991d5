"""Staff sign-in: passwords, sessions, CSRF, rate limits and no enumeration, against the real server."""
import time
import unittest
import urllib.parse

from harness import PASSWORD, SalonTestCase, page_text, run_cli


class AdminSignIn(SalonTestCase):
    def test_owner_signs_in_and_sees_who_and_where(self):
        b = self.browser()
        r = b.admin_sign_in("owner@demo.test")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/admin")
        dash = b.get("/s/demo/admin")
        self.assertEqual(dash.status, 200)
        self.assertIn("Signed in as Sophie Laurent (Owner) at Happy Paws Grooming.", page_text(dash))
        self.assertEqual(dash.header("Cache-Control"), "no-store")

    def test_session_cookie_is_httponly_lax_and_new_at_every_sign_in(self):
        b = self.browser()
        r = b.admin_sign_in("manager@demo.test")
        cookie = [c for c in r.headers_named("Set-Cookie") if c.startswith("sb-demo-admin=")][0]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Lax", cookie)
        self.assertNotIn("Secure", cookie)  # plain HTTP here; see test_tls for HTTPS
        first = b.cookies["sb-demo-admin"]
        self.assertGreaterEqual(len(first), 43)
        # Signing in again from a signed-in browser (the dashboard's form token) rotates the token too.
        r = b.submit("/s/demo/admin", {"email": "manager@demo.test", "password": PASSWORD}, action="/s/demo/admin/login")
        self.assertEqual(r.status, 303)
        second = b.cookies["sb-demo-admin"]
        self.assertNotEqual(first, second)
        # The earlier session ended when the browser signed in again.
        old = self.browser()
        old.cookies = {"sb-demo-admin": first}
        self.assertEqual(old.get("/s/demo/admin").status, 303)

    def test_wrong_password_and_unknown_email_answer_the_same(self):
        wrong = self.browser().admin_sign_in("owner@demo.test", "not the password")
        unknown = self.browser().admin_sign_in("nobody@demo.test", "not the password")
        self.assertEqual(wrong.status, 422)
        self.assertEqual(unknown.status, 422)
        self.assertIn("The email or the password is not right.", page_text(wrong))
        self.assertEqual(page_text(wrong).replace("owner@demo.test", "X").split("Request")[0],
                         page_text(unknown).replace("nobody@demo.test", "X").split("Request")[0])
        self.assertNotIn("sb-demo-admin", self.browser().cookies)

    def test_customers_cannot_sign_in_to_the_admin_panel(self):
        b = self.browser()
        r = b.admin_sign_in("alice@demo.test")
        self.assertEqual(r.status, 422)
        self.assertIn("The email or the password is not right.", page_text(r))
        self.assertEqual(b.get("/s/demo/admin").status, 303)

    def test_dashboard_needs_a_session(self):
        r = self.browser().get("/s/demo/admin")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/admin/login")

    def test_after_logout_the_session_is_gone(self):
        b = self.browser()
        b.admin_sign_in("groomer@demo.test")
        token = b.cookies["sb-demo-admin"]
        self.assertEqual(b.get("/s/demo/admin").status, 200)
        r = b.submit("/s/demo/admin", {}, action="/s/demo/admin/logout")
        self.assertEqual(r.status, 303)
        self.assertNotIn("sb-demo-admin", b.cookies)
        # Replaying the old cookie does not bring the session back.
        replay = self.browser()
        replay.cookies = {"sb-demo-admin": token}
        self.assertEqual(replay.get("/s/demo/admin").status, 303)

    def test_post_without_csrf_token_is_refused(self):
        b = self.browser()
        b.get("/s/demo/admin/login")  # receives the CSRF seed cookie
        r = b.post("/s/demo/admin/login", {"email": "owner@demo.test", "password": PASSWORD})
        self.assertEqual(r.status, 403)
        self.assertIn("This form has expired", page_text(r))
        self.assertNotIn("sb-demo-admin", b.cookies)

    def test_csrf_token_in_the_query_string_is_refused(self):
        # The token counts only in the submitted body: a URL carrying it (in a log, a Referer, a link) is no form.
        b = self.browser()
        token = b.csrf_token("/s/demo/admin/login")
        r = b.post("/s/demo/admin/login?csrf_token=" + urllib.parse.quote(token), {"email": "owner@demo.test", "password": PASSWORD})
        self.assertEqual(r.status, 403)
        self.assertIn("This form has expired", page_text(r))
        self.assertNotIn("sb-demo-admin", b.cookies)
        ok = b.post("/s/demo/admin/login", {"email": "owner@demo.test", "password": PASSWORD, "csrf_token": token})
        self.assertEqual(ok.status, 303)

    def test_csrf_token_of_another_browser_is_refused(self):
        attacker = self.browser()
        token = attacker.csrf_token("/s/demo/admin/login")
        victim = self.browser()
        victim.get("/s/demo/admin/login")
        r = victim.post("/s/demo/admin/login", {"email": "owner@demo.test", "password": PASSWORD, "csrf_token": token})
        self.assertEqual(r.status, 403)

    def test_post_from_another_origin_is_refused(self):
        b = self.browser()
        r = b.submit("/s/demo/admin/login", {"email": "owner@demo.test", "password": PASSWORD},
                     headers={"Origin": "https://evil.example"})
        self.assertEqual(r.status, 403)
        ok = b.submit("/s/demo/admin/login", {"email": "owner@demo.test", "password": PASSWORD},
                      headers={"Origin": "http://127.0.0.1:%d" % self.server.port})
        self.assertEqual(ok.status, 303)

    def test_failures_on_one_account_hold_back_their_address_only(self):
        stranger = self.browser(ip="203.0.113.5")
        statuses = [stranger.admin_sign_in("manager@demo.test", "wrong password %d" % i).status for i in range(6)]
        self.assertEqual(statuses, [422] * 5 + [429])
        # That address waits, and the answer says for how long, even with the right password.
        r = stranger.admin_sign_in("manager@demo.test")
        self.assertEqual(r.status, 429)
        self.assertGreater(int(r.header("Retry-After")), 0)
        self.assertIn("Too many attempts", page_text(r))
        # The manager, anywhere else, is not locked out by them.
        self.assertEqual(self.browser().admin_sign_in("manager@demo.test").status, 303)

    def test_unknown_emails_are_limited_like_known_ones(self):
        b = self.browser(ip="203.0.113.6")
        statuses = [b.admin_sign_in("ghost@demo.test", "x%d-password" % i).status for i in range(6)]
        self.assertEqual(statuses, [422] * 5 + [429])

    def test_parallel_guesses_cannot_pass_the_limit(self):
        from concurrent.futures import ThreadPoolExecutor
        browsers = [self.browser(ip="203.0.113.9") for _ in range(16)]
        tokens = [b.csrf_token("/s/demo/admin/login") for b in browsers]

        def guess(i):
            return browsers[i].post("/s/demo/admin/login",
                                    {"email": "groomer@demo.test", "password": "guess %d" % i, "csrf_token": tokens[i]})

        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(guess, range(16)))
        # On a loaded machine a guess can wait past the hasher's queue limit: 503, its password never checked and
        # its reservation handed back. Such a guess is sent again, one at a time, as a client told to retry would:
        # however the load falls, no more than five guesses ever get checked.
        deadline = time.monotonic() + 120
        for i, r in enumerate(results):
            while r.status == 503 and time.monotonic() < deadline:
                self.assertTrue(int(r.header("Retry-After")) > 0)
                r = results[i] = guess(i)
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses.count(422), 5, statuses)
        self.assertEqual(statuses.count(429), 11, statuses)
        self.assertTrue(all(int(r.header("Retry-After")) > 0 for r in results if r.status == 429))

    def test_attempts_from_one_address_are_limited(self):
        b = self.browser(ip="203.0.113.77")
        statuses = [b.admin_sign_in("visitor%d@demo.test" % i, "some password").status for i in range(31)]
        self.assertEqual(statuses[:30], [422] * 30)
        self.assertEqual(statuses[30], 429)
        # Another client address is not affected.
        self.assertEqual(self.browser().admin_sign_in("owner@demo.test").status, 303)

    def test_logs_hold_no_secrets(self):
        b = self.browser()
        b.admin_sign_in("owner@demo.test")
        token = b.cookies["sb-demo-admin"]
        b.get("/s/demo/admin")
        log = self.server.stop()
        self.__class__.server = type(self.server)(self.data, *self.server_args)
        self.assertNotIn(PASSWORD, log)
        self.assertNotIn(token, log)
        self.assertNotIn("csrf", log.lower())
        self.assertIn("POST /s/demo/admin/login 303", log)


class OwnerUnderAttack(SalonTestCase):
    """A fresh server: the owner's account is attacked past its account-wide ceiling here."""

    def test_strangers_everywhere_do_not_stop_the_owner_on_a_known_device(self):
        owner = self.browser(ip="192.0.2.10")
        self.assertEqual(owner.admin_sign_in("owner@demo.test").status, 303)
        self.assertTrue([c for c in owner.cookies if c.startswith("sb-device-")])
        owner.submit("/s/demo/admin", {}, action="/s/demo/admin/logout")
        # Past the account-wide ceiling (20 failures), every stranger's address counting only a few.
        statuses = [self.browser().admin_sign_in("owner@demo.test", "guess %d" % i).status for i in range(24)]
        self.assertEqual(statuses[:20], [422] * 20)  # the 21st on the account is the first slowed one
        self.assertIn(429, statuses[20:])
        # A new browser is slowed to one attempt every few seconds for the account, told how long to wait ...
        slowed = self.browser().admin_sign_in("owner@demo.test")
        self.assertEqual(slowed.status, 429)
        self.assertLessEqual(int(slowed.header("Retry-After")), 10)
        # ... while the owner's own browser signs in at once, even from another address.
        owner.ip = "192.0.2.11"
        self.assertEqual(owner.admin_sign_in("owner@demo.test").status, 303)


class SalonIsolation(SalonTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        code, _, err = run_cli("salon", "create", "other", "--data", cls.data, "--name", "Other Salon")
        assert code == 0, err
        code, _, err = run_cli("user", "add", "--data", cls.data, "--salon", "other", "--email", "owner@other.test",
                               "--role", "owner", "--password-stdin", stdin=PASSWORD + "\n")
        assert code == 0, err

    def test_a_staff_session_of_one_salon_opens_nothing_in_another(self):
        b = self.browser()
        self.assertEqual(b.admin_sign_in("owner@demo.test").status, 303)
        self.assertEqual(b.get("/s/other/admin").status, 303)
        # Even the same token presented under the other salon's cookie name is unknown there.
        b.cookies["sb-other-admin"] = b.cookies["sb-demo-admin"]
        self.assertEqual(b.get("/s/other/admin").status, 303)
        # And the demo owner's credentials do not exist in the other salon.
        self.assertEqual(self.browser().admin_sign_in("owner@demo.test", slug="other").status, 422)
        other = self.browser()
        self.assertEqual(other.admin_sign_in("owner@other.test", slug="other").status, 303)
        self.assertIn("Other Salon", page_text(other.get("/s/other/admin")))


if __name__ == "__main__":
    unittest.main()
