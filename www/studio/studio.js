// The studio's entry: load the wasm module built by `cargo xtask dist` (or `cargo xtask
// studio`) next to this page and mount the application. Everything else is Rust.
import init, { runStudio } from './reciprocity-studio.js';

await init();
runStudio(document.getElementById('studio'));
