"""Runs the real salonbox binary on loopback with a fresh data directory, and speaks HTTP to it."""
import html
import http.client
import os
import re
import shutil
import signal
import sqlite3
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

BIN = os.environ.get("SALONBOX_BIN", os.path.join(os.path.dirname(__file__), "../../build/test/salonbox"))
PASSWORD = "correct horse battery"


def run_cli(*args, stdin=None, env=None):
    """Runs a salonbox command; returns (exit code, stdout, stderr)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, timeout=120, env=full_env)
    return p.returncode, p.stdout, p.stderr


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 made with openssl; returns (cert file, key file)."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


class Server:
    """`salonbox serve` on a free port of 127.0.0.1; stop() ends it and returns what it logged. It must say it
    listens within `start_timeout` seconds (a program started through wine on a loaded machine needs longer)."""

    def __init__(self, data_dir, *extra, env=None, scheme="http", start_timeout=30):
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen([BIN, "serve", "--data", data_dir, "--listen", "127.0.0.1:0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env)
        self.log = []
        self._stderr_thread = threading.Thread(target=self._drain, daemon=True)
        self._stderr_thread.start()
        line = self._read_line(start_timeout)
        m = re.match(r"salonbox: listening on (https?)://127\.0\.0\.1:(\d+)", line or "")
        if not m:
            self.stop()
            raise RuntimeError("server did not start: %r %s" % (line, "".join(self.log)))
        self.scheme, self.port = m.group(1), int(m.group(2))

    def _read_line(self, timeout):
        result = []
        t = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()), daemon=True)
        t.start()
        t.join(timeout)
        return result[0] if result else None

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr_thread.join(5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return "".join(self.log)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_named(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects, like a careful test browser."""

    _next_ip = [0]

    def __init__(self, server, accept_language="en", ip=None):
        """`ip` is sent as X-Forwarded-For (the test servers trust 127.0.0.1 as their proxy), so that each
        browser counts as its own client for the rate limits; by default every browser gets its own."""
        self.server = server
        self.cookies = {}
        self.accept_language = accept_language
        if ip is None:
            Browser._next_ip[0] += 1
            n = Browser._next_ip[0]
            ip = "198.51.%d.%d" % (n // 250, n % 250 + 1)
        self.ip = ip

    def _conn(self):
        if self.server.scheme == "https":
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=60, context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        conn = self._conn()
        h = {"Accept-Language": self.accept_language}
        if self.ip:
            h["X-Forwarded-For"] = self.ip
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        conn.close()
        for value in resp.headers_named("Set-Cookie"):
            name, _, rest = value.partition("=")
            val = rest.split(";", 1)[0]
            if "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        return resp

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        body = urllib.parse.urlencode(fields)
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h)

    def csrf_token(self, path):
        page = self.get(path)
        m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert m, "no csrf_token on %s (%d)" % (path, page.status)
        return m.group(1)

    def submit(self, form_path, fields, action=None, headers=None):
        """Loads the page holding the form, then posts it with the page's CSRF token."""
        data = dict(fields)
        data["csrf_token"] = self.csrf_token(form_path)
        return self.post(action or form_path, data, headers=headers)

    def admin_sign_in(self, email, password=PASSWORD, slug="demo"):
        return self.submit("/s/%s/admin/login" % slug, {"email": email, "password": password})


def page_text(resp):
    """The visible text of a page, tags removed and entities decoded, for assertions on wording."""
    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", resp.text, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def pdf_text(data):
    """The text of a PDF as pdftotext lays it out (poppler-utils)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout


class SalonTestCase(unittest.TestCase):
    """A fresh data directory with the demo salon, and a running server, for each test class."""

    server_args = ("--trusted-proxy", "127.0.0.1/32")
    server_env = None
    with_mail = False  # True: a real SMTP server (cls.mail, a MailSink) receives the salon's emails

    @classmethod
    def setUpClass(cls):
        if cls.with_mail:
            cls.mail = MailSink()
            cls.server_args = (*cls.server_args, *cls.mail.server_args())
        cls.data = tempfile.mkdtemp(prefix="salonbox-it-")
        code, out, err = run_cli("demo", "--data", cls.data, "--password", PASSWORD)
        assert code == 0, err
        cls.prepare_data()
        cls.server = Server(cls.data, *cls.server_args, env=cls.server_env)

    @classmethod
    def prepare_data(cls):
        """Changes the data directory once the demo salon exists and before the server starts (a test class's hook)."""

    @classmethod
    def tearDownClass(cls):
        log = cls.server.stop()
        cls.server_log = log
        shutil.rmtree(cls.data, ignore_errors=True)
        if cls.with_mail:
            cls.mail.stop()

    def db(self, slug="demo"):
        """A connection to a salon's file (the demo's by default), for asserting what was stored (the caller closes it)."""
        return sqlite3.connect(os.path.join(self.data, "salons", slug + ".db"), timeout=10)

    def query(self, sql, *args, slug="demo"):
        """All rows of one statement on a salon's file; a write is committed."""
        db = self.db(slug)
        try:
            rows = db.execute(sql, args).fetchall()
            db.commit()
            return rows
        finally:
            db.close()

    def set_portal_sign_in(self, value):
        """The owner sets how customers sign in (password, code or both) on the settings page, which the server
        reads its cached settings from again."""
        admin = Browser(self.server)
        admin.admin_sign_in("owner@demo.test")
        page = admin.get("/s/demo/admin/settings").text
        fields = dict(re.findall(r'<input id="(\w+)" name="\w+"[^>]*value="([^"]*)"', page))
        fields["address"] = re.search(r'<textarea id="address" name="address"[^>]*>([^<]*)</textarea>', page).group(1)
        fields.update(locale="en", portal_enabled="1", portal_sign_in=value)
        assert admin.submit("/s/demo/admin/settings", fields).status == 303
        assert '<option value="%s" selected>' % value in admin.get("/s/demo/admin/settings").text

    def allow_requests_outside_slots(self, allowed=True):
        """Booking preferences: whether the portal's request form takes times outside the offered free times (the
        demo salon does not)."""
        self.query("UPDATE booking_policy SET requests_outside_slots = ?", 1 if allowed else 0)

    def insert_legacy_unassigned(self, customer_id, animal_id, starts_at, ends_at, internal_notes=""):
        """A scheduled appointment without a groomer, as salons kept them before every appointment had one: written
        with the rule's trigger set aside for that one statement, in one transaction. Its id."""
        db = self.db()
        try:
            trigger = db.execute("SELECT sql FROM sqlite_master WHERE name = 'appointments_staff_required_insert'").fetchone()[0]
            db.execute("BEGIN IMMEDIATE")
            db.execute("DROP TRIGGER appointments_staff_required_insert")
            row = db.execute("INSERT INTO appointments (customer_id, animal_id, staff_user_id, starts_at, ends_at, status, internal_notes, "
                             "created_at, updated_at) VALUES (?, ?, NULL, ?, ?, 'scheduled', ?, 0, 0)",
                             (customer_id, animal_id, starts_at, ends_at, internal_notes)).lastrowid
            db.execute(trigger)
            db.commit()
            return row
        finally:
            db.close()

    def one(self, sql, *args):
        """The first column of the first row."""
        return self.query(sql, *args)[0][0]

    # One demo record per kind of {id} in the route table, by the path segment before it: records that every
    # visitor allowed on the route may open (Alice's, Chloé's appointment, Bob's pending request...).
    DEMO_RECORDS = {
        "customers": "SELECT id FROM customers WHERE email = 'alice@demo.test'",
        "animals": "SELECT id FROM animals WHERE name = 'Buddy'",
        "appointments": "SELECT min(a.id) FROM appointments a JOIN users u ON u.id = a.staff_user_id "
                        "WHERE u.email = 'groomer@demo.test' AND a.status = 'scheduled'",
        "services": "SELECT min(id) FROM services WHERE active = 1",
        "packages": "SELECT min(id) FROM package_types WHERE archived_at IS NULL",
        "staff": "SELECT id FROM users WHERE email = 'groomer@demo.test'",
        "requests": "SELECT min(id) FROM appointment_requests WHERE status = 'pending'",
        "changes": "SELECT min(id) FROM change_requests WHERE status = 'pending'",
        "proposals": "SELECT min(id) FROM proposed_times WHERE status = 'pending'",
        "closures": "SELECT min(id) FROM closures",
        "invoices": "SELECT min(i.id) FROM invoices i JOIN customers c ON c.id = i.customer_id "
                    "WHERE c.email = 'alice@demo.test' AND i.status = 'issued' AND i.credit_note_for IS NULL",
    }

    # Routes that need a particular record of their kind, by the end of their pattern: a receipt exists only for
    # an appointment that took place (Alice's first, which has a paid invoice).
    DEMO_RECORDS_BY_ROUTE_END = {
        "/appointments/{id}/receipt": "SELECT min(a.id) FROM appointments a JOIN customers c ON c.id = a.customer_id "
                                      "WHERE c.email = 'alice@demo.test' AND a.status = 'completed'",
    }
    # The confirmation pages of what only a draft allows ask for Alice's draft invoice.
    ALICES_DRAFT = ("SELECT min(i.id) FROM invoices i JOIN customers c ON c.id = i.customer_id "
                    "WHERE c.email = 'alice@demo.test' AND i.status = 'draft'")
    DEMO_RECORDS_BY_ROUTE_END["/invoices/{id}/issue"] = ALICES_DRAFT
    DEMO_RECORDS_BY_ROUTE_END["/invoices/{id}/lines/{line}/delete"] = ALICES_DRAFT

    @classmethod
    def copy_demo_salon(cls, slug="other", name="Other Paws"):
        """Salon `slug`, a copy of the demo salon's file without its sessions (call from prepare_data): an open
        connection to it, for the caller to add records demo does not have, commit and close."""
        salons = os.path.join(cls.data, "salons")
        src = sqlite3.connect(os.path.join(salons, "demo.db"))
        dst = sqlite3.connect(os.path.join(salons, slug + ".db"))
        src.backup(dst)
        src.close()
        dst.execute("UPDATE salon SET slug = ?, name = ?", (slug, name))
        dst.execute("DELETE FROM sessions")
        return dst

    def demo_ids(self, pattern):
        """The {id} (and {line}) of a route pattern filled from DEMO_RECORDS; fails naming a kind it lacks."""
        ids = {}
        for end, sql in self.DEMO_RECORDS_BY_ROUTE_END.items():
            if pattern.endswith(end):
                ids["id"] = self.one(sql)
        for segment, param in re.findall(r"([^/]+)/\{(id|line)\}", pattern):
            if param == "id" and "id" in ids:
                continue
            if param == "line":
                ids["line"] = self.one("SELECT min(id) FROM invoice_lines WHERE invoice_id = ?", ids["id"])
                continue
            sql = self.DEMO_RECORDS.get(segment)
            assert sql, "no demo record for /%s/{%s} in %s: add one to DEMO_RECORDS in harness.py" % (segment, param, pattern)
            ids[param] = self.one(sql)
            assert ids[param] is not None, "the demo salon has no record for %s" % pattern
        return ids

    def routes(self):
        """The route table of the binary (`salonbox routes`): dicts of method, pattern, access and face."""
        code, out, err = run_cli("routes")
        assert code == 0, err
        return [dict(zip(("method", "pattern", "access", "face"), line.split("\t"))) for line in out.splitlines()]

    def browser(self, accept_language="en", ip=None):
        return Browser(self.server, accept_language, ip)

    # Deadlines for conditions are long: a loaded machine may be slow to get there, never wrong.
    def wait_until(self, predicate, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if predicate():
                return True
            time.sleep(0.05)
        return False


class MailSink:
    """A real SMTP server on loopback (Debian's python3-aiosmtpd) keeping every message it receives."""

    def __init__(self):
        import socket
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
                return "250 OK"

        self.messages = []
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def server_args(self):
        return ("--mail-transport", "smtp", "--smtp-url", "smtp://127.0.0.1:%d" % self.port, "--mail-from", "salon@demo.test")

    def wait_for(self, to, count=1, timeout=120):
        """The messages sent to `to`, once there are `count` of them."""
        end = time.time() + timeout
        while time.time() < end:
            found = [m for m in self.messages if to in m["To"]]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError("no email to %s after %ss (have: %s)" % (to, timeout, [m["To"] for m in self.messages]))

    @staticmethod
    def text_of(message):
        return message.get_body(preferencelist=("plain",)).get_content()


import email  # noqa: E402  (used by MailSink)
import email.policy  # noqa: E402
