// Shared set-up for the browser tests: the built page (dist/) served on 127.0.0.1 by Python's
// http.server (or under a sub-path by a small Node server), and Debian's Chromium driven by
// playwright-core with a fresh profile.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'dist');
export const artifacts = join(root, 'tests', 'browser', 'artifacts');
mkdirSync(artifacts, { recursive: true });

export const CORPUS = [
  ['000_61cdf90257007e71.txt', 6],
  ['001_8db70a21b77abcfc.txt', 11],
  ['002_cb685a1f859d7a80.txt', 3],
  ['003_dc4befe519062102.txt', 7],
];
export const corpusPath = (name) => join(root, 'tests', 'fixtures', 'corpus', name);

/** Serves dist/ on 127.0.0.1 at a free port. */
export async function serve() {
  const proc = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dist], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`http.server did not start: ${out}`)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => reject(new Error(`http.server exited ${code}: ${out}`)));
  });
  proc.stderr.resume();
  return { origin: `http://127.0.0.1:${port}`, close: () => proc.kill() };
}

/** The types a static host must send for dist/'s files (the wasm one for streaming compilation). */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves dist/ on 127.0.0.1 at a free port under `base` (such as `/jixiao/`), as a web server
 * that hosts the page in a folder does: `${origin}${base}` is the page, `${origin}${base}x` is
 * dist/x, a folder without its slash is redirected, and every other path is 404. `paths` lists
 * every path asked for, in order.
 * @param {string} base
 */
export async function serveUnder(base) {
  if (!/^\/(?:[\w.-]+\/)+$/.test(base)) throw new Error(`serveUnder: base ${base} is not /name/`);
  /** @type {string[]} */
  const paths = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url || '/', 'http://x').pathname);
    paths.push(path);
    const send = (status, headers, body) => { res.writeHead(status, headers); res.end(req.method === 'HEAD' ? undefined : body); };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, {}, '');
    if (path === base.slice(0, -1)) return send(301, { Location: base }, '');
    if (!path.startsWith(base)) return send(404, { 'Content-Type': 'text/plain' }, 'not found');
    let file = normalize(join(dist, path.slice(base.length)));
    if (!file.startsWith(dist)) return send(404, { 'Content-Type': 'text/plain' }, 'not found');
    try {
      if (statSync(file).isDirectory()) {
        if (!path.endsWith('/')) return send(301, { Location: `${path}/` }, '');
        file = join(file, 'index.html');
      }
      const body = readFileSync(file);
      return send(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Length': body.length }, body);
    } catch {
      return send(404, { 'Content-Type': 'text/plain' }, 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    paths,
    close: () => { server.closeAllConnections(); server.close(); },
  };
}

/** A fresh headless Chromium profile. */
export async function browser() {
  const profile = mkdtempSync(join(tmpdir(), 'jixiao-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Up to this many forms the page draws every form at once (www/render.js EAGER). */
export const EAGER = 40;

/**
 * Waits until the page shows results for `forms` forms: counted in the summary, one row each in
 * the overview, and (up to EAGER forms) every form drawn.
 */
export async function waitForForms(page, forms) {
  await page.waitForFunction(
    ([n, eager]) => document.querySelector('[data-testid=form-count]')?.textContent === String(n)
      && document.getElementById('list-scroll')?.dataset.rows === String(n)
      && (n > eager || document.querySelectorAll('article.form').length === n),
    [forms, EAGER],
    { timeout: 20000 },
  );
}

/** A new tab that records uncaught errors and dialogs in `page.errors`. */
export async function newPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  page.errors = errors;
  return page;
}

/**
 * The served page and a browser for the tests of one file: started before them, closed after.
 * @returns {{ server: { origin: string, close: () => void }, chrome: { context: any, close: () => Promise<void> } }}
 */
export function session() {
  const env = /** @type {any} */ ({});
  before(async () => {
    env.server = await serve();
    env.chrome = await browser();
  });
  after(async () => {
    await env.chrome.close();
    env.server.close();
  });
  return env;
}

/** The CLI's JSON Lines for a file, run beside it so that `source.name` is the file name. */
export function cliJson(path, ...flags) {
  const bin = process.env.JIXIAO_BIN || join(root, 'target', 'debug', 'jixiao');
  try {
    return execFileSync(bin, ['check', '--format', 'json', ...flags, basename(path)], { cwd: dirname(path), encoding: 'utf8' });
  } catch (err) {
    if (err.status === 1) return err.stdout; // error findings: still a report
    throw err;
  }
}
