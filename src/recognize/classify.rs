//! What kind of row a row is: a pure function of its cells and where the form is.
//!
//! The driver hands each kind to its production; a production may still decline a row (then
//! it is unplaced). The order of the tests below is the template's: inside the indicator table
//! most rows are indicators, so those are tried first there.

use super::columns::Columns;
use super::{goals, indicators, levels, totals, Section};
use crate::grid::{Cell, Row};
use crate::model::{FundKind, MoneyUnit};
use crate::value::{self, clean_text, figure, key, Figure};
use crate::vocab::{source, Source, FUND_BLOCKS, YEARS};

/// Where the form being read is: all [`classify`] needs besides the row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub section: Section,
    /// The form's year is known (a later lone year is then text).
    pub year_known: bool,
    /// At least one indicator was read (a bare `100 95.38` row is then the 总分).
    pub has_indicators: bool,
}

/// The kinds of row a form holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Blank,
    /// `财政项目支出绩效自评表` (the driver starts a form there).
    Title,
    /// `(2023 年度)` on its own.
    Year(u16),
    /// 项目名称, 主管部门 or 实施单位, with or without their values.
    Facts,
    /// The 项目资金 block's header.
    FundsHeader,
    /// A fund row, and the index of its label cell.
    Fund(FundKind, usize),
    /// 年度总体目标 / 预期目标 / 实际完成情况.
    GoalsHeader,
    /// Text under the goals' header.
    Goal,
    /// 一级指标 / 二级指标 / 三级指标 / 年度指标值 ….
    IndicatorHeader,
    /// A row with 分值 and 得分 (or a 分值 alone) in the indicator table.
    Indicator,
    /// A piece of a label, name or reason a line or page break cut from the row above.
    Fragment,
    /// 总分, 评分等级, or a bare `100  95.38` row after the indicators.
    Total,
    /// The money unit on its own line.
    Unit(MoneyUnit),
    /// A page number between rows.
    PageNumber,
    /// Anything else.
    Text,
}

/// Says what kind of row `row` is when the form is at `at`.
pub fn classify(row: &Row, at: Place) -> RowKind {
    if title(row).is_some() {
        return RowKind::Title;
    }
    classify_untitled(row, &row.filled_list(), at)
}

/// [`classify`] for a row already known to be no title (the reader tests every row for a
/// title before a form sees it), with its filled cells (which the productions read too).
pub(super) fn classify_untitled(row: &Row, filled: &[&Cell], at: Place) -> RowKind {
    if filled.is_empty() {
        return RowKind::Blank;
    }
    if !at.year_known {
        if let Some(y) = year_line(row, filled) {
            return RowKind::Year(y);
        }
    }
    if page_number(filled) {
        return RowKind::PageNumber;
    }
    if at.section <= Section::Funds {
        if let Some(unit) = unit_line(filled) {
            return RowKind::Unit(unit);
        }
    }
    if at.section >= Section::Indicators {
        if totals::shape(filled, at.has_indicators) {
            return RowKind::Total;
        }
        if at.section == Section::Indicators {
            if indicators::scored(filled, true) {
                return RowKind::Indicator;
            }
            let fragment = at.has_indicators
                || levels::lone_char(row).is_some()
                || levels::labels_only(filled);
            if fragment && levels::fragment_shape(filled) {
                return RowKind::Fragment;
            }
        }
    }
    if has_facts(filled, at.section) {
        return RowKind::Facts;
    }
    if goals_header(row, filled) {
        return RowKind::GoalsHeader;
    }
    // The fund block comes before the indicator table (or after the goals).
    if at.section < Section::Indicators && funds_header(row) {
        return RowKind::FundsHeader;
    }
    if indicator_header(row) {
        return RowKind::IndicatorHeader;
    }
    if at.section <= Section::Funds {
        if let Some((kind, i)) = fund_label(row) {
            return RowKind::Fund(kind, i);
        }
    }
    if at.section >= Section::Funds && totals::shape(filled, at.has_indicators) {
        return RowKind::Total;
    }
    if at.section == Section::Goals {
        if filled.len() >= 4 && indicators::scored(filled, false) {
            return RowKind::Indicator;
        }
        if numbered_heading(filled) {
            return RowKind::Text;
        }
        return RowKind::Goal;
    }
    RowKind::Text
}

/// What a label may carry that is no part of its value: `实施单位 (盖章)`.
pub(super) const SEAL: &str = "(盖章)";

/// The first characters of [`FACT_LABELS`].
const FACT_FIRSTS: [char; 3] = ['项', '主', '实'];

/// The labels of the header facts.
pub(super) const FACT_LABELS: [&str; 5] = [
    "项目名称",
    "主管部门",
    "实施单位",
    "主管单位",
    "项目实施单位",
];

/// A row with a header fact's label (past the header, only 项目名称 counts: it starts a form).
fn has_facts(filled: &[&Cell], section: Section) -> bool {
    filled.iter().any(|c| {
        let k = c.key();
        // Any other cell is told at its first character.
        k.starts_with(FACT_FIRSTS)
            && FACT_LABELS
                .iter()
                .any(|l| is_labelled(k, l) && (*l == "项目名称" || section <= Section::Header))
    })
}

/// What a row before a title may say of the form: its year (`2022年度`) or its money unit
/// (`单位：万元`).
pub(super) fn preamble(row: &Row) -> Option<RowKind> {
    let filled = row.filled_list();
    if let Some(y) = year_line(row, &filled) {
        return Some(RowKind::Year(y));
    }
    unit_line(&filled).map(RowKind::Unit)
}

/// A lone year: `(2023 年度)`, `2023年`.
fn year_line(row: &Row, filled: &[&Cell]) -> Option<u16> {
    if !(filled.len() == 1 || row.loose && filled.len() <= 3) {
        return None;
    }
    let k: std::borrow::Cow<str> = match filled {
        [only] => only.key().into(),
        _ => filled.iter().map(|c| c.key()).collect::<String>().into(),
    };
    if k.chars().count() > 12 {
        return None;
    }
    year(&k)
}

fn goals_header(row: &Row, filled: &[&Cell]) -> bool {
    let named = |c: &&Cell| {
        let k = c.key();
        value::holds(k, "总体目标") && k.chars().count() <= 8 || goals::other_heading(k)
    };
    filled.iter().any(named) && !has_number(row)
        || row.loose
            && filled
                .iter()
                .take(4)
                .map(|c| c.key())
                .collect::<String>()
                .starts_with("年度总体目标")
}

/// A numbered heading of a section the template does not have (`2.项目实施内容及过程概述`).
fn numbered_heading(filled: &[&Cell]) -> bool {
    let k = filled[0].key();
    let rest = k.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < k.len() && rest.starts_with(['.', '、', '．']) && k.chars().count() <= 16
}

/// A title row: one text that names a 绩效自评 form.
#[inline(never)]
pub(super) fn title(row: &Row) -> Option<String> {
    // One filled cell (up to four in single-space text), naming a 自评: cheap to test, on
    // every row, before anything is collected or the text cleaned.
    let most = if row.loose { 4 } else { 1 };
    if row.filled().nth(most).is_some() || !row.filled().any(|c| may_name_self_evaluation(&c.text))
    {
        return None;
    }
    let joined: Vec<&str> = row.filled().map(|c| &*c.text).collect();
    let text = clean_text(joined.join(" ").trim_start_matches('#'));
    let stripped = strip_year(&text);
    let k = key(&stripped);
    let is_title = names_form(&k)
        && k.chars().count() <= 40
        && [
            "自评表",
            "自评价",
            "自我评价",
            "自评",
            "自评价表",
            "自我评价表",
        ]
        .iter()
        .any(|end| k.ends_with(end));
    is_title.then_some(text)
}

/// Whether `text` holds 评 or 自 (E8 AF 84, E8 87 AA): the lead byte is found many at a
/// time, and only the two bytes after it are compared (a cell of prose is tested on every row).
fn may_name_self_evaluation(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(0xE8, b)
        .any(|i| matches!(b[i..].get(1..3), Some([0xAF, 0x84] | [0x87, 0xAA])))
}

/// Words that name a self-evaluation form (in a title, with its ending checked apart).
pub(super) fn names_form(k: &str) -> bool {
    value::holds(k, "绩效自评")
        || value::holds(k, "绩效自我评价")
        || value::holds(k, "绩效目标自评")
        || k.ends_with("项目自评表")
        || k.ends_with("支出自评表")
}

/// A year in `(2023 年度)`, `2023年度` or `2023年`.
/// Read on bytes: four ASCII digits are four characters, and a byte before them is an ASCII
/// digit only if the character is.
pub(super) fn year(k: &str) -> Option<u16> {
    let b = k.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let digits = &b[i..i + 4];
        let y = digits.iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b[i + 4..].starts_with("年".as_bytes());
        let y = y.then(|| digits.iter().fold(0, |y, d| y * 10 + u16::from(d - b'0')))?;
        YEARS.contains(&y).then_some(y)
    })
}

pub(super) fn strip_year(title: &str) -> String {
    let mut t = title.trim();
    // A leading year: 2024年度财政项目支出绩效自评表.
    if t.len() > 4 && t.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        if let Some(rest) = t[4..].trim_start().strip_prefix('年') {
            t = rest.strip_prefix('度').unwrap_or(rest).trim_start();
        }
    }
    let cut = t
        .find(['(', '（'])
        .filter(|&i| year(&key(&t[i..])).is_some())
        .unwrap_or(t.len());
    t[..cut].trim().to_owned()
}

/// A cell that is `label` alone (or with `(盖章)`), or `label: value`.
pub(super) fn is_labelled(k: &str, label: &str) -> bool {
    match k.strip_prefix(label) {
        Some(rest) => {
            let rest = rest.strip_prefix(SEAL).unwrap_or(rest);
            let rest = rest.strip_prefix("及代码").unwrap_or(rest);
            rest.is_empty() || (rest.starts_with([':', '：']) && rest.chars().count() <= 80)
        }
        None => false,
    }
}

/// Index (among all cells) of the first cell labelled `label`.
pub(super) fn label_index(row: &Row, label: &str) -> Option<usize> {
    row.cells.iter().position(|c| is_labelled(c.key(), label))
}

/// Whether any cell holds a plain number.
fn has_number(row: &Row) -> bool {
    row.filled().any(|c| value::plain_number(&c.text).is_some())
}

/// The 项目资金 block's header: its name (项目资金, 资金情况, 预算执行情况 …), or budget,
/// execution and rate headings without figures.
pub(super) fn funds_header(row: &Row) -> bool {
    let named = row.filled().any(|c| {
        let k = c.key();
        FUND_BLOCKS.iter().any(|b| k.starts_with(b)) && k.chars().count() <= 12
    });
    named || headings_only(row) && Columns::headings_of(row).is_funds()
}

/// A row that may be a header: at least two short cells and no figure.
fn headings_only(row: &Row) -> bool {
    let mut n = 0;
    for c in row.filled() {
        if c.key().is_empty() || c.key().len() > 48 || value::plain_number(&c.text).is_some() {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// The 绩效指标 table's header.
pub(super) fn indicator_header(row: &Row) -> bool {
    // The template's headings are short: only cells of up to ten characters count.
    let has = |s: &str| {
        row.filled()
            .map(|c| c.key())
            .any(|k| k.len() <= 40 && value::holds(k, s) && k.chars().count() <= 10)
    };
    let template = has("一级指标") && (has("二级指标") || has("三级指标") || has("指标值"))
        || has("三级指标") && has("指标值");
    template || headings_only(row) && Columns::headings_of(row).is_indicators()
}

/// Which fund row a row is, and the index of its label cell.
pub(super) fn fund_label(row: &Row) -> Option<(FundKind, usize)> {
    for (i, c) in row.cells.iter().enumerate() {
        let Some(source) = source(c.key()) else {
            continue;
        };
        let kind = match source {
            Source::Total => FundKind::Total,
            Source::Appropriation => FundKind::Appropriation,
            Source::Carryover => FundKind::Carryover,
            Source::Other => FundKind::Other,
        };
        let has_figure = row.cells[i + 1..]
            .iter()
            .any(|c| matches!(figure(&c.text), Figure::Number(_) | Figure::Placeholder));
        return has_figure.then_some((kind, i));
    }
    None
}

/// A money unit on its own line: `(万元)`, `单位：万元`, `金额单位：元`.
fn unit_line(filled: &[&Cell]) -> Option<MoneyUnit> {
    let [only] = filled else {
        return None;
    };
    unit_cell(only.key())
}

/// A cell that names the money unit and nothing else: `(万元)`, `单位：万元`, `金额单位：元`.
pub(super) fn unit_cell(k: &str) -> Option<MoneyUnit> {
    let k = k.trim_matches(['(', ')', '（', '）']);
    let k = k.strip_prefix("金额").unwrap_or(k);
    let k = k.strip_prefix("单位").unwrap_or(k);
    MoneyUnit::parse(k.trim_start_matches([':', '：']))
}

/// A page number on its own line: `-1-`, `- 2 -`, `第 3 页`, `第3页 共5页`, `3/5`.
fn page_number(filled: &[&Cell]) -> bool {
    if filled.len() > 4 || filled.iter().map(|c| c.key().len()).sum::<usize>() > 36 {
        return false;
    }
    // Every page number has a digit: a row without one is told before its text is joined.
    if !filled
        .iter()
        .any(|c| c.key().bytes().any(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let k: String = filled.iter().map(|c| c.key()).collect();
    if k.is_empty() || k.chars().count() > 12 {
        return false;
    }
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if let Some(inner) = k
        .strip_prefix(['-', '—'])
        .and_then(|r| r.strip_suffix(['-', '—']))
    {
        return digits_only(inner);
    }
    if let Some((a, b)) = k.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    // The words around the numbers, compared without being collected.
    let words = || {
        k.chars()
            .filter(|c| !c.is_ascii_digit() && !"，,、".contains(*c))
    };
    ["第页", "第页共页", "共页第页"]
        .iter()
        .any(|w| w.chars().eq(words()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::rows;

    /// Every shape of page number, and rows that only look like one (no digit, other words,
    /// too long, too many cells), each as one line of cells.
    #[test]
    fn page_numbers_and_near_misses() {
        let cases = [
            ("-1-", true),
            ("- 2 -", true),
            ("—3—", true),
            ("第 3 页", true),
            ("第3页\t共5页", true),
            ("共5页\t第3页", true),
            ("第3页，共5页", true),
            ("3/5", true),
            ("第页", false),
            ("--", false),
            ("-a-", false),
            ("第3节", false),
            ("3/", false),
            ("第3页共5页第1页", false),
            ("第12345678901页", false),
            ("第\t3\t页\t共\t5页", false),
            ("合计\t100", false),
        ];
        for (line, expected) in cases {
            let row = &rows(line)[0];
            assert_eq!(page_number(&row.filled_list()), expected, "{line}");
        }
    }

    #[test]
    fn the_fact_labels_start_with_the_characters_tried_first() {
        for label in FACT_LABELS {
            assert!(label.starts_with(FACT_FIRSTS), "{label}");
        }
        for first in FACT_FIRSTS {
            assert!(FACT_LABELS.iter().any(|l| l.starts_with(first)), "{first}");
        }
    }

    /// The lead-byte search finds 评 and 自 where `str::contains` does: on every fixture line
    /// and on every string of up to three characters near them (same lead byte E8, the same
    /// second or third byte, ASCII).
    #[test]
    fn self_evaluation_chars_found_by_their_lead_byte() {
        assert_eq!(
            ["评", "自"].map(|w| w.as_bytes()),
            [[0xE8, 0xAF, 0x84], [0xE8, 0x87, 0xAA]]
        );
        let near = ['评', '自', '诉', '臭', '舀', '请', 'a', '元'];
        let lines = crate::recognize::census_tests::lines_and_near_misses(&near);
        let mut named = 0;
        for line in &lines {
            let either = line.contains('评') || line.contains('自');
            assert_eq!(may_name_self_evaluation(line), either, "{line:?}");
            named += usize::from(either);
        }
        assert!(named > 400, "{named}");
    }

    const START: Place = Place {
        section: Section::Start,
        year_known: false,
        has_indicators: false,
    };

    const fn at(section: Section, has_indicators: bool) -> Place {
        Place {
            section,
            year_known: true,
            has_indicators,
        }
    }

    fn check(table: &[(&str, Place, RowKind)]) {
        for (text, place, want) in table {
            let row = &rows(text)[0];
            assert_eq!(classify(row, *place), *want, "{text:?} at {place:?}");
        }
    }

    /// One row of each kind, in the section it is met in.
    const KINDS: &[(&str, Place, RowKind)] = &[
        ("\t\t", START, RowKind::Blank),
        ("财政项目支出绩效自评表", START, RowKind::Title),
        ("(2023 年度)", START, RowKind::Year(2023)),
        ("项目名称\t示例项目", START, RowKind::Facts),
        (
            "主管部门\t甲局\t实施单位\t乙中心",
            at(Section::Header, false),
            RowKind::Facts,
        ),
        ("主管部门\t甲局", at(Section::Funds, false), RowKind::Text),
        (
            "项目资金（万元）\t\t年初预算数\t全年预算数",
            at(Section::Header, false),
            RowKind::FundsHeader,
        ),
        (
            "\t年度资金总额\t100\t100\t97.5\t10\t97.5\t9.75",
            at(Section::Funds, false),
            RowKind::Fund(FundKind::Total, 1),
        ),
        (
            "\t其中：当年财政拨款\t-",
            at(Section::Funds, false),
            RowKind::Fund(FundKind::Appropriation, 1),
        ),
        (
            "\t上年结转资金\t0.00",
            at(Section::Funds, false),
            RowKind::Fund(FundKind::Carryover, 1),
        ),
        (
            "\t其他资金\t0.00",
            at(Section::Funds, false),
            RowKind::Fund(FundKind::Other, 1),
        ),
        ("\t其他资金\t", at(Section::Funds, false), RowKind::Text),
        (
            "年度总体目标\t预期目标\t\t实际完成情况",
            at(Section::Funds, false),
            RowKind::GoalsHeader,
        ),
        (
            "\t完成培训。\t\t已完成。",
            at(Section::Goals, false),
            RowKind::Goal,
        ),
        (
            "一级指标\t二级指标\t三级指标\t年度指标值",
            at(Section::Goals, false),
            RowKind::IndicatorHeader,
        ),
        (
            "产出指标\t数量指标\t培训场次\t≥4(场)\t4(场)\t30\t30",
            at(Section::Goals, false),
            RowKind::Indicator,
        ),
        (
            "\t\t合格率\t≥90(%)\t95(%)\t20\t18\t略有不足",
            at(Section::Indicators, true),
            RowKind::Indicator,
        ),
        (
            "\t\t合格率\t≥90(%)\t95(%)\t20\t\t",
            at(Section::Indicators, true),
            RowKind::Indicator,
        ),
        (
            "标\t满意度指标",
            at(Section::Indicators, true),
            RowKind::Fragment,
        ),
        (
            "总分\t\t\t\t100\t99.75",
            at(Section::Indicators, true),
            RowKind::Total,
        ),
        (
            "\t\t\t\t100\t99.75",
            at(Section::Indicators, true),
            RowKind::Total,
        ),
        ("评分等级\t优", at(Section::Tail, true), RowKind::Total),
        ("填表人：张三", at(Section::Tail, true), RowKind::Text),
        (
            "(万元)",
            at(Section::Header, false),
            RowKind::Unit(MoneyUnit::WanYuan),
        ),
        ("单位：元", START, RowKind::Unit(MoneyUnit::Yuan)),
        ("-3-", at(Section::Indicators, true), RowKind::PageNumber),
    ];

    /// Page-break and merged-cell repairs (pieces of the row above), and other regions' rows.
    const REPAIRS: &[(&str, Place, RowKind)] = &[
        (
            "满意 度指\t服务 对象\t满意度\t≥90(%)\t95(%)\t10\t10",
            at(Section::Indicators, true),
            RowKind::Indicator,
        ),
        (
            "\t\t\t\t\t\t\t下半年将加快进度。",
            at(Section::Indicators, true),
            RowKind::Fragment,
        ),
        (
            "\t\t岗位薪酬信息\t\t\t\t\t",
            at(Section::Indicators, true),
            RowKind::Fragment,
        ),
        ("产", at(Section::Indicators, false), RowKind::Fragment),
        ("\t\t……", at(Section::Indicators, true), RowKind::Fragment),
        (
            "\t\t指标2:",
            at(Section::Indicators, true),
            RowKind::Fragment,
        ),
        (
            "产出指标(50分)\t数量指标(20分)",
            at(Section::Indicators, true),
            RowKind::Fragment,
        ),
        (
            "\t\t指标值\t完成值\t\t\t及改进措施",
            at(Section::Indicators, false),
            RowKind::Text,
        ),
        ("2022年度", START, RowKind::Year(2022)),
        (
            "\t2.项目实施内容及过程概述\t按季度拨付。",
            at(Section::Goals, false),
            RowKind::Text,
        ),
        (
            "项目基本情况\t1.项目年度目标完成情况\t项目年度目标\t\t年度目标完成情况",
            at(Section::Header, false),
            RowKind::GoalsHeader,
        ),
        (
            "\t完成年度防汛工作。\t\t\t完成年度目标。",
            at(Section::Goals, false),
            RowKind::Goal,
        ),
        (
            "第 2 页",
            at(Section::Indicators, true),
            RowKind::PageNumber,
        ),
        (
            "资金情况（万元）\t\t预算数(A)\t执行数(B)\t执行率(B/A)\t权重\t得分",
            at(Section::Header, false),
            RowKind::FundsHeader,
        ),
        (
            "\t\t预算数\t执行数\t执行率\t分值\t得分",
            at(Section::Header, false),
            RowKind::FundsHeader,
        ),
        (
            "\t财政专户管理资金\t5.00\t5.00",
            at(Section::Funds, false),
            RowKind::Fund(FundKind::Other, 1),
        ),
        (
            "\t总额\t5.00\t5.00",
            at(Section::Funds, false),
            RowKind::Fund(FundKind::Total, 1),
        ),
        (
            "一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t原因",
            at(Section::Goals, false),
            RowKind::IndicatorHeader,
        ),
        (
            "绩效指标\t\t\t年度指标值\t实际完成值\t分值\t得分",
            at(Section::Goals, false),
            RowKind::IndicatorHeader,
        ),
    ];

    #[test]
    fn one_row_of_each_kind() {
        check(KINDS);
    }

    #[test]
    fn repairs_and_other_regions_rows() {
        check(REPAIRS);
    }

    /// `year` on bytes finds what a reading of characters finds, on every string of up to six
    /// of `2 0 1 9 年 度 ( ２ a` (the characters a year is made of, and near misses).
    #[test]
    fn year_on_bytes_is_year_on_chars() {
        fn by_chars(k: &str) -> Option<u16> {
            let chars: Vec<char> = k.chars().collect();
            (0..chars.len().saturating_sub(4)).find_map(|i| {
                let digits: String = chars[i..i + 4].iter().collect();
                let y = digits.chars().all(|c| c.is_ascii_digit())
                    && (i == 0 || !chars[i - 1].is_ascii_digit())
                    && chars[i + 4] == '年';
                let y: u16 = y.then(|| digits.parse().unwrap())?;
                YEARS.contains(&y).then_some(y)
            })
        }
        let mut strings = vec![String::new()];
        let mut found = 0;
        for _ in 0..6 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| {
                    ['2', '0', '1', '9', '年', '度', '(', '２', 'a'].map(|c| format!("{s}{c}"))
                })
                .collect();
            strings.extend(longer);
        }
        for s in &strings {
            assert_eq!(year(s), by_chars(s), "{s}");
            found += usize::from(year(s).is_some());
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn years_and_titles() {
        assert_eq!(year("(2023年度)"), Some(2023));
        assert_eq!(year("12023年"), None);
        assert_eq!(
            strip_year("财政项目支出绩效自评表(2023 年度)"),
            "财政项目支出绩效自评表"
        );
    }
}
