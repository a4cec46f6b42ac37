// @ts-check
// Start-up: find our script tag, take over from the queue stub, wait for the page's load
// event, get the config, then sleep or load the recorder.

/** @type {string | null} the config's JSON text, set by `init` or the data-config fetch */
var configText = null;
/** @type {string | null} the script tag's `data-config` */
var configUrl = null;

function previewParam() {
  try {
    return new URL(W.location.href).searchParams.get('reciprocity-preview');
  } catch (e) {
    return null;
  }
}

/**
 * `reciprocity('init', config)`: `config` is an object (or JSON text). Loading waits for
 * the page.
 * @param {unknown} config
 */
function start(config) {
  if (configText !== null) return error('init: already started');
  // The store's own config is written whole, never cut like page data.
  var text = typeof config === 'string' ? config : config && typeof config === 'object' ? serializeWhole(config) : null;
  if (!text) return error('init: expected a config object');
  configText = text;
  if (phase === 'early') enter('configured');
  else if (phase === 'waiting') wakeOrSleep();
}

function wakeOrSleep() {
  if (shouldWake()) go();
  else sleep();
}

/** Loads the recorder module and starts it. */
function go() {
  if (!enter('loading')) return;
  loadModule('reciprocity-core').then(
    function (core) {
      if (phase !== 'loading') return; // destroyed meanwhile
      var text = /** @type {string} */ (configText);
      var r = guard(function () {
        return /** @type {Recorder} */ (core.start(text, showGesture, null, !!previewParam(), hash(text), recall(INBOX), serialize, consentState(W.dataLayer)));
      }, 'start');
      if (!r) {
        // The config was refused (reported by `guard`).
        enter('dead');
        dropPending();
        return;
      }
      if (!enter('running')) {
        // Destroyed or failed while it started: take its hooks off the page again.
        try {
          r.destroy();
          if (typeof r.free === 'function') r.free();
        } catch (e) {}
        return;
      }
      recorder = r;
      run(r);
    },
    function (e) {
      fail('the widget could not load: ' + describe(e));
    }
  );
}

/**
 * The recorder has started: replay the waiting calls, then let it decide.
 * @param {Recorder} r
 */
function run(r) {
  // It decides in a task of its own, under the cross-tab lock: when a gesture is likely and
  // may show on this page (not checkout), the UI downloads meanwhile.
  if (gestureLikely && guard(function () {
    return r.mayShowHere();
  }, 'start')) prefetch('reciprocity-ui');
  flush();
  guard(function () {
    r.settle();
  }, 'start');
  var id = previewParam();
  if (id) call('preview', [id]);
}

/** After the page's load event: get the config (unless `init` gave it), then decide. */
function boot() {
  if (phase === 'configured') return wakeOrSleep();
  if (!enter('waiting')) return; // destroyed before the page loaded
  if (!configUrl) return; // waiting for reciprocity('init', config)
  var url = configUrl;
  withTimeout(fetch(new URL(url, D.baseURI).href, { credentials: 'same-origin' }), 'config')
    .then(function (r) {
      if (!r.ok) throw new Error('config ' + url + ' answered ' + r.status);
      return r.text();
    })
    .then(function (text) {
      // Only a cheap check that it is JSON (an HTML error page served with 200 must not wake
      // the recorder on every page view); the recorder parses and checks it, reporting the
      // place of any problem. An `init` call may have won the race.
      try {
        parse(text);
      } catch (e) {
        throw new Error('config ' + url + ' is not valid JSON: ' + describe(e));
      }
      if (phase !== 'waiting') return;
      configText = text;
      wakeOrSleep();
    })
    .catch(function (e) {
      if (phase === 'waiting') fail(describe(e));
    });
}

// Nothing of ours is requested before the page's own load event.
function later() {
  setTimeout(boot, 0);
}

function main() {
  var existing = W.reciprocity;
  if (existing && existing.__loaded) return; // included twice: the first copy serves
  var queued = existing && existing.q && typeof existing.q.length === 'number' ? Array.prototype.slice.call(existing.q) : [];

  var script = /** @type {HTMLScriptElement | null} */ (D.currentScript);
  if (!script) {
    var all = D.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/reciprocity\.js(\?|#|$)/.test(all[i].src || '')) {
        script = all[i];
        break;
      }
    }
  }
  try {
    base = new URL('.', (script && script.src) || D.baseURI).href;
  } catch (e) {
    return;
  }
  configUrl = script && script.getAttribute('data-config');
  var timeoutAttr = Number(script && script.getAttribute('data-timeout'));
  if (timeoutAttr > 0) LOAD_TIMEOUT_MS = timeoutAttr;

  W.reciprocity = api;
  // Calls queued by the stub before this script ran, in order, ahead of any later call.
  for (var qi = 0; qi < queued.length; qi++) {
    try {
      api.apply(null, /** @type {[unknown, ...unknown[]]} */ (Array.prototype.slice.call(queued[qi])));
    } catch (e) {}
  }
  if (phase === 'dead') return; // a queued `destroy`

  // A fatal fault reported from inside the wasm (its panic hook) removes the widget.
  listen(lifetime, W, 'reciprocity:error', function (e) {
    if (e && e.detail && e.detail.fatal && phase !== 'dead') teardown(e.detail.message || 'internal error', 'core');
  });
  listen(lifetime, W, 'error', function (e) {
    swallowTrap(e, e.error);
  }, true);
  listen(lifetime, W, 'unhandledrejection', function (e) {
    swallowTrap(e, e.reason);
  }, true);

  if (D.readyState === 'complete') later();
  else listen(lifetime, W, 'load', later, { once: true });
}

main();
