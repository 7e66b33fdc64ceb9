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

/// A book kept: the folder of the index it was read from (none for an index in memory), the
/// state it was read in, and the book.
struct Kept {
    dir: Option<std::path::PathBuf>,
    generation: Generation,
    book: Arc<Book>,
    /// How long the reading took.
    seconds: f64,
}

/// A book that took at least this long to read is served, while the next state's is read, in
/// its place; a quicker one is waited for (a few milliseconds on the shared corpus, so a
/// document written is shown with its status at once).
const SLOW_READING_SECONDS: f64 = 1.0;

static CACHE: Lazy<Mutex<Vec<Kept>>> = Lazy::new(|| Mutex::new(Vec::new()));

/// The locks held while a book is read, one per index folder (one for the indexes in memory):
/// one reading at a time per index, so that searches arriving together on a changed index do
/// not each read every stored document beside the others (at a million passages a reading
/// takes seconds).
type ReadingLocks = std::collections::HashMap<Option<std::path::PathBuf>, Arc<Mutex<()>>>;

static READING: Lazy<Mutex<ReadingLocks>> = Lazy::new(|| Mutex::new(ReadingLocks::new()));

/// Most books kept (one per index a process serves, and the one before a change).
const BOOKS_KEPT: usize = 8;

/// The book of `index` as it is now, read once per state of the index.
///
/// While another thread reads the book of a new state of the same index folder, a search gets
/// the book of its previous state rather than waiting when that one took over
/// [`SLOW_READING_SECONDS`] to read (at a million passages, 13 s: a commit's documents then show
/// their status once the reading ends); otherwise it waits for the reading.
pub fn book(index: &VanbanIndex) -> Result<Arc<Book>> {
    let searcher = index.searcher();
    let mut generation: Generation = searcher
        .segment_readers()
        .iter()
        .map(|r| (r.segment_id(), r.num_deleted_docs()))
        .collect();
    generation.sort();
    if let Some(b) = kept(&generation) {
        return Ok(b);
    }
    let reading = reading_lock(index.dir());
    let _reading = match reading.try_lock() {
        Ok(guard) => guard,
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => {
            if let Some(previous) = slow_previous(index.dir()) {
                return Ok(previous);
            }
            reading
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }
    };
    // Read while this thread waited?
    if let Some(b) = kept(&generation) {
        return Ok(b);
    }
    let started = std::time::Instant::now();
    let built = Arc::new(Book::of_index(index)?);
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(documents = built.docs().len(), seconds, "status book read");
    let mut cache = lock();
    if cache.len() >= BOOKS_KEPT {
        cache.remove(0);
    }
    cache.push(Kept {
        dir: index.dir().map(std::path::Path::to_path_buf),
        generation,
        book: built.clone(),
        seconds,
    });
    Ok(built)
}

/// Reads the book of `index` now (a server does this as it starts, so that its first searches
/// do not wait for it).
pub fn warm(index: &VanbanIndex) -> Result<()> {
    book(index).map(|_| ())
}

/// The book kept for this state of an index.
fn kept(generation: &Generation) -> Option<Arc<Book>> {
    lock()
        .iter()
        .find(|k| k.generation == *generation)
        .map(|k| k.book.clone())
}

/// The book read last for the index in `dir`, when its reading was slow (an index in memory
/// has none to fall back on).
fn slow_previous(dir: Option<&std::path::Path>) -> Option<Arc<Book>> {
    let dir = dir?;
    lock()
        .iter()
        .rev()
        .find(|k| k.dir.as_deref() == Some(dir))
        .filter(|k| k.seconds >= SLOW_READING_SECONDS)
        .map(|k| k.book.clone())
}

/// Keeps the book of the index behind `index` read while the index lives: reads it now, then
/// again after each change (checked every second), so that searches after a commit find the new
/// book read or, on a large index, the previous one while it is read. Ends when the last
/// other holder of the index drops it.
pub fn keep_read(index: std::sync::Weak<VanbanIndex>) {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(1);
    while let Some(index) = index.upgrade() {
        if let Err(e) = warm(&index) {
            tracing::warn!("reading the status book: {e}");
        }
        drop(index);
        std::thread::sleep(EVERY);
    }
}

/// The lock held while the book of the index in `dir` is read.
fn reading_lock(dir: Option<&std::path::Path>) -> Arc<Mutex<()>> {
    READING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .entry(dir.map(std::path::Path::to_path_buf))
        .or_default()
        .clone()
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Kept>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::pipeline::{apply, Change};

    fn doc(id: &str, number: &str) -> Document {
        Document {
            id: id.into(),
            number: Some(number.into()),
            source: format!("api:{id}"),
            body: "Quyết định này có hiệu lực kể từ ngày ký.".into(),
            ..Document::default()
        }
    }

    #[test]
    fn searches_arriving_together_read_one_book_and_a_change_reads_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let index = Arc::new(VanbanIndex::open_or_create(dir.path()).unwrap());
        let mut writer = index.writer().unwrap();
        apply(
            &index,
            &mut writer,
            &Change::Create(vec![doc("a", "1/2024/QĐ-UBND")]),
        )
        .unwrap();
        let books: Vec<Arc<Book>> = std::thread::scope(|s| {
            let readers: Vec<_> = (0..4).map(|_| s.spawn(|| book(&index).unwrap())).collect();
            readers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        assert!(books.iter().all(|b| Arc::ptr_eq(b, &books[0])));
        assert_eq!(books[0].docs().len(), 1);
        // A quick reading is never served stale: the document written is in the next book.
        apply(
            &index,
            &mut writer,
            &Change::Create(vec![doc("b", "2/2024/QĐ-UBND")]),
        )
        .unwrap();
        let next = book(&index).unwrap();
        assert!(!Arc::ptr_eq(&next, &books[0]));
        assert_eq!(next.docs().len(), 2);
        // The first segment's facts are kept across commits; a document deleted from it is
        // gone from the next book, one replaced shows its new facts.
        apply(&index, &mut writer, &Change::Delete("a".into())).unwrap();
        let ids = |b: &Book| b.docs().iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&book(&index).unwrap()), ["b"]);
        apply(
            &index,
            &mut writer,
            &Change::Upsert(Box::new(doc("b", "3/2024/QĐ-UBND"))),
        )
        .unwrap();
        let after = book(&index).unwrap();
        assert_eq!(ids(&after), ["b"]);
        assert_eq!(after.docs()[0].number.as_deref(), Some("3/2024/QĐ-UBND"));
        // The background reader ends once the index is dropped.
        let weak = Arc::downgrade(&index);
        let keeper = std::thread::spawn(move || keep_read(weak));
        drop(writer);
        drop(index);
        keeper.join().unwrap();
    }
}
