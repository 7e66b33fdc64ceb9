//! Issue 22 §1, data loss at ingest: every record keeps its own identity, `text` is read as a
//! body, the same document read twice is merged and reported, and the summary's document count
//! is what the index holds, on a new index, after an edit and after `--force`.

use std::path::{Path, PathBuf};

use vanban::index::VanbanIndex;
use vanban::ingest::{self, IngestOptions, IngestReport};

/// Records as the shared corpus has them: metadata-only provincial records (no number, no
/// body), one with its text in `text`, and a gazette decision posted twice.
const RECORDS: &str = r#"{"loai_van_ban": "Tham luận", "co_quan_ban_hanh": "UBND thành phố Hà Nội", "trich_yeu": "Tham luận về cải cách hành chính"}
{"loai_van_ban": "Tham luận", "co_quan_ban_hanh": "UBND tỉnh Điện Biên", "trich_yeu": "Tham luận về chuyển đổi số"}
{"so_hieu": "/TTr-SNV", "loai_van_ban": "Tờ trình", "co_quan_ban_hanh": "Sở Nội vụ tỉnh Lâm Đồng", "trich_yeu": "Về việc trình ký Báo cáo"}
{"so_hieu": "3367/TTr-SNV", "loai_van_ban": "Tờ trình", "co_quan_ban_hanh": "Sở Nội vụ tỉnh Bình Thuận", "ngay_ban_hanh": "2024-11-28", "trich_yeu": "Báo cáo, đề xuất phương án xử lý các hội", "text": "UBND TỈNH BÌNH THUẬN\nSỞ NỘI VỤ\nTỜ TRÌNH\nBáo cáo, đề xuất phương án xử lý các hội quần chúng hoạt động yếu kém"}
{"so_hieu": "1367/QĐ-UBND", "ngay_ban_hanh": "2026-06-08", "co_quan_ban_hanh": "UBND Tỉnh", "loai_van_ban": "Quyết định của Chủ tịch UBND tỉnh", "trich_yeu": "V/v ban hành Kế hoạch kiểm tra việc thực hiện hoạt động kiểm soát thủ tục hành chính", "noi_dung": null}
{"so_hieu": "1367/QĐ-UBND", "ngay_ban_hanh": "2026-06-08", "co_quan_ban_hanh": "UBND Tỉnh", "loai_van_ban": "Quyết định của Chủ tịch UBND tỉnh", "trich_yeu": "Về việc ban hành Kế hoạch kiểm tra việc thực hiện hoạt động kiểm soát thủ tục hành chính", "noi_dung": null}
"#;

fn run(index: &VanbanIndex, root: &Path, force: bool) -> IngestReport {
    let options = IngestOptions {
        force,
        ..IngestOptions::default()
    };
    ingest::ingest(index, &[root.to_path_buf()], options, &mut |_| {}).unwrap()
}

fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("records.jsonl"), RECORDS).unwrap();
    (dir, root)
}

#[test]
fn records_keep_their_identity_and_the_count_is_what_the_index_holds() {
    let (dir, root) = folder();
    let index = VanbanIndex::open_or_create(&dir.path().join("index")).unwrap();
    let report = run(&index, &root, false);
    assert_eq!(report.records, 6);
    // The three records without a number (or with a draft number) are three documents; the
    // decision posted twice is one, and the report says so.
    assert_eq!(report.documents, 5, "{report:?}");
    assert_eq!(report.merged.len(), 1, "{:?}", report.merged);
    assert!(report.merged[0].kept.ends_with("records.jsonl#L6"));
    assert!(report.merged[0].replaced.ends_with("records.jsonl#L5"));
    assert_eq!(index.document_count().unwrap(), report.documents);
    // `text` is the body.
    let docs = index.all_documents(100).unwrap();
    let tt = docs
        .iter()
        .find(|d| d.number_key.as_deref() == Some("3367/TTR-SNV"))
        .expect("the record with a text");
    assert!(
        tt.body.contains("hội quần chúng hoạt động yếu kém"),
        "{:?}",
        tt.body
    );

    // An edit: a record added in the middle shifts the lines; no stale duplicate stays.
    let mut lines: Vec<&str> = RECORDS.lines().collect();
    let extra = r#"{"loai_van_ban": "Tham luận", "co_quan_ban_hanh": "UBND thành phố Huế", "trich_yeu": "Tham luận của Huế"}"#;
    lines.insert(1, extra);
    std::fs::write(root.join("records.jsonl"), lines.join("\n")).unwrap();
    let report = run(&index, &root, false);
    assert_eq!(report.documents, 6);
    assert_eq!(index.document_count().unwrap(), 6);

    // Forced: everything read again, the same documents, the same merge.
    let report = run(&index, &root, true);
    assert_eq!(report.documents, 6);
    assert_eq!(report.merged.len(), 1);
    assert_eq!(index.document_count().unwrap(), 6);
}

/// The same corpus indexed from another spelling of its path gets the same ids.
#[test]
fn ids_do_not_depend_on_where_the_corpus_sits() {
    let (dir, root) = folder();
    let other = dir.path().join("copy").join("corpus");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::copy(root.join("records.jsonl"), other.join("records.jsonl")).unwrap();
    let ids = |root: &Path, name: &str| {
        let index = VanbanIndex::open_or_create(&dir.path().join(name)).unwrap();
        run(&index, root, false);
        let mut ids: Vec<String> = index
            .all_documents(100)
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&root, "a"), ids(&other, "b"));
}

/// A document already indexed from one file and read again from another is merged and
/// reported, not counted twice.
#[test]
fn a_document_read_again_from_another_file_is_reported() {
    let (dir, root) = folder();
    let index = VanbanIndex::open_or_create(&dir.path().join("index")).unwrap();
    run(&index, &root, false);
    let twice = RECORDS.lines().nth(4).unwrap();
    std::fs::write(root.join("again.jsonl"), twice).unwrap();
    let report = run(&index, &root, false);
    assert_eq!(report.files_indexed, 1);
    assert_eq!(report.merged.len(), 1, "{:?}", report.merged);
    assert_eq!(index.document_count().unwrap(), 5);
}

/// A record made from a file (the provincial export's `file`) is that file's document when the
/// file is indexed too; when it is not, the record stays.
#[test]
fn a_record_made_from_an_indexed_file_is_that_file() {
    let (dir, root) = folder();
    std::fs::create_dir_all(root.join("originals")).unwrap();
    std::fs::write(
        root.join("originals/cv.txt"),
        "UBND TỈNH LÂM ĐỒNG\nV/v cử công chức tham gia đoàn kiểm tra cải cách hành chính\n",
    )
    .unwrap();
    let export = r#"{"file": "originals/cv.txt", "loai_van_ban": "Công văn", "trich_yeu": "cử công chức", "text": "UBND TỈNH LÂM ĐỒNG V/v cử công chức"}
{"file": "originals/missing.pdf", "loai_van_ban": "Báo cáo", "trich_yeu": "Báo cáo quý I"}"#;
    std::fs::write(root.join("export.jsonl"), export).unwrap();
    let index = VanbanIndex::open_or_create(&dir.path().join("index")).unwrap();
    let report = run(&index, &root, false);
    // records.jsonl: 6 records, 5 documents; the export: 2 records, one merged into cv.txt.
    assert_eq!(report.records, 6 + 2 + 1);
    assert_eq!(report.documents, 5 + 1 + 1, "{:?}", report.merged);
    assert_eq!(index.document_count().unwrap(), report.documents);
    let merge = report
        .merged
        .iter()
        .find(|m| m.replaced.ends_with("export.jsonl#L1"))
        .expect("the record of cv.txt is merged");
    assert!(merge.kept.ends_with("cv.txt"), "{merge:?}");
    // The export alone changed: read again, the same result.
    std::fs::write(root.join("export.jsonl"), format!("{export}\n")).unwrap();
    let report = run(&index, &root, false);
    assert_eq!(report.files_indexed, 1);
    assert_eq!(report.merged.len(), 1);
    assert_eq!(index.document_count().unwrap(), 7);
}

/// An index built before ids changed (schema 8) is refused, so that it is rebuilt rather than
/// left with documents under their old ids beside the new ones.
#[test]
fn an_index_of_the_old_id_scheme_is_refused() {
    let (dir, _) = folder();
    let at = dir.path().join("index");
    drop(VanbanIndex::open_or_create(&at).unwrap());
    let manifest = at.join(vanban::index::manifest::MANIFEST_FILE);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let old = text.replace(
        &format!("\"schema_version\": {}", vanban::index::SCHEMA_VERSION),
        "\"schema_version\": 8",
    );
    assert_ne!(text, old);
    std::fs::write(&manifest, old).unwrap();
    assert!(VanbanIndex::open(&at).is_err());
}
