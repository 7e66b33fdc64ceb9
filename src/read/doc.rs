//! Legacy Word (`.doc`, the OLE compound format of Word 97–2003), through Debian's `antiword`
//! (falling back to `catdoc`), run with a time limit.
//!
//! No maintained Rust crate reads `.doc` text; both tools are small and packaged by Debian
//! (`apt-get install antiword catdoc`). Without them a `.doc` is reported as unsupported, naming
//! what to install. antiword draws table cells as `|cell|cell|`; they become tab-separated.

use std::ffi::OsStr;
use std::io::Write;

use super::process::{self, RunError};
use super::{legacy, plausible, read_error, text};
use crate::document::RawDoc;
use crate::error::{Error, Result};

/// The signature of an OLE compound file, which every Word 97–2003 document is.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a legacy Word document.
pub fn read(name: &str, bytes: &[u8]) -> Result<RawDoc> {
    if bytes.starts_with(b"{\\rtf") {
        return Err(Error::Unsupported {
            path: name.into(),
            reason: "an RTF file named .doc; save it as .docx".into(),
        });
    }
    if !bytes.starts_with(&OLE_MAGIC) {
        return Err(read_error(
            name,
            "not a Word document: no OLE compound-file signature",
        ));
    }
    let mut file = tempfile::NamedTempFile::new().map_err(|e| Error::io(name, e))?;
    file.write_all(bytes).map_err(|e| Error::io(name, e))?;
    let path = file.path().as_os_str();
    let antiword = process::run(
        "antiword",
        &[
            OsStr::new("-m"),
            OsStr::new("UTF-8.txt"),
            OsStr::new("-w"),
            OsStr::new("0"),
            path,
        ],
    );
    let out = match antiword {
        Ok(out) => out,
        Err(first) => match process::run(
            "catdoc",
            &[
                OsStr::new("-d"),
                OsStr::new("utf-8"),
                OsStr::new("-w"),
                path,
            ],
        ) {
            Ok(out) => out,
            Err(RunError::NotInstalled) => {
                return Err(match first {
                    RunError::NotInstalled => Error::Unsupported {
                        path: name.into(),
                        reason: "reading legacy Word .doc needs `antiword` or `catdoc`: \
                                 apt-get install antiword catdoc"
                            .into(),
                    },
                    RunError::Failed(reason) => read_error(name, reason),
                })
            }
            Err(RunError::Failed(reason)) => return Err(read_error(name, reason)),
        },
    };
    let raw = String::from_utf8_lossy(&out);
    let mut body = untable(&text::clean_controls(&raw));
    let mut warnings = Vec::new();
    if let Some((repaired, enc)) = legacy::repair_glyphs(&body) {
        warnings.push(format!("{} glyph text converted to Unicode", enc.name()));
        body = repaired;
    }
    if body.trim().is_empty() {
        return Err(read_error(name, "Word document has no text"));
    }
    warnings.extend(plausible::garbage_reason(&body));
    Ok(RawDoc {
        source: name.to_string(),
        text: body.trim().to_string(),
        warnings,
        ..RawDoc::default()
    })
}

/// antiword's table rows `|a   |b   |` → `a\tb`; other lines trimmed of their indentation.
fn untable(text: &str) -> String {
    text.lines()
        .map(|line| {
            let t = line.trim();
            if t.starts_with('|') && t.ends_with('|') && t.len() > 1 {
                t.split('|')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join("\t")
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn antiword_tables_become_tabs() {
        assert_eq!(
            untable("|Nơi nhận:      |TL. CHỦ TỊCH   |\n|- Như trên;    |               |\n   Kính gửi: Sở"),
            "Nơi nhận:\tTL. CHỦ TỊCH\n- Như trên;\nKính gửi: Sở"
        );
    }

    #[test]
    fn not_ole_is_refused() {
        let err = read("x.doc", b"hello world").unwrap_err().to_string();
        assert!(err.contains("no OLE compound-file signature"), "{err}");
        assert!(matches!(
            read("x.doc", b"{\\rtf1 abc}"),
            Err(Error::Unsupported { .. })
        ));
    }

    #[test]
    fn broken_ole_is_an_error_not_a_panic() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend(std::iter::repeat_n(0x41u8, 4096));
        assert!(read("x.doc", &bytes).is_err());
    }
}
