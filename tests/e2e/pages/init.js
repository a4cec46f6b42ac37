// The config passed as an object with reciprocity('init', config) instead of data-config.
window.reciprocity =
  window.reciprocity ||
  function () {
    (window.reciprocity.q = window.reciprocity.q || []).push(arguments);
  };
fetch('/www/config.example.json')
  .then(function (r) {
    return r.json();
  })
  .then(function (config) {
    window.reciprocity('init', config);
  });
