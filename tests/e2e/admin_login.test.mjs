// Staff sign-in and sign-out in a real browser, at phone and desktop width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, PHONE, PASSWORD, SALON, STAFF,
  checkAccessibility, fitsViewport, screenshot, signInStaff, withSalon,
} from './harness.mjs';

const LOGIN = `/s/${SALON.slug}/admin/login`;
const DASHBOARD = `/s/${SALON.slug}/admin`;
const WELCOME = `Signed in as ${STAFF.owner.name} (Owner) at ${SALON.name}.`;
const WRONG = 'The email or the password is not right.';

const path = (page) => new URL(page.url()).pathname;

for (const [device, profile] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`the owner signs in at ${device} width`, async (t) => {
    await withSalon(t.name, profile, async ({ page, url, server }) => {
      await page.goto(url(LOGIN));
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.ok(await fitsViewport(page), 'the sign-in page scrolls sideways');
      await screenshot(page, `admin-login-${device}`);
      await checkAccessibility(page, `admin-login-${device}`);

      await signInStaff(page, server.url, STAFF.owner.email, PASSWORD);
      assert.equal(path(page), DASHBOARD);
      await page.getByText(WELCOME, { exact: true }).waitFor();
      assert.ok(await page.getByRole('button', { name: 'Sign out', exact: true }).isVisible(),
        'the Sign out button is not visible in the header');
      assert.ok(await fitsViewport(page), 'the dashboard scrolls sideways');
      await screenshot(page, `admin-dashboard-${device}`);
      await checkAccessibility(page, `admin-dashboard-${device}`);
    });
  });
}

test('a wrong password shows the error and stays on the sign-in page', async (t) => {
  await withSalon(t.name, PHONE, async ({ page, url, server }) => {
    await signInStaff(page, server.url, STAFF.owner.email, 'not-the-password-at-all');
    assert.equal(path(page), LOGIN);
    await page.getByText(WRONG, { exact: true }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Sign in', exact: true }).isVisible());
    assert.equal(await page.getByText(WELCOME).count(), 0);
    await screenshot(page, 'admin-login-wrong-password-phone');
    await checkAccessibility(page, 'admin-login-wrong-password-phone');

    // No session came of it: the dashboard still sends us to sign in.
    await page.goto(url(DASHBOARD));
    assert.equal(path(page), LOGIN);
  });
});

test('signing out returns to the sign-in page and ends the session', async (t) => {
  await withSalon(t.name, DESKTOP, async ({ page, url, server }) => {
    await signInStaff(page, server.url, STAFF.owner.email, PASSWORD);
    await page.getByText(WELCOME, { exact: true }).waitFor();

    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: 'Sign out', exact: true }).click(),
    ]);
    assert.equal(path(page), LOGIN);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();

    await page.goto(url(DASHBOARD));
    assert.equal(path(page), LOGIN, 'the dashboard is still reachable after signing out');
    assert.equal(await page.getByText(WELCOME).count(), 0);
  });
});

test('staff sign in without JavaScript', async (t) => {
  await withSalon(t.name, PHONE, async ({ page, server }) => {
    await signInStaff(page, server.url, STAFF.owner.email, PASSWORD);
    assert.equal(path(page), DASHBOARD);
    await page.getByText(WELCOME, { exact: true }).waitFor();
  }, { browserOptions: { javaScriptEnabled: false } });
});
