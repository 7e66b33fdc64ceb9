//! The reader behind `x.jsonl`, through `read::read_bytes` as ingest and uploads call it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vanban::read::read_bytes("x.jsonl", data);
});
