//! Citation extraction: `extract_citations` over a body and `parse_citation` on one string.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vanban::extract::citations;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = citations::parse_citation(s);
    let _ = citations::extract_citations(s, &[]);
});
