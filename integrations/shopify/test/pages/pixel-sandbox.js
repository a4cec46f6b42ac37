// Stands in for Shopify's pixel manager on the Thank you page (tests/e2e/specs/shopify.spec.ts).
// It runs the custom pixel exactly as a store owner pastes it (integrations/shopify/custom-pixel.js)
// in a "lax" sandbox: an iframe with an opaque origin (sandbox="allow-scripts", no
// allow-same-origin), so the pixel has no DOM of the page and no storage of its own. Its
// `browser.localStorage` methods return promises answered by this top frame with the real
// localStorage of the shop's domain, as Shopify's are
// (shopify.dev/docs/api/web-pixels-api/standard-api/browser).
//
//   await shopifyPixels.load(init)              the pixel's code has run in the sandbox
//   await shopifyPixels.publish(name, event)    the event was delivered and the pixel's
//                                               storage calls have all been answered
(function () {
  'use strict';
  var frame = null;
  var waiting = {};
  var tickets = 0;
  // The pasted pixel, next to this folder's parent: integrations/shopify/custom-pixel.js.
  var PIXEL = new URL('../../custom-pixel.js', (document.currentScript && document.currentScript.src) || location.href).href;

  // The sandbox's side: the standard API, with storage calls sent to the top frame.
  function sandboxScript(init) {
    return (
      '(function (INIT) {\n' +
      '  var seq = 0, inflight = 0, calls = {}, subscribers = {};\n' +
      '  function call(op, args) {\n' +
      '    return new Promise(function (resolve, reject) {\n' +
      '      var id = ++seq; inflight++; calls[id] = [resolve, reject];\n' +
      "      parent.postMessage({ type: 'storage', id: id, op: op, args: args }, '*');\n" +
      '    });\n' +
      '  }\n' +
      '  function settle(ticket) {\n' +
      '    var quiet = 0;\n' +
      '    (function tick() {\n' +
      '      setTimeout(function () {\n' +
      '        quiet = inflight === 0 ? quiet + 1 : 0;\n' +
      "        if (quiet >= 5) parent.postMessage({ type: 'settled', ticket: ticket }, '*'); else tick();\n" +
      '      }, 0);\n' +
      '    })();\n' +
      '  }\n' +
      "  addEventListener('message', function (e) {\n" +
      '    var m = e.data || {};\n' +
      "    if (m.type === 'storage-reply' && calls[m.id]) {\n" +
      '      var c = calls[m.id]; delete calls[m.id]; inflight--;\n' +
      '      if (m.error) c[1](new Error(m.error)); else c[0](m.value);\n' +
      "    } else if (m.type === 'publish') {\n" +
      '      (subscribers[m.name] || []).forEach(function (cb) { try { cb(m.event); } catch (err) {} });\n' +
      '      settle(m.ticket);\n' +
      '    }\n' +
      '  });\n' +
      '  function storage(area) {\n' +
      '    return {\n' +
      "      getItem: function (k) { return call(area + '.getItem', [k]); },\n" +
      "      setItem: function (k, v) { return call(area + '.setItem', [k, v]); },\n" +
      "      removeItem: function (k) { return call(area + '.removeItem', [k]); },\n" +
      "      key: function (i) { return call(area + '.key', [i]); },\n" +
      "      length: function () { return call(area + '.length', []); },\n" +
      "      clear: function () { return call(area + '.clear', []); }\n" +
      '    };\n' +
      '  }\n' +
      '  window.analytics = { subscribe: function (name, cb) { (subscribers[name] = subscribers[name] || []).push(cb); return Promise.resolve(true); } };\n' +
      "  window.browser = { localStorage: storage('localStorage'), sessionStorage: storage('sessionStorage'), cookie: { get: function () { return Promise.resolve(''); }, set: function () { return Promise.resolve(''); } } };\n" +
      '  window.init = INIT;\n' +
      '  window.api = { analytics: window.analytics, browser: window.browser, init: INIT, customerPrivacy: { subscribe: function () { return Promise.resolve(true); } } };\n' +
      '})(' +
      JSON.stringify(init).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') +
      ');'
    );
  }

  window.addEventListener('message', function (e) {
    if (!frame || e.source !== frame.contentWindow) return;
    var m = e.data || {};
    if (m.type === 'storage') {
      var reply = { type: 'storage-reply', id: m.id, value: null };
      try {
        var parts = String(m.op).split('.');
        var area = parts[0] === 'sessionStorage' ? window.sessionStorage : window.localStorage;
        var v = parts[1] === 'length' ? area.length : area[parts[1]].apply(area, m.args);
        reply.value = v === undefined ? null : v;
      } catch (err) {
        reply.error = String(err);
      }
      frame.contentWindow.postMessage(reply, '*');
    } else if (m.type === 'loaded' || m.type === 'settled') {
      var key = m.type === 'loaded' ? 'loaded' : m.ticket;
      if (waiting[key]) {
        waiting[key]();
        delete waiting[key];
      }
    }
  });

  window.shopifyPixels = {
    load: function (init) {
      return new Promise(function (resolve) {
        waiting.loaded = resolve;
        frame = document.createElement('iframe');
        frame.setAttribute('sandbox', 'allow-scripts');
        frame.hidden = true;
        frame.srcdoc =
          '<!doctype html><meta charset="utf-8"><script>' +
          sandboxScript(init) +
          '</script><script src="' +
          PIXEL.replace(/"/g, '&quot;') +
          '"></script><script>parent.postMessage({ type: "loaded" }, "*");</script>';
        document.body.appendChild(frame);
      });
    },
    publish: function (name, event) {
      var ticket = 't' + ++tickets;
      return new Promise(function (resolve) {
        waiting[ticket] = resolve;
        frame.contentWindow.postMessage({ type: 'publish', name: name, event: event, ticket: ticket }, '*');
      });
    },
  };
})();
