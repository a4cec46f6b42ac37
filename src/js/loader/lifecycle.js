// @ts-check
// The widget's life: one phase, changed in one place (`enter`), and everything the loader
// adds to the page registered so that `reciprocity('destroy')` can take it away again.

/**
 * Where the widget is in its life.
 * - `early`: the page has not finished loading, and no config has come yet.
 * - `configured`: `init` gave the config before the page's load event.
 * - `waiting`: the page has loaded; the config is on its way (`data-config`) or awaited
 *   (`reciprocity('init', config)`).
 * - `sleeping`: the recorder's alarm has not rung: no wasm is fetched, calls queue, the page
 *   is noted in the inbox when it is hidden.
 * - `loading`: the recorder module is on its way.
 * - `running`: the recorder records and decides; calls go straight to it.
 * - `dead`: a fault, a failure to load, or `reciprocity('destroy')`: calls are no-ops.
 * @typedef {'early' | 'configured' | 'waiting' | 'sleeping' | 'loading' | 'running' | 'dead'} Phase
 */

/**
 * The phases each phase may move on to.
 * @type {Record<Phase, Phase[]>}
 */
var NEXT = {
  early: ['configured', 'waiting', 'dead'],
  configured: ['sleeping', 'loading', 'dead'],
  waiting: ['sleeping', 'loading', 'dead'],
  sleeping: ['loading', 'dead'],
  loading: ['running', 'dead'],
  running: ['dead'],
  dead: [],
};

/** @type {Phase} */
var phase = 'early';

/**
 * Moves to `next` when the lifecycle allows it, and returns whether it did: a callback that
 * arrives late (after a fault, a destroy, or a rival start) changes nothing. Leaving
 * `sleeping` takes away what sleeping added to the page.
 * @param {Phase} next
 * @returns {boolean}
 */
function enter(next) {
  if (NEXT[phase].indexOf(next) < 0) return false;
  if (phase === 'sleeping') undo(asleep);
  phase = next;
  return true;
}

/**
 * The core module's `Recorder` (src/recorder/): every call queues a job that runs under the
 * cross-tab lock.
 * @typedef {object} Recorder
 * @property {(name: string, data: string | null) => void} track
 * @property {(facts: string) => void} identify
 * @property {(granted: boolean) => void} consent
 * @property {() => void} forget
 * @property {() => void} optOut the shopper's "stop showing me these"
 * @property {(resolve: (text: string) => void) => void} export
 * @property {(id: string) => void} preview
 * @property {(what: string) => void} debug
 * @property {(gesture: string, report: string) => void} react the UI's report (`{step, ...}`) as JSON
 * @property {(gesture: string) => void} notShown the gesture could not reach the screen
 * @property {(gesture: string) => Promise<string>} issueCode
 * @property {() => void} settle
 * @property {() => string} debugReport the debug view's document (JSON)
 * @property {() => boolean} mayShowHere false on a page where no gesture may show (checkout)
 * @property {() => void} destroy
 * @property {() => void} stepAside shows nothing more on this page; recording goes on
 * @property {() => void} [free] wasm-bindgen's: releases the Rust value
 */

/**
 * The UI module's handle on the gesture it mounted.
 * @typedef {object} Mounted
 * @property {() => void} destroy
 * @property {() => void} stepAside shows nothing more on this page; recording goes on
 * @property {(what: string) => void} debug
 */

/** @type {Recorder | null} the recorder, while running */
var recorder = null;
/** @type {Mounted | null} the UI on screen */
var mounted = null;
/** @type {string | null} the id of the gesture on screen */
var mountedId = null;

/**
 * Undo functions: what the loader added to the page, to take away again.
 * @typedef {Array<() => void>} Undo
 */

/** @type {Undo} for as long as the widget lives */
var lifetime = [];
/** @type {Undo} while the recorder sleeps */
var asleep = [];

/**
 * Adds a listener and registers its removal in `list`.
 * @param {Undo} list
 * @param {EventTarget} target
 * @param {string} type
 * @param {(e: any) => void} fn
 * @param {boolean | AddEventListenerOptions} [options]
 */
function listen(list, target, type, fn, options) {
  target.addEventListener(type, fn, options);
  list.push(function () {
    target.removeEventListener(type, fn, options);
  });
}

/**
 * Runs and empties an undo list, newest first.
 * @param {Undo} list
 */
function undo(list) {
  var fns = list.splice(0, list.length);
  for (var i = fns.length - 1; i >= 0; i--) {
    try {
      fns[i]();
    } catch (e) {}
  }
}

/**
 * Dispatches `reciprocity:<step>` on window and pushes `reciprocity_<step>` to the dataLayer:
 * the loader's own steps (`ready` while sleeping, `error`).
 * @param {string} step
 * @param {Record<string, unknown>} detail
 */
function emit(step, detail) {
  try {
    W.dispatchEvent(new CustomEvent('reciprocity:' + step, { detail: detail }));
  } catch (e) {}
  try {
    /** @type {Record<string, unknown>} */
    var push = { event: 'reciprocity_' + step };
    for (var k in detail) if (hasOwn.call(detail, k)) push[k] = detail[k];
    var layer = (W.dataLayer = W.dataLayer || []);
    /** @type {unknown[]} */ (layer).push(push);
  } catch (e) {}
}

/**
 * @param {unknown} message
 * @param {boolean} [fatal]
 */
function error(message, fatal) {
  emit('error', { message: String(message), fatal: !!fatal });
}

/**
 * @param {any} e
 * @returns {string}
 */
function describe(e) {
  return (e && (e.message || e.name)) || String(e);
}

/** Takes every host element out of the page (a trapped UI module cannot do it itself). */
function removeHosts() {
  try {
    var hosts = D.querySelectorAll('reciprocity-widget');
    for (var h = 0; h < hosts.length; h++) hosts[h].remove();
  } catch (e) {}
}

/**
 * A fatal fault (a panic in either module): the widget steps aside and says why. The
 * loader's listeners stay, to keep the trap that follows out of the page.
 * @param {string} reason
 * @param {'ui' | 'core'} [where] the module that failed: after the UI's fault the recorder
 *   is sound, and goes on recording the page's dataLayer, showing nothing (what comes due
 *   is owed to a later page); after its own it must not be called again.
 */
function teardown(reason, where) {
  if (!enter('dead')) return;
  try {
    if (mounted) mounted.destroy();
  } catch (e) {}
  removeHosts();
  if (recorder && where === 'ui') {
    try {
      recorder.stepAside();
    } catch (e) {}
  }
  mounted = null;
  mountedId = null;
  recorder = null;
  dropPending();
  dropPrefetched();
  error(reason, true);
}

/**
 * A failure to start (the config or a module could not load): the widget steps aside.
 * @param {string} message
 */
function fail(message) {
  if (!enter('dead')) return;
  dropPending();
  dropPrefetched();
  error(message);
}

/**
 * `reciprocity('destroy')`: removes everything the widget added to the page (the host
 * element, the recorder's hooks and listeners, the loader's own listeners and its dataLayer
 * wrapper) and makes every later call a no-op. A `<script>` included later starts a fresh
 * copy. Also cleans up after a fault.
 */
function destroy() {
  var r = recorder;
  var m = mounted;
  enter('dead');
  recorder = null;
  mounted = null;
  mountedId = null;
  coming = null;
  try {
    if (m) m.destroy();
  } catch (e) {}
  removeHosts();
  if (r) {
    try {
      r.destroy();
    } catch (e) {}
    try {
      if (typeof r.free === 'function') r.free();
    } catch (e) {}
  }
  undo(asleep);
  undo(lifetime);
  dropPending();
  dropPrefetched();
  api.__loaded = false;
}

/**
 * Runs a call into the wasm; a trap (a panic inside) makes the widget remove itself.
 * @template T
 * @param {() => T} fn
 * @param {string} context
 * @returns {T | undefined}
 */
function guard(fn, context) {
  if (phase === 'dead') return undefined;
  try {
    return fn();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) teardown(context + ': internal error: ' + describe(e), context === 'ui' ? 'ui' : 'core');
    else error(context + ': ' + describe(e));
    return undefined;
  }
}
