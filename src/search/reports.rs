//! Later reports on a plan or notice: the reports that cite it by number, or name it by
//! description (its type and title, or the meeting a `Thông báo kết luận` concludes, see
//! [`crate::extract::tasks::mention_of`]), dated no earlier than it; and which of its tasks each
//! says were done (see [`crate::extract::tasks::reported_done`]).

use once_cell::unsync::OnceCell;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur};
use tantivy::TantivyDocument;

use super::tasks::DoneReport;
use crate::document::{Document, Period};
use crate::error::Result;
use crate::extract::tasks::{
    done_statements, mention_of, reported_done, unique_among, REPORT_TYPES,
};
use crate::index::{term_query, VanbanIndex, FLAG_TASKS, KIND_DOC};
use crate::keys::filter_key;

/// Most documents citing a plan by number read for reports of its tasks done.
const MAX_CITING: usize = 50;

/// Most reports read for a description of a plan (all reports of the index, loaded once per
/// listing).
const MAX_DESCRIBING: usize = 2_000;

/// A later report on a plan, and how it names the plan.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LaterReport {
    /// The report's id.
    pub doc_id: String,
    /// Its number.
    pub number: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// The sentence naming the plan without its number (`Kế hoạch CCHC nhà nước giai đoạn 2026
    /// - 2030 của tỉnh Lâm Đồng`); `None` when the report cites the plan's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_as: Option<String>,
}

/// The reports of the index and its documents that assign tasks, each read once per listing
/// and only when a plan needs them.
#[derive(Default)]
pub struct Reports {
    all: OnceCell<Vec<Document>>,
    plans: OnceCell<Vec<Document>>,
}

impl Reports {
    /// Every document that assigns tasks, at most [`MAX_DESCRIBING`]: the plans a description
    /// might name instead of the one asked about.
    fn plans(&self, index: &VanbanIndex) -> Result<&[Document]> {
        let docs = self.plans.get_or_try_init(|| -> Result<Vec<Document>> {
            let f = index.fields();
            let searcher = index.searcher();
            let q = BooleanQuery::new(vec![
                (Occur::Must, term_query(f.kind, KIND_DOC)),
                (Occur::Must, term_query(f.flags, FLAG_TASKS)),
            ]);
            stored_documents(index, &searcher, &q)
        })?;
        Ok(docs)
    }

    /// Every report (`Báo cáo`, `Tham luận`) of the index, at most [`MAX_DESCRIBING`].
    fn all(&self, index: &VanbanIndex) -> Result<&[Document]> {
        let docs = self.all.get_or_try_init(|| -> Result<Vec<Document>> {
            let f = index.fields();
            let searcher = index.searcher();
            let types = REPORT_TYPES
                .iter()
                .map(|t| (Occur::Should, term_query(f.doc_type_key, &filter_key(t))))
                .collect();
            let q = BooleanQuery::new(vec![
                (Occur::Must, term_query(f.kind, KIND_DOC)),
                (Occur::Must, Box::new(BooleanQuery::new(types))),
            ]);
            stored_documents(index, &searcher, &q)
        })?;
        Ok(docs)
    }
}

/// The stored documents `q` finds, at most [`MAX_DESCRIBING`].
fn stored_documents(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    q: &dyn tantivy::query::Query,
) -> Result<Vec<Document>> {
    let mut out = Vec::new();
    for (_, addr) in searcher.search(q, &TopDocs::with_limit(MAX_DESCRIBING))? {
        let stored: TantivyDocument = searcher.doc(addr)?;
        out.push(index.stored_document(&stored)?);
    }
    Ok(out)
}

/// The later reports on `plan` with the report documents themselves: the reports (`Báo cáo`,
/// `Tham luận`) citing its number (not dated before it), then those naming it by description.
fn later_report_docs(
    index: &VanbanIndex,
    plan: &Document,
    reports: &Reports,
) -> Result<Vec<(LaterReport, Document)>> {
    let mut out: Vec<(LaterReport, Document)> = Vec::new();
    if let Some(key) = plan.number_key.as_deref() {
        for report in index.citing(key, MAX_CITING)? {
            let is_report = report
                .doc_type
                .as_deref()
                .is_some_and(|t| REPORT_TYPES.contains(&t));
            if report.id == plan.id
                || !is_report
                || matches!((report.issued, plan.issued), (Some(r), Some(p)) if r < p)
            {
                continue;
            }
            out.push((later(&report, None), report));
        }
    }
    for report in reports.all(index)? {
        if out.iter().any(|(_, d)| d.id == report.id) {
            continue;
        }
        // The rivals are read only once a report names this plan.
        let Some(m) = mention_of(report, plan) else {
            continue;
        };
        if let Some(m) = unique_among(report, plan, m, reports.plans(index)?) {
            out.push((later(report, Some(m.sentence)), report.clone()));
        }
    }
    Ok(out)
}

fn later(report: &Document, named_as: Option<String>) -> LaterReport {
    LaterReport {
        doc_id: report.id.clone(),
        number: report.number.clone(),
        title: report.title.clone(),
        named_as,
    }
}

/// The later reports on `plan` (see [`later_report_docs`]).
pub fn later_reports(
    index: &VanbanIndex,
    plan: &Document,
    reports: &Reports,
) -> Result<Vec<LaterReport>> {
    Ok(later_report_docs(index, plan, reports)?
        .into_iter()
        .map(|(l, _)| l)
        .collect())
}

/// For each task of `plan`, the later report that says it was done: a report citing the plan
/// by number or naming it by description, not dated before it, whose sections on results say
/// so.
pub fn done_reports(
    index: &VanbanIndex,
    plan: &Document,
    reports: &Reports,
) -> Result<Vec<Option<DoneReport>>> {
    let mut out: Vec<Option<DoneReport>> = vec![None; plan.tasks.len()];
    let can_be_done = plan.tasks.iter().any(|t| {
        t.period
            .as_ref()
            .is_none_or(|p| matches!(p, Period::Range { .. }))
    });
    if !can_be_done {
        return Ok(out);
    }
    for (link, report) in later_report_docs(index, plan, reports)? {
        let statements = done_statements(&report.outline, report.doc_type.as_deref());
        if statements.is_empty() {
            continue;
        }
        for (slot, found) in out.iter_mut().zip(reported_done(&plan.tasks, &statements)) {
            if let (None, Some(i)) = (&slot, found) {
                *slot = Some(DoneReport {
                    doc_id: report.id.clone(),
                    number: report.number.clone(),
                    issued: report.issued,
                    text: statements[i].text.clone(),
                    title: link.title.clone(),
                    named_as: link.named_as.clone(),
                });
            }
        }
    }
    Ok(out)
}
