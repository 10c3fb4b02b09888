//! Stages 1–5 for a large text document, a piece at a time: memory follows the piece, not the
//! document, and the pieces are checked on every core.
//!
//! The document is read three times, front to back:
//!
//! 1. [`scan`]: the encoding (BOM, strict UTF-8) and whether any line has a tab. Text in
//!    another encoding, or without tabs, is decoded (or its layout sniffed) whole first, as
//!    the whole-document pipeline does, and then read in pieces like any other.
//! 2. The census ([`crate::rules::rounding::Census`]): how many forms their own figures decide
//!    for each rounding convention, which decides the forms that do not decide themselves.
//!    Skipped when the user chose the convention.
//! 3. The check: each piece's forms recognised, checked and written in document order; for
//!    JSON, the document's `summary`, `unplaced` and `findings` after its forms. The text
//!    report ([`Written::Text`]) starts with the document's counts and findings instead, so
//!    its forms' text is held until all are counted, or, beyond [`HOLD`] pieces' worth of
//!    text, the document is read a fourth time to write them.
//!
//! A piece is at least [`PIECE`] bytes of whole lines and ends before a line that may start a
//! form (a title or a 项目名称 row). Each piece is read by its own [`Reader`]; where the next
//! piece's first row would not start a form as it does for a fresh reader
//! ([`Reader::continues_at`]), or a quoted cell runs past the piece, that piece is read again
//! by one reader that goes on through the next pieces until one starts a form for it (no text
//! is read more than twice). The unplaced lines a document lists are capped across pieces
//! ([`crate::recognize::Listing::same_after`]). So the output is the whole document's, byte for byte
//! (`tests/stream.rs`).

use crate::decode::{self, DecodeError, Decoder, Encoding};
use crate::findings::{Code, Finding};
use crate::grid::{self, Layout, Row};
use crate::inputs::{Format, InputError};
use crate::model::Unplaced;
use crate::recognize::{Listing, Reader, Recognized};
use crate::report::{self, FormReport, Source, Summary};
use crate::rules::{self, rounding, Rounding};
use crate::value;
use std::io::{self, Read, Write};

/// How to check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `None`: recognise each form's rounding from its own figures (and its document's).
    pub rounding: Option<Rounding>,
    /// `None`: detect the encoding (BOM, UTF-8, then GB18030).
    pub encoding: Option<Encoding>,
}

impl Options {
    /// The options as a user gives them (`--rounding`, `--encoding`, or the page's
    /// `rounding` and `encoding`): each `auto` or absent, or a value (`truncate`, `half-up`;
    /// `utf-8`, `gb18030`, …). The error says which is wrong and what it may be.
    pub fn parse(rounding: Option<&str>, encoding: Option<&str>) -> Result<Options, String> {
        Ok(Options {
            rounding: rules::rounding::parse_choice(rounding)?,
            encoding: Encoding::choice(encoding)?,
        })
    }
}

/// Bytes a piece holds at least before it is cut at the next line that may start a form.
pub const PIECE: usize = 256 * 1024;

/// A piece with no line that may start a form this many times its size in is cut at a line
/// anyway ([`Next::Forced`]), so that memory follows the piece even through a long stretch of
/// lines that are no form.
const STRETCH: usize = 2;

/// Bytes read at a time.
const BLOCK: usize = 64 * 1024;

/// The text report holds its forms' text, while it counts them for its head, up to this many
/// times a piece's size ([`Written::Text`]).
const HOLD: usize = 128;

/// Why a document could not be checked in pieces.
#[derive(Debug)]
pub enum StreamError {
    /// The input itself (empty, binary, undecodable).
    Input(InputError),
    /// Reading the input failed.
    Io(io::Error),
    /// Writing the report failed (a closed pipe: `| head`): the output's error, not the
    /// document's.
    Output(io::Error),
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StreamError::Input(e) => e.fmt(f),
            StreamError::Io(e) | StreamError::Output(e) => e.fmt(f),
        }
    }
}

impl From<io::Error> for StreamError {
    fn from(e: io::Error) -> StreamError {
        StreamError::Io(e)
    }
}

impl From<DecodeError> for StreamError {
    fn from(e: DecodeError) -> StreamError {
        StreamError::Input(InputError::Decode(e))
    }
}

/// A source of a document's bytes that can be read from the start more than once (a file
/// opened again, or bytes in memory).
pub type Open<'a> = &'a (dyn Fn() -> io::Result<Box<dyn Read + Send + 'a>> + Sync);

/// What the first reading found: how to read the text in pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scan {
    /// What the report names.
    pub encoding: Encoding,
    /// `Some` when every piece can be read as it is: UTF-8 (after a BOM) with this layout.
    pub layout: Option<Layout>,
}

/// Reads the whole input once: empty or binary input is refused as [`decode::decode_with`]
/// refuses it; UTF-8 text (by its BOM, by the user's choice, or because all of it is valid
/// UTF-8) with a tab somewhere (or a `.csv`) can be read in pieces as it is.
pub fn scan(
    input: &mut dyn Read,
    format: Format,
    forced: Option<Encoding>,
) -> io::Result<Result<Scan, DecodeError>> {
    let mut buf = Vec::with_capacity(BLOCK * 2);
    let mut head = true;
    let mut encoding = forced;
    let mut valid = true;
    let mut tabs = format == Format::Csv;
    loop {
        let eof = fill(input, &mut buf, BLOCK)?;
        if head {
            if buf.is_empty() {
                return Ok(Err(DecodeError::Empty));
            }
            encoding = encoding.or_else(|| bom(&buf));
            if decode::looks_binary(&buf, encoding) {
                return Ok(Err(DecodeError::Binary));
            }
            if buf.starts_with(&[0xEF, 0xBB, 0xBF]) && encoding.is_none_or(is_utf8) {
                buf.drain(..3);
            }
            head = false;
        }
        let upto = whole_characters(&buf, eof);
        valid = valid && decode::utf8(&buf[..upto]).is_some();
        tabs = tabs || buf[..upto].contains(&b'\t');
        buf.drain(..upto);
        if eof {
            break;
        }
    }
    let encoding = match encoding {
        Some(e) => e,
        None if valid => Encoding::Utf8,
        None => Encoding::Gb18030,
    };
    let direct = is_utf8(encoding) && tabs;
    Ok(Ok(Scan {
        encoding,
        layout: direct.then_some(if format == Format::Csv {
            Layout::Commas
        } else {
            Layout::Tabs
        }),
    }))
}

/// How much of `buf` can be looked at without cutting a UTF-8 character: all of it at the
/// input's end, else up to the last of its last four bytes that starts a character (not
/// 0x80–0xBF); all of it where none does, as no UTF-8 character has four continuation bytes.
/// Never more than four bytes back, so a long stretch without line ends, or without any ASCII
/// byte, is neither held whole nor searched again on each read.
fn whole_characters(buf: &[u8], eof: bool) -> usize {
    if eof {
        return buf.len();
    }
    let from = buf.len().saturating_sub(4);
    (from..buf.len())
        .rev()
        .find(|&i| !(0x80..0xC0).contains(&buf[i]))
        .unwrap_or(buf.len())
}

fn is_utf8(e: Encoding) -> bool {
    matches!(e, Encoding::Utf8 | Encoding::Utf8Bom)
}

fn bom(bytes: &[u8]) -> Option<Encoding> {
    match decode::sniff(&bytes[..bytes.len().min(3)]) {
        Some(Encoding::Utf8) => None,
        other => other,
    }
}

/// Reads until `buf` holds `want` more bytes or the input ends; `true` at the end.
fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let goal = buf.len() + want;
    while buf.len() < goal {
        let at = buf.len();
        buf.resize(goal, 0);
        match input.read(&mut buf[at..]) {
            Ok(0) => {
                buf.truncate(at);
                return Ok(true);
            }
            Ok(n) => buf.truncate(at + n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => buf.truncate(at),
            Err(e) => {
                buf.truncate(at);
                return Err(e);
            }
        }
    }
    Ok(false)
}

/// Whole lines of the document, cut before a line that may start a form.
pub struct Piece {
    /// Its place among the pieces.
    pub index: usize,
    /// UTF-8 (invalid sequences are read as U+FFFD, as the whole document's would be).
    pub text: Vec<u8>,
    /// The document's line number of its first line.
    pub first_line: usize,
    /// What follows it.
    next: Next,
}

/// What follows a piece.
#[derive(Clone, Debug)]
enum Next {
    /// The end of the document.
    End,
    /// A line that may start a form, as a row.
    Start(Row<'static>),
    /// A line cut before only because none that may start a form came (see [`STRETCH`]): a
    /// cut that never stands, the reader going on through it.
    Forced,
}

/// Cuts a UTF-8 input into [`Piece`]s.
pub struct Pieces<'a> {
    input: Box<dyn Read + Send + 'a>,
    layout: Layout,
    buf: Vec<u8>,
    eof: bool,
    line: usize,
    index: usize,
    size: usize,
}

impl<'a> Pieces<'a> {
    /// Pieces of about `size` bytes (at least one line each).
    pub fn new(
        mut input: Box<dyn Read + Send + 'a>,
        layout: Layout,
        size: usize,
    ) -> io::Result<Pieces<'a>> {
        let mut buf = Vec::new();
        let eof = fill(&mut input, &mut buf, 3)?;
        if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            buf.drain(..3);
        }
        Ok(Pieces {
            input,
            layout,
            buf,
            eof,
            line: 1,
            index: 0,
            size: size.max(1),
        })
    }

    /// The next piece, `None` at the end.
    pub fn next_piece(&mut self) -> io::Result<Option<Piece>> {
        if !self.eof && self.buf.len() < self.size + BLOCK {
            let want = self.size + BLOCK - self.buf.len();
            self.eof = fill(&mut self.input, &mut self.buf, want)?;
        }
        if self.eof && self.buf.is_empty() {
            return Ok(None);
        }
        let (mut from, mut seen) = (0, Seen::default());
        let cut = loop {
            match self.cut_after(from, seen) {
                Cut::At(at, row) => break Some((at, row)),
                Cut::More(..) if self.eof => break None,
                Cut::More(next, searched) => {
                    (from, seen) = (next, searched);
                    self.eof = fill(&mut self.input, &mut self.buf, BLOCK)?;
                }
            }
        };
        let (text, next) = match cut {
            Some((at, next)) => {
                let rest = self.buf.split_off(at);
                (std::mem::replace(&mut self.buf, rest), next)
            }
            None => (std::mem::take(&mut self.buf), Next::End),
        };
        let piece = Piece {
            index: self.index,
            first_line: self.line,
            text,
            next,
        };
        self.index += 1;
        self.line += line_breaks(&piece.text);
        Ok(Some(piece))
    }

    /// The first line at least `size` bytes in (and at or after the line start `from`) that
    /// may start a form, or the first line [`STRETCH`] times `size` in; else where to go on
    /// looking once more is read. Lines end as [`decode::normalize`] ends them (LF, CRLF or a
    /// lone CR), and a cut never falls between the CR and LF of one line end. A search for a
    /// line's end goes on after the bytes `seen` says hold none, so that a line longer than
    /// what is read at a time is searched once, not again on each read.
    fn cut_after(&self, from: usize, seen: Seen) -> Cut {
        let buf = &self.buf;
        let mut at = from.max(self.size.min(buf.len()));
        if at > 0 && buf[at - 1] != b'\n' {
            // Inside a line, or just after a CR whose LF may follow: on to the next line.
            match line_end(buf, seen.after(at - 1), self.eof) {
                Some(end) => at = end,
                None => return Cut::More(from, Seen::upto(at - 1, buf)),
            }
        }
        while at < buf.len() {
            if at >= self.size.saturating_mul(STRETCH) {
                return Cut::At(at, Next::Forced);
            }
            let Some(end) = line_end(buf, seen.after(at), self.eof) else {
                return Cut::More(at, Seen::upto(at, buf));
            };
            if let Some(row) = self.starting_row(&buf[at..end]) {
                return Cut::At(at, Next::Start(row));
            }
            at = end;
        }
        Cut::More(at, Seen::default())
    }

    /// The line as a row, when it may start a form.
    fn starting_row(&self, line: &[u8]) -> Option<Row<'static>> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // Every title names a 自评 (自 or 评) and the other start is 项目名称; a quote could
        // open a cell over several lines.
        let hint =
            value::holds(line, "自") || value::holds(line, "评") || value::holds(line, "项目名称");
        if !hint || line.contains(&b'"') {
            return None;
        }
        let text = utf8(line);
        let text = decode::normalize(&text);
        let row = grid::RowsAt::new(&text, self.layout, 1).next()?;
        Reader::may_start(&row).then(|| row.to_static())
    }
}

enum Cut {
    At(usize, Next),
    /// Where to go on once more is read (a line's start), and what was searched.
    More(usize, Seen),
}

/// Bytes a search for a line end found none in: no LF or CR in `origin..to`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Seen {
    origin: usize,
    to: usize,
}

impl Seen {
    /// A search from `origin` that reached the end of `buf` and found no line end, or only a
    /// CR as its last byte (whose LF may still come: that byte is searched again).
    fn upto(origin: usize, buf: &[u8]) -> Seen {
        let to = buf.len() - usize::from(buf.ends_with(b"\r"));
        Seen {
            origin,
            to: to.max(origin),
        }
    }

    /// Where a search for the end of the line around `at` may start: the same line end is
    /// found from there as from `at`.
    fn after(self, at: usize) -> usize {
        if (self.origin..self.to).contains(&at) {
            self.to
        } else {
            at
        }
    }
}

/// A piece's text: UTF-8 by the scan (checked again here, the strict check being quicker than
/// the lossy one where nothing is lost), or read as the whole document would be.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match decode::utf8(bytes) {
        Some(text) => text.into(),
        None => String::from_utf8_lossy(bytes),
    }
}

/// Where the line around byte `at` ends: just after its LF, CRLF or lone CR (as
/// [`decode::normalize`] reads them); `None` when `buf` ends first, or ends in a CR whose LF
/// may still come (`eof`: it cannot).
fn line_end(buf: &[u8], at: usize, eof: bool) -> Option<usize> {
    let p = at + memchr::memchr2(b'\n', b'\r', &buf[at..])?;
    match (buf[p], buf.get(p + 1)) {
        (b'\n', _) => Some(p + 1),
        (_, Some(b'\n')) => Some(p + 2),
        (_, Some(_)) => Some(p + 1),
        (_, None) => eof.then_some(p + 1),
    }
}

/// Lines the text ends (LF, CRLF, or a lone CR, as [`decode::normalize`] reads them).
fn line_breaks(text: &[u8]) -> usize {
    if memchr::memchr(b'\r', text).is_none() {
        // Counted many bytes at a time.
        return memchr::memchr_iter(b'\n', text).count();
    }
    memchr::memchr2_iter(b'\n', b'\r', text)
        .filter(|&i| text[i] == b'\n' || text.get(i + 1) != Some(&b'\n'))
        .count()
}

/// What a piece's reading says about how it joins the next piece and the pieces before.
#[derive(Clone, Copy, Debug)]
pub struct Joins {
    /// The next piece's first row starts a form for this reader as for a fresh one.
    next_ok: bool,
    listing: Listing,
    /// Unplaced lines this piece lists.
    listed: usize,
}

/// How a piece is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Every form in full.
    Full,
    /// For the census of the forms' rounding: each form's 项目资金 only, the rows after it
    /// skimmed for the next form ([`Reader::census`]).
    Census,
}

impl Reading {
    fn reader(self, listed: usize) -> Reader {
        match self {
            Reading::Full => Reader::new(listed),
            Reading::Census => Reader::census(listed),
        }
    }
}

/// Recognises the forms of a piece, `listed` unplaced lines having been listed before it.
pub fn read_piece(
    piece: &Piece,
    layout: Layout,
    listed: usize,
    reading: Reading,
) -> (Recognized, Joins) {
    let text = utf8(&piece.text);
    let text = decode::normalize(&text);
    let mut rows = grid::RowsAt::new(&text, layout, piece.first_line);
    let mut reader = reading.reader(listed);
    reader.rows(&mut rows);
    let next_ok = match &piece.next {
        Next::End => true,
        Next::Start(n) => rows.open_at().is_none() && reader.continues_at(n),
        Next::Forced => false,
    };
    let listing = reader.listing();
    let read = reader.finish();
    let joins = Joins {
        next_ok,
        listing,
        listed: read.unplaced.len(),
    };
    (read, joins)
}

/// What is done with each piece's forms (on any thread).
pub type Work<'a, T> = &'a (dyn Fn(Recognized) -> T + Sync);

/// Puts the pieces' results in document order. Where a piece's end does not stand (the next
/// piece's first row would not start a form for its reader, or a quoted cell runs on), it is
/// read again by one reader that goes on through the next pieces, row after row as the whole
/// document is read, until a piece starts a form for it; where a piece was read assuming other
/// unplaced lines listed before it, it is read again after those actually listed. So no text is
/// read more than twice whatever the cuts.
struct Merge {
    layout: Layout,
    reading: Reading,
    listed: usize,
    live: Option<Live>,
}

/// The reader going on through pieces whose cuts did not stand.
struct Live {
    reader: Reader,
    /// The lines from a row whose quoted cell was still open at the end of the last piece,
    /// read again with the next piece's lines, and the first one's number.
    carry: Vec<u8>,
    carry_line: usize,
    /// What follows the last piece fed.
    next: Next,
}

impl Merge {
    fn new(layout: Layout, reading: Reading) -> Merge {
        Merge {
            layout,
            reading,
            listed: 0,
            live: None,
        }
    }

    /// The next piece, read and worked speculatively (`joins`, `out`): the results that stand
    /// go to `emit`, in order.
    fn take<T>(
        &mut self,
        piece: Piece,
        (mut joins, mut out): (Joins, T),
        work: Work<'_, T>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> io::Result<()> {
        if let Some(mut live) = self.live.take() {
            let starts = live.carry.is_empty()
                && matches!(&live.next, Next::Start(n) if live.reader.continues_at(n));
            if !starts {
                self.feed(&mut live, piece);
                self.live = Some(live);
                return Ok(());
            }
            let read = live.reader.finish();
            self.listed += read.unplaced.len();
            emit(work(read))?;
        }
        // The piece starts a form as a fresh reader reads it.
        if !joins.listing.same_after(self.listed) {
            let (read, again) = read_piece(&piece, self.layout, self.listed, self.reading);
            joins = again;
            out = work(read);
        }
        if !joins.next_ok {
            let mut live = Live {
                reader: self.reading.reader(self.listed),
                carry: Vec::new(),
                carry_line: piece.first_line,
                next: Next::End,
            };
            self.feed(&mut live, piece);
            self.live = Some(live);
            return Ok(());
        }
        self.listed += joins.listed;
        emit(out)
    }

    /// Reads a piece's rows into the live reader (after the lines carried from the last one).
    fn feed(&self, live: &mut Live, piece: Piece) {
        let (text, first_line) = if live.carry.is_empty() {
            (piece.text, piece.first_line)
        } else {
            let mut text = std::mem::take(&mut live.carry);
            text.extend_from_slice(&piece.text);
            (text, live.carry_line)
        };
        let decoded = utf8(&text);
        let normal = decode::normalize(&decoded);
        let (rows, open_at) = grid::rows_at(&normal, self.layout, first_line);
        let upto = match open_at {
            Some(i) if !matches!(piece.next, Next::End) => i,
            _ => rows.len(),
        };
        for row in &rows[..upto] {
            live.reader.row(row);
        }
        if let Some(row) = rows.get(upto) {
            live.carry = text[line_start(&text, row.line - first_line)..].to_vec();
            live.carry_line = row.line;
        }
        live.next = piece.next;
    }

    /// The live reader's forms, at the end of the document.
    fn end<T>(
        &mut self,
        work: Work<'_, T>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> io::Result<()> {
        match self.live.take() {
            Some(live) => {
                let read = live.reader.finish();
                self.listed += read.unplaced.len();
                emit(work(read))
            }
            None => Ok(()),
        }
    }
}

/// Where the text's line `n` (0-based) starts: after `n` line ends (LF, CRLF or a lone CR).
fn line_start(text: &[u8], n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let mut seen = 0;
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' || b == b'\r' && text.get(i + 1) != Some(&b'\n') {
            seen += 1;
            if seen == n {
                return i + 1;
            }
        }
    }
    text.len()
}

/// Reads `pieces`, hands each piece's forms to `work` and its result to `emit` in document
/// order. With `threads` above 1 (natively), pieces are read and worked on that many threads,
/// at most a few pieces ahead of `emit`.
pub fn each_piece<T: Send>(
    (mut pieces, reading): (Pieces<'_>, Reading),
    threads: usize,
    work: Work<'_, T>,
    emit: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let layout = pieces.layout;
    let mut merge = Merge::new(layout, reading);
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 {
        return parallel(pieces, threads, &mut merge, work, emit);
    }
    let _ = threads;
    while let Some(piece) = pieces.next_piece()? {
        let (read, joins) = read_piece(&piece, layout, 0, reading);
        let out = work(read);
        merge.take(piece, (joins, out), work, emit)?;
    }
    merge.end(work, emit)
}

#[cfg(not(target_arch = "wasm32"))]
fn parallel<T: Send>(
    mut pieces: Pieces<'_>,
    threads: usize,
    merge: &mut Merge,
    work: Work<'_, T>,
    emit: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    use std::collections::BTreeMap;
    use std::sync::{mpsc, Mutex};
    let window = threads * 2;
    let (layout, reading) = (merge.layout, merge.reading);
    let gate = Gate::new(window);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (jobs_tx, jobs_rx) = mpsc::sync_channel::<Piece>(threads);
    let jobs_rx = Mutex::new(jobs_rx);
    let (done_tx, done_rx) = mpsc::channel::<(Piece, Joins, T)>();
    std::thread::scope(|scope| -> io::Result<()> {
        let producer = {
            let (gate, stop) = (&gate, &stop);
            scope.spawn(move || -> io::Result<()> {
                while let Some(piece) = pieces.next_piece()? {
                    gate.wait(piece.index);
                    if stop.load(std::sync::atomic::Ordering::Relaxed)
                        || jobs_tx.send(piece).is_err()
                    {
                        break;
                    }
                }
                Ok(())
            })
        };
        for _ in 0..threads {
            let (jobs_rx, done_tx) = (&jobs_rx, done_tx.clone());
            scope.spawn(move || loop {
                let piece = match jobs_rx.lock().unwrap().recv() {
                    Ok(p) => p,
                    Err(_) => break,
                };
                let (read, joins) = read_piece(&piece, layout, 0, reading);
                let out = work(read);
                if done_tx.send((piece, joins, out)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        for (piece, joins, out) in &done_rx {
            waiting.insert(piece.index, (piece, joins, out));
            while let Some((piece, joins, out)) = waiting.remove(&next) {
                next += 1;
                if result.is_ok() {
                    result = merge.take(piece, (joins, out), work, emit);
                }
                gate.open_to(if result.is_ok() {
                    next + window
                } else {
                    usize::MAX
                });
            }
            if result.is_err() {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let produced = producer.join().expect("the piece reader does not panic");
        result?;
        produced?;
        merge.end(work, emit)
    })
}

/// How far ahead of an ordered writer work may run: item `i` waits while `i` is at or past the
/// limit (`usize::MAX` lets everything through, to wind down). The pieces here and the CLI's
/// documents share it.
#[cfg(not(target_arch = "wasm32"))]
pub struct Gate {
    limit: std::sync::Mutex<usize>,
    moved: std::sync::Condvar,
}

#[cfg(not(target_arch = "wasm32"))]
impl Gate {
    pub fn new(limit: usize) -> Gate {
        Gate {
            limit: std::sync::Mutex::new(limit),
            moved: std::sync::Condvar::new(),
        }
    }

    /// Waits until item `index` may start.
    pub fn wait(&self, index: usize) {
        let mut limit = self.limit.lock().unwrap();
        while index >= *limit {
            limit = self.moved.wait(limit).unwrap();
        }
    }

    /// Lets items below `limit` start.
    pub fn open_to(&self, limit: usize) {
        *self.limit.lock().unwrap() = limit;
        self.moved.notify_all();
    }
}

/// How the forms of a document get their rounding convention: the user's, or their own else
/// the document's (from the census).
#[derive(Clone, Copy, Debug)]
enum Plan {
    User(Rounding),
    Census(Option<Rounding>),
}

impl Plan {
    fn rounding(self, form: &crate::model::Form) -> (Rounding, rules::RoundingSource) {
        match self {
            Plan::User(r) => (r, rules::RoundingSource::User),
            Plan::Census(document) => rounding::settle(rounding::own(form), document, form),
        }
    }
}

/// Reads the census of every form's own rounding convention: the document's decides the
/// forms that decide nothing themselves. A form's own convention comes from its 项目资金
/// alone, so the census reads only that much of each form ([`Reading::Census`]); where that
/// reading was in doubt, the census is read again in full.
fn census<'a>(pieces: &dyn Fn() -> io::Result<Pieces<'a>>, threads: usize) -> io::Result<Plan> {
    let work = |read: Recognized| {
        let mut c = rounding::Census::default();
        for rf in &read.forms {
            c.add(rounding::own(&rf.form));
        }
        (c, read.doubtful)
    };
    let mut census = rounding::Census::default();
    let mut doubtful = false;
    each_piece((pieces()?, Reading::Census), threads, &work, &mut |(
        c,
        d,
    )| {
        census.join(c);
        doubtful |= d;
        Ok(())
    })?;
    if doubtful {
        census = rounding::Census::default();
        each_piece((pieces()?, Reading::Full), threads, &work, &mut |(c, _)| {
            census.join(c);
            Ok(())
        })?;
    }
    Ok(Plan::Census(census.decision()))
}

/// One piece checked: its forms' reports, and what the document's tail needs from it.
pub struct Checked {
    pub reports: Vec<FormReport>,
    part: Part,
}

/// What the document's tail needs from a piece.
#[derive(Default)]
struct Part {
    summary: Summary,
    has_errors: bool,
    codes: Vec<(&'static str, usize)>,
    unplaced: Vec<Unplaced>,
    /// Which of `unplaced` lie outside every form (each a `parse.unplaced_line`, made only
    /// when the document's findings are: a piece of lines that are no form lists up to
    /// [`crate::recognize::MAX_UNPLACED`] of them).
    outside: Vec<usize>,
    unlisted: usize,
}

fn check_piece(read: Recognized, plan: Plan) -> Checked {
    let ranges: Vec<_> = read.forms.iter().map(|rf| rf.form.lines).collect();
    let mut part = Part {
        unlisted: read.unlisted,
        ..Part::default()
    };
    let mut codes = std::collections::BTreeMap::new();
    let reports: Vec<FormReport> = read
        .forms
        .into_iter()
        .map(|rf| {
            let (rounding, source) = plan.rounding(&rf.form);
            let report = FormReport::assemble(rules::check(rf.form, rounding, source), rf.findings);
            let errors = report.has_errors();
            part.has_errors |= errors;
            part.summary.add(&report.findings, errors, 1);
            for f in report.findings.iter().filter(|f| !f.dismissed) {
                *codes.entry(f.code.spec().code).or_insert(0) += 1;
            }
            report
        })
        .collect();
    part.summary.forms = reports.len();
    part.codes = codes.into_iter().collect();
    for (i, u) in read.unplaced.iter().enumerate() {
        if !ranges.iter().any(|l| (l.start..=l.end).contains(&u.line)) {
            part.outside.push(i);
        }
    }
    part.unplaced = read.unplaced;
    Checked { reports, part }
}

/// The document's counts and tail, added up piece by piece.
#[derive(Default)]
struct Tail {
    summary: Summary,
    unplaced: Vec<Unplaced>,
    /// Which of `unplaced` lie outside every form.
    outside: Vec<usize>,
    unlisted: usize,
    outcome: Outcome,
}

impl Tail {
    fn add(&mut self, mut part: Part) {
        self.summary.forms += part.summary.forms;
        self.summary.join(&part.summary);
        self.outcome.has_errors |= part.has_errors;
        for (code, n) in part.codes {
            *self.outcome.codes.entry(code).or_insert(0) += n;
        }
        let listed = self.unplaced.len();
        (self.outside).extend(part.outside.iter().map(|i| listed + i));
        self.unplaced.append(&mut part.unplaced);
        self.unlisted += part.unlisted;
    }

    /// The document's summary, unplaced lines and findings, and the outcome.
    fn finish(mut self) -> (Summary, Vec<Unplaced>, Vec<Finding>, Outcome) {
        let outside = self
            .outside
            .iter()
            .map(|&i| unplaced_line(&self.unplaced[i]));
        let findings = document_findings(self.summary.forms, outside.collect(), self.unlisted);
        self.summary.add(&findings, false, 1);
        for f in findings.iter().filter(|f| !f.dismissed) {
            self.outcome.has_errors |= f.severity == crate::findings::Severity::Error;
            *self.outcome.codes.entry(f.code.spec().code).or_insert(0) += 1;
        }
        (self.summary, self.unplaced, findings, self.outcome)
    }
}

/// The document's finding on an unplaced line outside every form.
pub(crate) fn unplaced_line(u: &Unplaced) -> Finding {
    Finding::new(
        Code::ParseUnplacedLine,
        Some(u.line),
        "",
        Some(crate::findings::quote(&u.text)),
        None,
    )
}

/// The findings about a document as a whole, in the report's order: no form found, then the
/// unplaced lines outside every form (`outside`), then how many were not listed.
pub(crate) fn document_findings(
    forms: usize,
    outside: Vec<Finding>,
    unlisted: usize,
) -> Vec<Finding> {
    let mut findings = Vec::with_capacity(outside.len() + 2);
    if forms == 0 {
        findings.push(Finding::new(Code::InputNoForm, None, "", None, None));
    }
    findings.extend(outside);
    if unlisted > 0 {
        findings.push(Finding::new(
            Code::ParseUnplacedTruncated,
            None,
            "",
            Some(unlisted.to_string()),
            None,
        ));
    }
    findings
}

/// What checking a document in pieces found, beside the report written.
#[derive(Debug, Default)]
pub struct Outcome {
    pub has_errors: bool,
    /// How often each code was found (dismissed findings aside).
    pub codes: std::collections::BTreeMap<&'static str, usize>,
}

/// What the report of a document checked in pieces is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// JSON: the same bytes as [`crate::json::write`] of the whole document's report.
    Json,
    /// The readable Chinese report: the same text as [`Report::to_text`] of the whole
    /// document's report. Its head gives the document's counts, so the forms' text is held
    /// until they are all counted; beyond [`HOLD`] pieces' worth of it, the forms are checked
    /// a second time to be written instead.
    ///
    /// [`Report::to_text`]: crate::Report::to_text
    Text,
}

/// Checks a text document (`format` text or csv) in pieces and writes its report as JSON to
/// `out` (no newline after it) — the same bytes as `serde_json::to_writer` of the report that
/// the whole-document pipeline (`check_bytes_with`) gives for the whole document. Memory follows the
/// piece size, not the document, for UTF-8 text with tabs (or a `.csv`); other text is
/// decoded whole first. `open` gives the document from its start, once per reading. Where a
/// reading fails after part of the report was written, that part is ended with a newline (the
/// error is the reading's): what follows it in the output starts a line of its own.
pub fn check_json(
    name: &str,
    open: Open<'_>,
    format: Format,
    opts: &Options,
    decoder: Decoder,
    threads: usize,
    out: &mut dyn Write,
) -> Result<Outcome, StreamError> {
    check(
        name,
        open,
        format,
        opts,
        decoder,
        (threads, Written::Json),
        out,
    )
}

/// [`check_json`], or the same document's report written as text: `(threads, written)`.
pub fn check(
    name: &str,
    open: Open<'_>,
    format: Format,
    opts: &Options,
    decoder: Decoder,
    (threads, written): (usize, Written),
    out: &mut dyn Write,
) -> Result<Outcome, StreamError> {
    check_in(
        name,
        open,
        format,
        opts,
        decoder,
        (threads, PIECE, written),
        out,
    )
}

/// [`check`] with pieces of about `piece` bytes (`how`: threads, piece size, what is
/// written): small pieces put a cut at almost every form, for the tests.
pub fn check_in(
    name: &str,
    open: Open<'_>,
    format: Format,
    opts: &Options,
    decoder: Decoder,
    how: (usize, usize, Written),
    out: &mut dyn Write,
) -> Result<Outcome, StreamError> {
    let (threads, piece, written) = how;
    // Reading and writing both fail as `io::Error`s: the output says which were its own.
    let mut out = Watched {
        out,
        failed: None,
        last: None,
    };
    let checked = check_watched(
        name,
        open,
        format,
        opts,
        decoder,
        (threads, piece, written),
        &mut out,
    );
    if checked.is_err() && out.failed.is_none() && out.last.is_some_and(|b| b != b'\n') {
        // A reading error cut the report off mid-line: the part written ends its line, so
        // that what the output takes next (a folder's next report) starts a line of its own.
        let _ = out.write_all(b"\n");
    }
    match out.failed {
        Some(e) => Err(StreamError::Output(e)),
        None => checked,
    }
}

/// [`check_in`], writing to an output that keeps its own errors.
fn check_watched(
    name: &str,
    open: Open<'_>,
    format: Format,
    opts: &Options,
    decoder: Decoder,
    (threads, piece, written): (usize, usize, Written),
    out: &mut Watched<'_>,
) -> Result<Outcome, StreamError> {
    let scan = scan(&mut *open()?, format, opts.encoding)??;
    let Some(layout) = scan.layout else {
        // Text that cannot be read in pieces as it is: decoded whole, its layout sniffed.
        let mut bytes = Vec::new();
        open()?.read_to_end(&mut bytes)?;
        let (text, encoding) = decode::decode_with(&bytes, opts.encoding, decoder)?;
        drop(bytes);
        let text = decode::normalize(&text).into_owned();
        let layout = if format == Format::Csv {
            Layout::Commas
        } else {
            grid::sniff(&text)
        };
        let whole = text.into_bytes();
        let open = || Ok(Box::new(&whole[..]) as Box<dyn Read + Send>);
        let doc = Doc {
            name,
            format,
            encoding,
            layout,
            piece,
        };
        return check_pieces(&doc, &open, opts, (threads, written), out);
    };
    let doc = Doc {
        name,
        format,
        encoding: scan.encoding,
        layout,
        piece,
    };
    check_pieces(&doc, open, opts, (threads, written), out)
}

/// The output a report is written to, keeping the first error writing to it met (which the
/// reading, failing as an `io::Error` too, would otherwise pass on as its own).
struct Watched<'a> {
    out: &'a mut dyn Write,
    failed: Option<io::Error>,
    /// The last byte written, if any.
    last: Option<u8>,
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.out.write(buf).inspect_err(|e| self.remember(e));
        match written {
            Ok(0) if !buf.is_empty() => {
                // What `write_all` then fails with, made here where it is seen.
                self.remember(&io::ErrorKind::WriteZero.into());
            }
            Ok(n) if n > 0 => self.last = Some(buf[n - 1]),
            _ => {}
        }
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush().inspect_err(|e| self.remember(e))
    }
}

impl Watched<'_> {
    fn remember(&mut self, e: &io::Error) {
        // An interrupted write is tried again (`write_all`), not failed.
        if self.failed.is_none() && e.kind() != io::ErrorKind::Interrupted {
            self.failed = Some(io::Error::new(e.kind(), e.to_string()));
        }
    }
}

/// A document about to be read in pieces.
struct Doc<'a> {
    name: &'a str,
    format: Format,
    /// What the report names.
    encoding: Encoding,
    layout: Layout,
    piece: usize,
}

fn check_pieces(
    doc: &Doc<'_>,
    source: Open<'_>,
    opts: &Options,
    (threads, written): (usize, Written),
    out: &mut dyn Write,
) -> Result<Outcome, StreamError> {
    let pieces = || -> io::Result<Pieces<'_>> { Pieces::new(source()?, doc.layout, doc.piece) };
    let plan = match opts.rounding {
        Some(r) => Plan::User(r),
        None => census(&pieces, threads)?,
    };
    let head = Source {
        name: doc.name.to_owned(),
        encoding: doc.encoding,
        format: doc.format,
    };
    let checking = Checking {
        pieces: &pieces,
        plan,
        threads,
        hold: doc.piece.saturating_mul(HOLD),
    };
    match written {
        Written::Json => checking.json(&head, out),
        Written::Text => checking.text(&head, out),
    }
}

/// A document's pieces about to be checked, its rounding planned.
struct Checking<'p, 'a> {
    pieces: &'p dyn Fn() -> io::Result<Pieces<'a>>,
    plan: Plan,
    threads: usize,
    /// Bytes of the forms' text the text report holds while it counts them: that of
    /// [`HOLD`] pieces (32 MiB with pieces of [`PIECE`] bytes; a 100 MB document's text report
    /// is about 27 MB).
    hold: usize,
}

impl Checking<'_, '_> {
    /// Reads every piece in full on the threads, each worked by `work`, the results to `emit`
    /// in document order.
    fn each<T: Send>(
        &self,
        work: Work<'_, T>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> io::Result<()> {
        each_piece(((self.pieces)()?, Reading::Full), self.threads, work, emit)
    }

    /// Writes the report as JSON: its forms as they are checked, then the document's tail.
    fn json(&self, head: &Source, out: &mut dyn Write) -> Result<Outcome, StreamError> {
        let plan = self.plan;
        let schema = format!("{{\"schema_version\":{},", report::SCHEMA_VERSION);
        write_json(out, &(schema + "\"source\":"), head)?;
        out.write_all(b",\"forms\":[")?;
        let mut tail = Tail::default();
        // Each piece's forms as JSON, written on the worker's thread.
        let work = |read: Recognized| {
            let checked = check_piece(read, plan);
            // About 8.4 KB of JSON a form on the corpus: room for more, so the buffer of a
            // large piece is not copied into one twice its size.
            let mut json = String::with_capacity(checked.reports.len() * 12 * 1024);
            for (i, report) in checked.reports.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                crate::json::write(&mut json, report).expect("reports serialize");
            }
            (json, checked.part)
        };
        self.each(&work, &mut |(json, part)| {
            if !json.is_empty() {
                if tail.summary.forms > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(json.as_bytes())?;
            }
            tail.add(part);
            Ok(())
        })?;
        let (summary, unplaced, findings, outcome) = tail.finish();
        write_json(out, "],\"summary\":", &summary)?;
        write_json(out, ",\"unplaced\":", &unplaced)?;
        write_json(out, ",\"findings\":", &findings)?;
        out.write_all(b"}")?;
        Ok(outcome)
    }

    /// Writes the report as text. Its head (the document's counts and findings) comes first:
    /// the forms' text is held while they are counted, up to [`Checking::hold`] bytes; beyond
    /// that it is let go, and the forms are checked again to be written, so memory follows the
    /// piece whatever the document's size.
    fn text(&self, head: &Source, out: &mut dyn Write) -> Result<Outcome, StreamError> {
        let plan = self.plan;
        // Each piece's forms as text after their numbers, made on the worker's thread.
        let work = |read: Recognized| {
            let checked = check_piece(read, plan);
            let mut forms = Vec::with_capacity(checked.reports.len());
            for report in &checked.reports {
                let mut text = String::new();
                report::form_text_body(&mut text, report);
                // Held, it should not keep the room it grew into.
                text.shrink_to_fit();
                forms.push(text);
            }
            (forms, checked.part)
        };
        let mut tail = Tail::default();
        let (mut held, mut size) = (Some(Vec::new()), 0);
        self.each(&work, &mut |(forms, part)| {
            tail.add(part);
            size += forms.iter().map(String::capacity).sum::<usize>();
            match &mut held {
                Some(_) if size > self.hold => held = None,
                Some(h) => h.extend(forms),
                None => {}
            }
            Ok(())
        })?;
        let (summary, _, findings, outcome) = tail.finish();
        let mut text = String::new();
        report::text_head(&mut text, head, &summary, &findings);
        out.write_all(text.as_bytes())?;
        let mut n = 0;
        let mut write = |forms: Vec<String>| -> io::Result<()> {
            for text in forms {
                n += 1;
                write!(out, "{}", report::FormNumber(n))?;
                out.write_all(text.as_bytes())?;
            }
            Ok(())
        };
        let Some(forms) = held else {
            // Read again: what it adds up must be what the head says (a file changed between
            // the readings would otherwise get a head that does not fit its forms).
            let mut again = Tail::default();
            self.each(&work, &mut |(forms, part)| {
                again.add(part);
                write(forms)
            })?;
            let (summary_again, _, findings_again, _) = again.finish();
            if (summary_again, findings_again) != (summary, findings) {
                return Err(
                    io::Error::other("文件在读取时改变了：报告开头的计数与其后的表不符").into(),
                );
            }
            return Ok(outcome);
        };
        write(forms)?;
        Ok(outcome)
    }
}

/// Writes `before` (the JSON that leads to a value), then `value` as JSON.
fn write_json<T: serde::Serialize>(out: &mut dyn Write, before: &str, value: &T) -> io::Result<()> {
    out.write_all(before.as_bytes())?;
    let json = crate::json::to_string(value).map_err(io::Error::from)?;
    out.write_all(json.as_bytes())
}

/// A text document checked in pieces for a caller that pulls, on one thread (the page's
/// worker): [`Batches::next_batch`] gives the next forms in document order as they are
/// checked, and [`Batches::finish`] the rest of the report. The forms followed by the rest are
/// the whole document's report (`check_decoded`); memory beyond the text
/// follows the piece.
pub struct Batches {
    pieces: Pieces<'static>,
    merge: Merge,
    plan: Plan,
    tail: Tail,
    source: Source,
    /// Pieces checked and not yet handed out.
    ready: std::collections::VecDeque<Checked>,
}

/// The text a [`Batches`] reads, shared by its census and its check.
#[derive(Clone)]
struct Shared(std::sync::Arc<String>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl Batches {
    /// Starts checking decoded text (`format` text or csv; `encoding` is only reported). The
    /// census of the forms' rounding is read here, before the first batch. The text is kept,
    /// not copied, until the last batch.
    pub fn new(
        name: &str,
        text: String,
        encoding: Encoding,
        format: Format,
        opts: &Options,
    ) -> Batches {
        Batches::sized(name, text, (encoding, format), opts, PIECE)
    }

    /// [`Batches::new`] with pieces of about `piece` bytes.
    pub fn sized(
        name: &str,
        text: String,
        kind: (Encoding, Format),
        opts: &Options,
        piece: usize,
    ) -> Batches {
        let (encoding, format) = kind;
        let layout = if format == Format::Csv {
            Layout::Commas
        } else if text.contains('\t') {
            Layout::Tabs
        } else {
            grid::sniff(&decode::normalize(&text))
        };
        let text = Shared(std::sync::Arc::new(text));
        let open = |text: &Shared| {
            // Reading bytes in memory cannot fail.
            Pieces::new(Box::new(io::Cursor::new(text.clone())), layout, piece)
                .expect("text in memory reads")
        };
        let plan = match opts.rounding {
            Some(r) => Plan::User(r),
            // Reading bytes in memory cannot fail.
            None => census(&|| Ok(open(&text)), 1).expect("text in memory reads"),
        };
        Batches {
            pieces: open(&text),
            merge: Merge::new(layout, Reading::Full),
            plan,
            tail: Tail::default(),
            source: Source {
                name: name.to_owned(),
                encoding,
                format,
            },
            ready: Default::default(),
        }
    }

    /// The report's `source` (name, encoding, format), known before its first form.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The next forms checked (at least one), `None` after the last.
    pub fn next_batch(&mut self) -> Option<Vec<FormReport>> {
        let plan = self.plan;
        let work = |read: Recognized| check_piece(read, plan);
        loop {
            while let Some(checked) = self.ready.pop_front() {
                self.tail.add(checked.part);
                if !checked.reports.is_empty() {
                    return Some(checked.reports);
                }
            }
            let ready = &mut self.ready;
            let mut emit = |c: Checked| {
                ready.push_back(c);
                Ok(())
            };
            match self.pieces.next_piece().expect("text in memory reads") {
                Some(piece) => {
                    let (read, joins) = read_piece(&piece, self.merge.layout, 0, Reading::Full);
                    let checked = work(read);
                    self.merge.take(piece, (joins, checked), &work, &mut emit)
                }
                None if self.merge.live.is_some() => self.merge.end(&work, &mut emit),
                None => return None,
            }
            .expect("batches are only collected");
        }
    }

    /// The report without its forms (its summary counts them): what follows the last batch.
    pub fn finish(mut self) -> report::Report {
        while self.next_batch().is_some() {}
        let (summary, unplaced, findings, _) = self.tail.finish();
        report::Report {
            schema_version: report::SCHEMA_VERSION,
            source: self.source,
            forms: Vec::new(),
            summary,
            unplaced,
            findings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_goes_on_at_any_line_end_but_never_inside_a_character() {
        let text = "一行\r二行\n三\r\n四".as_bytes();
        // Before the last character that may be cut short; not into 四's bytes.
        assert_eq!(whole_characters(&text[..8], false), 7);
        assert_eq!(whole_characters(&text[..7], false), 6);
        assert_eq!(whole_characters(text, false), text.len() - "四".len());
        assert_eq!(whole_characters(text, true), text.len());
        assert_eq!(whole_characters(b"a\tb", false), 2);
        // However long a stretch without ASCII, only its last character is held back.
        let han = "中".repeat(100_000);
        assert_eq!(whole_characters(han.as_bytes(), false), han.len() - 3);
        assert_eq!(
            whole_characters(&han.as_bytes()[..han.len() - 1], false),
            han.len() - 3
        );
        // No character starts in the last four bytes: not UTF-8, so nothing is held back.
        assert_eq!(
            whole_characters(&[0xE4, 0xB8, 0xAD, 0x80, 0x80, 0x80, 0x80], false),
            7
        );
        // Every cut leaves whole characters on both sides.
        for end in 0..=text.len() {
            let at = whole_characters(&text[..end], false);
            assert!(std::str::from_utf8(&text[..at]).is_ok(), "{end}");
        }
    }

    #[test]
    fn a_line_ends_at_lf_crlf_or_a_lone_cr() {
        let buf = b"a\rb\r\nc\nd\r";
        assert_eq!(line_end(buf, 0, false), Some(2));
        assert_eq!(line_end(buf, 2, false), Some(5));
        // Between a CR and its LF: the line end is after the LF.
        assert_eq!(line_end(buf, 3, false), Some(5));
        assert_eq!(line_end(buf, 5, false), Some(7));
        // A CR at the end of what is read may be a CRLF's: more is needed, unless it is all.
        assert_eq!(line_end(buf, 7, false), None);
        assert_eq!(line_end(buf, 7, true), Some(9));
        assert_eq!(line_end(b"abc", 0, true), None);
    }

    #[test]
    fn a_search_for_a_line_end_goes_on_where_the_last_stopped() {
        let seen = Seen::upto(2, b"ab\x00cdef\r");
        // No LF or CR in bytes 2..7; the CR at 7 is looked at again (its LF may follow).
        assert_eq!(seen, Seen { origin: 2, to: 7 });
        assert_eq!((seen.after(1), seen.after(2), seen.after(6)), (1, 7, 7));
        assert_eq!((seen.after(7), seen.after(9)), (7, 9));
        // The search starts there: a line end planted in what was searched is not looked at
        // again (which is why the search is linear however long the line).
        let mut pieces = Pieces::new(Box::new(&b""[..]), Layout::Tabs, 4).unwrap();
        pieces.buf = b"abcde\nfg\nhijklmnop\nq".to_vec();
        let at = |c: Cut| match c {
            Cut::At(at, _) => Some(at),
            Cut::More(..) => None,
        };
        // Lines end after bytes 5, 8 and 18; none may start a form, so the cut is the first
        // line end at least twice the piece's size (8) in.
        assert_eq!(at(pieces.cut_after(0, Seen::default())), Some(9));
        let seen = Seen { origin: 3, to: 10 };
        assert_eq!(at(pieces.cut_after(0, seen)), Some(19));
        // A search that found nothing says so for the next.
        pieces.buf = b"ab\ncdefgh".to_vec();
        match pieces.cut_after(0, Seen::default()) {
            Cut::More(from, seen) => assert_eq!((from, seen), (0, Seen { origin: 3, to: 9 })),
            Cut::At(..) => panic!("no line end after byte 4"),
        }
    }

    #[test]
    fn the_tail_finds_each_parts_lines_outside_forms() {
        // Two pieces' lines, some inside a form (not outside) and some outside: the findings
        // name the outside ones, in order, whichever piece listed them.
        let part = |lines: &[usize], outside: Vec<usize>| Part {
            unplaced: (lines.iter())
                .map(|&line| Unplaced {
                    line,
                    text: format!("第{line}行"),
                })
                .collect(),
            outside,
            ..Part::default()
        };
        let mut tail = Tail::default();
        tail.add(part(&[1, 2, 5], vec![0, 2]));
        tail.add(part(&[8, 9, 12], vec![1, 2]));
        let (_, unplaced, findings, outcome) = tail.finish();
        assert_eq!(unplaced.len(), 6);
        let lines: Vec<_> = findings.iter().map(|f| f.line).collect();
        // No form at all: the document's first finding says so, then the four lines outside.
        assert_eq!(findings[0].code, Code::InputNoForm);
        assert_eq!(lines[1..], [Some(1), Some(5), Some(9), Some(12)]);
        assert!(findings[4].found.as_deref().unwrap().contains("第12行"));
        assert_eq!(outcome.codes.get("parse.unplaced_line"), Some(&4));
    }

    #[test]
    fn line_breaks_are_the_lines_normalize_ends() {
        // Every string of up to six of LF, CR, a letter and a Chinese character.
        let parts = ["\n", "\r", "a", "元"];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| parts.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.dedup();
        }
        texts.sort();
        texts.dedup();
        assert!(texts.len() > 5000, "{}", texts.len());
        for t in &texts {
            let normalized = decode::normalize(t);
            let expected = normalized.matches('\n').count();
            assert_eq!(line_breaks(t.as_bytes()), expected, "{t:?}");
            // And where each line starts, by the same reading.
            for n in 1..=expected {
                let at = line_start(t.as_bytes(), n);
                let before = decode::normalize(&t[..at]);
                assert_eq!(before.matches('\n').count(), n, "{t:?} line {n}");
            }
        }
    }
}
