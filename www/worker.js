// The checker runs here, off the page's thread, so a large paste never freezes the page.
//
// Two wasm modules: the small one (`core`, checks text, CSV and web pages) loads first; the full
// one (also .xlsx/.docx and the editing functions `revise` and `resume`) is fetched the first
// time a workbook or document is dropped, a form is edited, or a downloaded report is dropped
// back. The single-file build (scripts/assemble-web.mjs) replaces the import below with the full
// module's glue code, WASM_BASE64 with the full module itself and FULL_MODULE with null: there
// one module does everything and no file beside it is needed.
import * as core from '../pkg/jixiao.js';

const WASM_BASE64 = null;
const FULL_MODULE = '../pkg-full/jixiao_full.js';

let ready = null;
let full = null;

function bytesOf(base64) {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The first module. */
function load() {
  if (!ready) {
    ready = WASM_BASE64
      ? Promise.resolve(core.initSync({ module: bytesOf(WASM_BASE64) })).then(() => core)
      : core.default().then(() => core);
  }
  return ready;
}

/** The full module, fetched the first time it is needed (the first module in the single file). */
function loadFull() {
  if (!FULL_MODULE) return load();
  if (!full) {
    full = import(FULL_MODULE).then(async (m) => {
      await m.default();
      return m;
    });
    full.catch(() => { full = null; });
  }
  return full;
}

/** A zip archive (.xlsx, .docx) by its first bytes or its name. */
function isOffice(bytes, name) {
  return /\.(xlsx|docx)$/i.test(name || '')
    || (bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4)
    || (bytes.length > 3 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0);
}

self.onmessage = async (event) => {
  const { id, kind, name, rounding } = event.data;
  try {
    const options = { name, rounding };
    const needsFull = kind === 'revise' || kind === 'resume' || (kind === 'bytes' && isOffice(event.data.bytes, name));
    const m = needsFull ? await loadFull() : await load();
    const started = performance.now();
    let report;
    if (kind === 'revise') {
      // A user's action on a checked form, applied by the core, which checks the form again.
      report = m.revise(JSON.stringify(event.data.report), event.data.form, JSON.stringify(event.data.action ?? null));
    } else if (kind === 'resume') {
      report = m.resume(event.data.text);
    } else if (kind === 'codes') {
      report = m.codes();
    } else if (kind === 'bytes') {
      report = m.checkBytes(event.data.bytes, options);
    } else {
      report = m.check(event.data.text, options);
    }
    self.postMessage({ id, ok: true, report, ms: performance.now() - started });
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    // A panic leaves the module unusable: the page starts a fresh worker after this answer.
    self.postMessage({ id, ok: false, error: message, fatal: err instanceof WebAssembly.RuntimeError });
  }
};
