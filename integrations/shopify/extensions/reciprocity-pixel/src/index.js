// reciprocity's app web pixel. The code is the custom pixel's (../../../custom-pixel.js):
// both are written by ../../../build.mjs from ../../../pixel/reciprocity-shopify.js.
import { register } from '@shopify/web-pixels-extension';
import reciprocityShopify from './reciprocity-shopify.js';

register(({ analytics, browser, init, customerPrivacy }) => {
  reciprocityShopify.start({ analytics, browser, init, customerPrivacy });
});
