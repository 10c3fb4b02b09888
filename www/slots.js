// @ts-check
// The forms' details, drawn only near the screen: each form has a slot in its input's section;
// up to EAGER forms in all, every slot holds its form at once; above, a slot's form is drawn
// when it comes within NEAR of the screen and dropped (the slot keeping its height) beyond FAR,
// never while it holds the focus. So a document of thousands of forms keeps a few forms drawn.
import { byId } from './dom.js';

/** Up to this many forms in all, every form is drawn at once (and printed). */
const EAGER = 40;
/** How near the screen a form's slot must come to be drawn, and how far to be dropped. */
const NEAR = '800px 0px';
const FAR = '2500px 0px';

const slots = {
  /** @type {IntersectionObserver | null} */ near: null,
  /** @type {IntersectionObserver | null} */ far: null,
  /** Draws form `f` of document `d`. @type {(d: number, f: number) => HTMLElement | null} */
  build: () => null,
};

/**
 * Starts over for `forms` forms drawn by `build` (before the slots are made).
 * @param {number} forms @param {(d: number, f: number) => HTMLElement | null} build
 */
export function startSlots(forms, build) {
  for (const o of [slots.near, slots.far]) if (o) o.disconnect();
  const lazy = forms > EAGER && typeof IntersectionObserver === 'function';
  slots.near = lazy ? new IntersectionObserver(nearing, { rootMargin: NEAR }) : null;
  slots.far = lazy ? new IntersectionObserver(leaving, { rootMargin: FAR }) : null;
  slots.build = build;
}

/** Form `f` of document `d`'s slot: its form, or an empty box of `height` px until it is near. @param {number} d @param {number} f @param {number} height */
export function slot(d, f, height) {
  const box = document.createElement('div');
  box.className = 'form-slot';
  box.dataset.doc = String(d);
  box.dataset.form = String(f);
  if (!slots.near || !slots.far) {
    fill(box);
    return box;
  }
  box.style.height = `${height}px`;
  slots.near.observe(box);
  slots.far.observe(box);
  return box;
}

/** Draws a slot's form, if it is not drawn. @param {Element} box */
function fill(box) {
  if (!(box instanceof HTMLElement) || box.firstChild) return;
  const form = slots.build(Number(box.dataset.doc), Number(box.dataset.form));
  if (!form) return;
  box.append(form);
  box.style.height = '';
}

/** @param {IntersectionObserverEntry[]} entries */
function nearing(entries) {
  for (const e of entries) if (e.isIntersecting) fill(e.target);
}

/** Drops the forms far from the screen, keeping their height (never one being edited). @param {IntersectionObserverEntry[]} entries */
function leaving(entries) {
  for (const e of entries) {
    const box = e.target;
    if (e.isIntersecting || !(box instanceof HTMLElement) || !box.firstChild) continue;
    if (box.contains(document.activeElement)) continue;
    box.style.height = `${e.boundingClientRect.height}px`;
    box.replaceChildren();
  }
}

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
  if (!box) return;
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
