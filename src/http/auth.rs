//! The API key that guards the write routes: `Authorization: Bearer KEY` or `X-Api-Key: KEY`,
//! compared in constant time.

use axum::http::{header, HeaderMap, StatusCode};
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

/// Shortest API key without a warning at start-up.
pub const MIN_KEY_CHARS: usize = 32;

/// Clients remembered by the back-off (the oldest are forgotten beyond).
const MAX_CLIENTS: usize = 10_000;

/// Longest back-off after failed keys.
const MAX_BACKOFF: std::time::Duration = std::time::Duration::from_secs(60);

/// Failed keys per client address: after each 401 the client must wait 2^(failures-3) s (the
/// first three failures cost nothing, then 1 s, 2 s, 4 s … at most [`MAX_BACKOFF`]) before its
/// next write is even looked at; until then writes answer 429 `too_many_attempts`. A right key
/// clears the record.
#[derive(Default)]
pub struct Backoff {
    clients:
        std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, (u32, std::time::Instant)>>,
}

impl Backoff {
    /// How long `client` must still wait, if at all.
    pub fn wait(&self, client: std::net::IpAddr) -> Option<std::time::Duration> {
        let map = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (_, until) = map.get(&client)?;
        until.checked_duration_since(std::time::Instant::now())
    }

    /// Records the outcome of a write's key check.
    pub fn record(&self, client: std::net::IpAddr, failed: bool) {
        let mut map = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !failed {
            map.remove(&client);
            return;
        }
        if map.len() >= MAX_CLIENTS && !map.contains_key(&client) {
            let now = std::time::Instant::now();
            map.retain(|_, (_, until)| *until > now);
            if map.len() >= MAX_CLIENTS {
                map.clear();
            }
        }
        let entry = map.entry(client).or_insert((0, std::time::Instant::now()));
        entry.0 = entry.0.saturating_add(1);
        let wait = match entry.0.checked_sub(4) {
            None => std::time::Duration::ZERO,
            Some(n) => std::time::Duration::from_secs(1u64 << n.min(6)).min(MAX_BACKOFF),
        };
        entry.1 = std::time::Instant::now() + wait;
    }
}

/// Middleware on the write routes: a client backing off is answered 429 at once; a 401 makes it
/// back off (the client's address comes from the accept loop, [`crate::http::serve`]).
pub async fn backoff(
    axum::extract::State(state): axum::extract::State<std::sync::Arc<Backoff>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let write = matches!(
        *req.method(),
        axum::http::Method::POST | axum::http::Method::PUT | axum::http::Method::DELETE
    );
    let client = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let Some(client) = client.filter(|_| write) else {
        return next.run(req).await;
    };
    if let Some(wait) = state.wait(client) {
        let mut res = AppError::new(
            Code::TooManyAttempts,
            format!(
                "too many wrong API keys from this address; wait {} s",
                wait.as_secs() + 1
            ),
        )
        .into_response();
        res.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from(wait.as_secs() + 1),
        );
        return res;
    }
    let res = next.run(req).await;
    match res.status() {
        StatusCode::UNAUTHORIZED => state.record(client, true),
        s if s.is_success() => state.record(client, false),
        _ => {}
    }
    res
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

    #[test]
    fn failed_keys_make_a_client_back_off_and_a_right_one_clears_it() {
        let b = Backoff::default();
        let ip: std::net::IpAddr = "192.0.2.7".parse().unwrap();
        let other: std::net::IpAddr = "192.0.2.8".parse().unwrap();
        for _ in 0..3 {
            b.record(ip, true);
        }
        assert!(b.wait(ip).is_none());
        b.record(ip, true);
        let wait = b.wait(ip).unwrap();
        assert!(wait <= std::time::Duration::from_secs(1) && !wait.is_zero());
        assert!(b.wait(other).is_none());
        for _ in 0..20 {
            b.record(ip, true);
        }
        assert!(b.wait(ip).unwrap() > std::time::Duration::from_secs(30));
        assert!(b.wait(ip).unwrap() <= MAX_BACKOFF);
        b.record(ip, false);
        assert!(b.wait(ip).is_none());
    }
}
