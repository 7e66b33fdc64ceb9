//! Request logs, in a test binary of their own: tracing caches per call site whether anyone
//! listens, so a thread-local subscriber is reliable only when no other test runs beside it.

mod http_support;

use http_support::*;
use vanban::http::ServerOptions;
use vanban::index::VanbanIndex;

#[test]
fn request_logs_show_method_path_status_and_latency() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests of this binary may have run the log call sites with no subscriber, and tracing
    // caches that they are off; recompute with this thread's subscriber in place.
    tracing::callsite::rebuild_interest_cache();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let app = app(VanbanIndex::in_memory().unwrap(), &ServerOptions::default());
        get(&app, "/api/health").await;
        get(&app, "/api/search?q=%zz").await;
    });
    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("response")).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].contains("method=GET") && lines[0].contains("path=/api/health"));
    assert!(lines[0].contains("status=200") && lines[0].contains("latency_ms="));
    assert!(lines[1].contains("path=/api/search") && lines[1].contains("status=400"));
}
