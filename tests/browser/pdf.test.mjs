// PDFs in the page: dropped with other files and read by the full module (fetched only then),
// each page's progress shown, the download the CLI's JSON byte for byte, offline after one
// visit, and the single file from disk.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { browser, cliJson, CORPUS, corpusPath, dist, newPage, root, serve, waitForForms } from './harness.mjs';

const pdfPath = (name) => join(root, 'tests', 'fixtures', 'pdf', name);
let server;
let chrome;
const requests = [];


before(async () => {
  server = await serve();
  chrome = await browser();
  chrome.context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await chrome.close();
  server.close();
  for (const url of requests) {
    assert.ok(
      url.startsWith(server.origin) || url.startsWith('blob:') || url.startsWith('data:') || url.startsWith('file:'),
      `request left the page's origin: ${url}`,
    );
  }
});

/** Drops files on the page's box, as a user would. */
async function drop(page, paths) {
  const files = paths.map((p) => ({ name: basename(p), b64: readFileSync(p).toString('base64') }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    const box = document.getElementById('drop');
    box.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    box.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

/** Every text the status line shows from now on. */
async function watchStatus(page) {
  await page.evaluate(() => {
    window.statusSeen = [];
    const status = document.getElementById('status');
    new MutationObserver(() => window.statusSeen.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
  });
}

test('a PDF dropped with a text file shows its forms, page by page, and downloads as the CLI\'s JSON', async () => {
  const page = await newPage(chrome.context);
  const full = [];
  page.on('request', (r) => { if (r.url().includes('pkg-full')) full.push(r.url()); });
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  assert.deepEqual(full, [], 'the module with the PDF reader is not part of the first load');
  await watchStatus(page);
  await drop(page, [pdfPath('word-000.pdf'), corpusPath(CORPUS[3][0])]);
  await waitForForms(page, 13);
  const reports = await page.evaluate(() => window.jixiao.reports());
  assert.deepEqual(reports.map((r) => r.source.format), ['pdf', 'text']);
  assert.ok(full.some((u) => u.endsWith('.wasm')), 'the full module was fetched for the PDF');
  const seen = await page.evaluate(() => window.statusSeen);
  assert.ok(seen.some((s) => /word-000\.pdf，第 \d+\/\d+ 页/.test(s)), `page progress shown: ${seen.join(' | ')}`);
  // Findings name the page and the cell.
  const star = page.locator('article.form', { hasText: '城市治理之星' });
  assert.match(await star.locator('li[data-code="total.mismatch"] .cell-ref').textContent(), /^第 \d+ 页 表 \d+ 行 \d+ 列 \d+$/);
  // The page's report is the CLI's, byte for byte in the download.
  assert.deepEqual(reports[0], JSON.parse(cliJson(pdfPath('word-000.pdf'))));
  await page.setInputFiles('#file', pdfPath('chrome-002.pdf'));
  await page.waitForFunction(() => window.jixiao.reports()[0]?.source.name === 'chrome-002.pdf');
  await waitForForms(page, 3);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(readFileSync(await download.path(), 'utf8'), cliJson(pdfPath('chrome-002.pdf')));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a scanned PDF gives its clear error and keeps what was there', async () => {
  const page = await newPage(chrome.context);
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  const before = await page.locator('#source').inputValue();
  await drop(page, [pdfPath('scan.pdf')]);
  await page.locator('#error').waitFor({ state: 'visible' });
  await page.evaluate(() => window.jixiao.settled());
  assert.match(await page.locator('#error').textContent(), /scan\.pdf：.*扫描件/);
  assert.equal(await page.locator('#source').inputValue(), before, 'the input is kept');
  assert.equal(await page.locator('article.form').count(), 6, 'the results are kept');
  await page.close();
});

test('after one visit a PDF reads with the network off', async () => {
  const page = await newPage(chrome.context);
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await chrome.context.setOffline(true);
  try {
    await page.reload();
    await waitForForms(page, 6);
    await page.setInputFiles('#file', pdfPath('stsong.pdf'));
    await page.waitForFunction(() => window.jixiao.reports()[0]?.source.format === 'pdf');
    await waitForForms(page, 3);
  } finally {
    await chrome.context.setOffline(false);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the single HTML file reads a PDF from disk', async () => {
  const page = await newPage(chrome.context);
  await page.goto(`file://${join(dist, 'jixiao.html')}`);
  await waitForForms(page, 6);
  await page.setInputFiles('#file', pdfPath('word-002.pdf'));
  await page.waitForFunction(() => window.jixiao.reports()[0]?.source.format === 'pdf');
  await waitForForms(page, 3);
  const report = (await page.evaluate(() => window.jixiao.reports()))[0];
  assert.deepEqual(report, JSON.parse(cliJson(pdfPath('word-002.pdf'))));
  assert.deepEqual(page.errors, []);
  await page.close();
});
