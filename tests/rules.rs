//! Rule fixtures: each file in tests/fixtures/rules/ starts with the findings it must produce,
//! one `// expect: CODE [@ LINE] [(FOUND [-> EXPECTED])]` line each (lines count from the first
//! line after that header), or `// expect: CODE xN` for N findings on any lines. The report must hold exactly those findings; every registry code
//! is shown firing by some fixture.

mod common;

use common::expect::{self, Expect};
use jixiao::findings::{Finding, REGISTRY};
use jixiao::{check_text, Options};
use std::collections::BTreeSet;

fn fixtures() -> Vec<(String, Vec<Expect>, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (head, body): (Vec<&str>, Vec<&str>) =
            text.lines().partition(|l| l.starts_with("// expect:"));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expects = head
            .into_iter()
            .flat_map(|l| expect::parse(l).unwrap_or_else(|| panic!("{name}: bad {l}")))
            .collect();
        out.push((name, expects, body.join("\n") + "\n"));
    }
    out.sort();
    out
}

#[test]
fn every_fixture_yields_exactly_its_findings() {
    for (name, expects, body) in fixtures() {
        let report = check_text(&name, &body, &Options::default());
        let all: Vec<&Finding> = report
            .forms
            .iter()
            .flat_map(|f| &f.findings)
            .chain(&report.findings)
            .collect();
        let (unmet, unexpected) = expect::pair(&expects, &all);
        assert!(
            unmet.is_empty(),
            "{name}: expected {unmet:?}, found {all:#?}"
        );
        assert!(
            unexpected.is_empty(),
            "{name}: unexpected findings {unexpected:#?}"
        );
    }
}

/// Codes that only a PDF can give, with the PDF fixture that gives each (checked here too).
const PDF_ONLY: &[(&str, &str)] = &[("input.pdf_no_rulings", "pdf/borderless.pdf")];

#[test]
fn every_registry_code_has_a_fixture() {
    let mut shown: BTreeSet<String> = fixtures()
        .into_iter()
        .flat_map(|(_, e, _)| e.into_iter().map(|e| e.code))
        .collect();
    for (code, file) in PDF_ONLY {
        let bytes = std::fs::read(common::fixture(file)).unwrap();
        let report = jixiao::check_bytes(file, &bytes, &jixiao::Options::default()).unwrap();
        let gives = report.findings.iter().any(|f| f.code.spec().code == *code);
        assert!(gives, "{file} does not give {code}");
        shown.insert((*code).to_owned());
    }
    for spec in REGISTRY {
        assert!(
            shown.contains(spec.code),
            "no fixture shows {} firing",
            spec.code
        );
    }
}

#[test]
fn the_readme_documents_every_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for spec in REGISTRY {
        assert!(
            readme.contains(&format!("`{}`", spec.code)),
            "README lacks {}",
            spec.code
        );
    }
}
