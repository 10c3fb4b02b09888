//! What the page's bindings hand over beside the report: the vocabulary (the page keeps no copy
//! of the core's words), the registry's stages, and the schema of those types, from which the
//! page's TypeScript declarations are generated. Regenerate the schema with
//! `JIXIAO_UPDATE_SCHEMA=1 cargo test --test bindings`.

mod common;

use common::*;
use jixiao::findings::{Code, Stage};
use jixiao::model::{Field, FundCol, FundKind, IndicatorCol};
use jixiao::page::vocabulary;
use jixiao::rules::{By, Rounding};
use jixiao::vocab::Grade;
use rust_decimal::Decimal;

#[test]
fn committed_page_schema_is_current() {
    let generated = serde_json::to_string_pretty(&jixiao::page::page_schema()).unwrap() + "\n";
    assert_current(
        "schema/page.schema.json",
        generated.as_bytes(),
        "JIXIAO_UPDATE_SCHEMA",
        "bindings",
    );
}

/// Every path the vocabulary lets the page build names a field, with the label it gives.
#[test]
fn the_vocabularys_paths_and_labels_are_the_models() {
    let v = vocabulary();
    for l in &v.fields {
        let f: Field = l.key.parse().unwrap();
        assert!(f.is_cell(), "{}", l.key);
        assert_eq!(f.label(), l.zh);
        assert_eq!(f.path(), l.key);
    }
    assert_eq!(v.fund_rows.len(), FundKind::ALL.len());
    for (row, kind) in v.fund_rows.iter().zip(FundKind::ALL) {
        assert_eq!(row.zh, kind.label());
        for (col, c) in v.fund_columns.iter().zip(FundCol::ALL) {
            let path = v
                .paths
                .fund
                .replace("{row}", &row.key)
                .replace("{column}", &col.key);
            assert_eq!(path.parse::<Field>(), Ok(Field::Fund(kind, c)), "{path}");
        }
        let path = v.paths.fund_row.replace("{row}", &row.key);
        assert_eq!(path.parse::<Field>(), Ok(Field::FundRow(kind)));
    }
    for (col, c) in v.indicator_columns.iter().zip(IndicatorCol::ALL) {
        let path = v
            .paths
            .indicator
            .replace("{index}", "7")
            .replace("{column}", &col.key);
        assert_eq!(path.parse::<Field>(), Ok(Field::Indicator(7, c)), "{path}");
        assert_eq!(col.zh, c.label());
    }
    // The drift the page had: the row is 当年财政拨款, as the form's label.
    assert_eq!(v.fund_rows[1].zh, "当年财政拨款");
}

/// The words are the ones the report and the JSON use.
#[test]
fn the_vocabularys_words_are_the_reports() {
    let v = vocabulary();
    let keys = |w: &[jixiao::page::Word]| w.iter().map(|w| w.key).collect::<Vec<_>>();
    assert_eq!(keys(&v.severities), ["error", "warning", "info"]);
    assert_eq!(keys(&v.roundings), ["auto", "truncate", "half_up"]);
    for w in &v.roundings[1..] {
        let r: Rounding = w.key.parse().unwrap();
        assert_eq!(serde_json::to_value(r).unwrap(), w.key);
        assert_eq!(r.label_zh(), w.zh);
    }
    assert_eq!(
        keys(&v.trail),
        By::ALL
            .iter()
            .map(|b| serde_json::to_value(b)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned())
            .collect::<Vec<_>>()
    );
    assert_eq!(v.trail[0].zh, "已更正");
    assert_eq!(v.pasted_name, "粘贴的文本");
    // The bands give what `Grade::of` gives, at and around each minimum.
    for band in &v.grades {
        let grade: Grade = serde_json::from_value(band.grade.into()).unwrap();
        if let Some(min) = &band.min {
            let min: Decimal = min.parse().unwrap();
            assert_eq!(Grade::of(min), grade);
            assert_ne!(Grade::of(min - Decimal::new(1, 2)), grade);
        }
    }
    assert_eq!(v.grades.last().unwrap().min, None);
    assert_eq!((v.years.min, v.years.max), (1990, 2100));
}

/// The registry's stage column says truly which codes the reader gives: the reader, run on
/// every corpus document and rule fixture, gives only `reader` codes, and the rules only
/// `rule` codes.
#[test]
fn the_registry_stage_is_who_gives_the_code() {
    use jixiao::grid::{rows, rows_with, Layout};
    let norm = |t: &str| jixiao::decode::normalize(t).into_owned();
    let mut texts: Vec<(String, Layout)> = CORPUS
        .iter()
        .map(|(n, _)| norm(&corpus_text(n)))
        .map(|t| (t, Layout::Tabs))
        .collect();
    for e in std::fs::read_dir(fixture("rules")).unwrap() {
        let text = norm(&std::fs::read_to_string(e.unwrap().path()).unwrap());
        texts.push((text, Layout::Tabs));
    }
    let paste = norm(&std::fs::read_to_string(fixture("excel-paste.tsv")).unwrap());
    texts.push((paste, Layout::Tabs));
    // The same forms as a workbook's cells and as comma-separated GB18030.
    let xlsx = std::fs::read(fixture("office/corpus-000.xlsx")).unwrap();
    let tables = jixiao::inputs::read_office(jixiao::Format::Xlsx, &xlsx).unwrap();
    texts.push((norm(&jixiao::inputs::to_text(&tables).text), Layout::Tabs));
    let csv = std::fs::read(fixture("office/corpus-002-gb18030.csv")).unwrap();
    let (csv, _) = jixiao::decode::decode(&csv, None).unwrap();
    texts.push((norm(&csv), Layout::Commas));
    // Tab-separated texts are read with the layout their text gives, as `rows` does.
    let inputs: Vec<Vec<jixiao::grid::Row>> = texts
        .iter()
        .map(|(t, layout)| match layout {
            Layout::Commas => rows_with(t, Layout::Commas),
            _ => rows(t),
        })
        .collect();
    let mut seen_reader = Vec::new();
    for rows in &inputs {
        let read = jixiao::recognize::recognize(rows);
        for rf in read.forms {
            for f in &rf.findings {
                assert_eq!(f.code.spec().stage, Stage::Reader, "{:?}", f.code);
                seen_reader.push(f.code);
            }
            let checked = jixiao::rules::check(
                rf.form,
                Rounding::Truncate,
                jixiao::rules::RoundingSource::User,
            );
            for f in &checked.findings {
                assert_eq!(f.code.spec().stage, Stage::Rule, "{:?}", f.code);
            }
        }
    }
    for code in [
        Code::ParseBadNumber,
        Code::ParseReasonMoved,
        Code::IndicatorMissingScore,
    ] {
        assert!(seen_reader.contains(&code), "{code:?} never given");
    }
}
