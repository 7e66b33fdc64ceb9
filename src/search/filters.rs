//! Filters: the request's type, agency, field, date, number and citation constraints as
//! clauses every stage adds to its query (matching documents and ranking passages alike).

use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery};
use tantivy::schema::Field;
use tantivy::{DateTime, Term};

use super::engine::SearchContext;
use super::{tasks, SearchRequest, ROLES};
use crate::error::Code;
use crate::error::{Error, Result};
use crate::index::{agency_term, filter_key, term_query};
use crate::number;

/// Parses a date parameter: `YYYY-MM-DD` (or `DD/MM/YYYY`).
pub fn parse_date(name: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value.trim(), "%d/%m/%Y"))
        .map_err(|_| {
            Error::bad_request(
                Code::BadDate,
                format!("{name}=`{value}` is not a date; write YYYY-MM-DD"),
            )
        })
}

fn date_term(field: Field, d: NaiveDate) -> Term {
    let secs = d
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    Term::from_field_date(field, DateTime::from_timestamp_secs(secs))
}

fn date_range(
    field: Field,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Option<Box<dyn Query>> {
    if from.is_none() && to.is_none() {
        return None;
    }
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(date_term(field, d)));
    let upper = to.map_or(Bound::Unbounded, |d| Bound::Included(date_term(field, d)));
    Some(Box::new(RangeQuery::new(lower, upper)))
}

/// Number keys for the `number` and `cites` filters; an unparseable number is a user error.
pub fn number_param(name: &str, value: &str) -> Result<String> {
    number::key(value).ok_or_else(|| {
        Error::bad_request(
            Code::BadNumber,
            format!("{name}=`{value}` is not a document number like 176/KH-UBND"),
        )
    })
}

/// The clauses of `req`'s filters, each required (or, for an empty deadline window, refusing
/// everything).
pub fn clauses(ctx: &SearchContext, req: &SearchRequest) -> Result<Vec<(Occur, Box<dyn Query>)>> {
    let f = ctx.fields;
    let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !req.types.is_empty() {
        let any = req
            .types
            .iter()
            .map(|t| (Occur::Should, term_query(f.doc_type_key, &filter_key(t))))
            .collect();
        out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if let Some(i) = &req.issuer {
        out.push((
            Occur::Must,
            term_query(f.issuer_key, &crate::keys::agency_key(i)),
        ));
    }
    let role = req.role.as_deref().unwrap_or("any");
    if !ROLES.contains(&role) {
        return Err(Error::bad_request(
            Code::BadRole,
            format!("role `{role}` is unknown; use issuer, lead, support or any"),
        ));
    }
    if let Some(a) = &req.agency {
        out.push((Occur::Must, term_query(f.agency, &agency_term(role, a))));
    }
    if let Some(field) = &req.field {
        out.push((Occur::Must, term_query(f.field_key, &filter_key(field))));
    }
    if let Some(q) = date_range(f.issued, req.issued_from, req.issued_to) {
        out.push((Occur::Must, q));
    }
    if let Some(q) = date_range(f.effective, req.effective_from, req.effective_to) {
        out.push((Occur::Must, q));
    }
    if let Some(c) = &req.cites {
        out.push((Occur::Must, term_query(f.cites, &number_param("cites", c)?)));
    }
    if let Some(n) = &req.number {
        out.push((
            Occur::Must,
            term_query(f.number_key, &number_param("number", n)?),
        ));
    }
    if req.deadline_from.is_some() || req.deadline_to.is_some() {
        let ids =
            tasks::documents_with_tasks_in(ctx.index, req.deadline_from, req.deadline_to, None)?;
        let any: Vec<(Occur, Box<dyn Query>)> = ids
            .iter()
            .map(|id| (Occur::Should, term_query(f.id, id)))
            .collect();
        if any.is_empty() {
            out.push((Occur::MustNot, Box::new(AllQuery)));
        } else {
            out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
    }
    Ok(out)
}
