// @ts-check
// The checker runs here, off the page's thread, so a large paste never freezes the page. The
// page talks to it through www/bridge.js only, one call at a time.
//
// Two wasm modules: the small one (`core`, checks text, CSV and web pages) loads first; the full
// one (also .xlsx/.docx, PDF and the editing functions `revise` and `resume`) is fetched the
// first time a workbook, document or PDF is dropped, a form is edited, or a downloaded report is
// dropped back. A third (`pkg-export`: the findings as .xlsx or CSV, the corrected forms as .xlsx)
// is fetched the first time an export is asked for. The single-file build
// (scripts/assemble-web.mjs) replaces the import below with the full module's glue code,
// WASM_BASE64 with the full module itself and FULL_MODULE with null, and EXPORT_BASE64 with the
// export module, whose glue it carries in a function of its own (`exportGlue`): there no file
// beside it is needed.
import * as core from '../pkg/jixiao.js';

/**
 * @typedef {import('../pkg/jixiao').Report} Report
 * @typedef {import('../pkg/jixiao').FormReport} FormReport
 * @typedef {import('../pkg/jixiao').Source} Source
 * @typedef {import('../pkg/jixiao').Vocabulary} Vocabulary
 * @typedef {import('../pkg/jixiao').Spec} Spec
 * @typedef {import('../pkg/jixiao').Step} Step
 * @typedef {import('../pkg/jixiao').CheckOptions['rounding']} RoundingKey
 */

/**
 * Every call the page can make: what it sends and what comes back. A `text` or `bytes` call on
 * a large text is answered in batches (`FormsChecked` progress, below): its reply's report then
 * holds the forms not yet sent (none), and the page puts the batches' forms before them.
 * @typedef {{
 *   vocabulary: { args: {}, value: Vocabulary },
 *   codes: { args: {}, value: Spec[] },
 *   text: { args: { text: string, name?: string, rounding: RoundingKey }, value: Report },
 *   bytes: { args: { bytes: Uint8Array, name: string, rounding: RoundingKey }, value: Report },
 *   resume: { args: { bytes: Uint8Array }, value: Report[] },
 *   revise: { args: { report: Report, form: number, step: Step }, value: Report },
 *   tables: { args: { html: string }, value: string | undefined },
 *   findings: { args: { reports: Report[], format: 'xlsx' | 'csv' }, value: Uint8Array },
 *   forms: { args: { reports: Report[] }, value: Uint8Array },
 * }} Calls
 * @typedef {{ [K in keyof Calls]: { id: number, kind: K } & Calls[K]['args'] }[keyof Calls]} Request
 * @typedef {{ id: number, ok: true, value: any, ms: number, memory: number } | { id: number, ok: false, error: string, fatal: boolean }} Reply
 *   `ms`: the call's time in the worker; `memory`: the answering module's wasm memory
 *   (`memory.buffer.byteLength`) after the call, in bytes: it only grows, so it is the most that
 *   module has held
 * @typedef {{ page: number, pages: number }} PagesRead a PDF's page read
 * @typedef {{ source: Source, forms: FormReport[] }} FormsChecked the next forms of a large
 *   text, in document order, as they are checked, and the source its report will name
 * @typedef {{ id: number, progress: PagesRead | FormsChecked }} Progress heard before the reply
 */

/**
 * @typedef {typeof core} Module the first module
 * @typedef {typeof import('../pkg-full/jixiao_full')} FullModule the full one (office files, PDF, editing)
 * @typedef {typeof import('../pkg-export/jixiao_export')} ExportModule the exports (findings, corrected forms)
 */

/** @type {string | null} */
const WASM_BASE64 = null;
/** @type {string | null} */
const FULL_MODULE = '../pkg-full/jixiao_full.js';
/** @type {string | null} */
const EXPORT_MODULE = '../pkg-export/jixiao_export.js';
/** @type {string | null} */
const EXPORT_BASE64 = null;
/**
 * The single file's export glue (its module's exports), or null where the module is fetched.
 * @type {(() => ExportModule) | null}
 */
const exportGlue = null;

/**
 * A text of at least this many characters (a file of at least this many bytes) is checked in
 * batches (the core's `Checking`); a smaller one in one call. Below it a text is at most two of
 * the core's 256 KiB pieces, checked in well under 100 ms, and its forms would come in one or
 * two batches anyway, after the rounding census's extra reading of the whole text.
 */
const STREAM_FROM = 1 << 19;
/**
 * A message of forms goes to the page once it holds BATCH_FORMS forms or BATCH_MS ms have passed
 * since the last one, whichever comes first (the first batch goes at once, so that the first
 * forms show as soon as they can). One of the core's batches is a 256 KiB piece: about 70 of
 * the corpus's forms, 20–40 ms of work here; a message then carries one or two of them, about
 * 70–140 forms, and the page hears of progress every 50 ms or so without drawing for every
 * piece.
 */
const BATCH_FORMS = 100;
const BATCH_MS = 50;

/** Each loaded module's wasm memory, by its glue (the replies say how large it has grown). */
const memories = new Map();
/** The module whose memory the next reply reports (the one that answered). @type {unknown} */
let answering = null;

/** @type {Promise<Module> | null} */
let ready = null;
/** @type {Promise<FullModule> | null} */
let full = null;
/** @type {Promise<ExportModule> | null} */
let exporting = null;

/** @param {string} base64 */
function bytesOf(base64) {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The first module. */
function load() {
  if (!ready) {
    ready = (WASM_BASE64
      ? Promise.resolve(core.initSync({ module: bytesOf(WASM_BASE64) }))
      : core.default()).then((wasm) => {
      memories.set(core, wasm.memory);
      return core;
    });
  }
  return ready;
}

/**
 * The full module, fetched the first time it is needed (the first module in the single file).
 * @returns {Promise<FullModule>}
 */
function loadFull() {
  // (The single file's one module is the full one.)
  if (!FULL_MODULE) return /** @type {Promise<FullModule>} */ (/** @type {unknown} */ (load()));
  if (!full) {
    full = import(FULL_MODULE).then(async (/** @type {FullModule} */ m) => {
      memories.set(m, (await m.default()).memory);
      return m;
    });
    full.catch(() => { full = null; });
  }
  return full;
}

/**
 * The export module, fetched the first time an export is asked for (from the single file's
 * own glue and bytes there).
 * @returns {Promise<ExportModule>}
 */
function loadExport() {
  if (!exporting) {
    exporting = exportGlue && EXPORT_BASE64
      ? Promise.resolve(exportGlue()).then((m) => {
        memories.set(m, m.initSync({ module: bytesOf(/** @type {string} */ (EXPORT_BASE64)) }).memory);
        return m;
      })
      : import(/** @type {string} */ (EXPORT_MODULE)).then(async (/** @type {ExportModule} */ m) => {
        memories.set(m, (await m.default()).memory);
        return m;
      });
    exporting.catch(() => { exporting = null; });
  }
  return exporting;
}

/**
 * A module, noted as the one answering.
 * @template T
 * @param {T} m
 * @returns {T}
 */
function using(m) {
  answering = m;
  return m;
}

/**
 * Checks a text in batches: posts its forms to the page as they are checked (in messages of
 * BATCH_FORMS forms or BATCH_MS ms, above) and returns the report without them.
 * @param {number} id the request's
 * @param {import('../pkg/jixiao').Checking} checking
 * @returns {Report}
 */
function inBatches(id, checking) {
  const { source } = checking;
  /** @type {FormReport[]} */
  let forms = [];
  let sent = 0;
  let last = performance.now();
  const send = () => {
    /** @type {Progress} */
    const message = { id, progress: { source, forms } };
    self.postMessage(message);
    sent++;
    forms = [];
    last = performance.now();
  };
  try {
    for (let batch = checking.next(); batch !== undefined; batch = checking.next()) {
      for (const form of batch) forms.push(form);
      if (!sent || forms.length >= BATCH_FORMS || performance.now() - last >= BATCH_MS) send();
    }
  } catch (err) {
    try { checking.free(); } catch { /* (a module that panicked) */ }
    throw err;
  }
  if (forms.length) send();
  return checking.finish();
}

/**
 * @param {Request} request
 * @returns {Promise<unknown>}
 */
async function answer(request) {
  switch (request.kind) {
    case 'vocabulary': return using(await load()).vocabulary();
    case 'codes': return using(await load()).codes();
    case 'tables': return using(await load()).tablesText(request.html);
    case 'text': {
      const options = { rounding: request.rounding, ...(request.name === undefined ? {} : { name: request.name }) };
      const m = using(await load());
      return request.text.length >= STREAM_FROM
        ? inBatches(request.id, new m.Checking(request.text, options))
        : m.check(request.text, options);
    }
    case 'bytes': {
      // The first module reads text, CSV and web pages; the core says when a file is one it
      // cannot read (a workbook, a document), which goes to the full one.
      // A PDF's pages are reported as they are read (a long one takes seconds).
      const options = { name: request.name, rounding: request.rounding };
      const first = await load();
      // (The first module's checkBytes reads no PDF and takes no callback; in the single file
      // the first module is the full one and does.)
      const m = using(/** @type {FullModule} */ (/** @type {unknown} */ (
        first.canRead(request.bytes, request.name) ? first : await loadFull())));
      // A large text or CSV file in batches, as pasted text (any other file is read whole).
      const checking = request.bytes.length >= STREAM_FROM ? m.Checking.fromBytes(request.bytes, options) : undefined;
      if (checking) return inBatches(request.id, checking);
      return m.checkBytes(request.bytes, options, (page, pages) => {
        /** @type {Progress} */
        const progress = { id: request.id, progress: { page, pages } };
        self.postMessage(progress);
      });
    }
    case 'resume': {
      // A downloaded report dropped back: decoded and checked again by the core.
      const m = using(await loadFull());
      return m.resume(m.decodeBytes(request.bytes));
    }
    case 'revise': {
      // A user's action on a checked form, applied by the core, which checks the form again.
      const m = using(await loadFull());
      return m.revise(JSON.stringify(request.report), request.form, JSON.stringify(request.step));
    }
    case 'findings': {
      // The findings of the reports as a workbook, or as CSV (UTF-8 bytes, BOM first).
      const m = using(await loadExport());
      const reports = JSON.stringify(request.reports);
      return request.format === 'csv'
        ? new TextEncoder().encode(m.findingsCsv(reports))
        : m.findingsXlsx(reports);
    }
    case 'forms': {
      // The corrected forms as a workbook, one sheet per form, the audit trail last.
      const m = using(await loadExport());
      return m.formsXlsx(JSON.stringify(request.reports));
    }
    default: throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
}

self.onmessage = async (/** @type {MessageEvent<Request>} */ event) => {
  const { id } = event.data;
  /** @type {Reply} */
  let reply;
  try {
    if (event.data.kind === 'text') await load(); // (timed: the check alone, for the benchmarks)
    const started = performance.now();
    const value = await answer(event.data);
    const memory = memories.get(answering);
    reply = { id, ok: true, value, ms: performance.now() - started, memory: memory ? memory.buffer.byteLength : 0 };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A panic leaves the module unusable: the page starts a fresh worker after this answer.
    reply = { id, ok: false, error: message, fatal: err instanceof WebAssembly.RuntimeError };
  }
  self.postMessage(reply);
};
