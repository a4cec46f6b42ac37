// Shared fixtures: every test fails on any console.error, pageerror or failed request, and
// gets a page object for the demo storefront and the widget inside its shadow root.
import { test as base, expect, Page, Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOW = new Date('2026-11-22T10:00:00Z');
export const DAY = 86_400_000;

/** Every lifecycle step the widget emits as `reciprocity:<step>`: tests/cases/steps.json, which
 * a Rust test pins to the engine's steps. */
export const STEPS: string[] = JSON.parse(readFileSync(join(__dirname, '..', 'cases', 'steps.json'), 'utf8')).steps.map(
  (s: { step: string }) => s.step
);

/** Records every `reciprocity:<step>` event in `window.__events` (an init script). */
export function recordEvents(steps: string[]) {
  const w = window as any;
  w.__events = [];
  for (const step of steps) {
    window.addEventListener('reciprocity:' + step, (e: any) => w.__events.push({ type: e.type, detail: e.detail }));
  }
}

/** An instant, RFC 3339 in UTC. */
type Instant = string;
/** Money: hundredths of the currency unit, with its ISO 4217 code. */
type Money = { cents: number; currency: string | null };

/** The document `reciprocity('export')` resolves (format 1; every key is always present), as
 * `src/engine/history/export.rs` writes it: the fields the page objects read. */
export interface Exported {
  format: number;
  shopper_id: string;
  inputs: number;
  sessions: number;
  page_views: number;
  first_seen: Instant | null;
  last_seen: Instant | null;
  orders: number;
  total_spent: Money;
  first_order_at: Instant | null;
  last_order: { at: Instant; value: Money | null; items: string[]; categories: string[] } | null;
  viewed_items: string[];
  category_affinity: Record<string, number>;
  event_counts: Record<string, number>;
  gestures: Record<string, { shown: number; shown_at: Instant[]; last_shown_at: Instant | null; dismissed_at: Instant | null; acted_at: Instant | null }>;
  facts: { given_at: Instant; first_name: string | null; birthday: string | null; orders: number | null; first_order_at: Instant | null; total_spent: Money | null } | null;
  owed: { gesture: string; event: string; at: Instant; until: Instant; held: string }[];
  recent_events: { name: string; at: Instant; url: string | null; transaction_id: string | null; value: Money | null; items: unknown[] }[];
  [more: string]: unknown;
}

export class Store {
  constructor(readonly page: Page) {}

  async goto(path: string) {
    await this.page.goto(path);
    await this.settled();
  }

  /** The host element with the open shadow root. */
  host(): Locator {
    return this.page.locator('reciprocity-widget');
  }

  /** The shown gesture's root (Playwright's CSS pierces open shadow roots). */
  gesture(): Locator {
    return this.page.locator('reciprocity-widget [data-gesture-id]');
  }

  async expectGesture(id: string, kind?: string) {
    const g = this.gesture();
    try {
      await expect(g).toHaveAttribute('data-gesture-id', id);
    } catch (e) {
      // Say what the widget did and what the device holds: a failure must explain itself.
      const seen = await this.page
        .evaluate(() => ({
          events: (window as any).__events,
          alarm: localStorage.getItem('reciprocity:alarm'),
          inbox: localStorage.getItem('reciprocity:inbox'),
          now: new Date().toISOString(),
        }))
        .catch((err) => String(err));
      throw new Error(`${(e as Error).message}\nwidget state: ${JSON.stringify(seen)}`);
    }
    if (kind) await expect(g).toHaveAttribute('data-gesture-kind', kind);
    return g;
  }

  /** Waits until the widget decided on this page (ready, then one more task). */
  async settled() {
    await this.page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'reciprocity:ready'));
    await this.page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  }

  /** Waits until the page was idle once: the recorder stores its alarm then. */
  async idle() {
    await this.page.evaluate(() => new Promise((r) => requestIdleCallback(() => r(null), { timeout: 2000 })));
  }

  async expectNoGesture() {
    await this.settled();
    await expect(this.gesture()).toHaveCount(0);
  }

  events(type?: string): Promise<any[]> {
    return this.page.evaluate((t) => (window as any).__events.filter((e: any) => !t || e.type === t), type);
  }

  /** `reciprocity('export')`: the documented export of what the device remembers (README,
   * "What the device remembers"), or null once the widget is off the page. */
  async exported(): Promise<Exported> {
    return this.page.evaluate(() => (window as any).reciprocity('export'));
  }

  /** Buys a product the way a shopper does: cart, checkout, pay, order confirmation. */
  async buy(id = 'sencha') {
    if (!this.page.url().startsWith('http')) await this.goto('/www/checkout.html');
    await this.page.evaluate((pid) => localStorage.setItem('demo:cart', JSON.stringify([{ id: pid, qty: 1 }])), id);
    await this.goto('/www/checkout.html');
    await this.page.getByTestId('pay').click();
    await this.page.waitForURL(/thank-you/);
    await this.settled();
  }

  /** Signs in as a customer the store knows (identify on every page). */
  async signIn(customer: Record<string, unknown>) {
    await this.page.evaluate((c) => localStorage.setItem('demo:customer', JSON.stringify(c)), customer);
  }

  /** Moves the device clock and reloads, as a later visit. */
  async later(days: number, path?: string) {
    const now = await this.page.evaluate(() => Date.now());
    await this.page.clock.setSystemTime(new Date(now + days * DAY));
    if (path) await this.page.goto(path);
    else await this.page.reload();
    await this.settled();
  }
}

type Fixtures = { store: Store; problems: string[]; expected: RegExp[] };

export const test = base.extend<Fixtures>({
  // Problems a fault test provokes on purpose (a 404 it routes, say): matched and allowed.
  expected: async ({}, use) => {
    await use([]);
  },
  problems: async ({ page, expected }, use) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => {
      const err = r.failure()?.errorText || '';
      // A navigation away aborts the requests still in flight: not a failure of ours.
      if (!err.includes('ERR_ABORTED')) problems.push(`requestfailed: ${r.url()} ${err}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await use(problems);
    const unexpected = problems.filter((p) => !expected.some((re) => re.test(p)));
    expect(unexpected, 'console errors, page errors or failed requests').toEqual([]);
  },
  store: async ({ page, problems }, use) => {
    void problems;
    await page.addInitScript(recordEvents, STEPS);
    await page.clock.install({ time: NOW });
    await use(new Store(page));
  },
});

export { expect };
