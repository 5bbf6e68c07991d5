"""Hostile networks: idle and trickling connections from many addresses, connection bursts, slow requests,
over plain HTTP and native TLS. The server must keep answering a fresh client throughout."""
import http.client
import re
import selectors
import shutil
import socket
import ssl
import tempfile
import threading
import time
import unittest

from harness import Browser, SalonTestCase, make_certificate

THREADS = 64  # small, so that the attack below takes every place and the server has to make room


HEALTHZ = b"GET /healthz HTTP/1.1\r\nHost: salon\r\nConnection: close\r\n\r\n"


def assert_healthz_answers(test, sock):
    """One /healthz asked on an open connection is answered 200."""
    sock.settimeout(10)
    sock.sendall(HEALTHZ)
    test.assertTrue(sock.recv(65536).startswith(b"HTTP/1.1 200"))


def loopback(n):
    """The n-th of many distinct loopback addresses (127.1.0.1, ...): each counts as its own client."""
    return "127.1.%d.%d" % (n // 250, n % 250 + 1)


def tls_args(directory):
    cert, key = make_certificate(directory)
    return ("--tls-cert", cert, "--tls-key", key)


def tls_context():
    """One client context for all connections (making one reads the system's CA store, which is slow)."""
    if not _tls_context:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        _tls_context.append(ctx)
    return _tls_context[0]


_tls_context = []


class FreshBrowser(Browser):
    """A browser on its own untrusted address (not the test proxy 127.0.0.1), with a short patience."""

    def __init__(self, server, source):
        super().__init__(server, ip="")
        self.source = source

    def _conn(self):
        if self.server.scheme == "https":
            return http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=10, context=tls_context(),
                                               source_address=(self.source, 0))
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10, source_address=(self.source, 0))


class Attack:
    """Connections that hold a place without finishing a request: `idle` say nothing, `trickling` send a
    request head one byte at a time, a few per second, for as long as the attack lasts."""

    HEAD = b"GET /healthz HTTP/1.1\r\nHost: salon\r\nUser-Agent: " + b"x" * 4000 + b"\r\n\r\n"

    def __init__(self, server, idle, trickling):
        self.server = server
        self.sockets = []
        self.trickling = []
        for i in range(idle + trickling):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=(loopback(i // 2), 0))
            if i >= idle:
                if server.scheme == "https":
                    s = tls_context().wrap_socket(s)
                s.sendall(self.HEAD[:20])
                self.trickling.append(s)
            self.sockets.append(s)
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self):
        offset = 20
        while not self.stop_event.wait(0.3):
            for s in self.trickling:
                try:
                    s.sendall(self.HEAD[offset:offset + 1])
                except OSError:
                    pass
            offset += 1

    def closed_by_server(self):
        """How many of the attack's connections the server has closed."""
        closed = 0
        for s in self.sockets:
            try:
                s.setblocking(False)
                if s.recv(1) == b"":
                    closed += 1
            except (BlockingIOError, ssl.SSLWantReadError):
                pass
            except OSError:
                closed += 1
        return closed

    def stop(self):
        self.stop_event.set()
        self.thread.join()
        for s in self.sockets:
            s.close()


class HoldsUnderAttack:
    """Shared by the plain and the TLS server below."""

    server_args = ("--trusted-proxy", "127.0.0.1/32", "--threads", str(THREADS))

    def test_a_fresh_client_is_served_while_attackers_hold_every_place(self):
        fresh = FreshBrowser(self.server, "127.0.0.2")
        self.assertEqual(fresh.admin_sign_in("owner@demo.test").status, 303)
        attack = Attack(self.server, idle=250, trickling=100)
        try:
            for _ in range(10):
                self.assertEqual(fresh.get("/healthz").status, 200)
                page = fresh.get("/s/demo/admin")
                self.assertEqual(page.status, 200)
                self.assertIn("Dashboard", page.text)
                time.sleep(0.1)
            # The places went to the attackers' newest connections; the older ones were closed to make room.
            self.assertGreaterEqual(attack.closed_by_server(), 350 - THREADS)
        finally:
            attack.stop()



class HoldsUnderAttackPlain(HoldsUnderAttack, SalonTestCase):
    def test_one_address_cannot_hold_more_than_its_share(self):
        # --threads 64: 8 connections per address
        mine = [socket.create_connection(("127.0.0.1", self.server.port), source_address=("127.0.0.5", 0)) for _ in range(8)]
        time.sleep(0.5)  # the server has taken them in before the ninth knocks
        try:
            extra = socket.create_connection(("127.0.0.1", self.server.port), source_address=("127.0.0.5", 0), timeout=10)
            try:
                self.assertEqual(extra.recv(1), b"")  # closed at once, without an answer
            except ConnectionResetError:
                pass
            extra.close()
            for s in mine:  # the first eight are still open and can ask
                assert_healthz_answers(self, s)
        finally:
            for s in mine:
                s.close()
        # Through the trusted proxy, many clients share its address: it has no cap.
        via_proxy = [socket.create_connection(("127.0.0.1", self.server.port)) for _ in range(20)]
        try:
            for s in via_proxy:
                assert_healthz_answers(self, s)
        finally:
            for s in via_proxy:
                s.close()


class Tls:
    """Serves natively over TLS with a fresh self-signed certificate."""

    @classmethod
    def setUpClass(cls):
        cls.cert_dir = tempfile.mkdtemp(prefix="salonbox-tls-")
        cls.server_args = (*cls.server_args, *tls_args(cls.cert_dir))
        super().setUpClass()
        assert cls.server.scheme == "https"

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.cert_dir, ignore_errors=True)


class HoldsUnderAttackTls(Tls, HoldsUnderAttack, SalonTestCase):
    pass


class Burst:
    """Connections arriving together: the listen queue and the pool take them all (default --threads)."""

    def test_a_burst_of_connections_is_answered_in_full(self):
        count = 400
        sel = selectors.DefaultSelector()
        pending = {}
        for i in range(count):
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=20, source_address=(loopback(i // 4), 0))
            if self.server.scheme == "https":
                s = tls_context().wrap_socket(s)
            # Every request is sent before any answer is read, so all connections are open at once.
            s.sendall(HEALTHZ)
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
            pending[s] = b""
        answers = []
        deadline = time.time() + 60
        while pending and time.time() < deadline:
            for key, _ in sel.select(timeout=1):
                s = key.fileobj
                try:
                    data = s.recv(65536)
                except (BlockingIOError, ssl.SSLWantReadError):
                    continue
                except OSError:
                    data = b""
                if data:
                    pending[s] += data
                    continue
                answers.append(pending.pop(s))
                sel.unregister(s)
                s.close()
        for s in pending:
            s.close()
        self.assertEqual(len(answers), count)
        self.assertEqual(sum(a.startswith(b"HTTP/1.1 200") for a in answers), count)


class BurstPlain(Burst, SalonTestCase):
    pass


class BurstTls(Tls, Burst, SalonTestCase):
    pass


class IdleConnectionsHoldNoThread(SalonTestCase):
    """Kept-alive connections waiting for their next request are parked: they hold no thread of the server."""

    server_args = ("--trusted-proxy", "127.0.0.1/32", "--threads", "256")

    def threads(self):
        with open("/proc/%d/status" % self.server.proc.pid) as status:
            return next(int(line.split()[1]) for line in status if line.startswith("Threads:"))

    def test_a_hundred_idle_keep_alive_connections_add_few_threads(self):
        before = self.threads()
        idle = []
        try:
            for _ in range(100):
                s = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
                idle.append(s)
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: salon\r\n\r\n")
                answer = s.recv(65536)
                self.assertTrue(answer.startswith(b"HTTP/1.1 200"))
                self.assertNotIn(b"Connection: close", answer)
            # One thread per waiting connection would be 100 more.
            self.assertLess(self.threads() - before, 25)
            for s in idle:  # each is still open, and answers its next request
                assert_healthz_answers(self, s)
        finally:
            for s in idle:
                s.close()


class SlowOrMalformedRequestsAndTheLog(SalonTestCase):
    server_args = ("--trusted-proxy", "127.0.0.1/32", "--request-timeout", "1")

    def trickle_until_closed(self, sock, data):
        """Sends `data` a byte every 0.1 s until the server hangs up; returns what it answered meanwhile."""
        sock.settimeout(0.1)
        answer = b""
        for i in range(len(data)):
            try:
                sock.sendall(data[i:i + 1])
            except OSError:
                return answer
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return answer
            if not chunk:
                return answer
            answer += chunk
        self.fail("the server waited for the whole slow request")

    def test_a_request_head_trickling_in_is_cut_off_at_the_deadline(self):
        # 100 bytes at 10 per second take 10 s: far beyond the 1 s deadline.
        head = b"GET /healthz HTTP/1.1\r\nHost: salon\r\nUser-Agent: " + b"x" * 60 + b"\r\n\r\n"
        with socket.create_connection(("127.0.0.1", self.server.port), source_address=("127.0.0.3", 0)) as s:
            self.assertNotIn(b" 200 ", self.trickle_until_closed(s, head))
        self.assertEqual(self.browser().get("/healthz").status, 200)

    def test_a_body_shorter_than_announced_is_cut_off_at_the_deadline(self):
        body = b"email=a%40b.c&password=" + b"y" * 77
        head = b"POST /s/demo/login HTTP/1.1\r\nHost: salon\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        with socket.create_connection(("127.0.0.1", self.server.port), source_address=("127.0.0.4", 0)) as s:
            s.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body))
            self.assertNotIn(b" 200 ", self.trickle_until_closed(s, body))

    # A request that a proxy in front would forward with this one's body, were it read as the next request.
    SMUGGLED = b"GET /s/demo/smuggled HTTP/1.1\r\nHost: salon\r\nConnection: close\r\n\r\n"

    def statuses_until_closed(self, data, source):
        """Sends `data` in one piece; the statuses answered before the server closed the connection."""
        answer = b""
        with socket.create_connection(("127.0.0.1", self.server.port), source_address=(source, 0)) as s:
            s.settimeout(5)
            s.sendall(data)
            while True:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    self.fail("the server kept the connection open after %r" % answer[:300])
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                answer += chunk
        return re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)

    def test_a_request_framed_two_ways_is_refused_and_what_follows_never_read_as_a_request(self):
        inner = self.SMUGGLED
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(inner), inner)
        form = b"Host: salon\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        cases = {
            "a GET with a body": (b"GET /healthz HTTP/1.1\r\nHost: salon\r\nContent-Length: %d\r\n\r\n" % len(inner) + inner, b"400"),
            "a HEAD with a body": (b"HEAD /healthz HTTP/1.1\r\nHost: salon\r\nContent-Length: %d\r\n\r\n" % len(inner) + inner, b"400"),
            "a chunked body": (b"POST /s/demo/login HTTP/1.1\r\n" + form + b"Transfer-Encoding: chunked\r\n\r\n" + chunked, b"411"),
            "chunked and a length": (b"POST /s/demo/login HTTP/1.1\r\n" + form + b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked, b"411"),
            "two lengths": (b"POST /s/demo/login HTTP/1.1\r\n" + form + b"Content-Length: 0\r\nContent-Length: %d\r\n\r\n" % len(inner) + inner, b"400"),
            "a length that is no number": (b"POST /s/demo/login HTTP/1.1\r\n" + form + b"Content-Length: 0x10\r\n\r\n" + inner, b"400"),
            "a negative length": (b"POST /s/demo/login HTTP/1.1\r\n" + form + b"Content-Length: -1\r\n\r\n" + inner, b"400"),
            "a space before the colon": (b"POST /s/demo/login HTTP/1.1\r\n" + form + b"Content-Length : %d\r\n\r\n" % len(inner) + inner, b"400"),
            "no length at all": (b"POST /s/demo/login HTTP/1.1\r\n" + form + b"\r\n" + inner, b"411"),
            # Requests that cannot be read at all: what follows them is no next request either.
            "a method in lowercase": (b"get /healthz HTTP/1.1\r\n" + inner, b"400"),
            "an unknown HTTP version": (b"GET /healthz HTTP/1.2\r\nHost: salon\r\n\r\n" + inner, b"400"),
            "a target too long": (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: salon\r\n\r\n" + inner, b"414"),
        }
        for name, (data, status) in cases.items():
            with self.subTest(name):
                self.assertEqual(self.statuses_until_closed(data, "127.0.0.7"), [status])
        # The same request sent after a well-framed one is answered: the refusals above are what kept it out.
        plain = b"GET /healthz HTTP/1.1\r\nHost: salon\r\n\r\n"
        self.assertEqual(self.statuses_until_closed(plain + inner, "127.0.0.7"), [b"200", b"404"])
        self.assertTrue(self.wait_until(lambda: any(" GET /s/demo/smuggled 404 " in line for line in self.server.log)))
        self.assertEqual(sum(" /s/demo/smuggled " in line for line in self.server.log), 1, "".join(self.server.log))
        self.assertEqual(self.browser().get("/healthz").status, 200)

    def test_the_log_names_the_client_behind_the_trusted_proxy(self):
        self.browser(ip="203.0.113.77").get("/healthz")
        with socket.create_connection(("127.0.0.1", self.server.port), source_address=("127.0.0.6", 0)) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: salon\r\nX-Forwarded-For: 203.0.113.78\r\nConnection: close\r\n\r\n")
            s.recv(65536)
        # A request is logged after its answer went out, so the two lines may come in either order.
        self.assertTrue(self.wait_until(lambda: any(" 127.0.0.6 GET /healthz " in line for line in self.server.log)))
        self.assertTrue(self.wait_until(lambda: any(" 203.0.113.77 GET /healthz 200 " in line for line in self.server.log)),
                        "".join(self.server.log))
        log = "".join(self.server.log)
        self.assertNotIn("203.0.113.78", log)  # from an untrusted peer, the header is not believed


if __name__ == "__main__":
    unittest.main()
