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
