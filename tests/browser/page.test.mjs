// The page in real Chromium: paste, upload, download, offline, file://, safety, size budget.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { artifacts, browser, cliJson, CORPUS, corpusPath, dist, newPage, root, serve, waitForForms } from './harness.mjs';

let server;
let chrome;
const requests = [];
const firstLoad = new Set();


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

const openPage = () => newPage(chrome.context);

/** A form as a web page's table: merged cells, paragraphs in a cell. */
const WEB_TABLE = `<table>
    <tr><td colspan="8">财政项目支出绩效自评表</td></tr>
    <tr><td>项目名称</td><td colspan="7">网页表格项目</td></tr>
    <tr><td>项目资金（万元）</td><td></td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td><td>分值</td><td>执行率</td><td>得分</td></tr>
    <tr><td></td><td>年度资金总额</td><td>20</td><td>20</td><td>19</td><td>10</td><td>95.00</td><td>9.50</td></tr>
    <tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度指标值</td><td>实际完成值</td><td>分值</td><td>得分</td><td>偏差原因</td></tr>
    <tr><td rowspan="2">产出指标</td><td rowspan="2">数量指标</td><td>培训场次</td><td>≥4场</td><td>4场</td><td>45</td><td>45</td><td></td></tr>
    <tr><td>培训人数</td><td>≥100人</td><td>120人</td><td>45</td><td>45</td><td><p>超额</p><p>完成</p></td></tr>
    <tr><td>总分</td><td colspan="4"></td><td>100</td><td>99.50</td><td></td></tr></table>`;

test('first visit loads the example; every corpus file pasted shows its forms and the CLI findings', async () => {
  const page = await openPage();
  page.on('request', (r) => firstLoad.add(r.url()));
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  page.removeAllListeners('request');
  for (const [name, count] of CORPUS) {
    const text = readFileSync(corpusPath(name), 'utf8');
    await page.fill('#source', text);
    await page.click('#check');
    await waitForForms(page, count);
    await page.waitForFunction((t) => window.jixiao.reports()[0]?.forms.length === t, count);
    const pageReport = JSON.parse(await page.evaluate(() => window.jixiao.json()));
    const cli = JSON.parse(cliJson(corpusPath(name)));
    cli.source.name = pageReport.source.name;
    assert.deepEqual(pageReport, cli, name);
    const shown = await page.$$eval('li[data-code]', (lis) => lis.length);
    const expected = cli.forms.reduce((n, f) => n + f.findings.length, 0) + cli.findings.length;
    assert.equal(shown, expected, `${name}: every finding listed`);
  }
  // The known inconsistencies, as a reviewer sees them.
  await page.fill('#source', readFileSync(corpusPath(CORPUS[0][0]), 'utf8'));
  await page.click('#check');
  await waitForForms(page, 6);
  const star = page.locator('article.form', { hasText: '城市治理之星' });
  assert.equal(await star.locator('li[data-code="total.mismatch"][data-line="160"]').count(), 1);
  assert.equal(await star.locator('li[data-code="total.weights_not_100"]').count(), 1);
  assert.equal(await star.locator('[data-testid=total]').textContent(), '91.00');
  // The finding's link focuses its cell; its line button selects the line in the input.
  await star.locator('li[data-code="total.mismatch"] a').click();
  assert.match(await page.evaluate(() => document.activeElement.closest('td').id), /-total$/);
  await star.locator('li[data-code="total.mismatch"] .links button').click();
  const selected = await page.evaluate(() => {
    const s = document.getElementById('source');
    return s.value.slice(s.selectionStart, s.selectionEnd);
  });
  assert.ok(selected.startsWith('总分'), selected);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(artifacts, 'results.png'), fullPage: true });
  // The severity filter hides what is unticked.
  await page.uncheck('#filters input[value=info]');
  assert.equal(await page.locator('li.info:visible').count(), 0);
  assert.ok((await page.locator('li.error:visible').count()) > 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** A region fixture's form, without its `// ` header lines. */
const regionBody = (name) => readFileSync(join(root, 'tests/fixtures', name), 'utf8')
  .split('\n').filter((l) => !l.startsWith('// ')).join('\n');

test('other regions\' forms and a form flattened to one line, pasted, give the CLI\'s report', async () => {
  const page = await openPage();
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-regions-'));
  const flat = readFileSync(corpusPath(CORPUS[0][0]), 'utf8').replace(/[\n\t]+/g, ' ');
  const cases = [
    ['sichuan.txt', regionBody('regions/sichuan-split-columns.txt'), 1],
    ['level-weight.txt', regionBody('regions/anhui-level-weight-mismatch.txt'), 1],
    ['uncertain.tsv', regionBody('rules/layout-uncertain.tsv'), 1],
    ['flat.txt', flat, 6],
  ];
  for (const [name, text, forms] of cases) {
    const path = join(dir, name);
    writeFileSync(path, text);
    const cli = JSON.parse(cliJson(path));
    await page.fill('#source', text);
    await page.click('#check');
    await waitForForms(page, forms);
    await page.waitForFunction((p) => window.jixiao.reports()[0]?.forms[0]?.project === p, cli.forms[0].project);
    const pageReport = JSON.parse(await page.evaluate(() => window.jixiao.json()));
    cli.source.name = pageReport.source.name;
    assert.deepEqual(pageReport, cli, name);
  }
  // The last three, as a reviewer sees them.
  await page.fill('#source', cases[1][1]);
  await page.click('#check');
  await page.waitForSelector('li[data-code="level.weight_mismatch"]');
  assert.equal(await page.locator('li.error[data-code="level.weight_mismatch"]').count(), 1);
  assert.equal(await page.locator('g.level[data-level="产出指标"]').getAttribute('data-printed'), '50');
  await page.screenshot({ path: join(artifacts, 'regions-level-weight.png'), fullPage: true });
  await page.fill('#source', cases[2][1]);
  await page.click('#check');
  await page.waitForSelector('li[data-code="form.layout_uncertain"]');
  assert.equal(await page.locator('li.error').count(), 0, 'no error from a block the reader was not sure of');
  await page.fill('#source', flat);
  await page.click('#check');
  await waitForForms(page, 6);
  assert.equal(await page.locator('article.form').count(), 6);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('uploading a file and downloading the JSON gives the CLI JSON byte for byte', async () => {
  const page = await openPage();
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  // A GB18030 CSV (what Chinese Excel saves), checked as it is uploaded.
  const gbk = join(root, 'tests/fixtures/office/corpus-002-gb18030.csv');
  // A saved web page, in UTF-8 and in UTF-16 with its BOM: read by the core's HTML reader.
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-html-'));
  const page8 = join(dir, '网页表格.html');
  writeFileSync(page8, `<!doctype html><html><head><meta charset="utf-8"><title>自评表</title></head><body>${WEB_TABLE}</body></html>`);
  const page16 = join(dir, 'utf16-page.htm');
  writeFileSync(page16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<html><body>${WEB_TABLE}</body></html>`, 'utf16le')]));
  for (const [path, forms] of [[corpusPath('003_dc4befe519062102.txt'), 7], [page8, 1], [page16, 1], [gbk, 3]]) {
    await page.setInputFiles('#file', path);
    await waitForForms(page, forms);
    await page.waitForFunction((n) => window.jixiao.reports()[0]?.source.name === n, basename(path));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const body = readFileSync(await download.path(), 'utf8');
    assert.equal(body, cliJson(path), basename(path));
    assert.match(download.suggestedFilename(), /\.jixiao\.json$/);
  }
  const report = (await page.evaluate(() => window.jixiao.reports()))[0];
  assert.equal(report.source.encoding, 'gb18030');
  // Several files at once: each under its own name, one JSON line each.
  await page.setInputFiles('#file', CORPUS.map(([n]) => corpusPath(n)));
  await waitForForms(page, 27);
  assert.equal(await page.locator('section.doc').count(), 4);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(readFileSync(await download.path(), 'utf8').trim().split('\n').length, 4);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('markup in a cell is shown as text, never run', async () => {
  const page = await openPage();
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  const evil = [
    '财政项目支出绩效自评表',
    '项目名称\t<img src=x onerror=alert(1)>',
    '主管部门\t<script>alert(2)</script>\t实施单位\t<b onmouseover=alert(3)>乙</b>',
    '项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分',
    '\t年度资金总额\t10\t10\t10\t10\t100.00\t10.00',
    '一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因',
    '产出指标\t数量指标\t<iframe src=javascript:alert(4)>\t≥1个\t1个\t90\t80\t<svg onload=alert(5)>',
    '总分\t\t\t\t\t100\t90.00',
  ].join('\n');
  await page.fill('#source', evil);
  await page.click('#check');
  await waitForForms(page, 1);
  const article = page.locator('article.form');
  assert.equal(await article.locator('h4').textContent(), '<img src=x onerror=alert(1)>');
  assert.equal(await page.locator('#docs img, #docs script, #docs iframe, #docs svg:not(.chart), #docs b').count(), 0);
  // The pictures are the page's own SVG, with the user's text only in <text> and <title>.
  const tags = await page.$$eval('#docs svg.chart *', (els) => [...new Set(els.map((e) => e.tagName))].sort());
  assert.ok(tags.every((t) => ['circle', 'desc', 'g', 'line', 'rect', 'text', 'title'].includes(t)), tags.join());
  assert.ok((await article.textContent()).includes('<svg onload=alert(5)>'));
  await page.waitForTimeout(300);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a table copied from a web page or Excel is pasted as cells', async () => {
  const page = await openPage();
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  await page.fill('#source', '');
  const html = WEB_TABLE;
  await page.focus('#source');
  await page.evaluate((h) => {
    const dt = new DataTransfer();
    dt.setData('text/html', h);
    dt.setData('text/plain', 'plain fallback');
    document.getElementById('source').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, html);
  await waitForForms(page, 1);
  const value = await page.inputValue('#source');
  // What lands in the box is the core's reading of the tables (the Rust HTML reader's rows).
  assert.equal(value, await page.evaluate((h) => window.jixiao.request('tables', { html: h }), html));
  assert.ok(value.includes('项目名称\t网页表格项目'), value);
  assert.ok(value.includes('"超额\n完成"'), value);
  const report = (await page.evaluate(() => window.jixiao.reports()))[0];
  assert.equal(report.forms[0].indicators.length, 2);
  assert.equal(report.forms[0].indicators[1].level1, '产出指标');
  assert.equal(report.forms[0].recomputed.total, '99.50');
  assert.equal(report.summary.errors, 0);
  await page.close();
});

test('a 10 MB paste is checked in the worker while the page stays responsive', async () => {
  const page = await openPage();
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  const one = readFileSync(corpusPath(CORPUS[1][0]), 'utf8');
  const copies = Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(one));
  const result = await page.evaluate(async ([text, n]) => {
    const big = Array(n).fill(text).join('\n');
    // While the worker checks, the page keeps painting frames.
    let frames = 0;
    let running = true;
    const tick = () => { frames++; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const checking = performance.now();
    const [workerMs] = await window.jixiao.time([big]);
    const checkMs = performance.now() - checking;
    running = false;
    // Then the whole way through: progress shown, every form rendered.
    const started = performance.now();
    const pending = window.jixiao.checkText(big, 'big');
    const progressShown = !document.getElementById('progress').hidden;
    await pending;
    return {
      checkMs, workerMs, frames, progressShown,
      totalMs: performance.now() - started,
      forms: window.jixiao.reports()[0].forms.length,
    };
  }, [one, copies]);
  assert.equal(result.forms, 11 * copies);
  assert.ok(result.progressShown);
  // About one frame per 16 ms while the worker checked; a blocked page would paint none.
  assert.ok(result.frames > result.checkMs / 16 / 4, JSON.stringify(result));
  console.log(`# 10 MB paste (${11 * copies} forms): checked in the worker in ${result.workerMs.toFixed(0)} ms (${result.frames} frames painted meanwhile); checked and shown in ${result.totalMs.toFixed(0)} ms`);
  await page.close();
});

test('after one visit the page works with the network off', async () => {
  const page = await openPage();
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
    await page.fill('#source', readFileSync(corpusPath(CORPUS[2][0]), 'utf8'));
    await page.click('#check');
    await waitForForms(page, 3);
    // Editing needs the full module, never fetched before: the service worker has it.
    const accept = page.locator('li[data-code] button.accept').first();
    const dismiss = page.locator('li[data-code] button.dismiss').first();
    if (await accept.count()) await accept.click();
    else {
      await dismiss.click();
      await page.keyboard.press('Enter');
    }
    await page.evaluate(() => window.jixiao.settled());
    assert.equal(await page.locator('#error').isHidden(), true, await page.locator('#error').textContent());
    assert.equal(await page.locator('table.corrections tr[data-by=accepted], table.corrections tr[data-by=dismissed]').count(), 1);
  } finally {
    await chrome.context.setOffline(false);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the single HTML file works from disk over file://', async () => {
  const page = await openPage();
  await page.goto(`file://${join(dist, 'jixiao.html')}`);
  await waitForForms(page, 6);
  await page.fill('#source', readFileSync(corpusPath(CORPUS[3][0]), 'utf8'));
  await page.click('#check');
  await waitForForms(page, 7);
  await page.setInputFiles('#file', join(root, 'tests/fixtures/office/corpus-002-gb18030.csv'));
  await page.waitForFunction(() => window.jixiao.reports()[0]?.source.encoding === 'gb18030');
  // The single file carries the full module: workbooks and editing work from disk too.
  await page.setInputFiles('#file', join(root, 'tests/fixtures/office/corpus-000.xlsx'));
  await page.waitForFunction(() => window.jixiao.reports()[0]?.source.format === 'xlsx');
  await waitForForms(page, 6);
  const form = page.locator('article.form').first();
  await form.locator('button.cell[data-field="indicators[0].score"]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await page.evaluate(() => window.jixiao.settled());
  assert.equal(await form.locator('[data-testid=total]').textContent(), '82.38');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('dropping an .xlsx workbook and a GB18030 .csv shows their forms and findings', async () => {
  const page = await openPage();
  const office = [];
  page.on('request', (r) => { if (r.url().includes('pkg-full')) office.push(r.url()); });
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  assert.deepEqual(office, [], 'the office module is not part of the first load');
  const gbk = readFileSync(join(root, 'tests/fixtures/office/corpus-002-gb18030.csv'));
  const files = [
    { name: 'corpus-000.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', b64: readFileSync(join(root, 'tests/fixtures/office/corpus-000.xlsx')).toString('base64') },
    { name: '交通委-002.csv', type: 'text/csv', b64: gbk.toString('base64') },
  ];
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const drop = document.getElementById('drop');
    drop.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await waitForForms(page, 9);
  const docs = await page.$$eval('section.doc', (s) => s.map((d) => d.dataset.source));
  assert.deepEqual(docs, ['corpus-000.xlsx', '交通委-002.csv']);
  const reports = await page.evaluate(() => window.jixiao.reports());
  assert.equal(reports[0].source.format, 'xlsx');
  assert.equal(reports[1].source.encoding, 'gb18030');
  const star = page.locator('article.form', { hasText: '城市治理之星' });
  assert.match(await star.locator('li[data-code="total.mismatch"] .cell-ref').textContent(), /^表5!G\d+$/);
  assert.equal(await page.locator('article.form', { hasText: '交通行业资质管理' }).locator('li[data-code="funds.components_mismatch"]').count(), 1);
  assert.ok(office.some((u) => u.endsWith('.wasm')), 'the office module was fetched for the workbook');
  // The page's report for the workbook is the CLI's.
  const cli = JSON.parse(cliJson(join(root, 'tests/fixtures/office/corpus-000.xlsx')));
  assert.deepEqual(reports[0], cli);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a file that is no form gives a clear error, keeps the input and fetches nothing more', async () => {
  const page = await openPage();
  const office = [];
  page.on('request', (r) => { if (r.url().includes('pkg-full')) office.push(r.url()); });
  await page.goto(`${server.origin}/`);
  await waitForForms(page, 6);
  const before = await page.locator('#source').inputValue();
  const reports = await page.evaluate(() => window.jixiao.reports().length);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([0, 1, 2, 3, 0, 255, 0, 7])], 'scan.bin'));
    const drop = document.getElementById('drop');
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.locator('#error').waitFor({ state: 'visible' });
  await page.evaluate(() => window.jixiao.settled());
  // The core's own words for it: a binary file, not a form.
  assert.match(await page.locator('#error').textContent(), /scan\.bin：这是二进制文件/);
  assert.equal(await page.locator('#source').inputValue(), before, 'the input is kept');
  assert.equal(await page.evaluate(() => window.jixiao.reports().length), reports, 'the results are kept');
  assert.deepEqual(office, [], 'the full module is not fetched for a file it would not read either');
  await page.close();
});

test('the wasm and the first load stay within their gzip budgets', () => {
  const budget = readFileSync(join(root, 'wasm-pack.toml'), 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}\\s*=\\s*(\\d+)`, 'm').exec(budget)[1]);
  const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
  const wasm = gz(join(dist, 'pkg', 'jixiao_bg.wasm'));
  let total = 0;
  const files = [];
  for (const url of firstLoad) {
    let path = new URL(url).pathname;
    if (path.endsWith('/')) path += 'index.html';
    if (path.endsWith('sw.js')) continue; // installed in the background, not part of the page's load
    const size = gz(join(dist, decodeURIComponent(path)));
    files.push({ path, gzip: size });
    total += size;
  }
  const officeWasm = gz(join(dist, 'pkg-full', 'jixiao_full_bg.wasm'));
  const exportWasm = gz(join(dist, 'pkg-export', 'jixiao_export_bg.wasm'));
  const sizes = { wasm_gzip: wasm, first_load_gzip: total, full_wasm_gzip: officeWasm, export_wasm_gzip: exportWasm, files };
  writeFileSync(join(artifacts, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  console.log(`# wasm ${(wasm / 1024).toFixed(1)} KiB gzip (budget ${kb('first-module-gzip-kb')}); first load ${(total / 1024).toFixed(1)} KiB gzip in ${files.length} files (budget ${kb('first-load-gzip-kb')})`);
  console.log(`# full module ${(officeWasm / 1024).toFixed(1)} KiB gzip (budget ${kb('full-module-gzip-kb')}), loaded only for .xlsx/.docx/PDF, editing and reports`);
  console.log(`# export module ${(exportWasm / 1024).toFixed(1)} KiB gzip (budget ${kb('export-module-gzip-kb')}), loaded only when an export is asked for`);
  assert.ok(files.some((f) => f.path.endsWith('.wasm')), 'the first load fetched the wasm');
  assert.ok(!files.some((f) => f.path.includes('pkg-export')), 'the export module is not in the first load');
  assert.ok(exportWasm <= kb('export-module-gzip-kb') * 1024, `export module ${exportWasm} B gzip over budget`);
  assert.ok(!files.some((f) => f.path.includes('pkg-full')), 'the full module is not in the first load');
  assert.ok(officeWasm <= kb('full-module-gzip-kb') * 1024, `full module ${officeWasm} B gzip over budget`);
  assert.ok(wasm <= kb('first-module-gzip-kb') * 1024, `wasm ${wasm} B gzip over budget`);
  assert.ok(total <= kb('first-load-gzip-kb') * 1024, `first load ${total} B gzip over budget`);
});
