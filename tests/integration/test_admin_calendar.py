"""The admin calendar: day and week views in salon time with internal notes, appointments created and edited by
staff, overlaps refused by the database (also under concurrent posts), time changes, and who may change what."""
import os
import re
import sqlite3
import threading
import unittest
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from harness import SalonTestCase, page_text

import html as html_module


def column_html(page, name):
    """The HTML of the day grid's column headed `name`."""
    m = re.search(r'<section class="grid-column" aria-labelledby="(column-\d+)">\s*<div class="grid-head">\s*<h2 id="\1">%s</h2>(.*?)</section>'
                  % re.escape(html_module.escape(name, quote=False)), page, re.S)
    assert m, "no column %s" % name
    return m.group(2)


def html_text(fragment):
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

PARIS = ZoneInfo("Europe/Paris")
NEW = "/s/demo/admin/appointments/new"


def paris_day(offset_days):
    return (datetime.now(PARIS).date() + timedelta(days=offset_days)).isoformat()


def paris_ts(local_iso):
    return int(datetime.fromisoformat(local_iso).replace(tzinfo=PARIS).timestamp())


def after_next_dst_change():
    """A Tuesday two days after the next change of Paris's UTC offset, so it has the other offset than today."""
    day = datetime.now(PARIS).date()
    offset = datetime(day.year, day.month, day.day, 12, tzinfo=PARIS).utcoffset()
    while datetime(day.year, day.month, day.day, 12, tzinfo=PARIS).utcoffset() == offset:
        day += timedelta(days=1)
    return (day + timedelta(days=2)).isoformat()


class CalendarTestCase(SalonTestCase):
    def signed_in(self, email):
        b = self.browser()
        r = b.admin_sign_in(email)
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def ids(self):
        return {
            "chloe": self.one("SELECT id FROM users WHERE email = 'groomer@demo.test'"),
            "marc": self.one("SELECT id FROM users WHERE email = 'manager@demo.test'"),
            **{name.lower(): self.one("SELECT id FROM animals WHERE name = ?", name) for name in ("Buddy", "Luna", "Rex", "Mimi")},
            "full_groom": self.one("SELECT id FROM services WHERE name = 'Full groom'"),
            "bath": self.one("SELECT id FROM services WHERE name = 'Bath & brush'"),
        }

    def create(self, b, **fields):
        data = {"animal_id": "", "service_id": "", "staff_user_id": "", "start": "", "end": "", "comments": "", "internal_notes": ""}
        data.update({k: str(v) for k, v in fields.items()})
        return b.submit(NEW, data, action=NEW)

    def field_error(self, r, field):
        m = re.search(r'<p class="field-error" id="%s-error">([^<]*)</p>' % field, r.text)
        return m.group(1) if m else None

    def count(self):
        return self.one("SELECT count(*) FROM appointments")


class Views(CalendarTestCase):
    def test_day_view_shows_the_upcoming_appointment_by_groomer_in_salon_time_with_internal_notes(self):
        b = self.signed_in("manager@demo.test")
        starts = self.one("SELECT starts_at FROM appointments WHERE comments = 'Please bring the special shampoo'")
        day = datetime.fromtimestamp(starts, PARIS).date()
        r = b.get("/s/demo/admin/appointments?day=%s" % day.isoformat())
        self.assertEqual(r.status, 200)
        text = page_text(r)
        self.assertIn("%s %d %s %d" % (day.strftime("%A"), day.day, day.strftime("%B"), day.year), text)
        # Chloé's column holds it, at 14:00 Paris time whatever the UTC offset, as a block of six quarter-hour rows
        # from the grid's first hour (09:00 on the days the salon opens, else 08:00); Marc's column is empty, and
        # no column is shown for nobody.
        chloe = column_html(r.text, "Chloé")
        self.assertIn("14:00 – 15:30 Planned Buddy · Alice Martin · Full groom", html_text(chloe))
        first_hour = 9 if day.isoweekday() in (2, 3, 4, 5, 6) else 8
        self.assertIn('class="block at-%d span-6"' % ((14 - first_hour) * 4 + 1), chloe)
        self.assertIn("For the customer: Please bring the special shampoo", text)
        self.assertIn("Internal: Nervous with the dryer, muzzle for nails", text)
        self.assertNotIn("Unassigned", text)
        self.assertTrue(html_text(column_html(r.text, "Marc Petit")).startswith("No appointment."))
        appointment = self.one("SELECT id FROM appointments WHERE comments = 'Please bring the special shampoo'")
        self.assertIn('href="/s/demo/admin/appointments/%d/edit"' % appointment, chloe)
        # The contract's parameter is `date`, with the same page.
        self.assertEqual(html_text(column_html(b.get("/s/demo/admin/appointments?date=%s&view=day" % day.isoformat()).text, "Chloé")),
                         html_text(chloe))

        # The week view lists the seven days from Monday, with the appointment on its day.
        week = page_text(b.get("/s/demo/admin/appointments?view=week&day=%s" % day.isoformat()))
        monday = day - timedelta(days=day.weekday())
        self.assertIn("Week of Monday %d %s %d" % (monday.day, monday.strftime("%B"), monday.year), week)
        for i in range(7):
            d = monday + timedelta(days=i)
            self.assertIn("%s %d %s %d" % (d.strftime("%A"), d.day, d.strftime("%B"), d.year), week)
        self.assertRegex(week, r"%s %d %s %d 14:00 – 15:30 Planned Buddy · Alice Martin · Full groom Chloé" % (
            day.strftime("%A"), day.day, day.strftime("%B"), day.year))

        # Filtered on Marc, the day shows only his (empty) column; the previous/next links keep the filter.
        marc = self.ids()["marc"]
        only_marc = b.get("/s/demo/admin/appointments?day=%s&staff=%d" % (day.isoformat(), marc))
        self.assertNotIn("Buddy", page_text(only_marc))
        self.assertIn("date=%s&amp;staff=%d" % ((day + timedelta(days=1)).isoformat(), marc), only_marc.text)
        # Every link the calendar makes carries the contract's `date`; `day` above is only still understood.
        for page in (r, only_marc, b.get("/s/demo/admin/appointments?view=week&date=%s" % day.isoformat())):
            self.assertNotRegex(page.text, r"[?&;]day=")
        self.assertIn('href="/s/demo/admin/appointments/new?date=%s"' % day.isoformat(), r.text)
        new_form = b.get("/s/demo/admin/appointments/new?date=%s" % day.isoformat())
        self.assertIn('value="%sT09:00"' % day.isoformat(), new_form.text)
        self.assertIn('value="%sT09:00"' % day.isoformat(), b.get("/s/demo/admin/appointments/new?day=%s" % day.isoformat()).text)

    def test_a_time_typed_after_the_next_dst_change_is_stored_as_that_wall_clock_time(self):
        b = self.signed_in("manager@demo.test")
        ids = self.ids()
        day = after_next_dst_change()
        r = self.create(b, animal_id=ids["luna"], service_id=ids["bath"], staff_user_id=ids["chloe"], start=day + "T10:00")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/admin/appointments?date=%s&done=saved" % day)
        starts, ends, customer = self.query("SELECT starts_at, ends_at, customer_id FROM appointments WHERE animal_id = ? AND starts_at > ?",
                                            ids["luna"], paris_ts(day + "T00:00"))[0]
        self.assertEqual(starts, paris_ts(day + "T10:00"))
        self.assertEqual(ends - starts, 60 * 60)  # the service's duration
        self.assertEqual(customer, self.one("SELECT id FROM customers WHERE email = 'alice@demo.test'"))  # Luna's owner
        text = page_text(b.get(r.header("Location")))
        self.assertIn("The appointment has been saved.", text)
        self.assertIn("10:00 – 11:00 Planned Luna · Alice Martin · Bath & brush", text)

    def test_bad_input_is_shown_next_to_its_field_and_kept(self):
        b = self.signed_in("manager@demo.test")
        ids = self.ids()
        day = paris_day(40)
        before = self.count()
        cases = [
            ({"animal_id": "abc", "start": day + "T10:00", "end": day + "T11:00"}, "animal_id", "Choose an animal"),
            ({"animal_id": ids["rex"], "start": day + "T10:00", "end": ""}, "end", "Enter the end, or choose a service"),
            ({"animal_id": ids["rex"], "start": day + "T10:00", "end": day + "T09:00"}, "end", "The end must be after the start."),
            ({"animal_id": ids["rex"], "start": day + "T08:00", "end": day + "T20:30"}, "end", "at most 12 hours"),
            ({"animal_id": ids["rex"], "start": "tomorrow 10h", "end": day + "T11:00"}, "start", "Enter a date and time"),
            ({"animal_id": ids["rex"], "service_id": "999", "start": day + "T10:00"}, "service_id", "Choose a service"),
            ({"animal_id": ids["rex"], "staff_user_id": "999", "start": day + "T10:00", "end": day + "T11:00"}, "staff_user_id", "active member"),
            # A NUL (%00) was stored as typed, into the comments the customer reads.
            ({"animal_id": ids["rex"], "start": day + "T10:00", "end": day + "T11:00", "comments": "Sham\x00poo"}, "comments", "control characters"),
            ({"animal_id": ids["rex"], "start": day + "T10:00", "end": day + "T11:00", "internal_notes": "Bi\x00tes"}, "internal_notes",
             "control characters"),
        ]
        for fields, field, message in cases:
            r = self.create(b, **fields)
            self.assertEqual(r.status, 422, fields)
            self.assertIn(message, self.field_error(r, field) or "", fields)
            self.assertIn('aria-invalid="true"', r.text)
        r = self.create(b, animal_id=ids["rex"], start=day + "T10:00", end="", comments="Keep me", internal_notes="And me")
        self.assertIn(">Keep me</textarea>", r.text)
        self.assertIn(">And me</textarea>", r.text)
        self.assertIn('value="%sT10:00"' % day, r.text)
        self.assertRegex(r.text, r'<option value="%d" selected>Rex \(Bob Durand\)</option>' % ids["rex"])
        self.assertEqual(self.count(), before)
        # Staff may record the past.
        past = paris_day(-3)
        r = self.create(b, animal_id=ids["rex"], start=past + "T10:00", end=past + "T10:30")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.count(), before + 1)


class Roles(CalendarTestCase):
    def test_the_groomer_sees_everything_but_changes_only_her_own_appointments(self):
        manager = self.signed_in("manager@demo.test")
        groomer = self.signed_in("groomer@demo.test")
        ids = self.ids()
        day = paris_day(12)
        r = self.create(manager, animal_id=ids["rex"], staff_user_id=ids["marc"], start=day + "T09:00", end=day + "T10:00",
                        internal_notes="Marc's client")
        self.assertEqual(r.status, 303, page_text(r))
        marcs = self.one("SELECT id FROM appointments WHERE internal_notes = 'Marc''s client'")

        # Her calendar opens on her own column; everyone's shows Marc's appointment, without an edit link.
        own = groomer.get("/s/demo/admin/appointments?day=" + day)
        self.assertEqual(own.status, 200)
        self.assertNotIn("Marc's client", own.text)
        self.assertEqual(re.findall(r'<h2 id="column-\d+">([^<]*)</h2>', own.text), ["Chloé"])
        page = groomer.get("/s/demo/admin/appointments?staff=all&day=" + day)
        self.assertEqual(page.status, 200)
        self.assertIn("Rex · Bob Durand Interne : Marc's client", page_text(page))  # Chloé reads French
        self.assertNotIn("/appointments/%d/edit" % marcs, page.text)
        # And every way to change it is forbidden.
        token = groomer.csrf_token(NEW)
        self.assertEqual(groomer.get("/s/demo/admin/appointments/%d/edit" % marcs).status, 403)
        edit = groomer.post("/s/demo/admin/appointments/%d/edit" % marcs, {
            "csrf_token": token, "animal_id": ids["rex"], "staff_user_id": ids["chloe"], "start": day + "T11:00", "end": day + "T12:00"})
        self.assertEqual(edit.status, 403)
        for action in ("cancel", "complete"):
            self.assertEqual(groomer.post("/s/demo/admin/appointments/%d/%s" % (marcs, action), {"csrf_token": token}).status, 403)
        # Nobody chosen: the appointment still gets a groomer, the least busy one free then (Chloé, who has
        # nothing that day), and so it is hers to change.
        anyone = self.create(manager, animal_id=ids["mimi"], start=day + "T14:00", end=day + "T15:00", internal_notes="anyone's")
        self.assertEqual(anyone.status, 303, page_text(anyone))
        hers = self.query("SELECT id, staff_user_id FROM appointments WHERE internal_notes = 'anyone''s'")[0]
        self.assertEqual(hers[1], ids["chloe"])
        self.assertEqual(groomer.get("/s/demo/admin/appointments/%d/edit" % hers[0]).status, 200)
        # An unassigned appointment kept from before that rule is nobody's: shown, but not hers to change.
        nobodys = self.insert_legacy_unassigned(self.one("SELECT customer_id FROM animals WHERE id = ?", ids["mimi"]), ids["mimi"],
                                                paris_ts(day + "T16:00"), paris_ts(day + "T17:00"), "nobody's")
        self.assertIn("Sans attribution", page_text(groomer.get("/s/demo/admin/appointments?staff=all&day=" + day)))  # Chloé reads French
        self.assertEqual(groomer.get("/s/demo/admin/appointments/%d/edit" % nobodys).status, 403)
        self.assertEqual(groomer.post("/s/demo/admin/appointments/%d/cancel" % nobodys, {"csrf_token": token}).status, 403)
        self.assertEqual(self.query("SELECT staff_user_id, starts_at, status FROM appointments WHERE id = ?", marcs),
                         [(ids["marc"], paris_ts(day + "T09:00"), "scheduled")])

        # She creates her own: assigned to her whatever the form says.
        r = self.create(groomer, animal_id=ids["buddy"], staff_user_id=ids["marc"], start=day + "T09:00", end=day + "T09:45",
                        internal_notes="Chloé's own")
        self.assertEqual(r.status, 303, page_text(r))
        mine = self.query("SELECT id, staff_user_id FROM appointments WHERE internal_notes = 'Chloé''s own'")[0]
        self.assertEqual(mine[1], ids["chloe"])
        self.assertEqual(groomer.get("/s/demo/admin/appointments/%d/edit" % mine[0]).status, 200)
        done = groomer.post("/s/demo/admin/appointments/%d/complete" % mine[0], {"csrf_token": token})
        self.assertEqual(done.status, 303)
        self.assertEqual(self.one("SELECT status FROM appointments WHERE id = ?", mine[0]), "completed")
        # Managers change anyone's.
        self.assertEqual(manager.get("/s/demo/admin/appointments/%d/edit" % mine[0]).status, 200)


class Overlaps(CalendarTestCase):
    def test_overlaps_are_refused_with_whose_appointment_it_is_until_the_first_is_cancelled(self):
        manager = self.signed_in("manager@demo.test")
        ids = self.ids()
        upcoming, starts = self.query("SELECT id, starts_at FROM appointments WHERE comments = 'Please bring the special shampoo'")[0]
        day = datetime.fromtimestamp(starts, PARIS).date().isoformat()  # Chloé with Buddy, 14:00-15:30
        before = self.count()

        same_groomer = {"animal_id": ids["rex"], "staff_user_id": ids["chloe"], "start": day + "T15:00", "end": day + "T16:00"}
        r = self.create(manager, **same_groomer)
        self.assertEqual(r.status, 409)
        self.assertIn("Chloé already has an appointment then", self.field_error(r, "start"))
        self.assertIn('value="%sT15:00"' % day, r.text)  # the form is kept

        same_animal = {"animal_id": ids["buddy"], "staff_user_id": ids["marc"], "start": day + "T14:30", "end": day + "T15:00"}
        r = self.create(manager, **same_animal)
        self.assertEqual(r.status, 409)
        self.assertIn("Buddy already has an appointment then", self.field_error(r, "start"))
        self.assertEqual(self.count(), before)

        # Moving another appointment onto it is refused the same way.
        bobs = self.one("SELECT id FROM appointments WHERE animal_id = ? AND status = 'scheduled'", ids["mimi"])
        moved = manager.submit("/s/demo/admin/appointments/%d/edit" % bobs, {
            "animal_id": ids["mimi"], "staff_user_id": ids["chloe"], "start": day + "T14:15", "end": day + "T14:30"})
        self.assertEqual(moved.status, 409)
        self.assertIn("Chloé already has an appointment then", self.field_error(moved, "start"))
        self.assertNotEqual(self.one("SELECT starts_at FROM appointments WHERE id = ?", bobs), paris_ts(day + "T14:15"))

        r = manager.submit("/s/demo/admin/appointments/%d/edit" % upcoming, {"confirm": "1"}, action="/s/demo/admin/appointments/%d/cancel" % upcoming)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/admin/appointments?date=%s&done=cancelled" % day)
        self.assertEqual(self.one("SELECT status FROM appointments WHERE id = ?", upcoming), "cancelled")
        self.assertIn("Cancelled", page_text(manager.get(r.header("Location"))))
        # A cancelled appointment is closed: it is neither cancelled again nor completed, and its form offers neither.
        form = manager.get("/s/demo/admin/appointments/%d/edit" % upcoming)
        self.assertNotIn("/appointments/%d/cancel" % upcoming, form.text)
        self.assertNotIn("/appointments/%d/complete" % upcoming, form.text)
        token = manager.csrf_token("/s/demo/admin/appointments/%d/edit" % upcoming)
        for action in ("cancel", "complete"):
            again = manager.post("/s/demo/admin/appointments/%d/%s" % (upcoming, action), {"csrf_token": token})
            self.assertEqual(again.status, 409)
            self.assertIn("already closed", page_text(again))
        self.assertEqual(self.one("SELECT status FROM appointments WHERE id = ?", upcoming), "cancelled")

        for fields in (same_groomer, same_animal):
            r = self.create(manager, **fields)
            self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.count(), before + 2)

    def test_a_form_opened_before_someone_else_cancelled_the_appointment_saves_nothing_and_says_why(self):
        manager, owner = self.signed_in("manager@demo.test"), self.signed_in("owner@demo.test")
        ids = self.ids()
        day = paris_day(45)
        r = self.create(manager, animal_id=ids["luna"], staff_user_id=ids["marc"], start=day + "T10:00", end=day + "T11:00")
        self.assertEqual(r.status, 303, page_text(r))
        appointment = self.one("SELECT max(id) FROM appointments")
        edit = "/s/demo/admin/appointments/%d/edit" % appointment
        form = manager.get(edit).text
        fields = {name: value for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)}
        fields.update({"animal_id": ids["luna"], "staff_user_id": ids["marc"], "service_id": "", "start": day + "T16:00",
                       "end": day + "T17:00", "comments": "", "internal_notes": "", "notify": "1"})
        emails = self.one("SELECT count(*) FROM outbox")

        r = owner.submit(edit, {"confirm": "1"}, action="/s/demo/admin/appointments/%d/cancel" % appointment)
        self.assertEqual(r.status, 303, page_text(r))
        # The manager saves the move she typed before the cancellation: it once moved the cancelled appointment
        # and answered "saved", so she believed Luna booked at 16:00.
        r = manager.post(edit, fields)
        self.assertEqual(r.status, 409, page_text(r))
        self.assertIn("changed this appointment’s status while you were editing it", page_text(r))
        self.assertIn('value="%sT16:00"' % day, r.text)  # what she typed is kept
        self.assertEqual(self.query("SELECT status, starts_at FROM appointments WHERE id = ?", appointment),
                         [("cancelled", paris_ts(day + "T10:00"))])
        self.assertEqual(self.one("SELECT count(*) FROM outbox"), emails)
        # The form she now has knows the appointment is cancelled: saving it again corrects the record.
        fields.update(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', r.text))
        r = manager.post(edit, fields)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT status, starts_at FROM appointments WHERE id = ?", appointment),
                         [("cancelled", paris_ts(day + "T16:00"))])

    def test_eight_simultaneous_bookings_of_one_groomer_leave_exactly_one(self):
        ids = self.ids()
        day = paris_day(20)
        animals = [ids["buddy"], ids["luna"], ids["rex"], ids["mimi"]]
        browsers = [self.signed_in("manager@demo.test") for _ in range(8)]
        tokens = [b.csrf_token(NEW) for b in browsers]
        barrier = threading.Barrier(8)
        results = [None] * 8

        def book(i):
            barrier.wait()
            results[i] = browsers[i].post(NEW, {
                "csrf_token": tokens[i], "animal_id": animals[i % 4], "staff_user_id": ids["chloe"], "service_id": "",
                "start": day + "T10:%02d" % (i * 5), "end": day + "T11:%02d" % (i * 5), "comments": "", "internal_notes": "race"})

        threads = [threading.Thread(target=book, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [303] + [409] * 7)
        for r in results:
            if r.status == 409:
                self.assertIn("Chloé already has an appointment then", self.field_error(r, "start"))
        self.assertEqual(self.one("SELECT count(*) FROM appointments WHERE internal_notes = 'race'"), 1)


class StaffPlacement(CalendarTestCase):
    """The calendar books through the staff slot placement: any hour the salon chooses, the groomer's time
    re-checked, a groomer picked for "anyone"."""

    def sunday(self, weeks_ahead):
        d = datetime.now(PARIS).date() + timedelta(weeks=weeks_ahead)
        return (d + timedelta(days=(6 - d.weekday()) % 7)).isoformat()

    def test_a_closed_day_is_bookable_and_a_taken_time_is_refused_next_to_the_start(self):
        ids = self.ids()
        b = self.signed_in("manager@demo.test")
        day = self.sunday(7)
        first = self.create(b, animal_id=ids["buddy"], staff_user_id=ids["chloe"], start=day + "T07:00", end=day + "T08:00", internal_notes="placed")
        self.assertEqual(first.status, 303, page_text(first))
        before = self.count()
        taken = self.create(b, animal_id=ids["luna"], staff_user_id=ids["chloe"], start=day + "T07:30", end=day + "T08:30")
        self.assertEqual(taken.status, 409)
        self.assertEqual(self.field_error(taken, "start"), "Chloé already has an appointment then. Choose another time.")
        self.assertEqual(self.count(), before)

    def test_anyone_gets_the_free_groomer_and_a_time_nobody_has_free_is_refused(self):
        ids = self.ids()
        b = self.signed_in("manager@demo.test")
        day = self.sunday(8)
        r = self.create(b, animal_id=ids["buddy"], staff_user_id=ids["chloe"], start=day + "T10:00", end=day + "T11:00")
        self.assertEqual(r.status, 303, page_text(r))
        r = self.create(b, animal_id=ids["luna"], staff_user_id="any", start=day + "T10:00", end=day + "T11:00", internal_notes="anyone-1")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.one("SELECT staff_user_id FROM appointments WHERE internal_notes = 'anyone-1'"), ids["marc"])
        before = self.count()
        r = self.create(b, animal_id=ids["rex"], staff_user_id="any", start=day + "T10:30", end=day + "T11:30")
        self.assertEqual(r.status, 409)
        self.assertEqual(self.field_error(r, "start"), "No groomer is free then. Choose another time.")
        self.assertIn('<option value="any" selected>', r.text)
        self.assertEqual(self.count(), before)


if __name__ == "__main__":
    unittest.main()
