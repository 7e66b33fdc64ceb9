//! Ingest: walk files, read them, extract documents, write them to the index in commits.
//!
//! Incremental and crash-safe: a file whose bytes are unchanged since its last commit is skipped;
//! a changed file replaces all its old entries; files are committed in batches and the manifest
//! names only files whose documents are in a finished commit. A bad file is reported and skipped,
//! and its earlier version (if any) stays in the index untouched.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::extract;
use crate::index::{FileStamp, VanbanIndex};
use crate::read;

/// Documents added before a commit is made mid-run.
pub const DOCS_PER_COMMIT: usize = 5_000;
/// Largest file read whole into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file (or a record inside one) that was skipped, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Path (or `path#L12` for a record).
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// What an ingest run did.
#[derive(Debug, Default, serde::Serialize)]
pub struct IngestReport {
    /// Files found.
    pub files_seen: usize,
    /// Files read and (re)indexed.
    pub files_indexed: usize,
    /// Files skipped because their bytes are unchanged since the last commit.
    pub files_unchanged: usize,
    /// Documents written.
    pub documents: usize,
    /// Bytes of the files read.
    pub bytes: u64,
    /// Files and records skipped, with reasons.
    pub problems: Vec<Problem>,
    /// Wall time.
    #[serde(serialize_with = "serialize_secs")]
    pub elapsed: Duration,
}

fn serialize_secs<S: serde::Serializer>(
    d: &Duration,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// Progress events for a progress bar.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The walk found this many files.
    Start(usize),
    /// One file is done.
    File(&'a Path),
}

/// Options of an ingest run.
#[derive(Debug, Clone, Copy, Default)]
pub struct IngestOptions {
    /// Re-read every file even when unchanged.
    pub force: bool,
    /// Documents added before a commit is made mid-run (at the next file boundary); `None` is
    /// [`DOCS_PER_COMMIT`]. Small values make more, smaller commits (the kill loop uses them to
    /// stop runs between commits).
    pub docs_per_commit: Option<usize>,
    /// Follow symbolic links out of the folders given (off: such files are reported, not read).
    pub follow_links: bool,
}

/// The key a source file is recorded under: its canonical path when it has one.
pub fn source_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Ingests `paths` (files or folders) into `index`.
pub fn ingest(
    index: &VanbanIndex,
    paths: &[PathBuf],
    options: IngestOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<IngestReport> {
    let started = Instant::now();
    let mut report = IngestReport::default();
    let mut manifest = index.manifest()?;
    let mut writer = index.writer()?;
    writer.without_background_merges();
    let walked = read::walk_within(paths, options.follow_links);
    progress(Progress::Start(walked.len()));
    let mut pending_docs = 0usize;
    for entry in walked {
        let path = match entry {
            Ok(p) => p,
            Err(e) => {
                report.problems.push(problem_of(&e));
                continue;
            }
        };
        report.files_seen += 1;
        let key = source_key(&path);
        match load(&path) {
            Err(e) => report.problems.push(problem_of(&e)),
            Ok((bytes, hash)) => {
                let bytes_len = bytes.len() as u64;
                report.bytes += bytes_len;
                let unchanged = manifest.files.get(&key).is_some_and(|s| s.hash == hash);
                if unchanged && !options.force {
                    report.files_unchanged += 1;
                } else {
                    match read::read_bytes(&path.to_string_lossy(), &bytes) {
                        Err(e) => report.problems.push(problem_of(&e)),
                        Ok(read) => {
                            writer.delete_source(&key);
                            let mut n = 0;
                            for raw in read.docs {
                                let doc = extract::extract(raw);
                                writer.add(&doc, &key)?;
                                n += 1;
                            }
                            for s in read.skipped {
                                report.problems.push(Problem {
                                    path: path.display().to_string(),
                                    reason: s,
                                });
                            }
                            manifest.files.insert(
                                key,
                                FileStamp {
                                    hash,
                                    size: bytes_len,
                                    docs: n,
                                },
                            );
                            report.files_indexed += 1;
                            report.documents += n;
                            pending_docs += n;
                        }
                    }
                }
            }
        }
        progress(Progress::File(&path));
        if pending_docs >= options.docs_per_commit.unwrap_or(DOCS_PER_COMMIT).max(1) {
            writer.commit_with_manifest(&manifest)?;
            pending_docs = 0;
        }
    }
    writer.commit_with_manifest(&manifest)?;
    if report.files_indexed > 0 {
        writer.merge_segments()?;
    }
    index.reload()?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Loads one file's bytes (bounded) and their hash.
fn load(path: &Path) -> Result<(Vec<u8>, String)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Read {
            path: path.to_path_buf(),
            reason: format!(
                "file is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
                meta.len()
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    Ok((bytes, hash))
}

fn problem_of(e: &Error) -> Problem {
    match e {
        Error::Read { path, reason } | Error::Unsupported { path, reason } => Problem {
            path: path.display().to_string(),
            reason: reason.clone(),
        },
        Error::Io { path, source } => Problem {
            path: path.display().to_string(),
            reason: source.to_string(),
        },
        other => Problem {
            path: String::new(),
            reason: other.to_string(),
        },
    }
}
