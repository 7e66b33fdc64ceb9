//! The distinct tokens of a whole document, each once, for its document entry: deciding which
//! documents match asks only whether a document holds a term, and restoring diacritics counts
//! in how many documents a pair occurs. Indexing each distinct term once instead of every
//! occurrence gives the document entry a tenth of the tokens.
//!
//! The text is analyzed once: accented syllables (as [`super::SyllableTokenizer`] gives them,
//! document-number keys included), their folded forms (the folding of an accented token is its
//! folded token), and accented pairs (as [`super::PairTokenizer`] gives them). The terms reach
//! tantivy one per line, through [`LinesTokenizer`].

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use super::analysis::Syllables;
use super::fold::fold_normalized_into;
use super::tokenizer::set;
use super::{numbers, View};

/// The distinct terms of a text in three views, each in the order of first occurrence, one per
/// line: as the [`LinesTokenizer`] fields of a document entry take them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Distinct {
    /// Accented syllables and document-number keys.
    pub accented: String,
    /// Folded syllables and document-number keys.
    pub folded: String,
    /// Accented syllable pairs (`phổ biến`).
    pub pairs: String,
}

impl Distinct {
    /// The distinct terms of `text`.
    pub fn of(text: &str) -> Self {
        let mut seen = Seen::default();
        let (mut buffer, mut scratch) = (String::new(), String::new());
        for m in numbers::find(text) {
            View::Accented.write_key(&m.number.key, &mut buffer, &mut scratch);
            seen.accented(&buffer);
        }
        // Syllables one at a time, as the tokenizers analyze them, without keeping a whole
        // document's analysis; terms are counted by number, each spelling looked up once.
        let mut syllables = Syllables::numbered(text);
        // Spelling number → number of its accented term.
        let mut term_of: Vec<Option<u32>> = Vec::new();
        let mut previous = None;
        while let Some((_, _, paired)) = syllables.next() {
            let spelling = syllables.spelling() as usize;
            if term_of.len() <= spelling {
                term_of.resize(spelling + 1, None);
            }
            let term = match term_of[spelling] {
                Some(t) => Some(t),
                None => {
                    let t = seen.accented(syllables.accented());
                    term_of[spelling] = t;
                    t
                }
            };
            if let (true, Some(first), Some(second)) = (paired, previous, term) {
                seen.pair(first, second);
            }
            previous = term;
        }
        seen.out
    }
}

/// The sets behind a [`Distinct`] being built.
#[derive(Default)]
struct Seen {
    /// Accented term → its number.
    accented: FxHashMap<String, u32>,
    /// Where each accented term stands in `out.accented`, by number.
    spans: Vec<(u32, u32)>,
    folded: FxHashSet<String>,
    /// Pairs of accented term numbers.
    pairs: FxHashSet<u64>,
    fold_buffer: String,
    out: Distinct,
}

impl Seen {
    /// Notes an accented term (and its folding); its number, or `None` when it has no folded
    /// form.
    fn accented(&mut self, term: &str) -> Option<u32> {
        if let Some(&n) = self.accented.get(term) {
            return Some(n);
        }
        self.fold_buffer.clear();
        fold_normalized_into(term, &mut self.fold_buffer);
        if term.is_empty() || self.fold_buffer.is_empty() {
            return None;
        }
        let n = u32::try_from(self.spans.len()).ok()?;
        push_line(&mut self.out.accented, term);
        let end = self.out.accented.len();
        let span = (end - term.len(), end);
        self.spans
            .push((u32::try_from(span.0).ok()?, u32::try_from(span.1).ok()?));
        self.accented.insert(term.to_string(), n);
        if !self.folded.contains(self.fold_buffer.as_str()) {
            push_line(&mut self.out.folded, &self.fold_buffer);
            self.folded.insert(self.fold_buffer.clone());
        }
        Some(n)
    }

    fn pair(&mut self, first: u32, second: u32) {
        if self
            .pairs
            .insert(u64::from(first) << 32 | u64::from(second))
        {
            let term = |n: u32| {
                let (start, end) = self.spans.get(n as usize).copied().unwrap_or_default();
                self.out
                    .accented
                    .get(start as usize..end as usize)
                    .unwrap_or_default()
            };
            let (first, second) = (term(first), term(second));
            push_line(&mut self.out.pairs, first);
            self.out.pairs.push(' ');
            self.out.pairs.push_str(second);
        }
    }
}

/// Appends `term` to `lines` as a line of its own.
fn push_line(lines: &mut String, term: &str) {
    if !lines.is_empty() {
        lines.push('\n');
    }
    lines.push_str(term);
}

/// Tokenizer giving each non-empty line of the text as one token, unchanged: for fields whose
/// terms are analyzed before they are indexed.
#[derive(Debug, Clone, Default)]
pub struct LinesTokenizer {
    token: TantivyToken,
}

impl Tokenizer for LinesTokenizer {
    type TokenStream<'a> = LinesStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LinesStream<'a> {
        self.token.reset();
        LinesStream {
            text,
            at: 0,
            position: 0,
            token: &mut self.token,
        }
    }
}

/// The token stream of a [`LinesTokenizer`].
pub struct LinesStream<'a> {
    text: &'a str,
    at: usize,
    position: usize,
    token: &'a mut TantivyToken,
}

impl TokenStream for LinesStream<'_> {
    fn advance(&mut self) -> bool {
        while self.at < self.text.len() {
            let rest = &self.text[self.at..];
            let len = rest.find('\n').unwrap_or(rest.len());
            let (start, end) = (self.at, self.at + len);
            self.at = end + 1;
            if len == 0 {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(&rest[..len]);
            set(self.token, start, end, self.position);
            self.position += 1;
            return true;
        }
        false
    }

    fn token(&self) -> &TantivyToken {
        self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{pairs, tokens};

    /// Each distinct token of `all`, in order of first occurrence.
    fn once(all: Vec<crate::text::Token>) -> Vec<String> {
        let mut seen = FxHashSet::default();
        all.into_iter()
            .map(|t| t.text)
            .filter(|t| seen.insert(t.clone()))
            .collect()
    }

    /// The lines of `terms`, as the [`LinesTokenizer`] gives them.
    fn lines(terms: &str) -> Vec<String> {
        let mut t = LinesTokenizer::default();
        let mut s = t.token_stream(terms);
        let mut out = Vec::new();
        while let Some(tok) = s.next() {
            out.push(tok.text.clone());
        }
        out
    }

    fn sorted(mut v: Vec<String>) -> Vec<String> {
        v.sort();
        v
    }

    #[test]
    fn the_seed_plan_gives_the_tokenizers_terms_each_once() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/176-KH-UBND-2020-lang-son.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let d = Distinct::of(&text);
        let (accented, folded, pairs_of_d) =
            (lines(&d.accented), lines(&d.folded), lines(&d.pairs));
        // Numbers come first here, where the tokenizer interleaves them: compare as sets.
        assert_eq!(
            sorted(accented.clone()),
            sorted(once(tokens(&text, View::Accented)))
        );
        assert_eq!(
            sorted(folded.clone()),
            sorted(once(tokens(&text, View::Folded)))
        );
        assert_eq!(pairs_of_d, once(pairs(&text, View::Accented)));
        assert!(accented.iter().any(|t| t == "176/kh-ubnd"));
        assert!(folded.iter().any(|t| t == "pho"));
        assert!(pairs_of_d.iter().any(|t| t == "phổ biến"));
        assert!(accented.len() < tokens(&text, View::Accented).len() / 3);
    }

    #[test]
    fn a_lone_combining_mark_gives_no_term() {
        // Found by fuzzing: U+0365 is a letter whose folded form is empty.
        assert_eq!(Distinct::of("\u{365}"), Distinct::default());
        let d = Distinct::of("ban \u{365} hành");
        assert_eq!(d.accented, "ban\nhành");
        assert_eq!(d.folded, "ban\nhanh");
        assert_eq!(d.pairs, "ban hành");
    }

    #[test]
    fn lines_are_tokens_as_written() {
        let mut t = LinesTokenizer::default();
        let mut s = t.token_stream("phổ biến\n\n176/kh-ubnd\nđ");
        let mut out = Vec::new();
        while let Some(tok) = s.next() {
            out.push((tok.text.clone(), tok.position));
        }
        let expected = [("phổ biến", 0), ("176/kh-ubnd", 1), ("đ", 2)];
        assert_eq!(out, expected.map(|(t, p)| (t.to_string(), p)));
    }
}
