// The app embed block (extensions/reciprocity-embed/blocks/reciprocity.liquid) rendered with
// LiquidJS for a signed-in customer with a hostile name, a guest, and missing or odd
// metafields: the output is checked as markup (only our two tags can open, every value sits
// in an escaped attribute) and by running its inline script, whose identify call must carry
// the customer's values as data. The facts it renders for each case are pinned in
// tests/cases/shopify_identify.json, which tests/shopify.rs reads with the engine.
//
// Run: cd tests/e2e && node --test ../../integrations/shopify/test/liquid.test.mjs
// (RECIPROCITY_UPDATE_CASES=1 rewrites the case file after a deliberate change.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { ROOT } from './harness.mjs';

const require = createRequire(import.meta.url);
const { renderBlock, schema } = require('./render-block.cjs');
const CASES = join(ROOT, 'tests', 'cases', 'shopify_identify.json');

const SETTINGS = { widget_url: 'https://cdn.example.com/reciprocity/', config_url: 'https://cdn.example.com/reciprocity/config.json' };
const HOSTILE = '</script><script>alert(1)</script> "O\'Brien" <!-- \u202eمريم\u200f';

function unescapeHtml(s) {
  return s.replace(/&(#\d+|#x[0-9a-f]+|lt|gt|amp|quot|apos);/gi, (_, e) => {
    const named = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/**
 * The rendered markup read as tags. Every "<" in the output must open or close one of our
 * two script elements: values are only ever inside escaped attributes, so none can add a tag.
 */
function read(html) {
  const scripts = [];
  const re = /<script((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>([^<]*)<\/script>/g;
  let m;
  let rest = html;
  while ((m = re.exec(html))) {
    const attrs = {};
    for (const a of m[1].matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] === undefined ? '' : unescapeHtml(a[2]);
    scripts.push({ attrs, body: m[2] });
    rest = rest.replace(m[0], '');
  }
  assert.equal((html.match(/</g) || []).length, scripts.length * 2, 'a "<" outside our script tags:\n' + html);
  assert.equal(rest.trim(), '', 'text outside our script tags:\n' + html);
  return scripts;
}

/** Runs the inline script as a browser would; returns what it queued on the stub. */
function run(script) {
  const ctx = vm.createContext({
    document: { currentScript: { getAttribute: (name) => (name in script.attrs ? script.attrs[name] : null) } },
  });
  ctx.window = ctx;
  vm.runInContext(script.body, ctx);
  // Read back through JSON text: plain data of this realm, not the sandbox's objects.
  return JSON.parse(vm.runInContext('JSON.stringify((reciprocity.q || []).map(function (a) { return Array.prototype.slice.call(a); }))', ctx));
}

/** The widget's tag and the identify call, checked for shape. */
function page(context, settings = SETTINGS) {
  const scripts = read(renderBlock(context, settings));
  const widget = scripts.filter((s) => 'src' in s.attrs);
  assert.equal(widget.length, 1, 'exactly one script loads the widget');
  assert.equal(widget[0].body, '');
  assert.ok('async' in widget[0].attrs, 'the widget loads async');
  const inline = scripts.filter((s) => !('src' in s.attrs));
  assert.ok(inline.length <= 1);
  const calls = inline.length ? run(inline[0]) : [];
  return { src: widget[0].attrs.src, config: widget[0].attrs['data-config'], calls, inline: inline[0] };
}

const customer = (over = {}) => ({
  first_name: HOSTILE,
  orders_count: 3,
  total_spent: 12050,
  metafields: { facts: { birthday: { value: '1990-07-14', type: 'date' } } },
  ...over,
});

// Each case: the Liquid context, and the facts the identify call must carry.
const CASES_LIST = [
  {
    name: 'signed in, a hostile right-to-left name, a date metafield',
    context: { customer: customer() },
    facts: { orders_count: 3, total_spent: 120.5, first_name: HOSTILE.trim(), currency: 'EUR', birthday: '07-14' },
  },
  {
    name: 'signed in, no metafields at all, the name padded with spaces',
    context: { customer: customer({ first_name: '  Jonas  ', metafields: {}, total_spent: 1999, orders_count: 1 }) },
    facts: { orders_count: 1, total_spent: 19.99, first_name: 'Jonas', currency: 'EUR' },
  },
  {
    name: 'signed in, a text metafield MM-DD, no first name, no orders yet',
    context: { customer: customer({ first_name: '   ', orders_count: 0, total_spent: 0, metafields: { facts: { birthday: { value: '02-29' } } } }) },
    facts: { orders_count: 0, total_spent: 0, currency: 'EUR', birthday: '02-29' },
  },
  {
    name: 'signed in, an impossible birthday, the presentment currency when the shop has none',
    context: { customer: customer({ first_name: 'Ana', metafields: { facts: { birthday: { value: '1990-04-31' } } } }), shop: {}, cart: { currency: { iso_code: 'cad' } } },
    facts: { orders_count: 3, total_spent: 120.5, first_name: 'Ana', currency: 'CAD' },
  },
];

test('the schema: an app embed block in the head, with the config URL, the widget folder and the birthday metafield', () => {
  const s = schema();
  assert.equal(s.target, 'head');
  assert.deepEqual(
    s.settings.map((x) => [x.id, x.type]),
    [
      ['widget_url', 'text'],
      ['config_url', 'text'],
      ['identify_customers', 'checkbox'],
      ['birthday_metafield', 'text'],
    ]
  );
  assert.equal(s.settings.find((x) => x.id === 'birthday_metafield').default, 'facts.birthday');
});

test('a signed-in customer with a hostile name: one widget script, and the identify call carries the name as data', () => {
  const p = page({ customer: customer() });
  assert.equal(p.src, 'https://cdn.example.com/reciprocity/reciprocity.js');
  assert.equal(p.config, 'https://cdn.example.com/reciprocity/config.json');
  assert.deepEqual(p.calls, [['identify', CASES_LIST[0].facts]]);
  // The inline script's text is fixed: no value of the customer's is inside it.
  assert.doesNotMatch(p.inline.body, /O'Brien|alert|مريم|12050|120\.5/);
});

test('every case: the facts as rendered', () => {
  for (const c of CASES_LIST) assert.deepEqual(page(c.context).calls, [['identify', c.facts]], c.name);
});

test('a guest: the widget script alone, no inline script', () => {
  for (const context of [{}, { customer: null }]) {
    const html = renderBlock(context, SETTINGS);
    const scripts = read(html);
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0].attrs.src, 'https://cdn.example.com/reciprocity/reciprocity.js');
  }
});

test('identify switched off in the settings: no inline script for a signed-in customer', () => {
  assert.equal(read(renderBlock({ customer: customer() }, { ...SETTINGS, identify_customers: false })).length, 1);
});

test('a missing, empty or malformed metafield setting or value leaves the birthday out and keeps the rest', () => {
  const without = { orders_count: 3, total_spent: 120.5, first_name: 'Ana', currency: 'EUR' };
  const values = [undefined, null, '', '31-12', '7-14', '1990-7-14', '13-01', '00-10', '02-30', '1a-01', '1990/07/14', '07-14-1990', { value: null }, { value: 'soon' }];
  for (const v of values) {
    const c = customer({ first_name: 'Ana', metafields: { facts: v === undefined ? {} : { birthday: v } } });
    assert.deepEqual(page({ customer: c }).calls, [['identify', without]], JSON.stringify(v));
  }
  for (const setting of ['', 'birthday', 'a.b.c', 'other.key', '  ']) {
    assert.deepEqual(page({ customer: customer({ first_name: 'Ana' }) }, { ...SETTINGS, birthday_metafield: setting }).calls, [['identify', without]], setting);
  }
  const custom = customer({ first_name: 'Ana', metafields: { custom: { dob: { value: '1985-12-01' } } } });
  assert.deepEqual(page({ customer: custom }, { ...SETTINGS, birthday_metafield: ' custom.dob ' }).calls, [['identify', { ...without, birthday: '12-01' }]]);
});

test('the widget URL: a folder with or without a slash, or reciprocity.js itself; hostile URLs stay inside their attribute', () => {
  const src = (widget_url) => page({}, { ...SETTINGS, widget_url }).src;
  assert.equal(src('https://cdn.example.com/r'), 'https://cdn.example.com/r/reciprocity.js');
  assert.equal(src('/reciprocity/'), '/reciprocity/reciprocity.js');
  assert.equal(src(' https://cdn.example.com/r/reciprocity.js '), 'https://cdn.example.com/r/reciprocity.js');
  const hostile = page({ customer: customer() }, { widget_url: '"><script>alert(1)</script>', config_url: "'><img src=x onerror=alert(1)>" });
  assert.equal(hostile.src, '"><script>alert(1)</script>/reciprocity.js');
  assert.equal(hostile.config, "'><img src=x onerror=alert(1)>");
});

test('no widget URL or no config URL: nothing at all', () => {
  assert.equal(renderBlock({ customer: customer() }, { ...SETTINGS, widget_url: '' }).trim(), '');
  assert.equal(renderBlock({ customer: customer() }, { ...SETTINGS, config_url: '  ' }).trim(), '');
});

test('tests/cases/shopify_identify.json holds the facts each case renders (the engine reads them in tests/shopify.rs)', () => {
  const doc = {
    about:
      'The identify facts the Shopify app embed block (integrations/shopify/extensions/reciprocity-embed/blocks/reciprocity.liquid) renders for each case, as JSON text; tests/shopify.rs reads each with the engine. Written by integrations/shopify/test/liquid.test.mjs with RECIPROCITY_UPDATE_CASES=1.',
    cases: CASES_LIST.map((c) => {
      const script = read(renderBlock(c.context, SETTINGS)).find((s) => !('src' in s.attrs));
      return { name: c.name, facts: script.attrs['data-reciprocity-identify'], expect: c.facts };
    }),
  };
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (process.env.RECIPROCITY_UPDATE_CASES === '1') writeFileSync(CASES, text);
  assert.deepEqual(JSON.parse(readFileSync(CASES, 'utf8')), doc, 'RECIPROCITY_UPDATE_CASES=1 rewrites tests/cases/shopify_identify.json');
});
