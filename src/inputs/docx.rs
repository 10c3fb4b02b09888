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

fn tables(xml: &str, budget: &mut Budget) -> Result<Vec<Table>, InputError> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<Table> = Vec::new();
    let mut depth = 0usize; // table nesting
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<CellState> = None;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| InputError::Corrupt(e.to_string()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => {
                    depth += 1;
                    if depth == 1 {
                        rows.clear();
                    }
                }
                "tr" if depth == 1 => row.clear(),
                "tc" if depth == 1 => {
                    cell = Some(CellState {
                        span: 1,
                        ..CellState::default()
                    })
                }
                "t" => in_text = cell.is_some(),
                "vMerge" if depth == 1 => mark_merge(&mut cell, &e),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "gridSpan" if depth == 1 => {
                    if let (Some(c), Some(n)) = (
                        cell.as_mut(),
                        attr(&e, "val").and_then(|v| v.parse::<usize>().ok()),
                    ) {
                        c.span = n.clamp(1, 64);
                    }
                }
                "vMerge" if depth == 1 => mark_merge(&mut cell, &e),
                "br" | "cr" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\n');
                    }
                }
                "tab" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push(' ');
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&entity(&r));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\n');
                    }
                }
                "tc" if depth == 1 => {
                    if let Some(c) = cell.take() {
                        budget.cell()?;
                        let text = if c.continued {
                            String::new()
                        } else {
                            c.text.trim_end_matches('\n').trim().to_owned()
                        };
                        row.push(text);
                        for _ in 1..c.span {
                            budget.cell()?;
                            row.push(String::new());
                        }
                    }
                }
                "tr" if depth == 1 => rows.push(std::mem::take(&mut row)),
                "tbl" => {
                    if depth == 1 {
                        out.push(Table {
                            name: format!("表 {}", out.len() + 1),
                            rows: std::mem::take(&mut rows),
                            page: None,
                        });
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
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
