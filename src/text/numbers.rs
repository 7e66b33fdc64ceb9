//! Document numbers in the text being tokenized, found by [`crate::number::find_all`] on the NFC
//! form of the text and mapped back to byte offsets in the ORIGINAL text, so that decomposed
//! (NFD) input yields the same number tokens as composed input, with spans on its own characters.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use crate::number::{self, NumberMatch};

/// Every document number in `text`, sorted by start, with valid byte spans into `text`.
pub fn find(text: &str) -> Vec<NumberMatch> {
    let mut found = if super::normalize::is_nfc(text) {
        number::find_all(text)
    } else {
        let composed = Composed::new(text);
        number::find_all(&composed.text)
            .into_iter()
            .filter_map(|m| {
                let (start, end) = composed.original_span(m.start, m.end)?;
                Some(NumberMatch { start, end, ..m })
            })
            .collect()
    };
    found.retain(|m| m.start < m.end && text.get(m.start..m.end).is_some());
    found.sort_by_key(|m| m.start);
    found
}

/// The NFC form of a text, composed one segment (a starter and the marks after it) at a time,
/// with each segment's start in both texts.
struct Composed {
    text: String,
    /// `(start in text, start in the original)` of every segment, in order.
    segments: Vec<(usize, usize)>,
    original_len: usize,
}

impl Composed {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut segments = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((i, _)) = chars.next() {
            while chars
                .next_if(|&(_, c)| canonical_combining_class(c) != 0)
                .is_some()
            {}
            let end = chars.peek().map_or(original.len(), |&(j, _)| j);
            segments.push((text.len(), i));
            text.extend(original.get(i..end).unwrap_or_default().nfc());
        }
        Composed {
            text,
            segments,
            original_len: original.len(),
        }
    }

    /// The original span covering the composed span `start..end` (widened to whole segments).
    fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        // Segment containing `start`: the last one starting at or before it.
        let first = self.segments.partition_point(|&(c, _)| c <= start);
        let (_, original_start) = *self.segments.get(first.checked_sub(1)?)?;
        // First segment starting at or after `end`, or the text's end.
        let after = self.segments.partition_point(|&(c, _)| c < end);
        let original_end = self
            .segments
            .get(after)
            .map_or(self.original_len, |&(_, o)| o);
        (original_start < original_end).then_some((original_start, original_end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.number.key))
            .collect()
    }

    #[test]
    fn composed_text_finds_numbers_in_place() {
        let text = "Kế hoạch 176/KH-UBND năm 2020 thực hiện Kết luận 80-KL/TW";
        assert_eq!(
            spans(text),
            [
                ("176/KH-UBND", "176/KH-UBND".to_string()),
                ("80-KL/TW", "80-KL/TW".to_string())
            ]
        );
    }

    #[test]
    fn decomposed_text_gives_the_same_numbers_on_its_own_characters() {
        let nfc = "Quyết định số 1521/QĐ-TTg ngày 06/10/2020; 1–A/A-Aà";
        let nfd: String = nfc.nfd().collect();
        let a: Vec<String> = find(nfc).into_iter().map(|m| m.number.key).collect();
        let b = spans(&nfd);
        assert_eq!(a, b.iter().map(|b| b.1.clone()).collect::<Vec<_>>());
        assert_eq!(b[0].0, "1521/QĐ-TTg");
    }

    #[test]
    fn spans_map_back_through_composition() {
        let nfd: String = "Số: 01/2023/TT-BLĐTBXH ờ".nfd().collect();
        let c = Composed::new(&nfd);
        assert_eq!(c.text, "Số: 01/2023/TT-BLĐTBXH ờ");
        let start = c.text.find("01").unwrap();
        let end = start + "01/2023/TT-BLĐTBXH".len();
        let (s, e) = c.original_span(start, end).unwrap();
        assert_eq!(&nfd[s..e], "01/2023/TT-BLĐTBXH");
        let o = c.text.find('ờ').unwrap();
        let (s, e) = c.original_span(o, o + 'ờ'.len_utf8()).unwrap();
        assert_eq!(nfd[s..e].nfc().collect::<String>(), "ờ");
    }
}
