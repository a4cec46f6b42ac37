// The store owner's debug view: `?reciprocity-debug` shows this page's decisions and every
// reason, to whoever opened that URL only.
import { test, expect } from '../fixtures';

test('the debug view lists each gesture shown or not and why, owed moments included', async ({ store, page }) => {
  await store.goto('/www/guide.html?reciprocity-debug');
  await store.expectGesture('welcome-guide');
  const panel = page.locator('reciprocity-debug [data-testid=debug]');
  await expect(panel).toContainText('Shown: welcome-guide');
  // The owner's reasons are in it (the storefront's own modules leave them out).
  await expect(panel).toContainText('ok welcome-guide · occasion: the shopper is a new visitor');
  await expect(panel).toContainText(/no thanks-after-purchase · \w+: /);
  // A review while the welcome is on screen: its thanks is held back and owed.
  await page.evaluate(() => (window as any).reciprocity('track', 'review'));
  await expect
    .poll(async () => {
      await panel.getByRole('button', { name: 'Refresh' }).click();
      return panel.textContent();
    })
    .toContain('Owed: thanks-for-review (held by on_screen)');
  await expect(panel).toContainText('held back by another gesture on screen');
  // Nothing is shown to anyone else: the same page without the parameter has no panel.
  await store.goto('/www/guide.html');
  await store.settled();
  await expect(page.locator('reciprocity-debug')).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('debug')))).toEqual([]);
});
