"""salonbox as the packaged service runs it: readiness and stop notices to systemd, and scheduled backups
that keep the newest few per salon."""
import datetime
import os
import re
import shutil
import socket
import sqlite3
import stat
import tempfile
import unittest

from harness import PASSWORD, Browser, SalonTestCase, Server, page_text, run_cli

STAMPED = re.compile(r"^(?P<slug>[a-z0-9-]+)-(?P<time>\d{8}T\d{6}Z)\.db$")


class ServiceManagerNotices(unittest.TestCase):
    """A Type=notify unit: systemd passes a datagram socket in NOTIFY_SOCKET and waits for READY=1."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="salonbox-notify-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def serve_and_stop(self, address, bind_to):
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind(bind_to)
        listener.settimeout(20)
        server = Server(os.path.join(self.dir, "data"), env={"NOTIFY_SOCKET": address})
        try:
            self.assertEqual(listener.recv(4096), b"READY=1")
            # Ready means customers can connect now.
            self.assertEqual(Browser(server).get("/healthz").status, 200)
        finally:
            log = server.stop()
        self.assertEqual(listener.recv(4096), b"STOPPING=1", log)
        self.assertEqual(server.proc.returncode, 0, log)
        listener.close()

    def test_ready_once_listening_and_stopping_on_sigterm(self):
        path = os.path.join(self.dir, "notify")
        self.serve_and_stop(path, path)

    def test_an_abstract_socket_address(self):
        name = "salonbox-test-%d" % os.getpid()
        self.serve_and_stop("@" + name, "\0" + name)


class ScheduledBackups(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="salonbox-backups-")
        self.out = os.path.join(self.data, "backups")
        code, _, err = run_cli("demo", "--data", self.data, "--password", PASSWORD)
        self.assertEqual(code, 0, err)
        # "demo-b" begins like "demo-": neither salon may take the other's backups for its own.
        code, _, err = run_cli("salon", "create", "--data", self.data, "demo-b", "--name", "Second salon")
        self.assertEqual(code, 0, err)

    def tearDown(self):
        shutil.rmtree(self.data, ignore_errors=True)

    def plant(self, *names):
        os.makedirs(self.out, exist_ok=True)
        for name in names:
            with open(os.path.join(self.out, name), "w") as f:
                f.write("an older backup")

    def backup(self, keep):
        return run_cli("backup", "--data", self.data, "--all", "--out", self.out, "--keep", str(keep))

    def listing(self):
        return sorted(os.listdir(self.out))

    def assert_sound_backup(self, path, slug):
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(db.execute("SELECT slug FROM salon").fetchone()[0], slug)
        db.close()

    def test_keep_n_keeps_the_newest_n_of_each_salon_and_nothing_else_is_touched(self):
        self.plant("demo-20200101T000000Z.db", "demo-20220101T000000Z.db", "demo-20210101T000000Z.db",
                   "demo-b-20200101T000000Z.db", "demo.db", "notes.txt")
        before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        code, out, err = self.backup(keep=2)
        after = datetime.datetime.now(datetime.timezone.utc)
        self.assertEqual(code, 0, err)

        new = [n for n in self.listing() if STAMPED.match(n) and STAMPED.match(n).group("time") > "2025"]
        self.assertEqual(len(new), 2, self.listing())
        for name in new:
            m = STAMPED.match(name)
            taken = datetime.datetime.strptime(m.group("time"), "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
            self.assertTrue(before <= taken <= after, name)  # the name is the UTC time it was taken
            self.assert_sound_backup(os.path.join(self.out, name), m.group("slug"))
            self.assertIn(name, out)
        new_demo = next(n for n in new if STAMPED.match(n).group("slug") == "demo")
        new_b = next(n for n in new if STAMPED.match(n).group("slug") == "demo-b")
        self.assertEqual(self.listing(), sorted(["demo-20220101T000000Z.db", new_demo, "demo-b-20200101T000000Z.db", new_b,
                                                 "demo.db", "notes.txt"]))
        self.assertIn("demo-20200101T000000Z.db", out)  # what was deleted is said

        code, _, err = self.backup(keep=1)
        self.assertEqual(code, 0, err)
        stamped = [n for n in self.listing() if STAMPED.match(n)]
        self.assertEqual(len(stamped), 2, self.listing())
        self.assertEqual(sorted(STAMPED.match(n).group("slug") for n in stamped), ["demo", "demo-b"])
        self.assertGreaterEqual(stamped[0], new_demo)
        self.assertIn("demo.db", self.listing())
        self.assertIn("notes.txt", self.listing())

    def test_a_failed_backup_leaves_nothing_behind_and_deletes_no_older_one(self):
        self.plant("demo-20200101T000000Z.db", "demo-20210101T000000Z.db")
        # Damage the demo salon so that a copy of it fails SQLite's integrity check (an index that no longer
        # matches its table), while the salon still opens.
        db = sqlite3.connect(os.path.join(self.data, "salons", "demo.db"))
        db.execute("CREATE INDEX damaged ON customers(last_name)")
        db.execute("PRAGMA writable_schema=ON")
        db.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX damaged ON customers(first_name)' WHERE name = 'damaged'")
        db.commit()
        db.close()

        code, out, err = self.backup(keep=1)
        self.assertEqual(code, 1, out)
        self.assertIn("demo", err)
        self.assertIn("integrity", err)
        names = self.listing()
        self.assertFalse([n for n in names if "partial" in n or n.endswith("-journal")], names)
        self.assertEqual([n for n in names if n.startswith("demo-2")], ["demo-20200101T000000Z.db", "demo-20210101T000000Z.db"])
        # The sound salon was backed up all the same.
        self.assertEqual(len([n for n in names if n.startswith("demo-b-")]), 1, names)

    def test_keep_takes_a_positive_count(self):
        for keep in ("0", "-3", "many"):
            code, _, err = run_cli("backup", "--data", self.data, "--all", "--out", self.out, "--keep", keep)
            self.assertEqual(code, 2, keep)
        self.assertFalse(os.path.exists(self.out))

    def test_keep_with_one_salon_writes_into_the_directory(self):
        code, _, err = run_cli("backup", "--data", self.data, "--salon", "demo-b", "--out", self.out, "--keep", "3")
        self.assertEqual(code, 0, err)
        self.assertEqual(len(self.listing()), 1)
        self.assertEqual(STAMPED.match(self.listing()[0]).group("slug"), "demo-b")
        self.assertEqual(stat.S_IMODE(os.stat(self.out).st_mode), 0o700)



class LastBackupOnTheDashboard(SalonTestCase):
    def test_the_dashboard_tells_managers_when_the_salon_was_last_backed_up(self):
        owner, groomer = self.browser(), self.browser()
        self.assertEqual(owner.admin_sign_in("owner@demo.test").status, 303)
        self.assertEqual(groomer.admin_sign_in("groomer@demo.test").status, 303)
        self.assertIn("never been backed up", page_text(owner.get("/s/demo/admin")))
        self.assertNotIn("backed up", page_text(groomer.get("/s/demo/admin")))  # staff cannot act on it

        out = os.path.join(self.data, "backups")
        code, _, err = run_cli("backup", "--data", self.data, "--all", "--out", out, "--keep", "3")
        self.assertEqual(code, 0, err)
        text = page_text(owner.get("/s/demo/admin"))
        self.assertIn("Last backup:", text)
        self.assertNotIn("backed up", text)
        self.assertNotIn("two days old", text)

        # Three days later without a new one (the timer stopped, the USB disk is gone...).
        self.query("UPDATE backups SET taken_at = taken_at - 3 * 86400")
        self.assertIn("more than two days old", page_text(owner.get("/s/demo/admin")))


if __name__ == "__main__":
    unittest.main()
