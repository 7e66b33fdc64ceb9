//! One error type for every handler, mapped in one place to one JSON shape:
//! `{"error": {"code": "bad_date", "message": "..."}}`. User errors are 4xx with a message that
//! says how to fix the request; internal ones are 5xx and logged.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

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
    /// A 400 with a code.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        AppError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
        }
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        AppError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }
}

/// The JSON body of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Code and message of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code (`bad_date`, `limit_too_large`, `not_found`, ...).
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::BadRequest { code, message } => AppError::bad_request(code, message),
            Error::NotFound(m) => AppError::not_found(m),
            Error::Read { .. } | Error::Unsupported { .. } => AppError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "unreadable_document",
                message: e.to_string(),
            },
            Error::Locked(_) => AppError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "index_locked",
                message: e.to_string(),
            },
            other => {
                tracing::error!(error = %other, "internal error");
                AppError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    code: "internal",
                    message: other.to_string(),
                }
            }
        }
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
