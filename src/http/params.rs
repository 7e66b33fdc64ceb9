//! Query-string parsing with clear errors: malformed percent-encoding, unknown parameters, and
//! bad values each get their own code instead of a generic rejection.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::Code;
use crate::http::error::AppError;
use crate::search::parse_date;

/// Longest query string a route accepts, in bytes as sent (a 1,000-character query of
/// Vietnamese text percent-encoded is at most 9 KB). Longer: 400 `query_string_too_long`.
pub const MAX_QUERY_STRING_BYTES: usize = 16 * 1024;

/// Most distinct values a list-valued parameter (`type=a,b,...`) may hold. More: 400
/// `too_many_values`. Repeated values count once.
pub const MAX_LIST_VALUES: usize = 20;

/// Longest value in a list-valued parameter, in bytes. Longer: 400 `value_too_long`.
pub const MAX_VALUE_BYTES: usize = 200;

/// Parsed query parameters (a name may repeat).
#[derive(Debug, Default)]
pub struct Params(BTreeMap<String, Vec<String>>);

impl Params {
    /// Parses a raw query string, accepting only the names in `allowed`.
    pub fn parse<S: AsRef<str>>(raw: Option<&str>, allowed: &[S]) -> Result<Self, AppError> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_STRING_BYTES {
            return Err(AppError::bad_request(
                Code::QueryStringTooLong,
                format!(
                    "the query string is {} bytes, over the limit of {MAX_QUERY_STRING_BYTES}",
                    raw.len()
                ),
            ));
        }
        check_percent_encoding(raw)?;
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
            if !allowed.iter().any(|a| a.as_ref() == k) {
                let names: Vec<&str> = allowed.iter().map(AsRef::as_ref).collect();
                return Err(AppError::bad_request(
                    Code::UnknownParameter,
                    format!("parameter `{k}` is unknown; accepted: {}", names.join(", ")),
                ));
            }
            map.entry(k.into_owned()).or_default().push(v.into_owned());
        }
        Ok(Params(map))
    }

    /// The last non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .and_then(|v| v.iter().rev().find(|s| !s.trim().is_empty()))
            .map(String::as_str)
    }

    /// Every distinct value of `name` in the order given, comma-separated values split; at most
    /// [`MAX_LIST_VALUES`] of at most [`MAX_VALUE_BYTES`] each.
    pub fn all(&self, name: &str) -> Result<Vec<String>, AppError> {
        let mut out: Vec<String> = Vec::new();
        let values = self
            .0
            .get(name)
            .into_iter()
            .flatten()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty());
        for v in values {
            if v.len() > MAX_VALUE_BYTES {
                return Err(AppError::bad_request(
                    Code::ValueTooLong,
                    format!("a value of `{name}` is over {MAX_VALUE_BYTES} bytes"),
                ));
            }
            if out.iter().any(|o| o == v) {
                continue;
            }
            if out.len() == MAX_LIST_VALUES {
                return Err(AppError::bad_request(
                    Code::TooManyValues,
                    format!("`{name}` takes at most {MAX_LIST_VALUES} distinct values"),
                ));
            }
            out.push(v.to_string());
        }
        Ok(out)
    }

    /// A date parameter.
    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, AppError> {
        self.get(name)
            .map(|v| parse_date(name, v))
            .transpose()
            .map_err(AppError::from)
    }

    /// A non-negative integer parameter.
    pub fn usize(&self, name: &str) -> Result<Option<usize>, AppError> {
        self.get(name)
            .map(|v| {
                v.trim().parse::<usize>().map_err(|_| {
                    AppError::bad_request(
                        Code::BadInteger,
                        format!("{name}=`{v}` is not a non-negative integer"),
                    )
                })
            })
            .transpose()
    }
}

/// The parameter names a route's [`utoipa::IntoParams`] type documents: the one list a route
/// accepts, so that the OpenAPI document and the checks cannot disagree.
pub fn allowed_names<T: utoipa::IntoParams>() -> Vec<String> {
    T::into_params(|| Some(utoipa::openapi::path::ParameterIn::Query))
        .into_iter()
        .map(|p| p.name)
        .collect()
}

fn check_percent_encoding(raw: &str) -> Result<(), AppError> {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let ok = bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if !ok {
                return Err(AppError::bad_request(
                    Code::BadEncoding,
                    "the query string has a malformed %-escape",
                ));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    let decoded: Vec<u8> = percent_decode(raw);
    if std::str::from_utf8(&decoded).is_err() {
        return Err(AppError::bad_request(
            Code::BadEncoding,
            "the query string does not decode to UTF-8",
        ));
    }
    Ok(())
}

fn percent_decode(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(h * 16 + l);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_escapes_and_unknown_names_are_refused() {
        assert_eq!(
            Params::parse(Some("q=%E1%BB"), &["q"]).unwrap_err().code,
            Code::BadEncoding
        );
        assert_eq!(
            Params::parse(Some("q=%zz"), &["q"]).unwrap_err().code,
            Code::BadEncoding
        );
        assert_eq!(
            Params::parse(Some("qq=a"), &["q"]).unwrap_err().code,
            Code::UnknownParameter
        );
        let p = Params::parse(
            Some("q=ph%E1%BB%95+bi%E1%BA%BFn&type=a,b&type=c"),
            &["q", "type"],
        )
        .unwrap();
        assert_eq!(p.get("q"), Some("phổ biến"));
        assert_eq!(p.all("type").unwrap(), vec!["a", "b", "c"]);
    }

    #[test]
    fn list_values_are_deduplicated_and_capped() {
        let same = format!("type={}", vec!["a"; 30_000].join(","));
        let raw = &same[..MAX_QUERY_STRING_BYTES];
        let p = Params::parse(Some(raw), &["type"]).unwrap();
        assert_eq!(p.all("type").unwrap(), vec!["a"]);
        let many: Vec<String> = (0..=MAX_LIST_VALUES).map(|i| format!("t{i}")).collect();
        let p = Params::parse(Some(&format!("type={}", many.join(","))), &["type"]).unwrap();
        assert_eq!(p.all("type").unwrap_err().code, Code::TooManyValues);
        let p = Params::parse(Some(&format!("type={}", many[1..].join(","))), &["type"]).unwrap();
        assert_eq!(p.all("type").unwrap().len(), MAX_LIST_VALUES);
        let long = "x".repeat(MAX_VALUE_BYTES + 1);
        let p = Params::parse(Some(&format!("type={long}")), &["type"]).unwrap();
        assert_eq!(p.all("type").unwrap_err().code, Code::ValueTooLong);
        assert_eq!(
            Params::parse(Some(&same), &["type"]).unwrap_err().code,
            Code::QueryStringTooLong
        );
    }
}
