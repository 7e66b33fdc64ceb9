//! Snippets: a window of a passage around the matches, escaped as HTML with `<mark>` around
//! matched syllables, plus the matches' character offsets in the plain window.
//!
//! A passage's syllables are found on its original text ([`Spans`]) and folded as the index
//! folds them ([`View::Folded`]), so that a match with or without diacritics is marked on the
//! original characters; a query written with diacritics marks the syllables written its way
//! (`tục`, not `tức`) when the passage has any. The window is the stretch of at most [`SNIPPET_CHARS`] characters whose
//! matched query syllables weigh most (rarer syllables weigh more), as tantivy's snippet
//! generator chooses; this module does the same without tantivy's token and fragment machinery,
//! which took a third of a search's time.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::Searcher;

use crate::error::Result;
use crate::search::PassageHit;
use crate::text::segment::Spans;
use crate::text::tokenizer::View;

/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 300;

/// Characters shown before the first match of the window, when the window leaves room.
const LEAD_CHARS: usize = 60;

/// The query syllables to mark, each with its weight in choosing the window.
pub struct Snippets {
    /// Folded query syllable → weight.
    weights: FxHashMap<String, f32>,
    /// Folded query syllable → the accented forms the query wrote it in (none for a query
    /// typed without diacritics): a passage marks those forms only (`tục`, not `tức`), unless it
    /// holds none of them.
    accented: FxHashMap<String, Vec<String>>,
}

impl Snippets {
    /// Prepares snippets for the terms `query` has on `folded` (a folded view): each weighs
    /// `1 / (1 + document frequency)`. Its terms on `accented` (the accented view of the same
    /// text) are the forms a query with diacritics wrote.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        folded: Field,
        accented: Field,
    ) -> Result<Self> {
        let (mut terms, mut exact) = (BTreeSet::new(), BTreeSet::new());
        query.query_terms(&mut |term, _| {
            if term.field() == folded {
                terms.insert(term.clone());
            } else if term.field() == accented {
                exact.insert(term.clone());
            }
        });
        let mut weights = FxHashMap::default();
        for term in terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                weights.insert(text.to_string(), 1.0 / (1.0 + doc_freq as f32));
            }
        }
        let mut accented_forms: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let (mut key, mut scratch) = (String::new(), String::new());
        for term in exact {
            if let Some(text) = term.value().as_str() {
                View::Folded.write(text, &mut key, &mut scratch);
                accented_forms
                    .entry(key.clone())
                    .or_default()
                    .push(text.to_string());
            }
        }
        Ok(Snippets {
            weights,
            accented: accented_forms,
        })
    }

    /// The matched syllables of `text`: byte span, character span and weight, in order. Where
    /// the query wrote diacritics, only the syllables written the same way, if the text has any.
    fn matches(&self, text: &str) -> Vec<Match<'_>> {
        let mut out = Vec::new();
        if self.weights.is_empty() {
            return out;
        }
        let (mut folded, mut accented, mut scratch) = (String::new(), String::new(), String::new());
        // Character offset of byte `at`, counted forward from the previous span.
        let (mut at, mut chars) = (0, 0);
        let mut exact_matches = 0;
        for (start, end) in Spans::new(text) {
            let original = &text[start..end];
            View::Folded.write(original, &mut folded, &mut scratch);
            let Some((term, &weight)) = self.weights.get_key_value(folded.as_str()) else {
                continue;
            };
            let exact = match self.accented.get(folded.as_str()) {
                None => true,
                Some(forms) => {
                    View::Accented.write(original, &mut accented, &mut scratch);
                    forms.contains(&accented)
                }
            };
            exact_matches += usize::from(exact);
            chars += text[at..start].chars().count();
            let len = original.chars().count();
            out.push(Match {
                bytes: (start, end),
                chars: (chars, chars + len),
                term: Some(term.as_str()),
                weight,
                exact,
            });
            chars += len;
            at = end;
        }
        if exact_matches > 0 {
            out.retain(|m| m.exact);
        }
        out
    }
}

/// One matched syllable in a passage.
struct Match<'a> {
    bytes: (usize, usize),
    chars: (usize, usize),
    /// The query term it matched (to count each term once per window).
    term: Option<&'a str>,
    weight: f32,
    /// Written as the query wrote it (always, for a query without diacritics).
    exact: bool,
}

/// The snippet of `text` for a passage at `path`; without matches, its opening.
pub fn make(snippets: Option<&Snippets>, path: String, text: &str) -> PassageHit {
    let matches = snippets.map(|s| s.matches(text)).unwrap_or_default();
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
    let span = matches[last].chars.1 - matches[first].chars.0;
    let lead = LEAD_CHARS.min(SNIPPET_CHARS.saturating_sub(span) / 2);
    let from_char = matches[first].chars.0.saturating_sub(lead);
    let first_byte = matches[first].bytes.0;
    let from = word_start(
        text,
        chars_before(text, first_byte, matches[first].chars.0 - from_char),
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
        .filter(|m| m.bytes.0 >= from && m.bytes.1 <= to)
    {
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
fn best_window(matches: &[Match]) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut last = 0;
    for first in 0..matches.len() {
        last = last.max(first);
        while last + 1 < matches.len()
            && matches[last + 1].chars.1 - matches[first].chars.0 <= SNIPPET_CHARS
        {
            last += 1;
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut score = 0.0;
        for m in &matches[first..=last] {
            let term = m.term.unwrap_or_default();
            if !seen.contains(&term) {
                seen.push(term);
                score += m.weight;
            }
        }
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, first, last));
        }
    }
    best.map(|(_, first, last)| (first, last))
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn snippets(terms: &[(&str, f32)]) -> Snippets {
        Snippets {
            weights: terms.iter().map(|(t, w)| (t.to_string(), *w)).collect(),
            accented: FxHashMap::default(),
        }
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
        );
        assert_eq!(marked(&hit), ["Phong", "tục"]);
        // A passage without the accented form still shows why it matched.
        let hit = make(Some(&s), String::new(), "Báo cáo tức thời.");
        assert_eq!(marked(&hit), ["tức"]);
        // Without diacritics in the query, every form is marked.
        let plain = snippets(&[("tuc", 0.5)]);
        let hit = make(Some(&plain), String::new(), "Phong tục, tức thời.");
        assert_eq!(marked(&hit), ["tục", "tức"]);
    }

    #[test]
    fn markup_in_documents_is_escaped() {
        let hit = make(None, String::new(), "<script>alert(1)</script> & co");
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
        let hit = make(Some(&s), "1".into(), &text);
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
        let hit = make(Some(&s), String::new(), &text);
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
        let hit = make(Some(&s), String::new(), &text);
        assert!(hit.highlights.is_empty());
        assert_eq!(hit.text.chars().count(), SNIPPET_CHARS);
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_well_formed_snippet(
            text in "[aàáạăằđĐ \u{301}\u{AD}\n<&.,0-9bé]{0,700}",
            terms in proptest::collection::vec("[ade0-9]{1,3}", 0..4),
        ) {
            let s = Snippets {
                weights: terms.iter().map(|t| (t.clone(), 0.5)).collect(),
                accented: FxHashMap::default(),
            };
            let hit = make(Some(&s), String::new(), &text);
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

    #[test]
    fn windows_fit_the_limit_in_any_text() {
        let s = snippets(&[("a", 1.0), ("b", 0.5)]);
        for text in [
            "a",
            "ab a b",
            &"xyz a ".repeat(200),
            &format!("{}a", "é".repeat(700)),
        ] {
            let hit = make(Some(&s), String::new(), text);
            assert!(hit.text.chars().count() <= SNIPPET_CHARS, "{text:?}");
            for [a, b] in &hit.highlights {
                let m: String = hit.text.chars().skip(*a).take(b - a).collect();
                assert!(m == "a" || m == "b", "{m:?} in {:?}", hit.text);
            }
        }
    }
}
