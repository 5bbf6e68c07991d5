"""One status per invoice: the admin invoice list, the customer's page in the admin panel, the portal and the
PDF read the same, also when a credit note or a deposit settled it, and in French."""
import re
import subprocess
import tempfile
import unittest

from harness import PASSWORD, Browser, SalonTestCase, page_text

ADMIN = "/s/demo/admin/invoices"
BADGE = re.compile(r'<span class="badge[^"]*">([^<]*)</span>')


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout


class InvoiceStatus(SalonTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = Browser(cls.server)
        assert cls.manager.admin_sign_in("manager@demo.test").status == 303
        cls.manager.token = cls.manager.csrf_token("/s/demo/admin")
        cls.alice = Browser(cls.server)
        assert cls.alice.submit("/s/demo/login", {"email": "alice@demo.test", "password": PASSWORD}).status == 303

    # --- making invoices as the manager ---
    def post(self, path, fields=None, expect=303):
        data = dict(fields or {})
        data["csrf_token"] = self.manager.token
        r = self.manager.post(path, data)
        self.assertEqual(r.status, expect, page_text(r))
        return r

    def issued(self, lines, deposit="0"):
        """An issued invoice for Alice with `lines` (description, amount) at 0 % tax and the deposit given."""
        customer = self.one("SELECT id FROM customers WHERE email = 'alice@demo.test'")
        r = self.post(ADMIN + "/new", {"customer_id": customer})
        invoice = int(re.search(r"/invoices/(\d+)", r.header("Location")).group(1))
        for description, amount in lines:
            self.post("%s/%d/lines" % (ADMIN, invoice), {"description": description, "quantity": "1", "unit_price": amount, "tax_rate": "0"})
        self.post("%s/%d/edit" % (ADMIN, invoice), {"tip": "0", "deposit": deposit})
        self.post("%s/%d/issue" % (ADMIN, invoice), {"confirm": "1"})
        return invoice

    def credit(self, invoice, keep_only=None):
        """Issues a credit note for `invoice`; with `keep_only`, it credits only that line."""
        r = self.post("%s/%d/credit-note" % (ADMIN, invoice))
        note = int(re.search(r"/invoices/(\d+)", r.header("Location")).group(1))
        if keep_only:
            for (line,) in self.query("SELECT id FROM invoice_lines WHERE invoice_id = ? AND description <> ?", note, keep_only):
                self.post("%s/%d/lines/%d/delete" % (ADMIN, note, line), {"confirm": "1"})
        self.post("%s/%d/issue" % (ADMIN, note), {"confirm": "1"})
        return note

    def pay(self, invoice, amount):
        self.post("%s/%d/payments" % (ADMIN, invoice), {"amount": amount, "method": "cash", "paid_on": ""})

    # --- reading the label where each person sees it ---
    def badge_in_row(self, html, number):
        rows = [r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if re.search(re.escape(number) + r"\b", r)]
        self.assertEqual(len(rows), 1, number)
        badges = BADGE.findall(rows[0])
        self.assertEqual(len(badges), 1, rows[0])
        return badges[0]

    def labels(self, invoice, portal=None):
        """The status of `invoice` on the admin list, the admin customer page, the portal and the portal's PDF."""
        number, customer = self.query("SELECT number, customer_id FROM invoices WHERE id = ?", invoice)[0]
        portal = portal or self.alice
        pdf = portal.get("/s/demo/account/invoices/%d/pdf" % invoice)
        self.assertEqual(pdf.status, 200)
        status_line = re.search(r"^\s*(Status|État)\s+(.+?)\s*$", pdf_text(pdf.body), re.M)
        self.assertTrue(status_line, pdf_text(pdf.body))
        return {
            "admin list": self.badge_in_row(self.manager.get(ADMIN).text, number),
            "customer page": self.badge_in_row(self.manager.get("/s/demo/admin/customers/%d" % customer).text, number),
            "portal": self.badge_in_row(portal.get("/s/demo/account/invoices").text, number),
            "pdf": status_line.group(2),
        }

    def assertEverywhere(self, invoice, label, portal=None):
        self.assertEqual(self.labels(invoice, portal), dict.fromkeys(("admin list", "customer page", "portal", "pdf"), label))

    def test_an_invoice_settled_by_a_credit_note_reads_credited_everywhere(self):
        invoice = self.issued([("Full groom", "55.00")])
        self.assertEqual(self.labels(invoice)["admin list"], "Unpaid")
        self.assertEqual(self.labels(invoice)["portal"], "To pay")  # the customer's words for the same status
        note = self.credit(invoice)
        self.assertEverywhere(invoice, "Credited")
        self.assertEverywhere(note, "Credit note")
        # The audit log names both records the same way.
        self.assertEqual(self.query("SELECT subject, detail FROM audit_log WHERE action = 'credit_note_created' AND subject = ?",
                                    "invoice:%d" % note), [("invoice:%d" % note, "corrects invoice:%d" % invoice)])

    def test_a_paid_invoice_cancelled_by_a_credit_note_reads_credited_everywhere(self):
        invoice = self.issued([("Bath", "30.00")])
        self.pay(invoice, "30.00")
        self.assertEverywhere(invoice, "Paid")
        self.credit(invoice)
        self.assertEverywhere(invoice, "Credited")

    def test_with_a_deposit_a_full_credit_note_reads_credited_everywhere(self):
        invoice = self.issued([("Full groom", "70.00")], deposit="30.00")
        self.credit(invoice)
        self.assertEverywhere(invoice, "Credited")

    def test_with_a_deposit_a_partial_credit_note_that_settles_it_reads_paid_everywhere(self):
        # 70.00 billed, 30.00 deposit, 50.00 credited: nothing is due, but the credit note cancels only part of it.
        invoice = self.issued([("Full groom", "50.00"), ("Ribbon", "20.00")], deposit="30.00")
        self.credit(invoice, keep_only="Full groom")
        self.assertEqual(self.one("SELECT count(*) FROM invoices WHERE credit_note_for = ? AND status = 'issued'", invoice), 1)
        self.assertEverywhere(invoice, "Paid")

    def test_a_partial_credit_note_and_a_payment_read_the_same_everywhere(self):
        invoice = self.issued([("Full groom", "40.00"), ("Ribbon", "30.00")])
        self.pay(invoice, "30.00")
        self.credit(invoice, keep_only="Full groom")
        self.assertEverywhere(invoice, "Paid")

    def test_french_readers_read_one_status_too(self):
        bob = Browser(self.server, accept_language="fr")
        self.assertEqual(bob.submit("/s/demo/login", {"email": "bob@demo.test", "password": PASSWORD}).status, 303)
        customer = self.one("SELECT id FROM customers WHERE email = 'bob@demo.test'")
        r = self.post(ADMIN + "/new", {"customer_id": customer})
        invoice = int(re.search(r"/invoices/(\d+)", r.header("Location")).group(1))
        self.post("%s/%d/lines" % (ADMIN, invoice), {"description": "Toilettage", "quantity": "1", "unit_price": "45.00", "tax_rate": "0"})
        self.post("%s/%d/edit" % (ADMIN, invoice), {"tip": "0", "deposit": "10.00"})
        self.post("%s/%d/issue" % (ADMIN, invoice), {"confirm": "1"})
        self.credit(invoice)
        labels = self.labels(invoice, portal=bob)
        self.assertEqual(labels["portal"], "Annulée par avoir")
        self.assertEqual(labels["pdf"], "Annulée par avoir")
        self.assertEqual(labels["admin list"], "Credited")  # the manager reads English
        self.assertEqual(labels["customer page"], "Credited")


if __name__ == "__main__":
    unittest.main()
