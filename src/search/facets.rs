//! Facet counts (type, issuer, year, agency by role) over every document a query matches, by
//! tantivy's terms aggregation on fast fields, collected in the same pass as the hits.

use std::collections::BTreeMap;

use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;

use crate::error::{Error, Result};
use crate::index::schema::names;
use crate::search::Facets;

/// Most buckets returned per facet.
const BUCKETS: u32 = 50;
/// Most agency buckets, over all roles together.
const AGENCY_BUCKETS: u32 = 150;

/// The collector counting the documents a query matches by type, issuer, year and agency (by role); run it in the
/// same pass as the hits (a tuple of collectors) and read it with [`from_result`].
pub fn collector() -> Result<AggregationCollector> {
    let request = serde_json::json!({
        "type": {"terms": {"field": names::DOC_TYPE, "size": BUCKETS}},
        "issuer": {"terms": {"field": names::ISSUER, "size": BUCKETS}},
        "year": {"terms": {"field": names::YEAR, "size": 200}},
        "agency": {"terms": {"field": names::AGENCY_FACET, "size": AGENCY_BUCKETS}},
    });
    let aggs: Aggregations = serde_json::from_value(request)?;
    Ok(AggregationCollector::from_aggs(aggs, Default::default()))
}

/// The facets of a [`collector`]'s result.
pub fn from_result(result: AggregationResults) -> Result<Facets> {
    let value = serde_json::to_value(result)?;
    Ok(Facets {
        doc_type: buckets(&value, "type")?,
        issuer: buckets(&value, "issuer")?,
        year: buckets(&value, "year")?,
        agency: by_role(buckets(&value, "agency")?),
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
