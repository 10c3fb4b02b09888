// Correcting forms in the page: edits, accepted fixes, dismissals, undo, reloading a download,
// the keyboard alone, printing, the pictures, the English interface, opt-in storage, axe-core.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { artifacts, CORPUS, corpusPath, newPage, root, session, waitForForms } from './harness.mjs';

const BIN = process.env.JIXIAO_BIN || join(root, 'target', 'debug', 'jixiao');
const PERSONNEL = '人事人才公共服务工作经费'; // corpus 001: two met-but-deducted scores with suggestions
const env = session();

async function open(text, forms) {
  const page = await newPage(env.chrome.context);
  await page.goto(`${env.server.origin}/`);
  await waitForForms(page, 6);
  if (text !== undefined) {
    await page.fill('#source', text);
    await page.click('#check');
    await waitForForms(page, forms);
    await page.waitForFunction((n) => window.jixiao.reports()[0]?.forms.length === n, forms);
  }
  return page;
}

const settled = (page) => page.evaluate(() => window.jixiao.settled());
const article = (page, project) => page.locator('article.form', { has: page.locator('h4', { hasText: project }) });

async function downloadJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const body = readFileSync(await download.path(), 'utf8');
  return { body, reports: body.trim().split('\n').map((l) => JSON.parse(l)), name: download.suggestedFilename() };
}

/** The CLI's answer on a report file: every form checked again from the form and its trail. */
function cliRecheck(body) {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-recheck-'));
  const path = join(dir, 'download.jixiao.jsonl');
  writeFileSync(path, body);
  try {
    return execFileSync(BIN, ['check', '--format', 'json', path], { encoding: 'utf8' });
  } catch (err) {
    if (err.status === 1) return err.stdout;
    throw err;
  }
}

test('editing a 得分 moves 总分 and 评分等级; undo and redo swap them back and forth', async () => {
  const page = await open();
  const form = page.locator('article.form').first();
  const total = form.locator('[data-testid=total]');
  const grade = form.locator('[data-testid=grade]');
  assert.equal(await total.textContent(), '95.38');
  assert.equal(await grade.textContent(), '优');
  const cell = form.locator('button.cell[data-field="indicators[0].score"]');
  assert.equal(await cell.textContent(), '13.00');
  await cell.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await settled(page);
  assert.equal(await total.textContent(), '82.38');
  assert.equal(await grade.textContent(), '良');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'indicators[0].score', 'focus stays on the cell');
  assert.match(await page.locator('#announce').textContent(), /82\.38.*良/);
  assert.equal(await form.locator('li[data-code="total.mismatch"]').count(), 1);
  assert.equal(await page.locator('svg.spread circle.dot').first().getAttribute('data-total'), '82.38', 'the overview follows');
  assert.equal(await page.locator('[data-testid=forms-with-errors]').textContent(), '2', 'so does the summary');
  const trail = form.locator('table.corrections tr[data-by=edited]');
  assert.equal(await trail.count(), 1);
  // Esc leaves a cell as it was.
  await form.locator('button.cell[data-field="indicators[1].score"]').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('1');
  await page.keyboard.press('Escape');
  await settled(page);
  assert.equal(await total.textContent(), '82.38');
  // A value that is not a number is refused, the editor keeps it, the form is unchanged.
  await form.locator('button.cell[data-field="indicators[1].score"]').press('Enter');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('满分');
  await page.keyboard.press('Enter');
  await settled(page);
  assert.match(await page.locator('#error').textContent(), /不是可读的数字/);
  assert.equal(await page.locator('.cell-input[aria-invalid=true]').inputValue(), '满分');
  await page.keyboard.press('Escape');
  // Undo (the button and Ctrl+Z) and redo.
  await page.click('#undo');
  await settled(page);
  assert.equal(await total.textContent(), '95.38');
  assert.equal(await grade.textContent(), '优');
  assert.equal(await form.locator('table.corrections tr[data-by=edited]').count(), 0);
  await page.locator('body').press('Control+Shift+Z');
  assert.equal(await total.textContent(), '82.38');
  await page.locator('body').press('Control+Z');
  assert.equal(await total.textContent(), '95.38');
  const json = JSON.parse(await page.evaluate(() => window.jixiao.json()));
  assert.ok(!json.forms[0].corrections.some((c) => c.by === 'edited'), 'undone edits leave the JSON');
  // Checking again replaces the results, edits and all: undo brings the edited results back.
  await page.locator('body').press('Control+Shift+Z');
  assert.equal(await total.textContent(), '82.38');
  await page.click('#check');
  await waitForForms(page, 6);
  assert.equal(await page.locator('article.form').first().locator('[data-testid=total]').textContent(), '95.38');
  await page.click('#undo');
  assert.equal(await page.locator('article.form').first().locator('[data-testid=total]').textContent(), '82.38');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('accepting a suggestion lands in the JSON as accepted; the download reloads and continues', async () => {
  const page = await open(readFileSync(corpusPath(CORPUS[1][0]), 'utf8'), CORPUS[1][1]);
  const form = article(page, PERSONNEL);
  const before = Number(await form.locator('[data-testid=total]').textContent());
  const accept = form.locator('li[data-code="indicator.met_but_deducted"] button.accept');
  assert.equal(await accept.count(), 2);
  await accept.first().click();
  await settled(page);
  assert.equal(await form.locator('li[data-code="indicator.met_but_deducted"]').count(), 1);
  assert.ok(Number(await form.locator('[data-testid=total]').textContent()) > before);
  // Dismiss a warning with a note.
  await form.locator('li[data-code="indicator.missing_reason"] button.dismiss').first().click();
  await page.keyboard.type('已补充说明');
  await page.keyboard.press('Enter');
  await settled(page);
  assert.equal(await form.locator('li.dismissed[data-code="indicator.missing_reason"]').count(), 1);
  assert.match(await form.locator('li.dismissed .dismissal').textContent(), /已补充说明/);
  const first = await downloadJson(page);
  const personnel = first.reports[0].forms.find((f) => f.project.includes(PERSONNEL));
  const accepted = personnel.corrections.filter((c) => c.by === 'accepted');
  assert.equal(accepted.length, 1);
  assert.equal(accepted[0].code, 'indicator.met_but_deducted');
  assert.equal(accepted[0].field, 'indicators[30].score');
  assert.ok(accepted[0].from && accepted[0].to && accepted[0].at);
  const dismissed = personnel.corrections.filter((c) => c.by === 'dismissed');
  assert.equal(dismissed.length, 1);
  assert.equal(dismissed[0].note, '已补充说明');
  assert.equal(first.reports[0].summary.dismissed, 1);
  // The native core, checking the download again, agrees byte for byte.
  assert.equal(cliRecheck(first.body), first.body);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-download-'));
  const saved = join(dir, first.name);
  writeFileSync(saved, first.body);
  await page.close();

  // A fresh page: drop the download back, carry on.
  const again = await open();
  await again.setInputFiles('#file', saved);
  await again.waitForFunction((n) => window.jixiao.reports()[0]?.source.name === n, '粘贴的文本');
  await waitForForms(again, CORPUS[1][1]);
  const form2 = article(again, PERSONNEL);
  assert.equal(await form2.locator('table.corrections tr[data-by=accepted]').count(), 1);
  assert.equal(await form2.locator('li.dismissed').count(), 1);
  // A dismissal taken back after the reload: the finding counts again, the trail says so.
  await form2.locator('li.dismissed button.restore').click();
  await settled(again);
  assert.equal(await form2.locator('li.dismissed').count(), 0);
  assert.equal(await form2.locator('table.corrections tr[data-by=restored]').count(), 1);
  await form2.locator('li[data-code="indicator.met_but_deducted"] button.accept').click();
  await settled(again);
  const second = await downloadJson(again);
  const trail = second.reports[0].forms.find((f) => f.project.includes(PERSONNEL)).corrections
    .filter((c) => c.by !== 'auto').map((c) => `${c.by} ${c.field}`);
  assert.deepEqual(trail, [
    'accepted indicators[30].score',
    'dismissed indicators[36].reason', // accepting [30]'s full score settled its own reason warning
    'restored indicators[36].reason',
    'accepted indicators[36].score',
  ]);
  // Something that is not a report is refused and the page keeps what it had.
  const bogus = join(dir, 'bogus.json');
  writeFileSync(bogus, '{"hello": 1}');
  await again.setInputFiles('#file', bogus);
  await again.waitForSelector('#error:not([hidden])');
  assert.match(await again.locator('#error').textContent(), /不是 jixiao 导出的 JSON/);
  assert.equal(await again.locator('article.form').count(), CORPUS[1][1]);
  assert.deepEqual(again.errors, []);
  await again.close();
});

/** Presses Tab (or Shift+Tab) until `predicate` holds for the focused element. */
async function tabTo(page, predicate, arg, back = false) {
  for (let i = 0; i < 400; i++) {
    if (await page.evaluate(predicate, arg)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`tabbing never reached ${predicate}`);
}

test('the keyboard alone: paste, check, accept, download', async () => {
  await env.chrome.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const page = await open();
  const text = readFileSync(corpusPath(CORPUS[1][0]), 'utf8');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.evaluate(() => document.activeElement.blur());
  await tabTo(page, () => document.activeElement.id === 'source');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await tabTo(page, () => document.activeElement.id === 'check');
  await page.keyboard.press('Enter');
  await waitForForms(page, CORPUS[1][1]);
  await tabTo(page, (p) => document.activeElement.classList.contains('accept')
    && document.activeElement.closest('article').dataset.project.includes(p), PERSONNEL);
  const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.match(label, /采纳建议/);
  await page.keyboard.press('Enter');
  await settled(page);
  const focused = await page.evaluate(() => {
    const li = document.activeElement.closest('li[data-code]');
    return li ? li.closest('article').dataset.project : document.activeElement.tagName;
  });
  assert.match(focused, new RegExp(PERSONNEL), 'focus lands on the next finding of the same form');
  await tabTo(page, () => document.activeElement.id === 'download', undefined, true);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const form = report.forms.find((f) => f.project.includes(PERSONNEL));
  assert.equal(form.corrections.filter((c) => c.by === 'accepted').length, 1);
  // Arrow keys move between cells of a table; one tab stop per table.
  const stops = await page.locator('article.form').first().locator('table.indicators button.cell[tabindex="0"]').count();
  assert.equal(stops, 1);
  await page.locator('article.form').first().locator('table.indicators button.cell[tabindex="0"]').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'indicators[0].target');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'indicators[1].target');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** The text of each page of a PDF (pdf.js, in Node). */
async function pdfPages(bytes) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((x) => x.str).join(''));
  }
  return pages;
}

test('printing puts each form on pages of its own, findings beside it, in black and white', async () => {
  for (const [name, forms] of [CORPUS[0], CORPUS[2]]) {
    const page = await open(readFileSync(corpusPath(name), 'utf8'), forms);
    await page.emulateMedia({ media: 'print' });
    const projects = await page.$$eval('article.form h4', (hs) => hs.map((h) => h.textContent));
    const layout = await page.$$eval('article.form', (as) => as.map((a) => ({
      breakBefore: getComputedStyle(a).breakBefore,
      side: a.querySelector('.form-side').getBoundingClientRect().left > a.querySelector('.form-main').getBoundingClientRect().left,
    })));
    assert.ok(layout.every((l) => l.side), 'findings beside the table');
    assert.ok(layout.slice(1).every((l) => l.breakBefore === 'page'), 'each form starts a page');
    const colours = await page.$$eval('article.form *', (els) => els.filter((e) => {
      if (!e.getClientRects().length) return false; // not printed
      const c = getComputedStyle(e).color.match(/\d+/g).map(Number);
      return Math.max(...c) - Math.min(...c) > 40; // a visible hue
    }).map((e) => `${e.tagName}.${e.className.baseVal ?? e.className}`));
    assert.deepEqual(colours, [], 'no coloured text in print');
    // A print preview: each form at the printed page's size (A4 landscape less margins, 96 dpi).
    await page.setViewportSize({ width: 1062, height: 733 });
    for (let i = 0; i < forms; i++) {
      await page.locator('article.form').nth(i).screenshot({ path: join(artifacts, `print-${name.slice(0, 3)}-form${i + 1}.png`) });
    }
    const pages = await pdfPages(await page.pdf({ landscape: true, printBackground: false }));
    writeFileSync(join(artifacts, `print-${name.slice(0, 3)}.txt`), pages.map((p, i) => `--- page ${i + 1}\n${p}`).join('\n'));
    const starts = pages.map((text) => projects.filter((p) => text.startsWith(p)));
    assert.equal(starts.filter((s) => s.length).length, forms, `${name}: every form starts a page`);
    for (const [i, text] of pages.entries()) {
      const titles = projects.filter((p) => text.includes(`${p}项目名称`));
      assert.ok(titles.length <= 1, `${name} page ${i + 1} holds ${titles.length} forms`);
    }
    await page.close();
  }
});

test('the pictures render for every corpus file and say what the JSON says', async () => {
  const page = await open();
  for (const [name, forms] of CORPUS) {
    await page.fill('#source', readFileSync(corpusPath(name), 'utf8'));
    await page.click('#check');
    await waitForForms(page, forms);
    await page.waitForFunction((n) => window.jixiao.reports()[0]?.forms.length === n, forms);
    const report = (await page.evaluate(() => window.jixiao.reports()))[0];
    const drawn = await page.$$eval('article.form', (as) => as.map((a) => [...a.querySelectorAll('svg.levels g.level')]
      .map((g) => ({ level: g.dataset.level, weight: g.dataset.weight, score: g.dataset.score, default_weight: g.dataset.default }))));
    const dash = (v) => (v === null ? '—' : v);
    assert.deepEqual(drawn, report.forms.map((f) => f.recomputed.levels.map((l) => ({
      level: l.level, weight: dash(l.weight), score: dash(l.score), default_weight: dash(l.default_weight),
    }))), `${name}: bars by 一级指标`);
    // The bars are drawn to scale: score bar ÷ weight bar = score ÷ weight.
    const ratios = await page.$$eval('svg.levels g.level', (gs) => gs
      .filter((g) => Number(g.dataset.weight) > 0 && g.querySelector('rect.score'))
      .map((g) => [Number(g.querySelector('rect.score').getAttribute('width')) / Number(g.querySelector('rect.weight').getAttribute('width')),
        Number(g.dataset.score) / Number(g.dataset.weight)]));
    assert.ok(ratios.length > 0);
    for (const [drawn, figures] of ratios) assert.ok(Math.abs(drawn - figures) < 1e-9, `${drawn} vs ${figures}`);
    const dots = await page.$$eval('section.doc svg.spread circle.dot', (cs) => cs.map((c) => c.dataset.total));
    assert.deepEqual(dots, report.forms.map((f) => f.recomputed.total).filter((t) => t !== null), `${name}: totals`);
    const bars = Object.fromEntries(await page.$$eval('section.doc svg.codes g.code', (gs) => gs.map((g) => [g.dataset.code, Number(g.dataset.count)])));
    const counts = {};
    for (const f of report.forms.flatMap((x) => x.findings).concat(report.findings)) {
      if (!f.dismissed) counts[f.code] = (counts[f.code] || 0) + 1;
    }
    assert.deepEqual(bars, counts, `${name}: findings by code`);
    // The text equivalent names every figure.
    const desc = await page.$eval('section.doc svg.spread desc', (d) => d.textContent);
    assert.match(desc, new RegExp(`${report.forms.length} 张表的总分`));
    const levelDesc = await page.$eval('svg.levels desc', (d) => d.textContent);
    assert.ok(report.forms[0].recomputed.levels.every((l) => levelDesc.includes(l.level)));
    await page.locator('section.doc .overview').screenshot({ path: join(artifacts, `overview-${name.slice(0, 3)}.png`) });
    await page.locator('svg.levels').first().screenshot({ path: join(artifacts, `levels-${name.slice(0, 3)}.png`) });
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the interface switches to English; the forms stay Chinese', async () => {
  const page = await open();
  await page.click('#lang');
  assert.equal(await page.locator('#check').textContent(), 'Check');
  assert.equal(await page.locator('#lang').textContent(), '中文', 'the button names the other language');
  assert.equal(await page.locator('#results-title').textContent(), 'Results');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  const item = page.locator('li[data-code="total.mismatch"]').first();
  assert.match(await item.locator('.title-en').textContent(), /Total score does not match/);
  assert.match(await item.textContent(), /总分填报为/, 'the finding stays in Chinese beside its English title');
  assert.match(await page.locator('article.form h4').first().textContent(), /[\u4e00-\u9fff]/);
  await page.click('#lang');
  assert.equal(await page.locator('#check').textContent(), '检查');
  assert.equal(await page.locator('#lang').textContent(), 'English');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('nothing is stored unless asked; kept sessions come back; clear removes them', async () => {
  const page = await open();
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'a check stores nothing');
  const cell = page.locator('article.form').first().locator('button.cell[data-field="indicators[0].score"]');
  await cell.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'an edit stores nothing');
  await page.check('#keep');
  assert.equal(await page.evaluate(() => localStorage.length), 1);
  await page.reload();
  await waitForForms(page, 6);
  assert.equal(await page.locator('article.form').first().locator('[data-testid=total]').textContent(), '82.38', 'the edit came back');
  assert.ok(await page.isChecked('#keep'));
  await page.click('#clear');
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.ok(!(await page.isChecked('#keep')));
  await page.reload();
  await waitForForms(page, 6);
  assert.equal(await page.locator('article.form').first().locator('[data-testid=total]').textContent(), '95.38', 'cleared: the example again');
  // Over the quota: nothing half-kept, the box unticked, the reason shown.
  await page.evaluate(() => {
    Storage.prototype.setItem = () => { throw new DOMException('quota exceeded', 'QuotaExceededError'); };
  });
  await page.click('#keep'); // (the page unticks it again at once)
  assert.ok(!(await page.isChecked('#keep')));
  assert.match(await page.locator('#error').textContent(), /本设备无法保存：quota exceeded/);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('axe-core finds no violation of any impact on the results, in either language', async () => {
  const page = await open(readFileSync(corpusPath(CORPUS[1][0]), 'utf8'), CORPUS[1][1]);
  const form = article(page, PERSONNEL);
  await form.locator('li[data-code="indicator.met_but_deducted"] button.accept').first().click();
  await settled(page);
  // A dismissed finding (struck through, with its note and 恢复) is checked too.
  await form.locator('li[data-code="indicator.missing_reason"] button.dismiss').first().click();
  await page.keyboard.type('已补充说明');
  await page.keyboard.press('Enter');
  await settled(page);
  const axe = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axe);
  const report = [];
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.click('#lang');
    // An open dismissal form, and a cell editor holding a refused value with the error shown.
    await form.locator('li:not(.dismissed) button.dismiss').first().click();
    await form.locator('button.cell[data-field="indicators[0].score"]').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('满分');
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(await page.locator('.cell-input[aria-invalid=true]').count(), 1);
    assert.equal(await page.locator('#error').isVisible(), true);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    report.push({ lang, violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target })) });
    assert.deepEqual(result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target}`), [], lang);
    await page.keyboard.press('Escape');
  }
  writeFileSync(join(artifacts, 'axe.json'), `${JSON.stringify(report, null, 2)}\n`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
