// @ts-check
// The core's own words, handed over once by the worker (`vocabulary()` in the bindings): the
// severities, roundings and trail verbs with their English, the grade bands, the name of each
// field and column, and the two templates every field path is built from and read with. The
// page keeps no copy of any of them.
import { language } from './i18n.js';

/**
 * @typedef {import('../pkg/jixiao').Vocabulary} Vocabulary
 * @typedef {import('../pkg/report').Report} Report
 * @typedef {import('../pkg/report').FormReport} FormReport
 * @typedef {{ zh: string, en: string }} Words
 */

/** @type {Vocabulary | null} */
let words = null;

/** @param {Vocabulary} v */
export function setVocabulary(v) {
  words = v;
}

/** The vocabulary (the page asks for it before it checks or shows anything). */
export function vocabulary() {
  if (!words) throw new Error('vocabulary not loaded');
  return words;
}

/**
 * An entry's word in the interface's language (the key itself when the core has no such entry).
 * @param {(Words & { key: string })[]} list
 * @param {string} key
 */
function wordOf(list, key) {
  const entry = list.find((x) => x.key === key);
  if (!entry) return key;
  return language() === 'en' ? entry.en : entry.zh;
}

/** @param {string} key error, warning or info */
export const severityWord = (key) => wordOf(vocabulary().severities, key);
/** Lower is more severe. @param {string} key */
export const severityRank = (key) => vocabulary().severities.findIndex((s) => s.key === key);
/** @param {string} key a `corrections[].by` */
export const trailWord = (key) => wordOf(vocabulary().trail, key);
/** @param {string} key a `recomputed.rounding` or a rounding option */
export const roundingWord = (key) => wordOf(vocabulary().roundings, key);
/** @param {string} key a `recomputed.rounding_source` */
export const roundingSourceWord = (key) => wordOf(vocabulary().rounding_sources, key);

/** @param {Report} report */
export const isPasted = (report) => report.source.name === vocabulary().pasted_name;

/** The Chinese name of a single-word field (`project`, `total`, …). @param {string} path */
export function fieldName(path) {
  const entry = vocabulary().fields.find((x) => x.key === path);
  return entry ? entry.zh : path;
}

/** @param {{ key: string, zh: string }[]} list @param {string} key */
const nameOf = (list, key) => (list.find((x) => x.key === key) || { zh: key }).zh;

/** @param {string} key */
export const fundRowName = (key) => nameOf(vocabulary().fund_rows, key);
/** @param {string} key */
export const fundColumnName = (key) => nameOf(vocabulary().fund_columns, key);
/** @param {string} key */
export const indicatorColumnName = (key) => nameOf(vocabulary().indicator_columns, key);

/** @param {string} row @param {string} column */
export const fundPath = (row, column) => vocabulary().paths.fund.replace('{row}', row).replace('{column}', column);
/** @param {string} row */
export const fundRowPath = (row) => vocabulary().paths.fund_row.replace('{row}', row);
/** @param {number} index @param {string} column */
export const indicatorPath = (index, column) => vocabulary().paths.indicator.replace('{index}', String(index)).replace('{column}', column);

/** @type {Map<string, (path: string) => Record<string, string> | null>} */
const matchers = new Map();

/**
 * A matcher for a path template: `{index}` is a number, any other `{name}` a word.
 * @param {string} template
 * @returns {(path: string) => Record<string, string> | null}
 */
function matcher(template) {
  let m = matchers.get(template);
  if (!m) {
    m = makeMatcher(template);
    matchers.set(template, m);
  }
  return m;
}

/** @param {string} template @returns {(path: string) => Record<string, string> | null} */
function makeMatcher(template) {
  /** @type {string[]} */
  const names = [];
  const source = template.replace(/\{(\w+)\}|[.*+?^$()[\]\\|/]/g, (m, name) => {
    if (!name) return `\\${m}`;
    names.push(name);
    return name === 'index' ? '(\\d+)' : '(\\w+)';
  });
  const re = new RegExp(`^${source}$`);
  return (path) => {
    const m = re.exec(path);
    return m ? Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) : null;
  };
}

/**
 * What a path names: a fund cell, an indicator cell or a single-word field.
 * @param {string} path
 * @returns {{ kind: 'fund', row: string, column: string | null } | { kind: 'indicator', index: number, column: string } | { kind: 'field', path: string }}
 */
export function parsePath(path) {
  const v = vocabulary();
  const fund = matcher(v.paths.fund)(path);
  if (fund) return { kind: 'fund', row: fund.row, column: fund.column };
  const row = matcher(v.paths.fund_row)(path);
  if (row) return { kind: 'fund', row: row.row, column: null };
  const ind = matcher(v.paths.indicator)(path);
  if (ind) return { kind: 'indicator', index: Number(ind.index), column: ind.column };
  return { kind: 'field', path };
}

/**
 * What a field is called, for screen readers and the audit trail.
 * @param {FormReport | null} form
 * @param {string} path
 */
export function fieldLabel(form, path) {
  const p = parsePath(path);
  if (p.kind === 'fund') return p.column === null ? fundRowName(p.row) : `${fundRowName(p.row)} ${fundColumnName(p.column)}`;
  if (p.kind === 'indicator') {
    const ind = form && form.indicators[p.index];
    return `${indicatorColumnName('name')}“${ind && ind.name ? ind.name : p.index + 1}” ${indicatorColumnName(p.column)}`;
  }
  return fieldName(path);
}

/**
 * The grade bands on the 0–100 line, lowest first, for drawing: each from its `min` up to the
 * next better band's `min`.
 * @returns {{ grade: string, from: number, to: number }[]}
 */
export function gradeBands() {
  const best = vocabulary().grades;
  return best.map((g, i) => ({
    grade: g.grade,
    from: g.min === null ? 0 : Number(g.min),
    to: i === 0 ? 100 : Number(best[i - 1].min),
  })).reverse();
}

/** The bands in words, as the rules state them: each grade and its lowest total. */
export function gradesText() {
  return vocabulary().grades.filter((g) => g.min !== null).map((g) => `${g.grade} ≥ ${g.min}`)
    .join(language() === 'en' ? ', ' : '，');
}
