"""Native HTTPS as a port-forwarded box serves it: TLS 1.2+ with AEAD ciphers only."""
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import PASSWORD, Server, make_certificate, run_cli


class NativeTlsTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.mkdtemp(prefix="salonbox-tls-")
        code, _, err = run_cli("demo", "--data", cls.data, "--password", PASSWORD)
        assert code == 0, err
        cls.cert_dir = os.path.join(cls.data, "certs")
        os.mkdir(cls.cert_dir)
        cls.cert, cls.key = make_certificate(cls.cert_dir)
        cls.server = Server(cls.data, "--tls-cert", cls.cert, "--tls-key", cls.key)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.data, ignore_errors=True)

    def s_client(self, *args):
        """openssl s_client's handshake with the server: (succeeded, what it printed)."""
        p = subprocess.run(["openssl", "s_client", "-brief", "-connect", "127.0.0.1:%d" % self.server.port, *args],
                           input="", capture_output=True, text=True, timeout=30)
        out = p.stdout + p.stderr
        return p.returncode == 0 and "CONNECTION ESTABLISHED" in out, out


class Protocols(NativeTlsTestCase):
    def test_tls12_with_gcm_and_tls13_are_accepted(self):
        ok, out = self.s_client("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256")
        self.assertTrue(ok, out)
        self.assertIn("ECDHE-RSA-AES128-GCM-SHA256", out)
        ok, out = self.s_client("-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305")
        self.assertTrue(ok, out)
        ok, out = self.s_client("-tls1_3")
        self.assertTrue(ok, out)
        self.assertIn("TLSv1.3", out)

    def test_cbc_suites_and_tls11_are_refused(self):
        # The client lowers its own security level, so that only the server can be the one refusing.
        for cipher in ("ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA384", "AES128-GCM-SHA256"):
            ok, out = self.s_client("-tls1_2", "-cipher", cipher + ":@SECLEVEL=0")
            self.assertFalse(ok, cipher + ": " + out)
        ok, out = self.s_client("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")
        self.assertFalse(ok, out)


if __name__ == "__main__":
    unittest.main()
