//! `GET /api/health`: whether the server answers, and what its index holds.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::error::{AppError, ErrorBody};
use crate::http::AppState;
use crate::index::SCHEMA_VERSION;

/// Service health.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// Documents indexed.
    pub documents: usize,
    /// Index size on disk in bytes (0 for an in-memory index).
    pub index_bytes: u64,
    /// Schema version of the index.
    pub schema_version: u32,
    /// Whether the write routes are enabled (an API key is configured).
    pub writes_enabled: bool,
}

/// Status, document count, index size, schema version.
#[utoipa::path(
    get,
    path = "/api/health",
    tag = "service",
    responses(
        (status = 200, description = "The server answers", body = Health),
        (status = 500, description = "`internal`: the index cannot be read", body = ErrorBody),
    )
)]
pub async fn health(State(s): State<Arc<AppState>>) -> Result<Json<Health>, AppError> {
    Ok(Json(Health {
        status: "ok".to_string(),
        documents: s.index.document_count()?,
        index_bytes: s.index.size_bytes(),
        schema_version: SCHEMA_VERSION,
        writes_enabled: s.writer.is_some(),
    }))
}
