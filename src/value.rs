//! Exact figures and indicator values, parsed from cell text. Knows nothing of where the text
//! came from.
//!
//! Money and scores are [`Decimal`]s: `1,087.50`, `4,896,155.12`, `85.52%`, `10` — never
//! floats. Indicator values keep their original text and, where they have them, a comparator,
//! a number and a unit: `≥120.00(万条/月)`, `>=95%`, `=0(起)`, `<2(小时)`, `10个`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a figure cell holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Nothing at all.
    Empty,
    /// `-`, `—`, `/`: "not applicable".
    Placeholder,
    Number(Decimal),
    /// Text that should have been a number (kept for the finding).
    Invalid(String),
}

/// `str::trim`, answered without decoding a character where neither end can be white space
/// (most cells: Chinese text, digits): the first two bytes start no white-space character and
/// the last two end none.
#[inline]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    if b.is_empty() || !starts_white(b) && !ends_white(b) {
        s
    } else {
        s.trim()
    }
}

/// Whether non-empty `b` may start with white space (`char::is_whitespace`: U+0009–000D,
/// U+0020, U+0085, U+00A0, U+1680, U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000), told
/// by its first two bytes. A lead byte alone would say yes to every `《` or `、` (E3) and `“`
/// (E2) that starts a cell.
fn starts_white(b: &[u8]) -> bool {
    let second = b.get(1).copied().unwrap_or(0);
    match b[0] {
        0x09..=0x0D | 0x20 => true,
        0xC2 => matches!(second, 0x85 | 0xA0),
        0xE1 => second == 0x9A,
        0xE2 => matches!(second, 0x80 | 0x81),
        0xE3 => second == 0x80,
        _ => false,
    }
}

/// Whether non-empty `b` may end with white space, told by its last two bytes (the last byte
/// alone, 80–8A, would say yes to every character that ends like `元`, E5 85 83).
fn ends_white(b: &[u8]) -> bool {
    let n = b.len();
    let before = if n >= 2 { b[n - 2] } else { 0 };
    match b[n - 1] {
        0x09..=0x0D | 0x20 => true,
        // U+0085 (C2 85), U+1680 (E1 9A 80), U+2000–200A (E2 80 80–8A), U+3000 (E3 80 80).
        0x80..=0x8A => matches!(before, 0x80 | 0x9A | 0xC2),
        // U+205F (E2 81 9F).
        0x9F => before == 0x81,
        // U+00A0 (C2 A0).
        0xA0 => before == 0xC2,
        // U+2028, U+2029, U+202F (E2 80 A8, A9, AF).
        0xA8 | 0xA9 | 0xAF => before == 0x80,
        _ => false,
    }
}

/// `template` with each `{name}` of `values` replaced by its text, in one pass and one string:
/// a value's own text is never searched for names (a subject that reads `{found}` stays so).
/// A `{` that starts no name is kept.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let room = values.iter().map(|(_, v)| v.len()).sum::<usize>();
    let mut out = String::with_capacity(template.len() + room);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = values
            .iter()
            .find(|(name, _)| after.starts_with(name) && after[name.len()..].starts_with('}'));
        match named {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `needle` occurs in `hay`, as `str::contains` says for text (UTF-8 never matches
/// inside a character), quicker on a cell's few bytes (the standard search prepares itself for
/// long texts on every call): a window is compared only where its last byte and its first
/// match. Bytes not yet decoded (a line the stream looks at) are searched the same way.
pub fn holds(hay: impl AsRef<[u8]>, needle: impl AsRef<[u8]>) -> bool {
    let (h, n) = (hay.as_ref(), needle.as_ref());
    let (Some(&first), Some(&last)) = (n.first(), n.last()) else {
        return true;
    };
    h.len() >= n.len()
        && h.windows(n.len())
            .any(|w| w[n.len() - 1] == last && w[0] == first && w == n)
}

fn is_placeholder(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            matches!(
                c,
                '-' | '—' | '–' | '－' | '/' | '／' | '\\' | '―' | '一' | ' '
            )
        })
        && s.chars().count() <= 3
}

/// Folds every full-width ASCII form to ASCII (for parsing only; text keeps its form).
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Trimmed text [`fold`]ed and trimmed again; the text itself, not copied, where nothing folds.
fn folded(t: &str) -> std::borrow::Cow<'_, str> {
    // Both start with byte EF or E3: most cells are passed over without decoding.
    if t.bytes().any(|b| b == 0xEF || b == 0xE3)
        && t.chars()
            .any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}')
    {
        std::borrow::Cow::Owned(trim(&fold(t)).to_owned())
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// Parses a figure cell: a plain decimal with optional sign, thousands separators and `%`.
pub fn figure(raw: &str) -> Figure {
    // The usual cell, `15.00`, read as it is: [`read_figure`] would find nothing to trim, fold
    // or strip in it.
    match short_plain(raw.as_bytes()) {
        Some(d) => Figure::Number(d),
        None => read_figure(raw),
    }
}

/// [`figure`] for any cell.
fn read_figure(raw: &str) -> Figure {
    let t = trim(raw);
    let folded = folded(t);
    let s: &str = &folded;
    if s.is_empty() {
        return Figure::Empty;
    }
    if is_placeholder(s) {
        return Figure::Placeholder;
    }
    let body = s.strip_suffix('%').unwrap_or(s).trim_end();
    let body = body.strip_suffix('分').unwrap_or(body).trim_end();
    match decimal(body) {
        Some(d) => Figure::Number(d),
        None => Figure::Invalid(t.to_owned()),
    }
}

/// Serde for a decimal field: the very text rust_decimal's own `Serialize` writes (`15.00`,
/// `0.005`, `-3`), made without its division of the 96-bit mantissa a digit at a time where the
/// mantissa fits 64 bits (every figure of a form), which was most of the cost of writing the
/// report's numbers. The text is written backwards in one pass, two digits at a time.
/// `#[serde(serialize_with = "crate::value::write_decimal")]`; for an `Option<Decimal>`,
/// [`write_optional_decimal`].
pub fn write_decimal<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let Ok(m) = u64::try_from(d.mantissa().unsigned_abs()) else {
        return Serialize::serialize(d, s);
    };
    let scale = d.scale() as usize;
    // Beyond 10^19 the fraction is the whole mantissa (below 2^64 < 10^20).
    let (whole, fraction) = match POWERS_OF_TEN.get(scale) {
        Some(p) => (m / p, m % p),
        None => (0, m),
    };
    // From the end of a window of zeros: the fraction's digits (the zeros before them pad it
    // to the scale, at most 28), the dot, the whole part's (at least one; 20 less the scale
    // at most), the sign: 31 bytes at most.
    let mut window = Window([b'0'; 32]);
    let text = &mut window.0;
    let mut at = text.len();
    if scale > 0 {
        digits_before(text, at, fraction);
        at -= scale + 1;
        text[at] = b'.';
    }
    at = digits_before(text, at, whole);
    if d.is_sign_negative() {
        at -= 1;
        text[at] = b'-';
    }
    // The whole window read as UTF-8, a word at a time, costs less than its end byte by byte.
    let text = std::str::from_utf8(&window.0).expect("ASCII digits");
    s.serialize_str(&text[at..])
}

/// The text of a decimal being written, aligned to eight bytes: its check as UTF-8 then reads
/// words, not bytes.
#[repr(align(8))]
struct Window([u8; 32]);

/// 10^0 to 10^19, every power of ten a `u64` holds.
const POWERS_OF_TEN: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// `00`, `01`, … `99`: the digits of every number below 100, two bytes each.
const DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// Writes the decimal digits of `v` (at least one) into `text` just before `end`, two at a
/// time; where they start.
fn digits_before(text: &mut [u8], mut end: usize, mut v: u64) -> usize {
    let mut pair = |end: &mut usize, two: u64| {
        let at = two as usize * 2;
        *end -= 2;
        text[*end..*end + 2].copy_from_slice(&DIGIT_PAIRS[at..at + 2]);
    };
    while v >= 100 {
        pair(&mut end, v % 100);
        v /= 100;
    }
    if v >= 10 {
        pair(&mut end, v);
    } else {
        end -= 1;
        text[end] = b'0' + v as u8;
    }
    end
}

/// [`write_decimal`] for an `Option<Decimal>` field (`null` for `None`).
pub fn write_optional_decimal<S: serde::Serializer>(
    d: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&Written(d)),
        None => s.serialize_none(),
    }
}

/// A decimal written by [`write_decimal`].
struct Written<'a>(&'a Decimal);

impl Serialize for Written<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_decimal(self.0, s)
    }
}

/// A strict decimal: `[+-]digits[.digits]`, with `,` thousands groups of three allowed.
pub fn decimal(s: &str) -> Option<Decimal> {
    let s = trim(s);
    let (sign, body) = match s.as_bytes().first()? {
        b'-' => ("-", &s[1..]),
        b'+' => ("", &s[1..]),
        _ => ("", s),
    };
    // The common case, `15.00`: digits and at most one dot, read in one pass.
    let bytes = body.as_bytes();
    if let Some(d) = short_plain(bytes) {
        return Some(if sign == "-" { -d } else { d });
    }
    // Longer digits and a dot (`long_plain` tells anything else, which the reading of
    // thousands groups below takes).
    if bytes.first().is_some_and(u8::is_ascii_digit) && !body.ends_with('.') {
        if let Some(d) = long_plain(bytes, false) {
            return Some(if sign == "-" { -d } else { d });
        }
    }
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || !int.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let digits: String = if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let ok = (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        if !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        int.to_owned()
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let text = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    // More than 28 significant digits do not fit a Decimal: not a figure a form can hold.
    long_plain(text.as_bytes(), sign == "-")
}

/// `digits[.digits]` of any length, read exactly as `Decimal::from_str` reads it (and
/// `-` before it where `negative`): digits past the 28th after the dot, or past what 96 bits
/// hold there, rounded half up on the first of them; too many before the dot is `None`. Its
/// own reading rather than `from_str`'s, whose dispatch on every kind of text (signs,
/// underscores, exponents) is about 12 KB of the page's module for what is nearly always
/// fewer than 19 digits, read by [`short_plain`] before this.
fn long_plain(body: &[u8], negative: bool) -> Option<Decimal> {
    const LIMIT: u128 = 1 << 96;
    let (mut data, mut scale, mut dot, mut any) = (0u128, 0u32, false, false);
    let mut at = 0;
    while at < body.len() {
        let b = body[at];
        at += 1;
        if b == b'.' && !dot {
            dot = true;
            continue;
        }
        if !b.is_ascii_digit() {
            return None;
        }
        any = true;
        let next = data * 10 + u128::from(b - b'0');
        if next >= LIMIT {
            // A digit that no longer fits: where it is after the dot, it rounds.
            return if dot {
                round(data, b, &body[at..], scale, negative)
            } else {
                None
            };
        }
        data = next;
        scale += u32::from(dot);
        if dot && scale >= 28 && at < body.len() {
            return round(data, body[at], &body[at + 1..], scale, negative);
        }
    }
    any.then(|| parts(data, negative, scale))
}

/// [`long_plain`]'s rounding on `next`, the first digit that does not fit: half up, by a
/// tenth where that overflows the 96 bits; the rest must be digits.
fn round(mut data: u128, next: u8, rest: &[u8], mut scale: u32, negative: bool) -> Option<Decimal> {
    if !next.is_ascii_digit() || !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if next >= b'5' {
        data += 1;
        if data >= 1 << 96 {
            // As rust_decimal does it; with no digit after the dot to give up, too large.
            scale = scale.checked_sub(1)?;
            data = (data + 4) / 10;
        }
    }
    Some(parts(data, negative, scale))
}

/// A decimal of a 96-bit mantissa, its sign (none for zero) and scale.
fn parts(data: u128, negative: bool, scale: u32) -> Decimal {
    Decimal::from_parts(
        data as u32,
        (data >> 32) as u32,
        (data >> 64) as u32,
        negative,
        scale,
    )
}

/// `digits[.digits]` of at most 18 bytes (so its digits fit an `i64`): the mantissa and scale
/// read in one pass, as `Decimal::from_str` gives them (`15.00` is 1500 at scale 2). `None` for
/// anything else, which the full reading takes.
fn short_plain(body: &[u8]) -> Option<Decimal> {
    if body.is_empty() || body.len() > 18 || !body[0].is_ascii_digit() {
        return None;
    }
    let (mut mantissa, mut scale, mut dot) = (0i64, 0u32, false);
    for &b in body {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                scale += u32::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    // `15.` is no figure.
    if dot && scale == 0 {
        return None;
    }
    Some(Decimal::new(mantissa, scale))
}

/// A plain number cell as found in the 分值 and 得分 columns: no unit, no comparator, no `%`.
pub fn plain_number(raw: &str) -> Option<Decimal> {
    // As in `figure`: `15.00` read as it is.
    short_plain(raw.as_bytes()).or_else(|| read_plain_number(raw))
}

/// [`plain_number`] for any cell.
fn read_plain_number(raw: &str) -> Option<Decimal> {
    let t = trim(raw);
    let first = t.chars().next()?;
    if !(first.is_ascii_digit() || matches!(first, '-' | '+' | '０'..='９' | '－' | '＋')) {
        return None;
    }
    let folded = folded(t);
    let s: &str = &folded;
    decimal(s.strip_suffix('分').unwrap_or(s).trim_end())
}

/// How an indicator's target compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "native", derive(schemars::JsonSchema))]
pub enum Comparator {
    #[serde(rename = "≥")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
}

impl Comparator {
    /// Lower figures are better (`≤`, `<`).
    pub fn lower_is_better(self) -> bool {
        matches!(self, Comparator::Le | Comparator::Lt)
    }
}

/// Comparator spellings, longest first so `>=` wins over `>`.
const COMPARATORS: &[(&str, Comparator)] = &[
    ("大于或等于", Comparator::Ge),
    ("小于或等于", Comparator::Le),
    ("大于等于", Comparator::Ge),
    ("小于等于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不大于", Comparator::Le),
    ("不多于", Comparator::Le),
    (">=", Comparator::Ge),
    ("=>", Comparator::Ge),
    ("<=", Comparator::Le),
    ("=<", Comparator::Le),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("⩾", Comparator::Ge),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    ("⩽", Comparator::Le),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    ("等于", Comparator::Eq),
    ("==", Comparator::Eq),
    (">", Comparator::Gt),
    ("<", Comparator::Lt),
    ("=", Comparator::Eq),
    ("﹦", Comparator::Eq),
];

/// A 年度指标值 or 实际完成值: the text as printed and what could be read from it. Read back
/// from JSON it is parsed again from its `text`, so the other fields can never disagree with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "native", derive(schemars::JsonSchema))]
pub struct IndicatorValue {
    pub text: String,
    pub comparator: Option<Comparator>,
    #[cfg_attr(feature = "native", schemars(with = "Option<String>"))]
    #[serde(serialize_with = "crate::value::write_optional_decimal")]
    pub number: Option<Decimal>,
    pub unit: Option<String>,
}

/// What JSON must give of an [`IndicatorValue`]: its text.
#[derive(Deserialize)]
struct ValueText {
    text: String,
}

impl<'de> Deserialize<'de> for IndicatorValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<IndicatorValue, D::Error> {
        ValueText::deserialize(d).map(|v| IndicatorValue::parse(&v.text))
    }
}

impl IndicatorValue {
    /// Reads `≥120.00(万条/月)`, `>=95%`, `=0(起)`, `10个`, `100.00 (%)`. Text with no leading
    /// number (`及时`, `达成指标`, `黄陂北路100%`) keeps only its text.
    pub fn parse(text: &str) -> IndicatorValue {
        IndicatorValue::of(trim(text).to_owned())
    }

    /// [`IndicatorValue::parse`] of a text the caller made and gives up: kept as it is where
    /// trimming changes nothing, not copied again.
    pub fn parse_owned(text: String) -> IndicatorValue {
        if trim(&text).len() == text.len() {
            IndicatorValue::of(text)
        } else {
            IndicatorValue::parse(&text)
        }
    }

    /// The value of a trimmed text.
    fn of(trimmed: String) -> IndicatorValue {
        let folded = folded(&trimmed);
        let mut rest: &str = &folded;
        let mut comparator = None;
        let lead = rest.as_bytes().first().copied();
        // No spelling starts with a digit, as most values do.
        let spelled = lead.is_some_and(|b| !b.is_ascii_digit());
        for (spelling, cmp) in COMPARATORS.iter().filter(|_| spelled) {
            if spelling.as_bytes().first().copied() != lead {
                continue;
            }
            if let Some(r) = rest.strip_prefix(spelling) {
                comparator = Some(*cmp);
                rest = r.trim_start();
                break;
            }
        }
        let end = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
            .map_or(rest.len(), |(i, _)| i);
        let mut number_text = &rest[..end];
        // `1,000` is a number, `3,` is not: hand a trailing separator back to the unit.
        while number_text.ends_with([',', '.']) {
            number_text = &number_text[..number_text.len() - 1];
        }
        let number = decimal(number_text);
        let unit = number.and_then(|_| unit(&rest[number_text.len()..]));
        let comparator = comparator.filter(|_| number.is_some());
        drop(folded);
        IndicatorValue {
            text: trimmed,
            comparator,
            number,
            unit,
        }
    }
}

/// A unit as written after a number, without brackets or spaces: `(万条/月)` → `万条/月`.
fn unit(rest: &str) -> Option<String> {
    let mut u = String::with_capacity(rest.len());
    u.extend(
        rest.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）' | '[' | ']')),
    );
    (!u.is_empty()).then_some(u)
}

/// Is `c` written without spaces around it in Chinese text?
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{20000}'..='\u{2FA1F}'
        | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Text as a person wrote it: runs of white space become one space, and the spaces a PDF line
/// wrap put between two Chinese characters (`满意度指 标`, `选 拔`) are removed.
pub fn clean_text(s: &str) -> String {
    let s = trim(s);
    let Some(first) = first_white_space(s) else {
        return s.to_owned();
    };
    let mut out = String::with_capacity(s.len());
    // Text is copied a run at a time up to the next white space other than a line break
    // ([`may_start_white_space`]); a run of white space becomes one space, or none next to a line
    // break or between two CJK characters.
    let (mut at, mut from) = (first, 0);
    let b = s.as_bytes();
    while let Some(stop) = next_stop(b, at, may_start_white_space) {
        at = stop;
        let Some(c) = white_space_at(s, at).filter(|&c| c != '\n') else {
            at += 1;
            continue;
        };
        out.push_str(&s[from..at]);
        at += c.len_utf8();
        let mut rest = s[at..].chars();
        let next = loop {
            match rest.next() {
                Some(c) if c.is_whitespace() && c != '\n' => at += c.len_utf8(),
                other => break other,
            }
        };
        // (Trimmed text ends in no white space: a run is always followed.)
        if let Some(c) = next {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !(out.ends_with('\n') || c == '\n' || prev_cjk && is_cjk(c)) {
                out.push(' ');
            }
        }
        from = at;
    }
    out.push_str(&s[from..]);
    out
}

/// Where the first white space (`char::is_whitespace`) of `s` starts, looked for a word at a
/// time: only the characters [`may_start_white_space`] starts are decoded.
fn first_white_space(s: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = next_stop(s.as_bytes(), at, may_start_white_space) {
        if white_space_at(s, i).is_some() {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// The first bytes of white space: ASCII white space, and C2, E1, E2 or E3 (the others:
/// U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000). None is a byte inside a character.
fn may_start_white_space(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// The first bytes of what [`key`] changes: white space, and EF (U+FF01–U+FF5E).
fn may_start_keyed(b: u8) -> bool {
    may_start_white_space(b) || b == 0xEF
}

/// The first place at or after `at` whose byte `stop` accepts, where `stop` is
/// [`may_start_white_space`] or [`may_start_keyed`] (the word test below knows those two sets
/// only). The text is read eight bytes at a time: a word is looked at byte by byte only if it
/// holds a byte below 0x21, C2, E0–E3 or (for the keyed set) EF, so Chinese text and digits
/// pass a word at a time.
fn next_stop(b: &[u8], mut at: usize, stop: fn(u8) -> bool) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `w` is below `n` (n ≤ 128; exact as a whole, Hacker's Delight 6-1).
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH != 0;
    let keyed = stop(0xEF);
    while let Some(word) = b.get(at..at + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let maybe = below(w, 0x21)
            || below(w ^ (ONES * 0xE0), 4)
            || below(w ^ (ONES * 0xC2), 1)
            || keyed && below(w ^ (ONES * 0xEF), 1);
        if maybe {
            if let Some(p) = word.iter().position(|&x| stop(x)) {
                return Some(at + p);
            }
        }
        at += 8;
    }
    b[at.min(b.len())..]
        .iter()
        .position(|&x| stop(x))
        .map(|p| at + p)
}

/// The white space that starts at byte `i` of `s` (a byte [`may_start_white_space`]), if any.
fn white_space_at(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next().filter(|c| c.is_whitespace())
}

/// A label for matching: every space removed, full-width folded. The text between the
/// characters that change (white space, U+FF01–U+FF5E: first bytes as in
/// [`first_white_space`], and EF) is copied a run at a time; text with nothing to change is
/// borrowed, not copied.
pub fn key(s: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let b = s.as_bytes();
    let (mut from, mut at) = (0, 0);
    while let Some(stop) = next_stop(b, at, may_start_keyed) {
        at = stop;
        let c = s[at..].chars().next().expect("at a character's first byte");
        if let Some(replacement) = keyed_char(c) {
            if out.capacity() == 0 {
                out.reserve(s.len());
            }
            out.push_str(&s[from..at]);
            out.extend(replacement);
            from = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    if out.capacity() == 0 {
        return std::borrow::Cow::Borrowed(s);
    }
    out.push_str(&s[from..]);
    std::borrow::Cow::Owned(out)
}

/// Whether [`key`] may change `c` (drop or fold it), told by its first byte as
/// [`may_start_keyed`] tells it: never false for a character it changes.
pub fn may_change_in_key(c: char) -> bool {
    may_start_keyed(c.encode_utf8(&mut [0; 4]).as_bytes()[0])
}

/// What [`key`] makes of a character: `None` where it is kept, `Some(None)` where it is dropped
/// (white space), `Some(Some(c))` where it is folded (U+FF01–U+FF5E to ASCII).
fn keyed_char(c: char) -> Option<Option<char>> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => Some(char::from_u32(c as u32 - 0xFF01 + 0x21)),
        c if c.is_whitespace() => Some(None),
        _ => None,
    }
}

/// Whether [`key`] changes `s`, told at the first character it would change (cheaper than
/// making the key: most cells have none, and a keyed one is found early).
#[inline]
pub fn key_differs(s: &str) -> bool {
    let b = s.as_bytes();
    let mut at = 0;
    while let Some(i) = next_stop(b, at, may_start_keyed) {
        let c = s[i..].chars().next().expect("at a character's first byte");
        if keyed_char(c).is_some() {
            return true;
        }
        at = i + 1;
    }
    false
}

/// Text of a rich cell: `<p>` paragraphs become lines, other tags go, spacing is cleaned.
pub fn paragraphs(s: &str) -> String {
    if !s.bytes().any(|b| b == b'<' || b == b'\n') {
        return clean_text(s);
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match after.find('>') {
            Some(close) if close <= 12 && is_tag(&after[1..close]) => {
                let tag = after[1..close].trim().to_ascii_lowercase();
                if tag == "/p" || tag.starts_with("br") {
                    out.push('\n');
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    let lines: Vec<String> = out
        .split('\n')
        .map(clean_text)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn is_tag(inner: &str) -> bool {
    let t = inner
        .trim()
        .trim_end_matches('/')
        .trim()
        .to_ascii_lowercase();
    let name = t.trim_start_matches('/');
    matches!(
        name.split_whitespace().next(),
        Some("p" | "br" | "span" | "b" | "strong" | "div")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// A decimal as [`write_decimal`] writes it, and as rust_decimal's own `Serialize` does.
    fn both(d: Decimal) -> (String, String) {
        let ours = serde_json::to_string(&Written(&d)).unwrap();
        let theirs = serde_json::to_string(&d).unwrap();
        (ours, theirs)
    }

    #[test]
    fn decimals_are_written_as_rust_decimal_writes_them() {
        let mut cases = vec![Decimal::ZERO, -Decimal::ZERO, Decimal::MAX, Decimal::MIN];
        for scale in 0..=28 {
            for m in [
                0i128,
                1,
                5,
                9,
                10,
                1500,
                9_999,
                u64::MAX as i128,
                u64::MAX as i128 + 1,
            ] {
                for sign in [1, -1] {
                    cases.push(Decimal::from_i128_with_scale(sign * m, scale));
                }
            }
        }
        for text in [
            "15.00",
            "0.005",
            "-0.00",
            "-3",
            "100",
            "0.0000000000000000000000000001",
        ] {
            cases.push(Decimal::from_str(text).unwrap());
        }
        // Mantissas of every length up to 20 digits, at every scale and sign: each length's
        // first, last and a middle one (odd and even digit counts, a pair and a single digit
        // first), and the largest that fits 64 bits.
        for digits in 1..=20u32 {
            let low = 10u128.pow(digits - 1);
            let high = (10u128.pow(digits) - 1).min(u64::MAX as u128);
            for m in [low, low + 7, (low + high) / 2 + 3, high, u64::MAX as u128] {
                for scale in 0..=28 {
                    for sign in [1, -1] {
                        let m = i128::try_from(m).unwrap();
                        cases.push(Decimal::from_i128_with_scale(sign * m, scale));
                    }
                }
            }
        }
        for d in cases {
            let (ours, theirs) = both(d);
            assert_eq!(ours, theirs, "{d:?}");
        }
        // And `None` as `null`, through the optional form.
        #[derive(Serialize)]
        struct Field(#[serde(serialize_with = "write_optional_decimal")] Option<Decimal>);
        assert_eq!(serde_json::to_string(&Field(None)).unwrap(), "null");
        let d = Decimal::from_str("93.83").unwrap();
        assert_eq!(serde_json::to_string(&Field(Some(d))).unwrap(), "\"93.83\"");
    }

    proptest::proptest! {
        #[test]
        fn any_decimal_is_written_as_rust_decimal_writes_it(
            mantissa in -(1i128 << 96) + 1..(1i128 << 96),
            scale in 0u32..=28,
            small in proptest::prelude::any::<i64>(),
        ) {
            for m in [mantissa, i128::from(small)] {
                let (ours, theirs) = both(Decimal::from_i128_with_scale(m, scale));
                proptest::prop_assert_eq!(ours, theirs);
            }
        }
    }

    #[test]
    fn fill_replaces_each_name_once_and_never_inside_a_value() {
        let values = [
            ("subject", "指标甲"),
            ("found", "5"),
            ("expected", "（空）"),
        ];
        assert_eq!(
            fill(
                "「{subject}」得分 {found}，应为 {expected}；{found}",
                &values
            ),
            "「指标甲」得分 5，应为 （空）；5"
        );
        // A value that reads like a name stays as it is; a brace that starts no name is kept.
        let odd = [("subject", "{found}{"), ("found", "x")];
        assert_eq!(
            fill("{subject}|{found}|{other}|{", &odd),
            "{found}{|x|{other}|{"
        );
        assert_eq!(fill("", &odd), "");
        assert_eq!(
            fill(
                "indicators[{index}].{column}",
                &[("index", "12"), ("column", "score")]
            ),
            "indicators[12].score"
        );
        // Where no value holds a brace, what chained `str::replace` gives: every registry
        // message with every filling of names and texts.
        for spec in crate::findings::REGISTRY {
            let (s, f, e) = ("名称（一）", "1.00", "2.00");
            let chained = spec
                .message
                .replace("{subject}", s)
                .replace("{found}", f)
                .replace("{expected}", e);
            let values = [("subject", s), ("found", f), ("expected", e)];
            assert_eq!(fill(spec.message, &values), chained, "{}", spec.code);
        }
    }

    /// The digits of a number are its digits, for every number of up to 20 digits.
    #[test]
    fn digits_before_writes_every_number_as_it_is_printed() {
        let mut numbers: Vec<u64> = (0..=1_000).collect();
        for digits in 1..=19 {
            let p = 10u64.pow(digits);
            numbers.extend([p - 1, p, p + 1, p + p / 3]);
        }
        numbers.extend([u64::MAX, u64::MAX - 1, u64::MAX / 7]);
        for v in numbers {
            let mut text = [b'x'; 24];
            let start = digits_before(&mut text, 22, v);
            assert_eq!(
                std::str::from_utf8(&text[start..22]),
                Ok(v.to_string().as_str())
            );
            // Nothing is written outside its place.
            assert!(
                text[..start].iter().chain(&text[22..]).all(|&b| b == b'x'),
                "{v}"
            );
        }
    }

    /// Every white-space character, the characters whose bytes look like theirs, and text.
    const AWKWARD: &[char] = &[
        '\t', '\n', '\u{0B}', '\u{0C}', '\r', ' ', '\u{1C}', '\u{85}', '\u{A0}', '\u{A1}',
        '\u{1680}', '\u{1681}', '\u{2000}', '\u{200A}', '\u{200B}', '\u{2028}', '\u{2029}',
        '\u{202F}', '\u{205F}', '\u{2060}', '\u{3000}', '\u{3001}', '\u{FF01}', '\u{FF5E}',
        '\u{FEFF}', '元', '是', '1', '.', 'a', '《', '\u{2081}', '\u{3080}', '\u{1A80}',
        '\u{2100}',
    ];

    /// Every string of up to `most` of the awkward characters (some more than once).
    fn awkward_strings(most: usize) -> Vec<String> {
        let mut strings = vec![String::new()];
        for _ in 0..most {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| AWKWARD.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        strings.dedup();
        strings
    }

    /// Every string of up to seven of `chars`, and plain numbers of 16 to 20 digits (the
    /// longest a `short_plain` takes) with and without a dot.
    fn number_like(chars: &[char]) -> Vec<String> {
        let mut strings = vec![String::new()];
        for _ in 0..7 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| chars.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        for n in 16..=20 {
            let nines = "9".repeat(n);
            strings.push(nines.clone());
            for at in 1..n {
                strings.push(format!("{}.{}", &nines[..at], &nines[at..]));
            }
        }
        strings
    }

    /// `figure` and `plain_number` read a cell as their full readings do (to the scale:
    /// `Decimal`'s `==` would take 1.50 for 1.5), where they take the usual `15.00` as it is:
    /// on every string of up to seven of `0 5 . - 分 %` and space, and on every fixture cell.
    #[test]
    fn figures_read_as_it_is_read_as_the_full_reading() {
        let mut strings = number_like(&['0', '5', '.', '-', '分', '%', ' ']);
        for (name, text) in crate::recognize::census_tests::fixtures() {
            let sep = if name.ends_with(".csv") { ',' } else { '\t' };
            strings.extend(text.lines().flat_map(|l| l.split(sep)).map(String::from));
        }
        let (mut quick, mut all) = (0, 0);
        for s in &strings {
            let shown = |f: &Figure| format!("{f:?}");
            assert_eq!(shown(&figure(s)), shown(&read_figure(s)), "{s:?}");
            let plain = plain_number(s).map(|d| d.to_string());
            assert_eq!(plain, read_plain_number(s).map(|d| d.to_string()), "{s:?}");
            quick += usize::from(short_plain(s.as_bytes()).is_some());
            all += 1;
        }
        assert!(quick > 2_000 && all > quick * 5, "{quick} of {all}");
    }

    /// What `long_plain` read, to the sign and scale, against `Decimal::from_str` on the same
    /// text (with `-` before it where negative).
    fn long_plain_as_from_str(body: &str) {
        for negative in [false, true] {
            let ours = long_plain(body.as_bytes(), negative);
            let text = if negative {
                format!("-{body}")
            } else {
                body.to_owned()
            };
            let theirs = Decimal::from_str(&text).ok();
            let seen =
                |d: Option<Decimal>| d.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative()));
            assert_eq!(seen(ours), seen(theirs), "{text}");
        }
    }

    /// `long_plain` reads every `digits[.digits]` as `Decimal::from_str` does: up to 45 digits
    /// with the dot at every place, around the 96 bits' limit (79228162514264337593543950335)
    /// and the 28 places' rounding, half up, and where rounding overflows.
    #[test]
    fn long_plain_reads_as_from_str_does() {
        let limit = (1u128 << 96).to_string();
        let below = ((1u128 << 96) - 1).to_string();
        let mut digits: Vec<String> = vec![
            limit.clone(),
            below.clone(),
            format!("{below}9"),
            format!("{below}4"),
            format!("{below}5"),
            format!("{below}49"),
            format!("{below}50"),
            ((1u128 << 96) / 10).to_string() + "5",
            "9".repeat(45),
            "0".repeat(30) + "15",
            "1".to_string() + &"0".repeat(44),
            "123456789".repeat(5),
        ];
        for tail in ["4", "5", "49999", "50000", "9"] {
            digits.push("1".repeat(28) + tail);
            digits.push("0".repeat(28) + tail);
            digits.push("9".repeat(29) + tail);
        }
        let mut tried = 0;
        for d in &digits {
            for len in 1..=d.len() {
                let d = &d[..len];
                long_plain_as_from_str(d);
                for dot in 0..=len {
                    long_plain_as_from_str(&format!("{}.{}", &d[..dot], &d[dot..]));
                    tried += 1;
                }
            }
        }
        for odd in [".", "", "1..2", "1.2.3", "12a", ".5", "5.", "0.", "00.000"] {
            long_plain_as_from_str(odd);
        }
        assert!(tried > 10_000, "{tried}");
    }

    proptest::proptest! {
        #[test]
        fn long_plain_reads_any_digits_as_from_str_does(s in "[0-9]{0,40}(\\.[0-9]{0,40})?") {
            long_plain_as_from_str(&s);
        }
    }

    /// `short_plain` reads what `Decimal::from_str` reads, to the scale, on every string of
    /// up to seven of `0 5 9 . a -` and on the longest it takes; it takes every plain
    /// `digits[.digits]` of up to 18 bytes.
    #[test]
    fn short_plain_is_from_str() {
        let strings = number_like(&['0', '5', '9', '.', 'a', '-']);
        let mut taken = 0;
        for s in &strings {
            let plain = s.len() <= 18
                && s.starts_with(|c: char| c.is_ascii_digit())
                && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && s.matches('.').count() <= 1
                && !s.ends_with('.');
            match short_plain(s.as_bytes()) {
                Some(d) => {
                    let std = Decimal::from_str(s).unwrap();
                    assert_eq!(
                        (d.mantissa(), d.scale()),
                        (std.mantissa(), std.scale()),
                        "{s}"
                    );
                    assert_eq!(d.to_string(), std.to_string(), "{s}");
                    taken += 1;
                }
                None => assert!(!plain, "{s} is plain"),
            }
        }
        assert!(taken > 2_000, "{taken}");
    }

    /// `key` and `clean_text`'s test for white space, read a run at a time, give what a
    /// reading of each character gives, on every string of up to three awkward characters.
    #[test]
    fn key_and_white_space_read_by_runs_are_read_by_chars() {
        let by_chars = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c {
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap(),
                    c => c,
                })
                .collect()
        };
        let strings = awkward_strings(3);
        assert!(strings.len() > 27_000);
        for s in &strings {
            assert_eq!(key(s), by_chars(s), "{s:?}");
            assert_eq!(first_white_space(s), s.find(char::is_whitespace), "{s:?}");
        }
    }

    /// `clean_text` copying runs gives what its reading of each character gave, on every
    /// string of up to four awkward characters.
    #[test]
    fn clean_text_by_runs_is_clean_text_by_chars() {
        let by_chars = |s: &str| -> String {
            let mut out = String::new();
            let mut pending_space = false;
            for c in s.trim().chars() {
                if c.is_whitespace() && c != '\n' {
                    pending_space = true;
                    continue;
                }
                if pending_space {
                    let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
                    if !(out.ends_with('\n') || c == '\n' || prev_cjk && is_cjk(c)) {
                        out.push(' ');
                    }
                    pending_space = false;
                }
                out.push(c);
            }
            out
        };
        let strings = awkward_strings(4);
        assert!(strings.len() > 800_000);
        for s in &strings {
            assert_eq!(clean_text(s), by_chars(s), "{s:?}");
        }
    }

    /// `key_differs` tells, and `key` copies, exactly the texts with white space or a full-width
    /// form; `key` borrows the rest. `grid::Cell` keeps a key only for those.
    #[test]
    fn key_copies_only_text_with_white_space_or_full_width() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            // Long texts too, where the text is read a word at a time.
            for s in [
                c.to_string(),
                format!("元{c}是"),
                format!("a{c}"),
                format!("财政项目支出{c}绩效自评表"),
                format!("1234567890{c}"),
            ] {
                let expected = s
                    .chars()
                    .any(|c| c.is_whitespace() || ('\u{FF01}'..='\u{FF5E}').contains(&c));
                assert_eq!(key_differs(&s), expected, "{s:?}");
                let copied = matches!(key(&s), std::borrow::Cow::Owned(_));
                assert_eq!(copied, expected, "{s:?}");
            }
        }
    }

    #[test]
    fn next_stop_is_the_first_byte_accepted() {
        // Every byte value at every place of texts long enough to be read a word at a time,
        // among Chinese text, digits and the bytes that only look like stops (E0, E4, EE, F0,
        // control characters), for both sets of stops.
        let grounds: [&[u8]; 3] = [
            "财政项目支出绩效自评表资金".as_bytes(),
            b"1234567890.55%abcdefghijklmnopq",
            b"\xE0\xE4\xEE\xF0\x01\x1F\x7F\x80\xBF\xE0\xE4\xEE\xF0\x01\x1F\x7F\x80\xBF",
        ];
        let mut checked = 0;
        for ground in grounds {
            for byte in 0..=255u8 {
                for place in 0..ground.len() {
                    let mut b = ground.to_vec();
                    b[place] = byte;
                    for stop in [may_start_white_space as fn(u8) -> bool, may_start_keyed] {
                        for from in [0, 1, place, place + 1, b.len()] {
                            let naive = b[from.min(b.len())..]
                                .iter()
                                .position(|&x| stop(x))
                                .map(|p| from + p);
                            assert_eq!(next_stop(&b, from, stop), naive, "{b:?} from {from}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn trim_is_str_trim() {
        let strings = awkward_strings(3);
        assert!(strings.len() > 27_000);
        for s in &strings {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn holds_is_str_contains() {
        // Strings of up to two awkward characters (and a few more), each against every
        // seventh.
        let mut strings = awkward_strings(2);
        strings.extend(["绩效自评表", "万元", "（元）", "评", "自评"].map(String::from));
        for hay in &strings {
            for needle in strings.iter().step_by(7) {
                assert_eq!(
                    holds(hay, needle),
                    hay.contains(needle.as_str()),
                    "{hay:?} {needle:?}"
                );
            }
        }
        assert!(holds("项目支出绩效自评表", "绩效自评"));
        assert!(!holds("项目支出绩效自", "绩效自评"));
    }

    #[test]
    fn words_cleaned_once_read_as_cleaned_word_by_word() {
        // A value cut into words (cells are trimmed) is joined by spaces and cleaned once; it
        // reads as cleaning it after each word did. Words: the awkward characters, up to two.
        let words = awkward_strings(2);
        let words: Vec<&str> = words
            .iter()
            .map(|w| w.trim())
            .filter(|w| !w.is_empty())
            .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut pick = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            words[(x % words.len() as u64) as usize]
        };
        for _ in 0..200_000 {
            let cut = [pick(), pick(), pick(), pick()];
            let mut one_by_one = clean_text(cut[0]);
            for w in &cut[1..] {
                one_by_one = clean_text(&format!("{one_by_one} {w}"));
            }
            // As header::value_after joins them: the first word cleaned, then the rest.
            let at_once = clean_text(&format!("{} {}", clean_text(cut[0]), cut[1..].join(" ")));
            assert_eq!(at_once, one_by_one, "{cut:?}");
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn figures() {
        assert_eq!(figure("1,087.50"), Figure::Number(d("1087.50")));
        assert_eq!(figure("4,896,155.12"), Figure::Number(d("4896155.12")));
        assert_eq!(figure("85.52%"), Figure::Number(d("85.52")));
        assert_eq!(figure("１０．００"), Figure::Number(d("10.00")));
        assert_eq!(figure(" — "), Figure::Placeholder);
        assert_eq!(figure("-"), Figure::Placeholder);
        assert_eq!(figure(""), Figure::Empty);
        assert_eq!(figure("1,0875"), Figure::Invalid("1,0875".into()));
        assert_eq!(figure("1e309"), Figure::Invalid("1e309".into()));
        assert_eq!(
            figure("1234567890123456789012345678901234567890"),
            Figure::Invalid("1234567890123456789012345678901234567890".into())
        );
        assert_eq!(figure("-3"), Figure::Number(d("-3")));
        assert_eq!(figure("9.38 分"), Figure::Number(d("9.38")));
        assert_eq!(plain_number("15分"), Some(d("15")));
    }

    /// `IndicatorValue::parse` looks for a comparator only before a value that does not start
    /// with a digit.
    #[test]
    fn no_comparator_is_spelled_from_a_digit() {
        assert!(COMPARATORS
            .iter()
            .all(|(s, _)| s.bytes().next().is_some_and(|b| !b.is_ascii_digit())));
    }

    #[test]
    fn indicator_values() {
        let v = IndicatorValue::parse("≥120.00(万条/月)");
        assert_eq!(v.comparator, Some(Comparator::Ge));
        assert_eq!(v.number, Some(d("120.00")));
        assert_eq!(v.unit.as_deref(), Some("万条/月"));
        let v = IndicatorValue::parse(">=95%");
        assert_eq!(
            (v.comparator, v.unit.as_deref()),
            (Some(Comparator::Ge), Some("%"))
        );
        let v = IndicatorValue::parse("=0(起)");
        assert_eq!(
            (v.comparator, v.number),
            (Some(Comparator::Eq), Some(d("0")))
        );
        let v = IndicatorValue::parse("<2(小时)");
        assert_eq!(
            (v.comparator, v.unit.as_deref()),
            (Some(Comparator::Lt), Some("小时"))
        );
        let v = IndicatorValue::parse("10个");
        assert_eq!(
            (v.comparator, v.number, v.unit.as_deref()),
            (None, Some(d("10")), Some("个"))
        );
        let v = IndicatorValue::parse("111456.00 (次)");
        assert_eq!(v.unit.as_deref(), Some("次"));
        let v = IndicatorValue::parse("不低于 95 （%）");
        assert_eq!(
            (v.comparator, v.number),
            (Some(Comparator::Ge), Some(d("95")))
        );
        for text in ["及时", "达成指标", "黄陂北路100%", "≥", "大于"] {
            let v = IndicatorValue::parse(text);
            assert_eq!(
                (v.number, v.comparator, v.text.as_str()),
                (None, None, text)
            );
        }
        // A text given up is read as the same text lent, trimmed or not.
        for text in [
            "≥120.00(万条/月)",
            " 95% ",
            "\u{3000}不低于 95\t",
            "及时",
            "",
            " ",
        ] {
            let (lent, given) = (
                IndicatorValue::parse(text),
                IndicatorValue::parse_owned(text.to_owned()),
            );
            assert_eq!(lent, given, "{text:?}");
            assert_eq!(given.text, text.trim(), "{text:?}");
        }
    }

    #[test]
    fn text_cleaning() {
        assert_eq!(clean_text("满意度指 标"), "满意度指标");
        assert_eq!(clean_text("为  40 人, 拟"), "为 40 人, 拟");
        assert_eq!(clean_text("可持 续影 响指 标"), "可持续影响指标");
        assert_eq!(
            paragraphs("<p>一、甲</p> <p>二、乙 丙</p>"),
            "一、甲\n二、乙丙"
        );
        assert_eq!(paragraphs("a <b> c"), "a c");
        assert_eq!(paragraphs("x < 3 y"), "x < 3 y");
        assert_eq!(key("效益 指标"), "效益指标");
    }
}
