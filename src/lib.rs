//! jixiao (绩效): reads 财政项目支出绩效自评表 as people have them, recomputes every figure the
//! scoring rules define, and reports every inconsistency with the line it sits on.
//!
//! The pipeline reads top to bottom:
//!
//! 1. [`decode`]: bytes → text (BOM, strict UTF-8, GB18030), normalised; [`inputs`]: a
//!    workbook, document or web page → tables of cells.
//! 2. [`grid`]: text → rows of cells with line and column.
//! 3. [`recognize`]: cells → forms ([`model`]), with exact decimals ([`value`]) and the words of
//!    the forms ([`vocab`]).
//! 4. [`rules`]: forms → findings ([`findings`] is the one registry) and corrections.
//! 5. [`report`]: the JSON contract and the text report.
//! 6. [`revise`]: a user's edits, accepted fixes and dismissals, re-run through the rules; a
//!    downloaded report read back to continue.
//! 7. [`export`] (feature `export`): the findings as CSV and as a workbook, the corrected
//!    forms as a workbook laid out like the form (reading it back gives the same forms).
//!
//! [`pipeline`] runs stages 1–5 on a whole document; [`stream`] runs them on a large text
//! document a piece at a time, on every core, with the same output; the CLI (`src/bin/jixiao.rs`) and the page's bindings
//! (`wasm.rs`) only call it, [`revise`] and [`page`] (the vocabulary the page shows).
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
#[cfg(feature = "export")]
pub mod export;
pub mod findings;
pub mod grid;
pub mod inputs;
pub mod json;
pub mod model;
pub mod page;
pub mod pipeline;
pub mod recognize;
pub mod report;
pub mod revise;
pub mod rules;
pub mod stream;
pub mod value;
pub mod vocab;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use decode::{DecodeError, Encoding};
pub use inputs::{Format, InputError};
#[cfg(feature = "native")]
pub use pipeline::check_bytes;
pub use pipeline::{check_bytes_with, check_decoded, check_tables, check_text, Options};
pub use report::{FormReport, Report};
pub use rules::Rounding;
