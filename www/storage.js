// @ts-check
// Keeping the session on this device, only when asked (“在本设备保存”): the input box, the
// reports with their trails, and the language, in this browser's local storage.
import { byIdAs, showError } from './dom.js';
import { language, tr } from './i18n.js';
import { sourceText } from './source.js';
import { state } from './state.js';

/** @typedef {import('../pkg/report').Report} Report */

const STORE_KEY = 'jixiao.session.v1';

const keepBox = () => byIdAs('keep', HTMLInputElement);

/** Stores the session when the box is ticked; over the quota, stores nothing and says so. */
export function save() {
  const keep = keepBox();
  if (!keep.checked) return;
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({ v: 1, lang: language(), source: sourceText(), reports: state.reports }));
  } catch (err) {
    // Over the browser's quota (a very large session) or storage switched off: keep nothing.
    keep.checked = false;
    forget();
    showError(tr('本设备无法保存：{why}', { why: err instanceof Error ? err.message : String(err) }));
  }
}

/** Removes what was kept. */
export function forget() {
  try { localStorage.removeItem(STORE_KEY); } catch { /* storage unavailable: nothing kept */ }
}

/**
 * What was kept on this device, or null.
 * @returns {{ lang: string | undefined, source: string, reports: Report[] } | null}
 */
export function kept() {
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(STORE_KEY) || 'null'); } catch { saved = null; }
  if (!saved || saved.v !== 1 || !Array.isArray(saved.reports)) return null;
  keepBox().checked = true;
  return { lang: saved.lang, source: typeof saved.source === 'string' ? saved.source : '', reports: saved.reports };
}
