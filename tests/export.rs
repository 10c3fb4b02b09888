//! The exports: the corrected-forms workbook read back by our own reader gives the corrected
//! forms with nothing left to correct; users' edits and accepted fixes are marked in it; the
//! findings workbook read by a second reader (calamine) and the CSV read by the csv crate give
//! exactly `export::rows`.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{check_corpus, fixture, CORPUS};
use jixiao::export::rows::{self, FINDING_HEADERS, FORM_HEADERS};
use jixiao::export::{findings_csv, findings_xlsx, forms_xlsx, sheet, ExportError};
use jixiao::findings::{Applicability, Severity, Stage};
use jixiao::model::{FundCol, FundKind, IndicatorCol};
use jixiao::revise::{revise_report, Action};
use jixiao::{check_bytes, FormReport, Options, Report};
use rust_decimal::Decimal;
use std::io::Cursor;
use std::str::FromStr;

/// Every document with forms the fixtures hold: the corpus, the region fixtures, a workbook.
fn documents() -> Vec<Report> {
    let mut paths: Vec<_> = CORPUS
        .iter()
        .map(|(n, _)| fixture(&format!("corpus/{n}")))
        .collect();
    let mut regions: Vec<_> = std::fs::read_dir(fixture("regions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    regions.sort();
    paths.extend(regions);
    paths.push(fixture("office/corpus-000.xlsx"));
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            check_bytes(&name, &bytes, &Options::default()).unwrap()
        })
        .collect()
}

/// The errors of the rules that stand on a form, but those its checker corrected itself.
fn uncorrected_errors(fr: &FormReport) -> Vec<&'static str> {
    let mut out: Vec<_> = fr
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !f.dismissed)
        .filter(|f| f.code.spec().stage == Stage::Rule)
        .filter(|f| f.fix.as_ref().map(|x| x.applicability) != Some(Applicability::Safe))
        .map(|f| f.code.spec().code)
        .collect();
    out.sort_unstable();
    out
}

fn fund_figures(fr: &FormReport) -> Vec<Option<Decimal>> {
    FundKind::ALL
        .into_iter()
        .flat_map(|k| FundCol::ALL.map(move |c| (k, c)))
        .map(|(k, c)| fr.form.funds.get(k).and_then(|r| r.get(c)))
        .collect()
}

/// Each indicator's cells as the form holds them (strings, so `18.00` is not `18`).
fn indicator_cells(fr: &FormReport) -> Vec<Vec<Option<String>>> {
    (0..fr.form.indicators.len())
        .map(|i| {
            IndicatorCol::ALL
                .into_iter()
                .map(|c| fr.form.get(jixiao::model::Field::Indicator(i, c)))
                .collect()
        })
        .collect()
}

/// The corrected-forms workbook of `report`, read back by this crate as a user would check it.
fn read_back(report: &Report) -> Report {
    let bytes = forms_xlsx(std::slice::from_ref(report)).unwrap();
    let rounding = report.forms.first().map(|f| f.recomputed.rounding);
    let opts = Options {
        rounding,
        ..Options::default()
    };
    check_bytes("corrected.xlsx", &bytes, &opts).unwrap()
}

/// What differs between a corrected form and the same form read back from the workbook.
fn differences(was: &FormReport, now: &FormReport) -> Vec<String> {
    let (a, b) = (&was.form, &now.form);
    let mut out = Vec::new();
    let mut check = |what: &str, same: bool| {
        if !same {
            out.push(what.to_owned());
        }
    };
    check("project", a.project == b.project);
    check("department", a.department == b.department);
    check("implementer", a.implementer == b.implementer);
    check("unit", a.unit == b.unit);
    check("year", a.year == b.year);
    check("goals", a.goals == b.goals);
    check("levels", a.levels.len() == b.levels.len());
    check("funds", fund_figures(was) == fund_figures(now));
    check("indicators", indicator_cells(was) == indicator_cells(now));
    check(
        "recomputed total",
        was.recomputed.total == now.recomputed.total,
    );
    check(
        "recomputed grade",
        was.recomputed.grade == now.recomputed.grade,
    );
    check(
        "printed total",
        b.reported.total == was.recomputed.total || a.reported.total.is_none(),
    );
    check("nothing to correct", now.corrections.is_empty());
    if was.form.uncertain.is_empty() {
        check("errors", uncorrected_errors(now) == uncorrected_errors(was));
    }
    out
}

#[test]
fn the_corrected_workbook_reads_back_as_the_corrected_forms() {
    let mut forms = 0;
    let mut broken = Vec::new();
    for report in documents() {
        let name = &report.source.name;
        let back = read_back(&report);
        assert_eq!(back.forms.len(), report.forms.len(), "{name}: forms");
        for (i, (was, now)) in report.forms.iter().zip(&back.forms).enumerate() {
            let diff = differences(was, now);
            if !diff.is_empty() {
                broken.push(format!("{name} form {}: {}", i + 1, diff.join(", ")));
            }
            forms += 1;
        }
    }
    // The one form read back otherwise: 一级 labels outside the vocabulary (项目决策(10分),
    // 项目管理 …) in the national column order are taken for the start of the 三级 name (the
    // form itself prints 参考分值 before its targets, a header-driven order the reader follows).
    // A limit of the reader, kept here so that the test says when it goes.
    let known = ["ningxia-execution-row.tsv form 2: levels, indicators, errors"];
    assert_eq!(broken, known, "\n{}", broken.join("\n"));
    assert!(forms > 80, "{forms} forms");
}

fn edit(field: &str, value: &str) -> Action {
    Action::Edit {
        field: field.parse().unwrap(),
        value: Some(value.into()),
    }
}

/// The text of a part of a workbook (empty when it has no such part).
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    if let Ok(mut file) = zip.by_name(name) {
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
    }
    text
}

/// A1 name of a 0-based cell.
fn a1(row: usize, col: usize) -> String {
    format!("{}{}", (b'A' + col as u8) as char, row + 1)
}

#[test]
fn an_edit_and_an_accepted_fix_are_in_the_workbook_filled_and_noted() {
    let report = check_corpus(CORPUS[1].0);
    let i = report
        .forms
        .iter()
        .position(|f| f.form.project.as_deref() == Some("人事人才公共服务工作经费"))
        .unwrap();
    let accept = Action::Accept {
        code: jixiao::findings::Code::from_code("indicator.met_but_deducted").unwrap(),
        field: "indicators[30].score".parse().unwrap(),
    };
    let at = Some("2026-11-24T10:00:00Z");
    let report = revise_report(&report, i, Some(&accept), at).unwrap();
    let report = revise_report(
        &report,
        i,
        Some(&edit("indicators[0].reason", "按计划")),
        at,
    )
    .unwrap();
    let report = revise_report(&report, i, Some(&edit("indicators[1].score", "1.50")), at).unwrap();
    let fr = &report.forms[i];
    let sheet = sheet::lay_out(fr);
    let mark = |path: &str| {
        let (r, c) = sheet.position(path.parse().unwrap()).unwrap();
        let m = sheet.marks.iter().find(|m| (m.row, m.col) == (r, c));
        (a1(r, c), m.map(|m| m.note.clone()).unwrap_or_default())
    };
    let (edited_cell, edited) = mark("indicators[1].score");
    let was = check_corpus(CORPUS[1].0).forms[i].form.indicators[1]
        .score
        .unwrap();
    assert_eq!(edited, format!("用户修改：原值 {was} → 1.50"));
    let (_, accepted) = mark("indicators[30].score");
    assert!(
        accepted.starts_with("已采纳（indicator.met_but_deducted）：原值 "),
        "{accepted}"
    );
    let (_, total) = mark("total");
    assert!(total.contains("已更正（total.mismatch）"), "{total}");

    let bytes = forms_xlsx(std::slice::from_ref(&report)).unwrap();
    let comments = (1..=report.forms.len())
        .map(|n| part(&bytes, &format!("xl/comments{n}.xml")))
        .find(|c| c.contains("用户修改"))
        .unwrap();
    assert!(
        comments.contains(&format!("ref=\"{edited_cell}\"")),
        "{comments}"
    );
    assert!(comments.contains("用户修改：原值"), "{comments}");
    assert!(part(&bytes, "xl/styles.xml").contains("FFF2CC"), "the fill");

    let back = check_bytes("corrected.xlsx", &bytes, &Options::default()).unwrap();
    let now = &back.forms[i];
    assert_eq!(now.form.indicators[1].score.unwrap().to_string(), "1.50");
    assert_eq!(now.form.indicators[0].reason.as_deref(), Some("按计划"));
    assert_eq!(now.form.indicators[30].score, fr.form.indicators[30].score);
    assert_eq!(now.recomputed.total, fr.recomputed.total);

    // The trail's last sheet: every entry of the form, users' first.
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.last().map(String::as_str), Some("修改记录"));
    let trail = book.worksheet_range("修改记录").unwrap();
    let rows: Vec<Vec<String>> = trail
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(rows[0], rows::TRAIL_HEADERS);
    let by: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(&by[..3], ["已采纳", "已修改", "已修改"], "{rows:?}");
    assert_eq!(rows[1][2], "得分（indicators[30].score）");
    assert_eq!(rows[1][7], "2026-11-24T10:00:00Z");
    assert!(
        rows[1][0].starts_with(&format!("{} ", i + 1)),
        "{:?}",
        rows[1]
    );
}

/// A cell as calamine reads it, as text.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// Whether a cell calamine read is the row's text: the same string, or the same number.
fn same(cell: &Data, text: &str) -> bool {
    match cell {
        Data::Float(f) => Decimal::from_str(text).is_ok_and(|d| {
            Decimal::from_str(&f.to_string())
                .unwrap()
                .round_dp(d.scale())
                == d
        }),
        other => cell_text(other) == text,
    }
}

fn assert_sheet<const N: usize>(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    headers: [&str; N],
    rows: &[[String; N]],
) {
    let range = book.worksheet_range(name).unwrap();
    let read: Vec<&[Data]> = range.rows().collect();
    assert_eq!(read.len(), rows.len() + 1, "{name}: rows");
    let head: Vec<String> = read[0].iter().map(cell_text).collect();
    assert_eq!(head, headers, "{name}");
    for (r, (got, want)) in read[1..].iter().zip(rows).enumerate() {
        for (c, text) in want.iter().enumerate() {
            let cell = got.get(c).unwrap_or(&Data::Empty);
            assert!(
                same(cell, text),
                "{name} row {}: {cell:?} is not {text:?}",
                r + 2,
            );
        }
    }
}

#[test]
fn the_findings_workbook_holds_the_rows_for_a_second_reader() {
    let reports = documents();
    let bytes = findings_xlsx(&reports).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["问题清单", "自评表一览"]);
    let findings = rows::findings(&reports);
    let forms = rows::forms(&reports);
    assert!(findings.len() > 100 && forms.len() > 80);
    assert_sheet(&mut book, "问题清单", FINDING_HEADERS, &findings);
    assert_sheet(&mut book, "自评表一览", FORM_HEADERS, &forms);
}

#[test]
fn the_csv_reads_back_as_the_rows() {
    let reports = documents();
    let text = findings_csv(&reports);
    let body = text.strip_prefix('\u{feff}').expect("a BOM first");
    assert!(!body.contains('\u{feff}'), "one BOM");
    assert!(body.lines().all(|l| l.ends_with('\r') || !l.is_empty()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    let read: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(read[0], FINDING_HEADERS);
    let want: Vec<Vec<String>> = rows::findings(&reports)
        .into_iter()
        .map(Vec::from)
        .collect();
    assert_eq!(read[1..], want[..]);
    assert!(
        want.iter()
            .any(|r| r.iter().any(|c| c.contains([',', '"', '\n']))),
        "some cell needed quoting"
    );
}

#[test]
fn a_dismissal_and_its_note_are_in_the_rows() {
    let report = check_corpus(CORPUS[0].0);
    let (i, f) = report
        .forms
        .iter()
        .enumerate()
        .find(|(_, f)| f.has_errors())
        .unwrap();
    let finding = f
        .findings
        .iter()
        .find(|x| x.severity == Severity::Error)
        .unwrap();
    let dismiss = Action::Dismiss {
        code: finding.code,
        field: finding.field,
        note: Some("已与主管部门核对".into()),
    };
    let report = revise_report(&report, i, Some(&dismiss), None).unwrap();
    let rows = rows::findings(std::slice::from_ref(&report));
    let row = rows
        .iter()
        .find(|r| r[1] == (i + 1).to_string() && r[5] == finding.code.spec().code)
        .unwrap();
    assert_eq!(
        (row[11].as_str(), row[12].as_str()),
        ("是", "已与主管部门核对")
    );
    let overview = rows::forms(std::slice::from_ref(&report));
    assert_eq!(overview[i][12], "1");
    assert_eq!(
        overview[i][2],
        report.forms[i].form.project.clone().unwrap()
    );
}

#[test]
fn no_form_is_a_clear_error() {
    let report = jixiao::check_text("空.txt", "没有表格的一段话", &Options::default());
    assert!(report.forms.is_empty());
    let err = forms_xlsx(std::slice::from_ref(&report)).unwrap_err();
    assert!(matches!(err, ExportError::NoForms));
    assert!(err.to_string().contains("没有可导出的自评表"), "{err}");
    assert!(matches!(forms_xlsx(&[]), Err(ExportError::NoForms)));
    // The findings of such a document are still listed: the document's own.
    let rows = rows::findings(&[report]);
    assert_eq!(rows[0][5], "input.no_form");
    assert_eq!(rows[0][1], "", "no form number");
    assert!(findings_xlsx(&[]).is_ok());
}
