//! OCR of scanned PDF pages: each page rendered by Poppler's `pdftoppm` and recognised by
//! Tesseract with its Vietnamese model (`tesseract -l vie`), both run as bounded child processes
//! ([`super::process`]: a time limit per page, bounded output), pages in parallel across cores,
//! at most [`MAX_PAGES`] pages per document.
//!
//! Tesseract's TSV output gives every word with its box and confidence. Lines are rebuilt from
//! it with a tab where a wide gap separates two columns (the header's agency and motto columns,
//! `Nơi nhận:` beside the signer), the way the Word reader writes table cells, so the header
//! reader sees the same cells. A page's mean word confidence is kept; a page under
//! [`CONFIDENCE_FLOOR`] is flagged by the caller.
//!
//! Without `tesseract`, its Vietnamese model or `pdftoppm`, [`available`] says what to install.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use super::process::{self, RunError};

/// Most pages recognised in one document; later pages are left out with a warning.
pub const MAX_PAGES: u32 = 30;

/// Rendering resolution: Tesseract reads 10–12 pt body text best at 300 dpi.
const DPI: &str = "300";

/// A page whose mean word confidence is below this is flagged in the document's warnings.
pub const CONFIDENCE_FLOOR: f32 = 70.0;

/// A gap between two words wider than this many times the line's word height separates two
/// columns (written as a tab). Justified body text stays well under twice the height.
const COLUMN_GAP: f32 = 2.5;

/// The command that installs what OCR needs on Debian.
pub const INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils";

/// One recognised page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The text, lines rebuilt from the word boxes.
    pub text: String,
    /// Mean word confidence, 0–100; 0 for a page without words.
    pub confidence: f32,
    /// Words recognised.
    pub words: usize,
}

#[cfg(test)]
thread_local! {
    static DISABLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` as if Tesseract were not installed (on this thread): tests of the readers over the
/// whole corpus stay fast, and check the message given without it.
#[cfg(test)]
pub(crate) fn without_ocr<R>(f: impl FnOnce() -> R) -> R {
    DISABLED.with(|d| d.set(true));
    let out = f();
    DISABLED.with(|d| d.set(false));
    out
}

/// Whether OCR can run here: `Err` names what is missing and how to install it. Checked once.
pub fn available() -> Result<(), String> {
    #[cfg(test)]
    if DISABLED.with(std::cell::Cell::get) {
        return Err(format!("OCR needs Tesseract: {INSTALL}"));
    }
    static CHECK: OnceLock<Result<(), String>> = OnceLock::new();
    CHECK
        .get_or_init(|| {
            let langs = match process::run("tesseract", &[OsStr::new("--list-langs")]) {
                Ok(out) => String::from_utf8_lossy(&out).into_owned(),
                Err(RunError::NotInstalled) => {
                    return Err(format!("OCR needs Tesseract: {INSTALL}"));
                }
                Err(RunError::Failed(reason)) => return Err(format!("OCR unavailable: {reason}")),
            };
            if !langs.lines().any(|l| l.trim() == "vie") {
                return Err(format!(
                    "OCR needs Tesseract's Vietnamese model (tesseract-ocr-vie): {INSTALL}"
                ));
            }
            match process::run("pdftoppm", &[OsStr::new("-v")]) {
                Err(RunError::NotInstalled) => {
                    Err(format!("OCR needs pdftoppm (poppler-utils): {INSTALL}"))
                }
                _ => Ok(()),
            }
        })
        .clone()
}

/// Recognises pages `pages` (1-based) of the PDF at `pdf`, in parallel. Each page's result is
/// its text or why it failed (a timeout, a render error), in the order asked.
pub fn recognise(pdf: &Path, pages: &[u32]) -> Vec<Result<Page, String>> {
    let Ok(dir) = tempfile::tempdir() else {
        return pages
            .iter()
            .map(|_| Err("cannot create a temporary folder for OCR".to_string()))
            .collect();
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, pages.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Page, String>>> = vec![None; pages.len()];
    let slots = std::sync::Mutex::new(&mut results);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&page) = pages.get(i) else { break };
                let result = page_text(pdf, dir.path(), page);
                if let Ok(mut slots) = slots.lock() {
                    if let Some(slot) = slots.get_mut(i) {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("OCR worker stopped".to_string())))
        .collect()
}

/// Renders and recognises one page.
fn page_text(pdf: &Path, dir: &Path, page: u32) -> Result<Page, String> {
    let number = page.to_string();
    let stem = dir.join(format!("p{page}"));
    let mut render = Command::new("pdftoppm");
    render.args([
        OsStr::new("-r"),
        OsStr::new(DPI),
        // Uncompressed grey PGM: PNG encoding of a 300 dpi page costs seconds.
        OsStr::new("-gray"),
        OsStr::new("-singlefile"),
        OsStr::new("-f"),
        OsStr::new(&number),
        OsStr::new("-l"),
        OsStr::new(&number),
        pdf.as_os_str(),
        stem.as_os_str(),
    ]);
    finished(process::run_child(render, "pdftoppm", None), "pdftoppm")?;
    let image = stem.with_extension("pgm");
    let mut tesseract = Command::new("tesseract");
    // One thread per process: pages already run in parallel.
    tesseract.env("OMP_THREAD_LIMIT", "1").args([
        image.as_os_str(),
        OsStr::new("stdout"),
        OsStr::new("-l"),
        OsStr::new("vie"),
        OsStr::new("--psm"),
        OsStr::new("3"),
        OsStr::new("tsv"),
    ]);
    let tsv = finished(
        process::run_child(tesseract, "tesseract", None),
        "tesseract",
    )?;
    let _ = std::fs::remove_file(&image);
    Ok(from_tsv(&String::from_utf8_lossy(&tsv)))
}

/// The standard output of a child that exited successfully, or why not.
fn finished(done: Result<process::Finished, RunError>, name: &str) -> Result<Vec<u8>, String> {
    match done {
        Ok(done) if done.status.success() => Ok(done.stdout),
        Ok(done) => Err(format!(
            "{name} failed ({}): {}",
            done.status,
            String::from_utf8_lossy(&done.stderr).trim()
        )),
        Err(RunError::NotInstalled) => Err(format!("{name} is not installed: {INSTALL}")),
        Err(RunError::Failed(reason)) => Err(reason),
    }
}

/// One word of Tesseract's TSV.
struct Word<'a> {
    line: (u32, u32, u32),
    left: f32,
    width: f32,
    height: f32,
    conf: f32,
    text: &'a str,
}

/// Rebuilds a page from Tesseract's TSV: words of one line joined by a space, or a tab across a
/// column gap; lines of one paragraph on consecutive lines; a blank line between paragraphs.
pub fn from_tsv(tsv: &str) -> Page {
    let words: Vec<Word<'_>> = tsv.lines().skip(1).filter_map(word).collect();
    let mut text = String::new();
    let mut prev: Option<&Word<'_>> = None;
    let (mut sum, mut counted) = (0.0f32, 0usize);
    for w in &words {
        if w.conf >= 0.0 {
            sum += w.conf;
            counted += 1;
        }
        match prev {
            Some(p) if p.line == w.line => {
                let gap = w.left - (p.left + p.width);
                let height = p.height.max(w.height).max(1.0);
                text.push(if gap > COLUMN_GAP * height { '\t' } else { ' ' });
            }
            Some(p) if (p.line.0, p.line.1) == (w.line.0, w.line.1) => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
            None => {}
        }
        text.push_str(w.text);
        prev = Some(w);
    }
    Page {
        text,
        confidence: if counted == 0 {
            0.0
        } else {
            sum / counted as f32
        },
        words: counted,
    }
}

/// A word row of the TSV (level 5) with non-blank text.
fn word(row: &str) -> Option<Word<'_>> {
    let cols: Vec<&str> = row.split('\t').collect();
    if cols.len() < 12 || cols.first() != Some(&"5") {
        return None;
    }
    let num = |i: usize| cols.get(i).and_then(|c| c.trim().parse::<f32>().ok());
    let int = |i: usize| cols.get(i).and_then(|c| c.trim().parse::<u32>().ok());
    let text = cols.get(11)?.trim();
    if text.is_empty() {
        return None;
    }
    Some(Word {
        line: (int(2)?, int(3)?, int(4)?),
        left: num(6)?,
        width: num(8)?,
        height: num(9)?,
        conf: num(10)?,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    fn row(b: u32, p: u32, l: u32, left: u32, width: u32, conf: f32, text: &str) -> String {
        format!("5\t1\t{b}\t{p}\t{l}\t1\t{left}\t100\t{width}\t40\t{conf}\t{text}\n")
    }

    #[test]
    fn lines_columns_and_paragraphs_from_tsv() {
        let mut tsv = HEAD.to_string();
        tsv.push_str("1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n");
        tsv.push_str(&row(1, 1, 1, 100, 80, 90.0, "BỘ"));
        tsv.push_str(&row(1, 1, 1, 195, 120, 90.0, "CÔNG"));
        tsv.push_str(&row(1, 1, 1, 330, 60, 90.0, "AN"));
        // 500 px from the end of `AN`, over 2.5 times the 40 px height: a new column.
        tsv.push_str(&row(1, 1, 1, 890, 100, 80.0, "CỘNG"));
        tsv.push_str(&row(1, 1, 2, 100, 80, 70.0, "Số:"));
        tsv.push_str(&row(1, 2, 1, 100, 80, 60.0, "Kính"));
        tsv.push_str(&row(1, 2, 1, 190, 80, -1.0, "gửi"));
        let page = from_tsv(&tsv);
        assert_eq!(page.text, "BỘ CÔNG AN\tCỘNG\nSố:\n\nKính gửi");
        assert_eq!(page.words, 6);
        assert!((page.confidence - 80.0).abs() < 1e-3, "{}", page.confidence);
    }

    #[test]
    fn empty_tsv_is_an_empty_page() {
        let page = from_tsv(HEAD);
        assert_eq!(page.text, "");
        assert_eq!(page.confidence, 0.0);
    }
}
