#!/usr/bin/env python3
"""Measures how salonbox answers a fresh client while others misbehave, on loopback:

  quiet     /healthz on a new connection each time, nothing else going on
  attack    the same while IDLE silent and SLOW byte-a-second connections from many 127.x.y.z addresses
            hold their places
  burst     16 clients at once, a new connection per request (the listen queue at work); also the kernel's
            ListenOverflows counter during the run
  flood     /healthz while 32 clients post sign-ins with wrong passwords as fast as they can (password
            hashing at work); also the 503 count and the server's peak memory

Usage: scripts/bench-hostile.py BIN [--tls] [--threads N] [--idle 200] [--slow 50] [--seconds 5]
Prints p50/p99/max latencies and failures; asserts nothing. Requires openssl for --tls.
"""
import argparse
import http.client
import os
import random
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PASSWORD = "bench-Grooming-Table-42"


TLS_CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
TLS_CONTEXT.check_hostname = False
TLS_CONTEXT.verify_mode = ssl.CERT_NONE


def tls_context():
    return TLS_CONTEXT


class Target:
    def __init__(self, port, tls):
        self.port, self.tls = port, tls

    def connect(self, source="127.0.0.1", timeout=30):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout, source_address=(source, 0))
        return tls_context().wrap_socket(s) if self.tls else s

    def http(self, source="127.0.0.1", timeout=30):
        if self.tls:
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=tls_context(),
                                               source_address=(source, 0))
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=(source, 0))

    def timed_get(self, path="/healthz", source="127.0.0.2"):
        """Seconds for one GET on a new connection, or None when it failed or did not answer 200."""
        start = time.perf_counter()
        try:
            c = self.http(source, timeout=20)
            c.request("GET", path, headers={"Connection": "close"})
            r = c.getresponse()
            r.read()
            c.close()
            return time.perf_counter() - start if r.status == 200 else None
        except OSError:
            return None


def summary(name, times):
    ok = sorted(t for t in times if t is not None)
    failed = len(times) - len(ok)
    if not ok:
        return "%-8s no answer (%d failed)" % (name, failed)
    pick = lambda q: ok[min(len(ok) - 1, int(q * len(ok)))] * 1000
    return "%-8s n=%-5d p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  failed %d" % (name, len(times), pick(0.5), pick(0.99), ok[-1] * 1000, failed)


def listen_overflows():
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for head, values in zip(lines[::2], lines[1::2]):
        if head.startswith("TcpExt:"):
            return int(dict(zip(head.split()[1:], values.split()[1:]))["ListenOverflows"])
    return 0


def quiet(t, seconds):
    times, end = [], time.time() + seconds
    while time.time() < end:
        times.append(t.timed_get())
    return times


def attack(t, idle, slow, seconds):
    held, stop = [], threading.Event()
    for i in range(idle + slow):
        try:
            held.append(socket.create_connection(("127.0.0.1", t.port), timeout=10,
                                                 source_address=("127.3.%d.%d" % (i // 250, i % 250 + 1), 0)))
        except OSError:
            pass
    trickling = held[idle:]

    def trickle():
        head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"x" * 100000
        i = 0
        while not stop.wait(1):
            for s in trickling:
                try:
                    s.send(head[i:i + 1])
                except OSError:
                    pass
            i += 1

    th = threading.Thread(target=trickle, daemon=True)
    th.start()
    try:
        return quiet(t, seconds)
    finally:
        stop.set()
        th.join()
        for s in held:
            s.close()


def burst(t, clients, seconds):
    before = listen_overflows()
    times, lock, end = [], threading.Lock(), time.time() + seconds

    def client(n):
        mine = []
        while time.time() < end:
            mine.append(t.timed_get(source="127.4.0.%d" % (n + 1)))
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, listen_overflows() - before


def flood(t, pid, clients, seconds):
    stop, busy, answered, lock = threading.Event(), [0], [0], threading.Lock()

    def attacker(n):
        while not stop.is_set():
            try:
                c = t.http()
                c.request("GET", "/s/demo/login")
                r = c.getresponse()
                page = r.read().decode()
                cookie = "; ".join(v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                while not stop.is_set():
                    ip = "10.%d.%d.%d" % (random.randrange(256), random.randrange(256), random.randrange(1, 255))
                    body = urllib.parse.urlencode({"email": "nobody%d@example.com" % random.randrange(10**9),
                                                   "password": "wrong password", "csrf_token": token})
                    c.request("POST", "/s/demo/login", body=body, headers={
                        "Cookie": cookie, "X-Forwarded-For": ip, "Content-Type": "application/x-www-form-urlencoded"})
                    r = c.getresponse()
                    r.read()
                    with lock:
                        answered[0] += 1
                        busy[0] += r.status == 503
            except (OSError, http.client.HTTPException, AttributeError):
                time.sleep(0.05)

    threads = [threading.Thread(target=attacker, args=(n,), daemon=True) for n in range(clients)]
    for th in threads:
        th.start()
    time.sleep(1)
    try:
        times = quiet(t, seconds)
    finally:
        stop.set()
        for th in threads:
            th.join(30)
    with open("/proc/%d/status" % pid) as f:
        peak = re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)
    return times, answered[0], busy[0], int(peak) // 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--tls", action="store_true")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--idle", type=int, default=200)
    ap.add_argument("--slow", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--only", default="quiet,attack,burst,flood")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="salonbox-hostile-")
    proc = None
    try:
        data = os.path.join(work, "data")
        subprocess.run([a.bin, "demo", "--data", data, "--password", PASSWORD], check=True, capture_output=True)
        args = [a.bin, "serve", "--data", data, "--listen", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1/32"]
        if a.threads:
            args += ["--threads", str(a.threads)]
        if a.tls:
            cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                            "-keyout", key, "-out", cert], check=True, capture_output=True)
            args += ["--tls-cert", cert, "--tls-key", key]
        with open(os.path.join(work, "server.log"), "w") as log:
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
            m = re.search(r":(\d+)$", proc.stdout.readline().strip())
            if not m:
                sys.exit("bench-hostile: the server did not start")
            t = Target(int(m.group(1)), a.tls)
            only = a.only.split(",")
            print("%s%s, threads %s, %d cores" % (a.bin, " (TLS)" if a.tls else "", a.threads or "default", os.cpu_count()))
            if "quiet" in only:
                print(summary("quiet", quiet(t, a.seconds)))
            if "attack" in only:
                print(summary("attack", attack(t, a.idle, a.slow, a.seconds)) + "  (%d idle + %d slow)" % (a.idle, a.slow))
            if "burst" in only:
                times, overflows = burst(t, 16, a.seconds)
                print(summary("burst", times) + "  (16 clients; ListenOverflows +%d)" % overflows)
            if "flood" in only:
                times, answered, busy, peak = flood(t, proc.pid, 32, a.seconds)
                print(summary("flood", times) + "  (32 sign-in clients: %d answered, %d 503; peak RSS %d MB)" % (answered, busy, peak))
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
