//! PDF documents: each page's content played for its glyphs and rulings
//! ([`content`], with the fonts of [`fonts`]), each table's grid rebuilt from its rulings
//! ([`layout`]), and the tables continued across page breaks here. The result is the same
//! tables of cells the other office readers give; each table part remembers its page.
//!
//! What cannot be read is said plainly: a scan without a text layer, fonts whose glyphs have
//! no known text, a password to open, and files past the limits below.

mod content;
mod fonts;
mod layout;

use super::{InputError, Table};
use crate::decode::Decoder;
use hayro_syntax::{LoadPdfError, Pdf};
use layout::Block;

/// Most pages read.
pub const MAX_PAGES: usize = 5_000;
/// Most decoded bytes of content streams, in all.
pub const MAX_DECODED: usize = 256 << 20;
/// Most content operators played, in all.
pub const MAX_OPERATORS: usize = 50_000_000;
/// Longest a file may take to read, in milliseconds.
pub const MAX_MILLIS: f64 = 120_000.0;
/// Most glyphs with known text a page draws (the densest corpus page draws 2,326; a page of
/// 4 pt text, about 25,000), and a document.
pub const MAX_PAGE_GLYPHS: usize = 100_000;
pub const MAX_GLYPHS: usize = 4_000_000;
/// Most axis-aligned line segments a page strokes or fills (the corpus: at most 738), and a
/// document.
pub const MAX_PAGE_SEGMENTS: usize = 100_000;
pub const MAX_SEGMENTS: usize = 4_000_000;
/// Most rulings of a page once collinear pieces are merged (the corpus: at most 61).
pub const MAX_PAGE_RULINGS: usize = 10_000;
/// Most grid cells of the tables of a document (as for office files).
pub const MAX_CELLS: usize = 2_000_000;
/// More glyphs without known text than this share of all glyphs: the file is refused.
const MAX_UNKNOWN: f64 = 0.2;
/// A page part of a table continued across pages has the same column edges within this.
const SAME_COLUMN: f64 = 3.0;

/// The name of a block of text outside tables.
pub const OUTSIDE: &str = "表外文字";

/// A limit of [`Budget`].
#[derive(Clone, Copy, Debug)]
pub enum Limit {
    Pages,
    Decoded,
    Operators,
    Time,
    PageGlyphs,
    Glyphs,
    PageSegments,
    Segments,
    PageRulings,
    Cells,
}

impl Limit {
    pub fn what(self) -> &'static str {
        match self {
            Limit::Pages => "PDF 页数",
            Limit::Decoded => "PDF 解压后的数据量",
            Limit::Operators => "PDF 绘制指令数",
            Limit::Time => "PDF 读取时间",
            Limit::PageGlyphs => "PDF 单页文字数",
            Limit::Glyphs => "PDF 文字总数",
            Limit::PageSegments => "PDF 单页线段数",
            Limit::Segments => "PDF 线段总数",
            Limit::PageRulings => "PDF 单页表格线数",
            Limit::Cells => "PDF 表格单元格数",
        }
    }
}

/// What reading a file may still spend.
pub struct Budget {
    decoded: usize,
    operators: usize,
    started: f64,
    /// Glyphs and segments of the page being played, and of the document.
    page_glyphs: usize,
    glyphs: usize,
    page_segments: usize,
    segments: usize,
    cells: usize,
}

fn now_millis() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
            * 1000.0
    }
}

impl Budget {
    fn new() -> Budget {
        Budget {
            decoded: MAX_DECODED,
            operators: MAX_OPERATORS,
            started: now_millis(),
            page_glyphs: 0,
            glyphs: 0,
            page_segments: 0,
            segments: 0,
            cells: 0,
        }
    }

    /// A new page starts: its own counts start again.
    fn new_page(&mut self) {
        self.page_glyphs = 0;
        self.page_segments = 0;
    }

    /// One more glyph kept.
    fn glyph(&mut self) -> Result<(), InputError> {
        self.page_glyphs += 1;
        self.glyphs += 1;
        if self.page_glyphs > MAX_PAGE_GLYPHS {
            return Err(InputError::TooLarge(Limit::PageGlyphs.what()));
        }
        if self.glyphs > MAX_GLYPHS {
            return Err(InputError::TooLarge(Limit::Glyphs.what()));
        }
        Ok(())
    }

    /// `n` more segments kept.
    fn segments(&mut self, n: usize) -> Result<(), InputError> {
        self.page_segments += n;
        self.segments += n;
        if self.page_segments > MAX_PAGE_SEGMENTS {
            return Err(InputError::TooLarge(Limit::PageSegments.what()));
        }
        if self.segments > MAX_SEGMENTS {
            return Err(InputError::TooLarge(Limit::Segments.what()));
        }
        Ok(())
    }

    /// The rulings of a page, once merged.
    fn rulings(&self, n: usize) -> Result<(), InputError> {
        if n > MAX_PAGE_RULINGS {
            return Err(InputError::TooLarge(Limit::PageRulings.what()));
        }
        Ok(())
    }

    /// `n` more grid cells, before they are made.
    fn cells(&mut self, n: usize) -> Result<(), InputError> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS {
            return Err(InputError::TooLarge(Limit::Cells.what()));
        }
        Ok(())
    }

    fn remaining(&self) -> usize {
        self.decoded
    }

    fn charge(&mut self, bytes: usize) -> Result<(), InputError> {
        self.decoded = self
            .decoded
            .checked_sub(bytes)
            .ok_or(InputError::TooLarge(Limit::Decoded.what()))?;
        Ok(())
    }

    fn operator(&mut self) -> Result<(), InputError> {
        self.operators = self
            .operators
            .checked_sub(1)
            .ok_or(InputError::TooLarge(Limit::Operators.what()))?;
        if self.operators.is_multiple_of(4096) {
            self.clock()?;
        }
        Ok(())
    }

    fn clock(&self) -> Result<(), InputError> {
        if now_millis() - self.started > MAX_MILLIS {
            return Err(InputError::TooLarge(Limit::Time.what()));
        }
        Ok(())
    }
}

/// A PDF's tables, and its pages with text but no ruled table: on those, any cells were cut
/// from the text's positions.
#[derive(Debug, Default)]
pub struct Read {
    pub tables: Vec<Table>,
    /// Pages without rulings (1-based)…
    pub unruled: Vec<usize>,
    /// … of which these hold lines of three or more cells: a table printed without rulings.
    pub borderless: Vec<usize>,
    pub pages: usize,
}

fn open(bytes: &[u8]) -> Result<Pdf, InputError> {
    Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(_) => InputError::PdfPassword,
        LoadPdfError::Invalid => InputError::Corrupt("无法解析 PDF 的对象结构".into()),
    })
}

/// Plays every page; `progress(page, pages)` after each.
fn pages(
    bytes: &[u8],
    decoder: Decoder,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<content::Drawn>, Budget), InputError> {
    let pdf = open(bytes)?;
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(InputError::TooLarge(Limit::Pages.what()));
    }
    if pages.is_empty() {
        return Err(InputError::Corrupt("PDF 没有页面".into()));
    }
    let mut budget = Budget::new();
    let mut player = content::Player::new(&mut budget, decoder);
    let mut out = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        player.budget().new_page();
        let data = content::page_content(page.raw(), player.budget())?;
        out.push(player.page(&data, page.resources(), content::Matrix::IDENTITY)?);
        player.budget().clock()?;
        progress(i + 1, pages.len());
    }
    drop(player);
    let glyphs: usize = out.iter().map(|d| d.glyphs.len()).sum();
    let unknown: usize = out.iter().map(|d| d.unknown).sum();
    if glyphs == 0 && unknown == 0 {
        return Err(InputError::PdfNoText);
    }
    if unknown as f64 > (glyphs + unknown) as f64 * MAX_UNKNOWN {
        let share = unknown * 100 / (glyphs + unknown);
        return Err(InputError::PdfNoUnicode(share));
    }
    Ok((out, budget))
}

/// Reads a PDF's tables.
pub fn read(
    bytes: &[u8],
    decoder: Decoder,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Read, InputError> {
    let (drawn, mut budget) = pages(bytes, decoder, progress)?;
    let mut read = Read {
        pages: drawn.len(),
        ..Read::default()
    };
    let mut numbered = 0;
    // The table part holding a row cut by the page break, and its column edges.
    let mut open: Option<(usize, Vec<f64>)> = None;
    for (p, page) in drawn.iter().enumerate() {
        let (items, segments) = layout::upright(page);
        let blocks = layout::blocks(items, &segments, &mut budget)?;
        let mut first = true;
        let mut tabular_lines = false;
        for block in blocks {
            match block {
                Block::Table(g) => {
                    let continued = open
                        .take()
                        .filter(|(_, xs)| first && same_columns(xs, &g.xs))
                        .map(|(at, _)| at);
                    first = false;
                    let mut rows = g.rows;
                    let name = match continued {
                        Some(at) => {
                            if g.open_top && !rows.is_empty() {
                                let head = rows.remove(0);
                                join_row(&mut read.tables[at].rows, head);
                            }
                            read.tables[at].name.clone()
                        }
                        None => {
                            numbered += 1;
                            format!("表 {numbered}")
                        }
                    };
                    let holder = if rows.is_empty() {
                        continued
                    } else {
                        read.tables.push(Table {
                            name,
                            rows,
                            page: Some(p + 1),
                        });
                        Some(read.tables.len() - 1)
                    };
                    open = holder.filter(|_| g.open_bottom).map(|at| (at, g.xs));
                }
                Block::Lines(rows) => {
                    tabular_lines |= rows.iter().any(|r| r.len() >= 3);
                    read.tables.push(Table {
                        name: OUTSIDE.to_owned(),
                        rows,
                        page: Some(p + 1),
                    });
                }
            }
        }
        if first && !page.glyphs.is_empty() {
            read.unruled.push(p + 1);
        }
        if first && tabular_lines {
            read.borderless.push(p + 1);
        }
        if first {
            // A page without tables ends any table cut by the page before.
            open = None;
        }
    }
    if read.tables.is_empty() {
        return Err(InputError::PdfNoText);
    }
    Ok(read)
}

/// Each page's glyphs in drawing order with no whitespace: the text a PDF viewer's text layer
/// holds, for checking the fonts are read right (`jixiao pdf-text`).
pub fn page_texts(bytes: &[u8], decoder: Decoder) -> Result<Vec<String>, InputError> {
    let (drawn, _) = pages(bytes, decoder, &mut |_, _| {})?;
    Ok(drawn
        .iter()
        .map(|d| {
            d.glyphs
                .iter()
                .flat_map(|g| g.text.chars())
                .filter(|c| !c.is_whitespace())
                .collect()
        })
        .collect())
}

fn same_columns(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= SAME_COLUMN)
}

/// A row cut by a page break, joined back: the next page's part of each cell follows this
/// page's part.
fn join_row(rows: &mut [Vec<String>], tail: Vec<String>) {
    let Some(last) = rows.last_mut() else { return };
    for (cell, more) in last.iter_mut().zip(tail) {
        layout::soft_wrap(cell, &more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_row_is_joined_back() {
        let mut rows = vec![vec![
            "数量指标".to_owned(),
            "完成".to_owned(),
            "ab".to_owned(),
        ]];
        join_row(&mut rows, vec![String::new(), "情况".into(), "cd".into()]);
        assert_eq!(rows[0], ["数量指标", "完成情况", "ab cd"]);
    }

    #[test]
    fn columns_match_within_three_points() {
        assert!(same_columns(&[10.0, 100.0], &[11.5, 98.0]));
        assert!(!same_columns(&[10.0, 100.0], &[10.0, 90.0]));
        assert!(!same_columns(&[10.0], &[10.0, 90.0]));
    }
}
