// Browser-test harness: a real salonbox on loopback with fresh demo data, and Debian's chromium driven by
// playwright-core. Either each test starts its own server and its own browser and stops both in a `finally`
// (withSalon), or a describe block shares one server and one browser and gives each test fresh contexts
// (sharedSalon, openContext, assertNoPageProblems).
//
// Environment:
//   SALONBOX_BIN        the salonbox executable (required; ctest sets it)
//   SALONBOX_ARTIFACTS  where screenshots, axe reports and server logs go (default <repo>/build/artifacts)
//   SALONBOX_CHROMIUM   the browser executable (default /usr/bin/chromium)
//   SALONBOX_KEEP_DATA  set to 1 to keep each test's data directory for a look afterwards
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const execFileP = promisify(execFile);

export const ARTIFACTS = path.resolve(process.env.SALONBOX_ARTIFACTS || path.join(here, '..', '..', 'build', 'artifacts'));
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

// Every demo account (staff and customers) gets this password: long enough, not a common one.
export const PASSWORD = 'e2e-Grooming-Table-42';

export const SALON = { slug: 'demo', name: 'Happy Paws Grooming' };
export const STAFF = {
  owner: { email: 'owner@demo.test', name: 'Sophie Laurent', role: 'owner' },
  manager: { email: 'manager@demo.test', role: 'manager' },
  groomer: { email: 'groomer@demo.test', name: 'Chloé', role: 'staff' },
};
export const CUSTOMERS = {
  alice: { email: 'alice@demo.test', name: 'Alice Martin' },
  bob: { email: 'bob@demo.test', name: 'Bob Durand' },
};

const LISTEN_TIMEOUT_MS = 20_000;
const DEMO_TIMEOUT_MS = 120_000; // five argon2id hashes in a sanitized debug build
const STOP_TIMEOUT_MS = 10_000;
const LISTENING = /^salonbox: listening on (http:\/\/127\.0\.0\.1:\d+)$/;

function salonboxBin() {
  const bin = process.env.SALONBOX_BIN;
  if (!bin) throw new Error('SALONBOX_BIN is not set: point it at the salonbox executable (ctest sets it)');
  if (!fs.existsSync(bin)) throw new Error(`SALONBOX_BIN=${bin} does not exist`);
  return path.resolve(bin);
}

function safeName(name) {
  return String(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}

// Children still running when Node exits (a crash, a test-runner timeout) are killed rather than orphaned.
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

function tail(text, max = 4000) {
  return text.length <= max ? text : '…' + text.slice(-max);
}

/**
 * Creates a fresh data directory with the demo salon, starts `salonbox serve` on a free loopback port and
 * resolves once it printed its listening line. `name` labels the server log under ARTIFACTS/logs.
 * Returns { url, dataDir, password, stdout(), stderr(), stop() }. stop() is idempotent; it rejects when the
 * server did not exit cleanly on SIGTERM (a crash or a sanitizer report), with the end of its stderr.
 */
export async function startServer({ name = 'server', args = [], env = {} } = {}) {
  const bin = salonboxBin();
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'salonbox-e2e-'));
  const cleanupData = async () => {
    if (process.env.SALONBOX_KEEP_DATA === '1') return;
    await fsp.rm(dataDir, { recursive: true, force: true });
  };

  try {
    await execFileP(bin, ['demo', '--data', dataDir, '--password', PASSWORD], {
      timeout: DEMO_TIMEOUT_MS, env: { ...process.env, ...env },
    });
  } catch (err) {
    await cleanupData();
    throw new Error(`salonbox demo failed: ${err.message}\n${tail(err.stderr || '')}`);
  }

  const logDir = path.join(ARTIFACTS, 'logs');
  await fsp.mkdir(logDir, { recursive: true });
  const logPath = path.join(logDir, `${safeName(name)}.server.log`);
  const log = fs.createWriteStream(logPath);

  const child = spawn(bin, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  liveChildren.add(child);
  let out = '';
  let err = '';
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => { liveChildren.delete(child); resolve({ code, signal }); });
    child.on('error', (e) => { liveChildren.delete(child); resolve({ code: null, signal: null, error: e }); });
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    log.write(chunk);
    err += chunk;
    if (err.length > 1_000_000) err = err.slice(-500_000);
  });

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout });
      const timer = setTimeout(() => {
        reject(new Error(`salonbox serve printed no listening line within ${LISTEN_TIMEOUT_MS / 1000} s`));
      }, LISTEN_TIMEOUT_MS);
      exited.then(({ code, signal, error }) => {
        clearTimeout(timer);
        reject(error ?? new Error(`salonbox serve exited (code ${code}, signal ${signal}) before listening`));
      });
      lines.on('line', (line) => {
        out += line + '\n';
        if (url) return;
        const m = LISTENING.exec(line);
        if (m) { clearTimeout(timer); url = m[1]; resolve(url); }
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    log.end();
    await cleanupData();
    e.message += `\n--- salonbox stdout ---\n${tail(out)}\n--- salonbox stderr ---\n${tail(err)}`;
    throw e;
  }

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const { code, signal } = await exited;
      clearTimeout(timer);
      await new Promise((resolve) => log.end(resolve));
      await cleanupData();
      if (code !== 0) {
        throw new Error(`salonbox serve did not stop cleanly (code ${code}, signal ${signal}); log: ${logPath}\n` +
          tail(err));
      }
    })();
    return stopping;
  };

  return { url, dataDir, password: PASSWORD, logPath, stdout: () => out, stderr: () => err, stop };
}

// Debian's chromium, never a downloaded browser. The flags keep it off the network and quiet.
export const CHROMIUM = process.env.SALONBOX_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };

// Default timeouts, and a record of what went wrong in the context's pages: uncaught page errors, console
// errors and sub-resources answered with 4xx/5xx (each as a string; assertNoPageProblems fails on them).
function watchContext(context) {
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const problems = { pageErrors: [], consoleErrors: [], failedResources: [] };
  const watch = (p) => {
    p.on('pageerror', (e) => problems.pageErrors.push(`${p.url()}: ${e.message}`));
    p.on('console', (m) => {
      // A failed sub-resource is recorded with its address by the response handler below.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
        problems.consoleErrors.push(`${p.url()}: ${m.text()}`);
      }
    });
    p.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') {
        problems.failedResources.push(`${r.request().method()} ${r.url()} -> ${r.status()}`);
      }
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return problems;
}

/**
 * Launches chromium with a fresh, empty user-data-dir and the device's viewport; `contextOptions` are
 * more Playwright context options (locale, javaScriptEnabled, ...). Returns
 * { context, page, problems, close() }: `problems` collects uncaught page errors, console errors and
 * sub-resources answered with 4xx/5xx (each as a string) so a test can assert on them; close() shuts the
 * browser and removes the profile.
 */
export async function openBrowser(device, contextOptions = {}) {
  const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'salonbox-e2e-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      locale: 'en-US',
      ...device,
      ...contextOptions,
    });
  } catch (e) {
    await fsp.rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? await context.newPage();
  const problems = watchContext(context);

  let closing;
  const close = () => {
    closing ??= (async () => {
      try { await context.close(); } finally {
        await fsp.rm(userDataDir, { recursive: true, force: true });
      }
    })();
    return closing;
  };
  return { context, page, problems, close };
}

export const openPhone = (opts) => openBrowser(PHONE, opts);
export const openDesktop = (opts) => openBrowser(DESKTOP, opts);

/**
 * Launches one chromium for several contexts (cheaper than a browser per context when a file needs a phone,
 * a desktop and a no-JavaScript visitor). Close it with `browser.close()`.
 */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * A fresh, cookie-less context in `browser` (from launchBrowser) with the device's viewport; `contextOptions`
 * as for openBrowser. Returns { context, page, problems, close() } like openBrowser.
 */
export async function openContext(browser, device, contextOptions = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...device, ...contextOptions });
  const problems = watchContext(context);
  const page = await context.newPage();
  let closing;
  const close = () => { closing ??= context.close(); return closing; };
  return { context, page, problems, close };
}

/**
 * Throws when `problems` (from openBrowser or openContext) holds uncaught page errors, Content-Security-
 * Policy violations or sub-resources (a stylesheet, a script, an image, a font, a fetch) answered with 4xx/5xx:
 * a page whose CSS is missing must not pass. Prints other console errors.
 */
export function assertNoPageProblems(problems, name) {
  const { pageErrors, consoleErrors, failedResources } = problems;
  const csp = consoleErrors.filter((m) => /Content Security Policy/i.test(m));
  const other = consoleErrors.filter((m) => !csp.includes(m));
  if (other.length) console.log(`browser console errors during ${name}:\n  ${other.join('\n  ')}`);
  const failed = [...new Set(failedResources)].map((r) => `sub-resource ${r}`);
  if (pageErrors.length || csp.length || failed.length) {
    throw new Error(`page errors, CSP violations or failed sub-resources during ${name}:\n  ` +
      [...pageErrors, ...csp, ...failed].join('\n  '));
  }
}

/** Saves a full-page PNG as ARTIFACTS/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await fsp.mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${safeName(name)}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** The text of a PDF file, through poppler's pdftotext (its font warnings on stderr are ignored). */
export async function pdfText(file) {
  const { stdout } = await execFileP('pdftotext', [file, '-'], { encoding: 'utf8', timeout: 30_000 });
  return stdout;
}

/** Renders page 1 of a PDF file as ARTIFACTS/screenshots/<name>.png (pdftoppm) and returns its path. */
export async function pdfScreenshot(file, name, { resolution = 60 } = {}) {
  await fsp.mkdir(SCREENSHOTS, { recursive: true });
  const base = path.join(SCREENSHOTS, safeName(name));
  await execFileP('pdftoppm', ['-png', '-r', String(resolution), '-f', '1', '-l', '1', '-singlefile', file, base],
    { timeout: 30_000 });
  return `${base}.png`;
}

let axeSource;

/**
 * Runs axe-core on the page and throws when it finds violations of impact serious or critical, listing
 * each rule and the offending elements. Lesser violations are printed, not fatal. The full result goes to
 * ARTIFACTS/axe/<name>.json.
 *
 * The CSP (default-src 'self') blocks an inline <script>, so page.addScriptTag({content}) cannot inject axe;
 * page.evaluate(source) runs through the DevTools protocol, which the page's CSP does not govern.
 */
export async function checkAccessibility(page, name, { failOn = ['serious', 'critical'] } = {}) {
  axeSource ??= await fsp.readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return {
      url: r.url,
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
      })),
    };
  });
  const dir = path.join(ARTIFACTS, 'axe');
  await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(path.join(dir, `${safeName(name)}.json`), JSON.stringify(result, null, 2));

  const describe = (v) => [
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
    // Not "at ...": Node would take such lines for stack frames.
    ...v.nodes.map((n) => `  - element ${n.target}: ${n.html}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`),
  ].join('\n');
  const fatal = result.violations.filter((v) => failOn.includes(v.impact));
  const minor = result.violations.filter((v) => !failOn.includes(v.impact));
  if (minor.length) {
    console.log(`axe (${name}, ${result.url}): ${minor.length} lesser violation(s)\n${minor.map(describe).join('\n')}`);
  }
  if (fatal.length) {
    throw new Error(`axe found ${fatal.length} serious or critical violation(s) on ${name} (${result.url}):\n` +
      fatal.map(describe).join('\n'));
  }
  return result;
}

/**
 * Runs `fn({ server, browser, page, url })` with a fresh server and a fresh browser of the given device, and
 * always stops both afterwards, even when `fn` throws. Fails when the page raised an uncaught error or the
 * browser reported a Content-Security-Policy violation or a sub-resource answered with 4xx/5xx; other console
 * errors are printed. The first failure wins; cleanup failures are reported too.
 */
export async function withSalon(name, device, fn, { serverArgs = [], browserOptions = {} } = {}) {
  const server = await startServer({ name, args: serverArgs });
  let browser;
  const failures = [];
  try {
    browser = await openBrowser(device, browserOptions);
    await fn({ server, browser, page: browser.page, url: (p = '/') => new URL(p, server.url).href });
    assertNoPageProblems(browser.problems, name);
  } catch (e) {
    failures.push(e);
  } finally {
    for (const step of [() => browser?.close(), () => server.stop()]) {
      try { await step(); } catch (e) { failures.push(e); }
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, failures.map((e) => e.message).join('\n---\n'));
}

/**
 * One server (fresh demo data, `serverArgs` added to `serve`) and one chromium for every test of the describe
 * block it is called in: registers the block's before hook, which starts both at once (when one fails the
 * other is stopped, or its process would keep Node alive), and its after hook, which stops both. Returns
 * { server, browser, url(path), contexts(name, fn) }; server and browser are set once the before hook ran.
 * contexts(name, fn) runs `fn(open)`, where `open(device, contextOptions)` opens a fresh context (see
 * openContext); it closes every context opened afterwards and fails on page problems in any of them.
 */
export function sharedSalon(name, { serverArgs = [] } = {}) {
  const shared = {
    server: undefined,
    browser: undefined,
    url: (p = '/') => new URL(p, shared.server.url).href,
    async contexts(testName, fn) {
      const opened = [];
      const open = async (device, contextOptions) => {
        const c = await openContext(shared.browser, device, contextOptions);
        opened.push(c);
        return c;
      };
      try {
        await fn(open);
        for (const c of opened) assertNoPageProblems(c.problems, testName);
      } finally {
        await Promise.allSettled(opened.map((c) => c.close()));
      }
    },
  };
  before(async () => {
    const [s, b] = await Promise.allSettled([startServer({ name, args: serverArgs }), launchBrowser()]);
    shared.server = s.value;
    shared.browser = b.value;
    const failed = [s, b].find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.allSettled([shared.browser?.close(), shared.server?.stop()]);
      shared.server = shared.browser = undefined;
      throw failed.reason;
    }
  });
  after(async () => {
    try { await shared.browser?.close(); } finally { await shared.server?.stop(); }
  });
  return shared;
}

/** Fills the staff sign-in form by its labels and submits it. Leaves the page wherever the server sends it. */
export async function signInStaff(page, baseUrl, email, password = PASSWORD, slug = SALON.slug) {
  if (new URL(page.url()).pathname !== `/s/${slug}/admin/login`) {
    await page.goto(new URL(`/s/${slug}/admin/login`, baseUrl).href);
  }
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
}

/**
 * Fills the customer sign-in form by its labels and submits it; `labels` for a page in another language.
 * Leaves the page wherever the server sends it.
 */
export async function signInCustomer(page, baseUrl, email, password = PASSWORD,
  { slug = SALON.slug, labels = { email: 'Email', password: 'Password', submit: 'Sign in' } } = {}) {
  if (new URL(page.url()).pathname !== `/s/${slug}/login`) {
    await page.goto(new URL(`/s/${slug}/login`, baseUrl).href);
  }
  await page.getByLabel(labels.email, { exact: true }).fill(email);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: labels.submit, exact: true }).click(),
  ]);
}

/** Clicks the button named `name` and waits for the page it loads. */
export async function submit(page, name) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
}

/** True when the page is no wider than its viewport (no sideways scrolling on a phone). */
export async function fitsViewport(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/**
 * Starts the loopback SMTP server of the unit tests (tests/unit/mail/smtp_sink.py, Debian's python3-aiosmtpd),
 * which saves each message as DIR/NNNN.eml and exits by itself after `lifetimeSeconds`. Returns
 * { port, dir, serverArgs, waitForMessage(to), stop() }: pass `serverArgs` to startServer({ args }) or
 * withSalon(..., { serverArgs }) so that salonbox sends its emails there; waitForMessage resolves with the raw
 * text of the first message whose To: header holds `to`.
 */
export async function startSmtpSink({ lifetimeSeconds = 900 } = {}) {  // a safety net only: stop() ends it
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'salonbox-e2e-smtp-'));
  const child = spawn('/usr/bin/python3', [path.join(here, '..', 'unit', 'mail', 'smtp_sink.py'), dir, String(lifetimeSeconds)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  const exited = once(child, 'exit').then(() => liveChildren.delete(child));
  let port;
  try {
    port = await new Promise((resolve, reject) => {
      // Python and aiosmtpd take a while to import on a loaded machine.
      const timer = setTimeout(() => reject(new Error('smtp_sink.py printed no port within 60 s')), 60_000);
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp_sink.py exited (code ${code}) before listening`)); });
      readline.createInterface({ input: child.stdout }).once('line', (line) => { clearTimeout(timer); resolve(Number(line)); });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await fsp.rm(dir, { recursive: true, force: true });
    throw e;
  }
  const waitForMessage = async (to, { timeout = 120_000 } = {}) => {
    const end = Date.now() + timeout;
    for (;;) {
      for (const name of (await fsp.readdir(dir)).filter((n) => n.endsWith('.eml')).sort()) {
        const raw = await fsp.readFile(path.join(dir, name), 'utf8');
        const header = raw.slice(0, raw.search(/\r?\n\r?\n/));
        if (/^To:.*$/im.exec(header)?.[0].includes(to)) return raw;
      }
      if (Date.now() > end) throw new Error(`no email to ${to} reached the SMTP sink within ${timeout / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await fsp.rm(dir, { recursive: true, force: true });
  };
  const serverArgs = ['--mail-transport', 'smtp', '--smtp-url', `smtp://127.0.0.1:${port}`, '--mail-from', 'salon@demo.test'];
  return { port, dir, serverArgs, waitForMessage, stop };
}

/** The text/plain part of a raw email as smtp_sink.py saves it, quoted-printable decoded. */
export function emailPlainText(raw) {
  const part = /Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)(?:\r?\n--|$)/i.exec(raw)?.[1] ?? '';
  const bytes = part.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * The visible interactive elements of the page (links, buttons, fields, summaries, anything focusable) whose
 * tap target is smaller than `min` × `min` CSS pixels, each as "<tag> 'text' W×H". A checkbox or radio
 * button counts with its label, which toggles it too. Hidden elements and the skip link (off-screen until
 * focused) are left out.
 */
export async function smallTapTargets(page, min = 44) {
  return page.evaluate((min) => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
      if (el.classList.contains('skip')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || !el.getClientRects().length) continue;
      let box = el.getBoundingClientRect();
      if (el.matches('input[type="checkbox"], input[type="radio"]')) {
        const label = el.closest('label') ?? (el.id && document.querySelector(`label[for="${el.id}"]`));
        if (label) box = label.getBoundingClientRect();
      }
      // An element inside a closed <details> has no box: it cannot be tapped until opened.
      if (box.width === 0 && box.height === 0) continue;
      if (box.width + 0.5 < min || box.height + 0.5 < min) {
        const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim().replace(/\s+/g, ' ').slice(0, 40);
        out.push(`${el.tagName.toLowerCase()} '${text}' ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return out;
  }, min);
}
