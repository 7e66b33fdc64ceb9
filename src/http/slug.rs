//! Readable permalinks of documents: `/van-ban/176-KH-UBND`.
//!
//! A document with a number is named by the number in its standard spelling with `/` turned
//! into `-` (`98/2022/NĐ-CP` → `98-2022-NĐ-CP`); one without by its type, title and issue date
//! (`ke-hoach-trien-khai-cong-tac-...-27-10-2020`). Any slug may end with `--` and the document
//! id (`176-KH-UBND--3f9a1c2b5d7e8f90`): that form is always unique, and it is the canonical one
//! when several documents share a number or when the document has no number (a title and a date
//! are not enough to find it again). A slug of a number alone names every document with that
//! number; the page lists them when there are several.

use crate::document::Document;

/// Separates a slug's readable part from the document id. [`slugify`] never makes two hyphens
/// in a row, so the first `--` is this separator.
pub const ID_SEPARATOR: &str = "--";

/// Most words of a title kept in a slug.
const TITLE_WORDS: usize = 12;

/// Lower-case ASCII words of `s` joined by `-` (`Kế hoạch Phổ biến` → `ke-hoach-pho-bien`).
pub fn slugify(s: &str) -> String {
    let folded = crate::text::fold(s);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The slug of a number as displayed (`1521/QĐ-TTg` → `1521-QĐ-TTg`): letters kept as written,
/// every other run of characters one `-`.
pub fn number_slug(display: &str) -> String {
    let mut out = String::with_capacity(display.len());
    for c in display.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The readable part of a document's slug: its number, else type, title and issue date.
pub fn base_slug(doc: &Document) -> String {
    if let Some(key) = doc.number_key.as_deref().filter(|k| !k.is_empty()) {
        let slug = number_slug(&crate::number::display_key(key));
        if !slug.is_empty() {
            return slug;
        }
    }
    let title: Vec<String> = doc
        .title
        .as_deref()
        .map(|t| {
            slugify(t)
                .split('-')
                .take(TITLE_WORDS)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(t) = doc.doc_type.as_deref() {
        parts.push(slugify(t));
    }
    parts.push(title.join("-"));
    if let Some(d) = doc.issued {
        parts.push(d.format("%d-%m-%Y").to_string());
    }
    let slug = slugify(&parts.join(" "));
    if slug.is_empty() {
        "van-ban".to_string()
    } else {
        slug
    }
}

/// The slug of `doc` that names it alone: the number's when `unique_number` (no other indexed
/// document has that number), else the readable part and the id.
pub fn slug(doc: &Document, unique_number: bool) -> String {
    let base = base_slug(doc);
    if unique_number && doc.number_key.as_deref().is_some_and(|k| !k.is_empty()) {
        base
    } else {
        format!("{base}{ID_SEPARATOR}{}", doc.id)
    }
}

/// The path of `doc`'s page, percent-encoded where the slug needs it.
pub fn path(doc: &Document, unique_number: bool) -> String {
    format!("/van-ban/{}", encode_segment(&slug(doc, unique_number)))
}

/// A slug as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugQuery {
    /// The readable part (possibly empty: `/van-ban/--ID`).
    pub base: String,
    /// The document id after `--`, when given.
    pub id: Option<String>,
}

/// Splits a requested slug into its readable part and id.
pub fn parse(slug: &str) -> SlugQuery {
    match slug.split_once(ID_SEPARATOR) {
        Some((base, id)) if !id.is_empty() => SlugQuery {
            base: base.to_string(),
            id: Some(id.to_string()),
        },
        _ => SlugQuery {
            base: slug.trim_end_matches('-').to_string(),
            id: None,
        },
    }
}

/// The canonical number keys a readable part may stand for: the number with its first one, two
/// or three `-` read back as `/` (`98-2022-NĐ-CP` → `98/2022/NĐ-CP`), each key once.
pub fn number_keys(base: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for slashes in 1..=3 {
        let mut written = String::with_capacity(base.len());
        let mut left = slashes;
        for c in base.chars() {
            if c == '-' && left > 0 {
                written.push('/');
                left -= 1;
            } else {
                written.push(c);
            }
        }
        if left > 0 {
            break;
        }
        if let Some(key) = crate::number::key(&written) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// Percent-encodes a path segment (everything but unreserved ASCII).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn doc(number: Option<&str>, title: &str) -> Document {
        Document {
            id: "3f9a1c2b5d7e8f90".into(),
            number: number.map(str::to_string),
            number_key: number.and_then(crate::number::key),
            doc_type: Some("Kế hoạch".into()),
            title: Some(title.into()),
            issued: NaiveDate::from_ymd_opt(2020, 10, 27),
            ..Document::default()
        }
    }

    #[test]
    fn a_number_makes_the_slug() {
        let d = doc(Some("176/KH-UBND"), "Thực hiện Kết luận 80");
        assert_eq!(base_slug(&d), "176-KH-UBND");
        assert_eq!(slug(&d, true), "176-KH-UBND");
        assert_eq!(slug(&d, false), "176-KH-UBND--3f9a1c2b5d7e8f90");
        assert_eq!(path(&d, true), "/van-ban/176-KH-UBND");
    }

    #[test]
    fn the_slug_of_a_number_reads_back_as_the_number() {
        for n in [
            "176/KH-UBND",
            "98/2022/NĐ-CP",
            "1521/QĐ-TTg",
            "45/2019/QH14",
        ] {
            let d = doc(Some(n), "x");
            let keys = number_keys(&base_slug(&d));
            assert!(
                keys.contains(d.number_key.as_ref().unwrap()),
                "{n}: {keys:?}"
            );
        }
    }

    #[test]
    fn without_a_number_type_title_and_date_and_the_id() {
        let d = doc(
            None,
            "Triển khai công tác phổ biến, giáo dục pháp luật năm 2021",
        );
        assert_eq!(
            base_slug(&d),
            "ke-hoach-trien-khai-cong-tac-pho-bien-giao-duc-phap-luat-nam-2021-27-10-2020"
        );
        assert!(slug(&d, true).ends_with("--3f9a1c2b5d7e8f90"));
        let q = parse(&slug(&d, true));
        assert_eq!(q.id.as_deref(), Some("3f9a1c2b5d7e8f90"));
        assert_eq!(q.base, base_slug(&d));
    }

    #[test]
    fn two_documents_with_one_number_keep_unique_slugs() {
        let a = doc(Some("176/KH-UBND"), "a");
        let mut b = a.clone();
        b.id = "aaaaaaaaaaaaaaaa".into();
        assert_ne!(slug(&a, false), slug(&b, false));
    }

    #[test]
    fn hostile_slugs_parse_without_panic_and_encode() {
        assert_eq!(parse("").base, "");
        assert_eq!(parse("--").id, None);
        assert_eq!(parse("--x").id.as_deref(), Some("x"));
        assert!(number_keys("<script>").is_empty());
        assert_eq!(encode_segment("a b/<Đ"), "a%20b%2F%3C%C4%90");
        assert_eq!(slugify("  Đường <b>  "), "duong-b");
    }
}
