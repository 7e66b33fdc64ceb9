//! The accept loop: HTTP/1.1 connections with a header-read timeout, a cap on open connections
//! and a graceful shutdown on SIGTERM or Ctrl-C.
//!
//! `axum::serve` sets no timer, so hyper's header-read timeout never applied: idle and
//! slow-header sockets stayed open for ever, and 300 of them against `ulimit -n 256` stopped the
//! server accepting anyone (issue 23). Here every connection runs hyper's HTTP/1 server with a
//! timer: the headers of each request, the first and every later one on a kept-alive connection,
//! must arrive within [`ServeLimits::header_read_timeout`], so an idle connection is closed after
//! that long. At most [`ServeLimits::max_connections`] connections are open at once; the next
//! one waits in the kernel's backlog until one closes.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Default time a client has to send a request's headers, and the longest a kept-alive
/// connection may stay idle.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Most open connections by default; lowered to half the open-file limit when that is smaller.
pub const MAX_CONNECTIONS: usize = 1024;

/// Bounds of the accept loop.
#[derive(Debug, Clone)]
pub struct ServeLimits {
    /// Time to send the headers of a request (and idle time between requests).
    pub header_read_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
    /// After a shutdown signal, longest wait for requests in flight before exiting anyway.
    pub shutdown_grace: Duration,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            max_connections: default_max_connections(),
            shutdown_grace: Duration::from_secs(15),
        }
    }
}

/// [`MAX_CONNECTIONS`], or half the soft open-file limit when that is smaller (the other half
/// stays for the index's files and the helpers' pipes), at least 8.
pub fn default_max_connections() -> usize {
    let files = open_file_limit().unwrap_or(u64::MAX);
    let half = usize::try_from(files / 2).unwrap_or(usize::MAX);
    half.clamp(8, MAX_CONNECTIONS)
}

#[cfg(unix)]
fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own and reads nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    ok.then_some(limit.rlim_cur)
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

/// Serves `app` on `listener` until `shutdown` completes; then stops accepting, lets requests in
/// flight finish within [`ServeLimits::shutdown_grace`] and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &ServeLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: wait for connections to close.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("shutting down: no new connections, finishing requests in flight");
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "requests still in flight after {} s; exiting",
            limits.shutdown_grace.as_secs()
        );
    }
}

/// Completes at the first SIGTERM (what systemd and container runtimes send) or Ctrl-C.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
