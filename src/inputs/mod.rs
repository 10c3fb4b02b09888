//! Readers for the files people keep forms in: each turns its file into the same tables of
//! cells (merged cells keep their text in the first cell, the others empty, as Excel copies
//! them), which become the tab-separated rows the recogniser reads. Every line of that text
//! remembers its table and row, so findings can name their cell (`Sheet1!F12`, `表 3 行 12 列 6`).

#[cfg(feature = "office")]
pub mod docx;
pub mod html;
#[cfg(feature = "office")]
pub mod xlsx;

use serde::{Deserialize, Serialize};

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
}

/// One table of a file: a sheet of a workbook, a table of a document or a web page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name, or `表 N` for the N-th table of a document.
    pub name: String,
    /// Rows of cell texts; `rows[r][c]` is row r + 1, column c + 1 of the table.
    pub rows: Vec<Vec<String>>,
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Not text in any encoding jixiao reads (empty, binary, undecodable).
    Decode(crate::DecodeError),
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
        }
    }
}

impl std::error::Error for InputError {}

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

/// A cell's name in the file: `Sheet1!F12` in a workbook, `表 3 行 12 列 6` elsewhere; without a
/// column, the row (`Sheet1!12:12`, `表 3 行 12`).
pub fn cell_ref(format: Format, tables: &[Table], origin: &Origin, col: Option<usize>) -> String {
    let name = tables.get(origin.table).map_or("", |t| t.name.as_str());
    match (format, col) {
        (Format::Xlsx, Some(c)) => format!("{name}!{}{}", column_letters(c), origin.row),
        (Format::Xlsx, None) => format!("{name}!{0}:{0}", origin.row),
        (_, Some(c)) => format!("{name} 行 {} 列 {}", origin.row, c + 1),
        (_, None) => format!("{name} 行 {}", origin.row),
    }
}

/// Recognises the file kind from its bytes and name.
pub fn sniff(name: &str, bytes: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
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
        let tables = vec![Table {
            name: "Sheet1".into(),
            rows: vec![],
        }];
        let o = Origin { table: 0, row: 12 };
        assert_eq!(cell_ref(Format::Xlsx, &tables, &o, Some(5)), "Sheet1!F12");
        assert_eq!(
            cell_ref(Format::Docx, &tables, &o, Some(5)),
            "Sheet1 行 12 列 6"
        );
    }

    #[test]
    fn tables_become_rows_with_origins() {
        let t = Table {
            name: "S".into(),
            rows: vec![vec!["a\nb".into(), "two\nlines".into()], vec!["b".into()]],
        };
        let s = to_text(&[t.clone(), t]);
        assert_eq!(s.text.lines().count(), s.origins.len());
        assert_eq!(s.origins[2], Some(Origin { table: 0, row: 1 }));
        assert_eq!(s.origins[3], Some(Origin { table: 0, row: 2 }));
        assert_eq!(s.origins[4], None);
        assert_eq!(s.origins[5], Some(Origin { table: 1, row: 1 }));
    }
}
