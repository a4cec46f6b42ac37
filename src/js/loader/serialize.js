// @ts-check
/*! reciprocity loader: the only file a page references. It loads the recorder (small wasm)
 * after the page's `load` event, replays calls queued before that, and fetches the gesture
 * UI (Yew wasm) only when a gesture is due. Everything it does is wrapped: a failure
 * anywhere becomes a `reciprocity:error` event, never an exception in the host page. */

// The loader is written in parts (src/js/loader/*.js) that `cargo xtask dist` joins, in the
// order src/js/loader/parts.json lists them, inside one function: they share one scope and
// add nothing to the page's globals but `window.reciprocity`. Each part is type-checked on
// its own (`// @ts-check`, tests/e2e/tsconfig.loader.json) as if the parts were one script.

/**
 * What the page may have put on window for us, or we put there.
 * @typedef {object} PageGlobals
 * @property {any} [reciprocity] the queue stub, a running copy of the loader, or nothing
 * @property {unknown} [dataLayer] the page's dataLayer (an array, when the page has one)
 */

var W = /** @type {Window & typeof globalThis & PageGlobals} */ (window);
var D = document;

// Captured before anything else on the page can patch them.
var parse = JSON.parse;
var toStr = Object.prototype.toString;
var hasOwn = Object.prototype.hasOwnProperty;

// Our own serializer for what the page gives us (its pushes, track data, facts) and for the
// inbox: the page's JSON.stringify, toJSON methods (Prototype.js and friends), getters that
// throw and cycles cannot change or break it. The recorder reads the dataLayer with it too.
// With a finite `cut` (page data) strings are shortened to it, arrays to 500 items and
// objects to 200 keys; cycles, functions and DOM nodes always become null.

/**
 * A JSON string literal: lone surrogates escaped, so the text is valid UTF-8 once encoded.
 * @param {string} str
 * @returns {string}
 */
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

/**
 * Whether the surrogate at `i` is half of a well-formed pair.
 * @param {string} str
 * @param {number} i
 */
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

/**
 * `obj[key]`, or undefined when a getter throws.
 * @param {any} obj
 * @param {string | number} key
 * @returns {unknown}
 */
function read(obj, key) {
  try {
    return obj[key];
  } catch (e) {
    return undefined;
  }
}

/**
 * @param {any} v
 * @param {number} depth
 * @param {unknown[]} seen the objects being written (a cycle becomes null)
 * @param {number} cut longest string kept; Infinity writes everything whole
 * @returns {string}
 */
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

/**
 * JSON text of something the page gave us (strings cut at 10,000 characters), or null.
 * @param {unknown} value
 * @returns {string | null}
 */
function serialize(value) {
  try {
    return serializeAt(value, 0, [], 10000);
  } catch (e) {
    return null;
  }
}

/**
 * JSON text of a value the store itself wrote (its config, our own inbox): never cut.
 * @param {unknown} value
 */
function serializeWhole(value) {
  return serializeAt(value, 0, [], Infinity);
}
