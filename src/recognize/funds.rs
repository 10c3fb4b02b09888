//! 项目资金: the header naming the columns, then 年度资金总额 and its parts.

use super::columns::Columns;
use super::{Builder, Section};
use crate::findings::{Code, Finding};
use crate::grid::Row;
use crate::model::{Block, Field, FundCol, FundKind, FundRow, MoneyUnit};
use crate::value::{figure, Figure};
use crate::vocab::Heading;

/// What the block's header said.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The header's columns.
    columns: Option<Columns>,
    /// Each fund column the header names, and where it sits.
    cols: Vec<(FundCol, usize)>,
}

/// The fund column a heading names.
fn fund_col(h: Heading) -> Option<FundCol> {
    Some(match h {
        Heading::Initial => FundCol::Initial,
        Heading::Annual => FundCol::Annual,
        Heading::Executed => FundCol::Executed,
        Heading::Weight => FundCol::Weight,
        Heading::Rate => FundCol::Rate,
        Heading::Score => FundCol::Score,
        _ => return None,
    })
}

/// The money unit a text names: `万元`, `(元)`, `单位：万元`.
pub(super) fn unit_in(joined: &str) -> Option<MoneyUnit> {
    if joined.contains("万元") {
        Some(MoneyUnit::WanYuan)
    } else if joined.contains("(元)") || joined.contains("（元）") || joined.contains("元)") {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

pub(super) fn header(b: &mut Builder, row: &Row) -> bool {
    let joined: String = row.filled().map(|c| c.key()).collect();
    if let Some(unit) = unit_in(&joined) {
        b.form.unit = Some(unit);
    }
    b.funds.columns = Some(Columns::of(row));
    map_columns(b);
    // Some templates print the goals first: the block's header starts it wherever it is.
    b.section = if b.section < Section::Indicators {
        Section::Funds
    } else {
        b.section
    };
    b.open_header = Some(Block::Funds);
    true
}

/// A second header row (`预算数` under `年初`).
pub(super) fn extend_header(b: &mut Builder, row: &Row) -> bool {
    let extended = b.funds.columns.as_mut().is_some_and(|c| c.extend(row));
    if extended {
        map_columns(b);
        let joined: String = row.filled().map(|c| c.key()).collect();
        if let Some(unit) = unit_in(&joined) {
            b.form.unit = Some(unit);
        }
    }
    extended
}

fn map_columns(b: &mut Builder) {
    let Some(columns) = &b.funds.columns else {
        return;
    };
    let cols: Vec<(FundCol, usize)> = columns
        .at
        .iter()
        .filter_map(|(h, c)| fund_col(*h).map(|f| (f, *c)))
        .collect();
    if cols.len() >= 3 {
        b.funds.cols = cols;
    }
}

/// Whether the columns come in an order a fund table can have: the budgets, then what was
/// executed, then its rate and score.
fn plausible(order: &[FundCol]) -> bool {
    let at = |c: FundCol| order.iter().position(|x| *x == c);
    let before = |a: FundCol, b: FundCol| match (at(a), at(b)) {
        (Some(a), Some(b)) => a < b,
        _ => true,
    };
    before(FundCol::Initial, FundCol::Annual)
        && before(FundCol::Annual, FundCol::Executed)
        && before(FundCol::Executed, FundCol::Rate)
        && before(FundCol::Executed, FundCol::Score)
        && before(FundCol::Annual, FundCol::Rate)
}

/// The cells a fund row's figures sit in, in the order of `State::cols` (or the template's):
/// each after the label (`figs` holds the cells after it read as figures).
fn columns(st: &State, row: &Row, label_idx: usize, order: usize, figs: &[Figure]) -> Vec<usize> {
    let cells = &row.cells;
    let header_cols: Vec<usize> = st.cols.iter().map(|(_, c)| *c).collect();
    let col_of = |want: FundCol| st.cols.iter().find(|(c, _)| *c == want).map(|(_, i)| *i);
    // Header-aligned when the data sits under its header (clean TSV); otherwise read the
    // cells after the label in the header's order (PDF text shifts columns).
    let aligned = !header_cols.is_empty()
        && header_cols.iter().all(|&c| c > label_idx)
        && cells[label_idx + 1..]
            .iter()
            .all(|c| c.text.is_empty() || header_cols.contains(&c.col))
        && [FundCol::Annual, FundCol::Executed].iter().all(|&w| {
            col_of(w).is_some_and(|c| matches!(figure_at(figs, label_idx, c), Figure::Number(_)))
        });
    if aligned {
        return header_cols;
    }
    let first = (label_idx + 1..cells.len())
        .find(|&i| !cells[i].text.is_empty())
        .unwrap_or(cells.len());
    (first..first + order).collect()
}

/// Cell `col` of a fund row as a figure, from its cells after the label read as figures: empty
/// past the row's end (the columns are all after the label).
fn figure_at(figs: &[Figure], label_idx: usize, col: usize) -> &Figure {
    col.checked_sub(label_idx + 1)
        .and_then(|k| figs.get(k))
        .unwrap_or(&Figure::Empty)
}

/// The fund columns in the order a row at `line` is read: the header's, or the template's
/// where no header was found. Where there was none, or its order cannot be a fund table's, the
/// block is said to be uncertain.
fn order(b: &mut Builder, line: usize) -> Vec<FundCol> {
    if b.funds.cols.is_empty() && b.funds.columns.is_none() {
        b.uncertain(
            Block::Funds,
            line,
            "未找到项目资金的表头（预算数、执行数、执行率……），按全国模板的列序读取",
            false,
        );
    }
    let order: Vec<FundCol> = if b.funds.cols.is_empty() {
        FundCol::ALL.to_vec()
    } else {
        b.funds.cols.iter().map(|(c, _)| *c).collect()
    };
    if !plausible(&order) {
        b.uncertain(
            Block::Funds,
            line,
            "表头的列序读不通（执行率或得分在预算数、执行数之前）",
            true,
        );
    }
    order
}

/// A fund row. A second 其他资金-like row (财政专户管理资金 beside 单位资金) adds to the
/// first; a second row of another kind is not taken (`false`).
pub(super) fn row(b: &mut Builder, row: &Row, kind: FundKind, label_idx: usize) -> bool {
    let again = b.form.funds.get(kind).is_some();
    if again && kind != FundKind::Other {
        return false;
    }
    let order = order(b, row.line);
    // The cells after the label read as figures once: the tests below and the reading ask for
    // the same cells.
    let after = &row.cells[label_idx + 1..];
    let figs: Vec<Figure> = after.iter().map(|c| figure(&c.text)).collect();
    let columns = columns(&b.funds, row, label_idx, order.len(), &figs);
    let figures = figs
        .iter()
        .filter(|f| matches!(f, Figure::Number(_) | Figure::Placeholder))
        .count();
    if row.loose && figures < order.len() && kind == FundKind::Total {
        // Text split on spaces keeps no empty cell: which column is missing is unknown.
        b.uncertain(
            Block::Funds,
            row.line,
            &format!(
                "第 {} 行的数字少于表头的列（空单元格在无制表符的文本中无法定位）",
                row.line
            ),
            true,
        );
    }
    // A figure past the header's last column (text there is a reason or a note).
    let beyond = after
        .iter()
        .zip(&figs)
        .any(|(c, f)| columns.last().is_some_and(|&l| c.col > l) && matches!(f, Figure::Number(_)));
    if beyond {
        b.uncertain(
            Block::Funds,
            row.line,
            &format!("第 {} 行的数字比表头的列多", row.line),
            true,
        );
    }
    let mut fr = FundRow {
        line: row.line,
        ..FundRow::default()
    };
    for (col, &c) in order.iter().zip(&columns) {
        if !again {
            b.at(Field::Fund(kind, *col), row.line, c);
        }
        let figure = figure_at(&figs, label_idx, c);
        *fr.slot(*col) = number(b, row.line, kind, *col, figure);
    }
    if again {
        add_to(b, kind, &fr);
        return true;
    }
    if kind == FundKind::Total {
        b.form.reported.rate = fr.rate;
        b.form.reported.execution_score = fr.score;
    }
    *b.form.funds.get_mut(kind) = Some(fr);
    b.section = b.section.max(Section::Funds);
    true
}

/// Adds a second row's amounts to the row of its kind (rates and scores are not added).
fn add_to(b: &mut Builder, kind: FundKind, more: &FundRow) {
    let Some(row) = b.form.funds.get_mut(kind).as_mut() else {
        return;
    };
    for col in [FundCol::Initial, FundCol::Annual, FundCol::Executed] {
        let sum = match (row.get(col), more.get(col)) {
            (Some(a), Some(m)) => a.checked_add(m),
            (a, m) => a.or(m),
        };
        *row.slot(col) = sum;
    }
}

/// A fund figure as read; a cell that is not one is said.
fn number(
    b: &mut Builder,
    line: usize,
    kind: FundKind,
    col: FundCol,
    figure: &Figure,
) -> Option<rust_decimal::Decimal> {
    match figure {
        Figure::Number(d) => Some(*d),
        Figure::Invalid(t) => {
            b.findings.push(
                Finding::new(
                    Code::ParseBadNumber,
                    Some(line),
                    &format!("{}的{}", kind.label(), col.label()),
                    Some(t.clone()),
                    None,
                )
                .field(Field::Fund(kind, col)),
            );
            None
        }
        Figure::Empty | Figure::Placeholder => None,
    }
}
