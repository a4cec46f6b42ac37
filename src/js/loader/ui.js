// @ts-check
// The gesture on screen: the UI module is loaded when the recorder hands over a gesture,
// mounted in a task of its own, and closed when the recorder says so. A fault inside the UI
// removes the widget without reaching the page.

/** @type {string | null} the gesture on its way to the screen (the UI is loading) */
var coming = null;
/** @type {Promise<any> | null} the UI module, loaded once */
var uiModule = null;
/** Until when a WebAssembly trap from the UI module is ours to swallow (see `swallowTrap`). */
var trapUntil = 0;

function destroyMounted() {
  guard(function () {
    if (mounted) mounted.destroy();
  }, 'ui');
  mounted = null;
  mountedId = null;
}

/**
 * The recorder's `onGesture`: a gesture to show (`{gesture, theme, locale, dir}`), or
 * `{close: id}` when one must leave the screen (dismissed or used here or in another tab).
 * @param {string} viewJson
 */
function showGesture(viewJson) {
  if (phase === 'dead') return;
  /** @type {any} */
  var view;
  try {
    view = parse(viewJson);
  } catch (e) {
    return error('gesture: ' + describe(e));
  }
  if (view && view.close) {
    // Also when it is still on its way to the screen. The UI is destroyed in a task of its
    // own: the close may come from inside one of its event handlers.
    var closing = view.close;
    if (coming === closing) coming = null;
    if (mountedId === closing) {
      setTimeout(function () {
        if (mountedId === closing) destroyMounted();
      }, 0);
    }
    return;
  }
  /** @type {string} */
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
      if (phase === 'dead' || coming !== id) return;
      coming = null;
      guard(function () {
        if (mounted) mounted.destroy();
      }, 'ui');
      var host = {
        // What the shopper did, as the UI reports it (`{step, ...}`): written as JSON for the
        // recorder, which records it and closes the gesture when it leaves the screen.
        /** @param {unknown} report */
        react: function (report) {
          var given = json(report, 'react');
          if (!given) return;
          var text = given;
          guard(function () {
            if (recorder) recorder.react(id, text);
          }, 'react');
        },
        issueCode: function () {
          return recorder ? recorder.issueCode(id) : Promise.reject(new Error('not ready'));
        },
        forget: function () {
          guard(function () {
            if (recorder) recorder.forget();
          }, 'forget');
        },
        optOut: function () {
          guard(function () {
            if (recorder) recorder.optOut();
          }, 'forget');
        },
        // The UI's panic hook: the trap that follows is ours, not the page's.
        /** @param {string} message */
        fatal: function (message) {
          trapUntil = Date.now() + 1000;
          mounted = null; // mid-panic: never call back into the UI module
          teardown('ui: ' + message, 'ui');
        },
        contain: contain,
      };
      mounted = guard(function () {
        return /** @type {Mounted} */ (mod.mount(viewJson, host));
      }, 'ui') || null;
      mountedId = mounted ? id : null;
      // (`guard` may have ended the widget: read the phase afresh.)
      if (!mounted && /** @type {Phase} */ (phase) !== 'dead') {
        // Refused (no constructable stylesheets, a gesture without an id): it never reached
        // the screen.
        guard(function () {
          if (recorder) recorder.notShown(id);
        }, 'react');
      }
    },
    function (e) {
      uiModule = null;
      // It never reached the screen: the recorder may decide again.
      guard(function () {
        if (recorder) recorder.notShown(id);
      }, 'react');
      error('the gesture UI could not load: ' + describe(e));
    }
  );
}

/**
 * The UI's event listeners are registered on its root element: wrap each one so that a
 * fault inside (a trap after a panic) is caught here instead of reaching the page as an
 * uncaught error. Only this element's own methods change.
 * @param {Element} el
 */
function contain(el) {
  var add = EventTarget.prototype.addEventListener;
  var remove = EventTarget.prototype.removeEventListener;
  var wrapped = typeof WeakMap === 'function' ? new WeakMap() : null;
  var target = /** @type {any} */ (el);
  /**
   * @this {EventTarget}
   * @param {string} type
   * @param {any} fn
   * @param {any} [options]
   */
  target.addEventListener = function (type, fn, options) {
    var safe = fn;
    if (typeof fn === 'function') {
      /** @this {unknown} @param {Event} e */
      safe = function (e) {
        if (phase === 'dead') return undefined;
        try {
          return fn.call(this, e);
        } catch (err) {
          trapUntil = 0;
          teardown('ui: ' + describe(err), 'ui');
          return undefined;
        }
      };
      if (wrapped) wrapped.set(fn, safe);
    }
    return add.call(this, type, safe, options);
  };
  /**
   * @this {EventTarget}
   * @param {string} type
   * @param {any} fn
   * @param {any} [options]
   */
  target.removeEventListener = function (type, fn, options) {
    return remove.call(this, type, (wrapped && typeof fn === 'function' && wrapped.get(fn)) || fn, options);
  };
}

// A panic inside a UI event handler ends in a trap the browser reports as uncaught. It was
// reported on `reciprocity:error` already: keep it out of the page's console and error
// handlers (listened to in capture, before the page's own listeners on window).
/**
 * @param {Event} e
 * @param {unknown} thrown
 */
function swallowTrap(e, thrown) {
  if (
    Date.now() < trapUntil &&
    typeof WebAssembly === 'object' &&
    thrown instanceof WebAssembly.RuntimeError &&
    /reciprocity-(ui|all|debug)/.test(String(thrown.stack))
  ) {
    trapUntil = 0;
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}
