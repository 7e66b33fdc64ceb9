//! The syllable-pair tokenizer: bigrams of neighbouring syllables (`phổ biến`, `giáo dục`), so that
//! multi-syllable words and phrases rank as units without a word segmenter.
//!
//! A pair never spans sentence or clause punctuation (`phổ biến, giáo dục` gives no `biến giáo`),
//! a blank line or a table cell boundary: such a pair is not a word. Document numbers are not
//! paired; their syllables are, like any others.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use std::rc::Rc;

use super::analysis::Analysis;
use super::tokenizer::{set, View};

/// True when the text between two syllables separates them into different phrases.
pub fn breaks_phrase(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '('
                | ')'
                | '['
                | ']'
                | '!'
                | '?'
                | '"'
                | '“'
                | '”'
                | '…'
                | '|'
                | '\t'
        )
    }) || gap.matches('\n').nth(1).is_some()
}

/// Tokenizer of syllable pairs for one [`View`]: token text `phổ biến` (one space), spanning both
/// syllables in the original text, at the position of the first one.
#[derive(Debug, Clone)]
pub struct PairTokenizer {
    view: View,
    token: TantivyToken,
}

impl PairTokenizer {
    /// A pair tokenizer producing the given view.
    pub fn new(view: View) -> Self {
        PairTokenizer {
            view,
            token: TantivyToken::default(),
        }
    }
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<'a> {
        self.token.reset();
        PairStream {
            analysis: Analysis::of(text),
            next: 1,
            view: self.view,
            token: &mut self.token,
        }
    }
}

/// The token stream of a [`PairTokenizer`].
pub struct PairStream<'a> {
    analysis: Rc<Analysis>,
    /// Index of the second syllable of the next pair to look at.
    next: usize,
    view: View,
    token: &'a mut TantivyToken,
}

impl TokenStream for PairStream<'_> {
    fn advance(&mut self) -> bool {
        let a = &self.analysis;
        let syllables = a.syllables();
        while let Some(second) = syllables.get(self.next) {
            let position = self.next - 1;
            self.next += 1;
            if !second.paired {
                continue;
            }
            let Some(first) = syllables.get(position) else {
                continue;
            };
            let text = &mut self.token.text;
            text.clear();
            text.push_str(a.form(first, self.view));
            text.push(' ');
            text.push_str(a.form(second, self.view));
            set(self.token, first.start, second.end, position);
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
    use unicode_normalization::UnicodeNormalization;

    fn pairs(text: &str, view: View) -> Vec<(String, usize, usize)> {
        let mut t = PairTokenizer::new(view);
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while let Some(tok) = s.next() {
            out.push((tok.text.clone(), tok.offset_from, tok.offset_to));
        }
        out
    }

    fn texts(text: &str, view: View) -> Vec<String> {
        pairs(text, view).into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn pairs_neighbours_within_a_phrase() {
        let text = "công tác phổ biến, giáo dục pháp luật";
        assert_eq!(
            texts(text, View::Accented),
            [
                "công tác",
                "tác phổ",
                "phổ biến",
                "giáo dục",
                "dục pháp",
                "pháp luật"
            ]
        );
        assert_eq!(
            texts(text, View::Folded),
            [
                "cong tac",
                "tac pho",
                "pho bien",
                "giao duc",
                "duc phap",
                "phap luat"
            ]
        );
    }

    #[test]
    fn pair_spans_both_original_syllables() {
        let text = "tăng cường sự lãnh đạo của Ðảng";
        let p = pairs(text, View::Accented);
        let (t, s, e) = p.iter().find(|p| p.0 == "lãnh đạo").unwrap();
        assert_eq!(&text[*s..*e], "lãnh đạo");
        let (t2, s2, e2) = p.last().unwrap();
        assert_eq!(t2, "của đảng");
        assert_eq!(&text[*s2..*e2], "của Ðảng");
        assert_ne!(t, t2);
    }

    #[test]
    fn decomposed_input_gives_the_same_pairs() {
        let nfc = "Thể chế hóa kịp thời, đầy đủ đường lối của Đảng";
        let nfd: String = nfc.nfd().collect();
        assert_eq!(texts(nfc, View::Accented), texts(&nfd, View::Accented));
        assert_eq!(texts(nfc, View::Folded), texts(&nfd, View::Folded));
    }

    #[test]
    fn no_pair_across_punctuation_or_blank_lines() {
        assert!(texts("(PBGDPL), nâng cao", View::Accented) == ["nâng cao"]);
        assert_eq!(
            texts("ý thức: chấp hành", View::Accented),
            ["ý thức", "chấp hành"]
        );
        assert_eq!(
            texts("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n\nSố", View::Accented),
            [
                "ủy ban",
                "ban nhân",
                "nhân dân",
                "dân tỉnh",
                "tỉnh lạng",
                "lạng sơn"
            ]
        );
    }
}
