//! Leaky-bucket accounting per API key, producing the usage header and 429 decisions.

use std::collections::HashMap;
use std::time::Instant;

/// Leaky-bucket parameters; the real Gorgias API-key limit is 40 requests draining at 2 per second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Bucket size: how many requests may burst before 429s start.
    pub capacity: u32,
    /// Requests drained from the bucket per second.
    pub leak_per_sec: f64,
}

impl RateLimit {
    /// The limit real Gorgias applies to API-key integrations (40 per 20 s window).
    pub const GORGIAS: RateLimit = RateLimit { capacity: 40, leak_per_sec: 2.0 };
}

impl Default for RateLimit {
    /// Defaults to the real Gorgias limit so a fake behaves like production unless told otherwise.
    fn default() -> Self {
        Self::GORGIAS
    }
}

/// What one request did to its bucket.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Charge {
    /// Bucket level after the request, rounded up, for `X-Gorgias-Account-Api-Call-Limit`.
    pub used: u32,
    /// Bucket capacity, the header's right-hand side.
    pub limit: u32,
    /// `Some(seconds)` when the request was rejected: when one slot frees up.
    pub retry_after: Option<u64>,
}

impl Charge {
    /// The `used/limit` header value.
    pub(crate) fn header(&self) -> String {
        format!("{}/{}", self.used, self.limit)
    }
}

#[derive(Clone, Copy, Debug)]
struct Level {
    level: f64,
    at: Instant,
}

/// All buckets, keyed by the API key presented (or `""` for anonymous requests).
#[derive(Debug, Default)]
pub(crate) struct Buckets {
    levels: HashMap<String, Level>,
}

impl Buckets {
    /// Adds one request to `key`'s bucket at `now`. With `limit` `None` the bucket is
    /// tracked with the real Gorgias numbers for the header but never rejects.
    pub(crate) fn charge(&mut self, key: &str, now: Instant, limit: Option<RateLimit>) -> Charge {
        let enforce = limit.is_some();
        let rate = limit.unwrap_or(RateLimit::GORGIAS);
        let capacity = f64::from(rate.capacity);
        let entry = self.levels.entry(key.to_string()).or_insert(Level { level: 0.0, at: now });
        let elapsed = now.saturating_duration_since(entry.at).as_secs_f64();
        let leak = rate.leak_per_sec.max(0.0);
        let drained = (entry.level - elapsed * leak).max(0.0);
        entry.at = now;
        let retry_after = if enforce && drained + 1.0 > capacity + 1e-9 {
            entry.level = drained;
            let wait = if leak > 0.0 { ((drained + 1.0 - capacity) / leak).ceil() } else { 60.0 };
            Some((wait as u64).max(1))
        } else {
            entry.level = (drained + 1.0).min(capacity);
            None
        };
        Charge { used: shown(entry.level, rate.capacity), limit: rate.capacity, retry_after }
    }
}

/// The integer level shown to clients: rounded up, never above capacity.
fn shown(level: f64, capacity: u32) -> u32 {
    let up = (level - 1e-9).ceil().max(0.0);
    (up as u32).min(capacity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const SMALL: RateLimit = RateLimit { capacity: 3, leak_per_sec: 1.0 };

    #[test]
    fn fills_rejects_and_leaks() {
        let mut b = Buckets::default();
        let t0 = Instant::now();
        let used: Vec<u32> = (0..3).map(|_| b.charge("k", t0, Some(SMALL)).used).collect();
        assert_eq!(used, vec![1, 2, 3]);
        let rejected = b.charge("k", t0, Some(SMALL));
        assert_eq!(rejected.retry_after, Some(1));
        assert_eq!(rejected.header(), "3/3");
        // Half a second later half a slot has drained: still full, wait rounds up to 1 s.
        let half = b.charge("k", t0 + Duration::from_millis(500), Some(SMALL));
        assert_eq!(half.retry_after, Some(1));
        let later = b.charge("k", t0 + Duration::from_secs(1), Some(SMALL));
        assert_eq!(later.retry_after, None);
        assert_eq!(later.used, 3);
        // Two idle seconds drain two slots.
        let after = b.charge("k", t0 + Duration::from_secs(3), Some(SMALL));
        assert_eq!((after.used, after.retry_after), (2, None));
    }

    #[test]
    fn retry_after_counts_the_deficit() {
        let mut b = Buckets::default();
        let t0 = Instant::now();
        let slow = RateLimit { capacity: 2, leak_per_sec: 0.25 };
        b.charge("k", t0, Some(slow));
        b.charge("k", t0, Some(slow));
        assert_eq!(b.charge("k", t0, Some(slow)).retry_after, Some(4));
    }

    #[test]
    fn keys_are_independent_and_unlimited_never_rejects() {
        let mut b = Buckets::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            b.charge("a", t0, Some(SMALL));
        }
        assert_eq!(b.charge("b", t0, Some(SMALL)).used, 1);
        for _ in 0..60 {
            let c = b.charge("free", t0, None);
            assert_eq!(c.retry_after, None);
        }
        assert_eq!(b.charge("free", t0, None).header(), "40/40");
    }
}
