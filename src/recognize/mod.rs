//! Stage 3: rows of cells → forms.
//!
//! The recogniser reads a form by what its cells say, not by where they sit: PDF extraction
//! moves cells left and right, merges and splits them, and cuts rows at page breaks. It never
//! gives up on a document: a row it cannot place is kept in `unplaced`, and a form it cannot
//! fully read is still returned with what it found. It never decides whether a figure is
//! right; that is for the rules.
//!
//! How it is built (read in this order):
//! - [`classify`] says what kind of row a row is, from its cells and the section the form is
//!   in — a pure function with a table of fixtures.
//! - This file is the driver: it cuts the document into forms and hands each row to the
//!   production for its kind, in the section it belongs to.
//! - One file per section holds its productions: [`header`] (项目名称, 主管部门, 实施单位),
//!   [`funds`] (项目资金), [`goals`] (年度总体目标), [`indicators`] (绩效指标) and [`totals`]
//!   (总分, 评分等级). [`columns`] maps a block's header cells to what each column holds.
//! - [`Builder`] is the mechanics the productions share: the form being read, its findings
//!   and where each value sat.

mod classify;
mod columns;
mod flat;
mod funds;
mod goals;
mod header;
mod indicators;
mod levels;
mod reasons;
mod totals;

pub use classify::{classify, Place, RowKind};

use crate::findings::{Code, Finding};
use crate::grid::Row;
use crate::model::{Block, Field, Form, Lines, Unplaced};
use crate::value::key;

/// A form as read, with what the reading itself noticed.
#[derive(Clone, Debug)]
pub struct ReadForm {
    pub form: Form,
    pub findings: Vec<Finding>,
    /// Where each value was read: (the field, line, 0-based column).
    pub cells: Vec<(Field, usize, usize)>,
}

impl ReadForm {
    /// Takes none of the form's figures as placed for certain (its columns were guessed from
    /// the text's positions, as on a PDF page without rulings): no figure of its 项目资金 or
    /// 绩效指标 is checked, and a warning says why.
    pub fn guessed(&mut self, why: &str) {
        for block in [Block::Funds, Block::Indicators] {
            if !self.form.uncertain.contains(&block) {
                self.form.uncertain.push(block);
                self.findings.push(Finding::new(
                    Code::FormLayoutUncertain,
                    Some(self.form.lines.start),
                    block.label(),
                    Some(format!("{why}；此栏的数字未作核对")),
                    None,
                ));
            }
        }
    }
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

/// How many rows before a title may hold its year or money unit.
const PREAMBLE: usize = 4;

/// What a reader of a piece assumed about the unplaced lines listed before it.
#[derive(Clone, Copy, Debug)]
pub struct Listing {
    before: usize,
    /// One more than the most unplaced lines the reader itself had listed when it kept a row.
    need: usize,
}

impl Listing {
    /// Whether reading the same rows after `listed` lines listed by the pieces before would
    /// list and count the same lines.
    pub fn same_after(&self, listed: usize) -> bool {
        listed == self.before
            || self.need == 0
            || listed.max(self.before) + self.need <= MAX_UNPLACED
    }
}

/// The sections of a form, in the order the template prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Start,
    Header,
    Funds,
    Goals,
    Indicators,
    Tail,
}

/// Reads every form in the rows (a slice of them, or rows made as they are read:
/// [`crate::grid::RowsAt`]).
pub fn recognize<R: std::borrow::Borrow<Row>>(rows: impl IntoIterator<Item = R>) -> Recognized {
    let mut r = Reader::new(0);
    for row in rows {
        r.row(row.borrow());
    }
    r.finish()
}

/// The document being read, a row at a time: the forms so far and the one being read.
///
/// A document may also be read in pieces, each by its own reader, where a piece begins with a
/// row that starts a form: [`Reader::continues_at`] says whether the next piece's first row
/// finds this reader (at the end of its piece) as a fresh reader would find it, so that the
/// pieces read apart give what the whole document read at once gives.
#[derive(Default)]
pub struct Reader {
    out: Recognized,
    cur: Option<Builder>,
    /// The rows kept since the last row placed (a title's preamble: `单位：万元`, `2022年度`).
    recent: Vec<Row>,
    /// Unplaced lines listed before this reader's first row (by the pieces before it).
    listed_before: usize,
    /// One more than the most unplaced lines this reader had listed when it kept a row.
    need: usize,
}

impl Reader {
    /// A reader whose document has already listed `listed_before` unplaced lines.
    pub fn new(listed_before: usize) -> Reader {
        Reader {
            listed_before,
            ..Reader::default()
        }
    }

    /// Reads the next row (a flattened indicator table is cut into its rows first).
    pub fn row(&mut self, row: &Row) {
        if flat::is_flat(row) {
            for piece in flat::reflow(row) {
                match piece {
                    flat::Piece::Row(row) => self.take(&row),
                    flat::Piece::Unread(row) => self.unread(&row),
                }
            }
        } else {
            self.take(row);
        }
    }

    /// Ends the document: the last form finished, the unplaced lines in line order.
    pub fn finish(self) -> Recognized {
        let mut out = self.out;
        if let Some(b) = self.cur {
            b.finish(&mut out);
        }
        out.unplaced.sort_by_key(|u| u.line);
        out
    }

    /// Whether `next`, read by this reader, starts a new form exactly as it does for a fresh
    /// reader ([`Reader::new`]): it is a title or a 项目名称 row that starts a form either way,
    /// not a flattened table, and no row kept since the last one placed could become the
    /// title's preamble.
    pub fn continues_at(&self, next: &Row) -> bool {
        if next.is_blank() || flat::is_flat(next) {
            return false;
        }
        let starts = classify::title(next).is_some()
            || starts_form(self.cur.as_ref(), next) && starts_form(None, next);
        starts && self.recent.iter().all(|r| classify::preamble(r).is_none())
    }

    /// Whether a row could start a form for a fresh reader (a title or a 项目名称 row): where a
    /// document may be cut into pieces.
    pub fn may_start(row: &Row) -> bool {
        !row.is_blank()
            && !flat::is_flat(row)
            && (classify::title(row).is_some() || classify::label_index(row, "项目名称").is_some())
    }

    /// How many unplaced lines this reader took as listed before it, and how many it needed
    /// below the cap.
    pub fn listing(&self) -> Listing {
        Listing {
            before: self.listed_before,
            need: self.need,
        }
    }

    /// Starts a new form at `row` (finishing the one before).
    fn start(&mut self, line: usize) -> &mut Builder {
        if let Some(b) = self.cur.take() {
            b.finish(&mut self.out);
        }
        self.cur.insert(Builder::new(line))
    }

    /// Places one row: a title or a 项目名称 may start a form; a row no production takes is
    /// kept for `unplaced`.
    fn take(&mut self, row: &Row) {
        if row.is_blank() {
            return;
        }
        if let Some(title) = classify::title(row) {
            let preamble = self.preamble();
            let b = self.start(row.line);
            b.form.year = classify::year(&key(&title));
            b.form.title = Some(classify::strip_year(&title));
            for (line, kind) in preamble {
                // The form starts at its preamble: its lines stay the form's.
                b.form.lines.start = b.form.lines.start.min(line);
                match kind {
                    RowKind::Year(y) => {
                        b.form.year.get_or_insert(y);
                    }
                    RowKind::Unit(u) => b.form.unit = Some(u),
                    _ => {}
                }
            }
            b.touch(row);
            self.recent.clear();
            return;
        }
        if starts_form(self.cur.as_ref(), row) {
            self.start(row.line);
        }
        let placed = self.cur.as_mut().is_some_and(|b| {
            b.touch(row);
            b.feed(row)
        });
        if placed {
            self.recent.clear();
        } else {
            self.keep(row);
            self.recent.push(row.clone());
            if self.recent.len() > PREAMBLE {
                self.recent.remove(0);
            }
        }
    }

    /// The year and unit the rows just before a title give, taken out of the rows kept.
    fn preamble(&mut self) -> Vec<(usize, RowKind)> {
        let mut found = Vec::new();
        for row in std::mem::take(&mut self.recent) {
            let Some(kind) = classify::preamble(&row) else {
                continue;
            };
            found.push((row.line, kind));
            match self.cur.as_mut() {
                Some(b) => b.pending.retain(|r| r.line != row.line),
                None => self.out.unplaced.retain(|u| u.line != row.line),
            }
        }
        found
    }

    /// A row no production took: the form's pending rows, or the document's unplaced ones.
    fn keep(&mut self, row: &Row) {
        let own = self.out.unplaced.len() + self.cur.as_ref().map_or(0, |b| b.pending.len());
        self.need = self.need.max(own + 1);
        if self.listed_before + own >= MAX_UNPLACED {
            self.out.unlisted += 1;
            return;
        }
        match self.cur.as_mut() {
            Some(b) => b.pending.push(row.clone()),
            None => self.out.unplaced.push(Unplaced {
                line: row.line,
                text: row.text(),
            }),
        }
    }

    /// Words of a flattened indicator table that fit no row: said, and kept.
    fn unread(&mut self, row: &Row) {
        if let Some(b) = self.cur.as_mut() {
            b.uncertain(
                Block::Indicators,
                row.line,
                "文本没有换行，部分指标未能按行读出",
                true,
            );
        }
        self.keep(row);
    }
}

/// A form without a title starts at a 项目名称 row (when the current form already has its
/// name or is past its header), or at the first fund or indicator block outside any form.
fn starts_form(cur: Option<&Builder>, row: &Row) -> bool {
    if classify::label_index(row, "项目名称").is_some() {
        cur.is_none_or(|b| b.form.project.is_some() || b.section > Section::Header)
    } else {
        cur.is_none()
            && (classify::funds_header(row)
                || classify::indicator_header(row)
                || classify::fund_label(row).is_some())
    }
}

/// The mechanics the productions share: the form being read and what was noticed on the way.
pub(crate) struct Builder {
    pub(crate) form: Form,
    pub(crate) findings: Vec<Finding>,
    pub(crate) section: Section,
    /// Rows no production took yet; unplaced when the form ends.
    pending: Vec<Row>,
    /// A 项目名称 label came without its value: the next lone cell is the name.
    want_project: bool,
    pub(crate) funds: funds::State,
    pub(crate) goals: goals::State,
    pub(crate) indicators: indicators::State,
    pub(crate) levels: levels::State,
    /// Where each value was read: (the field, line, 0-based column).
    pub(crate) cells: Vec<(Field, usize, usize)>,
    /// The block whose header was the last row: the next may continue it.
    pub(crate) open_header: Option<Block>,
    /// What the reader said it could not be sure of: (block, its figures left unchecked).
    said: Vec<(Block, bool)>,
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
            funds: funds::State::default(),
            goals: goals::State::default(),
            indicators: indicators::State::default(),
            levels: levels::State::default(),
            cells: Vec::new(),
            open_header: None,
            said: Vec::new(),
        }
    }

    fn touch(&mut self, row: &Row) {
        self.form.lines.end = self.form.lines.end.max(row.line + row.span - 1);
    }

    /// Where the form is, for [`classify`].
    fn place(&self) -> Place {
        Place {
            section: self.section,
            year_known: self.form.year.is_some(),
            has_indicators: !self.form.indicators.is_empty(),
        }
    }

    /// Records where a value was read.
    pub(crate) fn at(&mut self, field: Field, line: usize, col: usize) {
        self.cells.push((field, line, col));
    }

    /// The reader is not sure how a block is laid out: it says so once (with the first
    /// reason), and where `unchecked`, no arithmetic finding is derived from the block.
    pub(crate) fn uncertain(&mut self, block: Block, line: usize, why: &str, unchecked: bool) {
        if self.said.contains(&(block, unchecked)) {
            return;
        }
        self.said.push((block, unchecked));
        if unchecked && !self.form.uncertain.contains(&block) {
            self.form.uncertain.push(block);
        }
        let why = if unchecked {
            format!("{why}；此栏的数字未作核对")
        } else {
            why.to_owned()
        };
        self.findings.push(Finding::new(
            Code::FormLayoutUncertain,
            Some(line),
            block.label(),
            Some(why),
            None,
        ));
    }

    /// Places one row by its kind; `false` when it fits nowhere.
    fn feed(&mut self, row: &Row) -> bool {
        if let Some(block) = self.open_header.take() {
            let more = match block {
                Block::Funds => funds::extend_header(self, row),
                Block::Indicators => indicators::extend_header(self, row),
            };
            if more {
                self.open_header = Some(block);
                return true;
            }
        }
        match classify(row, self.place()) {
            RowKind::Blank | RowKind::Title | RowKind::PageNumber => true,
            RowKind::Unit(unit) => {
                self.form.unit.get_or_insert(unit);
                true
            }
            RowKind::Year(y) => {
                self.form.year = Some(y);
                true
            }
            RowKind::Total => totals::read(self, row),
            RowKind::Indicator => indicators::read(self, row),
            RowKind::Fragment => levels::fragment(self, row),
            RowKind::Facts => header::read(self, row),
            RowKind::FundsHeader => funds::header(self, row),
            RowKind::Fund(kind, at) => funds::row(self, row, kind, at),
            RowKind::GoalsHeader => goals::header(self, row),
            RowKind::IndicatorHeader => indicators::header(self, row),
            RowKind::Goal => goals::row(self, row),
            RowKind::Text => self.lone_text(row),
        }
    }

    /// A row no production claims: the project name a 项目名称 label is waiting for, or a
    /// line to list as unplaced.
    fn lone_text(&mut self, row: &Row) -> bool {
        // `金额单位：元` among other cells (`填报单位：…（盖章）`) before the fund block.
        if self.form.unit.is_none() && self.section <= Section::Funds {
            let unit = row.filled().find_map(|c| classify::unit_cell(c.key()));
            if unit.is_some() {
                self.form.unit = unit;
                return true;
            }
        }
        let mut filled = row.filled();
        let (Some(only), None) = (filled.next(), filled.next()) else {
            return false;
        };
        if self.want_project && self.section <= Section::Header {
            self.form.project = Some(header::without_code(&crate::value::clean_text(&only.text)));
            self.want_project = false;
            return true;
        }
        false
    }

    fn finish(mut self, out: &mut Recognized) {
        levels::finish(&mut self);
        reasons::move_neighbour_reasons(&mut self);
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
}

/// Appends text to a multi-line field; a page break mid-sentence joins without a break.
pub(crate) fn join_into(slot: &mut Option<String>, text: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::rows;

    fn read(text: &str) -> Recognized {
        recognize(rows(text))
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
    fn lines_outside_forms_are_unplaced() {
        let r = read("前言一行\n\n财政项目支出绩效自评表\n说不清的一行\n项目名称\t甲");
        let lines: Vec<usize> = r.unplaced.iter().map(|u| u.line).collect();
        assert_eq!(lines, [1, 4]);
        assert_eq!(r.forms[0].findings[0].code, Code::ParseUnplacedLine);
    }
}
