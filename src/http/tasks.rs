//! `GET /api/tasks`: tasks whose deadline period overlaps a period, optionally of one agency.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::Json;
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::Code;
use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::search::tasks::{self, TaskHit};

/// The query parameters of `GET /api/tasks`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// An agency in charge (chủ trì) or in support (phối hợp); diacritics and case are ignored.
    pub agency: Option<String>,
    /// Start of the period (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// End of the period (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
}

static TASK_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<TaskParams>);

/// Tasks overlapping a period.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TaskList {
    /// The tasks, each with the document that assigns it.
    pub tasks: Vec<TaskHit>,
}

/// Tasks due in a period: yearly and ongoing tasks count from their document's start on.
#[utoipa::path(
    get,
    path = "/api/tasks",
    tag = "tasks",
    params(TaskParams),
    responses(
        (status = 200, description = "The tasks", body = TaskList),
        (status = 400, description = "`bad_date`, `bad_range`, `unknown_parameter`, `bad_encoding`", body = ErrorBody),
    )
)]
pub async fn tasks(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TaskList>, AppError> {
    let p = Params::parse(raw.as_deref(), &TASK_PARAMS)?;
    let from = p.date("from")?;
    let to = p.date("to")?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::bad_request(
                Code::BadRange,
                format!("from ({f}) is after to ({t})"),
            ));
        }
    }
    let agency = p.get("agency").map(str::to_string);
    let state = s.clone();
    let tasks = s
        .read(move || tasks::tasks(&state.index, agency.as_deref(), from, to))
        .await??;
    Ok(Json(TaskList { tasks }))
}
