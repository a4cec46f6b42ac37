// @ts-check
// The loader's halves of what the engine also does, so that a quiet page needs no wasm:
// URL patterns (`engine::url::url_matches`) and the name an event is recorded under
// (`engine::event::from_data_layer`, `from_gtag`, `from_track`). tests/cases/*.json pins
// both sides to the same answers (tests/cases.rs for the engine, tests/loader for this).

/**
 * Whether a store owner's URL pattern matches a page URL: `*` matches any run of characters;
 * a pattern with `://` is matched against the whole URL, any other against the path (with
 * the query and fragment).
 * @param {string} pattern
 * @param {string} url
 */
function urlMatches(pattern, url) {
  var target = url;
  if (pattern.indexOf('://') < 0) {
    var scheme = url.indexOf('://');
    if (scheme >= 0) {
      var path = url.indexOf('/', scheme + 3);
      target = path < 0 ? '/' : url.slice(path);
    }
  }
  return glob(pattern, target);
}

/**
 * Wildcard match, iterative with one backtrack point: linear in practice.
 * @param {string} p
 * @param {string} s
 */
function glob(p, s) {
  var pi = 0;
  var si = 0;
  var star = -1;
  var mark = 0;
  while (si < s.length) {
    if (pi < p.length && p.charCodeAt(pi) === 42) {
      star = pi++;
      mark = si;
    } else if (pi < p.length && p.charCodeAt(pi) === s.charCodeAt(si)) {
      pi++;
      si++;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

// Universal Analytics enhanced-ecommerce actions under `ecommerce`, in the order they are
// checked, and the GA4 names they are recorded under.
var UA_ACTIONS = [
  ['purchase', 'purchase'],
  ['refund', 'refund'],
  ['checkout', 'begin_checkout'],
  ['add', 'add_to_cart'],
  ['remove', 'remove_from_cart'],
  ['detail', 'view_item'],
  ['click', 'select_item'],
  ['impressions', 'view_item_list'],
];

var isEnumerable = Object.prototype.propertyIsEnumerable;

// A name analytics tools accept: 1 to 64 letters, digits, '_', '.', ':' or '-'.
var EVENT_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
// Unicode White_Space (what Rust's `str::trim` removes), at either end.
var SPACE = /^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Tag Manager's own events and our outbound ones: not storefront events.
 * @param {string} name
 */
function isForeign(name) {
  return name.indexOf('gtm.') === 0 || name.indexOf('reciprocity_') === 0;
}

/**
 * @param {string} name
 * @returns {string | null}
 */
function validName(name) {
  return EVENT_NAME.test(name) ? name : null;
}

/**
 * Whether `v` is written as a JSON object by our serializer (what the engine reads as one).
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isRecord(v) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  var tag = toStr.call(v);
  return tag !== '[object Arguments]' && tag !== '[object Date]' && !(typeof Node !== 'undefined' && v instanceof Node);
}

/**
 * Whether our serializer writes key `k` of `o` (an own, enumerable key with a JSON value).
 * @param {Record<string, unknown>} o
 * @param {string} k
 */
function writes(o, k) {
  if (!hasOwn.call(o, k) || !isEnumerable.call(o, k)) return false;
  var v = read(o, k);
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/**
 * The name the engine records a dataLayer entry under, or null when it records nothing
 * (no event, Tag Manager's or our own, a `gtag` command other than `event`, a bad name).
 * The entry is read as our serializer writes it for the engine.
 * @param {unknown} item
 * @returns {string | null}
 */
function eventName(item) {
  if (!item || typeof item !== 'object') return null;
  if (Array.isArray(item) || toStr.call(item) === '[object Arguments]') {
    // gtag('event', name, params) pushes its `arguments`.
    var gtag = read(item, 1);
    if (read(item, 0) !== 'event' || typeof gtag !== 'string' || isForeign(gtag)) return null;
    return validName(gtag);
  }
  var given = read(item, 'event');
  var name = typeof given === 'string' ? given.replace(SPACE, '') : null;
  if (name !== null && isForeign(name)) return null;
  var ec = read(item, 'ecommerce');
  if (isRecord(ec)) {
    for (var i = 0; i < UA_ACTIONS.length; i++) if (writes(ec, UA_ACTIONS[i][0])) return UA_ACTIONS[i][1];
  }
  return name === null ? null : validName(name);
}

/**
 * A Google Consent Mode command (`gtag('consent', 'default' | 'update', {...})`, pushed as
 * its `arguments`): whether keeping the history on the device is granted
 * (`personalization_storage`, else `functionality_storage`), or null when the entry says
 * nothing about it. The engine reads the same (`engine::consent::signal`,
 * tests/cases/consent.json).
 * @param {unknown} item
 * @returns {boolean | null}
 */
function consentOf(item) {
  if (!item || typeof item !== 'object') return null;
  if (!Array.isArray(item) && toStr.call(item) !== '[object Arguments]') return null;
  var kind = read(item, 1);
  var states = read(item, 2);
  if (read(item, 0) !== 'consent' || (kind !== 'default' && kind !== 'update') || !isRecord(states)) return null;
  var state = read(states, 'personalization_storage');
  if (state === undefined) state = read(states, 'functionality_storage');
  return state === 'granted' ? true : state === 'denied' ? false : null;
}

/**
 * The page's Consent Mode for the history so far: the last command that says, or null.
 * @param {unknown} layer `window.dataLayer`
 * @returns {boolean | null}
 */
function consentState(layer) {
  var state = null;
  if (Array.isArray(layer)) {
    for (var i = 0; i < layer.length; i++) {
      var c = consentOf(layer[i]);
      if (c !== null) state = c;
    }
  }
  return state;
}

/**
 * The name `reciprocity('track', name, data)` records, or null when it records nothing.
 * @param {unknown} name
 * @returns {string | null}
 */
function trackName(name) {
  return typeof name === 'string' ? validName(name.replace(SPACE, '')) : null;
}
