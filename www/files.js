// @ts-check
// Files in and out: chosen or dropped files go to the core as bytes (a downloaded .json to be
// continued, any other file to be read: text, CSV, web pages, workbooks, documents — the core
// decodes and reads them all); pasted HTML tables become the rows the core reads; the JSON goes
// out as a download or to the clipboard.
import { checkAll } from './actions.js';
import { request } from './bridge.js';
import { announce, byIdAs, el, messageOf, showError } from './dom.js';
import { tr } from './i18n.js';
import { state } from './state.js';
import { isPasted } from './vocab.js';

/** @typedef {import('./state.js').Input} Input */

/** Checks chosen or dropped files. @param {File[]} files */
export async function checkFiles(files) {
  /** @type {Input[]} */
  const inputs = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.jsonl?$/i.test(file.name) || file.type === 'application/json') inputs.push({ name: file.name, json: bytes });
    else inputs.push({ name: file.name, bytes });
  }
  if (inputs.length) await checkAll(inputs);
}

/**
 * Checks what is in the text box (the core names it), or says there is nothing.
 * @returns {Promise<unknown>}
 */
export function checkBox() {
  const text = byIdAs('source', HTMLTextAreaElement).value;
  if (!text.trim()) {
    showError(tr('请先粘贴自评表，或选择文件。'));
    return Promise.resolve([]);
  }
  return checkAll([{ text }], { box: text });
}

/**
 * A paste that carries HTML (a table copied from a web page, Excel or Word): the core's HTML
 * reader turns its tables into the tab-separated rows it reads, which go into the box in place
 * of the selection; without a table, the plain text does. If the core cannot be asked, the box
 * stays as it was.
 * @param {ClipboardEvent} e
 * @param {() => void} then what to do once the box holds the paste
 */
export function pasteHtml(e, then) {
  const html = e.clipboardData ? e.clipboardData.getData('text/html') : '';
  if (!html) return;
  const plain = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
  const source = byIdAs('source', HTMLTextAreaElement);
  e.preventDefault();
  const before = source.value;
  const { selectionStart: s, selectionEnd: t } = source;
  /** Puts `text` where the selection was (at the caret, if the box changed meanwhile). @param {string} text */
  const insert = (text) => {
    const value = source.value;
    const [from, to] = value === before ? [s, t] : [source.selectionStart, source.selectionEnd];
    source.value = value.slice(0, from) + text + value.slice(to);
    source.setSelectionRange(from + text.length, from + text.length);
  };
  request('tables', { html })
    .then((rows) => {
      insert(rows === undefined || rows === null ? plain : rows);
      then();
    })
    .catch((err) => {
      // The core could not read it: the plain text is pasted, nothing the user copied is lost.
      insert(plain);
      showError(messageOf(err));
    });
}

/** Every report as JSON Lines: the CLI's `check --format json` output for the same inputs. */
export function reportJson() {
  return state.reports.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** The download's name: the input file's, or the project's for pasted text. */
function downloadName() {
  const safe = (/** @type {string} */ s) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);
  if (state.reports.length > 1) return `jixiao-${state.reports.length}份.jsonl`;
  const r = state.reports[0];
  const base = isPasted(r)
    ? (r.forms[0] && r.forms[0].project) || 'jixiao'
    : r.source.name.replace(/\.jixiao\.json$|\.[^.]+$/, '');
  return `${safe(base)}.jixiao.json`;
}

export function download() {
  if (!state.reports.length) return;
  const blob = new Blob([reportJson()], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: downloadName() });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function copy() {
  const text = reportJson();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el('textarea', { class: 'copy-buffer', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  announce(tr('JSON 已复制到剪贴板。'));
}
