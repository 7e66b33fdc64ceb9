//! Tasks across documents, as officers track them: which agency must do what by when.
//!
//! A task's deadline means "due": a due date (`trước ngày 15/4/2026`) or a due period (`Quý IV
//! năm 2020`), and "due in [from, to]" means the due date or period falls in that range. A
//! recurring task (`hằng năm`, `hằng quý`, `ngày 05 hằng tháng`) is due at each occurrence from its
//! plan's start (issue date, or a draft's date line) to its end (the plan's period, when stated);
//! a continuous one (`thường xuyên`) is due over that span. A task without a deadline is only
//! listed when no range is asked for.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur};
use tantivy::TantivyDocument;

use super::reports::{done_reports, later_reports, LaterReport, Reports};
use crate::document::{Period, Role, Task};
use crate::error::Result;
use crate::index::{term_query, VanbanIndex, FLAG_TASKS, KIND_DOC};
use crate::keys::agency::agency_closeness;

/// Most documents with tasks scanned per request.
const MAX_TASK_DOCUMENTS: usize = 10_000;

/// How many days ahead an upcoming task is due.
pub const UPCOMING_DAYS: i64 = 30;

/// Where a task stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A later report naming its plan (by number or description) says it was done.
    Done,
    /// Its due date has passed and no later report says it was done.
    Overdue,
    /// Due within the next [`UPCOMING_DAYS`] days.
    Upcoming,
    /// Continuous or recurring, and running today.
    Ongoing,
    /// Due later.
    Later,
    /// No due date can be computed.
    Undated,
}

impl Status {
    /// Parses `overdue`, `upcoming`, `ongoing`, `done`.
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "done" => Some(Status::Done),
            "overdue" => Some(Status::Overdue),
            "upcoming" => Some(Status::Upcoming),
            "ongoing" => Some(Status::Ongoing),
            _ => None,
        }
    }

    /// The Vietnamese label (`Quá hạn`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Đã hoàn thành",
            Status::Overdue => "Quá hạn",
            Status::Upcoming => "Sắp đến hạn",
            Status::Ongoing => "Thường xuyên",
            Status::Later => "Chưa đến hạn",
            Status::Undated => "Không có hạn",
        }
    }
}

/// How a task list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskSort {
    /// By next due date, undated last.
    #[default]
    Due,
    /// By document, then in document order.
    Document,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    /// An agency as typed (`so giao duc`, `Sở GD&ĐT`), matched by closeness.
    pub agency: Option<String>,
    /// The role the agency plays; any role when `None`.
    pub role: Option<Role>,
    /// Due in this range (each bound optional).
    pub from: Option<NaiveDate>,
    /// See `from`.
    pub to: Option<NaiveDate>,
    /// Only tasks in this status (on `today`).
    pub status: Option<Status>,
    /// One document, by id or number.
    pub document: Option<String>,
    /// Words the task's text must hold (case and diacritics ignored).
    pub q: Option<String>,
    /// The order.
    pub sort: TaskSort,
    /// The day statuses are computed on.
    pub today: NaiveDate,
    /// Page size.
    pub limit: usize,
    /// Tasks skipped.
    pub offset: usize,
}

/// A task with the document that assigns it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TaskHit {
    /// Document id.
    pub doc_id: String,
    /// Document number.
    pub number: Option<String>,
    /// Document title.
    pub title: Option<String>,
    /// The next due date on `today` (the due date; for a recurring task its next occurrence's
    /// last day), when one can be computed.
    pub due: Option<NaiveDate>,
    /// Where the task stands.
    pub status: Status,
    /// How closely the asked agency names one of the task's (higher is closer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closeness: Option<u32>,
    /// The later report that says the task was done (its status is then `done`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_in: Option<DoneReport>,
    /// The task.
    #[schema(value_type = Object)]
    pub task: Task,
}

/// A later report on a plan (citing its number or naming it by description) that says one of
/// its tasks was done.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DoneReport {
    /// The report's id.
    pub doc_id: String,
    /// Its number.
    pub number: Option<String>,
    /// Its date.
    pub issued: Option<NaiveDate>,
    /// The sentence saying the task was done.
    pub text: String,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The sentence naming the plan when the report does not cite its number (`Kế hoạch CCHC
    /// nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_as: Option<String>,
}

/// One page of tasks.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TaskPage {
    /// How many tasks match, over all pages.
    pub total: usize,
    /// The tasks of this page.
    pub tasks: Vec<TaskHit>,
    /// When one document is asked for (`document=`): the later reports on it, citing its number
    /// or naming it by description.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later_reports: Vec<LaterReport>,
}

/// The first day of each occurrence of a recurring period and its last day, for the occurrence
/// holding `day`.
fn occurrence(period: &Period, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let (y, m) = (day.year(), day.month());
    let (first_month, months) = match period {
        Period::Yearly => (1, 12),
        Period::Quarterly => ((m - 1) / 3 * 3 + 1, 3),
        Period::Monthly => (m, 1),
        _ => return None,
    };
    let start = NaiveDate::from_ymd_opt(y, first_month, 1)?;
    let next = start.checked_add_months(chrono::Months::new(months))?;
    Some((start, next.pred_opt()?))
}

/// True when a task due in `period`, whose plan runs from `starts` to `ends`, is due in
/// `from..=to` (each bound optional).
pub fn due_in(
    period: &Period,
    starts: Option<NaiveDate>,
    ends: Option<NaiveDate>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> bool {
    match period {
        Period::Range { from: f, to: t } => {
            let f = f.unwrap_or(*t);
            from.is_none_or(|q| *t >= q) && to.is_none_or(|q| f <= q)
        }
        Period::Yearly | Period::Quarterly | Period::Monthly | Period::Ongoing => {
            let after_start = match (starts, to) {
                (Some(s), Some(t)) => s <= t,
                _ => true,
            };
            let before_end = match (ends, from) {
                (Some(e), Some(f)) => e >= f,
                _ => true,
            };
            after_start && before_end
        }
    }
}

/// The next due date and the status of a task on `today`.
pub fn status_of(task: &Task, today: NaiveDate) -> (Option<NaiveDate>, Status) {
    let Some(period) = &task.period else {
        return (None, Status::Undated);
    };
    let soon = today + Duration::days(UPCOMING_DAYS);
    match period {
        Period::Range { to, .. } => {
            let status = if *to < today {
                Status::Overdue
            } else if *to <= soon {
                Status::Upcoming
            } else {
                Status::Later
            };
            (Some(*to), status)
        }
        Period::Ongoing => {
            let running =
                task.starts.is_none_or(|s| s <= soon) && task.ends.is_none_or(|e| e >= today);
            (
                None,
                if running {
                    Status::Ongoing
                } else {
                    Status::Later
                },
            )
        }
        recurring => {
            let day = task.starts.filter(|s| *s > today).unwrap_or(today);
            let next = occurrence(recurring, day).map(|(_, last)| last);
            let next = next.filter(|n| task.ends.is_none_or(|e| *n <= e));
            let status = match next {
                Some(n) if n <= soon => Status::Upcoming,
                Some(_) => Status::Later,
                None => Status::Overdue,
            };
            (next, status)
        }
    }
}

/// The agencies of a task in a role (every role when `None`).
fn agencies_in_role(task: &Task, role: Option<Role>) -> Vec<&String> {
    let mut out: Vec<&String> = Vec::new();
    if matches!(role, None | Some(Role::Lead)) {
        out.extend(&task.lead);
    }
    if matches!(role, None | Some(Role::Support)) {
        out.extend(&task.support);
    }
    if matches!(role, None | Some(Role::Monitor)) {
        out.extend(&task.monitor);
    }
    out
}

/// Every task of the index that matches `query`, before paging.
pub fn all_tasks(index: &VanbanIndex, query: &TaskQuery) -> Result<Vec<TaskHit>> {
    tasks_with(index, query, &Reports::default())
}

/// [`all_tasks`], with the reports read once per listing (`reports` is shared with the
/// listing's `later_reports`).
fn tasks_with(index: &VanbanIndex, query: &TaskQuery, reports: &Reports) -> Result<Vec<TaskHit>> {
    let f = index.fields();
    let searcher = index.searcher();
    let q = BooleanQuery::new(vec![
        (Occur::Must, term_query(f.kind, KIND_DOC)),
        (Occur::Must, term_query(f.flags, FLAG_TASKS)),
    ]);
    let top = searcher.search(&q, &TopDocs::with_limit(MAX_TASK_DOCUMENTS))?;
    let words: Vec<String> = query
        .q
        .as_deref()
        .map(|q| {
            crate::text::fold(q)
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let document = query
        .document
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let mut out = Vec::new();
    for (_, addr) in top {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let doc = index.stored_document(&stored)?;
        if let Some(d) = document {
            let by_number = doc
                .number
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(d))
                || doc
                    .number_key
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(d));
            if doc.id != d && !by_number {
                continue;
            }
        }
        let start = doc.effective.or(doc.issued);
        let done = done_reports(index, &doc, reports)?;
        for (task, done_in) in doc.tasks.iter().zip(done) {
            let mut task = task.clone();
            task.starts = task.starts.or(start);
            let in_range = match &task.period {
                Some(p) => due_in(p, task.starts, task.ends, query.from, query.to),
                None => query.from.is_none() && query.to.is_none(),
            };
            if !in_range {
                continue;
            }
            let closeness = match &query.agency {
                Some(a) => {
                    let best = agencies_in_role(&task, query.role)
                        .into_iter()
                        .filter_map(|n| agency_closeness(a, n))
                        .max();
                    if best.is_none() {
                        continue;
                    }
                    best
                }
                None => {
                    if query.role.is_some() && agencies_in_role(&task, query.role).is_empty() {
                        continue;
                    }
                    None
                }
            };
            if !words.is_empty() {
                let text = crate::text::fold(&task.text);
                if !words.iter().all(|w| text.contains(w.as_str())) {
                    continue;
                }
            }
            let (due, status) = status_of(&task, query.today);
            let status = if done_in.is_some() {
                Status::Done
            } else {
                status
            };
            if query.status.is_some_and(|s| s != status) {
                continue;
            }
            out.push(TaskHit {
                doc_id: doc.id.clone(),
                number: doc.number.clone(),
                title: doc.title.clone(),
                due,
                status,
                closeness,
                done_in,
                task,
            });
        }
    }
    // The closest agencies first (a typed prefix finds the full name before a longer one),
    // then by the order asked for; the sort is stable, so document order breaks ties.
    match query.sort {
        TaskSort::Due => out.sort_by(|a, b| {
            b.closeness
                .cmp(&a.closeness)
                .then_with(|| (a.due.is_none(), a.due).cmp(&(b.due.is_none(), b.due)))
        }),
        TaskSort::Document => out.sort_by(|a, b| {
            b.closeness
                .cmp(&a.closeness)
                .then_with(|| a.doc_id.cmp(&b.doc_id))
        }),
    }
    Ok(out)
}

/// One page of the tasks matching `query`, with the total.
pub fn task_page(index: &VanbanIndex, query: &TaskQuery) -> Result<TaskPage> {
    let reports = Reports::default();
    let all = tasks_with(index, query, &reports)?;
    let total = all.len();
    let all_ids: Vec<String> = match query.document {
        Some(_) => all.iter().map(|h| h.doc_id.clone()).collect(),
        None => Vec::new(),
    };
    let tasks = all
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    let later_reports = match one_document(&all_ids) {
        Some(id) => match index.get(id)? {
            Some(doc) => later_reports(index, &doc, &reports)?,
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    Ok(TaskPage {
        total,
        tasks,
        later_reports,
    })
}

/// The one document all of `ids` name, if they name one.
fn one_document(ids: &[String]) -> Option<&str> {
    let first = ids.first()?;
    ids.iter().all(|i| i == first).then_some(first.as_str())
}

/// Most indexed agencies an agency filter typed by a person expands to.
const MAX_AGENCY_TERMS: usize = 32;

/// The indexed agency terms (`role:folded-key`) that an agency as typed names in `role` (`any`,
/// `issuer`, `lead`, `support`, `monitor`), closest first: `so giao duc` and `Sở GD&ĐT` find
/// `lead:so giao duc va dao tao`. Used by the search's agency filter.
pub fn agency_terms(index: &VanbanIndex, role: &str, typed: &str) -> Result<Vec<String>> {
    let f = index.fields();
    let searcher = index.searcher();
    let prefix = format!("{role}:");
    let mut found: Vec<(u32, String)> = Vec::new();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(f.agency)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let Some(key) = term.strip_prefix(&prefix) else {
                break;
            };
            if found.iter().any(|(_, t)| t == term) {
                continue;
            }
            if let Some(score) = agency_closeness(typed, key) {
                found.push((score, term.to_string()));
            }
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(found
        .into_iter()
        .take(MAX_AGENCY_TERMS)
        .map(|(_, t)| t)
        .collect())
}

/// Tasks due in `from..=to` (each bound optional), of `agency` (any role) when given, in
/// document order.
pub fn tasks(
    index: &VanbanIndex,
    agency: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<TaskHit>> {
    let query = TaskQuery {
        agency: agency.map(str::to_string),
        from,
        to,
        sort: TaskSort::Document,
        today: chrono::Local::now().date_naive(),
        limit: usize::MAX,
        ..TaskQuery::default()
    };
    all_tasks(index, &query)
}

/// Ids of documents with a task in the period (for the `deadline_from`/`deadline_to` filters).
pub fn documents_with_tasks_in(
    index: &VanbanIndex,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    agency: Option<&str>,
) -> Result<Vec<String>> {
    let mut ids: Vec<String> = tasks(index, agency, from, to)?
        .into_iter()
        .map(|t| t.doc_id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The columns of an exported task list (CSV and XLSX), in Vietnamese as officers read them.
pub const EXPORT_COLUMNS: [&str; 12] = [
    "Số văn bản",
    "Tên văn bản",
    "Mục",
    "Nhiệm vụ",
    "Chủ trì",
    "Phối hợp",
    "Theo dõi, đôn đốc",
    "Sản phẩm",
    "Thời hạn (như văn bản ghi)",
    "Hạn",
    "Trạng thái",
    "Mã văn bản",
];

/// One exported row per task, in [`EXPORT_COLUMNS`] order.
pub fn export_rows(tasks: &[TaskHit]) -> Vec<[String; 12]> {
    tasks
        .iter()
        .map(|h| {
            let t = &h.task;
            [
                h.number.clone().unwrap_or_default(),
                h.title.clone().unwrap_or_default(),
                t.path.clone(),
                t.text.clone(),
                t.lead.join("; "),
                t.support.join("; "),
                t.monitor.join("; "),
                t.product.clone().unwrap_or_default(),
                t.deadline_text.clone().unwrap_or_default(),
                h.due
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                match &h.done_in {
                    Some(r) => format!(
                        "{} ({})",
                        h.status.label(),
                        r.number.as_deref().unwrap_or(&r.doc_id)
                    ),
                    None => h.status.label().to_string(),
                },
                h.doc_id.clone(),
            ]
        })
        .collect()
}

/// The tasks as CSV: UTF-8 with a byte-order mark (so that Excel reads the Vietnamese right),
/// comma-separated, quoted where needed, CRLF line ends.
pub fn to_csv(tasks: &[TaskHit]) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::from("\u{feff}");
    let line = |cells: &[&str]| cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    out.push_str(&line(&EXPORT_COLUMNS));
    out.push_str("\r\n");
    for row in export_rows(tasks) {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        out.push_str(&line(&cells));
        out.push_str("\r\n");
    }
    out
}

/// The tasks as an Excel workbook (one sheet "Việc", a bold frozen header row).
pub fn to_xlsx(tasks: &[TaskHit]) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Việc")?;
    let bold = Format::new().set_bold();
    for (c, name) in EXPORT_COLUMNS.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, *name, &bold)?;
    }
    for (r, row) in export_rows(tasks).iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet.write_string(r, c, cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(3, 60)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn range(f: &str, t: &str) -> Period {
        Period::Range {
            from: Some(d(f)),
            to: d(t),
        }
    }

    #[test]
    fn a_quarter_is_due_in_the_quarter_and_not_the_next_year() {
        let q4 = range("2020-10-01", "2020-12-31");
        assert!(due_in(
            &q4,
            None,
            None,
            Some(d("2020-10-01")),
            Some(d("2020-12-31"))
        ));
        assert!(due_in(&q4, None, None, Some(d("2020-12-01")), None));
        assert!(!due_in(
            &q4,
            None,
            None,
            Some(d("2021-01-01")),
            Some(d("2021-03-31"))
        ));
    }

    #[test]
    fn before_a_date_is_due_on_it_not_over_everything_before() {
        // `chậm nhất là ngày 15/4/2026`: not due in Q4 2020.
        let p = range("2026-04-15", "2026-04-15");
        assert!(!due_in(
            &p,
            None,
            None,
            Some(d("2020-10-01")),
            Some(d("2020-12-31"))
        ));
        assert!(due_in(
            &p,
            None,
            None,
            Some(d("2026-04-01")),
            Some(d("2026-04-30"))
        ));
        // An old stored form with an open start is due on its end date.
        let old = Period::Range {
            from: None,
            to: d("2026-04-15"),
        };
        assert!(!due_in(
            &old,
            None,
            None,
            Some(d("2020-10-01")),
            Some(d("2020-12-31"))
        ));
    }

    #[test]
    fn recurring_tasks_are_due_within_their_plan() {
        let (s, e) = (Some(d("2026-03-01")), Some(d("2030-12-31")));
        for p in [
            Period::Yearly,
            Period::Monthly,
            Period::Quarterly,
            Period::Ongoing,
        ] {
            assert!(due_in(
                &p,
                s,
                e,
                Some(d("2027-01-01")),
                Some(d("2027-03-31"))
            ));
            assert!(!due_in(
                &p,
                s,
                e,
                Some(d("2020-10-01")),
                Some(d("2020-12-31"))
            ));
            assert!(!due_in(&p, s, e, Some(d("2031-01-01")), None));
        }
    }

    #[test]
    fn statuses_on_a_day() {
        let today = d("2026-04-01");
        let t = |period: Period| Task {
            period: Some(period),
            starts: Some(d("2026-03-01")),
            ends: Some(d("2030-12-31")),
            ..Task::default()
        };
        assert_eq!(
            status_of(&t(range("2026-03-15", "2026-03-15")), today).1,
            Status::Overdue
        );
        assert_eq!(
            status_of(&t(range("2026-04-15", "2026-04-15")), today),
            (Some(d("2026-04-15")), Status::Upcoming)
        );
        assert_eq!(
            status_of(&t(range("2026-12-31", "2026-12-31")), today).1,
            Status::Later
        );
        assert_eq!(
            status_of(&t(Period::Monthly), today),
            (Some(d("2026-04-30")), Status::Upcoming)
        );
        assert_eq!(
            status_of(&t(Period::Yearly), today),
            (Some(d("2026-12-31")), Status::Later)
        );
        assert_eq!(status_of(&t(Period::Ongoing), today).1, Status::Ongoing);
        assert_eq!(status_of(&Task::default(), today), (None, Status::Undated));
    }

    #[test]
    fn csv_has_a_bom_and_quotes() {
        let hit = TaskHit {
            doc_id: "x".into(),
            number: Some("1/KH-UBND".into()),
            title: Some("Kế hoạch".into()),
            due: Some(d("2026-04-15")),
            status: Status::Upcoming,
            closeness: None,
            done_in: None,
            task: Task {
                text: "Ban hành kế hoạch, \"ngay\"".into(),
                lead: vec!["Sở Nội vụ".into()],
                ..Task::default()
            },
        };
        let csv = to_csv(std::slice::from_ref(&hit));
        assert!(csv.starts_with("\u{feff}Số văn bản,"));
        assert!(csv.contains("\"Ban hành kế hoạch, \"\"ngay\"\"\""), "{csv}");
        assert!(csv.contains(",15/04/2026,Sắp đến hạn,x\r\n"), "{csv}");
        let xlsx = to_xlsx(&[hit]).unwrap();
        assert!(xlsx.starts_with(b"PK"));
    }
}
