//! Stage 6: revising a checked form — a user's edits, accepted fixes and dismissed findings,
//! each re-run through the rules — and reading a downloaded report back to continue.
//!
//! A form's report is its own state: `form` is the form as printed with the users' changes and
//! the checker's safe corrections applied, and `corrections` is the audit trail (users' entries
//! in order, then the checker's entries of the latest check). Revising takes the checker's
//! entries back out (their `from` is what stood before the check), applies the action, and
//! checks again, so every finding is about the form as the users left it and the trail keeps
//! every user's step.
//!
//! ```
//! use jixiao::revise::{revise, Action};
//! let text = "财政项目支出绩效自评表\n项目名称\t示例\n\
//!             项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
//!             \t年度资金总额\t18.00\t18.00\t16.89\t10.00\t93.83\t9.38\n\
//!             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n\
//!             产出指标\t数量指标\t报告数\t≥2(份)\t2(份)\t90\t90\n\
//!             总分\t\t\t\t\t100\t99.38\t优\n";
//! let report = jixiao::check_text("示例", text, &jixiao::Options::default());
//! let edit = Action::Edit { field: "indicators[0].score".into(), value: Some("70".into()) };
//! let revised = revise(&report.forms[0], Some(&edit), None).unwrap();
//! assert_eq!(revised.recomputed.total.unwrap().to_string(), "79.38");
//! assert_eq!(revised.recomputed.grade.as_deref(), Some("中"));
//! assert!(revised.findings.iter().any(|f| f.code.spec().code == "total.mismatch"));
//! ```

use crate::findings::{Finding, READER_CODES};
use crate::model::{Field, Form, FundRow, IndicatorCol, MoneyUnit};
use crate::report::{FormReport, Report, SCHEMA_VERSION};
use crate::rules::{self, By, Correction};
use crate::value::{figure, Figure, IndicatorValue};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::fmt;

/// One thing a user does to a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Type a new value into a field (`None` or empty clears it).
    Edit {
        field: String,
        value: Option<String>,
    },
    /// Take the fix of the finding `code` on `field`.
    Accept { code: String, field: String },
    /// Set aside the finding `code` on `field` (none for a finding about the whole form).
    Dismiss {
        code: String,
        field: Option<String>,
        note: Option<String>,
    },
    /// Take back the dismissal of the finding `code` on `field`.
    Restore { code: String, field: Option<String> },
}

/// An action as the page sends it: `{"kind": "edit", "field", "value"}`, `{"kind": "accept",
/// "code", "field"}`, `{"kind": "dismiss", "code", "field", "note"}` or `{"kind": "restore",
/// "code", "field"}`, with `at` (ISO 8601)
/// beside. A plain struct rather than a tagged enum keeps the wasm reader small.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionJson {
    pub kind: String,
    pub field: Option<String>,
    pub value: Option<String>,
    pub code: Option<String>,
    pub note: Option<String>,
    pub at: Option<String>,
}

impl ActionJson {
    /// The action it describes.
    pub fn action(self) -> Result<Action, EditError> {
        let missing = |what: &str| EditError::BadAction(format!("{} 缺少 {what}", self.kind));
        match self.kind.as_str() {
            "edit" => Ok(Action::Edit {
                field: self.field.clone().ok_or_else(|| missing("field"))?,
                value: self.value,
            }),
            "accept" => Ok(Action::Accept {
                code: self.code.clone().ok_or_else(|| missing("code"))?,
                field: self.field.clone().ok_or_else(|| missing("field"))?,
            }),
            "dismiss" => Ok(Action::Dismiss {
                code: self.code.clone().ok_or_else(|| missing("code"))?,
                field: self.field,
                note: self.note,
            }),
            "restore" => Ok(Action::Restore {
                code: self.code.clone().ok_or_else(|| missing("code"))?,
                field: self.field,
            }),
            other => Err(EditError::BadAction(format!("未知的操作 {other:?}"))),
        }
    }
}

/// Why an action could not be applied. The form stays as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    UnknownField(String),
    NotANumber {
        field: String,
        value: String,
    },
    BadValue {
        field: String,
        value: String,
    },
    NoSuchFinding {
        code: String,
        field: String,
    },
    NoFix {
        code: String,
        field: String,
    },
    NotDismissed {
        code: String,
        field: String,
    },
    NoSuchForm(usize),
    /// The page sent an action this version does not know.
    BadAction(String),
    /// A report read back is not one this version wrote.
    NotAReport(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownField(p) => write!(f, "没有这个字段：{p}"),
            EditError::NotANumber { field, value } => {
                write!(f, "{field}：“{value}”不是可读的数字")
            }
            EditError::BadValue { field, value } => write!(f, "{field}：不能填写“{value}”"),
            EditError::NoSuchFinding { code, field } => {
                write!(
                    f,
                    "本表没有 {field} 上的 {code} 问题（可能已随其他修改消失）"
                )
            }
            EditError::NoFix { code, field } => write!(f, "{field} 上的 {code} 没有建议值"),
            EditError::NotDismissed { code, field } => {
                write!(f, "{field} 上的 {code} 没有被忽略，无需恢复")
            }
            EditError::NoSuchForm(i) => write!(f, "没有第 {} 张表", i + 1),
            EditError::BadAction(why) => write!(f, "无法执行的操作：{why}"),
            EditError::NotAReport(why) => write!(f, "不是 jixiao 导出的 JSON：{why}"),
        }
    }
}

impl std::error::Error for EditError {}

fn unit_text(u: MoneyUnit) -> &'static str {
    match u {
        MoneyUnit::WanYuan => "万元",
        MoneyUnit::Yuan => "元",
    }
}

/// The value of a field as the JSON shows it (`None` for an absent value).
fn get(form: &Form, field: Field) -> Option<String> {
    let dec = |d: Option<Decimal>| d.map(|d| d.to_string());
    match field {
        Field::Title => form.title.clone(),
        Field::Project => form.project.clone(),
        Field::Department => form.department.clone(),
        Field::Implementer => form.implementer.clone(),
        Field::Year => form.year.map(|y| y.to_string()),
        Field::Unit => form.unit.map(|u| unit_text(u).to_owned()),
        Field::Planned => form.goals.planned.clone(),
        Field::Achieved => form.goals.achieved.clone(),
        Field::Fund(kind, col) => dec(form.funds.get(kind).and_then(|r| r.get(col))),
        Field::Indicator(i, col) => {
            let ind = &form.indicators[i];
            match col {
                IndicatorCol::Level1 => ind.level1.clone(),
                IndicatorCol::Level2 => ind.level2.clone(),
                IndicatorCol::Name => Some(ind.name.clone()),
                IndicatorCol::Target => ind.target.as_ref().map(|v| v.text.clone()),
                IndicatorCol::Actual => ind.actual.as_ref().map(|v| v.text.clone()),
                IndicatorCol::Weight => dec(ind.weight),
                IndicatorCol::Score => dec(ind.score),
                IndicatorCol::Reason => ind.reason.clone(),
            }
        }
        Field::Total => dec(form.reported.total),
        Field::Grade => form.reported.grade.clone(),
    }
}

/// Sets a field from what a user typed; returns the value as the JSON will show it.
fn set(form: &mut Form, field: Field, path: &str, value: Option<&str>) -> Result<(), EditError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    let text = || value.map(str::to_owned);
    let number = || -> Result<Option<Decimal>, EditError> {
        match value.map(figure) {
            None | Some(Figure::Empty | Figure::Placeholder) => Ok(None),
            Some(Figure::Number(d)) => Ok(Some(d)),
            Some(Figure::Invalid(v)) => Err(EditError::NotANumber {
                field: path.to_owned(),
                value: v,
            }),
        }
    };
    let bad = || EditError::BadValue {
        field: path.to_owned(),
        value: value.unwrap_or("").to_owned(),
    };
    match field {
        Field::Title => form.title = text(),
        Field::Project => form.project = text(),
        Field::Department => form.department = text(),
        Field::Implementer => form.implementer = text(),
        Field::Year => {
            form.year = match value {
                None => None,
                Some(v) => Some(
                    v.trim_end_matches('年')
                        .parse::<u16>()
                        .ok()
                        .filter(|y| (1949..=2200).contains(y))
                        .ok_or_else(bad)?,
                ),
            }
        }
        Field::Unit => {
            form.unit = match value {
                None => None,
                Some("万元") => Some(MoneyUnit::WanYuan),
                Some("元") => Some(MoneyUnit::Yuan),
                Some(_) => return Err(bad()),
            }
        }
        Field::Planned => form.goals.planned = text(),
        Field::Achieved => form.goals.achieved = text(),
        Field::Fund(kind, col) => {
            let d = number()?;
            let line = form.lines.start;
            let row = form.funds.get_mut(kind).get_or_insert_with(|| FundRow {
                line,
                ..FundRow::default()
            });
            *row.slot(col) = d;
        }
        Field::Indicator(i, col) => {
            let d = match col {
                IndicatorCol::Weight | IndicatorCol::Score => number()?,
                _ => None,
            };
            let ind = &mut form.indicators[i];
            match col {
                IndicatorCol::Level1 => ind.level1 = text(),
                IndicatorCol::Level2 => ind.level2 = text(),
                IndicatorCol::Name => ind.name = text().unwrap_or_default(),
                IndicatorCol::Target => ind.target = value.map(IndicatorValue::parse),
                IndicatorCol::Actual => ind.actual = value.map(IndicatorValue::parse),
                IndicatorCol::Weight => ind.weight = d,
                IndicatorCol::Score => ind.score = d,
                IndicatorCol::Reason => ind.reason = text(),
            }
        }
        Field::Total => form.reported.total = number()?,
        Field::Grade => {
            form.reported.grade = match value {
                None => None,
                Some(v) => Some(crate::recognize::grade(v).ok_or_else(bad)?),
            }
        }
    }
    Ok(())
}

/// The field a path names, on this form (its indicator exists).
fn field(form: &Form, path: &str) -> Result<Field, EditError> {
    Field::parse(path)
        .filter(|f| !matches!(f, Field::Indicator(i, _) if *i >= form.indicators.len()))
        .ok_or_else(|| EditError::UnknownField(path.to_owned()))
}

/// Applies `action` (none: just check again) to a checked form and checks it again. `at` is
/// the time to record on the user's entry.
pub fn revise(
    report: &FormReport,
    action: Option<&Action>,
    at: Option<&str>,
) -> Result<FormReport, EditError> {
    // The form before the latest check: the checker's corrections taken back out.
    let mut form = report.form.clone();
    for c in report.corrections.iter().rev().filter(|c| c.by == By::Auto) {
        match field(&form, &c.field)? {
            // The grade as it stood, whatever it says (a user's entry is read strictly).
            Field::Grade => form.reported.grade = c.from.clone(),
            f => set(&mut form, f, &c.field, c.from.as_deref())?,
        }
    }
    let mut trail: Vec<Correction> = report
        .corrections
        .iter()
        .filter(|c| c.by != By::Auto)
        .cloned()
        .collect();
    let entry = |path: &str, from, to, code, by| Correction {
        field: path.to_owned(),
        from,
        to,
        code,
        by,
        note: None,
        at: at.map(str::to_owned),
    };
    let finding = |code: &str, path: Option<&str>| -> Result<&Finding, EditError> {
        report
            .findings
            .iter()
            .find(|f| f.code.spec().code == code && f.field.as_deref() == path)
            .ok_or_else(|| EditError::NoSuchFinding {
                code: code.to_owned(),
                field: path.unwrap_or("").to_owned(),
            })
    };
    match action {
        None => {}
        Some(Action::Edit { field: path, value }) => {
            let f = field(&form, path)?;
            let from = get(&form, f);
            set(&mut form, f, path, value.as_deref())?;
            let to = get(&form, f);
            if from != to {
                trail.push(entry(path, from, to, None, By::Edited));
            }
        }
        Some(Action::Accept { code, field: path }) => {
            let found = finding(code, Some(path))?;
            let fix = found.fix.as_ref().ok_or_else(|| EditError::NoFix {
                code: code.clone(),
                field: path.clone(),
            })?;
            let f = field(&form, &fix.field)?;
            let from = get(&form, f);
            set(&mut form, f, &fix.field, Some(&fix.value))?;
            let to = get(&form, f);
            trail.push(entry(&fix.field, from, to, Some(found.code), By::Accepted));
        }
        Some(Action::Dismiss {
            code,
            field: path,
            note,
        }) => {
            let found = finding(code, path.as_deref())?;
            let value = match path {
                Some(p) => field(&form, p).ok().and_then(|f| get(&form, f)),
                None => None,
            };
            let mut e = entry(
                path.as_deref().unwrap_or(""),
                value.clone(),
                value,
                Some(found.code),
                By::Dismissed,
            );
            e.note = note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            trail.push(e);
        }
        Some(Action::Restore { code, field: path }) => {
            let found = finding(code, path.as_deref())?;
            if !found.dismissed {
                return Err(EditError::NotDismissed {
                    code: code.clone(),
                    field: path.clone().unwrap_or_default(),
                });
            }
            let value = path
                .as_deref()
                .and_then(|p| field(&form, p).ok())
                .and_then(|f| get(&form, f));
            let p = path.as_deref().unwrap_or("");
            trail.push(entry(
                p,
                value.clone(),
                value,
                Some(found.code),
                By::Restored,
            ));
        }
    }
    let changed: Vec<&str> = trail
        .iter()
        .filter(|c| !matches!(c.by, By::Dismissed | By::Restored))
        .map(|c| c.field.as_str())
        .collect();
    // What the reader noticed stands, except on fields a user has since set.
    let reader: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| READER_CODES.contains(&f.code))
        .filter(|f| f.field.as_deref().is_none_or(|p| !changed.contains(&p)))
        .cloned()
        .collect();
    let r = &report.recomputed;
    let checked = rules::check(form, r.rounding, r.rounding_source);
    let mut out = FormReport::assemble(checked, reader);
    for f in &mut out.findings {
        // Dismissed when the last word on it (dismissed or restored) was a dismissal.
        let path = f.field.as_deref().unwrap_or("");
        f.dismissed = trail
            .iter()
            .rev()
            .find(|c| {
                matches!(c.by, By::Dismissed | By::Restored)
                    && c.code == Some(f.code)
                    && c.field == path
            })
            .is_some_and(|c| c.by == By::Dismissed);
        // A workbook's cell pointers stay where the reader put them.
        if f.cell.is_none() {
            f.cell = report
                .findings
                .iter()
                .find(|old| old.cell.is_some() && old.field == f.field && old.line == f.line)
                .and_then(|old| old.cell.clone());
        }
    }
    trail.append(&mut out.corrections);
    out.corrections = trail;
    Ok(out)
}

/// Applies `action` to form `form` of a document's report. The summary follows by the form's
/// own counts, so `report` may hold just that form beside the document's summary (what the
/// page sends for a large document).
pub fn revise_report(
    report: &Report,
    form: usize,
    action: Option<&Action>,
    at: Option<&str>,
) -> Result<Report, EditError> {
    let target = report.forms.get(form).ok_or(EditError::NoSuchForm(form))?;
    let revised = revise(target, action, at)?;
    let mut out = report.clone();
    out.replace_form(form, revised);
    Ok(out)
}

/// Reads reports back from the JSON this tool writes (one report, or JSON Lines of several),
/// and checks every form again: nothing in the file is trusted but the form and its trail.
pub fn resume(json: &str) -> Result<Vec<Report>, EditError> {
    let mut out = Vec::new();
    for (i, item) in serde_json::Deserializer::from_str(json)
        .into_iter::<Report>()
        .enumerate()
    {
        let report = item.map_err(|e| EditError::NotAReport(format!("第 {} 份：{e}", i + 1)))?;
        if report.schema_version != SCHEMA_VERSION {
            return Err(EditError::NotAReport(format!(
                "schema_version {}，本版本读写 {SCHEMA_VERSION}",
                report.schema_version
            )));
        }
        let mut checked = report.clone();
        for (f, form) in report.forms.iter().enumerate() {
            checked.forms[f] = revise(form, None, None)?;
        }
        checked.summarize();
        out.push(checked);
    }
    if out.is_empty() {
        return Err(EditError::NotAReport("没有内容".to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FundKind;

    fn form() -> Form {
        let text = include_str!("../www/example.txt");
        let report = crate::check_text("t", text, &crate::Options::default());
        report.forms[0].form.clone()
    }

    #[test]
    fn every_path_reads_and_writes_back() {
        let f = form();
        let mut paths: Vec<String> = [
            "title",
            "project",
            "department",
            "implementer",
            "year",
            "unit",
            "goals.planned",
            "goals.achieved",
            "total",
            "grade",
        ]
        .map(String::from)
        .to_vec();
        for k in FundKind::ALL {
            for c in [
                "initial_budget",
                "annual_budget",
                "executed",
                "weight",
                "rate",
                "score",
            ] {
                paths.push(format!("funds.{}.{c}", k.field()));
            }
        }
        for c in [
            "level1", "level2", "name", "target", "actual", "weight", "score", "reason",
        ] {
            paths.push(format!("indicators[0].{c}"));
        }
        for p in &paths {
            let field = field(&f, p).unwrap_or_else(|_| panic!("{p}"));
            let mut g = f.clone();
            let v = get(&f, field);
            set(&mut g, field, p, v.as_deref()).unwrap();
            assert_eq!(get(&g, field), v, "{p}");
        }
    }

    #[test]
    fn the_reader_codes_are_the_ones_the_reader_gives() {
        let source = include_str!("recognize.rs");
        let source = &source[..source.find("#[cfg(test)]").unwrap_or(source.len())];
        let mut used: Vec<&str> = source
            .split("Code::")
            .skip(1)
            .map(|rest| rest.split(|c: char| !c.is_alphanumeric()).next().unwrap())
            .collect();
        used.sort_unstable();
        used.dedup();
        let mut listed: Vec<String> = READER_CODES.iter().map(|c| format!("{c:?}")).collect();
        listed.sort_unstable();
        assert_eq!(used, listed);
    }

    #[test]
    fn actions_read_from_the_pages_json() {
        let read = |json: &str| serde_json::from_str::<ActionJson>(json).unwrap().action();
        assert_eq!(
            read(r#"{"kind":"edit","field":"total","value":"90","at":"x"}"#),
            Ok(Action::Edit {
                field: "total".into(),
                value: Some("90".into())
            })
        );
        assert_eq!(
            read(r#"{"kind":"dismiss","code":"grade.missing","field":null}"#),
            Ok(Action::Dismiss {
                code: "grade.missing".into(),
                field: None,
                note: None
            })
        );
        assert!(read(r#"{"kind":"accept","field":"total"}"#).is_err());
        assert!(read(r#"{"kind":"delete"}"#).is_err());
    }

    #[test]
    fn bad_paths_and_values_are_refused() {
        let mut f = form();
        for p in [
            "indicators[999].score",
            "funds.total.nope",
            "nope",
            "indicators[x].score",
        ] {
            assert!(field(&f, p).is_err(), "{p}");
        }
        let score = field(&f, "indicators[0].score").unwrap();
        let err = set(&mut f, score, "indicators[0].score", Some("九十")).unwrap_err();
        assert!(matches!(err, EditError::NotANumber { .. }));
        let year = field(&f, "year").unwrap();
        assert!(set(&mut f, year, "year", Some("1066")).is_err());
        let grade = field(&f, "grade").unwrap();
        assert!(set(&mut f, grade, "grade", Some("很好")).is_err());
        set(&mut f, grade, "grade", Some("优秀")).unwrap();
        assert_eq!(f.reported.grade.as_deref(), Some("优"));
    }
}
