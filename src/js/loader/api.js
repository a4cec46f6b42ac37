// @ts-check
// `window.reciprocity(command, ...args)`: calls made before the recorder runs wait in a
// queue (replayed in order once it does); calls made while it runs go straight to it.

/**
 * A call waiting for the recorder: command, arguments, and for `export` its promise's resolve.
 * @typedef {[string, unknown[], ((value: unknown) => void) | null]} Pending
 */

/** @type {Pending[]} */
var pending = [];

/**
 * JSON text of page data for the recorder; null for nothing, or (reported) for unreadable data.
 * @param {unknown} value
 * @param {string} what
 * @returns {string | null}
 */
function json(value, what) {
  if (value === undefined || value === null) return null;
  var text = serialize(value);
  if (text === null) error(what + ': data could not be read');
  return text;
}

/**
 * Runs one call on the running recorder; `export` returns its promise.
 * @param {string} cmd
 * @param {unknown[]} args
 * @returns {unknown}
 */
function call(cmd, args) {
  return recorder ? send(recorder, cmd, args) : undefined;
}

/**
 * @param {Recorder} r
 * @param {string} cmd
 * @param {unknown[]} args
 * @returns {unknown}
 */
function send(r, cmd, args) {
  switch (cmd) {
    case 'track':
      var name = args[0];
      if (typeof name !== 'string') return error('track: the event name must be a string');
      var tracked = name;
      var data = json(args[1], 'track');
      return guard(function () {
        r.track(tracked, data);
      }, 'track');
    case 'identify':
      var given = args[0];
      var facts = given && typeof given === 'object' && !Array.isArray(given) ? json(given, 'identify') : null;
      if (!facts) return error('identify: expected an object');
      // Kept only where the recorder keeps a history (it stored an alarm: it had consent) and
      // the page's Consent Mode does not withhold it.
      var stored = readAlarm(recall(ALARM));
      if (stored && !stored.out && consentState(W.dataLayer) !== false) remember(FACTS, facts);
      var text = facts;
      return guard(function () {
        r.identify(text);
      }, 'identify');
    case 'consent':
      return guard(function () {
        r.consent(args[0] === true);
      }, 'consent');
    case 'forget':
      return guard(function () {
        r.forget();
      }, 'forget');
    case 'export':
      return new Promise(function (resolve) {
        var done = guard(function () {
          r.export(function (text) {
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
        r.preview(String(args[0]));
      }, 'preview');
    case 'debug':
      return guard(function () {
        var what = String(args[0]);
        if (what.indexOf('ui-') === 0) mounted && mounted.debug(what);
        else r.debug(what);
      }, 'debug');
    default:
      error('unknown command ' + quote(String(cmd)));
  }
}

/**
 * `window.reciprocity`: `init`, `track`, `identify`, `consent`, `forget`, `export` (a
 * promise of the stored data, or null), `preview`, `destroy`.
 * @param {unknown} cmd
 * @returns {unknown}
 */
function api(cmd) {
  var args = Array.prototype.slice.call(arguments, 1);
  if (cmd === 'destroy') {
    destroy();
    return undefined;
  }
  if (phase === 'dead') return cmd === 'export' ? Promise.resolve(null) : undefined;
  if (cmd === 'init') {
    start(args[0]);
    return undefined;
  }
  if (typeof cmd !== 'string') {
    error('the first argument must be a command name');
    return undefined;
  }
  if (phase === 'running') {
    var r = call(cmd, args);
    return cmd === 'export' ? r || Promise.resolve(null) : undefined;
  }
  if (cmd === 'export') {
    return new Promise(function (resolve) {
      pending.push([cmd, args, resolve]);
      wake();
    });
  }
  pending.push([cmd, args, null]);
  if (phase === 'sleeping' && callWakes(alarm, [cmd, args], recall(FACTS))) wake();
  return undefined;
}
/** This copy serves the page (a second include steps aside); false after `destroy`. */
api.__loaded = true;
/** @type {unknown[]} the queue stub's queue, always empty here */
api.q = [];

/** Resolves the waiting exports with null and forgets every waiting call. */
function dropPending() {
  var list = pending;
  pending = [];
  for (var i = 0; i < list.length; i++) {
    var resolve = list[i][2];
    if (resolve) resolve(null);
  }
}

/** Runs the waiting calls on the recorder, in order. */
function flush() {
  var list = pending;
  pending = [];
  for (var i = 0; i < list.length; i++) {
    var r = call(list[i][0], list[i][1]);
    var resolve = list[i][2];
    if (resolve) resolve(r || null);
  }
}
