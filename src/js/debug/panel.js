// @ts-check
// The store owner's debug panel (`?reciprocity-debug` on any page of the store): this page's
// decisions, each gesture shown or not and every reason (held by the budget, owed, a cap, a
// condition), in a small panel only whoever opened that URL sees. Nothing is stored or
// sent; the panel is built with text only, in a shadow root of its own. A file of its own
// (dist/reciprocity-debug-panel.js), imported by the loader only on such a page, so the
// loader every page view downloads does not carry it.

/**
 * Opens the panel, filled from the recorder's report now, after half a second and on
 * "Refresh". Returns a function that removes it.
 * @param {{debugReport(): string | undefined}} r
 * @param {Document} D
 * @returns {() => void}
 */
export function show(r, D) {
  var host = D.createElement('reciprocity-debug');
  var root = host.attachShadow({ mode: 'open' });
  var sheet = new CSSStyleSheet();
  sheet.replaceSync(
    'section{position:fixed;top:8px;left:8px;z-index:2147483647;width:min(440px,calc(100vw - 16px));max-height:70vh;overflow:auto;box-sizing:border-box;padding:10px;background:#fff;color:#111;border:2px solid #333;border-radius:8px;font:13px/1.45 system-ui,sans-serif}' +
      'h2{font-size:14px;margin:0 0 6px}ul{margin:4px 0 8px;padding-left:18px}.no{color:#8a1c00}button{font:inherit;margin:0 6px 6px 0}'
  );
  /** @type {any} */ (root).adoptedStyleSheets = [sheet];
  var box = D.createElement('section');
  box.setAttribute('aria-label', 'reciprocity debug');
  box.setAttribute('data-testid', 'debug');
  root.appendChild(box);
  /**
   * @param {Element} parent
   * @param {string} tag
   * @param {string} [text]
   */
  var add = function (parent, tag, text) {
    var el = D.createElement(tag);
    if (text) el.textContent = text;
    parent.appendChild(el);
    return el;
  };
  var fill = function () {
    try {
      draw();
    } catch (e) {
      box.textContent = 'The report could not be read.';
    }
  };
  var draw = function () {
    /** @type {any} */
    var doc = {};
    try {
      doc = JSON.parse(r.debugReport() || '{}');
    } catch (e) {}
    box.textContent = '';
    add(box, 'h2', 'reciprocity: this page');
    add(box, 'button', 'Refresh').addEventListener('click', fill);
    add(box, 'button', 'Close').addEventListener('click', function () {
      host.remove();
    });
    var list = doc.decisions || [];
    if (!list.length) add(box, 'p', 'No decision on this page yet.');
    for (var i = 0; i < list.length; i++) {
      var d = list[i] || {};
      add(box, 'p', d.gesture ? 'Shown: ' + d.gesture.id : 'Nothing shown');
      var ul = add(box, 'ul');
      var reasons = d.reasons || [];
      for (var j = 0; j < reasons.length; j++) {
        var x = reasons[j];
        add(ul, 'li', (x.ok ? 'ok ' : 'no ') + x.gesture + ' · ' + x.rule + (x.text ? ': ' + x.text : '')).className = x.ok ? 'ok' : 'no';
      }
    }
    var owed = doc.owed || [];
    for (var k = 0; k < owed.length; k++) add(box, 'p', 'Owed: ' + owed[k].gesture + ' (held by ' + owed[k].held + ')');
  };
  D.body.appendChild(host);
  fill();
  var again = setTimeout(fill, 500);
  return function () {
    clearTimeout(again);
    host.remove();
  };
}
