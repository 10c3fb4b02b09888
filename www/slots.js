// @ts-check
// The forms' details, drawn only near the screen: each form has a slot in its input's section;
// up to EAGER forms in all, every slot holds its form at once; above, a slot's form is drawn
// when it comes within NEAR of the screen and dropped (the slot keeping its height) beyond FAR,
// never while it holds the focus. So a document of thousands of forms keeps a few forms drawn.
// (Checked on the page's scroll, not by an IntersectionObserver per slot: thousands of those
// cost every frame, the overview list's scrolling included.)
import { byId } from './dom.js';

/** Up to this many forms in all, every form is drawn at once (and printed). */
const EAGER = 40;
/** How near the screen (px) a form's slot must come to be drawn, and how far to be dropped. */
const NEAR = 800;
const FAR = 2500;

const slots = {
  /** Whether forms are drawn only near the screen. */
  lazy: false,
  /** Every slot, in the page's order. @type {HTMLElement[]} */
  all: [],
  /** The slots whose form is drawn. @type {Set<HTMLElement>} */
  drawn: new Set(),
  /** Draws form `f` of document `d`. @type {(d: number, f: number) => HTMLElement | null} */
  build: () => null,
  /** Whether an update is waiting for the next frame. */
  queued: false,
};

/**
 * Starts over for `forms` forms drawn by `build` (before the slots are made).
 * @param {number} forms @param {(d: number, f: number) => HTMLElement | null} build
 */
export function startSlots(forms, build) {
  slots.lazy = forms > EAGER;
  slots.all = [];
  slots.drawn = new Set();
  slots.build = build;
  // (After the slots are in the page: draw those on screen.)
  if (slots.lazy) queueUpdate();
}

/** Form `f` of document `d`'s slot: its form, or an empty box of `height` px until it is near. @param {number} d @param {number} f @param {number} height */
export function slot(d, f, height) {
  const box = document.createElement('div');
  box.className = 'form-slot';
  box.dataset.doc = String(d);
  box.dataset.form = String(f);
  if (!slots.lazy) {
    fill(box);
    return box;
  }
  box.style.height = `${height}px`;
  slots.all.push(box);
  return box;
}

/** Draws a slot's form, if it is not drawn. @param {Element} box */
function fill(box) {
  if (!(box instanceof HTMLElement) || box.firstChild) return;
  const form = slots.build(Number(box.dataset.doc), Number(box.dataset.form));
  if (!form) return;
  box.append(form);
  box.style.height = '';
  if (slots.lazy) slots.drawn.add(box);
}

/** Drops a slot's form, keeping its height (never one holding the focus). @param {HTMLElement} box */
function drop(box) {
  if (box.contains(document.activeElement)) return;
  box.style.height = `${box.getBoundingClientRect().height}px`;
  box.replaceChildren();
  slots.drawn.delete(box);
}

/**
 * Draws the forms within NEAR of the screen and drops those beyond FAR. The slots are in page
 * order, so the first near one is found by halving (a few layout reads, whatever the count):
 * no observer per slot, which would cost the browser work on every frame for thousands.
 */
function update() {
  slots.queued = false;
  if (!slots.lazy || !slots.all.length || !slots.all[0].isConnected) return;
  const view = window.innerHeight;
  let lo = 0;
  let hi = slots.all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (slots.all[mid].getBoundingClientRect().bottom < -NEAR) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < slots.all.length; i++) {
    const box = slots.all[i];
    if (box.getBoundingClientRect().top > view + NEAR) break;
    fill(box);
  }
  for (const box of [...slots.drawn]) {
    const r = box.getBoundingClientRect();
    if (r.bottom < -FAR || r.top > view + FAR) drop(box);
  }
}

function queueUpdate() {
  if (slots.queued) return;
  slots.queued = true;
  requestAnimationFrame(update);
}

window.addEventListener('scroll', queueUpdate, { passive: true });
window.addEventListener('resize', queueUpdate, { passive: true });

/** Form `f` of document `d`'s slot. @param {number} d @param {number} f */
export function slotOf(d, f) {
  return byId('docs').querySelector(`.form-slot[data-doc="${d}"][data-form="${f}"]`);
}

/**
 * Opens form `f` of document `d` (a row of the overview chosen): draws it, scrolls to it and
 * focuses its heading; Esc there comes back to the row (app.js).
 * @param {number} d @param {number} f
 */
export function openForm(d, f) {
  const box = slotOf(d, f);
  if (!(box instanceof HTMLElement)) return;
  fill(box);
  const heading = box.querySelector('h4');
  box.scrollIntoView({ block: 'start' });
  if (heading instanceof HTMLElement) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

/** Draws every form (before printing: all of them, when there are not too many). */
export function fillAll() {
  const all = byId('docs').querySelectorAll('.form-slot');
  if (all.length > 500) return false;
  for (const box of all) fill(box);
  return true;
}
