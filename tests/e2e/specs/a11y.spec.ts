// axe-core (WCAG 2.2 AA rules) on every gesture kind, at desktop width and at 360 px, with a
// screenshot of each for a person to look at (target/shots/).
import AxeBuilder from '@axe-core/playwright';
import { test, expect, Store } from '../fixtures';
import type { Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const states: Record<string, (store: Store, page: Page) => Promise<void>> = {
  banner: async (store) => {
    await store.goto('/');
    await store.expectGesture('welcome-guide', 'banner');
  },
  thank_you: async (store) => {
    await store.buy('sencha');
    await store.expectGesture('thanks-after-purchase', 'thank_you');
  },
  code: async (store) => {
    await store.goto('/www/checkout.html');
    await store.signIn({ first_name: 'Jonas', birthday: '11-24' });
    await store.later(1, '/');
    const g = await store.expectGesture('birthday-gift', 'code');
    await g.getByTestId('reveal').click();
    await expect(g.getByTestId('code-value')).toHaveValue(/BDAY-/);
    await g.getByTestId('why-toggle').click();
  },
  feedback: async (store) => {
    await store.buy('sencha');
    await store.later(3, '/');
    const g = await store.expectGesture('post-purchase-feedback', 'feedback');
    await g.getByTestId('score-8').check();
  },
  thank_you_rtl: async (store, page) => {
    await store.goto('/www/checkout.html');
    await page.evaluate(() => localStorage.setItem('demo:lang', '"ar"'));
    await store.buy('sencha');
    const g = await store.expectGesture('thanks-after-purchase', 'thank_you');
    await g.getByTestId('why-toggle').click();
  },
};

for (const [width, height, label] of [[1280, 800, 'desktop'], [360, 740, 'phone']] as const) {
  for (const [name, reach] of Object.entries(states)) {
    test(`${name} at ${label} width has no WCAG 2.2 AA violations`, async ({ store, page }) => {
      await page.setViewportSize({ width, height });
      await reach(store, page);
      await page.waitForTimeout(350); // entrance animation
      await page.screenshot({ path: `../../target/shots/${name}-${label}.png` });
      const results = await new AxeBuilder({ page }).include('reciprocity-widget').withTags(TAGS).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(summary).toEqual([]);
      expect(results.passes.length).toBeGreaterThan(5);
      // The gesture fits the viewport.
      const box = await store.gesture().boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    });
  }
}
