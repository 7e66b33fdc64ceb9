//! Validators and cache lifetimes of successful `GET` answers: every one gets an `ETag` (a
//! BLAKE3 of its body, weak because compression may re-encode it) and answers
//! `If-None-Match` with 304 and no body; the assets and the widget may be kept an hour, pages and
//! API answers are revalidated (`no-cache`: a new commit changes them).

use axum::body::{Body, HttpBody as _};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Largest body given an `ETag` (bigger answers, such as an export of many tasks, pass as they
/// are rather than be held whole in memory twice).
const MAX_TAGGED_BYTES: usize = 32 * 1024 * 1024;

/// How long a path's answer may be kept without asking again.
pub fn cache_control(path: &str) -> &'static str {
    if path.starts_with("/assets/") || path == "/widget.js" || path.starts_with("/api/docs/") {
        // The widget on other sites and the page's script: an hour, then revalidated.
        "public, max-age=3600"
    } else {
        "no-cache"
    }
}

/// Whether `If-None-Match` in `headers` names `etag` (or is `*`).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    let weak = |t: &str| t.trim().trim_start_matches("W/").to_string();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || weak(t) == weak(etag))
}

/// The middleware: tags `GET`/`HEAD` answers with status 200 and answers revalidations.
pub async fn etags(req: Request, next: axum::middleware::Next) -> Response {
    let read = matches!(*req.method(), Method::GET | Method::HEAD);
    let path = req.uri().path().to_string();
    let asked = req.headers().clone();
    let res = next.run(req).await;
    if !read || res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        parts.headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control(&path)),
        );
    }
    // A handler's own validator (an original file's hash) is answered without reading the body.
    // `If-Modified-Since` counts only without `If-None-Match` (RFC 9110 §13.1.3).
    if !asked.contains_key(header::IF_NONE_MATCH) && unmodified_since(&asked, &parts.headers) {
        return not_modified_answer(&parts.headers);
    }
    if let Some(etag) = parts
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
    {
        if not_modified(&asked, etag) {
            return not_modified_answer(&parts.headers);
        }
        return Response::from_parts(parts, body);
    }
    let small = body
        .size_hint()
        .upper()
        .is_some_and(|n| n <= MAX_TAGGED_BYTES as u64);
    if !small {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_TAGGED_BYTES).await else {
        return crate::http::AppError::internal(format!("{path}: the answer could not be read"))
            .into_response();
    };
    let hash = blake3::hash(&bytes).to_hex();
    let etag = format!("W/\"{}\"", &hash[..32]);
    if let Ok(v) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, v);
    }
    if not_modified(&asked, &etag) {
        return not_modified_answer(&parts.headers);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A 304 carrying the validators and lifetimes of the answer it stands for.
/// Whether the answer's `Last-Modified` is no later than the request's `If-Modified-Since`.
fn unmodified_since(asked: &HeaderMap, answer: &HeaderMap) -> bool {
    let date = |h: &HeaderMap, name: header::HeaderName| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
    };
    match (
        date(asked, header::IF_MODIFIED_SINCE),
        date(answer, header::LAST_MODIFIED),
    ) {
        (Some(since), Some(modified)) => modified <= since,
        _ => false,
    }
}

fn not_modified_answer(headers: &HeaderMap) -> Response {
    let mut out = StatusCode::NOT_MODIFIED.into_response();
    for name in [
        header::ETAG,
        header::CACHE_CONTROL,
        header::LAST_MODIFIED,
        header::VARY,
    ] {
        if let Some(v) = headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_modified_since_compares_dates() {
        let mut asked = HeaderMap::new();
        let mut answer = HeaderMap::new();
        answer.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_static("Sun, 06 Dec 2026 15:00:00 GMT"),
        );
        assert!(!unmodified_since(&asked, &answer));
        for (since, same) in [
            ("Sun, 06 Dec 2026 15:00:00 GMT", true),
            ("Mon, 07 Dec 2026 08:00:00 GMT", true),
            ("Sun, 06 Dec 2026 14:59:59 GMT", false),
            ("not a date", false),
        ] {
            asked.insert(header::IF_MODIFIED_SINCE, HeaderValue::from_static(since));
            assert_eq!(unmodified_since(&asked, &answer), same, "{since}");
        }
    }

    #[test]
    fn revalidation_matches_weak_and_strong_and_lists() {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"abc\""),
        );
        assert!(not_modified(&h, "W/\"abc\""));
        assert!(not_modified(&h, "\"abc\""));
        assert!(!not_modified(&h, "W/\"abd\""));
        assert!(!not_modified(&HeaderMap::new(), "W/\"abc\""));
    }

    #[test]
    fn assets_are_kept_an_hour_and_pages_revalidated() {
        assert_eq!(cache_control("/assets/app.js"), "public, max-age=3600");
        assert_eq!(cache_control("/widget.js"), "public, max-age=3600");
        assert_eq!(cache_control("/van-ban/176-KH-UBND"), "no-cache");
        assert_eq!(cache_control("/api/search"), "no-cache");
    }
}
