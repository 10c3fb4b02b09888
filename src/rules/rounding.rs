//! The two-decimal convention of a form: truncation or half-up, recognised from the form's own
//! printed rates and scores, else from its document's other forms, else by common practice.

use super::funds;
use crate::model::{Form, FundKind, MoneyUnit};
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

    pub const ALL: [Rounding; 2] = [Rounding::Truncate, Rounding::HalfUp];

    /// As the JSON and the options write it.
    pub fn key(self) -> &'static str {
        match self {
            Rounding::Truncate => "truncate",
            Rounding::HalfUp => "half_up",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Rounding::Truncate => "截位",
            Rounding::HalfUp => "四舍五入",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Rounding::Truncate => "Truncate",
            Rounding::HalfUp => "Round half up",
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

impl RoundingSource {
    pub const ALL: [RoundingSource; 4] = [
        RoundingSource::Form,
        RoundingSource::Document,
        RoundingSource::Default,
        RoundingSource::User,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RoundingSource::Form => "form",
            RoundingSource::Document => "document",
            RoundingSource::Default => "default",
            RoundingSource::User => "user",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RoundingSource::Form => "由本表数字判定",
            RoundingSource::Document => "随同文档其他表",
            RoundingSource::Default => "默认",
            RoundingSource::User => "用户指定",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            RoundingSource::Form => "from this form's figures",
            RoundingSource::Document => "from the document's other forms",
            RoundingSource::Default => "default",
            RoundingSource::User => "set by the user",
        }
    }
}

impl std::str::FromStr for Rounding {
    type Err = String;

    /// A user's choice: `truncate`, `half-up` (or `half_up`); `auto` is no choice and is for
    /// the caller (`Option<Rounding>`).
    fn from_str(s: &str) -> Result<Rounding, String> {
        match s {
            "truncate" => Ok(Rounding::Truncate),
            "half-up" | "half_up" => Ok(Rounding::HalfUp),
            other => Err(format!(
                "未知的两位小数口径 {other:?}（可选 auto、truncate、half-up）"
            )),
        }
    }
}

/// A user's `--rounding` or the page's option: `auto` (or nothing) lets the forms decide.
pub fn parse_choice(s: Option<&str>) -> Result<Option<Rounding>, String> {
    match s {
        None | Some("auto") => Ok(None),
        Some(s) => s.parse().map(Some),
    }
}

/// How well a form's printed figures fit a rounding convention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fit {
    pub matched: usize,
    pub mismatched: usize,
}

/// Counts the printed rates and execution scores each convention reproduces (in the order of
/// [`Rounding::ALL`]), each row's exact rate divided out once for both.
pub fn fits(form: &Form) -> [Fit; 2] {
    let mut fits = [Fit::default(); 2];
    for (kind, row) in funds::rows(form) {
        // Neither a rate nor a score can be recomputed without it.
        let Some(exact) = funds::exact_rate(row) else {
            continue;
        };
        for (fit, rounding) in fits.iter_mut().zip(Rounding::ALL) {
            let rate = rounding.round(exact);
            if let Some(printed) = row.rate {
                fit.count(printed == rate);
            }
            if kind == FundKind::Total {
                if let (Some(printed), Some(expected)) =
                    (row.score, funds::score_at(rate, row, rounding))
                {
                    fit.count(printed == expected);
                }
            }
        }
    }
    fits
}

impl Fit {
    fn count(&mut self, matched: bool) {
        if matched {
            self.matched += 1;
        } else {
            self.mismatched += 1;
        }
    }
}

/// Each form's rounding convention: the user's; else the one its own figures fit; else the one
/// most forms of the document fit; else truncation for a form in 万元 and half-up otherwise.
pub fn decide_rounding(
    forms: &[&Form],
    forced: Option<Rounding>,
) -> Vec<(Rounding, RoundingSource)> {
    if let Some(r) = forced {
        return vec![(r, RoundingSource::User); forms.len()];
    }
    let own: Vec<Option<Rounding>> = forms.iter().map(|f| own(f)).collect();
    let mut census = Census::default();
    own.iter().for_each(|r| census.add(*r));
    let document = census.decision();
    own.into_iter()
        .zip(forms)
        .map(|(r, f)| settle(r, document, f))
        .collect()
}

/// The convention a form's own figures decide, if they do.
pub fn own(form: &Form) -> Option<Rounding> {
    let [truncate, half_up] = fits(form);
    decisive(truncate, half_up)
}

/// How many forms of a document their own figures decide, each way: what decides the forms
/// that do not decide themselves. Counted in pieces and added up, for a document read in
/// pieces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Census {
    pub truncating: usize,
    pub rounding: usize,
}

impl Census {
    /// Counts one form's own decision.
    pub fn add(&mut self, own: Option<Rounding>) {
        match own {
            Some(Rounding::Truncate) => self.truncating += 1,
            Some(Rounding::HalfUp) => self.rounding += 1,
            None => {}
        }
    }

    /// Adds another piece's counts.
    pub fn join(&mut self, other: Census) {
        self.truncating += other.truncating;
        self.rounding += other.rounding;
    }

    /// The document's convention: the one more forms fit by themselves; none on a tie.
    pub fn decision(&self) -> Option<Rounding> {
        match self.truncating.cmp(&self.rounding) {
            std::cmp::Ordering::Greater => Some(Rounding::Truncate),
            std::cmp::Ordering::Less => Some(Rounding::HalfUp),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// A form's convention from its own decision and its document's (see [`decide_rounding`]).
pub fn settle(
    own: Option<Rounding>,
    document: Option<Rounding>,
    form: &Form,
) -> (Rounding, RoundingSource) {
    match (own, document) {
        (Some(r), _) => (r, RoundingSource::Form),
        (None, Some(d)) => (d, RoundingSource::Document),
        // Nothing decides: the common practice of the form's unit (the scoring rules: many
        // forms in 万元 truncate, many in 元 round half-up).
        (None, None) => match form.unit {
            Some(MoneyUnit::WanYuan) => (Rounding::Truncate, RoundingSource::Default),
            _ => (Rounding::HalfUp, RoundingSource::Default),
        },
    }
}

fn decisive(t: Fit, h: Fit) -> Option<Rounding> {
    let t_ok = t.mismatched == 0 && t.matched > 0;
    let h_ok = h.mismatched == 0 && h.matched > 0;
    match (t_ok, h_ok) {
        (true, false) => Some(Rounding::Truncate),
        (false, true) => Some(Rounding::HalfUp),
        (true, true) => None,
        (false, false) if t.matched > h.matched => Some(Rounding::Truncate),
        (false, false) if h.matched > t.matched => Some(Rounding::HalfUp),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    /// One convention's fit counted apart, as `fits` counted it before it read both at once.
    fn fit_alone(form: &Form, rounding: Rounding) -> Fit {
        let mut fit = Fit::default();
        for (kind, row) in funds::rows(form) {
            if let (Some(printed), Some(exact)) = (row.rate, funds::exact_rate(row)) {
                fit.count(printed == rounding.round(exact));
            }
            if kind == FundKind::Total {
                if let (Some(printed), Some(expected)) =
                    (row.score, funds::execution_score(row, rounding))
                {
                    fit.count(printed == expected);
                }
            }
        }
        fit
    }

    #[test]
    fn both_fits_at_once_are_each_fit_alone() {
        use crate::recognize::census_tests::{fixtures, layout};
        let (mut forms, mut counted) = (0, 0);
        for (name, text) in fixtures() {
            let rows = crate::grid::rows_with(&text, layout(&name, &text));
            for read in crate::recognize::recognize(rows).forms {
                let both = fits(&read.form);
                let alone = Rounding::ALL.map(|r| fit_alone(&read.form, r));
                assert_eq!(both, alone, "{name}: {:?}", read.form.title);
                forms += 1;
                counted += both[0].matched + both[0].mismatched;
            }
        }
        assert!(
            forms > 30 && counted > 100,
            "{forms} forms, {counted} figures"
        );
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
