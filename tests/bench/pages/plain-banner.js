// The floor for tests/bench/appear.mjs: the same kind of banner as the widget's welcome
// gesture, in plain DOM with no framework and no wasm. Like the widget's loader it waits for
// the page's load event and the frame after it (so the host page's largest paint is never
// kept waiting), then builds a small fixed banner (title, text, close button).
// `?at=load` builds it at the load event itself (the figure before the loader waited for
// the frame).
// Styles live in plain-banner.css; nothing is styled inline.
(function () {
  'use strict';

  function show() {
    var banner = document.createElement('aside');
    banner.className = 'plain-banner';
    banner.setAttribute('data-gesture-id', 'plain');
    banner.setAttribute('role', 'status');
    banner.setAttribute('aria-labelledby', 'plain-banner-title');

    var title = document.createElement('h2');
    title.id = 'plain-banner-title';
    title.className = 'plain-banner-title';
    title.textContent = 'Welcome to Fern & Kettle';

    var text = document.createElement('p');
    text.className = 'plain-banner-text';
    text.textContent =
      'New to loose-leaf tea? Our free brewing guide gets you a perfect cup in three steps, no purchase needed.';

    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'plain-banner-close';
    close.setAttribute('aria-label', 'Close');
    close.textContent = '\u00d7';
    close.addEventListener('click', function () {
      banner.remove();
    });

    banner.append(title, text, close);
    document.body.appendChild(banner);
  }

  // As the loader's `later()` (src/js/loader/boot.js).
  function later() {
    if (/[?&]at=load\b/.test(location.search)) return show();
    var started = false;
    function go() {
      if (started) return;
      started = true;
      setTimeout(show, 0);
    }
    requestAnimationFrame(go);
    setTimeout(go, 100);
  }

  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
})();
