#!/usr/bin/env node
// Benchmark: "page load event -> gesture painted", the widget's welcome gesture on the demo
// home page against the floor, a plain-JavaScript banner on the same page content
// (tests/bench/pages/plain-banner.html) started as the loader starts (after load and the
// frame that follows it), and the same banner built at the load event itself. It prints figures; it asserts nothing about timings.
//
//   cargo xtask serve 8130 &
//   node tests/bench/appear.mjs                      # RUNS=20 by default
//
// Environment: BENCH_URL (default http://127.0.0.1:8130), RUNS (20), WARMUP (1 unmeasured
// run per case), CHROMIUM (/usr/bin/chromium), TIMEOUT_MS (per run, 20000).
//
// Measured in the page: an init script records performance.now() at the window load event
// (its listener is registered before any page script, so it runs first), then watches the DOM
// (MutationObservers on the document and on the widget's open shadow root) until the gesture
// element exists, then waits for two requestAnimationFrame callbacks: the delta from load to
// the second callback is "painted". Each run uses a fresh browser context (empty storage), so
// the widget's first-visit welcome gesture is due every time.

import { createRequire } from 'node:module';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));

const BASE = (process.env.BENCH_URL || 'http://127.0.0.1:8130').replace(/\/+$/, '');
const RUNS = positiveInt(process.env.RUNS, 20);
const WARMUP = nonNegativeInt(process.env.WARMUP, 1);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = positiveInt(process.env.TIMEOUT_MS, 20000);
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CASES = [
  { name: 'widget', label: 'widget (welcome-guide)', path: '/', expectId: 'welcome-guide' },
  // Started as the loader starts: after load and the frame that follows it.
  { name: 'floor', label: 'floor (plain JS banner)', path: '/tests/bench/pages/plain-banner.html', expectId: 'plain' },
  // Built at the load event itself, without waiting for that frame.
  { name: 'floorAtLoad', label: 'plain JS banner at load', path: '/tests/bench/pages/plain-banner.html?at=load', expectId: 'plain' },
];

function positiveInt(v, d) {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : d;
}
function nonNegativeInt(v, d) {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : d;
}

// Runs in the page before its own scripts. `kind` picks where the gesture element is looked for.
function measureInPage(kind) {
  if (window !== window.top) return;
  const r = { load: null, found: null, painted: null, id: null };
  window.__appear = r;
  const find =
    kind === 'widget'
      ? () => document.querySelector('reciprocity-widget')?.shadowRoot?.querySelector('[data-gesture-id]')
      : () => document.querySelector('[data-gesture-id]');
  const observers = [];
  const watched = new Set();
  let poll = null;
  const stop = () => {
    observers.forEach((o) => o.disconnect());
    clearInterval(poll);
  };
  const check = () => {
    if (r.load === null || r.found !== null) return;
    // The widget's host element is added with its shadow root already attached: watch inside it.
    const host = document.querySelector('reciprocity-widget');
    if (host && host.shadowRoot && !watched.has(host.shadowRoot)) watch(host.shadowRoot);
    const el = find();
    if (!el) return;
    r.found = performance.now();
    r.id = el.getAttribute('data-gesture-id');
    stop();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        r.painted = performance.now();
      })
    );
  };
  function watch(root) {
    watched.add(root);
    const o = new MutationObserver(check);
    o.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-gesture-id'] });
    observers.push(o);
  }
  addEventListener(
    'load',
    () => {
      r.load = performance.now();
      watch(document.documentElement);
      // Safety net (a shadow root attached after its host was inserted fires no mutation).
      poll = setInterval(check, 50);
      check();
    },
    { once: true }
  );
}

async function runOnce(browser, c) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(measureInPage, c.name);
    const page = await context.newPage();
    // A widget or banner file that fails (e.g. dist/ being rebuilt) ends the run at once.
    let onBroken;
    const broken = new Promise((_, reject) => (onBroken = reject));
    broken.catch(() => {});
    const ours = (url) => /reciprocity|plain-banner|config\.example\.json/.test(url);
    page.on('response', (res) => {
      if (ours(res.url()) && res.status() >= 400) onBroken(new Error(`${res.url()} answered ${res.status()} (is dist/ being rebuilt?)`));
    });
    page.on('requestfailed', (req) => {
      if (ours(req.url())) onBroken(new Error(`${req.url()} failed: ${req.failure()?.errorText}`));
    });
    await Promise.race([page.goto(BASE + c.path, { waitUntil: 'load', timeout: TIMEOUT_MS }), broken]);
    const painted = page
      .waitForFunction(() => window.__appear && window.__appear.painted !== null && window.__appear, null, {
        timeout: TIMEOUT_MS,
      })
      .catch(async () => {
        const state = await page.evaluate(() => window.__appear).catch(() => null);
        throw new Error(`no gesture painted within ${TIMEOUT_MS} ms (state: ${JSON.stringify(state)})`);
      });
    const handle = await Promise.race([painted, broken]);
    const r = await handle.jsonValue();
    return { painted: r.painted - r.load, found: r.found - r.load, id: r.id };
  } finally {
    await context.close().catch(() => {});
  }
}

// Linear interpolation between closest ranks.
function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}
function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, median: percentile(s, 0.5), p10: percentile(s, 0.1), p90: percentile(s, 0.9) };
}
const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');

async function main() {
  // Fail early, with a clear message, when the server is not there.
  for (const c of CASES) {
    const res = await fetch(BASE + c.path).catch((e) => {
      throw new Error(`cannot reach ${BASE + c.path} (${e.cause?.code || e.message}); start the server: ` +
        `target/debug/xtask serve 8130 (or cargo xtask serve 8130) from the repository root`);
    });
    if (!res.ok) throw new Error(`${BASE + c.path} answered ${res.status}`);
  }

  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core not found in tests/e2e/node_modules (run npm ci in tests/e2e): ${e.message}`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const version = browser.version();
  const results = Object.fromEntries(CASES.map((c) => [c.name, { painted: [], found: [], ids: new Set(), failures: [] }]));
  try {
    // Warm-up runs (not counted), then measured runs; the case order alternates per run.
    for (let i = -WARMUP; i < RUNS; i++) {
      const order = (i + WARMUP) % 2 === 0 ? CASES : [...CASES].reverse();
      for (const c of order) {
        const out = results[c.name];
        try {
          const r = await runOnce(browser, c);
          if (i < 0) continue;
          out.painted.push(r.painted);
          out.found.push(r.found);
          out.ids.add(r.id);
        } catch (e) {
          const msg = String(e.message).split('\n')[0];
          if (i >= 0) out.failures.push(msg);
          console.error(`appear: ${c.name} run ${i < 0 ? 'warm-up' : i + 1} failed: ${msg}`);
        }
      }
      // Progress on a terminal only.
      if (i >= 0 && process.stderr.isTTY) process.stderr.write(`\rappear: run ${i + 1}/${RUNS} done`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
  } finally {
    await browser.close().catch(() => {});
  }

  console.log(`\nload event -> gesture painted (two rAFs after the element exists), ms`);
  console.log(`${BASE}, Chromium ${version} headless, 1280x800, fresh context per run, ${RUNS} runs + ${WARMUP} warm-up per case\n`);
  const rows = [['case', 'n', 'median', 'p10', 'p90', 'inserted (median)', 'gesture id']];
  const medians = {};
  for (const c of CASES) {
    const out = results[c.name];
    const s = stats(out.painted);
    const f = stats(out.found);
    medians[c.name] = s.median;
    const ids = [...out.ids].join(',') || '-';
    rows.push([c.label, String(s.n), fmt(s.median), fmt(s.p10), fmt(s.p90), fmt(f.median), ids]);
    if (out.ids.size && !out.ids.has(c.expectId)) console.warn(`appear: warning: ${c.name} showed ${ids}, expected ${c.expectId}`);
    if (out.failures.length) console.warn(`appear: ${c.name}: ${out.failures.length} failed run(s)`);
  }
  printTable(rows);
  const ratio = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(1) + 'x' : 'n/a');
  console.log(`\nratio widget/floor (medians): ${ratio(medians.widget, medians.floor)}`);
  console.log(`ratio widget/banner at load (medians): ${ratio(medians.widget, medians.floorAtLoad)}`);
  if (!results.widget.painted.length || !results.floor.painted.length) {
    throw new Error('no successful run for at least one case (see the messages above)');
  }
}

function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [k, r] of rows.entries()) {
    console.log(r.map((cell, i) => (i === r.length - 1 ? cell : i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

main().catch((e) => {
  console.error(`appear: FAILED: ${e.message}`);
  process.exit(1);
});
