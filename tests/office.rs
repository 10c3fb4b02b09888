//! Every corpus form written as .xlsx (one sheet per form, numbers stored with float noise and
//! shown through number formats, shared strings, merged cells), .docx (gridSpan and vMerge),
//! HTML (rowspan and colspan) and CSV (UTF-8 and GB18030) gives the same model and findings as
//! the original text; hostile files give clear errors.

mod common;

use common::*;
use jixiao::model::Form;
use jixiao::{check_bytes, DecodeError, InputError, Options};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// A form as a grid of cell texts (the Excel-style layout `export` writes).
fn grid(form: &Form) -> Vec<Vec<String>> {
    jixiao::grid::rows(&export::to_tsv(form))
        .into_iter()
        .map(|r| r.cells.into_iter().map(|c| c.text.into_owned()).collect())
        .collect()
}

/// Merged regions of a form's grid, as (first row, first col, last row, last col), 0-based:
/// the title across the table, and each 一级/二级 label down its group of indicator rows.
#[allow(clippy::needless_range_loop)] // `r` is a row number as much as an index
fn merges(g: &[Vec<String>]) -> Vec<(usize, usize, usize, usize)> {
    let mut out = vec![(0, 0, 0, 7)];
    let header = g.iter().position(|r| r[0] == "一级指标").unwrap();
    let end = g.iter().position(|r| r[0] == "总分").unwrap_or(g.len());
    for col in [0, 1] {
        let mut start = None;
        for r in header + 1..=end {
            let starts_group =
                r == end || !g[r][col].is_empty() || (col == 1 && !g[r][0].is_empty());
            if starts_group {
                if let Some(s) = start.take() {
                    if r - 1 > s {
                        out.push((s, col, r - 1, col));
                    }
                }
                if r < end && !g[r][col].is_empty() {
                    start = Some(r);
                }
            }
        }
    }
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        out.start_file(*name, SimpleFileOptions::default()).unwrap();
        out.write_all(body.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// How a number is stored and formatted: (style index, stored value text).
fn number_cell(text: &str) -> Option<(usize, String)> {
    let percent = text.ends_with('%');
    let body = text.trim_end_matches('%');
    let d = jixiao::value::plain_number(body)?;
    let decimals = body.split_once('.').map_or(0, |(_, f)| f.len());
    let mut v: f64 = d.to_string().parse().unwrap();
    if percent {
        v /= 100.0;
    }
    // Excel writes up to 17 significant digits: `16.89` is stored as 1.6890000000000001e1.
    let stored = format!("{v:.16e}");
    let style = match (percent, decimals) {
        (true, 0) => 4,
        (true, 2) => 5,
        (false, 0) => 1,
        (false, 1) => 2,
        (false, 2) => 3,
        _ => 0,
    };
    Some((style, stored))
}

fn xlsx(forms: &[Form]) -> Vec<u8> {
    let mut strings: Vec<String> = Vec::new();
    let mut sheets = Vec::new();
    for form in forms {
        let g = grid(form);
        let mut rows = String::new();
        for (r, row) in g.iter().enumerate() {
            rows.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let at = format!("{}{}", jixiao::inputs::column_letters(c), r + 1);
                match number_cell(text) {
                    Some((s, v)) => {
                        rows.push_str(&format!("<c r=\"{at}\" s=\"{s}\"><v>{v}</v></c>"))
                    }
                    None => {
                        strings.push(text.clone());
                        rows.push_str(&format!(
                            "<c r=\"{at}\" t=\"s\"><v>{}</v></c>",
                            strings.len() - 1
                        ));
                    }
                }
            }
            rows.push_str("</row>");
        }
        let merged: Vec<String> = merges(&g)
            .into_iter()
            .map(|(r1, c1, r2, c2)| {
                let l = jixiao::inputs::column_letters;
                format!(
                    "<mergeCell ref=\"{}{}:{}{}\"/>",
                    l(c1),
                    r1 + 1,
                    l(c2),
                    r2 + 1
                )
            })
            .collect();
        sheets.push(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData><mergeCells count=\"{}\">{}</mergeCells></worksheet>",
            merged.len(),
            merged.concat()
        ));
    }
    let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    let workbook = format!(
        "<workbook {ns}><sheets>{}</sheets></workbook>",
        (1..=sheets.len())
            .map(|i| format!("<sheet name=\"表{i}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>"))
            .collect::<String>()
    );
    let rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
        (1..=sheets.len())
            .map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"))
            .collect::<String>()
    );
    let shared = format!(
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{}</sst>",
        strings
            .iter()
            .map(|s| format!("<si><t xml:space=\"preserve\">{}</t></si>", xml(s)))
            .collect::<String>()
    );
    let styles = "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0\"/></numFmts><cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"1\"/><xf numFmtId=\"164\"/><xf numFmtId=\"4\"/><xf numFmtId=\"9\"/><xf numFmtId=\"10\"/></cellXfs></styleSheet>".to_owned();
    let mut parts = vec![
        (
            "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
                .to_owned(),
        ),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/sharedStrings.xml", shared),
        ("xl/styles.xml", styles),
    ];
    let names: Vec<String> = (1..=sheets.len())
        .map(|i| format!("xl/worksheets/sheet{i}.xml"))
        .collect();
    for (name, sheet) in names.iter().zip(sheets) {
        parts.push((name.as_str(), sheet));
    }
    zip(&parts)
}

fn docx(forms: &[Form]) -> Vec<u8> {
    let mut body = String::new();
    for form in forms {
        let g = grid(form);
        let m = merges(&g);
        body.push_str("<w:p><w:r><w:t>附表</w:t></w:r></w:p><w:tbl>");
        for (r, row) in g.iter().enumerate() {
            body.push_str("<w:tr>");
            let mut c = 0;
            while c < row.len() {
                let mut props = String::new();
                let mut span = 1;
                if let Some(&(_, _, _, c2)) = m
                    .iter()
                    .find(|&&(r1, c1, r2, _)| r1 == r && r2 == r && c1 == c)
                {
                    span = c2 - c + 1;
                    props.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
                }
                let mut continued = false;
                if let Some(&(r1, _, _, _)) = m
                    .iter()
                    .find(|&&(r1, c1, r2, _)| c1 == c && r2 > r1 && (r1..=r2).contains(&r))
                {
                    continued = r1 != r;
                    props.push_str(if continued {
                        "<w:vMerge/>"
                    } else {
                        "<w:vMerge w:val=\"restart\"/>"
                    });
                }
                let paragraphs: String = if continued {
                    "<w:p/>".to_owned()
                } else {
                    row[c]
                        .split('\n')
                        .map(|p| {
                            format!(
                                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                                xml(p)
                            )
                        })
                        .collect()
                };
                body.push_str(&format!(
                    "<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"
                ));
                c += span;
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    }
    zip(&[
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_owned()),
        (
            "word/document.xml",
            format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"),
        ),
    ])
}

fn html(forms: &[Form]) -> String {
    let mut out = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>document.write('<table>')</script></head><body>");
    for form in forms {
        let g = grid(form);
        let m = merges(&g);
        out.push_str("<table border=1>");
        for (r, row) in g.iter().enumerate() {
            out.push_str("<tr>");
            let mut c = 0;
            while c < row.len() {
                let covered = m.iter().any(|&(r1, c1, r2, c2)| {
                    (r1..=r2).contains(&r) && (c1..=c2).contains(&c) && (r1, c1) != (r, c)
                });
                if covered {
                    c += 1;
                    continue;
                }
                let (mut rs, mut cs) = (1, 1);
                if let Some(&(_, _, r2, c2)) = m.iter().find(|&&(r1, c1, _, _)| (r1, c1) == (r, c))
                {
                    rs = r2 - r + 1;
                    cs = c2 - c + 1;
                }
                let text = xml(&row[c]).replace('\n', "<br>");
                out.push_str(&format!(
                    "<td rowspan=\"{rs}\" colspan=\"{cs}\">{text}</td>"
                ));
                c += cs;
            }
            out.push_str("</tr>");
        }
        out.push_str("</table><p>&nbsp;</p>");
    }
    out + "</body></html>"
}

fn same_as_text(name: &str, original: &jixiao::Report, other: &jixiao::Report) {
    let forms = |r: &jixiao::Report| {
        r.forms
            .iter()
            .map(|f| without_lines(f.form.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(forms(original), forms(other), "{name}");
    for (a, b) in original.forms.iter().zip(&other.forms) {
        assert_eq!(rule_codes(a), rule_codes(b), "{name}: {:?}", a.form.project);
    }
    assert!(other.unplaced.is_empty(), "{name}: {:?}", other.unplaced);
}

#[test]
fn xlsx_docx_html_and_csv_give_the_same_model_and_findings() {
    for (name, _) in CORPUS {
        let original = check_corpus(name);
        let forms: Vec<Form> = original.forms.iter().map(|f| f.form.clone()).collect();
        let o = Options::default();
        let x = check_bytes("表.xlsx", &xlsx(&forms), &o).unwrap();
        assert_eq!(x.source.format, jixiao::Format::Xlsx);
        same_as_text(&format!("{name} xlsx"), &original, &x);
        let d = check_bytes("表.docx", &docx(&forms), &o).unwrap();
        assert_eq!(d.source.format, jixiao::Format::Docx);
        same_as_text(&format!("{name} docx"), &original, &d);
        let h = check_bytes("表.html", html(&forms).as_bytes(), &o).unwrap();
        assert_eq!(h.source.format, jixiao::Format::Html);
        same_as_text(&format!("{name} html"), &original, &h);
        let csv: String = forms.iter().map(export::to_csv).collect();
        same_as_text(
            &format!("{name} csv"),
            &original,
            &check_bytes("表.csv", csv.as_bytes(), &o).unwrap(),
        );
        let (gbk, _, _) = encoding_rs::GB18030.encode(&csv);
        let g = check_bytes("表.csv", &gbk, &o).unwrap();
        assert_eq!(g.source.encoding, jixiao::Encoding::Gb18030);
        same_as_text(&format!("{name} csv gb18030"), &original, &g);
    }
}

#[test]
fn findings_name_their_cells() {
    let original = check_corpus("000_61cdf90257007e71.txt");
    let forms: Vec<Form> = original.forms.iter().map(|f| f.form.clone()).collect();
    let x = check_bytes("表.xlsx", &xlsx(&forms), &Options::default()).unwrap();
    let star = &x.forms[4];
    let total = star
        .findings
        .iter()
        .find(|f| f.code.spec().code == "total.mismatch")
        .unwrap();
    // The 总分 row of the fifth sheet: its figure in column G.
    let row = grid(&forms[4]).iter().position(|r| r[0] == "总分").unwrap() + 1;
    assert_eq!(
        total.cell.as_ref().map(|c| c.to_string()).as_deref(),
        Some(format!("表5!G{row}").as_str())
    );
    let rule = star
        .findings
        .iter()
        .find(|f| f.code.spec().code == "indicator.above_rule")
        .unwrap();
    assert!(
        rule.cell
            .as_ref()
            .map(|c| c.to_string())
            .as_deref()
            .unwrap()
            .starts_with("表5!G"),
        "{:?}",
        rule.cell
    );
    let d = check_bytes("表.docx", &docx(&forms), &Options::default()).unwrap();
    let total = d.forms[4]
        .findings
        .iter()
        .find(|f| f.code.spec().code == "total.mismatch")
        .unwrap();
    assert_eq!(
        total.cell.as_ref().map(|c| c.to_string()).as_deref(),
        Some(format!("表 5 行 {row} 列 7").as_str())
    );
    // Text input has lines, not cells.
    assert!(original.forms[4].findings.iter().all(|f| f.cell.is_none()));
}

#[test]
fn hostile_files_give_clear_errors() {
    let o = Options::default();
    // A zip bomb: 100 MB of zeros in a sheet that compresses to about 100 KB.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    bomb.start_file("xl/workbook.xml", SimpleFileOptions::default())
        .unwrap();
    bomb.write_all(b"<workbook><sheets><sheet name=\"a\" r:id=\"rId1\"/></sheets></workbook>")
        .unwrap();
    bomb.start_file("xl/_rels/workbook.xml.rels", SimpleFileOptions::default())
        .unwrap();
    bomb.write_all(b"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>").unwrap();
    bomb.start_file("xl/worksheets/sheet1.xml", SimpleFileOptions::default())
        .unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..100 {
        bomb.write_all(&zeros).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20);
    assert!(matches!(
        check_bytes("bomb.xlsx", &bomb, &o),
        Err(InputError::TooLarge(_))
    ));
    // A truncated workbook.
    let forms: Vec<Form> = corpus_forms("002_cb685a1f859d7a80.txt");
    let whole = xlsx(&forms);
    let cut = &whole[..whole.len() / 2];
    assert!(matches!(
        check_bytes("cut.xlsx", cut, &o),
        Err(InputError::Corrupt(_))
    ));
    // A Word document without tables.
    let no_tables = zip(&[("word/document.xml", "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>说明</w:t></w:r></w:p></w:body></w:document>".to_owned())]);
    assert_eq!(
        check_bytes("x.docx", &no_tables, &o).unwrap_err(),
        InputError::NoTables
    );
    // A binary file named .csv, an empty file, an encrypted or legacy Office file.
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    assert_eq!(
        check_bytes("x.csv", &binary, &o).unwrap_err(),
        InputError::Decode(DecodeError::Binary)
    );
    assert_eq!(
        check_bytes("x.xlsx", b"", &o).unwrap_err(),
        InputError::Decode(DecodeError::Empty)
    );
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    assert_eq!(
        check_bytes("x.xlsx", &ole, &o).unwrap_err(),
        InputError::EncryptedOrLegacy
    );
    // Messages are Chinese and say what to do.
    assert!(InputError::EncryptedOrLegacy.to_string().contains("另存为"));
    // An HTML page without tables, and one that is only markup noise.
    assert_eq!(
        check_bytes("x.html", b"<html><p>no</p></html>", &o).unwrap_err(),
        InputError::NoTables
    );
    assert!(check_bytes(
        "x.html",
        b"<table><tr><td rowspan=99999 colspan=99999>x",
        &o
    )
    .is_ok());
}

/// The workbook the browser test drops on the page: committed, and checked to be what this
/// writer makes (regenerate with `JIXIAO_UPDATE_FIXTURES=1 cargo test --test office`).
#[test]
fn browser_fixture_workbook_is_current() {
    let forms: Vec<Form> = corpus_forms("000_61cdf90257007e71.txt");
    assert_current(
        "tests/fixtures/office/corpus-000.xlsx",
        &xlsx(&forms),
        "JIXIAO_UPDATE_FIXTURES",
        "office",
    );
}

/// The GB18030 CSV the browser test drops beside the workbook (what Chinese Excel saves).
#[test]
fn browser_fixture_csv_is_current() {
    let forms: Vec<Form> = corpus_forms("002_cb685a1f859d7a80.txt");
    let csv: String = forms.iter().map(export::to_csv).collect();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&csv);
    assert_current(
        "tests/fixtures/office/corpus-002-gb18030.csv",
        &bytes,
        "JIXIAO_UPDATE_FIXTURES",
        "office",
    );
    let committed = std::fs::read(fixture("office/corpus-002-gb18030.csv")).unwrap();
    let r = check_bytes("x.csv", &committed, &Options::default()).unwrap();
    assert_eq!(
        (r.forms.len(), r.source.encoding),
        (3, jixiao::Encoding::Gb18030)
    );
}
