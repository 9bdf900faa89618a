//! Pacing upstream requests so a busy assistant gets slower answers rather
//! than 429s. The host sees every response, so it tracks each origin's rate
//! limit from the headers helpdesks send, and holds a request back just long
//! enough when the next one would overflow the bucket.
//!
//! Understood: `X-*-Api-Call-Limit: used/limit` (Gorgias's and Shopify's leaky
//! bucket, draining limit/20 per second), and `RateLimit-Limit` /
//! `RateLimit-Remaining` / `RateLimit-Reset` (with or without `X-`). Without
//! such headers nothing is paced; the component still honours `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use http::HeaderMap;

/// Requests kept in reserve below the limit.
const HEADROOM: f64 = 2.0;
/// Longest single wait (the call's own deadline still applies).
const MAX_WAIT: Duration = Duration::from_secs(10);

/// What an origin's headers say about its bucket.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bucket {
    /// Requests counted against the limit at `at`.
    level: f64,
    /// Bucket size.
    limit: f64,
    /// How fast the count drains, per second.
    leak: f64,
    /// When `level` was true.
    at: Instant,
}

impl Bucket {
    fn level_at(&self, now: Instant) -> f64 {
        (self.level - self.leak * now.saturating_duration_since(self.at).as_secs_f64()).max(0.0)
    }
}

/// Rate-limit state per origin, shared by every call.
#[derive(Debug, Default)]
pub struct Pacer {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Pacer {
    /// How long to wait before sending to `origin`, reserving a slot for it.
    /// Reservations may lie ahead of `now` (earlier requests still waiting), so
    /// the bucket is read at the later of the two.
    pub fn admit(&self, origin: &str, now: Instant) -> Duration {
        let Ok(mut buckets) = self.buckets.lock() else { return Duration::ZERO };
        let Some(b) = buckets.get_mut(origin) else { return Duration::ZERO };
        let base = b.at.max(now);
        let level = b.level_at(base);
        let room = b.limit - HEADROOM;
        let send_at = if level + 1.0 > room && b.leak > 0.0 {
            base + Duration::from_secs_f64((level + 1.0 - room) / b.leak)
        } else {
            now
        };
        let wait = send_at.saturating_duration_since(now).min(MAX_WAIT);
        let at = (now + wait).max(b.at);
        *b = Bucket { level: b.level_at(at) + 1.0, at, ..*b };
        wait
    }

    /// Updates `origin`'s bucket from a response's headers.
    pub fn observe(&self, origin: &str, headers: &HeaderMap, now: Instant) {
        let Some((level, limit, leak)) = read(headers) else { return };
        if let Ok(mut buckets) = self.buckets.lock() {
            buckets.insert(origin.to_owned(), Bucket { level, limit, leak, at: now });
        }
    }
}

/// (level, limit, leak per second) from the headers, if any convention is present.
fn read(headers: &HeaderMap) -> Option<(f64, f64, f64)> {
    for (name, value) in headers {
        let n = name.as_str();
        if n.starts_with("x-") && n.ends_with("-api-call-limit") {
            let (used, limit) = value.to_str().ok()?.split_once('/')?;
            let (used, limit): (f64, f64) = (used.trim().parse().ok()?, limit.trim().parse().ok()?);
            return (limit > 0.0).then_some((used, limit, limit / 20.0));
        }
    }
    let get = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.get(*n))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split([',', ';']).next().and_then(|x| x.trim().parse::<f64>().ok()))
    };
    let limit = get(&["ratelimit-limit", "x-ratelimit-limit"])?;
    let remaining = get(&["ratelimit-remaining", "x-ratelimit-remaining"])?;
    // Without a reset time, assume the window is a minute.
    let reset =
        get(&["ratelimit-reset", "x-ratelimit-reset"]).filter(|r| *r > 0.0 && *r < 3600.0).unwrap_or(60.0);
    (limit > 0.0).then_some(((limit - remaining).max(0.0), limit, (limit - remaining).max(1.0) / reset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn reads_the_gorgias_and_ietf_conventions() {
        assert_eq!(read(&headers(&[("x-gorgias-account-api-call-limit", "10/40")])), Some((10.0, 40.0, 2.0)));
        assert_eq!(
            read(&headers(&[
                ("ratelimit-limit", "100"),
                ("ratelimit-remaining", "25"),
                ("ratelimit-reset", "30")
            ])),
            Some((75.0, 100.0, 2.5))
        );
        assert_eq!(read(&headers(&[("content-type", "application/json")])), None);
    }

    #[test]
    fn no_wait_until_the_bucket_is_nearly_full() {
        let pacer = Pacer::default();
        let t0 = Instant::now();
        assert_eq!(pacer.admit("o", t0), Duration::ZERO, "unknown origins are not paced");
        pacer.observe("o", &headers(&[("x-gorgias-account-api-call-limit", "30/40")]), t0);
        assert_eq!(pacer.admit("o", t0), Duration::ZERO);
    }

    #[test]
    fn a_full_bucket_waits_for_it_to_drain() {
        let pacer = Pacer::default();
        let t0 = Instant::now();
        pacer.observe("o", &headers(&[("x-gorgias-account-api-call-limit", "38/40")]), t0);
        // 38 + 1 > 40 - 2: wait for one request to leak at 2/s.
        let w = pacer.admit("o", t0);
        assert!((w.as_secs_f64() - 0.5).abs() < 0.01, "{w:?}");
        // The reservation counts: the next one waits longer.
        let w2 = pacer.admit("o", t0);
        assert!((w2.as_secs_f64() - 1.0).abs() < 0.01, "{w2:?}");
        // Time drains it.
        assert_eq!(pacer.admit("o", t0 + Duration::from_secs(20)), Duration::ZERO);
    }

    #[test]
    fn waits_are_bounded() {
        let pacer = Pacer::default();
        let t0 = Instant::now();
        pacer.observe("o", &headers(&[("x-gorgias-account-api-call-limit", "400/40")]), t0);
        assert_eq!(pacer.admit("o", t0), MAX_WAIT);
    }
}
