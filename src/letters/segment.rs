//! Step 0 of the tokenizer: where the syllables are in the ORIGINAL text.
//!
//! A syllable is a run of letters and digits, with the combining marks of decomposed (NFD) input
//! and the invisible characters that Word and PDF exports leave inside words (soft hyphens,
//! zero-width spaces) counted as part of it. Spans are found before any normalization, so that
//! their byte offsets always point at the original characters (highlights depend on it); each
//! span's slice is normalized on its own afterwards.

use std::str::CharIndices;

use unicode_normalization::char::is_combining_mark;

use super::normalize::is_invisible;

/// Runs longer than this many bytes are not syllables (base64 blobs, unspaced scripts) and are
/// skipped: tantivy drops terms over 65 530 bytes anyway, and such runs never match a query.
pub const MAX_SYLLABLE_BYTES: usize = 120;

/// `char::is_alphanumeric` with fast paths for ASCII and the Latin blocks that hold every
/// Vietnamese letter (the standard library's table lookup dominated tokenizing time).
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7F}' | '\u{D7}' | '\u{F7}' => false,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => true,
        c => c.is_alphanumeric(),
    }
}

/// Iterator over the byte spans `(start, end)` of the syllables of a text.
///
/// ```
/// use vanban::text::segment::Spans;
/// let text = "Số: 176/KH-UBND";
/// let words: Vec<&str> = Spans::new(text).map(|(s, e)| &text[s..e]).collect();
/// assert_eq!(words, ["Số", "176", "KH", "UBND"]);
/// ```
#[derive(Debug, Clone)]
pub struct Spans<'a> {
    chars: CharIndices<'a>,
}

impl<'a> Spans<'a> {
    /// The syllable spans of `text`.
    pub fn new(text: &'a str) -> Self {
        Spans {
            chars: text.char_indices(),
        }
    }
}

impl Iterator for Spans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            let start = loop {
                let (i, c) = self.chars.next()?;
                if is_alphanumeric(c) {
                    break (i, c);
                }
            };
            let (start, first) = start;
            let mut end = start + first.len_utf8();
            // Clone-and-commit lookahead: the run ends before the first character that is not
            // part of a word, which the next call must see again.
            let mut ahead = self.chars.clone();
            while let Some((i, c)) = ahead.next() {
                if is_alphanumeric(c) || (!c.is_ascii() && is_combining_mark(c)) {
                    end = i + c.len_utf8();
                    self.chars = ahead.clone();
                } else if !is_invisible(c) {
                    break;
                }
            }
            if end - start <= MAX_SYLLABLE_BYTES {
                return Some((start, end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn words(text: &str) -> Vec<&str> {
        Spans::new(text)
            .filter_map(|(s, e)| text.get(s..e))
            .collect()
    }

    #[test]
    fn splits_on_spaces_and_punctuation() {
        assert_eq!(
            words("Thực hiện Quyết định số 1521/QĐ-TTg ngày 06/10/2020,"),
            [
                "Thực", "hiện", "Quyết", "định", "số", "1521", "QĐ", "TTg", "ngày", "06", "10",
                "2020"
            ]
        );
    }

    #[test]
    fn decomposed_marks_stay_in_the_syllable() {
        let nfd: String = "Lạng Sơn".nfd().collect();
        let w = words(&nfd);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].nfc().collect::<String>(), "Lạng");
    }

    #[test]
    fn invisible_characters_join_but_do_not_start_or_end_a_syllable() {
        let text = "\u{200B}phổ\u{AD}biến\u{200B} luật";
        assert_eq!(words(text), ["phổ\u{AD}biến", "luật"]);
    }

    #[test]
    fn fast_alphanumeric_agrees_with_the_standard_library() {
        for c in ('\0'..='\u{2FFF}').chain(['\u{1EA0}', '\u{FF21}', '\u{11C38}']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn overlong_runs_are_skipped() {
        let blob = "x".repeat(MAX_SYLLABLE_BYTES + 1);
        let text = format!("a {blob} b");
        assert_eq!(words(&text), ["a", "b"]);
    }
}
