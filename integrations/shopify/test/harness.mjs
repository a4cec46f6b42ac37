// A harness for Shopify's custom-pixel sandbox, from the documented standard API
// (shopify.dev/docs/api/web-pixels-api/standard-api): `analytics.subscribe(name, callback)`,
// `browser.localStorage` whose methods return promises (they run in the top frame, here after
// a macrotask, as a postMessage round trip does), `init` (`context`, `data.customer`,
// `customerPrivacy`) and `api.customerPrivacy.subscribe('visitorConsentCollected', …)`.
// The pixel runs in its own `vm` context: no window, document, localStorage or fetch.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const SHOPIFY = join(HERE, '..');
export const ROOT = join(SHOPIFY, '..', '..');

/** A checkout_completed event from test/events/, parsed afresh. */
export function event(name) {
  return JSON.parse(readFileSync(join(HERE, 'events', name + '.json'), 'utf8'));
}

/** The storefront's localStorage as the pixel's async `browser.localStorage` sees it. */
export class TopFrameStorage {
  constructor(initial = {}) {
    this.items = new Map(Object.entries(initial));
    this.pending = 0;
    this.calls = [];
    /** @type {null | ((op: string, key: string) => void)} throws to refuse an operation */
    this.refuse = null;
  }

  /** The object handed to the pixel as `browser.localStorage`. */
  api() {
    const hop = (op, key, fn) => {
      this.pending++;
      this.calls.push([op, key]);
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          this.pending--;
          try {
            if (this.refuse) this.refuse(op, key);
            resolve(fn());
          } catch (e) {
            reject(e);
          }
        }, 0)
      );
    };
    return {
      getItem: (key) => hop('getItem', key, () => (this.items.has(String(key)) ? this.items.get(String(key)) : null)),
      setItem: (key, value) => hop('setItem', key, () => void this.items.set(String(key), String(value))),
      removeItem: (key) => hop('removeItem', key, () => void this.items.delete(String(key))),
      key: (i) => hop('key', String(i), () => [...this.items.keys()][i] ?? null),
      length: () => hop('length', '', () => this.items.size),
      clear: () => hop('clear', '', () => this.items.clear()),
    };
  }

  get(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
}

/** The `init` of a Thank you page: a guest unless `customer` is given. */
export function initFor({ customer = null, privacy = null, href } = {}) {
  return {
    context: {
      document: {
        location: { href: href || 'https://fern-and-kettle.example/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpC/thank-you' },
        referrer: 'https://fern-and-kettle.example/cart',
        characterSet: 'UTF-8',
        title: 'Thank you - Fern & Kettle',
      },
      navigator: { language: 'en-GB', cookieEnabled: true, languages: ['en-GB', 'en'], userAgent: 'Mozilla/5.0' },
      window: { innerHeight: 800, innerWidth: 1280, outerHeight: 900, outerWidth: 1280, pageXOffset: 0, pageYOffset: 0 },
    },
    data: {
      customer,
      cart: null,
      shop: { name: 'Fern & Kettle', paymentSettings: { currencyCode: 'EUR' }, myShopifyDomain: 'fern-and-kettle.myshopify.com', countryCode: 'DE', storefrontUrl: 'https://fern-and-kettle.example' },
      purchasingCompany: null,
    },
    customerPrivacy: privacy || {
      analyticsProcessingAllowed: true,
      marketingAllowed: true,
      preferencesProcessingAllowed: true,
      saleOfDataAllowed: true,
    },
  };
}

/**
 * Runs `code` (the custom pixel as pasted) in a fresh sandbox with `storage` and `init`;
 * returns the sandbox's handles: `publish(name, event)`, `consent(privacy)`, `idle()`.
 */
export function sandbox(code, { storage, init }) {
  const subscribers = new Map();
  const consentSubscribers = [];
  const analytics = {
    subscribe(name, callback) {
      if (typeof callback !== 'function') throw new TypeError('callback must be a function');
      if (!subscribers.has(name)) subscribers.set(name, []);
      subscribers.get(name).push(callback);
      return Promise.resolve(true);
    },
  };
  const api = {
    analytics,
    browser: { localStorage: storage.api(), sessionStorage: new TopFrameStorage().api(), cookie: { get: async () => '', set: async () => '' } },
    init,
    customerPrivacy: {
      subscribe(name, callback) {
        if (name === 'visitorConsentCollected') consentSubscribers.push(callback);
        return Promise.resolve(true);
      },
    },
  };
  const context = vm.createContext({ analytics, browser: api.browser, init, api, console });
  vm.runInContext(code, context, { filename: 'custom-pixel.js' });
  return {
    subscribers,
    /** Shopify publishes an event to the pixel's callbacks (their throws are Shopify's problem). */
    publish(name, ev) {
      for (const cb of subscribers.get(name) || []) cb(ev);
    },
    consent(privacy) {
      for (const cb of consentSubscribers) cb({ customerPrivacy: privacy });
    },
    /** Resolves once no storage operation is in flight for a few turns of the event loop. */
    async idle() {
      for (let quiet = 0; quiet < 5; ) {
        await new Promise((r) => setTimeout(r, 0));
        quiet = storage.pending === 0 ? quiet + 1 : 0;
      }
    },
  };
}

/** The custom pixel's code as a store owner pastes it. */
export function customPixel() {
  return readFileSync(join(SHOPIFY, 'custom-pixel.js'), 'utf8');
}
