//! 年度总体目标: the 预期目标 and the 实际完成情况, side by side or one after the other.

use super::{join_into, Builder, Section};
use crate::grid::{Cell, Row};
use crate::value::{clean_text, paragraphs};

/// What the goals' header said.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The column of the 实际完成情况 heading.
    achieved_col: Option<usize>,
}

pub(super) fn header(b: &mut Builder, filled: &[&Cell]) -> bool {
    b.section = b.section.max(Section::Goals);
    for c in filled {
        let k = c.key();
        let n = k.chars().count();
        if k.contains("实际完成") && n <= 8 || k.contains("完成情况") && n <= 10 {
            b.goals.achieved_col.get_or_insert(c.col);
        }
    }
    let texts: Vec<&Cell> = filled
        .iter()
        .copied()
        .filter(|c| !is_label(c.key()))
        .collect();
    if !texts.is_empty() {
        cells(b, &texts);
    }
    true
}

/// A row of goal text: always placed (a row reaches here only with a filled cell), which the
/// census reader, reading no goal's text, takes for granted.
pub(super) fn row(b: &mut Builder, row: &Row, filled: &[&Cell]) -> bool {
    if row.loose && filled.len() > 2 {
        return loose(b, filled);
    }
    cells(b, filled)
}

fn cells(b: &mut Builder, filled: &[&Cell]) -> bool {
    if filled.is_empty() {
        return false;
    }
    let mut planned = Vec::new();
    let mut achieved = Vec::new();
    for (i, c) in filled.iter().enumerate() {
        let mut text = paragraphs(&c.text);
        let mut side = None;
        for (label, is_achieved) in [("预期目标", false), ("实际完成情况", true)] {
            if let Some(rest) = text.strip_prefix(label) {
                text = rest.trim_start_matches([':', '：', '\n', ' ']).to_owned();
                side = Some(is_achieved);
            }
        }
        let is_achieved = side.unwrap_or(if filled.len() >= 2 {
            i == filled.len() - 1
        } else {
            b.goals.achieved_col.is_some_and(|a| c.col >= a)
        });
        if is_achieved {
            achieved.push(text);
        } else {
            planned.push(text);
        }
    }
    for (slot, parts) in [
        (&mut b.form.goals.planned, planned),
        (&mut b.form.goals.achieved, achieved),
    ] {
        for p in parts.into_iter().filter(|p| !p.is_empty()) {
            join_into(slot, &p);
        }
    }
    true
}

/// A goal row split on single spaces: the 预期目标 ends with the first sentence's end (or at
/// the middle), the rest is the 实际完成情况.
fn loose(b: &mut Builder, filled: &[&Cell]) -> bool {
    let texts: Vec<String> = filled.iter().map(|c| paragraphs(&c.text)).collect();
    let total: usize = texts.iter().map(|t| t.chars().count()).sum();
    let mut split = texts[..texts.len() - 1]
        .iter()
        .position(|t| t.ends_with(['。', '；', ';']))
        .map(|i| i + 1);
    if split.is_none() {
        let mut seen = 0;
        split = texts.iter().position(|t| {
            seen += t.chars().count();
            seen * 2 >= total
        });
        split = split.map(|i| i + 1);
    }
    let split = split.unwrap_or(texts.len()).min(texts.len());
    let planned = clean_text(&texts[..split].join(" "));
    let achieved = clean_text(&texts[split..].join(" "));
    if !planned.is_empty() {
        join_into(&mut b.form.goals.planned, &planned);
    }
    if !achieved.is_empty() {
        join_into(&mut b.form.goals.achieved, &achieved);
    }
    true
}

/// A heading of the goals block: 年度总体目标, 预期目标, 实际完成情况, or another region's
/// (项目基本情况, 项目年度目标, 年度目标完成情况, 年初设定目标).
fn is_label(k: &str) -> bool {
    let n = k.chars().count();
    let template = k.contains("总体目标")
        || k == "预期目标"
        || k.starts_with("实际完成")
        || "年度总体目标".contains(k);
    template && n <= 12 || other_heading(k)
}

/// Another region's heading of the goals block: 项目基本情况, 项目年度目标, 年度目标完成情况,
/// 年初设定目标 (a heading, never a sentence that names a goal: `完成年度目标。`).
pub(super) fn other_heading(k: &str) -> bool {
    let starts = ["项目年度目标", "年度目标", "项目基本情况", "年初设定目标"]
        .iter()
        .any(|w| k.starts_with(w));
    let ends = k.ends_with("目标完成情况") || k.ends_with("实际完成情况");
    (starts || ends) && k.chars().count() <= 14
}
