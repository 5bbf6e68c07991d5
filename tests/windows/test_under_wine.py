"""salonbox.exe under Debian's wine: --version, demo, serve, a customer's sign-in over loopback, a PDF, the
streamed export, and a Ctrl-C that stops the server gracefully.
Usage: python3 tests/windows/test_under_wine.py build/windows/salonbox.exe
Where wine or the program is missing the tests are skipped, saying why (scripts/install-deps.sh windows installs
wine); with SALONBOX_CI (.ci/run sets it) or CI set in the environment that is a failure instead."""
import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

IN_CI = bool(os.environ.get("SALONBOX_CI") or os.environ.get("CI"))
EXE = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else "build/windows/salonbox.exe")
WINE = shutil.which("wine")
CACHE = os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache"))
WINE_ENV = {
    # A prefix of its own, kept between runs (its first creation takes a while).
    "WINEPREFIX": os.environ.get("SALONBOX_WINEPREFIX", os.path.join(CACHE, "salonbox-windows", "wine")),
    "WINEDEBUG": "-all",
    "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no offer to install Mono or Gecko
    "DISPLAY": "",
}

# The integration tests' harness runs "the binary" through SALONBOX_BIN: here a wrapper that starts it in wine.
_wrapper_dir = tempfile.mkdtemp(prefix="salonbox-wine-")
_wrapper = os.path.join(_wrapper_dir, "salonbox")
with open(_wrapper, "w") as f:
    f.write('#!/bin/sh\nexec %s "%s" "$@"\n' % (WINE or "wine", EXE))
os.chmod(_wrapper, stat.S_IRWXU)
os.environ["SALONBOX_BIN"] = _wrapper
os.environ.update(WINE_ENV)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402  (reads SALONBOX_BIN when imported)
from harness import PASSWORD, Browser, Server, page_text, run_cli  # noqa: E402


# wine starts slowly on a loaded machine: the server's first line may take this long.
START_TIMEOUT = 180


def cannot_run(why):
    if IN_CI:
        raise RuntimeError(why + " (this is CI: the Windows build must be tested)")
    raise unittest.SkipTest(why)


def wait_until(predicate, timeout):
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


class SalonboxExeUnderWine(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not WINE:
            cannot_run("wine is not installed: salonbox.exe was not run (scripts/install-deps.sh windows installs it)")
        if not os.path.isfile(EXE):
            cannot_run("%s is missing: build it with `make windows`" % EXE)
        # Creates the prefix when missing, so that no test's time limit includes it.
        subprocess.run(["wineboot", "--init"], env=dict(os.environ), capture_output=True, timeout=600)
        subprocess.run(["wineserver", "--wait"], env=dict(os.environ), capture_output=True, timeout=600)
        cls.data = tempfile.mkdtemp(prefix="salonbox-wine-data-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.data, ignore_errors=True)
        shutil.rmtree(_wrapper_dir, ignore_errors=True)

    def test_1_version(self):
        code, out, err = run_cli("--version")
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"^salonbox \d+\.\d+\.\d+")

    def test_2_demo_then_serve_and_a_customer_signs_in(self):
        code, out, err = run_cli("demo", "--data", self.data, "--password", PASSWORD)
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.isfile(os.path.join(self.data, "salons", "demo.db")), out + err)

        server = Server(self.data, "--mail-transport", "console", start_timeout=START_TIMEOUT)
        try:
            b = Browser(server)
            self.assertEqual(b.get("/healthz").status, 200)
            r = b.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD},
                         headers={"Origin": "http://127.0.0.1:%d" % server.port})
            self.assertEqual(r.status, 303, page_text(r))
            self.assertEqual(r.header("Location"), "/s/demo/account")
            # Her animals, with their types from the embedded breed list, and an appointment in Paris time
            # (the time zones come from the tzdata folder beside salonbox.exe).
            animals = page_text(b.get("/s/demo/account/animals"))
            self.assertIn("Buddy", animals)
            self.assertIn("Dog · Poodle", animals)
            appointments = page_text(b.get("/s/demo/account/appointments"))
            self.assertIn("Please bring the special shampoo", appointments)
            # A PDF: libharu reads the embedded fonts from a file salonbox writes for it.
            invoices = b.get("/s/demo/account/invoices").text
            pdf_path = re.search(r'href="(/s/demo/account/invoices/\d+/pdf)"', invoices)
            self.assertIsNotNone(pdf_path, invoices)
            pdf = b.get(pdf_path.group(1))
            self.assertEqual(pdf.status, 200)
            self.assertTrue(pdf.body.startswith(b"%PDF-"))
            # The export is written to <data>/tmp and sent from there; Windows deletes it once it is closed.
            owner = Browser(server)
            self.assertEqual(owner.admin_sign_in("owner@demo.test").status, 303)
            # The customer search is SQLite's FTS5, which the Windows build of SQLite must include as Debian's does.
            found = page_text(owner.get("/s/demo/admin/customers?q=whi"))
            self.assertIn("White, Carol", found)
            self.assertNotIn("Durand,", found)
            export = owner.submit("/s/demo/admin/export", {}, action="/s/demo/admin/export/download")
            self.assertEqual(export.status, 200, page_text(export))
            self.assertEqual(int(export.header("Content-Length")), len(export.body))
            with zipfile.ZipFile(io.BytesIO(export.body)) as archive:
                self.assertIsNone(archive.testzip())
                self.assertIn("Alice", archive.read("customers.csv").decode("utf-8"))
            scratch = os.path.join(self.data, "tmp")
            self.assertTrue(wait_until(lambda: not os.listdir(scratch), 30), os.listdir(scratch))
        finally:
            # Ctrl-C: wine turns SIGINT into the console's CTRL_C_EVENT, which salonbox takes as a stop.
            # stop() would follow with SIGTERM, which wine's own handler takes as a kill: wait for the stop first.
            if server.proc.poll() is None:
                server.proc.send_signal(signal.SIGINT)
                try:
                    server.proc.wait(90)
                except subprocess.TimeoutExpired:
                    pass
            log = server.stop()
        self.assertIn("salonbox: stopped", log)
        self.assertEqual(server.proc.returncode, 0, log)

    def test_3_native_https_is_refused_in_one_line(self):
        pem = os.path.join(self.data, "unused.pem")
        with open(pem, "w") as f:
            f.write("not read")
        code, out, err = run_cli("serve", "--data", self.data, "--listen", "127.0.0.1:0", "--tls-cert", pem, "--tls-key", pem)
        self.assertNotEqual(code, 0, out)
        self.assertIn("--tls-cert: this build serves plain HTTP only", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
