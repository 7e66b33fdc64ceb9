//! Pages rendered on the server: a document's reading view at `/van-ban/{slug}` (the whole text
//! without JavaScript, for search engines, screen readers and printing). Every piece of text
//! from a document is escaped here ([`esc`]); the page loads only the site's own style sheet.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::document::{Document, DocumentHead, Period, Relation, Task};
use crate::http::reading::{self, Kind};
use crate::http::slug;
use crate::http::{AppError, AppState};
use crate::search::graph::{self, CitingDocument};

/// The reading view allows no script at all and only the site's style sheet.
const DOC_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// Longest query (`?q=`) whose words are marked, in characters.
const MAX_MARKED_QUERY: usize = 500;

/// Escapes text for HTML content and double- or single-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    esc_into(s, &mut out);
    out
}

fn esc_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A date as Vietnamese pages write it: `27/10/2020`.
pub fn vn_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The folded words of a query that the page marks (two letters or more, each once).
pub fn query_words(q: &str) -> Vec<String> {
    let q: String = q.chars().take(MAX_MARKED_QUERY).collect();
    let mut out: Vec<String> = Vec::new();
    for w in crate::text::fold(&q).split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() >= 2 && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

/// Escapes `text` into `out`, wrapping in `<mark>` each word whose folded form is one of `words`.
fn marked_into(text: &str, words: &[String], out: &mut String) {
    if words.is_empty() {
        esc_into(text, out);
        return;
    }
    let mut start = 0;
    let mut in_word = false;
    let flush = |piece: &str, word: bool, out: &mut String| {
        if word && words.iter().any(|w| *w == crate::text::fold(piece)) {
            out.push_str("<mark>");
            esc_into(piece, out);
            out.push_str("</mark>");
        } else {
            esc_into(piece, out);
        }
    };
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric();
        if w != in_word {
            if i > start {
                flush(&text[start..i], in_word, out);
            }
            start = i;
            in_word = w;
        }
    }
    if start < text.len() {
        flush(&text[start..], in_word, out);
    }
}

/// A page of the site: the shell around `main`.
fn page(title: &str, canonical: Option<&str>, main: &str) -> String {
    let mut out = String::with_capacity(main.len() + 2048);
    out.push_str("<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(out, "<title>{}</title>", esc(title));
    if let Some(c) = canonical {
        let _ = write!(out, "<link rel=\"canonical\" href=\"{}\">", esc(c));
    }
    out.push_str("<link rel=\"stylesheet\" href=\"/assets/app.css\">");
    out.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Văn bản mới\" href=\"/feed.atom\">");
    out.push_str("</head><body class=\"reading\">");
    out.push_str(
        "<header class=\"site no-print\"><a class=\"home\" href=\"/\">Tra cứu văn bản</a>\
         <form class=\"site-search\" action=\"/\" method=\"get\" role=\"search\">\
         <label for=\"site-q\" class=\"visually-hidden\">Tìm văn bản</label>\
         <input id=\"site-q\" name=\"q\" type=\"search\" placeholder=\"Tìm văn bản\">\
         <button type=\"submit\">Tìm</button></form></header>",
    );
    out.push_str(main);
    out.push_str("</body></html>\n");
    out
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, DOC_CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

/// The Vietnamese error page.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let main = format!(
        "<main id=\"van-ban\"><h1>{}</h1><p>{}</p><p><a href=\"/\">Về trang tìm kiếm</a></p></main>",
        if status == StatusCode::NOT_FOUND {
            "Không tìm thấy văn bản"
        } else {
            "Có lỗi"
        },
        esc(message)
    );
    html(status, page("Không tìm thấy văn bản", None, &main))
}

/// What a slug found.
enum Found {
    /// One document, whether its number is its own, the documents citing it, its lược đồ and
    /// the documents closest in subject.
    One(
        Box<Document>,
        bool,
        Vec<CitingDocument>,
        Option<Box<crate::status::Lineage>>,
        Vec<DocumentHead>,
    ),
    /// Several documents with the number: the reader chooses.
    Many(Vec<Document>),
    /// The slug names a document another way: go to its canonical path.
    Elsewhere(String),
    /// Nothing.
    Nothing,
}

fn find(s: &AppState, requested: &str) -> Result<Found, AppError> {
    let q = slug::parse(requested);
    let unique = |d: &Document| -> Result<bool, AppError> {
        Ok(match d.number_key.as_deref().filter(|k| !k.is_empty()) {
            Some(k) => s.index.count_number_key(k)? <= 1,
            None => false,
        })
    };
    if let Some(id) = q.id {
        let Some(doc) = s.index.get(&id)? else {
            return Ok(Found::Nothing);
        };
        let own = unique(&doc)?;
        if slug::slug(&doc, own) != requested {
            return Ok(Found::Elsewhere(slug::path(&doc, own)));
        }
        return one(s, doc, own);
    }
    // The documents with the number, as their list shows them; only the one read is loaded whole.
    let mut docs: Vec<Document> = Vec::new();
    for key in slug::number_keys(&q.base) {
        let (_, heads) = s
            .index
            .by_number_key_as::<DocumentHead>(&key, 0, MAX_SAME_NUMBER)?;
        for d in heads.iter().map(DocumentHead::to_document) {
            if slug::base_slug(&d) == q.base && !docs.iter().any(|o| o.id == d.id) {
                docs.push(d);
            }
        }
    }
    Ok(match docs.len() {
        0 => Found::Nothing,
        1 => {
            let Some(doc) = s.index.get(&docs[0].id)? else {
                return Ok(Found::Nothing);
            };
            let own = unique(&doc)?;
            one(s, doc, own)?
        }
        _ => Found::Many(docs),
    })
}

/// Most documents sharing one number the chooser lists.
const MAX_SAME_NUMBER: usize = 100;

/// Documents closest in subject the page lists.
const SIMILAR_ON_PAGE: usize = 6;

/// Most citing documents the page lists (the rest are on the search page's list).
const CITING_ON_PAGE: usize = 50;

/// One document with its citations resolved and the documents citing it.
fn one(s: &AppState, mut doc: Document, own: bool) -> Result<Found, AppError> {
    doc.citations = graph::citations_of(&s.index, &doc)?;
    let citing = match doc.number_key.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => graph::cited_by_page(&s.index, k, 0, CITING_ON_PAGE)?.1,
        None => Vec::new(),
    };
    let lineage = crate::status::book(&s.index)?.lineage(&doc, crate::status::today());
    // Each related document once: those closest in subject leave out the citation neighbours.
    let mut listed: std::collections::HashSet<String> =
        citing.iter().map(|c| c.id.clone()).collect();
    listed.extend(doc.citations.iter().filter_map(|c| c.resolved_id.clone()));
    listed.insert(doc.id.clone());
    let similar = crate::http::related::similar(&s.index, &doc, &listed, SIMILAR_ON_PAGE)?;
    Ok(Found::One(
        Box::new(doc),
        own,
        citing,
        Some(Box::new(lineage)),
        similar,
    ))
}

/// The `q` of a query string.
fn query_q(raw: Option<&str>) -> String {
    raw.map(|r| {
        form_urlencoded::parse(r.as_bytes())
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

/// A document's reading view: header block, title, table of contents and the whole text, each
/// heading with its anchor (`#dieu-5`), the words of `?q=` marked.
#[utoipa::path(
    get,
    path = "/van-ban/{slug}",
    tag = "portal",
    params(
        ("slug" = String, Path, description = "The document's slug: its number with `-` for `/` (`176-KH-UBND`), or type, title and date, optionally followed by `--` and the id"),
        ("q" = Option<String>, Query, description = "Words to mark in the text"),
    ),
    responses(
        (status = 200, description = "The document page (or, for a number several documents share, the list of them)", content_type = "text/html", body = String),
        (status = 308, description = "The canonical address of the document"),
        (status = 404, description = "No such document (a Vietnamese page)", content_type = "text/html", body = String),
    )
)]
pub async fn document_page(
    State(s): State<Arc<AppState>>,
    Path(requested): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = query_q(raw.as_deref());
    let state = s.clone();
    let found = s.read(move || find(&state, &requested)).await;
    let found = match found {
        Ok(Ok(f)) => f,
        Ok(Err(e)) | Err(e) => {
            tracing::warn!(error = %e.message, "document page");
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Không đọc được văn bản; xin thử lại sau.",
            );
        }
    };
    match found {
        Found::Nothing => error_page(
            StatusCode::NOT_FOUND,
            "Không có văn bản nào với địa chỉ này. Hãy tìm theo số hiệu hoặc trích yếu.",
        ),
        Found::Elsewhere(path) => {
            let to = match raw.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!("{path}?{r}"),
                None => path,
            };
            let mut res = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            res
        }
        Found::Many(docs) => html(StatusCode::OK, chooser(&docs)),
        Found::One(doc, own, citing, lineage, similar) => {
            let path = slug::path(&doc, own);
            let page = document_page_html(&doc, &citing, lineage.as_deref(), &similar, &path, &q);
            let mut res = html(StatusCode::OK, page);
            if let Some(d) = doc.issued {
                // The document as issued does not change after its issue date; the index's
                // copy may, so clients revalidate.
                let when = d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
                if let Some(v) = when
                    .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
                    .and_then(|v| HeaderValue::from_str(&v).ok())
                {
                    res.headers_mut().insert(header::LAST_MODIFIED, v);
                }
            }
            res
        }
    }
}

/// The page listing the documents that share one number.
fn chooser(docs: &[Document]) -> String {
    let mut main =
        String::from("<main id=\"van-ban\"><h1>Nhiều văn bản cùng số hiệu</h1><ul class=\"chon\">");
    for d in docs {
        let _ = write!(
            main,
            "<li><a href=\"{}\">{}</a> — {}{}</li>",
            esc(&slug::path(d, false)),
            esc(d.number.as_deref().unwrap_or("")),
            esc(d.issuer.as_deref().unwrap_or("")),
            d.issued
                .map(|x| format!(", ngày {}", vn_date(x)))
                .unwrap_or_default()
        );
    }
    main.push_str("</ul></main>");
    page("Nhiều văn bản cùng số hiệu", None, &main)
}

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
    document_page_html(doc, citing, None, &[], path, q)
}

/// [`document_html`] with the document's status badge, lược đồ and per-article changes, and
/// the documents closest in subject ("Cùng chủ đề").
pub fn document_page_html(
    doc: &Document,
    citing: &[CitingDocument],
    lineage: Option<&crate::status::Lineage>,
    similar: &[DocumentHead],
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
    tasks(doc, &mut main);
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
fn link_label(url: &str) -> String {
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

/// What `relation` reads as on the page.
pub fn relation_label(r: Relation) -> &'static str {
    match r {
        Relation::BasedOn => "Căn cứ",
        Relation::Implements => "Thực hiện",
        Relation::Amends => "Sửa đổi, bổ sung",
        Relation::Replaces => "Thay thế",
        Relation::Repeals => "Bãi bỏ",
        Relation::PartlyRepeals => "Bãi bỏ một phần",
        Relation::Expires => "Chấm dứt hiệu lực",
        Relation::Suspends => "Ngưng hiệu lực",
        Relation::Guides => "Hướng dẫn",
        Relation::Mentions => "Dẫn chiếu",
        Relation::AmendedBy => "Được sửa đổi bởi",
        Relation::ReplacedBy => "Được thay thế bởi",
        Relation::RepealedBy => "Bị bãi bỏ bởi",
    }
}

/// The search page's list of the documents citing a number.
fn cited_href(number: &str) -> String {
    format!("/#cited={}", slug::encode_segment(number))
}

/// The path of a document known by id (the page redirects to its readable address).
pub fn id_path(id: &str) -> String {
    format!(
        "/van-ban/{}{}",
        slug::ID_SEPARATOR,
        slug::encode_segment(id)
    )
}

/// Citations both ways: what the document cites and what cites it.
fn related(doc: &Document, citing: &[CitingDocument], out: &mut String) {
    out.push_str("<section class=\"lien-quan\"><h2>Văn bản được dẫn chiếu</h2>");
    if doc.citations.is_empty() {
        out.push_str("<p class=\"meta\">Không có.</p>");
    } else {
        out.push_str("<ul class=\"dan-chieu\">");
        let mut seen: Vec<(String, Relation)> = Vec::new();
        for c in &doc.citations {
            let number = c.number.clone().or_else(|| c.number_key.clone());
            let key = (number.clone().unwrap_or_else(|| c.raw.clone()), c.relation);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let label = [c.doc_type.as_deref(), number.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let label = if label.is_empty() {
                c.raw.clone()
            } else {
                label
            };
            let _ = write!(
                out,
                "<li><span class=\"relation\">{}</span> ",
                relation_label(c.relation)
            );
            match (&c.resolved_id, &number) {
                (Some(id), _) => {
                    let _ = write!(
                        out,
                        "<a class=\"citation-link\" href=\"{}\">{}</a>",
                        esc(&id_path(id)),
                        esc(&label)
                    );
                }
                (None, Some(n)) => {
                    let _ = write!(
                        out,
                        "<a class=\"citation-link\" href=\"{}\">{}</a>",
                        esc(&cited_href(n)),
                        esc(&label)
                    );
                }
                (None, None) => esc_into(&label, out),
            }
            if let Some(d) = c.date {
                let _ = write!(out, " ngày {}", vn_date(d));
            }
            if let Some(i) = c.issuer.as_deref() {
                let _ = write!(out, " của {}", esc(i));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("<h2>Văn bản dẫn chiếu đến văn bản này</h2>");
    if citing.is_empty() {
        out.push_str("<p class=\"meta\">Chưa có văn bản nào trong cơ sở dữ liệu.</p>");
    } else {
        out.push_str("<ul id=\"cited-by-list\">");
        for d in citing {
            let label = [d.doc_type.as_deref(), d.number.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = write!(
                out,
                "<li class=\"citing\" data-id=\"{}\"><span class=\"relation\">{}</span> <a href=\"{}\">{}</a>",
                esc(&d.id),
                relation_label(d.relation),
                esc(&id_path(&d.id)),
                esc(if label.is_empty() { &d.id } else { &label })
            );
            if let Some(x) = d.issued {
                let _ = write!(out, " ngày {}", vn_date(x));
            }
            if let Some(t) = d.title.as_deref() {
                let _ = write!(out, "<div class=\"meta\">{}</div>", esc(t));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

/// "Cùng chủ đề": the documents closest in subject, each with its type, number, date and title.
fn same_subject(similar: &[DocumentHead], out: &mut String) {
    if similar.is_empty() {
        return;
    }
    out.push_str("<section class=\"lien-quan cung-chu-de\"><h2>Văn bản cùng chủ đề</h2><ul id=\"same-subject\">");
    for h in similar {
        let d = h.to_document();
        let label = [d.doc_type.as_deref(), d.number.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let label = if label.is_empty() { heading(&d) } else { label };
        let _ = write!(
            out,
            "<li data-id=\"{}\"><a href=\"{}\">{}</a>",
            esc(&d.id),
            esc(&id_path(&d.id)),
            esc(&label)
        );
        if let Some(x) = d.issued {
            let _ = write!(out, " ngày {}", vn_date(x));
        }
        if let Some(t) = d.title.as_deref() {
            let _ = write!(out, "<div class=\"meta\">{}</div>", esc(t));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
}

/// When a task is due, in words.
fn period_text(t: &Task) -> String {
    if let Some(d) = t.deadline_text.as_deref() {
        return d.to_string();
    }
    match &t.period {
        Some(Period::Yearly) => "Hằng năm".into(),
        Some(Period::Quarterly) => "Hằng quý".into(),
        Some(Period::Monthly) => "Hằng tháng".into(),
        Some(Period::Ongoing) => "Thường xuyên".into(),
        Some(Period::Range { from, to }) => match from {
            Some(f) => format!("{} – {}", vn_date(*f), vn_date(*to)),
            None => format!("Trước {}", vn_date(*to)),
        },
        None => String::new(),
    }
}

/// The tasks the document assigns, with deadlines and agencies (each links to its tasks).
fn tasks(doc: &Document, out: &mut String) {
    if doc.tasks.is_empty() {
        return;
    }
    out.push_str("<section class=\"nhiem-vu\"><h2>Nhiệm vụ và thời hạn</h2><div class=\"table-wrap\"><table><thead><tr><th>Mục</th><th>Nội dung</th><th>Thời hạn</th><th>Chủ trì</th><th>Phối hợp</th></tr></thead><tbody>");
    let agencies = |names: &[String], role: &str, out: &mut String| {
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            let href = format!("/tasks?agency={}&role={role}", slug::encode_segment(n));
            let _ = write!(
                out,
                "<a class=\"agency-link\" href=\"{}\">{}</a>",
                esc(&href),
                esc(n)
            );
        }
    };
    for t in &doc.tasks {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>",
            esc(&t.path),
            esc(&t.text),
            esc(&period_text(t))
        );
        agencies(&t.lead, "lead", out);
        out.push_str("</td><td>");
        agencies(&t.support, "support", out);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div></section>");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document {
            id: "x1".into(),
            number: Some("12/2024/NĐ-CP".into()),
            number_key: crate::number::key("12/2024/NĐ-CP"),
            doc_type: Some("Nghị định".into()),
            title: Some("Quy định <b>chi tiết</b>".into()),
            issuer: Some("Chính phủ".into()),
            issued: NaiveDate::from_ymd_opt(2024, 2, 5),
            body: "Cổng <script>alert(1)</script>\nNGHỊ ĐỊNH\nQUY ĐỊNH CHI TIẾT\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Nghị định này quy định phổ biến pháp luật.\na) \"điểm\" <img src=x onerror=alert(2)>\nĐiều 2. Đối tượng\nChương II\nTHI HÀNH\nĐiều 3. Hiệu lực\n".into(),
            ..Document::default()
        }
    }

    #[test]
    fn the_page_escapes_everything_from_the_document() {
        let h = document_html(&doc(), &[], "/van-ban/12-2024-NĐ-CP", "<script>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(!h.contains("<b>chi"), "{h}");
        assert!(h.contains("&lt;img src=x"), "{h}");
    }

    #[test]
    fn articles_appear_once_with_anchors_and_a_nested_toc() {
        let h = document_html(&doc(), &[], "/p", "");
        assert_eq!(h.matches("id=\"dieu-1\"").count(), 1);
        assert_eq!(h.matches(">Điều 1. Phạm vi điều chỉnh").count(), 2); // toc and body
        assert!(h.contains("id=\"dieu-1-khoan-1\""));
        assert!(h.contains("id=\"dieu-1-khoan-1-diem-a\""));
        assert!(h.contains("<li><a href=\"#chuong-i\">Chương I: QUY ĐỊNH CHUNG</a><ol><li><a href=\"#dieu-1\">"), "{h}");
        // The preamble before the type line is left to the header block.
        assert!(!h.contains("Cổng &lt;script"), "{h}");
        assert!(h.contains("ngày 05 tháng 02 năm 2024"));
        assert!(h.contains("05/02/2024"));
    }

    #[test]
    fn official_links_show_as_nguon_and_nothing_else_does() {
        let mut d = doc();
        d.source = "/srv/data/corpus/secret.docx".into();
        d.links = vec![
            "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1&a=\"x".into(),
            "javascript:alert(1)".into(),
        ];
        let h = document_html(&d, &[], "/p", "");
        assert!(h.contains("<dt>Nguồn</dt>"), "{h}");
        assert!(
            h.contains(
                "href=\"https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1&amp;a=&quot;x\""
            ),
            "{h}"
        );
        assert!(!h.contains("javascript:"), "{h}");
        assert!(
            !h.contains("/srv/data") && !h.contains("secret.docx"),
            "{h}"
        );
        assert_eq!(
            link_label("https://congbao.sonla.gov.vn/cb.nsf/x/QD-1.pdf"),
            "congbao.sonla.gov.vn · QD-1.pdf"
        );
        assert_eq!(
            link_label("https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1"),
            "vbpl.vn"
        );
    }

    #[test]
    fn query_words_are_marked_without_diacritics() {
        let h = document_html(&doc(), &[], "/p", "pho bien");
        assert!(h.contains("<mark>phổ</mark> <mark>biến</mark>"), "{h}");
        let mut out = String::new();
        marked_into("a<b phổ", &["pho".into()], &mut out);
        assert_eq!(out, "a&lt;b <mark>phổ</mark>");
    }

    #[test]
    fn headings_and_dates_read_in_vietnamese() {
        assert_eq!(
            heading(&doc()),
            "Nghị định 12/2024/NĐ-CP: Quy định <b>chi tiết</b>"
        );
        assert_eq!(
            vn_date(NaiveDate::from_ymd_opt(2020, 10, 27).unwrap()),
            "27/10/2020"
        );
    }
}
