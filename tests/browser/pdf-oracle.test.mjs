// pdf.js as an oracle for the PDF reader (issue 12): for every fixture PDF with a text layer that
// maps to Unicode, the glyph text of each page from `jixiao pdf-text FILE` equals pdf.js's text of
// that page (getTextContent, the items' strings joined), whitespace removed on both sides.
// `jixiao pdf-text FILE` prints one line per page: `第 N 页<TAB>` and the page's glyph text in
// content-stream order with all whitespace removed. (No browser: pdf.js runs in Node.)
// PDF_ORACLE_OUT=DIR also writes pdf.js's text of each fixture to DIR/NAME.txt, to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { root } from './harness.mjs';

const BIN = process.env.JIXIAO_BIN || join(root, 'target', 'debug', 'jixiao');
const FIXTURES = join(root, 'tests', 'fixtures', 'pdf');
const PDFJS = join(root, 'node_modules', 'pdfjs-dist');
/** Fixtures without a text layer that maps to Unicode, or one that needs a password: their text is
 * an error, not a comparison. */
const NO_TEXT = new Set(['scan.pdf', 'notounicode.pdf', 'password.pdf']);
const pdfs = readdirSync(FIXTURES).filter((f) => f.endsWith('.pdf')).sort();
const squeeze = (s) => s.replace(/\p{White_Space}/gu, '');

/** The text of each page by pdf.js, whitespace removed. */
async function pdfjsPages(path) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(path)),
    disableFontFace: true,
    useSystemFonts: false,
    // in Node, pdf.js reads these with fs: plain paths, ending in a slash
    cMapUrl: join(PDFJS, 'cmaps') + sep,
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS, 'standard_fonts') + sep,
    verbosity: 0,
  }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent({ disableNormalization: true });
    pages.push(squeeze(content.items.map((x) => x.str ?? '').join('')));
  }
  await doc.destroy();
  return pages;
}

/** The text of each page by `jixiao pdf-text`. */
function cliPages(path) {
  const out = execFileSync(BIN, ['pdf-text', path], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pages = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const m = /^第 (\d+) 页\t(.*)$/u.exec(line);
    assert.ok(m, `not a page line of pdf-text: ${JSON.stringify(line.slice(0, 80))}`);
    assert.equal(Number(m[1]), pages.length + 1, 'pages numbered from 1 in order');
    pages.push(squeeze(m[2]));
  }
  return pages;
}

/** Where two texts first differ, with some context of each. */
function firstDifference(a, b) {
  const ca = [...a];
  const cb = [...b];
  let i = 0;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  const around = (cs) => `${cs.slice(Math.max(0, i - 20), i).join('')}⟦${cs.slice(i, i + 20).join('')}⟧`;
  return `at character ${i} (of ${cb.length} by jixiao, ${ca.length} by pdf.js)\n`
    + `  jixiao: …${around(cb)}\n  pdf.js: …${around(ca)}`;
}

const outDir = process.env.PDF_ORACLE_OUT;
if (outDir) mkdirSync(outDir, { recursive: true });

for (const name of pdfs.filter((f) => !NO_TEXT.has(f))) {
  test(`pdf-text of ${name} equals pdf.js's text, page by page`, async () => {
    const path = join(FIXTURES, name);
    const expected = await pdfjsPages(path);
    if (outDir) {
      writeFileSync(join(outDir, name.replace(/\.pdf$/, '.txt')),
        expected.map((t, i) => `第 ${i + 1} 页\t${t}\n`).join(''));
    }
    const actual = cliPages(path);
    assert.ok(expected.some((t) => t.length > 0), `pdf.js finds text in ${name}`);
    assert.equal(actual.length, expected.length, `${name}: pages`);
    for (let p = 0; p < expected.length; p++) {
      if (actual[p] !== expected[p]) {
        assert.fail(`${name}, 第 ${p + 1} 页: the text differs ${firstDifference(expected[p], actual[p])}`);
      }
    }
  });
}

test('the fixtures without a usable text layer: no text in the scan, no Chinese from the ToUnicode-less copy', async () => {
  const scan = await pdfjsPages(join(FIXTURES, 'scan.pdf'));
  assert.ok(scan.length > 0 && scan.every((t) => t === ''), 'scan.pdf: pages without any text');
  const plain = (await pdfjsPages(join(FIXTURES, 'word-002.pdf'))).join('');
  const garbage = (await pdfjsPages(join(FIXTURES, 'notounicode.pdf'))).join('');
  assert.ok(plain.includes('项目名称'), 'word-002.pdf reads as Chinese');
  assert.ok(!garbage.includes('项目名称') && !/\p{Script=Han}{4}/u.test(garbage), 'notounicode.pdf does not');
});
