//! One error type for every handler, mapped in one place to one JSON shape:
//! `{"error": {"code": "bad_date", "message": "..."}}`. User errors are 4xx with a message that
//! says how to fix the request; internal ones are 5xx and logged.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// An error answered to an HTTP client.
#[derive(Debug)]
pub struct AppError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// What went wrong and how to fix it.
    pub message: String,
}

impl AppError {
    /// An error with any status.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AppError {
            status,
            code,
            message: message.into(),
        }
    }

    /// A 400 with a code.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// A 422: the request is well-formed but its content cannot be used.
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// A 500 for failures that are not the client's doing; logged.
    pub fn internal(message: impl Into<String>) -> Self {
        // The details (paths, panic messages, tantivy's words) go to the log only; the client
        // gets a request id to quote (issue 23: they were in 500 bodies).
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let id = blake3::hash(format!("{started}-{n}").as_bytes()).to_hex();
        let id = id.get(..12).unwrap_or_default().to_string();
        let message = message.into();
        tracing::error!(request_id = %id, error = %message, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("internal error (request id {id}); the server log has the details"),
        )
    }
}

/// The JSON body of an error.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Code and message of an error.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code (`bad_date`, `limit_too_large`, `not_found`, `unauthorized`, ...).
    pub code: String,
    /// Human-readable message saying how to fix the request.
    pub message: String,
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::BadRequest { code, message } => AppError::bad_request(code, message),
            Error::NotFound(m) => AppError::not_found(m),
            Error::Read { .. } | Error::Unsupported { .. } => {
                AppError::unprocessable("unreadable_document", e.to_string())
            }
            Error::TimedOut => {
                AppError::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", e.to_string())
            }
            Error::Locked(_) => AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "index_locked",
                e.to_string(),
            ),
            other => AppError::internal(other.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::internal(format!("a worker task failed: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}
