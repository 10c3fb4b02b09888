//! Bindings for the page: types in, types out, nothing else. The report is the CLI's JSON
//! object, built with a JSON-compatible serializer so the page can download it as is.

use crate::decode::{self, Encoding};
use crate::{check_decoded, Options, Rounding};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// What the page may pass as `options`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct JsOptions {
    /// Shown as `source.name`.
    name: Option<String>,
    /// `auto` (default), `truncate` or `half-up`.
    rounding: Option<String>,
    /// For bytes: `auto` (default), `utf-8`, `gb18030`, `utf-16le`, `utf-16be`.
    encoding: Option<String>,
}

fn options(value: JsValue) -> Result<(String, Options), JsError> {
    let js: JsOptions = if value.is_undefined() || value.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&e.to_string()))?
    };
    let rounding = match js.rounding.as_deref() {
        None | Some("auto") => None,
        Some("truncate") => Some(Rounding::Truncate),
        Some("half-up" | "half_up") => Some(Rounding::HalfUp),
        Some(other) => return Err(JsError::new(&format!("unknown rounding {other:?}"))),
    };
    let encoding = match js.encoding.as_deref() {
        None | Some("auto") => None,
        Some(label) => Some(
            Encoding::from_label(label)
                .ok_or_else(|| JsError::new(&format!("unknown encoding {label:?}")))?,
        ),
    };
    let name = js.name.unwrap_or_else(|| "粘贴的文本".to_owned());
    Ok((name, Options { rounding, encoding }))
}

/// The report as the CLI's JSON text, parsed by the browser's own `JSON.parse` (much faster
/// than building the object field by field across the boundary, and the very bytes the CLI
/// writes).
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("report is not JSON"))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
import type { Report } from "./report";
export type { Report };
/** Options of `check` and `checkBytes`. */
export interface CheckOptions {
  /** Shown as `source.name` (default 粘贴的文本). */
  name?: string;
  /** Two-decimal convention: recognised per form by default. */
  rounding?: "auto" | "truncate" | "half-up";
  /** For `checkBytes`: detected (BOM, UTF-8, then GB18030) by default. */
  encoding?: "auto" | "utf-8" | "gb18030" | "utf-16le" | "utf-16be";
}
/** A user's action on a form, for `revise` (as JSON text). `at` (ISO 8601) is recorded. */
export type Action =
  | { kind: "edit"; field: string; value: string | null; at?: string }
  | { kind: "accept"; code: string; field: string; at?: string }
  | { kind: "dismiss"; code: string; field: string | null; note?: string; at?: string }
  | { kind: "restore"; code: string; field: string | null; at?: string };
"#;

/// Checks pasted text. Returns the report object (the CLI's JSON).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let (name, opts) = options(options_value)?;
    to_js(&check_decoded(&name, text, Encoding::Utf8, &opts))
}

/// Checks an uploaded file's bytes: a text file (BOM, strict UTF-8, then GB18030 decoded by
/// the browser's own `TextDecoder`), a web page's tables, and — in the module built with the
/// `office` feature (the full module, which the page loads only when needed) — .xlsx and .docx.
#[wasm_bindgen(js_name = checkBytes, unchecked_return_type = "Report")]
pub fn check_bytes(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options_value: JsValue,
) -> Result<JsValue, JsError> {
    let (name, opts) = options(options_value)?;
    if bytes.is_empty() {
        return Err(JsError::new(&decode::DecodeError::Empty.to_string()));
    }
    let format = crate::inputs::sniff(&name, bytes);
    match format {
        #[cfg(feature = "office")]
        crate::Format::Xlsx | crate::Format::Docx => {
            let tables = crate::inputs::read_office(format, bytes)
                .map_err(|e| JsError::new(&e.to_string()))?;
            return to_js(&crate::check_tables(&name, format, &tables, &opts));
        }
        #[cfg(not(feature = "office"))]
        crate::Format::Xlsx | crate::Format::Docx => {
            return Err(JsError::new("needs the full module"));
        }
        _ => {}
    }
    let enc = opts.encoding.or_else(|| decode::sniff(bytes));
    if decode::looks_binary(bytes, enc) {
        return Err(JsError::new(&decode::DecodeError::Binary.to_string()));
    }
    let enc = enc.unwrap_or(Encoding::Gb18030);
    let text = match enc {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            String::from_utf8_lossy(body).into_owned()
        }
        other => browser_decode(bytes, other)?,
    };
    if format == crate::Format::Html {
        let tables = crate::inputs::html::read(&text).map_err(|e| JsError::new(&e.to_string()))?;
        return to_js(&crate::check_tables(&name, format, &tables, &opts));
    }
    to_js(&check_decoded(&name, &text, enc, &opts))
}

fn browser_decode(bytes: &[u8], enc: Encoding) -> Result<String, JsError> {
    let opts = web_sys::TextDecoderOptions::new();
    opts.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options(enc.label(), &opts)
        .map_err(|_| JsError::new(&format!("this browser cannot decode {}", enc.label())))?;
    decoder
        .decode_with_u8_array(bytes)
        .map_err(|_| JsError::new(&decode::DecodeError::Undecodable.to_string()))
}

/// Applies a user's action (JSON text: `{"kind": "edit", "field", "value"}`, `{"kind":
/// "accept", "code", "field"}`, `{"kind": "dismiss", "code", "field", "note"}` or `{"kind":
/// "restore", "code", "field"}`, with `at`, or
/// `null` to check again) to form `form` of a report given as its JSON text. Returns the
/// revised report.
#[cfg(feature = "edit")]
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn revise(report_json: &str, form: usize, action_json: &str) -> Result<JsValue, JsError> {
    use crate::revise::{revise_report, ActionJson, EditError};
    let err = |e: EditError| JsError::new(&e.to_string());
    let report: crate::Report =
        serde_json::from_str(report_json).map_err(|e| err(EditError::NotAReport(e.to_string())))?;
    let json: Option<ActionJson> =
        serde_json::from_str(action_json).map_err(|e| err(EditError::BadAction(e.to_string())))?;
    let (action, at) = match json {
        None => (None, None),
        Some(json) => {
            let at = json.at.clone();
            (Some(json.action().map_err(err)?), at)
        }
    };
    let revised = revise_report(&report, form, action.as_ref(), at.as_deref()).map_err(err)?;
    to_js(&revised)
}

#[cfg(feature = "edit")]
#[wasm_bindgen(unchecked_return_type = "Report[]")]
pub fn resume(json: &str) -> Result<JsValue, JsError> {
    let reports = crate::revise::resume(json).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&reports)
}

/// The finding-code registry: `[{code, severity, rule, message}]`.
#[wasm_bindgen]
pub fn codes() -> Result<JsValue, JsError> {
    use serde::Serialize;
    crate::findings::REGISTRY
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}
