//! The one place reports become rows of text: one row per finding and one per form, under
//! Chinese headings defined here. The CSV and both sheets of the findings workbook write
//! exactly these rows.

use crate::findings::{Finding, Severity};
use crate::report::{FormReport, Report};
use crate::rules::By;

/// The headings of a finding row, in column order.
pub const FINDING_HEADERS: [&str; 13] = [
    "文件",
    "表序号",
    "项目名称",
    "主管部门",
    "实施单位",
    "代码",
    "级别",
    "问题",
    "单元格或行",
    "填报值",
    "应为",
    "已忽略",
    "忽略说明",
];

/// The headings of a form row (the overview), in column order.
pub const FORM_HEADERS: [&str; 14] = [
    "文件",
    "表序号",
    "项目名称",
    "主管部门",
    "实施单位",
    "金额单位",
    "填报总分",
    "重算总分",
    "填报等级",
    "重算等级",
    "错误",
    "警告",
    "已忽略",
    "首个错误代码",
];

pub type FindingRow = [String; FINDING_HEADERS.len()];
pub type FormRow = [String; FORM_HEADERS.len()];

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

/// Every finding of every report, in order: a document's own findings, then each form's.
pub fn findings(reports: &[Report]) -> Vec<FindingRow> {
    let mut out = Vec::new();
    for report in reports {
        let file = &report.source.name;
        out.extend(report.findings.iter().map(|f| finding(file, None, f)));
        for (i, form) in report.forms.iter().enumerate() {
            out.extend(
                form.findings
                    .iter()
                    .map(|f| finding(file, Some((i, form)), f)),
            );
        }
    }
    out
}

/// One finding's row; `form` is its form (0-based index) unless it is about the document.
fn finding(file: &str, form: Option<(usize, &FormReport)>, f: &Finding) -> FindingRow {
    let fact = |get: fn(&FormReport) -> Option<&str>| text(form.and_then(|(_, fr)| get(fr)));
    let place = match (&f.cell, f.line) {
        (Some(cell), _) => cell.to_string(),
        (None, Some(line)) => format!("第 {line} 行"),
        (None, None) => String::new(),
    };
    let note = form.and_then(|(_, fr)| dismissal_note(fr, f));
    [
        file.to_owned(),
        form.map(|(i, _)| (i + 1).to_string()).unwrap_or_default(),
        fact(|fr| fr.form.project.as_deref()),
        fact(|fr| fr.form.department.as_deref()),
        fact(|fr| fr.form.implementer.as_deref()),
        f.code.spec().code.to_owned(),
        f.severity.label_zh().to_owned(),
        f.message.clone(),
        place,
        text(f.found.as_deref()),
        text(f.expected.as_deref()),
        if f.dismissed { "是" } else { "否" }.to_owned(),
        note.unwrap_or_default(),
    ]
}

/// The note of the dismissal that stands on a dismissed finding (the last entry of the trail
/// dismissing its code on its field), as the page shows it.
fn dismissal_note(form: &FormReport, f: &Finding) -> Option<String> {
    if !f.dismissed {
        return None;
    }
    form.corrections
        .iter()
        .rev()
        .find(|c| c.by == By::Dismissed && c.code == Some(f.code) && c.field == f.field)
        .and_then(|c| c.note.clone())
}

/// Every form of every report, in order: its facts, printed and recomputed 总分 and 等级, and
/// the findings that stand.
pub fn forms(reports: &[Report]) -> Vec<FormRow> {
    let mut out = Vec::new();
    for report in reports {
        for (i, fr) in report.forms.iter().enumerate() {
            out.push(form(&report.source.name, i, fr));
        }
    }
    out
}

fn form(file: &str, i: usize, fr: &FormReport) -> FormRow {
    let f = &fr.form;
    let standing = |sev: Severity| {
        fr.findings
            .iter()
            .filter(|x| !x.dismissed && x.severity == sev)
            .count()
    };
    let first_error = fr
        .findings
        .iter()
        .find(|x| !x.dismissed && x.severity == Severity::Error)
        .map(|x| x.code.spec().code.to_owned());
    let decimal = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        file.to_owned(),
        (i + 1).to_string(),
        text(f.project.as_deref()),
        text(f.department.as_deref()),
        text(f.implementer.as_deref()),
        text(f.unit.map(|u| u.label())),
        decimal(f.reported.total),
        decimal(fr.recomputed.total),
        text(f.reported.grade.as_deref()),
        text(fr.recomputed.grade.map(|g| g.as_str())),
        standing(Severity::Error).to_string(),
        standing(Severity::Warning).to_string(),
        fr.findings
            .iter()
            .filter(|x| x.dismissed)
            .count()
            .to_string(),
        first_error.unwrap_or_default(),
    ]
}

/// The headings of an audit-trail row (the corrected-forms workbook's 修改记录), in order.
pub const TRAIL_HEADERS: [&str; 8] = [
    "表",
    "方式",
    "字段",
    "原值",
    "新值",
    "问题代码",
    "理由",
    "时间",
];

pub type TrailRow = [String; TRAIL_HEADERS.len()];

/// A form's audit trail, each entry under `sheet` (the name of the form's sheet): who changed
/// which field (its name and path; `（整张表）` for a finding about the form as a whole), from
/// what to what, for which finding, the user's note and when.
pub fn trail(sheet: &str, fr: &FormReport) -> Vec<TrailRow> {
    fr.corrections
        .iter()
        .map(|c| {
            let field = c.field.map_or_else(
                || "（整张表）".to_owned(),
                |f| format!("{}（{}）", f.label(), f.path()),
            );
            [
                sheet.to_owned(),
                c.by.label_zh().to_owned(),
                field,
                text(c.from.as_deref()),
                text(c.to.as_deref()),
                c.code
                    .map(|code| code.spec().code.to_owned())
                    .unwrap_or_default(),
                text(c.note.as_deref()),
                text(c.at.as_deref()),
            ]
        })
        .collect()
}
