"""Customers' own changes with the salon in the loop, through the real SMTP server: cancel (in time and late,
with the fee on a draft invoice), reschedule to a free time, withdraw, the salon's approve and decline, the two
races (two approvals into one slot; a withdrawal against an approval), auto-approve, confirmation emails with
their .ics, bells, and another customer's ids answering 404."""
import re
import threading
import time
import unittest
from datetime import timedelta

from harness import PASSWORD, SalonTestCase, page_text
from test_booking import PARIS, TUESDAY, unix

INBOX = "/s/demo/admin/requests"
APPOINTMENTS = "/s/demo/account/appointments"


class ChangesCase(SalonTestCase):
    with_mail = True

    def only(self, sql, *args):
        rows = self.query(sql, *args)
        self.assertEqual(len(rows), 1, (sql, args, rows))
        return rows[0]

    def user_id(self, email):
        return self.only("SELECT id FROM users WHERE email = ?", email)[0]

    def sign_in(self, email, admin=False):
        b = self.browser()
        r = b.admin_sign_in(email) if admin else b.submit("/s/demo/login", {"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def appointment(self, animal, start, staff_email="groomer@demo.test", service="Bath & brush"):
        """A scheduled appointment written straight into the database, as the calendar would store it."""
        animal_id, customer_id = self.only("SELECT id, customer_id FROM animals WHERE name = ?", animal)
        service_id, minutes = self.only("SELECT id, duration_minutes FROM services WHERE name = ?", service)
        db = self.db()
        try:
            cur = db.execute("INSERT INTO appointments (customer_id, animal_id, service_id, staff_user_id, starts_at, ends_at, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?, ?, strftime('%s','now'), strftime('%s','now'))",
                             (customer_id, animal_id, service_id, self.user_id(staff_email), start, start + minutes * 60))
            db.commit()
            return cur.lastrowid
        finally:
            db.close()

    def late_start(self, animal, hours, staff_email="groomer@demo.test", service="Bath & brush"):
        """A start about `hours` from now (inside the 24 h cutoff) when neither the animal nor the groomer has a
        scheduled appointment: the demo books today's visits at fixed salon times, so "now + N hours" alone
        would meet them at some hours of the day."""
        animal_id = self.only("SELECT id FROM animals WHERE name = ?", animal)[0]
        minutes = self.only("SELECT duration_minutes FROM services WHERE name = ?", service)[0]
        staff_id = self.user_id(staff_email)
        start = (int(time.time()) + hours * 3600) // 900 * 900
        for _ in range(40):
            busy = self.only("SELECT count(*) FROM appointments WHERE status = 'scheduled' AND starts_at < ? AND ends_at > ? "
                             "AND (animal_id = ? OR staff_user_id = ?)", start + minutes * 60, start, animal_id, staff_id)[0]
            if not busy:
                return start
            start += 900
        self.fail("no free time for %s with %s near now + %d h" % (animal, staff_email, hours))

    def set_auto_approve(self, on):
        self.query("UPDATE change_policy SET auto_approve_changes = ?", 1 if on else 0)

    def cancel(self, browser, appointment_id, reason=""):
        return browser.submit(APPOINTMENTS, {"reason": reason}, action="%s/%d/cancel" % (APPOINTMENTS, appointment_id))

    def reschedule(self, browser, appointment_id, start_local, staff=""):
        page = "%s/%d/reschedule" % (APPOINTMENTS, appointment_id)
        return browser.submit(page, {"start": start_local, "staff_id": staff}, action=page)

    def change_of(self, appointment_id):
        return self.only("SELECT id, kind, status, late, fee_minor FROM change_requests WHERE appointment_id = ? ORDER BY id DESC LIMIT 1",
                         appointment_id)

    def bells(self, email):
        return [r[0] for r in self.query("SELECT n.message FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = ? "
                                         "ORDER BY n.id", email)]

    def ics_of(self, message):
        for part in message.iter_attachments():
            if part.get_content_type() == "text/calendar":
                return part.get_param("method"), part.get_payload(decode=True).decode("utf-8")
        self.fail("no calendar file in %r" % message["Subject"])

    def mail_about(self, to, subject_start, timeout=120):
        """The first email to `to` whose subject starts with `subject_start`, once delivered."""
        end = time.time() + timeout
        while time.time() < end:
            for m in list(self.mail.messages):
                if to in m["To"] and m["Subject"].startswith(subject_start):
                    return m
            time.sleep(0.05)
        self.fail("no email to %s starting %r (have: %s)" % (to, subject_start, [m["Subject"] for m in self.mail.messages]))

    def email_about(self, to, method, count):
        messages = self.mail.wait_for(to, count)
        found = [m for m in messages if any(p.get_content_type() == "text/calendar" and p.get_param("method") == method
                                            for p in m.iter_attachments())]
        self.assertTrue(found, [m["Subject"] for m in messages])
        return found[-1]


class CustomerAsksSalonDecides(ChangesCase):
    def test_an_in_time_cancel_waits_for_the_salon_then_cancels_with_an_email_and_a_cancel_calendar(self):
        start = unix(TUESDAY, "10:00")
        appointment = self.appointment("Buddy", start)
        alice = self.sign_in("alice@demo.test")
        page = page_text(alice.get(APPOINTMENTS))
        self.assertIn("Free cancellation until", page)
        self.assertNotIn("late-cancel fee", page)
        r = self.cancel(alice, appointment, "Buddy is unwell")
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(r.header("Location"), APPOINTMENTS + "?done=cancel_asked")
        change, kind, status, late, fee = self.change_of(appointment)
        self.assertEqual((kind, status, late, fee), ("cancel", "pending", 0, 0))
        self.assertIn("You asked to cancel this appointment.", page_text(alice.get(APPOINTMENTS)))
        self.assertTrue(any("asks to cancel Buddy" in b for b in self.bells("manager@demo.test")))
        self.assertTrue(any("asks to cancel Buddy" in b for b in self.bells("groomer@demo.test")))
        # A second ask on the same appointment waits for the first one.
        self.assertEqual(self.cancel(alice, appointment).status, 409)

        manager = self.sign_in("manager@demo.test", admin=True)
        inbox = page_text(manager.get(INBOX))
        self.assertIn("Change requests", inbox)
        self.assertIn("Buddy is unwell", inbox)
        before = len([m for m in self.mail.messages if "alice@demo.test" in m["To"]])
        r = manager.submit(INBOX, {}, action="/s/demo/admin/changes/%d/approve" % change)
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(self.only("SELECT status FROM appointments WHERE id = ?", appointment)[0], "cancelled")
        self.assertEqual(self.change_of(appointment)[2], "approved")
        self.assertEqual(self.only("SELECT decided_by FROM change_requests WHERE id = ?", change)[0], self.user_id("manager@demo.test"))
        message = self.email_about("alice@demo.test", "CANCEL", before + 1)
        method, ics = self.ics_of(message)
        self.assertIn("METHOD:CANCEL", ics)
        audit = self.only("SELECT action, detail FROM audit_log WHERE subject = ? AND action = 'change_approved'", "change:%d" % change)
        self.assertIn("before %d" % start, audit[1])
        # Answering again is a clear 409, and nothing changes.
        self.assertEqual(manager.submit(INBOX, {}, action="/s/demo/admin/changes/%d/approve" % change).status, 409)

    def test_a_reason_the_browser_let_through_at_1000_characters_with_line_breaks_is_taken(self):
        # A textarea counts each line break as one character against maxlength="1000" and sends it as CRLF.
        appointment = self.appointment("Luna", unix(TUESDAY + timedelta(days=44), "10:00"))
        alice = self.sign_in("alice@demo.test")
        typed = ("x" * 9 + "\n") * 99 + "y" * 10
        r = self.cancel(alice, appointment, typed.replace("\n", "\r\n"))
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(self.only("SELECT reason FROM change_requests WHERE appointment_id = ?", appointment), (typed,))

    def test_a_late_cancel_names_the_fee_first_freezes_it_and_puts_it_on_a_draft_invoice(self):
        appointment = self.appointment("Luna", self.late_start("Luna", 5))  # inside the 24 h cutoff
        alice = self.sign_in("alice@demo.test")
        card = page_text(alice.get(APPOINTMENTS))
        self.assertIn("cancelling now charges the late-cancel fee of €15.00", card)
        self.assertIn("can no longer be moved online", card)
        self.assertEqual(self.cancel(alice, appointment).status, 303)
        change, _, status, late, fee = self.change_of(appointment)
        self.assertEqual((status, late, fee), ("pending", 1, 1500))
        # The salon lowering its fee meanwhile changes nothing for a request already sent.
        self.query("UPDATE change_policy SET late_cancel_fee_minor = 500")
        drafts_before = self.only("SELECT count(*) FROM invoices i JOIN customers c ON c.id = i.customer_id "
                                  "WHERE c.email = 'alice@demo.test' AND i.status = 'draft'")[0]
        manager = self.sign_in("manager@demo.test", admin=True)
        self.assertIn("late-cancel fee of €15.00 applies", page_text(manager.get(INBOX)))
        self.assertEqual(manager.submit(INBOX, {}, action="/s/demo/admin/changes/%d/approve" % change).status, 303)
        self.query("UPDATE change_policy SET late_cancel_fee_minor = 1500")
        line = self.only("SELECT l.description, l.quantity, l.unit_price_minor, i.status FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
                         "JOIN customers c ON c.id = i.customer_id WHERE c.email = 'alice@demo.test' AND l.description LIKE 'Late cancellation%'")
        self.assertEqual(line, ("Late cancellation fee (Luna)", 1, 1500, "draft"))
        drafts_after = self.only("SELECT count(*) FROM invoices i JOIN customers c ON c.id = i.customer_id "
                                 "WHERE c.email = 'alice@demo.test' AND i.status = 'draft'")[0]
        self.assertEqual(drafts_after, drafts_before)  # her existing draft took the line

    def test_a_cancel_form_shown_while_free_charges_no_fee_it_did_not_name(self):
        appointment = self.appointment("Rex", self.late_start("Rex", 30))  # free to cancel for six more hours
        bob = self.sign_in("bob@demo.test")
        page = bob.get(APPOINTMENTS).text
        form = re.search(r'action="%s/%d/cancel".*?</form>' % (APPOINTMENTS, appointment), page, re.S).group(0)
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
        self.assertEqual(fields["fee_shown"], "0")
        # The salon moves the visit to this afternoon while Bob's page stays open; he then confirms.
        self.query("UPDATE appointments SET starts_at = ?, ends_at = ? + 3600 WHERE id = ?", self.late_start("Rex", 5), self.late_start("Rex", 5),
                   appointment)
        r = bob.post("%s/%d/cancel" % (APPOINTMENTS, appointment), dict(fields, reason=""))
        self.assertEqual(r.status, 409, page_text(r)[:300])
        self.assertIn("frais d’annulation tardive", page_text(r))
        self.assertEqual(self.query("SELECT count(*) FROM change_requests WHERE appointment_id = ?", appointment), [(0,)])
        # Shown again, the form names the fee; confirmed, the cancellation is asked with it.
        page = bob.get(APPOINTMENTS).text
        form = re.search(r'action="%s/%d/cancel".*?</form>' % (APPOINTMENTS, appointment), page, re.S).group(0)
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
        self.assertEqual(fields["fee_shown"], "1500")
        self.assertEqual(bob.post("%s/%d/cancel" % (APPOINTMENTS, appointment), dict(fields, reason="")).status, 303)
        self.assertEqual(self.change_of(appointment)[2:], ("pending", 1, 1500))

    def test_reschedule_inside_the_cutoff_is_not_offered_and_the_page_offers_cancel_instead(self):
        appointment = self.appointment("Buddy", self.late_start("Buddy", 6, staff_email="manager@demo.test"),
                                       staff_email="manager@demo.test")
        alice = self.sign_in("alice@demo.test")
        page = alice.get("%s/%d/reschedule" % (APPOINTMENTS, appointment))
        self.assertEqual(page.status, 200)
        text = page_text(page)
        self.assertIn("appointments can be moved online until 24 hours before they start", text)
        self.assertIn("Cancel instead", text)
        self.assertIn("late-cancel fee of €15.00", text)
        self.assertIn('action="%s/%d/cancel"' % (APPOINTMENTS, appointment), page.text)
        r = self.reschedule(alice, appointment, "%sT11:00" % TUESDAY.isoformat())
        self.assertEqual(r.status, 409)
        self.assertEqual(self.query("SELECT count(*) FROM change_requests WHERE appointment_id = ?", appointment)[0][0], 0)

    def test_a_reschedule_is_asked_then_withdrawn_and_the_salon_can_no_longer_answer_it(self):
        day = TUESDAY + timedelta(days=14)
        appointment = self.appointment("Buddy", unix(day, "10:00"))
        alice = self.sign_in("alice@demo.test")
        page = alice.get("%s/%d/reschedule?date=%s" % (APPOINTMENTS, appointment, day.isoformat()))
        self.assertEqual(page.status, 200)
        self.assertIn('value="%sT15:00"' % day.isoformat(), page.text)
        r = self.reschedule(alice, appointment, "%sT15:00" % day.isoformat(), self.user_id("groomer@demo.test"))
        self.assertEqual(r.status, 303, page_text(r)[:300])
        change = self.change_of(appointment)[0]
        self.assertEqual(self.only("SELECT asked_starts_at FROM change_requests WHERE id = ?", change)[0], unix(day, "15:00"))
        self.assertIn("You asked to move this appointment to", page_text(alice.get(APPOINTMENTS)))
        r = alice.submit(APPOINTMENTS, {}, action="/s/demo/account/changes/%d/withdraw" % change)
        self.assertEqual(r.status, 303)
        self.assertEqual(self.change_of(appointment)[2], "withdrawn")
        # The same button again (the back button): withdrawn, as asked, not "the salon has already answered".
        r = alice.submit(APPOINTMENTS, {}, action="/s/demo/account/changes/%d/withdraw" % change)
        self.assertEqual((r.status, r.header("Location")), (303, "/s/demo/account/appointments?done=withdrawn"), page_text(r)[:300])
        self.assertEqual(self.query("SELECT count(*) FROM audit_log WHERE action = 'change_withdrawn' AND subject = ?", "change:%d" % change),
                         [(1,)])
        manager = self.sign_in("manager@demo.test", admin=True)
        r = manager.submit(INBOX, {}, action="/s/demo/admin/changes/%d/approve" % change)
        self.assertEqual(r.status, 409)
        self.assertIn("The customer has withdrawn this request.", page_text(r))
        self.assertEqual(self.only("SELECT starts_at FROM appointments WHERE id = ?", appointment)[0], unix(day, "10:00"))

    def test_a_declined_change_leaves_the_appointment_and_the_portal_says_so(self):
        day = TUESDAY + timedelta(days=21)
        appointment = self.appointment("Rex", unix(day, "11:00"))
        bob = self.sign_in("bob@demo.test")
        self.assertEqual(self.cancel(bob, appointment).status, 303)
        change = self.change_of(appointment)[0]
        manager = self.sign_in("manager@demo.test", admin=True)
        r = manager.submit(INBOX, {"message": "Nous vous appelons", "confirm": "1"}, action="/s/demo/admin/changes/%d/decline" % change)
        self.assertEqual(r.status, 303)
        self.assertEqual(self.only("SELECT status FROM appointments WHERE id = ?", appointment)[0], "scheduled")
        self.assertEqual(self.change_of(appointment)[2], "declined")
        self.assertIn("Nous vous appelons", page_text(bob.get(APPOINTMENTS)))
        declined = self.mail_about("bob@demo.test", "Votre demande pour Rex")
        self.assertIn("Nous vous appelons", declined.get_body(preferencelist=("plain",)).get_content())
        self.assertEqual(list(declined.iter_attachments()), [])  # nothing changed: no calendar file
        self.assertEqual(self.query("SELECT count(*) FROM audit_log WHERE action = 'change_declined' AND subject = ?", "change:%d" % change)[0][0], 1)


    def test_the_salon_books_another_time_and_the_customer_accepts_it_from_the_portal(self):
        day = TUESDAY + timedelta(days=42)
        appointment = self.appointment("Mimi", unix(day, "10:00"))
        bob = self.sign_in("bob@demo.test")
        self.assertEqual(self.reschedule(bob, appointment, "%sT15:00" % day.isoformat(), self.user_id("groomer@demo.test")).status, 303)
        change = self.change_of(appointment)[0]
        manager = self.sign_in("manager@demo.test", admin=True)
        inbox = manager.get(INBOX)
        self.assertIn('action="/s/demo/admin/changes/%d/reschedule"' % change, inbox.text)
        r = manager.submit(INBOX, {"start": "%sT16:30" % day.isoformat(), "staff_user_id": self.user_id("manager@demo.test"),
                                   "message": "Chloé est prise"}, action="/s/demo/admin/changes/%d/reschedule" % change)
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(self.change_of(appointment)[2], "declined")
        page = bob.get(APPOINTMENTS)
        self.assertIn("Le salon propose plutôt le", page_text(page))
        proposal = self.only("SELECT id FROM proposed_times WHERE appointment_id = ? AND status = 'pending'", appointment)[0]
        proposed = self.mail_about("bob@demo.test", "Un autre horaire proposé pour Mimi")
        self.assertIn("16:30", proposed.get_body(preferencelist=("plain",)).get_content())
        before = len([m for m in self.mail.messages if "bob@demo.test" in m["To"]])
        r = bob.submit(APPOINTMENTS, {}, action="/s/demo/account/proposals/%d/accept" % proposal)
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(self.only("SELECT starts_at, staff_user_id FROM appointments WHERE id = ?", appointment),
                         (unix(day, "16:30"), self.user_id("manager@demo.test")))
        self.assertIn("METHOD:REQUEST", self.ics_of(self.email_about("bob@demo.test", "REQUEST", before + 1))[1])
        # Accepted once: a second answer finds nothing open.
        self.assertEqual(bob.submit(APPOINTMENTS, {}, action="/s/demo/account/proposals/%d/decline" % proposal).status, 404)

    def test_a_proposed_time_that_has_passed_is_not_offered_and_cannot_be_accepted(self):
        day = TUESDAY + timedelta(days=43)
        appointment = self.appointment("Mimi", unix(day, "10:00"))
        # The salon proposed yesterday morning; Bob answers only today.
        yesterday = int(time.time()) - 86400
        db = self.db()
        try:
            proposal = db.execute("INSERT INTO proposed_times (appointment_id, starts_at, ends_at, staff_user_id, created_at) VALUES (?, ?, ?, ?, ?)",
                                  (appointment, yesterday, yesterday + 3600, self.user_id("groomer@demo.test"), yesterday - 86400)).lastrowid
            db.commit()
        finally:
            db.close()
        bob = self.sign_in("bob@demo.test")
        self.assertNotIn("/proposals/%d/accept" % proposal, bob.get(APPOINTMENTS).text)
        r = bob.submit(APPOINTMENTS, {}, action="/s/demo/account/proposals/%d/accept" % proposal)
        self.assertEqual(r.status, 409, page_text(r)[:300])
        self.assertIn("plus libre", page_text(r))
        self.assertEqual(self.only("SELECT starts_at, status FROM appointments WHERE id = ?", appointment), (unix(day, "10:00"), "scheduled"))
        self.assertEqual(self.only("SELECT status FROM proposed_times WHERE id = ?", proposal), ("pending",))
        # Bob asks for another time; the salon can still propose one of its own, which replaces the lapsed one.
        self.assertEqual(self.reschedule(bob, appointment, "%sT15:00" % day.isoformat(), self.user_id("groomer@demo.test")).status, 303)
        change = self.change_of(appointment)[0]
        manager = self.sign_in("manager@demo.test", admin=True)
        r = manager.submit(INBOX, {"start": "%sT16:30" % day.isoformat(), "staff_user_id": self.user_id("manager@demo.test"), "message": ""},
                           action="/s/demo/admin/changes/%d/reschedule" % change)
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(self.only("SELECT status FROM proposed_times WHERE id = ?", proposal), ("withdrawn",))
        self.assertEqual(self.only("SELECT starts_at FROM proposed_times WHERE appointment_id = ? AND status = 'pending'", appointment),
                         (unix(day, "16:30"),))
        self.assertIn("/proposals/", bob.get(APPOINTMENTS).text)


class Races(ChangesCase):
    def race(self, calls):
        results = [None] * len(calls)
        barrier = threading.Barrier(len(calls))

        def run(i):
            barrier.wait()
            results[i] = calls[i]()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    def test_two_approvals_into_one_slot_one_moves_the_other_gets_409_and_stays_pending(self):
        day = TUESDAY + timedelta(days=28)
        chloe = self.user_id("groomer@demo.test")
        buddy = self.appointment("Buddy", unix(day, "09:00"))
        rex = self.appointment("Rex", unix(day, "11:00"))
        alice, bob = self.sign_in("alice@demo.test"), self.sign_in("bob@demo.test")
        target = "%sT15:00" % day.isoformat()
        self.assertEqual(self.reschedule(alice, buddy, target, chloe).status, 303)
        self.assertEqual(self.reschedule(bob, rex, target, chloe).status, 303)
        changes = [self.change_of(buddy)[0], self.change_of(rex)[0]]
        owner, manager = self.sign_in("owner@demo.test", admin=True), self.sign_in("manager@demo.test", admin=True)
        forms = [(b, b.csrf_token(INBOX), c) for b, c in zip((owner, manager), changes)]
        results = self.race([lambda b=b, t=t, c=c: b.post("/s/demo/admin/changes/%d/approve" % c, {"csrf_token": t}) for b, t, c in forms])
        self.assertEqual(sorted(r.status for r in results), [303, 409], [page_text(r)[:200] for r in results])
        statuses = sorted(self.only("SELECT status FROM change_requests WHERE id = ?", c)[0] for c in changes)
        self.assertEqual(statuses, ["approved", "pending"])
        loser = next(r for r in results if r.status == 409)
        self.assertIn("That time is no longer free", page_text(loser))
        self.assertEqual(self.only("SELECT count(*) FROM appointments WHERE staff_user_id = ? AND starts_at = ? AND status = 'scheduled'",
                                   chloe, unix(day, "15:00"))[0], 1)

    def test_a_withdrawal_racing_an_approval_exactly_one_happens(self):
        for i in range(3):
            day = TUESDAY + timedelta(days=35 + 7 * i)
            appointment = self.appointment("Luna", unix(day, "10:00"))
            alice = self.sign_in("alice@demo.test")
            self.assertEqual(self.cancel(alice, appointment).status, 303)
            change = self.change_of(appointment)[0]
            manager = self.sign_in("manager@demo.test", admin=True)
            mt, at = manager.csrf_token(INBOX), alice.csrf_token(APPOINTMENTS)
            results = self.race([lambda: manager.post("/s/demo/admin/changes/%d/approve" % change, {"csrf_token": mt}),
                                 lambda: alice.post("/s/demo/account/changes/%d/withdraw" % change, {"csrf_token": at})])
            self.assertEqual(sorted(r.status for r in results), [303, 409], [page_text(r)[:200] for r in results])
            status = self.only("SELECT status FROM change_requests WHERE id = ?", change)[0]
            appointment_status = self.only("SELECT status FROM appointments WHERE id = ?", appointment)[0]
            self.assertIn((status, appointment_status), [("approved", "cancelled"), ("withdrawn", "scheduled")])


class AutoApprove(ChangesCase):
    def test_a_reschedule_is_done_at_once_stored_as_automatic_with_a_request_calendar_and_bells(self):
        self.set_auto_approve(True)
        day = TUESDAY + timedelta(days=7)
        appointment = self.appointment("Buddy", unix(day, "09:30"))
        alice = self.sign_in("alice@demo.test")
        before = len([m for m in self.mail.messages if "alice@demo.test" in m["To"]])
        r = self.reschedule(alice, appointment, "%sT16:00" % day.isoformat(), "")
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(r.header("Location"), APPOINTMENTS + "?done=rescheduled")
        self.assertEqual(self.only("SELECT starts_at, status FROM appointments WHERE id = ?", appointment), (unix(day, "16:00"), "scheduled"))
        status, decided_by, automatic = self.only("SELECT status, decided_by, decided_automatically FROM change_requests WHERE appointment_id = ?",
                                                  appointment)
        self.assertEqual((status, decided_by, automatic), ("approved", None, 1))
        message = self.email_about("alice@demo.test", "REQUEST", before + 1)
        self.assertIn("METHOD:REQUEST", self.ics_of(message)[1])
        self.assertTrue(any("moved to" in b and "Buddy" in b for b in self.bells("manager@demo.test")))
        detail = self.only("SELECT detail FROM audit_log WHERE action = 'change_approved' AND actor_user_id IS NULL AND detail LIKE ?",
                           "reschedule, appointment:%d,%%" % appointment)[0]
        self.assertIn("automatic approval", detail)
        manager = self.sign_in("manager@demo.test", admin=True)
        self.assertIn("automatic approval", page_text(manager.get(INBOX)))

    def test_a_change_carried_out_at_once_and_sent_again_is_answered_as_the_first_time(self):
        # The back button or a double click sends the same form again after it was carried out at once.
        day = TUESDAY + timedelta(days=8)
        alice = self.sign_in("alice@demo.test")
        self.set_auto_approve(True)
        moved = self.appointment("Buddy", unix(day, "09:00"))
        for _ in range(2):
            r = self.reschedule(alice, moved, "%sT16:00" % day.isoformat(), self.user_id("groomer@demo.test"))
            self.assertEqual((r.status, r.header("Location")), (303, APPOINTMENTS + "?done=rescheduled"), page_text(r)[:300])
        self.assertEqual(self.query("SELECT status FROM change_requests WHERE appointment_id = ?", moved), [("approved",)])
        self.assertEqual(self.only("SELECT starts_at FROM appointments WHERE id = ?", moved)[0], unix(day, "16:00"))
        late = self.appointment("Luna", self.late_start("Luna", 3))
        fee_lines = ("SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN customers c ON c.id = i.customer_id "
                     "WHERE c.email = 'alice@demo.test' AND i.status = 'draft' AND l.unit_price_minor = 1500")
        fees = self.only(fee_lines)[0]
        for _ in range(2):
            r = self.cancel(alice, late)
            self.assertEqual((r.status, r.header("Location")), (303, APPOINTMENTS + "?done=cancelled"), page_text(r)[:300])
        self.assertEqual(self.query("SELECT status FROM change_requests WHERE appointment_id = ?", late), [("approved",)])
        self.assertEqual(self.only(fee_lines)[0], fees + 1)

    def test_a_late_cancel_is_cancelled_at_once_with_the_fee_and_reschedule_stays_blocked(self):
        self.set_auto_approve(True)
        appointment = self.appointment("Rex", self.late_start("Rex", 3))
        bob = self.sign_in("bob@demo.test")
        self.assertEqual(self.reschedule(bob, appointment, "%sT10:00" % TUESDAY.isoformat()).status, 409)
        r = self.cancel(bob, appointment)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), APPOINTMENTS + "?done=cancelled")
        self.assertEqual(self.only("SELECT status FROM appointments WHERE id = ?", appointment)[0], "cancelled")
        self.assertEqual(self.only("SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN customers c "
                                   "ON c.id = i.customer_id WHERE c.email = 'bob@demo.test' AND i.status = 'draft' AND l.unit_price_minor = 1500")[0], 1)


class OtherCustomers(ChangesCase):
    def test_another_customers_appointment_and_change_answer_404_and_change_nothing(self):
        day = TUESDAY + timedelta(days=49)
        appointment = self.appointment("Rex", unix(day, "10:00"))
        bob = self.sign_in("bob@demo.test")
        self.assertEqual(self.cancel(bob, appointment).status, 303)
        change = self.change_of(appointment)[0]
        alice = self.sign_in("alice@demo.test")
        self.assertEqual(self.cancel(alice, appointment).status, 404)
        self.assertEqual(alice.get("%s/%d/reschedule" % (APPOINTMENTS, appointment)).status, 404)
        self.assertEqual(self.reschedule(alice, appointment, "%sT15:00" % day.isoformat()).status, 404)
        r = alice.submit(APPOINTMENTS, {}, action="/s/demo/account/changes/%d/withdraw" % change)
        self.assertEqual(r.status, 404)
        self.assertEqual(self.change_of(appointment)[2], "pending")


if __name__ == "__main__":
    unittest.main()
