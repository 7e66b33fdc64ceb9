//! Word 2007+ (`.docx`): the text of `word/document.xml`, paragraphs and tables in body order.
//!
//! Each paragraph (`w:p`) is a line, table cells are separated by tabs and rows end a line, as
//! python-docx and Word's own "save as text" give them. Text boxes are read once (their
//! `mc:Fallback` copy is skipped); deleted text (`w:delText`) and field codes are not text.
//! Paragraphs numbered by Word begin with their label (`Điều 1.`, `a)`), see `docx_numbering.rs`.
//! The parts are read through `take`, together at most [`MAX_XML_BYTES`], so a zip bomb stops there.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::docx_numbering::Numbering;
use super::{legacy, plausible, read_error, text};
use crate::document::RawDoc;
use crate::error::Result;

/// Largest decompressed `word/document.xml` read (50 MB; real ones are under 5 MB).
pub const MAX_XML_BYTES: u64 = 50 * 1024 * 1024;

/// Reads a `.docx`.
pub fn read(name: &str, bytes: &[u8]) -> Result<RawDoc> {
    let xml = document_xml(bytes).map_err(|reason| read_error(name, reason))?;
    let mut warnings = Vec::new();
    let left = MAX_XML_BYTES.saturating_sub(xml.len() as u64);
    let numbering = numbering(bytes, left).unwrap_or_else(|reason| {
        warnings.push(format!("{reason}; numbered paragraphs have no labels"));
        Numbering::default()
    });
    let xml = numbering.label_paragraphs(&xml).unwrap_or(xml);
    let raw = paragraphs(&xml).map_err(|reason| read_error(name, reason))?;
    let mut body = text::clean_controls(&raw).trim().to_string();
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
        text: body,
        warnings,
        ..RawDoc::default()
    })
}

/// `word/document.xml`, decompressed with a bound.
fn document_xml(bytes: &[u8]) -> Result<String, String> {
    xml_part(bytes, "word/document.xml", MAX_XML_BYTES)?
        .ok_or_else(|| "not a Word document: the zip has no word/document.xml".to_string())
}

/// The numbering definitions (`word/numbering.xml`, numbered styles of `word/styles.xml`), the
/// two parts together decompressed within `left` bytes (what `document.xml` left of
/// [`MAX_XML_BYTES`]).
fn numbering(bytes: &[u8], left: u64) -> Result<Numbering, String> {
    let Some(numbering) = xml_part(bytes, "word/numbering.xml", left)? else {
        return Ok(Numbering::default());
    };
    let left = left.saturating_sub(numbering.len() as u64);
    let styles = xml_part(bytes, "word/styles.xml", left)?;
    Numbering::parse(Some(&numbering), styles.as_deref())
}

/// A part of the package (`None` when absent), decompressed to at most `limit` bytes.
fn xml_part(bytes: &[u8], part: &str, limit: u64) -> Result<Option<String>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a valid .docx (zip): {e}"))?;
    let Ok(entry) = archive.by_name(part) else {
        return Ok(None);
    };
    let mut xml = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("{part} cannot be decompressed: {e}"))?;
    if xml.len() as u64 > limit {
        return Err(format!(
            "{part} decompresses past the {} MB read of a .docx's parts (a zip bomb?)",
            MAX_XML_BYTES / 1_048_576
        ));
    }
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&xml);
    String::from_utf8(xml.to_vec())
        .map(Some)
        .map_err(|e| format!("{part} is not UTF-8: {e}"))
}

/// The text of the document body, one paragraph per line.
fn paragraphs(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // Inside `w:t`, and how deep inside a skipped subtree (`mc:Fallback`, `w:delText`).
    let (mut in_text, mut skip_depth) = (false, 0usize);
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "word/document.xml is malformed at byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if skip_depth > 0 || matches!(name, b"mc:Fallback" | b"w:delText" | b"w:instrText")
                {
                    skip_depth += 1;
                } else if name == b"w:t" {
                    in_text = true;
                } else if matches!(name, b"w:tab") {
                    out.push('\t');
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    b"w:t" => in_text = false,
                    b"w:p" => out.push('\n'),
                    b"w:tc" => {
                        // A cell's last paragraph ended a line; cells of one row share it.
                        if out.ends_with('\n') {
                            out.pop();
                        }
                        out.push('\t');
                    }
                    b"w:tr" => {
                        while out.ends_with('\t') {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if skip_depth == 0 => match e.name().as_ref() {
                b"w:tab" => out.push('\t'),
                b"w:br" | b"w:cr" => out.push('\n'),
                b"w:p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && skip_depth == 0 => {
                let t = t
                    .unescape()
                    .map_err(|e| format!("word/document.xml has a bad entity: {e}"))?;
                out.push_str(&t);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A .docx holding `xml` as word/document.xml.
    pub(crate) fn docx(xml: &[u8]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(xml).unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    }

    const BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p><w:p><w:r><w:t>TỈNH LÂM ĐỒNG</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t xml:space="preserve">Số: </w:t></w:r><w:r><w:t>/UBND-NC</w:t></w:r><w:r><w:tab/><w:t>Lâm Đồng &amp; ngày</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>Hộp</w:t></mc:Choice><mc:Fallback><w:t>Hộp</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del><w:r><w:t>Kính gửi</w:t></w:r></w:p>
</w:body></w:document>"#;

    #[test]
    fn paragraphs_and_tables_in_body_order() {
        let doc = read("x.docx", &docx(BODY.as_bytes())).unwrap();
        assert_eq!(
            doc.text,
            "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Số: /UBND-NC\tLâm Đồng & ngày\nHộp\nKính gửi"
        );
    }

    #[test]
    fn zip_bomb_stops_at_the_cap() {
        // 60 MB of one repeated byte compresses to about 60 KB.
        let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
        xml.resize(60 * 1024 * 1024, b'a');
        let bytes = docx(&xml);
        assert!(bytes.len() < 1024 * 1024);
        let err = read("bomb.docx", &bytes).unwrap_err().to_string();
        assert!(err.contains("zip bomb"), "{err}");
    }

    #[test]
    fn zip_without_document_and_truncated_zip() {
        let err = read("x.docx", b"PK\x03\x04garbage")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a valid .docx"), "{err}");
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.finish().unwrap();
        let err = read("x.docx", &buf.into_inner()).unwrap_err().to_string();
        assert!(err.contains("no word/document.xml"), "{err}");
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let err = read("x.docx", &docx(b"<w:p><w:t>a</w:x></w:p>"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("malformed"), "{err}");
    }
}
