//! BM25 statistics for ranking passages, with one knob: the average passage length BM25
//! normalizes by, scaled by [`super::Weights::length_scale`]. A scale above 1 softens the penalty
//! on long passages (a long article of a law is often the one that answers); BM25's own `b`
//! is fixed in tantivy, and this is the same lever seen from the statistics side.

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The searcher's statistics, with the token totals of `fields` scaled by `scale`.
pub struct ScaledLengths<'a> {
    searcher: &'a Searcher,
    fields: &'a [Field],
    scale: f32,
}

impl<'a> ScaledLengths<'a> {
    /// Statistics of `searcher` where `fields` look `scale` times longer on average.
    pub fn new(searcher: &'a Searcher, fields: &'a [Field], scale: f32) -> Self {
        ScaledLengths {
            searcher,
            fields,
            scale,
        }
    }
}

impl Bm25StatisticsProvider for ScaledLengths<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let total = self.searcher.total_num_tokens(field)?;
        if self.fields.contains(&field) {
            Ok((total as f64 * f64::from(self.scale)).round() as u64)
        } else {
            Ok(total)
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::index::index_of;

    #[test]
    fn only_the_named_fields_are_scaled() {
        let index = index_of(&[Document {
            id: "a".into(),
            body: "hòa giải ở cơ sở".into(),
            ..Document::default()
        }]);
        let s = index.searcher();
        let f = index.fields();
        let scaled = ScaledLengths::new(&s, std::slice::from_ref(&f.body), 2.0);
        let body = s.total_num_tokens(f.body).unwrap();
        assert!(body > 0);
        assert_eq!(scaled.total_num_tokens(f.body).unwrap(), body * 2);
        assert_eq!(
            scaled.total_num_tokens(f.body_folded).unwrap(),
            s.total_num_tokens(f.body_folded).unwrap()
        );
        assert_eq!(
            scaled.total_num_docs().unwrap(),
            s.total_num_docs().unwrap()
        );
    }
}
