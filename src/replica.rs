//! `vanban snapshot DIR`: a consistent copy of an index's last commit, taken while its writer
//! serves, for a replica on another machine (rsync, object storage).
//!
//! tantivy never changes a segment file once written; a commit writes new files and then
//! `meta.json`, which names the segments of the commit. The copy holds tantivy's meta lock (the
//! one its readers hold while opening a commit's segments, and its garbage collection before
//! deleting files) while it reads `meta.json` and opens every file that commit names; once
//! open, a file stays readable even if a later commit deletes it. It then copies the files,
//! the vanban manifest, and `meta.json` last (so that a copy cut short is no index at all).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::directory::{Directory, MmapDirectory, META_LOCK};

use crate::error::{Error, Result};
use crate::index::{Manifest, VanbanIndex};

/// What a snapshot copied.
#[derive(Debug, Serialize)]
pub struct SnapshotReport {
    /// Where the copy is.
    pub dir: PathBuf,
    /// Files copied (segments, manifest, meta.json, the originals kept for download).
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Documents of the copied commit.
    pub documents: usize,
}

/// Copies the last commit of the index in `index_dir` into `out` (created; it must not hold
/// an index already).
pub fn snapshot(index_dir: &Path, out: &Path) -> Result<SnapshotReport> {
    if out.join("meta.json").exists() {
        return Err(Error::bad_request(
            crate::error::Code::AlreadyExists,
            format!(
                "{} holds an index already; give a new folder",
                out.display()
            ),
        ));
    }
    // The source must be an index this vanban reads (schema version checked).
    VanbanIndex::open(index_dir)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let directory = MmapDirectory::open(index_dir)
        .map_err(|e| Error::Internal(format!("{}: {e}", index_dir.display())))?;
    let (meta, manifest, files) = {
        let _lock = directory
            .acquire_lock(&META_LOCK)
            .map_err(|e| Error::Internal(format!("meta lock of {}: {e}", index_dir.display())))?;
        let meta_path = index_dir.join("meta.json");
        let meta = std::fs::read(&meta_path).map_err(|e| Error::io(&meta_path, e))?;
        let manifest = std::fs::read(Manifest::path(index_dir))
            .map_err(|e| Error::io(Manifest::path(index_dir), e))?;
        let mut files = Vec::new();
        for name in commit_files(index_dir, &meta)? {
            let path = index_dir.join(&name);
            files.push((name, File::open(&path).map_err(|e| Error::io(&path, e))?));
        }
        (meta, manifest, files)
    };
    let mut report = SnapshotReport {
        dir: out.to_path_buf(),
        files: files.len() + 2,
        bytes: (meta.len() + manifest.len()) as u64,
        documents: 0,
    };
    for (name, mut from) in files {
        let path = out.join(&name);
        let mut to = File::create(&path).map_err(|e| Error::io(&path, e))?;
        report.bytes += std::io::copy(&mut from, &mut to).map_err(|e| Error::io(&path, e))?;
        to.sync_all().map_err(|e| Error::io(&path, e))?;
    }
    // The original files kept for download (content-addressed, never rewritten): a replica
    // served from the copy downloads them too.
    // They sit two deep (`originals/ab/abcd…`); a file collected meanwhile (no committed
    // document names it) is skipped.
    let originals = index_dir.join(crate::originals::DIR);
    if let Ok(folders) = std::fs::read_dir(&originals) {
        for folder in folders.flatten() {
            let Ok(entries) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            let to_dir = out.join(crate::originals::DIR).join(folder.file_name());
            std::fs::create_dir_all(&to_dir).map_err(|e| Error::io(&to_dir, e))?;
            for entry in entries.flatten() {
                let name = entry.file_name();
                if !crate::originals::is_hash(&name.to_string_lossy()) {
                    continue;
                }
                let from = entry.path();
                match std::fs::copy(&from, to_dir.join(&name)) {
                    Ok(n) => {
                        report.bytes += n;
                        report.files += 1;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(&from, e)),
                }
            }
        }
    }
    write_synced(&Manifest::path(out), &manifest)?;
    let tmp = out.join("meta.json.tmp");
    write_synced(&tmp, &meta)?;
    std::fs::rename(&tmp, out.join("meta.json")).map_err(|e| Error::io(out, e))?;
    report.documents = VanbanIndex::open(out)?.document_count()?;
    Ok(report)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = File::create(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))?;
    f.sync_all().map_err(|e| Error::io(path, e))
}

/// The files of the commit `meta` describes: each segment's files (`<id>.<ext>`) and its
/// deletes at the commit's opstamp (`<id>.<opstamp>.del`).
fn commit_files(index_dir: &Path, meta: &[u8]) -> Result<Vec<String>> {
    let meta: serde_json::Value = serde_json::from_slice(meta)?;
    let segments: Vec<(String, Option<u64>)> = meta["segments"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter_map(|seg| {
                    let id = seg["segment_id"].as_str()?.replace('-', "");
                    Some((id, seg["deletes"]["opstamp"].as_u64()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let entries = std::fs::read_dir(index_dir).map_err(|e| Error::io(index_dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let parts: Vec<&str> = name.split('.').collect();
        let wanted = segments.iter().any(|(id, deletes)| match parts.as_slice() {
            [seg, "del"] | [seg, _, "del"] if *seg == id => {
                parts.len() == 3 && deletes.is_some_and(|o| parts[1] == o.to_string())
            }
            [seg, _] => seg == id,
            _ => false,
        });
        if wanted {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn a_snapshot_holds_the_last_commit_and_opens() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("index");
        let index = VanbanIndex::open_or_create(&src).unwrap();
        let mut w = index.writer().unwrap();
        for i in 0..3 {
            let d = Document {
                id: format!("d{i}"),
                source: "api:x".into(),
                body: "Điều 1. Hòa giải ở cơ sở.".into(),
                ..Document::default()
            };
            w.add(&d, "api:x").unwrap();
            w.commit().unwrap();
        }
        w.delete_id("d0");
        w.commit().unwrap();
        // Added but not committed: not in the snapshot.
        let d = Document {
            id: "d9".into(),
            body: "x".into(),
            ..Document::default()
        };
        w.add(&d, "api:x").unwrap();
        let out = dir.path().join("snap");
        let r = snapshot(&src, &out).unwrap();
        assert_eq!(r.documents, 2);
        let copy = VanbanIndex::open(&out).unwrap();
        assert!(copy.get("d0").unwrap().is_none());
        assert!(copy.get("d2").unwrap().is_some());
        // Not over an index.
        assert!(snapshot(&src, &out).is_err());
    }
}
