// @ts-check
// The two wasm modules (recorder, UI): loaded from the loader's own folder, each file with a
// timeout, and the UI downloaded ahead of need when a gesture is likely.

var LOAD_TIMEOUT_MS = 15000; // `data-timeout` on the script tag overrides it
/** The folder the loader was served from, where the modules are. */
var base = '';

/**
 * `promise`, or a rejection once LOAD_TIMEOUT_MS has passed.
 * @template T
 * @param {Promise<T>} promise
 * @param {string} what
 * @returns {Promise<T>}
 */
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

/**
 * Module files already on their way: the glue's import and the wasm, compiled as it arrives
 * (or its response, where it could not be).
 * @type {Record<string, {glue: Promise<any>, wasm: Promise<WebAssembly.Module | Response>}>}
 */
var fetched = {};

/**
 * Downloads a module's files and compiles its wasm as it arrives (off the main thread), so a
 * gesture that is probably coming waits neither for the network nor for the compiler. Where
 * streaming compilation refuses the response (a host that serves the wasm with another
 * type), the glue compiles it from the same response's bytes; any other failure surfaces
 * when the module is loaded, as it would without the prefetch. Dropped when the page sleeps
 * or the widget goes (`dropPrefetched`).
 * @param {string} name
 */
function prefetch(name) {
  try {
    var glue = import(base + name + '.js');
    var url = base + name + '_bg.wasm';
    var res = fetch(url, { credentials: 'same-origin' });
    // A response the compiler refused without reading it (a wrong type, an error status)
    // goes to the glue as it is: it falls back, or reports the status, as without the prefetch.
    var wasm =
      typeof WebAssembly.compileStreaming === 'function'
        ? WebAssembly.compileStreaming(res).then(null, function (e) {
            return res.then(function (r) {
              if (r.bodyUsed) throw e;
              return r;
            });
          })
        : res;
    glue.then(null, function () {});
    wasm.then(null, function () {});
    fetched[name] = { glue: glue, wasm: wasm };
  } catch (e) {}
}

/** Lets go of the modules downloaded ahead of need (compiled code the page will not use). */
function dropPrefetched() {
  fetched = {};
}

/**
 * Imports a module's glue and instantiates its wasm (a promise of the glue module).
 * @param {string} name
 * @returns {Promise<any>}
 */
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

/**
 * Resolves with `value` in a task of its own.
 * @template T
 * @param {T} [value]
 * @returns {Promise<T | undefined>}
 */
function nextTask(value) {
  return new Promise(function (resolve) {
    setTimeout(function () {
      resolve(value);
    }, 0);
  });
}
