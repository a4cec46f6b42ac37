// Fern & Kettle: the demo storefront. It behaves like a real shop's theme: it pushes GA4
// e-commerce events to window.dataLayer and identifies signed-in customers. The journey
// panel moves the device's clock (Date.now) so a shopper's next visit can happen days later.
(function () {
  'use strict';

  // --- Simulated clock: the demo's own, applied before the widget loads. -----------------
  var DAY = 86400000;
  var realNow = Date.now.bind(Date);
  function offsetDays() {
    try {
      return Number(localStorage.getItem('demo:clock-days') || 0) || 0;
    } catch (e) {
      return 0;
    }
  }
  Date.now = function () {
    return realNow() + offsetDays() * DAY;
  };

  var PRODUCTS = [
    { id: 'sencha', name: 'Sencha Kyoto', category: 'Tea', price: 18, blurb: 'Grassy, bright green tea from Uji.' },
    { id: 'darjeeling', name: 'First-flush Darjeeling', category: 'Tea', price: 24, blurb: 'Floral spring harvest, muscatel finish.' },
    { id: 'infuser', name: 'Glass infuser mug', category: 'Teaware', price: 22, blurb: 'Brew loose leaf right in your cup.' },
    { id: 'teapot', name: 'Stoneware teapot', category: 'Teaware', price: 48, blurb: 'Hand-thrown, holds four cups.' },
    { id: 'tasting', name: 'Tasting set', category: 'Gifts', price: 30, blurb: 'Six teas, one discovery a day.' },
  ];
  var byId = {};
  PRODUCTS.forEach(function (p) {
    byId[p.id] = p;
  });

  window.dataLayer = window.dataLayer || [];
  function push(obj) {
    window.dataLayer.push({ ecommerce: null });
    window.dataLayer.push(obj);
  }
  function item(p, qty) {
    return { item_id: p.id, item_name: p.name, item_category: p.category, price: p.price, quantity: qty || 1 };
  }

  function load(key, fallback) {
    try {
      var v = localStorage.getItem(key);
      return v ? JSON.parse(v) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function save(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {}
  }
  function cart() {
    return load('demo:cart', []);
  }
  function money(n) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || 'en', { style: 'currency', currency: 'EUR' }).format(n);
    } catch (e) {
      return '€' + n.toFixed(2);
    }
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  // --- Queue stub for calls before the widget loads (the documented snippet). ------------
  window.reciprocity =
    window.reciprocity ||
    function () {
      (window.reciprocity.q = window.reciprocity.q || []).push(arguments);
    };

  // A signed-in customer: the storefront knows them server-side.
  var customer = load('demo:customer', null);
  if (customer) window.reciprocity('identify', customer);

  // --- Language: the store's own setting; the widget follows <html lang>. ----------------
  var lang = load('demo:lang', 'en');
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';

  var page = document.body.getAttribute('data-page');
  var main = document.getElementById('main');

  function productCard(p) {
    return el('li', { class: 'product' }, [
      el('a', { href: '/www/product.html?id=' + p.id, class: 'product-link' }, [
        el('span', { class: 'swatch swatch-' + p.id, 'aria-hidden': 'true' }),
        el('span', { class: 'product-name', text: p.name }),
      ]),
      el('span', { class: 'product-meta', text: p.category + ' · ' + money(p.price) }),
    ]);
  }

  function addToCart(p) {
    var c = cart();
    var line = c.filter(function (l) {
      return l.id === p.id;
    })[0];
    if (line) line.qty += 1;
    else c.push({ id: p.id, qty: 1 });
    save('demo:cart', c);
    push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', value: p.price, items: [item(p)] } });
    renderCartCount();
  }

  function renderCartCount() {
    var n = cart().reduce(function (s, l) {
      return s + l.qty;
    }, 0);
    var c = document.getElementById('cart-count');
    if (c) c.textContent = String(n);
  }

  function cartItems() {
    return cart()
      .filter(function (l) {
        return byId[l.id];
      })
      .map(function (l) {
        return item(byId[l.id], l.qty);
      });
  }
  function total(items) {
    return items.reduce(function (s, i) {
      return s + i.price * i.quantity;
    }, 0);
  }

  var pages = {
    home: function () {
      main.appendChild(el('h1', { text: 'Loose-leaf tea, packed by hand' }));
      main.appendChild(el('p', { class: 'lead', text: 'Small-batch teas and the things to brew them in.' }));
      main.appendChild(el('ul', { class: 'grid', 'data-testid': 'products' }, PRODUCTS.map(productCard)));
      push({ event: 'view_item_list', ecommerce: { item_list_name: 'Home', items: PRODUCTS.map(function (p) { return item(p); }) } });
    },
    product: function () {
      var id = new URLSearchParams(location.search).get('id') || 'sencha';
      var p = byId[id] || PRODUCTS[0];
      document.title = p.name + ' · Fern & Kettle';
      // `data-reciprocity-keep-clear`: the page's primary action, never covered by a gesture.
      var button = el('button', { type: 'button', class: 'primary', 'data-testid': 'add-to-cart', 'data-reciprocity-keep-clear': '', text: 'Add to cart' });
      button.addEventListener('click', function () {
        addToCart(p);
        button.textContent = 'Added ✓';
      });
      main.appendChild(
        el('article', { class: 'product-page' }, [
          el('span', { class: 'swatch large swatch-' + p.id, 'aria-hidden': 'true' }),
          el('div', {}, [
            el('h1', { text: p.name }),
            el('p', { class: 'price', text: money(p.price) }),
            el('p', { text: p.blurb }),
            button,
          ]),
        ])
      );
      push({ event: 'view_item', ecommerce: { currency: 'EUR', value: p.price, items: [item(p)] } });
    },
    cart: function () {
      main.appendChild(el('h1', { text: 'Your cart' }));
      var items = cartItems();
      var discount = new URLSearchParams(location.search).get('discount');
      if (discount) main.appendChild(el('p', { class: 'notice', 'data-testid': 'discount', text: 'Code ' + discount + ' applied.' }));
      if (!items.length) {
        main.appendChild(el('p', { text: 'Your cart is empty.' }));
        return;
      }
      main.appendChild(
        el('ul', { class: 'lines' }, items.map(function (i) {
          return el('li', { text: i.quantity + ' × ' + i.item_name + ' — ' + money(i.price * i.quantity) });
        }))
      );
      main.appendChild(el('p', { class: 'price', text: 'Total ' + money(total(items)) }));
      main.appendChild(el('a', { href: '/www/checkout.html', class: 'button primary', 'data-testid': 'checkout', text: 'Checkout' }));
      push({ event: 'view_cart', ecommerce: { currency: 'EUR', value: total(items), items: items } });
    },
    checkout: function () {
      main.appendChild(el('h1', { text: 'Checkout' }));
      var items = cartItems();
      if (!items.length) items = [item(PRODUCTS[0])];
      var pay = el('button', { type: 'button', class: 'primary', 'data-testid': 'pay', text: 'Pay ' + money(total(items)) });
      pay.addEventListener('click', function () {
        var order = { id: 'FK-' + Math.floor(Date.now() / 1000).toString(36).toUpperCase(), items: items };
        save('demo:order', order);
        save('demo:cart', []);
        location.href = '/www/thank-you.html';
      });
      main.appendChild(el('p', { text: 'This demo takes no payment details.' }));
      main.appendChild(pay);
      push({ event: 'begin_checkout', ecommerce: { currency: 'EUR', value: total(items), items: items } });
    },
    'thank-you': function () {
      var order = load('demo:order', null);
      main.appendChild(el('h1', { text: 'Thank you for your order' }));
      if (!order) {
        main.appendChild(el('p', { text: 'No recent order.' }));
        return;
      }
      main.appendChild(el('p', { 'data-testid': 'order-id', text: 'Order ' + order.id + ' is confirmed.' }));
      // Reloading this page pushes the same purchase again, as real confirmation pages do.
      push({ event: 'purchase', ecommerce: { transaction_id: order.id, currency: 'EUR', value: total(order.items), tax: 0, shipping: 0, items: order.items } });
    },
    guide: function () {
      main.appendChild(el('h1', { text: 'Brewing guide' }));
      main.appendChild(el('ol', {}, ['Warm the pot.', 'Use 2 g of leaf per 100 ml.', 'Steep green teas at 75 °C for 2 minutes.'].map(function (t) {
        return el('li', { text: t });
      })));
    },
  };

  // --- The journey panel. ---------------------------------------------------------------
  function buyNow(id) {
    var p = byId[id];
    save('demo:order', { id: 'FK-' + Math.floor(Date.now() / 1000).toString(36).toUpperCase(), items: [item(p)] });
    location.href = '/www/thank-you.html';
  }
  function travel(days) {
    save('demo:clock-days', offsetDays() + days);
    location.reload();
  }
  function panel() {
    var today = new Date(Date.now()).toISOString().slice(0, 10);
    var box = el('details', { class: 'journey', 'data-testid': 'journey' }, [
      el('summary', { text: 'Simulate a shopper journey · device date ' + today }),
    ]);
    var row = el('div', { class: 'journey-row' });
    function button(label, testid, fn) {
      var b = el('button', { type: 'button', 'data-testid': testid, text: label });
      b.addEventListener('click', fn);
      row.appendChild(b);
    }
    button('Buy Sencha now', 'buy-now', function () {
      buyNow('sencha');
    });
    button('Buy the teapot now', 'buy-teapot', function () {
      buyNow('teapot');
    });
    button('Come back 3 days later', 'plus-3', function () {
      travel(3);
    });
    button('… 30 days later', 'plus-30', function () {
      travel(30);
    });
    button('… 120 days later', 'plus-120', function () {
      travel(120);
    });
    button('… a year later', 'plus-365', function () {
      travel(365);
    });
    button('Sign in as Amira (birthday in 2 days)', 'sign-in', function () {
      var d = new Date(Date.now() + 2 * DAY);
      save('demo:customer', { first_name: 'Amira', birthday: d.toISOString().slice(5, 10) });
      location.reload();
    });
    button('Write a review', 'review', function () {
      window.reciprocity('track', 'review', { rating: 5 });
    });
    button('Refer a friend', 'referral', function () {
      window.reciprocity('track', 'referral', {});
    });
    button('Forget this device', 'forget', function () {
      window.reciprocity('forget');
      ['demo:clock-days', 'demo:customer', 'demo:order', 'demo:cart'].forEach(function (k) {
        try {
          localStorage.removeItem(k);
        } catch (e) {}
      });
      location.href = '/';
    });
    box.appendChild(row);
    var langRow = el('div', { class: 'journey-row' });
    var select = el('select', { id: 'demo-lang', 'data-testid': 'lang' }, [
      el('option', { value: 'en', text: 'English' }),
      el('option', { value: 'fr', text: 'Français' }),
      el('option', { value: 'ar', text: 'العربية (right to left)' }),
    ]);
    select.value = lang;
    select.addEventListener('change', function () {
      save('demo:lang', select.value);
      location.reload();
    });
    langRow.appendChild(el('label', { for: 'demo-lang', text: 'Shopper language ' }));
    langRow.appendChild(select);
    var preview = el('a', { href: '/?reciprocity-preview=birthday-gift', 'data-testid': 'preview-link', text: 'Store owner preview: birthday gift' });
    langRow.appendChild(preview);
    box.appendChild(langRow);
    return box;
  }

  var header = document.getElementById('top');
  if (header) header.appendChild(panel());
  renderCartCount();
  if (pages[page]) pages[page]();
})();
