"""The admin side of code sign-in: "Invite customers to the portal" (each customer once, unless sent again by
hand, followed in the email log) and what the customer page says about how a customer signs in."""
import re
import unittest

from harness import PASSWORD, SalonTestCase, page_text

ADMIN = "/s/demo/admin"
ANNOUNCE = ADMIN + "/portal-announcement"


class PortalAnnouncement(SalonTestCase):
    with_mail = True

    def manager(self):
        b = self.browser()
        self.assertEqual(b.admin_sign_in("manager@demo.test").status, 303)
        return b

    def add_customer(self, first, email, locale=""):
        return self.query("INSERT INTO customers (first_name, last_name, email, locale, created_at) VALUES (?, 'Test', ?, ?, 1) RETURNING id",
                          first, email, locale)[0][0]

    def mails_to(self, to):
        return [m for m in self.mail.messages if to in m["To"]]

    def test_everyone_without_an_account_gets_it_once_and_the_email_log_follows_it(self):
        nina = self.add_customer("Nina", "nina@demo.test", "fr")
        b = self.manager()
        self.assertIn('href="%s"' % ANNOUNCE, b.get(ADMIN + "/customers").text)
        page = b.get(ANNOUNCE)
        self.assertEqual(page.status, 200)
        ids = re.findall(r'name="customer_id" value="(\d+)"', page.text)
        self.assertIn(str(nina), ids)
        alice = self.one("SELECT customer_id FROM users WHERE email = 'alice@demo.test'")
        self.assertNotIn(str(alice), ids)  # Alice has an account already

        r = b.submit(ANNOUNCE, {"scope": "all"})
        self.assertEqual(r.status, 303)
        sent = int(re.search(r"announced=(\d+)$", r.header("Location")).group(1))
        self.assertEqual(sent, len(ids))
        log = b.get(r.header("Location"))
        self.assertIn("%d portal announcements are queued" % sent, page_text(log))
        message = self.mail.wait_for("nina@demo.test")[0]
        self.assertIn("Happy Paws Grooming", message["Subject"])
        text = self.mail.text_of(message)
        self.assertRegex(text, r"http://127\.0\.0\.1:\d+/s/demo/login")
        self.assertIn("code à 6 chiffres", text)  # Nina reads French
        self.assertIn("nina@demo.test", page_text(b.get(ADMIN + "/email-log")))

        # A second send reaches nobody who already had it.
        r = b.submit(ANNOUNCE, {"scope": "all"})
        self.assertTrue(r.header("Location").endswith("announced=0"))
        self.assertNotIn('value="%d"' % nina, b.get(ANNOUNCE).text)

        # By hand, from the customer's page, it goes again.
        customer_page = "%s/customers/%d" % (ADMIN, nina)
        text = page_text(b.get(customer_page))
        self.assertIn("Portal announcement sent:", text)
        r = b.submit(customer_page, {}, action=customer_page + "/portal/announce")
        self.assertEqual(r.header("Location"), customer_page + "?done=announced")
        self.assertEqual(len(self.mail.wait_for("nina@demo.test", 2)), 2)

    def test_a_chosen_subset_only(self):
        olga = self.add_customer("Olga", "olga@demo.test")
        paul = self.add_customer("Paul", "paul@demo.test")
        b = self.manager()
        r = b.submit(ANNOUNCE, {"scope": "chosen", "customer_id": str(olga)})
        self.assertTrue(r.header("Location").endswith("announced=1"))
        self.mail.wait_for("olga@demo.test")
        self.assertEqual(self.one("SELECT count(*) FROM portal_announcements WHERE customer_id = ?", paul), 0)
        self.assertEqual(self.mails_to("paul@demo.test"), [])

    def test_staff_cannot_send_it(self):
        b = self.browser()
        b.admin_sign_in("groomer@demo.test")
        self.assertEqual(b.get(ANNOUNCE).status, 403)
        self.assertNotIn(ANNOUNCE, b.get(ADMIN + "/customers").text)

    def test_the_customer_page_shows_how_and_when_the_customer_signs_in(self):
        b = self.manager()
        alice = self.one("SELECT customer_id FROM users WHERE email = 'alice@demo.test'")
        carol = self.one("SELECT id FROM customers WHERE email = 'carol@demo.test'")
        text = page_text(b.get("%s/customers/%d" % (ADMIN, carol)))
        self.assertIn("Signs in: with an emailed code", text)
        self.assertIn("Last sign-in: never", text)
        customer = self.browser()
        self.assertEqual(customer.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD}).status, 303)
        text = page_text(b.get("%s/customers/%d" % (ADMIN, alice)))
        self.assertIn("Signs in: with an emailed code or a password", text)
        self.assertNotIn("Last sign-in: never", text)
        self.assertRegex(text, r"Last sign-in: \S")


if __name__ == "__main__":
    unittest.main()
