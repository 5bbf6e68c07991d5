"""The data directory against hostile restores, a second server and loose file modes."""
import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import time
import unittest
import zipfile

from harness import BIN, PASSWORD, Browser, Server, page_text, run_cli


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class DataDirTestCase(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="salonbox-safety-")
        self.addCleanup(shutil.rmtree, self.data, True)
        code, _, err = run_cli("demo", "--data", self.data, "--password", PASSWORD)
        self.assertEqual(code, 0, err)
        self.live = os.path.join(self.data, "salons", "demo.db")

    def backup(self, name="backup.db"):
        out = os.path.join(self.data, name)
        code, _, err = run_cli("backup", "--data", self.data, "--salon", "demo", "--out", out)
        self.assertEqual(code, 0, err)
        return out

    @staticmethod
    def edit(path, *statements):
        """Runs statements on a database file with reference checks off, as a hand edit would."""
        db = sqlite3.connect(path)
        try:
            db.execute("PRAGMA foreign_keys=OFF")
            for sql in statements:
                db.execute(sql)
            db.commit()
        finally:
            db.close()
        return path

    def restore(self, source, slug="demo"):
        return run_cli("restore", "--data", self.data, "--salon", slug, "--from", source)

    def assert_salon_serves(self):
        server = Server(self.data)
        try:
            b = Browser(server)
            self.assertEqual(b.admin_sign_in("owner@demo.test").status, 303)
            self.assertEqual(b.get("/s/demo/admin").status, 200)
            self.assertEqual(b.get("/s/demo/admin/customers").status, 200)
            portal = Browser(server)
            self.assertEqual(portal.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD}).status, 303)
            self.assertEqual(portal.get("/s/demo/account").status, 200)
        finally:
            server.stop()

    def customers(self, path=None):
        db = sqlite3.connect(path or self.live)
        try:
            return db.execute("SELECT count(*) FROM customers").fetchone()[0]
        finally:
            db.close()


class RefusedRestores(DataDirTestCase):
    """Every refusal leaves the salon exactly as it was, and serving."""

    def assert_refused(self, source, reason, slug="demo", code=1):
        before = digest(self.live)
        salons_before = sorted(os.listdir(os.path.join(self.data, "salons")))
        got, out, err = self.restore(source, slug)
        self.assertEqual(got, code, out + err)
        self.assertIn(reason, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertEqual(digest(self.live), before)
        self.assertEqual(sorted(os.listdir(os.path.join(self.data, "salons"))), salons_before)
        code, out, err = run_cli("check", "--data", self.data)
        self.assertEqual(code, 0, out + err)

    def test_a_foreign_file_with_a_salon_table_and_version_1(self):
        foreign = self.edit(os.path.join(self.data, "foreign.db"),
                            "CREATE TABLE salon (id INTEGER PRIMARY KEY, slug TEXT, name TEXT)",
                            "INSERT INTO salon VALUES (1, 'x', 'Not a salon')", "CREATE TABLE customers (id INTEGER PRIMARY KEY)",
                            "PRAGMA user_version=1")
        self.assert_refused(foreign, "not a salonbox salon backup")
        self.assert_salon_serves()

    def test_a_backup_with_a_broken_reference(self):
        broken = self.edit(self.backup(), "UPDATE animals SET customer_id = 99999 WHERE id = (SELECT min(id) FROM animals)")
        self.assert_refused(broken, "broken references")
        self.assert_salon_serves()

    def test_a_backup_with_a_dropped_table(self):
        dropped = self.edit(self.backup(), "DROP TABLE notifications")
        self.assert_refused(dropped, "notifications")
        self.assert_salon_serves()

    def test_a_backup_with_an_extra_trigger(self):
        tampered = self.edit(self.backup(), "CREATE TRIGGER wipe AFTER INSERT ON sessions BEGIN DELETE FROM customers; END")
        self.assert_refused(tampered, "wipe")

    def test_invalid_salon_settings(self):
        bad = self.edit(self.backup(), "UPDATE salon SET time_zone = 'Mars/Olympus'")
        self.assert_refused(bad, "invalid salon settings")

    def test_a_slug_that_is_a_path(self):
        good = self.backup()
        for slug in ("../escape", "../../tmp/escape", "Demo", "demo/../x"):
            self.assert_refused(good, "not a salon name", slug=slug, code=2)
        self.assertFalse(os.path.exists(os.path.join(self.data, "escape.db")))
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(self.data), "escape.db")))
        for command in (["backup", "--out", os.path.join(self.data, "x.db")], ["user", "list"],
                        ["export", "--out", os.path.join(self.data, "x.zip")]):
            code, _, err = run_cli(*command, "--data", self.data, "--salon", "../demo")
            self.assertEqual(code, 2, (command, err))
            self.assertIn("not a salon name", err)

    def test_restore_while_the_server_runs(self):
        good = self.backup()
        run_cli("user", "add", "--data", self.data, "--salon", "demo", "--email", "late@demo.test", "--role", "staff",
                "--password-stdin", stdin="a fresh strong password\n")
        server = Server(self.data)
        try:
            before = digest(self.live)
            code, _, err = self.restore(good)
            self.assertEqual(code, 1)
            self.assertIn("stop the server first", err)
            self.assertIn("pid %d" % server.proc.pid, err)
            self.assertEqual(digest(self.live), before)
            b = Browser(server)
            self.assertEqual(b.admin_sign_in("late@demo.test", "a fresh strong password").status, 303)
            self.assertEqual(b.get("/s/demo/admin").status, 200)
        finally:
            server.stop()


class GoodRestores(DataDirTestCase):
    def test_restore_replaces_the_salon_and_keeps_the_old_file(self):
        good = self.backup()
        code, _, err = run_cli("user", "add", "--data", self.data, "--salon", "demo", "--email", "late@demo.test", "--role",
                               "staff", "--password-stdin", stdin="a fresh strong password\n")
        self.assertEqual(code, 0, err)
        code, out, err = self.restore(good)
        self.assertEqual(code, 0, err)
        self.assertIn("before-restore", out)
        kept = self.live + ".before-restore"
        db = sqlite3.connect(kept)
        self.assertEqual(db.execute("SELECT count(*) FROM users WHERE email = 'late@demo.test'").fetchone()[0], 1)
        db.close()
        db = sqlite3.connect(self.live)
        self.assertEqual(db.execute("SELECT count(*) FROM users WHERE email = 'late@demo.test'").fetchone()[0], 0)
        db.close()
        self.assertEqual(sorted(os.listdir(os.path.join(self.data, "salons"))), ["demo.db", "demo.db.before-restore"])
        self.assertEqual(run_cli("check", "--data", self.data)[0], 0)
        self.assert_salon_serves()

    def test_restore_into_a_new_salon_renames_it(self):
        good = self.backup()
        code, _, err = self.restore(good, slug="copy")
        self.assertEqual(code, 0, err)
        db = sqlite3.connect(os.path.join(self.data, "salons", "copy.db"))
        self.assertEqual(db.execute("SELECT slug FROM salon").fetchone()[0], "copy")
        db.close()
        self.assertFalse(os.path.exists(os.path.join(self.data, "salons", "copy.db.before-restore")))


class Check(DataDirTestCase):
    def assert_check_reports(self, what):
        code, out, _ = run_cli("check", "--data", self.data)
        self.assertEqual(code, 1)
        self.assertIn("DAMAGED", out)
        self.assertIn(what, out)

    def test_check_reports_a_schema_that_differs(self):
        self.edit(self.live, "DROP TABLE notifications")
        self.assert_check_reports("notifications")

    def test_a_file_from_a_newer_salonbox_is_not_called_damaged(self):
        self.edit(self.live, "PRAGMA user_version=999")
        code, out, err = run_cli("check", "--data", self.data)
        self.assertEqual(code, 1)
        self.assertNotIn("DAMAGED", out)
        self.assertIn("NEWER SALONBOX", out.splitlines()[0])
        self.assertIn("newer salonbox", out)
        self.assertIn("install that version", err)
        self.assertNotIn("restore them from a backup", err)  # an older backup would lose the newest data

    def test_a_newer_file_that_is_also_broken_is_damaged(self):
        self.edit(self.live, "PRAGMA user_version=999")
        db = sqlite3.connect(self.live)
        db.execute("PRAGMA journal_mode=DELETE")
        db.close()
        with open(self.live, "r+b") as f:
            f.seek(4096 * 3)
            f.write(b"\xff" * 4096 * 4)
        code, out, err = run_cli("check", "--data", self.data)
        self.assertEqual(code, 1)
        self.assertIn("DAMAGED", out)
        self.assertIn("restore them from a backup", err)


class KeptTotalsAndSearch(DataDirTestCase):
    """A salon file changed outside salonbox: its list totals, amounts due and search are recomputed from its rows."""

    # What a hand edit (or another program) can leave: triggers keep these only for the writes that go through them.
    TAMPERING = (
        "UPDATE list_counts SET total = 40 WHERE list IN ('customers', 'active_customers')",
        "DELETE FROM unpaid_invoices",
        "INSERT INTO customer_search (customer_search, rowid, first_name, last_name, email, phone) "
        "SELECT 'delete', id, first_name, last_name, email, phone FROM customers WHERE last_name = 'Durand'",
    )

    def assert_pages_show_the_rows(self, server):
        b = Browser(server)
        self.assertEqual(b.admin_sign_in("owner@demo.test").status, 303)
        self.assertIn("3 customers", page_text(b.get("/s/demo/admin/customers")))
        self.assertIn("Durand, Bob", page_text(b.get("/s/demo/admin/customers?q=durand")))
        self.assertIn("1 unpaid, €62.40 in all", page_text(b.get("/s/demo/admin")))
        portal = Browser(server)
        self.assertEqual(portal.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD}).status, 303)
        self.assertIn("Amount to pay: €62.40.", page_text(portal.get("/s/demo/account")))

    def test_a_restored_tampered_backup_shows_the_right_totals_amounts_due_and_search(self):
        tampered = self.edit(self.backup(), *self.TAMPERING)
        code, out, err = self.restore(tampered)
        self.assertEqual(code, 0, err)
        self.assertIn("Corrected the totals and search data", out)
        self.assertIn("the total of customers says 40, the customers table has 3", out)
        self.assertIn("invoice FA", out)
        self.assertIn("the customer search does not find the customer Bob Durand", out)
        server = Server(self.data)
        try:
            self.assert_pages_show_the_rows(server)
        finally:
            server.stop()
        self.assertEqual(run_cli("check", "--data", self.data)[0], 0)

    def test_a_backup_salonbox_wrote_is_restored_without_corrections(self):
        code, out, err = self.restore(self.backup())
        self.assertEqual(code, 0, err)
        self.assertNotIn("Corrected", out)

    def test_check_reports_kept_data_out_of_step_and_the_repair_fixes_it(self):
        self.edit(self.live, *self.TAMPERING)
        code, out, err = run_cli("check", "--data", self.data)
        self.assertEqual(code, 1, out + err)
        self.assertIn("TOTALS OUT OF STEP", out.splitlines()[0])
        self.assertIn("the total of active customers says 40, the customers table has 3 not archived", out)
        self.assertIn("the sum still due on invoices says 0.00 EUR", out)
        self.assertIn("salonbox check --repair SLUG", err)
        self.assertNotIn("restore them from a backup", err)

        server = Server(self.data)
        try:
            code, out, err = run_cli("check", "--data", self.data, "--repair", "demo")
            self.assertEqual(code, 1)
            self.assertIn("stop the server first", err)
        finally:
            server.stop()

        code, out, err = run_cli("check", "--data", self.data, "--repair", "demo")
        self.assertEqual(code, 0, out + err)
        self.assertIn("the total of customers says 40, the customers table has 3", out)
        self.assertIn("demo                 ok", out)
        code, out, err = run_cli("check", "--data", self.data, "--repair", "demo")
        self.assertEqual(code, 0, out + err)
        self.assertIn("already in step; nothing was changed", out)
        server = Server(self.data)
        try:
            self.assert_pages_show_the_rows(server)
        finally:
            server.stop()

    def test_the_repair_refuses_a_damaged_salon(self):
        self.edit(self.live, "DROP TABLE notifications")
        code, _, err = run_cli("check", "--data", self.data, "--repair", "demo")
        self.assertEqual(code, 1)
        self.assertIn("repair refused", err)
        self.assertIn("notifications", err)


class UnusableSalonFiles(DataDirTestCase):
    """Files in salons/ that salonbox cannot use: each is named and left as it was, the other salons serve."""

    def plant(self):
        salons = os.path.join(self.data, "salons")
        shutil.copy(self.live, os.path.join(salons, "newer.db"))
        self.edit(os.path.join(salons, "newer.db"), "PRAGMA user_version=999")
        with open(os.path.join(salons, "foreign.db"), "wb") as f:
            f.write(b"a spreadsheet saved under the wrong name, not a database" * 20)
        self.edit(os.path.join(salons, "other.db"), "CREATE TABLE notes(text TEXT)")  # another program's database
        return {name: digest(os.path.join(salons, name + ".db")) for name in ("newer", "foreign", "other")}

    def test_they_are_reported_and_skipped_while_the_others_serve(self):
        before = self.plant()
        server = Server(self.data)
        try:
            b = Browser(server)
            health = b.get("/healthz")
            self.assertEqual(health.status, 503)
            report = json.loads(health.text)
            self.assertEqual(sorted(report["salons"]), ["foreign", "newer", "other"])
            self.assertIn("newer salonbox", report["problems"]["newer"])
            self.assertIn("not a salonbox database", report["problems"]["foreign"])
            self.assertIn("not a salonbox database", report["problems"]["other"])
            self.assertEqual(b.get("/s/newer/admin/login").status, 503)
            self.assertEqual(b.get("/s/foreign/login").status, 503)
            self.assertEqual(b.admin_sign_in("owner@demo.test").status, 303)
            self.assertEqual(b.get("/s/demo/admin").status, 200)
        finally:
            log = server.stop()
        for name in ("newer", "foreign", "other"):
            self.assertIn("salonbox: salon %s is not served: " % name, log)
        after = {name: digest(os.path.join(self.data, "salons", name + ".db")) for name in before}
        self.assertEqual(after, before)  # not even their journal mode was set

        code, out, _ = run_cli("check", "--data", self.data)
        self.assertEqual(code, 1)
        lines = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
        self.assertIn("ok", lines["demo"])
        self.assertIn("NEWER SALONBOX", lines["newer"])
        self.assertIn("NOT A SALON", lines["foreign"])
        self.assertIn("NOT A SALON", lines["other"])

    @staticmethod
    def poll_health(browser, status, within=30):
        deadline = time.monotonic() + within
        while True:
            health = browser.get("/healthz")
            if health.status == status or time.monotonic() > deadline:
                return health
            time.sleep(0.25)

    def test_health_names_a_salon_that_cannot_write(self):
        server = Server(self.data)
        try:
            b = Browser(server)
            self.assertEqual(b.get("/healthz").status, 200)
            # Another process holds the salon's write lock past the server's busy timeout.
            # The check never waits for the lock: it says so once the lock has been found taken for longer
            # than a write waits, probing at most every few seconds.
            blocker = sqlite3.connect(self.live, timeout=10, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")
            try:
                health = self.poll_health(b, 503)
                self.assertEqual(health.status, 503)
                self.assertEqual(json.loads(health.text)["salons"], ["demo"])
                self.assertIn("cannot write", json.loads(health.text)["problems"]["demo"])
                self.assertIn("write lock", json.loads(health.text)["problems"]["demo"])
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
            self.assertEqual(self.poll_health(b, 200).status, 200)
        finally:
            server.stop()


def can_mount_tmpfs():
    return os.geteuid() == 0 and shutil.which("mount") is not None and shutil.which("umount") is not None


@unittest.skipUnless(can_mount_tmpfs(), "needs root to mount a small tmpfs as a full disk")
class FullDisk(DataDirTestCase):
    """The salon's data directory on a disk with no room left: a write is refused in words, nothing is half
    written, and everything works again once room is made."""

    def setUp(self):
        super().setUp()
        self.disk = tempfile.mkdtemp(prefix="salonbox-disk-")
        self.addCleanup(shutil.rmtree, self.disk, True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", self.disk], check=True)
        self.addCleanup(subprocess.run, ["umount", "-l", self.disk])
        self.data_on_disk = os.path.join(self.disk, "data")
        shutil.copytree(self.data, self.data_on_disk)

    def fill(self):
        """Takes every byte left on the disk."""
        filler = os.path.join(self.disk, "filler")
        with open(filler, "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        return filler

    def test_a_write_is_refused_in_words_and_works_again_once_room_is_made(self):
        server = Server(self.data_on_disk, "--trusted-proxy", "127.0.0.1/32")
        try:
            b = Browser(server, accept_language="fr")
            token = b.csrf_token("/s/demo/login")
            filler = self.fill()
            r = b.post("/s/demo/login", {"csrf_token": token, "email": "alice@demo.test", "password": PASSWORD})
            self.assertEqual(r.status, 503, page_text(r))
            self.assertEqual(r.header("Retry-After"), "60")
            self.assertIn("Rien n’a été enregistré : le disque de l’ordinateur du salon est plein.", page_text(r))
            self.assertEqual(b.get("/s/demo/account").status, 303)  # not signed in: no session was kept
            os.remove(filler)
            self.assertEqual(b.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD}).status, 303)
            self.assertEqual(b.get("/s/demo/account").status, 200)
        finally:
            log = server.stop()
        self.assertIn("database or disk is full", log)
        db = sqlite3.connect(os.path.join(self.data_on_disk, "salons", "demo.db"))
        try:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        finally:
            db.close()


class ExportScratchFiles(DataDirTestCase):
    """The admin export is written to DATA/tmp and sent from there: nothing stays behind."""

    def test_an_export_leaves_no_file_and_one_cut_short_by_a_crash_is_cleared_at_start(self):
        scratch = os.path.join(self.data, "tmp")
        os.makedirs(scratch, mode=0o700)
        left = os.path.join(scratch, "export-3.zip.Xy12Ab")
        with open(left, "wb") as f:
            f.write(b"half an archive")
        many = ["INSERT INTO customers(first_name, last_name, notes, created_at) VALUES ('N%d', 'Doe, \"Jr\"', "
                "'line one\nline two =1+1', 1700000000)" % i for i in range(3000)]
        self.edit(self.live, *many)
        server = Server(self.data)
        try:
            self.assertEqual(os.listdir(scratch), [])
            b = Browser(server)
            self.assertEqual(b.admin_sign_in("owner@demo.test").status, 303)
            r = b.submit("/s/demo/admin/export", {}, action="/s/demo/admin/export/download")
            self.assertEqual(r.status, 200)
            self.assertEqual(int(r.header("Content-Length")), len(r.body))
            with zipfile.ZipFile(io.BytesIO(r.body)) as z:
                self.assertIsNone(z.testzip())
                text = z.read("customers.csv").decode("utf-8")
            self.assertTrue(text.startswith("\ufeff"))
            rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
            self.assertEqual(len(rows), 3003)  # the demo's three, then these, each read across many blocks
            self.assertEqual({r["notes"] for r in rows[3:]}, {"line one\nline two =1+1"})
            self.assertEqual({r["last_name"] for r in rows[3:]}, {'Doe, "Jr"'})
            self.assertEqual([r["first_name"] for r in rows[3:]], ["N%d" % i for i in range(3000)])
            self.assertEqual(os.listdir(scratch), [])
        finally:
            server.stop()


class OneServerPerDataDirectory(DataDirTestCase):
    def test_a_second_server_is_refused_with_the_first_ones_pid(self):
        server = Server(self.data)
        try:
            p = subprocess.run([BIN, "serve", "--data", self.data, "--listen", "127.0.0.1:0"], capture_output=True, text=True,
                               timeout=60)
            self.assertEqual(p.returncode, 1)
            self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
            self.assertIn("pid %d" % server.proc.pid, p.stderr)
            self.assertEqual(Browser(server).get("/healthz").status, 200)
        finally:
            server.stop()
        # The lock goes with the process: a new server starts at once.
        Server(self.data).stop()


class FileModes(unittest.TestCase):
    """Whatever the umask of whoever runs salonbox, its files are the salon's alone."""

    def run_with_umask(self, *args, stdin=None):
        p = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, timeout=120,
                           preexec_fn=lambda: os.umask(0o022))
        self.assertEqual(p.returncode, 0, p.stderr)

    def mode(self, path):
        return stat.S_IMODE(os.stat(path).st_mode)

    def test_files_are_0600_and_directories_0700_under_umask_022(self):
        parent = tempfile.mkdtemp(prefix="salonbox-modes-")
        self.addCleanup(shutil.rmtree, parent, True)
        data = os.path.join(parent, "data")
        self.run_with_umask("demo", "--data", data, "--password", PASSWORD)
        self.run_with_umask("salon", "create", "second", "--name", "Second", "--data", data)
        backups = os.path.join(parent, "backups")
        self.run_with_umask("backup", "--all", "--data", data, "--out", backups)
        export = os.path.join(parent, "export.zip")
        self.run_with_umask("export", "--data", data, "--salon", "demo", "--out", export)
        with zipfile.ZipFile(export) as z:
            self.assertIn("customers.csv", z.namelist())
        self.run_with_umask("restore", "--data", data, "--salon", "demo", "--from", os.path.join(backups, "demo.db"))

        # A server creates the secret key and keeps -wal/-shm files open beside each salon.
        env = dict(os.environ)
        server = subprocess.Popen([BIN, "serve", "--data", data, "--listen", "127.0.0.1:0", "--mail-transport", "smtp"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, preexec_fn=lambda: os.umask(0o022), env=env)
        try:
            self.assertIn("listening on", server.stdout.readline())
            # Salons are opened just after the server listens.
            wal = os.path.join(data, "salons", "demo.db-wal")
            deadline = time.monotonic() + 10
            while not os.path.exists(wal) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertTrue(os.path.exists(wal))
            for d in (data, os.path.join(data, "salons"), backups):
                self.assertEqual(self.mode(d), 0o700, d)
            files = [os.path.join(root, f) for root, _, names in os.walk(data) for f in names]
            files += [os.path.join(backups, f) for f in os.listdir(backups)] + [export]
            self.assertIn(os.path.join(data, "secret.key"), files)
            for f in files:
                self.assertEqual(self.mode(f), 0o600, f)
        finally:
            server.terminate()
            server.wait(20)
            server.stdout.close()


if __name__ == "__main__":
    unittest.main()
