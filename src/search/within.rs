//! The passages of one document ranked among themselves.
//!
//! Every passage of a document shares its heading (number, type, title, issuer), and ranking
//! across documents adds the heading's score to each of them once. Among the passages of one
//! document the heading's terms tell nothing apart: a question on `trách nhiệm của Bộ Khoa học và
//! Công nghệ` in a decree on `công nghiệp an ninh` is answered by the article on the ministry's
//! duties, though every article of the decree speaks of `công nghiệp an ninh`, most of them more
//! often. The ranking across documents stays as it is; which of a document's passages stand in
//! the places it holds, and in which order, is decided by their scores less what the terms of
//! the document's heading add to them ([`scores_within`], weighed by
//! [`super::Weights::title_terms`]); [`fill_slots`] puts them there.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::index::SegmentId;
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term};

use super::entries::DocKey;
use super::WeightedTerm;
use crate::error::Result;
use crate::index::Fields;
use crate::text;

/// What the headings of some documents say, by document.
#[derive(Debug, Default)]
pub struct Headings {
    documents: HashMap<DocKey, Arc<Covered>>,
}

impl Headings {
    /// Adds what the heading of `document` says.
    pub fn add(&mut self, document: DocKey, covered: Arc<Covered>) {
        self.documents.insert(document, covered);
    }

    /// True when the heading of `document` is here.
    pub fn has(&self, document: DocKey) -> bool {
        self.documents.contains_key(&document)
    }

    /// The documents whose heading holds `term`.
    fn covering(&self, f: &Fields, term: &Term) -> HashSet<DocKey> {
        let value = term.value();
        let Some(value) = value.as_str() else {
            return HashSet::new();
        };
        let folded;
        let (key, pair) = if term.field() == f.body_folded {
            (value, false)
        } else if term.field() == f.body {
            folded = text::fold(value);
            (folded.as_str(), false)
        } else if term.field() == f.body_folded_pairs {
            (value, true)
        } else {
            return HashSet::new();
        };
        self.documents
            .iter()
            .filter(|(_, c)| match pair {
                true => c.pairs.contains(key),
                false => c.syllables.contains(key),
            })
            .map(|(d, _)| *d)
            .collect()
    }
}

/// What the headings of the documents searches showed say, by segment and document: reading a
/// heading means reading a stored passage, a tenth of a question's time when it was done for
/// every hit. Segments never change; the cache is emptied when it holds `HEADINGS_KEPT`.
#[derive(Debug, Default)]
pub struct HeadingCache {
    documents: Mutex<FxHashMap<(SegmentId, u64), Arc<Covered>>>,
}

/// Most headings a [`HeadingCache`] keeps (a few kilobytes each).
const HEADINGS_KEPT: usize = 4096;

impl HeadingCache {
    /// What the heading of document `ordinal` (its id's ordinal) of `segment` says; `heading`
    /// gives the heading when it is not kept.
    pub fn get_or_add(
        &self,
        (segment, ordinal): (SegmentId, u64),
        heading: impl FnOnce() -> Result<String>,
    ) -> Result<Arc<Covered>> {
        if let Some(c) = self.lock().get(&(segment, ordinal)) {
            return Ok(c.clone());
        }
        let covered = Arc::new(Covered::of(&heading()?));
        let mut documents = self.lock();
        if documents.len() >= HEADINGS_KEPT {
            documents.clear();
        }
        documents.insert((segment, ordinal), covered.clone());
        Ok(covered)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<(SegmentId, u64), Arc<Covered>>> {
        // The map is only read and inserted into: a panic elsewhere cannot leave it half made.
        self.documents.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The folded syllables and syllable pairs of a document's heading.
#[derive(Debug, Default)]
pub struct Covered {
    syllables: HashSet<String>,
    pairs: HashSet<String>,
}

impl Covered {
    /// What `heading` says, in the folded syllables and pairs passages are indexed in (pairs of
    /// neighbouring syllables, as [`text::PairTokenizer`] makes them, without analyzing the
    /// heading a second time).
    pub fn of(heading: &str) -> Self {
        let syllables = text::syllables_in(heading, text::View::Folded);
        let pairs = syllables
            .windows(2)
            .filter_map(|w| match w {
                [a, b] if !text::pairs::breaks_phrase(heading.get(a.end..b.start)?) => {
                    Some(format!("{} {}", a.text, b.text))
                }
                _ => None,
            })
            .collect();
        Covered {
            syllables: syllables.into_iter().map(|t| t.text).collect(),
            pairs,
        }
    }
}

/// A passage ranked across documents: where it is, its document, its score.
pub type Candidate = (DocAddress, DocKey, f32);

/// The score of each of `candidates` among its document's passages: its score less
/// `1 - title_terms` times what the `terms` it was ranked by (each BM25 with its weight, under
/// `stats`) add when its document's heading holds them.
pub fn scores_within(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    f: &Fields,
    terms: &[WeightedTerm],
    headings: &Headings,
    candidates: &[Candidate],
    title_terms: f32,
) -> Result<Vec<f32>> {
    let mut scores: Vec<f32> = candidates.iter().map(|c| c.2).collect();
    let share = 1.0 - title_terms.clamp(0.0, 1.0);
    if share == 0.0 {
        return Ok(scores);
    }
    for (term, weight) in terms {
        let documents = headings.covering(f, term);
        if documents.is_empty() {
            continue;
        }
        let mut covered: Vec<usize> = (0..candidates.len())
            .filter(|&i| documents.contains(&candidates[i].1))
            .collect();
        if covered.is_empty() {
            continue;
        }
        covered.sort_by_key(|&i| candidates[i].0);
        let bm25 = Bm25Weight::for_terms(stats, std::slice::from_ref(term))?.boost_by(*weight);
        let mut segment = None;
        let mut postings = None;
        let mut norms = None;
        for i in covered {
            let addr = candidates[i].0;
            if segment != Some(addr.segment_ord) {
                let reader = searcher.segment_reader(addr.segment_ord);
                postings = reader
                    .inverted_index(term.field())?
                    .read_postings(term, IndexRecordOption::WithFreqs)
                    .map_err(tantivy::TantivyError::from)?;
                norms = Some(reader.get_fieldnorms_reader(term.field())?);
                segment = Some(addr.segment_ord);
            }
            let (Some(postings), Some(norms)) = (postings.as_mut(), norms.as_ref()) else {
                continue;
            };
            if postings.doc() <= addr.doc_id && postings.seek(addr.doc_id) == addr.doc_id {
                let norm = norms.fieldnorm_id(addr.doc_id);
                if let Some(score) = scores.get_mut(i) {
                    *score -= share * bm25.score(norm, postings.term_freq());
                }
            }
        }
    }
    Ok(scores)
}

/// Each document's passages among `candidates`, best first by `scores` (ties in their order).
pub fn best_within(candidates: &[Candidate], scores: &[f32]) -> HashMap<DocKey, Vec<DocAddress>> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    let score = |i: usize| scores.get(i).copied().unwrap_or(f32::MIN);
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)));
    let mut out: HashMap<DocKey, Vec<DocAddress>> = HashMap::new();
    for i in order {
        let (addr, document, _) = candidates[i];
        out.entry(document).or_default().push(addr);
    }
    out
}

/// The passages of `slots` (ranked across documents, best first, each with its document) with
/// every document's places filled by its passages in the order of `within` (per document, best
/// first). The places a document holds stay; which of its passages stand there, and in which
/// order, comes from `within`, then from its passages in `slots` that `within` lacks, in their
/// order. A passage is placed once.
pub fn fill_slots<D, P>(slots: &[(D, P)], within: &HashMap<D, Vec<P>>) -> Vec<P>
where
    D: Eq + Hash,
    P: Eq + Hash + Copy,
{
    let mut placed: HashSet<P> = HashSet::with_capacity(slots.len());
    let mut next: HashMap<&D, usize> = HashMap::new();
    let mut out = Vec::with_capacity(slots.len());
    for (doc, _) in slots {
        let ranked = within.get(doc).map(Vec::as_slice).unwrap_or_default();
        let own = slots.iter().filter(|(d, _)| d == doc).map(|(_, p)| p);
        let at = next.entry(doc).or_default();
        let candidates = ranked.iter().chain(own).skip(*at);
        for (i, p) in candidates.enumerate() {
            if placed.insert(*p) {
                out.push(*p);
                *at += i + 1;
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_covered_in_the_terms_passages_are_indexed_in() {
        // Headings of the shipped corpus, as `Summary::heading` writes them.
        let headings = [
            "176/KH-UBND Kế hoạch Thực hiện Kết luận số 80-KL/TW ngày 20/6/2020 của Ban Bí thư \
             về tiếp tục thực hiện Chỉ thị số 32-CT/TW (PBGDPL) UBND tỉnh Lạng Sơn Ủy ban nhân \
             dân tỉnh Lạng Sơn",
            "01/2014/NQLT/CP-UBTƯMTTQVN Nghị quyết liên tịch Hướng dẫn phối hợp thực hiện một số \
             quy định của pháp luật về hòa giải ở cơ sở Chính phủ và Ủy ban Trung ương Mặt trận \
             Tổ quốc Việt Nam",
            "Luật Hôn nhân và gia đình; điều kiện, \"kết hôn\"",
        ];
        for heading in headings {
            let c = Covered::of(heading);
            let pairs: HashSet<String> = text::pairs(heading, text::View::Folded)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(c.pairs, pairs, "{heading}");
            let syllables: HashSet<String> = text::tokens(heading, text::View::Folded)
                .into_iter()
                .map(|t| t.text)
                .filter(|t| !t.contains('/'))
                .collect();
            assert_eq!(c.syllables, syllables, "{heading}");
        }
        let c = Covered::of(headings[0]);
        assert!(c.syllables.contains("lang") && c.pairs.contains("lang son"));
        // `(PBGDPL) UBND`: the parenthesis parts them.
        assert!(!c.pairs.contains("pbgdpl ubnd"));
    }

    #[test]
    fn each_document_keeps_its_places_with_its_passages_in_their_own_order() {
        // Document a holds places 1, 3 and 4; b holds 2.
        let slots = [("a", 1), ("b", 10), ("a", 2), ("a", 3)];
        let within = HashMap::from([("a", vec![7, 2, 1]), ("b", vec![10])]);
        assert_eq!(fill_slots(&slots, &within), [7, 10, 2, 1]);
    }

    #[test]
    fn passages_within_lacks_follow_in_their_order() {
        // Within a, only passage 5 is ranked.
        let slots = [("a", 1), ("a", 2), ("b", 10), ("a", 3)];
        let within = HashMap::from([("a", vec![5])]);
        assert_eq!(fill_slots(&slots, &within), [5, 1, 10, 2]);
    }

    #[test]
    fn a_passage_in_both_lists_is_placed_once() {
        let slots = [("a", 1), ("a", 2)];
        let within = HashMap::from([("a", vec![2, 1])]);
        assert_eq!(fill_slots(&slots, &within), [2, 1]);
        let none = HashMap::new();
        assert_eq!(fill_slots(&slots, &none), [1, 2]);
    }
}
