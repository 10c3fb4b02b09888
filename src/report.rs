//! Stage 5: the report — the JSON contract (`schema_version` 1), its plain-text rendering,
//! and the corrected form.

use crate::decode::Encoding;
use crate::findings::{Finding, Severity};
use crate::model::{Form, Unplaced};
use crate::rules::{Correction, Recomputed};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

#[cfg(feature = "native")]
use schemars::JsonSchema;

pub const SCHEMA_VERSION: u32 = 1;

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Source {
    /// File name, `-` for standard input, or what the page calls a paste
    pub name: String,
    pub encoding: Encoding,
    /// text, csv, html, xlsx or docx
    pub format: crate::inputs::Format,
}

/// Counts across the forms of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Summary {
    pub forms: usize,
    pub forms_with_errors: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings a user dismissed (not counted above)
    pub dismissed: usize,
}

impl Summary {
    /// Adds (`sign` 1) or takes out (`sign` -1) a list of findings and whether their form has
    /// errors. Dismissed findings count apart.
    pub(crate) fn add(&mut self, findings: &[Finding], form_has_errors: bool, sign: isize) {
        let step = |n: &mut usize| *n = n.saturating_add_signed(sign);
        if form_has_errors {
            step(&mut self.forms_with_errors);
        }
        for f in findings {
            match (f.dismissed, f.severity) {
                (true, _) => step(&mut self.dismissed),
                (false, Severity::Error) => step(&mut self.errors),
                (false, Severity::Warning) => step(&mut self.warnings),
                (false, Severity::Info) => step(&mut self.infos),
            }
        }
    }
}

impl Summary {
    /// Adds another part of the document's counts (forms are counted apart).
    pub(crate) fn join(&mut self, other: &Summary) {
        self.forms_with_errors += other.forms_with_errors;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.dismissed += other.dismissed;
    }
}

/// One form: what it says (with its fund rows corrected), what the rules computed, what they
/// found and what they changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct FormReport {
    #[serde(flatten)]
    pub form: Form,
    pub recomputed: Recomputed,
    pub findings: Vec<Finding>,
    pub corrections: Vec<Correction>,
}

/// A [`FormReport`] as JSON holds it: the form's fields beside the rest. Read through this
/// plain struct, not `#[serde(flatten)]`, whose buffering would double the deserializer code
/// in the page's wasm module.
#[derive(Deserialize)]
struct FormReportJson {
    title: Option<String>,
    year: Option<u16>,
    project: Option<String>,
    department: Option<String>,
    implementer: Option<String>,
    unit: Option<crate::model::MoneyUnit>,
    lines: crate::model::Lines,
    funds: crate::model::Funds,
    goals: crate::model::Goals,
    indicators: Vec<crate::model::Indicator>,
    reported: crate::model::Reported,
    #[serde(default)]
    levels: Vec<crate::model::LevelWeight>,
    #[serde(default)]
    uncertain: Vec<crate::model::Block>,
    recomputed: Recomputed,
    findings: Vec<Finding>,
    corrections: Vec<Correction>,
}

impl<'de> Deserialize<'de> for FormReport {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FormReport, D::Error> {
        let j = FormReportJson::deserialize(d)?;
        Ok(FormReport {
            form: Form {
                title: j.title,
                year: j.year,
                project: j.project,
                department: j.department,
                implementer: j.implementer,
                unit: j.unit,
                lines: j.lines,
                funds: j.funds,
                goals: j.goals,
                indicators: j.indicators,
                reported: j.reported,
                levels: j.levels,
                uncertain: j.uncertain,
            },
            recomputed: j.recomputed,
            findings: j.findings,
            corrections: j.corrections,
        })
    }
}

impl FormReport {
    /// Whether an error finding stands (dismissed ones do not count).
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Error && !f.dismissed)
    }

    /// Puts a checked form and the reader's findings on it together, findings in line order.
    pub fn assemble(checked: crate::rules::Checked, mut findings: Vec<Finding>) -> FormReport {
        let mut checked = checked;
        findings.append(&mut checked.findings);
        findings.sort_by_key(|f| (f.line.unwrap_or(0), f.severity));
        FormReport {
            form: checked.form,
            recomputed: checked.recomputed,
            findings,
            corrections: checked.corrections,
        }
    }
}

/// The report on one input document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Report {
    pub schema_version: u32,
    pub source: Source,
    /// The forms before the counts, so that a report can be written as its forms are checked.
    pub forms: Vec<FormReport>,
    pub summary: Summary,
    /// Non-blank input lines that belong to no part of any form
    pub unplaced: Vec<Unplaced>,
    /// Findings about the document as a whole (no form found, lines outside every form)
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.forms.iter().any(FormReport::has_errors)
            || self
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error && !f.dismissed)
    }

    /// Counts the findings into `summary`.
    pub fn summarize(&mut self) {
        let mut s = Summary {
            forms: self.forms.len(),
            ..Summary::default()
        };
        s.add(&self.findings, false, 1);
        for f in &self.forms {
            s.add(&f.findings, f.has_errors(), 1);
        }
        self.summary = s;
    }

    /// Puts `new` in place of form `at`, the summary following: the old form's counts out, the
    /// new one's in. This needs only the form itself, so the page can send one form of a large
    /// document with the document's summary, not the whole report.
    pub fn replace_form(&mut self, at: usize, new: FormReport) {
        let old = std::mem::replace(&mut self.forms[at], new);
        self.summary.add(&old.findings, old.has_errors(), -1);
        let new = &self.forms[at];
        self.summary.add(&new.findings, new.has_errors(), 1);
    }

    /// A readable Chinese report with line numbers.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        text_head(&mut out, &self.source, &self.summary, &self.findings);
        for (i, fr) in self.forms.iter().enumerate() {
            form_text(&mut out, i + 1, fr);
        }
        out
    }
}

/// The text report's head: the document, its counts, and its findings as a whole.
pub(crate) fn text_head(out: &mut String, source: &Source, s: &Summary, findings: &[Finding]) {
    let _ = writeln!(
        out,
        "{}（{}）：{} 张表，{} 张有错误；错误 {}，警告 {}，提示 {}{}",
        source.name,
        source.encoding.label(),
        s.forms,
        s.forms_with_errors,
        s.errors,
        s.warnings,
        s.infos,
        if s.dismissed > 0 {
            format!("；已忽略 {}", s.dismissed)
        } else {
            String::new()
        }
    );
    for f in findings {
        finding_line(out, f);
    }
}

/// Form `n` (from 1) of the text report: its number, then [`form_text_body`].
fn form_text(out: &mut String, n: usize, fr: &FormReport) {
    let _ = write!(out, "{}", FormNumber(n));
    form_text_body(out, fr);
}

/// What starts form `n` (from 1) of the text report, before [`form_text_body`].
pub(crate) struct FormNumber(pub usize);

impl std::fmt::Display for FormNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\n[{}] ", self.0)
    }
}

/// One form of the text report after its number: its facts, figures printed → recomputed,
/// findings and trail.
pub(crate) fn form_text_body(out: &mut String, fr: &FormReport) {
    let f = &fr.form;
    let r = &fr.recomputed;
    let _ = writeln!(
        out,
        "{}（第 {}–{} 行）",
        f.project.as_deref().unwrap_or("（未找到项目名称）"),
        f.lines.start,
        f.lines.end
    );
    let _ = writeln!(
        out,
        "    主管部门：{}；实施单位：{}；单位：{}；年度：{}",
        f.department.as_deref().unwrap_or("—"),
        f.implementer.as_deref().unwrap_or("—"),
        f.unit.map_or("—", |u| u.label()),
        f.year.map_or("—".to_owned(), |y| y.to_string()),
    );
    let _ = writeln!(
        out,
        "    执行率 {} → {}；执行得分 {} → {}；总分 {} → {}；等级 {} → {}（{}，{}）",
        opt(f.reported.rate),
        opt(r.rate),
        opt(f.reported.execution_score),
        opt(r.execution_score),
        opt(f.reported.total),
        opt(r.total),
        f.reported.grade.as_deref().unwrap_or("—"),
        r.grade.map_or("—", |g| g.as_str()),
        r.rounding.label_zh(),
        r.rounding_source.label_zh()
    );
    let _ = writeln!(
        out,
        "    指标 {} 个，分值合计 {}，指标得分合计 {}",
        f.indicators.len(),
        opt(r.weight_total),
        opt(r.indicator_score)
    );
    if fr.findings.is_empty() {
        let _ = writeln!(out, "    未发现问题");
    }
    for finding in &fr.findings {
        finding_line(out, finding);
    }
    for c in &fr.corrections {
        let _ = write!(
            out,
            "    {} {}：{} → {}",
            c.by.label_zh(),
            c.field.map(|f| f.path()).unwrap_or_default(),
            c.from.as_deref().unwrap_or("（空）"),
            c.to.as_deref().unwrap_or("（空）")
        );
        if let Some(note) = &c.note {
            let _ = write!(out, "（{note}）");
        }
        out.push('\n');
    }
}

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or("—".to_owned(), |d| d.to_string())
}

fn finding_line(out: &mut String, f: &Finding) {
    let line = match (&f.cell, f.line) {
        (Some(cell), _) => format!("{cell} "),
        (None, Some(l)) => format!("第 {l} 行 "),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        out,
        "    {}{}{} [{}] {}",
        line,
        f.severity.label_zh(),
        if f.dismissed { "（已忽略）" } else { "" },
        f.code.spec().code,
        f.message
    );
}

/// The JSON Schema of [`Report`], as committed in `schema/report.schema.json`.
#[cfg(feature = "native")]
pub fn schema() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Report)).expect("schema serializes");
    tighten(&mut schema);
    schema
}

/// Makes the generated schema say what the contract says: decimals are JSON strings (schemars
/// also allows numbers, which `Decimal` would read but this tool never writes), and an object
/// has only the properties it declares.
#[cfg(feature = "native")]
fn tighten(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if map.contains_key("pattern") {
                if let Some(Value::Array(types)) = map.get_mut("type") {
                    types.retain(|t| t != "number");
                }
            }
            if map.get("type").is_some_and(|t| t == "object") && map.contains_key("properties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(tighten);
        }
        Value::Array(items) => items.iter_mut().for_each(tighten),
        _ => {}
    }
}
