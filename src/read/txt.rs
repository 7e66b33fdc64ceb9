//! Plain text, with or without the metadata lines of a vbpl/thuvienphapluat export.
//!
//! The seed's layout: a title line, then lines `Số hiệu 176/KH-UBND`, `Ngày ban hành 27/10/2020`,
//! `Loại văn bản Kế hoạch`, ... and then the body. Those lines become [`RawFields`] and the body
//! is the text after them. A file without them is all body; extraction reads its header.

use unicode_normalization::UnicodeNormalization;

use super::{legacy, read_error, text};
use crate::document::{RawDoc, RawFields};
use crate::error::Result;

/// The metadata labels, in the words of the exports, and the field each fills.
const LABELS: [(&str, Field); 9] = [
    ("Số hiệu", Field::Number),
    ("Ngày ban hành", Field::Issued),
    ("Ngày có hiệu lực", Field::Effective),
    ("Loại văn bản", Field::DocType),
    ("Cơ quan ban hành", Field::Issuer),
    ("Nơi ban hành", Field::Issuer),
    ("Người ký", Field::Signer),
    ("Lĩnh vực", Field::Subject),
    ("Trích yếu", Field::Title),
];

#[derive(Debug, Clone, Copy)]
/// The [`RawFields`] slot a metadata label fills.
enum Field {
    Number,
    Issued,
    Effective,
    DocType,
    Issuer,
    Signer,
    /// Lĩnh vực.
    Subject,
    Title,
}

/// How many metadata lines make a metadata block (one alone could be a body line).
const MIN_LABELS: usize = 2;

/// Reads a text file.
pub fn read(name: &str, bytes: &[u8]) -> Result<RawDoc> {
    let decoded = text::decode(bytes).map_err(|reason| read_error(name, reason))?;
    let mut warnings: Vec<String> = decoded.warning.into_iter().collect();
    let mut body = text::clean_controls(&decoded.text);
    // Text pasted from a `.Vn` or VNI font keeps its glyphs even when saved as UTF-8.
    if let Some((repaired, enc)) = legacy::repair_glyphs(&body) {
        warnings.push(format!("{} glyph text converted to Unicode", enc.name()));
        body = repaired;
    }
    if body.trim().is_empty() {
        return Err(read_error(name, "empty file: no text"));
    }
    let (fields, body) = parse(&body);
    Ok(RawDoc {
        source: name.to_string(),
        text: body,
        fields,
        passages: Vec::new(),
        warnings,
        ocr: None,
    })
}

/// Splits text into the metadata it states and the body.
///
/// ```
/// use vanban::read::txt::parse;
/// let (fields, body) = parse("Kế hoạch 176/KH-UBND năm 2020\n\nSố hiệu 176/KH-UBND\n\
///                             Loại văn bản Kế hoạch\n\nỦY BAN NHÂN DÂN");
/// assert_eq!(fields.number.as_deref(), Some("176/KH-UBND"));
/// assert_eq!(fields.title.as_deref(), Some("Kế hoạch 176/KH-UBND năm 2020"));
/// assert_eq!(body, "ỦY BAN NHÂN DÂN");
/// ```
pub fn parse(text: &str) -> (RawFields, String) {
    let lines: Vec<&str> = text.lines().collect();
    let mut fields = RawFields::default();
    let mut idx = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let first = lines.get(idx).map_or("", |l| l.trim());
    let title = if label_of(first).is_none() {
        idx += 1;
        Some(first.to_string())
    } else {
        None
    };
    let mut found = 0;
    let mut end = idx;
    for (i, line) in lines.iter().enumerate().skip(idx) {
        let line = line.trim();
        if line.is_empty() {
            if found > 0 && !next_is_label(&lines, i) {
                break;
            }
            continue;
        }
        let Some((field, value)) = label_of(line) else {
            break;
        };
        found += 1;
        end = i + 1;
        set(&mut fields, field, value);
    }
    if found < MIN_LABELS {
        return (RawFields::default(), text.trim().to_string());
    }
    if fields.title.is_none() {
        fields.title = title;
    }
    let body = lines.get(end..).unwrap_or_default().join("\n");
    (fields, body.trim().to_string())
}

/// Whether the next non-blank line after `i` is a metadata line (blank lines inside the block).
fn next_is_label(lines: &[&str], i: usize) -> bool {
    lines
        .iter()
        .skip(i + 1)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| label_of(l.trim()).is_some())
}

/// The field and value of a metadata line: its label, then `:`, a tab or a space, then the value.
/// Compared in NFC, so a label typed on a system that writes NFD (macOS) is still found.
fn label_of(line: &str) -> Option<(Field, String)> {
    let nfc: String = line.nfc().collect();
    LABELS.iter().find_map(|(label, field)| {
        let rest = nfc.strip_prefix(label)?;
        let value = rest.trim_start_matches([':', ' ', '\t']);
        let separated = value.len() < rest.len() || rest.is_empty();
        separated.then(|| (*field, value.trim().to_string()))
    })
}

fn set(fields: &mut RawFields, field: Field, value: String) {
    let value = (!value.is_empty()).then_some(value);
    let slot = match field {
        Field::Number => &mut fields.number,
        Field::Issued => &mut fields.issued,
        Field::Effective => &mut fields.effective,
        Field::DocType => &mut fields.doc_type,
        Field::Issuer => &mut fields.issuer,
        Field::Signer => &mut fields.signer,
        Field::Subject => &mut fields.field,
        Field::Title => &mut fields.title,
    };
    if slot.is_none() {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
    );

    #[test]
    fn seed_metadata_and_body() {
        let Ok(bytes) = std::fs::read(SEED) else {
            eprintln!("note: {SEED} not found, test skipped");
            return;
        };
        let doc = read("176.txt", &bytes).unwrap();
        let f = &doc.fields;
        assert_eq!(f.number.as_deref(), Some("176/KH-UBND"));
        assert_eq!(f.issued.as_deref(), Some("27/10/2020"));
        assert_eq!(f.effective.as_deref(), Some("27/10/2020"));
        assert_eq!(f.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(f.issuer.as_deref(), Some("Tỉnh Lạng Sơn"));
        assert_eq!(f.field.as_deref(), Some("Bộ máy hành chính"));
        assert!(f.signer.is_some());
        assert!(f
            .title
            .as_deref()
            .unwrap()
            .starts_with("Kế hoạch 176/KH-UBND năm 2020"));
        assert!(
            doc.text.starts_with("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"),
            "{}",
            &doc.text[..60]
        );
        assert!(doc.text.contains("Thực hiện Quyết định số 1521/QĐ-TTg"));
        assert!(!doc.text.contains("Số hiệu 176/KH-UBND"));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn text_without_metadata_is_all_body() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n\nSố: 176/KH-UBND\n\nKẾ HOẠCH";
        let (fields, body) = parse(text);
        assert_eq!(fields, RawFields::default());
        assert_eq!(body, text);
    }

    #[test]
    fn one_label_is_not_a_block() {
        let text = "Ghi chú\nSố hiệu văn bản được ghi ở góc trái.\nNội dung";
        let (fields, body) = parse(text);
        assert_eq!(fields, RawFields::default());
        assert_eq!(body, text);
    }

    #[test]
    fn labels_with_colons_and_nfd() {
        let text = "Số hiệu: 80-KL/TW\nLoại văn bản:\tKết luận\n\nBody"
            .nfd()
            .collect::<String>();
        let (fields, body) = parse(&text);
        assert_eq!(fields.number.as_deref(), Some("80-KL/TW"));
        assert_eq!(fields.doc_type.as_deref(), Some("Kết luận"));
        assert_eq!(fields.title, None);
        assert_eq!(body, "Body");
    }

    #[test]
    fn tcvn3_file_is_converted() {
        // "Kế hoạch phổ biến giáo dục pháp luật của Uỷ ban nhân dân tỉnh" in TCVN3 bytes.
        let bytes = b"K\xd5 ho\xb9ch ph\xe6 bi\xd5n gi\xb8o d\xf4c ph\xb8p lu\xcbt c\xf1a U\xfb ban nh\xa9n d\xa9n t\xd8nh";
        let doc = read("kh.txt", bytes).unwrap();
        assert_eq!(
            doc.text,
            "Kế hoạch phổ biến giáo dục pháp luật của Uỷ ban nhân dân tỉnh"
        );
        assert!(doc.warnings[0].contains("TCVN3"), "{:?}", doc.warnings);
    }
}
