//! The typed form: what a 财政项目支出绩效自评表 says, read exactly, with the input line of every
//! row. The recogniser fills it; the rules read it; nothing here judges whether a figure is
//! right.

use crate::value::IndicatorValue;
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
    pub initial_budget: Option<Decimal>,
    /// 全年预算数
    pub annual_budget: Option<Decimal>,
    /// 全年执行数
    pub executed: Option<Decimal>,
    /// 分值 (or 分数)
    pub weight: Option<Decimal>,
    /// 执行率, in percent (`93.83` for 93.83%)
    pub rate: Option<Decimal>,
    /// 得分
    pub score: Option<Decimal>,
    pub line: usize,
}

/// A column of the 项目资金 block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    pub weight: Option<Decimal>,
    /// 得分
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
    pub rate: Option<Decimal>,
    /// 年度资金总额 得分
    pub execution_score: Option<Decimal>,
    /// 总分
    pub total: Option<Decimal>,
    /// The 分值 column of the 总分 row (100 on a sound form)
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
}

/// A column of a 绩效指标 row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
/// `funds.total.rate`, `indicators[3].score`, `total` (the printed 总分), `grade`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

/// The fields named by a single word, with their paths.
const NAMED: [(Field, &str); 10] = [
    (Field::Title, "title"),
    (Field::Project, "project"),
    (Field::Department, "department"),
    (Field::Implementer, "implementer"),
    (Field::Year, "year"),
    (Field::Unit, "unit"),
    (Field::Planned, "goals.planned"),
    (Field::Achieved, "goals.achieved"),
    (Field::Total, "total"),
    (Field::Grade, "grade"),
];

impl Field {
    /// The JSON path.
    pub fn path(self) -> String {
        match self {
            Field::Fund(kind, col) => format!("funds.{}.{}", kind.field(), col.field()),
            Field::Indicator(i, col) => format!("indicators[{i}].{}", col.field()),
            named => NAMED
                .iter()
                .find(|(f, _)| *f == named)
                .map_or_else(String::new, |(_, p)| (*p).to_owned()),
        }
    }

    /// The field a path names (any indicator index; the caller checks it exists).
    pub fn parse(path: &str) -> Option<Field> {
        if let Some((f, _)) = NAMED.iter().find(|(_, p)| *p == path) {
            return Some(*f);
        }
        if let Some(rest) = path.strip_prefix("funds.") {
            let (row, col) = rest.split_once('.')?;
            let kind = FundKind::ALL.into_iter().find(|k| k.field() == row)?;
            let col = FundCol::ALL.into_iter().find(|c| c.field() == col)?;
            return Some(Field::Fund(kind, col));
        }
        let (index, col) = path.strip_prefix("indicators[")?.split_once("].")?;
        let col = IndicatorCol::ALL.into_iter().find(|c| c.field() == col)?;
        Some(Field::Indicator(index.parse().ok()?, col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_path_reads_back() {
        let mut fields: Vec<Field> = NAMED.iter().map(|(f, _)| *f).collect();
        for k in FundKind::ALL {
            fields.extend(FundCol::ALL.map(|c| Field::Fund(k, c)));
        }
        fields.extend(IndicatorCol::ALL.map(|c| Field::Indicator(12, c)));
        for f in fields {
            assert_eq!(Field::parse(&f.path()), Some(f), "{}", f.path());
        }
        for bad in [
            "",
            "nope",
            "funds.total",
            "funds.total.x",
            "indicators[x].score",
            "indicators[1].x",
        ] {
            assert_eq!(Field::parse(bad), None, "{bad}");
        }
    }
}
