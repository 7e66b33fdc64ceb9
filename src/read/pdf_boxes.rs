//! Tables in a PDF's text layer placed by word boxes (`pdftotext -bbox-layout`).
//!
//! `pdftotext -layout` writes a table as columns of characters; where narrow columns are crowded
//! it shifts a word into the neighbouring column, and [`super::pdf_table`] then reads it there.
//! The word boxes (`<word xMin= yMin= xMax= yMax=>` of `-bbox-layout`) keep each word where it
//! was printed, so on the pages that hold a table this module reads the table from them:
//!
//! - words on one baseline make a line; a table's header is a line whose first word is `STT`,
//!   `TT` or `Số TT`, down to the first line whose first word is a row number (`1`, `12.`, a
//!   section `II`) starting under the header's first cell;
//! - the header's cells are its words grouped by position (words of one line close together,
//!   lines whose words overlap in x: `Thời gian hoàn` over `thành`); a cell over two others
//!   (`Đơn vị thực hiện` over `Chủ trì`, `Phối hợp`) is a group, not a column;
//! - between two header cells the column boundary is in the gap left of the next column's left
//!   edge (where the lines of its cells start, body text being left-aligned), else in the widest
//!   strip that the fewest body words cross; a table over several pages is cut once, from the
//!   words of all its pages;
//! - each word goes in the column it starts in; a word that crosses a boundary joins the two
//!   columns for its row (a cell merged across columns), as Word's merged cells are read;
//! - a row runs from a line with a row number to the next; within it, a line whose columns all
//!   start further below their last line than the line pitch starts a row of its own under the
//!   same number (a number and task merged down over two rows, see [`sub_rows`]);
//! - the table ends at a line that starts left of the body without a row number, or after a gap
//!   of three lines.
//!
//! A header repeated at the top of the next page is read once and the lines under it that come
//! before a row number continue the last row of the previous page. Rows are written as
//! [`super::pdf_table`] writes them (cells separated by tabs, a row on the page where it starts),
//! the text before a page's first table is the page's `-layout` text, the text after a table is
//! its lines (a wide gap as a tab). When the boxes cannot be read or a table page has no header
//! in them, the caller keeps the `-layout` reading for the whole document: this is never worse
//! than it.

use super::pdf_table::{is_header, is_row_label, write_pages, Piece as Written};
use super::pdf_words::Word;
use crate::text::fold;

/// Most words on one table page (the boundary search sorts a page's words).
const MAX_PAGE_WORDS: usize = 20_000;

/// A header spans at most this many lines before its first row, of at most this many words
/// and cells (a longer one is not a table's header; the bounds keep the work small).
const MAX_HEADER_LINES: usize = 8;
const MAX_HEADER_WORDS: usize = 400;
const MAX_COLUMNS: usize = 40;

/// The first and last page (0-based) of the `-layout` pages that hold a table header: the
/// pages whose word boxes are worth reading.
pub(super) fn table_pages(layout: &[&str]) -> Option<(usize, usize)> {
    let has = |p: &&str| p.lines().any(|l| is_header(&l.chars().collect::<Vec<_>>()));
    let first = layout.iter().position(has)?;
    let last = layout.iter().rposition(has)?;
    Some((first, last))
}

/// Words on one baseline, left to right.
struct Line {
    words: Vec<Word>,
}

impl Line {
    fn first(&self) -> &Word {
        &self.words[0]
    }
    fn top(&self) -> f32 {
        self.words
            .iter()
            .map(|w| w.y0)
            .fold(f32::INFINITY, f32::min)
    }
    fn bottom(&self) -> f32 {
        self.words
            .iter()
            .map(|w| w.y1)
            .fold(f32::NEG_INFINITY, f32::max)
    }
    /// The words joined by spaces.
    fn text(&self) -> String {
        let texts: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        texts.join(" ")
    }
    /// The words joined by spaces, a gap wider than `tab` written as a tab.
    fn text_with_tabs(&self, tab: f32) -> String {
        let mut out = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                out.push(if w.x0 - self.words[i - 1].x1 > tab {
                    '\t'
                } else {
                    ' '
                });
            }
            out.push_str(&w.text);
        }
        out
    }
}

/// A page's words as lines, top to bottom: a word is on a line when its middle is within a
/// quarter of a line height of the middle of the line's first word (the lines of a cell merged
/// down run on their own grid, a few points off the next row's).
fn lines_of(words: &[Word]) -> Vec<Line> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.mid().total_cmp(&b.mid()).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    for w in sorted {
        match out.last_mut() {
            Some(l)
                if (w.mid() - l.first().mid()).abs()
                    < 0.25 * w.height().max(l.first().height()) =>
            {
                l.words.push(w.clone())
            }
            _ => out.push(Line {
                words: vec![w.clone()],
            }),
        }
    }
    for l in &mut out {
        l.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    out
}

/// The median word height of a page: the unit of its gaps.
fn unit(words: &[Word]) -> f32 {
    let mut h: Vec<f32> = words.iter().map(Word::height).collect();
    h.sort_by(f32::total_cmp);
    h.get(h.len() / 2)
        .copied()
        .filter(|&h| h > 0.0)
        .unwrap_or(10.0)
}

/// The words of a line in runs whose gaps are under `gap`.
fn chunks(line: &Line, gap: f32) -> Vec<Vec<&Word>> {
    let mut out: Vec<Vec<&Word>> = Vec::new();
    for w in &line.words {
        match out.last_mut() {
            Some(c) if c.last().is_some_and(|p| w.x0 - p.x1 <= gap) => c.push(w),
            _ => out.push(vec![w]),
        }
    }
    out
}

/// A header line: first word `STT`/`TT` (or `Số TT`), at least three runs of words.
fn is_box_header(line: &Line, unit: f32) -> bool {
    let first = fold(&line.first().text);
    let two = line
        .words
        .get(1)
        .is_some_and(|w| first == "so" && fold(&w.text) == "tt");
    (matches!(first.as_str(), "stt" | "tt") || two) && chunks(line, unit / 2.0).len() >= 3
}

/// A line starting with a row number left of `stt_end` (where the header's first cell ends).
fn is_row_start(line: &Line, stt_end: f32) -> bool {
    let w = line.first();
    w.x0 <= stt_end && is_row_label(&w.text)
}

/// A line holding only a page number right of the first column.
fn is_page_number(line: &Line, body_start: f32) -> bool {
    let w = line.first();
    line.words.len() == 1
        && w.x0 > body_start
        && w.text.len() <= 3
        && w.text.chars().all(|c| c.is_ascii_digit())
}

/// A header cell: its x range and its words in reading order.
struct HeaderCell {
    x0: f32,
    x1: f32,
    text: String,
}

/// The header's cells, left to right (see the module documentation).
fn header_cells(lines: &[Line], unit: f32) -> Vec<HeaderCell> {
    let runs: Vec<Vec<Vec<&Word>>> = lines.iter().map(|l| chunks(l, unit / 2.0)).collect();
    let span = |c: &[&Word]| (c[0].x0, c[c.len() - 1].x1);
    let overlaps = |a: (f32, f32), b: (f32, f32)| a.0 < b.1 && b.0 < a.1;
    // A run over two or more runs of another line groups columns.
    let mut kept: Vec<(usize, &Vec<&Word>)> = Vec::new();
    for (i, line) in runs.iter().enumerate() {
        for run in line {
            let s = span(run);
            let group = runs.iter().enumerate().any(|(j, other)| {
                j != i && other.iter().filter(|o| overlaps(s, span(o))).count() >= 2
            });
            if !group {
                kept.push((i, run));
            }
        }
    }
    kept.sort_by(|a, b| span(a.1).0.total_cmp(&span(b.1).0));
    // x range and words with their line, left to right.
    type Cell<'a> = (f32, f32, Vec<(usize, &'a Word)>);
    let mut cells: Vec<Cell> = Vec::new();
    for (i, run) in kept {
        let (x0, x1) = span(run);
        match cells.last_mut() {
            Some(c) if x0 < c.1 => {
                c.1 = c.1.max(x1);
                c.2.extend(run.iter().map(|w| (i, *w)));
            }
            _ => cells.push((x0, x1, run.iter().map(|w| (i, *w)).collect())),
        }
    }
    cells
        .into_iter()
        .map(|(x0, x1, mut words)| {
            words.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.x0.total_cmp(&b.1.x0)));
            let texts: Vec<&str> = words.iter().map(|(_, w)| w.text.as_str()).collect();
            HeaderCell {
                x0,
                x1,
                text: texts.join(" "),
            }
        })
        .collect()
}

/// The boundary between two header cells ending at `a` and starting at `b`. Body text is
/// left-aligned: where three words or more start at one place in `(a, b]` is the next column's
/// left edge, and the boundary is in the middle of the gap left of it. Otherwise it is the
/// middle of the widest strip of `[a, b]` crossed by the fewest of `words`, and the middle of
/// `[a, b]` when the cells touch.
fn boundary(a: f32, b: f32, words: &[&Word]) -> f32 {
    if b - a < 0.5 {
        return (a + b) / 2.0;
    }
    if let Some(edge) = left_edge(a, b, words) {
        let before = words
            .iter()
            .map(|w| w.x1)
            .filter(|&x| x > a && x <= edge)
            .fold(a, f32::max);
        return (before + edge) / 2.0;
    }
    let mut events: Vec<(f32, i32)> = vec![(a, 0), (b, 0)];
    for w in words {
        if w.x1 > a && w.x0 < b {
            events.push((w.x0.max(a), 1));
            events.push((w.x1.min(b), -1));
        }
    }
    events.sort_by(|p, q| p.0.total_cmp(&q.0).then(q.1.cmp(&p.1)));
    // Strips between consecutive event points with the number of words crossing them.
    let mut strips: Vec<(f32, f32, i32)> = Vec::new();
    let mut depth = 0;
    for pair in events.windows(2) {
        depth += pair[0].1;
        if pair[1].0 > pair[0].0 {
            strips.push((pair[0].0, pair[1].0, depth));
        }
    }
    let Some(fewest) = strips.iter().map(|s| s.2).min() else {
        return (a + b) / 2.0;
    };
    let mut best = (a, a);
    let mut run: Option<(f32, f32)> = None;
    for s in &strips {
        run = if s.2 == fewest {
            Some(run.map_or((s.0, s.1), |r| (r.0, s.1)))
        } else {
            None
        };
        if let Some(r) = run {
            if r.1 - r.0 >= best.1 - best.0 {
                best = r;
            }
        }
    }
    (best.0 + best.1) / 2.0
}

/// Where the most words (three at least) start in `(a, b]`, to half a point, with at most a
/// third as many words across the place just left of it (a column's left edge, crossed by cells
/// merged across columns only; the same short text centred in many cells, `Hằng năm`, starts at
/// one place too, but the longer texts of its column cross it).
/// Of the five places where most words start, the first that passes.
fn left_edge(a: f32, b: f32, words: &[&Word]) -> Option<f32> {
    let mut starts: Vec<i64> = words
        .iter()
        .filter(|w| w.x0 > a && w.x0 <= b + 0.5)
        .map(|w| (w.x0 * 2.0).round() as i64)
        .collect();
    starts.sort_unstable();
    let mut places: Vec<(usize, i64)> = starts
        .chunk_by(|p, q| p == q)
        .filter(|run| run.len() >= 3)
        .map(|run| (run.len(), run[0]))
        .collect();
    places.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(&q.1)));
    places.iter().take(5).find_map(|&(n, x)| {
        let edge = x as f32 / 2.0;
        let across = words
            .iter()
            .filter(|w| w.x0 < edge - 0.5 && w.x1 > edge - 0.5)
            .count();
        (across * 3 <= n).then_some(edge)
    })
}

/// The column holding `x`: how many boundaries are at or left of it.
fn column(bounds: &[f32], x: f32) -> usize {
    bounds.iter().take_while(|&&b| b <= x).count()
}

/// A row's cells from its lines of words: each word in the column it starts in; columns a
/// word crosses into are joined to the column it starts in. A word after one ending in an
/// attached hyphen or slash at a line's end continues it (`1737/QĐ-` `UBND`, `52/2015/`
/// `NĐ-CP`).
fn place(lines: &[Vec<&Word>], bounds: &[f32]) -> Vec<String> {
    let n = bounds.len() + 1;
    let mut joined = vec![false; n];
    for w in lines.iter().flatten() {
        let (from, to) = (column(bounds, w.x0 + 1.0), column(bounds, w.x1 - 1.0));
        for j in joined.iter_mut().take(to + 1).skip(from + 1) {
            *j = true;
        }
    }
    let mut target = vec![0; n];
    for k in 1..n {
        target[k] = if joined[k] { target[k - 1] } else { k };
    }
    let mut cells = vec![String::new(); n];
    // The line each cell's last word is on.
    let mut last_line = vec![usize::MAX; n];
    for (i, line) in lines.iter().enumerate() {
        for w in line {
            let k = target[column(bounds, w.x0 + 1.0)];
            if last_line[k] == i {
                cells[k].push(' ');
                cells[k].push_str(&w.text);
            } else {
                continue_cell(&mut cells[k], &w.text);
            }
            last_line[k] = i;
        }
    }
    cells
}

/// Appends the next line of a cell: after a space, or straight on after an attached hyphen or
/// slash (`1737/QĐ-` `UBND`).
fn continue_cell(cell: &mut String, more: &str) {
    let attached = cell.ends_with(['-', '/'])
        && cell
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| !c.is_whitespace());
    if !cell.is_empty() && !attached && !more.is_empty() {
        cell.push(' ');
    }
    cell.push_str(more);
}

/// The most common distance between the tops of consecutive lines (to half a point): the line
/// pitch inside a cell. `None` for fewer than two lines.
fn pitch(lines: &[&Line]) -> Option<f32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for pair in lines.windows(2) {
        let d = ((pair[1].top() - pair[0].top()) * 2.0).round() as i32;
        match counts.iter_mut().find(|c| c.0 == d) {
            Some(c) => c.1 += 1,
            None => counts.push((d, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|c| (c.1, -c.0))
        .map(|c| c.0 as f32 / 2.0)
}

/// A row's lines split where a cell merged down (`rowspan`, Word's `vMerge`: the row number
/// printed once) is followed by a row of its own: a line with words in two columns or more, each
/// column's text further below its last line than the pitch (a cell's padding and border lie
/// between; a cell merged down goes on on its own grid) or the column's first. Each
/// part's cells; a column with no word on a part's first line (cells are top-aligned) continues
/// the part above. The caller fills each part's empty cells left of its first word with the part
/// above's ([`fill_left`]).
fn sub_rows(lines: &[&Line], bounds: &[f32], pitch: Option<f32>) -> Vec<Vec<String>> {
    let mut parts: Vec<Vec<&Line>> = Vec::new();
    // The top of the last line with words in each column.
    let mut last_top: Vec<Option<f32>> = vec![None; bounds.len() + 1];
    for (i, l) in lines.iter().enumerate() {
        let mut columns: Vec<usize> = l.words.iter().map(|w| column(bounds, w.x0 + 1.0)).collect();
        columns.dedup();
        let apart = i > 0
            && columns.len() >= 2
            && pitch.is_some_and(|p| {
                columns
                    .iter()
                    .all(|&c| last_top[c].is_none_or(|t| l.top() - t > p + 1.5))
            });
        for &c in &columns {
            last_top[c] = Some(l.top());
        }
        match parts.last_mut() {
            Some(part) if !apart => part.push(l),
            _ => parts.push(vec![l]),
        }
    }
    // Each part's lines of words, words of columns its first line leaves empty moved up.
    let mut words: Vec<Vec<Vec<&Word>>> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let opened: Vec<usize> = part[0]
            .words
            .iter()
            .map(|w| column(bounds, w.x0 + 1.0))
            .collect();
        let mut own = Vec::new();
        for l in part {
            let (mine, above): (Vec<&Word>, Vec<&Word>) = l
                .words
                .iter()
                .partition(|w| k == 0 || opened.contains(&column(bounds, w.x0 + 1.0)));
            if let Some(prev) = words.last_mut().filter(|_| !above.is_empty()) {
                prev.push(above);
            }
            own.push(mine);
        }
        words.push(own);
    }
    words.iter().map(|part| place(part, bounds)).collect()
}

/// Fills the empty cells left of a part's first word with the cells of the row above (the
/// row number and task merged down).
fn fill_left(cells: &mut [String], above: &[String]) {
    let first = cells.iter().position(|c| !c.is_empty()).unwrap_or(0);
    for (cell, above) in cells.iter_mut().zip(above).take(first) {
        cell.clone_from(above);
    }
}

/// A table whose last row may continue on the next page.
struct Open {
    /// The header's first line, folded.
    key: String,
    header_lines: usize,
    body_start: f32,
    /// The table's columns (index into the column sets).
    columns: usize,
}

/// A table's header and body lines on one page, before its words are placed.
struct Scan<'a> {
    cells: Vec<HeaderCell>,
    header_lines: usize,
    body_start: f32,
    stt_end: f32,
    body: Vec<&'a Line>,
    /// Lines used from the header on.
    used: usize,
    /// Whether the header repeats the previous page's.
    repeat: bool,
    /// The column set it is placed by (a table over several pages has one).
    columns: usize,
}

/// Scans the table whose header is `lines[0]`; `repeat` is the table it repeats the header of.
fn scan_table<'a>(lines: &'a [Line], repeat: Option<&Open>, unit: f32) -> Option<Scan<'a>> {
    // Row numbers start under the header's first cell (`STT`, `Số TT`): a number starting right
    // of it is a number in the text (`Điều` / `35 Nghị định` wrapped).
    let stt_end = chunks(lines.first()?, unit / 2.0).first()?.last()?.x1;
    let header_end = match repeat {
        Some(o) => o.header_lines.min(lines.len()),
        None => (1..lines.len().min(1 + MAX_HEADER_LINES))
            .find(|&j| is_row_start(&lines[j], stt_end))?,
    };
    if lines[..header_end]
        .iter()
        .map(|l| l.words.len())
        .sum::<usize>()
        > MAX_HEADER_WORDS
    {
        return None;
    }
    let cells = header_cells(&lines[..header_end], unit);
    if !(3..=MAX_COLUMNS).contains(&cells.len()) {
        return None;
    }
    let first_row = lines[header_end..]
        .iter()
        .find(|l| is_row_start(l, stt_end));
    let body_start = first_row
        .and_then(|l| l.words.get(1))
        .map(|w| w.x0)
        .or(repeat.map(|o| o.body_start))
        .unwrap_or(cells[1].x0);
    // The table ends at a line left of the body without a row number, or after a wide gap.
    let mut end = header_end;
    while end < lines.len() {
        let l = &lines[end];
        let left = l.first().x0 < body_start - unit / 4.0 && !is_row_start(l, stt_end);
        let gap = end > 0 && l.top() - lines[end - 1].bottom() > 3.0 * unit;
        if left || gap {
            break;
        }
        end += 1;
    }
    let body = lines[header_end..end]
        .iter()
        .filter(|l| !is_page_number(l, body_start))
        .collect();
    Some(Scan {
        cells,
        header_lines: header_end,
        body_start,
        stt_end,
        body,
        used: end,
        repeat: repeat.is_some(),
        columns: 0,
    })
}

/// Whether two headers have their cells at the same places (a table continued on a new page).
fn same_columns(a: &[HeaderCell], b: &[HeaderCell]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| (a.x0 - b.x0).abs() <= 2.0 && (a.x1 - b.x1).abs() <= 2.0)
}

/// The rows of a scanned table, and the parts of the lines before its first row (the end of a
/// row begun on the previous page, then rows split from it, see [`sub_rows`]).
fn place_table(scan: &Scan, bounds: &[f32]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut groups: Vec<(bool, Vec<&Line>)> = Vec::new();
    for &l in &scan.body {
        let starts = is_row_start(l, scan.stt_end);
        match groups.last_mut() {
            Some(g) if !starts => g.1.push(l),
            _ => groups.push((starts, vec![l])),
        }
    }
    let pitch = pitch(&scan.body);
    let mut more = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (starts, group) in groups {
        let parts = sub_rows(&group, bounds, pitch);
        if !starts {
            more = parts;
            continue;
        }
        for (k, mut part) in parts.into_iter().enumerate() {
            if let Some(above) = rows.last().filter(|_| k > 0) {
                fill_left(&mut part, above);
            }
            rows.push(part);
        }
    }
    (rows, more)
}

/// What a page's output line is: text as read, or a table (index into the scans).
enum Piece {
    Text(String),
    Table(usize),
}

/// A page's lines when its `-layout` text holds a table header: where that header is, the
/// page's unit and its lines of words.
type TablePage = (usize, f32, Vec<Line>);

/// The `-layout` pages with their tables read from word boxes; `boxes` holds the words of the
/// pages from `first` on. `None` when a page with a table header in its `-layout` text has no
/// table in its boxes, or the boxes do not cover the pages: the caller then keeps `-layout`.
pub(super) fn rebuild(layout: &[&str], boxes: &[Vec<Word>], first: usize) -> Option<Vec<String>> {
    let mut table_pages: Vec<Option<TablePage>> = Vec::new();
    for (p, page) in layout.iter().enumerate() {
        let at = page
            .lines()
            .position(|l| is_header(&l.chars().collect::<Vec<_>>()));
        let Some(at) = at else {
            table_pages.push(None);
            continue;
        };
        let words = boxes.get(p.checked_sub(first)?)?;
        if words.len() > MAX_PAGE_WORDS {
            return None;
        }
        table_pages.push(Some((at, unit(words), lines_of(words))));
    }
    // Pass 1: each page's text and tables, each table given the column set of its first page.
    let mut scans: Vec<Scan> = Vec::new();
    let mut column_sets: Vec<Vec<usize>> = Vec::new();
    let mut out: Vec<Vec<Piece>> = Vec::new();
    let mut open: Option<Open> = None;
    for (page, table_page) in layout.iter().zip(&table_pages) {
        let Some((at, unit, lines)) = table_page else {
            out.push(vec![Piece::Text(page.to_string())]);
            open = None;
            continue;
        };
        let unit = *unit;
        let h = lines.iter().position(|l| is_box_header(l, unit))?;
        let mut pieces: Vec<Piece> = page
            .lines()
            .take(*at)
            .map(|l| Piece::Text(l.to_string()))
            .collect();
        let continued = open.take();
        let mut i = h;
        while i < lines.len() {
            if !is_box_header(&lines[i], unit) {
                pieces.push(Piece::Text(lines[i].text_with_tabs(unit)));
                i += 1;
                continue;
            }
            let key = fold(&lines[i].text());
            let repeat = continued.as_ref().filter(|o| i == h && o.key == key);
            let mut scan = scan_table(&lines[i..], repeat, unit)?;
            scan.columns = match repeat {
                Some(o) if same_columns(&scans[column_sets[o.columns][0]].cells, &scan.cells) => {
                    o.columns
                }
                _ => {
                    column_sets.push(Vec::new());
                    column_sets.len() - 1
                }
            };
            column_sets[scan.columns].push(scans.len());
            i += scan.used;
            open = (i >= lines.len()).then_some(Open {
                key,
                header_lines: scan.header_lines,
                body_start: scan.body_start,
                columns: scan.columns,
            });
            pieces.push(Piece::Table(scans.len()));
            scans.push(scan);
        }
        out.push(pieces);
    }
    // The boundaries of each column set, from the body words of all its pages.
    let bounds: Vec<Vec<f32>> = column_sets
        .iter()
        .map(|set| {
            let words: Vec<&Word> = set
                .iter()
                .flat_map(|&s| scans[s].body.iter().flat_map(|l| &l.words))
                .collect();
            let cells = &scans[set[0]].cells;
            cells
                .windows(2)
                .map(|c| boundary(c[0].x1, c[1].x0, &words))
                .collect()
        })
        .collect();
    // Pass 2: the rows, each written on the page where it starts (its end may be on a later
    // page, so rows are written last).
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut last_row: Option<usize> = None;
    let mut written: Vec<Vec<Written>> = Vec::with_capacity(out.len());
    for pieces in out {
        let mut lines = Vec::new();
        for piece in pieces {
            let scan = match piece {
                Piece::Text(t) => {
                    lines.push(Written::Text(t));
                    continue;
                }
                Piece::Table(s) => &scans[s],
            };
            let (new_rows, more) = place_table(scan, &bounds[scan.columns]);
            let header: Vec<&str> = scan.cells.iter().map(|c| c.text.as_str()).collect();
            let header = header.join("\t");
            if scan.repeat {
                let mut more = more.into_iter();
                if let (Some(end), Some(row)) =
                    (more.next(), last_row.and_then(|r| rows.get_mut(r)))
                {
                    if row.len() < end.len() {
                        row.resize(end.len(), String::new());
                    }
                    for (cell, more) in row.iter_mut().zip(&end) {
                        continue_cell(cell, more);
                    }
                }
                for mut part in more {
                    let Some(above) = last_row.and_then(|r| rows.get(r)) else {
                        break;
                    };
                    fill_left(&mut part, above);
                    rows.push(part);
                    last_row = Some(rows.len() - 1);
                    lines.push(Written::Row(rows.len() - 1));
                }
            } else {
                lines.push(Written::Text(header.clone()));
                last_row = None;
            }
            for row in new_rows {
                rows.push(row);
                last_row = Some(rows.len() - 1);
                lines.push(Written::Row(rows.len() - 1));
            }
            // A page whose lines all continue a row begun before writes its table's header,
            // so that it is never taken for a page without a text layer (its `-layout` text
            // would give the table a second header cut by position).
            if lines.is_empty() {
                lines.push(Written::Text(header));
            }
        }
        written.push(lines);
    }
    Some(write_pages(written, layout.iter().copied(), &rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf_words::parse;

    /// A character's width in the synthetic pages (points).
    const CH: f32 = 5.0;
    /// A word's height.
    const HEIGHT: f32 = 11.6;

    /// A page as pdftotext writes it: text pieces at (x, top) as `-bbox-layout` words (each
    /// character [`CH`] wide, one space between words) and as `-layout` text (a character per
    /// column, a line per distinct top).
    fn page(items: &[(f32, f32, &str)]) -> (String, String) {
        let mut xml = String::from("  <page width=\"612\" height=\"792\">\n");
        for (x, y, text) in items {
            xml.push_str("    <flow><block><line>\n");
            let mut at = *x;
            for word in text.split_whitespace() {
                let w = word.chars().count() as f32 * CH;
                let escaped = word.replace('&', "&amp;").replace('<', "&lt;");
                xml.push_str(&format!(
                    "      <word xMin=\"{at:.6}\" yMin=\"{y:.6}\" xMax=\"{:.6}\" yMax=\"{:.6}\">{escaped}</word>\n",
                    at + w,
                    y + HEIGHT
                ));
                at += w + CH;
            }
            xml.push_str("    </line></block></flow>\n");
        }
        xml.push_str("  </page>\n");
        let mut tops: Vec<f32> = items.iter().map(|i| i.1).collect();
        tops.sort_by(f32::total_cmp);
        tops.dedup();
        let mut grid: Vec<Vec<char>> = vec![Vec::new(); tops.len()];
        for (x, y, text) in items {
            let row = &mut grid[tops.iter().position(|t| t == y).unwrap()];
            let start = (x / CH) as usize;
            for (k, c) in text.chars().enumerate() {
                if row.len() <= start + k {
                    row.resize(start + k + 1, ' ');
                }
                row[start + k] = c;
            }
        }
        let layout = grid
            .iter()
            .map(|r| r.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        (xml, layout)
    }

    /// The `-bbox-layout` document of pages.
    fn document(pages: &[&str]) -> String {
        format!(
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \
             \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\
             <html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<title>doc</title>\n\
             <meta name=\"Producer\" content=\"Skia/PDF m156\"/>\n</head>\n<body>\n<doc>\n{}</doc>\n</body>\n</html>\n",
            pages.concat()
        )
    }

    /// Reads pages through [`parse`] and [`rebuild`]; each page's lines trimmed.
    fn read(pages: &[(String, String)]) -> Option<Vec<Vec<String>>> {
        let xml = document(&pages.iter().map(|p| p.0.as_str()).collect::<Vec<_>>());
        let boxes = parse(&xml).unwrap();
        let layout: Vec<&str> = pages.iter().map(|p| p.1.as_str()).collect();
        let (first, _) = table_pages(&layout)?;
        Some(
            rebuild(&layout, &boxes, first)?
                .iter()
                .map(|p| p.lines().map(|l| l.trim().to_string()).collect())
                .collect(),
        )
    }

    /// The header of the tables below: `Thời gian hoàn thành` on two lines.
    fn header(y: f32) -> Vec<(f32, f32, &'static str)> {
        vec![
            (30.0, y, "STT"),
            (90.0, y, "Nhiệm vụ"),
            (200.0, y, "Thời gian"),
            (197.0, y + 11.25, "hoàn thành"),
            (270.0, y, "Chủ trì"),
            (330.0, y, "Phối hợp"),
        ]
    }

    #[test]
    fn crowded_columns_wrapped_cells_and_a_header_repeated_on_the_next_page() {
        let mut one = vec![(200.0, 10.0, "KẾ HOẠCH")];
        one.extend(header(40.0));
        one.extend([
            // A section row across the table.
            (30.0, 65.0, "I"),
            (60.0, 65.0, "Cải cách thể chế hành chính"),
            // `Sở Tư pháp;` ends one character before `Các sở,`: one space in `-layout`.
            (30.0, 80.0, "1"),
            (60.0, 80.0, "Rà soát văn bản quy"),
            (190.0, 80.0, "Hằng năm"),
            (265.0, 80.0, "Sở Tư pháp;"),
            (325.0, 80.0, "Các sở,"),
            (60.0, 91.25, "phạm pháp luật."),
            (325.0, 91.25, "ban, ngành"),
            // A row cut by the page break.
            (30.0, 106.0, "2"),
            (60.0, 106.0, "Công bố danh mục"),
            (190.0, 106.0, "Trước ngày"),
            (265.0, 106.0, "UBND các"),
            (325.0, 106.0, "Sở Tư pháp"),
            (60.0, 117.25, "văn bản hết hiệu lực,"),
            (190.0, 117.25, "31/01 năm"),
            (265.0, 117.25, "xã,"),
        ]);
        let mut two = header(40.0);
        two.extend([
            (60.0, 65.0, "tạm ngưng hiệu lực."),
            (190.0, 65.0, "liền kề"),
            (265.0, 65.0, "phường"),
            (30.0, 80.0, "3"),
            (60.0, 80.0, "Ứng dụng AI"),
            (190.0, 80.0, "Năm 2026"),
            (265.0, 80.0, "Sở Tư pháp"),
            (325.0, 80.0, "Sở Khoa học"),
            (60.0, 91.25, "phổ biến pháp luật."),
            (325.0, 91.25, "và Công nghệ"),
            (30.0, 130.0, "Nơi nhận:"),
            (200.0, 130.0, "KT. CHỦ TỊCH"),
        ]);
        let pages = read(&[page(&one), page(&two)]).unwrap();
        assert_eq!(
            pages[0],
            [
                "KẾ HOẠCH",
                "STT\tNhiệm vụ\tThời gian hoàn thành\tChủ trì\tPhối hợp",
                "I\tCải cách thể chế hành chính",
                "1\tRà soát văn bản quy phạm pháp luật.\tHằng năm\tSở Tư pháp;\tCác sở, ban, ngành",
                "2\tCông bố danh mục văn bản hết hiệu lực, tạm ngưng hiệu lực.\tTrước ngày 31/01 năm liền kề\tUBND các xã, phường\tSở Tư pháp",
            ]
        );
        assert_eq!(
            pages[1],
            [
                "3\tỨng dụng AI phổ biến pháp luật.\tNăm 2026\tSở Tư pháp\tSở Khoa học và Công nghệ",
                "Nơi nhận:\tKT. CHỦ TỊCH",
            ]
        );
    }

    #[test]
    fn a_row_under_a_number_merged_down_is_a_row_of_its_own() {
        let mut items = header(40.0);
        items.extend([
            (30.0, 65.0, "1"),
            (60.0, 65.0, "Lập kế hoạch theo"),
            (190.0, 65.0, "Kế hoạch A"),
            (265.0, 65.0, "Sở A"),
            (325.0, 65.0, "Sở C"),
            (60.0, 76.25, "Quyết định 1737/QĐ-"),
            (60.0, 87.5, "UBND hằng năm"),
            (60.0, 98.75, "và kiểm tra"),
            // The cells of the second row start a padding and a border below the first's,
            // while the task merged down goes on on its own grid.
            (190.0, 91.0, "Kế hoạch B"),
            (265.0, 91.0, "Sở B"),
            (190.0, 102.25, "tự kiểm tra"),
            (30.0, 117.0, "2"),
            (60.0, 117.0, "Tổng kết"),
            (190.0, 117.0, "Báo cáo"),
            (265.0, 117.0, "Sở D"),
            (60.0, 128.25, "hằng năm"),
        ]);
        let pages = read(&[page(&items)]).unwrap();
        let task = "Lập kế hoạch theo Quyết định 1737/QĐ-UBND hằng năm và kiểm tra";
        assert_eq!(
            pages[0][1..],
            [
                format!("1\t{task}\tKế hoạch A\tSở A\tSở C"),
                format!("1\t{task}\tKế hoạch B tự kiểm tra\tSở B"),
                "2\tTổng kết hằng năm\tBáo cáo\tSở D".to_string(),
            ]
        );
    }

    #[test]
    fn a_group_header_over_two_columns_is_not_a_column() {
        let lines = lines_of(
            &parse(&document(&[&page(&[
                (30.0, 40.0, "STT"),
                (90.0, 40.0, "Nhiệm vụ"),
                (270.0, 40.0, "Đơn vị thực hiện"),
                (265.0, 51.25, "Chủ trì"),
                (330.0, 51.25, "Phối hợp"),
            ])
            .0]))
            .unwrap()[0],
        );
        let cells: Vec<String> = header_cells(&lines, HEIGHT)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(cells, ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp"]);
    }

    #[test]
    fn text_without_a_table_header_is_not_read_by_boxes() {
        let (_, layout) = page(&[(30.0, 10.0, "STT là viết tắt"), (30.0, 30.0, "1. Mục đích")]);
        assert_eq!(table_pages(&[&layout]), None);
    }

    #[test]
    fn a_table_page_without_a_header_in_its_boxes_keeps_the_layout_reading() {
        let (_, layout) = page(&header(40.0));
        let (boxes, _) = page(&[(30.0, 40.0, "Trang trống")]);
        let parsed = parse(&document(&[&boxes])).unwrap();
        assert_eq!(rebuild(&[&layout], &parsed, 0), None);
        // Boxes that do not reach the table's page.
        assert_eq!(rebuild(&[&layout], &[], 0), None);
    }

    #[test]
    fn a_cell_goes_on_after_a_space_or_an_attached_hyphen_or_slash() {
        let cont = |a: &str, b: &str| {
            let mut cell = a.to_string();
            continue_cell(&mut cell, b);
            cell
        };
        assert_eq!(cont("số 1737/QĐ-", "UBND"), "số 1737/QĐ-UBND");
        assert_eq!(cont("số 52/2015/", "NĐ-CP"), "số 52/2015/NĐ-CP");
        assert_eq!(cont("2026 -", "2030"), "2026 - 2030");
        assert_eq!(cont("Sở Tư", "pháp"), "Sở Tư pháp");
        assert_eq!(cont("", "Sở"), "Sở");
        assert_eq!(cont("Sở", ""), "Sở");
    }

    #[test]
    fn the_boundary_is_the_gap_left_of_the_next_column() {
        let word = |x0: f32, x1: f32| Word {
            x0,
            y0: 0.0,
            x1,
            y1: 10.0,
            text: "x".into(),
        };
        // Next column's lines start at 60; the text left of it ends at 55 at most.
        let words = [
            word(60.0, 80.0),
            word(60.0, 70.0),
            word(60.0, 90.0),
            word(30.0, 55.0),
        ];
        let refs: Vec<&Word> = words.iter().collect();
        assert_eq!(boundary(50.0, 100.0, &refs), 57.5);
        // The same short text centred in three cells starts at one place, but the column's
        // longer texts cross it: no edge there.
        let centred = [
            word(70.0, 90.0),
            word(70.0, 90.0),
            word(70.0, 90.0),
            word(62.0, 98.0),
            word(60.0, 99.0),
            word(30.0, 55.0),
        ];
        assert_eq!(
            boundary(50.0, 100.0, &centred.iter().collect::<Vec<_>>()),
            57.5
        );
        // Too few lines to see an edge: the widest strip no word crosses.
        let few = [word(52.0, 58.0), word(62.0, 98.0)];
        assert_eq!(boundary(50.0, 100.0, &few.iter().collect::<Vec<_>>()), 60.0);
        assert_eq!(boundary(50.0, 50.2, &refs), 50.1);
    }
}
