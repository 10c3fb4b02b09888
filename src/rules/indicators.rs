//! 绩效指标: score bounds, the proportional rule for quantitative indicators, the bands for
//! qualitative ones, reasons for every deduction, units that can be compared.
//!
//! The rule's figures are suggestions, never corrections: local practice departs from the
//! Ministry's method (财预〔2020〕10号), so a score above the rule is a warning that names the
//! rule's figure.

use super::{short, show, Checked, Rounding};
use crate::findings::{Applicability, Code, Finding};
use crate::model::{Block, Field, Indicator, IndicatorCol};
use crate::value::Comparator;
use crate::vocab::{band, Band};
use rust_decimal::Decimal;

/// What the rules make of an indicator's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Quantitative: whether the target is met, and the rule's score(s) when it is not
    /// (lower-is-better targets have two accepted formulas).
    Quantitative {
        met: bool,
        rule: Vec<Decimal>,
    },
    Qualitative(Band),
    /// Target and actual in different units.
    UnitMismatch {
        target: String,
        actual: String,
    },
    /// Nothing to compare (free text, missing values).
    Unknown,
}

fn pct(n: u32) -> Decimal {
    Decimal::new(n as i64, 2)
}

/// Whether two units are one: compared by their keys without brackets (`(%)`, `％` and `%`
/// are one unit), character by character, no text made for it.
fn same_unit(a: &str, b: &str) -> bool {
    fn unbracketed(k: &str) -> impl Iterator<Item = char> + '_ {
        k.chars().filter(|c| !matches!(c, '(' | ')' | '（' | '）'))
    }
    let (a, b) = (crate::value::key(a), crate::value::key(b));
    a == b || unbracketed(&a).eq(unbracketed(&b))
}

/// Judges an indicator against its target.
pub fn outcome(ind: &Indicator, rounding: Rounding) -> Outcome {
    let (Some(target), Some(actual)) = (&ind.target, &ind.actual) else {
        return Outcome::Unknown;
    };
    if let Some(b) = band(&actual.text) {
        return Outcome::Qualitative(b);
    }
    let (Some(t), Some(a)) = (target.number, actual.number) else {
        // Qualitative target met word for word (保障 / 保障, 建立 / 建立).
        if target.number.is_none()
            && actual.number.is_none()
            && crate::value::key(&target.text) == crate::value::key(&actual.text)
        {
            return Outcome::Qualitative(Band::Met);
        }
        return Outcome::Unknown;
    };
    // A date (`12月底前`, `12月20日`, `2023年…`) is no figure with a unit: not compared.
    let date = |u: &str| {
        u.starts_with(['年', '月', '日'])
            && u.chars()
                .any(|c| c.is_ascii_digit() || "底前内".contains(c))
    };
    if [&target.unit, &actual.unit]
        .iter()
        .any(|u| u.as_deref().is_some_and(date))
    {
        return Outcome::Unknown;
    }
    if let (Some(tu), Some(au)) = (&target.unit, &actual.unit) {
        if !same_unit(tu, au) {
            return Outcome::UnitMismatch {
                target: tu.clone(),
                actual: au.clone(),
            };
        }
    }
    let cmp = target.comparator.unwrap_or(Comparator::Eq);
    let lower_is_better = cmp.lower_is_better() || (cmp == Comparator::Eq && t.is_zero());
    let met = match cmp {
        Comparator::Ge => a >= t,
        Comparator::Gt => a > t,
        Comparator::Le => a <= t,
        Comparator::Lt => a < t,
        Comparator::Eq if t.is_zero() => a.is_zero(),
        // `=` missed is scored as `≥`; above the target it is met.
        Comparator::Eq => a >= t,
    };
    let mut rule = Vec::new();
    if !met {
        if let Some(w) = ind.weight {
            let zero = Decimal::ZERO;
            // Figures too large for exact arithmetic give no rule figure rather than a wrong one.
            if lower_is_better {
                if a > zero {
                    rule.extend(
                        t.checked_mul(w)
                            .and_then(|x| x.checked_div(a))
                            .map(|r| r.max(zero)),
                    );
                }
                if t > zero {
                    let over = a
                        .checked_sub(t)
                        .and_then(|d| d.checked_mul(w))
                        .and_then(|d| d.checked_div(t));
                    rule.extend(over.and_then(|o| w.checked_sub(o)).map(|r| r.max(zero)));
                }
            } else if t > zero {
                rule.extend(
                    a.checked_mul(w)
                        .and_then(|x| x.checked_div(t))
                        .map(|r| r.clamp(zero, w.max(zero))),
                );
            }
        }
    }
    let rule = rule.into_iter().map(|r| rounding.round(r)).collect();
    Outcome::Quantitative { met, rule }
}

/// The rules of every indicator that has both a 分值 and a 得分.
pub fn check(c: &mut Checked) {
    if c.form.uncertain.contains(&Block::Indicators) {
        return;
    }
    let rounding = c.recomputed.rounding;
    let found: Vec<Finding> = c
        .form
        .indicators
        .iter()
        .enumerate()
        .flat_map(|(i, ind)| indicator(i, ind, rounding))
        .collect();
    c.findings.extend(found);
}

/// The findings on one indicator, in the order the rules are stated.
fn indicator(i: usize, ind: &Indicator, rounding: Rounding) -> Vec<Finding> {
    let (Some(w), Some(s)) = (ind.weight, ind.score) else {
        return Vec::new();
    };
    let mut on = On {
        i,
        ind,
        s,
        out: Vec::new(),
    };
    if s > w {
        on.emit(
            Code::IndicatorScoreExceedsWeight,
            on.score(),
            Some(show(w)),
            IndicatorCol::Score,
            Some(Applicability::Suggestion),
        );
    }
    if s < Decimal::ZERO {
        on.emit(
            Code::IndicatorScoreNegative,
            on.score(),
            None,
            IndicatorCol::Score,
            None,
        );
    }
    let mut missed = s < w;
    match outcome(ind, rounding) {
        Outcome::UnitMismatch { target, actual } => on.emit(
            Code::IndicatorUnitMismatch,
            Some(actual),
            Some(target),
            IndicatorCol::Actual,
            None,
        ),
        Outcome::Quantitative { met, rule } => {
            missed |= !met;
            quantitative(&mut on, s, w, met, &rule);
        }
        Outcome::Qualitative(b) => {
            missed |= b != Band::Met;
            if qualitative(&mut on, s, w, b, rounding).is_none() {
                return on.out; // a band beyond what a decimal holds: nothing more to say
            }
        }
        Outcome::Unknown => {}
    }
    if missed && ind.reason.is_none() {
        on.emit(
            Code::IndicatorMissingReason,
            on.score(),
            None,
            IndicatorCol::Reason,
            None,
        );
    }
    on.out
}

/// The findings on one indicator as they are made.
struct On<'a> {
    i: usize,
    ind: &'a Indicator,
    /// The 得分.
    s: Decimal,
    out: Vec<Finding>,
}

impl On<'_> {
    /// The 得分 as findings quote it (written only for a finding: most indicators have none).
    fn score(&self) -> Option<String> {
        Some(show(self.s))
    }

    /// One finding: code, found, expected, the column it is about, and a fix if it has one.
    fn emit(
        &mut self,
        code: Code,
        found: Option<String>,
        expected: Option<String>,
        on: IndicatorCol,
        fix: Option<Applicability>,
    ) {
        let f = Finding::new(code, Some(self.ind.line), &self.ind.name, found, expected)
            .field(Field::Indicator(self.i, on));
        self.out.push(match fix {
            Some(a) => f.fix(a),
            None => f,
        });
    }
}

/// A quantitative indicator: a met target earns the full 分值, a missed one not, and never
/// more than the proportional rule gives; a result far above its target is worth a reason.
fn quantitative(on: &mut On, s: Decimal, w: Decimal, met: bool, rule: &[Decimal]) {
    use Applicability::Suggestion;
    if met && s < w && s >= Decimal::ZERO {
        on.emit(
            Code::IndicatorMetButDeducted,
            on.score(),
            Some(show(w)),
            IndicatorCol::Score,
            Some(Suggestion),
        );
    }
    let best = rule.iter().copied().max();
    if !met && s == w {
        on.emit(
            Code::IndicatorMissedFullScore,
            on.score(),
            best.map(show),
            IndicatorCol::Score,
            Some(Suggestion),
        );
    } else if let Some(best) = best.filter(|b| !met && s > *b && s < w) {
        on.emit(
            Code::IndicatorAboveRule,
            on.score(),
            Some(show(best)),
            IndicatorCol::Score,
            Some(Suggestion),
        );
    }
    let ind = on.ind;
    if met && ind.reason.is_none() && far_above(ind) {
        let text = |v: &Option<crate::value::IndicatorValue>| v.as_ref().map(|v| v.text.clone());
        on.emit(
            Code::IndicatorFarAboveTarget,
            text(&ind.actual),
            text(&ind.target),
            IndicatorCol::Reason,
            None,
        );
    }
}

/// A qualitative indicator: its score within its band (达成 80–100%, 部分达成 60–80%, 未达成
/// below 60% of 分值). None when the band is beyond what a decimal holds.
fn qualitative(on: &mut On, s: Decimal, w: Decimal, band: Band, rounding: Rounding) -> Option<()> {
    let (lo, hi, hi_included) = match band {
        Band::Met => (pct(80), pct(100), true),
        Band::Partly => (pct(60), pct(80), false),
        Band::Missed => (pct(0), pct(60), false),
    };
    let (lo, hi) = (w.checked_mul(lo)?, w.checked_mul(hi)?);
    let (lo, hi) = (rounding.round(lo), rounding.round(hi));
    // Written only for a finding: most scores are within their band.
    let range = || {
        Some(if hi_included {
            format!("{} 至 {}", short(lo), short(hi))
        } else {
            format!("{} 至 {}（不含 {}）", short(lo), short(hi), short(hi))
        })
    };
    let above = if hi_included { s > hi } else { s >= hi };
    if above && s <= w {
        on.emit(
            Code::IndicatorAboveRule,
            on.score(),
            range(),
            IndicatorCol::Score,
            None,
        );
    } else if s < lo && s >= Decimal::ZERO {
        on.emit(
            Code::IndicatorBelowBand,
            on.score(),
            range(),
            IndicatorCol::Score,
            None,
        );
    }
    Some(())
}

/// A higher-is-better result at least twice its target.
fn far_above(ind: &Indicator) -> bool {
    let (Some(t), Some(a)) = (
        ind.target.as_ref().and_then(|v| v.number),
        ind.actual.as_ref().and_then(|v| v.number),
    ) else {
        return false;
    };
    let cmp = ind.target.as_ref().and_then(|v| v.comparator);
    let higher = !cmp.is_some_and(Comparator::lower_is_better);
    higher && t > Decimal::ZERO && t.checked_mul(Decimal::TWO).is_some_and(|twice| a >= twice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::IndicatorValue;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn ind(target: &str, actual: &str, w: &str, s: &str) -> Indicator {
        Indicator {
            name: "x".into(),
            target: Some(IndicatorValue::parse(target)),
            actual: Some(IndicatorValue::parse(actual)),
            weight: Some(d(w)),
            score: Some(d(s)),
            line: 1,
            ..Indicator::default()
        }
    }

    fn codes(i: Indicator) -> Vec<&'static str> {
        let mut c = super::super::check(
            crate::model::Form {
                indicators: vec![i],
                ..Default::default()
            },
            Rounding::HalfUp,
            super::super::RoundingSource::User,
        );
        c.findings
            .retain(|f| f.code.spec().code.starts_with("indicator."));
        c.findings.iter().map(|f| f.code.spec().code).collect()
    }

    #[test]
    fn proportional_rule_higher_is_better() {
        // Shanghai practice: 13 of 15 for 90 of 120; the rule gives 11.25.
        let i = ind("≥120.00(万条/月)", "90.00(万条/月)", "15", "13");
        assert_eq!(
            outcome(&i, Rounding::HalfUp),
            Outcome::Quantitative {
                met: false,
                rule: vec![d("11.25")]
            }
        );
        assert_eq!(
            codes(i),
            ["indicator.above_rule", "indicator.missing_reason"]
        );
    }

    #[test]
    fn lower_is_better_accepts_either_formula() {
        let i = ind("≤4(小时)", "5(小时)", "10", "8");
        let Outcome::Quantitative { met: false, rule } = outcome(&i, Rounding::HalfUp) else {
            panic!()
        };
        assert_eq!(rule, [d("8.00"), d("7.50")]);
        let mut i = ind("≤4(小时)", "5(小时)", "10", "8");
        i.reason = Some("r".into());
        assert!(codes(i).is_empty());
        let i = ind("<2(小时)", "0.00(小时)", "5", "5");
        assert!(codes(i).is_empty());
    }

    #[test]
    fn met_but_deducted_and_missed_full_score() {
        assert_eq!(
            codes(ind("=0(起)", "0.00(起)", "2", "0")),
            ["indicator.met_but_deducted", "indicator.missing_reason"]
        );
        assert_eq!(
            codes(ind(">=95%", "90%", "5", "5")),
            ["indicator.missed_full_score", "indicator.missing_reason"]
        );
        assert!(codes(ind("=4(轮)", "5(轮)", "8", "8")).is_empty());
    }

    #[test]
    fn units_and_bands() {
        assert_eq!(
            codes(ind(">=360天", "100%", "5", "5")),
            ["indicator.unit_mismatch"]
        );
        assert!(codes(ind("=100 (%)", "100.00 （％）", "5", "5")).is_empty());
        assert_eq!(
            codes(ind("健全", "部分达成指标并具有一定效果", "5", "4")),
            ["indicator.above_rule", "indicator.missing_reason"]
        );
        assert_eq!(
            codes(ind("健全", "部分达成指标并具有一定效果", "6", "4")),
            ["indicator.missing_reason"]
        );
        assert_eq!(
            codes(ind("及时", "达成指标", "10", "7")),
            ["indicator.below_band", "indicator.missing_reason"]
        );
        assert_eq!(
            codes(ind("及时", "达成指标", "10", "9")),
            ["indicator.missing_reason"]
        );
        assert!(codes(ind("保障", "保障", "5", "5")).is_empty());
        assert_eq!(
            codes(ind("5", "3", "5", "6")),
            ["indicator.score_exceeds_weight", "indicator.missing_reason"]
        );
    }
}
