//! The typed form: what a 财政项目支出绩效自评表 says, read exactly, with the input line of every
//! row. The recogniser fills it; the rules read it; nothing here judges whether a figure is
//! right.

use crate::value::{figure, fill, Figure, IndicatorValue};
use crate::vocab::{Grade, YEARS};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "native")]
use schemars::JsonSchema;

/// The money unit of the 项目资金 block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub enum MoneyUnit {
    #[serde(rename = "万元")]
    WanYuan,
    #[serde(rename = "元")]
    Yuan,
}

impl MoneyUnit {
    /// As the JSON and the forms write it.
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::Yuan => "元",
        }
    }

    /// A unit as a user types it.
    pub fn parse(text: &str) -> Option<MoneyUnit> {
        match text {
            "万元" => Some(MoneyUnit::WanYuan),
            "元" => Some(MoneyUnit::Yuan),
            _ => None,
        }
    }
}

/// First and last input line of a form (1-based, inclusive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Lines {
    pub start: usize,
    pub end: usize,
}

/// One row of the 项目资金 block. Absent cells (`-`, `—`, empty) are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct FundRow {
    /// 年初预算数
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub initial_budget: Option<Decimal>,
    /// 全年预算数
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub annual_budget: Option<Decimal>,
    /// 全年执行数
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub executed: Option<Decimal>,
    /// 分值 (or 分数)
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub weight: Option<Decimal>,
    /// 执行率, in percent (`93.83` for 93.83%)
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub rate: Option<Decimal>,
    /// 得分
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub score: Option<Decimal>,
    pub line: usize,
}

/// A column of the 项目资金 block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FundCol {
    Initial,
    Annual,
    Executed,
    Weight,
    Rate,
    Score,
}

impl FundCol {
    /// In the order the forms print them.
    pub const ALL: [FundCol; 6] = [
        FundCol::Initial,
        FundCol::Annual,
        FundCol::Executed,
        FundCol::Weight,
        FundCol::Rate,
        FundCol::Score,
    ];

    /// The field name in JSON (`funds.total.initial_budget`).
    pub fn field(self) -> &'static str {
        match self {
            FundCol::Initial => "initial_budget",
            FundCol::Annual => "annual_budget",
            FundCol::Executed => "executed",
            FundCol::Weight => "weight",
            FundCol::Rate => "rate",
            FundCol::Score => "score",
        }
    }

    /// The column's heading on the form.
    pub fn label(self) -> &'static str {
        match self {
            FundCol::Initial => "年初预算数",
            FundCol::Annual => "全年预算数",
            FundCol::Executed => "全年执行数",
            FundCol::Weight => "分值",
            FundCol::Rate => "执行率",
            FundCol::Score => "得分",
        }
    }
}

impl FundRow {
    /// The figure in a column.
    pub fn get(&self, col: FundCol) -> Option<Decimal> {
        let mut row = self.clone();
        *row.slot(col)
    }

    /// The place of a column's figure.
    pub fn slot(&mut self, col: FundCol) -> &mut Option<Decimal> {
        match col {
            FundCol::Initial => &mut self.initial_budget,
            FundCol::Annual => &mut self.annual_budget,
            FundCol::Executed => &mut self.executed,
            FundCol::Weight => &mut self.weight,
            FundCol::Rate => &mut self.rate,
            FundCol::Score => &mut self.score,
        }
    }
}

/// The four rows of the 项目资金 block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Funds {
    /// 年度资金总额
    pub total: Option<FundRow>,
    /// 其中：当年财政拨款
    pub appropriation: Option<FundRow>,
    /// 上年结转资金
    pub carryover: Option<FundRow>,
    /// 其他资金
    pub other: Option<FundRow>,
}

/// Which fund row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FundKind {
    Total,
    Appropriation,
    Carryover,
    Other,
}

impl FundKind {
    pub const ALL: [FundKind; 4] = [
        FundKind::Total,
        FundKind::Appropriation,
        FundKind::Carryover,
        FundKind::Other,
    ];

    /// The field name in JSON (`funds.total`).
    pub fn field(self) -> &'static str {
        match self {
            FundKind::Total => "total",
            FundKind::Appropriation => "appropriation",
            FundKind::Carryover => "carryover",
            FundKind::Other => "other",
        }
    }

    /// The row's label on the form.
    pub fn label(self) -> &'static str {
        match self {
            FundKind::Total => "年度资金总额",
            FundKind::Appropriation => "当年财政拨款",
            FundKind::Carryover => "上年结转资金",
            FundKind::Other => "其他资金",
        }
    }
}

impl Funds {
    pub fn get(&self, kind: FundKind) -> Option<&FundRow> {
        match kind {
            FundKind::Total => self.total.as_ref(),
            FundKind::Appropriation => self.appropriation.as_ref(),
            FundKind::Carryover => self.carryover.as_ref(),
            FundKind::Other => self.other.as_ref(),
        }
    }

    pub fn get_mut(&mut self, kind: FundKind) -> &mut Option<FundRow> {
        match kind {
            FundKind::Total => &mut self.total,
            FundKind::Appropriation => &mut self.appropriation,
            FundKind::Carryover => &mut self.carryover,
            FundKind::Other => &mut self.other,
        }
    }
}

/// 年度总体目标.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Goals {
    /// 预期目标
    pub planned: Option<String>,
    /// 实际完成情况
    pub achieved: Option<String>,
}

/// One 绩效指标 row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Indicator {
    /// 一级指标 (产出指标, 效益指标, 满意度指标, 成本指标)
    pub level1: Option<String>,
    /// 二级指标 (数量指标, 质量指标, …)
    pub level2: Option<String>,
    /// 三级指标
    pub name: String,
    /// 年度指标值
    pub target: Option<IndicatorValue>,
    /// 实际完成值
    pub actual: Option<IndicatorValue>,
    /// 分值
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub weight: Option<Decimal>,
    /// 得分
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub score: Option<Decimal>,
    /// 偏差原因分析及改进措施
    pub reason: Option<String>,
    pub line: usize,
}

/// The figures the form prints for itself, exactly as printed (never corrected).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Reported {
    /// 年度资金总额 执行率, percent
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub rate: Option<Decimal>,
    /// 年度资金总额 得分
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub execution_score: Option<Decimal>,
    /// 总分
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub total: Option<Decimal>,
    /// The 分值 column of the 总分 row (100 on a sound form)
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub weight_total: Option<Decimal>,
    /// 评分等级 as printed (优, 良, 中, 差; 优秀 and the like are read as 优 …)
    pub grade: Option<String>,
    /// Line of the 总分 figure
    pub total_line: Option<usize>,
    /// Line of the 评分等级
    pub grade_line: Option<usize>,
}

/// One 自评表 as read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Form {
    /// The title as printed, e.g. 财政项目支出绩效自评表
    pub title: Option<String>,
    pub year: Option<u16>,
    /// 项目名称
    pub project: Option<String>,
    /// 主管部门
    pub department: Option<String>,
    /// 实施单位
    pub implementer: Option<String>,
    pub unit: Option<MoneyUnit>,
    pub lines: Lines,
    pub funds: Funds,
    pub goals: Goals,
    pub indicators: Vec<Indicator>,
    pub reported: Reported,
    /// The weights level headers print (产出指标(50分), 数量指标(10分))
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelWeight>,
    /// Blocks whose figures the reader could not place for certain: no arithmetic finding is
    /// derived from them (a `form.layout_uncertain` warning says why)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertain: Vec<Block>,
}

/// A weight printed in a level header: `产出指标(50分)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct LevelWeight {
    /// The label as printed, without its weight (产出指标)
    pub label: String,
    /// 1 for a 一级指标, 2 for a 二级指标
    pub depth: u8,
    /// The 一级 label a 二级 level sits under
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(serialize_with = "crate::value::write_decimal")]
    pub weight: Decimal,
    pub line: usize,
}

impl LevelWeight {
    /// Whether an indicator belongs to this level.
    pub fn holds(&self, ind: &Indicator) -> bool {
        match self.depth {
            1 => ind.level1.as_deref() == Some(self.label.as_str()),
            _ => {
                ind.level2.as_deref() == Some(self.label.as_str())
                    && (self.parent.is_none() || ind.level1 == self.parent)
            }
        }
    }
}

/// A block of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Block {
    /// 项目资金
    Funds,
    /// 绩效指标
    Indicators,
}

impl Block {
    pub fn label(self) -> &'static str {
        match self {
            Block::Funds => "项目资金",
            Block::Indicators => "绩效指标",
        }
    }
}

/// A column of a 绩效指标 row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndicatorCol {
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Reason,
}

impl IndicatorCol {
    pub const ALL: [IndicatorCol; 8] = [
        IndicatorCol::Level1,
        IndicatorCol::Level2,
        IndicatorCol::Name,
        IndicatorCol::Target,
        IndicatorCol::Actual,
        IndicatorCol::Weight,
        IndicatorCol::Score,
        IndicatorCol::Reason,
    ];

    /// The field name in JSON (`indicators[3].score`).
    pub fn field(self) -> &'static str {
        match self {
            IndicatorCol::Level1 => "level1",
            IndicatorCol::Level2 => "level2",
            IndicatorCol::Name => "name",
            IndicatorCol::Target => "target",
            IndicatorCol::Actual => "actual",
            IndicatorCol::Weight => "weight",
            IndicatorCol::Score => "score",
            IndicatorCol::Reason => "reason",
        }
    }

    /// The column's heading on the form.
    pub fn label(self) -> &'static str {
        match self {
            IndicatorCol::Level1 => "一级指标",
            IndicatorCol::Level2 => "二级指标",
            IndicatorCol::Name => "三级指标",
            IndicatorCol::Target => "年度指标值",
            IndicatorCol::Actual => "实际完成值",
            IndicatorCol::Weight => "分值",
            IndicatorCol::Score => "得分",
            IndicatorCol::Reason => "偏差原因分析",
        }
    }
}

/// A field of a form, named in JSON, findings and the audit trail by its path: `project`,
/// `funds.total.rate`, `indicators[3].score`, `total` (the printed 总分), `grade`. Findings
/// about a whole part name it: a fund row (`funds.total`), the indicators (`indicators`) or
/// the sum of the 分值 (`recomputed.weight_total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Project,
    Department,
    Implementer,
    Year,
    Unit,
    Planned,
    Achieved,
    Fund(FundKind, FundCol),
    Indicator(usize, IndicatorCol),
    Total,
    Grade,
    /// A whole fund row (one that is missing).
    FundRow(FundKind),
    /// The indicator table as a whole (when it is missing).
    Indicators,
    /// The 分值 of the form added up (a figure the rules compute, not a cell).
    WeightTotal,
}

/// The fields named by a single path, with their paths and labels.
pub const NAMED: [(Field, &str, &str); 12] = [
    (Field::Title, "title", "标题"),
    (Field::Project, "project", "项目名称"),
    (Field::Department, "department", "主管部门"),
    (Field::Implementer, "implementer", "实施单位"),
    (Field::Year, "year", "年度"),
    (Field::Unit, "unit", "金额单位"),
    (Field::Planned, "goals.planned", "预期目标"),
    (Field::Achieved, "goals.achieved", "实际完成情况"),
    (Field::Total, "total", "总分"),
    (Field::Grade, "grade", "评分等级"),
    (Field::Indicators, "indicators", "绩效指标"),
    (Field::WeightTotal, "recomputed.weight_total", "分值合计"),
];

/// How a path names a fund figure and an indicator cell: `{row}`, `{column}` and `{index}`
/// stand for [`FundKind::field`], [`FundCol::field`] or [`IndicatorCol::field`], and the
/// indicator's 0-based index.
pub const FUND_PATH: &str = "funds.{row}.{column}";
pub const FUND_ROW_PATH: &str = "funds.{row}";
pub const INDICATOR_PATH: &str = "indicators[{index}].{column}";

impl Field {
    /// The JSON path.
    pub fn path(self) -> String {
        match self {
            Field::Fund(kind, col) => {
                fill(FUND_PATH, &[("row", kind.field()), ("column", col.field())])
            }
            Field::FundRow(kind) => fill(FUND_ROW_PATH, &[("row", kind.field())]),
            Field::Indicator(i, col) => fill(
                INDICATOR_PATH,
                &[("index", &i.to_string()), ("column", col.field())],
            ),
            named => NAMED
                .iter()
                .find(|(f, _, _)| *f == named)
                .map_or_else(String::new, |(_, p, _)| (*p).to_owned()),
        }
    }

    /// The field a path names (any indicator index; the caller checks it exists).
    pub fn parse(path: &str) -> Option<Field> {
        if let Some((f, _, _)) = NAMED.iter().find(|(_, p, _)| *p == path) {
            return Some(*f);
        }
        if let Some(rest) = path.strip_prefix("funds.") {
            let (row, col) = match rest.split_once('.') {
                Some((row, col)) => (row, Some(col)),
                None => (rest, None),
            };
            let kind = FundKind::ALL.into_iter().find(|k| k.field() == row)?;
            let Some(col) = col else {
                return Some(Field::FundRow(kind));
            };
            let col = FundCol::ALL.into_iter().find(|c| c.field() == col)?;
            return Some(Field::Fund(kind, col));
        }
        let (index, col) = path.strip_prefix("indicators[")?.split_once("].")?;
        let col = IndicatorCol::ALL.into_iter().find(|c| c.field() == col)?;
        if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Field::Indicator(index.parse().ok()?, col))
    }

    /// What the form calls it (a fund figure: its row and column; an indicator cell: its
    /// column).
    pub fn label(self) -> String {
        match self {
            Field::Fund(kind, col) => format!("{} {}", kind.label(), col.label()),
            Field::FundRow(kind) => kind.label().to_owned(),
            Field::Indicator(_, col) => col.label().to_owned(),
            named => NAMED
                .iter()
                .find(|(f, _, _)| *f == named)
                .map_or_else(String::new, |(_, _, l)| (*l).to_owned()),
        }
    }

    /// Whether a user can type a value into it (the parts as a whole and the computed sum
    /// are not cells).
    pub fn is_cell(self) -> bool {
        !matches!(
            self,
            Field::FundRow(_) | Field::Indicators | Field::WeightTotal
        )
    }
}

impl std::str::FromStr for Field {
    type Err = String;

    fn from_str(path: &str) -> Result<Field, String> {
        Field::parse(path).ok_or_else(|| format!("没有这个字段：{path}"))
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path())
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.path())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "native")]
impl JsonSchema for Field {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Field".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = String::json_schema(generator);
        schema.insert(
            "description".into(),
            "JSON path of a field: `project`, `funds.total.rate`, `indicators[3].score`, \
             `total`, `grade`, …"
                .into(),
        );
        schema
    }
}

/// Serde for a field that an audit-trail entry may leave empty (a dismissed finding about
/// the whole form): `None` is written as `""`.
pub mod field_or_empty {
    use super::Field;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(field: &Option<Field>, s: S) -> Result<S::Ok, S::Error> {
        match field {
            Some(f) => f.serialize(s),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Field>, D::Error> {
        let path = String::deserialize(d)?;
        if path.is_empty() {
            return Ok(None);
        }
        path.parse().map(Some).map_err(serde::de::Error::custom)
    }
}

/// Why a typed value does not fit its field. The form stays as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetError {
    /// The path names no cell of this form (an indicator it does not have, a part).
    UnknownField,
    /// A money figure, 分值 or 得分 that is not a number.
    NotANumber(String),
    /// Not a value the field takes (a year out of range, a unit or grade it does not know).
    BadValue(String),
}

impl Form {
    /// The value of a field as the JSON shows it (`None` for an absent value or a field
    /// this form does not have).
    pub fn get(&self, field: Field) -> Option<String> {
        let dec = |d: Option<Decimal>| d.map(|d| d.to_string());
        match field {
            Field::Title => self.title.clone(),
            Field::Project => self.project.clone(),
            Field::Department => self.department.clone(),
            Field::Implementer => self.implementer.clone(),
            Field::Year => self.year.map(|y| y.to_string()),
            Field::Unit => self.unit.map(|u| u.label().to_owned()),
            Field::Planned => self.goals.planned.clone(),
            Field::Achieved => self.goals.achieved.clone(),
            Field::Fund(kind, col) => dec(self.funds.get(kind).and_then(|r| r.get(col))),
            Field::Indicator(i, col) => {
                let ind = self.indicators.get(i)?;
                match col {
                    IndicatorCol::Level1 => ind.level1.clone(),
                    IndicatorCol::Level2 => ind.level2.clone(),
                    IndicatorCol::Name => Some(ind.name.clone()),
                    IndicatorCol::Target => ind.target.as_ref().map(|v| v.text.clone()),
                    IndicatorCol::Actual => ind.actual.as_ref().map(|v| v.text.clone()),
                    IndicatorCol::Weight => dec(ind.weight),
                    IndicatorCol::Score => dec(ind.score),
                    IndicatorCol::Reason => ind.reason.clone(),
                }
            }
            Field::Total => dec(self.reported.total),
            Field::Grade => self.reported.grade.clone(),
            Field::FundRow(_) | Field::Indicators | Field::WeightTotal => None,
        }
    }

    /// Sets a field from what a user typed (`None` or blank clears it). Numbers are read as
    /// the reader reads them; a grade as the forms write it (`优秀` → 优).
    pub fn set(&mut self, field: Field, value: Option<&str>) -> Result<(), SetError> {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        let text = || value.map(str::to_owned);
        let number = || -> Result<Option<Decimal>, SetError> {
            match value.map(figure) {
                None | Some(Figure::Empty | Figure::Placeholder) => Ok(None),
                Some(Figure::Number(d)) => Ok(Some(d)),
                Some(Figure::Invalid(v)) => Err(SetError::NotANumber(v)),
            }
        };
        let bad = || SetError::BadValue(value.unwrap_or("").to_owned());
        if let Field::Indicator(i, _) = field {
            if i >= self.indicators.len() {
                return Err(SetError::UnknownField);
            }
        }
        match field {
            Field::Title => self.title = text(),
            Field::Project => self.project = text(),
            Field::Department => self.department = text(),
            Field::Implementer => self.implementer = text(),
            Field::Year => {
                self.year = match value {
                    None => None,
                    Some(v) => Some(
                        v.trim_end_matches('年')
                            .parse::<u16>()
                            .ok()
                            .filter(|y| YEARS.contains(y))
                            .ok_or_else(bad)?,
                    ),
                }
            }
            Field::Unit => {
                self.unit = match value {
                    None => None,
                    Some(v) => Some(MoneyUnit::parse(v).ok_or_else(bad)?),
                }
            }
            Field::Planned => self.goals.planned = text(),
            Field::Achieved => self.goals.achieved = text(),
            Field::Fund(kind, col) => {
                let d = number()?;
                let line = self.lines.start;
                let row = self.funds.get_mut(kind).get_or_insert_with(|| FundRow {
                    line,
                    ..FundRow::default()
                });
                *row.slot(col) = d;
            }
            Field::Indicator(i, col) => {
                let d = match col {
                    IndicatorCol::Weight | IndicatorCol::Score => number()?,
                    _ => None,
                };
                let ind = &mut self.indicators[i];
                match col {
                    IndicatorCol::Level1 => ind.level1 = text(),
                    IndicatorCol::Level2 => ind.level2 = text(),
                    IndicatorCol::Name => ind.name = text().unwrap_or_default(),
                    IndicatorCol::Target => ind.target = value.map(IndicatorValue::parse),
                    IndicatorCol::Actual => ind.actual = value.map(IndicatorValue::parse),
                    IndicatorCol::Weight => ind.weight = d,
                    IndicatorCol::Score => ind.score = d,
                    IndicatorCol::Reason => ind.reason = text(),
                }
            }
            Field::Total => self.reported.total = number()?,
            Field::Grade => {
                self.reported.grade = match value {
                    None => None,
                    Some(v) => Some(Grade::parse(v).ok_or_else(bad)?.as_str().to_owned()),
                }
            }
            Field::FundRow(_) | Field::Indicators | Field::WeightTotal => {
                return Err(SetError::UnknownField)
            }
        }
        Ok(())
    }
}

/// An input line that belongs to no part of any form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Unplaced {
    pub line: usize,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_path_reads_back() {
        let mut fields: Vec<Field> = NAMED.iter().map(|(f, _, _)| *f).collect();
        for k in FundKind::ALL {
            fields.extend(FundCol::ALL.map(|c| Field::Fund(k, c)));
            fields.push(Field::FundRow(k));
        }
        fields.extend(IndicatorCol::ALL.map(|c| Field::Indicator(12, c)));
        for f in fields {
            assert_eq!(Field::parse(&f.path()), Some(f), "{}", f.path());
        }
        for bad in [
            "",
            "nope",
            "funds.x",
            "funds.total.x",
            "indicators[-1].score",
            "indicators[].score",
            "indicators[x].score",
            "indicators[1].x",
        ] {
            assert_eq!(Field::parse(bad), None, "{bad}");
        }
    }

    fn form() -> Form {
        let text = include_str!("../www/example.txt");
        let report = crate::check_text("t", text, &crate::Options::default());
        report.forms[0].form.clone()
    }

    #[test]
    fn every_cell_reads_and_writes_back() {
        let f = form();
        let mut fields: Vec<Field> = NAMED.iter().map(|(f, _, _)| *f).collect();
        for k in FundKind::ALL {
            fields.extend(FundCol::ALL.map(|c| Field::Fund(k, c)));
        }
        fields.extend(IndicatorCol::ALL.map(|c| Field::Indicator(0, c)));
        for field in fields.into_iter().filter(|f| f.is_cell()) {
            let mut g = f.clone();
            let v = f.get(field);
            g.set(field, v.as_deref()).unwrap();
            assert_eq!(g.get(field), v, "{field}");
            assert_eq!(g, f, "{field}");
        }
    }

    #[test]
    fn bad_fields_and_values_are_refused() {
        let mut f = form();
        let before = f.clone();
        let set = |f: &mut Form, path: &str, v: &str| f.set(path.parse().unwrap(), Some(v));
        assert_eq!(
            set(&mut f, "indicators[999].score", "1"),
            Err(SetError::UnknownField)
        );
        assert_eq!(set(&mut f, "indicators", "1"), Err(SetError::UnknownField));
        assert!(matches!(
            set(&mut f, "indicators[0].score", "九十"),
            Err(SetError::NotANumber(_))
        ));
        assert!(set(&mut f, "year", "1066").is_err());
        assert!(set(&mut f, "year", "2101").is_err());
        assert!(set(&mut f, "unit", "美元").is_err());
        assert!(set(&mut f, "grade", "很好").is_err());
        assert_eq!(f, before, "refused values change nothing");
        set(&mut f, "grade", "优秀").unwrap();
        assert_eq!(f.reported.grade.as_deref(), Some("优"));
        set(&mut f, "year", "1990年").unwrap();
        assert_eq!(f.year, Some(1990));
    }
}
