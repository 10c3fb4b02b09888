// The page: input, rendering, editing, downloads. It decides nothing about scoring: every
// figure and finding comes from the core (through the worker), and every edit, accepted fix or
// dismissal goes back through the core, which checks the form again. User text reaches the DOM
// only as text nodes; nothing here uses innerHTML.
//
// The single-file build (scripts/assemble-web.mjs) inlines this file after i18n.js and
// charts.js, dropping the import lines.
import { language, setLanguage, tr } from './i18n.js';
import { codeChart, levelChart, spreadChart } from './charts.js';

const SEVERITY = {
  error: { zh: '错误', en: 'Error', mark: '✖' },
  warning: { zh: '警告', en: 'Warning', mark: '▲' },
  info: { zh: '提示', en: 'Note', mark: '●' },
};
/** A severity in the interface's language (singular, for a badge). */
const severityWord = (sev) => SEVERITY[sev][language() === 'en' ? 'en' : 'zh'];
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const BY_ZH = { auto: '自动更正', accepted: '采纳', edited: '修改', dismissed: '忽略', restored: '已恢复' };
const PASTE_NAME = '粘贴的文本';
const AUTO_CHECK_LIMIT = 2 * 1024 * 1024;
const STORE_KEY = 'jixiao.session.v1';
const FUND_LABELS = { total: '年度资金总额', appropriation: '其中：当年财政拨款', carryover: '上年结转资金', other: '其他资金' };
const FUND_COLS = { initial_budget: '年初预算数', annual_budget: '全年预算数', executed: '全年执行数', weight: '分值', rate: '执行率', score: '得分' };
const IND_COLS = { name: '三级指标', target: '年度指标值', actual: '实际完成值', weight: '分值', score: '得分', reason: '偏差原因分析' };
const HEADER_FIELDS = { project: '项目名称', department: '主管部门', implementer: '实施单位', year: '年度', unit: '金额单位', total: '总分（填报）', grade: '评分等级（填报）' };

/** Builds an element; strings become text nodes, never markup. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const show = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** A cell id from a finding's field path (`indicators[3].score` → `…-indicators-3-score`). */
function cellId(prefix, field) {
  return `${prefix}-${field.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** What a field is called, for screen readers and the audit trail. */
function fieldLabel(form, field) {
  let m = /^funds\.(\w+)\.(\w+)$/.exec(field);
  if (m) return `${FUND_LABELS[m[1]] || m[1]} ${FUND_COLS[m[2]] || m[2]}`;
  m = /^indicators\[(\d+)\]\.(\w+)$/.exec(field);
  if (m) {
    const ind = form && form.indicators[Number(m[1])];
    return `指标“${ind ? ind.name : m[1]}” ${IND_COLS[m[2]] || m[2]}`;
  }
  return HEADER_FIELDS[field] || field;
}

// ---- Clipboard and files: HTML tables become tab-separated rows -------------------------

/** The text of a table cell, with line breaks where the cell had paragraphs or <br>. */
function cellText(node) {
  let out = '';
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) {
      out += n.nodeValue.replace(/[\s\u00a0]+/g, ' ');
      return;
    }
    if (n.nodeType !== Node.ELEMENT_NODE) return;
    const tag = n.tagName.toLowerCase();
    if (tag === 'script' || tag === 'style') return;
    if (tag === 'br') { out += '\n'; return; }
    const block = ['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag);
    if (block && out && !out.endsWith('\n')) out += '\n';
    n.childNodes.forEach(walk);
    if (block && !out.endsWith('\n')) out += '\n';
  };
  walk(node);
  return out.split('\n').map((l) => l.trim()).filter(Boolean).join('\n');
}

function tsvCell(text) {
  return /[\t\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every <table> in an HTML string as tab-separated rows, merged cells expanded the way Excel
 * copies them (the text in the first cell, the others empty). Returns null when there is no
 * table. DOMParser documents run no script and load nothing.
 */
export function tablesToTsv(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const tables = [...doc.querySelectorAll('table')].filter((t) => !t.parentElement.closest('table'));
  if (!tables.length) return null;
  const blocks = tables.map((table) => {
    const grid = [];
    const rows = [...table.rows];
    rows.forEach((tr, r) => {
      grid[r] = grid[r] || [];
      let c = 0;
      for (const td of tr.cells) {
        while (grid[r][c] !== undefined) c++;
        const rowspan = Math.max(1, Math.min(td.rowSpan || 1, rows.length - r));
        const colspan = Math.max(1, Math.min(td.colSpan || 1, 200));
        for (let i = 0; i < rowspan; i++) {
          grid[r + i] = grid[r + i] || [];
          for (let j = 0; j < colspan; j++) grid[r + i][c + j] = i === 0 && j === 0 ? cellText(td) : '';
        }
        c += colspan;
      }
    });
    return grid.map((row) => Array.from(row, (v) => tsvCell(v || '')).join('\t')).join('\n');
  });
  return blocks.join('\n\n');
}

/** Decodes a text file the way the core does: BOM, strict UTF-8, then GB18030. */
function decodeText(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}


// ---- The page ------------------------------------------------------------------------------

export function start({ makeWorker, loadExample }) {
  const $ = (id) => document.getElementById(id);
  const source = $('source');
  const status = $('status');
  const announcer = $('announce');
  const progress = $('progress');
  const errorBox = $('error');
  const results = $('results');
  const docsBox = $('docs');
  const rounding = $('rounding');
  const keep = $('keep');

  let worker = null;
  let nextId = 1;
  const pending = new Map();
  let reports = [];
  let checkedText = null;
  let autoTimer = null;
  let undoStack = [];
  let redoStack = [];
  let titles = new Map();
  let queue = Promise.resolve();

  function spawn() {
    worker = makeWorker();
    worker.onmessage = (event) => {
      const job = pending.get(event.data.id);
      if (!job) return;
      pending.delete(event.data.id);
      if (event.data.fatal) restart();
      if (event.data.ok) job.resolve(event.data);
      else job.reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const err = new Error(event.message || '检查程序无法启动');
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      restart();
    };
  }

  function restart() {
    if (worker) worker.terminate();
    worker = null;
  }

  function run(message, transfer) {
    if (!worker) spawn();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, rounding: rounding.value, ...message }, transfer || []);
    });
  }

  function setBusy(text) {
    progress.hidden = !text;
    status.textContent = text || '';
  }

  function showError(message) {
    errorBox.hidden = !message;
    errorBox.textContent = message || '';
  }

  /** Says something to screen readers (and shows it in the status line). */
  function announce(text) {
    status.textContent = text;
    announcer.textContent = '';
    // A fresh text node each time, so that the same words are announced again.
    setTimeout(() => { announcer.textContent = text; }, 30);
  }

  // ---- Checking ----

  /**
   * Checks a list of inputs `{name, text}`, `{name, bytes}` or `{name, json}` (a downloaded
   * report to continue); the input box is never touched.
   */
  async function checkAll(inputs) {
    showError('');
    const done = [];
    const failures = [];
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      const size = input.bytes ? input.bytes.byteLength : (input.text || input.json || '').length * 2;
      const mb = size > 1e6 ? `（${(size / 1048576).toFixed(1)} MB）` : '';
      setBusy(tr('正在检查 {i}/{n}：{name}{size}…', { i: i + 1, n: inputs.length, name: input.name, size: mb }));
      try {
        if (input.json !== undefined) {
          done.push(...(await run({ kind: 'resume', text: input.json })).report);
        } else {
          const answer = input.text !== undefined
            ? await run({ kind: 'text', text: input.text, name: input.name })
            : await run({ kind: 'bytes', bytes: input.bytes, name: input.name });
          done.push(answer.report);
        }
      } catch (err) {
        failures.push(`${input.name}：${err.message}`);
      }
    }
    setBusy('');
    if (failures.length) showError(`${tr('有输入未能检查，原文保持不变：')}\n${failures.join('\n')}`);
    if (done.length) {
      // A new check replaces the results, edits and all: one step that undo takes back.
      if (reports.length) undoStack.push({ reports, focus: null, d: null, f: null });
      redoStack = [];
      reports = done;
      render();
      save();
      const s = totalsOf(done);
      announce(tr('已检查 {docs} 份输入，共 {forms} 张表：错误 {errors}，警告 {warnings}，提示 {infos}。', {
        docs: done.length, forms: s.forms, errors: s.error, warnings: s.warning, infos: s.info,
      }));
    }
    return done;
  }

  function checkPasted() {
    clearTimeout(autoTimer);
    const text = source.value;
    if (!text.trim()) {
      showError(tr('请先粘贴自评表，或选择文件。'));
      return Promise.resolve([]);
    }
    checkedText = text;
    return checkAll([{ name: PASTE_NAME, text }]);
  }

  async function checkFiles(files) {
    const inputs = [];
    for (const file of files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (/\.jsonl?$/i.test(file.name) || file.type === 'application/json') {
        inputs.push({ name: file.name, json: decodeText(bytes) });
      } else if (/\.html?$/i.test(file.name) || file.type === 'text/html') {
        // Web pages are read with the browser's own HTML parser (no script runs, nothing loads).
        const tsv = tablesToTsv(decodeText(bytes));
        if (tsv === null) {
          showError(`${file.name}：${tr('网页中没有表格。')}`);
          continue;
        }
        inputs.push({ name: file.name, text: tsv });
      } else {
        inputs.push({ name: file.name, bytes });
      }
    }
    if (inputs.length) await checkAll(inputs);
  }

  // ---- Revising: every action goes through the core; undo and redo swap whole states ----

  /**
   * Applies a user's action to form `f` of document `d`, then focuses `focus` (a function
   * returning the element to focus after rendering). Actions run one after another.
   */
  function act(d, f, action, describe, focus) {
    queue = queue.then(async () => {
      showError('');
      const before = reports;
      let answer;
      try {
        // Only the form travels, beside its document's summary, which the core adjusts.
        const shell = { ...before[d], forms: [before[d].forms[f]], unplaced: [] };
        answer = await run({ kind: 'revise', report: shell, form: 0, action: { ...action, at: new Date().toISOString() } });
      } catch (err) {
        showError(err.message);
        announce(err.message);
        return false;
      }
      undoStack.push({ reports: before, focus, d, f });
      redoStack = [];
      const doc = { ...before[d], summary: answer.report.summary };
      doc.forms = before[d].forms.map((x, i) => (i === f ? answer.report.forms[0] : x));
      reports = before.map((r, i) => (i === d ? doc : r));
      rerenderForm(d, f);
      save();
      const form = reports[d].forms[f];
      announce(`${describe(form)} ${formSummary(form)}`);
      restoreFocus(focus);
      return true;
    });
    return queue;
  }

  function formSummary(form) {
    const count = (sev) => form.findings.filter((x) => x.severity === sev && !x.dismissed).length;
    return tr('本表总分 {total}，等级 {grade}；错误 {errors}，警告 {warnings}，提示 {infos}。', {
      total: show(form.recomputed.total), grade: show(form.recomputed.grade),
      errors: count('error'), warnings: count('warning'), infos: count('info'),
    });
  }

  function restoreFocus(focus) {
    const target = focus && focus();
    if (target) {
      if (!target.hasAttribute('tabindex') && !/^(BUTTON|INPUT|A|TEXTAREA|SELECT)$/.test(target.tagName)) {
        target.setAttribute('tabindex', '-1');
      }
      target.focus();
    }
  }

  /** Moves one step from `from` to `to` (undo: from the undo stack to the redo stack). */
  function travel(from, to, nothing, done) {
    if (!from.length) { announce(nothing); return; }
    const step = from.pop();
    to.push({ ...step, reports });
    reports = step.reports;
    if (step.d === null) render();
    else rerenderForm(step.d, step.f);
    save();
    announce(done);
    restoreFocus(step.focus);
  }

  const undo = () => travel(undoStack, redoStack, tr('没有可撤销的操作。'), tr('已撤销。'));
  const redo = () => travel(redoStack, undoStack, tr('没有可重做的操作。'), tr('已重做。'));

  // ---- Keeping the session on this device, only when asked ----

  function save() {
    if (!keep.checked) return;
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify({ v: 1, lang: language(), source: source.value, reports }));
    } catch (err) {
      // Over the browser's quota (a very large session) or storage switched off: keep nothing.
      keep.checked = false;
      forget();
      showError(tr('本设备无法保存：{why}', { why: err.message }));
    }
  }

  function forget() {
    try { localStorage.removeItem(STORE_KEY); } catch { /* storage unavailable: nothing kept */ }
  }

  function restore() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORE_KEY) || 'null'); } catch { saved = null; }
    if (!saved || saved.v !== 1 || !Array.isArray(saved.reports)) return false;
    keep.checked = true;
    if (saved.lang) switchLanguage(saved.lang);
    source.value = saved.source || '';
    reports = saved.reports;
    if (reports.length) render();
    announce(tr('已恢复上次保存在本设备的记录。'));
    return true;
  }

  // ---- Rendering ----

  function findingsByField(form) {
    const map = new Map();
    for (const f of form.findings) {
      if (!f.field || f.dismissed) continue;
      const prev = map.get(f.field);
      if (!prev || SEVERITY_RANK[f.severity] < SEVERITY_RANK[prev.severity]) map.set(f.field, f);
    }
    return map;
  }

  function totalsOf(list) {
    const t = { docs: list.length, forms: 0, withErrors: 0, error: 0, warning: 0, info: 0, dismissed: 0 };
    for (const r of list) {
      t.forms += r.summary.forms;
      t.withErrors += r.summary.forms_with_errors;
      t.error += r.summary.errors;
      t.warning += r.summary.warnings;
      t.info += r.summary.infos;
      t.dismissed += r.summary.dismissed || 0;
    }
    return t;
  }

  function render() {
    docsBox.replaceChildren(...reports.map((report, d) => renderDoc(report, d)));
    renderSummary();
  }

  /** Renders form `f` of document `d` again, with its document's overview and the summary. */
  function rerenderForm(d, f) {
    const old = document.getElementById(`d${d}-f${f}`);
    const oldOverview = old && old.closest('section.doc').querySelector('.overview');
    if (!old || !oldOverview) {
      render();
      return;
    }
    old.replaceWith(renderForm(reports[d], reports[d].forms[f], d, f));
    oldOverview.replaceWith(renderOverview(reports[d]));
    renderSummary();
  }

  function renderSummary() {
    const t = totalsOf(reports);
    const strong = (n, id) => el('strong', id ? { 'data-testid': id } : {}, n);
    const part = (zh, n, attrs, id) => {
      const [before, after] = tr(zh, { n: '\u0000' }).split('\u0000');
      return el('span', attrs || {}, before, strong(n, id), after);
    };
    $('summary').replaceChildren(
      part('输入 {n} 份', t.docs),
      part('自评表 {n} 张', t.forms, null, 'form-count'),
      part('有错误的表 {n} 张', t.withErrors, null, 'forms-with-errors'),
      part('错误 {n}', t.error, { class: 'sev-error' }),
      part('警告 {n}', t.warning, { class: 'sev-warning' }),
      part('提示 {n}', t.info, { class: 'sev-info' }),
      part('已忽略 {n}', t.dismissed, { class: 'sev-dismissed' }),
    );
    results.hidden = false;
    $('undo').disabled = !undoStack.length;
    $('redo').disabled = !redoStack.length;
    applyFilter();
  }

  function renderDoc(report, d) {
    const section = el('section', { class: 'doc', 'data-source': report.source.name });
    section.append(el('h3', {}, report.source.name, ' ', el('code', {}, report.source.encoding)));
    if (!report.forms.length) section.append(el('p', {}, tr('没有识别出自评表。')));
    section.append(renderOverview(report));
    if (report.findings.length) section.append(renderFindings(report.findings, `d${d}`, report, null));
    report.forms.forEach((form, f) => section.append(renderForm(report, form, d, f)));
    return section;
  }

  /** The pictures across a document's forms (an empty box when there is nothing to draw). */
  function renderOverview(report) {
    const spread = spreadChart(report.forms);
    const codes = codeChart(report);
    return el('div', { class: 'overview' },
      (spread || codes) && el('h4', {}, tr('概览')),
      spread && el('figure', {}, spread, el('figcaption', {}, `${tr('总分分布与等级区间')}：${spread.querySelector('desc').textContent}`)),
      codes && el('figure', {}, codes, el('figcaption', {}, tr('问题数（按代码）'))));
  }

  function renderForm(report, form, d, f) {
    const prefix = `d${d}-f${f}`;
    const flags = findingsByField(form);
    const corrected = new Map(form.corrections.filter((c) => c.by === 'auto').map((c) => [c.field, c]));
    const printed = (field, value) => (corrected.has(field) ? corrected.get(field).from : value);

    /** A cell; with an editable field, a button that opens an editor (roving tab stop). */
    const cell = (tag, field, value, cls, editable) => {
      const attrs = { class: cls || '' };
      let marker = null;
      if (field) {
        attrs.id = cellId(prefix, field);
        const hit = flags.get(field);
        if (hit) {
          attrs.class = `${attrs.class} flag-${hit.severity}`.trim();
          attrs.title = hit.message;
          marker = el('span', { class: 'mark', 'aria-hidden': 'true' }, SEVERITY[hit.severity].mark);
        }
      }
      if (!editable) return el(tag, attrs, show(value), marker);
      const hit = flags.get(field);
      const label = `${fieldLabel(form, field)}：${show(value)}${hit ? `（${severityWord(hit.severity)}）` : ''}${tr('，按 Enter 修改')}`;
      const button = el('button', {
        type: 'button', class: 'cell', tabindex: '-1', 'data-field': field, 'data-doc': d, 'data-form': f,
        'data-value': value === null || value === undefined ? '' : String(value), 'aria-label': label,
      }, show(value));
      return el(tag, attrs, button, marker);
    };
    const td = (field, value, cls) => cell('td', field, value, cls, false);
    const ed = (field, value, cls) => cell('td', field, value, cls, true);

    const article = el('article', { class: 'form', id: prefix, 'data-project': form.project || '', 'data-doc': d, 'data-form': f });
    const main = el('div', { class: 'form-main' });
    const side = el('aside', { class: 'form-side', 'aria-label': `${form.project || prefix}：${tr('发现的问题（{n}）', { n: form.findings.length })}` });
    article.append(el('h4', {}, form.project || tr('（未找到项目名称）')), main, side);
    const fact = (label, field, value) => [el('dt', {}, tr(label)), cell('dd', field, value, '', true)];
    main.append(el('dl', { class: 'facts editable' },
      fact('项目名称', 'project', form.project),
      fact('主管部门', 'department', form.department),
      fact('实施单位', 'implementer', form.implementer),
      fact('年度', 'year', form.year),
      fact('金额单位', 'unit', form.unit),
      el('dt', {}, tr('输入行')), el('dd', {}, tr('第 {a}–{b} 行', { a: form.lines.start, b: form.lines.end })),
      el('dt', {}, tr('两位小数口径')),
      el('dd', {}, tr(form.recomputed.rounding === 'truncate' ? '截位' : '四舍五入')),
    ));

    const funds = el('table', { class: 'funds editable' },
      el('caption', {}, tr('项目资金')),
      el('thead', {}, el('tr', {}, ...['资金', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率（填报）', '执行率（核算）', '得分（填报）', '得分（核算）'].map((h) => el('th', { scope: 'col' }, h)))));
    const fbody = el('tbody');
    for (const [kind, label] of Object.entries(FUND_LABELS)) {
      const row = form.funds[kind];
      if (!row) continue;
      const base = `funds.${kind}`;
      const isTotal = kind === 'total';
      fbody.append(el('tr', {},
        el('th', { scope: 'row' }, label),
        ed(`${base}.initial_budget`, row.initial_budget, 'num'),
        ed(`${base}.annual_budget`, row.annual_budget, 'num'),
        ed(`${base}.executed`, row.executed, 'num'),
        ed(`${base}.weight`, row.weight, 'num'),
        ed(`${base}.rate`, printed(`${base}.rate`, row.rate), 'num'),
        td(null, isTotal ? form.recomputed.rate : row.rate, 'num'),
        ed(`${base}.score`, printed(`${base}.score`, row.score), 'num'),
        td(null, isTotal ? form.recomputed.execution_score : null, 'num'),
      ));
    }
    funds.append(fbody);
    main.append(funds);

    if (form.goals.planned || form.goals.achieved) {
      main.append(el('table', { class: 'goals' },
        el('caption', {}, tr('年度总体目标')),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '预期目标'), el('th', { scope: 'col' }, '实际完成情况'))),
        el('tbody', {}, el('tr', {}, el('td', {}, show(form.goals.planned)), el('td', {}, show(form.goals.achieved))))));
    }

    const inds = el('table', { class: 'indicators editable' },
      el('caption', {}, tr('绩效指标')),
      el('thead', {}, el('tr', {}, ...['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析', '行'].map((h) => el('th', { scope: 'col', class: h === '行' ? 'line' : null }, h)))));
    const ibody = el('tbody');
    let l1 = null;
    let l2 = null;
    form.indicators.forEach((ind, i) => {
      const base = `indicators[${i}]`;
      const newL1 = ind.level1 !== l1;
      const newL2 = newL1 || ind.level2 !== l2;
      l1 = ind.level1;
      l2 = ind.level2;
      ibody.append(el('tr', {},
        el('td', {}, newL1 ? show(ind.level1) : ''),
        el('td', {}, newL2 ? show(ind.level2) : ''),
        ed(`${base}.name`, ind.name),
        ed(`${base}.target`, ind.target && ind.target.text),
        ed(`${base}.actual`, ind.actual && ind.actual.text),
        ed(`${base}.weight`, ind.weight, 'num'),
        ed(`${base}.score`, ind.score, 'num'),
        ed(`${base}.reason`, ind.reason, 'reason'),
        el('td', { class: 'num line' }, ind.line),
      ));
    });
    inds.append(ibody);
    main.append(inds);

    const r = form.reported;
    const rc = form.recomputed;
    main.append(el('table', { class: 'totals editable' },
      el('caption', {}, tr('总分与评分等级')),
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row' }, '分值合计（核算）'), td('recomputed.weight_total', rc.weight_total, 'num'),
          el('th', { scope: 'row' }, '指标得分合计（核算）'), el('td', { class: 'num' }, show(rc.indicator_score))),
        el('tr', {}, el('th', { scope: 'row' }, '总分（填报）'), ed('total', r.total, 'num'),
          el('th', { scope: 'row' }, '总分（核算）'), el('td', { class: `num${r.total !== rc.total ? ' diff' : ''}`, 'data-testid': 'total' }, show(rc.total))),
        el('tr', {}, el('th', { scope: 'row' }, '评分等级（填报）'), ed('grade', r.grade),
          el('th', { scope: 'row' }, '评分等级（核算）'), el('td', { class: r.grade && r.grade !== rc.grade ? 'diff' : '', 'data-testid': 'grade' }, show(rc.grade))),
      )));
    const chart = levelChart(form);
    if (chart) side.append(el('figure', { class: 'levels-figure' }, chart, el('figcaption', {}, tr('分值与得分（按一级指标）'))));
    side.append(el('h5', {}, tr('发现的问题（{n}）', { n: form.findings.length })));
    side.append(renderFindings(form.findings, prefix, report, article, d, f));
    if (form.corrections.length) side.append(renderTrail(form));
    // One tab stop per table: the first editable cell; arrow keys move among the others.
    for (const group of article.querySelectorAll('.editable')) {
      const first = group.querySelector('button.cell');
      if (first) first.tabIndex = 0;
    }
    return article;
  }

  function renderTrail(form) {
    const wrap = el('details', { class: 'trail', open: true },
      el('summary', {}, tr('修改记录（{n}）', { n: form.corrections.length })));
    const table = el('table', { class: 'corrections' },
      el('thead', {}, el('tr', {}, ...['方式', '字段', '原值', '新值', '问题代码', '理由', '时间'].map((h) => el('th', { scope: 'col' }, tr(h))))));
    table.append(el('tbody', {}, form.corrections.map((c) => el('tr', { 'data-by': c.by, 'data-field': c.field },
      el('td', {}, tr(BY_ZH[c.by] || c.by)),
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

  function renderFindings(findings, prefix, report, article, d, f) {
    const list = el('ul', { class: 'findings' });
    if (!findings.length) list.append(el('li', { class: 'none' }, tr('未发现问题')));
    const form = article ? report.forms[f] : null;
    findings.forEach((finding, i) => {
      const links = el('span', { class: 'links' });
      if (finding.field && article) {
        const id = cellId(prefix, finding.field);
        if (article.querySelector(`[id="${id}"]`)) {
          links.append(el('a', { href: `#${id}`, onclick: (e) => { e.preventDefault(); focusCell(id); } }, tr('定位单元格')));
        }
      }
      if (finding.cell) {
        links.append(el('span', { class: 'cell-ref' }, finding.cell));
      } else if (finding.line) {
        if (report.source.name === PASTE_NAME && checkedText !== null) {
          links.append(el('button', { type: 'button', onclick: () => selectLine(finding.line) }, tr('第 {n} 行', { n: finding.line })));
        } else {
          links.append(tr('第 {n} 行', { n: finding.line }));
        }
      }
      const figures = finding.found !== null && finding.expected !== null
        ? el('span', { class: 'figures' }, tr('填报 {found} · 应为 {expected}', { found: finding.found, expected: finding.expected }))
        : null;
      const title = titles.get(finding.code);
      const li = el('li', {
        class: `${finding.severity}${finding.dismissed ? ' dismissed' : ''}`, 'data-code': finding.code,
        'data-line': finding.line || '', 'data-index': i, 'data-field': finding.field || '',
      },
      el('span', { class: `badge ${finding.severity}` }, el('span', { 'aria-hidden': 'true' }, `${SEVERITY[finding.severity].mark} `), severityWord(finding.severity)),
      el('code', {}, finding.code), ' ',
      language() === 'en' && title ? el('span', { class: 'title-en', lang: 'en' }, `${title}. `) : null,
      el('span', { lang: 'zh-CN' }, finding.message), figures, links);
      if (finding.dismissed) {
        const entry = form && form.corrections.findLast((c) => c.by === 'dismissed' && c.code === finding.code && c.field === (finding.field || ''));
        li.append(el('span', { class: 'dismissal' }, entry && entry.note ? tr('已忽略：{note}', { note: entry.note }) : tr('已忽略（没有填写理由）')));
        if (article) {
          const next = () => document.getElementById(prefix)?.querySelectorAll('.findings > li')[i];
          li.append(el('span', { class: 'finding-actions' }, el('button', {
            type: 'button', class: 'restore', title: tr('恢复这条问题'),
            onclick: () => act(d, f, { kind: 'restore', code: finding.code, field: finding.field },
              () => tr('已恢复：{code}。', { code: finding.code }), next),
          }, tr('恢复'))));
        }
      } else if (article) {
        li.append(actions(finding, d, f, prefix, i));
      }
      list.append(li);
    });
    return list;
  }

  /** 采纳 (accept the fix) and 忽略 (dismiss, with an optional note) for a finding on a form. */
  function actions(finding, d, f, prefix, i) {
    const box = el('span', { class: 'finding-actions' });
    const next = () => {
      const article = document.getElementById(prefix);
      if (!article) return null;
      const items = article.querySelectorAll('.findings > li');
      return items[Math.min(i, items.length - 1)] || article.querySelector('h5');
    };
    if (finding.fix) {
      const label = fieldLabel(reports[d].forms[f], finding.fix.field);
      box.append(el('button', {
        type: 'button', class: 'accept',
        'aria-label': `${tr('采纳 {value}', { value: finding.fix.value })}：${tr('采纳建议：把 {field} 改为 {value}', { field: label, value: finding.fix.value })}`,
        onclick: () => act(d, f, { kind: 'accept', code: finding.code, field: finding.field },
          (form) => tr('已采纳：{field} 改为 {to}。', { field: label, to: finding.fix.value }), next),
      }, tr('采纳 {value}', { value: finding.fix.value })));
    }
    const dismiss = el('button', { type: 'button', class: 'dismiss', title: tr('忽略这条问题') }, tr('忽略…'));
    dismiss.addEventListener('click', () => {
      const note = el('input', { type: 'text', class: 'note', 'aria-label': tr('忽略理由（可选）'), placeholder: tr('忽略理由（可选）') });
      const confirm = el('button', { type: 'button', class: 'confirm-dismiss' }, tr('确定忽略'));
      const cancel = el('button', { type: 'button' }, tr('取消'));
      const form = el('span', { class: 'dismiss-form', role: 'group', 'aria-label': tr('忽略这条问题') }, note, confirm, cancel);
      const close = () => { form.replaceWith(dismiss); dismiss.focus(); };
      const ok = () => act(d, f, { kind: 'dismiss', code: finding.code, field: finding.field, note: note.value },
        () => tr('已忽略：{code}。', { code: finding.code }), next);
      confirm.addEventListener('click', ok);
      cancel.addEventListener('click', close);
      form.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
        if (e.key === 'Enter' && e.target === note) { e.preventDefault(); ok(); }
      });
      dismiss.replaceWith(form);
      note.focus();
    });
    box.append(dismiss);
    return box;
  }

  function focusCell(id) {
    const cell = document.getElementById(id);
    if (!cell) return;
    cell.scrollIntoView({ block: 'center' });
    const button = cell.querySelector('button.cell');
    if (button) {
      rove(button);
    } else {
      cell.setAttribute('tabindex', '-1');
      cell.focus();
    }
    history.replaceState(null, '', `#${id}`);
  }

  /** Selects input line `n` (1-based) in the paste box and scrolls to it. */
  function selectLine(n) {
    if (checkedText !== source.value) {
      showError(tr('输入框的内容在检查后已改动，行号可能不再对应。'));
    }
    const lines = source.value.split('\n');
    let start = 0;
    for (let i = 0; i < n - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const end = start + (lines[n - 1] || '').length;
    source.focus();
    source.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 18;
    source.scrollTop = Math.max(0, (n - 3) * lineHeight);
  }

  function applyFilter() {
    for (const box of document.querySelectorAll('#filters input')) {
      docsBox.classList.toggle(`hide-${box.value}`, !box.checked);
    }
  }

  // ---- Editing cells ----

  /** Makes `button` its table's tab stop and focuses it. */
  function rove(button) {
    const group = button.closest('.editable');
    if (group) for (const b of group.querySelectorAll('button.cell')) b.tabIndex = -1;
    button.tabIndex = 0;
    button.focus();
  }

  /** The editable cell an arrow key leads to from `button`, or null. */
  function neighbour(button, key) {
    const group = button.closest('.editable');
    const all = [...group.querySelectorAll('button.cell')];
    const at = all.indexOf(button);
    if (key === 'ArrowLeft') return all[at - 1] || null;
    if (key === 'ArrowRight') return all[at + 1] || null;
    if (key === 'Home') return all[0];
    if (key === 'End') return all[all.length - 1];
    // Up and down: the nearest cell in another row, closest in column.
    const box = button.getBoundingClientRect();
    const below = key === 'ArrowDown';
    let best = null;
    let bestScore = Infinity;
    for (const b of all) {
      const r = b.getBoundingClientRect();
      const dy = below ? r.top - box.top : box.top - r.top;
      if (dy <= 2) continue;
      const score = dy * 1000 + Math.abs(r.left - box.left);
      if (score < bestScore) { best = b; bestScore = score; }
    }
    return best;
  }

  function startEdit(button) {
    const d = Number(button.dataset.doc);
    const f = Number(button.dataset.form);
    const field = button.dataset.field;
    const original = button.dataset.value;
    const form = reports[d].forms[f];
    const long = /\.(reason|name|target|actual)$|^(project|department|implementer)$/.test(field);
    const input = el(long ? 'textarea' : 'input', {
      class: 'cell-input', 'aria-label': `${fieldLabel(form, field)}（Enter 确认，Esc 取消）`,
      'aria-describedby': 'error', type: long ? null : 'text', rows: long ? 3 : null,
    });
    input.value = original;
    let finished = false;
    const finish = (commit) => {
      if (finished) return;
      finished = true;
      const value = input.value;
      if (!commit || value === original) {
        input.replaceWith(button);
        rove(button);
        return;
      }
      const label = fieldLabel(form, field);
      const focusBack = () => {
        const again = document.querySelector(`button.cell[data-doc="${d}"][data-form="${f}"][data-field="${CSS.escape(field)}"]`);
        if (again) rove(again);
        return again;
      };
      act(d, f, { kind: 'edit', field, value },
        () => tr('已把 {field} 从 {from} 改为 {to}。', { field: label, from: show(original), to: show(value.trim()) }),
        focusBack).then((ok) => {
        if (ok === false && input.isConnected) {
          // Refused (not a number, …): the editor stays open with what the user typed.
          finished = false;
          input.setAttribute('aria-invalid', 'true');
          input.focus();
        }
      });
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); finish(false); }
      if (e.key === 'Enter' && !(long && e.shiftKey)) { e.preventDefault(); e.stopPropagation(); finish(true); }
    });
    input.addEventListener('blur', () => { if (!finished && input.getAttribute('aria-invalid') !== 'true') finish(true); });
    button.replaceWith(input);
    input.focus();
    input.select();
  }

  docsBox.addEventListener('click', (e) => {
    const button = e.target.closest('button.cell');
    if (button) { rove(button); startEdit(button); }
  });
  docsBox.addEventListener('keydown', (e) => {
    const button = e.target.closest && e.target.closest('button.cell');
    if (!button) return;
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      startEdit(button);
      return;
    }
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) {
      const to = neighbour(button, e.key);
      e.preventDefault();
      if (to) rove(to);
    }
  });

  // ---- Downloads and printing ----

  function reportJson() {
    return reports.map((r) => `${JSON.stringify(r)}\n`).join('');
  }

  function downloadName() {
    const safe = (s) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);
    if (reports.length > 1) return `jixiao-${reports.length}份.jsonl`;
    const r = reports[0];
    const base = r.source.name === PASTE_NAME
      ? (r.forms[0] && r.forms[0].project) || 'jixiao'
      : r.source.name.replace(/\.jixiao\.json$|\.[^.]+$/, '');
    return `${safe(base)}.jixiao.json`;
  }

  function download() {
    if (!reports.length) return;
    const blob = new Blob([reportJson()], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: downloadName() });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function copy() {
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

  function switchLanguage(next) {
    setLanguage(next, document);
    // The button names the other language, in that language.
    $('lang').lang = next === 'en' ? 'zh-CN' : 'en';
    if (reports.length) render();
  }

  // ---- Wiring ----

  $('check').addEventListener('click', () => { checkPasted(); });
  $('download').addEventListener('click', download);
  $('copy').addEventListener('click', copy);
  $('print').addEventListener('click', () => window.print());
  $('undo').addEventListener('click', undo);
  $('redo').addEventListener('click', redo);
  $('lang').addEventListener('click', () => { switchLanguage(language() === 'en' ? 'zh' : 'en'); save(); });
  $('filters').addEventListener('change', applyFilter);
  keep.addEventListener('change', () => {
    if (keep.checked) {
      save();
      announce(tr('已保存在本设备（本浏览器的本地存储）。'));
    } else {
      forget();
      announce(tr('已从本设备清除。'));
    }
  });
  $('clear').addEventListener('click', () => {
    forget();
    keep.checked = false;
    announce(tr('已从本设备清除。'));
  });
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const typing = e.target.closest && e.target.closest('input, textarea, select');
    if (typing) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
    if ((key === 'z' && e.shiftKey) || key === 'y') { e.preventDefault(); redo(); }
  });
  rounding.addEventListener('change', () => { if (source.value.trim()) checkPasted(); });
  $('example').addEventListener('click', async () => {
    try {
      source.value = await loadExample();
      checkPasted();
    } catch (err) {
      showError(err.message);
    }
  });
  $('file').addEventListener('change', (e) => {
    checkFiles([...e.target.files]).catch((err) => showError(err.message));
    e.target.value = '';
  });
  source.addEventListener('paste', (e) => {
    const html = e.clipboardData && e.clipboardData.getData('text/html');
    if (!html || !/<table/i.test(html)) return;
    const tsv = tablesToTsv(html);
    if (tsv === null) return;
    e.preventDefault();
    const { selectionStart: s, selectionEnd: t, value } = source;
    source.value = value.slice(0, s) + tsv + value.slice(t);
    source.setSelectionRange(s + tsv.length, s + tsv.length);
    checkPasted();
  });
  source.addEventListener('input', () => {
    clearTimeout(autoTimer);
    if (source.value.length <= AUTO_CHECK_LIMIT && source.value.trim()) {
      autoTimer = setTimeout(checkPasted, 400);
    }
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = [...(e.dataTransfer ? e.dataTransfer.files : [])];
    if (files.length) checkFiles(files).catch((err) => showError(err.message));
  });

  // The registry's English titles, for the English interface.
  run({ kind: 'codes' })
    .then((answer) => {
      titles = new Map(answer.report.map((c) => [c.code, c.title_en]));
      if (language() === 'en' && reports.length) render();
    })
    .catch(() => {});

  // For tests, benchmarks and the console.
  window.jixiao = {
    checkText: (text, name) => checkAll([{ name: name || PASTE_NAME, text }]),
    reports: () => reports,
    json: reportJson,
    /** Resolves when every action so far has been applied. */
    settled: () => queue,
    /** Milliseconds the checker spends on each text (in the worker, without rendering). */
    time: async (texts) => {
      const out = [];
      for (const text of texts) out.push((await run({ kind: 'text', text, name: 'bench' })).ms);
      return out;
    },
  };

  if (!restore() && !source.value.trim()) {
    loadExample()
      .then((text) => { if (!source.value.trim()) { source.value = text; checkPasted(); } })
      .catch((err) => showError(err.message));
  }
}
