//! The reader behind `x.pdf`, through `read::read_bytes` as ingest and uploads call it.
//!
//! pdf-extract panics on many broken PDFs; `read::pdf` runs it on a thread named `pdf-extract`
//! under `catch_unwind` and turns the panic into a read error (kept inputs: tests/regression.rs).
//! libFuzzer's panic hook would abort on those caught panics and stop the run at the first one,
//! so this target's hook lets panics on that thread through; any other panic still aborts.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        let abort_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some("pdf-extract") {
                abort_hook(info);
            }
        }));
    },
    |data: &[u8]| {
        let _ = vanban::read::read_bytes("x.pdf", data);
    }
);
