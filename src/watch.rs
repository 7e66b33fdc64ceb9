//! `vanban serve --watch DIR` and `vanban index --watch DIR`: files dropped into, changed in
//! or removed from a folder are indexed, re-indexed or pruned within seconds.
//!
//! Two ways to see changes, one rule to act on them. On a local file system the `notify` crate's
//! events (inotify on Linux) name the files touched, and only those are looked at (plus a full
//! walk every [`RESCAN`] in case an event was lost, and whenever the kernel says it dropped
//! some). On a network share (NFS, SMB/CIFS, FUSE), where events of other machines' writes do
//! not arrive, or when events cannot be had (`--watch-poll`, no inotify watches left), the folder
//! is walked every period and each file's size and modification time compared (measured: 10 ms
//! of CPU a walk for 2,000 files). Either way a new or changed file is read once its size and
//! time have stayed the same for a whole period (a file still being copied keeps changing, so
//! it waits: debounce and partial writes in one rule). The files ready at one look are indexed
//! together in one commit, through the same reading as `vanban index DIR` (same ids); files
//! that are gone are pruned. A file that cannot be read is logged and left out until it
//! changes again; a failed batch is logged and tried again at the next look.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::error::Result;
use crate::index::{VanbanIndex, Writer};
use crate::ingest::{self, IngestOptions};
use crate::prune;
use crate::read;

/// Default time between two looks at the folder.
pub const PERIOD: Duration = Duration::from_secs(1);
/// With file events, a full walk this often all the same (an event lost is not a file lost).
pub const RESCAN: Duration = Duration::from_secs(60);

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

/// Where the index writer comes from: the server's (writes enabled) or one taken per batch.
#[derive(Clone)]
pub enum WriterSource {
    /// The server's writer, shared with the write API.
    Shared(Arc<tokio::sync::Mutex<Writer>>),
    /// Taken from the index for each batch and released after it (so that `vanban index` may
    /// run between batches).
    PerBatch,
}

/// Serialises the writers taken per batch in this process (a watcher and a scheduled sync of
/// one server): tantivy allows one writer per index at a time.
static PER_BATCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl WriterSource {
    /// Runs `f` with the writer: the shared one, locked; or one taken now and released after.
    /// Call it from a thread of its own, not from async code (it blocks).
    pub fn with<T, E: From<crate::Error>>(
        &self,
        index: &VanbanIndex,
        f: impl FnOnce(&mut Writer) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        match self {
            WriterSource::Shared(w) => f(&mut w.blocking_lock()),
            WriterSource::PerBatch => {
                let _gate = PER_BATCH.lock().unwrap_or_else(|p| p.into_inner());
                let mut w = index.writer()?;
                f(&mut w)
            }
        }
    }
}

/// What one walk changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// Files indexed (new or changed).
    pub indexed: usize,
    /// Files pruned.
    pub pruned: usize,
    /// Files that could not be read.
    pub problems: usize,
}

/// The watcher's memory of the folder.
pub struct Watcher {
    dir: PathBuf,
    /// Stamps of the files as indexed (or tried).
    done: HashMap<PathBuf, Stamp>,
    /// Stamps seen at the last walk.
    last: HashMap<PathBuf, Stamp>,
    /// No walk yet: the first one also prunes the files removed while nobody watched.
    first: bool,
}

impl Watcher {
    /// A watcher of `dir` that has indexed nothing yet.
    pub fn new(dir: &Path) -> Watcher {
        Watcher {
            dir: dir.to_path_buf(),
            done: HashMap::new(),
            last: HashMap::new(),
            first: true,
        }
    }

    /// A watcher of `dir` whose files were indexed as they were at `stamps` ([`stamps`],
    /// taken before `vanban index` read them): only later changes are indexed.
    pub fn after_index(dir: &Path, stamps: HashMap<PathBuf, Stamp>) -> Watcher {
        Watcher {
            dir: dir.to_path_buf(),
            done: stamps.clone(),
            last: stamps,
            first: false,
        }
    }

    /// Walks the folder once; indexes the files that are new or changed and have stayed the
    /// same since the last walk, prunes the files that are gone.
    pub fn step(&mut self, index: &VanbanIndex, writer: &WriterSource) -> Result<Batch> {
        let now = walk(&self.dir);
        self.step_with(now, index, writer)
    }

    /// [`Watcher::step`] on `now`, the folder's files as just seen.
    fn step_with(
        &mut self,
        now: HashMap<PathBuf, Stamp>,
        index: &VanbanIndex,
        writer: &WriterSource,
    ) -> Result<Batch> {
        let ready: Vec<PathBuf> = now
            .iter()
            .filter(|(p, s)| self.done.get(*p) != Some(s) && self.last.get(*p) == Some(s))
            .map(|(p, _)| p.clone())
            .collect();
        let gone =
            std::mem::take(&mut self.first) || self.done.keys().any(|p| !now.contains_key(p));
        let mut batch = Batch::default();
        if !ready.is_empty() || gone {
            let mut run = |w: &mut Writer| -> Result<()> {
                if gone {
                    batch.pruned = prune::prune_with(index, w, std::slice::from_ref(&self.dir))?
                        .files
                        .len();
                }
                if !ready.is_empty() {
                    let walked = ready
                        .iter()
                        .map(|p| (Ok(p.clone()), self.dir.clone()))
                        .collect();
                    let report = ingest::ingest_walked(
                        index,
                        w,
                        walked,
                        IngestOptions::default(),
                        &mut |_| {},
                    )?;
                    for p in &report.problems {
                        tracing::warn!(path = %p.path, reason = %p.reason, "watched file not indexed");
                    }
                    batch.indexed = report.files_indexed + report.files_unchanged;
                    batch.problems = report.problems.len();
                }
                Ok(())
            };
            writer.with(index, |w| run(w))?;
            for p in &ready {
                self.done.insert(p.clone(), now[p]);
            }
            self.done.retain(|p, _| now.contains_key(p));
        }
        self.last = now;
        Ok(batch)
    }
}

/// Every readable file under `dir` with its stamp.
pub fn stamps(dir: &Path) -> HashMap<PathBuf, Stamp> {
    walk(dir)
}

/// Every readable file under `dir` with its stamp.
fn walk(dir: &Path) -> HashMap<PathBuf, Stamp> {
    read::walk_within(&[dir.to_path_buf()], false)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let m = std::fs::metadata(&p).ok()?;
            Some((p, (m.len(), m.modified().ok())))
        })
        .collect()
}

/// How a folder's changes are seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// File events (inotify), the touched files looked at.
    Events,
    /// A walk of the whole folder every period.
    Poll,
}

/// A watched folder: the watcher's memory and, when available, its file events.
pub struct Folder {
    watcher: Watcher,
    events: Option<Events>,
    last_walk: Instant,
}

struct Events {
    rx: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    _watcher: notify::RecommendedWatcher,
}

impl Folder {
    /// Watches `watcher`'s folder with file events, or by polling when `poll` is asked, the
    /// folder is on a network file system, or events cannot be had (the reason is logged).
    pub fn new(watcher: Watcher, poll: bool) -> Folder {
        let events = if poll {
            None
        } else if let Some(fs) = network_fs(&watcher.dir) {
            tracing::info!(folder = %watcher.dir.display(), fs, "a network share: polling, as its file events are not reliable");
            None
        } else {
            match start_events(&watcher.dir) {
                Ok(e) => Some(e),
                Err(e) => {
                    tracing::warn!(folder = %watcher.dir.display(), error = %e, "no file events; polling instead");
                    None
                }
            }
        };
        Folder {
            watcher,
            events,
            last_walk: Instant::now(),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.watcher.dir
    }

    /// How changes are seen.
    pub fn mode(&self) -> Mode {
        if self.events.is_some() {
            Mode::Events
        } else {
            Mode::Poll
        }
    }

    /// Looks at the folder once (the touched files, or a whole walk) and acts on what is ready.
    pub fn step(&mut self, index: &VanbanIndex, writer: &WriterSource) -> Result<Batch> {
        let Some(events) = &self.events else {
            return self.watcher.step(index, writer);
        };
        let mut full = self.last_walk.elapsed() >= RESCAN;
        let mut touched = HashSet::new();
        for event in events.rx.try_iter() {
            match event {
                Ok(e) => {
                    full |= e.need_rescan();
                    let folder_event = matches!(
                        e.kind,
                        notify::EventKind::Create(_)
                            | notify::EventKind::Modify(notify::event::ModifyKind::Name(_))
                    );
                    for p in e.paths {
                        touched.insert((p, folder_event));
                    }
                }
                Err(_) => full = true,
            }
        }
        let dir = self.watcher.dir.clone();
        let mut now = self.watcher.last.clone();
        if !full {
            // The touched paths, and the files not yet indexed as they are (still changing).
            let pending: Vec<PathBuf> = now
                .iter()
                .filter(|(p, s)| self.watcher.done.get(*p) != Some(s))
                .map(|(p, _)| p.clone())
                .collect();
            let paths = touched
                .into_iter()
                .chain(pending.into_iter().map(|p| (p, false)));
            for (p, folder_event) in paths {
                if !look(&dir, &p, folder_event, &mut now) {
                    full = true;
                    break;
                }
            }
        }
        if full {
            now = walk(&dir);
            self.last_walk = Instant::now();
        }
        self.watcher.step_with(now, index, writer)
    }
}

/// Updates `now` with what `path` (touched) is: a file's stamp, or gone with what was under it.
/// False when the whole folder must be walked (a folder created or moved in).
fn look(dir: &Path, path: &Path, folder_event: bool, now: &mut HashMap<PathBuf, Stamp>) -> bool {
    let Ok(rel) = path.strip_prefix(dir) else {
        return true;
    };
    if rel
        .components()
        .any(|c| read::left_out(&c.as_os_str().to_string_lossy()))
    {
        return true;
    }
    match std::fs::metadata(path) {
        Err(_) => {
            now.retain(|p, _| !p.starts_with(path));
            true
        }
        Ok(m) if m.is_dir() => !folder_event,
        Ok(m) => {
            let name = path.file_name().map(|n| n.to_string_lossy().to_string());
            let known = name.is_some_and(|n| read::Format::of(&n).is_some());
            // A link leading out of the folder is left out, as by the walk.
            let inside = std::fs::canonicalize(path)
                .ok()
                .zip(std::fs::canonicalize(dir).ok())
                .is_some_and(|(p, d)| p.starts_with(d));
            if known && inside {
                now.insert(path.to_path_buf(), (m.len(), m.modified().ok()));
            } else {
                now.remove(path);
            }
            true
        }
    }
}

fn start_events(dir: &Path) -> notify::Result<Events> {
    use notify::Watcher as _;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    })?;
    watcher.watch(dir, notify::RecursiveMode::Recursive)?;
    Ok(Events {
        rx,
        _watcher: watcher,
    })
}

/// The kind of network file system `dir` is on, if it is on one.
fn network_fs(dir: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a statfs buffer of the right size.
    if unsafe { libc::statfs(path.as_ptr(), &mut st) } != 0 {
        return None;
    }
    #[allow(clippy::unnecessary_cast)]
    match st.f_type as u64 {
        0x6969 => Some("nfs"),
        0x517B => Some("smb"),
        0xFF53_4D42 => Some("cifs"),
        0xFE53_4D42 => Some("smb2"),
        0x6573_5546 => Some("fuse"),
        0x0102_1997 => Some("9p"),
        0x00C3_6400 => Some("ceph"),
        0x5346_414F => Some("afs"),
        _ => None,
    }
}

/// Watches `folders` until `stop` is set, one look every `period`; `report` hears of each
/// look that changed something or failed (a failed look is tried again at the next).
pub fn run(
    folders: &mut [Folder],
    index: &VanbanIndex,
    writer: &WriterSource,
    period: Duration,
    stop: &AtomicBool,
    report: &mut dyn FnMut(&Path, Result<Batch>),
) {
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        for f in folders.iter_mut() {
            match f.step(index, writer) {
                Ok(b) if b == Batch::default() => {}
                other => report(f.dir(), other),
            }
        }
        while started.elapsed() < period && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(50).min(period));
        }
    }
}

/// Watches `dir` on a thread of its own until the process ends: a first look indexes what is
/// there (unchanged files are skipped by their hash), then one look every `period`.
pub fn spawn(
    index: Arc<VanbanIndex>,
    dir: PathBuf,
    writer: WriterSource,
    period: Duration,
    poll: bool,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("vanban-watch".into())
        .spawn(move || {
            let mut watcher = Watcher::new(&dir);
            // The first look: every file is "the same as last time", so all are ready at once.
            watcher.last = walk(&dir);
            let mut folders = [Folder::new(watcher, poll)];
            tracing::info!(
                folder = %dir.display(),
                mode = ?folders[0].mode(),
                "watching the folder"
            );
            let never = AtomicBool::new(false);
            run(
                &mut folders,
                &index,
                &writer,
                period,
                &never,
                &mut |dir, r| match r {
                    Ok(b) => tracing::info!(
                        folder = %dir.display(),
                        indexed = b.indexed,
                        pruned = b.pruned,
                        problems = b.problems,
                        "watched folder changed"
                    ),
                    Err(e) => tracing::error!(
                        folder = %dir.display(),
                        error = %e,
                        "indexing the watched folder failed; trying again"
                    ),
                },
            );
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 176/KH-UBND\nLạng Sơn, ngày 27 tháng 10 năm 2020\n\nKẾ HOẠCH\nTuyên truyền pháp luật\n\nĐiều 1. Phổ biến giáo dục pháp luật trên địa bàn tỉnh.\n";

    #[test]
    fn a_file_is_indexed_once_stable_then_pruned_when_gone() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        let index = VanbanIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut w = Watcher::new(&docs);
        std::fs::write(docs.join("a.txt"), PLAN).unwrap();
        // First seen: not yet stable.
        assert_eq!(
            w.step(&index, &WriterSource::PerBatch).unwrap(),
            Batch::default()
        );
        assert_eq!(index.document_count().unwrap(), 0);
        // The same at the next walk: indexed.
        let b = w.step(&index, &WriterSource::PerBatch).unwrap();
        assert_eq!(b.indexed, 1);
        assert_eq!(index.document_count().unwrap(), 1);
        // Nothing new: nothing done.
        assert_eq!(
            w.step(&index, &WriterSource::PerBatch).unwrap(),
            Batch::default()
        );
        // A broken file is reported, the others stay.
        std::fs::write(docs.join("b.docx"), b"not a zip").unwrap();
        w.step(&index, &WriterSource::PerBatch).unwrap();
        assert_eq!(w.step(&index, &WriterSource::PerBatch).unwrap().problems, 1);
        std::fs::remove_file(docs.join("a.txt")).unwrap();
        let b = w.step(&index, &WriterSource::PerBatch).unwrap();
        assert_eq!(b.pruned, 1);
        assert_eq!(index.document_count().unwrap(), 0);
    }
}
