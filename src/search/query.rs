//! The query language shared by the CLI and HTTP: words, `"exact phrase"`, `-word` or
//! `-"phrase"` to exclude, `OR` between words to accept any of them. Document numbers anywhere in
//! the query are recognized by [`crate::number::find_all`] and searched as a whole.

use crate::error::Code;
use crate::error::{Error, Result};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most words (syllables) a query may have.
pub const MAX_QUERY_WORDS: usize = 128;

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Free text whose syllables are scored (phrases and exclusions removed).
    pub free_text: String,
    /// Phrases that must appear.
    pub phrases: Vec<String>,
    /// Words or phrases that must not appear.
    pub excluded: Vec<String>,
    /// True when the user wrote `OR`: any word may match.
    pub any: bool,
    /// Canonical keys of document numbers in the query.
    pub numbers: Vec<String>,
    /// Article numbers the query names (`điều 38` → `38`).
    pub articles: Vec<String>,
}

impl ParsedQuery {
    /// The query with its phrases as plain words, when it has any: what to search when no text
    /// holds a phrase exactly (a question quoting a term with a typo, `"Trọng tại thương mại"`).
    pub fn relax_phrases(&self) -> Option<ParsedQuery> {
        if self.phrases.is_empty() {
            return None;
        }
        let mut words = vec![self.free_text.as_str()];
        words.extend(self.phrases.iter().map(String::as_str));
        Some(ParsedQuery {
            free_text: words.join(" ").trim().to_string(),
            phrases: Vec::new(),
            ..self.clone()
        })
    }

    /// True when nothing is asked for.
    pub fn is_empty(&self) -> bool {
        self.free_text.trim().is_empty() && self.phrases.is_empty() && self.numbers.is_empty()
    }
}

/// Parses a query string; an over-long query is a `query_too_long` error.
pub fn parse(q: &str) -> Result<ParsedQuery> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::bad_request(
            Code::QueryTooLong,
            format!("query is longer than {MAX_QUERY_CHARS} characters; shorten it"),
        ));
    }
    let mut out = ParsedQuery::default();
    let mut free = Vec::new();
    let mut rest = q;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (negated, body) = match rest.strip_prefix('-') {
            Some(b) if b.starts_with(|ch: char| !ch.is_whitespace()) => (true, b),
            _ => (false, rest),
        };
        if let Some(after_quote) = body.strip_prefix('"') {
            let end = after_quote.find('"').unwrap_or(after_quote.len());
            let phrase = after_quote[..end].trim().to_string();
            rest = after_quote.get(end + 1..).unwrap_or("");
            if !phrase.is_empty() {
                if negated {
                    out.excluded.push(phrase)
                } else {
                    out.phrases.push(phrase)
                }
            }
            continue;
        }
        let end = body.find(char::is_whitespace).unwrap_or(body.len());
        let word = &body[..end];
        rest = &body[end..];
        if negated {
            out.excluded.push(word.to_string());
        } else if word == "OR" {
            out.any = true;
        } else {
            free.push(word);
        }
    }
    out.free_text = free.join(" ");
    for m in crate::number::find_all(q) {
        if !out.numbers.contains(&m.number.key) {
            out.numbers.push(m.number.key);
        }
    }
    out.articles = crate::keys::article_refs(q);
    let words = q.split_whitespace().count();
    if words > MAX_QUERY_WORDS {
        return Err(Error::bad_request(
            Code::TooManyTerms,
            format!("query has {words} words, more than {MAX_QUERY_WORDS}; shorten it"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_exclusions_and_or_are_separated() {
        let p = parse(r#"giáo dục "pháp luật" -hình -"tố tụng" OR hòa giải"#).unwrap();
        assert_eq!(p.free_text, "giáo dục hòa giải");
        assert_eq!(p.phrases, vec!["pháp luật"]);
        assert_eq!(p.excluded, vec!["hình", "tố tụng"]);
        assert!(p.any);
    }

    #[test]
    fn relaxed_phrases_become_words() {
        let p = parse(r#""Trọng tại thương mại" là gì -"tố tụng""#).unwrap();
        let r = p.relax_phrases().unwrap();
        assert_eq!(r.free_text, "là gì Trọng tại thương mại");
        assert!(r.phrases.is_empty());
        assert_eq!(r.excluded, vec!["tố tụng"]);
        assert!(parse("không có cụm").unwrap().relax_phrases().is_none());
    }

    #[test]
    fn unclosed_quote_takes_the_rest() {
        let p = parse(r#"a "b c"#).unwrap();
        assert_eq!(p.phrases, vec!["b c"]);
    }

    #[test]
    fn a_lone_dash_is_not_an_exclusion() {
        let p = parse("kinh tế - xã hội").unwrap();
        assert!(p.excluded.is_empty());
        assert_eq!(p.free_text, "kinh tế - xã hội");
    }

    #[test]
    fn over_long_queries_are_refused_with_a_code() {
        let err = parse(&"a ".repeat(MAX_QUERY_CHARS)).unwrap_err();
        assert!(matches!(
            err,
            Error::BadRequest {
                code: Code::QueryTooLong,
                ..
            }
        ));
        let err = parse(&"ab ".repeat(MAX_QUERY_WORDS + 1)).unwrap_err();
        assert!(matches!(
            err,
            Error::BadRequest {
                code: Code::TooManyTerms,
                ..
            }
        ));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = parse(&s);
        }
    }
}
