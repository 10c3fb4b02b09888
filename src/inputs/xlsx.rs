//! .xlsx workbooks (Office Open XML spreadsheets), sheet by sheet.
//!
//! Numbers are taken as the cell shows them: Excel stores `16.890000000000001` and displays
//! `16.89` through the cell's number format, so the stored text is read as an exact decimal and
//! rounded to the format's decimals (`0.00`, `#,##0.00`, `0.00%`); a `General` cell shows at
//! most 15 significant digits, as Excel does. No value passes through floating point.

use super::{attr, entity, read_part, Budget, InputError, Table};
use quick_xml::events::Event;
use quick_xml::Reader;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use std::io::{Read, Seek};
use std::str::FromStr;

/// Reads every sheet of a workbook.
pub fn read<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    budget: &mut Budget,
) -> Result<Vec<Table>, InputError> {
    let workbook = read_part(archive, "xl/workbook.xml", budget)?.ok_or(InputError::Unsupported)?;
    let rels = read_part(archive, "xl/_rels/workbook.xml.rels", budget)?.unwrap_or_default();
    let targets = relationships(&rels)?;
    let strings = match read_part(archive, "xl/sharedStrings.xml", budget)? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let formats = match read_part(archive, "xl/styles.xml", budget)? {
        Some(xml) => styles(&xml)?,
        None => Vec::new(),
    };
    let mut tables = Vec::new();
    for (name, rel) in sheets(&workbook)? {
        let Some(target) = targets.get(&rel) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_owned(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read_part(archive, &path, budget)? else {
            continue;
        };
        let rows = sheet(&xml, &strings, &formats, budget)?;
        tables.push(Table {
            name,
            rows,
            page: None,
        });
    }
    if tables.is_empty() {
        return Err(InputError::NoTables);
    }
    Ok(tables)
}

fn xml_err(e: impl std::fmt::Display) -> InputError {
    InputError::Corrupt(e.to_string())
}

/// Sheet names and relationship ids, in workbook order.
fn sheets(xml: &str) -> Result<Vec<(String, String)>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(xml_err)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name").unwrap_or_default();
                if let Some(id) = attr(&e, "id") {
                    out.push((name, id));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn relationships(xml: &str) -> Result<HashMap<String, String>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut out = HashMap::new();
    loop {
        match reader.read_event().map_err(xml_err)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The shared string table: rich-text runs joined, phonetic runs (`rPh`) left out.
fn shared_strings(xml: &str) -> Result<Vec<String>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut in_t, mut in_phonetic) = (false, false);
    loop {
        match reader.read_event().map_err(xml_err)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => cur.clear(),
                "t" => in_t = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "si" => out.push(std::mem::take(&mut cur)),
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => out.push(String::new()),
            Event::Text(t) if in_t && !in_phonetic => {
                cur.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_t && !in_phonetic => cur.push_str(&entity(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// How a number format shows a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Shown {
    /// Decimals shown; `None` for General (15 significant digits).
    decimals: Option<u32>,
    percent: bool,
}

fn builtin_format(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        37 | 38 => "#,##0 ;(#,##0)",
        39 | 40 => "#,##0.00;(#,##0.00)",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

fn shown(code: &str) -> Shown {
    // The first section (positive numbers), without quoted text, escapes and brackets.
    let mut plain = String::new();
    let (mut quoted, mut bracket, mut escape) = (false, false, false);
    for c in code.split(';').next().unwrap_or("").chars() {
        if escape {
            escape = false;
            continue;
        }
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => escape = true,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            _ => plain.push(c),
        }
    }
    if plain.eq_ignore_ascii_case("general") || plain == "@" || plain.contains(['E', 'e']) {
        return Shown {
            decimals: None,
            percent: false,
        };
    }
    let decimals = plain.split_once('.').map_or(0, |(_, f)| {
        f.chars()
            .take_while(|c| matches!(c, '0' | '#' | '?'))
            .count()
    });
    Shown {
        decimals: Some(decimals as u32),
        percent: plain.contains('%'),
    }
}

/// The number format of each cell style (`s` attribute), as it shows values.
fn styles(xml: &str) -> Result<Vec<Shown>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut custom: HashMap<u32, String> = HashMap::new();
    let mut xfs = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match reader.read_event().map_err(xml_err)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                        if let Ok(id) = id.parse() {
                            custom.insert(id, code);
                        }
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let id: u32 = attr(&e, "numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let code = custom
                        .get(&id)
                        .map(String::as_str)
                        .or_else(|| builtin_format(id))
                        .unwrap_or("General");
                    xfs.push(shown(code));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(xfs)
}

/// A stored number as the cell shows it.
fn show_number(raw: &str, how: &Shown) -> String {
    let raw = raw.trim();
    let parsed = Decimal::from_str(raw).or_else(|_| Decimal::from_scientific(raw));
    let Ok(mut d) = parsed else {
        return raw.to_owned();
    };
    if how.percent {
        match d.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => d = p,
            None => return raw.to_owned(),
        }
    }
    let mut d = match how.decimals {
        Some(n) => {
            let mut r = d.round_dp_with_strategy(n, RoundingStrategy::MidpointAwayFromZero);
            r.rescale(n);
            r
        }
        None => significant(d, 15),
    };
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    let text = d.to_string();
    if how.percent {
        format!("{text}%")
    } else {
        text
    }
}

/// Rounds to `digits` significant digits and drops trailing zeros (Excel's General format).
fn significant(d: Decimal, digits: u32) -> Decimal {
    if d.is_zero() {
        return Decimal::ZERO;
    }
    let int_digits = d.abs().trunc().to_string().trim_start_matches('0').len() as u32;
    let decimals = digits.saturating_sub(int_digits).min(28);
    d.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// `F12` → (11, 5): 0-based row and column.
fn position(r: &str) -> Option<(usize, usize)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    let mut c = 0usize;
    for b in col.bytes() {
        c = c
            .checked_mul(26)?
            .checked_add((b.to_ascii_uppercase() - b'A' + 1) as usize)?;
    }
    let row: usize = row.parse().ok()?;
    (c >= 1 && row >= 1).then(|| (row - 1, c - 1))
}

/// Most rows and columns a sheet may address.
const MAX_ROW: usize = 1 << 20;
const MAX_COL: usize = 1 << 14;

fn sheet(
    xml: &str,
    strings: &[String],
    formats: &[Shown],
    budget: &mut Budget,
) -> Result<Vec<Vec<String>>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut rows: Vec<Vec<String>> = Vec::new();
    // The current cell: position, type, style; its value text.
    let mut cell: Option<(usize, usize, String, usize)> = None;
    let mut value = String::new();
    let mut in_value = false;
    let mut next_row = 0usize;
    let mut next_col = 0usize;
    loop {
        match reader.read_event().map_err(xml_err)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "row" => {
                    let r = attr(&e, "r").and_then(|v| v.parse::<usize>().ok());
                    next_row = r.map_or(next_row, |r| r.saturating_sub(1));
                    next_col = 0;
                }
                "c" => {
                    let (r, c) = attr(&e, "r")
                        .and_then(|v| position(&v))
                        .unwrap_or((next_row, next_col));
                    let t = attr(&e, "t").unwrap_or_default();
                    let s = attr(&e, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                    cell = Some((r, c, t, s));
                    value.clear();
                }
                "v" | "t" => in_value = cell.is_some(),
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "c" => {
                // An empty (styled) cell: nothing to place, but it advances the column.
                if let Some((_, c)) = attr(&e, "r").and_then(|v| position(&v)) {
                    next_col = c + 1;
                }
            }
            Event::Text(t) if in_value => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_value => value.push_str(&entity(&r)),
            Event::End(e) => match e.local_name().as_ref() {
                "v" | "t" => in_value = false,
                "c" => {
                    if let Some((r, c, t, s)) = cell.take() {
                        if r >= MAX_ROW || c >= MAX_COL {
                            return Err(InputError::TooLarge("行列范围"));
                        }
                        let text = cell_text(&t, &value, s, strings, formats);
                        if !text.is_empty() {
                            budget.cell()?;
                            place(&mut rows, r, c, text);
                        }
                        next_col = c + 1;
                    }
                }
                "row" => next_row += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rows)
}

/// A cell's text as the sheet shows it, from its type `t` (`s`: an index into the shared
/// strings; `b`: a boolean; text types as they are; else a number in its style `s`'s format).
fn cell_text(t: &str, value: &str, s: usize, strings: &[String], formats: &[Shown]) -> String {
    match t {
        "s" => value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| strings.get(i).cloned())
            .unwrap_or_default(),
        "str" | "inlineStr" | "e" | "d" => value.to_owned(),
        "b" => if value.trim() == "1" { "TRUE" } else { "FALSE" }.to_owned(),
        _ if value.trim().is_empty() => String::new(),
        _ => show_number(value, formats.get(s).unwrap_or(&Shown::default())),
    }
}

/// Puts `text` at row `r`, column `c`, growing the grid to reach it.
fn place(rows: &mut Vec<Vec<String>>, r: usize, c: usize, text: String) {
    if rows.len() <= r {
        rows.resize(r + 1, Vec::new());
    }
    let row = &mut rows[r];
    if row.len() <= c {
        row.resize(c + 1, String::new());
    }
    row[c] = text;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_their_format_shows_them() {
        let two = shown("0.00");
        assert_eq!(show_number("16.890000000000001", &two), "16.89");
        assert_eq!(show_number("93.833333333333329", &two), "93.83");
        assert_eq!(show_number("0.125", &shown("0.00")), "0.13");
        assert_eq!(show_number("1087.5", &shown("#,##0.00")), "1087.50");
        assert_eq!(
            show_number("0.85517500000000002", &shown("0.00%")),
            "85.52%"
        );
        assert_eq!(
            show_number("0.15417100000000003", &Shown::default()),
            "0.154171"
        );
        assert_eq!(
            show_number("16.890000000000001", &Shown::default()),
            "16.89"
        );
        assert_eq!(show_number("1.5E-2", &Shown::default()), "0.015");
        assert_eq!(
            show_number("4896155.1200000001", &Shown::default()),
            "4896155.12"
        );
        assert_eq!(show_number("100", &shown("0.00\" 分\"")), "100.00");
        assert_eq!(show_number("-0.001", &two), "0.00");
    }

    #[test]
    fn cell_positions() {
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("F12"), Some((11, 5)));
        assert_eq!(position("AA3"), Some((2, 26)));
        assert_eq!(position("12"), None);
    }
}
