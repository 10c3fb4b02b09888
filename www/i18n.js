// @ts-check
// The interface in Chinese (the default) or English. The forms themselves, their fields and the
// core's findings stay Chinese: English mode adds each finding's English title.
//
// Strings are looked up by their Chinese text; `{name}` placeholders are filled from `params`.
// Static text in index.html carries `data-i18n` (its text) or `data-i18n-<attr>` (an attribute).

/** @type {Record<string, string>} */
const EN = {
  '绩效自评表检查': 'performance self-evaluation checker',
  '粘贴或拖入财政项目支出绩效自评表：逐项重算执行率、得分、总分和等级，标出每一处不一致。全部在本机浏览器中完成，数据不会上传，断网也能用。':
    'Paste or drop a 财政项目支出绩效自评表 (project expenditure performance self-evaluation form): every rate, score, total and grade is recomputed and every inconsistency flagged. Everything runs in this browser; nothing is uploaded, and it works offline.',
  '输入': 'Input',
  '粘贴自评表文本（从 PDF、Excel、Word 或网页复制均可；表格会按单元格读取）':
    'Paste the form (copied from a PDF, Excel, Word or a web page; tables are read cell by cell)',
  '在这里粘贴，或把 .xlsx .docx .pdf .csv .txt .html 文件拖到这里': 'Paste here, or drop .xlsx .docx .pdf .csv .txt .html or a downloaded .json here',
  '检查': 'Check',
  '载入示例': 'Load example',
  '选择文件…': 'Choose files…',
  '两位小数口径': 'Two-decimal rounding',
  '也可以把文件拖到这个框里（可多选）：Excel 工作簿 .xlsx（逐个工作表检查）、Word 文档 .docx、PDF（电子版，按表格线读取单元格）、CSV（含 GBK/GB18030 编码）、文本和网页表格；下载的 .json 可拖回来继续修改。':
    'You can also drop files here (several at once): Excel workbooks .xlsx (every sheet), Word .docx, PDF (born-digital; cells read from the table rulings), CSV (GBK/GB18030 too), text and web-page tables; drop a downloaded .json to continue where you left off.',
  '检查结果': 'Results',
  '显示': 'Show',
  '下载更正后的 JSON': 'Download corrected JSON',
  '复制 JSON': 'Copy JSON',
  '撤销': 'Undo',
  '重做': 'Redo',
  '打印': 'Print',
  '在本设备保存': 'Keep on this device',
  '清除本设备上的记录': 'Clear from this device',
  '下载离线单文件版': 'Download the offline single-file version',
  '（双击即可在浏览器中打开，无需网络）': ' (opens in a browser from disk, no network needed)',
  'English': '中文',
  '键盘：Tab 移到表格，方向键在单元格间移动，Enter 修改，Esc 取消；Ctrl+Z 撤销，Ctrl+Shift+Z 重做。':
    'Keyboard: Tab into a table, arrow keys move between cells, Enter edits, Esc cancels; Ctrl+Z undoes, Ctrl+Shift+Z redoes.',
  '在框中编辑全文（较慢）': 'Edit the whole text in the box (slow)',
  '清空输入框': 'Empty the box',
  // Dynamic text.
  '文本较大（{chars} 个字符，{lines} 行），框中只显示第 {a}–{b} 行的前 {n} 个字符、不能在框中修改；检查和保存用全文。粘贴（Ctrl+V）插入光标处，全选后粘贴替换全文。':
    'A large text ({chars} characters, {lines} lines): the box shows the first {n} characters of lines {a}–{b} only and cannot be edited there; the whole text is checked and kept. A paste (Ctrl+V) goes in at the caret; with everything selected it replaces the whole text.',
  '文本较大（{chars} 个字符，{lines} 行），框中只显示第 {a}–{b} 行、不能在框中修改；检查和保存用全文。粘贴（Ctrl+V）插入光标处，全选后粘贴替换全文。':
    'A large text ({chars} characters, {lines} lines): the box shows lines {a}–{b} only and cannot be edited there; the whole text is checked and kept. A paste (Ctrl+V) goes in at the caret; with everything selected it replaces the whole text.',
  '输入 {n} 份': '{n} input(s)',
  '自评表 {n} 张': '{n} form(s)',
  '有错误的表 {n} 张': '{n} with errors',
  '正在检查 {i}/{n}：{name}{size}…': 'Checking {i}/{n}: {name}{size}…',
  '正在检查 {i}/{n}：{name}，第 {page}/{pages} 页…': 'Checking {i}/{n}: {name}, page {page} of {pages}…',
  '正在检查 {i}/{n}：{name}，已检查 {forms} 张表…': 'Checking {i}/{n}: {name}, {forms} form(s) checked so far…',
  '有输入未能检查，原文保持不变：': 'Some inputs could not be checked; your input is unchanged:',
  '请先粘贴自评表，或选择文件。': 'Paste a form or choose a file first.',
  '没有识别出自评表。': 'No form recognised.',
  '（未找到{field}）': '(no {field} found)',
  '输入行': 'Input lines',
  '第 {a}–{b} 行': 'lines {a}–{b}',
  '第 {n} 行': 'line {n}',
  '定位单元格': 'Go to cell',
  '未发现问题': 'No problems found',
  '发现的问题（{n}）': 'Findings ({n})',
  '填报 {found} · 应为 {expected}': 'printed {found} · should be {expected}',
  '采纳 {value}': 'Accept {value}',
  '采纳建议：把 {field} 改为 {value}': 'Accept the suggestion: set {field} to {value}',
  '忽略…': 'Dismiss…',
  '忽略这条问题': 'Dismiss this finding',
  '忽略理由（可选）': 'Reason (optional)',
  '确定忽略': 'Dismiss',
  '取消': 'Cancel',
  '已忽略：{note}': 'dismissed: {note}',
  '已忽略（没有填写理由）': 'dismissed (no reason given)',
  '恢复': 'Restore',
  '恢复这条问题': 'Count this finding again',
  '已恢复：{code}。': 'Restored: {code}.',
  '修改记录（{n}）': 'Audit trail ({n})',
  '方式': 'How',
  '字段': 'Field',
  '原值': 'From',
  '新值': 'To',
  '理由': 'Reason',
  '时间': 'When',
  '，按 Enter 修改': ', press Enter to edit',
  '已把 {field} 从 {from} 改为 {to}。': 'Changed {field} from {from} to {to}.',
  '已采纳：{field} 改为 {to}。': 'Accepted: {field} set to {to}.',
  '已忽略：{code}。': 'Dismissed: {code}.',
  '已撤销。': 'Undone.',
  '这张表已被新的检查结果取代，操作没有执行。': 'Another check replaced that form meanwhile: the action was not applied.',
  '本设备上保存的记录无法显示，已清除。': 'The session kept on this device could not be shown and was cleared.',
  '已重做。': 'Redone.',
  '没有可撤销的操作。': 'Nothing to undo.',
  '没有可重做的操作。': 'Nothing to redo.',
  'JSON 已复制到剪贴板。': 'JSON copied to the clipboard.',
  '已保存在本设备（本浏览器的本地存储）。': 'Kept on this device (this browser\'s local storage).',
  '已从本设备清除。': 'Cleared from this device.',
  '本设备无法保存：{why}': 'Cannot keep on this device: {why}',
  '已恢复上次保存在本设备的记录。': 'Restored the session kept on this device.',
  '输入框的内容在检查后已改动，行号可能不再对应。': 'The input has changed since the check; line numbers may no longer match.',
  '项目资金': '项目资金 (funds)',
  '年度总体目标': '年度总体目标 (goals)',
  '绩效指标': '绩效指标 (indicators)',
  '总分与评分等级': '总分 and 评分等级 (total and grade)',
  '分值与得分（按一级指标）': 'Weights and scores by 一级指标',
  '总分分布与等级区间': 'Totals against the grade bands',
  '问题数（按代码）': 'Findings by code',
  '分值': 'weight',
  '得分': 'score',
  '默认': 'default',
  '{level}：分值 {weight}（{reference} {default}），得分 {score}': '{level}: weight {weight} ({reference} {default}), score {score}',
  '表头印明': 'printed',
  '{code}：{n} 条': '{code}: {n}',
  '概览': 'Overview',
  '，': ', ',
  '或': ' or ',
  '本表总分 {total}，等级 {grade}；{counts}。': 'This form: total {total}, grade {grade}; {counts}.',
  '已检查 {docs} 份输入，共 {forms} 张表：{counts}。': 'Checked {docs} input(s), {forms} form(s): {counts}.',
  '规则：执行率 = 全年执行数 ÷ 全年预算数；执行得分 = min(执行率, 100%) × 分值；总分 = 执行得分 + 各指标得分；{grades}。两位小数按本表口径（{roundings}）识别。':
    'Rules: rate = executed ÷ annual budget; execution score = min(rate, 100%) × weight; total = execution score + indicator scores; {grades}. Two-decimal rounding ({roundings}) is recognised per form.',
  '{grade} {n} 张': '{grade} {n}',
  '{n} 张表的总分：最低 {min}，中位 {median}，最高 {max}；{counts}。': 'Totals of {n} form(s): lowest {min}, median {median}, highest {max}; {counts}.',
  '（Enter 确认，Esc 取消）': ' (Enter to confirm, Esc to cancel)',
  '分值合计（核算）': 'weight total (recomputed)',
  '指标得分合计（核算）': 'indicator scores (recomputed)',
  '（填报）': ' (printed)',
  '（核算）': ' (recomputed)',
  '资金': 'Fund',
  '{rounding}（{source}）': '{rounding} ({source})',
  '行': 'Line',
  // The overview and the exports.
  '问题代码': 'Code',
  '下载问题清单（Excel）': 'Download findings (Excel)',
  '下载问题清单（CSV）': 'Download findings (CSV)',
  '导出更正后的表（Excel，全部）': 'Export corrected forms (Excel, all)',
  '自评表一览': 'All forms',
  '一览：点击列名排序，点击图中的等级区间或问题代码筛选；方向键在表间移动，Enter 打开，在表内按 Esc 回到一览。': 'The list: click a heading to sort, a grade band or a code in the pictures to filter; arrow keys move between forms, Enter opens one, Esc inside a form comes back to the list.',
  '文件': 'File',
  '序号': 'No.',
  '首个错误': 'First error',
  '显示 {n} / {m} 张表': 'Showing {n} of {m} forms',
  '全部': 'All',
  '搜索项目名称': 'Search project names',
  '问题': 'Findings',
  '有{severity}': 'With {severity}',
  '没有错误和警告': 'No errors or warnings',
  '显示全部': 'Show all',
  '总分分布与等级区间（点击等级区间筛选）': 'Totals over the grade bands (click a band to filter)',
  '问题数（按代码；点击筛选）': 'Findings by code (click to filter)',
  '只显示等级为{grade}的表': 'Show only forms graded {grade}',
  '总分 {a}–{b}：{n} 张（{grade}）': 'Total {a}–{b}: {n} form(s) ({grade})',
  '表太多，只打印已显示的表。': 'Too many forms: only those shown are printed.',
  '导出本表 Excel': 'Export this form (Excel)',
  '问题清单已下载。': 'Findings downloaded.',
  '已导出 Excel。': 'Excel workbook exported.',
};

let lang = 'zh';

/** The current interface language: `zh` or `en`. */
export function language() {
  return lang;
}

/**
 * Translates a Chinese interface string (unknown strings stay as they are).
 * @param {string} zh
 * @param {Record<string, string | number | null | undefined>} [params]
 */
export function tr(zh, params) {
  let s = lang === 'en' && Object.prototype.hasOwnProperty.call(EN, zh) ? EN[zh] : zh;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, /** @type {string} */ k) => (Object.prototype.hasOwnProperty.call(params, k) ? String(params[k]) : m));
  }
  return s;
}

/**
 * Switches the language and retranslates the static text under `root`.
 * @param {string} next
 * @param {Document | HTMLElement} root
 */
export function setLanguage(next, root) {
  lang = next === 'en' ? 'en' : 'zh';
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  for (const node of root.querySelectorAll('[data-i18n]')) {
    if (!(node instanceof HTMLElement)) continue;
    if (node.dataset.zh === undefined) node.dataset.zh = node.textContent;
    node.textContent = tr(node.dataset.zh);
  }
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    if (!(node instanceof HTMLElement)) continue;
    for (const attr of (node.dataset.i18nAttr || '').split(',')) {
      const key = `zh${attr.replace(/(^|-)(\w)/g, (m, d, c) => c.toUpperCase())}`;
      if (node.dataset[key] === undefined) node.dataset[key] = node.getAttribute(attr) || '';
      node.setAttribute(attr, tr(node.dataset[key]));
    }
  }
}
