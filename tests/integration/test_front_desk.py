"""The front desk: the demo's work for today, the calendar's day grid (columns, free cells, hours), and the
dashboard as today's page, for each role."""
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


if __name__ == "__main__":
    unittest.main()
