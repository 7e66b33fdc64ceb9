//! OCR end to end: scanned PDFs read through `pdftoppm` and `tesseract -l vie`, then extracted.
//!
//! The image PDFs are made here: a page of a text PDF of the shared corpus rendered by
//! `pdftoppm` and wrapped, as an image alone, in a PDF written by [`image_pdf`]. Skipped, with a
//! note, where Tesseract, its Vietnamese model or Poppler is not installed, or the shared corpus
//! is not beside the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use vanban::extract::extract;
use vanban::read::{read_bytes, read_file};

const ORIGINALS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/provincial/originals"
);

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ocr");

/// Whether OCR can run here; prints why not.
fn tools() -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let vie = langs.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l == "vie")
    });
    let poppler = Command::new("pdftoppm").arg("-v").output().is_ok();
    if !(vie && poppler) {
        eprintln!(
            "note: OCR test skipped: Tesseract with its Vietnamese model or Poppler is missing \
             (apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)"
        );
    }
    vie && poppler
}

fn original(name: &str) -> Option<PathBuf> {
    let path = Path::new(ORIGINALS).join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("note: {} not found, OCR test skipped", path.display());
        None
    }
}

/// Renders page 1 of `pdf` in grey at `dpi` (optionally the crop `x y w h`, in pixels).
fn render(pdf: &Path, dpi: u32, crop: Option<[u32; 4]>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("page");
    let mut cmd = Command::new("pdftoppm");
    cmd.args([
        "-r",
        &dpi.to_string(),
        "-gray",
        "-singlefile",
        "-f",
        "1",
        "-l",
        "1",
    ]);
    if let Some([x, y, w, h]) = crop {
        for (flag, v) in [("-x", x), ("-y", y), ("-W", w), ("-H", h)] {
            cmd.args([flag, &v.to_string()]);
        }
    }
    let status = cmd.arg(pdf).arg(&stem).status().unwrap();
    assert!(status.success());
    std::fs::read(stem.with_extension("pgm")).unwrap()
}

/// A PDF whose one page is the grey image `pgm` (binary PGM, as pdftoppm writes it) at `dpi`,
/// without any text.
fn image_pdf(pgm: &[u8], dpi: u32) -> Vec<u8> {
    // Header: `P5`, width, height, maxval, each followed by whitespace, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[at + 1..];
    assert_eq!(pixels.len() as u32, w * h);
    let (pw, ph) = (w * 72 / dpi, h * 72 / dpi);
    let content = format!("q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q");
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    };
    object(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(&mut out, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(
        &mut out,
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw} {ph}] \
             /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        )
        .as_bytes(),
    );
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray \
         /BitsPerComponent 8 /Length {} >>\nstream\n",
        pixels.len()
    )
    .into_bytes();
    image.extend(pixels);
    image.extend(b"\nendstream");
    object(&mut out, &image);
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(content.as_bytes());
    stream.extend(b"\nendstream");
    object(&mut out, &stream);
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for o in &offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Words joined by single spaces.
fn squash(s: &str) -> Vec<char> {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}

/// Character accuracy of `ours` against the reference `truth`: 1 − edit distance / length of
/// the reference, whitespace collapsed. With `within`, `truth` is aligned to its best-matching
/// stretch of `ours` (the body among the header and signature lines).
fn accuracy(truth: &str, ours: &str, within: bool) -> f64 {
    let (t, o) = (squash(truth), squash(ours));
    let mut prev: Vec<usize> = if within {
        vec![0; o.len() + 1]
    } else {
        (0..=o.len()).collect()
    };
    for (i, tc) in t.iter().enumerate() {
        let mut row = vec![i + 1; o.len() + 1];
        for (j, oc) in o.iter().enumerate() {
            row[j + 1] = (prev[j] + usize::from(tc != oc))
                .min(prev[j + 1] + 1)
                .min(row[j] + 1);
        }
        prev = row;
    }
    let distance = if within {
        prev.iter().copied().min().unwrap_or(0)
    } else {
        prev[o.len()]
    };
    1.0 - distance as f64 / t.len().max(1) as f64
}

/// The top of a text PDF, rendered at 200 dpi and wrapped as an image PDF, reads back with its
/// header: one small page, so the test stays quick.
#[test]
fn rendered_header_is_recognised_and_extracted() {
    if !tools() {
        return;
    }
    let Some(src) = original("37ffb555_TTr_BC_CCHC_quy_I_nam_2026.pdf") else {
        return;
    };
    let pdf = image_pdf(&render(&src, 200, Some([0, 0, 1654, 760])), 200);
    let mut read = read_bytes("scan.pdf", &pdf).unwrap();
    let raw = read.docs.remove(0);
    let ocr = raw.ocr.expect("the page was recognised");
    assert_eq!(ocr.pages, 1);
    assert!(ocr.confidence > 70.0, "{ocr:?}");
    let doc = extract(raw);
    assert!(doc.ocr);
    assert_eq!(doc.doc_type.as_deref(), Some("Tờ trình"), "{}", doc.body);
    assert_eq!(doc.issuer.as_deref(), Some("Sở Nội vụ"), "{}", doc.body);
    // The day and month of this letter, set in small type at signing, are misread at 200 dpi.
    assert_eq!(
        doc.number_key.as_deref(),
        Some("166/TTR-SNV"),
        "{}",
        doc.body
    );
}

/// The scanned Tờ trình of Công an tỉnh Lâm Đồng: type, issuer, the decision it cites, and a
/// body within 3 % of the hand transcription.
#[test]
fn scanned_to_trinh_comes_out_whole() {
    if !tools() {
        return;
    }
    let Some(path) = original("aee6334f_17026.pdf") else {
        return;
    };
    let doc = extract(read_file(&path).unwrap().docs.remove(0));
    assert!(doc.ocr);
    assert_eq!(doc.doc_type.as_deref(), Some("Tờ trình"));
    assert_eq!(doc.issuer.as_deref(), Some("Công an tỉnh Lâm Đồng"));
    assert_eq!(doc.issuer_parent.as_deref(), Some("Bộ Công an"));
    assert!(
        doc.citations
            .iter()
            .any(|c| c.number_key.as_deref() == Some("6/QĐ-TTG")),
        "{:?}",
        doc.citations
    );
    let body = std::fs::read_to_string(Path::new(DATA).join("aee6334f_17026.body.txt")).unwrap();
    let header =
        std::fs::read_to_string(Path::new(DATA).join("aee6334f_17026.header.txt")).unwrap();
    let body_accuracy = accuracy(&body, &doc.body, true);
    let header_accuracy = accuracy(&header, &doc.body, true);
    eprintln!(
        "aee6334f_17026.pdf: body {:.1} %, header block {:.1} %, confidence {:?}",
        body_accuracy * 100.0,
        header_accuracy * 100.0,
        doc.ocr_confidence
    );
    assert!(body_accuracy >= 0.97, "{body_accuracy}\n{}", doc.body);
}

/// Measurement for the README (`cargo test --test ocr -- --ignored --nocapture`): page 1 of
/// every text PDF of the shared corpus rendered at 200 dpi, re-wrapped as an image PDF and
/// recognised, against the text layer of the original (`pdftotext`).
#[test]
#[ignore]
fn rasterised_text_pdfs_accuracy() {
    if !tools() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(ORIGINALS) else {
        return;
    };
    let mut names: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    names.sort();
    for src in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        let truth = Command::new("pdftotext")
            .args(["-f", "1", "-l", "1"])
            .arg(src)
            .arg("-")
            .output()
            .unwrap();
        let truth = String::from_utf8_lossy(&truth.stdout).into_owned();
        // The body: after `Kính gửi` (or the header's first dozen lines), before `Nơi nhận`.
        let lines: Vec<&str> = truth.lines().collect();
        let from = lines
            .iter()
            .position(|l| l.trim_start().starts_with("Kính gửi"))
            .map_or(12, |i| i + 1);
        let to = lines
            .iter()
            .position(|l| l.trim_start().starts_with("Nơi nhận"))
            .unwrap_or(lines.len());
        let body = lines.get(from..to.max(from)).unwrap_or(&[]).join("\n");
        let pdf = image_pdf(&render(src, 200, None), 200);
        let Ok(mut read) = read_bytes("scan.pdf", &pdf) else {
            continue;
        };
        let raw = read.docs.remove(0);
        let confidence = raw.ocr.map(|o| o.confidence);
        let doc = extract(raw);
        eprintln!(
            "{}: page {:.1} % of {} chars, body {:.1} % of {} chars, confidence {confidence:?}, \
             type {:?}, issuer {:?}, number {:?}, date {:?}",
            src.file_name().unwrap().to_string_lossy(),
            accuracy(&truth, &doc.body, false) * 100.0,
            squash(&truth).len(),
            accuracy(&body, &doc.body, true) * 100.0,
            squash(&body).len(),
            doc.doc_type,
            doc.issuer,
            doc.number,
            doc.issued
        );
    }
}
