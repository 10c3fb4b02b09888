//! The same forms in the other ways people have them give the same model: Excel-style TSV,
//! CRLF line endings, full-width digits, GB18030 bytes.

mod common;

use common::*;
use jixiao::{check_bytes, check_text, Encoding, Options};

fn models(r: &jixiao::Report) -> Vec<jixiao::model::Form> {
    r.forms.iter().map(|f| f.form.clone()).collect()
}

#[test]
fn crlf_gives_the_same_report() {
    for (name, _) in CORPUS {
        let text = corpus_text(name);
        let a = check_text(name, &text, &Options::default());
        let b = check_text(name, &text.replace('\n', "\r\n"), &Options::default());
        assert_eq!(a.forms, b.forms, "{name}");
        assert_eq!(a.unplaced, b.unplaced, "{name}");
    }
}

#[test]
fn old_mac_line_endings_count_as_lines() {
    let text = corpus_text(CORPUS[2].0);
    let a = check_text("a", &text, &Options::default());
    let b = check_text("b", &text.replace('\n', "\r"), &Options::default());
    assert_eq!(a.forms, b.forms);
}

#[test]
fn full_width_digits_give_the_same_report() {
    for (name, _) in CORPUS {
        let text = corpus_text(name);
        let wide: String = text
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                '.' => '．',
                '%' => '％',
                _ => c,
            })
            .collect();
        assert_ne!(wide, text);
        let a = check_text(name, &text, &Options::default());
        let b = check_text(name, &wide, &Options::default());
        assert_eq!(a.forms, b.forms, "{name}");
    }
}

#[test]
fn gb18030_bytes_give_the_same_report() {
    for (name, _) in CORPUS {
        let text = corpus_text(name);
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{name} must not be valid UTF-8"
        );
        let a = check_text(name, &text, &Options::default());
        let b = check_bytes(name, &bytes, &Options::default()).unwrap();
        assert_eq!(b.source.encoding, Encoding::Gb18030);
        assert_eq!(a.forms, b.forms, "{name}");
    }
}

#[test]
fn excel_style_tsv_gives_the_same_model() {
    for (name, _) in CORPUS {
        let a = check_corpus(name);
        let tsv: String = a
            .forms
            .iter()
            .map(|f| export::to_tsv(&f.form) + "\n")
            .collect();
        // Excel copies with CRLF.
        let b = check_text(name, &tsv.replace('\n', "\r\n"), &Options::default());
        assert!(b.unplaced.is_empty(), "{name}: {:?}", b.unplaced);
        let left: Vec<_> = models(&a).into_iter().map(without_lines).collect();
        let right: Vec<_> = models(&b).into_iter().map(without_lines).collect();
        assert_eq!(left.len(), right.len(), "{name}");
        for (l, r) in left.iter().zip(&right) {
            assert_eq!(l, r, "{name}");
        }
        for (fa, fb) in a.forms.iter().zip(&b.forms) {
            assert_eq!(
                rule_codes(fa),
                rule_codes(fb),
                "{name}: {:?}",
                fa.form.project
            );
        }
    }
}

#[test]
fn csv_files_give_the_same_model() {
    for (name, _) in CORPUS {
        let a = check_corpus(name);
        let csv: String = a.forms.iter().map(|f| export::to_csv(&f.form)).collect();
        // Chinese Excel saves CSV in GB18030 without a BOM.
        let (bytes, _, _) = encoding_rs::GB18030.encode(&csv);
        let b = check_bytes("表.csv", &bytes, &Options::default()).unwrap();
        assert_eq!(b.source.encoding, Encoding::Gb18030);
        assert!(b.unplaced.is_empty(), "{name}: {:?}", b.unplaced);
        let left: Vec<_> = models(&a).into_iter().map(without_lines).collect();
        let right: Vec<_> = models(&b).into_iter().map(without_lines).collect();
        assert_eq!(left, right, "{name}");
    }
}

/// Text copied from a PDF viewer has single spaces where the cells were. The figures, names and
/// findings survive; only a multi-word free-text target can lose its boundary with its name.
#[test]
fn single_space_pdf_copy_gives_the_same_figures_and_findings() {
    for (name, _) in CORPUS {
        let text = corpus_text(name);
        let spaced: String = text
            .split('\n')
            .map(|l| {
                l.split('\t')
                    .filter(|c| !c.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let a = check_text(name, &text, &Options::default());
        let b = check_text(name, &spaced, &Options::default());
        assert_eq!(a.forms.len(), b.forms.len(), "{name}");
        for (fa, fb) in a.forms.iter().zip(&b.forms) {
            let (x, y) = (&fa.form, &fb.form);
            assert_eq!(
                (&x.project, &x.department, &x.implementer, x.unit, x.year),
                (&y.project, &y.department, &y.implementer, y.unit, y.year),
                "{name}"
            );
            assert_eq!(x.funds, y.funds, "{name}");
            assert_eq!(x.reported, y.reported, "{name}");
            let figures = |f: &jixiao::model::Form| {
                f.indicators
                    .iter()
                    .map(|i| {
                        (
                            i.level1.clone(),
                            i.level2.clone(),
                            i.weight,
                            i.score,
                            i.line,
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(figures(x), figures(y), "{name}: {:?}", x.project);
            assert_eq!(rule_codes(fa), rule_codes(fb), "{name}: {:?}", x.project);
        }
    }
}

#[test]
fn hand_written_excel_paste_with_merged_cells() {
    let text = std::fs::read_to_string(fixture("excel-paste.tsv")).unwrap();
    let r = check_text("excel-paste.tsv", &text, &Options::default());
    assert_eq!(r.forms.len(), 1);
    let f = &r.forms[0];
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
    assert_eq!(f.form.project.as_deref(), Some("信息化运维项目"));
    assert_eq!(f.form.indicators.len(), 5);
    assert_eq!(f.form.indicators[2].level2.as_deref(), Some("质量指标"));
    assert_eq!(f.form.indicators[4].level1.as_deref(), Some("满意度指标"));
    assert_eq!(
        f.form.goals.planned.as_deref(),
        Some("保障系统稳定运行。\n完成年度运维。")
    );
    assert_eq!(f.recomputed.total.unwrap().to_string(), "97.00");
    assert_eq!(f.recomputed.rounding, jixiao::Rounding::HalfUp);
    assert!(!f.has_errors(), "{:?}", f.findings);
}
