//! A corrected form laid out as the cells of a sheet, like the printed form (the national
//! template's eight columns): title, year, header facts, the 项目资金 block with its unit in
//! its name (`项目资金（万元）`, as forms print it and the reader reads it), 年度总体目标, the
//! 绩效指标 table with 一级/二级 labels merged down their groups, 总分 and 评分等级. Each cell a
//! correction or a user changed carries a note saying who changed it, from what and why.

use crate::findings::Code;
use crate::model::{Field, Form, FundCol, FundKind, IndicatorCol, MoneyUnit};
use crate::report::FormReport;
use crate::rules::{short, By, Correction};
use rust_decimal::Decimal;

/// Columns of the national template.
pub const WIDTH: usize = 8;

/// Excel's longest sheet name, in characters.
const MAX_SHEET_NAME: usize = 31;

/// One cell of the laid-out form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Empty,
    /// A heading or label of the template (shown bold).
    Label(String),
    /// What the form says in words.
    Text(String),
    /// A figure, exactly as the report holds it (`18.00` keeps its zeros).
    Figure(Decimal),
}

/// A merged range, 0-based and inclusive: first row, first column, last row, last column.
pub type Merge = (usize, usize, usize, usize);

/// A changed cell: where, and the note saying how it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub row: usize,
    pub col: usize,
    pub note: String,
}

/// A corrected form as a sheet's cells.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    pub marks: Vec<Mark>,
    /// Where each field of the form was written.
    at: Vec<(Field, usize, usize)>,
}

/// The form as corrected: its fields as the report holds them (users' changes and the fund
/// rows' corrections applied) with the checker's 总分 and 评分等级 where it corrected them.
pub fn corrected(fr: &FormReport) -> Form {
    let mut form = fr.form.clone();
    for c in fr.corrections.iter().filter(|c| c.by == By::Auto) {
        if let Some(field @ (Field::Total | Field::Grade)) = c.field {
            // The rule's own figure always reads back; were it not to, the form keeps its own.
            let _ = form.set(field, c.to.as_deref());
        }
    }
    form
}

/// The sheet name of the `n`th form (1-based, counted across every document, so names never
/// repeat): the number and the project, without the characters Excel refuses, at most 31
/// characters.
pub fn name(n: usize, project: Option<&str>) -> String {
    let project = project.unwrap_or("未命名");
    let full = format!("{n} {project}");
    let clean: String = full
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(MAX_SHEET_NAME)
        .collect();
    clean.trim_end().to_owned()
}

/// Lays the corrected form out, its changed cells marked.
pub fn lay_out(fr: &FormReport) -> Sheet {
    let form = corrected(fr);
    let mut s = Sheet::default();
    header(&mut s, &form);
    funds(&mut s, &form);
    goals(&mut s, &form);
    indicators(&mut s, &form);
    totals(&mut s, &form);
    s.mark(fr);
    s
}

fn text(value: Option<&str>) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::Text(v.to_owned()))
}

fn label(value: &str) -> Cell {
    Cell::Label(value.to_owned())
}

fn figure(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Empty, Cell::Figure)
}

impl Sheet {
    /// Adds a row (padded to the template's width); returns its index.
    fn push(&mut self, mut cells: Vec<Cell>) -> usize {
        cells.resize(WIDTH.max(cells.len()), Cell::Empty);
        self.rows.push(cells);
        self.rows.len() - 1
    }

    fn merge(&mut self, row: usize, first: usize, last_row: usize, last: usize) {
        if (row, first) != (last_row, last) {
            self.merges.push((row, first, last_row, last));
        }
    }

    /// The cell (row, column) a field of the form was written in.
    pub fn position(&self, field: Field) -> Option<(usize, usize)> {
        self.at
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|&(_, r, c)| (r, c))
    }

    fn place(&mut self, field: Field, row: usize, col: usize) {
        self.at.push((field, row, col));
    }

    /// Notes on the cells that corrections, accepted fixes and users' edits changed.
    fn mark(&mut self, fr: &FormReport) {
        for c in &fr.corrections {
            let (Some(field), Some(note)) = (c.field, note(fr, c)) else {
                continue;
            };
            let Some((row, col)) = self.position(field) else {
                continue;
            };
            match self.marks.iter_mut().find(|m| (m.row, m.col) == (row, col)) {
                Some(m) => {
                    m.note.push('\n');
                    m.note.push_str(&note);
                }
                None => self.marks.push(Mark { row, col, note }),
            }
        }
    }
}

/// What a changed cell's note says: a user's edit by its values; a correction or an accepted
/// fix by its finding's code and message (the rule, when the finding has gone).
fn note(fr: &FormReport, c: &Correction) -> Option<String> {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "（空）".to_owned());
    let change = format!("{} → {}", show(&c.from), show(&c.to));
    match (c.by, c.code) {
        (By::Edited, _) => Some(format!("用户修改：原值 {change}")),
        (By::Auto | By::Accepted, Some(code)) => Some(format!(
            "{}（{}）：原值 {change}\n{}",
            c.by.label_zh(),
            code.spec().code,
            why(fr, code, c.field)
        )),
        _ => None,
    }
}

fn why(fr: &FormReport, code: Code, field: Option<Field>) -> String {
    fr.findings
        .iter()
        .find(|f| f.code == code && f.field == field)
        .map_or_else(|| code.spec().rule.to_owned(), |f| f.message.clone())
}

/// Title, year, 项目名称, 主管部门 and 实施单位.
fn header(s: &mut Sheet, form: &Form) {
    let title = form.title.as_deref().unwrap_or("财政项目支出绩效自评表");
    let r = s.push(vec![label(title)]);
    s.merge(r, 0, r, WIDTH - 1);
    s.place(Field::Title, r, 0);
    if let Some(y) = form.year {
        let r = s.push(vec![Cell::Text(format!("({y}年度)"))]);
        s.merge(r, 0, r, WIDTH - 1);
        s.place(Field::Year, r, 0);
    }
    let r = s.push(vec![label("项目名称"), text(form.project.as_deref())]);
    s.merge(r, 1, r, WIDTH - 1);
    s.place(Field::Project, r, 1);
    let r = s.push(vec![
        label("主管部门"),
        text(form.department.as_deref()),
        Cell::Empty,
        Cell::Empty,
        label("实施单位"),
        text(form.implementer.as_deref()),
    ]);
    s.merge(r, 1, r, 3);
    s.merge(r, 5, r, WIDTH - 1);
    s.place(Field::Department, r, 1);
    s.place(Field::Implementer, r, 5);
}

/// The 项目资金 block: its name with the unit, the headings, the rows the form has.
fn funds(s: &mut Sheet, form: &Form) {
    let name = match form.unit {
        Some(MoneyUnit::WanYuan) => "项目资金（万元）",
        Some(MoneyUnit::Yuan) => "项目资金（元）",
        None => "项目资金",
    };
    let mut cells = vec![label(name), Cell::Empty];
    cells.extend(FundCol::ALL.map(|c| label(c.label())));
    let first = s.push(cells);
    s.place(Field::Unit, first, 0);
    let mut last = first;
    for kind in FundKind::ALL {
        let Some(row) = form.funds.get(kind) else {
            continue;
        };
        let name = match kind {
            FundKind::Appropriation => "其中：当年财政拨款",
            _ => kind.label(),
        };
        let mut cells = vec![Cell::Empty, label(name)];
        cells.extend(FundCol::ALL.map(|col| match row.get(col) {
            // The component rows print a dash where they have no 分值 or 得分.
            None if kind != FundKind::Total && matches!(col, FundCol::Weight | FundCol::Score) => {
                Cell::Text("-".to_owned())
            }
            d => figure(d),
        }));
        last = s.push(cells);
        for (i, col) in FundCol::ALL.into_iter().enumerate() {
            s.place(Field::Fund(kind, col), last, 2 + i);
        }
    }
    s.merge(first, 0, last, 0);
}

/// 年度总体目标: 预期目标 and 实际完成情况.
fn goals(s: &mut Sheet, form: &Form) {
    let (planned, achieved) = (&form.goals.planned, &form.goals.achieved);
    let first = s.push(vec![
        label("年度总体目标"),
        label("预期目标"),
        Cell::Empty,
        Cell::Empty,
        label("实际完成情况"),
    ]);
    s.merge(first, 1, first, 3);
    s.merge(first, 4, first, WIDTH - 1);
    if planned.is_none() && achieved.is_none() {
        return;
    }
    let r = s.push(vec![
        Cell::Empty,
        text(planned.as_deref()),
        Cell::Empty,
        Cell::Empty,
        text(achieved.as_deref()),
    ]);
    s.merge(r, 1, r, 3);
    s.merge(r, 4, r, WIDTH - 1);
    s.merge(first, 0, r, 0);
    s.place(Field::Planned, r, 1);
    s.place(Field::Achieved, r, 4);
}

/// A level's label as printed, with the weight its header printed (`产出指标(50分)`).
fn level_label(form: &Form, i: usize, depth: u8) -> Option<String> {
    let ind = &form.indicators[i];
    let label = if depth == 1 { &ind.level1 } else { &ind.level2 };
    let label = label.as_deref()?;
    Some(
        match form
            .levels
            .iter()
            .find(|l| l.depth == depth && l.holds(ind))
        {
            Some(l) => format!("{label}({}分)", short(l.weight)),
            None => label.to_owned(),
        },
    )
}

/// The 绩效指标 table: headings, one row per indicator, 一级 and 二级 labels once per group
/// and merged down it.
fn indicators(s: &mut Sheet, form: &Form) {
    s.push(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
        .map(label)
        .to_vec(),
    );
    // The row each group started on, for 一级 and 二级.
    let mut starts: [Option<usize>; 2] = [None, None];
    for (i, ind) in form.indicators.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| &form.indicators[p]);
        let new1 = prev.is_none_or(|p| p.level1 != ind.level1);
        let new2 = new1 || prev.is_some_and(|p| p.level2 != ind.level2);
        let row = s.rows.len();
        for (depth, new) in [(1u8, new1), (2, new2)] {
            let col = usize::from(depth - 1);
            if new {
                close_group(s, starts[col].take(), col, row);
                starts[col] = Some(row);
            }
        }
        let shown = |depth: u8, new: bool| {
            let l = if new {
                level_label(form, i, depth)
            } else {
                None
            };
            l.map_or(Cell::Empty, Cell::Text)
        };
        s.push(vec![
            shown(1, new1),
            shown(2, new2),
            Cell::Text(ind.name.clone()),
            text(ind.target.as_ref().map(|v| v.text.as_str())),
            text(ind.actual.as_ref().map(|v| v.text.as_str())),
            figure(ind.weight),
            figure(ind.score),
            text(ind.reason.as_deref()),
        ]);
        s.place(
            Field::Indicator(i, IndicatorCol::Level1),
            starts[0].unwrap_or(row),
            0,
        );
        s.place(
            Field::Indicator(i, IndicatorCol::Level2),
            starts[1].unwrap_or(row),
            1,
        );
        for (col, c) in IndicatorCol::ALL.into_iter().enumerate().skip(2) {
            s.place(Field::Indicator(i, c), row, col);
        }
    }
    let end = s.rows.len();
    close_group(s, starts[0], 0, end);
    close_group(s, starts[1], 1, end);
}

/// Merges a group's label down its rows (`start` up to the row before `end`).
fn close_group(s: &mut Sheet, start: Option<usize>, col: usize, end: usize) {
    if let Some(start) = start.filter(|&r| end > r + 1) {
        if s.rows[start][col] != Cell::Empty {
            s.merge(start, col, end - 1, col);
        }
    }
}

/// The 总分 row (分值 合计 and 总分) and the 评分等级 row, where the form has them.
fn totals(s: &mut Sheet, form: &Form) {
    let r = &form.reported;
    if r.total.is_some() || r.weight_total.is_some() {
        let mut cells = vec![label("总分")];
        cells.resize(5, Cell::Empty);
        cells.extend([figure(r.weight_total), figure(r.total)]);
        let row = s.push(cells);
        s.place(Field::Total, row, 6);
    }
    if let Some(g) = &r.grade {
        let row = s.push(vec![label("评分等级"), Cell::Text(g.clone())]);
        s.place(Field::Grade, row, 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_what_excel_takes() {
        assert_eq!(name(3, Some("a/b:c*d?[e]\\'")), "3 abcde");
        assert_eq!(name(1, None), "1 未命名");
        let long = name(12, Some(&"长".repeat(40)));
        assert_eq!(long.chars().count(), 31);
        assert!(long.starts_with("12 长"));
    }

    #[test]
    fn the_form_is_laid_out_like_the_template() {
        let text = include_str!("../../www/example.txt");
        let report = crate::check_text("t", text, &crate::Options::default());
        let sheet = lay_out(&report.forms[0]);
        assert!(sheet.rows.iter().all(|r| r.len() == WIDTH));
        let first = |c: &Cell| match c {
            Cell::Label(t) | Cell::Text(t) => t.clone(),
            _ => String::new(),
        };
        let starts: Vec<String> = sheet.rows.iter().map(|r| first(&r[0])).collect();
        for want in ["项目名称", "主管部门", "一级指标", "总分"] {
            assert!(starts.iter().any(|s| s == want), "{want} in {starts:?}");
        }
        assert!(starts.iter().any(|s| s.starts_with("项目资金")));
    }
}
