// @ts-check
// The store owner's debug view: `?reciprocity-debug` on any page of the store shows, in a
// small panel only whoever opened that URL sees, this page's decisions: each gesture shown
// or not, and every reason (held by the budget, owed, a cap, a condition). The panel is a
// file of its own (src/js/debug/panel.js), imported only on such a page.

function debugOn() {
  try {
    return new URL(W.location.href).searchParams.has('reciprocity-debug');
  } catch (e) {
    return false;
  }
}

/**
 * Opens the panel (dist/reciprocity-debug-panel.js, fetched only on such a page).
 * @param {Recorder} r
 */
function showDebug(r) {
  import(base + 'reciprocity-debug-panel.js')
    .then(function (panel) {
      if (phase === 'dead') return;
      lifetime.push(panel.show(r, D));
    })
    .catch(function (e) {
      error('debug view: ' + describe(e));
    });
}
