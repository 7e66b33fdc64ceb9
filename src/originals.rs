//! The original files of documents read whole from a file, kept in the index folder under the
//! BLAKE3 hash of their bytes (`originals/ab/abcd…`), so that `GET /api/documents/{id}/original`
//! serves the bytes as indexed: never a path the request names, never a file outside the index
//! folder, and the same bytes still after the indexed folder changes. Identical files are kept
//! once.
//!
//! Files are kept, and collected, only with the index's writer held: a file is kept just before
//! the document naming it is staged and committed, and [`collect`] runs right after a commit,
//! so it sees every file that a committed document names and none that an uncommitted one
//! will. A file no committed document names (its documents deleted, pruned or replaced by
//! another version, or a crash between keeping and committing) is removed; one still named is
//! never removed, so a crash during a collection loses nothing a document needs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tantivy::schema::Value;
use tantivy::TantivyDocument;

use crate::document::Original;
use crate::error::{Error, Result};
use crate::index::{term_query, VanbanIndex, Writer, KIND_DOC};

/// The folder inside the index folder that holds the kept files.
pub const DIR: &str = "originals";

/// Whether `hash` is a kept file's name: 64 lowercase hexadecimal digits (nothing a path could
/// be made of).
pub fn is_hash(hash: &str) -> bool {
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where the file with `hash` is kept in the index folder `index_dir`; `None` for a malformed
/// hash.
pub fn path(index_dir: &Path, hash: &str) -> Option<PathBuf> {
    if !is_hash(hash) {
        return None;
    }
    Some(index_dir.join(DIR).join(&hash[..2]).join(hash))
}

/// Keeps `bytes` (whose BLAKE3 is `hash`, read from the file `file`) in the index folder, once
/// per content, and describes them. Written to a temporary name and renamed, so that a crash
/// never leaves half a file under a hash.
pub fn keep(index_dir: &Path, file: &Path, hash: &str, bytes: &[u8]) -> Result<Original> {
    let to = path(index_dir, hash).ok_or_else(|| Error::Read {
        path: file.to_path_buf(),
        reason: format!("`{hash}` is not a BLAKE3 hash"),
    })?;
    if !to.exists() {
        let folder = to.parent().unwrap_or(index_dir);
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        let tmp = folder.join(format!("{hash}.tmp{}", std::process::id()));
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &to).map_err(|e| Error::io(&to, e))?;
    }
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(Original {
        hash: hash.to_string(),
        media_type: media_type(&name).to_string(),
        name,
        bytes: bytes.len() as u64,
    })
}

/// The media type of a file by its extension (the readers' formats).
pub fn media_type(name: &str) -> &'static str {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "txt" => "text/plain; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "json" => "application/json",
        "jsonl" | "ndjson" => "application/x-ndjson",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "tif" | "tiff" => "image/tiff",
        _ => "application/octet-stream",
    }
}

/// What [`collect`] removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Collected {
    /// Kept files removed (including a crash's unfinished copies).
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
}

/// The hashes of the kept files that the committed documents of `index` name.
pub fn referenced(index: &VanbanIndex) -> Result<HashSet<String>> {
    #[derive(serde::Deserialize)]
    struct Named {
        #[serde(default)]
        original: Option<Hash>,
    }
    #[derive(serde::Deserialize)]
    struct Hash {
        hash: String,
    }
    let searcher = index.searcher();
    let q = term_query(index.fields().kind, KIND_DOC);
    let hits = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
    let mut out = HashSet::new();
    for addr in hits {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let Some(json) = stored
            .get_first(index.fields().doc_json)
            .and_then(|v| v.as_str())
        else {
            continue;
        };
        // Most documents name no file: only those that mention one are decoded.
        if !json.contains("\"original\"") {
            continue;
        }
        if let Some(h) = serde_json::from_str::<Named>(json)?.original {
            out.insert(h.hash);
        }
    }
    Ok(out)
}

/// Removes from the index folder the kept files that no committed document names, and the
/// unfinished copies of a crash. Call it right after a commit, with the writer that made it
/// (`_writer`: no other writer, and so no other keeping, can run meanwhile). Nothing to do for
/// an index held in memory.
pub fn collect(index: &VanbanIndex, _writer: &Writer) -> Result<Collected> {
    let mut collected = Collected::default();
    let Some(dir) = index.dir() else {
        return Ok(collected);
    };
    let root = dir.join(DIR);
    let Ok(folders) = std::fs::read_dir(&root) else {
        return Ok(collected);
    };
    let mut kept: Vec<(String, PathBuf)> = Vec::new();
    let mut unfinished: Vec<PathBuf> = Vec::new();
    let mut folder_paths = Vec::new();
    for folder in folders.flatten() {
        let folder = folder.path();
        if !folder.is_dir() {
            continue;
        }
        let Ok(files) = std::fs::read_dir(&folder) else {
            continue;
        };
        for f in files.flatten() {
            let path = f.path();
            if !path.is_file() {
                continue;
            }
            let name = f.file_name().to_string_lossy().into_owned();
            if is_hash(&name) {
                kept.push((name, path));
            } else if name.contains(".tmp") {
                unfinished.push(path);
            }
        }
        folder_paths.push(folder);
    }
    if kept.is_empty() && unfinished.is_empty() {
        return Ok(collected);
    }
    // The commit just made, as the documents name it.
    index.reload()?;
    let named = referenced(index)?;
    let mut remove = |path: &Path| -> Result<()> {
        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
        match std::fs::remove_file(path) {
            Ok(()) => {
                collected.files += 1;
                collected.bytes += bytes;
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(path, e)),
        }
    };
    for (hash, path) in &kept {
        if !named.contains(hash) {
            remove(path)?;
        }
    }
    for path in &unfinished {
        remove(path)?;
    }
    // Folders left empty go too (a folder still holding a file is refused: left as it is).
    for folder in folder_paths {
        let _ = std::fs::remove_dir(folder);
    }
    if collected.files > 0 {
        tracing::info!(
            files = collected.files,
            bytes = collected.bytes,
            "original files no document names removed"
        );
    }
    Ok(collected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashes_name_kept_files() {
        let dir = Path::new("/idx");
        let h = "a".repeat(64);
        assert_eq!(
            path(dir, &h),
            Some(dir.join("originals").join("aa").join(&h))
        );
        for bad in ["../../etc/passwd", "", &"A".repeat(64), &"a".repeat(63)] {
            assert_eq!(path(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn kept_once_with_name_type_and_size() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = b"%PDF-1.4 test";
        let hash = blake3::hash(bytes).to_hex().to_string();
        let file = Path::new("/srv/docs/sub/Quyet dinh 12.PDF");
        let o = keep(dir.path(), file, &hash, bytes).unwrap();
        assert_eq!(o.name, "Quyet dinh 12.PDF");
        assert_eq!(o.media_type, "application/pdf");
        assert_eq!(o.bytes, bytes.len() as u64);
        let kept = path(dir.path(), &hash).unwrap();
        assert_eq!(std::fs::read(&kept).unwrap(), bytes);
        // Again: the same file, nothing else written.
        keep(dir.path(), file, &hash, bytes).unwrap();
        let files = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .count();
        assert_eq!(files, 1);
    }
}
