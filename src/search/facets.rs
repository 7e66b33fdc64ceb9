//! Facet counts (type, issuer, year) over every document a query matches, by tantivy's terms
//! aggregation on fast fields.

use std::collections::BTreeMap;

use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::Query;
use tantivy::Searcher;

use crate::error::{Error, Result};
use crate::index::schema::names;
use crate::search::Facets;

/// Most buckets returned per facet.
const BUCKETS: u32 = 50;

/// Counts the documents `query` matches by type, issuer and year.
pub fn count(searcher: &Searcher, query: &dyn Query) -> Result<Facets> {
    let request = serde_json::json!({
        "type": {"terms": {"field": names::DOC_TYPE, "size": BUCKETS}},
        "issuer": {"terms": {"field": names::ISSUER, "size": BUCKETS}},
        "year": {"terms": {"field": names::YEAR, "size": 200}},
    });
    let aggs: Aggregations = serde_json::from_value(request)?;
    let collector = AggregationCollector::from_aggs(aggs, Default::default());
    let result = searcher.search(query, &collector)?;
    let value = serde_json::to_value(result)?;
    Ok(Facets {
        doc_type: buckets(&value, "type")?,
        issuer: buckets(&value, "issuer")?,
        year: buckets(&value, "year")?,
    })
}

fn buckets(value: &serde_json::Value, name: &str) -> Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    let Some(list) = value
        .get(name)
        .and_then(|v| v.get("buckets"))
        .and_then(|b| b.as_array())
    else {
        return Ok(out);
    };
    for b in list {
        let count = b.get("doc_count").and_then(|c| c.as_u64()).unwrap_or(0);
        let key = match b.get("key") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => {
                n.as_f64().map(|f| format!("{f:.0}")).unwrap_or_default()
            }
            other => {
                return Err(Error::bad_request(
                    "internal",
                    format!("unexpected facet key {other:?}"),
                ))
            }
        };
        out.insert(key, count);
    }
    Ok(out)
}
