//! Tests of the read layer as a whole: dispatch, bounds, `walk`, the provincial originals
//! against their reference text, and no panic on any bytes.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;

const PROVINCIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/provincial");

#[test]
fn unknown_extension_is_unsupported() {
    let err = read_bytes("scan.png", b"\x89PNG").unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err}");
}

#[test]
fn empty_and_blank_files_are_errors() {
    for ext in ["txt", "json", "jsonl", "csv", "html", "docx", "doc", "pdf"] {
        let name = format!("empty.{ext}");
        assert!(read_bytes(&name, b"")
            .unwrap_err()
            .to_string()
            .contains("empty file"));
        assert!(read_bytes(&name, b" \n\t")
            .unwrap_err()
            .to_string()
            .contains("empty file"));
    }
}

#[test]
fn nul_file_is_binary() {
    let err = read_bytes("x.txt", b"K\x00\x00\x00\x01\x02")
        .unwrap_err()
        .to_string();
    assert!(err.contains("binary"), "{err}");
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let file = std::fs::File::create(&path).unwrap();
    // A sparse file: its size is over the cap without writing 64 MB.
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let err = read_file(&path).unwrap_err().to_string();
    assert!(err.contains("over the 64 MB limit"), "{err}");
}

#[test]
fn docx_named_doc_is_read_as_docx() {
    // A .doc that is really a .docx (a common renaming) goes to the .docx reader.
    let err = read_bytes("x.doc", b"PK\x03\x04junk")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a valid .docx"), "{err}");
}

#[test]
fn walk_skips_hidden_readme_and_unknown_and_reports_loops() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sub/.hidden")).unwrap();
    for f in [
        "a.txt",
        "README.md",
        "readme.md",
        "sub/b.jsonl",
        "sub/.c.txt",
        "sub/.hidden/d.txt",
        "image.png",
    ] {
        std::fs::write(root.join(f), "x").unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    let found = walk(&[root.to_path_buf(), root.join("image.png")]);
    let ok: Vec<PathBuf> = found
        .iter()
        .filter_map(|r| r.as_ref().ok().cloned())
        .collect();
    let rel: Vec<String> = ok
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(rel, vec!["a.txt", "sub/b.jsonl", "image.png"]);
    #[cfg(unix)]
    {
        let errors: Vec<String> = found
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("symbolic link loop"), "{errors:?}");
    }
    let missing = walk(&[root.join("nope")]);
    assert!(missing[0].is_err());
}

/// One line of provincial.dev.jsonl: the file and its reference text.
struct Reference {
    file: PathBuf,
    quality: String,
    text: String,
    doc_type: Option<String>,
}

fn references() -> Option<Vec<Reference>> {
    let jsonl = Path::new(PROVINCIAL).join("provincial.dev.jsonl");
    let data = std::fs::read_to_string(&jsonl).ok()?;
    Some(
        data.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                Reference {
                    file: Path::new(PROVINCIAL).join(v["file"].as_str().unwrap()),
                    quality: v["text_quality"].as_str().unwrap_or("").to_string(),
                    text: v["text"].as_str().unwrap_or("").to_string(),
                    doc_type: v["loai_van_ban"].as_str().map(str::to_string),
                }
            })
            .collect(),
    )
}

/// Share of the reference's lines (of 12+ characters, whitespace-normalized) found in `ours`.
fn line_recall(reference: &str, ours: &str) -> f64 {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let ours = squash(&ours.replace('|', " "));
    let lines: Vec<String> = reference
        .lines()
        .map(|l| squash(&l.replace('|', " ")))
        .filter(|l| l.chars().count() >= 12)
        .collect();
    if lines.is_empty() {
        return 1.0;
    }
    lines.iter().filter(|l| ours.contains(l.as_str())).count() as f64 / lines.len() as f64
}

/// A few reference lines not found in `ours`, for failure messages.
fn missing_lines(reference: &str, ours: &str) -> Vec<String> {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let ours = squash(&ours.replace('|', " "));
    reference
        .lines()
        .map(|l| squash(&l.replace('|', " ")))
        .filter(|l| l.chars().count() >= 12 && !ours.contains(l.as_str()))
        .take(4)
        .collect()
}

/// Every provincial original: good files are read with most reference lines present and no
/// warning; the garbled PDFs carry a warning; the image-only scan is an error.
#[test]
fn provincial_originals_match_their_reference_text() {
    let Some(refs) = references() else {
        eprintln!("note: {PROVINCIAL} not found, test skipped");
        return;
    };
    let antiword = std::process::Command::new("antiword")
        .arg("-h")
        .output()
        .is_ok();
    let mut report = Vec::new();
    for r in &refs {
        let name = r.file.file_name().unwrap().to_string_lossy().to_string();
        let is_doc = name.ends_with(".doc");
        // OCR is tested on its own (tests/ocr.rs, read::ocr); here, the reports without it.
        let result = super::ocr::without_ocr(|| read_file(&r.file));
        if is_doc && !antiword {
            assert!(matches!(result, Err(Error::Unsupported { .. })), "{name}");
            continue;
        }
        if r.quality.starts_with("no_text_layer") {
            let err = result.unwrap_err().to_string();
            assert!(err.contains("no text layer"), "{name}: {err}");
            assert!(
                err.contains("apt-get install tesseract-ocr tesseract-ocr-vie"),
                "{name}: {err}"
            );
            report.push(format!("{name}: refused ({err})"));
            continue;
        }
        let doc = result
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .docs
            .remove(0);
        if r.quality.starts_with("bad_text_layer") {
            assert!(
                !doc.warnings.is_empty(),
                "{name}: garbled layer not flagged"
            );
            report.push(format!("{name}: flagged {:?}", doc.warnings));
            continue;
        }
        assert!(doc.warnings.is_empty(), "{name}: {:?}", doc.warnings);
        let recall = line_recall(&r.text, &doc.text);
        report.push(format!("{name}: {:.0}% of reference lines", recall * 100.0));
        assert!(
            recall >= 0.6,
            "{name}: only {:.0}% of reference lines; missing e.g. {:?}\nours: {}",
            recall * 100.0,
            missing_lines(&r.text, &doc.text),
            doc.text.chars().take(1500).collect::<String>()
        );
        // The document type the reference names appears in the text (upper case in headings).
        if let Some(t) = &r.doc_type {
            let folded = doc.text.to_lowercase();
            // Công văn and tham luận papers do not name their type; a giấy mời is checked.
            if !matches!(t.as_str(), "Tham luận" | "Công văn") {
                assert!(
                    folded.contains(&t.to_lowercase()),
                    "{name}: no `{t}` in text"
                );
            }
        }
    }
    eprintln!("{}", report.join("\n"));
}

/// The shipped `corpus/` folder: `walk` skips its README, and every record in it is read.
#[test]
fn shipped_corpus_reads_whole() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let files: Vec<PathBuf> = walk(&[corpus]).into_iter().map(|r| r.unwrap()).collect();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["176-KH-UBND-2020-lang-son.txt", "congbao-sample.jsonl"]
    );
    let seed = read_file(&files[0]).unwrap();
    assert_eq!(seed.docs[0].fields.number.as_deref(), Some("176/KH-UBND"));
    let sample = read_file(&files[1]).unwrap();
    assert_eq!(sample.docs.len(), 42);
    assert!(sample.skipped.is_empty(), "{:?}", sample.skipped);
    let metadata_only = sample.docs.iter().filter(|d| d.text.is_empty()).count();
    assert_eq!(metadata_only, 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No bytes make a reader panic, whatever the extension.
    #[test]
    fn read_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                               ext in prop::sample::select(vec!["txt", "json", "jsonl", "csv", "html", "docx", "doc", "pdf", "bin"])) {
        let _ = read_bytes(&format!("f.{ext}"), &bytes);
    }

    /// Bytes behind a real signature (PDF, zip, OLE) reach the deeper readers, which fail
    /// with an error, not a panic.
    #[test]
    fn signed_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..1024),
                                   kind in 0usize..3) {
        let (name, magic): (&str, &[u8]) = match kind {
            0 => ("f.pdf", b"%PDF-1.4\n"),
            1 => ("f.docx", b"PK\x03\x04"),
            _ => ("f.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        };
        let mut input = magic.to_vec();
        input.extend(bytes);
        let _ = read_bytes(name, &input);
    }

    /// Text-like inputs (JSON and CSV punctuation, Vietnamese letters, legacy bytes) do not
    /// panic either, and a txt read keeps what it reads as valid Unicode.
    #[test]
    fn read_bytes_never_panics_on_texty_input(s in "[\\[\\]{}\",:\\\\ a-zÀ-ỹ0-9\n\u{a9}\u{b5}\u{e9}|<>/=]{0,400}",
                                               ext in prop::sample::select(vec!["txt", "json", "jsonl", "csv", "html"])) {
        let _ = read_bytes(&format!("f.{ext}"), s.as_bytes());
    }
}
