//! The API key that guards the write routes: `Authorization: Bearer KEY` or `X-Api-Key: KEY`,
//! compared in constant time.

use axum::http::{header, HeaderMap};
use subtle::ConstantTimeEq;

use crate::error::Code;
use crate::http::error::AppError;

/// The key a request presents, if any.
fn presented(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get(header::AUTHORIZATION) {
        let v = v.to_str().ok()?.trim();
        let (scheme, key) = v.split_once(' ')?;
        return scheme.eq_ignore_ascii_case("bearer").then_some(key.trim());
    }
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Lets a write through only with the configured key: none configured → 403 `writes_disabled`;
/// no key or a wrong one → 401 `unauthorized`.
pub fn authorize(configured: Option<&str>, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(expected) = configured else {
        return Err(AppError::new(Code::WritesDisabled,
            "this server is read-only; start it with --api-key (or VANBAN_API_KEY) to enable writes",
        ));
    };
    let Some(given) = presented(headers) else {
        return Err(AppError::new(
            Code::Unauthorized,
            "give the API key as `Authorization: Bearer KEY` or `X-Api-Key: KEY`",
        ));
    };
    // Hashing first makes both sides the same length, so the comparison's time reveals neither
    // the key's length nor how much of it matched.
    let a = blake3::hash(given.as_bytes());
    let b = blake3::hash(expected.as_bytes());
    if bool::from(a.as_bytes().ct_eq(b.as_bytes())) {
        Ok(())
    } else {
        Err(AppError::new(Code::Unauthorized, "the API key is wrong"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn both_header_forms_are_accepted_and_wrong_keys_refused() {
        let key = Some("s3cret-key");
        assert!(authorize(key, &headers(&[("authorization", "Bearer s3cret-key")])).is_ok());
        assert!(authorize(key, &headers(&[("authorization", "bearer  s3cret-key ")])).is_ok());
        assert!(authorize(key, &headers(&[("x-api-key", "s3cret-key")])).is_ok());
        for bad in [
            headers(&[]),
            headers(&[("authorization", "Bearer s3cret-ke")]),
            headers(&[("authorization", "Basic s3cret-key")]),
            headers(&[("x-api-key", "s3cret-key2")]),
        ] {
            let e = authorize(key, &bad).unwrap_err();
            assert_eq!((e.status.as_u16(), e.code), (401, Code::Unauthorized));
        }
        let e = authorize(None, &headers(&[("x-api-key", "anything")])).unwrap_err();
        assert_eq!((e.status.as_u16(), e.code), (403, Code::WritesDisabled));
    }
}
