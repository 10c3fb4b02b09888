//! 项目资金: the header naming the columns, then 年度资金总额 and its parts.

use super::{Builder, Section};
use crate::findings::{Code, Finding};
use crate::grid::Row;
use crate::model::{Field, FundCol, FundKind, FundRow, MoneyUnit};
use crate::value::{figure, Figure};

/// What the block's header said.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Each column the header names, and where it sits.
    cols: Vec<(FundCol, usize)>,
}

pub(super) fn header(b: &mut Builder, row: &Row) -> bool {
    let joined: String = row.filled().map(|c| c.key()).collect();
    if joined.contains("万元") {
        b.form.unit = Some(MoneyUnit::WanYuan);
    } else if joined.contains("(元)") || joined.contains("（元）") || joined.contains("元)") {
        b.form.unit = Some(MoneyUnit::Yuan);
    }
    let mut cols = Vec::new();
    for c in row.filled() {
        let k = c.key();
        let col = if k.contains("年初") {
            FundCol::Initial
        } else if k.contains("执行率") {
            FundCol::Rate
        } else if k.contains("执行数") || k.contains("实际支出") || k.contains("全年执行")
        {
            FundCol::Executed
        } else if k.contains("预算数") || k.contains("全年预算") {
            FundCol::Annual
        } else if k.contains("分值") || k.contains("分数") || k.contains("权重") {
            FundCol::Weight
        } else if k.contains("得分") {
            FundCol::Score
        } else {
            continue;
        };
        if !cols.iter().any(|(c, _)| *c == col) {
            cols.push((col, c.col));
        }
    }
    if cols.len() >= 3 {
        b.funds.cols = cols;
    }
    b.section = b.section.max(Section::Funds);
    true
}

/// The cells a fund row's figures sit in, in the order of `State::cols` (or the template's).
fn columns(st: &State, row: &Row, label_idx: usize, order: usize) -> Vec<usize> {
    let cells = &row.cells;
    let at = |i: usize| cells.get(i).map_or("", |c| c.text.as_str());
    let header_cols: Vec<usize> = st.cols.iter().map(|(_, c)| *c).collect();
    let col_of = |want: FundCol| st.cols.iter().find(|(c, _)| *c == want).map(|(_, i)| *i);
    // Header-aligned when the data sits under its header (clean TSV); otherwise read the
    // cells after the label in the header's order (PDF text shifts columns).
    let aligned = !header_cols.is_empty()
        && header_cols.iter().all(|&c| c > label_idx)
        && cells[label_idx + 1..]
            .iter()
            .all(|c| c.text.is_empty() || header_cols.contains(&c.col))
        && [FundCol::Annual, FundCol::Executed]
            .iter()
            .all(|&w| col_of(w).is_some_and(|c| matches!(figure(at(c)), Figure::Number(_))));
    if aligned {
        return header_cols;
    }
    let first = (label_idx + 1..cells.len())
        .find(|&i| !cells[i].text.is_empty())
        .unwrap_or(cells.len());
    (first..first + order).collect()
}

/// A fund row; `false` when the form already has a row of this kind.
pub(super) fn row(b: &mut Builder, row: &Row, kind: FundKind, label_idx: usize) -> bool {
    if b.form.funds.get(kind).is_some() {
        return false;
    }
    let order: Vec<FundCol> = if b.funds.cols.is_empty() {
        FundCol::ALL.to_vec()
    } else {
        b.funds.cols.iter().map(|(c, _)| *c).collect()
    };
    let columns = columns(&b.funds, row, label_idx, order.len());
    let mut fr = FundRow {
        line: row.line,
        ..FundRow::default()
    };
    for (col, &c) in order.iter().zip(&columns) {
        b.at(Field::Fund(kind, *col), row.line, c);
        let text = row.cells.get(c).map_or("", |c| c.text.as_str());
        *fr.slot(*col) = number(b, row.line, kind, *col, text);
    }
    if kind == FundKind::Total {
        b.form.reported.rate = fr.rate;
        b.form.reported.execution_score = fr.score;
    }
    *b.form.funds.get_mut(kind) = Some(fr);
    b.section = b.section.max(Section::Funds);
    true
}

/// A fund figure; a cell that is not one is said.
fn number(
    b: &mut Builder,
    line: usize,
    kind: FundKind,
    col: FundCol,
    text: &str,
) -> Option<rust_decimal::Decimal> {
    match figure(text) {
        Figure::Number(d) => Some(d),
        Figure::Invalid(t) => {
            b.findings.push(
                Finding::new(
                    Code::ParseBadNumber,
                    Some(line),
                    &format!("{}的{}", kind.label(), col.label()),
                    Some(t),
                    None,
                )
                .field(Field::Fund(kind, col)),
            );
            None
        }
        Figure::Empty | Figure::Placeholder => None,
    }
}
