//! Stage 2: text → rows of cells, each with its line and column.
//!
//! Text pasted from a PDF, Excel or Word separates cells with tabs; Excel quotes a cell that
//! holds a tab, a quote or a line break (`"two\nlines"`). Without any tab in the document, a
//! Markdown-style table (`| a | b |`) is split on its bars, and other lines on runs of two or
//! more spaces. Nothing is dropped here: blank lines become empty rows, and PDF artefacts
//! (`<p>` tags, headings, fragments) stay in their cells for the recogniser to judge.

use std::borrow::Cow;

/// Bytes of the longest cell whose `key` is kept (about 128 Chinese characters).
const LONGEST_KEY: usize = 384;

/// One cell: its text, trimmed, and its 0-based column in the row. The text is borrowed from
/// the document where it stands there as it is (nearly every cell); only a quoted cell that
/// spans lines or doubles its quotes, and the words of text split on single spaces (a PDF
/// viewer's copy, where a unit or comparator is glued back to its number), own theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell<'t> {
    pub text: Cow<'t, str>,
    pub col: usize,
    /// The matching key where it differs from the text (see [`Cell::key`]).
    key: Option<String>,
}

impl<'t> Cell<'t> {
    pub fn new(text: &'t str, col: usize) -> Cell<'t> {
        let text = crate::value::trim(text);
        // Most of a row's cells are empty (a PDF's merged columns): nothing to key.
        let key = if text.is_empty() {
            None
        } else {
            Cell::key_of(text)
        };
        Cell {
            key,
            text: Cow::Borrowed(text),
            col,
        }
    }

    /// A cell whose text was made, not found as it is in the document.
    pub fn owned(text: &str, col: usize) -> Cell<'static> {
        let text = crate::value::trim(text);
        Cell {
            key: Cell::key_of(text),
            text: Cow::Owned(text.to_owned()),
            col,
        }
    }

    /// The key kept for trimmed `text` (see [`Cell::key`]).
    fn key_of(text: &str) -> Option<String> {
        // Labels are short; a long cell is prose and never matched.
        if text.len() > LONGEST_KEY {
            Some(String::new())
        } else if crate::value::key_differs(text) {
            Some(crate::value::key(text).into_owned())
        } else {
            None
        }
    }

    /// The text for matching labels: no white space, full-width folded (`value::key`); empty
    /// for long cells.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.text)
    }

    /// The same cell in column `col` (a row cut out of another).
    pub fn at(&self, col: usize) -> Cell<'t> {
        Cell {
            col,
            ..self.clone()
        }
    }

    /// A copy owning its text, to be kept after the document's text is gone.
    pub fn to_static(&self) -> Cell<'static> {
        Cell {
            text: Cow::Owned(self.text.to_string()),
            col: self.col,
            key: self.key.clone(),
        }
    }
}

/// The parts of `line` between the ASCII byte `sep` (as `str::split` on it gives them).
fn fields(line: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        match memchr::memchr(sep, &line.as_bytes()[from..]) {
            Some(p) => {
                start = Some(from + p + 1);
                Some(&line[from..from + p])
            }
            None => {
                start = None;
                Some(&line[from..])
            }
        }
    })
}

/// One row of cells and the 1-based input line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<'t> {
    pub line: usize,
    /// Lines the row spans (more than 1 only for quoted cells with line breaks).
    pub span: usize,
    pub cells: Vec<Cell<'t>>,
    /// Cells were split on single spaces (text copied from a PDF viewer without tabs): one
    /// cell's text may have been cut into several cells.
    pub loose: bool,
}

impl<'t> Row<'t> {
    /// The cells that hold text.
    pub fn filled(&self) -> impl Iterator<Item = &Cell<'t>> {
        self.cells.iter().filter(|c| !c.text.is_empty())
    }

    /// The cells that hold text, collected (in a vector sized for every cell, which never
    /// grows).
    pub fn filled_list(&self) -> Vec<&Cell<'t>> {
        let mut out = Vec::with_capacity(self.cells.len());
        out.extend(self.filled());
        out
    }

    pub fn is_blank(&self) -> bool {
        self.filled().next().is_none()
    }

    /// A copy owning its cells' text, to be kept after the document's text is gone (a row
    /// a reader keeps for later).
    pub fn to_static(&self) -> Row<'static> {
        Row {
            line: self.line,
            span: self.span,
            cells: self.cells.iter().map(Cell::to_static).collect(),
            loose: self.loose,
        }
    }

    /// The row read as words apart by single spaces ([`Layout::SingleSpaces`]), its cells'
    /// text joined by one space: a row whose cells were set apart by tabs, commas or runs of
    /// spaces, but whose line ends became single spaces (a table pasted into a one-line field
    /// and copied out), holds cells that run from one row into the next (`10.00 产出指标`),
    /// which only the words tell apart. A row already split on single spaces is its own words.
    pub fn as_words(&self) -> Cow<'_, Row<'t>> {
        if self.loose {
            return Cow::Borrowed(self);
        }
        let text: Vec<&str> = self.filled().map(|c| &*c.text).collect();
        Cow::Owned(Row {
            line: self.line,
            span: self.span,
            cells: split_single(&text.join(" ")),
            loose: true,
        })
    }

    /// The row's text as one line, cells joined by tabs (for messages and `unplaced`).
    pub fn text(&self) -> String {
        let last = self.cells.iter().rposition(|c| !c.text.is_empty());
        match last {
            Some(last) => self.cells[..=last]
                .iter()
                .map(|c| &*c.text)
                .collect::<Vec<_>>()
                .join("\t"),
            None => String::new(),
        }
    }
}

/// How cells are separated in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Tabs,
    /// Comma-separated values (RFC 4180 quoting), chosen by a `.csv` file name.
    Commas,
    Pipes,
    /// Runs of two or more spaces.
    Spaces,
    /// Single spaces (what a PDF viewer's copy gives): a bracketed unit or a lone comparator
    /// stays with its number.
    SingleSpaces,
}

/// Picks the layout from the text: tabs win wherever there is one.
pub fn sniff(text: &str) -> Layout {
    if text.contains('\t') {
        return Layout::Tabs;
    }
    let (mut lines, mut piped) = (0, 0);
    for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        if l.starts_with('|') && l.len() > 1 {
            piped += 1;
        }
    }
    if piped * 2 > lines {
        return Layout::Pipes;
    }
    let spaced = text.lines().filter(|l| is_spaced(l.trim())).count();
    if spaced * 10 >= lines * 3 {
        Layout::Spaces
    } else {
        Layout::SingleSpaces
    }
}

/// Single spaces a line of cells apart by runs of spaces may have for each run: 8 at most in
/// the layout text of the PDF fixtures (`pdftotext -layout`), a wrapped reason's words.
const SINGLES_PER_RUN: usize = 32;

/// Whether a line's cells look set apart by runs of two or more spaces: it has such a run, and
/// not many times more single spaces. A form flattened to one line (words apart by single
/// spaces, thousands of them) is single-spaced, though a blank line or a space at a line's end
/// left a double space in it: that one double space made the whole text read as cells apart
/// by runs, every line one cell, and no form was found.
fn is_spaced(line: &str) -> bool {
    let (mut runs, mut singles) = (0, 0);
    let mut rest = line.as_bytes();
    while let Some(at) = memchr::memchr(b' ', rest) {
        let n = rest[at..].iter().take_while(|&&b| b == b' ').count();
        if n == 1 {
            singles += 1;
        } else {
            runs += 1;
        }
        rest = &rest[at + n..];
    }
    runs > 0 && singles <= SINGLES_PER_RUN * runs
}

/// Longest a quoted cell may run over lines before its quote is taken literally.
const MAX_QUOTED_LINES: usize = 64;

/// Splits normalised text into rows, with the layout sniffed from the text.
pub fn rows(text: &str) -> Vec<Row<'_>> {
    rows_with(text, sniff(text))
}

/// Splits normalised text into rows with a known layout.
pub fn rows_with(text: &str, layout: Layout) -> Vec<Row<'_>> {
    rows_at(text, layout, 1).0
}

/// Splits a piece of a document (whole lines) whose first line is line `first_line` of the
/// document. Also says which row (its index) first had a quoted cell still open where the piece
/// ends: with more lines after the piece, the cell might have closed there.
pub fn rows_at(text: &str, layout: Layout, first_line: usize) -> (Vec<Row<'_>>, Option<usize>) {
    let mut rows = RowsAt::new(text, layout, first_line);
    let all = rows.by_ref().collect();
    (all, rows.open_at())
}

/// The rows of [`rows_at`] one at a time, each made when it is asked for: a reader that takes
/// a row and lets it go keeps the allocator's recently freed cells warm, where a whole piece's
/// rows made first and dropped last do not.
pub struct RowsAt<'a> {
    lines: Vec<&'a str>,
    layout: Layout,
    first_line: usize,
    /// The next line to read.
    at: usize,
    /// Lines to read: all but a last empty one after the text's final line break.
    end: usize,
    open: bool,
    open_at: Option<usize>,
    made: usize,
    /// Where the separators of line `scanned.0` are, when it holds no quote (`scanned.1`):
    /// found once for a line that [`RowsAt::next_unless`] looks at and then makes.
    stops: Vec<usize>,
    scanned: Option<(usize, bool)>,
}

impl<'a> RowsAt<'a> {
    pub fn new(text: &'a str, layout: Layout, first_line: usize) -> RowsAt<'a> {
        let lines: Vec<&str> = fields(text, b'\n').collect();
        // A trailing newline is not a row.
        let end = lines.len() - usize::from(text.ends_with('\n'));
        RowsAt {
            lines,
            layout,
            first_line,
            at: 0,
            end,
            open: false,
            open_at: None,
            made: 0,
            stops: Vec::new(),
            scanned: None,
        }
    }

    /// Finds the separators `sep` of line `i` (see [`stops`]), unless they were found for it
    /// already: whether it holds no quote.
    fn scan(&mut self, i: usize, sep: u8) -> bool {
        match self.scanned {
            Some((line, plain)) if line == i => plain,
            _ => {
                let plain = stops(self.lines[i].as_bytes(), sep, &mut self.stops);
                self.scanned = Some((i, plain));
                plain
            }
        }
    }

    /// The index of the first row whose quoted cell was still open when the lines ran out (the
    /// rows from it on may read otherwise with more text), once every row is made.
    pub fn open_at(&self) -> Option<usize> {
        self.open_at
    }

    /// The next row, or `Some(None)` when its line is one row of cells separated by tabs or
    /// commas (no quote in it) and `pass` — given the line and how many cells it holds — lets
    /// it go unmade.
    pub fn next_unless(
        &mut self,
        pass: impl FnOnce(&str, usize) -> bool,
    ) -> Option<Option<Row<'a>>> {
        let sep = match self.layout {
            Layout::Tabs => b'\t',
            Layout::Commas => b',',
            _ => return self.next().map(Some),
        };
        let line = *self.lines.get(self.at).filter(|_| self.at < self.end)?;
        if !self.scan(self.at, sep) {
            return self.next().map(Some);
        }
        let cells = self.stops.len() + 1;
        if !pass(line, cells) {
            return self.next().map(Some);
        }
        self.made += 1;
        self.at += 1;
        Some(None)
    }
}

impl<'a> Iterator for RowsAt<'a> {
    type Item = Row<'a>;

    fn next(&mut self) -> Option<Row<'a>> {
        let i = self.at;
        if i >= self.end {
            return None;
        }
        let (cells, used) = match self.layout {
            Layout::Tabs | Layout::Commas => {
                let sep = if self.layout == Layout::Tabs {
                    b'\t'
                } else {
                    b','
                };
                if self.scan(i, sep) {
                    (cells_at(self.lines[i], &self.stops), 1)
                } else {
                    split_quoted(&self.lines, i, char::from(sep), &mut self.open)
                }
            }
            Layout::Pipes => (split_pipes(self.lines[i]), 1),
            Layout::Spaces => (split_spaces(self.lines[i]), 1),
            Layout::SingleSpaces => (split_single(self.lines[i]), 1),
        };
        if self.open && self.open_at.is_none() {
            self.open_at = Some(self.made);
        }
        self.made += 1;
        self.at += used;
        Some(Row {
            line: self.first_line + i,
            span: used,
            cells,
            loose: self.layout == Layout::SingleSpaces,
        })
    }
}

fn cells_from<'a>(parts: impl Iterator<Item = &'a str>) -> Vec<Cell<'a>> {
    parts
        .enumerate()
        .map(|(col, t)| Cell::new(t, col))
        .collect()
}

fn split_pipes(line: &str) -> Vec<Cell<'_>> {
    let t = line.trim();
    if !t.starts_with('|') {
        return split_spaces(line);
    }
    let inner = t.trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    // A Markdown separator row (`|---|:---:|`) carries no cells.
    if inner
        .chars()
        .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
    {
        return vec![Cell::new("", 0)];
    }
    cells_from(inner.split('|'))
}

/// Splits on single spaces, keeping `111456.00 (次)` and `≥ 90` together.
fn split_single(line: &str) -> Vec<Cell<'static>> {
    let mut parts: Vec<String> = Vec::new();
    let mut glue_next = false;
    for token in line.split_whitespace() {
        let is_unit = (token.starts_with('(') || token.starts_with('（'))
            && (token.ends_with(')') || token.ends_with('）'))
            && token.chars().count() <= 8;
        let prev_is_number = parts
            .last()
            .is_some_and(|p| p.chars().last().is_some_and(|c| c.is_ascii_digit()));
        if glue_next || (is_unit && prev_is_number) {
            if let Some(last) = parts.last_mut() {
                if is_unit {
                    last.push(' ');
                }
                last.push_str(token);
                glue_next = false;
                continue;
            }
        }
        glue_next = matches!(
            token,
            "≥" | "≤" | ">" | "<" | "=" | ">=" | "<=" | "＞" | "＜" | "＝"
        );
        parts.push(token.to_owned());
    }
    if parts.is_empty() {
        parts.push(String::new());
    }
    parts
        .iter()
        .enumerate()
        .map(|(col, t)| Cell::owned(t, col))
        .collect()
}

fn split_spaces(line: &str) -> Vec<Cell<'_>> {
    let mut parts = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        match rest.find("  ") {
            Some(p) => {
                parts.push(&rest[..p]);
                rest = rest[p..].trim_start();
            }
            None => {
                parts.push(rest);
                rest = "";
            }
        }
    }
    if parts.is_empty() {
        parts.push("");
    }
    cells_from(parts.into_iter())
}

/// The places of `sep` in `line`, in `out`, found in one pass eight bytes at a time; `false`
/// as soon as a quote is found (the line's cells are then read by [`split_quoted`], and `out`
/// is partial). A line was searched for a quote, then its separators counted, then found
/// again, each with a call per separator: this is about a twentieth of the instructions a row
/// took to make.
fn stops(line: &[u8], sep: u8, out: &mut Vec<usize>) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // The high bit of each zero byte of `x`, and of no other byte (exact, where the borrow
    // test may also mark a byte 01 after a zero one).
    let zeros = |x: u64| !(((x & LOW) + LOW) | x | LOW);
    out.clear();
    let mut at = 0;
    while let Some(word) = line.get(at..at + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if zeros(w ^ (ONES * u64::from(b'"'))) != 0 {
            return false;
        }
        let mut found = zeros(w ^ (ONES * u64::from(sep)));
        while found != 0 {
            out.push(at + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
        at += 8;
    }
    for (i, &b) in line[at..].iter().enumerate() {
        if b == b'"' {
            return false;
        }
        if b == sep {
            out.push(at + i);
        }
    }
    true
}

/// The cells of a line without quotes, cut at `stops` (its separators): as many cells as
/// separators and one, in a vector that never grows.
fn cells_at<'a>(line: &'a str, stops: &[usize]) -> Vec<Cell<'a>> {
    let mut cells = Vec::with_capacity(stops.len() + 1);
    let mut start = 0;
    for (col, &end) in stops.iter().enumerate() {
        cells.push(Cell::new(&line[start..end], col));
        start = end + 1;
    }
    cells.push(Cell::new(&line[start..], stops.len()));
    cells
}

/// Splits line `i`, which holds a quote, on `sep`, following an Excel-quoted cell over line
/// breaks (`open` while it has not closed). Returns the cells and how many lines they took.
fn split_quoted<'a>(
    lines: &[&'a str],
    i: usize,
    sep: char,
    open: &mut bool,
) -> (Vec<Cell<'a>>, usize) {
    let line = lines[i];
    let mut cells = Vec::new();
    let mut used = 1;
    let mut rest: &str = line;
    loop {
        if let Some(q) = rest.strip_prefix('"') {
            if let Some((text, after, extra)) = quoted(q, &lines[i + used..], sep, open) {
                cells.push(Cow::Owned(text));
                used += extra;
                match after {
                    Some(r) => {
                        rest = r;
                        continue;
                    }
                    None => break,
                }
            }
        }
        match rest.split_once(sep) {
            Some((cell, r)) => {
                cells.push(Cow::Borrowed(cell));
                rest = r;
            }
            None => {
                cells.push(Cow::Borrowed(rest));
                break;
            }
        }
    }
    let cells = cells
        .into_iter()
        .enumerate()
        .map(|(col, t)| match t {
            Cow::Borrowed(t) => Cell::new(t, col),
            Cow::Owned(t) => Cell::owned(&t, col),
        })
        .collect();
    (cells, used)
}

/// Reads an Excel-quoted cell whose opening quote is already consumed. Returns its text, what
/// follows its closing quote and tab (`None` at end of line), and how many extra lines it used;
/// `None` when the quote never closes properly (then it is a literal quote); `open` is set
/// when the lines ran out before the quote closed or the cell grew too long.
fn quoted<'a>(
    first: &'a str,
    more: &[&'a str],
    sep: char,
    open: &mut bool,
) -> Option<(String, Option<&'a str>, usize)> {
    let mut text = String::new();
    let mut cur: &'a str = first;
    let mut extra = 0;
    loop {
        let mut chars = cur.char_indices().peekable();
        while let Some((p, c)) = chars.next() {
            if c != '"' {
                text.push(c);
                continue;
            }
            match chars.peek() {
                Some((_, '"')) => {
                    text.push('"');
                    chars.next();
                }
                Some(&(q, c)) if c == sep => {
                    return Some((text, Some(&cur[q + c.len_utf8()..]), extra))
                }
                None => return Some((text, None, extra)),
                Some(_) => {
                    let _ = p;
                    return None;
                }
            }
        }
        if extra >= more.len() || extra >= MAX_QUOTED_LINES {
            *open |= extra >= more.len();
            return None;
        }
        text.push('\n');
        cur = more[extra];
        extra += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_as_str_split() {
        for line in [
            "",
            "\t",
            "a",
            "a\tb",
            "\ta\t",
            "元\t\t是\t",
            "a,b,,c,",
            " 1 \t\t 2,3 ",
        ] {
            for sep in [b'\t', b','] {
                let got: Vec<&str> = fields(line, sep).collect();
                let expected: Vec<&str> = line.split(sep as char).collect();
                assert_eq!(got, expected, "{line:?}");
                // A row's cells are those parts, trimmed, numbered from 0.
                let layout = if sep == b'\t' {
                    Layout::Tabs
                } else {
                    Layout::Commas
                };
                let row = &rows_with(line, layout)[0];
                let trimmed: Vec<&str> = expected.iter().map(|t| t.trim()).collect();
                assert_eq!(texts(row), trimmed, "{line:?}");
                assert!(row.cells.iter().enumerate().all(|(i, c)| c.col == i));
            }
        }
    }

    #[test]
    fn runs_of_spaces_set_cells_apart_where_single_spaces_do_not_outnumber_them_many_times() {
        // A layout line of the PDF fixtures: a wrapped reason's words, 8 single spaces, 1 run.
        let layout = "<p>通过项目的开展,在 2023 年计划对 20000 份人事档      <p>根据 2023 年计划,完成 19963 份";
        assert!(is_spaced(layout));
        assert_eq!(sniff(layout), Layout::Spaces);
        assert!(is_spaced("项目名称      社区服务"));
        // Words apart by single spaces with one double space (a blank line flattened): 40
        // single spaces, more than 32 a run.
        let words = vec!["指标"; 41].join(" ");
        let flat = format!("{words}  {words}");
        assert!(!is_spaced(&flat));
        assert_eq!(sniff(&flat), Layout::SingleSpaces);
        // At 32 single spaces a run, still runs.
        let fewer = format!(
            "{}  {}",
            vec!["指标"; 17].join(" "),
            vec!["指标"; 17].join(" ")
        );
        assert!(is_spaced(&fewer));
        assert!(!is_spaced("项目 名称") && !is_spaced(""));
    }

    #[test]
    fn stops_are_the_separators_a_byte_at_a_time_finds() {
        // Every byte value at every place of lines long enough to be read a word at a time
        // (and of a short one), among Chinese text, separators and bytes one off them (`!`
        // and `#` around `"`, `+` and `-` around `,`, 08 and 0A around a tab, and 01, 80, FF).
        let grounds: [&[u8]; 3] = [
            "项目\t资金,（元）\t\t年度".as_bytes(),
            b"\x08\x0A!#+-\x01\x80\xFF\t,\x08\x0A!#+-\x01",
            b"a\tb",
        ];
        let mut checked = 0;
        let mut out = Vec::new();
        for ground in grounds {
            for byte in 0..=255u8 {
                for place in 0..ground.len() {
                    let mut line = ground.to_vec();
                    line[place] = byte;
                    for sep in [b'\t', b','] {
                        let plain = stops(&line, sep, &mut out);
                        assert_eq!(plain, !line.contains(&b'"'), "{line:?}");
                        if plain {
                            let naive: Vec<usize> =
                                (0..line.len()).filter(|&i| line[i] == sep).collect();
                            assert_eq!(out, naive, "{line:?}");
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 20_000, "{checked}");
    }

    #[test]
    fn a_row_whose_line_ends_became_spaces_is_read_as_its_words() {
        // Two fund rows on one line, tabs kept: the first row's 得分 and the second's label
        // are one cell.
        let row = &rows_with("甲\t9.75 其中：当年财政拨款\t\t≥ 90 (%)\t", Layout::Tabs)[0];
        assert_eq!(row.cells.len(), 5);
        let words = row.as_words();
        let texts: Vec<&str> = words.cells.iter().map(|c| &*c.text).collect();
        assert_eq!(texts, ["甲", "9.75", "其中：当年财政拨款", "≥90 (%)"]);
        assert!(words.loose);
        assert_eq!((words.line, words.cells[3].col), (1, 3));
    }

    #[test]
    fn a_line_looked_at_then_made_is_cut_as_a_line_only_made() {
        // The census looks at a line (its cells counted) before it makes it: the stops found
        // for the look are those the row is cut at, and a quoted line is read as quoted.
        let text = "项目名称\t甲\t\n\"a\tb\"\tc\n1\t2\t3\t4\n";
        let made: Vec<Row> = rows_with(text, Layout::Tabs);
        let mut rows = RowsAt::new(text, Layout::Tabs, 1);
        let mut looked = Vec::new();
        let mut counts = Vec::new();
        while let Some(row) = rows.next_unless(|_, cells| {
            counts.push(cells);
            false
        }) {
            looked.push(row.expect("no line passed"));
        }
        assert_eq!(looked, made);
        // The quoted line is not counted: it is made at once.
        assert_eq!(counts, [3, 4]);
        assert_eq!(texts(&made[1]), ["a\tb", "c"]);
    }

    fn texts<'a>(r: &'a Row<'_>) -> Vec<&'a str> {
        r.cells.iter().map(|c| &*c.text).collect()
    }

    #[test]
    fn tabs_keep_empty_cells_and_lines() {
        let rows = rows("a\t\tb\n\n总分\t100\n");
        assert_eq!(rows.len(), 3);
        assert_eq!(texts(&rows[0]), ["a", "", "b"]);
        assert!(rows[1].is_blank());
        assert_eq!((rows[2].line, rows[2].text()), (3, "总分\t100".to_owned()));
    }

    #[test]
    fn excel_quoted_cell_spans_lines() {
        let rows = rows("x\t\"第一行\n第二行 \"\"引\"\"\"\ty\nz\t1");
        assert_eq!(texts(&rows[0]), ["x", "第一行\n第二行 \"引\"", "y"]);
        assert_eq!((rows[0].span, rows[1].line), (2, 3));
    }

    #[test]
    fn unbalanced_quote_is_literal() {
        let rows = rows("\"abc\tdef\nx\ty");
        assert_eq!(texts(&rows[0]), ["\"abc", "def"]);
        assert_eq!(rows[1].line, 2);
    }

    #[test]
    fn csv_with_quotes_and_thousands() {
        let rows = rows_with(
            "年度资金总额,\"1,087.50\",\"a\"\"b\"\n\"两\n行\",x",
            Layout::Commas,
        );
        assert_eq!(texts(&rows[0]), ["年度资金总额", "1,087.50", "a\"b"]);
        assert_eq!(texts(&rows[1]), ["两\n行", "x"]);
    }

    #[test]
    fn pipes_and_spaces() {
        let rows = rows("| 总分 | 100 | 95 |\n|---|---|---|\n| 评分等级 | 优 |");
        assert_eq!(texts(&rows[0]), ["总分", "100", "95"]);
        assert!(rows[1].is_blank());
        let rows = super::rows("总分    100   95.38\n评分等级  优");
        assert_eq!(texts(&rows[0]), ["总分", "100", "95.38"]);
        let rows = super::rows("次数 ≥ 1000.00(次) 111456.00 (次) 5.00");
        assert_eq!(
            texts(&rows[0]),
            ["次数", "≥1000.00(次)", "111456.00 (次)", "5.00"]
        );
        assert!(rows[0].loose);
    }
}
