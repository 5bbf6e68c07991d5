"""Admin panel: roles on every screen, salon settings, the email log and the export."""
import csv
import io
import os
import re
import sqlite3
import tempfile
import zipfile

from harness import PASSWORD, MailSink, SalonTestCase, page_text, run_cli

# Which tables of the salon's file each CSV of the export draws its rows from.
EXPORT_SOURCES = {
    "customers.csv": {"customers"}, "animals.csv": {"animals"}, "appointments.csv": {"appointments"},
    "services.csv": {"services"}, "service_names.csv": {"service_names"}, "invoices.csv": {"invoices"},
    "invoice_lines.csv": {"invoice_lines"}, "payments.csv": {"payments"}, "requests.csv": {"appointment_requests"},
    "package_types.csv": {"package_types", "package_type_services"}, "package_sales.csv": {"package_sales"},
    "package_redemptions.csv": {"package_redemptions"}, "credit_ledger.csv": {"credit_entries"},
    "change_requests.csv": {"change_requests"}, "booking_policy.csv": {"booking_policy", "change_policy"},
}
# Tables the export leaves out on purpose, and why.
NOT_EXPORTED = {
    "salon": "the salon's own settings, edited on the settings page",
    "salon_contact": "the salon's own email address, a setting",
    "invoice_terms": "a setting (payment terms)",
    "users": "staff accounts with their password hashes; their names appear where they acted",
    "species": "shipped reference data; animals.csv names species by code",
    "species_names": "shipped reference data",
    "breeds": "shipped reference data; animals.csv names breeds by code",
    "breed_names": "shipped reference data",
    "notifications": "the team's bell, not records of the salon's business",
    "invoice_counters": "the state of invoice numbering; the numbers are in invoices.csv",
    "outbox": "the email queue, shown in the email log",
    "outbox_attachments": "the email queue's attachments",
    "sessions": "sign-in secrets",
    "password_tokens": "sign-in secrets",
    "sign_in_challenges": "sign-in secrets",
    "portal_announcements": "when each customer was told of the portal: a mailing record",
    "audit_log": "the security record, not the salon's business data",
    "calendar_identity": "calendar-file bookkeeping",
    "appointment_calendar_sequences": "calendar-file bookkeeping",
    "opening_hours": "booking set-up, edited on the hours page",
    "closures": "booking set-up, edited on the hours page",
    "staff_booking": "booking set-up of each team member",
    "staff_hours": "booking set-up of each team member",
    "staff_services": "booking set-up of each team member",
    "appointment_request_services": "the service a request asked for, kept until it is decided",
    "proposed_times": "times offered to customers while a change is pending",
    "backups": "the record of this machine's backups",
    "appointment_check_ins": "front-desk arrival times of the day",
    "unpaid_invoices": "what is still due on each invoice, derived from invoices.csv and payments.csv",
    "list_counts": "totals of the long lists, counted again from customers.csv, animals.csv and invoices.csv",
    "unpaid_invoice_customers": "whose each unpaid invoice is, derived from invoices.csv",
}
MANAGER_ONLY = ("/s/demo/admin/settings", "/s/demo/admin/email-log", "/s/demo/admin/export",
                "/s/demo/admin/invoices", "/s/demo/admin/requests", "/s/demo/admin/services", "/s/demo/admin/staff")
STAFF_SCREENS = ("/s/demo/admin", "/s/demo/admin/appointments", "/s/demo/admin/customers", "/s/demo/admin/animals",
                 "/s/demo/admin/notifications")


class Roles(SalonTestCase):
    def test_staff_are_refused_from_manager_screens_with_403(self):
        groomer = self.browser()
        groomer.admin_sign_in("groomer@demo.test")
        for path in MANAGER_ONLY:
            r = groomer.get(path)
            self.assertEqual(r.status, 403, path)
            # Chloé's account speaks French.
            self.assertIn("Votre compte ne donne pas accès à cette page.", page_text(r))
        token = groomer.csrf_token("/s/demo/admin")
        r = groomer.post("/s/demo/admin/settings", {"csrf_token": token, "name": "Taken over"})
        self.assertEqual(r.status, 403)
        self.assertEqual(self.salon_name(), "Happy Paws Grooming")
        for path in STAFF_SCREENS:
            self.assertEqual(groomer.get(path).status, 200, path)

    def test_managers_and_owners_reach_every_screen(self):
        for who in ("manager@demo.test", "owner@demo.test"):
            b = self.browser()
            b.admin_sign_in(who)
            for path in MANAGER_ONLY + STAFF_SCREENS:
                self.assertEqual(b.get(path).status, 200, (who, path))

    def test_a_customer_session_reaches_no_admin_screen(self):
        alice = self.browser()
        r = alice.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD})
        self.assertEqual(r.status, 303)
        for path in MANAGER_ONLY + STAFF_SCREENS:
            r = alice.get(path)
            self.assertEqual(r.status, 303, path)
            self.assertEqual(r.header("Location"), "/s/demo/admin/login")

    def test_the_navigation_shows_each_role_its_screens(self):
        groomer = self.browser()
        groomer.admin_sign_in("groomer@demo.test")
        page = groomer.get("/s/demo/admin").text
        # The full navigation of a wide screen and the phone's tab bar (with its "More") alike.
        navs = re.findall(r'<nav class="(?:tabs wrap admin-wide|tabbar)".*?</nav>', page, re.S)
        self.assertEqual(len(navs), 2)
        for nav in navs:
            self.assertIn("/admin/appointments", nav)
            self.assertNotIn("/admin/settings", nav)
            self.assertNotIn("/admin/invoices", nav)
            self.assertNotIn("/admin/requests", nav)

    def salon_name(self):
        db = sqlite3.connect(os.path.join(self.data, "salons", "demo.db"))
        try:
            return db.execute("SELECT name FROM salon").fetchone()[0]
        finally:
            db.close()


class Settings(SalonTestCase):
    def manager(self):
        b = self.browser()
        b.admin_sign_in("manager@demo.test")
        return b

    def current(self, b):
        page = b.get("/s/demo/admin/settings").text
        fields = dict(re.findall(r'<input id="(\w+)" name="\w+"[^>]*value="([^"]*)"', page))
        fields["address"] = re.search(r'<textarea id="address" name="address"[^>]*>([^<]*)</textarea>', page).group(1)
        fields["locale"] = "en"
        fields["portal_enabled"] = "1"
        return fields

    def test_changes_are_saved_and_used_at_once(self):
        b = self.manager()
        fields = self.current(b)
        fields.update(name="Happy Paws & Co", time_zone="America/New_York", mail_reply_to="desk@demo.test")
        r = b.submit("/s/demo/admin/settings", fields)
        self.assertEqual(r.status, 303)
        self.assertIn("The settings are saved.", page_text(b.get(r.header("Location"))))
        self.assertIn("Happy Paws &amp; Co", b.get("/s/demo/admin").text)
        # The portal now shows times in the new zone: 14:00 in Paris is 08:00 in New York.
        alice = self.browser()
        alice.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD})
        self.assertIn(", 08:00 – 09:30", page_text(alice.get("/s/demo/account/appointments")))
        fields.update(name="Happy Paws Grooming", time_zone="Europe/Paris", mail_reply_to="")
        self.assertEqual(b.submit("/s/demo/admin/settings", fields).status, 303)

    def test_wrong_values_are_shown_next_to_their_field_and_nothing_changes(self):
        b = self.manager()
        for field, value, message in (("time_zone", "Europe/Atlantis", "Unknown time zone"), ("currency", "EURO", "Unknown currency"),
                                      ("invoice_pattern", "FA{yy}", "needs a counter"), ("mail_reply_to", "desk at salon", "email address"),
                                      ("email", "hello at salon", "email address"),
                                      ("name", "", "Enter a name"),
                                      # A line break or a NUL was "too long"; the address took a NUL as typed (%00),
                                      # to print it on every invoice.
                                      ("mail_sender_name", "Salon\r\nBcc: x@y.test", "control characters"),
                                      ("address", "12 rue\x00 des Lilas", "control characters")):
            fields = self.current(b)
            fields[field] = value
            r = b.submit("/s/demo/admin/settings", fields)
            self.assertEqual(r.status, 422, field)
            error = re.search(r'<p class="field-error" id="%s-error">([^<]*)</p>' % field, r.text)
            self.assertTrue(error, field)
            self.assertIn(message, error.group(1))
        self.assertIn("Happy Paws Grooming", b.get("/s/demo/admin").text)

    def test_closing_the_portal(self):
        b = self.manager()
        fields = self.current(b)
        fields.pop("portal_enabled")
        self.assertEqual(b.submit("/s/demo/admin/settings", fields).status, 303)
        r = self.browser().get("/s/demo/login")
        self.assertEqual(r.status, 404)
        self.assertIn("The customer portal of this salon is closed.", page_text(r))
        self.assertEqual(self.browser().get("/s/demo/admin/login").status, 200)
        fields["portal_enabled"] = "1"
        self.assertEqual(b.submit("/s/demo/admin/settings", fields).status, 303)
        self.assertEqual(self.browser().get("/s/demo/login").status, 200)


class EmailLogAndExport(SalonTestCase):
    with_mail = True

    def test_the_email_log_lists_messages_but_never_their_links(self):
        self.browser().submit("/s/demo/password/forgot", {"email": "alice@demo.test"})
        message = self.mail.wait_for("alice@demo.test")[-1]
        token = re.search(r"token=([A-Za-z0-9_-]+)", MailSink.text_of(message)).group(1)
        b = self.browser()
        b.admin_sign_in("owner@demo.test")
        self.assertTrue(self.wait_until(lambda: "Sent" in page_text(b.get("/s/demo/admin/email-log"))))
        page = b.get("/s/demo/admin/email-log")
        text = page_text(page)
        self.assertIn("Alice Martin <alice@demo.test>", text)
        self.assertIn("Reset your password at Happy Paws Grooming", text)
        self.assertNotIn(token, page.text)
        self.assertNotIn("password/reset", page.text)

    def test_the_export_holds_every_table_as_csv(self):
        db = sqlite3.connect(os.path.join(self.data, "salons", "demo.db"))
        db.execute("UPDATE customers SET notes = '=HYPERLINK(\"http://evil.example\")' WHERE email = 'carol@demo.test'")
        db.commit()
        db.close()
        b = self.browser()
        b.admin_sign_in("manager@demo.test")
        exports = self.one("SELECT count(*) FROM audit_log WHERE action = 'export'")
        r = b.submit("/s/demo/admin/export", {}, action="/s/demo/admin/export/download")
        self.assertEqual(r.status, 200)
        self.assertEqual(self.one("SELECT count(*) FROM audit_log WHERE action = 'export'"), exports + 1)
        self.assertEqual(r.header("Content-Type"), "application/zip")
        self.assertIn('attachment; filename="demo-export-', r.header("Content-Disposition"))
        archive = zipfile.ZipFile(io.BytesIO(r.body))
        self.assertEqual(sorted(archive.namelist()), sorted(["README.txt"] + list(EXPORT_SOURCES)))
        # Every table of the salon's file is either in a CSV or left out on purpose: a new table must be one or
        # the other, so it cannot be forgotten.
        # Full-text search indexes (a virtual table and the shadow tables named after it) only mirror other tables.
        indexes = [t for (t,) in self.query("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
        tables = {t for (t,) in self.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                  if not any(t == i or t.startswith(i + "_") for i in indexes)}
        exported = set().union(*EXPORT_SOURCES.values())
        self.assertEqual(exported & set(NOT_EXPORTED), set())
        self.assertEqual(tables - exported - set(NOT_EXPORTED), set(), "tables neither exported nor left out on purpose")
        self.assertEqual((exported | set(NOT_EXPORTED)) - tables, set(), "tables these lists name that the file lacks")

        def rows(name):
            text = archive.read(name).decode("utf-8")
            self.assertTrue(text.startswith("\ufeff"))
            return list(csv.DictReader(io.StringIO(text[1:])))

        customers = rows("customers.csv")
        self.assertEqual([c["last_name"] for c in customers], ["Martin", "Durand", "White"])
        self.assertEqual(customers[2]["notes"], "'=HYPERLINK(\"http://evil.example\")")
        self.assertEqual({a["name"]: a["breed"] for a in rows("animals.csv")}["Buddy"], "poodle")
        invoices = rows("invoices.csv")
        self.assertEqual(len(invoices), 4)
        self.assertEqual(sum(1 for i in invoices if i["status"] == "draft" and i["number"] == ""), 1)
        lines = rows("invoice_lines.csv")
        self.assertIn("55.00", [l["unit_price"] for l in lines])
        self.assertEqual(sorted(p["amount"] for p in rows("payments.csv")), ["66.00", "80.40"])
        shampoo = [a for a in rows("appointments.csv") if a["comments"] == "Please bring the special shampoo"][0]
        self.assertRegex(shampoo["starts_at"], r"^\d{4}-\d\d-\d\d 14:00$")
        self.assertEqual(rows("requests.csv")[0]["status"], "pending")
        policy = rows("booking_policy.csv")
        self.assertEqual(len(policy), 1)
        self.assertEqual((policy[0]["online_booking"], policy[0]["cancel_cutoff_hours"], policy[0]["late_cancel_fee"],
                          policy[0]["auto_approve_changes"]), ("request", "24", "15.00", "0"))
        self.assertEqual(rows("change_requests.csv"), [])
        services = {s["id"]: s for s in rows("services.csv")}
        names = rows("service_names.csv")
        self.assertTrue(names)
        self.assertTrue(all(n["service_id"] in services for n in names))
        groom = [s for s in services.values() if s["name"] == "Full groom"][0]
        self.assertIn(("fr", "Toilettage complet"), [(n["language"], n["name"]) for n in names if n["service_id"] == groom["id"]])
        self.assertEqual(groom["price"], "55.00")

        # The command line writes the same files.
        out = os.path.join(tempfile.mkdtemp(), "export.zip")
        code, msg, err = run_cli("export", "--data", self.data, "--salon", "demo", "--out", out)
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(zipfile.ZipFile(out).namelist()), sorted(archive.namelist()))
        self.assertEqual(run_cli("export", "--data", self.data, "--salon", "nowhere", "--out", out)[0], 1)

    def test_the_export_starts_with_a_post_and_staff_cannot_start_it(self):
        exports = self.one("SELECT count(*) FROM audit_log WHERE action = 'export'")
        manager = self.browser()
        manager.admin_sign_in("manager@demo.test")
        page = manager.get("/s/demo/admin/export").text
        self.assertRegex(page, r'<form method="post" action="/s/demo/admin/export/download">\s*<input type="hidden" name="csrf_token"')
        # A GET changes nothing: no download, no audit row.
        r = manager.get("/s/demo/admin/export/download")
        self.assertEqual((r.status, r.header("Allow")), (405, "POST"))
        self.assertEqual(manager.post("/s/demo/admin/export/download", {}).status, 403)
        groomer = self.browser()
        groomer.admin_sign_in("groomer@demo.test")
        r = groomer.post("/s/demo/admin/export/download", {"csrf_token": groomer.csrf_token("/s/demo/admin")})
        self.assertEqual(r.status, 403)
        self.assertEqual(self.one("SELECT count(*) FROM audit_log WHERE action = 'export'"), exports)
