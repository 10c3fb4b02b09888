// @ts-check
// The findings of a form or a document, each with its severity in words, code, message, found
// vs expected, a link to its cell or line, and its actions (采纳, 忽略…, 恢复); and a form's
// audit trail (修改记录).
import { act } from './actions.js';
import { byIdAs, el, show, showError } from './dom.js';
import { rove } from './editing.js';
import { language, tr } from './i18n.js';
import { lineInBox, sourceText } from './source.js';
import { state } from './state.js';
import { fieldLabel, isPasted, severityWord, trailWord } from './vocab.js';

/**
 * @typedef {import('../pkg/report').Report} Report
 * @typedef {import('../pkg/report').FormReport} FormReport
 * @typedef {import('../pkg/report').Finding} Finding
 */

/** The mark beside a severity (never colour alone). */
export const MARK = /** @type {Record<string, string>} */ ({ error: '✖', warning: '▲', info: '●' });

/** The English titles of the finding codes (from the core's registry), set by app.js. */
export const titles = /** @type {Map<string, string>} */ (new Map());

/** A cell's id from a finding's field path: the path with every other character a dash. @param {string} prefix @param {string} field */
export function cellId(prefix, field) {
  return `${prefix}-${field.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** Focuses a form's cell (its editor button when it has one). @param {string} id */
function focusCell(id) {
  const cell = document.getElementById(id);
  if (!cell) return;
  cell.scrollIntoView({ block: 'center' });
  const button = cell.querySelector('button.cell');
  if (button instanceof HTMLButtonElement) {
    rove(button);
  } else {
    cell.setAttribute('tabindex', '-1');
    cell.focus();
  }
  history.replaceState(null, '', `#${id}`);
}

/** Selects input line `n` (1-based) in the text box and scrolls to it. @param {number} n */
function selectLine(n) {
  const source = byIdAs('source', HTMLTextAreaElement);
  if (state.checkedText !== sourceText()) showError(tr('输入框的内容在检查后已改动，行号可能不再对应。'));
  const [start, end, inBox] = lineInBox(n);
  source.focus();
  source.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 18;
  source.scrollTop = Math.max(0, (inBox - 3) * lineHeight);
}

/**
 * The findings list. With `at` (the form's article, document and form index) each finding gets
 * its actions; without, it is a document's own list.
 * @param {Finding[]} findings
 * @param {string} prefix the ids' prefix (`d0-f1`, or `d0` for a document)
 * @param {Report} report
 * @param {{ article: HTMLElement, d: number, f: number } | null} at
 */
export function renderFindings(findings, prefix, report, at) {
  const list = el('ul', { class: 'findings' });
  if (!findings.length) list.append(el('li', { class: 'none' }, tr('未发现问题')));
  const form = at ? report.forms[at.f] : null;
  findings.forEach((finding, i) => {
    const links = el('span', { class: 'links' });
    if (finding.field && at) {
      const id = cellId(prefix, finding.field);
      if (at.article.querySelector(`[id="${id}"]`)) {
        links.append(el('a', { href: `#${id}`, onclick: (/** @type {Event} */ e) => { e.preventDefault(); focusCell(id); } }, tr('定位单元格')));
      }
    }
    if (finding.cell) {
      links.append(el('span', { class: 'cell-ref' }, finding.cell));
    } else if (finding.line) {
      const line = finding.line;
      if (state.checkedText !== null && isPasted(report)) {
        links.append(el('button', { type: 'button', onclick: () => selectLine(line) }, tr('第 {n} 行', { n: line })));
      } else {
        links.append(tr('第 {n} 行', { n: line }));
      }
    }
    const figures = finding.found !== null && finding.found !== undefined && finding.expected !== null && finding.expected !== undefined
      ? el('span', { class: 'figures' }, tr('填报 {found} · 应为 {expected}', { found: finding.found, expected: finding.expected }))
      : null;
    const title = titles.get(finding.code);
    const li = el('li', {
      class: `${finding.severity}${finding.dismissed ? ' dismissed' : ''}`, 'data-code': finding.code,
      'data-line': finding.line || '', 'data-index': i, 'data-field': finding.field || '',
    },
    el('span', { class: `badge ${finding.severity}` }, el('span', { 'aria-hidden': 'true' }, `${MARK[finding.severity]} `), severityWord(finding.severity)),
    el('code', {}, finding.code), ' ',
    language() === 'en' && title ? el('span', { class: 'title-en', lang: 'en' }, `${title}. `) : null,
    el('span', { lang: 'zh-CN' }, finding.message), figures, links);
    if (at && form) {
      if (finding.dismissed) li.append(...dismissed(finding, form, at, prefix, i));
      else li.append(actions(finding, form, at, prefix, i));
    } else if (finding.dismissed) {
      li.append(el('span', { class: 'dismissal' }, tr('已忽略（没有填写理由）')));
    }
    list.append(li);
  });
  return list;
}

/**
 * Where focus goes after an action on finding `i`: the finding now in its place, or the heading.
 * @param {string} prefix
 * @param {number} i
 */
const nextFinding = (prefix, i) => () => {
  const article = document.getElementById(prefix);
  if (!article) return null;
  const items = article.querySelectorAll('.findings > li');
  return /** @type {HTMLElement | null} */ (items[Math.min(i, items.length - 1)] || article.querySelector('h5'));
};

/**
 * A dismissed finding's note and its 恢复 button.
 * @param {Finding} finding @param {FormReport} form @param {{ d: number, f: number }} at @param {string} prefix @param {number} i
 */
function dismissed(finding, form, at, prefix, i) {
  const entry = form.corrections.findLast((c) => c.by === 'dismissed' && c.code === finding.code && c.field === (finding.field || ''));
  return [
    el('span', { class: 'dismissal' }, entry && entry.note ? tr('已忽略：{note}', { note: entry.note }) : tr('已忽略（没有填写理由）')),
    el('span', { class: 'finding-actions' }, el('button', {
      type: 'button', class: 'restore', title: tr('恢复这条问题'),
      onclick: () => act(at.d, at.f, { kind: 'restore', code: finding.code, field: finding.field ?? null },
        () => tr('已恢复：{code}。', { code: finding.code }), nextFinding(prefix, i)),
    }, tr('恢复'))),
  ];
}

/**
 * 采纳 (accept the fix) and 忽略 (dismiss, with an optional note) for a finding on a form.
 * @param {Finding} finding @param {FormReport} form @param {{ d: number, f: number }} at @param {string} prefix @param {number} i
 */
function actions(finding, form, at, prefix, i) {
  const box = el('span', { class: 'finding-actions' });
  const next = nextFinding(prefix, i);
  const fix = finding.fix;
  if (fix && finding.field) {
    const field = finding.field;
    const label = fieldLabel(form, fix.field);
    box.append(el('button', {
      type: 'button', class: 'accept',
      'aria-label': `${tr('采纳 {value}', { value: fix.value })}：${tr('采纳建议：把 {field} 改为 {value}', { field: label, value: fix.value })}`,
      onclick: () => act(at.d, at.f, { kind: 'accept', code: finding.code, field },
        () => tr('已采纳：{field} 改为 {to}。', { field: label, to: fix.value }), next),
    }, tr('采纳 {value}', { value: fix.value })));
  }
  const dismiss = el('button', { type: 'button', class: 'dismiss', title: tr('忽略这条问题') }, tr('忽略…'));
  dismiss.addEventListener('click', () => {
    const note = el('input', { type: 'text', class: 'note', 'aria-label': tr('忽略理由（可选）'), placeholder: tr('忽略理由（可选）') });
    const confirm = el('button', { type: 'button', class: 'confirm-dismiss' }, tr('确定忽略'));
    const cancel = el('button', { type: 'button' }, tr('取消'));
    const group = el('span', { class: 'dismiss-form', role: 'group', 'aria-label': tr('忽略这条问题') }, note, confirm, cancel);
    const close = () => { group.replaceWith(dismiss); dismiss.focus(); };
    const ok = () => act(at.d, at.f, { kind: 'dismiss', code: finding.code, field: finding.field ?? null, note: note.value },
      () => tr('已忽略：{code}。', { code: finding.code }), next);
    confirm.addEventListener('click', ok);
    cancel.addEventListener('click', close);
    group.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
      if (e.key === 'Enter' && e.target === note) { e.preventDefault(); ok(); }
    });
    dismiss.replaceWith(group);
    note.focus();
  });
  box.append(dismiss);
  return box;
}

/** A form's audit trail, the JSON's `corrections`. @param {FormReport} form */
export function renderTrail(form) {
  const wrap = el('details', { class: 'trail', open: true },
    el('summary', {}, tr('修改记录（{n}）', { n: form.corrections.length })));
  const table = el('table', { class: 'corrections' },
    el('thead', {}, el('tr', {}, ...['方式', '字段', '原值', '新值', '问题代码', '理由', '时间'].map((h) => el('th', { scope: 'col' }, tr(h))))));
  table.append(el('tbody', {}, form.corrections.map((c) => el('tr', { 'data-by': c.by, 'data-field': c.field },
    el('td', {}, trailWord(c.by)),
    el('td', {}, c.field ? fieldLabel(form, c.field) : '—', c.field ? el('code', {}, ` ${c.field}`) : null),
    el('td', { class: 'num' }, show(c.from)),
    el('td', { class: 'num' }, show(c.to)),
    el('td', {}, c.code ? el('code', {}, c.code) : '—'),
    el('td', {}, show(c.note)),
    el('td', {}, c.at ? new Date(c.at).toLocaleString(language() === 'en' ? 'en-GB' : 'zh-CN') : '—'),
  ))));
  wrap.append(table);
  return wrap;
}
