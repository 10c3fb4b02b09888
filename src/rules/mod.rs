//! Stage 4: rules. Each family is a set of small functions from a form to findings; none
//! looks at text or cells. `check` runs them all and applies the safe corrections.

pub mod funds;
pub mod indicators;
pub mod rounding;
pub mod totals;

pub use rounding::{decide_rounding, Rounding, RoundingSource};

use crate::findings::{Applicability, Code, Finding};
use crate::model::{Field, Form};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "native")]
use schemars::JsonSchema;

/// The figures the rules compute for a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Recomputed {
    /// 年度资金总额 执行率, percent, two decimals
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub rate: Option<Decimal>,
    /// min(执行率, 100%) × 分值
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub execution_score: Option<Decimal>,
    /// Σ indicator 得分
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub indicator_score: Option<Decimal>,
    /// execution 分值 + Σ indicator 分值 (100 on a sound form)
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub weight_total: Option<Decimal>,
    /// execution_score + indicator_score
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub total: Option<Decimal>,
    /// 优 / 良 / 中 / 差 from `total`
    pub grade: Option<crate::vocab::Grade>,
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
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub weight: Option<Decimal>,
    /// Σ 得分 (none when no row of the level has one)
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub score: Option<Decimal>,
    /// The default split (产出 50, 效益 30, 满意度 10, 预算执行率 10); none for the others
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub default_weight: Option<Decimal>,
    /// The weight the level's header prints (产出指标(50分)), where it does
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::value::write_optional_decimal"
    )]
    pub printed_weight: Option<Decimal>,
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

impl By {
    pub const ALL: [By; 5] = [
        By::Auto,
        By::Accepted,
        By::Edited,
        By::Dismissed,
        By::Restored,
    ];

    pub fn key(self) -> &'static str {
        match self {
            By::Auto => "auto",
            By::Accepted => "accepted",
            By::Edited => "edited",
            By::Dismissed => "dismissed",
            By::Restored => "restored",
        }
    }

    /// As the trail says it (`已更正 funds.total.rate：…`).
    pub fn label_zh(self) -> &'static str {
        match self {
            By::Auto => "已更正",
            By::Accepted => "已采纳",
            By::Edited => "已修改",
            By::Dismissed => "已忽略",
            By::Restored => "已恢复",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            By::Auto => "corrected",
            By::Accepted => "accepted",
            By::Edited => "edited",
            By::Dismissed => "dismissed",
            By::Restored => "restored",
        }
    }
}

/// One entry of a form's audit trail: a change the checker or a user made, or a finding a user
/// dismissed. User entries come first, in the order they were made; the checker's follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Correction {
    /// JSON path: `funds.total.rate`, `indicators[3].score`, `total`, `grade`, `project`, …;
    /// empty for a dismissed finding about the form as a whole
    #[serde(with = "crate::model::field_or_empty")]
    #[cfg_attr(feature = "native", schemars(with = "String"))]
    pub field: Option<Field>,
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
    pub fn auto(field: Field, from: Option<String>, to: String, code: Code) -> Correction {
        Correction {
            field: Some(field),
            from,
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
    apply_safe_fixes(&mut checked);
    checked
}

/// The one place a fix is applied without asking: each safe fix (deterministic arithmetic)
/// goes into the trail as the checker's, and the fund figures are corrected in the form. The
/// printed 总分 and 评分等级 stay as printed: their corrected values are in `recomputed`.
fn apply_safe_fixes(c: &mut Checked) {
    for finding in &c.findings {
        let Some(fix) = finding.fix.as_ref() else {
            continue;
        };
        if fix.applicability != Applicability::Safe {
            continue;
        }
        let from = c.form.get(fix.field);
        if !matches!(fix.field, Field::Total | Field::Grade)
            && c.form.set(fix.field, Some(&fix.value)).is_err()
        {
            // A rule's figure always reads back; should one not, nothing is changed or logged.
            continue;
        }
        c.corrections.push(Correction::auto(
            fix.field,
            from,
            fix.value.clone(),
            finding.code,
        ));
    }
}

/// Two decimals, plain, for messages and JSON (`93.83`, `100.00`).
pub fn show(d: Decimal) -> String {
    d.to_string()
}

/// A decimal without trailing zeros (`15`, `12.5`), for messages about 分值.
pub fn short(d: Decimal) -> String {
    d.normalize().to_string()
}
