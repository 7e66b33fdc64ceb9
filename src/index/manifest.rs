//! The manifest beside the tantivy files: schema version and per-source-file fingerprints for
//! incremental indexing. Written atomically (temp file, fsync, rename) and only after the tantivy
//! commit it describes, so a crash never leaves it claiming more than the index holds.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// File name of the manifest inside the index directory.
pub const MANIFEST_FILE: &str = "vanban-manifest.json";

/// What the index directory records besides tantivy's own files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Schema version the index was built with.
    pub schema_version: u32,
    /// Fingerprint of every source file whose documents are committed.
    pub files: BTreeMap<String, FileStamp>,
}

/// Fingerprint of one indexed source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// blake3 of the file's bytes.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Documents it produced.
    pub docs: usize,
}

impl Manifest {
    /// Path of the manifest in `dir`.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(MANIFEST_FILE)
    }

    /// Loads the manifest of `dir`, `None` when there is none.
    pub fn load(dir: &Path) -> Result<Option<Manifest>> {
        let path = Self::path(dir);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| Error::Read {
                    path,
                    reason: format!("manifest is malformed: {e}"),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Writes the manifest atomically: a temp file, fsync, rename over the old one, fsync the dir.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = Self::path(dir);
        let tmp = dir.join(format!("{MANIFEST_FILE}.tmp"));
        let bytes = serde_json::to_vec_pretty(self)?;
        let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        f.write_all(&bytes).map_err(|e| Error::io(&tmp, e))?;
        f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        drop(f);
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest {
            schema_version: 7,
            ..Manifest::default()
        };
        m.files.insert(
            "a.txt".into(),
            FileStamp {
                hash: "h".into(),
                size: 3,
                docs: 1,
            },
        );
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), Some(m));
        assert!(!dir.path().join(format!("{MANIFEST_FILE}.tmp")).exists());
    }

    #[test]
    fn malformed_manifest_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(Manifest::path(dir.path()), b"{not json").unwrap();
        let err = Manifest::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(MANIFEST_FILE), "{err}");
    }
}
