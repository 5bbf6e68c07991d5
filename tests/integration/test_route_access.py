"""Every route of the binary's route table (`salonbox routes`) against every kind of visitor: the sign-in page of
the route's face, 403, 404 or the answer itself, and never a 500. A route added to the table is walked without
anyone listing it here; the access it declares is held against the product's rules (PUBLIC, SIGN_IN, STAFF_AREAS),
so a new route with the wrong access level fails too."""
import os
import re
import sqlite3
import unittest
import urllib.parse

from harness import PASSWORD, SalonTestCase

# Routes anyone may reach, outside any salon.
PUBLIC = {"/", "/healthz", "/.well-known/acme-challenge/{token}"}
# The sign-in and forgotten-password pages of both faces, reachable without a session.
SIGN_IN = {"/s/{slug}/login", "/s/{slug}/logout", "/s/{slug}/password/forgot", "/s/{slug}/password/reset",
           "/s/{slug}/admin/login", "/s/{slug}/admin/logout", "/s/{slug}/admin/password/forgot",
           "/s/{slug}/admin/password/reset", "/s/{slug}/login/code", "/s/{slug}/login/code/verify",
           "/s/{slug}/login/code/resend", "/s/{slug}/login/choose"}
# Access levels of sign-in pages: open to anyone, or to anyone when the salon allows that way of signing in.
SIGN_IN_ACCESS = {"salon_open", "portal_password", "portal_code"}
# Customer pages of a salon open to anyone: the public booking page (its confirm step asks for a sign-in).
SALON_PUBLIC = {"/s/{slug}/book"}
# The parts of the admin panel staff members see (the first path segment under /admin; "" is the dashboard):
# the calendar, customers, animals, the bell and their own account. Everything else is for owners and managers.
STAFF_AREAS = {"", "appointments", "customers", "animals", "notifications", "account"}
# Within those areas, what only owners and managers may do: archive a customer, disable their portal access, and
# open a receipt (it shows what was paid, and groomers see no money).
MANAGER_ONLY = {"/s/{slug}/admin/customers/{id}/archive", "/s/{slug}/admin/customers/{id}/portal/disable",
                "/s/{slug}/admin/appointments/{id}/receipt"}

MISSING_ID = "999999"
# Who may pass each access level (the rest get the sign-in page of the route's face, or 403 when signed in to it).
AUTHORIZED = {"admin_staff": {"staff", "manager", "owner"}, "admin_manager": {"manager", "owner"},
              "portal_customer": {"customer"}}
SIGNED_IN_TO = {"admin": {"staff", "manager", "owner"}, "portal": {"customer"}}
# Routes that answer with a file: POSTs instead of a redirect (they record who downloaded what), GETs with a PDF.
DOWNLOADS = {"/s/{slug}/admin/export/download", "/s/{slug}/account/invoices/{id}/pdf", "/s/{slug}/admin/invoices/{id}/pdf",
             "/s/{slug}/account/appointments/{id}/receipt", "/s/{slug}/admin/appointments/{id}/receipt"}
SIGN_IN_PAGE = {"admin": "/s/demo/admin/login", "portal": "/s/demo/login"}
IDENTITIES = ("anonymous", "customer", "staff", "manager", "owner", "other_salon", "other_face")


def declared_by_the_rules(pattern):
    """(access, face) the product's rules give a route, or None when the route is in no known area."""
    if pattern in PUBLIC:
        return "open", "none"
    if pattern in SIGN_IN:
        return "salon_open", "admin" if "/admin/" in pattern else "portal"
    if pattern in SALON_PUBLIC:
        return "salon_open", "portal"
    if pattern in MANAGER_ONLY:
        return "admin_manager", "admin"
    m = re.match(r"^/s/\{slug\}/admin(?:/([^/]+))?", pattern)
    if m:
        return ("admin_staff" if (m.group(1) or "") in STAFF_AREAS else "admin_manager"), "admin"
    if pattern == "/s/{slug}/account" or pattern.startswith("/s/{slug}/account/"):
        return "portal_customer", "portal"
    return None


class RouteAccess(SalonTestCase):
    @classmethod
    def prepare_data(cls):
        # A second salon holding the same accounts with the same passwords: its sessions must not open demo's.
        salons = os.path.join(cls.data, "salons")
        src = sqlite3.connect(os.path.join(salons, "demo.db"))
        # The demo salon plans no closure: one for the closure routes to walk.
        src.execute("INSERT INTO closures (first_day, last_day, label) VALUES ('2030-12-25', '2030-12-25', 'Christmas')")
        # Nor any change request or proposed time: Alice asks to cancel Buddy's upcoming appointment, and the salon
        # proposes the next day, for the change and proposal routes to walk.
        src.execute("INSERT INTO change_requests (appointment_id, kind, previous_starts_at, created_at) "
                    "SELECT id, 'cancel', starts_at, strftime('%%s', 'now') FROM appointments WHERE id = (%s)"
                    % SalonTestCase.DEMO_RECORDS["appointments"])
        src.execute("INSERT INTO proposed_times (appointment_id, starts_at, ends_at, created_at) "
                    "SELECT id, starts_at + 86400, ends_at + 86400, strftime('%%s', 'now') FROM appointments WHERE id = (%s)"
                    % SalonTestCase.DEMO_RECORDS["appointments"])
        src.commit()
        dst = sqlite3.connect(os.path.join(salons, "other.db"))
        src.backup(dst)
        dst.execute("UPDATE salon SET slug = 'other', name = 'Other Paws'")
        dst.execute("DELETE FROM sessions")
        dst.commit()
        src.close()
        dst.close()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.identities = {}

    def sign_in(self, face, email, slug="demo", b=None):
        """`b` (or a new browser) signed in to `face` of `slug`; returns the session token."""
        b = b or self.browser()
        path = "/s/%s/admin/login" % slug if face == "admin" else "/s/%s/login" % slug
        r = b.submit(path, {"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 303, "%s cannot sign in at %s" % (email, path))
        return b.cookies["sb-%s-%s" % (slug, face)]

    def identity(self, name):
        """(cookies, CSRF token, client address) of one kind of visitor; each signs in once per test class."""
        if name in self.identities:
            return self.identities[name]
        b = self.browser()
        # The token of the browser's CSRF seed, which signing in keeps; a POST carries it so that the access
        # check, not the CSRF check, decides.
        token = b.csrf_token("/s/demo/password/forgot")
        if name == "customer":
            self.sign_in("portal", "alice@demo.test", b=b)
        elif name in ("staff", "manager", "owner"):
            email = {"staff": "groomer@demo.test", "manager": "manager@demo.test", "owner": "owner@demo.test"}[name]
            self.sign_in("admin", email, b=b)
        elif name == "other_salon":
            # Tokens of real sessions of salon "other", presented to demo under demo's cookie names.
            admin = self.sign_in("admin", "owner@demo.test", slug="other")
            portal = self.sign_in("portal", "alice@demo.test", slug="other")
            self.assert_session_opens("/s/other/admin", "sb-other-admin", admin)
            self.assert_session_opens("/s/other/account", "sb-other-portal", portal)
            b.cookies.update({"sb-demo-admin": admin, "sb-demo-portal": portal})
        elif name == "other_face":
            # A demo customer's portal token under the admin cookie, and an owner's admin token under the portal one.
            portal = self.sign_in("portal", "alice@demo.test")
            admin = self.sign_in("admin", "owner@demo.test")
            self.assert_session_opens("/s/demo/account", "sb-demo-portal", portal)
            self.assert_session_opens("/s/demo/admin", "sb-demo-admin", admin)
            b.cookies.update({"sb-demo-admin": portal, "sb-demo-portal": admin})
        self.identities[name] = (dict(b.cookies), token, b.ip)
        return self.identities[name]

    def assert_session_opens(self, path, cookie, token):
        """The token is a live session where it belongs, so that being refused elsewhere means something."""
        b = self.browser()
        b.cookies = {cookie: token}
        self.assertEqual(b.get(path).status, 200, "%s does not open %s" % (cookie, path))

    def send(self, who, method, path):
        cookies, token, ip = self.identity(who)
        b = self.browser(ip=ip)
        b.cookies = dict(cookies)  # the same cookies every time: a logout or a redirect changes nothing here
        if method == "POST":
            return b.post(path, {"csrf_token": token})
        return b.get(path)

    @staticmethod
    def fill(pattern, ids):
        path = pattern.replace("{slug}", "demo").replace("{token}", "no-such-challenge")
        for param, value in ids.items():
            path = path.replace("{%s}" % param, urllib.parse.quote(str(value)))
        left = re.findall(r"\{\w+\}", path)
        assert not left, "no value for %s in %s" % (left, pattern)
        return path

    def cases(self, route):
        """(path, "real" or "missing") to try for a route."""
        if "{id}" not in route["pattern"] and "{line}" not in route["pattern"]:
            return [(self.fill(route["pattern"], {}), "real")]
        real = self.demo_ids(route["pattern"])
        return [(self.fill(route["pattern"], real), "real"),
                (self.fill(route["pattern"], {p: MISSING_ID for p in real}), "missing")]

    def salon_rows(self):
        """Everything the demo salon holds except sessions (whose last-seen times move with every visit)."""
        db = self.db()
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sessions'")]
            return {t: sorted(map(repr, db.execute("SELECT * FROM %s" % t))) for t in tables}
        finally:
            db.close()

    def test_every_route_declares_the_access_the_rules_give_it(self):
        wrong = []
        for r in self.routes():
            rules = declared_by_the_rules(r["pattern"])
            if rules is None:
                wrong.append("%s %s is in no known area: place it in PUBLIC, SIGN_IN or an admin/portal area" % (r["method"], r["pattern"]))
            elif rules[0] == "salon_open" and r["access"] in SIGN_IN_ACCESS and rules[1] == r["face"]:
                continue
            elif rules != (r["access"], r["face"]):
                wrong.append("%s %s declares %s/%s, the rules say %s/%s" % (r["method"], r["pattern"], r["access"], r["face"], *rules))
        self.assertEqual(wrong, [])

    def test_every_route_answers_every_visitor_rightly(self):
        routes = self.routes()
        self.assertGreater(len(routes), 50)
        for name in IDENTITIES:
            self.identity(name)
        # Paths are filled before any request: a wrongly admitted POST may change the records they point to.
        cases = {id(route): self.cases(route) for route in routes}
        problems = []

        def expect(ok, who, method, path, r, what):
            if r.status >= 500 or not ok:
                problems.append("%s %s as %s: %d %s (expected %s)" % (method, path, who, r.status, r.header("Location") or "", what))

        # Visitors who may not pass: the sign-in page of the route's face when not signed in to it, else 403,
        # whether the record exists or not; and nothing they send changes the salon.
        before = self.salon_rows()
        for route in routes:
            if route["access"] not in AUTHORIZED:
                continue
            for path, _ in cases[id(route)]:
                for who in IDENTITIES:
                    if who in AUTHORIZED[route["access"]]:
                        continue
                    r = self.send(who, route["method"], path)
                    if who in SIGNED_IN_TO[route["face"]]:
                        expect(r.status == 403, who, route["method"], path, r, "403")
                    else:
                        sign_in = SIGN_IN_PAGE[route["face"]]
                        expect(r.status == 303 and r.header("Location") == sign_in, who, route["method"], path, r,
                               "303 to " + sign_in)
        after = self.salon_rows()
        changed = sorted(t for t in before if before[t] != after.get(t))
        if changed:
            problems.append("refused requests changed the salon's tables %s" % ", ".join(changed))

        # Visitors who may pass: the page for a real record, 404 for a missing one. POSTs go to missing records
        # only (a real one would be changed for the rest of the walk); a POST without a record gets the form
        # back with its errors (an empty form) or is done (303 to a page of its face).
        for route in routes:
            if route["access"] not in AUTHORIZED:
                continue
            for path, kind in cases[id(route)]:
                for who in sorted(AUTHORIZED[route["access"]]):
                    if route["method"] == "POST" and kind == "real" and "{id}" in route["pattern"]:
                        continue
                    r = self.send(who, route["method"], path)
                    if kind == "missing":
                        expect(r.status == 404, who, route["method"], path, r, "404")
                    elif route["method"] == "GET" and route["pattern"] in DOWNLOADS:
                        expect(r.status == 200 and r.header("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF-"),
                               who, route["method"], path, r, "200 with a PDF")
                    elif route["method"] == "GET":
                        expect(r.status == 200, who, route["method"], path, r, "200")
                    elif route["pattern"] in DOWNLOADS:
                        expect(r.status == 200, who, route["method"], path, r, "200 (a download)")
                    else:
                        done = r.status == 303 and not (r.header("Location") or "").startswith(SIGN_IN_PAGE[route["face"]])
                        expect(done or r.status in (400, 422), who, route["method"], path, r, "303, 400 or 422")

        # Open routes and the sign-in pages: every visitor gets the handler's answer, never a refusal; the
        # logouts come last as they end the visitor's session.
        open_routes = [r for r in routes if r["access"] not in AUTHORIZED]
        open_routes.sort(key=lambda r: r["pattern"].endswith("/logout"))
        for route in open_routes:
            path = self.fill(route["pattern"], {})
            answers = {who: self.send(who, route["method"], path) for who in IDENTITIES}
            for who, r in answers.items():
                expect(r.status not in (401, 403) and r.status < 500, who, route["method"], path, r, "no refusal")
                if route["access"] == "open":
                    expect(r.status == answers["anonymous"].status, who, route["method"], path, r,
                           "the same answer as for anyone (%d)" % answers["anonymous"].status)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))


if __name__ == "__main__":
    unittest.main()
