//! PDF: the text layer, through Poppler's `pdftotext -layout` (falling back to the
//! `pdf-extract` crate), and OCR of the pages that have none.
//!
//! `pdftotext -layout` keeps the two columns of a header on one line with a wide gap between
//! them; gaps of three spaces or more become tabs, the cells the header reader knows from Word
//! tables. Measured on the shared provincial PDFs it finds the number and date of three letters
//! `pdf-extract` loses (README, "Reading PDFs"). `pdf-extract` is the fallback where Poppler is
//! not installed or fails.
//!
//! `pdf-extract` can panic on malformed files and can loop forever on hostile ones. In the
//! `vanban` program it runs in a child process (the same executable, [`HELPER_ARG`]) that is
//! killed after [`TIMEOUT`]; elsewhere (the library in tests, fuzzing) on its own thread under
//! `catch_unwind`, abandoned after [`TIMEOUT`] (a thread cannot be killed: it finishes or spins
//! on until the process ends).
//!
//! A page without a text layer (a scan), or whose layer is not Vietnamese text (a broken font
//! mapping such as `BØ CÔNG AN`, `(cid:16)` placeholders, a bad OCR layer such as
//! `DQc l$p - Trl do`), is recognised by [`ocr`] when Tesseract is installed, its header lines
//! repaired by [`ocr_repair`]. Without Tesseract a PDF with no text at all is an error naming
//! the packages to install, and a garbled layer is kept with a warning that says so, since
//! numbers and dates in it may still be right.

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

use super::{legacy, ocr, ocr_repair, plausible, read_error, text};
use crate::document::{OcrInfo, RawDoc};
use crate::error::Result;

/// Longest the text extraction of one PDF may take.
pub const TIMEOUT: Duration = super::process::TIMEOUT;

/// Reads a PDF: its text layer, and OCR of the pages without a usable one.
pub fn read(name: &str, bytes: &[u8]) -> Result<RawDoc> {
    let head = bytes.get(..1024).unwrap_or(bytes);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(read_error(name, "not a PDF: no %PDF- header"));
    }
    let mut warnings = Vec::new();
    let mut pages: Vec<String> = text_layer(bytes)
        .map_err(|reason| read_error(name, reason))?
        .into_iter()
        .map(|page| {
            let mut page = tidy(&text::clean_controls(&page));
            if let Some((repaired, enc)) = legacy::repair_glyphs(&page) {
                let note = format!("{} glyph text converted to Unicode", enc.name());
                if !warnings.contains(&note) {
                    warnings.push(note);
                }
                page = repaired;
            }
            page
        })
        .collect();
    let unreadable: Vec<usize> = (0..pages.len())
        .filter(|&i| pages.get(i).is_some_and(|p| needs_ocr(p)))
        .collect();
    let mut ocr_info = None;
    if !unreadable.is_empty() {
        match ocr::available() {
            Ok(()) => {
                ocr_info = recognise(name, bytes, &mut pages, &unreadable, &mut warnings)?;
            }
            Err(missing) if pages.iter().all(|p| is_empty(p)) => {
                return Err(read_error(
                    name,
                    format!("PDF has no text layer (a scanned image?); {missing}"),
                ));
            }
            Err(missing) => warnings.push(format!(
                "{} page(s) have no usable text layer and were not recognised; {missing}",
                unreadable.len()
            )),
        }
    }
    let body = pages
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if is_empty(&body) {
        return Err(read_error(
            name,
            "PDF has no text layer, and OCR found no text on its pages",
        ));
    }
    warnings.extend(plausible::garbage_reason(&body));
    Ok(RawDoc {
        source: name.to_string(),
        text: body,
        warnings,
        ocr: ocr_info,
        ..RawDoc::default()
    })
}

/// Fewer than ten letters or digits: no text layer.
fn is_empty(page: &str) -> bool {
    page.chars().filter(|c| c.is_alphanumeric()).count() < 10
}

/// Whether a page must be recognised: no text, or a layer that is not Vietnamese text.
fn needs_ocr(page: &str) -> bool {
    is_empty(page) || plausible::garbage_reason(page).is_some()
}

/// Recognises the pages at `unreadable` (0-based) and puts their text in `pages` when it reads
/// better than what is there; repairs the header of a recognised first page. Returns the OCR
/// summary, `None` when no page was taken from OCR.
fn recognise(
    name: &str,
    bytes: &[u8],
    pages: &mut [String],
    unreadable: &[usize],
    warnings: &mut Vec<String>,
) -> Result<Option<OcrInfo>> {
    let mut file = tempfile::NamedTempFile::new().map_err(|e| crate::error::Error::io(name, e))?;
    file.write_all(bytes)
        .map_err(|e| crate::error::Error::io(name, e))?;
    let limit = usize::try_from(ocr::MAX_PAGES).unwrap_or(usize::MAX);
    if unreadable.len() > limit {
        warnings.push(format!(
            "OCR stopped at {limit} pages: {} scanned pages were not recognised",
            unreadable.len() - limit
        ));
    }
    let chosen: Vec<usize> = unreadable.iter().copied().take(limit).collect();
    let numbers: Vec<u32> = chosen
        .iter()
        .map(|&i| u32::try_from(i + 1).unwrap_or(u32::MAX))
        .collect();
    let results = ocr::recognise(file.path(), &numbers);
    let (mut taken, mut words, mut weighted) = (0u32, 0usize, 0.0f64);
    for ((&i, number), result) in chosen.iter().zip(&numbers).zip(results) {
        let recognised = match result {
            Ok(page) => page,
            Err(reason) => {
                warnings.push(format!("OCR of page {number} failed: {reason}"));
                continue;
            }
        };
        let Some(current) = pages.get_mut(i) else {
            continue;
        };
        let ocr_text = tidy(&text::clean_controls(&recognised.text));
        let better = is_empty(current)
            || plausible::score(&ocr_text).syllable_share()
                > plausible::score(current).syllable_share();
        if !better || is_empty(&ocr_text) {
            continue;
        }
        *current = if i == 0 {
            let (fixed, _) = ocr_repair::repair_header(&ocr_text);
            fixed
        } else {
            ocr_text
        };
        if recognised.confidence < ocr::CONFIDENCE_FLOOR {
            warnings.push(format!(
                "OCR of page {number} is uncertain: mean word confidence {:.0} (floor {:.0})",
                recognised.confidence,
                ocr::CONFIDENCE_FLOOR
            ));
        }
        taken += 1;
        words += recognised.words;
        weighted += f64::from(recognised.confidence) * recognised.words as f64;
    }
    Ok((taken > 0).then(|| OcrInfo {
        pages: taken,
        confidence: if words == 0 {
            0.0
        } else {
            (weighted / words as f64 * 10.0).round() / 10.0
        },
    }))
}

/// The text layer, one string per page: `pdftotext -layout` first, `pdf-extract` when Poppler
/// is missing or fails (its text is one page), and when `pdftotext` finds no text at all.
fn text_layer(bytes: &[u8]) -> Result<Vec<String>, String> {
    let poppler = pdftotext(bytes);
    if let Ok(pages) = &poppler {
        if !pages.iter().all(|p| is_empty(p)) {
            return Ok(pages.clone());
        }
    }
    match extract(bytes) {
        Ok(text) if !is_empty(&text) => Ok(vec![text]),
        // pdf-extract found nothing either: keep Poppler's pages, which tell OCR how many.
        Ok(text) => Ok(poppler.unwrap_or_else(|_| vec![text])),
        // A PDF that defeats both readers (a hang stopped at the time limit) is reported.
        Err(reason) => Err(reason),
    }
}

/// Runs `pdftotext -layout` on `bytes`: pages (split at form feeds) with column gaps as tabs.
fn pdftotext(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut command = Command::new("pdftotext");
    command.args(["-layout", "-enc", "UTF-8", "-q", "-", "-"]);
    let done = match super::process::run_child(command, "pdftotext", Some(bytes.to_vec())) {
        Ok(done) if done.status.success() => done,
        Ok(done) => return Err(format!("pdftotext failed ({})", done.status)),
        Err(super::process::RunError::NotInstalled) => {
            return Err("pdftotext is not installed".into())
        }
        Err(super::process::RunError::Failed(reason)) => return Err(reason),
    };
    let out = String::from_utf8_lossy(&done.stdout);
    let raw: Vec<&str> = out.split('\u{c}').collect();
    // Tables become one line per row before the columns become tabs: placed by word boxes
    // where they can be read, else from the layout text.
    let mut pages: Vec<String> = table_pages_by_boxes(bytes, &raw)
        .unwrap_or_else(|| super::pdf_table::rebuild(&raw))
        .iter()
        .map(|p| layout_cells(p))
        .collect();
    // The text ends with a form feed: the piece after it is not a page.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(pages)
}

/// The `-layout` pages with their tables read from `pdftotext -bbox-layout` word boxes
/// ([`super::pdf_boxes`]); `None` when no page holds a table header, the table pages are more
/// than [`super::pdf_words::MAX_PAGES`], or the boxes cannot be read (the caller keeps the
/// layout reading then).
fn table_pages_by_boxes(bytes: &[u8], raw: &[&str]) -> Option<Vec<String>> {
    let (first, last) = super::pdf_boxes::table_pages(raw)?;
    if last - first >= super::pdf_words::MAX_PAGES {
        return None;
    }
    let mut command = Command::new("pdftotext");
    command.args(["-bbox-layout", "-enc", "UTF-8", "-q"]);
    command.args([
        "-f",
        &(first + 1).to_string(),
        "-l",
        &(last + 1).to_string(),
    ]);
    command.args(["-", "-"]);
    let done = super::process::run_child(command, "pdftotext", Some(bytes.to_vec())).ok()?;
    if !done.status.success() {
        return None;
    }
    let boxes = super::pdf_words::parse(&String::from_utf8_lossy(&done.stdout)).ok()?;
    if boxes.len() != last - first + 1 {
        return None;
    }
    super::pdf_boxes::rebuild(raw, &boxes, first)
}

/// A `-layout` page with each line's indentation removed and gaps of three spaces or more
/// (another column) written as a tab, except before a `/`.
fn layout_cells(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for line in page.lines() {
        let mut spaces = 0;
        for c in line.trim().chars() {
            if c == ' ' {
                spaces += 1;
                continue;
            }
            // A gap before `/` is a number left blank or written by hand (`Số: 85   /GM`).
            if spaces >= 3 && c != '/' {
                out.push('\t');
            } else if spaces >= 3 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n(' ', spaces));
            }
            spaces = 0;
            out.push(c);
        }
        out.push('\n');
    }
    out
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
    fn layout_columns_become_tabs() {
        assert_eq!(
            layout_cells("     UBND TỈNH LÂM ĐỒNG     CỘNG HÒA XÃ HỘI\n  Số: 85     /GM-UBND  a\n"),
            "UBND TỈNH LÂM ĐỒNG\tCỘNG HÒA XÃ HỘI\nSố: 85 /GM-UBND  a\n"
        );
    }

    #[test]
    fn tidy_lines() {
        assert_eq!(tidy("\n\n  a  \n\n\n\nb \nc"), "  a\n\nb\nc");
    }
}
