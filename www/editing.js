// @ts-check
// Editing cells in place and the keyboard in the tables: one tab stop per table, the arrow keys
// (and Home/End) between its cells, Enter or F2 to edit, Enter to confirm, Esc to cancel. Each
// confirmed edit goes to the core (actions.js), which checks the form again.
import { act } from './actions.js';
import { el, show } from './dom.js';
import { tr } from './i18n.js';
import { state } from './state.js';
import { fieldLabel } from './vocab.js';

/** Makes `button` its table's tab stop and focuses it. @param {HTMLButtonElement} button */
export function rove(button) {
  const group = button.closest('.editable');
  if (group) for (const b of group.querySelectorAll('button.cell')) if (b instanceof HTMLButtonElement) b.tabIndex = -1;
  button.tabIndex = 0;
  button.focus();
}

/**
 * The editable cell an arrow key leads to from `button`, or null.
 * @param {HTMLButtonElement} button
 * @param {string} key
 * @returns {HTMLButtonElement | null}
 */
function neighbour(button, key) {
  const group = button.closest('.editable');
  if (!group) return null;
  const all = /** @type {HTMLButtonElement[]} */ ([...group.querySelectorAll('button.cell')]);
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

/** Opens the editor of a cell (a textarea for long text). @param {HTMLButtonElement} button */
function startEdit(button) {
  const d = Number(button.dataset.doc);
  const f = Number(button.dataset.form);
  const field = button.dataset.field || '';
  const original = button.dataset.value || '';
  const form = state.reports[d].forms[f];
  const long = button.dataset.long === 'true';
  const label = fieldLabel(form, field);
  const input = long
    ? el('textarea', { class: 'cell-input', 'aria-label': `${label}${tr('（Enter 确认，Esc 取消）')}`, 'aria-describedby': 'error', rows: 3 })
    : el('input', { class: 'cell-input', 'aria-label': `${label}${tr('（Enter 确认，Esc 取消）')}`, 'aria-describedby': 'error', type: 'text' });
  input.value = original;
  let finished = false;
  /** @param {boolean} commit */
  const finish = (commit) => {
    if (finished) return;
    finished = true;
    const value = input.value;
    if (!commit || value === original) {
      input.replaceWith(button);
      rove(button);
      return;
    }
    const focusBack = () => {
      const again = document.querySelector(`button.cell[data-doc="${d}"][data-form="${f}"][data-field="${CSS.escape(field)}"]`);
      if (!(again instanceof HTMLButtonElement)) return null;
      rove(again);
      return again;
    };
    act(d, f, { kind: 'edit', field, value },
      () => tr('已把 {field} 从 {from} 改为 {to}。', { field: label, from: show(original), to: show(value.trim()) }),
      focusBack).then((ok) => {
      if (!ok && input.isConnected) {
        // Refused (not a number, …): the editor stays open with what the user typed.
        finished = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    });
  };
  /** @type {HTMLElement} */ (input).addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); finish(false); }
    if (e.key === 'Enter' && !(long && e.shiftKey)) { e.preventDefault(); e.stopPropagation(); finish(true); }
  });
  // Leaving the editor confirms it, unless a new rendering removed it (the form it was on may be
  // gone: nothing is applied).
  input.addEventListener('blur', () => {
    if (!finished && input.isConnected && input.getAttribute('aria-invalid') !== 'true') finish(true);
  });
  button.replaceWith(input);
  input.focus();
  input.select();
}

/** The cell button an event happened on, if any. @param {Event} e */
function cellOf(e) {
  const button = e.target instanceof Element ? e.target.closest('button.cell') : null;
  return button instanceof HTMLButtonElement ? button : null;
}

/** Listens for clicks and keys on the results' cells. @param {HTMLElement} docs */
export function installEditing(docs) {
  docs.addEventListener('click', (e) => {
    const button = cellOf(e);
    if (button) { rove(button); startEdit(button); }
  });
  docs.addEventListener('keydown', (e) => {
    const button = cellOf(e);
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
}
