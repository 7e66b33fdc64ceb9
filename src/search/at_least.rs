//! "At least n of these syllables": the query that decides which documents match.
//!
//! A document matches when it holds enough of the query's syllables (each syllable a group of
//! terms: its folded form in the body or in the title). tantivy's boolean query answers this
//! with a disjunction that keeps its term cursors in a heap, advancing every cursor through
//! every document that holds a common syllable; for a twenty-syllable question that was a fifth
//! of a search. [`AtLeast`] walks each posting list once instead, counting per document how many
//! groups it holds, and matches the documents whose count is high enough. It does not score:
//! ranking is by passages.

use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Entries holding at least `required` of `groups`; an entry holds a group when it holds any of
/// the group's terms.
#[derive(Debug, Clone)]
pub struct AtLeast {
    groups: Vec<Vec<Term>>,
    required: usize,
}

impl AtLeast {
    /// The query; `required` is at least 1.
    pub fn new(groups: Vec<Vec<Term>>, required: usize) -> Self {
        AtLeast {
            groups,
            required: required.max(1),
        }
    }
}

impl Query for AtLeast {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in self.groups.iter().flatten() {
            visitor(term, false);
        }
    }
}

impl Weight for AtLeast {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.required > self.groups.len() {
            return Ok(Box::new(Matches::new(Vec::new(), boost)));
        }
        let max_doc = reader.max_doc() as usize;
        let docs = COUNTS.with(|counts| -> tantivy::Result<Vec<DocId>> {
            let mut counts = counts.borrow_mut();
            // How many groups each entry holds, and a bit per entry that reached the required
            // count (read in order without a pass over every count). The buffers stay with the
            // thread: allocating them afresh cost a page fault per 4 KB on a large index.
            let Counts {
                held,
                reached,
                others,
            } = &mut *counts;
            held.clear();
            held.resize(max_doc, 0);
            reached.clear();
            reached.resize(max_doc.div_ceil(64), 0);
            let required = u16::try_from(self.required).unwrap_or(u16::MAX);
            let mut count = |doc: DocId| {
                let d = doc as usize;
                if let Some(n) = held.get_mut(d) {
                    *n = n.saturating_add(1);
                    if *n == required {
                        reached[d / 64] |= 1 << (d % 64);
                    }
                }
            };
            for group in &self.groups {
                // An entry holding two terms of a group counts once: the group's longest
                // posting list is walked in step with the others' documents, merged and sorted
                // (a syllable's title list is short beside its body list).
                let mut lists = Vec::with_capacity(group.len());
                for term in group {
                    let index = reader.inverted_index(term.field())?;
                    if let Some(p) = index.read_block_postings(term, IndexRecordOption::Basic)? {
                        lists.push(p);
                    }
                }
                let Some(longest) = (0..lists.len()).max_by_key(|&i| lists[i].doc_freq()) else {
                    continue;
                };
                let mut walked = lists.swap_remove(longest);
                others.clear();
                for mut list in lists {
                    for_each_doc(&mut list, |doc| others.push(doc));
                }
                others.sort_unstable();
                others.dedup();
                let mut next = others.iter().copied().peekable();
                for_each_doc(&mut walked, |doc| {
                    while let Some(o) = next.next_if(|&o| o <= doc) {
                        if o < doc {
                            count(o);
                        }
                    }
                    count(doc);
                });
                next.for_each(&mut count);
            }
            let mut docs = Vec::new();
            for (k, word) in reached.iter().enumerate() {
                let mut bits = *word;
                while bits != 0 {
                    docs.push((k * 64) as DocId + bits.trailing_zeros());
                    bits &= bits - 1;
                }
            }
            Ok(docs)
        })?;
        Ok(Box::new(Matches::new(docs, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("AtLeast", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )))
        }
    }
}

thread_local! {
    static COUNTS: std::cell::RefCell<Counts> = std::cell::RefCell::default();
}

/// Per entry of the segment being matched: groups held, and a bit per entry that holds enough
/// groups; the documents of a group's shorter lists.
#[derive(Default)]
struct Counts {
    held: Vec<u16>,
    reached: Vec<u64>,
    others: Vec<DocId>,
}

/// Calls `f` with every document of a posting list.
fn for_each_doc(postings: &mut BlockSegmentPostings, mut f: impl FnMut(DocId)) {
    loop {
        let docs = postings.docs();
        if docs.is_empty() {
            return;
        }
        for &doc in docs {
            f(doc);
        }
        postings.advance();
    }
}

/// The matching entries of one segment, in order, all with the same score.
struct Matches {
    docs: Vec<DocId>,
    at: usize,
    score: Score,
}

impl Matches {
    fn new(docs: Vec<DocId>, score: Score) -> Self {
        Matches { docs, at: 0, score }
    }
}

impl DocSet for Matches {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len().saturating_sub(self.at) as u32
    }
}

impl Scorer for Matches {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{Schema, STRING, TEXT};
    use tantivy::{doc, Index};

    /// The same entries as tantivy's boolean query with a minimum of matching clauses, on
    /// documents of two fields across several segments, with deletions.
    #[test]
    fn same_matches_as_a_boolean_minimum() {
        let mut b = Schema::builder();
        let body = b.add_text_field("body", TEXT);
        let title = b.add_text_field("title", TEXT);
        let id = b.add_text_field("id", STRING);
        let index = Index::create_in_ram(b.build());
        let mut w = index.writer(15_000_000).unwrap();
        let words = ["hoa", "giai", "co", "so", "luat", "dan", "su"];
        for i in 0..300usize {
            let text: Vec<&str> = (0..words.len())
                .filter(|k| (i >> k) & 1 == 1 || (i * 7 + k) % 11 == 0)
                .map(|k| words[k])
                .collect();
            let t = if i % 5 == 0 {
                words[i % words.len()]
            } else {
                ""
            };
            w.add_document(doc!(body => text.join(" "), title => t, id => i.to_string()))
                .unwrap();
            if i % 100 == 99 {
                w.commit().unwrap();
            }
        }
        w.delete_term(Term::from_field_text(id, "7"));
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let groups: Vec<Vec<Term>> = ["hoa", "giai", "co", "so", "zzz"]
            .iter()
            .map(|word| {
                vec![
                    Term::from_field_text(body, word),
                    Term::from_field_text(title, word),
                ]
            })
            .collect();
        for required in 1..=5 {
            let boolean = BooleanQuery::with_minimum_required_clauses(
                groups
                    .iter()
                    .map(|g| {
                        let clauses = g
                            .iter()
                            .map(|t| {
                                let q: Box<dyn Query> =
                                    Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic));
                                (Occur::Should, q)
                            })
                            .collect();
                        let q: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
                        (Occur::Should, q)
                    })
                    .collect(),
                required,
            );
            let expected = searcher.search(&boolean, &DocSetCollector).unwrap();
            let got = searcher
                .search(&AtLeast::new(groups.clone(), required), &DocSetCollector)
                .unwrap();
            assert_eq!(got, expected, "at least {required}");
            assert_eq!(
                searcher
                    .search(
                        &AtLeast::new(groups.clone(), required),
                        &tantivy::collector::Count
                    )
                    .unwrap(),
                expected.len()
            );
        }
    }
}
