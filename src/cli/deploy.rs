//! The deployment subcommands of the command line: `vanban sync` and `vanban snapshot`. The
//! logic is in the library ([`vanban::sync`], [`vanban::replica`]); this parses and prints.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use vanban::index::VanbanIndex;
use vanban::sync::{self, SyncOptions, SyncReport};

/// `vanban sync`: records from a PostgreSQL table or query.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Connection: `postgres://user:password@host:port/database` (or key=value pairs), with
    /// libpq's `sslmode=disable|prefer|require|verify-ca|verify-full` (default prefer) and
    /// `sslrootcert=FILE`; prefer the environment variable, which other users cannot see in
    /// the process list.
    #[arg(env = "VANBAN_SYNC_URL", hide_env_values = true)]
    url: String,
    /// The CA certificate (PEM) that signed the database server's, for sslmode=verify-full
    /// or verify-ca (wins over sslrootcert in the URL).
    #[arg(long, value_name = "FILE")]
    ssl_root_cert: Option<PathBuf>,
    /// The table of records (`van_ban`, `schema.van_ban`).
    #[arg(long, conflicts_with = "query", required_unless_present = "query")]
    table: Option<String>,
    /// A query whose rows are the records (`SELECT ... FROM van_ban WHERE ...`).
    #[arg(long)]
    query: Option<String>,
    /// The column holding each record's id.
    #[arg(long, default_value = "id")]
    key_column: String,
    /// A column that grows when a row changes (`updated_at`): later runs read only the rows
    /// changed since. Without it every run reads every row and writes the changed ones.
    #[arg(long)]
    updated_column: Option<String>,
    /// Name of this sync: its watermark, and the source `postgres:NAME` of its documents
    /// [default: the table's name, or `query`].
    #[arg(long)]
    name: Option<String>,
    /// Rows read and committed at a time.
    #[arg(long, default_value_t = sync::PAGE_ROWS as u32, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    page_rows: u32,
    /// Read every row again, from no watermark.
    #[arg(long)]
    full: bool,
    /// Run again after each period (`30s`, `10m`, `1h`) until stopped; a failed run is logged
    /// and the next one tries again.
    #[arg(long, value_parser = sync::parse_period)]
    every: Option<std::time::Duration>,
    /// Print each run's report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `vanban sync`, once or on a schedule.
pub fn sync_cmd(args: SyncArgs, index: &Path) -> Result<()> {
    let opts = SyncOptions {
        url: args.url,
        table: args.table,
        query: args.query,
        key_column: args.key_column,
        updated_column: args.updated_column,
        name: args.name,
        page_rows: args.page_rows as usize,
        full: args.full,
        ssl_root_cert: args.ssl_root_cert,
    };
    let index = VanbanIndex::open_or_create(index)
        .with_context(|| format!("opening the index {}", index.display()))?;
    let Some(every) = args.every else {
        let report = sync::sync(&index, &opts)?;
        return print_report(&report, args.json);
    };
    loop {
        match sync::sync(&index, &opts) {
            Ok(report) => print_report(&report, args.json)?,
            Err(e) => tracing::error!(error = %e, "sync failed; trying again at the next period"),
        }
        std::thread::sleep(every);
    }
}

fn print_report(r: &SyncReport, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(r)?);
        return Ok(());
    }
    println!(
        "sync {}: {} row(s) read, {} created, {} updated, {} unchanged, {} deleted, {} error(s) in {:.1} s",
        r.name,
        r.rows,
        r.created,
        r.updated,
        r.unchanged,
        r.deleted,
        r.errors.len(),
        r.seconds
    );
    if let Some(w) = &r.watermark {
        println!("next run reads rows updated from {w}");
    }
    if !r.ignored_columns.is_empty() {
        println!(
            "columns left out (no record field of that name): {}",
            r.ignored_columns.join(", ")
        );
    }
    for e in &r.errors {
        println!("row {}: {} ({})", e.key, e.reason, e.code);
    }
    Ok(())
}

/// `vanban snapshot`: a consistent copy of the index's last commit.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// New folder for the copy.
    out: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `vanban snapshot`.
pub fn snapshot_cmd(args: SnapshotArgs, index: &Path) -> Result<()> {
    let r = vanban::replica::snapshot(index, &args.out)?;
    if args.json {
        println!("{}", serde_json::to_string(&r)?);
    } else {
        println!(
            "snapshot of {} in {}: {} documents, {} files, {} bytes",
            index.display(),
            r.dir.display(),
            r.documents,
            r.files,
            r.bytes
        );
    }
    Ok(())
}
