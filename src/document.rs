//! The data model of DESIGN.md section 2: what a reader produces ([`RawDoc`]) and what extraction
//! makes of it ([`Document`] with its passages, citations, tasks and agencies).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A citation's relation is the relations vocabulary's ([`crate::relation`]), named here too
/// because a [`Citation`] carries it.
pub use crate::relation::Relation;

/// What a reader hands to extraction: the text of one document and whatever metadata its source
/// states explicitly (metadata lines, JSON fields, CSV columns). No interpretation yet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RawDoc {
    /// Where it came from: a file path, `path#line` for a JSONL record, `path#row` for CSV.
    pub source: String,
    /// The body text, as Unicode (legacy encodings already converted).
    pub text: String,
    /// Metadata the source states; these win over what extraction reads from the body.
    pub fields: RawFields,
    /// Passages the source already separates (ALQAC articles, Pháp điển CSV rows). Empty when the
    /// structure has to be read from the text.
    pub passages: Vec<RawPassage>,
    /// Problems the reader met that did not stop it (e.g. a garbled PDF text layer).
    pub warnings: Vec<String>,
    /// Set when some of the text was recognised from page images (OCR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrInfo>,
}

/// How the text of a scanned document was recognised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OcrInfo {
    /// Pages recognised by OCR.
    pub pages: u32,
    /// Mean word confidence over those pages, 0–100 (Tesseract's scale).
    pub confidence: f64,
}

/// Metadata stated by the source itself (not read from the body).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RawFields {
    /// A stable id given by the source (vbpl ItemID, ALQAC law id, ...).
    pub id: Option<String>,
    /// Số hiệu as written.
    pub number: Option<String>,
    /// Loại văn bản as written (`Kế hoạch`, `Quyết định của Chủ tịch UBND tỉnh`, ...).
    pub doc_type: Option<String>,
    /// Trích yếu / title.
    pub title: Option<String>,
    /// Cơ quan ban hành as written.
    pub issuer: Option<String>,
    /// Ngày ban hành, as written (ISO or dd/mm/yyyy).
    pub issued: Option<String>,
    /// Ngày có hiệu lực, as written.
    pub effective: Option<String>,
    /// Người ký.
    pub signer: Option<String>,
    /// Lĩnh vực.
    pub field: Option<String>,
    /// The file this record was made from (the `file` of the provincial export), relative to the
    /// record's own file: when ingest indexes that file too, the two are one document.
    #[serde(default)]
    pub original: Option<String>,
    /// The official addresses of the text the record carries (`url`, `source_url`, `file_urls`,
    /// `vbqppl_link`), `http(s)` only.
    #[serde(default)]
    pub links: Vec<String>,
    /// Tình trạng hiệu lực as the record states it (`tinh_trang`).
    #[serde(default)]
    pub status: Option<String>,
    /// Ngày hết hiệu lực as the record states it (`ngay_het_hieu_luc`).
    #[serde(default)]
    pub expires: Option<String>,
}

/// A passage the source separates: an article, a CSV row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RawPassage {
    /// Path such as `Điều 5` or `Chương II > Điều 5`.
    pub path: String,
    /// Heading such as `Phạm vi điều chỉnh`.
    pub heading: Option<String>,
    /// The passage text.
    pub text: String,
    /// A citation string that the source attaches to this passage (Pháp điển `vbqppl`).
    pub cites: Option<String>,
}

/// One document as indexed and shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Document {
    /// Stable id: the source id, else a hash of number key + issuer + date (all three known),
    /// else a hash of where it was read (see [`crate::extract::document_id`]).
    pub id: String,
    /// Số hiệu as written.
    pub number: Option<String>,
    /// Canonical key of the number (`176/KH-UBND`), see [`crate::number`].
    pub number_key: Option<String>,
    /// Normalized document type (`Kế hoạch`, `Quyết định`, ...).
    pub doc_type: Option<String>,
    /// Trích yếu.
    pub title: Option<String>,
    /// Normalized issuing agency (`UBND tỉnh Lạng Sơn`).
    pub issuer: Option<String>,
    /// The superior body when the header names two levels.
    pub issuer_parent: Option<String>,
    /// Place of issue (`Lạng Sơn`).
    pub place: Option<String>,
    /// Ngày ban hành.
    pub issued: Option<NaiveDate>,
    /// Ngày có hiệu lực.
    pub effective: Option<NaiveDate>,
    /// Signer's name.
    pub signer: Option<String>,
    /// Signer's role (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`).
    pub signer_role: Option<String>,
    /// Lĩnh vực, when known.
    pub field: Option<String>,
    /// File path or record id it came from.
    pub source: String,
    /// Full body text.
    pub body: String,
    /// Passages: articles, plan sections.
    pub outline: Vec<Passage>,
    /// References to other documents.
    pub citations: Vec<Citation>,
    /// Tasks with deadlines and agencies.
    pub tasks: Vec<Task>,
    /// Abbreviations the document defines.
    pub abbreviations: Vec<Abbreviation>,
    /// Agencies named with a role (issuer, lead, support).
    pub agencies: Vec<AgencyRole>,
    /// Disagreements and unreadable parts.
    pub warnings: Vec<String>,
    /// True when the text (or part of it) was recognised from page images.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// Mean OCR word confidence, 0–100, when [`Document::ocr`] is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f64>,
    /// The official addresses of the text (the source record's `url`, `source_url`,
    /// `file_urls`), shown as "Nguồn" on the document's page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// What the document's words say one document does to another (issue 24): from its body,
    /// its title (trích yếu) and the Pháp điển notes of its articles. `source: null` is this
    /// document; a note or a report of a third document's change names that document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<crate::relation::DocRelation>,
    /// The status the source record states (`tinh_trang`: `Đang hiệu lực`, ...), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    /// Ngày hết hiệu lực: the source record's `ngay_het_hieu_luc`, else the document's own
    /// clause (`Thông tư này có hiệu lực … đến hết ngày 31 tháng 12 năm 2020`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// The file the document was read whole from, kept in the index folder for download
    /// (`GET /api/documents/{id}/original`); absent for records, uploads of JSON and indexes
    /// written before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
}

/// The original file of a document, as indexed: its bytes are kept in the index folder under
/// their hash ([`crate::originals`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Original {
    /// BLAKE3 of the bytes (64 hexadecimal digits): the name of the kept copy.
    pub hash: String,
    /// The file's name as it was indexed (no folders).
    pub name: String,
    /// Its media type (`application/pdf`).
    pub media_type: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What a list shows of a document (`/api/documents?number=`, the page's chooser): decoded from
/// the stored document without its body, outline or tasks, so that a list costs little however
/// long its documents are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DocumentHead {
    /// Document id.
    pub id: String,
    /// Số hiệu as written.
    pub number: Option<String>,
    /// Canonical key of the number.
    pub number_key: Option<String>,
    /// Document type.
    pub doc_type: Option<String>,
    /// Trích yếu.
    pub title: Option<String>,
    /// Issuing agency.
    pub issuer: Option<String>,
    /// Ngày ban hành.
    pub issued: Option<NaiveDate>,
    /// Ngày có hiệu lực.
    pub effective: Option<NaiveDate>,
    /// Where it was read (a path inside the indexed folder, or `api:<id>`).
    pub source: String,
}

impl DocumentHead {
    /// A [`Document`] holding only these fields (for slugs and headings).
    pub fn to_document(&self) -> Document {
        Document {
            id: self.id.clone(),
            number: self.number.clone(),
            number_key: self.number_key.clone(),
            doc_type: self.doc_type.clone(),
            title: self.title.clone(),
            issuer: self.issuer.clone(),
            issued: self.issued,
            effective: self.effective,
            source: self.source.clone(),
            ..Document::default()
        }
    }
}

/// A unit a hit can point to: an article, a clause, a plan section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Passage {
    /// `Chương II > Điều 5 > Khoản 2`, or `II > 1` for a plan.
    pub path: String,
    /// Heading text (`Phạm vi điều chỉnh`, `NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU`).
    pub heading: Option<String>,
    /// The passage text (heading line included).
    pub text: String,
}

/// A reference from this document to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Citation {
    /// The text of the reference as written.
    pub raw: String,
    /// Type of the cited document, normalized.
    pub doc_type: Option<String>,
    /// Canonical number key of the cited document.
    pub number_key: Option<String>,
    /// The number in its standard spelling, for display (`1521/QĐ-TTg` for the key
    /// `1521/QĐ-TTG`).
    #[serde(default)]
    pub number: Option<String>,
    /// Date of the cited document.
    pub date: Option<NaiveDate>,
    /// Issuer of the cited document, normalized.
    pub issuer: Option<String>,
    /// The relation the wording states.
    pub relation: Relation,
    /// Path of the passage it sits in.
    pub passage: Option<String>,
    /// Id of the cited document when it is indexed.
    pub resolved_id: Option<String>,
}

/// When a task is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Period {
    /// Between two dates, inclusive; `from` is `None` for "before ...".
    Range {
        from: Option<NaiveDate>,
        to: NaiveDate,
    },
    /// Every year (`Hàng năm`, `Hằng năm`, `Trước ngày 31/01 năm liền kề`).
    Yearly,
    /// Every quarter (`Hằng quý`).
    Quarterly,
    /// Every month (`Định kỳ hằng tháng`, `Trước ngày 05 của tháng liền kề`).
    Monthly,
    /// Continuous, or more often than monthly (`Thường xuyên`, `Hằng tuần`).
    Ongoing,
}

/// A task a document assigns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Task {
    /// Passage path (`II > 1`).
    pub path: String,
    /// Heading of that passage.
    pub heading: Option<String>,
    /// Task text.
    pub text: String,
    /// Deadline as written (`Quý IV năm 2020`).
    pub deadline_text: Option<String>,
    /// Normalized period.
    pub period: Option<Period>,
    /// Agencies in charge (chủ trì).
    pub lead: Vec<String>,
    /// Agencies in support (phối hợp).
    pub support: Vec<String>,
    /// Agencies that follow up (theo dõi, kiểm tra, đôn đốc).
    #[serde(default)]
    pub monitor: Vec<String>,
    /// What the task delivers (sản phẩm), as written.
    #[serde(default)]
    pub product: Option<String>,
    /// When a recurring or continuous task starts being due: the plan's issue date, or the
    /// first day of the month of a draft's date line (`ngày ... tháng 3 năm 2026`).
    #[serde(default)]
    pub starts: Option<NaiveDate>,
    /// When it stops: the end of the plan's period (`giai đoạn 2026 - 2030`), when stated.
    #[serde(default)]
    pub ends: Option<NaiveDate>,
}

/// An abbreviation a document defines: `phổ biến, giáo dục pháp luật (PBGDPL)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Abbreviation {
    /// The short form (`PBGDPL`).
    pub short: String,
    /// The long form it stands for.
    pub long: String,
}

/// The role an agency plays for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Cơ quan ban hành.
    Issuer,
    /// Chủ trì.
    Lead,
    /// Phối hợp.
    Support,
    /// Theo dõi, kiểm tra, đôn đốc.
    Monitor,
}

impl Role {
    /// The role's name in filters and facets (`issuer`, `lead`, `support`, `monitor`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Issuer => "issuer",
            Role::Lead => "lead",
            Role::Support => "support",
            Role::Monitor => "monitor",
        }
    }

    /// The role named `name` ([`Role::as_str`]'s inverse); each filter says which it accepts.
    pub fn named(name: &str) -> Option<Role> {
        [Role::Issuer, Role::Lead, Role::Support, Role::Monitor]
            .into_iter()
            .find(|r| r.as_str() == name)
    }
}

/// An agency with the role it plays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgencyRole {
    /// Normalized display name (`Sở Tư pháp`).
    pub name: String,
    /// Its role.
    pub role: Role,
}
