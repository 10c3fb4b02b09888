// @ts-check
// Every step the page takes: checking inputs, a user's action on a form (edit, accept, dismiss,
// restore), undo and redo. Each is one job in the worker bridge's queue: it reads the state when
// its turn comes, asks the core, and only then changes the state and has it shown. This is where
// the core's answers (reports, findings, figures) reach the page.
import { enqueue } from './bridge.js';
import { announce, messageOf, setBusy, show, showError } from './dom.js';
import { tr } from './i18n.js';
import { formCounts, replaceAll, replaceForm, state, totalsOf, travel } from './state.js';
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

/**
 * The check itself, inside a queued job.
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
      try {
        if ('json' in input) done.push(...(await call('resume', { bytes: input.json })).value);
        else if ('bytes' in input) {
          const onPage = (/** @type {number} */ page, /** @type {number} */ pages) =>
            setBusy(tr('正在检查 {i}/{n}：{name}，第 {page}/{pages} 页…', { i: i + 1, n: inputs.length, name, page, pages }));
          done.push((await call('bytes', { bytes: input.bytes, name: input.name, rounding }, onPage)).value);
        }
        else done.push((await call('text', { text: input.text, name: input.name, rounding })).value);
      } catch (err) {
        failures.push(`${name}：${messageOf(err)}`);
      }
    }
    setBusy('');
    // (Marks for the benchmarks: the check ended, the results were drawn.)
    performance.mark('jixiao:checked');
    if (failures.length) showError(`${tr('有输入未能检查，原文保持不变：')}\n${failures.join('\n')}`);
    if (!done.length) return done;
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
