//! Dates and deadline periods: `parse_period`, `find_dates`, `parse_date`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vanban::extract::{dates, period};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = period::parse_period(s, None);
    let _ = period::parse_period(s, Some(2020));
    let _ = dates::parse_date(s);
    for m in dates::find_dates(s) {
        assert!(m.start <= m.end && m.end <= s.len());
    }
});
