//! The book: what every indexed document states (its number, dates, status text and relations),
//! the relations aimed at each number, and the status of a number on a date from them.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::TantivyDocument;

use super::{changes, label};
use crate::error::Result;
use crate::extract::relations::plan_period_end;
use crate::index::{schema::KIND_DOC, term_query, VanbanIndex};
use crate::number;
use crate::relation::{DocRelation, Effective, RelationKind};
use crate::validity::{self, Event, SourceStatus, State};

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
    /// The last day of the period a plan's title states ([`plan_period_end`]), worked out when
    /// the book is made.
    #[serde(skip)]
    pub period_ends: Option<NaiveDate>,
}

impl Facts {
    fn source_status(&self) -> SourceStatus {
        SourceStatus {
            tinh_trang: self.status_text.clone(),
            effective: self.effective,
            expires: self.expires,
            period_ends: self.period_ends,
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
    /// The last day of the period a plan or programme states (`giai đoạn 2021-2025` →
    /// 2025-12-31); past it the plan is spent (`hết thời kỳ kế hoạch`).
    pub period_ends: Option<NaiveDate>,
    /// What the relations aimed at it say on that date, when any applies.
    pub from_relations: Option<State>,
    /// Whether record and relations disagree (both are shown).
    pub disagrees: bool,
    /// The changes aimed at it that have taken effect by that date, in date order.
    pub events: Vec<StatusEvent>,
    /// The changes announced for a later date.
    pub later: Vec<StatusEvent>,
}

impl Book {
    /// A book of `docs` (what [`Book::of_index`] reads; tests give them directly).
    pub fn of(mut docs: Vec<Facts>) -> Self {
        for d in &mut docs {
            d.period_ends = d
                .period_ends
                .or_else(|| plan_period_end(d.doc_type.as_deref(), d.title.as_deref(), d.issued));
        }
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

    /// The status of `key` on `on`, the record's fields taken from `doc`.
    pub(super) fn status_with(
        &self,
        key: &str,
        doc: Option<&Facts>,
        on: NaiveDate,
    ) -> NumberStatus {
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
            period_ends: source.period_ends,
            from_relations: derived.from_relations,
            disagrees: derived.disagrees(),
            events,
            later,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::by_article;

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
}
