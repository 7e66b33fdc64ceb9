//! Document titles scored once per document and added to each of its passages.
//!
//! A question often names the document it is about (`theo Luật Hôn nhân và gia đình`). Its title
//! is the context of every passage, but indexing it on every passage repeats it as many times as
//! the document has passages: the title was a seventh of all tokens indexed and more than half
//! of the postings a question walked. Titles are indexed once, on document entries; a question's
//! title terms score those entries ([`TitleScores::collect`]), and ranking adds each document's
//! score to every passage of it ([`TitleScores::tweaker`]). A document's passages are the
//! entries after its document entry, up to the next one: a document and its passages are written
//! in one batch, which tantivy keeps together and in order in one segment, through merges too.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, ScoreSegmentTweaker, ScoreTweaker, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::postings::SegmentPostings;
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, Term, TERMINATED};

use crate::error::Result;

/// The title score of every document whose title holds a term of the question, as the span of
/// entries (the document entry and its passages) it applies to, by segment.
#[derive(Debug, Default)]
pub struct TitleScores {
    by_segment: HashMap<SegmentId, Arc<Vec<Span>>>,
}

/// Entries `start..end` of a segment (a document entry and its passages) and their title score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    start: DocId,
    end: DocId,
    score: Score,
}

impl TitleScores {
    /// Scores the document entries `query` matches: every one, since each may lift any of its
    /// passages. The title BM25 counts documents, not entries: a title term's rarity is among
    /// document titles, and the average title length is over documents.
    pub fn collect(searcher: &Searcher, query: &dyn Query, kind_doc: Term) -> Result<Self> {
        let collect = Collect {
            kind_doc: kind_doc.clone(),
        };
        let stats = PerDocument { searcher, kind_doc };
        let fruits = searcher.search_with_statistics_provider(query, &collect, &stats)?;
        Ok(TitleScores {
            by_segment: fruits
                .into_iter()
                .map(|(segment, spans)| (segment, Arc::new(spans)))
                .collect(),
        })
    }

    /// Documents with a title score.
    pub fn len(&self) -> usize {
        self.by_segment.values().map(|s| s.len()).sum()
    }

    /// True when no title holds a term of the question.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The title score of the document the entry `doc` of `segment` belongs to (0 when its
    /// title holds no term of the question).
    pub fn of(&self, segment: SegmentId, doc: DocId) -> Score {
        let Some(spans) = self.by_segment.get(&segment) else {
            return 0.0;
        };
        let at = spans.partition_point(|s| s.end <= doc);
        match spans.get(at) {
            Some(s) if s.start <= doc => s.score,
            _ => 0.0,
        }
    }

    /// A score tweaker adding an entry's document title score to the entry's own score.
    pub fn tweaker(&self) -> AddTitle<'_> {
        AddTitle(self)
    }
}

/// The statistics of title BM25: document entries only.
struct PerDocument<'a> {
    searcher: &'a Searcher,
    kind_doc: Term,
}

impl Bm25StatisticsProvider for PerDocument<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.searcher.doc_freq(&self.kind_doc)?.max(1))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

/// Collects the score of each matching document entry with the span of its passages.
struct Collect {
    kind_doc: Term,
}

/// [`Collect`] in one segment.
struct CollectSegment {
    segment: SegmentId,
    /// The document entries of the segment, in order.
    doc_entries: Option<SegmentPostings>,
    max_doc: DocId,
    spans: Vec<Span>,
}

impl Collector for Collect {
    type Fruit = Vec<(SegmentId, Vec<Span>)>;
    type Child = CollectSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<CollectSegment> {
        let doc_entries = reader
            .inverted_index(self.kind_doc.field())?
            .read_postings(&self.kind_doc, IndexRecordOption::Basic)?;
        Ok(CollectSegment {
            segment: reader.segment_id(),
            doc_entries,
            max_doc: reader.max_doc(),
            spans: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<(SegmentId, Vec<Span>)>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().filter(|(_, s)| !s.is_empty()).collect())
    }
}

impl SegmentCollector for CollectSegment {
    type Fruit = (SegmentId, Vec<Span>);

    /// `doc` is a document entry: its passages follow it up to the next document entry (they are
    /// written in one batch, which tantivy keeps together and in order in one segment).
    fn collect(&mut self, doc: DocId, score: Score) {
        let end = match &mut self.doc_entries {
            Some(entries) if entries.doc() <= doc => match entries.seek(doc + 1) {
                TERMINATED => self.max_doc,
                next => next,
            },
            Some(entries) if entries.doc() != TERMINATED => entries.doc(),
            _ => self.max_doc,
        };
        self.spans.push(Span {
            start: doc,
            end,
            score,
        });
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.spans)
    }
}

/// [`TitleScores::tweaker`].
pub struct AddTitle<'a>(&'a TitleScores);

/// [`AddTitle`] in one segment: walks the spans along with the entries scored, which come in
/// increasing order.
pub struct AddTitleSegment {
    spans: Option<Arc<Vec<Span>>>,
    at: usize,
    /// The entry scored last.
    last: DocId,
}

impl ScoreTweaker<Score> for AddTitle<'_> {
    type Child = AddTitleSegment;

    fn segment_tweaker(&self, reader: &SegmentReader) -> tantivy::Result<AddTitleSegment> {
        Ok(AddTitleSegment {
            spans: self.0.by_segment.get(&reader.segment_id()).cloned(),
            at: 0,
            last: 0,
        })
    }
}

impl ScoreSegmentTweaker<Score> for AddTitleSegment {
    fn score(&mut self, doc: DocId, score: Score) -> Score {
        let Some(spans) = &self.spans else {
            return score;
        };
        if doc < self.last {
            // Not in increasing order after all: find the span afresh.
            self.at = spans.partition_point(|s| s.end <= doc);
        }
        self.last = doc;
        while spans.get(self.at).is_some_and(|s| s.end <= doc) {
            self.at += 1;
        }
        match spans.get(self.at) {
            Some(s) if s.start <= doc => score + s.score,
            _ => score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tweak(spans: Vec<Span>, docs: &[DocId]) -> Vec<Score> {
        let mut t = AddTitleSegment {
            spans: Some(Arc::new(spans)),
            at: 0,
            last: 0,
        };
        docs.iter().map(|&d| t.score(d, 1.0)).collect()
    }

    #[test]
    fn each_entry_gets_the_score_of_the_span_it_is_in() {
        let spans = vec![
            Span {
                start: 2,
                end: 5,
                score: 10.0,
            },
            Span {
                start: 9,
                end: 10,
                score: 20.0,
            },
        ];
        let docs = [0, 2, 3, 4, 5, 8, 9, 10, 40];
        let want = [1.0, 11.0, 11.0, 11.0, 1.0, 1.0, 21.0, 1.0, 1.0];
        assert_eq!(tweak(spans.clone(), &docs), want);
        // Out of order, the same answers.
        let back = [9, 3, 40, 2, 0];
        assert_eq!(tweak(spans, &back), [21.0, 11.0, 1.0, 11.0, 1.0]);
    }
}
