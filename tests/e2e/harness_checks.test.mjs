// The browser harness itself: a page whose sub-resource fails (a missing stylesheet, script or image) fails the
// page check, so a broken asset cannot pass a browser test unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, SALON, assertNoPageProblems, withSalon } from './harness.mjs';

test('a sub-resource answered 404 fails the page check', async (t) => {
  await withSalon(t.name, PHONE, async ({ browser, page, url }) => {
    await page.goto(url(`/s/${SALON.slug}/login`));
    assert.doesNotThrow(() => assertNoPageProblems(browser.problems, t.name), 'the sign-in page itself has problems');

    const missing = '/assets/img/no-such-image.svg';
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(missing)),
      page.evaluate((src) => { const img = document.createElement('img'); img.src = src; img.alt = ''; document.body.append(img); },
        missing),
    ]);
    assert.throws(() => assertNoPageProblems(browser.problems, t.name), new RegExp(`GET \\S+${missing} -> 404`));
    browser.problems.failedResources.length = 0;  // seen and expected: withSalon's own check passes
  });
});
