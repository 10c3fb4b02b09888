//! Column headings → what each column holds. A block's header row (or two: `绩效指标` over
//! `一级指标 二级指标 三级指标`, `年初` over `预算数`) is mapped through the vocabulary's
//! [`HEADINGS`](crate::vocab::HEADINGS); the productions then take each figure from the
//! column its heading names, never from "the Nth number on the row".

use crate::grid::Row;
use crate::value;
use crate::vocab::{heading, Heading};

/// The headings of one block, left to right, and the header text of each column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// (column, its header text folded) for every filled header cell.
    texts: Vec<(usize, String)>,
    /// (heading, column), left to right; a heading named twice keeps its first column.
    pub at: Vec<(Heading, usize)>,
}

impl Columns {
    /// The headings a row names.
    #[inline(never)]
    pub fn of(row: &Row) -> Columns {
        let mut texts: Vec<(usize, String)> = Vec::with_capacity(row.cells.len());
        texts.extend(row.filled().map(|c| (c.col, c.key().to_owned())));
        let at = mapped(texts.iter().map(|(col, k)| (*col, k.as_str())));
        Columns { texts, at }
    }

    /// The headings a row names, its header texts not kept (so [`Columns::unnamed_between`]
    /// sees none): enough to tell whether the row is a block's header, without a string
    /// made for each cell of every row asked.
    pub fn headings_of(row: &Row) -> Columns {
        Columns {
            texts: Vec::new(),
            at: mapped(row.filled().map(|c| (c.col, c.key()))),
        }
    }

    fn map(&mut self) {
        self.at = mapped(self.texts.iter().map(|(col, k)| (*col, k.as_str())));
    }

    /// Where a heading's column is.
    pub fn col(&self, h: Heading) -> Option<usize> {
        self.at.iter().find(|(x, _)| *x == h).map(|(_, c)| *c)
    }

    pub fn has(&self, h: Heading) -> bool {
        self.col(h).is_some()
    }

    /// Whether a header cell that names no heading sits between two columns (a 评分标准 or
    /// 得分计算方法 column between 分值 and 得分).
    pub fn unnamed_between(&self, from: usize, to: usize) -> bool {
        self.texts
            .iter()
            .any(|(c, k)| from < *c && *c < to && heading(k).is_none())
    }

    /// How many of `hs` the header names.
    pub fn count(&self, hs: &[Heading]) -> usize {
        hs.iter().filter(|h| self.has(**h)).count()
    }

    /// The headings in the order the header prints them.
    pub fn order(&self) -> Vec<Heading> {
        self.at.iter().map(|(h, _)| *h).collect()
    }

    /// Takes a second header row: its cells complete those above them (`年初` + `预算数`) or
    /// add columns (`一级指标` under a spanning `绩效指标`). `false` (and nothing changed)
    /// when the row is not a header's continuation: it must be short words only, and name
    /// at least one heading more than before.
    #[inline(never)]
    pub fn extend(&mut self, row: &Row) -> bool {
        let cells: Vec<(usize, &str)> = row.filled().map(|c| (c.col, c.key())).collect();
        let wordy = |k: &str| {
            k.chars().count() <= 8
                && value::plain_number(k).is_none()
                && !k.chars().any(|c| c.is_ascii_digit())
        };
        if cells.is_empty() || !cells.iter().all(|(_, k)| wordy(k)) {
            return false;
        }
        let mut next = self.clone();
        for (col, k) in cells {
            // The cell above and this one read as one heading (`年初` `预算数`; `年度指标值`
            // spanning `指标性质`, `绩效指标` spanning `一级指标`).
            match next.texts.iter_mut().find(|(c, _)| *c == col) {
                Some((_, above)) => above.push_str(k),
                None => {
                    let at = next.texts.iter().position(|(c, _)| *c > col);
                    next.texts
                        .insert(at.unwrap_or(next.texts.len()), (col, k.to_owned()));
                }
            }
        }
        next.map();
        if next.at.len() <= self.at.len() {
            return false;
        }
        *self = next;
        true
    }

    /// An indicator table's header: levels and names, or targets and scores.
    pub fn is_indicators(&self) -> bool {
        use Heading::*;
        let levels = self.has(Level1) && self.count(&[Level2, Name, Target]) >= 1;
        let values = self.count(&[Name, Target, Actual]) >= 2 && self.count(&[Weight, Score]) >= 1;
        levels || values || self.has(Name) && self.has(Target)
    }

    /// A fund table's header: at least two of the budget, execution and rate columns, and
    /// none of an indicator table's.
    pub fn is_funds(&self) -> bool {
        use Heading::*;
        self.count(&[Initial, Annual, Executed, Rate]) >= 2
            && self.count(&[Level1, Level2, Name, Target, Actual]) == 0
    }
}

/// Maps each header cell (column, folded text). A cell that also names the money unit
/// (`年度预算数(万元)`) is often the block's label: it names a heading only when no other cell
/// does.
fn mapped<'a>(texts: impl Iterator<Item = (usize, &'a str)>) -> Vec<(Heading, usize)> {
    let names_unit =
        |k: &str| value::holds(k, "万元") || value::holds(k, "(元)") || value::holds(k, "（元）");
    let found: Vec<(usize, Heading, bool)> = texts
        .filter_map(|(col, k)| heading(k).map(|h| (col, h, names_unit(k))))
        .collect();
    let mut at: Vec<(Heading, usize)> = Vec::with_capacity(found.len());
    for &(col, h, unit) in &found {
        let plain_elsewhere = found.iter().any(|&(_, x, u)| x == h && !u);
        if !at.iter().any(|(x, _)| *x == h) && (!unit || !plain_elsewhere) {
            at.push((h, col));
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::rows;
    use Heading::*;

    fn cols(lines: &str) -> Columns {
        let rs = rows(lines);
        let mut c = Columns::of(&rs[0]);
        for r in &rs[1..] {
            assert!(c.extend(r), "{lines}");
        }
        c
    }

    /// Telling a header row without keeping its texts maps every fixture row as the full
    /// mapping does (the rows with headings are counted, so the test reads some).
    #[test]
    fn headings_of_maps_as_of() {
        let mut named = 0;
        for (name, text) in crate::recognize::census_tests::fixtures() {
            for row in rows(&text) {
                let full = Columns::of(&row);
                assert_eq!(
                    Columns::headings_of(&row).at,
                    full.at,
                    "{name}:{}",
                    row.line
                );
                named += usize::from(full.at.len() >= 2);
            }
        }
        assert!(named > 100, "{named}");
    }

    #[test]
    fn one_row() {
        let c = cols("一级指标\t二级指标\t三级指标\t\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施");
        assert_eq!(
            c.at,
            [
                (Level1, 0),
                (Level2, 1),
                (Name, 2),
                (Target, 4),
                (Actual, 5),
                (Weight, 6),
                (Score, 7),
                (Reason, 8)
            ]
        );
        assert!(c.is_indicators() && !c.is_funds());
    }

    #[test]
    fn weight_first_split_comparator_and_unit() {
        let c = cols("一级指标\t二级指标\t三级指标\t分值\t指标性质\t年度指标值\t度量单位\t全年实际值\t得分\t未完成原因分析");
        assert_eq!(
            c.order(),
            [Level1, Level2, Name, Weight, Comparator, Target, Unit, Actual, Score, Reason]
        );
    }

    #[test]
    fn two_row_headers() {
        let c = cols(
            "绩效指标\t\t\t年度指标值\t实际完成值\t分值\t得分\t原因\n一级指标\t二级指标\t三级指标",
        );
        assert_eq!(
            c.order(),
            [Level1, Level2, Name, Target, Actual, Weight, Score, Reason]
        );
        let f = cols(
            "项目资金（万元）\t\t年初\t全年\t全年\t分值\t执行率\t得分\n\t\t预算数\t预算数\t执行数",
        );
        assert_eq!(f.order(), [Initial, Annual, Executed, Weight, Rate, Score]);
        assert!(f.is_funds());
    }

    #[test]
    fn a_row_of_figures_is_no_continuation() {
        let mut c = cols("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分");
        let before = c.clone();
        assert!(!c.extend(&rows("产出指标\t数量指标\t场次\t≥4\t4\t30\t30")[0]));
        assert!(!c.extend(&rows("产出指标")[0]));
        assert_eq!(c, before);
    }
}
