//! HTML pages (vbpl.vn, thuvienphapluat, Pháp điển): the visible text, not the markup.
//!
//! Block elements (`p`, `div`, `br`, `tr`, `li`, headings, ...) become line breaks, a data
//! table is one line per row with its cells separated by tabs (`html_table.rs`), scripts,
//! styles and `display: none` elements are dropped. The charset is a byte-order mark, else `<meta charset>`, else UTF-8 (or a legacy Vietnamese encoding, see
//! `text.rs`). The title is the `<title>`, else the first heading.

use scraper::{Html, Node};

use super::{read_error, text};
use crate::document::{RawDoc, RawFields};
use crate::error::Result;

/// Elements whose content is never shown.
pub(super) const HIDDEN: [&str; 8] = [
    "script", "style", "noscript", "template", "head", "iframe", "object", "svg",
];

/// Elements that start and end a line.
const BLOCK: [&str; 30] = [
    "p",
    "div",
    "br",
    "tr",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "form",
    "fieldset",
    "address",
    "center",
];

/// Reads an HTML page.
pub fn read(name: &str, bytes: &[u8]) -> Result<RawDoc> {
    let (source, warning) = decode(bytes).map_err(|reason| read_error(name, reason))?;
    super::html_budget::check(&source).map_err(|reason| read_error(name, reason))?;
    let html = Html::parse_document(&source);
    let (body, heading) = visible_text(&html);
    if body.is_empty() {
        return Err(read_error(name, "HTML page has no visible text"));
    }
    // A Pháp điển đề mục page is the same document as the đề mục's CSV rows.
    if let Some(doc) = super::phapdien::from_page(name, &source, &body) {
        return Ok(RawDoc {
            warnings: warning.into_iter().collect(),
            ..doc
        });
    }
    let title = title_of(&html).or(heading);
    Ok(RawDoc {
        source: name.to_string(),
        text: body,
        fields: RawFields {
            title,
            ..RawFields::default()
        },
        passages: Vec::new(),
        warnings: warning.into_iter().collect(),
        ocr: None,
    })
}

/// Decodes by byte-order mark, then a declared `<meta charset>` when it is not UTF-8.
fn decode(bytes: &[u8]) -> Result<(String, Option<String>), String> {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    if !has_bom {
        if let Some(label) = declared_charset(bytes) {
            let utf8 = label.eq_ignore_ascii_case("utf-8") || label.eq_ignore_ascii_case("utf8");
            if !utf8 {
                return text::decode_with_label(bytes, &label)
                    .map(|t| (t, None))
                    .ok_or_else(|| format!("not valid in its declared charset `{label}`"));
            }
        }
    }
    let decoded = text::decode(bytes)?;
    Ok((decoded.text, decoded.warning))
}

/// The charset a page declares in its first 2 KB (`<meta charset="...">` or `content="...;
/// charset=..."`).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..2048).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let rest = head.get(at..)?.trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// The page's visible text, one line per block, and its first heading.
fn visible_text(html: &Html) -> (String, Option<String>) {
    let mut out = String::new();
    let mut heading: Option<String> = None;
    let mut heading_at: Option<usize> = None;
    // An explicit stack, not recursion: a page may nest elements very deep.
    let mut stack = vec![(html.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Text(t) if !closing => out.push_str(&t.replace('\u{a0}', " ")),
            Node::Element(e) => {
                let tag = e.name();
                if closing {
                    if BLOCK.contains(&tag) {
                        new_line(&mut out);
                    } else if matches!(tag, "td" | "th") {
                        out.push('\t');
                    }
                    if heading_at.is_some() && matches!(tag, "h1" | "h2" | "h3") {
                        let start = heading_at.take().unwrap_or(out.len());
                        let text = out.get(start..).unwrap_or("");
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !text.is_empty() {
                            heading = Some(text);
                        }
                    }
                    continue;
                }
                let hidden = HIDDEN.contains(&tag)
                    || e.attr("style").is_some_and(|s| {
                        s.replace(' ', "")
                            .to_ascii_lowercase()
                            .contains("display:none")
                    })
                    || e.attr("hidden").is_some();
                if hidden {
                    continue;
                }
                // A data table: one line per row (`html_table.rs`).
                if tag == "table" {
                    if let Some(rows) =
                        scraper::ElementRef::wrap(node).and_then(super::html_table::rows)
                    {
                        new_line(&mut out);
                        out.push_str(&rows);
                        new_line(&mut out);
                        continue;
                    }
                }
                if BLOCK.contains(&tag) || tag == "br" {
                    new_line(&mut out);
                }
                if heading.is_none() && heading_at.is_none() && matches!(tag, "h1" | "h2" | "h3") {
                    heading_at = Some(out.len());
                }
                stack.push((node, true));
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
            _ if !closing => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
            _ => {}
        }
    }
    (tidy(&out), heading)
}

/// Ends the current line, unless it is already ended (a block inside a block is one break).
fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The `<title>` text, if any.
fn title_of(html: &Html) -> Option<String> {
    let selector = scraper::Selector::parse("title").ok()?;
    let title = html.select(&selector).next()?.text().collect::<String>();
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// Collapses spaces inside lines, trims lines, keeps at most one blank line in a row.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        // Empty cells inside a row keep the columns of a table in place; empty cells at its end
        // are dropped.
        let mut cells: Vec<String> = line
            .split('\t')
            .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        let line = if cells.iter().all(String::is_empty) {
            String::new()
        } else {
            cells.join("\t")
        };
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(&line);
            out.push('\n');
            blank = false;
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/html");

    #[test]
    fn blocks_become_lines_and_scripts_go() {
        let page = "<html><head><title>Nghị định 06/2005/NĐ-CP</title><style>p{}</style></head>\
                    <body><script>var x = 1;</script><h3>Đề mục 23.7<br/>Lập và hoạt động</h3>\
                    <p>Điều 1.&nbsp;Phạm vi</p><div>Nội   dung <b>chính</b></div>\
                    <p style='display: none'>ẩn</p><table><tr><td>a</td><td>b</td></tr></table></body></html>";
        let doc = read("p.html", page.as_bytes()).unwrap();
        assert_eq!(
            doc.text,
            "Đề mục 23.7\nLập và hoạt động\nĐiều 1. Phạm vi\nNội dung chính\na\tb"
        );
        assert_eq!(doc.fields.title.as_deref(), Some("Nghị định 06/2005/NĐ-CP"));
    }

    #[test]
    fn meta_charset_windows_1258() {
        let mut page = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1258'></head><body><p>Lu".to_vec();
        // `â`, then the Windows-1258 combining hook byte: `ẩ`.
        page.extend([0xE2, 0xD2, 0x74]);
        page.extend(b"</p></body></html>");
        let doc = read("p.htm", &page).unwrap();
        assert_eq!(doc.text, "Luẩt");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = format!(
            "{}Điều 1{}",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        let doc = read("deep.html", page.as_bytes()).unwrap();
        assert_eq!(doc.text, "Điều 1");
    }

    #[test]
    fn shared_phapdien_pages() {
        let Ok(dir) = std::fs::read_dir(HTML_DIR) else {
            eprintln!("note: {HTML_DIR} not found, test skipped");
            return;
        };
        let mut n = 0;
        for entry in dir {
            let path = entry.unwrap().path();
            let doc = crate::read::read_file(&path).unwrap().docs.remove(0);
            assert!(!doc.text.contains('<'), "markup left in {path:?}");
            assert!(!doc.text.starts_with('\u{feff}'));
            assert!(doc.text.contains("Điều "), "{path:?}");
            assert!(doc.passages.iter().any(|p| p
                .cites
                .as_deref()
                .is_some_and(|c| c.contains("có hiệu lực thi hành kể từ ngày"))));
            // A Pháp điển page: the đề mục's number and name, its articles with their codes.
            assert!(
                doc.fields
                    .title
                    .as_deref()
                    .unwrap()
                    .starts_with(char::is_numeric),
                "{:?}",
                doc.fields.title
            );
            assert!(doc.fields.id.as_deref().unwrap().starts_with("phapdien-"));
            for p in &doc.passages {
                let article = p.path.rsplit(" > ").next().unwrap_or("");
                let code = article.strip_prefix("Điều ").unwrap_or("");
                assert!(code.matches('.').count() >= 3, "{:?}", p.path);
            }
            assert!(
                !doc.text.contains("Xem Danh mục văn bản"),
                "hidden paragraph shown"
            );
            n += 1;
        }
        assert_eq!(n, 3);
    }
}
