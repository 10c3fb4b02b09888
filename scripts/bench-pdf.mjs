#!/usr/bin/env node
// PDF reading speed on the command line (release build): the committed Word-style and Chromium
// PDFs of the corpus (the 27 forms twice, 8 files) read and checked, against two baselines run
// in the same script: the same 27 forms as text (the corpus files, checked by the same build),
// and poppler's `pdftotext -layout` on the same PDFs where it is installed. Medians of RUNS runs.
//
//   node scripts/bench-pdf.mjs [RUNS=7]
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const runs = Number(process.argv[2] || 7);
execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: root, stdio: 'inherit' });
const bin = join(root, 'target', 'release', 'jixiao');
const pdfDir = join(root, 'tests', 'fixtures', 'pdf');
const pdfs = readdirSync(pdfDir).filter((f) => /^(word|chrome)-\d+\.pdf$/.test(f)).sort().map((f) => join(pdfDir, f));
const textDir = join(root, 'tests', 'fixtures', 'corpus');
const texts = readdirSync(textDir).filter((f) => f.endsWith('.txt')).sort().map((f) => join(textDir, f));
const bytes = (files) => files.reduce((n, f) => n + statSync(f).size, 0);
const pages = pdfs.reduce((n, f) => n + execFileSync(bin, ['pdf-text', f], { encoding: 'utf8' }).trim().split('\n').length, 0);

/** Median wall time of a command, in seconds. */
function median(cmd, args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.error) return null;
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const pdf = median(bin, ['check', '--format', 'json', ...pdfs]);
const text = median(bin, ['check', '--format', 'json', ...texts]);
const poppler = spawnSync('pdftotext', ['-v']).error ? null : median('sh', ['-c', `for f in ${pdfs.map((f) => `'${f}'`).join(' ')}; do pdftotext -layout "$f" - >/dev/null; done`]);
const mb = bytes(pdfs) / 1e6;
console.log(`PDFs: ${pdfs.length} files, ${pages} pages, ${mb.toFixed(2)} MB; medians of ${runs} runs`);
console.log(`jixiao check (PDF):      ${(pdf * 1000).toFixed(0)} ms = ${(mb / pdf).toFixed(1)} MB/s, ${(pages / pdf).toFixed(0)} pages/s`);
console.log(`jixiao check (the same forms as text, ${(bytes(texts) / 1e3).toFixed(0)} KB, once): ${(text * 1000).toFixed(0)} ms; the PDFs (each form twice) take ${(pdf / text).toFixed(1)}× that`);
if (poppler !== null) console.log(`pdftotext -layout (text only, no cells, no checks): ${(poppler * 1000).toFixed(0)} ms; jixiao takes ${(pdf / poppler).toFixed(2)}× its time`);
else console.log('pdftotext not installed: no poppler baseline');
