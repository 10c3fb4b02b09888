// @ts-check
// The worker bridge: the only way the page reaches the checker. Every call — checks, re-checks,
// edits, the vocabulary, pasted HTML — waits in one queue (as squoosh's worker bridge does), and
// a job queued here is the whole of a step: its calls and what it does with their answers. So
// an answer can never land on a state that an earlier job has not finished with, nor be
// overwritten by a later job that read the state before it.

/**
 * @typedef {import('./worker.js').Calls} Calls
 * @typedef {import('./worker.js').Request} Request
 * @typedef {import('./worker.js').Reply} Reply
 * @typedef {import('./worker.js').Progress} Progress
 */

/**
 * Posts one call to the worker (only inside a queued job); `onProgress` hears of each page of a
 * PDF read and of each batch of a large text's forms checked, before the answer.
 * @typedef {(progress: Progress['progress']) => void} OnProgress
 * @typedef {<K extends keyof Calls>(kind: K, args: Calls[K]['args'], onProgress?: OnProgress) => Promise<{ value: Calls[K]['value'], ms: number, memory: number }>} Call
 */

/** What the last answer said of the worker: its answering module's wasm memory, in bytes (for the tests and benchmarks). */
export const heard = { memory: 0 };

/** @type {() => Worker} */
let makeWorker = () => { throw new Error('the worker bridge is not connected'); };
/** @type {Worker | null} */
let worker = null;
let nextId = 1;
/** @type {Map<number, { resolve: (reply: { value: any, ms: number, memory: number }) => void, reject: (err: Error) => void, onProgress?: OnProgress }>} */
const pending = new Map();
/** @type {Promise<unknown>} */
let tail = Promise.resolve();

/** Sets how the worker is started (a module worker, or a blob in the single file). @param {() => Worker} factory */
export function connect(factory) {
  makeWorker = factory;
}

function restart() {
  if (worker) worker.terminate();
  worker = null;
}

function spawn() {
  const w = makeWorker();
  w.onmessage = (/** @type {MessageEvent<Reply | Progress>} */ event) => {
    const reply = event.data;
    const job = pending.get(reply.id);
    if (!job) return;
    if ('progress' in reply) {
      if (job.onProgress) job.onProgress(reply.progress);
      return;
    }
    pending.delete(reply.id);
    if (reply.ok) {
      heard.memory = reply.memory;
      job.resolve({ value: reply.value, ms: reply.ms, memory: reply.memory });
    } else {
      if (reply.fatal) restart();
      job.reject(new Error(reply.error));
    }
  };
  w.onerror = (event) => {
    event.preventDefault();
    const err = new Error(event.message || '检查程序无法启动');
    for (const job of pending.values()) job.reject(err);
    pending.clear();
    restart();
  };
  return w;
}

/** @type {Call} */
const post = (kind, args, onProgress) => {
  if (!worker) worker = spawn();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    w.postMessage({ id, kind, ...args });
  });
};

/**
 * Runs `job` once every job queued before it has finished (failed ones included).
 * @template T
 * @param {(call: Call) => Promise<T>} job
 * @returns {Promise<T>}
 */
export function enqueue(job) {
  const run = tail.then(() => job(post));
  tail = run.catch(() => {});
  return run;
}

/**
 * One call, queued: its answer's value.
 * @template {keyof Calls} K
 * @param {K} kind
 * @param {Calls[K]['args']} args
 * @returns {Promise<Calls[K]['value']>}
 */
export function request(kind, args) {
  return enqueue(async (call) => (await call(kind, args)).value);
}

/** Resolves when every job queued so far has finished. */
export const idle = () => tail.then(() => {});
