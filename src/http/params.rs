//! Query-string parsing with clear errors: malformed percent-encoding, unknown parameters, and
//! bad values each get their own code instead of a generic rejection.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::Code;
use crate::http::error::AppError;
use crate::search::parse_date;

/// Parsed query parameters (a name may repeat).
#[derive(Debug, Default)]
pub struct Params(BTreeMap<String, Vec<String>>);

impl Params {
    /// Parses a raw query string, accepting only the names in `allowed`.
    pub fn parse<S: AsRef<str>>(raw: Option<&str>, allowed: &[S]) -> Result<Self, AppError> {
        let raw = raw.unwrap_or("");
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

    /// Every value of `name`, comma-separated values split.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .get(name)
            .into_iter()
            .flatten()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
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
        assert_eq!(p.all("type"), vec!["a", "b", "c"]);
    }
}
