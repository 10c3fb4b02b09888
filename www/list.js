// @ts-check
// The list of the overview, virtualised: only the rows in view (and a few either side) are in
// the DOM, between two empty rows standing for the others, so a list of thousands of forms costs
// a few hundred nodes. Keyboard: arrows, Page Up/Down, Home/End move through the rows (one tab
// stop, the active row), Enter or Space opens a form. What the rows are, their order and their
// filter are overview.js's.
import { byId, el, show } from './dom.js';
import { tr } from './i18n.js';
import { fieldName, severityWord, trailWord } from './vocab.js';

/**
 * @typedef {{
 *   d: number, f: number, file: string, n: number, project: string, department: string,
 *   implementer: string, unit: string, printed: string, total: string, grade: string,
 *   errors: number, warnings: number, dismissed: number, first: string, codes: Set<string>,
 * }} Row
 * @typedef {{ severity: string, code: string, grade: string, department: string, file: string, search: string }} Filter
 * @typedef {keyof Omit<Row, 'd' | 'f' | 'codes'>} Key
 */

/** A row's height in pixels: style.css sets `.list tbody tr` to it. */
const ROW_H = 30;
/** Rows drawn above and below those in view. */
const OVERSCAN = 10;

/** The columns, in order: the key of the row, its heading, and how it sorts. */
export const COLUMNS = /** @type {{ key: Key, head: () => string, num?: boolean }[]} */ ([
  { key: 'file', head: () => tr('文件') },
  { key: 'n', head: () => tr('序号'), num: true },
  { key: 'project', head: () => fieldName('project') },
  { key: 'department', head: () => fieldName('department') },
  { key: 'implementer', head: () => fieldName('implementer') },
  { key: 'unit', head: () => fieldName('unit') },
  { key: 'printed', head: () => `${fieldName('total')}${tr('（填报）')}`, num: true },
  { key: 'total', head: () => `${fieldName('total')}${tr('（核算）')}`, num: true },
  { key: 'grade', head: () => fieldName('grade') },
  { key: 'errors', head: () => severityWord('error'), num: true },
  { key: 'warnings', head: () => severityWord('warning'), num: true },
  { key: 'dismissed', head: () => trailWord('dismissed'), num: true },
  { key: 'first', head: () => tr('首个错误') },
]);

/** What the list shows and how: set by render() and by the user. */
export const list = {
  /** Every form's row, in document order. @type {Row[]} */
  rows: [],
  /** The rows that pass the filter, in the chosen order. @type {Row[]} */
  shown: [],
  /** @type {{ key: Key | null, dir: 1 | -1 }} */
  sort: { key: null, dir: 1 },
  /** @type {Filter} */
  filter: { severity: '', code: '', grade: '', department: '', file: '', search: '' },
  /** The focused (or last focused) row's form, as `d:f`. */
  active: '',
  /** Where the rows drawn now begin and end in `shown`. */
  drawn: { first: -1, last: -1 },
  /** Opens a form's detail: set by render.js. @type {(d: number, f: number) => void} */
  open: () => {},
};

export const keyOf = (/** @type {{ d: number, f: number }} */ r) => `${r.d}:${r.f}`;

/** Draws the shown rows again: from the top, or where the list was scrolled to. @param {boolean} keepScroll */
export function redraw(keepScroll) {
  if (!keepScroll) byId('list-scroll').scrollTop = 0;
  list.drawn = { first: -1, last: -1 };
  for (const row of drawnRows.values()) row.remove();
  drawnRows.clear();
  draw();
}

/** The row elements drawn, by their place in `shown` (kept while they stay in view). @type {Map<number, HTMLTableRowElement>} */
const drawnRows = new Map();

/**
 * The row elements of the rows in view, between the two spacers. A row still in view keeps its
 * element (so a row being clicked or focused is never replaced under the pointer).
 */
export function draw() {
  const box = byId('list-scroll');
  const body = box.querySelector('tbody');
  if (!body) return;
  const head = box.querySelector('thead');
  const top = Math.max(0, box.scrollTop - (head ? head.offsetHeight : 0));
  const height = box.clientHeight || 480;
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(list.shown.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
  if (first === list.drawn.first && last === list.drawn.last && body.firstElementChild) return;
  list.drawn = { first, last };
  const hadFocus = document.activeElement instanceof HTMLElement && body.contains(document.activeElement);
  if (!(body.firstElementChild instanceof HTMLTableRowElement && body.firstElementChild.classList.contains('spacer'))) {
    body.replaceChildren(spacer(), spacer());
    drawnRows.clear();
  }
  const [above, below] = [body.firstElementChild, body.lastElementChild];
  for (const [i, row] of drawnRows) {
    if (i < first || i >= last) { row.remove(); drawnRows.delete(i); }
  }
  /** @type {Element} */
  let prev = /** @type {Element} */ (above);
  for (let i = first; i < last; i++) {
    let row = drawnRows.get(i);
    if (!row) {
      row = rowElement(list.shown[i], i);
      drawnRows.set(i, row);
    }
    if (row.previousElementSibling !== prev) prev.after(row);
    prev = row;
  }
  setHeight(above, first * ROW_H);
  setHeight(below, (list.shown.length - last) * ROW_H);
  if (hadFocus && !body.contains(document.activeElement)) focusActive(false);
}

/** An empty row standing for the rows not drawn above or below. */
function spacer() {
  return el('tr', { class: 'spacer', 'aria-hidden': 'true' }, el('td'));
}

/** @param {Element | null} row a spacer @param {number} px */
function setHeight(row, px) {
  const td = row && row.firstElementChild;
  if (td instanceof HTMLElement) td.style.height = `${px}px`;
}

/** @param {Row} r @param {number} i its place in `shown` */
function rowElement(r, i) {
  const active = keyOf(r) === list.active || (!list.active && i === 0);
  const tr_ = el('tr', {
    'aria-rowindex': i + 2, tabindex: active ? 0 : -1, 'data-doc': r.d, 'data-form': r.f, 'data-i': i,
    class: r.errors ? 'has-error' : (r.warnings ? 'has-warning' : ''),
  });
  for (const c of COLUMNS) {
    const v = r[c.key];
    const text = c.key === 'first' && !v ? '' : show(v);
    tr_.append(el('td', { class: c.num ? 'num' : '', title: c.num ? null : text }, text));
  }
  return tr_;
}

/**
 * Moves the active row to place `i` of the shown rows, scrolls it into view and focuses it.
 * @param {number} i
 */
export function moveTo(i) {
  if (!list.shown.length) return;
  const at = Math.max(0, Math.min(list.shown.length - 1, i));
  list.active = keyOf(list.shown[at]);
  const box = byId('list-scroll');
  const head = box.querySelector('thead');
  const headH = head ? head.offsetHeight : 0;
  const y = at * ROW_H;
  const view = box.clientHeight - headH;
  if (y < box.scrollTop) box.scrollTop = y;
  else if (y + ROW_H > box.scrollTop + view) box.scrollTop = y + ROW_H - view;
  list.drawn = { first: -1, last: -1 };
  draw();
  focusActive(true);
}

/** Focuses the active row (drawing it first). @param {boolean} drawn whether it is drawn already */
export function focusActive(drawn) {
  const box = byId('list-scroll');
  const [d, f] = list.active.split(':');
  const row = box.querySelector(`tbody tr[data-doc="${d}"][data-form="${f}"]`);
  if (!(row instanceof HTMLElement)) {
    if (!drawn) return;
    const first = box.querySelector('tbody tr[data-i]');
    if (first instanceof HTMLElement) first.focus();
    return;
  }
  for (const other of box.querySelectorAll('tbody tr[tabindex="0"]')) if (other !== row) other.setAttribute('tabindex', '-1');
  row.tabIndex = 0;
  row.focus({ preventScroll: true });
}

/** Where the list's scrolling, clicks and keys are heard: once, at start. */
export function installList() {
  const box = byId('list-scroll');
  let queued = false;
  box.addEventListener('scroll', () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; draw(); });
  });
  const rowOfEvent = (/** @type {Event} */ e) => {
    const row = e.target instanceof Element ? e.target.closest('tbody tr[data-i]') : null;
    return row instanceof HTMLElement ? row : null;
  };
  box.addEventListener('click', (e) => {
    const row = rowOfEvent(e);
    if (!row) return;
    list.active = `${row.dataset.doc}:${row.dataset.form}`;
    list.open(Number(row.dataset.doc), Number(row.dataset.form));
  });
  box.addEventListener('keydown', (e) => {
    const row = rowOfEvent(e);
    if (!row) return;
    const i = Number(row.dataset.i);
    const page = Math.max(1, Math.floor(box.clientHeight / ROW_H) - 1);
    /** @type {Record<string, number>} */
    const moves = { ArrowDown: i + 1, ArrowUp: i - 1, PageDown: i + page, PageUp: i - page, Home: 0, End: list.shown.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      list.active = `${row.dataset.doc}:${row.dataset.form}`;
      list.open(Number(row.dataset.doc), Number(row.dataset.form));
    }
  });
  box.addEventListener('focusin', (e) => {
    const row = rowOfEvent(e);
    if (!row) return;
    list.active = `${row.dataset.doc}:${row.dataset.form}`;
    for (const other of box.querySelectorAll('tbody tr[tabindex="0"]')) if (other !== row) other.setAttribute('tabindex', '-1');
    row.tabIndex = 0;
  });
}
