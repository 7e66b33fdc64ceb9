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
    /// An error answered with its code's status ([`Code::status`]); internal ones are logged.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        let message = message.into();
        if !code.is_user() {
            tracing::error!(code = %code, error = %message, "internal error");
        }
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
        Self::new(Code::Internal, message)
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
