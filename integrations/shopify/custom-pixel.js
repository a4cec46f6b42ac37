/*! reciprocity for Shopify: the web pixel. It hears Shopify's `checkout_completed` event on
 * the Thank you page, where no storefront script runs, and notes the order in the
 * storefront's localStorage (`reciprocity:inbox`), which the widget reads on the shopper's
 * next storefront page: the thank-you, milestones and feedback prompts then know the order.
 * Nothing is sent anywhere; nothing is written while the shopper withholds consent to
 * preferences (personalisation). */

// THE ONE SOURCE of the pixel. `node integrations/shopify/build.mjs` writes it, unchanged,
// into ../custom-pixel.js (the code a store owner pastes under Settings > Customer events)
// and into ../extensions/reciprocity-pixel/src/reciprocity-shopify.js (the app web pixel);
// the tests fail when either copy differs from what the build writes.
//
// Plain ES2017 and no imports: the custom-pixel sandbox runs it as a classic script, with
// `analytics`, `browser`, `init` (and `api`) in scope; an app pixel gets the same objects
// from `register`. See shopify.dev/docs/api/web-pixels-api.

var reciprocityShopify = (function () {
  'use strict';

  // Where the widget keeps things in localStorage (engine::keys, tests/cases/storage.json).
  var INBOX = 'reciprocity:inbox';
  var ALARM = 'reciprocity:alarm';
  // The loader's own limits for the inbox (src/js/loader/alarm.js `writeInbox`): at most 200
  // page entries; a longer or larger inbox makes the next page view wake the recorder.
  var MAX_ENTRIES = 200;
  var MAX_INBOX_CHARS = 60000;
  // The engine's limits (engine::event): longer text is cut, further lines dropped there too.
  var MAX_TEXT = 200;
  var MAX_ITEMS = 50;
  var MAX_QUANTITY = 10000;

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  /** `o[k]` when `o` is an object; never throws on a hostile getter. */
  function get(o, k) {
    try {
      return isObject(o) ? o[k] : undefined;
    } catch (e) {
      return undefined;
    }
  }

  /** The text with lone surrogates replaced (the engine's JSON reader refuses them). */
  function wellFormed(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        var d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          out += s[i] + s[i + 1];
          i++;
        } else out += '\ufffd';
      } else if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
      else out += s[i];
    }
    return out;
  }

  /**
   * Printable text, as the engine keeps it (engine::event::clean_text): control characters
   * dropped, trimmed, at most 200 characters; null when nothing is left. Numbers (ids) too.
   */
  function text(v) {
    if (typeof v === 'number' && isFinite(v)) return String(v);
    if (typeof v !== 'string') return null;
    var t = Array.from(wellFormed(v).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim())
      .slice(0, MAX_TEXT)
      .join('')
      .trim();
    return t === '' ? null : t;
  }

  /** Shopify ids come as `gid://shopify/Order/123` on some stores and `123` on others. */
  function idOf(v) {
    var t = text(v);
    if (t === null) return null;
    var m = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)/.exec(t);
    return m ? m[1] : t;
  }

  /** An amount sent as a number or a string ("42.50"), or inside a MoneyV2 `{amount}`. */
  function amount(v) {
    if (isObject(v)) v = get(v, 'amount');
    var n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return isFinite(n) && n >= 0 ? Math.round(n * 100) / 100 : null;
  }

  function currencyOf(v) {
    return typeof v === 'string' && /^[A-Za-z]{3}$/.test(v.trim()) ? v.trim().toUpperCase() : null;
  }

  function quantityOf(v) {
    var n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    return isFinite(n) && n >= 1 ? Math.min(Math.round(n), MAX_QUANTITY) : 1;
  }

  /** One line of the order as a GA4 item, or null when it names nothing. */
  function item(line) {
    if (!isObject(line)) return null;
    var variant = get(line, 'variant');
    var product = get(variant, 'product');
    var name = text(get(line, 'title')) || text(get(product, 'title')) || text(get(variant, 'title'));
    // sku is often null; then the variant's id, then the product's.
    var id = text(get(variant, 'sku')) || idOf(get(variant, 'id')) || idOf(get(product, 'id'));
    if (name === null && id === null) return null;
    var quantity = quantityOf(get(line, 'quantity'));
    // The price paid for one unit (after line discounts), else the variant's list price.
    var paid = amount(get(line, 'finalLinePrice'));
    var price = paid !== null ? Math.round((paid / quantity) * 100) / 100 : amount(get(variant, 'price'));
    var out = {};
    if (id !== null) out.item_id = id;
    if (name !== null) out.item_name = name;
    // The product type is often empty: then no category.
    var category = text(get(product, 'type'));
    if (category !== null) out.item_category = category;
    if (price !== null) out.price = price;
    out.quantity = quantity;
    return out;
  }

  /** The order's transaction id: the order id, as Shopify's own integrations send it. */
  function transactionId(checkout) {
    return idOf(get(get(checkout, 'order'), 'id')) || text(get(checkout, 'token'));
  }

  /**
   * The GA4-shaped purchase push for a `checkout_completed` event's checkout, or null when
   * the checkout names neither an order nor any line.
   */
  function purchase(checkout) {
    if (!isObject(checkout)) return null;
    var lines = get(checkout, 'lineItems');
    var items = [];
    if (Array.isArray(lines)) {
      for (var i = 0; i < lines.length && items.length < MAX_ITEMS; i++) {
        var it = item(lines[i]);
        if (it) items.push(it);
      }
    }
    var id = transactionId(checkout);
    if (id === null && items.length === 0) return null;
    var total = get(checkout, 'totalPrice');
    var value = amount(total);
    if (value === null) value = amount(get(checkout, 'subtotalPrice'));
    var currency = currencyOf(get(total, 'currencyCode')) || currencyOf(get(checkout, 'currencyCode'));
    var ecommerce = {};
    if (id !== null) ecommerce.transaction_id = id;
    if (value !== null) ecommerce.value = value;
    if (currency !== null) ecommerce.currency = currency;
    ecommerce.items = items;
    return { event: 'purchase', ecommerce: ecommerce };
  }

  /**
   * What the pixel knows of the buyer, in the fields `reciprocity('identify', …)` reads
   * (engine::event::from_identify), as of after this order; null when it knows nothing.
   */
  function facts(checkout, init, at) {
    var customer = get(get(init, 'data'), 'customer');
    var name =
      text(get(customer, 'firstName')) ||
      text(get(get(checkout, 'billingAddress'), 'firstName')) ||
      text(get(get(checkout, 'shippingAddress'), 'firstName'));
    var first = get(get(get(checkout, 'order'), 'customer'), 'isFirstOrder');
    var count = get(customer, 'ordersCount');
    var out = {};
    var any = false;
    if (name !== null) {
      out.first_name = name;
      any = true;
    }
    if (first === true) {
      out.orders_count = 1;
      out.first_order_at = new Date(at).toISOString();
      any = true;
    } else if (typeof count === 'number' && isFinite(count) && count >= 1 && count <= 1e6) {
      // `ordersCount` is read when the Thank you page renders, after the order was placed.
      out.orders_count = Math.max(Math.floor(count), first === false ? 2 : 1);
      any = true;
    }
    return any ? out : null;
  }

  function pageUrl(event, init) {
    var href =
      get(get(get(get(event, 'context'), 'document'), 'location'), 'href') ||
      get(get(get(get(init, 'context'), 'document'), 'location'), 'href');
    return typeof href === 'string' && /^https?:\/\//i.test(href) ? href : null;
  }

  /**
   * The inbox entry for a `checkout_completed` event: `{t, url, dl: [purchase push JSON],
   * calls: [["identify", facts JSON]]}` and the order's transaction id; null for an event
   * that cannot be read (it is skipped). Never throws.
   */
  function entry(event, init, now) {
    try {
      var checkout = get(get(event, 'data'), 'checkout');
      var push = purchase(checkout);
      if (!push) return null;
      var stamp = get(event, 'timestamp');
      var t = typeof stamp === 'string' ? Date.parse(stamp) : NaN;
      if (!isFinite(t)) t = typeof now === 'number' ? now : Date.now();
      t = Math.round(t);
      var e = { t: t };
      var url = pageUrl(event, init);
      if (url !== null) e.url = url;
      e.dl = [JSON.stringify(push)];
      var f = facts(checkout, init, t);
      e.calls = f ? [['identify', JSON.stringify(f)]] : [];
      return { id: push.ecommerce.transaction_id || null, entry: e };
    } catch (err) {
      return null;
    }
  }

  /** Whether an inbox entry already holds a purchase with transaction id `id`. */
  function holds(e, id) {
    var dl = get(e, 'dl');
    if (id === null || !Array.isArray(dl)) return false;
    for (var i = 0; i < dl.length; i++) {
      try {
        var p = typeof dl[i] === 'string' ? JSON.parse(dl[i]) : null;
        if (get(p, 'event') === 'purchase' && String(get(get(p, 'ecommerce'), 'transaction_id')) === id) return true;
      } catch (err) {}
    }
    return false;
  }

  /**
   * The inbox text with `made` appended (a missing or corrupt inbox counts as empty; the last
   * 200 entries are kept), whether the inbox is full, or null when the order is there already.
   */
  function merge(current, made) {
    var list;
    try {
      list = JSON.parse(typeof current === 'string' ? current : '[]');
    } catch (err) {
      list = [];
    }
    if (!Array.isArray(list)) list = [];
    for (var i = 0; i < list.length; i++) if (holds(list[i], made.id)) return null;
    list.push(made.entry);
    var kept = list.slice(-MAX_ENTRIES);
    var written = JSON.stringify(kept);
    return { text: written, full: list.length > MAX_ENTRIES || written.length > MAX_INBOX_CHARS };
  }

  /**
   * Subscribes to `checkout_completed` with the pixel's standard API (`analytics`, `browser`,
   * `init`, and `customerPrivacy` where the sandbox has it). Returns a function that resolves
   * when the writes started so far are done (the tests wait on it).
   */
  function start(api) {
    var analytics = get(api, 'analytics');
    var browser = get(api, 'browser');
    var init = get(api, 'init');
    var storage = get(browser, 'localStorage');
    var privacy = get(init, 'customerPrivacy');
    var done = Promise.resolve();
    try {
      var cp = get(api, 'customerPrivacy');
      if (cp && typeof cp.subscribe === 'function') {
        cp.subscribe('visitorConsentCollected', function (event) {
          var p = get(event, 'customerPrivacy');
          if (isObject(p)) privacy = p;
        });
      }
    } catch (err) {}

    // Only while personalisation is allowed (or the store asks no consent for it).
    function allowed() {
      return get(privacy, 'preferencesProcessingAllowed') !== false;
    }

    function write(made) {
      function attempt(left) {
        return Promise.resolve(storage.getItem(INBOX)).then(function (current) {
          var next = merge(current, made);
          if (!next) return undefined;
          return Promise.resolve(storage.setItem(INBOX, next.text))
            .then(function () {
              return next.full ? storage.setItem(ALARM, '{}') : undefined;
            })
            .then(function () {
              // Another tab may have written the inbox at the same moment: check, once more.
              return left > 0 ? attempt(left - 1) : undefined;
            });
        });
      }
      return attempt(1);
    }

    function onCompleted(event) {
      try {
        if (!allowed() || !storage) return;
        var made = entry(event, init);
        if (!made) return;
        done = done
          .then(function () {
            return write(made);
          })
          .catch(function () {});
      } catch (err) {}
    }

    try {
      if (analytics && typeof analytics.subscribe === 'function') analytics.subscribe('checkout_completed', onCompleted);
    } catch (err) {}
    return function settled() {
      return done;
    };
  }

  return { start: start, entry: entry, purchase: purchase, facts: facts, merge: merge };
})();

// Custom pixel: the sandbox provides `analytics`, `browser`, `init` and `api` (Shopify's
// standard API, already destructured).
(function () {
  var privacy;
  try {
    privacy = typeof api !== 'undefined' && api ? api.customerPrivacy : undefined;
  } catch (e) {}
  reciprocityShopify.start({
    analytics: typeof analytics !== 'undefined' ? analytics : undefined,
    browser: typeof browser !== 'undefined' ? browser : undefined,
    init: typeof init !== 'undefined' ? init : undefined,
    customerPrivacy: privacy,
  });
})();
