//! The syllable-pair tokenizer: bigrams of neighbouring syllables (`phổ biến`, `giáo dục`), so that
//! multi-syllable words and phrases rank as units without a word segmenter.
//!
//! A pair never spans sentence or clause punctuation (`phổ biến, giáo dục` gives no `biến giáo`),
//! a blank line or a table cell boundary: such a pair is not a word. Document numbers are not
//! paired; their syllables are, like any others.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use super::segment::Spans;
use super::tokenizer::View;

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
    previous: String,
    current: String,
    scratch: String,
}

impl PairTokenizer {
    /// A pair tokenizer producing the given view.
    pub fn new(view: View) -> Self {
        PairTokenizer {
            view,
            token: TantivyToken::default(),
            previous: String::new(),
            current: String::new(),
            scratch: String::new(),
        }
    }
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<'a> {
        self.token.reset();
        PairStream {
            text,
            spans: Spans::new(text),
            previous_span: None,
            position: 0,
            view: self.view,
            token: &mut self.token,
            previous: &mut self.previous,
            current: &mut self.current,
            scratch: &mut self.scratch,
        }
    }
}

/// The token stream of a [`PairTokenizer`].
pub struct PairStream<'a> {
    text: &'a str,
    spans: Spans<'a>,
    /// Span of the previous syllable, whose view text is in `previous`.
    previous_span: Option<(usize, usize)>,
    /// Position of the next syllable.
    position: usize,
    view: View,
    token: &'a mut TantivyToken,
    previous: &'a mut String,
    current: &'a mut String,
    scratch: &'a mut String,
}

impl TokenStream for PairStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((start, end)) = self.spans.next() {
            let original = self.text.get(start..end).unwrap_or_default();
            self.view.write(original, self.current, self.scratch);
            if self.current.is_empty() {
                continue;
            }
            let position = self.position;
            self.position += 1;
            let paired = self.previous_span.filter(|&(_, previous_end)| {
                !breaks_phrase(self.text.get(previous_end..start).unwrap_or_default())
            });
            if let Some((previous_start, _)) = paired {
                let text = &mut self.token.text;
                text.clear();
                text.push_str(self.previous);
                text.push(' ');
                text.push_str(self.current);
                self.token.offset_from = previous_start;
                self.token.offset_to = end;
                self.token.position = position - 1;
                self.token.position_length = 1;
            }
            std::mem::swap(self.previous, self.current);
            self.previous_span = Some((start, end));
            if paired.is_some() {
                return true;
            }
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
