//! The write routes through the router: the API key, JSON records, file uploads, replace,
//! delete, limits, durability, and writes racing searches.

mod http_support;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use http_support::*;
use vanban::http::ServerOptions;
use vanban::index::VanbanIndex;

fn json_headers(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("content-type", "application/json".to_string()),
        ("authorization", format!("Bearer {key}")),
    ]
}

async fn call_owned(
    app: &axum::Router,
    method: Method,
    uri: &str,
    headers: &[(&'static str, String)],
    body: impl Into<axum::body::Body>,
) -> Answer {
    let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    call(app, method, uri, &h, body).await
}

#[tokio::test]
async fn without_a_key_configured_writes_are_disabled() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    for (method, uri) in [
        (Method::POST, "/api/documents"),
        (Method::PUT, "/api/documents/kl-80-tw-2020"),
        (Method::DELETE, "/api/documents/kl-80-tw-2020"),
    ] {
        let a = call_owned(
            &app,
            method.clone(),
            uri,
            &json_headers(KEY),
            conclusion_80().to_string(),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "writes_disabled"),
            "{method} {uri}"
        );
    }
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_unauthorized() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let body = conclusion_80().to_string();
    for headers in [
        vec![("content-type", "application/json".to_string())],
        json_headers("wrong-key"),
        vec![
            ("content-type", "application/json".to_string()),
            ("x-api-key", format!("{KEY}x")),
        ],
        vec![
            ("content-type", "application/json".to_string()),
            ("authorization", format!("Basic {KEY}")),
        ],
    ] {
        let a = call_owned(&app, Method::POST, "/api/documents", &headers, body.clone()).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{headers:?}"
        );
        let a = call_owned(&app, Method::DELETE, "/api/documents/x", &headers, "").await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
    // Nothing was written.
    let a = get(&app, "/api/documents/kl-80-tw-2020").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_record_is_searchable_as_soon_as_it_is_acknowledged() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let a = post_record(&app, &decision_1521()).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    assert_eq!(a.headers["location"], "/api/documents/qd-1521-ttg-2020");
    let written = &a.json["documents"][0];
    assert_eq!(written["id"], "qd-1521-ttg-2020");
    assert_eq!(written["source"], "api:qd-1521-ttg-2020");
    assert_eq!(written["type"], "Quyết định");

    let s = get(
        &app,
        &format!("/api/search?q={}", enc("chap hanh phap luat")),
    )
    .await;
    assert_eq!(hit_ids(&s), vec!["qd-1521-ttg-2020"]);
    let d = get(&app, "/api/documents/qd-1521-ttg-2020").await;
    assert_eq!(d.json["issued"], "2020-10-06");
    assert_eq!(d.json["effective"], "2020-10-06");
    assert_eq!(d.json["issuer"], "Thủ tướng Chính phủ");
    assert_eq!(d.json["field"], "Bộ máy hành chính");

    // The X-Api-Key form works too; the same id again is a conflict.
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[("content-type", "application/json"), ("x-api-key", KEY)],
        decision_1521().to_string(),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "already_exists")
    );
    let h = get(&app, "/api/health").await;
    assert_eq!(h.json["documents"], 1);
}

#[tokio::test]
async fn replace_and_delete() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    post_record(&app, &conclusion_80()).await;
    let mut changed = conclusion_80();
    changed["title"] = Value::from("Về tăng cường công tác hòa giải ở cơ sở");
    changed["body"] = Value::from(
        "Tăng cường sự lãnh đạo của Đảng đối với công tác hòa giải ở cơ sở trong tình hình mới.",
    );
    let a = call_owned(
        &app,
        Method::PUT,
        "/api/documents/kl-80-tw-2020",
        &json_headers(KEY),
        changed.to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let s = get(&app, &format!("/api/search?q={}", enc("hoa giai o co so"))).await;
    assert_eq!(hit_ids(&s), vec!["kl-80-tw-2020"]);
    let s = get(
        &app,
        &format!("/api/search?q={}", enc("Chỉ thị số 32-CT/TW")),
    )
    .await;
    assert!(
        hit_ids(&s).is_empty(),
        "the old body is still found: {}",
        s.text
    );
    assert_eq!(get(&app, "/api/health").await.json["documents"], 1);

    // A record without id takes the path's; a different id is refused.
    let mut other = changed.clone();
    other["id"] = Value::from("something-else");
    let a = call_owned(
        &app,
        Method::PUT,
        "/api/documents/kl-80-tw-2020",
        &json_headers(KEY),
        other.to_string(),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "id_mismatch")
    );
    let a = call_owned(
        &app,
        Method::PUT,
        "/api/documents/not-there",
        &json_headers(KEY),
        {
            let mut r = changed.clone();
            r.as_object_mut().unwrap().remove("id");
            r.to_string()
        },
    )
    .await;
    // PUT is an upsert: an id nobody has is added (201).
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    assert_eq!(
        get(&app, "/api/documents/not-there").await.status,
        StatusCode::OK
    );
    let a = call_owned(
        &app,
        Method::DELETE,
        "/api/documents/not-there",
        &json_headers(KEY),
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = call_owned(
        &app,
        Method::PUT,
        "/api/documents/kl-80-tw-2020",
        &[
            ("authorization", format!("Bearer {KEY}")),
            ("content-type", "text/plain".into()),
        ],
        "x",
    )
    .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let a = call_owned(
        &app,
        Method::DELETE,
        "/api/documents/kl-80-tw-2020",
        &json_headers(KEY),
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json["deleted"], "kl-80-tw-2020");
    assert_eq!(
        get(&app, "/api/documents/kl-80-tw-2020").await.status,
        StatusCode::NOT_FOUND
    );
    let s = get(&app, &format!("/api/search?q={}", enc("hoa giai o co so"))).await;
    assert!(hit_ids(&s).is_empty());
    let a = call_owned(
        &app,
        Method::DELETE,
        "/api/documents/kl-80-tw-2020",
        &json_headers(KEY),
        "",
    )
    .await;
    assert_eq!((a.status, a.code()), (StatusCode::NOT_FOUND, "not_found"));
}

#[tokio::test]
async fn bad_records_are_refused_with_their_codes() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let mut no_title = conclusion_80();
    no_title.as_object_mut().unwrap().remove("title");
    let mut bad_date = conclusion_80();
    bad_date["issued"] = Value::from("20/06/2020");
    let mut unknown = conclusion_80();
    unknown["colour"] = Value::from("red");
    let mut empty = conclusion_80();
    empty["body"] = Value::from("   ");
    let mut slash = conclusion_80();
    slash["id"] = Value::from("../../etc/passwd");
    let cases = [
        ("{\"number\":", StatusCode::BAD_REQUEST, "bad_json"),
        (
            &no_title.to_string()[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_record",
        ),
        (
            &bad_date.to_string()[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_record",
        ),
        (
            &unknown.to_string()[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_record",
        ),
        (
            &empty.to_string()[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_body",
        ),
        (
            &slash.to_string()[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_id",
        ),
    ];
    for (body, status, code) in cases {
        let a = call_owned(
            &app,
            Method::POST,
            "/api/documents",
            &json_headers(KEY),
            body.to_string(),
        )
        .await;
        assert_eq!((a.status, a.code()), (status, code), "{body}: {}", a.text);
    }
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[("x-api-key", KEY), ("content-type", "text/plain")],
        "hello",
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    assert_eq!(get(&app, "/api/health").await.json["documents"], 0);
}

#[tokio::test]
async fn an_uploaded_file_goes_through_the_readers() {
    if !have_seed() {
        return;
    }
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let bytes = std::fs::read(seed_path()).unwrap();
    let (ct, body) = multipart(&[("file", "176-KH-UBND-2020-lang-son.txt", &bytes)]);
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[
            ("content-type", &ct),
            ("authorization", &format!("Bearer {KEY}")),
        ],
        body.clone(),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let id = a.json["documents"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(a.json["documents"][0]["source"], format!("api:{id}"));
    let s = get(&app, "/api/search?q=pho+bien+giao+duc+phap+luat").await;
    assert_eq!(hit_ids(&s), vec![id.clone()]);
    let d = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(d.json["source"], format!("api:{id}"));
    // The same file again is a conflict, not a duplicate.
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[("content-type", &ct), ("x-api-key", KEY)],
        body,
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "already_exists")
    );
}

#[tokio::test]
async fn bad_uploads_are_refused() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let auth = format!("Bearer {KEY}");
    let text = "Kế hoạch thực hiện Kết luận số 80-KL/TW".as_bytes();
    type Files<'a> = Vec<(&'a str, &'a str, &'a [u8])>;
    let cases: Vec<(Files, StatusCode, &str)> = vec![
        (
            vec![("file", "../176.txt", text)],
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_filename",
        ),
        (
            vec![("file", "a\\b.txt", text)],
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_filename",
        ),
        (
            vec![("file", "", text)],
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_filename",
        ),
        (
            vec![("upload", "a.txt", text)],
            StatusCode::BAD_REQUEST,
            "unknown_field",
        ),
        (vec![], StatusCode::BAD_REQUEST, "missing_file"),
        (
            vec![("file", "garbage.exe", &[0xff, 0xfe, 0x00, 0x9c, 0xc3][..])],
            StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable_document",
        ),
    ];
    for (files, status, code) in cases {
        let (ct, body) = multipart(&files);
        let a = call(
            &app,
            Method::POST,
            "/api/documents",
            &[("content-type", &ct), ("authorization", &auth)],
            body,
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (status, code),
            "{:?}: {}",
            files.iter().map(|f| f.1).collect::<Vec<_>>(),
            a.text
        );
    }
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[
            ("content-type", "multipart/form-data; boundary=x"),
            ("authorization", &auth),
        ],
        "not multipart at all",
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "bad_multipart")
    );
    assert_eq!(get(&app, "/api/health").await.json["documents"], 0);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_json() {
    let options = ServerOptions {
        max_body_bytes: 2_000,
        ..writable()
    };
    let app = app(VanbanIndex::in_memory().unwrap(), &options);
    let mut big = conclusion_80();
    big["body"] = Value::from("phổ biến, giáo dục pháp luật ".repeat(200));
    let a = post_record(&app, &big).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        "{}",
        a.text
    );
    let bytes = "phổ biến, giáo dục pháp luật ".repeat(200);
    let (ct, body) = multipart(&[("file", "big.txt", bytes.as_bytes())]);
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[("content-type", &ct), ("x-api-key", KEY)],
        body,
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        "{}",
        a.text
    );
    // A record under the limit passes.
    assert_eq!(
        post_record(&app, &conclusion_80()).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn writes_survive_a_restart_and_only_a_writable_server_holds_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = VanbanIndex::open_or_create(dir.path()).unwrap();
        let app = app(index, &writable());
        assert_eq!(
            post_record(&app, &decision_1521()).await.status,
            StatusCode::CREATED
        );
        // While the writable server runs, `vanban index` cannot take the writer.
        let other = VanbanIndex::open(dir.path()).unwrap();
        assert!(matches!(other.writer(), Err(vanban::Error::Locked(_))));
    }
    let index = VanbanIndex::open(dir.path()).unwrap();
    let doc = index.get("qd-1521-ttg-2020").unwrap().unwrap();
    assert_eq!(doc.number.as_deref(), Some("1521/QĐ-TTg"));
    // A read-only server leaves the writer free.
    let app = app(index, &ServerOptions::default());
    let other = VanbanIndex::open(dir.path()).unwrap();
    assert!(other.writer().is_ok());
    let s = get(
        &app,
        &format!("/api/search?q={}", enc("chap hanh phap luat")),
    )
    .await;
    assert_eq!(hit_ids(&s), vec!["qd-1521-ttg-2020"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_are_all_kept_and_searches_never_see_half_of_one() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let writes = 12;
    let mut tasks = Vec::new();
    for i in 0..writes {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut r = conclusion_80();
            r["id"] = Value::from(format!("kl-80-tw-copy-{i}"));
            let a = post_record(&app, &r).await;
            assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
        }));
    }
    let reader = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut last = 0;
            for _ in 0..60 {
                let s = get(&app, "/api/search?q=chi+thi+32&limit=100").await;
                let total = s.json["total"].as_u64().unwrap();
                assert!(
                    total >= last,
                    "a search saw fewer documents than an earlier one"
                );
                last = total;
                for hit in s.json["hits"].as_array().unwrap() {
                    // A document entry without its passages would be half a write.
                    assert!(!hit["passages"].as_array().unwrap().is_empty(), "{hit}");
                }
                tokio::task::yield_now().await;
            }
        })
    };
    for t in tasks {
        t.await.unwrap();
    }
    reader.await.unwrap();
    let s = get(&app, "/api/search?q=chi+thi+32&limit=100").await;
    assert_eq!(s.json["total"], writes);
}
