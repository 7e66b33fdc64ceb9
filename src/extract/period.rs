//! Deadlines and periods as plans write them (`Quý IV năm 2020`, `Trước ngày 15/12/2020`,
//! `6 tháng đầu năm 2021`, `Hàng năm`, `Thường xuyên`, `Giai đoạn 2021-2025`), normalized into a
//! [`Period`] so that tasks can be filtered by date range.

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

use super::dates::date_from_parts;
use crate::document::Period;

/// `giai đoạn 2021-2025`, `từ năm 2021 đến năm 2025`, `2021 - 2025`.
static SPAN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:từ\s+năm\s+)?((?:19|20)[0-9]{2})\s*(?:-|–|—|đến(?:\s+năm)?)\s*((?:19|20)[0-9]{2})\b")
        .expect("static regex")
});

/// A full date, numeric or spelled out (`15/12/2020`, `ngày 20 tháng 6 năm 2020`).
static FULL_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})\b|\b([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s*,?\s*năm\s+([0-9]{4})\b")
        .expect("static regex")
});

/// A day and month without the year (`trước ngày 15/12`).
static DAY_MONTH: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\bngày\s+([0-9]{1,2})\s*(?:/|-|\s+tháng\s+)\s*([0-9]{1,2})\b")
        .expect("static regex")
});

/// `6 tháng đầu năm 2021`, `6 tháng cuối năm`, `9 tháng đầu năm`.
static MONTHS_OF_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b([0-9]{1,2})\s+tháng\s+(đầu|cuối)\s+năm(?:\s+((?:19|20)[0-9]{2}))?")
        .expect("static regex")
});

/// `Quý IV năm 2020`, `quý 4/2020`, `Quý I`.
static QUARTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\bquý\s+(IV|III|II|I|[1-4])\b(?:\s*(?:,\s*)?(?:năm\s+|/\s*|-\s*)((?:19|20)[0-9]{2})\b)?")
        .expect("static regex")
});

/// `Tháng 12/2020`, `tháng 12 năm 2020`, `trong tháng 01`.
static MONTH: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\btháng\s+([0-9]{1,2})\b(?:\s*(?:,\s*)?(?:năm\s+|/\s*|-\s*)((?:19|20)[0-9]{2})\b)?",
    )
    .expect("static regex")
});

/// `Năm 2021`, `trong năm 2026`.
static YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bnăm\s+((?:19|20)[0-9]{2})\b").expect("static regex"));

/// `từ năm 2026` with no end: the task starts then and goes on.
static OPEN_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\btừ\s+năm\s+(?:19|20)[0-9]{2}\b").expect("static regex"));

/// Words that make a deadline recur every year.
static YEARLY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:hàng|hằng)\s+năm\b|\bnăm\s+liền\s+kề\b|\bmỗi\s+năm\b")
        .expect("static regex")
});

/// Words that make a deadline recur every quarter.
static QUARTERLY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:hàng|hằng|mỗi)\s+quý\b|\bquý\s+liền\s+kề\b").expect("static regex")
});

/// Words that make a deadline recur every month (`ngày 05 hằng tháng`, `tháng liền kề`).
static MONTHLY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:hàng|hằng|mỗi)\s+tháng\b|\btháng\s+liền\s+kề\b").expect("static regex")
});

/// Words that make a task continuous, or recurring more often than monthly (which, for a search
/// by date range, is the same thing: it is due in every range).
static ONGOING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\bthường\s+xuyên\b|\bliên\s+tục\b|\b(?:hàng|hằng)\s+(?:tuần|ngày)\b|\bđịnh\s+kỳ\b",
    )
    .expect("static regex")
});

/// A document number with its date (`Quyết định số 1441/QĐ-UBND ngày 25/9/2025`): that date is
/// the cited document's, not a deadline.
static CITED_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)[0-9]+\s*/\s*\S*[A-ZĐ]\S*\s*,?\s*(?:ngày\s*)?$").expect("static regex")
});

/// Parses a deadline as written into a [`Period`]; `default_year` (the document's year) fills a
/// deadline that omits its year (`Quý IV` in a 2020 plan).
///
/// Several expressions in one text (`Quý I và Quý II năm 2021`) give the smallest range that
/// covers them all. Returns `None` when nothing in the text is a date or period.
///
/// ```
/// # use vanban::extract::period::parse_period;
/// # use vanban::document::Period;
/// let p = parse_period("Hoàn thành trong Quý IV năm 2020", None).unwrap();
/// assert!(matches!(p, Period::Range { from: Some(_), .. }));
/// assert_eq!(parse_period("Hàng năm", None), Some(Period::Yearly));
/// ```
pub fn parse_period(text: &str, default_year: Option<i32>) -> Option<Period> {
    // Work on a copy whose recognized spans are blanked, so that `năm 2020` inside
    // `Quý IV năm 2020` is not read a second time as the whole year.
    let mut rest = text.to_string();
    let mut ranges: Vec<(Option<NaiveDate>, NaiveDate)> = Vec::new();

    take(
        &mut rest,
        &SPAN,
        |c| {
            let y1 = year(c.get(1)?.as_str())?;
            let y2 = year(c.get(2)?.as_str())?;
            (y1 <= y2).then_some(())?;
            Some((
                Some(date_from_parts(y1, 1, 1)?),
                date_from_parts(y2, 12, 31)?,
            ))
        },
        &mut ranges,
    );
    take_dates(&mut rest, &mut ranges);
    take(
        &mut rest,
        &MONTHS_OF_YEAR,
        |c| {
            let y = c.get(3).and_then(|m| year(m.as_str()))?;
            months_of_year(c.get(1)?.as_str(), c.get(2)?.as_str(), y)
        },
        &mut ranges,
    );
    take(
        &mut rest,
        &QUARTER,
        |c| quarter(c.get(1)?.as_str(), year(c.get(2)?.as_str())?),
        &mut ranges,
    );
    take(
        &mut rest,
        &MONTH,
        |c| month(c.get(1)?.as_str(), year(c.get(2)?.as_str())?),
        &mut ranges,
    );
    // An open start (`Bắt đầu thực hiện từ năm 2026`) has no end to put in a range.
    if ranges.is_empty() && OPEN_START.is_match(&rest) && !YEARLY.is_match(&rest) {
        return Some(Period::Ongoing);
    }
    take(
        &mut rest,
        &YEAR,
        |c| {
            let y = year(c.get(1)?.as_str())?;
            Some((Some(date_from_parts(y, 1, 1)?), date_from_parts(y, 12, 31)?))
        },
        &mut ranges,
    );
    if let Some(y) = ranges.iter().map(|r| r.1).max().map(|d| d.year()) {
        // `Quý I và Quý II năm 2021`: the year written once serves the whole list.
        take(
            &mut rest,
            &QUARTER,
            |c| quarter(c.get(1)?.as_str(), y),
            &mut ranges,
        );
        return union(&ranges);
    }

    if YEARLY.is_match(&rest) {
        return Some(Period::Yearly);
    }
    if QUARTERLY.is_match(&rest) {
        return Some(Period::Quarterly);
    }
    if MONTHLY.is_match(&rest) {
        return Some(Period::Monthly);
    }
    if ONGOING.is_match(&rest) {
        return Some(Period::Ongoing);
    }

    // Nothing with a year: the document's year completes what is written.
    let y = default_year?;
    take_day_month(&mut rest, y, &mut ranges);
    take(
        &mut rest,
        &MONTHS_OF_YEAR,
        |c| months_of_year(c.get(1)?.as_str(), c.get(2)?.as_str(), y),
        &mut ranges,
    );
    take(
        &mut rest,
        &QUARTER,
        |c| quarter(c.get(1)?.as_str(), y),
        &mut ranges,
    );
    take(
        &mut rest,
        &MONTH,
        |c| month(c.get(1)?.as_str(), y),
        &mut ranges,
    );
    union(&ranges)
}

/// Whether a task due in `period` falls (at least partly) inside `from..=to`; an open bound is
/// unbounded. Recurring and continuous tasks overlap every range.
pub fn overlaps(period: &Period, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    match period {
        Period::Yearly | Period::Quarterly | Period::Monthly | Period::Ongoing => true,
        Period::Range {
            from: start,
            to: end,
        } => {
            let starts_before_query_ends = match (start, to) {
                (Some(s), Some(t)) => s <= &t,
                _ => true,
            };
            let ends_after_query_starts = from.is_none_or(|f| *end >= f);
            starts_before_query_ends && ends_after_query_starts
        }
    }
}

/// Applies `re` to `rest`, turns each match into a range with `f`, and blanks the matched spans.
fn take(
    rest: &mut String,
    re: &Regex,
    f: impl Fn(&regex::Captures) -> Option<(Option<NaiveDate>, NaiveDate)>,
    ranges: &mut Vec<(Option<NaiveDate>, NaiveDate)>,
) {
    let mut spans = Vec::new();
    for c in re.captures_iter(rest) {
        if let (Some(r), Some(m)) = (f(&c), c.get(0)) {
            ranges.push(r);
            spans.push((m.start(), m.end()));
        }
    }
    blank(rest, &spans);
}

/// Full dates: a date after `trước`/`chậm nhất` ends an open range; any other date is a one-day
/// deadline. Dates of cited documents are skipped.
fn take_dates(rest: &mut String, ranges: &mut Vec<(Option<NaiveDate>, NaiveDate)>) {
    let mut spans = Vec::new();
    for c in FULL_DATE.captures_iter(rest) {
        let Some(m) = c.get(0) else { continue };
        let before = rest.get(..m.start()).unwrap_or("");
        spans.push((m.start(), m.end()));
        if CITED_DATE.is_match(before) {
            continue;
        }
        let (d, mo, y) = if c.get(1).is_some() {
            (c.get(1), c.get(2), c.get(3))
        } else {
            (c.get(4), c.get(5), c.get(6))
        };
        let date = (|| {
            date_from_parts(
                year(y?.as_str())?,
                mo?.as_str().parse().ok()?,
                d?.as_str().parse().ok()?,
            )
        })();
        // `trước ngày X`, `chậm nhất ngày X`: due on X, like a bare date.
        if let Some(date) = date {
            ranges.push((Some(date), date));
        }
    }
    blank(rest, &spans);
}

/// `ngày 15/12` with the document's year.
fn take_day_month(rest: &mut String, y: i32, ranges: &mut Vec<(Option<NaiveDate>, NaiveDate)>) {
    let mut spans = Vec::new();
    for c in DAY_MONTH.captures_iter(rest) {
        let Some(m) = c.get(0) else { continue };
        let date = (|| {
            date_from_parts(
                y,
                c.get(2)?.as_str().parse().ok()?,
                c.get(1)?.as_str().parse().ok()?,
            )
        })();
        if let Some(date) = date {
            ranges.push((Some(date), date));
            spans.push((m.start(), m.end()));
        }
    }
    blank(rest, &spans);
}

/// Replaces the spans by spaces (same byte length, so later offsets stay valid).
fn blank(rest: &mut String, spans: &[(usize, usize)]) {
    for &(s, e) in spans.iter().rev() {
        if rest.is_char_boundary(s) && rest.is_char_boundary(e) && s <= e {
            rest.replace_range(s..e, &" ".repeat(e - s));
        }
    }
}

/// The smallest range covering all; an open start anywhere keeps the result open.
fn union(ranges: &[(Option<NaiveDate>, NaiveDate)]) -> Option<Period> {
    let to = ranges.iter().map(|r| r.1).max()?;
    let from = if ranges.iter().any(|r| r.0.is_none()) {
        None
    } else {
        ranges.iter().filter_map(|r| r.0).min()
    };
    Some(Period::Range { from, to })
}

fn year(s: &str) -> Option<i32> {
    s.parse().ok().filter(|y| (1900..=2100).contains(y))
}

fn quarter(q: &str, y: i32) -> Option<(Option<NaiveDate>, NaiveDate)> {
    let n: u32 = match q.to_uppercase().as_str() {
        "I" | "1" => 1,
        "II" | "2" => 2,
        "III" | "3" => 3,
        "IV" | "4" => 4,
        _ => return None,
    };
    let first = date_from_parts(y, 3 * n - 2, 1)?;
    Some((Some(first), last_day_of_month(y, 3 * n)?))
}

fn month(m: &str, y: i32) -> Option<(Option<NaiveDate>, NaiveDate)> {
    let m: u32 = m.parse().ok()?;
    Some((Some(date_from_parts(y, m, 1)?), last_day_of_month(y, m)?))
}

/// `6 tháng đầu năm` is January to June, `6 tháng cuối năm` July to December.
fn months_of_year(n: &str, which: &str, y: i32) -> Option<(Option<NaiveDate>, NaiveDate)> {
    let n: u32 = n.parse().ok().filter(|n| (1..=12).contains(n))?;
    if which.to_lowercase() == "đầu" {
        Some((Some(date_from_parts(y, 1, 1)?), last_day_of_month(y, n)?))
    } else {
        Some((
            Some(date_from_parts(y, 13 - n, 1)?),
            date_from_parts(y, 12, 31)?,
        ))
    }
}

fn last_day_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?
        .pred_opt()
        .filter(|_| (1..=12).contains(&m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn range(from: Option<NaiveDate>, to: NaiveDate) -> Option<Period> {
        Some(Period::Range { from, to })
    }

    #[test]
    fn quarter_with_year_from_the_seed() {
        let q4 = range(Some(ymd(2020, 10, 1)), ymd(2020, 12, 31));
        assert_eq!(parse_period("Quý IV năm 2020", None), q4);
        assert_eq!(parse_period("Hoàn thành trong Quý IV năm 2020.", None), q4);
        assert_eq!(parse_period("quý 4/2020", None), q4);
    }

    #[test]
    fn quarter_without_year_takes_the_document_year() {
        assert_eq!(
            parse_period("Quý IV", Some(2020)),
            range(Some(ymd(2020, 10, 1)), ymd(2020, 12, 31))
        );
        assert_eq!(parse_period("Quý IV", None), None);
    }

    #[test]
    fn before_a_date_is_due_on_that_date() {
        assert_eq!(
            parse_period("Trước ngày 15/12/2020", None),
            range(Some(ymd(2020, 12, 15)), ymd(2020, 12, 15))
        );
        assert_eq!(
            parse_period(
                "Thời gian hoàn thành ban hành kế hoạch chậm nhất là ngày 15/4/2026.",
                None
            ),
            range(Some(ymd(2026, 4, 15)), ymd(2026, 4, 15))
        );
        assert_eq!(
            parse_period("trước ngày 15/12", Some(2020)),
            range(Some(ymd(2020, 12, 15)), ymd(2020, 12, 15))
        );
    }

    #[test]
    fn recurring_forms() {
        let p = |s: &str| parse_period(s, Some(2026));
        assert_eq!(p("Trước ngày 31/01 năm liền kề"), Some(Period::Yearly));
        assert_eq!(
            p("Ban hành kế hoạch trong tháng 01 hằng năm"),
            Some(Period::Yearly)
        );
        assert_eq!(p("Trước ngày 05 của tháng liền kề"), Some(Period::Monthly));
        assert_eq!(p("Định kỳ hằng tháng"), Some(Period::Monthly));
        assert_eq!(p("chậm nhất vào ngày 05 hằng tháng"), Some(Period::Monthly));
        assert_eq!(p("Báo cáo hằng quý"), Some(Period::Quarterly));
        assert_eq!(p("Hằng tuần báo cáo"), Some(Period::Ongoing));
        assert_eq!(p("Thường xuyên trong tháng"), Some(Period::Ongoing));
    }

    #[test]
    fn whole_year_half_year_and_month() {
        assert_eq!(
            parse_period("Năm 2021", None),
            range(Some(ymd(2021, 1, 1)), ymd(2021, 12, 31))
        );
        assert_eq!(
            parse_period("6 tháng đầu năm 2021", None),
            range(Some(ymd(2021, 1, 1)), ymd(2021, 6, 30))
        );
        assert_eq!(
            parse_period("6 tháng cuối năm", Some(2021)),
            range(Some(ymd(2021, 7, 1)), ymd(2021, 12, 31))
        );
        assert_eq!(
            parse_period("Tháng 12/2020", None),
            range(Some(ymd(2020, 12, 1)), ymd(2020, 12, 31))
        );
        assert_eq!(
            parse_period("tháng 2 năm 2024", None),
            range(Some(ymd(2024, 2, 1)), ymd(2024, 2, 29))
        );
        assert_eq!(
            parse_period("Trong quý I năm 2026", None),
            range(Some(ymd(2026, 1, 1)), ymd(2026, 3, 31))
        );
    }

    #[test]
    fn spans_of_years() {
        let p = range(Some(ymd(2021, 1, 1)), ymd(2025, 12, 31));
        assert_eq!(parse_period("Giai đoạn 2021-2025", None), p);
        assert_eq!(parse_period("giai đoạn 2021 - 2025", None), p);
        assert_eq!(parse_period("Từ năm 2021 đến năm 2025", None), p);
    }

    #[test]
    fn several_quarters_make_one_range() {
        assert_eq!(
            parse_period("Quý I và Quý II năm 2021", Some(2021)),
            range(Some(ymd(2021, 1, 1)), ymd(2021, 6, 30))
        );
    }

    #[test]
    fn recurring_and_continuous() {
        assert_eq!(parse_period("Hàng năm.", None), Some(Period::Yearly));
        assert_eq!(parse_period("Hằng năm", Some(2020)), Some(Period::Yearly));
        assert_eq!(
            parse_period(
                "Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện",
                Some(2026)
            ),
            Some(Period::Yearly)
        );
        assert_eq!(
            parse_period("Trước ngày 31/01 năm liền kề", Some(2026)),
            Some(Period::Yearly)
        );
        assert_eq!(parse_period("Thường xuyên", None), Some(Period::Ongoing));
        assert_eq!(
            parse_period("Trước ngày 05 của tháng liền kề", Some(2026)),
            Some(Period::Monthly)
        );
        assert_eq!(
            parse_period("Bắt đầu thực hiện từ năm 2026", None),
            Some(Period::Ongoing)
        );
    }

    #[test]
    fn a_cited_documents_date_is_not_a_deadline() {
        assert_eq!(
            parse_period("Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh", None),
            None
        );
        assert_eq!(
            parse_period("Sau 03 tháng kể từ khi có văn bản của Trung ương", None),
            None
        );
    }

    #[test]
    fn overlap_with_query_ranges() {
        let q4 = Period::Range {
            from: Some(ymd(2020, 10, 1)),
            to: ymd(2020, 12, 31),
        };
        assert!(overlaps(
            &q4,
            Some(ymd(2020, 12, 1)),
            Some(ymd(2021, 1, 31))
        ));
        assert!(!overlaps(&q4, Some(ymd(2021, 1, 1)), None));
        assert!(!overlaps(&q4, None, Some(ymd(2020, 9, 30))));
        assert!(overlaps(&q4, None, None));
        let before = Period::Range {
            from: None,
            to: ymd(2020, 12, 15),
        };
        assert!(overlaps(
            &before,
            Some(ymd(2019, 1, 1)),
            Some(ymd(2019, 2, 1))
        ));
        assert!(!overlaps(&before, Some(ymd(2020, 12, 16)), None));
        assert!(overlaps(
            &Period::Yearly,
            Some(ymd(2030, 1, 1)),
            Some(ymd(2030, 1, 2))
        ));
        assert!(overlaps(&Period::Ongoing, None, Some(ymd(1990, 1, 1))));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}", y in proptest::option::of(-5000i32..5000)) {
            let _ = parse_period(&s, y);
        }

        #[test]
        fn never_panics_on_period_like_text(s in "(Quý|quý|tháng|Tháng|năm|ngày|trước|6 tháng đầu|giai đoạn|[0-9]{1,4}|[/ -]|IV|hằng){0,12}", y in proptest::option::of(1900i32..2101)) {
            if let Some(Period::Range { from: Some(f), to }) = parse_period(&s, y) {
                prop_assert!(f <= to);
            }
        }
    }
}
