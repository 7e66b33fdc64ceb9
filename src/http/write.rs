//! The write routes: add documents (a JSON record, or files uploaded through the same readers and
//! extraction as `vanban index`), replace one, delete one. Each needs the API key ([`auth`]).
//!
//! A write holds the index's single writer for its whole course (check, add, commit, reload), so
//! writes are serialized, and it answers only after the commit is visible to new searches: a
//! document is searchable as soon as its write is acknowledged, and it survives a restart.
//! Searches run on committed snapshots, so none sees half a write. Uploaded bytes go to the
//! readers in memory and nowhere else; ids and file names are only index terms, and those that
//! look like paths are refused all the same.
//!
//! [`auth`]: crate::http::auth

use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tokio::sync::OwnedMutexGuard;
use utoipa::ToSchema;

use crate::document::{Document, RawDoc, RawFields};
use crate::error::Code;
use crate::http::auth::authorize;
use crate::http::error::{AppError, ErrorBody};
use crate::http::AppState;
use crate::index::{VanbanIndex, Writer};
use crate::pipeline::{self, Change};

/// Longest id or file name accepted, in bytes.
const MAX_NAME_BYTES: usize = 255;
/// Prefix of the `source` of documents written through the API: `api:<id>`.
pub const API_SOURCE_PREFIX: &str = "api:";

/// A document sent as JSON, with the data model's names. Extraction still reads the body
/// (outline, citations, tasks, agencies); the fields given here win over what it reads.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRecord {
    /// Stable id; made from the number, issuer and date (or the content) when absent. No `/`,
    /// `\` or control characters.
    pub id: Option<String>,
    /// Số hiệu as written (`176/KH-UBND`).
    pub number: String,
    /// Loại văn bản (`Kế hoạch`).
    pub doc_type: String,
    /// Trích yếu.
    pub title: String,
    /// Cơ quan ban hành (`UBND tỉnh Lạng Sơn`).
    pub issuer: String,
    /// Ngày ban hành (YYYY-MM-DD).
    pub issued: NaiveDate,
    /// Ngày có hiệu lực (YYYY-MM-DD).
    pub effective: Option<NaiveDate>,
    /// Lĩnh vực.
    pub field: Option<String>,
    /// Người ký.
    pub signer: Option<String>,
    /// The full text.
    pub body: String,
}

/// A document a write stored.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WrittenDocument {
    /// Its id (`GET /api/documents/{id}` shows it).
    pub id: String,
    /// Its number as written.
    pub number: Option<String>,
    /// Its type.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// `api:<id>`.
    pub source: String,
}

/// What a write stored; it is committed and searchable when this is answered.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WriteResult {
    /// The documents written.
    pub documents: Vec<WrittenDocument>,
}

/// What a delete removed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Deleted {
    /// Id of the removed document.
    pub deleted: String,
}

/// Refuses an id or file name that is empty, too long, or shaped like a path.
pub fn check_name(kind: &'static str, name: &str) -> Result<(), AppError> {
    let bad = name.trim().is_empty()
        || name.len() > MAX_NAME_BYTES
        || name == "."
        || name == ".."
        || name.contains(['/', '\\'])
        || name.chars().any(char::is_control);
    if bad {
        let code = if kind == "id" {
            Code::BadId
        } else {
            Code::BadFilename
        };
        return Err(AppError::unprocessable(
            code,
            format!(
                "{kind} `{}` is not accepted: give 1 to {MAX_NAME_BYTES} bytes without `/`, `\\` or control characters",
                name.escape_debug()
            ),
        ));
    }
    Ok(())
}

/// Marks a document as written through the API: checks its id, sets `source` to `api:<id>`.
fn from_api(mut doc: Document) -> Result<Document, AppError> {
    check_name("id", &doc.id)?;
    doc.source = format!("{API_SOURCE_PREFIX}{}", doc.id);
    Ok(doc)
}

/// The document a JSON record describes, through extraction; `path_id` is the id of a `PUT`.
pub fn record_document(rec: DocumentRecord, path_id: Option<&str>) -> Result<Document, AppError> {
    if rec.body.trim().is_empty() {
        return Err(AppError::unprocessable(
            Code::EmptyBody,
            "`body` is empty; send the document's text",
        ));
    }
    let id = match (path_id, rec.id) {
        (Some(p), Some(r)) if p != r => {
            return Err(AppError::unprocessable(
                Code::IdMismatch,
                format!("the record's id `{r}` differs from the id `{p}` in the path"),
            ))
        }
        (Some(p), _) => Some(p.to_string()),
        (None, r) => r,
    };
    if let Some(id) = &id {
        check_name("id", id)?;
    }
    let raw = RawDoc {
        source: API_SOURCE_PREFIX.to_string(),
        text: rec.body,
        fields: RawFields {
            id: id.clone(),
            number: Some(rec.number.clone()),
            doc_type: Some(rec.doc_type.clone()),
            title: Some(rec.title.clone()),
            issuer: Some(rec.issuer.clone()),
            issued: Some(rec.issued.to_string()),
            effective: rec.effective.map(|d| d.to_string()),
            signer: rec.signer.clone(),
            field: rec.field.clone(),
            original: None,
            links: Vec::new(),
            ..RawFields::default()
        },
        ..RawDoc::default()
    };
    let mut doc = pipeline::document_of(raw);
    // Stated fields win; extraction may only normalize their spelling.
    if let Some(id) = id {
        doc.id = id;
    }
    doc.number.get_or_insert(rec.number);
    doc.doc_type.get_or_insert(rec.doc_type);
    doc.title.get_or_insert(rec.title);
    doc.issuer.get_or_insert(rec.issuer);
    doc.issued = Some(rec.issued);
    doc.effective = rec.effective.or(doc.effective);
    if doc.signer.is_none() {
        doc.signer = rec.signer;
    }
    if doc.field.is_none() {
        doc.field = rec.field;
    }
    from_api(doc)
}

/// Parses a JSON record: malformed JSON is 400 `bad_json`, a record with missing, unknown or
/// mistyped fields is 422 `bad_record`.
pub fn parse_record(bytes: &[u8]) -> Result<DocumentRecord, AppError> {
    let rec: DocumentRecord = serde_json::from_slice(bytes).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => AppError::unprocessable(Code::BadRecord, e.to_string()),
            _ => AppError::bad_request(Code::BadJson, format!("the body is not JSON: {e}")),
        }
    })?;
    use crate::extract::dates::{in_range, MAX_DATE, MIN_DATE};
    for (name, date) in [("issued", Some(rec.issued)), ("effective", rec.effective)] {
        if let Some(d) = date.filter(|d| !in_range(*d)) {
            return Err(AppError::bad_request(
                Code::BadDate,
                format!("{name} ({d}) is outside {MIN_DATE} to {MAX_DATE}"),
            ));
        }
    }
    Ok(rec)
}

/// The engine's own field names ([`DocumentRecord`]); a record using only these is checked
/// strictly, as before.
const ENGINE_KEYS: &[&str] = &[
    "id",
    "number",
    "doc_type",
    "title",
    "issuer",
    "issued",
    "effective",
    "field",
    "signer",
    "body",
];

/// The document of a JSON write body: a [`DocumentRecord`] in the engine's names, or a record
/// in the names the file readers know (`so_hieu`, `trich_yeu`, `noi_dung`, ...: the same
/// record reader as `.jsonl` files). Unknown names are refused either way.
pub fn body_document(bytes: &[u8], path_id: Option<&str>) -> Result<Document, AppError> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| AppError::bad_request(Code::BadJson, format!("the body is not JSON: {e}")))?;
    let engine_shape = value
        .as_object()
        .is_none_or(|m| m.keys().all(|k| ENGINE_KEYS.contains(&k.as_str())));
    if engine_shape {
        return record_document(parse_record(bytes)?, path_id);
    }
    reader_document(&value, path_id)
}

/// A record in the file readers' names, through the record reader and extraction.
pub(crate) fn reader_document(
    value: &serde_json::Value,
    path_id: Option<&str>,
) -> Result<Document, AppError> {
    if let Some(k) = pipeline::unknown_record_name(value) {
        return Err(AppError::unprocessable(
            Code::BadRecord,
            format!(
                "unknown field `{}`: use the engine's names (number, title, body, ...) or \
                 the record names vanban reads (so_hieu, trich_yeu, noi_dung, ...)",
                k.escape_debug()
            ),
        ));
    }
    let mut raw = pipeline::record(value, API_SOURCE_PREFIX)
        .map_err(|reason| AppError::unprocessable(Code::BadRecord, reason))?;
    match (path_id, raw.fields.id.as_deref()) {
        (Some(p), Some(r)) if p != r => {
            return Err(AppError::unprocessable(
                Code::IdMismatch,
                format!("the record's id `{r}` differs from the id `{p}` in the path"),
            ))
        }
        (Some(p), _) => raw.fields.id = Some(p.to_string()),
        _ => {}
    }
    if let Some(id) = &raw.fields.id {
        check_name("id", id)?;
    }
    from_api(pipeline::document_of(raw))
}

enum BodyKind {
    Json,
    Multipart,
}

fn body_kind(headers: &HeaderMap, multipart_ok: bool) -> Result<BodyKind, AppError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("application/json") {
        Ok(BodyKind::Json)
    } else if multipart_ok && ct.starts_with("multipart/form-data") {
        Ok(BodyKind::Multipart)
    } else {
        let accepted = if multipart_ok {
            "application/json (a record) or multipart/form-data (files in `file` fields)"
        } else {
            "application/json (a record)"
        };
        Err(AppError::new(
            Code::UnsupportedMediaType,
            format!("send {accepted}"),
        ))
    }
}

pub(crate) fn too_large(limit: usize) -> AppError {
    AppError::new(
        Code::PayloadTooLarge,
        format!("the request body is larger than {limit} bytes"),
    )
}

async fn json_record(
    req: Request,
    limit: usize,
    path_id: Option<&str>,
) -> Result<Document, AppError> {
    let bytes = axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| too_large(limit))?;
    body_document(&bytes, path_id)
}

/// An uploaded file that is one document, to keep in the index folder `originals` for
/// `GET /api/documents/{id}/original` (with the writer held, just before the commit).
struct ToKeep {
    /// Which of the upload's documents it is.
    doc: usize,
    name: String,
    bytes: axum::body::Bytes,
}

/// The documents of the files of a multipart upload, read through the readers and extraction,
/// and the files to keep.
async fn uploaded_documents(
    req: Request,
    limit: usize,
) -> Result<(Vec<Document>, Vec<ToKeep>), AppError> {
    let multipart_error = |status: StatusCode, text: String| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(limit)
        } else {
            AppError::bad_request(Code::BadMultipart, text)
        }
    };
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(|e| multipart_error(e.status(), e.body_text()))?;
    let mut docs = Vec::new();
    let mut keep = Vec::new();
    let mut files = 0;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(e.status(), e.body_text()))?
    {
        if field.name() != Some("file") {
            let name = field.name().unwrap_or("").to_string();
            return Err(AppError::bad_request(
                Code::UnknownField,
                format!("form field `{name}` is unknown; send files in `file` fields"),
            ));
        }
        let name = field.file_name().unwrap_or("").to_string();
        check_name("file name", &name)?;
        let bytes = field
            .bytes()
            .await
            .map_err(|e| multipart_error(e.status(), e.body_text()))?;
        files += 1;
        let (file_name, file_bytes) = (name.clone(), bytes.clone());
        let read =
            tokio::task::spawn_blocking(move || pipeline::documents_from(&name, &bytes)).await??;
        if read.len() == 1 {
            keep.push(ToKeep {
                doc: docs.len(),
                name: file_name,
                bytes: file_bytes,
            });
        }
        for doc in read {
            docs.push(from_api(doc)?);
        }
    }
    if files == 0 {
        return Err(AppError::bad_request(
            Code::MissingFile,
            "the form has no `file` field with a file name",
        ));
    }
    if docs.is_empty() {
        return Err(AppError::unprocessable(
            Code::NoDocuments,
            "the uploaded files hold no document",
        ));
    }
    Ok((docs, keep))
}

/// Runs `f` on a blocking thread with the index's single writer held throughout.
pub(crate) async fn with_writer<T, F>(s: &Arc<AppState>, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&VanbanIndex, &mut Writer) -> Result<T, AppError> + Send + 'static,
{
    let writer = s
        .writer
        .clone()
        .ok_or_else(|| AppError::internal("writes are enabled but the server holds no writer"))?;
    let guard: OwnedMutexGuard<Writer> = writer.lock_owned().await;
    let state = s.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = guard;
        f(&state.index, &mut guard)
    })
    .await?
}

/// Runs a change with the writer held until it is committed and visible (see
/// [`pipeline::apply`]); `true` when an upsert added a document that was not there.
async fn write(s: &Arc<AppState>, change: Change) -> Result<bool, AppError> {
    with_writer(s, move |index, writer| {
        Ok(pipeline::apply(index, writer, &change)?)
    })
    .await
}

fn summary(d: &Document) -> WrittenDocument {
    WrittenDocument {
        id: d.id.clone(),
        number: d.number.clone(),
        doc_type: d.doc_type.clone(),
        title: d.title.clone(),
        source: d.source.clone(),
    }
}

/// Adds documents: a JSON record, or files (`multipart/form-data`, fields named `file`) read
/// like `vanban index` reads them. Answers once they are committed and searchable.
#[utoipa::path(
    post,
    path = "/api/documents",
    tag = "write",
    request_body(
        description = "A JSON record, or `multipart/form-data` with one or more `file` fields (txt, JSON/JSONL, HTML, docx, doc, pdf, CSV)",
        content(
            (DocumentRecord = "application/json"),
            (String = "multipart/form-data"),
        )
    ),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 201, description = "Written, committed and searchable", body = WriteResult),
        (status = 400, description = "`bad_json`, `bad_multipart`, `missing_file`, `unknown_field`", body = ErrorBody),
        (status = 401, description = "`unauthorized`: no API key or a wrong one", body = ErrorBody),
        (status = 403, description = "`writes_disabled`: the server has no API key configured", body = ErrorBody),
        (status = 409, description = "`already_exists`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`", body = ErrorBody),
        (status = 422, description = "`bad_record`, `empty_body`, `bad_id`, `bad_filename`, `duplicate_id`, `unreadable_document`, `no_documents`", body = ErrorBody),
        (status = 503, description = "`timeout`", body = ErrorBody),
    )
)]
pub async fn create(
    State(s): State<Arc<AppState>>,
    req: Request,
) -> Result<(StatusCode, HeaderMap, Json<WriteResult>), AppError> {
    authorize(s.api_key.as_deref(), req.headers())?;
    let (docs, keep) = match body_kind(req.headers(), true)? {
        BodyKind::Json => (
            vec![json_record(req, s.max_body_bytes, None).await?],
            Vec::new(),
        ),
        BodyKind::Multipart => uploaded_documents(req, s.max_body_bytes).await?,
    };
    let documents: Vec<WrittenDocument> = docs.iter().map(summary).collect();
    // The uploaded files are kept with the writer held, so that no collection of the files no
    // document names runs between keeping one and committing its document.
    with_writer(&s, move |index, writer| {
        let mut docs = docs;
        if let Some(dir) = index.dir() {
            for k in &keep {
                let hash = blake3::hash(&k.bytes).to_hex().to_string();
                let file = std::path::Path::new(&k.name);
                docs[k.doc].original = Some(crate::originals::keep(dir, file, &hash, &k.bytes)?);
            }
        }
        Ok(pipeline::apply(index, writer, &Change::Create(docs))?)
    })
    .await?;
    let mut headers = HeaderMap::new();
    if let [one] = documents.as_slice() {
        let location = format!("/api/documents/{}", utf8_percent_path(&one.id));
        if let Ok(v) = HeaderValue::from_str(&location) {
            headers.insert(header::LOCATION, v);
        }
    }
    Ok((
        StatusCode::CREATED,
        headers,
        Json(WriteResult { documents }),
    ))
}

/// Percent-encodes an id for a URL path segment.
fn utf8_percent_path(id: &str) -> String {
    form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// Replaces a document with a JSON record (the record's id, if any, must be the path's), or
/// adds it when there is no document with that id (upsert): 201 then, 200 for a replacement.
#[utoipa::path(
    put,
    path = "/api/documents/{id}",
    tag = "write",
    params(("id" = String, Path, description = "Id of the document to replace")),
    request_body(content = DocumentRecord, content_type = "application/json"),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Replaced, committed and searchable", body = WriteResult),
        (status = 201, description = "Added (no document had this id), committed and searchable", body = WriteResult),
        (status = 400, description = "`bad_json`", body = ErrorBody),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`writes_disabled`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`", body = ErrorBody),
        (status = 422, description = "`bad_record`, `empty_body`, `bad_id`, `id_mismatch`", body = ErrorBody),
        (status = 503, description = "`timeout`", body = ErrorBody),
    )
)]
pub async fn replace(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
    req: Request,
) -> Result<(StatusCode, Json<WriteResult>), AppError> {
    authorize(s.api_key.as_deref(), req.headers())?;
    body_kind(req.headers(), false)?;
    let doc = json_record(req, s.max_body_bytes, Some(&id)).await?;
    let documents = vec![summary(&doc)];
    let created = write(&s, Change::Upsert(Box::new(doc))).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(WriteResult { documents })))
}

/// Deletes a document and its passages.
#[utoipa::path(
    delete,
    path = "/api/documents/{id}",
    tag = "write",
    params(("id" = String, Path, description = "Id of the document to delete")),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Deleted and committed", body = Deleted),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`writes_disabled`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 503, description = "`timeout`", body = ErrorBody),
    )
)]
pub async fn delete(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Deleted>, AppError> {
    authorize(s.api_key.as_deref(), &headers)?;
    write(&s, Change::Delete(id.clone())).await?;
    Ok(Json(Deleted { deleted: id }))
}

/// The source whose documents `DELETE /api/documents?source=` removes.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SourceParam {
    /// The documents' `source_file`: an indexed file's key (its full path on the server) or
    /// `api:<id>`.
    pub source: String,
}

/// What a delete by source removed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeletedSource {
    /// The source.
    pub source: String,
    /// Documents removed.
    pub deleted: usize,
}

/// Removes the documents of one source, and the source from the manifest (so that `vanban
/// index` reads the file again if it comes back).
fn delete_source_now(
    index: &VanbanIndex,
    writer: &mut Writer,
    source: &str,
) -> Result<usize, AppError> {
    let n = index.count_source(source)?;
    if n == 0 {
        return Err(AppError::not_found(format!(
            "no document has source `{}`",
            source.escape_debug()
        )));
    }
    let mut manifest = index.manifest()?;
    let listed = manifest.files.remove(source).is_some();
    let mut batch = pipeline::Batch::new(index, writer);
    batch.stage(&Change::DeleteSource(source.to_string()))?;
    batch.commit(listed.then_some(&manifest))?;
    Ok(n)
}

/// Deletes every document read from one source (a file, or `api:<id>`).
#[utoipa::path(
    delete,
    path = "/api/documents",
    tag = "write",
    params(SourceParam),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Deleted and committed", body = DeletedSource),
        (status = 400, description = "`missing_parameter`: no `source`", body = ErrorBody),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`writes_disabled`", body = ErrorBody),
        (status = 404, description = "`not_found`: no document has this source", body = ErrorBody),
        (status = 503, description = "`timeout`", body = ErrorBody),
    )
)]
pub async fn delete_by_source(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    query: axum::extract::RawQuery,
) -> Result<Json<DeletedSource>, AppError> {
    authorize(s.api_key.as_deref(), &headers)?;
    let source = form_urlencoded::parse(query.0.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "source")
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            AppError::bad_request(Code::MissingParameter, "give the source: ?source=NAME")
        })?;
    let name = source.clone();
    let deleted = with_writer(&s, move |index, writer| {
        delete_source_now(index, writer, &name)
    })
    .await?;
    Ok(Json(DeletedSource { source, deleted }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_shaped_names_are_refused() {
        for bad in [
            "",
            " ",
            ".",
            "..",
            "../etc/passwd",
            "a/b",
            "a\\b",
            "x\0y",
            "x\ny",
        ] {
            assert!(check_name("id", bad).is_err(), "{bad:?}");
        }
        assert_eq!(check_name("id", "a/b").unwrap_err().code, Code::BadId);
        assert_eq!(
            check_name("file name", "..\\x.txt").unwrap_err().code,
            Code::BadFilename
        );
        assert!(check_name("id", "176-KH-UBND-2020").is_ok());
        assert!(check_name("file name", "Kế hoạch 176.txt").is_ok());
        assert!(check_name("id", &"x".repeat(256)).is_err());
    }

    #[test]
    fn records_need_their_fields_and_a_body() {
        let ok = r#"{"number":"176/KH-UBND","doc_type":"Kế hoạch","title":"Thực hiện Kết luận số 80-KL/TW","issuer":"UBND tỉnh Lạng Sơn","issued":"2020-10-27","body":"Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020"}"#;
        let rec = parse_record(ok.as_bytes()).unwrap();
        let doc = record_document(rec, None).unwrap();
        assert_eq!(doc.issued, NaiveDate::from_ymd_opt(2020, 10, 27));
        assert_eq!(doc.source, format!("api:{}", doc.id));
        assert_eq!(doc.title.as_deref(), Some("Thực hiện Kết luận số 80-KL/TW"));

        assert_eq!(parse_record(b"{not json").unwrap_err().code, Code::BadJson);
        let missing = r#"{"number":"176/KH-UBND","body":"x"}"#;
        assert_eq!(
            parse_record(missing.as_bytes()).unwrap_err().code,
            Code::BadRecord
        );
        let bad_date = ok.replace("2020-10-27", "27/10/2020");
        assert_eq!(
            parse_record(bad_date.as_bytes()).unwrap_err().code,
            Code::BadRecord
        );
        let unknown = ok.replace("\"body\"", "\"bodyy\"");
        assert_eq!(
            parse_record(unknown.as_bytes()).unwrap_err().code,
            Code::BadRecord
        );
        let empty = ok.replace("Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020", "  ");
        let rec = parse_record(empty.as_bytes()).unwrap();
        assert_eq!(
            record_document(rec, None).unwrap_err().code,
            Code::EmptyBody
        );
        let with_id = ok.replacen('{', r#"{"id":"a","#, 1);
        let rec = parse_record(with_id.as_bytes()).unwrap();
        assert_eq!(
            record_document(rec, Some("b")).unwrap_err().code,
            Code::IdMismatch
        );
    }
}
