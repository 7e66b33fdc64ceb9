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
        index_bytes: index_bytes(&s).await?,
        schema_version: SCHEMA_VERSION,
        writes_enabled: s.writer.is_some(),
    }))
}

/// How long a measured index size is reused.
const SIZE_TTL: std::time::Duration = std::time::Duration::from_secs(10);

/// The index size, measured (a walk of the index folder) on the blocking pool at most every
/// [`SIZE_TTL`]; it was walked on the async thread at every call (issue 23).
async fn index_bytes(s: &Arc<AppState>) -> Result<u64, AppError> {
    let cached = *s
        .index_bytes
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((at, bytes)) = cached {
        if at.elapsed() < SIZE_TTL {
            return Ok(bytes);
        }
    }
    let state = s.clone();
    let bytes = tokio::task::spawn_blocking(move || state.index.size_bytes()).await?;
    *s.index_bytes
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) =
        Some((std::time::Instant::now(), bytes));
    Ok(bytes)
}
