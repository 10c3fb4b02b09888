//! Fonts as far as reading text needs them: how a string's bytes split into character codes,
//! each code's text and its advance width. Nothing about glyph shapes.
//!
//! Text comes from, in this order: the font's `/ToUnicode` map; a predefined Chinese encoding
//! of a non-embedded font (`UniGB-UCS2-H` codes are the characters; `GB-EUC-H`, `GBK-EUC-H` and
//! their kin are GB bytes, decoded by the GB18030 decoder the caller passes in); a simple font's
//! declared encoding (`/WinAnsiEncoding`, `/Differences` with the usual glyph names). A code
//! none of these explains has no text: the reader counts such glyphs and refuses the file when
//! there are too many, rather than guess.

use super::Budget;
use crate::decode::{Decoder, Encoding};
use crate::inputs::InputError;
use hayro_cmap::{BfString, CMap};
use hayro_syntax::object::{Array, Dict, Name, Number, Object, Stream};

/// How a string's bytes split into codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Split {
    /// Simple fonts: one byte a code.
    One,
    /// Identity-H, UCS-2 and most CID encodings: two bytes a code.
    Two,
    /// GB encodings: one byte below 0x80, else two (four in GB18030's four-byte range).
    Gb,
}

/// Where a code's text comes from.
enum Text {
    Map(Box<CMap>),
    /// The code is a UCS-2 character (`UniGB-UCS2-H`, `UniGB-UTF16-H`).
    Ucs2,
    /// The code's bytes are GB text.
    Gb,
    /// A simple font's 256 codes.
    Table(Box<[Option<char>; 256]>),
    /// Nothing says what the codes mean.
    Unknown,
}

/// One font of a page's resources.
pub struct Font {
    split: Split,
    text: Text,
    /// Simple fonts: `/FirstChar` and `/Widths`. CID fonts: `/W` and `/DW`.
    first: u32,
    widths: Vec<f64>,
    cid_widths: CidWidths,
    default_width: f64,
    /// Codes are CIDs (Identity-H): `/W` applies to them directly.
    identity: bool,
}

/// A code of a string: its text (empty when unknown), its advance in thousandths of the font
/// size, and whether it is the single-byte code 32 (word spacing applies to it).
pub struct Code {
    pub text: String,
    pub known: bool,
    pub width: f64,
    pub space: bool,
}

impl Font {
    /// Reads a font dictionary; its `/ToUnicode` stream is decoded within `budget`.
    pub fn load(dict: &Dict<'_>, budget: &mut Budget) -> Result<Font, InputError> {
        let subtype = dict.get::<Name<'_>>(b"Subtype".as_slice());
        let to_unicode = match dict.get::<Stream<'_>>(b"ToUnicode".as_slice()) {
            Some(stream) => CMap::parse(&budget.decode(&stream)?, |_| None),
            None => None,
        };
        Ok(Font::read(dict, subtype, to_unicode))
    }

    fn read(dict: &Dict<'_>, subtype: Option<Name<'_>>, to_unicode: Option<CMap>) -> Font {
        if subtype.as_deref() == Some(b"Type0".as_slice()) {
            return Font::type0(dict, to_unicode);
        }
        let first = dict
            .get::<Number>(b"FirstChar".as_slice())
            .map_or(0, |n| n.as_i64().clamp(0, 255) as u32);
        let widths = dict
            .get::<Array<'_>>(b"Widths".as_slice())
            .map(|a| {
                a.iter::<Number>()
                    .take(256)
                    .map(|n| n.as_f64())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        // Type 3 glyph widths are in glyph space (scaled by /FontMatrix, usually 1/1000).
        let scale = if subtype.as_deref() == Some(b"Type3".as_slice()) {
            dict.get::<Array<'_>>(b"FontMatrix".as_slice())
                .and_then(|a| a.iter::<Number>().next())
                .map_or(1.0, |n| n.as_f64() * 1000.0)
        } else {
            1.0
        };
        let widths = widths.into_iter().map(|w| w * scale).collect();
        let text = match to_unicode {
            Some(map) => Text::Map(Box::new(map)),
            None => simple_table(dict).map_or(Text::Unknown, Text::Table),
        };
        Font {
            split: Split::One,
            text,
            first,
            widths,
            cid_widths: CidWidths::default(),
            default_width: 500.0,
            identity: false,
        }
    }

    fn type0(dict: &Dict<'_>, to_unicode: Option<CMap>) -> Font {
        let encoding = dict
            .get::<Name<'_>>(b"Encoding".as_slice())
            .map(|n| n.as_ref().to_vec())
            .unwrap_or_default();
        let enc = encoding.as_slice();
        let identity = enc.is_empty() || enc.starts_with(b"Identity");
        let gb = is_gb_bytes(enc);
        let ucs2 = enc.starts_with(b"UniGB-UCS2") || enc.starts_with(b"UniGB-UTF16");
        let split = if gb { Split::Gb } else { Split::Two };
        let descendant = dict
            .get::<Array<'_>>(b"DescendantFonts".as_slice())
            .and_then(|a| a.iter::<Dict<'_>>().next())
            .unwrap_or_default();
        let default_width = descendant
            .get::<Number>(b"DW".as_slice())
            .map_or(1000.0, |n| n.as_f64());
        let cid_widths = descendant
            .get::<Array<'_>>(b"W".as_slice())
            .map(|w| cid_widths(&w))
            .unwrap_or_default();
        let text = match to_unicode {
            Some(map) => Text::Map(Box::new(map)),
            None if ucs2 => Text::Ucs2,
            None if gb => Text::Gb,
            None => Text::Unknown,
        };
        Font {
            split,
            text,
            first: 0,
            widths: Vec::new(),
            cid_widths,
            default_width,
            identity,
        }
    }

    /// The codes of a string, in order (one at a time: a string may hold millions).
    pub fn codes<'s>(
        &'s self,
        bytes: &'s [u8],
        decoder: Decoder<'s>,
    ) -> impl Iterator<Item = Code> + 's {
        let mut i = 0;
        std::iter::from_fn(move || {
            if i >= bytes.len() {
                return None;
            }
            let len = match self.split {
                Split::One => 1,
                Split::Two => 2,
                Split::Gb => gb_length(&bytes[i..]),
            };
            let piece = &bytes[i..(i + len).min(bytes.len())];
            i += len;
            let code = piece.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b));
            let (text, known) = self.text_of(code, piece, decoder);
            Some(Code {
                known,
                width: self.width(code, piece.len()),
                space: len == 1 && code == 32,
                text,
            })
        })
    }

    fn text_of(&self, code: u32, piece: &[u8], decoder: Decoder) -> (String, bool) {
        let text = match &self.text {
            Text::Map(map) => match map.lookup_bf_string(code) {
                Some(BfString::Char(c)) => Some(c.to_string()),
                Some(BfString::String(s)) => Some(s),
                None => None,
            },
            Text::Ucs2 => char::from_u32(code).map(String::from),
            Text::Gb if piece.len() == 1 => char::from_u32(code).map(String::from),
            Text::Gb => decoder(piece, Encoding::Gb18030, false).ok(),
            Text::Table(table) => table
                .get(code as usize)
                .copied()
                .flatten()
                .map(String::from),
            Text::Unknown => None,
        };
        // A map to nothing, to NUL or to U+FFFD is no better than no map.
        match text {
            Some(t) if !t.is_empty() && !t.contains(['\0', '\u{fffd}']) => (t, true),
            _ => (String::new(), false),
        }
    }

    fn width(&self, code: u32, len: usize) -> f64 {
        if self.split == Split::One {
            return code
                .checked_sub(self.first)
                .and_then(|i| self.widths.get(i as usize))
                .copied()
                .filter(|w| *w > 0.0)
                .unwrap_or(self.default_width);
        }
        if self.identity {
            return self.cid_widths.get(code).unwrap_or(self.default_width);
        }
        // A predefined encoding's CIDs are unknown without its CMap: Latin is half width.
        if len == 1 || code < 0x80 {
            self.default_width / 2.0
        } else {
            self.default_width
        }
    }
}

fn is_gb_bytes(enc: &[u8]) -> bool {
    [
        b"GB-EUC-".as_slice(),
        b"GBpc-EUC-",
        b"GBK-EUC-",
        b"GBKp-EUC-",
        b"GBK2K-",
    ]
    .iter()
    .any(|p| enc.starts_with(p))
}

/// Bytes of the GB character starting `bytes`: one below 0x80, four for GB18030's four-byte
/// form (second byte a digit), else two.
fn gb_length(bytes: &[u8]) -> usize {
    match bytes {
        [b, ..] if *b < 0x80 => 1,
        [_, d, ..] if d.is_ascii_digit() && bytes.len() >= 4 => 4,
        _ => 2,
    }
}

/// Most CIDs: two-byte codes.
const CIDS: usize = 1 << 16;
/// Most widths read from one `/W` (each CID has one; a bigger `/W` repeats itself), and most
/// bytes of its arrays read (an array may be referenced again and again).
const MAX_W_VALUES: usize = 2 * CIDS;
const MAX_W_BYTES: usize = 8 << 20;

/// A CID font's widths from `/W`: runs of consecutive CIDs of one width, sorted, apart.
#[derive(Default)]
struct CidWidths(Vec<(u32, u32, f64)>);

impl CidWidths {
    fn get(&self, cid: u32) -> Option<f64> {
        let i = self.0.partition_point(|&(_, last, _)| last < cid);
        self.0
            .get(i)
            .filter(|&&(first, _, _)| first <= cid)
            .map(|&(_, _, w)| w)
    }
}

/// `/W`: `c [w1 w2 …]` (consecutive CIDs from c) or `c_first c_last w`. Where entries overlap,
/// the first gives the width. Each CID is set once (CIDs past 65,535 are never drawn), and at
/// most [`MAX_W_VALUES`] widths and [`MAX_W_BYTES`] of arrays are read, so a `/W` that repeats
/// itself costs no more.
fn cid_widths(w: &Array<'_>) -> CidWidths {
    let mut table: Vec<Option<f64>> = Vec::new();
    // The next CID not yet set at or after each (a union–find with path splitting), so a range
    // over CIDs already set costs nothing.
    let mut next: Vec<u32> = Vec::new();
    fn free(next: &mut [u32], mut c: usize) -> usize {
        while c < CIDS && next[c] as usize != c {
            let up = next[c] as usize;
            next[c] = if up < CIDS { next[up] } else { up as u32 };
            c = up;
        }
        c
    }
    fn set(table: &mut Vec<Option<f64>>, next: &mut Vec<u32>, cid: usize, w: f64) {
        if table.is_empty() {
            *table = vec![None; CIDS];
            *next = (0..CIDS as u32).collect();
        }
        table[cid] = Some(w);
        next[cid] = cid as u32 + 1;
    }
    // Read one by one: each array read (a reference is resolved as it comes) is counted.
    let mut items = w.iter::<Object<'_>>().take(100_000);
    let (mut values, mut bytes) = (0usize, 0usize);
    let num = |o: Option<Object<'_>>| match o {
        Some(Object::Number(n)) => Some(n.as_f64()),
        _ => None,
    };
    while values < MAX_W_VALUES && bytes < MAX_W_BYTES {
        let Some(first) = num(items.next()) else {
            break;
        };
        let first = first.max(0.0) as u32 as usize;
        match items.next() {
            Some(Object::Array(list)) => {
                bytes += list.data().len();
                for (k, n) in list.iter::<Number>().enumerate().take(65_536) {
                    let cid = first.saturating_add(k);
                    values += 1;
                    if cid >= CIDS || values > MAX_W_VALUES {
                        break;
                    }
                    if table.is_empty() || table[cid].is_none() {
                        set(&mut table, &mut next, cid, n.as_f64());
                    }
                }
            }
            other => {
                let (Some(last), Some(width)) = (num(other), num(items.next())) else {
                    break;
                };
                values += 1;
                let last = (last.max(0.0) as u32 as usize).min(CIDS - 1);
                let mut cid = if table.is_empty() {
                    first
                } else {
                    free(&mut next, first.min(CIDS))
                };
                while cid <= last {
                    set(&mut table, &mut next, cid, width);
                    cid = free(&mut next, cid + 1);
                }
            }
        }
    }
    // Runs of consecutive CIDs of the same width.
    let mut runs: Vec<(u32, u32, f64)> = Vec::new();
    for (cid, w) in table.iter().enumerate() {
        let Some(w) = *w else { continue };
        let cid = cid as u32;
        match runs.last_mut() {
            Some(run) if run.1 + 1 == cid && run.2.to_bits() == w.to_bits() => run.1 = cid,
            _ => runs.push((cid, cid, w)),
        }
    }
    CidWidths(runs)
}

/// A simple font's codes by its declared encoding, or `None` where it declares none that
/// means anything (a symbolic subset font, whose codes are glyph numbers).
fn simple_table(dict: &Dict<'_>) -> Option<Box<[Option<char>; 256]>> {
    let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
    let base = |table: &mut [Option<char>; 256], name: &[u8]| -> bool {
        match name {
            b"WinAnsiEncoding" | b"StandardEncoding" | b"MacRomanEncoding" | b"PDFDocEncoding" => {
                for (code, slot) in table.iter_mut().enumerate().take(0x7f).skip(0x20) {
                    *slot = char::from_u32(code as u32);
                }
                if name == b"WinAnsiEncoding" {
                    for (code, slot) in table.iter_mut().enumerate().skip(0xa0) {
                        *slot = char::from_u32(code as u32);
                    }
                }
                true
            }
            _ => false,
        }
    };
    if let Some(name) = dict.get::<Name<'_>>(b"Encoding".as_slice()) {
        return base(&mut table, name.as_ref()).then_some(table);
    }
    let Some(enc) = dict.get::<Dict<'_>>(b"Encoding".as_slice()) else {
        // No encoding at all: the standard fonts (Helvetica, Times…) use StandardEncoding.
        let standard = dict
            .get::<Name<'_>>(b"BaseFont".as_slice())
            .is_some_and(|n| is_standard_font(n.as_ref()));
        return (standard && base(&mut table, b"StandardEncoding")).then_some(table);
    };
    let mut declared = enc
        .get::<Name<'_>>(b"BaseEncoding".as_slice())
        .is_some_and(|n| base(&mut table, n.as_ref()));
    if let Some(diffs) = enc.get::<Array<'_>>(b"Differences".as_slice()) {
        let mut code = 0usize;
        for item in diffs.iter::<Object<'_>>().take(1024) {
            match item {
                Object::Number(n) => code = n.as_i64().clamp(0, 255) as usize,
                Object::Name(name) => {
                    if code < 256 {
                        table[code] = glyph_char(name.as_ref());
                        declared |= table[code].is_some();
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    declared.then_some(table)
}

fn is_standard_font(name: &[u8]) -> bool {
    let name = name.split(|&b| b == b'+').next_back().unwrap_or(name);
    ["Helvetica", "Times", "Courier", "Arial"]
        .iter()
        .any(|p| name.starts_with(p.as_bytes()))
}

/// The character of a glyph name: `uniXXXX`, `uXXXX[XX]`, a single letter or digit name, or
/// one of the usual punctuation names.
fn glyph_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = name.strip_prefix("uni").filter(|h| h.len() == 4) {
        return hex(h);
    }
    if let Some(h) = name
        .strip_prefix('u')
        .filter(|h| (4..=6).contains(&h.len()))
    {
        return hex(h);
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_ascii_alphabetic().then_some(c);
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("colon", ':'),
        ("semicolon", ';'),
        ("percent", '%'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("hyphen", '-'),
        ("minus", '-'),
        ("plus", '+'),
        ("equal", '='),
        ("less", '<'),
        ("greater", '>'),
        ("slash", '/'),
        ("bracketleft", '['),
        ("bracketright", ']'),
        ("quotesingle", '\''),
        ("quotedbl", '"'),
        ("asterisk", '*'),
        ("numbersign", '#'),
        ("ampersand", '&'),
        ("underscore", '_'),
        ("at", '@'),
        ("exclam", '!'),
        ("question", '?'),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_char(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_char(b"u1F600"), Some('😀'));
        assert_eq!(glyph_char(b"zero"), Some('0'));
        assert_eq!(glyph_char(b"A"), Some('A'));
        assert_eq!(glyph_char(b"g123"), None);
    }

    #[test]
    fn gb_lengths() {
        assert_eq!(gb_length(b"A\xb0"), 1);
        assert_eq!(gb_length(b"\xb0\xa1"), 2);
        assert_eq!(gb_length(b"\x81\x30\x81\x30"), 4);
        assert_eq!(gb_length(b"\xb0"), 2);
    }
}
