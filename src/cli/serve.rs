//! `vanban serve`: the HTTP API, its options merged from the flags and a configuration file.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use vanban::index::VanbanIndex;
use vanban::ingest::IngestOptions;

/// The options of `vanban serve`. Each can also be set in `--config FILE`; a flag wins over
/// the file, and the file over the default shown.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// TOML file of serve options (names as the flags, `_` for `-`); see
    /// /etc/vanban/vanban.toml in the Debian package.
    #[arg(long, env = "VANBAN_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    addr: Option<String>,
    /// Folder indexed when the index is empty [default: corpus].
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Allowed CORS origin (repeatable); any origin when none is given. The widget works
    /// only on pages of the allowed origins.
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
    /// API key enabling the write routes (POST/PUT/DELETE /api/documents); prefer the
    /// environment variable, which other users cannot see in the process list. Without a
    /// key the server is read-only and leaves the index writer free for `vanban index`.
    #[arg(long, env = "VANBAN_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Seconds a request may take before it is answered with 503 [default: 10].
    #[arg(long)]
    request_timeout: Option<u64>,
    /// Largest request body (upload or record), in bytes [default: 16777216].
    #[arg(long)]
    max_body_bytes: Option<usize>,
    /// Seconds a client has to send a request's headers; also the longest a kept-alive
    /// connection may stay idle [default: 10].
    #[arg(long)]
    header_timeout: Option<u64>,
    /// Most connections open at once (default 1024, or half the open-file limit when that
    /// is smaller); further clients wait in the backlog.
    #[arg(long)]
    max_connections: Option<usize>,
    /// Log lines as plain text (coloured only on a terminal) or one JSON object per line
    /// [default: text].
    #[arg(long, value_enum)]
    log_format: Option<vanban::config::LogFormat>,
    /// Index the files dropped into, changed in or removed from this folder while serving.
    #[arg(long, conflicts_with = "read_only")]
    watch: Option<PathBuf>,
    /// Watch that folder by walking it every second instead of by file events (a network
    /// share is polled anyway: events of other machines' writes do not arrive).
    #[arg(long)]
    watch_poll: bool,
    /// A read-only replica: writes are refused, each commit of the index's writer (another
    /// vanban on the same folder, or a snapshot copied in) is served within a second.
    #[arg(long)]
    read_only: bool,
    /// Keep the index in sync with a PostgreSQL table or query while serving (as `vanban
    /// sync`, with the server's writer): its connection string. With --sync-table or
    /// --sync-query and no --sync-from, VANBAN_SYNC_URL is read (keep the password there).
    #[arg(long, value_name = "URL")]
    sync_from: Option<String>,
    /// The table of records to sync (`van_ban`).
    #[arg(long, conflicts_with = "sync_query")]
    sync_table: Option<String>,
    /// A query whose rows are the records to sync.
    #[arg(long)]
    sync_query: Option<String>,
    /// The column holding each record's id [default: id].
    #[arg(long)]
    sync_key_column: Option<String>,
    /// A column that grows when a row changes (`cap_nhat`): each sync reads only the rows
    /// changed since the last.
    #[arg(long)]
    sync_updated_column: Option<String>,
    /// Name of the sync (its watermark, and the source `postgres:NAME`) [default: the table].
    #[arg(long)]
    sync_name: Option<String>,
    /// Time between two syncs, the first at start (`30s`, `10m`, `1h`) [default: 10m].
    #[arg(long)]
    sync_every: Option<String>,
    /// The CA certificate (PEM) of the database server, for sslmode=verify-full.
    #[arg(long, value_name = "FILE")]
    sync_ssl_root_cert: Option<PathBuf>,
}

/// The scheduled sync of `serve`, from the flags over the file; `None` without a table or
/// query.
fn sync_options(
    args: &mut ServeArgs,
    file: &mut vanban::config::ServeConfig,
) -> Result<Option<(vanban::sync::SyncOptions, std::time::Duration)>> {
    let table = args.sync_table.take().or(file.sync_table.take());
    let query = args.sync_query.take().or(file.sync_query.take());
    let url = args.sync_from.take().or(file.sync_from.take());
    if table.is_none() && query.is_none() {
        anyhow::ensure!(
            url.is_none(),
            "sync_from is set but neither sync_table nor sync_query: say what to sync"
        );
        return Ok(None);
    }
    anyhow::ensure!(
        !(table.is_some() && query.is_some()),
        "give sync_table or sync_query, not both"
    );
    let url = url
        .or_else(|| std::env::var("VANBAN_SYNC_URL").ok())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "a sync table or query is set but no database: give --sync-from URL, sync_from in \
             the configuration, or VANBAN_SYNC_URL in the environment"
            )
        })?;
    let every = args
        .sync_every
        .take()
        .or(file.sync_every.take())
        .unwrap_or_else(|| "10m".into());
    let every =
        vanban::sync::parse_period(&every).map_err(|e| anyhow::anyhow!("sync_every: {e}"))?;
    let opts = vanban::sync::SyncOptions {
        url,
        table,
        query,
        key_column: args
            .sync_key_column
            .take()
            .or(file.sync_key_column.take())
            .unwrap_or_else(|| "id".into()),
        updated_column: args
            .sync_updated_column
            .take()
            .or(file.sync_updated_column.take()),
        name: args.sync_name.take().or(file.sync_name.take()),
        page_rows: vanban::sync::PAGE_ROWS,
        full: false,
        ssl_root_cert: args
            .sync_ssl_root_cert
            .take()
            .or(file.sync_ssl_root_cert.take()),
    };
    Ok(Some((opts, every)))
}

/// `vanban serve`: merges the flags over the configuration file, starts the logs, serves.
pub fn run(mut args: ServeArgs, index: Option<PathBuf>) -> Result<()> {
    let mut file = match &args.config {
        Some(path) => vanban::config::ServeConfig::load(path)?,
        None => vanban::config::ServeConfig::default(),
    };
    vanban::config::init_logs(args.log_format.or(file.log_format).unwrap_or_default());
    if let Some(path) = &args.config {
        tracing::info!(config = %path.display(), "configuration file read");
    }
    let sync = sync_options(&mut args, &mut file)?;
    let request_timeout = std::time::Duration::from_secs(
        args.request_timeout
            .or(file.request_timeout)
            .unwrap_or(10)
            .max(1),
    );
    let cors_origins = if args.cors_origins.is_empty() {
        file.cors_origins.unwrap_or_default()
    } else {
        args.cors_origins
    };
    let options = vanban::http::ServerOptions {
        cors_origins,
        api_key: args.api_key.or(file.api_key),
        request_timeout,
        max_body_bytes: args
            .max_body_bytes
            .or(file.max_body_bytes)
            .unwrap_or(vanban::http::MAX_BODY_BYTES),
        read_only: args.read_only || file.read_only.unwrap_or(false),
        watch: args.watch.or(file.watch),
        watch_poll: args.watch_poll || file.watch_poll.unwrap_or(false),
    };
    let header_timeout = args.header_timeout.or(file.header_timeout).unwrap_or(10);
    let limits = vanban::http::serve::ServeLimits {
        header_read_timeout: std::time::Duration::from_secs(header_timeout.max(1)),
        max_connections: args
            .max_connections
            .or(file.max_connections)
            .unwrap_or_else(vanban::http::serve::default_max_connections),
        // Requests in flight end by their own timeout; a little more for the answer.
        shutdown_grace: request_timeout + std::time::Duration::from_secs(5),
    };
    let addr = args
        .addr
        .or(file.addr)
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let corpus = args
        .corpus
        .or(file.corpus)
        .unwrap_or_else(|| "corpus".into());
    let index = index.or(file.index).unwrap_or_else(|| "index".into());
    serve_cmd(&addr, &corpus, &options, &limits, &index, sync)
}

fn serve_cmd(
    addr: &str,
    corpus: &std::path::Path,
    options: &vanban::http::ServerOptions,
    limits: &vanban::http::serve::ServeLimits,
    dir: &std::path::Path,
    sync: Option<(vanban::sync::SyncOptions, std::time::Duration)>,
) -> Result<()> {
    anyhow::ensure!(
        !(options.read_only && sync.is_some()),
        "a read-only replica cannot sync from a database: give the sync options to the writer"
    );
    let index = if options.read_only {
        VanbanIndex::open(dir)?
    } else {
        VanbanIndex::open_or_create(dir)?
    };
    if index.document_count()? == 0
        && !options.read_only
        && options.watch.is_none()
        && sync.is_none()
    {
        tracing::info!(
            index = %dir.display(),
            corpus = %corpus.display(),
            "the index is empty: indexing the corpus folder first"
        );
        let report =
            super::index::run_ingest(&index, &[corpus.to_path_buf()], IngestOptions::default())?;
        tracing::info!(
            documents = report.documents,
            files = report.files_indexed,
            "corpus indexed"
        );
        for p in &report.problems {
            tracing::warn!(path = %p.path, reason = %p.reason, "file skipped");
        }
    }
    if options.api_key.as_deref() == Some("") {
        anyhow::bail!("the API key is empty; give a non-empty --api-key or VANBAN_API_KEY");
    }
    if let Some(key) = options.api_key.as_deref() {
        if key.chars().count() < vanban::http::auth::MIN_KEY_CHARS {
            tracing::warn!(
                "the API key has {} characters; use at least {} random ones \
                 (e.g. `openssl rand -hex 32`)",
                key.chars().count(),
                vanban::http::auth::MIN_KEY_CHARS
            );
        }
    }
    anyhow::ensure!(
        !(options.read_only && options.watch.is_some()),
        "a read-only replica cannot watch a folder: give --watch to the writer"
    );
    let writes = options.api_key.is_some() && !options.read_only;
    let (app, index, writer) = vanban::http::router_and_writer(index, options)?;
    if let Some((opts, every)) = sync {
        tracing::info!(
            sync = opts
                .table
                .as_deref()
                .or(opts.name.as_deref())
                .unwrap_or("query"),
            every_seconds = every.as_secs(),
            "syncing from PostgreSQL while serving"
        );
        vanban::sync::spawn(index, writer, opts, every)?;
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        tracing::info!(
            "vanban listening on http://{} ({})",
            listener.local_addr()?,
            if writes {
                "writes enabled"
            } else {
                "read-only"
            }
        );
        vanban::http::serve::serve(
            listener,
            app,
            limits,
            vanban::http::serve::shutdown_signal(),
        )
        .await;
        tracing::info!("vanban stopped");
        Ok(())
    })
}
