"""A loopback SMTP server for the unit tests, run by tests/unit/smtp_sink.h (Debian's python3-aiosmtpd).

Usage: smtp_sink.py DIR LIFETIME_SECONDS
Listens on 127.0.0.1 on a port the kernel picks and prints that port on stdout. Each accepted message is
saved as DIR/NNNN.eml (the exact bytes after dot-unstuffing) next to DIR/NNNN.envelope (what the SMTP
dialogue said). Recipients starting with "reject@" get 550 and "busy@" get 451. AUTH PLAIN/LOGIN is
offered without TLS and accepts only salon / "correct horse". The server exits by itself after
LIFETIME_SECONDS so that it cannot outlive a test run that was killed.
"""
import asyncio
import logging
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class SaveToDirectory:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject@"):
            return "550 5.1.1 No such mailbox"
        if address.startswith("busy@"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, f"{self.count:04d}")
        login = session.auth_data.login.decode() if session.authenticated else ""
        with open(base + ".envelope", "w") as out:
            out.write(f"mail_from={envelope.mail_from}\nrcpt={','.join(envelope.rcpt_tos)}\n"
                      f"helo={session.host_name}\nlogin={login}\n")
        # Written under another name first: the test polls for .eml files and must never see half of one.
        with open(base + ".part", "wb") as out:
            out.write(envelope.original_content)
        os.replace(base + ".part", base + ".eml")
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    valid = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"salon", b"correct horse")
    # handled=False lets aiosmtpd answer a failure with 535 itself.
    return AuthResult(success=valid, handled=False, auth_data=auth_data if valid else None)


async def main(directory, lifetime):
    handler = SaveToDirectory(directory)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", authenticator=authenticate, auth_require_tls=False),
        host="127.0.0.1", port=0)
    print(server.sockets[0].getsockname()[1], flush=True)
    try:
        await asyncio.wait_for(server.serve_forever(), timeout=lifetime)
    except asyncio.TimeoutError:
        pass


if __name__ == "__main__":
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd warns about its own deprecations
    asyncio.run(main(sys.argv[1], float(sys.argv[2])))
