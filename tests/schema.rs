//! The committed JSON Schema is the one the types generate, and every report the tests can make
//! (every corpus document, rule fixture and office file, and a revised report with a user's
//! trail) validates against it, nested objects included; reports broken in the ways a consumer
//! would trip over are rejected. Regenerate with `JIXIAO_UPDATE_SCHEMA=1 cargo test --test schema`.

mod common;

use common::*;
use jixiao::revise::{revise_report, Action};
use jixiao::rules::By;
use jixiao::{check_bytes, check_text, Options, Report};
use jsonschema::{Draft, Validator};
use serde_json::{json, Value};
use std::path::Path;

const SCHEMA_PATH: &str = "schema/report.schema.json";
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

#[test]
fn committed_schema_is_current() {
    let generated = serde_json::to_string_pretty(&jixiao::report::schema()).unwrap() + "\n";
    assert_current(
        SCHEMA_PATH,
        generated.as_bytes(),
        "JIXIAO_UPDATE_SCHEMA",
        "schema",
    );
}

/// Every property a report carries is declared by the schema (no field escapes the contract),
/// and the contract's required names are there.
#[test]
fn reports_use_only_schema_properties() {
    let schema = jixiao::report::schema();
    let defs = &schema["$defs"];
    let props = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let top = props(&schema);
    for k in ["schema_version", "source", "forms", "unplaced"] {
        assert!(top.contains(&k.to_owned()), "{k}");
    }
    let form_keys = props(&defs["FormReport"]);
    let mut form_keys_all = form_keys.clone();
    // `#[serde(flatten)]` puts Form's properties into FormReport's.
    form_keys_all.extend(props(&defs["Form"]));
    for k in [
        "title",
        "year",
        "project",
        "department",
        "implementer",
        "unit",
        "lines",
        "funds",
        "goals",
        "indicators",
        "reported",
        "recomputed",
        "findings",
        "corrections",
    ] {
        assert!(form_keys_all.contains(&k.to_owned()), "{k}");
    }
    let report = serde_json::to_value(check_corpus("000_61cdf90257007e71.txt")).unwrap();
    for k in report.as_object().unwrap().keys() {
        assert!(top.contains(k), "report key {k} not in schema");
    }
    for k in report["forms"][0].as_object().unwrap().keys() {
        assert!(form_keys_all.contains(k), "form key {k} not in schema");
    }
    assert_eq!(report["schema_version"], 1);
    // Decimals are plain strings.
    assert_eq!(report["forms"][0]["funds"]["total"]["executed"], "16.89");
    assert_eq!(report["forms"][0]["recomputed"]["rate"], "93.83");
    assert_eq!(report["forms"][0]["recomputed"]["rounding"], "truncate");
}

/// The committed schema, checked against its own draft's meta-schema, and a validator for the
/// draft its `$schema` names.
fn validator() -> Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
    let text = std::fs::read_to_string(&path).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"], DRAFT_2020_12,
        "{SCHEMA_PATH}: the validator below is built for draft 2020-12"
    );
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!(
            "{SCHEMA_PATH} is not a valid draft 2020-12 schema: at {}: {}",
            pointer(e.instance_path().as_str()),
            short(&e.to_string())
        );
    }
    let validator =
        jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{SCHEMA_PATH}: {e}"));
    assert_eq!(validator.draft(), Draft::Draft202012);
    validator
}

fn pointer(p: &str) -> &str {
    if p.is_empty() {
        "/ (the whole report)"
    } else {
        p
    }
}

/// A validator's message, cut short: a `type` or `oneOf` error quotes the whole instance.
fn short(message: &str) -> String {
    const MAX: usize = 300;
    match message.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message.to_owned(),
    }
}

/// Every way `report` breaks the schema, one `at POINTER: MESSAGE` each.
fn violations(validator: &Validator, report: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(report)
        .map(|e| (e.instance_path().as_str().to_owned(), short(&e.to_string())))
        .collect()
}

/// A report as the CLI writes it must validate; the panic names the file and every failing
/// instance by its JSON pointer.
fn assert_valid(validator: &Validator, name: &str, report: &Report) {
    let value = serde_json::to_value(report).unwrap();
    let errors = violations(validator, &value);
    assert!(
        errors.is_empty(),
        "{name}: the report does not validate against {SCHEMA_PATH}:\n{}",
        errors
            .iter()
            .map(|(at, message)| format!("  at {}: {message}", pointer(at)))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The files of a fixture folder, sorted, as (`folder/name`, bytes).
fn fixture_files(folder: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(fixture(folder))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (format!("{folder}/{name}"), std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The report the CLI would write for a file (every fixture is one it reads).
fn check_file(name: &str, bytes: &[u8]) -> Report {
    check_bytes(name, bytes, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_fixture_report_validates() {
    let validator = validator();
    let mut validated = 0;
    let mut forms = 0;
    let mut check = |name: &str, report: Report| {
        forms += report.forms.len();
        assert_valid(&validator, name, &report);
        validated += 1;
    };
    let corpus = fixture_files("corpus");
    assert_eq!(corpus.len(), CORPUS.len(), "tests/fixtures/corpus");
    for (name, bytes) in &corpus {
        check(name, check_file(name, bytes));
    }
    let office = fixture_files("office");
    assert!(!office.is_empty(), "tests/fixtures/office");
    for (name, bytes) in &office {
        check(name, check_file(name, bytes));
    }
    let rules = fixture_files("rules");
    assert!(rules.len() >= 10, "tests/fixtures/rules");
    for (name, bytes) in &rules {
        // The file as it is (its `// expect:` header read as lines outside every form), and its
        // body as tests/rules.rs checks it.
        check(name, check_file(name, bytes));
        let text = std::str::from_utf8(bytes).unwrap();
        let body: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("// expect:"))
            .collect();
        let body = body.join("\n") + "\n";
        check(
            &format!("{name} (body)"),
            check_text(name, &body, &Options::default()),
        );
    }
    let paste = "excel-paste.tsv";
    check(
        paste,
        check_file(paste, &std::fs::read(fixture(paste)).unwrap()),
    );
    assert_eq!(validated, corpus.len() + office.len() + 2 * rules.len() + 1);
    let corpus_forms: usize = CORPUS.iter().map(|(_, n)| n).sum();
    assert!(forms > corpus_forms, "only {forms} forms validated");
}

/// A report a user has worked on: an edit, an accepted fix, a dismissal with a note, and a
/// dismissal taken back, each stamped with the time.
fn revised_report() -> Report {
    let report = check_corpus(CORPUS[1].0);
    let i = report
        .forms
        .iter()
        .position(|f| f.form.project.as_deref() == Some("人事人才公共服务工作经费"))
        .expect("the form of tests/revise.rs");
    let step = |r: &Report, action: Action, at: &str| {
        revise_report(r, i, Some(&action), Some(at)).unwrap_or_else(|e| panic!("{action:?}: {e}"))
    };
    let r = step(
        &report,
        Action::Accept {
            code: jixiao::findings::Code::from_code("indicator.met_but_deducted").unwrap(),
            field: "indicators[30].score".parse().unwrap(),
        },
        "2026-11-24T10:00:00Z",
    );
    let r = step(
        &r,
        Action::Edit {
            field: "indicators[0].score".parse().unwrap(),
            value: Some("0".into()),
        },
        "2026-11-24T10:01:00Z",
    );
    let r = step(
        &r,
        Action::Dismiss {
            code: jixiao::findings::Code::from_code("indicator.met_but_deducted").unwrap(),
            field: Some("indicators[36].score".parse().unwrap()),
            note: Some("部门确认按原表".into()),
        },
        "2026-11-24T10:02:00Z",
    );
    // Another finding (the edit made the printed total wrong) set aside, then counted again.
    let other = r.forms[i]
        .findings
        .iter()
        .find(|f| !f.dismissed)
        .expect("a finding left to dismiss")
        .clone();
    let code = other.code;
    let r = step(
        &r,
        Action::Dismiss {
            code,
            field: other.field,
            note: None,
        },
        "2026-11-24T10:03:00Z",
    );
    step(
        &r,
        Action::Restore {
            code,
            field: other.field,
        },
        "2026-11-24T10:04:00Z",
    )
}

#[test]
fn a_revised_report_validates() {
    let validator = validator();
    let report = revised_report();
    let value = serde_json::to_value(&report).unwrap();
    // The optional fields a fresh check never writes are all there to be validated.
    let form = value["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["corrections"][0]["by"].is_string() && f["corrections"][0]["by"] != "auto")
        .expect("a form with a user's trail");
    let trail = form["corrections"].as_array().unwrap();
    for by in [
        By::Edited,
        By::Accepted,
        By::Dismissed,
        By::Restored,
        By::Auto,
    ] {
        let by = serde_json::to_value(by).unwrap();
        assert!(trail.iter().any(|c| c["by"] == by), "no {by} entry");
    }
    assert!(trail
        .iter()
        .any(|c| c["note"] == "部门确认按原表" && c["at"].is_string()));
    assert!(trail
        .iter()
        .filter(|c| c["by"] != "auto")
        .all(|c| c["at"].is_string()));
    assert!(form["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["dismissed"] == true));
    assert!(value["summary"]["dismissed"].as_u64().unwrap() >= 1);
    assert_valid(
        &validator,
        "revised corpus/001 (edited, accepted, dismissed, restored)",
        &report,
    );
}

/// A report with a finding and a correction on the same form, as JSON, with that form's index.
fn sample() -> (Value, usize) {
    let value = serde_json::to_value(revised_report()).unwrap();
    let i = value["forms"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| {
            f["findings"][0].is_object()
                && f["corrections"][0].is_object()
                && f["funds"]["total"]["executed"].is_string()
        })
        .unwrap();
    (value, i)
}

/// Breaks `report` at `at` (a JSON pointer; `None` removes the key) and asserts the validator
/// rejects the result with an error at `at` (or at the object that lost a key), or at an
/// optional value that holds it.
fn assert_rejected(
    validator: &Validator,
    what: &str,
    mut report: Value,
    at: &str,
    to: Option<Value>,
) {
    assert!(
        validator.is_valid(&report),
        "{what}: the sample itself is invalid"
    );
    let (parent, key) = at.rsplit_once('/').unwrap();
    let object = report
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{what}: no object at {parent}"));
    assert!(object.contains_key(key), "{what}: no {at} to change");
    // A missing key is reported at the object that lacks it, a bad value where it stands.
    let expected_at = match to {
        Some(v) => {
            object.insert(key.to_owned(), v);
            at
        }
        None => {
            object.remove(key);
            parent
        }
    };
    // `Option<T>` is `anyOf: [T, null]`, whose error stands at the optional value itself.
    let errors = violations(validator, &report);
    let within = |p: &str| expected_at == p || expected_at.starts_with(&format!("{p}/"));
    assert!(
        errors.iter().any(|(p, _)| p.starts_with("/") && within(p)),
        "{what}: the schema accepts the report with {at} changed; errors elsewhere: {errors:?}"
    );
}

#[test]
fn broken_reports_are_rejected() {
    let validator = validator();
    let (report, i) = sample();
    let form = format!("/forms/{i}");
    let cases = [
        (
            "a severity outside the enum",
            format!("{form}/findings/0/severity"),
            Some(json!("fatal")),
        ),
        (
            "an unknown `by`",
            format!("{form}/corrections/0/by"),
            Some(json!("robot")),
        ),
        (
            "a finding without its severity",
            format!("{form}/findings/0/severity"),
            None,
        ),
        (
            "a finding without its code",
            format!("{form}/findings/0/code"),
            None,
        ),
        (
            "a correction without its field",
            format!("{form}/corrections/0/field"),
            None,
        ),
        (
            "a form without its findings",
            format!("{form}/findings"),
            None,
        ),
        (
            "a form without its recomputed figures",
            format!("{form}/recomputed"),
            None,
        ),
        (
            "a fund row without its line",
            format!("{form}/funds/total/line"),
            None,
        ),
        (
            "an indicator without its name",
            format!("{form}/indicators/0/name"),
            None,
        ),
        (
            "a summary without its error count",
            "/summary/errors".to_owned(),
            None,
        ),
        (
            "a rounding convention outside the enum",
            format!("{form}/recomputed/rounding"),
            Some(json!("banker")),
        ),
        (
            "a negative line number",
            format!("{form}/lines/start"),
            Some(json!(-1)),
        ),
        (
            "a decimal that is not a number",
            format!("{form}/funds/total/executed"),
            Some(json!("16,89")),
        ),
    ];
    for (what, at, to) in cases {
        assert_rejected(&validator, what, report.clone(), &at, to);
    }
}

/// A decimal written as a JSON number (`16.89` rather than `"16.89"`) loses its scale and, past
/// 2^53, its digits in every JSON reader but ours; the report writes strings and the schema must
/// say so. It does not: schemars' `rust_decimal` schema is `"type": ["string", "number", ...]`
/// (what `Decimal`'s deserializer accepts), so this is ignored until the types narrow it.
#[test]
fn a_decimal_as_a_json_number_is_rejected() {
    let validator = validator();
    let (report, i) = sample();
    let at = format!("/forms/{i}/funds/total/executed");
    let number: f64 = report
        .pointer(&at)
        .unwrap()
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_rejected(
        &validator,
        "a decimal as a JSON number",
        report,
        &at,
        Some(json!(number)),
    );
}

/// A key the types do not have (a misspelt `severty` beside the real one) escapes the
/// contract: no object in the schema sets `additionalProperties: false`.
#[test]
fn an_unknown_key_is_rejected() {
    let validator = validator();
    let (mut report, i) = sample();
    let finding = format!("/forms/{i}/findings/0");
    report
        .pointer_mut(&finding)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert("severty".into(), json!("error"));
    let errors = violations(&validator, &report);
    assert!(
        errors.iter().any(|(p, _)| *p == finding),
        "an unknown key at {finding} is accepted"
    );
}
