//! Replaying queries against `/api/search` with a number of concurrent clients for a fixed time,
//! and the latency percentiles of what came back. Loopback only; every loop ends by time and by
//! count.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

/// Longest a single request may take before the client gives up on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// What one load level measured.
#[derive(Debug, Clone, Serialize)]
pub struct LoadFigures {
    /// Concurrent clients.
    pub clients: usize,
    /// Requests answered with 200.
    pub requests: usize,
    /// Requests that failed or were answered otherwise.
    pub errors: usize,
    /// Wall time of the level, in seconds.
    pub seconds: f64,
    /// Answered requests per second.
    pub per_second: f64,
    /// Median latency, in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile latency, in milliseconds.
    pub p95_ms: f64,
    /// 99th percentile latency, in milliseconds.
    pub p99_ms: f64,
}

/// Sends the queries round-robin to `http://127.0.0.1:{port}/api/search` from `clients` threads
/// until `duration` has passed or `max_requests` were sent.
pub fn replay(
    port: u16,
    queries: &[String],
    clients: usize,
    duration: Duration,
    max_requests: usize,
) -> LoadFigures {
    let url = format!("http://127.0.0.1:{port}/api/search");
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    let deadline = start + duration;
    let per_client: Vec<(Vec<u64>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients.max(1))
            .map(|_| {
                let (url, next) = (&url, &next);
                s.spawn(move || client_loop(url, queries, next, deadline, max_requests))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64();
    let errors = per_client.iter().map(|(_, e)| e).sum();
    let mut micros: Vec<u64> = per_client.into_iter().flat_map(|(l, _)| l).collect();
    micros.sort_unstable();
    let ms = |q: f64| percentile(&micros, q) as f64 / 1000.0;
    LoadFigures {
        clients,
        requests: micros.len(),
        errors,
        seconds,
        per_second: micros.len() as f64 / seconds.max(1e-9),
        p50_ms: ms(0.50),
        p95_ms: ms(0.95),
        p99_ms: ms(0.99),
    }
}

/// One client: latencies (µs) of answered requests and the count of failed ones.
fn client_loop(
    url: &str,
    queries: &[String],
    next: &AtomicUsize,
    deadline: Instant,
    max_requests: usize,
) -> (Vec<u64>, usize) {
    let agent = ureq::AgentBuilder::new().timeout(REQUEST_TIMEOUT).build();
    let mut latencies = Vec::new();
    let mut errors = 0;
    while Instant::now() < deadline {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= max_requests || queries.is_empty() {
            break;
        }
        let q = &queries[i % queries.len()];
        let sent = Instant::now();
        let ok = agent
            .get(url)
            .query("q", q)
            .query("limit", "10")
            .call()
            .ok()
            .filter(|r| r.status() == 200)
            .and_then(|r| r.into_string().ok())
            .is_some();
        if ok {
            latencies.push(sent.elapsed().as_micros() as u64);
        } else {
            errors += 1;
        }
    }
    (latencies, errors)
}

/// The value at quantile `q` of sorted values (nearest rank); 0 for none.
pub fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.clamp(1, sorted.len()) - 1)
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.50), 50);
        assert_eq!(percentile(&v, 0.95), 95);
        assert_eq!(percentile(&v, 0.99), 99);
        assert_eq!(percentile(&[7], 0.99), 7);
        assert_eq!(percentile(&[], 0.5), 0);
    }
}
