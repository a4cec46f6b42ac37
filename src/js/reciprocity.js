/*! reciprocity loader: the only file a page references. It loads the recorder (small wasm)
 * after the page's `load` event, replays calls queued before that, and fetches the gesture
 * UI (Yew wasm) only when a gesture is due. Everything it does is wrapped: a failure
 * anywhere becomes a `reciprocity:error` event, never an exception in the host page. */
(function () {
  'use strict';
  var W = window;
  var D = document;
  var LOAD_TIMEOUT_MS = 15000; // `data-timeout` on the script tag overrides it

  // Captured before anything else on the page can patch them.
  var parse = JSON.parse;
  var toStr = Object.prototype.toString;
  var hasOwn = Object.prototype.hasOwnProperty;

  // Our own serializer for what the page gives us (its pushes, track data, facts) and for the
  // inbox: the page's JSON.stringify, toJSON methods (Prototype.js and friends), getters that
  // throw and cycles cannot change or break it. The recorder reads the dataLayer with it too.
  // With a finite `cut` (page data) strings are shortened to it, arrays to 500 items and
  // objects to 200 keys; cycles, functions and DOM nodes always become null.
  function quote(str) {
    var out = '"';
    for (var i = 0; i < str.length; i++) {
      var c = str.charCodeAt(i);
      if (c === 34) out += '\\"';
      else if (c === 92) out += '\\\\';
      else if (c < 32 || (c >= 0xd800 && c <= 0xdfff && !isPair(str, i))) out += '\\u' + ('000' + c.toString(16)).slice(-4);
      else out += str[i];
      if (c >= 0xd800 && c <= 0xdbff && isPair(str, i)) out += str[++i];
    }
    return out + '"';
  }

  function isPair(str, i) {
    var c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      var d = str.charCodeAt(i + 1);
      return d >= 0xdc00 && d <= 0xdfff;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      var b = str.charCodeAt(i - 1);
      return b >= 0xd800 && b <= 0xdbff;
    }
    return false;
  }

  function read(obj, key) {
    try {
      return obj[key];
    } catch (e) {
      return undefined;
    }
  }

  function serializeAt(v, depth, seen, cut) {
    if (v === null || v === undefined) return 'null';
    var t = typeof v;
    if (t === 'string') return quote(v.length > cut ? v.slice(0, cut) : v);
    if (t === 'number') return isFinite(v) ? String(v) : 'null';
    if (t === 'boolean') return v ? 'true' : 'false';
    if (t === 'bigint') return String(Number(v));
    if (t !== 'object' || depth > 8 || seen.indexOf(v) >= 0) return 'null';
    if (typeof Node !== 'undefined' && v instanceof Node) return 'null';
    seen.push(v);
    var out;
    var parts = [];
    var tag = toStr.call(v);
    if (Array.isArray(v) || tag === '[object Arguments]') {
      var n = Math.min(v.length >>> 0, cut === Infinity ? Infinity : 500);
      for (var i = 0; i < n; i++) parts.push(serializeAt(read(v, i), depth + 1, seen, cut));
      out = '[' + parts.join(',') + ']';
    } else if (tag === '[object Date]') {
      out = isFinite(v.getTime()) ? quote(new Date(v.getTime()).toISOString()) : 'null';
    } else {
      var count = 0;
      for (var k in v) {
        if (!hasOwn.call(v, k) || (++count > 200 && cut !== Infinity)) continue;
        var x = read(v, k);
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        parts.push(quote(k) + ':' + serializeAt(x, depth + 1, seen, cut));
      }
      out = '{' + parts.join(',') + '}';
    }
    seen.pop();
    return out;
  }

  // JSON text of something the page gave us (strings cut at 10,000 characters), or null.
  function serialize(value) {
    try {
      return serializeAt(value, 0, [], 10000);
    } catch (e) {
      return null;
    }
  }

  var existing = W.reciprocity;
  if (existing && existing.__loaded) return; // included twice: the first copy serves
  var queued = existing && existing.q && typeof existing.q.length === 'number' ? Array.prototype.slice.call(existing.q) : [];

  var script = D.currentScript;
  if (!script) {
    var all = D.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/reciprocity\.js(\?|#|$)/.test(all[i].src || '')) {
        script = all[i];
        break;
      }
    }
  }
  var base;
  try {
    base = new URL('.', (script && script.src) || D.baseURI).href;
  } catch (e) {
    return;
  }
  var configUrl = script && script.getAttribute('data-config');
  var timeoutAttr = Number(script && script.getAttribute('data-timeout'));
  if (timeoutAttr > 0) LOAD_TIMEOUT_MS = timeoutAttr;

  var recorder = null; // the core module's Recorder, once started
  var dead = false; // after a fatal fault: the widget has stepped aside
  var mounted = null; // the UI on screen
  var mountedId = null;
  var uiModule = null;
  var started = false;

  function emit(step, detail) {
    try {
      W.dispatchEvent(new CustomEvent('reciprocity:' + step, { detail: detail }));
    } catch (e) {}
    try {
      var push = { event: 'reciprocity_' + step };
      for (var k in detail) if (Object.prototype.hasOwnProperty.call(detail, k)) push[k] = detail[k];
      (W.dataLayer = W.dataLayer || []).push(push);
    } catch (e) {}
  }

  function error(message, fatal) {
    emit('error', { message: String(message), fatal: !!fatal });
  }

  function describe(e) {
    return (e && (e.message || e.name)) || String(e);
  }

  function teardown(reason) {
    if (dead) return;
    dead = true;
    try {
      if (mounted) mounted.destroy();
    } catch (e) {}
    try {
      // A trapped UI module cannot destroy itself: take its host element out of the page.
      var hosts = D.querySelectorAll('reciprocity-widget');
      for (var h = 0; h < hosts.length; h++) hosts[h].remove();
    } catch (e) {}
    mounted = null;
    recorder = null;
    error(reason, true);
  }

  // Runs a call into the wasm; a trap (a panic inside) makes the widget remove itself.
  function guard(fn, context) {
    if (dead) return undefined;
    try {
      return fn();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) teardown(context + ': internal error: ' + describe(e));
      else error(context + ': ' + describe(e));
      return undefined;
    }
  }

  function json(value, what) {
    if (value === undefined || value === null) return null;
    var text = serialize(value);
    if (text === null) error(what + ': data could not be read');
    return text;
  }

  function withTimeout(promise, what) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        reject(new Error(what + ' took longer than ' + LOAD_TIMEOUT_MS / 1000 + ' s'));
      }, LOAD_TIMEOUT_MS);
      promise.then(
        function (v) {
          clearTimeout(timer);
          resolve(v);
        },
        function (e) {
          clearTimeout(timer);
          reject(e);
        }
      );
    });
  }

  // Module files already on their way: the glue's import and the wasm's response.
  var fetched = {};

  // Downloads a module's files without compiling its wasm, so a gesture that is probably
  // coming does not wait for the network. A failure surfaces when the module is loaded, as
  // it would without the prefetch.
  function prefetch(name) {
    try {
      var glue = import(base + name + '.js');
      var wasm = fetch(base + name + '_bg.wasm', { credentials: 'same-origin' });
      glue.then(null, function () {});
      wasm.then(null, function () {});
      fetched[name] = { glue: glue, wasm: wasm };
    } catch (e) {}
  }

  function loadModule(name) {
    var early = fetched[name];
    delete fetched[name];
    var glue = early ? early.glue : import(base + name + '.js');
    var wasm = early ? early.wasm : base + name + '_bg.wasm';
    return withTimeout(glue, name).then(function (mod) {
      return withTimeout(mod.default({ module_or_path: wasm }), name + ' wasm').then(function () {
        return mod;
      });
    });
  }

  function nextTask(value) {
    return new Promise(function (resolve) {
      setTimeout(function () {
        resolve(value);
      }, 0);
    });
  }

  var coming = null; // the gesture on its way to the screen (the UI is loading)

  function destroyMounted() {
    guard(function () {
      if (mounted) mounted.destroy();
    }, 'ui');
    mounted = null;
    mountedId = null;
  }

  function showGesture(viewJson) {
    if (dead) return;
    var view;
    try {
      view = parse(viewJson);
    } catch (e) {
      return error('gesture: ' + describe(e));
    }
    if (view && view.close) {
      // Dismissed or used in another tab: also when it is still on its way to the screen.
      if (mountedId === view.close) destroyMounted();
      if (coming === view.close) coming = null;
      return;
    }
    var id = view && view.gesture && view.gesture.id;
    coming = id;
    // Loading (compiling) the UI and rendering each run in a task of their own, never inside
    // the recorder's decision, so no task of ours grows long enough to block the page.
    var ui = uiModule || (uiModule = nextTask().then(function () {
      return loadModule('reciprocity-ui');
    }));
    ui.then(nextTask).then(
      function (mod) {
        // Closed meanwhile, or a newer gesture took its place.
        if (dead || coming !== id) return;
        coming = null;
        guard(function () {
          if (mounted) mounted.destroy();
        }, 'ui');
        var host = {
          react: function (step, detail) {
            guard(function () {
              recorder && recorder.react(id, String(step), String(detail || '{}'));
            }, 'react');
            if (step === 'dismissed' || step === 'closed') setTimeout(destroyMounted, 0);
          },
          issueCode: function () {
            return recorder ? recorder.issueCode(id) : Promise.reject(new Error('not ready'));
          },
          forget: function () {
            guard(function () {
              recorder && recorder.forget();
            }, 'forget');
          },
          // The UI's panic hook: the trap that follows is ours, not the page's.
          fatal: function (message) {
            trapUntil = Date.now() + 1000;
            mounted = null; // mid-panic: never call back into the UI module
            teardown('ui: ' + message);
          },
          contain: contain,
        };
        mounted = guard(function () {
          return mod.mount(viewJson, host);
        }, 'ui') || null;
        mountedId = mounted ? id : null;
      },
      function (e) {
        uiModule = null;
        guard(function () {
          recorder && recorder.react(id, 'closed', '{}');
        }, 'react');
        error('the gesture UI could not load: ' + describe(e));
      }
    );
  }

  // The UI's event listeners are registered on its root element: wrap each one so that a
  // fault inside (a trap after a panic) is caught here instead of reaching the page as an
  // uncaught error. Only this element's own methods change.
  function contain(el) {
    var add = EventTarget.prototype.addEventListener;
    var remove = EventTarget.prototype.removeEventListener;
    var wrapped = typeof WeakMap === 'function' ? new WeakMap() : null;
    el.addEventListener = function (type, fn, options) {
      var safe = fn;
      if (typeof fn === 'function') {
        safe = function (e) {
          if (dead) return undefined;
          try {
            return fn.call(this, e);
          } catch (err) {
            trapUntil = 0;
            teardown('ui: ' + describe(err));
            return undefined;
          }
        };
        if (wrapped) wrapped.set(fn, safe);
      }
      return add.call(this, type, safe, options);
    };
    el.removeEventListener = function (type, fn, options) {
      return remove.call(this, type, (wrapped && typeof fn === 'function' && wrapped.get(fn)) || fn, options);
    };
  }

  function call(cmd, args) {
    switch (cmd) {
      case 'track':
        if (typeof args[0] !== 'string') return error('track: the event name must be a string');
        var data = json(args[1], 'track');
        return guard(function () {
          recorder.track(args[0], data);
        }, 'track');
      case 'identify':
        var facts = args[0] && typeof args[0] === 'object' && !Array.isArray(args[0]) ? json(args[0], 'identify') : null;
        if (!facts) return error('identify: expected an object');
        remember(FACTS, facts);
        return guard(function () {
          recorder.identify(facts);
        }, 'identify');
      case 'consent':
        return guard(function () {
          recorder.consent(args[0] === true);
        }, 'consent');
      case 'forget':
        return guard(function () {
          recorder.forget();
        }, 'forget');
      case 'export':
        return new Promise(function (resolve) {
          var done = guard(function () {
            recorder.export(function (text) {
              try {
                resolve(parse(text));
              } catch (e) {
                resolve(null);
              }
            });
            return true;
          }, 'export');
          if (!done) resolve(null);
        });
      case 'preview':
        return guard(function () {
          recorder.preview(String(args[0]));
        }, 'preview');
      case 'debug':
        return guard(function () {
          var what = String(args[0]);
          if (what.indexOf('ui-') === 0) mounted && mounted.debug(what);
          else recorder.debug(what);
        }, 'debug');
      default:
        error('unknown command ' + quote(String(cmd)));
    }
  }

  var pending = []; // [cmd, args, resolve]

  function api(cmd) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (dead) return cmd === 'export' ? Promise.resolve(null) : undefined;
    if (cmd === 'init') {
      start(args[0]);
      return undefined;
    }
    if (typeof cmd !== 'string') {
      error('the first argument must be a command name');
      return undefined;
    }
    if (recorder) {
      var r = call(cmd, args);
      return cmd === 'export' ? r || Promise.resolve(null) : undefined;
    }
    if (cmd === 'export') {
      return new Promise(function (resolve) {
        pending.push([cmd, args, resolve]);
        if (sleeping) wake();
      });
    }
    pending.push([cmd, args, null]);
    if (sleeping && callWakes([cmd, args])) wake();
    return undefined;
  }
  api.__loaded = true;
  api.q = [];
  W.reciprocity = api;

  function dropPending() {
    var list = pending;
    pending = [];
    for (var i = 0; i < list.length; i++) if (list[i][2]) list[i][2](null);
  }

  function flush() {
    var list = pending;
    pending = [];
    for (var i = 0; i < list.length; i++) {
      var r = call(list[i][0], list[i][1]);
      if (list[i][2]) list[i][2](r || null);
    }
  }

  function previewParam() {
    try {
      return new URL(W.location.href).searchParams.get('reciprocity-preview');
    } catch (e) {
      return null;
    }
  }

  var configText = null; // set by `init` or the data-config fetch
  var pageLoaded = false;
  var going = false;

  // `config` is an object (init) or JSON text (data-config). Loading waits for the page.
  function start(config) {
    if (configText !== null) return error('init: already started');
    // The store's own config is written whole, never cut like page data.
    var text = typeof config === 'string' ? config : config && typeof config === 'object' ? serializeAt(config, 0, [], Infinity) : null;
    if (!text) return error('init: expected a config object');
    configText = text;
    started = true;
    if (pageLoaded) {
      if (shouldWake()) go();
      else sleep();
    }
  }

  function go() {
    if (going || dead) return;
    going = true;
    loadModule('reciprocity-core').then(
      function (core) {
        if (dead) return;
        // The recorder is here: fetch the UI while it decides, one download at a time.
        if (gestureLikely && !neverHere()) prefetch('reciprocity-ui');
        recorder =
          guard(function () {
            var inbox = null;
            try {
              inbox = W.localStorage.getItem(INBOX);
            } catch (e) {}
            return core.start(configText, showGesture, null, !!previewParam(), hash(configText), inbox, serialize);
          }, 'start') || null;
        if (!recorder) {
          dead = true;
          dropPending();
          return;
        }
        flush();
        guard(function () {
          recorder && recorder.settle();
        }, 'start');
        var id = previewParam();
        if (id) call('preview', [id]);
      },
      function (e) {
        dead = true;
        dropPending();
        error('the widget could not load: ' + describe(e));
      }
    );
  }

  // ---- The alarm clock: most page views need no wasm at all. ------------------------------
  // The recorder stores an alarm after each decision: the earliest time a gesture can be due,
  // and the events and pages that can make one due sooner. While it has not rung, this page
  // is only noted in an inbox (replayed by the recorder the next time it runs).
  var ALARM = 'reciprocity:alarm';
  var INBOX = 'reciprocity:inbox';
  var FACTS = 'reciprocity:facts';
  var alarm = null;
  var sleeping = false;
  var pageStart = Date.now();
  var pageUrl = String(W.location.href);

  function hash(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16) + ':' + text.length;
  }

  function recall(key) {
    try {
      return W.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function remember(key, value) {
    try {
      W.localStorage.setItem(key, value);
    } catch (e) {}
  }

  function urlMatches(pattern, url) {
    var target = url;
    if (pattern.indexOf('://') < 0) {
      var m = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url);
      target = m ? m[1] || '/' : url;
    }
    var re = '^' + pattern.split('*').map(function (p) {
      return p.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }).join('.*') + '$';
    return new RegExp(re).test(target);
  }

  function eventName(item) {
    if (!item || typeof item !== 'object') return null;
    if (toStr.call(item) === '[object Arguments]' || Array.isArray(item)) return item[0] === 'event' ? String(item[1]) : null;
    var ec = item.ecommerce;
    if (ec && typeof ec === 'object' && (ec.purchase || ec.refund)) return ec.purchase ? 'purchase' : 'refund';
    return typeof item.event === 'string' ? item.event : null;
  }

  function wakes(item) {
    var name = eventName(item);
    return !!name && alarm.events.indexOf(name) >= 0;
  }

  // The store's `budget.never_on` pages (checkout) show nothing: no UI to fetch there.
  function neverHere() {
    try {
      var never = parse(configText).budget.never_on;
      for (var i = 0; i < never.length; i++) if (urlMatches(String(never[i]), pageUrl)) return true;
    } catch (e) {}
    return false;
  }

  function callWakes(entry) {
    var cmd = entry[0];
    if (cmd === 'track') return alarm.events.indexOf(String(entry[1][0])) >= 0;
    if (cmd === 'identify') return json(entry[1][0], 'identify') !== recall(FACTS);
    return true;
  }

  // Whether a gesture is probably about to show (a preview, a first visit, the alarm's time
  // has come): then the UI is downloaded while the recorder decides, not after.
  var gestureLikely = false;

  function shouldWake() {
    gestureLikely = true;
    if (previewParam()) return true;
    try {
      alarm = parse(recall(ALARM) || 'null');
    } catch (e) {
      alarm = null;
    }
    if (!alarm || alarm.v !== 1 || !Array.isArray(alarm.events) || !Array.isArray(alarm.urls)) return true;
    if (alarm.config === hash(configText) && !(Date.now() < alarm.at)) return true;
    gestureLikely = false;
    if (alarm.config !== hash(configText)) return true;
    for (var u = 0; u < alarm.urls.length; u++) if (urlMatches(String(alarm.urls[u]), pageUrl)) return true;
    for (var c = 0; c < pending.length; c++) if (callWakes(pending[c])) return true;
    var layer = W.dataLayer;
    if (Array.isArray(layer)) for (var i = 0; i < layer.length; i++) if (wakes(layer[i])) return true;
    return false;
  }

  function sleep() {
    sleeping = true;
    emit('ready', { sleeping: true });
    var layer = W.dataLayer = Array.isArray(W.dataLayer) ? W.dataLayer : [];
    var original = layer.push;
    layer.push = function () {
      var r = original.apply(this, arguments);
      for (var i = 0; i < arguments.length; i++) if (sleeping && wakes(arguments[i])) wake();
      return r;
    };
    W.addEventListener('pagehide', note);
    D.addEventListener('visibilitychange', function () {
      if (D.visibilityState === 'hidden') note();
    });
  }

  function wake() {
    if (!sleeping) return;
    sleeping = false;
    go();
  }

  // Notes this page in the inbox (once, when the page is hidden or left).
  var noted = false;
  function note() {
    if (!sleeping || noted) return;
    noted = true;
    try {
      writeInbox();
    } catch (e) {
      error('inbox: this page could not be noted (' + describe(e) + ')');
    }
  }

  function writeInbox() {
    var dl = [];
    var layer = W.dataLayer;
    if (Array.isArray(layer)) {
      for (var i = 0; i < layer.length && dl.length < 50; i++) {
        var name = eventName(layer[i]);
        if (name && name.indexOf('gtm.') !== 0 && name.indexOf('reciprocity_') !== 0) {
          var text = json(layer[i], 'dataLayer');
          if (text) dl.push(text);
        }
      }
    }
    var calls = [];
    for (var c = 0; c < pending.length; c++) {
      if (pending[c][0] === 'track') calls.push([String(pending[c][1][0]), json(pending[c][1][1], 'track') || null]);
    }
    var inbox;
    try {
      inbox = parse(recall(INBOX) || '[]');
    } catch (e) {
      inbox = [];
    }
    if (!Array.isArray(inbox)) inbox = [];
    inbox.push({ t: pageStart, url: pageUrl, dl: dl, calls: calls });
    // A full inbox (a very long quiet streak) makes the next page view wake the recorder.
    // Our own entries hold JSON texts: they are written whole.
    var text = serializeAt(inbox.slice(-200), 0, [], Infinity);
    if (inbox.length > 200 || text.length > 60000) remember(ALARM, '{}');
    remember(INBOX, text);
  }

  function boot() {
    pageLoaded = true;
    if (configText !== null) return shouldWake() ? go() : sleep();
    if (!configUrl) return; // waiting for reciprocity('init', config)
    withTimeout(fetch(new URL(configUrl, D.baseURI).href, { credentials: 'same-origin' }), 'config')
      .then(function (r) {
        if (!r.ok) throw new Error('config ' + configUrl + ' answered ' + r.status);
        return r.text();
      })
      .then(function (text) {
        try {
          parse(text);
        } catch (e) {
          throw new Error('config ' + configUrl + ' is not valid JSON: ' + describe(e));
        }
        if (configText !== null) return;
        configText = text;
        started = true;
        if (shouldWake()) go();
        else sleep();
      })
      .catch(function (e) {
        if (configText !== null) return; // an init call won the race
        dead = true;
        dropPending();
        error(describe(e));
      });
  }

  // Calls queued by the stub before this script ran, in order, ahead of any later call.
  for (var qi = 0; qi < queued.length; qi++) {
    try {
      api.apply(null, Array.prototype.slice.call(queued[qi]));
    } catch (e) {}
  }

  // A fatal fault reported from inside the wasm (its panic hook) removes the widget.
  W.addEventListener('reciprocity:error', function (e) {
    if (e && e.detail && e.detail.fatal && !dead) teardown(e.detail.message || 'internal error');
  });

  // A panic inside a UI event handler ends in a trap the browser reports as uncaught. It was
  // reported on `reciprocity:error` already: keep it out of the page's console and error
  // handlers (captured here before the page's own listeners on window).
  var trapUntil = 0;
  function swallowTrap(e, error) {
    if (
      Date.now() < trapUntil &&
      typeof WebAssembly === 'object' &&
      error instanceof WebAssembly.RuntimeError &&
      String(error.stack).indexOf('reciprocity-ui') >= 0
    ) {
      trapUntil = 0;
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }
  W.addEventListener('error', function (e) {
    swallowTrap(e, e.error);
  }, true);
  W.addEventListener('unhandledrejection', function (e) {
    swallowTrap(e, e.reason);
  }, true);

  // Nothing of ours is requested before the page's own load event.
  function later() {
    setTimeout(boot, 0);
  }
  if (D.readyState === 'complete') later();
  else W.addEventListener('load', later, { once: true });
})();
