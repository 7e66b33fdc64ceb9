//! The tantivy schema: every field name in one place, and the schema version that an index on
//! disk must match.
//!
//! One index holds two kinds of entries: a *document* entry (title, whole body, metadata, the
//! stored [`crate::Document`] as JSON) and one *passage* entry per passage (its path, heading and
//! text, the document's filter keys and a short summary of the document, pointing at its
//! document). Search decides which documents match (and counts them) on document entries and
//! ranks them by their best passages, each with its document's title score added (scored once,
//! on the document entry: `search::titles`).

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::text;

/// Bump when the schema or the analysis changes in a way that needs a rebuild.
/// 9: documents without a source id or a full number identity are identified by where they were
/// read (`crate::extract::document_id`), and the source file is stored (merges are reported).
/// 10: Word tables keep their rows (tasks of assignment tables; ids of unnumbered .docx change).
/// 11: citation relations gain `expires`, `partly_repeals` and `suspends` (issue 24).
/// 12: documents store their relations (body, title, Pháp điển notes), the source's status and
/// expiry; relation targets are indexed as cited numbers (issue 24, `/api/status`).
pub const SCHEMA_VERSION: u32 = 12;

/// `kind` value of document entries.
pub const KIND_DOC: &str = "doc";
/// `flags` value of documents that assign tasks.
pub const FLAG_TASKS: &str = "tasks";
/// The `flags` value of the passage that stands for a document with no text: its heading.
pub const FLAG_HEADING: &str = "heading";
/// `kind` value of passage entries.
pub const KIND_PASSAGE: &str = "passage";
/// Facet value of a document that has none (a type, an issuer, an agency); never shown.
pub const NO_FACET: &str = "";

/// Field names.
pub mod names {
    /// `doc` or `passage`.
    pub const KIND: &str = "kind";
    /// Document id (for a passage: the id of its document).
    pub const ID: &str = "id";
    /// The source file the entry came from (for incremental re-indexing), stored so that ingest
    /// can tell a document read twice from two files.
    pub const SOURCE_FILE: &str = "source_file";
    /// Canonical number key of the document.
    pub const NUMBER_KEY: &str = "number_key";
    /// Document entries: number, type, title and issuer, folded syllables (deciding what
    /// matches).
    pub const DOC_TITLE_FOLDED: &str = "doc_title_folded";
    /// Document entries: their title (as [`DOC_TITLE_FOLDED`]), accented syllables: the context
    /// ranking adds to every passage of the document, scored once per document.
    pub const DOC_TITLE: &str = "doc_title";
    /// Document entries: their title, folded syllable pairs.
    pub const DOC_TITLE_PAIRS: &str = "doc_title_pairs";
    /// Document entries: every distinct accented syllable and number key of title and body,
    /// once (deciding what matches needs to know only whether a document holds a term; phrases
    /// are matched in passages; diacritics are restored from these counts).
    pub const DOC_BODY: &str = "doc_body";
    /// Document entries: every distinct folded syllable and number key of the whole body, once.
    pub const DOC_BODY_FOLDED: &str = "doc_body_folded";
    /// Document entries: every distinct accented syllable pair of title and body, once: the
    /// statistics diacritics are restored from. Ranking reads folded pairs only (accented pairs
    /// in passages measured no better on either benchmark and were a sixth of the index's
    /// tokens).
    pub const DOC_PAIRS: &str = "doc_pairs";
    /// Passages: their heading (`Điều 8. Điều kiện kết hôn`), accented syllables. Ranking reads
    /// only fields that document entries lack, so that it needs no `kind` filter and stays a
    /// flat disjunction of terms; the document's title is scored on the document entry.
    pub const TITLE: &str = "title";
    /// Title, folded syllables.
    pub const TITLE_FOLDED: &str = "title_folded";
    /// Title, folded syllable pairs.
    pub const TITLE_FOLDED_PAIRS: &str = "title_folded_pairs";
    /// Passage text, accented syllables.
    pub const BODY: &str = "body";
    /// Body, folded syllables.
    pub const BODY_FOLDED: &str = "body_folded";
    /// Body, folded syllable pairs.
    pub const BODY_FOLDED_PAIRS: &str = "body_folded_pairs";
    /// Document type as shown (`Kế hoạch`), for facets. The facet columns (type, issuer, agency,
    /// year) are fast fields only, and every entry has a value ([`super::NO_FACET`] or 0 when
    /// the document has none), so that counting reads a dense column: on a sparse one each
    /// lookup was a binary search, a sixth of a search at a million passages.
    pub const DOC_TYPE: &str = "doc_type";
    /// Folded document type key, for filters.
    pub const DOC_TYPE_KEY: &str = "doc_type_key";
    /// Issuer as shown, for facets.
    pub const ISSUER: &str = "issuer";
    /// Folded issuer key, for filters.
    pub const ISSUER_KEY: &str = "issuer_key";
    /// `role:folded-agency-key` and `any:folded-agency-key`, for agency filters.
    pub const AGENCY: &str = "agency";
    /// `role:Display name` of every agency with a role, for the agency facet.
    pub const AGENCY_FACET: &str = "agency_facet";
    /// Number keys the document cites.
    pub const CITES: &str = "cites";
    /// Markers such as `tasks` (the document assigns tasks).
    pub const FLAGS: &str = "flags";
    /// Folded field (lĩnh vực) key.
    pub const FIELD_KEY: &str = "field_key";
    /// Year of issue.
    pub const YEAR: &str = "year";
    /// Issue date.
    pub const ISSUED: &str = "issued";
    /// Effective date.
    pub const EFFECTIVE: &str = "effective";
    /// Passage path (`Chương II > Điều 5`).
    pub const PATH: &str = "path";
    /// Passages: the article numbers their path names (`Điều 5` → `5`), for questions that name
    /// the article.
    pub const ARTICLE: &str = "article";
    /// Passage ordinal inside its document.
    pub const ORDINAL: &str = "ordinal";
    /// Stored passage text (original, for snippets).
    pub const TEXT: &str = "text";
    /// Stored document JSON.
    pub const DOC_JSON: &str = "doc_json";
    /// Stored on passages: the document's number, type, title, issuer and date as JSON, so that
    /// a hit found through a passage needs no read of the whole document.
    pub const SUMMARY: &str = "summary";
}

/// Handles of every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    pub id: Field,
    pub source_file: Field,
    pub number_key: Field,
    pub doc_title_folded: Field,
    pub doc_title: Field,
    pub doc_title_pairs: Field,
    pub doc_body: Field,
    pub doc_body_folded: Field,
    pub doc_pairs: Field,
    pub title: Field,
    pub title_folded: Field,
    pub title_folded_pairs: Field,
    pub body: Field,
    pub body_folded: Field,
    pub body_folded_pairs: Field,
    pub doc_type: Field,
    pub doc_type_key: Field,
    pub issuer: Field,
    pub issuer_key: Field,
    pub agency: Field,
    pub agency_facet: Field,
    pub cites: Field,
    pub flags: Field,
    pub field_key: Field,
    pub year: Field,
    pub issued: Field,
    pub effective: Field,
    pub path: Field,
    pub article: Field,
    pub ordinal: Field,
    pub text: Field,
    pub doc_json: Field,
    pub summary: Field,
}

/// A field analyzed by `tokenizer`, with positions (for phrases).
fn analyzed(tokenizer: &str) -> TextOptions {
    with_record(tokenizer, IndexRecordOption::WithFreqsAndPositions)
}

/// A field never used in phrases (syllable pairs, titles): no positions.
fn without_positions(tokenizer: &str) -> TextOptions {
    with_record(tokenizer, IndexRecordOption::WithFreqs)
}

/// A field of distinct terms, analyzed before indexing and given one per line: which entries
/// hold a term, nothing more.
fn terms_only() -> TextOptions {
    with_record(text::LINES, IndexRecordOption::Basic)
}

fn with_record(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    use names::*;
    let mut b = Schema::builder();
    let date = DateOptions::default()
        .set_indexed()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        kind: b.add_text_field(KIND, STRING | FAST),
        id: b.add_text_field(ID, STRING | STORED | FAST),
        source_file: b.add_text_field(SOURCE_FILE, STRING | STORED),
        number_key: b.add_text_field(NUMBER_KEY, STRING | STORED),
        doc_title_folded: b.add_text_field(DOC_TITLE_FOLDED, without_positions(text::FOLDED)),
        doc_title: b.add_text_field(DOC_TITLE, without_positions(text::ACCENTED)),
        doc_title_pairs: b.add_text_field(DOC_TITLE_PAIRS, without_positions(text::FOLDED_PAIRS)),
        doc_body: b.add_text_field(DOC_BODY, terms_only()),
        doc_body_folded: b.add_text_field(DOC_BODY_FOLDED, terms_only()),
        doc_pairs: b.add_text_field(DOC_PAIRS, terms_only()),
        title: b.add_text_field(TITLE, without_positions(text::ACCENTED)),
        title_folded: b.add_text_field(TITLE_FOLDED, without_positions(text::FOLDED)),
        title_folded_pairs: b
            .add_text_field(TITLE_FOLDED_PAIRS, without_positions(text::FOLDED_PAIRS)),
        body: b.add_text_field(BODY, analyzed(text::ACCENTED)),
        body_folded: b.add_text_field(BODY_FOLDED, analyzed(text::FOLDED)),
        body_folded_pairs: b
            .add_text_field(BODY_FOLDED_PAIRS, without_positions(text::FOLDED_PAIRS)),
        doc_type: b.add_text_field(DOC_TYPE, FAST),
        doc_type_key: b.add_text_field(DOC_TYPE_KEY, STRING),
        issuer: b.add_text_field(ISSUER, FAST),
        issuer_key: b.add_text_field(ISSUER_KEY, STRING),
        agency: b.add_text_field(AGENCY, STRING),
        agency_facet: b.add_text_field(AGENCY_FACET, FAST),
        cites: b.add_text_field(CITES, STRING),
        flags: b.add_text_field(FLAGS, STRING),
        field_key: b.add_text_field(FIELD_KEY, STRING),
        year: b.add_u64_field(YEAR, NumericOptions::default().set_fast()),
        issued: b.add_date_field(ISSUED, date.clone()),
        effective: b.add_date_field(EFFECTIVE, date),
        path: b.add_text_field(PATH, STORED),
        article: b.add_text_field(ARTICLE, STRING),
        ordinal: b.add_u64_field(ORDINAL, STORED),
        text: b.add_text_field(TEXT, STORED),
        doc_json: b.add_text_field(DOC_JSON, STORED),
        summary: b.add_text_field(SUMMARY, STORED),
    };
    (b.build(), fields)
}
