// The admin panel and the portal on a phone (375 px) and a desktop (1280 px): the phone's bottom tab bar
// (Today, Calendar, Requests, Customers, More) with only the screens a role can open, the full navigation on
// a desktop, and on the phone every visible link, button and field at least 44 × 44 px, with axe clean.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, DESKTOP, PHONE, SALON, STAFF,
  assertNoPageProblems, checkAccessibility, fitsViewport, openContext, screenshot, sharedSalon, signInCustomer,
  signInStaff, smallTapTargets,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;
const pathOf = (page) => new URL(page.url()).pathname;

// The main screens of each face, as a phone user reaches them.
const ADMIN_PAGES = [
  'admin', 'admin/appointments', 'admin/appointments?view=week', 'admin/requests', 'admin/customers',
  'admin/animals', 'admin/invoices', 'admin/services', 'admin/packages', 'admin/staff', 'admin/settings',
  'admin/email-log', 'admin/export', 'admin/notifications',
];
const PORTAL_PAGES = [
  'account', 'account/animals', 'account/appointments', 'account/appointments/new', 'account/invoices',
  'account/receipts', 'account/packages', 'book', 'password/reset?token=expired', 'no-such-page',
];

describe('phone navigation and tap targets', () => {
  const salon = sharedSalon('phone-admin');

  async function signedIn(t, device, who, fn, contextOptions = {}) {
    const c = await openContext(salon.browser, device, contextOptions);
    try {
      if (STAFF[who]) await signInStaff(c.page, salon.server.url, STAFF[who].email);
      else await signInCustomer(c.page, salon.server.url, CUSTOMERS[who].email);
      await fn(c.page);
      assertNoPageProblems(c.problems, t.name);
    } finally {
      await c.close();
    }
  }

  const tabBar = (page) => page.locator('nav.tabbar');
  const tabNames = async (page) => (await tabBar(page).locator(':scope > a, summary').allInnerTexts()).map((s) => s.trim());

  test('the owner moves around the admin with the bottom tab bar on a phone', async (t) => {
    await signedIn(t, PHONE, 'owner', async (page) => {
      assert.equal(pathOf(page), `${BASE}/admin`);
      const bar = tabBar(page);
      assert.ok(await bar.isVisible(), 'no tab bar on the phone');
      assert.deepEqual(await tabNames(page), ['Today', 'Calendar', 'Requests', 'Customers', 'More']);
      assert.equal(await page.locator('nav.admin-wide').isVisible(), false, 'the long navigation still shows on the phone');
      assert.equal(await bar.getByRole('link', { name: 'Today' }).getAttribute('aria-current'), 'page');

      // The bar stays at the bottom of the screen, across its whole width.
      const box = await bar.boundingBox();
      assert.equal(Math.round(box.y + box.height), PHONE.viewport.height);
      assert.equal(Math.round(box.width), PHONE.viewport.width);
      assert.ok(await fitsViewport(page), 'the dashboard scrolls sideways');
      await screenshot(page, 'phone-admin-tabbar');
      await checkAccessibility(page, 'phone-admin-tabbar');

      await Promise.all([page.waitForURL(`**${BASE}/admin/appointments`), bar.getByRole('link', { name: 'Calendar' }).click()]);
      assert.equal(await tabBar(page).getByRole('link', { name: 'Calendar' }).getAttribute('aria-current'), 'page');

      // More opens a sheet of the other screens above the bar.
      const more = tabBar(page).locator('details');
      await more.locator('summary').click();
      const sheet = more.locator('.tabbar-sheet');
      assert.deepEqual((await sheet.getByRole('link').allInnerTexts()).map((s) => s.trim()),
        ['Animals', 'Invoices', 'Services', 'Packages', 'Team', 'Settings', 'Email log', 'Export']);
      const sheetBox = await sheet.boundingBox();
      assert.ok(sheetBox.y + sheetBox.height <= (await tabBar(page).boundingBox()).y, 'the sheet covers the tab bar');
      assert.deepEqual(await smallTapTargets(page), []);
      await screenshot(page, 'phone-admin-more-open');
      await checkAccessibility(page, 'phone-admin-more-open');

      await Promise.all([page.waitForURL(`**${BASE}/admin/invoices`), sheet.getByRole('link', { name: 'Invoices' }).click()]);
      // A screen behind More marks More as where the page is.
      assert.equal(await tabBar(page).locator('details').getAttribute('data-current'), '');
      assert.equal(await tabBar(page).locator('details').getAttribute('open'), null, 'More stays open on the next page');
    });
  });

  test('a groomer sees only the tabs of screens a groomer can open, in her language', async (t) => {
    // Chloé, the demo's groomer, reads the admin in French.
    await signedIn(t, PHONE, 'groomer', async (page) => {
      assert.deepEqual(await tabNames(page), ['Aujourd’hui', 'Agenda', 'Clients', 'Plus']);
      await tabBar(page).locator('summary').click();
      assert.deepEqual((await tabBar(page).locator('.tabbar-sheet').getByRole('link').allInnerTexts()).map((s) => s.trim()),
        ['Animaux']);
      await screenshot(page, 'phone-admin-tabbar-groomer');
      await checkAccessibility(page, 'phone-admin-tabbar-groomer');
    });
  });

  test('More works without JavaScript', async (t) => {
    await signedIn(t, PHONE, 'manager', async (page) => {
      await tabBar(page).locator('summary').click();
      await Promise.all([page.waitForURL(`**${BASE}/admin/settings`),
        tabBar(page).locator('.tabbar-sheet').getByRole('link', { name: 'Settings' }).click()]);
      assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /settings/i);
    }, { javaScriptEnabled: false });
  });

  test('a desktop keeps the full navigation and no tab bar', async (t) => {
    await signedIn(t, DESKTOP, 'owner', async (page) => {
      assert.equal(await tabBar(page).isVisible(), false);
      const wide = page.locator('nav.admin-wide');
      assert.ok(await wide.isVisible());
      assert.deepEqual((await wide.getByRole('link').allInnerTexts()).map((s) => s.trim()),
        ['Today', 'Calendar', 'Requests', 'Customers', 'Animals', 'Invoices', 'Services', 'Packages', 'Team',
          'Settings', 'Email log', 'Export']);
      const tops = await wide.getByRole('link').evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
      assert.equal(new Set(tops).size, 1, 'the navigation wraps onto a second row at 1280 px');
      await screenshot(page, 'desktop-admin-nav');
      await checkAccessibility(page, 'desktop-admin-nav');
    });
  });

  for (const [who, pages] of [['owner', ADMIN_PAGES], ['alice', PORTAL_PAGES]]) {
    test(`every tap target of ${who === 'owner' ? 'the admin' : 'the portal'}'s main pages is at least 44 × 44 px on a phone`, async (t) => {
      await signedIn(t, PHONE, who, async (page) => {
        const small = {};
        for (const p of pages) {
          await page.goto(new URL(`${BASE}/${p}`, salon.server.url).href);
          await page.getByRole('heading', { level: 1 }).waitFor();
          const found = await smallTapTargets(page);
          if (found.length) small[p] = found;
          const name = `phone-${p.replace(/[/?=]/g, '-')}`;
          await screenshot(page, name);
          await checkAccessibility(page, name);
          assert.ok(await fitsViewport(page), `${p} scrolls sideways`);
        }
        assert.deepEqual(small, {});
      });
    });
  }

  test('the email log is a list of cards on a phone and a table on a desktop', async (t) => {
    // A customer's forgot-password request puts a message in the log.
    const visitor = await openContext(salon.browser, PHONE);
    try {
      await visitor.page.goto(new URL(`${BASE}/password/forgot`, salon.server.url).href);
      await visitor.page.getByLabel('Email', { exact: true }).fill(CUSTOMERS.alice.email);
      await Promise.all([visitor.page.waitForNavigation(), visitor.page.locator('main form button[type="submit"]').click()]);
    } finally {
      await visitor.close();
    }
    for (const [device, profile] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      await signedIn(t, profile, 'owner', async (page) => {
        await page.goto(new URL(`${BASE}/admin/email-log`, salon.server.url).href);
        const header = page.locator('.email-log thead');
        const row = page.locator('.email-log tbody tr').first();
        // The message is written on the mail sender's thread, after the visitor's answer.
        for (const end = Date.now() + 60_000; !(await row.count()) && Date.now() < end;) {
          await page.waitForTimeout(250);
          await page.reload();
        }
        const rowBox = await row.boundingBox();
        if (device === 'phone') {
          // The column headers are left to screen readers; each message is a card of its own.
          assert.ok((await header.boundingBox()).width <= 1, 'the table header shows on the phone');
          assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), 'grid');
          assert.ok(rowBox.width <= PHONE.viewport.width, 'a message card is wider than the phone');
          assert.ok(await fitsViewport(page), 'the email log scrolls sideways');
        } else {
          assert.ok((await header.boundingBox()).width > 600, 'no table header on the desktop');
          assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), 'table-row');
        }
        await screenshot(page, `email-log-${device}`);
        await checkAccessibility(page, `email-log-${device}`);
      });
    }
  });
});
