//! `vanban bench`: indexing throughput, index size and peak memory beside a plain tantivy index of
//! the same text, then search throughput and latency of the HTTP API under 1, 4 and 16 clients,
//! on the real corpus or on a corpus scaled up by repeating its passages.
//!
//! Everything runs in this process: the index in a temporary folder, the server on
//! `127.0.0.1` with an ephemeral port, the clients as threads. Memory is the process's peak
//! resident set (`VmHWM`), reset before each phase.

pub mod cpu;
pub mod load;
pub mod memory;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::eval::PlainBuilder;
use crate::index::VanbanIndex;
use crate::pipeline::{self, Batch, Change};
use crate::read;
pub use load::LoadFigures;

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Corpus files or folders.
    pub paths: Vec<PathBuf>,
    /// Query file, one query a line.
    pub queries: PathBuf,
    /// Time per load level.
    pub duration: Duration,
    /// Concurrent clients of each load level.
    pub clients: Vec<usize>,
    /// Most requests per load level.
    pub max_requests: usize,
    /// Repeat the passages (with distinct ids) until at least this many are indexed.
    pub scale: Option<usize>,
    /// Times each system indexes the corpus, in turn; each reports its median run (by wall
    /// time), since one run's time moves with the machine's other work.
    pub index_runs: usize,
    /// Where to keep the served index afterwards (moved there from the temporary folder).
    pub keep_index: Option<PathBuf>,
}

/// Indexing figures of one system.
#[derive(Debug, Clone, Serialize)]
pub struct IndexFigures {
    /// `vanban` or `plain-tantivy`.
    pub system: &'static str,
    /// Documents indexed.
    pub documents: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Bytes of text indexed (document bodies, UTF-8).
    pub text_bytes: u64,
    /// Wall time, seconds (the median run's).
    pub seconds: f64,
    /// Wall time of every run, in the order they ran, seconds.
    pub run_seconds: Vec<f64>,
    /// Of [`IndexFigures::seconds`], the final merge into one segment (the engine only: the
    /// peer indexes on one thread, which leaves one segment), seconds. The index is searchable
    /// before it; searches on the unmerged segments cost more.
    pub merge_seconds: Option<f64>,
    /// CPU time of the whole process during the phase (every thread), seconds; steadier than the
    /// wall time on a machine shared with other work.
    pub cpu_seconds: Option<f64>,
    /// Documents per second.
    pub documents_per_second: f64,
    /// Megabytes (10^6 bytes) of text per second.
    pub mb_per_second: f64,
    /// Size of the index folder, bytes.
    pub index_bytes: u64,
    /// Resident set when the phase began (the corpus held in memory, earlier indexes), bytes.
    pub start_rss_bytes: Option<u64>,
    /// Peak resident set during the phase, bytes.
    pub peak_rss_bytes: Option<u64>,
}

/// The result of `vanban bench`.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Files read.
    pub files: usize,
    /// Files no reader could take, with the reason.
    pub unreadable: Vec<String>,
    /// Reading and extraction of the real corpus, seconds.
    pub read_seconds: f64,
    /// Copies of the corpus indexed (1 without `--scale`).
    pub copies: usize,
    /// The engine, then the plain peer.
    pub indexing: Vec<IndexFigures>,
    /// The engine's indexing time over the peer's.
    pub time_ratio: f64,
    /// The engine's indexing CPU time over the peer's (the engine uses tantivy's indexing
    /// threads, the peer one thread).
    pub cpu_ratio: Option<f64>,
    /// The engine's index size over the peer's.
    pub size_ratio: f64,
    /// One row per load level.
    pub load: Vec<LoadFigures>,
    /// Peak resident set of the process while serving (server and client threads), bytes.
    pub server_peak_rss_bytes: Option<u64>,
    /// Resident set when serving began: the corpus read, and what the indexing runs left with
    /// the allocator, which the process keeps; bytes.
    pub server_start_rss_bytes: Option<u64>,
    /// Queries replayed.
    pub queries: usize,
}

/// What `vanban bench --load-only` measured on an index already built.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    /// Documents in the index served.
    pub documents: usize,
    /// Reading the status book as the server starts, seconds (every stored document once).
    pub status_book_seconds: f64,
    /// One row per load level.
    pub load: Vec<LoadFigures>,
    /// Peak resident set of the process while serving, bytes.
    pub server_peak_rss_bytes: Option<u64>,
    /// Queries replayed.
    pub queries: usize,
}

impl LoadReport {
    /// The figures as text for people.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{} documents; status book read in {:.2} s as the server started\n",
            self.documents, self.status_book_seconds
        );
        s.push_str(&load_table(&self.load));
        s.push_str(&format!(
            "server peak memory while serving: {} MB ({} queries replayed round-robin)\n",
            self.server_peak_rss_bytes
                .map_or("-".to_string(), |b| format!("{:.0}", b as f64 / 1e6)),
            self.queries
        ));
        s
    }
}

/// Serves the index in `dir` (built before) and replays the queries against it: the load
/// levels of [`run`] without indexing.
pub fn load_only(dir: &std::path::Path, opts: &BenchOptions) -> Result<LoadReport> {
    let queries = read_queries(&opts.queries)?;
    let index = VanbanIndex::open(dir)?;
    let documents = index.document_count()?;
    let started = Instant::now();
    crate::status::warm(&index)?;
    let status_book_seconds = started.elapsed().as_secs_f64();
    memory::reset_peak();
    let load = serve_and_replay(index, &queries, opts)?;
    Ok(LoadReport {
        documents,
        status_book_seconds,
        load,
        server_peak_rss_bytes: memory::peak_rss_bytes(),
        queries: queries.len(),
    })
}

/// Runs the benchmark.
pub fn run(opts: &BenchOptions) -> Result<BenchReport> {
    if let Some(keep) = opts.keep_index.as_deref().filter(|k| k.exists()) {
        return Err(Error::Read {
            path: keep.to_path_buf(),
            reason: "--keep-index: the folder already exists; give a new one".into(),
        });
    }
    let queries = read_queries(&opts.queries)?;
    let read_start = Instant::now();
    let mut files = 0;
    let mut unreadable = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    for path in read::walk(&opts.paths) {
        files += 1;
        match path.and_then(|p| pipeline::read_path(&p)) {
            Ok(file) => docs.extend(file.documents),
            Err(e) => unreadable.push(e.to_string()),
        }
    }
    let read_seconds = read_start.elapsed().as_secs_f64();
    if docs.is_empty() {
        return Err(Error::Read {
            path: opts.paths.first().cloned().unwrap_or_default(),
            reason: "no readable document to benchmark".into(),
        });
    }
    let passages_per_copy: usize = docs.iter().map(passage_count).sum();
    let copies = match opts.scale {
        Some(n) => n.div_ceil(passages_per_copy.max(1)).max(1),
        None => 1,
    };
    let tmp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    // The systems take turns, so that a slow spell of the machine falls on both.
    let engine_dir = |run: usize| tmp.path().join(format!("vanban{run}"));
    let (mut vanban_runs, mut plain_runs) = (Vec::new(), Vec::new());
    for run in 0..opts.index_runs.max(1) {
        vanban_runs.push(index_engine(&docs, copies, &engine_dir(run))?);
        plain_runs.push(index_plain(
            &docs,
            copies,
            &tmp.path().join(format!("plain{run}")),
        )?);
    }
    let (at, vanban) = median(vanban_runs);
    let (_, plain) = median(plain_runs);
    // The median run's index is the one served.
    let engine = VanbanIndex::open(&engine_dir(at))?;
    let time_ratio = vanban.seconds / plain.seconds.max(1e-9);
    let cpu_ratio = match (vanban.cpu_seconds, plain.cpu_seconds) {
        (Some(v), Some(p)) if p > 0.0 => Some(v / p),
        _ => None,
    };
    let size_ratio = vanban.index_bytes as f64 / plain.index_bytes.max(1) as f64;

    memory::reset_peak();
    let server_start_rss_bytes = memory::rss_bytes();
    let load = serve_and_replay(engine, &queries, opts)?;
    let server_peak_rss_bytes = memory::peak_rss_bytes();
    if let Some(keep) = &opts.keep_index {
        keep_index(&engine_dir(at), keep)?;
    }
    Ok(BenchReport {
        files,
        unreadable,
        read_seconds,
        copies,
        indexing: vec![vanban, plain],
        time_ratio,
        cpu_ratio,
        size_ratio,
        load,
        server_peak_rss_bytes,
        server_start_rss_bytes,
        queries: queries.len(),
    })
}

/// Moves the served index from the temporary folder to `keep` (on the same file system: the
/// scale run's index is gigabytes, not something to copy behind the reader's back).
fn keep_index(from: &std::path::Path, keep: &std::path::Path) -> Result<()> {
    std::fs::rename(from, keep).map_err(|e| Error::Read {
        path: keep.to_path_buf(),
        reason: format!(
            "could not move the served index here from {} ({e}); give --keep-index a folder on \
             the same file system as the temporary folder (TMPDIR)",
            from.display()
        ),
    })
}

fn read_queries(path: &std::path::Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let queries: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if queries.is_empty() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            reason: "no query in the file".into(),
        });
    }
    Ok(queries)
}

/// Passages the index makes of a document: its outline, or the body as one.
fn passage_count(d: &Document) -> usize {
    d.outline.len().max(1)
}

/// The `copy`-th copy of a document: the same text under a distinct id.
fn copy_of(d: &Document, copy: usize) -> Document {
    let mut c = d.clone();
    if copy > 0 {
        c.id = format!("{}~{copy}", d.id);
        c.source = format!("{}~{copy}", d.source);
    }
    c
}

/// The run of median wall time (the lower middle of an even count) and its place in `runs`
/// (at least one), carrying every run's wall time.
fn median(runs: Vec<IndexFigures>) -> (usize, IndexFigures) {
    let all: Vec<f64> = runs.iter().map(|f| f.seconds).collect();
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| all[a].total_cmp(&all[b]));
    let at = order[(order.len() - 1) / 2];
    let mut f = runs
        .into_iter()
        .nth(at)
        .expect("the median is one of the runs");
    f.run_seconds = all;
    (at, f)
}

/// Where an indexing run started: the clock, the process's CPU time and its resident memory
/// (the peak is reset).
struct Start {
    rss_bytes: Option<u64>,
    cpu_seconds: Option<f64>,
    at: Instant,
}

impl Start {
    fn now() -> Self {
        memory::reset_peak();
        Start {
            rss_bytes: memory::rss_bytes(),
            cpu_seconds: cpu::process_seconds(),
            at: Instant::now(),
        }
    }
}

fn figures(
    system: &'static str,
    documents: usize,
    passages: usize,
    text_bytes: u64,
    start: &Start,
    dir: &std::path::Path,
) -> IndexFigures {
    let seconds = start.at.elapsed().as_secs_f64().max(1e-9);
    let cpu_seconds = match (start.cpu_seconds, cpu::process_seconds()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    IndexFigures {
        system,
        documents,
        passages,
        text_bytes,
        seconds,
        run_seconds: vec![seconds],
        merge_seconds: None,
        cpu_seconds,
        documents_per_second: documents as f64 / seconds,
        mb_per_second: text_bytes as f64 / 1e6 / seconds,
        index_bytes: crate::index::dir_size(dir),
        start_rss_bytes: start.rss_bytes,
        peak_rss_bytes: memory::peak_rss_bytes(),
    }
}

fn index_engine(docs: &[Document], copies: usize, dir: &std::path::Path) -> Result<IndexFigures> {
    let start = Start::now();
    let index = VanbanIndex::open_or_create(dir)?;
    let mut writer = index.writer()?;
    writer.without_background_merges();
    let mut batch = Batch::new(&index, &mut writer);
    let (mut n, mut passages, mut bytes) = (0, 0, 0u64);
    for copy in 0..copies {
        for d in docs {
            batch.stage(&Change::Upsert(Box::new(copy_of(d, copy))))?;
            n += 1;
            passages += passage_count(d);
            bytes += d.body.len() as u64;
        }
    }
    batch.commit(None)?;
    drop(batch);
    // As `vanban index` does: one segment for the searches (its time is part of indexing).
    let merge_start = Instant::now();
    writer.merge_segments()?;
    drop(writer);
    let merge_seconds = merge_start.elapsed().as_secs_f64();
    let mut f = figures("vanban", n, passages, bytes, &start, dir);
    f.merge_seconds = Some(merge_seconds);
    Ok(f)
}

fn index_plain(docs: &[Document], copies: usize, dir: &std::path::Path) -> Result<IndexFigures> {
    let start = Start::now();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = PlainBuilder::in_dir(dir)?;
    let (mut n, mut passages, mut bytes) = (0, 0, 0u64);
    for copy in 0..copies {
        for d in docs {
            let id = if copy == 0 {
                d.id.clone()
            } else {
                format!("{}~{copy}", d.id)
            };
            if d.outline.is_empty() {
                builder.add(&id, &d.body)?;
            } else {
                for p in &d.outline {
                    builder.add(&format!("{id} {}", p.path), &p.text)?;
                }
            }
            n += 1;
            passages += passage_count(d);
            bytes += d.body.len() as u64;
        }
    }
    drop(builder.finish()?);
    Ok(figures("plain-tantivy", n, passages, bytes, &start, dir))
}

/// Serves `index` on 127.0.0.1 (ephemeral port) and replays the queries at each load level.
fn serve_and_replay(
    index: VanbanIndex,
    queries: &[String],
    opts: &BenchOptions,
) -> Result<Vec<LoadFigures>> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| Error::io("tokio runtime", e))?;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
        .map_err(|e| Error::io("127.0.0.1:0", e))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::io("127.0.0.1:0", e))?
        .port();
    // Read the status book first, as a server does while it starts: the load measures searches,
    // not the start.
    crate::status::warm(&index)?;
    let app = crate::http::router(index, &crate::http::ServerOptions::default())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let levels = opts
        .clients
        .iter()
        .map(|&c| load::replay(port, queries, c, opts.duration, opts.max_requests))
        .collect();
    let _ = stop.send(());
    let _ = rt.block_on(server);
    Ok(levels)
}

impl BenchReport {
    /// The figures as text for people.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mb = |b: u64| b as f64 / 1e6;
        let opt_mb = |b: Option<u64>| b.map_or("-".to_string(), |b| format!("{:.0}", mb(b)));
        let mut s = String::new();
        let _ = writeln!(
            s,
            "corpus: {} file(s) ({} unreadable), read and extracted in {:.1}s; {} cop{} indexed",
            self.files,
            self.unreadable.len(),
            self.read_seconds,
            self.copies,
            if self.copies == 1 { "y" } else { "ies" }
        );
        let _ = writeln!(
            s,
            "{:<14}{:>10}{:>10}{:>9}{:>9}{:>9}{:>8}{:>10}{:>10}{:>17}",
            "indexing",
            "docs",
            "passages",
            "text MB",
            "seconds",
            "CPU s",
            "docs/s",
            "MB/s",
            "index MB",
            "peak MB (start)"
        );
        for f in &self.indexing {
            let _ = writeln!(
                s,
                "{:<14}{:>10}{:>10}{:>9.1}{:>9.2}{:>9}{:>8.0}{:>10.2}{:>10.1}{:>10} ({:>4})",
                f.system,
                f.documents,
                f.passages,
                mb(f.text_bytes),
                f.seconds,
                f.cpu_seconds.map_or("-".to_string(), |c| format!("{c:.2}")),
                f.documents_per_second,
                f.mb_per_second,
                mb(f.index_bytes),
                opt_mb(f.peak_rss_bytes),
                opt_mb(f.start_rss_bytes)
            );
        }
        for f in self.indexing.iter().filter(|f| f.run_seconds.len() > 1) {
            let runs: Vec<String> = f.run_seconds.iter().map(|r| format!("{r:.2}")).collect();
            let _ = writeln!(
                s,
                "{} runs, in turn: {} s (the median is shown)",
                f.system,
                runs.join(", ")
            );
        }
        for f in &self.indexing {
            if let Some(merge) = f.merge_seconds {
                let _ = writeln!(
                    s,
                    "{}: the final merge into one segment took {merge:.2} s of the median run's \
                     {:.2} s ({:.0} %)",
                    f.system,
                    f.seconds,
                    100.0 * merge / f.seconds.max(1e-9)
                );
            }
        }
        let _ = writeln!(
            s,
            "vanban / plain: {:.2}x the indexing time ({} the CPU time), {:.2}x the index size",
            self.time_ratio,
            self.cpu_ratio
                .map_or("-".to_string(), |r| format!("{r:.2}x")),
            self.size_ratio
        );
        s.push_str(&load_table(&self.load));
        let _ = writeln!(
            s,
            "server peak memory while serving: {} MB (at the start: {} MB; {} queries replayed \
             round-robin)",
            opt_mb(self.server_peak_rss_bytes),
            opt_mb(self.server_start_rss_bytes),
            self.queries
        );
        s
    }
}

/// The load levels as a table for people.
fn load_table(load: &[LoadFigures]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<14}{:>10}{:>8}{:>10}{:>9}{:>9}{:>9}",
        "search", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"
    );
    for l in load {
        let _ = writeln!(
            s,
            "{:<14}{:>10}{:>8}{:>10.1}{:>9.2}{:>9.2}{:>9.2}",
            format!("{} client(s)", l.clients),
            l.requests,
            l.errors,
            l.per_second,
            l.p50_ms,
            l.p95_ms,
            l.p99_ms
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_of(seconds: f64) -> IndexFigures {
        IndexFigures {
            system: "vanban",
            documents: 1,
            passages: 1,
            text_bytes: 1,
            seconds,
            run_seconds: vec![seconds],
            merge_seconds: None,
            cpu_seconds: None,
            documents_per_second: 1.0 / seconds,
            mb_per_second: 0.0,
            index_bytes: 0,
            start_rss_bytes: None,
            peak_rss_bytes: None,
        }
    }

    #[test]
    fn the_median_run_is_reported_with_every_run_time() {
        let (at, f) = median([3.0, 1.0, 2.0].map(run_of).to_vec());
        assert_eq!((at, f.seconds), (2, 2.0));
        assert_eq!(f.run_seconds, [3.0, 1.0, 2.0]);
        // An even count takes the lower middle.
        let (at, f) = median([4.0, 1.0, 3.0, 2.0].map(run_of).to_vec());
        assert_eq!((at, f.seconds), (3, 2.0));
        let (at, f) = median(vec![run_of(5.0)]);
        assert_eq!((at, f.seconds, f.run_seconds), (0, 5.0, vec![5.0]));
    }
}
