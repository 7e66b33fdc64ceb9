//! Pages rendered on the server: a document's reading view at `/van-ban/{slug}` (the whole text
//! without JavaScript, for search engines, screen readers and printing). Every piece of text
//! from a document is escaped here ([`esc`]); the page loads only the site's own style sheet.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::document::{Document, DocumentHead};
use crate::http::slug;
use crate::http::{AppError, AppState};
use crate::search::graph::{self, CitingDocument};
use crate::search::reports::{later_reports, LaterReport, Reports};

pub mod results;
mod sections;
mod view;

pub use sections::{id_path, relation_label};
pub use view::{document_html, document_page_html, heading};

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

pub(super) fn esc_into(s: &str, out: &mut String) {
    crate::search::snippet::escape_html_into(s, out);
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
pub(super) fn marked_into(text: &str, words: &[String], out: &mut String) {
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
pub(super) fn page(title: &str, canonical: Option<&str>, main: &str) -> String {
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
         <form class=\"site-search\" action=\"/tim-kiem\" method=\"get\" role=\"search\">\
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
        Vec<LaterReport>,
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
    // A plan's or notice's later reports, citing its number or naming it by description.
    let later = if doc.tasks.is_empty() {
        Vec::new()
    } else {
        later_reports(&s.index, &doc, &Reports::default())?
    };
    Ok(Found::One(
        Box::new(doc),
        own,
        citing,
        Some(Box::new(lineage)),
        similar,
        later,
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
        Found::One(doc, own, citing, lineage, similar, later) => {
            let path = slug::path(&doc, own);
            let page = document_page_html(
                &doc,
                &citing,
                lineage.as_deref(),
                &similar,
                &later,
                &path,
                &q,
            );
            let mut res = html(StatusCode::OK, page);
            // The page shows what the index holds now (citations both ways, status, the
            // documents close in subject): it changes with each commit of the index, whose
            // time is `meta.json`'s. An index held in memory gives the issue date.
            let committed = s
                .index
                .dir()
                .and_then(|d| std::fs::metadata(d.join("meta.json")).ok())
                .and_then(|m| m.modified().ok())
                .map(chrono::DateTime::<chrono::Utc>::from);
            let issued = doc
                .issued
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc());
            if let Some(v) = committed
                .or(issued)
                .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
                .and_then(|v| HeaderValue::from_str(&v).ok())
            {
                res.headers_mut().insert(header::LAST_MODIFIED, v);
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

#[cfg(test)]
mod tests {
    use super::view::link_label;
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
