// @ts-check
// ---- The alarm clock: most page views need no wasm at all. ------------------------------
// The recorder stores an alarm after each decision: the earliest time a gesture can be due,
// and the events and pages that can make one due sooner. While it has not rung, this page
// is only noted in an inbox (replayed by the recorder the next time it runs).
// tests/cases/alarm.json pins what the loader answers for a stored alarm.

// Where the widget keeps things in localStorage (engine::keys; tests/cases/storage.json).
var ALARM = 'reciprocity:alarm';
var INBOX = 'reciprocity:inbox';
var FACTS = 'reciprocity:facts';

/**
 * The alarm as the recorder stores it (engine::alarm::Alarm).
 * @typedef {object} Alarm
 * @property {number} v the format: 1
 * @property {number} at wake at or after this instant (ms since the epoch)
 * @property {string[]} events event names that may make a gesture due at once
 * @property {string[]} urls URL patterns some gesture requires
 * @property {string} [config] the config it was computed with: the hash of its text, after
 *   `v:`, the server's validator and `|` when the server sent one
 * @property {boolean} [out] the shopper chose "stop showing me these"
 */

/** @type {Alarm | null} the alarm read when the page loaded */
var alarm = null;
var pageStart = Date.now();
var pageUrl = String(W.location.href);
// Whether a gesture is probably about to show (a preview, a first visit, the alarm's time
// has come): then the UI is downloaded while the recorder decides, not after.
var gestureLikely = false;

/**
 * The config's fingerprint stored with the alarm (FNV-1a and the length): a changed config
 * wakes the recorder.
 * @param {string} text
 */
function hash(text) {
  var h = 0x811c9dc5;
  for (var i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16) + ':' + text.length;
}

/**
 * The text's hash in a config key (`v:<validator>|<hash>` or `<hash>`).
 * @param {unknown} key
 */
function textHash(key) {
  var k = String(key);
  return k.slice(k.lastIndexOf('|') + 1);
}

/**
 * @param {string} key
 * @returns {string | null}
 */
function recall(key) {
  try {
    return W.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

/**
 * @param {string} key
 * @param {string} value
 */
function remember(key, value) {
  try {
    W.localStorage.setItem(key, value);
  } catch (e) {}
}

/**
 * The stored alarm, or null when there is none or it is not one this loader reads.
 * @param {string | null} text
 * @returns {Alarm | null}
 */
function readAlarm(text) {
  /** @type {any} */
  var a;
  try {
    a = parse(text || 'null');
  } catch (e) {
    return null;
  }
  if (!a || a.v !== 1 || !Array.isArray(a.events) || !Array.isArray(a.urls)) return null;
  return a;
}

/**
 * What the loader knows once the page has loaded.
 * @typedef {object} Moment
 * @property {Alarm | null} alarm the stored alarm (`readAlarm`)
 * @property {number} now
 * @property {string} config this page's config version: its server validator or text hash
 * @property {string} url this page's URL
 * @property {boolean} preview a store owner's preview (`?reciprocity-preview=`)
 * @property {Array<{0: string, 1: unknown[]}>} calls the calls made so far: command, arguments
 * @property {unknown} layer `window.dataLayer`
 * @property {string | null} facts the facts last given to `identify`, as stored
 * @property {string | null} [inbox] the inbox as stored: pages the recorder has not seen yet
 */

/**
 * Whether this page view wakes the recorder, and whether a gesture is then likely (the UI is
 * downloaded beside the recorder).
 * @param {Moment} m
 * @returns {{wake: boolean, likely: boolean}}
 */
function rings(m) {
  var a = m.alarm;
  // The text's hash decides (a validator that changed with the same text wakes nothing).
  var same = !!a && textHash(a.config) === textHash(m.config);
  if (m.preview || !a || (same && !(m.now < a.at))) return { wake: true, likely: true };
  if (!same) return { wake: true, likely: false };
  var wake = { wake: true, likely: false };
  for (var u = 0; u < a.urls.length; u++) if (urlMatches(String(a.urls[u]), m.url)) return wake;
  for (var c = 0; c < m.calls.length; c++) if (callWakes(a, m.calls[c], m.facts)) return wake;
  var layer = m.layer;
  // A purchase on this page (the order confirmation): its thank-you is likely.
  if (Array.isArray(layer)) for (var i = 0; i < layer.length; i++) if (pushWakes(a, layer[i])) return { wake: true, likely: eventName(layer[i]) === 'purchase' };
  // A moment noted where the recorder did not run (the Shopify pixel writes the order from
  // the Thank you page): its gesture is owed to this page.
  if (inboxWakes(a, m.inbox || null)) return { wake: true, likely: true };
  return { wake: false, likely: false };
}

/**
 * Whether the stored inbox holds an event the alarm listens for (a push or a tracked call).
 * @param {Alarm} a
 * @param {string | null} text
 */
function inboxWakes(a, text) {
  if (!text) return false;
  try {
    var pages = parse(text);
    if (!Array.isArray(pages)) return false;
    for (var p = 0; p < pages.length; p++) {
      var page = pages[p] || {};
      var dl = Array.isArray(page.dl) ? page.dl : [];
      for (var i = 0; i < dl.length; i++) if (typeof dl[i] === 'string' && pushWakes(a, parse(dl[i]))) return true;
      var calls = Array.isArray(page.calls) ? page.calls : [];
      for (var c = 0; c < calls.length; c++) {
        var name = Array.isArray(calls[c]) ? trackName(calls[c][0]) : null;
        if (name !== null && a.events.indexOf(name) >= 0) return true;
      }
    }
  } catch (e) {}
  return false;
}

/**
 * Whether a dataLayer entry is an event the alarm listens for.
 * @param {Alarm | null} a
 * @param {unknown} item
 */
function pushWakes(a, item) {
  var name = eventName(item);
  return !!a && name !== null && a.events.indexOf(name) >= 0;
}

/**
 * Whether a call wakes the recorder: a tracked event the alarm listens for, facts that differ
 * from the last ones, and every other command (the recorder answers them).
 * @param {Alarm | null} a
 * @param {{0: string, 1: unknown[]}} entry
 * @param {string | null} facts the facts last given, as stored
 */
function callWakes(a, entry, facts) {
  var cmd = entry[0];
  var args = entry[1];
  if (cmd === 'track') {
    var name = trackName(args[0]);
    return !!a && name !== null && a.events.indexOf(name) >= 0;
  }
  if (cmd === 'identify') return (args[0] === undefined || args[0] === null ? null : serialize(args[0])) !== facts;
  return true;
}

/**
 * Reads the alarm and answers for this page view (see `rings`).
 * @param {string} [assumed] the config's version to assume, before it is known
 */
function shouldWake(assumed) {
  // A preview and the owner's debug view always wake the recorder.
  var preview = !!previewParam() || debugOn();
  alarm = preview ? null : readAlarm(recall(ALARM));
  var answer = rings({
    alarm: alarm,
    now: Date.now(),
    config: assumed || configKey || hash(configText || ''),
    url: pageUrl,
    preview: preview,
    calls: pending,
    layer: W.dataLayer,
    facts: recall(FACTS),
    inbox: recall(INBOX),
  });
  gestureLikely = answer.likely;
  return answer.wake;
}

/** The alarm has not rung: listen for what wakes the recorder, note the page when hidden. */
function sleep() {
  if (!enter('sleeping')) return;
  dropPrefetched();
  emit('ready', { sleeping: true });
  try {
    var layer = (W.dataLayer = Array.isArray(W.dataLayer) ? W.dataLayer : []);
    var had = hasOwn.call(layer, 'push');
    var original = layer.push;
    /** @this {unknown} */
    var wrapper = function () {
      var r = original.apply(this, /** @type {any} */ (arguments));
      for (var i = 0; i < arguments.length; i++) {
        // A revocation wakes the recorder, which forgets.
        if (phase === 'sleeping' && (pushWakes(alarm, arguments[i]) || consentOf(arguments[i]) === false)) wake();
      }
      return r;
    };
    layer.push = wrapper;
    asleep.push(function () {
      // Put back only our own: a wrapper added after ours stays (ours then does nothing).
      if (layer.push !== wrapper) return;
      if (had) layer.push = original;
      else delete (/** @type {any} */ (layer).push);
    });
  } catch (e) {}
  listen(asleep, W, 'pagehide', note);
  listen(asleep, D, 'visibilitychange', function () {
    if (D.visibilityState === 'hidden') note();
  });
}

function wake() {
  if (phase === 'sleeping') go();
}

// Notes this page in the inbox (once, when the page is hidden or left).
var noted = false;
function note() {
  // Nothing is written while the page's Consent Mode withholds consent.
  // Nor for a shopper who chose "stop showing me these".
  if (phase !== 'sleeping' || noted || consentState(W.dataLayer) === false || (alarm && alarm.out)) return;
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
      if (eventName(layer[i]) !== null) {
        var text = json(layer[i], 'dataLayer');
        if (text) dl.push(text);
      }
    }
  }
  var calls = [];
  for (var c = 0; c < pending.length; c++) {
    var args = pending[c][1];
    if (pending[c][0] === 'track' && typeof args[0] === 'string') calls.push([args[0], json(args[1], 'track') || null]);
  }
  /** @type {unknown} */
  var inbox;
  try {
    inbox = parse(recall(INBOX) || '[]');
  } catch (e) {
    inbox = [];
  }
  var list = Array.isArray(inbox) ? inbox : [];
  // The referrer's origin too: a visit's first page may be a quiet one, and its referring
  // site counts for the visit (the recorder keeps only the host).
  list.push({ t: pageStart, url: pageUrl, ref: (D.referrer || '').split('/', 3).join('/') || null, dl: dl, calls: calls });
  // A full inbox (a very long quiet streak) makes the next page view wake the recorder.
  // Our own entries hold JSON texts: they are written whole.
  var written = serializeWhole(list.slice(-200));
  if (list.length > 200 || written.length > 60000) remember(ALARM, '{}');
  remember(INBOX, written);
}
