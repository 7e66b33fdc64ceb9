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

/// A set of [`DocKey`]s: per segment a bit per id ordinal (a broad query matches most
/// documents of a large index; setting a bit is cheaper than hashing a key).
#[derive(Debug, Default)]
pub struct DocKeys {
    segments: Vec<Option<Bits>>,
    len: usize,
}

impl DocKeys {
    /// True when `key` is in the set.
    pub fn contains(&self, &(segment, ord): &DocKey) -> bool {
        match self.segments.get(segment as usize) {
            Some(Some(bits)) => bits.contains(ord),
            _ => false,
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The document ids of the keys, read from `searcher`'s id columns (the searcher the keys
    /// were collected on), in no particular order.
    pub fn ids(&self, searcher: &Searcher) -> Result<Vec<String>> {
        let mut out = Vec::with_capacity(self.len);
        for (segment, bits) in self.segments.iter().enumerate() {
            let Some(bits) = bits else {
                continue;
            };
            let reader = searcher.segment_reader(segment as u32);
            let Some(column) = reader.fast_fields().str(names::ID)? else {
                continue;
            };
            column
                .dictionary()
                .sorted_ords_to_term_cb(bits.iter(), |bytes| {
                    out.push(String::from_utf8_lossy(bytes).into_owned());
                    Ok(())
                })
                .map_err(|e| Error::io("index id column", e))?;
        }
        Ok(out)
    }
}

/// A fixed-size set of small numbers (id ordinals of one segment).
#[derive(Debug)]
pub struct Bits(Vec<u64>);

impl Bits {
    /// An empty set of numbers below `len`.
    fn new(len: u64) -> Self {
        Bits(vec![0; usize::try_from(len.div_ceil(64)).unwrap_or(0)])
    }

    /// The numbers in the set, ascending.
    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            let mut w = word;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = u64::from(w.trailing_zeros());
                w &= w - 1;
                Some(i as u64 * 64 + bit)
            })
        })
    }

    fn contains(&self, n: u64) -> bool {
        let (word, bit) = ((n / 64) as usize, n % 64);
        self.0.get(word).is_some_and(|w| w & (1 << bit) != 0)
    }

    /// Adds `n` (ignored when out of range); true when it was not there.
    fn insert(&mut self, n: u64) -> bool {
        let (word, bit) = ((n / 64) as usize, n % 64);
        match self.0.get_mut(word) {
            Some(w) if *w & (1 << bit) == 0 => {
                *w |= 1 << bit;
                true
            }
            _ => false,
        }
    }
}

/// The keys found in one segment.
pub struct SegmentKeys {
    segment: u32,
    bits: Bits,
    len: usize,
}

/// Collects the [`DocKey`] of every matching entry, for checking ranked passages against the
/// documents that match as a whole, in the same pass that counts them.
pub struct MatchedDocs;

/// [`MatchedDocs`] on one segment.
pub struct MatchedSegment {
    ids: Option<StrColumn>,
    found: SegmentKeys,
}

impl Collector for MatchedDocs {
    type Fruit = DocKeys;
    type Child = MatchedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MatchedSegment> {
        let ids = reader.fast_fields().str(names::ID)?;
        let ords = ids.as_ref().map_or(0, |c| c.dictionary().num_terms());
        Ok(MatchedSegment {
            ids,
            found: SegmentKeys {
                segment,
                bits: Bits::new(ords as u64),
                len: 0,
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentKeys>) -> tantivy::Result<DocKeys> {
        let mut all = DocKeys::default();
        for keys in fruits {
            let at = keys.segment as usize;
            if all.segments.len() <= at {
                all.segments.resize_with(at + 1, || None);
            }
            all.len += keys.len;
            all.segments[at] = Some(keys.bits);
        }
        Ok(all)
    }
}

impl SegmentCollector for MatchedSegment {
    type Fruit = SegmentKeys;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(ord) = self.ids.as_ref().and_then(|c| c.term_ords(doc).next()) else {
            return;
        };
        if self.found.bits.insert(ord) {
            self.found.len += 1;
        }
    }

    fn harvest(self) -> SegmentKeys {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_hold_what_was_inserted_once() {
        let mut bits = Bits::new(130);
        assert!(bits.insert(0));
        assert!(bits.insert(129));
        assert!(!bits.insert(129), "already there");
        assert!(!bits.insert(192), "out of range");
        assert!(bits.contains(0) && bits.contains(129));
        assert!(!bits.contains(1) && !bits.contains(128) && !bits.contains(10_000));
        assert_eq!(bits.iter().collect::<Vec<_>>(), vec![0, 129]);
    }
}
