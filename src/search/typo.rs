//! Typo correction from the index's own statistics: a syllable of the query that (almost) no
//! passage holds (`bein` in `pho bein giao duc`, `tieeps` in `tieeps can phap luat`) is replaced
//! by a syllable the index holds within two edits of it (Damerau: a letter added, dropped,
//! changed, or two letters swapped), the one the index holds most often next to the query's
//! neighbouring syllables (`bien`, since `pho bien` and `bien giao` are common pairs): the
//! fewest edits away among those it holds next to them, then the most such pairs (`cann phap`
//! is `can`, one edit away, of `tiep can phap`, not `hanh`, two edits away, of the more common
//! `hanh phap`); without such pairs, a syllable one edit away that the index holds most often
//! at all. A syllable the index holds but never next to its
//! neighbours (`gai` in `hoa gai o co so`) is corrected only towards a syllable one edit away
//! that it holds next to them often (`giai`: `hoa giai`, `giai o`).
//!
//! The vocabulary is the index's term dictionary itself, walked with a Levenshtein automaton
//! (the syllables within two edits, in one pass over the dictionary's states reachable from the
//! typed syllable); each candidate held often enough costs two lookups of a pair's document
//! frequency. Nothing is scanned, so the work per query does not grow with the index.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use tantivy::Term;

use super::engine::SearchContext;
use crate::error::Result;
use crate::text::{self, View};

/// A syllable held by fewer passages than this is looked at for a typo.
const RARE: u64 = 3;

/// A correction must be held by this many times more passages than the syllable typed, and by
/// at least [`MIN_HELD`].
const MORE_COMMON: u64 = 20;

/// Fewest passages a correction is held by.
const MIN_HELD: u64 = 3;

/// Fewest passages holding a correction next to a neighbour, for a syllable the index holds.
const MIN_PAIRED: u64 = 2;

/// Longest syllable looked at (Vietnamese syllables are at most 7 letters folded: `nghieng`;
/// typed with Telex marks left in, 9: `nghieengx`).
const MAX_LEN: usize = 9;

/// Most edits between a syllable the index does not hold and its correction.
const MAX_EDITS: u8 = 2;

/// Shortest syllable corrected by two edits: two edits from a syllable of three letters or fewer
/// reach most short syllables.
const MIN_LEN_TWO_EDITS: usize = 4;

/// A syllable of the index that may replace a typed one, with what the index says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The folded syllable.
    pub syllable: String,
    /// Edits from the typed syllable (1 or 2).
    pub edits: u8,
    /// Passages holding it.
    pub held: u64,
    /// Passages holding it next to the typed syllable's neighbours (both pairs added).
    pub paired: u64,
}

/// The best of `candidates` for a typed syllable held by `typed_held` passages, with neighbours
/// or not: one held next to the neighbours first, the fewest edits away among those, then the
/// most pairs, then the most passages; without pairs, the one edit away held most. A syllable
/// the index holds is corrected only towards pairs, one edit away; a correction two edits away
/// needs pairs and no one-edit correction having any. `None` when none fits.
pub fn choose(
    candidates: &[Candidate],
    typed_held: u64,
    has_neighbours: bool,
) -> Option<&Candidate> {
    let known = typed_held >= RARE;
    let floor = match known {
        false => (typed_held * MORE_COMMON).max(MIN_HELD),
        true => MIN_HELD,
    };
    let fits = |c: &&Candidate| {
        c.edits >= 1
            && c.edits <= MAX_EDITS
            && c.held >= floor
            && (!known || (c.edits == 1 && c.paired >= MIN_PAIRED))
            && (c.edits == 1 || (has_neighbours && c.paired > 0))
    };
    let rank = |c: &Candidate| {
        (
            c.paired > 0,
            std::cmp::Reverse(c.edits),
            c.paired,
            c.held,
            std::cmp::Reverse(c.syllable.clone()),
        )
    };
    candidates
        .iter()
        .filter(fits)
        .max_by(|a, b| rank(a).cmp(&rank(b)))
}

/// A correction of the query's folded syllables: per syllable, its replacement when it is a
/// typo. `None` when no syllable is. Each syllable is paired with its neighbours as typed, then
/// those left as they were with their neighbours' corrections (`phoor bieens`: `bieens` is
/// `bien` next to `giao`, then `phoor` is `pho` next to `bien`).
pub fn correct(ctx: &SearchContext, syllables: &[String]) -> Result<Option<Vec<Option<String>>>> {
    let mut out: Vec<Option<String>> = vec![None; syllables.len()];
    for (i, s) in syllables.iter().enumerate() {
        out[i] = fix(
            ctx,
            s,
            i.checked_sub(1).and_then(|j| syllables.get(j)),
            syllables.get(i + 1),
        )?;
    }
    if out.iter().any(Option::is_some) {
        let fixed: Vec<String> = syllables
            .iter()
            .zip(&out)
            .map(|(s, c)| c.clone().unwrap_or_else(|| s.clone()))
            .collect();
        let moved: Vec<bool> = out.iter().map(Option::is_some).collect();
        for (i, s) in syllables.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| &fixed[j]);
            let next = fixed.get(i + 1);
            let beside = i.checked_sub(1).is_some_and(|j| moved[j])
                || moved.get(i + 1).copied().unwrap_or(false);
            if !moved[i] && beside {
                out[i] = fix(ctx, s, prev, next)?;
            }
        }
    }
    Ok(out.iter().any(Option::is_some).then_some(out))
}

/// The correction of the folded syllable `s` between `prev` and `next`, when it is a typo.
fn fix(
    ctx: &SearchContext,
    s: &str,
    prev: Option<&String>,
    next: Option<&String>,
) -> Result<Option<String>> {
    let len = s.chars().count();
    if !(2..=MAX_LEN).contains(&len) || !s.chars().all(|c| c.is_ascii_lowercase()) {
        return Ok(None);
    }
    let held = ctx
        .searcher
        .doc_freq(&Term::from_field_text(ctx.fields.body_folded, s))?;
    let has_neighbours = prev.is_some() || next.is_some();
    let s = &s.to_string();
    if held >= RARE {
        // A syllable that is a word but that no passage holds next to its neighbours (`gai` in
        // `hoa gai o co so`) is looked at too, and corrected only towards a pair the index
        // knows.
        let mut unpaired = has_neighbours;
        for (a, b) in [(prev, Some(s)), (Some(s), next)] {
            if let (Some(a), Some(b)) = (a, b) {
                unpaired &= pair_df(ctx, a, b)? == 0;
            }
        }
        if !unpaired {
            return Ok(None);
        }
    }
    let max_edits = match held < RARE && len >= MIN_LEN_TWO_EDITS {
        true => MAX_EDITS,
        false => 1,
    };
    let floor = match held < RARE {
        true => (held * MORE_COMMON).max(MIN_HELD),
        false => MIN_HELD,
    };
    let mut candidates = Vec::new();
    for (c, n) in within(ctx, s, max_edits)? {
        if n < floor {
            continue;
        }
        let mut paired = 0;
        for (a, b) in [(prev, Some(&c)), (Some(&c), next)] {
            if let (Some(a), Some(b)) = (a, b) {
                paired += pair_df(ctx, a, b)?;
            }
        }
        candidates.push(Candidate {
            edits: distance(s, &c).min(usize::from(u8::MAX)) as u8,
            syllable: c,
            held: n,
            paired,
        });
    }
    Ok(choose(&candidates, held, has_neighbours).map(|c| c.syllable.clone()))
}

/// The Levenshtein automaton builders (with swaps as one edit), built once.
fn builder(edits: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    match edits {
        1 => ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true)),
        _ => TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true)),
    }
}

/// A Levenshtein automaton as the term dictionary walks it.
struct Within(DFA);

impl tantivy_fst::Automaton for Within {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The folded syllables of the passages' text within `edits` edits of `s` (without `s`), with
/// the passages holding each, over every segment.
fn within(ctx: &SearchContext, s: &str, edits: u8) -> Result<Vec<(String, u64)>> {
    let mut held: BTreeMap<String, u64> = BTreeMap::new();
    for segment in ctx.searcher.segment_readers() {
        let index = segment.inverted_index(ctx.fields.body_folded)?;
        let mut stream = index
            .terms()
            .search(Within(builder(edits).build_dfa(s)))
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let syllable = !term.is_empty()
                && term.len() <= MAX_LEN
                && term != s
                && term.bytes().all(|b| b.is_ascii_lowercase());
            if syllable {
                *held.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(held.into_iter().collect())
}

/// Passages holding the folded pair `a b`.
fn pair_df(ctx: &SearchContext, a: &str, b: &str) -> Result<u64> {
    let Some(pair) = text::pairs(&format!("{a} {b}"), View::Folded).pop() else {
        return Ok(0);
    };
    let term = Term::from_field_text(ctx.fields.body_folded_pairs, &pair.text);
    Ok(ctx.searcher.doc_freq(&term)?)
}

/// Edits between `a` and `b`: letters added, dropped or changed, and two neighbouring letters
/// swapped (the optimal string alignment distance).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    if let Some(first) = d.first_mut() {
        for (j, cell) in first.iter_mut().enumerate() {
            *cell = j;
        }
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// `q` with each word whose folded form is a corrected syllable replaced by its correction.
pub fn rewrite(q: &str, corrections: &[(String, String)]) -> String {
    q.split(' ')
        .map(|w| {
            let folded = text::fold(w).to_lowercase();
            corrections
                .iter()
                .find(|(typed, _)| *typed == folded)
                .map_or_else(|| w.to_string(), |(_, c)| c.clone())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(syllable: &str, edits: u8, held: u64, paired: u64) -> Candidate {
        Candidate {
            syllable: syllable.into(),
            edits,
            held,
            paired,
        }
    }

    #[test]
    fn distance_counts_swaps_as_one_edit() {
        assert_eq!(distance("bein", "bien"), 1, "a swap");
        assert_eq!(distance("gai", "giai"), 1, "an insertion");
        assert_eq!(distance("tieeps", "tiep"), 2, "two letters dropped");
        assert_eq!(distance("thuwowng", "thuong"), 2, "Telex marks left in");
        assert_eq!(distance("nguoi", "nguoi"), 0);
        assert_eq!(distance("abc", "cab"), 2);
    }

    #[test]
    fn two_edits_need_pairs_and_no_one_edit_pair() {
        // `tieeps can`: no syllable one edit away is held; `tiep` two edits away is, next to
        // `can`.
        let c = [cand("tieps", 1, 0, 0), cand("tiep", 2, 900, 400)];
        assert_eq!(choose(&c, 0, true).map(|c| &*c.syllable), Some("tiep"));
        // Without a neighbour to pair with, two edits are too far to guess.
        assert_eq!(choose(&[cand("tiep", 2, 900, 0)], 0, false), None);
        // With pairs, one edit wins over two whatever their counts (`cann phap`: `can`, not
        // `hanh` of the more common `hanh phap`); among one-edit ones the most pairs win.
        let pick = |c: &[Candidate]| choose(c, 0, true).map(|c| c.syllable.clone());
        let c = [
            cand("can", 1, 5000, 120),
            cand("cant", 1, 9000, 3),
            cand("hanh", 2, 9000, 4000),
        ];
        assert_eq!(pick(&c).as_deref(), Some("can"));
        // Two edits with pairs win over one edit without any.
        let c = [cand("cano", 1, 9000, 0), cand("hanh", 2, 900, 40)];
        assert_eq!(pick(&c).as_deref(), Some("hanh"));
        // A syllable the index holds is never moved two edits.
        assert_eq!(choose(&[cand("giai", 2, 900, 400)], 50, true), None);
        assert_eq!(
            choose(&[cand("giai", 1, 900, 400)], 50, true).map(|c| &*c.syllable),
            Some("giai")
        );
    }

    #[test]
    fn without_pairs_the_most_held_one_edit_away_wins() {
        let c = [
            cand("ben", 1, 40, 0),
            cand("bien", 1, 900, 0),
            cand("bieu", 2, 9000, 0),
        ];
        assert_eq!(choose(&c, 0, false).map(|c| &*c.syllable), Some("bien"));
        // Held too rarely: nothing.
        assert_eq!(choose(&[cand("bien", 1, 2, 0)], 0, false), None);
    }

    #[test]
    fn two_edit_typos_are_corrected_from_the_index() {
        use crate::document::{Document, Passage};
        let text = "Thực hiện chính sách thương mại và tiếp cận pháp luật của người dân.";
        let docs: Vec<Document> = (0..6)
            .map(|i| Document {
                id: format!("d{i}"),
                title: Some(format!("Quyết định {i}")),
                body: text.into(),
                outline: vec![Passage {
                    path: "Điều 1".into(),
                    text: text.into(),
                    ..Passage::default()
                }],
                ..Document::default()
            })
            .collect();
        let index = crate::index::index_of(&docs);
        let caches = super::super::Caches::default();
        let ctx = SearchContext::new(&index, &caches, super::super::Weights::default());
        let fixed = |q: &str| -> Vec<Option<String>> {
            let s: Vec<String> = q.split(' ').map(String::from).collect();
            correct(&ctx, &s).unwrap().unwrap_or_default()
        };
        // Telex marks left in (`thuwowng`: two letters too many), two letters doubled.
        assert_eq!(fixed("thuwowng mai"), [Some("thuong".into()), None]);
        assert_eq!(fixed("tieeps can phap luat")[0].as_deref(), Some("tiep"));
        // One edit still: a swap.
        assert_eq!(fixed("tiep acn")[1].as_deref(), Some("can"));
        // Two typos side by side: each is paired with the other's correction.
        assert_eq!(
            fixed("thuwowng maii"),
            [Some("thuong".into()), Some("mai".into())]
        );
        // What the index holds next to its neighbours is left alone.
        assert!(correct(&ctx, &["tiep".into(), "can".into()])
            .unwrap()
            .is_none());
    }

    #[test]
    fn only_the_corrected_words_are_rewritten() {
        let c = [("bein".to_string(), "bien".to_string())];
        assert_eq!(
            rewrite("pho bein giao duc", &c),
            "pho bien giao duc".to_string()
        );
        assert_eq!(rewrite("Pho BEIN", &c), "Pho bien");
    }
}
