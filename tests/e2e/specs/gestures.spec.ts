// What a shopper does with a gesture: dismiss, Escape, why and forget, copy with and without
// the Clipboard API, expiry, the modal dialog's focus handling, preview mode, RTL.
import { test, expect, DAY, STEPS, recordEvents, Store } from '../fixtures';

test('dismiss removes the banner, reports it, and it stays dismissed', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide');
  await g.getByTestId('dismiss').click();
  await expect(store.gesture()).toHaveCount(0);
  await expect(store.host()).toHaveCount(0);
  const d = await store.events('reciprocity:dismissed');
  expect(d[0].detail).toMatchObject({ gesture_id: 'welcome-guide', gesture_kind: 'banner' });
  expect(await page.evaluate(() => (window as any).dataLayer.some((e: any) => e.event === 'reciprocity_dismissed'))).toBe(true);
  await store.later(2, '/');
  await store.expectNoGesture();
});

test('Escape closes a banner; focus is never taken from the page', async ({ store, page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Brewing guide', exact: true }).focus();
  await store.settled();
  await store.expectGesture('welcome-guide');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Brewing guide');
  await store.gesture().getByTestId('dismiss').focus();
  await page.keyboard.press('Escape');
  await expect(store.gesture()).toHaveCount(0);
});

test('"why am I seeing this" lists the reasons and can forget everything', async ({ store }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide');
  const toggle = g.getByTestId('why-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(g.getByTestId('why-panel')).toContainText('this is your first visit');
  await g.getByTestId('forget').click();
  await expect(g.getByTestId('why-panel')).toContainText('no longer remembers');
  const h = await store.exported();
  expect(h.page_views).toBe(0);
  expect((await store.events('reciprocity:forgotten')).length).toBe(1);
});

test('after "forget", the visit does not greet a first visit again, in this tab or another', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide');
  await g.getByTestId('why-toggle').click();
  await g.getByTestId('forget').click();
  await expect(g.getByTestId('why-panel')).toContainText('no longer remembers');
  await store.goto('/www/guide.html');
  await store.expectNoGesture();
  expect(await page.evaluate(() => sessionStorage.getItem('reciprocity:forgot'))).toBe('1');
  // Another tab of the same visit: the alarm the forgetting tab left says nothing is due.
  const other = await page.context().newPage();
  await other.addInitScript(recordEvents, STEPS);
  await other.goto('/www/guide.html');
  await new Store(other).expectNoGesture();
  expect(await other.evaluate(() => sessionStorage.getItem('reciprocity:forgot'))).toBeNull();
  await other.close();
});

test('"stop showing me these" outlives "forget"', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide');
  await g.getByTestId('why-toggle').click();
  await g.getByTestId('opt-out').click();
  await expect(store.gesture()).toHaveCount(0);
  await page.evaluate(() => (window as any).reciprocity('forget'));
  await expect.poll(async () => (await store.events('reciprocity:forgotten')).length).toBe(2);
  const h = await store.exported();
  expect(h.opted_out_at).toBeTruthy();
  await store.later(2, '/www/guide.html');
  await store.buy('sencha');
  await store.expectNoGesture();
});

test('"stop showing me these" closes the gesture, forgets, and nothing shows or is recorded after', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide');
  await g.getByTestId('why-toggle').click();
  await g.getByTestId('opt-out').click();
  await expect(store.gesture()).toHaveCount(0);
  await expect.poll(async () => (await store.events('reciprocity:forgotten')).length).toBe(1);
  // A purchase on a later visit: no thank-you, nothing recorded, the choice kept.
  await store.later(2, '/www/guide.html');
  await store.buy('sencha');
  await store.expectNoGesture();
  // The loader notes nothing on those pages either.
  expect(await page.evaluate(() => localStorage.getItem('reciprocity:inbox'))).toBeNull();
  const h = await store.exported();
  expect(h.orders).toBe(0);
  expect(h.opted_out_at).toBeTruthy();
});

test('copy falls back to a selected code when the Clipboard API is refused', async ({ store, page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
  });
  await store.goto('/www/guide.html');
  await store.later(1, '/www/guide.html');
  await page.evaluate(() => (window as any).reciprocity('track', 'referral'));
  const g = await store.expectGesture('referral-give-a-friend');
  await g.getByTestId('copy').click();
  await expect(g).toContainText('The code is selected');
  const selected = await page.evaluate(() => {
    const root = document.querySelector('reciprocity-widget')!.shadowRoot!;
    const input = root.querySelector('input.rc-code-value') as HTMLInputElement;
    return input.value.slice(input.selectionStart!, input.selectionEnd!);
  });
  expect(selected).toBe('FRIEND-FERN15');
  expect((await store.events('reciprocity:code_copied')).length).toBe(0);
});

test('a code to pass on is shared through the share sheet, and fits a phone', async ({ store, page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.addInitScript(() => {
    (window as any).__shared = [];
    (navigator as any).share = (data: unknown) => {
      (window as any).__shared.push(data);
      return Promise.resolve();
    };
  });
  await store.goto('/www/guide.html');
  await store.later(1, '/www/guide.html');
  await page.evaluate(() => (window as any).reciprocity('track', 'referral'));
  const g = await store.expectGesture('referral-give-a-friend');
  const input = g.getByTestId('code-value');
  await expect(input).toHaveValue('FRIEND-FERN15');
  // Not cut off at 360 px.
  expect(await input.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await g.getByTestId('share').click();
  await expect.poll(() => page.evaluate(() => (window as any).__shared.length)).toBe(1);
  expect(await page.evaluate(() => (window as any).__shared[0].text)).toBe('FRIEND-FERN15');
  await expect.poll(async () => (await store.events('reciprocity:code_copied')).length).toBe(1);
});

test('an expired code is gone from the screen', async ({ store, page }) => {
  await store.buy('teapot');
  await store.later(4, '/www/checkout.html');
  await store.buy('sencha');
  await store.later(2, '/');
  const g = await store.expectGesture('repeat-buyer-code');
  // The text says until when; the date is not written a second time under the code.
  await expect(g).toContainText(/until \w+ \d+, \d{4}/);
  await expect(g.getByTestId('expiry')).toHaveCount(0);
  await page.clock.fastForward(22 * DAY);
  await expect(store.gesture()).toHaveCount(0);
  // The UI hides itself at once; the recorder records and reports it in its own task.
  await expect.poll(async () => (await store.events('reciprocity:closed')).length).toBe(1);
  await expect(store.host()).toHaveCount(0);
});

test('the feedback dialog holds focus, closes with Escape and gives focus back', async ({ store, page }) => {
  await store.buy('sencha');
  await store.later(3, '/');
  const g = await store.expectGesture('post-purchase-feedback');
  await expect(g).toHaveAttribute('aria-modal', 'true');
  const inside = () => page.evaluate(() => {
    const root = document.querySelector('reciprocity-widget')?.shadowRoot;
    const a = root?.activeElement;
    return !!a && !!root!.querySelector('[role=dialog]')!.contains(a);
  });
  await expect.poll(inside).toBe(true);
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    expect(await inside()).toBe(true);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inside()).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(store.gesture()).toHaveCount(0);
  await expect.poll(async () => (await store.events('reciprocity:dismissed')).length).toBe(1);
  await expect(store.host()).toHaveCount(0);
});

test('preview mode shows any gesture, marked, without touching the history', async ({ store, page }) => {
  await store.goto('/www/guide.html');
  const before = await page.evaluate(() => localStorage.getItem('reciprocity'));
  await store.goto('/?reciprocity-preview=birthday-gift');
  const g = await store.expectGesture('birthday-gift', 'code');
  await expect(g.getByTestId('preview-badge')).toHaveText('Preview');
  await g.getByTestId('dismiss').click();
  await expect(store.gesture()).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('reciprocity'))).toBe(before);
  expect((await store.events('reciprocity:shown'))[0].detail.preview).toBe(true);
});

test('right-to-left: the widget follows the page language and direction', async ({ store, page }) => {
  await store.goto('/www/checkout.html');
  await page.evaluate(() => localStorage.setItem('demo:lang', '"ar"'));
  await store.buy('sencha');
  const g = await store.expectGesture('thanks-after-purchase');
  await expect(g).toContainText('شكرًا لك');
  const dir = await page.evaluate(() => document.querySelector('reciprocity-widget')!.shadowRoot!.querySelector('.rc-root')!.getAttribute('dir'));
  expect(dir).toBe('rtl');
  const box = await g.boundingBox();
  expect(box!.x).toBeLessThan(100);
  // "Why am I seeing this" speaks the shopper's language too.
  await g.getByTestId('why-toggle').click();
  await expect(g.getByTestId('why-panel')).toContainText('لقد قدّمت طلبًا للتو');
  await expect(g.getByTestId('why-panel')).not.toContainText('you just placed an order');
});
