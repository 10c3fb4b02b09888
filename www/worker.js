// The checker runs here, off the page's thread, so a large paste never freezes the page.
// The single-file build (scripts/assemble-web.mjs) replaces the import below with the glue code
// itself and WASM_BASE64 with the module, so that it needs no file beside it.
import init, { initSync, check, checkBytes } from '../pkg/jixiao.js';

const WASM_BASE64 = null;

let ready = null;

function bytesOf(base64) {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function load() {
  if (!ready) {
    ready = WASM_BASE64 ? Promise.resolve(initSync({ module: bytesOf(WASM_BASE64) })) : init();
  }
  return ready;
}

self.onmessage = async (event) => {
  const { id, kind, name, rounding } = event.data;
  try {
    await load();
    const started = performance.now();
    const options = { name, rounding };
    const report = kind === 'bytes' ? checkBytes(event.data.bytes, options) : check(event.data.text, options);
    self.postMessage({ id, ok: true, report, ms: performance.now() - started });
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    // A panic leaves the module unusable: the page starts a fresh worker after this answer.
    self.postMessage({ id, ok: false, error: message, fatal: err instanceof WebAssembly.RuntimeError });
  }
};
