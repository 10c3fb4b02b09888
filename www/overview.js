// @ts-check
// The overview of every form, first on the results: one row per form (input file, project,
// 主管部门, 实施单位, 金额单位, printed and recomputed 总分, grade, counts of findings, the first
// error's code), sortable by any column, filtered by severity, code, grade, department and file,
// searched by project name; the pictures across every form, whose grade bands and code bars
// filter the list. The rows are drawn by list.js. Every figure is the core's string as it is.
import { codeChart, spreadChart } from './charts.js';
import { announce, byId, el } from './dom.js';
import { tr } from './i18n.js';
import { COLUMNS, installList, keyOf, list, moveTo, redraw } from './list.js';
import { formCounts, state } from './state.js';
import { fieldName, severityWord, trailWord, vocabulary } from './vocab.js';

/**
 * @typedef {import('../pkg/report').Report} Report
 * @typedef {import('../pkg/report').FormReport} FormReport
 * @typedef {import('./list.js').Row} Row
 * @typedef {import('./list.js').Filter} Filter
 * @typedef {import('./list.js').Key} Key
 */

/** One form's row. @param {Report} report @param {FormReport} form @param {number} d @param {number} f @returns {Row} */
function rowOf(report, form, d, f) {
  const counts = formCounts(form);
  const firstError = form.findings.find((x) => x.severity === 'error' && !x.dismissed);
  return {
    d, f, file: report.source.name, n: f + 1,
    project: form.project || '', department: form.department || '', implementer: form.implementer || '',
    unit: form.unit || '', printed: form.reported.total || '', total: form.recomputed.total || '',
    grade: form.recomputed.grade || '',
    errors: counts.error || 0, warnings: counts.warning || 0,
    dismissed: form.findings.filter((x) => x.dismissed).length,
    first: firstError ? firstError.code : '',
    codes: new Set(form.findings.filter((x) => !x.dismissed).map((x) => x.code)),
  };
}

/** Every form's row, in document order. @param {Report[]} reports */
export function rowsOf(reports) {
  return reports.flatMap((report, d) => report.forms.map((form, f) => rowOf(report, form, d, f)));
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** The comparison of two rows by a column (blanks last), then by where they were read. @param {Key} key @param {1 | -1} dir */
function compareBy(key, dir) {
  const column = COLUMNS.find((c) => c.key === key);
  const grades = vocabulary().grades.map((g) => g.grade);
  /** @param {Row} r */
  const value = (r) => (key === 'grade' ? grades.indexOf(r.grade) : r[key]);
  return (/** @type {Row} */ a, /** @type {Row} */ b) => {
    const [x, y] = [value(a), value(b)];
    const blank = (/** @type {unknown} */ v) => v === '' || v === -1;
    if (blank(x) !== blank(y)) return blank(x) ? 1 : -1;
    let c = 0;
    if (column && column.num) c = Number(x) - Number(y);
    else if (key === 'grade') c = Number(x) - Number(y);
    else c = collator.compare(String(x), String(y));
    return c * dir || a.d - b.d || a.f - b.f;
  };
}

/** Whether a row passes the filter. @param {Row} r @param {Filter} flt */
function passes(r, flt) {
  if (flt.severity === 'error' && !r.errors) return false;
  if (flt.severity === 'warning' && !r.warnings) return false;
  if (flt.severity === 'clean' && (r.errors || r.warnings)) return false;
  if (flt.severity === 'dismissed' && !r.dismissed) return false;
  if (flt.code && !r.codes.has(flt.code)) return false;
  if (flt.grade && r.grade !== flt.grade) return false;
  if (flt.department && r.department !== flt.department) return false;
  if (flt.file && r.file !== flt.file) return false;
  if (flt.search && !r.project.toLowerCase().includes(flt.search.toLowerCase())) return false;
  return true;
}

/** Filters and sorts the rows again, then draws them from the top (or where the list was). */
function refresh(keepScroll = false) {
  list.shown = list.rows.filter((r) => passes(r, list.filter));
  if (list.sort.key) list.shown.sort(compareBy(list.sort.key, list.sort.dir));
  byId('list-count').textContent = tr('显示 {n} / {m} 张表', { n: list.shown.length, m: list.rows.length });
  redraw(keepScroll);
}

/**
 * Comes back to the list with form `f` of document `d` focused (Esc in a form's detail). A form
 * the filter hides brings the whole list back.
 * @param {number} d @param {number} f
 */
export function returnTo(d, f) {
  let i = list.shown.findIndex((r) => r.d === d && r.f === f);
  if (i < 0) {
    clearFilter();
    i = list.shown.findIndex((r) => r.d === d && r.f === f);
  }
  byId('overview').scrollIntoView({ block: 'start' });
  moveTo(i < 0 ? 0 : i);
}

/** Sorts by a column; the same column again reverses. @param {Key} key */
function sortBy(key) {
  list.sort = list.sort.key === key ? { key, dir: list.sort.dir === 1 ? -1 : 1 } : { key, dir: 1 };
  for (const th of byId('list-scroll').querySelectorAll('thead th')) {
    const k = th.getAttribute('data-key');
    th.setAttribute('aria-sort', k === key ? (list.sort.dir === 1 ? 'ascending' : 'descending') : 'none');
  }
  refresh(false);
}

/** Sets filter fields (from the controls or a picture) and shows what passes. @param {Partial<Filter>} changes */
export function setFilter(changes) {
  Object.assign(list.filter, changes);
  for (const [key, value] of Object.entries(changes)) {
    const control = byId('list-filters').querySelector(`[data-filter="${key}"]`);
    if ((control instanceof HTMLSelectElement || control instanceof HTMLInputElement) && control.value !== value) control.value = value;
  }
  refresh(false);
}

function clearFilter() {
  setFilter({ severity: '', code: '', grade: '', department: '', file: '', search: '' });
}

/**
 * A band or bar of a picture was chosen: the list shows its forms (of that input's, for a
 * document's own picture).
 * @param {Partial<Filter>} pick
 */
export function pick(pick) {
  setFilter(pick);
  byId('overview').scrollIntoView({ block: 'start' });
  announce(byId('list-count').textContent || '');
}

/** A filter menu. @param {keyof Filter} key @param {string} label @param {[string, string][]} options value and words */
function menu(key, label, options) {
  const select = el('select', { 'data-filter': key, 'aria-label': label },
    el('option', { value: '' }, tr('全部')), ...options.map(([value, words]) => el('option', { value }, words)));
  select.value = list.filter[key];
  // (A value no longer present, after a new check: back to all.)
  if (select.value !== list.filter[key]) list.filter[key] = '';
  return el('label', {}, el('span', {}, label), ' ', select);
}

/** The filter controls, their menus made from the forms there are. */
function renderControls() {
  /** @param {(r: Row) => string} of */
  const distinct = (of) => [...new Set(list.rows.map(of).filter((v) => v !== ''))].sort(collator.compare);
  const codes = [...new Set(list.rows.flatMap((r) => [...r.codes]))].sort();
  const search = el('input', {
    type: 'search', 'data-filter': 'search', placeholder: tr('搜索项目名称'), 'aria-label': tr('搜索项目名称'),
  });
  search.value = list.filter.search;
  byId('list-filters').replaceChildren(
    menu('severity', tr('问题'), [
      ['error', tr('有{severity}', { severity: severityWord('error') })],
      ['warning', tr('有{severity}', { severity: severityWord('warning') })],
      ['clean', tr('没有错误和警告')],
      ['dismissed', tr('有{severity}', { severity: trailWord('dismissed') })],
    ]),
    menu('code', tr('问题代码'), codes.map((c) => [c, c])),
    menu('grade', fieldName('grade'), vocabulary().grades.map((g) => [g.grade, g.grade])),
    menu('department', fieldName('department'), distinct((r) => r.department).map((v) => [v, v])),
    menu('file', tr('文件'), distinct((r) => r.file).map((v) => [v, v])),
    el('label', {}, search),
    el('button', { type: 'button', class: 'clear-filter', onclick: clearFilter }, tr('显示全部')),
  );
}

/** The pictures across every form of every input. */
function renderCharts() {
  const forms = state.reports.flatMap((r) => r.forms);
  const spread = spreadChart(forms);
  const codes = codeChart({ forms, findings: state.reports.flatMap((r) => r.findings) });
  byId('overview-charts').replaceChildren(...[
    spread && el('figure', {}, spread, el('figcaption', {}, tr('总分分布与等级区间（点击等级区间筛选）'))),
    codes && el('figure', {}, codes, el('figcaption', {}, tr('问题数（按代码；点击筛选）'))),
  ].filter((x) => x !== null));
}

/** Shows the overview of the reports in `state` (keeping the sort, the filter and the place). */
export function renderList() {
  const keep = list.rows.length > 0;
  list.rows = rowsOf(state.reports);
  if (!list.rows.some((r) => keyOf(r) === list.active)) list.active = '';
  renderCharts();
  renderControls();
  const box = byId('list-scroll');
  if (!box.querySelector('table')) {
    box.append(el('table', { class: 'list', role: 'grid', 'aria-labelledby': 'overview-title' },
      el('colgroup', {}, ...COLUMNS.map((c) => el('col', { class: `col-${c.key}` }))),
      el('thead', {}, el('tr', { 'aria-rowindex': 1 }, ...COLUMNS.map((c) => el('th', { scope: 'col', 'data-key': c.key, 'aria-sort': 'none' },
        el('button', { type: 'button', class: 'sort', onclick: () => sortBy(c.key) }, c.head()))))),
      el('tbody')));
  } else {
    for (const c of COLUMNS) {
      const b = box.querySelector(`thead th[data-key="${c.key}"] button`);
      if (b) b.textContent = c.head();
    }
  }
  box.querySelector('table')?.setAttribute('aria-rowcount', String(list.rows.length + 1));
  box.dataset.rows = String(list.rows.length);
  refresh(keep);
}

/** Where the overview's controls, keys and scrolling are heard: once, at start. */
export function installOverview() {
  installList();
  const filters = byId('list-filters');
  filters.addEventListener('change', (e) => {
    const t = e.target;
    if (t instanceof HTMLSelectElement && t.dataset.filter) setFilter({ [t.dataset.filter]: t.value });
  });
  filters.addEventListener('input', (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement && t.dataset.filter === 'search') setFilter({ search: t.value });
  });
}


/** Sets what opening a row does. @param {(d: number, f: number) => void} open */
export function onOpen(open) {
  list.open = open;
}
