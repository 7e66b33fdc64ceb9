//! `GET /api/search`: query text, every filter, sort, facets and pagination, checked here so that
//! each bad value gets its own error code before the search runs.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::Json;
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::search::{self, SearchRequest, SearchResponse, Sort, MAX_LIMIT, MAX_OFFSET};

/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 10;

/// The query parameters of `GET /api/search`. Documents the route and is the one list of accepted
/// names: any other name is refused with `unknown_parameter`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Query: words (with or without diacritics), `"exact phrase"`, `-excluded`, `OR`, and
    /// document numbers (the numbered document ranks first). At most 1000 characters.
    pub q: Option<String>,
    /// Document type (`Kế hoạch`, `Quyết định`, ...); repeat or separate with commas for any of
    /// several.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub doc_type: Option<Vec<String>>,
    /// Issuing agency (`UBND tỉnh Lạng Sơn`); diacritics and case are ignored.
    pub issuer: Option<String>,
    /// An agency named in the document in the role `role` (issuer, lead or support agency).
    pub agency: Option<String>,
    /// Role of `agency`: `issuer`, `lead` (chủ trì), `support` (phối hợp) or `any` (default).
    /// Needs `agency`.
    #[param(pattern = "^(any|issuer|lead|support)$")]
    pub role: Option<String>,
    /// Lĩnh vực (field of law).
    pub field: Option<String>,
    /// Issued on or after this date (YYYY-MM-DD).
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before this date (YYYY-MM-DD).
    pub issued_to: Option<NaiveDate>,
    /// In force from on or after this date (YYYY-MM-DD).
    pub effective_from: Option<NaiveDate>,
    /// In force from on or before this date (YYYY-MM-DD).
    pub effective_to: Option<NaiveDate>,
    /// Has a task whose deadline period overlaps from this date (YYYY-MM-DD).
    pub deadline_from: Option<NaiveDate>,
    /// Has a task whose deadline period overlaps up to this date (YYYY-MM-DD).
    pub deadline_to: Option<NaiveDate>,
    /// Cites the document with this number (`1521/QĐ-TTg`).
    pub cites: Option<String>,
    /// Has this number (`176/KH-UBND`).
    pub number: Option<String>,
    /// `relevance` (default), `issued_desc` or `issued_asc`.
    pub sort: Option<Sort>,
    /// Hits per page, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Index of the first hit, 0 to 10000 (default 0).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u32>,
}

static SEARCH_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<SearchParams>);

/// Builds a [`SearchRequest`] from query parameters, refusing bad values with their own codes.
pub fn search_request(p: &Params) -> Result<SearchRequest, AppError> {
    // Over-long queries are refused by `search::query::parse` (`query_too_long`).
    let q = p.get("q").unwrap_or("").to_string();
    let limit = p.usize("limit")?.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(AppError::bad_request(
            "limit_too_large",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let offset = p.usize("offset")?.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(AppError::bad_request(
            "offset_too_large",
            format!("offset is at most {MAX_OFFSET}; narrow the search with filters instead"),
        ));
    }
    if p.get("role").is_some() && p.get("agency").is_none() {
        return Err(AppError::bad_request(
            "role_without_agency",
            "`role` qualifies `agency`; give both, e.g. agency=Sở Tư pháp&role=lead",
        ));
    }
    let req = SearchRequest {
        q,
        types: p.all("type")?,
        issuer: p.get("issuer").map(str::to_string),
        agency: p.get("agency").map(str::to_string),
        role: p.get("role").map(str::to_string),
        field: p.get("field").map(str::to_string),
        issued_from: p.date("issued_from")?,
        issued_to: p.date("issued_to")?,
        effective_from: p.date("effective_from")?,
        effective_to: p.date("effective_to")?,
        deadline_from: p.date("deadline_from")?,
        deadline_to: p.date("deadline_to")?,
        cites: p.get("cites").map(str::to_string),
        number: p.get("number").map(str::to_string),
        sort: p.get("sort").unwrap_or("relevance").parse()?,
        limit,
        offset,
    };
    for (name, from, to) in [
        ("issued", req.issued_from, req.issued_to),
        ("effective", req.effective_from, req.effective_to),
        ("deadline", req.deadline_from, req.deadline_to),
    ] {
        check_range(name, from, to)?;
    }
    Ok(req)
}

/// Refuses a range whose start is after its end (`{name}_from` > `{name}_to`).
pub fn check_range(
    name: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(), AppError> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(AppError::bad_request(
            "bad_range",
            format!("{name}_from ({f}) is after {name}_to ({t})"),
        )),
        _ => Ok(()),
    }
}

/// Searches: ranked documents with highlighted passages, facet counts and the total.
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Hits of this page, facets over all matches, the total", body = SearchResponse),
        (status = 400, description = "A bad parameter: `unknown_parameter`, `bad_encoding`, `bad_date`, `bad_range`, `bad_integer`, `bad_sort`, `bad_role`, `role_without_agency`, `bad_number`, `query_too_long`, `query_string_too_long`, `too_many_values`, `value_too_long`, `too_many_terms`, `limit_too_large`, `offset_too_large`, `empty_query`, `bad_query`", body = ErrorBody),
        (status = 503, description = "`timeout`", body = ErrorBody),
    )
)]
pub async fn search(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, AppError> {
    let p = Params::parse(raw.as_deref(), &SEARCH_PARAMS)?;
    let req = search_request(&p)?;
    let state = s.clone();
    // The deadline starts before the wait for a permit: the wait counts toward the timeout.
    let deadline = s.deadline();
    let res = s
        .read(move || search::search_until(&state.index, &req, deadline))
        .await??;
    Ok(Json(res))
}
