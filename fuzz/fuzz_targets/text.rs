//! Text normalization and tokenization: every view, offsets inside the text on char boundaries.
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
});
