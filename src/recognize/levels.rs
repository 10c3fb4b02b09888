//! The 一级 and 二级 labels over the indicator rows: read from a row's leading cells or its
//! level columns, with the weight a label may print (`产出指标(50分)`), completed across line
//! and page breaks (`满意度指` + `标`), printed one character a row, or centred in their group.

use super::indicators::placeholder;
use super::{join_into, Builder};
use crate::grid::{Cell, Row};
use crate::model::LevelWeight;
use crate::value::{self, clean_text, paragraphs};
use crate::vocab::{is_level1, Heading, KNOWN_LABELS, LEVELS};
use rust_decimal::Decimal;

/// A level label group: its text and the first indicator it covers.
/// The labels in force over the rows read so far.
#[derive(Debug, Default)]
pub(crate) struct State {
    level1: Level,
    level2: Level,
    /// Where each label was printed: (the indicator it stands on, 1 or 2).
    marks: Vec<(usize, u8)>,
    /// A label printed one character a row, so far, and the first indicator it covers.
    vertical: Option<(String, usize)>,
    /// The table's first indicator row carried no label: labels are centred in their groups.
    centred: Option<bool>,
}

impl State {
    /// The table's first indicator row, with or without labels.
    pub(super) fn first_row(&mut self, labelled: bool) {
        self.centred.get_or_insert(!labelled);
    }

    /// The (一级, 二级) labels over the next row.
    pub(super) fn current(&self) -> (Option<String>, Option<String>) {
        (self.level1.text.clone(), self.level2.text.clone())
    }
}

#[derive(Clone, Debug, Default)]
struct Level {
    text: Option<String>,
    from: usize,
}

/// A row's 一级 and 二级 labels, where its columns tell them.
pub(super) type Levels = (Option<String>, Option<String>);

/// Sets the group labels a row carries, told apart by their words: one label is a 一级 when
/// it names one, two are 一级 then 二级.
pub(super) fn apply_labels(b: &mut Builder, labels: &[String], line: usize) {
    match labels {
        [] => {}
        [one] => {
            let bare = weighted(one).0;
            let under = |prefix: &str| {
                b.levels
                    .level1
                    .text
                    .as_deref()
                    .is_some_and(|l| l.starts_with(prefix))
            };
            // 满意度指标 under 满意度指标 is its 二级; so is a lone 成本指标 among the 二级
            // groups of 产出指标 (the 2020 template; the 2021 one prints 成本指标 as a 一级
            // with its own 二级 beside it).
            let second = bare.starts_with("满意度") && under("满意度")
                || bare.starts_with("成本") && under("产出") && b.levels.level2.text.is_some();
            let as_level1 = is_level1(bare) && !second;
            if as_level1 {
                apply_levels(b, Some(one.clone()), None, line);
            } else {
                apply_levels(b, None, Some(one.clone()), line);
            }
        }
        [.., l1, l2] => apply_levels(b, Some(l1.clone()), Some(l2.clone()), line),
    }
}

/// Sets a 一级 label (which starts a new 二级 group) and a 二级 label, each with the weight
/// it may print.
pub(super) fn apply_levels(b: &mut Builder, l1: Option<String>, l2: Option<String>, line: usize) {
    let here = b.form.indicators.len();
    if let Some(l1) = l1 {
        if !extend_level(b, 1, &l1) {
            let (bare, weight) = weighted(&l1);
            let bare = bare.to_owned();
            b.levels.marks.push((here, 1));
            set_level1(b, bare.clone(), here);
            b.levels.level2 = Level {
                text: None,
                from: here,
            };
            if let Some(weight) = weight {
                b.form.levels.push(LevelWeight {
                    label: bare,
                    depth: 1,
                    parent: None,
                    weight,
                    line,
                });
            }
        }
    }
    if let Some(l2) = l2 {
        let (bare, weight) = weighted(&l2);
        b.levels.marks.push((here, 2));
        b.levels.level2 = Level {
            text: Some(bare.to_owned()),
            from: here,
        };
        if let Some(weight) = weight {
            b.form.levels.push(LevelWeight {
                label: bare.to_owned(),
                depth: 2,
                parent: b.levels.level1.text.clone(),
                weight,
                line,
            });
        }
    }
}

fn set_level1(b: &mut Builder, text: String, here: usize) {
    // A 一级 label printed after the first rows of its group (a merged cell cut by a page
    // break, or centred in its group) also names the rows before it that had none.
    if b.levels.level1.text.is_none() {
        for ind in &mut b.form.indicators {
            if ind.level1.is_none() {
                ind.level1 = Some(text.clone());
            }
        }
    }
    b.levels.level1 = Level {
        text: Some(text),
        from: here,
    };
}

/// Appends a fragment to the unfinished label of a level (`满意度指` + `标`, or a label
/// printed one character a row: `产` `出` `指` `标`), renaming the rows it already covers.
fn extend_level(b: &mut Builder, level: u8, frag: &str) -> bool {
    let slot = if level == 1 {
        &mut b.levels.level1
    } else {
        &mut b.levels.level2
    };
    let Some(cur) = slot.text.clone() else {
        return false;
    };
    if cur.ends_with("指标") || KNOWN_LABELS.contains(&cur.as_str()) {
        return false;
    }
    let joined = format!("{cur}{}", weighted(frag).0);
    if !(joined.ends_with("指标") || KNOWN_LABELS.iter().any(|l| l.starts_with(&joined))) {
        return false;
    }
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
    true
}

/// Appends a fragment to an unfinished 一级 or 二级 label (`满意度指` + `标`).
fn complete_label(b: &mut Builder, frag: &str) -> bool {
    extend_level(b, 1, frag) || extend_level(b, 2, frag)
}

/// A cell of a fragment row that looks like a piece of a label.
fn label_piece(c: &Cell) -> Option<String> {
    let k = clean_text(&c.text).replace(' ', "");
    let bare = weighted(&k).0;
    let short = bare.chars().count() <= 8 && !bare.chars().any(|c| c.is_ascii_digit());
    let piece = is_label(bare) || is_label_fragment(bare) || bare.contains('指') || bare == "标";
    (short && piece).then_some(k)
}

/// A row of label pieces only (`产出指标（50分）` printed as a row of its own).
pub(super) fn labels_only(filled: &[&Cell]) -> bool {
    filled
        .iter()
        .all(|c| label_piece(c).is_some() || placeholder(c.key()))
}

/// A row with no scores and at most two cells of text besides label pieces.
pub(super) fn fragment_shape(filled: &[&Cell]) -> bool {
    let texts = filled
        .iter()
        .filter(|c| {
            clean_text(&c.text).replace(' ', "") != "绩效指标"
                && label_piece(c).is_none()
                && !placeholder(c.key())
        })
        .count();
    texts <= 2
}

/// A row with no scores inside the indicator table: pieces of merged labels, or the end of a
/// name or reason that a page break cut off.
pub(super) fn fragment(b: &mut Builder, row: &Row) -> bool {
    if let Some(ch) = lone_char(row) {
        if vertical(b, ch) {
            return true;
        }
    }
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    for c in row.filled() {
        if clean_text(&c.text).replace(' ', "") == "绩效指标" || placeholder(c.key()) {
            continue;
        }
        match label_piece(c) {
            Some(k) => labels.push((k, c)),
            None => texts.push(c),
        }
    }
    // Before the first indicator only labels are taken (a 一级 printed as a row of its own).
    if texts.len() > 2 || b.form.indicators.is_empty() && !texts.is_empty() {
        return false;
    }
    for (k, c) in labels {
        if !complete_label(b, &k) {
            if is_label(weighted(&k).0) {
                apply_labels(b, std::slice::from_ref(&k), row.line);
            } else {
                texts.push(c);
            }
        }
    }
    texts.sort_by_key(|c| c.col);
    let Some(last) = b.form.indicators.len().checked_sub(1) else {
        // Pieces of no label before the first indicator: not placed.
        return texts.is_empty();
    };
    for c in texts {
        // The rest of a 得分计算方法 cell is kept nowhere.
        let under = b.indicators.columns.as_ref().and_then(|cols| {
            cols.at
                .iter()
                .find(|(_, col)| *col == c.col)
                .map(|(h, _)| *h)
        });
        if under == Some(Heading::Method) {
            continue;
        }
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

/// A label and the weight it prints: `产出指标(50分)` → (`产出指标`, 50).
pub(super) fn weighted(k: &str) -> (&str, Option<Decimal>) {
    let Some(body) = k.strip_suffix(')').or_else(|| k.strip_suffix('）')) else {
        return (k, None);
    };
    let Some(open) = body.rfind(['(', '（']) else {
        return (k, None);
    };
    let inner = &body[open..];
    let inner = inner.trim_start_matches(['(', '（']);
    let inner = inner.strip_prefix("分值").unwrap_or(inner);
    let inner = inner.trim_start_matches([':', '：']);
    match inner.strip_suffix('分').and_then(value::decimal) {
        Some(w) if open > 0 => (&k[..open], Some(w)),
        _ => (k, None),
    }
}

/// Text that can stand in a level column: a label (with its weight), a piece of one, a
/// 一级 named short (`产出`), or one character of a label printed vertically.
pub(super) fn label_like(k: &str) -> bool {
    let bare = weighted(k).0;
    is_label(bare)
        || is_label_fragment(bare)
        || LEVELS.iter().any(|l| l.prefix == bare)
        || bare.chars().count() == 1
}

/// A whole label: a known one, or a short text ending in 指标 (once) with no digits.
pub(super) fn is_label(k: &str) -> bool {
    KNOWN_LABELS.contains(&k)
        || (k.ends_with("指标")
            && k.matches("指标").count() == 1
            && k.chars().count() <= 10
            && !k.chars().any(|c| c.is_ascii_digit())
            && !k.contains("达成"))
}

/// The start of a label, cut by a line or page break (`满意度指`, `服务对象`, `可持续影响指`).
pub(super) fn is_label_fragment(k: &str) -> bool {
    k.chars().count() >= 2 && KNOWN_LABELS.iter().any(|l| l.starts_with(k) && *l != k)
}

/// A row holding one Chinese character: a piece of a label printed vertically.
pub(super) fn lone_char<'a>(row: &'a Row<'_>) -> Option<&'a str> {
    let mut filled = row.filled();
    let (Some(only), None) = (filled.next(), filled.next()) else {
        return None;
    };
    let k = only.key();
    let mut chars = k.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if ('\u{4E00}'..='\u{9FFF}').contains(&c) => Some(k),
        _ => None,
    }
}

/// One character of a 一级 label printed vertically between the rows of its group (`产`,
/// `出`, `指`, `标`): once the label is whole, it names every row since its first character.
fn vertical(b: &mut Builder, ch: &str) -> bool {
    let here = b.form.indicators.len();
    let (text, from) = match b.levels.vertical.take() {
        Some((text, from)) => (format!("{text}{ch}"), from),
        None => (ch.to_owned(), here),
    };
    if text.ends_with("指标") || KNOWN_LABELS.contains(&text.as_str()) {
        for ind in &mut b.form.indicators[from..] {
            ind.level1 = Some(text.clone());
        }
        b.levels.level1 = Level {
            text: Some(text),
            from,
        };
        return true;
    }
    let begins = KNOWN_LABELS.iter().any(|l| l.starts_with(&text));
    if begins {
        b.levels.vertical = Some((text, from));
    }
    begins
}

/// Where the first indicator row carried no label, the labels were printed in the middle row
/// of their groups (merged cells centred): each 一级 label names the rows around it, and each
/// 二级 label the rows around it within its 一级 group.
pub(super) fn finish(b: &mut Builder) {
    if b.levels.centred != Some(true) {
        return;
    }
    let n = b.form.indicators.len();
    let at = |depth: u8, lo: usize, hi: usize| -> Vec<usize> {
        let mut marks = b
            .levels
            .marks
            .iter()
            .filter(|(i, d)| *d == depth && (lo..hi).contains(i))
            .map(|(i, _)| *i)
            .collect::<Vec<_>>();
        // Two labels before the same indicator (label-only rows in a row) mark one row.
        marks.dedup();
        marks
    };
    let marks1 = at(1, 0, n);
    let groups1 = centred(&marks1, 0, n);
    let inds = &mut b.form.indicators;
    for (&p, &(s, e)) in marks1.iter().zip(&groups1) {
        let text = inds[p].level1.clone();
        for ind in &mut inds[s..e] {
            ind.level1 = text.clone();
        }
    }
    let ranges = if groups1.is_empty() {
        vec![(0, n)]
    } else {
        groups1
    };
    for (lo, hi) in ranges {
        let marks2 = at(2, lo, hi);
        for (&p, (s, e)) in marks2.iter().zip(centred(&marks2, lo, hi)) {
            let text = inds[p].level2.clone();
            for ind in &mut inds[s..e] {
                ind.level2 = text.clone();
            }
        }
    }
}

/// The groups of rows `lo..hi` whose labels stand on rows `marks`, each label on its group's
/// middle row (the upper one of two): a group reaches as far below its label as above it, and
/// the last reaches the end.
fn centred(marks: &[usize], lo: usize, hi: usize) -> Vec<(usize, usize)> {
    let mut start = lo;
    let mut out = Vec::new();
    for (i, &p) in marks.iter().enumerate() {
        let end = match marks.get(i + 1) {
            Some(&next) => (2 * p + 1 - start).clamp(p + 1, next.max(p + 1)),
            None => hi,
        };
        out.push((start, end));
        start = end;
    }
    out
}
