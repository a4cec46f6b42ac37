// The alarm clock: page views where nothing can be due fetch no wasm, yet nothing they
// record is lost; something that can make a gesture due wakes the recorder at once.
import { test, expect } from '../fixtures';

test('a quiet page view fetches only the loader and asks whether the config changed, and is replayed later', async ({ store, page }) => {
  await store.goto('/www/guide.html');
  await store.expectGesture('welcome-guide');
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(r.method() + ' ' + new URL(r.url()).pathname));
  await store.later(1, '/www/product.html?id=teapot');
  await store.expectNoGesture();
  const ours = fetched.filter((p) => p.includes('reciprocity') || p.includes('config'));
  // The config's headers only (its ETag is the one the alarm was made with): no body.
  expect(ours).toEqual(['GET /dist/reciprocity.js', 'HEAD /www/config.example.json']);
  expect((await store.events('reciprocity:ready'))[0].detail).toEqual({ sleeping: true });
  // The next page: the inbox (the teapot view) is replayed when the recorder next runs.
  await store.goto('/www/guide.html');
  const h = await store.exported();
  expect(h.page_views).toBe(3);
  expect(h.viewed_items).toContain('Stoneware teapot');
  expect(await page.evaluate(() => localStorage.getItem('reciprocity:inbox'))).toBeNull();
});

test('an event a gesture listens for wakes the recorder on a quiet page', async ({ store, page }) => {
  await store.goto('/www/guide.html');
  await store.later(1, '/www/guide.html');
  expect((await store.events('reciprocity:ready'))[0].detail).toEqual({ sleeping: true });
  await page.evaluate(() => (window as any).reciprocity('track', 'review'));
  await store.expectGesture('thanks-for-review');
});

test('where a gesture is likely the recorder and the UI come as one module; a gesture after an event woke the recorder brings the UI after it', async ({ store, page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  // A first visit: a gesture is likely, one module with both.
  await store.goto('/www/guide.html');
  await store.expectGesture('welcome-guide');
  expect(fetched.filter((p) => p.endsWith('.wasm'))).toEqual(['/dist/reciprocity-all_bg.wasm']);
  // A later quiet page where a review wakes the recorder: no gesture was likely, so the
  // recorder comes alone, and the UI once the thank-you is due.
  await store.later(1, '/www/guide.html');
  fetched.length = 0;
  await page.evaluate(() => (window as any).reciprocity('track', 'review'));
  await store.expectGesture('thanks-for-review');
  expect(fetched.filter((p) => p.endsWith('.wasm'))).toEqual(['/dist/reciprocity-core_bg.wasm', '/dist/reciprocity-ui_bg.wasm']);
  // The alarm's time has come: one module again.
  fetched.length = 0;
  await store.idle();
  await page.evaluate(() => localStorage.setItem('reciprocity:alarm', JSON.stringify({ ...JSON.parse(localStorage.getItem('reciprocity:alarm')!), at: 0 })));
  await store.later(1, '/');
  expect(fetched.filter((p) => p.endsWith('.wasm'))).toEqual(['/dist/reciprocity-all_bg.wasm']);
});

/** A response's headers for its decoded body (the demo server sends brotli). */
function decoded(headers: Record<string, string>): Record<string, string> {
  const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  return rest;
}

test('a new validator: the config is fetched whole, and only a changed text wakes the recorder', async ({ store, page }) => {
  await store.goto('/www/guide.html');
  await store.expectGesture('welcome-guide');
  // The server answers with another ETag for the same text (a redeploy): one GET, still quiet.
  await page.route('**/www/config.example.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...decoded(response.headers()), etag: '"redeployed"' } });
  });
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(r.method() + ' ' + new URL(r.url()).pathname));
  await store.later(1, '/www/product.html?id=teapot');
  expect(fetched).toContain('HEAD /www/config.example.json');
  expect(fetched).toContain('GET /www/config.example.json');
  expect(fetched.filter((p) => p.endsWith('.wasm'))).toEqual([]);
  expect((await store.events('reciprocity:ready'))[0].detail).toEqual({ sleeping: true });
  // A changed text: it wakes the recorder.
  await page.unroute('**/www/config.example.json');
  await page.route('**/www/config.example.json', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()) + '\n';
    await route.fulfill({ response, body, headers: { ...decoded(response.headers()), etag: '"changed"' } });
  });
  fetched.length = 0;
  await store.later(1, '/www/product.html?id=teapot');
  expect(fetched).toContain('GET /dist/reciprocity-core_bg.wasm');
  expect((await store.events('reciprocity:ready'))[0].detail).not.toEqual({ sleeping: true });
});
