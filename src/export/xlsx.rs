//! The workbooks, written with `rust_xlsxwriter`: the findings (问题清单 and 自评表一览: a bold
//! header row, panes frozen below it, an autofilter, columns as wide as their Chinese text)
//! and the corrected forms (one sheet per form as [`super::sheet`] lays it out, then 修改记录).
//!
//! Figures are written as numbers with a number format of their own decimals (`18.00` as 18
//! shown `0.00`), so Excel can add them up and a reader that shows numbers through their
//! format — this crate's own, Excel, WPS — gives back the very text; a figure a double cannot
//! hold exactly is written as text.

use super::rows::{self, FINDING_HEADERS, FORM_HEADERS, TRAIL_HEADERS};
use super::sheet::{self, Cell, Sheet};
use super::ExportError;
use crate::report::Report;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet};
use std::str::FromStr;

/// The fill of a cell a correction or a user changed (light yellow).
const CHANGED: u32 = 0xFFF2CC;
/// Column widths, in characters, that a table's columns are kept within.
const NARROWEST: usize = 6;
const WIDEST: usize = 60;
/// Widths of the form's eight columns (一级指标 … 偏差原因).
const FORM_WIDTHS: [f64; sheet::WIDTH] = [12.0, 14.0, 28.0, 16.0, 16.0, 10.0, 10.0, 36.0];

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> ExportError {
        ExportError::Workbook(e.to_string())
    }
}

/// The findings workbook.
pub fn findings(reports: &[Report]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    table(
        book.add_worksheet(),
        "问题清单",
        &FINDING_HEADERS,
        &rows::findings(reports),
    )?;
    table(
        book.add_worksheet(),
        "自评表一览",
        &FORM_HEADERS,
        &rows::forms(reports),
    )?;
    Ok(book.save_to_buffer()?)
}

/// The corrected-forms workbook.
pub fn forms(reports: &[Report]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let mut trail = Vec::new();
    let mut n = 0;
    for fr in reports.iter().flat_map(|r| &r.forms) {
        n += 1;
        let name = sheet::name(n, fr.form.project.as_deref());
        let ws = book.add_worksheet();
        ws.set_name(&name)?;
        form(ws, &sheet::lay_out(fr))?;
        trail.extend(rows::trail(&name, fr));
    }
    if n == 0 {
        return Err(ExportError::NoForms);
    }
    table(book.add_worksheet(), "修改记录", &TRAIL_HEADERS, &trail)?;
    Ok(book.save_to_buffer()?)
}

/// A table of rows under bold headings, panes frozen below them, with an autofilter.
fn table<const N: usize>(
    ws: &mut Worksheet,
    name: &str,
    headers: &[&str; N],
    rows: &[[String; N]],
) -> Result<(), ExportError> {
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            write_text(ws, r + 1, c, text, Format::new())?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, col(N - 1))?;
    for c in 0..N {
        let widest = std::iter::once(headers[c])
            .chain(rows.iter().map(|r| r[c].as_str()))
            .map(width)
            .max()
            .unwrap_or(0);
        // Room for the autofilter's button beside the heading.
        let w = (widest + 3).clamp(NARROWEST, WIDEST);
        ws.set_column_width(col(c), w as f64)?;
    }
    Ok(())
}

/// A cell's text as a number where it is a plain decimal a double holds exactly, else text.
fn write_text(
    ws: &mut Worksheet,
    r: usize,
    c: usize,
    text: &str,
    format: Format,
) -> Result<(), ExportError> {
    match Decimal::from_str(text) {
        Ok(d) if d.to_string() == text => write_figure(ws, r, c, d, format),
        _ => {
            ws.write_string_with_format(row(r), col(c), text, &format)?;
            Ok(())
        }
    }
}

/// A figure as a number shown with its own decimals, or as text when a double cannot hold it.
fn write_figure(
    ws: &mut Worksheet,
    r: usize,
    c: usize,
    d: Decimal,
    format: Format,
) -> Result<(), ExportError> {
    match exact(d) {
        Some(f) => {
            let decimals = "0".repeat(d.scale() as usize);
            let code = if decimals.is_empty() {
                "0".to_owned()
            } else {
                format!("0.{decimals}")
            };
            ws.write_number_with_format(row(r), col(c), f, &format.set_num_format(code))?;
        }
        None => {
            ws.write_string_with_format(row(r), col(c), d.to_string(), &format)?;
        }
    }
    Ok(())
}

/// The double whose shortest text, rounded to `d`'s decimals, is `d` again.
fn exact(d: Decimal) -> Option<f64> {
    let f: f64 = d.to_string().parse().ok()?;
    let back = Decimal::from_str(&f.to_string()).ok()?;
    (f.is_finite() && back.round_dp(d.scale()) == d && d.scale() <= 15).then_some(f)
}

/// A corrected form's sheet: its cells, merges, the changed cells filled and noted.
fn form(ws: &mut Worksheet, s: &Sheet) -> Result<(), ExportError> {
    let format = |r: usize, c: usize| {
        let base = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let base = match &s.rows[r][c] {
            Cell::Label(_) => base.set_bold().set_align(FormatAlign::Center),
            Cell::Text(_) => base.set_text_wrap(),
            Cell::Figure(_) | Cell::Empty => base,
        };
        let changed = s.marks.iter().any(|m| (m.row, m.col) == (r, c));
        if changed {
            base.set_background_color(Color::RGB(CHANGED))
        } else {
            base
        }
    };
    for &(r0, c0, r1, c1) in &s.merges {
        let text = match &s.rows[r0][c0] {
            Cell::Label(t) | Cell::Text(t) => t.as_str(),
            _ => "",
        };
        ws.merge_range(row(r0), col(c0), row(r1), col(c1), text, &format(r0, c0))?;
    }
    for (r, cells) in s.rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            if s.merges
                .iter()
                .any(|m| (m.0..=m.2).contains(&r) && (m.1..=m.3).contains(&c))
            {
                continue;
            }
            match cell {
                Cell::Empty => ws.write_blank(row(r), col(c), &format(r, c)).map(|_| ())?,
                Cell::Label(t) | Cell::Text(t) => {
                    ws.write_string_with_format(row(r), col(c), t, &format(r, c))?;
                }
                Cell::Figure(d) => write_figure(ws, r, c, *d, format(r, c))?,
            }
        }
    }
    for m in &s.marks {
        let note = Note::new(&m.note)
            .set_author("jixiao")
            .add_author_prefix(false)
            .set_width(320)
            .set_height(120);
        ws.insert_note(row(m.row), col(m.col), &note)?;
    }
    for (c, w) in FORM_WIDTHS.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    Ok(())
}

fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Display width: CJK and full-width characters count two, others one.
fn width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().map(|c| if wide(c) { 2 } else { 1 }).sum())
        .max()
        .unwrap_or(0)
}

fn wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_two() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("问题清单"), 8);
        assert_eq!(width("（空）a"), 7);
        assert_eq!(width("短\n长一点"), 6, "the widest line");
    }

    #[test]
    fn figures_a_double_holds_are_numbers() {
        for (text, ok) in [
            ("93.83", true),
            ("18.00", true),
            ("4896155.12", true),
            ("0.1", true),
            ("12345678901234567.89", false),
            ("0.1234567890123456789", false),
        ] {
            let d = Decimal::from_str(text).unwrap();
            assert_eq!(exact(d).is_some(), ok, "{text}");
        }
    }
}
