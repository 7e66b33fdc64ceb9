//! One error type for every handler, mapped in one place to one JSON shape:
//! `{"error": {"code": "bad_date", "message": "..."}}`. User errors are 4xx with a message that
//! says how to fix the request; internal ones are 5xx and logged.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

pub use crate::error::Code;
use crate::error::Error;

/// An error answered to an HTTP client.
#[derive(Debug)]
pub struct AppError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: Code,
    /// What went wrong and how to fix it.
    pub message: String,
}

impl AppError {
    /// An error answered with its code's status ([`Code::status`]).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError {
            status: StatusCode::from_u16(code.status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message,
        }
    }

    /// A user error with a code (most are 400).
    pub fn bad_request(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, message)
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Code::NotFound, message)
    }

    /// The request is well-formed but its content cannot be used (422).
    pub fn unprocessable(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, message)
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
        AppError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: Code::Internal,
            message: format!("internal error (request id {id}); the server log has the details"),
        }
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
    /// Stable code: one of the table of [`Code`] (`bad_date`, `not_found`, ...).
    pub code: Code,
    /// Human-readable message saying how to fix the request.
    pub message: String,
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::BadRequest { code, message } => AppError::bad_request(code, message),
            Error::NotFound(m) => AppError::not_found(m),
            Error::Read { .. } | Error::Unsupported { .. } => {
                AppError::unprocessable(Code::UnreadableDocument, e.to_string())
            }
            Error::TimedOut => AppError::new(Code::Timeout, e.to_string()),
            Error::Locked(_) => AppError::new(Code::IndexLocked, e.to_string()),
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
                code: self.code,
                message: self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}
