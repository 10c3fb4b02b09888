// @ts-check
// The page: wires the controls to the modules. It decides nothing about scoring: every figure,
// finding and word of the core's comes from the core (through the worker bridge), and every
// edit, accepted fix or dismissal goes back through the core, which checks the form again. User
// text reaches the DOM only as text nodes; no page script parses markup.
//
//   bridge.js   the worker bridge: one queue for every call
//   actions.js  checks, actions on forms, undo/redo: where the core's answers reach the state
//   state.js    the reports, the inputs they came from, the undo and redo stacks
//   storage.js  keeping the session on this device, when asked
//   vocab.js    the core's words: severities, roundings, trail, grades, field names, paths
//   overview.js the list of every form (virtualised), its sorting, filters and keyboard
//   render.js   the reports, forms and summary;  slots.js  forms drawn only near the screen
//   findings.js findings, their actions, the trail
//   editing.js  cell editing and the tables' keyboard;  files.js  files, paste, downloads
//   source.js   what the text box holds: its value, or a large text held, a window of it shown
//   charts.js   the pictures;  i18n.js  the interface's English;  dom.js  small DOM helpers
//
// The single-file build (scripts/assemble-web.mjs) wraps each module in a function of its own
// and calls start() with a worker made from a blob.
import { checkAgain, checkAll, step, view } from './actions.js';
import { connect, enqueue, heard, idle, request } from './bridge.js';
import { announce, byId, byIdAs, el, messageOf, showError } from './dom.js';
import { checkBox, checkFiles, copy, download, downloadFindings, downloadForms, pasteHtml, reportJson } from './files.js';
import { titles } from './findings.js';
import { installEditing } from './editing.js';
import { language, setLanguage, tr } from './i18n.js';
import { installOverview, onOpen, pick, returnTo } from './overview.js';
import { applyFilter, render, renderFilters, rerenderForm } from './render.js';
import { fillAll, openForm } from './slots.js';
import { state } from './state.js';
import { forget, kept, save } from './storage.js';
import { installHeld, pastePlain, setSource, showHeld, sourceText } from './source.js';
import { gradesText, isPasted, roundingWord, setVocabulary, vocabulary } from './vocab.js';

const AUTO_CHECK_LIMIT = 2 * 1024 * 1024;

/** The core's words in the controls: the rounding menu, the filters, the rules line. */
function labelControls() {
  const menu = byIdAs('rounding', HTMLSelectElement);
  for (const { key } of vocabulary().roundings) {
    const option = menu.querySelector(`option[value="${key}"]`) || menu.appendChild(el('option', { value: key }));
    option.textContent = roundingWord(key);
  }
  renderFilters();
  const roundings = vocabulary().roundings.filter((r) => r.key !== 'auto').map((r) => roundingWord(r.key));
  byId('rules').textContent = tr('规则：执行率 = 全年执行数 ÷ 全年预算数；执行得分 = min(执行率, 100%) × 分值；总分 = 执行得分 + 各指标得分；{grades}。两位小数按本表口径（{roundings}）识别。', {
    grades: gradesText(), roundings: roundings.join(tr('或')),
  });
}

/** @param {string} next */
function switchLanguage(next) {
  setLanguage(next, document);
  // The button names the other language, in that language.
  byId('lang').lang = next === 'en' ? 'zh-CN' : 'en';
  labelControls();
  showHeld();
  if (state.reports.length) render();
}

/** The results' own keys and clicks: the overview, a form's Esc and export, the pictures. */
function installResults() {
  installOverview();
  onOpen(openForm);
  const docs = byId('docs');
  docs.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || !(e.target instanceof Element)) return;
    const box = e.target.closest('.form-slot');
    if (!(box instanceof HTMLElement)) return;
    e.preventDefault();
    returnTo(Number(box.dataset.doc), Number(box.dataset.form));
  });
  docs.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button.export-form') : null;
    if (button instanceof HTMLElement) downloadForms(Number(button.dataset.doc), Number(button.dataset.form));
  });
  // A grade band (or a dot on it) or a code's bar, in the overview's pictures or an input's own:
  // the list shows those forms (of that input, for an input's own picture).
  const results = byId('results');
  /** @param {Event} e */
  const chosen = (e) => {
    const target = e.target instanceof Element ? e.target.closest('svg.spread rect.band, svg.spread circle.dot, svg.codes g.code') : null;
    if (!(target instanceof SVGElement)) return;
    const doc = target.closest('section.doc');
    const file = doc instanceof HTMLElement ? doc.dataset.source || '' : '';
    const grade = target.getAttribute('data-grade');
    pick(grade === null ? { code: target.getAttribute('data-code') || '', file } : { grade, file });
    e.preventDefault();
  };
  results.addEventListener('click', chosen);
  results.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') chosen(e); });
  window.addEventListener('beforeprint', () => {
    if (!fillAll()) announce(tr('表太多，只打印已显示的表。'));
  });
}

/**
 * Starts the page.
 * @param {{ makeWorker: () => Worker, loadExample: () => Promise<string> }} how
 */
export async function start({ makeWorker, loadExample }) {
  connect(makeWorker);
  const source = byIdAs('source', HTMLTextAreaElement);
  const rounding = byIdAs('rounding', HTMLSelectElement);
  const keep = byIdAs('keep', HTMLInputElement);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let autoTimer;
  view.render = render;
  view.rerenderForm = rerenderForm;
  view.rounding = () => /** @type {import('./worker.js').RoundingKey} */ (rounding.value);

  // First the core's words and titles: nothing is checked or shown before them.
  try {
    await enqueue(async (call) => {
      setVocabulary((await call('vocabulary', {})).value);
      for (const c of (await call('codes', {})).value) titles.set(c.code, c.title_en);
    });
  } catch (err) {
    showError(messageOf(err));
    return;
  }
  labelControls();

  const checkNow = () => { clearTimeout(autoTimer); return checkBox(); };
  /** Checks the last inputs again (the rounding changed): files as well as the text box. */
  const recheck = () => {
    clearTimeout(autoTimer);
    if (state.inputs || state.reports.length) checkAgain();
    else if (sourceText().trim()) checkBox();
  };
  const undo = () => step('undo');
  const redo = () => step('redo');

  byId('check').addEventListener('click', () => { checkNow(); });
  byId('download').addEventListener('click', download);
  byId('findings-xlsx').addEventListener('click', () => downloadFindings('xlsx'));
  byId('findings-csv').addEventListener('click', () => downloadFindings('csv'));
  byId('forms-xlsx').addEventListener('click', () => downloadForms());
  installResults();
  byId('copy').addEventListener('click', copy);
  byId('print').addEventListener('click', () => window.print());
  byId('undo').addEventListener('click', undo);
  byId('redo').addEventListener('click', redo);
  byId('lang').addEventListener('click', () => { switchLanguage(language() === 'en' ? 'zh' : 'en'); save(); });
  byId('filters').addEventListener('change', applyFilter);
  keep.addEventListener('change', () => {
    if (keep.checked) {
      save();
      announce(tr('已保存在本设备（本浏览器的本地存储）。'));
    } else {
      forget();
      announce(tr('已从本设备清除。'));
    }
  });
  byId('clear').addEventListener('click', () => {
    forget();
    keep.checked = false;
    announce(tr('已从本设备清除。'));
  });
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    if (e.target instanceof Element && e.target.closest('input, textarea, select')) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
    if ((key === 'z' && e.shiftKey) || key === 'y') { e.preventDefault(); redo(); }
  });
  rounding.addEventListener('change', recheck);
  byId('example').addEventListener('click', async () => {
    try {
      setSource(await loadExample());
      checkNow();
    } catch (err) {
      showError(messageOf(err));
    }
  });
  const file = byIdAs('file', HTMLInputElement);
  file.addEventListener('change', () => {
    checkFiles([...(file.files || [])]).catch((err) => showError(messageOf(err)));
    file.value = '';
  });
  /** The box's text changed: a text short enough is checked once typing pauses. */
  const changed = () => {
    clearTimeout(autoTimer);
    const text = sourceText();
    if (text.length <= AUTO_CHECK_LIMIT && text.trim()) autoTimer = setTimeout(checkNow, 400);
  };
  source.addEventListener('paste', (e) => {
    if (!pasteHtml(e, checkNow) && pastePlain(e)) changed();
  });
  source.addEventListener('input', changed);
  installHeld(changed);
  const drop = byId('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = [...(e.dataTransfer ? e.dataTransfer.files : [])];
    if (files.length) checkFiles(files).catch((err) => showError(messageOf(err)));
  });
  installEditing(byId('docs'));

  // For tests, benchmarks and the console.
  Object.assign(window, {
    jixiao: {
      /** @param {string} text @param {string} [name] */
      checkText: (text, name) => checkAll([name === undefined ? { text } : { name, text }]),
      reports: () => state.reports,
      /** The whole text the box stands for (held or its own). */
      source: sourceText,
      json: reportJson,
      /** Resolves when every step queued so far has been taken. */
      settled: idle,
      /** Milliseconds the checker spends on each text (in the worker, without rendering). @param {string[]} texts */
      time: (texts) => enqueue(async (call) => {
        const out = [];
        for (const text of texts) out.push((await call('text', { text, name: 'bench', rounding: 'auto' })).ms);
        return out;
      }),
      /** The wasm memory (bytes) of the module that gave the last answer, after it: it only grows. */
      memory: () => heard.memory,
      vocabulary,
      request,
    },
  });

  const saved = kept();
  let restored = false;
  if (saved) {
    try {
      if (saved.lang) switchLanguage(saved.lang);
      setSource(saved.source);
      state.reports = saved.reports;
      // Kept reports of the text box can be checked again (a new rounding); others cannot.
      const fromBox = saved.source.trim() !== '' && saved.reports.every(isPasted);
      state.inputs = fromBox ? [{ text: saved.source }] : null;
      state.checkedText = fromBox ? saved.source : null;
      if (state.reports.length) render();
      announce(tr('已恢复上次保存在本设备的记录。'));
      restored = true;
    } catch {
      // Kept by another version, or damaged: forget the results rather than fail on every
      // visit. The kept text stays in the box, checked afresh.
      forget();
      state.reports = [];
      state.inputs = null;
      state.checkedText = null;
      try { render(); } catch { /* nothing to show */ }
      const cleared = tr('本设备上保存的记录无法显示，已清除。');
      showError(cleared);
      if (sourceText().trim()) {
        // (Said again after the check, which clears the error box when it starts.)
        checkNow().finally(() => {
          const box = byId('error');
          showError(box.hidden ? cleared : `${cleared}\n${box.textContent}`);
        });
      }
    }
  }
  if (!restored && !sourceText().trim()) {
    try {
      const text = await loadExample();
      if (!sourceText().trim()) { setSource(text); checkNow(); }
    } catch (err) {
      showError(messageOf(err));
    }
  }
}
