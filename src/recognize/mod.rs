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
    /// Read by a census reader ([`Reader::census`]), which could not tell how a form's rows
    /// read: whether a year line before its title, among rows it did not read, was the form's
    /// year. The census must be read again in full.
    pub doubtful: bool,
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
pub fn recognize<'t, R: std::borrow::Borrow<Row<'t>>>(
    rows: impl IntoIterator<Item = R>,
) -> Recognized {
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
    recent: Vec<Row<'static>>,
    /// Unplaced lines listed before this reader's first row (by the pieces before it).
    listed_before: usize,
    /// One more than the most unplaced lines this reader had listed when it kept a row.
    need: usize,
    /// A census reader ([`Reader::census`]).
    census: bool,
    /// Forms started.
    started: usize,
}

impl Reader {
    /// A reader whose document has already listed `listed_before` unplaced lines.
    pub fn new(listed_before: usize) -> Reader {
        Reader {
            listed_before,
            ..Reader::default()
        }
    }

    /// A reader for the census of the forms' rounding, which needs each form's 项目资金 and
    /// nothing after it: once a form is in its 绩效指标 (where no fund row is read any more),
    /// the rows up to the next form are not read but only looked at for what starts a form
    /// ([`Reader::pass_line`]). Each form's `funds` is then the full reader's; the rest of
    /// what it gives is not. Where a year line before a title without a year may or may not
    /// have been the form's year (it is so for the full reader only when nothing was placed
    /// after it), the form is read as if it were not, and if that could have changed how a row
    /// of it reads, the result says so ([`Recognized::doubtful`]).
    pub fn census(listed_before: usize) -> Reader {
        Reader {
            census: true,
            ..Reader::new(listed_before)
        }
    }

    /// A census reader in a form's 绩效指标 or after: only what starts the next form matters.
    fn skimming(&self) -> bool {
        self.census
            && self
                .cur
                .as_ref()
                .is_some_and(|b| b.section >= Section::Indicators)
    }

    /// Whether a census reader lets a line go unread (it has taken it): a line of `cells` cells
    /// (no quoted one), while skimming ([`Reader::census`]), that can start no form (no title,
    /// no 项目名称 and no flattened table: these name 评 or 称, or have many cells) and can be
    /// no title's year or money unit (those name 年 or 元).
    fn pass_line(&mut self, line: &str, cells: usize) -> bool {
        if !self.skimming() {
            return false;
        }
        match unread(line, cells) {
            None => false,
            Some(Unread::Blank) => true,
            Some(Unread::Counted) => {
                self.remember(counted(0));
                true
            }
        }
    }

    /// Reads every row still to come; a census reader lets the lines it may go unmade
    /// ([`Reader::pass_line`]).
    pub fn rows(&mut self, rows: &mut crate::grid::RowsAt<'_>) {
        if !self.census {
            rows.for_each(|row| self.row(&row));
            return;
        }
        while let Some(row) = rows.next_unless(|line, cells| self.pass_line(line, cells)) {
            if let Some(row) = row {
                self.row(&row);
            }
        }
    }

    /// Reads the next row (a flattened indicator table is cut into its rows first).
    pub fn row(&mut self, row: &Row) {
        if let Some(words) = flat::words(row) {
            // A row's one cell holding a flattened line reads as that line alone would.
            let glued = !row.loose && !flat::lone(row) && flat::glued(&words) > 0;
            let started = self.started;
            for (i, piece) in flat::reflow(&words).into_iter().enumerate() {
                match piece {
                    flat::Piece::Row(row) => {
                        self.take(&row);
                    }
                    flat::Piece::Unread(row) => self.unread(&row),
                }
                // Not a form from before the row that took only what came before its first
                // label (`附件2` before a title).
                if glued && (i > 0 || self.started != started) {
                    self.run_together(row.line);
                }
            }
        } else if self.take(row) && flat::runs_together(row) {
            self.run_together(row.line);
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

    /// Keeps a row no production took among the rows a title's preamble may come from.
    fn remember(&mut self, row: Row<'static>) {
        self.recent.push(row);
        if self.recent.len() > PREAMBLE {
            self.recent.remove(0);
        }
    }

    /// Starts a new form at `row` (finishing the one before).
    fn start(&mut self, line: usize) -> &mut Builder {
        if let Some(b) = self.cur.take() {
            b.finish(&mut self.out);
        }
        self.started += 1;
        self.cur.insert(Builder::new(line, self.census))
    }

    /// Places one row: a title or a 项目名称 may start a form; a row no production takes is
    /// kept for `unplaced`. Whether a form took it.
    fn take(&mut self, row: &Row) -> bool {
        if row.is_blank() {
            return false;
        }
        let title = classify::title(row);
        if self.skimming() && title.is_none() && classify::label_index(row, "项目名称").is_none()
        {
            // Only a year or a unit line is kept whole: the other rows are only counted.
            let kept = match classify::preamble(row) {
                Some(_) => row.to_static(),
                None => counted(row.line),
            };
            self.remember(kept);
            return false;
        }
        if let Some(title) = title {
            // Skimmed rows may have been placed: a year line among them is in doubt.
            let skimmed = self.skimming();
            let preamble = self.preamble();
            let b = self.start(row.line);
            b.form.year = classify::year(&key(&title));
            b.form.title = Some(classify::strip_year(&title));
            for (line, kind) in preamble {
                // The form starts at its preamble: its lines stay the form's.
                b.form.lines.start = b.form.lines.start.min(line);
                match kind {
                    RowKind::Year(_) if skimmed && b.form.year.is_none() => b.year_doubt = true,
                    RowKind::Year(y) => {
                        b.form.year.get_or_insert(y);
                    }
                    RowKind::Unit(u) => b.form.unit = Some(u),
                    _ => {}
                }
            }
            b.touch(row);
            self.recent.clear();
            return true;
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
            self.remember(row.to_static());
        }
        placed
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
            Some(b) => b.pending.push(row.to_static()),
            None => self.out.unplaced.push(Unplaced {
                line: row.line,
                text: row.text(),
            }),
        }
    }

    /// The form being read came from a flattened row whose rows ran together
    /// ([`flat::glued`]): its figures are read but not checked.
    fn run_together(&mut self, line: usize) {
        if let Some(b) = self.cur.as_mut() {
            for block in [Block::Funds, Block::Indicators] {
                b.uncertain(
                    block,
                    line,
                    "文本的换行被去掉，上下行连在一起，未能可靠地分行",
                    true,
                );
            }
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

/// A row a census reader skimmed and keeps only as a place among the rows kept: no cells, so
/// no preamble.
fn counted(line: usize) -> Row<'static> {
    Row {
        line,
        span: 1,
        cells: Vec::new(),
        loose: false,
    }
}

/// A line a census reader may leave unread while skimming ([`Reader::pass_line`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unread {
    /// A blank row, which a reader skips.
    Blank,
    /// A row that starts no form and is no title's preamble: only its place among the rows
    /// kept counts.
    Counted,
}

/// What a line of `cells` cells (separated by tabs or commas, no quoted cell) is to a census
/// reader, from its text alone: `None` when it must be read (it may be a title, which names
/// 评; a 项目名称 row, which names 称; a flattened table, which has many cells, or is one cell
/// ([`flat::lone`]) naming two of the anchors 项目名称, 一级指标, 总分 and 主管部门, so 称, 级
/// or 总; a year or money unit line, which names 年 or 元; or a blank row of commas).
fn unread(line: &str, cells: usize) -> Option<Unread> {
    if cells >= flat::FLAT_WORDS {
        return None;
    }
    if line.trim().is_empty() {
        return Some(Unread::Blank);
    }
    if names_census_word(line) || line.chars().all(|c| c.is_whitespace() || c == ',') {
        return None;
    }
    Some(Unread::Counted)
}

/// Whether `line` names 评, 称, 年, 元, 级 or 总, in one pass over its characters: each is
/// three bytes (E8 AF 84, E7 A7 B0, E5 B9 B4, E5 85 83, E7 BA A7, E6 80 BB), so only
/// three-byte characters are compared, and the others are stepped over by their lead byte's
/// length.
fn names_census_word(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        let len = match lead {
            0..=0x7F => 1,
            0xE0..=0xEF => {
                if matches!(
                    b.get(i..i + 3),
                    Some(
                        [0xE8, 0xAF, 0x84]
                            | [0xE7, 0xA7, 0xB0]
                            | [0xE5, 0xB9, 0xB4]
                            | [0xE5, 0x85, 0x83]
                            | [0xE7, 0xBA, 0xA7]
                            | [0xE6, 0x80, 0xBB]
                    )
                ) {
                    return true;
                }
                3
            }
            0xF0.. => 4,
            _ => 2,
        };
        i += len;
    }
    false
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
    pending: Vec<Row<'static>>,
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
    /// Read by a census reader ([`Reader::census`]).
    census: bool,
    /// A census reader took the form's year as unknown where a year line before its title,
    /// among rows it skimmed, may have given it ([`Reader::census`]).
    year_doubt: bool,
    /// With `year_doubt`, a row read as the year line it could only be while the year was
    /// unknown: how the form reads depended on the doubt.
    doubted: bool,
}

impl Builder {
    /// A form starting at `line`, for a census reader or not ([`Reader::census`]).
    fn new(line: usize, census: bool) -> Builder {
        // A form holds 10–40 indicators and about five places an indicator and thirty for the
        // rest: room made once, not grown and copied, except for a census reader, which reads
        // no indicator and only the places of the header's facts and funds.
        let (indicators, cells) = if census { (0, 32) } else { (24, 128) };
        Builder {
            form: Form {
                lines: Lines {
                    start: line,
                    end: line,
                },
                indicators: Vec::with_capacity(indicators),
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
            cells: Vec::with_capacity(cells),
            open_header: None,
            said: Vec::new(),
            census,
            year_doubt: false,
            doubted: false,
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
        // The reader found no title here (`Reader::take`).
        debug_assert!(classify::title(row).is_none());
        let filled = row.filled_list();
        match classify::classify_untitled(row, &filled, self.place()) {
            RowKind::Blank | RowKind::Title | RowKind::PageNumber => true,
            RowKind::Unit(unit) => {
                self.form.unit.get_or_insert(unit);
                true
            }
            RowKind::Year(y) => {
                self.doubted |= self.year_doubt;
                self.form.year = Some(y);
                true
            }
            RowKind::Total => totals::read(self, row, &filled),
            RowKind::Indicator => indicators::read(self, row, &filled),
            RowKind::Fragment => levels::fragment(self, row),
            RowKind::Facts => header::read(self, row, &filled),
            RowKind::FundsHeader => funds::header(self, row),
            RowKind::Fund(kind, at) => funds::row(self, row, kind, at),
            RowKind::GoalsHeader => goals::header(self, &filled),
            RowKind::IndicatorHeader => indicators::header(self, row),
            // A goal's text is all a goal row gives, which the census does not need.
            RowKind::Goal if self.census => true,
            RowKind::Goal => goals::row(self, row, &filled),
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
        out.doubtful |= self.doubted;
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

/// Fixtures the byte searches and the readers are tested on (also by `value` and `rules`).
#[cfg(test)]
pub(crate) mod census_tests {
    use super::*;
    use crate::grid::{self, Layout, RowsAt};

    /// Every line of the text fixtures, and every string of up to three of `near`: where a
    /// search on bytes is tested against `str::contains`.
    pub(crate) fn lines_and_near_misses(near: &[char]) -> Vec<String> {
        let mut lines: Vec<String> = fixtures()
            .iter()
            .flat_map(|(_, t)| t.lines().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        for &a in near {
            for &b in near {
                for &c in near {
                    lines.push(format!("{a}{b}{c}"));
                }
            }
        }
        lines
    }

    /// The text fixtures (name, text), normalised as a document is before its rows are made.
    pub(crate) fn fixtures() -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut dirs =
            vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                let text_file = ["txt", "tsv", "csv"]
                    .iter()
                    .any(|x| p.extension().is_some_and(|e| e == *x));
                if p.is_dir() {
                    dirs.push(p);
                } else if let (true, Ok(text)) = (text_file, std::fs::read_to_string(&p)) {
                    out.push((
                        p.display().to_string(),
                        crate::decode::normalize(&text).into(),
                    ));
                }
            }
        }
        out.sort();
        assert!(out.len() > 40, "{}", out.len());
        out
    }

    /// Reads as the census reads a piece: lines the reader lets go are never made into cells.
    fn census(text: &str, layout: Layout) -> Recognized {
        let mut r = Reader::census(0);
        r.rows(&mut RowsAt::new(text, layout, 1));
        r.finish()
    }

    /// The layout a fixture is read in: commas for a `.csv`, else what its text gives.
    pub(crate) fn layout(name: &str, text: &str) -> Layout {
        if name.ends_with(".csv") {
            Layout::Commas
        } else {
            grid::sniff(text)
        }
    }

    /// The four words' bytes are the four words, and one pass finds what four searches find
    /// on every fixture line and on every string of up to three of the words' characters and
    /// their neighbours.
    #[test]
    fn census_words_in_one_pass() {
        let words = ["评", "称", "年", "元", "级", "总"];
        let bytes: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        assert_eq!(
            bytes,
            [
                [0xE8, 0xAF, 0x84],
                [0xE7, 0xA7, 0xB0],
                [0xE5, 0xB9, 0xB4],
                [0xE5, 0x85, 0x83],
                [0xE7, 0xBA, 0xA7],
                [0xE6, 0x80, 0xBB]
            ]
        );
        let lines = lines_and_near_misses(&[
            '评', '称', '年', '元', '级', '总', '诉', '秤', '并', '兄', '约', '怺', 'a', 'é', '𠮷',
        ]);
        let mut named = 0;
        for line in &lines {
            let six = words.iter().any(|w| line.contains(w));
            assert_eq!(names_census_word(line), six, "{line:?}");
            named += usize::from(six);
        }
        assert!(named > 1_000, "{named}");
    }

    #[test]
    fn unread_lines_start_no_form_and_are_no_preamble() {
        let mut lines: Vec<String> = fixtures()
            .iter()
            .flat_map(|(_, t)| t.lines().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        // Lines made to be near misses: labels cut by spaces, full-width and blank cells, a
        // flattened table's words in tab-separated cells, a year or a unit alone.
        let words = [
            "项 目 名 称",
            "项目名称：甲",
            "自 评 表",
            "绩效自评表",
            "2023 年",
            "（2023年度）",
            "单位：万元",
            "(元)",
            "一级指标",
            "总分",
            "主管部门",
            "\u{3000}",
            " ",
            ",",
            "",
            "ＡＢ",
            "产出指标",
            "≥90%",
            "10",
        ];
        for (i, a) in words.iter().enumerate() {
            for b in &words[i..] {
                lines.push(format!("{a}\t{b}"));
                lines.push(format!("{a},{b}"));
                lines.push(format!("{a}{b}"));
            }
        }
        lines.push(format!("一级指标\t总分{}", "\t甲".repeat(40)));
        lines.push(format!("一级指标,总分{}", ",甲".repeat(40)));
        // Flattened forms in a row's one cell ([`flat::lone`]), naming none of the first four
        // census words: each names two anchors and has a total fund row (合计 and its figures).
        let body = format!("合计 18 18 16{}", " 甲 10".repeat(20));
        let lone = format!("一级指标 总分 {body}");
        let three = format!("主管部门 甲 总分 {body}");
        let ji = format!("主管部门 甲 一级指标 {body}");
        for line in [&lone, &three, &ji] {
            let text = format!("{line}\t");
            assert!(
                flat::is_flat(&grid::rows_with(&text, Layout::Tabs)[0]),
                "{line}"
            );
        }
        lines.extend([
            format!("{ji}\t"),
            format!("{three}\t"),
            format!("\t{three}\t"),
            format!("{lone}\t"),
            format!("\t{lone}\t\t"),
            format!("{lone},"),
        ]);
        let mut passed = 0;
        for line in &lines {
            if line.contains('"') {
                continue;
            }
            for (layout, sep) in [(Layout::Tabs, '\t'), (Layout::Commas, ',')] {
                let cells = line.matches(sep).count() + 1;
                let Some(kind) = unread(line, cells) else {
                    continue;
                };
                passed += 1;
                let row = &grid::rows_with(line, layout)[0];
                assert_eq!(row.cells.len(), cells, "{line:?}");
                assert_eq!(kind == Unread::Blank, row.is_blank(), "{line:?}");
                assert!(classify::title(row).is_none(), "{line:?}");
                assert!(classify::label_index(row, "项目名称").is_none(), "{line:?}");
                assert!(!flat::is_flat(row), "{line:?}");
                assert!(classify::preamble(row).is_none(), "{line:?}");
            }
        }
        assert!(passed > 1000, "{passed}");
    }

    #[test]
    fn the_census_reader_reads_each_forms_funds_as_the_full_reader() {
        let (mut forms, mut compared) = (0, 0);
        for (name, text) in fixtures() {
            let layout = layout(&name, &text);
            let full = recognize(grid::rows_with(&text, layout));
            let census = census(&text, layout);
            assert_eq!(full.forms.len(), census.forms.len(), "{name}");
            assert!(!full.doubtful);
            forms += full.forms.len();
            if census.doubtful {
                continue;
            }
            for (f, c) in full.forms.iter().zip(&census.forms) {
                assert_eq!(
                    f.form.funds, c.form.funds,
                    "{name}: line {}",
                    f.form.lines.start
                );
                assert_eq!(f.form.lines.start, c.form.lines.start, "{name}");
                compared += 1;
            }
        }
        assert!(
            compared * 10 >= forms * 9 && forms > 100,
            "{compared} of {forms}"
        );
    }

    const FORM: &str = "项目名称\t甲\n\
        项目资金\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
        年度资金总额\t10\t10\t9\t10\t90.00%\t9.00\n\
        一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
        产出指标\t数量指标\t甲\t≥1\t1\t10\t10\n";

    /// Whether the census reader doubts the year of a form whose title names none, after a
    /// year line among rows it skimmed, and the full reader's years.
    fn doubt(between: &str, after_title: &str) -> (bool, Vec<Option<u16>>) {
        let text = format!(
            "财政项目支出绩效自评表（2022年度）\n{FORM}{between}财政项目支出绩效自评表\n{after_title}{FORM}"
        );
        let full = recognize(grid::rows_with(&text, Layout::Tabs));
        let census = census(&text, Layout::Tabs);
        assert_eq!(census.forms.len(), 2);
        let years = full.forms.iter().map(|f| f.form.year).collect();
        (census.doubtful, years)
    }

    #[test]
    fn a_year_line_among_skimmed_rows_is_in_doubt_only_where_it_could_matter() {
        // In the 绩效指标 the full reader places a year line in the first form; after its 总分
        // it is left unplaced and is the second form's year. The census reader cannot tell
        // which and reads the second form as if its year were unknown: the same, because no
        // row of that form could be read as a year line.
        let indicators = "2023年度\n";
        let tail = "总分\t\t\t\t\t100\t99\n2023年度\n";
        assert_eq!(doubt(indicators, ""), (false, vec![Some(2022), None]));
        assert_eq!(doubt(tail, ""), (false, vec![Some(2022), Some(2023)]));
        // A year line under the title is read as the year only while the year is unknown: how
        // the line before the title was taken matters, and the census reader says it cannot
        // tell.
        let under = "（2024年度）\n";
        assert_eq!(
            doubt(indicators, under),
            (true, vec![Some(2022), Some(2024)])
        );
        assert_eq!(doubt(tail, under), (true, vec![Some(2022), Some(2023)]));
        // No year line among the skimmed rows: nothing in doubt.
        assert_eq!(doubt("", under), (false, vec![Some(2022), Some(2024)]));
    }
}
