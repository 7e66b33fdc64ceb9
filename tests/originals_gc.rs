//! The original files kept in the index folder are collected once no committed document names
//! them (issue 26 §4): files pruned away, documents deleted by id or by source, versions
//! replaced by a new one, and what a crash left between keeping and committing. A file a live
//! document still names is never removed: every document that names one can download it.

mod http_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::http::{Method, StatusCode};

use http_support::*;
use vanban::index::VanbanIndex;
use vanban::ingest::{ingest, IngestOptions};

const PLAN: &str = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 176/KH-UBND\nLạng Sơn, ngày 27 tháng 10 năm 2020\n\nKẾ HOẠCH\nThực hiện Kết luận số 80-KL/TW của Ban Bí thư\n\nTuyên truyền, phổ biến giáo dục pháp luật trên địa bàn tỉnh.\n";

fn plan(number: u32, extra: &str) -> String {
    PLAN.replace("176", &number.to_string()) + extra
}

fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The hashes of the files kept in the index folder.
fn kept(index_dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(index_dir.join(vanban::originals::DIR))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The hashes the committed documents name; each of them is kept (the invariant).
fn named(index: &VanbanIndex, index_dir: &Path) -> BTreeSet<String> {
    index.reload().unwrap();
    let names: BTreeSet<String> = index
        .all_documents(10_000)
        .unwrap()
        .into_iter()
        .filter_map(|d| d.original.map(|o| o.hash))
        .collect();
    for h in &names {
        let path = vanban::originals::path(index_dir, h).unwrap();
        assert!(path.is_file(), "a named original was removed: {h}");
    }
    names
}

fn run(index: &VanbanIndex, root: &Path) {
    ingest(
        index,
        &[root.to_path_buf()],
        IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
}

#[test]
fn pruned_replaced_and_crashed_originals_are_collected_and_named_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("docs");
    std::fs::create_dir_all(&root).unwrap();
    let index_dir = dir.path().join("index");
    let (a, b1, c) = (plan(176, ""), plan(177, ""), plan(178, ""));
    std::fs::write(root.join("a.txt"), &a).unwrap();
    std::fs::write(root.join("b.txt"), &b1).unwrap();
    std::fs::write(root.join("c.txt"), &c).unwrap();
    let index = VanbanIndex::open_or_create(&index_dir).unwrap();
    run(&index, &root);
    let all: BTreeSet<String> = [&a, &b1, &c].iter().map(|t| hash(t.as_bytes())).collect();
    assert_eq!(kept(&index_dir), all);
    assert_eq!(named(&index, &index_dir), all);

    // A new version of b.txt: the old version's copy goes, the new one is kept.
    let b2 = plan(177, "Bổ sung: thực hiện trong năm 2021.\n");
    std::fs::write(root.join("b.txt"), &b2).unwrap();
    run(&index, &root);
    let now: BTreeSet<String> = [&a, &b2, &c].iter().map(|t| hash(t.as_bytes())).collect();
    assert_eq!(kept(&index_dir), now);
    assert_eq!(named(&index, &index_dir), now);

    // a.txt removed and pruned: its copy goes.
    std::fs::remove_file(root.join("a.txt")).unwrap();
    let report = vanban::prune::prune(&index, std::slice::from_ref(&root)).unwrap();
    assert_eq!(report.documents, 1);
    let now: BTreeSet<String> = [&b2, &c].iter().map(|t| hash(t.as_bytes())).collect();
    assert_eq!(kept(&index_dir), now);
    assert_eq!(named(&index, &index_dir), now);

    // A crash between keeping and committing leaves a copy no document names, and maybe an
    // unfinished one: the next run removes both, nothing else.
    let orphan = "f".repeat(64);
    let orphan_path = vanban::originals::path(&index_dir, &orphan).unwrap();
    std::fs::create_dir_all(orphan_path.parent().unwrap()).unwrap();
    std::fs::write(&orphan_path, b"left by a crash").unwrap();
    let c_hash = hash(c.as_bytes());
    let c_path = vanban::originals::path(&index_dir, &c_hash).unwrap();
    let unfinished = c_path.with_file_name(format!("{c_hash}.tmp4242"));
    std::fs::write(&unfinished, b"half").unwrap();
    run(&index, &root);
    assert!(!orphan_path.exists() && !unfinished.exists());
    assert!(
        !orphan_path.parent().unwrap().exists(),
        "an emptied folder goes too"
    );
    assert_eq!(kept(&index_dir), now);
    assert_eq!(named(&index, &index_dir), now);
}

/// Through the write API: a document deleted by id, one deleted by its source and one replaced
/// by a record lose their copies; a copy that another document still names stays, and downloads.
#[tokio::test]
async fn deleted_and_replaced_documents_lose_their_originals_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir: PathBuf = dir.path().to_path_buf();
    let index = VanbanIndex::open_or_create(&index_dir).unwrap();
    let app = app(index, &writable());
    let auth = format!("Bearer {KEY}");
    let upload = |name: &'static str, text: String| {
        let app = app.clone();
        let auth = auth.clone();
        async move {
            let (ct, body) = multipart(&[("file", name, text.as_bytes())]);
            let a = call(
                &app,
                Method::POST,
                "/api/documents",
                &[("content-type", &ct), ("authorization", &auth)],
                body,
            )
            .await;
            assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
            (
                a.json["documents"][0]["id"].as_str().unwrap().to_string(),
                a.json["documents"][0]["source"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                hash(text.as_bytes()),
            )
        }
    };
    let (x, _, hx) = upload("x.txt", plan(301, "")).await;
    let (_, y_source, hy) = upload("y.txt", plan(302, "")).await;
    let (z, _, hz) = upload("z.txt", plan(303, "")).await;
    assert_eq!(
        kept(&index_dir),
        [&hx, &hy, &hz].into_iter().cloned().collect()
    );

    // Deleted by id.
    let a = call(
        &app,
        Method::DELETE,
        &format!("/api/documents/{}", enc(&x)),
        &[("authorization", &auth)],
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(kept(&index_dir), [&hy, &hz].into_iter().cloned().collect());

    // Deleted by source.
    let a = call(
        &app,
        Method::DELETE,
        &format!("/api/documents?source={}", enc(&y_source)),
        &[("authorization", &auth)],
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(kept(&index_dir), [&hz].into_iter().cloned().collect());

    // Replaced by a record (which names no file).
    let record = serde_json::json!({
        "number": "303/KH-UBND", "doc_type": "Kế hoạch", "title": "Thay thế",
        "issuer": "UBND tỉnh Lạng Sơn", "issued": "2020-10-27",
        "body": "Điều 1. Văn bản thay thế."
    });
    let a = call(
        &app,
        Method::PUT,
        &format!("/api/documents/{}", enc(&z)),
        &[
            ("content-type", "application/json"),
            ("authorization", &auth),
        ],
        record.to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(kept(&index_dir).is_empty(), "{:?}", kept(&index_dir));

    // Uploaded again: kept again and downloadable; a delete of another document keeps it.
    let (w, _, hw) = upload("w.txt", plan(304, "")).await;
    let (v, _, _) = upload("v.txt", plan(305, "")).await;
    let a = call(
        &app,
        Method::DELETE,
        &format!("/api/documents/{}", enc(&v)),
        &[("authorization", &auth)],
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(kept(&index_dir), [&hw].into_iter().cloned().collect());
    let a = get(&app, &format!("/api/documents/{}/original", enc(&w))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.text.contains("304/KH-UBND"));
}

/// A snapshot (`vanban snapshot`) copies the kept originals, two folders deep, so that a
/// replica downloads them too.
#[test]
fn a_snapshot_copies_the_kept_originals() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("docs");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("a.txt"), plan(176, "")).unwrap();
    let index_dir = dir.path().join("index");
    let index = VanbanIndex::open_or_create(&index_dir).unwrap();
    run(&index, &root);
    let out = dir.path().join("copy");
    vanban::replica::snapshot(&index_dir, &out).unwrap();
    assert_eq!(kept(&out), kept(&index_dir));
    assert_eq!(kept(&out).len(), 1);
}
