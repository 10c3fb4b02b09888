// @ts-check
// Every step the page takes: checking inputs, a user's action on a form (edit, accept, dismiss,
// restore), undo and redo. Each is one job in the worker bridge's queue: it reads the state when
// its turn comes, asks the core, and only then changes the state and has it shown. This is where
// the core's answers (reports, findings, figures) reach the page.
import { enqueue } from './bridge.js';
import { announce, byId, messageOf, setBusy, show, showError } from './dom.js';
import { tr } from './i18n.js';
import { endChecking, formCounts, replaceAll, replaceForm, showChecking, state, totalsOf, travel } from './state.js';
import { save } from './storage.js';
import { severityWord, vocabulary } from './vocab.js';

/**
 * @typedef {import('../pkg/report').Report} Report
 * @typedef {import('../pkg/report').FormReport} FormReport
 * @typedef {import('../pkg/jixiao').Action} Action a user's action (a `Step` is one with its time)
 * @typedef {import('./state.js').Input} Input
 * @typedef {import('./state.js').Focus} Focus
 */

/** How the state is shown: set by app.js (rendering imports this module, not the reverse). */
export const view = {
  /** Shows every report again. */
  render: () => {},
  /** Shows form `f` of document `d` again, with its document's overview and the summary. @param {number} d @param {number} f */
  rerenderForm: (d, f) => {},
  /** The two-decimal convention chosen in the menu. @returns {import('./worker.js').RoundingKey} */
  rounding: () => 'auto',
};

/** Finding counts in words, severity by severity (`错误 2，警告 1，提示 0`). @param {Record<string, number>} counts */
export function countsText(counts) {
  return vocabulary().severities.map((s) => `${severityWord(s.key)} ${counts[s.key] || 0}`).join(tr('，'));
}

/** A form's total, grade and counts, said after each action on it. @param {FormReport} form */
export function formSummary(form) {
  return tr('本表总分 {total}，等级 {grade}；{counts}。', {
    total: show(form.recomputed.total), grade: show(form.recomputed.grade), counts: countsText(formCounts(form)),
  });
}

/** Focuses what `focus` names after a step is shown. @param {Focus | null} focus */
export function restoreFocus(focus) {
  const target = focus && focus();
  if (!target) return;
  if (!target.hasAttribute('tabindex') && !/^(BUTTON|INPUT|A|TEXTAREA|SELECT)$/.test(target.tagName)) {
    target.setAttribute('tabindex', '-1');
  }
  target.focus();
}

/**
 * Checks a list of inputs (pasted text, files, downloaded reports) and shows them in place of
 * what was there: one step, which undo takes back. A failure keeps everything as it was.
 * @param {Input[]} inputs
 * @param {{ box?: string }} [from] `box`: the text box's text, when the inputs are it
 * @returns {Promise<Report[]>}
 */
export function checkAll(inputs, from = {}) {
  if (inputs.length) progressOf(inputs, 0); // at once, even while an earlier step finishes
  return enqueue((call) => checkNow(call, inputs, from.box === undefined ? null : from.box));
}

/**
 * Checks the last inputs again (the rounding changed), as they stand when the job's turn
 * comes: a check queued before it is what it checks again. Resolves to null when nothing was
 * checked yet.
 * @returns {Promise<Report[] | null>}
 */
export function checkAgain() {
  return enqueue((call) => (state.inputs ? checkNow(call, state.inputs, state.checkedText) : Promise.resolve(null)));
}

/**
 * Shows which input is being checked; returns its name.
 * @param {Input[]} inputs
 * @param {number} i
 */
function progressOf(inputs, i) {
  const input = inputs[i];
  const size = 'text' in input ? input.text.length * 2 : ('bytes' in input ? input.bytes : input.json).byteLength;
  const mb = size > 1e6 ? `（${(size / 1048576).toFixed(1)} MB）` : '';
  const name = input.name === undefined ? vocabulary().pasted_name : input.name;
  setBusy(tr('正在检查 {i}/{n}：{name}{size}…', { i: i + 1, n: inputs.length, name, size: mb }));
  return name;
}

/** Adds a form's standing findings to a summary, by severity, and its dismissed ones apart. @param {Report['summary']} summary @param {FormReport} form */
function count(summary, form) {
  const c = formCounts(form);
  summary.forms++;
  if (c.error) summary.forms_with_errors++;
  summary.errors += c.error;
  summary.warnings += c.warning;
  summary.infos += c.info;
  summary.dismissed = (summary.dismissed || 0) + form.findings.filter((x) => x.dismissed).length;
}

/**
 * The drawing of a check under way (`drawEarly`): the next drawing's timer, the drawing being
 * painted, when the last one was painted and what it cost, whether any was, and the status line
 * to show.
 * @type {{ timer: ReturnType<typeof setTimeout> | undefined, painting: object | null, at: number, cost: number, drawn: boolean, status: string }}
 */
const drawing = { timer: undefined, painting: null, at: 0, cost: 0, drawn: false, status: '' };

/**
 * Draws the check under way (the reports `showChecking` put in the state) and says how many of
 * its forms are checked (`status`): at once the first time, then at most every 200 ms and at
 * least four times the last drawing's cost apart, counted to the frame after it (painting is
 * what costs most when the text box holds megabytes of text), so that drawing takes at most a
 * fifth of the page's time while the worker reads on. The forms are not drawn again while the
 * focus is in the list or a form (a redraw would take a row or an editor from under the user):
 * the status line still counts them.
 * @param {string} status
 */
function drawEarly(status) {
  drawing.status = status;
  if (drawing.timer !== undefined || drawing.painting) return;
  const wait = drawing.at ? Math.max(200, 4 * drawing.cost) - (performance.now() - drawing.at) : 0;
  drawing.timer = setTimeout(() => {
    drawing.timer = undefined;
    if (!state.before) return;
    const started = performance.now();
    const shown = drawing.status;
    setBusy(shown);
    const focus = document.activeElement;
    if (!(focus && (byId('list-scroll').contains(focus) || byId('docs').contains(focus)))) {
      // The new check's list starts at its top; then it keeps the place the user scrolls to.
      if (!drawing.drawn) byId('list-scroll').scrollTop = 0;
      view.render();
      // (A mark for the benchmarks: the first forms drawn while the rest are read.)
      if (!drawing.drawn) performance.mark('jixiao:first-forms');
      drawing.drawn = true;
    }
    const painting = {};
    drawing.painting = painting;
    requestAnimationFrame(() => setTimeout(() => {
      if (drawing.painting !== painting) return;
      drawing.painting = null;
      drawing.at = performance.now();
      drawing.cost = drawing.at - started;
      if (drawing.status !== shown) drawEarly(drawing.status);
    }, 0));
  }, Math.max(0, wait));
}

/** The check under way is no longer drawn. */
function stopDrawing() {
  clearTimeout(drawing.timer);
  Object.assign(drawing, { timer: undefined, painting: null, at: 0, cost: 0, drawn: false, status: '' });
}

/**
 * The check itself, inside a queued job. A large text's forms come in batches before its
 * report: they are shown as they come (with the inputs checked before it), and then put before
 * the report's own forms (none), which gives the report the core gives for the whole text.
 * @param {import('./bridge.js').Call} call
 * @param {Input[]} inputs
 * @param {string | null} box
 * @returns {Promise<Report[]>}
 */
async function checkNow(call, inputs, box) {
  {
    showError('');
    /** @type {Report[]} */
    const done = [];
    const failures = [];
    const rounding = view.rounding();
    for (const [i, input] of inputs.entries()) {
      const name = progressOf(inputs, i);
      /** This input's forms heard of before its report, in order. @type {FormReport[]} */
      const early = [];
      const summary = { forms: 0, forms_with_errors: 0, errors: 0, warnings: 0, infos: 0, dismissed: 0 };
      /** @type {import('./bridge.js').OnProgress} */
      const onProgress = (p) => {
        const words = { i: i + 1, n: inputs.length, name };
        if ('page' in p) {
          setBusy(tr('正在检查 {i}/{n}：{name}，第 {page}/{pages} 页…', { ...words, page: p.page, pages: p.pages }));
          return;
        }
        if (!early.length) {
          // Shown (never kept nor downloaded) as a report of the forms so far, counted in its summary.
          const report = { source: p.source, forms: early, summary, unplaced: [], findings: [] };
          showChecking([...done, /** @type {Report} */ (/** @type {unknown} */ (report))]);
        }
        for (const form of p.forms) {
          early.push(form);
          count(summary, form);
        }
        drawEarly(tr('正在检查 {i}/{n}：{name}，已检查 {forms} 张表…', { ...words, forms: early.length }));
      };
      try {
        if ('json' in input) done.push(...(await call('resume', { bytes: input.json })).value);
        else {
          const { value } = 'bytes' in input
            ? await call('bytes', { bytes: input.bytes, name: input.name, rounding }, onProgress)
            : await call('text', { text: input.text, name: input.name, rounding }, onProgress);
          // (The key order stays the core's: `forms` is the report's own key, replaced.)
          done.push(early.length ? { ...value, forms: early.concat(value.forms) } : value);
        }
      } catch (err) {
        failures.push(`${name}：${messageOf(err)}`);
      }
    }
    stopDrawing();
    setBusy('');
    // (Marks for the benchmarks: the check ended, the results were drawn.)
    performance.mark('jixiao:checked');
    if (failures.length) showError(`${tr('有输入未能检查，原文保持不变：')}\n${failures.join('\n')}`);
    if (!done.length) {
      // The first forms of a check that failed were shown: the results before it come back.
      if (endChecking()) {
        view.render();
        if (!state.reports.length) byId('results').hidden = true;
      }
      return done;
    }
    replaceAll(done, inputs, box);
    view.render();
    performance.mark('jixiao:shown');
    save();
    const s = totalsOf(done);
    announce(tr('已检查 {docs} 份输入，共 {forms} 张表：{counts}。', { docs: done.length, forms: s.forms, counts: countsText(s) }));
    return done;
  }
}

/**
 * Applies a user's action to form `f` of document `d` through the core, which checks the form
 * again, then focuses what `focus` returns. Resolves to false when the core refused it (or the
 * form is no longer there), the state unchanged.
 * @param {number} d
 * @param {number} f
 * @param {Action} action
 * @param {(form: FormReport) => string} describe
 * @param {Focus} focus
 * @returns {Promise<boolean>}
 */
export function act(d, f, action, describe, focus) {
  // The form the user acted on, by where it was read from: a check of other inputs that lands
  // first puts another form in its place, and then the action is not applied. (The same inputs
  // checked again, or an earlier action on the form, leave it where it was.)
  const aimed = formKey(d, f);
  return enqueue(async (call) => {
    showError('');
    const doc = state.reports[d];
    if (aimed === null || formKey(d, f) !== aimed || !doc) {
      const gone = tr('这张表已被新的检查结果取代，操作没有执行。');
      showError(gone);
      announce(gone);
      return false;
    }
    let answer;
    try {
      // Only the form travels, beside its document's summary, which the core adjusts.
      const shell = { ...doc, forms: [doc.forms[f]], unplaced: [] };
      answer = (await call('revise', { report: shell, form: 0, step: { ...action, at: new Date().toISOString() } })).value;
    } catch (err) {
      showError(messageOf(err));
      announce(messageOf(err));
      return false;
    }
    replaceForm(d, f, answer, focus);
    view.rerenderForm(d, f);
    save();
    const form = state.reports[d].forms[f];
    announce(`${describe(form)} ${formSummary(form)}`);
    restoreFocus(focus);
    return true;
  });
}

/**
 * Where form `f` of document `d` was read from (its input and its lines), or null.
 * @param {number} d
 * @param {number} f
 */
function formKey(d, f) {
  const doc = state.reports[d];
  const form = doc && doc.forms[f];
  if (!form) return null;
  return JSON.stringify([doc.source.name, doc.source.format, f, form.lines.start, form.lines.end]);
}

/** Undo or redo, in the queue like every other step. @param {'undo' | 'redo'} way */
export function step(way) {
  return enqueue(async () => {
    const taken = travel(way);
    if (!taken) {
      announce(way === 'undo' ? tr('没有可撤销的操作。') : tr('没有可重做的操作。'));
      return;
    }
    if (taken.d === null || taken.f === null) view.render();
    else view.rerenderForm(taken.d, taken.f);
    save();
    announce(way === 'undo' ? tr('已撤销。') : tr('已重做。'));
    restoreFocus(taken.focus);
  });
}
