"""The booking engine seen from outside: the public booking page for anonymous and signed-in customers in each
online_booking mode, the race for one groomer's last time, crafted POSTs refused with a clear message, and the
opening-hours and booking settings screens."""
import html
import re
import threading
import unittest
import urllib.parse
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from harness import PASSWORD, SalonTestCase, page_text

PARIS = ZoneInfo("Europe/Paris")


def weekday_ahead(weekday, at_least_days):
    """The first day with this weekday (0 = Monday) at least `at_least_days` from today: clear of the demo's
    own appointments, well inside its 90-day horizon."""
    d = date.today() + timedelta(days=at_least_days)
    while d.weekday() != weekday:
        d += timedelta(days=1)
    return d


TUESDAY = weekday_ahead(1, 14)
SATURDAY = weekday_ahead(5, 14)
MONDAY = weekday_ahead(0, 14)


def unix(day, hhmm):
    h, m = map(int, hhmm.split(":"))
    return int(datetime(day.year, day.month, day.day, h, m, tzinfo=PARIS).timestamp())


class BookingCase(SalonTestCase):
    mode = "request"

    @classmethod
    def prepare_data(cls):
        import sqlite3, os
        db = sqlite3.connect(os.path.join(cls.data, "salons", "demo.db"))
        db.execute("UPDATE booking_policy SET online_booking = ?", (cls.mode,))
        db.commit()
        db.close()

    def service_id(self, name="Bath & brush"):
        return self.one("SELECT id FROM services WHERE name = ?", name)

    def user_id(self, email):
        return self.one("SELECT id FROM users WHERE email = ?", email)

    def animal_id(self, name):
        return self.one("SELECT id FROM animals WHERE name = ?", name)

    def customer(self, email):
        b = self.browser()
        r = b.submit("/s/demo/login", {"email": email, "password": PASSWORD})
        self.assertEqual(r.status, 303, page_text(r))
        return b

    def times_of(self, day, service=None, browser=None, staff=None):
        path = "/s/demo/book?service=%d&date=%s" % (service or self.service_id(), day.isoformat())
        if staff:
            path += "&staff=%d" % staff
        body = (browser or self.browser()).get(path).text
        return re.findall(r'start=\d{4}-\d\d-\d\dT(\d\d:\d\d)\b', body)

    def book(self, browser, day, hhmm, animal, staff="", service=None, comments=""):
        service = service or self.service_id()
        start = "%sT%s" % (day.isoformat(), hhmm)
        page = "/s/demo/book?service=%d&date=%s&start=%s" % (service, day.isoformat(), start)
        return browser.submit(page, {"service_id": service, "start": start, "staff_id": staff, "animal_id": animal,
                                     "comments": comments}, action="/s/demo/book")


class AnonymousVisitor(BookingCase):
    def test_services_with_duration_and_price_link_to_their_days(self):
        r = self.browser().get("/s/demo/book")
        self.assertEqual(r.status, 200)
        text = page_text(r)
        for expected in ("Bath & brush", "60 min", "€35.00", "Full groom", "90 min", "Nail trim"):
            self.assertIn(expected, text)
        self.assertIn('href="/s/demo/book?service=%d"' % self.service_id(), r.text)

    def test_days_skip_sunday_and_monday_and_groomers_are_chloe_and_marc_not_the_owner(self):
        r = self.browser().get("/s/demo/book?service=%d" % self.service_id())
        days = re.findall(r"date=(\d{4}-\d\d-\d\d)", r.text)
        self.assertTrue(days)
        for d in days:
            self.assertNotIn(date.fromisoformat(d).weekday(), (0, 6), d)
        text = page_text(r)
        self.assertIn("Chloé", text)
        self.assertIn("Marc Petit", text)
        self.assertNotIn("Sophie Laurent", text)

    def test_times_follow_the_hours_and_saturday_lunch(self):
        tuesday = self.times_of(TUESDAY)
        self.assertEqual(tuesday[0], "09:00")
        self.assertEqual(tuesday[-1], "17:00")
        self.assertEqual(len(tuesday), 33)
        saturday = self.times_of(SATURDAY)
        self.assertIn("11:30", saturday)  # ends 12:30, as lunch begins
        self.assertNotIn("11:45", saturday)
        self.assertNotIn("12:30", saturday)
        self.assertIn("13:30", saturday)
        self.assertEqual(self.times_of(MONDAY), [])

    def test_the_confirm_step_sends_a_visitor_to_sign_in_and_back(self):
        b = self.browser()
        start = "%sT10:00" % TUESDAY.isoformat()
        r = b.get("/s/demo/book?service=%d&date=%s&start=%s&animal=%d" % (self.service_id(), TUESDAY, start, self.animal_id("Buddy")))
        link = re.search(r'href="(/s/demo/login\?next=[^"]+)"', r.text)
        self.assertIsNotNone(link, page_text(r))
        login_page = link.group(1).replace("&amp;", "&")
        nxt = urllib.parse.unquote(urllib.parse.urlparse(login_page).query.split("=", 1)[1])
        self.assertTrue(nxt.startswith("/s/demo/book?service="), nxt)
        r = b.submit(login_page, {"email": "alice@demo.test", "password": PASSWORD, "next": nxt}, action="/s/demo/login")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), nxt)
        r = b.get(nxt)
        self.assertIn('name="animal_id"', r.text)
        self.assertRegex(r.text, r'<option value="%d" selected>Buddy' % self.animal_id("Buddy"))

    def test_next_never_leaves_the_salon(self):
        for nxt in ("//evil.example/s/demo/book", "https://evil.example/", "/s/other/book", "/s/demo//x", "/s/demo\\x"):
            b = self.browser()
            r = b.submit("/s/demo/login?next=" + urllib.parse.quote(nxt), {"email": "bob@demo.test", "password": PASSWORD, "next": nxt},
                         action="/s/demo/login")
            self.assertEqual(r.status, 303)
            self.assertEqual(r.header("Location"), "/s/demo/account", nxt)

    def test_an_anonymous_post_goes_to_sign_in_and_books_nothing(self):
        before = self.one("SELECT count(*) FROM appointment_requests")
        b = self.browser()
        r = b.post("/s/demo/book", {"service_id": self.service_id(), "start": "%sT10:00" % TUESDAY, "staff_id": "",
                                    "animal_id": self.animal_id("Buddy"), "csrf_token": b.csrf_token("/s/demo/login")})
        self.assertEqual(r.status, 303)
        self.assertTrue(r.header("Location").startswith("/s/demo/login?next=%2Fs%2Fdemo%2Fbook"), r.header("Location"))
        self.assertEqual(self.one("SELECT count(*) FROM appointment_requests"), before)


class CodeSignInComesBack(BookingCase):
    with_mail = True

    def test_a_visitor_who_signs_in_with_an_emailed_code_lands_back_on_the_booking(self):
        b = self.browser()
        nxt = "/s/demo/book?service=%d&date=%s&start=%sT10:00" % (self.service_id(), TUESDAY, TUESDAY)
        login = "/s/demo/login?next=" + urllib.parse.quote(nxt, safe="")
        self.assertIn('name="next" value="%s"' % nxt.replace("&", "&amp;"), b.get(login).text)
        r = b.submit(login, {"email": "carol@demo.test", "next": nxt}, action="/s/demo/login/code")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/s/demo/login/code?next=" + urllib.parse.quote(nxt, safe=""))
        message = self.mail.wait_for("carol@demo.test", 1)[0]
        code = re.search(r"\b(\d{6})\b", self.mail.text_of(message)).group(1)
        r = b.submit(r.header("Location"), {"code": code, "next": nxt}, action="/s/demo/login/code/verify")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), nxt)
        # Signed in now: the confirmation no longer asks to sign in (Carol has no animal on record yet).
        text = page_text(b.get(nxt))
        self.assertIn("Carol White", text)
        self.assertIn("Confirm Bath & brush · %s %d %s %d, 10:00" % (TUESDAY.strftime("%A"), TUESDAY.day, TUESDAY.strftime("%B"), TUESDAY.year), text)
        self.assertNotIn("Sign in to book", text)


class RequestMode(BookingCase):
    mode = "request"

    def test_a_signed_in_customer_sends_a_request_for_the_service_and_time(self):
        b = self.customer("alice@demo.test")
        r = self.book(b, TUESDAY, "10:00", self.animal_id("Buddy"), comments="First time here")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(r.header("Location"), "/s/demo/account/appointments?done=requested")
        row = self.query("SELECT r.starts_at, r.ends_at, r.status, s.service_id, r.comments FROM appointment_requests r "
                         "JOIN appointment_request_services s ON s.request_id = r.id ORDER BY r.id DESC LIMIT 1")[0]
        self.assertEqual(row, (unix(TUESDAY, "10:00"), unix(TUESDAY, "11:00"), "pending", self.service_id(), "First time here"))
        self.assertEqual(self.one("SELECT count(*) FROM appointments WHERE starts_at = ?", unix(TUESDAY, "10:00")), 0)

    def test_crafted_posts_are_refused_with_a_clear_message(self):
        b = self.customer("alice@demo.test")
        rex = self.animal_id("Buddy")  # Alice's dog
        far = weekday_ahead(1, 120)
        yesterday = date.today() - timedelta(days=1)
        spring = date(date.today().year + 1, 3, 31)
        while spring.weekday() != 6:
            spring -= timedelta(days=1)
        cases = [
            ("past", dict(day=yesterday, hhmm="10:00", animal=rex), "start", "Choose a time in the future."),
            ("outside hours", dict(day=TUESDAY, hhmm="07:00", animal=rex), "start", "outside the salon's opening hours"),
            ("into lunch", dict(day=SATURDAY, hhmm="12:00", animal=rex), "start", "outside the salon's opening hours"),
            ("beyond horizon", dict(day=far, hhmm="10:00", animal=rex), "start", "too far ahead"),
            ("closed day", dict(day=MONDAY, hhmm="10:00", animal=rex), "start", "closed on this day"),
            ("someone else's animal", dict(day=TUESDAY, hhmm="10:00", animal=self.animal_id("Rex")), "animal_id", "Choose one of your animals."),
            ("unknown service", dict(day=TUESDAY, hhmm="10:00", animal=rex, service=99999), "service_id", "Choose one of the services offered."),
            ("the owner, who takes no bookings", dict(day=TUESDAY, hhmm="10:00", animal=rex, staff=self.user_id("owner@demo.test")), "staff_id",
             "Choose one of the team members offered"),
            ("off the step", dict(day=TUESDAY, hhmm="10:07", animal=rex), "start", "outside the salon's opening hours"),
            ("DST gap", dict(day=spring, hhmm="02:30", animal=rex), "start", "Enter a date and time"),
        ]
        before = self.one("SELECT count(*) FROM appointment_requests")
        for name, args, field, message in cases:
            with self.subTest(name):
                r = self.book(b, **args)
                self.assertEqual(r.status, 422, name)
                self.assertIn(message, page_text(r))
                if field == "animal_id":
                    self.assertIn('id="animal_id-error"', r.text)
        self.assertEqual(self.one("SELECT count(*) FROM appointment_requests"), before)

    def test_the_portal_request_form_offers_free_times_and_records_the_service(self):
        b = self.customer("alice@demo.test")
        groom = self.service_id("Full groom")
        page = b.get("/s/demo/account/appointments/new?service_id=%d&date=%s" % (groom, TUESDAY))
        links = re.findall(r'href="(/s/demo/account/appointments/new\?[^"]+)"', page.text)
        self.assertTrue(links)
        first = links[0].replace("&amp;", "&")
        self.assertIn("start=%sT09:00" % TUESDAY, first)
        self.assertIn("end=%sT10:30" % TUESDAY, first)  # 90 minutes
        self.assertFalse(any("start=%sT17:00" % TUESDAY in link for link in links))  # would end after 18:00
        self.assertTrue(any("start=%sT16:30" % TUESDAY in link for link in links))
        form = b.get(first)
        self.assertIn('value="%sT09:00"' % TUESDAY, form.text)
        self.assertIn('value="%sT10:30"' % TUESDAY, form.text)
        r = b.submit(first, {"animal_id": self.animal_id("Luna"), "service_id": groom, "start": "%sT09:00" % TUESDAY,
                             "end": "%sT10:30" % TUESDAY, "comments": "via the free times"}, action="/s/demo/account/appointments/new")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.query("SELECT s.service_id FROM appointment_requests r JOIN appointment_request_services s ON s.request_id = r.id "
                                    "WHERE r.comments = 'via the free times'"), [(groom,)])
        r = b.submit(first, {"animal_id": self.animal_id("Luna"), "service_id": "99999", "start": "%sT09:00" % TUESDAY,
                             "end": "%sT10:30" % TUESDAY}, action="/s/demo/account/appointments/new")
        self.assertEqual(r.status, 422)
        self.assertIn('id="service_id-error"', r.text)

    def test_a_request_sent_twice_is_one_request_with_one_email_and_one_bell_each(self):
        b = self.customer("alice@demo.test")
        luna, day = self.animal_id("Luna"), TUESDAY + timedelta(days=7)
        counted = "SELECT (SELECT count(*) FROM appointment_requests WHERE animal_id = ?1), (SELECT count(*) FROM notifications), " \
                  "(SELECT count(*) FROM outbox WHERE to_address = 'alice@demo.test')"
        before = self.query(counted, luna)[0]
        r = self.book(b, day, "10:00", luna, comments="double click")
        self.assertEqual(r.status, 303, page_text(r))
        once = self.query(counted, luna)[0]
        self.assertEqual(once[0], before[0] + 1)
        # The back button, then the same form again; and two copies sent at the same moment.
        again = self.book(b, day, "10:00", luna, comments="double click")
        self.assertEqual((again.status, again.header("Location")), (303, "/s/demo/account/appointments?done=requested"))
        start = "%sT10:00" % day.isoformat()
        fields = {"service_id": self.service_id(), "start": start, "staff_id": "", "animal_id": luna, "comments": "double click",
                  "csrf_token": b.csrf_token("/s/demo/book?service=%d&start=%s" % (self.service_id(), start))}
        results = []
        barrier = threading.Barrier(2)

        def send():
            barrier.wait()
            results.append(b.post("/s/demo/book", fields).status)

        threads = [threading.Thread(target=send) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [303, 303])
        self.assertEqual(self.query(counted, luna)[0], once)

    def test_comments_the_browser_let_through_at_1000_characters_with_line_breaks_are_taken(self):
        # A textarea counts each line break as one character against maxlength="1000" and sends it as CRLF.
        b = self.customer("bob@demo.test")
        typed = ("x" * 9 + "\n") * 99 + "y" * 10
        r = self.book(b, TUESDAY + timedelta(days=8), "10:00", self.animal_id("Rex"), comments=typed.replace("\n", "\r\n"))
        self.assertEqual(r.status, 303, page_text(r)[:300])
        self.assertEqual(self.query("SELECT comments FROM appointment_requests ORDER BY id DESC LIMIT 1"), [(typed,)])

    def test_a_nul_typed_into_the_comments_is_refused_next_to_them_and_nothing_is_sent(self):
        b = self.customer("bob@demo.test")
        before = self.query("SELECT count(*) FROM appointment_requests")
        r = self.book(b, TUESDAY + timedelta(days=8), "11:00", self.animal_id("Rex"), comments="Short\x00cut")
        self.assertEqual(r.status, 422, page_text(r)[:300])
        self.assertIn('id="comments-error"', r.text)
        self.assertEqual(self.query("SELECT count(*) FROM appointment_requests"), before)

    def test_rebook_links_carry_the_service_and_animal(self):
        b = self.customer("alice@demo.test")
        body = b.get("/s/demo/account/appointments").text
        self.assertRegex(body, r'href="/s/demo/book\?service=%d&amp;animal=%d"' % (self.service_id("Full groom"), self.animal_id("Buddy")))


class PortalRequestTimes(BookingCase):
    """The portal's request form under the booking preference "requests outside the offered free times"."""

    NEW = "/s/demo/account/appointments/new"

    def request(self, b, **fields):
        data = {"animal_id": self.animal_id("Luna"), "service_id": self.service_id("Full groom"), "start": "", "end": "", "comments": ""}
        data.update(fields)
        return b.submit(self.NEW, data, action=self.NEW)

    def requests_now(self):
        return self.one("SELECT count(*) FROM appointment_requests")

    def test_at_free_times_only_a_crafted_time_is_refused_next_to_its_field_with_the_free_times(self):
        self.allow_requests_outside_slots(False)
        b = self.customer("alice@demo.test")
        tuesday, monday = TUESDAY.isoformat(), MONDAY.isoformat()
        # Both groomers busy on Tuesday at 14:00-15:30 (Rex's appointment stands in for their other customers).
        rex, bob = self.animal_id("Rex"), self.one("SELECT id FROM customers WHERE email = 'bob@demo.test'")
        for groomer in ("groomer@demo.test", "manager@demo.test"):
            self.query("INSERT INTO appointments (customer_id, animal_id, staff_user_id, starts_at, ends_at, status, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, 'scheduled', 0, 0)", bob, rex if groomer.startswith("groomer") else self.animal_id("Mimi"),
                       self.user_id(groomer), unix(TUESDAY, "14:00"), unix(TUESDAY, "15:30"))
        cases = [
            ("no service", dict(service_id="", start=tuesday + "T09:00", end=tuesday + "T10:30"), "service_id", "Choose a service"),
            ("off the step", dict(start=tuesday + "T10:07", end=tuesday + "T11:37"), "start", "outside the salon's opening hours"),
            ("after closing", dict(start=tuesday + "T17:30", end=tuesday + "T19:00"), "start", "outside the salon's opening hours"),
            ("closed day", dict(start=monday + "T10:00", end=monday + "T11:30"), "start", "closed on this day"),
            ("nobody free", dict(start=tuesday + "T14:00", end=tuesday + "T15:30"), "start", "Nobody is free at this time"),
            ("longer than the service", dict(start=tuesday + "T09:00", end=tuesday + "T12:00"), "end", "the end of the chosen free time"),
        ]
        before = self.requests_now()
        for name, fields, field, message in cases:
            with self.subTest(name):
                r = self.request(b, **fields)
                self.assertEqual(r.status, 422, name)
                error = re.search(r'<p class="field-error" id="%s-error">([^<]*)</p>' % field, r.text)
                self.assertTrue(error, "no error next to %s: %s" % (field, page_text(r)[:600]))
                self.assertIn(message, html.unescape(error.group(1)))
                if field != "service_id":
                    # The refused form offers the free times of that day (none on the closed Monday).
                    day = fields["start"][:10]
                    offered = re.findall(r'href="/s/demo/account/appointments/new\?[^"]*start=%sT(\d\d:\d\d)' % day, r.text)
                    if day == monday:
                        self.assertEqual(offered, [])
                    else:
                        self.assertIn("09:00", offered)
                        self.assertNotIn("14:00", offered)
        self.assertEqual(self.requests_now(), before)
        # A free time of the service goes through.
        r = self.request(b, start=tuesday + "T16:30", end=tuesday + "T18:00", comments="at a free time")
        self.assertEqual(r.status, 303, page_text(r))
        self.assertEqual(self.requests_now(), before + 1)

    def test_with_requests_outside_slots_allowed_any_time_can_be_asked(self):
        self.allow_requests_outside_slots(True)
        try:
            b = self.customer("alice@demo.test")
            monday = MONDAY.isoformat()
            r = self.request(b, service_id="", start=monday + "T07:10", end=monday + "T08:00", comments="a Monday at dawn")
            self.assertEqual(r.status, 303, page_text(r))
            r = self.request(b, start=monday + "T19:05", end=monday + "T19:45", comments="groom on a closed evening")
            self.assertEqual(r.status, 303, page_text(r))
            self.assertEqual(self.one("SELECT count(*) FROM appointment_requests WHERE comments IN ('a Monday at dawn', 'groom on a closed evening')"), 2)
            self.assertNotIn('id="slots-only"', b.get(self.NEW).text)
        finally:
            self.allow_requests_outside_slots(False)


class InstantMode(BookingCase):
    mode = "instant"

    def test_a_customer_books_a_groomer_at_once(self):
        b = self.customer("alice@demo.test")
        chloe = self.user_id("groomer@demo.test")
        emails = self.one("SELECT count(*) FROM outbox WHERE to_address = 'alice@demo.test'")
        r = self.book(b, TUESDAY, "09:00", self.animal_id("Luna"), staff=chloe)
        self.assertEqual(r.status, 303, page_text(r))
        # The confirmation (with its calendar file) was queued with the appointment.
        self.assertEqual(self.one("SELECT count(*) FROM outbox WHERE to_address = 'alice@demo.test'"), emails + 1)
        self.assertEqual(r.header("Location"), "/s/demo/account/appointments?done=booked")
        row = self.query("SELECT staff_user_id, service_id, ends_at, status FROM appointments WHERE starts_at = ? AND animal_id = ?",
                         unix(TUESDAY, "09:00"), self.animal_id("Luna"))
        self.assertEqual(row, [(chloe, self.service_id(), unix(TUESDAY, "10:00"), "scheduled")])
        self.assertIn("Your appointment is booked.", page_text(b.get(r.header("Location"))))
        self.assertNotIn("09:00", self.times_of(TUESDAY, staff=chloe))

    def test_a_booking_sent_twice_is_booked_once_and_the_second_answer_is_the_same(self):
        b = self.customer("bob@demo.test")
        rex, day, chloe = self.animal_id("Rex"), TUESDAY + timedelta(days=10), self.user_id("groomer@demo.test")  # a Friday
        for staff in (chloe, ""):  # the groomer's time is gone the second time; with anyone, another groomer's is not
            with self.subTest(staff=staff):
                hhmm = "11:00" if staff else "14:00"
                first = self.book(b, day, hhmm, rex, staff=staff)
                self.assertEqual(first.status, 303, page_text(first)[:300])
                again = self.book(b, day, hhmm, rex, staff=staff)
                self.assertEqual((again.status, again.header("Location")), (303, "/s/demo/account/appointments?done=booked"), page_text(again)[:300])
                self.assertEqual(self.one("SELECT count(*) FROM appointments WHERE animal_id = ? AND starts_at = ?", rex, unix(day, hhmm)), 1)

    def test_anyone_gets_a_groomer_who_takes_bookings(self):
        b = self.customer("bob@demo.test")
        r = self.book(b, SATURDAY, "15:00", self.animal_id("Mimi"))
        self.assertEqual(r.status, 303, page_text(r))
        staff = self.one("SELECT staff_user_id FROM appointments WHERE starts_at = ? AND animal_id = ?", unix(SATURDAY, "15:00"), self.animal_id("Mimi"))
        self.assertIn(staff, (self.user_id("groomer@demo.test"), self.user_id("manager@demo.test")))

    def test_two_customers_racing_for_one_groomers_time_one_is_booked_the_other_offered_the_nearest(self):
        chloe = self.user_id("groomer@demo.test")
        day = TUESDAY + timedelta(days=7)
        alice, bob = self.customer("alice@demo.test"), self.customer("bob@demo.test")
        contenders = [(alice, self.animal_id("Buddy")), (bob, self.animal_id("Rex"))]
        start = "%sT14:00" % day.isoformat()
        page = "/s/demo/book?service=%d&date=%s&start=%s" % (self.service_id(), day, start)
        forms = []
        for browser, animal in contenders:
            forms.append((browser, {"service_id": self.service_id(), "start": start, "staff_id": chloe, "animal_id": animal,
                                    "csrf_token": browser.csrf_token(page)}))
        results = [None, None]
        barrier = threading.Barrier(2)

        def post(i):
            browser, fields = forms[i]
            barrier.wait()
            results[i] = browser.post("/s/demo/book", fields)

        threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [303, 409], [page_text(r)[:300] for r in results])
        loser = next(r for r in results if r.status == 409)
        text = page_text(loser)
        # Alice reads English, Bob French: whoever lost reads it in their language.
        self.assertTrue("That time was just taken." in text or "Ce créneau vient d'être pris." in text, text)
        nearest = re.findall(r'start=\d{4}-\d\d-\d\dT(\d\d:\d\d)\b', loser.text.split('id="nearest"')[1].split("</div>")[0])
        self.assertTrue(nearest)
        self.assertNotIn("14:00", nearest)
        self.assertEqual(self.one("SELECT count(*) FROM appointments WHERE staff_user_id = ? AND starts_at = ? AND status = 'scheduled'",
                                  chloe, unix(day, "14:00")), 1)


class CalendarCells(BookingCase):
    mode = "instant"

    def test_the_day_grid_shows_free_runs_that_open_a_prefilled_appointment(self):
        day = TUESDAY + timedelta(days=14)
        chloe = self.user_id("groomer@demo.test")
        manager = self.browser()
        self.assertEqual(manager.admin_sign_in("manager@demo.test").status, 303)
        grid = manager.get("/s/demo/admin/appointments?day=%s" % day)
        link = "/s/demo/admin/appointments/new?start=%sT09:00&amp;staff=%d" % (day, chloe)
        self.assertIn('href="%s"' % link, grid.text)
        self.assertIn("09:00 – 18:00", page_text(grid))
        r = self.book(self.customer("alice@demo.test"), day, "10:00", self.animal_id("Buddy"), staff=chloe)
        self.assertEqual(r.status, 303, page_text(r))
        text = page_text(manager.get("/s/demo/admin/appointments?day=%s" % day))
        self.assertIn("09:00 – 10:00", text)
        self.assertIn("11:00 – 18:00", text)
        form = manager.get(link.replace("&amp;", "&"))
        self.assertIn('value="%sT09:00"' % day, form.text)
        self.assertRegex(form.text, r'<option value="%d" selected>' % chloe)


class OffMode(BookingCase):
    mode = "off"

    def test_the_page_says_to_call_and_a_post_books_nothing(self):
        text = page_text(self.browser().get("/s/demo/book"))
        self.assertIn("Please call the salon", text)
        self.assertIn("+33 1 23 45 67 89", text)
        b = self.customer("alice@demo.test")
        before = self.one("SELECT count(*) FROM appointment_requests") + self.one("SELECT count(*) FROM appointments")
        r = self.book(b, TUESDAY, "10:00", self.animal_id("Buddy"))
        self.assertEqual(r.status, 403)
        self.assertEqual(self.one("SELECT count(*) FROM appointment_requests") + self.one("SELECT count(*) FROM appointments"), before)


class SettingsScreens(BookingCase):
    def manager(self):
        b = self.browser()
        self.assertEqual(b.admin_sign_in("manager@demo.test").status, 303)
        return b

    def test_opening_hours_are_edited_with_errors_next_to_the_day(self):
        b = self.manager()
        page = b.get("/s/demo/admin/settings/hours")
        self.assertIn('value="09:00-12:30, 13:30-18:00"', page.text)  # Saturday
        fields = {"hours_%d" % d: "" for d in range(1, 8)}
        fields.update({"hours_2": "09:00-18:00", "hours_3": "18:00-09:00"})
        r = b.submit("/s/demo/admin/settings/hours", fields)
        self.assertEqual(r.status, 422)
        self.assertIn('id="hours_3-error"', r.text)
        self.assertEqual(self.one("SELECT count(*) FROM opening_hours WHERE weekday = 3"), 1)  # unchanged
        fields["hours_3"] = "10:00-12:00"
        fields.update({"hours_4": "09:00-18:00", "hours_5": "09:00-18:00", "hours_6": "09:00-12:30, 13:30-18:00"})
        r = b.submit("/s/demo/admin/settings/hours", fields)
        self.assertEqual(r.status, 303)
        wednesday = weekday_ahead(2, 14)
        self.assertEqual(self.times_of(wednesday)[0], "10:00")
        self.assertEqual(self.times_of(wednesday)[-1], "11:00")

    def test_a_closure_empties_its_days_and_can_be_removed(self):
        b = self.manager()
        day = weekday_ahead(3, 21)  # a Thursday
        self.assertTrue(self.times_of(day))
        r = b.submit("/s/demo/admin/settings/hours", {"first_day": day.isoformat(), "last_day": "", "label": "Staff training"},
                     action="/s/demo/admin/settings/hours/closures")
        self.assertEqual(r.status, 303)
        self.assertEqual(self.times_of(day), [])
        self.assertIn("Staff training", page_text(b.get("/s/demo/admin/settings/hours")))
        r = b.submit("/s/demo/admin/settings/hours", {"first_day": day.isoformat(), "last_day": "2000-01-01"},
                     action="/s/demo/admin/settings/hours/closures")
        self.assertEqual(r.status, 422)
        self.assertIn('id="last_day-error"', r.text)
        closure = self.one("SELECT id FROM closures WHERE label = 'Staff training'")
        r = b.submit("/s/demo/admin/settings/hours", {}, action="/s/demo/admin/settings/hours/closures/%d/delete" % closure)
        self.assertEqual(r.status, 303)
        self.assertTrue(self.times_of(day))

    def test_booking_preferences_are_checked_and_saved(self):
        b = self.manager()
        good = {"online_booking": "request", "min_notice_minutes": "120", "horizon_days": "90", "slot_step_minutes": "15"}
        r = b.submit("/s/demo/admin/settings/booking", dict(good, slot_step_minutes="1"))
        self.assertEqual(r.status, 422)
        self.assertIn('id="slot_step_minutes-error"', r.text)
        r = b.submit("/s/demo/admin/settings/booking", dict(good, online_booking="always"))
        self.assertEqual(r.status, 422)
        r = b.submit("/s/demo/admin/settings/booking", dict(good, slot_step_minutes="30"))
        self.assertEqual(r.status, 303)
        self.assertEqual(self.query("SELECT slot_step_minutes, online_booking, requests_outside_slots FROM booking_policy"), [(30, "request", 0)])
        times = self.times_of(TUESDAY)
        self.assertEqual(times[:3], ["09:00", "09:30", "10:00"])
        b.submit("/s/demo/admin/settings/booking", good)

    def test_a_team_members_terms_decide_whether_customers_can_book_them(self):
        b = self.manager()
        owner = self.user_id("owner@demo.test")
        self.assertNotIn("Sophie Laurent", page_text(self.browser().get("/s/demo/book?service=%d" % self.service_id())))
        fields = {"takes_bookings": "1", "own_hours": "1", "every_service": "1", "hours_2": "07:00-08:00"}
        r = b.submit("/s/demo/admin/staff/%d/booking" % owner, fields)
        self.assertEqual(r.status, 303, page_text(r))
        self.assertIn("Sophie Laurent", page_text(self.browser().get("/s/demo/book?service=%d" % self.service_id())))
        self.assertEqual(self.times_of(TUESDAY, staff=owner), ["07:00"])
        r = b.submit("/s/demo/admin/staff/%d/booking" % owner, dict(fields, hours_2="8-9"))
        self.assertEqual(r.status, 422)
        self.assertIn('id="hours_2-error"', r.text)
        r = b.submit("/s/demo/admin/staff/%d/booking" % owner, {})
        self.assertEqual(r.status, 303)
        self.assertNotIn("Sophie Laurent", page_text(self.browser().get("/s/demo/book?service=%d" % self.service_id())))

    def test_a_groomer_cannot_open_the_booking_settings(self):
        b = self.browser()
        self.assertEqual(b.admin_sign_in("groomer@demo.test").status, 303)
        for path in ("/s/demo/admin/settings/hours", "/s/demo/admin/settings/booking",
                     "/s/demo/admin/staff/%d/booking" % self.user_id("groomer@demo.test")):
            self.assertEqual(b.get(path).status, 403, path)


if __name__ == "__main__":
    unittest.main()
