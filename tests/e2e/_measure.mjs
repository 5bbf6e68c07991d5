import { PHONE, startServer, openBrowser, signInStaff, STAFF } from './harness.mjs';
const s = await startServer({ name: 'measure' });
const b = await openBrowser(PHONE);
try {
  const p = b.page;
  await signInStaff(p, s.url, STAFF.owner.email, 'wrong-password-xyz');
  console.log(await p.evaluate(() => document.querySelector('main').innerHTML.slice(0, 700)));
  await signInStaff(p, s.url, STAFF.owner.email);
  const box = await p.getByRole('button', { name: 'Sign out' }).boundingBox();
  console.log('sign out box', box);
  console.log('header h', (await p.locator('header').boundingBox()).height);
  console.log(await p.evaluate(() => getComputedStyle(document.querySelector('.who-name')).color + ' on ' + getComputedStyle(document.querySelector('header.bar')).backgroundColor));
} finally { await b.close(); await s.stop(); }
