// Triggers on the page: a due gesture waits for its moment (seconds on the page, scrolling,
// idleness, exit intent on a desktop), and is recorded as shown only once it shows; page
// views in the visit are counted by the engine. Time runs on Playwright's clock; scrolling
// and pointer moves are real input.
import type { Page } from '@playwright/test';
import { test, expect, Store } from '../fixtures';

const PAGE = '/tests/e2e/pages/triggers.html';

/** Serves a config with one gesture, `hello`, waiting for `trigger`. */
async function withGesture(page: Page, trigger: Record<string, unknown>, when: Record<string, unknown> = {}) {
  const config = {
    store: { name: 'Fern & Kettle', currency: 'EUR', locale: 'en' },
    gestures: [
      {
        id: 'hello',
        kind: 'banner',
        title: 'Hello there',
        text: 'A little something for you.',
        when,
        cap: { max_shows: 8, per: 'lifetime', stop_after_dismiss: false },
        trigger,
      },
    ],
  };
  await page.route('**/tests/e2e/pages/triggers.json', (r) => r.fulfill({ json: config }));
}

/** Times the gesture was recorded as shown (the device's memory, through `export`). */
async function shows(store: Store): Promise<number> {
  const h = await store.exported();
  return h.gestures.hello?.shown ?? 0;
}

test('after N seconds on the page', async ({ store, page }) => {
  await withGesture(page, { seconds_on_page: 20 });
  await store.goto(PAGE);
  await page.clock.runFor(5_000);
  await expect(store.gesture()).toHaveCount(0);
  expect(await shows(store)).toBe(0);
  expect(await store.events('reciprocity:shown')).toHaveLength(0);
  await page.clock.runFor(16_000);
  await store.expectGesture('hello', 'banner');
  expect(await shows(store)).toBe(1);
  expect(await store.events('reciprocity:shown')).toHaveLength(1);
});

test('after scrolling N % of the page', async ({ store, page }) => {
  await withGesture(page, { scroll_percent: 50 });
  await store.goto(PAGE);
  const room = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
  await page.evaluate((y) => window.scrollTo(0, y), Math.round(room * 0.3));
  await page.clock.runFor(1_000);
  await expect(store.gesture()).toHaveCount(0);
  await page.mouse.move(640, 400);
  for (let i = 0; i < 20 && (await page.evaluate(() => scrollY)) < room * 0.6; i++) {
    await page.mouse.wheel(0, 400);
    await page.waitForFunction((y) => scrollY >= y, Math.min(room, Math.round(room * 0.3) + 1));
  }
  await store.expectGesture('hello');
  expect(await shows(store)).toBe(1);
});

test('after N seconds idle: any activity starts the wait again', async ({ store, page }) => {
  await withGesture(page, { idle_seconds: 30 });
  await store.goto(PAGE);
  await page.clock.runFor(20_000);
  await page.mouse.move(300, 300);
  await page.mouse.move(320, 340);
  await page.clock.runFor(20_000);
  await expect(store.gesture()).toHaveCount(0);
  await page.keyboard.press('Shift');
  await page.clock.runFor(25_000);
  await expect(store.gesture()).toHaveCount(0);
  await page.clock.runFor(6_000);
  await store.expectGesture('hello');
});

test('after N page views in the visit', async ({ store, page }) => {
  await withGesture(page, { page_views_min: 3 });
  await store.goto(PAGE);
  await store.expectNoGesture();
  await page.reload();
  await store.expectNoGesture();
  await page.reload();
  await store.settled();
  await store.expectGesture('hello');
});

test('exit intent on a desktop: the pointer leaving through the top', async ({ store, page }) => {
  await withGesture(page, { exit_intent: true });
  await store.goto(PAGE);
  await page.mouse.move(640, 400);
  await page.mouse.move(640, 200);
  await page.clock.runFor(60_000);
  await expect(store.gesture()).toHaveCount(0);
  // Out through the top of the viewport, towards the tabs.
  await page.mouse.move(640, 5);
  await page.mouse.move(640, -20);
  await store.expectGesture('hello');
});

test('leaving the page before the trigger: nothing is recorded as shown, and the moment is kept', async ({ store, page }) => {
  await withGesture(page, { seconds_on_page: 20 }, { event: 'purchase' });
  await store.goto(PAGE);
  await page.evaluate(() =>
    (window as any).reciprocity('track', 'purchase', { transaction_id: 'T-9', value: 24, currency: 'EUR' })
  );
  await page.clock.runFor(3_000);
  await expect(store.gesture()).toHaveCount(0);
  let h = await store.exported();
  expect(h.gestures.hello).toBeUndefined();
  expect(h.owed.map((o) => [o.gesture, o.event])).toEqual([['hello', 'purchase']]);
  // The next page: the moment the shopper earned is still owed, and waits for the trigger.
  await store.goto(PAGE);
  await page.clock.runFor(3_000);
  await expect(store.gesture()).toHaveCount(0);
  expect(await shows(store)).toBe(0);
  await page.clock.runFor(18_000);
  await store.expectGesture('hello');
  h = await store.exported();
  expect(h.gestures.hello.shown).toBe(1);
  expect(h.owed).toEqual([]);
});

test('destroy removes what waits for a trigger', async ({ store, page }) => {
  await withGesture(page, { seconds_on_page: 10, scroll_percent: 50, idle_seconds: 5, exit_intent: true });
  await store.goto(PAGE);
  await page.evaluate(() => (window as any).reciprocity('destroy'));
  await page.mouse.wheel(0, 3000);
  await page.mouse.move(640, -20);
  await page.clock.runFor(30_000);
  await expect(store.gesture()).toHaveCount(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('exit intent never shows', async ({ store, page }) => {
    await withGesture(page, { exit_intent: true });
    await store.goto(PAGE);
    const coarse = await page.evaluate(() => matchMedia('(pointer: coarse)').matches);
    expect(coarse).toBe(true);
    await page.mouse.move(200, 300);
    await page.mouse.move(200, -20);
    await page.clock.runFor(30_000);
    await expect(store.gesture()).toHaveCount(0);
  });

  test('a gesture for phones shows on a phone', async ({ store, page }) => {
    await withGesture(page, { seconds_on_page: 2 }, { device: ['phone'] });
    await store.goto(PAGE);
    await page.clock.runFor(3_000);
    await store.expectGesture('hello');
  });
});

test('the referring site of a visit whose first page was quiet still counts for the visit', async ({ store, page }) => {
  await withGesture(page, { page_views_min: 1 }, { referrer: ['tea-blog.example'], url: '*step=2*' });
  await store.goto(PAGE);
  await expect(store.gesture()).toHaveCount(0);
  // A day later the shopper comes from the blog to a page where the widget sleeps…
  const now = await page.evaluate(() => Date.now());
  await page.clock.setSystemTime(new Date(now + 86_400_000));
  await page.goto(PAGE + '?step=1', { referer: 'https://www.tea-blog.example/reviews/sencha' });
  await store.settled();
  expect((await store.events('reciprocity:ready'))[0].detail.sleeping).toBe(true);
  // …and goes on to a page that wakes it: the visit came from the blog.
  await page.goto(PAGE + '?step=2');
  await store.expectGesture('hello');
});
