// @ts-check
// Small DOM helpers shared by the page's modules: elements built from text (never markup), the
// status line, the error box and the screen-reader announcements.

/**
 * @typedef {string | number | boolean | null | undefined | ((event: any) => void)} AttrValue
 * @typedef {Node | string | number | null | undefined | false} Child
 */

/**
 * Builds an element; strings become text nodes, never markup. `on…` attributes are listeners.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, AttrValue> | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A figure or text as the core gave it; a dash when there is none. */
export const show = (/** @type {unknown} */ v) => (v === null || v === undefined || v === '' ? '—' : String(v));

/**
 * The page's element with this id (index.html has them all).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node;
}

/**
 * An element of a known kind, by id.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} kind
 * @returns {T}
 */
export function byIdAs(id, kind) {
  const node = byId(id);
  if (!(node instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return node;
}

/** Shows progress (a non-empty text) or hides it. @param {string} [text] */
export function setBusy(text) {
  byId('progress').hidden = !text;
  byId('status').textContent = text || '';
}

/** Shows an error (or clears it with an empty message). @param {string} [message] */
export function showError(message) {
  const box = byId('error');
  box.hidden = !message;
  box.textContent = message || '';
}

/** Says something to screen readers (and shows it in the status line). @param {string} text */
export function announce(text) {
  byId('status').textContent = text;
  const announcer = byId('announce');
  announcer.textContent = '';
  // A fresh text node each time, so that the same words are announced again.
  setTimeout(() => { announcer.textContent = text; }, 30);
}

/** The message of anything thrown. @param {unknown} err */
export const messageOf = (err) => (err instanceof Error ? err.message : String(err));
