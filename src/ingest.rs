//! Ingest: walk files, read them, extract documents, write them to the index in commits, all
//! through the one document pipeline ([`crate::pipeline`]: `read_documents`, then a
//! `Change::Source` per file staged in a `Batch`).
//!
//! Incremental and crash-safe: a file whose bytes are unchanged since its last commit is skipped;
//! a changed file replaces all its old entries; files are committed in batches and the manifest
//! names only files whose documents are in a finished commit. A bad file is reported and skipped,
//! and its earlier version (if any) stays in the index untouched.
//!
//! Every document keeps its own identity ([`crate::extract::document_id`]): a source id, else
//! number + issuer + date, else where it was read (its file's path inside the folder named on
//! the command line, plus `#L12` for a record). Two documents with the same id are the same
//! document read twice (a gazette decision posted twice, a Pháp điển đề mục read from its page
//! and from the CSV): the one read later replaces the other, and the report lists the merge,
//! so that its `documents` count is always what the index gained. A record that names the file
//! it was made from (`file`, as the provincial export does) is that file's document when the
//! file is indexed too: the file is kept (read by vanban's own readers), the record merged.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::index::{FileStamp, VanbanIndex, Writer};
use crate::pipeline::{self, Batch, Change};
use crate::read;

/// Documents added before a commit is made mid-run.
pub const DOCS_PER_COMMIT: usize = 5_000;
/// Largest file read whole into memory.
pub const MAX_FILE_BYTES: u64 = read::MAX_FILE_BYTES;

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
    /// Documents read (records, pages, files) from the files indexed.
    pub records: usize,
    /// Distinct documents written (distinct ids): on a new index, or with `--force`, what the
    /// index holds afterwards.
    pub documents: usize,
    /// Documents read twice (the same id, in this run or already indexed from another file),
    /// merged into one: the later read replaced the earlier. One entry per id.
    pub merged: Vec<Merge>,
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

/// Two reads of one document, merged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Merge {
    /// The id they share; for a record merged into the file it was made from, the record's id.
    pub id: String,
    /// What the index keeps: where it was read last, or the file the record was made from.
    pub kept: String,
    /// The read merged away.
    pub replaced: String,
}

/// Progress events for a progress bar.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The walk found this many files, of this many bytes in all.
    Start {
        /// Files found.
        files: usize,
        /// Their sizes added up.
        bytes: u64,
    },
    /// This file, of this many bytes, is being read.
    Reading(&'a Path, u64),
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
    let mut writer = index.writer()?;
    let walked = walked_with_roots(paths, options.follow_links);
    ingest_walked(index, &mut writer, walked, options, progress)
}

/// Ingests files already found, each with the folder it was found under (which makes its
/// documents' ids, as `vanban index FOLDER` would), with `writer` (`serve --watch` passes the
/// server's).
pub fn ingest_walked(
    index: &VanbanIndex,
    writer: &mut Writer,
    walked: Vec<(Result<PathBuf>, PathBuf)>,
    options: IngestOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<IngestReport> {
    let started = Instant::now();
    let mut report = IngestReport::default();
    let mut manifest = index.manifest()?;
    writer.without_background_merges();
    let mut batch = Batch::new(index, writer);
    let mut seen = Seen::default();
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let sizes: Vec<u64> = walked
        .iter()
        .map(|(e, _)| e.as_deref().map_or(0, size))
        .collect();
    progress(Progress::Start {
        files: walked.len(),
        bytes: sizes.iter().sum(),
    });
    for ((entry, root), file_size) in walked.into_iter().zip(sizes) {
        let path = match entry {
            Ok(p) => p,
            Err(e) => {
                report.problems.push(problem_of(&e));
                continue;
            }
        };
        report.files_seen += 1;
        progress(Progress::Reading(&path, file_size));
        let key = source_key(&path);
        match pipeline::load(&path) {
            Err(e) => report.problems.push(problem_of(&e)),
            Ok((bytes, hash)) => {
                let bytes_len = bytes.len() as u64;
                report.bytes += bytes_len;
                let unchanged = manifest.files.get(&key).is_some_and(|s| s.hash == hash);
                if unchanged && !options.force {
                    report.files_unchanged += 1;
                } else {
                    let name = path.to_string_lossy();
                    match pipeline::read_documents(&name, &bytes, &locator(&path, &root)) {
                        Err(e) => report.problems.push(problem_of(&e)),
                        Ok(read) => {
                            seen.reread.insert(key.clone());
                            // A file that is one document (not a file of records) is kept
                            // for download, in the index folder under its hash.
                            let mut read = read;
                            let whole = read.documents.len() == 1;
                            for (doc, made_from) in read.documents.iter_mut().zip(read.made_from) {
                                if whole && !doc.source.contains("#L") {
                                    if let Some(dir) = index.dir() {
                                        match crate::originals::keep(dir, &path, &hash, &bytes) {
                                            Ok(o) => doc.original = Some(o),
                                            Err(e) => report.problems.push(problem_of(&e)),
                                        }
                                    }
                                }
                                seen.read(index, &mut report, doc, &key)?;
                                if let Some(original) = made_from {
                                    let file =
                                        path.parent().unwrap_or(Path::new("")).join(original);
                                    seen.derived.push(Derived {
                                        id: doc.id.clone(),
                                        key: key.clone(),
                                        original: source_key(&file),
                                        shown: file.display().to_string(),
                                    });
                                }
                            }
                            for s in read.skipped {
                                report.problems.push(Problem {
                                    path: path.display().to_string(),
                                    reason: s,
                                });
                            }
                            let n = read.documents.len();
                            batch.stage(&Change::Source {
                                key: key.clone(),
                                documents: read.documents,
                            })?;
                            manifest.files.insert(
                                key,
                                FileStamp {
                                    hash,
                                    size: bytes_len,
                                    docs: n,
                                },
                            );
                            report.files_indexed += 1;
                            report.records += n;
                        }
                    }
                }
            }
        }
        progress(Progress::File(&path));
        if batch.pending() >= options.docs_per_commit.unwrap_or(DOCS_PER_COMMIT).max(1) {
            batch.commit(Some(&manifest))?;
        }
    }
    // A record made from a file that is indexed too is that file's document: the file is kept.
    for d in std::mem::take(&mut seen.derived) {
        // Unless the record's id was already merged with another read (the file's document
        // under the same number identity): then the index holds one document already.
        let still_the_record = seen.written.get(&d.id).is_some_and(|(_, k)| *k == d.key)
            && !seen.merged_at.contains_key(&d.id);
        let original_indexed =
            d.original != d.key && manifest.files.get(&d.original).is_some_and(|s| s.docs > 0);
        if still_the_record && original_indexed {
            batch.stage(&Change::Delete(d.id.clone()))?;
            if let Some((source, _)) = seen.written.remove(&d.id) {
                seen.merge(
                    &mut report,
                    Merge {
                        id: d.id,
                        kept: d.shown,
                        replaced: source,
                    },
                );
            }
        }
    }
    batch.commit(Some(&manifest))?;
    drop(batch);
    // Whatever a crash or an earlier run left kept and unnamed goes too.
    crate::pipeline::collect_originals(index, writer);
    report.documents = seen.written.len();
    if report.files_indexed > 0 {
        writer.merge_segments()?;
        index.reload()?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// What a run has written, for telling merges apart.
#[derive(Default)]
struct Seen {
    /// Each id written in this run: where it was read last, and the key of that file.
    written: HashMap<String, (String, String)>,
    /// Files read in this run (their committed documents are being replaced, so not merged
    /// with).
    reread: HashSet<String>,
    /// The position of each id's entry in the report's merges.
    merged_at: HashMap<String, usize>,
    /// Records that name the file they were made from.
    derived: Vec<Derived>,
}

/// A record made from a file (its `file` field).
struct Derived {
    /// The record's document id.
    id: String,
    /// Key of the file holding the record.
    key: String,
    /// Key of the file it was made from.
    original: String,
    /// That file's path, for the report.
    shown: String,
}

impl Seen {
    /// Notes `doc`, read from the file `key`, as written in this run; when it was read before
    /// (in this run, or committed from another file), records the merge.
    fn read(
        &mut self,
        index: &VanbanIndex,
        report: &mut IngestReport,
        doc: &Document,
        key: &str,
    ) -> Result<()> {
        let earlier = match self.written.get(&doc.id) {
            Some((source, _)) => Some(source.clone()),
            None => index.source_elsewhere(&doc.id, key, &self.reread)?,
        };
        if let Some(replaced) = earlier {
            self.merge(
                report,
                Merge {
                    id: doc.id.clone(),
                    kept: doc.source.clone(),
                    replaced,
                },
            );
        }
        self.written
            .insert(doc.id.clone(), (doc.source.clone(), key.to_string()));
        Ok(())
    }

    /// Records a merge, one entry per id: the last read is what the index keeps.
    fn merge(&mut self, report: &mut IngestReport, merge: Merge) {
        match self.merged_at.get(&merge.id) {
            Some(&i) => report.merged[i] = merge,
            None => {
                self.merged_at.insert(merge.id.clone(), report.merged.len());
                report.merged.push(merge);
            }
        }
    }
}

/// The walked files, each with the path named on the command line it was found under.
fn walked_with_roots(paths: &[PathBuf], follow_links: bool) -> Vec<(Result<PathBuf>, PathBuf)> {
    paths
        .iter()
        .flat_map(|root| {
            read::walk_within(std::slice::from_ref(root), follow_links)
                .into_iter()
                .map(move |entry| (entry, root.clone()))
        })
        .collect()
}

/// Where a file sits, for the ids of its documents: its path inside the folder named on the
/// command line (`provincial/provincial.dev.jsonl`), with `/` separators; a file named directly
/// is its file name. The same corpus indexed from another place or spelling gives the same ids.
fn locator(path: &Path, root: &Path) -> String {
    let inside = path
        .strip_prefix(root)
        .ok()
        .filter(|p| !p.as_os_str().is_empty());
    match inside {
        Some(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        None => path
            .file_name()
            .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
            .into_owned(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_names_each_file_before_reading_it_with_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("a.txt"), "Điều 1. Hòa giải ở cơ sở.").unwrap();
        std::fs::write(
            docs.join("b.txt"),
            "Điều 1. Phổ biến pháp luật.\nĐiều 2. Xong.",
        )
        .unwrap();
        let total: u64 = ["a.txt", "b.txt"]
            .iter()
            .map(|f| std::fs::metadata(docs.join(f)).unwrap().len())
            .sum();
        let index = VanbanIndex::in_memory().unwrap();
        let mut events = Vec::new();
        let mut progress = |p: Progress<'_>| {
            events.push(match p {
                Progress::Start { files, bytes } => format!("start {files} {bytes}"),
                Progress::Reading(path, size) => {
                    let name = path.file_name().unwrap().to_string_lossy();
                    format!("reading {name} {size}")
                }
                Progress::File(path) => {
                    format!("done {}", path.file_name().unwrap().to_string_lossy())
                }
            })
        };
        let report = ingest(
            &index,
            std::slice::from_ref(&docs),
            IngestOptions::default(),
            &mut progress,
        )
        .unwrap();
        assert_eq!(report.files_indexed, 2);
        let size = |f: &str| std::fs::metadata(docs.join(f)).unwrap().len();
        let mut want = vec![format!("start 2 {total}")];
        let mut files: Vec<String> = events[1..]
            .iter()
            .step_by(2)
            .map(|e| e.split(' ').nth(1).unwrap().to_string())
            .collect();
        files.sort();
        assert_eq!(files, ["a.txt", "b.txt"]);
        for e in events[1..].iter().step_by(2) {
            let name = e.split(' ').nth(1).unwrap();
            want.push(format!("reading {name} {}", size(name)));
            want.push(format!("done {name}"));
        }
        assert_eq!(events, want);
    }
}
