// Every interface string the page translates has its English: the keys passed to tr() in the
// page's scripts and the data-i18n texts of index.html are all in the dictionary. (No browser.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './harness.mjs';

const read = (p) => readFileSync(join(root, p), 'utf8');

/** The dictionary's keys, read from i18n.js's EN object literal. */
function keys() {
  const src = read('www/i18n.js');
  const body = src.slice(src.indexOf('const EN = {'), src.indexOf('\n};', src.indexOf('const EN = {')));
  return new Set([...body.matchAll(/^\s+'((?:[^'\\]|\\.)*)':/gm)].map((m) => m[1].replace(/\\'/g, "'")));
}

test('every tr() string and every data-i18n text has an English translation', () => {
  const known = keys();
  assert.ok(known.size > 50, `${known.size} keys read`);
  const wanted = new Set();
  for (const file of readdirSync(join(root, 'www')).filter((f) => f.endsWith('.js')).map((f) => `www/${f}`)) {
    for (const m of read(file).matchAll(/\btr\('((?:[^'\\]|\\.)*)'/g)) wanted.add(m[1]);
  }
  const html = read('index.html');
  for (const m of html.matchAll(/data-i18n(?:="")?[^>]*>([^<]+)</g)) wanted.add(m[1].trim());
  for (const m of html.matchAll(/data-i18n-attr="placeholder"[^>]*placeholder="([^"]+)"/g)) wanted.add(m[1]);
  // Strings that go through tr() by variable: list them here. (Trail verbs, severities and
  // rounding names are the core's, with their English: vocabulary().)
  for (const w of ['输入 {n} 份', '自评表 {n} 张', '有错误的表 {n} 张', '方式', '字段', '原值', '新值', '问题代码', '理由', '时间']) wanted.add(w);
  assert.ok(wanted.size > 60, `${wanted.size} strings found`);
  const missing = [...wanted].filter((k) => !known.has(k));
  assert.deepEqual(missing, []);
});
