//! Word's automatic numbering end to end: a `.docx` whose `Điều 1.`, `1.`, `a)`, `I.` labels are
//! drawn by Word (`w:numPr`, `word/numbering.xml`) reads with those labels in its text, so the
//! outline, the tasks and the citations see them as a reader does.

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

use vanban::extract::extract;
use vanban::read::read_bytes;

/// A `.docx` of the given parts (`word/document.xml`, `word/numbering.xml`, ...).
fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

/// A paragraph of `text`, numbered at `(numId, ilvl)` when given.
fn para(num: Option<(u32, u8)>, text: &str) -> String {
    let ppr = num.map_or(String::new(), |(id, l)| {
        format!(r#"<w:pPr><w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="{id}"/></w:numPr></w:pPr>"#)
    });
    format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A paragraph in paragraph style `style`.
fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn document(paragraphs: &[String]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"#,
        paragraphs.concat()
    )
}

/// Level `ilvl` of an abstract definition.
fn level(ilvl: u8, format: &str, text: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>"#
    )
}

/// numId 1: `Điều %1.` / `%2.` / `%3)`; numId 2: `%1.` (upper roman) / `%2.` / `%3)`;
/// numId 3: bullets.
fn numbering_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{}{}{}</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>{}{}{}</w:abstractNum>
<w:abstractNum w:abstractNumId="2">{}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"#,
        level(0, "decimal", "Điều %1."),
        level(1, "decimal", "%2."),
        level(2, "lowerLetter", "%3)"),
        level(0, "upperRoman", "%1."),
        level(1, "decimal", "%2."),
        level(2, "lowerLetter", "%3)"),
        level(0, "bullet", "-"),
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Điều"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

const HEADER: [&str; 6] = [
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Số: 123/QĐ-UBND",
    "Lâm Đồng, ngày 5 tháng 3 năm 2026",
    "QUYẾT ĐỊNH",
    "Về việc ban hành Quy chế làm việc",
];

fn read(name: &str, document_xml: &str) -> vanban::Document {
    let bytes = docx(&[
        ("word/document.xml", document_xml.as_bytes()),
        ("word/numbering.xml", numbering_xml().as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
    ]);
    let mut read = read_bytes(name, &bytes).unwrap();
    assert_eq!(read.docs.len(), 1);
    let raw = read.docs.remove(0);
    assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);
    extract(raw)
}

fn paths(doc: &vanban::Document) -> Vec<&str> {
    doc.outline.iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn numbered_articles_clauses_and_points_make_the_outline() {
    let mut paras: Vec<String> = HEADER.iter().map(|l| para(None, l)).collect();
    paras.extend([
        para(
            None,
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        ),
        para(None, "QUYẾT ĐỊNH:"),
        para(
            Some((1, 0)),
            "Ban hành kèm theo Quyết định này Quy chế làm việc.",
        ),
        styled("Dieu", "Hiệu lực thi hành"),
        para(Some((1, 1)), "Quyết định này có hiệu lực từ ngày ký."),
        para(
            Some((1, 1)),
            "Bãi bỏ Quyết định số 45/QĐ-UBND ngày 2 tháng 1 năm 2020 của UBND tỉnh.",
        ),
        para(Some((1, 2)), "Các quy định trái với Quyết định này;"),
        para(Some((1, 0)), "Tổ chức thực hiện"),
        para(
            None,
            "Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này.",
        ),
        para(None, "CHỦ TỊCH"),
        para(None, "Nguyễn Văn A"),
    ]);
    let doc = read("qd.docx", &document(&paras));
    assert!(
        doc.body.contains("\nĐiều 2. Hiệu lực thi hành\n1. Quyết định này có hiệu lực từ ngày ký.\n2. Bãi bỏ Quyết định số 45/QĐ-UBND"),
        "{}",
        doc.body
    );
    assert!(doc
        .body
        .contains("\na) Các quy định trái với Quyết định này;\nĐiều 3. Tổ chức thực hiện\n"));
    let p = paths(&doc);
    assert!(
        p.iter()
            .copied()
            .filter(|p| *p != "Mở đầu")
            .eq(["Điều 1", "Điều 2", "Điều 3"]),
        "{p:?}"
    );
    let dieu2 = doc.outline.iter().find(|p| p.path == "Điều 2").unwrap();
    assert_eq!(dieu2.heading.as_deref(), Some("Hiệu lực thi hành"));
    // The cited decision keeps its place inside Điều 2, clause 2.
    assert!(
        doc.citations
            .iter()
            .any(|c| c.number_key.as_deref() == Some("45/QĐ-UBND")),
        "{:?}",
        doc.citations
    );
}

#[test]
fn numbered_plan_sections_and_bullets_make_the_outline() {
    let mut paras: Vec<String> = HEADER[..4].iter().map(|l| para(None, l)).collect();
    paras.extend([
        para(None, "KẾ HOẠCH"),
        para(None, "Cải cách hành chính năm 2026"),
        para(Some((2, 0)), "MỤC ĐÍCH, YÊU CẦU"),
        para(Some((2, 1)), "Nâng cao chất lượng phục vụ người dân."),
        para(Some((2, 0)), "NHIỆM VỤ TRỌNG TÂM"),
        para(
            Some((2, 1)),
            "Cải cách thể chế. Sở Tư pháp chủ trì, thực hiện trong Quý II năm 2026.",
        ),
        para(Some((3, 0)), "Rà soát văn bản quy phạm pháp luật;"),
        para(Some((2, 2)), "Các sở, ngành thực hiện thường xuyên."),
        para(Some((2, 1)), "Cải cách thủ tục hành chính."),
        para(None, "CHỦ TỊCH"),
        para(None, "Nguyễn Văn A"),
    ]);
    let doc = read("kh.docx", &document(&paras));
    assert!(
        doc.body
            .contains("\nII. NHIỆM VỤ TRỌNG TÂM\n1. Cải cách thể chế.")
            && doc.body.contains("\n- Rà soát văn bản")
            && doc.body.contains("\na) Các sở, ngành")
            && doc.body.contains("\n2. Cải cách thủ tục hành chính.\n"),
        "{}",
        doc.body
    );
    let p = paths(&doc);
    for want in ["I", "I > 1", "II", "II > 1", "II > 2"] {
        assert!(p.contains(&want), "{want} missing from {:#?}", doc.outline);
    }
    assert!(
        doc.tasks.iter().any(|t| t.path == "II > 1"),
        "{:?}",
        doc.tasks
    );
}

#[test]
fn a_zip_bomb_in_numbering_xml_stops_at_the_cap_and_the_text_is_read() {
    // 60 MB of one repeated byte compresses to about 60 KB.
    let mut bomb = b"<w:numbering><w:abstractNum w:abstractNumId=\"0\">".to_vec();
    bomb.resize(60 * 1024 * 1024, b' ');
    let xml = document(&[para(Some((1, 0)), "Phạm vi điều chỉnh")]);
    let bytes = docx(&[
        ("word/document.xml", xml.as_bytes()),
        ("word/numbering.xml", &bomb),
    ]);
    assert!(bytes.len() < 1024 * 1024);
    let read = read_bytes("bomb.docx", &bytes).unwrap();
    let raw = &read.docs[0];
    assert_eq!(raw.text, "Phạm vi điều chỉnh");
    assert!(
        raw.warnings
            .iter()
            .any(|w| w.contains("word/numbering.xml") && w.contains("zip bomb")),
        "{:?}",
        raw.warnings
    );
}

/// The shared originals carry `word/numbering.xml` (left over from editing) but none of their
/// paragraphs is numbered by Word today: each reads without a numbering warning, and the real
/// definitions of the 2026–2030 plan render as Word draws them when a paragraph uses them.
#[test]
fn shared_originals_and_their_real_numbering_definitions() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/provincial/originals");
    if !dir.exists() {
        eprintln!("note: {} is absent; skipping", dir.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let read = read_bytes(&f.to_string_lossy(), &bytes).unwrap();
        for w in read.docs.iter().flat_map(|d| &d.warnings) {
            assert!(!w.contains("numbering"), "{}: {w}", f.display());
        }
    }

    let plan = dir.join("5a984d5c_Ke_hoach_CCHC_giai_doan_2026_2030.docx");
    if !plan.exists() {
        eprintln!("note: {} is absent; skipping", plan.display());
        return;
    }
    let bytes = std::fs::read(&plan).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut part = |name: &str| {
        let mut s = Vec::new();
        archive.by_name(name).unwrap().read_to_end(&mut s).unwrap();
        s
    };
    let (numbering, styles) = (part("word/numbering.xml"), part("word/styles.xml"));
    // Its numId 20 is a decimal `%1.` list starting at 15, numId 2 a `%1)` lower-letter list,
    // numId 25 a `-` bullet list (read from the file's numbering.xml).
    let xml = document(&[
        para(Some((20, 0)), "Nâng cao chất lượng"),
        para(Some((2, 0)), "Cấp tỉnh;"),
        para(Some((2, 0)), "Cấp xã;"),
        para(Some((25, 0)), "Rà soát"),
        para(Some((20, 0)), "Tổ chức thực hiện"),
    ]);
    let docx = docx(&[
        ("word/document.xml", xml.as_bytes()),
        ("word/numbering.xml", &numbering),
        ("word/styles.xml", &styles),
    ]);
    let read = read_bytes("plan.docx", &docx).unwrap();
    assert_eq!(
        read.docs[0].text,
        "15. Nâng cao chất lượng\na) Cấp tỉnh;\nb) Cấp xã;\n- Rà soát\n16. Tổ chức thực hiện"
    );
}
