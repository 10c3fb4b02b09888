//! Stage 3: rows of cells → forms.
//!
//! The recogniser reads a form by what its cells say, not by where they sit: PDF extraction
//! moves cells left and right, merges and splits them, and cuts rows at page breaks. It never
//! gives up on a document: a row it cannot place is kept in `unplaced`, and a form it cannot
//! fully read is still returned with what it found. It never decides whether a figure is
//! right; that is for the rules.

use crate::findings::{Code, Finding};
use crate::grid::{Cell, Row};
use crate::model::{
    Field, Form, FundCol, FundKind, FundRow, Indicator, IndicatorCol, Lines, MoneyUnit, Unplaced,
};
use crate::value::{self, clean_text, figure, key, paragraphs, Figure, IndicatorValue};
use crate::vocab::{band, is_level1, Grade, KNOWN_LABELS, YEARS};
use rust_decimal::Decimal;

/// A form as read, with what the reading itself noticed.
#[derive(Clone, Debug)]
pub struct ReadForm {
    pub form: Form,
    pub findings: Vec<Finding>,
    /// Where each value was read: (the field, line, 0-based column).
    pub cells: Vec<(Field, usize, usize)>,
}

/// Everything read from one document.
#[derive(Clone, Debug, Default)]
pub struct Recognized {
    pub forms: Vec<ReadForm>,
    pub unplaced: Vec<Unplaced>,
    /// Unplaced lines beyond [`MAX_UNPLACED`], counted but not listed.
    pub unlisted: usize,
}

/// How many unplaced lines a document lists one by one; past this they are only counted (a
/// finding says how many), so that a huge input that is not a form stays small in memory.
pub const MAX_UNPLACED: usize = 10_000;

/// Reads every form in the rows.
pub fn recognize(rows: &[Row]) -> Recognized {
    let mut out = Recognized::default();
    let mut cur: Option<Builder> = None;
    for row in rows {
        if row.is_blank() {
            continue;
        }
        if let Some(title) = title(row) {
            if let Some(b) = cur.take() {
                b.finish(&mut out);
            }
            let mut b = Builder::new(row.line);
            b.form.year = year(&key(&title));
            b.form.title = Some(strip_year(&title));
            b.touch(row);
            cur = Some(b);
            continue;
        }
        let starts_form = if label_index(row, "项目名称").is_some() {
            cur.as_ref()
                .is_none_or(|b| b.form.project.is_some() || b.section > Section::Header)
        } else {
            cur.is_none()
                && (funds_header(row) || indicator_header(row) || fund_label(row).is_some())
        };
        if starts_form {
            if let Some(b) = cur.take() {
                b.finish(&mut out);
            }
            cur = Some(Builder::new(row.line));
        }
        let listed = out.unplaced.len() + cur.as_ref().map_or(0, |b| b.pending.len());
        match cur.as_mut() {
            Some(b) => {
                b.touch(row);
                if !b.feed(row) {
                    if listed < MAX_UNPLACED {
                        b.pending.push(row.clone());
                    } else {
                        out.unlisted += 1;
                    }
                }
            }
            None if listed < MAX_UNPLACED => out.unplaced.push(Unplaced {
                line: row.line,
                text: row.text(),
            }),
            None => out.unlisted += 1,
        }
    }
    if let Some(b) = cur.take() {
        b.finish(&mut out);
    }
    out.unplaced.sort_by_key(|u| u.line);
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Start,
    Header,
    Funds,
    Goals,
    Indicators,
    Tail,
}

/// A level label group: its text and the first indicator it covers.
#[derive(Clone, Debug, Default)]
struct Level {
    text: Option<String>,
    from: usize,
}

struct Builder {
    form: Form,
    findings: Vec<Finding>,
    section: Section,
    pending: Vec<Row>,
    want_project: bool,
    fund_cols: Vec<(FundCol, usize)>,
    achieved_col: Option<usize>,
    target_col: Option<usize>,
    level1: Level,
    level2: Level,
    /// Line of each indicator's reason, to move a reason printed on a neighbouring row.
    reason_lines: Vec<Option<usize>>,
    cells: Vec<(Field, usize, usize)>,
}

impl Builder {
    fn new(line: usize) -> Builder {
        Builder {
            form: Form {
                lines: Lines {
                    start: line,
                    end: line,
                },
                ..Form::default()
            },
            findings: Vec::new(),
            section: Section::Start,
            pending: Vec::new(),
            want_project: false,
            fund_cols: Vec::new(),
            achieved_col: None,
            target_col: None,
            level1: Level::default(),
            level2: Level::default(),
            reason_lines: Vec::new(),
            cells: Vec::new(),
        }
    }

    fn touch(&mut self, row: &Row) {
        self.form.lines.end = self.form.lines.end.max(row.line + row.span - 1);
    }

    /// Places one row; `false` when it fits nowhere.
    fn feed(&mut self, row: &Row) -> bool {
        let filled: Vec<&Cell> = row.filled().collect();
        if (filled.len() == 1 || row.loose && filled.len() <= 3) && self.form.year.is_none() {
            let k: String = filled.iter().map(|c| c.key()).collect();
            if k.chars().count() <= 12 {
                if let Some(y) = year(&k) {
                    self.form.year = Some(y);
                    return true;
                }
            }
        }
        // Inside the indicator table most rows are indicators: try what belongs there first.
        if self.section >= Section::Indicators {
            if self.total_or_grade(row, &filled) {
                return true;
            }
            if self.section == Section::Indicators
                && (self.indicator(row, &filled) || self.fragment(&filled))
            {
                return true;
            }
        }
        if self.header(row, &filled) {
            return true;
        }
        if funds_header(row) {
            self.funds_header(row);
            return true;
        }
        if let Some((kind, idx)) = fund_label(row) {
            if self.form.funds.get(kind).is_none() {
                self.fund_row(row, kind, idx);
                self.section = self.section.max(Section::Funds);
                return true;
            }
        }
        let joined: String = filled.iter().take(4).map(|c| c.key()).collect();
        if filled.iter().any(|c| {
            let k = c.key();
            k.contains("总体目标") && k.chars().count() <= 8
        }) || (row.loose && joined.starts_with("年度总体目标"))
        {
            self.goals_header(&filled);
            return true;
        }
        if indicator_header(row) {
            self.section = Section::Indicators;
            self.target_col = filled
                .iter()
                .find(|c| c.key().contains("指标值"))
                .map(|c| c.col);
            return true;
        }
        if self.section >= Section::Funds && self.total_or_grade(row, &filled) {
            return true;
        }
        if self.want_project && filled.len() == 1 && self.section <= Section::Header {
            self.form.project = Some(clean_text(&filled[0].text));
            self.want_project = false;
            return true;
        }
        match self.section {
            Section::Goals => {
                if filled.len() >= 4 && self.indicator(row, &filled) {
                    self.section = Section::Indicators;
                    return true;
                }
                if row.loose && filled.len() > 2 {
                    return self.loose_goal_row(&filled);
                }
                self.goal_row(&filled)
            }
            // Indicator rows were tried first, above.
            _ => false,
        }
    }

    /// 项目名称 / 主管部门 / 实施单位, with the value in the next cell or after a colon.
    fn header(&mut self, row: &Row, filled: &[&Cell]) -> bool {
        const LABELS: [&str; 4] = ["项目名称", "主管部门", "实施单位", "主管单位"];
        let mut found = false;
        let mut used = vec![false; filled.len()];
        let mut department_at = None;
        let mut has_implementer_label = false;
        for i in 0..filled.len() {
            let k = filled[i].key();
            let Some(label) = LABELS.iter().find(|l| is_labelled(k, l)) else {
                continue;
            };
            if **label != *"项目名称" && self.section > Section::Header {
                continue;
            }
            found = true;
            used[i] = true;
            let rest = clean_text(&filled[i].text);
            let rest = rest
                .strip_prefix(label)
                .unwrap_or("")
                .trim_start_matches([':', '：', ' '])
                .trim();
            let mut value = (!rest.is_empty()).then(|| rest.to_owned());
            if value.is_none() {
                if let Some(j) = (i + 1..filled.len()).find(|&j| !used[j]) {
                    let nk = filled[j].key();
                    if !LABELS.iter().any(|l| is_labelled(nk, l)) {
                        used[j] = true;
                        let mut text = clean_text(&filled[j].text);
                        let mut last = j;
                        // Single-space text cut the value into words: take them all, up to the
                        // next label (a 主管部门 with no 实施单位 label after it keeps one word,
                        // the next being the 实施单位).
                        let next_label = (j + 1..filled.len())
                            .any(|m| LABELS.iter().any(|l| is_labelled(filled[m].key(), l)));
                        let department = *label == "主管部门" || *label == "主管单位";
                        if row.loose && (!department || next_label) {
                            while last + 1 < filled.len()
                                && !LABELS
                                    .iter()
                                    .any(|l| is_labelled(filled[last + 1].key(), l))
                            {
                                last += 1;
                                used[last] = true;
                                text = clean_text(&format!("{text} {}", filled[last].text));
                            }
                        }
                        value = Some(text);
                        if department {
                            department_at = Some(last);
                        }
                    }
                }
            }
            match *label {
                "项目名称" => {
                    if value.is_none() {
                        value = self.take_pending_name();
                        self.want_project = value.is_none();
                    }
                    self.form.project = value.or(self.form.project.take());
                }
                "主管部门" | "主管单位" => self.form.department = value,
                _ => {
                    has_implementer_label = true;
                    self.form.implementer = value;
                }
            }
        }
        if !found {
            return false;
        }
        // 主管部门 X Y with no 实施单位 label: Y is the 实施单位.
        if let (Some(d), false) = (department_at, has_implementer_label) {
            if let Some(j) = (d + 1..filled.len()).find(|&j| !used[j]) {
                self.form.implementer = Some(clean_text(&filled[j].text));
                used[j] = true;
            }
        }
        self.section = self.section.max(Section::Header);
        true
    }

    /// A project name printed on the line before its empty 项目名称 label.
    fn take_pending_name(&mut self) -> Option<String> {
        let last = self.pending.last()?;
        let cells: Vec<&Cell> = last.filled().collect();
        if cells.len() != 1 || cells[0].text.chars().count() > 80 {
            return None;
        }
        let name = clean_text(&cells[0].text);
        self.pending.pop();
        Some(name)
    }

    fn funds_header(&mut self, row: &Row) {
        let joined: String = row.filled().map(|c| c.key()).collect();
        if joined.contains("万元") {
            self.form.unit = Some(MoneyUnit::WanYuan);
        } else if joined.contains("(元)") || joined.contains("（元）") || joined.contains("元)")
        {
            self.form.unit = Some(MoneyUnit::Yuan);
        }
        let mut cols = Vec::new();
        for c in row.filled() {
            let k = c.key();
            let col = if k.contains("年初") {
                FundCol::Initial
            } else if k.contains("执行率") {
                FundCol::Rate
            } else if k.contains("执行数") || k.contains("实际支出") || k.contains("全年执行")
            {
                FundCol::Executed
            } else if k.contains("预算数") || k.contains("全年预算") {
                FundCol::Annual
            } else if k.contains("分值") || k.contains("分数") || k.contains("权重") {
                FundCol::Weight
            } else if k.contains("得分") {
                FundCol::Score
            } else {
                continue;
            };
            if !cols.iter().any(|(c, _)| *c == col) {
                cols.push((col, c.col));
            }
        }
        if cols.len() >= 3 {
            self.fund_cols = cols;
        }
        self.section = self.section.max(Section::Funds);
    }

    fn fund_row(&mut self, row: &Row, kind: FundKind, label_idx: usize) {
        let order: Vec<FundCol> = if self.fund_cols.is_empty() {
            FundCol::ALL.to_vec()
        } else {
            self.fund_cols.iter().map(|(c, _)| *c).collect()
        };
        let cells = &row.cells;
        let at = |i: usize| cells.get(i).map_or("", |c| c.text.as_str());
        // Header-aligned when the data sits under its header (clean TSV); otherwise read the
        // cells after the label in the header's order (PDF text shifts columns).
        let header_cols: Vec<usize> = self.fund_cols.iter().map(|(_, c)| *c).collect();
        let col_of = |want: FundCol| {
            self.fund_cols
                .iter()
                .find(|(c, _)| *c == want)
                .map(|(_, i)| *i)
        };
        let aligned = !header_cols.is_empty()
            && header_cols.iter().all(|&c| c > label_idx)
            && cells[label_idx + 1..]
                .iter()
                .all(|c| c.text.is_empty() || header_cols.contains(&c.col))
            && [FundCol::Annual, FundCol::Executed]
                .iter()
                .all(|&w| col_of(w).is_some_and(|c| matches!(figure(at(c)), Figure::Number(_))));
        let columns: Vec<usize> = if aligned {
            header_cols.clone()
        } else {
            let first = (label_idx + 1..cells.len())
                .find(|&i| !cells[i].text.is_empty())
                .unwrap_or(cells.len());
            (first..first + order.len()).collect()
        };
        let texts: Vec<&str> = columns.iter().map(|&c| at(c)).collect();
        for (col, &c) in order.iter().zip(&columns) {
            self.cells.push((Field::Fund(kind, *col), row.line, c));
        }
        let mut fr = FundRow {
            line: row.line,
            ..FundRow::default()
        };
        for (col, text) in order.iter().zip(texts) {
            let v = match figure(text) {
                Figure::Number(d) => Some(d),
                Figure::Invalid(t) => {
                    self.findings.push(
                        Finding::new(
                            Code::ParseBadNumber,
                            Some(row.line),
                            &format!("{}的{}", kind.label(), col.label()),
                            Some(t),
                            None,
                        )
                        .field(Field::Fund(kind, *col)),
                    );
                    None
                }
                Figure::Empty | Figure::Placeholder => None,
            };
            *fr.slot(*col) = v;
        }
        if kind == FundKind::Total {
            self.form.reported.rate = fr.rate;
            self.form.reported.execution_score = fr.score;
        }
        *self.form.funds.get_mut(kind) = Some(fr);
    }

    fn goals_header(&mut self, filled: &[&Cell]) {
        self.section = self.section.max(Section::Goals);
        for c in filled {
            let k = c.key();
            if k.contains("实际完成") && k.chars().count() <= 8 {
                self.achieved_col = Some(c.col);
            }
        }
        let texts: Vec<&Cell> = filled
            .iter()
            .copied()
            .filter(|c| {
                let k = c.key();
                !(k.contains("总体目标")
                    || k == "预期目标"
                    || k.starts_with("实际完成")
                    || "年度总体目标".contains(k))
                    || k.chars().count() > 12
            })
            .collect();
        if !texts.is_empty() {
            self.goal_row(&texts);
        }
    }

    fn goal_row(&mut self, filled: &[&Cell]) -> bool {
        if filled.is_empty() {
            return false;
        }
        let mut planned = Vec::new();
        let mut achieved = Vec::new();
        for (i, c) in filled.iter().enumerate() {
            let mut text = paragraphs(&c.text);
            let mut side = None;
            for (label, is_achieved) in [("预期目标", false), ("实际完成情况", true)] {
                if let Some(rest) = text.strip_prefix(label) {
                    text = rest.trim_start_matches([':', '：', '\n', ' ']).to_owned();
                    side = Some(is_achieved);
                }
            }
            let is_achieved = side.unwrap_or(if filled.len() >= 2 {
                i == filled.len() - 1
            } else {
                self.achieved_col.is_some_and(|a| c.col >= a)
            });
            if is_achieved {
                achieved.push(text);
            } else {
                planned.push(text);
            }
        }
        for (slot, parts) in [
            (&mut self.form.goals.planned, planned),
            (&mut self.form.goals.achieved, achieved),
        ] {
            for p in parts.into_iter().filter(|p| !p.is_empty()) {
                join_into(slot, &p);
            }
        }
        true
    }

    /// A goal row split on single spaces: the 预期目标 ends with the first sentence's end
    /// (or at the middle), the rest is the 实际完成情况.
    fn loose_goal_row(&mut self, filled: &[&Cell]) -> bool {
        let texts: Vec<String> = filled.iter().map(|c| paragraphs(&c.text)).collect();
        let total: usize = texts.iter().map(|t| t.chars().count()).sum();
        let mut split = texts[..texts.len() - 1]
            .iter()
            .position(|t| t.ends_with(['。', '；', ';']))
            .map(|i| i + 1);
        if split.is_none() {
            let mut seen = 0;
            split = texts.iter().position(|t| {
                seen += t.chars().count();
                seen * 2 >= total
            });
            split = split.map(|i| i + 1);
        }
        let split = split.unwrap_or(texts.len()).min(texts.len());
        let planned = clean_text(&texts[..split].join(" "));
        let achieved = clean_text(&texts[split..].join(" "));
        if !planned.is_empty() {
            join_into(&mut self.form.goals.planned, &planned);
        }
        if !achieved.is_empty() {
            join_into(&mut self.form.goals.achieved, &achieved);
        }
        true
    }

    /// 总分, 评分等级, or an unlabeled `100  95.38` row.
    fn total_or_grade(&mut self, row: &Row, filled: &[&Cell]) -> bool {
        let k0 = filled[0].key();
        let is_total = (k0.starts_with("总分") || k0.starts_with("合计") || k0.starts_with("总计"))
            && k0.chars().count() <= 8;
        let is_grade = ["评分等级", "评价等级", "自评等级", "等级"]
            .iter()
            .any(|l| k0.starts_with(l))
            && k0.chars().count() <= 10;
        if !(is_total || is_grade) && (filled.len() > 3 || self.form.indicators.is_empty()) {
            return false;
        }
        let rest = if is_total || is_grade {
            &filled[1..]
        } else {
            filled
        };
        let numbers: Vec<Decimal> = rest
            .iter()
            .filter_map(|c| value::plain_number(&c.text))
            .collect();
        let words: Vec<&Cell> = rest
            .iter()
            .copied()
            .filter(|c| value::plain_number(&c.text).is_none())
            .collect();
        let unlabeled = !is_total
            && !is_grade
            && !self.form.indicators.is_empty()
            && numbers.len() == 2
            && words.iter().all(|c| Grade::parse(&c.text).is_some())
            && words.len() <= 1;
        if !(is_total || is_grade || unlabeled) {
            return false;
        }
        let mut grade_text = words.iter().find_map(|c| Grade::parse(&c.text));
        if is_grade && grade_text.is_none() {
            // 评分等级：优 in one cell.
            let label_rest = k0.trim_start_matches(|c: char| "评分价自等级".contains(c));
            grade_text = Grade::parse(label_rest.trim_start_matches([':', '：']));
        }
        if !numbers.is_empty() && self.form.reported.total.is_none() {
            let n = numbers.len();
            self.form.reported.total = Some(numbers[n - 1]);
            if n >= 2 {
                self.form.reported.weight_total = Some(numbers[n - 2]);
            }
            self.form.reported.total_line = Some(row.line);
            if let Some(c) = rest
                .iter()
                .rev()
                .find(|c| value::plain_number(&c.text).is_some())
            {
                self.cells.push((Field::Total, row.line, c.col));
            }
        }
        if let Some(g) = grade_text {
            self.form.reported.grade = Some(g.as_str().to_owned());
            self.form.reported.grade_line = Some(row.line);
            let at = words.first().map_or(filled[0].col, |c| c.col);
            self.cells.push((Field::Grade, row.line, at));
        } else if is_grade && self.form.reported.grade_line.is_none() && numbers.is_empty() {
            // An empty 评分等级 row: the grade was left blank.
            self.form.reported.grade_line = Some(row.line);
        }
        self.section = Section::Tail;
        true
    }

    /// A 绩效指标 row: its 分值 and 得分 are the rightmost pair of numbers, what follows is
    /// the reason, what precedes is labels, name, target and actual.
    fn indicator(&mut self, row: &Row, filled: &[&Cell]) -> bool {
        // (index of the 分值 cell, index of the 得分 cell if there is one)
        let (w_at, s_at) = match score_pair(filled) {
            Some(j) => (j - 1, Some(j)),
            None => match lone_weight(filled) {
                Some(j) if self.section == Section::Indicators => (j, None),
                _ => return false,
            },
        };
        let j = s_at.unwrap_or(w_at);
        let before = &filled[..w_at];
        if before.is_empty() {
            return false;
        }
        // Leading labels, assembled from as many cells as a line or page break cut them into
        // (`满意度指` `标`, `可持续影` `响指` `标`): a whole label wins over a fragment, a longer
        // one over a shorter; a fragment needs name, target and actual still to follow.
        let keys: Vec<&str> = before.iter().map(|c| c.key()).collect();
        let mut labels = Vec::new();
        let mut n = 0;
        'labels: while n < before.len() {
            if keys[n].chars().count() > 10 {
                break;
            }
            for whole in [true, false] {
                for k in (1..=4.min(before.len() - n)).rev() {
                    let joined: String = keys[n..n + k].concat();
                    let remaining = before.len() - n - k;
                    let fits = if whole {
                        is_label(&joined) && remaining >= 1
                    } else {
                        is_label_fragment(&joined) && remaining >= 3
                    };
                    if fits {
                        labels.push(joined);
                        n += k;
                        continue 'labels;
                    }
                }
            }
            break;
        }
        labels.retain(|k| k != "绩效指标");
        let mut rest: Vec<&Cell> = before[n..].to_vec();
        // Single-space text cuts a result phrase (`部分达成指 标并具有一 定效果`): rejoin it.
        let mut joined_actual = None;
        if row.loose && rest.len() > 3 {
            for t in 1..rest.len() - 1 {
                let tail: String = rest[t..].iter().map(|c| c.key()).collect();
                if band(&tail).is_some() && tail.chars().count() <= 20 {
                    joined_actual = Some(tail);
                    rest.truncate(t + 1);
                    break;
                }
            }
        }
        let (name, target, actual) = match rest.len() {
            0 => (String::new(), None, None),
            1 => (clean_text(&rest[0].text), None, None),
            2 => {
                let second = clean_text(&rest[1].text);
                let is_actual =
                    band(&second).is_some() || self.target_col.is_some_and(|t| rest[1].col > t);
                if is_actual {
                    (clean_text(&rest[0].text), None, Some(second))
                } else {
                    (clean_text(&rest[0].text), Some(second), None)
                }
            }
            len => (
                rest[..len - 2]
                    .iter()
                    .map(|c| clean_text(&c.text))
                    .collect::<Vec<_>>()
                    .join(""),
                Some(clean_text(&rest[len - 2].text)),
                Some(clean_text(&rest[len - 1].text)),
            ),
        };
        let actual = joined_actual.or(actual);
        self.apply_labels(&labels);
        let idx = self.form.indicators.len();
        let subject = if name.is_empty() {
            format!("第 {} 行", row.line)
        } else {
            name.clone()
        };
        let mut num = |cell: &Cell, col: IndicatorCol| -> Option<Decimal> {
            let v = value::plain_number(&cell.text);
            if v.is_none() {
                self.findings.push(
                    Finding::new(
                        Code::ParseBadNumber,
                        Some(row.line),
                        &format!("指标“{subject}”的{}", col.label()),
                        Some(cell.text.clone()),
                        None,
                    )
                    .field(Field::Indicator(idx, col)),
                );
            }
            v
        };
        let weight = num(filled[w_at], IndicatorCol::Weight);
        let score = s_at.and_then(|s| num(filled[s], IndicatorCol::Score));
        if s_at.is_none() {
            self.findings.push(
                Finding::new(
                    Code::IndicatorMissingScore,
                    Some(row.line),
                    &subject,
                    weight.map(|w| w.to_string()),
                    None,
                )
                .field(Field::Indicator(idx, IndicatorCol::Score)),
            );
        }
        let reason = filled[j + 1..]
            .iter()
            .map(|c| paragraphs(&c.text))
            .filter(|t| !t.is_empty())
            .fold(None, |mut acc: Option<String>, t| {
                join_into(&mut acc, &t);
                acc
            });
        self.reason_lines.push(reason.as_ref().map(|_| row.line));
        let mut place = |col: IndicatorCol, cell: Option<&&Cell>| {
            if let Some(c) = cell {
                self.cells
                    .push((Field::Indicator(idx, col), row.line, c.col));
            }
        };
        place(IndicatorCol::Weight, filled.get(w_at));
        place(IndicatorCol::Score, s_at.and_then(|s| filled.get(s)));
        place(IndicatorCol::Reason, filled.get(j + 1));
        place(IndicatorCol::Name, rest.first());
        if rest.len() >= 3 {
            place(IndicatorCol::Target, rest.get(rest.len() - 2));
            place(IndicatorCol::Actual, rest.last());
        }
        self.form.indicators.push(Indicator {
            level1: self.level1.text.clone(),
            level2: self.level2.text.clone(),
            name,
            target: target.map(|t| IndicatorValue::parse(&t)),
            actual: actual.map(|t| IndicatorValue::parse(&t)),
            weight,
            score,
            reason,
            line: row.line,
        });
        self.section = Section::Indicators;
        true
    }

    /// Sets the group labels a row carries (一级 then 二级).
    fn apply_labels(&mut self, labels: &[String]) {
        let here = self.form.indicators.len();
        match labels {
            [] => {}
            [one] => {
                let as_level1 = is_level1(one)
                    && !(one.starts_with("满意度")
                        && self
                            .level1
                            .text
                            .as_deref()
                            .is_some_and(|l| l.starts_with("满意度")));
                if as_level1 {
                    self.set_level1(one.clone(), here);
                    self.level2 = Level {
                        text: None,
                        from: here,
                    };
                } else {
                    self.level2 = Level {
                        text: Some(one.clone()),
                        from: here,
                    };
                }
            }
            [.., l1, l2] => {
                self.set_level1(l1.clone(), here);
                self.level2 = Level {
                    text: Some(l2.clone()),
                    from: here,
                };
            }
        }
    }

    fn set_level1(&mut self, text: String, here: usize) {
        // A 一级 label printed after the first rows of its group (a merged cell cut by a page
        // break) also names the rows before it that had none.
        if self.level1.text.is_none() {
            for ind in &mut self.form.indicators {
                if ind.level1.is_none() {
                    ind.level1 = Some(text.clone());
                }
            }
        }
        self.level1 = Level {
            text: Some(text),
            from: here,
        };
    }

    /// A row with no scores inside the indicator table: pieces of merged labels, or the end of
    /// a name or reason that a page break cut off.
    fn fragment(&mut self, filled: &[&Cell]) -> bool {
        let mut texts = Vec::new();
        let mut labels = Vec::new();
        for c in filled {
            let k = clean_text(&c.text).replace(' ', "");
            if k == "绩效指标" {
                continue;
            }
            let short = k.chars().count() <= 8 && !k.chars().any(|c| c.is_ascii_digit());
            if short && (is_label(&k) || is_label_fragment(&k) || k.contains('指') || k == "标") {
                labels.push((k, *c));
            } else {
                texts.push(*c);
            }
        }
        if texts.len() > 2 || self.form.indicators.is_empty() {
            return false;
        }
        for (k, c) in labels {
            if !self.complete_label(&k) {
                if is_label(&k) {
                    self.apply_labels(std::slice::from_ref(&k));
                } else {
                    texts.push(c);
                }
            }
        }
        texts.sort_by_key(|c| c.col);
        let last = self.form.indicators.len() - 1;
        for c in texts {
            let to_name = self.target_col.is_some_and(|t| c.col < t);
            let ind = &mut self.form.indicators[last];
            if to_name {
                ind.name.push_str(&clean_text(&c.text));
            } else {
                join_into(&mut ind.reason, &paragraphs(&c.text));
            }
        }
        true
    }

    /// Appends a fragment to an unfinished 一级 or 二级 label (`满意度指` + `标`).
    fn complete_label(&mut self, frag: &str) -> bool {
        for level in [1, 2] {
            let slot = if level == 1 {
                &mut self.level1
            } else {
                &mut self.level2
            };
            let Some(cur) = slot.text.clone() else {
                continue;
            };
            if cur.ends_with("指标") {
                continue;
            }
            let joined = format!("{cur}{frag}");
            if joined.ends_with("指标") || KNOWN_LABELS.iter().any(|l| l.starts_with(&joined)) {
                slot.text = Some(joined.clone());
                let from = slot.from;
                for ind in &mut self.form.indicators[from..] {
                    let field = if level == 1 {
                        &mut ind.level1
                    } else {
                        &mut ind.level2
                    };
                    if field.as_deref() == Some(cur.as_str()) {
                        *field = Some(joined.clone());
                    }
                }
                return true;
            }
        }
        false
    }

    fn finish(mut self, out: &mut Recognized) {
        self.move_neighbour_reasons();
        for row in std::mem::take(&mut self.pending) {
            let text = row.text();
            self.findings.push(Finding::new(
                Code::ParseUnplacedLine,
                Some(row.line),
                "",
                Some(crate::findings::quote(&text)),
                None,
            ));
            out.unplaced.push(Unplaced {
                line: row.line,
                text,
            });
        }
        out.forms.push(ReadForm {
            form: self.form,
            findings: self.findings,
            cells: self.cells,
        });
    }

    /// A merged 偏差原因 cell can be printed on the row above or below the indicator it
    /// explains. A reason on a full-score row moves to an adjacent deducted row without one
    /// when it names that row's indicator (shares a longer run of characters with its name).
    fn move_neighbour_reasons(&mut self) {
        let inds = &mut self.form.indicators;
        for i in 0..inds.len() {
            let full = |ind: &Indicator| ind.weight.is_some() && ind.score == ind.weight;
            let Some(reason) = inds[i].reason.clone() else {
                continue;
            };
            if !full(&inds[i]) {
                continue;
            }
            let own = common_run(&reason, &inds[i].name);
            let candidates = [i.checked_sub(1), (i + 1 < inds.len()).then_some(i + 1)];
            for k in candidates.into_iter().flatten() {
                let other = &inds[k];
                let deducted = matches!((other.weight, other.score), (Some(w), Some(s)) if s < w);
                if deducted && other.reason.is_none() {
                    let theirs = common_run(&reason, &other.name);
                    if theirs >= 4 && theirs > own {
                        let from_line = self.reason_lines.get(i).copied().flatten();
                        inds[k].reason = inds[i].reason.take();
                        self.findings.push(
                            Finding::new(
                                Code::ParseReasonMoved,
                                Some(inds[k].line),
                                &inds[k].name,
                                from_line.map(|l| l.to_string()),
                                None,
                            )
                            .field(Field::Indicator(k, IndicatorCol::Reason)),
                        );
                        break;
                    }
                }
            }
        }
    }
}

/// Appends text to a multi-line field; a page break mid-sentence joins without a break.
fn join_into(slot: &mut Option<String>, text: &str) {
    match slot {
        None => *slot = Some(text.to_owned()),
        Some(prev) => {
            let ends_sentence = prev
                .chars()
                .next_back()
                .is_some_and(|c| "。；;！!？?：:".contains(c));
            if ends_sentence {
                prev.push('\n');
            }
            prev.push_str(text);
        }
    }
}

/// Length of the longest run of characters two texts share.
fn common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for &ca in a.iter().take(400) {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            if ca == cb {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// Index of the 得分 cell: the rightmost cell that, with the cell before it, forms a pair of
/// score-like cells with at least one plain number and at least one cell before the pair.
fn score_pair(filled: &[&Cell]) -> Option<usize> {
    let plain: Vec<bool> = filled
        .iter()
        .map(|c| value::plain_number(&c.text).is_some())
        .collect();
    (2..filled.len()).rev().find(|&j| {
        let (w, s) = (&filled[j - 1].text, &filled[j].text);
        let n = plain[j - 1] as u8 + plain[j] as u8;
        n == 2 || (n == 1 && score_like(w) && score_like(s))
    })
}

/// An indicator row whose 得分 was left empty: one plain number with at least name, target and
/// actual before it and only text after it.
fn lone_weight(filled: &[&Cell]) -> Option<usize> {
    let j = filled
        .iter()
        .rposition(|c| value::plain_number(&c.text).is_some())?;
    (j >= 3 && value::plain_number(&filled[j - 1].text).is_none()).then_some(j)
}

/// Short text that was meant as a score (`15.O0`, `4分`) but may not parse.
fn score_like(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (1..=8).contains(&n)
        && s.chars().any(|c| c.is_ascii_digit())
        && !s.chars().any(|c| "%％()（）≥≤<>=".contains(c))
        && !s
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && c != '分')
}

/// A whole label: a known one, or a short text ending in 指标 (once) with no digits.
fn is_label(k: &str) -> bool {
    KNOWN_LABELS.contains(&k)
        || (k.ends_with("指标")
            && k.matches("指标").count() == 1
            && k.chars().count() <= 10
            && !k.chars().any(|c| c.is_ascii_digit())
            && !k.contains("达成"))
}

/// The start of a label, cut by a line or page break (`满意度指`, `服务对象`, `可持续影响指`).
fn is_label_fragment(k: &str) -> bool {
    k.chars().count() >= 2 && KNOWN_LABELS.iter().any(|l| l.starts_with(k) && *l != k)
}

/// A title row: one text that names a 绩效自评 form.
fn title(row: &Row) -> Option<String> {
    let filled: Vec<&Cell> = row.filled().collect();
    if filled.is_empty() || filled.len() > if row.loose { 4 } else { 1 } {
        return None;
    }
    let joined: Vec<&str> = filled.iter().map(|c| c.text.as_str()).collect();
    let text = clean_text(joined.join(" ").trim_start_matches('#'));
    let k = key(&strip_year(&text));
    let is_title = (k.contains("绩效自评") || k.contains("绩效自我评价"))
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

/// A year in `(2023 年度)`, `2023年度` or `2023年`.
fn year(k: &str) -> Option<u16> {
    let chars: Vec<char> = k.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        let digits: String = chars[i..i + 4].iter().collect();
        if digits.chars().all(|c| c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars[i + 4] == '年'
        {
            let y: u16 = digits.parse().ok()?;
            if YEARS.contains(&y) {
                return Some(y);
            }
        }
    }
    None
}

fn strip_year(title: &str) -> String {
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

/// A cell that is `label` alone, or `label: value`.
fn is_labelled(k: &str, label: &str) -> bool {
    match k.strip_prefix(label) {
        Some(rest) => {
            rest.is_empty() || (rest.starts_with([':', '：']) && rest.chars().count() <= 80)
        }
        None => false,
    }
}

/// Index (among all cells) of the first cell labelled `label`.
fn label_index(row: &Row, label: &str) -> Option<usize> {
    row.cells.iter().position(|c| is_labelled(c.key(), label))
}

fn funds_header(row: &Row) -> bool {
    row.filled().any(|c| {
        let k = c.key();
        k.starts_with("项目资金") && k.chars().count() <= 12
    })
}

fn indicator_header(row: &Row) -> bool {
    let keys: Vec<&str> = row.filled().map(|c| c.key()).collect();
    let has = |s: &str| {
        keys.iter()
            .any(|k| k.contains(s) && k.chars().count() <= 10)
    };
    has("一级指标") && (has("二级指标") || has("三级指标") || has("指标值"))
        || has("三级指标") && has("指标值")
}

/// Which fund row a row is, and the index of its label cell.
fn fund_label(row: &Row) -> Option<(FundKind, usize)> {
    for (i, c) in row.cells.iter().enumerate() {
        let k = c.key();
        if k.is_empty() || k.chars().count() > 14 {
            continue;
        }
        let kind = if k.contains("资金总额") || k.contains("年度资金") {
            FundKind::Total
        } else if k.contains("财政拨款") {
            FundKind::Appropriation
        } else if k.contains("上年结转") || k.contains("结转资金") {
            FundKind::Carryover
        } else if k.contains("其他资金") {
            FundKind::Other
        } else {
            continue;
        };
        let has_figure = row.cells[i + 1..]
            .iter()
            .any(|c| matches!(figure(&c.text), Figure::Number(_) | Figure::Placeholder));
        return has_figure.then_some((kind, i));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::rows;

    fn read(text: &str) -> Recognized {
        recognize(&rows(text))
    }

    #[test]
    fn label_before_name_and_missing_implementer_label() {
        let r = read("财政项目支出绩效自评价\n\n人才大厦运行维护经费\t\t\n项目名称\t\t\t\n主管部门\t甲局\t\t乙中心\t\n");
        let f = &r.forms[0].form;
        assert_eq!(f.project.as_deref(), Some("人才大厦运行维护经费"));
        assert_eq!(f.department.as_deref(), Some("甲局"));
        assert_eq!(f.implementer.as_deref(), Some("乙中心"));
        assert!(r.unplaced.is_empty());
    }

    #[test]
    fn split_labels_are_completed_across_page_breaks() {
        let text = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
                    满意 度指\t服务 对象\t满意度\t≥90(%)\t95(%)\t10\t10\n\n\
                    标\t满意度指标\t\t\t\t\t\n总分\t\t\t\t100\t10\n";
        let r = read(&format!("项目名称\tX\n{text}"));
        let ind = &r.forms[0].form.indicators[0];
        assert_eq!(ind.level1.as_deref(), Some("满意度指标"));
        assert_eq!(ind.level2.as_deref(), Some("服务对象满意度指标"));
        assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
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

    #[test]
    fn lines_outside_forms_are_unplaced() {
        let r = read("前言一行\n\n财政项目支出绩效自评表\n说不清的一行\n项目名称\t甲");
        let lines: Vec<usize> = r.unplaced.iter().map(|u| u.line).collect();
        assert_eq!(lines, [1, 4]);
        assert_eq!(r.forms[0].findings[0].code, Code::ParseUnplacedLine);
    }
}
