#!/usr/bin/env python3
"""Measures salonbox's resident memory on loopback (VmRSS, and VmHWM for the peak), in three situations:

  idle      the server started, every salon opened, nothing asked
  mixed     32 connections of wrk for SECONDS on /healthz, the sign-in page and a signed-in admin page
  exports   16 signed-in owners downloading the salon's export at once (at most 2 are built at once,
            the others are answered 503 "try again in a minute"), then the resident memory after them

Usage: scripts/bench-memory.py BIN [--size large] [--seconds 10 (0: no mixed load)]
--size large makes the five-year demo salon (`salonbox demo --size large`, about a minute).
Prints the figures in MiB; asserts nothing. Needs wrk for the mixed load.
"""
import argparse
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse

PASSWORD = "correct horse battery"


def memory(pid):
    status = open("/proc/%d/status" % pid).read()
    get = lambda key: int(re.search(r"^%s:\s+(\d+) kB" % key, status, re.M).group(1)) / 1024
    return get("VmRSS"), get("VmHWM")


def sign_in(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("GET", "/s/demo/admin/login")
    r = c.getresponse()
    page = r.read().decode()
    cookies = "; ".join(v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": "owner@demo.test", "password": PASSWORD, "csrf_token": token})
    c.request("POST", "/s/demo/admin/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies, "Origin": "http://127.0.0.1:%d" % port})
    r = c.getresponse()
    r.read()
    cookies += "; " + "; ".join(v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
    c.close()
    return cookies


def main():
    p = argparse.ArgumentParser()
    p.add_argument("bin")
    p.add_argument("--size", default="normal")
    p.add_argument("--seconds", type=int, default=10)
    a = p.parse_args()
    data = tempfile.mkdtemp(prefix="salonbox-memory-")
    try:
        args = [a.bin, "demo", "--data", data, "--password", PASSWORD] + (["--size", a.size] if a.size != "normal" else [])
        subprocess.run(args, check=True, capture_output=True)
        size = os.path.getsize(os.path.join(data, "salons", "demo.db")) / 2**20
        proc = subprocess.Popen([a.bin, "serve", "--data", data, "--listen", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1/32"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        port = int(re.search(r":(\d+)$", proc.stdout.readline().strip()).group(1))
        try:
            time.sleep(1)
            print("salon file: %.1f MiB" % size)
            print("idle:    rss %.1f MiB" % memory(proc.pid)[0])

            cookies = sign_in(port)
            if shutil.which("wrk") and a.seconds > 0:
                lua = os.path.join(data, "mixed.lua")
                with open(lua, "w") as f:
                    f.write('local paths = {"/healthz", "/s/demo/admin/login", "/s/demo/admin/customers"}\n'
                            'local i = 0\nrequest = function()\n  i = i + 1\n'
                            '  return wrk.format("GET", paths[i %% 3 + 1], {["Cookie"] = "%s"})\nend\n' % cookies)
                subprocess.run(["wrk", "-t2", "-c32", "-d%ds" % a.seconds, "-s", lua, "http://127.0.0.1:%d/" % port],
                               check=True, capture_output=True)
                rss, peak = memory(proc.pid)
                print("mixed:   rss %.1f MiB after, peak so far %.1f MiB" % (rss, peak))

            sessions = [sign_in(port) for _ in range(16)]
            statuses, sizes = [], []

            def export(cookie, token):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                c.request("POST", "/s/demo/admin/export/download", body=urllib.parse.urlencode({"csrf_token": token}), headers={
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "Origin": "http://127.0.0.1:%d" % port})
                r = c.getresponse()
                sizes.append(len(r.read()))
                statuses.append(r.status)

            def export_token(cookie):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("GET", "/s/demo/admin/export", headers={"Cookie": cookie})
                page = c.getresponse().read().decode()
                return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

            tokens = [export_token(s) for s in sessions]
            # The sign-ins above hashed passwords (64 MiB each): the export peak is measured from here on.
            with open("/proc/%d/clear_refs" % proc.pid, "w") as f:
                f.write("5")
            print("before exports: rss %.1f MiB (peak reset)" % memory(proc.pid)[0])
            threads = [threading.Thread(target=export, args=(s, t)) for s, t in zip(sessions, tokens)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            time.sleep(1)
            rss, peak = memory(proc.pid)
            print("exports: %d answered 200 (%.1f MiB each), %d answered 503; rss %.1f MiB after, peak %.1f MiB" % (
                statuses.count(200), max(sizes) / 2**20, statuses.count(503), rss, peak))
        finally:
            proc.terminate()
            proc.wait(30)
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
