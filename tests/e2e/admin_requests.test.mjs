// The requests inbox in a real browser: a manager approves Bob's pending request for Chloé, Bob (his own
// browser context) sees it confirmed in his French portal, and Chloé finds it among her notifications.
// Screenshots of the inbox at phone and desktop width; axe on the inbox and the notifications page.
//
// One server (fresh demo data) and one chromium serve the file; the steps share state, so they run in one test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, DESKTOP, PHONE, SALON, STAFF,
  checkAccessibility, fitsViewport, screenshot, signInCustomer, signInStaff, sharedSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;
const INBOX = `${BASE}/admin/requests`;
const NOTIFICATIONS = `${BASE}/admin/notifications`;
const APPOINTMENTS = `${BASE}/account/appointments`;

const pathOf = (page) => new URL(page.url()).pathname;

describe('requests inbox', () => {
  const salon = sharedSalon('admin-requests');
  const url = salon.url;

  test('a manager approves Bob\'s request for Chloé; Bob sees it confirmed; Chloé is notified', async (t) => {
    await salon.contexts(t.name, async (open) => {
      // The inbox at phone width: Bob's pending request with its three answers, nothing wider than the screen.
      const phone = await open(PHONE);
      await signInStaff(phone.page, salon.server.url, STAFF.manager.email);
      await phone.page.goto(url(INBOX));
      const phoneCard = phone.page.getByRole('listitem').filter({ hasText: 'Bob Durand · Rex' });
      await phoneCard.waitFor();
      assert.ok(await phoneCard.getByRole('button', { name: 'Approve', exact: true }).isVisible());
      assert.ok(await phoneCard.getByRole('link', { name: 'Book another time', exact: true }).isVisible());
      // Declining goes through its confirmation step: a link apart from the everyday answers.
      assert.ok(await phoneCard.getByRole('link', { name: 'Decline… Bob Durand · Rex', exact: true }).isVisible());
      assert.ok(await fitsViewport(phone.page), 'the inbox scrolls sideways on a phone');
      await screenshot(phone.page, 'admin-requests-inbox-phone');
      await checkAccessibility(phone.page, 'admin-requests-inbox-phone');

      // At desktop width the manager approves it, with Chloé doing the groom.
      const desk = await open(DESKTOP);
      await signInStaff(desk.page, salon.server.url, STAFF.manager.email);
      await desk.page.goto(url(INBOX));
      const card = desk.page.getByRole('listitem').filter({ hasText: 'Bob Durand · Rex' });
      await card.waitFor();
      await screenshot(desk.page, 'admin-requests-inbox-desktop');
      await checkAccessibility(desk.page, 'admin-requests-inbox-desktop');
      await card.getByLabel('Groomer', { exact: true }).selectOption({ label: STAFF.groomer.name });
      await Promise.all([
        desk.page.waitForNavigation({ waitUntil: 'load' }),
        card.getByRole('button', { name: 'Approve', exact: true }).click(),
      ]);
      assert.equal(pathOf(desk.page), INBOX);
      await desk.page.getByRole('status').filter({ hasText: 'Request approved' }).waitFor();
      assert.equal(await desk.page.getByRole('listitem').filter({ hasText: 'Bob Durand · Rex' })
        .getByRole('button', { name: 'Approve' }).count(), 0, 'the approved request still offers Approve');
      const answered = desk.page.getByRole('listitem').filter({ hasText: 'Answered by Marc Petit' });
      assert.match((await answered.innerText()).replace(/\s+/g, ' '), /Bob Durand · Rex Confirmed/);
      await screenshot(desk.page, 'admin-requests-inbox-approved-desktop');

      // Bob, in a browser of his own, reads his French portal: confirmed, and coming up.
      const bob = await open(PHONE);
      await signInCustomer(bob.page, salon.server.url, CUSTOMERS.bob.email);
      await bob.page.goto(url(APPOINTMENTS));
      const request = bob.page.getByRole('listitem').filter({ hasText: 'Rex' }).filter({ hasText: 'Confirmé' });
      await request.waitFor();
      const requestText = (await request.innerText()).replace(/\s+/g, ' ');
      const when = requestText.match(/(\d{1,2}(?:er)? \S+ \d{4}), (\d\d:\d\d)/);  // French writes « 1er »
      assert.ok(when, `no date in the request card: ${requestText}`);
      const comingUp = bob.page.locator('h2', { hasText: 'À venir' }).locator('xpath=following-sibling::ul[1]');
      const upcoming = (await comingUp.innerText()).replace(/\s+/g, ' ');
      assert.ok(upcoming.includes(`${when[1]}, ${when[2]}`) && upcoming.includes('Rex'),
        `"À venir" lacks Rex on ${when[0]}: ${upcoming}`);
      await screenshot(bob.page, 'admin-requests-bob-confirmed-phone');

      // Chloé's bell counts it, and her notifications page lists it, in French, linking to the appointment.
      const chloe = await open(DESKTOP);
      await signInStaff(chloe.page, salon.server.url, STAFF.groomer.email);
      assert.equal((await chloe.page.locator('[data-bell-count]').innerText()).trim(), '1');
      await chloe.page.goto(url(NOTIFICATIONS));
      const note = chloe.page.getByRole('link', { name: /^Nouveau rendez-vous pour vous : Rex \(Bob Durand\)/ });
      await note.waitFor();
      assert.match(await note.getAttribute('href'), new RegExp(`^${BASE}/admin/appointments/\\d+/edit$`));
      await screenshot(chloe.page, 'admin-notifications-desktop');
      await checkAccessibility(chloe.page, 'admin-notifications-desktop');
      await Promise.all([
        chloe.page.waitForNavigation({ waitUntil: 'load' }),
        chloe.page.getByRole('button', { name: 'Tout marquer comme lu', exact: true }).click(),
      ]);
      assert.equal(pathOf(chloe.page), NOTIFICATIONS);
      assert.equal((await chloe.page.locator('[data-bell-count]').innerText()).trim(), '0');
      await checkAccessibility(chloe.page, 'admin-notifications-read-desktop');
    });
  });
});
