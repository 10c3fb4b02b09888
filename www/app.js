// The page: input, rendering, downloads. It decides nothing about scoring: every figure and
// finding comes from the core (through the worker). User text reaches the DOM only as text
// nodes; nothing here uses innerHTML.
//
// This file has no imports so that the single-file build can inline it.

const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' };
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const PASTE_NAME = '粘贴的文本';
const AUTO_CHECK_LIMIT = 2 * 1024 * 1024;

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
  const progress = $('progress');
  const errorBox = $('error');
  const results = $('results');
  const docsBox = $('docs');
  const rounding = $('rounding');

  let worker = null;
  let nextId = 1;
  const pending = new Map();
  let reports = [];
  let checkedText = null;
  let autoTimer = null;

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

  /** Checks a list of inputs `{name, text}` or `{name, bytes}`; the input box is never touched. */
  async function checkAll(inputs) {
    showError('');
    const done = [];
    const failures = [];
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      const size = input.text !== undefined ? input.text.length * 2 : input.bytes.byteLength;
      const mb = size > 1e6 ? `（${(size / 1048576).toFixed(1)} MB）` : '';
      setBusy(`正在检查 ${i + 1}/${inputs.length}：${input.name}${mb}…`);
      try {
        const answer = input.text !== undefined
          ? await run({ kind: 'text', text: input.text, name: input.name })
          : await run({ kind: 'bytes', bytes: input.bytes, name: input.name });
        done.push(answer.report);
      } catch (err) {
        failures.push(`${input.name}：${err.message}`);
      }
    }
    setBusy('');
    if (failures.length) showError(`有输入未能检查，原文保持不变：\n${failures.join('\n')}`);
    if (done.length) {
      reports = done;
      render();
      const forms = done.reduce((n, r) => n + r.forms.length, 0);
      status.textContent = `已检查 ${done.length} 份输入，共 ${forms} 张表。`;
    }
    return done;
  }

  function checkPasted() {
    clearTimeout(autoTimer);
    const text = source.value;
    if (!text.trim()) {
      showError('请先粘贴自评表，或选择文件。');
      return Promise.resolve([]);
    }
    checkedText = text;
    return checkAll([{ name: PASTE_NAME, text }]);
  }

  async function checkFiles(files) {
    const inputs = [];
    for (const file of files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (/\.html?$/i.test(file.name) || file.type === 'text/html') {
        // Web pages are read with the browser's own HTML parser (no script runs, nothing loads).
        const tsv = tablesToTsv(decodeText(bytes));
        if (tsv === null) {
          showError(`${file.name}：网页中没有表格。`);
          continue;
        }
        inputs.push({ name: file.name, text: tsv });
      } else {
        inputs.push({ name: file.name, bytes });
      }
    }
    if (inputs.length) await checkAll(inputs);
  }

  // ---- Rendering ----

  function findingsByField(form) {
    const map = new Map();
    for (const f of form.findings) {
      if (!f.field) continue;
      const prev = map.get(f.field);
      if (!prev || SEVERITY_RANK[f.severity] < SEVERITY_RANK[prev.severity]) map.set(f.field, f);
    }
    return map;
  }

  function render() {
    docsBox.replaceChildren();
    const totals = { docs: reports.length, forms: 0, withErrors: 0, error: 0, warning: 0, info: 0 };
    reports.forEach((report, d) => {
      totals.forms += report.summary.forms;
      totals.withErrors += report.summary.forms_with_errors;
      totals.error += report.summary.errors;
      totals.warning += report.summary.warnings;
      totals.info += report.summary.infos;
      docsBox.append(renderDoc(report, d));
    });
    $('summary').replaceChildren(
      el('span', {}, '输入 ', el('strong', {}, totals.docs), ' 份'),
      el('span', {}, '自评表 ', el('strong', { 'data-testid': 'form-count' }, totals.forms), ' 张'),
      el('span', {}, '有错误的表 ', el('strong', { 'data-testid': 'forms-with-errors' }, totals.withErrors), ' 张'),
      el('span', { class: 'sev-error' }, '错误 ', el('strong', {}, totals.error)),
      el('span', { class: 'sev-warning' }, '警告 ', el('strong', {}, totals.warning)),
      el('span', { class: 'sev-info' }, '提示 ', el('strong', {}, totals.info)),
    );
    results.hidden = false;
    applyFilter();
  }

  function renderDoc(report, d) {
    const section = el('section', { class: 'doc', 'data-source': report.source.name });
    section.append(el('h3', {}, report.source.name, ' ', el('code', {}, report.source.encoding)));
    if (!report.forms.length) section.append(el('p', {}, '没有识别出自评表。'));
    if (report.findings.length) section.append(renderFindings(report.findings, `d${d}`, report, null));
    report.forms.forEach((form, f) => section.append(renderForm(report, form, `d${d}-f${f}`)));
    return section;
  }

  function renderForm(report, form, prefix) {
    const flags = findingsByField(form);
    const td = (field, value, cls) => {
      const attrs = { class: cls || '' };
      if (field) {
        attrs.id = cellId(prefix, field);
        const hit = flags.get(field);
        if (hit) {
          attrs.class = `${attrs.class} flag-${hit.severity}`.trim();
          attrs.title = hit.message;
        }
      }
      return el('td', attrs, show(value));
    };
    const corrected = new Map(form.corrections.map((c) => [c.field, c]));
    const printed = (field, value) => (corrected.has(field) ? corrected.get(field).from : value);

    const article = el('article', { class: 'form', id: prefix, 'data-project': form.project || '' });
    article.append(el('h4', {}, form.project || '（未找到项目名称）'));
    article.append(el('dl', { class: 'facts' },
      el('dt', {}, '主管部门'), el('dd', {}, show(form.department)),
      el('dt', {}, '实施单位'), el('dd', {}, show(form.implementer)),
      el('dt', {}, '年度'), el('dd', {}, show(form.year)),
      el('dt', {}, '金额单位'), el('dd', {}, show(form.unit)),
      el('dt', {}, '输入行'), el('dd', {}, `第 ${form.lines.start}–${form.lines.end} 行`),
      el('dt', {}, '两位小数口径'),
      el('dd', {}, form.recomputed.rounding === 'truncate' ? '截位' : '四舍五入'),
    ));

    const fundLabels = { total: '年度资金总额', appropriation: '其中：当年财政拨款', carryover: '上年结转资金', other: '其他资金' };
    const funds = el('table', { class: 'funds' },
      el('caption', {}, '项目资金'),
      el('thead', {}, el('tr', {}, ...['', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率（填报）', '执行率（核算）', '得分（填报）', '得分（核算）'].map((h) => el('th', { scope: 'col' }, h)))));
    const fbody = el('tbody');
    for (const [kind, label] of Object.entries(fundLabels)) {
      const row = form.funds[kind];
      if (!row) continue;
      const base = `funds.${kind}`;
      const isTotal = kind === 'total';
      fbody.append(el('tr', {},
        el('th', { scope: 'row' }, label),
        td(`${base}.initial_budget`, row.initial_budget, 'num'),
        td(`${base}.annual_budget`, row.annual_budget, 'num'),
        td(`${base}.executed`, row.executed, 'num'),
        td(`${base}.weight`, row.weight, 'num'),
        td(`${base}.rate`, printed(`${base}.rate`, row.rate), 'num'),
        td(null, isTotal ? form.recomputed.rate : row.rate, 'num'),
        td(`${base}.score`, printed(`${base}.score`, row.score), 'num'),
        td(null, isTotal ? form.recomputed.execution_score : null, 'num'),
      ));
    }
    funds.append(fbody);
    article.append(funds);

    if (form.goals.planned || form.goals.achieved) {
      article.append(el('table', { class: 'goals' },
        el('caption', {}, '年度总体目标'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '预期目标'), el('th', { scope: 'col' }, '实际完成情况'))),
        el('tbody', {}, el('tr', {}, el('td', {}, show(form.goals.planned)), el('td', {}, show(form.goals.achieved))))));
    }

    const inds = el('table', { class: 'indicators' },
      el('caption', {}, '绩效指标'),
      el('thead', {}, el('tr', {}, ...['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析', '行'].map((h) => el('th', { scope: 'col' }, h)))));
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
        td(`${base}.name`, ind.name),
        td(`${base}.target`, ind.target && ind.target.text),
        td(`${base}.actual`, ind.actual && ind.actual.text),
        td(`${base}.weight`, ind.weight, 'num'),
        td(`${base}.score`, ind.score, 'num'),
        td(`${base}.reason`, ind.reason),
        el('td', { class: 'num' }, ind.line),
      ));
    });
    inds.append(ibody);
    article.append(inds);

    const r = form.reported;
    const rc = form.recomputed;
    article.append(el('table', { class: 'totals' },
      el('caption', {}, '总分与评分等级'),
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row' }, '分值合计（核算）'), td('recomputed.weight_total', rc.weight_total, 'num'),
          el('th', { scope: 'row' }, '指标得分合计（核算）'), el('td', { class: 'num' }, show(rc.indicator_score))),
        el('tr', {}, el('th', { scope: 'row' }, '总分（填报）'), td('total', r.total, 'num'),
          el('th', { scope: 'row' }, '总分（核算）'), el('td', { class: `num${r.total !== rc.total ? ' diff' : ''}`, 'data-testid': 'total' }, show(rc.total))),
        el('tr', {}, el('th', { scope: 'row' }, '评分等级（填报）'), td('grade', r.grade),
          el('th', { scope: 'row' }, '评分等级（核算）'), el('td', { class: r.grade && r.grade !== rc.grade ? 'diff' : '', 'data-testid': 'grade' }, show(rc.grade))),
      )));

    article.append(el('h5', {}, `发现的问题（${form.findings.length}）`));
    article.append(renderFindings(form.findings, prefix, report, article));
    if (form.corrections.length) {
      article.append(el('h5', {}, '已自动更正'));
      article.append(el('ul', { class: 'corrections' }, form.corrections.map((c) =>
        el('li', {}, el('code', {}, c.field), `：${show(c.from)} → ${show(c.to)}（${c.code}）`))));
    }
    return article;
  }

  function renderFindings(findings, prefix, report, article) {
    const list = el('ul', { class: 'findings' });
    if (!findings.length) list.append(el('li', { class: 'none' }, '未发现问题'));
    for (const f of findings) {
      const links = el('span', { class: 'links' });
      if (f.field && article) {
        const id = cellId(prefix, f.field);
        if (article.querySelector(`[id="${id}"]`)) {
          links.append(el('a', { href: `#${id}`, onclick: (e) => { e.preventDefault(); focusCell(id); } }, '定位单元格'));
        }
      }
      if (f.cell) {
        links.append(el('span', { class: 'cell-ref' }, f.cell));
      } else if (f.line) {
        if (report.source.name === PASTE_NAME && checkedText !== null) {
          links.append(el('button', { type: 'button', onclick: () => selectLine(f.line) }, `第 ${f.line} 行`));
        } else {
          links.append(`第 ${f.line} 行`);
        }
      }
      const figures = f.found !== null && f.expected !== null
        ? el('span', { class: 'figures' }, `填报 ${f.found} · 应为 ${f.expected}`)
        : null;
      list.append(el('li', { class: f.severity, 'data-code': f.code, 'data-line': f.line || '' },
        el('span', { class: `badge ${f.severity}` }, SEVERITY_ZH[f.severity]),
        el('code', {}, f.code), ' ', f.message, figures, links));
    }
    return list;
  }

  function focusCell(id) {
    const cell = document.getElementById(id);
    if (!cell) return;
    cell.scrollIntoView({ block: 'center' });
    cell.setAttribute('tabindex', '-1');
    cell.focus();
    history.replaceState(null, '', `#${id}`);
  }

  /** Selects input line `n` (1-based) in the paste box and scrolls to it. */
  function selectLine(n) {
    if (checkedText !== source.value) {
      showError('输入框的内容在检查后已改动，行号可能不再对应。');
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

  // ---- Downloads ----

  function reportJson() {
    return reports.map((r) => `${JSON.stringify(r)}\n`).join('');
  }

  function downloadName() {
    const safe = (s) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);
    if (reports.length > 1) return `jixiao-${reports.length}份.jsonl`;
    const r = reports[0];
    const base = r.source.name === PASTE_NAME
      ? (r.forms[0] && r.forms[0].project) || 'jixiao'
      : r.source.name.replace(/\.[^.]+$/, '');
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
    status.textContent = 'JSON 已复制到剪贴板。';
  }

  // ---- Wiring ----

  $('check').addEventListener('click', () => { checkPasted(); });
  $('download').addEventListener('click', download);
  $('copy').addEventListener('click', copy);
  $('filters').addEventListener('change', applyFilter);
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

  // For tests, benchmarks and the console.
  window.jixiao = {
    checkText: (text, name) => checkAll([{ name: name || PASTE_NAME, text }]),
    reports: () => reports,
    json: reportJson,
    /** Milliseconds the checker spends on each text (in the worker, without rendering). */
    time: async (texts) => {
      const out = [];
      for (const text of texts) out.push((await run({ kind: 'text', text, name: 'bench' })).ms);
      return out;
    },
  };

  if (!source.value.trim()) {
    loadExample()
      .then((text) => { if (!source.value.trim()) { source.value = text; checkPasted(); } })
      .catch((err) => showError(err.message));
  }
}
