//! The reading view's body: heading, properties (with "Nguồn" and the original file), the
//! header block, the nested table of contents and the text, each heading with its anchor.

use std::fmt::Write as _;

use crate::document::Document;
use crate::document::DocumentHead;
use crate::http::reading::{self, Kind};
use crate::http::slug;
use crate::search::graph::CitingDocument;
use crate::search::reports::LaterReport;

use super::sections::{related, same_subject, tasks};
use super::{esc, marked_into, page, query_words, vn_date};

/// The heading a reader sees: type, number and title.
pub fn heading(doc: &Document) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(t) = doc.doc_type.as_deref() {
        parts.push(t);
    }
    if let Some(n) = doc.number.as_deref() {
        parts.push(n);
    }
    let head = parts.join(" ");
    // A title that already starts with the type (`Kế hoạch 176/KH-UBND năm 2020 ...`) is whole.
    let starts_with_type = |t: &str| {
        doc.doc_type
            .as_deref()
            .is_some_and(|ty| crate::text::fold(t).starts_with(&crate::text::fold(ty)))
    };
    match doc.title.as_deref().filter(|t| !t.is_empty()) {
        Some(t) if starts_with_type(t) => t.to_string(),
        Some(t) if !head.is_empty() => format!("{head}: {t}"),
        Some(t) => t.to_string(),
        None if head.is_empty() => "Văn bản".to_string(),
        None => head,
    }
}

/// Where the official text begins in the body: the line of the document type in capitals
/// (`KẾ HOẠCH`, `NGHỊ ĐỊNH`) among the first lines; the preamble before it (a site's metadata,
/// the national motto) is what the header block shows. 0 when not found.
fn text_start(doc: &Document, lines: &[reading::Line<'_>]) -> usize {
    let Some(t) = doc.doc_type.as_deref().map(crate::text::fold) else {
        return 0;
    };
    lines
        .iter()
        .take(60)
        .position(|l| {
            l.text.chars().any(char::is_alphabetic)
                && !l.text.chars().any(char::is_lowercase)
                && crate::text::fold(l.text) == t
        })
        .unwrap_or(0)
}

/// The reading view's HTML.
pub fn document_html(doc: &Document, citing: &[CitingDocument], path: &str, q: &str) -> String {
    document_page_html(doc, citing, None, &[], &[], path, q)
}

/// [`document_html`] with the document's status badge, lược đồ and per-article changes, and
/// the documents closest in subject ("Cùng chủ đề").
pub fn document_page_html(
    doc: &Document,
    citing: &[CitingDocument],
    lineage: Option<&crate::status::Lineage>,
    similar: &[DocumentHead],
    later: &[LaterReport],
    path: &str,
    q: &str,
) -> String {
    let notes = lineage
        .map(crate::http::status::article_notes)
        .unwrap_or_default();
    let words = query_words(q);
    let lines = reading::lines(&doc.body);
    let start = text_start(doc, &lines);
    let lines = &lines[start..];
    let title = heading(doc);
    let mut main = String::with_capacity(doc.body.len() * 5 / 4 + 4096);
    main.push_str("<main id=\"van-ban\" class=\"van-ban\">");
    let _ = write!(main, "<h1 class=\"tieu-de\">{}</h1>", esc(&title));
    if let Some(l) = lineage {
        main.push_str(&crate::http::status::badge_html(&l.status));
        main.push_str(&crate::http::status::ended_citations_html(l));
    }
    properties(doc, &mut main);
    header_block(doc, &mut main);
    toc(lines, &mut main);
    main.push_str("<article class=\"toan-van\" aria-label=\"Toàn văn\">");
    for l in lines {
        body_line(l, &words, &mut main);
        if let Some((_, note)) = notes
            .iter()
            .find(|(a, _)| Some(a.as_str()) == l.anchor.as_deref())
        {
            main.push_str(note);
        }
    }
    main.push_str("</article>");
    if let Some(l) = lineage {
        main.push_str(&crate::http::status::lineage_html(l));
    }
    related(doc, citing, &mut main);
    same_subject(similar, &mut main);
    tasks(doc, later, &mut main);
    main.push_str("<p class=\"no-print cuoi\"><a href=\"#van-ban\">Lên đầu trang</a></p></main>");
    page(&title, Some(path), &main)
}

fn properties(doc: &Document, out: &mut String) {
    out.push_str("<dl class=\"thuoc-tinh\">");
    let mut row = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            let _ = write!(out, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(&v));
        }
    };
    row("Số hiệu", doc.number.clone());
    row("Loại văn bản", doc.doc_type.clone());
    row("Cơ quan ban hành", doc.issuer.clone());
    row("Ngày ban hành", doc.issued.map(vn_date));
    row("Ngày có hiệu lực", doc.effective.map(vn_date));
    row(
        "Người ký",
        doc.signer
            .as_ref()
            .map(|s| match doc.signer_role.as_deref() {
                Some(r) if !r.is_empty() => format!("{s} ({r})"),
                _ => s.clone(),
            }),
    );
    row("Lĩnh vực", doc.field.clone());
    // The official addresses of the text; never the server's own file.
    let links: Vec<&String> = doc
        .links
        .iter()
        .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
        .collect();
    if !links.is_empty() {
        out.push_str("<div class=\"nguon\"><dt>Nguồn</dt><dd>");
        for (i, l) in links.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            let _ = write!(
                out,
                "<a href=\"{}\" rel=\"noopener nofollow\">{}</a>",
                esc(l),
                esc(&link_label(l))
            );
        }
        out.push_str("</dd></div>");
    }
    // The file it was read from, as indexed (kept in the index folder).
    if let Some(o) = &doc.original {
        let _ = write!(
            out,
            "<div class=\"tep-goc\"><dt>Tệp gốc</dt><dd><a href=\"/api/documents/{}/original\" download>{}</a> ({})</dd></div>",
            slug::encode_segment(&doc.id),
            esc(&o.name),
            esc(&file_size(o.bytes))
        );
    }
    out.push_str("</dl>");
}

/// A file size as a reader says it: `850 byte`, `12 KB`, `1,4 MB`.
fn file_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} byte")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB).replace('.', ",")
    }
}

/// How a link reads: its host and the file name, if any (`vbpl.vn`, `congbao.sonla.gov.vn ·
/// QD-1182.pdf`).
pub(super) fn link_label(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let file = path
        .split(['?', '#'])
        .next()
        .and_then(|p| p.rsplit('/').next())
        .filter(|f| f.contains('.') && !f.ends_with(".aspx") && !f.ends_with(".nsf"));
    match file {
        Some(f) => format!("{host} · {f}"),
        None => host.to_string(),
    }
}

/// The header block of an official document: issuer and national motto side by side, number
/// and place and date below.
fn header_block(doc: &Document, out: &mut String) {
    out.push_str("<div class=\"the-thuc\" aria-hidden=\"false\"><div class=\"co-quan\">");
    if let Some(p) = doc.issuer_parent.as_deref() {
        let _ = write!(out, "<p>{}</p>", esc(&p.to_uppercase()));
    }
    if let Some(i) = doc.issuer.as_deref() {
        let _ = write!(out, "<p><strong>{}</strong></p>", esc(&i.to_uppercase()));
    }
    if let Some(n) = doc.number.as_deref() {
        let _ = write!(out, "<p>Số: {}</p>", esc(n));
    }
    out.push_str(
        "</div><div class=\"quoc-hieu\"><p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong></p>\
         <p><strong>Độc lập - Tự do - Hạnh phúc</strong></p>",
    );
    if let Some(d) = doc.issued {
        let place = doc.place.as_deref().map(|p| format!("{}, ", esc(p)));
        let _ = write!(
            out,
            "<p><em>{}ngày {} tháng {} năm {}</em></p>",
            place.unwrap_or_default(),
            d.format("%d"),
            d.format("%m"),
            d.format("%Y")
        );
    }
    out.push_str("</div></div>");
}

/// The label of a heading in the table of contents.
fn toc_label(l: &reading::Line<'_>) -> String {
    let mut s: String = l.text.chars().take(140).collect();
    if l.text.chars().count() > 140 {
        s.push('…');
    }
    if let Some(sub) = l.subtitle {
        s.push_str(": ");
        s.push_str(sub);
    }
    s
}

/// The nested table of contents of the headings (parts down to articles; a plan's `I.`, `1.`).
fn toc(lines: &[reading::Line<'_>], out: &mut String) {
    let items: Vec<(usize, &str, String)> = lines
        .iter()
        .filter(|l| l.kind.toc_level() > 0)
        .filter_map(|l| {
            l.anchor
                .as_deref()
                .map(|a| (l.kind.toc_level(), a, toc_label(l)))
        })
        .collect();
    if items.len() < 2 {
        return;
    }
    out.push_str("<nav class=\"muc-luc\" aria-labelledby=\"muc-luc-h\"><details open><summary id=\"muc-luc-h\">Mục lục</summary>");
    let mut stack: Vec<usize> = Vec::new();
    for (level, anchor, label) in &items {
        match stack.last().copied() {
            None => {
                out.push_str("<ol>");
                stack.push(*level);
            }
            Some(top) if *level > top => {
                out.push_str("<ol>");
                stack.push(*level);
            }
            Some(_) => {
                out.push_str("</li>");
                while stack.len() > 1 && stack.last().is_some_and(|t| level < t) {
                    out.push_str("</ol></li>");
                    stack.pop();
                }
            }
        }
        let _ = write!(out, "<li><a href=\"#{}\">{}</a>", esc(anchor), esc(label));
    }
    for _ in &stack {
        out.push_str("</li></ol>");
    }
    out.push_str("</details></nav>");
}

fn body_line(l: &reading::Line<'_>, words: &[String], out: &mut String) {
    let tag = match l.kind {
        Kind::Part | Kind::Chapter | Kind::Roman => "h2",
        Kind::Section => "h3",
        Kind::Article => "h4",
        _ => "p",
    };
    let _ = write!(out, "<{tag} class=\"{}\"", l.kind.class());
    if let Some(a) = l.anchor.as_deref() {
        let _ = write!(out, " id=\"{}\"", esc(a));
    }
    out.push('>');
    marked_into(l.text, words, out);
    if let Some(sub) = l.subtitle {
        out.push_str("<br>");
        marked_into(sub, words, out);
    }
    if let (Kind::Article, Some(a)) = (l.kind, l.anchor.as_deref()) {
        let _ = write!(
            out,
            " <a class=\"neo no-print\" href=\"#{}\" aria-label=\"Liên kết đến điều này\">#</a>",
            esc(a)
        );
    }
    let _ = write!(out, "</{tag}>");
}
