//! The one registry of finding codes: each code's severity, the rule it enforces and its
//! Chinese message template. Nothing else in the crate invents a code or a message.
//!
//! Each entry also has a short English title for the page's English interface.
//!
//! Templates use `{subject}` (the row or indicator), `{found}` and `{expected}`.

use crate::inputs::CellRef;
use crate::model::Field;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(feature = "native")]
use schemars::JsonSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Note",
        }
    }
}

/// Which stage gives a finding: the reader (what reading the input noticed; checking a form
/// again cannot derive it, so revising keeps it) or the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Reader,
    Rule,
}

impl Stage {
    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Reader => "读取",
            Stage::Rule => "规则",
        }
    }
}

/// One entry of the registry.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Spec {
    pub code: &'static str,
    pub severity: Severity,
    pub stage: Stage,
    /// A short English title, for the page's English interface (the forms stay Chinese).
    pub title_en: &'static str,
    /// The rule, in the words of the scoring rules.
    pub rule: &'static str,
    pub message: &'static str,
}

macro_rules! registry {
    ($( $variant:ident => $code:literal, $sev:ident, $stage:ident, $en:literal, $rule:literal, $msg:literal; )*) => {
        /// Every finding code. `Code::spec()` gives its registry entry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        /// The registry, in a stable order.
        pub static REGISTRY: &[Spec] = &[
            $( Spec { code: $code, severity: Severity::$sev, stage: Stage::$stage, title_en: $en, rule: $rule, message: $msg }, )*
        ];

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn spec(self) -> &'static Spec {
                &REGISTRY[self as usize]
            }

            pub fn from_code(code: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.spec().code == code)
            }

            /// Whether the reader gives it (revising keeps such findings).
            pub fn from_reader(self) -> bool {
                self.spec().stage == Stage::Reader
            }
        }
    };
}

registry! {
    FundsRateMismatch => "funds.rate_mismatch", Error, Rule,
        "Execution rate does not match executed / budget",
        "执行率 = 全年执行数 ÷ 全年预算数 × 100，保留两位小数（截位或四舍五入，按本表口径）",
        "{subject}执行率填报为 {found}%，按全年执行数 ÷ 全年预算数计算应为 {expected}%";
    FundsScoreMismatch => "funds.score_mismatch", Error, Rule,
        "Execution score does not match min(rate, 100%) x weight",
        "预算执行率得分 = min(执行率, 100%) × 分值，保留两位小数",
        "{subject}执行率得分填报为 {found}，按 min(执行率, 100%) × 分值计算应为 {expected}";
    IndicatorScoreExceedsWeight => "indicator.score_exceeds_weight", Error, Rule,
        "Indicator score exceeds its weight",
        "每项得分不得超过其分值：0 ≤ 得分 ≤ 分值",
        "指标“{subject}”得分 {found} 超过分值 {expected}";
    IndicatorScoreNegative => "indicator.score_negative", Error, Rule,
        "Indicator score is negative",
        "每项得分不得为负：0 ≤ 得分 ≤ 分值",
        "指标“{subject}”得分 {found} 为负数";
    TotalWeightsNot100 => "total.weights_not_100", Error, Rule,
        "Weights do not add up to 100",
        "预算执行率分值 + 各项指标分值 = 100",
        "分值合计为 {found}（预算执行率分值加各项指标分值），应为 {expected}";
    LevelWeightMismatch => "level.weight_mismatch", Error, Rule,
        "Indicator weights do not add up to their level's printed weight",
        "表头印有分值的指标层级（如“产出指标(50分)”），其下各项指标分值之和应等于该分值",
        "“{subject}”印明分值 {found}，其下各项指标分值合计为 {expected}";
    TotalMismatch => "total.mismatch", Error, Rule,
        "Total score does not match the sum of scores",
        "总分 = 预算执行率得分 + 各项指标得分之和",
        "总分填报为 {found}，按预算执行率得分加各项指标得分计算应为 {expected}";
    GradeMismatch => "grade.mismatch", Error, Rule,
        "Grade does not match the total score",
        "评分等级：总分 ≥ 90 为优，80 ≤ 总分 < 90 为良，60 ≤ 总分 < 80 为中，< 60 为差",
        "评分等级填报为“{found}”，按总分 {subject} 应为“{expected}”";
    FundsComponentsMismatch => "funds.components_mismatch", Warning, Rule,
        "Fund components do not add up to the annual total",
        "当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金总额，且单项不超过总额",
        "{subject}：当年财政拨款、上年结转资金、其他资金合计 {found}，与年度资金总额 {expected} 不符";
    FundsOverBudget => "funds.over_budget", Warning, Rule,
        "Executed amount exceeds the annual budget",
        "全年执行数不应超过全年预算数",
        "{subject}全年执行数 {found} 超过全年预算数 {expected}";
    IndicatorMissingReason => "indicator.missing_reason", Warning, Rule,
        "Deduction or shortfall without a stated reason",
        "得分低于分值或未达到年度指标值时，须填写偏差原因分析及改进措施",
        "指标“{subject}”得分 {found} 低于分值或未达成指标，但没有填写偏差原因";
    IndicatorMetButDeducted => "indicator.met_but_deducted", Warning, Rule,
        "Target met but points deducted",
        "定量指标达到年度指标值即得满分",
        "指标“{subject}”实际完成值已达到年度指标值，得分 {found} 却低于分值 {expected}";
    IndicatorMissedFullScore => "indicator.missed_full_score", Warning, Rule,
        "Target missed but full points given",
        "定量指标未达到年度指标值不应得满分",
        "指标“{subject}”未达到年度指标值，却得满分 {found}";
    IndicatorAboveRule => "indicator.above_rule", Warning, Rule,
        "Score above what the scoring rule gives",
        "定量指标未达成时按比例计分（正向：实际 ÷ 指标值 × 分值；反向：指标值 ÷ 实际 × 分值）；定性指标按档计分（达成 80%–100%，部分达成 60%–80%，未达成 60% 以下）（财预〔2020〕10号）",
        "指标“{subject}”得分 {found} 高于评分规则的 {expected}";
    IndicatorBelowBand => "indicator.below_band", Warning, Rule,
        "Score below its attainment band",
        "定性指标按档计分：达成 80%–100%，部分达成 60%–80%，未达成 60% 以下",
        "指标“{subject}”的完成档次对应得分 {expected}，实际得分 {found} 低于该档";
    IndicatorUnitMismatch => "indicator.unit_mismatch", Warning, Rule,
        "Target and actual use different units",
        "年度指标值与实际完成值须用同一计量单位才能比较",
        "指标“{subject}”年度指标值的单位“{expected}”与实际完成值的单位“{found}”不同，无法比较";
    FormMissingTotal => "form.missing_total", Warning, Rule,
        "Total score missing",
        "自评表应填写总分",
        "没有找到总分";
    FormMissingField => "form.missing_field", Warning, Rule,
        "Required field missing",
        "自评表应有项目名称、主管部门、实施单位、资金单位、年度资金总额和绩效指标",
        "没有找到{subject}";
    FormLayoutUncertain => "form.layout_uncertain", Warning, Reader,
        "A block's layout could not be read for certain; its figures were not checked",
        "无法确定某一栏的列（表头缺失、列名未知或数字与任何读法都不相符）时，不据此栏的数字判断对错",
        "“{subject}”一栏的列未能确定：{found}";
    ParseBadNumber => "parse.bad_number", Warning, Reader,
        "Figure cannot be read as a number",
        "金额、分值和得分须是数字",
        "{subject}“{found}”不是可读的数字";
    IndicatorMissingScore => "indicator.missing_score", Warning, Reader,
        "Indicator has a weight but no score",
        "每项指标都应填写分值和得分",
        "指标“{subject}”只有分值 {found}，没有得分";
    ParseUnplacedLine => "parse.unplaced_line", Info, Reader,
        "Line not placed in any form",
        "每一行输入都应归入某张表的某个位置",
        "这一行未能归入表格：{found}";
    ParseUnplacedTruncated => "parse.unplaced_truncated", Warning, Reader,
        "Too many unplaced lines to list",
        "未能归入表格的行过多时只逐行列出前 10000 行",
        "另有 {found} 行未能归入表格，未逐行列出（输入可能不是自评表）";
    ParseReasonMoved => "parse.reason_moved", Info, Reader,
        "Deviation reason printed on a neighbouring row",
        "合并单元格的偏差原因可能印在相邻行",
        "偏差原因印在相邻的第 {found} 行，按内容归入指标“{subject}”";
    WeightsNonstandardSplit => "weights.nonstandard_split", Info, Rule,
        "Weights differ from the default 50/30/10/10 split",
        "默认分值分配：产出 50、效益 30、满意度 10、预算执行率 10；部门可调整",
        "分值分配为 {found}，与默认的 {expected} 不同";
    IndicatorFarAboveTarget => "indicator.far_above_target", Info, Rule,
        "Actual far above target without explanation",
        "实际完成值远超年度指标值时宜说明原因",
        "指标“{subject}”实际完成 {found}，远超年度指标值 {expected}，宜说明原因";
    GradeMissing => "grade.missing", Info, Rule,
        "Grade not filled in",
        "评分等级可选填",
        "没有填写评分等级，按总分应为“{expected}”";
    InputPdfNoRulings => "input.pdf_no_rulings", Warning, Reader,
        "PDF table without rulings: read by the text's positions",
        "PDF 中的表格应画有表格线，才能按单元格读取",
        "第 {found} 页的表格没有表格线，无法恢复单元格：已按文字位置分列读取，换行的单元格可能被拆成多行，请核对识别结果";
    InputNoForm => "input.no_form", Warning, Reader,
        "No self-evaluation form recognised",
        "输入中应至少有一张财政项目支出绩效自评表",
        "没有识别出绩效自评表（未找到“项目名称”“项目资金”或“一级指标”等表头）";
}

/// A quotation of input text short enough for a message (the full text stays in `unplaced`).
pub fn quote(text: &str) -> String {
    const MAX: usize = 120;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut q: String = text.chars().take(MAX).collect();
        q.push('…');
        q
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.spec().code)
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let code = String::deserialize(d)?;
        Code::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("没有这个检查代码：{code}")))
    }
}

/// How safe it is to apply a fix without asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Deterministic arithmetic: applied automatically and logged in `corrections`.
    Safe,
    /// A rule's figure that local practice may depart from: shown, never applied.
    Suggestion,
}

/// A change that would resolve a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Fix {
    /// JSON path of the field, e.g. `funds.total.rate`, `indicators[3].score`, `total`
    pub field: Field,
    pub value: String,
    pub applicability: Applicability,
}

/// One finding on one form (or on the document).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub struct Finding {
    #[cfg_attr(feature = "native", schemars(with = "String"))]
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// 1-based input line, where there is one
    pub line: Option<usize>,
    /// The cell in the file, for workbooks, documents and web pages: `Sheet1!F12`, `表 3 行 12 列 6`
    pub cell: Option<CellRef>,
    /// JSON path of the field concerned, e.g. `indicators[3].score`
    pub field: Option<Field>,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub fix: Option<Fix>,
    /// A user dismissed it (see the form's `corrections`); it no longer counts in the summary
    #[serde(default, skip_serializing_if = "is_false")]
    pub dismissed: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Finding {
    /// A finding with its message filled in from the registry.
    pub fn new(
        code: Code,
        line: Option<usize>,
        subject: &str,
        found: Option<String>,
        expected: Option<String>,
    ) -> Finding {
        let spec = code.spec();
        let message = crate::value::fill(
            spec.message,
            &[
                ("subject", subject),
                ("found", found.as_deref().unwrap_or("（空）")),
                ("expected", expected.as_deref().unwrap_or("（空）")),
            ],
        );
        Finding {
            code,
            severity: spec.severity,
            message,
            line,
            cell: None,
            field: None,
            found,
            expected,
            fix: None,
            dismissed: false,
        }
    }

    pub fn field(mut self, field: Field) -> Finding {
        self.field = Some(field);
        self
    }

    /// The finding's `expected` as a fix of its field.
    pub fn fix(mut self, applicability: Applicability) -> Finding {
        if let (Some(field), Some(value)) = (self.field, &self.expected) {
            self.fix = Some(Fix {
                field,
                value: value.clone(),
                applicability,
            });
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_consistent() {
        assert_eq!(Code::ALL.len(), REGISTRY.len());
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i);
            assert_eq!(Code::from_code(code.spec().code), Some(*code));
            let en = code.spec().title_en;
            assert!(!en.is_empty() && en.is_ascii(), "{en}");
        }
        let mut codes: Vec<_> = REGISTRY.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), REGISTRY.len(), "duplicate code");
    }

    #[test]
    fn required_codes_have_their_severities() {
        use Severity::*;
        for (code, sev) in [
            ("funds.rate_mismatch", Error),
            ("funds.score_mismatch", Error),
            ("indicator.score_exceeds_weight", Error),
            ("total.weights_not_100", Error),
            ("total.mismatch", Error),
            ("grade.mismatch", Error),
            ("funds.components_mismatch", Warning),
            ("funds.over_budget", Warning),
            ("indicator.missing_reason", Warning),
            ("indicator.met_but_deducted", Warning),
            ("indicator.missed_full_score", Warning),
            ("indicator.above_rule", Warning),
            ("indicator.unit_mismatch", Warning),
            ("form.missing_total", Warning),
            ("form.missing_field", Warning),
            ("parse.unplaced_line", Info),
        ] {
            let c = Code::from_code(code).unwrap_or_else(|| panic!("{code} missing"));
            assert_eq!(c.spec().severity, sev, "{code}");
        }
    }

    #[test]
    fn message_is_filled() {
        let f = Finding::new(
            Code::TotalMismatch,
            Some(7),
            "",
            Some("96.00".into()),
            Some("91.00".into()),
        );
        assert_eq!(
            f.message,
            "总分填报为 96.00，按预算执行率得分加各项指标得分计算应为 91.00"
        );
        assert_eq!(f.severity, Severity::Error);
    }
}
