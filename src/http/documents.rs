//! Reading documents: one by id, those with a number, what one cites, and who cites a number.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::document::{Citation, Document, DocumentHead};
use crate::error::Code;
use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::search::graph::{self, CitingDocument};
use crate::search::{number_param, Page, PageBounds};

/// The query parameters of `/api/documents?number=` and `/api/cited-by`: a number and a page of
/// the documents.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NumberPageParams {
    /// A document number as written (`176/KH-UBND`, `Số: 1521/QĐ-TTg`); any spelling of the same
    /// number gives the same canonical key, and what follows it (`ngày 06/10/2020`, `của UBND
    /// tỉnh`) is left out.
    pub number: String,
    /// Documents per page, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// Index of the first document, 0 to 900 (default 0).
    #[param(minimum = 0, maximum = 900)]
    pub offset: Option<usize>,
}

static NUMBER_PAGE_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<NumberPageParams>);

/// The pages of `/api/documents?number=` and `/api/cited-by`: 100 documents at most, reaching
/// the first 1,000.
const NUMBER_PAGES: PageBounds = PageBounds {
    max_limit: 100,
    max_offset: 900,
    offset_hint: "",
};

/// A number and a page of documents, as asked for.
struct NumberPage {
    /// The number's canonical key.
    key: String,
    /// The number as written in the request.
    written: String,
    offset: usize,
    limit: usize,
}

/// The number's canonical key and the page (`offset`, `limit`) asked for.
fn number_page(raw: Option<&str>, example: &str) -> Result<NumberPage, AppError> {
    let p = Params::parse(raw, &NUMBER_PAGE_PARAMS)?;
    let key = number_key_of(&p, example)?;
    let limit = p.usize("limit")?.unwrap_or(NUMBER_PAGES.max_limit);
    let offset = p.usize("offset")?.unwrap_or(0);
    let Page { limit, offset } = Page::within(limit, offset, &NUMBER_PAGES)?;
    Ok(NumberPage {
        key,
        written: p.get("number").unwrap_or("").to_string(),
        offset,
        limit,
    })
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
    /// How many documents have that number (several issuers may use the same number).
    pub total: usize,
    /// This page of them: what a list shows (`GET /api/documents/{id}` gives the whole
    /// document).
    pub documents: Vec<DocumentHead>,
}

/// The documents whose number has the canonical key of `number`.
#[utoipa::path(
    get,
    path = "/api/documents",
    tag = "documents",
    params(NumberPageParams),
    responses(
        (status = 200, description = "A page of the documents with that number (possibly none)", body = DocumentList),
        (status = 400, description = "`missing_parameter`, `bad_number`, `unknown_parameter`, `bad_encoding`, `bad_integer`, `limit_too_large`, `offset_too_large`", body = ErrorBody),
    )
)]
pub async fn by_number(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DocumentList>, AppError> {
    let NumberPage {
        key, offset, limit, ..
    } = number_page(raw.as_deref(), "176/KH-UBND")?;
    // On the blocking pool, holding a read permit, and only the fields a list shows: a page of
    // whole documents (100 codes of 1 MB) was serialized on the async workers (issue 23).
    let state = s.clone();
    let lookup = key.clone();
    let (total, heads) = s
        .read(move || {
            state
                .index
                .by_number_key_as::<DocumentHead>(&lookup, offset, limit)
        })
        .await??;
    let documents = heads
        .into_iter()
        .map(|mut d| {
            d.source = public_source(&d.source);
            d
        })
        .collect();
    Ok(Json(DocumentList {
        display: crate::number::display_key(&key),
        number: key,
        total,
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

/// A document's `source` as shown to anyone: the path inside the indexed folder as the index
/// stores it (`so-tu-phap/plan.docx`, `records.jsonl#L3`, `api:ID`); from an index written
/// before sources were stored that way, the file's name only, never the server's folders
/// (`/srv/data/corpus/plan.docx` → `plan.docx`).
pub fn public_source(source: &str) -> String {
    let path = std::path::Path::new(source);
    let inside = !source.is_empty()
        && !path.has_root()
        && !source.contains('\\')
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if source.starts_with(crate::http::write::API_SOURCE_PREFIX) || inside {
        return source.to_string();
    }
    source
        .rsplit(['/', '\\'])
        .next()
        .filter(|n| *n != "..")
        .unwrap_or_default()
        .to_string()
}

/// One document: metadata, outline, citations (resolved where the cited document is indexed),
/// tasks, agencies, warnings.
#[utoipa::path(
    get,
    path = "/api/documents/{id}",
    tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The document, with its status today (`status`) and the address of its lược đồ (`status.lineage`)", body = DocumentWithStatus),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn document(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<DocumentWithStatus>, AppError> {
    let state = s.clone();
    let doc = s
        .read(move || -> Result<DocumentWithStatus, AppError> {
            let mut doc = load(&state, &id)?;
            doc.citations = graph::citations_of(&state.index, &doc)?;
            let book = crate::status::book(&state.index)?;
            let lineage = format!(
                "/api/documents/{}/lineage",
                crate::http::slug::encode_segment(&doc.id)
            );
            let status = book
                .status_of_doc(&doc.id, crate::status::today())
                .map(|s| crate::status::summary(&s, lineage));
            Ok(DocumentWithStatus {
                document: doc,
                status,
            })
        })
        .await??;
    Ok(Json(doc))
}

/// A document as `GET /api/documents/{id}` gives it: every field of the document, and its
/// status (hiệu lực) today.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DocumentWithStatus {
    /// The document.
    #[serde(flatten)]
    pub document: Document,
    /// Its status today: state, since when, why (the change that ended it, a plan's period, or
    /// the record's words) and the address of its lược đồ (`/api/documents/{id}/lineage`).
    pub status: Option<crate::status::Summary>,
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
    /// How many documents cite it (every page).
    pub total: usize,
    /// This page of the documents citing it, with how they relate to it and where.
    pub documents: Vec<CitingDocument>,
}

/// Documents citing a number, whether or not the cited document is itself indexed.
#[utoipa::path(
    get,
    path = "/api/cited-by",
    tag = "documents",
    params(NumberPageParams),
    responses(
        (status = 200, description = "A page of the citing documents (possibly none)", body = CitedBy),
        (status = 400, description = "`missing_parameter`, `bad_number`, `unknown_parameter`, `bad_encoding`, `bad_integer`, `limit_too_large`, `offset_too_large`", body = ErrorBody),
    )
)]
pub async fn cited_by(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CitedBy>, AppError> {
    let NumberPage {
        key,
        written,
        offset,
        limit,
    } = number_page(raw.as_deref(), "1521/QĐ-TTg")?;
    // Only the page's documents, and of them only what the list shows: on the blocking pool,
    // holding a read permit (20 concurrent calls on the async workers took `/api/health` to
    // 3.6 s, issue 23).
    let state = s.clone();
    let lookup = key.clone();
    let (total, documents) = s
        .read(move || graph::cited_by_page(&state.index, &lookup, offset, limit))
        .await??;
    Ok(Json(CitedBy {
        display: crate::number::display_as_written(&written, &key),
        number: key,
        total,
        documents,
    }))
}

/// What the download needs of a stored document.
#[derive(Deserialize)]
struct WithOriginal {
    #[serde(default)]
    original: Option<crate::document::Original>,
}

/// The `Content-Disposition` of a download named `name`: an ASCII fallback and the UTF-8 name
/// (RFC 6266), so that `Quyết định 12.pdf` keeps its diacritics.
pub fn attachment(name: &str) -> String {
    let ascii: String = crate::text::fold::without_marks(name)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The original file of a document read whole from a file (`.docx`, `.pdf`, `.doc`, `.txt`,
/// `.html`): its bytes as indexed, with their media type and file name. Records and documents
/// written as JSON have none (404).
#[utoipa::path(
    get,
    path = "/api/documents/{id}/original",
    tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The file as indexed (`Content-Disposition: attachment` with its name)", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "`not_found`: no such document, or it was not read from a file of its own", body = ErrorBody),
    )
)]
pub async fn original(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let state = s.clone();
    let (original, bytes) = s
        .read(move || -> Result<_, AppError> {
            let doc: WithOriginal = state
                .index
                .get_as(&id)?
                .ok_or_else(|| AppError::not_found(format!("no document with id `{id}`")))?;
            let none = || {
                AppError::not_found(format!(
                    "document `{id}` was not read from a file of its own; it has no original"
                ))
            };
            let original = doc.original.ok_or_else(none)?;
            // The kept copy is named by its hash alone, inside the index folder.
            let path = state
                .index
                .dir()
                .and_then(|d| crate::originals::path(d, &original.hash))
                .ok_or_else(none)?;
            let bytes = std::fs::read(&path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    none()
                } else {
                    AppError::internal(format!("{}: {e}", path.display()))
                }
            })?;
            Ok((original, bytes))
        })
        .await??;
    let mut res = (
        [
            (header::CONTENT_TYPE, original.media_type.clone()),
            (header::CONTENT_DISPOSITION, attachment(&original.name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            // An HTML original opened anyway runs nothing on this site.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_string(),
            ),
        ],
        bytes,
    )
        .into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("W/\"{}\"", original.hash)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_show_paths_inside_the_folder_only() {
        assert_eq!(public_source("so/plan.docx"), "so/plan.docx");
        assert_eq!(public_source("r.jsonl#L3"), "r.jsonl#L3");
        assert_eq!(public_source("api:x/y"), "api:x/y");
        assert_eq!(public_source("/srv/data/plan.docx"), "plan.docx");
        assert_eq!(public_source("../../etc/plan.docx"), "plan.docx");
        assert_eq!(public_source("C:\\data\\plan.docx"), "plan.docx");
    }

    #[test]
    fn attachment_names_keep_diacritics_and_an_ascii_fallback() {
        assert_eq!(
            attachment("Quyết định 12.pdf"),
            "attachment; filename=\"Quyet dinh 12.pdf\"; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2012.pdf"
        );
        assert!(attachment("a\"b\r\n.doc").starts_with("attachment; filename=\"a_b__.doc\""));
    }
}
