"""Admin customers and animals: search and pages, the record form and its checks, archiving, portal access
(invitation through a real SMTP server, a new link, disabling) and who may use these screens."""
import html
import os
import re
import sqlite3
import time
import urllib.parse

from harness import PASSWORD, MailSink, SalonTestCase, page_text

ADMIN = "/s/demo/admin"
NEW_CUSTOMER = ADMIN + "/customers/new"
NEW_ANIMAL = ADMIN + "/animals/new"
LINK = re.compile(r"http://127\.0\.0\.1:\d+(/s/demo/password/reset\?token=[A-Za-z0-9_-]+)")


def field_error(resp, field):
    """The text of the message shown next to `field`, or None."""
    m = re.search(r'<p class="field-error" id="%s-error">(.*?)</p>' % re.escape(field), resp.text, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else None


def input_value(resp, field):
    m = re.search(r'<input id="%s" name="%s"[^>]* value="([^"]*)"' % (field, field), resp.text)
    return m.group(1) if m else None


class AdminCustomers(SalonTestCase):
    with_mail = True

    # --- helpers ---------------------------------------------------------------------------------------

    def customer_id(self, email):
        return self.query("SELECT id FROM customers WHERE email = ?", email)[0][0]

    def admin(self, email="manager@demo.test"):
        b = self.browser()
        r = b.admin_sign_in(email)
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def portal(self, email, password=PASSWORD):
        b = self.browser()
        r = b.submit("/s/demo/login", {"email": email, "password": password})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/account")
        return b

    def create_customer(self, b, **fields):
        data = {"first_name": "Nina", "last_name": "Test", "email": "", "phone": "", "address": "", "locale": "en", "notes": ""}
        data.update(fields)
        r = b.submit(NEW_CUSTOMER, data)
        self.assertEqual(r.status, 303, page_text(r))
        m = re.fullmatch(r"/s/demo/admin/customers/(\d+)\?done=created", r.header("Location"))
        self.assertTrue(m, r.header("Location"))
        return int(m.group(1))

    def invite(self, b, customer):
        page = "%s/customers/%d" % (ADMIN, customer)
        r = b.submit(page, {}, action=page + "/portal/invite")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), page + "?done=invited")
        return r

    def invitation_link(self, to, count=1):
        messages = self.mail.wait_for(to, count)
        return LINK.search(MailSink.text_of(messages[count - 1])).group(1)

    def set_password(self, link, password):
        b = self.browser()
        token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
        r = b.submit(link, {"token": token, "password": password}, action="/s/demo/password/reset")
        self.assertEqual(r.status, 303, page_text(r))
        # The invited customer lands signed in, in the browser that chose the password.
        self.assertEqual(r.header("Location"), "/s/demo/account")
        self.assertEqual(b.get("/s/demo/account").status, 200)

    # --- the list ---------------------------------------------------------------------------------------

    def test_search_by_partial_last_name_email_or_phone(self):
        b = self.admin()
        text = page_text(b.get(ADMIN + "/customers?q=whi"))
        self.assertIn("White, Carol", text)
        self.assertNotIn("Durand,", text)
        self.assertIn("1 customer", text)
        text = page_text(b.get(ADMIN + "/customers?q=" + urllib.parse.quote("BOB@demo")))
        self.assertIn("Durand,", text)
        self.assertNotIn("White, Carol", text)
        # A phone typed without its spaces still finds it.
        self.assertIn("White, Carol", page_text(b.get(ADMIN + "/customers?q=79460000")))
        # LIKE wildcards are taken literally.
        self.assertIn("No customer matches this search.", page_text(b.get(ADMIN + "/customers?q=%25")))

    def test_list_paginates_by_25(self):
        now = int(time.time())
        self.query("INSERT INTO customers (first_name, last_name, created_at) "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30) "
                   "SELECT 'Page', printf('Pagination%02d', i), ? FROM n", now)
        b = self.admin()
        first = b.get(ADMIN + "/customers?q=paginat")
        names = re.findall(r"Pagination\d\d", page_text(first))
        self.assertEqual(names, ["Pagination%02d" % i for i in range(1, 26)])
        self.assertIn("30 customers", page_text(first))
        self.assertIn("Page 1 of 2", page_text(first))
        nxt = re.search(r'<a class="button" href="([^"]+)" rel="next">', first.text).group(1)
        self.assertEqual(nxt.replace("&amp;", "&"), ADMIN + "/customers?q=paginat&page=2")
        second = page_text(b.get(ADMIN + "/customers?q=paginat&page=2"))
        self.assertEqual(re.findall(r"Pagination\d\d", second), ["Pagination%02d" % i for i in range(26, 31)])
        self.assertIn("Page 2 of 2", second)

    def test_the_customer_page_shows_the_newest_history_and_links_to_the_rest(self):
        b = self.admin()
        customer = self.create_customer(b, first_name="Hetty", last_name="Longtime")
        now = int(time.time())
        self.query("INSERT INTO animals (customer_id, name, species_id, created_at) SELECT ?, 'Oldie', min(id), ? FROM species",
                   customer, now)
        animal = self.query("SELECT id FROM animals WHERE customer_id = ?", customer)[0][0]
        # Twelve past visits (one a week, the newest a week ago), each with a draft invoice made that day.
        self.query("INSERT INTO appointments (customer_id, animal_id, starts_at, ends_at, status, comments, created_at, updated_at) "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) "
                   "SELECT ?1, ?2, ?3 - i * 604800, ?3 - i * 604800 + 3600, 'completed', printf('Visit %02d', i), ?3 - i * 604800, ?3 FROM n",
                   customer, animal, now)
        self.query("INSERT INTO invoices (customer_id, currency, created_at) "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) SELECT ?1, 'EUR', ?2 - i * 604800 FROM n",
                   customer, now)
        page = "%s/customers/%d" % (ADMIN, customer)
        first = b.get(page)
        self.assertEqual(first.status, 200)
        self.assertEqual(re.findall(r"Visit \d\d", page_text(first)), ["Visit %02d" % i for i in range(1, 11)])
        self.assertEqual(len(re.findall(r'href="/s/demo/admin/invoices/\d+"', first.text)), 10)
        self.assertIn('<a href="%s?history=all#past-appointments">All past appointments</a>' % page, first.text)
        self.assertIn('<a href="%s?history=all#customer-invoices">All invoices</a>' % page, first.text)
        whole = b.get(page + "?history=all")
        self.assertEqual(re.findall(r"Visit \d\d", page_text(whole)), ["Visit %02d" % i for i in range(1, 13)])
        self.assertEqual(len(re.findall(r'href="/s/demo/admin/invoices/\d+"', whole.text)), 12)
        self.assertNotIn("history=all", whole.text)
        # Ten or fewer: no link.
        self.query("DELETE FROM appointments WHERE customer_id = ? AND comments IN ('Visit 11', 'Visit 12')", customer)
        self.assertNotIn("All past appointments", b.get(page).text)

    # --- the form ---------------------------------------------------------------------------------------

    def test_a_bad_email_is_shown_next_to_its_field_keeps_what_was_typed_and_stores_nothing(self):
        b = self.admin()
        before = self.query("SELECT count(*) FROM customers")[0][0]
        r = b.submit(NEW_CUSTOMER, {"first_name": "Zoé", "last_name": "Leclerc", "email": "zoe at example",
                                    "phone": "+33 1 23 45 67 89", "address": "1 rue de la Paix", "locale": "fr",
                                    "notes": "Calls <b>before</b> coming"})
        self.assertEqual(r.status, 422)
        self.assertEqual(field_error(r, "email"), "Enter an email address like name@example.com.")
        self.assertRegex(r.text, r'<input id="email" name="email"[^>]*aria-describedby="email-help email-error" aria-invalid="true"')
        self.assertIsNone(field_error(r, "first_name"))
        self.assertEqual(input_value(r, "first_name"), "Zoé")
        self.assertEqual(input_value(r, "email"), "zoe at example")
        self.assertEqual(input_value(r, "phone"), "+33 1 23 45 67 89")
        self.assertIn('<option value="fr" selected>', r.text)
        self.assertIn("Calls &lt;b&gt;before&lt;/b&gt; coming</textarea>", r.text)
        self.assertEqual(self.query("SELECT count(*) FROM customers")[0][0], before)

    def test_every_problem_is_reported_at_once(self):
        b = self.admin()
        r = b.submit(NEW_CUSTOMER, {"first_name": " ", "last_name": "x" * 101, "email": "", "phone": "call me", "locale": "de"})
        self.assertEqual(r.status, 422)
        self.assertEqual(field_error(r, "first_name"), "Enter a name.")
        self.assertEqual(field_error(r, "last_name"), "Keep it to 100 characters at most.")
        self.assertIn("digits", field_error(r, "phone"))
        self.assertEqual(field_error(r, "locale"), "Choose English (en) or French (fr).")

    def test_a_nul_typed_into_a_customer_or_animal_field_is_refused_next_to_it_and_stores_nothing(self):
        # A NUL (%00 in the posted form) was stored as typed, to reach every page, email, PDF and export.
        b = self.admin()
        carol = self.customer_id("carol@demo.test")
        before = self.query("SELECT * FROM customers WHERE id = ?", carol)
        phone, address, notes = self.query("SELECT phone, address, notes FROM customers WHERE id = ?", carol)[0]
        fields = {"first_name": "Carol", "last_name": "White", "email": "carol@demo.test", "phone": phone, "address": address,
                  "locale": "en", "notes": notes}
        for field in ("first_name", "last_name", "address", "notes"):
            with self.subTest(field=field):
                data = dict(fields, **{field: "Ca\x00rol"})
                r = b.submit("%s/customers/%d/edit" % (ADMIN, carol), data)
                self.assertEqual(r.status, 422)
                self.assertIn("control characters", field_error(r, field))
                self.assertEqual(self.query("SELECT * FROM customers WHERE id = ?", carol), before)
        pepper = self.query("SELECT id, species_id FROM animals WHERE name = 'Pepper'")[0]
        animal_before = self.query("SELECT * FROM animals WHERE id = ?", pepper[0])
        for field in ("name", "breed_detail", "notes"):
            with self.subTest(field=field):
                data = {"customer_id": str(carol), "name": "Pepper", "species_id": str(pepper[1]), field: "Pep\x00per"}
                r = b.submit("%s/animals/%d/edit" % (ADMIN, pepper[0]), data)
                self.assertEqual(r.status, 422)
                self.assertIn("control characters", field_error(r, field))
                self.assertEqual(self.query("SELECT * FROM animals WHERE id = ?", pepper[0]), animal_before)
        # Line breaks are what an address is made of.
        r = b.submit("%s/customers/%d/edit" % (ADMIN, carol), dict(fields, address=address + "\r\nLondon"))
        self.assertEqual(r.status, 303, page_text(r))
        r = b.submit("%s/customers/%d/edit" % (ADMIN, carol), fields)
        self.assertEqual(r.status, 303, page_text(r))

    def test_an_email_another_customer_has_is_refused_whatever_its_case(self):
        b = self.admin()
        before = self.query("SELECT count(*) FROM customers")[0][0]
        r = b.submit(NEW_CUSTOMER, {"first_name": "Carole", "last_name": "Blanc", "email": " Carol@DEMO.test ", "locale": "en"})
        self.assertEqual(r.status, 422)
        self.assertIn("Another customer already has this email address.", field_error(r, "email"))
        self.assertIn('href="%s/customers/%d"' % (ADMIN, self.customer_id("carol@demo.test")), r.text)
        self.assertEqual(self.query("SELECT count(*) FROM customers")[0][0], before)

    def test_creating_stores_a_clean_record_and_shows_its_page(self):
        b = self.admin()
        cid = self.create_customer(b, first_name="  Hugo ", last_name="Lambert", email="Hugo.Lambert@Example.TEST", locale="fr",
                                   address="3 quai Voltaire\n75007 Paris")
        row = self.query("SELECT first_name, last_name, email, locale, address, archived_at FROM customers WHERE id = ?", cid)[0]
        self.assertEqual(row, ("Hugo", "Lambert", "hugo.lambert@example.test", "fr", "3 quai Voltaire\n75007 Paris", None))
        page = b.get("%s/customers/%d?done=created" % (ADMIN, cid))
        text = page_text(page)
        self.assertIn("The customer was added.", text)
        self.assertIn("Hugo Lambert", text)
        self.assertIn("3 quai Voltaire<br>75007 Paris", page.text)
        self.assertIn("No access", text)
        self.assertEqual(self.query("SELECT count(*) FROM audit_log WHERE action = 'customer_created' AND subject = ?",
                                    "customer:%d" % cid)[0][0], 1)

    def test_editing_changes_the_record_and_the_portal_shows_the_new_name(self):
        bob = self.portal("bob@demo.test")
        self.assertIn("Bonjour Bob", page_text(bob.get("/s/demo/account")))
        b = self.admin()
        cid = self.customer_id("bob@demo.test")
        form = b.get("%s/customers/%d/edit" % (ADMIN, cid))
        self.assertEqual(input_value(form, "first_name"), "Bob")
        r = b.submit("%s/customers/%d/edit" % (ADMIN, cid), {
            "first_name": "Robert", "last_name": "Durand", "email": "bob@demo.test", "phone": "+33 6 55 66 77 88",
            "address": "8 place Bellecour", "locale": "fr", "notes": "Prefers Robert"})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "%s/customers/%d?done=saved" % (ADMIN, cid))
        self.assertEqual(self.query("SELECT first_name, notes FROM customers WHERE id = ?", cid)[0], ("Robert", "Prefers Robert"))
        self.assertIn("Bonjour Robert", page_text(bob.get("/s/demo/account")))
        self.assertIn("Robert Durand", page_text(bob.get("/s/demo/account")))
        # Taking Alice's email is refused and changes nothing.
        r = b.submit("%s/customers/%d/edit" % (ADMIN, cid), {
            "first_name": "Bobby", "last_name": "Durand", "email": "ALICE@demo.test", "locale": "fr"})
        self.assertEqual(r.status, 422)
        self.assertIn("Another customer already has this email address.", field_error(r, "email"))
        self.assertEqual(input_value(r, "first_name"), "Bobby")
        self.assertEqual(self.query("SELECT first_name FROM customers WHERE id = ?", cid)[0][0], "Robert")
        # A customer with portal access keeps an email to sign in with.
        r = b.submit("%s/customers/%d/edit" % (ADMIN, cid), {"first_name": "Robert", "last_name": "Durand", "email": "", "locale": "fr"})
        self.assertEqual(r.status, 422)
        self.assertIn("signs in with their email", field_error(r, "email"))

    def test_a_full_note_in_accented_letters_is_saved_and_one_letter_more_is_refused_next_to_it(self):
        # 2,000 letters of two bytes each are near 12 KB once url-encoded: over the 8 KiB cpp-httplib allows a form
        # by itself, under the 1 MiB body limit of the server.
        b = self.admin()
        cid = self.customer_id("bob@demo.test")
        fields = {"first_name": "Bob", "last_name": "Durand", "email": "bob@demo.test", "locale": "fr"}
        note = "Sœur de Léa. " + "é" * 1987
        self.assertEqual(len(note), 2000)
        self.assertGreater(len(urllib.parse.urlencode({"notes": note})), 11900)
        r = b.submit("%s/customers/%d/edit" % (ADMIN, cid), {**fields, "notes": note})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT notes FROM customers WHERE id = ?", cid)[0][0], note)
        r = b.submit("%s/customers/%d/edit" % (ADMIN, cid), {**fields, "notes": note + "é"})
        self.assertEqual(r.status, 422)
        self.assertIsNotNone(field_error(r, "notes"))
        self.assertIn(html.escape(note + "é", quote=False), r.text)  # what was typed is kept in the form
        self.assertEqual(self.query("SELECT notes FROM customers WHERE id = ?", cid)[0][0], note)

    def test_unknown_ids_are_404(self):
        b = self.admin()
        for path in ("/customers/999999", "/customers/abc", "/customers/0", "/customers/999999/edit",
                     "/animals/999999/edit", "/animals/-1/edit"):
            self.assertEqual(b.get(ADMIN + path).status, 404, path)
        for path in ("/customers/999999/edit", "/customers/999999/archive", "/customers/999999/portal/invite",
                     "/customers/999999/portal/disable", "/animals/999999/edit"):
            r = b.submit(ADMIN + "/customers", {"first_name": "A", "last_name": "B", "locale": "en"}, action=ADMIN + path)
            self.assertEqual(r.status, 404, path)

    # --- archiving --------------------------------------------------------------------------------------

    def test_archiving_hides_the_customer_and_ends_their_portal_session(self):
        alice = self.portal("alice@demo.test")
        self.assertEqual(alice.get("/s/demo/account").status, 200)
        b = self.admin()
        cid = self.customer_id("alice@demo.test")
        page = "%s/customers/%d" % (ADMIN, cid)
        r = b.submit(page, {"confirm": "1"}, action=page + "/archive")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), ADMIN + "/customers?done=archived")
        # Alice's session stopped working at once, and she cannot sign in again.
        r = alice.get("/s/demo/account")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/login")
        again = self.browser().submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD})
        self.assertEqual(again.status, 422)
        # Hidden from the lists, still there with its history.
        self.assertNotIn("Martin, Alice", page_text(b.get(ADMIN + "/customers")))
        self.assertNotIn("Martin, Alice", page_text(b.get(ADMIN + "/customers?q=martin")))
        self.assertNotIn("Buddy", page_text(b.get(ADMIN + "/animals")))
        archived = page_text(b.get(ADMIN + "/customers?q=martin&archived=1"))
        self.assertIn("Martin, Alice", archived)
        self.assertIn("Archived", archived)
        text = page_text(b.get(page))
        self.assertIn("Disabled", text)
        self.assertRegex(text, r"FA\d{4}-\d{4}")  # her invoices are still listed
        self.assertNotIn("Give portal access", text)
        self.assertEqual(self.query("SELECT archived_at IS NOT NULL FROM customers WHERE id = ?", cid)[0][0], 1)
        self.assertEqual(self.query("SELECT active FROM users WHERE customer_id = ?", cid)[0][0], 0)
        # No invitation brings an archived customer back to the portal, and she owns no new animal.
        r = b.submit(page, {}, action=page + "/portal/invite")
        self.assertEqual(r.status, 422)
        self.assertIn("An archived customer cannot have portal access.", page_text(r))
        self.assertEqual(self.query("SELECT active FROM users WHERE customer_id = ?", cid)[0][0], 0)
        r = b.submit(NEW_ANIMAL, {"customer_id": str(cid), "name": "Ghost", "species_id": "1"})
        self.assertEqual(r.status, 422)
        self.assertIn("archived", field_error(r, "customer_id"))

    # --- portal access ----------------------------------------------------------------------------------

    def test_invitation_creates_the_account_and_its_link_lets_the_customer_in(self):
        b = self.admin()
        cid = self.create_customer(b, first_name="Inès", last_name="Invitée", email="ines@example.test", locale="fr")
        self.invite(b, cid)
        user = self.query("SELECT role, email, display_name, locale, customer_id, active, password_hash FROM users WHERE customer_id = ?", cid)
        self.assertEqual(user, [("customer", "ines@example.test", "Inès Invitée", "fr", cid, 1, None)])
        page = page_text(b.get("%s/customers/%d?done=invited" % (ADMIN, cid)))
        self.assertIn("The invitation is on its way.", page)
        self.assertIn("Invited", page)
        self.assertIn("Send the invitation again", page)

        message = self.mail.wait_for("ines@example.test")[0]
        self.assertIn("Happy Paws Grooming", message["Subject"])
        self.assertIn("Votre espace client", message["Subject"])  # in the customer's language
        link = self.invitation_link("ines@example.test")
        self.assertEqual(self.browser().get(link).status, 200)
        self.set_password(link, "ines chooses a long one")
        portal = self.portal("ines@example.test", "ines chooses a long one")
        self.assertIn("Bonjour Inès", page_text(portal.get("/s/demo/account")))
        self.assertIn("Active", page_text(b.get("%s/customers/%d" % (ADMIN, cid))))

    def test_a_new_invitation_retires_the_previous_link(self):
        b = self.admin()
        cid = self.create_customer(b, first_name="Rémi", last_name="Resend", email="remi@example.test")
        self.invite(b, cid)
        first = self.invitation_link("remi@example.test", 1)
        self.invite(b, cid)
        second = self.invitation_link("remi@example.test", 2)
        self.assertNotEqual(first, second)
        self.assertEqual(self.browser().get(first).status, 410)
        self.assertEqual(self.browser().get(second).status, 200)
        self.assertEqual(self.query("SELECT count(*) FROM users WHERE customer_id = ?", cid)[0][0], 1)

    def test_disabling_ends_the_session_and_an_invitation_enables_again(self):
        b = self.admin()
        cid = self.create_customer(b, first_name="Dora", last_name="Disable", email="dora@example.test")
        self.invite(b, cid)
        self.set_password(self.invitation_link("dora@example.test"), "dora's long password")
        dora = self.portal("dora@example.test", "dora's long password")
        page = "%s/customers/%d" % (ADMIN, cid)
        r = b.submit(page, {"confirm": "1"}, action=page + "/portal/disable")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), page + "?done=portal_disabled")
        r = dora.get("/s/demo/account")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/login")
        self.assertEqual(self.query("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.customer_id = ?", cid)[0][0], 0)
        self.assertEqual(self.browser().submit("/s/demo/login", {"email": "dora@example.test", "password": "dora's long password"}).status, 422)
        text = page_text(b.get(page))
        self.assertIn("Disabled", text)
        self.assertIn("Enable access and send an invitation", text)
        self.assertNotIn("Disable portal access", text)
        self.invite(b, cid)
        self.assertEqual(self.query("SELECT active FROM users WHERE customer_id = ?", cid)[0][0], 1)
        self.portal("dora@example.test", "dora's long password")

    def test_where_customers_sign_in_with_codes_only_no_invitation_sends_a_password_link(self):
        b = self.admin()
        cid = self.create_customer(b, first_name="Coralie", last_name="Code", email="coralie@example.test")
        dora = self.create_customer(b, first_name="Dora", last_name="Before", email="dora.before@example.test")
        self.invite(b, dora)
        stale_link = self.invitation_link("dora.before@example.test")
        page = "%s/customers/%d" % (ADMIN, dora)
        self.assertEqual(b.submit(page, {"confirm": "1"}, action=page + "/portal/disable").status, 303)
        self.set_portal_sign_in("code")
        try:
            mails = len(self.mail.messages)
            # Without an account: the portal announcement is offered, an invitation is not, and one sent anyway is
            # refused next to the portal section without making an account.
            page = "%s/customers/%d" % (ADMIN, cid)
            self.assertNotIn(page + "/portal/invite", b.get(page).text)
            self.assertIn(page + "/portal/announce", b.get(page).text)
            r = b.submit(page, {}, action=page + "/portal/invite")
            self.assertEqual(r.status, 422)
            self.assertIn("sign in with a code emailed to them, without a password", page_text(r))
            self.assertEqual(self.query("SELECT count(*) FROM users WHERE customer_id = ?", cid), [(0,)])
            # A disabled account is turned back on, and no password link goes out.
            page = "%s/customers/%d" % (ADMIN, dora)
            self.assertIn("Enable portal access", page_text(b.get(page)))
            r = b.submit(page, {}, action=page + "/portal/invite")
            self.assertEqual(r.status, 303, page_text(r))
            self.assertEqual(r.header("Location"), page + "?done=portal_enabled")
            self.assertIn("they sign in with a code emailed to them", page_text(b.get(r.header("Location"))))
            self.assertEqual(self.query("SELECT active FROM users WHERE customer_id = ?", dora), [(1,)])
            self.assertEqual(self.query("SELECT count(*) FROM outbox WHERE to_address = 'dora.before@example.test'"), [(1,)])
            # A link sent while passwords were allowed sets none now.
            self.assertEqual(self.browser().get(stale_link).status, 404)
            time.sleep(0.5)
            self.assertEqual(len(self.mail.messages), mails)
        finally:
            self.set_portal_sign_in("both")

    def test_an_invitation_needs_a_free_email(self):
        b = self.admin()
        nobody = self.create_customer(b, first_name="Noé", last_name="Sansmail")
        page = "%s/customers/%d" % (ADMIN, nobody)
        text = page_text(b.get(page))
        self.assertIn("Add an email address to give portal access.", text)
        r = b.submit(page, {}, action=page + "/portal/invite")
        self.assertEqual(r.status, 422)
        self.assertIn("Add the customer’s email address first", page_text(r))
        # A staff account already signs in with this address: no customer account may take it.
        clash = self.create_customer(b, first_name="Gro", last_name="Omer", email="groomer@demo.test")
        page = "%s/customers/%d" % (ADMIN, clash)
        r = b.submit(page, {}, action=page + "/portal/invite")
        self.assertEqual(r.status, 422)
        self.assertIn("Another account already signs in with this email address.", page_text(r))
        self.assertEqual(self.query("SELECT count(*) FROM users WHERE customer_id IN (?, ?)", nobody, clash)[0][0], 0)

    # --- who may ----------------------------------------------------------------------------------------

    def test_staff_use_these_screens_but_see_no_invoice_links(self):
        b = self.admin("groomer@demo.test")
        self.assertEqual(b.get(ADMIN + "/customers").status, 200)
        cid = self.create_customer(b, first_name="Gaspard", last_name="Groomed", email="gaspard@example.test")
        r = b.submit(NEW_ANIMAL, {"customer_id": str(cid), "name": "Fido", "species_id": self.species("dog")})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(b.get(ADMIN + "/animals").status, 200)
        carol = self.customer_id("carol@demo.test")
        bob = self.customer_id("bob@demo.test")
        self.assertEqual(b.get("%s/customers/%d" % (ADMIN, carol)).status, 200)
        staff_page = b.get("%s/customers/%d" % (ADMIN, bob))
        self.assertRegex(page_text(staff_page), r"FA\d{4}-\d{4}")
        self.assertNotIn("/admin/invoices/", staff_page.text)
        # Nor any amount: groomers see no money.
        self.assertNotIn("€", page_text(staff_page))
        self.assertIn("€", page_text(self.admin().get("%s/customers/%d" % (ADMIN, bob))))
        self.assertIn("/admin/invoices/", self.admin().get("%s/customers/%d" % (ADMIN, bob)).text)

    def test_a_customer_session_never_reaches_these_screens(self):
        bob = self.portal("bob@demo.test")
        for path in ("/customers", "/customers/new", "/customers/1", "/animals", "/animals/new"):
            r = bob.get(ADMIN + path)
            self.assertEqual(r.status, 303, path)
            self.assertEqual(r.header("Location"), ADMIN + "/login", path)
        before = self.query("SELECT count(*) FROM customers")[0][0]
        r = bob.submit("/s/demo/account", {"first_name": "Evil", "last_name": "Twin", "locale": "en"}, action=NEW_CUSTOMER)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), ADMIN + "/login")
        self.assertEqual(self.query("SELECT count(*) FROM customers")[0][0], before)

    # --- animals ----------------------------------------------------------------------------------------

    def species(self, code):
        return str(self.query("SELECT id FROM species WHERE code = ?", code)[0][0])

    def breed(self, code):
        return str(self.query("SELECT id FROM breeds WHERE code = ?", code)[0][0])

    def owner_options(self, page):
        """The (value, label, selected) of each owner the animal form offers."""
        select = re.search(r'<select id="customer_id".*?</select>', page.text, re.S).group(0)
        return [(v, html.unescape(label), bool(sel)) for v, sel, label in re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', select)]

    def test_the_owner_picker_narrows_by_a_search_and_keeps_the_owner_chosen(self):
        b = self.admin()
        bob = self.customer_id("bob@demo.test")
        # (Other tests here may rename the demo's customers: the labels are read back from the database.)
        label = lambda cid: "%s, %s – %s" % self.query("SELECT last_name, first_name, email FROM customers WHERE id = ?", cid)[0]
        form = b.get(NEW_ANIMAL)
        self.assertIn('<form method="get" action="/s/demo/admin/animals/new" class="form" role="search">', form.text)
        found = b.get(NEW_ANIMAL + "?find=durand")
        self.assertEqual(self.owner_options(found), [(str(bob), label(bob), False)])
        self.assertIn('value="durand"', found.text)
        self.assertIn("Every match is listed.", page_text(found))
        # Starting from Bob's page, a search for someone else keeps Bob chosen, first.
        zoe = self.create_customer(b, first_name="Zoé", last_name="Pickering", email="zoe.pickering@example.test")
        both = b.get(NEW_ANIMAL + "?customer_id=%d&find=zoe+pick" % bob)
        self.assertIn('<input type="hidden" name="customer_id" value="%d">' % bob, both.text)
        self.assertEqual(self.owner_options(both), [(str(bob), label(bob), True), (str(zoe), label(zoe), False)])
        self.assertIn("No customer matches that search.", page_text(b.get(NEW_ANIMAL + "?find=zzzz")))
        # The id posted is checked whatever was offered: any active customer is taken, an unknown one is refused.
        carol = self.customer_id("carol@demo.test")
        r = b.submit(NEW_ANIMAL + "?find=durand", {"customer_id": str(carol), "name": "Pixel", "species_id": self.species("cat")},
                     action=NEW_ANIMAL)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT customer_id FROM animals WHERE name = 'Pixel'"), [(carol,)])
        r = b.submit(NEW_ANIMAL, {"customer_id": "999999", "name": "Ghost", "species_id": self.species("cat")})
        self.assertEqual(r.status, 422)
        self.assertIsNotNone(field_error(r, "customer_id"))
        self.assertEqual(self.query("SELECT count(*) FROM animals WHERE name = 'Ghost'"), [(0,)])

    def test_a_new_animal_shows_its_breed_in_the_customers_language(self):
        b = self.admin()
        bob = self.customer_id("bob@demo.test")
        form = b.get(NEW_ANIMAL + "?customer_id=%d" % bob)
        self.assertIn('<option value="%d" selected>' % bob, form.text)
        self.assertIn('<optgroup label="Dog">', form.text)
        self.assertIn('<optgroup label="Cat">', form.text)
        r = b.submit(NEW_ANIMAL, {"customer_id": str(bob), "name": "Noisette", "species_id": self.species("dog"),
                                  "breed_id": self.breed("poodle"), "breed_detail": "Apricot", "birth_date": "2021-04-30", "notes": ""})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "%s/customers/%d?done=animal_added" % (ADMIN, bob))
        self.assertEqual(self.query("SELECT birth_date, breed_detail FROM animals WHERE name = 'Noisette'")[0], ("2021-04-30", "Apricot"))
        admin_page = page_text(b.get(r.header("Location")))
        self.assertIn("The animal was added.", admin_page)
        self.assertIn("Noisette", admin_page)
        text = page_text(self.portal("bob@demo.test").get("/s/demo/account/animals"))
        self.assertIn("Noisette", text)
        self.assertRegex(text, r"Noisette Chien · Caniche")
        # Chloé speaks French: her pickers are in French.
        form = self.admin("groomer@demo.test").get(NEW_ANIMAL)
        self.assertIn('<optgroup label="Chien">', form.text)
        self.assertIn(">Caniche</option>", form.text)

    def test_a_breed_of_another_species_is_refused_next_to_the_breed_field(self):
        b = self.admin()
        bob = self.customer_id("bob@demo.test")
        before = self.query("SELECT count(*) FROM animals")[0][0]
        r = b.submit(NEW_ANIMAL, {"customer_id": str(bob), "name": "Minou", "species_id": self.species("cat"),
                                  "breed_id": self.breed("poodle"), "birth_date": ""})
        self.assertEqual(r.status, 422)
        self.assertIn("This breed belongs to another species", field_error(r, "breed_id"))
        self.assertIsNone(field_error(r, "species_id"))
        self.assertEqual(input_value(r, "name"), "Minou")
        self.assertIn('<option value="%s" selected>Cat</option>' % self.species("cat"), r.text)
        self.assertEqual(self.query("SELECT count(*) FROM animals")[0][0], before)
        r = b.submit(NEW_ANIMAL, {"customer_id": "", "name": "", "species_id": "999", "birth_date": "2099-01-01"})
        self.assertEqual(r.status, 422)
        self.assertEqual(field_error(r, "customer_id"), "Choose the animal’s owner.")
        self.assertEqual(field_error(r, "name"), "Enter a name.")
        self.assertEqual(field_error(r, "species_id"), "Choose the species.")
        self.assertIn("between 1900 and today", field_error(r, "birth_date"))
        self.assertEqual(self.query("SELECT count(*) FROM animals")[0][0], before)

    def test_editing_an_animal_and_searching_the_list(self):
        b = self.admin()
        rex = self.query("SELECT id FROM animals WHERE name = 'Rex'")[0][0]
        edit = "%s/animals/%d/edit" % (ADMIN, rex)
        form = b.get(edit)
        self.assertEqual(input_value(form, "name"), "Rex")
        self.assertIn('<option value="%s" selected>' % self.breed("poodle"), form.text)
        r = b.submit(edit, {"customer_id": str(self.customer_id("bob@demo.test")), "name": "Rex II", "species_id": self.species("dog"),
                            "breed_id": "", "breed_detail": "Mixed", "birth_date": "", "notes": "Shy"})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT name, breed_id, breed_detail, notes FROM animals WHERE id = ?", rex)[0],
                         ("Rex II", None, "Mixed", "Shy"))
        found = page_text(b.get(ADMIN + "/animals?q=rex"))
        self.assertIn("Rex II", found)
        self.assertNotIn("Mimi", found)
        by_owner = page_text(b.get(ADMIN + "/animals?q=durand"))
        self.assertIn("Mimi", by_owner)


class PickerOfASmallSalon(SalonTestCase):
    def test_before_any_search_the_hint_says_every_customer_is_listed(self):
        # The demo salon's few customers all fit in the picker: nothing was searched, so no "match" is spoken of.
        b = self.browser()
        self.assertEqual(b.admin_sign_in("manager@demo.test").status, 303)
        text = page_text(b.get(NEW_ANIMAL))
        self.assertIn("Every customer is listed.", text)
        self.assertNotIn("Every match is listed.", text)
