// @ts-check
// Start-up: find our script tag, take over from the queue stub, wait for the page's load
// event, get the config, then sleep or load the recorder.

/** @type {string | null} the config's JSON text, set by `init` or the data-config fetch */
var configText = null;
/** @type {string | null} the script tag's `data-config` */
var configUrl = null;
/**
 * What names this config's version in the alarm: the hash of its text, after `v:`, the
 * server's validator (ETag or Last-Modified) and `|` when the server sent one.
 * @type {string | null}
 */
var configKey = null;

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
  configKey = null; // named by its own hash, not by the data-config file's headers
  if (phase === 'early') enter('configured');
  else if (phase === 'waiting') wakeOrSleep();
}

function wakeOrSleep() {
  if (shouldWake()) go();
  else sleep();
}

/** Loads the recorder module (and the config's text, when a quiet page only asked whether it
 * changed) and starts it. */
function go() {
  if (!enter('loading')) return;
  // Where a gesture is likely, the recorder and the UI come as one module (their shared
  // code once); elsewhere the recorder alone, and the UI only if a gesture then shows. The
  // owner's debug view loads the one module built with the reasons.
  var debug = debugOn();
  // The one module already on its way (the config changed since the alarm) serves too.
  var both = gestureLikely || debug || !!fetched['reciprocity-all'];
  Promise.all([loadModule(debug ? 'reciprocity-debug' : both ? 'reciprocity-all' : 'reciprocity-core'), configText === null ? getConfig() : 0]).then(
    function (loaded) {
      var core = loaded[0];
      if (phase !== 'loading') return; // destroyed meanwhile
      if (both) uiModule = Promise.resolve(core);
      var text = /** @type {string} */ (configText);
      var r = guard(function () {
        return /** @type {Recorder} */ (core.start(text, showGesture, null, !!previewParam(), configKey || hash(text), recall(INBOX), serialize, consentState(W.dataLayer), debug));
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
  if (gestureLikely && !uiModule && guard(function () {
    return r.mayShowHere();
  }, 'start')) prefetch('reciprocity-ui');
  flush();
  guard(function () {
    r.settle();
  }, 'start');
  var id = previewParam();
  if (id) call('preview', [id]);
  if (debugOn()) showDebug(r);
}

/**
 * The server's validator of a config response (ETag, or Last-Modified), as the alarm keeps it.
 * @param {Response} r
 */
function validator(r) {
  var v = r.headers.get('ETag') || r.headers.get('Last-Modified');
  return v ? 'v:' + v + '|' : null;
}

/**
 * Fetches the config's text (`method` GET), or only its headers (HEAD).
 * @param {string} [method]
 * @returns {Promise<Response>}
 */
function fetchConfig(method) {
  var url = /** @type {string} */ (configUrl);
  return withTimeout(fetch(new URL(url, D.baseURI).href, { method: method || 'GET', credentials: 'same-origin' }), 'config').then(function (r) {
    if (!r.ok) throw new Error('config ' + url + ' answered ' + r.status);
    return r;
  });
}

/** Fetches the config's text and sets `configText` and `configKey`. */
function getConfig() {
  return fetchConfig().then(function (r) {
    return r.text().then(function (text) {
      // Only a cheap check that it is JSON (an HTML error page served with 200 must not
      // wake the recorder on every page view); the recorder parses and checks it, reporting
      // the place of any problem.
      try {
        parse(text);
      } catch (e) {
        throw new Error('config ' + configUrl + ' is not valid JSON: ' + describe(e));
      }
      // An `init` call may have won the race.
      if (configText === null) {
        configText = text;
        configKey = (validator(r) || '') + hash(text);
      }
    });
  });
}

/** After the page's load event: get the config (unless `init` gave it), then decide. */
function boot() {
  if (phase === 'configured') return wakeOrSleep();
  if (!enter('waiting')) return; // destroyed before the page loaded
  if (!configUrl) return; // waiting for reciprocity('init', config)
  // When the alarm names the config by the server's validator, a quiet page asks only the
  // headers (HEAD: no body); the text comes when the recorder wakes.
  var stored = readAlarm(recall(ALARM));
  // Where the recorder wakes if the config is the alarm's, its module downloads beside the
  // config, not after it (the one module where a gesture is likely: a first visit, a
  // preview, the alarm's time has come, a purchase on the page). A changed config may
  // choose otherwise, and the download is then wasted.
  if (!debugOn() && shouldWake((stored && stored.config) || '')) prefetch(gestureLikely ? 'reciprocity-all' : 'reciprocity-core');
  var ask = stored && String(stored.config).indexOf('v:') === 0 && !previewParam()
    ? fetchConfig('HEAD').then(validator, function () {
        return null;
      })
    : Promise.resolve(null);
  ask
    .then(function (tag) {
      if (phase !== 'waiting') return;
      // The same validator as when the alarm was made: the same text.
      if (tag && stored && String(stored.config).indexOf(tag) === 0) {
        configKey = String(stored.config);
        return wakeOrSleep();
      }
      return getConfig().then(function () {
        if (phase === 'waiting') wakeOrSleep();
      });
    })
    .catch(function (e) {
      if (phase === 'waiting') fail(describe(e));
    });
}

// Nothing of ours is requested before the page's own load event, nor before the frame that
// follows it: the page's largest paint, presented with that frame, does not wait behind our
// downloads (Lighthouse's simulated LCP counts every request that ends before it; this costs
// the gesture one frame). A hidden tab paints no frames, so there a timer starts us (a
// purchase confirmed in a background tab still counts), and a second after load at the
// latest in any case.
function later() {
  var started = false;
  function begin() {
    if (started) return;
    started = true;
    setTimeout(boot, 0);
  }
  if (D.visibilityState === 'hidden') return begin();
  try {
    W.requestAnimationFrame(begin);
  } catch (e) {
    return begin();
  }
  setTimeout(begin, 1000);
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
