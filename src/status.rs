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

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::TantivyDocument;

use crate::error::Result;
use crate::index::{schema::KIND_DOC, term_query, VanbanIndex};
use crate::number;
use crate::relation::{DocRelation, Effective, RelationKind};
use crate::validity::{self, Event, SourceStatus, State};

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

/// What a book keeps of one indexed document.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Facts {
    /// Document id.
    pub id: String,
    /// Số hiệu as written.
    #[serde(default)]
    pub number: Option<String>,
    /// Canonical number key.
    #[serde(default)]
    pub number_key: Option<String>,
    /// Type.
    #[serde(default)]
    pub doc_type: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Issue date.
    #[serde(default)]
    pub issued: Option<NaiveDate>,
    /// Effective date.
    #[serde(default)]
    pub effective: Option<NaiveDate>,
    /// The source's status text.
    #[serde(default)]
    pub status_text: Option<String>,
    /// Expiry date (source or own clause).
    #[serde(default)]
    pub expires: Option<NaiveDate>,
    /// Relations it states.
    #[serde(default)]
    pub relations: Vec<DocRelation>,
}

impl Facts {
    fn source_status(&self) -> SourceStatus {
        SourceStatus {
            tinh_trang: self.status_text.clone(),
            effective: self.effective,
            expires: self.expires,
        }
    }
}

/// A relation aimed at a number, with the indexed document it was read from.
#[derive(Debug, Clone)]
struct Aimed {
    relation: DocRelation,
    /// Index (in [`Book::docs`]) of the document whose text states it.
    read_in: usize,
}

/// Every indexed document's facts and the relations aimed at each number.
#[derive(Debug, Default)]
pub struct Book {
    docs: Vec<Facts>,
    by_number: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
    aimed: HashMap<String, Vec<Aimed>>,
    /// Effective dates other texts state for a number (a Pháp điển note's head).
    stated_effective: HashMap<String, NaiveDate>,
}

/// The document that made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct By {
    /// Its id when indexed.
    pub id: Option<String>,
    /// Its number key, when it has one.
    pub number: Option<String>,
    /// Its number in the standard spelling.
    pub display: Option<String>,
}

/// One change aimed at a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatusEvent {
    /// What the change is (`expires`, `replaces`, `repeals`, `partly_repeals`, `amends`,
    /// `suspends`, `guides`).
    pub kind: RelationKind,
    /// Its Vietnamese label (`hết hiệu lực`, `thay thế`, ...).
    pub label: String,
    /// The document making it.
    pub by: By,
    /// When it takes effect, when known.
    pub effective: Option<NaiveDate>,
    /// The articles aimed at; empty = the whole document.
    pub articles: Vec<String>,
    /// The passage of the document it was read from.
    pub passage: Option<String>,
    /// Id of the indexed document whose words state it (the changing document itself, or a
    /// Pháp điển page or a later document reporting it).
    pub read_in: String,
    /// The sentence it was read from.
    pub evidence: String,
}

/// The status of a number on a date, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NumberStatus {
    /// The canonical number key.
    pub number: String,
    /// The number in its standard spelling.
    pub display: String,
    /// Whether a document with this number is indexed.
    pub indexed: bool,
    /// Its id when indexed.
    pub id: Option<String>,
    /// The date asked.
    pub on: NaiveDate,
    /// `in_force`, `not_yet_in_force`, `partly_expired`, `expired` or `unknown`.
    pub state: State,
    /// Its label (`Còn hiệu lực`, `Hết hiệu lực toàn bộ`, ...).
    pub label: String,
    /// Since when, when known.
    pub since: Option<NaiveDate>,
    /// What the indexed record states on that date, when it states anything.
    pub from_source: Option<State>,
    /// The record's own words (`tinh_trang`), as written.
    pub source_text: Option<String>,
    /// What the relations aimed at it say on that date, when any applies.
    pub from_relations: Option<State>,
    /// Whether record and relations disagree (both are shown).
    pub disagrees: bool,
    /// The changes aimed at it that have taken effect by that date, in date order.
    pub events: Vec<StatusEvent>,
    /// The changes announced for a later date.
    pub later: Vec<StatusEvent>,
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

impl Book {
    /// A book of `docs` (what [`Book::of_index`] reads; tests give them directly).
    pub fn of(docs: Vec<Facts>) -> Self {
        let mut book = Book {
            docs,
            ..Book::default()
        };
        for (i, d) in book.docs.iter().enumerate() {
            book.by_id.insert(d.id.clone(), i);
            if let Some(k) = &d.number_key {
                book.by_number.entry(k.clone()).or_default().push(i);
            }
            for r in &d.relations {
                if let Some(e) = r.target_effective {
                    book.stated_effective.entry(r.target.clone()).or_insert(e);
                }
                if changes(r.kind) {
                    book.aimed.entry(r.target.clone()).or_default().push(Aimed {
                        relation: r.clone(),
                        read_in: i,
                    });
                }
            }
        }
        book
    }

    /// Reads every document of the index (the facts only).
    pub fn of_index(index: &VanbanIndex) -> Result<Self> {
        let searcher = index.searcher();
        let f = index.fields();
        let addrs = searcher.search(&*term_query(f.kind, KIND_DOC), &DocSetCollector)?;
        let mut docs = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let stored: TantivyDocument = searcher.doc(addr)?;
            let json = stored
                .get_first(f.doc_json)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .unwrap_or("{}");
            docs.push(serde_json::from_str::<Facts>(json)?);
        }
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Book::of(docs))
    }

    /// The indexed document with this id.
    pub fn doc(&self, id: &str) -> Option<&Facts> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// The indexed documents with this number key.
    pub fn with_number(&self, key: &str) -> impl Iterator<Item = &Facts> {
        self.by_number
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &self.docs[i])
    }

    /// Every indexed document.
    pub fn docs(&self) -> &[Facts] {
        &self.docs
    }

    /// The changes aimed at `key`, one per (kind, changing document, articles), dated.
    fn events_for(&self, key: &str) -> Vec<StatusEvent> {
        let mut out: Vec<StatusEvent> = Vec::new();
        for a in self.aimed.get(key).into_iter().flatten() {
            let r = &a.relation;
            let reader = &self.docs[a.read_in];
            let by_key = r.source.clone().or_else(|| reader.number_key.clone());
            // A change needs a changing document: an unnumbered text (a draft `…/QĐ-UBND`, a
            // report) that says it replaces something changes nothing yet.
            if by_key.is_none() {
                continue;
            }
            let by_doc: Option<&Facts> = match &r.source {
                None => Some(reader),
                Some(k) => self.with_number(k).next(),
            };
            // A provision without a date of its own takes effect with its document.
            let effective = match r.effective {
                Some(Effective::On(d)) => Some(d),
                Some(Effective::WithSource) => by_doc.and_then(|d| d.effective),
                None => by_doc.and_then(|d| d.effective),
            };
            let event = StatusEvent {
                kind: r.kind,
                label: r.kind.label().to_string(),
                by: By {
                    id: by_doc.map(|d| d.id.clone()),
                    display: by_key.as_deref().map(number::display_key),
                    number: by_key,
                },
                effective,
                articles: r.articles.clone(),
                passage: r.passage.clone(),
                read_in: reader.id.clone(),
                evidence: r.evidence.clone(),
            };
            // The same change read twice (in the changing document and in a note reporting
            // it): kept once, preferring the changing document's own words, then a date.
            match out.iter_mut().find(|e| {
                e.kind == event.kind
                    && e.by.number == event.by.number
                    && e.articles == event.articles
            }) {
                Some(e) => {
                    let own = event.by.id.as_deref() == Some(event.read_in.as_str());
                    let was_own = e.by.id.as_deref() == Some(e.read_in.as_str());
                    if (own && !was_own) || (e.effective.is_none() && event.effective.is_some()) {
                        let keep_date = e.effective;
                        *e = event;
                        e.effective = e.effective.or(keep_date);
                    }
                }
                None => out.push(event),
            }
        }
        out
    }

    /// The status of the number `key` on `on`. When several indexed documents share the number,
    /// the first (by id) gives the record's fields.
    pub fn status(&self, key: &str, on: NaiveDate) -> NumberStatus {
        let doc = self.with_number(key).next();
        self.status_with(key, doc, on)
    }

    /// The status of the indexed document `id` on `on`.
    pub fn status_of_doc(&self, id: &str, on: NaiveDate) -> Option<NumberStatus> {
        let doc = self.doc(id)?;
        match &doc.number_key {
            Some(key) => Some(self.status_with(key, Some(doc), on)),
            // Without a number (a draft, a Pháp điển đề mục page) nothing is in force.
            None => Some(self.status_with("", None, on)),
        }
    }

    fn status_with(&self, key: &str, doc: Option<&Facts>, on: NaiveDate) -> NumberStatus {
        let all = if key.is_empty() {
            Vec::new()
        } else {
            self.events_for(key)
        };
        let mut source = doc.map(Facts::source_status).unwrap_or_default();
        if source.effective.is_none() {
            source.effective = self.stated_effective.get(key).copied();
        }
        let as_events: Vec<Event> = all
            .iter()
            .map(|e| Event {
                kind: e.kind,
                by: e.by.number.clone(),
                effective: e.effective,
                articles: e.articles.clone(),
                evidence: e.evidence.clone(),
            })
            .collect();
        let derived = validity::derive(&source, &as_events, on);
        let (mut events, mut later): (Vec<StatusEvent>, Vec<StatusEvent>) = all
            .into_iter()
            .partition(|e| e.effective.is_none_or(|d| d <= on));
        events.sort_by_key(|e| e.effective);
        later.sort_by_key(|e| e.effective);
        NumberStatus {
            number: key.to_string(),
            display: number::display_key(key),
            indexed: doc.is_some(),
            id: doc.map(|d| d.id.clone()),
            on,
            state: derived.state,
            label: label(derived.state).to_string(),
            since: derived.since,
            from_source: derived.from_source,
            source_text: source.tinh_trang,
            from_relations: derived.from_relations,
            disagrees: derived.disagrees(),
            events,
            later,
        }
    }
}

/// The changes aimed at each article of a document (`Điều 3` → the events naming `khoản 2
/// Điều 3` or `Điều 3`), by article number as written (`3`, `5a`).
pub fn by_article(events: &[StatusEvent]) -> BTreeMap<String, Vec<&StatusEvent>> {
    let mut out: BTreeMap<String, Vec<&StatusEvent>> = BTreeMap::new();
    for e in events {
        let mut seen = Vec::new();
        for a in &e.articles {
            if let Some(n) = article_number(a) {
                if !seen.contains(&n) {
                    seen.push(n.clone());
                    out.entry(n).or_default().push(e);
                }
            }
        }
    }
    out
}

/// The article number an article reference or a passage path names (`khoản 2 Điều 3` → `3`,
/// `Chương I > Điều 5a` → `5a`); `None` when it names no article.
pub fn article_number(s: &str) -> Option<String> {
    static ARTICLE: Lazy<regex::Regex> =
        Lazy::new(|| regex::Regex::new(r"(?i)\bđiều\s+(\d+[a-zđ]?)\b").expect("static regex"));
    ARTICLE
        .captures_iter(s)
        .last()
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_lowercase())
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

/// One document a document cites or changes, once, with all its places and its own status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkedDocument {
    /// Its number key.
    pub number: String,
    /// Its number in the standard spelling.
    pub display: String,
    /// Its id when indexed.
    pub id: Option<String>,
    /// Its title when indexed.
    pub title: Option<String>,
    /// The articles of it this document names (changes), when stated.
    pub articles: Vec<String>,
    /// Where this document cites it (passage paths).
    pub passages: Vec<String>,
    /// When this document's change takes effect, when known.
    pub effective: Option<NaiveDate>,
    /// Its own status on the date asked.
    pub state: State,
    /// Its label.
    pub label: String,
    /// Since when, when known.
    pub since: Option<NaiveDate>,
    /// What ended it (`thay thế bởi 25/2021/QĐ-TTg`), when it has ended.
    pub ended_by: Option<String>,
}

/// The relations of one kind (`căn cứ`, `sửa đổi, bổ sung`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkGroup {
    /// The kind.
    pub kind: RelationKind,
    /// Its label, active (`thay thế`) for what this document does.
    pub label: String,
    /// The documents, each once.
    pub documents: Vec<LinkedDocument>,
}

/// The changes aimed at one article of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ArticleChanges {
    /// The article number (`3`, `5a`).
    pub article: String,
    /// The passage path of that article in the document, when it has one.
    pub path: Option<String>,
    /// The changes, oldest first.
    pub changes: Vec<StatusEvent>,
}

/// A document's "Lược đồ": its status, what it does to other documents (each with that
/// document's own status), what changed it, and the changes aimed at each article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Lineage {
    /// The document's id.
    pub id: String,
    /// Its status (the changes aimed at it in `events` and `later`).
    pub status: NumberStatus,
    /// What it cites or changes, grouped by kind: căn cứ, thực hiện, hướng dẫn, sửa đổi, thay
    /// thế, bãi bỏ, hết hiệu lực, dẫn chiếu.
    pub outgoing: Vec<LinkGroup>,
    /// What changed it, grouped by kind.
    pub incoming: Vec<LinkGroup>,
    /// The changes aimed at each of its articles.
    pub articles: Vec<ArticleChanges>,
}

/// The order groups are shown in.
const GROUP_ORDER: [RelationKind; 10] = [
    RelationKind::BasedOn,
    RelationKind::Implements,
    RelationKind::Guides,
    RelationKind::Amends,
    RelationKind::Replaces,
    RelationKind::Repeals,
    RelationKind::PartlyRepeals,
    RelationKind::Expires,
    RelationKind::Suspends,
    RelationKind::Mentions,
];

fn kind_of_citation(r: crate::document::Relation) -> RelationKind {
    use crate::document::Relation as R;
    match r {
        R::BasedOn => RelationKind::BasedOn,
        R::Implements => RelationKind::Implements,
        R::Amends => RelationKind::Amends,
        R::Replaces => RelationKind::Replaces,
        R::Repeals => RelationKind::Repeals,
        R::Guides => RelationKind::Guides,
        R::Expires => RelationKind::Expires,
        R::PartlyRepeals => RelationKind::PartlyRepeals,
        R::Suspends => RelationKind::Suspends,
        R::Mentions | R::AmendedBy | R::ReplacedBy | R::RepealedBy => RelationKind::Mentions,
    }
}

impl Book {
    fn linked(&self, key: &str, on: NaiveDate) -> LinkedDocument {
        let s = self.status(key, on);
        let doc = self.with_number(key).next();
        let ended_by = matches!(s.state, State::Expired | State::PartlyExpired)
            .then(|| {
                s.events
                    .iter()
                    .rev()
                    .find(|e| {
                        matches!(
                            e.kind,
                            RelationKind::Expires
                                | RelationKind::Replaces
                                | RelationKind::Repeals
                                | RelationKind::PartlyRepeals
                        )
                    })
                    .map(|e| {
                        format!(
                            "{} {}",
                            passive(e.kind),
                            e.by.display.as_deref().unwrap_or("?")
                        )
                    })
            })
            .flatten();
        LinkedDocument {
            number: key.to_string(),
            display: number::display_key(key),
            id: doc.map(|d| d.id.clone()),
            title: doc.and_then(|d| d.title.clone()),
            articles: Vec::new(),
            passages: Vec::new(),
            effective: None,
            state: s.state,
            label: s.label,
            since: s.since,
            ended_by,
        }
    }

    /// The lược đồ of the stored document `doc` on `on`.
    pub fn lineage(&self, doc: &crate::Document, on: NaiveDate) -> Lineage {
        let own = doc.number_key.clone().unwrap_or_default();
        let status = self.status_with(
            &own,
            self.doc(&doc.id).or(self.with_number(&own).next()),
            on,
        );
        // What it does: its own relations (with articles and dates), then its other citations.
        let mut groups: BTreeMap<RelationKind, Vec<LinkedDocument>> = BTreeMap::new();
        let mut placed: Vec<String> = Vec::new();
        let source_effective = doc.effective;
        for r in doc.relations.iter().filter(|r| r.source.is_none()) {
            let list = groups.entry(r.kind).or_default();
            let i = match list.iter().position(|l| l.number == r.target) {
                Some(i) => i,
                None => {
                    list.push(self.linked(&r.target, on));
                    list.len() - 1
                }
            };
            let item = &mut list[i];
            for a in &r.articles {
                if !item.articles.contains(a) {
                    item.articles.push(a.clone());
                }
            }
            item.effective = item.effective.or(match r.effective {
                Some(Effective::On(d)) => Some(d),
                Some(Effective::WithSource) => source_effective,
                None => None,
            });
            placed.push(r.target.clone());
        }
        for c in &doc.citations {
            let Some(key) = &c.number_key else { continue };
            let kind = kind_of_citation(c.relation);
            let kind = if placed.contains(key) {
                // Already under the relation its words state.
                match groups
                    .iter()
                    .find(|(_, l)| l.iter().any(|d| &d.number == key))
                {
                    Some((k, _)) => *k,
                    None => kind,
                }
            } else {
                kind
            };
            let list = groups.entry(kind).or_default();
            let i = match list.iter().position(|l| &l.number == key) {
                Some(i) => i,
                None => {
                    list.push(self.linked(key, on));
                    list.len() - 1
                }
            };
            if let Some(p) = &c.passage {
                if !list[i].passages.contains(p) {
                    list[i].passages.push(p.clone());
                }
            }
        }
        let outgoing = GROUP_ORDER
            .iter()
            .filter_map(|k| {
                let documents = groups.remove(k)?;
                Some(LinkGroup {
                    kind: *k,
                    label: k.label().to_string(),
                    documents,
                })
            })
            .collect();
        // What changed it.
        let mut incoming: Vec<LinkGroup> = Vec::new();
        for k in GROUP_ORDER {
            let mut documents: Vec<LinkedDocument> = Vec::new();
            for e in status
                .events
                .iter()
                .chain(&status.later)
                .filter(|e| e.kind == k)
            {
                let Some(by) = &e.by.number else { continue };
                let i = match documents.iter().position(|d| &d.number == by) {
                    Some(i) => i,
                    None => {
                        documents.push(self.linked(by, on));
                        documents.len() - 1
                    }
                };
                let item = &mut documents[i];
                for a in &e.articles {
                    if !item.articles.contains(a) {
                        item.articles.push(a.clone());
                    }
                }
                item.effective = item.effective.or(e.effective);
            }
            if !documents.is_empty() {
                incoming.push(LinkGroup {
                    kind: k,
                    label: passive(k).to_string(),
                    documents,
                });
            }
        }
        let all: Vec<StatusEvent> = status.events.iter().chain(&status.later).cloned().collect();
        let articles = by_article(&all)
            .into_iter()
            .map(|(article, changes)| ArticleChanges {
                path: doc
                    .outline
                    .iter()
                    .find(|p| article_number(&p.path).as_deref() == Some(article.as_str()))
                    .map(|p| p.path.clone()),
                article,
                changes: changes.into_iter().cloned().collect(),
            })
            .collect();
        Lineage {
            id: doc.id.clone(),
            status,
            outgoing,
            incoming,
            articles,
        }
    }
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

/// Sets each hit's status today.
pub fn annotate(index: &VanbanIndex, hits: &mut [crate::search::Hit]) -> Result<()> {
    if hits.is_empty() {
        return Ok(());
    }
    let book = book(index)?;
    let today = today();
    for h in hits {
        h.status = book.status_of_doc(&h.id, today).map(|s| s.state);
    }
    Ok(())
}

/// The status as text for a terminal: the state and its reason, then each change.
pub fn to_text(s: &NumberStatus) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let since = s
        .since
        .map(|d| format!(" từ {}", d.format("%d/%m/%Y")))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} — {}{} (ngày {}){}",
        s.display,
        s.label,
        since,
        s.on.format("%d/%m/%Y"),
        if s.indexed {
            ""
        } else {
            " [không có trong chỉ mục]"
        }
    );
    if let Some(text) = &s.source_text {
        let _ = writeln!(out, "  nguồn ghi: {text}");
    }
    if s.disagrees {
        let _ = writeln!(
            out,
            "  nguồn ghi {} nhưng các văn bản khác cho thấy {}",
            s.from_source.map_or("", label),
            s.from_relations.map_or("", label)
        );
    }
    for (title, list) in [("đã xảy ra", &s.events), ("sắp có hiệu lực", &s.later)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {title}:");
        for e in list {
            let _ = writeln!(out, "  - {}", event_line(e));
            let _ = writeln!(out, "      «{}»", short(&e.evidence, 300));
        }
    }
    out
}

/// One change in words: `thay thế bởi 25/2021/QĐ-TTg (Điều 8), hiệu lực từ 01/01/2022`.
pub fn event_line(e: &StatusEvent) -> String {
    let mut line = format!(
        "{} {}",
        passive(e.kind),
        e.by.display.as_deref().unwrap_or("?")
    );
    if !e.articles.is_empty() {
        line = format!("{}: {line}", e.articles.join(", "));
    }
    if let Some(d) = e.effective {
        line.push_str(&format!(", hiệu lực từ {}", d.format("%d/%m/%Y")));
    }
    line
}

/// `s` cut to at most `n` characters, with `…` when cut.
pub fn short(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// The passive Vietnamese of a change, before the changing document (`bị bãi bỏ bởi`,
/// `hết hiệu lực theo`).
pub fn passive(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Expires => "hết hiệu lực theo",
        RelationKind::Replaces => "bị thay thế bởi",
        RelationKind::Repeals => "bị bãi bỏ bởi",
        RelationKind::PartlyRepeals => "bị bãi bỏ một phần bởi",
        RelationKind::Amends => "được sửa đổi, bổ sung bởi",
        RelationKind::Suspends => "bị ngưng hiệu lực bởi",
        RelationKind::Guides => "được hướng dẫn bởi",
        RelationKind::BasedOn => "được căn cứ bởi",
        RelationKind::Implements => "được thực hiện bởi",
        RelationKind::Mentions => "được dẫn chiếu bởi",
    }
}

/// `vanban status NUMBER [--on DATE] [--json]`: prints the status of a number.
pub fn print_cmd(number: &str, on: Option<&str>, json: bool, dir: &std::path::Path) -> Result<()> {
    let key = crate::search::number_param("number", number)?;
    let on = match on {
        Some(d) => crate::search::parse_date("on", d)?,
        None => today(),
    };
    let index = VanbanIndex::open(dir)?;
    let s = status_of_number(&index, &key, on)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print!("{}", to_text(&s));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rel(
        kind: RelationKind,
        source: Option<&str>,
        target: &str,
        eff: Option<Effective>,
    ) -> DocRelation {
        DocRelation {
            kind,
            source: source.map(str::to_string),
            target: target.into(),
            articles: Vec::new(),
            effective: eff,
            evidence: "…".into(),
            passage: None,
            target_effective: None,
        }
    }

    fn facts(
        id: &str,
        key: &str,
        effective: Option<NaiveDate>,
        relations: Vec<DocRelation>,
    ) -> Facts {
        Facts {
            id: id.into(),
            number_key: Some(key.into()),
            effective,
            relations,
            ..Facts::default()
        }
    }

    #[test]
    fn expiry_from_the_day_the_source_takes_effect() {
        let book = Book::of(vec![facts(
            "a",
            "25/2021/QĐ-TTG",
            Some(ymd(2022, 1, 1)),
            vec![rel(
                RelationKind::Expires,
                None,
                "619/QĐ-TTG",
                Some(Effective::WithSource),
            )],
        )]);
        let s = book.status("619/QĐ-TTG", ymd(2026, 1, 1));
        assert_eq!((s.state, s.since), (State::Expired, Some(ymd(2022, 1, 1))));
        assert!(!s.indexed);
        assert_eq!(s.events[0].by.id.as_deref(), Some("a"));
        assert_eq!(s.events[0].by.display.as_deref(), Some("25/2021/QĐ-TTg"));
        let s = book.status("619/QĐ-TTG", ymd(2021, 1, 1));
        assert_eq!(s.state, State::Unknown);
        assert_eq!(s.later.len(), 1);
    }

    #[test]
    fn a_note_names_the_changing_document_and_is_kept_once() {
        let mut note = rel(
            RelationKind::PartlyRepeals,
            Some("48/2013/NĐ-CP"),
            "63/2010/NĐ-CP",
            Some(Effective::On(ymd(2013, 7, 1))),
        );
        note.articles = vec!["Điều 29".into()];
        let mut own = rel(
            RelationKind::PartlyRepeals,
            None,
            "63/2010/NĐ-CP",
            Some(Effective::WithSource),
        );
        own.articles = vec!["Điều 29".into()];
        let book = Book::of(vec![
            facts("page", "", None, vec![note]),
            facts("nd48", "48/2013/NĐ-CP", None, vec![own]),
            facts("nd63", "63/2010/NĐ-CP", Some(ymd(2010, 7, 1)), vec![]),
        ]);
        let s = book.status("63/2010/NĐ-CP", ymd(2020, 1, 1));
        assert_eq!(s.state, State::PartlyExpired);
        assert_eq!(s.events.len(), 1, "{:?}", s.events);
        assert_eq!(s.events[0].read_in, "nd48");
        assert_eq!(s.events[0].effective, Some(ymd(2013, 7, 1)));
        let arts = by_article(&s.events);
        assert_eq!(arts.keys().collect::<Vec<_>>(), ["29"]);
    }

    #[test]
    fn article_numbers() {
        assert_eq!(article_number("khoản 2 Điều 3").as_deref(), Some("3"));
        assert_eq!(article_number("Chương I > Điều 5a").as_deref(), Some("5a"));
        assert_eq!(article_number("Phụ lục II"), None);
    }
}
