//! The plan of a search: a parsed query analysed once, as the index analyses text.
//!
//! [`Plan::analyze`] tokenizes the query's free text, phrases and exclusions with the index's
//! analyzers (folded, accented, folded pairs) and keeps what every later stage needs: the
//! distinct syllables with the forms the query wrote or search restored, the syllable pairs, the
//! phrases' words in the view they are matched in, numbers, articles and the words snippets mark.
//! Matching, ranking and presentation read the plan and never tokenize the query again. A plan
//! needs no index ([`Plan::analyze`] takes a tokenizer manager), so it is tested on its own, and
//! prints itself (`Display`) for tests and debugging.

use std::collections::{HashMap, HashSet};
use std::fmt;

use tantivy::tokenizer::TokenizerManager;

use super::query::ParsedQuery;
use super::snippet;
use crate::error::{Error, Result};
use crate::text;

/// A query analysed once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// True when the free text has diacritics: accented terms then rank too.
    pub accented: bool,
    /// The free text with likely diacritics restored, when it was typed without any and search
    /// asked for restoration.
    pub restored: Option<String>,
    /// Distinct folded syllables of the free text, in query order (document-number keys left
    /// out), with their accented forms.
    pub syllables: Vec<Syllable>,
    /// Folded syllable pairs of the free text, in order.
    pub pairs: Vec<String>,
    /// Quoted phrases that must appear.
    pub phrases: Vec<Phrase>,
    /// Words or phrases that must not appear.
    pub excluded: Vec<Phrase>,
    /// Document-number keys.
    pub numbers: Vec<String>,
    /// Article numbers the query names.
    pub articles: Vec<String>,
    /// The document type the query's first words name (`nghị định về ...`): its documents
    /// rank first ([`super::named`]).
    pub preferred_type: Option<&'static str>,
    /// Numbers and laws the query names that the index does not hold, as written.
    pub not_indexed: Vec<String>,
    /// True when the query wrote `OR`: any syllable may match.
    pub any: bool,
    /// What snippets mark.
    pub snippet: snippet::Wanted,
}

/// One distinct syllable of the free text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Syllable {
    /// Folded form (`phat`).
    pub folded: String,
    /// Accented form as written, when the query has diacritics (`phạt`).
    pub written: Option<String>,
    /// Accented form restored, when the query has none and restoration found one.
    pub restored: Option<String>,
}

/// A quoted phrase (or an excluded word).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Phrase {
    /// True when written with diacritics: matched in the accented view, so that `đường` does not
    /// match `dương`.
    pub accented: bool,
    /// Its syllables in the view it is matched in (accented or folded), without number keys.
    pub words: Vec<String>,
    /// Its folded syllables (what snippets count).
    pub folded: Vec<String>,
}

impl Plan {
    /// The plan of `parsed`, tokenized by the analyzers registered in `tokenizers`
    /// ([`text::register`]); `restored` is the free text with diacritics restored, when search
    /// restored them.
    pub fn analyze(
        tokenizers: &TokenizerManager,
        parsed: &ParsedQuery,
        restored: Option<String>,
    ) -> Result<Plan> {
        let mut analyzers = Analyzers::new(tokenizers)?;
        let free = &parsed.free_text;
        let accented = text::has_diacritics(free);
        let folded_tokens = analyzers.tokens(View::Folded, free);
        let accented_tokens: HashMap<usize, String> =
            analyzers.tokens(View::Accented, free).into_iter().collect();
        let restored_tokens: HashMap<usize, String> = match &restored {
            Some(r) if !accented => analyzers.tokens(View::Accented, r).into_iter().collect(),
            _ => HashMap::new(),
        };
        let mut syllables = Vec::new();
        let mut seen = HashSet::new();
        for (pos, folded) in &folded_tokens {
            if is_number_key(folded) || !seen.insert(folded.clone()) {
                continue;
            }
            syllables.push(Syllable {
                folded: folded.clone(),
                written: accented
                    .then(|| accented_tokens.get(pos).cloned())
                    .flatten(),
                restored: restored_tokens.get(pos).cloned(),
            });
        }
        let pairs = analyzers
            .tokens(View::FoldedPairs, free)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let phrases: Vec<Phrase> = parsed.phrases.iter().map(|p| analyzers.phrase(p)).collect();
        let excluded = parsed
            .excluded
            .iter()
            .map(|p| analyzers.phrase(p))
            .collect();
        let snippet_accented = match &restored {
            _ if accented => analyzers.syllables(View::Accented, free),
            Some(r) => analyzers.syllables(View::Accented, r),
            None => Vec::new(),
        };
        let snippet = snippet::Wanted {
            words: analyzers.syllables(View::Folded, free),
            accented: snippet_accented,
            phrases: phrases
                .iter()
                .map(|p| (p.folded.clone(), p.accented.then(|| p.words.clone())))
                .collect(),
        };
        Ok(Plan {
            accented,
            restored,
            syllables,
            pairs,
            phrases,
            excluded,
            numbers: parsed.numbers.clone(),
            articles: parsed.articles.clone(),
            preferred_type: None,
            not_indexed: Vec::new(),
            any: parsed.any,
            snippet,
        })
    }
}

/// A document-number key among a text's tokens (`176/kh-ubnd`): searched as a number, not as a
/// syllable.
fn is_number_key(token: &str) -> bool {
    token.contains('/')
}

/// The three views a query is analysed in.
#[derive(Clone, Copy)]
enum View {
    Folded,
    Accented,
    FoldedPairs,
}

/// The index's analyzers, taken once per plan.
struct Analyzers {
    folded: tantivy::tokenizer::TextAnalyzer,
    accented: tantivy::tokenizer::TextAnalyzer,
    pairs: tantivy::tokenizer::TextAnalyzer,
}

impl Analyzers {
    fn new(tokenizers: &TokenizerManager) -> Result<Self> {
        let get = |name: &str| {
            tokenizers.get(name).ok_or_else(|| {
                Error::Tantivy(tantivy::TantivyError::SchemaError(format!(
                    "tokenizer `{name}` is not registered"
                )))
            })
        };
        Ok(Analyzers {
            folded: get(text::FOLDED)?,
            accented: get(text::ACCENTED)?,
            pairs: get(text::FOLDED_PAIRS)?,
        })
    }

    /// Tokens of `text` in `view`, keyed by position.
    fn tokens(&mut self, view: View, text: &str) -> Vec<(usize, String)> {
        let analyzer = match view {
            View::Folded => &mut self.folded,
            View::Accented => &mut self.accented,
            View::FoldedPairs => &mut self.pairs,
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    }

    /// The syllables of `text` in `view`, without document-number keys.
    fn syllables(&mut self, view: View, text: &str) -> Vec<String> {
        self.tokens(view, text)
            .into_iter()
            .map(|(_, t)| t)
            .filter(|t| !is_number_key(t))
            .collect()
    }

    fn phrase(&mut self, phrase: &str) -> Phrase {
        let accented = text::has_diacritics(phrase);
        let folded = self.syllables(View::Folded, phrase);
        let words = match accented {
            true => self.syllables(View::Accented, phrase),
            false => folded.clone(),
        };
        Phrase {
            accented,
            words,
            folded,
        }
    }
}

impl fmt::Display for Plan {
    /// One line per part: `words phat(phạt) tien(tiền)`, `pairs phat_tien`, `phrase "xu phat"`,
    /// `not "..."`, `number 176/kh-ubnd`, `article 38`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if !self.syllables.is_empty() {
            let words: Vec<String> = self
                .syllables
                .iter()
                .map(|s| match (&s.written, &s.restored) {
                    (Some(w), _) => format!("{}({w})", s.folded),
                    (None, Some(r)) => format!("{}(~{r})", s.folded),
                    (None, None) => s.folded.clone(),
                })
                .collect();
            let join = if self.any { " | " } else { " " };
            parts.push(format!("words {}", words.join(join)));
        }
        if !self.pairs.is_empty() {
            parts.push(format!("pairs {}", self.pairs.join(" ")));
        }
        for p in &self.phrases {
            parts.push(format!("phrase \"{}\"", p.words.join(" ")));
        }
        for p in &self.excluded {
            parts.push(format!("not \"{}\"", p.words.join(" ")));
        }
        for n in &self.numbers {
            parts.push(format!("number {n}"));
        }
        for a in &self.articles {
            parts.push(format!("article {a}"));
        }
        write!(f, "{}", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query;

    fn plan(q: &str, restored: Option<&str>) -> Plan {
        let tokenizers = TokenizerManager::default();
        text::register(&tokenizers);
        let parsed = query::parse(q).unwrap();
        Plan::analyze(&tokenizers, &parsed, restored.map(str::to_string)).unwrap()
    }

    #[test]
    fn a_query_is_analysed_once_into_syllables_pairs_phrases_and_numbers() {
        let p = plan(
            "xử phạt xử lý \"vi phạm hành chính\" -\"hình sự\" 176/KH-UBND điều 38",
            None,
        );
        let folded: Vec<&str> = p.syllables.iter().map(|s| s.folded.as_str()).collect();
        // Distinct, in order; the number key is searched as a number, not a syllable.
        assert!(folded.starts_with(&["xu", "phat", "ly"]), "{folded:?}");
        assert!(!folded.iter().any(|s| s.contains('/')));
        assert_eq!(p.syllables[1].written.as_deref(), Some("phạt"));
        assert!(p.accented);
        assert_eq!(p.phrases.len(), 1);
        assert!(p.phrases[0].accented);
        assert_eq!(p.phrases[0].words, ["vi", "phạm", "hành", "chính"]);
        assert_eq!(p.phrases[0].folded, ["vi", "pham", "hanh", "chinh"]);
        assert_eq!(p.excluded[0].words, ["hình", "sự"]);
        assert_eq!(p.numbers, ["176/KH-UBND"]);
        assert_eq!(p.articles, ["38"]);
        let shown = p.to_string();
        assert!(shown.contains("xu(xử) phat(phạt)"), "{shown}");
        assert!(shown.contains("phrase \"vi phạm hành chính\""), "{shown}");
        assert!(shown.contains("not \"hình sự\""), "{shown}");
        assert!(shown.contains("number 176/KH-UBND"), "{shown}");
    }

    #[test]
    fn restored_forms_line_up_with_the_typed_syllables_and_feed_snippets() {
        let p = plan("xu phat", Some("xử phạt"));
        assert!(!p.accented);
        assert_eq!(p.syllables[0].written, None);
        assert_eq!(p.syllables[0].restored.as_deref(), Some("xử"));
        assert_eq!(p.snippet.words, ["xu", "phat"]);
        assert_eq!(p.snippet.accented, ["xử", "phạt"]);
        assert!(p.to_string().starts_with("words xu(~xử) phat(~phạt)"));
    }

    #[test]
    fn an_or_query_prints_its_alternatives() {
        let p = plan("hòa giải OR cán bộ", None);
        assert!(p.any);
        assert!(p.to_string().contains(" | "), "{p}");
    }
}
