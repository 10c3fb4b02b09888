//! 总分 and 评分等级: labelled, in one cell (`评分等级：优`), or a bare `100  95.38` row after
//! the indicators.

use super::{Builder, Section};
use crate::grid::{Cell, Row};
use crate::model::Field;
use crate::value;
use crate::vocab::Grade;
use rust_decimal::Decimal;

pub(super) fn is_total_label(k0: &str) -> bool {
    let named = k0.starts_with("总分") || k0.starts_with("合计") || k0.starts_with("总计");
    // 自评总分, 项目总分, 总得分, 自评得分, 综合得分.
    let other = [
        "自评总分",
        "项目总分",
        "总得分",
        "自评得分",
        "综合得分",
        "评价总分",
    ]
    .iter()
    .any(|l| k0.starts_with(l));
    (named || other) && k0.chars().count() <= 8
}

fn is_grade_label(k0: &str) -> bool {
    ["评分等级", "评价等级", "自评等级", "等级"]
        .iter()
        .any(|l| k0.starts_with(l))
        && k0.chars().count() <= 10
}

/// The cells after the label, split into numbers and words.
fn parts<'a>(filled: &[&'a Cell<'a>], labelled: bool) -> (Vec<Decimal>, Vec<&'a Cell<'a>>) {
    let rest = if labelled { &filled[1..] } else { filled };
    let numbers = rest
        .iter()
        .filter_map(|c| value::plain_number(&c.text))
        .collect();
    let words = rest
        .iter()
        .copied()
        .filter(|c| value::plain_number(&c.text).is_none())
        .collect();
    (numbers, words)
}

/// A 总分 or 评分等级 row, or (once indicators were read) a bare pair of numbers with at most
/// a grade beside them.
pub(super) fn shape(filled: &[&Cell], has_indicators: bool) -> bool {
    let k0 = filled[0].key();
    if is_total_label(k0) || is_grade_label(k0) {
        return true;
    }
    if filled.len() > 3 || !has_indicators {
        return false;
    }
    let (numbers, words) = parts(filled, false);
    numbers.len() == 2 && words.len() <= 1 && words.iter().all(|c| Grade::parse(&c.text).is_some())
}

pub(super) fn read(b: &mut Builder, row: &Row, filled: &[&Cell]) -> bool {
    let k0 = filled[0].key();
    let (is_total, is_grade) = (is_total_label(k0), is_grade_label(k0));
    let labelled = is_total || is_grade;
    let rest = if labelled { &filled[1..] } else { filled };
    let (numbers, words) = parts(filled, labelled);
    if !numbers.is_empty() && b.form.reported.total.is_none() {
        let n = numbers.len();
        b.form.reported.total = Some(numbers[n - 1]);
        if n >= 2 {
            b.form.reported.weight_total = Some(numbers[n - 2]);
        }
        b.form.reported.total_line = Some(row.line);
        if let Some(c) = rest
            .iter()
            .rev()
            .find(|c| value::plain_number(&c.text).is_some())
        {
            b.at(Field::Total, row.line, c.col);
        }
    }
    let mut grade = words.iter().find_map(|c| Grade::parse(&c.text));
    if is_grade && grade.is_none() {
        // 评分等级：优 in one cell.
        let label_rest = k0.trim_start_matches(|c: char| "评分价自等级".contains(c));
        grade = Grade::parse(label_rest.trim_start_matches([':', '：']));
    }
    if let Some(g) = grade {
        b.form.reported.grade = Some(g.as_str().to_owned());
        b.form.reported.grade_line = Some(row.line);
        let at = words.first().map_or(filled[0].col, |c| c.col);
        b.at(Field::Grade, row.line, at);
    } else if is_grade && b.form.reported.grade_line.is_none() && numbers.is_empty() {
        // An empty 评分等级 row: the grade was left blank.
        b.form.reported.grade_line = Some(row.line);
    }
    b.section = Section::Tail;
    true
}
