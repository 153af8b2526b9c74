// A headless Chromium for voicelog-web's JUnit tests, driven over stdin/stdout: one JSON command per line
// in, one JSON answer per line out ({"id", "ok", "value"} or {"id", "ok": false, "error"}).
//
// It uses playwright-core (from .ci/npm/web-tests, found through NODE_PATH) with Debian's chromium, never a
// downloaded browser. Everything the page does that a test may want to know is recorded: dialogs (an XSS
// probe that fires shows up here), console errors, page errors, and Content-Security-Policy violations.
'use strict';

const { chromium } = require('playwright-core');
const readline = require('readline');
const fs = require('fs');
const os = require('os');
const path = require('path');

const executablePath = process.env.VOICELOG_CHROMIUM || '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'voicelog-chromium-'));

let context = null;
let page = null;
const seen = { dialogs: [], errors: [], csp: [] };

function watch(p) {
  p.on('dialog', d => { seen.dialogs.push(d.type() + ': ' + d.message()); d.dismiss().catch(() => {}); });
  p.on('console', m => { if (m.type() === 'error') seen.errors.push('console: ' + m.text()); });
  p.on('pageerror', e => seen.errors.push('pageerror: ' + (e && e.message)));
}

async function launch() {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', '--allow-file-access-from-files'],
  });
  // CSP violations, as the page itself sees them (recorded before any page script runs).
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => {
      window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + (e.lineNumber || 0));
    });
  });
  page = context.pages()[0] || await context.newPage();
  watch(page);
}

const commands = {
  async goto(c) {
    seen.dialogs = []; seen.errors = []; seen.csp = [];
    await page.goto(c.url, { waitUntil: 'load', timeout: c.timeout || 30000 });
    return page.url();
  },
  async click(c) { await page.click(c.selector, { timeout: c.timeout || 5000 }); return true; },
  async fill(c) { await page.fill(c.selector, c.value, { timeout: c.timeout || 5000 }); return true; },
  async waitFor(c) {
    await page.waitForSelector(c.selector, { state: c.state || 'visible', timeout: c.timeout || 5000 });
    return true;
  },
  // Polls page.evaluate (a DevTools evaluation, which the page's strict CSP does not block, unlike
  // page.waitForFunction's eval) until the expression is truthy.
  async waitForFunction(c) {
    const deadline = Date.now() + (c.timeout || 5000);
    for (;;) {
      const v = await page.evaluate(c.expression);
      if (v) return v;
      if (Date.now() > deadline) throw new Error('still false after ' + (c.timeout || 5000) + ' ms: ' + c.expression);
      await new Promise(r => setTimeout(r, 25));
    }
  },
  async eval(c) { return await page.evaluate(c.expression); },
  async screenshot(c) {
    fs.mkdirSync(path.dirname(c.path), { recursive: true });
    await page.screenshot({ path: c.path, fullPage: !!c.fullPage });
    return c.path;
  },
  async viewport(c) { await page.setViewportSize({ width: c.width, height: c.height }); return true; },
  async seen() {
    let csp = [];
    try { csp = await page.evaluate(() => window.__csp || []); } catch (e) { /* page gone */ }
    return { dialogs: seen.dialogs, errors: seen.errors, csp: csp };
  },
  async close() { await context.close(); fs.rmSync(profile, { recursive: true, force: true }); setTimeout(() => process.exit(0), 10); return true; },
};

function answer(o) { process.stdout.write(JSON.stringify(o) + '\n'); }

launch().then(() => {
  answer({ id: 0, ok: true, value: 'ready' });
  const rl = readline.createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  rl.on('line', line => {
    queue = queue.then(async () => {
      let c;
      try { c = JSON.parse(line); } catch (e) { answer({ id: -1, ok: false, error: 'not JSON: ' + line }); return; }
      const f = commands[c.cmd];
      if (!f) { answer({ id: c.id, ok: false, error: 'unknown command ' + c.cmd }); return; }
      try { answer({ id: c.id, ok: true, value: await f(c) }); }
      catch (e) { answer({ id: c.id, ok: false, error: String(e && e.message || e).split('\n')[0] }); }
    });
  });
  rl.on('close', () => { context.close().catch(() => {}).then(() => { fs.rmSync(profile, { recursive: true, force: true }); process.exit(0); }); });
}).catch(e => {
  answer({ id: 0, ok: false, error: 'cannot start chromium at ' + executablePath + ': ' + (e && e.message || e) });
  process.exit(1);
});
