// Compiles each script given as a JSON array of strings on stdin (without running it);
// prints the errors, one per line, and exits 1 when there is one.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const errors = [];
for (const [i, code] of JSON.parse(readFileSync(0, 'utf8')).entries()) {
  try {
    new vm.Script(code, { filename: `block ${i}` });
  } catch (e) {
    errors.push(`block ${i}: ${e.message}`);
  }
}
if (errors.length) {
  process.stdout.write(errors.join('\n'));
  process.exit(1);
}
