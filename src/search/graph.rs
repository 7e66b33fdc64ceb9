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

/// A stored document's id alone.
#[derive(Deserialize)]
struct Id {
    id: String,
}

/// The document's citations, with `resolved_id` set where the cited number is indexed.
pub fn citations_of(index: &VanbanIndex, doc: &Document) -> Result<Vec<Citation>> {
    let mut out = doc.citations.clone();
    for c in &mut out {
        if let Some(key) = &c.number_key {
            // Ids only: a decree citing fifty codes loaded fifty whole codes here.
            c.resolved_id = index
                .by_number_key_as::<Id>(key, 0, 2)?
                .1
                .into_iter()
                .find(|d| d.id != doc.id)
                .map(|d| d.id);
        }
    }
    Ok(out)
}

/// Documents citing the number `key` (canonical).
pub fn cited_by(index: &VanbanIndex, key: &str) -> Result<Vec<CitingDocument>> {
    Ok(cited_by_page(index, key, 0, MAX_CITING)?.1)
}

/// What a citing document's list entry needs of it: decoded without its body, outline or tasks.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Citing {
    id: String,
    number: Option<String>,
    doc_type: Option<String>,
    title: Option<String>,
    issuer: Option<String>,
    issued: Option<NaiveDate>,
    citations: Vec<Citation>,
}

/// A page of [`cited_by`] and how many documents cite `key`: only the page's documents are
/// loaded, and of them only what the list shows.
pub fn cited_by_page(
    index: &VanbanIndex,
    key: &str,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<CitingDocument>)> {
    let limit = limit.min(MAX_CITING.saturating_sub(offset));
    if limit == 0 {
        return Ok((0, Vec::new()));
    }
    let (total, docs) = index.citing_as::<Citing>(key, offset, limit)?;
    let page = docs
        .into_iter()
        .filter_map(|d| {
            let c = d
                .citations
                .into_iter()
                .find(|c| c.number_key.as_deref() == Some(key))?;
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
        .collect();
    Ok((total, page))
}
