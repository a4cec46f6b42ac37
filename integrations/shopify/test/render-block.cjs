// Renders the app embed block (extensions/reciprocity-embed/blocks/reciprocity.liquid) with
// LiquidJS, as Shopify renders it into a theme's <head>: used by the node tests
// (liquid.test.mjs) and the end-to-end spec (tests/e2e/specs/shopify.spec.ts).
// LiquidJS comes from the end-to-end tests' node_modules (tests/e2e/package.json).
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const E2E = join(__dirname, '..', '..', '..', 'tests', 'e2e');
const { Liquid } = require(require.resolve('liquidjs', { paths: [E2E] }));

const BLOCK = join(__dirname, '..', 'extensions', 'reciprocity-embed', 'blocks', 'reciprocity.liquid');

/** The block's Liquid source. */
function source() {
  return readFileSync(BLOCK, 'utf8');
}

/** The JSON inside `{% schema %}`. */
function schema() {
  const m = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source());
  if (!m) throw new Error('reciprocity.liquid has no {% schema %}');
  return JSON.parse(m[1]);
}

function engine() {
  const liquid = new Liquid({ strictFilters: true });
  // Shopify's {% schema %}: read by the theme editor, renders nothing.
  liquid.registerTag('schema', {
    parse(tagToken, remainTokens) {
      while (remainTokens.length) {
        const token = remainTokens.shift();
        if (token.name === 'endschema') return;
      }
      throw new Error('{% schema %} is not closed');
    },
    render() {
      return '';
    },
  });
  return liquid;
}

/**
 * The block rendered for `context` (`customer`, `shop`, `cart`), with the block's settings
 * defaulted from its schema and overridden by `settings`.
 */
function renderBlock(context = {}, settings = {}) {
  const defaults = {};
  for (const s of schema().settings) if ('default' in s) defaults[s.id] = s.default;
  const block = { settings: Object.assign(defaults, settings) };
  return engine().parseAndRenderSync(source(), Object.assign({ shop: { currency: 'EUR' } }, context, { block }));
}

module.exports = { renderBlock, schema, source };
