//! Bulk and upsert writes (issue 28 §5): `POST /api/documents/bulk` with NDJSON in the
//! engine's names and the `.jsonl` record names, one result per line, and the single-record
//! routes accepting the Vietnamese names too.

mod http_support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use http_support::*;
use vanban::index::VanbanIndex;

async fn bulk(app: &axum::Router, lines: &[Value]) -> Answer {
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let auth = format!("Bearer {KEY}");
    call(
        app,
        Method::POST,
        "/api/documents/bulk",
        &[
            ("content-type", "application/x-ndjson"),
            ("authorization", auth.as_str()),
        ],
        body,
    )
    .await
}

/// The Lạng Sơn plan in the names of the congbao/provincial exports.
fn plan_176_vietnamese() -> Value {
    json!({
        "id": "kh-176-ubnd-2020",
        "so_hieu": "176/KH-UBND",
        "loai_van_ban": "Kế hoạch",
        "trich_yeu": "Thực hiện Kết luận số 80-KL/TW của Ban Bí thư",
        "co_quan_ban_hanh": "UBND tỉnh Lạng Sơn",
        "ngay_ban_hanh": "2020-10-27",
        "noi_dung": "Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch tuyên truyền, phổ biến giáo dục pháp luật trên địa bàn tỉnh."
    })
}

fn results(a: &Answer) -> Vec<(String, String)> {
    a.json["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", a.text))
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or("").to_string(),
                r["result"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn bulk_creates_updates_and_reports_each_line() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let a = bulk(
        &app,
        &[decision_1521(), conclusion_80(), plan_176_vietnamese()],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        results(&a),
        vec![
            ("qd-1521-ttg-2020".into(), "created".into()),
            ("kl-80-tw-2020".into(), "created".into()),
            ("kh-176-ubnd-2020".into(), "created".into()),
        ]
    );
    assert_eq!(get(&app, "/api/health").await.json["documents"], 3);
    let d = get(&app, "/api/documents/kh-176-ubnd-2020").await;
    assert_eq!(d.json["number"], "176/KH-UBND", "{}", d.text);
    assert_eq!(d.json["issuer"], "UBND tỉnh Lạng Sơn");
    assert_eq!(d.json["source"], "api:kh-176-ubnd-2020");
    let s = get(&app, &format!("/api/search?q={}", enc("176/KH-UBND"))).await;
    assert_eq!(
        hit_ids(&s).first().map(String::as_str),
        Some("kh-176-ubnd-2020")
    );

    // Again: the same two are unchanged, a changed one is updated, bad lines are errors with
    // a reason, and a repeated id in one request is refused.
    let mut changed = conclusion_80();
    changed["title"] = Value::from("Về tăng cường công tác hòa giải ở cơ sở");
    let a = bulk(
        &app,
        &[
            decision_1521(),
            changed,
            plan_176_vietnamese(),
            json!({"so_hieu": "1/QĐ", "trich_yeuu": "typo"}),
            json!({"question_id": 3, "question": "?"}),
            json!({"id": "../x", "number": "2/QĐ", "body": "x"}),
            decision_1521(),
        ],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let r = results(&a);
    let outcomes: Vec<&str> = r.iter().map(|(_, o)| o.as_str()).collect();
    assert_eq!(
        outcomes,
        vec![
            "unchanged",
            "updated",
            "unchanged",
            "error",
            "error",
            "error",
            "error"
        ],
        "{}",
        a.text
    );
    assert_eq!(
        (a.json["created"].as_u64(), a.json["updated"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        (a.json["unchanged"].as_u64(), a.json["errors"].as_u64()),
        (Some(2), Some(4))
    );
    let lines = a.json["results"].as_array().unwrap();
    assert!(lines[3]["reason"].as_str().unwrap().contains("trich_yeuu"));
    assert_eq!(lines[6]["code"], "duplicate_id");
    assert_eq!(lines[6]["line"], 7);
    let s = get(&app, &format!("/api/search?q={}", enc("hoa giai o co so"))).await;
    assert_eq!(hit_ids(&s), vec!["kl-80-tw-2020"]);
    assert_eq!(get(&app, "/api/health").await.json["documents"], 3);
}

#[tokio::test]
async fn bulk_refusals() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let a = bulk(&app, &[]).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "no_documents")
    );
    let a = call(
        &app,
        Method::POST,
        "/api/documents/bulk",
        &[("content-type", "application/x-ndjson")],
        decision_1521().to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let auth = format!("Bearer {KEY}");
    let a = call(
        &app,
        Method::POST,
        "/api/documents/bulk",
        &[("content-type", "text/plain"), ("authorization", &auth)],
        decision_1521().to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A line that is not JSON is that line's error; the others are written.
    let body = format!("{{not json\n{}\n", decision_1521());
    let a = call(
        &app,
        Method::POST,
        "/api/documents/bulk",
        &[
            ("content-type", "application/x-ndjson"),
            ("authorization", &auth),
        ],
        body,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["results"][0]["code"], "bad_json");
    assert_eq!(a.json["results"][1]["result"], "created");
}

#[tokio::test]
async fn single_writes_accept_the_vietnamese_names_and_put_upserts() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let a = post_record(&app, &plan_176_vietnamese()).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    assert_eq!(a.json["documents"][0]["number"], "176/KH-UBND");
    // A misspelt Vietnamese name is refused, not dropped.
    let mut typo = plan_176_vietnamese();
    typo["id"] = Value::from("other");
    typo["trich_yeuu"] = Value::from("x");
    let a = post_record(&app, &typo).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "bad_record")
    );

    let auth = format!("Bearer {KEY}");
    let headers = [
        ("content-type", "application/json"),
        ("authorization", auth.as_str()),
    ];
    let mut rec = plan_176_vietnamese();
    rec.as_object_mut().unwrap().remove("id");
    rec["so_hieu"] = Value::from("177/KH-UBND");
    let a = call(
        &app,
        Method::PUT,
        "/api/documents/kh-177",
        &headers,
        rec.to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    rec["trich_yeu"] = Value::from("Kế hoạch sửa đổi");
    let a = call(
        &app,
        Method::PUT,
        "/api/documents/kh-177",
        &headers,
        rec.to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let d = get(&app, "/api/documents/kh-177").await;
    assert_eq!(d.json["title"], "Kế hoạch sửa đổi");
    assert_eq!(get(&app, "/api/health").await.json["documents"], 2);
}

#[tokio::test]
async fn delete_by_source_removes_that_sources_documents() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    bulk(&app, &[decision_1521(), conclusion_80()]).await;
    let auth = format!("Bearer {KEY}");
    let h = [("authorization", auth.as_str())];
    let uri = format!("/api/documents?source={}", enc("api:kl-80-tw-2020"));
    let a = call(&app, Method::DELETE, &uri, &h, "").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["deleted"], 1);
    assert_eq!(
        get(&app, "/api/documents/kl-80-tw-2020").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&app, "/api/health").await.json["documents"], 1);
    let a = call(&app, Method::DELETE, &uri, &h, "").await;
    assert_eq!((a.status, a.code()), (StatusCode::NOT_FOUND, "not_found"));
    let a = call(&app, Method::DELETE, "/api/documents", &h, "").await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "missing_parameter")
    );
    let a = call(&app, Method::DELETE, &uri, &[], "").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

/// A bulk write with `?source=TAG`: its documents carry the tag, and a delete by that source
/// removes the batch and nothing else.
#[tokio::test]
async fn a_tagged_batch_is_removed_by_its_source() {
    let app = app(VanbanIndex::in_memory().unwrap(), &writable());
    let auth = format!("Bearer {KEY}");
    let h = [
        ("content-type", "application/x-ndjson"),
        ("authorization", auth.as_str()),
    ];
    let body = format!("{}\n{}\n", decision_1521(), conclusion_80());
    let uri = "/api/documents/bulk?source=hr-export-2026-05";
    let a = call(&app, Method::POST, uri, &h, body.clone()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["created"], 2);
    bulk(&app, &[plan_176_vietnamese()]).await;
    assert_eq!(get(&app, "/api/health").await.json["documents"], 3);
    // The same batch again: unchanged (the tag is part of what is stored).
    let a = call(&app, Method::POST, uri, &h, body).await;
    assert_eq!(a.json["unchanged"], 2, "{}", a.text);
    let del = [("authorization", auth.as_str())];
    let a = call(
        &app,
        Method::DELETE,
        "/api/documents?source=hr-export-2026-05",
        &del,
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["deleted"], 2);
    assert_eq!(get(&app, "/api/health").await.json["documents"], 1);
    assert_eq!(
        get(&app, "/api/documents/kh-176-ubnd-2020").await.status,
        StatusCode::OK
    );
    // Tags that are paths, `api:` or empty are refused; so is another parameter.
    for bad in ["%2Fetc%2Fpasswd", "api%3Ax", "", "%20"] {
        let uri = format!("/api/documents/bulk?source={bad}");
        let a = call(
            &app,
            Method::POST,
            &uri,
            &h,
            format!("{}\n", decision_1521()),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "bad_source"),
            "{bad}"
        );
    }
    let a = call(
        &app,
        Method::POST,
        "/api/documents/bulk?src=x",
        &h,
        format!("{}\n", decision_1521()),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "unknown_parameter")
    );
}
