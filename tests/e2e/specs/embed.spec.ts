// The embed contract: data-config, init with an object, the queue stub replayed in order,
// a double include, another origin, and the outbound events.
import { test, expect } from '../fixtures';

test('data-config: one host element with an open shadow root, ready and shown events, dataLayer pushes', async ({ store, page }) => {
  await store.goto('/');
  await store.expectGesture('welcome-guide', 'banner');
  await expect(store.host()).toHaveCount(1);
  expect(await page.evaluate(() => document.querySelector('reciprocity-widget')!.shadowRoot!.mode)).toBe('open');
  const shown = await store.events('reciprocity:shown');
  expect(shown.map((e) => e.detail)).toEqual([{ gesture_id: 'welcome-guide', gesture_kind: 'banner', preview: false }]);
  const pushes = await page.evaluate(() => (window as any).dataLayer.filter((e: any) => String(e.event).startsWith('reciprocity_')).map((e: any) => e.event));
  expect(pushes).toEqual(['reciprocity_ready', 'reciprocity_shown']);
});

test('nothing of ours is requested before the page load event', async ({ page, store }) => {
  const early: string[] = [];
  let loaded = false;
  page.on('load', () => (loaded = true));
  page.on('request', (r) => {
    if (!loaded && /reciprocity-(core|ui)|config\.example\.json/.test(r.url())) early.push(r.url());
  });
  await store.goto('/');
  expect(early).toEqual([]);
});

test("reciprocity('init', config) with an object", async ({ store }) => {
  await store.goto('/tests/e2e/pages/init.html');
  await store.expectGesture('welcome-guide');
});

test('calls queued before load are replayed in order', async ({ store }) => {
  await store.goto('/tests/e2e/pages/queue.html');
  const g = await store.expectGesture('referral-give-a-friend', 'code');
  await expect(g).toContainText('Give a friend 15%');
  const h = await store.exported();
  expect(h.facts.first_name).toBe('Queued');
  expect(h.event_counts.referral).toBe(1);
});

test('included twice: one widget, one set of events', async ({ store }) => {
  await store.goto('/tests/e2e/pages/double.html');
  await store.expectGesture('welcome-guide');
  await expect(store.host()).toHaveCount(1);
  expect((await store.events('reciprocity:ready')).length).toBe(1);
  expect((await store.events('reciprocity:shown')).length).toBe(1);
});

test('hosted on another origin (CORS on dist/)', async ({ store }) => {
  const base = test.info().project.use.baseURL!.replace('127.0.0.1', 'localhost');
  await store.goto(base + '/tests/e2e/pages/cross-origin.html');
  await store.expectGesture('welcome-guide');
});

test('export resolves the documented export, not the stored form; forget wipes it', async ({ store, page }) => {
  await store.goto('/www/guide.html');
  const before = await store.exported();
  expect(before.format).toBe(1);
  expect(before).not.toHaveProperty('agg');
  expect(before.page_views).toBe(1);
  expect(before.recent_events.find((e) => e.name === 'page_view')?.url).toMatch(/\/www\/guide\.html$/);
  expect(before.last_seen).toMatch(/^2026-11-22T10:0\d:\d\dZ$/);
  await page.evaluate(() => (window as any).reciprocity('forget'));
  const after = await store.exported();
  expect(after.page_views).toBe(0);
  expect(after.shopper_id).not.toBe(before.shopper_id);
  expect(await page.evaluate(() => localStorage.getItem('reciprocity'))).toBeNull();
});
