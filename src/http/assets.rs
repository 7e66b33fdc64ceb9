//! The search page and the embeddable widget: plain HTML, CSS and JavaScript from `assets/`,
//! embedded in the binary so that the server needs no files beside it.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::http::pages::{self, esc, results};
use crate::http::{feed, slug, AppState};
use crate::search::SearchResponse;

const PAGE: &str = include_str!("../../assets/index.html");
const APP_JS: &str = include_str!("../../assets/app.js");
const APP_CSS: &str = include_str!("../../assets/app.css");
const WIDGET_JS: &str = include_str!("../../assets/widget.js");

/// The page loads only its own script and style: no inline code, no third party.
const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/// Where the home page's server-rendered part goes in [`PAGE`].
const VIEW: &str = "<main id=\"view\"></main>";

/// Documents listed under "Văn bản mới".
const HOME_LATEST: usize = 10;
/// Types and issuers listed with their counts.
const HOME_COUNTS: usize = 12;

/// Searches the home page offers to try.
const EXAMPLES: &[&str] = &[
    "phổ biến giáo dục pháp luật",
    "cai cach hanh chinh",
    "176/KH-UBND",
    "hợp đồng lao động",
    "\"chuyển đổi số\" -đề án",
];

/// The search page at its readable address, the search in the query (`/tim-kiem?q=hòa
/// giải&type=Nghị định&page=2`): the hits are rendered on the server (read without the
/// script), which the script then replaces with its own view; a bad parameter is said in
/// Vietnamese in the page (status 400).
#[utoipa::path(
    get,
    path = "/tim-kiem",
    tag = "portal",
    params(
        ("q" = Option<String>, Query, description = "The search, as `/api/search` takes it; the other filters of `/api/search` (`type`, `issuer`, `issued_from`, ...) are read too", example = "hoa giai co so"),
    ),
    responses(
        (status = 200, description = "The search page with the hits of what the query says", content_type = "text/html", body = String),
        (status = 400, description = "A bad parameter, said in Vietnamese in the page", content_type = "text/html", body = String),
    )
)]
pub async fn search_page(State(s): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    if results::is_empty_search(raw.as_deref()) {
        return page(State(s)).await.into_response();
    }
    let state = s.clone();
    let q = raw.clone();
    let ran = s
        .read(move || results::run(&state, q.as_deref()))
        .await
        .and_then(|r| r);
    let (status, view) = match ran {
        Ok((res, n)) => {
            let words = query_value(raw.as_deref(), "q");
            (
                StatusCode::OK,
                results::results_html(raw.as_deref(), &words, &res, n),
            )
        }
        Err(e) => {
            if e.status.is_server_error() {
                tracing::warn!(error = %e.message, "search page");
            }
            (e.status, results::error_html(&e))
        }
    };
    let q = query_value(raw.as_deref(), "q");
    let body = PAGE
        .replacen(VIEW, &format!("<main id=\"view\">{view}</main>"), 1)
        .replacen(Q_INPUT, &format!("{} value=\"{}\"", Q_INPUT, esc(&q)), 1);
    (status, headers(), body).into_response()
}

/// The query box in [`PAGE`], filled with the search on `/tim-kiem`.
const Q_INPUT: &str = "<input id=\"q\" name=\"q\" type=\"search\"";

/// The first value of `name` in a query string.
fn query_value(raw: Option<&str>, name: &str) -> String {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn headers() -> [(header::HeaderName, &'static str); 3] {
    [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ]
}

/// The search page; its home view (new documents, counts by type and issuer, example
/// searches) is rendered on the server, so that it reads without the script.
#[utoipa::path(
    get,
    path = "/",
    tag = "portal",
    responses((status = 200, description = "The search page with the newest documents", content_type = "text/html", body = String))
)]
pub async fn page(State(s): State<Arc<AppState>>) -> impl IntoResponse {
    let state = s.clone();
    let latest = s
        .read(move || feed::latest(&state, None, HOME_LATEST))
        .await
        .ok()
        .and_then(Result::ok);
    let home = home_html(latest.as_ref());
    (
        headers(),
        PAGE.replacen(VIEW, &format!("<main id=\"view\">{home}</main>"), 1),
    )
}

/// A link to the search page's search for `key=value`.
fn search_href(key: &str, value: &str) -> String {
    format!("/#{key}={}", slug::encode_segment(value))
}

/// The home view: "Văn bản mới", counts by type and issuer, example searches.
pub fn home_html(latest: Option<&SearchResponse>) -> String {
    let mut out = String::from("<section id=\"home\" class=\"home\">");
    if let Some(res) = latest.filter(|r| !r.hits.is_empty()) {
        out.push_str("<div class=\"home-new\"><h2>Văn bản mới</h2><ol class=\"moi\">");
        for h in &res.hits {
            let label = [h.doc_type.as_deref(), h.number.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = write!(
                out,
                "<li><a href=\"{}\">{}</a>{}{}{}</li>",
                esc(&pages::id_path(&h.id)),
                esc(if label.is_empty() {
                    "Văn bản"
                } else {
                    &label
                }),
                h.issued
                    .map(|d| format!(" <span class=\"meta\">{}</span>", pages::vn_date(d)))
                    .unwrap_or_default(),
                h.issuer
                    .as_deref()
                    .map(|i| format!(" <span class=\"meta\">· {}</span>", esc(i)))
                    .unwrap_or_default(),
                h.title
                    .as_deref()
                    .map(|t| format!("<div class=\"hit-title\">{}</div>", esc(t)))
                    .unwrap_or_default(),
            );
        }
        out.push_str("</ol><p><a class=\"feed-link\" href=\"/feed.atom\">Theo dõi văn bản mới (Atom)</a></p></div>");
        out.push_str("<div class=\"home-counts\">");
        for (title, key, counts) in [
            ("Theo loại văn bản", "type", &res.facets.doc_type),
            ("Theo cơ quan ban hành", "issuer", &res.facets.issuer),
        ] {
            let mut list: Vec<(&String, &u64)> =
                counts.iter().filter(|(k, _)| !k.is_empty()).collect();
            list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            if list.is_empty() {
                continue;
            }
            let _ = write!(
                out,
                "<h2>{title}</h2><ul class=\"dem\" data-facet=\"{key}\">"
            );
            for (name, n) in list.into_iter().take(HOME_COUNTS) {
                let _ = write!(
                    out,
                    "<li><a href=\"{}\">{}</a> <span class=\"count\">({n})</span></li>",
                    esc(&search_href(key, name)),
                    esc(name)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
    }
    out.push_str("<div class=\"home-examples\"><h2>Tìm thử</h2><ul class=\"vi-du\">");
    for q in EXAMPLES {
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a></li>",
            esc(&search_href("q", q)),
            esc(q)
        );
    }
    out.push_str("</ul></div></section>");
    out
}

/// The page's script.
#[utoipa::path(
    get,
    path = "/assets/app.js",
    tag = "portal",
    responses((status = 200, description = "The page's script", content_type = "text/javascript", body = String))
)]
pub async fn app_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        APP_JS,
    )
}

/// The page's style sheet.
#[utoipa::path(
    get,
    path = "/assets/app.css",
    tag = "portal",
    responses((status = 200, description = "The page's style sheet", content_type = "text/css", body = String))
)]
pub async fn app_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        APP_CSS,
    )
}

/// The widget: `<script src="http://HOST/widget.js" data-target="#search"></script>` puts a
/// search box with results into any page; it calls the API at the script's own origin.
#[utoipa::path(
    get,
    path = "/widget.js",
    tag = "portal",
    responses((status = 200, description = "The embeddable widget", content_type = "text/javascript", body = String))
)]
pub async fn widget_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        WIDGET_JS,
    )
}
