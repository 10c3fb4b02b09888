// @ts-check
// What the text box holds. Below HOLD_FROM characters it is the box's own value, edited there.
// A larger text (a paste, a kept session) is held here instead: a text box of megabytes costs
// the browser about a second of layout per million characters, on the paste and again on later
// frames, before 检查 can even start. The box then shows a window of the held text's lines, read
// only; a note says how much is held and which lines are shown. The whole text is what is
// checked, kept on this device and searched for a finding's line. A paste (Ctrl+V: a read-only
// box offers none in its menu) goes where the caret or selection is in the window, into the
// held text, or replaces it all when everything shown is selected; an empty paste changes
// nothing. The user can put the whole text in the box to edit it (slow, but their choice) or
// clear it; a box already that large (so edited) takes a smaller paste as a box does.
import { byId, byIdAs } from './dom.js';
import { tr } from './i18n.js';

/** From this many characters a text is held, not put in the box. */
export const HOLD_FROM = 128 * 1024;
/** The lines of a held text the box shows at once, and the most characters it shows (a text
 * of very long lines, such as a volume flattened to one line, shows the start of one). */
const WINDOW = 200;
const WINDOW_CHARS = 64 * 1024;

/**
 * The held text, where its lines start (line n, 1-based, at starts[n - 1]), how many lines the
 * core counts in it (a final line end starts none), the window (line indexes first to last,
 * and how many characters of a line too long for it are shown, else 0), and whether the
 * selection is a line a finding's button picked (not everything, even where the line is all
 * the window shows).
 * @type {{ text: string, starts: number[], count: number, first: number, last: number, cut: number, picked: boolean } | null}
 */
let held = null;

const box = () => byIdAs('source', HTMLTextAreaElement);

/** The text: the held one, or the box's. */
export function sourceText() {
  return held ? held.text : box().value;
}

/** Puts a text in the box, or holds it when it is large. @param {string} given */
export function setSource(given) {
  // Line ends as the box itself makes them (CR LF and a lone CR become LF), so that the held
  // text is what the box would hold and its lines are the lines the core counts.
  const text = given.includes('\r') ? given.replace(/\r\n?/g, '\n') : given;
  if (text.length < HOLD_FROM) {
    release();
    box().value = text;
    return;
  }
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const count = starts.length - (text.endsWith('\n') ? 1 : 0);
  held = { text, starts, count, first: 0, last: 0, cut: 0, picked: false };
  box().readOnly = true;
  showFrom(1);
}

/** Stops holding: the box is the text again (empty, unless the caller fills it). */
function release() {
  if (!held) return;
  held = null;
  const b = box();
  b.readOnly = false;
  b.value = '';
  byId('held').hidden = true;
  byId('held-what').textContent = ''; // the box's description (aria-describedby)
}

/**
 * Shows the held text's lines from line `n` (1-based) in the box, as many as fit (WINDOW lines,
 * WINDOW_CHARS characters: at least the start of line `n`), and says so.
 * @param {number} n
 */
function showFrom(n) {
  if (!held) return;
  const { text, starts, count } = held;
  n = Math.min(Math.max(1, n), count); // (a line of a text since replaced)
  /** Where the lines before line index `i` end (the text's end for the last). @param {number} i */
  const end = (i) => (i < starts.length ? starts[i] - 1 : text.length);
  /** The window from line index `from`: the index after its last line. @param {number} from */
  const upTo = (from) => {
    let last = from + 1;
    while (last < count && last - from < WINDOW && end(last + 1) - starts[from] <= WINDOW_CHARS) last++;
    return last;
  };
  // Near the end, the last lines (a full window), if that reaches line n.
  let first = Math.max(0, Math.min(n - 1, count - WINDOW));
  let last = upTo(first);
  if (last < n) {
    first = n - 1;
    last = upTo(first);
  }
  const lines = text.slice(starts[first], end(last));
  // A cut ends before a character's first half (UTF-16 surrogate), never between its halves.
  const cut = lines.length > WINDOW_CHARS ? WINDOW_CHARS - (/[\uD800-\uDBFF]/.test(lines[WINDOW_CHARS - 1]) ? 1 : 0) : 0;
  held.first = first;
  held.last = last;
  held.cut = cut;
  box().value = cut ? lines.slice(0, cut) : lines;
  box().scrollTop = 0;
  byId('held').hidden = false; // shown before its words change, so that they are announced
  say();
}

/** Says how much is held and which lines the box shows. */
function say() {
  if (!held) return;
  const { text, count, first, last, cut } = held;
  const counts = { chars: text.length.toLocaleString('en-US'), lines: count.toLocaleString('en-US'), a: first + 1, b: last };
  byId('held-what').textContent = cut
    ? tr('文本较大（{chars} 个字符，{lines} 行），框中只显示第 {a}–{b} 行的前 {n} 个字符、不能在框中修改；检查和保存用全文。粘贴（Ctrl+V）插入光标处，全选后粘贴替换全文。', { ...counts, n: cut.toLocaleString('en-US') })
    : tr('文本较大（{chars} 个字符，{lines} 行），框中只显示第 {a}–{b} 行、不能在框中修改；检查和保存用全文。粘贴（Ctrl+V）插入光标处，全选后粘贴替换全文。', counts);
}

/** Says again what is held (the interface's language changed): the box, its window and its
 * selection stay as they are. */
export const showHeld = say;

/**
 * Selects line `n` (1-based) in the box, bringing it into the held window first.
 * @param {number} n
 * @returns {[number, number, number]} where the line is in the box's value, and which line
 *   of the box it is (1-based)
 */
export function lineInBox(n) {
  const b = box();
  let at = n;
  if (held) {
    n = Math.min(Math.max(1, n), held.count);
    const shown = () => held !== null && held.first < n && n <= held.last;
    if (!shown()) showFrom(Math.max(1, n - 3));
    if (!shown()) showFrom(n); // long lines: the window starts at line n
    held.picked = true;
    at = n - held.first;
  }
  const lines = b.value.split('\n');
  let start = 0;
  for (let i = 0; i < at - 1 && i < lines.length; i++) start += lines[i].length + 1;
  return [start, start + (lines[at - 1] || '').length, Math.min(at, lines.length)];
}

/**
 * Where the box's selection is in the whole text: `[from, to, all]`, `all` when everything a
 * held text's window shows is selected (which stands for the whole text). A place taken before
 * an asynchronous read (an HTML paste) stays right if the window moves meanwhile.
 * @returns {[number, number, boolean]}
 */
export function selection() {
  const b = box();
  const at = held ? held.starts[held.first] : 0;
  const all = held !== null && !held.picked && b.value.length > 0 && b.selectionStart === 0 && b.selectionEnd === b.value.length;
  return [at + b.selectionStart, at + b.selectionEnd, all];
}

/**
 * Puts pasted text in place of the whole text's `[from, to]` (see `selection`), or of all of it
 * when `all`, holding the result if it is large (a box below HOLD_FROM grown to it, or a paste
 * that large itself). The caret goes after the paste, in the window if the text was held
 * (a held text replaced, or a box that grows held, shows its first lines). An empty paste (a
 * file or picture copied) changes nothing.
 * @param {string} text
 * @param {[number, number, boolean]} place
 */
export function insertText(text, [from, to, all]) {
  if (!text) return;
  const b = box();
  const value = sourceText();
  if (all) [from, to] = [0, value.length];
  const whole = value.slice(0, from) + text + value.slice(to);
  const wasHeld = held !== null;
  if (wasHeld || (whole.length >= HOLD_FROM && (value.length < HOLD_FROM || text.length >= HOLD_FROM))) {
    setSource(whole);
    if (!wasHeld || all) return;
  } else {
    b.value = whole;
  }
  let caret = from + text.length;
  if (held) {
    // The line the caret is on, into the window.
    lineInBox(held.starts.findLastIndex((s) => s <= caret) + 1);
    held.picked = false;
    caret = Math.min(caret - held.starts[held.first], b.value.length);
  }
  b.setSelectionRange(caret, caret);
}

/**
 * A plain paste into a held text's window, a paste of HOLD_FROM characters or more, or one
 * that would make a box below HOLD_FROM that large, is taken here, not by the box (which would
 * lay it all out, or could not change). Returns whether it was.
 * @param {ClipboardEvent} e
 */
export function pastePlain(e) {
  const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
  const b = box();
  const whole = b.value.length - (b.selectionEnd - b.selectionStart) + text.length;
  const large = whole >= HOLD_FROM && (b.value.length < HOLD_FROM || text.length >= HOLD_FROM);
  if (!held && !large) return false;
  e.preventDefault();
  insertText(text, selection());
  return true;
}

/**
 * The held note's buttons: the whole text into the box, or nothing held.
 * @param {() => void} changed what to do when the text changed (emptied)
 */
export function installHeld(changed) {
  // A selection the user makes is theirs, though it covers what a line button picked.
  const unpick = () => held && (held.picked = false);
  box().addEventListener('mousedown', unpick);
  box().addEventListener('keydown', (e) => (e.ctrlKey || e.metaKey) && e.key === 'a' && unpick());
  byId('held-edit').addEventListener('click', () => {
    if (!held) return;
    const { text } = held;
    const at = held.starts[held.first]; // where the window was: its first line at the caret
    release();
    const b = box();
    b.value = text;
    b.focus();
    b.setSelectionRange(at, at);
  });
  byId('held-clear').addEventListener('click', () => {
    release();
    changed();
    box().focus();
  });
}
