//! Readers for the files people keep forms in: each turns its file into the same tables of
//! cells (merged cells keep their text in the first cell, the others empty, as Excel copies
//! them), which become the tab-separated rows the recogniser reads. Every line of that text
//! remembers its table and row, so findings can name their cell (`Sheet1!F12`, `表 3 行 12 列 6`).

#[cfg(feature = "office")]
pub mod docx;
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(feature = "office")]
pub mod xlsx;

use crate::decode::DecodeError;
use crate::model::Field;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What kind of file a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "native", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Pasted or saved text: tab-separated, PDF-extracted, pipes or spaces.
    Text,
    Csv,
    Html,
    Xlsx,
    Docx,
    Pdf,
}

/// One table of a file: a sheet of a workbook, a table of a document or a web page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name, or `表 N` for the N-th table of a document.
    pub name: String,
    /// Rows of cell texts; `rows[r][c]` is row r + 1, column c + 1 of the table.
    pub rows: Vec<Vec<String>>,
    /// A PDF's page the table (or this page's part of it) is on, 1-based.
    pub page: Option<usize>,
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Not text in any encoding jixiao reads (empty, binary, undecodable).
    Decode(DecodeError),
    /// Not a zip archive, or a damaged one.
    Corrupt(String),
    /// An encrypted workbook or a legacy binary .xls/.doc (OLE compound file).
    EncryptedOrLegacy,
    /// More than the limits allow (uncompressed size, cells): a zip bomb or not a form.
    TooLarge(&'static str),
    /// A document without any table.
    NoTables,
    /// The archive is neither a workbook nor a Word document.
    Unsupported,
    /// A workbook or Word document, in a build without their readers (the page's first
    /// module: the page loads the full one for them).
    OfficeNotBuilt,
    /// A PDF in a build without the PDF reader.
    PdfNotBuilt,
    /// A PDF that needs a password to open.
    PdfPassword,
    /// A PDF without a text layer: a scan.
    PdfNoText,
    /// A PDF whose fonts do not say which characters their glyphs are (the share unknown, %).
    PdfNoUnicode(usize),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Decode(e) => e.fmt(f),
            InputError::Corrupt(why) => write!(f, "文件已损坏或不完整：{why}"),
            InputError::EncryptedOrLegacy => f.write_str(
                "这是加密的或旧版（.xls/.doc）Office 文件，请取消密码并另存为 .xlsx 或 .docx",
            ),
            InputError::TooLarge(what) => write!(f, "文件超出处理上限（{what}），可能是压缩炸弹"),
            InputError::NoTables => f.write_str("文件中没有表格"),
            InputError::Unsupported => f.write_str("不是 .xlsx 工作簿或 .docx 文档"),
            InputError::OfficeNotBuilt => {
                f.write_str("这个版本不读 .xlsx/.docx 文件（需要含办公文件读取的完整模块）")
            }
            InputError::PdfNotBuilt => {
                f.write_str("这个版本不读 PDF 文件（需要含 PDF 读取的模块）")
            }
            InputError::PdfPassword => f.write_str(
                "这个 PDF 设有打开密码，无法读取：请用密码打开后另存一份不设打开密码的 PDF",
            ),
            InputError::PdfNoText => f.write_str(
                "这个 PDF 没有文字层（扫描件，页面只是图像）：请使用原始电子版 PDF，或先做文字识别（OCR）",
            ),
            InputError::PdfNoUnicode(share) => write!(
                f,
                "这个 PDF 的字体没有可用的字符映射（ToUnicode），{share}% 的文字无法还原：请使用导出时保留文字的 PDF，或改用原始 Word/Excel 文件"
            ),
        }
    }
}

impl std::error::Error for InputError {}

impl From<DecodeError> for InputError {
    fn from(e: DecodeError) -> InputError {
        InputError::Decode(e)
    }
}

/// Largest uncompressed part of an archive that is read.
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// Largest uncompressed total of an archive that is read.
pub const MAX_TOTAL_BYTES: u64 = 128 << 20;
/// Most cells a file may have.
pub const MAX_CELLS: usize = 2_000_000;

/// Where a line of the generated text came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub table: usize,
    pub row: usize,
}

/// Tables as the text the recogniser reads, with the origin of each line (1-based lines:
/// `origins[line - 1]`; blank separator lines have none).
pub struct Sheeted {
    pub text: String,
    pub origins: Vec<Option<Origin>>,
}

fn tsv_cell(text: &str) -> String {
    if text.contains(['\t', '\n', '"', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Writes the tables as Excel-style tab-separated text, a blank line between tables.
pub fn to_text(tables: &[Table]) -> Sheeted {
    let mut text = String::new();
    let mut origins = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        if t > 0 {
            text.push('\n');
            origins.push(None);
        }
        for (r, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|c| tsv_cell(c)).collect();
            text.push_str(&cells.join("\t"));
            text.push('\n');
            origins.push(Some(Origin {
                table: t,
                row: r + 1,
            }));
            // Quoted cells with line breaks make the row span lines: they share its origin.
            let breaks: usize = row.iter().map(|c| c.matches('\n').count()).sum();
            for _ in 0..breaks {
                origins.push(Some(Origin {
                    table: t,
                    row: r + 1,
                }));
            }
        }
    }
    Sheeted { text, origins }
}

/// `A`, `B`, … `Z`, `AA` … for a 0-based column.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell of a file, where a finding points: a table (a workbook's sheet, a document's or web
/// page's `表 N`), a 1-based row and, where known, a 0-based column. Written for people only
/// when shown ([`std::fmt::Display`]): `Sheet1!F12` in a workbook, `表 3 行 12 列 6` elsewhere;
/// without a column, the row (`Sheet1!12:12`, `表 3 行 12`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    /// A workbook's sheet (A1 names) rather than a document's or web page's table.
    pub sheet: bool,
    /// A PDF's page, 1-based (shown first: `第 2 页 表 1 行 5 列 3`).
    pub page: Option<usize>,
    pub table: String,
    pub row: usize,
    pub column: Option<usize>,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, row) = (&self.table, self.row);
        if let Some(page) = self.page {
            write!(f, "第 {page} 页 ")?;
        }
        match (self.sheet, self.column) {
            (true, Some(c)) => write!(f, "{name}!{}{row}", column_letters(c)),
            (true, None) => write!(f, "{name}!{row}:{row}"),
            (false, Some(c)) => write!(f, "{name} 行 {row} 列 {}", c + 1),
            (false, None) => write!(f, "{name} 行 {row}"),
        }
    }
}

impl std::str::FromStr for CellRef {
    type Err = ();

    /// Reads back what [`std::fmt::Display`] wrote.
    fn from_str(s: &str) -> Result<CellRef, ()> {
        let number = |t: &str| -> Result<usize, ()> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            t.parse().map_err(|_| ())
        };
        // A sheet's name may hold anything, `!` and ` 行 ` too: its A1 part is read first.
        let sheet = |s: &str| -> Result<CellRef, ()> {
            let (table, place) = s.rsplit_once('!').ok_or(())?;
            let (row, column) = match place.split_once(':') {
                Some((a, b)) if a == b => (number(a)?, None),
                Some(_) => return Err(()),
                None => {
                    let digits = place.find(|c: char| c.is_ascii_digit()).ok_or(())?;
                    let (letters, row) = place.split_at(digits);
                    (number(row)?, Some(column_number(letters).ok_or(())?))
                }
            };
            Ok(CellRef {
                sheet: true,
                page: None,
                table: table.to_owned(),
                row,
                column,
            })
        };
        if let Ok(cell) = sheet(s) {
            return Ok(cell);
        }
        // A PDF's cell starts with its page.
        let (page, s) = match s.strip_prefix("第 ").and_then(|r| r.split_once(" 页 ")) {
            Some((p, rest)) => (Some(number(p)?), rest),
            None => (None, s),
        };
        let (table, rest) = s.rsplit_once(" 行 ").ok_or(())?;
        let (row, column) = match rest.split_once(" 列 ") {
            Some((r, c)) => (number(r)?, Some(number(c)?.checked_sub(1).ok_or(())?)),
            None => (number(rest)?, None),
        };
        Ok(CellRef {
            sheet: false,
            page,
            table: table.to_owned(),
            row,
            column,
        })
    }
}

impl Serialize for CellRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CellRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CellRef, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|()| serde::de::Error::custom(format!("not a cell: {text:?}")))
    }
}

#[cfg(feature = "native")]
impl schemars::JsonSchema for CellRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CellRef".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// The 0-based column of Excel letters (`A` → 0, `AA` → 26).
fn column_number(letters: &str) -> Option<usize> {
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    letters
        .bytes()
        .try_fold(0usize, |n, b| {
            n.checked_mul(26)?.checked_add(usize::from(b - b'A') + 1)
        })?
        .checked_sub(1)
}

/// The cell a finding is about in a file read as tables: its field's cell where the reader
/// placed one (`cells`: field, line, 0-based column), else its line's row.
pub fn cell_of(
    field: Option<Field>,
    line: Option<usize>,
    cells: &[(Field, usize, usize)],
    sheeted: &Sheeted,
    tables: &[Table],
    format: Format,
) -> Option<CellRef> {
    let placed = field.and_then(|field| cells.iter().find(|(place, _, _)| *place == field));
    let (line, column) = match placed {
        Some((_, line, col)) => (*line, Some(*col)),
        None => (line?, None),
    };
    let origin = sheeted.origins.get(line.checked_sub(1)?)?.as_ref()?;
    let table = tables.get(origin.table);
    Some(CellRef {
        sheet: format == Format::Xlsx,
        page: table.and_then(|t| t.page),
        table: table.map_or_else(String::new, |t| t.name.clone()),
        row: origin.row,
        column,
    })
}

/// Recognises the file kind from its bytes and name.
pub fn sniff(name: &str, bytes: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    // `%PDF-` within the first KiB (some writers put bytes before it), or a .pdf name.
    if contains(&bytes[..bytes.len().min(1024)], b"%PDF-") || lower.ends_with(".pdf") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return if lower.ends_with(".docx")
            || (!lower.ends_with(".xlsx") && contains(bytes, b"word/"))
        {
            Format::Docx
        } else {
            Format::Xlsx
        };
    }
    if lower.ends_with(".csv") {
        return Format::Csv;
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.ends_with(".html")
        || lower.ends_with(".htm")
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<table")
    {
        return Format::Html;
    }
    Format::Text
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The tables of a workbook, Word document, web page or PDF (by [`sniff`]); text has none.
pub fn read_tables(
    name: &str,
    bytes: &[u8],
    decoder: crate::decode::Decoder,
) -> Result<Vec<Table>, InputError> {
    match sniff(name, bytes) {
        #[cfg(feature = "office")]
        format @ (Format::Xlsx | Format::Docx) => read_office(format, bytes),
        #[cfg(not(feature = "office"))]
        Format::Xlsx | Format::Docx => Err(InputError::OfficeNotBuilt),
        #[cfg(feature = "pdf")]
        Format::Pdf => Ok(pdf::read(bytes, decoder, &mut |_, _| {})?.tables),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(InputError::PdfNotBuilt),
        Format::Html => {
            let (text, _) = crate::decode::decode_with(bytes, None, decoder)?;
            html::read(&text)
        }
        Format::Text | Format::Csv => Err(InputError::NoTables),
    }
}

/// Reads an office file's tables.
#[cfg(feature = "office")]
pub fn read_office(format: Format, bytes: &[u8]) -> Result<Vec<Table>, InputError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(InputError::EncryptedOrLegacy);
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| InputError::Corrupt(e.to_string()))?;
    let mut budget = Budget::default();
    match format {
        Format::Docx => docx::read(&mut archive, &mut budget),
        _ => xlsx::read(&mut archive, &mut budget),
    }
}

/// What an archive may still unpack.
#[cfg(feature = "office")]
#[derive(Debug)]
pub struct Budget {
    pub bytes_left: u64,
    pub cells_left: usize,
}

#[cfg(feature = "office")]
impl Default for Budget {
    fn default() -> Self {
        Budget {
            bytes_left: MAX_TOTAL_BYTES,
            cells_left: MAX_CELLS,
        }
    }
}

#[cfg(feature = "office")]
impl Budget {
    pub fn cell(&mut self) -> Result<(), InputError> {
        self.cells_left = self
            .cells_left
            .checked_sub(1)
            .ok_or(InputError::TooLarge("单元格数"))?;
        Ok(())
    }
}

/// Reads one part of an archive as text, within the limits. `Ok(None)` when it is absent.
#[cfg(feature = "office")]
pub fn read_part<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<String>, InputError> {
    use std::io::Read;
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(InputError::Corrupt(e.to_string())),
    };
    if file.encrypted() {
        return Err(InputError::EncryptedOrLegacy);
    }
    let cap = MAX_PART_BYTES.min(budget.bytes_left);
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Corrupt(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(InputError::TooLarge("解压后大小"));
    }
    budget.bytes_left -= bytes.len() as u64;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| InputError::Corrupt(format!("{name} 不是 UTF-8 XML")))
}

/// An attribute's value by its name or local name (`w:val`, `r:id`).
#[cfg(feature = "office")]
pub(crate) fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(feature = "office")]
/// An XML character or entity reference (`&amp;`, `&#20013;`) as text.
pub(crate) fn entity(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &**r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_refs() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        let cell = |sheet, column| CellRef {
            sheet,
            page: None,
            table: "Sheet1".into(),
            row: 12,
            column,
        };
        for (c, shown) in [
            (cell(true, Some(5)), "Sheet1!F12"),
            (cell(true, None), "Sheet1!12:12"),
            (cell(false, Some(5)), "Sheet1 行 12 列 6"),
            (cell(false, None), "Sheet1 行 12"),
            (
                CellRef {
                    sheet: true,
                    page: None,
                    table: "a!b 行 c".into(),
                    row: 3,
                    column: Some(27),
                },
                "a!b 行 c!AB3",
            ),
            (
                CellRef {
                    sheet: false,
                    page: Some(2),
                    table: "表 1".into(),
                    row: 5,
                    column: Some(2),
                },
                "第 2 页 表 1 行 5 列 3",
            ),
            (
                CellRef {
                    sheet: false,
                    page: Some(12),
                    table: "表外文字".into(),
                    row: 1,
                    column: None,
                },
                "第 12 页 表外文字 行 1",
            ),
        ] {
            assert_eq!(c.to_string(), shown);
            assert_eq!(shown.parse::<CellRef>(), Ok(c), "{shown}");
        }
        for bad in [
            "",
            "x",
            "S!",
            "S!F",
            "S!12:13",
            "S 行 ",
            "S 行 1 列 0",
            "S!f12",
            "第 x 页 表 1 行 2",
        ] {
            assert!(bad.parse::<CellRef>().is_err(), "{bad}");
        }
    }

    #[test]
    fn tables_become_rows_with_origins() {
        let t = Table {
            name: "S".into(),
            rows: vec![vec!["a\nb".into(), "two\nlines".into()], vec!["b".into()]],
            page: None,
        };
        let s = to_text(&[t.clone(), t]);
        assert_eq!(s.text.lines().count(), s.origins.len());
        assert_eq!(s.origins[2], Some(Origin { table: 0, row: 1 }));
        assert_eq!(s.origins[3], Some(Origin { table: 0, row: 2 }));
        assert_eq!(s.origins[4], None);
        assert_eq!(s.origins[5], Some(Origin { table: 1, row: 1 }));
    }
}
