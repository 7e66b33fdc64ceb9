//! `vanban bench`: indexing beside plain tantivy, then search throughput and latency over HTTP.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

/// The arguments of `vanban bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Files or folders to index.
    #[arg(default_value = "../shared/corpus")]
    paths: Vec<PathBuf>,
    /// Queries to replay, one a line.
    #[arg(long, default_value = "../shared/queries/citizen_questions.txt")]
    queries: PathBuf,
    /// Seconds per load level.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Concurrent clients of the load levels (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "1,4,16")]
    clients: Vec<usize>,
    /// Most requests per load level.
    #[arg(long, default_value_t = 1_000_000)]
    max_requests: usize,
    /// Repeat the passages with distinct ids until at least N are indexed (N = 1,000,000 when
    /// the flag is given without a value).
    #[arg(long, num_args = 0..=1, default_missing_value = "1000000")]
    scale: Option<usize>,
    /// Index each system this many times, in turn, and report each one's median run (default 3,
    /// or 1 with --scale).
    #[arg(long)]
    index_runs: Option<usize>,
    /// Keep the index that was served in this folder (which must not exist yet), to serve or
    /// profile it again without indexing (the scale run takes minutes).
    #[arg(long)]
    keep_index: Option<PathBuf>,
    /// Index nothing: serve the index already in `--index` and replay the queries against it
    /// (after a scale run kept with --keep-index, or on a province's own index).
    #[arg(long, conflicts_with_all = ["scale", "keep_index", "index_runs"])]
    load_only: bool,
    /// Print JSON.
    #[arg(long)]
    pub(super) json: bool,
}

/// Runs `vanban bench`.
pub fn run(args: BenchArgs, index_dir: &std::path::Path) -> Result<()> {
    anyhow::ensure!(
        args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 3600.0,
        "--seconds must be between 0 and 3600"
    );
    anyhow::ensure!(
        args.clients.iter().all(|&c| (1..=256).contains(&c)),
        "--clients must be between 1 and 256"
    );
    let index_runs = args
        .index_runs
        .unwrap_or(if args.scale.is_some() { 1 } else { 3 });
    anyhow::ensure!(
        (1..=25).contains(&index_runs),
        "--index-runs must be between 1 and 25"
    );
    let opts = vanban::bench::BenchOptions {
        index_runs,
        paths: args.paths,
        queries: args.queries,
        duration: std::time::Duration::from_secs_f64(args.seconds),
        clients: args.clients,
        max_requests: args.max_requests,
        scale: args.scale,
        keep_index: args.keep_index,
    };
    if args.load_only {
        let report = vanban::bench::load_only(index_dir, &opts)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print!("{}", report.table());
        }
        return Ok(());
    }
    let report = vanban::bench::run(&opts)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
        for u in &report.unreadable {
            eprintln!("unreadable: {u}");
        }
    }
    Ok(())
}
