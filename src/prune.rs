//! `vanban index --prune PATH...`: removes the documents of indexed files that are gone.
//!
//! The manifest lists every file whose documents are committed, under its key (its canonical
//! path, [`ingest::source_key`]). A file listed under one of the given folders (or given
//! itself) that no longer exists loses its documents and its manifest entry, in one commit.
//!
//! [`ingest::source_key`]: crate::ingest::source_key

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Result;
use crate::index::{VanbanIndex, Writer};
use crate::pipeline::{Batch, Change};

/// What a prune removed.
#[derive(Debug, Default, Serialize)]
pub struct PruneReport {
    /// Keys of the files that were gone, in order.
    pub files: Vec<String>,
    /// Documents removed with them.
    pub documents: usize,
}

/// The key prefix of a path: canonical when it still exists, else absolute as given.
fn root_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Removes the documents of files under `paths` that the index holds but the disk no longer
/// has. Takes the index's writer.
pub fn prune(index: &VanbanIndex, paths: &[PathBuf]) -> Result<PruneReport> {
    prune_with(index, &mut index.writer()?, paths)
}

/// [`prune`] with a writer already held (`serve --watch` passes the server's).
pub fn prune_with(
    index: &VanbanIndex,
    writer: &mut Writer,
    paths: &[PathBuf],
) -> Result<PruneReport> {
    let roots: Vec<PathBuf> = paths.iter().map(|p| root_key(p)).collect();
    let mut manifest = index.manifest()?;
    let gone: Vec<String> = manifest
        .files
        .keys()
        .filter(|key| {
            let path = Path::new(key.as_str());
            roots.iter().any(|r| path.starts_with(r))
                && matches!(std::fs::symlink_metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
        })
        .cloned()
        .collect();
    let mut report = PruneReport::default();
    if gone.is_empty() {
        return Ok(report);
    }
    let mut batch = Batch::new(index, writer);
    for key in &gone {
        report.documents += index.count_source(key)?;
        batch.stage(&Change::DeleteSource(key.clone()))?;
        manifest.files.remove(key);
    }
    batch.commit(Some(&manifest))?;
    report.files = gone;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, IngestOptions};

    const PLAN: &str = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 176/KH-UBND\nLạng Sơn, ngày 27 tháng 10 năm 2020\n\nKẾ HOẠCH\nThực hiện Kết luận số 80-KL/TW của Ban Bí thư\n\nTuyên truyền, phổ biến giáo dục pháp luật trên địa bàn tỉnh.\n";

    #[test]
    fn files_that_are_gone_lose_their_documents_and_others_stay() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(docs.join("a.txt"), PLAN).unwrap();
        std::fs::write(docs.join("b.txt"), PLAN.replace("176", "177")).unwrap();
        std::fs::write(other.join("c.txt"), PLAN.replace("176", "178")).unwrap();
        let index = VanbanIndex::open_or_create(&dir.path().join("index")).unwrap();
        ingest(
            &index,
            &[docs.clone(), other.clone()],
            IngestOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(index.document_count().unwrap(), 3);

        std::fs::remove_file(docs.join("a.txt")).unwrap();
        std::fs::remove_file(other.join("c.txt")).unwrap();
        // Only under the folder given: other/c.txt stays although it is gone too.
        let r = prune(&index, std::slice::from_ref(&docs)).unwrap();
        assert_eq!(r.documents, 1);
        assert_eq!(r.files.len(), 1);
        assert!(r.files[0].ends_with("a.txt"), "{:?}", r.files);
        assert_eq!(index.document_count().unwrap(), 2);
        assert!(!index.manifest().unwrap().files.contains_key(&r.files[0]));
        // Again: nothing left to prune; a folder that is itself gone prunes all it held.
        assert_eq!(
            prune(&index, std::slice::from_ref(&docs))
                .unwrap()
                .documents,
            0
        );
        std::fs::remove_dir_all(&other).unwrap();
        let r = prune(&index, &[other]).unwrap();
        assert_eq!(r.documents, 1);
        assert_eq!(index.document_count().unwrap(), 1);
    }
}
