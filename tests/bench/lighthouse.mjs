#!/usr/bin/env node
// Benchmark: what the widget costs the demo home page, measured with Lighthouse (offline,
// against the xtask server) on the home page with the widget (`/`, index.html) and without it
// (tests/bench/pages/home-without-widget.html: the same page minus the reciprocity script tag).
// It prints figures (medians over the runs); it asserts nothing about timings.
//
//   cargo xtask serve 8130 &
//   node tests/bench/lighthouse.mjs                  # LH_RUNS=5 by default
//
// Environment: BENCH_URL (default http://127.0.0.1:8130), LH_RUNS (5), LH_PRESET (desktop |
// mobile; default desktop, i.e. Lighthouse's desktop config with its default simulated
// throttling), CHROMIUM (/usr/bin/chromium).
//
// Each run launches a fresh Chromium (fresh profile), so the widget's first-visit welcome
// gesture is due every time. Widget requests are those whose URL contains "reciprocity";
// "before/after load" compares when the page issued each request with the load event.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// lighthouse and chrome-launcher are devDependencies of tests/e2e.
const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);

const BASE = (process.env.BENCH_URL || 'http://127.0.0.1:8130').replace(/\/+$/, '');
const RUNS = positiveInt(process.env.LH_RUNS, 5);
const PRESET = (process.env.LH_PRESET || 'desktop').toLowerCase();
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PAGES = [
  { name: 'with', label: 'with widget', path: '/' },
  { name: 'without', label: 'without widget', path: '/tests/bench/pages/home-without-widget.html' },
];

function positiveInt(v, d) {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : d;
}

// One Lighthouse run in a fresh browser; returns the figures we report.
async function runOnce(lighthouse, launch, config, url, expectWidget) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'bench-lh-'));
  let chrome;
  try {
    chrome = await launch({ chromePath: CHROMIUM, chromeFlags: FLAGS, userDataDir, logLevel: 'silent' });
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] }, config);
    const lhr = result?.lhr;
    if (!lhr) throw new Error('Lighthouse returned no result');
    if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    for (const w of lhr.runWarnings || []) console.warn(`lighthouse: warning (${url}): ${w}`);
    const figures = extract(lhr);
    // Figures from a page whose widget did not load or show are not the widget's cost.
    if (figures.broken.length) throw new Error(`widget file(s) failed: ${figures.broken.join(', ')} (is dist/ being rebuilt?)`);
    if (expectWidget && !figures.ui) throw new Error('the gesture UI (reciprocity-all or reciprocity-ui) was never requested: the widget did not run');
    return figures;
  } finally {
    if (chrome) await Promise.resolve(chrome.kill()).catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

function extract(lhr) {
  const num = (id) => {
    const a = lhr.audits[id];
    if (!a || typeof a.numericValue !== 'number') throw new Error(`audit ${id} has no value (${a?.errorMessage || 'missing'})`);
    return a.numericValue;
  };
  // The load event and the requests, both as trace timestamps (microseconds).
  const metrics = lhr.audits.metrics?.details?.items?.[0] || {};
  const net = lhr.audits['network-requests']?.details;
  const startTs = net?.debugData?.networkStartTimeTs;
  const loadTs = metrics.observedLoadTs;
  if (!net?.items || !Number.isFinite(startTs) || !Number.isFinite(loadTs)) {
    throw new Error('no network requests or load event in the Lighthouse result');
  }
  let before = 0;
  let after = 0;
  let ui = false;
  const broken = [];
  for (const r of net.items) {
    if (!/reciprocity/i.test(r.url)) continue;
    // The UI comes in the one module on a first visit (downloaded beside the config whether or
    // not a gesture then shows: `appear.mjs` checks the gesture itself), or on its own.
    if (/reciprocity-(all|ui)_bg\.wasm/.test(r.url)) ui = true;
    if (!(r.statusCode >= 200 && r.statusCode < 400)) broken.push(`${r.url} ${r.statusCode}`);
    // When the page issued the request (renderer side), falling back to when it hit the network.
    const t = r.rendererStartTime ?? r.networkRequestTime;
    if (!Number.isFinite(t)) continue;
    if (startTs + t * 1000 < loadTs) before++;
    else after++;
  }
  return {
    tbt: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    lcp: num('largest-contentful-paint'),
    before,
    after,
    requests: net.items.length,
    ui,
    broken,
  };
}

function median(values) {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  if (PRESET !== 'desktop' && PRESET !== 'mobile') throw new Error(`LH_PRESET must be desktop or mobile, not ${PRESET}`);

  // Fail early, with a clear message, when the server is not there.
  for (const p of PAGES) {
    const res = await fetch(BASE + p.path).catch((e) => {
      throw new Error(`cannot reach ${BASE + p.path} (${e.cause?.code || e.message}); start the server: ` +
        `target/debug/xtask serve 8130 (or cargo xtask serve 8130) from the repository root`);
    });
    if (!res.ok) throw new Error(`${BASE + p.path} answered ${res.status}`);
  }

  let lighthouse, desktopConfig, launch, lhVersion;
  try {
    ({ default: lighthouse, desktopConfig } = await load('lighthouse'));
    ({ launch } = await load('chrome-launcher'));
    lhVersion = require('lighthouse/package.json').version;
  } catch (e) {
    throw new Error(`lighthouse / chrome-launcher not found in tests/e2e/node_modules (run npm ci in tests/e2e): ${e.message}`);
  }
  // undefined = Lighthouse's default config (mobile: Moto G Power emulation, slow 4G, 4x CPU).
  const config = PRESET === 'desktop' ? desktopConfig : undefined;

  const results = Object.fromEntries(PAGES.map((p) => [p.name, []]));
  const failures = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so that drift on the machine hits both pages alike.
    for (const p of i % 2 ? [...PAGES].reverse() : PAGES) {
      try {
        results[p.name].push(await runOnce(lighthouse, launch, config, BASE + p.path, p.name === 'with'));
      } catch (e) {
        const msg = String(e.message).split('\n')[0];
        failures.push(`${p.name} run ${i + 1}: ${msg}`);
        console.error(`lighthouse: ${p.name} run ${i + 1} failed: ${msg}`);
      }
    }
    console.error(`lighthouse: run ${i + 1}/${RUNS} done`);
  }

  const rows = [
    ['Total Blocking Time (ms)', 'tbt', (v) => v.toFixed(0)],
    ['Cumulative Layout Shift', 'cls', (v) => v.toFixed(3)],
    ['Largest Contentful Paint (ms)', 'lcp', (v) => v.toFixed(0)],
    ['widget requests before load', 'before', (v) => String(v)],
    ['widget requests after load', 'after', (v) => String(v)],
    ['all requests', 'requests', (v) => String(v)],
  ];
  const m = (name, key) => median(results[name].map((r) => r[key]));
  const fmt = (f, v) => (Number.isFinite(v) ? f(v) : 'n/a');
  const signed = (f, v) => (Number.isFinite(v) ? (v > 0 ? '+' : '') + f(v) : 'n/a');
  const table = [['median of runs', 'with', 'without', 'with - without']];
  for (const [label, key, f] of rows) {
    const a = m('with', key);
    const b = m('without', key);
    table.push([label, fmt(f, a), fmt(f, b), signed(f, a - b)]);
  }

  const throttling = config?.settings?.throttling || {};
  console.log(`\nLighthouse ${lhVersion}, preset: ${PRESET}` +
    (PRESET === 'desktop' ? ` (simulated throttling: rtt ${throttling.rttMs} ms, ${throttling.throughputKbps} kbps, cpu x${throttling.cpuSlowdownMultiplier})` : ' (Lighthouse defaults: simulated slow 4G, cpu x4)') +
    `, ${CHROMIUM}, fresh profile per run`);
  console.log(`${BASE}: with = ${PAGES[0].path}, without = ${PAGES[1].path}; runs: with ${results.with.length}/${RUNS}, without ${results.without.length}/${RUNS}\n`);
  printTable(table);
  console.log('\n"widget requests": URLs containing "reciprocity"; before/after = issued before/after the load event.');
  if (failures.length) console.warn(`\n${failures.length} failed run(s):\n  ${failures.join('\n  ')}`);
  if (!results.with.length || !results.without.length) throw new Error('no successful run for at least one page (see the messages above)');
}

function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [k, r] of rows.entries()) {
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

main().catch((e) => {
  console.error(`lighthouse: FAILED: ${e.message}`);
  process.exit(1);
});
