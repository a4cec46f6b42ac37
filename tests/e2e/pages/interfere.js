// Host scripts that interfere: an old library patches JSON and Array.prototype, a router
// replaces history.pushState without calling what was there, and a tag manager replaces the
// dataLayer array after the widget hooked it (see the test).
Array.prototype.toJSON = function () {
  return 'patched-array';
};
JSON.stringify = function () {
  return '"patched"';
};
history.pushState = (function () {
  var native = History.prototype.pushState;
  return function (state, title, url) {
    native.call(history, state, title, url);
  };
})();
window.dataLayer = [];
