"""Native HTTPS as a port-forwarded box serves it: TLS 1.2+ with AEAD ciphers only, ACME http-01 challenges
answered from the data directory, plain HTTP sent on to HTTPS, and a renewed certificate picked up on SIGHUP."""
import http.client
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
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
        cls.server = Server(cls.data, "--tls-cert", cls.cert, "--tls-key", cls.key, "--http-listen", "127.0.0.1:0",
                            "--public-url", "https://salon.example.test")
        line = cls.server._read_line(10) or ""
        assert "answering ACME challenges" in line, line
        cls.http_port = int(line.strip().rsplit(":", 1)[1])

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

    def plain(self, method, path, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        try:
            c.request(method, path, headers=headers or {})
            r = c.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
        finally:
            c.close()

    def https(self, path):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        c = http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=10, context=ctx)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
        finally:
            c.close()


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


class AcmeChallenges(NativeTlsTestCase):
    def setUp(self):
        self.webroot = os.path.join(self.data, "acme-challenge")
        # certbot --webroot -w DATA/acme-challenge writes under .well-known/acme-challenge/ there.
        self.challenges = os.path.join(self.webroot, ".well-known", "acme-challenge")
        os.makedirs(self.challenges, exist_ok=True)
        with open(os.path.join(self.challenges, "tok-EN_123"), "w") as f:
            f.write("tok-EN_123.thumbprint")
        with open(os.path.join(self.data, "secret-ish.txt"), "w") as f:
            f.write("not for the world")

    def test_a_challenge_is_answered_on_port_80_and_on_https(self):
        status, headers, body = self.plain("GET", "/.well-known/acme-challenge/tok-EN_123")
        self.assertEqual((status, body), (200, b"tok-EN_123.thumbprint"))
        self.assertTrue(headers["content-type"].startswith("text/plain"))
        status, _, body = self.https("/.well-known/acme-challenge/tok-EN_123")
        self.assertEqual((status, body), (200, b"tok-EN_123.thumbprint"))
        # uacme's hook may write the token straight into the directory.
        with open(os.path.join(self.webroot, "flat-token"), "w") as f:
            f.write("flat")
        self.assertEqual(self.plain("GET", "/.well-known/acme-challenge/flat-token")[::2], (200, b"flat"))

    def test_no_listing_no_traversal_no_unknown_token(self):
        for path in ("/.well-known/acme-challenge/", "/.well-known/acme-challenge", "/.well-known/acme-challenge/nope",
                     "/.well-known/acme-challenge/..%2F..%2Fsecret-ish.txt", "/.well-known/acme-challenge/../../secret-ish.txt",
                     "/.well-known/acme-challenge/.well-known", "/.well-known/acme-challenge/tok-EN_123.txt",
                     "/.well-known/acme-challenge/%2E%2E"):
            status, _, body = self.plain("GET", path)
            self.assertNotEqual(status, 200, path)
            self.assertNotIn(b"not for the world", body, path)
            self.assertNotIn(b"tok-EN_123.thumbprint", body, path)
            status, _, body = self.https(path)
            self.assertNotEqual(status, 200, path)
            self.assertNotIn(b"not for the world", body, path)


class Redirects(NativeTlsTestCase):
    def test_plain_http_goes_to_the_https_public_url(self):
        status, headers, _ = self.plain("GET", "/s/demo/login?next=%2Fs%2Fdemo%2Faccount", {"Host": "box.lan"})
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], "https://salon.example.test/s/demo/login?next=%2Fs%2Fdemo%2Faccount")
        status, headers, _ = self.plain("POST", "/s/demo/login", {"Host": "box.lan", "Content-Length": "0"})
        self.assertEqual(status, 308)  # a form sent over plain HTTP is sent again, as a POST, to HTTPS
        self.assertEqual(headers["location"], "https://salon.example.test/s/demo/login")

    def test_http_listen_needs_tls(self):
        code, _, err = run_cli("serve", "--data", self.data, "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0")
        self.assertEqual(code, 2, err)
        self.assertIn("--http-listen", err)


class CertificateReload(unittest.TestCase):
    def test_sighup_makes_new_connections_use_the_renewed_certificate(self):
        data = tempfile.mkdtemp(prefix="salonbox-tls-reload-")
        self.addCleanup(shutil.rmtree, data, True)
        first_dir, second_dir = os.path.join(data, "a"), os.path.join(data, "b")
        os.mkdir(first_dir)
        os.mkdir(second_dir)
        live_cert, live_key = make_certificate(first_dir)
        new_cert, new_key = make_certificate(second_dir)
        server = Server(data, "--tls-cert", live_cert, "--tls-key", live_key)
        try:
            presented = lambda: ssl.get_server_certificate(("127.0.0.1", server.port))
            normal = lambda pem: ssl.DER_cert_to_PEM_cert(ssl.PEM_cert_to_DER_cert(pem))
            with open(live_cert) as f:
                first = normal(f.read())
            with open(new_cert) as f:
                second = normal(f.read())
            self.assertEqual(normal(presented()), first)

            # A half-done renewal (certificate replaced, key not yet): the server keeps what works.
            shutil.copy(new_cert, live_cert)
            server.proc.send_signal(signal.SIGHUP)
            self.wait_for_log(server, "kept the current TLS certificate")
            self.assertEqual(normal(presented()), first)

            shutil.copy(new_key, live_key)
            server.proc.send_signal(signal.SIGHUP)
            self.wait_for_log(server, "reloaded the TLS certificate")
            self.assertEqual(normal(presented()), second)
            self.assertIsNone(server.proc.poll())  # SIGHUP is no stop
        finally:
            server.stop()

    def wait_for_log(self, server, text, within=20):
        deadline = time.monotonic() + within
        while text not in "".join(server.log):
            self.assertLess(time.monotonic(), deadline, "".join(server.log))
            time.sleep(0.1)
        server.log.clear()


if __name__ == "__main__":
    unittest.main()
