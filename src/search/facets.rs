//! Facet counts (type, issuer, year, agency by role) over every document a query matches, by
//! tantivy's terms aggregation on fast fields, collected in the same pass as the hits.

use std::collections::BTreeMap;

use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{AggregationResult, AggregationResults, BucketResult};
use tantivy::aggregation::AggregationCollector;
use tantivy::aggregation::Key;

use crate::error::{Error, Result};
use crate::index::schema::{names, NO_FACET};
use crate::search::Facets;

/// Most buckets returned per facet.
const BUCKETS: u32 = 50;
/// Most agency buckets, over all roles together.
const AGENCY_BUCKETS: u32 = 150;
/// Most year buckets.
const YEAR_BUCKETS: u32 = 200;

/// The collector counting the documents a query matches by type, issuer, year and agency (by role); run it in the
/// same pass as the hits (a tuple of collectors) and read it with [`from_result`].
pub fn collector() -> Result<AggregationCollector> {
    let request = serde_json::json!({
        // One bucket more than shown: the placeholder of documents without a value may take one.
        "type": {"terms": {"field": names::DOC_TYPE, "size": BUCKETS + 1}},
        "issuer": {"terms": {"field": names::ISSUER, "size": BUCKETS + 1}},
        "year": {"terms": {"field": names::YEAR, "size": YEAR_BUCKETS + 1}},
        "agency": {"terms": {"field": names::AGENCY_FACET, "size": AGENCY_BUCKETS + 1}},
    });
    let aggs: Aggregations = serde_json::from_value(request)?;
    Ok(AggregationCollector::from_aggs(aggs, Default::default()))
}

/// The facets of a [`collector`]'s result.
pub fn from_result(result: AggregationResults) -> Result<Facets> {
    let mut result = result.0;
    let mut take = |name: &str, most: u32| buckets(result.remove(name), name, most);
    Ok(Facets {
        doc_type: take("type", BUCKETS)?,
        issuer: take("issuer", BUCKETS)?,
        year: take("year", YEAR_BUCKETS)?,
        agency: by_role(take("agency", AGENCY_BUCKETS)?),
    })
}

/// `role:Name` buckets as role → name → count.
fn by_role(flat: BTreeMap<String, u64>) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut out: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (key, count) in flat {
        if let Some((role, name)) = key.split_once(':') {
            out.entry(role.to_string())
                .or_default()
                .insert(name.to_string(), count);
        }
    }
    out
}

/// The `most` largest buckets of one terms aggregation as key → count (years as whole numbers).
fn buckets(
    result: Option<AggregationResult>,
    name: &str,
    most: u32,
) -> Result<BTreeMap<String, u64>> {
    let buckets = match result {
        None => return Ok(BTreeMap::new()),
        Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => buckets,
        Some(other) => {
            return Err(Error::bad_request(
                "internal",
                format!("facet {name} is not a terms aggregation: {other:?}"),
            ))
        }
    };
    // Entries of documents without a value hold a placeholder (empty, or year 0), never shown.
    Ok(buckets
        .into_iter()
        .map(|b| {
            let key = match b.key {
                Key::Str(s) => s,
                Key::U64(n) => n.to_string(),
                Key::I64(n) => n.to_string(),
                Key::F64(f) => format!("{f:.0}"),
            };
            (key, b.doc_count)
        })
        .filter(|(key, _)| key != NO_FACET && !(name == "year" && key == "0"))
        .take(most as usize)
        .collect())
}
