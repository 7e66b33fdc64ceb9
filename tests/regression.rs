//! Inputs found by `scripts/fuzz.sh`, kept as tests named after what broke.

/// Reading `bytes` as the file `name` fails with an error that names the file.
fn assert_read_error_naming(name: &str, bytes: &[u8]) {
    let err = vanban::read::read_bytes(name, bytes).unwrap_err();
    assert!(err.to_string().contains(name), "{err}");
}

/// fuzz `read_pdf`: pdf-extract 0.9 panics at its lib.rs:204 on this input (found from the small
/// PDF seed). `read::pdf` runs it under `catch_unwind`, so ingest gets a read error, not a crash;
/// under libFuzzer (whose panic hook aborts) the same input is reported as a crash.
#[test]
fn pdf_extract_panic_is_a_read_error() {
    assert_read_error_naming("x.pdf", include_bytes!("regression/pdf_extract_panics.pdf"));
}

/// fuzz `read_pdf` (second round, 40 s): pdf-extract 0.9 panics at its lib.rs:286 on this input.
/// Caught like the one above: a read error naming the file. Poppler's `pdftotext`, the first
/// PDF reader where it is installed, reads this file's text.
#[test]
fn second_pdf_extract_panic_is_a_read_error() {
    let bytes = include_bytes!("regression/pdf_extract_panics_286.pdf");
    match vanban::read::read_bytes("y.pdf", bytes) {
        Ok(read) => assert!(read.docs[0].text.contains("176"), "{:?}", read.docs),
        Err(err) => assert!(err.to_string().contains("y.pdf"), "{err}"),
    }
}

/// fuzz `read_pdf` (third round, 150 s): pdf-extract 0.9 panics at its lib.rs:177 on this input.
/// Caught like the ones above: a read error naming the file.
#[test]
fn third_pdf_extract_panic_is_a_read_error() {
    assert_read_error_naming(
        "z.pdf",
        include_bytes!("regression/pdf_extract_panics_177.pdf"),
    );
}

/// fuzz `read_pdf` (third round, once caught panics no longer stopped it): on this 614-byte
/// PDF pdf-extract 0.9 / lopdf never return. Through the library `read::pdf` gives up after its
/// 30 s timeout with a read error, but the extraction thread cannot be killed and keeps a core
/// busy until the process ends; ignored in the normal suite for that reason (run with
/// `cargo test --test regression -- --ignored`). The `vanban` program uses a child process it
/// kills instead: `tests/cli.rs` checks that on the same file.
#[test]
#[ignore = "takes 30 s and leaves a spinning pdf-extract thread"]
fn looping_pdf_is_abandoned_with_a_read_error() {
    let bytes = include_bytes!("regression/pdf_extract_loops.pdf");
    let started = std::time::Instant::now();
    let err = vanban::read::read_bytes("loop.pdf", bytes).unwrap_err();
    assert!(err.to_string().contains("loop.pdf"), "{err}");
    assert!(err.to_string().contains("30 s"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(40));
}
