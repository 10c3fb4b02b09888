//! Stage 4: rules. Each family is a set of small functions from a form to findings; none
//! looks at text or cells. `check` runs them all and applies the safe corrections.

pub mod funds;
pub mod indicators;
pub mod totals;

use crate::findings::{Code, Finding};
use crate::model::Form;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

#[cfg(feature = "native")]
use schemars::JsonSchema;

/// How a form rounds its figures to two decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 97.6286 → 97.62 (many 2023 forms in 万元)
    Truncate,
    /// 85.5175 → 85.52 (many 2022 forms in 元)
    HalfUp,
}

impl Rounding {
    pub fn round(self, d: Decimal) -> Decimal {
        let strategy = match self {
            Rounding::Truncate => RoundingStrategy::ToZero,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        };
        let mut r = d.round_dp_with_strategy(2, strategy);
        r.rescale(2);
        r
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Rounding::Truncate => "截位",
            Rounding::HalfUp => "四舍五入",
        }
    }
}

/// Where a form's rounding convention came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundingSource {
    /// The form's own figures fit this convention and not the other.
    Form,
    /// The form's figures fit both (or neither); the other forms of the document decided.
    Document,
    /// Nothing decided it: truncation for a form in 万元, half-up otherwise.
    Default,
    /// The user set it.
    User,
}

/// The figures the rules compute for a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Recomputed {
    /// 年度资金总额 执行率, percent, two decimals
    pub rate: Option<Decimal>,
    /// min(执行率, 100%) × 分值
    pub execution_score: Option<Decimal>,
    /// Σ indicator 得分
    pub indicator_score: Option<Decimal>,
    /// execution 分值 + Σ indicator 分值 (100 on a sound form)
    pub weight_total: Option<Decimal>,
    /// execution_score + indicator_score
    pub total: Option<Decimal>,
    /// 优 / 良 / 中 / 差 from `total`
    pub grade: Option<String>,
    pub rounding: Rounding,
    pub rounding_source: RoundingSource,
    /// 分值 and 得分 by 一级指标, then the 预算执行率 row, beside the default split
    pub levels: Vec<LevelSum>,
}

/// The 分值 and 得分 of one 一级指标 (or of the 预算执行率 row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct LevelSum {
    /// 产出指标, 效益指标, 满意度指标, 成本指标, 预算执行率, or 未标明 (no known 一级指标)
    pub level: String,
    /// Σ 分值 (none when no row of the level has one)
    pub weight: Option<Decimal>,
    /// Σ 得分 (none when no row of the level has one)
    pub score: Option<Decimal>,
    /// The default split (产出 50, 效益 30, 满意度 10, 预算执行率 10); none for the others
    pub default_weight: Option<Decimal>,
}

/// Who made a correction, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// The checker, for deterministic arithmetic. Re-derived on every check: these entries
    /// always describe the latest check of the form as it stands.
    Auto,
    /// A user accepted the fix of finding `code`.
    Accepted,
    /// A user typed a new value.
    Edited,
    /// A user dismissed finding `code` (with an optional note); the value is unchanged.
    Dismissed,
    /// A user took back an earlier dismissal of finding `code`: it counts again.
    Restored,
}

/// One entry of a form's audit trail: a change the checker or a user made, or a finding a user
/// dismissed. User entries come first, in the order they were made; the checker's follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Correction {
    /// JSON path: `funds.total.rate`, `indicators[3].score`, `total`, `grade`, `project`, …;
    /// empty for a dismissed finding about the form as a whole
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The finding this entry resolves; none for a plain edit
    #[cfg_attr(feature = "native", schemars(with = "Option<String>"))]
    pub code: Option<Code>,
    pub by: By,
    /// The user's note (dismissals)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When a user made it, as the page's clock gave it (ISO 8601)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

impl Correction {
    /// An entry of the checker's own.
    pub fn auto(field: String, from: String, to: String, code: Code) -> Correction {
        Correction {
            field,
            from: Some(from),
            to: Some(to),
            code: Some(code),
            by: By::Auto,
            note: None,
            at: None,
        }
    }
}

/// A checked form: the form with safe corrections applied to its fund rows, what the rules
/// computed, what they found and what they changed.
#[derive(Clone, Debug)]
pub struct Checked {
    pub form: Form,
    pub recomputed: Recomputed,
    pub findings: Vec<Finding>,
    pub corrections: Vec<Correction>,
}

/// How well a form's printed figures fit a rounding convention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fit {
    pub matched: usize,
    pub mismatched: usize,
}

/// Counts the printed rates and execution scores that the convention reproduces.
pub fn fit(form: &Form, rounding: Rounding) -> Fit {
    let mut fit = Fit::default();
    for (kind, row) in funds::rows(form) {
        if let (Some(printed), Some(exact)) = (row.rate, funds::exact_rate(row)) {
            if printed == rounding.round(exact) {
                fit.matched += 1;
            } else {
                fit.mismatched += 1;
            }
        }
        if kind == crate::model::FundKind::Total {
            if let (Some(printed), Some(expected)) =
                (row.score, funds::execution_score(row, rounding))
            {
                if printed == expected {
                    fit.matched += 1;
                } else {
                    fit.mismatched += 1;
                }
            }
        }
    }
    fit
}

/// Runs every rule on a form.
pub fn check(form: Form, rounding: Rounding, source: RoundingSource) -> Checked {
    let mut checked = Checked {
        recomputed: Recomputed {
            rate: None,
            execution_score: None,
            indicator_score: None,
            weight_total: None,
            total: None,
            grade: None,
            rounding,
            rounding_source: source,
            levels: Vec::new(),
        },
        form,
        findings: Vec::new(),
        corrections: Vec::new(),
    };
    totals::missing_fields(&mut checked);
    funds::check(&mut checked);
    indicators::check(&mut checked);
    totals::check(&mut checked);
    checked
}

/// Two decimals, plain, for messages and JSON (`93.83`, `100.00`).
pub fn show(d: Decimal) -> String {
    d.to_string()
}

/// A decimal without trailing zeros (`15`, `12.5`), for messages about 分值.
pub fn short(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn rounding_conventions_from_the_scoring_rules() {
        let t = Rounding::Truncate;
        let h = Rounding::HalfUp;
        assert_eq!(t.round(d("97.6286")).to_string(), "97.62");
        assert_eq!(t.round(d("98.8690")).to_string(), "98.86");
        assert_eq!(t.round(d("99.8833")).to_string(), "99.88");
        assert_eq!(h.round(d("85.5175")).to_string(), "85.52");
        assert_eq!(h.round(d("99.6266")).to_string(), "99.63");
        assert_eq!(h.round(d("100")).to_string(), "100.00");
        assert_eq!(h.round(d("8.555")).to_string(), "8.56");
        assert_eq!(t.round(d("8.559")).to_string(), "8.55");
    }
}
