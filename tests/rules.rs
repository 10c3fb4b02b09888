//! Rule fixtures: each file in tests/fixtures/rules/ starts with the findings it must produce,
//! one `// expect: CODE [@ LINE] [(FOUND [-> EXPECTED])]` line each (lines count from the first
//! line after that header), or `// expect: CODE xN` for N findings on any lines. The report must hold exactly those findings; every registry code
//! is shown firing by some fixture.

use jixiao::findings::{Finding, REGISTRY};
use jixiao::{check_text, Options};
use std::collections::BTreeSet;

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Expect {
    code: String,
    any_line: bool,
    line: Option<usize>,
    found: Option<String>,
    expected: Option<String>,
}

fn parse(line: &str) -> Vec<Expect> {
    let rest = line.trim_start_matches("// expect:").trim();
    if let Some((code, n)) = rest.split_once(" x") {
        let one = Expect {
            code: code.trim().to_owned(),
            any_line: true,
            line: None,
            found: None,
            expected: None,
        };
        return vec![one; n.trim().parse().unwrap()];
    }
    let (head, figures) = match rest.split_once('(') {
        Some((h, f)) => (h.trim(), Some(f.trim_end_matches(')').trim())),
        None => (rest, None),
    };
    let (code, at) = match head.split_once('@') {
        Some((c, l)) => (c.trim(), Some(l.trim().parse().unwrap())),
        None => (head, None),
    };
    let (found, expected) = match figures {
        Some(f) => match f.split_once("->") {
            Some((a, b)) => (Some(a.trim().to_owned()), Some(b.trim().to_owned())),
            None => (Some(f.to_owned()), None),
        },
        None => (None, None),
    };
    vec![Expect {
        code: code.to_owned(),
        any_line: false,
        line: at,
        found,
        expected,
    }]
}

fn actual(f: &Finding, want: &Expect) -> Expect {
    Expect {
        code: f.code.spec().code.to_owned(),
        any_line: want.any_line,
        line: if want.any_line { None } else { f.line },
        found: want.found.as_ref().and(f.found.clone()),
        expected: want.expected.as_ref().and(f.expected.clone()),
    }
}

fn fixtures() -> Vec<(String, Vec<Expect>, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (head, body): (Vec<&str>, Vec<&str>) =
            text.lines().partition(|l| l.starts_with("// expect:"));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.push((
            name,
            head.into_iter().flat_map(parse).collect(),
            body.join("\n") + "\n",
        ));
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
        let mut got: Vec<Expect> = Vec::new();
        let mut unmatched: Vec<&Finding> = all.clone();
        for want in &expects {
            let pos = unmatched.iter().position(|f| actual(f, want) == *want);
            match pos {
                Some(p) => got.push(actual(unmatched.remove(p), want)),
                None => panic!("{name}: expected {want:?}, found {:#?}", all),
            }
        }
        assert!(
            unmatched.is_empty(),
            "{name}: unexpected findings {unmatched:#?}"
        );
        assert_eq!(got.len(), expects.len());
    }
}

#[test]
fn every_registry_code_has_a_fixture() {
    let shown: BTreeSet<String> = fixtures()
        .into_iter()
        .flat_map(|(_, e, _)| e.into_iter().map(|e| e.code))
        .collect();
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
