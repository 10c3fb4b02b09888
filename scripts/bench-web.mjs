// Prints the page's figures: gzip sizes of the wasm and of everything the first load fetches,
// and the time the page's checker takes for all corpus forms (median of several runs, after
// load, measured inside the worker), and how long an edit takes from Enter to the re-rendered
// total (the whole round trip: worker, core, rendering), and how long a 39-page PDF takes to
// show its forms. Needs a built dist/
// (scripts/build-web.sh) and Chromium.
// Usage: node scripts/bench-web.mjs [RUNS]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { browser, CORPUS, corpusPath, dist, serve, waitForForms } from '../tests/browser/harness.mjs';

const runs = Number(process.argv[2] || 21);
const server = await serve();
const chrome = await browser();
try {
  const page = await chrome.context.newPage();
  const fetched = new Set();
  page.on('request', (r) => fetched.add(new URL(r.url()).pathname));
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  const gz = (p) => gzipSync(readFileSync(join(dist, p.endsWith('/') ? `${p}index.html` : p)), { level: 9 }).length;
  const firstLoad = [...fetched].filter((p) => !p.endsWith('sw.js')).reduce((n, p) => n + gz(p), 0);
  const texts = CORPUS.map(([name]) => readFileSync(corpusPath(name), 'utf8'));
  await page.evaluate((t) => window.jixiao.time(t), texts); // warm-up
  const totals = [];
  for (let i = 0; i < runs; i++) {
    const ms = await page.evaluate((t) => window.jixiao.time(t), texts);
    totals.push(ms.reduce((a, b) => a + b, 0));
  }
  totals.sort((a, b) => a - b);
  const median = totals[Math.floor(totals.length / 2)];
  const forms = CORPUS.reduce((n, [, c]) => n + c, 0);
  console.log(`wasm (pkg/jixiao_bg.wasm): ${(gz('/pkg/jixiao_bg.wasm') / 1024).toFixed(1)} KiB gzip`);
  console.log(`first load: ${(firstLoad / 1024).toFixed(1)} KiB gzip in ${fetched.size - (fetched.has('/sw.js') ? 1 : 0)} files`);
  console.log(`checking all ${forms} corpus forms (${CORPUS.length} documents) in the page: median ${median.toFixed(2)} ms over ${runs} runs (min ${totals[0].toFixed(2)}, max ${totals[totals.length - 1].toFixed(2)})`);
  console.log(`full module (pkg-full/jixiao_full_bg.wasm, on demand): ${(gz('/pkg-full/jixiao_full_bg.wasm') / 1024).toFixed(1)} KiB gzip`);

  // A 39-page PDF (tests/fixtures/pdf/volume-39.pdf, 20 forms) chosen, to its forms on the page:
  // read by the full module in the worker (fetched and compiled by a first, untimed run), then
  // drawn. Each run starts from the example's 6 forms.
  const volume = join(dist, '..', 'tests', 'fixtures', 'pdf', 'volume-39.pdf');
  const pdfTimes = [];
  for (let i = 0; i <= Math.min(runs, 7); i++) {
    await page.click('#example');
    await waitForForms(page, 6);
    const t0 = Date.now();
    await page.setInputFiles('#file', volume);
    await page.waitForFunction(() => window.jixiao.reports()[0]?.source.name === 'volume-39.pdf');
    await waitForForms(page, 20);
    if (i > 0) pdfTimes.push(Date.now() - t0);
  }
  pdfTimes.sort((a, b) => a - b);
  console.log(`a 39-page PDF (volume-39.pdf, ${(readFileSync(volume).length / 1024).toFixed(0)} KiB, 20 forms), chosen to its forms drawn: median ${pdfTimes[pdfTimes.length >> 1]} ms over ${pdfTimes.length} runs (min ${pdfTimes[0]}, max ${pdfTimes[pdfTimes.length - 1]})`);

  // Editing: one 得分 typed in again and again, Enter to the re-rendered form; on corpus 001
  // (11 forms) and on the same document 25 times over (275 forms).
  for (const [copies, times] of [[1, runs], [25, Math.min(runs, 11)]]) {
    const text = Array(copies).fill(texts[1]).join('\n');
    await page.evaluate((t) => { document.getElementById('source').value = t; }, text);
    await page.click('#check');
    await waitForForms(page, CORPUS[1][1] * copies);
    const edits = [];
    for (let i = 0; i <= times; i++) {
      const cell = page.locator('article.form').first().locator('button.cell[data-field="indicators[0].score"]');
      await cell.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(String(i % 8));
      const ms = await page.evaluate(async () => {
        const t0 = performance.now();
        document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        await window.jixiao.settled();
        return performance.now() - t0;
      });
      if (i > 0) edits.push(ms); // the first edit may also fetch and compile the full module
    }
    edits.sort((a, b) => a - b);
    console.log(`an edit on a ${CORPUS[1][1] * copies}-form document, Enter to re-rendered form: median ${edits[edits.length >> 1].toFixed(1)} ms over ${edits.length} edits (min ${edits[0].toFixed(1)}, max ${edits[edits.length - 1].toFixed(1)})`);
  }
} finally {
  await chrome.close();
  server.close();
}
