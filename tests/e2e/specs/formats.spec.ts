// The formats (card, bar, slide-in, inline, tab) on the demo store: each shows and is usable,
// axe finds nothing at 1280 and 360 px in both directions, a phone keeps the page's primary
// action clear, the inline gesture moves nothing, a strict CSP page shows them. Screenshots of
// every format at both widths and in Arabic go to /tmp/format-shots/ for a person to look at.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { test, expect, Store } from '../fixtures';
import type { Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = '/tmp/format-shots';
mkdirSync(SHOTS, { recursive: true });

/** The example gesture of each format, and the page it belongs on. */
const FORMATS: Record<string, { id: string; path: string }> = {
  card: { id: 'welcome-guide', path: '/www/product.html' },
  bar: { id: 'follow-up-recommendation', path: '/www/product.html' },
  slide_in: { id: 'welcome-back', path: '/www/product.html' },
  inline: { id: 'milestone-order', path: '/www/thank-you.html' },
  tab: { id: 'thanks-for-review', path: '/www/product.html' },
};

/** Shows the gesture as the store owner's preview (outside the rules), in `lang`. */
async function show(store: Store, page: Page, format: string, lang = 'en') {
  const { id, path } = FORMATS[format];
  if (lang !== 'en') {
    await page.goto('/tests/e2e/pages/blank.html');
    await page.evaluate((l) => localStorage.setItem('demo:lang', JSON.stringify(l)), lang);
  }
  await store.goto(`${path}${path.includes('?') ? '&' : '?'}reciprocity-preview=${id}`);
  return store.expectGesture(id);
}

/** The shadow root's element for `selector`, as a page locator. */
function inWidget(page: Page, selector: string) {
  return page.locator(`reciprocity-widget ${selector}`);
}

test('card: the corner card, usable, dismissed with ✕', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide', 'banner');
  await expect(g).toHaveClass(/rc-at-bottom-end/);
  const box = (await g.boundingBox())!;
  expect(box.x + box.width).toBeGreaterThan(1200);
  await g.getByTestId('dismiss').click();
  await expect(store.gesture()).toHaveCount(0);
});

test('bar: full width at the bottom, its link works', async ({ store, page }) => {
  const g = await show(store, page, 'bar');
  await expect(g).toHaveClass(/rc-at-bottom/);
  await page.waitForTimeout(400); // entrance animation
  const box = (await g.boundingBox())!;
  expect(box.x).toBe(0);
  expect(box.width).toBe(1280);
  expect(Math.round(box.y + box.height)).toBe(800);
  expect(box.height).toBeLessThan(200);
  await g.getByTestId('link').click();
  await expect(page).toHaveURL(/product\.html\?id=/);
});

test('slide-in: against the end edge, narrower than the window, its code copies', async ({ store, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const g = await show(store, page, 'slide_in');
  await expect(g).toHaveClass(/rc-slide/);
  await page.waitForTimeout(400);
  const box = (await g.boundingBox())!;
  expect(Math.round(box.x + box.width)).toBe(1280);
  expect(box.width).toBeLessThan(500);
  await expect(g.getByTestId('code-value')).toHaveValue('MISSEDYOU');
  await g.getByTestId('copy').click();
  await expect(g.getByTestId('copy')).toHaveText('Copied');
});

test('slide-in: no motion when the shopper asks for less', async ({ store, page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const g = await show(store, page, 'slide_in');
  expect(await g.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
});

test('tab: a teaser that opens the gesture as a card, by keyboard too', async ({ store, page }) => {
  await show(store, page, 'tab');
  const tab = inWidget(page, '[data-testid=tab]');
  await expect(tab).toHaveText('Thank you for your review');
  await expect(tab).toHaveAttribute('aria-expanded', 'false');
  await expect(inWidget(page, '.rc-card')).toHaveCount(0);
  await tab.focus();
  await page.keyboard.press('Enter');
  const card = inWidget(page, '.rc-card');
  await expect(card).toContainText('Reviews like yours');
  await expect(inWidget(page, '[data-testid=minimise]')).toBeFocused();
  // Minimise again: the tab, and nothing recorded or announced.
  await page.keyboard.press('Enter');
  await expect(tab).toBeFocused();
  expect(await store.events('reciprocity:dismissed')).toEqual([]);
});

test('minimise: every non-modal gesture collapses to the tab and opens again', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide');
  await g.getByTestId('minimise').click();
  const tab = inWidget(page, '[data-testid=tab]');
  await expect(tab).toBeVisible();
  await expect(inWidget(page, '.rc-card')).toHaveCount(0);
  await tab.click();
  await expect(inWidget(page, '.rc-card')).toBeVisible();
  expect(await store.events('reciprocity:dismissed')).toEqual([]);
  expect(await store.events('reciprocity:closed')).toEqual([]);
});

test('inline: fills the slot the store reserved, and nothing on the page moves', async ({ store, page }) => {
  const slot = () => page.evaluate(() => {
    const r = document.getElementById('reciprocity-slot')!.getBoundingClientRect();
    const main = document.getElementById('main')!.getBoundingClientRect();
    return { slot: [r.x, r.y, r.width, r.height], main: main.y };
  });
  await page.goto('/www/thank-you.html?reciprocity-preview=milestone-order');
  const before = await slot();
  const g = await store.expectGesture('milestone-order', 'thank_you');
  await expect(g).toHaveClass(/rc-inline/);
  await page.waitForTimeout(400); // entrance animation
  const after = await slot();
  expect(after).toEqual(before);
  const box = (await g.boundingBox())!;
  expect([box.x, box.y, box.width, box.height].map(Math.round)).toEqual(before.slot.map(Math.round));
  // Inside the slot, in the page's flow (it scrolls with the page).
  expect(await page.evaluate(() => document.querySelector('reciprocity-widget')!.parentElement!.id)).toBe('reciprocity-slot');
  expect(await g.evaluate((el) => getComputedStyle(el).position)).toBe('relative');
});

test('inline: on a page without the slot it shows as the corner card', async ({ store, page }) => {
  await store.goto('/www/guide.html?reciprocity-preview=milestone-order');
  const g = await store.expectGesture('milestone-order');
  await expect(g).not.toHaveClass(/rc-inline/);
  await expect(g).toHaveClass(/rc-at-bottom-end/);
  expect(await store.events('reciprocity:error')).toEqual([]);
});

test('the widget comes first in the tab order, and adds no box', async ({ store, page }) => {
  await store.goto('/');
  await store.expectGesture('welcome-guide');
  expect(await page.evaluate(() => document.body.firstElementChild!.tagName)).toBe('RECIPROCITY-WIDGET');
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('reciprocity-widget')!).display)).toBe('contents');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement!.tagName)).toBe('RECIPROCITY-WIDGET');
});

test.describe('a phone at 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  /** The share of the viewport the gesture covers, and what is at the Add to cart's centre. */
  async function measure(page: Page) {
    return page.evaluate(() => {
      const root = document.querySelector('reciprocity-widget')!.shadowRoot!;
      const el = root.querySelector('.rc-card, .rc-tab')!;
      const r = el.getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
      const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
      const b = document.querySelector('[data-testid=add-to-cart]')!.getBoundingClientRect();
      const hit = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
      return { share: (w * h) / (innerWidth * innerHeight), hit: hit?.getAttribute('data-testid') };
    });
  }

  for (const format of ['card', 'bar', 'slide_in']) {
    test(`${format}: at most a quarter of the screen, Add to cart visible and clickable`, async ({ store, page }) => {
      if (format === 'card') {
        await store.goto('/www/product.html');
        await store.expectGesture('welcome-guide');
      } else await show(store, page, format);
      await page.waitForTimeout(400);
      let m = await measure(page);
      expect(m.share).toBeLessThanOrEqual(0.25);
      expect(m.hit).toBe('add-to-cart');
      // With the why panel open, still a quarter at most (it scrolls inside the card).
      const why = inWidget(page, '[data-testid=why-toggle]');
      if (await why.count()) {
        await why.click();
        m = await measure(page);
        expect(m.share).toBeLessThanOrEqual(0.25);
        expect(m.hit).toBe('add-to-cart');
      }
      await page.getByTestId('add-to-cart').click();
      await expect(page.getByTestId('add-to-cart')).toHaveText('Added ✓');
    });
  }

  test('a card over Add to cart moves to the other edge', async ({ store, page }) => {
    await store.goto('/www/product.html');
    const g = await store.expectGesture('welcome-guide');
    await page.waitForTimeout(400);
    // At 360×740 Add to cart sits where the bottom card would be: the card went to the top.
    await expect(g).toHaveClass(/rc-flip/);
    expect((await g.boundingBox())!.y).toBeLessThan(60);
    expect((await measure(page)).hit).toBe('add-to-cart');
  });

  test('a gesture that would cover the primary action at either edge collapses to the tab', async ({ store, page }) => {
    // The store names its whole product area as what must stay clear.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => document.body.setAttribute('data-reciprocity-keep-clear', ''));
    });
    await store.goto('/www/product.html');
    await store.expectGesture('welcome-guide');
    const tab = inWidget(page, '[data-testid=tab]');
    await expect(tab).toBeVisible();
    await expect(inWidget(page, '.rc-card')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/keep-clear-collapsed-phone.png` });
    // Not a dismissal; the shopper opens it again, and it stays open.
    expect(await store.events('reciprocity:dismissed')).toEqual([]);
    await tab.click();
    await page.waitForTimeout(100);
    await expect(inWidget(page, '.rc-card')).toBeVisible();
  });
});

test('a strict Content-Security-Policy page shows a bar and a slide-in with no violation', async ({ store, page }) => {
  for (const id of ['follow-up-recommendation', 'welcome-back']) {
    const res = await page.goto(`/tests/e2e/pages/csp-strict.html?reciprocity-preview=${id}`);
    expect(res!.headers()['content-security-policy']).toContain("style-src 'self'");
    await store.settled();
    const g = await store.expectGesture(id);
    await expect(g).toBeVisible();
    await g.getByTestId('minimise').click();
    await expect(inWidget(page, '[data-testid=tab]')).toBeVisible();
    expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  }
});

for (const [width, height, label] of [[1280, 800, 'desktop'], [360, 740, 'phone']] as const) {
  for (const lang of ['en', 'ar']) {
    for (const format of Object.keys(FORMATS)) {
      test(`${format} at ${label} width, ${lang}: no WCAG 2.2 AA violations`, async ({ store, page }) => {
        await page.setViewportSize({ width, height });
        await show(store, page, format, lang);
        await page.waitForTimeout(400); // entrance animation
        await page.screenshot({ path: `${SHOTS}/${format}-${label}-${lang}.png` });
        const results = await new AxeBuilder({ page }).include('reciprocity-widget').withTags(TAGS).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        expect(summary).toEqual([]);
        const box = (await inWidget(page, '[data-gesture-id]').boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(Math.round(box.x + box.width)).toBeLessThanOrEqual(width);
        if (format === 'tab') {
          // Opened, in that language and direction too.
          await inWidget(page, '[data-testid=tab]').click();
          await page.waitForTimeout(400);
          await page.screenshot({ path: `${SHOTS}/tab-open-${label}-${lang}.png` });
          const open = await new AxeBuilder({ page }).include('reciprocity-widget').withTags(TAGS).analyze();
          expect(open.violations.map((v) => v.id)).toEqual([]);
        }
      });
    }
  }
}
