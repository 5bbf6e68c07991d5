// The portal's overview and packages page on a phone (375 px): Alice sees what is left to pay, her account
// credit with its latest movement and her "5 × Bath & brush" package at a glance, follows the link to the
// packages page; both pages fit the screen and pass axe. Bob, who has neither, sees empty states.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMERS, PHONE, SALON,
  assertNoPageProblems, checkAccessibility, fitsViewport, openContext, screenshot, sharedSalon, signInCustomer,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;
const pathOf = (page) => new URL(page.url()).pathname;

describe('portal overview and packages', () => {
  const salon = sharedSalon('portal-packages');

  async function onPhoneAs(t, who, fn) {
    const c = await openContext(salon.browser, PHONE);
    try {
      await signInCustomer(c.page, salon.server.url, CUSTOMERS[who].email);
      assert.equal(pathOf(c.page), `${BASE}/account`);
      await fn(c.page);
      assertNoPageProblems(c.problems, t.name);
    } finally {
      await c.close();
    }
  }

  test('Alice: the overview shows what is left to pay, her credit and her package, and leads to the packages page', async (t) => {
    await onPhoneAs(t, 'alice', async (page) => {
      const main = page.locator('main');
      await assert.doesNotReject(main.getByText('Amount to pay: €62.40.').waitFor());
      const credit = main.locator('.card').filter({ has: page.getByRole('heading', { name: 'Account credit' }) });
      assert.match(await credit.innerText(), /Balance: €20\.00/);
      assert.match(await credit.innerText(), /Gift credit \+€20\.00/);
      const packages = main.locator('.card').filter({ has: page.getByRole('heading', { name: 'My packages' }) });
      assert.match(await packages.innerText(), /5 × Bath & brush: 3 of 5 sessions left · valid until \d+ \w+ \d{4}/);
      assert.ok(await fitsViewport(page), 'the overview scrolls sideways at 375 px');
      await checkAccessibility(page, 'portal-overview-credit-packages-phone');
      await screenshot(page, 'portal-overview-credit-packages-phone');

      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), packages.getByRole('link', { name: 'See my packages' }).click()]);
      assert.equal(pathOf(page), `${BASE}/account/packages`);
      const active = await main.locator('.card').filter({ hasText: '5 × Bath & brush' }).innerText();
      assert.match(active, /3 of 5 sessions left/);
      assert.match(active, /Last session: \d+ \w+ \d{4}, Luna/);
      assert.ok(await fitsViewport(page), 'the packages page scrolls sideways at 375 px');
      await checkAccessibility(page, 'portal-packages-phone');
      await screenshot(page, 'portal-packages-phone');
    });
  });

  test('Bob (French): no package and no credit, said plainly', async (t) => {
    await onPhoneAs(t, 'bob', async (page) => {
      const main = page.locator('main');
      await assert.doesNotReject(main.getByText("Vous n'avez aucun forfait actif.").waitFor());
      assert.match(await main.innerText(), /Solde : 0,00\s€/);
      assert.ok(await fitsViewport(page), 'the overview scrolls sideways at 375 px');
      await checkAccessibility(page, 'portal-fr-overview-empty-packages-phone');
    });
  });
});
