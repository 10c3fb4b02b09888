//! Stage 1: bytes → text.
//!
//! Order of trust: a byte-order mark, then strict UTF-8, then GB18030 (which covers GBK and
//! GB2312, what Chinese Excel and Notepad save without a BOM). The native build decodes GB18030
//! with `encoding_rs`; the browser build leaves it to the browser's `TextDecoder` (see
//! `wasm.rs`), so the page does not carry encoding tables it already has.
//!
//! After decoding, [`normalize`] makes the text uniform without changing its line count: CR
//! and CRLF become LF, full-width ASCII forms become ASCII (except the punctuation that is
//! normal in Chinese prose), ideographic and no-break spaces become spaces, and invisible
//! format characters (zero-width, bidi controls, BOM) are removed.

use serde::{Deserialize, Serialize};

/// The encoding a document was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(schemars::JsonSchema))]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16le")]
    Utf16le,
    #[serde(rename = "utf-16be")]
    Utf16be,
    #[serde(rename = "gb18030")]
    Gb18030,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16le => "utf-16le",
            Encoding::Utf16be => "utf-16be",
            Encoding::Gb18030 => "gb18030",
        }
    }

    /// A user's `--encoding` or the page's option: `auto` (or nothing) detects it.
    pub fn choice(label: Option<&str>) -> Result<Option<Encoding>, String> {
        match label {
            None | Some("auto") => Ok(None),
            Some(l) => Encoding::from_label(l).map(Some).ok_or_else(|| {
                format!("不支持的编码 {l:?}（可选 auto、utf-8、gb18030、utf-16le、utf-16be）")
            }),
        }
    }

    /// Parses an encoding's name.
    pub fn from_label(label: &str) -> Option<Encoding> {
        match label.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "utf-8-bom" => Some(Encoding::Utf8Bom),
            "utf-16le" | "utf-16" => Some(Encoding::Utf16le),
            "utf-16be" => Some(Encoding::Utf16be),
            "gb18030" | "gbk" | "gb2312" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

/// Why bytes could not be read as text at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// The bytes look like a binary file (NUL bytes or many control characters).
    Binary,
    /// The bytes are neither valid UTF-8 nor valid GB18030.
    Undecodable,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::Empty => "文件为空",
            DecodeError::Binary => "这是二进制文件，不是文本表格",
            DecodeError::Undecodable => "既不是有效的 UTF-8，也不是有效的 GB18030 文本",
        })
    }
}

impl std::error::Error for DecodeError {}

/// The bytes as text if they are UTF-8 (natively checked with SIMD: `simdutf8`).
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    #[cfg(not(target_arch = "wasm32"))]
    return simdutf8::basic::from_utf8(bytes).ok();
    #[cfg(target_arch = "wasm32")]
    return std::str::from_utf8(bytes).ok();
}

/// Detects the encoding from a BOM or strict UTF-8 validity. `None` means "not UTF-8 and no
/// BOM": the caller decodes it as GB18030.
pub fn sniff(bytes: &[u8]) -> Option<Encoding> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some(Encoding::Utf8Bom)
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some(Encoding::Utf16le)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some(Encoding::Utf16be)
    } else if utf8(bytes).is_some() {
        Some(Encoding::Utf8)
    } else {
        None
    }
}

/// Rejects what is plainly not text: NUL bytes outside UTF-16, or mostly control bytes.
pub fn looks_binary(bytes: &[u8], enc: Option<Encoding>) -> bool {
    if matches!(enc, Some(Encoding::Utf16le | Encoding::Utf16be)) {
        return false;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 20 > head.len().max(1)
}

/// How text in an encoding other than UTF-8 becomes a string: natively by `encoding_rs`
/// ([`native`]), in the browser by its own `TextDecoder` (`wasm.rs`). `lossy`: the user chose
/// the encoding, so bytes that do not fit it are replaced rather than refused.
pub type Decoder<'a> = &'a dyn Fn(&[u8], Encoding, bool) -> Result<String, DecodeError>;

/// Decodes bytes with the given encoding, or detects it (BOM, strict UTF-8, then GB18030);
/// UTF-16 and GB18030 go to `other`. The text is as decoded, not yet [`normalize`]d.
pub fn decode_with(
    bytes: &[u8],
    forced: Option<Encoding>,
    other: Decoder,
) -> Result<(String, Encoding), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let enc = forced.or_else(|| sniff(bytes));
    if looks_binary(bytes, enc) {
        return Err(DecodeError::Binary);
    }
    let enc = enc.unwrap_or(Encoding::Gb18030);
    let text = match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            match utf8(body) {
                Some(s) => s.to_owned(),
                // A forced UTF-8 on bytes that are not: replace, as the user asked for it.
                None => String::from_utf8_lossy(body).into_owned(),
            }
        }
        other_enc => other(bytes, other_enc, forced.is_some())?,
    };
    Ok((text, enc))
}

/// UTF-16 and GB18030 by `encoding_rs`.
#[cfg(feature = "native")]
pub fn native(bytes: &[u8], enc: Encoding, lossy: bool) -> Result<String, DecodeError> {
    Ok(match enc {
        Encoding::Utf16le | Encoding::Utf16be => {
            let codec = if enc == Encoding::Utf16le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            codec.decode_with_bom_removal(bytes).0.into_owned()
        }
        _ => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors && !lossy {
                return Err(DecodeError::Undecodable);
            }
            text.into_owned()
        }
    })
}

/// [`decode_with`] the native decoder.
#[cfg(feature = "native")]
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<(String, Encoding), DecodeError> {
    decode_with(bytes, forced, &native)
}

/// Punctuation that Chinese prose writes full-width on purpose; it is kept as typed. Every
/// other full-width ASCII form (digits, letters, `．％＋－＝＜＞／` …) becomes ASCII.
const KEEP_FULL_WIDTH: &[char] = &['（', '）', '：', '，', '；', '！', '？', '～', '＂', '＇'];

/// What [`normalize`] makes of one character other than CR (which ends a line): `None` when
/// it is kept as it is, else what replaces it (`Some(None)`: it is dropped).
fn replaced(c: char) -> Option<Option<char>> {
    match c {
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
            Some(Some(' '))
        }
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}' => Some(None),
        '\u{FF01}'..='\u{FF5E}' if !KEEP_FULL_WIDTH.contains(&c) => {
            Some(char::from_u32(c as u32 - 0xFF01 + 0x21))
        }
        _ => None,
    }
}

/// Where [`normalize`] must look: every character it changes starts with one of the bytes CR,
/// C2 (U+00xx), E2 (U+20xx), E3 (U+30xx) or EF (U+FExx, U+FFxx). The common Chinese text in
/// between is skipped a word at a time: E2, E3 and EF (punctuation, frequent) are searched for
/// together up to the next CR or C2 (rare), which is searched for only once it is passed.
struct Stops<'a> {
    bytes: &'a [u8],
    /// The first CR or C2 at or after the last place asked for (`bytes.len()` if none).
    rare: usize,
}

impl<'a> Stops<'a> {
    fn new(bytes: &'a [u8]) -> Stops<'a> {
        let mut stops = Stops { bytes, rare: 0 };
        stops.rare = stops.rare_from(0);
        stops
    }

    fn rare_from(&self, at: usize) -> usize {
        memchr::memchr2(b'\r', 0xC2, &self.bytes[at..]).map_or(self.bytes.len(), |p| at + p)
    }

    /// The first place at or after `at` that holds one of the five bytes.
    fn next(&mut self, at: usize) -> Option<usize> {
        if self.rare < at {
            self.rare = self.rare_from(at);
        }
        match memchr::memchr3(0xE2, 0xE3, 0xEF, &self.bytes[at..self.rare]) {
            Some(p) => Some(at + p),
            None => (self.rare < self.bytes.len()).then_some(self.rare),
        }
    }
}

/// Uniform text, same line count: see the module documentation.
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut clean_from = 0;
    let bytes = text.as_bytes();
    let mut stops = Stops::new(bytes);
    let mut at = 0;
    while at < bytes.len() {
        match stops.next(at) {
            Some(p) => at = p,
            None => break,
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        // Only what changes: the punctuation kept as typed (，（）：“” — …) is no reason to
        // copy the text.
        let replacement = replaced(c);
        if c != '\r' && replacement.is_none() {
            at += c.len_utf8();
            continue;
        }
        // Copy the run of ordinary text before this character in one go.
        if out.capacity() == 0 {
            out.reserve(text.len());
        }
        out.push_str(&text[clean_from..at]);
        clean_from = at + c.len_utf8();
        at = clean_from;
        if c == '\r' {
            if bytes.get(at) != Some(&b'\n') {
                out.push('\n');
            }
        } else if let Some(Some(r)) = replacement {
            out.push(r);
        }
    }
    if clean_from == 0 && out.is_empty() {
        // Nothing to change: no copy.
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[clean_from..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each character's replacement applied one at a time: what normalize's byte-wise scan,
    /// its first-byte filter and its copying in runs must give.
    fn normalized_char_by_char(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, replaced(c)) {
                ('\r', _) if chars.peek() == Some(&'\n') => {}
                ('\r', _) => out.push('\n'),
                (_, Some(r)) => out.extend(r),
                (c, None) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn normalize_is_char_by_char_and_copies_only_what_changes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [format!("元{c}"), format!("{c}\r\n是，{c}\r")] {
                let got = normalize(&text);
                assert_eq!(got, normalized_char_by_char(&text), "{text:?}");
                if got == text {
                    assert!(matches!(got, std::borrow::Cow::Borrowed(_)), "{text:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Mixed runs of every kind of stop (CR, CRLF, the changed and the kept characters of
        /// each first byte) among Chinese text, as the word-wise search meets them.
        #[test]
        fn normalize_finds_every_stop_in_mixed_text(
            parts in proptest::collection::vec(0usize..14, 0..60)
        ) {
            const PARTS: [&str; 14] = [
                "\r", "\r\n", "\u{A0}", "\u{AD}", "é", "\u{200B}", "—", "\u{3000}", "、",
                "１", "，", "\u{FEFF}", "项目资金", "a\t",
            ];
            let text: String = parts.iter().map(|&i| PARTS[i]).collect();
            proptest::prop_assert_eq!(normalize(&text), normalized_char_by_char(&text));
        }
    }

    #[test]
    fn utf8_is_the_standard_check() {
        // Valid text of every width, and the standard's invalid cases (a lone continuation, an
        // overlong form, a surrogate, past U+10FFFF, a cut character), each put at every place
        // of a run long enough for the SIMD blocks (64 bytes) to be crossed.
        let bad: [&[u8]; 8] = [
            b"\x80",
            b"\xC0\xAF",
            b"\xE0\x80\xAF",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
            b"\xE8\xAF",
            b"\xFF",
            b"\xF0\x9F\x98",
        ];
        let run = "财政项目a1（），。\t𝄞é".repeat(12).into_bytes();
        let mut checked = 0;
        for b in bad.iter().copied().chain([&b""[..], "元".as_bytes()]) {
            for at in 0..=run.len() {
                let mut bytes = run.clone();
                bytes.splice(at..at, b.iter().copied());
                assert_eq!(utf8(&bytes), std::str::from_utf8(&bytes).ok(), "{bytes:?}");
                checked += 1;
            }
        }
        assert!(checked > 2000, "{checked}");
    }

    #[test]
    fn normalize_keeps_lines_and_folds_width() {
        let s = "项目资金（万元）\t１，０８７．５０\r\n８５．５２％\r末\u{200B}行";
        assert_eq!(normalize(s), "项目资金（万元）\t1，087.50\n85.52%\n末行");
    }

    #[cfg(feature = "native")]
    #[test]
    fn decodes_gb18030_and_boms() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("总分\t95.38");
        assert_eq!(
            decode(&gbk, None).unwrap(),
            ("总分\t95.38".to_owned(), Encoding::Gb18030)
        );
        let bom = [&[0xEF, 0xBB, 0xBF][..], "评分等级".as_bytes()].concat();
        assert_eq!(decode(&bom, None).unwrap().1, Encoding::Utf8Bom);
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00", None),
            Err(DecodeError::Binary)
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("总分".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16, None).unwrap().0, "总分");
    }
}
