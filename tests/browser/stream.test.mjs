// A large text is checked a batch of forms at a time (issue 14): a 10 MB paste shows its first
// forms while the rest are read, its report (downloaded) is the CLI's byte for byte, and the
// checker's wasm memory stays within 64 MiB beyond the text; a large GB18030 CSV chosen as a
// file comes in batches too and downloads as the CLI's JSON; so does a paste in the single file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { CORPUS, corpusPath, dist, newPage, root, session, waitForForms } from './harness.mjs';

const env = session();
const MiB = 1024 * 1024;

/** The CLI's JSON Lines for a file (run beside it: `source.name` is its name), however long. */
function cli(path) {
  const bin = process.env.JIXIAO_BIN || join(root, 'target', 'debug', 'jixiao');
  try {
    return execFileSync(bin, ['check', '--format', 'json', basename(path)], { cwd: dirname(path), encoding: 'utf8', maxBuffer: 512 * MiB });
  } catch (err) {
    if (err.status === 1) return err.stdout; // error findings: still a report
    throw err;
  }
}

/** Asserts two long texts are equal without printing them: the first difference, if any. */
function same(got, expected, what) {
  if (got === expected) return;
  let at = 0;
  while (at < got.length && got[at] === expected[at]) at++;
  assert.fail(`${what}: ${got.length} against ${expected.length} characters, first difference at ${at}:\n`
    + ` page: ${got.slice(Math.max(0, at - 80), at + 80)}\n cli:  ${expected.slice(Math.max(0, at - 80), at + 80)}`);
}

/**
 * Before the next check: records, until it ends (the `jixiao:checked` mark), every status line
 * and every row count the overview shows.
 */
function watch(page) {
  return page.evaluate(() => {
    performance.clearMarks();
    /** @type {{ status: string, rows: number, forms: string }[]} */
    const seen = [];
    Object.assign(window, { seen });
    const note = () => {
      if (performance.getEntriesByName('jixiao:checked').length) return;
      seen.push({
        status: document.getElementById('status')?.textContent || '',
        rows: Number(document.getElementById('list-scroll')?.dataset.rows || 0),
        forms: document.querySelector('[data-testid=form-count]')?.textContent || '',
      });
    };
    const watcher = new MutationObserver(note);
    watcher.observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true });
    watcher.observe(document.getElementById('list-scroll'), { attributes: true, attributeFilter: ['data-rows'] });
  });
}

/** Waits until the page shows `n` forms and the check has ended (its output buttons back). */
const shown = (page, n) => page.waitForFunction(
  (k) => document.querySelector('[data-testid=form-count]')?.textContent === String(k)
    && document.getElementById('list-scroll')?.dataset.rows === String(k)
    && performance.getEntriesByName('jixiao:checked').length > 0
    && !(/** @type {HTMLButtonElement} */ (document.getElementById('download'))).disabled,
  n, { timeout: 300000, polling: 100 },
);

/** A fresh page with its example shown, and 10 MB of corpus 001 repeated (`copies` times). */
async function tenMegabytes() {
  const page = await newPage(env.chrome.context);
  await page.goto(`${env.server.origin}/`);
  await waitForForms(page, 6);
  const one = readFileSync(corpusPath(CORPUS[1][0]), 'utf8');
  const copies = Math.ceil((10 * MiB) / Buffer.byteLength(one));
  return { page, one, copies, big: Array(copies).fill(one).join('\n') };
}

test('a 10 MB paste: first forms while the rest are read, the CLI\'s report, wasm memory within 64 MiB beyond the text', async () => {
  const { page, copies, big } = await tenMegabytes();
  const bytes = Buffer.byteLength(big);
  const n = CORPUS[1][1] * copies;
  // Pasted into the box, then 检查 (the box's own check: too large to start as it is typed).
  await page.evaluate((t) => { (/** @type {HTMLTextAreaElement} */ (document.getElementById('source'))).value = t; }, big);
  await watch(page);
  const t0 = await page.evaluate(() => { const t = performance.now(); document.getElementById('check')?.click(); return t; });
  await shown(page, n);
  const run = await page.evaluate(() => ({
    seen: /** @type {any} */ (window).seen,
    first: performance.getEntriesByName('jixiao:first-forms')[0]?.startTime,
    checked: performance.getEntriesByName('jixiao:checked')[0].startTime,
    shown: performance.getEntriesByName('jixiao:shown')[0]?.startTime,
    memory: window.jixiao.memory(),
    pasted: window.jixiao.vocabulary().pasted_name,
  }));
  // The first forms were drawn (overview rows, counted in the summary, the status line counting
  // them) before the check ended.
  const early = run.seen.filter((s) => s.rows > 0 && s.rows < n);
  assert.ok(early.length > 0, `no overview rows before the check ended: ${JSON.stringify(run.seen.slice(0, 5))}`);
  assert.ok(run.seen.some((s) => /已检查 \d+ 张表/.test(s.status)), 'the status line counts the forms checked');
  assert.ok(early.some((s) => Number(s.forms) === s.rows), 'the summary counts the forms shown');
  assert.ok(run.first !== undefined && run.first < run.checked, `first forms ${run.first}, check ended ${run.checked}`);
  // The whole report, downloaded: the CLI's for the same text, byte for byte.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const body = readFileSync(await download.path(), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-stream-'));
  writeFileSync(join(dir, 'big.txt'), big);
  const expected = cli(join(dir, 'big.txt')).replace('"source":{"name":"big.txt"', `"source":{"name":${JSON.stringify(run.pasted)}`);
  same(body, expected, '10 MB paste');
  // The checker's memory: the text itself, and at most 64 MiB more.
  const over = (run.memory - bytes) / MiB;
  console.log(`# 10 MB paste (${n} forms, ${(bytes / MiB).toFixed(1)} MiB): first forms drawn ${(run.first - t0).toFixed(0)} ms after 检查, check ended ${(run.checked - t0).toFixed(0)} ms, shown ${(run.shown - t0).toFixed(0)} ms; ${early.length} updates before the end; wasm memory ${(run.memory / MiB).toFixed(1)} MiB = the text + ${over.toFixed(1)} MiB`);
  assert.ok(run.memory <= bytes + 64 * MiB, `wasm memory ${run.memory} bytes: more than ${bytes} + 64 MiB`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a large GB18030 CSV chosen as a file comes in batches and downloads as the CLI\'s JSON', async () => {
  const page = await newPage(env.chrome.context);
  await page.goto(`${env.server.origin}/`);
  await waitForForms(page, 6);
  // corpus 002 as Chinese Excel saves it, 120 times over (about 650 KB: more than the 512 KiB
  // from which the worker checks in batches).
  const gbk = readFileSync(join(root, 'tests/fixtures/office/corpus-002-gb18030.csv'));
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-stream-'));
  const path = join(dir, '交通委-大.csv');
  writeFileSync(path, Buffer.concat(Array(120).fill(gbk)));
  await watch(page);
  await page.setInputFiles('#file', path);
  await shown(page, 3 * 120);
  const seen = await page.evaluate(() => /** @type {any} */ (window).seen);
  assert.ok(seen.some((s) => /已检查 \d+ 张表/.test(s.status)), `no batch before the report: ${JSON.stringify(seen)}`);
  const report = await page.evaluate(() => window.jixiao.reports()[0].source);
  assert.deepEqual(report, { name: '交通委-大.csv', encoding: 'gb18030', format: 'csv' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  same(readFileSync(await download.path(), 'utf8'), cli(path), 'GB18030 CSV');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the single file (its one module the full one) checks a large paste in batches too', async () => {
  const page = await newPage(env.chrome.context);
  await page.goto(`file://${join(dist, 'jixiao.html')}`);
  await waitForForms(page, 6);
  // corpus 001 40 times over: about 1.6 MB, 600,000 characters (batches from 512 Ki).
  const copies = 40;
  const text = Array(copies).fill(readFileSync(corpusPath(CORPUS[1][0]), 'utf8')).join('\n');
  await watch(page);
  await page.evaluate((t) => window.jixiao.checkText(t, 'big.txt').then(() => null), text);
  await shown(page, CORPUS[1][1] * copies);
  const seen = await page.evaluate(() => /** @type {any} */ (window).seen);
  assert.ok(seen.some((s) => /已检查 \d+ 张表/.test(s.status)), `no batch before the report: ${JSON.stringify(seen)}`);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-stream-'));
  writeFileSync(join(dir, 'big.txt'), text);
  same(await page.evaluate(() => window.jixiao.json()), cli(join(dir, 'big.txt')), 'the single file');
  assert.deepEqual(page.errors, []);
  await page.close();
});

/**
 * Pastes `text` as plain text into the box, as the browser's paste would: everything selected
 * first, or (`all` false) at the box's selection as it is.
 */
const paste = (page, text, all = true) => page.evaluate(([t, everything]) => {
  const box = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
  box.focus();
  if (everything) box.select();
  const dt = new DataTransfer();
  dt.setData('text/plain', t);
  const t0 = performance.now();
  box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  // Until the box is laid out and painted: the second frame after the paste.
  return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t0))));
}, [text, all]);

/** Puts the box's caret at `at`. */
const caret = (page, at) => page.evaluate((i) => (/** @type {HTMLTextAreaElement} */ (document.getElementById('source'))).setSelectionRange(i, i), at);

/** What the box and its note show. */
const boxState = (page) => page.evaluate(() => {
  const box = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
  const note = document.getElementById('held');
  return { value: box.value, readOnly: box.readOnly, note: note?.hidden ? null : note?.textContent || '' };
});

test('a large paste is held, not laid out in the box: a window of its lines shows, the whole text is checked, a line is found', async () => {
  const { page, one, copies, big } = await tenMegabytes();
  const lines = big.split('\n');
  // Lines as the core counts them: a final line end starts none.
  const count = lines.length - (big.endsWith('\n') ? 1 : 0);
  // A 10 MB paste is painted at once (the box laying it out took 8.7 s): the box shows its first
  // 200 lines, read only, and says so.
  const ms = await paste(page, big);
  let seen = await boxState(page);
  assert.equal(seen.value, lines.slice(0, 200).join('\n'));
  assert.ok(seen.readOnly);
  assert.ok(seen.note?.includes(`${count.toLocaleString('en-US')} 行`) && seen.note.includes('第 1–200 行'), seen.note || 'no note');
  console.log(`# 10 MB paste (${(big.length / MiB).toFixed(1)} Mi characters): painted ${ms.toFixed(0)} ms after the paste`);
  assert.ok(ms < 2000, `${ms} ms from the paste to its second frame`);
  // 检查 checks all of it.
  await page.click('#check');
  await shown(page, CORPUS[1][1] * copies);
  // An empty paste (a file or a picture copied) changes nothing; a paste at the caret goes into
  // the held text there.
  await caret(page, 0);
  await paste(page, '', false);
  assert.equal((await boxState(page)).value, lines.slice(0, 200).join('\n'));
  await caret(page, 0);
  await paste(page, 'X\n', false);
  seen = await boxState(page);
  assert.equal(seen.value, ['X', ...lines.slice(0, 199)].join('\n'));
  assert.ok(seen.note?.includes(`${(count + 1).toLocaleString('en-US')} 行`), seen.note || 'no note');
  // A new paste replaces the held text. This one (corpus 001, then 000, then a long line of
  // spaces: over the 128 Ki characters from which a text is held) is checked at once, as a
  // short paste is; a finding's line past the window brings its lines into the box.
  const text = [one, readFileSync(corpusPath(CORPUS[0][0]), 'utf8'), ' '.repeat(140000)].join('\n');
  // Pasted with Windows and old Mac line ends, which the box would have made LF: held as LF.
  let k = 0;
  await paste(page, text.replace(/\n/g, () => (k++ % 2 ? '\r\n' : '\r')));
  await waitForForms(page, CORPUS[1][1] + CORPUS[0][1]);
  const star = page.locator('article.form', { hasText: '城市治理之星' });
  const li = star.locator('li[data-code="total.mismatch"]');
  const line = Number(await li.getAttribute('data-line'));
  assert.ok(line > 200, `line ${line}`);
  await li.locator('.links button').click();
  const selected = await page.evaluate(() => {
    const s = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
    return s.value.slice(s.selectionStart, s.selectionEnd);
  });
  assert.equal(selected, text.split('\n')[line - 1]);
  assert.ok(selected.startsWith('总分'), selected);
  seen = await boxState(page);
  const [, a, b] = /第 (\d+)–(\d+) 行/.exec(seen.note || '') || [];
  assert.ok(Number(a) <= line && line <= Number(b), `line ${line} outside the note's window: ${seen.note}`);
  assert.equal(await page.locator('#error').isVisible(), false);
  // Kept on this device and restored: held again after a reload.
  await page.check('#keep');
  await page.reload();
  await waitForForms(page, CORPUS[1][1] + CORPUS[0][1]);
  seen = await boxState(page);
  assert.ok(seen.readOnly && seen.note?.includes('第 1–200 行'), JSON.stringify(seen.note));
  await page.click('#clear');
  // The whole text into the box, to edit there.
  await page.click('#held-edit');
  seen = await boxState(page);
  assert.deepEqual(seen, { value: text, readOnly: false, note: null });
  // A box that large, being edited, takes a paste as a box does: not held again.
  await caret(page, 0);
  await paste(page, 'X', false);
  assert.deepEqual(await boxState(page), { value: text, readOnly: false, note: null });
  // A volume flattened to one line: the box shows its first 64 Ki characters.
  await paste(page, big.replace(/\n/g, ' '));
  seen = await boxState(page);
  assert.equal(seen.value, big.slice(0, 65536).replace(/\n/g, ' '));
  assert.ok(seen.readOnly && seen.note?.includes('第 1–1 行的前 65,536 个字符'), seen.note || 'no note');
  // Held again, then emptied: the box is editable and empty.
  await paste(page, big);
  assert.ok((await boxState(page)).readOnly);
  await page.click('#held-clear');
  assert.deepEqual(await boxState(page), { value: '', readOnly: false, note: null });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a held text keeps its places: an HTML paste read while a line button moves the window, the selection over a language switch, a character the cut would split', async () => {
  const { page, one } = await tenMegabytes();
  // Corpus 001 and 000 and a line of spaces (over the 128 Ki characters from which a text is
  // held), ending in a line end: checked at once, as a short paste is.
  const text = `${[one, readFileSync(corpusPath(CORPUS[0][0]), 'utf8'), ' '.repeat(140000)].join('\n')}\n`;
  await paste(page, text);
  await waitForForms(page, CORPUS[1][1] + CORPUS[0][1]);
  // The note counts lines as the core does: the final line end starts none.
  const count = text.split('\n').length - 1;
  let seen = await boxState(page);
  assert.ok(seen.note?.includes(`${count.toLocaleString('en-US')} 行`) && seen.note.includes('第 1–200 行'), seen.note || 'no note');
  // A selection in the window, and where the box is scrolled to, stay through a switch of the
  // interface's language and back: only the note's words change.
  const place = () => page.evaluate(() => {
    const box = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
    return [box.selectionStart, box.selectionEnd, box.scrollTop];
  });
  const before = await page.evaluate(() => {
    const box = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
    box.setSelectionRange(5, 9);
    box.scrollTop = 300;
    return [box.selectionStart, box.selectionEnd, box.scrollTop];
  });
  assert.ok(before[2] > 0, `scrolled to ${before[2]}`);
  await page.click('#lang');
  assert.ok((await boxState(page)).note?.includes('lines'), 'the note in English');
  await page.click('#lang');
  assert.deepEqual(await place(), before);
  // A finding's line button far in brings its line into the box, selected; the caret put at
  // its start, a table is pasted there. While the core reads the tables, another line button
  // brings the first lines back: the rows still go where the caret was, and the caret after
  // them is in the box.
  /** Clicks the line button of the finding on the first or last line, after pasting `html`. */
  const lineButton = (pick, html = '') => page.evaluate(([first, h]) => {
    const box = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
    if (h) {
      box.focus();
      const dt = new DataTransfer();
      dt.setData('text/html', h);
      dt.setData('text/plain', 'plain fallback');
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }
    const items = [...document.querySelectorAll('li[data-line]')];
    const at = (/** @type {Element} */ li) => Number(li.getAttribute('data-line'));
    const li = items.reduce((a, b) => ((first ? at(b) < at(a) : at(b) > at(a)) ? b : a));
    /** @type {HTMLButtonElement} */ (li.querySelector('.links button')).click();
    return at(li);
  }, [pick === 'first', html]);
  const far = await lineButton('last');
  const [start] = await page.evaluate(() => {
    const box = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
    box.setSelectionRange(box.selectionStart, box.selectionStart);
    return [box.selectionStart];
  });
  assert.ok(start > 0, 'the line is not the first in the box');
  const p = text.split('\n').slice(0, far - 1).join('\n').length + 1;
  // (In one step: the rows cannot come before the click.)
  const near = await lineButton('first', TABLE);
  assert.ok(near < far - 4 && far > 200, `lines ${near} and ${far}`);
  const rows = await page.evaluate((h) => window.jixiao.request('tables', { html: h }), TABLE);
  assert.ok(rows.includes('项目名称\t表格项目'), rows);
  await page.waitForFunction((n) => window.jixiao.source().length === n, text.length + rows.length, { timeout: 60000 });
  const withRows = await page.evaluate(() => window.jixiao.source());
  assert.ok(withRows === text.slice(0, p) + rows + text.slice(p), 'the rows where the caret was');
  const upToCaret = await page.evaluate(() => {
    const box = /** @type {HTMLTextAreaElement} */ (document.getElementById('source'));
    return box.value.slice(0, box.selectionStart);
  });
  assert.ok(upToCaret.endsWith(rows.slice(-20)), `the caret after the rows: …${JSON.stringify(upToCaret.slice(-40))}`);
  // A line too long for the window (corpus 001 three times over and 000, their line ends made
  // spaces: 39 forms, each drawn at once, their findings listed with their line; a line of
  // spaces after it, so the text is held) picked by its finding's button is all the box shows: a paste then
  // replaces what is shown of it, not the whole text.
  const wide = [one, one, one, readFileSync(corpusPath(CORPUS[0][0]), 'utf8')]
    .map((t) => t.replace(/\n/g, ' '))
    .join(' ');
  const two = `${wide}\n${' '.repeat(70000)}\n`;
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-wide-'));
  writeFileSync(join(dir, 'wide.txt'), two);
  const forms = JSON.parse(cli(join(dir, 'wide.txt'))).forms.length;
  await paste(page, two);
  await waitForForms(page, forms);
  const flatLine = 1;
  const clicked = await page.evaluate((n) => {
    const li = document.querySelector(`li[data-line="${n}"]`);
    /** @type {HTMLButtonElement | null | undefined} */ (li?.querySelector('.links button'))?.click();
    return Boolean(li);
  }, flatLine);
  assert.ok(clicked, `a finding on line ${flatLine}`);
  seen = await boxState(page);
  assert.equal(seen.value, wide.slice(0, 65536));
  assert.ok(seen.note?.includes(`第 ${flatLine}–${flatLine} 行的前 65,536 个字符`), seen.note || 'no note');
  await paste(page, 'X', false);
  const after = await page.evaluate(() => window.jixiao.source());
  const at = two.indexOf(wide);
  assert.ok(after === `${two.slice(0, at)}X${two.slice(at + 65536)}`, `not the whole text replaced: ${after.length} characters`);
  // A volume flattened to one line whose 65,536th character is the first half of a pair (an
  // emoji): the box shows the characters before it, not half of it.
  const flat = `${'甲'.repeat(65535)}😀${' '.repeat(140000)}`;
  await paste(page, flat);
  seen = await boxState(page);
  assert.equal(seen.value, '甲'.repeat(65535));
  assert.ok(seen.readOnly && seen.note?.includes('第 1–1 行的前 65,535 个字符'), seen.note || 'no note');
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** A table copied from a web page, as the clipboard's HTML. */
const TABLE = '<table><tr><td>项目名称</td><td>表格项目</td></tr><tr><td>主管部门</td><td>某局</td></tr></table>';
