// The documented queue stub, plus calls a storefront makes before the widget has loaded.
window.reciprocity =
  window.reciprocity ||
  function () {
    (window.reciprocity.q = window.reciprocity.q || []).push(arguments);
  };
window.reciprocity('identify', { first_name: 'Queued' });
window.reciprocity('track', 'referral', {});
