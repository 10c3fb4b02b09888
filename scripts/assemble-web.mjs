// Assembles dist/ from index.html, www/ and the wasm-pack output in pkg/:
//   dist/index.html, dist/www/*, dist/pkg/*  the page as served (pkg-full/ and pkg-export/
//                                            fetched on demand)
//   dist/sw.js                                service worker, cache named after the build's hash
//   dist/manifest.webmanifest                 web app manifest
//   dist/jixiao.html                          one self-contained file (wasm inlined) for file://
// The served scripts are minified (terser: comments and whitespace out, local names shortened;
// exports, imports and property names kept), which halves what the first load fetches; the
// single file is made from the sources as they are.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const read = (p) => readFileSync(join(root, p), 'utf8');

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'www'), { recursive: true });
mkdirSync(join(dist, 'pkg'), { recursive: true });
mkdirSync(join(dist, 'pkg-full'), { recursive: true });
mkdirSync(join(dist, 'pkg-export'), { recursive: true });

// The page's scripts: every www/*.js but the service worker, which is written below.
const scripts = readdirSync(join(root, 'www')).filter((f) => f.endsWith('.js') && f !== 'sw.js').sort();
const copies = {
  'index.html': 'index.html',
  ...Object.fromEntries(scripts.map((f) => [`www/${f}`, `www/${f}`])),
  'www/style.css': 'www/style.css',
  'www/icon.svg': 'www/icon.svg',
  'www/example.txt': 'www/example.txt',
  'www/manifest.webmanifest': 'manifest.webmanifest',
  'pkg/jixiao.js': 'pkg/jixiao.js',
  'pkg/jixiao_bg.wasm': 'pkg/jixiao_bg.wasm',
  'pkg-full/jixiao_full.js': 'pkg-full/jixiao_full.js',
  'pkg-full/jixiao_full_bg.wasm': 'pkg-full/jixiao_full_bg.wasm',
  'pkg-export/jixiao_export.js': 'pkg-export/jixiao_export.js',
  'pkg-export/jixiao_export_bg.wasm': 'pkg-export/jixiao_export_bg.wasm',
};
const hash = createHash('sha256');
for (const [from, to] of Object.entries(copies)) {
  cpSync(join(root, from), join(dist, to));
  hash.update(to).update(readFileSync(join(root, from)));
}
const version = hash.digest('hex').slice(0, 12);
for (const to of Object.values(copies).filter((p) => p.endsWith('.js'))) {
  const path = join(dist, to);
  const out = await minify(readFileSync(path, 'utf8'), { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (!out.code) throw new Error(`terser gave nothing for ${to}`);
  writeFileSync(path, out.code);
}
const files = ['./', ...Object.values(copies)];
/** Replaces a marker that must be there (a missing one would build a page that half works). */
const fill = (text, marker, value, what) => {
  if (!text.includes(marker)) throw new Error(`${what} has no ${marker}`);
  return text.replace(marker, value);
};
writeFileSync(
  join(dist, 'sw.js'),
  fill(fill(read('www/sw.js'), "'__VERSION__'", JSON.stringify(version), 'www/sw.js'),
    '[/* __FILES__ */]', JSON.stringify(files), 'www/sw.js'),
);

// ---- The single file ----
const inline = (s) => JSON.stringify(s).replace(/</g, '\\u003c');
const sha = (s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

// A classic worker script: Chromium will not start a module worker from a blob: URL of a page
// opened from disk (opaque origin), so the ES module glue loses its exports here. The single
// file carries the full module (office files and editing included) and the export module.
/** Every function and class a glue file exports (every binding, initSync), and its code without module syntax. */
const classic = (file, needs) => {
  const source = read(file);
  const names = [...source.matchAll(/^export (?:function|class) (\w+)/gm)].map((m) => m[1])
    .concat([...source.matchAll(/^export \{([^}]*)\};?$/gm)].flatMap((m) => m[1].split(','))
      .map((n) => n.trim()).filter((n) => /^\w+$/.test(n)));
  if (!needs.every((n) => names.includes(n))) throw new Error(`${file} exports ${names}`);
  const code = source
    .replace(/^export function /gm, 'function ')
    .replace(/^export class /gm, 'class ')
    .replace(/^export \{[^}]*\};?$/gm, '')
    .replace(/import\.meta\.url/g, 'self.location.href');
  if (/^\s*(export|import)\s/m.test(code)) throw new Error(`${file} has module syntax left`);
  return { names, code };
};
const base64 = (file) => readFileSync(join(root, file)).toString('base64');
const full = classic('pkg-full/jixiao_full.js', ['initSync', 'checkBytes']);
const glue = full.code;
// The export module's glue in a function of its own, so its top-level names never meet the
// full module's; the worker calls it once, the first time an export is asked for.
const exportModule = classic('pkg-export/jixiao_export.js', ['initSync', 'findingsXlsx', 'findingsCsv', 'formsXlsx']);
const exportGlue = `const exportGlue = () => {\n${exportModule.code}\nreturn { ${exportModule.names.join(', ')} };\n};`;
const workerCode = read('www/worker.js')
  .replace(/^import \* as core from '..\/pkg\/jixiao.js';$/m,
    `const core = { ${full.names.join(', ')} };`)
  .replace('const WASM_BASE64 = null;', `const WASM_BASE64 = ${inline(base64('pkg-full/jixiao_full_bg.wasm'))};`)
  .replace(/^const FULL_MODULE = .*;$/m, 'const FULL_MODULE = null;')
  .replace(/^const EXPORT_MODULE = .*;$/m, 'const EXPORT_MODULE = null;')
  .replace('const EXPORT_BASE64 = null;', `const EXPORT_BASE64 = ${inline(base64('pkg-export/jixiao_export_bg.wasm'))};`)
  .replace(/^const exportGlue = null;$/m, () => exportGlue);
if (!workerCode.includes('const core = {')) throw new Error('worker.js no longer imports core');
if (!workerCode.includes('const exportGlue = () => {') || workerCode.includes('const EXPORT_BASE64 = null;')) {
  throw new Error('worker.js no longer has the export module\'s markers');
}
if (/'\.\.\/pkg[^']*\.js'/.test(workerCode)) throw new Error('worker.js still loads a module from ../pkg');
// The page's modules as one script: each module's body in a function of its own (so their
// top-level names never meet), its imports read from the modules before it, its exports
// returned; modules come in dependency order, from app.js down.
const IMPORT = /^import \{([^}]*)\} from '\.\/([a-z0-9-]+)\.js';$/gm;
const EXPORT = /^export (?:async )?(?:function\*? |const |let |class )(\w+)/gm;
const ident = (name) => `module_${name.replace(/-/g, '_')}`;
const order = [];
const visiting = new Set();
const visit = (name) => {
  if (order.includes(name)) return;
  if (visiting.has(name)) throw new Error(`www/${name}.js: an import cycle (the single file needs none)`);
  visiting.add(name);
  for (const m of read(`www/${name}.js`).matchAll(IMPORT)) visit(m[2]);
  visiting.delete(name);
  order.push(name);
};
visit('app');
const app = order.map((name) => {
  const src = read(`www/${name}.js`);
  const exports = [...src.matchAll(EXPORT)].map((m) => m[1]);
  const body = src
    .replace(IMPORT, (m, names, from) => `const {${names.replace(/ as /g, ': ')}} = ${ident(from)};`)
    .replace(/^export (async function|function|const|let|class) /gm, '$1 ');
  if (/^\s*(export|import)\s/m.test(body)) throw new Error(`www/${name}.js has module syntax left`);
  return `const ${ident(name)} = (() => {\n${body}\nreturn { ${exports.join(', ')} };\n})();`;
}).join('\n');
const script = `${app}
const WORKER_SOURCE = ${inline(`${glue}\n${workerCode}`)};
const EXAMPLE = ${inline(read('www/example.txt'))};
${ident('app')}.start({
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
