//! The real forms: counts, figures, rounding conventions, the known inconsistencies by name,
//! and a reviewed snapshot of every document's full report.

mod common;

use common::*;
use jixiao::findings::Severity;
use jixiao::rules::Rounding;

#[test]
fn every_document_yields_its_forms() {
    for (name, count) in CORPUS {
        let r = check_corpus(name);
        assert_eq!(r.forms.len(), count, "{name}");
        assert!(r.unplaced.is_empty(), "{name}: {:?}", r.unplaced);
        for f in &r.forms {
            assert!(
                f.form.project.is_some(),
                "{name}: form at {:?}",
                f.form.lines
            );
            assert!(f.form.funds.total.is_some(), "{name}: {:?}", f.form.project);
            assert!(
                f.form.reported.total.is_some(),
                "{name}: {:?}",
                f.form.project
            );
            assert!(
                !f.form.indicators.is_empty(),
                "{name}: {:?}",
                f.form.project
            );
        }
    }
}

#[test]
fn rounding_is_truncate_for_2023_wanyuan_and_half_up_for_2022_yuan() {
    for (name, _) in CORPUS {
        let r = check_corpus(name);
        let expected = if name.starts_with("002") {
            Rounding::HalfUp
        } else {
            Rounding::Truncate
        };
        for f in &r.forms {
            assert_eq!(
                f.recomputed.rounding, expected,
                "{name}: {:?}",
                f.form.project
            );
        }
    }
}

#[test]
fn no_funds_error_and_clean_forms_have_no_error() {
    let inconsistent = ["上海市城市治理之星人才发展计划选拔管理专项经费"];
    for (name, _) in CORPUS {
        for f in &check_corpus(name).forms {
            for finding in &f.findings {
                assert!(
                    !(finding.code.spec().code.starts_with("funds.")
                        && finding.severity == Severity::Error),
                    "{name}: {finding:?}"
                );
            }
            let project = f.form.project.as_deref().unwrap();
            if !inconsistent.contains(&project) {
                assert!(!f.has_errors(), "{name}: {project}: {:?}", f.findings);
            }
            assert!(f.corrections.is_empty() || inconsistent.contains(&project));
        }
    }
}

fn form<'a>(r: &'a jixiao::Report, project: &str) -> &'a jixiao::FormReport {
    r.forms
        .iter()
        .find(|f| f.form.project.as_deref() == Some(project))
        .unwrap_or_else(|| panic!("no form {project}"))
}

fn finding<'a>(f: &'a jixiao::FormReport, code: &str) -> Vec<&'a jixiao::findings::Finding> {
    f.findings
        .iter()
        .filter(|x| x.code.spec().code == code)
        .collect()
}

#[test]
fn city_governance_star_weights_95_and_total_96_against_91() {
    let r = check_corpus("000_61cdf90257007e71.txt");
    let f = form(&r, "上海市城市治理之星人才发展计划选拔管理专项经费");
    assert_eq!(f.recomputed.weight_total.unwrap().to_string(), "95.00");
    let w = finding(f, "total.weights_not_100");
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].line, w[0].found.as_deref()), (Some(160), Some("95")));
    let t = finding(f, "total.mismatch");
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].line, Some(160));
    assert_eq!(t[0].found.as_deref(), Some("96.00"));
    assert_eq!(t[0].expected.as_deref(), Some("91.00"));
    assert_eq!(f.corrections.len(), 1);
    assert_eq!(f.corrections[0].field, Some("total".parse().unwrap()));
    // The reason printed on the row above is the 青年英才 row's.
    let youth = &f.form.indicators[1];
    assert_eq!(youth.name, "城市治理青年英才选拔数");
    assert!(youth
        .reason
        .as_deref()
        .unwrap()
        .starts_with("城市治理青年英才选拔实际审核"));
    assert!(f.form.indicators[0].reason.is_none());
}

#[test]
fn talent_public_service_met_indicators_given_zero_without_reason() {
    let r = check_corpus("001_8db70a21b77abcfc.txt");
    let f = form(&r, "人事人才公共服务工作经费");
    let met = finding(f, "indicator.met_but_deducted");
    let lines: Vec<_> = met.iter().map(|x| x.line.unwrap()).collect();
    assert_eq!(lines, [304, 310]);
    for m in &met {
        assert_eq!(
            (m.found.as_deref(), m.expected.as_deref()),
            (Some("0.00"), Some("2.00"))
        );
    }
    let missing: Vec<_> = finding(f, "indicator.missing_reason")
        .iter()
        .map(|x| x.line.unwrap())
        .collect();
    assert_eq!(missing, [304, 310]);
    // The 一级 label printed after a page break also names the rows above it.
    assert!(f.form.indicators.iter().all(|i| i.level1.is_some()));
    assert_eq!(f.form.indicators[0].level1.as_deref(), Some("产出指标"));
}

#[test]
fn transport_appropriation_budget_above_total() {
    let r = check_corpus("002_cb685a1f859d7a80.txt");
    let f = form(&r, "交通行业资质管理及信用评价经费项目");
    let c = finding(f, "funds.components_mismatch");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].line, Some(9));
    assert_eq!(c[0].found.as_deref(), Some("6037227"));
    assert_eq!(c[0].expected.as_deref(), Some("5725327.00"));
    let total = f.form.funds.total.as_ref().unwrap();
    assert_eq!(total.executed.unwrap().to_string(), "4896155.12");
    assert_eq!(f.recomputed.rate.unwrap().to_string(), "85.52");
    assert_eq!(f.recomputed.execution_score.unwrap().to_string(), "8.55");
    assert_eq!(f.recomputed.grade.map(|g| g.as_str()), Some("良"));
}

#[test]
fn figures_are_read_exactly() {
    let r = check_corpus("000_61cdf90257007e71.txt");
    let f = &r.forms[0];
    assert_eq!(
        f.form.project.as_deref(),
        Some("建设交通行业人才系列报告编制经费")
    );
    assert_eq!(f.form.year, Some(2023));
    let t = f.form.funds.total.as_ref().unwrap();
    let s = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
    assert_eq!(
        [
            s(t.initial_budget),
            s(t.annual_budget),
            s(t.executed),
            s(t.weight),
            s(t.rate),
            s(t.score)
        ],
        ["18.00", "18.00", "16.89", "10.00", "93.83", "9.38"].map(|x| Some(x.to_owned()))
    );
    let first = &f.form.indicators[0];
    assert_eq!(
        (
            first.level1.as_deref(),
            first.level2.as_deref(),
            first.name.as_str()
        ),
        (Some("产出指标"), Some("数量指标"), "岗位薪酬信息采集量")
    );
    let target = first.target.as_ref().unwrap();
    assert_eq!(target.number.unwrap().to_string(), "120.00");
    assert_eq!(target.unit.as_deref(), Some("万条/月"));
    let r = check_corpus("001_8db70a21b77abcfc.txt");
    let big = form(&r, "人才大厦运行维护经费");
    assert_eq!(
        big.form
            .funds
            .total
            .as_ref()
            .unwrap()
            .initial_budget
            .unwrap()
            .to_string(),
        "1087.50"
    );
    assert_eq!(big.form.indicators.len(), 40);
    let flat = form(&r, "人才公寓运行维护经费");
    assert_eq!(flat.form.reported.total.unwrap().to_string(), "96.88");
    assert_eq!(flat.form.reported.grade.as_deref(), Some("优"));
    assert!(flat
        .form
        .goals
        .planned
        .as_deref()
        .unwrap()
        .starts_with("通过项目的开展"));
    let r = check_corpus("002_cb685a1f859d7a80.txt");
    let ops = form(&r, "上海交通微培训(运维)");
    // A name cut by a page break is joined again.
    assert!(ops
        .form
        .indicators
        .iter()
        .any(|i| i.name == "资格考试预约模块稳定运行"));
    assert_eq!(finding(ops, "indicator.unit_mismatch").len(), 1);
    let up = form(&r, "上海交通微培训(2022升级改造)");
    assert!(up.form.indicators[4]
        .reason
        .as_deref()
        .unwrap()
        .ends_with("将于2023年度完成适配。"));
    assert_eq!(up.recomputed.weight_total.unwrap().to_string(), "100.00");
    let r = check_corpus("003_dc4befe519062102.txt");
    assert_eq!(r.forms[5].form.project.as_deref(), Some("教育培经费"));
    assert_eq!(
        r.forms[1]
            .form
            .funds
            .total
            .as_ref()
            .unwrap()
            .rate
            .unwrap()
            .to_string(),
        "100.00"
    );
}

#[test]
fn snapshots_of_every_report() {
    for (name, _) in CORPUS {
        let r = check_corpus(name);
        insta::assert_json_snapshot!(name.replace(".txt", ""), r);
    }
}
