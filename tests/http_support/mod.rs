//! Shared helpers of the HTTP tests: an index with the seed plan read through the real pipeline,
//! a router over it, and one-shot requests returning status, headers and JSON.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use vanban::http::{router, ServerOptions};
use vanban::index::VanbanIndex;
use vanban::{extract, read};

/// The seed plan (176/KH-UBND of Lạng Sơn), read in place.
pub fn seed_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
    ))
}

/// True when the shared corpus is beside the repo; otherwise prints why the test does nothing.
pub fn have_seed() -> bool {
    let ok = seed_path().exists();
    if !ok {
        eprintln!(
            "note: {} is missing; this test needs the shared corpus beside the repo",
            seed_path().display()
        );
    }
    ok
}

/// Adds the files' documents through the real readers and extraction; returns their ids.
pub fn add_files(index: &VanbanIndex, files: &[&Path]) -> Vec<String> {
    let mut w = index.writer().unwrap();
    let mut ids = Vec::new();
    for f in files {
        let read = read::read_file(f).unwrap();
        for raw in read.docs {
            let doc = extract::extract(raw);
            ids.push(doc.id.clone());
            w.add(&doc, &f.to_string_lossy()).unwrap();
        }
    }
    w.commit().unwrap();
    drop(w);
    index.reload().unwrap();
    ids
}

/// An in-memory index holding the seed plan, and the seed's id.
pub fn seed_index() -> (VanbanIndex, String) {
    let index = VanbanIndex::in_memory().unwrap();
    let ids = add_files(&index, &[&seed_path()]);
    (index, ids.into_iter().next().unwrap())
}

/// The router over `index`.
pub fn app(index: VanbanIndex, options: &ServerOptions) -> Router {
    router(index, options).unwrap()
}

/// A decoded answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Answer {
    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }
}

/// Sends one request through the router.
pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        text,
        json,
    }
}

/// `GET uri`.
pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// A request with a method, headers and a body.
pub async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> Answer {
    let mut b = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    send(app, b.body(body.into()).unwrap()).await
}

/// A multipart/form-data body with files `(field, file name, bytes)`; returns content type and body.
pub fn multipart(files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----vanban-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (field, name, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Ids of the hits of a search answer.
pub fn hit_ids(a: &Answer) -> Vec<String> {
    a.json["hits"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter_map(|x| x["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A JSON record of a public central document (the two the seed plan carries out).
pub fn decision_1521() -> Value {
    serde_json::json!({
        "id": "qd-1521-ttg-2020",
        "number": "1521/QĐ-TTg",
        "doc_type": "Quyết định",
        "title": "Ban hành Kế hoạch thực hiện Kết luận số 80-KL/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật",
        "issuer": "Thủ tướng Chính phủ",
        "issued": "2020-10-06",
        "effective": "2020-10-06",
        "field": "Bộ máy hành chính",
        "body": "Ban hành kèm theo Quyết định này Kế hoạch thực hiện Kết luận số 80-KL/TW ngày 20 tháng 6 năm 2020 của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 32-CT/TW ngày 09 tháng 12 năm 2003 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật, nâng cao ý thức chấp hành pháp luật của cán bộ, nhân dân."
    })
}

/// A JSON record of the Party conclusion the plans carry out.
pub fn conclusion_80() -> Value {
    serde_json::json!({
        "id": "kl-80-tw-2020",
        "number": "80-KL/TW",
        "doc_type": "Kết luận",
        "title": "Về tiếp tục thực hiện Chỉ thị số 32-CT/TW của Ban Bí thư khóa IX về tăng cường sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật",
        "issuer": "Ban Bí thư",
        "issued": "2020-06-20",
        "field": "Văn hóa - Xã hội",
        "body": "Tiếp tục thực hiện Chỉ thị số 32-CT/TW ngày 09 tháng 12 năm 2003 của Ban Bí thư khóa IX về tăng cường sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật, nâng cao ý thức chấp hành pháp luật của cán bộ, nhân dân."
    })
}

/// The API key of the write tests.
pub const KEY: &str = "test-key-0123456789abcdef";

/// Options with writes enabled.
pub fn writable() -> ServerOptions {
    ServerOptions {
        api_key: Some(KEY.to_string()),
        ..ServerOptions::default()
    }
}

/// Posts a JSON record with the key.
pub async fn post_record(app: &Router, record: &Value) -> Answer {
    call(
        app,
        Method::POST,
        "/api/documents",
        &[
            ("content-type", "application/json"),
            ("authorization", &format!("Bearer {KEY}")),
        ],
        record.to_string(),
    )
    .await
}

/// The seed plan plus the two central documents (posted through the API), writes enabled.
pub async fn full_app() -> (Router, String) {
    let (index, seed_id) = seed_index();
    let app = app(index, &writable());
    for r in [decision_1521(), conclusion_80()] {
        let a = post_record(&app, &r).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    }
    (app, seed_id)
}
