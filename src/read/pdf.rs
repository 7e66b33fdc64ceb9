//! PDF: the text layer, through the `pdf-extract` crate.
//!
//! `pdf-extract` can panic on malformed files and can take long on hostile ones, so it runs on
//! its own thread under `catch_unwind`, and the reader stops waiting after [`TIMEOUT`] (the
//! thread cannot be killed; it finishes or dies on its own). A PDF without a text layer (a
//! scan) is an error, not an empty document; a layer that is not Vietnamese text (a broken
//! font mapping such as `BØ CÔNG AN`, `(cid:16)` placeholders, a bad OCR layer such as
//! `DQc l$p - Trl do`) is kept with a warning that says so, since numbers and dates in it
//! may still be right.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use super::{legacy, plausible, read_error, text};
use crate::document::RawDoc;
use crate::error::Result;

/// Longest the text extraction of one PDF may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

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

/// Runs `pdf-extract` on a thread, catching its panics, waiting at most [`TIMEOUT`].
fn extract(bytes: &[u8]) -> Result<String, String> {
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
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "PDF text extraction took longer than {} s and was abandoned",
            TIMEOUT.as_secs()
        )),
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
