//! Revising a checked form: edits, accepted fixes and dismissals re-run through the rules, the
//! audit trail they leave, and reports read back to continue.

mod common;

use common::{check_corpus, CORPUS};
use jixiao::findings::Code;
use jixiao::revise::{resume, revise, revise_report, Action, EditError};
use jixiao::rules::By;
use jixiao::{FormReport, Report};

fn edit(field: &str, value: &str) -> Action {
    Action::Edit {
        field: field.parse().unwrap(),
        value: Some(value.into()),
    }
}

fn accept(code: &str, field: &str) -> Action {
    Action::Accept {
        code: Code::from_code(code).unwrap(),
        field: field.parse().unwrap(),
    }
}

fn form_named<'a>(report: &'a Report, name: &str) -> (usize, &'a FormReport) {
    report
        .forms
        .iter()
        .enumerate()
        .find(|(_, f)| f.form.project.as_deref().unwrap_or("").contains(name))
        .unwrap_or_else(|| panic!("no form {name}"))
}

fn has(f: &FormReport, code: &str, field: &str) -> bool {
    f.findings.iter().any(|x| {
        x.code.spec().code == code
            && x.field.map(|f| f.path()).as_deref() == Some(field)
            && !x.dismissed
    })
}

fn round_trip(report: &Report) -> Report {
    let json = serde_json::to_string(report).unwrap();
    let mut back = resume(&json).unwrap();
    assert_eq!(back.len(), 1);
    back.remove(0)
}

#[test]
fn checking_again_changes_nothing_on_any_corpus_form_or_workbook() {
    for (name, _) in CORPUS {
        let report = check_corpus(name);
        assert_eq!(round_trip(&report), report, "{name}");
    }
    let bytes = std::fs::read(common::fixture("office/corpus-000.xlsx")).unwrap();
    let report = jixiao::check_bytes("corpus-000.xlsx", &bytes, &Default::default()).unwrap();
    assert!(report.forms[0].findings.iter().any(|f| f.cell.is_some()));
    assert_eq!(round_trip(&report), report, "workbook cells survive");
}

#[test]
fn editing_a_score_moves_total_and_grade_and_is_logged() {
    let report = check_corpus(CORPUS[1].0);
    let (i, form) = form_named(&report, "高校毕业生就业服务专项");
    assert_eq!(form.recomputed.total.unwrap().to_string(), "96.97");
    let path = "indicators[0].score";
    let before = form.form.indicators[0].score.unwrap();
    let lower = rust_decimal::Decimal::ZERO;
    let action = edit(path, &lower.to_string());
    let revised = revise_report(&report, i, Some(&action), Some("2026-11-24T10:00:00Z")).unwrap();
    let f = &revised.forms[i];
    assert_eq!(f.recomputed.total.unwrap().to_string(), "88.97");
    assert_eq!(f.recomputed.grade.map(|g| g.as_str()), Some("良"));
    assert!(has(f, "total.mismatch", "total"));
    assert!(has(f, "grade.mismatch", "grade"));
    assert_eq!(revised.summary.errors, 2, "{:?}", common::codes(f));
    let log = &f.corrections[0];
    assert_eq!(log.by, By::Edited);
    assert_eq!(log.field, Some(path.parse().unwrap()));
    assert_eq!(log.from.as_deref(), Some(before.to_string().as_str()));
    assert_eq!(log.to.as_deref(), Some(lower.to_string().as_str()));
    assert_eq!(log.code, None);
    assert_eq!(log.at.as_deref(), Some("2026-11-24T10:00:00Z"));
    // The checker's entries follow and describe this check: 总分 and 等级 as printed → as computed.
    let auto: Vec<_> = f.corrections.iter().filter(|c| c.by == By::Auto).collect();
    assert_eq!(auto.len(), 2);
    assert_eq!(auto[0].field, Some("total".parse().unwrap()));
    assert_eq!(auto[0].from.as_deref(), Some("96.97"));
    // Editing back removes the consequences, and the trail keeps both steps.
    let back = revise(f, Some(&edit(path, &before.to_string())), None).unwrap();
    assert_eq!(back.recomputed.total, form.recomputed.total);
    assert!(!has(&back, "total.mismatch", "total"));
    assert_eq!(
        back.corrections
            .iter()
            .filter(|c| c.by == By::Edited)
            .count(),
        2
    );
}

#[test]
fn an_unchanged_value_leaves_no_entry_and_a_bad_one_is_refused() {
    let report = check_corpus(CORPUS[1].0);
    let form = &report.forms[0];
    let same = form.form.indicators[0].score.unwrap().to_string();
    let r = revise(form, Some(&edit("indicators[0].score", &same)), None).unwrap();
    assert_eq!(&r, form);
    let err = revise(form, Some(&edit("indicators[0].score", "满分")), None).unwrap_err();
    assert!(matches!(err, EditError::NotANumber { .. }), "{err}");
    let err = revise(form, Some(&edit("indicators[500].score", "1")), None).unwrap_err();
    assert!(matches!(err, EditError::UnknownField(_)), "{err}");
}

#[test]
fn accepting_a_suggestion_sets_the_rules_figure_and_logs_it() {
    let report = check_corpus(CORPUS[1].0);
    let (i, form) = form_named(&report, "人事人才公共服务工作经费");
    let path = "indicators[30].score";
    assert!(has(form, "indicator.met_but_deducted", path));
    let fix = form
        .findings
        .iter()
        .find(|f| f.field.map(|f| f.path()).as_deref() == Some(path) && f.fix.is_some())
        .and_then(|f| f.fix.clone())
        .unwrap();
    let action = accept("indicator.met_but_deducted", path);
    let revised = revise_report(&report, i, Some(&action), None).unwrap();
    let f = &revised.forms[i];
    assert!(!has(f, "indicator.met_but_deducted", path));
    assert_eq!(
        f.form.indicators[30].score.unwrap().to_string(),
        fix.value,
        "the rule's figure is in the form"
    );
    let entry = f.corrections.iter().find(|c| c.by == By::Accepted).unwrap();
    assert_eq!(entry.field, Some(path.parse().unwrap()));
    assert_eq!(entry.to.as_deref(), Some(fix.value.as_str()));
    assert_eq!(
        entry.code.map(|c| c.spec().code),
        Some("indicator.met_but_deducted")
    );
    // The indicator score went up: so did the computed total; the printed one now differs.
    assert!(f.recomputed.total > form.recomputed.total);
    assert!(has(f, "total.mismatch", "total"));
    // Accepting the corrected total too: the form says it, and no auto entry remains for it.
    let f2 = revise(f, Some(&accept("total.mismatch", "total")), None).unwrap();
    assert_eq!(f2.form.reported.total, f2.recomputed.total);
    assert!(!has(&f2, "total.mismatch", "total"));
    assert!(!f2
        .corrections
        .iter()
        .any(|c| c.by == By::Auto && c.field == Some("total".parse().unwrap())));
    // Accepting what is no longer there is refused.
    let err = revise(&f2, Some(&action), None).unwrap_err();
    assert!(matches!(err, EditError::NoSuchFinding { .. }), "{err}");
}

#[test]
fn dismissing_sets_a_finding_aside_with_its_note() {
    let report = check_corpus(CORPUS[0].0);
    let (i, form) = form_named(&report, "城市治理之星");
    assert!(form.has_errors());
    let mut revised = report.clone();
    for f in form.findings.iter().filter(|f| !f.dismissed) {
        let action = Action::Dismiss {
            code: f.code,
            field: f.field,
            note: Some("  部门确认按原表  ".into()),
        };
        revised = revise_report(&revised, i, Some(&action), None).unwrap();
    }
    let f = &revised.forms[i];
    assert!(f.findings.iter().all(|x| x.dismissed));
    assert!(!f.has_errors());
    assert_eq!(revised.summary.dismissed, form.findings.len());
    assert_eq!(
        revised.summary.errors + revised.summary.warnings + revised.summary.infos,
        report.summary.errors + report.summary.warnings + report.summary.infos
            - form.findings.len()
    );
    let notes: Vec<_> = f
        .corrections
        .iter()
        .filter(|c| c.by == By::Dismissed)
        .collect();
    assert_eq!(notes.len(), form.findings.len());
    assert!(notes
        .iter()
        .all(|c| c.note.as_deref() == Some("部门确认按原表") && c.from == c.to));
    // A dismissed finding stays dismissed through another check.
    assert_eq!(round_trip(&revised), revised);
    // Restoring one, even after the report was read back, makes it count again.
    let error = form
        .findings
        .iter()
        .find(|f| f.code.spec().code == "total.mismatch")
        .unwrap();
    let restore = Action::Restore {
        code: Code::TotalMismatch,
        field: error.field,
    };
    let back = revise_report(&round_trip(&revised), i, Some(&restore), None).unwrap();
    assert!(has(&back.forms[i], "total.mismatch", "total"));
    assert!(back.forms[i].has_errors());
    assert_eq!(back.summary.dismissed, form.findings.len() - 1);
    let last_user = back.forms[i].corrections.iter().rfind(|c| c.by != By::Auto);
    assert_eq!(last_user.unwrap().by, By::Restored);
    assert_eq!(round_trip(&back), back, "restored stays restored");
    // Restoring what is not dismissed is refused.
    let err = revise_report(&back, i, Some(&restore), None).unwrap_err();
    assert!(matches!(err, EditError::NotDismissed { .. }), "{err}");
}

#[test]
fn a_fund_edit_re_derives_the_checkers_corrections() {
    let report = check_corpus(CORPUS[1].0);
    let form = &report.forms[0];
    let row = form.form.funds.total.clone().unwrap();
    let budget = row.annual_budget.unwrap();
    // Executing exactly half the budget: the checker now corrects the printed rate to 50.00.
    let half = (budget / rust_decimal::Decimal::TWO).to_string();
    let r = revise(form, Some(&edit("funds.total.executed", &half)), None).unwrap();
    let rate = r
        .corrections
        .iter()
        .find(|c| c.by == By::Auto && c.field == Some("funds.total.rate".parse().unwrap()))
        .unwrap();
    assert_eq!(rate.from, row.rate.map(|d| d.to_string()));
    assert_eq!(rate.to.as_deref(), Some("50.00"));
    let printed = r.form.funds.total.as_ref().and_then(|t| t.rate);
    assert_eq!(printed.map(|d| d.to_string()).as_deref(), Some("50.00"));
    assert!(has(&r, "funds.rate_mismatch", "funds.total.rate"));
    // Back to the printed figure: no correction of the checker's is left over.
    let back = revise(
        &r,
        Some(&edit(
            "funds.total.executed",
            &row.executed.unwrap().to_string(),
        )),
        None,
    )
    .unwrap();
    assert!(!back.corrections.iter().any(|c| c.by == By::Auto));
    assert_eq!(back.form.funds, form.form.funds);
}

#[test]
fn a_reader_finding_goes_when_its_field_is_set() {
    let text = "财政项目支出绩效自评表\n项目名称\t示例\n\
                项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
                \t年度资金总额\t18.00\t18.00\t16.89\t10.00\t93.83\t9.38\n\
                一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n\
                产出指标\t数量指标\t报告数\t≥2(份)\t2(份)\t90\t满分\n\
                总分\t\t\t\t\t100\t99.38\t优\n";
    let report = jixiao::check_text("t", text, &Default::default());
    let form = &report.forms[0];
    let field = "indicators[0].score";
    assert!(has(form, "indicator.missing_score", field));
    let r = revise(form, None, None).unwrap();
    assert!(
        has(&r, "indicator.missing_score", field),
        "kept through a check"
    );
    let r = revise(&r, Some(&edit(field, "90")), None).unwrap();
    assert!(!has(&r, "indicator.missing_score", field), "gone once set");
    assert_eq!(r.recomputed.total.unwrap().to_string(), "99.38");
}

#[test]
fn a_downloaded_report_continues_where_it_was_left() {
    let report = check_corpus(CORPUS[1].0);
    let (i, _) = form_named(&report, "人事人才公共服务工作经费");
    let step1 = revise_report(
        &report,
        i,
        Some(&accept(
            "indicator.met_but_deducted",
            "indicators[30].score",
        )),
        None,
    )
    .unwrap();
    let json =
        serde_json::to_string(&step1).unwrap() + "\n" + &serde_json::to_string(&report).unwrap();
    let back = resume(&json).unwrap();
    assert_eq!(back.len(), 2, "JSON Lines of several reports");
    assert_eq!(back[0], step1);
    assert_eq!(back[1], report);
    let step2 = revise_report(
        &back[0],
        i,
        Some(&accept(
            "indicator.met_but_deducted",
            "indicators[36].score",
        )),
        None,
    )
    .unwrap();
    let accepted: Vec<_> = step2.forms[i]
        .corrections
        .iter()
        .filter(|c| c.by == By::Accepted)
        .map(|c| c.field.map(|f| f.path()).unwrap_or_default())
        .collect();
    assert_eq!(accepted, ["indicators[30].score", "indicators[36].score"]);
}

#[test]
fn a_tampered_report_is_checked_again_not_trusted() {
    let report = check_corpus(CORPUS[0].0);
    let mut json: serde_json::Value = serde_json::to_value(&report).unwrap();
    // Someone deletes every finding and claims a total: the next check brings them back.
    for form in json["forms"].as_array_mut().unwrap() {
        form["findings"] = serde_json::json!([]);
        form["recomputed"]["total"] = serde_json::json!("100.00");
    }
    let back = resume(&json.to_string()).unwrap();
    for (b, r) in back[0].forms.iter().zip(&report.forms) {
        assert_eq!(common::rule_codes(b), common::rule_codes(r));
        assert_eq!(b.recomputed, r.recomputed);
    }
}

#[test]
fn what_is_not_a_report_is_refused() {
    for bad in ["", "{}", "[1,2]", "not json", r#"{"schema_version": 1}"#] {
        assert!(
            matches!(resume(bad), Err(EditError::NotAReport(_))),
            "{bad:?}"
        );
    }
    let report = check_corpus(CORPUS[2].0);
    let mut json: serde_json::Value = serde_json::to_value(&report).unwrap();
    json["schema_version"] = serde_json::json!(99);
    let err = resume(&json.to_string()).unwrap_err();
    assert!(err.to_string().contains("schema_version 99"), "{err}");
}

#[test]
fn levels_add_up_to_the_forms_weights_and_scores() {
    for (name, _) in CORPUS {
        for f in check_corpus(name).forms {
            let r = &f.recomputed;
            if f.form.indicators.is_empty() {
                assert!(r.levels.is_empty());
                continue;
            }
            let sum = |get: fn(&jixiao::rules::LevelSum) -> Option<rust_decimal::Decimal>| {
                r.levels
                    .iter()
                    .filter_map(get)
                    .sum::<rust_decimal::Decimal>()
            };
            assert_eq!(Some(sum(|l| l.weight)), r.weight_total, "{name}");
            let exec = r.levels.last().unwrap();
            assert_eq!(exec.level, "预算执行率");
            let indicator_score = sum(|l| l.score) - exec.score.unwrap_or_default();
            assert_eq!(Some(indicator_score), r.indicator_score, "{name}");
            assert_eq!(
                &r.levels[..3]
                    .iter()
                    .map(|l| l.level.as_str())
                    .collect::<Vec<_>>(),
                &["产出指标", "效益指标", "满意度指标"]
            );
        }
    }
}

#[test]
fn the_summary_follows_one_form_as_a_recount_would() {
    let report = check_corpus(CORPUS[0].0);
    let (i, form) = form_named(&report, "城市治理之星");
    let mut revised = report.clone();
    for f in form.findings.iter().take(3) {
        let action = Action::Dismiss {
            code: f.code,
            field: f.field,
            note: None,
        };
        revised = revise_report(&revised, i, Some(&action), None).unwrap();
    }
    let edit = edit("indicators[0].score", "0");
    revised = revise_report(&revised, i, Some(&edit), None).unwrap();
    let mut recounted = revised.clone();
    recounted.summarize();
    assert_eq!(revised.summary, recounted.summary);
    assert_ne!(revised.summary, report.summary);
    // One form sent alone with the document's summary gives the same summary back.
    let mut shell = report.clone();
    shell.forms = vec![form.clone()];
    let alone = revise_report(&shell, 0, Some(&edit), None).unwrap();
    let whole = revise_report(&report, i, Some(&edit), None).unwrap();
    assert_eq!(alone.summary, whole.summary);
    assert_eq!(alone.forms[0], whole.forms[i]);
}

#[test]
fn hostile_reports_give_errors_not_panics() {
    let report = check_corpus(CORPUS[2].0);
    let good = serde_json::to_value(&report).unwrap();
    let tamper = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        resume(&v.to_string())
    };
    // A trail naming a field the form does not have, or a figure that is no number.
    let bad_field = tamper(&|v| {
        v["forms"][0]["corrections"] = serde_json::json!([{
            "field": "indicators[99999].score", "from": "1", "to": "2", "code": "total.mismatch", "by": "auto"
        }]);
    });
    assert!(
        matches!(bad_field, Err(EditError::UnknownField(_))),
        "{bad_field:?}"
    );
    let bad_number = tamper(&|v| {
        v["forms"][0]["corrections"] = serde_json::json!([{
            "field": "total", "from": "九十", "to": "2", "code": "total.mismatch", "by": "auto"
        }]);
    });
    assert!(
        matches!(bad_number, Err(EditError::NotANumber { .. })),
        "{bad_number:?}"
    );
    for (what, json) in [
        (
            "a huge figure",
            tamper(&|v| v["forms"][0]["reported"]["total"] = "1e400".into()),
        ),
        (
            "an unknown code",
            tamper(&|v| v["forms"][0]["findings"][0]["code"] = "x.y".into()),
        ),
        (
            "an unknown 'by'",
            tamper(&|v| {
                v["forms"][0]["corrections"] = serde_json::json!([{"field": "total", "from": null, "to": null, "code": null, "by": "someone"}]);
            }),
        ),
    ] {
        assert!(
            matches!(json, Err(EditError::NotAReport(_))),
            "{what}: {json:?}"
        );
    }
    // A grade no reader would give (found by fuzzing): it is a mismatch, and the form can
    // still be revised after it has been checked once.
    let odd = tamper(&|v| v["forms"][0]["reported"]["grade"] = "优秀!!".into()).unwrap();
    let form = &odd[0].forms[0];
    assert!(form
        .findings
        .iter()
        .any(|f| f.code.spec().code == "grade.mismatch"));
    let again = revise(form, Some(&edit("indicators[0].score", "0")), None);
    assert!(again.is_ok(), "{again:?}");
    // Nesting deep enough to overflow a naive reader's stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(resume(&deep), Err(EditError::NotAReport(_))));
    // Figures at the edge of what a decimal holds: checked arithmetic, no overflow panic.
    let edge = tamper(&|v| {
        let max = "79228162514264337593543950335";
        v["forms"][0]["funds"]["total"]["executed"] = max.into();
        v["forms"][0]["funds"]["total"]["annual_budget"] = "0.0000000000000000000000000001".into();
        v["forms"][0]["indicators"][0]["score"] = max.into();
        v["forms"][0]["indicators"][1]["score"] = max.into();
    });
    assert!(edge.is_ok(), "{edge:?}");
}
