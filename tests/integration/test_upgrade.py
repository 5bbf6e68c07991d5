"""Upgrading salonbox: a salon written by the first released schema is brought to the current one by the
current binary with every row kept; a salon from a newer salonbox is refused, untouched."""
import glob
import hashlib
import os
import shutil
import sqlite3
import tempfile
import unittest

from harness import PASSWORD, Browser, Server, run_cli

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../migrations")


def tables(db):
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def columns(db, table):
    return [r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def rows(db, table, cols):
    return sorted(db.execute("SELECT %s FROM \"%s\"" % (", ".join('"%s"' % c for c in cols), table)).fetchall(), key=repr)


class UpgradeFromTheFirstSchema(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="salonbox-upgrade-")
        self.addCleanup(shutil.rmtree, self.data, True)

    def first_version_salon(self):
        """salons/old.db with the first migration only, filled with the demo salon's data as that schema holds it."""
        source = os.path.join(self.data, "demo-source")
        code, _, err = run_cli("demo", "--data", source, "--password", PASSWORD)
        self.assertEqual(code, 0, err)
        first = sorted(glob.glob(os.path.join(MIGRATIONS, "0001_*.sql")))[0]
        os.makedirs(os.path.join(self.data, "salons"), mode=0o700)
        path = os.path.join(self.data, "salons", "demo.db")
        db = sqlite3.connect(path, isolation_level=None)
        with open(first) as f:
            db.executescript(f.read())
        db.execute("PRAGMA user_version = 1")
        db.execute("ATTACH ? AS current", (os.path.join(source, "salons", "demo.db"),))
        db.execute("BEGIN")
        for table in tables(db):
            shared = [c for c in columns(db, table) if c in set(r[1] for r in db.execute("SELECT * FROM current.pragma_table_info(?)", (table,)))]
            if not shared:
                continue
            cols = ", ".join('"%s"' % c for c in shared)
            db.execute('INSERT INTO main."%s" (%s) SELECT %s FROM current."%s"' % (table, cols, cols, table))
        db.execute("COMMIT")
        db.execute("DETACH current")
        before = {t: (columns(db, t), rows(db, t, columns(db, t))) for t in tables(db)}
        db.close()
        return path, before

    def test_the_current_salonbox_migrates_it_and_keeps_every_row(self):
        path, before = self.first_version_salon()
        self.assertGreater(sum(len(r) for _, r in before.values()), 100)  # the demo's customers, appointments...
        server = Server(self.data)
        try:
            b = Browser(server)
            self.assertEqual(b.get("/healthz").status, 200)
            self.assertEqual(b.admin_sign_in("owner@demo.test").status, 303)
            self.assertEqual(b.get("/s/demo/admin/customers").status, 200)
        finally:
            server.stop()
        db = sqlite3.connect(path)
        try:
            latest = len(glob.glob(os.path.join(MIGRATIONS, "[0-9][0-9][0-9][0-9]_*.sql")))
            self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], latest)
            for table, (cols, old_rows) in before.items():
                with self.subTest(table=table):
                    self.assertIn(table, tables(db))
                    now = rows(db, table, cols)
                    self.assertEqual([r for r in old_rows if r not in now], [])
                    # Rows written while the server ran (the sign-in above) may come in addition.
                    if table not in ("sessions", "audit_log"):
                        self.assertEqual(len(now), len(old_rows))
        finally:
            db.close()
        code, out, err = run_cli("check", "--data", self.data)
        self.assertEqual(code, 0, out + err)

    def test_a_salon_from_a_newer_salonbox_is_refused_and_left_as_it_is(self):
        code, _, err = run_cli("demo", "--data", self.data, "--password", PASSWORD)
        self.assertEqual(code, 0, err)
        path = os.path.join(self.data, "salons", "demo.db")
        db = sqlite3.connect(path)
        db.execute("PRAGMA user_version = 9999")
        db.commit()
        db.close()
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        server = Server(self.data)
        try:
            self.assertEqual(Browser(server).get("/s/demo/admin/login").status, 503)
        finally:
            log = server.stop()
        self.assertIn("newer salonbox", log)
        with open(path, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), digest)


if __name__ == "__main__":
    unittest.main()
