//! A page's content stream played far enough to know where each glyph is and where the table
//! rulings are: text state and the text-showing operators, the graphics state's matrix, Form
//! XObjects, and path construction with the paint operators. Colours, clipping, images'
//! pixels and glyph shapes are ignored.

use super::fonts::Font;
use super::{Budget, Limit};
use crate::decode::Decoder;
use crate::inputs::InputError;
use hayro_syntax::content::ops::TypedInstruction as Op;
use hayro_syntax::content::TypedIter;
use hayro_syntax::object::{Array, Dict, Name, Number, Object, ObjectIdentifier, Stream};
use hayro_syntax::page::Resources;
use std::collections::HashMap;
use std::rc::Rc;

/// An affine matrix `[a b c d e f]`: (x, y) → (a·x + c·y + e, b·x + d·y + f).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `then`.
    pub fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    pub fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn from_numbers(n: [Number; 6]) -> Matrix {
        Matrix(n.map(|n| finite(n.as_f64())))
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(-1e7, 1e7)
    } else {
        0.0
    }
}

/// A glyph drawn on the page, in user space: where its baseline starts and ends, and a point
/// above the start by the font size (the glyph's "up").
#[derive(Clone, Debug)]
pub struct Glyph {
    pub text: String,
    pub start: (f64, f64),
    pub end: (f64, f64),
    pub up: (f64, f64),
    /// Which font drew it (glyphs of different fonts are never merged).
    pub font: usize,
    /// Which text-showing operator drew it: one run of text.
    pub run: usize,
}

/// An axis-aligned stretch of a drawn line, in user space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// What a page draws.
#[derive(Default)]
pub struct Drawn {
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    pub images: usize,
    /// Glyphs whose text no map explains.
    pub unknown: usize,
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<(usize, Rc<Font>)>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

/// A font loaded, and its number (glyphs of different fonts are never merged).
type Loaded = (usize, Rc<Font>);

/// Plays content streams; fonts are loaded once per font object, and once per name in each
/// resource dictionary (a font written inline has no object).
pub struct Player<'p> {
    budget: &'p mut Budget,
    decoder: Decoder<'p>,
    fonts: HashMap<ObjectIdentifier, Loaded>,
    /// By the resource dictionary's bytes (where they are: the same bytes are the same
    /// dictionary) and the font's name.
    named: HashMap<(usize, usize, Vec<u8>), Loaded>,
    loaded: usize,
    runs: usize,
    out: Drawn,
}

/// Deepest nesting of Form XObjects followed.
const MAX_DEPTH: usize = 12;
/// Deepest `q` nesting kept (deeper saves are ignored, their restores too).
const MAX_SAVES: usize = 256;

/// Where the text goes: the text matrix and the start of its line.
struct TextAt {
    tm: Matrix,
    tlm: Matrix,
}

impl TextAt {
    /// `Td`: the next line, moved by (x, y) from the start of this one.
    fn next_line(&mut self, x: f64, y: f64) {
        self.tlm = Matrix::translate(x, y).then(self.tlm);
        self.tm = self.tlm;
    }
}

impl<'p> Player<'p> {
    pub fn new(budget: &'p mut Budget, decoder: Decoder<'p>) -> Player<'p> {
        Player {
            budget,
            decoder,
            fonts: HashMap::new(),
            named: HashMap::new(),
            loaded: 0,
            runs: 0,
            out: Drawn::default(),
        }
    }

    /// What the file may still spend.
    pub fn budget(&mut self) -> &mut Budget {
        self.budget
    }

    /// Plays one page's content; returns what it draws.
    pub fn page(
        &mut self,
        content: &[u8],
        resources: &Resources<'_>,
        base: Matrix,
    ) -> Result<Drawn, InputError> {
        let state = State {
            ctm: base,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        self.play(content, resources, state, 0)?;
        Ok(std::mem::take(&mut self.out))
    }

    fn font(
        &mut self,
        resources: &Resources<'_>,
        name: &Name<'_>,
    ) -> Result<Option<Loaded>, InputError> {
        let data = resources.fonts.data();
        let key = (data.as_ptr() as usize, data.len(), name.as_ref().to_vec());
        if let Some(found) = self.named.get(&key) {
            return Ok(Some(found.clone()));
        }
        let id = resources.fonts.get_ref(name.as_ref()).map(|r| r.into());
        let found = match id.and_then(|id: ObjectIdentifier| self.fonts.get(&id)) {
            Some(found) => found.clone(),
            None => {
                let Some(dict) = resources.get_font(name) else {
                    return Ok(None);
                };
                let font = Rc::new(Font::load(&dict, self.budget)?);
                self.budget.clock()?;
                let found = (self.loaded, font);
                self.loaded += 1;
                if let Some(id) = id {
                    self.fonts.insert(id, found.clone());
                }
                found
            }
        };
        self.named.insert(key, found.clone());
        Ok(Some(found))
    }

    fn play(
        &mut self,
        content: &[u8],
        resources: &Resources<'_>,
        mut gs: State,
        depth: usize,
    ) -> Result<(), InputError> {
        let mut saved: Vec<State> = Vec::new();
        let mut at = TextAt {
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
        };
        let mut path = Path::default();
        let mut ops = TypedIter::new(content);
        while let Some(op) = ops.next() {
            self.budget.operator()?;
            match op {
                Op::SaveState(_) if saved.len() < MAX_SAVES => saved.push(gs.clone()),
                Op::RestoreState(_) => {
                    if let Some(s) = saved.pop() {
                        gs = s;
                    }
                }
                Op::Transform(t) => {
                    gs.ctm = Matrix::from_numbers([t.0, t.1, t.2, t.3, t.4, t.5]).then(gs.ctm)
                }
                Op::XObject(x) => self.x_object(resources, x.0, &gs, depth)?,
                Op::InlineImage(_) => self.out.images += 1,
                op => {
                    if !self.path_op(&op, gs.ctm, &mut path)? {
                        self.text_op(op, resources, &mut gs, &mut at)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Plays a path construction or painting operator; `false` if `op` is none.
    fn path_op(&mut self, op: &Op<'_, '_>, m: Matrix, path: &mut Path) -> Result<bool, InputError> {
        let segments = &mut self.out.segments;
        let before = segments.len();
        match op {
            Op::MoveTo(p) => path.move_to(m.apply(num(p.0), num(p.1))),
            Op::LineTo(l) => path.line_to(m.apply(num(l.0), num(l.1))),
            Op::CubicTo(c) => path.skip_to(m.apply(num(c.4), num(c.5))),
            Op::CubicStartTo(c) => path.skip_to(m.apply(num(c.2), num(c.3))),
            Op::CubicEndTo(c) => path.skip_to(m.apply(num(c.2), num(c.3))),
            Op::ClosePath(_) => path.close(),
            Op::RectPath(r) => {
                let (x, y, w, h) = (num(r.0), num(r.1), num(r.2), num(r.3));
                path.move_to(m.apply(x, y));
                path.line_to(m.apply(x + w, y));
                path.line_to(m.apply(x + w, y + h));
                path.line_to(m.apply(x, y + h));
                path.close();
            }
            Op::StrokePath(_) => path.stroke(segments, false),
            Op::CloseAndStrokePath(_) => path.stroke(segments, true),
            Op::FillPathNonZero(_)
            | Op::FillPathNonZeroCompatibility(_)
            | Op::FillPathEvenOdd(_) => path.fill(segments),
            Op::FillAndStrokeNonZero(_) | Op::FillAndStrokeEvenOdd(_) => {
                path.stroke_kept(segments, false);
                path.fill(segments);
            }
            Op::CloseFillAndStrokeNonZero(_) | Op::CloseFillAndStrokeEvenOdd(_) => {
                path.stroke_kept(segments, true);
                path.fill(segments);
            }
            Op::EndPath(_) => *path = Path::default(),
            _ => return Ok(false),
        }
        let added = self.out.segments.len() - before;
        if added > 0 {
            self.budget.segments(added)?;
        }
        Ok(true)
    }

    /// Plays a text state, positioning or showing operator (others are ignored).
    fn text_op(
        &mut self,
        op: Op<'_, '_>,
        resources: &Resources<'_>,
        gs: &mut State,
        at: &mut TextAt,
    ) -> Result<(), InputError> {
        match op {
            Op::BeginText(_) => {
                at.tm = Matrix::IDENTITY;
                at.tlm = Matrix::IDENTITY;
            }
            Op::TextFont(f) => {
                gs.font = self.font(resources, f.0)?;
                gs.size = finite(f.1.as_f64());
            }
            Op::CharacterSpacing(v) => gs.char_spacing = finite(v.0.as_f64()),
            Op::WordSpacing(v) => gs.word_spacing = finite(v.0.as_f64()),
            Op::HorizontalScaling(v) => gs.scale = finite(v.0.as_f64()) / 100.0,
            Op::TextLeading(v) => gs.leading = finite(v.0.as_f64()),
            Op::TextRise(v) => gs.rise = finite(v.0.as_f64()),
            Op::NextLine(n) => at.next_line(num(n.0), num(n.1)),
            Op::NextLineAndSetLeading(n) => {
                gs.leading = -num(n.1);
                at.next_line(num(n.0), num(n.1));
            }
            Op::SetTextMatrix(m) => {
                at.tlm = Matrix::from_numbers([m.0, m.1, m.2, m.3, m.4, m.5]);
                at.tm = at.tlm;
            }
            Op::NextLineUsingLeading(_) => at.next_line(0.0, -gs.leading),
            Op::ShowText(s) => self.show(s.0.as_bytes(), gs, &mut at.tm)?,
            Op::NextLineAndShowText(s) => {
                at.next_line(0.0, -gs.leading);
                self.show(s.0.as_bytes(), gs, &mut at.tm)?;
            }
            Op::ShowTextWithParameters(s) => {
                gs.word_spacing = finite(s.0.as_f64());
                gs.char_spacing = finite(s.1.as_f64());
                at.next_line(0.0, -gs.leading);
                self.show(s.2.as_bytes(), gs, &mut at.tm)?;
            }
            Op::ShowTexts(items) => self.show_array(items.0, gs, &mut at.tm)?,
            _ => {}
        }
        Ok(())
    }

    fn x_object(
        &mut self,
        resources: &Resources<'_>,
        name: &Name<'_>,
        gs: &State,
        depth: usize,
    ) -> Result<(), InputError> {
        let Some(stream) = resources.get_x_object(name) else {
            return Ok(());
        };
        let dict = stream.dict();
        match dict.get::<Name<'_>>(b"Subtype".as_slice()).as_deref() {
            Some(b"Image") => {
                self.out.images += 1;
                Ok(())
            }
            Some(b"Form") => {
                if depth >= MAX_DEPTH {
                    return Err(InputError::TooLarge("PDF 表单对象嵌套层数"));
                }
                let data = self.budget.decode(&stream)?;
                let matrix = dict
                    .get::<[f32; 6]>(b"Matrix".as_slice())
                    .map_or(Matrix::IDENTITY, |m| {
                        Matrix(m.map(|v| finite(f64::from(v))))
                    });
                let inner = dict
                    .get::<Dict<'_>>(b"Resources".as_slice())
                    .map_or_else(|| resources.clone(), Resources::new);
                let mut state = gs.clone();
                state.ctm = matrix.then(gs.ctm);
                self.play(&data, &inner, state, depth + 1)
            }
            _ => Ok(()),
        }
    }

    fn show_array(
        &mut self,
        items: &Array<'_>,
        gs: &State,
        tm: &mut Matrix,
    ) -> Result<(), InputError> {
        for item in items.iter::<Object<'_>>() {
            match item {
                Object::String(s) => self.show(s.as_bytes(), gs, tm)?,
                Object::Number(n) => {
                    let tx = -finite(n.as_f64()) / 1000.0 * gs.size * gs.scale;
                    *tm = Matrix::translate(tx, 0.0).then(*tm);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn show(&mut self, bytes: &[u8], gs: &State, tm: &mut Matrix) -> Result<(), InputError> {
        let Some((number, font)) = gs.font.clone() else {
            return Ok(());
        };
        self.runs += 1;
        for code in font.codes(bytes, self.decoder) {
            let advance = code.width / 1000.0 * gs.size * gs.scale;
            let m = tm.then(gs.ctm);
            let start = m.apply(0.0, gs.rise);
            let end = m.apply(advance, gs.rise);
            let up = m.apply(0.0, gs.rise + gs.size);
            let blank = code.text.chars().all(char::is_whitespace);
            if !code.known {
                self.out.unknown += 1;
            }
            if code.known && !(blank && start == end) {
                self.budget.glyph()?;
                self.out.glyphs.push(Glyph {
                    text: code.text,
                    start,
                    end,
                    up,
                    font: number,
                    run: self.runs,
                });
            }
            let spacing = gs.char_spacing + if code.space { gs.word_spacing } else { 0.0 };
            let tx = advance + spacing * gs.scale;
            *tm = Matrix::translate(tx, 0.0).then(*tm);
        }
        Ok(())
    }
}

fn num(n: Number) -> f64 {
    finite(n.as_f64())
}

/// The path being built, as subpaths of points (already in user space).
#[derive(Default)]
struct Path {
    subpaths: Vec<Subpath>,
    /// Points in all its subpaths.
    points: usize,
}

#[derive(Default)]
struct Subpath {
    points: Vec<(f64, f64)>,
    /// Which pieces are straight (a curve's piece is not a ruling).
    straight: Vec<bool>,
    closed: bool,
}

/// Lines thinner than this (in points) that are filled are rulings (how Word and Chromium draw
/// borders); a wider fill is a shaded cell, not a line.
const THIN: f64 = 3.0;
/// How far from axis-aligned a ruling may be.
const SKEW: f64 = 0.5;
/// Longest path followed (points, in all its subpaths; later points are ignored).
const MAX_POINTS: usize = 100_000;

impl Path {
    fn move_to(&mut self, p: (f64, f64)) {
        if self.points < MAX_POINTS {
            self.points += 1;
            self.subpaths.push(Subpath {
                points: vec![p],
                ..Subpath::default()
            });
        }
    }

    fn line_to(&mut self, p: (f64, f64)) {
        self.piece(p, true);
    }

    fn skip_to(&mut self, p: (f64, f64)) {
        self.piece(p, false);
    }

    fn piece(&mut self, p: (f64, f64), straight: bool) {
        match self.subpaths.last_mut() {
            Some(s) if self.points < MAX_POINTS => {
                self.points += 1;
                s.points.push(p);
                s.straight.push(straight);
            }
            Some(_) => {}
            None => self.move_to(p),
        }
    }

    fn close(&mut self) {
        if let Some(s) = self.subpaths.last_mut() {
            s.closed = true;
        }
    }

    fn stroke(&mut self, out: &mut Vec<Segment>, close: bool) {
        self.stroke_kept(out, close);
        *self = Path::default();
    }

    fn stroke_kept(&mut self, out: &mut Vec<Segment>, close: bool) {
        for s in &self.subpaths {
            let mut pieces: Vec<((f64, f64), (f64, f64))> = s
                .points
                .windows(2)
                .zip(&s.straight)
                .filter(|(_, straight)| **straight)
                .map(|(w, _)| (w[0], w[1]))
                .collect();
            if (close || s.closed) && s.points.len() > 2 {
                pieces.push((s.points[s.points.len() - 1], s.points[0]));
            }
            for (a, b) in pieces {
                if let Some(seg) = axis_segment(a, b) {
                    out.push(seg);
                }
            }
        }
    }

    /// A filled thin rectangle is a ruling along its length.
    fn fill(&mut self, out: &mut Vec<Segment>) {
        for s in &self.subpaths {
            if let Some((x0, y0, x1, y1)) = rectangle(s) {
                let (w, h) = (x1 - x0, y1 - y0);
                if h <= THIN && w > h {
                    let y = (y0 + y1) / 2.0;
                    out.push(Segment {
                        from: (x0, y),
                        to: (x1, y),
                    });
                } else if w <= THIN && h > w {
                    let x = (x0 + x1) / 2.0;
                    out.push(Segment {
                        from: (x, y0),
                        to: (x, y1),
                    });
                }
            }
        }
        *self = Path::default();
    }
}

/// The segment from `a` to `b` if it runs along an axis.
fn axis_segment(a: (f64, f64), b: (f64, f64)) -> Option<Segment> {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dx < SKEW && dy > SKEW {
        let x = (a.0 + b.0) / 2.0;
        Some(Segment {
            from: (x, a.1.min(b.1)),
            to: (x, a.1.max(b.1)),
        })
    } else if dy < SKEW && dx > SKEW {
        let y = (a.1 + b.1) / 2.0;
        Some(Segment {
            from: (a.0.min(b.0), y),
            to: (a.0.max(b.0), y),
        })
    } else {
        None
    }
}

/// The bounds of a subpath that is an axis-aligned rectangle (four corners, maybe repeated
/// to close).
fn rectangle(s: &Subpath) -> Option<(f64, f64, f64, f64)> {
    let mut pts = s.points.clone();
    if pts.len() == 5 && close_to(pts[0], pts[4]) {
        pts.pop();
    }
    if pts.len() != 4 || s.straight.iter().take(3).any(|st| !st) {
        return None;
    }
    let xs = pts.iter().map(|p| p.0);
    let ys = pts.iter().map(|p| p.1);
    let (x0, x1) = (
        xs.clone().fold(f64::MAX, f64::min),
        xs.fold(f64::MIN, f64::max),
    );
    let (y0, y1) = (
        ys.clone().fold(f64::MAX, f64::min),
        ys.fold(f64::MIN, f64::max),
    );
    let on_edges = pts.iter().all(|&(x, y)| {
        ((x - x0).abs() < SKEW || (x - x1).abs() < SKEW)
            && ((y - y0).abs() < SKEW || (y - y1).abs() < SKEW)
    });
    on_edges.then_some((x0, y0, x1, y1))
}

fn close_to(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < SKEW && (a.1 - b.1).abs() < SKEW
}

/// The decoded bytes of a page's `/Contents` (a stream or an array of streams).
pub fn page_content(page: &Dict<'_>, budget: &mut Budget) -> Result<Vec<u8>, InputError> {
    let mut out = Vec::new();
    if let Some(stream) = page.get::<Stream<'_>>(b"Contents".as_slice()) {
        out = budget.decode(&stream)?;
    } else if let Some(parts) = page.get::<Array<'_>>(b"Contents".as_slice()) {
        for stream in parts.iter::<Stream<'_>>().take(10_000) {
            out.extend_from_slice(&budget.decode(&stream)?);
            out.push(b'\n');
        }
    }
    Ok(out)
}

impl Budget {
    /// Decodes a stream within the budget of decoded bytes. Flate (nearly every content
    /// stream) is inflated here, stopping at the budget, so a stream bomb never fills memory.
    pub fn decode(&mut self, stream: &Stream<'_>) -> Result<Vec<u8>, InputError> {
        use hayro_syntax::Filter;
        let filters = stream.filters();
        let has_params = stream.dict().contains_key(b"DecodeParms".as_slice());
        let data = if filters.as_slice() == [Filter::FlateDecode] && !has_params {
            let raw = stream.raw_data();
            self.inflate(&raw)?
        } else if filters.is_empty() {
            stream.raw_data().into_owned()
        } else {
            // Other filters (rare in content) are decoded whole; a filter that can only
            // expand a little (hex, ASCII85, run length) or LZW of a bounded input.
            if stream.raw_data().len().saturating_mul(64) > self.remaining() {
                return Err(InputError::TooLarge(Limit::Decoded.what()));
            }
            stream
                .decoded()
                .map_err(|_| InputError::Corrupt("PDF 数据流无法解码".into()))?
                .into_owned()
        };
        self.charge(data.len())?;
        Ok(data)
    }

    fn inflate(&mut self, raw: &[u8]) -> Result<Vec<u8>, InputError> {
        use std::io::Read;
        let cap = self.remaining() as u64 + 1;
        let mut out = Vec::new();
        let zlib = flate2::read::ZlibDecoder::new(raw)
            .take(cap)
            .read_to_end(&mut out);
        if zlib.is_err() {
            // A damaged or raw deflate stream: take what inflates, as viewers do.
            out.clear();
            let _ = flate2::read::DeflateDecoder::new(raw)
                .take(cap)
                .read_to_end(&mut out);
            if out.is_empty() {
                let mut partial = Vec::new();
                let _ = flate2::read::ZlibDecoder::new(raw)
                    .take(cap)
                    .read_to_end(&mut partial);
                out = partial;
            }
        }
        if out.len() as u64 >= cap {
            return Err(InputError::TooLarge(Limit::Decoded.what()));
        }
        Ok(out)
    }
}
