// Reads an HTML page on stdin, runs its inline scripts in order in one context the way a
// browser reads them out of the markup (a script element ends at the first `</script`), and
// prints what they queued for the widget: `window.reciprocity.q`, each call as an array.
// A script that does not parse, or throws, fails the run.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const html = readFileSync(0, 'utf8');
const context = vm.createContext({});
vm.runInContext('var window = this;', context);
const script = /<script\b([^>]*)>([\s\S]*?)<\/script/gi;
let m;
while ((m = script.exec(html)) !== null) {
  if (/\ssrc\s*=/i.test(m[1])) continue;
  vm.runInContext(m[2], context, { filename: 'inline-script' });
}
const queued = vm.runInContext(
  'JSON.stringify(window.reciprocity && window.reciprocity.q ? window.reciprocity.q.map(function (a) { return Array.prototype.slice.call(a); }) : [])',
  context,
);
process.stdout.write(queued);
