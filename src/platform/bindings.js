// Longer than 400 lines: every browser call the recorder makes, each guarded and each hook
// with its undo, in the one file wasm-bindgen imports; split, the shared `stop` list and the
// guards would have to cross files the loader does not join.
// The JavaScript half of the platform layer: the few browser touches that are simpler or
// only possible in JavaScript (variadic dataLayer.push, history wrapping, Intl). Every
// function catches what the page or the browser throws: nothing escapes into the host page.

const W = window;
// Captured at load so a page that patches JSON later cannot change how we read data.
const parse = JSON.parse;
const stringify = JSON.stringify;

// The loader's serializer (its `serialize`): the page's JSON.stringify, toJSON methods,
// throwing getters and cycles cannot change or break what we read.
let serialize = null;

// Every hook below registers its undo here; `stop()` runs them all, newest first.
let undo = [];

/// Listens on window until `stop()`.
function onWindow(type, fn) {
  W.addEventListener(type, fn);
  undo.push(function () {
    W.removeEventListener(type, fn);
  });
}

/// Replaces `obj[name]` with `make(original)` until `stop()`, which puts the original back
/// (or the inherited one, by deleting our own property) unless another script replaced ours
/// meanwhile: then ours stays, and must be inert once stopped.
function patch(obj, name, make) {
  const had = Object.prototype.hasOwnProperty.call(obj, name);
  const original = obj[name];
  const wrapped = make(original);
  obj[name] = wrapped;
  undo.push(function () {
    if (obj[name] !== wrapped) return;
    if (had) obj[name] = original;
    else delete obj[name];
  });
}

let onPush = null;
// Entries already delivered: a tag manager that replaces the array with a copy, or a push
// heard both by our wrapper and by the length check, is delivered once.
const delivered = new WeakSet();
let ownPush = null;

function deliver(item) {
  if (!onPush) return;
  if (item && typeof item === 'object') {
    if (delivered.has(item)) return;
    delivered.add(item);
  }
  let json = null;
  try {
    // An older cached loader passes no serializer: read with the JSON captured at load.
    json = typeof serialize === 'function' ? serialize(item) : stringify(item);
  } catch (e) {}
  try {
    onPush(json === undefined ? null : json);
  } catch (e) {
    // The wasm side reports its own errors; never rethrow into the pusher.
  }
}

function wrap(layer) {
  try {
    patch(layer, 'push', function (original) {
      return function () {
        const result = original.apply(this, arguments);
        sweep();
        return result;
      };
    });
  } catch (e) {
    // A frozen dataLayer: the length check still hears new entries.
  }
}

let watched = null;
let seen = 0;

function sweep() {
  if (!onPush) return; // not hooked, or stopped
  try {
    const layer = W.dataLayer;
    if (!Array.isArray(layer)) return;
    if (layer !== watched) {
      watched = layer;
      seen = 0;
      wrap(layer);
    }
    if (layer.length < seen) seen = layer.length;
    while (seen < layer.length) {
      const item = layer[seen++];
      if (item !== ownPush) deliver(item);
    }
  } catch (e) {}
}

/// Reads every entry already in window.dataLayer, then hears every later push, also after a
/// tag manager replaces the array or its push (a light check runs every second). Each entry
/// is turned into JSON text by `serializer` (the loader's).
export function hookDataLayer(callback, serializer) {
  onPush = callback;
  serialize = serializer;
  try {
    if (!Array.isArray(W.dataLayer)) W.dataLayer = [];
  } catch (e) {}
  sweep();
  const timer = setInterval(function () {
    sweep();
    if (navCheck) navCheck();
  }, 1000);
  undo.push(function () {
    clearInterval(timer);
  });
}

let navCheck = null;

/// Runs the check now (before a decision).
export function recheckDataLayer() {
  sweep();
}

/// Pushes an outbound event to the dataLayer (without hearing it ourselves).
export function pushDataLayer(json) {
  try {
    const obj = parse(json);
    if (!Array.isArray(W.dataLayer)) W.dataLayer = [];
    ownPush = obj;
    delivered.add(obj);
    W.dataLayer.push(obj);
    ownPush = null;
  } catch (e) {}
}

/// Dispatches `reciprocity:<step>` on window with a JSON-safe detail.
export function dispatch(step, json) {
  try {
    const detail = parse(json);
    W.dispatchEvent(new CustomEvent('reciprocity:' + step, { detail: detail }));
  } catch (e) {}
}

/// Calls back with the new URL on single-page-app navigation (pushState, replaceState,
/// popstate), after routers that wrap pushState too.
export function hookNavigation(callback) {
  let last = String(location.href);
  const check = (navCheck = function () {
    if (navCheck !== check) return; // stopped
    try {
      const now = String(location.href);
      if (now !== last) {
        last = now;
        callback(now);
      }
    } catch (e) {}
  });
  try {
    for (const name of ['pushState', 'replaceState']) {
      if (typeof history[name] !== 'function') continue;
      patch(history, name, function (original) {
        return function () {
          const result = original.apply(this, arguments);
          setTimeout(check, 0);
          return result;
        };
      });
    }
    onWindow('popstate', check);
    onWindow('hashchange', check);
  } catch (e) {}
}

export function pageUrl() {
  try {
    return String(location.href);
  } catch (e) {
    return '';
  }
}

export function shopperLocale() {
  try {
    return String(document.documentElement.lang || navigator.language || 'en');
  } catch (e) {
    return 'en';
  }
}

export function randomId() {
  try {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch (e) {
    return Math.random().toString(16).slice(2) + Date.now().toString(16);
  }
}

export function timezoneOffset() {
  try {
    return -new Date().getTimezoneOffset();
  } catch (e) {
    return 0;
  }
}

function intl(make, fallback) {
  try {
    return make();
  } catch (e) {
    return fallback();
  }
}

export function formatNumber(locale, n) {
  return intl(() => new Intl.NumberFormat(locale).format(n), () => String(n));
}

export function formatMoney(locale, cents, currency) {
  return intl(
    () => new Intl.NumberFormat(locale, { style: 'currency', currency: currency }).format(cents / 100),
    () => (cents / 100).toFixed(2) + ' ' + currency
  );
}

export function formatDate(locale, ms) {
  return intl(
    () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(ms)),
    () => new Date(ms).toISOString().slice(0, 10)
  );
}

export function formatList(locale, json) {
  const items = parse(json);
  return intl(() => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items), () => items.join(', '));
}

export function pluralCategory(locale, n) {
  return intl(() => new Intl.PluralRules(locale).select(n), () => (n === 1 ? 'one' : 'other'));
}

/// localStorage, guarded: every access can throw (blocked cookies, sandboxed frames, quota).
/// Returns [ok, value or error name].
export function storageGet(key) {
  try {
    return [true, W.localStorage.getItem(key)];
  } catch (e) {
    return [false, String((e && e.name) || e)];
  }
}

export function storageSet(key, value) {
  try {
    W.localStorage.setItem(key, value);
    return '';
  } catch (e) {
    return String((e && e.name) || 'Error') + ': ' + String((e && e.message) || e);
  }
}

export function storageRemove(key) {
  try {
    W.localStorage.removeItem(key);
    return '';
  } catch (e) {
    return String((e && e.name) || e);
  }
}

/// The tab's sessionStorage, guarded: sets `key` when `set`, and says whether it is there.
export function tabFlag(key, set) {
  try {
    var s = W.sessionStorage;
    if (set) s.setItem(key, '1');
    return s.getItem(key) != null;
  } catch (e) {
    return false;
  }
}

/// Sends feedback to the store's endpoint; nothing else ever leaves the device.
export function sendBeacon(url, json) {
  try {
    const blob = new Blob([json], { type: 'application/json' });
    return navigator.sendBeacon(url, blob);
  } catch (e) {
    return false;
  }
}

/// Asks the store's issuing URL for a single-use code: POST, JSON in, `{code}` or text out.
export function fetchCode(url, json) {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = setTimeout(() => controller && controller.abort(), 8000);
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: json,
    credentials: 'same-origin',
    signal: controller ? controller.signal : undefined,
  })
    .then((r) => {
      if (!r.ok) throw new Error('the code service answered ' + r.status);
      return r.text();
    })
    .then((text) => {
      let code = text;
      try {
        const obj = parse(text);
        code = obj && typeof obj === 'object' ? obj.code : obj;
      } catch (e) {}
      code = String(code == null ? '' : code).trim();
      if (!code || code.length > 64) throw new Error('the code service sent no usable code');
      return code;
    })
    .finally(() => clearTimeout(timer));
}

/// Runs `fn` while holding the cross-tab Web Lock "reciprocity" (where the browser has Web
/// Locks), so two tabs never read-modify-write the history at once; otherwise runs it now.
export function withLock(fn) {
  try {
    if (navigator.locks && typeof navigator.locks.request === 'function') {
      navigator.locks.request('reciprocity', function () {
        try {
          fn();
        } catch (e) {}
      }).catch(function () {
        fn();
      });
      return;
    }
  } catch (e) {}
  fn();
}

/// Runs `fn` once the page is idle, within a second (`requestIdleCallback`, or a timer
/// where there is none): after the frames that put a gesture on screen.
export function whenIdle(fn) {
  try {
    if (typeof W.requestIdleCallback === 'function') {
      W.requestIdleCallback(function () {
        fn();
      }, { timeout: 1000 });
      return;
    }
  } catch (e) {}
  setTimeout(fn, 50);
}

/// Calls back when another tab changed the stored history (the `storage` event).
export function onStorageChange(key, callback) {
  try {
    onWindow('storage', function (e) {
      if (e.key === key || e.key === null) {
        try {
          callback();
        } catch (err) {}
      }
    });
  } catch (e) {}
}

/// Calls back when the page is going away (`pagehide`), the last moment to write what is
/// still queued: a followed link must not lose its click. A page that is only hidden stays
/// alive, so its queue still runs under the cross-tab lock.
export function onPageHide(callback) {
  try {
    onWindow('pagehide', function () {
      try {
        callback();
      } catch (err) {}
    });
  } catch (e) {}
}

/// Whether the primary pointer is coarse (a touch screen), for the device class.
export function pointerCoarse() {
  try {
    return W.matchMedia('(pointer: coarse)').matches;
  } catch (e) {
    return false;
  }
}

/// The screen's short side in CSS pixels (0 when unknown), for the device class.
export function screenShortSide() {
  try {
    return Math.max(0, Math.round(Math.min(screen.width, screen.height))) || 0;
  } catch (e) {
    return 0;
  }
}

/// The page's referrer (`document.referrer`), empty when none.
export function pageReferrer() {
  try {
    return String(document.referrer || '');
  } catch (e) {
    return '';
  }
}

/// Waits on the page for a gesture's trigger (JSON `{seconds_on_page, scroll_percent,
/// idle_seconds, exit_intent}`): the first that happens calls `fire`, once. Seconds on the
/// page count from the page's start; scrolling is the share of the page scrolled through (a
/// page that does not scroll is all seen); idleness is time without a pointer move, a click,
/// a key, a touch or a scroll; exit intent is the pointer leaving through the top of the
/// page. Listeners are passive, and removed when it fires and by `stop()`.
export function awaitTrigger(json, fire) {
  let t;
  try {
    t = parse(json) || {};
  } catch (e) {
    return;
  }
  const listeners = [];
  let timer = 0;
  let idleTimer = 0;
  let done = false;
  const off = function () {
    done = true;
    clearTimeout(timer);
    clearTimeout(idleTimer);
    for (const [target, type, fn] of listeners) {
      try {
        target.removeEventListener(type, fn, true);
      } catch (e) {}
    }
    listeners.length = 0;
  };
  const go = function () {
    if (done) return;
    off();
    try {
      fire();
    } catch (e) {}
  };
  const on = function (target, type, fn) {
    const safe = function (e) {
      try {
        fn(e);
      } catch (err) {}
    };
    target.addEventListener(type, safe, { capture: true, passive: true });
    listeners.push([target, type, safe]);
  };
  try {
    undo.push(off);
    if (t.seconds_on_page > 0) {
      const since = (W.performance && performance.now()) || 0;
      timer = setTimeout(go, Math.max(0, t.seconds_on_page * 1000 - since));
    }
    if (t.scroll_percent > 0) {
      const scrolled = function () {
        const el = document.documentElement;
        const room = el.scrollHeight - W.innerHeight;
        if (room <= 0 || (W.scrollY / room) * 100 >= t.scroll_percent - 0.5) go();
      };
      on(W, 'scroll', scrolled);
      scrolled();
    }
    if (t.idle_seconds > 0) {
      const rest = function () {
        clearTimeout(idleTimer);
        if (!done) idleTimer = setTimeout(go, t.idle_seconds * 1000);
      };
      for (const type of ['pointermove', 'pointerdown', 'keydown', 'scroll', 'wheel', 'touchstart']) {
        on(W, type, rest);
      }
      rest();
    }
    if (t.exit_intent) {
      on(document, 'mouseout', function (e) {
        if (!e.relatedTarget && e.clientY <= 0) go();
      });
    }
  } catch (e) {}
}

/// Reports a fatal fault (a panic inside the wasm): the loader removes the widget.
export function fatal(message) {
  try {
    W.dispatchEvent(new CustomEvent('reciprocity:error', { detail: { message: String(message), fatal: true } }));
  } catch (e) {}
}

/// Undoes every hook above (`reciprocity('destroy')`): clears the dataLayer check, puts back
/// `dataLayer.push`, `history.pushState` and `replaceState` where ours are still in place,
/// and removes the listeners. Entries already delivered stay delivered: a recorder started
/// again on this page reads the dataLayer from the start but skips what the last one heard.
export function stop() {
  const list = undo;
  undo = [];
  onPush = null;
  serialize = null;
  navCheck = null;
  watched = null;
  seen = 0;
  for (let i = list.length - 1; i >= 0; i--) {
    try {
      list[i]();
    } catch (e) {}
  }
}
