//! Reading documents: one by id, those with a number, what one cites, and who cites a number.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::document::{Citation, Document};
use crate::error::Code;
use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::search::graph::{self, CitingDocument};
use crate::search::number_param;

/// The query parameter of the routes that take a document number.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NumberParams {
    /// A document number as written (`176/KH-UBND`, `Số: 1521/QĐ-TTg`); any spelling of the same
    /// number gives the same canonical key.
    pub number: String,
}

static NUMBER_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<NumberParams>);

/// The query parameters of `/api/cited-by`: a number and a page of the citing documents.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CitedByParams {
    /// A document number as written; any spelling of the same number gives the same key, and
    /// what follows it (`ngày 06/10/2020`, `của UBND tỉnh`) is left out.
    pub number: String,
    /// Citing documents per page, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// Index of the first citing document, 0 to 900 (default 0).
    #[param(minimum = 0, maximum = 900)]
    pub offset: Option<usize>,
}

static CITED_BY_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<CitedByParams>);

/// Most citing documents per page of `/api/cited-by`.
const MAX_CITED_BY_PAGE: usize = 100;
/// Largest `offset` of `/api/cited-by` (pages reach the first 1,000 citing documents).
const MAX_CITED_BY_OFFSET: usize = 900;

/// The canonical key of the required `number` parameter.
fn number_key(raw: Option<&str>, example: &str) -> Result<String, AppError> {
    number_key_of(&Params::parse(raw, &NUMBER_PARAMS)?, example)
}

fn number_key_of(p: &Params, example: &str) -> Result<String, AppError> {
    let written = p.get("number").ok_or_else(|| {
        AppError::bad_request(
            Code::MissingParameter,
            format!("give `number`, e.g. ?number={example}"),
        )
    })?;
    Ok(number_param("number", written)?)
}

/// Documents with one number.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DocumentList {
    /// The canonical number asked for.
    pub number: String,
    /// The number in its standard spelling (`1521/QĐ-TTg`), for display.
    pub display: String,
    /// Documents with that number (several issuers may use the same number).
    pub documents: Vec<Document>,
}

/// The documents whose number has the canonical key of `number`.
#[utoipa::path(
    get,
    path = "/api/documents",
    tag = "documents",
    params(NumberParams),
    responses(
        (status = 200, description = "Documents with that number (possibly none)", body = DocumentList),
        (status = 400, description = "`missing_parameter`, `bad_number`, `unknown_parameter`, `bad_encoding`", body = ErrorBody),
    )
)]
pub async fn by_number(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DocumentList>, AppError> {
    let key = number_key(raw.as_deref(), "176/KH-UBND")?;
    // On the blocking pool, holding a read permit: loading stored documents is index work.
    let state = s.clone();
    let lookup = key.clone();
    let documents = s
        .read(move || state.index.by_number_key(&lookup))
        .await??
        .into_iter()
        .map(|mut d| {
            d.source = public_source(&d.source);
            d
        })
        .collect();
    Ok(Json(DocumentList {
        display: crate::number::display_key(&key),
        number: key,
        documents,
    }))
}

fn load(s: &AppState, id: &str) -> Result<Document, AppError> {
    let mut doc = s
        .index
        .get(id)?
        .ok_or_else(|| AppError::not_found(format!("no document with id `{id}`")))?;
    doc.source = public_source(&doc.source);
    Ok(doc)
}

/// A document's `source` as shown to anyone: the file's name, never the server's folders
/// (`/srv/data/corpus/plan.docx` → `plan.docx`; `api:ID` as it is).
pub fn public_source(source: &str) -> String {
    if source.starts_with(crate::http::write::API_SOURCE_PREFIX) {
        return source.to_string();
    }
    std::path::Path::new(source)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// One document: metadata, outline, citations (resolved where the cited document is indexed),
/// tasks, agencies, warnings.
#[utoipa::path(
    get,
    path = "/api/documents/{id}",
    tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The document", body = Document),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn document(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Document>, AppError> {
    let state = s.clone();
    let doc = s
        .read(move || -> Result<Document, AppError> {
            let mut doc = load(&state, &id)?;
            doc.citations = graph::citations_of(&state.index, &doc)?;
            Ok(doc)
        })
        .await??;
    Ok(Json(doc))
}

/// What a document cites.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CitationList {
    /// The citing document.
    pub id: String,
    /// Its citations, `resolved_id` set where the cited document is indexed.
    pub citations: Vec<Citation>,
}

/// What a document cites, resolved to indexed documents where possible.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/citations",
    tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "Its citations", body = CitationList),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn citations(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<CitationList>, AppError> {
    let state = s.clone();
    let wanted = id.clone();
    let citations = s
        .read(move || -> Result<Vec<Citation>, AppError> {
            let doc = load(&state, &wanted)?;
            Ok(graph::citations_of(&state.index, &doc)?)
        })
        .await??;
    Ok(Json(CitationList { id, citations }))
}

/// Documents citing a number.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CitedBy {
    /// The canonical number.
    pub number: String,
    /// The number in its standard spelling (`1521/QĐ-TTg`), its sequence number as written
    /// (`01/2012/NĐ-CP`), for display.
    pub display: String,
    /// Documents citing it, with how they relate to it and where.
    pub documents: Vec<CitingDocument>,
}

/// Documents citing a number, whether or not the cited document is itself indexed.
#[utoipa::path(
    get,
    path = "/api/cited-by",
    tag = "documents",
    params(CitedByParams),
    responses(
        (status = 200, description = "A page of the citing documents (possibly none)", body = CitedBy),
        (status = 400, description = "`missing_parameter`, `bad_number`, `unknown_parameter`, `bad_encoding`, `bad_integer`, `limit_too_large`, `offset_too_large`", body = ErrorBody),
    )
)]
pub async fn cited_by(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CitedBy>, AppError> {
    let p = Params::parse(raw.as_deref(), &CITED_BY_PARAMS)?;
    let key = number_key_of(&p, "1521/QĐ-TTg")?;
    let limit = p.usize("limit")?.unwrap_or(MAX_CITED_BY_PAGE);
    let offset = p.usize("offset")?.unwrap_or(0);
    if !(1..=MAX_CITED_BY_PAGE).contains(&limit) {
        return Err(AppError::bad_request(
            Code::LimitTooLarge,
            format!("limit must be between 1 and {MAX_CITED_BY_PAGE}"),
        ));
    }
    if offset > MAX_CITED_BY_OFFSET {
        return Err(AppError::bad_request(
            Code::OffsetTooLarge,
            format!("offset is at most {MAX_CITED_BY_OFFSET}"),
        ));
    }
    // Only the documents up to the page's end are loaded: on the blocking pool, holding a read permit (20 concurrent
    // calls on the async workers took `/api/health` to 3.6 s, issue 23).
    let state = s.clone();
    let lookup = key.clone();
    let documents = s
        .read(move || graph::cited_by_page(&state.index, &lookup, offset, limit))
        .await??;
    Ok(Json(CitedBy {
        display: crate::number::display_as_written(p.get("number").unwrap_or(""), &key),
        number: key,
        documents,
    }))
}
