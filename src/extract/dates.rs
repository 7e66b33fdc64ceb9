//! Calendar dates written in Vietnamese running text: `06/10/2020`, `ngày 20 tháng 6 năm 2020`,
//! `08/5/2017`, `15-4-2026`. Citations read a cited document's date with it, and deadlines
//! read `trước ngày 15/12/2020` with it ([`find_dates`]).
//!
//! Dates as field values ([`parse_date`]): dates as documents write them: `27/10/2020`, `2020-10-27`, `ngày 27 tháng 10 năm 2020`,
//! `27-10-2020`. A blank date of a draft (`ngày   tháng   năm 2025`) is no date.

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

/// A date found in text, with byte offsets of the whole expression (including a leading `ngày`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The date.
    pub date: NaiveDate,
}

/// `dd/mm/yyyy` (also `-` and `.` separators, spaces around them) or the spelled-out form.
/// The numeric form must not be glued to a following `/` or letter, so that a document number
/// such as `01/2012/NĐ-CP` is never read as a date.
static DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?:\bngày\s+)?(?:\b([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})\b(?:[^/\-\w]|$)|\b([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s*(?:,\s*)?năm\s+([0-9]{4})\b)",
    )
    .expect("static regex")
});

/// A date from its parts, if it exists and the year is plausible for a document (1900–2100).
pub fn date_from_parts(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Finds every date in `text`, in order.
///
/// ```
/// # use vanban::extract::dates::find_dates;
/// let d = find_dates("ngày 20 tháng 6 năm 2020 của Ban Bí thư");
/// assert_eq!(d[0].date.to_string(), "2020-06-20");
/// ```
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    for caps in DATE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let (d, m, y) = if caps.get(1).is_some() {
            (caps.get(1), caps.get(2), caps.get(3))
        } else {
            (caps.get(4), caps.get(5), caps.get(6))
        };
        let parts = (
            d.and_then(|x| x.as_str().parse::<u32>().ok()),
            m.and_then(|x| x.as_str().parse::<u32>().ok()),
            y.and_then(|x| x.as_str().parse::<i32>().ok()),
        );
        let (Some(d), Some(m), Some(y_match), Some(y)) =
            (parts.0, parts.1, caps.get(3).or(caps.get(6)), parts.2)
        else {
            continue;
        };
        if let Some(date) = date_from_parts(y, m, d) {
            out.push(DateMatch {
                start: whole.start(),
                end: y_match.end(),
                date,
            });
        }
    }
    out
}

/// The first date in `text`, if any.
pub fn first_date(text: &str) -> Option<DateMatch> {
    find_dates(text).into_iter().next()
}

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
        .filter(|d| in_range(*d))
}

pub use crate::keys::{in_range, MAX_DATE, MIN_DATE};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_the_index_cannot_hold_are_none() {
        assert_eq!(parse_date("9999-12-31"), None);
        assert_eq!(parse_date("01/01/1500"), None);
        assert!(parse_date("2262-04-11").is_some());
        assert!(parse_date("1677-09-22").is_some());
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn numeric_and_spelled_dates_from_the_seed() {
        let s =
            "Quyết định số 1521/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ về việc ban hành \
                 Kế hoạch thực hiện Kết luận số 80-KL/TW, ngày 20 tháng 6 năm 2020 của Ban Bí thư";
        let d: Vec<_> = find_dates(s).into_iter().map(|m| m.date).collect();
        assert_eq!(d, vec![ymd(2020, 10, 6), ymd(2020, 6, 20)]);
        let m = find_dates(s)[0];
        assert_eq!(&s[m.start..m.end], "ngày 06/10/2020");
    }

    #[test]
    fn short_month_and_day() {
        let d = first_date("Quyết định số 619/QĐ- TTg ngày 08/5/2017 của Thủ tướng").unwrap();
        assert_eq!(d.date, ymd(2017, 5, 8));
    }

    #[test]
    fn document_numbers_are_not_dates() {
        assert!(find_dates("Nghị định số 01/2012/NĐ-CP").is_empty());
        assert!(find_dates("Thông tư 02/2015/TTLT-BTP-BTC").is_empty());
    }

    #[test]
    fn impossible_dates_are_skipped() {
        assert!(find_dates("ngày 31/02/2020").is_empty());
        assert!(find_dates("ngày   tháng 3 năm 2026").is_empty());
    }

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
