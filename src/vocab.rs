//! The words of the forms, shared by every stage that needs them: the indicator labels, the
//! 一级指标 with their default 分值, the qualitative bands, the grades and the years a form may
//! carry. The recogniser reads them, the rules score by them, revising checks typed values
//! against them and the report hands them to the page; this module knows none of those.

use crate::value::key;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "native")]
use schemars::JsonSchema;

/// The years a form may be dated (the reader's and the editor's bounds).
pub const YEARS: std::ops::RangeInclusive<u16> = 1990..=2100;

/// What a pasted text is called in `source.name` when the page gives it no name.
pub const PASTED_NAME: &str = "粘贴的文本";

/// The standard label vocabulary of 一级 and 二级 indicators.
pub const KNOWN_LABELS: &[&str] = &[
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "绩效指标",
];

/// What a column of a fund or indicator table holds, as its heading names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Heading {
    /// 一级指标
    Level1,
    /// 二级指标
    Level2,
    /// 三级指标: the indicator's name
    Name,
    /// 指标性质: ≥, ≤, ＝ or 定性, in a column of its own
    Comparator,
    /// 年度指标值
    Target,
    /// 度量单位, in a column of its own
    Unit,
    /// 实际完成值
    Actual,
    /// 分值 (of an indicator, or of the 预算执行率)
    Weight,
    /// 得分
    Score,
    /// 偏差原因分析及改进措施
    Reason,
    /// 得分计算方法, 评分标准: how the score is computed (text, no figure)
    Method,
    /// 年初预算数
    Initial,
    /// 全年预算数
    Annual,
    /// 全年执行数
    Executed,
    /// 执行率
    Rate,
}

/// The column headings forms print, each with the words that name it. A heading is the first
/// entry any of whose words it contains (so 未完成原因分析 is a reason before it is a 完成值,
/// and 年初预算数 the 年初 column before it is a 预算数). One table for every region's
/// template: add a synonym here, and a line to the test below.
pub const HEADINGS: &[(Heading, &[&str])] = &[
    (
        Heading::Method,
        &[
            "计算方法",
            "计分方法",
            "评分方法",
            "评分标准",
            "评分规则",
            "评分办法",
        ],
    ),
    (
        Heading::Reason,
        &["原因", "改进措施", "偏差说明", "情况说明", "备注"],
    ),
    (Heading::Level1, &["一级指标"]),
    (Heading::Level2, &["二级指标"]),
    (
        Heading::Name,
        &["三级指标", "指标名称", "指标内容", "具体指标"],
    ),
    (
        Heading::Comparator,
        &["指标性质", "指标方向", "运算符", "符号"],
    ),
    (Heading::Unit, &["度量单位", "计量单位", "指标单位"]),
    (Heading::Initial, &["年初"]),
    (Heading::Rate, &["执行率"]),
    (
        Heading::Executed,
        &[
            "执行数",
            "实际支出",
            "全年执行",
            "支出数",
            "决算数",
            "执行金额",
        ],
    ),
    (
        Heading::Annual,
        &["预算数", "全年预算", "调整后预算", "调整预算", "预算金额"],
    ),
    (
        Heading::Target,
        &["指标值", "目标值", "预期值", "计划值", "年度目标"],
    ),
    (
        Heading::Actual,
        &["完成值", "实际值", "实际完成", "完成情况"],
    ),
    (Heading::Score, &["得分"]),
    (Heading::Weight, &["分值", "权重", "分数", "标准分"]),
];

/// The heading a header cell names (its text folded by [`key`]); none for other text. A
/// heading is short; `单位` alone is the unit column, `全年` alone the annual budget.
///
/// A document repeats the same few header cells on every form, and finding a heading scans
/// the whole vocabulary: the answers for the last few hundred texts are kept (per thread).
pub fn heading(k: &str) -> Option<Heading> {
    if k.is_empty() || k.len() > 16 * 4 {
        return None;
    }
    thread_local! {
        static KNOWN: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Option<Heading>>> =
            std::cell::RefCell::default();
    }
    KNOWN.with(|known| {
        if let Some(h) = known.borrow().get(k) {
            return *h;
        }
        let h = find_heading(k);
        let mut known = known.borrow_mut();
        if known.len() >= 512 {
            known.clear();
        }
        known.insert(k.into(), h);
        h
    })
}

fn find_heading(k: &str) -> Option<Heading> {
    if k.is_empty() || k.chars().count() > 16 {
        return None;
    }
    if k == "单位" {
        return Some(Heading::Unit);
    }
    // `全年` under a spanning `预算数` (`预算数` over `年初` `全年`).
    if k == "全年" {
        return Some(Heading::Annual);
    }
    // A heading printed as one of the words is that word's (the test below checks that no
    // earlier entry claims it); otherwise the first entry with a word inside it.
    if let Some((h, _)) = HEADINGS.iter().find(|(_, words)| words.contains(&k)) {
        return Some(*h);
    }
    let k = k.as_bytes();
    HEADINGS
        .iter()
        .find(|(_, words)| {
            words
                .iter()
                .any(|w| k.windows(w.len()).any(|x| x == w.as_bytes()))
        })
        .map(|(h, _)| *h)
}

/// How the 项目资金 block's first cell may read.
pub const FUND_BLOCKS: &[&str] = &[
    "项目资金",
    "资金情况",
    "预算执行情况",
    "资金执行情况",
    "年度预算数",
    "预算资金",
];

/// The rows of the 项目资金 block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// 年度资金总额
    Total,
    /// 其中：当年财政拨款
    Appropriation,
    /// 上年结转资金
    Carryover,
    /// 其他资金
    Other,
}

/// The words that name each fund row, tried in order on a short label: the first whose word
/// the label contains.
pub const SOURCES: &[(Source, &[&str])] = &[
    (Source::Total, &["资金总额", "年度资金", "总额", "合计"]),
    (Source::Carryover, &["上年结转", "结转资金", "结转结余"]),
    (
        Source::Other,
        &[
            "其他资金",
            "财政专户",
            "单位资金",
            "自有资金",
            "社会资金",
            "其他",
        ],
    ),
    (
        Source::Appropriation,
        &["财政拨款", "财政资金", "当年拨款", "一般公共预算"],
    ),
];

/// The fund row a label names (folded by [`key`]).
pub fn source(k: &str) -> Option<Source> {
    if k.is_empty() || k.chars().count() > 14 {
        return None;
    }
    SOURCES
        .iter()
        .find(|(_, words)| words.iter().any(|w| crate::value::holds(k, w)))
        .map(|(s, _)| *s)
}

/// One 一级指标: how its label starts, its name and its default 分值 (财预〔2020〕10号).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    pub prefix: &'static str,
    pub name: &'static str,
    pub default_weight: Option<u8>,
}

/// The 一级指标, in the order forms print them.
pub const LEVELS: [Level; 4] = [
    Level {
        prefix: "产出",
        name: "产出指标",
        default_weight: Some(50),
    },
    Level {
        prefix: "效益",
        name: "效益指标",
        default_weight: Some(30),
    },
    Level {
        prefix: "满意度",
        name: "满意度指标",
        default_weight: Some(10),
    },
    Level {
        prefix: "成本",
        name: "成本指标",
        default_weight: None,
    },
];

/// The 预算执行率 row's name among the level sums, and its default 分值.
pub const EXECUTION_LEVEL: &str = "预算执行率";
pub const EXECUTION_DEFAULT_WEIGHT: u8 = 10;
/// The level sum of indicators without a known 一级指标.
pub const UNKNOWN_LEVEL: &str = "未标明";

/// Which 一级指标 a label names (its position in [`LEVELS`]).
pub fn level_of(label: &str) -> Option<usize> {
    LEVELS.iter().position(|l| label.starts_with(l.prefix))
}

/// A 一级 label, or its start of two characters or more cut by a line break (`产出`,
/// `满意度指`), already folded by [`key`].
pub fn is_level1(k: &str) -> bool {
    k.chars().count() >= 2 && LEVELS.iter().any(|l| l.name.starts_with(k))
}

/// The three bands of a qualitative indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    Met,
    Partly,
    Missed,
}

/// Qualitative result bands: `达成指标` and its kin.
pub fn band(text: &str) -> Option<Band> {
    // Where the first character is none that [`key`] changes, it is the key's first: a text
    // that starts with none of the bands' first characters (a figure, most words) is no band,
    // told without looking through it all.
    if let Some(c) = text.chars().next() {
        if !crate::value::may_change_in_key(c)
            && !matches!(c, '未' | '部' | '基' | '达' | '已' | '全')
        {
            return None;
        }
    }
    let k = key(text);
    if k.starts_with("未达成") || k.starts_with("未完成") {
        Some(Band::Missed)
    } else if k.starts_with("部分达成") || k.starts_with("基本达成") || k.starts_with("部分完成")
    {
        Some(Band::Partly)
    } else if k.starts_with("达成") || k.starts_with("已达成") || k.starts_with("全部达成")
    {
        Some(Band::Met)
    } else {
        None
    }
}

/// 评分等级.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(JsonSchema))]
pub enum Grade {
    #[serde(rename = "优")]
    Excellent,
    #[serde(rename = "良")]
    Good,
    #[serde(rename = "中")]
    Fair,
    #[serde(rename = "差")]
    Poor,
}

/// The grade bands, best first: a band holds the totals from its minimum up to the next
/// band's (优 ≥ 90 > 良 ≥ 80 > 中 ≥ 60 > 差).
pub const GRADES: [(Grade, Option<u8>); 4] = [
    (Grade::Excellent, Some(90)),
    (Grade::Good, Some(80)),
    (Grade::Fair, Some(60)),
    (Grade::Poor, None),
];

impl Grade {
    /// The grade a 总分 earns.
    pub fn of(total: Decimal) -> Grade {
        GRADES
            .iter()
            .find(|(_, min)| min.is_none_or(|m| total >= Decimal::from(m)))
            .map_or(Grade::Poor, |(g, _)| *g)
    }

    /// How a grade is written on a form (`优秀`, `良好`, `合格`, `A` …).
    pub fn parse(text: &str) -> Option<Grade> {
        Some(match &*key(text) {
            "优" | "优秀" | "A" => Grade::Excellent,
            "良" | "良好" | "B" => Grade::Good,
            "中" | "中等" | "合格" | "C" => Grade::Fair,
            "差" | "较差" | "不合格" | "D" => Grade::Poor,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Grade::Excellent => "Excellent",
            Grade::Good => "Good",
            Grade::Fair => "Fair",
            Grade::Poor => "Poor",
        }
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bands() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(Grade::of(d("90.00")), Grade::Excellent);
        assert_eq!(Grade::of(d("89.99")), Grade::Good);
        assert_eq!(Grade::of(d("80")), Grade::Good);
        assert_eq!(Grade::of(d("79.99")), Grade::Fair);
        assert_eq!(Grade::of(d("60")), Grade::Fair);
        assert_eq!(Grade::of(d("59.99")), Grade::Poor);
        assert_eq!(Grade::of(d("-1")), Grade::Poor);
    }

    #[test]
    fn grades_and_bands_as_written() {
        assert_eq!(Grade::parse(" 优秀 "), Some(Grade::Excellent));
        assert_eq!(Grade::parse("合格"), Some(Grade::Fair));
        assert_eq!(Grade::parse("优秀!!"), None);
        assert_eq!(band("部分达成指 标并具有一 定效果"), Some(Band::Partly));
        assert_eq!(band("未完成"), Some(Band::Missed));
        assert!(is_level1("满意度指") && is_level1("产出") && !is_level1("数量"));
        assert_eq!(level_of("满意度指标"), Some(2));
    }

    /// Bands told by a text's first character where it can be are the bands of its key.
    #[test]
    fn bands_from_the_keys_start_are_the_keys_bands() {
        fn by_whole_key(text: &str) -> Option<Band> {
            let k = key(text);
            if k.starts_with("未达成") || k.starts_with("未完成") {
                Some(Band::Missed)
            } else if ["部分达成", "基本达成", "部分完成"]
                .iter()
                .any(|p| k.starts_with(p))
            {
                Some(Band::Partly)
            } else if ["达成", "已达成", "全部达成"]
                .iter()
                .any(|p| k.starts_with(p))
            {
                Some(Band::Met)
            } else {
                None
            }
        }
        let parts = [
            "", "未", "达", "成", "完", "部", "分", "基", "本", "已", "全", " ", "\u{3000}", "\n",
            "\u{FF01}", "\u{FF11}", "\u{2003}", "指标", "\0", "a", "1",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| parts.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts = longer;
            texts.sort();
            texts.dedup();
            for t in &texts {
                assert_eq!(band(t), by_whole_key(t), "{t:?}");
            }
        }
        assert_eq!(band(" 全 部达成"), Some(Band::Met));
    }

    /// Every synonym in the table, and headings as forms print them.
    #[test]
    fn every_heading_synonym() {
        for (h, words) in HEADINGS {
            for w in *words {
                assert_eq!(heading(w), Some(*h), "{w}");
            }
        }
        let printed = [
            ("偏差原因分析及改进措施", Heading::Reason),
            ("未完成原因分析", Heading::Reason),
            ("未完成原因及拟采取的改进措施", Heading::Reason),
            ("原因", Heading::Reason),
            ("三级指标", Heading::Name),
            ("年度指标值", Heading::Target),
            ("年度指标值(A)", Heading::Target),
            ("实际完成值", Heading::Actual),
            ("全年实际值", Heading::Actual),
            ("实际值(B)", Heading::Actual),
            ("完成值", Heading::Actual),
            ("分值", Heading::Weight),
            ("参考分值", Heading::Weight),
            ("权重", Heading::Weight),
            ("自评得分", Heading::Score),
            ("得分计算方法", Heading::Method),
            ("评分标准", Heading::Method),
            ("指标性质", Heading::Comparator),
            ("度量单位", Heading::Unit),
            ("单位", Heading::Unit),
            ("全年", Heading::Annual),
            ("年初预算数", Heading::Initial),
            ("全年预算数", Heading::Annual),
            ("调整后预算数", Heading::Annual),
            ("调整预算数", Heading::Annual),
            ("预算数(A)", Heading::Annual),
            ("全年执行数", Heading::Executed),
            ("执行数(B)", Heading::Executed),
            ("执行率(B/A)", Heading::Rate),
            ("执行率(%)", Heading::Rate),
        ];
        for (text, h) in printed {
            assert_eq!(heading(&key(text)), Some(h), "{text}");
        }
        for text in ["产出指标", "培训场次", "实施单位", "项目名称", "≥90(%)", ""]
        {
            assert_eq!(heading(&key(text)), None, "{text}");
        }
    }

    #[test]
    fn every_fund_row_synonym() {
        for (s, words) in SOURCES {
            for w in *words {
                assert_eq!(source(w), Some(*s), "{w}");
            }
        }
        let printed = [
            ("年度资金总额", Source::Total),
            ("年度财政资金总额", Source::Total),
            ("总额", Source::Total),
            ("其中：当年财政拨款", Source::Appropriation),
            ("财政资金", Source::Appropriation),
            ("上年结转资金", Source::Carryover),
            ("其他资金", Source::Other),
            ("财政专户管理资金", Source::Other),
            ("单位资金", Source::Other),
        ];
        for (text, s) in printed {
            assert_eq!(source(&key(text)), Some(s), "{text}");
        }
    }
}
