//! Dates as documents write them: `27/10/2020`, `2020-10-27`, `ngày 27 tháng 10 năm 2020`,
//! `27-10-2020`. A blank date of a draft (`ngày   tháng   năm 2025`) is no date.

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

/// `ngày 27 tháng 10 năm 2020` (any case, any spacing); day and month may be blank in drafts.
pub static WORDS_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})").expect("static regex")
});

/// `27/10/2020`, `27-10-2020`, `27.10.2020`.
static NUMERIC_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b").expect("static regex")
});

/// `2020-10-27`.
static ISO_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("static regex"));

/// Parses a date written as a field value or inside a phrase: ISO, `dd/mm/yyyy` (also with `-`
/// or `.`), or Vietnamese words. The first date found wins; `None` when there is none or it is
/// blank or impossible (`31/02/2020`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let mut best: Option<(usize, Option<NaiveDate>)> = None;
    let mut consider = |pos: usize, date: Option<NaiveDate>| {
        if best.is_none_or(|(p, _)| pos < p) {
            best = Some((pos, date));
        }
    };
    if let Some(c) = ISO_DATE.captures(s) {
        let pos = c.get(0).map_or(0, |m| m.start());
        consider(pos, ymd(&c[1], &c[2], &c[3]));
    }
    if let Some(c) = NUMERIC_DATE.captures(s) {
        let pos = c.get(0).map_or(0, |m| m.start());
        consider(pos, ymd(&c[3], &c[2], &c[1]));
    }
    if let Some(c) = WORDS_DATE.captures(s) {
        let pos = c.get(0).map_or(0, |m| m.start());
        let date = match (c.get(1), c.get(2)) {
            (Some(d), Some(m)) => ymd(&c[3], m.as_str(), d.as_str()),
            _ => None,
        };
        consider(pos, date);
    }
    best.and_then(|(_, d)| d)
}

/// A date from year, month and day strings, if it exists.
fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn written_forms() {
        assert_eq!(parse_date("27/10/2020"), date(2020, 10, 27));
        assert_eq!(parse_date("2020-10-27"), date(2020, 10, 27));
        assert_eq!(parse_date("08/5/2017"), date(2017, 5, 8));
        assert_eq!(
            parse_date("Lạng Sơn, ngày 27 tháng 10 năm 2020"),
            date(2020, 10, 27)
        );
        assert_eq!(
            parse_date("Bình Thuận, ngày  16  tháng 5  năm 2025"),
            date(2025, 5, 16)
        );
        assert_eq!(parse_date("NGÀY 09 THÁNG 12 NĂM 2003"), date(2003, 12, 9));
        assert_eq!(parse_date("ngày 8-8-1994"), date(1994, 8, 8));
    }

    #[test]
    fn blank_and_impossible_dates_are_none() {
        assert_eq!(parse_date("Lâm Đồng, ngày         tháng 9 năm 2025"), None);
        assert_eq!(parse_date("ngày tháng năm 2025"), None);
        assert_eq!(parse_date("31/02/2020"), None);
        assert_eq!(parse_date("giai đoạn 2019 -2021"), None);
        assert_eq!(parse_date(""), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = parse_date(&s);
        }
    }
}
