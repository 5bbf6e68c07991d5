// Email-code sign-in in a real browser at phone width: Carol, a customer without a portal account, asks for a
// code, types a wrong one (the message sits next to the field), then the code that reached a real SMTP server,
// and lands on her account. axe on the sign-in page, the code page and its error state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, SALON,
  checkAccessibility, emailPlainText, fitsViewport, screenshot, startSmtpSink, submit, withSalon,
} from './harness.mjs';

const BASE = `/s/${SALON.slug}`;
const CAROL = 'carol@demo.test';

const pathOf = (page) => new URL(page.url()).pathname;

test('a customer without a password signs in on a phone with an emailed code', async (t) => {
  const sink = await startSmtpSink();
  try {
    await withSalon(t.name, PHONE, async ({ page, url }) => {
      await page.goto(url(`${BASE}/login`));
      await page.getByRole('heading', { level: 2, name: 'Sign in with a code' }).waitFor();
      assert.ok(await fitsViewport(page), 'the sign-in page scrolls sideways');
      await screenshot(page, 'portal-login-code-phone');
      await checkAccessibility(page, 'portal-login-code-phone');

      await page.getByLabel('Your email address', { exact: true }).fill(CAROL);
      await submit(page, 'Email me a code');
      assert.equal(pathOf(page), `${BASE}/login/code`);
      assert.ok(!page.url().includes('carol'), 'the address travels in the URL');
      await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
      assert.ok(await fitsViewport(page), 'the code page scrolls sideways');
      await screenshot(page, 'portal-code-phone');
      await checkAccessibility(page, 'portal-code-phone');

      const raw = await sink.waitForMessage(CAROL);
      assert.doesNotMatch(/^Subject:.*$/im.exec(raw)?.[0] ?? '', /\d{6}/, 'the code is in the subject');
      const code = /\b(\d{6})\b/.exec(emailPlainText(raw))?.[1];
      assert.ok(code, `no code in the email:\n${emailPlainText(raw)}`);

      const field = page.getByLabel('Code', { exact: true });
      await field.fill(code === '000000' ? '111111' : '000000');
      await submit(page, 'Sign in');
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.match(await field.getAttribute('aria-describedby'), /\bcode-error\b/);
      await page.getByText('This code is not right. Check the latest email and try again.').waitFor();
      await screenshot(page, 'portal-code-wrong-phone');
      await checkAccessibility(page, 'portal-code-wrong-phone');

      await page.getByLabel('Code', { exact: true }).fill(`${code.slice(0, 3)} ${code.slice(3)}`);
      await submit(page, 'Sign in');
      assert.equal(pathOf(page), `${BASE}/account`);
      await page.getByRole('heading', { level: 1, name: /Carol/ }).waitFor();
      assert.ok(await fitsViewport(page), 'the account page scrolls sideways');
    }, { serverArgs: sink.serverArgs });
  } finally {
    await sink.stop();
  }
});
