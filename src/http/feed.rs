//! Following new documents: the Atom 1.0 feed of any search (`/feed.atom?q=&type=&issuer=`),
//! newest issue date first, and the home page's "Văn bản mới" with counts by type and issuer.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use once_cell::sync::Lazy;

use crate::http::pages::{self, esc};
use crate::http::params::Params;
use crate::http::{AppError, AppState};
use crate::search::{Hit, SearchResponse, Sort};

/// Entries in a feed.
pub const FEED_ENTRIES: usize = 30;

/// The parameters a feed takes: the search's filters, without paging or sort.
const FEED_PARAMS: &[&str] = &[
    "q",
    "type",
    "issuer",
    "agency",
    "role",
    "field",
    "cites",
    "issued_from",
    "issued_to",
    "effective_from",
    "effective_to",
];

static FEED_PARAM_NAMES: Lazy<Vec<String>> =
    Lazy::new(|| FEED_PARAMS.iter().map(|s| s.to_string()).collect());

/// The newest documents matching `raw`'s search (every dated document when it names nothing),
/// with facet counts over all of them.
pub fn latest(
    state: &AppState,
    raw: Option<&str>,
    limit: usize,
) -> Result<SearchResponse, AppError> {
    let p = Params::parse(raw, &FEED_PARAM_NAMES)?;
    let mut req = crate::http::search::search_request(&p)?;
    req.sort = Sort::IssuedDesc;
    req.page.limit = limit;
    req.page.offset = 0;
    if req.q.trim().is_empty() && !req.has_filter() {
        // "Everything": every document with an issue date, which is what "new" is about.
        req.issued.from = NaiveDate::from_ymd_opt(1900, 1, 1);
    }
    Ok(state.engine.search_until(&req, state.deadline())?)
}

/// Escapes text for XML (and drops the control characters XML 1.0 forbids).
pub fn xml_esc(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    esc(&clean)
}

/// The site's address as the client reached it (`Host`, and `X-Forwarded-Proto` behind a
/// proxy), for the absolute links a feed needs.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{proto}://{host}")
}

fn rfc3339(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// The hit's heading: type, number and title.
fn hit_title(h: &Hit) -> String {
    let doc = crate::document::Document {
        number: h.number.clone(),
        doc_type: h.doc_type.clone(),
        title: h.title.clone(),
        ..Default::default()
    };
    pages::heading(&doc)
}

/// The Atom 1.0 document of `res`.
pub fn atom(base: &str, raw: Option<&str>, res: &SearchResponse) -> String {
    let query = raw.filter(|r| !r.is_empty());
    let self_link = match query {
        Some(r) => format!("{base}/feed.atom?{r}"),
        None => format!("{base}/feed.atom"),
    };
    let page_link = match query {
        Some(r) => format!("{base}/#{r}"),
        None => format!("{base}/"),
    };
    let updated = res
        .hits
        .iter()
        .filter_map(|h| h.issued)
        .max()
        .map(rfc3339)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut out = String::with_capacity(4096 + res.hits.len() * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    let _ = writeln!(out, "<id>{}</id>", xml_esc(&self_link));
    let _ = writeln!(out, "<title>Văn bản mới{}</title>", {
        let p = Params::parse(raw, &FEED_PARAM_NAMES).ok();
        match p
            .as_ref()
            .and_then(|p| p.get("q"))
            .filter(|q| !q.is_empty())
        {
            Some(q) => format!(": {}", xml_esc(q)),
            None => String::new(),
        }
    });
    let _ = writeln!(out, "<updated>{updated}</updated>");
    let _ = writeln!(
        out,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_esc(&self_link)
    );
    let _ = writeln!(
        out,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_esc(&page_link)
    );
    out.push_str("<author><name>Tra cứu văn bản</name></author>\n<generator>vanban</generator>\n");
    for h in &res.hits {
        let link = format!("{base}{}", pages::id_path(&h.id));
        out.push_str("<entry>\n");
        let _ = writeln!(out, "<id>{}</id>", xml_esc(&link));
        let _ = writeln!(out, "<title>{}</title>", xml_esc(&hit_title(h)));
        let _ = writeln!(
            out,
            "<updated>{}</updated>",
            h.issued.map(rfc3339).unwrap_or_else(|| updated.clone())
        );
        if let Some(d) = h.issued {
            let _ = writeln!(out, "<published>{}</published>", rfc3339(d));
        }
        let _ = writeln!(
            out,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_esc(&link)
        );
        if let Some(i) = h.issuer.as_deref() {
            let _ = writeln!(out, "<author><name>{}</name></author>", xml_esc(i));
        }
        if let Some(t) = h.doc_type.as_deref() {
            let _ = writeln!(out, "<category term=\"{}\"/>", xml_esc(t));
        }
        let mut summary = Vec::new();
        if let Some(n) = h.number.as_deref() {
            summary.push(format!("Số hiệu {n}"));
        }
        if let Some(i) = h.issuer.as_deref() {
            summary.push(i.to_string());
        }
        if let Some(d) = h.issued {
            summary.push(format!("ban hành ngày {}", pages::vn_date(d)));
        }
        if let Some(t) = h.title.as_deref() {
            summary.push(t.to_string());
        }
        let _ = writeln!(out, "<summary>{}</summary>", xml_esc(&summary.join(" · ")));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// The Atom feed of a search's newest documents.
#[utoipa::path(
    get,
    path = "/feed.atom",
    tag = "portal",
    params(
        ("q" = Option<String>, Query, description = "Words, as for /api/search; empty for every document"),
        ("type" = Option<String>, Query, description = "Document type"),
        ("issuer" = Option<String>, Query, description = "Issuing agency"),
    ),
    responses(
        (status = 200, description = "An Atom 1.0 feed, newest issue date first", content_type = "application/atom+xml", body = String),
        (status = 400, description = "A bad parameter, as for /api/search", body = crate::http::error::ErrorBody),
    )
)]
pub async fn feed(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let state = s.clone();
    let q = raw.clone();
    let res = s
        .read(move || latest(&state, q.as_deref(), FEED_ENTRIES))
        .await??;
    let body = atom(&base_url(&headers), raw.as_deref(), &res);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(xml_esc("a<b>&\"\u{1}c"), "a&lt;b&gt;&amp;&quot;c");
    }

    #[test]
    fn the_base_is_the_host_asked_for_and_nothing_strange() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "congbao.example.vn:8080".parse().unwrap());
        assert_eq!(base_url(&h), "http://congbao.example.vn:8080");
        h.insert("x-forwarded-proto", "https".parse().unwrap());
        assert_eq!(base_url(&h), "https://congbao.example.vn:8080");
        h.insert(header::HOST, "evil\"><x".parse().unwrap());
        assert_eq!(base_url(&h), "https://localhost");
    }
}
