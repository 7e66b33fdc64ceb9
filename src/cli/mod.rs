//! The command line (clap): parse arguments, call the library, print. One file per subcommand;
//! the library holds the logic, so nothing here is worth testing on its own (`tests/cli*.rs`
//! run the binary).

mod bench;
mod eval;
mod index;
mod inspect;
mod search;
mod serve;
mod show;
mod tasks;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

/// vanban: search Vietnamese legal and administrative documents.
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct IndexDir {
    /// Index directory.
    #[arg(long, default_value = "index", global = true)]
    index: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ingest files and folders (default: corpus/) into the index; unchanged files are skipped.
    Index(index::IndexArgs),
    /// Search the index.
    Search(Box<search::SearchArgs>),
    /// Show one document (by id or number): metadata, outline, citations both ways, tasks.
    Show(show::ShowArgs),
    /// Tasks of the indexed documents (as `GET /api/tasks`): by agency as typed, role, due
    /// period and status; a table, `--json`, or `--csv` (UTF-8 with BOM) for a spreadsheet.
    Tasks(Box<tasks::TasksArgs>),
    /// Show what extraction makes of a file, without indexing it.
    Inspect(inspect::InspectArgs),
    /// Serve the HTTP API; indexes corpus/ first when the index is empty.
    Serve(Box<serve::ServeArgs>),
    /// Measure retrieval quality at article level (Recall@1/5/10, MRR@10, nDCG@10) for vanban
    /// and a plain BM25 peer, on the questions as written and in three typing variants.
    Eval(Box<eval::EvalArgs>),
    /// Measure indexing (beside plain tantivy) and search throughput and latency over HTTP.
    Bench(Box<bench::BenchArgs>),
}

/// Exit status of a failed command, from the first error of the chain that tells (listed in
/// the README): 3 not found, 4 bad input, 5 index locked, 6 I/O, 1 anything else; clap
/// answers usage errors with 2.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    use vanban::Error as E;
    for cause in e.chain() {
        if let Some(err) = cause.downcast_ref::<E>() {
            return match err {
                E::NotFound(_) | E::NoIndex(_) => 3,
                E::BadRequest { .. } | E::Read { .. } | E::Unsupported { .. } => 4,
                E::Locked(_) => 5,
                E::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => 3,
                E::Io { .. } => 6,
                _ => 1,
            };
        }
        if cause.downcast_ref::<std::io::Error>().is_some() {
            return 6;
        }
    }
    1
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<()> {
    // `serve` starts its logs once its configuration is read.
    if !matches!(cli.command, Command::Serve(_)) {
        vanban::config::init_logs(vanban::config::LogFormat::Text);
    }
    match cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(*args),
        Command::Show(args) => show::run(&args),
        Command::Tasks(args) => tasks::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Serve(args) => serve::run(*args),
        Command::Eval(args) => eval::run(*args),
        Command::Bench(args) => bench::run(*args),
    }
}
