// A manager on a phone drafts an invoice for Alice, adds a line and issues it with "Email the invoice to the
// customer" left checked, through the confirmation step: Alice gets the PDF named after the invoice number, and the
// email log names it. axe on the invoice page with the issue form and on the step at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, PHONE, SALON, STAFF,
  checkAccessibility, emailPlainText, fitsViewport, screenshot, signInStaff, startSmtpSink, withSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;

test('a manager issues an invoice and Alice gets its PDF by email', async () => {
  const sink = await startSmtpSink();
  try {
    await withSalon('admin-invoice-email', PHONE, async ({ page, server, url }) => {
      await signInStaff(page, server.url, STAFF.manager.email);
      await page.goto(url(`${BASE}/admin/invoices/new`));
      await page.locator('#customer_id').selectOption({ label: CUSTOMERS.alice.name });
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('#customer_id').locator('xpath=ancestor::form').getByRole('button', { name: 'Create the draft', exact: true }).click(),
      ]);
      await page.locator('#description').fill('Full groom');
      await page.locator('#unit_price').fill('55.00');
      await page.locator('#tax_rate').fill('20');
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.getByRole('button', { name: 'Add the line', exact: true }).click(),
      ]);

      const box = page.getByRole('checkbox', { name: 'Email the invoice to the customer', exact: true });
      assert.ok(await box.isChecked(), 'the email box is not checked for a customer with an address');
      assert.ok(await fitsViewport(page), 'the invoice page scrolls sideways on a phone');
      await screenshot(page, 'admin-invoice-issue-phone');
      await checkAccessibility(page, 'admin-invoice-issue-phone');

      // The issue button leads to the confirmation step, which keeps the box as it was and issues.
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.getByRole('button', { name: 'Issue the invoice…', exact: true }).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: 'Issue this invoice?' }).waitFor();
      assert.ok(await page.getByRole('checkbox', { name: 'Email the invoice to the customer', exact: true }).isChecked());
      assert.ok(await fitsViewport(page), 'the issue step scrolls sideways on a phone');
      await screenshot(page, 'admin-invoice-issue-confirm-phone');
      await checkAccessibility(page, 'admin-invoice-issue-confirm-phone');
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.getByRole('button', { name: 'Issue the invoice', exact: true }).click(),
      ]);
      await page.getByRole('status').filter({ hasText: 'Invoice issued and emailed to the customer.' }).waitFor();
      const heading = await page.getByRole('heading', { level: 1 }).innerText();
      const number = /\bFA\d{4}-\d{4}\b/.exec(heading)?.[0];
      assert.ok(number, `no invoice number in the heading: ${heading}`);

      const raw = await sink.waitForMessage(CUSTOMERS.alice.email);
      assert.match(raw, new RegExp(`^Subject: Invoice ${number} from Happy Paws Grooming`, 'm'));
      assert.match(raw, new RegExp(`Content-Disposition: attachment;\\r?\\n filename="${number}.pdf"`));
      assert.ok(emailPlainText(raw).includes('Amount due:'), 'no amount due in the email');

      await page.goto(url(`${BASE}/admin/email-log`));
      const row = page.getByRole('row').filter({ hasText: `Invoice ${number}` });
      await row.waitFor();
      assert.ok((await row.innerText()).includes(`Attached: ${number}.pdf`));
    }, { serverArgs: sink.serverArgs });
  } finally {
    await sink.stop();
  }
});
