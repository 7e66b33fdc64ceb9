//! Inputs found by `scripts/fuzz.sh`, kept as tests named after what broke.

/// fuzz `read_pdf`: pdf-extract 0.9 panics at its lib.rs:204 on this input (found from the small
/// PDF seed). `read::pdf` runs it under `catch_unwind`, so ingest gets a read error, not a crash;
/// under libFuzzer (whose panic hook aborts) the same input is reported as a crash.
#[test]
fn pdf_extract_panic_is_a_read_error() {
    let bytes = include_bytes!("regression/pdf_extract_panics.pdf");
    let err = vanban::read::read_bytes("x.pdf", bytes).unwrap_err();
    assert!(err.to_string().contains("x.pdf"), "{err}");
}

/// fuzz `read_pdf` (second round, 40 s): pdf-extract 0.9 panics at its lib.rs:286 on this input.
/// Caught like the one above: a read error naming the file.
#[test]
fn second_pdf_extract_panic_is_a_read_error() {
    let bytes = include_bytes!("regression/pdf_extract_panics_286.pdf");
    let err = vanban::read::read_bytes("y.pdf", bytes).unwrap_err();
    assert!(err.to_string().contains("y.pdf"), "{err}");
}
