// Every platform's order confirmation, at its real URL with the pushes its plugins make there
// (checkout steps included): the purchase is thanked. The checkout steps before it show
// nothing. (The Shopify Thank you page runs no storefront script: see shopify.spec.ts.)
import { test, expect } from '../fixtures';

const CONFIRMATIONS: [string, string, string][] = [
  ['WooCommerce with GTM4WP', '/platform/checkout/order-received/4321/?key=wc_order_5f1a2b3c4d5e6', 'gtm4wp'],
  ['WooCommerce with Google Analytics for WooCommerce', '/platform/checkout/order-received/4321/?key=wc_order_5f1a2b3c4d5e6', 'gtag'],
  ['Shopware 6', '/platform/checkout/finish?orderId=0191f2a6', 'gtag'],
  ['Magento', '/platform/checkout/onepage/success/', 'track'],
  ['BigCommerce', '/platform/checkout/order-confirmation/118', 'track'],
  ['PrestaShop', '/platform/order-confirmation?id_cart=7&id_order=5&key=9f8e', 'gtag'],
];

for (const [platform, path, plugin] of CONFIRMATIONS) {
  test(`${platform}: the order confirmation thanks the purchase, checkout steps and all`, async ({ store }) => {
    await store.goto(`${path}${path.includes('?') ? '&' : '?'}as=${plugin}&steps=1`);
    const g = await store.expectGesture('thanks-after-purchase', 'thank_you');
    await expect(g).toContainText('Sencha Kyoto');
    expect((await store.exported()).orders).toBe(1);
  });
}

test('the checkout steps before the purchase show nothing', async ({ store }) => {
  await store.goto('/platform/checkout/?only=steps');
  await store.expectNoGesture();
  await store.goto('/platform/checkout/payment?only=steps');
  await store.expectNoGesture();
  expect((await store.exported()).orders).toBe(0);
  // A first visit lands on checkout: no welcome there either.
  expect((await store.events('reciprocity:shown')).length).toBe(0);
});
