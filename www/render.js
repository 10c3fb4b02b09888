// @ts-check
// Showing the reports: per input its pictures and own findings, per form the header facts, the
// fund rows, the indicators, 总分 and 评分等级 printed beside recomputed, the findings and the
// trail; and the summary on top. Every figure is the core's string as it is; whether a printed
// figure differs from its recomputed one is what the core's findings on that field say.
import { codeChart, levelChart, spreadChart } from './charts.js';
import { byId, byIdAs, el, show } from './dom.js';
import { MARK, cellId, renderFindings, renderTrail } from './findings.js';
import { tr } from './i18n.js';
import { renderList } from './overview.js';
import { slot, slotOf, startSlots } from './slots.js';
import { state, totalsOf } from './state.js';
import {
  fieldLabel, fieldName, fundColumnName, fundPath, fundRowName, fundRowPath, indicatorPath, roundingSourceWord,
  roundingWord, severityRank, severityWord, trailWord, vocabulary,
} from './vocab.js';

/**
 * @typedef {import('../pkg/report').Report} Report
 * @typedef {import('../pkg/report').FormReport} FormReport
 * @typedef {import('../pkg/report').Finding} Finding
 */

/** Fields edited in a text area rather than a line (indicator and header text). */
const LONG = new Set(['name', 'target', 'actual', 'reason', 'project', 'department', 'implementer']);

/** The most severe standing finding on each field. @param {FormReport} form */
function findingsByField(form) {
  /** @type {Map<string, Finding>} */
  const map = new Map();
  for (const f of form.findings) {
    if (!f.field || f.dismissed) continue;
    const prev = map.get(f.field);
    if (!prev || severityRank(f.severity) < severityRank(prev.severity)) map.set(f.field, f);
  }
  return map;
}

/** Shows every report: the overview list, then each input with its forms. */
export function render() {
  const forms = state.reports.reduce((n, r) => n + r.forms.length, 0);
  startSlots(forms, (d, f) => {
    const report = state.reports[d];
    return report && report.forms[f] ? renderForm(report, report.forms[f], d, f) : null;
  });
  renderList();
  byId('docs').replaceChildren(...state.reports.map((report, d) => renderDoc(report, d)));
  renderSummary();
}

/** Shows form `f` of document `d` again, with its document's overview, the list and the summary. @param {number} d @param {number} f */
export function rerenderForm(d, f) {
  const box = slotOf(d, f);
  const section = box && box.closest('section.doc');
  const oldOverview = section && section.querySelector('.overview');
  if (!box || !oldOverview) {
    render();
    return;
  }
  if (box.firstChild) box.replaceChildren(renderForm(state.reports[d], state.reports[d].forms[f], d, f));
  oldOverview.replaceWith(renderOverview(state.reports[d]));
  renderList();
  renderSummary();
}

/** The filter boxes, one per severity (in the core's words) and one for dismissed findings. */
export function renderFilters() {
  const box = byId('filters');
  const keys = [...vocabulary().severities.map((s) => s.key), 'dismissed'];
  for (const key of keys) {
    const word = key === 'dismissed' ? trailWord('dismissed') : severityWord(key);
    const input = box.querySelector(`input[value="${key}"]`);
    if (input && input.nextElementSibling) input.nextElementSibling.textContent = word;
    else box.append(el('label', {}, el('input', { type: 'checkbox', value: key, checked: true }), ' ', el('span', {}, word)));
  }
}

/** Hides the findings of the unticked severities. */
export function applyFilter() {
  const docs = byId('docs');
  for (const box of byId('filters').querySelectorAll('input')) docs.classList.toggle(`hide-${box.value}`, !box.checked);
}

function renderSummary() {
  const t = totalsOf(state.reports);
  /** @type {Record<string, number>} */
  const bySeverity = t;
  /** @param {string | number} n @param {string | null} [id] */
  const strong = (n, id) => el('strong', id ? { 'data-testid': id } : {}, n);
  /** @param {string} zh @param {number} n @param {Record<string, string> | null} [attrs] @param {string} [id] */
  const part = (zh, n, attrs, id) => {
    const [before, after] = tr(zh, { n: '\u0000' }).split('\u0000');
    return el('span', attrs || {}, before, strong(n, id), after);
  };
  byId('summary').replaceChildren(
    part('输入 {n} 份', t.docs),
    part('自评表 {n} 张', t.forms, null, 'form-count'),
    part('有错误的表 {n} 张', t.withErrors, null, 'forms-with-errors'),
    ...vocabulary().severities.map((s) => el('span', { class: `sev-${s.key}` }, `${severityWord(s.key)} `, strong(bySeverity[s.key]))),
    el('span', { class: 'sev-dismissed' }, `${trailWord('dismissed')} `, strong(t.dismissed)),
  );
  byId('results').hidden = false;
  // While a check is under way its first forms are shown, but nothing is downloaded, copied or
  // exported before its reports are whole.
  for (const id of ['download', 'copy', 'findings-xlsx', 'findings-csv', 'forms-xlsx']) byIdAs(id, HTMLButtonElement).disabled = state.before !== null;
  /** @type {HTMLButtonElement} */ (byId('undo')).disabled = !state.undo.length;
  /** @type {HTMLButtonElement} */ (byId('redo')).disabled = !state.redo.length;
  applyFilter();
}

/** @param {Report} report @param {number} d */
function renderDoc(report, d) {
  const section = el('section', { class: 'doc', 'data-source': report.source.name });
  section.append(el('h3', {}, report.source.name, ' ', el('code', {}, report.source.encoding)));
  if (!report.forms.length) section.append(el('p', {}, tr('没有识别出自评表。')));
  section.append(renderOverview(report));
  if (report.findings.length) section.append(renderFindings(report.findings, `d${d}`, report, null));
  report.forms.forEach((form, f) => section.append(slot(d, f, 320 + 34 * form.indicators.length + 40 * form.findings.length)));
  return section;
}

/** The pictures across a document's forms (an empty box when there is nothing to draw). @param {Report} report */
function renderOverview(report) {
  const spread = spreadChart(report.forms);
  const codes = codeChart(report);
  const desc = spread && spread.querySelector('desc');
  return el('div', { class: 'overview' },
    (spread || codes) && el('h4', {}, tr('概览')),
    spread && el('figure', {}, spread, el('figcaption', {}, `${tr('总分分布与等级区间')}：${desc ? desc.textContent : ''}`)),
    codes && el('figure', {}, codes, el('figcaption', {}, tr('问题数（按代码）'))));
}

/** @param {Report} report @param {FormReport} form @param {number} d @param {number} f */
function renderForm(report, form, d, f) {
  const prefix = `d${d}-f${f}`;
  const flags = findingsByField(form);
  const corrected = new Map(form.corrections.filter((c) => c.by === 'auto').map((c) => [c.field, c]));
  /** A printed figure as printed (before the checker's own corrections). @param {string} field @param {unknown} value */
  const printed = (field, value) => {
    const c = corrected.get(field);
    return c ? c.from : value;
  };
  /** `diff` when the core has a standing finding on the printed field. @param {string} field */
  const differs = (field) => (flags.has(field) ? ' diff' : '');

  /**
   * A cell; with `edit`, a button that opens an editor (roving tab stop).
   * @template {'td' | 'dd' | 'th'} T
   * @param {T} tag @param {string | null} field @param {unknown} value @param {string} cls
   * @param {{ long: boolean } | null} edit
   */
  const cell = (tag, field, value, cls, edit) => {
    /** @type {Record<string, string>} */
    const attrs = { class: cls };
    if (tag === 'th') attrs.scope = 'row';
    let marker = null;
    const hit = field ? flags.get(field) : undefined;
    if (field) attrs.id = cellId(prefix, field);
    if (hit) {
      attrs.class = `${attrs.class} flag-${hit.severity}`.trim();
      attrs.title = hit.message;
      marker = el('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[hit.severity]);
    }
    if (!edit || !field) return el(tag, attrs, show(value), marker);
    const label = `${fieldLabel(form, field)}：${show(value)}${hit ? `（${severityWord(hit.severity)}）` : ''}${tr('，按 Enter 修改')}`;
    const button = el('button', {
      type: 'button', class: 'cell', tabindex: '-1', 'data-field': field, 'data-doc': d, 'data-form': f,
      'data-long': edit.long, 'data-value': value === null || value === undefined ? '' : String(value), 'aria-label': label,
    }, show(value));
    return el(tag, attrs, button, marker);
  };
  /** @param {string | null} field @param {unknown} value @param {string} [cls] */
  const td = (field, value, cls = '') => cell('td', field, value, cls, null);
  /** @param {string} field @param {unknown} value @param {string} [cls] @param {string} [key] */
  const ed = (field, value, cls = '', key = '') => cell('td', field, value, cls, { long: LONG.has(key) });

  const article = el('article', { class: 'form', id: prefix, 'data-project': form.project || '', 'data-doc': d, 'data-form': f });
  const main = el('div', { class: 'form-main' });
  const side = el('aside', { class: 'form-side', 'aria-label': `${form.project || prefix}：${tr('发现的问题（{n}）', { n: form.findings.length })}` });
  article.append(el('div', { class: 'form-head' },
    el('h4', {}, form.project || tr('（未找到{field}）', { field: fieldName('project') })),
    el('button', { type: 'button', class: 'export-form', 'data-doc': d, 'data-form': f }, tr('导出本表 Excel'))), main, side);
  const rc = form.recomputed;
  /** @param {'project' | 'department' | 'implementer' | 'year' | 'unit'} key */
  const fact = (key) => [el('dt', {}, fieldName(key)), cell('dd', key, form[key], '', { long: LONG.has(key) })];
  main.append(el('dl', { class: 'facts editable' },
    fact('project'), fact('department'), fact('implementer'), fact('year'), fact('unit'),
    el('dt', {}, tr('输入行')), el('dd', {}, tr('第 {a}–{b} 行', { a: form.lines.start, b: form.lines.end })),
    el('dt', {}, tr('两位小数口径')),
    el('dd', {}, tr('{rounding}（{source}）', { rounding: roundingWord(rc.rounding), source: roundingSourceWord(rc.rounding_source) })),
  ));
  /** A fund row's heading, flagged with the findings on the whole row. @param {string} field @param {string} text */
  const rowHead = (field, text) => cell('th', field, text, '', null);
  main.append(renderFunds(form, printed, differs, { td, ed, rowHead }));

  if (form.goals.planned || form.goals.achieved) {
    main.append(el('table', { class: 'goals' },
      el('caption', {}, tr('年度总体目标')),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, fieldName('goals.planned')), el('th', { scope: 'col' }, fieldName('goals.achieved')))),
      el('tbody', {}, el('tr', {}, el('td', {}, show(form.goals.planned)), el('td', {}, show(form.goals.achieved))))));
  }
  main.append(renderIndicators(form, ed));

  const r = form.reported;
  main.append(el('table', { class: 'totals editable' },
    el('caption', {}, tr('总分与评分等级')),
    el('tbody', {},
      el('tr', {}, el('th', { scope: 'row' }, tr('分值合计（核算）')), td('recomputed.weight_total', rc.weight_total, 'num'),
        el('th', { scope: 'row' }, tr('指标得分合计（核算）')), el('td', { class: 'num' }, show(rc.indicator_score))),
      el('tr', {}, el('th', { scope: 'row' }, `${fieldName('total')}${tr('（填报）')}`), ed('total', r.total, 'num'),
        el('th', { scope: 'row' }, `${fieldName('total')}${tr('（核算）')}`), el('td', { class: `num${differs('total')}`, 'data-testid': 'total' }, show(rc.total))),
      el('tr', {}, el('th', { scope: 'row' }, `${fieldName('grade')}${tr('（填报）')}`), ed('grade', r.grade),
        el('th', { scope: 'row' }, `${fieldName('grade')}${tr('（核算）')}`), el('td', { class: differs('grade').trim(), 'data-testid': 'grade' }, show(rc.grade))),
    )));
  const chart = levelChart(form);
  if (chart) side.append(el('figure', { class: 'levels-figure' }, chart, el('figcaption', {}, tr('分值与得分（按一级指标）'))));
  side.append(el('h5', {}, tr('发现的问题（{n}）', { n: form.findings.length })));
  side.append(renderFindings(form.findings, prefix, report, { article, d, f }));
  if (form.corrections.length) side.append(renderTrail(form));
  // One tab stop per table: the first editable cell; arrow keys move among the others.
  for (const group of article.querySelectorAll('.editable')) {
    const first = group.querySelector('button.cell');
    if (first instanceof HTMLButtonElement) first.tabIndex = 0;
  }
  return article;
}

/**
 * The fund rows in the core's order: figures as printed, 执行率 and 得分 printed beside recomputed.
 * @param {FormReport} form
 * @param {(field: string, value: unknown) => unknown} printed
 * @param {(field: string) => string} differs
 * @param {{
 *   td: (field: string | null, value: unknown, cls?: string) => HTMLElement,
 *   ed: (field: string, value: unknown, cls?: string) => HTMLElement,
 *   rowHead: (field: string, text: string) => HTMLElement,
 * }} cells
 */
function renderFunds(form, printed, differs, { td, ed, rowHead }) {
  const col = fundColumnName;
  const heads = [tr('资金'), col('initial_budget'), col('annual_budget'), col('executed'), col('weight'),
    `${col('rate')}${tr('（填报）')}`, `${col('rate')}${tr('（核算）')}`, `${col('score')}${tr('（填报）')}`, `${col('score')}${tr('（核算）')}`];
  const table = el('table', { class: 'funds editable' },
    el('caption', {}, tr('项目资金')),
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col' }, h)))));
  const body = el('tbody');
  for (const { key } of vocabulary().fund_rows) {
    const row = /** @type {Record<string, import('../pkg/report').FundRow | null | undefined>} */ (/** @type {unknown} */ (form.funds))[key];
    if (!row) continue;
    const path = (/** @type {string} */ column) => fundPath(key, column);
    const isTotal = key === 'total';
    body.append(el('tr', {},
      rowHead(fundRowPath(key), fundRowName(key)),
      ed(path('initial_budget'), row.initial_budget, 'num'),
      ed(path('annual_budget'), row.annual_budget, 'num'),
      ed(path('executed'), row.executed, 'num'),
      ed(path('weight'), row.weight, 'num'),
      ed(path('rate'), printed(path('rate'), row.rate), 'num'),
      td(null, isTotal ? form.recomputed.rate : row.rate, `num${differs(path('rate'))}`),
      ed(path('score'), printed(path('score'), row.score), 'num'),
      td(null, isTotal ? form.recomputed.execution_score : null, `num${isTotal ? differs(path('score')) : ''}`),
    ));
  }
  table.append(body);
  return table;
}

/**
 * The indicator table, its columns in the core's order; 一级/二级 shown once per group.
 * @param {FormReport} form
 * @param {(field: string, value: unknown, cls?: string, key?: string) => HTMLElement} ed
 */
function renderIndicators(form, ed) {
  const columns = vocabulary().indicator_columns;
  const table = el('table', { class: 'indicators editable' },
    el('caption', {}, tr('绩效指标')),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c.zh)), el('th', { scope: 'col', class: 'line' }, tr('行')))));
  const body = el('tbody');
  /** @type {string | null | undefined} */
  let l1 = null;
  /** @type {string | null | undefined} */
  let l2 = null;
  form.indicators.forEach((ind, i) => {
    const newL1 = ind.level1 !== l1;
    const newL2 = newL1 || ind.level2 !== l2;
    l1 = ind.level1;
    l2 = ind.level2;
    const cells = columns.map(({ key }) => {
      if (key === 'level1') return el('td', {}, newL1 ? show(ind.level1) : '');
      if (key === 'level2') return el('td', {}, newL2 ? show(ind.level2) : '');
      const value = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (ind))[key];
      const shown = value && typeof value === 'object' && 'text' in value ? value.text : value;
      const cls = key === 'weight' || key === 'score' ? 'num' : (key === 'reason' ? 'reason' : '');
      return ed(indicatorPath(i, key), shown, cls, key);
    });
    body.append(el('tr', {}, ...cells, el('td', { class: 'num line' }, ind.line)));
  });
  table.append(body);
  return table;
}
