//! OAuth2 token exchanges the component marks (`x-helpdesk-token-exchange`):
//! the component is stateless between calls, so without help it would ask for
//! a token on every tool call. The host keeps the answer in memory, keyed by
//! the URL and a SHA-256 digest of the request body (the body holds the client
//! secret: it is never stored, logged or used as a key itself), until shortly
//! before the token's `expires_in` runs out. A re-ask with `Cache-Control:
//! no-cache` (the component got a 401 with the token) drops the entry first.
//! These entries are apart from the reference cache: writes do not clear them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

/// The header that marks an exchange; stripped before sending.
pub const EXCHANGE_HEADER: &str = "x-helpdesk-token-exchange";
/// Largest exchange body read (a form with an id and a secret).
pub const MAX_REQUEST: usize = 16 * 1024;
/// Largest token answer kept.
pub const MAX_ANSWER: usize = 64 * 1024;
/// Renew this long before expiry at most (a tenth of short lifetimes).
const MARGIN: Duration = Duration::from_secs(60);
/// Most exchanges remembered (one per credential in practice).
const MAX_ENTRIES: usize = 16;

/// A remembered token answer.
#[derive(Clone, Debug)]
pub struct Token {
    /// Response headers.
    pub headers: HeaderMap,
    /// The JSON answer.
    pub body: Bytes,
    expires: Instant,
}

/// Token answers by (URL, body digest).
#[derive(Debug, Default)]
pub struct Tokens {
    entries: Mutex<HashMap<(String, [u8; 32]), Token>>,
}

/// The key of an exchange: never the body itself.
pub fn key(uri: &http::Uri, body: &[u8]) -> (String, [u8; 32]) {
    (uri.to_string(), Sha256::digest(body).into())
}

/// How long an answer may be reused: `expires_in` less a margin, or `None`
/// when the answer says nothing usable.
pub fn lifetime(status: StatusCode, body: &[u8]) -> Option<Duration> {
    if status != StatusCode::OK {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let secs = value.get("expires_in")?.as_u64().filter(|s| *s > 0)?;
    let life = Duration::from_secs(secs);
    Some(life.saturating_sub(MARGIN.min(life / 10)))
}

impl Tokens {
    /// A still-valid answer.
    pub fn get(&self, key: &(String, [u8; 32])) -> Option<Token> {
        let entries = self.entries.lock().ok()?;
        entries.get(key).filter(|t| t.expires > Instant::now()).cloned()
    }

    /// Remembers an answer for `ttl`.
    pub fn put(&self, key: (String, [u8; 32]), headers: HeaderMap, body: Bytes, ttl: Duration) {
        let Ok(mut entries) = self.entries.lock() else { return };
        let now = Instant::now();
        entries.retain(|_, t| t.expires > now);
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, Token { headers, body, expires: now + ttl });
    }

    /// Forgets an answer (its token was refused).
    pub fn remove(&self, key: &(String, [u8; 32])) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_keep_a_margin_and_need_expires_in() {
        let ok = |b: &str| lifetime(StatusCode::OK, b.as_bytes());
        assert_eq!(ok(r#"{"access_token":"t","expires_in":3600}"#), Some(Duration::from_secs(3540)));
        assert_eq!(ok(r#"{"access_token":"t","expires_in":10}"#), Some(Duration::from_secs(9)));
        assert_eq!(ok(r#"{"access_token":"t"}"#), None);
        assert_eq!(lifetime(StatusCode::UNAUTHORIZED, br#"{"expires_in":3600}"#), None);
    }

    #[test]
    fn keys_are_digests_and_entries_expire_or_are_dropped() {
        let uri: http::Uri = "http://127.0.0.1:1/api/auth/token".parse().unwrap();
        let k = key(&uri, b"client_secret=s3cret");
        assert!(!format!("{k:?}").contains("s3cret"));
        assert_ne!(k, key(&uri, b"client_secret=other"));
        let tokens = Tokens::default();
        tokens.put(k.clone(), HeaderMap::new(), Bytes::from_static(b"{}"), Duration::from_secs(60));
        assert!(tokens.get(&k).is_some());
        tokens.remove(&k);
        assert!(tokens.get(&k).is_none());
        tokens.put(k.clone(), HeaderMap::new(), Bytes::from_static(b"{}"), Duration::ZERO);
        assert!(tokens.get(&k).is_none());
    }
}
