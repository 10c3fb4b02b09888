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
//! let edit = Action::Edit { field: "indicators[0].score".parse().unwrap(), value: Some("70".into()) };
//! let revised = revise(&report.forms[0], Some(&edit), None).unwrap();
//! assert_eq!(revised.recomputed.total.unwrap().to_string(), "79.38");
//! assert_eq!(revised.recomputed.grade.map(|g| g.as_str()), Some("中"));
//! assert!(revised.findings.iter().any(|f| f.code.spec().code == "total.mismatch"));
//! ```

use crate::findings::{Code, Finding};
use crate::model::{Field, Form, SetError};
use crate::report::{FormReport, Report, SCHEMA_VERSION};
use crate::rules::{self, By, Correction};
use serde::{Deserialize, Serialize};
use std::fmt;

#[cfg(feature = "native")]
use schemars::JsonSchema;

/// One thing a user does to a form, as the page sends it: `{"kind": "edit", "field",
/// "value"}`, `{"kind": "accept", "code", "field"}`, `{"kind": "dismiss", "code", "field",
/// "note"}` or `{"kind": "restore", "code", "field"}` (read through [`Step`], which adds `at`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Action {
    /// Type a new value into a field (`None` or empty clears it).
    Edit { field: Field, value: Option<String> },
    /// Take the fix of the finding `code` on `field`.
    Accept {
        #[cfg_attr(feature = "native", schemars(with = "String"))]
        code: Code,
        field: Field,
    },
    /// Set aside the finding `code` on `field` (none for a finding about the whole form).
    Dismiss {
        #[cfg_attr(feature = "native", schemars(with = "String"))]
        code: Code,
        field: Option<Field>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Take back the dismissal of the finding `code` on `field`.
    Restore {
        #[cfg_attr(feature = "native", schemars(with = "String"))]
        code: Code,
        field: Option<Field>,
    },
}

/// An action with the time the user took it (ISO 8601, as the page's clock gave it), recorded
/// on its trail entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Step {
    #[serde(flatten)]
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A [`Step`] as JSON holds it, read as a plain struct: serde's tagged and flattened enums
/// buffer their input, which would add to the page's wasm module.
#[derive(Default, Deserialize)]
#[serde(default)]
struct StepJson {
    kind: String,
    field: Option<Field>,
    value: Option<String>,
    code: Option<Code>,
    note: Option<String>,
    at: Option<String>,
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Step, D::Error> {
        let j = StepJson::deserialize(d)?;
        let missing = |what: &str| serde::de::Error::custom(format!("{} 缺少 {what}", j.kind));
        let action = match j.kind.as_str() {
            "edit" => Action::Edit {
                field: j.field.ok_or_else(|| missing("field"))?,
                value: j.value,
            },
            "accept" => Action::Accept {
                code: j.code.ok_or_else(|| missing("code"))?,
                field: j.field.ok_or_else(|| missing("field"))?,
            },
            "dismiss" => Action::Dismiss {
                code: j.code.ok_or_else(|| missing("code"))?,
                field: j.field,
                note: j.note,
            },
            "restore" => Action::Restore {
                code: j.code.ok_or_else(|| missing("code"))?,
                field: j.field,
            },
            other => return Err(serde::de::Error::custom(format!("未知的操作 {other:?}"))),
        };
        Ok(Step { action, at: j.at })
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

/// A field's path for a message (empty for the form as a whole).
fn path(field: Option<Field>) -> String {
    field.map(|f| f.path()).unwrap_or_default()
}

/// Sets a field of the form, as [`Form::set`], with the error in revising's terms.
fn set(form: &mut Form, field: Field, value: Option<&str>) -> Result<(), EditError> {
    form.set(field, value).map_err(|e| match e {
        SetError::UnknownField => EditError::UnknownField(field.path()),
        SetError::NotANumber(value) => EditError::NotANumber {
            field: field.path(),
            value,
        },
        SetError::BadValue(value) => EditError::BadValue {
            field: field.path(),
            value,
        },
    })
}

/// Applies `action` (none: just check again) to a checked form and checks it again. `at` is
/// the time to record on the user's entry.
pub fn revise(
    report: &FormReport,
    action: Option<&Action>,
    at: Option<&str>,
) -> Result<FormReport, EditError> {
    let mut form = unchecked(report)?;
    let mut trail: Vec<Correction> = report
        .corrections
        .iter()
        .filter(|c| c.by != By::Auto)
        .cloned()
        .collect();
    if let Some(action) = action {
        let mut entry = apply(&mut form, &report.findings, action)?;
        if let Some(entry) = entry.as_mut() {
            entry.at = at.map(str::to_owned);
        }
        trail.extend(entry);
    }
    let r = &report.recomputed;
    let checked = rules::check(form, r.rounding, r.rounding_source);
    let mut out = FormReport::assemble(checked, reader_findings(report, &trail));
    mark_dismissed(&mut out.findings, &trail);
    keep_cells(&mut out.findings, &report.findings);
    trail.append(&mut out.corrections);
    out.corrections = trail;
    Ok(out)
}

/// The form before its latest check: the checker's own corrections taken back out (their
/// `from` is what stood before).
fn unchecked(report: &FormReport) -> Result<Form, EditError> {
    let mut form = report.form.clone();
    for c in report.corrections.iter().rev().filter(|c| c.by == By::Auto) {
        match c.field {
            None => return Err(EditError::UnknownField(String::new())),
            // The grade as it stood, whatever it says (a user's entry is read strictly).
            Some(Field::Grade) => form.reported.grade = c.from.clone(),
            Some(f) => set(&mut form, f, c.from.as_deref())?,
        }
    }
    Ok(form)
}

/// Does what the user asked to the form; returns the trail entry it leaves (none for an edit
/// that changes nothing).
fn apply(
    form: &mut Form,
    findings: &[Finding],
    action: &Action,
) -> Result<Option<Correction>, EditError> {
    let finding = |code: Code, field: Option<Field>| -> Result<&Finding, EditError> {
        findings
            .iter()
            .find(|f| f.code == code && f.field == field)
            .ok_or_else(|| EditError::NoSuchFinding {
                code: code.spec().code.to_owned(),
                field: path(field),
            })
    };
    let entry = |field, from, to, code, by| Correction {
        field,
        from,
        to,
        code,
        by,
        note: None,
        at: None,
    };
    Ok(match action {
        Action::Edit { field, value } => {
            let from = form.get(*field);
            set(form, *field, value.as_deref())?;
            let to = form.get(*field);
            (from != to).then(|| entry(Some(*field), from, to, None, By::Edited))
        }
        Action::Accept { code, field } => {
            let found = finding(*code, Some(*field))?;
            let fix = found.fix.as_ref().ok_or_else(|| EditError::NoFix {
                code: code.spec().code.to_owned(),
                field: field.path(),
            })?;
            let from = form.get(fix.field);
            set(form, fix.field, Some(&fix.value))?;
            let to = form.get(fix.field);
            Some(entry(Some(fix.field), from, to, Some(*code), By::Accepted))
        }
        Action::Dismiss { code, field, note } => {
            finding(*code, *field)?;
            let value = field.and_then(|f| form.get(f));
            let mut e = entry(*field, value.clone(), value, Some(*code), By::Dismissed);
            e.note = note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            Some(e)
        }
        Action::Restore { code, field } => {
            if !finding(*code, *field)?.dismissed {
                return Err(EditError::NotDismissed {
                    code: code.spec().code.to_owned(),
                    field: path(*field),
                });
            }
            let value = field.and_then(|f| form.get(f));
            Some(entry(
                *field,
                value.clone(),
                value,
                Some(*code),
                By::Restored,
            ))
        }
    })
}

/// What the reader noticed (checking again cannot derive it) stands, except on the fields a
/// user has since set.
fn reader_findings(report: &FormReport, trail: &[Correction]) -> Vec<Finding> {
    let changed: Vec<Option<Field>> = trail
        .iter()
        .filter(|c| !matches!(c.by, By::Dismissed | By::Restored))
        .map(|c| c.field)
        .collect();
    report
        .findings
        .iter()
        .filter(|f| f.code.from_reader())
        .filter(|f| f.field.is_none() || !changed.contains(&f.field))
        .cloned()
        .collect()
}

/// A finding is dismissed when the last word on it (dismissed or restored) was a dismissal.
fn mark_dismissed(findings: &mut [Finding], trail: &[Correction]) {
    for f in findings {
        f.dismissed = trail
            .iter()
            .rev()
            .find(|c| {
                matches!(c.by, By::Dismissed | By::Restored)
                    && c.code == Some(f.code)
                    && c.field == f.field
            })
            .is_some_and(|c| c.by == By::Dismissed);
    }
}

/// A workbook's cell pointers stay where the reader put them.
fn keep_cells(findings: &mut [Finding], before: &[Finding]) {
    for f in findings.iter_mut().filter(|f| f.cell.is_none()) {
        f.cell = before
            .iter()
            .find(|old| old.cell.is_some() && old.field == f.field && old.line == f.line)
            .and_then(|old| old.cell.clone());
    }
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

/// [`revise_report`] with everything as the page sends it: the report and the step (or
/// `null`, to check again) as JSON text.
pub fn revise_json(report_json: &str, form: usize, step_json: &str) -> Result<Report, EditError> {
    let report: Report =
        serde_json::from_str(report_json).map_err(|e| EditError::NotAReport(e.to_string()))?;
    let step: Option<Step> =
        serde_json::from_str(step_json).map_err(|e| EditError::BadAction(e.to_string()))?;
    let (action, at) = match &step {
        Some(s) => (Some(&s.action), s.at.as_deref()),
        None => (None, None),
    };
    revise_report(&report, form, action, at)
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

    #[test]
    fn steps_read_from_the_pages_json() {
        let read = |json: &str| serde_json::from_str::<Step>(json);
        assert_eq!(
            read(r#"{"kind":"edit","field":"total","value":"90","at":"x"}"#).unwrap(),
            Step {
                action: Action::Edit {
                    field: Field::Total,
                    value: Some("90".into())
                },
                at: Some("x".into())
            }
        );
        assert_eq!(
            read(r#"{"kind":"dismiss","code":"grade.missing","field":null}"#)
                .unwrap()
                .action,
            Action::Dismiss {
                code: Code::GradeMissing,
                field: None,
                note: None
            }
        );
        for bad in [
            r#"{"kind":"accept","field":"total"}"#,
            r#"{"kind":"delete"}"#,
            r#"{"kind":"edit","field":"nope","value":"1"}"#,
            r#"{"kind":"dismiss","code":"no.such_code","field":null}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
        // The page's errors come in Chinese and name what is wrong.
        let err = revise_json("{}", 0, "null").unwrap_err();
        assert!(matches!(err, EditError::NotAReport(_)), "{err}");
        let report =
            crate::check_text("t", include_str!("../www/example.txt"), &Default::default());
        let json = serde_json::to_string(&report).unwrap();
        let err =
            revise_json(&json, 0, r#"{"kind":"edit","field":"nope","value":"1"}"#).unwrap_err();
        assert!(err.to_string().contains("没有这个字段：nope"), "{err}");
        let err = revise_json(
            &json,
            0,
            r#"{"kind":"accept","code":"x.y","field":"total"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("没有这个检查代码：x.y"), "{err}");
        let err = revise_json(&json, 99, "null").unwrap_err();
        assert_eq!(err, EditError::NoSuchForm(99));
        let ok = revise_json(
            &json,
            0,
            r#"{"kind":"edit","field":"total","value":"1","at":"t"}"#,
        )
        .unwrap();
        let entry = ok.forms[0].corrections.first().unwrap();
        assert_eq!((entry.by, entry.at.as_deref()), (By::Edited, Some("t")));
        // What is read is what is written.
        let step = read(
            r#"{"kind":"dismiss","code":"total.mismatch","field":"total","note":"n","at":"t"}"#,
        )
        .unwrap();
        let json = serde_json::to_string(&step).unwrap();
        assert_eq!(read(&json).unwrap(), step);
    }
}
