"""Emails a customer can write back to, read from a real SMTP server: they greet the customer by first name, reply
to the salon's own email address (or the reply-to address of the settings when one is set, and no Reply-To when
neither is), end with the salon's address, phone and email whose line breaks the HTML keeps, and the reset email
says what it is for in its subject, in English and French."""
import re
import unittest

from harness import MailSink, SalonTestCase, page_text


def text_of(message):
    return MailSink.text_of(message).replace("\r\n", "\n")


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


class EmailRepliesTestCase(SalonTestCase):
    with_mail = True

    def reset_email(self, to):
        before = len([m for m in self.mail.messages if to in m["To"]])
        r = self.browser().submit("/s/demo/password/forgot", {"email": to})
        self.assertEqual(r.status, 200, page_text(r))
        return self.mail.wait_for(to, before + 1)[before]


class Footer(EmailRepliesTestCase):
    def test_bobs_reset_email_greets_him_by_first_name_in_french_and_replies_to_the_salon(self):
        message = self.reset_email("bob@demo.test")
        self.assertEqual(message["Subject"], "Réinitialisez votre mot de passe chez Happy Paws Grooming")
        self.assertEqual(message["Reply-To"], "hello@demo.test")
        text = text_of(message)
        self.assertTrue(text.startswith("Bonjour Bob,\n"), text)
        self.assertIn("À bientôt,\nHappy Paws Grooming\n\n12 rue des Lilas\n75011 Paris\nTél. : +33 1 23 45 67 89\n"
                      "E-mail : hello@demo.test", text)
        html = html_of(message)
        self.assertIn("<p>Bonjour Bob,</p>", html)
        self.assertIn(">À bientôt,<br>Happy Paws Grooming</p>", html)
        self.assertIn(">12 rue des Lilas<br>75011 Paris<br>Tél. : +33 1 23 45 67 89<br>E-mail : hello@demo.test</p>", html)

    def test_alices_reset_email_says_reset_your_password(self):
        message = self.reset_email("alice@demo.test")
        self.assertEqual(message["Subject"], "Reset your password at Happy Paws Grooming")
        text = text_of(message)
        self.assertTrue(text.startswith("Hello Alice,\n"), text)
        self.assertIn("Phone: +33 1 23 45 67 89", text)

    def test_a_sign_in_code_greets_carol_by_first_name_and_ends_with_the_salons_address(self):
        before = len([m for m in self.mail.messages if "carol@demo.test" in m["To"]])
        b = self.browser()
        r = b.submit("/s/demo/login", {"email": "carol@demo.test"}, action="/s/demo/login/code")
        self.assertEqual(r.status, 303, page_text(r))
        message = self.mail.wait_for("carol@demo.test", before + 1)[before]
        text = text_of(message)
        self.assertTrue(text.startswith("Hello Carol,\n"), text)
        self.assertNotIn("Carol White,", text)
        self.assertIn("12 rue des Lilas", text)
        self.assertEqual(message["Reply-To"], "hello@demo.test")


class ReplyAddress(EmailRepliesTestCase):
    def settings(self, **changes):
        b = self.browser()
        self.assertEqual(b.admin_sign_in("owner@demo.test").status, 303)
        page = b.get("/s/demo/admin/settings").text
        fields = dict(re.findall(r'<input id="(\w+)" name="\w+"[^>]*value="([^"]*)"', page))
        fields["address"] = re.search(r'<textarea id="address" name="address"[^>]*>([^<]*)</textarea>', page).group(1)
        fields.update(locale="en", portal_enabled="1", **changes)
        r = b.submit("/s/demo/admin/settings", fields)
        self.assertEqual(r.status, 303, page_text(r))

    def test_the_reply_to_address_of_the_settings_wins_and_without_either_there_is_no_reply_to(self):
        self.settings(mail_reply_to="desk@demo.test")
        self.assertEqual(self.reset_email("alice@demo.test")["Reply-To"], "desk@demo.test")

        self.settings(mail_reply_to="", email="")
        message = self.reset_email("alice@demo.test")
        self.assertIsNone(message["Reply-To"])
        self.assertNotIn("Email:", text_of(message))
        self.assertEqual(self.one("SELECT email FROM salon_contact"), "")


if __name__ == "__main__":
    unittest.main()
