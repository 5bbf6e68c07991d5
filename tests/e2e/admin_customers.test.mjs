// Customers in a real browser at phone width: a manager adds a customer (after a wrong email is shown next to
// its field), opens the customer's page and gives portal access; the invitation reaches a real SMTP server
// and its link opens the set-password page. axe on the list, the form with errors and the customer page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, SALON, STAFF,
  checkAccessibility, emailPlainText, fitsViewport, screenshot, signInStaff, startSmtpSink, submit, withSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;
const CUSTOMERS = `${BASE}/admin/customers`;
const EMAIL = 'noemie.petit@example.test';

const pathOf = (page) => new URL(page.url()).pathname;

test('a manager on a phone adds a customer and gives them portal access', async (t) => {
  const sink = await startSmtpSink();
  try {
    await withSalon(t.name, PHONE, async ({ page, url, server }) => {
      await signInStaff(page, server.url, STAFF.manager.email);
      await page.getByRole('link', { name: 'Customers', exact: true }).click();
      await page.waitForURL(url(CUSTOMERS));
      await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
      await page.getByText('Martin, Alice').waitFor();
      assert.ok(await fitsViewport(page), 'the customer list scrolls sideways');
      await screenshot(page, 'admin-customers-list-phone');
      await checkAccessibility(page, 'admin-customers-list-phone');

      // A search narrows the list.
      await page.getByLabel('Search customers').fill('durand');
      await submit(page, 'Search');
      await page.getByText('Durand, Bob').waitFor();
      assert.equal(await page.getByText('Martin, Alice').count(), 0);

      await page.getByRole('link', { name: 'New customer' }).click();
      await page.getByRole('heading', { level: 1, name: 'New customer' }).waitFor();
      await page.getByLabel('First name').fill('Noémie');
      await page.getByLabel('Last name').fill('Petit');
      await page.getByLabel(/^Email/).fill('noemie.petit@example');
      await page.getByLabel(/^Phone/).fill('+33 6 98 76 54 32');
      await page.getByLabel('Language').selectOption('fr');
      await submit(page, 'Add the customer');

      // The error sits next to the email field, which says so to assistive technology; what was typed stays.
      const email = page.getByLabel(/^Email/);
      assert.equal(await email.getAttribute('aria-invalid'), 'true');
      assert.match(await email.getAttribute('aria-describedby'), /\bemail-error\b/);
      assert.equal(await page.locator('#email-error').textContent(), 'Enter an email address like name@example.com.');
      assert.equal(await page.getByLabel('First name').inputValue(), 'Noémie');
      assert.equal(await email.inputValue(), 'noemie.petit@example');
      assert.ok(await fitsViewport(page), 'the form with errors scrolls sideways');
      await screenshot(page, 'admin-customer-form-errors-phone');
      await checkAccessibility(page, 'admin-customer-form-errors-phone');

      await email.fill(EMAIL);
      await submit(page, 'Add the customer');
      assert.match(pathOf(page), /^\/s\/demo\/admin\/customers\/\d+$/);
      await page.getByText('The customer was added.').waitFor();
      await page.getByRole('heading', { level: 1, name: 'Noémie Petit' }).waitFor();
      await page.getByText('No access', { exact: true }).waitFor();

      await submit(page, 'Give portal access');
      await page.getByText(/The invitation is on its way/).waitFor();
      await page.getByText('Invited', { exact: true }).waitFor();
      assert.ok(await page.getByRole('button', { name: 'Send the invitation again' }).isVisible());
      // Disabling access goes through its confirmation step: a link, set apart from the everyday buttons.
      assert.ok(await page.getByRole('link', { name: 'Disable portal access…', exact: true }).isVisible());
      assert.ok(await fitsViewport(page), 'the customer page scrolls sideways');
      await screenshot(page, 'admin-customer-page-phone');
      await checkAccessibility(page, 'admin-customer-page-phone');

      // The invitation went through SMTP, in French, with a link that opens the set-password page.
      const raw = await sink.waitForMessage(EMAIL);
      const text = emailPlainText(raw);
      assert.match(text, /Noémie/);
      const link = /http:\/\/127\.0\.0\.1:\d+\/s\/demo\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
      assert.ok(link, `no set-password link in the invitation:\n${text}`);
      const response = await page.goto(link);
      assert.equal(response.status(), 200);
      await page.locator('input[type="password"]').waitFor();
    }, { serverArgs: sink.serverArgs });
  } finally {
    await sink.stop();
  }
});
