// Shopify, end to end: the custom pixel runs on a simulated Thank you page (in a sandboxed
// iframe whose browser.localStorage reaches the page's real localStorage, as Shopify's does),
// then a storefront page rendered from the app embed block (LiquidJS) loads the widget, which
// thanks the buyer by name for what they bought, counting the order once.
// integrations/shopify/test/ has the harness pages, the events and the block renderer.
import { test, expect, NOW } from '../fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHOPIFY = join(__dirname, '..', '..', '..', 'integrations', 'shopify');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderBlock } = require(join(SHOPIFY, 'test', 'render-block.cjs'));

const THANK_YOU = '/integrations/shopify/test/pages/thank-you.html';
/** A theme page of the store: its <head> holds the app embed block. */
const PRODUCT = '/products/sencha-kyoto';
const MINUTE = 60_000;
const HOSTILE = '</script><script>window.__pwned = 1</script> "Zoë" \u202eمريم';

/** The guest's checkout_completed event, at `at`, on this server's Thank you URL. */
function checkoutCompleted(origin: string, at: number) {
  const ev = JSON.parse(readFileSync(join(SHOPIFY, 'test', 'events', 'guest-gid-numbers.json'), 'utf8'));
  const href = origin + '/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpC/thank-you';
  ev.timestamp = new Date(at).toISOString();
  Object.assign(ev.context.document.location, { href, origin, host: new URL(origin).host, hostname: new URL(origin).hostname });
  return ev;
}

function pixelInit(origin: string, customer: Record<string, unknown> | null = null) {
  return {
    context: { document: { location: { href: origin + '/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpC/thank-you' }, referrer: '', title: 'Thank you' } },
    data: { customer, cart: null, shop: { name: 'Fern & Kettle', paymentSettings: { currencyCode: 'EUR' } } },
    customerPrivacy: { analyticsProcessingAllowed: true, marketingAllowed: true, preferencesProcessingAllowed: true, saleOfDataAllowed: true },
  };
}

/** Serves PRODUCT as a Shopify theme renders it, with the app embed block in its head. */
async function storefront(page: Page, customer: Record<string, unknown> | null = null) {
  const head = renderBlock({ customer, shop: { currency: 'EUR' } }, { widget_url: '/dist/', config_url: '/www/config.example.json' });
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sencha Kyoto - Fern &amp; Kettle</title>
<link rel="icon" href="data:,">
${head}
</head>
<body><main><h1>Sencha Kyoto</h1><button type="button" data-testid="add">Add to cart</button></main></body>
</html>`;
  await page.route('**' + PRODUCT, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

/** The Thank you page: the pixel runs and hears checkout_completed for the guest's order. */
async function thankYou(page: Page, at: number, customer: Record<string, unknown> | null = null) {
  await page.goto(THANK_YOU);
  const origin = new URL(page.url()).origin;
  // A storefront page where the widget slept noted itself in the inbox when it was left.
  const before = await page.evaluate(() => JSON.parse(localStorage.getItem('reciprocity:inbox') || '[]').length);
  await page.evaluate((init) => (window as any).shopifyPixels.load(init), pixelInit(origin, customer));
  const ev = checkoutCompleted(origin, at);
  if (customer) ev.data.checkout.order.customer = { id: '7712340001', isFirstOrder: false };
  await page.evaluate((e) => (window as any).shopifyPixels.publish('checkout_completed', e), ev);
  const inbox = await page.evaluate(() => JSON.parse(localStorage.getItem('reciprocity:inbox') || 'null'));
  expect(inbox, 'the pixel noted the order in the storefront storage').toHaveLength(before + 1);
  const ours = inbox[inbox.length - 1];
  expect(JSON.parse(ours.dl[0]).ecommerce.transaction_id).toBe('5210499102');
  expect(ours.url).toBe(origin + '/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpC/thank-you');
  // No widget on Shopify's Thank you page, and nothing of ours was fetched there.
  expect(await page.evaluate(() => (window as any).reciprocity)).toBeUndefined();
}

test.beforeEach(async ({ page }) => {
  page.on('dialog', (d) => {
    throw new Error('a dialog opened: ' + d.message());
  });
});

test('a guest: the pixel on the Thank you page, then the next storefront page thanks the buyer by name for what they bought', async ({ store, page }) => {
  await storefront(page);
  await thankYou(page, NOW.getTime() - MINUTE);
  await store.goto(PRODUCT);
  const g = await store.expectGesture('thanks-after-purchase', 'thank_you');
  // The first name from the order's billing address, the items from its lines, as text.
  await expect(g).toContainText('Thank you, Amira!');
  await expect(g).toContainText('Sencha Kyoto');
  await expect(g).toContainText('</script><script>alert(1)</script> Teapot');
  const h = await store.exported();
  expect(h.orders).toBe(1);
  expect(h.total_spent.cents).toBe(6995);
  expect(h.last_order?.items).toEqual(['Sencha Kyoto', '</script><script>alert(1)</script> Teapot "Kyūsu"', '\u200fشاي الهدية\u200f (gift)']);
  expect(h.last_order?.categories).toEqual(['Green tea']);
  expect(h.facts?.first_name).toBe('Amira');
  expect(h.gestures['thanks-after-purchase'].shown).toBe(1);
  // The inbox was taken in.
  expect(await page.evaluate(() => localStorage.getItem('reciprocity:inbox'))).toBeNull();

  // The store's own GA4 purchase for the same order reaches a later page (an old
  // "Additional scripts" tag, a GTM setup): the order is counted once, and not thanked again.
  await page.evaluate(() => {
    const w = window as any;
    (w.dataLayer = w.dataLayer || []).push({ event: 'purchase', ecommerce: { transaction_id: '5210499102', value: 69.95, currency: 'EUR', items: [{ item_name: 'Sencha Kyoto', price: 12.5, quantity: 2 }] } });
  });
  await store.later(0.01, PRODUCT);
  await page.evaluate(() => {
    const w = window as any;
    (w.dataLayer = w.dataLayer || []).push({ event: 'purchase', ecommerce: { transaction_id: '5210499102', value: 69.95, currency: 'EUR' } });
  });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const after = await store.exported();
  expect(after.orders).toBe(1);
  expect(after.total_spent.cents).toBe(6995);
  expect(after.gestures['thanks-after-purchase'].shown).toBe(1);
});

test('a returning shopper whose widget is asleep: the order in the inbox wakes it on the next storefront page', async ({ store, page }) => {
  await storefront(page);
  await store.goto(PRODUCT);
  await store.later(0.5 / 24, PRODUCT);
  // The control: with nothing new, this storefront page needs no wasm (the alarm sleeps).
  const ready = await store.events('reciprocity:ready');
  expect(ready.map((e) => e.detail)).toEqual([{ sleeping: true }]);

  const now = await page.evaluate(() => Date.now());
  await page.clock.setSystemTime(new Date(now + 10 * MINUTE));
  await thankYou(page, now + 10 * MINUTE);
  await page.clock.setSystemTime(new Date(now + 12 * MINUTE));
  await store.goto(PRODUCT);
  const g = await store.expectGesture('thanks-after-purchase', 'thank_you');
  await expect(g).toContainText('Thank you, Amira!');
  await expect(g).toContainText('Sencha Kyoto');
  expect((await store.exported()).orders).toBe(1);
});

test('a signed-in customer with a hostile name: one widget script, the name only ever as data, and the thanks on the next page', async ({ store, page }) => {
  const customer = {
    first_name: HOSTILE,
    orders_count: 4,
    total_spent: 21990,
    metafields: { facts: { birthday: { value: '1990-03-14', type: 'date' } } },
  };
  await storefront(page, customer);
  await thankYou(page, NOW.getTime() - MINUTE, { id: '7712340001', firstName: HOSTILE, ordersCount: 4 });
  await store.goto(PRODUCT);
  // The browser's own parser: our two scripts in the head, nothing injected.
  const scripts = await page.evaluate(() =>
    Array.from(document.head.querySelectorAll('script')).map((s) => ({ src: s.getAttribute('src'), inline: !s.src }))
  );
  expect(scripts).toEqual([
    { src: null, inline: true },
    { src: '/dist/reciprocity.js', inline: false },
  ]);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  const g = await store.expectGesture('thanks-after-purchase', 'thank_you');
  // The name has right-to-left letters and an override character: it is isolated (U+2068
  // … U+2069, what <bdi> does), so it cannot turn the sentence around it.
  await expect(g).toContainText(`Thank you, \u2068${HOSTILE}\u2069!`);
  const h = await store.exported();
  expect(h.facts.first_name).toBe(HOSTILE);
  expect(h.facts.orders).toBe(4);
  expect(h.facts.total_spent.cents).toBe(21990);
  expect(h.facts.total_spent.currency).toBe('EUR');
  expect(h.facts.birthday).toBe('03-14');
  expect(h.orders).toBe(1);
});
