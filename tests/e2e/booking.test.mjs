// The public booking page on a phone (375 px): a visitor taps a service, a day and a time (three taps),
// signs in and comes back to the confirmation, and sends the request; every step fits the screen and is axe
// clean. The demo salon takes requests (online_booking=request).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, PHONE, SALON, checkAccessibility, fitsViewport, screenshot, signInCustomer, withSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;

test('three taps from a service to a time, then sign in and send the request', async () => {
  await withSalon('booking-phone', PHONE, async ({ page, url }) => {
    await page.goto(url(`${BASE}/book`));
    assert.ok(await fitsViewport(page), 'the service list scrolls sideways');
    await checkAccessibility(page, 'booking-services-phone');
    await screenshot(page, 'booking-services-phone');

    // Tap 1: the service.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Bath & brush/ }).tap()]);
    assert.match(page.url(), /\?service=\d+$/);
    await checkAccessibility(page, 'booking-days-phone');
    assert.ok(await fitsViewport(page), 'the day list scrolls sideways');

    // Tap 2: the first day offered.
    const days = page.getByRole('list', { name: 'Choose a day' }).getByRole('link');
    assert.ok(await days.count() > 0, 'no day offered');
    await Promise.all([page.waitForNavigation(), days.first().tap()]);
    assert.match(page.url(), /&date=\d{4}-\d\d-\d\d#times-heading$/);
    // Below a long list of days, the phone lands on the times, not at the top of the page.
    const heading = await page.locator('#times-heading').boundingBox();
    assert.ok(heading && heading.y >= 0 && heading.y < PHONE.viewport.height, 'the free times are not in view');
    await checkAccessibility(page, 'booking-times-phone');
    await screenshot(page, 'booking-times-phone');

    // Tap 3: the first free time.
    const times = page.locator('ul.slots').getByRole('link');
    const time = (await times.first().innerText()).trim();
    assert.match(time, /^\d\d:\d\d$/);
    await Promise.all([page.waitForNavigation(), times.first().tap()]);
    assert.match(page.url(), /&start=\d{4}-\d\d-\d\dT\d\d:\d\d#confirm$/);
    const confirm = page.locator('#confirm');
    assert.ok((await confirm.innerText()).includes(time), 'the confirmation does not name the chosen time');
    await checkAccessibility(page, 'booking-confirm-anonymous-phone');
    assert.ok(await fitsViewport(page), 'the confirmation scrolls sideways');

    // Sign in, and come back to the same choice.
    const chosen = page.url().replace(/#.*$/, '');  // the server never sees the fragment
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Sign in to book' }).tap()]);
    await signInCustomer(page, url(), CUSTOMERS.alice.email);
    assert.equal(page.url(), chosen);
    await checkAccessibility(page, 'booking-confirm-phone');
    await screenshot(page, 'booking-confirm-phone');
    await page.getByLabel('Animal', { exact: true }).selectOption({ label: 'Buddy' });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send the request' }).tap()]);
    assert.equal(new URL(page.url()).searchParams.get('done'), 'requested');
    await page.getByRole('status').filter({ hasText: 'Your request has been sent.' }).waitFor();
  });
});
