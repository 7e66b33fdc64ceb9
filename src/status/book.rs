//! The book: what every indexed document states (its number, dates, status text and relations),
//! the relations aimed at each number, and the status of a number on a date from them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
use tantivy::{DocId, TantivyDocument};

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
    /// Issuer.
    #[serde(default)]
    pub issuer: Option<String>,
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
    /// For each of [`Facts::relations`], the year and issuer its sentence gives the target
    /// ([`cited_year`], [`target_issuer`]), worked out once when the facts are read.
    #[serde(skip)]
    cited_targets: Option<Vec<(Option<i32>, Option<String>)>>,
}

impl Facts {
    /// Works out what the book needs beyond the stored facts (a plan's period, each changing
    /// relation's target year and issuer), once.
    fn prepare(&mut self) {
        if self.cited_targets.is_some() {
            return;
        }
        self.period_ends = self.period_ends.or_else(|| {
            plan_period_end(self.doc_type.as_deref(), self.title.as_deref(), self.issued)
        });
        let targets = self
            .relations
            .iter()
            .map(|r| {
                if changes(r.kind) {
                    (cited_year(&r.evidence, &r.target), target_issuer(r, self))
                } else {
                    (None, None)
                }
            })
            .collect();
        self.cited_targets = Some(targets);
    }

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
    /// The year of the target as the sentence cites it, for a number without a year
    /// (`Quyết định số 619/QĐ-TTg ngày 08/5/2017` → 2017): another year's 619/QĐ-TTg is another
    /// document.
    target_year: Option<i32>,
    /// The target's issuer (agency key) for a number without a year: the one the sentence
    /// names, else, for a number of the reader's own series (`25/NQ-HĐND` in a `21/NQ-HĐND`),
    /// the reader's issuer.
    target_issuer: Option<String>,
}

/// Whether a number key carries its year (`25/2021/QĐ-TTG`); numbers without one
/// (`619/QĐ-TTG`) are given again every year.
pub fn has_year(key: &str) -> bool {
    key.split('/')
        .any(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The year of the document numbered `key` as `text` cites it (`Quyết định số 619/QĐ-TTg ngày
/// 08/5/2017` → 2017), for a number without a year; `None` when the number has its year or the
/// text gives no date.
pub fn cited_year(text: &str, key: &str) -> Option<i32> {
    use chrono::Datelike;
    cited(text, key)?.date.map(|d| d.year())
}

/// The prepared facts of one segment's document entries, with their ids in the segment
/// (deleted ones included), by segment.
type SegmentFacts = HashMap<tantivy::index::SegmentId, Arc<Vec<(DocId, Facts)>>>;

/// The segments' facts kept, per index folder (one entry for the indexes in memory); only the
/// segments of the last reading are kept.
static SEGMENTS: Lazy<Mutex<HashMap<Option<std::path::PathBuf>, SegmentFacts>>> =
    Lazy::new(|| Mutex::new(HashMap::new()));

fn segments_lock(
) -> std::sync::MutexGuard<'static, HashMap<Option<std::path::PathBuf>, SegmentFacts>> {
    SEGMENTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The facts of every document entry of one segment, prepared.
fn read_segment(
    index: &VanbanIndex,
    searcher: &tantivy::Searcher,
    reader: &tantivy::SegmentReader,
) -> Result<Vec<(DocId, Facts)>> {
    use tantivy::query::{EnableScoring, Query};
    use tantivy::DocSet;
    let f = index.fields();
    let weight =
        term_query(f.kind, KIND_DOC).weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut scorer = weight.scorer(reader, 1.0)?;
    let store = reader
        .get_store_reader(64)
        .map_err(tantivy::TantivyError::from)?;
    let mut out = Vec::new();
    let mut doc = scorer.doc();
    while doc != tantivy::TERMINATED {
        let stored: TantivyDocument = store.get(doc)?;
        let json = stored
            .get_first(f.doc_json)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or("{}");
        let mut facts = serde_json::from_str::<Facts>(json)?;
        facts.prepare();
        out.push((doc, facts));
        doc = scorer.advance();
    }
    Ok(out)
}

/// How `text` cites `key`, for a number without a year.
fn cited(text: &str, key: &str) -> Option<crate::document::Citation> {
    if has_year(key) {
        return None;
    }
    crate::extract::citations::extract_citations(text, &[])
        .into_iter()
        .find(|c| c.number_key.as_deref() == Some(key))
}

/// The series of a number key (`NQ-HĐND` of `25/NQ-HĐND`).
fn series(key: &str) -> Option<&str> {
    key.rsplit('/').next().filter(|s| !s.is_empty())
}

/// Where the target of `r`, read in `reader`, was issued, for a number without a year.
fn target_issuer(r: &DocRelation, reader: &Facts) -> Option<String> {
    if has_year(&r.target) {
        return None;
    }
    let named = cited(&r.evidence, &r.target).and_then(|c| c.issuer);
    let own_series =
        r.source.is_none() && reader.number_key.as_deref().and_then(series) == series(&r.target);
    named
        .or_else(|| own_series.then(|| reader.issuer.clone()).flatten())
        .map(|i| crate::keys::agency_key(&i))
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
    /// The other indexed documents with the same number (a number without a year is given again
    /// every year), by id; `id` is the one shown.
    pub same_number: Vec<String>,
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
            d.prepare();
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
            let targets = d.cited_targets.as_deref().unwrap_or_default();
            for (k, r) in d.relations.iter().enumerate() {
                if let Some(e) = r.target_effective {
                    book.stated_effective.entry(r.target.clone()).or_insert(e);
                }
                if changes(r.kind) {
                    let (target_year, target_issuer) = targets.get(k).cloned().unwrap_or_default();
                    book.aimed.entry(r.target.clone()).or_default().push(Aimed {
                        relation: r.clone(),
                        read_in: i,
                        target_year,
                        target_issuer,
                    });
                }
            }
        }
        book
    }

    /// Reads every document of the index (the facts only). Each segment's facts are read once
    /// and kept while the segment is in the index (a segment's documents never change, only
    /// which of them are deleted), so that after a commit only its new segments are read.
    pub fn of_index(index: &VanbanIndex) -> Result<Self> {
        let searcher = index.searcher();
        let dir = index.dir().map(std::path::Path::to_path_buf);
        let known = segments_lock().get(&dir).cloned().unwrap_or_default();
        let mut now = SegmentFacts::new();
        let mut docs = Vec::new();
        for reader in searcher.segment_readers() {
            let id = reader.segment_id();
            let facts = match known.get(&id) {
                Some(f) => f.clone(),
                None => Arc::new(read_segment(index, &searcher, reader)?),
            };
            let alive = reader.alive_bitset();
            docs.extend(
                facts
                    .iter()
                    .filter(|(doc, _)| alive.is_none_or(|a| a.is_alive(*doc)))
                    .map(|(_, f)| f.clone()),
            );
            now.insert(id, facts);
        }
        segments_lock().insert(dir, now);
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

    /// The changes aimed at `key`, one per (kind, changing document, articles), dated; for the
    /// record `doc`, not those aimed at another year's or another issuer's document with that
    /// number.
    fn events_for(&self, key: &str, doc: Option<&Facts>) -> Vec<StatusEvent> {
        use chrono::Datelike;
        let mut out: Vec<StatusEvent> = Vec::new();
        let year = doc.and_then(|d| d.issued).map(|d| d.year());
        let issuer = doc
            .and_then(|d| d.issuer.as_deref())
            .map(crate::keys::agency_key);
        let aimed = self.aimed.get(key).into_iter().flatten().filter(|a| {
            a.target_year.zip(year).is_none_or(|(t, y)| t == y)
                && a.target_issuer
                    .as_ref()
                    .zip(issuer.as_ref())
                    .is_none_or(|(t, i)| t == i)
        });
        for a in aimed {
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
                Some(k) => self.record(k, cited_year(&r.evidence, k), None),
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

    /// The status of the number `key` on `on`. When several indexed documents share the number
    /// (a number without a year: `619/QĐ-TTg`), [`Book::record`] picks the one.
    pub fn status(&self, key: &str, on: NaiveDate) -> NumberStatus {
        self.status_with(key, self.record(key, None, None), on)
    }

    /// The indexed document a citation of `key` means: the only one with that number, else the
    /// one of the citation's `year` and `issuer`, else the one of the year the indexed documents
    /// cite most often with that number (what they speak of), else the latest.
    pub fn record(&self, key: &str, year: Option<i32>, issuer: Option<&str>) -> Option<&Facts> {
        use chrono::Datelike;
        let all: Vec<&Facts> = self.with_number(key).collect();
        if all.len() <= 1 {
            return all.first().copied();
        }
        let year_of = |d: &Facts| d.issued.map(|i| i.year());
        let cited = |y: Option<i32>| -> usize {
            let aimed = self.aimed.get(key).into_iter().flatten();
            aimed.filter(|a| y.is_some() && a.target_year == y).count()
        };
        let issuer_key = issuer.map(crate::keys::agency_key);
        all.into_iter().max_by_key(|d| {
            (
                year.is_some() && year_of(d) == year,
                issuer_key.is_some()
                    && d.issuer.as_deref().map(crate::keys::agency_key) == issuer_key,
                cited(year_of(d)),
                d.issued,
                std::cmp::Reverse(d.id.clone()),
            )
        })
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
            self.events_for(key, doc)
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
            same_number: self
                .with_number(key)
                .filter(|d| doc.is_none_or(|o| o.id != d.id))
                .map(|d| d.id.clone())
                .collect(),
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
    fn a_number_without_a_year_is_told_apart_by_the_year_and_issuer_cited() {
        let mut ends = rel(
            RelationKind::Expires,
            None,
            "619/QĐ-TTG",
            Some(Effective::WithSource),
        );
        ends.evidence = "2. Quyết định số 619/QĐ-TTg ngày 08 tháng 5 năm 2017 của Thủ tướng Chính phủ ban hành quy định về xây dựng xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành.".into();
        let with_year = |id: &str, y: i32, issuer: &str| Facts {
            issued: Some(ymd(y, 5, 8)),
            effective: Some(ymd(y, 5, 8)),
            issuer: Some(issuer.into()),
            ..facts(id, "619/QĐ-TTG", Some(ymd(y, 5, 8)), vec![])
        };
        // Two councils' 21/NQ-HĐND: a council amending `25/NQ-HĐND` of its own series means its own.
        let mut amends = rel(RelationKind::Replaces, None, "25/NQ-HĐND", None);
        amends.evidence = "Nghị quyết này thay thế Nghị quyết số 25/NQ-HĐND ngày 10/3/2026.".into();
        let council = |id: &str, key: &str, issuer: &str, relations| Facts {
            issuer: Some(issuer.into()),
            issued: Some(ymd(2026, 3, 10)),
            ..facts(id, key, Some(ymd(2026, 3, 10)), relations)
        };
        let book = Book::of(vec![
            facts("qd25", "25/2021/QĐ-TTG", Some(ymd(2022, 1, 1)), vec![ends]),
            with_year("old", 2017, "Thủ tướng Chính phủ"),
            with_year("new", 2023, "Thủ tướng Chính phủ"),
            council("a25", "25/NQ-HĐND", "HĐND xã Tạ Khoa", vec![]),
            council("b25", "25/NQ-HĐND", "HĐND xã Chiềng Mai", vec![]),
            council("a21", "21/NQ-HĐND", "HĐND xã Tạ Khoa", vec![amends]),
        ]);
        let on = ymd(2026, 12, 6);
        assert_eq!(book.status_of_doc("old", on).unwrap().state, State::Expired);
        assert_eq!(book.status_of_doc("new", on).unwrap().state, State::InForce);
        // By number alone: the one the indexed documents cite, the other beside it.
        let s = book.status("619/QĐ-TTG", on);
        assert_eq!((s.id.as_deref(), s.state), (Some("old"), State::Expired));
        assert_eq!(s.same_number, ["new"]);
        assert_eq!(
            book.record("619/QĐ-TTG", Some(2023), None)
                .map(|d| d.id.as_str()),
            Some("new")
        );
        assert_eq!(book.status_of_doc("a25", on).unwrap().state, State::Expired);
        assert_eq!(book.status_of_doc("b25", on).unwrap().state, State::InForce);
        assert_eq!(
            book.record("25/NQ-HĐND", None, Some("HĐND xã Chiềng Mai"))
                .map(|d| d.id.as_str()),
            Some("b25")
        );
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
