//! Text normalization and tokenization: every view, offsets inside the text on char boundaries;
//! a document's distinct terms, one per line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vanban::text::{self, View};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = text::normalize(s);
    let _ = text::fold(s);
    for t in text::syllables(s) {
        assert!(t.start <= t.end && t.end <= s.len(), "{t:?}");
        assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end), "{t:?}");
    }
    for view in [View::Accented, View::Folded] {
        for t in text::tokens(s, view) {
            assert!(t.start <= t.end && t.end <= s.len(), "{t:?}");
        }
        for t in text::pairs(s, view) {
            assert!(t.start <= t.end && t.end <= s.len(), "{t:?}");
        }
    }
    // A document entry's terms reach the index one per line: none may hold a line break.
    let d = text::Distinct::of(s);
    for t in d.accented.iter().chain(&d.folded).chain(&d.pairs) {
        assert!(!t.is_empty() && !t.contains('\n'), "{t:?}");
    }
});
