// Assembles dist/ from index.html, www/ and the wasm-pack output in pkg/:
//   dist/index.html, dist/www/*, dist/pkg/*  the page as served
//   dist/sw.js                                service worker, cache named after the build's hash
//   dist/manifest.webmanifest                 web app manifest
//   dist/jixiao.html                          one self-contained file (wasm inlined) for file://
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const read = (p) => readFileSync(join(root, p), 'utf8');

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'www'), { recursive: true });
mkdirSync(join(dist, 'pkg'), { recursive: true });
mkdirSync(join(dist, 'pkg-full'), { recursive: true });

const copies = {
  'index.html': 'index.html',
  'www/app.js': 'www/app.js',
  'www/i18n.js': 'www/i18n.js',
  'www/charts.js': 'www/charts.js',
  'www/main.js': 'www/main.js',
  'www/worker.js': 'www/worker.js',
  'www/style.css': 'www/style.css',
  'www/icon.svg': 'www/icon.svg',
  'www/example.txt': 'www/example.txt',
  'www/manifest.webmanifest': 'manifest.webmanifest',
  'pkg/jixiao.js': 'pkg/jixiao.js',
  'pkg/jixiao_bg.wasm': 'pkg/jixiao_bg.wasm',
  'pkg-full/jixiao_full.js': 'pkg-full/jixiao_full.js',
  'pkg-full/jixiao_full_bg.wasm': 'pkg-full/jixiao_full_bg.wasm',
};
const hash = createHash('sha256');
for (const [from, to] of Object.entries(copies)) {
  cpSync(join(root, from), join(dist, to));
  hash.update(to).update(readFileSync(join(root, from)));
}
const version = hash.digest('hex').slice(0, 12);
const files = ['./', ...Object.values(copies)];
writeFileSync(
  join(dist, 'sw.js'),
  read('www/sw.js').replace("'__VERSION__'", JSON.stringify(version)).replace('__FILES__', JSON.stringify(files)),
);

// ---- The single file ----
const inline = (s) => JSON.stringify(s).replace(/</g, '\\u003c');
const sha = (s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

// A classic worker script: Chromium will not start a module worker from a blob: URL of a page
// opened from disk (opaque origin), so the ES module glue loses its exports here. The single
// file carries the full module only (office files and editing included).
const glue = read('pkg-full/jixiao_full.js')
  .replace(/^export function /gm, 'function ')
  .replace(/^export \{[^}]*\};?$/gm, '')
  .replace(/import\.meta\.url/g, 'self.location.href');
if (/^\s*(export|import)\s/m.test(glue)) throw new Error('pkg-full/jixiao_full.js has module syntax left');
const wasm = readFileSync(join(root, 'pkg-full/jixiao_full_bg.wasm')).toString('base64');
const workerCode = read('www/worker.js')
  .replace(/^import \* as core from '..\/pkg\/jixiao.js';$/m,
    'const core = { initSync, check, checkBytes, codes, revise, resume };')
  .replace('const WASM_BASE64 = null;', `const WASM_BASE64 = ${inline(wasm)};`)
  .replace(/^const FULL_MODULE = .*;$/m, 'const FULL_MODULE = null;');
if (!workerCode.includes('const core = {')) throw new Error('worker.js no longer imports core');
if (workerCode.includes("'../pkg")) throw new Error('worker.js still refers to ../pkg');
// The page's modules, in dependency order, as one script: their imports and exports dropped.
const app = ['www/i18n.js', 'www/charts.js', 'www/app.js']
  .map((p) => read(p)
    .replace(/^import .* from '\.\/[a-z0-9]+\.js';$/gm, '')
    .replace(/^export (function|const) /gm, '$1 '))
  .join('\n');
if (/^\s*(export|import)\s/m.test(app)) throw new Error('www/*.js have module syntax left');
const script = `${app}
const WORKER_SOURCE = ${inline(`${glue}\n${workerCode}`)};
const EXAMPLE = ${inline(read('www/example.txt'))};
start({
  makeWorker: () => new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }))),
  loadExample: async () => EXAMPLE,
});
`;
const style = read('www/style.css');
const csp = [
  "default-src 'none'",
  `script-src ${sha(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha(style)}`,
  'img-src data: blob:',
  'worker-src blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
let html = read('index.html');
const replace = (from, to) => {
  if (!html.includes(from)) throw new Error(`index.html no longer contains ${from}`);
  html = html.replace(from, () => to);
};
replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/.exec(html)[0],
  `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
replace('<link rel="stylesheet" href="www/style.css">', `<style>${style}</style>`);
replace('<link rel="manifest" href="manifest.webmanifest">\n', '');
replace('<link rel="icon" href="www/icon.svg" type="image/svg+xml">\n', '');
replace('<script type="module" src="www/main.js"></script>', `<script type="module">${script}</script>`);
replace(/<p><a href="jixiao.html" download[^>]*>.*<\/p>\n/.exec(html)[0], '');
writeFileSync(join(dist, 'jixiao.html'), html);
console.log(`dist/ assembled (cache version ${version}); dist/jixiao.html ${(html.length / 1024).toFixed(0)} KiB`);
