// The Shopify pixel in a harness of the documented custom-pixel API (harness.mjs), fed
// checkout_completed events shaped as Shopify sends them (events/*.json). The inbox it writes
// for each scenario is pinned in tests/cases/shopify_inbox.json, which the engine's test
// tests/shopify.rs replays through `Session::replay`: the two languages read one file.
//
// Run: cd tests/e2e && node --test ../../integrations/shopify/test/pixel.test.mjs
// After a deliberate change to what the pixel writes:
//   RECIPROCITY_UPDATE_CASES=1 node --test ../../integrations/shopify/test/pixel.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire, register } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { copies } from '../build.mjs';
import { HERE, ROOT, SHOPIFY, TopFrameStorage, customPixel, event, initFor, sandbox } from './harness.mjs';

const require = createRequire(join(ROOT, 'tests', 'e2e', 'package.json'));
const INBOX = 'reciprocity:inbox';
const ALARM = 'reciprocity:alarm';
const CASES = join(ROOT, 'tests', 'cases', 'shopify_inbox.json');

const rejections = [];
process.on('unhandledRejection', (e) => rejections.push(e));

/** Runs the custom pixel on a Thank you page: publishes `events` in order, returns the inbox. */
async function thankYou(events, { init = initFor(), storage = new TopFrameStorage() } = {}) {
  const box = sandbox(customPixel(), { storage, init });
  for (const ev of events) box.publish('checkout_completed', ev);
  await box.idle();
  const text = storage.get(INBOX);
  return { box, storage, inbox: text === null ? null : JSON.parse(text) };
}

const GUEST = {
  t: Date.parse('2026-11-22T09:58:41.512Z'),
  url: 'https://fern-and-kettle.example/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpC/thank-you',
  dl: [
    JSON.stringify({
      event: 'purchase',
      ecommerce: {
        // The numeric order id, whether Shopify sends it bare or as a gid.
        transaction_id: '5210499102',
        value: 69.95,
        currency: 'EUR',
        items: [
          // No sku: the variant's id; the product type as the category.
          { item_id: '45112231002', item_name: 'Sencha Kyoto', item_category: 'Green tea', price: 12.5, quantity: 2 },
          // An empty product type: no category. The title kept as data, whatever it holds.
          { item_id: 'TP-01', item_name: '</script><script>alert(1)</script> Teapot "Kyūsu"', price: 38, quantity: 1 },
          // An empty sku and a null type; right-to-left text with its marks.
          { item_id: '45112231004', item_name: '\u200fشاي الهدية\u200f (gift)', price: 0, quantity: 1 },
        ],
      },
    }),
  ],
  // The first name from the billing address; isFirstOrder gives the count and the date.
  calls: [['identify', JSON.stringify({ first_name: 'Amira', orders_count: 1, first_order_at: '2026-11-22T09:58:41.512Z' })]],
};

const JONAS = { id: '7712340001', firstName: 'Jonas', lastName: 'Weber', email: 'jonas@example.com', ordersCount: 4, phone: null };

// What the engine must make of each scenario's inbox (checked by tests/shopify.rs): orders,
// spend in cents, the last order's item names and categories, and the identify facts.
const SCENARIOS = [
  {
    name: 'guest: amounts as numbers, gid ids, null and empty skus, empty and null product types, hostile and right-to-left titles, the same order published twice',
    init: () => initFor(),
    events: ['guest-gid-numbers', 'guest-gid-numbers'],
    expect: {
      transaction_id: '5210499102',
      orders: 1,
      spent: 6995,
      currency: 'EUR',
      items: ['Sencha Kyoto', '</script><script>alert(1)</script> Teapot "Kyūsu"', '\u200fشاي الهدية\u200f (gift)'],
      categories: ['Green tea'],
      first_name: 'Amira',
      orders_count: 1,
    },
  },
  {
    name: 'signed in: amounts as strings, bare ids, no billing address, a line without title or final price, the name from init.data.customer',
    init: () => initFor({ customer: JONAS }),
    events: ['signed-in-strings'],
    expect: {
      transaction_id: '5210577003',
      orders: 1,
      spent: 5210,
      currency: 'EUR',
      items: ['Darjeeling First Flush', 'Bamboo whisk'],
      categories: ['Black tea', 'Accessories'],
      first_name: 'Jonas',
      orders_count: 4,
    },
  },
];

test('the custom pixel and the app pixel are what build.mjs writes from the one source', () => {
  for (const [rel, text] of Object.entries(copies())) {
    assert.equal(readFileSync(join(SHOPIFY, rel), 'utf8'), text, `${rel}: run node integrations/shopify/build.mjs`);
  }
});

test('plain ES2017: the custom pixel parses as an ES2017 script, the app pixel as an ES2017 module', () => {
  const acorn = require('acorn');
  acorn.parse(customPixel(), { ecmaVersion: 2017, sourceType: 'script' });
  const files = copies();
  acorn.parse(files['extensions/reciprocity-pixel/src/reciprocity-shopify.js'], { ecmaVersion: 2017, sourceType: 'module' });
  const index = readFileSync(join(SHOPIFY, 'extensions', 'reciprocity-pixel', 'src', 'index.js'), 'utf8');
  acorn.parse(index, { ecmaVersion: 2017, sourceType: 'module' });
  // Only the sandbox's standard API: no DOM or network globals by name.
  const forbidden = new Set(['window', 'self', 'globalThis', 'document', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest', 'navigator', 'eval', 'Function']);
  const used = [];
  for (const tok of acorn.tokenizer(customPixel(), { ecmaVersion: 2017 })) if (tok.type.label === 'name' && forbidden.has(tok.value)) used.push(tok.value);
  assert.deepEqual(used, []);
});

test('the storage keys are the widget\'s (tests/cases/storage.json)', () => {
  const { keys } = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'storage.json'), 'utf8'));
  assert.equal(keys.inbox, INBOX);
  assert.equal(keys.alarm, ALARM);
  const source = readFileSync(join(SHOPIFY, 'pixel', 'reciprocity-shopify.js'), 'utf8');
  assert.match(source, new RegExp(`var INBOX = '${keys.inbox}';`));
  assert.match(source, new RegExp(`var ALARM = '${keys.alarm}';`));
});

test('a guest order: one inbox entry with the GA4 purchase and the facts the pixel knows', async () => {
  const { inbox, box } = await thankYou([event('guest-gid-numbers')]);
  assert.deepEqual(inbox, [GUEST]);
  assert.deepEqual([...box.subscribers.keys()], ['checkout_completed']);
});

test('the same order published again (a reload, an upsell page) adds nothing', async () => {
  const storage = new TopFrameStorage();
  await thankYou([event('guest-gid-numbers')], { storage });
  const first = storage.get(INBOX);
  await thankYou([event('guest-gid-numbers'), event('guest-gid-numbers')], { storage });
  assert.equal(storage.get(INBOX), first);
});

test('appends after what the loader noted, keeps the last 200 entries, and then wakes the recorder', async () => {
  const quiet = (i) => ({ t: 1_790_000_000_000 + i, url: `https://fern-and-kettle.example/pages/${i}`, dl: [], calls: [] });
  const one = await thankYou([event('guest-gid-numbers')], { storage: new TopFrameStorage({ [INBOX]: JSON.stringify([quiet(0)]) }) });
  assert.deepEqual(one.inbox, [quiet(0), GUEST]);
  assert.equal(one.storage.get(ALARM), null, 'a short inbox leaves the alarm alone');

  const full = Array.from({ length: 200 }, (_, i) => quiet(i));
  const two = await thankYou([event('guest-gid-numbers')], { storage: new TopFrameStorage({ [INBOX]: JSON.stringify(full), [ALARM]: '{"v":1,"at":0,"events":[],"urls":[]}' }) });
  assert.equal(two.inbox.length, 200);
  assert.deepEqual(two.inbox[0], quiet(1));
  assert.deepEqual(two.inbox[199], GUEST);
  assert.equal(two.storage.get(ALARM), '{}', 'as the loader does, a full inbox makes the next page wake the recorder');
});

test('a missing or corrupt inbox counts as empty', async () => {
  for (const bad of ['{not json', '{"a":1}', 'null', '42', '"[]"', '']) {
    const { inbox } = await thankYou([event('guest-gid-numbers')], { storage: new TopFrameStorage({ [INBOX]: bad }) });
    assert.deepEqual(inbox, [GUEST], JSON.stringify(bad));
  }
});

test('a malformed event is skipped: nothing written, nothing thrown', async () => {
  const hostile = {};
  Object.defineProperty(hostile, 'data', {
    get() {
      throw new Error('hostile getter');
    },
  });
  const noLines = event('guest-gid-numbers');
  delete noLines.data.checkout.order;
  delete noLines.data.checkout.token;
  noLines.data.checkout.lineItems = 'nope';
  for (const ev of [null, undefined, 42, 'checkout', {}, { data: null }, { data: { checkout: [] } }, { data: { checkout: {} } }, hostile, noLines]) {
    const { inbox, storage } = await thankYou([ev]);
    assert.equal(inbox, null, String(JSON.stringify(ev)));
    assert.deepEqual(storage.calls, []);
  }
  // Odd fields are dropped one by one, the rest is kept.
  const odd = event('guest-gid-numbers');
  odd.timestamp = 'yesterday';
  odd.context = null;
  odd.data.checkout.totalPrice = { amount: 'NaN', currencyCode: 'euro' };
  odd.data.checkout.lineItems[0].quantity = -3;
  odd.data.checkout.lineItems[0].finalLinePrice = null;
  odd.data.checkout.lineItems.push(null, 7, { quantity: 1 });
  const before = Date.now();
  const { inbox } = await thankYou([odd], { init: initFor({ href: 'javascript:alert(1)' }) });
  const push = JSON.parse(inbox[0].dl[0]);
  assert.ok(inbox[0].t >= before && inbox[0].t <= Date.now(), 'an unreadable timestamp: now');
  assert.equal(inbox[0].url, undefined, 'no web URL: none');
  assert.equal(push.ecommerce.value, 63, 'no total: the subtotal');
  assert.equal(push.ecommerce.currency, 'EUR', 'no usable total currency: the checkout currency');
  assert.deepEqual(push.ecommerce.items[0], { item_id: '45112231002', item_name: 'Sencha Kyoto', item_category: 'Green tea', price: 12.5, quantity: 1 });
  assert.equal(push.ecommerce.items.length, 3);
  assert.deepEqual(rejections, []);
});

test('storage that refuses (quota, a blocked frame) never throws', async () => {
  const storage = new TopFrameStorage();
  storage.refuse = (op) => {
    if (op === 'setItem') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  const { inbox } = await thankYou([event('guest-gid-numbers')], { storage });
  assert.equal(inbox, null);
  const blocked = new TopFrameStorage();
  blocked.refuse = () => {
    throw new Error('SecurityError');
  };
  await thankYou([event('guest-gid-numbers')], { storage: blocked });
  assert.deepEqual(rejections, []);
});

test('consent: nothing is written while preferences are denied; written once they are allowed', async () => {
  const denied = { analyticsProcessingAllowed: true, marketingAllowed: false, preferencesProcessingAllowed: false, saleOfDataAllowed: false };
  const storage = new TopFrameStorage();
  const box = sandbox(customPixel(), { storage, init: initFor({ privacy: denied }) });
  box.publish('checkout_completed', event('guest-gid-numbers'));
  await box.idle();
  assert.equal(storage.get(INBOX), null);
  assert.deepEqual(storage.calls, []);
  box.consent({ ...denied, preferencesProcessingAllowed: true });
  box.publish('checkout_completed', event('guest-gid-numbers'));
  await box.idle();
  assert.deepEqual(JSON.parse(storage.get(INBOX)), [GUEST]);
});

test('facts: the signed-in name wins over the addresses; shipping when there is no billing; none when nothing is known', async () => {
  const signedIn = await thankYou([event('guest-gid-numbers')], { init: initFor({ customer: { ...JONAS, firstName: '  Jo\u0000nas ' } }) });
  assert.deepEqual(JSON.parse(signedIn.inbox[0].calls[0][1]), { first_name: 'Jonas', orders_count: 1, first_order_at: '2026-11-22T09:58:41.512Z' });
  const ship = event('guest-gid-numbers');
  ship.data.checkout.billingAddress = null;
  ship.data.checkout.shippingAddress = { firstName: 'Ana' };
  ship.data.checkout.order.customer.isFirstOrder = null;
  assert.deepEqual(JSON.parse((await thankYou([ship])).inbox[0].calls[0][1]), { first_name: 'Ana' });
  const none = event('guest-gid-numbers');
  none.data.checkout.billingAddress = { firstName: '   ' };
  none.data.checkout.order.customer = null;
  assert.deepEqual((await thankYou([none])).inbox[0].calls, []);
});

test('the app pixel (register) writes the same inbox as the custom pixel', async () => {
  // `@shopify/web-pixels-extension` stubbed: its `register` hands over the standard API.
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
        const STUB = 'data:text/javascript,' + encodeURIComponent('export function register(fn) { globalThis.__reciprocityRegistered = fn; }');
        export async function resolve(specifier, context, next) {
          if (specifier === '@shopify/web-pixels-extension') return { url: STUB, shortCircuit: true };
          return next(specifier, context);
        }
        export async function load(url, context, next) {
          if (url.includes('/extensions/reciprocity-pixel/src/')) return { ...(await next(url, { ...context, format: 'module' })), format: 'module' };
          return next(url, context);
        }`)
  );
  await import(pathToFileURL(join(SHOPIFY, 'extensions', 'reciprocity-pixel', 'src', 'index.js')).href);
  const registered = globalThis.__reciprocityRegistered;
  assert.equal(typeof registered, 'function');
  const storage = new TopFrameStorage();
  const callbacks = [];
  registered({
    analytics: { subscribe: (name, cb) => callbacks.push([name, cb]) },
    browser: { localStorage: storage.api() },
    init: initFor(),
    customerPrivacy: { subscribe: () => {} },
    settings: {},
  });
  assert.deepEqual(callbacks.map((c) => c[0]), ['checkout_completed']);
  callbacks[0][1](event('guest-gid-numbers'));
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(JSON.parse(storage.get(INBOX)), [GUEST]);
});

test('tests/cases/shopify_inbox.json is the inbox of each scenario (the engine replays it in tests/shopify.rs)', async () => {
  const cases = [];
  for (const s of SCENARIOS) {
    const { inbox } = await thankYou(s.events.map(event), { init: s.init() });
    const push = JSON.parse(inbox[inbox.length - 1].dl[0]);
    assert.equal(push.ecommerce.transaction_id, s.expect.transaction_id);
    assert.deepEqual(
      push.ecommerce.items.map((i) => i.item_name),
      s.expect.items
    );
    cases.push({ name: s.name, inbox, expect: s.expect });
  }
  const doc = {
    about:
      'Inboxes written by the Shopify pixel (integrations/shopify) for checkout_completed events shaped as Shopify sends them (integrations/shopify/test/events), and what the engine must make of each (tests/shopify.rs). Written by integrations/shopify/test/pixel.test.mjs with RECIPROCITY_UPDATE_CASES=1.',
    cases,
  };
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (process.env.RECIPROCITY_UPDATE_CASES === '1') writeFileSync(CASES, text);
  assert.deepEqual(JSON.parse(readFileSync(CASES, 'utf8')), doc, 'the pixel writes something else now: RECIPROCITY_UPDATE_CASES=1 rewrites tests/cases/shopify_inbox.json');
  void HERE;
});
