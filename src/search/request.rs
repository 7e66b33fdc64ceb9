//! A search request: the one validated shape the HTTP API and the CLI both build, from the
//! same strings ([`SearchParams`]), with the same checks and error codes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::document::Role;
use crate::error::{Code, Error, Result};
use crate::params::parse_date;

/// Most hits a page may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset a page may start at.
pub const MAX_OFFSET: usize = 10_000;
/// Page size when none is given.
pub const DEFAULT_LIMIT: usize = 10;

/// Agency roles accepted by the `role` filter (`any`: every role).
pub const ROLES: [&str; 4] = ["any", "issuer", "lead", "support"];

/// Sort orders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest issue date first.
    IssuedDesc,
    /// Oldest issue date first.
    IssuedAsc,
}

impl std::str::FromStr for Sort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "" | "relevance" => Ok(Sort::Relevance),
            "issued_desc" => Ok(Sort::IssuedDesc),
            "issued_asc" => Ok(Sort::IssuedAsc),
            other => Err(Error::bad_request(
                Code::BadSort,
                format!("sort `{other}` is unknown; use relevance, issued_desc or issued_asc"),
            )),
        }
    }
}

/// A range of dates, either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// On or after.
    pub from: Option<NaiveDate>,
    /// On or before.
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// The range `from..=to` of the parameters `{name}_from`, `{name}_to`; one that ends before
    /// it starts is a `bad_range` error.
    pub fn new(name: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Self> {
        match (from, to) {
            (Some(f), Some(t)) if f > t => Err(Error::bad_request(
                Code::BadRange,
                format!("{name}_from ({f}) is after {name}_to ({t})"),
            )),
            _ => Ok(DateRange { from, to }),
        }
    }

    /// True when neither end is given.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// A page of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Hits on the page (1 to [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits before it (at most [`MAX_OFFSET`]).
    pub offset: usize,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

/// How far a paged list reaches: its largest page and deepest offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBounds {
    /// Most items on a page.
    pub max_limit: usize,
    /// Deepest offset.
    pub max_offset: usize,
    /// Said after an offset too deep (what to do instead), or empty.
    pub offset_hint: &'static str,
}

/// The pages of a search's hits.
pub const SEARCH_PAGES: PageBounds = PageBounds {
    max_limit: MAX_LIMIT,
    max_offset: MAX_OFFSET,
    offset_hint: "; narrow the search with filters instead",
};

impl Page {
    /// A checked page of search hits.
    pub fn new(limit: usize, offset: usize) -> Result<Self> {
        Self::within(limit, offset, &SEARCH_PAGES)
    }

    /// A page checked against `bounds`: `limit` from 1 to its largest page (`limit_too_large`),
    /// `offset` at most its deepest (`offset_too_large`).
    pub fn within(limit: usize, offset: usize, bounds: &PageBounds) -> Result<Self> {
        let page = Page { limit, offset };
        if limit == 0 {
            return Err(Error::bad_request(
                Code::LimitTooLarge,
                format!("limit must be between 1 and {}", bounds.max_limit),
            ));
        }
        page.check_within(bounds)?;
        Ok(page)
    }

    /// Refuses a page of hits beyond the bounds (`limit_too_large`, `offset_too_large`).
    pub fn check(&self) -> Result<()> {
        self.check_within(&SEARCH_PAGES)
    }

    fn check_within(&self, bounds: &PageBounds) -> Result<()> {
        if self.limit > bounds.max_limit {
            return Err(Error::bad_request(
                Code::LimitTooLarge,
                format!("limit must be between 1 and {}", bounds.max_limit),
            ));
        }
        if self.offset > bounds.max_offset {
            return Err(Error::bad_request(
                Code::OffsetTooLarge,
                format!(
                    "offset is at most {}{}",
                    bounds.max_offset, bounds.offset_hint
                ),
            ));
        }
        Ok(())
    }
}

/// A search: query text plus filters, sort and page.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query in the query language of [`super::query`].
    pub q: String,
    /// Document types (any of them).
    pub types: Vec<String>,
    /// Issuing agency.
    pub issuer: Option<String>,
    /// Agency in any role, or in `role`.
    pub agency: Option<String>,
    /// The role of `agency`; `None`: any role.
    pub role: Option<Role>,
    /// Lĩnh vực.
    pub field: Option<String>,
    /// Issue date.
    pub issued: DateRange,
    /// In force from.
    pub effective: DateRange,
    /// A task deadline overlapping the range.
    pub deadline: DateRange,
    /// Cites this number.
    pub cites: Option<String>,
    /// Has this number.
    pub number: Option<String>,
    /// Its status (hiệu lực) today is one of these (issue 24).
    pub status: Vec<crate::validity::State>,
    /// In force (wholly or partly) on this date.
    pub in_force_on: Option<NaiveDate>,
    /// Sort order.
    pub sort: Sort,
    /// The page of hits.
    pub page: Page,
}

impl SearchRequest {
    /// A relevance search for `q` with the default page.
    pub fn new(q: impl Into<String>) -> Self {
        SearchRequest {
            q: q.into(),
            ..SearchRequest::default()
        }
    }

    /// True when any filter is set.
    pub fn has_filter(&self) -> bool {
        !self.types.is_empty()
            || self.issuer.is_some()
            || self.agency.is_some()
            || self.field.is_some()
            || !self.issued.is_open()
            || !self.effective.is_open()
            || !self.deadline.is_open()
            || self.cites.is_some()
            || self.number.is_some()
            || !self.status.is_empty()
            || self.in_force_on.is_some()
    }
}

/// A search as written: every value a string, as a query string or a command line gives it.
/// [`SearchParams::into_request`] is the one place they are checked. `vanban search` takes these
/// as its arguments (clap, flattened into `src/cli/search.rs`) and the HTTP API fills them from
/// the query string (`http/search.rs`): a new filter is a field here, its check below, and its
/// parameter in `http::search::SearchParams` (which documents the route).
#[derive(Debug, Clone, Default, Deserialize, clap::Args)]
pub struct SearchParams {
    /// Query: words, "phrase", -exclude, OR, document numbers.
    // Required on the command line; the API accepts a search by filters alone.
    #[arg(required = true, value_name = "QUERY")]
    pub q: Option<String>,
    /// Document type (repeatable).
    #[arg(long = "type")]
    pub types: Vec<String>,
    /// Issuing agency.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Agency in any role, or in --role.
    #[arg(long)]
    pub agency: Option<String>,
    /// issuer, lead, support or any.
    #[arg(long)]
    pub role: Option<String>,
    /// Lĩnh vực.
    #[arg(long)]
    pub field: Option<String>,
    /// Issued on or after (YYYY-MM-DD).
    #[arg(long)]
    pub issued_from: Option<String>,
    /// Issued on or before (YYYY-MM-DD).
    #[arg(long)]
    pub issued_to: Option<String>,
    /// In force from on or after (YYYY-MM-DD).
    #[arg(long)]
    pub effective_from: Option<String>,
    /// In force from on or before (YYYY-MM-DD).
    #[arg(long)]
    pub effective_to: Option<String>,
    /// A task due on or after (YYYY-MM-DD).
    #[arg(long)]
    pub deadline_from: Option<String>,
    /// A task due on or before (YYYY-MM-DD).
    #[arg(long)]
    pub deadline_to: Option<String>,
    /// Cites this document number.
    #[arg(long)]
    pub cites: Option<String>,
    /// Has this number (`176/KH-UBND`).
    #[arg(long)]
    pub number: Option<String>,
    /// Status (hiệu lực) today, comma-separated: in_force, partly_expired, expired,
    /// not_yet_in_force, unknown (as the API's `status`).
    #[serde(default)]
    #[arg(long)]
    pub status: Option<String>,
    /// In force (wholly or partly) on this date (YYYY-MM-DD).
    #[serde(default)]
    #[arg(long)]
    pub in_force_on: Option<String>,
    /// relevance, issued_desc or issued_asc.
    #[arg(long, default_value = "relevance")]
    pub sort: Option<String>,
    /// Hits per page (max 100).
    #[arg(long, default_value = "10")]
    pub limit: Option<usize>,
    /// Page start.
    #[arg(long, default_value = "0")]
    pub offset: Option<usize>,
}

impl SearchParams {
    /// The checked request: page bounds, `role` (known, and with `agency`), dates, sort and
    /// ranges, each refused with its own code.
    pub fn into_request(self) -> Result<SearchRequest> {
        let page = Page::new(
            self.limit.unwrap_or(DEFAULT_LIMIT),
            self.offset.unwrap_or(0),
        )?;
        if self.role.is_some() && self.agency.is_none() {
            return Err(Error::bad_request(
                Code::RoleWithoutAgency,
                "`role` qualifies `agency`; give both, e.g. agency=Sở Tư pháp&role=lead",
            ));
        }
        let role = match self.role.as_deref().unwrap_or("any") {
            "any" => None,
            name => match Role::named(name) {
                Some(r @ (Role::Issuer | Role::Lead | Role::Support)) => Some(r),
                _ => {
                    return Err(Error::bad_request(
                        Code::BadRole,
                        format!("role `{name}` is unknown; use issuer, lead, support or any"),
                    ))
                }
            },
        };
        let date =
            |name: &str, v: &Option<String>| v.as_deref().map(|v| parse_date(name, v)).transpose();
        let issued_from = date("issued_from", &self.issued_from)?;
        let issued_to = date("issued_to", &self.issued_to)?;
        let effective_from = date("effective_from", &self.effective_from)?;
        let effective_to = date("effective_to", &self.effective_to)?;
        let deadline_from = date("deadline_from", &self.deadline_from)?;
        let deadline_to = date("deadline_to", &self.deadline_to)?;
        let sort = self.sort.as_deref().unwrap_or("relevance").parse()?;
        let in_force_on = date("in_force_on", &self.in_force_on)?;
        let status = crate::status::states_param(self.status.as_deref())?;
        Ok(SearchRequest {
            q: self.q.unwrap_or_default(),
            types: self.types,
            issuer: self.issuer,
            agency: self.agency,
            role,
            field: self.field,
            issued: DateRange::new("issued", issued_from, issued_to)?,
            effective: DateRange::new("effective", effective_from, effective_to)?,
            deadline: DateRange::new("deadline", deadline_from, deadline_to)?,
            cites: self.cites,
            number: self.number,
            status,
            in_force_on,
            sort,
            page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(p: SearchParams) -> Code {
        match p.into_request() {
            Err(Error::BadRequest { code, .. }) => code,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn every_bad_value_has_its_own_code() {
        let p = || SearchParams {
            q: Some("luật".into()),
            ..SearchParams::default()
        };
        assert_eq!(
            code(SearchParams {
                limit: Some(0),
                ..p()
            }),
            Code::LimitTooLarge
        );
        assert_eq!(
            code(SearchParams {
                limit: Some(101),
                ..p()
            }),
            Code::LimitTooLarge
        );
        let deep = SearchParams {
            offset: Some(MAX_OFFSET + 1),
            ..p()
        };
        assert_eq!(code(deep), Code::OffsetTooLarge);
        let lone = SearchParams {
            role: Some("lead".into()),
            ..p()
        };
        assert_eq!(code(lone), Code::RoleWithoutAgency);
        let boss = SearchParams {
            role: Some("boss".into()),
            agency: Some("Sở Tư pháp".into()),
            ..p()
        };
        assert_eq!(code(boss), Code::BadRole);
        let day = SearchParams {
            issued_from: Some("2020-13-01".into()),
            ..p()
        };
        assert_eq!(code(day), Code::BadDate);
        let backwards = SearchParams {
            issued_from: Some("2021-01-01".into()),
            issued_to: Some("2020-01-01".into()),
            ..p()
        };
        assert_eq!(code(backwards), Code::BadRange);
        assert_eq!(
            code(SearchParams {
                sort: Some("x".into()),
                ..p()
            }),
            Code::BadSort
        );
    }

    #[test]
    fn good_values_make_a_typed_request() {
        let req = SearchParams {
            q: Some("kế hoạch".into()),
            agency: Some("Sở Tư pháp".into()),
            role: Some("lead".into()),
            issued_from: Some("01/10/2020".into()),
            sort: Some("issued_desc".into()),
            limit: Some(20),
            offset: Some(40),
            number: Some("176/KH-UBND".into()),
            ..SearchParams::default()
        }
        .into_request()
        .unwrap();
        assert_eq!(req.role, Some(Role::Lead));
        assert_eq!(req.issued.from, NaiveDate::from_ymd_opt(2020, 10, 1));
        assert_eq!(req.sort, Sort::IssuedDesc);
        assert_eq!(
            req.page,
            Page {
                limit: 20,
                offset: 40
            }
        );
        assert!(req.has_filter());
        assert_eq!(SearchRequest::new("x").page.limit, DEFAULT_LIMIT);
    }
}
