//! Accent restoration for queries typed without diacritics (`pho bien giao duc phap luat` →
//! `phổ biến giáo dục pháp luật`), from the index's own syllable statistics.
//!
//! The model counts, over indexed text, each accented syllable (grouped by its folded form) and
//! each accented syllable pair. A query is restored by a Viterbi search over the candidate forms of
//! its syllables, where the score of a form is how often it follows the previous chosen form
//! (smoothed towards how often it is the form of its folded syllable at all). A Vietnamese
//! question phrase ([`QUESTION_WORDS`]) is taken whole, and the syllables on either side of it are
//! each other's context (`phạt [bao nhiêu] tiền`). The model is bounded (few candidates per
//! syllable, a cap on stored pairs) and serializable.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};

use super::fold::{fold_normalized_into, has_diacritics};
use super::pairs::breaks_phrase;
use super::segment::Spans;
use super::tokenizer::View;

/// The longest Vietnamese syllable has 7 letters (`nghiêng`); longer runs are not counted.
const MAX_SYLLABLE_CHARS: usize = 7;
/// Accented forms kept per folded syllable while counting (real syllables have at most a dozen).
const MAX_FORMS_WHILE_COUNTING: usize = 32;
/// Weight of the unigram frequency against observed pair counts in the bigram estimate
/// `P(b | a) = (count(a b) + k·P(b)) / (count(a) + k)` (Dirichlet smoothing).
/// Measured with the question words ([`QUESTION_WORDS`]), syllables restored: the 3,196 citizen
/// questions against the shared corpus 5 → 96.16 %, 20 → 96.56 %, 50 → 96.64 %; ALQAC 95.6 %
/// and the Zalo subset 97.5 % at all three (its questions restored whole: 70.6, 70.9, 71.3 %).
/// Counts are per document (schema 7), smaller than they were per passage, and leaning more on
/// the unigram frequency measured better.
const PAIR_SMOOTHING: f64 = 20.0;

/// Vietnamese question words and phrases: legal text states and never asks, so the index's
/// statistics lack them (`bao nhiêu` is in no document of the shared corpus, and `bao nhieu`
/// came back as `báo nhiễu`), while people ask their questions with them. They count as if
/// each phrase were seen in [`QUESTION_WORD_DOCUMENTS`] documents. A closed class of the
/// language (interrogatives and the particles that close a question), not words of any
/// subject.
pub const QUESTION_WORDS: &[&str] = &[
    "bao nhiêu",
    "bao lâu",
    "bao giờ",
    "là gì",
    "cái gì",
    "điều gì",
    "việc gì",
    "những gì",
    "như thế nào",
    "thế nào",
    "ra sao",
    "ở đâu",
    "khi nào",
    "lúc nào",
    "tại sao",
    "vì sao",
    "có phải",
    "phải không",
    "hay không",
    "có không",
    "được không",
];

/// How many documents each of the [`QUESTION_WORDS`] counts as: enough to outweigh a pair seen
/// once by chance (`báo nhiễu`), far below any word of the corpus's own subjects.
pub const QUESTION_WORD_DOCUMENTS: u32 = 10;

/// Accented syllables with a count.
pub type SyllableCounts = Vec<(String, u32)>;

/// Accented syllable pairs with a count.
pub type PairCounts = Vec<((String, String), u32)>;

/// The syllables and pairs of [`QUESTION_WORDS`], each counted [`QUESTION_WORD_DOCUMENTS`]
/// times: to add to counts taken from indexed text.
pub fn question_word_counts() -> (SyllableCounts, PairCounts) {
    let (mut syllables, mut pairs) = (Vec::new(), Vec::new());
    for phrase in QUESTION_WORDS {
        let words: Vec<String> = phrase.split(' ').map(super::normalize).collect();
        for w in &words {
            syllables.push((w.clone(), QUESTION_WORD_DOCUMENTS));
        }
        for w in words.windows(2) {
            pairs.push(((w[0].clone(), w[1].clone()), QUESTION_WORD_DOCUMENTS));
        }
    }
    (syllables, pairs)
}

/// The [`QUESTION_WORDS`], each as its folded and its accented syllables, longest first.
static QUESTION_PHRASES: Lazy<Vec<(Vec<String>, Vec<String>)>> = Lazy::new(|| {
    let mut phrases: Vec<(Vec<String>, Vec<String>)> = QUESTION_WORDS
        .iter()
        .map(|phrase| {
            let accented: Vec<String> = phrase.split(' ').map(super::normalize).collect();
            (accented.iter().map(|w| super::fold(w)).collect(), accented)
        })
        .collect();
    phrases.sort_by_key(|(folded, _)| std::cmp::Reverse(folded.len()));
    phrases
});

/// For each syllable of a query (`folded`, with `joins[i]` true when nothing breaks the phrase
/// between syllables `i - 1` and `i`), the accented form of the question phrase it belongs to,
/// if any: `bao nhieu` is `bao nhiêu` in a question, whatever legal text says of `báo`.
fn question_phrases_in(folded: &[String], joins: &[bool]) -> Vec<Option<&'static str>> {
    let mut out = vec![None; folded.len()];
    let mut i = 0;
    while i < folded.len() {
        let found = QUESTION_PHRASES.iter().find(|(words, _)| {
            folded.get(i..i + words.len()) == Some(words.as_slice())
                && joins
                    .get(i + 1..i + words.len())
                    .is_some_and(|j| j.iter().all(|&j| j))
        });
        match found {
            Some((words, accented)) => {
                for (k, form) in accented.iter().enumerate() {
                    out[i + k] = Some(form.as_str());
                }
                i += words.len();
            }
            None => i += 1,
        }
    }
    out
}

/// One candidate accented form of a query syllable and how often it was seen.
#[derive(Debug, Clone)]
struct Candidate {
    form: String,
    count: f64,
}

/// How large an [`AccentModel`] may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Candidate accented forms considered per folded syllable (the most frequent ones).
    pub max_forms: usize,
    /// Accented pairs kept (the most frequent ones); counting prunes beyond twice this number.
    pub max_pairs: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_forms: 8,
            max_pairs: 200_000,
        }
    }
}

/// Syllable and pair statistics of indexed text, for restoring diacritics in queries.
///
/// ```
/// use vanban::text::AccentModel;
/// let mut m = AccentModel::default();
/// m.observe("Kế hoạch phổ biến, giáo dục pháp luật; tăng cường phổ biến pháp luật");
/// assert_eq!(m.restore("pho bien phap luat").as_deref(), Some("phổ biến pháp luật"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccentModel {
    /// Folded syllable → its accented forms with their counts.
    forms: HashMap<String, Vec<(String, u32)>>,
    /// Accented pair, the two syllables joined by one space (`phổ biến`) → count.
    pairs: HashMap<String, u32>,
    /// Syllables counted in all.
    total: u64,
    limits: Limits,
}

impl AccentModel {
    /// An empty model with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        AccentModel {
            limits,
            ..AccentModel::default()
        }
    }

    /// A model from counts already made: accented syllables and accented pairs with their counts.
    /// Every form goes through [`super::normalize()`].
    pub fn from_counts<S, P>(syllables: S, pairs: P, limits: Limits) -> Self
    where
        S: IntoIterator<Item = (String, u32)>,
        P: IntoIterator<Item = ((String, String), u32)>,
    {
        let mut model = AccentModel::with_limits(limits);
        let mut folded = String::new();
        for (form, count) in syllables {
            let form = super::normalize(&form);
            if counted(&form) {
                folded.clear();
                fold_normalized_into(&form, &mut folded);
                model.add_form(&folded, &form, count);
            }
        }
        for ((a, b), count) in pairs {
            let key = format!("{} {}", super::normalize(&a), super::normalize(&b));
            *model.pairs.entry(key).or_default() += count;
        }
        model.compact();
        model
    }

    /// Counts the syllables and pairs of one text (a document body, a title).
    pub fn observe(&mut self, text: &str) {
        let mut current = String::new();
        let mut previous = String::new();
        let mut folded = String::new();
        let mut scratch = String::new();
        let mut previous_end: Option<usize> = None;
        let mut pair = String::new();
        for (start, end) in Spans::new(text) {
            View::Accented.write(
                text.get(start..end).unwrap_or_default(),
                &mut current,
                &mut scratch,
            );
            if !counted(&current) {
                previous_end = None;
                continue;
            }
            folded.clear();
            fold_normalized_into(&current, &mut folded);
            self.add_form(&folded, &current, 1);
            let joined = previous_end
                .is_some_and(|e| !breaks_phrase(text.get(e..start).unwrap_or_default()));
            if joined {
                pair.clear();
                pair.push_str(&previous);
                pair.push(' ');
                pair.push_str(&current);
                match self.pairs.get_mut(pair.as_str()) {
                    Some(c) => *c = c.saturating_add(1),
                    None => {
                        self.pairs.insert(pair.clone(), 1);
                    }
                }
            }
            std::mem::swap(&mut previous, &mut current);
            previous_end = Some(end);
        }
        if self.pairs.len() > self.limits.max_pairs.saturating_mul(2) {
            self.prune_pairs();
        }
    }

    /// Sorts and trims the model to its limits; call before storing it.
    pub fn compact(&mut self) {
        let max_forms = self.limits.max_forms;
        for forms in self.forms.values_mut() {
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            forms.truncate(max_forms);
        }
        self.prune_pairs();
    }

    /// Number of distinct folded syllables known.
    pub fn syllable_count(&self) -> usize {
        self.forms.len()
    }

    /// Number of distinct accented pairs kept.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// The query with the most likely diacritics restored, or `None` when it already has
    /// diacritics or nothing would change. Syllables are returned normalized (lower case); the
    /// text between them is kept as typed.
    pub fn restore(&self, query: &str) -> Option<String> {
        if has_diacritics(query) {
            return None;
        }
        let spans: Vec<(usize, usize)> = Spans::new(query).collect();
        let mut scratch = String::new();
        let mut syllable = String::new();
        let mut folded = Vec::with_capacity(spans.len());
        // joins[i]: nothing between syllables i - 1 and i breaks the phrase.
        let mut joins = Vec::with_capacity(spans.len());
        let mut previous_end = None;
        let mut lattice: Vec<Vec<Candidate>> = Vec::with_capacity(spans.len());
        for &(start, end) in &spans {
            let typed = query.get(start..end).unwrap_or_default();
            View::Accented.write(typed, &mut syllable, &mut scratch);
            let mut f = String::new();
            fold_normalized_into(&syllable, &mut f);
            folded.push(f);
            joins.push(
                previous_end.is_some_and(|e: usize| {
                    !breaks_phrase(query.get(e..start).unwrap_or_default())
                }),
            );
            previous_end = Some(end);
            lattice.push(self.candidates(&syllable));
        }
        // Question phrases are taken as such, and the syllables around one are each other's
        // context (`phạt [bao nhiêu] tiền`): the statistics of legal text know `phạt tiền`, never
        // `nhiêu tiền`.
        let fixed = question_phrases_in(&folded, &joins);
        let free: Vec<usize> = (0..spans.len()).filter(|&i| fixed[i].is_none()).collect();
        let known = |i: usize| lattice[i].iter().any(|c| c.count > 0.0);
        let mut linked = Vec::with_capacity(free.len());
        for (r, &i) in free.iter().enumerate() {
            // Unknown syllables cut the chain: a pair count with them says nothing.
            let link = r
                .checked_sub(1)
                .map(|q| free[q])
                .is_some_and(|p| known(i) && known(p) && joins[p + 1..=i].iter().all(|&j| j));
            linked.push(link);
        }
        // A syllable right before a question phrase still has the phrase's first syllable as its
        // context.
        let followed: Vec<Option<Candidate>> = free
            .iter()
            .map(|&i| {
                let next = fixed.get(i + 1).copied().flatten()?;
                let count = lattice[i + 1]
                    .iter()
                    .find(|c| c.form == next)
                    .map_or(0.0, |c| c.count);
                (known(i) && joins[i + 1] && count > 0.0).then(|| Candidate {
                    form: next.to_string(),
                    count,
                })
            })
            .collect();
        let reduced: Vec<Vec<Candidate>> = free.iter().map(|&i| lattice[i].clone()).collect();
        let chosen = self.best_path(&reduced, &linked, &followed);
        let mut forms: Vec<Option<&str>> = fixed.clone();
        for (&i, c) in free.iter().zip(chosen) {
            forms[i] = lattice[i].get(c).map(|c| c.form.as_str());
        }
        let mut out = String::with_capacity(query.len() + query.len() / 2);
        let mut copied = 0;
        let mut changed = false;
        for (&(start, end), form) in spans.iter().zip(forms) {
            let Some(form) = form else {
                continue;
            };
            out.push_str(query.get(copied..start).unwrap_or_default());
            let typed = query.get(start..end).unwrap_or_default();
            changed |= !typed.eq_ignore_ascii_case(form);
            out.push_str(form);
            copied = end;
        }
        out.push_str(query.get(copied..).unwrap_or_default());
        changed.then_some(out)
    }

    /// Candidate forms of one normalized query syllable, most frequent first, at most
    /// `max_forms`; an unknown syllable is its own only candidate, with count 0.
    fn candidates(&self, syllable: &str) -> Vec<Candidate> {
        let mut folded = String::new();
        fold_normalized_into(syllable, &mut folded);
        let Some(forms) = self.forms.get(&folded) else {
            return vec![Candidate {
                form: syllable.to_string(),
                count: 0.0,
            }];
        };
        let mut forms: Vec<&(String, u32)> = forms.iter().collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        forms.truncate(self.limits.max_forms.max(1));
        forms
            .into_iter()
            .map(|(form, count)| Candidate {
                form: form.clone(),
                count: f64::from(*count),
            })
            .collect()
    }

    /// Viterbi under a smoothed bigram model of accented syllables: the most likely sequence of
    /// candidates, one index per syllable. `linked[i]` says whether syllable `i` continues the
    /// phrase of syllable `i - 1`; `followed[i]`, when given, is the syllable (of a question
    /// phrase, not in the lattice) right after syllable `i`, whose likelihood after each
    /// candidate of `i` counts too.
    fn best_path(
        &self,
        lattice: &[Vec<Candidate>],
        linked: &[bool],
        followed: &[Option<Candidate>],
    ) -> Vec<usize> {
        let total = self.total as f64 + 1.0;
        let unigram = |c: &Candidate| ((c.count + 0.5) / total).ln();
        let mut key = String::new();
        // How likely the fixed syllable after position `i` is after candidate `c`.
        let mut then = |i: usize, c: &Candidate| match followed.get(i) {
            Some(Some(next)) => {
                let smoothed = PAIR_SMOOTHING * ((next.count + 0.5) / total);
                let together = self.pair(&mut key, &c.form, &next.form);
                ((together + smoothed) / (c.count + PAIR_SMOOTHING)).ln()
            }
            _ => 0.0,
        };
        // score[i][c]: best log probability of a path ending in candidate c of syllable i;
        // back[i][c]: the candidate of syllable i - 1 on that path.
        let mut score: Vec<Vec<f64>> = Vec::with_capacity(lattice.len());
        let mut back: Vec<Vec<usize>> = Vec::with_capacity(lattice.len());
        let mut pair_key = String::new();
        for (i, candidates) in lattice.iter().enumerate() {
            let previous = score.last().map(Vec::as_slice).unwrap_or_default();
            let previous_candidates = match i.checked_sub(1) {
                Some(p) => lattice.get(p).map(Vec::as_slice).unwrap_or_default(),
                None => &[],
            };
            let (best_previous, best_previous_score) = best(previous);
            let mut row = Vec::with_capacity(candidates.len());
            let mut from = Vec::with_capacity(candidates.len());
            for c in candidates {
                let after = then(i, c);
                if !linked.get(i).copied().unwrap_or(false) {
                    row.push(best_previous_score + unigram(c) + after);
                    from.push(best_previous);
                    continue;
                }
                let smoothed = PAIR_SMOOTHING * ((c.count + 0.5) / total);
                let mut top = (0, f64::NEG_INFINITY);
                for (j, (p, p_score)) in previous_candidates.iter().zip(previous).enumerate() {
                    let together = self.pair(&mut pair_key, &p.form, &c.form);
                    let s = p_score + ((together + smoothed) / (p.count + PAIR_SMOOTHING)).ln();
                    if s > top.1 {
                        top = (j, s);
                    }
                }
                row.push(top.1 + after);
                from.push(top.0);
            }
            score.push(row);
            back.push(from);
        }
        let mut chosen = vec![0; lattice.len()];
        let mut c = best(score.last().map(Vec::as_slice).unwrap_or_default()).0;
        for i in (0..lattice.len()).rev() {
            if let Some(slot) = chosen.get_mut(i) {
                *slot = c;
            }
            c = back.get(i).and_then(|b| b.get(c)).copied().unwrap_or(0);
        }
        chosen
    }

    /// Count of the accented pair `a b`, with `key` as the reusable lookup buffer.
    fn pair(&self, key: &mut String, a: &str, b: &str) -> f64 {
        key.clear();
        key.push_str(a);
        key.push(' ');
        key.push_str(b);
        f64::from(self.pairs.get(key.as_str()).copied().unwrap_or(0))
    }

    fn add_form(&mut self, folded: &str, form: &str, count: u32) {
        self.total = self.total.saturating_add(u64::from(count));
        let forms = match self.forms.get_mut(folded) {
            Some(forms) => forms,
            None => self.forms.entry(folded.to_string()).or_default(),
        };
        if let Some((_, c)) = forms.iter_mut().find(|(f, _)| f == form) {
            *c = c.saturating_add(count);
        } else if forms.len() < MAX_FORMS_WHILE_COUNTING {
            forms.push((form.to_string(), count));
        }
    }

    /// Keeps at most `max_pairs` pairs, the most frequent (ties at the threshold are dropped).
    fn prune_pairs(&mut self) {
        let max = self.limits.max_pairs;
        if self.pairs.len() <= max {
            return;
        }
        let mut counts: Vec<u32> = self.pairs.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let threshold = counts.get(max).copied().unwrap_or(0);
        self.pairs.retain(|_, c| *c > threshold);
    }
}

/// The best `(index, score)` of a row of scores (`(0, 0.0)` for an empty row).
fn best(row: &[f64]) -> (usize, f64) {
    row.iter()
        .copied()
        .enumerate()
        .fold(None, |top: Option<(usize, f64)>, (i, s)| match top {
            Some((_, t)) if t >= s => top,
            _ => Some((i, s)),
        })
        .unwrap_or((0, 0.0))
}

/// True for normalized syllables worth counting: letters only, at most a syllable long.
fn counted(syllable: &str) -> bool {
    let mut n = 0;
    for c in syllable.chars() {
        n += 1;
        if n > MAX_SYLLABLE_CHARS || !c.is_alphabetic() {
            return false;
        }
    }
    n > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    const SEED: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
    );

    fn seed_model() -> Option<(String, AccentModel)> {
        let Ok(text) = std::fs::read_to_string(SEED) else {
            eprintln!("note: {SEED} not found, skipping");
            return None;
        };
        let mut m = AccentModel::default();
        m.observe(&text);
        m.compact();
        Some((text, m))
    }

    #[test]
    fn restores_phrases_of_the_seed_plan() {
        let Some((_, m)) = seed_model() else { return };
        for (query, expected) in [
            ("pho bien giao duc phap luat", "phổ biến giáo dục pháp luật"),
            (
                "uy ban nhan dan tinh lang son",
                "ủy ban nhân dân tỉnh lạng sơn",
            ),
            ("Ke hoach thuc hien Ket luan", "kế hoạch thực hiện kết luận"),
            (
                "nang cao y thuc chap hanh phap luat",
                "nâng cao ý thức chấp hành pháp luật",
            ),
            ("ban bi thu", "ban bí thư"),
        ] {
            assert_eq!(m.restore(query).as_deref(), Some(expected), "{query}");
        }
    }

    #[test]
    fn keeps_what_is_between_syllables() {
        let Some((_, m)) = seed_model() else { return };
        assert_eq!(
            m.restore("ket luan 80-KL/TW: pho bien").as_deref(),
            Some("kết luận 80-kl/tw: phổ biến")
        );
    }

    #[test]
    fn leaves_accented_or_unknown_queries_alone() {
        let Some((_, m)) = seed_model() else { return };
        assert_eq!(m.restore("phổ biến"), None);
        assert_eq!(m.restore("xyzzy qwerty"), None);
        assert_eq!(m.restore(""), None);
        assert_eq!(AccentModel::default().restore("pho bien"), None);
    }

    #[test]
    fn question_words_outweigh_a_chance_pair() {
        // Document counts of the shared corpus: `bao nhiêu` in none, `báo nhiễu` in one.
        let syllables = || {
            [("báo", 1057), ("bao", 697), ("nhiễu", 38), ("nhiêu", 1)]
                .map(|(s, n)| (s.to_string(), n))
        };
        let pairs = || [(("báo".to_string(), "nhiễu".to_string()), 1)];
        // A question phrase is taken whole, whatever the counts say of its syllables (here
        // `báo nhiễu` seen once, `bao nhiêu` never).
        let corpus_only = AccentModel::from_counts(syllables(), pairs(), Limits::default());
        assert_eq!(
            corpus_only.restore("bao nhieu").as_deref(),
            Some("bao nhiêu")
        );
        let (questions, question_pairs) = question_word_counts();
        let with_questions = AccentModel::from_counts(
            syllables().into_iter().chain(questions),
            pairs().into_iter().chain(question_pairs),
            Limits::default(),
        );
        assert_eq!(
            with_questions.restore("phat bao nhieu").as_deref(),
            Some("phat bao nhiêu")
        );
        assert_eq!(
            with_questions.restore("nhu the nao").as_deref(),
            Some("như thế nào")
        );
    }

    /// Document counts of the shared corpus (466,749 syllable occurrences in all, the rest as
    /// one filler syllable).
    fn shared_corpus_model() -> AccentModel {
        let syllables = [
            ("bị", 876),
            ("bí", 181),
            ("phát", 903),
            ("phạt", 175),
            ("báo", 1057),
            ("bảo", 1037),
            ("bao", 727),
            ("nhiều", 365),
            ("nhiễu", 38),
            ("tiến", 551),
            ("tiền", 514),
            ("thể", 905),
            ("thế", 649),
            ("nào", 225),
            ("luật", 457_546),
        ]
        .map(|(s, n)| (s.to_string(), n));
        let pairs = [
            ("bị", "phạt", 17),
            ("bị", "phát", 25),
            ("phạt", "tiền", 19),
            ("phát", "tiền", 2),
            ("phạt", "tiến", 1),
            ("phát", "tiến", 1),
            ("phát", "báo", 1),
            ("báo", "nhiễu", 1),
        ]
        .map(|(a, b, n)| ((a.to_string(), b.to_string()), n));
        let (questions, question_pairs) = question_word_counts();
        AccentModel::from_counts(
            syllables.into_iter().chain(questions),
            pairs.into_iter().chain(question_pairs),
            Limits::default(),
        )
    }

    #[test]
    fn question_phrases_are_taken_whole_and_looked_across() {
        let m = shared_corpus_model();
        // `phát báo` and `báo nhiễu`, each seen once, no longer outweigh the question phrase.
        assert_eq!(
            m.restore("phat bao nhieu").as_deref(),
            Some("phát bao nhiêu")
        );
        // `tiền` after the phrase has `phạt` as its context (`phạt tiền`), not `nhiêu`.
        assert_eq!(
            m.restore("bi phat bao nhieu tien").as_deref(),
            Some("bị phạt bao nhiêu tiền")
        );
        // `phạt` before the phrase still has the phrase as its context: an unseen pair is less
        // likely after `phát`, which is followed by much else.
        assert_eq!(
            m.restore("bi phat the nao").as_deref(),
            Some("bị phạt thế nào")
        );
        // Punctuation between the syllables: no phrase, each syllable on its own.
        assert_eq!(m.restore("bao, nhieu").as_deref(), Some("báo, nhiều"));
    }

    #[test]
    fn the_longest_question_phrase_is_taken() {
        let folded: Vec<String> = ["muc", "phat", "nhu", "the", "nao"]
            .map(String::from)
            .to_vec();
        let joins = [false, true, true, true, true];
        assert_eq!(
            question_phrases_in(&folded, &joins),
            [None, None, Some("như"), Some("thế"), Some("nào")]
        );
        // A break inside `nhu, the nao`: `thế nào` is still one.
        let broken = [false, true, true, false, true];
        assert_eq!(
            question_phrases_in(&folded, &broken),
            [None, None, None, Some("thế"), Some("nào")]
        );
    }

    #[test]
    fn pairs_decide_between_forms_of_one_syllable() {
        // `ban` alone is most often plain (`ủy ban`, `ban hành`), but after `cơ quan` it is `ban`
        // and before `hành` it is `ban`, while `bán` goes with `mua`.
        let m = AccentModel::from_counts(
            [
                ("mua".to_string(), 5),
                ("bán".to_string(), 5),
                ("ban".to_string(), 20),
                ("bàn".to_string(), 8),
                ("thảo".to_string(), 8),
                ("luận".to_string(), 8),
                ("hành".to_string(), 20),
            ],
            [
                (("mua".to_string(), "bán".to_string()), 5),
                (("bàn".to_string(), "thảo".to_string()), 3),
                (("thảo".to_string(), "luận".to_string()), 3),
                (("ban".to_string(), "hành".to_string()), 20),
            ],
            Limits::default(),
        );
        assert_eq!(m.restore("mua ban").as_deref(), Some("mua bán"));
        assert_eq!(m.restore("ban hanh").as_deref(), Some("ban hành"));
        // The later syllable decides the earlier one through the pair (`bàn thảo`).
        assert_eq!(m.restore("ban thao luan").as_deref(), Some("bàn thảo luận"));
    }

    #[test]
    fn held_out_accuracy_on_the_seed() {
        // Train on Pháp điển laws, restore the seed plan folded, count correct syllables.
        let laws = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/congbao/phapdien_luat_phaplenh_nghiquyet.jsonl"
        );
        let (Ok(train), Ok(seed)) = (std::fs::read_to_string(laws), std::fs::read_to_string(SEED))
        else {
            eprintln!("note: shared corpus not found, skipping");
            return;
        };
        let mut m = AccentModel::default();
        for line in train.lines() {
            if let Ok(record) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(body) = record.get("noi_dung").and_then(|v| v.as_str()) {
                    m.observe(body);
                }
            }
        }
        m.compact();
        let (mut right, mut total) = (0usize, 0usize);
        for line in seed.lines().filter(|l| l.len() > 40) {
            let expected = crate::text::syllables(line);
            let Some(restored) = m.restore(&fold(line)) else {
                continue;
            };
            let got = crate::text::syllables(&restored);
            assert_eq!(got.len(), expected.len());
            for (g, e) in got.iter().zip(&expected) {
                total += 1;
                right += usize::from(g.text == e.text);
            }
        }
        let accuracy = right as f64 / total.max(1) as f64;
        eprintln!("held-out syllable accuracy on the seed: {right}/{total} = {accuracy:.3}");
        assert!(total > 1000);
        assert!(accuracy > 0.85, "{accuracy}");
    }

    #[test]
    fn compact_bounds_the_model_and_serde_round_trips() {
        let Some((text, _)) = seed_model() else {
            return;
        };
        let mut m = AccentModel::with_limits(Limits {
            max_forms: 2,
            max_pairs: 50,
        });
        m.observe(&text);
        m.compact();
        assert!(m.pair_count() <= 50);
        assert!(m.forms.values().all(|f| f.len() <= 2));
        let json = serde_json::to_string(&m).unwrap();
        let back: AccentModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.restore("phap luat").as_deref(), Some("pháp luật"));
    }
}
