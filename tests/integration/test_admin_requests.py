"""The requests inbox and the notifications of the admin panel: a manager approves, declines or books another
time for a customer's request, the customer sees it in the portal and gets an email in their language through
a real SMTP server; concurrent approvals of one groomer's slot leave exactly one appointment; the bell counts
what is new for each staff member."""
import json
import os
import sqlite3
import threading
import unittest
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from harness import PASSWORD, MailSink, SalonTestCase, page_text

PARIS = ZoneInfo("Europe/Paris")
INBOX = "/s/demo/admin/requests"
NOTIFICATIONS = "/s/demo/admin/notifications"
COUNT = "/s/demo/admin/notifications/count"
STAFF_BUSY = "Chloé already has an appointment at that time; choose another groomer or reschedule."
ALREADY_HANDLED = "This request was already handled by"


def salon_time(days_ahead, hour, minute=0):
    """(unix seconds, 'YYYY-MM-DDTHH:MM') of a wall-clock time in the salon's zone, `days_ahead` days from today."""
    d = date.today() + timedelta(days=days_ahead)
    local = datetime(d.year, d.month, d.day, hour, minute, tzinfo=PARIS)
    return int(local.timestamp()), local.strftime("%Y-%m-%dT%H:%M")


class RequestsTestCase(SalonTestCase):
    with_mail = True

    def only_row(self, sql, *args):
        rows = self.query(sql, *args)
        self.assertEqual(len(rows), 1, (sql, args, rows))
        return rows[0]

    def user_id(self, email):
        return self.only_row("SELECT id FROM users WHERE email = ?", email)[0]

    def animal(self, name):
        return self.only_row("SELECT id, customer_id FROM animals WHERE name = ?", name)

    def add_request(self, animal_name, start, end, comments=""):
        """A pending request written straight into the database, as the portal would store it."""
        animal_id, customer_id = self.animal(animal_name)
        db = sqlite3.connect(os.path.join(self.data, "salons", "demo.db"), timeout=10)
        try:
            cur = db.execute("INSERT INTO appointment_requests (customer_id, animal_id, starts_at, ends_at, comments, status, created_at) "
                             "VALUES (?, ?, ?, ?, ?, 'pending', strftime('%s', 'now'))", (customer_id, animal_id, start, end, comments))
            db.commit()
            return cur.lastrowid
        finally:
            db.close()

    def staff(self, email):
        b = self.browser()
        r = b.admin_sign_in(email)
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def customer(self, email):
        b = self.browser()
        r = b.submit("/s/demo/login", {"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def unread(self, browser):
        r = browser.get(COUNT)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type").split(";")[0], "application/json")
        self.assertIn("no-store", r.header("Cache-Control"))
        return json.loads(r.text)["unread"]

    def mail_to(self, to, predicate, timeout=120):
        """The first email to `to` whose subject + plain body satisfy `predicate`."""
        import time
        end = time.time() + timeout
        while time.time() < end:
            for m in list(self.mail.messages):
                if to in m["To"] and predicate(m["Subject"] + "\n" + MailSink.text_of(m)):
                    return m
            time.sleep(0.05)
        self.fail("no matching email to %s (have: %s)" % (to, [(m["To"], m["Subject"]) for m in self.mail.messages]))

    @staticmethod
    def section(text, start, end):
        """The text between two headings of a page."""
        return text.split(start, 1)[1].split(end, 1)[0]


class Decisions(RequestsTestCase):
    def test_a_manager_approves_bobs_request_and_bob_sees_it_confirmed_and_gets_a_french_email(self):
        chloe = self.user_id("groomer@demo.test")
        manager = self.user_id("manager@demo.test")
        request_id, start, end, comments = self.only_row(
            "SELECT r.id, r.starts_at, r.ends_at, r.comments FROM appointment_requests r JOIN animals a ON a.id = r.animal_id "
            "WHERE a.name = 'Rex' AND r.status = 'pending' ORDER BY r.id LIMIT 1")
        groomer = self.staff("groomer@demo.test")
        groomer_unread = self.unread(groomer)

        m = self.staff("manager@demo.test")
        inbox = page_text(m.get(INBOX))
        self.assertIn("Bob Durand · Rex", inbox)
        self.assertIn(comments, inbox)
        r = m.submit(INBOX, {"staff_user_id": chloe, "service_id": ""}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), INBOX + "?done=approved")
        self.assertIn("Request approved", page_text(m.get(r.header("Location"))))

        status, decided_by, appointment_id = self.only_row(
            "SELECT status, decided_by, appointment_id FROM appointment_requests WHERE id = ?", request_id)
        self.assertEqual((status, decided_by), ("approved", manager))
        a = self.only_row("SELECT a.starts_at, a.ends_at, a.staff_user_id, n.name, a.status, a.comments FROM appointments a "
                     "JOIN animals n ON n.id = a.animal_id WHERE a.id = ?", appointment_id)
        self.assertEqual(a, (start, end, chloe, "Rex", "scheduled", comments))
        self.only_row("SELECT 1 FROM audit_log WHERE action = 'request_approved' AND actor_user_id = ? AND subject = ?",
                 manager, "request:%d" % request_id)

        # Bob reads French: the appointment is coming up and his request says confirmed.
        when = datetime.fromtimestamp(start, PARIS)
        page = page_text(self.customer("bob@demo.test").get("/s/demo/account/appointments"))
        coming_up = self.section(page, "À venir", "Mes demandes")
        month = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
                 "décembre"][when.month - 1]
        self.assertRegex(coming_up, r"\b%d(er)? %s %d, %s" % (when.day, month, when.year, when.strftime("%H:%M")))
        self.assertIn("Rex", coming_up)
        requests = self.section(page, "Mes demandes", "Rendez-vous passés")
        self.assertIn("Confirmé", requests)

        message = self.mail_to("bob@demo.test", lambda t: "confirmé" in t.lower())
        self.assertIn("Rex", message["Subject"])
        self.assertIn(when.strftime("%H:%M"), MailSink.text_of(message))

        # The groomer hears of it in her own language (Chloé's account says French).
        self.assertEqual(self.unread(groomer), groomer_unread + 1)
        self.assertRegex(page_text(groomer.get(NOTIFICATIONS)),
                         r"Nouveau Nouveau rendez-vous pour vous : Rex \(Bob Durand\), \w+ %d(er)? \w+ \d{4}, %s – " % (when.day, when.strftime("%H:%M")))

        # Asking again changes nothing and names who answered.
        again = m.submit(INBOX, {"staff_user_id": chloe}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(again.status, 409)
        self.assertIn(ALREADY_HANDLED + " Marc Petit", page_text(again))
        self.assertEqual(self.only_row("SELECT count(*) FROM appointments WHERE animal_id = (SELECT animal_id FROM appointment_requests "
                                  "WHERE id = ?) AND starts_at = ?", request_id, start)[0], 1)

    def test_a_decline_with_a_message_reaches_bobs_portal_and_his_inbox(self):
        start, _ = salon_time(20, 9)
        request_id = self.add_request("Mimi", start, start + 1800)
        m = self.staff("manager@demo.test")
        words = "Nous sommes fermés cette semaine-là, désolés !"
        r = m.submit(INBOX, {"message": words, "confirm": "1"}, action="%s/%d/decline" % (INBOX, request_id))
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.only_row("SELECT status, decision_message, decided_by, appointment_id FROM appointment_requests WHERE id = ?",
                                  request_id), ("declined", words, self.user_id("manager@demo.test"), None))
        page = page_text(self.customer("bob@demo.test").get("/s/demo/account/appointments"))
        requests = self.section(page, "Mes demandes", "Rendez-vous passés")
        self.assertIn("Refusé", requests)
        self.assertIn(words, requests)
        message = self.mail_to("bob@demo.test", lambda t: words in t)
        self.assertIn("Mimi", message["Subject"])
        # The inbox lists it among the answered ones, with who answered.
        answered = page_text(m.get(INBOX)).split("Answered in the last 30 days", 1)[1]
        self.assertIn("Bob Durand · Mimi Declined", answered)
        self.assertIn("Answered by Marc Petit", answered)

    def test_a_change_asked_on_an_appointment_the_salon_has_cancelled_since_is_refused_for_what_it_is(self):
        start, _ = salon_time(70, 10)  # a day no other test of the class books
        animal_id, customer_id = self.animal("Mimi")
        service_id, minutes = self.only_row("SELECT id, duration_minutes FROM services WHERE name = 'Bath & brush'")
        db = sqlite3.connect(os.path.join(self.data, "salons", "demo.db"), timeout=10)
        try:
            appointment = db.execute("INSERT INTO appointments (customer_id, animal_id, service_id, staff_user_id, starts_at, ends_at, "
                                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, strftime('%s','now'), strftime('%s','now'))",
                                     (customer_id, animal_id, service_id, self.user_id("groomer@demo.test"), start, start + minutes * 60)).lastrowid
            db.commit()
        finally:
            db.close()
        bob = self.customer("bob@demo.test")
        r = bob.submit("/s/demo/account/appointments", {"reason": "En vacances"},
                         action="/s/demo/account/appointments/%d/cancel" % appointment)
        self.assertEqual(r.status, 303, page_text(r))
        change = self.only_row("SELECT id FROM change_requests WHERE appointment_id = ?", appointment)[0]
        m = self.staff("manager@demo.test")
        r = m.submit("/s/demo/admin/appointments/%d/edit" % appointment, {"confirm": "1"},
                     action="/s/demo/admin/appointments/%d/cancel" % appointment)
        self.assertEqual(r.status, 303, page_text(r))
        # Approving the customer's ask now once said "That time is no longer free", which sent the manager
        # looking for a clash that does not exist.
        r = m.submit(INBOX, {}, action="/s/demo/admin/changes/%d/approve" % change)
        self.assertEqual(r.status, 409)
        self.assertIn("This appointment is no longer scheduled", page_text(r))
        self.assertNotIn("That time is no longer free", page_text(r))
        self.assertEqual(self.only_row("SELECT status FROM change_requests WHERE id = ?", change), ("pending",))
        self.assertEqual(self.only_row("SELECT status FROM appointments WHERE id = ?", appointment), ("cancelled",))

    def test_a_request_of_a_customer_archived_since_is_refused_and_books_nothing(self):
        start, _ = salon_time(9, 10)
        request_id = self.add_request("Pepper", start, start + 3600)
        m = self.staff("manager@demo.test")
        carol = "/s/demo/admin/customers/%d" % self.animal("Pepper")[1]
        self.assertEqual(m.submit(carol, {"confirm": "1"}, action=carol + "/archive").status, 303)
        for action, fields in (("approve", {"staff_user_id": self.user_id("groomer@demo.test")}),
                               ("reschedule", {"staff_user_id": self.user_id("groomer@demo.test"),
                                               "start": datetime.fromtimestamp(start + 7200, PARIS).strftime("%Y-%m-%dT%H:%M"),
                                               "end": datetime.fromtimestamp(start + 10800, PARIS).strftime("%Y-%m-%dT%H:%M")})):
            with self.subTest(action):
                url = "%s/%d/%s" % (INBOX, request_id, action)
                r = m.submit(INBOX if action == "approve" else url, fields, action=url)
                self.assertEqual(r.status, 409, page_text(r))
                self.assertIn("Carol White or Pepper has been archived since asking: nothing was booked.", page_text(r))
        self.assertEqual(self.only_row("SELECT status, appointment_id FROM appointment_requests WHERE id = ?", request_id), ("pending", None))
        self.assertEqual(self.only_row("SELECT count(*) FROM appointments a JOIN animals n ON n.id = a.animal_id "
                                       "WHERE n.name = 'Pepper' AND a.starts_at >= ?", start)[0], 0)

    def test_another_time_books_the_appointment_there_and_tells_bob(self):
        asked, _ = salon_time(25, 10)
        request_id = self.add_request("Rex", asked, asked + 5400, "Avant midi si possible")
        chloe = self.user_id("groomer@demo.test")
        new_start, new_start_text = salon_time(26, 14)
        new_end, new_end_text = salon_time(26, 15, 30)
        m = self.staff("manager@demo.test")
        form = "%s/%d/reschedule" % (INBOX, request_id)
        page = m.get(form)
        self.assertEqual(page.status, 200)
        self.assertIn('value="%s"' % datetime.fromtimestamp(asked, PARIS).strftime("%Y-%m-%dT%H:%M"), page.text)
        r = m.submit(form, {"start": new_start_text, "end": new_end_text, "staff_user_id": chloe,
                            "message": "Le matin est complet."})
        self.assertEqual(r.status, 303, page_text(r))
        status, message, appointment_id = self.only_row(
            "SELECT status, decision_message, appointment_id FROM appointment_requests WHERE id = ?", request_id)
        self.assertEqual((status, message), ("rescheduled", "Le matin est complet."))
        self.assertEqual(self.only_row("SELECT starts_at, ends_at, staff_user_id, comments FROM appointments WHERE id = ?", appointment_id),
                         (new_start, new_end, chloe, "Avant midi si possible"))
        self.assertEqual(self.query("SELECT count(*) FROM appointments WHERE starts_at = ?", asked)[0][0], 0)
        email = self.mail_to("bob@demo.test", lambda t: "Le matin est complet." in t)
        self.assertIn("14:00", email["Subject"])
        self.assertIn("14:00 – 15:30", MailSink.text_of(email))
        coming_up = self.section(page_text(self.customer("bob@demo.test").get("/s/demo/account/appointments")), "À venir", "Mes demandes")
        self.assertIn("14:00 – 15:30", coming_up)

    def test_bad_input_is_shown_next_to_its_field_and_nothing_changes(self):
        start, start_text = salon_time(30, 10)
        request_id = self.add_request("Luna", start, start + 3600)
        m = self.staff("owner@demo.test")
        form = "%s/%d/reschedule" % (INBOX, request_id)
        r = m.submit(form, {"start": start_text, "end": salon_time(30, 9)[1], "staff_user_id": self.user_id("groomer@demo.test"),
                            "message": "kept text"})
        self.assertEqual(r.status, 422)
        self.assertRegex(r.text, r'<p class="field-error" id="end-error">The end must be after the start.</p>')
        self.assertIn('value="%s"' % start_text, r.text)
        self.assertIn(">kept text</textarea>", r.text)
        r = m.submit(form, {"start": "2026-13-45T99:00", "end": start_text, "staff_user_id": self.user_id("groomer@demo.test")})
        self.assertEqual(r.status, 422)
        self.assertIn('id="start-error"', r.text)
        r = m.submit(form, {"start": salon_time(31, 10)[1], "end": salon_time(31, 11)[1], "staff_user_id": "99999"})
        self.assertEqual(r.status, 422)
        self.assertIn('<p class="field-error" id="staff_user_id-error">Choose a member of the team.</p>', r.text)
        # A customer's account is not a member of the team.
        r = m.submit(INBOX, {"staff_user_id": self.user_id("alice@demo.test")}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 422)
        self.assertIn('<p class="field-error" id="staff-%d-error">Choose a member of the team.</p>' % request_id, r.text)
        r = m.submit(INBOX, {"staff_user_id": self.user_id("groomer@demo.test"), "service_id": "abc"},
                     action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 422)
        self.assertIn('id="service-%d-error"' % request_id, r.text)
        self.assertEqual(self.only_row("SELECT status, decided_by FROM appointment_requests WHERE id = ?", request_id), ("pending", None))
        self.assertEqual(self.query("SELECT count(*) FROM appointments WHERE animal_id = (SELECT animal_id FROM appointment_requests "
                                    "WHERE id = ?) AND starts_at >= ?", request_id, start)[0][0], 0)
        self.assertEqual(m.get("%s/%d/reschedule" % (INBOX, 999999)).status, 404)

    def test_a_groomer_is_refused_the_inbox(self):
        g = self.staff("groomer@demo.test")
        self.assertEqual(g.get(INBOX).status, 403)
        request_id = self.add_request("Buddy", salon_time(33, 10)[0], salon_time(33, 11)[0])
        token = g.csrf_token(NOTIFICATIONS)
        r = g.post("%s/%d/approve" % (INBOX, request_id), {"csrf_token": token, "staff_user_id": self.user_id("groomer@demo.test")})
        self.assertEqual(r.status, 403)
        self.assertEqual(g.get("%s/%d/reschedule" % (INBOX, request_id)).status, 403)
        self.assertEqual(self.only_row("SELECT status FROM appointment_requests WHERE id = ?", request_id), ("pending",))
        # A customer's session never reaches it either.
        self.assertEqual(self.customer("alice@demo.test").get(INBOX).status, 303)


class TheRace(RequestsTestCase):
    MANAGERS = 12

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.managers = []

    def signed_in_managers(self):
        if not self.managers:
            for _ in range(self.MANAGERS):
                self.managers.append(self.staff("manager@demo.test"))
        return self.managers

    def approve_all_at_once(self, jobs):
        """Posts every (browser, request id) approval at the same moment; returns [(status, text)] in order."""
        tokens = [b.csrf_token(INBOX) for b, _ in jobs]
        barrier = threading.Barrier(len(jobs))
        results = [None] * len(jobs)
        chloe = self.user_id("groomer@demo.test")

        def run(i):
            b, request_id = jobs[i]
            barrier.wait()
            r = b.post("%s/%d/approve" % (INBOX, request_id), {"csrf_token": tokens[i], "staff_user_id": chloe})
            results[i] = (r.status, page_text(r))

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        return results

    def test_two_requests_for_one_slot_of_one_groomer_make_exactly_one_appointment(self):
        start, _ = salon_time(40, 10)
        alices = self.add_request("Buddy", start, start + 3600)
        bobs = self.add_request("Mimi", start + 1800, start + 5400)  # overlaps by half an hour
        before = self.query("SELECT count(*) FROM appointments")[0][0]
        browsers = self.signed_in_managers()
        results = self.approve_all_at_once([(b, alices if i % 2 else bobs) for i, b in enumerate(browsers)])

        winners = [r for r in results if r[0] == 303]
        losers = [r for r in results if r[0] != 303]
        self.assertEqual(len(winners), 1, [r[0] for r in results])
        self.assertEqual(len(losers), len(browsers) - 1)
        for status, text in losers:
            self.assertEqual(status, 409, text[:300])
            self.assertTrue(STAFF_BUSY in text or ALREADY_HANDLED in text, text[:500])
        self.assertTrue(any(STAFF_BUSY in text for _, text in losers))
        self.assertTrue(any(ALREADY_HANDLED in text for _, text in losers))

        self.assertEqual(self.query("SELECT count(*) FROM appointments")[0][0], before + 1)
        statuses = sorted(s for (s,) in self.query("SELECT status FROM appointment_requests WHERE id IN (?, ?)", alices, bobs))
        self.assertEqual(statuses, ["approved", "pending"])
        self.assertEqual(self.query("SELECT count(*) FROM appointment_requests WHERE id IN (?, ?) AND status = 'pending' "
                                    "AND decided_by IS NULL AND appointment_id IS NULL", alices, bobs)[0][0], 1)
        self.assertEqual(self.query("SELECT count(*) FROM appointments a JOIN appointment_requests r ON r.appointment_id = a.id "
                                    "WHERE r.id IN (?, ?) AND a.staff_user_id = ?", alices, bobs,
                                    self.user_id("groomer@demo.test"))[0][0], 1)

    def test_one_request_approved_twice_at_once_makes_one_appointment(self):
        start, _ = salon_time(45, 15)
        request_id = self.add_request("Luna", start, start + 3600)
        browsers = self.signed_in_managers()[:4]
        results = self.approve_all_at_once([(b, request_id) for b in browsers])
        self.assertEqual(sorted(s for s, _ in results), [303, 409, 409, 409])
        for status, text in results:
            if status == 409:
                self.assertIn(ALREADY_HANDLED, text)
        self.assertEqual(self.query("SELECT count(*) FROM appointments WHERE starts_at = ?", start)[0][0], 1)
        self.assertEqual(self.only_row("SELECT status FROM appointment_requests WHERE id = ?", request_id), ("approved",))


    def test_two_managers_approving_two_requests_into_one_groomers_same_time_leave_one_pending(self):
        # A Sunday at 07:30, when the salon is closed: staff may book outside the opening hours, but the
        # groomer's time is still re-checked by the slot placement.
        d = date.today() + timedelta(days=50)
        d += timedelta(days=(6 - d.weekday()) % 7)
        start = int(datetime(d.year, d.month, d.day, 7, 30, tzinfo=PARIS).timestamp())
        first = self.add_request("Buddy", start, start + 3600)
        second = self.add_request("Mimi", start, start + 3600)
        browsers = self.signed_in_managers()[:2]
        results = self.approve_all_at_once([(browsers[0], first), (browsers[1], second)])

        self.assertEqual(sorted(s for s, _ in results), [303, 409], [t[:300] for _, t in results])
        loser = next(text for status, text in results if status == 409)
        self.assertIn(STAFF_BUSY, loser)
        statuses = dict(self.query("SELECT id, status FROM appointment_requests WHERE id IN (?, ?)", first, second))
        self.assertEqual(sorted(statuses.values()), ["approved", "pending"])
        pending = first if statuses[first] == "pending" else second
        self.assertEqual(self.only_row("SELECT decided_by, appointment_id FROM appointment_requests WHERE id = ?", pending), (None, None))
        self.assertEqual(self.query("SELECT count(*) FROM appointments WHERE starts_at = ? AND staff_user_id = ? AND status = 'scheduled'",
                                    start, self.user_id("groomer@demo.test"))[0][0], 1)


class ChosenGroomer(RequestsTestCase):
    """A request sent for a service and a groomer (the booking page): approving it takes what the customer chose."""

    def chosen_request(self, animal_name, days_ahead, hour, staff_email):
        start, _ = salon_time(days_ahead, hour)
        groom, minutes = self.only_row("SELECT id, duration_minutes FROM services WHERE name = 'Full groom'")
        request_id = self.add_request(animal_name, start, start + minutes * 60, "chosen %s" % staff_email)
        self.query("INSERT INTO appointment_request_services (request_id, service_id, staff_user_id) VALUES (?, ?, ?)",
                   request_id, groom, self.user_id(staff_email))
        return request_id, start, groom

    def test_the_approve_form_preselects_the_chosen_groomer_and_service_and_a_bare_approval_uses_them(self):
        marc = self.user_id("manager@demo.test")
        request_id, start, groom = self.chosen_request("Luna", 22, 10, "manager@demo.test")
        m = self.staff("owner@demo.test")
        card = m.get(INBOX).text.split('id="request-%d"' % request_id, 1)[1].split("</li>", 1)[0]
        self.assertRegex(card, r'(?s)<select id="staff-%d"[^>]*>.*<option value="%d" selected>' % (request_id, marc))
        self.assertRegex(card, r'(?s)<select id="service-%d"[^>]*>.*<option value="%d" selected>' % (request_id, groom))
        # An approval naming no groomer or service takes the customer's choice: Marc, for a full groom.
        r = m.submit(INBOX, {}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.only_row("SELECT a.staff_user_id, a.service_id, a.starts_at FROM appointments a "
                                       "JOIN appointment_requests r ON r.appointment_id = a.id WHERE r.id = ?", request_id),
                         (marc, groom, start))

    def test_the_chosen_groomer_is_still_checked_when_approving(self):
        marc = self.user_id("manager@demo.test")
        request_id, start, _ = self.chosen_request("Buddy", 24, 15, "manager@demo.test")
        rex, bob = self.animal("Rex")
        self.query("INSERT INTO appointments (customer_id, animal_id, staff_user_id, starts_at, ends_at, status, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, 'scheduled', 0, 0)", bob, rex, marc, start + 1800, start + 5400)
        m = self.staff("owner@demo.test")
        r = m.submit(INBOX, {}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 409)
        self.assertIn("Marc Petit already has an appointment at that time", page_text(r))
        self.assertEqual(self.only_row("SELECT status, appointment_id FROM appointment_requests WHERE id = ?", request_id), ("pending", None))


class AnyoneFree(RequestsTestCase):
    """A request sent for a service with anyone as the groomer: the salon may approve it with whoever is free."""

    def anyone_request(self, animal_name, days_ahead, hour):
        start, _ = salon_time(days_ahead, hour)
        groom, minutes = self.only_row("SELECT id, duration_minutes FROM services WHERE name = 'Full groom'")
        request_id = self.add_request(animal_name, start, start + minutes * 60, "anyone will do")
        self.query("INSERT INTO appointment_request_services (request_id, service_id, staff_user_id) VALUES (?, ?, NULL)",
                   request_id, groom)
        return request_id, start, start + minutes * 60

    def busy(self, animal_name, staff_email, start, end):
        animal_id, customer_id = self.animal(animal_name)
        self.query("INSERT INTO appointments (customer_id, animal_id, staff_user_id, starts_at, ends_at, status, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, 'scheduled', 0, 0)", customer_id, animal_id, self.user_id(staff_email), start, end)

    def test_anyone_free_is_preselected_and_approves_with_the_groomer_who_is_free(self):
        marc = self.user_id("manager@demo.test")
        request_id, start, end = self.anyone_request("Luna", 26, 10)
        self.busy("Rex", "groomer@demo.test", start, end)  # Chloé is taken then
        m = self.staff("owner@demo.test")
        card = m.get(INBOX).text.split('id="request-%d"' % request_id, 1)[1].split("</li>", 1)[0]
        self.assertRegex(card, r'(?s)<select id="staff-%d"[^>]*>.*<option value="any" selected>Anyone free' % request_id)
        r = m.submit(INBOX, {}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 303, page_text(r))
        status, appointment_id = self.only_row("SELECT status, appointment_id FROM appointment_requests WHERE id = ?", request_id)
        self.assertEqual(status, "approved")
        self.assertEqual(self.only_row("SELECT staff_user_id, starts_at FROM appointments WHERE id = ?", appointment_id), (marc, start))
        message = self.mail_to("alice@demo.test", lambda t: "Luna" in t and "confirm" in t.lower())
        self.assertIn(datetime.fromtimestamp(start, PARIS).strftime("%H:%M"), MailSink.text_of(message))

    def test_anyone_free_when_every_groomer_is_busy_is_refused_and_the_request_stays_pending(self):
        request_id, start, end = self.anyone_request("Buddy", 27, 14)
        self.busy("Rex", "groomer@demo.test", start, end)
        self.busy("Mimi", "manager@demo.test", start + 1800, end + 1800)
        m = self.staff("owner@demo.test")
        r = m.submit(INBOX, {"staff_user_id": "any"}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 409)
        self.assertIn("Nobody on the team who does this service is free at that time", page_text(r))
        self.assertEqual(self.only_row("SELECT status, decided_by, appointment_id FROM appointment_requests WHERE id = ?", request_id),
                         ("pending", None, None))
        buddy, _ = self.animal("Buddy")
        self.assertEqual(self.query("SELECT count(*) FROM appointments WHERE animal_id = ? AND starts_at = ?", buddy, start)[0][0], 0)


class Notifications(RequestsTestCase):
    def test_a_portal_request_notifies_owner_and_manager_but_not_the_groomer(self):
        owner, manager, groomer = (self.staff(e) for e in ("owner@demo.test", "manager@demo.test", "groomer@demo.test"))
        before = [self.unread(b) for b in (owner, manager, groomer)]

        self.allow_requests_outside_slots()  # 50 days ahead may fall on a closed day
        alice = self.customer("alice@demo.test")
        _, start = salon_time(50, 9)
        _, end = salon_time(50, 10)
        buddy = self.animal("Buddy")[0]
        r = alice.submit("/s/demo/account/appointments/new", {"animal_id": buddy, "start": start, "end": end, "comments": ""})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual([self.unread(b) for b in (owner, manager, groomer)], [before[0] + 1, before[1] + 1, before[2]])

        page = manager.get(NOTIFICATIONS)
        self.assertEqual(page.status, 200)
        text = page_text(page)
        self.assertRegex(text, r"New New request from Alice Martin for Buddy, \w+day \d+ \w+ \d{4}, 09:00")
        self.assertIn('href="/s/demo/admin/requests"', page.text)
        # The count is in the page without JavaScript, and reading the page marks nothing.
        self.assertRegex(page.text, r'data-bell-count>%d<' % (before[1] + 1))
        self.assertEqual(self.unread(manager), before[1] + 1)

        r = manager.submit(NOTIFICATIONS, {}, action=NOTIFICATIONS + "/read")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.header("Location").startswith(NOTIFICATIONS))
        self.assertEqual(self.unread(manager), 0)
        self.assertEqual(self.unread(owner), before[0] + 1)  # one person's reading is theirs alone
        self.assertIn("Mark all as read", page_text(owner.get(NOTIFICATIONS)))
        self.assertNotIn("Mark all as read", page_text(manager.get(NOTIFICATIONS)))

    def test_the_count_needs_a_staff_session(self):
        r = self.browser().get(COUNT)
        self.assertEqual(r.status, 303)
        self.assertEqual(self.customer("bob@demo.test").get(COUNT).status, 303)


if __name__ == "__main__":
    unittest.main()
