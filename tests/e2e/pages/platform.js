// What each platform's order confirmation (or checkout step) pushes to the dataLayer before
// the widget loads, as the common plugins write it (PLATFORMS.md): `?as=<plugin>` picks one,
// `?steps=1` repeats the checkout steps first (plugins do, on the confirmation page), and
// `?only=steps` is a checkout page before the purchase.
(function () {
  var q = new URLSearchParams(location.search);
  var w = window;
  w.dataLayer = w.dataLayer || [];
  function gtag() {
    w.dataLayer.push(arguments);
  }
  var items = [{ item_id: 'SENCHA-50', item_name: 'Sencha Kyoto', item_category: 'Green tea', price: 18, quantity: 1 }];
  var order = { transaction_id: q.get('order') || '4321', value: 18, currency: 'EUR', tax: 0, shipping: 0, items: items };
  if (q.get('steps') || q.get('only') === 'steps') {
    w.dataLayer.push({ event: 'begin_checkout', ecommerce: { currency: 'EUR', value: 18, items: items } });
    w.dataLayer.push({ event: 'add_payment_info', ecommerce: { currency: 'EUR', value: 18, payment_type: 'card', items: items } });
  }
  if (q.get('only') === 'steps') return;
  switch (q.get('as')) {
    case 'gtm4wp': // WooCommerce with GTM4WP
      w.dataLayer.push({ ecommerce: null });
      w.dataLayer.push({ event: 'purchase', ecommerce: { affiliation: 'Fern & Kettle', coupon: '', currency: 'EUR', transaction_id: order.transaction_id, value: 18, tax: 0, shipping: 0, items: items }, new_customer: true, customer_type: 'new' });
      break;
    case 'gtag': // Google Analytics for WooCommerce, Shopware, PrestaShop: gtag's arguments
      gtag('event', 'purchase', order);
      break;
    case 'track': // Magento (no GA4 dataLayer in core) and BigCommerce scripts: the widget's own call
      (w.reciprocity = w.reciprocity || function () {
        (w.reciprocity.q = w.reciprocity.q || []).push(arguments);
      })('track', 'purchase', order);
      break;
    default:
      w.dataLayer.push({ event: 'purchase', ecommerce: order });
  }
})();
