//! Proximity: the passages holding a long query's syllables in its order, close together (a
//! sentence pasted from a document, without its punctuation or with a word left out: `hoà giải ở
//! cơ sở tư vấn pháp luật trợ giúp pháp lý` in `hòa giải ở cơ sở, tư vấn pháp luật và trợ giúp
//! pháp lý`).
//!
//! A passage holds the run when its positions of the query's syllables can be chosen in the
//! query's order with at most [`slop`] other syllables among them in all. The passages holding
//! every syllable are walked together (the rarest syllable leads), and for each the cheapest
//! placement is found over the positions of its syllables (dynamic programming: each syllable's
//! positions against the cheapest placement of the syllables before it, in one pass). Repeated
//! syllables (`pháp` twice) are placed once each, in order.

use std::collections::HashMap;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Term, TERMINATED};

use super::engine::SearchContext;
use crate::error::Result;

/// Fewest syllables of a query read as a sentence pasted from a document.
pub const PASTED_SYLLABLES: usize = 8;

/// Most passages holding every syllable that are looked at for the run (a sentence of common
/// words may be held, scattered, by many).
const MAX_CANDIDATES: usize = 20_000;

/// Other syllables a run of `n` query syllables may have among them: a quarter of its length
/// (`và` added, a comma's clause reordered no further).
pub fn slop(n: usize) -> u32 {
    (n / 4) as u32
}

/// The passages holding `words` (folded syllables, in the query's order) as a run, when there
/// are at least [`PASTED_SYLLABLES`] of them; none otherwise.
pub fn runs(ctx: &SearchContext, words: &[String]) -> Result<Vec<DocAddress>> {
    let mut out = Vec::new();
    if words.len() < PASTED_SYLLABLES {
        return Ok(out);
    }
    // Distinct syllables, and for each word of the query which of them it is.
    let mut distinct: Vec<&str> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    let order: Vec<usize> = words
        .iter()
        .map(|w| {
            *slot.entry(w.as_str()).or_insert_with(|| {
                distinct.push(w.as_str());
                distinct.len() - 1
            })
        })
        .collect();
    let budget = slop(words.len());
    let mut checked = 0;
    'segments: for (ord, segment) in ctx.searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(ctx.fields.body_folded)?;
        // Each distinct syllable's postings, the rarest first: it leads the walk.
        let mut postings: Vec<(usize, SegmentPostings)> = Vec::with_capacity(distinct.len());
        for (d, w) in distinct.iter().enumerate() {
            let term = Term::from_field_text(ctx.fields.body_folded, w);
            let read = inverted
                .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                .map_err(tantivy::TantivyError::from)?;
            match read {
                Some(p) => postings.push((d, p)),
                None => continue 'segments,
            }
        }
        postings.sort_by_key(|(_, p)| p.doc_freq());
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); distinct.len()];
        let mut doc = postings[0].1.doc();
        while doc != TERMINATED && checked < MAX_CANDIDATES {
            if let Some(next) = all_at(&mut postings, doc) {
                doc = next;
                continue;
            }
            checked += 1;
            for (d, p) in postings.iter_mut() {
                positions[*d].clear();
                p.positions(&mut positions[*d]);
            }
            let placed: Vec<&[u32]> = order.iter().map(|&d| positions[d].as_slice()).collect();
            if cheapest_placement(&placed).is_some_and(|cost| cost <= budget) {
                out.push(DocAddress::new(ord as u32, doc));
            }
            doc = postings[0].1.advance();
        }
    }
    Ok(out)
}

/// Moves every posting list to `doc` or past it: `None` when all are on it, otherwise the
/// document the walk looks at next (the first one some list is on past `doc`).
fn all_at(postings: &mut [(usize, SegmentPostings)], doc: DocId) -> Option<DocId> {
    for (_, p) in postings.iter_mut() {
        if p.doc() < doc {
            p.seek(doc);
        }
        if p.doc() != doc {
            return Some(p.doc());
        }
    }
    None
}

/// The fewest other syllables among the query's syllables over every in-order placement, each
/// syllable `i` at one of `positions[i]` (ascending); `None` when no placement is in order.
pub fn cheapest_placement(positions: &[&[u32]]) -> Option<u32> {
    let first = positions.first()?;
    // (position, cheapest cost of placing the syllables so far ending there)
    let mut prev: Vec<(u32, u32)> = first.iter().map(|&p| (p, 0)).collect();
    for pos in &positions[1..] {
        let mut next = Vec::with_capacity(pos.len());
        // The cheapest `cost - position` among the placements before `p`: the cost of ending at
        // `p` is that plus `p - 1`.
        let mut best: Option<i64> = None;
        let mut j = 0;
        for &p in pos.iter() {
            while j < prev.len() && prev[j].0 < p {
                let v = i64::from(prev[j].1) - i64::from(prev[j].0);
                best = Some(best.map_or(v, |b| b.min(v)));
                j += 1;
            }
            if let Some(b) = best {
                next.push((p, (b + i64::from(p) - 1).max(0) as u32));
            }
        }
        if next.is_empty() {
            return None;
        }
        prev = next;
    }
    prev.iter().map(|&(_, c)| c).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Passage};

    fn doc(id: &str, passages: &[&str]) -> Document {
        Document {
            id: id.into(),
            title: Some(format!("Kế hoạch {id}")),
            body: passages.join("\n"),
            outline: passages
                .iter()
                .enumerate()
                .map(|(i, t)| Passage {
                    path: format!("Mục {}", i + 1),
                    text: (*t).into(),
                    ..Passage::default()
                })
                .collect(),
            ..Document::default()
        }
    }

    #[test]
    fn a_pasted_sentence_is_found_where_its_syllables_stand_in_its_order() {
        let index = crate::index::index_of(&[
            // The sentence, with its punctuation and a `và` the query leaves out.
            doc(
                "seed",
                &[
                    "Mở đầu.",
                    "Lồng ghép với hoạt động hòa giải ở cơ sở, tư vấn pháp luật và trợ giúp \
                     pháp lý; giải quyết hài hòa.",
                ],
            ),
            // Every syllable, but scattered and out of order.
            doc(
                "scattered",
                &[
                    "Trợ giúp pháp lý và tư vấn pháp luật cho người dân ở cơ sở; hòa giải \
                   tranh chấp.",
                ],
            ),
            // Most of the sentence, one syllable short.
            doc(
                "short",
                &["Hòa giải ở cơ sở, tư vấn pháp luật và trợ giúp pháp."],
            ),
        ]);
        let caches = super::super::Caches::default();
        let ctx = SearchContext::new(&index, &caches, super::super::Weights::default());
        let words = |q: &str| -> Vec<String> {
            crate::text::syllables_in(q, crate::text::View::Folded)
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        let found = |q: &str| -> Vec<String> {
            let addrs = runs(&ctx, &words(q)).unwrap();
            let mut entries = super::super::entries::Entries::new(&ctx.searcher);
            entries.ids(&addrs).unwrap()
        };
        let q = "hoà giải ở cơ sở tư vấn pháp luật trợ giúp pháp lý";
        assert_eq!(found(q), ["seed"]);
        // Without diacritics too: the run is read on folded syllables.
        assert_eq!(
            found("hoa giai o co so tu van phap luat tro giup phap ly"),
            ["seed"]
        );
        // Too far apart: five syllables added where a quarter of eleven (2) is allowed.
        assert!(found("hòa giải ở cơ sở tư vấn pháp luật giải quyết hài hòa").is_empty());
        // Eight syllables are a sentence; seven are not.
        assert_eq!(found("tư vấn pháp luật trợ giúp pháp lý"), ["seed"]);
        assert!(found("tư vấn pháp luật và trợ giúp").is_empty());
    }

    #[test]
    fn the_cheapest_placement_counts_the_syllables_in_between() {
        // `a b c` at 0 1 2: in order, nothing between.
        assert_eq!(cheapest_placement(&[&[0], &[1], &[2]]), Some(0));
        // `và` between b and c.
        assert_eq!(cheapest_placement(&[&[0], &[1], &[3]]), Some(1));
        // Out of order: none.
        assert_eq!(cheapest_placement(&[&[5], &[1], &[2]]), None);
        // The closest choice among many positions.
        assert_eq!(
            cheapest_placement(&[&[0, 10], &[4, 11], &[12, 30]]),
            Some(0)
        );
        // A repeated syllable (`pháp` of `pháp luật ... pháp lý`) is placed twice, in order.
        let phap: &[u32] = &[7, 11];
        assert_eq!(
            cheapest_placement(&[phap, &[8], &[9, 10], phap, &[12]]),
            Some(1)
        );
        assert_eq!(cheapest_placement(&[phap, &[8], phap]), Some(2));
        assert_eq!(cheapest_placement(&[&[7], &[8], &[7]]), None);
    }
}
