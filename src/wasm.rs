//! Bindings for the page: each parses its arguments, calls the core and hands back what the
//! core gives. The checks go through the same [`pipeline`](crate::pipeline) as the CLI (a large
//! text through [`stream::Batches`], a batch of forms at a time: [`Checking`]); only the decoder
//! of GB18030 and UTF-16 differs (the browser's own `TextDecoder`). Reports cross as the CLI's
//! JSON text, parsed by the browser's `JSON.parse`.
//!
//! The export module (feature `export`, `pkg-export/`) holds the export bindings alone: the page
//! never checks with it, so the reader, the recogniser and the rules stay out of it.

#[cfg(not(feature = "export"))]
use crate::decode::{self, DecodeError, Encoding};
#[cfg(not(feature = "export"))]
use crate::pipeline::{self, Options};
#[cfg(not(feature = "export"))]
use crate::stream;
#[cfg(not(feature = "export"))]
use crate::vocab::PASTED_NAME;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

#[cfg(not(feature = "export"))]
/// The page's `options` (`CheckOptions`: `name`, `rounding`, `encoding`, each a string or
/// absent). Read field by field rather than through serde-wasm-bindgen's deserializer: it and
/// the floating-point formatting its error messages reach cost the first module 13 KiB gzip.
fn options(value: JsValue) -> Result<(String, Options), JsError> {
    let field = |key: &str| -> Result<Option<String>, JsError> {
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        if !value.is_object() {
            return Err(JsError::new("options 应为对象"));
        }
        let v = js_sys::Reflect::get(&value, &JsValue::from_str(key))
            .map_err(|_| JsError::new("options 无法读取"))?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_string()
            .map(Some)
            .ok_or_else(|| JsError::new(&format!("options.{key} 应为文字")))
    };
    let (rounding, encoding) = (field("rounding")?, field("encoding")?);
    let opts =
        Options::parse(rounding.as_deref(), encoding.as_deref()).map_err(|e| JsError::new(&e))?;
    Ok((
        field("name")?.unwrap_or_else(|| PASTED_NAME.to_owned()),
        opts,
    ))
}

#[cfg(not(feature = "export"))]
/// A value as the CLI's JSON text, parsed by the browser's own `JSON.parse` (much faster than
/// building the object field by field across the boundary, and the very bytes the CLI writes).
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = crate::json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("report is not JSON"))
}

#[cfg(not(feature = "export"))]
/// A small value the core defines (the registry, the vocabulary) built as a plain JS object by
/// serde-wasm-bindgen's serializer (maps as objects, as JSON would give them).
fn to_object<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[cfg(not(feature = "export"))]
/// UTF-16 and GB18030 by the browser's `TextDecoder` (fatal unless the user chose it).
fn browser_decode(bytes: &[u8], enc: Encoding, lossy: bool) -> Result<String, DecodeError> {
    let opts = web_sys::TextDecoderOptions::new();
    opts.set_fatal(!lossy);
    let decoder = web_sys::TextDecoder::new_with_label_and_options(enc.label(), &opts)
        .map_err(|_| DecodeError::Undecodable)?;
    decoder
        .decode_with_u8_array(bytes)
        .map_err(|_| DecodeError::Undecodable)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
import type { Report, FormReport, Source } from "./report";
import type { Step, Action, Vocabulary, Spec } from "./page";
export type { Report, FormReport, Source, Step, Action, Vocabulary, Spec };
/** Options of `check` and `checkBytes`. */
export interface CheckOptions {
  /** Shown as `source.name` (default: `vocabulary().pasted_name`). */
  name?: string;
  /** Two-decimal convention: recognised per form by default (`vocabulary().roundings`). */
  rounding?: "auto" | "truncate" | "half_up" | "half-up";
  /** For `checkBytes`: detected (BOM, UTF-8, then GB18030) by default. */
  encoding?: "auto" | "utf-8" | "gb18030" | "utf-16le" | "utf-16be";
}
"#;

#[cfg(not(feature = "export"))]
/// Checks pasted text. Returns the report object (the CLI's JSON).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let (name, opts) = options(options_value)?;
    to_js(&pipeline::check_text(&name, text, &opts))
}

/// Checks a file's bytes, as the CLI does: text (BOM, strict UTF-8, then GB18030), a web
/// page's tables and — in the full module (the `office` and `pdf` features) — .xlsx, .docx and
/// PDF.
#[cfg(not(any(feature = "pdf", feature = "export")))]
#[wasm_bindgen(js_name = checkBytes, unchecked_return_type = "Report")]
pub fn check_bytes(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let (name, opts) = options(options_value)?;
    let report = pipeline::check_bytes_with(&name, bytes, &opts, &browser_decode).map_err(error)?;
    to_js(&report)
}

/// Checks a file's bytes as above, PDFs too; `on_page(page, pages)`, if given, is called as each
/// page of a PDF is read. (The first module's `checkBytes` takes no callback: it reads no PDF.)
#[cfg(feature = "pdf")]
#[wasm_bindgen(js_name = checkBytes, unchecked_return_type = "Report")]
pub fn check_bytes(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "((page: number, pages: number) => void) | undefined")]
    on_page: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    let (name, opts) = options(options_value)?;
    let mut progress = |page: usize, pages: usize| {
        if let Some(f) = &on_page {
            // A throwing callback only loses the progress, never the check.
            let _ = f.call2(
                &JsValue::NULL,
                &(page as f64).into(),
                &(pages as f64).into(),
            );
        }
    };
    let report =
        pipeline::check_bytes_progress(&name, bytes, &opts, &browser_decode, &mut progress)
            .map_err(error)?;
    to_js(&report)
}

#[cfg(not(feature = "export"))]
/// A text document checked a batch of forms at a time (the core's [`stream::Batches`]), so that
/// the page can show the first forms while the rest are read and the module's memory follows
/// the piece read, not the document: `next()` until it gives `undefined`, then `finish()`. The
/// batches' forms, in order, as the `forms` of `finish()`'s report are the report `check` (or
/// `checkBytes`) gives for the whole text.
#[wasm_bindgen]
pub struct Checking {
    batches: stream::Batches,
}

#[cfg(not(feature = "export"))]
#[wasm_bindgen]
impl Checking {
    /// Starts checking pasted text, as `check` would (a `.csv` name reads commas). The census
    /// of the forms' rounding is read here, before the first batch.
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: String,
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
    ) -> Result<Checking, JsError> {
        let (name, opts) = options(options_value)?;
        let format = pipeline::text_format(&name);
        let batches = stream::Batches::new(&name, text, Encoding::Utf8, format, &opts);
        Ok(Checking { batches })
    }

    /// Starts checking a file's bytes when they are text or CSV, decoded as `checkBytes`
    /// decodes them (an empty, binary or undecodable file is its error); `undefined` for any
    /// other file (a web page, a workbook, a PDF), which `checkBytes` reads whole.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        bytes: &[u8],
        #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
    ) -> Result<Option<Checking>, JsError> {
        let (name, opts) = options(options_value)?;
        let format = match crate::inputs::sniff(&name, bytes) {
            format @ (crate::Format::Text | crate::Format::Csv) => format,
            _ => return Ok(None),
        };
        let (text, encoding) = decode::decode_with(bytes, opts.encoding, &browser_decode)
            .map_err(|e| error(crate::InputError::Decode(e)))?;
        let batches = stream::Batches::new(&name, text, encoding, format, &opts);
        Ok(Some(Checking { batches }))
    }

    /// The report's `source` (name, encoding, format), known before its first form.
    #[wasm_bindgen(getter, unchecked_return_type = "Source")]
    pub fn source(&self) -> Result<JsValue, JsError> {
        to_js(self.batches.source())
    }

    /// The next forms checked, in document order (at least one), or `undefined` after the last.
    #[wasm_bindgen(js_name = next, unchecked_return_type = "FormReport[] | undefined")]
    pub fn next_batch(&mut self) -> Result<JsValue, JsError> {
        match self.batches.next_batch() {
            Some(forms) => to_js(&forms),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The report without its forms (`forms` empty; its summary counts them): the source, the
    /// summary, the unplaced lines and the document's findings. Checks whatever `next()` has not
    /// handed out yet (those forms are then not given).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn finish(self) -> Result<JsValue, JsError> {
        to_js(&self.batches.finish())
    }
}

#[cfg(not(feature = "export"))]
/// Whether this module reads the file: `false` for a workbook or Word document in a module
/// built without the office readers, or a PDF in one without the PDF reader; the page then
/// hands the file to the module that reads it.
#[wasm_bindgen(js_name = canRead)]
#[allow(clippy::match_like_matches_macro)] // (both `cfg!`s are false in the first module)
pub fn can_read(bytes: &[u8], name: &str) -> bool {
    match crate::inputs::sniff(name, bytes) {
        crate::Format::Xlsx | crate::Format::Docx => cfg!(feature = "office"),
        crate::Format::Pdf => cfg!(feature = "pdf"),
        _ => true,
    }
}

#[cfg(not(feature = "export"))]
/// A file's bytes as text, decoded as the core decodes them (BOM, strict UTF-8, then GB18030);
/// an empty, binary or undecodable file is an error with the core's message. (Not called
/// `decodeText`: wasm-bindgen's glue has a function of that name.)
#[wasm_bindgen(js_name = decodeBytes)]
pub fn decode_text(bytes: &[u8]) -> Result<String, JsError> {
    decode::decode_with(bytes, None, &browser_decode)
        .map(|(text, _)| text)
        .map_err(error)
}

#[cfg(not(feature = "export"))]
/// The tables of an HTML text (a web page, a table copied from Excel, Word or a browser) as the
/// tab-separated rows the core reads them as; `undefined` when it holds no table.
#[wasm_bindgen(js_name = tablesText)]
pub fn tables_text(html: &str) -> Option<String> {
    let tables = crate::inputs::html::read(html).ok()?;
    Some(crate::inputs::to_text(&tables).text)
}

/// Applies a user's step (JSON text of a `Step`, or `null` to check again) to form `form` of a
/// report given as its JSON text. Returns the revised report.
#[cfg(feature = "edit")]
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn revise(
    report_json: &str,
    form: usize,
    #[wasm_bindgen(unchecked_param_type = "string")] step_json: &str,
) -> Result<JsValue, JsError> {
    to_js(&crate::revise::revise_json(report_json, form, step_json).map_err(error)?)
}

/// Reads back a downloaded report (or JSON Lines of them), every form checked again.
#[cfg(feature = "edit")]
#[wasm_bindgen(unchecked_return_type = "Report[]")]
pub fn resume(json: &str) -> Result<JsValue, JsError> {
    to_js(&crate::revise::resume(json).map_err(error)?)
}

#[cfg(not(feature = "export"))]
/// The finding-code registry: `[{code, severity, stage, title_en, rule, message}]`.
#[wasm_bindgen(unchecked_return_type = "Spec[]")]
pub fn codes() -> Result<JsValue, JsError> {
    to_object(&crate::findings::REGISTRY)
}

#[cfg(not(feature = "export"))]
/// What the page shows that the core defines (see [`crate::page::Vocabulary`]).
#[wasm_bindgen(unchecked_return_type = "Vocabulary")]
pub fn vocabulary() -> Result<JsValue, JsError> {
    to_object(&crate::page::vocabulary())
}

/// Reads the reports the page hands over for an export (a JSON array of reports).
#[cfg(feature = "export")]
fn reports(json: &str) -> Result<Vec<crate::report::Report>, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("不是 jixiao 的报告：{e}")))
}

/// The findings of the reports (a JSON array of `Report`) as an .xlsx workbook: 问题清单 and
/// 自评表一览. In the export module (`pkg-export`), fetched only when an export is asked for.
#[cfg(feature = "export")]
#[wasm_bindgen(js_name = findingsXlsx)]
pub fn findings_xlsx(
    #[wasm_bindgen(unchecked_param_type = "string")] reports_json: &str,
) -> Result<Vec<u8>, JsError> {
    crate::export::findings_xlsx(&reports(reports_json)?).map_err(error)
}

/// The findings of the reports (a JSON array of `Report`) as CSV text, beginning with a BOM.
#[cfg(feature = "export")]
#[wasm_bindgen(js_name = findingsCsv)]
pub fn findings_csv(
    #[wasm_bindgen(unchecked_param_type = "string")] reports_json: &str,
) -> Result<String, JsError> {
    Ok(crate::export::findings_csv(&reports(reports_json)?))
}

/// The corrected forms of the reports (a JSON array of `Report`) as an .xlsx workbook, one
/// sheet per form and the audit trail last.
#[cfg(feature = "export")]
#[wasm_bindgen(js_name = formsXlsx)]
pub fn forms_xlsx(
    #[wasm_bindgen(unchecked_param_type = "string")] reports_json: &str,
) -> Result<Vec<u8>, JsError> {
    crate::export::forms_xlsx(&reports(reports_json)?).map_err(error)
}
