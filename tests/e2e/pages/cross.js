// Loads the widget from the other loopback name (another origin) than the page.
var s = document.createElement('script');
s.async = true;
s.src = 'http://127.0.0.1:' + location.port + '/dist/reciprocity.js';
s.setAttribute('data-config', '/www/config.example.json');
document.head.appendChild(s);
