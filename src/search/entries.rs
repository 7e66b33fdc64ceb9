//! An entry's kind and document id, read from fast fields. A string column's dictionary is
//! compressed in blocks, so ids are decoded in batches, one pass per segment, never one
//! decompression per entry.

use std::collections::{BTreeSet, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::{Error, Result};
use crate::index::schema::names;
use crate::index::KIND_PASSAGE;

/// The `id` and `kind` columns of one segment.
struct Columns {
    id: Option<StrColumn>,
    kind: Option<StrColumn>,
    /// Ordinal of `passage` in this segment's `kind` dictionary.
    passage_ord: Option<u64>,
}

/// Reads kinds and ids of entries of one searcher, opening each segment's columns once.
pub struct Entries<'a> {
    searcher: &'a Searcher,
    segments: HashMap<u32, Columns>,
}

impl<'a> Entries<'a> {
    /// A reader over `searcher`'s segments.
    pub fn new(searcher: &'a Searcher) -> Self {
        Entries {
            searcher,
            segments: HashMap::new(),
        }
    }

    fn columns(&mut self, segment: u32) -> Result<&Columns> {
        if !self.segments.contains_key(&segment) {
            let fast = self.searcher.segment_reader(segment).fast_fields();
            let kind = fast.str(names::KIND)?;
            let passage_ord = match &kind {
                Some(k) => k
                    .dictionary()
                    .term_ord(KIND_PASSAGE)
                    .map_err(|e| Error::io("index kind column", e))?,
                None => None,
            };
            let columns = Columns {
                id: fast.str(names::ID)?,
                kind,
                passage_ord,
            };
            self.segments.insert(segment, columns);
        }
        Ok(&self.segments[&segment])
    }

    /// True when the entry at `addr` is a passage.
    pub fn is_passage(&mut self, addr: DocAddress) -> Result<bool> {
        let c = self.columns(addr.segment_ord)?;
        Ok(match (&c.kind, c.passage_ord) {
            (Some(kind), Some(ord)) => kind.term_ords(addr.doc_id).next() == Some(ord),
            _ => false,
        })
    }

    /// The ordinal of the entry's id in its segment: equal ordinals in one segment are one
    /// document.
    pub fn id_ord(&mut self, addr: DocAddress) -> Result<Option<u64>> {
        let c = self.columns(addr.segment_ord)?;
        Ok(c.id
            .as_ref()
            .and_then(|id| id.term_ords(addr.doc_id).next()))
    }

    /// The [`DocKey`] of the entry at `addr`.
    pub fn key(&mut self, addr: DocAddress) -> Result<Option<DocKey>> {
        Ok(self.id_ord(addr)?.map(|o| (addr.segment_ord, o)))
    }

    /// The document ids of `addrs`, in their order (empty for an entry without one).
    pub fn ids(&mut self, addrs: &[DocAddress]) -> Result<Vec<String>> {
        let mut wanted: HashMap<u32, BTreeSet<u64>> = HashMap::new();
        let mut ords = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let ord = self.id_ord(*addr)?;
            if let Some(o) = ord {
                wanted.entry(addr.segment_ord).or_default().insert(o);
            }
            ords.push(ord);
        }
        let mut decoded: HashMap<(u32, u64), String> = HashMap::new();
        for (segment, set) in wanted {
            let Some(column) = self.columns(segment)?.id.as_ref() else {
                continue;
            };
            let mut it = set.iter();
            column
                .dictionary()
                .sorted_ords_to_term_cb(set.iter().copied(), |bytes| {
                    if let Some(ord) = it.next() {
                        decoded.insert((segment, *ord), String::from_utf8_lossy(bytes).into());
                    }
                    Ok(())
                })
                .map_err(|e| Error::io("index id column", e))?;
        }
        Ok(addrs
            .iter()
            .zip(ords)
            .map(|(addr, ord)| {
                ord.and_then(|o| decoded.get(&(addr.segment_ord, o)).cloned())
                    .unwrap_or_default()
            })
            .collect())
    }
}

/// A document's key inside one searcher: its segment and the ordinal of its id there. A
/// document entry and its passages are written in one batch, so they share a segment and a key.
pub type DocKey = (u32, u64);

/// A set of [`DocKey`]s (a fast hash: a broad query matches most documents of a large index).
pub type DocKeys = rustc_hash::FxHashSet<DocKey>;

/// Collects the [`DocKey`] of every matching entry, for checking ranked passages against the
/// documents that match as a whole, in the same pass that counts them.
pub struct MatchedDocs;

/// [`MatchedDocs`] on one segment.
pub struct MatchedSegment {
    segment: u32,
    ids: Option<StrColumn>,
    found: DocKeys,
}

impl Collector for MatchedDocs {
    type Fruit = DocKeys;
    type Child = MatchedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MatchedSegment> {
        Ok(MatchedSegment {
            segment,
            ids: reader.fast_fields().str(names::ID)?,
            found: DocKeys::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DocKeys>) -> tantivy::Result<DocKeys> {
        Ok(fruits
            .into_iter()
            .reduce(|mut all, more| {
                all.extend(more);
                all
            })
            .unwrap_or_default())
    }
}

impl SegmentCollector for MatchedSegment {
    type Fruit = DocKeys;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(ord) = self.ids.as_ref().and_then(|c| c.term_ords(doc).next()) {
            self.found.insert((self.segment, ord));
        }
    }

    fn harvest(self) -> DocKeys {
        self.found
    }
}
