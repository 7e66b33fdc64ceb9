//! Tasks across documents: which agency must do what by when, filtered by period overlap.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur};
use tantivy::TantivyDocument;

use crate::document::{Period, Task};
use crate::error::Result;
use crate::extract::agencies::agency_key;
use crate::index::{term_query, VanbanIndex, FLAG_TASKS, KIND_DOC};

/// Most documents with tasks scanned per request.
const MAX_TASK_DOCUMENTS: usize = 10_000;

/// A task with the document that assigns it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TaskHit {
    /// Document id.
    pub doc_id: String,
    /// Document number.
    pub number: Option<String>,
    /// Document title.
    pub title: Option<String>,
    /// The task.
    #[schema(value_type = Object)]
    pub task: Task,
}

/// True when a task due in `period`, in a document in force from `start`, falls in `from..=to`.
/// Recurring, ongoing and "before ..." tasks count only from their document's start on.
pub fn period_overlaps(
    period: &Period,
    start: Option<NaiveDate>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> bool {
    let open_start = matches!(
        period,
        Period::Yearly | Period::Ongoing | Period::Range { from: None, .. }
    );
    let started = match (open_start, start, to) {
        (true, Some(s), Some(t)) => s <= t,
        _ => true,
    };
    started && crate::extract::period::overlaps(period, from, to)
}

fn agency_matches(task: &Task, agency: &str) -> bool {
    let key = agency_key(agency);
    task.lead
        .iter()
        .chain(task.support.iter())
        .any(|a| agency_key(a) == key)
}

/// Tasks whose period overlaps `from..=to` (each bound optional), of `agency` (lead or support)
/// when given, in document order.
pub fn tasks(
    index: &VanbanIndex,
    agency: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<TaskHit>> {
    let f = index.fields();
    let searcher = index.searcher();
    let q = BooleanQuery::new(vec![
        (Occur::Must, term_query(f.kind, KIND_DOC)),
        (Occur::Must, term_query(f.flags, FLAG_TASKS)),
    ]);
    let top = searcher.search(&q, &TopDocs::with_limit(MAX_TASK_DOCUMENTS))?;
    let mut out = Vec::new();
    for (_, addr) in top {
        let stored: TantivyDocument = searcher.doc(addr)?;
        let doc = index.stored_document(&stored)?;
        let start = doc.effective.or(doc.issued);
        for task in &doc.tasks {
            let in_period = match &task.period {
                Some(p) => period_overlaps(p, start, from, to),
                None => from.is_none() && to.is_none(),
            };
            if in_period && agency.is_none_or(|a| agency_matches(task, a)) {
                out.push(TaskHit {
                    doc_id: doc.id.clone(),
                    number: doc.number.clone(),
                    title: doc.title.clone(),
                    task: task.clone(),
                });
            }
        }
    }
    Ok(out)
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
    ids.dedup();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarter_overlaps_the_quarter_and_not_the_next_year() {
        let q4 = Period::Range {
            from: Some(d("2020-10-01")),
            to: d("2020-12-31"),
        };
        assert!(period_overlaps(
            &q4,
            None,
            Some(d("2020-10-01")),
            Some(d("2020-12-31"))
        ));
        assert!(period_overlaps(&q4, None, Some(d("2020-12-01")), None));
        assert!(!period_overlaps(
            &q4,
            None,
            Some(d("2021-01-01")),
            Some(d("2021-03-31"))
        ));
    }

    #[test]
    fn yearly_tasks_count_from_their_document_on() {
        let start = Some(d("2020-10-27"));
        assert!(period_overlaps(
            &Period::Yearly,
            start,
            Some(d("2023-01-01")),
            Some(d("2023-12-31"))
        ));
        assert!(!period_overlaps(
            &Period::Yearly,
            start,
            Some(d("2019-01-01")),
            Some(d("2019-12-31"))
        ));
        assert!(period_overlaps(
            &Period::Ongoing,
            start,
            Some(d("2020-10-01")),
            Some(d("2020-12-31"))
        ));
    }
}
