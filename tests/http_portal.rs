//! The portal's HTTP hygiene and downloads (issue 26 §4, §11, §12; issue 23 §6, §10): the
//! original file of a document read from a file, sources inside the indexed folder, lists that
//! load only what they show, compression, validators and cache lifetimes, `/api/docs`.

mod http_support;

use std::path::PathBuf;

use axum::http::{header, Method, StatusCode};

use http_support::*;
use vanban::document::Document;
use vanban::http::ServerOptions;
use vanban::index::VanbanIndex;
use vanban::ingest::{ingest, IngestOptions};

/// The first `.docx` of the provincial originals in the shared corpus.
fn a_provincial_docx() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/provincial/originals");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    files.into_iter().next()
}

/// A folder with the seed plan, a provincial `.docx` under a Vietnamese name in a subfolder, and
/// a file of two records; indexed by `vanban index`'s own ingest into an index folder.
struct Indexed {
    _root: tempfile::TempDir,
    root: PathBuf,
    index_dir: tempfile::TempDir,
    docx: Vec<u8>,
}

fn indexed() -> Option<(Indexed, VanbanIndex)> {
    let docx = a_provincial_docx()?;
    if !have_seed() {
        return None;
    }
    let root_dir = tempfile::tempdir().unwrap();
    let root = root_dir.path().join("van-ban");
    std::fs::create_dir_all(root.join("so-tu-phap")).unwrap();
    std::fs::copy(seed_path(), root.join("176-KH-UBND.txt")).unwrap();
    let bytes = std::fs::read(&docx).unwrap();
    std::fs::write(root.join("so-tu-phap").join("Quyết định 12.docx"), &bytes).unwrap();
    let records = [decision_1521(), conclusion_80()]
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(root.join("records.jsonl"), records).unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    let index = VanbanIndex::open_or_create(index_dir.path()).unwrap();
    let report = ingest(
        &index,
        std::slice::from_ref(&root),
        IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.documents, 4, "{:?}", report.problems);
    Some((
        Indexed {
            _root: root_dir,
            root,
            index_dir,
            docx: bytes,
        },
        index,
    ))
}

fn by_source<'a>(docs: &'a [Document], end: &str) -> &'a Document {
    docs.iter()
        .find(|d| d.source.ends_with(end))
        .unwrap_or_else(|| panic!("no document from {end}"))
}

/// Issue 23 §10 and issue 26 §4: sources are paths inside the indexed folder; a document read
/// from a file downloads as that file (its bytes, media type and name), kept in the index
/// folder; a record has no original; the page links the download.
#[tokio::test]
async fn originals_download_as_indexed_and_sources_are_relative() {
    let Some((ix, index)) = indexed() else { return };
    let docs = index.all_documents(100).unwrap();
    let root = ix.root.to_string_lossy().into_owned();
    for d in &docs {
        assert!(
            !d.source.starts_with('/') && !d.source.contains(&root),
            "{}",
            d.source
        );
    }
    let docx = by_source(&docs, "so-tu-phap/Quyết định 12.docx").clone();
    let seed = by_source(&docs, "176-KH-UBND.txt").clone();
    let record = by_source(&docs, "records.jsonl#L1").clone();
    assert!(record.original.is_none());
    // The kept copy is inside the index folder, named by its hash.
    let kept = vanban::originals::path(ix.index_dir.path(), &docx.original.as_ref().unwrap().hash)
        .unwrap();
    assert_eq!(std::fs::read(&kept).unwrap(), ix.docx);
    // The original is served from the kept copy even after the indexed file is gone.
    std::fs::remove_file(ix.root.join("so-tu-phap").join("Quyết định 12.docx")).unwrap();
    let app = app(index, &ServerOptions::default());

    let a = get(&app, &format!("/api/documents/{}", docx.id)).await;
    assert_eq!(a.json["source"], "so-tu-phap/Quyết định 12.docx");
    assert_eq!(a.json["original"]["name"], "Quyết định 12.docx");
    let a = get(&app, &format!("/api/documents/{}/original", docx.id)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        a.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let disposition = a.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"Quyet dinh 12.docx\"")
            && disposition.contains("filename*=UTF-8''Quy%E1%BA%BFt"),
        "{disposition}"
    );
    let res = send_raw(&app, &format!("/api/documents/{}/original", docx.id), &[]).await;
    assert!(res.1 == ix.docx, "not the bytes as indexed");
    // Revalidated by its hash.
    let etag = a.headers[header::ETAG].to_str().unwrap().to_string();
    let again = call(
        &app,
        Method::GET,
        &format!("/api/documents/{}/original", docx.id),
        &[("if-none-match", &etag)],
        "",
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.text.is_empty());

    let a = get(&app, &format!("/api/documents/{}/original", seed.id)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    for (id, why) in [(record.id.as_str(), "record"), ("no-such-id", "unknown")] {
        let a = get(&app, &format!("/api/documents/{id}/original")).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{why}: {}", a.text);
        assert_eq!(a.code(), "not_found");
    }
    // The page links the download, named as the file was.
    let a = get(&app, &format!("/van-ban/--{}", docx.id)).await;
    let a = match a.headers.get(header::LOCATION) {
        Some(to) => get(&app, to.to_str().unwrap()).await,
        None => a,
    };
    assert!(
        a.text.contains(&format!(
            "<dt>Tệp gốc</dt><dd><a href=\"/api/documents/{}/original\" download>Quyết định 12.docx</a>",
            docx.id
        )),
        "{}",
        a.text
    );
}

/// The raw body of a `GET` (for bytes that are not text).
async fn send_raw(
    app: &axum::Router,
    uri: &str,
    headers: &[(&str, &str)],
) -> (axum::http::HeaderMap, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut b = axum::http::Request::get(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let res = app
        .clone()
        .oneshot(b.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (headers, bytes)
}

fn record(id: &str, number: &str, body_kb: usize) -> Document {
    Document {
        id: id.into(),
        number: Some(number.into()),
        number_key: vanban::number::key(number),
        doc_type: Some("Kế hoạch".into()),
        title: Some(format!("Kế hoạch {id}")),
        issuer: Some("UBND tỉnh Lạng Sơn".into()),
        issued: chrono::NaiveDate::from_ymd_opt(2021, 3, 4),
        source: format!("api:{id}"),
        body: "Điều 1. Tuyên truyền pháp luật. ".repeat(body_kb * 1024 / 40),
        ..Document::default()
    }
}

/// Issue 23 §6: `/api/documents?number=` lists a page of what a list shows (no bodies), with
/// the total; the page's size is bounded.
#[tokio::test]
async fn documents_by_number_are_paged_and_without_bodies() {
    let index = VanbanIndex::in_memory().unwrap();
    let mut w = index.writer().unwrap();
    for i in 0..5 {
        w.add(
            &record(&format!("d{i}"), "5/KH-UBND", 200),
            &format!("api:d{i}"),
        )
        .unwrap();
    }
    w.commit().unwrap();
    drop(w);
    index.reload().unwrap();
    let app = app(index, &ServerOptions::default());
    let a = get(&app, "/api/documents?number=5/KH-UBND&limit=2").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["total"], 5);
    let page = a.json["documents"].as_array().unwrap();
    assert_eq!(page.len(), 2);
    assert!(page[0].get("body").is_none() && page[0].get("outline").is_none());
    assert!(page[0]["title"].as_str().unwrap().starts_with("Kế hoạch d"));
    assert!(a.text.len() < 2_000, "{} bytes", a.text.len());
    let b = get(&app, "/api/documents?number=5/KH-UBND&offset=4").await;
    assert_eq!(b.json["documents"].as_array().unwrap().len(), 1);
    let all = get(&app, "/api/documents?number=5/KH-UBND").await;
    let ids: std::collections::HashSet<&str> = all.json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    for (q, code) in [
        ("limit=101", "limit_too_large"),
        ("limit=0", "limit_too_large"),
        ("offset=901", "offset_too_large"),
        ("limit=x", "bad_integer"),
    ] {
        let a = get(&app, &format!("/api/documents?number=5/KH-UBND&{q}")).await;
        assert_eq!(a.code(), code, "{q}");
    }
    // The page of a shared number lists them without loading them whole.
    let a = get(&app, "/van-ban/5-KH-UBND").await;
    assert!(a.text.contains("Nhiều văn bản cùng số hiệu"));
    assert_eq!(a.text.matches("href=\"/van-ban/5-KH-UBND--d").count(), 5);
}

/// Issue 26 §12: answers are compressed as the client accepts; every `GET` answer has an
/// `ETag` and a cache lifetime, and a revalidation with it gets 304 without a body.
#[tokio::test]
async fn answers_are_compressed_tagged_and_revalidated() {
    let index = VanbanIndex::in_memory().unwrap();
    let mut w = index.writer().unwrap();
    w.add(&record("d0", "5/KH-UBND", 20), "api:d0").unwrap();
    w.commit().unwrap();
    drop(w);
    index.reload().unwrap();
    let app = app(index, &ServerOptions::default());
    let (plain_h, plain) = send_raw(&app, "/assets/app.js", &[]).await;
    assert!(plain_h.get(header::CONTENT_ENCODING).is_none());
    for enc in ["br", "gzip"] {
        let (h, body) = send_raw(&app, "/assets/app.js", &[("accept-encoding", enc)]).await;
        assert_eq!(h[header::CONTENT_ENCODING], enc);
        assert!(
            body.len() * 2 < plain.len(),
            "{enc}: {} of {}",
            body.len(),
            plain.len()
        );
    }
    let (h, _) = send_raw(
        &app,
        "/api/search?q=tuyen%20truyen",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(h[header::CONTENT_ENCODING], "gzip");
    for (uri, lifetime) in [
        ("/assets/app.js", "public, max-age=3600"),
        ("/assets/app.css", "public, max-age=3600"),
        ("/widget.js", "public, max-age=3600"),
        ("/", "no-cache"),
        ("/van-ban/5-KH-UBND", "no-cache"),
        ("/api/search?q=tuyen", "no-cache"),
        ("/api/openapi.json", "no-cache"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert_eq!(a.headers[header::CACHE_CONTROL], lifetime, "{uri}");
        let etag = a.headers[header::ETAG].to_str().unwrap().to_string();
        let again = call(&app, Method::GET, uri, &[("if-none-match", &etag)], "").await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.text.is_empty(), "{uri}");
        assert_eq!(again.headers[header::ETAG], etag.as_str());
        let other = call(
            &app,
            Method::GET,
            uri,
            &[("if-none-match", "W/\"other\"")],
            "",
        )
        .await;
        assert_eq!(other.status, StatusCode::OK, "{uri}");
    }
    // Errors are not tagged and not kept.
    let a = get(&app, "/api/documents/nothing").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.headers.get(header::ETAG).is_none());
}

/// Issue 26 §11: `/api/docs` is Swagger UI served from the binary over `/api/openapi.json`,
/// loading nothing from another site.
#[tokio::test]
async fn api_docs_are_served_from_the_binary() {
    let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
    let a = get(&app, "/api/docs").await;
    assert!(a.status.is_redirection(), "{}", a.status);
    let a = get(&app, "/api/docs/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text.contains("swagger-ui"), "{}", a.text);
    let init = get(&app, "/api/docs/swagger-initializer.js").await;
    assert_eq!(init.status, StatusCode::OK);
    assert!(init.text.contains("/api/openapi.json"), "{}", init.text);
    let mut assets = 0;
    for line in a.text.split(['"', '\'']) {
        if line.ends_with(".js") || line.ends_with(".css") {
            assert!(
                !line.contains("//"),
                "loads {line} from another site: {}",
                a.text
            );
            let path = format!("/api/docs/{}", line.trim_start_matches("./"));
            let f = get(&app, &path).await;
            assert_eq!(f.status, StatusCode::OK, "{path}");
            assets += 1;
        }
    }
    assert!(assets >= 3, "{}", a.text);
}

/// A file uploaded through the write API downloads as uploaded, under its name.
#[tokio::test]
async fn an_uploaded_file_downloads_as_uploaded() {
    let Some(docx) = a_provincial_docx() else {
        return;
    };
    let bytes = std::fs::read(&docx).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = VanbanIndex::open_or_create(dir.path()).unwrap();
    let app = app(index, &writable());
    let (content_type, body) = multipart(&[("file", "Kế hoạch số 5.docx", &bytes)]);
    let a = call(
        &app,
        Method::POST,
        "/api/documents",
        &[
            ("content-type", &content_type),
            ("authorization", &format!("Bearer {KEY}")),
        ],
        body,
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let id = a.json["documents"][0]["id"].as_str().unwrap().to_string();
    let (h, got) = send_raw(&app, &format!("/api/documents/{id}/original"), &[]).await;
    assert!(
        got == bytes,
        "{} bytes: {}",
        got.len(),
        String::from_utf8_lossy(&got[..got.len().min(300)])
    );
    let disposition = h[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"Ke hoach so 5.docx\""),
        "{disposition}"
    );
}
