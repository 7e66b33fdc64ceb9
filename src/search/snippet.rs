//! Snippets: a window of a passage around the matches, escaped as HTML with `<mark>` around
//! matched syllables, plus the matches' character offsets in the plain window.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Searcher;

use crate::error::Result;
use crate::search::PassageHit;
use crate::text::tokenizer::{SyllableTokenizer, View};

/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 300;

/// A snippet maker for one query.
pub struct Snippets(SnippetGenerator);

impl Snippets {
    /// Prepares snippets for the terms `query` has on `field` (a folded view, so that matches
    /// with or without diacritics are marked). The field's tokenizer keeps offsets into the
    /// original text, so the marks land on the original characters.
    ///
    /// The text is cut into syllables only: document numbers are never among the marked terms,
    /// and finding them in every shown passage cost more than the rest of the snippet.
    pub fn new(searcher: &Searcher, query: &dyn Query, field: Field) -> Result<Self> {
        let mut terms = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term.clone());
            }
        });
        // Rarer terms weigh more in choosing the window, as in tantivy's own generator.
        let mut weights = BTreeMap::new();
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
        let tokenizer = TextAnalyzer::from(SyllableTokenizer::syllables_only(View::Folded));
        Ok(Snippets(SnippetGenerator::new(
            weights,
            tokenizer,
            field,
            SNIPPET_CHARS,
        )))
    }
}

/// The snippet of `text` for a passage at `path`; without matches, its opening.
pub fn make(snippets: Option<&Snippets>, path: String, text: &str) -> PassageHit {
    if let Some(s) = snippets {
        let mut snippet = s.0.snippet(text);
        if !snippet.highlighted().is_empty() {
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let fragment = snippet.fragment();
            let highlights = snippet
                .highlighted()
                .iter()
                .filter_map(|r| {
                    let start = fragment.get(..r.start)?.chars().count();
                    let len = fragment.get(r.clone())?.chars().count();
                    Some([start, start + len])
                })
                .collect();
            return PassageHit {
                path,
                snippet: snippet.to_html(),
                text: fragment.to_string(),
                highlights,
            };
        }
    }
    let opening: String = text.chars().take(SNIPPET_CHARS).collect();
    PassageHit {
        path,
        snippet: escape_html(&opening),
        text: opening,
        highlights: Vec::new(),
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

    #[test]
    fn markup_in_documents_is_escaped() {
        let hit = make(None, String::new(), "<script>alert(1)</script> & co");
        assert_eq!(
            hit.snippet,
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
    }
}
