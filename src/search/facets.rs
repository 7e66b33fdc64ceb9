//! Facet counts (type, issuer, year, agency by role, status) over every document a query
//! matches, collected in the same pass as the hits.
//!
//! Each matching document entry's values are counted by term ordinal on the fast-field columns
//! (every entry has a value: [`NO_FACET`] or year 0 where the document has none, so the columns
//! are dense). A segment's columns are opened, and the names of their values read from their
//! dictionaries, on first use and kept ([`FacetColumns`]): segments never change. Counts stay by
//! ordinal until the buckets shown are chosen; only those are named.
//! tantivy's terms aggregation, used before, looked every bucket's name up in the column's
//! dictionary (a compressed block read) at every search: a sixth of a question's CPU on the
//! shared corpus.
//!
//! The status (hiệu lực) is no column: it changes whenever another document amends or repeals
//! one. Each segment's documents get their state today from the [`crate::status::Book`] of the
//! index, by term ordinal of their id, once per segment and book ([`StatusOfIds`]).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::schema::{names, NO_FACET};
use crate::keys::agency_bucket;
use crate::search::Facets;
use crate::status::{state_name, Book};
use crate::validity::State;

/// Most buckets returned per facet.
const BUCKETS: usize = 50;
/// Most agency buckets, over all roles together.
const AGENCY_BUCKETS: usize = 150;
/// Most year buckets.
const YEAR_BUCKETS: usize = 200;
/// Most segments whose columns are kept; past it the memory starts over (after merges the old
/// segments are never asked for again).
const SEGMENTS_KEPT: usize = 256;

/// The string facet columns, in the order of [`SegmentColumns`] and [`FacetCounts`].
const COLUMNS: [&str; 3] = [names::DOC_TYPE, names::ISSUER, names::AGENCY_FACET];

/// Each segment's facet columns, opened once, with the names of their values by term ordinal,
/// read once: segments never change. Opening the columns at every search was a fortieth of a
/// question's CPU at a million passages (their block metadata is read on opening).
#[derive(Debug, Default)]
pub struct FacetColumns {
    segments: Mutex<FxHashMap<SegmentId, Arc<SegmentColumns>>>,
    /// Each segment's states by id ordinal, with the book and day they were read for.
    states: Mutex<FxHashMap<SegmentId, StatesOfSegment>>,
}

/// The states of one segment's documents today (by term ordinal of their id), and the book (a
/// weak reference: its address is not reused while held) and day they hold for.
#[derive(Debug)]
struct StatesOfSegment {
    book: std::sync::Weak<Book>,
    day: NaiveDate,
    states: Arc<Vec<u8>>,
}

/// The states counted, in the order of [`SegmentFacets::status`].
const STATES: [State; 5] = [
    State::InForce,
    State::NotYetInForce,
    State::PartlyExpired,
    State::Expired,
    State::Unknown,
];

/// An id ordinal that is no document (a segment of passages only), or a document the book does
/// not hold.
const NO_STATE: u8 = u8::MAX;

/// The status of every document of the index on a day, for the status facet: the book to read
/// them from and the day.
#[derive(Debug, Clone)]
pub struct StatusOfIds {
    /// The index's book, as [`crate::status::book`] gives it.
    pub book: Arc<Book>,
    /// The day (today in Vietnam).
    pub day: NaiveDate,
}

/// One segment's [`COLUMNS`], the names of their values by term ordinal, and its year column.
struct SegmentColumns {
    columns: [Option<StrColumn>; 3],
    names: [Vec<String>; 3],
    /// The bucket of each agency value (`role:` and the agency as typed, [`agency_bucket`]), by
    /// term ordinal.
    agency_buckets: Vec<String>,
    year: Option<Column<u64>>,
    /// The id column (document entries), for the status.
    ids: Option<StrColumn>,
}

impl std::fmt::Debug for SegmentColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentColumns")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

impl FacetColumns {
    /// `segment`'s facet columns and names, opened and read on first use.
    fn of(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        let id = segment.segment_id();
        if let Some(columns) = self.lock().get(&id) {
            return Ok(columns.clone());
        }
        let fast = segment.fast_fields();
        let mut columns = [None, None, None];
        for (column, name) in columns.iter_mut().zip(COLUMNS) {
            *column = fast.str(name)?;
        }
        let [a, b, c] = &columns;
        let names = [names_of(a)?, names_of(b)?, names_of(c)?];
        let agency_buckets = names[2].iter().map(|n| agency_bucket(n)).collect();
        let year = fast.u64(names::YEAR).ok();
        let ids = fast.str(names::ID)?;
        let opened = Arc::new(SegmentColumns {
            columns,
            names,
            agency_buckets,
            year,
            ids,
        });
        let mut segments = self.lock();
        if segments.len() >= SEGMENTS_KEPT {
            segments.clear();
        }
        segments.insert(id, opened.clone());
        Ok(opened)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<SegmentId, Arc<SegmentColumns>>> {
        // The map is only read and inserted into: a panic elsewhere cannot leave it half made.
        self.segments.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state (index in [`STATES`], or [`NO_STATE`]) of each id ordinal of `segment`, read
    /// from `status` once per segment, book and day.
    fn states(
        &self,
        id: SegmentId,
        segment: &SegmentColumns,
        status: &StatusOfIds,
    ) -> std::io::Result<Arc<Vec<u8>>> {
        let mut kept = self.states.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = kept.get(&id) {
            if s.day == status.day
                && std::sync::Weak::ptr_eq(&s.book, &Arc::downgrade(&status.book))
            {
                return Ok(s.states.clone());
            }
        }
        let mut states = Vec::new();
        for name in names_of(&segment.ids)? {
            let state = status
                .book
                .status_of_doc(&name, status.day)
                .map(|s| s.state);
            let i = state.and_then(|s| STATES.iter().position(|t| *t == s));
            states.push(i.map_or(NO_STATE, |i| i as u8));
        }
        let states = Arc::new(states);
        if kept.len() >= SEGMENTS_KEPT {
            kept.clear();
        }
        kept.insert(
            id,
            StatesOfSegment {
                book: Arc::downgrade(&status.book),
                day: status.day,
                states: states.clone(),
            },
        );
        Ok(states)
    }
}

/// Every term of a column, by ordinal (none for a segment without the column).
fn names_of(column: &Option<StrColumn>) -> std::io::Result<Vec<String>> {
    let Some(column) = column else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(column.num_terms());
    let ords = 0..column.num_terms() as u64;
    column.dictionary().sorted_ords_to_term_cb(ords, |bytes| {
        out.push(String::from_utf8_lossy(bytes).into_owned());
        Ok(())
    })?;
    Ok(out)
}

/// The collector counting the documents a query matches by type, issuer, year and agency (by
/// role); run it in the same pass as the hits (a tuple of collectors) and turn its fruit into
/// [`Facets`] with [`FacetCounts::into_facets`].
pub struct FacetCollector {
    segments: Arc<FacetColumns>,
    status: Option<StatusOfIds>,
}

/// A new [`FacetCollector`] reading from `columns`, the cache of segment columns (kept by the
/// [`super::Engine`]), counting states from `status` when given.
pub fn collector(columns: Arc<FacetColumns>, status: Option<StatusOfIds>) -> FacetCollector {
    FacetCollector {
        segments: columns,
        status,
    }
}

/// Documents by facet value: each segment's counts by term ordinal of type, issuer and agency
/// (`role:Name`), named only for the buckets shown ([`FacetCounts::into_facets`]); then year.
#[derive(Debug, Default)]
pub struct FacetCounts {
    segments: Vec<SegmentCounts>,
    year: BTreeMap<u64, u64>,
    /// Documents by state, in the order of [`STATES`].
    status: [u64; 5],
}

/// One segment's counts of [`COLUMNS`] by term ordinal, with its names.
#[derive(Debug)]
struct SegmentCounts {
    segment: Arc<SegmentColumns>,
    counts: [Vec<u64>; 3],
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let columns = self.segments.of(reader)?;
        let states = match &self.status {
            Some(status) => Some(
                self.segments
                    .states(reader.segment_id(), &columns, status)?,
            ),
            None => None,
        };
        Ok(SegmentFacets::new(columns, states))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut all = FacetCounts::default();
        for fruit in fruits {
            all.segments.extend(fruit.segments);
            for (year, n) in fruit.year {
                *all.year.entry(year).or_default() += n;
            }
            for (a, n) in all.status.iter_mut().zip(fruit.status) {
                *a += n;
            }
        }
        Ok(all)
    }
}

/// Documents a [`SegmentFacets`] counts at once: reading a column for a block of documents
/// costs less than for each one (at a million passages, counting document by document was
/// slower than tantivy's aggregation, which reads in blocks).
#[cfg(not(test))]
const BLOCK: usize = 512;
/// Small in unit tests, so that the shipped corpus fills several blocks.
#[cfg(test)]
const BLOCK: usize = 8;

/// Years below this are counted in an array by year, later ones (none in real data) in a map.
const YEARS_IN_ARRAY: u64 = 4096;

/// A [`FacetCollector`] on one segment: counts by term ordinal, a block of documents at a time.
pub struct SegmentFacets {
    segment: Arc<SegmentColumns>,
    counts: [Vec<u64>; 3],
    /// Documents by year, for years below [`YEARS_IN_ARRAY`].
    years: Vec<u64>,
    later_years: FxHashMap<u64, u64>,
    /// The state of each id ordinal, when the status is counted.
    states: Option<Arc<Vec<u8>>>,
    /// Documents by state, in the order of [`STATES`].
    status: [u64; 5],
    /// Documents collected and not counted yet.
    block: Vec<DocId>,
    /// Buffers of [`SegmentFacets::count_block`].
    values: Vec<Option<u64>>,
    rows: (Vec<DocId>, Vec<u32>, Vec<u64>),
}

impl SegmentFacets {
    fn new(segment: Arc<SegmentColumns>, states: Option<Arc<Vec<u8>>>) -> Self {
        let counts = segment
            .columns
            .each_ref()
            .map(|c| vec![0; c.as_ref().map_or(0, |c| c.num_terms())]);
        SegmentFacets {
            segment,
            counts,
            years: Vec::new(),
            later_years: FxHashMap::default(),
            states,
            status: [0; 5],
            block: Vec::with_capacity(BLOCK),
            values: Vec::new(),
            rows: Default::default(),
        }
    }

    /// Counts the values of every document in `block`, then empties it.
    fn count_block(&mut self) {
        let docs = &self.block;
        let (row_docs, rows, values) = &mut self.rows;
        let columns = self.segment.columns.iter();
        for (column, counts) in columns.zip(self.counts.iter_mut()) {
            let Some(column) = column else { continue };
            // Every value of each document (several agencies), looked up for all at once.
            row_docs.clear();
            rows.clear();
            column.ords().row_ids_for_docs(docs, row_docs, rows);
            values.clear();
            values.resize(rows.len(), 0);
            column.ords().values.get_vals(rows, values);
            for &ord in values.iter() {
                if let Some(n) = counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
        if let Some(column) = &self.segment.year {
            self.values.clear();
            self.values.resize(docs.len(), None);
            column.first_vals(docs, &mut self.values);
            for year in self.values.iter().flatten().copied() {
                if year < YEARS_IN_ARRAY {
                    let i = year as usize;
                    if self.years.len() <= i {
                        self.years.resize(i + 1, 0);
                    }
                    self.years[i] += 1;
                } else {
                    *self.later_years.entry(year).or_default() += 1;
                }
            }
        }
        if let (Some(states), Some(ids)) = (&self.states, &self.segment.ids) {
            let (row_docs, rows, values) = &mut self.rows;
            row_docs.clear();
            rows.clear();
            ids.ords().row_ids_for_docs(docs, row_docs, rows);
            values.clear();
            values.resize(rows.len(), 0);
            ids.ords().values.get_vals(rows, values);
            for &ord in values.iter() {
                if let Some(n) = states
                    .get(ord as usize)
                    .and_then(|&s| self.status.get_mut(s as usize))
                {
                    *n += 1;
                }
            }
        }
        self.block.clear();
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.block.push(doc);
        if self.block.len() >= BLOCK {
            self.count_block();
        }
    }

    fn harvest(mut self) -> FacetCounts {
        self.count_block();
        let years = self.years.iter().enumerate().map(|(y, &n)| (y as u64, n));
        let mut year: BTreeMap<u64, u64> = years.filter(|&(_, n)| n > 0).collect();
        year.extend(self.later_years);
        FacetCounts {
            segments: vec![SegmentCounts {
                segment: self.segment,
                counts: self.counts,
            }],
            year,
            status: self.status,
        }
    }
}

impl FacetCounts {
    /// The facets shown: the largest buckets of each (ties by name), without the placeholder of
    /// documents that have no value.
    pub fn into_facets(self) -> Facets {
        let years = self.year.iter().filter(|&(&year, _)| year != 0);
        Facets {
            doc_type: largest(self.named(0), BUCKETS),
            issuer: largest(self.named(1), BUCKETS),
            year: largest(years.map(|(year, &n)| (year.to_string(), n)), YEAR_BUCKETS),
            agency: by_role(largest(self.agencies(), AGENCY_BUCKETS)),
            status: STATES
                .iter()
                .zip(self.status)
                .filter(|&(_, n)| n > 0)
                .map(|(s, n)| (state_name(*s).to_string(), n))
                .collect(),
        }
    }

    /// The agency values (`role:Name`) merged by bucket ([`agency_bucket`]): `Sở Nội vụ`,
    /// `SỞ NỘI VỤ` and `SNV` are one bucket, shown by the name most documents use (ties by
    /// name). A document counts once per bucket: the index keeps one name per bucket and role.
    fn agencies(&self) -> Vec<(String, u64)> {
        // bucket → (count, names with their counts)
        type Bucket<'a> = (u64, Vec<(&'a str, u64)>);
        let mut buckets: FxHashMap<&str, Bucket<'_>> = FxHashMap::default();
        for segment in &self.segments {
            let columns = &segment.segment;
            let counted = segment.counts[2]
                .iter()
                .enumerate()
                .filter(|&(_, &n)| n > 0);
            for (ord, &n) in counted {
                let (Some(name), Some(bucket)) =
                    (columns.names[2].get(ord), columns.agency_buckets.get(ord))
                else {
                    continue;
                };
                let entry = buckets.entry(bucket.as_str()).or_default();
                entry.0 += n;
                match entry.1.iter_mut().find(|(m, _)| *m == name.as_str()) {
                    Some((_, c)) => *c += n,
                    None => entry.1.push((name.as_str(), n)),
                }
            }
        }
        buckets
            .into_values()
            .filter_map(|(n, names)| {
                let shown = names
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))?;
                Some((shown.0.to_string(), n))
            })
            .collect()
    }

    /// The documents counted by each value of column `column` of [`COLUMNS`], over all segments
    /// (each value once; in no particular order).
    fn named(&self, column: usize) -> Vec<(&str, u64)> {
        match self.segments.as_slice() {
            [one] => one.named(column).collect(),
            several => {
                let mut all: FxHashMap<&str, u64> = FxHashMap::default();
                for (name, n) in several.iter().flat_map(|s| s.named(column)) {
                    *all.entry(name).or_default() += n;
                }
                all.into_iter().collect()
            }
        }
    }
}

impl SegmentCounts {
    /// The counted values of column `column` and their counts.
    fn named(&self, column: usize) -> impl Iterator<Item = (&str, u64)> {
        let (names, counts) = (&self.segment.names[column], &self.counts[column]);
        let counted = counts.iter().zip(names).filter(|&(&n, _)| n > 0);
        counted.map(|(&n, name)| (name.as_str(), n))
    }
}

/// The `most` largest counts (ties by name), without [`NO_FACET`]; names are copied for these
/// only (a broad question counts hundreds of agencies).
fn largest<S: AsRef<str>>(
    counts: impl IntoIterator<Item = (S, u64)>,
    most: usize,
) -> BTreeMap<String, u64> {
    let mut all: Vec<(S, u64)> = counts
        .into_iter()
        .filter(|(name, _)| name.as_ref() != NO_FACET)
        .collect();
    let order =
        |a: &(S, u64), b: &(S, u64)| b.1.cmp(&a.1).then_with(|| a.0.as_ref().cmp(b.0.as_ref()));
    if all.len() > most && most > 0 {
        all.select_nth_unstable_by(most - 1, order);
    }
    all.truncate(most);
    all.into_iter()
        .map(|(name, n)| (name.as_ref().to_string(), n))
        .collect()
}

/// `role:Name` buckets as role → name → count.
fn by_role(flat: BTreeMap<String, u64>) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut out: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (key, count) in flat {
        if let Some((role, name)) = key.split_once(':') {
            out.entry(role.to_string())
                .or_default()
                .insert(name.to_string(), count);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{schema, VanbanIndex, KIND_DOC};
    use tantivy::aggregation::agg_req::Aggregations;
    use tantivy::aggregation::agg_result::{AggregationResult, BucketResult};
    use tantivy::aggregation::{AggregationCollector, Key};
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::Term;

    /// The shipped corpus, written in two commits so that counts from two segments are merged.
    fn shipped_in_two_segments() -> VanbanIndex {
        let corpus = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"));
        let docs: Vec<_> = crate::read::walk(&[corpus])
            .into_iter()
            .flat_map(|p| crate::read::read_file(&p.unwrap()).unwrap().docs)
            .map(crate::extract::extract)
            .collect();
        assert!(docs.len() >= 20, "{}", docs.len());
        let index = VanbanIndex::in_memory().unwrap();
        let mut w = index.writer().unwrap();
        for half in docs.chunks(docs.len() / 2 + 1) {
            for d in half {
                w.add(d, "test").unwrap();
            }
            w.commit().unwrap();
        }
        index.reload().unwrap();
        index
    }

    /// Buckets by name of type, issuer and agency, then by year.
    type Buckets = ([BTreeMap<String, u64>; 3], BTreeMap<u64, u64>);

    /// Every bucket of tantivy's terms aggregation.
    fn by_tantivy(searcher: &tantivy::Searcher, query: &dyn Query) -> Buckets {
        let all = 100_000;
        let request = serde_json::json!({
            "type": {"terms": {"field": names::DOC_TYPE, "size": all}},
            "issuer": {"terms": {"field": names::ISSUER, "size": all}},
            "agency": {"terms": {"field": names::AGENCY_FACET, "size": all}},
            "year": {"terms": {"field": names::YEAR, "size": all}},
        });
        let aggs: Aggregations = serde_json::from_value(request).unwrap();
        let collector = AggregationCollector::from_aggs(aggs, Default::default());
        let mut result = searcher.search(query, &collector).unwrap().0;
        let mut take = |name: &str| -> Vec<(Key, u64)> {
            match result.remove(name) {
                Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => {
                    buckets.into_iter().map(|b| (b.key, b.doc_count)).collect()
                }
                other => panic!("{name}: {other:?}"),
            }
        };
        let named = ["type", "issuer", "agency"].map(|name| {
            take(name)
                .into_iter()
                .map(|(key, n)| match key {
                    Key::Str(s) => (s, n),
                    other => panic!("{other:?}"),
                })
                .collect()
        });
        let year = take("year")
            .into_iter()
            .map(|(key, n)| match key {
                Key::U64(y) => (y, n),
                Key::I64(y) => (y as u64, n),
                Key::F64(y) => (y as u64, n),
                Key::Str(s) => panic!("{s}"),
            })
            .collect();
        (named, year)
    }

    /// Every bucket of `counts`, named, as [`by_tantivy`] gives them.
    fn every_bucket(counts: &FacetCounts) -> Buckets {
        let named = [0, 1, 2].map(|i| {
            let named = counts.named(i).into_iter();
            named.map(|(name, n)| (name.to_string(), n)).collect()
        });
        (named, counts.year.clone())
    }

    #[test]
    fn counts_are_those_of_tantivys_terms_aggregation_on_the_shipped_corpus() {
        let index = shipped_in_two_segments();
        let searcher = index.searcher();
        let columns: Arc<FacetColumns> = Arc::default();
        assert!(searcher.segment_readers().len() >= 2);
        let f = *index.fields();
        let docs = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, KIND_DOC),
                IndexRecordOption::Basic,
            ))
        };
        let holding = |word: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, docs()),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.doc_body_folded, word),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]))
        };
        let queries = [docs(), holding("phap"), holding("tinh"), holding("ke")];
        for query in &queries {
            let ours = searcher
                .search(query.as_ref(), &collector(columns.clone(), None))
                .unwrap();
            let ours = every_bucket(&ours);
            assert_eq!(ours, by_tantivy(&searcher, query.as_ref()), "{query:?}");
            assert!(!ours.0[0].is_empty() && !ours.1.is_empty());
        }
        // Each segment's columns were opened once and are kept.
        assert_eq!(columns.lock().len(), searcher.segment_readers().len());
        let all = searcher
            .search(queries[0].as_ref(), &collector(columns.clone(), None))
            .unwrap();
        let issuers = all.named(1).len();
        let facets = all.into_facets();
        assert!(facets.agency.contains_key("issuer"), "{:?}", facets.agency);
        assert!(!facets.year.contains_key("0"));
        assert!(!facets.issuer.contains_key(schema::NO_FACET));
        assert!(facets.issuer.len() <= issuers);
    }

    #[test]
    fn the_largest_buckets_are_kept_ties_by_name() {
        let counts =
            [("b", 2), ("a", 2), ("c", 5), ("", 9), ("d", 1)].map(|(k, n)| (k.to_string(), n));
        let kept = largest(counts, 3);
        assert_eq!(
            kept.into_iter().collect::<Vec<_>>(),
            [
                ("a".to_string(), 2),
                ("b".to_string(), 2),
                ("c".to_string(), 5)
            ]
        );
    }
}
