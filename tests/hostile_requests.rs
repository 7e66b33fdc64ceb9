//! Hostile requests through the router (`tower::ServiceExt::oneshot`): over-long and many-term
//! queries, pathological phrases, deep pagination, malformed parameters and percent-encoding,
//! huge uploads. Each gets a JSON error with a fitting status (never a 5xx, never a hang), and
//! the server keeps serving. Document text holding `<script>` comes back escaped in snippets.

mod http_support;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use axum::Router;
use http_support::*;

/// Longest any one hostile request may take (debug build, shared machine).
const BOUND: Duration = Duration::from_secs(10);

fn seed_app() -> Option<Router> {
    if !have_seed() {
        return None;
    }
    let (index, _) = seed_index();
    Some(app(index, &writable()))
}

/// A hostile GET: answered in time, with JSON, a 2xx or a 4xx, and a code on errors.
async fn hostile_get(app: &Router, uri: &str) -> Answer {
    let started = Instant::now();
    let a = get(app, uri).await;
    let took = started.elapsed();
    let shown: String = uri.chars().take(80).collect();
    assert!(took < BOUND, "{shown}: took {took:?}");
    assert!(
        a.status.is_success() || a.status.is_client_error(),
        "{shown}: status {} {}",
        a.status,
        a.text.chars().take(200).collect::<String>()
    );
    assert!(!a.json.is_null(), "{shown}: not JSON: {}", a.text);
    if a.status.is_client_error() {
        assert!(!a.code().is_empty(), "{shown}: no error code: {}", a.text);
        assert!(a.json["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    a
}

async fn still_serving(app: &Router) {
    let a = get(
        app,
        "/api/search?q=chuy%E1%BB%83n%20%C4%91%E1%BB%95i%20s%E1%BB%91",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.json["total"].as_u64().unwrap_or(0) >= 1, "{}", a.text);
    assert_eq!(get(app, "/api/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn over_long_and_many_term_queries() {
    let Some(app) = seed_app() else { return };
    // The `http` crate caps a URI at 64 KB, so this is about as long as a request line gets.
    let long = "chuyển đổi số ".repeat(1_200);
    let a = hostile_get(&app, &format!("/api/search?q={}", enc(&long))).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.code(), "query_string_too_long");
    // Over 1,000 characters but a short query string.
    let long = "chuyển đổi số ".repeat(100);
    let a = hostile_get(&app, &format!("/api/search?q={}", enc(&long))).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.code(), "query_too_long");

    // Thousands of distinct terms, under the character limit in bytes but not in words.
    let many: String = (0..200).map(|i| format!("t{i} ")).collect();
    let a = hostile_get(&app, &format!("/api/search?q={}", enc(&many))).await;
    assert!(a.status.is_client_error(), "{}", a.status);
    // Just under the limits: must be answered, not refused.
    let words: String = "quy định ".repeat(60);
    let a = hostile_get(&app, &format!("/api/search?q={}", enc(&words))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    still_serving(&app).await;
}

#[tokio::test]
async fn pathological_phrases_and_operators() {
    let Some(app) = seed_app() else { return };
    let queries = [
        format!("\"{}\"", "a ".repeat(120)),
        format!("\"{}\"", "kế hoạch ".repeat(60)),
        "\"\"\"\"\"\"".to_string(),
        "\"unbalanced phrase".to_string(),
        "- - - -".to_string(),
        "OR OR OR AND NOT".to_string(),
        "-kế -hoạch".to_string(),
        "*".repeat(500),
        "((((((((((".to_string(),
        "176/".repeat(100),
        "/".repeat(900),
        "Điều".repeat(200),
        "\u{0301}".repeat(900),
        "\u{200b}\u{feff}\u{202e}".repeat(100),
        "a\"b\"c\"d\"e\"f".to_string(),
    ];
    for q in &queries {
        hostile_get(&app, &format!("/api/search?q={}", enc(q))).await;
    }
    still_serving(&app).await;
}

#[tokio::test]
async fn deep_pagination_and_bad_numbers() {
    let Some(app) = seed_app() else { return };
    let ok = hostile_get(&app, "/api/search?q=k%E1%BA%BF&offset=10000&limit=100").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    for (uri, code) in [
        ("/api/search?q=a&offset=10001", "offset_too_large"),
        ("/api/search?q=a&limit=101", "limit_too_large"),
        (
            "/api/search?q=a&offset=99999999999999999999999",
            "bad_integer",
        ),
        ("/api/search?q=a&offset=-1", "bad_integer"),
        ("/api/search?q=a&limit=abc", "bad_integer"),
        ("/api/search?q=a&limit=1e3", "bad_integer"),
    ] {
        let a = hostile_get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            a.code() == code || a.code().starts_with("bad_") || a.code().ends_with("_too_large"),
            "{uri}: {}",
            a.code()
        );
    }
    let a = hostile_get(&app, "/api/search?q=a&limit=0").await;
    assert!(a.status == StatusCode::OK || a.status == StatusCode::BAD_REQUEST);
    still_serving(&app).await;
}

#[tokio::test]
async fn malformed_parameters_and_percent_encoding() {
    let Some(app) = seed_app() else { return };
    for uri in [
        "/api/search?q=%ZZ",
        "/api/search?q=%",
        "/api/search?q=%E1%BA",
        "/api/search?q=%FF%FE%FD",
        "/api/search?q=%00%00",
        "/api/search?q=a&q=b&q=c",
        "/api/search?q=a&issued_from=2020-13-45",
        "/api/search?q=a&issued_from=9999999-01-01",
        "/api/search?q=a&issued_from=2021-01-01&issued_to=2020-01-01",
        "/api/search?q=a&deadline_from=yesterday",
        "/api/search?q=a&sort=%27%3B%20DROP%20TABLE",
        "/api/search?q=a&role=lead",
        "/api/search?q=a&type=%00",
        "/api/search?q=a&cites=%2F%2F%2F",
        "/api/search?q=a&unknown=1",
        "/api/search?&&&=&=&q",
        "/api/search?q=a;b=c",
        "/api/documents/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/api/documents?number=%FF",
        "/api/cited-by?number=",
        "/api/tasks?agency=a&from=2020-02-30",
    ] {
        hostile_get(&app, uri).await;
    }
    // Not found answers are JSON too.
    let a = get(&app, "/api/documents/%2E%2E%2Fx").await;
    assert!(
        a.status.is_client_error() && !a.json.is_null(),
        "{}",
        a.text
    );
    still_serving(&app).await;
}

#[tokio::test]
async fn huge_and_malformed_uploads() {
    let Some(app) = seed_app() else { return };
    let auth = ("authorization", "Bearer test-key-0123456789abcdef");
    // A JSON record over the body limit (16 MB).
    let huge = format!(
        "{{\"number\":\"1/KH\",\"doc_type\":\"Kế hoạch\",\"title\":\"t\",\"issuer\":\"UBND\",\"issued\":\"2020-01-01\",\"body\":\"{}\"}}",
        "a".repeat(17 << 20)
    );
    let started = Instant::now();
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[auth, ("content-type", "application/json")],
        huge,
    )
    .await;
    assert!(started.elapsed() < BOUND);
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text);
    assert!(!a.json.is_null(), "{}", a.text);

    // A multipart upload over the limit.
    let big = vec![b'x'; 17 << 20];
    let (ct, body) = multipart(&[("file", "big.txt", &big)]);
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[auth, ("content-type", &ct)],
        body,
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text);

    // Deep JSON, truncated JSON, wrong types, a zip bomb upload: 4xx with JSON.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let mut bomb = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(&mut bomb);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..64 {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    let (ct, bomb_body) = multipart(&[("file", "bomb.docx", bomb.get_ref())]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("application/json", deep.into_bytes()),
        ("application/json", b"{\"number\": \"1/KH".to_vec()),
        (
            "application/json",
            b"{\"number\": 1, \"body\": []}".to_vec(),
        ),
        ("application/json", vec![0xff, 0xfe, 0x00]),
        ("text/plain", b"hello".to_vec()),
        (&ct, bomb_body),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\n garbage".to_vec(),
        ),
    ];
    for (ct, body) in cases {
        let started = Instant::now();
        let a = call(
            &app,
            Method::POST,
            "/api/documents",
            &[auth, ("content-type", ct)],
            body,
        )
        .await;
        assert!(started.elapsed() < BOUND, "{ct}");
        assert!(a.status.is_client_error(), "{ct}: {} {}", a.status, a.text);
        assert!(!a.code().is_empty(), "{ct}: {}", a.text);
    }
    still_serving(&app).await;
}

#[tokio::test]
async fn script_in_document_text_is_escaped_in_snippets() {
    let Some(app) = seed_app() else { return };
    let record = serde_json::json!({
        "id": "xss-test",
        "number": "99/KH-UBND",
        "doc_type": "Kế hoạch",
        "title": "Kế hoạch kiểm thử <script>alert(1)</script>",
        "issuer": "UBND tỉnh",
        "issued": "2020-01-01",
        "body": "Điều 1. Triển khai thí điểm <script>alert('xss')</script> hệ thống <img src=x onerror=alert(2)> một cửa điện tử liên thông."
    });
    let a = post_record(&app, &record).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let a = get(
        &app,
        &format!("/api/search?q={}", enc("thí điểm hệ thống một cửa")),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let hit = a.json["hits"]
        .as_array()
        .and_then(|h| h.iter().find(|x| x["id"] == "xss-test"))
        .unwrap_or_else(|| panic!("written document not found: {}", a.text))
        .clone();
    let snippets: Vec<&str> = hit["passages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["snippet"].as_str())
        .collect();
    assert!(!snippets.is_empty(), "{hit}");
    for s in &snippets {
        assert!(!s.contains("<script"), "unescaped script in snippet: {s}");
        assert!(!s.contains("<img"), "unescaped tag in snippet: {s}");
        // Only <mark> tags may remain.
        let stripped = s.replace("<mark>", "").replace("</mark>", "");
        assert!(!stripped.contains('<'), "raw '<' in snippet: {s}");
    }
    assert!(
        snippets.iter().any(|s| s.contains("&lt;script&gt;")),
        "the script text should be kept, escaped: {snippets:?}"
    );
}

/// Issue 23 §2: `type=a,a,...` with 30,000 values (a 60 KB GET) cost 2–2.7 s and +93–150 MB
/// each. List-valued parameters are deduplicated and capped, the query string is bounded.
#[tokio::test]
async fn list_valued_parameters_are_deduplicated_and_capped() {
    let Some(app) = seed_app() else { return };
    let a = hostile_get(
        &app,
        &format!("/api/search?q=x&type={}", vec!["a"; 30_000].join(",")),
    )
    .await;
    assert_eq!(a.code(), "query_string_too_long");
    // Many repeats of one value within the limit: one value.
    let a = hostile_get(
        &app,
        &format!(
            "/api/search?type={}",
            vec!["K%E1%BA%BF+ho%E1%BA%A1ch"; 400].join(",")
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.json["total"].as_u64().unwrap_or(0) >= 1, "{}", a.text);
    let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    let a = hostile_get(&app, &format!("/api/search?type={}", many.join(","))).await;
    assert_eq!(a.code(), "too_many_values");
    let a = hostile_get(&app, &format!("/api/search?type={}", "x".repeat(201))).await;
    assert_eq!(a.code(), "value_too_long");
    // The deadline filter answers (one term-set query, not thousands of clauses).
    let a = hostile_get(
        &app,
        "/api/search?deadline_from=2000-01-01&deadline_to=2100-12-31",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    still_serving(&app).await;
}

/// Issue 23 §5: a search checks its deadline between phases and stops with `TimedOut`, which
/// the API answers as 503 `timeout`.
#[test]
fn a_search_stops_at_its_deadline() {
    if !have_seed() {
        return;
    }
    let (index, _) = seed_index();
    let req = vanban::search::SearchRequest {
        q: "phổ biến giáo dục pháp luật".into(),
        ..Default::default()
    };
    let passed = vanban::deadline::Deadline::after(Duration::ZERO);
    let err = vanban::search::search_until(&index, &req, passed).unwrap_err();
    assert!(matches!(err, vanban::Error::TimedOut), "{err}");
    let app_err = vanban::http::AppError::from(err);
    assert_eq!(app_err.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app_err.code, vanban::Code::Timeout);
    let later = vanban::deadline::Deadline::after(Duration::from_secs(600));
    let res = vanban::search::search_until(&index, &req, later).unwrap();
    assert!(res.total >= 1);
}

/// Issue 23 §9: dates outside 1677-09-22 – 2262-04-11 overflowed tantivy's nanosecond
/// timestamps (`issued_to=9999-12-31` gave `total: 0`, a debug build panicked mid-write).
#[tokio::test]
async fn dates_outside_the_index_range_are_bad_dates() {
    let Some(app) = seed_app() else { return };
    for uri in [
        "/api/search?q=x&issued_to=9999-12-31",
        "/api/search?q=x&issued_from=1500-01-01",
        "/api/search?deadline_to=2263-01-01",
        "/api/tasks?from=0001-01-01",
    ] {
        let a = hostile_get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text);
        assert_eq!(a.code(), "bad_date", "{uri}");
    }
    let a = hostile_get(
        &app,
        "/api/search?q=k%E1%BA%BF+ho%E1%BA%A1ch&issued_to=2262-04-11",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.json["total"].as_u64().unwrap_or(0) >= 1, "{}", a.text);
    for (field, date) in [("issued", "9999-12-31"), ("effective", "1000-01-01")] {
        let mut record = serde_json::json!({
            "number": "9/KH-UBND", "doc_type": "Kế hoạch", "title": "Ngày xa",
            "issuer": "UBND tỉnh Lạng Sơn", "issued": "2020-10-27", "body": "Nội dung kế hoạch."
        });
        record[field] = serde_json::json!(date);
        let a = post_record(&app, &record).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        assert_eq!(a.code(), "bad_date");
    }
    still_serving(&app).await;
}

/// Issue 23 §10: with CORS for any origin (the default), write routes get no CORS headers and a
/// preflight for a write is not granted; reads keep `*`.
#[tokio::test]
async fn any_origin_cors_covers_reads_only() {
    let Some(app) = seed_app() else { return };
    let a = call(
        &app,
        Method::OPTIONS,
        "/api/documents",
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "POST"),
        ],
        "",
    )
    .await;
    let allowed = a
        .headers
        .get("access-control-allow-methods")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(!allowed.contains("POST"), "{allowed}");
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[
            ("origin", "https://evil.example"),
            ("content-type", "application/json"),
        ],
        "{}".to_string(),
    )
    .await;
    assert!(a.headers.get("access-control-allow-origin").is_none());
    let a = call(
        &app,
        Method::GET,
        "/api/health",
        &[("origin", "https://evil.example")],
        "",
    )
    .await;
    assert_eq!(a.headers["access-control-allow-origin"], "*");
}

/// Issue 23 §10: failed API keys make the client back off (429 with `Retry-After`), per client
/// address; 500 bodies carry no internal text, only a request id.
#[tokio::test]
async fn failed_keys_back_off_per_client_and_internal_errors_say_nothing_inside() {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    let Some(app) = seed_app() else { return };
    let post = |ip: [u8; 4], key: &str| {
        let mut req = axum::http::Request::post("/api/documents")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {key}"))
            .body(Body::from("{}"))
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(std::net::SocketAddr::from((ip, 4000))));
        req
    };
    let mut codes = Vec::new();
    for _ in 0..6 {
        codes.push(
            send(&app, post([192, 0, 2, 1], "wrong"))
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(&codes[..4], &[401, 401, 401, 401], "{codes:?}");
    let a = send(&app, post([192, 0, 2, 1], "wrong")).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.text);
    assert_eq!(a.code(), "too_many_attempts");
    assert!(a.headers.get("retry-after").is_some());
    // Another client is not slowed by the first one's failures.
    let a = send(&app, post([192, 0, 2, 2], KEY)).await;
    assert_ne!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_ne!(a.status, StatusCode::UNAUTHORIZED);

    let e = vanban::http::AppError::internal("/srv/secret/index: tantivy panicked at lib.rs:42");
    assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!e.message.contains("secret") && !e.message.contains("panicked"));
    assert!(e.message.contains("request id"), "{}", e.message);
}

/// Issue 23 §7: a write answered by the timeout may still commit; its answer says the outcome is
/// unknown and how to check, not a plain `timeout`.
#[tokio::test]
async fn a_timed_out_write_says_its_outcome_is_unknown() {
    if !have_seed() {
        return;
    }
    let (index, _) = seed_index();
    let options = vanban::http::ServerOptions {
        request_timeout: Duration::from_millis(1),
        ..writable()
    };
    let app = app(index, &options);
    let body = "Kế hoạch phổ biến pháp luật. ".repeat(20_000);
    let record = serde_json::json!({
        "number": "77/KH-UBND", "doc_type": "Kế hoạch", "title": "Chậm",
        "issuer": "UBND tỉnh Lạng Sơn", "issued": "2020-10-27", "body": body
    });
    let a = post_record(&app, &record).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.text);
    assert_eq!(a.code(), "timeout_outcome_unknown");
    assert!(a.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("GET /api/documents"));
    // A read that times out is a plain `timeout`.
    let a = get(&app, "/api/search?q=k%E1%BA%BF+ho%E1%BA%A1ch").await;
    if a.status == StatusCode::SERVICE_UNAVAILABLE {
        assert_eq!(a.code(), "timeout");
    }
}

/// Issue 23 §10: a document's `source` never shows the server's folders to anonymous readers.
#[tokio::test]
async fn document_sources_show_no_server_paths() {
    if !have_seed() {
        return;
    }
    let (index, id) = seed_index();
    let app = app(index, &writable());
    let a = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["source"], "176-KH-UBND-2020-lang-son.txt");
    let a = get(&app, "/api/documents?number=176/KH-UBND").await;
    let source = a.json["documents"][0]["source"].as_str().unwrap_or("");
    assert!(!source.is_empty() && !source.contains('/'), "{source}");
}

/// Issue 23 §6: `cited-by` is paged (it loaded up to 1,000 whole documents per call).
#[tokio::test]
async fn cited_by_is_paged() {
    let Some(app) = seed_app() else { return };
    let a = hostile_get(&app, "/api/cited-by?number=1521/QD-TTg&limit=1").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.json["documents"].as_array().unwrap().len() <= 1);
    let all = hostile_get(&app, "/api/cited-by?number=1521/QD-TTg").await;
    assert!(
        !all.json["documents"].as_array().unwrap().is_empty(),
        "{}",
        all.text
    );
    let a = hostile_get(&app, "/api/cited-by?number=1521/QD-TTg&offset=1").await;
    assert_eq!(
        a.json["documents"].as_array().unwrap().len() + 1,
        all.json["documents"].as_array().unwrap().len()
    );
    assert_eq!(
        hostile_get(&app, "/api/cited-by?number=1521/QD-TTg&limit=101")
            .await
            .code(),
        "limit_too_large"
    );
    assert_eq!(
        hostile_get(&app, "/api/cited-by?number=1521/QD-TTg&offset=901")
            .await
            .code(),
        "offset_too_large"
    );
}
