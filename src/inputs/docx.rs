//! .docx documents (Office Open XML word processing): every top-level table, with merged cells
//! expanded — a `gridSpan` of n leaves n − 1 empty cells after the text, a `vMerge` continuation
//! is an empty cell under the text. Paragraphs and line breaks inside a cell become line breaks.

use super::{attr, entity, read_part, Budget, InputError, Table};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{Read, Seek};

/// Reads the tables of a document.
pub fn read<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    budget: &mut Budget,
) -> Result<Vec<Table>, InputError> {
    let xml = read_part(archive, "word/document.xml", budget)?.ok_or(InputError::Unsupported)?;
    let tables = tables(&xml, budget)?;
    if tables.is_empty() {
        return Err(InputError::NoTables);
    }
    Ok(tables)
}

#[derive(Default)]
struct CellState {
    text: String,
    span: usize,
    continued: bool,
}

/// Reads every top-level table of `word/document.xml`: the XML's events, in order, to the
/// tables they build ([`Tables`]).
fn tables(xml: &str, budget: &mut Budget) -> Result<Vec<Table>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut t = Tables::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| InputError::Corrupt(e.to_string()))?;
        match event {
            Event::Start(e) => t.start(&e),
            Event::Empty(e) => t.empty(&e),
            Event::Text(x) if t.in_text => t.push(&x.xml10_content()),
            Event::GeneralRef(r) if t.in_text => t.push(&entity(&r)),
            Event::End(e) => t.end(e.local_name().as_ref(), budget)?,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(t.out)
}

/// The tables read so far, and where the reader is in the one it reads.
#[derive(Default)]
struct Tables {
    out: Vec<Table>,
    /// Table nesting: only the cells of top-level tables (depth 1) are read.
    depth: usize,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Option<CellState>,
    /// Inside a `<w:t>` of a cell: its text is the cell's.
    in_text: bool,
}

impl Tables {
    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "tbl" => {
                self.depth += 1;
                if self.depth == 1 {
                    self.rows.clear();
                }
            }
            "tr" if self.depth == 1 => self.row.clear(),
            "tc" if self.depth == 1 => {
                self.cell = Some(CellState {
                    span: 1,
                    ..CellState::default()
                })
            }
            "t" => self.in_text = self.cell.is_some(),
            "vMerge" if self.depth == 1 => mark_merge(&mut self.cell, e),
            _ => {}
        }
    }

    /// An empty element: a span, a merge, a line break or a tab.
    fn empty(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "gridSpan" if self.depth == 1 => {
                if let (Some(c), Some(n)) = (
                    self.cell.as_mut(),
                    attr(e, "val").and_then(|v| v.parse::<usize>().ok()),
                ) {
                    c.span = n.clamp(1, 64);
                }
            }
            "vMerge" if self.depth == 1 => mark_merge(&mut self.cell, e),
            "br" | "cr" => self.push("\n"),
            "tab" => self.push(" "),
            _ => {}
        }
    }

    /// Text for the cell being read, if any.
    fn push(&mut self, text: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.text.push_str(text);
        }
    }

    fn end(&mut self, name: &str, budget: &mut Budget) -> Result<(), InputError> {
        match name {
            "t" => self.in_text = false,
            "p" => self.push("\n"),
            "tc" if self.depth == 1 => {
                if let Some(c) = self.cell.take() {
                    budget.cell()?;
                    let text = if c.continued {
                        String::new()
                    } else {
                        c.text.trim_end_matches('\n').trim().to_owned()
                    };
                    self.row.push(text);
                    for _ in 1..c.span {
                        budget.cell()?;
                        self.row.push(String::new());
                    }
                }
            }
            "tr" if self.depth == 1 => self.rows.push(std::mem::take(&mut self.row)),
            "tbl" => {
                if self.depth == 1 {
                    self.out.push(Table {
                        name: format!("表 {}", self.out.len() + 1),
                        rows: std::mem::take(&mut self.rows),
                        page: None,
                    });
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
        Ok(())
    }
}

/// `<w:vMerge/>` or `w:val="continue"` continues the cell above; `restart` starts a merge.
fn mark_merge(cell: &mut Option<CellState>, e: &BytesStart) {
    if let Some(c) = cell.as_mut() {
        c.continued = attr(e, "val").is_none_or(|v| v == "continue");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_are_expanded() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:tbl>
          <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>甲 &amp; 乙</w:t></w:r></w:p></w:tc></w:tr>
          <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>一</w:t></w:r></w:p><w:p><w:r><w:t>二</w:t><w:br/><w:t>三</w:t></w:r></w:p></w:tc></w:tr>
          <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>
        </w:tbl></w:body></w:document>"#;
        let t = tables(xml, &mut Budget::default()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows[0], ["项目名称", "", "甲 & 乙"]);
        assert_eq!(t[0].rows[1], ["产出指标", "一\n二\n三"]);
        assert_eq!(t[0].rows[2], ["", "x"]);
    }
}
