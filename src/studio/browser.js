// The studio's browser calls, in one place: its own files (the example config, the
// starters), the owner's files, downloads and the clipboard (Intl is the storefront's). Nothing here sends
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
