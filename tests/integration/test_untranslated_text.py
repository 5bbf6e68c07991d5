"""Every page of both faces in the test locale x-test (SALONBOX_TEST_LOCALE=1 wraps every catalog text in ⟦...⟧):
whatever a page shows outside the brackets must be the salon's own data (names, notes, numbers, dates), never
words: a word there was written into a template or C++ without the catalogs, or comes from a key that does not
exist (a key built in C++ such as "appointment.status." + status is shown as the key itself)."""
import html.parser
import os
import re
import sqlite3
import unittest

from harness import PASSWORD, SalonTestCase

TEST_LOCALE = "x-test"
# Attributes whose text people see or hear (screen readers); other attribute values are data or machinery.
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Words no language translates: the product's name.
NAMES = ("salonbox",)
# File names (the export's customers.csv, README.txt, ...) are not prose.
FILE_NAME = re.compile(r"\b[\w-]+\.(?:csv|txt|pdf|zip)\b")
WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
WORD = re.compile(r"[^\W\d_]+")
IDENTIFIER = re.compile(r"[a-z0-9_.\-]*")  # status codes, roles, locales: stored values that pages must translate


class ShownText(html.parser.HTMLParser):
    """The text a page shows: its text nodes (not scripts or styles), labelling attributes, button captions."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        attrs = dict(attrs)
        for name in SHOWN_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def words_outside_the_catalogs(page, data):
    """The words of `page` (HTML) that neither a catalog text nor the salon's `data` (longest first) explains."""
    parser = ShownText()
    parser.feed(page)
    parser.close()
    text = " ".join(parser.parts)
    while True:  # innermost first: a catalog text may hold others ("⟦⟦Saturday⟧ 21 ⟦November⟧ 2026⟧")
        stripped = WRAPPED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    for value in data:
        text = text.replace(value, " ")
    text = FILE_NAME.sub(" ", text)
    left = [w for w in WORD.findall(text) if w not in NAMES]
    if "⟦" in text or "⟧" in text:
        left.append("(unbalanced brackets)")
    return left


class CheckOnSamples(unittest.TestCase):
    """The check itself, on pages written here: it must catch a stray word and pass translated text and data."""

    def test_a_word_outside_the_catalogs_is_found(self):
        page = '<title>⟦Animals⟧</title><p>⟦Hello ⟦Alice⟧⟧, Buddy</p><p>appointment.status.booked</p><button title="Close">x</button>'
        self.assertEqual(words_outside_the_catalogs(page, ["Buddy"]), ["appointment", "status", "booked", "Close", "x"])

    def test_translated_text_data_and_numbers_pass(self):
        page = ('<h1>⟦Invoices⟧</h1><td>FA2602-0001</td><td>€62.40</td><td>⟦⟦Saturday⟧ 21 ⟦November⟧ 2026⟧ 14:05</td>'
                '<script>var x = "words";</script><input type="hidden" value="token"><a aria-label="⟦Next⟧">→</a>')
        self.assertEqual(words_outside_the_catalogs(page, ["FA2602-0001"]), [])
        self.assertEqual(words_outside_the_catalogs("<li>customers.csv, README.txt</li><small>salonbox</small>", []), [])


class EveryPageTranslated(SalonTestCase):
    server_env = {"SALONBOX_TEST_LOCALE": "1"}

    @classmethod
    def prepare_data(cls):
        # The demo salon has no change request: Alice asks to cancel Buddy's upcoming appointment, for the pages
        # that answer one (the confirmation of declining it).
        db = sqlite3.connect(os.path.join(cls.data, "salons", "demo.db"))
        db.execute("INSERT INTO change_requests (appointment_id, kind, previous_starts_at, created_at) "
                   "SELECT id, 'cancel', starts_at, strftime('%%s', 'now') FROM appointments WHERE id = (%s)"
                   % SalonTestCase.DEMO_RECORDS["appointments"])
        db.commit()
        db.close()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checked = []

    def salon_data(self):
        """Every text the demo salon stores that a page may show as it is (names, notes, emails, subjects...),
        longest first; stored codes (statuses, roles, locales) are left out, as pages must translate them."""
        db = self.db()
        try:
            values = set()
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                for row in db.execute("SELECT * FROM %s" % table):
                    for v in row:
                        if isinstance(v, str) and WORD.search(v) and not IDENTIFIER.fullmatch(v):
                            values.add(v)
                            values.update(line.strip() for line in v.splitlines() if line.strip())  # an address's lines
            return sorted(values, key=len, reverse=True)
        finally:
            db.close()

    def sign_in(self, face, email):
        b = self.browser(TEST_LOCALE)
        path = "/s/demo/admin/login" if face == "admin" else "/s/demo/login"
        r = b.submit(path, {"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 303, "%s cannot sign in" % email)
        return b

    def real_path(self, pattern):
        path = pattern.replace("{slug}", "demo")
        for param, value in self.demo_ids(pattern).items():
            path = path.replace("{%s}" % param, str(value))
        return path

    def test_every_page_of_both_faces_shows_only_catalog_text_and_data(self):
        routes = self.routes()
        visitors = {"none": self.browser(TEST_LOCALE), "admin": self.sign_in("admin", "owner@demo.test"),
                    "portal": self.sign_in("portal", "alice@demo.test")}
        anonymous, staff = self.browser(TEST_LOCALE), self.sign_in("admin", "groomer@demo.test")
        pages = []  # (who, method, path, browser, form fields)
        for r in routes:
            signed_in = r["access"] in ("admin_staff", "admin_manager", "portal_customer")
            b = visitors[r["face"]] if signed_in else anonymous
            if r["method"] == "GET":
                pages.append((r["method"], self.real_path(r["pattern"]), b))
            elif "{" not in r["pattern"].replace("{slug}", "") and not r["pattern"].endswith("/logout"):
                pages.append((r["method"], r["pattern"].replace("{slug}", "demo"), b))  # the form with its errors
        pages += [
            ("GET", "/s/demo/admin/appointments?view=week", visitors["admin"]),
            ("GET", "/s/demo/password/reset?token=not-a-token", anonymous),
            ("GET", "/s/demo/admin/customers/999999", visitors["admin"]),  # 404
            ("GET", "/s/demo/account/invoices/999999/pdf", visitors["portal"]),  # 404
            ("GET", "/s/demo/admin/services", staff),  # 403
        ]
        tokens = {}
        data = self.salon_data()
        found = []
        for method, path, b in pages:
            if method == "POST":
                if id(b) not in tokens:
                    tokens[id(b)] = b.csrf_token("/s/demo/password/forgot")
                r = b.post(path, {"csrf_token": tokens[id(b)]})
            else:
                r = b.get(path)
            self.assertLess(r.status, 500, "%s %s" % (method, path))
            if not (r.header("Content-Type") or "").startswith("text/html"):
                continue
            self.assertIn('lang="%s"' % TEST_LOCALE, r.text, "%s %s is not in the test locale" % (method, path))
            self.assertIn("⟦", r.text, "%s %s shows no catalog text at all" % (method, path))
            self.checked.append(path)
            left = words_outside_the_catalogs(r.text.replace(r.header("X-Request-Id") or "\0", " "), data)
            if left:
                found.append("%s %s (%d): %s" % (method, path, r.status, " ".join(sorted(set(left)))))
        self.assertGreater(len(self.checked), 40)
        self.assertIn("the test locale x-test is on", "".join(self.server.log))
        self.assertEqual(found, [], "words outside the catalogs:\n" + "\n".join(found))


if __name__ == "__main__":
    unittest.main()
