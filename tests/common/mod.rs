//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod expect;
pub mod export;

use jixiao::{check_text, FormReport, Options, Report};
use std::path::PathBuf;

/// The corpus files copied from real published forms, with their expected form counts.
pub const CORPUS: [(&str, usize); 4] = [
    ("000_61cdf90257007e71.txt", 6),
    ("001_8db70a21b77abcfc.txt", 11),
    ("002_cb685a1f859d7a80.txt", 3),
    ("003_dc4befe519062102.txt", 7),
];

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn corpus_text(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("corpus/{name}"))).unwrap()
}

pub fn check_corpus(name: &str) -> Report {
    check_text(name, &corpus_text(name), &Options::default())
}

/// The forms of a corpus document, as read.
pub fn corpus_forms(name: &str) -> Vec<jixiao::model::Form> {
    check_corpus(name)
        .forms
        .into_iter()
        .map(|f| f.form)
        .collect()
}

/// Every corpus document, one after another.
pub fn whole_corpus() -> String {
    CORPUS
        .iter()
        .map(|(name, _)| corpus_text(name))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A generated file committed to the repository must be what the code generates now. With
/// `env` set, it is rewritten instead (`env=1 cargo test --test test`).
pub fn assert_current(path: &str, generated: &[u8], env: &str, test: &str) {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os(env).is_some() {
        std::fs::write(&full, generated).unwrap();
    }
    let committed = std::fs::read(&full).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} is stale: run {env}=1 cargo test --test {test}"
    );
}

/// The codes of a form's findings at or above a severity.
pub fn codes(f: &jixiao::FormReport) -> Vec<&'static str> {
    f.findings.iter().map(|f| f.code.spec().code).collect()
}

/// A form's finding codes from the rules (not the reading), sorted: what must not depend on
/// how the form was laid out.
pub fn rule_codes(f: &jixiao::FormReport) -> Vec<&'static str> {
    let mut c: Vec<_> = codes(f)
        .into_iter()
        .filter(|c| !c.starts_with("parse."))
        .collect();
    c.sort_unstable();
    c
}

/// A form with its line numbers cleared, to compare the same form read from another layout.
pub fn without_lines(mut f: jixiao::model::Form) -> jixiao::model::Form {
    f.lines = Default::default();
    for row in [
        &mut f.funds.total,
        &mut f.funds.appropriation,
        &mut f.funds.carryover,
        &mut f.funds.other,
    ]
    .into_iter()
    .flatten()
    {
        row.line = 0;
    }
    for i in &mut f.indicators {
        i.line = 0;
    }
    f.reported.total_line = None;
    f.reported.grade_line = None;
    f
}

/// The form as it should read: fund rows corrected, 总分 and 评分等级 recomputed (where the
/// form printed them, or was missing them and they could be computed).
pub fn corrected_form(report: &FormReport) -> jixiao::model::Form {
    let mut f = report.form.clone();
    let r = &report.recomputed;
    if let Some(total) = f.funds.total.as_ref() {
        f.reported.rate = total.rate;
        f.reported.execution_score = total.score;
    }
    if r.total.is_some() {
        f.reported.total = r.total;
    }
    if let Some(g) = r.grade {
        f.reported.grade = Some(g.to_string());
    }
    f
}
