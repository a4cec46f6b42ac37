// The studio's browser calls, in one place: its own files (the example config, the
// starters), the owner's files, downloads, the clipboard and Intl. Nothing here sends
// anything anywhere: the only requests are for files of the studio's own folder.

/** The text of one of the studio's own files (same origin, relative to the page). */
export async function fetchText(url) {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
  return await r.text();
}

/** The text of the file chosen in an <input type=file>, or null when none is. */
export async function readFile(input) {
  const f = input && input.files && input.files[0];
  return f ? await f.text() : null;
}

/** Saves `text` as a file the browser downloads, made on the device (a blob URL). */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type: type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copies text; false when the browser refuses (then the owner copies by hand). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    return false;
  }
}

function intl(f, fallback) {
  try {
    return f();
  } catch (e) {
    return fallback();
  }
}

export function formatNumber(locale, n) {
  return intl(() => new Intl.NumberFormat(locale).format(n), () => String(n));
}

export function formatMoney(locale, cents, currency) {
  return intl(
    () => new Intl.NumberFormat(locale, { style: 'currency', currency: currency }).format(cents / 100),
    () => (cents / 100).toFixed(2) + ' ' + currency
  );
}

export function formatDate(locale, ms) {
  return intl(
    () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(ms)),
    () => new Date(ms).toISOString().slice(0, 10)
  );
}

export function formatList(locale, items) {
  return intl(() => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items), () => items.join(', '));
}

export function pluralCategory(locale, n) {
  return intl(() => new Intl.PluralRules(locale).select(n), () => (n === 1 ? 'one' : 'other'));
}
