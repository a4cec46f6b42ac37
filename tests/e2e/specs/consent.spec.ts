// Google Consent Mode, as a consent banner sets it: nothing is kept on the device while
// personalisation storage is denied, a grant starts recording (what the page did meanwhile
// included), a revocation forgets.
import { test, expect } from '../fixtures';

const PAGE = '/tests/e2e/pages/consent.html';

/** Every key the widget keeps in localStorage. */
function ours() {
  return Object.keys(localStorage).filter((k) => k === 'reciprocity' || k.startsWith('reciprocity:'));
}

test('default denied: nothing on the device; granted: recorded with the page; revoked: forgotten', async ({ store, page }) => {
  await store.goto(PAGE);
  // What the page says may still show: a first visit's welcome.
  await store.expectGesture('welcome-guide');
  await page.evaluate(() => (window as any).dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'pot', item_name: 'Stoneware teapot' }] } }));
  await expect.poll(async () => (await store.exported()).viewed_items).toContain('Stoneware teapot');
  expect(await page.evaluate(ours)).toEqual([]);
  // The shopper accepts.
  await page.evaluate(() => (window as any).gtag('consent', 'update', { personalization_storage: 'granted', functionality_storage: 'granted' }));
  await expect.poll(() => page.evaluate(ours)).toContain('reciprocity');
  const kept = await store.exported();
  expect(kept.viewed_items).toContain('Stoneware teapot');
  expect(kept.gestures['welcome-guide'].shown).toBe(1);
  // Later, from the banner's settings, the shopper withdraws.
  await page.evaluate(() => (window as any).gtag('consent', 'update', { personalization_storage: 'denied' }));
  await expect.poll(() => page.evaluate(ours)).toEqual([]);
  expect((await store.exported()).page_views).toBe(0);
});

test('a returning shopper: the banner denies by default, then grants from its cookie: nothing forgotten', async ({ store, page }) => {
  await store.goto(PAGE);
  await page.evaluate(() => (window as any).gtag('consent', 'update', { personalization_storage: 'granted' }));
  await expect.poll(() => page.evaluate(ours)).toContain('reciprocity');
  await store.goto(PAGE);
  // Denied by default until the banner reads its cookie.
  expect((await store.exported()).page_views).toBe(1);
  await page.evaluate(() => (window as any).gtag('consent', 'update', { personalization_storage: 'granted' }));
  await expect.poll(async () => (await store.exported()).page_views).toBe(2);
});
