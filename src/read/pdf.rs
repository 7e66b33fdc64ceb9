//! PDF: the text layer, through the `pdf-extract` crate.
//!
//! `pdf-extract` can panic on malformed files and can loop forever on hostile ones. In the
//! `vanban` program it runs in a child process (the same executable, [`HELPER_ARG`]) that is
//! killed after [`TIMEOUT`]; elsewhere (the library in tests, fuzzing) on its own thread under
//! `catch_unwind`, abandoned after [`TIMEOUT`] (a thread cannot be killed: it finishes or spins
//! on until the process ends). A PDF without a text layer (a
//! scan) is an error, not an empty document; a layer that is not Vietnamese text (a broken
//! font mapping such as `BØ CÔNG AN`, `(cid:16)` placeholders, a bad OCR layer such as
//! `DQc l$p - Trl do`) is kept with a warning that says so, since numbers and dates in it
//! may still be right.

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

use super::{legacy, plausible, read_error, text};
use crate::document::RawDoc;
use crate::error::Result;

/// Longest the text extraction of one PDF may take.
pub const TIMEOUT: Duration = super::process::TIMEOUT;

/// Reads a PDF's text layer.
pub fn read(name: &str, bytes: &[u8]) -> Result<RawDoc> {
    let head = bytes.get(..1024).unwrap_or(bytes);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(read_error(name, "not a PDF: no %PDF- header"));
    }
    let raw = extract(bytes).map_err(|reason| read_error(name, reason))?;
    let mut body = tidy(&text::clean_controls(&raw));
    if body.chars().filter(|c| c.is_alphanumeric()).count() < 10 {
        return Err(read_error(
            name,
            "PDF has no text layer (a scanned image?); run OCR on it first",
        ));
    }
    let mut warnings = Vec::new();
    if let Some((repaired, enc)) = legacy::repair_glyphs(&body) {
        warnings.push(format!("{} glyph text converted to Unicode", enc.name()));
        body = repaired;
    }
    warnings.extend(plausible::garbage_reason(&body));
    Ok(RawDoc {
        source: name.to_string(),
        text: body,
        warnings,
        ..RawDoc::default()
    })
}

/// The first argument that makes the `vanban` executable a PDF text extractor: PDF bytes on
/// stdin, text on stdout ([`helper_main`]).
pub const HELPER_ARG: &str = "__vanban-extract-pdf";

static HELPER: OnceLock<PathBuf> = OnceLock::new();

/// From now on, extract PDF text in a child process running `exe` [`HELPER_ARG`], killed after
/// [`TIMEOUT`]. `exe` must be the `vanban` executable (its `main` answers [`HELPER_ARG`]).
pub fn extract_in_child_process(exe: PathBuf) {
    let _ = HELPER.set(exe);
}

/// The child's side: reads a PDF from stdin and writes its text to stdout. Exit status 0 with
/// the text, 1 with `pdf-extract`'s error on stderr, 2 when `pdf-extract` panicked.
pub fn helper_main() -> std::process::ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_err() {
        return std::process::ExitCode::from(1);
    }
    match catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(&bytes)
    })) {
        Ok(Ok(text)) => match std::io::stdout().write_all(text.as_bytes()) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(_) => std::process::ExitCode::from(1),
        },
        Ok(Err(e)) => {
            eprint!("{e}");
            std::process::ExitCode::from(1)
        }
        Err(_) => std::process::ExitCode::from(2),
    }
}

fn timed_out() -> String {
    format!(
        "PDF text extraction took longer than {} s and was stopped",
        TIMEOUT.as_secs()
    )
}

/// Runs `pdf-extract` in a child process (when set up) or on a thread.
fn extract(bytes: &[u8]) -> Result<String, String> {
    match HELPER.get() {
        Some(exe) => extract_in_child(exe, bytes),
        None => extract_on_thread(bytes),
    }
}

/// Runs the helper process on `bytes`, killing it after [`TIMEOUT`].
fn extract_in_child(exe: &std::path::Path, bytes: &[u8]) -> Result<String, String> {
    let mut command = Command::new(exe);
    command.arg(HELPER_ARG);
    let done = match super::process::run_child(command, "PDF text extraction", Some(bytes.to_vec()))
    {
        Ok(done) => done,
        Err(super::process::RunError::Failed(reason)) => return Err(reason),
        Err(super::process::RunError::NotInstalled) => {
            return Err(format!("the PDF reader {} is missing", exe.display()))
        }
    };
    match done.status.code() {
        Some(0) => Ok(String::from_utf8_lossy(&done.stdout).into_owned()),
        Some(1) => Err(format!(
            "PDF cannot be read: {}",
            String::from_utf8_lossy(&done.stderr).trim()
        )),
        Some(2) => Err("PDF is malformed: the PDF reader failed on it".into()),
        _ => Err(format!(
            "PDF reader process {}",
            super::process::abnormal_end(done.status)
        )),
    }
}

/// Runs `pdf-extract` on a thread, catching its panics, waiting at most [`TIMEOUT`].
fn extract_on_thread(bytes: &[u8]) -> Result<String, String> {
    let owned = bytes.to_vec();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("pdf-extract".into())
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| {
                pdf_extract::extract_text_from_mem(&owned)
            }));
            // The receiver may have given up waiting; nothing to do then.
            let _ = tx.send(result);
        })
        .map_err(|e| format!("cannot start the PDF reader: {e}"))?;
    match rx.recv_timeout(TIMEOUT) {
        Ok(Ok(Ok(text))) => Ok(text),
        Ok(Ok(Err(e))) => Err(format!("PDF cannot be read: {e}")),
        Ok(Err(_)) => Err("PDF is malformed: the PDF reader failed on it".into()),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(timed_out()),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("PDF reader stopped unexpectedly".into()),
    }
}

/// Trims the spaces `pdf-extract` leaves at line ends and collapses runs of blank lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanks = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blanks > 0 { "\n\n" } else { "\n" });
        }
        blanks = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf() {
        let err = read("x.pdf", b"hello").unwrap_err().to_string();
        assert!(err.contains("no %PDF- header"), "{err}");
    }

    #[test]
    fn truncated_pdf_is_an_error() {
        let err = read("x.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>").unwrap_err();
        assert!(matches!(err, crate::error::Error::Read { .. }));
    }

    #[test]
    fn tidy_lines() {
        assert_eq!(tidy("\n\n  a  \n\n\n\nb \nc"), "  a\n\nb\nc");
    }
}
