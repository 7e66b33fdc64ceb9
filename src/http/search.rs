//! `GET /api/search`: query text, every filter, sort, facets and pagination, checked here so that
//! each bad value gets its own error code before the search runs.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::Json;
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::Code;
use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::search::{self as engine, SearchRequest, SearchResponse, Sort};

/// Page size when `limit` is not given.
pub use crate::search::request::DEFAULT_LIMIT;

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
    /// Status (hiệu lực) today, one or several separated by commas: `in_force`,
    /// `not_yet_in_force`, `partly_expired`, `expired`, `unknown`.
    pub status: Option<String>,
    /// In force (wholly or partly) on this date (YYYY-MM-DD).
    pub in_force_on: Option<NaiveDate>,
    /// `relevance` (default), `issued_desc` or `issued_asc`.
    pub sort: Option<Sort>,
    /// Hits per page, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Index of the first hit, 0 to 10000 (default 0).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u32>,
}

/// The parameters `/api/search` takes.
pub(crate) static SEARCH_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<SearchParams>);

/// Builds a [`SearchRequest`] from query parameters: malformed integers are refused here
/// (`bad_integer`); every other check is [`engine::SearchParams::into_request`]'s, shared with the CLI.
pub fn search_request(p: &Params) -> Result<SearchRequest, AppError> {
    // Over-long queries are refused by `search::query::parse` (`query_too_long`).
    let text = |name: &str| p.get(name).map(str::to_string);
    let params = engine::SearchParams {
        q: text("q"),
        types: p.all("type")?,
        issuer: text("issuer"),
        agency: text("agency"),
        role: text("role"),
        field: text("field"),
        issued_from: text("issued_from"),
        issued_to: text("issued_to"),
        effective_from: text("effective_from"),
        effective_to: text("effective_to"),
        deadline_from: text("deadline_from"),
        deadline_to: text("deadline_to"),
        cites: text("cites"),
        number: text("number"),
        status: text("status"),
        in_force_on: text("in_force_on"),
        sort: text("sort"),
        limit: p.usize("limit")?,
        offset: p.usize("offset")?,
    };
    Ok(params.into_request()?)
}

/// Refuses a range whose start is after its end (`{name}_from` > `{name}_to`).
pub fn check_range(
    name: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(), AppError> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(AppError::bad_request(
            Code::BadRange,
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
        (status = 400, description = "A bad parameter: `unknown_parameter`, `bad_encoding`, `bad_date`, `bad_range`, `bad_integer`, `bad_sort`, `bad_role`, `role_without_agency`, `bad_number`, `query_too_long`, `too_many_terms`, `limit_too_large`, `offset_too_large`, `empty_query`", body = ErrorBody),
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
        .read(move || state.engine.search_until(&req, deadline))
        .await??;
    Ok(Json(res))
}
