//! What the page's bindings hand over beside the report: the vocabulary (every word, label and
//! path the page shows that the core defines, so the page keeps no copy of its own) and the
//! JSON Schema of those types and of a user's step, from which the page's TypeScript
//! declarations are generated (`schema/page.schema.json`).

use crate::findings::Severity;
use serde::Serialize;

#[cfg(feature = "native")]
use schemars::JsonSchema;

/// A word of the interface in both languages.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Word {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// A field or column and what the form calls it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Label {
    pub key: String,
    pub zh: String,
}

/// A grade band: totals from `min` (inclusive) up to the better band's `min`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct GradeBand {
    pub grade: &'static str,
    /// Decimal text; none for the lowest band
    pub min: Option<String>,
    pub en: &'static str,
}

/// The years a form may be dated.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Years {
    pub min: u16,
    pub max: u16,
}

/// How paths name fund figures and indicator cells (`{row}`, `{column}`, `{index}`).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct PathTemplates {
    pub fund: &'static str,
    pub fund_row: &'static str,
    pub indicator: &'static str,
}

/// Everything the page shows that the core defines: the words of severities, rounding,
/// the trail and the grades, the labels of fields and columns and how their paths are built.
/// The page keeps no copy of its own (`vocabulary()` in the bindings).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Vocabulary {
    pub pasted_name: &'static str,
    pub years: Years,
    /// In rank order
    pub severities: Vec<Word>,
    /// The rounding options, `auto` first
    pub roundings: Vec<Word>,
    pub rounding_sources: Vec<Word>,
    /// `corrections[].by`
    pub trail: Vec<Word>,
    /// Best first
    pub grades: Vec<GradeBand>,
    /// The fields named by a single path (`project`, `total`, …)
    pub fields: Vec<Label>,
    pub fund_rows: Vec<Label>,
    pub fund_columns: Vec<Label>,
    pub indicator_columns: Vec<Label>,
    pub paths: PathTemplates,
}

/// Each of `all` as a word: its key, Chinese and English.
fn words<T: Copy>(
    all: &[T],
    word: fn(T) -> (&'static str, &'static str, &'static str),
) -> Vec<Word> {
    all.iter()
        .map(|t| {
            let (key, zh, en) = word(*t);
            Word { key, zh, en }
        })
        .collect()
}

/// The page's vocabulary.
pub fn vocabulary() -> Vocabulary {
    use crate::model::{FundCol, FundKind, IndicatorCol, FUND_PATH, FUND_ROW_PATH, INDICATOR_PATH};
    use crate::rules::{By, Rounding, RoundingSource};
    use crate::vocab::{GRADES, PASTED_NAME, YEARS};
    let label = |key: &str, zh: &str| Label {
        key: key.to_owned(),
        zh: zh.to_owned(),
    };
    Vocabulary {
        pasted_name: PASTED_NAME,
        years: Years {
            min: *YEARS.start(),
            max: *YEARS.end(),
        },
        severities: words(&Severity::ALL, |s| (s.key(), s.label_zh(), s.label_en())),
        roundings: std::iter::once(Word {
            key: "auto",
            zh: "自动识别",
            en: "Detect",
        })
        .chain(words(&Rounding::ALL, |r| {
            (r.key(), r.label_zh(), r.label_en())
        }))
        .collect(),
        rounding_sources: words(&RoundingSource::ALL, |r| {
            (r.key(), r.label_zh(), r.label_en())
        }),
        trail: words(&By::ALL, |b| (b.key(), b.label_zh(), b.label_en())),
        grades: GRADES
            .iter()
            .map(|(g, min)| GradeBand {
                grade: g.as_str(),
                min: min.map(|m| m.to_string()),
                en: g.label_en(),
            })
            .collect(),
        fields: crate::model::NAMED
            .iter()
            .filter(|(f, _, _)| f.is_cell())
            .map(|(_, path, zh)| label(path, zh))
            .collect(),
        fund_rows: FundKind::ALL
            .iter()
            .map(|k| label(k.field(), k.label()))
            .collect(),
        fund_columns: FundCol::ALL
            .iter()
            .map(|c| label(c.field(), c.label()))
            .collect(),
        indicator_columns: IndicatorCol::ALL
            .iter()
            .map(|c| label(c.field(), c.label()))
            .collect(),
        paths: PathTemplates {
            fund: FUND_PATH,
            fund_row: FUND_ROW_PATH,
            indicator: INDICATOR_PATH,
        },
    }
}

/// The types the page's bindings hand over beside the report, for their TypeScript
/// declarations (`schema/page.schema.json`).
#[cfg(feature = "native")]
#[derive(JsonSchema)]
#[allow(dead_code)]
struct PageTypes {
    vocabulary: Vocabulary,
    codes: Vec<crate::findings::Spec>,
    step: crate::revise::Step,
    action: crate::revise::Action,
}

/// The JSON Schema of what `vocabulary()`, `codes()` and `revise()` take or give, as committed
/// in `schema/page.schema.json`.
#[cfg(feature = "native")]
pub fn page_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PageTypes)).expect("schema serializes")
}
