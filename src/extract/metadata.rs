//! Document metadata: what the source states ([`RawFields`]) merged with what the header and
//! signature blocks say ([`Header`]). The source's fields win; where both exist and disagree,
//! the field is kept and a warning names the disagreement.

use crate::doc_type::DocType;
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

use super::agencies::{agency_key, normalize_agency};
use super::dates::parse_date;
use super::fold;
use super::header::Header;
use crate::document::RawFields;
use crate::number::{self, NumberError};

/// Metadata of one document, normalized.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// Số hiệu as written (never a blank draft number).
    pub number: Option<String>,
    /// Canonical key of the number.
    pub number_key: Option<String>,
    /// Normalized type (`Quyết định`).
    pub doc_type: Option<String>,
    /// Trích yếu.
    pub title: Option<String>,
    /// Normalized issuing agency.
    pub issuer: Option<String>,
    /// The level above the issuer in a two-level header.
    pub issuer_parent: Option<String>,
    /// Place of issue.
    pub place: Option<String>,
    /// Ngày ban hành.
    pub issued: Option<NaiveDate>,
    /// Ngày có hiệu lực.
    pub effective: Option<NaiveDate>,
    /// Signer's name.
    pub signer: Option<String>,
    /// Signer's role.
    pub signer_role: Option<String>,
    /// Lĩnh vực.
    pub field: Option<String>,
    /// Disagreements and gaps.
    pub warnings: Vec<String>,
}

/// Normalizes a document type as written (`Quyết định của Chủ tịch UBND tỉnh`, `KẾ HOẠCH`,
/// `Nghị quyết của HĐND tỉnh`) to the DESIGN list (`Quyết định`, `Kế hoạch`, `Nghị quyết`).
pub fn normalize_doc_type(written: &str) -> Option<String> {
    let f = fold(written);
    static FORMS: Lazy<Vec<(&str, &str)>> = Lazy::new(DocType::written_forms);
    FORMS
        .iter()
        .find(|(prefix, _)| {
            f.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || !rest.starts_with(char::is_alphanumeric))
        })
        .map(|(_, t)| (*t).to_string())
}

/// Merges the source's fields with the header read from the body.
pub fn read_metadata(fields: &RawFields, body: &str, header: &Header) -> Metadata {
    let mut m = Metadata::default();

    // Number.
    let field_number = present(&fields.number);
    let body_number = header.number.as_deref();
    let mut body_key = None;
    if let Some(written) = body_number {
        match number::parse(written) {
            Ok(n) => body_key = Some(n.key),
            Err(NumberError::Blank) if field_number.is_none() => {
                m.warnings
                    .push(format!("no number yet: the header reads `Số: {written}`"));
            }
            Err(_) => {}
        }
    }
    match field_number {
        Some(written) => match number::parse(written) {
            Ok(n) => {
                if let Some(bk) = &body_key {
                    if *bk != n.key {
                        m.warnings.push(format!(
                            "number: the source says {written}, the header says {}",
                            body_number.unwrap_or_default()
                        ));
                    }
                }
                m.number = Some(written.to_string());
                m.number_key = Some(n.key);
            }
            Err(NumberError::Blank) => {
                m.warnings
                    .push(format!("no number yet: the source gives `{written}`"));
            }
            Err(NumberError::Invalid) => {
                m.warnings
                    .push(format!("number `{written}` is not a document number"));
                m.number = Some(written.to_string());
                if let (Some(bk), Some(bn)) = (body_key.clone(), body_number) {
                    m.number = Some(bn.to_string());
                    m.number_key = Some(bk);
                }
            }
        },
        None => {
            if let (Some(bk), Some(bn)) = (body_key, body_number) {
                m.number = Some(bn.to_string());
                m.number_key = Some(bk);
            }
        }
    }

    // Type.
    let field_type = present(&fields.doc_type).and_then(normalize_doc_type);
    let body_type = header.doc_type.clone();
    let number_type = m
        .number_key
        .as_deref()
        .and_then(|k| number::parse(k).ok())
        .and_then(|n| n.doc_type().map(str::to_string));
    if let (Some(f), Some(b)) = (&field_type, &body_type) {
        if f != b {
            m.warnings
                .push(format!("type: the source says {f}, the header says {b}"));
        }
    }
    let draft_type = body_number
        .and_then(number::draft_doc_type)
        .map(str::to_string);
    m.doc_type = field_type.or(body_type).or(number_type).or(draft_type);

    // Title.
    m.title = present(&fields.title)
        .map(str::to_string)
        .or_else(|| header_title(header));

    // Issuer.
    let (body_issuer, body_parent) = issuer_from_levels(&header.agency_levels);
    match present(&fields.issuer) {
        Some(written) => {
            let issuer = normalize_agency(written);
            if let Some(b) = &body_issuer {
                let (fk, bk) = (agency_key(&issuer), agency_key(b));
                if !fk.contains(&bk) && !bk.contains(&fk) {
                    m.warnings.push(format!(
                        "issuer: the source says {issuer}, the header says {b}"
                    ));
                } else {
                    m.issuer_parent = body_parent;
                }
            }
            m.issuer = Some(issuer);
        }
        None => {
            m.issuer = body_issuer;
            m.issuer_parent = body_parent;
        }
    }

    // Place and dates.
    m.place = header.place.clone();
    let field_issued = present(&fields.issued).and_then(parse_date);
    if let (Some(f), Some(b)) = (field_issued, header.issued) {
        if f != b {
            m.warnings.push(format!(
                "issue date: the source says {f}, the header says {b}"
            ));
        }
    }
    m.issued = field_issued.or(header.issued);
    let body_effective = effective_date(body, m.issued);
    m.effective = present(&fields.effective)
        .and_then(parse_date)
        .or(body_effective);

    // Signature.
    m.signer = present(&fields.signer)
        .map(str::to_string)
        .or_else(|| header.signer.clone());
    m.signer_role = header.signer_role.clone();
    m.field = present(&fields.field).map(str::to_string);
    m
}

/// A field's value, trimmed, when it is not empty.
fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The title from the header; for a law, the type word is part of its name (`BỘ LUẬT DÂN SỰ`).
fn header_title(header: &Header) -> Option<String> {
    let title = header.title.clone()?;
    let is_law_name = header
        .type_word
        .as_deref()
        .is_some_and(|w| matches!(fold(w).as_str(), "luat" | "bo luat" | "phap lenh"));
    match (&header.type_word, is_law_name) {
        (Some(word), true) => Some(format!("{word} {title}")),
        _ => Some(title),
    }
}

/// The issuer and its parent from the header's agency levels: the lowest level issues; a bare
/// `VĂN PHÒNG` is the office of the level above (`Văn phòng UBND tỉnh Bình Thuận`).
fn issuer_from_levels(levels: &[String]) -> (Option<String>, Option<String>) {
    let mut normalized: Vec<String> = levels
        .iter()
        .map(|l| normalize_agency(l))
        .filter(|l| !l.is_empty())
        .collect();
    let issuer = normalized.pop();
    let parent = normalized.pop();
    match (issuer, parent) {
        (Some(i), Some(p)) if fold(&i) == "van phong" => (Some(format!("{i} {p}")), Some(p)),
        (i, p) => (i, p),
    }
}

static EFFECTIVE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?:luật|pháp lệnh|nghị định|thông tư(?: liên tịch)?|quyết định|nghị quyết|chỉ thị|kế hoạch|quy định|quy chế|văn bản)\s+này\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:(?:kể\s+)?từ\s+)?(.{0,60})",
    )
    .expect("static regex")
});

/// The date the document itself says it takes effect (`Quyết định này có hiệu lực kể từ ngày
/// 01 tháng 01 năm 2021`; `... kể từ ngày ký` → the issue date).
pub fn effective_date(body: &str, issued: Option<NaiveDate>) -> Option<NaiveDate> {
    for c in EFFECTIVE.captures_iter(body) {
        let tail = c.get(1).map_or("", |m| m.as_str());
        let f = fold(tail);
        if f.starts_with("ngay ky") || f.starts_with("ky") {
            if issued.is_some() {
                return issued;
            }
            continue;
        }
        if let Some(d) = parse_date(tail) {
            return Some(d);
        }
    }
    None
}

static GAZETTE_PAGE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*CÔNG\s+BÁO\s*/\s*Số\s*[\d+\s]+/\s*Ngày\s+[\d\-/.]+\s*$")
        .expect("static regex")
});

static STAMP: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^\s*(?:Ký\s+bởi|Người\s+ký|Thời\s+gian\s+ký|Ngày\s+ký|Email|E-mail|Cơ\s+quan|Chức\s+vụ)\s*:.{0,160}$",
    )
    .expect("static regex")
});

/// Removes page furniture from a body: gazette page headers (`CÔNG BÁO/Số 123 + 124/Ngày
/// 25-02-2020`) and digital-signature stamp lines (`Ký bởi:`, `Thời gian ký:`, `Cơ quan:`,
/// `Email:`). Their text is not the document's.
pub fn strip_furniture(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if GAZETTE_PAGE.is_match(text) || STAMP.is_match(text) {
            continue;
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::header::read_header;

    #[test]
    fn doc_types_normalize() {
        for (written, t) in [
            ("Quyết định của Chủ tịch UBND tỉnh", "Quyết định"),
            ("Quyết định của UBND tỉnh", "Quyết định"),
            ("Nghị quyết của Thường trực HĐND tỉnh", "Nghị quyết"),
            ("Nghị quyết HĐND xã", "Nghị quyết"),
            ("KẾ HOẠCH", "Kế hoạch"),
            ("Thông tư liên tịch", "Thông tư liên tịch"),
            ("Thông tư", "Thông tư"),
            ("BỘ LUẬT", "Luật"),
            ("Thông báo (kết luận)", "Thông báo"),
            ("Tờ trình", "Tờ trình"),
        ] {
            assert_eq!(normalize_doc_type(written).as_deref(), Some(t), "{written}");
        }
        assert_eq!(normalize_doc_type("Luận văn"), None);
    }

    #[test]
    fn fields_win_and_disagreements_warn() {
        let body = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n\nSố: 176/KH-UBND\n\nLạng Sơn, ngày 27 tháng 10 năm 2020\n\nKẾ HOẠCH\n\nTHỰC HIỆN KẾT LUẬN SỐ 80-KL/TW\n\nThực hiện.\n";
        let header = read_header(body);
        let fields = RawFields {
            number: Some("176/KH-UBND".into()),
            doc_type: Some("Kế hoạch".into()),
            issuer: Some("Tỉnh Lạng Sơn".into()),
            issued: Some("28/10/2020".into()),
            ..RawFields::default()
        };
        let m = read_metadata(&fields, body, &header);
        assert_eq!(m.number_key.as_deref(), Some("176/KH-UBND"));
        assert_eq!(m.issuer.as_deref(), Some("UBND tỉnh Lạng Sơn"));
        assert_eq!(m.issued, NaiveDate::from_ymd_opt(2020, 10, 28));
        assert_eq!(m.place.as_deref(), Some("Lạng Sơn"));
        assert_eq!(m.warnings.len(), 1, "{:?}", m.warnings);
        assert!(m.warnings[0].starts_with("issue date"));
    }

    #[test]
    fn body_only_two_levels_and_blank_number() {
        let body = "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố:      /TTr-SNV\n\nLâm Đồng, ngày   tháng 3 năm 2026\n\nTỜ TRÌNH\nVề việc đề nghị ban hành Quyết định\n\nKính gửi: UBND tỉnh\n";
        let m = read_metadata(&RawFields::default(), body, &read_header(body));
        assert_eq!(m.number, None);
        assert_eq!(m.issuer.as_deref(), Some("Sở Nội vụ"));
        assert_eq!(m.issuer_parent.as_deref(), Some("UBND tỉnh Lâm Đồng"));
        assert_eq!(m.doc_type.as_deref(), Some("Tờ trình"));
        assert_eq!(m.issued, None);
        assert!(m.warnings.iter().any(|w| w.starts_with("no number yet")));
    }

    #[test]
    fn type_from_number_when_nothing_else() {
        let m = read_metadata(
            &RawFields {
                number: Some("159/2020/NĐ-CP".into()),
                ..RawFields::default()
            },
            "",
            &Header::default(),
        );
        assert_eq!(m.doc_type.as_deref(), Some("Nghị định"));
    }

    #[test]
    fn effective_dates() {
        let d = NaiveDate::from_ymd_opt;
        assert_eq!(
            effective_date(
                "Bộ luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2017.",
                None
            ),
            d(2017, 1, 1)
        );
        assert_eq!(
            effective_date(
                "Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.",
                d(2025, 9, 3)
            ),
            d(2025, 9, 3)
        );
        assert_eq!(
            effective_date(
                "Nghị định số 126/2024/NĐ-CP có hiệu lực thi hành từ 26/11/2024",
                None
            ),
            None
        );
    }

    #[test]
    fn furniture_is_removed() {
        let body = "Điều 1. Phạm vi\nCÔNG BÁO/Số 123 + 124/Ngày 25-02-2020\nNội dung.\nKý bởi: Văn phòng Chính phủ\nCơ quan: Văn phòng Chính phủ\nThời gian ký: 25.02.2020 10:00:00 +07:00\nCơ quan chủ trì: Sở Tư pháp phối hợp.\n";
        assert_eq!(
            strip_furniture(body),
            "Điều 1. Phạm vi\nNội dung.\nCơ quan chủ trì: Sở Tư pháp phối hợp.\n"
        );
    }
}
