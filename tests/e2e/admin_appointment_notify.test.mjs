// A manager on a phone moves Alice's upcoming appointment with "Notify the customer by email" left checked:
// Alice gets the new time with the calendar file, and the email log names the file. axe on the appointment
// form and the email log at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, PHONE, SALON, STAFF,
  checkAccessibility, emailPlainText, fitsViewport, screenshot, signInStaff, startSmtpSink, withSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;

// The salon's date `days` days from now, as YYYY-MM-DD (the demo salon is in Paris).
const salonDay = (days) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + days * 86_400_000));

test('a manager moves Alice\'s appointment and Alice gets the new time with its calendar file', async () => {
  const sink = await startSmtpSink();
  try {
    await withSalon('admin-appointment-notify', PHONE, async ({ page, server, url }) => {
      await signInStaff(page, server.url, STAFF.manager.email);
      // The demo books Buddy with Chloé at 14:00 three days from now.
      const day = salonDay(3);
      await page.goto(url(`${BASE}/admin/appointments?day=${day}`));
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.getByRole('link', { name: 'Edit Buddy 14:00', exact: true }).click(),
      ]);
      const notify = page.locator('#notify');
      assert.ok(await notify.isChecked(), 'notify is not checked by default');
      assert.ok(await fitsViewport(page), 'the appointment form scrolls sideways on a phone');
      await screenshot(page, 'admin-appointment-edit-phone');
      await checkAccessibility(page, 'admin-appointment-edit-phone');

      await page.locator('#start').fill(`${day}T15:00`);
      await page.locator('#end').fill(`${day}T16:30`);
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.getByRole('button', { name: 'Save the appointment', exact: true }).click(),
      ]);
      await page.getByRole('status').filter({ hasText: 'The appointment has been saved.' }).waitFor();

      const raw = await sink.waitForMessage(CUSTOMERS.alice.email);
      assert.match(raw, /^Subject: New time for Buddy at Happy Paws Grooming/m);
      assert.match(raw, /Content-Type: text\/calendar; charset=UTF-8; method=REQUEST;\r?\n name="appointment.ics"/);
      assert.match(raw, /Content-Disposition: attachment;\r?\n filename="appointment.ics"/);
      const text = emailPlainText(raw);
      assert.ok(text.includes('15:00 – 16:30'), `no new time in: ${text}`);

      await page.goto(url(`${BASE}/admin/email-log`));
      const row = page.getByRole('row').filter({ hasText: 'New time for Buddy' });
      await row.waitFor();
      assert.ok((await row.innerText()).includes('Attached: appointment.ics'));
      await screenshot(page, 'admin-email-log-phone');
      await checkAccessibility(page, 'admin-email-log-phone');
    }, { serverArgs: sink.serverArgs });
  } finally {
    await sink.stop();
  }
});
