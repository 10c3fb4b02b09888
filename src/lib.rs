//! jixiao (绩效): reads 财政项目支出绩效自评表 as people have them, recomputes every figure the
//! scoring rules define, and reports every inconsistency with the line it sits on.
//!
//! The pipeline reads top to bottom:
//!
//! 1. [`decode`]: bytes → text (BOM, strict UTF-8, GB18030), normalised.
//! 2. [`grid`]: text → rows of cells with line and column.
//! 3. [`recognize`]: cells → forms ([`model`]), with exact decimals ([`value`]).
//! 4. [`rules`]: forms → findings ([`findings`] is the one registry) and corrections.
//! 5. [`report`]: the JSON contract and the text report; [`export`] writes a form back as TSV.
//! 6. [`revise`]: a user's edits, accepted fixes and dismissals, re-run through the rules; a
//!    downloaded report read back to continue.
//!
//! ```
//! let text = "财政项目支出绩效自评表\n项目名称\t示例项目\n\
//!             项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
//!             \t年度资金总额\t18.00\t18.00\t16.89\t10.00\t93.83\t9.38\n\
//!             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n\
//!             产出指标\t数量指标\t报告数\t≥2(份)\t2(份)\t90\t90\n\
//!             总分\t\t\t\t\t100\t99.38\n";
//! let report = jixiao::check_text("示例", text, &jixiao::Options::default());
//! let form = &report.forms[0];
//! assert_eq!(form.form.project.as_deref(), Some("示例项目"));
//! assert_eq!(form.recomputed.total.unwrap().to_string(), "99.38");
//! assert!(!report.has_errors());
//! ```

pub mod decode;
pub mod export;
pub mod findings;
pub mod grid;
pub mod inputs;
pub mod model;
pub mod recognize;
pub mod report;
pub mod revise;
pub mod rules;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use decode::{DecodeError, Encoding};
pub use inputs::{Format, InputError};
pub use report::{FormReport, Report};
pub use rules::Rounding;

use findings::{Code, Finding};
use rules::{Fit, RoundingSource};

/// How to check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `None`: recognise each form's rounding from its own figures (and its document's).
    pub rounding: Option<Rounding>,
    /// `None`: detect the encoding (BOM, UTF-8, then GB18030).
    pub encoding: Option<Encoding>,
}

/// Checks decoded text. `encoding` is only reported; a `.csv` name reads commas.
pub fn check_decoded(name: &str, text: &str, encoding: Encoding, opts: &Options) -> Report {
    let format = if name.to_ascii_lowercase().ends_with(".csv") {
        Format::Csv
    } else {
        Format::Text
    };
    check_text_as(name, text, encoding, format, None, opts)
}

/// Checks the tables of a workbook, document or web page; findings name their cells.
pub fn check_tables(
    name: &str,
    format: Format,
    tables: &[inputs::Table],
    opts: &Options,
) -> Report {
    let sheeted = inputs::to_text(tables);
    check_text_as(
        name,
        &sheeted.text,
        Encoding::Utf8,
        format,
        Some((&sheeted, tables)),
        opts,
    )
}

fn check_text_as(
    name: &str,
    text: &str,
    encoding: Encoding,
    format: Format,
    tables: Option<(&inputs::Sheeted, &[inputs::Table])>,
    opts: &Options,
) -> Report {
    let text = decode::normalize(text);
    let rows = if format == Format::Csv {
        grid::rows_with(&text, grid::Layout::Commas)
    } else {
        grid::rows(&text)
    };
    let read = recognize::recognize(&rows);
    let roundings = decide_rounding(&read.forms, opts.rounding);
    let forms: Vec<FormReport> = read
        .forms
        .into_iter()
        .zip(roundings)
        .map(|(rf, (rounding, source))| {
            let checked = rules::check(rf.form, rounding, source);
            let mut report = FormReport::assemble(checked, rf.findings);
            if let Some((sheeted, tables)) = tables {
                for f in &mut report.findings {
                    f.cell = cell_of(f, &rf.cells, sheeted, tables, format);
                }
            }
            report
        })
        .collect();
    let mut findings: Vec<Finding> = Vec::new();
    if forms.is_empty() {
        findings.push(Finding::new(Code::InputNoForm, None, "", None, None));
    }
    for u in &read.unplaced {
        let inside = forms
            .iter()
            .any(|f| (f.form.lines.start..=f.form.lines.end).contains(&u.line));
        if !inside {
            let mut f = Finding::new(
                Code::ParseUnplacedLine,
                Some(u.line),
                "",
                Some(findings::quote(&u.text)),
                None,
            );
            if let Some((sheeted, tables)) = tables {
                f.cell = cell_of(&f, &[], sheeted, tables, format);
            }
            findings.push(f);
        }
    }
    if read.unlisted > 0 {
        findings.push(Finding::new(
            Code::ParseUnplacedTruncated,
            None,
            "",
            Some(read.unlisted.to_string()),
            None,
        ));
    }
    let mut report = Report {
        schema_version: report::SCHEMA_VERSION,
        source: report::Source {
            name: name.to_owned(),
            encoding,
            format,
        },
        summary: Default::default(),
        forms,
        unplaced: read.unplaced,
        findings,
    };
    report.summarize();
    report
}

/// The file cell a finding is about: its field's cell where the reader placed one, else its row.
fn cell_of(
    f: &Finding,
    cells: &[(model::Field, usize, usize)],
    sheeted: &inputs::Sheeted,
    tables: &[inputs::Table],
    format: Format,
) -> Option<String> {
    let placed = f
        .field
        .as_deref()
        .and_then(model::Field::parse)
        .and_then(|field| cells.iter().find(|(place, _, _)| *place == field));
    let (line, col) = match placed {
        Some((_, line, col)) => (*line, Some(*col)),
        None => (f.line?, None),
    };
    let origin = sheeted.origins.get(line.checked_sub(1)?)?.as_ref()?;
    Some(inputs::cell_ref(format, tables, origin, col))
}

/// Checks text that is already a Rust string (UTF-8).
pub fn check_text(name: &str, text: &str, opts: &Options) -> Report {
    check_decoded(name, text, Encoding::Utf8, opts)
}

/// Checks a file's bytes: a workbook (.xlsx), a document (.docx), a web page (.html) or text
/// (BOM, then strict UTF-8, then GB18030 unless `opts.encoding` says otherwise).
#[cfg(feature = "native")]
pub fn check_bytes(name: &str, bytes: &[u8], opts: &Options) -> Result<Report, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Decode(DecodeError::Empty));
    }
    match inputs::sniff(name, bytes) {
        #[cfg(feature = "office")]
        format @ (Format::Xlsx | Format::Docx) => {
            let tables = inputs::read_office(format, bytes)?;
            Ok(check_tables(name, format, &tables, opts))
        }
        #[cfg(not(feature = "office"))]
        Format::Xlsx | Format::Docx => Err(InputError::Unsupported),
        Format::Html => {
            let (text, _) = decode::decode(bytes, opts.encoding).map_err(InputError::Decode)?;
            let tables = inputs::html::read(&text)?;
            Ok(check_tables(name, Format::Html, &tables, opts))
        }
        Format::Text | Format::Csv => {
            let (text, enc) = decode::decode(bytes, opts.encoding).map_err(InputError::Decode)?;
            Ok(check_decoded(name, &text, enc, opts))
        }
    }
}

/// Each form's rounding convention: the user's; else the one its own figures fit; else the one
/// most forms of the document fit; else truncation for a form in 万元 and half-up otherwise.
fn decide_rounding(
    forms: &[recognize::ReadForm],
    forced: Option<Rounding>,
) -> Vec<(Rounding, RoundingSource)> {
    if let Some(r) = forced {
        return vec![(r, RoundingSource::User); forms.len()];
    }
    let own: Vec<Option<Rounding>> = forms
        .iter()
        .map(|f| {
            let t = rules::fit(&f.form, Rounding::Truncate);
            let h = rules::fit(&f.form, Rounding::HalfUp);
            decisive(t, h)
        })
        .collect();
    let truncating = own
        .iter()
        .filter(|r| **r == Some(Rounding::Truncate))
        .count();
    let rounding = own.iter().filter(|r| **r == Some(Rounding::HalfUp)).count();
    let document = match truncating.cmp(&rounding) {
        std::cmp::Ordering::Greater => Some(Rounding::Truncate),
        std::cmp::Ordering::Less => Some(Rounding::HalfUp),
        std::cmp::Ordering::Equal => None,
    };
    own.into_iter()
        .zip(forms)
        .map(|(r, f)| match (r, document) {
            (Some(r), _) => (r, RoundingSource::Form),
            (None, Some(d)) => (d, RoundingSource::Document),
            // Nothing decides: the common practice of the form's unit (the scoring rules: many
            // forms in 万元 truncate, many in 元 round half-up).
            (None, None) => match f.form.unit {
                Some(model::MoneyUnit::WanYuan) => (Rounding::Truncate, RoundingSource::Default),
                _ => (Rounding::HalfUp, RoundingSource::Default),
            },
        })
        .collect()
}

fn decisive(t: Fit, h: Fit) -> Option<Rounding> {
    let t_ok = t.mismatched == 0 && t.matched > 0;
    let h_ok = h.mismatched == 0 && h.matched > 0;
    match (t_ok, h_ok) {
        (true, false) => Some(Rounding::Truncate),
        (false, true) => Some(Rounding::HalfUp),
        (true, true) => None,
        (false, false) if t.matched > h.matched => Some(Rounding::Truncate),
        (false, false) if h.matched > t.matched => Some(Rounding::HalfUp),
        _ => None,
    }
}
