//! PDF input: every corpus document printed to PDF (a Word-style table through LibreOffice,
//! and Chromium's print of a web page) reads as the same forms, figures and findings as its
//! text; rotated, copy-protected and non-embedded-font copies read as the plain one; scans and
//! fonts without ToUnicode are clear errors. The PDFs are made by scripts/make-pdf-fixtures.py
//! (see tests/fixtures/pdf/README.md).

mod common;

use common::*;
use jixiao::{check_bytes, InputError, Options, Report};
use serde_json::Value;
use std::process::Command;

fn pdf(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("pdf/{name}"))).unwrap()
}

fn check_pdf(name: &str) -> Report {
    check_bytes(name, &pdf(name), &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A report as JSON with what differs between a text and its PDF taken out: line numbers, cells
/// and the source; spaces (a PDF's soft wraps); the line a moved reason was printed on.
fn comparable(report: &Report) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.retain(|k, _| {
                    !(k == "line"
                        || k == "lines"
                        || k == "cell"
                        || k == "source"
                        || k == "unplaced"
                        || k.ends_with("_line"))
                });
                if map.get("code").and_then(Value::as_str) == Some("parse.reason_moved") {
                    map.remove("found");
                    map.remove("message");
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            Value::String(s) => s.retain(|c| !c.is_whitespace()),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(report).unwrap();
    strip(&mut v);
    v
}

fn assert_same(text: &Report, pdf: &Report, what: &str) {
    let (a, b) = (comparable(text), comparable(pdf));
    if a != b {
        let (a, b) = (
            serde_json::to_string_pretty(&a).unwrap(),
            serde_json::to_string_pretty(&b).unwrap(),
        );
        let at = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let show = |s: &str| {
            s.lines()
                .skip(at.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: differs at line {at}:\ntext:\n{}\npdf:\n{}",
            show(&a),
            show(&b)
        );
    }
}

#[test]
fn word_and_chromium_pdfs_read_as_their_text() {
    for (i, (name, forms)) in CORPUS.iter().enumerate() {
        let text = check_corpus(name);
        for kind in ["word", "chrome"] {
            let file = format!("{kind}-{i:03}.pdf");
            let report = check_pdf(&file);
            assert_eq!(report.forms.len(), *forms, "{file}");
            assert_eq!(report.source.format, jixiao::Format::Pdf);
            assert_same(&text, &report, &file);
        }
    }
}

#[test]
fn rotated_protected_and_non_embedded_copies_read_as_the_text() {
    let text = check_corpus(CORPUS[2].0);
    for file in [
        "rotate90.pdf",
        "cm-rotated.pdf",
        "owner-rc4.pdf",
        "owner-aes256.pdf",
        "stsong.pdf",
        "gbk.pdf",
    ] {
        assert_same(&text, &check_pdf(file), file);
    }
}

#[test]
fn a_scan_fonts_without_tounicode_and_a_password_are_clear_errors() {
    let opts = Options::default();
    let scan = check_bytes("scan.pdf", &pdf("scan.pdf"), &opts).unwrap_err();
    assert_eq!(scan, InputError::PdfNoText);
    assert!(scan.to_string().contains("扫描件"), "{scan}");
    let garbled = check_bytes("x.pdf", &pdf("notounicode.pdf"), &opts).unwrap_err();
    assert!(
        matches!(garbled, InputError::PdfNoUnicode(share) if share > 20),
        "{garbled:?}"
    );
    assert!(garbled.to_string().contains("ToUnicode"), "{garbled}");
    let locked = check_bytes("x.pdf", &pdf("password.pdf"), &opts).unwrap_err();
    assert_eq!(locked, InputError::PdfPassword);
    assert!(locked.to_string().contains("密码"), "{locked}");
    // The command line says so and exits with 2, never "binary file".
    for file in ["scan.pdf", "notounicode.pdf", "password.pdf"] {
        let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["check", fixture(&format!("pdf/{file}")).to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("二进制"), "{file}: {err}");
        assert!(err.contains("PDF"), "{file}: {err}");
    }
}

#[test]
fn a_borderless_pdf_gives_its_forms_and_a_warning_but_no_error() {
    let text = check_corpus(CORPUS[2].0);
    let report = check_pdf("borderless.pdf");
    let names = |r: &Report| -> Vec<String> {
        r.forms
            .iter()
            .map(|f| f.form.project.clone().unwrap_or_default().replace(' ', ""))
            .collect()
    };
    assert_eq!(names(&report), names(&text));
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == jixiao::findings::Code::InputPdfNoRulings),
        "{:?}",
        report.findings
    );
    assert_eq!(report.summary.errors, 0);
    // Each form says its figures were not checked.
    for f in &report.forms {
        assert!(
            f.findings
                .iter()
                .any(|x| x.code == jixiao::findings::Code::FormLayoutUncertain),
            "{:?}",
            f.form.project
        );
    }
}

#[test]
fn findings_name_their_page_and_cell() {
    let report = check_pdf("word-000.pdf");
    let errors: Vec<_> = report
        .forms
        .iter()
        .flat_map(|f| &f.findings)
        .filter(|f| f.severity == jixiao::findings::Severity::Error)
        .collect();
    assert!(!errors.is_empty());
    for f in errors {
        let cell = f.cell.as_ref().expect("a PDF finding names its cell");
        assert!(cell.page.is_some(), "{cell}");
        let shown = cell.to_string();
        assert!(
            shown.starts_with("第 ") && shown.contains(" 页 表 "),
            "{shown}"
        );
        assert_eq!(shown.parse::<jixiao::inputs::CellRef>().as_ref(), Ok(cell));
    }
}

#[test]
fn the_command_line_reads_pdfs_in_a_folder() {
    let dir = std::env::temp_dir().join(format!("jixiao-pdf-walk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.PDF"), pdf("word-002.pdf")).unwrap();
    std::fs::write(dir.join("b.txt"), corpus_text(CORPUS[2].0)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--format", "json", dir.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let text = String::from_utf8(out.stdout).unwrap();
    let docs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{text}");
    let formats: Vec<&str> = docs
        .iter()
        .map(|d| d["source"]["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["pdf", "text"]);
}

#[test]
fn pdf_text_lists_every_page() {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["pdf-text", fixture("pdf/word-002.pdf").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let pages: Vec<&str> = text.lines().collect();
    assert!(pages.len() >= 3, "{text}");
    assert!(
        pages[0].starts_with("第 1 页\t财政项目支出绩效自评表"),
        "{}",
        pages[0]
    );
    assert!(pages
        .iter()
        .all(|p| !p.split('\t').nth(1).unwrap_or(" ").contains(' ')));
}
