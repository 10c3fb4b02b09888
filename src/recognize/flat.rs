//! Text with no line breaks: a form flattened to one line (as some viewers and web pages give
//! it) arrives as one row of hundreds of words. The template's labels are anchors: the words
//! are cut back into the rows the template prints (title, header facts, the fund header and
//! each fund row, the goals, the indicator header, each indicator row, 总分, 评分等级), and
//! the recogniser reads those as it reads any text split on single spaces.
//!
//! Indicator rows are cut where the row pattern is unambiguous: each ends in its 分值 and
//! 得分 (two plain numbers after a target and an actual that read as values); what follows up
//! to the next row's labels and name is its reason. A stretch of the table that fits no row is
//! handed back as [`Piece::Unread`], for the recogniser to say so.

use super::classify;
use crate::grid::{Cell, Row};
use crate::value::{self, IndicatorValue};
use crate::vocab::{band, is_level1, source, Source, FUND_BLOCKS, KNOWN_LABELS};
use std::borrow::Cow;

/// Words per row past which a row with the template's anchors is a flattened form.
pub(super) const FLAT_WORDS: usize = 40;

/// A row cut from a flattened form.
#[derive(Debug)]
pub enum Piece<'t> {
    Row(Row<'t>),
    /// Words of the indicator table that fit no indicator row.
    Unread(Row<'t>),
}

/// Whether a row is a whole form (or several) flattened to one line: its cells, or the words
/// of a row whose line ends became spaces inside its cells ([`words`]), or of the one cell a
/// row holds ([`lone`]), name two of the template's anchors.
pub fn is_flat(row: &Row) -> bool {
    if lone(row) {
        return words(row).is_some();
    }
    row.cells.len() >= FLAT_WORDS && (anchored(row) || spaced(row))
}

/// The words a flattened row is cut into ([`reflow`]), if it is one ([`is_flat`]): its words
/// apart by single spaces ([`Row::as_words`]), so that cells that run from one of its rows into
/// the next (`9.75 其中：当年财政拨款`) are cut apart.
pub fn words<'r, 't>(row: &'r Row<'t>) -> Option<Cow<'r, Row<'t>>> {
    if lone(row) {
        let words = row.as_words();
        return anchored(&words).then_some(words);
    }
    if row.cells.len() < FLAT_WORDS {
        return None;
    }
    (anchored(row) || spaced(row)).then(|| row.as_words())
}

/// Whether a row's only filled cell holds [`FLAT_WORDS`] words or more apart by spaces, of
/// which [`LONE_FIGURES`] are figures, and a total fund row ([`flat_words`]), its other cells
/// empty (none, or the empty cells a sheet's wider rows or a stray tab give): that cell is the
/// whole line, a form flattened on
/// single spaces as in a document without tabs, and is read as such a line is. A row already
/// cut on single spaces is its words.
pub fn lone(row: &Row) -> bool {
    if row.loose {
        return false;
    }
    let mut filled = row.filled();
    let Some(only) = filled.next() else {
        return false;
    };
    // Most rows' first cell is too short to be a flattened form; then a second cell is looked for.
    only.text.len() >= 2 * FLAT_WORDS - 1
        && filled.next().is_none()
        && room_for_words(&only.text)
        && flat_words(&only.text)
}

/// Whether `text` holds [`FLAT_WORDS`] words apart by ASCII white space (the spaces normalized
/// text holds), [`LONE_FIGURES`] of them figures, and the fund block's total row: a word naming
/// it (`年度资金总额`, `合计`, … [`source`]) with [`TOTAL_FIGURES`] figures among the
/// [`TOTAL_WORDS`] words after it. A row it passes is then cut into its words
/// ([`Row::as_words`]) as any flattened row is.
fn flat_words(text: &str) -> bool {
    let (mut words, mut figures, mut funds) = (0, 0, false);
    // Words and figures since the last word naming the total row.
    let mut total: Option<(usize, usize)> = None;
    for word in text.split_ascii_whitespace() {
        words += 1;
        let figure = figure_like(word);
        figures += usize::from(figure);
        total = match total {
            Some((w, f)) if w < TOTAL_WORDS => Some((w + 1, f + usize::from(figure))),
            _ => None,
        };
        funds |= total.is_some_and(|(_, f)| f >= TOTAL_FIGURES);
        if !figure && source(&value::key(word)) == Some(Source::Total) {
            total = Some((0, 0));
        }
    }
    words >= FLAT_WORDS && figures >= LONE_FIGURES && funds
}

/// Whether `text` has room for [`FLAT_WORDS`] words apart by ASCII white space ([`flat_words`]):
/// that many less one spaces, counted many bytes at a time.
fn room_for_words(text: &str) -> bool {
    // Counted in bytes, 255 at most each, so that the count is made many bytes at a time.
    let mut spaces = 0;
    for chunk in text.as_bytes().chunks(255) {
        let n = chunk.iter().fold(0u8, |n, &b| {
            n + u8::from(b == b' ' || b.wrapping_sub(b'\t') <= b'\r' - b'\t')
        });
        spaces += usize::from(n);
        if spaces >= FLAT_WORDS - 1 {
            return true;
        }
    }
    false
}

/// Figures a flattened form in one cell holds at least ([`lone`]): its fund row's and each
/// indicator's 分值 and 得分. The fixtures' forms hold 28 or more; a note of 40 to 75 words that
/// names the template's labels (the fixtures' `// variation:` lines, in one cell of a
/// tab-separated file) holds 7 at most.
const LONE_FIGURES: usize = 12;

/// A flattened form's total fund row: its budgets, execution, weight, rate and score, of which
/// at least three are figures within the six words after its label (`年度资金总额 18.00 18.00
/// 16.89 10.00 93.83 9.38`). A numbered note that gives the scores (`合计 100 分，其中 …`) has no
/// such row, and is no form.
const TOTAL_FIGURES: usize = 3;
const TOTAL_WORDS: usize = 6;

/// A word that is a figure: digits, with thousands commas, a decimal point or a percent sign.
fn figure_like(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'%'))
}

/// Whether the words of a row whose line ends became spaces name two anchors its cells do not
/// start with, in two cells or more (a note `说明： 项目名称 主管部门 …` in one cell of a wide
/// table is no form).
fn spaced(row: &Row) -> bool {
    if row.loose || !row.filled().any(|c| c.text.contains(char::is_whitespace)) {
        return false;
    }
    let naming = row
        .filled()
        .filter(|c| ANCHORS.iter().any(|a| value::holds(c.key(), a)))
        .take(2)
        .count();
    if naming < 2 {
        return false;
    }
    anchored(&row.as_words())
}

/// The labels that tell a flattened form: two of them.
const ANCHORS: [&str; 4] = ["项目名称", "一级指标", "总分", "主管部门"];

fn anchored(row: &Row) -> bool {
    let keys: Vec<&str> = row.filled().map(|c| c.key()).collect();
    let found = ANCHORS
        .iter()
        .filter(|a| {
            keys.iter().any(|k| k.starts_with(*a))
                || keys.windows(2).any(|w| joined_starts_with(w[0], w[1], a))
        })
        .count();
    found >= 2
}

/// Labels that only start a row of the template.
const ROW_HEADS: &[&str] = &[
    "项目名称",
    "年度总体目标",
    "一级指标",
    "产出指标",
    "效益指标",
    "满意度指标",
    "总分",
    "评分等级",
];

/// How many of a flattened row's words show it lost the line ends between its rows with nothing
/// in their place (tabs kept, line ends taken out, as some browsers' one-line fields make of a
/// pasted table): a word that ends in a label only a row starts with, right after what ends a
/// row's last cell and never a label's first part: a sentence's end, a figure or a dash
/// (`已完成。一级指标`, `调整完善。总分`, `-年度总体目标`), the title
/// (`财政项目支出绩效自评表(2023年度)项目名称`), or the indicator table's last heading
/// (`偏差原因分析产出指标`); not `自评总分`, `社会效益指标` or `（一）产出指标`. Such rows cannot
/// be told apart where no label stands between them, so what is read from them is not checked:
/// forms run together, or a 总分 taken for an indicator, would give false sums.
pub fn glued(words: &Row) -> usize {
    words
        .filled()
        .filter(|c| {
            let k = c.key();
            ROW_HEADS.iter().any(|h| {
                k.strip_suffix(h).is_some_and(|before| {
                    before
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_digit() || "。；;！!？?%-—".contains(c))
                        || classify::names_form(before)
                        || crate::vocab::heading(before) == Some(crate::vocab::Heading::Reason)
                })
            })
        })
        .count()
}

/// Whether a row of many cells, not read as a flattened form, lost its line ends as
/// [`glued`] tells, in two cells or more: so few of its rows' labels start a cell that it was
/// not cut into rows at all, and nothing read from it can be checked.
pub fn runs_together(row: &Row) -> bool {
    row.cells.len() >= FLAT_WORDS && !row.loose && glued(row) >= 2 && glued(&row.as_words()) >= 2
}

/// Whether `first` and `second` joined start with `a`, without joining them (a flattened row
/// may hold millions of words).
fn joined_starts_with(first: &str, second: &str, a: &str) -> bool {
    let (first, second, a) = (first.as_bytes(), second.as_bytes(), a.as_bytes());
    if first.len() >= a.len() {
        return first.starts_with(a);
    }
    a.starts_with(first) && second.starts_with(&a[first.len()..])
}

/// Where the cutting is: which rows the words belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum At {
    Header,
    Funds,
    Goals,
    Table,
    Tail,
}

/// What a word starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    /// A year on its own before the title (`2022年度`).
    Year,
    Title,
    Fact,
    FundsHeader,
    Fund,
    Goals,
    TableHeader,
    Total,
    Grade,
    /// Another region's row that is no part of the template (`自评得分`, `项目基本情况`,
    /// `评价结论`, `填表人`): a row of its own, so that no value runs into it.
    Other,
}

/// Words that start rows of other regions' forms, read or left unplaced.
const OTHER_ROWS: &[&str] = &[
    "自评得分",
    "财政审核",
    "项目基本情况",
    "报表编号",
    "填报单位",
    "填报日期",
    "评价结论",
    "存在问题",
    "改进措施",
    "填表人",
    "项目负责人",
    "财务负责人",
    "单位负责人",
    "联系电话",
    "注：",
    "注:",
];

/// The anchor word `i` is (looking one word ahead for labels cut by a space: `一级 指标`).
fn anchor(keys: &[&str], i: usize, at: At) -> Option<Anchor> {
    let k = keys[i];
    // A label cut by spaces (`一级 指标`, `年度 总体 目标`): the word and up to two more.
    let joined: String = keys[i..keys.len().min(i + 3)].concat();
    let starts =
        |label: &str| k.starts_with(label) || label.starts_with(k) && joined.starts_with(label);
    let short = |s: &str, n: usize| s.chars().count() <= n;
    if classify::names_form(k) && short(k, 40) {
        return Some(Anchor::Title);
    }
    // The year alone before the title: at the start, or (a volume flattened) after the form
    // before's last rows, where only the title after it tells it from their words.
    let title_next = || {
        keys[i + 1..keys.len().min(i + 3)]
            .iter()
            .any(|k| classify::names_form(k))
    };
    if (at == At::Header || at == At::Tail && title_next())
        && short(k, 10)
        && classify::year(k).is_some()
    {
        let digits = k.chars().filter(char::is_ascii_digit).count();
        if digits == 4
            && k.trim_matches(['(', ')', '（', '）'])
                .ends_with(['年', '度'])
        {
            return Some(Anchor::Year);
        }
    }
    if matches!(at, At::Header | At::Tail) && OTHER_ROWS.iter().any(|w| k.starts_with(w)) {
        return Some(Anchor::Other);
    }
    if starts("项目名称") || (starts("主管部门") || starts("主管单位")) && at <= At::Header
    {
        return Some(Anchor::Fact);
    }
    if at <= At::Funds && short(k, 12) && FUND_BLOCKS.iter().any(|b| k.starts_with(b)) {
        return Some(Anchor::FundsHeader);
    }
    if at == At::Funds && source(k).is_some() {
        return Some(Anchor::Fund);
    }
    if at <= At::Goals && (starts("年度总体目标") || starts("年初设定目标")) {
        return Some(Anchor::Goals);
    }
    if at <= At::Goals && (starts("一级指标") || k == "绩效指标") {
        return Some(Anchor::TableHeader);
    }
    if at >= At::Table && super::totals::is_total_label(k) {
        return Some(Anchor::Total);
    }
    if at >= At::Table
        && ["评分等级", "评价等级", "自评等级"]
            .iter()
            .any(|g| k.starts_with(g))
    {
        return Some(Anchor::Grade);
    }
    None
}

/// Cuts a flattened row back into the template's rows.
#[inline(never)]
pub fn reflow<'t>(row: &Row<'t>) -> Vec<Piece<'t>> {
    let words = row.filled_list();
    let keys: Vec<&str> = words.iter().map(|c| c.key()).collect();
    let mut cuts: Vec<(usize, Option<Anchor>)> = vec![(0, None)];
    let mut at = At::Header;
    let mut i = 0;
    while i < words.len() {
        if let Some(a) = anchor(&keys, i, at) {
            // `其中：` before a fund label belongs to it.
            let start = if a == Anchor::Fund && i > 0 && keys[i - 1].starts_with("其中") {
                i - 1
            } else {
                i
            };
            if cuts.last().is_some_and(|(s, _)| *s < start) || start == 0 {
                cuts.retain(|(s, _)| *s < start);
                cuts.push((start, Some(a)));
            }
            at = match a {
                Anchor::Year | Anchor::Other => at,
                Anchor::Title | Anchor::Fact => At::Header,
                Anchor::FundsHeader | Anchor::Fund => At::Funds,
                Anchor::Goals => At::Goals,
                Anchor::TableHeader => At::Table,
                Anchor::Total | Anchor::Grade => At::Tail,
            };
            if a == Anchor::Title && i > 0 {
                at = At::Header;
            }
        }
        i += 1;
    }
    let mut out = Vec::new();
    for (n, (start, anchor)) in cuts.iter().enumerate() {
        let end = cuts.get(n + 1).map_or(words.len(), |(s, _)| *s);
        let span = &words[*start..end];
        match anchor {
            Some(Anchor::Title) => title(row, span, &mut out),
            Some(Anchor::Goals) => goals(row, span, &mut out),
            Some(Anchor::TableHeader) => table(row, span, &mut out),
            Some(Anchor::Total) => total(row, span, &mut out),
            _ => out.push(Piece::Row(make(row, span))),
        }
    }
    out
}

/// A row of words, numbered from 0 as single-space text is.
fn make<'t>(row: &Row<'t>, words: &[&Cell<'t>]) -> Row<'t> {
    Row {
        line: row.line,
        span: 1,
        cells: words.iter().enumerate().map(|(i, c)| c.at(i)).collect(),
        loose: true,
    }
}

/// The title, with the year after it (`(2023 年度)`); what follows before the next anchor (a
/// project name printed above its label) is a row of its own.
fn title<'t>(row: &Row<'t>, words: &[&Cell<'t>], out: &mut Vec<Piece<'t>>) {
    let year = (1..=3.min(words.len() - 1))
        .rev()
        .find(|&n| {
            let k: String = words[1..=n].iter().map(|c| c.key()).collect();
            k.chars().count() <= 12 && k.contains('年') && k.chars().any(|c| c.is_ascii_digit())
        })
        .unwrap_or(0);
    out.push(Piece::Row(make(row, &words[..=year])));
    if year + 1 < words.len() {
        out.push(Piece::Row(make(row, &words[year + 1..])));
    }
}

/// `年度总体目标 预期目标 实际完成情况` then the goals' text.
fn goals<'t>(row: &Row<'t>, words: &[&Cell<'t>], out: &mut Vec<Piece<'t>>) {
    let mut seen = String::new();
    let labels = words
        .iter()
        .take_while(|c| {
            seen.push_str(c.key());
            ["年度总体目标", "预期目标", "实际完成情况"]
                .iter()
                .any(|l| l.starts_with(seen.as_str()) || seen.starts_with(l))
                && seen.chars().count() <= 18
        })
        .count()
        .max(1);
    out.push(Piece::Row(make(row, &words[..labels])));
    if labels < words.len() {
        out.push(Piece::Row(make(row, &words[labels..])));
    }
}

/// A 总分 row: `总分 100 96.97`, and whatever follows it.
fn total<'t>(row: &Row<'t>, words: &[&Cell<'t>], out: &mut Vec<Piece<'t>>) {
    let figures = words[1..]
        .iter()
        .take_while(|c| value::plain_number(&c.text).is_some())
        .count();
    out.push(Piece::Row(make(row, &words[..1 + figures])));
    if 1 + figures < words.len() {
        out.push(Piece::Row(make(row, &words[1 + figures..])));
    }
}

/// Whether a word can be a 年度指标值 or 实际完成值.
fn value_like(c: &Cell) -> bool {
    let v = IndicatorValue::parse(&c.text);
    v.number.is_some() || v.comparator.is_some() || band(&c.text).is_some() || {
        let n = c.key().chars().count();
        (1..=12).contains(&n) && !is_label(c.key())
    }
}

fn is_label(k: &str) -> bool {
    let k = super::levels::weighted(k).0;
    super::levels::is_label(k) || is_level1(k)
}

/// The indicator table: its header, then rows cut at each 分值/得分 pair.
fn table<'t>(row: &Row<'t>, words: &[&Cell<'t>], out: &mut Vec<Piece<'t>>) {
    // The header runs to the first label of a row.
    let header = words
        .iter()
        .position(|c| {
            let k = c.key();
            is_label(k)
                && !["一级", "二级", "三级"].iter().any(|p| k.starts_with(p))
                && !["指标", "绩效指标"].contains(&k)
        })
        .unwrap_or(words.len());
    out.push(Piece::Row(make(row, &words[..header])));
    let body = &words[header..];
    let plain: Vec<bool> = body
        .iter()
        .map(|c| value::plain_number(&c.text).is_some())
        .collect();
    // Each pair: the 分值 index. A run of numbers holds at most an actual, the pair, and a
    // bare 总分 pair (`4.00 4.00 100 96.97`).
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if !plain[i] {
            i += 1;
            continue;
        }
        let run = (i..body.len()).take_while(|&j| plain[j]).count();
        let first = match run {
            2 => Some(i),
            3 => Some(i + 1),
            4 => Some(i),
            5 => Some(i + 1),
            _ => None,
        };
        if let Some(w) = first {
            pairs.push(w);
        }
        i += run;
    }
    let mut starts = Vec::new();
    for &w in &pairs {
        starts.push(row_start(body, w));
    }
    let mut prev_end = 0;
    for (n, &w) in pairs.iter().enumerate() {
        let Some(start) = starts[n].filter(|&s| s >= prev_end) else {
            continue;
        };
        if start > prev_end {
            // Words between rows: the previous row's reason, or words that fit no row.
            if n == 0 || out.is_empty() {
                out.push(Piece::Unread(make(row, &body[prev_end..start])));
            } else if let Some(Piece::Row(last)) = out.last_mut() {
                let at = last.cells.len();
                for (k, c) in body[prev_end..start].iter().enumerate() {
                    last.cells.push(c.at(at + k));
                }
            }
        }
        out.push(Piece::Row(make(row, &body[start..w + 2])));
        prev_end = w + 2;
    }
    if prev_end < body.len() {
        let rest = &body[prev_end..];
        // A bare 总分 pair closes the table.
        if rest.len() == 2 && rest.iter().all(|c| value::plain_number(&c.text).is_some()) {
            out.push(Piece::Row(make(row, rest)));
        } else if let Some(Piece::Row(last)) = out.last_mut().filter(|_| prev_end > 0) {
            let at = last.cells.len();
            for (k, c) in rest.iter().enumerate() {
                last.cells.push(c.at(at + k));
            }
        } else {
            out.push(Piece::Unread(make(row, rest)));
        }
    }
}

/// Where the row whose 分值 is word `w` starts: back over its actual, target and name, then
/// any labels before it (`产出指标 数量指标`, or a label cut by spaces: `可持续影 响指 标`).
/// `None` when the words before the pair do not read as target and actual.
fn row_start(body: &[&Cell], w: usize) -> Option<usize> {
    // A result phrase cut by spaces (`部分达成指 标并具有一 定效果`) is one actual.
    let actual = (2..=4.min(w))
        .rev()
        .find(|&n| {
            let k: String = body[w - n..w].iter().map(|c| c.key()).collect();
            band(&k).is_some() && k.chars().count() <= 20
        })
        .unwrap_or(1);
    if w < actual + 2 || !value_like(body[w - 1]) || !value_like(body[w - actual - 1]) {
        return None;
    }
    let mut start = w - actual - 2;
    'labels: while start > 0 {
        for k in (1..=3.min(start)).rev() {
            let joined: String = body[start - k..start].iter().map(|c| c.key()).collect();
            // Pieces join only into a label of the vocabulary.
            let label = if k == 1 {
                is_label(&joined)
            } else {
                KNOWN_LABELS.contains(&joined.as_str())
            };
            if label {
                start -= k;
                continue 'labels;
            }
        }
        break;
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{rows_with, Layout};

    #[test]
    fn rows_that_ran_together_are_told_by_a_label_ending_a_cell() {
        fn row(text: &str) -> Row<'_> {
            rows_with(text, Layout::Tabs).remove(0)
        }
        // The goals' last words and the indicator table's header, no line end between.
        assert_eq!(glued(&row("已完成。一级指标\t二级指标")), 1);
        assert_eq!(glued(&row("甲\t调整完善。总分\t\t100")), 1);
        assert_eq!(glued(&row("甲\t99.75评分等级\t优")), 1);
        assert_eq!(glued(&row("财政项目支出绩效自评价项目名称\t甲")), 1);
        assert_eq!(glued(&row("得分\t偏差原因分析产出指标\t数量指标")), 1);
        // A label alone, one a cell's text goes on after, or one that ends a longer label, is
        // no sign.
        assert_eq!(glued(&row("一级指标\t总分\t项目名称")), 0);
        assert_eq!(glued(&row("一级指标完成情况\t总分值")), 0);
        assert_eq!(glued(&row("自评总分\t社会效益指标\t服务对象满意度指标")), 0);
        assert_eq!(glued(&row("（一）产出指标\t(2023年度)项目名称")), 0);
        // Many cells, too few of them starting a row's label to read as a flattened form: two
        // that ran together tell it; one does not.
        let many = format!(
            "财政项目支出绩效自评表(2023年度)项目名称\t甲\t已完成。一级指标{}",
            "\t1".repeat(FLAT_WORDS)
        );
        assert!(!is_flat(&row(&many)) && runs_together(&row(&many)));
        let once = format!("已完成。一级指标\t甲{}", "\t1".repeat(FLAT_WORDS));
        assert!(!runs_together(&row(&once)));
        // Anchors named inside one cell's words: a note, not a flattened form.
        let note = format!("说明： 项目名称 主管部门\t甲{}", "\t1".repeat(FLAT_WORDS));
        assert!(!is_flat(&row(&note)));
        let two = format!("甲 项目名称\t乙 主管部门{}", "\t1".repeat(FLAT_WORDS));
        assert!(is_flat(&row(&two)) && words(&row(&two)).is_some());
        // Line ends that became spaces: the words are cut apart, nothing ran together.
        let spaced = format!("(2023年度) 项目名称\t甲{}", "\t1".repeat(FLAT_WORDS));
        assert!(!runs_together(&row(&spaced)));
    }

    fn texts(pieces: &[Piece]) -> Vec<String> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Row(r) => r.text().replace('\t', " "),
                Piece::Unread(r) => format!("?? {}", r.text().replace('\t', " ")),
            })
            .collect()
    }

    #[test]
    fn two_words_start_an_anchor_as_their_join_does() {
        let words = [
            "",
            "项",
            "项目",
            "项目名",
            "项目名称",
            "项目名称：",
            "名称",
            "称",
            "目名称",
            "一级",
            "a",
        ];
        for a in ["项目名称", "一级指标", "总分"] {
            for first in words {
                for second in words {
                    let joined = format!("{first}{second}").starts_with(a);
                    assert_eq!(
                        joined_starts_with(first, second, a),
                        joined,
                        "{first}|{second}|{a}"
                    );
                }
            }
        }
        assert!(joined_starts_with("项目", "名称", "项目名称"));
        assert!(!joined_starts_with("项", "名称", "项目名称"));
    }

    #[test]
    fn a_flattened_form_is_cut_into_its_rows() {
        let text = "财政项目支出绩效自评表 (2023 年度) 项目名称 示例项目 主管部门 甲局 实施单位 乙中心 \
            项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分 \
            年度资金总额 100.00 100.00 97.50 10.00 97.50 9.75 其中: 当年财政拨款 100.00 100.00 97.50 - 97.50 - \
            上年结转资金 0.00 0.00 0.00 - 0.00 - 其他资金 0.00 0.00 0.00 - 0.00 - \
            年度总体目标 预期目标 实际完成情况 完成培训。 已完成。 \
            一级 指标 二级 指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 \
            产出指标 数量指标 培训场次 ≥4(场) 4(场) 30 30 质量指标 合格率 ≥90(%) 85(%) 20 18 略有不足 \
            效益指标 社会效益指标 覆盖人数 ≥100(人) 120(人) 30 30 \
            满意度指标 服务对象满意度指标 满意度 ≥90(%) 92(%) 10 10 100 97.75 评分等级 优";
        let row = &rows_with(text, Layout::SingleSpaces)[0];
        assert!(is_flat(row));
        let got = texts(&reflow(row));
        let want = [
            "财政项目支出绩效自评表 (2023 年度)",
            "项目名称 示例项目",
            "主管部门 甲局 实施单位 乙中心",
            "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
            "年度资金总额 100.00 100.00 97.50 10.00 97.50 9.75",
            "其中: 当年财政拨款 100.00 100.00 97.50 - 97.50 -",
            "上年结转资金 0.00 0.00 0.00 - 0.00 -",
            "其他资金 0.00 0.00 0.00 - 0.00 -",
            "年度总体目标 预期目标 实际完成情况",
            "完成培训。 已完成。",
            "一级 指标 二级 指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
            "产出指标 数量指标 培训场次 ≥4(场) 4(场) 30 30",
            "质量指标 合格率 ≥90(%) 85(%) 20 18 略有不足",
            "效益指标 社会效益指标 覆盖人数 ≥100(人) 120(人) 30 30",
            "满意度指标 服务对象满意度指标 满意度 ≥90(%) 92(%) 10 10",
            "100 97.75",
            "评分等级 优",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn ordinary_rows_are_not_flat() {
        let row = &rows_with("项目名称 示例项目 主管部门 甲局", Layout::SingleSpaces)[0];
        assert!(!is_flat(row));
    }
}
