//! Document numbers (số hiệu), DESIGN.md section 4: parsing every written shape into parts and a
//! canonical key, and finding numbers inside running text.
//!
//! PLACEHOLDER signatures; the full parser replaces this.

/// A parsed document number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// Sequence number without leading zeros (`176`).
    pub seq: u32,
    /// Year when written (`2020` in `159/2020/NĐ-CP`).
    pub year: Option<u16>,
    /// Type code (`KH`, `QĐ`), upper case with `Đ`.
    pub type_code: Option<String>,
    /// Issuer codes (`UBND`, `TTg`, `QH14`).
    pub issuer_codes: Vec<String>,
    /// Canonical key (`176/KH-UBND`).
    pub key: String,
}

/// Why a string is not a document number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// A draft or blank number (`   /KH-UBND`): "no number yet".
    #[error("draft number with no sequence number yet")]
    Blank,
    /// Not a document number at all.
    #[error("not a document number")]
    Invalid,
}

/// A number found in running text, with byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The parsed number.
    pub number: DocNumber,
}

/// Parses one written number (`Số: 176/KH-UBND`, `176 / kh - ubnd`).
pub fn parse(s: &str) -> Result<DocNumber, NumberError> {
    let _ = s;
    Err(NumberError::Invalid)
}

/// The canonical key of a written number, if it is one.
pub fn key(s: &str) -> Option<String> {
    parse(s).ok().map(|n| n.key)
}

/// Finds every document number in running text.
pub fn find_all(text: &str) -> Vec<NumberMatch> {
    let _ = text;
    Vec::new()
}

/// The document type a type code stands for (`KH` → `Kế hoạch`).
pub fn doc_type_for_code(code: &str) -> Option<&'static str> {
    let _ = code;
    None
}
