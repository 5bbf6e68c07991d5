"""Destructive actions ask first: cancelling an appointment, archiving a customer, disabling portal access, deleting
an invoice line, issuing an invoice and declining a request or a change each have a confirmation page (a GET) that
states the consequence; the action's POST does nothing without the page's `confirm=1` (an old form or a replay
shows the page again); a cancellation emails the customer the reason when "Notify the customer" stays ticked.
Archiving and disabling portal access are for managers and owners. Another salon's ids are 404s."""
import os
import re
import sqlite3
import unittest

import test_admin_requests as requests_tests
from harness import MailSink, page_text

NEW = "/s/demo/admin/appointments/new"
ADMIN = "/s/demo/admin"
salon_time = requests_tests.salon_time


class ConfirmSteps(requests_tests.RequestsTestCase):
    @classmethod
    def prepare_data(cls):
        # Salon "other", a copy of demo holding records whose ids demo does not have.
        dst = cls.copy_demo_salon()
        cur = dst.execute("INSERT INTO customers (id, first_name, last_name, email, created_at) "
                          "VALUES ((SELECT max(id) + 100 FROM customers), 'Olga', 'Other', 'olga@other.test', strftime('%s', 'now'))")
        cls.other_customer = cur.lastrowid
        dst.commit()
        dst.close()

    # --- helpers ---
    def outbox_count(self, to):
        return self.only_row("SELECT count(*) FROM outbox WHERE to_address = ?", to)[0]

    def book(self, manager, animal, days_ahead, hour, staff_email="groomer@demo.test"):
        """A new appointment for `animal` booked by the team without an email; its id."""
        start, start_text = salon_time(days_ahead, hour)
        _, end_text = salon_time(days_ahead, hour + 1)
        animal_id = self.animal(animal)[0]
        r = manager.submit(NEW, {"animal_id": animal_id, "service_id": "", "staff_user_id": self.user_id(staff_email),
                                 "start": start_text, "end": end_text})
        self.assertEqual(r.status, 303, page_text(r))
        return self.only_row("SELECT id FROM appointments WHERE animal_id = ? AND starts_at = ?", animal_id, start)[0]

    def assert_confirmation_page(self, r, action, consequence):
        """`r` is the confirmation page: its consequence in words and a form posting `confirm=1` to `action`."""
        self.assertEqual(r.status, 200, page_text(r))
        self.assertIn(consequence, page_text(r))
        form = re.search(r'<form method="post" action="%s".*?</form>' % re.escape(action), r.text, re.S)
        self.assertIsNotNone(form, "no form posting to %s" % action)
        self.assertIn('name="confirm" value="1"', form.group(0))
        self.assertIn('class="button danger"', form.group(0))
        return form.group(0)

    # --- cancelling an appointment ---
    def test_cancelling_asks_first_and_the_customer_gets_the_reason(self):
        manager = self.staff("manager@demo.test")
        appointment = self.book(manager, "Luna", 30, 10)
        edit = "%s/appointments/%d/edit" % (ADMIN, appointment)
        cancel = "%s/appointments/%d/cancel" % (ADMIN, appointment)
        # The appointment's page links to the step; it holds no form that cancels at once.
        page = manager.get(edit).text
        self.assertIn('href="%s"' % cancel, page)
        self.assertNotIn('action="%s"' % cancel, page)

        form = self.assert_confirmation_page(manager.get(cancel), cancel, "The appointment of Luna (Alice Martin)")
        self.assertIn('name="reason"', form)
        self.assertIn('name="notify" type="checkbox" value="1" checked', form)

        # The old one-step form, replayed: the page again, nothing cancelled, nobody emailed.
        before = self.outbox_count("alice@demo.test")
        r = manager.submit(edit, {"notify": "1", "reason": "Replayed"}, action=cancel)
        self.assert_confirmation_page(r, cancel, "will be cancelled")
        self.assertIn(">Replayed</textarea>", r.text)
        self.assertEqual(self.only_row("SELECT status FROM appointments WHERE id = ?", appointment)[0], "scheduled")
        self.assertEqual(self.outbox_count("alice@demo.test"), before)

        # A reason longer than the limit comes back with the form; still nothing cancelled.
        r = manager.submit(cancel, {"notify": "1", "reason": "x" * 1001, "confirm": "1"})
        self.assertEqual(r.status, 422)
        self.assertIn('aria-invalid="true"', r.text)
        self.assertEqual(self.only_row("SELECT status FROM appointments WHERE id = ?", appointment)[0], "scheduled")

        reason = "Chloé is ill today, we are so sorry"
        r = manager.submit(cancel, {"notify": "1", "reason": reason, "confirm": "1"})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.only_row("SELECT status FROM appointments WHERE id = ?", appointment)[0], "cancelled")
        message = self.mail_to("alice@demo.test", lambda t: reason in t)
        self.assertIn("Luna", message["Subject"])
        self.assertIn(reason, MailSink.text_of(message))
        self.only_row("SELECT 1 FROM audit_log WHERE action = 'appointment_cancelled' AND subject = ? AND detail LIKE ?",
                      "appointment:%d" % appointment, "%" + reason + "%")
        # Cancelled, it has no confirmation step any more.
        self.assertEqual(manager.get(cancel).status, 409)

    def test_a_groomer_reaches_the_step_of_their_own_appointments_only(self):
        manager = self.staff("manager@demo.test")
        groomer = self.staff("groomer@demo.test")
        mine = self.book(manager, "Rex", 31, 10)
        theirs = self.book(manager, "Mimi", 31, 14, staff_email="manager@demo.test")
        self.assertEqual(groomer.get("%s/appointments/%d/cancel" % (ADMIN, mine)).status, 200)
        self.assertEqual(groomer.get("%s/appointments/%d/cancel" % (ADMIN, theirs)).status, 403)
        r = groomer.submit("%s/appointments/%d/edit" % (ADMIN, mine), {"confirm": "1"},
                           action="%s/appointments/%d/cancel" % (ADMIN, theirs))
        self.assertEqual(r.status, 403)
        self.assertEqual(self.only_row("SELECT status FROM appointments WHERE id = ?", theirs)[0], "scheduled")

    # --- archiving a customer, disabling portal access ---
    def test_archiving_and_disabling_portal_access_are_for_managers_after_the_step(self):
        groomer = self.staff("groomer@demo.test")
        owner = self.staff("owner@demo.test")
        carol = self.only_row("SELECT id FROM customers WHERE email = 'carol@demo.test'")[0]
        bob = self.only_row("SELECT id FROM customers WHERE email = 'bob@demo.test'")[0]
        archive = "%s/customers/%d/archive" % (ADMIN, carol)
        disable = "%s/customers/%d/portal/disable" % (ADMIN, bob)

        # A groomer sees neither action and is refused both, page and POST.
        page = groomer.get("%s/customers/%d" % (ADMIN, bob)).text
        self.assertNotIn("/archive", page)
        self.assertNotIn("/portal/disable", page)
        for path in (archive, disable):
            with self.subTest(path=path):
                self.assertEqual(groomer.get(path).status, 403)
                self.assertEqual(groomer.submit("%s/customers" % ADMIN, {"confirm": "1"}, action=path).status, 403)
        self.assertEqual(self.only_row("SELECT archived_at IS NULL FROM customers WHERE id = ?", carol)[0], 1)

        # The owner: the customer page links to both steps, which say what happens.
        page = owner.get("%s/customers/%d" % (ADMIN, bob)).text
        self.assertIn('href="%s"' % disable, page)
        self.assertIn('href="%s/customers/%d/archive"' % (ADMIN, bob), page)
        self.assert_confirmation_page(owner.get(archive), archive, "Carol White disappears from the customer lists")
        self.assert_confirmation_page(owner.get(disable), disable, "Bob Durand can no longer sign in to the portal")

        # Without the confirmation nothing happens; with it, it does.
        bob_portal = self.customer("bob@demo.test")
        self.assert_confirmation_page(owner.submit(archive, {}), archive, "disappears")
        self.assert_confirmation_page(owner.submit(disable, {}), disable, "can no longer sign in")
        self.assertEqual(self.only_row("SELECT archived_at IS NULL FROM customers WHERE id = ?", carol)[0], 1)
        self.assertEqual(bob_portal.get("/s/demo/account").status, 200)

        self.assertEqual(owner.submit(archive, {"confirm": "1"}).status, 303)
        self.assertEqual(self.only_row("SELECT archived_at IS NOT NULL FROM customers WHERE id = ?", carol)[0], 1)
        self.assertEqual(owner.submit(disable, {"confirm": "1"}).status, 303)
        self.assertEqual(bob_portal.get("/s/demo/account").status, 303)

    def test_another_salons_customer_is_unknown_here(self):
        owner = self.staff("owner@demo.test")
        for path in ("archive", "portal/disable"):
            url = "%s/customers/%d/%s" % (ADMIN, self.other_customer, path)
            with self.subTest(path=path):
                self.assertEqual(owner.get(url).status, 404)
                self.assertEqual(owner.submit("%s/customers" % ADMIN, {"confirm": "1"}, action=url).status, 404)
        other = sqlite3.connect(os.path.join(self.data, "salons", "other.db"))
        try:
            self.assertEqual(other.execute("SELECT archived_at FROM customers WHERE id = ?", (self.other_customer,)).fetchone(), (None,))
        finally:
            other.close()

    # --- declining a request or a change ---
    def test_declining_a_request_asks_first_and_carries_the_message(self):
        start, _ = salon_time(25, 9)
        request_id = self.add_request("Rex", start, start + 1800)
        manager = self.staff("manager@demo.test")
        decline = "%s/requests/%d/decline" % (ADMIN, request_id)
        self.assertIn('href="%s"' % decline, manager.get(INBOX).text)
        form = self.assert_confirmation_page(manager.get(decline), decline, "Bob Durand's request for Rex")
        self.assertIn('name="message"', form)

        r = manager.submit(INBOX, {"message": "Plus de place ce jour-là"}, action=decline)
        self.assert_confirmation_page(r, decline, "will be declined")
        self.assertIn(">Plus de place ce jour-là</textarea>", r.text)
        self.assertEqual(self.only_row("SELECT status FROM appointment_requests WHERE id = ?", request_id)[0], "pending")

        r = manager.submit(decline, {"message": "Plus de place ce jour-là", "confirm": "1"})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.only_row("SELECT status, decision_message FROM appointment_requests WHERE id = ?", request_id),
                         ("declined", "Plus de place ce jour-là"))
        # Answered, the step is no longer offered: the inbox says who answered.
        self.assertEqual(manager.get(decline).status, 409)

    def test_declining_a_change_asks_first(self):
        manager = self.staff("manager@demo.test")
        appointment = self.book(manager, "Buddy", 33, 11)
        db = self.db()
        try:
            change = db.execute("INSERT INTO change_requests (appointment_id, kind, previous_starts_at, created_at) "
                                "SELECT id, 'cancel', starts_at, strftime('%s', 'now') FROM appointments WHERE id = ?",
                                (appointment,)).lastrowid
            db.commit()
        finally:
            db.close()
        decline = "%s/changes/%d/decline" % (ADMIN, change)
        self.assertIn('href="%s"' % decline, manager.get(INBOX).text)
        self.assert_confirmation_page(manager.get(decline), decline, "Alice Martin asked to cancel Buddy's appointment")
        r = manager.submit(INBOX, {"message": "Sorry"}, action=decline)
        self.assert_confirmation_page(r, decline, "Declining keeps the appointment")
        self.assertEqual(self.only_row("SELECT status FROM change_requests WHERE id = ?", change)[0], "pending")
        self.assertEqual(manager.submit(decline, {"message": "Sorry", "confirm": "1"}).status, 303)
        self.assertEqual(self.only_row("SELECT status FROM change_requests WHERE id = ?", change)[0], "declined")
        self.assertEqual(self.only_row("SELECT status FROM appointments WHERE id = ?", appointment)[0], "scheduled")

    # --- invoices: deleting a line, issuing ---
    def test_deleting_a_line_and_issuing_ask_first(self):
        manager = self.staff("manager@demo.test")
        draft = self.only_row("SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id "
                              "WHERE c.email = 'alice@demo.test' AND i.status = 'draft'")[0]
        page_url = "%s/invoices/%d" % (ADMIN, draft)
        r = manager.submit(page_url, {"description": "Nail trim", "quantity": "1", "unit_price": "12.00", "tax_rate": "20"},
                           action=page_url + "/lines")
        self.assertEqual(r.status, 303, page_text(r))
        line = self.only_row("SELECT id FROM invoice_lines WHERE invoice_id = ? AND description = 'Nail trim'", draft)[0]
        delete = "%s/lines/%d/delete" % (page_url, line)
        page = manager.get(page_url).text
        self.assertIn('href="%s"' % delete, page)
        self.assertNotIn('action="%s"' % delete, page)
        self.assert_confirmation_page(manager.get(delete), delete, "The line “Nail trim” (€12.00) will be removed")
        self.assert_confirmation_page(manager.submit(page_url, {}, action=delete), delete, "will be removed")
        self.assertEqual(len(self.query("SELECT 1 FROM invoice_lines WHERE id = ?", line)), 1)
        self.assertEqual(manager.submit(delete, {"confirm": "1"}).status, 303)
        self.assertEqual(self.query("SELECT 1 FROM invoice_lines WHERE id = ?", line), [])

        # Issuing: the page's options lead to the step, which keeps them; only the confirmed POST issues.
        issue = page_url + "/issue"
        self.assertIn('<form method="get" action="%s"' % issue, manager.get(page_url).text)
        form = self.assert_confirmation_page(manager.get(issue + "?chosen=1"), issue, "The invoice for Alice Martin")
        self.assertIn('name="email_customer" type="checkbox" value="1" aria', form)  # left unticked on the invoice page
        step = manager.get(issue)
        form = self.assert_confirmation_page(step, issue, "gets the next number")
        self.assertIn('name="email_customer" type="checkbox" value="1" checked', form)
        self.assertIn("The PDF goes to alice@demo.test,", page_text(step))
        self.assert_confirmation_page(manager.submit(page_url, {"email_customer": "1"}, action=issue), issue, "becomes final")
        self.assertEqual(self.only_row("SELECT status, number FROM invoices WHERE id = ?", draft), ("draft", None))
        before = self.outbox_count("alice@demo.test")
        self.assertEqual(manager.submit(issue, {"confirm": "1"}).status, 303)
        self.assertEqual(self.only_row("SELECT status FROM invoices WHERE id = ?", draft)[0], "issued")
        self.assertEqual(self.outbox_count("alice@demo.test"), before)  # the box was not ticked on the confirmed form
        # Issued, neither step applies any more.
        self.assertEqual(manager.get(issue).status, 409)
        self.assertEqual(manager.get(delete).status, 404)


INBOX = requests_tests.INBOX

if __name__ == "__main__":
    unittest.main()
