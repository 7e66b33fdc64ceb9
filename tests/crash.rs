//! Crash safety of the on-disk index, fast enough for the normal suite: one writer at a time, an
//! index of another schema version refused with the command that rebuilds it, a damaged manifest
//! reported clearly, and a commit that is all-or-nothing. The long SIGKILL loop is
//! `scripts/kill-loop.sh`.

use std::path::Path;

use vanban::document::{Document, RawDoc, RawFields};
use vanban::index::{Manifest, VanbanIndex, SCHEMA_VERSION};
use vanban::{extract, Error};

/// A small real-looking document (a sentence of the seed plan's kind, no personal names).
fn doc(id: &str) -> Document {
    extract::extract(RawDoc {
        source: format!("crash-test/{id}.txt"),
        text: "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chương trình chuyển \
               đổi số quốc gia trên địa bàn tỉnh."
            .into(),
        fields: RawFields {
            id: Some(id.into()),
            number: Some(format!("{}/KH-UBND", id.len() + 100)),
            doc_type: Some("Kế hoạch".into()),
            ..RawFields::default()
        },
        ..RawDoc::default()
    })
}

fn index_with_one_doc(dir: &Path) {
    let index = VanbanIndex::open_or_create(dir).unwrap();
    let mut w = index.writer().unwrap();
    w.add(&doc("a"), "crash-test/a.txt").unwrap();
    let manifest = index.manifest().unwrap();
    w.commit_with_manifest(&manifest).unwrap();
}

#[test]
fn second_writer_gets_locked_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let index = VanbanIndex::open_or_create(dir.path()).unwrap();
    let _first = index.writer().unwrap();
    // A second handle on the same directory, as a second process would open it.
    let other = VanbanIndex::open(dir.path()).unwrap();
    let err = match other.writer() {
        Ok(_) => panic!("a second writer was granted while the first holds the lock"),
        Err(e) => e,
    };
    assert!(matches!(err, Error::Locked(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("index is locked"), "{msg}");
    assert!(
        msg.contains(&dir.path().display().to_string()),
        "message should name the index directory: {msg}"
    );
}

#[test]
fn writer_lock_is_released_when_the_first_writer_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let index = VanbanIndex::open_or_create(dir.path()).unwrap();
    drop(index.writer().unwrap());
    let other = VanbanIndex::open(dir.path()).unwrap();
    assert!(other.writer().is_ok());
}

#[test]
fn another_schema_version_is_refused_with_the_rebuild_command() {
    let dir = tempfile::tempdir().unwrap();
    index_with_one_doc(dir.path());
    let mut m = Manifest::load(dir.path()).unwrap().unwrap();
    m.schema_version = SCHEMA_VERSION + 1;
    m.save(dir.path()).unwrap();

    let err = match VanbanIndex::open(dir.path()) {
        Ok(_) => panic!("an index of another schema version was opened"),
        Err(e) => e,
    };
    match &err {
        Error::SchemaVersion {
            found, expected, ..
        } => {
            assert_eq!(*found, SCHEMA_VERSION + 1);
            assert_eq!(*expected, SCHEMA_VERSION);
        }
        other => panic!("expected SchemaVersion, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("vanban index --rebuild"), "{msg}");
    assert!(msg.contains(&dir.path().display().to_string()), "{msg}");
    // `open_or_create` must refuse it too, never silently write over it.
    assert!(matches!(
        VanbanIndex::open_or_create(dir.path()),
        Err(Error::SchemaVersion { .. })
    ));
}

#[test]
fn truncated_manifest_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    index_with_one_doc(dir.path());
    let path = Manifest::path(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();

    let err = match VanbanIndex::open(dir.path()) {
        Ok(_) => panic!("an index with a truncated manifest was opened"),
        Err(e) => e,
    };
    let msg = err.to_string();
    assert!(msg.contains("manifest"), "{msg}");
    assert!(msg.contains("vanban-manifest.json"), "{msg}");
}

#[test]
fn garbage_manifest_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    index_with_one_doc(dir.path());
    for garbage in [
        &b"\0\0\0\0"[..],
        b"[]",
        b"{\"schema_version\": -1}",
        &[0xff; 64],
    ] {
        std::fs::write(Manifest::path(dir.path()), garbage).unwrap();
        let err = match VanbanIndex::open(dir.path()) {
            Ok(_) => panic!("opened with manifest {garbage:?}"),
            Err(e) => e,
        };
        assert!(err.to_string().contains("manifest"), "{garbage:?}: {err}");
    }
}

#[test]
fn manifest_missing_beside_tantivy_files_is_refused() {
    // A crash cannot produce this (the manifest is written at creation, before any commit), so
    // a missing one means the directory was tampered with: refuse rather than guess a version.
    let dir = tempfile::tempdir().unwrap();
    index_with_one_doc(dir.path());
    std::fs::remove_file(Manifest::path(dir.path())).unwrap();
    let err = VanbanIndex::open(dir.path())
        .err()
        .expect("opened without a manifest");
    assert!(
        matches!(err, Error::SchemaVersion { found: 0, .. }),
        "{err:?}"
    );
}

#[test]
fn uncommitted_documents_vanish_and_committed_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    index_with_one_doc(dir.path());
    {
        let index = VanbanIndex::open(dir.path()).unwrap();
        let mut w = index.writer().unwrap();
        w.add(&doc("b"), "crash-test/b.txt").unwrap();
        w.add(&doc("cc"), "crash-test/c.txt").unwrap();
        // Dropped without commit: what a crash mid-batch leaves.
    }
    let index = VanbanIndex::open(dir.path()).unwrap();
    assert_eq!(index.document_count().unwrap(), 1);
    assert!(index.get("a").unwrap().is_some());
    assert!(index.get("b").unwrap().is_none());
}

#[test]
fn stale_manifest_temp_file_is_ignored() {
    // A crash between writing `vanban-manifest.json.tmp` and the rename leaves the temp file.
    let dir = tempfile::tempdir().unwrap();
    index_with_one_doc(dir.path());
    std::fs::write(
        dir.path().join("vanban-manifest.json.tmp"),
        b"{\"schema_ver",
    )
    .unwrap();
    let index = VanbanIndex::open(dir.path()).unwrap();
    assert_eq!(index.document_count().unwrap(), 1);
    // And the next save replaces it cleanly.
    let m = index.manifest().unwrap();
    m.save(dir.path()).unwrap();
    assert!(!dir.path().join("vanban-manifest.json.tmp").exists());
}

#[test]
fn creation_interrupted_after_the_manifest_is_completed_by_the_next_run() {
    // `open_or_create` writes the manifest, then tantivy's `meta.json`; a kill between the two
    // leaves only the manifest, and the next run must simply create the index.
    let dir = tempfile::tempdir().unwrap();
    Manifest {
        schema_version: SCHEMA_VERSION,
        ..Manifest::default()
    }
    .save(dir.path())
    .unwrap();
    let index = VanbanIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(index.document_count().unwrap(), 0);
    drop(index);
    index_with_one_doc(dir.path());
    assert_eq!(
        VanbanIndex::open(dir.path())
            .unwrap()
            .document_count()
            .unwrap(),
        1
    );
}
