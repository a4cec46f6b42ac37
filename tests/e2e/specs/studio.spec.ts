// The store owner's studio (/studio/, built into dist/studio/ by `cargo xtask dist`): edit a
// gesture and see the real gesture components change, break a token and read the same line
// `reciprocity check` prints, rehearse the demo's journey with the same answers as
// `reciprocity simulate`, export a config the command-line tool accepts. No console errors,
// no failed requests, nothing sent anywhere but the studio's own files, no axe violations.
// Screenshots for a person to look at go to target/shots/ (or STUDIO_SHOTS).
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = process.env.STUDIO_SHOTS || join(ROOT, 'target', 'shots');

/** The command-line tool, as a store owner runs it: `cargo run -- <args>`; stdout, stderr and
 * the exit code. */
function cli(args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync('cargo', ['run', '--quiet', '--bin', 'reciprocity', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { out: r.stdout || '', err: r.stderr || '', code: r.status ?? -1 };
}

/** The studio, loaded, with every request it makes recorded. */
async function openStudio(page: Page): Promise<string[]> {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/studio/');
  await expect(page.getByTestId('gesture-form')).toBeVisible();
  await expect(page.getByTestId('valid')).toBeVisible();
  return requests;
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.describe('the studio', () => {
  test.setTimeout(300_000);

  test('editing a title changes the preview, rendered by the gesture components', async ({ page, problems }) => {
    void problems;
    await page.setViewportSize({ width: 1440, height: 1000 });
    const requests = await openStudio(page);
    const gesture = page.locator('[data-testid=preview-frame] reciprocity-widget [data-gesture-id]');
    await expect(gesture).toHaveAttribute('data-gesture-id', 'thanks-after-purchase');
    await expect(gesture).toContainText('Thank you, Amira!');
    await page.waitForTimeout(350); // entrance animation
    await page.screenshot({ path: join(SHOTS, 'studio-1440.png') });
    await page.locator('#f-gestures-0--title-en').fill('Thanks a lot, {first_name|friend}!');
    await expect(gesture).toContainText('Thanks a lot, Amira!');
    // The JSON follows the form.
    await expect(page.getByTestId('json')).toHaveValue(/Thanks a lot, \{first_name\|friend\}!/);
    // The sample shopper fills the tokens.
    await page.getByTestId('sample-shopper').locator('summary').click();
    await page.locator('#st-sample-first_name').fill('Jonas');
    await expect(gesture).toContainText('Thanks a lot, Jonas!');
    // And the JSON drives the form: a text edited there shows in the field and the preview.
    const json = page.getByTestId('json');
    const text = (await json.inputValue()).replace('Thanks a lot, {first_name|friend}!', 'Hello from the JSON, {first_name}!');
    await json.fill(text);
    await expect(page.locator('#f-gestures-0--title-en')).toHaveValue('Hello from the JSON, {first_name}!');
    await expect(gesture).toContainText('Hello from the JSON, Jonas!');
    // Only the studio's own files were fetched.
    const origin = new URL(page.url()).origin;
    expect(requests.filter((u) => !u.startsWith(origin + '/studio/') && !u.startsWith('data:'))).toEqual([]);
    expect(await axe(page)).toEqual([]);
  });

  test('phone width and Arabic: the preview lays out for a phone, right to left', async ({ page, problems }) => {
    void problems;
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openStudio(page);
    await page.locator('label[for=st-w-phone]').click();
    await page.locator('#st-lang').selectOption('ar');
    const frame = page.getByTestId('preview-frame');
    await expect(frame).toHaveAttribute('data-width', 'phone');
    const root = frame.locator('reciprocity-widget .rc-root');
    await expect(root).toHaveAttribute('dir', 'rtl');
    await expect(root).toHaveAttribute('lang', 'ar');
    const gesture = frame.locator('reciprocity-widget [data-gesture-id]');
    // (Names inside Arabic text come wrapped in Unicode isolates.)
    await expect.poll(async () => (await gesture.textContent())!.replace(/[\u2066-\u2069]/g, '')).toContain('شكرًا لك يا Amira!');
    // Inside the phone frame, 12 px from its sides (the gestures' phone layout).
    const f = (await frame.boundingBox())!;
    const g = (await gesture.boundingBox())!;
    expect(g.x).toBeGreaterThanOrEqual(f.x);
    expect(g.x + g.width).toBeLessThanOrEqual(f.x + f.width);
    expect(g.width).toBeGreaterThan(f.width - 60);
    await page.waitForTimeout(350); // entrance animation
    await page.getByTestId('preview').screenshot({ path: join(SHOTS, 'studio-preview-phone-ar.png') });
    expect(await axe(page)).toEqual([]);
  });

  test('keyboard: a dialog in the preview takes the focus only when the owner tries it', async ({ page, problems }) => {
    void problems;
    await openStudio(page);
    const item = page.getByTestId('gesture-item').filter({ hasText: 'post-purchase-feedback' });
    await item.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-testid=preview-frame] reciprocity-widget [role=dialog]');
    await expect(dialog).toHaveAttribute('data-gesture-id', 'post-purchase-feedback');
    await expect(item).toBeFocused();
    await expect(page.locator('[data-testid=preview-frame] reciprocity-widget')).toHaveAttribute('inert', '');
    const tryIt = page.getByRole('button', { name: 'Try the dialog' });
    await tryIt.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid=preview-frame] reciprocity-widget')).not.toHaveAttribute('inert', '');
    await expect(dialog.locator('h2.rc-title')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('preview-closed')).toBeVisible();
    await expect(tryIt).toBeFocused();
    expect(await axe(page)).toEqual([]);
  });

  test('a broken token shows the same problem as `reciprocity check`, at its field', async ({ page, problems }) => {
    void problems;
    await openStudio(page);
    const title = page.locator('#f-gestures-0--title-en');
    await title.fill('Thank you, {nope}!');
    // What the tool prints for the same config, without its `FILE: ` prefix.
    const config = JSON.parse(readFileSync(join(ROOT, 'www', 'config.example.json'), 'utf8'));
    config.gestures[0].title.en = 'Thank you, {nope}!';
    const dir = mkdtempSync(join(tmpdir(), 'studio-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(config, null, 2));
    const checked = cli(['check', file]);
    expect(checked.code).toBe(1);
    const line = checked.err.trim().split('\n')[0].slice(file.length + 2);
    expect(line).toMatch(/^gestures\[0\]\.title\.en: unknown token \{nope\}/);
    const field = page.locator('.st-field', { has: title });
    await expect(field.getByTestId('field-problems')).toHaveText(line);
    await expect(title).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('problem-list')).toContainText(line);
    await expect(page.getByTestId('gesture-item').first()).toContainText('1 to fix');
    // The list jumps to the field.
    await page.locator('#f-gestures-0--title-en').blur();
    await page.getByTestId('problem-list').getByRole('button').first().click();
    await expect(title).toBeFocused();
    await page.screenshot({ path: join(SHOTS, 'studio-problem.png') });
    expect(await axe(page)).toEqual([]);
  });

  test('structural problems read as `check` prints them, with their full path', async ({ page, problems }) => {
    void problems;
    await openStudio(page);
    const dir = mkdtempSync(join(tmpdir(), 'studio-'));
    const toolLines = (text: string) => {
      const file = join(dir, 'config.json');
      writeFileSync(file, text);
      const r = cli(['check', file]);
      expect(r.code).toBe(1);
      return r.err.trim().split('\n').map((l) => l.slice(file.length + 2));
    };
    const json = page.getByTestId('json');
    const original = await json.inputValue();
    // A misspelt key in the fourth gesture: the engine's browser build alone would say
    // `gestures[3]`; the studio says where, as the tool does.
    const config = JSON.parse(original);
    config.gestures[3].titel = config.gestures[3].title;
    delete config.gestures[3].title;
    const misspelt = JSON.stringify(config, null, 2);
    const lines = toolLines(misspelt);
    expect(lines[0]).toMatch(/^gestures\[3\]\.titel: unknown field `titel`/);
    await json.fill(misspelt);
    const list = page.getByTestId('problem-list').locator('li');
    await expect(list).toHaveText(lines);
    await page.getByTestId('gesture-item').nth(3).click();
    await expect(page.getByTestId('other-problems')).toContainText(lines[0]);
    // Text that is not JSON: the same line, under the JSON box.
    const broken = original.slice(0, 200);
    const brokenLines = toolLines(broken);
    await json.fill(broken);
    await expect(page.locator('#st-json-problems')).toHaveText(brokenLines.join(''));
    await expect(json).toHaveAttribute('aria-invalid', 'true');
    // The forms kept the last config that was JSON.
    await expect(page.getByTestId('gesture-form')).toBeVisible();
    expect(await axe(page)).toEqual([]);
  });

  test('plain texts without a store locale: the warning `check` prints', async ({ page, problems }) => {
    void problems;
    await openStudio(page);
    const json = page.getByTestId('json');
    const config = JSON.parse(await json.inputValue());
    delete config.store.locale;
    config.gestures[0].title = 'Merci pour votre commande';
    const text = JSON.stringify(config, null, 2);
    const dir = mkdtempSync(join(tmpdir(), 'studio-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, text);
    const r = cli(['check', file]);
    expect(r.code).toBe(0);
    const warning = r.err.split('\n').find((l) => l.includes('warning: '))!.split('warning: ')[1];
    await json.fill(text);
    await expect(page.getByTestId('warning')).toHaveText('Warning: ' + warning);
    expect(await axe(page)).toEqual([]);
  });

  test('rehearsing the demo journey gives the answers of `reciprocity simulate`', async ({ page, problems }) => {
    void problems;
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openStudio(page);
    await page.getByTestId('nav-rehearse').click();
    await page.getByTestId('load-demo-journey').click();
    const steps = page.getByTestId('step');
    const journey = JSON.parse(readFileSync(join(ROOT, 'www', 'journey.example.json'), 'utf8'));
    await expect(steps).toHaveCount(journey.length);
    // The purchase: the thank-you.
    const purchase = steps.nth(4);
    await expect(purchase).toHaveAttribute('data-label', 'Purchase');
    await expect(purchase.getByTestId('step-shown')).toHaveAttribute('data-gesture', 'thanks-after-purchase');
    await expect(purchase.getByTestId('step-shown')).toContainText('Thank you, Amira!');
    // Every step as the tool answers it: the steps so far as history, the step's time as --now.
    const dir = mkdtempSync(join(tmpdir(), 'studio-'));
    for (let i = 0; i < journey.length; i++) {
      const history = join(dir, `history-${i}.json`);
      writeFileSync(history, JSON.stringify(journey.slice(0, i + 1)));
      const sim = cli(['simulate', '--config', join(ROOT, 'www', 'config.example.json'), '--history', history, '--now', journey[i].at]);
      expect(sim.code, sim.err).toBe(0);
      const answer = JSON.parse(sim.out);
      const expected = answer.gesture ? answer.gesture.id : '';
      await expect(steps.nth(i).getByTestId('step-shown'), `step ${i + 1}`).toHaveAttribute('data-gesture', expected);
    }
    // A step added from the timeline is replayed too.
    await page.getByTestId('add-back').click();
    await expect(steps).toHaveCount(journey.length + 1);
    await expect(steps.last().getByTestId('step-outcome')).toBeVisible();
    // The journey saves as a history file `simulate` reads.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save the journey (history file)' }).click()]);
    const saved = join(dir, 'journey.json');
    await download.saveAs(saved);
    const last = JSON.parse(readFileSync(saved, 'utf8')).at(-1).at;
    const sim = cli(['simulate', '--config', join(ROOT, 'www', 'config.example.json'), '--history', saved, '--now', last]);
    expect(sim.code, sim.err).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'studio-rehearse.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
  });

  test('the exported config passes `reciprocity check`; starters open', async ({ page, problems }) => {
    void problems;
    await openStudio(page);
    // A change made with the forms: a new gesture.
    await page.locator('#st-add-kind').selectOption('code');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('gesture-form')).toContainText('Gesture “code-1”');
    const n = JSON.parse(readFileSync(join(ROOT, 'www', 'config.example.json'), 'utf8')).gestures.length + 1;
    await expect(page.getByTestId('valid')).toContainText(`${n} gestures`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-config').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'studio-'));
    const file = join(dir, 'config.json');
    await download.saveAs(file);
    const checked = cli(['check', file]);
    expect(checked.err + checked.out).toContain(`ok (${n} gestures)`);
    expect(checked.code).toBe(0);
    for (const [key, count] of [['small-shop', 5], ['fashion', 7], ['subscription', 7]] as const) {
      await page.locator('#st-starter').selectOption(key);
      await page.getByTestId('open-starter').click();
      await expect(page.getByTestId('valid')).toContainText(`${count} gestures`);
      await expect(page.locator('[data-testid=preview-frame] reciprocity-widget [data-gesture-id]')).toBeVisible();
    }
    // A file of the owner's.
    await page.locator('#st-file').setInputFiles(join(ROOT, 'www', 'studio', 'starters', 'fashion.json'));
    await expect(page.getByTestId('status')).toHaveText('Opened the file.');
    await expect(page.getByTestId('gesture-item').first()).toContainText('welcome-first-visit');
    // The settings form.
    await page.getByRole('button', { name: 'Store settings' }).click();
    await page.locator('#f-theme-accent').fill('red;background:url(x)');
    await expect(page.getByTestId('problem-list')).toContainText('theme.accent: "red;background:url(x)" is not a colour');
    expect(await axe(page)).toEqual([]);
  });
});
