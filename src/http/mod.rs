//! The HTTP server (axum): the JSON API of DESIGN.md section 6, its OpenAPI document, the search
//! page and the embeddable widget. Every error, including those made by the layers (timeout,
//! body limit, unknown method), leaves as `{"error": {"code", "message"}}`.
//!
//! Reads share the index's reader (each request sees one committed snapshot); writes, enabled
//! only when an API key is configured, go through the single index writer behind a mutex and are
//! acknowledged after their commit is visible.

pub mod assets;
pub mod auth;
pub mod bulk;
pub mod caching;
pub mod documents;
pub mod error;
pub mod feed;
pub mod health;
pub mod openapi;
pub mod pages;
pub mod params;
pub mod reading;
pub mod related;
pub mod search;
pub mod serve;
pub mod slug;
pub mod status;
pub mod tasks;
pub mod write;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::Router;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::error::Code;
use crate::index::{VanbanIndex, Writer};
pub use error::AppError;

/// Default longest time a request may take before it is answered with 503 `timeout`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Default largest request body (an uploaded file or a JSON record), in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What handlers share.
pub struct AppState {
    /// The open index (shared with [`AppState::engine`]).
    pub index: Arc<VanbanIndex>,
    /// The search engine over the index, with the caches searches keep.
    pub engine: crate::search::Engine,
    /// The index writer, taken only when writes are enabled (an API key is configured), so that
    /// `vanban index` can run beside a read-only server.
    pub writer: Option<Arc<tokio::sync::Mutex<Writer>>>,
    /// The API key writes must present; `None` disables writes.
    pub api_key: Option<String>,
    /// Largest request body accepted.
    pub max_body_bytes: usize,
    /// Searches run a few at a time ([`search_permits`]), the others wait in turn (first come,
    /// first served). Run all at once, sixteen searches on two cores each took eight times
    /// their own time and the slowest ones far longer; in turn, a search waits for the ones
    /// ahead of it and then runs at nearly full speed.
    pub searches: Arc<tokio::sync::Semaphore>,
    /// The request timeout, also the deadline searches check between their phases.
    pub request_timeout: Duration,
    /// The index size last measured for `/api/health`, and when.
    pub index_bytes: std::sync::Mutex<Option<(std::time::Instant, u64)>>,
}

impl AppState {
    /// Runs a read (search, task listing) on the blocking pool once a permit is free for it.
    pub async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        in_turn(&self.searches, work).await
    }

    /// The deadline of a request that starts now (its timeout).
    pub fn deadline(&self) -> crate::deadline::Deadline {
        crate::deadline::Deadline::after(self.request_timeout)
    }
}

/// Runs `work` on the blocking pool holding one of `permits`, waiting in line for it. The permit
/// moves into the blocking task: when the request's timeout drops this future, the work still
/// running keeps its permit until it ends, so no more work runs than there are permits (before
/// issue 23, 30 clients with `--request-timeout 1` had 26 threads running on 3 permits).
async fn in_turn<T: Send + 'static>(
    permits: &Arc<tokio::sync::Semaphore>,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let permit = permits
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| AppError::internal("the server is shutting down"))?;
    Ok(tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await?)
}

/// Searches run at once: one per core and one more, so that a core does not idle while a
/// finished search hands its place on. Measured on 2 cores with 16 clients (`vanban bench`):
/// unlimited 392 requests/s and p99 99 ms; 2 permits 274/s, 81 ms (the cores idled between
/// searches); 3 permits 426/s, 49 ms; 4 409/s, 57 ms; 6 409/s, 62 ms.
fn search_permits() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get) + 1
}

/// Server options.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Origins allowed by CORS; empty means any origin (the widget works on every site).
    pub cors_origins: Vec<String>,
    /// API key for the write routes; `None` answers every write with 403 `writes_disabled`.
    pub api_key: Option<String>,
    /// Longest time a request may take.
    pub request_timeout: Duration,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// A read-only replica: every write is refused (`writes_disabled`), even with a key.
    pub read_only: bool,
    /// A folder whose files are indexed as they change ([`crate::watch`]).
    pub watch: Option<std::path::PathBuf>,
    /// Watch that folder by walking it every second, without file events (network shares are
    /// polled anyway).
    pub watch_poll: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            cors_origins: Vec::new(),
            api_key: None,
            request_timeout: REQUEST_TIMEOUT,
            max_body_bytes: MAX_BODY_BYTES,
            read_only: false,
            watch: None,
            watch_poll: false,
        }
    }
}

/// Declares the routes once: [`ROUTES`] (read by the OpenAPI test, so that a route missing from
/// the document fails it) and the function that adds them to the router come from one list.
macro_rules! routes {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every route the server answers, as (method, path) with axum's `{param}` syntax.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn add_routes(router: Router<Arc<AppState>>) -> Router<Arc<AppState>> {
            router$(.route($path, on(MethodFilter::$method, $handler)))*
        }
    };
}

routes! {
    GET "/api/search" => search::search,
    GET "/api/documents" => documents::by_number,
    POST "/api/documents" => write::create,
    POST "/api/documents/bulk" => bulk::bulk,
    DELETE "/api/documents" => write::delete_by_source,
    GET "/api/documents/{id}" => documents::document,
    PUT "/api/documents/{id}" => write::replace,
    DELETE "/api/documents/{id}" => write::delete,
    GET "/api/documents/{id}/citations" => documents::citations,
    GET "/api/documents/{id}/original" => documents::original,
    GET "/api/cited-by" => documents::cited_by,
    GET "/api/status" => status::status,
    GET "/api/documents/{id}/lineage" => status::lineage,
    GET "/api/tasks" => tasks::tasks,
    GET "/api/tasks.csv" => tasks::tasks_csv,
    GET "/api/tasks.xlsx" => tasks::tasks_xlsx,
    GET "/tasks" => tasks::tasks_page,
    GET "/assets/tasks.js" => tasks::tasks_js,
    GET "/api/health" => health::health,
    GET "/api/openapi.json" => openapi::openapi_json,
    GET "/" => assets::page,
    GET "/tim-kiem" => assets::search_page,
    GET "/van-ban/{slug}" => pages::document_page,
    GET "/feed.atom" => feed::feed,
    GET "/assets/app.js" => assets::app_js,
    GET "/assets/app.css" => assets::app_css,
    GET "/widget.js" => assets::widget_js,
}

/// The router with every route, CORS, the body limit, the timeout and request logging. Takes the
/// index writer when an API key is configured; fails with [`crate::Error::Locked`] when another
/// process holds it.
pub fn router(index: VanbanIndex, options: &ServerOptions) -> crate::Result<Router> {
    Ok(router_and_writer(index, options)?.0)
}

/// [`router`], with the index it serves and where its writer comes from (the one the write
/// API holds, or one per batch), for other writers of the same server (a scheduled sync).
pub fn router_and_writer(
    index: VanbanIndex,
    options: &ServerOptions,
) -> crate::Result<(Router, Arc<VanbanIndex>, crate::watch::WriterSource)> {
    let api_key = options
        .api_key
        .clone()
        .filter(|k| !k.is_empty() && !options.read_only);
    let writer = match api_key {
        Some(_) => Some(Arc::new(tokio::sync::Mutex::new(index.writer()?))),
        None => None,
    };
    let index = Arc::new(index);
    // The status book is read in the background as the server starts and after each change of
    // the index, so that searches find it read (at a million passages a reading takes
    // seconds); a search that comes before the first reading ends waits for it.
    let watched = Arc::downgrade(&index);
    std::thread::Builder::new()
        .name("status-book".into())
        .spawn(move || crate::status::keep_read(watched))
        .map_err(|e| crate::Error::io("status-book thread", e))?;
    let source = match &writer {
        Some(w) => crate::watch::WriterSource::Shared(w.clone()),
        None => crate::watch::WriterSource::PerBatch,
    };
    if let Some(dir) = &options.watch {
        crate::watch::spawn(
            index.clone(),
            dir.clone(),
            source.clone(),
            crate::watch::PERIOD,
            options.watch_poll,
        )
        .map_err(|e| crate::Error::io(dir, e))?;
    }
    let state = Arc::new(AppState {
        engine: crate::search::Engine::new(index.clone()),
        index: index.clone(),
        writer,
        api_key,
        max_body_bytes: options.max_body_bytes,
        searches: Arc::new(tokio::sync::Semaphore::new(search_permits())),
        request_timeout: options.request_timeout,
        index_bytes: std::sync::Mutex::new(None),
    });
    let router = add_routes(Router::new())
        .merge(api_docs())
        .fallback(|| async { AppError::not_found("no such route; see /api/openapi.json") })
        .with_state(state)
        .layer(axum::middleware::from_fn(caching::etags))
        .layer(DefaultBodyLimit::max(options.max_body_bytes))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            options.request_timeout,
        ))
        .layer(axum::middleware::from_fn(write_timeouts))
        .layer(axum::middleware::from_fn_with_state(
            options.read_only,
            read_only_replica,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(auth::Backoff::default()),
            auth::backoff,
        ))
        .layer(axum::middleware::map_response(json_errors))
        // Outside the timeout and the error mapping, so that every answer, errors included,
        // carries the CORS headers the widget needs to read it.
        .layer(cors(&options.cors_origins))
        .layer(axum::middleware::from_fn_with_state(
            options.cors_origins.is_empty(),
            read_only_cors,
        ))
        // gzip or br as the client accepts; files that are compressed already pass as they are.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new()
                    .and(NotForContentType::const_new("application/pdf"))
                    .and(NotForContentType::const_new(
                        "application/vnd.openxmlformats",
                    ))
                    .and(NotForContentType::const_new("application/zip")),
            ),
        )
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.uri().path(),
                    )
                })
                .on_request(())
                .on_response(|res: &Response, latency: Duration, _span: &tracing::Span| {
                    tracing::info!(
                        status = res.status().as_u16(),
                        latency_ms = latency.as_secs_f64() * 1000.0,
                        "response"
                    );
                })
                .on_failure(()),
        );
    Ok((router, index, source))
}

/// On a read-only replica, refuses every write before it reaches a handler.
async fn read_only_replica(
    axum::extract::State(read_only): axum::extract::State<bool>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let reads = [Method::GET, Method::HEAD, Method::OPTIONS];
    if read_only && !reads.contains(req.method()) {
        return AppError::new(
            Code::WritesDisabled,
            "this server is a read-only replica (--read-only); send writes to the writer",
        )
        .into_response();
    }
    next.run(req).await
}

/// `/api/docs`: Swagger UI (the crate's vendored copy, served from the binary) over
/// `/api/openapi.json`.
fn api_docs() -> Router<Arc<AppState>> {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs")
        .config(utoipa_swagger_ui::Config::from("/api/openapi.json"))
        .into()
}

fn cors(origins: &[String]) -> CorsLayer {
    let allow = if origins.is_empty() {
        AllowOrigin::any()
    } else {
        let mut list: Vec<HeaderValue> = Vec::new();
        for o in origins {
            match o.parse::<HeaderValue>() {
                Ok(v) if o.starts_with("http://") || o.starts_with("https://") => list.push(v),
                _ => tracing::warn!(
                    origin = %o,
                    "--cors-origin is not an origin such as https://example.gov.vn; ignored"
                ),
            }
        }
        AllowOrigin::list(list)
    };
    // Any origin: reads only. Named origins: writes too (a portal posting with the key).
    let methods = if origins.is_empty() {
        vec![Method::GET, Method::HEAD]
    } else {
        vec![
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
        ]
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods(methods)
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::HeaderName::from_static("x-api-key"),
        ])
}

/// A write answered by the timeout may still commit: the commit, once started, runs to its end
/// (a 49 MB upload answered 503 at 10 s was committed 9 s later, issue 23). Its answer says so
/// and how to check, instead of the plain `timeout` that invites a blind retry.
async fn write_timeouts(req: Request, next: axum::middleware::Next) -> Response {
    let write = matches!(*req.method(), Method::POST | Method::PUT | Method::DELETE);
    let res = next.run(req).await;
    let from_timeout = res.status() == StatusCode::SERVICE_UNAVAILABLE
        && res.headers().get(header::CONTENT_TYPE).is_none();
    if write && from_timeout {
        return AppError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: Code::TimeoutOutcomeUnknown,
            message: "the write took longer than the request timeout and may still be committed; \
                      check with GET /api/documents/{id} (or ?number=) before retrying: a retried \
                      create of a committed document answers 409"
                .to_string(),
        }
        .into_response();
    }
    res
}

/// CORS for any origin (`*`, the default) is for reads only (the widget on other sites): the
/// headers are taken off the answers to writes, so that no other site's script reads them.
/// Origins named with `--cors-origin` (a portal that posts with the key) keep writes too.
async fn read_only_cors(
    axum::extract::State(any_origin): axum::extract::State<bool>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let write = any_origin && matches!(*req.method(), Method::POST | Method::PUT | Method::DELETE);
    let mut res = next.run(req).await;
    if write {
        let cors: Vec<_> = res
            .headers()
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for k in cors {
            res.headers_mut().remove(k);
        }
    }
    res
}

/// Gives the error responses that layers and axum itself make (an empty 503 on timeout, a plain
/// 405 or 413) the one JSON shape, keeping their status.
async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    // JSON errors and the pages' own Vietnamese error pages (HTML) pass as they are.
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let (code, message) = match status {
        StatusCode::SERVICE_UNAVAILABLE => (
            Code::Timeout,
            "the request took too long; narrow the query or try again",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (Code::PayloadTooLarge, "the request body is too large"),
        StatusCode::METHOD_NOT_ALLOWED => (
            Code::MethodNotAllowed,
            "this route does not take that method; see /api/openapi.json",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            Code::UnsupportedMediaType,
            "send application/json or multipart/form-data",
        ),
        StatusCode::NOT_FOUND => (Code::NotFound, "not found"),
        s if s.is_server_error() => (Code::Internal, "internal error"),
        _ => (Code::BadRequest, "the request is malformed"),
    };
    let mut out = AppError {
        status,
        code,
        message: message.to_string(),
    }
    .into_response();
    // Keep what the layers set (CORS headers, `Allow`), but not the old body's type or length.
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

#[cfg(test)]
mod read_tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn reads_run_at_most_permits_at_once() {
        let permits = Arc::new(tokio::sync::Semaphore::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for i in 0..8 {
            let (permits, running, most) = (permits.clone(), running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                in_turn(&permits, move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(10));
                    running.fetch_sub(1, Ordering::SeqCst);
                    i
                })
                .await
            }));
        }
        let mut done = Vec::new();
        for t in tasks {
            done.push(t.await.unwrap().unwrap());
        }
        assert_eq!(done, (0..8).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 2);
    }

    /// Issue 23 §5: a request timeout drops the waiting future; the work it started keeps its
    /// permit until it ends, so later work does not pile up beside it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn timed_out_reads_keep_their_permit_until_their_work_ends() {
        let permits = Arc::new(tokio::sync::Semaphore::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (permits, running, most) = (permits.clone(), running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                let work = in_turn(&permits, move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(100));
                    running.fetch_sub(1, Ordering::SeqCst);
                });
                tokio::time::timeout(Duration::from_millis(20), work).await
            }));
        }
        for t in tasks {
            let _ = t.await.unwrap();
        }
        // Let abandoned work finish.
        while permits.available_permits() < 2 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(most.load(Ordering::SeqCst) <= 2, "{most:?}");
    }
}
