"""The customer portal: each customer sees their own records and nothing else, requests appointments,
downloads invoice PDFs and resets a forgotten password through a real SMTP server."""
import os
import re
import sqlite3
import unittest
import urllib.parse
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from harness import PASSWORD, MailSink, SalonTestCase, Server, page_text, pdf_text, run_cli

PARIS = ZoneInfo("Europe/Paris")
SOON = (date.today() + timedelta(days=30)).isoformat()  # a day within the salon's booking window


def next_spring_forward():
    """The last Sunday of March ahead: 02:30 does not exist in Paris that day."""
    year = date.today().year + (1 if date.today() >= date(date.today().year, 3, 25) else 0)
    d = date(year, 3, 31)
    while d.weekday() != 6:
        d -= timedelta(days=1)
    return d.isoformat()


PORTAL_PAGES = ("/s/demo/account", "/s/demo/account/animals", "/s/demo/account/appointments",
                "/s/demo/account/invoices", "/s/demo/account/appointments/new")


class PortalTestCase(SalonTestCase):
    with_mail = True

    def sign_in(self, email, password=PASSWORD, accept_language="en"):
        b = self.browser(accept_language)
        r = b.submit("/s/demo/login", {"email": email, "password": password})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/account")
        return b



class WhatCustomersSee(PortalTestCase):
    def test_alice_sees_her_animals_with_their_types(self):
        text = page_text(self.sign_in("alice@demo.test").get("/s/demo/account/animals"))
        self.assertIn("Buddy", text)
        self.assertIn("Dog · Poodle", text)
        self.assertIn("Luna", text)
        self.assertIn("Cat · Persian", text)
        self.assertNotIn("Rex", text)
        self.assertIn("Appointments so far: 1", text)

    def test_bob_reads_french_and_sees_caniche(self):
        b = self.sign_in("bob@demo.test")  # his account says French, whatever the browser says
        text = page_text(b.get("/s/demo/account/animals"))
        self.assertIn("Mes animaux", text)
        self.assertIn("Chien · Caniche", text)
        self.assertIn("Mimi", text)
        self.assertNotIn("Buddy", text)

    def test_appointments_show_comments_in_salon_time_but_never_internal_notes(self):
        b = self.sign_in("alice@demo.test")
        text = page_text(b.get("/s/demo/account/appointments"))
        self.assertIn("Please bring the special shampoo", text)
        upcoming_start = self.one("SELECT starts_at FROM appointments WHERE comments = 'Please bring the special shampoo'")
        # 14:00 in Paris whatever the UTC offset of that day.
        self.assertRegex(text, r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ \w+ \d{4}, 14:00 – 15:30")
        self.assertIsNotNone(upcoming_start)
        for path in PORTAL_PAGES:
            body = b.get(path).text
            self.assertNotIn("Nervous with the dryer", body, path)
            self.assertNotIn("muzzle", body, path)

    def test_overview_greets_and_shows_the_next_appointment(self):
        text = page_text(self.sign_in("alice@demo.test").get("/s/demo/account"))
        self.assertIn("Hello Alice", text)
        self.assertIn("Next appointment", text)
        self.assertIn("Buddy", text)
        self.assertIn("Amount to pay: €62.40.", text)
        groomer = self.one("SELECT u.display_name FROM appointments p JOIN users u ON u.id = p.staff_user_id "
                           "JOIN customers c ON c.id = p.customer_id WHERE c.email = 'alice@demo.test' "
                           "AND p.status = 'scheduled' AND p.starts_at > strftime('%s', 'now') ORDER BY p.starts_at LIMIT 1")
        card = text.split("Next appointment", 1)[1]
        self.assertIn("with " + groomer, card.split("Amount to pay")[0])
        self.assertIn("12 rue des Lilas", card.split("Amount to pay")[0])

    def test_invoices_list_issued_ones_only_with_paid_status(self):
        text = page_text(self.sign_in("alice@demo.test").get("/s/demo/account/invoices"))
        numbers = re.findall(r"FA\d{4}-\d{4}", text)
        self.assertEqual(len(numbers), 2)  # the draft is not there
        self.assertIn("€80.40", text)
        self.assertIn("€62.40", text)
        self.assertIn("Paid", text)
        self.assertIn("To pay", text)

    def test_invoice_pdf_holds_number_total_and_accents(self):
        b = self.sign_in("alice@demo.test")
        unpaid = self.query("SELECT i.id, i.number FROM invoices i WHERE i.status = 'issued' AND i.customer_id = "
                            "(SELECT id FROM customers WHERE email = 'alice@demo.test') AND NOT EXISTS "
                            "(SELECT 1 FROM payments p WHERE p.invoice_id = i.id)")[0]
        r = b.get("/s/demo/account/invoices/%d/pdf" % unpaid[0])
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertTrue(r.body.startswith(b"%PDF-"))
        text = pdf_text(r.body)
        self.assertIn(unpaid[1], text)
        self.assertIn("€62.40", text)
        self.assertIn("Happy Paws Grooming", text)
        self.assertIn("Amount due", text)

    def test_a_french_customer_gets_a_french_pdf(self):
        b = self.sign_in("bob@demo.test")
        invoice = self.one("SELECT id FROM invoices WHERE customer_id = (SELECT id FROM customers WHERE email = 'bob@demo.test')")
        text = pdf_text(b.get("/s/demo/account/invoices/%d/pdf" % invoice).body)
        self.assertIn("Facture", text)
        self.assertIn("66,00", text)
        self.assertIn("Toilettage complet", text)


class Scoping(PortalTestCase):
    def test_another_customers_invoice_is_a_404_like_a_missing_one(self):
        alice = self.sign_in("alice@demo.test")
        bobs = self.one("SELECT id FROM invoices WHERE customer_id = (SELECT id FROM customers WHERE email = 'bob@demo.test')")
        draft = self.one("SELECT id FROM invoices WHERE status = 'draft'")
        theirs = alice.get("/s/demo/account/invoices/%d/pdf" % bobs)
        missing = alice.get("/s/demo/account/invoices/999999/pdf")
        drafted = alice.get("/s/demo/account/invoices/%d/pdf" % draft)
        garbage = alice.get("/s/demo/account/invoices/1%20OR%201=1/pdf")
        for r in (theirs, missing, drafted, garbage):
            self.assertEqual(r.status, 404)
        strip = lambda r: re.sub(r"[0-9a-f]{12}", "", r.text)
        self.assertEqual(strip(theirs), strip(missing))

    def test_another_customers_animal_cannot_be_booked(self):
        self.allow_requests_outside_slots()  # the animal is what is refused, whatever the time
        alice = self.sign_in("alice@demo.test")
        rex = self.one("SELECT id FROM animals WHERE name = 'Rex'")
        before = self.one("SELECT count(*) FROM appointment_requests")
        r = alice.submit("/s/demo/account/appointments/new",
                         {"animal_id": str(rex), "start": SOON + "T10:00", "end": SOON + "T11:00", "comments": ""})
        self.assertEqual(r.status, 422)
        self.assertIn("Choose one of your animals.", page_text(r))
        self.assertNotIn("Rex", re.sub(r"<option[^>]*>Buddy|Luna</option>", "", r.text.split("<select")[1].split("</select>")[0]))
        self.assertEqual(self.one("SELECT count(*) FROM appointment_requests"), before)

    def test_a_portal_session_never_opens_the_admin_panel(self):
        alice = self.sign_in("alice@demo.test")
        r = alice.get("/s/demo/admin")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/admin/login")
        # The same token under the admin cookie name is not an admin session either.
        alice.cookies["sb-demo-admin"] = alice.cookies["sb-demo-portal"]
        self.assertEqual(alice.get("/s/demo/admin").status, 303)

    def test_staff_cannot_sign_in_to_the_portal_and_their_session_does_not_reach_it(self):
        r = self.browser().submit("/s/demo/login", {"email": "owner@demo.test", "password": PASSWORD})
        self.assertEqual(r.status, 422)
        staff = self.browser()
        staff.admin_sign_in("owner@demo.test")
        r = staff.get("/s/demo/account")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/login")

    def test_portal_pages_need_a_session(self):
        for path in PORTAL_PAGES:
            r = self.browser().get(path)
            self.assertEqual(r.status, 303, path)
            self.assertEqual(r.header("Location"), "/s/demo/login")

    def test_customers_have_no_way_to_change_their_records(self):
        alice = self.sign_in("alice@demo.test")
        token = alice.csrf_token("/s/demo/account")
        for path in ("/s/demo/account", "/s/demo/account/animals", "/s/demo/account/invoices"):
            self.assertEqual(alice.post(path, {"csrf_token": token, "name": "Changed"}).status, 405, path)
        for path in PORTAL_PAGES:
            forms = re.findall(r'<form[^>]*action="([^"]+)"', alice.get(path).text)
            for action in forms:
                # Besides signing out and asking for an appointment, only the self-service changes of an upcoming
                # appointment (cancel, withdraw the ask, answer a proposed time) post anywhere.
                if re.fullmatch(r"/s/demo/account/(appointments/\d+/cancel|changes/\d+/withdraw|proposals/\d+/(accept|decline))", action):
                    continue
                self.assertIn(action, ("/s/demo/logout", "/s/demo/account/appointments/new"), path)


class Requests(PortalTestCase):
    """Free-form times, as salons that take requests outside the offered free times have them."""

    def setUp(self):
        self.allow_requests_outside_slots()

    def request(self, b, **fields):
        buddy = self.one("SELECT id FROM animals WHERE name = 'Buddy'")
        data = {"animal_id": str(buddy), "start": "", "end": "", "comments": ""}
        data.update(fields)
        return b.submit("/s/demo/account/appointments/new", data, action="/s/demo/account/appointments/new")

    def count(self):
        return self.one("SELECT count(*) FROM appointment_requests")

    def test_a_valid_request_is_stored_pending_and_listed_as_requested(self):
        b = self.sign_in("alice@demo.test")
        r = self.request(b, start=SOON + "T10:00", end=SOON + "T11:30", comments="Short cut, please")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/account/appointments?done=requested")
        rows = self.query("SELECT status, starts_at, ends_at, comments FROM appointment_requests WHERE comments = 'Short cut, please'")
        self.assertEqual(len(rows), 1)
        status, starts, ends, _ = rows[0]
        self.assertEqual(status, "pending")
        # 10:00 in the salon's zone, stored as UTC.
        self.assertEqual(starts, int(datetime.fromisoformat(SOON + "T10:00").replace(tzinfo=PARIS).timestamp()))
        self.assertEqual(ends - starts, 90 * 60)
        text = page_text(b.get(r.header("Location")))
        self.assertIn("Your request has been sent.", text)
        day = date.fromisoformat(SOON)
        self.assertIn("%s %d %s %d, 10:00 – 11:30 Buddy Requested Short cut, please" % (
            day.strftime("%A"), day.day, day.strftime("%B"), day.year), text)

    def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(self):
        b = self.sign_in("alice@demo.test")
        before = self.count()
        cases = [
            ({"start": SOON + "T10:00", "end": SOON + "T09:00"}, "end", "The end must be after the start."),
            ({"start": "2020-03-14T10:00", "end": "2020-03-14T11:00"}, "start", "Choose a time in the future."),
            ({"start": "2040-03-14T10:00", "end": "2040-03-14T11:00"}, "start", "within the next twelve months"),
            ({"start": SOON + "T10:00", "end": SOON + "T23:30"}, "end", "at most 12 hours"),
            ({"start": "14/03/2030 10h", "end": SOON + "T11:00"}, "start", "Enter a date and time"),
            ({"start": "2030-02-30T10:00", "end": SOON + "T11:00"}, "start", "Enter a date and time"),
            ({"start": SOON + "T10:00", "end": ""}, "end", "Enter a date and time"),
            ({"animal_id": "abc", "start": SOON + "T10:00", "end": SOON + "T11:00"}, "animal_id", "Choose one of your animals."),
            ({"start": SOON + "T10:00", "end": SOON + "T11:00", "comments": "x" * 1001}, "comments", "under 1000 characters"),
        ]
        for fields, field, message in cases:
            r = self.request(b, **fields)
            self.assertEqual(r.status, 422, fields)
            error = re.search(r'<p class="field-error" id="%s-error">([^<]*)</p>' % field, r.text)
            self.assertTrue(error, "no error next to %s for %s" % (field, fields))
            self.assertIn(message, error.group(1))
            # What was typed is kept.
            if fields.get("start") and "/" not in fields["start"]:
                self.assertIn('value="%s"' % fields["start"], r.text)
        self.assertEqual(self.count(), before)

    def test_a_time_that_does_not_exist_in_the_salon_zone_is_refused(self):
        b = self.sign_in("alice@demo.test")
        day = next_spring_forward()
        r = self.request(b, start=day + "T02:30", end=day + "T04:00")
        self.assertEqual(r.status, 422)
        self.assertIn("Enter a date and time", page_text(r))


class RequestLimits(PortalTestCase):
    """A fresh salon: Bob sends requests here until the limits stop him (at free-form times, which it allows)."""

    def setUp(self):
        self.allow_requests_outside_slots()

    def send(self, b, day_offset):
        rex = self.one("SELECT id FROM animals WHERE name = 'Rex'")
        day = (date.today() + timedelta(days=20 + day_offset)).isoformat()
        return b.submit("/s/demo/account/appointments/new",
                        {"animal_id": str(rex), "start": day + "T10:00", "end": day + "T11:00", "comments": ""})

    def test_waiting_requests_and_requests_per_day_are_limited_with_a_message_by_the_form(self):
        b = self.sign_in("bob@demo.test")
        waiting = self.one("SELECT count(*) FROM appointment_requests WHERE status = 'pending' AND customer_id = "
                           "(SELECT id FROM customers WHERE email = 'bob@demo.test')")
        for i in range(5 - waiting):
            self.assertEqual(self.send(b, i).status, 303)
        refused = self.send(b, 9)
        self.assertEqual(refused.status, 429)
        # Bob reads French.
        self.assertIn("Vous avez déjà 5 demandes en attente", page_text(refused))
        self.assertIn('id="request-limit"', refused.text)
        self.assertIn("Vous avez déjà 5 demandes en attente", page_text(b.get("/s/demo/account/appointments/new")))
        self.assertEqual(self.one("SELECT count(*) FROM appointment_requests WHERE status = 'pending' AND customer_id = "
                                  "(SELECT id FROM customers WHERE email = 'bob@demo.test')"), 5)
        # Answered requests no longer wait, but every request of the day still counts.
        self.query("UPDATE appointment_requests SET status = 'declined' WHERE status = 'pending'")
        sent_today = self.one("SELECT count(*) FROM appointment_requests WHERE created_at >= strftime('%s', 'now') - 86400 AND "
                              "customer_id = (SELECT id FROM customers WHERE email = 'bob@demo.test')")
        for i in range(10 - sent_today):
            self.assertEqual(self.send(b, 10 + i).status, 303)
            self.query("UPDATE appointment_requests SET status = 'declined' WHERE status = 'pending'")
        refused = self.send(b, 30)
        self.assertEqual(refused.status, 429)
        self.assertIn("Vous avez envoyé 10 demandes ces dernières 24 heures", page_text(refused))


class ForgottenPassword(PortalTestCase):
    def ask_reset(self, email, accept_language="en"):
        b = self.browser(accept_language)
        r = b.submit("/s/demo/password/forgot", {"email": email})
        return r

    def link_in(self, message):
        return re.search(r"http://127\.0\.0\.1:\d+(/s/demo/password/reset\?token=[A-Za-z0-9_-]+)", MailSink.text_of(message)).group(1)

    def test_reset_by_email_in_the_customers_language_ends_old_sessions(self):
        old_session = self.sign_in("bob@demo.test")
        r = self.ask_reset("Bob@Demo.test")
        self.assertEqual(r.status, 200)
        self.assertIn("If this address belongs to an account", page_text(r))
        message = self.mail.wait_for("bob@demo.test")[-1]
        self.assertIn("Réinitialisez votre mot de passe chez Happy Paws Grooming", message["Subject"])
        self.assertIn("Bonjour Bob,", MailSink.text_of(message))
        link = self.link_in(message)
        token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
        self.assertGreaterEqual(len(token), 22)  # 128 bits at least
        self.assertNotIn(token, message["Subject"])
        # The token is stored hashed only.
        self.assertEqual(self.one("SELECT count(*) FROM password_tokens WHERE token_hash = ?", token.encode()), 0)

        b = self.browser()
        form = b.get(link)
        self.assertEqual(form.status, 200)
        weak = b.submit(link, {"token": token, "password": "password123"}, action="/s/demo/password/reset")
        self.assertEqual(weak.status, 422)
        self.assertIn("too easy to guess", page_text(weak))
        done = b.submit(link, {"token": token, "password": "a brand new secret"}, action="/s/demo/password/reset")
        self.assertEqual(done.status, 303)
        self.assertEqual(done.header("Location"), "/s/demo/account")  # signed in with the new password
        self.assertIn("Bob", page_text(b.get("/s/demo/account")))
        self.assertEqual(old_session.get("/s/demo/account").status, 303)
        self.assertEqual(self.browser().submit("/s/demo/login", {"email": "bob@demo.test", "password": PASSWORD}).status, 422)
        self.sign_in("bob@demo.test", "a brand new secret")
        # Single use.
        again = self.browser().get(link)
        self.assertEqual(again.status, 410)
        run_cli("user", "reset-password", "--data", self.data, "--salon", "demo", "--email", "bob@demo.test",
                "--password-stdin", stdin=PASSWORD + "\n")

    def test_unknown_and_staff_emails_get_the_same_answer_and_no_email(self):
        before = len(self.mail.messages)
        known = self.ask_reset("alice@demo.test")
        unknown = self.ask_reset("nobody@demo.test")
        staff = self.ask_reset("owner@demo.test")
        for r in (known, unknown, staff):
            self.assertEqual(r.status, 200)
        self.assertEqual(page_text(unknown).replace("nobody@demo.test", "X"), page_text(known).replace("alice@demo.test", "X"))
        self.mail.wait_for("alice@demo.test")
        self.assertFalse([m for m in self.mail.messages[before:] if "nobody" in m["To"] or "owner" in m["To"]])

    def test_an_expired_link_is_refused(self):
        self.ask_reset("alice@demo.test")
        link = self.link_in(self.mail.wait_for("alice@demo.test")[-1])
        db = self.db()
        db.execute("UPDATE password_tokens SET expires_at = strftime('%s', 'now') - 1")
        db.commit()
        db.close()
        self.assertEqual(self.browser().get(link).status, 410)

    def test_reset_requests_are_rate_limited_per_account(self):
        statuses = [self.ask_reset("carol-limit@demo.test").status for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])


class Invitation(PortalTestCase):
    def test_a_customer_invited_from_the_cli_chooses_a_password_and_signs_in(self):
        carol = self.one("SELECT id FROM customers WHERE email = 'carol@demo.test'")
        code, out, err = run_cli("user", "add", "--data", self.data, "--salon", "demo", "--email", "carol@demo.test",
                                 "--role", "customer", "--customer", str(carol),
                                 "--public-url", "http://127.0.0.1:%d/" % self.server.port)
        self.assertEqual(code, 0, err)
        self.assertIn("invitation", out)
        message = self.mail.wait_for("carol@demo.test")[-1]
        self.assertIn("Your account at Happy Paws Grooming", message["Subject"])
        text = MailSink.text_of(message)
        self.assertIn("Hello Carol,", text)  # by first name
        self.assertIn("/s/demo/login", text)
        link = re.search(r"http://127\.0\.0\.1:\d+(/s/demo/password/reset\?token=[A-Za-z0-9_-]+)", text).group(1)
        html = message.get_body(preferencelist=("html",)).get_content()
        self.assertIn("Choose my password", html)
        token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
        b = self.browser()
        r = b.submit(link, {"token": token, "password": "carol's own secret"}, action="/s/demo/password/reset")
        self.assertEqual(r.status, 303)
        b = self.sign_in("carol@demo.test", "carol's own secret")
        self.assertIn("Hello Carol", page_text(b.get("/s/demo/account")))
        # Her own animals (booked by phone for today in the demo), nobody else's.
        animals = page_text(b.get("/s/demo/account/animals"))
        self.assertIn("Biscuit Dog · Beagle", animals)
        self.assertIn("Pepper Cat · Siamese", animals)
        for other in ("Buddy", "Luna", "Rex", "Mimi"):
            self.assertNotIn(other, animals)


if __name__ == "__main__":
    unittest.main()
