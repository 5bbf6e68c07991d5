// Cancelling an appointment asks first, at phone and desktop width: the appointment page links to a confirmation
// page that says what happens in words, offers a reason and "Notify the customer" ticked, and keeps "Keep the
// appointment" apart from the red button. Confirmed, Alice gets the reason by email. axe on the step at 375 px and
// 1280 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, DESKTOP, PHONE, SALON, STAFF,
  checkAccessibility, emailPlainText, fitsViewport, screenshot, signInStaff, startSmtpSink, withSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;

// The salon's date `days` days from now, as YYYY-MM-DD (the demo salon is in Paris).
const salonDay = (days) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + days * 86_400_000));

for (const [device, width] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
  test(`a manager cancels Buddy's appointment through its confirmation step (${width})`, async () => {
    const sink = await startSmtpSink();
    try {
      await withSalon(`admin-confirm-cancel-${width}`, device, async ({ page, server, url }) => {
        await signInStaff(page, server.url, STAFF.manager.email);
        // The demo books Buddy with Chloé at 14:00 three days from now.
        await page.goto(url(`${BASE}/admin/appointments?day=${salonDay(3)}`));
        await Promise.all([
          page.waitForNavigation({ waitUntil: 'load' }),
          page.getByRole('link', { name: 'Edit Buddy 14:00', exact: true }).click(),
        ]);
        await Promise.all([
          page.waitForNavigation({ waitUntil: 'load' }),
          page.getByRole('link', { name: 'Cancel the appointment…', exact: true }).click(),
        ]);
        await page.getByRole('heading', { level: 1, name: 'Cancel this appointment?' }).waitFor();
        assert.ok(await page.getByText(/The appointment of Buddy \(Alice Martin\) on .* will be cancelled/).isVisible());
        const notify = page.getByRole('checkbox', { name: 'Notify the customer by email', exact: true });
        assert.ok(await notify.isChecked(), 'notify is not ticked by default');

        // "Keep" and the danger button are apart: never touching, the red one clearly separate.
        const keep = await page.getByRole('link', { name: 'Keep the appointment', exact: true }).boundingBox();
        const cancel = page.getByRole('button', { name: 'Cancel the appointment', exact: true });
        const danger = await cancel.boundingBox();
        const gap = Math.max(danger.x - (keep.x + keep.width), danger.y - (keep.y + keep.height));
        assert.ok(gap >= 16, `the buttons are ${gap}px apart`);
        for (const box of [keep, danger]) assert.ok(box.height >= 44, 'a button is under 44px high');
        assert.match(await cancel.evaluate((b) => getComputedStyle(b).backgroundColor), /rgb\(163, 32, 32\)/);
        assert.ok(await fitsViewport(page), 'the confirmation step scrolls sideways');
        await screenshot(page, `admin-confirm-cancel-${width}`);
        await checkAccessibility(page, `admin-confirm-cancel-${width}`);

        await page.getByLabel('Reason (optional)').fill('The salon is closed for a burst pipe');
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), cancel.click()]);
        await page.getByRole('status').filter({ hasText: 'The appointment has been cancelled' }).waitFor();
        const raw = await sink.waitForMessage(CUSTOMERS.alice.email);
        assert.ok(emailPlainText(raw).includes('The salon is closed for a burst pipe'), 'the reason is not in the email');
      }, { serverArgs: sink.serverArgs });
    } finally {
      await sink.stop();
    }
  });
}
