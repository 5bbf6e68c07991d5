// The front desk in a real browser: the dashboard's today, then the day grid with today's demo work in each groomer's column at desktop width,
// a click on a free cell that lands on a prefilled form and books the appointment, and Chloé's phone, where
// the grid starts on her own column and the chooser switches columns. Screenshots at 375 and 1280 px; axe.
//
// One server (fresh demo data) and one chromium serve the file; the steps share state, so they run in one test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, PHONE, SALON, STAFF,
  assertNoPageProblems, checkAccessibility, fitsViewport, screenshot, sharedSalon, signInStaff,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;
const CALENDAR = `${BASE}/admin/appointments`;

// A day in Paris (the demo salon's zone) as YYYY-MM-DD, `offset` days from today.
function parisDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

// The first Tuesday (open 09:00-18:00 in the demo) at least a week ahead: a day with nothing booked.
function openTuesday() {
  for (let i = 7; i < 14; i += 1) {
    const iso = parisDay(i);
    if (new Date(`${iso}T12:00:00Z`).getUTCDay() === 2) return iso;
  }
  throw new Error('no Tuesday in a week');
}

describe('calendar day grid', () => {
  const salon = sharedSalon('calendar-grid');
  const url = salon.url;

  test('today in columns, a free cell books a prefilled appointment, and a groomer\'s phone shows her column', async (t) => {
    await salon.contexts(t.name, async (open) => {
      // Desktop, the manager: today's two demo appointments, each in its groomer's column.
      const desk = await open(DESKTOP);
      await signInStaff(desk.page, salon.server.url, STAFF.manager.email);
      // The dashboard first: today's two, in time order, each with its actions.
      const todayList = desk.page.getByRole('region', { name: 'Today', exact: true }).getByRole('listitem');
      assert.equal(await todayList.count(), 2);
      assert.match(await todayList.nth(0).innerText(), /10:00[\s\S]*Biscuit/);
      assert.ok(await todayList.nth(1).getByRole('button', { name: /^Mark done/ }).isVisible());
      await screenshot(desk.page, 'dashboard-today-desktop');
      await checkAccessibility(desk.page, 'dashboard-today-desktop');
      await desk.page.goto(url(`${CALENDAR}?date=${parisDay()}&view=day`));
      const chloe = desk.page.getByRole('region', { name: 'Chloé', exact: true });
      const marc = desk.page.getByRole('region', { name: 'Marc Petit', exact: true });
      await chloe.waitFor();
      assert.match(await chloe.locator('.block').first().innerText(), /10:00 – 11:30[\s\S]*Biscuit · Carol White · Full groom/);
      assert.match(await marc.locator('.block').first().innerText(), /14:00 – 15:00[\s\S]*Pepper · Carol White · Bath & brush/);
      assert.equal(await desk.page.getByRole('main').getByRole('link', { name: 'Today', exact: true }).getAttribute('aria-current'), 'date');
      // The columns sit side by side, the block as tall as its 90 minutes (six quarter-hour rows).
      const [chloeBox, marcBox] = [await chloe.boundingBox(), await marc.boundingBox()];
      assert.ok(marcBox.x >= chloeBox.x + chloeBox.width - 1, 'the columns are not side by side');
      const block = await chloe.locator('.block').first().boundingBox();
      const cell = await chloe.locator('a.cell').first().boundingBox();
      assert.ok(Math.abs(block.height - 6 * cell.height) < 8, `a 90-minute block is ${block.height}px for ${cell.height}px rows`);
      assert.ok(await fitsViewport(desk.page), 'the calendar scrolls sideways at desktop width');
      await screenshot(desk.page, 'calendar-day-grid-desktop');
      await checkAccessibility(desk.page, 'calendar-day-grid-desktop');

      // A free cell on an open Tuesday: Marc at 10:00 opens the form prefilled with both, which books it.
      const day = openTuesday();
      await desk.page.goto(url(`${CALENDAR}?date=${day}&view=day`));
      await Promise.all([
        desk.page.waitForURL((u) => u.pathname === `${CALENDAR}/new`),
        marc.getByRole('link', { name: /^10:00 new appointment/i }).click(),
      ]);
      assert.equal(await desk.page.getByLabel('Start', { exact: true }).inputValue(), `${day}T10:00`);
      assert.equal(await desk.page.getByLabel('Team member', { exact: true }).locator('option:checked').innerText(), 'Marc Petit');
      await desk.page.getByLabel('Animal', { exact: true }).selectOption({ label: 'Rex (Bob Durand)' });
      await desk.page.getByLabel('Service (optional)', { exact: true }).selectOption({ index: 1 });
      await Promise.all([
        desk.page.waitForURL((u) => u.pathname === CALENDAR),
        desk.page.getByRole('button', { name: 'Save the appointment', exact: true }).click(),
      ]);
      const booked = marc.locator('.block').filter({ hasText: 'Rex · Bob Durand' });
      assert.match(await booked.innerText(), /^10:00 – /);
      assert.equal(await marc.getByRole('link', { name: /^10:00 new appointment/i }).count(), 0, 'the booked cell is still offered');
      await screenshot(desk.page, 'calendar-day-grid-booked-desktop');

      // The week: seven columns side by side at desktop width.
      await desk.page.goto(url(`${CALENDAR}?date=${day}&view=week`));
      const days = desk.page.locator('.week-day');
      assert.equal(await days.count(), 7);
      const [monday, sunday] = [await days.nth(0).boundingBox(), await days.nth(6).boundingBox()];
      assert.ok(Math.abs(monday.y - sunday.y) < 2 && sunday.x > monday.x, 'the week is not seven columns');
      await screenshot(desk.page, 'calendar-week-desktop');
      await checkAccessibility(desk.page, 'calendar-week-desktop');
      assertNoPageProblems(desk.problems, 'calendar at desktop width');

      // Phone, Chloé: her own column first (in French, her language), the chooser opens Marc's.
      const phone = await open(PHONE);
      await signInStaff(phone.page, salon.server.url, STAFF.groomer.email);
      assert.ok(await fitsViewport(phone.page), 'the dashboard scrolls sideways on a phone');
      await screenshot(phone.page, 'dashboard-today-phone');
      await checkAccessibility(phone.page, 'dashboard-today-phone');
      await phone.page.goto(url(`${CALENDAR}?date=${parisDay()}&view=day`));
      const columns = phone.page.locator('.grid-column');
      assert.equal(await columns.count(), 1);
      assert.match(await columns.first().innerText(), /Chloé[\s\S]*Biscuit · Carol White/);
      assert.ok(await fitsViewport(phone.page), 'the day grid scrolls the page sideways on a phone');
      const grid = await columns.first().boundingBox();
      assert.ok(grid.x + grid.width <= PHONE.viewport.width, 'Chloé\'s column is wider than the phone');
      await screenshot(phone.page, 'calendar-day-grid-phone');
      await checkAccessibility(phone.page, 'calendar-day-grid-phone');
      await Promise.all([
        phone.page.waitForURL((u) => u.searchParams.get('staff') !== null),
        phone.page.getByRole('navigation', { name: /Rendez-vous de qui/ }).getByRole('link', { name: 'Marc Petit', exact: true }).click(),
      ]);
      assert.match(await phone.page.locator('.grid-column').first().innerText(), /Marc Petit[\s\S]*Pepper · Carol White/);
      assert.ok(await fitsViewport(phone.page), 'Marc\'s column scrolls the page sideways on a phone');
      // Everyone's columns scroll sideways inside the grid, the first one beside the hours, not under them.
      await phone.page.goto(url(`${CALENDAR}?date=${parisDay()}&view=day&staff=all`));
      const hours = await phone.page.locator('.grid-times').boundingBox();
      const first = await phone.page.getByRole('heading', { name: 'Chloé', exact: true }).boundingBox();
      assert.ok(first.x >= hours.x + hours.width, `Chloé's column starts under the hours (${first.x} < ${hours.x + hours.width})`);
      assert.ok(await fitsViewport(phone.page), 'everyone\'s columns scroll the page sideways on a phone');
      await screenshot(phone.page, 'calendar-day-grid-everyone-phone');
      assertNoPageProblems(phone.problems, 'calendar on a phone');
    });
  });
});
