"""Issuing an invoice can email its PDF to the customer: a box on the issue form, checked when the customer's record
has an address; the email, in the customer's language, reaches a real SMTP server with the very bytes of the PDF
download attached, and tells the amount due and the due date. No box, no address or a refused issue: no email."""
import re
import unittest

from harness import MailSink, page_text, pdf_text
from test_admin_invoices import ADMIN, InvoicesTestCase


class InvoiceEmail(InvoicesTestCase):
    with_mail = True

    def outbox_count(self, to):
        return self.one("SELECT count(*) FROM outbox WHERE to_address = ?", to)

    def draft_for(self, customer_email, *lines):
        invoice = self.new_draft(customer_email)
        for line in lines or (("Full groom", "1", "55.00", "20"),):
            self.add_line(invoice, *line)
        return invoice

    def issue_emailing(self, invoice_id, expect=303):
        r = self.post("%s/%d/issue" % (ADMIN, invoice_id), {"email_customer": "1", "confirm": "1"})
        self.assertEqual(r.status, expect, page_text(r))
        return r

    def the_one_attachment(self, message):
        attachments = list(message.iter_attachments())
        self.assertEqual(len(attachments), 1)
        self.assertEqual(attachments[0].get_content_type(), "application/pdf")
        return attachments[0]

    def test_the_box_is_checked_for_a_customer_with_an_address(self):
        invoice = self.draft_for("alice@demo.test")
        html = self.page(invoice).text
        box = re.search(r'<input id="email-customer"[^>]*>', html)
        self.assertTrue(box, html)
        self.assertIn('name="email_customer"', box.group(0))
        self.assertIn("checked", box.group(0))
        self.assertIn("alice@demo.test, in the customer's language", page_text(self.page(invoice)))

    def test_alice_gets_the_issued_invoice_with_the_downloads_pdf_attached(self):
        invoice = self.draft_for("alice@demo.test", ("Full groom", "1", "55.00", "20"))
        before = self.outbox_count("alice@demo.test")
        r = self.issue_emailing(invoice)
        self.assertEqual(r.header("Location"), "%s/%d?done=issued_emailed" % (ADMIN, invoice))
        self.assertIn("Invoice issued and emailed to the customer.", page_text(self.manager.get(r.header("Location"))))
        self.assertEqual(self.outbox_count("alice@demo.test"), before + 1)  # queued with the issue: exactly one
        number = self.number_of(invoice)
        message = self.mail.wait_for("alice@demo.test", before + 1)[before]

        self.assertEqual(message["Subject"], "Invoice %s from %s" % (number, self.one("SELECT name FROM salon")))
        body = MailSink.text_of(message)
        self.assertIn("Here is invoice %s of" % number, body)
        self.assertIn("Amount due: €66.00", body)
        self.assertIn("Due by:", body)
        self.assertIn("/s/demo/account/invoices", body)

        pdf = self.the_one_attachment(message)
        download = self.manager.get("%s/%d/pdf" % (ADMIN, invoice))
        self.assertEqual(download.status, 200)
        self.assertEqual(pdf.get_filename(), number + ".pdf")
        self.assertIn('filename="%s.pdf"' % number, download.header("Content-Disposition"))
        data = pdf.get_payload(decode=True)
        self.assertTrue(data.startswith(b"%PDF-"))
        self.assertEqual(data, download.body)
        self.assertIn(number, pdf_text(data))

        log = page_text(self.manager.get("/s/demo/admin/email-log"))
        self.assertIn(number + ".pdf", log)

    def test_bob_reads_it_in_french(self):
        invoice = self.draft_for("bob@demo.test", ("Toilettage", "1", "40.00", "20"))
        before = self.outbox_count("bob@demo.test")
        self.issue_emailing(invoice)
        number = self.number_of(invoice)
        message = self.mail.wait_for("bob@demo.test", before + 1)[before]
        self.assertTrue(message["Subject"].startswith("Facture %s de " % number), message["Subject"])
        body = MailSink.text_of(message)
        self.assertIn("Bonjour Bob", body)
        self.assertIn("Voici la facture %s du" % number, body)
        self.assertRegex(body, r"Montant dû : 48,00\s€")
        self.assertIn("À régler avant le :", body)
        pdf = self.the_one_attachment(message).get_payload(decode=True)
        self.assertIn("FACTURE", pdf_text(pdf).upper())
        self.assertIn(number, pdf_text(pdf))

    def test_without_the_box_issuing_sends_nothing(self):
        invoice = self.draft_for("alice@demo.test")
        before = self.outbox_count("alice@demo.test")
        r = self.issue(invoice)
        self.assertEqual(r.header("Location"), "%s/%d?done=issued" % (ADMIN, invoice))
        self.assertIsNotNone(self.number_of(invoice))
        self.assertEqual(self.outbox_count("alice@demo.test"), before)

    def test_a_refused_issue_sends_nothing(self):
        before = self.outbox_count("alice@demo.test")
        empty = self.new_draft("alice@demo.test")  # no lines: cannot be issued
        self.issue_emailing(empty, expect=409)
        self.assertIsNone(self.number_of(empty))
        issued = self.draft_for("alice@demo.test")
        self.issue(issued)
        self.issue_emailing(issued, expect=409)  # already issued
        self.assertEqual(self.outbox_count("alice@demo.test"), before)

    def test_a_customer_without_an_address_is_told_and_gets_no_email(self):
        carol = self.customer("carol@demo.test")
        invoice = self.draft_for("carol@demo.test")
        total = self.one("SELECT count(*) FROM outbox")
        self.query("UPDATE customers SET email = NULL WHERE id = ?", carol)
        try:
            r = self.page(invoice)
            self.assertNotIn('name="email_customer"', r.text)
            self.assertIn("It cannot be emailed: the customer's record has no email address.", page_text(r))
            r = self.issue_emailing(invoice)  # a forged box changes nothing
            self.assertEqual(r.header("Location"), "%s/%d?done=issued" % (ADMIN, invoice))
            self.assertEqual(self.one("SELECT count(*) FROM outbox"), total)
        finally:
            self.query("UPDATE customers SET email = 'carol@demo.test' WHERE id = ?", carol)


if __name__ == "__main__":
    unittest.main()
