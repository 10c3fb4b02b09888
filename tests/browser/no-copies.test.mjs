// The page keeps no second copy of what the core knows: field and column names, severity
// words, rounding names, trail verbs, grade bands, the field-path grammar, an HTML table reader,
// a text decoder, the pasted text's name. They come from the core (vocabulary(), tablesText(),
// decodeBytes(), checkBytes()). Also: no page script over about 350 lines, each type-checked.
// (No browser.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './harness.mjs';

const files = [
  'index.html', 'www/style.css',
  ...readdirSync(join(root, 'www')).filter((f) => f.endsWith('.js')).map((f) => `www/${f}`),
];
const read = (p) => readFileSync(join(root, p), 'utf8');

const COPIES = [
  ['field and column names', /['"`](年度资金总额|(其中：)?当年财政拨款|上年结转资金|其他资金|年初预算数|全年预算数|全年执行数|一级指标|二级指标|三级指标|年度指标值|实际完成值|偏差原因(分析)?|项目名称|主管部门|实施单位|年度|金额单位|预期目标|实际完成情况|总分|评分等级)(（填报）)?['"`]/],
  ['severity words', /['"`](错误|警告|提示|Error|Warning|Note|Errors|Warnings|Notes)['"`]/],
  ['rounding names', /截位|四舍五入|自动识别|half[-_]up|Truncate/],
  ['trail verbs', /自动更正|已更正|['"`](采纳|修改|忽略|已采纳|已修改|已忽略|已恢复)['"`]/],
  ['grade bands', /[优良中差] ?[≥>]|['"`][优良中差]['"`]|band-(60|80|90)/],
  ['the field-path grammar', /['"`](funds\.|indicators\[)|indicators\[\$\{|\\\.\(?(reason|name|target|actual)|\^\(?project/],
  ['an HTML table reader', /DOMParser|rowSpan|colSpan|\browspan\b|\bcolspan\b|tBodies|tablesToTsv/],
  ['a text decoder', /TextDecoder|function decodeText/],
  ['the pasted text\'s name', /粘贴的文本/],
];

test('the page holds no copy of the core\'s words, paths, HTML reading or text decoding', () => {
  const found = [];
  for (const file of files) {
    read(file).split('\n').forEach((line, i) => {
      for (const [what, re] of COPIES) if (re.test(line)) found.push(`${file}:${i + 1} ${what}: ${line.trim().slice(0, 100)}`);
    });
  }
  assert.deepEqual(found, []);
});

test('every page script is type-checked and at most about 350 lines', () => {
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const text = read(file);
    assert.match(text, /^\/\/ @ts-check$/m, `${file} has // @ts-check`);
    assert.ok(text.split('\n').length <= 360, `${file}: ${text.split('\n').length} lines`);
  }
});

test('user text enters the DOM only as text', () => {
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    assert.doesNotMatch(read(file), /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, file);
  }
});
