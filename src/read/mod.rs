//! Readers: one per format, each turning bytes into [`RawDoc`]s. No knowledge of the index.
//!
//! PLACEHOLDER: the full readers replace this.

use std::path::{Path, PathBuf};

use crate::document::RawDoc;
use crate::error::{Error, Result};

/// What reading one file produced: its documents, and the records inside it that were skipped.
#[derive(Debug, Default)]
pub struct FileRead {
    /// Documents read.
    pub docs: Vec<RawDoc>,
    /// Records skipped inside an otherwise good file (`path#line 12: malformed JSON ...`).
    pub skipped: Vec<String>,
}

/// Reads one file from disk.
pub fn read_file(path: &Path) -> Result<FileRead> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(&path.to_string_lossy(), &bytes)
}

/// Reads a file's bytes; `name` gives the source name and, by its extension, the format.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<FileRead> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Read {
        path: PathBuf::from(name),
        reason: format!("invalid UTF-8: {e}"),
    })?;
    Ok(FileRead {
        docs: vec![RawDoc {
            source: name.to_string(),
            text: text.to_string(),
            ..RawDoc::default()
        }],
        skipped: Vec::new(),
    })
}

/// Lists the files under `paths` that a reader may take, in a stable order. Folder problems
/// (unreadable entries, symlink loops) come back as errors beside the good files.
pub fn walk(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        for entry in walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) if e.file_type().is_file() => out.push(Ok(e.into_path())),
                Ok(_) => {}
                Err(e) => out.push(Err(Error::Read {
                    path: e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone()),
                    reason: e.to_string(),
                })),
            }
        }
    }
    out
}
