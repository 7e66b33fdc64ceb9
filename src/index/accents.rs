//! The index's own diacritics statistics: an [`AccentModel`] counted from the accented term
//! dictionaries (syllables and syllable pairs of titles and bodies), so that a query typed without
//! diacritics can be restored to the forms the indexed documents actually use.
//!
//! The model is derived, never stored: it is rebuilt from the terms of the searcher it serves and
//! cached for that searcher's generation, so it can never disagree with what is indexed (a
//! document deleted is a document no longer counted).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::schema::Field;
use tantivy::Searcher;

use crate::error::Result;
use crate::text::accent::{question_word_counts, AccentModel, Limits};

/// Pairs seen in fewer documents than this within one segment are not counted. Counted per
/// document (schema 7), a pair seen once is evidence worth keeping: a threshold of 2 lost two
/// points of restored syllables on ALQAC (93.0 % against 95.5 %); the model's own cap bounds the
/// memory.
const MIN_PAIR_DOC_FREQ: u32 = 1;

/// The model of one searcher generation, built on first use.
#[derive(Default)]
pub struct AccentCache {
    cached: Mutex<Option<(u64, Arc<AccentModel>)>>,
}

impl std::fmt::Debug for AccentCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccentCache")
    }
}

impl AccentCache {
    /// The model for `searcher`, counted now unless this generation's is cached.
    pub fn model(
        &self,
        searcher: &Searcher,
        syllable_fields: &[Field],
        pair_fields: &[Field],
    ) -> Result<Arc<AccentModel>> {
        let generation = searcher.generation().generation_id();
        // A poisoned lock only means another thread panicked while counting: count again.
        let mut guard = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((g, model)) = guard.as_ref() {
            if *g == generation {
                return Ok(model.clone());
            }
        }
        let model = Arc::new(count(searcher, syllable_fields, pair_fields)?);
        *guard = Some((generation, model.clone()));
        Ok(model)
    }
}

/// Counts the document frequency of every accented syllable and pair in the given fields.
pub fn count(
    searcher: &Searcher,
    syllable_fields: &[Field],
    pair_fields: &[Field],
) -> Result<AccentModel> {
    let syllables = doc_freqs(searcher, syllable_fields, 1)?;
    let pairs = doc_freqs(searcher, pair_fields, MIN_PAIR_DOC_FREQ)?
        .into_iter()
        .filter_map(|(pair, n)| {
            let (a, b) = pair.split_once(' ')?;
            Some(((a.to_string(), b.to_string()), n))
        });
    // Questions ask with words that legal text never uses: counted as if seen (a model with no
    // pair fields is one without pairs, and gets none).
    let (question_syllables, question_pairs) = question_word_counts();
    let question_pairs = question_pairs
        .into_iter()
        .filter(|_| !pair_fields.is_empty());
    Ok(AccentModel::from_counts(
        syllables.into_iter().chain(question_syllables),
        pairs.chain(question_pairs),
        Limits::default(),
    ))
}

/// Term → summed document frequency over all segments, terms holding a digit or `/` (numbers)
/// and terms in fewer than `min` documents of a segment left out.
fn doc_freqs(searcher: &Searcher, fields: &[Field], min: u32) -> Result<HashMap<String, u32>> {
    let mut out: HashMap<String, u32> = HashMap::new();
    for segment in searcher.segment_readers() {
        for &field in fields {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| crate::error::Error::io("index term dictionary", e))?;
            while stream.advance() {
                // Checked per segment, before any decoding: the pair dictionary is large.
                let n = stream.value().doc_freq;
                if n < min {
                    continue;
                }
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term.chars().any(|c| c.is_ascii_digit() || c == '/') {
                    continue;
                }
                match out.get_mut(term) {
                    Some(c) => *c = c.saturating_add(n),
                    None => {
                        out.insert(term.to_string(), n);
                    }
                }
            }
        }
    }
    Ok(out)
}
