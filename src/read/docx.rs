//! Word 2007+ (`.docx`): the text of `word/document.xml`, paragraphs and tables in body order.
//!
//! Each paragraph (`w:p`) is a line, table cells are separated by tabs and rows end a line, as
//! python-docx and Word's own "save as text" give them; a table of three columns or more keeps
//! each row on one line with merged cells (`w:gridSpan`, `w:vMerge`) filled in. Text boxes are read once (their
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

/// Largest decompressed `word/document.xml` read: 16 MB, the inflated-bytes budget of one file,
/// equal to the largest request body, so that a compressed upload costs no more than a plain one
/// (real ones are under 5 MB; at 50 MB a 200 KB upload took the server to 1.4 GB, issue 23).
pub const MAX_XML_BYTES: u64 = 16 * 1024 * 1024;

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

/// A table being read: its finished rows and the row being read.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
}

/// A table cell: its text as paragraphs (one per line), the grid columns it spans and its
/// vertical merge (`w:vMerge`: `Some(true)` starts a merged run, `Some(false)` continues one).
#[derive(Default)]
struct Cell {
    text: String,
    span: usize,
    vmerge: Option<bool>,
}

/// Where text goes: the innermost open cell, else the body.
fn sink<'a>(out: &'a mut String, tables: &'a mut [Table]) -> &'a mut String {
    match tables.last_mut().and_then(|t| t.row.last_mut()) {
        Some(cell) => &mut cell.text,
        None => out,
    }
}

/// The value of a `w:val` attribute.
fn val(e: &quick_xml::events::BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == b"w:val")
        .and_then(|a| String::from_utf8(a.value.to_vec()).ok())
}

/// Records a cell property (`w:gridSpan`, `w:vMerge`) on the innermost open cell.
fn cell_property(tables: &mut [Table], e: &quick_xml::events::BytesStart) {
    let Some(cell) = tables.last_mut().and_then(|t| t.row.last_mut()) else {
        return;
    };
    match e.name().as_ref() {
        b"w:gridSpan" => {
            cell.span = val(e)
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 64);
        }
        b"w:vMerge" => cell.vmerge = Some(val(e).as_deref() == Some("restart")),
        _ => {}
    }
}

/// The text of a finished table.
///
/// A layout table (fewer than three columns: the header with the issuer and the motto, the
/// signature block) reads as before: each cell's paragraphs on their own lines, the cells of a
/// row sharing a line, separated by tabs. A data table (three columns or more: an assignment
/// table) keeps one row per line, whatever its cells hold: a cell's paragraphs are joined on one
/// line, a cell spanning columns (`w:gridSpan`) is followed by empty cells for the columns it
/// covers, and a cell continuing a vertical merge (`w:vMerge`) repeats the text of the cell that
/// starts it, so that every row has all its columns.
fn render_table(t: &Table) -> String {
    let columns = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span.max(1)).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    if columns < 3 {
        for row in &t.rows {
            let cells: Vec<&str> = row
                .iter()
                .map(|c| c.text.strip_suffix('\n').unwrap_or(&c.text))
                .collect();
            let line = cells.join("\t");
            out.push_str(line.trim_end_matches('\t'));
            out.push('\n');
        }
        return out;
    }
    let mut above: Vec<String> = vec![String::new(); columns];
    for row in &t.rows {
        let mut cells: Vec<String> = Vec::new();
        for cell in row {
            let col = cells.len();
            let text = match cell.vmerge {
                Some(false) => above.get(col).cloned().unwrap_or_default(),
                _ => one_line(&cell.text),
            };
            if let Some(a) = above.get_mut(col) {
                a.clone_from(&text);
            }
            cells.push(text);
            for _ in 1..cell.span.max(1) {
                cells.push(String::new());
            }
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// A cell's paragraphs on one line: joined by `; ` where a paragraph ends without punctuation
/// (two agencies on two lines of a `Chủ trì` cell), else by a space.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    for para in text
        .split(['\n', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            if out.ends_with(['.', ';', ':', ',', '-']) {
                out.push(' ');
            } else {
                out.push_str("; ");
            }
        }
        out.push_str(para);
    }
    out
}

/// The text of the document body, one paragraph per line; see [`render_table`] for tables.
fn paragraphs(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut tables: Vec<Table> = Vec::new();
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
                } else {
                    match name {
                        b"w:t" => in_text = true,
                        b"w:tab" => sink(&mut out, &mut tables).push('\t'),
                        b"w:tbl" => tables.push(Table::default()),
                        b"w:tc" => {
                            if let Some(t) = tables.last_mut() {
                                t.row.push(Cell {
                                    span: 1,
                                    ..Cell::default()
                                });
                            }
                        }
                        b"w:gridSpan" | b"w:vMerge" => cell_property(&mut tables, &e),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    b"w:t" => in_text = false,
                    b"w:p" => sink(&mut out, &mut tables).push('\n'),
                    b"w:tr" => {
                        if let Some(t) = tables.last_mut() {
                            let row = std::mem::take(&mut t.row);
                            t.rows.push(row);
                        }
                    }
                    b"w:tbl" => {
                        if let Some(t) = tables.pop() {
                            let text = render_table(&t);
                            sink(&mut out, &mut tables).push_str(&text);
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if skip_depth == 0 => match e.name().as_ref() {
                b"w:tab" => sink(&mut out, &mut tables).push('\t'),
                b"w:br" | b"w:cr" | b"w:p" => sink(&mut out, &mut tables).push('\n'),
                b"w:gridSpan" | b"w:vMerge" => cell_property(&mut tables, &e),
                _ => {}
            },
            Event::Text(t) if in_text && skip_depth == 0 => {
                let t = t
                    .unescape()
                    .map_err(|e| format!("word/document.xml has a bad entity: {e}"))?;
                sink(&mut out, &mut tables).push_str(&t);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A table left open by a truncated document still gives its text.
    while let Some(t) = tables.pop() {
        let mut t = t;
        if !t.row.is_empty() {
            let row = std::mem::take(&mut t.row);
            t.rows.push(row);
        }
        let text = render_table(&t);
        sink(&mut out, &mut tables).push_str(&text);
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

    /// A row of cells, each `(text paragraphs, properties)`.
    fn row(cells: &[(&[&str], &str)]) -> String {
        let mut s = String::from("<w:tr>");
        for (paras, props) in cells {
            s.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr>"));
            for p in *paras {
                s.push_str(&format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"));
            }
            s.push_str("</w:tc>");
        }
        s.push_str("</w:tr>");
        s
    }

    #[test]
    fn assignment_table_rows_keep_merged_cells() {
        let rows = [
            row(&[
                (&["STT"], ""),
                (&["Nhiệm vụ"], ""),
                (&["Thời hạn"], ""),
                (&["Chủ trì"], ""),
                (&["Phối hợp"], ""),
            ]),
            row(&[
                (&["I"], ""),
                (&["Cải cách thể chế"], r#"<w:gridSpan w:val="4"/>"#),
            ]),
            row(&[
                (&["1"], r#"<w:vMerge w:val="restart"/>"#),
                (
                    &["Ban hành kế hoạch", "kiểm tra"],
                    r#"<w:vMerge w:val="restart"/>"#,
                ),
                (&["Năm 2026"], ""),
                (&["Sở Nội vụ"], ""),
                (&["Các cơ quan", "Sở Tư pháp"], ""),
            ]),
            row(&[
                (&[], "<w:vMerge/>"),
                (&[], "<w:vMerge/>"),
                (&["Hằng năm"], ""),
                (
                    &["Theo phân công tại Quyết định"],
                    r#"<w:gridSpan w:val="2"/>"#,
                ),
            ]),
        ];
        let xml = format!(
            r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>PHỤ LỤC</w:t></w:r></w:p><w:tbl>{}</w:tbl></w:body></w:document>"#,
            rows.concat()
        );
        let doc = read("x.docx", &docx(xml.as_bytes())).unwrap();
        assert_eq!(
            doc.text,
            "PHỤ LỤC\nSTT\tNhiệm vụ\tThời hạn\tChủ trì\tPhối hợp\nI\tCải cách thể chế\n\
             1\tBan hành kế hoạch; kiểm tra\tNăm 2026\tSở Nội vụ\tCác cơ quan; Sở Tư pháp\n\
             1\tBan hành kế hoạch; kiểm tra\tHằng năm\tTheo phân công tại Quyết định"
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
