//! `GET /api/tasks`: tasks due in a period, of an agency as typed, in a role, by status; the same
//! list as CSV (`/api/tasks.csv`) and XLSX (`/api/tasks.xlsx`); the page "Việc theo cơ quan"
//! (`/tasks`) that shows and exports it.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::document::Role;
use crate::error::Code;
use crate::http::error::{AppError, ErrorBody};
use crate::http::params::{allowed_names, Params};
use crate::http::AppState;
use crate::search::tasks::{self, Status, TaskPage, TaskQuery, TaskSort};

/// Tasks per page when `limit` is not given.
const DEFAULT_LIMIT: usize = 50;
/// Most tasks per page (and per export).
const MAX_LIMIT: usize = 5_000;

/// The query parameters of `GET /api/tasks` (and of its CSV and XLSX exports).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// An agency as typed: case, diacritics and known abbreviations are ignored, and a prefix
    /// finds the full name (`so giao duc`, `Sở GD&ĐT`, `UBND các huyện`); closest first.
    pub agency: Option<String>,
    /// The agency's role: `lead` (chủ trì), `support` (phối hợp), `monitor` (theo dõi, đôn đốc).
    pub role: Option<String>,
    /// Due from this day (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Due up to this day (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
    /// `overdue` (due before today, no later report says it was done), `upcoming` (due in the
    /// next 30 days), `ongoing` (continuous), `done` (a later report naming the plan says so).
    pub status: Option<String>,
    /// One document, by id or number.
    pub document: Option<String>,
    /// Words the task's text must hold.
    pub q: Option<String>,
    /// `due` (next due date first, the default) or `document`.
    pub sort: Option<String>,
    /// Tasks per page (default 50, at most 5000).
    pub limit: Option<usize>,
    /// Tasks skipped.
    pub offset: Option<usize>,
    /// The day statuses are computed on (default: today).
    pub today: Option<NaiveDate>,
}

static TASK_PARAMS: Lazy<Vec<String>> = Lazy::new(allowed_names::<TaskParams>);

/// Reads and checks the parameters into a query.
fn task_query(raw: Option<&str>) -> Result<TaskQuery, AppError> {
    let p = Params::parse(raw, &TASK_PARAMS)?;
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
    let role = match p.get("role") {
        None => None,
        Some(name) => match Role::named(name) {
            Some(r @ (Role::Lead | Role::Support | Role::Monitor)) => Some(r),
            _ => {
                return Err(AppError::bad_request(
                    Code::BadRole,
                    format!("role=`{name}` is not one of lead, support, monitor"),
                ))
            }
        },
    };
    let status = match p.get("status") {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            AppError::bad_request(
                Code::BadStatus,
                format!("status=`{s}` is not one of overdue, upcoming, ongoing, done"),
            )
        })?),
    };
    let sort = match p.get("sort") {
        None | Some("due") => TaskSort::Due,
        Some("document") => TaskSort::Document,
        Some(other) => {
            return Err(AppError::bad_request(
                Code::BadSort,
                format!("sort=`{other}` is not one of due, document"),
            ))
        }
    };
    let limit = p.usize("limit")?.unwrap_or(DEFAULT_LIMIT);
    if limit > MAX_LIMIT {
        return Err(AppError::bad_request(
            Code::BadLimit,
            format!("limit={limit} is over {MAX_LIMIT}"),
        ));
    }
    Ok(TaskQuery {
        agency: p.get("agency").map(str::to_string),
        role,
        from,
        to,
        status,
        document: p.get("document").map(str::to_string),
        q: p.get("q").map(str::to_string),
        sort,
        today: p
            .date("today")?
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        limit,
        offset: p.usize("offset")?.unwrap_or(0),
    })
}

/// Runs a query on the blocking pool.
async fn page_of(s: Arc<AppState>, raw: Option<String>) -> Result<TaskPage, AppError> {
    let query = task_query(raw.as_deref())?;
    let state = s.clone();
    Ok(s.read(move || tasks::task_page(&state.index, &query))
        .await??)
}

/// Tasks due in a period, of an agency in a role, by status; `total` counts every page.
#[utoipa::path(
    get,
    path = "/api/tasks",
    tag = "tasks",
    params(TaskParams),
    responses(
        (status = 200, description = "One page of tasks and the total", body = TaskPage),
        (status = 400, description = "`bad_date`, `bad_range`, `bad_role`, `bad_status`, `bad_sort`, `bad_limit`, `bad_integer`, `unknown_parameter`, `bad_encoding`", body = ErrorBody),
    )
)]
pub async fn tasks(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TaskPage>, AppError> {
    Ok(Json(page_of(s, raw).await?))
}

/// The same tasks as CSV (UTF-8 with a byte-order mark, for Excel).
#[utoipa::path(
    get,
    path = "/api/tasks.csv",
    tag = "tasks",
    params(TaskParams),
    responses(
        (status = 200, description = "The tasks as CSV", content_type = "text/csv", body = String),
        (status = 400, description = "As `/api/tasks`", body = ErrorBody),
    )
)]
pub async fn tasks_csv(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<impl IntoResponse, AppError> {
    let page = page_of(s, raw).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"viec-theo-co-quan.csv\"",
            ),
        ],
        tasks::to_csv(&page.tasks),
    ))
}

/// The same tasks as an Excel workbook.
#[utoipa::path(
    get,
    path = "/api/tasks.xlsx",
    tag = "tasks",
    params(TaskParams),
    responses(
        (status = 200, description = "The tasks as XLSX", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "As `/api/tasks`", body = ErrorBody),
    )
)]
pub async fn tasks_xlsx(
    State(s): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<impl IntoResponse, AppError> {
    let page = page_of(s, raw).await?;
    let bytes = tasks::to_xlsx(&page.tasks)
        .map_err(|e| AppError::internal(format!("the workbook cannot be written: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"viec-theo-co-quan.xlsx\"",
            ),
        ],
        bytes,
    ))
}

const TASKS_PAGE: &str = include_str!("../../assets/tasks.html");
const TASKS_JS: &str = include_str!("../../assets/tasks.js");

/// The page loads only its own script and style.
const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/// The page "Việc theo cơ quan": pick an agency and a period; the tasks due, overdue and
/// upcoming, with their document, section, deadline and roles; CSV and XLSX downloads.
#[utoipa::path(
    get,
    path = "/tasks",
    tag = "portal",
    responses((status = 200, description = "The task board", content_type = "text/html", body = String))
)]
pub async fn tasks_page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        TASKS_PAGE,
    )
}

/// The task board's script.
#[utoipa::path(
    get,
    path = "/assets/tasks.js",
    tag = "portal",
    responses((status = 200, description = "The task board's script", content_type = "text/javascript", body = String))
)]
pub async fn tasks_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        TASKS_JS,
    )
}
