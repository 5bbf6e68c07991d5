// The customer portal in a real browser, mostly at phone width (375 px): Alice (English) signs in, sees her
// animals, requests an appointment and downloads her unpaid invoice; Bob's French account; axe and
// screenshots of every portal page; keyboard order on sign-in; the request form without JavaScript.
//
// One server (fresh demo data) and one chromium serve the whole file; each test opens its own contexts
// (cookie jars) and closes them. Tests do not depend on each other's state, except that requests made by
// one test show up in another's appointment list, which no assertion minds. The request form's free-form times
// are allowed first (a manager ticks it in Booking preferences): the demo salon takes requests at free times only.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  ARTIFACTS, CUSTOMERS, DESKTOP, PHONE, SALON,
  STAFF, checkAccessibility, fitsViewport, openContext, pdfScreenshot, pdfText, screenshot, sharedSalon,
  signInCustomer, signInStaff,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;
const P = {
  login: `${BASE}/login`,
  forgot: `${BASE}/password/forgot`,
  overview: `${BASE}/account`,
  animals: `${BASE}/account/animals`,
  appointments: `${BASE}/account/appointments`,
  request: `${BASE}/account/appointments/new`,
  invoices: `${BASE}/account/invoices`,
  receipts: `${BASE}/account/receipts`,
};
const SALON_TZ = 'Europe/Paris';
const UNPAID_TOTAL = '€62.40';

const pathOf = (page) => new URL(page.url()).pathname;

/** A day `daysAhead` from now in the salon's time zone: { iso: 'YYYY-MM-DD', text: '21 December 2026' }. */
function salonDay(daysAhead) {
  const when = new Date(Date.now() + daysAhead * 86_400_000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en', {
    timeZone: SALON_TZ, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(when).map((p) => [p.type, p.value]));
  const month = new Intl.DateTimeFormat('en', { timeZone: SALON_TZ, month: 'long' }).format(when);
  return { iso: `${parts.year}-${parts.month}-${parts.day}`, text: `${Number(parts.day)} ${month} ${parts.year}` };
}

/** Describes the focused element and whether its focus is visible (an outline or a box-shadow). */
function focusedElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return { tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(), visible: outline || shadow };
  });
}

/** Fills and sends the request form the page shows. Returns the navigation's response. */
async function sendRequest(page, { animal, start, end, comments }) {
  await page.getByLabel('Animal', { exact: true }).selectOption({ label: animal });
  await page.getByLabel('Start', { exact: true }).fill(start);
  await page.getByLabel('End', { exact: true }).fill(end);
  if (comments !== undefined) await page.getByLabel('Comments for the salon (optional)', { exact: true }).fill(comments);
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Send the request', exact: true }).click(),
  ]);
  return response;
}

/** The `.field` block that holds the control labelled `label`: where its error message must appear. */
const fieldOf = (page, label) => page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) });

describe('customer portal', () => {
  const salon = sharedSalon('portal');
  const url = salon.url;
  const withContexts = salon.contexts;

  // Runs after sharedSalon's own before hook, which registered first.
  before(async () => {
    const manager = await openContext(salon.browser, DESKTOP);
    try {
      await signInStaff(manager.page, salon.server.url, STAFF.manager.email);
      await manager.page.goto(url(`${BASE}/admin/settings/booking`));
      await manager.page.getByLabel('Customers may request times outside the offered free times', { exact: true }).check();
      await Promise.all([
        manager.page.waitForNavigation({ waitUntil: 'load' }),
        manager.page.getByRole('button', { name: 'Save the preferences', exact: true }).click(),
      ]);
      await manager.page.getByRole('status').waitFor();
    } finally {
      await manager.close();
    }
  });

  // A phone context signed in as `who`, on the overview.
  async function signedIn(open, who, device = PHONE, options = {}) {
    const c = await open(device, options);
    await signInCustomer(c.page, salon.server.url, CUSTOMERS[who].email);
    assert.equal(pathOf(c.page), P.overview, `${who} did not land on the overview after signing in`);
    return c;
  }

  test('the sign-in page: Tab goes Email, Password, Sign in, each with a visible focus', async (t) => {
    await withContexts(t.name, async (open) => {
      const { page } = await open(PHONE);
      await page.goto(url(P.login));
      await page.getByRole('heading', { level: 1 }).waitFor();

      // Before the form come only the skip link and the header; allow a few stops before Email.
      let focused;
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Tab');
        focused = await focusedElement(page);
        if (focused.id === 'email') break;
      }
      assert.equal(focused.id, 'email', 'Tab never reached the Email field');
      assert.ok(focused.visible, 'the focused Email field shows no outline or box-shadow');

      await page.keyboard.press('Tab');
      focused = await focusedElement(page);
      assert.equal(focused.id, 'password', `after Email, Tab went to ${JSON.stringify(focused)}`);
      assert.ok(focused.visible, 'the focused Password field shows no outline or box-shadow');

      await page.keyboard.press('Tab');
      focused = await focusedElement(page);
      assert.deepEqual([focused.tag, focused.text], ['button', 'Sign in'],
        `after Password, Tab went to ${JSON.stringify(focused)}`);
      assert.ok(focused.visible, 'the focused Sign in button shows no outline or box-shadow');
      await screenshot(page, 'portal-login-focus-button-phone');
    });
  });

  test('Alice signs in, sees her animals, requests an appointment and downloads her unpaid invoice', async (t) => {
    await withContexts(t.name, async (open) => {
      const { page, context } = await open(PHONE);
      await signInCustomer(page, salon.server.url, CUSTOMERS.alice.email);
      assert.equal(pathOf(page), P.overview);
      await page.getByRole('heading', { level: 1, name: 'Hello Alice' }).waitFor();
      assert.ok(await page.getByRole('button', { name: 'Sign out', exact: true }).isVisible(),
        'no Sign out button in the header');

      // My animals, through the tab nav.
      const tabs = page.getByRole('navigation', { name: 'Your account' });
      await Promise.all([page.waitForURL(url(P.animals)), tabs.getByRole('link', { name: 'Animals', exact: true }).click()]);
      assert.equal(await tabs.getByRole('link', { name: 'Animals', exact: true }).getAttribute('aria-current'), 'page');
      const card = (name) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
      assert.match(await card('Buddy').innerText(), /\bDog\b[\s\S]*\bPoodle\b/);
      assert.match(await card('Luna').innerText(), /\bCat\b[\s\S]*\bPersian\b/);

      // Request an appointment for Buddy about 30 days ahead, 10:00-11:30 salon time.
      const day = salonDay(30);
      const comment = `Short on the ears please (e2e ${day.iso})`;
      await page.goto(url(P.appointments));
      await Promise.all([
        page.waitForURL(url(P.request)),
        page.getByRole('link', { name: 'Request an appointment' }).click(),
      ]);
      await sendRequest(page, { animal: 'Buddy', start: `${day.iso}T10:00`, end: `${day.iso}T11:30`, comments: comment });
      assert.equal(pathOf(page), P.appointments);
      assert.equal(new URL(page.url()).searchParams.get('done'), 'requested');
      await page.getByRole('status').filter({ hasText: 'Your request has been sent.' }).waitFor();
      const request = page.getByRole('listitem').filter({ hasText: comment });
      await request.waitFor();
      const requestText = (await request.innerText()).replace(/\s+/g, ' ');
      for (const part of [day.text, '10:00', '11:30', 'Buddy', 'Requested']) {
        assert.ok(requestText.includes(part), `the request card lacks "${part}": ${requestText}`);
      }
      assert.ok(await request.getByText('Requested', { exact: true }).isVisible(), 'no visible "Requested" status');

      // The unpaid invoice: its number in the table, then its PDF through the link.
      await page.goto(url(P.invoices));
      const unpaid = page.getByRole('row').filter({ has: page.getByText('To pay', { exact: true }) });
      assert.equal(await unpaid.count(), 1, 'expected exactly one unpaid invoice row');
      assert.ok((await unpaid.innerText()).includes(UNPAID_TOTAL), `the unpaid row does not show ${UNPAID_TOTAL}`);
      const link = unpaid.getByRole('link');
      // The download is a button that names the invoice's number and says it is a PDF.
      const number = /^(FA\d{4}-\d{4})\s+PDF$/.exec((await link.innerText()).trim())?.[1];
      assert.ok(number, `the download button does not read "<number> PDF": ${await link.innerText()}`);

      // Chromium opens a PDF in its viewer (no download event, and the response body it keeps is the
      // viewer's page): check the navigation's headers, then fetch the bytes with the context's cookies.
      const [nav] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/pdf') && r.request().isNavigationRequest()),
        link.click(),
      ]);
      assert.equal(nav.status(), 200);
      assert.equal(nav.headers()['content-type'], 'application/pdf');
      const pdf = await context.request.get(nav.url());
      assert.equal(pdf.status(), 200);
      const bytes = await pdf.body();
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the invoice is not a PDF');

      const dir = path.join(ARTIFACTS, 'pdf');
      await fsp.mkdir(dir, { recursive: true });
      const file = path.join(dir, `portal-alice-${number}.pdf`);
      await fsp.writeFile(file, bytes);
      const text = await pdfText(file);
      assert.ok(text.includes(number), `the PDF text lacks the invoice number ${number}`);
      assert.ok(text.includes(UNPAID_TOTAL), `the PDF text lacks ${UNPAID_TOTAL}`);
      await pdfScreenshot(file, 'portal-invoice-pdf-page1');

      // Another customer's invoice is not there (ids are small integers in the demo data).
      const others = await Promise.all([1, 2, 3, 4, 5].map((id) => context.request.get(url(`${P.invoices}/${id}/pdf`))));
      const mine = others.filter((r) => r.status() === 200).length;
      assert.ok(others.every((r) => [200, 404].includes(r.status())), 'an invoice PDF answered neither 200 nor 404');
      assert.ok(mine >= 1 && mine <= 2, `Alice could open ${mine} of invoices 1-5 (she has two issued)`);

      // Sign out from the header.
      await page.goto(url(P.overview));
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.getByRole('button', { name: 'Sign out', exact: true }).click(),
      ]);
      await page.goto(url(P.overview));
      assert.equal(pathOf(page), P.login, 'the overview is still reachable after signing out');
    });
  });

  test('Bob (French account, English browser) sees "Caniche" and French invoices', async (t) => {
    await withContexts(t.name, async (open) => {
      const { page } = await signedIn(open, 'bob', PHONE, { locale: 'en-US' });
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
      await screenshot(page, 'portal-fr-overview-phone');

      const tabs = page.getByRole('navigation', { name: 'Votre compte' });
      await Promise.all([page.waitForURL(url(P.animals)), tabs.getByRole('link', { name: 'Animaux', exact: true }).click()]);
      await page.getByRole('heading', { level: 1, name: 'Mes animaux' }).waitFor();
      const rex = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Rex', exact: true }) });
      assert.match(await rex.innerText(), /Caniche/);
      assert.doesNotMatch(await page.locator('main').innerText(), /Poodle/);
      assert.ok(await fitsViewport(page), '"Mes animaux" scrolls sideways');
      await screenshot(page, 'portal-fr-animals-phone');

      await Promise.all([page.waitForURL(url(P.invoices)), tabs.getByRole('link', { name: 'Factures', exact: true }).click()]);
      await page.getByRole('heading', { level: 1, name: 'Mes factures' }).waitFor();
      const headers = (await page.getByRole('columnheader').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(headers, ['Numéro', 'Date', 'Total', 'État']);
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^FA\d{4}-\d{4}\s+PDF$/ }) });
      assert.equal(await row.count(), 1, 'Bob should see exactly one invoice');
      const rowText = await row.innerText();
      assert.match(rowText, /Payée/);
      assert.match(rowText, /\d+,\d\d\s€/, `the total is not written the French way: ${rowText}`);
      assert.match(rowText, /\d{1,2}(er)? [a-zéû]+\.? \d{4}/, `the date is not French: ${rowText}`);
      assert.ok(await fitsViewport(page), '"Mes factures" scrolls sideways');
      await screenshot(page, 'portal-fr-invoices-phone');

      await page.goto(url(P.appointments));
      await page.getByRole('heading', { level: 1, name: 'Mes rendez-vous' }).waitFor();
      await page.getByText('Demandé', { exact: true }).waitFor();
      assert.ok(await fitsViewport(page), '"Mes rendez-vous" scrolls sideways');
      await screenshot(page, 'portal-fr-appointments-phone');
      await page.goto(url(P.request));
      await screenshot(page, 'portal-fr-request-phone');
    });
  });

  test('portal pages pass axe at phone width; overview and appointments also at desktop width', async (t) => {
    await withContexts(t.name, async (open) => {
      // Signed out: sign-in and forgotten password.
      const anon = (await open(PHONE)).page;
      for (const [name, p] of [['login', P.login], ['forgot-password', P.forgot]]) {
        await anon.goto(url(p));
        await anon.getByRole('heading', { level: 1 }).waitFor();
        assert.ok(await fitsViewport(anon), `${name} scrolls sideways at 375 px`);
        await screenshot(anon, `portal-${name}-phone`);
        await checkAccessibility(anon, `portal-${name}-phone`);
      }

      const alice = await signedIn(open, 'alice');
      const { page } = alice;
      for (const [name, p] of [
        ['overview', P.overview], ['animals', P.animals], ['appointments', P.appointments],
        ['request', P.request], ['invoices', P.invoices], ['receipts', P.receipts],
      ]) {
        await page.goto(url(p));
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.ok(await fitsViewport(page), `${name} scrolls sideways at 375 px`);
        await screenshot(page, `portal-${name}-phone`);
        await checkAccessibility(page, `portal-${name}-phone`);
      }

      // The request form again, with an end before the start.
      const day = salonDay(31);
      await page.goto(url(P.request));
      const response = await sendRequest(page, { animal: 'Luna', start: `${day.iso}T11:30`, end: `${day.iso}T10:00` });
      assert.equal(pathOf(page), P.request);
      assert.ok(response.status() >= 400, `an invalid request answered ${response.status()}`);
      await fieldOf(page, 'End').getByText('The end must be after the start.').waitFor();
      await page.getByRole('alert').waitFor();
      assert.ok(await fitsViewport(page), 'the request form with errors scrolls sideways at 375 px');
      await screenshot(page, 'portal-request-errors-phone');
      await checkAccessibility(page, 'portal-request-errors-phone');

      // Desktop width, same session.
      const desk = (await open(DESKTOP, { storageState: await alice.context.storageState() })).page;
      for (const [name, p] of [['overview', P.overview], ['appointments', P.appointments]]) {
        await desk.goto(url(p));
        assert.equal(pathOf(desk), p, `the desktop context is not signed in (${name})`);
        await desk.getByRole('heading', { level: 1 }).waitFor();
        await screenshot(desk, `portal-${name}-desktop`);
      }
    });
  });

  test('the request form works without JavaScript', async (t) => {
    await withContexts(t.name, async (open) => {
      const { page } = await signedIn(open, 'alice', PHONE, { javaScriptEnabled: false });
      await page.goto(url(P.request));
      const day = salonDay(32);

      // Invalid: no start at all. The error sits in the Start field's block and the form keeps the input.
      await sendRequest(page, { animal: 'Luna', start: '', end: `${day.iso}T15:00`, comments: 'No JavaScript here' });
      assert.equal(pathOf(page), P.request);
      const startField = fieldOf(page, 'Start');
      const startError = startField.locator('.field-error');
      await startError.waitFor();
      assert.ok((await startError.innerText()).trim().length > 0, 'the Start error is empty');
      const start = page.getByLabel('Start', { exact: true });
      assert.equal(await start.getAttribute('aria-invalid'), 'true');
      assert.ok((await start.getAttribute('aria-describedby')).split(/\s+/).includes(await startError.getAttribute('id')),
        'the Start field is not described by its error');
      assert.equal(await page.getByLabel('End', { exact: true }).inputValue(), `${day.iso}T15:00`);
      assert.equal(await page.getByLabel('Comments for the salon (optional)').inputValue(), 'No JavaScript here');
      assert.equal(await page.getByLabel('Animal').locator('option:checked').innerText(), 'Luna');
      await screenshot(page, 'portal-request-errors-nojs-phone');

      // Fixed, it goes through.
      await sendRequest(page, { animal: 'Luna', start: `${day.iso}T14:00`, end: `${day.iso}T15:00` });
      assert.equal(pathOf(page), P.appointments);
      await page.getByText('Your request has been sent.').waitFor();
      await page.getByRole('listitem').filter({ hasText: 'No JavaScript here' }).getByText('Requested').waitFor();
    });
  });
});
