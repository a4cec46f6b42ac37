// reciprocity('destroy'): the widget takes away everything it added to the page, and a
// later include of the script starts a fresh copy.
import { test, expect } from '../fixtures';

const PLAIN = '/tests/e2e/pages/plain.html';

test("destroy removes the host element, every hook and listener; later pushes are not recorded", async ({ store, page }) => {
  await page.addInitScript(() => {
    // The page's own functions, before the widget loads.
    (window as any).__own = { push: Array.prototype.push, pushState: history.pushState, replaceState: history.replaceState };
  });
  await store.goto(PLAIN);
  await store.expectGesture('welcome-guide');
  await page.evaluate(() => (window as any).dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'sencha', item_name: 'Sencha Kyoto' }] } }));
  expect((await store.exported()).event_counts.view_item).toBe(1);
  const stored = await page.evaluate(() => localStorage.getItem('reciprocity'));
  const seen = (await store.events()).length;

  await page.evaluate(() => (window as any).reciprocity('destroy'));
  await expect(store.host()).toHaveCount(0);
  const own = await page.evaluate(() => {
    const w = window as any;
    const mine = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
    return {
      push: w.dataLayer.push === w.__own.push && !mine(w.dataLayer, 'push'),
      pushState: history.pushState === w.__own.pushState && !mine(history, 'pushState'),
      replaceState: history.replaceState === w.__own.replaceState && !mine(history, 'replaceState'),
    };
  });
  expect(own).toEqual({ push: true, pushState: true, replaceState: true });

  // A purchase, a navigation and a call after destroy: nothing hears them.
  await page.evaluate(() => {
    const w = window as any;
    w.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'AFTER', value: 18, currency: 'EUR' } });
    history.pushState({}, '', '?after=1');
    w.reciprocity('track', 'review');
  });
  await page.clock.runFor(2500); // the recorder's once-a-second dataLayer check, had it stayed
  expect(await store.exported()).toBeNull();
  // Behind any job a recorder still had queued (they run under this cross-tab lock).
  const after = await page.evaluate(() => navigator.locks.request('reciprocity', () => localStorage.getItem('reciprocity')));
  expect(after).toBe(stored);
  expect((await store.events()).length).toBe(seen);

  // The next page view: the history holds nothing from after the destroy.
  await store.goto(PLAIN);
  const h = await store.exported();
  expect(h.page_views).toBe(2);
  expect(h.event_counts.view_item).toBe(1);
  expect(h.orders).toBe(0);
  expect(h.event_counts.review).toBeUndefined();
});

test('after destroy, including the script again starts a fresh copy', async ({ store, page }) => {
  await store.goto(PLAIN);
  await store.expectGesture('welcome-guide');
  await page.evaluate(() => {
    const w = window as any;
    w.reciprocity('destroy');
    w.__destroyed = w.reciprocity;
  });
  await expect(store.host()).toHaveCount(0);
  expect(await store.exported()).toBeNull();
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = '/dist/reciprocity.js';
    s.setAttribute('data-config', '/www/config.example.json');
    document.head.appendChild(s);
  });
  await expect.poll(async () => (await store.events('reciprocity:ready')).length).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as any).reciprocity !== (window as any).__destroyed)).toBe(true);
  await page.evaluate(() => (window as any).dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'pot', item_name: 'Stoneware teapot' }] } }));
  const h = await store.exported();
  expect(h.page_views).toBe(2);
  expect(h.viewed_items).toContain('Stoneware teapot');
});
