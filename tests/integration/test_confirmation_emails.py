"""Confirmation emails with a calendar file: approving a request, a staff member booking, moving or cancelling an
appointment emails its customer in their language through a real SMTP server, with an .ics whose UID stays the
same across the appointment's life while its SEQUENCE grows, times in UTC; "don't notify" sends nothing; the email
log names the attachment. A request sent from the portal is acknowledged, without a calendar file."""
import unittest
from datetime import datetime, timezone

import test_admin_requests as requests_tests
from harness import MailSink, page_text

PARIS = requests_tests.PARIS
INBOX = requests_tests.INBOX
NEW = "/s/demo/admin/appointments/new"
salon_time = requests_tests.salon_time


def utc_stamp(unix):
    return datetime.fromtimestamp(unix, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def parse_ics(text):
    """{property name: (parameters, value)} of an iCalendar text, folding undone (RFC 5545 3.1); checks CRLF and
    the 75-octet limit on the way."""
    raw = text.encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF in the calendar"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
    props = {}
    for line in text.replace("\r\n ", "").split("\r\n"):
        if not line:
            continue
        name_and_params, _, value = line.partition(":")
        name, _, params = name_and_params.partition(";")
        if name in ("BEGIN", "END"):
            props.setdefault(name, []).append(value)
        else:
            assert name not in props, "%s twice" % name
            props[name] = (params, value)
    return props


class ConfirmationEmails(requests_tests.RequestsTestCase):
    """With the real SMTP server and the helpers of the requests inbox's tests."""

    def outbox_count(self, to):
        return self.only_row("SELECT count(*) FROM outbox WHERE to_address = ?", to)[0]

    def next_email(self, to, before):
        """The one email that the last change enqueued for `to`, who had `before` in the outbox, once delivered."""
        self.assertEqual(self.outbox_count(to), before + 1)  # enqueued with the change: exactly one more
        return self.mail.wait_for(to, before + 1)[before]

    def calendar_of(self, message, filename, method):
        attachments = list(message.iter_attachments())
        self.assertEqual(len(attachments), 1)
        ics = attachments[0]
        self.assertEqual(ics.get_filename(), filename)
        self.assertEqual(ics.get_content_type(), "text/calendar")
        self.assertEqual(ics.get_param("method"), method)
        return parse_ics(ics.get_payload(decode=True).decode("utf-8"))

    def edit_fields(self, appointment_id, **changes):
        """The edit form's fields as stored, with `changes`."""
        animal, service, staff, comments, notes = self.only_row(
            "SELECT animal_id, coalesce(service_id, ''), coalesce(staff_user_id, ''), comments, internal_notes FROM appointments WHERE id = ?",
            appointment_id)
        start, end = self.only_row("SELECT starts_at, ends_at FROM appointments WHERE id = ?", appointment_id)
        local = lambda t: datetime.fromtimestamp(t, PARIS).strftime("%Y-%m-%dT%H:%M")
        fields = {"animal_id": animal, "service_id": service, "staff_user_id": staff, "start": local(start), "end": local(end),
                  "comments": comments, "internal_notes": notes}
        fields.update(changes)
        return fields

    def test_bob_hears_in_french_of_the_approval_the_move_and_the_cancellation_of_one_appointment(self):
        start, _ = salon_time(40, 10)
        request_id = self.add_request("Rex", start, start + 5400)
        manager = self.staff("manager@demo.test")
        chloe = self.user_id("groomer@demo.test")
        before = self.outbox_count("bob@demo.test")

        r = manager.submit(INBOX, {"staff_user_id": chloe, "service_id": ""}, action="%s/%d/approve" % (INBOX, request_id))
        self.assertEqual(r.status, 303, page_text(r))
        appointment_id = self.only_row("SELECT appointment_id FROM appointment_requests WHERE id = ?", request_id)[0]
        approved = self.next_email("bob@demo.test", before)
        self.assertIn("Rendez-vous confirmé pour Rex chez Happy Paws Grooming", approved["Subject"])
        body = MailSink.text_of(approved)
        when = datetime.fromtimestamp(start, PARIS)
        self.assertIn("10:00 – 11:30", body)
        self.assertIn("Avec : Chloé", body)
        # The salon's address and phone once each, in the footer, not again beside the time.
        self.assertEqual(body.count("12 rue des Lilas"), 1, body)
        self.assertEqual(body.count("+33 1 23 45 67 89"), 1, body)
        self.assertIn("Où : Happy Paws Grooming\r\n", body)
        self.assertLess(body.index("Avec : Chloé"), body.index("12 rue des Lilas"))
        html = approved.get_body(preferencelist=("html",)).get_content()
        self.assertEqual(html.count("12 rue des Lilas"), 1, html)
        self.assertEqual(html.count("+33 1 23 45 67 89"), 1, html)
        first = self.calendar_of(approved, "rendez-vous.ics", "REQUEST")
        self.assertEqual(first["METHOD"][1], "REQUEST")
        uid = first["UID"][1]
        self.assertRegex(uid, r"^appointment-%d-[0-9a-f]{16}@salonbox$" % appointment_id)
        self.assertEqual(first["DTSTART"][1], utc_stamp(start))
        self.assertEqual(first["DTEND"][1], utc_stamp(start + 5400))
        self.assertEqual(first["STATUS"][1], "CONFIRMED")
        self.assertEqual(first["LOCATION"][1], "12 rue des Lilas\\n75011 Paris")
        self.assertIn("Happy Paws Grooming", first["SUMMARY"][1])
        self.assertEqual(first["ORGANIZER"][1], "mailto:hello@demo.test")  # where the salon reads replies
        self.assertEqual(first["ATTENDEE"][1], "mailto:bob@demo.test")
        self.assertEqual(first["BEGIN"], ["VCALENDAR", "VEVENT"])

        # Marc moves it to the afternoon of the next day and to himself.
        new_start, new_start_text = salon_time(41, 15, 15)
        _, new_end_text = salon_time(41, 16, 45)
        edit = "/s/demo/admin/appointments/%d/edit" % appointment_id
        form = manager.get(edit)
        self.assertIn('name="notify" type="checkbox" value="1" checked', form.text)
        r = manager.submit(edit, self.edit_fields(appointment_id, start=new_start_text, end=new_end_text,
                                                  staff_user_id=self.user_id("manager@demo.test"), notify="1"))
        self.assertEqual(r.status, 303, page_text(r))
        moved = self.next_email("bob@demo.test", before + 1)
        self.assertIn("Nouvel horaire pour Rex", moved["Subject"])
        body = MailSink.text_of(moved)
        self.assertIn("15:15 – 16:45", body)
        self.assertIn("Avec : Marc Petit", body)
        self.assertRegex(body, r"Au lieu de : \w+ %d(er)? \w+ %d, 10:00" % (when.day, when.year))
        second = self.calendar_of(moved, "rendez-vous.ics", "REQUEST")
        self.assertEqual(second["UID"][1], uid)
        self.assertGreater(int(second["SEQUENCE"][1]), int(first["SEQUENCE"][1]))
        self.assertEqual(second["DTSTART"][1], utc_stamp(new_start))

        # And cancels it.
        r = manager.submit(edit, {"notify": "1", "confirm": "1"}, action="/s/demo/admin/appointments/%d/cancel" % appointment_id)
        self.assertEqual(r.status, 303, page_text(r))
        cancelled = self.next_email("bob@demo.test", before + 2)
        self.assertIn("Rendez-vous annulé pour Rex", cancelled["Subject"])
        third = self.calendar_of(cancelled, "rendez-vous.ics", "CANCEL")
        self.assertEqual(third["METHOD"][1], "CANCEL")
        self.assertEqual(third["STATUS"][1], "CANCELLED")
        self.assertEqual(third["UID"][1], uid)
        self.assertGreater(int(third["SEQUENCE"][1]), int(second["SEQUENCE"][1]))

        # The email log lists the three, each with its calendar file.
        log = page_text(manager.get("/s/demo/admin/email-log"))
        self.assertGreaterEqual(log.count("Attached: rendez-vous.ics"), 3)

    def test_a_booking_by_the_team_reaches_alice_in_english_at_the_salon_time_she_was_given(self):
        # A day after the next change of clocks, if one is near, checks the UTC conversion across it.
        start, start_text = salon_time(60, 9, 30)
        _, end_text = salon_time(60, 10, 30)
        buddy = self.only_row("SELECT id FROM animals WHERE name = 'Buddy'")[0]
        bath = self.only_row("SELECT id FROM services WHERE name = 'Bath & brush'")[0]
        before = self.outbox_count("alice@demo.test")
        manager = self.staff("manager@demo.test")
        self.assertIn('name="notify" type="checkbox" value="1" checked', manager.get(NEW).text)
        r = manager.submit(NEW, {"animal_id": buddy, "service_id": bath, "staff_user_id": self.user_id("groomer@demo.test"),
                                 "start": start_text, "end": end_text, "comments": "", "internal_notes": "Bites", "notify": "1"})
        self.assertEqual(r.status, 303, page_text(r))
        booked = self.next_email("alice@demo.test", before)
        self.assertIn("Appointment booked for Buddy at Happy Paws Grooming", booked["Subject"])
        body = MailSink.text_of(booked)
        self.assertIn("Service: Bath & brush", body)
        self.assertIn("Groomer: Chloé", body)
        self.assertIn("09:30 – 10:30", body)
        self.assertNotIn("Bites", body)
        ics = self.calendar_of(booked, "appointment.ics", "REQUEST")
        self.assertEqual(ics["DTSTART"][1], utc_stamp(start))
        self.assertTrue(ics["SUMMARY"][1].startswith("Bath & brush (Buddy)"))
        self.assertEqual(ics["SEQUENCE"][1], "0")

    def test_bob_reads_the_service_in_french_in_the_email_and_its_calendar_file(self):
        start, start_text = salon_time(61, 11)
        _, end_text = salon_time(61, 11, 15)
        rex = self.only_row("SELECT id FROM animals WHERE name = 'Rex'")[0]
        nails = self.only_row("SELECT id FROM services WHERE name = 'Nail trim'")[0]
        before = self.outbox_count("bob@demo.test")
        manager = self.staff("manager@demo.test")
        r = manager.submit(NEW, {"animal_id": rex, "service_id": nails, "staff_user_id": self.user_id("groomer@demo.test"),
                                 "start": start_text, "end": end_text, "comments": "", "internal_notes": "", "notify": "1"})
        self.assertEqual(r.status, 303, page_text(r))
        booked = self.next_email("bob@demo.test", before)
        body = MailSink.text_of(booked)
        self.assertIn("Coupe des griffes", body)
        self.assertNotIn("Nail trim", body)
        self.assertIn("Coupe des griffes", booked.get_body(preferencelist=("html",)).get_content())
        ics = self.calendar_of(booked, "rendez-vous.ics", "REQUEST")
        self.assertTrue(ics["SUMMARY"][1].startswith("Coupe des griffes (Rex)"), ics["SUMMARY"])

    def test_unchecking_notify_sends_nothing_and_a_change_of_notes_only_sends_nothing_either(self):
        start, start_text = salon_time(50, 14)
        _, end_text = salon_time(50, 15)
        luna = self.only_row("SELECT id FROM animals WHERE name = 'Luna'")[0]
        manager = self.staff("manager@demo.test")
        before = self.outbox_count("alice@demo.test")
        r = manager.submit(NEW, {"animal_id": luna, "service_id": "", "staff_user_id": self.user_id("groomer@demo.test"),
                                 "start": start_text, "end": end_text})
        self.assertEqual(r.status, 303, page_text(r))
        appointment_id = self.only_row("SELECT id FROM appointments WHERE animal_id = ? AND starts_at = ?", luna, start)[0]
        edit = "/s/demo/admin/appointments/%d/edit" % appointment_id
        _, later_text = salon_time(50, 16)
        _, later_end_text = salon_time(50, 17)
        r = manager.submit(edit, self.edit_fields(appointment_id, start=later_text, end=later_end_text))
        self.assertEqual(r.status, 303, page_text(r))
        r = manager.submit(edit, self.edit_fields(appointment_id, internal_notes="Calm", notify="1"))
        self.assertEqual(r.status, 303, page_text(r))
        r = manager.submit(edit, {"confirm": "1"}, action="/s/demo/admin/appointments/%d/cancel" % appointment_id)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.only_row("SELECT status FROM appointments WHERE id = ?", appointment_id)[0], "cancelled")
        # The email is enqueued in the transaction of the change: nothing in the outbox means nothing sent.
        self.assertEqual(self.outbox_count("alice@demo.test"), before)

    def test_a_request_from_the_portal_is_acknowledged_without_a_calendar_file(self):
        self.allow_requests_outside_slots()  # 45 days ahead may fall on a closed day
        start, start_text = salon_time(45, 9)
        _, end_text = salon_time(45, 10)
        mimi = self.only_row("SELECT id FROM animals WHERE name = 'Mimi'")[0]
        before = self.outbox_count("bob@demo.test")
        r = self.customer("bob@demo.test").submit("/s/demo/account/appointments/new",
                                                  {"animal_id": mimi, "start": start_text, "end": end_text, "comments": ""})
        self.assertEqual(r.status, 303, page_text(r))
        received = self.next_email("bob@demo.test", before)
        self.assertIn("Demande reçue pour Mimi chez Happy Paws Grooming", received["Subject"])
        body = MailSink.text_of(received)
        self.assertIn("Rien n’est encore réservé", body)
        self.assertIn("09:00 – 10:00", body)
        self.assertEqual(list(received.iter_attachments()), [])

    def test_a_customer_without_an_email_address_is_skipped(self):
        self.query("UPDATE customers SET email = NULL WHERE first_name = 'Carol'")
        carol = self.only_row("SELECT id FROM customers WHERE first_name = 'Carol'")[0]
        self.query("INSERT INTO animals (customer_id, name, species_id, created_at) "
                   "VALUES (?, 'Pippa', (SELECT id FROM species WHERE code = 'dog'), 0)", carol)
        pippa = self.only_row("SELECT id FROM animals WHERE name = 'Pippa'")[0]
        before = self.only_row("SELECT count(*) FROM outbox")[0]
        _, start_text = salon_time(55, 11)
        _, end_text = salon_time(55, 12)
        r = self.staff("manager@demo.test").submit(NEW, {"animal_id": pippa, "service_id": "", "staff_user_id": self.user_id("groomer@demo.test"),
                                      "start": start_text, "end": end_text, "notify": "1"})
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.only_row("SELECT count(*) FROM outbox")[0], before)


if __name__ == "__main__":
    unittest.main()
