// Hostile pages, broken browsers, hostile input: the widget keeps working or steps aside
// silently, never throws into the page, never loses a recorded purchase.
import { test, expect, DAY, STEPS, recordEvents, Store } from '../fixtures';
import type { Page } from '@playwright/test';

const PLAIN = '/tests/e2e/pages/plain.html';

async function errors(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as any).__events.filter((e: any) => e.type === 'reciprocity:error').map((e: any) => e.detail.message));
}

async function setStored(page: Page, value: string) {
  await page.goto('/tests/e2e/pages/blank.html');
  await page.evaluate((v) => localStorage.setItem('reciprocity', v), value);
}

function purchase(id: string, name = 'Sencha Kyoto') {
  return { event: 'purchase', ecommerce: { transaction_id: id, value: 18, currency: 'EUR', items: [{ item_id: 's', item_name: name, item_category: 'Tea', price: 18, quantity: 1 }] } };
}

test.describe('storage', () => {
  test('blocked storage (SecurityError): works in memory for the page and says so', async ({ store, page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
    });
    await store.goto(PLAIN);
    await store.expectGesture('welcome-guide');
    expect((await errors(page)).join()).toContain('storage is blocked');
    await page.evaluate((p) => (window as any).dataLayer.push(p), purchase('T-1'));
    expect((await store.exported()).orders).toBe(1);
  });

  test('a full quota: the purchase is kept in memory and reported', async ({ store, page }) => {
    await page.addInitScript(() => {
      Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); };
    });
    await store.goto(PLAIN);
    await store.expectGesture('welcome-guide');
    await page.evaluate((p) => (window as any).dataLayer.push(p), purchase('T-Q'));
    expect((await errors(page)).join()).toContain('storage is full');
    const h = await store.exported();
    expect(h.orders).toBe(1);
    expect(h.last_order.items).toEqual(['Sencha Kyoto']);
  });

  for (const [name, value] of [
    ['truncated', '{"v":2,"id":"abc","agg":{"n":3,"o":'],
    ['not JSON', 'hello world'],
    ['an array', '[1,2,3]'],
  ]) {
    test(`a stored value that is ${name}: reported, kept aside, and the widget starts fresh`, async ({ store, page }) => {
      await setStored(page, value);
      await store.goto(PLAIN);
      await store.expectGesture('welcome-guide');
      expect((await errors(page)).join()).toContain('stored history is corrupt');
      expect(await page.evaluate(() => localStorage.getItem('reciprocity:unreadable'))).toBe(value);
    });
  }

  test('a stored value of the wrong shape is salvaged field by field', async ({ store, page }) => {
    await setStored(page, JSON.stringify({ v: 2, id: 'keep-me', agg: { n: 5, s: 2, o: 3, sp: 5400, osf: 0, ssf: 0, fb: 0 }, recent: 'garbage' }));
    await store.goto(PLAIN);
    const h = await store.exported();
    expect(h.shopper_id).toBe('keep-me');
    expect(h.orders).toBe(3);
    expect((await errors(page)).join()).toContain('recent');
  });

  test('a value written by a newer version is never overwritten', async ({ store, page }) => {
    const newer = JSON.stringify({ v: 99, id: 'future', shape: 'unknown to us' });
    await setStored(page, newer);
    await store.goto(PLAIN);
    await page.evaluate((p) => (window as any).dataLayer.push(p), purchase('T-N'));
    expect((await store.exported()).orders).toBe(1);
    expect((await errors(page)).join()).toContain('newer');
    expect(await page.evaluate(() => localStorage.getItem('reciprocity'))).toBe(newer);
  });

  test('storage cleared while the page is open: nothing recorded is lost', async ({ store, page }) => {
    await store.goto(PLAIN);
    await page.evaluate((p) => (window as any).dataLayer.push(p), purchase('T-A'));
    await page.evaluate(() => localStorage.clear());
    await page.evaluate((p) => (window as any).dataLayer.push(p), purchase('T-B'));
    const h = await store.exported();
    expect(h.orders).toBe(2);
    // Written back whole: the next page view reads both purchases from the device.
    await store.goto(PLAIN);
    expect((await store.exported()).orders).toBe(2);
  });
});

test.describe('several tabs', () => {
  test('two tabs recording at once lose nothing and count nothing twice; one thank-you', async ({ store, page, context }) => {
    await store.goto(PLAIN);
    const other = await context.newPage();
    await other.addInitScript(recordEvents, STEPS);
    await other.goto(PLAIN);
    await other.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'reciprocity:ready'));
    const burst = (p: string) => {
      for (let i = 0; i < 10; i++) {
        (window as any).dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: p + i, value: 10, currency: 'EUR' } });
        (window as any).dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'x' + i }] } });
      }
      (window as any).dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'SHARED', value: 10, currency: 'EUR' } });
    };
    await Promise.all([page.evaluate(burst, 'A-'), other.evaluate(burst, 'B-')]);
    await expect.poll(async () => (await store.exported()).orders, { timeout: 10_000 }).toBe(21);
    // Both tabs hold the one merged history.
    const exported = (tab: typeof page) => new Store(tab).exported();
    await expect.poll(async () => (await exported(other)).orders, { timeout: 10_000 }).toBe(21);
    for (const h of [await exported(page), await exported(other)]) {
      expect(h.orders).toBe(21);
      expect(h.total_spent.cents).toBe(21000);
      expect(h.event_counts.view_item).toBe(20);
      const thanks = h.gestures['thanks-after-purchase'];
      expect(thanks.shown).toBeLessThanOrEqual(2); // the first purchase of each burst, never per tab twice
    }
    await other.close();
  });

  test('a dismissal in one tab holds in the others', async ({ store, page, context }) => {
    await store.goto(PLAIN);
    const g = await store.expectGesture('welcome-guide');
    await g.getByTestId('dismiss').click();
    await expect(store.gesture()).toHaveCount(0);
    const other = await context.newPage();
    await other.addInitScript(recordEvents, STEPS);
    await other.goto(PLAIN);
    // The other tab decided (a recorder that ran, or an alarm that said nothing is due) and
    // showed nothing; asked for its data, it runs the recorder and still shows nothing.
    const steps = () => other.evaluate(() => (window as any).__events.map((e: any) => e.type));
    await expect.poll(steps).toContain('reciprocity:ready');
    const h = await new Store(other).exported();
    expect(h.gestures['welcome-guide'].dismissed_at).toBeTruthy();
    expect(await steps()).not.toContain('reciprocity:shown');
    await expect(other.locator('reciprocity-widget [data-gesture-id]')).toHaveCount(0);
    await other.close();
  });
});

test.describe('loading failures', () => {
  test('the wasm 404s: a reciprocity:error, and the page keeps working', async ({ store, page, expected }) => {
    expected.push(/reciprocity-(core|all)_bg\.wasm/, /Failed to load resource/);
    await page.route(/reciprocity-(core|all)_bg\.wasm/, (r) => r.fulfill({ status: 404, body: 'missing' }));
    await page.goto(PLAIN);
    await expect.poll(() => errors(page)).toEqual([expect.stringContaining('could not load')]);
    await page.click('#host-button');
    expect(await page.evaluate(() => (window as any).reciprocity('track', 'review'))).toBeUndefined();
    expect(await store.exported()).toBeNull();
  });

  test('the gesture UI 404s: the moment is not counted as shown, and the next page shows it', async ({ store, page, expected }) => {
    expected.push(/reciprocity-ui_bg\.wasm/, /Failed to load resource/);
    await store.goto(PLAIN);
    await (await store.expectGesture('welcome-guide')).getByTestId('dismiss').click();
    // The next day: nothing is due, so the page sleeps until the review wakes the recorder,
    // which loads alone; the UI it then asks for cannot load.
    await page.route(/reciprocity-ui_bg\.wasm/, (r) => r.fulfill({ status: 404, body: 'missing' }));
    await store.later(1, PLAIN);
    await page.evaluate(() => (window as any).reciprocity('track', 'review'));
    await expect.poll(() => errors(page)).toEqual([expect.stringContaining('could not load')]);
    const h = await store.exported();
    expect(h.owed.map((o: any) => o.gesture)).toEqual(['thanks-for-review']);
    expect(h.gestures['thanks-for-review']?.shown ?? 0).toBe(0);
    await page.unroute(/reciprocity-ui_bg\.wasm/);
    await store.goto(PLAIN);
    await store.expectGesture('thanks-for-review');
    expect((await store.exported()).owed).toEqual([]);
  });

  test('the wasm is slower than the timeout', async ({ store, page, expected }) => {
    expected.push(/ERR_|net::/);
    await page.route(/reciprocity-(core|all)_bg\.wasm/, async (r) => {
      await new Promise((res) => setTimeout(res, 4000));
      await r.fulfill({ status: 200, body: '', contentType: 'application/wasm' }).catch(() => {});
    });
    await page.goto(PLAIN);
    await page.clock.runFor(2000);
    await expect.poll(() => errors(page), { timeout: 8000 }).toEqual([expect.stringContaining('took longer')]);
  });

  test('the wasm is corrupt', async ({ store, page }) => {
    await page.route(/reciprocity-(core|all)_bg\.wasm/, (r) => r.fulfill({ status: 200, body: 'not wasm at all', contentType: 'application/wasm' }));
    await page.goto(PLAIN);
    await expect.poll(() => errors(page)).toEqual([expect.stringContaining('could not load')]);
  });

  test('the config 404s', async ({ store, page, expected }) => {
    expected.push(/config\.example\.json/, /Failed to load resource/);
    await page.route('**/config.example.json', (r) => r.fulfill({ status: 404, body: 'nope' }));
    await page.goto(PLAIN);
    await expect.poll(() => errors(page)).toEqual([expect.stringContaining('answered 404')]);
  });

  test('the config is not valid JSON, or not a valid config', async ({ store, page }) => {
    await page.route('**/config.example.json', (r) => r.fulfill({ status: 200, body: '{"store": {', contentType: 'application/json' }));
    await page.goto(PLAIN);
    await expect.poll(() => errors(page)).toEqual([expect.stringContaining('not valid JSON')]);
    await page.unroute('**/config.example.json');
    await page.route('**/config.example.json', (r) => r.fulfill({ status: 200, body: '{"store": {"name": "x"}, "gestures": []}', contentType: 'application/json' }));
    await page.reload();
    await expect.poll(() => errors(page)).toEqual([expect.stringContaining('config:')]);
  });

  test('calls before, during and after loading are all recorded, in order', async ({ store, page }) => {
    await page.addInitScript(() => {
      // The documented queue stub, then a call before the widget has loaded.
      const w = window as any;
      w.reciprocity = w.reciprocity || function () { (w.reciprocity.q = w.reciprocity.q || []).push(arguments); };
      document.addEventListener('DOMContentLoaded', () => w.reciprocity('track', 'sign_up'));
    });
    await page.goto(PLAIN);
    await page.evaluate(() => (window as any).reciprocity('track', 'login'));
    await store.settled();
    await page.evaluate(() => (window as any).reciprocity('track', 'review'));
    const h = await store.exported();
    expect(h.event_counts).toMatchObject({ sign_up: 1, login: 1, review: 1, page_view: 1 });
    expect(h.recent_events.map((e: any) => e.name)).toEqual(['page_view', 'sign_up', 'login', 'review']);
  });
});

test('a panic inside the wasm removes the widget and leaves the page working', async ({ store, page }) => {
  await store.goto(PLAIN);
  await store.expectGesture('welcome-guide');
  await page.evaluate(() => (window as any).reciprocity('debug', 'panic'));
  await expect(store.host()).toHaveCount(0);
  const e = await page.evaluate(() => (window as any).__events.filter((x: any) => x.type === 'reciprocity:error').map((x: any) => x.detail));
  expect(e[0]).toMatchObject({ fatal: true });
  expect(e[0].message).toContain('deliberate fault');
  await page.evaluate(() => (window as any).dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'after' } }));
  await page.evaluate(() => (window as any).reciprocity('track', 'review'));
  await page.click('#host-button');
});

test('a panic inside a UI event handler removes the widget, quietly for the page', async ({ store, page }) => {
  // The page's own error handler, as an error tracker would install it.
  await page.addInitScript(() => {
    (window as any).__pageErrors = [];
    window.addEventListener('error', (e) => (window as any).__pageErrors.push(String(e.message)));
    window.addEventListener('unhandledrejection', (e) => (window as any).__pageErrors.push(String(e.reason)));
  });
  await store.goto(PLAIN);
  const g = await store.expectGesture('welcome-guide');
  await page.evaluate(() => (window as any).reciprocity('debug', 'ui-panic'));
  await g.getByTestId('dismiss').click();
  await expect(store.host()).toHaveCount(0);
  const e = await page.evaluate(() => (window as any).__events.filter((x: any) => x.type === 'reciprocity:error').map((x: any) => x.detail));
  expect(e).toHaveLength(1);
  expect(e[0]).toMatchObject({ fatal: true });
  expect(e[0].message).toContain('ui-panic');
  expect(await page.evaluate(() => (window as any).__pageErrors)).toEqual([]);
  // The widget steps aside: it shows nothing more, and its calls are now no-ops; but the
  // recorder goes on recording the page's own dataLayer, on this very page.
  await page.click('#host-button');
  await page.evaluate(() => (window as any).dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'pot', item_name: 'Stoneware teapot' }] } }));
  await page.evaluate(() => (window as any).reciprocity('track', 'review'));
  expect(await store.exported()).toBeNull();
  // The next page view: the view pushed after the fault was recorded, nothing recorded before
  // it was lost, and the call the dead API dropped was not recorded.
  await store.goto(PLAIN);
  const h = await store.exported();
  expect(h.gestures['welcome-guide'].shown).toBe(1);
  expect(h.page_views).toBe(2);
  expect(h.viewed_items).toContain('Stoneware teapot');
  expect(h.event_counts.view_item).toBe(1);
  expect(h.event_counts.review).toBeUndefined();
});

test('a strict Content-Security-Policy: gestures show with zero violations', async ({ store, page }) => {
  const res = await page.goto('/tests/e2e/pages/csp-strict.html');
  expect(res!.headers()['content-security-policy']).toContain("style-src 'self'");
  await store.settled();
  const g = await store.expectGesture('welcome-guide');
  await g.getByTestId('why-toggle').click();
  await expect(g.getByTestId('why-panel')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});

test('hostile host CSS: the gesture looks as designed and changes nothing outside', async ({ store, page }) => {
  await page.goto('/tests/e2e/pages/hostile.html');
  const before = await page.evaluate(() => {
    const s = getComputedStyle(document.getElementById('para')!);
    const b = getComputedStyle(document.getElementById('btn')!);
    return [s.fontSize, s.color, s.margin, b.transform, b.fontFamily, getComputedStyle(document.body).filter];
  });
  await store.settled();
  const g = await store.expectGesture('welcome-guide');
  await page.waitForTimeout(350);
  await page.screenshot({ path: '../../target/shots/hostile-css.png' });
  const box = (await g.boundingBox())!;
  expect(box.width).toBeGreaterThan(300);
  expect(box.width).toBeLessThan(400);
  expect(box.height).toBeLessThan(260);
  const looks = await page.evaluate(() => {
    const root = document.querySelector('reciprocity-widget')!.shadowRoot!;
    const title = getComputedStyle(root.querySelector('.rc-title')!);
    const card = getComputedStyle(root.querySelector('.rc-card')!);
    return { size: title.fontSize, color: title.color, bg: card.backgroundColor, position: card.position };
  });
  expect(looks).toEqual({ size: '18px', color: 'rgb(29, 36, 32)', bg: 'rgb(255, 253, 248)', position: 'fixed' });
  // On top of the page's own max-z-index overlay.
  const top = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, [box.x + box.width - 20, box.y + box.height - 20]);
  expect(top).toBe('RECIPROCITY-WIDGET');
  const after = await page.evaluate(() => {
    const s = getComputedStyle(document.getElementById('para')!);
    const b = getComputedStyle(document.getElementById('btn')!);
    return [s.fontSize, s.color, s.margin, b.transform, b.fontFamily, getComputedStyle(document.body).filter];
  });
  expect(after).toEqual(before);
});

test('hostile input: markup stays text, prototypes stay clean, good events beside bad ones are kept', async ({ store, page }) => {
  await store.goto(PLAIN);
  await store.later(1, PLAIN);
  await store.expectNoGesture();
  await page.evaluate(() => {
    const dl = (window as any).dataLayer;
    dl.push({ event: 42 });
    dl.push('not an object');
    dl.push(JSON.parse('{"event":"purchase","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ecommerce":{"transaction_id":"H-1","value":"NaN","items":[{"item_name":"<img src=x onerror=\\"window.__pwned=1\\">","price":-5,"quantity":-3},{"item_name":"' + 'ر'.repeat(5000) + '"}]}}'));
    dl.push({ event: 'view_item', ecommerce: { items: [{ item_name: 'Ünïcödé 🍵 x\u0301' }] } });
  });
  const g = await store.expectGesture('thanks-after-purchase');
  await expect(g).toContainText('<img src=x onerror="window.__pwned=1">');
  expect(await page.evaluate(() => document.querySelector('reciprocity-widget')!.shadowRoot!.querySelectorAll('img').length)).toBe(0);
  expect(await page.evaluate(() => [(window as any).__pwned, ({} as any).polluted])).toEqual([undefined, undefined]);
  const h = await store.exported();
  expect(h.orders).toBe(1);
  expect(h.viewed_items[0]).toBe('Ünïcödé 🍵 x\u0301');
  expect((await errors(page)).length).toBe(2);
  void store;
});

test('the device clock jumps back a day, then forward a year: caps and occasions stay sane', async ({ store, page }) => {
  await store.buy('sencha');
  await store.expectGesture('thanks-after-purchase');
  await store.later(-1, '/www/thank-you.html');
  await store.expectNoGesture();
  await store.later(366, '/');
  await store.expectGesture('first-order-anniversary');
  await store.later(-366, '/');
  await store.expectNoGesture();
  const h = await store.exported();
  expect(h.orders).toBe(1);
  expect(h.gestures['thanks-after-purchase'].shown).toBe(1);
  void page;
  void DAY;
});

test('host scripts that interfere: patched JSON and Array.prototype, a replaced pushState and dataLayer', async ({ store, page }) => {
  await store.goto('/tests/e2e/pages/interfere.html');
  await page.evaluate(() => {
    // A tag manager replaces the array after we hooked it.
    (window as any).dataLayer = [{ event: 'gtm.js' }];
    (window as any).dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'I-1', value: 18, currency: 'EUR', items: [{ item_name: 'Sencha Kyoto', item_category: 'Tea' }] } });
    history.pushState({}, '', '/tests/e2e/pages/interfere.html?step=2');
  });
  await page.clock.runFor(1500);
  await expect.poll(async () => (await store.exported())?.orders).toBe(1);
  const h = await store.exported();
  expect(h.last_order.items).toEqual(['Sencha Kyoto']);
  expect(h.recent_events.some((e: any) => e.name === 'page_view' && String(e.url).endsWith('?step=2'))).toBe(true);
});

test('host scripts that interfere, on a quiet page: what it records still reaches the history', async ({ store, page }) => {
  await store.goto('/tests/e2e/pages/interfere.html');
  await store.expectGesture('welcome-guide');
  // A day later nothing is due: the loader only notes the page, with the page's JSON and
  // Array.prototype patched.
  await store.later(1, '/tests/e2e/pages/interfere.html');
  expect((await store.events('reciprocity:ready'))[0].detail).toEqual({ sleeping: true });
  await page.evaluate(() => {
    (window as any).dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_name: 'Stoneware teapot', item_category: 'Teaware' }] } });
    (window as any).reciprocity('track', 'newsletter_opened', { issue: [1, 2] });
  });
  await store.goto('/www/guide.html');
  const h = await store.exported();
  expect(h.viewed_items).toContain('Stoneware teapot');
  expect(h.event_counts.newsletter_opened).toBe(1);
});
