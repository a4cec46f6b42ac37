// The loader's parts (src/js/loader/, in the order of parts.json) against the case files in
// tests/cases/, which the engine's tests/cases.rs runs too: where the JavaScript and the Rust
// must agree, both answer the same files. Then the loader's lifecycle on a quiet page, with a
// small fake browser. Run with node's test runner: `node --test loader/cases.test.mjs`
// (from tests/e2e; `cargo xtask test` runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const root = new URL('../../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const json = (path) => JSON.parse(read(path));

/** An object with addEventListener/removeEventListener that remembers its listeners. */
function target(extra) {
  const listeners = [];
  return Object.assign(extra, {
    listeners,
    addEventListener(type, fn, options) {
      listeners.push({ type, fn, capture: options === true || !!(options && options.capture) });
    },
    removeEventListener(type, fn, options) {
      const capture = options === true || !!(options && options.capture);
      const i = listeners.findIndex((l) => l.type === type && l.fn === fn && l.capture === capture);
      if (i >= 0) listeners.splice(i, 1);
    },
    fire(type, event = {}) {
      for (const l of listeners.filter((x) => x.type === type)) l.fn(event);
    },
  });
}

/** Runs the loader's parts in a fresh context: a page at `url` whose load event is over. */
function page({ url = 'https://shop.example/products/sencha', storage = {} } = {}) {
  const store = new Map(Object.entries(storage));
  const events = [];
  const document = target({
    readyState: 'complete',
    visibilityState: 'visible',
    currentScript: null,
    baseURI: url,
    getElementsByTagName: () => [],
    querySelectorAll: () => [],
  });
  const window = target({
    location: { href: url },
    localStorage: {
      getItem: (k) => (store.has(k) ? store.get(k) : null),
      setItem: (k, v) => void store.set(k, String(v)),
      removeItem: (k) => void store.delete(k),
    },
    dispatchEvent(e) {
      events.push(e);
      return true;
    },
    CustomEvent: class {
      constructor(type, init) {
        this.type = type;
        this.detail = init && init.detail;
      }
    },
    document,
    URL,
    setTimeout,
    clearTimeout,
    // A frame comes soon after load, as in a visible tab.
    requestAnimationFrame: (fn) => setTimeout(fn, 1),
    EventTarget,
  });
  window.window = window;
  const ctx = vm.createContext(window);
  const { parts } = json('src/js/loader/parts.json');
  vm.runInContext(parts.map((p) => read('src/js/loader/' + p)).join('\n'), ctx, { filename: 'reciprocity.js' });
  return { ctx, store, events, window, document };
}

/** The `arguments` object gtag() pushes. */
function args(list) {
  return (function () {
    return arguments;
  }).apply(null, list);
}

const tick = () => new Promise((r) => setTimeout(r, 5));

/** Resolves once the loader has started: after the page's load event and the frame after it. */
async function started(ctx) {
  for (let i = 0; i < 200 && ctx.phase === 'early'; i++) await tick();
}

test('storage keys: the ones the engine uses', () => {
  const { keys } = json('tests/cases/storage.json');
  const { ctx } = page();
  assert.equal(ctx.ALARM, keys.alarm);
  assert.equal(ctx.INBOX, keys.inbox);
  assert.equal(ctx.FACTS, keys.facts);
});

test('URL patterns: the engine’s answers', () => {
  const { ctx } = page();
  const { cases } = json('tests/cases/url_patterns.json');
  assert.ok(cases.length > 20);
  for (const c of cases) assert.equal(ctx.urlMatches(c.pattern, c.url), c.matches, `${c.pattern} against ${c.url}`);
});

test('event names: the engine’s, for dataLayer pushes and gtag arguments', () => {
  const { ctx } = page();
  const { data_layer: cases } = json('tests/cases/event_names.json');
  assert.ok(cases.length > 40);
  for (const c of cases) {
    const item = c.arguments ? args(c.push) : c.push;
    assert.equal(ctx.eventName(item), c.name, JSON.stringify(c.push));
    // A gtag array and its arguments object are the same to the engine.
    if (Array.isArray(c.push)) assert.equal(ctx.eventName(args(c.push)), ctx.eventName(c.push));
  }
});

test('consent mode: what a command says about keeping the history', () => {
  const { ctx } = page();
  const { cases } = json('tests/cases/consent.json');
  for (const c of cases) {
    const push = Array.isArray(c.push) ? args(c.push) : c.push;
    assert.equal(ctx.consentOf(push), c.granted, JSON.stringify(c.push));
  }
  // The page's state is the last command that says.
  const layer = cases.map((c) => (Array.isArray(c.push) ? args(c.push) : c.push));
  assert.equal(ctx.consentState(layer.slice(0, 2)), true);
  assert.equal(ctx.consentState(layer.slice(0, 3)), false);
  assert.equal(ctx.consentState([]), null);
});

test('event names: the engine’s, for tracked events', () => {
  const { ctx } = page();
  for (const c of json('tests/cases/event_names.json').track) assert.equal(ctx.trackName(c.track), c.name, JSON.stringify(c.track));
});

test('the alarm: wake or not, and whether a gesture is likely', () => {
  const { ctx } = page();
  const { defaults, cases } = json('tests/cases/alarm.json');
  assert.ok(cases.length > 20);
  for (const c of cases) {
    const m = { ...defaults, ...c };
    const stored = m.alarm === null ? null : typeof m.alarm === 'string' ? m.alarm : JSON.stringify(m.alarm);
    const answer = ctx.rings({
      alarm: ctx.readAlarm(stored),
      now: m.now,
      config: m.config,
      url: m.url,
      preview: m.preview,
      calls: m.calls,
      layer: m.data_layer.map((x) => (Array.isArray(x) ? args(x) : x)),
      facts: m.facts,
      inbox: m.inbox === null ? null : typeof m.inbox === 'string' ? m.inbox : JSON.stringify(m.inbox),
    });
    assert.equal(answer.wake, c.wake, `${c.name}: wake`);
    assert.equal(answer.likely, c.ui_likely, `${c.name}: a gesture likely`);
  }
});

/** A page view whose stored alarm is quiet (nothing pushed wakes it). */
function quietPage(events = []) {
  const p = page();
  const config = { store: { name: 'Tea & Co' }, gestures: [] };
  const hash = p.ctx.hash(p.ctx.serializeWhole(config));
  const at = Date.now() + 86_400_000;
  p.store.set('reciprocity:alarm', JSON.stringify({ v: 1, at, events, urls: ['/thank-you*'], config: hash }));
  return { ...p, config };
}

test('a quiet page sleeps and notes exactly the pushes the engine records; destroy takes everything away', async () => {
  const { ctx, store, events, window, document, config } = quietPage();
  assert.equal(ctx.phase, 'early');
  await started(ctx); // the loader starts after the page's load event and its next frame
  assert.equal(ctx.phase, 'waiting');
  ctx.reciprocity('init', config);
  assert.equal(ctx.phase, 'sleeping');
  assert.deepEqual(events.map((e) => [e.type, JSON.stringify(e.detail)]), [['reciprocity:ready', '{"sleeping":true}']]);
  const layer = window.dataLayer;
  assert.ok(Object.hasOwn(layer, 'push'), 'the sleeping loader listens to pushes');
  const cases = json('tests/cases/event_names.json').data_layer;
  for (const c of cases) layer.push(c.arguments ? args(c.push) : c.push);
  ctx.reciprocity('track', 'newsletter_opened', { issue: 3 });
  ctx.reciprocity('track', 42);
  window.fire('pagehide');
  document.fire('visibilitychange'); // noted once
  const inbox = JSON.parse(store.get('reciprocity:inbox'));
  assert.equal(inbox.length, 1);
  assert.deepEqual(
    inbox[0].dl.map((t) => JSON.parse(t)),
    cases.filter((c) => c.name !== null).map((c) => c.push)
  );
  assert.deepEqual(inbox[0].calls, [['newsletter_opened', '{"issue":3}']]);

  ctx.reciprocity('destroy');
  assert.equal(ctx.phase, 'dead');
  assert.ok(!Object.hasOwn(layer, 'push'), "dataLayer.push is the page's own again");
  assert.deepEqual(window.listeners, []);
  assert.deepEqual(document.listeners, []);
  assert.equal(ctx.reciprocity.__loaded, false, 'a later include starts a fresh copy');
  assert.equal(await ctx.reciprocity('export'), null);
  assert.equal(ctx.reciprocity('track', 'review'), undefined);
  assert.equal(events.length, 1, 'no errors');
});

test('a push the alarm listens for wakes the recorder, and sleeping leaves nothing behind', async () => {
  const { ctx, window, document, events, config } = quietPage(['purchase']);
  await started(ctx);
  ctx.reciprocity('init', config);
  assert.equal(ctx.phase, 'sleeping');
  window.dataLayer.push({ event: 'view_item' });
  ctx.reciprocity('track', 'review');
  assert.equal(ctx.phase, 'sleeping');
  window.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'T-1' } });
  assert.equal(ctx.phase, 'loading');
  const waiting = ctx.reciprocity('export');
  assert.ok(!Object.hasOwn(window.dataLayer, 'push'));
  assert.deepEqual(window.listeners.map((l) => l.type).sort(), ['error', 'reciprocity:error', 'unhandledrejection']);
  assert.deepEqual(document.listeners, []);
  // No module can load in this fake browser: the widget steps aside and says why.
  assert.equal(await waiting, null);
  assert.equal(ctx.phase, 'dead');
  assert.match(events.at(-1).detail.message, /could not load/);
});

test('the lifecycle moves only forward, and a late callback changes nothing', () => {
  const { ctx } = page();
  assert.equal(ctx.enter('running'), false, 'early cannot run');
  assert.equal(ctx.phase, 'early');
  for (const [from, next] of Object.entries(ctx.NEXT)) {
    assert.ok(!next.includes(from), `${from} does not loop`);
    if (from !== 'dead') assert.ok(next.includes('dead'), `${from} can die`);
  }
  assert.equal(ctx.NEXT.dead.length, 0);
});
