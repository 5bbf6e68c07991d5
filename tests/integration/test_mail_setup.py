"""Mail as the packaged service starts it: nothing printed, a clear notice until SMTP is set up, and a test command."""
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, PASSWORD, MailSink, SalonTestCase, page_text, run_cli

PACKAGED_CONF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packaging", "salonbox.conf")


class PackagedSettingsWithoutSmtp(SalonTestCase):
    """The shipped salonbox.conf, not filled in yet."""

    server_args = ("--config", PACKAGED_CONF)

    def test_the_start_says_mail_is_not_set_up(self):
        lines = [l for l in self.server.log if "mail is not set up" in l]
        self.assertEqual(len(lines), 1, self.server.log)
        self.assertIn("outbox", lines[0])

    def test_emails_wait_in_the_outbox_and_are_not_printed(self):
        b = self.browser()
        self.assertEqual(b.submit("/s/demo/password/forgot", {"email": "alice@demo.test"}).status, 200)
        self.assertTrue(self.wait_until(lambda: self.one("SELECT count(*) FROM outbox WHERE to_address = 'alice@demo.test'") > 0))
        # The sender polls every 2 s: 3 s without an attempt is more than one pass.
        self.assertFalse(self.wait_until(lambda: self.one("SELECT count(*) FROM outbox WHERE attempts > 0 OR status != 'pending'") > 0,
                                         timeout=3))
        self.assertNotIn("token=", "".join(self.server.log))

    def test_managers_see_the_notice_on_the_dashboard_and_staff_do_not(self):
        for email, shown in (("owner@demo.test", True), ("manager@demo.test", True), ("groomer@demo.test", False)):
            b = self.browser()
            self.assertEqual(b.admin_sign_in(email).status, 303)
            text = page_text(b.get("/s/demo/admin"))
            self.assertEqual("no mail server is set up" in text, shown, email)


class MailTestCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = MailSink()

    @classmethod
    def tearDownClass(cls):
        cls.sink.stop()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="salonbox-mail-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_a_test_message_goes_through_the_flags(self):
        code, out, err = run_cli("mail", "test", "--to", "owner@flags.test", "--smtp-url", "smtp://127.0.0.1:%d" % self.sink.port,
                                 "--mail-from", "salon@demo.test")
        self.assertEqual(code, 0, err)
        self.assertIn("accepted", out)
        message = self.sink.wait_for("owner@flags.test")[0]
        self.assertEqual(message["From"].addresses[0].addr_spec, "salon@demo.test")
        self.assertIn("salonbox mail test", MailSink.text_of(message))

    def test_the_config_file_and_the_environment_feed_the_same_settings(self):
        config = os.path.join(self.dir, "salonbox.conf")
        with open(PACKAGED_CONF) as f:
            packaged = f.read()
        with open(config, "w") as f:
            f.write(packaged.replace('# smtp-url = "smtp://mail.example.com:587"', 'smtp-url = "smtp://127.0.0.1:%d"' % self.sink.port))
        code, out, err = run_cli("mail", "test", "--config", config, "--to", "owner@config.test")
        self.assertEqual(code, 0, err)
        self.sink.wait_for("owner@config.test")
        code, out, err = run_cli("mail", "test", "--to", "owner@env.test",
                                 env={"SALONBOX_SMTP_URL": "smtp://127.0.0.1:%d" % self.sink.port})
        self.assertEqual(code, 0, err)
        self.sink.wait_for("owner@env.test")

    def test_failures_exit_1_with_the_reason(self):
        code, _, err = run_cli("mail", "test", "--to", "owner@demo.test", "--config", PACKAGED_CONF)
        self.assertEqual(code, 1)
        self.assertIn("mail is not set up", err)
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
        code, _, err = run_cli("mail", "test", "--to", "owner@demo.test", "--smtp-url", "smtp://127.0.0.1:%d" % closed_port)
        self.assertEqual(code, 1)
        self.assertIn("not sent", err)
        self.assertIn("connect", err.lower())
        code, _, err = run_cli("mail", "test", "--to", "not-an-address", "--smtp-url", "smtp://127.0.0.1:%d" % self.sink.port)
        self.assertEqual(code, 2)
        self.assertIn("--to", err)


if __name__ == "__main__":
    unittest.main()
