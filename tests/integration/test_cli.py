"""The command line as a salon owner drives it: messages, exit codes, accounts, backups and settings."""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import unittest

from harness import PASSWORD, Browser, Server, make_certificate, run_cli


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="salonbox-cli-")

    def tearDown(self):
        shutil.rmtree(self.data, ignore_errors=True)

    def demo(self):
        code, out, err = run_cli("demo", "--data", self.data, "--password", PASSWORD)
        self.assertEqual(code, 0, err)
        return out


class Commands(CliTestCase):
    def test_version_and_usage_errors(self):
        code, out, _ = run_cli("--version")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^salonbox \d+\.\d+\.\d+")
        self.assertEqual(run_cli("fly")[0], 2)
        self.assertEqual(run_cli()[0], 2)
        code, _, err = run_cli("salon", "create", "--data", self.data)
        self.assertEqual(code, 2)
        self.assertIn("slug", err.lower())

    def test_demo_prints_random_sign_ins_that_work(self):
        code, out, err = run_cli("demo", "--data", self.data)
        self.assertEqual(code, 0, err)
        lines = [l.split() for l in out.splitlines() if "@demo.test" in l and len(l.split()) == 3]
        self.assertEqual([l[0] for l in lines], ["owner@demo.test", "manager@demo.test", "groomer@demo.test",
                                                 "alice@demo.test", "bob@demo.test"])
        passwords = {l[0]: l[2] for l in lines}
        self.assertEqual(len(set(passwords.values())), 5)
        server = Server(self.data)
        try:
            b = Browser(server, ip=None)
            self.assertEqual(b.admin_sign_in("owner@demo.test", passwords["owner@demo.test"]).status, 303)
        finally:
            server.stop()
        code, _, err = run_cli("demo", "--data", self.data)
        self.assertEqual(code, 1)
        self.assertIn("already exists", err)

    def test_salon_create_checks_each_value(self):
        cases = [(["bad slug!", "--name", "X"], "slug"), (["ok-slug", "--name", "X", "--timezone", "Moon/Base"], "--timezone"),
                 (["ok-slug", "--name", "X", "--currency", "ABC"], "--currency"), (["ok-slug", "--name", "X", "--locale", "pt"], "--locale")]
        for args, word in cases:
            code, _, err = run_cli("salon", "create", "--data", self.data, *args)
            self.assertEqual(code, 2, args)
            self.assertIn(word, err)
        self.assertFalse(os.path.exists(os.path.join(self.data, "salons")) and os.listdir(os.path.join(self.data, "salons")))
        code, out, err = run_cli("salon", "create", "--data", self.data, "chez-rene", "--name", "Chez Renée", "--timezone",
                                 "America/Montreal", "--locale", "fr", "--currency", "CAD")
        self.assertEqual(code, 0, err)
        code, out, _ = run_cli("salon", "list", "--data", self.data)
        self.assertIn("chez-rene", out)
        self.assertIn("Chez Renée", out)
        self.assertIn("America/Montreal", out)
        self.assertEqual(run_cli("salon", "create", "--data", self.data, "chez-rene", "--name", "Again")[0], 1)

    def test_user_add_and_reset_password(self):
        self.demo()
        base = ["--data", self.data, "--salon", "demo"]
        code, out, err = run_cli("user", "add", *base, "--email", "New.Groomer@Demo.Test", "--role", "staff", "--name", "Noé",
                                 "--password-stdin", stdin="a fresh strong password\n")
        self.assertEqual(code, 0, err)
        self.assertNotIn("a fresh strong password", out)
        code, out, _ = run_cli("user", "list", *base)
        self.assertIn("new.groomer@demo.test", out)
        self.assertEqual(run_cli("user", "add", *base, "--email", "new.groomer@demo.test", "--role", "staff",
                                 "--password-stdin", stdin="another strong one\n")[0], 1)
        code, _, err = run_cli("user", "add", *base, "--email", "weak@demo.test", "--role", "staff", "--password-stdin",
                               stdin="password1\n")
        self.assertEqual(code, 1)
        self.assertIn("too common", err)
        self.assertEqual(run_cli("user", "add", *base, "--email", "x@demo.test", "--role", "king", "--password-stdin", stdin="x\n")[0], 2)
        self.assertEqual(run_cli("user", "add", "--data", self.data, "--salon", "nowhere", "--email", "x@demo.test", "--role",
                                 "staff", "--password-stdin", stdin="a fresh strong password\n")[0], 1)

        server = Server(self.data)
        try:
            b = Browser(server)
            self.assertEqual(b.admin_sign_in("new.groomer@demo.test", "a fresh strong password").status, 303)
            self.assertEqual(b.get("/s/demo/admin").status, 200)
            code, _, err = run_cli("user", "reset-password", *base, "--email", "new.groomer@demo.test", "--password-stdin",
                                   stdin="the next strong password\n")
            self.assertEqual(code, 0, err)
            # The reset ended the open session; only the new password works now.
            self.assertEqual(b.get("/s/demo/admin").status, 303)
            self.assertEqual(Browser(server).admin_sign_in("new.groomer@demo.test", "a fresh strong password").status, 422)
            self.assertEqual(Browser(server).admin_sign_in("new.groomer@demo.test", "the next strong password").status, 303)
        finally:
            server.stop()

    def test_a_generated_password_is_shown_once(self):
        self.demo()
        code, out, err = run_cli("user", "add", "--data", self.data, "--salon", "demo", "--email", "temp@demo.test", "--role",
                                 "manager", stdin="")
        self.assertEqual(code, 0, err)
        self.assertIn("Password: ", out)


class Backups(CliTestCase):
    def test_backup_while_the_server_is_writing_then_restore(self):
        self.demo()
        server = Server(self.data, "--trusted-proxy", "127.0.0.1/32")
        stop = threading.Event()
        errors = []

        def keep_signing_in(n):
            # Every sign-in writes a session and an audit row.
            while not stop.is_set():
                r = Browser(server).admin_sign_in("owner@demo.test")
                if r.status != 303:
                    errors.append(r.status)

        workers = [threading.Thread(target=keep_signing_in, args=(i,)) for i in range(3)]
        try:
            for w in workers:
                w.start()
            outs = []
            for i in range(3):
                out = os.path.join(self.data, "backup-%d.db" % i)
                code, msg, err = run_cli("backup", "--data", self.data, "--salon", "demo", "--out", out)
                self.assertEqual(code, 0, err)
                self.assertIn("Backed up salon 'demo'", msg)
                outs.append(out)
        finally:
            stop.set()
            for w in workers:
                w.join()
            server.stop()
        self.assertEqual(errors, [])
        for out in outs:
            db = sqlite3.connect(out)
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(db.execute("SELECT count(*) FROM customers").fetchone()[0], 3)
            db.close()

        # Restoring the first backup brings back its own number of sessions.
        sessions_in_backup = sqlite3.connect(outs[0]).execute("SELECT count(*) FROM sessions").fetchone()[0]
        code, out, err = run_cli("restore", "--data", self.data, "--salon", "demo", "--from", outs[0])
        self.assertEqual(code, 0, err)
        live = sqlite3.connect(os.path.join(self.data, "salons", "demo.db"))
        self.assertEqual(live.execute("SELECT count(*) FROM sessions").fetchone()[0], sessions_in_backup)
        live.close()
        code, out, _ = run_cli("check", "--data", self.data)
        self.assertEqual(code, 0)
        self.assertIn("demo", out)
        self.assertIn("ok", out)

    def test_backup_all_and_refusals(self):
        self.demo()
        run_cli("salon", "create", "--data", self.data, "second", "--name", "Second")
        outdir = os.path.join(self.data, "backups")
        code, out, err = run_cli("backup", "--data", self.data, "--all", "--out", outdir)
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(os.listdir(outdir)), ["demo.db", "second.db"])
        self.assertEqual(run_cli("backup", "--data", self.data, "--out", outdir)[0], 2)

        junk = os.path.join(self.data, "junk.db")
        with open(junk, "w") as f:
            f.write("not a database at all")
        code, _, err = run_cli("restore", "--data", self.data, "--salon", "demo", "--from", junk)
        self.assertEqual(code, 1)
        self.assertIn("refused", err)

        newer = os.path.join(outdir, "demo.db")
        db = sqlite3.connect(newer)
        db.execute("PRAGMA user_version=999")
        db.commit()
        db.close()
        code, _, err = run_cli("restore", "--data", self.data, "--salon", "demo", "--from", newer)
        self.assertEqual(code, 1)
        self.assertIn("newer salonbox", err)

    def test_check_reports_a_damaged_database(self):
        self.demo()
        path = os.path.join(self.data, "salons", "demo.db")
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=DELETE")
        db.close()
        with open(path, "r+b") as f:
            f.seek(4096 * 3)
            f.write(b"\xff" * 4096 * 4)
        code, out, err = run_cli("check", "--data", self.data)
        self.assertEqual(code, 1)
        self.assertIn("DAMAGED", out)


class ServeSettings(CliTestCase):
    def serve_fails(self, *args, env=None):
        p = subprocess.run([os.environ.get("SALONBOX_BIN"), "serve", "--data", self.data, *args], capture_output=True,
                           text=True, timeout=60, env={**os.environ, **(env or {})})
        return p.returncode, p.stderr.strip()

    def test_a_wrong_value_names_its_setting(self):
        cases = [(["--listen", "localhost"], "--listen"), (["--listen", "127.0.0.1:99999"], "--listen"),
                 (["--threads", "1"], "--threads"), (["--trusted-proxy", "not-a-network"], "--trusted-proxy"),
                 (["--public-url", "salon.example"], "--public-url"), (["--mail-transport", "pigeon"], "--mail-transport"),
                 (["--tls-cert", "/nonexistent.pem"], "--tls-"), (["--mail-transport", "smtp", "--smtp-url", "mail.example"], "--smtp-url")]
        for args, setting in cases:
            code, err = self.serve_fails(*args)
            self.assertEqual(code, 2, args)
            self.assertTrue(err.startswith("salonbox: " + setting), err)
            self.assertEqual(len(err.splitlines()), 1, err)

    def test_environment_and_config_file_feed_the_same_settings(self):
        code, err = self.serve_fails(env={"SALONBOX_THREADS": "2"})
        self.assertEqual(code, 2)
        self.assertIn("--threads", err)
        config = os.path.join(self.data, "salonbox.conf")
        with open(config, "w") as f:
            f.write('[serve]\nlisten = "127.0.0.1:notaport"\n')
        code, err = self.serve_fails("--config", config)
        self.assertEqual(code, 2)
        self.assertIn("--listen", err)
        # A misspelt key is reported, not silently ignored.
        with open(config, "w") as f:
            f.write('[serve]\nthreadz = 8\n')
        code, err = self.serve_fails("--config", config)
        self.assertEqual(code, 2)
        self.assertIn("threadz", err)

    def test_config_file_settings_are_used(self):
        self.demo()
        config = os.path.join(self.data, "salonbox.conf")
        with open(config, "w") as f:
            f.write('[serve]\ntrusted-proxy = ["127.0.0.1/32"]\nthreads = 8\n')
        server = Server(self.data, "--config", config)
        try:
            b = Browser(server)
            r = b.get("/s/demo/admin/login", headers={"X-Forwarded-Proto": "https"})
            self.assertTrue(r.header("Set-Cookie").startswith("__Host-"), r.header("Set-Cookie"))
        finally:
            server.stop()

    def test_port_in_use_is_a_clear_failure(self):
        self.demo()
        other_data = tempfile.mkdtemp(prefix="salonbox-cli-other-")
        self.addCleanup(shutil.rmtree, other_data, True)
        server = Server(other_data)
        try:
            code, err = self.serve_fails("--listen", "127.0.0.1:%d" % server.port)
            self.assertEqual(code, 1)
            self.assertIn("--listen", err)
        finally:
            server.stop()


class NativeTls(CliTestCase):
    def test_https_with_a_certificate(self):
        self.demo()
        cert, key = make_certificate(self.data)
        server = Server(self.data, "--tls-cert", cert, "--tls-key", key)
        try:
            self.assertEqual(server.scheme, "https")
            b = Browser(server, ip="")
            r = b.get("/s/demo/admin/login")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.header("Strict-Transport-Security"), "max-age=31536000")
            self.assertTrue(r.header("Set-Cookie").startswith("__Host-sb-csrf="))
            r = b.admin_sign_in("owner@demo.test")
            self.assertEqual(r.status, 303)
            session = [c for c in r.headers_named("Set-Cookie") if c.startswith("__Host-sb-demo-admin=")][0]
            self.assertIn("Secure", session)
            self.assertIn("Path=/", session)
            self.assertEqual(b.get("/s/demo/admin").status, 200)
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
