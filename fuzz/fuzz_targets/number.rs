//! Document-number parser: `number::parse`, `key`, `find_all` on any text; offsets must be
//! char boundaries inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = vanban::number::parse(s);
    let _ = vanban::number::key(s);
    for m in vanban::number::find_all(s) {
        assert!(m.start <= m.end && m.end <= s.len());
        assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
    }
});
