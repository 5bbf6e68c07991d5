"""The front desk: the demo's work for today, the calendar's day grid (columns, free cells, hours), and the
dashboard as today's page, for each role."""
import html
import re
import unittest
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from harness import SalonTestCase, page_text

PARIS = ZoneInfo("Europe/Paris")
CALENDAR = "/s/demo/admin/appointments"


def paris_today():
    return datetime.now(PARIS).date()


class DemoToday(SalonTestCase):
    def test_the_demo_has_two_scheduled_appointments_today_for_the_two_groomers(self):
        today = paris_today()
        midnight = int(datetime(today.year, today.month, today.day, tzinfo=PARIS).timestamp())
        tomorrow = today + timedelta(days=1)
        next_midnight = int(datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=PARIS).timestamp())
        rows = self.query("SELECT an.name, u.email, a.status, a.starts_at, a.ends_at FROM appointments a JOIN animals an ON an.id = a.animal_id "
                          "JOIN users u ON u.id = a.staff_user_id WHERE a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at",
                          midnight, next_midnight)
        self.assertEqual([(r[0], r[1], r[2]) for r in rows],
                         [("Biscuit", "groomer@demo.test", "scheduled"), ("Pepper", "manager@demo.test", "scheduled")])
        # Inside the opening hours (09:00-18:00, lunch 12:30-13:30 on Saturday).
        for _, _, _, starts, ends in rows:
            start, end = datetime.fromtimestamp(starts, PARIS), datetime.fromtimestamp(ends, PARIS)
            self.assertGreaterEqual(start.hour, 9)
            self.assertLessEqual((end.hour, end.minute), (12, 30) if start.hour < 12 else (18, 0))
        # Carol owns them: a customer without a portal account, as before.
        self.assertEqual(self.query("SELECT count(*) FROM users WHERE email = 'carol@demo.test'"), [(0,)])


def weekday_ahead(iso_weekday, at_least):
    day = paris_today() + timedelta(days=at_least)
    while day.isoweekday() != iso_weekday:
        day += timedelta(days=1)
    return day


def columns(page):
    return re.findall(r'<h2 id="column-\d+">([^<]*)</h2>', page)


def column(page, name):
    m = re.search(r'<h2 id="(column-\d+)">%s</h2>(.*?)</section>' % re.escape(name), page, re.S)
    assert m, "no column %s" % name
    return m.group(2)


def cell_links(fragment):
    """(time, off hours?) of each free cell link of a column."""
    return [(t, "off-hours" in c) for c, t in re.findall(r'<a class="cell([^"]*)" href="[^"]*T(\d\d:\d\d)&amp;staff=\d+">', fragment)]


class DayGrid(SalonTestCase):
    def signed_in(self, email):
        b = self.browser()
        self.assertEqual(b.admin_sign_in(email).status, 303)
        return b

    def ids(self):
        return {email: self.one("SELECT id FROM users WHERE email = ?", email) for email in ("groomer@demo.test", "manager@demo.test")}

    def book(self, b, **fields):
        data = {"animal_id": self.one("SELECT id FROM animals WHERE name = 'Rex'"), "service_id": "", "staff_user_id": "", "comments": "",
                "internal_notes": ""}
        data.update(fields)
        r = b.submit(CALENDAR + "/new", data, action=CALENDAR + "/new")
        self.assertEqual(r.status, 303, page_text(r))

    def test_one_column_per_groomer_with_a_link_in_every_free_quarter_hour_of_the_opening_hours(self):
        manager = self.signed_in("manager@demo.test")
        ids = self.ids()
        tuesday = weekday_ahead(2, 14)
        page = manager.get("%s?date=%s&view=day" % (CALENDAR, tuesday)).text
        # Chloé and Marc take bookings; the owner does not, and has no column.
        self.assertEqual(columns(page), ["Chloé", "Marc Petit"])
        self.assertEqual(re.findall(r'<li class="at-\d+ span-4">(\d\d:00)</li>', page), ["%02d:00" % h for h in range(9, 18)])
        chloe = cell_links(column(page, "Chloé"))
        self.assertEqual([t for t, _ in chloe], ["%02d:%02d" % (h, m) for h in range(9, 18) for m in (0, 15, 30, 45)])
        self.assertFalse(any(off for _, off in chloe))
        self.assertIn('href="%s/new?start=%sT09:00&amp;staff=%d"' % (CALENDAR, tuesday, ids["groomer@demo.test"]), page)

        # An evening appointment for Marc widens the grid to 20:00 and takes its quarter hours; the time after
        # the hours is still offered, drawn apart.
        self.book(manager, staff_user_id=ids["manager@demo.test"], start="%sT19:00" % tuesday, end="%sT19:30" % tuesday)
        page = manager.get("%s?date=%s&view=day" % (CALENDAR, tuesday)).text
        self.assertEqual(re.findall(r'<li class="at-\d+ span-4">(\d\d:00)</li>', page)[-1], "19:00")
        marc = column(page, "Marc Petit")
        self.assertIn('class="block at-41 span-2 short"', marc)
        marc_cells = dict(cell_links(marc))
        self.assertNotIn("19:00", marc_cells)
        self.assertNotIn("19:15", marc_cells)
        self.assertEqual((marc_cells["18:00"], marc_cells["19:30"], marc_cells["17:45"]), (True, True, False))

    def test_appointments_without_a_groomer_get_a_column_without_links_and_past_days_offer_nothing(self):
        manager = self.signed_in("manager@demo.test")
        wednesday = weekday_ahead(3, 14)
        # Kept from before every appointment had a groomer (the calendar's form now always assigns one).
        rex, bob = self.query("SELECT id, customer_id FROM animals WHERE name = 'Rex'")[0]
        at = lambda hour: int(datetime.fromisoformat("%sT%s" % (wednesday, hour)).replace(tzinfo=PARIS).timestamp())
        self.insert_legacy_unassigned(bob, rex, at("10:00"), at("11:00"), "nobody's")
        page = manager.get("%s?date=%s" % (CALENDAR, wednesday)).text
        self.assertEqual(columns(page), ["Chloé", "Marc Petit", "Unassigned"])
        unassigned = column(page, "Unassigned")
        self.assertIn("Rex · Bob Durand", page_text_of(unassigned))
        self.assertNotIn('class="cell', unassigned)

        past = paris_today() - timedelta(days=7)
        page = manager.get("%s?date=%s" % (CALENDAR, past)).text
        self.assertEqual(columns(page), ["Chloé", "Marc Petit"])
        self.assertNotIn('class="cell', page)

    def test_a_closed_day_shows_08_to_19_with_every_cell_outside_the_hours(self):
        manager = self.signed_in("manager@demo.test")
        monday = weekday_ahead(1, 14)
        page = manager.get("%s?date=%s" % (CALENDAR, monday)).text
        self.assertEqual(re.findall(r'<li class="at-\d+ span-4">(\d\d:00)</li>', page), ["%02d:00" % h for h in range(8, 19)])
        chloe = cell_links(column(page, "Chloé"))
        self.assertEqual(len(chloe), 11 * 4)
        self.assertTrue(all(off for _, off in chloe))

    def test_a_groomer_starts_on_her_own_column_and_may_show_everyone(self):
        groomer = self.signed_in("groomer@demo.test")
        tuesday = weekday_ahead(2, 14)
        self.assertEqual(columns(groomer.get("%s?date=%s" % (CALENDAR, tuesday)).text), ["Chloé"])
        everyone = groomer.get("%s?date=%s&staff=all" % (CALENDAR, tuesday)).text
        self.assertEqual(columns(everyone), ["Chloé", "Marc Petit"])
        # Moving a day keeps her choice; a manager starts on everyone.
        self.assertIn("&amp;staff=all", re.search(r'<a class="button" href="([^"]*)" rel="next">', everyone).group(1))
        self.assertEqual(columns(self.signed_in("manager@demo.test").get("%s?date=%s" % (CALENDAR, tuesday)).text), ["Chloé", "Marc Petit"])

    def test_today_is_marked_and_its_appointments_are_in_their_columns(self):
        manager = self.signed_in("manager@demo.test")
        page = manager.get(CALENDAR).text
        self.assertIn('aria-current="date"', page)
        self.assertIn("Biscuit · Carol White · Full groom", page_text_of(column(page, "Chloé")))
        self.assertIn("Pepper · Carol White · Bath & brush", page_text_of(column(page, "Marc Petit")))


def main_html(page):
    return page.split('<main id="main" class="page">', 1)[1].split("</main>", 1)[0]


class DashboardCase(SalonTestCase):
    def signed_in(self, email, language="en"):
        b = self.browser(accept_language=language)
        self.assertEqual(b.admin_sign_in(email).status, 303)
        return b

    def todays(self, animal):
        return self.one("SELECT a.id FROM appointments a JOIN animals an ON an.id = a.animal_id WHERE an.name = ? AND a.starts_at >= ? "
                        "ORDER BY a.starts_at LIMIT 1", animal, int(datetime(*paris_today().timetuple()[:3], tzinfo=PARIS).timestamp()))


class Dashboard(DashboardCase):
    def test_managers_see_today_in_order_with_its_actions_the_requests_and_what_is_unpaid(self):
        page = self.signed_in("manager@demo.test").get("/s/demo/admin")
        self.assertEqual(page.status, 200)
        main = main_html(page.text)
        text = page_text_of(main)
        biscuit, pepper = self.todays("Biscuit"), self.todays("Pepper")
        self.assertRegex(text, r"Today 10:00 – 11:30 Planned Biscuit · Carol White · Full groom Chloé .*"
                               r"14:00 – 15:00 Planned Pepper · Carol White · Bath & brush Marc Petit")
        for appointment in (biscuit, pepper):
            self.assertIn('action="/s/demo/admin/appointments/%d/complete"' % appointment, main)
            self.assertIn('href="/s/demo/admin/appointments/%d/edit"' % appointment, main)
            self.assertIn('href="/s/demo/admin/invoices/new?appointment=%d"' % appointment, main)
        # Bob's pending request, answered here.
        request = self.one("SELECT id FROM appointment_requests WHERE status = 'pending'")
        self.assertIn('action="/s/demo/admin/requests/%d/approve"' % request, main)
        self.assertIn('action="/s/demo/admin/requests/%d/decline"' % request, main)
        self.assertIn("Rex · Bob Durand", text)
        # What is owed: Alice's issued invoice, the only unpaid one, is also the oldest.
        unpaid = self.one("SELECT id FROM invoices WHERE number IS NOT NULL AND customer_id = (SELECT id FROM customers WHERE email = 'alice@demo.test') "
                          "AND id NOT IN (SELECT invoice_id FROM payments)")
        self.assertIn("1 unpaid, €62.40 in all", text)
        self.assertIn('href="/s/demo/admin/invoices/%d"' % unpaid, main)
        # Every count is a link to where it is handled.
        counts = re.findall(r'<li class="stat"><a href="([^"]+)"><span class="stat-value">([^<]+)</span>', main)
        self.assertEqual([href.split("?")[0] for href, _ in counts],
                         ["/s/demo/admin/appointments", "/s/demo/admin/appointments", "/s/demo/admin/requests", "/s/demo/admin/invoices",
                          "/s/demo/admin/customers"])
        self.assertEqual(counts[0][1], "2")
        self.assertEqual(counts[2][1], "1")
        self.assertEqual(counts[3], ("/s/demo/admin/invoices?status=unpaid", "€62.40"))

    def test_a_groomer_sees_her_own_day_and_nothing_she_cannot_open(self):
        page = self.signed_in("groomer@demo.test", "fr").get("/s/demo/admin")
        main = main_html(page.text)
        text = page_text_of(main)
        self.assertIn("Biscuit · Carol White", text)
        self.assertNotIn("Pepper", text)  # Marc's
        self.assertIn('action="/s/demo/admin/appointments/%d/complete"' % self.todays("Biscuit"), main)
        self.assertIn("Marquer comme fait", text)
        for hidden in ("/admin/requests", "/admin/invoices", "Rex · Bob Durand", "Demandes à traiter", "Impayé"):
            self.assertNotIn(hidden, main)
        self.assertEqual(len(re.findall(r'<li class="stat"><a href="([^"]+)">', main)), 3)


class DashboardActions(DashboardCase):
    def test_a_groomer_checks_hers_in_and_marks_it_done_and_a_manager_approves_a_request_from_the_dashboard(self):
        groomer = self.signed_in("groomer@demo.test")
        biscuit = self.todays("Biscuit")
        token = groomer.csrf_token("/s/demo/admin")
        # Biscuit arrives: checked in once, with the time shown; Marc's is not hers to check in.
        self.assertIn('action="/s/demo/admin/appointments/%d/check-in"' % biscuit, groomer.get("/s/demo/admin").text)
        r = groomer.post("/s/demo/admin/appointments/%d/check-in" % biscuit, {"csrf_token": token})
        self.assertEqual((r.status, r.header("Location")), (303, "/s/demo/admin?done=checked_in"))
        arrived = self.one("SELECT checked_in_at FROM appointment_check_ins WHERE appointment_id = ?", biscuit)
        page = groomer.get(r.header("Location"))
        self.assertIn("Arrivée enregistrée", page_text(page))  # Chloé reads French
        self.assertIn("Arrivé à %s" % datetime.fromtimestamp(arrived, PARIS).strftime("%H:%M"), page_text(page))
        self.assertNotIn("/appointments/%d/check-in" % biscuit, page.text)
        self.assertEqual(groomer.post("/s/demo/admin/appointments/%d/check-in" % biscuit, {"csrf_token": token}).status, 409)
        self.assertEqual(self.one("SELECT checked_in_at FROM appointment_check_ins WHERE appointment_id = ?", biscuit), arrived)
        self.assertEqual(groomer.post("/s/demo/admin/appointments/%d/check-in" % self.todays("Pepper"), {"csrf_token": token}).status, 403)
        r = groomer.post("/s/demo/admin/appointments/%d/complete" % biscuit, {"csrf_token": token})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.one("SELECT status FROM appointments WHERE id = ?", biscuit), "completed")
        self.assertNotIn("/appointments/%d/complete" % biscuit, groomer.get("/s/demo/admin").text)
        # Marc's is not hers to close.
        self.assertEqual(groomer.post("/s/demo/admin/appointments/%d/complete" % self.todays("Pepper"), {"csrf_token": token}).status, 403)

        manager = self.signed_in("manager@demo.test")
        request = self.one("SELECT id FROM appointment_requests WHERE status = 'pending'")
        chloe = self.one("SELECT id FROM users WHERE email = 'groomer@demo.test'")
        form = main_html(manager.get("/s/demo/admin").text).split("/requests/%d/approve" % request)[1].split("</form>")[0]
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
        fields["staff_user_id"] = str(chloe)
        r = manager.post("/s/demo/admin/requests/%d/approve" % request, fields)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT r.status, a.staff_user_id FROM appointment_requests r JOIN appointments a ON a.id = r.appointment_id "
                                    "WHERE r.id = ?", request), [("approved", chloe)])
        self.assertIn("No request waiting.", page_text(manager.get("/s/demo/admin")))


def page_text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


if __name__ == "__main__":
    unittest.main()
