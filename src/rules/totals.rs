//! 总分, 分值合计, 评分等级, and the fields every form must have.

use super::{funds, short, show, Checked, LevelSum};
use crate::findings::{Applicability, Code, Finding};
use crate::model::{Field, Form, FundKind};
use crate::vocab::{self, Grade, LEVELS};
use rust_decimal::Decimal;

/// A sum shown like the other figures of the form: at least two decimals (`72` → `72.00`),
/// more only where the figures had more.
fn two_places(mut d: Decimal) -> Decimal {
    if d.scale() < 2 {
        d.rescale(2);
    }
    d
}

/// The fields a form must have.
pub fn missing_fields(c: &mut Checked) {
    let f = &c.form;
    let at = Some(f.lines.start);
    let mut missing = Vec::new();
    if f.project.is_none() {
        missing.push(("项目名称", Field::Project));
    }
    if f.department.is_none() {
        missing.push(("主管部门", Field::Department));
    }
    if f.implementer.is_none() {
        missing.push(("实施单位", Field::Implementer));
    }
    if f.unit.is_none() {
        missing.push(("项目资金的金额单位（万元或元）", Field::Unit));
    }
    if f.funds.total.is_none() {
        missing.push((
            "项目资金的“年度资金总额”行",
            Field::FundRow(FundKind::Total),
        ));
    }
    if f.indicators.is_empty() {
        missing.push(("绩效指标", Field::Indicators));
    }
    for (what, field) in missing {
        c.findings
            .push(Finding::new(Code::FormMissingField, at, what, None, None).field(field));
    }
}

/// 分值合计, 总分 and 评分等级: the sums, then what they say of the printed figures. Nothing
/// is summed over a block the reader was not sure of.
pub fn check(c: &mut Checked) {
    let form = &c.form;
    if !form.uncertain.is_empty() {
        return;
    }
    let in_table = funds::scored_as_indicator(form);
    let exec_weight = match &form.funds.total {
        _ if in_table => Decimal::ZERO,
        Some(row) => funds::execution_weight(row),
        None => Decimal::TEN,
    };
    let sum = |get: fn(&crate::model::Indicator) -> Option<Decimal>| {
        form.indicators
            .iter()
            .filter_map(get)
            .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
    };
    let weights = sum(|i| i.weight);
    let scores = sum(|i| i.score);
    if !form.indicators.is_empty() {
        c.recomputed.weight_total = weights
            .and_then(|w| w.checked_add(exec_weight))
            .map(two_places);
        c.recomputed.indicator_score = scores.map(two_places);
    }
    let exec_score = if in_table {
        Some(Decimal::ZERO)
    } else {
        c.recomputed
            .execution_score
            .or(form.reported.execution_score)
    };
    if let (Some(e), Some(s)) = (exec_score, c.recomputed.indicator_score) {
        if let Some(total) = e.checked_add(s).map(|t| c.recomputed.rounding.round(t)) {
            c.recomputed.total = Some(total);
            c.recomputed.grade = Some(Grade::of(total));
        }
    }
    if !form.indicators.is_empty() {
        c.recomputed.levels = levels(form, exec_weight, exec_score);
        if in_table {
            c.recomputed
                .levels
                .retain(|l| l.level != vocab::EXECUTION_LEVEL);
        }
    }
    let line = form.reported.total_line.or(Some(form.lines.end));
    let mut findings = level_findings(&c.form);
    findings.extend(weight_findings(c, line, exec_weight));
    findings.extend(total_findings(c, line));
    findings.extend(grade_findings(c, line));
    c.findings.extend(findings);
}

/// Each level whose header prints its weight (产出指标(50分)): its indicators' 分值 add up to
/// it.
fn level_findings(form: &Form) -> Vec<Finding> {
    let mut out = Vec::new();
    for level in &form.levels {
        let mut sum = Some(Decimal::ZERO);
        let mut any = false;
        for ind in form.indicators.iter().filter(|i| level.holds(i)) {
            any = true;
            sum = sum.zip(ind.weight).and_then(|(s, w)| s.checked_add(w));
        }
        let Some(sum) = sum.filter(|_| any) else {
            continue;
        };
        if sum != level.weight {
            out.push(Finding::new(
                Code::LevelWeightMismatch,
                Some(level.line),
                &level.label,
                Some(short(level.weight)),
                Some(short(sum)),
            ));
        }
    }
    out
}

/// 分值 add up to 100; a split other than the default is noted.
fn weight_findings(c: &Checked, line: Option<usize>, exec_weight: Decimal) -> Vec<Finding> {
    let Some(wt) = c.recomputed.weight_total else {
        return Vec::new();
    };
    if wt != Decimal::ONE_HUNDRED {
        return vec![Finding::new(
            Code::TotalWeightsNot100,
            line,
            "",
            Some(short(wt)),
            Some("100".into()),
        )
        .field(Field::WeightTotal)];
    }
    let form = &c.form;
    split(form, exec_weight)
        .map(|split| {
            Finding::new(
                Code::WeightsNonstandardSplit,
                form.indicators.first().map(|i| i.line),
                "",
                Some(split),
                Some("产出 50、效益 30、满意度 10、预算执行率 10".into()),
            )
        })
        .into_iter()
        .collect()
}

/// The printed 总分 against the recomputed one (a safe fix), or its absence.
fn total_findings(c: &Checked, line: Option<usize>) -> Option<Finding> {
    let form = &c.form;
    match (form.reported.total, c.recomputed.total) {
        (None, _) if !form.indicators.is_empty() => Some(
            Finding::new(
                Code::FormMissingTotal,
                line,
                "",
                None,
                c.recomputed.total.map(show),
            )
            .field(Field::Total),
        ),
        (Some(printed), Some(expected)) if printed != expected => Some(
            Finding::new(
                Code::TotalMismatch,
                line,
                "",
                Some(show(printed)),
                Some(show(expected)),
            )
            .field(Field::Total)
            .fix(Applicability::Safe),
        ),
        _ => None,
    }
}

/// The printed 评分等级 against the recomputed 总分's (a safe fix), or its absence (optional).
fn grade_findings(c: &Checked, line: Option<usize>) -> Option<Finding> {
    let (Some(total), Some(expected)) = (c.recomputed.total, c.recomputed.grade) else {
        return None;
    };
    let grade_line = c.form.reported.grade_line.or(line);
    match &c.form.reported.grade {
        Some(printed) if printed != expected.as_str() => Some(
            Finding::new(
                Code::GradeMismatch,
                grade_line,
                &show(total),
                Some(printed.clone()),
                Some(expected.to_string()),
            )
            .field(Field::Grade)
            .fix(Applicability::Safe),
        ),
        None => Some(
            Finding::new(
                Code::GradeMissing,
                grade_line,
                "",
                None,
                Some(expected.to_string()),
            )
            .field(Field::Grade),
        ),
        Some(_) => None,
    }
}

/// The 一级指标 an indicator belongs to (its place in [`LEVELS`]); none when unknown.
fn level_of(ind: &crate::model::Indicator) -> Option<usize> {
    vocab::level_of(ind.level1.as_deref()?)
}

/// Sums by 一级指标 (产出, 效益 and 满意度 always; 成本 and 未标明 when present), then the
/// 预算执行率 row.
fn levels(form: &Form, exec_weight: Decimal, exec_score: Option<Decimal>) -> Vec<LevelSum> {
    let add = |acc: Option<Decimal>, v: Option<Decimal>| match (acc, v) {
        (Some(a), Some(v)) => a.checked_add(v).or(Some(a)),
        (a, v) => a.or(v),
    };
    let mut sums: [(Option<Decimal>, Option<Decimal>, bool); 5] = [(None, None, false); 5];
    for ind in &form.indicators {
        let slot = level_of(ind).unwrap_or(4);
        let s = &mut sums[slot];
        *s = (add(s.0, ind.weight), add(s.1, ind.score), true);
    }
    let mut out: Vec<LevelSum> = LEVELS
        .iter()
        .map(|l| (l.name, l.default_weight.map(Decimal::from)))
        .chain([(vocab::UNKNOWN_LEVEL, None)])
        .zip(sums)
        .enumerate()
        .filter(|(i, (_, (_, _, present)))| *i < 3 || *present)
        .map(
            |(_, ((name, default_weight), (weight, score, _)))| LevelSum {
                level: name.to_owned(),
                weight,
                score,
                default_weight,
                printed_weight: form
                    .levels
                    .iter()
                    .find(|l| l.depth == 1 && vocab::level_of(&l.label) == vocab::level_of(name))
                    .filter(|_| name != vocab::UNKNOWN_LEVEL)
                    .map(|l| l.weight),
            },
        )
        .collect();
    out.push(LevelSum {
        level: vocab::EXECUTION_LEVEL.to_owned(),
        weight: Some(exec_weight),
        score: exec_score,
        default_weight: Some(vocab::EXECUTION_DEFAULT_WEIGHT.into()),
        printed_weight: None,
    });
    out
}

/// The 分值 split by 一级指标 when it is not the default 50/30/10/10 (only when every
/// indicator's 一级 is known).
fn split(form: &Form, exec_weight: Decimal) -> Option<String> {
    let mut sums = [Decimal::ZERO; 4];
    for ind in &form.indicators {
        let slot = level_of(ind)?;
        sums[slot] = sums[slot].checked_add(ind.weight?)?;
    }
    let default = [50, 30, 10, 0].map(Decimal::from);
    if sums == default && exec_weight == Decimal::TEN {
        return None;
    }
    let mut parts: Vec<String> = ["产出", "效益", "满意度"]
        .iter()
        .zip(&sums)
        .map(|(n, s)| format!("{n} {}", short(*s)))
        .collect();
    if !sums[3].is_zero() {
        parts.push(format!("成本 {}", short(sums[3])));
    }
    parts.push(format!("预算执行率 {}", short(exec_weight)));
    Some(parts.join("、"))
}
