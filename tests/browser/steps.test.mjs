// One queue for every step, re-checks that re-check what was read, and marks that follow the
// core's findings: each test here failed on the page before its fix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPUS, corpusPath, newPage, root, session, waitForForms } from './harness.mjs';

const env = session();

async function open() {
  const page = await newPage(env.chrome.context);
  await page.goto(`${env.server.origin}/`);
  await waitForForms(page, 6);
  return page;
}

const settled = (page) => page.evaluate(() => window.jixiao.settled());

test('changing the rounding checks the last inputs again, files included, not the text box', async () => {
  const page = await open();
  await page.setInputFiles('#file', join(root, 'tests/fixtures/office/corpus-000.xlsx'));
  await page.waitForFunction(() => window.jixiao.reports()[0]?.source.format === 'xlsx');
  await waitForForms(page, 6);
  await page.selectOption('#rounding', 'truncate');
  await settled(page);
  const reports = await page.evaluate(() => window.jixiao.reports());
  assert.deepEqual(reports.map((r) => r.source.name), ['corpus-000.xlsx'], 'still the workbook');
  assert.ok(reports[0].forms.every((f) => f.recomputed.rounding === 'truncate' && f.recomputed.rounding_source === 'user'));
  // Undo takes the re-check back: the workbook as first checked.
  await page.click('#undo');
  await settled(page);
  const back = await page.evaluate(() => window.jixiao.reports());
  assert.equal(back[0].source.name, 'corpus-000.xlsx');
  assert.ok(back[0].forms.every((f) => f.recomputed.rounding_source !== 'user'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an edit committed while a re-check is on its way is applied after it, never over it', async () => {
  const page = await open();
  const cell = page.locator('article.form').first().locator('button.cell[data-field="indicators[0].score"]');
  await cell.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  // The rounding changes (a re-check is posted), then Enter commits the open edit.
  await page.evaluate(() => {
    const menu = document.getElementById('rounding');
    menu.value = 'truncate';
    menu.dispatchEvent(new Event('change', { bubbles: true }));
    document.querySelector('.cell-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
  await settled(page);
  await page.waitForTimeout(500); // (anything still on its way lands)
  await settled(page);
  const forms = await page.evaluate(() => window.jixiao.reports()[0].forms);
  assert.ok(forms.every((f) => f.recomputed.rounding_source === 'user'), 'the re-check stands');
  assert.equal(forms[0].indicators[0].score, '0');
  assert.equal(forms[0].corrections.filter((c) => c.by === 'edited').length, 1, 'the edit is on the re-checked form');
  assert.equal(await page.locator('article.form').first().locator('[data-testid=total]').textContent(), forms[0].recomputed.total);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an edit queued behind a check of other inputs is not applied to the form that replaces it', async () => {
  const page = await open();
  const other = readFileSync(corpusPath(CORPUS[2][0]), 'utf8');
  const cell = page.locator('article.form').first().locator('button.cell[data-field="indicators[0].score"]');
  await cell.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  // Another document is checked (queued first), then Enter commits the open edit.
  await page.evaluate((text) => {
    window.jixiao.checkText(text);
    document.querySelector('.cell-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  }, other);
  await settled(page);
  await page.waitForTimeout(300);
  await settled(page);
  await waitForForms(page, CORPUS[2][1]);
  const reports = await page.evaluate(() => window.jixiao.reports());
  const edited = reports.flatMap((r) => r.forms.flatMap((f) => f.corrections.filter((c) => c.by === 'edited')));
  assert.deepEqual(edited, [], 'no form of the new document carries the edit meant for the old one');
  assert.match(await page.locator('#error').textContent(), /操作没有执行/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a rounding change right after a check re-checks what that check read', async () => {
  const page = await open();
  const other = readFileSync(corpusPath(CORPUS[2][0]), 'utf8');
  await page.evaluate((text) => {
    const box = document.getElementById('source');
    box.value = text;
    document.getElementById('check').click();
    const menu = document.getElementById('rounding');
    menu.value = 'half_up';
    menu.dispatchEvent(new Event('change', { bubbles: true }));
  }, other);
  await settled(page);
  await waitForForms(page, CORPUS[2][1]);
  const forms = await page.evaluate(() => window.jixiao.reports()[0].forms);
  assert.equal(forms.length, CORPUS[2][1], 'the new text, not the example checked before it');
  assert.ok(forms.every((f) => f.recomputed.rounding === 'half_up' && f.recomputed.rounding_source === 'user'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('undo brings back the inputs with the results: a later re-check checks those', async () => {
  const page = await open();
  await page.setInputFiles('#file', join(root, 'tests/fixtures/office/corpus-002-gb18030.csv'));
  await waitForForms(page, CORPUS[2][1]);
  await page.click('#undo');
  await settled(page);
  await waitForForms(page, CORPUS[0][1]);
  await page.selectOption('#rounding', 'truncate');
  await settled(page);
  await waitForForms(page, CORPUS[0][1]);
  const reports = await page.evaluate(() => window.jixiao.reports());
  assert.equal(reports.length, 1);
  assert.notEqual(reports[0].source.format, 'csv', 'the example again, not the file undone');
  assert.ok(reports[0].forms.every((f) => f.recomputed.rounding_source === 'user'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a kept session this page cannot show is cleared; its text is kept and checked afresh', async () => {
  const page = await newPage(env.chrome.context);
  await page.goto(`${env.server.origin}/`);
  await waitForForms(page, 6);
  const text = readFileSync(corpusPath(CORPUS[2][0]), 'utf8');
  await page.evaluate((source) => localStorage.setItem('jixiao.session.v1',
    JSON.stringify({ v: 1, source, reports: [{ source: { name: 'a' } }] })), text);
  await page.reload();
  await waitForForms(page, CORPUS[2][1]);
  assert.match(await page.locator('#error').textContent(), /无法显示，已清除/);
  assert.equal(await page.locator('#source').inputValue(), text, 'what the user kept is still there');
  // Still asked to keep the session: what is kept now is the fresh check, which reads back.
  const keptForms = await page.evaluate(() => JSON.parse(localStorage.getItem('jixiao.session.v1')).reports.map((r) => r.forms.length));
  assert.deepEqual(keptForms, [CORPUS[2][1]]);
  assert.deepEqual(page.errors, []);
  await page.evaluate(() => localStorage.clear()); // (the tests after this one start afresh)
  await page.close();
});

test('printed beside recomputed: marked as differing only where the core finds it so', async () => {
  const page = await open();
  // Printed 总分 `100` against the recomputed `100.00`: the same figure, no finding, no mark.
  const form = [
    '财政项目支出绩效自评表',
    '项目名称\t整数总分项目',
    '项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分',
    '\t年度资金总额\t20\t20\t20\t10\t100.00\t10.00',
    '一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因',
    '产出指标\t数量指标\t培训场次\t≥4场\t4场\t50\t50\t',
    '效益指标\t社会效益\t培训人数\t≥100人\t120人\t40\t40\t',
    '总分\t\t\t\t\t100\t100',
    '评分等级\t优',
  ].join('\n');
  await page.fill('#source', form);
  await page.click('#check');
  await waitForForms(page, 1);
  await settled(page);
  const report = (await page.evaluate(() => window.jixiao.reports()))[0];
  assert.equal(report.forms[0].reported.total, '100');
  assert.equal(report.forms[0].recomputed.total, '100.00');
  assert.ok(!report.forms[0].findings.some((f) => f.field === 'total'), 'the core finds nothing on 总分');
  assert.equal(await page.locator('[data-testid=total].diff').count(), 0, '100 is not marked as differing from 100.00');
  // Where the core finds the printed total wrong, the recomputed one is marked.
  await page.fill('#source', readFileSync(corpusPath(CORPUS[0][0]), 'utf8'));
  await page.click('#check');
  await waitForForms(page, 6);
  await settled(page);
  const forms = (await page.evaluate(() => window.jixiao.reports()))[0].forms;
  const marks = await page.$$eval('[data-testid=total]', (cells) => cells.map((c) => c.classList.contains('diff')));
  assert.deepEqual(marks, forms.map((f) => f.findings.some((x) => x.field === 'total' && !x.dismissed)));
  assert.ok(marks.some(Boolean));
  const grades = await page.$$eval('[data-testid=grade]', (cells) => cells.map((c) => c.classList.contains('diff')));
  assert.deepEqual(grades, forms.map((f) => f.findings.some((x) => x.field === 'grade' && !x.dismissed)));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('recomputed figures are shown as the core wrote them', async () => {
  const page = await open();
  for (const [name, count] of CORPUS) {
    await page.fill('#source', readFileSync(corpusPath(name), 'utf8'));
    await page.click('#check');
    await waitForForms(page, count);
    await settled(page);
    const forms = (await page.evaluate(() => window.jixiao.reports()))[0].forms;
    const shown = await page.$$eval('article.form table.totals', (ts) => ts.map((t) => [...t.querySelectorAll('td.num')].map((td) => td.firstChild.textContent)));
    const dash = (v) => (v === null || v === undefined ? '—' : v);
    assert.deepEqual(shown.map((row) => [row[0], row[1], row[3]]), forms.map((f) => [dash(f.recomputed.weight_total), dash(f.recomputed.indicator_score), dash(f.recomputed.total)]), name);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});
