//! The library's one error type. Every variant names what failed, so that a user can fix it.

use std::path::PathBuf;

/// Errors of the `vanban` library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or understood; the ingest report shows the path and reason.
    #[error("{path}: {reason}")]
    Read { path: PathBuf, reason: String },
    /// A file's format is not one `vanban` reads.
    #[error("{path}: unsupported format: {reason}")]
    Unsupported { path: PathBuf, reason: String },
    /// The index directory is held by another writer.
    #[error("index is locked by another vanban process ({0}); wait for it to finish or stop it")]
    Locked(PathBuf),
    /// The index was written by another schema version.
    #[error("index at {path} has schema version {found}, this vanban needs {expected}; rebuild it with `vanban index --rebuild --index {path}`")]
    SchemaVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    /// No index exists where one was expected.
    #[error("no index at {0}; create one with `vanban index --index {0}`")]
    NoIndex(PathBuf),
    /// A search request or parameter is invalid; `code` is stable, `message` says how to fix it.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// A document was not found.
    #[error("{0}")]
    NotFound(String),
    /// An error inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// An I/O error with the path it happened on.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Work stopped at its deadline (the request's timeout had passed).
    #[error("the request took too long and was stopped; narrow the query or try again")]
    TimedOut,
    /// A JSON (de)serialization error of stored data.
    #[error("stored data is malformed: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// A user error about a request parameter.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Error::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
