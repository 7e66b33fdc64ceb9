//! Citations: references from a document's body to other documents (DESIGN.md section 2).
//!
//! PLACEHOLDER signature; the full extractor replaces this.

use crate::document::{Citation, Passage};

/// Extracts every reference to another document from the passages (or the body when there is no
/// outline), with the relation the wording states.
pub fn extract_citations(body: &str, outline: &[Passage]) -> Vec<Citation> {
    let _ = (body, outline);
    Vec::new()
}
