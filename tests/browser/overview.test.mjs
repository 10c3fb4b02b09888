// The reviewer's workbench in real Chromium: the overview of every form (the CLI's figures,
// sorting, filters, search, the keyboard, the pictures as filters), a large document kept to a
// few thousand DOM nodes, and the exports (findings as .xlsx and .csv, corrected forms as .xlsx)
// read back with the CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliJson, CORPUS, corpusPath, newPage, root, session, waitForForms } from './harness.mjs';

const env = session();
const bin = process.env.JIXIAO_BIN || join(root, 'target', 'debug', 'jixiao');
const files = CORPUS.map(([name]) => corpusPath(name));
const reports = files.map((p) => JSON.parse(cliJson(p)));
const allForms = reports.reduce((n, r) => n + r.forms.length, 0);

/** The page with the four corpus files chosen. */
async function withCorpus() {
  const page = await newPage(env.chrome.context);
  await page.goto(`${env.server.origin}/`);
  await waitForForms(page, 6);
  await page.setInputFiles('#file', files);
  await waitForForms(page, allForms);
  return page;
}

/** Every row the list shows (scrolled through from top to bottom), as the cells' text. */
function listRows(page) {
  return page.evaluate(async () => {
    const box = /** @type {HTMLElement} */ (document.getElementById('list-scroll'));
    const seen = new Map();
    box.scrollTop = 0;
    for (;;) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const tr of box.querySelectorAll('tbody tr[data-i]')) {
        seen.set(Number(tr.dataset.i), [...tr.children].map((td) => td.textContent));
      }
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) break;
      box.scrollTop += Math.max(30, box.clientHeight / 2);
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  });
}

const dash = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** A form's row as the CLI's JSON gives it. */
function expectedRow(report, form, f) {
  const standing = form.findings.filter((x) => !x.dismissed);
  const firstError = standing.find((x) => x.severity === 'error');
  return [report.source.name, String(f + 1), dash(form.project), dash(form.department), dash(form.implementer),
    dash(form.unit), dash(form.reported.total), dash(form.recomputed.total), dash(form.recomputed.grade),
    String(standing.filter((x) => x.severity === 'error').length), String(standing.filter((x) => x.severity === 'warning').length),
    String(form.findings.filter((x) => x.dismissed).length), firstError ? firstError.code : ''];
}

const expected = reports.flatMap((r) => r.forms.map((form, f) => expectedRow(r, form, f)));

test('the overview lists every form of every input with the CLI figures', async () => {
  const page = await withCorpus();
  assert.deepEqual(await listRows(page), expected);
  assert.equal(await page.getAttribute('table.list', 'aria-rowcount'), String(allForms + 1));
  assert.match(await page.textContent('#list-count'), new RegExp(`${allForms} / ${allForms}`));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('sorting, filters and the search narrow the list as the CLI figures say', async () => {
  const page = await withCorpus();
  const TOTAL = 7;
  const byTotal = (a, b) => (a[TOTAL] === '—') - (b[TOTAL] === '—') || Number(a[TOTAL]) - Number(b[TOTAL]);
  await page.click('th[data-key="total"] button');
  const up = await listRows(page);
  assert.equal(await page.getAttribute('th[data-key="total"]', 'aria-sort'), 'ascending');
  assert.deepEqual(up.map((r) => r[TOTAL]), [...expected].sort(byTotal).map((r) => r[TOTAL]));
  await page.click('th[data-key="total"] button');
  const down = (await listRows(page)).filter((r) => r[TOTAL] !== '—').map((r) => Number(r[TOTAL]));
  assert.deepEqual(down, [...down].sort((a, b) => b - a));
  // Severity: forms with errors, as the CLI counts them.
  await page.selectOption('[data-filter="severity"]', 'error');
  const withErrors = reports.reduce((n, r) => n + r.summary.forms_with_errors, 0);
  assert.equal((await listRows(page)).length, withErrors);
  // A code, a department, a file: each as the JSON says.
  await page.selectOption('[data-filter="severity"]', '');
  const code = reports[0].forms.flatMap((f) => f.findings)[0].code;
  await page.selectOption('[data-filter="code"]', code);
  const withCode = reports.flatMap((r) => r.forms).filter((f) => f.findings.some((x) => x.code === code && !x.dismissed)).length;
  assert.equal((await listRows(page)).length, withCode);
  await page.selectOption('[data-filter="code"]', '');
  const dept = reports[1].forms[0].department;
  await page.selectOption('[data-filter="department"]', dept);
  assert.deepEqual((await listRows(page)).map((r) => r[3]), expected.filter((r) => r[3] === dept).map((r) => r[3]));
  await page.click('button.clear-filter');
  await page.selectOption('[data-filter="file"]', CORPUS[2][0]);
  assert.equal((await listRows(page)).length, CORPUS[2][1]);
  await page.click('button.clear-filter');
  // The search: a few characters of one project.
  const project = reports[3].forms[2].project;
  const part = project.slice(2, 6);
  await page.fill('[data-filter="search"]', part);
  const found = await listRows(page);
  assert.ok(found.length >= 1);
  assert.ok(found.every((r) => r[2].includes(part)), JSON.stringify(found));
  assert.equal(found.length, expected.filter((r) => r[2].includes(part)).length);
  await page.click('button.clear-filter');
  assert.equal((await listRows(page)).length, allForms);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('arrows move through the rows, Enter opens the form, Esc comes back to the same row', async () => {
  const page = await withCorpus();
  await page.focus('#list-scroll tbody tr[data-i="0"]');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  const row = await page.evaluate(() => {
    const r = /** @type {HTMLElement} */ (document.activeElement);
    return { i: r.dataset.i, d: r.dataset.doc, f: r.dataset.form, project: r.children[2].textContent };
  });
  assert.equal(row.i, '3');
  await page.keyboard.press('Enter');
  const opened = await page.evaluate(() => {
    const a = document.activeElement;
    const slot = a && a.closest('.form-slot');
    return { tag: a && a.tagName, text: a && a.textContent, d: slot && slot.getAttribute('data-doc'), f: slot && slot.getAttribute('data-form') };
  });
  assert.deepEqual(opened, { tag: 'H4', text: row.project, d: row.d, f: row.f });
  await page.keyboard.press('Escape');
  const back = await page.evaluate(() => {
    const r = /** @type {HTMLElement} */ (document.activeElement);
    return { i: r.dataset.i, d: r.dataset.doc, f: r.dataset.form };
  });
  assert.deepEqual(back, { i: '3', d: row.d, f: row.f });
  // End goes to the last row, which is drawn although it was far below.
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement).dataset.i), String(allForms - 1));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('clicking a grade band or a code bar filters the list', async () => {
  const page = await withCorpus();
  const forms = reports.flatMap((r) => r.forms);
  const grade = forms[0].recomputed.grade;
  await page.click(`#overview-charts svg.spread rect.band[data-grade="${grade}"]`, { force: true });
  const graded = await listRows(page);
  assert.equal(graded.length, forms.filter((f) => f.recomputed.grade === grade).length);
  assert.ok(graded.every((r) => r[8] === grade));
  await page.click('button.clear-filter');
  const bar = page.locator('#overview-charts svg.codes g.code').first();
  const code = await bar.getAttribute('data-code');
  await bar.click();
  assert.equal((await listRows(page)).length, forms.filter((f) => f.findings.some((x) => x.code === code && !x.dismissed)).length);
  // A document's own picture filters to that input as well.
  await page.click('button.clear-filter');
  await page.locator('section.doc').nth(1).locator('svg.spread rect.band').last().click({ force: true });
  const rows = await listRows(page);
  assert.ok(rows.every((r) => r[0] === CORPUS[1][0]));
  await page.close();
});

test('a document of 3,300 forms: list and details hold a few thousand DOM nodes at most', async () => {
  const page = await newPage(env.chrome.context);
  await page.goto(`${env.server.origin}/`);
  await waitForForms(page, 6);
  const copies = 300;
  const text = Array(copies).fill(readFileSync(corpusPath(CORPUS[1][0]), 'utf8')).join('\n');
  const n = CORPUS[1][1] * copies;
  await page.evaluate((t) => window.jixiao.checkText(t, 'big').then(() => null), text);
  await waitForForms(page, n);
  const nodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
  const counts = [await nodes()];
  // Through the list from top to bottom.
  await page.evaluate(async () => {
    const box = /** @type {HTMLElement} */ (document.getElementById('list-scroll'));
    while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
      box.scrollTop += box.clientHeight;
      await new Promise((r) => requestAnimationFrame(r));
    }
  });
  counts.push(await nodes());
  const last = await page.evaluate(() => [...document.querySelectorAll('#list-scroll tbody tr[data-i]')].map((r) => Number(r.dataset.i)).pop());
  assert.equal(last, n - 1);
  // A form in the middle opened, then the page scrolled on through 40 forms: drawn near the
  // screen, dropped far from it.
  await page.evaluate(() => {
    const box = /** @type {HTMLElement} */ (document.getElementById('list-scroll'));
    box.scrollTop = box.scrollHeight / 2;
  });
  await page.waitForTimeout(100);
  const middle = await page.locator('#list-scroll tbody tr[data-i]').nth(5).elementHandle();
  const aimed = await middle.evaluate((r) => [r.dataset.doc, r.dataset.form, r.children[2].textContent]);
  await middle.click();
  const opened = await page.evaluate(() => {
    const h = document.activeElement;
    const slot = h && h.closest('.form-slot');
    return slot ? [slot.getAttribute('data-doc'), slot.getAttribute('data-form'), h.textContent] : null;
  });
  assert.deepEqual(opened, aimed);
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(30);
    if (i % 8 === 0) counts.push(await nodes());
  }
  counts.push(await nodes());
  const drawn = await page.evaluate(() => document.querySelectorAll('article.form').length);
  assert.ok(drawn >= 1 && drawn < 40, `${drawn} forms drawn`);
  assert.ok(Math.max(...counts) <= 10000, `DOM nodes: ${counts.join(', ')}`);
  console.log(`# ${n} forms: DOM nodes ${counts.join(', ')}; ${drawn} forms drawn after scrolling through 40`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** A download's bytes, saved under a temporary folder with its suggested name. */
async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'jixiao-dl-')), download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/** The CLI's output, whatever its exit code (1: error findings). */
function cli(...args) {
  try {
    return execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  } catch (err) {
    if (err.status === 1) return err.stdout;
    throw err;
  }
}

test('findings downloaded as .csv and .xlsx hold the CLI findings', async () => {
  const page = await withCorpus();
  const csv = await downloaded(page, () => page.click('#findings-csv'));
  assert.match(csv, /\.csv$/);
  const bytes = readFileSync(csv);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const fromCli = cli('check', '--format', 'csv', ...files);
  // The CLI names each file as given; the page by its name alone.
  const unpath = (s) => files.reduce((t, p, i) => t.split(p).join(CORPUS[i][0]), s);
  assert.equal(bytes.toString('utf8'), unpath(fromCli));
  const findings = reports.reduce((n, r) => n + r.forms.reduce((m, f) => m + f.findings.length, 0) + r.findings.length, 0);
  assert.equal(bytes.toString('utf8').trim().split(/\r\n/).length, findings + 1, 'one row per finding and a header');
  // The workbook's cells, read back by the CLI's own .xlsx reader, are the CSV's rows.
  const xlsx = await downloaded(page, () => page.click('#findings-xlsx'));
  assert.match(xlsx, /\.xlsx$/);
  const tables = cli('tables', xlsx);
  for (const r of reports) {
    for (const form of r.forms) for (const f of form.findings) assert.ok(tables.includes(f.message), `${f.code} in the workbook`);
    for (const form of r.forms) if (form.project) assert.ok(tables.includes(form.project));
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a corrected form exported to .xlsx is read back by jixiao check with no arithmetic finding left', async () => {
  const page = await withCorpus();
  // Corpus 000's fifth form (a 总分 the checker corrects, a suggested score, weights that do not
  // add up to 100): accept the suggestion, then export.
  const article = page.locator('article.form').nth(4);
  const accept = article.locator('button.accept').first();
  await accept.click();
  await page.evaluate(() => window.jixiao.settled());
  const form = await page.evaluate(() => window.jixiao.reports()[0].forms[4]);
  assert.ok(form.corrections.some((c) => c.by === 'accepted'), 'the suggestion was accepted');
  const path = await downloaded(page, () => article.locator('button.export-form').click());
  assert.match(path, /\.xlsx$/);
  const back = JSON.parse(cli('check', '--format', 'json', path));
  assert.equal(back.forms.length, 1);
  const again = back.forms[0];
  for (const key of ['project', 'department', 'implementer', 'unit']) assert.equal(again[key], form[key], key);
  assert.equal(again.recomputed.total, form.recomputed.total);
  assert.deepEqual(again.indicators.map((i) => [i.name, i.weight, i.score]), form.indicators.map((i) => [i.name, i.weight, i.score]));
  // The errors the checker corrected itself (a safe fix: 执行率, 得分, 总分, 等级) are gone; any
  // other error of the form stands as it stood.
  const errors = (list) => list.filter((f) => f.severity === 'error' && !f.dismissed).map((f) => f.code).sort();
  const corrected = form.findings.filter((f) => f.fix && f.fix.applicability === 'safe').map((f) => f.code);
  assert.ok(corrected.length > 0 || errors(form.findings).length === 0, 'the form had something to correct');
  assert.deepEqual(errors(again.findings), errors(form.findings.filter((f) => !corrected.includes(f.code))));
  // Every form, one sheet each.
  const all = await downloaded(page, () => page.click('#forms-xlsx'));
  const every = cli('check', '--format', 'json', all).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(every.reduce((n, r) => n + r.forms.length, 0), allForms);
  assert.deepEqual(page.errors, []);
  await page.close();
});
