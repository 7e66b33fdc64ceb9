//! `vanban sync`: keeps the index in step with a PostgreSQL table or query of records.
//!
//! Each row is read as a JSON object (`to_jsonb`), so its columns are read by the names the
//! record reader already knows (`so_hieu`, `trich_yeu`, `noi_dung`, ... or `number`, `title`,
//! `body`, ...); other columns are left out and named in the report. The key column is the
//! document's id. Every document of one sync carries the same source, `postgres:<name>`, so
//! that `DELETE /api/documents?source=postgres:<name>` removes them all.
//!
//! A run reads, in one read-only snapshot of the database:
//! 1. the rows changed since the last run (`updated column >=` the highest value seen, which is
//!    kept in `vanban-sync.json` in the index folder), or every row without an updated column,
//!    in pages through a cursor; each page is written in one commit ([`bulk::apply_bulk`]: a
//!    row whose document is the same is left alone) and only then is the watermark moved;
//! 2. the keys of all rows: documents of this source whose key is gone are removed in one
//!    commit ([`pipeline::apply`] with [`Change::DeleteMany`]).
//!
//! A row that cannot be read (no text, number or title; an id with `/`) is reported and the
//! others go on; a failed run (database gone, index error) leaves every earlier commit and the
//! watermark of the last committed page, so the next run goes on from there.
//!
//! [`bulk::apply_bulk`]: crate::http::bulk::apply_bulk

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::http::bulk::{apply_bulk, Outcome};
use crate::http::AppError;
use crate::index::VanbanIndex;
use crate::pipeline::{self, Change};
use crate::read::record::is_known_key;
use crate::watch::WriterSource;

pub mod tls;

/// File in the index folder that keeps each sync's watermark.
pub const STATE_FILE: &str = "vanban-sync.json";
/// Rows read and committed at a time.
pub const PAGE_ROWS: usize = 500;
/// Prefix of the source of synced documents.
pub const SOURCE_PREFIX: &str = "postgres:";

/// Why a sync run failed (a row that cannot be read is not a failure: see [`RowError`]).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The options do not describe a sync.
    #[error("{0}")]
    Options(String),
    /// The database refused or the connection failed (with what to do, when known).
    #[error("PostgreSQL: {0}")]
    Database(String),
    /// The index failed.
    #[error(transparent)]
    Index(#[from] crate::error::Error),
    /// The watermark file could not be read or written.
    #[error("{path}: {reason}")]
    State { path: String, reason: String },
}

impl From<postgres::Error> for SyncError {
    fn from(e: postgres::Error) -> Self {
        // The driver's message, then the server's (`db error: FATAL: ...`), then a hint.
        let mut message = tls::chain(&e);
        if let Some(hint) = tls::hint(&message) {
            message = format!("{message} ({hint})");
        }
        SyncError::Database(message)
    }
}

impl From<AppError> for SyncError {
    fn from(e: AppError) -> Self {
        SyncError::Index(crate::error::Error::Internal(e.message))
    }
}

/// What to read.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// `postgres://user:password@host:port/database` (or a key=value connection string).
    pub url: String,
    /// A table (`van_ban` or `schema.van_ban`); or give [`SyncOptions::query`].
    pub table: Option<String>,
    /// A query whose rows are the records.
    pub query: Option<String>,
    /// The column holding each record's id.
    pub key_column: String,
    /// A column that grows when a row changes (`updated_at`, a version number); without it
    /// every run reads every row (and writes only the changed ones).
    pub updated_column: Option<String>,
    /// Name of this sync (its watermark and its documents' source `postgres:<name>`); default
    /// the table's name, or `query`.
    pub name: Option<String>,
    /// Rows per page (and per commit).
    pub page_rows: usize,
    /// Read every row, ignoring the watermark.
    pub full: bool,
    /// The CA certificate (PEM) that signed the server's, for `sslmode=verify-ca` or
    /// `verify-full`; wins over `sslrootcert` in the URL.
    pub ssl_root_cert: Option<std::path::PathBuf>,
}

/// A row that was not written.
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    /// Its key (empty when the key is null).
    pub key: String,
    /// The error code (as in the API's answers).
    pub code: String,
    /// Why.
    pub reason: String,
}

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct SyncReport {
    /// The sync's name.
    pub name: String,
    /// The source of its documents (`postgres:<name>`).
    pub source: String,
    /// Rows read.
    pub rows: usize,
    /// Documents added.
    pub created: usize,
    /// Documents replaced by a changed row.
    pub updated: usize,
    /// Rows whose document was already the same.
    pub unchanged: usize,
    /// Documents removed because their row is gone.
    pub deleted: usize,
    /// Rows not written, with the reason.
    pub errors: Vec<RowError>,
    /// Columns that are no record field vanban knows, left out.
    pub ignored_columns: Vec<String>,
    /// The watermark the run started from.
    pub since: Option<String>,
    /// The watermark it left.
    pub watermark: Option<String>,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// The watermarks of the syncs of one index.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    syncs: BTreeMap<String, SyncState>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct SyncState {
    /// Highest updated-column value committed, as PostgreSQL prints it.
    watermark: Option<String>,
}

impl State {
    fn load(dir: Option<&Path>) -> Result<State, SyncError> {
        let Some(path) = dir.map(|d| d.join(STATE_FILE)) else {
            return Ok(State::default());
        };
        let err = |reason: String| SyncError::State {
            path: path.display().to_string(),
            reason,
        };
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| err(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(err(e.to_string())),
        }
    }

    /// Writes the state atomically (temp file, rename).
    fn save(&self, dir: Option<&Path>) -> Result<(), SyncError> {
        let Some(dir) = dir else { return Ok(()) };
        let path = dir.join(STATE_FILE);
        let tmp = dir.join(format!("{STATE_FILE}.tmp"));
        let err = |e: std::io::Error| SyncError::State {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| SyncError::State {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        std::fs::write(&tmp, bytes).map_err(err)?;
        std::fs::rename(&tmp, &path).map_err(err)
    }
}

/// `name` as an SQL identifier: `"name"`, with `"` doubled.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A table name, possibly `schema.table`, quoted part by part.
fn table_ident(name: &str) -> String {
    name.split('.').map(ident).collect::<Vec<_>>().join(".")
}

impl SyncOptions {
    /// The rows' query, and the sync's name.
    fn base(&self) -> Result<(String, String), SyncError> {
        let (sql, default_name) = match (&self.table, &self.query) {
            (Some(t), None) => (format!("SELECT * FROM {}", table_ident(t)), t.clone()),
            (None, Some(q)) => (
                q.trim().trim_end_matches(';').to_string(),
                "query".to_string(),
            ),
            _ => {
                return Err(SyncError::Options(
                    "give either --table NAME or --query 'SELECT ...'".into(),
                ))
            }
        };
        let name = self.name.clone().unwrap_or(default_name);
        if name.trim().is_empty()
            || name.contains(['/', '\\'])
            || name.chars().any(char::is_control)
        {
            return Err(SyncError::Options(format!(
                "sync name `{}` is not accepted: no `/`, `\\` or control characters",
                name.escape_debug()
            )));
        }
        Ok((sql, name))
    }
}

/// Runs one sync of `index`, taking its writer for each page.
pub fn sync(index: &VanbanIndex, opts: &SyncOptions) -> Result<SyncReport, SyncError> {
    sync_with(index, &WriterSource::PerBatch, opts)
}

/// Runs one sync with the writer of `writer` (a server's, shared with its write API and its
/// watched folder), locked for each page's commit.
pub fn sync_with(
    index: &VanbanIndex,
    writer: &WriterSource,
    opts: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    let (base, name) = opts.base()?;
    let source = format!("{SOURCE_PREFIX}{name}");
    let dir = index.dir().map(Path::to_path_buf);
    let mut state = State::load(dir.as_deref())?;
    let since = if opts.full {
        None
    } else {
        state.syncs.get(&name).and_then(|s| s.watermark.clone())
    };
    let mut report = SyncReport {
        name: name.clone(),
        source: source.clone(),
        since: since.clone(),
        watermark: since.clone(),
        ..SyncReport::default()
    };
    let mut client = tls::connect(&opts.url, opts.ssl_root_cert.as_deref())?;
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let key = ident(&opts.key_column);
    let (changed_sql, since_param) = match &opts.updated_column {
        Some(col) => {
            let upd = ident(col);
            // The column's type, so that the watermark (kept as text) compares as that type.
            let probe = tx.prepare(&format!("SELECT s.{upd} FROM ({base}) AS s LIMIT 0"))?;
            let ty = ident(probe.columns()[0].type_().name());
            (
                format!(
                    "SELECT to_jsonb(s)::text, (s.{key})::text, (s.{upd})::text FROM ({base}) AS s \
                     WHERE $1::text IS NULL OR s.{upd} >= ($1::text)::{ty} ORDER BY s.{upd}"
                ),
                since.clone(),
            )
        }
        None => (
            format!(
                "SELECT to_jsonb(s)::text, (s.{key})::text, NULL::text FROM ({base}) AS s \
                 WHERE $1::text IS NULL"
            ),
            None,
        ),
    };
    let changed = tx.prepare(&changed_sql)?;
    let portal = tx.bind(&changed, &[&since_param])?;
    let mut ignored = BTreeSet::new();
    let skip: Vec<&str> = [
        Some(opts.key_column.as_str()),
        opts.updated_column.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    loop {
        let rows = tx.query_portal(&portal, opts.page_rows.max(1) as i32)?;
        if rows.is_empty() {
            break;
        }
        let mut records = Vec::with_capacity(rows.len());
        let mut keys = Vec::with_capacity(rows.len());
        let mut page_mark = None;
        for row in &rows {
            report.rows += 1;
            let json: Option<String> = row.try_get(0)?;
            let key: Option<String> = row.try_get(1)?;
            if let Some(mark) = row.try_get::<_, Option<String>>(2)? {
                page_mark = Some(mark);
            }
            let doc =
                row_document(json.as_deref(), key.as_deref(), &skip, &mut ignored).map(|mut d| {
                    d.source = source.clone();
                    d
                });
            keys.push(key.unwrap_or_default());
            records.push((keys.len() - 1, doc));
        }
        let page = writer.with(index, |w| {
            apply_bulk(index, w, records).map_err(SyncError::from)
        })?;
        report.created += page.created;
        report.updated += page.updated;
        report.unchanged += page.unchanged;
        for r in page.results {
            if r.result == Outcome::Error {
                report.errors.push(RowError {
                    key: keys[r.line].clone(),
                    code: r.code.unwrap_or_default(),
                    reason: r.reason.unwrap_or_default(),
                });
            }
        }
        // The page is committed: the next run may start from its last value.
        if page_mark.is_some() && opts.updated_column.is_some() {
            report.watermark = page_mark;
            state.syncs.entry(name.clone()).or_default().watermark = report.watermark.clone();
            state.save(dir.as_deref())?;
        }
    }
    // Deletes: the keys of every row, in the same snapshot.
    let present: HashSet<String> = tx
        .query(&format!("SELECT (s.{key})::text FROM ({base}) AS s"), &[])?
        .iter()
        .filter_map(|r| r.get::<_, Option<String>>(0))
        .collect();
    tx.commit()?;
    let gone: Vec<String> = index
        .ids_of_source(&source)?
        .into_iter()
        .filter(|id| !present.contains(id))
        .collect();
    if !gone.is_empty() {
        report.deleted = gone.len();
        writer.with(index, |w| {
            pipeline::apply(index, w, &Change::DeleteMany(gone))
        })?;
    }
    report.ignored_columns = ignored.into_iter().collect();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// One row's document: its JSON object less the key and updated columns and the columns no
/// reader knows (added to `ignored`), read by the record reader with the key as id.
fn row_document(
    json: Option<&str>,
    key: Option<&str>,
    skip: &[&str],
    ignored: &mut BTreeSet<String>,
) -> Result<crate::document::Document, AppError> {
    use crate::error::Code;
    let key = key.filter(|k| !k.trim().is_empty()).ok_or_else(|| {
        AppError::unprocessable(Code::BadId, "the key column is empty or null in this row")
    })?;
    let value: serde_json::Value = serde_json::from_str(json.unwrap_or("null"))
        .map_err(|e| AppError::unprocessable(Code::BadRecord, e.to_string()))?;
    let serde_json::Value::Object(mut map) = value else {
        return Err(AppError::unprocessable(
            Code::BadRecord,
            "the row is not a record",
        ));
    };
    // The key is the id: a column named `id` or `vbpl_item_id` would compete with it.
    map.retain(|k, _| {
        let keep = !skip.contains(&k.as_str()) && k != "id" && k != "vbpl_item_id";
        if keep && !is_known_key(k) {
            ignored.insert(k.clone());
            return false;
        }
        keep
    });
    crate::http::write::reader_document(&serde_json::Value::Object(map), Some(key))
}

/// Runs [`sync_with`] now and after each `every` until the process ends, on a thread of its
/// own (`vanban serve --sync-from`); each run is logged, a failed one as an error and tried
/// again at the next period.
pub fn spawn(
    index: std::sync::Arc<VanbanIndex>,
    writer: WriterSource,
    opts: SyncOptions,
    every: Duration,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("vanban-sync".into())
        .spawn(move || loop {
            match sync_with(&index, &writer, &opts) {
                Ok(r) => {
                    tracing::info!(
                        sync = %r.name,
                        rows = r.rows,
                        created = r.created,
                        updated = r.updated,
                        unchanged = r.unchanged,
                        deleted = r.deleted,
                        errors = r.errors.len(),
                        seconds = r.seconds,
                        watermark = r.watermark.as_deref().unwrap_or(""),
                        "sync done"
                    );
                    for e in r.errors.iter().take(20) {
                        tracing::warn!(sync = %r.name, key = %e.key, code = %e.code, reason = %e.reason, "row not synced");
                    }
                    if !r.ignored_columns.is_empty() {
                        tracing::info!(sync = %r.name, columns = %r.ignored_columns.join(", "), "columns left out (no record field of that name)");
                    }
                }
                Err(e) => tracing::error!(
                    error = %e,
                    next_in_seconds = every.as_secs(),
                    "sync failed; trying again at the next period"
                ),
            }
            std::thread::sleep(every);
        })
}

/// Parses a period such as `30s`, `10m`, `2h` or `1d` (a bare number is seconds).
pub fn parse_period(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: u64 = n
        .parse()
        .map_err(|_| format!("`{text}` is not a period: give 30s, 10m, 2h or 1d"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "m" | "min" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("`{text}` is not a period: give 30s, 10m, 2h or 1d")),
    };
    if secs == 0 {
        return Err("the period must be at least one second".into());
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(parse_period("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_period("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_period("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_period("0s").is_err());
        assert!(parse_period("ten minutes").is_err());
        assert!(parse_period("5y").is_err());
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(table_ident("public.van_ban"), "\"public\".\"van_ban\"");
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn a_row_reads_by_vietnamese_names_and_leaves_other_columns_out() {
        let mut ignored = BTreeSet::new();
        let row = r#"{"ma": 7, "so_hieu": "176/KH-UBND", "trich_yeu": "Kế hoạch tuyên truyền",
            "noi_dung": "Điều 1. Phạm vi", "cap_nhat": "2026-01-01", "ghi_chu": "x", "id": 99}"#;
        let d = row_document(Some(row), Some("7"), &["ma", "cap_nhat"], &mut ignored).unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.number.as_deref(), Some("176/KH-UBND"));
        assert_eq!(ignored.into_iter().collect::<Vec<_>>(), vec!["ghi_chu"]);
        let mut ignored = BTreeSet::new();
        assert!(row_document(Some(row), None, &[], &mut ignored).is_err());
        let empty = r#"{"ghi_chu": "x"}"#;
        assert!(row_document(Some(empty), Some("8"), &[], &mut ignored).is_err());
    }

    #[test]
    fn options_need_a_table_or_a_query() {
        let mut o = SyncOptions {
            url: String::new(),
            table: None,
            query: None,
            key_column: "id".into(),
            updated_column: None,
            name: None,
            page_rows: 10,
            full: false,
            ssl_root_cert: None,
        };
        assert!(o.base().is_err());
        o.table = Some("public.van_ban".into());
        assert_eq!(o.base().unwrap().1, "public.van_ban");
        o.name = Some("a/b".into());
        assert!(o.base().is_err());
    }
}
