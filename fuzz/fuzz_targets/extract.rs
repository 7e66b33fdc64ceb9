//! Whole extraction of a text read as a `.txt` file (header, outline, citations, tasks).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(read) = vanban::read::read_bytes("x.txt", data) {
        for raw in read.docs {
            let _ = vanban::extract::extract(raw);
        }
    }
});
