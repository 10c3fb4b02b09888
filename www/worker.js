// The checker runs here, off the page's thread, so a large paste never freezes the page.
// The single-file build (scripts/assemble-web.mjs) replaces the import below with the glue code
// itself and WASM_BASE64 with the module, so that it needs no file beside it; it has no office
// module (OFFICE_MODULE is null there).
import init, { initSync, check, checkBytes, revise, resume, codes } from '../pkg/jixiao.js';

const WASM_BASE64 = null;
const OFFICE_MODULE = '../pkg-office/jixiao_office.js';

let ready = null;
let office = null;

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

/** The .xlsx/.docx module, fetched the first time such a file is checked. */
function loadOffice() {
  if (!OFFICE_MODULE) {
    return Promise.reject(new Error('离线单文件版不能读取 .xlsx/.docx：请使用网页版，或在 Excel/Word 中另存为 CSV 或复制表格后粘贴。'));
  }
  if (!office) {
    office = import(OFFICE_MODULE).then(async (m) => {
      await m.default();
      return m;
    });
  }
  return office;
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
    let report;
    let started;
    if (kind === 'revise' || kind === 'resume' || kind === 'codes') {
      // A user's action on a checked form, a downloaded report read back, the code registry.
      await load();
      started = performance.now();
      const answer = kind === 'revise'
        ? revise(JSON.stringify(event.data.report), event.data.form, event.data.action)
        : kind === 'resume' ? resume(event.data.text) : codes();
      self.postMessage({ id, ok: true, report: answer, ms: performance.now() - started });
      return;
    }
    if (kind === 'bytes' && isOffice(event.data.bytes, name)) {
      const m = await loadOffice();
      started = performance.now();
      report = m.checkBytes(event.data.bytes, options);
    } else {
      await load();
      started = performance.now();
      report = kind === 'bytes' ? checkBytes(event.data.bytes, options) : check(event.data.text, options);
    }
    self.postMessage({ id, ok: true, report, ms: performance.now() - started });
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    // A panic leaves the module unusable: the page starts a fresh worker after this answer.
    self.postMessage({ id, ok: false, error: message, fatal: err instanceof WebAssembly.RuntimeError });
  }
};
