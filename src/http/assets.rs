//! The search page and the embeddable widget: plain HTML, CSS and JavaScript from `assets/`,
//! embedded in the binary so that the server needs no files beside it.

use axum::http::header;
use axum::response::IntoResponse;

const PAGE: &str = include_str!("../../assets/index.html");
const APP_JS: &str = include_str!("../../assets/app.js");
const APP_CSS: &str = include_str!("../../assets/app.css");
const WIDGET_JS: &str = include_str!("../../assets/widget.js");

/// The page loads only its own script and style: no inline code, no third party.
const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/// The search page.
#[utoipa::path(
    get,
    path = "/",
    tag = "portal",
    responses((status = 200, description = "The search page", content_type = "text/html", body = String))
)]
pub async fn page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        PAGE,
    )
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
