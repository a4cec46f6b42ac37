import { test, expect } from '../fixtures';

test('first visit shows the welcome banner', async ({ store, page }) => {
  await store.goto('/');
  const g = await store.expectGesture('welcome-guide', 'banner');
  await expect(g).toContainText('Welcome to Fern & Kettle');
  await page.screenshot({ path: '../../target/shots/smoke.png' });
});
