//! Extraction: from a [`RawDoc`] to a [`Document`] — metadata, structure, numbers, citations,
//! tasks, agencies, abbreviations. Pure functions, no I/O.
//!
//! PLACEHOLDER: the full extractors replace this.

pub mod agencies;
pub mod agency_mentions;
pub mod citations;
pub mod dates;
pub mod issuer_codes;
pub mod period;
pub mod tasks;

use crate::document::{Document, Passage, RawDoc};

/// Makes a [`Document`] of what a reader produced.
pub fn extract(raw: RawDoc) -> Document {
    let f = raw.fields;
    let number_key = f.number.as_deref().and_then(crate::number::key);
    let outline = raw
        .passages
        .into_iter()
        .map(|p| Passage {
            path: p.path,
            heading: p.heading,
            text: p.text,
        })
        .collect();
    let id =
        f.id.clone()
            .unwrap_or_else(|| blake3::hash(raw.text.as_bytes()).to_hex()[..16].to_string());
    Document {
        id,
        number: f.number,
        number_key,
        doc_type: f.doc_type,
        title: f.title,
        issuer: f.issuer,
        field: f.field,
        source: raw.source,
        body: raw.text,
        outline,
        warnings: raw.warnings,
        ..Document::default()
    }
}
