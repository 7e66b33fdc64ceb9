//! Filters: the request's type, agency, field, date, number and citation constraints as
//! clauses every stage adds to its query (matching documents and ranking passages alike).

use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery, TermSetQuery};
use tantivy::schema::Field;
use tantivy::{DateTime, Term};

use super::engine::SearchContext;
use super::{tasks, DateRange, SearchRequest};
use crate::error::Result;
use crate::index::{agency_term, filter_key, term_query};
use crate::params::number_param;

fn date_term(field: Field, d: NaiveDate) -> Term {
    let secs = d
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    Term::from_field_date(field, DateTime::from_timestamp_secs(secs))
}

fn date_range(field: Field, range: DateRange) -> Option<Box<dyn Query>> {
    let DateRange { from, to } = range;
    if range.is_open() {
        return None;
    }
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(date_term(field, d)));
    let upper = to.map_or(Bound::Unbounded, |d| Bound::Included(date_term(field, d)));
    Some(Box::new(RangeQuery::new(lower, upper)))
}

/// The dates of `year` in the date `field`.
pub(super) fn year_range(field: Field, year: u16) -> Box<dyn Query> {
    let day = |m, d| NaiveDate::from_ymd_opt(i32::from(year), m, d);
    let range = DateRange {
        from: day(1, 1),
        to: day(12, 31),
    };
    date_range(field, range).unwrap_or_else(|| Box::new(AllQuery))
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
    let role = req.role.map_or("any", |r| r.as_str());
    if let Some(a) = &req.agency {
        // The agency as typed (`so giao duc`, `Sở GD&ĐT`): every indexed name it matches.
        let terms = tasks::agency_terms(ctx.index, role, a)?;
        let terms = if terms.is_empty() {
            vec![agency_term(role, a)]
        } else {
            terms
        };
        let any = terms
            .iter()
            .map(|t| (Occur::Should, term_query(f.agency, t)))
            .collect();
        out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if let Some(field) = &req.field {
        out.push((Occur::Must, term_query(f.field_key, &filter_key(field))));
    }
    if let Some(q) = date_range(f.issued, req.issued) {
        out.push((Occur::Must, q));
    }
    if let Some(q) = date_range(f.effective, req.effective) {
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
    if !req.status.is_empty() || req.in_force_on.is_some() {
        // Status depends on the date and on other documents: the ids that have it (issue 24).
        let ids = crate::status::documents_with(ctx.index, &req.status, req.in_force_on)?;
        if ids.is_empty() {
            out.push((Occur::MustNot, Box::new(AllQuery)));
        } else {
            let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
            out.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
    }
    if !req.deadline.is_open() {
        let ids =
            tasks::documents_with_tasks_in(ctx.index, req.deadline.from, req.deadline.to, None)?;
        // One term-set query, not up to 10,000 boolean clauses (issue 23).
        if ids.is_empty() {
            out.push((Occur::MustNot, Box::new(AllQuery)));
        } else {
            let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
            out.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
    }
    Ok(out)
}
