// Runs a script from an install guide in a sandbox with a stubbed browser: `location`,
// `fetch` (answering with the order given), `document` (createElement, getElementById,
// head.appendChild). Reads {code, pathname, order, runs} as JSON on stdin; prints what the
// script queued for the widget, what it fetched and which elements it added.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const input = JSON.parse(readFileSync(0, 'utf8'));
const fetched = [];
const appended = [];
const byId = {};
const document = {
  createElement(tag) {
    return {
      tagName: tag.toUpperCase(),
      attributes: {},
      setAttribute(name, value) {
        this.attributes[name] = String(value);
      },
    };
  },
  getElementById(id) {
    return byId[id] || null;
  },
  head: {
    appendChild(el) {
      appended.push({ tag: el.tagName, id: el.id, src: el.src, async: el.async, attributes: el.attributes });
      if (el.id) byId[el.id] = el;
    },
  },
};
const context = vm.createContext({
  document,
  location: { pathname: input.pathname || '/' },
  fetch(url, options) {
    fetched.push([url, JSON.parse(JSON.stringify(options || {}))]);
    return Promise.resolve({ ok: input.order !== null, json: () => Promise.resolve(input.order) });
  },
});
vm.runInContext('var window = this;', context);
for (let i = 0; i < (input.runs || 1); i++) vm.runInContext(input.code, context);
await new Promise((resolve) => setTimeout(resolve, 20));
const queued = vm.runInContext(
  'JSON.stringify(window.reciprocity && window.reciprocity.q ? window.reciprocity.q.map(function (a) { return Array.prototype.slice.call(a); }) : [])',
  context,
);
process.stdout.write(JSON.stringify({ queued: JSON.parse(queued), fetched, appended }));
