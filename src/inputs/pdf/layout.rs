//! From what a page draws to rows of cells: the grid of each table rebuilt from its rulings,
//! each glyph put in the cell that holds its middle, and the text outside tables as lines.
//!
//! Coordinates here are the page turned upright: x to the right, y down, in points.

use super::content::{Drawn, Glyph, Segment};
use super::Budget;
use crate::inputs::InputError;

/// Rulings closer than this (points) are one line: collinear pieces, double borders.
const TOL: f64 = 2.5;

/// A glyph turned upright.
#[derive(Clone, Debug)]
pub struct Item {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// The baseline and the glyph's height (its font size on the page).
    pub base: f64,
    pub size: f64,
    pub font: usize,
    /// The text-showing operator that drew it.
    pub run: usize,
}

impl Item {
    fn mid(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, self.base - 0.35 * self.size)
    }

    fn latin_end(&self) -> bool {
        self.text
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    }

    fn latin_start(&self) -> bool {
        self.text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    }
}

/// A table's grid: its column and row edges, and per grid cell the text of the merged cell
/// that starts there (`None` inside a merge).
#[derive(Debug, Default)]
pub struct Grid {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// Its verticals run past its last (first) horizontal: a page break cut it.
    pub open_bottom: bool,
    pub open_top: bool,
    pub rows: Vec<Vec<String>>,
}

/// What a page holds, top to bottom.
#[derive(Debug)]
pub enum Block {
    Table(Grid),
    /// Lines of text outside tables, each split into cells at wide gaps.
    Lines(Vec<Vec<String>>),
}

/// The upright page: glyphs turned by their dominant direction, y pointing down.
pub fn upright(drawn: &Drawn) -> (Vec<Item>, Vec<Segment>) {
    let turn = dominant_turn(&drawn.glyphs);
    let t = |p: (f64, f64)| -> (f64, f64) {
        let (x, y) = match turn {
            1 => (p.1, -p.0),
            2 => (-p.0, -p.1),
            3 => (-p.1, p.0),
            _ => p,
        };
        (x, -y)
    };
    let items = drawn
        .glyphs
        .iter()
        .map(|g| {
            let (s, e, u) = (t(g.start), t(g.end), t(g.up));
            let size = ((u.0 - s.0).powi(2) + (u.1 - s.1).powi(2)).sqrt().max(0.1);
            Item {
                text: g.text.clone(),
                x0: s.0.min(e.0),
                x1: s.0.max(e.0),
                base: s.1,
                size,
                font: g.font,
                run: g.run,
            }
        })
        .collect();
    let segments = drawn
        .segments
        .iter()
        .map(|s| Segment {
            from: t(s.from),
            to: t(s.to),
        })
        .collect();
    (items, segments)
}

/// Quarter turns (0–3, counter-clockwise) the text is drawn at, by most glyphs.
fn dominant_turn(glyphs: &[Glyph]) -> u8 {
    let mut count = [0usize; 4];
    for g in glyphs {
        let (dx, dy) = (g.end.0 - g.start.0, g.end.1 - g.start.1);
        // A glyph without advance: its "up" turned clockwise is its direction.
        let (dx, dy) = if dx.abs() + dy.abs() < 1e-9 {
            (g.up.1 - g.start.1, -(g.up.0 - g.start.0))
        } else {
            (dx, dy)
        };
        let q = if dx.abs() >= dy.abs() {
            if dx >= 0.0 {
                0
            } else {
                2
            }
        } else if dy > 0.0 {
            1
        } else {
            3
        };
        count[q] += 1;
    }
    (0..4).max_by_key(|&q| (count[q], 4 - q)).unwrap_or(0) as u8
}

/// A ruling after merging: its position across, and its extent along.
#[derive(Clone, Copy, Debug)]
struct Line {
    at: f64,
    from: f64,
    to: f64,
}

/// Merges collinear pieces (and double borders) into lines.
fn merge(mut pieces: Vec<Line>) -> Vec<Line> {
    pieces.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut out: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        // A band of pieces whose positions chain within TOL.
        let mut j = i + 1;
        while j < pieces.len() && pieces[j].at - pieces[j - 1].at <= TOL {
            j += 1;
        }
        let band = &mut pieces[i..j];
        let at = band.iter().map(|l| l.at).sum::<f64>() / band.len() as f64;
        band.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur = Line {
            at,
            from: band[0].from,
            to: band[0].to,
        };
        for l in &band[1..] {
            if l.from <= cur.to + TOL {
                cur.to = cur.to.max(l.to);
            } else {
                out.push(cur);
                cur = Line {
                    at,
                    from: l.from,
                    to: l.to,
                };
            }
        }
        out.push(cur);
        i = j;
    }
    out
}

fn crosses(h: &Line, v: &Line) -> bool {
    v.at >= h.from - TOL && v.at <= h.to + TOL && h.at >= v.from - TOL && h.at <= v.to + TOL
}

/// Union–find over indices.
struct Sets(Vec<usize>);

impl Sets {
    fn new(n: usize) -> Sets {
        Sets((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Distinct positions, those within TOL taken as one.
fn distinct(mut at: Vec<f64>) -> Vec<f64> {
    at.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for a in at {
        match out.last() {
            Some(&last) if a - last <= TOL => {}
            _ => out.push(a),
        }
    }
    out
}

/// How much of `[from, to]` the lines at `at` cover. `lines` are as [`merge`] leaves them:
/// sorted by position, and those of one position sorted along and apart, so only the lines
/// that reach into `[from, to]` are visited.
fn covered(lines: &[Line], at: f64, from: f64, to: f64) -> f64 {
    let lo = lines.partition_point(|l| l.at - at < -TOL);
    let hi = lines.partition_point(|l| l.at - at <= TOL);
    let mut sum = 0.0;
    let mut rest = &lines[lo..hi];
    while let Some(first) = rest.first() {
        let band = rest.partition_point(|l| l.at == first.at);
        let (same, after) = rest.split_at(band);
        let start = same.partition_point(|l| l.to <= from);
        for l in same[start..].iter().take_while(|l| l.from < to) {
            sum += (l.to.min(to) - l.from.max(from)).max(0.0);
        }
        rest = after;
    }
    sum
}

/// A table found on a page: its grid, and its horizontal and vertical rulings.
type Ruled = (Grid, Vec<Line>, Vec<Line>);

/// Lays a page out as blocks, top to bottom: its rulings, the grids they make, each glyph in
/// its grid cell or loose, and the blocks in order.
pub fn blocks(
    items: Vec<Item>,
    segments: &[Segment],
    budget: &mut Budget,
) -> Result<Vec<Block>, InputError> {
    let (hs, vs) = rulings(segments);
    budget.rulings(hs.len() + vs.len())?;
    let grids = grids(&hs, &vs, budget)?;
    budget.clock()?;
    let (cells, loose) = place(items, &grids, budget)?;
    budget.clock()?;
    order(grids, cells, loose, budget)
}

/// The page's horizontal and vertical rulings, collinear pieces merged, each sorted by
/// position.
fn rulings(segments: &[Segment]) -> (Vec<Line>, Vec<Line>) {
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for s in segments {
        let (dx, dy) = ((s.to.0 - s.from.0).abs(), (s.to.1 - s.from.1).abs());
        if dy <= TOL && dx > TOL {
            hs.push(Line {
                at: (s.from.1 + s.to.1) / 2.0,
                from: s.from.0.min(s.to.0),
                to: s.from.0.max(s.to.0),
            });
        } else if dx <= TOL && dy > TOL {
            vs.push(Line {
                at: (s.from.0 + s.to.0) / 2.0,
                from: s.from.1.min(s.to.1),
                to: s.from.1.max(s.to.1),
            });
        }
    }
    (merge(hs), merge(vs))
}

/// Groups of crossing rulings that make a grid, top to bottom. Their grid cells are counted
/// against the budget before any is made.
fn grids(hs: &[Line], vs: &[Line], budget: &mut Budget) -> Result<Vec<Ruled>, InputError> {
    let mut sets = Sets::new(hs.len() + vs.len());
    let mut crossed = vec![false; hs.len() + vs.len()];
    for (i, h) in hs.iter().enumerate() {
        // The verticals within the horizontal's reach are one run of them (sorted).
        let lo = vs.partition_point(|v| v.at < h.from - TOL);
        let hi = vs.partition_point(|v| v.at <= h.to + TOL);
        for (j, v) in vs.iter().enumerate().take(hi).skip(lo) {
            if crosses(h, v) {
                sets.join(i, hs.len() + j);
                crossed[i] = true;
                crossed[hs.len() + j] = true;
            }
        }
        if i % 64 == 63 {
            budget.clock()?;
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Line>, Vec<Line>)> = Default::default();
    for (i, h) in hs.iter().enumerate() {
        if crossed[i] {
            groups.entry(sets.find(i)).or_default().0.push(*h);
        }
    }
    for (j, v) in vs.iter().enumerate() {
        if crossed[hs.len() + j] {
            groups
                .entry(sets.find(hs.len() + j))
                .or_default()
                .1
                .push(*v);
        }
    }
    let mut grids = Vec::new();
    for (h, v) in groups.into_values() {
        if let Some(g) = grid(&h, &v) {
            budget.cells((g.xs.len() - 1).saturating_mul(g.ys.len() - 1))?;
            grids.push((g, h, v));
        }
    }
    grids.sort_by(|a, b| a.0.ys[0].total_cmp(&b.0.ys[0]));
    Ok(grids)
}

/// The glyphs in each table's grid cells, and the glyphs outside tables.
type Placed = (Vec<Vec<Vec<Item>>>, Vec<Item>);

/// Each glyph to the table and cell holding its middle.
fn place(items: Vec<Item>, grids: &[Ruled], budget: &Budget) -> Result<Placed, InputError> {
    let mut cells: Vec<Vec<Vec<Item>>> = grids
        .iter()
        .map(|(g, _, _)| vec![Vec::new(); (g.xs.len() - 1) * (g.ys.len() - 1)])
        .collect();
    let mut loose: Vec<Item> = Vec::new();
    // The glyph before, in drawing order: its run, where it ends and where it went (a table
    // and a grid cell).
    type Spot = Option<(usize, usize)>;
    let mut before: Option<(usize, f64, f64, Spot)> = None;
    for (n, item) in items.into_iter().enumerate() {
        if n % 4096 == 4095 {
            budget.clock()?;
        }
        let (mx, my) = item.mid();
        // Only the tables starting above the glyph's middle can hold it (they are sorted).
        let above = grids.partition_point(|(g, _, _)| g.ys[0] < my);
        let mut place = grids[..above]
            .iter()
            .enumerate()
            .find_map(|(t, (g, _, _))| {
                let col = slot(&g.xs, mx)?;
                let row = slot(&g.ys, my)?;
                Some((t, row * (g.xs.len() - 1) + col))
            });
        // A glyph that carries on its run without a gap stays in its run's cell, though it
        // spills over the ruling (a line may not start with 。 or ）, so it is drawn past it).
        if let Some((run, end, base, Some(cell))) = before {
            let gap = item.x0 - end;
            let carries = run == item.run
                && (item.base - base).abs() < item.size * 0.2
                && gap > -item.size * 0.5
                && gap < item.size * 0.3;
            if carries && place != Some(cell) {
                place = Some(cell);
            }
        }
        before = Some((item.run, item.x1, item.base, place));
        match place {
            Some((t, k)) => cells[t][k].push(item),
            None => loose.push(item),
        }
    }
    Ok((cells, loose))
}

/// The tables' rows and the lines outside them, top to bottom; consecutive lines one block.
fn order(
    grids: Vec<Ruled>,
    cells: Vec<Vec<Vec<Item>>>,
    loose: Vec<Item>,
    budget: &Budget,
) -> Result<Vec<Block>, InputError> {
    let mut out: Vec<(f64, Block)> = Vec::new();
    for ((mut g, h, v), cells) in grids.into_iter().zip(cells) {
        g.rows = rows_of(&g, &h, &v, cells);
        budget.clock()?;
        if !g.rows.is_empty() {
            out.push((g.ys[0], Block::Table(g)));
        }
    }
    // Loose lines between tables stay between them.
    let spans: Vec<(f64, f64)> = out
        .iter()
        .map(|(top, b)| match b {
            Block::Table(g) => (*top, g.ys[g.ys.len() - 1]),
            Block::Lines(_) => (*top, *top),
        })
        .collect();
    for line in paragraphs(lines(loose), &spans) {
        let top = line
            .iter()
            .map(|i| i.base - i.size)
            .fold(f64::MAX, f64::min);
        out.push((top, Block::Lines(vec![split_cells(&line)])));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Consecutive lines are one block.
    let mut merged: Vec<Block> = Vec::new();
    for (_, block) in out {
        match (merged.last_mut(), block) {
            (Some(Block::Lines(rows)), Block::Lines(more)) => rows.extend(more),
            (_, block) => merged.push(block),
        }
    }
    Ok(merged)
}

/// The grid of one group of crossing lines, or `None` if it is not a table (fewer than two
/// columns or rows).
fn grid(hs: &[Line], vs: &[Line]) -> Option<Grid> {
    let xs = distinct(vs.iter().map(|l| l.at).collect());
    let mut ys = distinct(hs.iter().map(|l| l.at).collect());
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let top = vs.iter().map(|l| l.from).fold(f64::MAX, f64::min);
    let bottom = vs.iter().map(|l| l.to).fold(f64::MIN, f64::max);
    let mut g = Grid::default();
    if bottom > ys[ys.len() - 1] + TOL * 2.0 {
        ys.push(bottom);
        g.open_bottom = true;
    }
    if top < ys[0] - TOL * 2.0 {
        ys.insert(0, top);
        g.open_top = true;
    }
    g.xs = xs;
    g.ys = ys;
    Some(g)
}

/// The interval of `edges` holding `at`, if inside.
fn slot(edges: &[f64], at: f64) -> Option<usize> {
    if at <= edges[0] || at >= edges[edges.len() - 1] {
        return None;
    }
    Some(edges.partition_point(|&e| e < at) - 1)
}

/// Rows of cell text: merged grid cells (less than half a ruling between them) are one cell,
/// its text in its first grid cell and the others empty. Empty rows are dropped.
fn rows_of(g: &Grid, hs: &[Line], vs: &[Line], mut cells: Vec<Vec<Item>>) -> Vec<Vec<String>> {
    let (nc, nr) = (g.xs.len() - 1, g.ys.len() - 1);
    let mut sets = Sets::new(nc * nr);
    for r in 0..nr {
        for c in 0..nc {
            let k = r * nc + c;
            if c + 1 < nc {
                let span = g.ys[r + 1] - g.ys[r];
                if covered(vs, g.xs[c + 1], g.ys[r], g.ys[r + 1]) < span / 2.0 {
                    sets.join(k, k + 1);
                }
            }
            if r + 1 < nr {
                let span = g.xs[c + 1] - g.xs[c];
                if covered(hs, g.ys[r + 1], g.xs[c], g.xs[c + 1]) < span / 2.0 {
                    sets.join(k, k + nc);
                }
            }
        }
    }
    // Glyphs of a merged cell gather in its first grid cell (the smallest index).
    for k in 0..nc * nr {
        let root = sets.find(k);
        if root != k {
            let moved = std::mem::take(&mut cells[k]);
            cells[root].extend(moved);
        }
    }
    let mut rows = Vec::new();
    for r in 0..nr {
        let row: Vec<String> = (0..nc)
            .map(|c| {
                let k = r * nc + c;
                if sets.find(k) == k {
                    cell_text(std::mem::take(&mut cells[k]))
                } else {
                    String::new()
                }
            })
            .collect();
        if row.iter().any(|t| !t.is_empty()) {
            rows.push(row);
        }
    }
    rows
}

/// Glyphs grouped into lines (top to bottom), each line left to right, overprinted copies
/// (a bold drawn twice) dropped.
fn lines(mut items: Vec<Item>) -> Vec<Vec<Item>> {
    items.sort_by(|a, b| a.mid().1.total_cmp(&b.mid().1));
    let mut out: Vec<Vec<Item>> = Vec::new();
    let mut line_mid = f64::MIN;
    for item in items {
        let my = item.mid().1;
        match out.last_mut() {
            Some(line) if (my - line_mid).abs() < item.size * 0.5 => line.push(item),
            _ => {
                line_mid = my;
                out.push(vec![item]);
            }
        }
    }
    for line in &mut out {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        line.dedup_by(|b, a| {
            a.text == b.text
                && a.font == b.font
                && (a.x0 - b.x0).abs() < a.size * 0.15
                && (a.base - b.base).abs() < a.size * 0.15
        });
    }
    out
}

/// Lines of one wrapped paragraph outside tables joined back into one: a line that reaches the
/// right edge of the text and is long, followed closely by one starting where it started (or
/// where an indented first line's paragraph goes on, or centred under it), with no table
/// between them. (A form
/// printed as running text, or a long note, is then one line again, as its text was.)
///
/// `lines` are as [`lines`] gives them; `tables` are the tables' tops and bottoms. Each line
/// is looked at a bounded number of times, however long the paragraph grows.
fn paragraphs(lines: Vec<Vec<Item>>, tables: &[(f64, f64)]) -> Vec<Vec<Item>> {
    let lines: Vec<Para> = lines.into_iter().map(Para::new).collect();
    let right_edge = lines.iter().map(|l| l.edge.1).fold(f64::MIN, f64::max);
    // Is there a table starting at or below `top` and ending at or above `bottom`? The tables
    // by their tops, with the highest bottom (y points down) of those from each on.
    let mut by_top = tables.to_vec();
    by_top.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut min_bottom = vec![f64::INFINITY; by_top.len() + 1];
    for k in (0..by_top.len()).rev() {
        min_bottom[k] = min_bottom[k + 1].min(by_top[k].1);
    }
    let between = |top: f64, bottom: f64| {
        let from = by_top.partition_point(|t| t.0 < top);
        min_bottom[from] <= bottom
    };
    let mut out: Vec<Para> = Vec::new();
    for next in lines {
        let joins = out.last().is_some_and(|prev| {
            let (pl, pr, pb, ps) = prev.edge;
            let (nl, nr, nb, ns) = next.edge;
            let size = ps.max(ns);
            let step = nb - pb;
            prev.pieces.cells() == 1
                && next.pieces.cells() == 1
                && (size * 0.8..=size * 2.0).contains(&step)
                && ((-2.5 * size..=1.5 * size).contains(&(nl - pl))
                    || ((nl + nr) - (pl + pr)).abs() < 2.0 * size)
                && pr >= right_edge - 2.0 * size
                && pr - pl >= 15.0 * size
                && !between(pb, nb + size)
        });
        match out.last_mut() {
            Some(prev) if joins => prev.join(next),
            _ => out.push(next),
        }
    }
    out.into_iter().map(|p| p.items).collect()
}

/// A line outside tables, maybe several joined, as [`paragraphs`] sees it.
struct Para {
    items: Vec<Item>,
    /// Where each line joined in starts, and its highest glyph middle.
    starts: Vec<usize>,
    highest: Vec<f64>,
    /// The biggest glyph.
    size: f64,
    pieces: Pieces,
    /// Its last printed line's left, right and baseline, and the size.
    edge: (f64, f64, f64, f64),
}

impl Para {
    fn new(items: Vec<Item>) -> Para {
        let highest = items.iter().map(|i| i.mid().1).fold(f64::MAX, f64::min);
        let mut p = Para {
            size: items.iter().map(|i| i.size).fold(0.0, f64::max),
            pieces: Pieces::of(&items),
            items,
            starts: vec![0],
            highest: vec![highest],
            edge: (0.0, 0.0, 0.0, 0.0),
        };
        p.edge = p.last_edge();
        p
    }

    fn join(&mut self, next: Para) {
        let wide = match (self.items.last(), next.items.first()) {
            (Some(a), Some(b)) => wide_gap(a, b),
            _ => false,
        };
        self.pieces = self.pieces.then(next.pieces, wide);
        self.starts.push(self.items.len());
        self.highest.extend(next.highest);
        self.size = self.size.max(next.size);
        self.items.extend(next.items);
        self.edge = self.last_edge();
    }

    /// The glyphs within half the size of the last glyph's baseline: its left and right.
    /// Lines are sorted by their glyphs' middles, so once a line's highest middle is a size
    /// above that baseline, no line before it holds any of them.
    fn last_edge(&self) -> (f64, f64, f64, f64) {
        let size = self.size;
        let base = self.items.last().map_or(0.0, |i| i.base);
        let (mut left, mut right) = (f64::MAX, f64::MIN);
        for k in (0..self.starts.len()).rev() {
            let end = self.starts.get(k + 1).copied().unwrap_or(self.items.len());
            for i in &self.items[self.starts[k]..end] {
                if (i.base - base).abs() < size * 0.5 {
                    left = left.min(i.x0);
                    right = right.max(i.x1);
                }
            }
            // A glyph's baseline is its middle plus 0.35 of its size (at most `size`).
            let margin = 0.01 * size + 1e-9 * base.abs();
            if self.highest[k] + 0.35 * size + margin < base - 0.5 * size {
                break;
            }
        }
        (left, right, base, size)
    }
}

/// What [`split_cells`] would make of a line, as far as [`paragraphs`] asks: its pieces
/// between wide gaps, how many of them hold text, and whether the first and last do.
#[derive(Clone, Copy)]
struct Pieces {
    count: usize,
    filled: usize,
    first: bool,
    last: bool,
}

impl Pieces {
    fn of(line: &[Item]) -> Pieces {
        let mut filled = vec![false];
        for (i, item) in line.iter().enumerate() {
            if i > 0 && wide_gap(&line[i - 1], item) {
                filled.push(false);
            }
            let text = item.text.chars().any(|c| !c.is_whitespace());
            *filled.last_mut().expect("one piece") |= text;
        }
        Pieces {
            count: filled.len(),
            filled: filled.iter().filter(|&&f| f).count(),
            first: filled[0],
            last: filled[filled.len() - 1],
        }
    }

    /// The cells [`split_cells`] gives (one, empty, where none holds text).
    fn cells(self) -> usize {
        self.filled.max(1)
    }

    /// These pieces, then `next`'s, with a wide gap between them or not.
    fn then(self, next: Pieces, wide: bool) -> Pieces {
        if wide {
            return Pieces {
                count: self.count + next.count,
                filled: self.filled + next.filled,
                first: self.first,
                last: next.last,
            };
        }
        let joined = self.last || next.first;
        Pieces {
            count: self.count + next.count - 1,
            filled: self.filled - usize::from(self.last) + next.filled - usize::from(next.first)
                + usize::from(joined),
            first: if self.count == 1 { joined } else { self.first },
            last: if next.count == 1 { joined } else { next.last },
        }
    }
}

/// A gap between two glyphs of a line wider than a character: a new cell.
fn wide_gap(prev: &Item, item: &Item) -> bool {
    item.x0 - prev.x1 > prev.size.max(item.size) * 1.2
}

/// A line's text: a space where the gap is a space's width (wider between CJK characters,
/// which justified text spreads).
fn line_text(line: &[Item]) -> String {
    let mut text = String::new();
    for (i, item) in line.iter().enumerate() {
        if i > 0 {
            let prev = &line[i - 1];
            let gap = item.x0 - prev.x1;
            let size = prev.size.max(item.size);
            let latin = prev.latin_end() || item.latin_start();
            let wide = if latin { 0.25 } else { 0.8 };
            // A wrapped paragraph's next line starts back at the left: a soft wrap.
            let wrapped = item.base > prev.base + size * 0.5;
            let space = if wrapped {
                prev.latin_end() && item.latin_start()
            } else {
                gap > size * wide
            };
            if space && !text.ends_with(' ') && !item.text.starts_with(' ') {
                text.push(' ');
            }
        }
        text.push_str(&item.text);
    }
    text
}

/// A cell's text: its lines joined without a space (soft wraps), except between two Latin
/// letters or digits.
fn cell_text(items: Vec<Item>) -> String {
    let mut text = String::new();
    for line in lines(items) {
        let part = line_text(&line);
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        soft_wrap(&mut text, part);
    }
    collapse_spaces(&text)
}

/// Appends the text after a soft wrap: without a space, except between two Latin words.
pub fn soft_wrap(text: &mut String, more: &str) {
    let words = text.chars().last().is_some_and(|c| c.is_ascii_alphabetic())
        && more.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if words {
        text.push(' ');
    }
    text.push_str(more);
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// A loose line's cells: split where the gap is wider than a character.
fn split_cells(line: &[Item]) -> Vec<String> {
    let mut cells = Vec::new();
    let mut start = 0;
    for i in 1..=line.len() {
        let wide = i < line.len() && wide_gap(&line[i - 1], &line[i]);
        if i == line.len() || wide {
            let text = collapse_spaces(&line_text(&line[start..i]));
            if !text.is_empty() {
                cells.push(text);
            }
            start = i;
        }
    }
    if cells.is_empty() {
        cells.push(String::new());
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, x: f64, base: f64) -> Item {
        Item {
            text: text.into(),
            x0: x,
            x1: x + 10.0,
            base,
            size: 10.0,
            font: 0,
            run: 0,
        }
    }

    fn run(mut item: Item, run: usize) -> Item {
        item.run = run;
        item
    }

    fn h(y: f64, x0: f64, x1: f64) -> Segment {
        Segment {
            from: (x0, y),
            to: (x1, y),
        }
    }

    fn v(x: f64, y0: f64, y1: f64) -> Segment {
        Segment {
            from: (x, y0),
            to: (x, y1),
        }
    }

    #[test]
    fn grid_with_a_merged_cell_and_a_wrapped_line() {
        // Two rows, three columns; row 1's first two cells merged (no ruling between them).
        let segs = vec![
            h(0.0, 0.0, 300.0),
            h(20.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
            h(61.5, 0.0, 300.0), // a double border folds into one line
            v(0.0, 0.0, 61.5),
            v(100.0, 20.0, 60.0),
            v(200.0, 0.0, 60.0),
            v(300.0, 0.0, 60.0),
        ];
        let items = vec![
            item("项", 5.0, 15.0),
            item("目", 15.0, 15.0),
            item("a", 205.0, 15.0),
            item("年", 5.0, 35.0),
            item("度", 5.0, 50.0), // wrapped: joined without a space
            item("1", 105.0, 35.0),
            item("2", 115.0, 35.0),
            item("注", 5.0, 90.0), // below the table
        ];
        let blocks = blocks(items, &segs, &mut Budget::new()).unwrap();
        let Block::Table(g) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(g.rows, vec![vec!["项目", "", "a"], vec!["年度", "12", ""]]);
        assert!(!g.open_bottom && !g.open_top);
        assert!(matches!(&blocks[1], Block::Lines(l) if l == &vec![vec!["注".to_owned()]]));
    }

    #[test]
    fn a_glyph_spilling_over_a_ruling_stays_with_its_run() {
        // Two cells split at x = 100; the table's right edge at 200. 「分)」 is one run whose
        // 「)」 is drawn over the ruling; 「完成。」 ends with 「。」 past the table's edge.
        let segs = vec![
            h(0.0, 0.0, 200.0),
            h(20.0, 0.0, 200.0),
            v(0.0, 0.0, 20.0),
            v(100.0, 0.0, 20.0),
            v(200.0, 0.0, 20.0),
        ];
        let items = vec![
            run(item("分", 80.0, 15.0), 1),
            run(item(")", 95.0, 15.0), 1),
            run(item("完", 170.0, 15.0), 2),
            run(item("成", 180.0, 15.0), 2),
            run(item("。", 193.0, 15.0), 2),
            // A new run just right of the ruling is the next cell's.
            run(item("改", 104.0, 15.0), 3),
        ];
        let blocks = blocks(items, &segs, &mut Budget::new()).unwrap();
        let Block::Table(g) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(g.rows, vec![vec!["分)", "改 完成。"]]);
        assert_eq!(blocks.len(), 1, "nothing left outside the table");
    }

    #[test]
    fn open_bottom_is_a_page_break() {
        let segs = vec![
            h(0.0, 0.0, 100.0),
            h(20.0, 0.0, 100.0),
            v(0.0, 0.0, 50.0),
            v(100.0, 0.0, 50.0),
        ];
        let blocks = blocks(vec![item("续", 5.0, 40.0)], &segs, &mut Budget::new()).unwrap();
        let Block::Table(g) = &blocks[0] else {
            panic!()
        };
        assert!(g.open_bottom);
        assert_eq!(g.rows, vec![vec!["续"]]);
    }

    #[test]
    fn a_wrapped_paragraph_is_one_line_again() {
        // Three lines of running text (the first two reach the right edge, 200 pt wide), then
        // a short centred title: the paragraph is one line, the title its own.
        let mut items = Vec::new();
        for (row, count) in [(0, 20), (1, 20), (2, 5)] {
            for k in 0..count {
                let text = if row == 1 && k == 0 { "B" } else { "字" };
                let mut it = item(text, k as f64 * 10.0, 20.0 + row as f64 * 14.0);
                if row == 0 && k == 19 {
                    it.text = "A".into();
                }
                items.push(it);
            }
        }
        items.push(item("表", 90.0, 80.0));
        let blocks = blocks(items, &[], &mut Budget::new()).unwrap();
        let Block::Lines(rows) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(
            rows[0][0].chars().count(),
            46,
            "A and B joined by a space: {}",
            rows[0][0]
        );
        assert!(rows[0][0].contains("A B"));
        assert_eq!(rows[1], ["表"]);
    }

    #[test]
    fn loose_lines_split_at_wide_gaps() {
        let line = vec![
            item("项", 0.0, 10.0),
            item("目", 10.0, 10.0),
            item("A", 60.0, 10.0),
            item("B", 73.0, 10.0),
        ];
        assert_eq!(split_cells(&line), vec!["项目", "A B"]);
    }

    /// Deterministic pseudo-random numbers in `0..n`.
    fn dice(seed: &mut u64, n: u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed % n
    }

    #[test]
    fn covered_by_binary_search_is_the_sum_over_all_lines() {
        let mut seed = 7;
        for _ in 0..200 {
            let pieces: Vec<Line> = (0..dice(&mut seed, 40))
                .map(|_| {
                    let from = dice(&mut seed, 300) as f64;
                    Line {
                        at: dice(&mut seed, 60) as f64 * 1.5,
                        from,
                        to: from + dice(&mut seed, 80) as f64 + 3.0,
                    }
                })
                .collect();
            let lines = merge(pieces);
            for _ in 0..20 {
                let at = dice(&mut seed, 100) as f64;
                let from = dice(&mut seed, 300) as f64;
                let to = from + dice(&mut seed, 100) as f64;
                let all: f64 = lines
                    .iter()
                    .filter(|l| (l.at - at).abs() <= TOL)
                    .map(|l| (l.to.min(to) - l.from.max(from)).max(0.0))
                    .sum();
                assert_eq!(covered(&lines, at, from, to), all, "{at} {from} {to}");
            }
        }
    }

    #[test]
    fn pieces_count_the_cells_split_cells_makes() {
        let mut seed = 11;
        let line = |seed: &mut u64| -> Vec<Item> {
            let mut x = 0.0;
            (0..dice(seed, 8) + 1)
                .map(|_| {
                    x += dice(seed, 30) as f64;
                    let text = [" ", "字", "a"][dice(seed, 3) as usize];
                    item(text, x, 10.0)
                })
                .collect()
        };
        for _ in 0..2000 {
            let (a, b) = (line(&mut seed), line(&mut seed));
            assert_eq!(Pieces::of(&a).cells(), split_cells(&a).len());
            let wide = wide_gap(a.last().unwrap(), &b[0]);
            let joined: Vec<Item> = a.iter().chain(&b).cloned().collect();
            let pieces = Pieces::of(&a).then(Pieces::of(&b), wide);
            assert_eq!(pieces.cells(), split_cells(&joined).len());
            let whole = Pieces::of(&joined);
            assert_eq!(
                (pieces.count, pieces.filled, pieces.first, pieces.last),
                (whole.count, whole.filled, whole.first, whole.last)
            );
        }
    }
}
