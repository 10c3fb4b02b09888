// @ts-check
// Plain SVG pictures of what the core computed: nothing here computes a score. Every picture
// has a text equivalent (its accessible name, and visible labels that print in black and white);
// every mark carries its figures in data- attributes so tests can compare them with the JSON.
import { language, tr } from './i18n.js';
import { gradeBands, vocabulary } from './vocab.js';

/**
 * @typedef {import('../pkg/report').Report} Report
 * @typedef {import('../pkg/report').FormReport} FormReport
 * @typedef {import('../pkg/report').LevelSum} LevelSum
 */

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An SVG element; `text` becomes its text, never markup.
 * @param {string} tag
 * @param {Record<string, string | number | null | undefined>} [attrs]
 * @param {string | number} [text]
 */
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  if (text !== undefined) node.textContent = String(text);
  return node;
}

let uid = 0;

/**
 * An <svg role="img"> with a title (its accessible name is the full text equivalent).
 * @param {number} width @param {number} height @param {string} title @param {string} summary @param {string} cls
 * @param {'img' | 'group'} [role] `group` for a picture whose parts are buttons (the list's filters)
 */
function frame(width, height, title, summary, cls, role = 'img') {
  const id = `chart-${++uid}`;
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role, class: `chart ${cls}`,
    'aria-labelledby': `${id}-t ${id}-d`,
  });
  root.append(svg('title', { id: `${id}-t` }, title), svg('desc', { id: `${id}-d` }, summary));
  return root;
}

/** A figure for drawing (the core's decimal string as a number). @param {unknown} v */
const num = (v) => (v === null || v === undefined ? null : Number(v));
/** A figure for reading: the core's string as it is. @param {unknown} v */
const fmt = (v) => (v === null || v === undefined ? '—' : String(v));

/** Weights and scores by 一级指标 (and 预算执行率) beside the weight the level's header prints, or
 * else the default split. @param {FormReport} form */
export function levelChart(form) {
  const levels = form.recomputed.levels || [];
  if (!levels.length) return null;
  const rowH = 30;
  const left = 72;
  const barW = 150;
  const width = left + barW + 250;
  const height = levels.length * rowH + 26;
  /** The reference a level is drawn against: its printed weight, or the default. @param {LevelSum} l */
  const reference = (l) => (l.printed_weight === null || l.printed_weight === undefined
    ? { value: l.default_weight, word: tr('默认') } : { value: l.printed_weight, word: tr('表头印明') });
  const max = Math.max(60, ...levels.flatMap((l) => [num(l.weight) || 0, num(l.score) || 0, num(reference(l).value) || 0]));
  const x = (/** @type {number} */ v) => left + (v / max) * barW;
  const lines = levels.map((l) => tr('{level}：分值 {weight}（{reference} {default}），得分 {score}', {
    level: l.level, weight: fmt(l.weight), reference: reference(l).word, default: fmt(reference(l).value), score: fmt(l.score),
  }));
  const root = frame(width, height, tr('分值与得分（按一级指标）'), lines.join('；'), 'levels');
  levels.forEach((l, i) => {
    const y = 6 + i * rowH;
    const g = svg('g', {
      class: 'level', 'data-level': l.level, 'data-weight': fmt(l.weight), 'data-score': fmt(l.score),
      'data-default': fmt(l.default_weight), 'data-printed': fmt(l.printed_weight),
    });
    g.append(svg('text', { x: left - 6, y: y + 15, 'text-anchor': 'end', class: 'label' }, l.level));
    const weight = num(l.weight);
    const score = num(l.score);
    const byDefault = num(reference(l).value);
    if (weight !== null) {
      g.append(svg('rect', { x: left, y: y + 2, width: Math.max(0, x(weight) - left), height: 10, class: 'weight' }));
    }
    if (score !== null) {
      g.append(svg('rect', { x: left, y: y + 13, width: Math.max(0, x(score) - left), height: 10, class: 'score' }));
    }
    if (byDefault !== null) {
      const dx = x(byDefault);
      g.append(svg('line', { x1: dx, x2: dx, y1: y, y2: y + 25, class: 'default' }));
    }
    g.append(svg('text', { x: left + barW + 8, y: y + 15, class: 'value' },
      `${tr('得分')} ${fmt(l.score)} / ${tr('分值')} ${fmt(l.weight)}${num(reference(l).value) === null ? '' : ` · ${reference(l).word} ${fmt(reference(l).value)}`}`));
    root.append(g);
  });
  // The default split as the core gives it, level by level (50/30/10/10).
  const defaults = levels.filter((l) => l.default_weight !== null && l.default_weight !== undefined)
    .map((l) => fmt(l.default_weight)).join('/');
  const ly = height - 8;
  root.append(
    svg('rect', { x: left, y: ly - 8, width: 14, height: 8, class: 'weight' }),
    svg('text', { x: left + 18, y: ly, class: 'legend' }, tr('分值')),
    svg('rect', { x: left + 70, y: ly - 8, width: 14, height: 8, class: 'score' }),
    svg('text', { x: left + 88, y: ly, class: 'legend' }, tr('得分')),
    svg('line', { x1: left + 144, x2: left + 144, y1: ly - 10, y2: ly + 2, class: 'default' }),
    svg('text', { x: left + 150, y: ly, class: 'legend' }, `${tr('默认')} ${defaults}`),
  );
  return root;
}

/**
 * Each form's recomputed 总分 on a 0–100 line over the grade bands (the core's).
 * @param {FormReport[]} forms
 */
export function spreadChart(forms) {
  const scored = forms.filter((f) => f.recomputed.total !== null && f.recomputed.total !== undefined);
  if (!scored.length) return null;
  // Lowest, median and highest as the core wrote them (an even count: the two middle totals).
  const totals = scored.map((f) => String(f.recomputed.total)).sort((a, b) => Number(a) - Number(b));
  const mid = totals.length >> 1;
  const median = totals.length % 2 || totals[mid - 1] === totals[mid] ? totals[mid] : `${totals[mid - 1]}–${totals[mid]}`;
  const bands = gradeBands();
  const counts = vocabulary().grades
    .map((g) => tr('{grade} {n} 张', { grade: language() === 'en' ? `${g.grade} (${g.en})` : g.grade, n: scored.filter((f) => f.recomputed.grade === g.grade).length }))
    .join(tr('，'));
  const summary = tr('{n} 张表的总分：最低 {min}，中位 {median}，最高 {max}；{counts}。', {
    n: scored.length, min: totals[0], median, max: totals[totals.length - 1], counts,
  });
  const left = 10;
  const w = 500;
  const rows = Math.min(scored.length, 6);
  const height = 44 + rows * 12 + 20;
  const x = (/** @type {number} */ v) => left + (Math.max(0, Math.min(100, v)) / 100) * w;
  const root = frame(left * 2 + w, height, tr('总分分布与等级区间'), summary, 'spread', 'group');
  for (const [i, b] of bands.entries()) {
    root.append(
      svg('rect', {
        x: x(b.from), y: 18, width: x(b.to) - x(b.from), height: rows * 12 + 14, class: `band band-${i}`,
        'data-grade': b.grade, tabindex: 0, role: 'button', 'aria-label': tr('只显示等级为{grade}的表', { grade: b.grade }),
      }),
      svg('text', { x: (x(b.from) + x(b.to)) / 2, y: 13, 'text-anchor': 'middle', class: 'legend' }, b.grade),
    );
  }
  if (scored.length <= DOTS) {
    scored.forEach((f, i) => {
      const dot = svg('circle', {
        cx: x(Number(f.recomputed.total)), cy: 25 + (i % rows) * 12, r: 4.5, class: 'dot',
        'data-total': f.recomputed.total, 'data-grade': f.recomputed.grade,
      });
      dot.append(svg('title', {}, `${f.project || ''}：${f.recomputed.total}（${f.recomputed.grade}）`));
      root.append(dot);
    });
  } else {
    binnedDots(root, scored, x, rows);
  }
  const ticks = [...new Set([0, 20, 40, ...bands.map((b) => b.from), 100])].sort((a, b) => a - b);
  for (const t of ticks) {
    root.append(svg('text', { x: x(t), y: height - 4, 'text-anchor': 'middle', class: 'tick' }, t));
  }
  return root;
}

/** Above this many scored forms, one dot per whole point of 总分 instead of one per form. */
const DOTS = 300;

/**
 * One dot per whole point of 总分 (a band edge is a whole point, so a dot never straddles two
 * grades), its size and its title telling how many forms it stands for.
 * @param {SVGElement} root @param {FormReport[]} scored @param {(v: number) => number} x @param {number} rows
 */
function binnedDots(root, scored, x, rows) {
  /** @type {Map<number, FormReport[]>} */
  const bins = new Map();
  for (const f of scored) {
    const at = Math.floor(Number(f.recomputed.total));
    const bin = bins.get(at);
    if (bin) bin.push(f); else bins.set(at, [f]);
  }
  const most = Math.max(...[...bins.values()].map((b) => b.length));
  [...bins.entries()].sort((a, b) => a[0] - b[0]).forEach(([at, forms], i) => {
    const dot = svg('circle', {
      cx: x(at + 0.5), cy: 25 + (i % rows) * 12, r: 2.5 + 4 * Math.sqrt(forms.length / most), class: 'dot',
      'data-from': at, 'data-count': forms.length, 'data-grade': forms[0].recomputed.grade,
    });
    dot.append(svg('title', {}, tr('总分 {a}–{b}：{n} 张（{grade}）', { a: at, b: at + 1, n: forms.length, grade: forms[0].recomputed.grade })));
    root.append(dot);
  });
}

/** Findings that stand (not dismissed), counted by code, most frequent first. @param {{ forms: FormReport[], findings: import('../pkg/report').Finding[] }} report */
export function codeChart(report) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  const all = report.forms.flatMap((f) => f.findings).concat(report.findings);
  for (const f of all) if (!f.dismissed) counts.set(f.code, (counts.get(f.code) || 0) + 1);
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (!rows.length) return null;
  const rowH = 18;
  const left = 230;
  const w = 220;
  const max = Math.max(...rows.map((r) => r[1]));
  const summary = rows.map(([code, n]) => tr('{code}：{n} 条', { code, n })).join('；');
  const root = frame(left + w + 50, rows.length * rowH + 8, tr('问题数（按代码）'), summary, 'codes', 'group');
  rows.forEach(([code, n], i) => {
    const y = 4 + i * rowH;
    // (Its name is its words, the code and the count: a button that filters the list by them.)
    const g = svg('g', { class: 'code', 'data-code': code, 'data-count': n, tabindex: 0, role: 'button' });
    g.append(
      svg('text', { x: left - 6, y: y + 12, 'text-anchor': 'end', class: 'label' }, code),
      svg('rect', { x: left, y: y + 2, width: Math.max(2, (n / max) * w), height: 12, class: 'score' }),
      svg('text', { x: left + (n / max) * w + 6, y: y + 12, class: 'value' }, n),
    );
    root.append(g);
  });
  return root;
}
