//! The keys documents are filed and found by: one place for what the index writes and what
//! search and extraction look up, below both of them.
//!
//! - [`filter_key`]: keyword filters (type, field), folded, lower case, single spaces;
//! - [`agency::agency_key`]: an agency's folded name, after [`agency::normalize_agency`];
//! - [`agency_term`]: an agency in a role, as the `agency` field holds it;
//! - [`agency_bucket`]: the facet bucket of an agency in a role (as typed, abbreviations expanded);
//! - [`article_refs`]: the article numbers a path or a question names;
//! - [`fold`]: how extraction and the readers compare words;
//! - [`MIN_DATE`], [`MAX_DATE`]: the dates the index can store.

pub mod agency;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::text;
pub use agency::{agency_key, normalize_agency};

use chrono::NaiveDate;

/// Lower case without diacritics, `đ` → `d`, spaces collapsed: how extraction compares words
/// (`KẾ HOẠCH` → `ke hoach`). Independent of the index's analysis on purpose.
pub fn fold(s: &str) -> String {
    let folded: String = text::fold::without_marks(s)
        .map(|c| match c {
            'ð' | 'Ð' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Earliest date the index stores: tantivy keeps dates as nanoseconds since 1970 in an `i64`.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1677, 9, 22) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Latest date the index stores (see [`MIN_DATE`]).
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2262, 4, 11) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Whether `d` is between [`MIN_DATE`] and [`MAX_DATE`]; dates outside overflowed the index's
/// timestamps (`issued_to=9999-12-31` matched nothing, and panicked mid-write in a debug build).
pub fn in_range(d: NaiveDate) -> bool {
    (MIN_DATE..=MAX_DATE).contains(&d)
}

/// The folded key used by keyword filters: folded, lower case, single spaces.
pub fn filter_key(s: &str) -> String {
    text::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The agency filter term for a role (`lead`, `support`, `issuer`, or `any`).
pub fn agency_term(role: &str, agency: &str) -> String {
    format!("{role}:{}", agency_key(agency))
}

/// The bucket of an agency facet value `role:Name`: the role and the agency as typed, folded
/// with its known abbreviations expanded (`lead:so giao duc va dao tao` for `lead:Sở GD&ĐT`
/// and `lead:Sở Giáo dục và Đào tạo`), the same words an agency filter matches by.
pub fn agency_bucket(value: &str) -> String {
    match value.split_once(':') {
        Some((role, name)) => format!("{role}:{}", agency::typed_agency_words(name).join(" ")),
        None => value.to_string(),
    }
}

/// Article numbers referred to as `Điều N` (any case, with or without diacritics: `điều 38`,
/// `Dieu 5a`), in order, without repeats: the articles a passage path names, or a question asks
/// about. Numbers of codified articles (`Điều 37.1.LQ.6`) are not article numbers and are left
/// out.
pub fn article_refs(text: &str) -> Vec<String> {
    static ARTICLE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b(?:điều|dieu)\s+(\d{1,4}[a-zđ]?)(?:[^\w.]|\.\s|\.?$)")
            .expect("a valid regex")
    });
    let folded = crate::text::normalize(text);
    let mut out: Vec<String> = Vec::new();
    for c in ARTICLE.captures_iter(&folded) {
        if let Some(m) = c.get(1) {
            let n = m.as_str().trim_start_matches('0').to_string();
            if !n.is_empty() && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod article_tests {
    use super::article_refs;

    #[test]
    fn articles_are_found_in_paths_and_questions() {
        assert_eq!(article_refs("Chương II > Điều 5 > Khoản 2"), ["5"]);
        assert_eq!(article_refs("Điều 38"), ["38"]);
        assert_eq!(
            article_refs("quy định trong điều 38 luật tố tụng hành chính, ĐIỀU 143 và Dieu 5a."),
            ["38", "143", "5a"]
        );
        assert!(article_refs("Điều 37.1.LQ.6").is_empty());
        assert!(article_refs("điều kiện kết hôn").is_empty());
        assert!(article_refs("Chương II").is_empty());
    }
}

#[cfg(test)]
mod bucket_tests {
    use super::agency_bucket;

    #[test]
    fn an_agency_written_any_way_is_one_bucket_per_role() {
        let b = agency_bucket("lead:Sở Giáo dục và Đào tạo");
        assert_eq!(b, "lead:so giao duc va dao tao");
        assert_eq!(agency_bucket("lead:Sở GD&ĐT"), b);
        assert_eq!(agency_bucket("lead:SỞ GIÁO DỤC VÀ ĐÀO TẠO"), b);
        assert_ne!(agency_bucket("support:Sở GD&ĐT"), b);
        assert_eq!(
            agency_bucket("issuer:Ủy ban nhân dân tỉnh Lâm Đồng"),
            agency_bucket("issuer:UBND tỉnh Lâm Đồng")
        );
    }
}
