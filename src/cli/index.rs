//! `vanban index`: ingest files and folders, with a progress bar on a terminal and a summary.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use vanban::index::VanbanIndex;
use vanban::ingest::{self, IngestOptions, Progress};

/// The arguments of `vanban index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to read.
    paths: Vec<PathBuf>,
    /// Re-read every file, even unchanged ones.
    #[arg(long)]
    force: bool,
    /// Delete the index and build it anew (needed after a schema change).
    #[arg(long)]
    rebuild: bool,
    /// Commit after at least this many documents (at a file boundary) [default: 5000].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    commit_every: Option<u64>,
    /// Follow symbolic links that lead out of the folders given (by default such files are
    /// reported and left out).
    #[arg(long)]
    follow_links: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub(super) json: bool,
    /// First remove the documents of indexed files under PATHS that are gone (a path that
    /// is itself gone is pruned, not an error), then index what is there.
    #[arg(long)]
    prune: bool,
    /// After indexing, keep watching the folders: files added, changed or removed are indexed
    /// or pruned within seconds (file events, or a walk every second on a network share),
    /// until Ctrl-C or SIGTERM. Implies --prune.
    #[arg(long)]
    watch: bool,
    /// With --watch: walk the folders every second instead of using file events.
    #[arg(long, requires = "watch")]
    watch_poll: bool,
}

/// Runs `vanban index`.
pub fn run(args: IndexArgs, dir: &Path) -> Result<()> {
    let options = IngestOptions {
        force: args.force,
        docs_per_commit: args.commit_every.map(|n| n as usize),
        follow_links: args.follow_links,
    };
    if args.watch {
        return watch_cmd(args, options, dir);
    }
    index_cmd(
        args.paths,
        options,
        args.rebuild,
        args.json,
        args.prune,
        dir,
    )
}

/// Set by SIGINT or SIGTERM while `vanban index --watch` watches.
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_stop_signal(_: libc::c_int) {
    STOP.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// `vanban index --watch`: index the folders (pruning what is gone), then watch them in the
/// foreground, one line a change, until stopped.
fn watch_cmd(args: IndexArgs, options: IngestOptions, dir: &Path) -> Result<()> {
    use vanban::watch::{self, Folder, Watcher};
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths.clone()
    };
    let mut folders = Vec::new();
    for p in &paths {
        anyhow::ensure!(
            p.is_dir(),
            "{}: --watch watches folders; this is not one",
            p.display()
        );
        folders.push(std::fs::canonicalize(p).with_context(|| format!("reading {}", p.display()))?);
    }
    // The files as they are before the first indexing: any later change is indexed.
    let before: Vec<_> = folders.iter().map(|f| watch::stamps(f)).collect();
    index_cmd(folders.clone(), options, args.rebuild, args.json, true, dir)?;
    let index = VanbanIndex::open(dir)?;
    let mut watched: Vec<Folder> = folders
        .iter()
        .zip(before)
        .map(|(f, stamps)| Folder::new(Watcher::after_index(f, stamps), args.watch_poll))
        .collect();
    for f in &watched {
        eprintln!(
            "watching {} ({}); Ctrl-C to stop",
            f.dir().display(),
            match f.mode() {
                watch::Mode::Events => "file events",
                watch::Mode::Poll => "a walk every second",
            }
        );
    }
    // SAFETY: the handler only stores to an atomic.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_stop_signal as *const () as libc::sighandler_t,
        );
        libc::signal(
            libc::SIGTERM,
            on_stop_signal as *const () as libc::sighandler_t,
        );
    }
    let json = args.json;
    watch::run(
        &mut watched,
        &index,
        &watch::WriterSource::PerBatch,
        watch::PERIOD,
        &STOP,
        &mut |folder, r| match r {
            Ok(b) if json => println!(
                "{}",
                serde_json::json!({
                    "folder": folder, "indexed": b.indexed, "pruned": b.pruned,
                    "problems": b.problems
                })
            ),
            Ok(b) => println!(
                "{}: {} file(s) indexed, {} pruned, {} not readable",
                folder.display(),
                b.indexed,
                b.pruned,
                b.problems
            ),
            Err(e) => eprintln!("{}: indexing failed, trying again: {e}", folder.display()),
        },
    );
    eprintln!("stopped watching");
    Ok(())
}

fn index_cmd(
    paths: Vec<PathBuf>,
    options: IngestOptions,
    rebuild: bool,
    json: bool,
    prune: bool,
    dir: &Path,
) -> Result<()> {
    if rebuild && dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    let mut paths = if paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        paths
    };
    if prune {
        let index = VanbanIndex::open_or_create(dir)?;
        let pruned = vanban::prune::prune(&index, &paths)?;
        let line = format!(
            "pruned {} document(s) of {} file(s) that are gone",
            pruned.documents,
            pruned.files.len()
        );
        // stdout stays one JSON document with --json.
        if json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
        paths.retain(|p| p.exists());
        if paths.is_empty() {
            return Ok(());
        }
    }
    // A path that does not exist is an error, not an empty index (issue 23).
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(vanban::Error::NotFound(format!(
            "{}: no such file or folder",
            missing.display()
        ))
        .into());
    }
    let index = VanbanIndex::open_or_create(dir)?;
    let report = run_ingest(&index, &paths, options)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} file(s) seen, {} indexed, {} unchanged, {} record(s) read, {} document(s) written, {} merged, in {:.1}s",
            report.files_seen,
            report.files_indexed,
            report.files_unchanged,
            report.records,
            report.documents,
            report.merged.len(),
            report.elapsed.as_secs_f64()
        );
        for m in &report.merged {
            println!(
                "merged {} (read twice): kept {}, replaced {}",
                m.id, m.kept, m.replaced
            );
        }
        for p in &report.problems {
            println!("skipped {}: {}", p.path, p.reason);
        }
        println!(
            "index: {} document(s), {} bytes",
            index.document_count()?,
            index.size_bytes()
        );
    }
    Ok(())
}

/// Ingests `paths`, with a progress bar on a terminal: bytes read of all, the time left, and
/// the file being read.
pub fn run_ingest(
    index: &VanbanIndex,
    paths: &[PathBuf],
    options: IngestOptions,
) -> Result<ingest::IngestReport> {
    use std::io::IsTerminal;
    let bar = std::io::stderr().is_terminal().then(|| {
        let style = indicatif::ProgressStyle::with_template(
            "{bar:24} {bytes}/{total_bytes} ETA {eta} {wide_msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        indicatif::ProgressBar::no_length().with_style(style)
    });
    // The size of the file being read, added once it is done.
    let mut reading = 0u64;
    let mut progress = |p: Progress<'_>| {
        if let Some(bar) = &bar {
            match p {
                Progress::Start { bytes, .. } => bar.set_length(bytes),
                Progress::Reading(path, size) => {
                    reading = size;
                    bar.set_message(path.display().to_string());
                }
                Progress::File(_) => bar.inc(std::mem::take(&mut reading)),
            }
        }
    };
    let report = ingest::ingest(index, paths, options, &mut progress)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(report)
}
