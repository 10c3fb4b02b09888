//! Stage 7: exports — checked reports out to the files people pass on. The findings as a CSV
//! table (UTF-8 with a BOM, CRLF, RFC 4180 quoting: what Excel and WPS open without asking)
//! and as a workbook (问题清单 and 自评表一览); the corrected forms as a workbook laid out like
//! the form, one sheet per form, changed cells marked and noted, with the audit trail last.
//!
//! [`rows`] is the one place that turns reports into rows; [`sheet`] lays a corrected form out
//! as cells; [`csv`] and [`xlsx`] only write what those give. Reading the corrected workbook
//! back with this crate's own reader gives the same forms, with no arithmetic left to correct.
//!
//! ```
//! let text = "财政项目支出绩效自评表\n项目名称\t示例项目\n\
//!             项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
//!             \t年度资金总额\t18.00\t18.00\t16.89\t10.00\t93.82\t9.38\n\
//!             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n\
//!             产出指标\t数量指标\t报告数\t≥2(份)\t2(份)\t90\t90\n\
//!             总分\t\t\t\t\t100\t99.38\n";
//! let report = jixiao::check_text("示例.txt", text, &jixiao::Options::default());
//! let csv = jixiao::export::findings_csv(std::slice::from_ref(&report));
//! assert!(csv.starts_with("\u{feff}文件,表序号,项目名称"));
//! assert!(csv.contains("funds.rate_mismatch"));
//! let workbook = jixiao::export::forms_xlsx(&[report]).unwrap();
//! assert_eq!(&workbook[..2], b"PK");
//! ```

pub mod csv;
pub mod rows;
pub mod sheet;
pub mod xlsx;

use crate::report::Report;

/// Why an export could not be written.
#[derive(Debug)]
pub enum ExportError {
    /// The reports hold no form (the corrected-forms workbook needs one).
    NoForms,
    /// The workbook writer refused (a limit of the format, as its message says).
    Workbook(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::NoForms => f.write_str("没有可导出的自评表：所选输入中没有识别出表"),
            ExportError::Workbook(why) => write!(f, "无法写出 Excel 工作簿：{why}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// The findings of every report as CSV: a BOM, one header row, one row per finding (the
/// columns of [`rows::FINDING_HEADERS`]), CRLF line ends.
pub fn findings_csv(reports: &[Report]) -> String {
    csv::findings(reports)
}

/// The findings workbook: sheet 问题清单 (one row per finding) and 自评表一览 (one per form).
pub fn findings_xlsx(reports: &[Report]) -> Result<Vec<u8>, ExportError> {
    xlsx::findings(reports)
}

/// The corrected-forms workbook: one sheet per form of every report, laid out like the form,
/// then the sheet 修改记录. Reports without any form are an error.
pub fn forms_xlsx(reports: &[Report]) -> Result<Vec<u8>, ExportError> {
    xlsx::forms(reports)
}
