//! Other regions' templates: each file in tests/fixtures/regions/ is a complete form (or two) as
//! another province or a Shanghai district prints it, either PDF-copied text (`.txt`, cells
//! separated by tabs) or Excel rows (`.tsv`). A block of header lines starting with `// `
//! says what the file shows and what reading it must give; line numbers count from the first
//! line after that block:
//!
//! - `// variation: …` with the tags `[v1]`…`[v10]` of the variations it covers;
//! - `// forms: N`, the number of forms in the file;
//! - `// fact: [#N ]PATH = VALUE`: `Form::get` of form N (0-based, default 0) at a path of
//!   `jixiao::model::Field::parse` gives VALUE (`-` for none); `indicators` is the count;
//! - `// expect: CODE [@ LINE] [(FOUND [-> EXPECTED])]` as in tests/rules.rs. Every error and
//!   warning must be expected; info findings may be (then they must be there).
//!
//! A second test flattens every corpus document and every region fixture to one line and
//! checks the reader still finds the same forms, or says which block it could not be sure of.

mod common;

use common::expect::{self, Expect};
use common::{corpus_text, fixture, CORPUS};
use jixiao::findings::{Finding, Severity};
use jixiao::model::{Field, Form, FundCol, FundKind};
use jixiao::{check_text, FormReport, Options, Report};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// How many numbered variations the fixtures must cover, and how many files they must be.
const VARIATIONS: usize = 10;
const MIN_FILES: usize = 24;
/// The reader's finding for a block it could not be sure of.
const LAYOUT_UNCERTAIN: &str = "form.layout_uncertain";

/// One `// fact:` line.
struct Fact {
    form: usize,
    path: String,
    value: Option<String>,
}

struct Fixture {
    name: String,
    variation: Option<String>,
    forms: Option<usize>,
    facts: Vec<Fact>,
    expects: Vec<Expect>,
    body: String,
    /// Header lines that could not be read.
    errors: Vec<String>,
}

/// One thing a fixture wanted and did not get.
struct Failure {
    file: String,
    what: String,
    wanted: String,
    got: String,
}

fn fail(out: &mut Vec<Failure>, file: &str, what: &str, wanted: &str, got: &str) {
    out.push(Failure {
        file: file.to_owned(),
        what: what.to_owned(),
        wanted: clip(wanted),
        got: clip(got),
    });
}

/// A value short enough for one line of the listing.
fn clip(s: &str) -> String {
    const MAX: usize = 90;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        s.chars().take(MAX).chain(['…']).collect()
    }
}

fn parse_fact(rest: &str) -> Option<Fact> {
    let (form, rest) = match rest.strip_prefix('#') {
        Some(r) => {
            let (n, r) = r.split_once(' ')?;
            (n.parse().ok()?, r)
        }
        None => (0, rest),
    };
    let (path, value) = rest.split_once(" = ")?;
    let value = value.trim();
    Some(Fact {
        form,
        path: path.trim().to_owned(),
        value: (value != "-").then(|| value.to_owned()),
    })
}

fn parse_fixture(name: &str, text: &str) -> Fixture {
    let mut fx = Fixture {
        name: name.to_owned(),
        variation: None,
        forms: None,
        facts: Vec::new(),
        expects: Vec::new(),
        body: String::new(),
        errors: Vec::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let head = lines.iter().take_while(|l| l.starts_with("// ")).count();
    for line in &lines[..head] {
        let (key, rest) = line[3..].split_once(':').unwrap_or(("", ""));
        let rest = rest.trim();
        let ok = match key {
            "variation" => {
                fx.variation = Some(rest.to_owned());
                true
            }
            "forms" => rest.parse().map(|n| fx.forms = Some(n)).is_ok(),
            "fact" => parse_fact(rest).map(|f| fx.facts.push(f)).is_some(),
            "expect" => expect::parse(rest).map(|e| fx.expects.extend(e)).is_some(),
            _ => false,
        };
        if !ok {
            fx.errors.push((*line).to_owned());
        }
    }
    fx.body = lines[head..].join("\n") + "\n";
    fx
}

fn fixtures() -> Vec<Fixture> {
    let mut out: Vec<Fixture> = std::fs::read_dir(fixture("regions"))
        .expect("tests/fixtures/regions")
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            parse_fixture(&name, &std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".to_owned())
}

fn describe(f: &Finding) -> String {
    let mut s = f.code.spec().code.to_owned();
    if let Some(line) = f.line {
        write!(s, " @ {line}").unwrap();
    }
    match (&f.found, &f.expected) {
        (Some(a), Some(b)) => write!(s, " ({a} -> {b})").unwrap(),
        (Some(a), None) => write!(s, " ({a})").unwrap(),
        (None, Some(b)) => write!(s, " (-> {b})").unwrap(),
        (None, None) => {}
    }
    s
}

/// What a fact's path reads on a form: `indicators` is the count, any other path a field.
fn fact_value(form: &Form, path: &str) -> Result<Option<String>, String> {
    if path == "indicators" {
        return Ok(Some(form.indicators.len().to_string()));
    }
    match Field::parse(path) {
        Some(field) => Ok(form.get(field)),
        None => Err(format!("no such path: {path}")),
    }
}

fn all_findings(report: &Report) -> Vec<&Finding> {
    report
        .forms
        .iter()
        .flat_map(|f| &f.findings)
        .chain(&report.findings)
        .collect()
}

fn check_fixture(fx: &Fixture, report: &Report, out: &mut Vec<Failure>) {
    let name = fx.name.as_str();
    for line in &fx.errors {
        fail(
            out,
            name,
            "header line",
            "`// variation:|forms:|fact:|expect:` line",
            line,
        );
    }
    let forms = fx.forms.unwrap_or(1);
    if report.forms.len() != forms {
        fail(
            out,
            name,
            "forms",
            &forms.to_string(),
            &report.forms.len().to_string(),
        );
    }
    for fact in &fx.facts {
        let what = if fact.form == 0 && forms == 1 {
            fact.path.clone()
        } else {
            format!("#{} {}", fact.form, fact.path)
        };
        let Some(form) = report.forms.get(fact.form) else {
            fail(out, name, &what, &show(&fact.value), "(form not read)");
            continue;
        };
        match fact_value(&form.form, &fact.path) {
            Ok(got) if got == fact.value => {}
            Ok(got) => fail(out, name, &what, &show(&fact.value), &show(&got)),
            Err(e) => fail(out, name, &what, &show(&fact.value), &e),
        }
    }
    let all = all_findings(report);
    let (unmet, left) = expect::pair(&fx.expects, &all);
    for want in unmet {
        let same: Vec<String> = all
            .iter()
            .filter(|f| f.code.spec().code == want.code)
            .map(|f| describe(f))
            .collect();
        let got = if same.is_empty() {
            "(absent)".to_owned()
        } else {
            same.join("; ")
        };
        fail(out, name, "finding", &want.to_string(), &got);
    }
    for f in left {
        if f.severity != Severity::Info {
            fail(
                out,
                name,
                &format!("unexpected {}", f.severity.key()),
                "(none)",
                &describe(f),
            );
        }
    }
}

/// Prints every failure, grouped by file, then a line per file, and fails the test if any.
fn report_failures(test: &str, failures: &[Failure]) {
    if failures.is_empty() {
        return;
    }
    let mut text = String::new();
    let mut files: Vec<(&str, usize, &str)> = Vec::new();
    for f in failures {
        match files.last_mut() {
            Some((file, n, _)) if *file == f.file => *n += 1,
            _ => {
                files.push((&f.file, 1, &f.what));
                writeln!(text, "== {}", f.file).unwrap();
            }
        }
        writeln!(text, "   {}: wanted {} | got {}", f.what, f.wanted, f.got).unwrap();
    }
    writeln!(text, "\n{test}: failures per file").unwrap();
    for (file, n, first) in &files {
        writeln!(text, "   {file}: {n} (first: {first})").unwrap();
    }
    println!("{text}");
    panic!(
        "{test}: {} failures in {} files (listed above)",
        failures.len(),
        files.len()
    );
}

#[test]
fn every_variation_reads_right() {
    let mut failures = Vec::new();
    for fx in fixtures() {
        let report = check_text(&fx.name, &fx.body, &Options::default());
        check_fixture(&fx, &report, &mut failures);
    }
    report_failures("every_variation_reads_right", &failures);
}

/// Every run of line breaks and tabs as one space: the whole document on one line.
fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\t') {
            gap = true;
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        out.push(c);
    }
    if gap {
        out.push(' ');
    }
    out
}

/// How many fund figures a form has.
fn fund_figures(form: &Form) -> usize {
    FundKind::ALL
        .iter()
        .filter_map(|k| form.funds.get(*k))
        .map(|row| {
            FundCol::ALL
                .iter()
                .filter(|c| row.get(**c).is_some())
                .count()
        })
        .sum()
}

fn codes(f: &FormReport) -> BTreeSet<&'static str> {
    f.findings.iter().map(|f| f.code.spec().code).collect()
}

/// The flattened reading of a document against its reading as it is.
fn compare_flat(name: &str, original: &Report, flat: &Report, out: &mut Vec<Failure>) {
    if original.forms.len() != flat.forms.len() {
        fail(
            out,
            name,
            "forms",
            &original.forms.len().to_string(),
            &flat.forms.len().to_string(),
        );
    }
    for (i, (o, f)) in original.forms.iter().zip(&flat.forms).enumerate() {
        let mut fields = vec![
            Field::Project,
            Field::Department,
            Field::Implementer,
            Field::Year,
        ];
        for optional in [Field::Total, Field::Grade] {
            if o.form.get(optional).is_some() {
                fields.push(optional);
            }
        }
        for field in fields {
            let (want, got) = (o.form.get(field), f.form.get(field));
            if want != got {
                fail(
                    out,
                    name,
                    &format!("#{i} {field}"),
                    &show(&want),
                    &show(&got),
                );
            }
        }
        let before = codes(o);
        for finding in &f.findings {
            let code = finding.code.spec().code;
            if finding.severity == Severity::Error && !before.contains(code) {
                fail(
                    out,
                    name,
                    &format!("#{i} new error"),
                    "(none)",
                    &describe(finding),
                );
            }
        }
        let (oi, fi) = (o.form.indicators.len(), f.form.indicators.len());
        let (of, ff) = (fund_figures(&o.form), fund_figures(&f.form));
        if (fi < oi || ff < of) && !codes(f).contains(LAYOUT_UNCERTAIN) {
            fail(
                out,
                name,
                &format!("#{i} lost without {LAYOUT_UNCERTAIN}"),
                &format!("{oi} indicators, {of} fund figures"),
                &format!("{fi} indicators, {ff} fund figures"),
            );
        }
    }
}

/// Every corpus document and every region fixture, by name.
fn documents() -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = CORPUS
        .iter()
        .map(|(name, _)| (format!("corpus/{name}"), corpus_text(name)))
        .collect();
    docs.extend(
        fixtures()
            .into_iter()
            .map(|fx| (format!("regions/{}", fx.name), fx.body)),
    );
    docs
}

#[test]
fn flattened_corpus_documents() {
    let mut failures = Vec::new();
    for (name, text) in &documents() {
        let original = check_text(name, text, &Options::default());
        let flat = check_text(name, &flatten(text), &Options::default());
        compare_flat(name, &original, &flat, &mut failures);
    }
    report_failures("flattened_corpus_documents", &failures);
}

/// A document flattened to one line that is one cell of a table: padded with empty cells (a
/// sheet's wider rows), after an empty cell, or after a tab-separated line (a document with
/// tabs elsewhere). Read as the line alone is: the same forms, each with the same finding codes,
/// project name and number of fund figures. Before, the line was one cell of a tab-separated
/// row and nothing of it was read (`form.missing_field`).
#[test]
fn a_flattened_form_in_one_cell_reads_as_the_line_alone() {
    let mut failures = Vec::new();
    for (name, text) in &documents() {
        let line = flatten(text);
        let alone = check_text(name, &line, &Options::default());
        let variants = [
            format!("{line}\t\t\t"),
            format!("\t{line}"),
            format!("附注\t见下表\n{line}"),
        ];
        for (v, variant) in variants.iter().enumerate() {
            let got = check_text(name, variant, &Options::default());
            let shape = |r: &Report| -> Vec<(BTreeSet<&'static str>, Option<String>, usize)> {
                r.forms
                    .iter()
                    .map(|f| (codes(f), f.form.project.clone(), fund_figures(&f.form)))
                    .collect()
            };
            let (want, got) = (shape(&alone), shape(&got));
            if want != got {
                let (want, got) = (format!("{want:?}"), format!("{got:?}"));
                fail(&mut failures, name, &format!("variant {v}"), &want, &got);
            }
        }
    }
    report_failures(
        "a_flattened_form_in_one_cell_reads_as_the_line_alone",
        &failures,
    );
}

/// A volume flattened: each document twice on one line, a double space between the copies
/// where a blank line was (as a text flattened a space per line break gives it). Read as the
/// two copies are with their line breaks. One double space among thousands of single ones
/// made the line read as cells apart by runs of spaces, one cell, and no form was found.
#[test]
fn flattened_volumes_with_a_double_space() {
    let mut failures = Vec::new();
    for (name, text) in &documents() {
        let original = check_text(name, &format!("{text}\n\n{text}"), &Options::default());
        let once = flatten(text);
        let flat = check_text(name, &format!("{0}  {0}", once.trim()), &Options::default());
        compare_flat(name, &original, &flat, &mut failures);
    }
    report_failures("flattened_volumes_with_a_double_space", &failures);
}

/// Every line end as one space, tabs kept: what a single-line text field (a chat box, a web
/// form's input) gives a table pasted into it, and the table copied out again. Each row's last
/// cell and the next row's first become one cell, `10.00 产出指标`. Read as the document is with
/// its line breaks: no form lost, no error it does not have.
#[test]
fn flattened_with_tabs_kept() {
    let mut failures = Vec::new();
    for (name, text) in &documents() {
        let original = check_text(name, text, &Options::default());
        let flat = check_text(name, &join_lines(text), &Options::default());
        compare_flat(name, &original, &flat, &mut failures);
        // Its words are those of the document flattened with its tabs: read and checked as
        // those are, no error lost (nothing taken as run together).
        let words = check_text(name, &flatten(text), &Options::default());
        let (want, got) = (errors(&words), errors(&flat));
        if want != got {
            fail(
                &mut failures,
                name,
                "errors",
                &format!("{want:?}"),
                &format!("{got:?}"),
            );
        }
    }
    report_failures("flattened_with_tabs_kept", &failures);
}

/// Every line end taken out, tabs kept: what some browsers' one-line fields make of a pasted
/// table. Each row's last cell runs into the next row's first with nothing between
/// (`已完成。一级指标`), so rows, and forms, cannot all be told apart: what is read may be less,
/// but no error may come that the document does not have (forms run together gave the sums of
/// two: `total.weights_not_100` 190, `total.mismatch`), and a form that lost indicators or fund
/// figures says `form.layout_uncertain`.
#[test]
fn flattened_with_line_ends_taken_out() {
    let mut failures = Vec::new();
    for (name, text) in &documents() {
        let original = check_text(name, text, &Options::default());
        let errors = errors(&original);
        let flat = check_text(name, &text.replace(['\n', '\r'], ""), &Options::default());
        for (i, f) in flat.forms.iter().enumerate() {
            for finding in &f.findings {
                let code = finding.code.spec().code;
                if finding.severity == Severity::Error && !errors.contains(code) {
                    let got = describe(finding);
                    fail(
                        &mut failures,
                        name,
                        &format!("#{i} new error"),
                        "(none)",
                        &got,
                    );
                }
            }
        }
        // Fewer indicators or fund figures read in all, but some: a form says so (where none
        // is read at all, each form found says what it misses, `form.missing_field`).
        let total = |r: &Report| {
            let forms = r.forms.iter().map(|f| &f.form);
            let indicators: usize = forms.clone().map(|f| f.indicators.len()).sum();
            (indicators, forms.map(fund_figures).sum::<usize>())
        };
        let ((oi, of), (fi, ff)) = (total(&original), total(&flat));
        let said = flat
            .forms
            .iter()
            .any(|f| codes(f).contains(LAYOUT_UNCERTAIN));
        if (fi < oi || ff < of) && fi + ff > 0 && !said {
            fail(
                &mut failures,
                name,
                &format!("lost without {LAYOUT_UNCERTAIN}"),
                &format!("{oi} indicators, {of} fund figures"),
                &format!("{fi} indicators, {ff} fund figures"),
            );
        }
    }
    report_failures("flattened_with_line_ends_taken_out", &failures);
}

/// Wide rows that are no flattened form: every line padded with empty cells to 45 (an export
/// of a wide sheet), and a note naming the template's labels in one of its cells. Read as the
/// document is: the same forms, no new error, no block newly uncertain.
#[test]
fn wide_rows_are_not_taken_for_flattened_forms() {
    let mut failures = Vec::new();
    for (name, text) in &documents() {
        let pad = |line: &str| {
            let cells = line.matches('\t').count() + 1;
            format!("{line}{}", "\t".repeat(45usize.saturating_sub(cells)))
        };
        let note = "说明： 项目名称 主管部门 实施单位 均按预算批复填列；总分 为各项得分之和";
        // A note of 40 words or more naming the labels, with a few figures, in one cell (as
        // the fixtures' `// variation:` lines are): no flattened form ([`flat::lone`]).
        let long = format!(
            "{note} {}",
            ["一级指标 分值 合计 100 分，其中 产出指标 50 分 效益指标 30 分 满意度指标 10 分 按 \
              年度 批复 填列 如有 调整 以 调整后 为准 各 单位 据实 填报 不得 漏报 瞒报";
                2]
                .join(" ")
        );
        let wide: Vec<String> = text
            .lines()
            .chain([note, &long, NUMBERED_NOTE])
            .map(pad)
            .collect();
        let original = check_text(name, text, &Options::default());
        let padded = check_text(name, &wide.join("\n"), &Options::default());
        let uncertain = |r: &Report| -> usize {
            r.forms
                .iter()
                .filter(|f| codes(f).contains(LAYOUT_UNCERTAIN))
                .count()
        };
        // A flattened form on one line is its row's one filled cell: it is read as that line
        // alone is, and keeps its errors (guangdong-tianhe-flat-score's funds.score_mismatch).
        let got = (padded.forms.len(), uncertain(&padded));
        let want = (original.forms.len(), uncertain(&original));
        let (new_errors, before) = (errors(&padded), errors(&original));
        if got != want || new_errors != before {
            let (want, got) = (
                format!("{want:?} {before:?}"),
                format!("{got:?} {new_errors:?}"),
            );
            fail(&mut failures, name, "forms, uncertain, errors", &want, &got);
        }
    }
    report_failures("wide_rows_are_not_taken_for_flattened_forms", &failures);
}

/// A numbered note of 73 words, 17 of them figures, naming 项目名称, 主管部门, 一级指标 and 总分
/// (from a helper's review): in a row's one cell it is no flattened form, for it has no total
/// fund row with its figures (`flat::lone`).
const NUMBERED_NOTE: &str = "注： 1. 项目名称 按 预算 批复 的 项目 全称 填写。 2. 主管部门 填写 \
    一级 预算 单位。 3. 资金 单位 为 万元， 保留 2 位 小数。 4. 一级指标 包括 产出指标、 效益指标 和 \
    满意度指标， 其中 预算 执行率 10 分， 产出指标 50 分， 效益指标 30 分， 满意度指标 10 分， 总分 \
    100 分。 5. 评分 等级： 90 分（含）以上 为 优， 80 分（含）至 90 分 为 良， 60 分（含）至 80 分 \
    为 中， 60 分 以下 为 差。";

/// A form, then on one line an attachment's heading and a document whose line ends were taken
/// out: the form before keeps its checks (only the forms read from the run-together text are
/// not checked).
#[test]
fn the_form_before_a_run_together_line_keeps_its_checks() {
    let before = fixtures()
        .into_iter()
        .find(|f| f.name == "yunnan-score-over-weight.tsv")
        .expect("fixture")
        .body;
    let glued = corpus_text(CORPUS[2].0).replace(['\n', '\r'], "");
    let report = check_text(
        "t.tsv",
        &format!("{before}\n附件2\t{glued}\n"),
        &Options::default(),
    );
    let first = &report.forms[0];
    assert!(
        codes(first).contains("indicator.score_exceeds_weight"),
        "{:?}",
        codes(first)
    );
    assert!(!codes(first).contains(LAYOUT_UNCERTAIN));
    assert!(report.forms[1..]
        .iter()
        .all(|f| codes(f).contains(LAYOUT_UNCERTAIN)));
}

/// The codes of a report's error findings, its forms' and its document's.
fn errors(r: &Report) -> BTreeSet<&'static str> {
    r.forms
        .iter()
        .flat_map(|f| &f.findings)
        .chain(&r.findings)
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code.spec().code)
        .collect()
}

/// Every line end (LF, CRLF or a lone CR) as one space; tabs and everything else kept.
fn join_lines(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

#[test]
fn every_variation_is_covered() {
    let all = fixtures();
    let mut failures = Vec::new();
    let kind = |ext: &str| all.iter().filter(|f| f.name.ends_with(ext)).count();
    for ext in [".txt", ".tsv"] {
        if kind(ext) == 0 {
            fail(
                &mut failures,
                "(dir)",
                &format!("{ext} files"),
                "at least 1",
                "0",
            );
        }
    }
    if all.len() < MIN_FILES {
        fail(
            &mut failures,
            "(dir)",
            "files",
            &format!("at least {MIN_FILES}"),
            &all.len().to_string(),
        );
    }
    let mut tags = BTreeSet::new();
    for fx in &all {
        if !(fx.name.ends_with(".txt") || fx.name.ends_with(".tsv")) {
            fail(&mut failures, &fx.name, "kind", ".txt or .tsv", &fx.name);
        }
        for line in &fx.errors {
            fail(
                &mut failures,
                &fx.name,
                "header line",
                "a known header line",
                line,
            );
        }
        match &fx.variation {
            Some(v) => {
                for n in 1..=VARIATIONS {
                    if v.contains(&format!("[v{n}]")) {
                        tags.insert(n);
                    }
                }
            }
            None => fail(
                &mut failures,
                &fx.name,
                "variation",
                "a `// variation:` line",
                "none",
            ),
        }
        if fx.forms.is_none() {
            fail(
                &mut failures,
                &fx.name,
                "forms",
                "a `// forms:` line",
                "none",
            );
        }
        if fx.facts.is_empty() {
            fail(&mut failures, &fx.name, "facts", "`// fact:` lines", "none");
        }
    }
    for n in 1..=VARIATIONS {
        if !tags.contains(&n) {
            fail(
                &mut failures,
                "(dir)",
                "variation",
                &format!("[v{n}]"),
                "no file",
            );
        }
    }
    report_failures("every_variation_is_covered", &failures);
}

#[test]
fn join_lines_makes_each_line_end_one_space() {
    assert_eq!(join_lines("a\tb\r\nc\n\nd\re"), "a\tb c  d e");
}

#[test]
fn flatten_joins_every_gap_into_one_space() {
    assert_eq!(flatten("a\t\tb\r\n\nc\td"), "a b c d");
    assert_eq!(flatten("\n甲\n"), " 甲 ");
}

#[test]
fn fixture_headers_are_read() {
    let fx = parse_fixture(
        "t.tsv",
        "// variation: [v1] x\n// forms: 2\n// fact: #1 indicators[0].target = =100%\n\
         // fact: grade = -\n// expect: total.mismatch @ 3 (1 -> 2)\n// nonsense\nbody\n",
    );
    assert_eq!(fx.forms, Some(2));
    assert_eq!(fx.facts.len(), 2);
    assert_eq!(
        (fx.facts[0].form, fx.facts[0].path.as_str()),
        (1, "indicators[0].target")
    );
    assert_eq!(fx.facts[0].value.as_deref(), Some("=100%"));
    assert_eq!(fx.facts[1].value, None);
    assert_eq!(fx.expects[0].to_string(), "total.mismatch @ 3 (1 -> 2)");
    assert_eq!(fx.errors, ["// nonsense"]);
    assert_eq!(fx.body, "body\n");
}
