//! Typo correction from the index's own statistics: a syllable of the query that (almost) no
//! passage holds (`bein` in `pho bein giao duc`) is replaced by the syllable one edit away
//! (Damerau: a letter added, dropped, changed, or two letters swapped) that the index holds most
//! often next to the query's neighbouring syllables (`bien`, since `pho bien` and `bien giao`
//! are common pairs), or, without such pairs, most often at all. A syllable the index holds but
//! never next to its neighbours (`gai` in `hoa gai o co so`) is corrected only towards a
//! syllable it holds next to them often (`giai`: `hoa giai`, `giai o`).
//!
//! The vocabulary is the index's term dictionary itself: each candidate costs one lookup of its
//! document frequency (a finite-state-transducer walk as long as the syllable), some 250 per
//! unknown syllable, and nothing is scanned, so the work per query does not grow with the index.

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

/// Longest syllable looked at (Vietnamese syllables are at most 7 letters folded: `nghieng`).
const MAX_LEN: usize = 8;

/// A correction of the query's folded syllables: per syllable, its replacement when it is a
/// typo. `None` when no syllable is.
pub fn correct(ctx: &SearchContext, syllables: &[String]) -> Result<Option<Vec<Option<String>>>> {
    let f = &ctx.fields;
    let df = |field, s: &str| ctx.searcher.doc_freq(&Term::from_field_text(field, s));
    let mut out = vec![None; syllables.len()];
    let mut any = false;
    for (i, s) in syllables.iter().enumerate() {
        let len = s.chars().count();
        if !(2..=MAX_LEN).contains(&len) || !s.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| syllables.get(j));
        let next = syllables.get(i + 1);
        let held = df(f.body_folded, s)?;
        // A syllable that is a word but that no passage holds next to its neighbours (`gai` in
        // `hoa gai o co so`) is looked at too, and corrected only towards a pair the index knows.
        let mut unpaired = prev.is_some() || next.is_some();
        if held >= RARE {
            for (a, b) in [(prev, Some(s)), (Some(s), next)] {
                if let (Some(a), Some(b)) = (a, b) {
                    unpaired &= pair_df(ctx, a, b)? == 0;
                }
            }
            if !unpaired {
                continue;
            }
        }
        let floor = match held < RARE {
            true => (held * MORE_COMMON).max(MIN_HELD),
            false => MIN_HELD,
        };
        let mut best: Option<(u64, u64, String)> = None;
        for c in edits(s) {
            let n = df(f.body_folded, &c)?;
            if n < floor {
                continue;
            }
            let mut paired = 0;
            for (a, b) in [(prev, Some(&c)), (Some(&c), next)] {
                if let (Some(a), Some(b)) = (a, b) {
                    paired += pair_df(ctx, a, b)?;
                }
            }
            if held >= RARE && paired < MIN_PAIRED {
                continue;
            }
            let better = best.as_ref().is_none_or(|(p, m, _)| (paired, n) > (*p, *m));
            if better {
                best = Some((paired, n, c));
            }
        }
        if let Some((_, _, c)) = best {
            out[i] = Some(c);
            any = true;
        }
    }
    Ok(any.then_some(out))
}

/// Passages holding the folded pair `a b`.
fn pair_df(ctx: &SearchContext, a: &str, b: &str) -> Result<u64> {
    let Some(pair) = text::pairs(&format!("{a} {b}"), View::Folded).pop() else {
        return Ok(0);
    };
    let term = Term::from_field_text(ctx.fields.body_folded_pairs, &pair.text);
    Ok(ctx.searcher.doc_freq(&term)?)
}

/// Every string one Damerau edit away from `s` over `a`–`z`, without `s` itself.
pub fn edits(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out = Vec::with_capacity(54 * n + 25);
    let word = |v: Vec<char>| v.into_iter().collect::<String>();
    for i in 0..n {
        let mut v = chars.clone();
        v.remove(i);
        out.push(word(v));
    }
    for i in 0..n.saturating_sub(1) {
        let mut v = chars.clone();
        v.swap(i, i + 1);
        out.push(word(v));
    }
    for i in 0..n {
        for c in 'a'..='z' {
            if c != chars[i] {
                let mut v = chars.clone();
                v[i] = c;
                out.push(word(v));
            }
        }
    }
    for i in 0..=n {
        for c in 'a'..='z' {
            let mut v = chars.clone();
            v.insert(i, c);
            out.push(word(v));
        }
    }
    out.sort();
    out.dedup();
    out.retain(|e| e != s && !e.is_empty());
    out
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

    #[test]
    fn edits_are_one_letter_away() {
        let e = edits("bein");
        assert!(e.contains(&"bien".to_string()), "a swap");
        assert!(edits("gai").contains(&"giai".to_string()), "an insertion");
        assert!(e.contains(&"ben".to_string()), "a deletion");
        assert!(e.contains(&"beip".to_string()), "a change");
        assert!(!e.contains(&"bein".to_string()));
        assert!(!e.contains(&"bine".to_string()), "two edits");
        // Distinct.
        let mut d = e.clone();
        d.dedup();
        assert_eq!(d.len(), e.len());
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
