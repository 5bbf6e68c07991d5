"""Stopping the server (SIGTERM, as systemd does): what was asked before the stop is answered in full, idle
connections do not hold the exit, and the process ends with status 0."""
import http.client
import os
import shutil
import signal
import socket
import tempfile
import unittest

from harness import PASSWORD, Server, run_cli

HEALTHZ = b"GET /healthz HTTP/1.1\r\nHost: salon\r\n\r\n"


def read_answer(sock):
    """The whole answer on `sock` (status and body as its Content-Length says)."""
    response = http.client.HTTPResponse(sock)
    response.begin()
    return response.status, response.getheader("Connection"), response.read()


class GracefulStop(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="salonbox-stop-")
        code, _, err = run_cli("demo", "--data", self.data, "--password", PASSWORD)
        self.assertEqual(code, 0, err)
        # A long bound: an exit before it shows that nothing waited for it.
        self.server = Server(self.data, "--stop-timeout", "60")
        self.sockets = []

    def tearDown(self):
        self.server.stop()
        for s in self.sockets:
            s.close()
        shutil.rmtree(self.data, ignore_errors=True)

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        self.sockets.append(s)
        return s

    def test_requests_in_flight_and_queued_are_answered_and_idle_connections_end_at_once(self):
        idle = self.connect()  # a browser's kept-alive connection, between two requests
        idle.sendall(HEALTHZ)
        self.assertEqual(read_answer(idle)[0], 200)

        # A form whose body is still on its way when the stop comes.
        body = b"email=owner%40demo.test&password=" + b"x" * 40
        slow = self.connect()
        slow.sendall(b"POST /s/demo/admin/login HTTP/1.1\r\nHost: salon\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])

        # Connections that reach the listen queue while the server cannot take them (it is paused), their
        # requests sent: the stop comes before the server has accepted any of them.
        os.kill(self.server.proc.pid, signal.SIGSTOP)
        try:
            queued = []
            for _ in range(20):
                s = self.connect()
                s.sendall(HEALTHZ)
                queued.append(s)
            os.kill(self.server.proc.pid, signal.SIGTERM)
        finally:
            os.kill(self.server.proc.pid, signal.SIGCONT)

        # The idle connection is closed while the slow form still holds the server: it did not wait for
        # the idle connection's keep-alive timeout (5 s) nor for the stop's bound.
        idle.settimeout(3)
        self.assertEqual(idle.recv(1), b"")
        self.assertIsNone(self.server.proc.poll())

        slow.sendall(body[10:])
        status, connection, page = read_answer(slow)
        self.assertIn(status, (200, 303, 403))  # answered by the application, whatever it decided
        self.assertEqual(connection, "close")
        self.assertTrue(page)

        for s in queued:
            status, _, answer = read_answer(s)
            self.assertEqual(status, 200)
            self.assertIn(b'"status"', answer)

        self.assertEqual(self.server.proc.wait(30), 0)
        log = self.server.stop()
        self.assertIn("salonbox: stopped", log)

    def test_the_stop_bound_ends_a_request_that_never_finishes(self):
        self.server.stop()
        self.server = Server(self.data, "--stop-timeout", "1", "--request-timeout", "300")
        stuck = self.connect()
        stuck.sendall(b"POST /s/demo/admin/login HTTP/1.1\r\nHost: salon\r\nContent-Length: 100\r\n\r\nemail=")
        self.server.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.proc.wait(30), 0)
        try:
            self.assertEqual(stuck.recv(65536), b"")  # cut without an answer: it never arrived whole
        except ConnectionResetError:
            pass


if __name__ == "__main__":
    unittest.main()
