"""Pages speak in words: role labels instead of role codes, error pages titled in words with a way back into
the face they belong to (a customer is never sent to the staff sign-in), and an expired reset or invitation
link that offers to send a new one."""
import re
import unittest

from harness import PASSWORD, Response, SalonTestCase, page_text


def text_of(html_part):
    return page_text(Response(200, [], html_part.encode()))


def heading(resp):
    return text_of(re.search(r"<h1[^>]*>(.*?)</h1>", resp.text, re.S).group(1))


def links(resp):
    """The links of the page's main part, as {text: href}."""
    main = re.search(r"<main.*?</main>", resp.text, re.S).group(0)
    return {text_of(text): href for href, text in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', main, re.S)}


class RoleLabels(SalonTestCase):
    def test_the_team_page_names_roles_in_words(self):
        b = self.browser()
        b.admin_sign_in("owner@demo.test")
        rows = re.findall(r"<tr>.*?</tr>", b.get("/s/demo/admin/staff").text, re.S)
        roles = {}
        for row in rows:
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            if len(cells) >= 2:
                roles[re.search(r"[\w.]+@demo\.test", cells[0]).group(0)] = cells[1].strip()
        self.assertEqual(roles, {"owner@demo.test": "Owner", "manager@demo.test": "Manager", "groomer@demo.test": "Groomer"})

    def test_the_role_choice_offers_words_and_keeps_the_codes_as_values(self):
        b = self.browser()
        b.admin_sign_in("owner@demo.test")
        options = re.findall(r'<option value="(\w+)"[^>]*>([^<]*)</option>', b.get("/s/demo/admin/staff/new").text)
        self.assertEqual(options, [("owner", "Owner"), ("manager", "Manager"), ("staff", "Groomer")])

    def test_french_labels(self):
        groomer = self.browser()  # Chloé reads the admin in French
        groomer.admin_sign_in("groomer@demo.test")
        self.assertIn("Connecté·e en tant que Chloé (Toiletteur·euse)", page_text(groomer.get("/s/demo/admin")))


class ErrorPages(SalonTestCase):
    def test_a_missing_page_is_titled_page_not_found_and_keeps_its_status(self):
        r = self.browser().get("/s/demo/account/invoices/999999/pdf")
        self.assertEqual(r.status, 303)  # signed out: to the customer's sign-in first
        self.assertEqual(r.header("Location"), "/s/demo/login")
        alice = self.browser()
        alice.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD})
        r = alice.get("/s/demo/account/invoices/999999/pdf")
        self.assertEqual(r.status, 404)
        self.assertEqual(heading(r), "Page not found")
        self.assertIn("<title>Page not found · Happy Paws Grooming</title>", r.text)
        self.assertIn("Error 404", page_text(r))

    def test_portal_errors_lead_back_into_the_portal_never_to_the_staff_sign_in(self):
        alice = self.browser()
        alice.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD})
        signed_in = alice.get("/s/demo/account/invoices/999999/pdf")
        self.assertEqual(signed_in.status, 404)
        self.assertEqual(links(signed_in), {"Back to my account": "/s/demo/account"})
        # A mistyped address is not tied to a face yet: its way back is the customer's sign-in, which sends a
        # signed-in customer on to their account.
        mistyped = alice.get("/s/demo/acount")
        self.assertEqual(mistyped.status, 404)
        self.assertEqual(links(mistyped), {"Go to the sign-in page": "/s/demo/login"})
        self.assertEqual(alice.get("/s/demo/login").header("Location"), "/s/demo/account")
        visitor = self.browser().get("/s/demo/no-such-page")
        self.assertEqual(visitor.status, 404)
        self.assertEqual(links(visitor), {"Go to the sign-in page": "/s/demo/login"})
        for r in (signed_in, mistyped, visitor):
            self.assertNotIn("/admin", re.search(r"<main.*?</main>", r.text, re.S).group(0))

    def test_admin_errors_lead_back_to_the_dashboard(self):
        b = self.browser()
        b.admin_sign_in("manager@demo.test")
        mistyped = b.get("/s/demo/admin/invoicez")
        self.assertEqual(mistyped.status, 404)
        self.assertEqual(heading(mistyped), "Page not found")
        self.assertEqual(links(mistyped), {"Back to the dashboard": "/s/demo/admin"})
        groomer = self.browser()  # Chloé reads the admin in French
        groomer.admin_sign_in("groomer@demo.test")
        r = groomer.get("/s/demo/admin/invoices")
        self.assertEqual(r.status, 403)
        self.assertEqual(heading(r), "Vous ne pouvez pas ouvrir cette page")
        self.assertEqual(links(r), {"Retour au tableau de bord": "/s/demo/admin"})

    def test_outside_any_salon_the_way_back_is_the_start_page(self):
        r = self.browser().get("/s/nosuchsalon/login")
        self.assertEqual(r.status, 404)
        self.assertEqual(heading(r), "Page not found")
        self.assertEqual(links(r), {"Back to the start page": "/"})

    def test_french_error_page(self):
        r = self.browser(accept_language="fr").get("/s/demo/no-such-page")
        self.assertEqual(heading(r), "Page introuvable")
        self.assertEqual(links(r), {"Aller à la page de connexion": "/s/demo/login"})


class ExpiredLinks(SalonTestCase):
    def test_an_expired_customer_link_offers_a_new_one_from_the_portal(self):
        r = self.browser().get("/s/demo/password/reset?token=no-longer-valid")
        self.assertEqual(r.status, 410)
        self.assertEqual(heading(r), "This link has expired")
        self.assertEqual(links(r), {"Send me a new link": "/s/demo/password/forgot", "Go to the sign-in page": "/s/demo/login"})
        # The offered page is the customer's forgot-password form, which works.
        self.assertEqual(self.browser().get("/s/demo/password/forgot").status, 200)

    def test_an_expired_staff_invitation_offers_a_new_one_from_the_admin_side(self):
        r = self.browser().get("/s/demo/admin/password/reset?token=no-longer-valid")
        self.assertEqual(r.status, 410)
        self.assertEqual(heading(r), "This link has expired")
        self.assertEqual(links(r)["Send me a new link"], "/s/demo/admin/password/forgot")

    def test_a_used_link_posted_again_says_the_same(self):
        b = self.browser()
        token_page = b.get("/s/demo/password/forgot")
        self.assertEqual(token_page.status, 200)
        r = b.post("/s/demo/password/reset", {"token": "no-longer-valid", "password": "a-long-new-password-1",
                                              "csrf_token": b.csrf_token("/s/demo/password/forgot")})
        self.assertEqual(r.status, 410)
        self.assertEqual(heading(r), "This link has expired")
        self.assertIn("Send me a new link", links(r))


if __name__ == "__main__":
    unittest.main()
