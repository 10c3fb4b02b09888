//! Properties: the reader never panics and never drops a line; checking a corrected form again
//! finds no arithmetic to correct.

mod common;

use common::*;
use jixiao::rules::RoundingSource;
use jixiao::{check_text, Options};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Pieces real forms are made of, so random documents reach deep into the recogniser.
const TOKENS: &[&str] = &[
    "财政项目支出绩效自评表",
    "(2023 年度)",
    "项目名称",
    "主管部门",
    "实施单位",
    "项目资金（万元）",
    "项目资金 (元)",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "偏差原因",
    "产出指标",
    "数量指标",
    "满意度指",
    "标",
    "效益 指标",
    "服务 对象",
    "达成指标",
    "部分达成指标并具有一定效果",
    "≥90(%)",
    "=0(起)",
    "<2(小时)",
    "10个",
    "1,087.50",
    "85.52%",
    "100",
    "95.38",
    "0",
    "-",
    "—",
    "10.00",
    "4.00",
    "1e309",
    "99999999999999999999999999999999",
    "总分",
    "评分等级",
    "优",
    "良",
    "<p>",
    "</p>",
    "\"",
    "\"\"",
    "文字",
    " ",
    "\t",
    "\t",
    "\t",
    "\n",
    "\n",
    "\r\n",
    "\u{200B}",
    "\u{202E}",
    "１２．５",
    "％",
    "\u{0}",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..300).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_places_every_line(text in document()) {
        let r = check_text("p", &text, &Options::default());
        // Every row with text (a quoted cell may span lines: the row is named by its first).
        let normal = jixiao::decode::normalize(&text);
        let rows = jixiao::grid::rows(&normal);
        for row in rows.iter().filter(|r| !r.is_blank()) {
            let at = row.line;
            let in_form = r.forms.iter().any(|f| (f.form.lines.start..=f.form.lines.end).contains(&at));
            let unplaced = r.unplaced.iter().any(|u| u.line == at);
            prop_assert!(in_form || unplaced, "line {at} lost");
        }
        for u in &r.unplaced {
            prop_assert!(!u.text.trim().is_empty());
        }
    }

    #[test]
    fn a_report_read_back_is_the_same_report(text in document()) {
        let r = check_text("p", &text, &Options::default());
        let back = jixiao::revise::resume(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert_eq!(&back[0], &r);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}(\t\\PC{0,20}){0,10}") {
        let _ = check_text("p", &text, &Options::default());
    }

    #[test]
    fn corrected_forms_recheck_without_arithmetic_findings(
        doc in 0usize..4,
        pick in 0usize..64,
        executed in 0u32..5_000_000,
        budget in 1u32..5_000_000,
        bumps in prop::collection::vec((0usize..64, -300i64..300), 0..6),
        total_bump in -500i64..500,
        grade in prop::sample::select(&["优", "良", "中", "差"][..]),
    ) {
        let (name, _) = CORPUS[doc];
        let r = check_corpus(name);
        let mut form = r.forms[pick % r.forms.len()].form.clone();
        let rounding = r.forms[pick % r.forms.len()].recomputed.rounding;
        if let Some(t) = form.funds.total.as_mut() {
            t.executed = Some(Decimal::new(executed as i64, 2));
            t.annual_budget = Some(Decimal::new(budget as i64, 2));
        }
        let n = form.indicators.len();
        for (i, delta) in bumps {
            if let Some(s) = form.indicators[i % n].score.as_mut() {
                *s = (*s + Decimal::new(delta, 2)).max(Decimal::ZERO);
            }
        }
        if let Some(t) = form.reported.total.as_mut() {
            *t += Decimal::new(total_bump, 2);
        }
        form.reported.grade = Some(grade.to_string());
        let checked = jixiao::rules::check(form, rounding, RoundingSource::User);
        let report = jixiao::FormReport {
            form: checked.form,
            recomputed: checked.recomputed,
            findings: checked.findings,
            corrections: checked.corrections,
        };
        let again = check_text(
            "again",
            &export::to_tsv(&corrected_form(&report)),
            &Options { rounding: Some(rounding), ..Options::default() },
        );
        prop_assert_eq!(again.forms.len(), 1);
        let arithmetic = ["funds.rate_mismatch", "funds.score_mismatch", "total.mismatch", "grade.mismatch"];
        let left: Vec<_> = codes(&again.forms[0]).into_iter().filter(|c| arithmetic.contains(c)).collect();
        prop_assert!(left.is_empty(), "{:?}", left);
        prop_assert!(again.forms[0].corrections.is_empty());
    }
}

#[test]
fn every_corpus_form_rechecks_clean_after_correction() {
    for (name, _) in CORPUS {
        for f in check_corpus(name).forms {
            let again = check_text(
                name,
                &export::to_tsv(&corrected_form(&f)),
                &Options {
                    rounding: Some(f.recomputed.rounding),
                    ..Options::default()
                },
            );
            assert!(
                again.forms[0].corrections.is_empty(),
                "{name}: {:?}",
                f.form.project
            );
            assert_eq!(again.forms[0].recomputed.total, f.recomputed.total);
        }
    }
}

/// Every corpus form, every indicator cell and fund figure, a range of values: an edit undone by
/// typing the old value back leaves the form, its figures and its findings as checked (but for
/// what the reader noticed about that field: that goes once a user has set it).
#[test]
fn an_edit_undone_by_editing_back_leaves_the_form_as_checked() {
    use jixiao::findings::Finding;
    use jixiao::revise::{revise, Action};
    let values = ["0", "99.99", "-3", "", "≥90%", "达成", "1,234.5"];
    let mut tried = 0;
    for (name, _) in CORPUS {
        for form in check_corpus(name).forms {
            let original = serde_json::to_value(&form).unwrap();
            let mut fields: Vec<String> = ["executed", "annual_budget", "rate", "score", "weight"]
                .iter()
                .map(|c| format!("funds.total.{c}"))
                .collect();
            for i in 0..form.form.indicators.len() {
                for c in ["score", "weight", "actual", "target", "reason"] {
                    fields.push(format!("indicators[{i}].{c}"));
                }
            }
            for field in &fields {
                // The value as the checked report shows it; the printed one where the checker
                // corrected it.
                let mut node = &original;
                for p in field.split(['.', '[', ']']).filter(|p| !p.is_empty()) {
                    node = match p.parse::<usize>() {
                        Ok(n) => &node[n],
                        Err(_) => &node[p],
                    };
                }
                let shown = match node {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s.clone()),
                    other => other["text"].as_str().map(str::to_owned),
                };
                let was = form
                    .corrections
                    .iter()
                    .find(|c| c.field == field.parse().ok() && c.by == jixiao::rules::By::Auto)
                    .map_or(shown, |c| c.from.clone());
                let edit = |v: Option<String>| Action::Edit {
                    field: field.parse().unwrap(),
                    value: v,
                };
                for value in values {
                    let Ok(edited) = revise(&form, Some(&edit(Some(value.to_owned()))), None)
                    else {
                        continue; // refused (not a number): nothing to undo
                    };
                    tried += 1;
                    let back = revise(&edited, Some(&edit(was.clone())), None).unwrap();
                    assert_eq!(back.form, form.form, "{name} {field} {value}");
                    assert_eq!(back.recomputed, form.recomputed, "{name} {field} {value}");
                    let note = |f: &&Finding| {
                        f.code.from_reader()
                            && f.field.map(|f| f.path()).as_deref() == Some(field.as_str())
                    };
                    assert!(!back.findings.iter().any(|f| note(&f)));
                    let expected: Vec<&Finding> =
                        form.findings.iter().filter(|f| !note(f)).collect();
                    assert_eq!(
                        back.findings.iter().collect::<Vec<_>>(),
                        expected,
                        "{name} {field} {value}"
                    );
                }
            }
        }
    }
    assert!(tried > 10_000, "{tried} edits tried");
}
