// @ts-check
// Files in and out: chosen or dropped files go to the core as bytes (a downloaded .json to be
// continued, any other file to be read: text, CSV, web pages, workbooks, documents — the core
// decodes and reads them all); pasted HTML tables become the rows the core reads; the JSON goes
// out as a download or to the clipboard.
import { checkAll } from './actions.js';
import { request } from './bridge.js';
import { announce, el, messageOf, showError } from './dom.js';
import { tr } from './i18n.js';
import { insertText, selection, sourceText } from './source.js';
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
  const text = sourceText();
  if (!text.trim()) {
    showError(tr('请先粘贴自评表，或选择文件。'));
    return Promise.resolve([]);
  }
  return checkAll([{ text }], { box: text });
}

/**
 * A paste that carries HTML (a table copied from a web page, Excel or Word): the core's HTML
 * reader turns its tables into the tab-separated rows it reads, which go into the box in place
 * of the selection (a large result is held, see source.js); without a table, the plain text
 * does. If the core cannot be asked, the plain text is pasted. Returns whether it took the paste.
 * @param {ClipboardEvent} e
 * @param {() => void} then what to do once the box holds the paste
 */
export function pasteHtml(e, then) {
  const html = e.clipboardData ? e.clipboardData.getData('text/html') : '';
  if (!html) return false;
  const plain = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
  e.preventDefault();
  const before = sourceText();
  // Where the selection is in the whole text, taken now: a held text's window may move while
  // the core reads the tables (a finding's line button).
  const place = selection();
  /** Puts `text` where the selection was (at the caret, if the text changed meanwhile). @param {string} text */
  const insert = (text) => insertText(text, sourceText() === before ? place : selection());
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
  return true;
}

/** Every report as JSON Lines: the CLI's `check --format json` output for the same inputs. */
export function reportJson() {
  return state.reports.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** A name fit for a file. @param {string} s */
const safe = (s) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);

/** What the downloads are named after: the input file, or the project for pasted text. */
function baseName() {
  if (state.reports.length > 1) return `jixiao-${state.reports.length}份`;
  const r = state.reports[0];
  return safe(isPasted(r)
    ? (r.forms[0] && r.forms[0].project) || 'jixiao'
    : r.source.name.replace(/\.jixiao\.json$|\.[^.]+$/, ''));
}

/** The JSON download's name. */
function downloadName() {
  return state.reports.length > 1 ? `${baseName()}.jsonl` : `${baseName()}.jixiao.json`;
}

/** Hands a blob to the user as a download named `name`. @param {Blob} blob @param {string} name */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function download() {
  if (!state.reports.length) return;
  save(new Blob([reportJson()], { type: 'application/json' }), downloadName());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The findings of every form as a workbook or CSV, made by the core (the export module). @param {'xlsx' | 'csv'} format */
export async function downloadFindings(format) {
  if (!state.reports.length) return;
  try {
    const bytes = await request('findings', { reports: state.reports, format });
    save(new Blob([/** @type {BlobPart} */ (/** @type {unknown} */ (bytes))], { type: format === 'csv' ? 'text/csv;charset=utf-8' : XLSX }), `${baseName()}-问题清单.${format}`);
    announce(tr('问题清单已下载。'));
  } catch (err) {
    showError(messageOf(err));
  }
}

/**
 * The corrected forms as a workbook laid out like the forms: form `f` of document `d`, or
 * every form (one sheet each) when none is named.
 * @param {number} [d] @param {number} [f]
 */
export async function downloadForms(d, f) {
  if (!state.reports.length) return;
  const one = d !== undefined && f !== undefined && state.reports[d] && state.reports[d].forms[f];
  const reports = one ? [{ ...state.reports[/** @type {number} */ (d)], forms: [one], findings: [], unplaced: [] }] : state.reports;
  const name = one ? safe(one.project || `${baseName()}-${(f || 0) + 1}`) : `${baseName()}-更正后`;
  try {
    const bytes = await request('forms', { reports });
    save(new Blob([/** @type {BlobPart} */ (/** @type {unknown} */ (bytes))], { type: XLSX }), `${name}.xlsx`);
    announce(tr('已导出 Excel。'));
  } catch (err) {
    showError(messageOf(err));
  }
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
