// The feedback prompt by keyboard and on a phone: focus on open (the heading, not a score),
// the "choose a score" message gone once a score is chosen, focus on the thank-you after
// Send so Escape still closes it, 44 px score targets at 360 px, and a "why" panel that says
// the answer goes to the store when it does. Screenshots in target/shots/ for a person to
// look at (before and after Send, 1280 and 360 px, English and Arabic).
import { test, expect, Store } from '../fixtures';
import type { Page } from '@playwright/test';

/** The post-purchase prompt: a purchase, then a visit three days later. */
async function reachPrompt(store: Store, page: Page, lang?: string) {
  if (lang) {
    await store.goto('/www/checkout.html');
    await page.evaluate((l) => localStorage.setItem('demo:lang', JSON.stringify(l)), lang);
  }
  await store.buy('sencha');
  await store.later(3, '/');
  return store.expectGesture('post-purchase-feedback', 'feedback');
}

/** The focused element inside the widget's shadow root: its tag, test id, and whether the
 * dialog holds it. */
function focused(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('reciprocity-widget')?.shadowRoot;
    const a = root?.activeElement as HTMLElement | null | undefined;
    return {
      tag: a?.tagName ?? null,
      testid: a?.getAttribute('data-testid') ?? null,
      inDialog: !!a && !!root!.querySelector('[role=dialog]')?.contains(a),
    };
  });
}

test('by keyboard: opens on the heading, a score picked with the arrows, Enter on Send, then Escape closes it', async ({ store, page }) => {
  const g = await reachPrompt(store, page);
  // The heading has focus, not "0": no score looks chosen.
  await expect.poll(async () => (await focused(page)).tag).toBe('H2');
  expect(await g.locator('input[type=radio]:checked').count()).toBe(0);
  // Heading → the score group → the comment → Send.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  expect((await focused(page)).testid).toBe('submit');
  await page.keyboard.press('Enter');
  await expect(g.getByRole('alert')).toHaveText('Please choose a score first.');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).testid).toBe('score-0');
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
  await expect(g.getByTestId('score-9')).toBeChecked();
  await expect(g.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Smaller tins');
  await page.keyboard.press('Tab');
  expect((await focused(page)).testid).toBe('submit');
  await page.keyboard.press('Enter');
  await expect(g.getByTestId('feedback-thanks')).toHaveText('Thank you. We read every answer.');
  // Focus did not fall to <body>: it is on the thank-you, inside the dialog.
  await expect.poll(async () => await focused(page)).toEqual({ tag: 'P', testid: 'feedback-thanks', inDialog: true });
  await expect.poll(async () => (await store.events('reciprocity:feedback_submitted')).length).toBe(1);
  expect((await store.events('reciprocity:feedback_submitted'))[0].detail).toMatchObject({ score: 9, comment: 'Smaller tins' });
  await page.keyboard.press('Escape');
  await expect(store.gesture()).toHaveCount(0);
  await expect(store.host()).toHaveCount(0);
  // Closed after answering: not a dismissal.
  expect((await store.events('reciprocity:dismissed')).length).toBe(0);
});

/** The why panel's sentence about what leaves the browser. */
async function whyDevice(store: Store, page: Page) {
  const g = await reachPrompt(store, page);
  await g.getByTestId('why-toggle').click();
  return (await g.getByTestId('why-device').textContent()) ?? '';
}

test('the "why" panel says the answer goes to the store when the store has a feedback endpoint', async ({ store, page }) => {
  const text = await whyDevice(store, page);
  expect(text).toContain('Your answer is sent to the store; nothing else leaves this browser.');
  expect(text).not.toContain('Nothing is sent anywhere.');
});

test('without a feedback endpoint the "why" panel says nothing is sent', async ({ store, page }) => {
  await page.route('**/config.example.json', async (route) => {
    const config = await (await route.fetch()).json();
    delete config.endpoints;
    await route.fulfill({ json: config });
  });
  const text = await whyDevice(store, page);
  expect(text).toContain('Nothing is sent anywhere.');
  expect(text).not.toContain('sent to the store');
});

for (const [width, height, label] of [[1280, 800, 'desktop'], [360, 740, 'phone']] as const) {
  for (const lang of ['en', 'ar']) {
    test(`before and after Send at ${label} width, ${lang}: screenshots, and 44 px score targets on a phone`, async ({ store, page }) => {
      await page.setViewportSize({ width, height });
      const g = await reachPrompt(store, page, lang === 'en' ? undefined : lang);
      await g.getByTestId('why-toggle').click();
      await g.getByTestId('score-8').check();
      if (label === 'phone') {
        for (let n = 0; n <= 10; n++) {
          const box = (await g.locator(`label[for$="-${n}"]`).boundingBox())!;
          expect(box.width, `score ${n} width`).toBeGreaterThanOrEqual(44);
          expect(box.height, `score ${n} height`).toBeGreaterThanOrEqual(44);
        }
      }
      const box = (await g.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await page.waitForTimeout(350); // entrance animation
      await page.screenshot({ path: `../../target/shots/feedback-before-${label}-${lang}.png` });
      await g.getByTestId('submit').click();
      await expect(g.getByTestId('feedback-thanks')).toBeVisible();
      await page.screenshot({ path: `../../target/shots/feedback-after-${label}-${lang}.png` });
    });
  }
}
