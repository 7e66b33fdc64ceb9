//! The library's one error type. Every variant names what failed, so that a user can fix it.

use std::path::PathBuf;

/// Declares [`Code`]: every error code a client may see, with its HTTP status and meaning.
macro_rules! codes {
    ($($variant:ident = $name:literal, $status:literal, $doc:literal;)*) => {
        /// A stable, machine-readable error code: the one table the HTTP layer answers from and
        /// the OpenAPI document lists (`ErrorDetail.code`). Codes of status 4xx are the user's
        /// to fix ([`Code::is_user`]); 5xx are internal and logged.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as clients see it (`bad_date`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The HTTP status it is answered with.
            pub fn status(self) -> u16 {
                match self { $(Code::$variant => $status,)* }
            }
        }
    };
}

codes! {
    BadRequest = "bad_request", 400, "A request the server cannot read at all.";
    QueryStringTooLong = "query_string_too_long", 400, "The query string is longer than the server reads.";
    TooManyValues = "too_many_values", 400, "A parameter repeated (or comma-separated) too many times.";
    ValueTooLong = "value_too_long", 400, "A parameter value longer than the server reads.";
    BadLimit = "bad_limit", 400, "A task page size out of bounds.";
    BadStatus = "bad_status", 400, "An unknown task status, or document status (hiệu lực).";
    UnknownParameter = "unknown_parameter", 400, "A query parameter the endpoint does not know.";
    MissingParameter = "missing_parameter", 400, "A required parameter is missing.";
    BadEncoding = "bad_encoding", 400, "A parameter is not valid percent-encoded UTF-8.";
    BadDate = "bad_date", 400, "A date parameter is not `YYYY-MM-DD`.";
    BadRange = "bad_range", 400, "A range ends before it starts.";
    BadInteger = "bad_integer", 400, "An integer parameter is not a non-negative integer.";
    BadSort = "bad_sort", 400, "An unknown sort order.";
    BadRole = "bad_role", 400, "An unknown agency role.";
    RoleWithoutAgency = "role_without_agency", 400, "`role` given without `agency`.";
    BadNumber = "bad_number", 400, "Not a document number like `176/KH-UBND`.";
    QueryTooLong = "query_too_long", 400, "The query has too many characters.";
    TooManyTerms = "too_many_terms", 400, "The query has too many words.";
    LimitTooLarge = "limit_too_large", 400, "`limit` above the largest page.";
    OffsetTooLarge = "offset_too_large", 400, "`offset` beyond the deepest page.";
    EmptyQuery = "empty_query", 400, "Neither a query nor a filter.";
    BadJson = "bad_json", 400, "The body is not the JSON expected.";
    BadMultipart = "bad_multipart", 400, "A multipart body that cannot be read.";
    MissingFile = "missing_file", 400, "A multipart body without a file part.";
    UnknownField = "unknown_field", 400, "A multipart field the endpoint does not know.";
    Unauthorized = "unauthorized", 401, "The API key is missing or wrong.";
    WritesDisabled = "writes_disabled", 403, "The server is read-only.";
    NotFound = "not_found", 404, "No such document or route.";
    MethodNotAllowed = "method_not_allowed", 405, "The route does not take that method.";
    AlreadyExists = "already_exists", 409, "A document with this id exists already.";
    AmbiguousNumber = "ambiguous_number", 409, "A number several documents have, where one document is meant; give its id.";
    PayloadTooLarge = "payload_too_large", 413, "The body is larger than the server accepts.";
    TooManyAttempts = "too_many_attempts", 429, "Too many wrong API keys from one address; wait.";
    UnsupportedMediaType = "unsupported_media_type", 415, "A content type the endpoint does not read.";
    UnreadableDocument = "unreadable_document", 422, "A file no reader understands.";
    NoDocuments = "no_documents", 422, "A file that holds no document.";
    BadRecord = "bad_record", 422, "A JSON record without the fields a document needs.";
    EmptyBody = "empty_body", 422, "An empty request body.";
    IdMismatch = "id_mismatch", 422, "The body's id is not the one in the path.";
    DuplicateId = "duplicate_id", 422, "Two documents of one upload share an id.";
    BadId = "bad_id", 422, "A document id that cannot be a file name.";
    BadSource = "bad_source", 422, "A source tag that is empty, longer than 255 bytes, a path or `api:`.";
    BadFilename = "bad_filename", 422, "A file name with a path, control characters or no name.";
    Internal = "internal", 500, "A failure that is not the client's doing (logged).";
    IndexLocked = "index_locked", 503, "Another process holds the index writer.";
    Timeout = "timeout", 503, "The request took longer than the server allows.";
    TimeoutOutcomeUnknown = "timeout_outcome_unknown", 503, "A write timed out and may still be committed.";
}

impl Code {
    /// True for the errors a user fixes by changing the request (4xx).
    pub fn is_user(self) -> bool {
        self.status() < 500
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    BadRequest { code: Code, message: String },
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
    /// A failure inside vanban that no input explains (a worker thread panicked).
    #[error("internal error: {0}")]
    Internal(String),
    /// Work stopped at its deadline (the request's timeout had passed).
    #[error("the request took too long and was stopped; narrow the query or try again")]
    TimedOut,
    /// A JSON (de)serialization error of stored data.
    #[error("stored data is malformed: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// A user error about a request parameter.
    pub fn bad_request(code: Code, message: impl Into<String>) -> Self {
        Error::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// The code of this error in the table above, as the HTTP API and `vanban --json` report
    /// it: a user error's own code; `internal` for a failure that no input explains.
    pub fn code(&self) -> Code {
        match self {
            Error::BadRequest { code, .. } => *code,
            Error::NotFound(_) | Error::NoIndex(_) => Code::NotFound,
            Error::Read { .. } | Error::Unsupported { .. } => Code::UnreadableDocument,
            Error::Locked(_) => Code::IndexLocked,
            Error::TimedOut => Code::Timeout,
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                Code::NotFound
            }
            _ => Code::Internal,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serializes_as_its_name_and_is_listed_once() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for c in Code::ALL {
            assert_eq!(
                serde_json::to_string(c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
            assert!((400..600).contains(&c.status()), "{c}");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert!(!names.contains(&"bad_query"));
        assert!(!Code::Internal.is_user() && Code::BadDate.is_user());
    }
}
