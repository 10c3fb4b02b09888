//! `<table>`s in saved web pages and in the HTML a browser puts on the clipboard: rows and
//! cells with `rowspan`/`colspan` expanded (the text in the first cell, the others empty).
//! A small tolerant tokenizer: it needs no well-formed markup, runs no script and resolves the
//! common character references.

use super::{InputError, Table};

/// Every top-level table of the page.
pub fn read(html: &str) -> Result<Vec<Table>, InputError> {
    let mut t = Tables::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        t.text(&rest[..lt]);
        rest = &rest[lt..];
        // Comments and the content of script and style elements are skipped whole.
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "style") && !closing {
            let end = format!("</{name}");
            rest = find_ci(rest, &end).map_or("", |e| &rest[e..]);
            continue;
        }
        t.tag(&name, closing, tag);
    }
    // A table cut off at the end of the text still counts.
    if t.depth > 0 {
        t.finish_table();
    }
    if t.tables.is_empty() {
        return Err(InputError::NoTables);
    }
    Ok(t.tables)
}

/// The tables read so far, and where the tokenizer is in the one it reads.
#[derive(Default)]
struct Tables {
    tables: Vec<Table>,
    /// Table nesting: only the cells of top-level tables (depth 1) are read.
    depth: usize,
    /// The rows of the table being read: (text, rowspan, colspan) for each cell.
    rows: Vec<Vec<(String, usize, usize)>>,
    cell: Option<(String, usize, usize)>,
}

impl Tables {
    /// Text between tags: the cell's, if one is open.
    fn text(&mut self, text: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.0.push_str(&unescape(text));
        }
    }

    /// A tag named `name` (lower case), `closing` or not; `tag` is all between `<` and `>`.
    fn tag(&mut self, name: &str, closing: bool, tag: &str) {
        match (name, closing) {
            ("table", false) => {
                self.depth += 1;
                if self.depth == 1 {
                    self.rows.clear();
                }
            }
            ("table", true) if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    self.finish_table();
                }
            }
            ("tr", false) if self.depth == 1 => {
                finish_cell(&mut self.cell, &mut self.rows);
                self.rows.push(Vec::new());
            }
            ("td" | "th", false) if self.depth == 1 => {
                finish_cell(&mut self.cell, &mut self.rows);
                if self.rows.is_empty() {
                    self.rows.push(Vec::new());
                }
                let span = |attr: &str| {
                    attribute(tag, attr)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, 1000)
                };
                self.cell = Some((String::new(), span("rowspan"), span("colspan").min(200)));
            }
            ("td" | "th" | "tr", true) if self.depth == 1 => {
                finish_cell(&mut self.cell, &mut self.rows)
            }
            ("br", _) | ("p" | "div" | "li", true) => {
                if let Some(c) = self.cell.as_mut() {
                    c.0.push('\n');
                }
            }
            _ => {}
        }
    }

    /// The top-level table ends: its last cell, and its spanned cells placed on the grid.
    fn finish_table(&mut self) {
        finish_cell(&mut self.cell, &mut self.rows);
        self.tables.push(Table {
            name: format!("表 {}", self.tables.len() + 1),
            rows: expand(std::mem::take(&mut self.rows)),
            page: None,
        });
    }
}

fn finish_cell(
    cell: &mut Option<(String, usize, usize)>,
    rows: &mut [Vec<(String, usize, usize)>],
) {
    if let (Some((text, r, c)), Some(row)) = (cell.take(), rows.last_mut()) {
        // Normalised as decoded text is (widths, invisible characters, line ends) before its
        // spaces are folded; after the markup is read, so `＜` never opens a tag.
        let lines: Vec<String> = crate::decode::normalize(&text)
            .split('\n')
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        row.push((lines.join("\n"), r, c));
    }
}

/// Places spanned cells on the grid.
fn expand(rows: Vec<Vec<(String, usize, usize)>>) -> Vec<Vec<String>> {
    let n = rows.len();
    let mut grid: Vec<Vec<Option<String>>> = vec![Vec::new(); n];
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for (text, rowspan, colspan) in row {
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            for i in 0..rowspan.min(n - r) {
                for j in 0..colspan {
                    let line = &mut grid[r + i];
                    if line.len() <= c + j {
                        line.resize(c + j + 1, None);
                    }
                    line[c + j] = Some(if i == 0 && j == 0 {
                        text.clone()
                    } else {
                        String::new()
                    });
                }
            }
            c += colspan;
        }
    }
    grid.into_iter()
        .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
        .collect()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

/// The value of an attribute in a start tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let v = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(v.to_owned());
    }
    None
}

/// Resolves `&amp;`, `&nbsp;`, `&#20013;`, `&#x4e2d;` and the like.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let resolved = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match resolved {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_normalised_after_the_markup_is_read() {
        let t = read("<table><tr><td>＜2小时</td><td>a \u{200B} b</td><td>原因<br>\u{200B}</td><td>x\ry</td></tr></table>")
            .unwrap();
        assert_eq!(t[0].rows[0], ["<2小时", "a b", "原因", "x\ny"]);
    }

    #[test]
    fn spans_entities_and_scripts() {
        let html = r#"<html><script>var x = "<table>";</script><table>
          <tr><td colspan=2>项目名称</td><td>甲&amp;乙 &#20013;</td></tr>
          <tr><td rowspan="2">产出指标</td><td>一<br>二</td><td>3</td></tr>
          <tr><td>x</td><td>y</td></tr></table><table><tr><th>b</th></tr></table>"#;
        let t = read(html).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows[0], ["项目名称", "", "甲&乙 中"]);
        assert_eq!(t[0].rows[1], ["产出指标", "一\n二", "3"]);
        assert_eq!(t[0].rows[2], ["", "x", "y"]);
        assert_eq!(t[1].rows[0], ["b"]);
        assert_eq!(read("<p>no table</p>"), Err(InputError::NoTables));
    }
}
