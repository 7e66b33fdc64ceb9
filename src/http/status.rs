//! The status (hiệu lực) of a number and a document's lược đồ (issue 24): thin handlers over
//! [`crate::status`].

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use once_cell::sync::Lazy;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::Code;
use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::status::{self, Lineage, NumberStatus};

/// The query parameters of `/api/status`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusParams {
    /// A document number as written (`619/QĐ-TTg`, `Số: 25/2021/QĐ-TTg`); indexed or not.
    pub number: String,
    /// The date the status is asked for, YYYY-MM-DD or DD/MM/YYYY (default: today in Vietnam).
    pub on: Option<String>,
}

/// The query parameters of `/api/documents/{id}/lineage`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParams {
    /// The date the statuses are asked for (default: today in Vietnam).
    pub on: Option<String>,
}

static STATUS_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<StatusParams>);
static ON_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<OnParams>);

fn on_of(p: &Params) -> Result<chrono::NaiveDate, AppError> {
    Ok(match p.get("on") {
        Some(d) => crate::search::parse_date("on", d)?,
        None => status::today(),
    })
}

/// The status of any number on a date, from the documents' own words: what the indexed record
/// states and the changes the indexed documents state about it, each with its evidence.
#[utoipa::path(
    get,
    path = "/api/status",
    tag = "documents",
    params(StatusParams),
    responses(
        (status = 200, description = "The status (`unknown` when nothing is known)", body = NumberStatus),
        (status = 400, description = "`missing_parameter`, `bad_number`, `bad_date`, `unknown_parameter`, `bad_encoding`", body = ErrorBody),
    )
)]
pub async fn status(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<NumberStatus>, AppError> {
    let p = Params::parse(raw.as_deref(), &STATUS_PARAMS)?;
    let written = p.get("number").ok_or_else(|| {
        AppError::bad_request(
            Code::MissingParameter,
            "give `number`, e.g. ?number=619/QĐ-TTg",
        )
    })?;
    let key = crate::search::number_param("number", written)?;
    let on = on_of(&p)?;
    let state = s.clone();
    let found = s
        .read(move || status::status_of_number(&state.index, &key, on))
        .await??;
    Ok(Json(found))
}

/// A document's lược đồ: its status, what it cites or changes (each document once, with its
/// places and its own status), what changed it, and the changes aimed at each article.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/lineage",
    tag = "documents",
    params(("id" = String, Path, description = "Document id"), OnParams),
    responses(
        (status = 200, description = "The lược đồ", body = Lineage),
        (status = 400, description = "`bad_date`, `unknown_parameter`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn lineage(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Lineage>, AppError> {
    let p = Params::parse(raw.as_deref(), &ON_PARAMS)?;
    let on = on_of(&p)?;
    let state = s.clone();
    let found = s
        .read(move || -> Result<Lineage, AppError> {
            let doc = state
                .index
                .get(&id)?
                .ok_or_else(|| AppError::not_found(format!("no document with id `{id}`")))?;
            Ok(status::book(&state.index)?.lineage(&doc, on))
        })
        .await??;
    Ok(Json(found))
}
