//! The status (hiệu lực) of any document number on a date, indexed or not, from the documents'
//! own words (issue 24): what the indexed record with that number states (`tinh_trang`, its
//! effective date, its expiry) and every relation the indexed documents state about the number
//! (`… hết hiệu lực kể từ ngày …`, `thay thế`, `bãi bỏ`, `sửa đổi, bổ sung`, Pháp điển notes,
//! gazette titles), each with the document that makes the change and when it takes effect.
//! [`crate::validity::derive`] decides; this module gathers.
//!
//! The gathering reads every stored document once into a [`Book`] (numbers, dates, relations),
//! kept until the index changes (keyed by its segments and their deletes), so that a search can
//! give every hit its status and filter on it.
//!
//! - [`book`]: the facts of every indexed document and the status of a number from them;
//! - [`lineage`]: a document's lược đồ (its relations both ways, each cited document's status,
//!   the changes aimed at each article);
//! - [`text`]: the status in words, for a terminal (`vanban status`).
//!
//! Below search: search asks this module for each hit's status and for the documents in a state;
//! this module knows nothing of search.

mod book;
mod lineage;
mod text;

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use once_cell::sync::Lazy;

use crate::error::Result;
use crate::index::VanbanIndex;
use crate::relation::RelationKind;
use crate::validity::State;

pub use book::{Book, By, Facts, NumberStatus, StatusEvent};
pub use lineage::{article_number, by_article, ArticleChanges, Lineage, LinkGroup, LinkedDocument};
pub use text::{
    ending_event, event_line, passive, plan_spent, print_cmd, reason, short, summary, to_text,
    Summary, PLAN_SPENT,
};

/// The relation kinds that change a document (shown in its history): the others (căn cứ,
/// thực hiện, dẫn chiếu) only cite it.
pub fn changes(kind: RelationKind) -> bool {
    matches!(
        kind,
        RelationKind::Expires
            | RelationKind::Replaces
            | RelationKind::Repeals
            | RelationKind::PartlyRepeals
            | RelationKind::Amends
            | RelationKind::Suspends
            | RelationKind::Guides
    )
}

/// The Vietnamese label of a state.
pub fn label(state: State) -> &'static str {
    match state {
        State::InForce => "Còn hiệu lực",
        State::NotYetInForce => "Chưa có hiệu lực",
        State::PartlyExpired => "Hết hiệu lực một phần",
        State::Expired => "Hết hiệu lực toàn bộ",
        State::Unknown => "Chưa rõ hiệu lực",
    }
}

/// The snake_case name of a state (`in_force`, ...).
pub fn state_name(state: State) -> &'static str {
    match state {
        State::InForce => "in_force",
        State::NotYetInForce => "not_yet_in_force",
        State::PartlyExpired => "partly_expired",
        State::Expired => "expired",
        State::Unknown => "unknown",
    }
}

/// The state a name gives (`in_force`, `expired`, ...).
pub fn state_of_name(name: &str) -> Option<State> {
    [
        State::InForce,
        State::NotYetInForce,
        State::PartlyExpired,
        State::Expired,
        State::Unknown,
    ]
    .into_iter()
    .find(|s| state_name(*s) == name)
}

/// The cache key of an index's state: its segments and their deletes.
type Generation = Vec<(tantivy::index::SegmentId, u32)>;

/// The books kept, each with the state of the index it was read from.
type Books = Vec<(Generation, Arc<Book>)>;

static CACHE: Lazy<Mutex<Books>> = Lazy::new(|| Mutex::new(Vec::new()));

/// Most books kept (one per index a process serves, and the one before a change).
const BOOKS_KEPT: usize = 4;

/// The book of `index` as it is now, read once per state of the index.
pub fn book(index: &VanbanIndex) -> Result<Arc<Book>> {
    let searcher = index.searcher();
    let mut generation: Generation = searcher
        .segment_readers()
        .iter()
        .map(|r| (r.segment_id(), r.num_deleted_docs()))
        .collect();
    generation.sort();
    if let Some((_, b)) = lock().iter().find(|(g, _)| *g == generation) {
        return Ok(b.clone());
    }
    let built = Arc::new(Book::of_index(index)?);
    let mut cache = lock();
    if cache.len() >= BOOKS_KEPT {
        cache.remove(0);
    }
    cache.push((generation, built.clone()));
    Ok(built)
}

fn lock() -> std::sync::MutexGuard<'static, Books> {
    CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The status of a number as written (any spelling) on `on`.
pub fn status_of_number(index: &VanbanIndex, key: &str, on: NaiveDate) -> Result<NumberStatus> {
    Ok(book(index)?.status(key, on))
}

/// Today, in Vietnam (UTC+7).
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// The states a `status` parameter names (`in_force,expired`); `bad_status` for another word.
pub fn states_param(value: Option<&str>) -> Result<Vec<State>> {
    let mut out = Vec::new();
    for word in value
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let state = state_of_name(word).ok_or_else(|| {
            crate::Error::bad_request(
                crate::Code::BadStatus,
                format!(
                    "status `{word}` is unknown; use in_force, not_yet_in_force, partly_expired, expired or unknown"
                ),
            )
        })?;
        if !out.contains(&state) {
            out.push(state);
        }
    }
    Ok(out)
}

/// Ids of the indexed documents whose status today is one of `states` (any when empty) and,
/// with `in_force_on`, that are in force (wholly or partly) on that date.
pub fn documents_with(
    index: &VanbanIndex,
    states: &[State],
    in_force_on: Option<NaiveDate>,
) -> Result<Vec<String>> {
    let book = book(index)?;
    let today = today();
    Ok(book
        .docs()
        .iter()
        .filter(|d| {
            let ok_now = states.is_empty()
                || book
                    .status_of_doc(&d.id, today)
                    .is_some_and(|s| states.contains(&s.state));
            let ok_then = in_force_on.is_none_or(|on| {
                book.status_of_doc(&d.id, on)
                    .is_some_and(|s| matches!(s.state, State::InForce | State::PartlyExpired))
            });
            ok_now && ok_then
        })
        .map(|d| d.id.clone())
        .collect())
}
