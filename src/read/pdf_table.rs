//! Tables laid out in a PDF's text layer (`pdftotext -layout`), read back into rows.
//!
//! In the layout text a table is columns of words at fixed positions, each cell wrapping over
//! several lines, its header (`STT  Nhiệm vụ  Sản phẩm  Thời gian hoàn thành  Chủ trì ...`)
//! repeated at the top of every page it spans. This module finds such a table by its header (a
//! line whose first cell is `STT` or `TT`), takes its columns from where its body text is
//! left-aligned (after a gutter blank on nearly every line, where many chunks start, and after
//! the row numbers; each column holding header text, see [`columns`]), puts each word in the
//! column it starts in, and writes each row as one line with its cells separated by tabs, as Word
//! tables are read: `1\tRà soát văn bản\t...\tSở Tư pháp`.
//! A row starts at a line whose first column holds a row number (`1`, `12.`, or a roman section
//! `II`); the lines below it, up to the next row, continue its cells. A header repeated at the top
//! of the next page is read once, and the lines under it that continue the last row of the
//! previous page are joined to that row. The table ends at a line that starts in the first column
//! without a row number (the text after the table), or at a page that does not repeat its header.
//!
//! Pages keep their own lines: a row is written on the page where it starts.

use crate::text::fold;

/// A header spans at most this many lines before its first row.
const MAX_HEADER_LINES: usize = 8;

/// Column starts this close are one column.
const MIN_COLUMN: usize = 5;

/// A word starting this far left of a column's start still belongs to it (`pdftotext -layout`
/// shifts words by a character or two).
const SLACK: usize = 2;

/// What a page's output line is: text as read, or a row of a table (index into the rows).
pub(super) enum Piece {
    Text(String),
    Row(usize),
}

/// A table whose last row may continue on the next page.
struct Open {
    /// The header's first line, folded.
    first_line: String,
    /// How many lines the header takes.
    header_lines: usize,
    /// Where the body's second column starts.
    body_start: usize,
    last_row: Option<usize>,
}

/// A header's first line as compared across pages.
fn line_key(line: &[char]) -> String {
    fold(&line.iter().collect::<String>())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pages with their tables' rows on one line each (see the module documentation); other
/// lines are unchanged.
pub fn rebuild(pages: &[&str]) -> Vec<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut out: Vec<Vec<Piece>> = Vec::new();
    let mut open: Option<Open> = None;
    for page in pages {
        let lines: Vec<Vec<char>> = page.lines().map(|l| l.chars().collect()).collect();
        let mut pieces = Vec::new();
        let mut i = 0;
        let mut continued = open.take();
        while i < lines.len() {
            let key = line_key(&lines[i]);
            let repeat = continued.as_ref().filter(|o| o.first_line == key && i <= 3);
            let Some(table) = table_at(&lines, i, repeat.map(|o| (o.header_lines, o.body_start)))
            else {
                pieces.push(Piece::Text(lines[i].iter().collect()));
                i += 1;
                continue;
            };
            let mut last_row = repeat.and_then(|o| o.last_row);
            if repeat.is_none() {
                pieces.push(Piece::Text(table.header.join("\t")));
            }
            for cells in table.lines {
                match cells {
                    Line::Row(cells) => {
                        rows.push(cells);
                        last_row = Some(rows.len() - 1);
                        pieces.push(Piece::Row(rows.len() - 1));
                    }
                    Line::More(cells) => {
                        if let Some(row) = last_row.and_then(|r| rows.get_mut(r)) {
                            extend_cells(row, &cells);
                        }
                    }
                }
            }
            continued = None;
            i = table.end;
            open = (i >= lines.len()).then_some(Open {
                first_line: key,
                header_lines: table.header_lines,
                body_start: table.body_start,
                last_row,
            });
        }
        out.push(pieces);
    }
    write_pages(out, pages.iter().copied(), &rows)
}

/// The pages as written: their lines of text and their tables' rows (one line each, cells
/// joined by tabs). A page that comes out empty where its original text was not (its lines all
/// continued a row begun before, or its boxes held no text) keeps its original text, so that it
/// is never taken for a page without a text layer.
pub(super) fn write_pages<'a>(
    pieces: Vec<Vec<Piece>>,
    originals: impl Iterator<Item = &'a str>,
    rows: &[Vec<String>],
) -> Vec<String> {
    pieces
        .into_iter()
        .zip(originals)
        .map(|(pieces, original)| {
            let mut page = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => page.push_str(&t),
                    Piece::Row(r) => page.push_str(&trimmed_row(&rows[r])),
                }
                page.push('\n');
            }
            if page.trim().is_empty() && !original.trim().is_empty() {
                return original.to_string();
            }
            page
        })
        .collect()
}

/// A row as a line: cells joined by tabs, empty cells at the end dropped.
pub(super) fn trimmed_row(cells: &[String]) -> String {
    let end = cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    cells[..end].join("\t")
}

/// Appends the continuation of each cell.
fn extend_cells(row: &mut Vec<String>, more: &[String]) {
    if row.len() < more.len() {
        row.resize(more.len(), String::new());
    }
    for (cell, add) in row.iter_mut().zip(more) {
        if add.is_empty() {
            continue;
        }
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(add);
    }
}

/// A line of a table: a row's first line, or the continuation of the row above.
enum Line {
    Row(Vec<String>),
    More(Vec<String>),
}

/// A table found at a header line: its header cells, its lines, and the line after it.
struct Table {
    header: Vec<String>,
    header_lines: usize,
    body_start: usize,
    lines: Vec<Line>,
    end: usize,
}

/// The text chunks of a line: (start column, text), split at runs of two spaces or more.
fn chunks(line: &[char]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut spaces = 0;
    for (x, &c) in line.iter().enumerate() {
        if c.is_whitespace() {
            spaces += 1;
            continue;
        }
        match start {
            Some(_) if spaces < 2 => {}
            _ => {
                if let Some(s) = start {
                    out.push((s, line[s..x].iter().collect::<String>().trim().to_string()));
                }
                start = Some(x);
            }
        }
        spaces = 0;
    }
    if let Some(s) = start {
        out.push((s, line[s..].iter().collect::<String>().trim().to_string()));
    }
    out
}

/// A header line: first chunk `STT`/`TT`/`Số TT`, at least three chunks.
pub(super) fn is_header(line: &[char]) -> bool {
    let c = chunks(line);
    c.len() >= 3
        && c.first()
            .is_some_and(|(_, t)| matches!(fold(t).as_str(), "stt" | "tt" | "so tt"))
}

/// A row number: `1`, `12.`, or a roman section number `II`.
pub(super) fn is_row_label(t: &str) -> bool {
    let t = t.strip_suffix('.').unwrap_or(t);
    (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        || (!t.is_empty() && t.len() <= 5 && t.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
}

/// Where a line starting with a row number (`1`, `II`, at most two characters in) has its next
/// word: the start of the row's second column. `None` for other lines.
fn label(line: &[char]) -> Option<usize> {
    let start = indent(line)?;
    if start > 2 {
        return None;
    }
    let end = start + line[start..].iter().position(|c| c.is_whitespace())?;
    let word: String = line[start..end].iter().collect();
    let next = end + line[end..].iter().position(|c| !c.is_whitespace())?;
    is_row_label(&word).then_some(next)
}

/// Where the first non-blank character of a line is.
fn indent(line: &[char]) -> Option<usize> {
    line.iter().position(|c| !c.is_whitespace())
}

/// A line holding only a page number.
fn is_page_number(line: &[char]) -> bool {
    let t: String = line.iter().collect();
    let t = t.trim();
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// The table whose header starts at line `at`, if one does. `repeated` is the header's line
/// count and the body's first column when the header repeats one of the previous page.
fn table_at(lines: &[Vec<char>], at: usize, repeated: Option<(usize, usize)>) -> Option<Table> {
    if !is_header(&lines[at]) {
        return None;
    }
    let label_of = |l: &[char]| label(l);
    // The header runs to the first line that starts a row; a header repeated on a new page has
    // as many lines as the first, and the lines after it continue the last row.
    let (header_end, body_start) = match repeated {
        // Each page has its own indentation: the body's start is this page's first row's, when
        // the page has one.
        Some((n, body_start)) => {
            let end = (at + n).min(lines.len());
            let here = lines[end..].iter().find_map(|l| label_of(l));
            (end, here.unwrap_or(body_start))
        }
        None => {
            let first_row = (at + 1..lines.len().min(at + 1 + MAX_HEADER_LINES))
                .find(|&j| label_of(&lines[j]).is_some())?;
            (first_row, label_of(&lines[first_row])?)
        }
    };
    // The table ends at a line that starts left of the body without a row number.
    let mut end = header_end;
    while end < lines.len() {
        let l = &lines[end];
        match indent(l) {
            Some(x) if x + SLACK < body_start && label_of(l).is_none() && !is_page_number(l) => {
                break
            }
            _ => end += 1,
        }
    }
    let region: Vec<usize> = (at..end)
        .filter(|&j| indent(&lines[j]).is_some() && !is_page_number(&lines[j]))
        .collect();
    let columns = columns(lines, &region, at..header_end, body_start);
    let cells_of = |l: &[char]| cells(l, &columns);
    let mut header: Vec<String> = vec![String::new(); columns.len()];
    for l in &lines[at..header_end] {
        extend_cells(&mut header, &cells_of(l));
    }
    let mut table_lines = Vec::new();
    for &j in region.iter().filter(|&&j| j >= header_end) {
        let cells = cells_of(&lines[j]);
        if label_of(&lines[j]).is_some() {
            table_lines.push(Line::Row(cells));
        } else {
            table_lines.push(Line::More(cells));
        }
    }
    Some(Table {
        header,
        header_lines: header_end - at,
        body_start,
        lines: table_lines,
        end,
    })
}

/// A line's words put into their columns (`[start, end)` ranges): the last column starting at
/// most [`SLACK`] characters (and half the column before it) right of the word.
fn cells(line: &[char], columns: &[(usize, usize)]) -> Vec<String> {
    let mut out = vec![String::new(); columns.len()];
    let mut x = 0;
    while x < line.len() {
        if line[x].is_whitespace() {
            x += 1;
            continue;
        }
        let start = x;
        while x < line.len() && !line[x].is_whitespace() {
            x += 1;
        }
        // The slack is at most half the previous column's width (a narrow `STT` column).
        let k = (1..columns.len())
            .rev()
            .find(|&k| {
                let (a, prev) = (columns[k].0, columns[k - 1].0);
                a <= start + SLACK.min((a - prev) / 2)
            })
            .unwrap_or(0);
        let cell = &mut out[k];
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.extend(&line[start..x]);
    }
    out
}

/// Column ranges `[start, end)` of a table. A column starts where body text is left-aligned:
/// after a gutter (two positions blank on all but one line in twenty: a word that overflows its
/// cell crosses a gutter on a few lines), or where many chunks start (after two spaces or more:
/// `pdftotext -layout` shifts words, so a gutter is often filled), and where the first row's
/// text starts after its number (a narrow `STT` column is one space wide). Starts closer than
/// [`MIN_COLUMN`] are one column (the leftmost), and a column without header
/// text is no column.
fn columns(
    lines: &[Vec<char>],
    region: &[usize],
    header: std::ops::Range<usize>,
    body_start: usize,
) -> Vec<(usize, usize)> {
    let width = region.iter().map(|&j| lines[j].len()).max().unwrap_or(0);
    let mut count = vec![0usize; width];
    let mut chunk_starts = vec![0usize; width];
    for &j in region {
        for (x, c) in lines[j].iter().enumerate() {
            if !c.is_whitespace() {
                count[x] += 1;
            }
        }
        for (x, _) in chunks(&lines[j]) {
            chunk_starts[x] += 1;
        }
    }
    let tolerance = region.len() / 20;
    let frequent = (region.len() / 25).max(2);
    let mut starts: Vec<usize> = (0..width)
        .filter(|&x| {
            // A gutter is two positions wide at least: one blank position lined up on every
            // line is as often the space between two words of a column.
            let after_gutter = count[x] > tolerance
                && x >= 2
                && count[x - 1] <= tolerance
                && count[x - 2] <= tolerance;
            x == 0 || x == body_start || after_gutter || chunk_starts[x] >= frequent
        })
        .collect();
    let mut merged: Vec<usize> = Vec::new();
    for x in starts.drain(..) {
        match merged.last_mut() {
            // The body's first column after a narrow `STT` column is kept.
            Some(last) if x - *last <= MIN_COLUMN && !(x == body_start && *last == 0) => {}
            _ => merged.push(x),
        }
    }
    let has_header_text = |a: usize, b: usize| {
        lines[header.clone()]
            .iter()
            .any(|l| l.iter().skip(a).take(b - a).any(|c| !c.is_whitespace()))
    };
    let mut kept: Vec<usize> = Vec::new();
    for (k, &x) in merged.iter().enumerate() {
        let end = merged.get(k + 1).copied().unwrap_or(width);
        if k == 0 || x == body_start || has_header_text(x, end) {
            kept.push(x);
        }
    }
    kept.iter()
        .enumerate()
        .map(|(k, &x)| {
            (
                if k == 0 { 0 } else { x },
                kept.get(k + 1).copied().unwrap_or(usize::MAX),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE1: &str = "\
KẾ HOẠCH
Phụ lục

STT     Nhiệm vụ                Thời gian        Chủ trì     Phối hợp
                                hoàn thành
I       Cải cách thể chế
1       Rà soát văn bản quy     Hằng năm         Sở Tư       Các sở,
        phạm pháp luật của                       pháp        ban, ngành
        tỉnh.
2       Công bố danh mục văn    Trước ngày       Sở Tư       UBND các
        bản hết hiệu lực,       31/01 năm        pháp;       xã
                                                 UBND các
                                            2
";
    const PAGE2: &str = "\
STT     Nhiệm vụ                Thời gian        Chủ trì     Phối hợp
                                hoàn thành
        tạm ngưng hiệu lực.     liền kề          xã
3       Ứng dụng AI trong       Năm 2026         Sở Tư       Sở Khoa học
        phổ biến pháp luật.                      pháp        và Công nghệ
Nơi nhận:
- Như trên;
";

    #[test]
    fn rows_across_a_page_break_with_the_header_read_once() {
        let pages = rebuild(&[PAGE1, PAGE2]);
        let p1: Vec<&str> = pages[0].lines().collect();
        assert_eq!(p1[..3], ["KẾ HOẠCH", "Phụ lục", ""]);
        assert_eq!(
            p1[3],
            "STT\tNhiệm vụ\tThời gian hoàn thành\tChủ trì\tPhối hợp"
        );
        assert_eq!(p1[4], "I\tCải cách thể chế");
        assert_eq!(
            p1[5],
            "1\tRà soát văn bản quy phạm pháp luật của tỉnh.\tHằng năm\tSở Tư pháp\tCác sở, ban, ngành"
        );
        // The row cut by the page break, joined with its end on page 2.
        assert_eq!(
            p1[6],
            "2\tCông bố danh mục văn bản hết hiệu lực, tạm ngưng hiệu lực.\tTrước ngày 31/01 năm liền kề\tSở Tư pháp; UBND các xã\tUBND các xã"
        );
        assert_eq!(p1.len(), 7, "{p1:#?}");
        let p2: Vec<&str> = pages[1].lines().collect();
        assert_eq!(
            p2,
            [
                "3\tỨng dụng AI trong phổ biến pháp luật.\tNăm 2026\tSở Tư pháp\tSở Khoa học và Công nghệ",
                "Nơi nhận:",
                "- Như trên;"
            ]
        );
    }

    #[test]
    fn text_without_a_table_is_unchanged() {
        let page = "  UBND TỈNH         CỘNG HÒA\nSTT là viết tắt\n1. Mục đích";
        assert_eq!(rebuild(&[page]), vec![format!("{page}\n")]);
    }
}
