"""The server's own behaviour: health, error pages, assets, headers, request limits and proxies."""
import http.client
import re
import unittest
import urllib.parse

from harness import Browser, SalonTestCase, Server, page_text


class ServerBehaviour(SalonTestCase):
    def test_health_checks_the_databases(self):
        r = self.browser().get("/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text.strip(), '{"status": "ok", "salons": 1}')

    def test_root_leads_to_the_only_salon(self):
        r = self.browser().get("/")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.header("Location").startswith("/s/demo/"))

    def test_unknown_salon_is_a_404_page_with_the_request_id(self):
        r = self.browser().get("/s/nowhere/admin/login")
        self.assertEqual(r.status, 404)
        self.assertIn("There is no salon at this address", page_text(r))
        rid = r.header("X-Request-Id")
        self.assertTrue(rid and rid in r.text)

    def test_unknown_path_is_a_404_page_in_the_browser_language(self):
        r = self.browser("fr-FR,fr;q=0.9").get("/no/such/page")
        self.assertEqual(r.status, 404)
        self.assertIn("Cette page n’existe pas.", page_text(r))
        self.assertIn(r.header("X-Request-Id"), r.text)

    def test_the_test_locale_is_not_served_unless_the_server_was_started_for_tests(self):
        r = self.browser("x-test").get("/s/demo/login")
        self.assertEqual(r.status, 200)
        self.assertIn('lang="en"', r.text)
        self.assertNotIn("\u27e6", r.text)
        self.assertNotIn("test locale", "".join(self.server.log))  # serve says so when it is on

    def test_security_headers_on_every_response(self):
        for path in ("/healthz", "/s/demo/admin/login", "/nope"):
            r = self.browser().get(path)
            self.assertEqual(r.header("Content-Security-Policy").split("; form-action")[0],
                             "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
            self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
            self.assertEqual(r.header("Referrer-Policy"), "same-origin")
            self.assertIsNone(r.header("Strict-Transport-Security"))  # plain HTTP

    def test_assets_have_hashed_names_and_are_cached_for_good(self):
        page = self.browser().get("/s/demo/admin/login")
        css = re.search(r'href="(/assets/css/app\.[0-9a-f]{10}\.css)"', page.text).group(1)
        b = self.browser()
        r = b.get(css)
        self.assertEqual(r.status, 200)
        self.assertIn("text/css", r.header("Content-Type"))
        self.assertEqual(r.header("Cache-Control"), "public, max-age=31536000, immutable")
        etag = r.header("ETag")
        self.assertTrue(etag.startswith('"'))
        again = b.get(css, headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        self.assertEqual(b.get("/assets/css/app.0000000000.css").status, 404)
        plain = b.get("/assets/css/app.css")
        self.assertEqual(plain.status, 200)
        self.assertEqual(plain.header("Cache-Control"), "public, no-cache")

    def test_chunked_request_bodies_are_refused(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.putrequest("POST", "/s/demo/admin/login")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.endheaders()
        conn.send(b"5\r\nemail\r\n0\r\n\r\n")
        r = conn.getresponse()
        self.assertEqual(r.status, 411)
        conn.close()

    def test_oversized_form_is_refused_with_a_status(self):
        b = self.browser()
        token = b.csrf_token("/s/demo/admin/login")
        r = b.post("/s/demo/admin/login", {"email": "x" * (2 * 1024 * 1024), "password": "y", "csrf_token": token})
        self.assertEqual(r.status, 413)

    def test_get_never_changes_state(self):
        # Sign-out is POST only: a link or an image on another site cannot sign anybody out.
        b = self.browser()
        b.admin_sign_in("owner@demo.test")
        r = b.get("/s/demo/admin/logout")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("Allow"), "POST")
        self.assertEqual(b.get("/s/demo/admin").status, 200)

    def test_405_names_the_methods_of_the_path(self):
        b = self.browser()
        b.admin_sign_in("owner@demo.test")
        token = b.csrf_token("/s/demo/admin")
        cases = [("POST", "/s/demo/admin/customers", "GET, HEAD"),
                 ("POST", "/s/demo/account/invoices/1/pdf", "GET, HEAD"),
                 ("GET", "/s/demo/admin/customers/1/portal/invite", "POST"),
                 ("PUT", "/s/demo/admin/customers/new", "GET, HEAD, POST"),
                 ("DELETE", "/s/demo/admin/customers/1", "GET, HEAD")]
        for method, path, allow in cases:
            body = urllib.parse.urlencode({"csrf_token": token}) if method != "GET" else None
            r = b.request(method, path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual((r.status, r.header("Allow")), (405, allow), (method, path))
        self.assertIsNone(b.get("/s/demo/admin/nothing-here").header("Allow"))


class ForwardedHeaders(SalonTestCase):
    def test_forwarded_https_from_the_trusted_proxy_makes_cookies_secure(self):
        b = self.browser()
        r = b.get("/s/demo/admin/login", headers={"X-Forwarded-Proto": "https"})
        cookie = r.header("Set-Cookie")
        self.assertTrue(cookie.startswith("__Host-sb-csrf="), cookie)
        self.assertIn("Secure", cookie)
        self.assertEqual(r.header("Strict-Transport-Security"), "max-age=31536000")


class UntrustedProxy(SalonTestCase):
    server_args = ()  # no --trusted-proxy: forwarded headers are ignored

    def test_forwarded_headers_from_anyone_else_are_ignored(self):
        b = Browser(self.server, ip="192.0.2.1")
        r = b.get("/s/demo/admin/login", headers={"X-Forwarded-Proto": "https"})
        self.assertTrue(r.header("Set-Cookie").startswith("sb-csrf="))
        self.assertIsNone(r.header("Strict-Transport-Security"))
        # A client cannot escape the per-address limit by inventing X-Forwarded-For values.
        statuses = []
        for i in range(31):
            c = Browser(self.server, ip="192.0.2.%d" % (i + 1))
            statuses.append(c.admin_sign_in("someone%d@demo.test" % i, "a wrong password").status)
        self.assertEqual(statuses[-1], 429)


if __name__ == "__main__":
    unittest.main()
