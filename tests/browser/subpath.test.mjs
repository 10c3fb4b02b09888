// The page hosted in a folder, as GitHub Pages (https://USER.github.io/jixiao/) or an intranet
// server serves it: dist/ under /jixiao/, nothing at /. The walk of a user there — paste, check,
// download, offline reload, the single file — and never a request outside /jixiao/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { browser, CORPUS, corpusPath, newPage, serveUnder, waitForForms } from './harness.mjs';

const BASE = '/jixiao/';
let server;
let chrome;
/** Every URL the browser asked for (pages, workers, the service worker's fetches). */
const requests = [];

before(async () => {
  server = await serveUnder(BASE);
  chrome = await browser();
  chrome.context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await chrome.close();
  server.close();
});

const corpus = (i) => readFileSync(corpusPath(CORPUS[i][0]), 'utf8');

/** Pastes a corpus document, checks it and waits for its forms. */
async function checkCorpus(page, i) {
  await page.fill('#source', corpus(i));
  await page.click('#check');
  await waitForForms(page, CORPUS[i][1]);
}

test('under /jixiao/: check, download, then offline after a reload; the single file too', async () => {
  const page = await newPage(chrome.context);
  await page.goto(`${server.origin}${BASE}`);
  await waitForForms(page, 6);
  await checkCorpus(page, 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const body = readFileSync(await download.path(), 'utf8');
  assert.equal(body, await page.evaluate(() => window.jixiao.json()));
  const report = JSON.parse(body);
  assert.equal(report.forms.length, CORPUS[1][1]);
  assert.equal(report.source.format, 'text');

  // The service worker's scope is the folder; once it controls the page, the network can go.
  const scope = await page.evaluate(() => Promise.race([
    navigator.serviceWorker.ready.then(async (reg) => {
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      }
      return reg.scope;
    }),
    new Promise((r) => { setTimeout(() => r('no service worker took the page within 15 s'), 15000); }),
  ]));
  assert.equal(scope, `${server.origin}${BASE}`);
  await chrome.context.setOffline(true);
  try {
    await page.reload();
    await waitForForms(page, 6);
    await checkCorpus(page, 2);
    // The full module (editing) was never fetched before: the service worker has it.
    const accept = page.locator('li[data-code] button.accept').first();
    if (await accept.count()) await accept.click();
    else {
      await page.locator('li[data-code] button.dismiss').first().click();
      await page.keyboard.press('Enter');
    }
    await page.evaluate(() => window.jixiao.settled());
    assert.equal(await page.locator('#error').isHidden(), true, await page.locator('#error').textContent());
    assert.equal(await page.locator('table.corrections tr[data-by=accepted], table.corrections tr[data-by=dismissed]').count(), 1);
  } finally {
    await chrome.context.setOffline(false);
  }
  assert.deepEqual(page.errors, []);

  // The single file, served from the same folder (the footer's link).
  const href = await page.locator('footer a[download]').getAttribute('href');
  const single = await newPage(chrome.context);
  await single.goto(new URL(href, page.url()).href);
  assert.equal(single.url(), `${server.origin}${BASE}jixiao.html`);
  await waitForForms(single, 6);
  await checkCorpus(single, 3);
  assert.deepEqual(single.errors, []);
  await single.close();
  await page.close();

  for (const url of requests) {
    assert.ok(url.startsWith(`${server.origin}${BASE}`) || url.startsWith('blob:') || url.startsWith('data:'),
      `a request left ${BASE}: ${url}`);
  }
  const outside = server.paths.filter((p) => !p.startsWith(BASE));
  assert.deepEqual(outside, [], `the server was asked for paths outside ${BASE}`);
  assert.ok(server.paths.includes(`${BASE}pkg-full/jixiao_full_bg.wasm`), 'the full module came from the folder');
});

test('the folder is the site: / is 404, /jixiao redirects to /jixiao/, the wasm is application/wasm', async () => {
  assert.equal((await fetch(`${server.origin}/`)).status, 404);
  assert.equal((await fetch(`${server.origin}/index.html`)).status, 404);
  const bare = await fetch(`${server.origin}${BASE.slice(0, -1)}`, { redirect: 'manual' });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), BASE);
  const wasm = await fetch(`${server.origin}${BASE}pkg/jixiao_bg.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
});
