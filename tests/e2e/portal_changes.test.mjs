// Cancelling inside the cutoff on a phone: a manager widens the cutoffs to 30 days in Booking preferences, so
// Alice's appointment three days ahead is inside them. Her appointments page names the late-cancel fee before
// she confirms and offers no Reschedule; the reschedule page explains and offers "Cancel instead", which sends
// the request. axe on each page at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, PHONE, SALON, STAFF,
  checkAccessibility, fitsViewport, screenshot, signInCustomer, signInStaff, withSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;

test('inside the cutoff Alice is told of the fee before cancelling, and reschedule offers cancel instead', async () => {
  await withSalon('portal-changes', PHONE, async ({ browser, page, server, url }) => {
    await signInStaff(page, server.url, STAFF.manager.email);
    await page.goto(url(`${BASE}/admin/settings/booking`));
    await page.getByLabel('Free cancellation until (hours before the appointment)', { exact: true }).fill('720');
    await page.getByLabel('Online reschedule until (hours before the appointment)', { exact: true }).fill('720');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: 'Save the preferences', exact: true }).click(),
    ]);
    await page.getByRole('status').waitFor();
    await browser.context.clearCookies();

    await signInCustomer(page, server.url, CUSTOMERS.alice.email);
    await page.goto(url(`${BASE}/account/appointments`));
    const card = page.locator('li.card').filter({ hasText: 'Please bring the special shampoo' });
    await card.waitFor();
    assert.equal(await card.getByRole('link', { name: 'Reschedule', exact: true }).count(), 0, 'reschedule offered inside the cutoff');
    assert.ok((await card.innerText()).includes('can no longer be moved online'));
    await card.getByText('Cancel', { exact: true }).click();
    const warning = card.getByRole('note');
    await warning.waitFor();
    assert.ok((await warning.innerText()).includes('cancelling now charges the late-cancel fee of €15.00'), await warning.innerText());
    assert.ok(await fitsViewport(page), 'the appointments page scrolls sideways on a phone');
    await screenshot(page, 'portal-cancel-inside-cutoff-phone');
    await checkAccessibility(page, 'portal-cancel-inside-cutoff-phone');

    const action = await card.locator('form[action$="/cancel"]').getAttribute('action');
    await page.goto(url(action.replace(/\/cancel$/, '/reschedule')));
    await page.getByRole('heading', { name: 'Cancel instead', exact: true }).waitFor();
    assert.ok((await page.locator('main').innerText()).includes('can be moved online until 720 hours before they start'));
    assert.ok(await fitsViewport(page), 'the reschedule page scrolls sideways on a phone');
    await screenshot(page, 'portal-cancel-instead-phone');
    await checkAccessibility(page, 'portal-cancel-instead-phone');
    await page.getByLabel('Reason (optional)', { exact: true }).fill('Buddy is unwell');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: 'Confirm cancellation', exact: true }).click(),
    ]);
    await page.getByRole('status').filter({ hasText: 'Your cancellation request was sent to the salon.' }).waitFor();
    const pending = page.locator('li.card').filter({ hasText: 'Please bring the special shampoo' });
    assert.ok((await pending.innerText()).includes('You asked to cancel this appointment.'));
    await pending.getByRole('button', { name: 'Withdraw', exact: true }).waitFor();
    await checkAccessibility(page, 'portal-change-pending-phone');
  });
});
