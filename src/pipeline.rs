//! The pipeline, top to bottom: bytes → text or tables ([`decode`], [`inputs`]) → rows of
//! cells ([`grid`]) → forms ([`recognize`]) → rules ([`rules`]) → the report ([`report`]).
//!
//! The CLI and the page both enter here; they differ only in how text that is not UTF-8 is
//! decoded (a [`Decoder`]: `encoding_rs` natively, the browser's `TextDecoder` in the page).

use crate::decode::{self, Decoder, Encoding};
#[cfg(feature = "pdf")]
use crate::findings::{Code, Finding};
use crate::inputs::{self, Format, InputError, Sheeted, Table};
use crate::model::Form;
use crate::report::{self, FormReport, Report};
use crate::rules;
use crate::{grid, recognize, stream};

pub use crate::stream::Options;

/// Checks a file's bytes: a workbook (.xlsx) or document (.docx) with the `office` feature, a
/// web page (.html), or text (BOM, then strict UTF-8, then GB18030 by `decoder`, unless
/// `opts.encoding` says otherwise; a `.csv` name reads commas).
pub fn check_bytes_with(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    decoder: Decoder,
) -> Result<Report, InputError> {
    check_bytes_progress(name, bytes, opts, decoder, &mut |_, _| {})
}

/// [`check_bytes_with`], calling `progress(page, pages)` as each page of a PDF is read.
pub fn check_bytes_progress(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    decoder: Decoder,
    #[allow(unused_variables)] progress: &mut dyn FnMut(usize, usize),
) -> Result<Report, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Decode(decode::DecodeError::Empty));
    }
    match inputs::sniff(name, bytes) {
        #[cfg(feature = "pdf")]
        Format::Pdf => check_pdf(name, bytes, opts, decoder, progress),
        Format::Html => {
            let (text, _) = decode::decode_with(bytes, opts.encoding, decoder)?;
            let tables = inputs::html::read(&text)?;
            Ok(check_tables(name, Format::Html, &tables, opts))
        }
        format @ (Format::Xlsx | Format::Docx) => {
            let tables = inputs::read_tables(name, bytes, decoder)?;
            Ok(check_tables(name, format, &tables, opts))
        }
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(InputError::PdfNotBuilt),
        format @ (Format::Text | Format::Csv) => {
            let (text, enc) = decode::decode_with(bytes, opts.encoding, decoder)?;
            Ok(check_text_as(name, &text, enc, format, None, opts))
        }
    }
}

/// Checks a PDF's tables; `progress(page, pages)` is called as each page is read. Pages whose
/// tables have no rulings (read by the text's positions) get a warning.
#[cfg(feature = "pdf")]
pub fn check_pdf(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    decoder: Decoder,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report, InputError> {
    let read = inputs::pdf::read(bytes, decoder, progress)?;
    let sheeted = inputs::to_text(&read.tables);
    let tables = Tabled {
        sheeted: &sheeted,
        tables: &read.tables,
        guessed: &read.unruled,
    };
    let mut report = check_text_as(
        name,
        &sheeted.text,
        Encoding::Utf8,
        Format::Pdf,
        Some(tables),
        opts,
    );
    if !read.borderless.is_empty() {
        let pages: Vec<String> = read.borderless.iter().map(usize::to_string).collect();
        report.findings.insert(
            0,
            Finding::new(
                Code::InputPdfNoRulings,
                None,
                "",
                Some(pages.join("、")),
                None,
            ),
        );
        report.summarize();
    }
    Ok(report)
}

/// [`check_bytes_with`] the native decoder.
#[cfg(feature = "native")]
pub fn check_bytes(name: &str, bytes: &[u8], opts: &Options) -> Result<Report, InputError> {
    check_bytes_with(name, bytes, opts, &decode::native)
}

/// Checks text that is already a Rust string (UTF-8); a `.csv` name reads commas.
pub fn check_text(name: &str, text: &str, opts: &Options) -> Report {
    check_decoded(name, text, Encoding::Utf8, opts)
}

/// Checks decoded text. `encoding` is only reported; a `.csv` name reads commas.
pub fn check_decoded(name: &str, text: &str, encoding: Encoding, opts: &Options) -> Report {
    check_text_as(name, text, encoding, text_format(name), None, opts)
}

/// How decoded text by this name is read: commas for a `.csv` name, otherwise text.
pub fn text_format(name: &str) -> Format {
    if name.to_ascii_lowercase().ends_with(".csv") {
        Format::Csv
    } else {
        Format::Text
    }
}

/// Checks the tables of a workbook, document or web page; findings name their cells.
pub fn check_tables(name: &str, format: Format, tables: &[Table], opts: &Options) -> Report {
    let sheeted = inputs::to_text(tables);
    let tabled = Tabled {
        sheeted: &sheeted,
        tables,
        guessed: &[],
    };
    check_text_as(
        name,
        &sheeted.text,
        Encoding::Utf8,
        format,
        Some(tabled),
        opts,
    )
}

/// Text made from tables: where each line came from, and the PDF pages whose cells were cut
/// from the text's positions (no rulings).
#[derive(Clone, Copy)]
struct Tabled<'a> {
    sheeted: &'a Sheeted,
    tables: &'a [Table],
    guessed: &'a [usize],
}

impl Tabled<'_> {
    /// The first guessed page among `lines`.
    fn guessed_page(&self, mut lines: impl Iterator<Item = usize>) -> Option<usize> {
        if self.guessed.is_empty() {
            return None;
        }
        lines.find_map(|line| {
            let origin = self.sheeted.origins.get(line.checked_sub(1)?)?.as_ref()?;
            let page = self.tables.get(origin.table)?.page?;
            self.guessed.contains(&page).then_some(page)
        })
    }
}

fn check_text_as(
    name: &str,
    text: &str,
    encoding: Encoding,
    format: Format,
    tables: Option<Tabled>,
    opts: &Options,
) -> Report {
    let text = decode::normalize(text);
    let layout = if format == Format::Csv {
        grid::Layout::Commas
    } else {
        grid::sniff(&text)
    };
    let read = recognize::recognize(grid::RowsAt::new(&text, layout, 1));
    let read_forms: Vec<&Form> = read.forms.iter().map(|rf| &rf.form).collect();
    let roundings = rules::decide_rounding(&read_forms, opts.rounding);
    let forms: Vec<FormReport> = read
        .forms
        .into_iter()
        .zip(roundings)
        .map(|(mut rf, (rounding, source))| {
            // A figure read from a page without rulings was placed by a guess.
            let placed = rf.cells.iter().map(|&(_, line, _)| line);
            if let Some(page) = tables.and_then(|t| t.guessed_page(placed)) {
                rf.guessed(&format!("PDF 第 {page} 页没有表格线，列是按文字位置推测的"));
            }
            let checked = rules::check(rf.form, rounding, source);
            let mut report = FormReport::assemble(checked, rf.findings);
            if let Some(t) = tables {
                for f in &mut report.findings {
                    f.cell =
                        inputs::cell_of(f.field, f.line, &rf.cells, t.sheeted, t.tables, format);
                }
            }
            report
        })
        .collect();
    let mut outside = Vec::new();
    for u in &read.unplaced {
        let inside = forms
            .iter()
            .any(|f| (f.form.lines.start..=f.form.lines.end).contains(&u.line));
        if !inside {
            let mut f = stream::unplaced_line(u);
            if let Some(t) = tables {
                f.cell = inputs::cell_of(None, f.line, &[], t.sheeted, t.tables, format);
            }
            outside.push(f);
        }
    }
    let findings = stream::document_findings(forms.len(), outside, read.unlisted);
    let mut report = Report {
        schema_version: report::SCHEMA_VERSION,
        source: report::Source {
            name: name.to_owned(),
            encoding,
            format,
        },
        forms,
        summary: Default::default(),
        unplaced: read.unplaced,
        findings,
    };
    report.summarize();
    report
}
