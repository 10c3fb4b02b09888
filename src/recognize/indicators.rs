//! 绩效指标: the header, then one row per indicator under its 一级 and 二级 labels, with the
//! pieces line and page breaks cut off.

use super::{join_into, Builder, Section};
use crate::findings::{Code, Finding};
use crate::grid::{Cell, Row};
use crate::model::{Field, Indicator, IndicatorCol};
use crate::value::{self, clean_text, paragraphs, IndicatorValue};
use crate::vocab::{band, is_level1, KNOWN_LABELS};
use rust_decimal::Decimal;

/// A level label group: its text and the first indicator it covers.
#[derive(Clone, Debug, Default)]
struct Level {
    text: Option<String>,
    from: usize,
}

/// What the table's header and rows so far said.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The column of 年度指标值.
    target_col: Option<usize>,
    level1: Level,
    level2: Level,
    /// Line of each indicator's reason, to move a reason printed on a neighbouring row.
    reason_lines: Vec<Option<usize>>,
}

pub(super) fn header(b: &mut Builder, row: &Row) -> bool {
    b.section = Section::Indicators;
    b.indicators.target_col = row
        .filled()
        .find(|c| c.key().contains("指标值"))
        .map(|c| c.col);
    true
}

/// A row with its 分值 and 得分 (or, where `lone` is allowed, a 分值 with the 得分 left
/// empty).
pub(super) fn scored(filled: &[&Cell], lone: bool) -> bool {
    score_pair(filled).is_some() || lone && lone_weight(filled).is_some()
}

/// Where a row's figures sit among its filled cells.
struct Scores {
    weight: usize,
    score: Option<usize>,
}

impl Scores {
    fn find(filled: &[&Cell]) -> Option<Scores> {
        match score_pair(filled) {
            Some(j) => Some(Scores {
                weight: j - 1,
                score: Some(j),
            }),
            None => lone_weight(filled).map(|j| Scores {
                weight: j,
                score: None,
            }),
        }
    }

    /// The last of the figures' cells; the reason follows.
    fn last(&self) -> usize {
        self.score.unwrap_or(self.weight)
    }
}

/// The texts of a row before its figures.
struct Texts<'a> {
    labels: Vec<String>,
    /// Name, target and actual cells.
    rest: Vec<&'a Cell>,
    /// A result phrase rejoined from single-space pieces.
    joined_actual: Option<String>,
}

/// A 绩效指标 row: its 分值 and 得分 are the rightmost pair of numbers, what follows is the
/// reason, what precedes is labels, name, target and actual.
pub(super) fn read(b: &mut Builder, row: &Row) -> bool {
    let filled: Vec<&Cell> = row.filled().collect();
    let Some(at) = Scores::find(&filled) else {
        return false;
    };
    let texts = split_texts(row, &filled[..at.weight]);
    let (name, target, actual) = name_target_actual(b, &texts.rest);
    let actual = texts.joined_actual.clone().or(actual);
    apply_labels(b, &texts.labels);
    let idx = b.form.indicators.len();
    let subject = if name.is_empty() {
        format!("第 {} 行", row.line)
    } else {
        name.clone()
    };
    let weight = number(
        b,
        row.line,
        idx,
        &subject,
        filled[at.weight],
        IndicatorCol::Weight,
    );
    let score = at
        .score
        .and_then(|s| number(b, row.line, idx, &subject, filled[s], IndicatorCol::Score));
    if at.score.is_none() {
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
    let reason = filled[at.last() + 1..]
        .iter()
        .map(|c| paragraphs(&c.text))
        .filter(|t| !t.is_empty())
        .fold(None, |mut acc: Option<String>, t| {
            join_into(&mut acc, &t);
            acc
        });
    b.indicators
        .reason_lines
        .push(reason.as_ref().map(|_| row.line));
    let mut place = |col: IndicatorCol, cell: Option<&&Cell>| {
        if let Some(c) = cell {
            b.at(Field::Indicator(idx, col), row.line, c.col);
        }
    };
    place(IndicatorCol::Weight, filled.get(at.weight));
    place(IndicatorCol::Score, at.score.and_then(|s| filled.get(s)));
    place(IndicatorCol::Reason, filled.get(at.last() + 1));
    let rest = &texts.rest;
    place(IndicatorCol::Name, rest.first());
    if rest.len() >= 3 {
        place(IndicatorCol::Target, rest.get(rest.len() - 2));
        place(IndicatorCol::Actual, rest.last());
    }
    b.form.indicators.push(Indicator {
        level1: b.indicators.level1.text.clone(),
        level2: b.indicators.level2.text.clone(),
        name,
        target: target.map(|t| IndicatorValue::parse(&t)),
        actual: actual.map(|t| IndicatorValue::parse(&t)),
        weight,
        score,
        reason,
        line: row.line,
    });
    b.section = Section::Indicators;
    true
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
                Some(cell.text.clone()),
                None,
            )
            .field(Field::Indicator(idx, col)),
        );
    }
    v
}

/// Leading labels, assembled from as many cells as a line or page break cut them into
/// (`满意度指` `标`, `可持续影` `响指` `标`): a whole label wins over a fragment, a longer one
/// over a shorter; a fragment needs name, target and actual still to follow.
fn split_texts<'a>(row: &Row, before: &[&'a Cell]) -> Texts<'a> {
    let keys: Vec<&str> = before.iter().map(|c| c.key()).collect();
    let mut labels = Vec::new();
    let mut n = 0;
    'labels: while n < before.len() {
        if keys[n].chars().count() > 10 {
            break;
        }
        for whole in [true, false] {
            for k in (1..=4.min(before.len() - n)).rev() {
                let joined: String = keys[n..n + k].concat();
                let remaining = before.len() - n - k;
                let fits = if whole {
                    is_label(&joined) && remaining >= 1
                } else {
                    is_label_fragment(&joined) && remaining >= 3
                };
                if fits {
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
        for t in 1..rest.len() - 1 {
            let tail: String = rest[t..].iter().map(|c| c.key()).collect();
            if band(&tail).is_some() && tail.chars().count() <= 20 {
                joined_actual = Some(tail);
                rest.truncate(t + 1);
                break;
            }
        }
    }
    Texts {
        labels,
        rest,
        joined_actual,
    }
}

/// Name, target and actual from the cells between the labels and the figures: the last two
/// are target and actual; two cells are a name and whichever the second looks like.
fn name_target_actual(b: &Builder, rest: &[&Cell]) -> (String, Option<String>, Option<String>) {
    match rest.len() {
        0 => (String::new(), None, None),
        1 => (clean_text(&rest[0].text), None, None),
        2 => {
            let second = clean_text(&rest[1].text);
            let is_actual =
                band(&second).is_some() || b.indicators.target_col.is_some_and(|t| rest[1].col > t);
            if is_actual {
                (clean_text(&rest[0].text), None, Some(second))
            } else {
                (clean_text(&rest[0].text), Some(second), None)
            }
        }
        len => (
            rest[..len - 2]
                .iter()
                .map(|c| clean_text(&c.text))
                .collect::<Vec<_>>()
                .join(""),
            Some(clean_text(&rest[len - 2].text)),
            Some(clean_text(&rest[len - 1].text)),
        ),
    }
}

/// Sets the group labels a row carries (一级 then 二级).
fn apply_labels(b: &mut Builder, labels: &[String]) {
    let here = b.form.indicators.len();
    match labels {
        [] => {}
        [one] => {
            let as_level1 = is_level1(one)
                && !(one.starts_with("满意度")
                    && b.indicators
                        .level1
                        .text
                        .as_deref()
                        .is_some_and(|l| l.starts_with("满意度")));
            if as_level1 {
                set_level1(b, one.clone(), here);
                b.indicators.level2 = Level {
                    text: None,
                    from: here,
                };
            } else {
                b.indicators.level2 = Level {
                    text: Some(one.clone()),
                    from: here,
                };
            }
        }
        [.., l1, l2] => {
            set_level1(b, l1.clone(), here);
            b.indicators.level2 = Level {
                text: Some(l2.clone()),
                from: here,
            };
        }
    }
}

fn set_level1(b: &mut Builder, text: String, here: usize) {
    // A 一级 label printed after the first rows of its group (a merged cell cut by a page
    // break) also names the rows before it that had none.
    if b.indicators.level1.text.is_none() {
        for ind in &mut b.form.indicators {
            if ind.level1.is_none() {
                ind.level1 = Some(text.clone());
            }
        }
    }
    b.indicators.level1 = Level {
        text: Some(text),
        from: here,
    };
}

/// A cell of a fragment row that looks like a piece of a label.
fn label_piece(c: &Cell) -> Option<String> {
    let k = clean_text(&c.text).replace(' ', "");
    let short = k.chars().count() <= 8 && !k.chars().any(|c| c.is_ascii_digit());
    (short && (is_label(&k) || is_label_fragment(&k) || k.contains('指') || k == "标")).then_some(k)
}

/// A row with no scores and at most two cells of text besides label pieces.
pub(super) fn fragment_shape(filled: &[&Cell]) -> bool {
    let texts = filled
        .iter()
        .filter(|c| clean_text(&c.text).replace(' ', "") != "绩效指标" && label_piece(c).is_none())
        .count();
    texts <= 2
}

/// A row with no scores inside the indicator table: pieces of merged labels, or the end of a
/// name or reason that a page break cut off.
pub(super) fn fragment(b: &mut Builder, row: &Row) -> bool {
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    for c in row.filled() {
        if clean_text(&c.text).replace(' ', "") == "绩效指标" {
            continue;
        }
        match label_piece(c) {
            Some(k) => labels.push((k, c)),
            None => texts.push(c),
        }
    }
    if texts.len() > 2 || b.form.indicators.is_empty() {
        return false;
    }
    for (k, c) in labels {
        if !complete_label(b, &k) {
            if is_label(&k) {
                apply_labels(b, std::slice::from_ref(&k));
            } else {
                texts.push(c);
            }
        }
    }
    texts.sort_by_key(|c| c.col);
    let last = b.form.indicators.len() - 1;
    for c in texts {
        let to_name = b.indicators.target_col.is_some_and(|t| c.col < t);
        let ind = &mut b.form.indicators[last];
        if to_name {
            ind.name.push_str(&clean_text(&c.text));
        } else {
            join_into(&mut ind.reason, &paragraphs(&c.text));
        }
    }
    true
}

/// Appends a fragment to an unfinished 一级 or 二级 label (`满意度指` + `标`).
fn complete_label(b: &mut Builder, frag: &str) -> bool {
    for level in [1, 2] {
        let slot = if level == 1 {
            &mut b.indicators.level1
        } else {
            &mut b.indicators.level2
        };
        let Some(cur) = slot.text.clone() else {
            continue;
        };
        if cur.ends_with("指标") {
            continue;
        }
        let joined = format!("{cur}{frag}");
        if joined.ends_with("指标") || KNOWN_LABELS.iter().any(|l| l.starts_with(&joined)) {
            slot.text = Some(joined.clone());
            let from = slot.from;
            for ind in &mut b.form.indicators[from..] {
                let field = if level == 1 {
                    &mut ind.level1
                } else {
                    &mut ind.level2
                };
                if field.as_deref() == Some(cur.as_str()) {
                    *field = Some(joined.clone());
                }
            }
            return true;
        }
    }
    false
}

/// A merged 偏差原因 cell can be printed on the row above or below the indicator it explains.
/// A reason on a full-score row moves to an adjacent deducted row without one when it names
/// that row's indicator (shares a longer run of characters with its name).
pub(super) fn move_neighbour_reasons(b: &mut Builder) {
    let inds = &mut b.form.indicators;
    for i in 0..inds.len() {
        let full = |ind: &Indicator| ind.weight.is_some() && ind.score == ind.weight;
        let Some(reason) = inds[i].reason.clone() else {
            continue;
        };
        if !full(&inds[i]) {
            continue;
        }
        let own = common_run(&reason, &inds[i].name);
        let candidates = [i.checked_sub(1), (i + 1 < inds.len()).then_some(i + 1)];
        for k in candidates.into_iter().flatten() {
            let other = &inds[k];
            let deducted = matches!((other.weight, other.score), (Some(w), Some(s)) if s < w);
            if deducted && other.reason.is_none() {
                let theirs = common_run(&reason, &other.name);
                if theirs >= 4 && theirs > own {
                    let from_line = b.indicators.reason_lines.get(i).copied().flatten();
                    inds[k].reason = inds[i].reason.take();
                    b.findings.push(
                        Finding::new(
                            Code::ParseReasonMoved,
                            Some(inds[k].line),
                            &inds[k].name,
                            from_line.map(|l| l.to_string()),
                            None,
                        )
                        .field(Field::Indicator(k, IndicatorCol::Reason)),
                    );
                    break;
                }
            }
        }
    }
}

/// Length of the longest run of characters two texts share.
fn common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for &ca in a.iter().take(400) {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            if ca == cb {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// Index of the 得分 cell: the rightmost cell that, with the cell before it, forms a pair of
/// score-like cells with at least one plain number and at least one cell before the pair.
fn score_pair(filled: &[&Cell]) -> Option<usize> {
    let plain: Vec<bool> = filled
        .iter()
        .map(|c| value::plain_number(&c.text).is_some())
        .collect();
    (2..filled.len()).rev().find(|&j| {
        let (w, s) = (&filled[j - 1].text, &filled[j].text);
        let n = plain[j - 1] as u8 + plain[j] as u8;
        n == 2 || (n == 1 && score_like(w) && score_like(s))
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

/// A whole label: a known one, or a short text ending in 指标 (once) with no digits.
fn is_label(k: &str) -> bool {
    KNOWN_LABELS.contains(&k)
        || (k.ends_with("指标")
            && k.matches("指标").count() == 1
            && k.chars().count() <= 10
            && !k.chars().any(|c| c.is_ascii_digit())
            && !k.contains("达成"))
}

/// The start of a label, cut by a line or page break (`满意度指`, `服务对象`, `可持续影响指`).
fn is_label_fragment(k: &str) -> bool {
    k.chars().count() >= 2 && KNOWN_LABELS.iter().any(|l| l.starts_with(k) && *l != k)
}
