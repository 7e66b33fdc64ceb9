//! Readers: one per format, each turning bytes into [`RawDoc`]s. No knowledge of the index.
//!
//! [`read_file`] and [`read_bytes`] pick the reader by the file's extension (a few formats are
//! also checked by their signature, so a `.doc` that is really a `.docx` is still read). Every
//! reader bounds what it reads (file size, decompressed size, JSON nesting, time for external
//! tools) and reports a problem as [`Error::Read`] with the reason, never a panic:
//!
//! | extension | reader |
//! |---|---|
//! | `.txt`, `.text` | [`txt`]: plain text, with or without the metadata lines of the seed |
//! | `.json`, `.jsonl`, `.ndjson` | [`json`] records, or the ALQAC/Zalo law layout ([`alqac`]) |
//! | `.csv` | [`phapdien`]: the Pháp điển article table |
//! | `.html`, `.htm` | [`html`]: visible text, block elements as lines |
//! | `.docx` | [`docx`]: paragraphs and tables in body order |
//! | `.doc` | [`doc`]: legacy Word through `antiword` (or `catdoc`) |
//! | `.pdf` | [`pdf`]: the text layer, with garbled layers flagged |
//!
//! Text that is not UTF-8 is decoded from the legacy Vietnamese encodings ([`legacy`]).

pub mod alqac;
pub mod doc;
pub mod docx;
mod docx_numbering;
pub mod html;
pub mod html_budget;
mod html_table;
pub mod json;
pub(crate) mod legacy;
mod ocr;
mod ocr_repair;
pub mod pdf;
mod pdf_boxes;
mod pdf_table;
mod pdf_words;
pub mod phapdien;
pub(crate) mod plausible;
mod process;
pub(crate) mod record;
mod text;
pub mod txt;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::document::RawDoc;
use crate::error::{Error, Result};

/// Largest file a reader takes (64 MB); a larger one is refused before it is read whole.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What reading one file produced: its documents, and the records inside it that were skipped.
#[derive(Debug, Default)]
pub struct FileRead {
    /// Documents read.
    pub docs: Vec<RawDoc>,
    /// Records skipped inside an otherwise good file (`path#L12: malformed JSON ...`).
    pub skipped: Vec<String>,
}

impl FileRead {
    /// One document, nothing skipped.
    fn one(doc: RawDoc) -> Self {
        FileRead {
            docs: vec![doc],
            skipped: Vec::new(),
        }
    }
}

/// The formats the readers know, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Txt,
    /// One JSON value: a record, an array of records, or the ALQAC/Zalo layout.
    Json,
    /// One JSON record per line.
    Jsonl,
    /// The Pháp điển CSV.
    Csv,
    /// An HTML page.
    Html,
    /// Word 2007+ (Office Open XML).
    Docx,
    /// Legacy Word (OLE compound file).
    Doc,
    /// PDF.
    Pdf,
}

impl Format {
    /// The format of a file name, by its extension (any case); `None` when no reader takes it.
    ///
    /// ```
    /// use vanban::read::Format;
    /// assert_eq!(Format::of("corpus/176-KH-UBND.TXT"), Some(Format::Txt));
    /// assert_eq!(Format::of("scan.png"), None);
    /// ```
    pub fn of(name: &str) -> Option<Format> {
        let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Txt,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            "html" | "htm" => Format::Html,
            "docx" => Format::Docx,
            "doc" => Format::Doc,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// The extensions [`Format::of`] knows, for messages.
const KNOWN: &str = ".txt .json .jsonl .csv .html .htm .docx .doc .pdf";

/// A read error on `name`.
pub(crate) fn read_error(name: &str, reason: impl Into<String>) -> Error {
    Error::Read {
        path: PathBuf::from(name),
        reason: reason.into(),
    }
}

/// Reads one file from disk. A file over [`MAX_FILE_BYTES`] is refused without reading it.
pub fn read_file(path: &Path) -> Result<FileRead> {
    let name = path.to_string_lossy();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big(&name, len));
    }
    let mut bytes = Vec::new();
    // `take` also bounds a file that grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    read_bytes(&name, &bytes)
}

fn too_big(name: &str, len: u64) -> Error {
    read_error(
        name,
        format!(
            "file is {:.1} MB, over the {} MB limit",
            len as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
    )
}

/// Reads a file's bytes; `name` gives the source name and, by its extension, the format.
/// Used for files from disk and for HTTP uploads alike.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<FileRead> {
    let format = Format::of(name).ok_or_else(|| Error::Unsupported {
        path: PathBuf::from(name),
        reason: format!("no reader for this extension; known: {KNOWN}"),
    })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(name, bytes.len() as u64));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(read_error(name, "empty file"));
    }
    let _permit = process::ExtractionPermit::acquire();
    let mut read = match format {
        Format::Txt => txt::read(name, bytes).map(FileRead::one),
        Format::Json => json::read_json(name, bytes),
        Format::Jsonl => json::read_jsonl(name, bytes),
        Format::Csv => phapdien::read(name, bytes),
        Format::Html => html::read(name, bytes).map(FileRead::one),
        Format::Docx | Format::Doc if bytes.starts_with(b"PK\x03\x04") => {
            docx::read(name, bytes).map(FileRead::one)
        }
        Format::Docx | Format::Doc => doc::read(name, bytes).map(FileRead::one),
        Format::Pdf => pdf::read(name, bytes).map(FileRead::one),
    }?;
    read.docs.iter_mut().for_each(text::compose);
    Ok(read)
}

/// Whether a file in a folder is left out: hidden files, and `README.md` files, which document
/// a folder rather than being a document of it.
pub(crate) fn left_out(name: &str) -> bool {
    name.starts_with('.') || name.eq_ignore_ascii_case("readme.md")
}

/// Lists the files under `paths` that a reader may take, in a stable order. Folder problems
/// (unreadable entries, symlink loops) come back as errors beside the good files. Inside folders,
/// hidden entries, `README.md` and files of unknown formats are left out; a file named directly
/// is always listed, so that reading it reports why it cannot be read.
pub fn walk(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    walk_within(paths, true)
}

/// [`walk`], and unless `follow_links`, a file reached through a symbolic link that leads out
/// of the folder given is an error ("links outside the indexed folder"), not read: a link to a
/// file elsewhere on the server was indexed and served to anonymous users (issue 23). Links
/// that stay inside the folder are followed.
pub fn walk_within(paths: &[PathBuf], follow_links: bool) -> Vec<Result<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let root = std::fs::canonicalize(p).ok();
        let walker = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !left_out(&e.file_name().to_string_lossy()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let known = Format::of(&e.file_name().to_string_lossy()).is_some();
                    if !(e.depth() == 0 || known) {
                        continue;
                    }
                    let outside = !follow_links
                        && e.depth() > 0
                        && root.as_ref().is_some_and(|root| {
                            std::fs::canonicalize(e.path()).map_or(true, |c| !c.starts_with(root))
                        });
                    if outside {
                        out.push(Err(Error::Read {
                            path: e.into_path(),
                            reason: "a symbolic link to a file outside the indexed folder; \
                                     left out (pass --follow-links to index it)"
                                .into(),
                        }));
                    } else {
                        out.push(Ok(e.into_path()));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().map_or_else(|| p.clone(), Path::to_path_buf);
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop: this folder links back to one of its parents".into()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), std::io::Error::to_string)
                    };
                    out.push(Err(Error::Read { path, reason }));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
