//! One `Idempotency-Key` per logical write: a digest of the token's scope, the route, the
//! payload as canonical JSON (keys sorted, no whitespace) and a 10-minute time bucket. The
//! same write retried by the transport or by the model within the bucket carries the same
//! key, so Tickiti replays its first answer instead of writing twice; a different payload
//! gets a different key. A retry that crosses into the next bucket gets a new key; the
//! reply path guards that edge by reading the ticket's responses first (see `writes`).

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Length of a time bucket, in seconds.
pub const WINDOW_SECS: i64 = 600;

/// The key for writing `payload` to `route` at unix time `now`.
pub fn key(scope: &str, route: &str, payload: &Value, now: i64) -> String {
    let bucket = now.div_euclid(WINDOW_SECS);
    // serde_json's map is a BTreeMap: `to_string` is already canonical.
    let mut h = Sha256::new();
    for part in [scope, route, &payload.to_string(), &bucket.to_string()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let hex: String = h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("hdmcp-{hex}")
}

/// Unix time at which the bucket holding `now` began.
pub fn bucket_start(now: i64) -> i64 {
    now.div_euclid(WINDOW_SECS) * WINDOW_SECS
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_write_same_key_within_the_bucket_only() {
        let a = json!({ "ticket_number": "220009", "content": "<p>Hi</p>" });
        let b: Value = serde_json::from_str(r#"{"content":"<p>Hi</p>","ticket_number":"220009"}"#).unwrap();
        let k = key("s", "tickets/respond", &a, 1_800_000_000);
        assert_eq!(k, key("s", "tickets/respond", &b, 1_800_000_000 + 100), "key order does not matter");
        assert_ne!(k, key("s", "tickets/respond", &json!({ "content": "<p>Ho</p>" }), 1_800_000_000));
        assert_ne!(k, key("t", "tickets/respond", &a, 1_800_000_000), "another token, another key");
        assert_ne!(k, key("s", "tickets", &a, 1_800_000_000), "another route, another key");
        assert_ne!(k, key("s", "tickets/respond", &a, 1_800_000_000 + WINDOW_SECS), "the next bucket");
        assert!(k.len() <= 255 && k.starts_with("hdmcp-"));
        assert_eq!(bucket_start(1_800_000_123), 1_800_000_000);
    }
}
