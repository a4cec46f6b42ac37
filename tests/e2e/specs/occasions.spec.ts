// One scenario per occasion of the reciprocity playbook, on the demo storefront, moving the
// device clock with Playwright's clock between visits.
import { test, expect, DAY } from '../fixtures';

test('thank-you right after a purchase names the buyer and the item, once however often the page reloads', async ({ store, page }) => {
  await store.goto('/www/checkout.html');
  await store.signIn({ first_name: 'Amira' });
  await store.buy('sencha');
  const g = await store.expectGesture('thanks-after-purchase', 'thank_you');
  await expect(g).toContainText('Thank you, Amira!');
  await expect(g).toContainText('Sencha Kyoto');
  for (let i = 0; i < 5; i++) {
    await page.reload();
    await store.expectNoGesture();
  }
  const h = await store.exported();
  expect(h.orders).toBe(1);
  expect(h.gestures['thanks-after-purchase'].shown).toBe(1);
});

test('3rd order milestone with an ordinal and a gift code', async ({ store }) => {
  await store.buy('sencha');
  await store.expectGesture('thanks-after-purchase');
  await store.later(4, '/www/guide.html');
  await store.buy('darjeeling');
  await store.expectGesture('thanks-after-purchase');
  await store.later(4, '/www/checkout.html');
  await store.buy('teapot');
  const g = await store.expectGesture('milestone-order', 'thank_you');
  await expect(g).toContainText('Your 3rd order');
  await expect(g).toContainText('3 orders with us');
  // A static code is on screen at once: there is nothing to fetch.
  await expect(g.getByTestId('reveal')).toHaveCount(0);
  await expect(g.getByTestId('code-value')).toHaveValue('THANKYOU3');
});

test('anniversary of the first purchase brings a gift', async ({ store }) => {
  await store.goto('/www/guide.html');
  await store.buy('sencha');
  await store.later(365, '/');
  const g = await store.expectGesture('first-order-anniversary', 'thank_you');
  await expect(g).toContainText('One year since your first order');
  await expect(g.getByTestId('code-value')).toHaveValue('ANNIV15');
});

test('birthday gift: the code comes from the store only when revealed', async ({ store, page }) => {
  await store.goto('/www/checkout.html');
  const birthday = new Date(Date.parse('2026-11-24T00:00:00Z')).toISOString().slice(5, 10);
  await store.signIn({ first_name: 'Jonas', birthday });
  let issued = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/codes/')) issued++;
  });
  await store.later(1, '/');
  const g = await store.expectGesture('birthday-gift', 'code');
  await expect(g).toContainText('Happy birthday, Jonas!');
  expect(issued).toBe(0);
  await g.getByTestId('reveal').click();
  await expect(g.getByTestId('code-value')).toHaveValue(/^BDAY-/);
  expect(issued).toBe(1);
  // Focus follows the shopper to the code's Copy button.
  await expect(g.getByTestId('copy')).toBeFocused();
  // The text says until when ("valid until {code_expires, date}"): written once.
  await expect(g).toContainText('valid until');
  await expect(g.getByTestId('expiry')).toHaveCount(0);
});

test('a first-time visitor gets value up front', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide', 'banner');
  await expect(g).toContainText('brewing guide');
  await g.getByTestId('link').click();
  await page.waitForURL(/guide\.html/);
  await store.settled();
  const h = await store.exported();
  expect(h.gestures['welcome-guide'].acted_at).toBeTruthy();
});

test('exclusive code for repeat buyers, copied and applied to the cart', async ({ store, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await store.buy('teapot');
  await store.later(4, '/www/checkout.html');
  await store.buy('sencha');
  await store.later(2, '/');
  const g = await store.expectGesture('repeat-buyer-code', 'code');
  await expect(g).toContainText('€66.00');
  await expect(g.getByTestId('code-value')).toHaveValue('REGULAR10');
  await g.getByTestId('copy').click();
  await expect(g.getByTestId('copy')).toHaveText('Copied');
  // Said once on screen (the button); the live note is for screen readers and takes no line.
  await expect(g.locator('.rc-live-note')).toHaveText('Copied');
  await expect(g.locator('.rc-live-note')).toHaveClass(/rc-sr/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('REGULAR10');
  // Reported by the recorder in a task of its own.
  await expect.poll(async () => (await store.events('reciprocity:code_copied')).length).toBe(1);
  await g.getByTestId('apply').click();
  await expect(page.getByTestId('discount')).toHaveText('Code REGULAR10 applied.');
  // Nine days later the weekly cap has passed, but the shopper has the code and it still
  // works: it is not offered again.
  await store.later(9, '/www/guide.html');
  await store.later(0, '/');
  const h = await store.exported();
  expect(h.gestures['repeat-buyer-code'].shown).toBe(1);
});

test('follow-up recommendation from the last purchase', async ({ store, page }) => {
  await store.buy('sencha');
  await store.later(1, '/');
  const g = await store.expectGesture('follow-up-recommendation', 'banner');
  await expect(g).toContainText('You bought Sencha Kyoto, you may like the glass infuser mug');
  await g.getByTestId('link').click();
  await expect(page).toHaveURL(/product\.html\?id=infuser/);
});

test('feedback a few days after a purchase, then "you told us, we did"', async ({ store, page }) => {
  await store.buy('sencha');
  await store.later(3, '/');
  const g = await store.expectGesture('post-purchase-feedback', 'feedback');
  await expect(g).toHaveAttribute('role', 'dialog');
  await g.getByTestId('submit').click();
  await expect(g.getByRole('alert')).toBeVisible();
  await g.getByTestId('score-9').check();
  const comment = `More sample sizes, please (${test.info().workerIndex}-${Date.now()})`;
  await g.getByTestId('comment').fill(comment);
  await g.getByTestId('submit').click();
  await expect(g.getByTestId('feedback-thanks')).toHaveText('Thank you. We read every answer.');
  await expect.poll(async () => (await store.events('reciprocity:feedback_submitted')).length).toBe(1);
  const submitted = await store.events('reciprocity:feedback_submitted');
  expect(submitted[0].detail).toMatchObject({ gesture_id: 'post-purchase-feedback', score: 9, comment });
  // The store's endpoint received exactly that answer (navigator.sendBeacon).
  const received = async () => (await (await page.request.get('/api/feedback')).json()).filter((f: any) => f.comment === comment);
  await expect.poll(async () => (await received()).length).toBe(1);
  expect((await received())[0]).toMatchObject({ gesture_id: 'post-purchase-feedback', score: 9 });
  await g.getByTestId('dismiss').click();
  await expect(store.gesture()).toHaveCount(0);
  await store.later(1, '/');
  const told = await store.expectGesture('you-told-us', 'thank_you');
  await expect(told).toContainText('You told us, we did it');
});

test('a lapsed customer is welcomed back after 120 days', async ({ store }) => {
  await store.goto('/www/checkout.html');
  await store.signIn({ first_name: 'Lena' });
  await store.buy('sencha');
  await store.later(120, '/');
  const g = await store.expectGesture('welcome-back', 'code');
  await expect(g).toContainText('Welcome back, Lena');
  await expect(g).toContainText('120 days');
});

test('thanks for a review, and a give-a-friend code for a referral', async ({ store, page }) => {
  await store.goto('/www/guide.html');
  await store.later(1, '/www/guide.html');
  await store.expectNoGesture();
  await page.evaluate(() => (window as any).reciprocity('track', 'review', { rating: 5 }));
  const g = await store.expectGesture('thanks-for-review', 'thank_you');
  await expect(g).toContainText('Thank you for your review');
  await store.later(1, '/www/guide.html');
  await store.expectNoGesture();
  await page.evaluate(() => (window as any).reciprocity('track', 'referral'));
  const r = await store.expectGesture('referral-give-a-friend', 'code');
  await expect(r.getByTestId('code-value')).toHaveValue('FRIEND-FERN15');
});

test('nothing is shown during checkout', async ({ store, page }) => {
  await store.goto('/www/guide.html');
  await store.buy('sencha');
  await store.later(3, '/www/checkout.html');
  await store.expectNoGesture();
  void page;
});
