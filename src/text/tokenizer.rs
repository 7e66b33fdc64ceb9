//! The syllable tokenizer (tantivy [`Tokenizer`]): document numbers whole, then syllables, each
//! normalized (and folded in the folded view), with byte offsets into the original text.
//!
//! Document numbers are found first ([`super::numbers`]); each one
//! gives one token, its canonical key in lower case (`176/kh-ubnd`), at the position of its first
//! syllable, followed by the ordinary syllable tokens of its parts (so `ubnd` alone still
//! matches). The number token shares the position of its first syllable, as a synonym would, so
//! that phrase queries across a number still line up.

use std::rc::Rc;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use super::analysis::Analysis;
use super::fold::fold_normalized_into;
use super::normalize::normalize_into;

/// Which view of the text a tokenizer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Normalized syllables with their diacritics (`phổ`).
    Accented,
    /// Normalized syllables without diacritics, `đ` → `d` (`pho`).
    Folded,
}

impl View {
    /// Writes the view's text of an original slice into `out` (cleared first); `scratch` is a
    /// reusable buffer.
    pub(crate) fn write(self, original: &str, out: &mut String, scratch: &mut String) {
        // An ASCII syllable (about half of Vietnamese text) has no diacritics to place or fold:
        // both of its views are its lower case.
        if original.is_ascii() {
            out.clear();
            out.push_str(original);
            out.make_ascii_lowercase();
            return;
        }
        // Legal text repeats a few thousand syllables: each thread remembers their views, so a
        // syllable is normalized (NFC, tone placement, folding) once, not at every occurrence.
        SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            let map = &mut seen[self as usize];
            if let Some(v) = map.get(original) {
                out.clear();
                out.push_str(v);
                return;
            }
            self.compute(original, out, scratch);
            if map.len() >= SEEN_CAPACITY {
                map.clear();
            }
            map.insert(original.into(), out.as_str().into());
        })
    }

    fn compute(self, original: &str, out: &mut String, scratch: &mut String) {
        out.clear();
        match self {
            View::Accented => normalize_into(original, out),
            View::Folded => {
                scratch.clear();
                normalize_into(original, scratch);
                fold_normalized_into(scratch, out);
            }
        }
    }

    /// Writes the view's text of a document number's canonical key into `out` (cleared first).
    pub(crate) fn write_key(self, key: &str, out: &mut String, scratch: &mut String) {
        out.clear();
        match self {
            // The search side looks numbers up as `key.to_lowercase()` in the accented view.
            View::Accented => out.extend(key.chars().flat_map(char::to_lowercase)),
            View::Folded => {
                scratch.clear();
                scratch.extend(key.chars().flat_map(char::to_lowercase));
                fold_normalized_into(scratch, out);
            }
        }
    }
}

/// Most syllables remembered per thread and view before the memory starts over.
const SEEN_CAPACITY: usize = 50_000;

thread_local! {
    /// Original syllable → its accented and folded views, per thread.
    static SEEN: std::cell::RefCell<[FxHashMap<Box<str>, Box<str>>; 2]> =
        std::cell::RefCell::new([FxHashMap::default(), FxHashMap::default()]);
}

/// Tokenizer of syllables and whole document numbers for one [`View`].
#[derive(Debug, Clone)]
pub struct SyllableTokenizer {
    view: View,
    /// Whether document numbers give tokens of their own.
    numbers: bool,
    token: TantivyToken,
    scratch: String,
}

impl SyllableTokenizer {
    /// A tokenizer producing the given view.
    pub fn new(view: View) -> Self {
        SyllableTokenizer {
            view,
            numbers: true,
            token: TantivyToken::default(),
            scratch: String::new(),
        }
    }

    /// A tokenizer producing the syllables of the given view only, without the tokens of whole
    /// document numbers: for marking matched syllables in snippets, where finding the numbers
    /// of every shown passage would cost more than anything else.
    pub fn syllables_only(view: View) -> Self {
        SyllableTokenizer {
            numbers: false,
            ..SyllableTokenizer::new(view)
        }
    }
}

impl Tokenizer for SyllableTokenizer {
    type TokenStream<'a> = SyllableStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableStream<'a> {
        self.token.reset();
        SyllableStream {
            analysis: Analysis::of(text),
            next_syllable: 0,
            next_number: 0,
            numbers: self.numbers,
            view: self.view,
            token: &mut self.token,
            scratch: &mut self.scratch,
        }
    }
}

/// The token stream of a [`SyllableTokenizer`].
pub struct SyllableStream<'a> {
    analysis: Rc<Analysis>,
    /// Index of the next syllable, which is also its position.
    next_syllable: usize,
    /// Index of the next document number.
    next_number: usize,
    /// Whether document numbers give tokens.
    numbers: bool,
    view: View,
    token: &'a mut TantivyToken,
    scratch: &'a mut String,
}

impl TokenStream for SyllableStream<'_> {
    fn advance(&mut self) -> bool {
        let a = &self.analysis;
        let syllable = a.syllables().get(self.next_syllable);
        let position = self.next_syllable;
        if self.numbers {
            // A number starting at or before the next syllable comes first, at its position.
            while let Some(m) = a.numbers().get(self.next_number) {
                if syllable.is_some_and(|s| m.start > s.start) {
                    break;
                }
                self.next_number += 1;
                self.view
                    .write_key(&m.number.key, &mut self.token.text, self.scratch);
                if self.token.text.is_empty() {
                    continue;
                }
                set(self.token, m.start, m.end, position);
                return true;
            }
        }
        let Some(s) = syllable else {
            return false;
        };
        self.next_syllable += 1;
        self.token.text.clear();
        self.token.text.push_str(a.form(s, self.view));
        set(self.token, s.start, s.end, position);
        true
    }

    fn token(&self) -> &TantivyToken {
        self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        self.token
    }
}

/// Sets a token's offsets and position (its text is set already).
pub(crate) fn set(token: &mut TantivyToken, start: usize, end: usize, position: usize) {
    token.offset_from = start;
    token.offset_to = end;
    token.position = position;
    token.position_length = 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    proptest! {
        #[test]
        fn ascii_fast_path_is_the_full_analysis(s in "[a-zA-Z0-9]{1,12}") {
            for view in [View::Accented, View::Folded] {
                let (mut fast, mut full, mut scratch) = (String::new(), String::new(), String::new());
                view.write(&s, &mut fast, &mut scratch);
                view.compute(&s, &mut full, &mut scratch);
                prop_assert_eq!(fast, full);
            }
        }
    }

    fn tokens(text: &str, view: View) -> Vec<(String, usize, usize, usize)> {
        let mut t = SyllableTokenizer::new(view);
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while let Some(tok) = s.next() {
            out.push((
                tok.text.clone(),
                tok.offset_from,
                tok.offset_to,
                tok.position,
            ));
        }
        out
    }

    fn texts(text: &str, view: View) -> Vec<String> {
        tokens(text, view).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn accented_and_folded_views() {
        let text = "Kịp thời tổ chức phổ biến, quán triệt";
        assert_eq!(
            texts(text, View::Accented),
            ["kịp", "thời", "tổ", "chức", "phổ", "biến", "quán", "triệt"]
        );
        assert_eq!(
            texts(text, View::Folded),
            ["kip", "thoi", "to", "chuc", "pho", "bien", "quan", "triet"]
        );
    }

    #[test]
    fn tone_styles_give_identical_tokens() {
        let old = texts("Ủy ban nhân dân tỉnh Lạng Sơn", View::Accented);
        let new = texts("Uỷ ban nhân dân tỉnh Lạng Sơn", View::Accented);
        assert_eq!(old, new);
        assert_eq!(old, ["ủy", "ban", "nhân", "dân", "tỉnh", "lạng", "sơn"]);
        assert_eq!(
            texts("CỘNG HOÀ XÃ HỘI", View::Accented),
            texts("Cộng hòa xã hội", View::Accented)
        );
    }

    #[test]
    fn offsets_point_at_the_original_characters() {
        let text = "Thể chế hoá kịp thời, đầy đủ đường lối của Ðảng";
        for (t, s, e, _) in tokens(text, View::Accented) {
            let original = &text[s..e];
            assert_eq!(crate::text::normalize(original), t, "{original}");
        }
        let last = tokens(text, View::Folded).pop().unwrap();
        assert_eq!(&text[last.1..last.2], "Ðảng");
        assert_eq!(last.0, "dang");
    }

    #[test]
    fn decomposed_input_gives_the_same_tokens_with_its_own_offsets() {
        let nfc = "Uỷ ban nhân dân tỉnh Lạng Sơn ban hành Kế hoạch thực hiện";
        let nfd: String = nfc.nfd().collect();
        for view in [View::Accented, View::Folded] {
            let a = tokens(nfc, view);
            let b = tokens(&nfd, view);
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x.0, y.0);
                assert_eq!(x.3, y.3);
                let original: String = nfd[y.1..y.2].nfc().collect();
                assert_eq!(original, &nfc[x.1..x.2]);
            }
        }
    }

    #[test]
    fn document_numbers_are_one_token_then_their_syllables() {
        let text = "Số: 176/KH-UBND Lạng Sơn";
        let t = tokens(text, View::Accented);
        let texts: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            texts,
            ["số", "176/kh-ubnd", "176", "kh", "ubnd", "lạng", "sơn"]
        );
        let number = &t[1];
        assert_eq!(&text[number.1..number.2], "176/KH-UBND");
        // The number shares the position of its first syllable.
        let positions: Vec<usize> = t.iter().map(|t| t.3).collect();
        assert_eq!(positions, [0, 1, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn spaced_and_accented_numbers_get_their_canonical_key() {
        let text = "thực hiện Kết luận số 80- KL/TW và Quyết định số 1521/QĐ-TTg";
        let accented = tokens(text, View::Accented);
        let numbers: Vec<(&str, &str)> = accented
            .iter()
            .filter(|t| t.0.contains('/'))
            .map(|t| (t.0.as_str(), &text[t.1..t.2]))
            .collect();
        assert_eq!(
            numbers,
            [("80-kl/tw", "80- KL/TW"), ("1521/qđ-ttg", "1521/QĐ-TTg")]
        );
        let folded: Vec<String> = texts(text, View::Folded)
            .into_iter()
            .filter(|t| t.contains('/'))
            .collect();
        assert_eq!(folded, ["80-kl/tw", "1521/qd-ttg"]);
        // The parts still match on their own.
        assert!(texts(text, View::Folded).contains(&"ttg".to_string()));
    }

    #[test]
    fn decomposed_numbers_give_the_same_tokens() {
        let nfc = "Số: 01/2023/TT-BLĐTBXH; Ðảng ủy 19-NQ/TW";
        let nfd: String = nfc.nfd().collect();
        for view in [View::Accented, View::Folded] {
            assert_eq!(texts(nfc, view), texts(&nfd, view));
        }
        assert!(texts(nfc, View::Accented).contains(&"1/2023/tt-blđtbxh".to_string()));
    }

    #[test]
    fn dates_are_not_numbers() {
        let t = texts("ngày 06/10/2020 của Thủ tướng", View::Accented);
        assert_eq!(t, ["ngày", "06", "10", "2020", "của", "thủ", "tướng"]);
    }

    #[test]
    fn positions_count_syllables() {
        let t = tokens("giáo dục pháp luật", View::Accented);
        let positions: Vec<usize> = t.iter().map(|t| t.3).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
    }
}
