//! The HTTP API (axum): routes of DESIGN.md section 6, JSON in and out, errors in one shape.

pub mod error;
pub mod params;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, Method};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::document::{Citation, Document};
use crate::index::{VanbanIndex, SCHEMA_VERSION};
use crate::search::graph::{self, CitingDocument};
use crate::search::tasks::{self, TaskHit};
use crate::search::{self, SearchRequest, SearchResponse};
pub use error::AppError;
use params::Params;

/// Longest time a request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What handlers share.
pub struct AppState {
    /// The open index.
    pub index: VanbanIndex,
}

/// Server options.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Origins allowed by CORS; empty means any origin.
    pub cors_origins: Vec<String>,
}

/// The router with every route, CORS and request logging.
pub fn router(index: VanbanIndex, options: &ServerOptions) -> Router {
    let state = Arc::new(AppState { index });
    let cors = if options.cors_origins.is_empty() {
        CorsLayer::new().allow_origin(AllowOrigin::any())
    } else {
        let origins: Vec<HeaderValue> = options
            .cors_origins
            .iter()
            .filter_map(|o| o.parse().ok())
            .collect();
        CorsLayer::new().allow_origin(origins)
    }
    .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
    .allow_headers(tower_http::cors::Any);
    Router::new()
        .route("/api/search", get(search_handler))
        .route("/api/documents", get(documents_by_number))
        .route("/api/documents/{id}", get(document_handler))
        .route("/api/documents/{id}/citations", get(citations_handler))
        .route("/api/cited-by", get(cited_by_handler))
        .route("/api/tasks", get(tasks_handler))
        .route("/api/health", get(health_handler))
        .fallback(|| async { AppError::not_found("no such route; see /api/openapi.json") })
        .with_state(state)
        .layer(cors)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
}

const SEARCH_PARAMS: &[&str] = &[
    "q",
    "type",
    "issuer",
    "agency",
    "role",
    "field",
    "issued_from",
    "issued_to",
    "effective_from",
    "effective_to",
    "deadline_from",
    "deadline_to",
    "cites",
    "number",
    "sort",
    "limit",
    "offset",
];

/// Builds a [`SearchRequest`] from query parameters.
pub fn search_request(p: &Params) -> Result<SearchRequest, AppError> {
    Ok(SearchRequest {
        q: p.get("q").unwrap_or("").to_string(),
        types: p.all("type"),
        issuer: p.get("issuer").map(str::to_string),
        agency: p.get("agency").map(str::to_string),
        role: p.get("role").map(str::to_string),
        field: p.get("field").map(str::to_string),
        issued_from: p.date("issued_from")?,
        issued_to: p.date("issued_to")?,
        effective_from: p.date("effective_from")?,
        effective_to: p.date("effective_to")?,
        deadline_from: p.date("deadline_from")?,
        deadline_to: p.date("deadline_to")?,
        cites: p.get("cites").map(str::to_string),
        number: p.get("number").map(str::to_string),
        sort: p.get("sort").unwrap_or("relevance").parse()?,
        limit: p.usize("limit")?.unwrap_or(10),
        offset: p.usize("offset")?.unwrap_or(0),
    })
}

async fn search_handler(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, AppError> {
    let p = Params::parse(raw.as_deref(), SEARCH_PARAMS)?;
    let req = search_request(&p)?;
    let s2 = s.clone();
    let res = tokio::task::spawn_blocking(move || search::search(&s2.index, &req))
        .await
        .map_err(|e| AppError::from(crate::Error::bad_request("internal", e.to_string())))??;
    Ok(Json(res))
}

/// Documents with one number.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentList {
    /// The canonical number asked for.
    pub number: String,
    /// Documents with that number.
    #[schema(value_type = Vec<Object>)]
    pub documents: Vec<Document>,
}

async fn documents_by_number(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DocumentList>, AppError> {
    let p = Params::parse(raw.as_deref(), &["number"])?;
    let written = p.get("number").ok_or_else(|| {
        AppError::bad_request(
            "missing_parameter",
            "give `number`, e.g. ?number=176/KH-UBND",
        )
    })?;
    let key = search::number_param("number", written)?;
    let documents = s.index.by_number_key(&key)?;
    Ok(Json(DocumentList {
        number: key,
        documents,
    }))
}

fn load(s: &AppState, id: &str) -> Result<Document, AppError> {
    s.index
        .get(id)?
        .ok_or_else(|| AppError::not_found(format!("no document with id `{id}`")))
}

async fn document_handler(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Document>, AppError> {
    let mut doc = load(&s, &id)?;
    doc.citations = graph::citations_of(&s.index, &doc)?;
    Ok(Json(doc))
}

/// What a document cites.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CitationList {
    /// The citing document.
    pub id: String,
    /// Its citations, resolved where the cited document is indexed.
    #[schema(value_type = Vec<Object>)]
    pub citations: Vec<Citation>,
}

async fn citations_handler(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<CitationList>, AppError> {
    let doc = load(&s, &id)?;
    let citations = graph::citations_of(&s.index, &doc)?;
    Ok(Json(CitationList { id, citations }))
}

/// Documents citing a number.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CitedBy {
    /// The canonical number.
    pub number: String,
    /// Documents citing it.
    pub documents: Vec<CitingDocument>,
}

async fn cited_by_handler(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CitedBy>, AppError> {
    let p = Params::parse(raw.as_deref(), &["number"])?;
    let written = p.get("number").ok_or_else(|| {
        AppError::bad_request(
            "missing_parameter",
            "give `number`, e.g. ?number=1521/QĐ-TTg",
        )
    })?;
    let key = search::number_param("number", written)?;
    let documents = graph::cited_by(&s.index, &key)?;
    Ok(Json(CitedBy {
        number: key,
        documents,
    }))
}

/// Tasks overlapping a period.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TaskList {
    /// The tasks.
    pub tasks: Vec<TaskHit>,
}

async fn tasks_handler(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TaskList>, AppError> {
    let p = Params::parse(raw.as_deref(), &["agency", "from", "to"])?;
    let from = p.date("from")?;
    let to = p.date("to")?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::bad_request("bad_range", "`from` is after `to`"));
        }
    }
    let tasks = tasks::tasks(&s.index, p.get("agency"), from, to)?;
    Ok(Json(TaskList { tasks }))
}

/// Service health.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// Documents indexed.
    pub documents: usize,
    /// Index size on disk in bytes.
    pub index_bytes: u64,
    /// Schema version.
    pub schema_version: u32,
}

async fn health_handler(State(s): State<Arc<AppState>>) -> Result<Json<Health>, AppError> {
    Ok(Json(Health {
        status: "ok",
        documents: s.index.document_count()?,
        index_bytes: s.index.size_bytes(),
        schema_version: SCHEMA_VERSION,
    }))
}
