//! The findings as CSV: UTF-8 with a byte-order mark (Excel and WPS read UTF-8 only with it),
//! CRLF line ends and RFC 4180 quoting (a cell with a comma, quote or line break in quotes,
//! quotes doubled), written by the `csv` crate. The rows are [`super::rows::findings`].

use super::rows::{self, FINDING_HEADERS};
use crate::report::Report;

/// What starts the file, once: the byte-order mark and the header row.
pub fn head() -> String {
    let mut out = String::from('\u{feff}');
    out.push_str(&lines(std::iter::once(FINDING_HEADERS.map(str::to_owned))));
    out
}

/// The rows of every finding of `reports`, without the head (the command line writes the
/// head once and each document's rows as it is checked).
pub fn body(reports: &[Report]) -> String {
    lines(rows::findings(reports))
}

/// The whole file: [`head`] then [`body`].
pub fn findings(reports: &[Report]) -> String {
    head() + &body(reports)
}

/// Rows as CSV lines, each ending in CRLF.
fn lines<const N: usize>(rows: impl IntoIterator<Item = [String; N]>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("rows are UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_rfc_4180_says_with_crlf() {
        let rows = [[
            "a,b".to_owned(),
            "say \"hi\"".to_owned(),
            "two\nlines".to_owned(),
        ]];
        assert_eq!(lines(rows), "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    #[test]
    fn the_head_is_a_bom_and_the_headings() {
        let head = head();
        assert!(head.starts_with("\u{feff}文件,表序号,"));
        assert!(head.ends_with("忽略说明\r\n"));
        assert_eq!(findings(&[]), head);
    }
}
