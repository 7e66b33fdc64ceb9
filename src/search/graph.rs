//! The citation graph: what a document cites (resolved to indexed documents where one matches)
//! and which documents cite a number, whether or not that number is itself indexed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::document::{Citation, Document, Relation};
use crate::error::Result;
use crate::index::VanbanIndex;

/// Most citing documents returned.
const MAX_CITING: usize = 1_000;

/// A document that cites a given number.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CitingDocument {
    /// Id of the citing document.
    pub id: String,
    /// Its number.
    pub number: Option<String>,
    /// Its type.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its issuer.
    pub issuer: Option<String>,
    /// Its issue date.
    pub issued: Option<NaiveDate>,
    /// How it relates to the cited number (the first relation found).
    #[schema(value_type = String)]
    pub relation: Relation,
    /// The passage where it cites it.
    pub passage: Option<String>,
}

/// The document's citations, with `resolved_id` set where the cited number is indexed.
pub fn citations_of(index: &VanbanIndex, doc: &Document) -> Result<Vec<Citation>> {
    let mut out = doc.citations.clone();
    for c in &mut out {
        if let Some(key) = &c.number_key {
            c.resolved_id = index
                .by_number_key(key)?
                .into_iter()
                .find(|d| d.id != doc.id)
                .map(|d| d.id);
        }
    }
    Ok(out)
}

/// Documents citing the number `key` (canonical).
pub fn cited_by(index: &VanbanIndex, key: &str) -> Result<Vec<CitingDocument>> {
    cited_by_page(index, key, 0, MAX_CITING)
}

/// A page of [`cited_by`]: only the first `offset + limit` citing documents are loaded.
pub fn cited_by_page(
    index: &VanbanIndex,
    key: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<CitingDocument>> {
    let end = offset.saturating_add(limit).min(MAX_CITING);
    let docs: Vec<_> = index.citing(key, end)?.into_iter().skip(offset).collect();
    Ok(docs
        .into_iter()
        .filter_map(|d| {
            let c = d
                .citations
                .iter()
                .find(|c| c.number_key.as_deref() == Some(key))?
                .clone();
            Some(CitingDocument {
                id: d.id,
                number: d.number,
                doc_type: d.doc_type,
                title: d.title,
                issuer: d.issuer,
                issued: d.issued,
                relation: c.relation,
                passage: c.passage,
            })
        })
        .collect())
}
