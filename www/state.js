// @ts-check
// What the page holds: the reports as the core last gave them, the inputs they came from, and
// the undo and redo stacks. Undo and redo swap whole states: a step keeps the reports before it.
// While a large input is checked, `reports` shows what is checked so far and `before` keeps
// the results it will replace (back if the check fails); that is no step.

/**
 * @typedef {import('../pkg/report').Report} Report
 * @typedef {import('../pkg/report').FormReport} FormReport
 * @typedef {import('../pkg/report').Finding} Finding
 * @typedef {{ name?: string, text: string } | { name: string, bytes: Uint8Array } | { name: string, json: Uint8Array }} Input
 *   pasted text (no name: the core names it), a file's bytes, or a downloaded report's bytes
 * @typedef {() => (HTMLElement | null)} Focus where focus goes after a step is shown
 * @typedef {{ reports: Report[], inputs: Input[] | null, checkedText: string | null, focus: Focus | null, d: number | null, f: number | null }} Step
 *   the reports before the step and the inputs they came from; `d`/`f` the form it changed
 *   (null: all of them)
 */

export const state = {
  /** @type {Report[]} */
  reports: [],
  /** What the last check read, checked again when the rounding changes. @type {Input[] | null} */
  inputs: null,
  /** The text box as it was last checked (null: the results did not come from it). @type {string | null} */
  checkedText: null,
  /** @type {Step[]} */
  undo: [],
  /** @type {Step[]} */
  redo: [],
  /** While a check shows its first forms: the results before it (null otherwise). @type {Report[] | null} */
  before: null,
};

/**
 * Shows reports still being checked (the inputs checked so far and the first forms of the one
 * being read) in place of the results, until the check ends (`replaceAll` or `endChecking`).
 * @param {Report[]} reports
 */
export function showChecking(reports) {
  if (!state.before) state.before = state.reports;
  state.reports = reports;
}

/** Puts the results from before a check back if it showed its first forms; says whether it did. */
export function endChecking() {
  if (!state.before) return false;
  state.reports = state.before;
  state.before = null;
  return true;
}

/** What a step keeps of the state, to go back to. */
const kept = () => ({ reports: state.reports, inputs: state.inputs, checkedText: state.checkedText });

/**
 * Replaces every report (a new check) and the inputs they came from: one step.
 * @param {Report[]} reports
 * @param {Input[]} inputs
 * @param {string | null} checkedText
 */
export function replaceAll(reports, inputs, checkedText) {
  endChecking();
  if (state.reports.length) state.undo.push({ ...kept(), focus: null, d: null, f: null });
  state.redo = [];
  state.reports = reports;
  state.inputs = inputs;
  state.checkedText = checkedText;
}

/**
 * Replaces form `f` of document `d` with the core's answer on it (a report of that one form,
 * whose summary is the document's, adjusted): one step.
 * @param {number} d
 * @param {number} f
 * @param {Report} answer
 * @param {Focus} focus
 */
export function replaceForm(d, f, answer, focus) {
  const before = state.reports;
  state.undo.push({ ...kept(), focus, d, f });
  state.redo = [];
  const doc = {
    ...before[d],
    summary: answer.summary,
    forms: before[d].forms.map((x, i) => (i === f ? answer.forms[0] : x)),
  };
  state.reports = before.map((r, i) => (i === d ? doc : r));
}

/**
 * Moves one step back (undo) or forward (redo); returns the step taken, or null.
 * @param {'undo' | 'redo'} way
 * @returns {Step | null}
 */
export function travel(way) {
  const from = way === 'undo' ? state.undo : state.redo;
  const to = way === 'undo' ? state.redo : state.undo;
  const step = from.pop();
  if (!step) return null;
  to.push({ ...step, ...kept() });
  state.reports = step.reports;
  state.inputs = step.inputs;
  state.checkedText = step.checkedText;
  return step;
}

/** Counts across reports. @param {Report[]} list */
export function totalsOf(list) {
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

/** A form's findings that stand (not dismissed), counted by severity. @param {FormReport} form */
export function formCounts(form) {
  /** @type {Record<string, number>} */
  const counts = { error: 0, warning: 0, info: 0 };
  for (const x of form.findings) if (!x.dismissed) counts[x.severity] = (counts[x.severity] || 0) + 1;
  return counts;
}
