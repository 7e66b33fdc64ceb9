//! `POST /api/documents/bulk`: many records in one request (NDJSON, one JSON record a line, in
//! the engine's names or the record names of `.jsonl` files), each added or replaced by id
//! (upsert), all in one commit. The answer says what became of each line: `created`,
//! `updated`, `unchanged` (the stored document is the same) or `error` with its reason; a bad
//! line does not stop the others.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::document::Document;
use crate::error::Code;
use crate::http::auth::authorize;
use crate::http::error::{AppError, ErrorBody};
use crate::http::write::{body_document, too_large, with_writer};
use crate::http::AppState;
use crate::index::{VanbanIndex, Writer};
use crate::pipeline::{Batch, Change};

/// What became of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// No document had its id: added.
    Created,
    /// A different document had its id: replaced.
    Updated,
    /// The stored document is the same: nothing written.
    Unchanged,
    /// Not written; see `code` and `reason`.
    Error,
}

/// One line's result.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LineResult {
    /// Line number in the request body (from 1).
    pub line: usize,
    /// The document's id, when the record could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What became of it.
    pub result: Outcome,
    /// For an error: its code (as in error answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For an error: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer of a bulk write; everything not in error is committed and searchable.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct BulkReport {
    /// Records added.
    pub created: usize,
    /// Records that replaced a different document.
    pub updated: usize,
    /// Records equal to the stored document.
    pub unchanged: usize,
    /// Records refused.
    pub errors: usize,
    /// One entry per non-empty line, in order.
    pub results: Vec<LineResult>,
}

impl BulkReport {
    fn push(&mut self, line: usize, id: Option<String>, outcome: Result<Outcome, AppError>) {
        let (result, code, reason) = match outcome {
            Ok(o) => (o, None, None),
            Err(e) => (Outcome::Error, Some(e.code.to_string()), Some(e.message)),
        };
        match result {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Error => self.errors += 1,
        }
        self.results.push(LineResult {
            line,
            id,
            result,
            code,
            reason,
        });
    }
}

/// The source tag of a bulk write (`?source=TAG`): every document of the request carries it as
/// its source, so that `DELETE /api/documents?source=TAG` removes the batch. `None` keeps each
/// document's own source, `api:<id>`.
pub fn source_tag(query: Option<&str>) -> Result<Option<String>, AppError> {
    let mut tag = None;
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if k != "source" {
            return Err(AppError::bad_request(
                Code::UnknownParameter,
                format!(
                    "unknown parameter `{}`; this route takes `source`",
                    k.escape_debug()
                ),
            ));
        }
        tag = Some(v.into_owned());
    }
    let Some(tag) = tag else { return Ok(None) };
    let bad = tag.trim().is_empty()
        || tag.len() > 255
        || tag.starts_with('/')
        || tag.starts_with(crate::http::write::API_SOURCE_PREFIX)
        || tag.chars().any(char::is_control);
    if bad {
        return Err(AppError::unprocessable(
            Code::BadSource,
            format!(
                "source `{}` is not accepted: give 1 to 255 bytes, not starting with `/` or `api:`, \
                 without control characters (e.g. `hr-export-2026-05`)",
                tag.escape_debug()
            ),
        ));
    }
    Ok(Some(tag))
}

/// Reads the records of an NDJSON body (blank lines skipped), each to a document or an error.
pub fn parse_lines(body: &[u8]) -> Vec<(usize, Result<Document, AppError>)> {
    body.split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.trim_ascii().is_empty())
        .map(|(i, l)| (i + 1, body_document(l.trim_ascii(), None)))
        .collect()
}

/// Writes the records with the writer held: one commit for all, rolled back on a failure of
/// the index itself (then nothing of the request is kept).
pub fn apply_bulk(
    index: &VanbanIndex,
    writer: &mut Writer,
    records: Vec<(usize, Result<Document, AppError>)>,
) -> Result<BulkReport, AppError> {
    let mut report = BulkReport::default();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    // A failure of the index itself drops the batch, which rolls everything back.
    let mut batch = Batch::new(index, writer);
    let mut written = false;
    for (line, record) in records {
        let doc = match record {
            Ok(doc) => doc,
            Err(e) => {
                report.push(line, None, Err(e));
                continue;
            }
        };
        if let Some(first) = first_line.get(&doc.id) {
            let e = AppError::unprocessable(
                Code::DuplicateId,
                format!("line {first} of this request has the same id"),
            );
            report.push(line, Some(doc.id), Err(e));
            continue;
        }
        first_line.insert(doc.id.clone(), line);
        let outcome = match index.get(&doc.id)? {
            None => Outcome::Created,
            Some(stored) if stored == doc => Outcome::Unchanged,
            Some(_) => Outcome::Updated,
        };
        let id = doc.id.clone();
        if outcome != Outcome::Unchanged {
            batch.stage(&Change::Upsert(Box::new(doc)))?;
            written = true;
        }
        report.push(line, Some(id), Ok(outcome));
    }
    if written {
        batch.commit(None)?;
    }
    Ok(report)
}

/// Adds or replaces many records (NDJSON: one JSON record a line) in one commit.
#[utoipa::path(
    post,
    path = "/api/documents/bulk",
    tag = "write",
    params(("source" = Option<String>, Query, description = "A tag every document of the request carries as its source, so that `DELETE /api/documents?source=TAG` removes the batch (default: each document's own `api:<id>`).")),
    request_body(
        description = "One JSON record a line (`application/x-ndjson`), in the engine's names (`number`, `title`, `body`, ...) or the record names of `.jsonl` files (`so_hieu`, `trich_yeu`, `noi_dung`, ...). A record with an id replaces the document with that id.",
        content((String = "application/x-ndjson"))
    ),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Each line's result; the written ones are committed and searchable", body = BulkReport),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`writes_disabled`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 400, description = "`unknown_parameter`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`", body = ErrorBody),
        (status = 422, description = "`no_documents`: the body has no record; `bad_source`: the source tag is not accepted", body = ErrorBody),
        (status = 503, description = "`timeout`", body = ErrorBody),
    )
)]
pub async fn bulk(
    State(s): State<Arc<AppState>>,
    req: Request,
) -> Result<Json<BulkReport>, AppError> {
    authorize(s.api_key.as_deref(), req.headers())?;
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let ndjson = [
        "application/x-ndjson",
        "application/jsonl",
        "application/json",
    ]
    .iter()
    .any(|t| ct.starts_with(t));
    if !ndjson {
        return Err(AppError::new(
            Code::UnsupportedMediaType,
            "send application/x-ndjson: one JSON record a line",
        ));
    }
    let tag = source_tag(req.uri().query())?;
    let limit = s.max_body_bytes;
    let bytes = axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| too_large(limit))?;
    let mut records = tokio::task::spawn_blocking(move || parse_lines(&bytes)).await?;
    if let Some(tag) = tag {
        for doc in records.iter_mut().filter_map(|(_, r)| r.as_mut().ok()) {
            doc.source.clone_from(&tag);
        }
    }
    if records.is_empty() {
        return Err(AppError::unprocessable(
            Code::NoDocuments,
            "the body holds no record",
        ));
    }
    let report = with_writer(&s, move |index, writer| apply_bulk(index, writer, records)).await?;
    Ok(Json(report))
}
