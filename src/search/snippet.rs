//! Snippets: a window of a passage around the matches, escaped as HTML with `<mark>` around
//! matched syllables, plus the matches' character offsets in the plain window.
//!
//! A passage's syllables are found on its original text ([`Spans`]) and folded as the index
//! folds them ([`View::Folded`]), so that a match with or without diacritics is marked on the
//! original characters. Where the query wrote a syllable with diacritics, or search restored
//! them for a query typed without, a passage marks that form only (`tục`, not `tức`; `dục`, not
//! `đức`) unless it holds none. A quoted phrase is marked where its syllables stand in a row,
//! not word by word elsewhere. An abbreviation the document defines (`PBGDPL`) is marked when
//! what it stands for matches. The window is the stretch of at most [`SNIPPET_CHARS`] characters
//! whose matched words and phrases weigh most (rarer ones weigh more), as tantivy's snippet
//! generator chooses; this module does the same without tantivy's token and fragment machinery,
//! which took a third of a search's time.

use std::cell::RefCell;
use std::collections::VecDeque;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::document::Abbreviation;
use crate::error::Result;
use crate::search::PassageHit;
use crate::text::segment::Spans;
use crate::text::tokenizer::View;

/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 300;

/// Characters shown before the first match of the window, when the window leaves room.
const LEAD_CHARS: usize = 60;

/// What a query asks snippets to mark, analyzed as the index analyzes text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// Folded syllables of the free text.
    pub words: Vec<String>,
    /// Accented forms of free-text syllables: as the query wrote them, or as search restored
    /// them for a query typed without diacritics.
    pub accented: Vec<String>,
    /// Each quoted phrase: its folded syllables and, when written with diacritics, its accented
    /// ones.
    pub phrases: Vec<(Vec<String>, Option<Vec<String>>)>,
}

/// A quoted phrase to mark.
struct Phrase {
    /// Its folded syllables joined by spaces: what a window counts once.
    key: String,
    folded: Vec<String>,
    accented: Option<Vec<String>>,
    weight: f32,
}

/// The query syllables and phrases to mark, each with its weight in choosing the window.
pub struct Snippets {
    /// Folded free-text syllable → weight.
    weights: FxHashMap<String, f32>,
    /// Folded syllable → the accented forms preferred (none for a syllable typed without
    /// diacritics and not restored): a passage marks those forms only, unless it holds none.
    accented: FxHashMap<String, Vec<String>>,
    phrases: Vec<Phrase>,
    /// Folded syllables of the phrases.
    phrase_words: FxHashSet<String>,
    /// The first and last letters of every syllable that can match, `None` when some wanted
    /// syllable's cannot be told (another script): a passage's syllable whose letters are not
    /// among them is passed over without being folded.
    ends: Option<Ends>,
    /// Long form of an abbreviation → its weight, worked out once per search (every passage of
    /// a document defining `PBGDPL` asks again).
    abbreviation_weights: RefCell<FxHashMap<String, f32>>,
}

/// A term's weight in choosing the window: `1 / (1 + document frequency)` on `field`, `None`
/// when no entry holds it.
fn weight(searcher: &Searcher, field: Field, folded: &str) -> Result<Option<f32>> {
    let doc_freq = searcher.doc_freq(&Term::from_field_text(field, folded))?;
    Ok((doc_freq > 0).then(|| 1.0 / (1.0 + doc_freq as f32)))
}

impl Snippets {
    /// Prepares snippets for `wanted`, weighing syllables by their document frequency on
    /// `folded` (the folded view of passage text).
    pub fn new(searcher: &Searcher, folded: Field, wanted: Wanted) -> Result<Self> {
        let mut weights = FxHashMap::default();
        for word in wanted.words {
            if let Some(w) = weight(searcher, folded, &word)? {
                weights.insert(word, w);
            }
        }
        let mut accented: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let (mut key, mut scratch) = (String::new(), String::new());
        for form in wanted.accented {
            View::Folded.write(&form, &mut key, &mut scratch);
            accented.entry(key.clone()).or_default().push(form);
        }
        let mut phrases = Vec::new();
        let mut phrase_words = FxHashSet::default();
        'phrases: for (words, forms) in wanted.phrases {
            let mut total = 0.0;
            for word in &words {
                match weight(searcher, folded, word)? {
                    Some(w) => total += w,
                    None => continue 'phrases,
                }
            }
            if words.is_empty() || forms.as_ref().is_some_and(|f| f.len() != words.len()) {
                continue;
            }
            phrase_words.extend(words.iter().cloned());
            phrases.push(Phrase {
                key: words.join(" "),
                folded: words,
                accented: forms,
                weight: total,
            });
        }
        Ok(Snippets {
            weights,
            accented,
            phrases,
            phrase_words,
            ends: None,
            abbreviation_weights: RefCell::default(),
        }
        .with_ends())
    }

    /// Works out [`Snippets::ends`] from the syllables wanted.
    fn with_ends(mut self) -> Self {
        let wanted = self.weights.keys().chain(self.phrase_words.iter());
        self.ends = Ends::of(wanted.map(String::as_str));
        self
    }

    /// The abbreviations worth marking, with their weight: those whose long form holds a
    /// query word or a whole phrase.
    fn abbreviations<'a>(&self, abbreviations: &'a [Abbreviation]) -> Vec<(&'a str, f32)> {
        let mut out = Vec::new();
        let mut known = self.abbreviation_weights.borrow_mut();
        for a in abbreviations {
            let total = match known.get(&a.long) {
                Some(&total) => total,
                None => {
                    let total = self.weight_of_long_form(&a.long);
                    known.insert(a.long.clone(), total);
                    total
                }
            };
            if total > 0.0 && !a.short.is_empty() {
                out.push((a.short.as_str(), total));
            }
        }
        out
    }

    /// The weight of an abbreviation's long form: its distinct query words and whole phrases.
    fn weight_of_long_form(&self, long: &str) -> f32 {
        // Its syllables folded as a passage's are in `matches` (the index's full analysis, which
        // also looks for document numbers, was a thirtieth of a question's CPU here).
        let long: Vec<String> = crate::text::syllables_in(long, View::Folded)
            .into_iter()
            .map(|t| t.text)
            .collect();
        let mut seen = FxHashSet::default();
        let mut total: f32 = long
            .iter()
            .filter(|w| seen.insert(w.as_str()))
            .filter_map(|w| self.weights.get(w.as_str()))
            .sum();
        for p in &self.phrases {
            if long
                .windows(p.folded.len())
                .any(|w| w == p.folded.as_slice())
            {
                total += p.weight;
            }
        }
        total
    }

    /// The matched syllables of `text`, in order (a syllable may match more than once: as a
    /// word and inside a phrase).
    fn matches<'s>(&'s self, text: &str, abbreviations: &[(&'s str, f32)]) -> Vec<Match<'s>> {
        let mut out: Vec<Match<'s>> = Vec::new();
        if self.weights.is_empty() && self.phrases.is_empty() && abbreviations.is_empty() {
            return out;
        }
        // Abbreviations match as written: their letters can pass too.
        let with_abbreviations;
        let ends = match &self.ends {
            Some(ends) if !abbreviations.is_empty() => {
                let mut ends = ends.clone();
                with_abbreviations = abbreviations
                    .iter()
                    .all(|(short, _)| ends.insert(short))
                    .then_some(ends);
                with_abbreviations.as_ref()
            }
            other => other.as_ref(),
        };
        let longest = self
            .phrases
            .iter()
            .map(|p| p.folded.len())
            .max()
            .unwrap_or(0);
        // The last syllables in a row that phrases are made of: span, folded, accented.
        let mut row: VecDeque<(Span, String, String)> = VecDeque::with_capacity(longest);
        let (mut folded, mut accented, mut scratch) = (String::new(), String::new(), String::new());
        // Character offset of byte `at`, counted forward from the previous span.
        let (mut at, mut chars) = (0, 0);
        for (start, end) in Spans::new(text) {
            let original = &text[start..end];
            if ends.is_some_and(|e| !e.may_hold(original)) {
                row.clear();
                continue;
            }
            View::Folded.write(original, &mut folded, &mut scratch);
            let word = self.weights.get_key_value(folded.as_str());
            let in_phrase = self.phrase_words.contains(folded.as_str());
            let abbreviation = abbreviations.iter().find(|(short, _)| *short == original);
            if word.is_none() && !in_phrase && abbreviation.is_none() {
                row.clear();
                continue;
            }
            chars += text[at..start].chars().count();
            let len = original.chars().count();
            let span = Span {
                bytes: (start, end),
                chars: (chars, chars + len),
            };
            chars += len;
            at = end;
            let preferred = self.accented.get(folded.as_str());
            if preferred.is_some() || in_phrase {
                View::Accented.write(original, &mut accented, &mut scratch);
            }
            if let Some((term, &weight)) = word {
                out.push(Match {
                    span,
                    term,
                    weight,
                    exact: preferred.is_none_or(|forms| forms.contains(&accented)),
                });
            }
            if let Some(&(short, weight)) = abbreviation {
                out.push(Match {
                    span,
                    term: short,
                    weight,
                    exact: true,
                });
            }
            if !in_phrase {
                row.clear();
                continue;
            }
            if row.len() == longest {
                row.pop_front();
            }
            row.push_back((span, folded.clone(), accented.clone()));
            for p in &self.phrases {
                let Some(from) = row.len().checked_sub(p.folded.len()) else {
                    continue;
                };
                let tail = row.range(from..);
                let folded_match = tail.clone().zip(&p.folded).all(|(r, w)| r.1 == *w);
                let accented_match = p
                    .accented
                    .as_ref()
                    .is_none_or(|forms| tail.clone().zip(forms).all(|(r, w)| r.2 == *w));
                if folded_match && accented_match {
                    out.extend(tail.map(|r| Match {
                        span: r.0,
                        term: &p.key,
                        weight: p.weight,
                        exact: true,
                    }));
                }
            }
        }
        // Per term: where the text holds the preferred form, only that form.
        let exact: FxHashSet<&str> = out.iter().filter(|m| m.exact).map(|m| m.term).collect();
        out.retain(|m| m.exact || !exact.contains(m.term));
        // A phrase is found at its last syllable: put its earlier syllables in order.
        out.sort_by_key(|m| m.span.bytes.0);
        out
    }
}

/// A set of (first letter, last letter) pairs of syllables, folded (`điều` → `d`, `u`).
#[derive(Clone)]
struct Ends(Box<[u64; 256]>);

impl Ends {
    /// The pairs of `syllables`; `None` when one of them has an end that folding does not tell.
    fn of<'a>(mut syllables: impl Iterator<Item = &'a str>) -> Option<Ends> {
        let mut ends = Ends(Box::new([0; 256]));
        syllables.all(|s| ends.insert(s)).then_some(ends)
    }

    /// The slot of a syllable's pair, `None` when an end is not sure.
    fn slot(syllable: &str) -> Option<usize> {
        use crate::text::fold::sure_folded_letter;
        let first = sure_folded_letter(syllable.chars().next()?)?;
        let last = sure_folded_letter(syllable.chars().next_back()?)?;
        Some(usize::from(first as u8 & 0x7f) << 7 | usize::from(last as u8 & 0x7f))
    }

    /// Adds a syllable's pair; false when its ends are not sure.
    fn insert(&mut self, syllable: &str) -> bool {
        let Some(slot) = Ends::slot(syllable) else {
            return false;
        };
        if let Some(word) = self.0.get_mut(slot / 64) {
            *word |= 1 << (slot % 64);
        }
        true
    }

    /// False only when `syllable`, folded, cannot be one of the syllables added.
    fn may_hold(&self, syllable: &str) -> bool {
        Ends::slot(syllable).is_none_or(|slot| {
            self.0
                .get(slot / 64)
                .is_some_and(|word| word & (1 << (slot % 64)) != 0)
        })
    }
}

/// Where a matched syllable stands.
#[derive(Debug, Clone, Copy)]
struct Span {
    bytes: (usize, usize),
    chars: (usize, usize),
}

/// One matched syllable in a passage.
struct Match<'a> {
    span: Span,
    /// The query word, phrase or abbreviation it matched (to count each once per window).
    term: &'a str,
    weight: f32,
    /// Written in the preferred form (always, when there is none).
    exact: bool,
}

/// The snippet of `text` for a passage at `path` of a document defining `abbreviations`;
/// without matches, its opening.
pub fn make(
    snippets: Option<&Snippets>,
    path: String,
    text: &str,
    abbreviations: &[Abbreviation],
) -> PassageHit {
    let matches = snippets
        .map(|s| s.matches(text, &s.abbreviations(abbreviations)))
        .unwrap_or_default();
    let Some((first, last)) = best_window(&matches) else {
        let opening: String = text.chars().take(SNIPPET_CHARS).collect();
        return PassageHit {
            path,
            snippet: escape_html(&opening),
            text: opening,
            highlights: Vec::new(),
        };
    };
    // The window's characters, with some lead before its first match when there is room.
    let (first, last) = (matches[first].span, matches[last].span);
    let span = last.chars.1 - first.chars.0;
    let lead = LEAD_CHARS.min(SNIPPET_CHARS.saturating_sub(span) / 2);
    let from_char = first.chars.0.saturating_sub(lead);
    let first_byte = first.bytes.0;
    let from = word_start(
        text,
        chars_before(text, first_byte, first.chars.0 - from_char),
        first_byte,
    );
    let from_char = text[..from].chars().count();
    let to = word_end(text, from, SNIPPET_CHARS);
    let fragment = &text[from..to];
    let mut html = String::with_capacity(fragment.len() + 64);
    let mut highlights = Vec::new();
    let mut cursor = from;
    for m in matches
        .iter()
        .map(|m| m.span)
        .filter(|s| s.bytes.0 >= from && s.bytes.1 <= to)
    {
        // A syllable matched as a word and inside a phrase is marked once.
        if m.bytes.0 < cursor {
            continue;
        }
        html.push_str(&escape_html(&text[cursor..m.bytes.0]));
        html.push_str("<mark>");
        html.push_str(&escape_html(&text[m.bytes.0..m.bytes.1]));
        html.push_str("</mark>");
        highlights.push([m.chars.0 - from_char, m.chars.1 - from_char]);
        cursor = m.bytes.1;
    }
    html.push_str(&escape_html(&text[cursor..to]));
    PassageHit {
        path,
        snippet: html,
        text: fragment.to_string(),
        highlights,
    }
}

/// The matches `first..=last` of the window of at most [`SNIPPET_CHARS`] characters whose
/// distinct terms weigh most (the earliest such window); `None` without matches.
///
/// One pass: the window slides over the matches, counting how often each term stands in it, so
/// that a term adds its weight when it enters and takes it back when its last match leaves. The
/// weights are summed in fixed point, where adding and taking back are exact.
fn best_window(matches: &[Match]) -> Option<(usize, usize)> {
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut weights: Vec<u64> = Vec::new();
    let terms: Vec<usize> = matches
        .iter()
        .map(|m| {
            *ids.entry(m.term).or_insert_with(|| {
                weights.push(fixed_point(m.weight));
                weights.len() - 1
            })
        })
        .collect();
    let mut counts = vec![0u32; weights.len()];
    let (mut score, mut end) = (0u64, 0);
    let mut best: Option<(u64, usize, usize)> = None;
    for first in 0..matches.len() {
        // The window is `first..end`; it always holds `first`.
        end = end.max(first);
        while end < matches.len()
            && (end == first
                || matches[end].span.chars.1 - matches[first].span.chars.0 <= SNIPPET_CHARS)
        {
            let t = terms[end];
            if counts[t] == 0 {
                score += weights[t];
            }
            counts[t] += 1;
            end += 1;
        }
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, first, end - 1));
        }
        let t = terms[first];
        counts[t] -= 1;
        if counts[t] == 0 {
            score -= weights[t];
        }
    }
    best.map(|(_, first, last)| (first, last))
}

/// A weight (at most a few hundred: the sum of a phrase's words) in fixed point, 2^-32 units.
fn fixed_point(weight: f32) -> u64 {
    (f64::from(weight.max(0.0)) * 4_294_967_296.0).round() as u64
}

/// The byte offset `n` characters before byte `at`.
fn chars_before(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    text[..at]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

/// `at`, moved forward past the rest of a word it falls inside, to the next word (never past
/// `limit`, the first match).
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    let inside = text[..at]
        .chars()
        .next_back()
        .is_some_and(crate::text::segment::is_alphanumeric);
    if !inside {
        return at;
    }
    let after_word = text[at..]
        .find(|c: char| !crate::text::segment::is_alphanumeric(c))
        .map_or(text.len(), |i| at + i);
    let next = after_word + text[after_word..].len() - text[after_word..].trim_start().len();
    next.min(limit)
}

/// The end of a fragment starting at `from` of at most `max` characters, cut between words
/// when the text goes on.
fn word_end(text: &str, from: usize, max: usize) -> usize {
    let rest = &text[from..];
    let Some((cut, next)) = rest.char_indices().nth(max) else {
        return text.len();
    };
    if !crate::text::segment::is_alphanumeric(next) {
        return from + rest[..cut].trim_end().len();
    }
    match rest[..cut].rfind(char::is_whitespace) {
        Some(space) if space > 0 => from + rest[..space].trim_end().len(),
        _ => from + cut,
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_html_into(s, &mut out);
    out
}

/// [`escape_html`] written onto the end of `out`.
pub fn escape_html_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn snippets(terms: &[(&str, f32)]) -> Snippets {
        Snippets {
            weights: terms.iter().map(|(t, w)| (t.to_string(), *w)).collect(),
            accented: FxHashMap::default(),
            phrases: Vec::new(),
            phrase_words: FxHashSet::default(),
            ends: None,
            abbreviation_weights: RefCell::default(),
        }
    }

    /// Snippets for one quoted phrase (accented when `accented`), plus free words.
    fn with_phrase(phrase: &str, accented: bool, words: &[(&str, f32)]) -> Snippets {
        let mut s = snippets(words);
        let folded: Vec<String> = crate::text::tokens(phrase, View::Folded)
            .into_iter()
            .map(|t| t.text)
            .collect();
        let forms: Vec<String> = crate::text::tokens(phrase, View::Accented)
            .into_iter()
            .map(|t| t.text)
            .collect();
        s.phrase_words.extend(folded.iter().cloned());
        s.phrases.push(Phrase {
            key: folded.join(" "),
            folded,
            accented: accented.then_some(forms),
            weight: 1.0,
        });
        s
    }

    fn mark(s: &Snippets, text: &str) -> Vec<String> {
        marked(&make(Some(s), String::new(), text, &[]))
    }

    #[test]
    fn a_phrase_is_marked_where_it_stands_in_a_row_only() {
        let s = with_phrase("phổ biến giáo dục", false, &[]);
        let text = "Sở Giáo dục và Đào tạo; thể dục thể thao; phổ biến, giáo dục pháp luật.";
        assert_eq!(mark(&s, text), ["phổ", "biến", "giáo", "dục"]);
        // Written with diacritics, only that spelling: `phố biển` is not `phổ biến`.
        let s = with_phrase("phổ biến", true, &[]);
        assert_eq!(mark(&s, "phố biển; Phổ biến"), ["Phổ", "biến"]);
        // A free word of the query is still marked on its own.
        let s = with_phrase("giáo dục", false, &[("the", 0.5)]);
        assert_eq!(
            mark(&s, "thể dục thể thao, giáo dục"),
            ["thể", "thể", "giáo", "dục"]
        );
    }

    #[test]
    fn an_abbreviation_is_marked_when_what_it_stands_for_matches() {
        let s = with_phrase("phổ biến giáo dục", false, &[]);
        let abbreviations = [
            Abbreviation {
                short: "PBGDPL".into(),
                long: "phổ biến, giáo dục pháp luật".into(),
            },
            Abbreviation {
                short: "HĐND".into(),
                long: "Hội đồng nhân dân".into(),
            },
        ];
        let hit = make(
            Some(&s),
            String::new(),
            "Đổi mới công tác PBGDPL; HĐND tỉnh; PBGDPLX",
            &abbreviations,
        );
        assert_eq!(marked(&hit), ["PBGDPL"]);
    }

    #[test]
    fn a_preferred_form_is_marked_alone_for_its_own_syllable_only() {
        // `giao duc` typed without diacritics, restored as `giáo dục`; `thuc` not restored.
        let mut s = snippets(&[("giao", 0.5), ("duc", 0.5), ("thuc", 0.5)]);
        s.accented.insert("duc".into(), vec!["dục".into()]);
        s.accented.insert("thuc".into(), vec!["thức".into()]);
        assert_eq!(
            mark(&s, "đạo đức, giáo dục; thực hiện"),
            ["giáo", "dục", "thực"]
        );
    }

    fn marked(hit: &PassageHit) -> Vec<String> {
        hit.highlights
            .iter()
            .map(|[a, b]| hit.text.chars().skip(*a).take(b - a).collect())
            .collect()
    }

    #[test]
    fn a_query_with_diacritics_marks_its_own_forms() {
        let mut s = snippets(&[("phong", 0.5), ("tuc", 0.5)]);
        s.accented.insert("tuc".into(), vec!["tục".into()]);
        let hit = make(
            Some(&s),
            String::new(),
            "Phong tục tập quán, báo cáo tức thời.",
            &[],
        );
        assert_eq!(marked(&hit), ["Phong", "tục"]);
        // A passage without the accented form still shows why it matched.
        let hit = make(Some(&s), String::new(), "Báo cáo tức thời.", &[]);
        assert_eq!(marked(&hit), ["tức"]);
        // Without diacritics in the query, every form is marked.
        let plain = snippets(&[("tuc", 0.5)]);
        let hit = make(Some(&plain), String::new(), "Phong tục, tức thời.", &[]);
        assert_eq!(marked(&hit), ["tục", "tức"]);
    }

    #[test]
    fn markup_in_documents_is_escaped() {
        let hit = make(None, String::new(), "<script>alert(1)</script> & co", &[]);
        assert_eq!(
            hit.snippet,
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
    }

    #[test]
    fn matches_are_marked_on_the_original_characters() {
        let s = snippets(&[("pho", 0.5), ("bien", 0.5), ("dang", 0.2)]);
        let text: String = "Sự lãnh đạo của Ðảng trong công tác <PHỔ BIẾN> pháp luật"
            .nfd()
            .collect();
        let hit = make(Some(&s), "1".into(), &text, &[]);
        assert_eq!(hit.text, text);
        let marked: Vec<String> = hit
            .highlights
            .iter()
            .map(|[a, b]| hit.text.chars().skip(*a).take(b - a).collect())
            .collect();
        let nfc = |s: &str| s.nfc().collect::<String>();
        assert_eq!(
            marked.iter().map(|m| nfc(m)).collect::<Vec<_>>(),
            ["Ðảng", "PHỔ", "BIẾN"]
        );
        assert!(hit.snippet.contains("&lt;<mark>"), "{}", hit.snippet);
        assert!(hit
            .snippet
            .ends_with("</mark>&gt; pháp luật".nfd().collect::<String>().as_str()));
    }

    #[test]
    fn the_window_goes_where_the_rarest_terms_are() {
        let s = snippets(&[("hoa", 0.01), ("giai", 0.01), ("co", 0.01), ("so", 0.5)]);
        let filler = "hòa giải ".repeat(60);
        let text = format!("{filler} thôn bản cơ sở {filler}");
        let hit = make(Some(&s), String::new(), &text, &[]);
        assert!(hit.text.chars().count() <= SNIPPET_CHARS);
        assert!(hit.text.contains("cơ sở"), "{}", hit.text);
        // It starts on a word.
        assert!(
            hit.text.starts_with("hòa") || hit.text.starts_with("giải"),
            "{}",
            hit.text
        );
    }

    #[test]
    fn no_match_gives_the_opening() {
        let s = snippets(&[("khong", 1.0)]);
        let text = "a ".repeat(400);
        let hit = make(Some(&s), String::new(), &text, &[]);
        assert!(hit.highlights.is_empty());
        assert_eq!(hit.text.chars().count(), SNIPPET_CHARS);
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_well_formed_snippet(
            text in "[aàáạăằđĐ \u{301}\u{AD}\n<&.,0-9bé]{0,700}",
            terms in proptest::collection::vec("[ade0-9]{1,3}", 0..4),
        ) {
            let words: Vec<(&str, f32)> = terms.iter().map(|t| (t.as_str(), 0.5)).collect();
            // A phrase too, and an abbreviation: every kind of match in one text.
            let s = with_phrase("a đ", true, &words);
            let abbreviation = Abbreviation { short: "ab".into(), long: "a đ".into() };
            let hit = make(Some(&s), String::new(), &text, &[abbreviation]);
            proptest::prop_assert!(hit.text.chars().count() <= SNIPPET_CHARS);
            proptest::prop_assert!(text.contains(&hit.text));
            let chars = hit.text.chars().count();
            let mut previous = 0;
            for [a, b] in &hit.highlights {
                proptest::prop_assert!(previous <= *a && a < b && *b <= chars);
                previous = *b;
            }
            proptest::prop_assert_eq!(hit.snippet.matches("<mark>").count(), hit.highlights.len());
        }
    }

    proptest::proptest! {
        #[test]
        fn passing_over_syllables_by_their_letters_changes_no_snippet(
            text in "[aàáạăằđĐÐeéêếE \u{301}\u{302}\u{AD}\u{200B}\n.,0-9bé]{0,400}",
            terms in proptest::collection::vec("[ade0-9]{1,3}", 0..4),
        ) {
            let words: Vec<(&str, f32)> = terms.iter().map(|t| (t.as_str(), 0.5)).collect();
            let unfiltered = with_phrase("a đe", true, &words);
            proptest::prop_assert!(unfiltered.ends.is_none());
            let filtered = with_phrase("a đe", true, &words).with_ends();
            proptest::prop_assert!(filtered.ends.is_some());
            let abbreviation = Abbreviation { short: "Ab".into(), long: "a đe".into() };
            let [a, b] = [&unfiltered, &filtered]
                .map(|s| make(Some(s), String::new(), &text, std::slice::from_ref(&abbreviation)));
            proptest::prop_assert_eq!(a.snippet, b.snippet);
            proptest::prop_assert_eq!(a.highlights, b.highlights);
        }
    }

    /// On real text and real questions: the shipped seed plan, each of its lines a passage, and
    /// the words of the first citizen questions (when `../shared` is there), each line's snippet
    /// the same with and without passing over syllables by their letters.
    #[test]
    fn passing_over_syllables_changes_no_snippet_of_the_seed_plan() {
        let root = env!("CARGO_MANIFEST_DIR");
        let seed = std::fs::read_to_string(format!("{root}/corpus/176-KH-UBND-2020-lang-son.txt"))
            .unwrap();
        let questions =
            std::fs::read_to_string(format!("{root}/../shared/queries/citizen_questions.txt"))
                .unwrap_or_else(|_| "Kế hoạch phổ biến giáo dục pháp luật năm 2020?".into());
        let abbreviation = Abbreviation {
            short: "PBGDPL".into(),
            long: "phổ biến, giáo dục pháp luật".into(),
        };
        let mut compared = 0;
        for question in questions.lines().take(40) {
            let words: Vec<String> = crate::text::tokens(question, View::Folded)
                .into_iter()
                .map(|t| t.text)
                .collect();
            let weighted: Vec<(&str, f32)> = words.iter().map(|w| (w.as_str(), 0.25)).collect();
            let unfiltered = snippets(&weighted);
            let filtered = snippets(&weighted).with_ends();
            assert!(filtered.ends.is_some(), "{question}");
            for line in seed.lines().filter(|l| !l.trim().is_empty()) {
                let [a, b] = [&unfiltered, &filtered].map(|s| {
                    make(
                        Some(s),
                        String::new(),
                        line,
                        std::slice::from_ref(&abbreviation),
                    )
                });
                assert_eq!(a.snippet, b.snippet, "{question} / {line}");
                assert_eq!(a.highlights, b.highlights);
                compared += usize::from(!a.highlights.is_empty());
            }
        }
        assert!(compared > 100, "{compared} snippets with marks compared");
    }

    #[test]
    fn syllables_are_passed_over_by_their_folded_ends() {
        let ends = Ends::of(["dieu", "a"].into_iter()).unwrap();
        assert!(ends.may_hold("Điều"));
        assert!(ends.may_hold("ĐIỀU"));
        assert!(ends.may_hold("Á"));
        assert!(!ends.may_hold("đến"));
        assert!(!ends.may_hold("khoản"));
        // A combining mark at an end: folding decides, the syllable is not passed over.
        assert!(ends.may_hold("đe\u{301}"));
        // A wanted syllable of another script: no filter at all.
        assert!(Ends::of(["dieu", "мир"].into_iter()).is_none());
    }

    /// The window as first written: every window's distinct terms summed anew.
    fn best_window_by_brute_force(matches: &[Match]) -> Option<(usize, usize)> {
        let mut best: Option<(f64, usize, usize)> = None;
        for first in 0..matches.len() {
            let mut last = first;
            while last + 1 < matches.len()
                && matches[last + 1].span.chars.1 - matches[first].span.chars.0 <= SNIPPET_CHARS
            {
                last += 1;
            }
            let mut seen: Vec<&str> = Vec::new();
            let mut score = 0.0;
            for m in &matches[first..=last] {
                if !seen.contains(&m.term) {
                    seen.push(m.term);
                    score += f64::from(m.weight);
                }
            }
            if best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, first, last));
            }
        }
        best.map(|(_, first, last)| (first, last))
    }

    proptest::proptest! {
        #[test]
        fn the_sliding_window_is_the_heaviest_and_earliest(
            found in proptest::collection::vec((0usize..40, 0usize..5), 0..120),
        ) {
            // Syllables of 1 to 5 characters at growing offsets; five terms whose weights
            // (eighths) sum exactly in both computations, so that ties are ties in both.
            let terms = ["a", "b", "c", "d", "e"];
            let mut at = 0;
            let matches: Vec<Match> = found
                .iter()
                .map(|&(gap, t)| {
                    at += gap;
                    let span = Span { bytes: (at, at + t + 1), chars: (at, at + t + 1) };
                    at += t + 1;
                    Match { span, term: terms[t], weight: (t as f32 + 1.0) / 8.0, exact: true }
                })
                .collect();
            proptest::prop_assert_eq!(best_window(&matches), best_window_by_brute_force(&matches));
        }
    }

    #[test]
    fn windows_fit_the_limit_in_any_text() {
        let s = snippets(&[("a", 1.0), ("b", 0.5)]);
        for text in [
            "a",
            "ab a b",
            &"xyz a ".repeat(200),
            &format!("{}a", "é".repeat(700)),
        ] {
            let hit = make(Some(&s), String::new(), text, &[]);
            assert!(hit.text.chars().count() <= SNIPPET_CHARS, "{text:?}");
            for [a, b] in &hit.highlights {
                let m: String = hit.text.chars().skip(*a).take(b - a).collect();
                assert!(m == "a" || m == "b", "{m:?} in {:?}", hit.text);
            }
        }
    }
}
