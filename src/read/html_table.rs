//! HTML `<table>`s read row by row, as Word tables are: one line per `<tr>`, cells separated by
//! tabs, the paragraphs inside a cell joined by spaces, a cell spanning columns (`colspan`)
//! followed by empty cells for the columns it covers, and a cell spanning rows (`rowspan`)
//! repeated in the rows below (as `w:vMerge` is), so that every row of an assignment table
//! carries its own lead and deadline.
//!
//! Only data tables are read this way: a table holding another table, or a cell of more than
//! [`MAX_CELL_CHARS`] characters (a page laid out with a table around its whole text), is left
//! to the block-by-block reading of `html.rs`.

use scraper::{ElementRef, Node};

/// A cell longer than this is page layout, not data.
const MAX_CELL_CHARS: usize = 2000;

/// Spans beyond this are treated as this (a hostile `colspan="100000"`).
const MAX_SPAN: usize = 50;

/// The rows of a data table as lines (`1\tRà soát\tSở Tư pháp`), or `None` when the table is
/// layout (see the module documentation).
pub fn rows(table: ElementRef<'_>) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    // Cells carried down by `rowspan`: column → (text, rows left).
    let mut carried: Vec<Option<(String, usize)>> = Vec::new();
    for tr in row_elements(table)? {
        let mut cells: Vec<String> = Vec::new();
        let mut col = 0;
        let take_carried = |col: usize, carried: &mut Vec<Option<(String, usize)>>| {
            let slot = carried.get_mut(col)?;
            let (text, left) = slot.as_mut()?;
            let text = text.clone();
            *left -= 1;
            if *left == 0 {
                *slot = None;
            }
            Some(text)
        };
        for cell in tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| is_element(c, &["td", "th"]))
        {
            while let Some(text) = take_carried(col, &mut carried) {
                cells.push(text);
                col += 1;
            }
            let text = cell_text(cell)?;
            let span = |name: &str| {
                cell.value()
                    .attr(name)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_SPAN)
            };
            let (colspan, rowspan) = (span("colspan"), span("rowspan"));
            if rowspan > 1 {
                if carried.len() <= col {
                    carried.resize(col + 1, None);
                }
                carried[col] = Some((text.clone(), rowspan - 1));
            }
            cells.push(text);
            cells.extend(std::iter::repeat_n(String::new(), colspan - 1));
            col += colspan;
        }
        while let Some(text) = take_carried(col, &mut carried) {
            cells.push(text);
            col += 1;
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if !cells.is_empty() {
            lines.push(cells.join("\t"));
        }
    }
    Some(lines.join("\n"))
}

/// The `<tr>`s of a table (directly or under `thead`/`tbody`/`tfoot`), or `None` when the table
/// holds another table.
fn row_elements(table: ElementRef<'_>) -> Option<Vec<ElementRef<'_>>> {
    if table
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .any(|d| is_element(&d, &["table"]))
    {
        return None;
    }
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        if is_element(&child, &["tr"]) {
            rows.push(child);
        } else if is_element(&child, &["thead", "tbody", "tfoot"]) {
            rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| is_element(c, &["tr"])),
            );
        }
    }
    Some(rows)
}

/// A cell's visible text on one line, or `None` when it is too long for a data cell.
fn cell_text(cell: ElementRef<'_>) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    let mut stack = vec![*cell];
    let mut chars = 0;
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                for w in t.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
                    if !w.is_empty() {
                        chars += w.chars().count() + 1;
                        words.push(w);
                    }
                }
            }
            Node::Element(e)
                if super::html::HIDDEN.contains(&e.name())
                    || e.attr("hidden").is_some()
                    || e.attr("style").is_some_and(|s| {
                        s.replace(' ', "")
                            .to_ascii_lowercase()
                            .contains("display:none")
                    }) => {}
            _ => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev());
            }
        }
        if chars > MAX_CELL_CHARS {
            return None;
        }
    }
    Some(words.join(" "))
}

fn is_element(el: &ElementRef<'_>, names: &[&str]) -> bool {
    names.contains(&el.value().name())
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    fn table_text(html: &str) -> Option<String> {
        let doc = Html::parse_document(html);
        let table = doc
            .tree
            .root()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .find(|n| super::is_element(n, &["table"]))?;
        super::rows(table)
    }

    #[test]
    fn rows_with_spans_and_paragraphs_in_cells() {
        let html = "<table><thead><tr><th>STT</th><th>Nhiệm vụ</th><th><p>Thời gian</p><p>hoàn thành</p></th><th>Chủ trì</th></tr></thead>\
                    <tbody><tr><td>I</td><td colspan='3'>Cải cách thể chế</td></tr>\
                    <tr><td>1</td><td><p>Rà soát</p><p>văn bản</p></td><td rowspan='2'>Hằng năm</td><td rowspan='2'>Sở Tư pháp</td></tr>\
                    <tr><td>2</td><td>Công bố danh mục</td></tr></tbody></table>";
        assert_eq!(
            table_text(html).unwrap(),
            "STT\tNhiệm vụ\tThời gian hoàn thành\tChủ trì\n\
             I\tCải cách thể chế\n\
             1\tRà soát văn bản\tHằng năm\tSở Tư pháp\n\
             2\tCông bố danh mục\tHằng năm\tSở Tư pháp"
        );
    }

    #[test]
    fn a_rowspan_in_the_middle_keeps_later_cells_in_place() {
        let html = "<table><tr><td>1</td><td rowspan='2'>A</td><td>x</td></tr><tr><td>2</td><td>y</td></tr></table>";
        assert_eq!(table_text(html).unwrap(), "1\tA\tx\n2\tA\ty");
    }

    #[test]
    fn layout_tables_are_left_alone() {
        let long = "chữ ".repeat(1000);
        assert_eq!(
            table_text(&format!("<table><tr><td>{long}</td></tr></table>")),
            None
        );
        assert_eq!(
            table_text("<table><tr><td><table><tr><td>a</td></tr></table></td></tr></table>"),
            None
        );
    }

    #[test]
    fn hostile_spans_are_bounded() {
        let t = table_text(
            "<table><tr><td colspan='99999999'>a</td><td rowspan='-3'>b</td></tr></table>",
        )
        .unwrap();
        assert_eq!(t.matches('\t').count(), super::MAX_SPAN);
    }
}
