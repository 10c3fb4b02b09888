//! 绩效指标: the header, then one row per indicator under its 一级 and 二级 labels, with the
//! pieces line and page breaks cut off.

use super::columns::Columns;
use super::levels::{
    apply_labels, apply_levels, is_label, is_label_fragment, label_like, weighted, Levels,
};
use super::{join_into, Builder, Section};
use crate::findings::{Code, Finding};
use crate::grid::{Cell, Row};
use crate::model::{Block, Field, Indicator, IndicatorCol};
use crate::value::{self, clean_text, paragraphs, IndicatorValue};
use crate::vocab::{band, is_level1, Heading, KNOWN_LABELS};
use rust_decimal::Decimal;

/// What the table's header and rows so far said.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The header's columns.
    pub(super) columns: Option<Columns>,
    /// Whether the columns are in the national template's order ([`template_order`]), told
    /// once for the header (and again when a second header row extends it), not on every row.
    template: bool,
    /// The column of 年度指标值.
    pub(super) target_col: Option<usize>,
    /// Line of each indicator's reason, to move a reason printed on a neighbouring row.
    pub(super) reason_lines: Vec<Option<usize>>,
}

pub(super) fn header(b: &mut Builder, row: &Row) -> bool {
    b.section = Section::Indicators;
    if b.census {
        // A census reader skims from here on: no indicator is read, so no column is needed.
        b.open_header = Some(Block::Indicators);
        return true;
    }
    b.indicators.target_col = row
        .filled()
        .find(|c| c.key().contains("指标值"))
        .map(|c| c.col);
    let cols = Columns::of(row);
    b.indicators.template = template_order(&cols);
    b.indicators.columns = Some(cols);
    b.open_header = Some(Block::Indicators);
    true
}

/// A second header row (`一级指标 二级指标 三级指标` under `绩效指标`).
pub(super) fn extend_header(b: &mut Builder, row: &Row) -> bool {
    let Some(cols) = b.indicators.columns.as_mut() else {
        return false;
    };
    if !cols.extend(row) {
        return false;
    }
    b.indicators.template = template_order(cols);
    if b.indicators.target_col.is_none() {
        b.indicators.target_col = cols.col(Heading::Target);
    }
    true
}

/// A row with its 分值 and 得分 (or, where `lone` is allowed, a 分值 with the 得分 left
/// empty).
pub(super) fn scored(filled: &[&Cell], lone: bool) -> bool {
    score_pair(filled).is_some() || lone && lone_weight(filled).is_some()
}

/// Which cells of a row hold what.
#[derive(Default)]
struct Reading<'a> {
    /// Labels whose level the header gave: (一级, 二级).
    levels: Levels,
    /// Labels found by their look (the level told by the words).
    labels: Vec<String>,
    name: Vec<&'a Cell<'a>>,
    comparator: Option<&'a Cell<'a>>,
    target: Option<&'a Cell<'a>>,
    unit: Option<&'a Cell<'a>>,
    actual: Option<&'a Cell<'a>>,
    /// A result phrase rejoined from single-space pieces.
    joined_actual: Option<String>,
    weight: Option<&'a Cell<'a>>,
    score: Option<&'a Cell<'a>>,
    reason: Vec<&'a Cell<'a>>,
    /// A best guess for a block already said to be uncertain: its figures raise nothing.
    quiet: bool,
}

impl Reading<'_> {
    /// The 分值 and 得分 cells as (column, text), to compare two readings.
    fn figures(&self) -> [Option<usize>; 2] {
        [self.weight.map(|c| c.col), self.score.map(|c| c.col)]
    }
}

/// A 绩效指标 row, read by its header's columns where the header is known (by position, or
/// in the header's order where cells shifted), else as the template prints it: 分值 and 得分
/// the rightmost pair of numbers, the reason after them, labels, name, target and actual
/// before.
pub(super) fn read(b: &mut Builder, row: &Row, filled: &[&Cell]) -> bool {
    let Some(reading) = choose(b, row, filled) else {
        return false;
    };
    push(b, row, reading);
    true
}

/// The reading of a row, and whether the block is still certain.
fn choose<'a>(b: &mut Builder, row: &'a Row<'a>, filled: &[&'a Cell<'a>]) -> Option<Reading<'a>> {
    let (reading, doubt) = by_header(b, row, filled)?;
    if let Some((why, unchecked)) = doubt {
        b.uncertain(Block::Indicators, row.line, &why, unchecked);
    }
    Some(reading)
}

/// Why the reader is not sure of a row, and whether its figures go unchecked.
type Doubt = Option<(String, bool)>;

/// A row read by the header's columns (see [`read`]).
fn by_header<'a>(
    b: &Builder,
    row: &'a Row<'a>,
    filled: &[&'a Cell<'a>],
) -> Option<(Reading<'a>, Doubt)> {
    let Some(cols) = b.indicators.columns.as_ref() else {
        let why = "未找到表头（一级指标、三级指标、分值、得分……），按全国模板的列序读取";
        return Some((
            by_shape(b, row, filled, false)?,
            Some((why.to_owned(), false)),
        ));
    };
    if b.indicators.template {
        return Some((by_shape(b, row, filled, cols.has(Heading::Reason))?, None));
    }
    match (by_position(cols, row), by_order(cols, row, filled)) {
        (Some(p), Some(o)) if p.figures() != o.figures() => {
            Some((p, Some((disagree(row.line), true))))
        }
        (Some(p), _) => Some((p, None)),
        (None, Some(o)) => Some((o, None)),
        (None, None) => {
            let mut shaped = by_shape(b, row, filled, cols.has(Heading::Reason))?;
            shaped.quiet = true;
            Some((shaped, Some((disagree(row.line), true))))
        }
    }
}

fn disagree(line: usize) -> String {
    format!("第 {line} 行的单元格与表头的列对不上")
}

/// The national template's order: 年度指标值, 实际完成值, 分值, 得分 and at most a reason
/// after them, the comparator and unit inside the values. Told once a header (two callers,
/// neither hot: not inlined in either, which keeps the page's module as small as before).
#[inline(never)]
fn template_order(cols: &Columns) -> bool {
    use Heading::*;
    let order: Vec<Heading> = cols
        .order()
        .into_iter()
        .filter(|h| {
            matches!(
                h,
                Comparator | Target | Unit | Actual | Weight | Method | Score | Reason
            )
        })
        .collect();
    let rank = |h: Heading| order.iter().position(|x| *x == h);
    let after_score: Vec<Heading> = match rank(Score) {
        Some(s) => order[s + 1..].to_vec(),
        None => return true,
    };
    let between = match (cols.col(Weight), cols.col(Score)) {
        (Some(w), Some(s)) => cols.unnamed_between(w, s),
        _ => false,
    };
    !between
        && !cols.has(Method)
        && !cols.has(Comparator)
        && !cols.has(Unit)
        && rank(Weight).is_none_or(|w| rank(Score) == Some(w + 1))
        && rank(Target) <= rank(Actual)
        && rank(Actual) < rank(Weight).or(rank(Score))
        && after_score.iter().all(|h| *h == Reason)
}

/// The template's reading by the row's shape (see [`read`]).
fn by_shape<'a>(
    b: &Builder,
    row: &'a Row<'a>,
    filled: &[&'a Cell<'a>],
    reason_col: bool,
) -> Option<Reading<'a>> {
    let at = Scores::find(filled, reason_col)?;
    let cols = b.indicators.columns.as_ref();
    // Only where the figures sit under their headings are the other cells in place too.
    let in_place = cols.filter(|c| c.col(Heading::Weight) == Some(filled[at.weight].col));
    let (levels, texts) =
        match in_place.and_then(|c| levels_by_column(c, row, &filled[..at.weight])) {
            Some((levels, rest)) => (
                levels,
                Texts {
                    labels: Vec::new(),
                    rest,
                    joined_actual: None,
                },
            ),
            None => ((None, None), split_texts(row, &filled[..at.weight])),
        };
    let mut r = Reading {
        levels,
        labels: texts.labels,
        joined_actual: texts.joined_actual,
        weight: Some(filled[at.weight]),
        score: at.score.map(|s| filled[s]),
        reason: filled[at.last() + 1..].to_vec(),
        ..Reading::default()
    };
    let rest = texts.rest;
    match rest.len() {
        0 => {}
        1 => r.name = rest,
        2 => {
            r.name = vec![rest[0]];
            let is_actual = band(&clean_text(&rest[1].text)).is_some()
                || b.indicators.target_col.is_some_and(|t| rest[1].col > t);
            if is_actual {
                r.actual = Some(rest[1]);
            } else {
                r.target = Some(rest[1]);
            }
        }
        n => {
            r.name = rest[..n - 2].to_vec();
            r.target = Some(rest[n - 2]);
            r.actual = Some(rest[n - 1]);
        }
    }
    Some(r)
}

/// Where the row keeps its columns (every filled cell under a heading) and the header names
/// the 一级, 二级 and 三级 columns: the labels are what those columns hold (`成本指标` in the
/// 二级 column is a 二级 label; `产出` in the 一级 column a 一级 one), and the rest starts
/// at the name.
fn levels_by_column<'a>(
    cols: &Columns,
    row: &Row,
    before: &[&'a Cell<'a>],
) -> Option<(Levels, Vec<&'a Cell<'a>>)> {
    let (l1, l2, name) = (
        cols.col(Heading::Level1)?,
        cols.col(Heading::Level2)?,
        cols.col(Heading::Name)?,
    );
    let aligned = row
        .filled()
        .all(|c| cols.at.iter().any(|(_, col)| *col == c.col));
    if !(aligned && l1 < l2 && l2 < name) {
        return None;
    }
    let text = |col: usize| {
        before
            .iter()
            .find(|c| c.col == col)
            .map(|c| c.key().to_owned())
            .filter(|k| !placeholder(k) && k != "绩效指标")
    };
    // The labels must read as labels, and the name must be in its column.
    let labels_read = [l1, l2]
        .iter()
        .all(|&c| text(c).is_none_or(|k| label_like(&k)));
    if !labels_read || text(name).is_none() {
        return None;
    }
    let rest = before.iter().copied().filter(|c| c.col >= name).collect();
    // A known 二级 label in the 一级 column (its 一级 printed further down) is a 二级 one.
    let levels = match (text(l1), text(l2)) {
        (Some(one), None) if KNOWN_LABELS.contains(&one.as_str()) && !is_level1(&one) => {
            (None, Some(one))
        }
        levels => levels,
    };
    Some((levels, rest))
}

/// Whether a cell can be a 分值 or 得分.
fn figure_like(c: &Cell) -> bool {
    value::plain_number(&c.text).is_some() || score_like(&c.text)
}

/// Each cell under the heading of its column (Excel rows, text that kept its empty cells).
/// `None` when a filled cell sits under no heading or the figures' cells hold no figures.
fn by_position<'a>(cols: &Columns, row: &'a Row<'a>) -> Option<Reading<'a>> {
    if row
        .filled()
        .any(|c| !cols.at.iter().any(|(_, col)| *col == c.col))
    {
        return None;
    }
    let cell = |h: Heading| {
        cols.col(h)
            .and_then(|c| row.cells.get(c))
            .filter(|c| !c.text.is_empty())
    };
    let weight = cell(Heading::Weight).filter(|c| figure_like(c))?;
    let score = cell(Heading::Score);
    let name = cell(Heading::Name).filter(|c| value::plain_number(&c.text).is_none())?;
    if score.is_some_and(|c| !figure_like(c)) {
        return None;
    }
    let text = |h| cell(h).map(|c| c.key().to_owned());
    Some(Reading {
        levels: (text(Heading::Level1), text(Heading::Level2)),
        name: vec![name],
        comparator: cell(Heading::Comparator),
        target: cell(Heading::Target),
        unit: cell(Heading::Unit),
        actual: cell(Heading::Actual),
        weight: Some(weight),
        score,
        reason: cell(Heading::Reason).into_iter().collect(),
        ..Reading::default()
    })
}

/// The cells after the labels, one to each heading after the levels in the header's order
/// (the reason may be missing). `None` when the count does not fit.
fn by_order<'a>(cols: &Columns, row: &'a Row<'a>, filled: &[&'a Cell<'a>]) -> Option<Reading<'a>> {
    let texts = split_texts(row, filled);
    let roles: Vec<Heading> = cols
        .order()
        .into_iter()
        .filter(|h| !matches!(h, Heading::Level1 | Heading::Level2))
        .collect();
    let rest = texts.rest;
    // The reason may be missing, or cut into pieces.
    let reason_last = roles.last() == Some(&Heading::Reason);
    let fits = rest.len() == roles.len()
        || reason_last && (rest.len() + 1 == roles.len() || rest.len() > roles.len());
    if !fits || texts.joined_actual.is_some() {
        return None;
    }
    let mut r = Reading {
        labels: texts.labels,
        ..Reading::default()
    };
    let extra = rest[rest.len().min(roles.len())..].to_vec();
    for (h, c) in roles.iter().zip(rest) {
        match h {
            Heading::Name => r.name.push(c),
            Heading::Comparator => r.comparator = Some(c),
            Heading::Target => r.target = Some(c),
            Heading::Unit => r.unit = Some(c),
            Heading::Actual => r.actual = Some(c),
            Heading::Weight => r.weight = Some(c),
            Heading::Score => r.score = Some(c),
            Heading::Reason => r.reason.push(c),
            _ => {}
        }
    }
    r.reason.extend(extra);
    let named = r
        .name
        .iter()
        .all(|c| value::plain_number(&c.text).is_none());
    (named && r.weight.is_some_and(figure_like) && r.score.is_none_or(figure_like)).then_some(r)
}

/// A value with the comparator and unit printed in columns of their own put back together
/// (`≥` `90` `%` → `≥90(%)`); `定性` is no comparator.
fn value_text(cmp: Option<&Cell>, value: &Cell, unit: Option<&Cell>) -> String {
    let mut text = clean_text(&value.text);
    if cmp.is_none() && unit.is_none() {
        return text;
    }
    let unit = unit.map(|u| clean_text(&u.text)).unwrap_or_default();
    let numeric = IndicatorValue::parse(&text).number.is_some();
    if numeric && !unit.is_empty() && !text.ends_with(unit.as_str()) {
        text = format!("{text}({unit})");
    }
    if let Some(c) = cmp.map(|c| clean_text(&c.text)) {
        if numeric && IndicatorValue::parse(&format!("{c}1")).comparator.is_some() {
            text = format!("{c}{text}");
        }
    }
    text
}

/// Builds the indicator a reading describes.
fn push(b: &mut Builder, row: &Row, r: Reading) {
    let name: String = r.name.iter().map(|c| clean_text(&c.text)).collect();
    let name = without_number(&name).to_owned();
    let target = r.target.map(|t| value_text(r.comparator, t, r.unit));
    let actual = r
        .joined_actual
        .clone()
        .or_else(|| r.actual.map(|a| value_text(None, a, r.unit)));
    if b.form.indicators.is_empty() {
        b.levels
            .first_row(r.levels != (None, None) || !r.labels.is_empty());
    }
    match r.levels {
        (None, None) => apply_labels(b, &r.labels, row.line),
        (l1, l2) => apply_levels(b, l1, l2, row.line),
    }
    let idx = b.form.indicators.len();
    let subject = if name.is_empty() {
        format!("第 {} 行", row.line)
    } else {
        name.clone()
    };
    let mut read = |c: Option<&Cell>, col| match c {
        Some(c) if r.quiet => value::plain_number(&c.text),
        Some(c) => number(b, row.line, idx, &subject, c, col),
        None => None,
    };
    let weight = read(r.weight, IndicatorCol::Weight);
    let score = read(r.score, IndicatorCol::Score);
    if r.score.is_none() && !r.quiet {
        b.findings.push(
            Finding::new(
                Code::IndicatorMissingScore,
                Some(row.line),
                &subject,
                weight.map(|w| w.to_string()),
                None,
            )
            .field(Field::Indicator(idx, IndicatorCol::Score)),
        );
    }
    let reason = r
        .reason
        .iter()
        .map(|c| paragraphs(&c.text))
        .filter(|t| !t.is_empty() && !NIL_REASONS.contains(&t.trim()))
        .fold(None, |mut acc: Option<String>, t| {
            join_into(&mut acc, &t);
            acc
        });
    b.indicators
        .reason_lines
        .push(reason.as_ref().map(|_| row.line));
    for (col, cell) in [
        (IndicatorCol::Weight, r.weight),
        (IndicatorCol::Score, r.score),
        (IndicatorCol::Reason, r.reason.first().copied()),
        (IndicatorCol::Name, r.name.first().copied()),
        (IndicatorCol::Target, r.target),
        (IndicatorCol::Actual, r.actual),
    ] {
        if let Some(c) = cell {
            b.at(Field::Indicator(idx, col), row.line, c.col);
        }
    }
    let (level1, level2) = b.levels.current();
    b.form.indicators.push(Indicator {
        level1,
        level2,
        name,
        target: target.map(IndicatorValue::parse_owned),
        actual: actual.map(IndicatorValue::parse_owned),
        weight,
        score,
        reason,
        line: row.line,
    });
    b.section = Section::Indicators;
}

/// Where a row's figures sit among its filled cells.
struct Scores {
    weight: usize,
    score: Option<usize>,
}

impl Scores {
    /// The rightmost pair; where the table has a reason column and the row ends in three
    /// figures, the last is a reason with nothing to explain (`0`), not the 得分.
    fn find(filled: &[&Cell], reason_col: bool) -> Option<Scores> {
        let Some(j) = score_pair(filled) else {
            return lone_weight(filled).map(|j| Scores {
                weight: j,
                score: None,
            });
        };
        let nil_reason = reason_col
            && j + 1 == filled.len()
            && NIL_REASONS.contains(&filled[j].key())
            && j >= 3
            && score_pair(&filled[..j]) == Some(j - 1);
        let j = if nil_reason { j - 1 } else { j };
        Some(Scores {
            weight: j - 1,
            score: Some(j),
        })
    }

    /// The last of the figures' cells; the reason follows.
    fn last(&self) -> usize {
        self.score.unwrap_or(self.weight)
    }
}

/// A name without the `指标1:` the 2019 template prints before it.
fn without_number(name: &str) -> &str {
    let Some(rest) = name.strip_prefix("指标") else {
        return name;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match rest[digits..].strip_prefix([':', '：']) {
        Some(after) if digits > 0 => after.trim_start(),
        _ => name,
    }
}

/// A cell that holds no indicator: `……`, or `指标2:` left empty.
pub(super) fn placeholder(k: &str) -> bool {
    without_number(k)
        .chars()
        .all(|c| matches!(c, '…' | '.' | '。' | '·' | '-' | '—' | '/'))
}

/// What a reason column holds where there is nothing to explain.
const NIL_REASONS: &[&str] = &["0", "无", "/", "-", "—", "无偏差"];

/// The texts of a row before its figures.
pub(super) struct Texts<'a> {
    labels: Vec<String>,
    /// Name, target and actual cells.
    rest: Vec<&'a Cell<'a>>,
    /// A result phrase rejoined from single-space pieces.
    joined_actual: Option<String>,
}

/// Leading labels, assembled from as many cells as a line or page break cut them into
/// (`满意度指` `标`, `可持续影` `响指` `标`): a whole label wins over a fragment, a longer one
/// over a shorter; a fragment needs name, target and actual still to follow. A label may
/// print its weight (`产出指标(50分)`).
fn split_texts<'a>(row: &Row, before: &[&'a Cell<'a>]) -> Texts<'a> {
    let keys: Vec<&str> = before.iter().map(|c| c.key()).collect();
    let mut labels = Vec::new();
    let mut n = 0;
    'labels: while n < before.len() {
        if keys[n].chars().count() > 16 {
            break;
        }
        for whole in [true, false] {
            for k in (1..=4.min(before.len() - n)).rev() {
                let joined: String = keys[n..n + k].concat();
                let bare = weighted(&joined).0;
                let remaining = before.len() - n - k;
                let fits = if whole {
                    is_label(bare) && remaining >= 1
                } else {
                    is_label_fragment(bare) && remaining >= 3
                };
                if fits && bare.chars().count() <= 10 {
                    labels.push(joined);
                    n += k;
                    continue 'labels;
                }
            }
        }
        break;
    }
    labels.retain(|k| k != "绩效指标");
    let mut rest: Vec<&Cell> = before[n..].to_vec();
    // Single-space text cuts a result phrase (`部分达成指 标并具有一 定效果`): rejoin it.
    let mut joined_actual = None;
    if row.loose && rest.len() > 3 {
        // Only a tail of at most 20 characters counts, so the tails are joined from the first
        // that short: a long row (a whole page on one line) costs its length, not its square.
        let mut chars = 0;
        let mut from = rest.len();
        while from > 1 {
            chars += rest[from - 1].key().chars().count();
            if chars > 20 {
                break;
            }
            from -= 1;
        }
        let tails: String = rest[from..].iter().map(|c| c.key()).collect();
        let mut at = 0;
        for t in from..rest.len() - 1 {
            let tail = &tails[at..];
            if band(tail).is_some() {
                joined_actual = Some(tail.to_owned());
                rest.truncate(t + 1);
                break;
            }
            at += rest[t].key().len();
        }
    }
    Texts {
        labels,
        rest,
        joined_actual,
    }
}

/// An indicator's 分值 or 得分; a cell that is not a number is said.
fn number(
    b: &mut Builder,
    line: usize,
    idx: usize,
    subject: &str,
    cell: &Cell,
    col: IndicatorCol,
) -> Option<Decimal> {
    let v = value::plain_number(&cell.text);
    if v.is_none() {
        b.findings.push(
            Finding::new(
                Code::ParseBadNumber,
                Some(line),
                &format!("指标“{subject}”的{}", col.label()),
                Some(cell.text.to_string()),
                None,
            )
            .field(Field::Indicator(idx, col)),
        );
    }
    v
}

/// Index of the 得分 cell: the rightmost cell that, with the cell before it, forms a pair of
/// score-like cells with at least one plain number and at least one cell before the pair.
fn score_pair(filled: &[&Cell]) -> Option<usize> {
    // From the right, each cell parsed once, and only as far as the search goes (usually the
    // row's last two cells).
    let plain = |c: &Cell| value::plain_number(&c.text).is_some();
    let mut right = plain(filled.last()?);
    (2..filled.len()).rev().find(|&j| {
        let left = plain(filled[j - 1]);
        let n = left as u8 + right as u8;
        right = left;
        n == 2 || (n == 1 && score_like(&filled[j - 1].text) && score_like(&filled[j].text))
    })
}

/// An indicator row whose 得分 was left empty: one plain number with at least name, target and
/// actual before it and only text after it.
fn lone_weight(filled: &[&Cell]) -> Option<usize> {
    let j = filled
        .iter()
        .rposition(|c| value::plain_number(&c.text).is_some())?;
    (j >= 3 && value::plain_number(&filled[j - 1].text).is_none()).then_some(j)
}

/// Short text that was meant as a score (`15.O0`, `4分`) but may not parse.
fn score_like(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (1..=8).contains(&n)
        && s.chars().any(|c| c.is_ascii_digit())
        && !s.chars().any(|c| "%％()（）≥≤<>=".contains(c))
        && !s
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && c != '分')
}
