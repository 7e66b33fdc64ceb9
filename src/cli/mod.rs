//! The command line (clap): parse arguments, call the library, print. One file per subcommand;
//! the library holds the logic, so nothing here is worth testing on its own (`tests/cli*.rs`
//! run the binary).

mod bench;
mod cited_by;
mod completions;
mod delete;
mod deploy;
mod eval;
mod index;
mod inspect;
mod search;
mod serve;
mod show;
mod status;
mod tasks;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use vanban::error::Code;

/// vanban: search Vietnamese legal and administrative documents.
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about)]
pub struct Cli {
    #[command(flatten)]
    dir: IndexDir,
    #[command(subcommand)]
    command: Command,
}

/// `--index DIR`, taken before or after the subcommand.
#[derive(Debug, Args)]
struct IndexDir {
    /// Index directory [default: index; for serve, its configuration file's `index` first].
    #[arg(long, global = true, value_name = "DIR")]
    index: Option<PathBuf>,
}

impl IndexDir {
    /// The directory given, else `index`.
    fn path(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(|| PathBuf::from("index"))
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ingest files and folders (default: corpus/) into the index; unchanged files are skipped.
    Index(index::IndexArgs),
    /// Search the index.
    Search(Box<search::SearchArgs>),
    /// Show one document (by id or number): metadata, outline, citations both ways, tasks.
    Show(show::ShowArgs),
    /// The documents citing a number (as `GET /api/cited-by`), whether or not it is indexed.
    CitedBy(cited_by::CitedByArgs),
    /// Status (hiệu lực) of any number, indexed or not, as `GET /api/status`: the state on a
    /// date and the documents that changed it.
    Status(status::StatusArgs),
    /// Delete one document (by id, or by a number only one document has) from the index.
    Delete(delete::DeleteArgs),
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
    /// Sync records from a PostgreSQL table or query: changed rows upserted, deleted rows
    /// removed, once or `--every 10m`.
    Sync(Box<deploy::SyncArgs>),
    /// Copy the index's last commit to a new folder (consistent while the writer serves), for
    /// a read-only replica elsewhere.
    Snapshot(deploy::SnapshotArgs),
    /// Print a shell completion script: `vanban completions bash > /etc/bash_completion.d/vanban`.
    Completions(completions::CompletionsArgs),
}

impl Cli {
    /// Whether the command asked for JSON (`--json`): its errors are then printed as JSON too.
    pub fn json(&self) -> bool {
        match &self.command {
            Command::Index(a) => a.json,
            Command::Search(a) => a.json,
            Command::Show(a) => a.json,
            Command::CitedBy(a) => a.json,
            Command::Delete(a) => a.json,
            Command::Status(a) => a.json,
            Command::Sync(a) => a.json,
            Command::Snapshot(a) => a.json,
            Command::Tasks(a) => a.json,
            Command::Inspect(a) => a.json,
            Command::Eval(a) => a.json,
            Command::Bench(a) => a.json,
            Command::Serve(_) | Command::Completions(_) => false,
        }
    }
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

/// The code of a failed command, from the table of `src/error.rs` (the HTTP API's codes): the
/// first error of the chain that tells; `internal` for any other.
pub fn error_code(e: &anyhow::Error) -> Code {
    for cause in e.chain() {
        if let Some(err) = cause.downcast_ref::<vanban::Error>() {
            return err.code();
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::NotFound => Code::NotFound,
                _ => Code::Internal,
            };
        }
    }
    Code::Internal
}

/// The code of a usage error that clap reports.
pub fn usage_code(e: &clap::Error) -> Code {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::UnknownArgument | K::InvalidSubcommand => Code::UnknownParameter,
        K::MissingRequiredArgument | K::MissingSubcommand => Code::MissingParameter,
        _ => Code::BadRequest,
    }
}

/// An error as `--json` prints it: the HTTP API's shape, `{"error": {"code", "message"}}`.
pub fn json_error(code: Code, message: &str) -> String {
    serde_json::json!({"error": {"code": code, "message": message}}).to_string()
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<()> {
    // `serve` starts its logs once its configuration is read.
    if !matches!(cli.command, Command::Serve(_)) {
        vanban::config::init_logs(vanban::config::LogFormat::Text);
    }
    let dir = cli.dir;
    match cli.command {
        Command::Index(args) => index::run(args, &dir.path()),
        Command::Search(args) => search::run(*args, &dir.path()),
        Command::Show(args) => show::run(&args, &dir.path()),
        Command::CitedBy(args) => cited_by::run(&args, &dir.path()),
        Command::Delete(args) => delete::run(&args, &dir.path()),
        Command::Tasks(args) => tasks::run(&args, &dir.path()),
        Command::Inspect(args) => inspect::run(&args),
        Command::Serve(args) => serve::run(*args, dir.index),
        Command::Eval(args) => eval::run(*args),
        Command::Bench(args) => bench::run(*args, &dir.path()),
        Command::Completions(args) => completions::run(&args),
        Command::Status(args) => status::run(&args, &dir.path()),
        Command::Sync(args) => deploy::sync_cmd(*args, &dir.path()),
        Command::Snapshot(args) => deploy::snapshot_cmd(args, &dir.path()),
    }
}
