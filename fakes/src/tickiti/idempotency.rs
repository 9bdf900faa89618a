//! The `Idempotency-Key` store: the first answer to a key is kept with a digest of its
//! route and payload; the same key with the same payload replays that answer (header
//! `Idempotent-Replayed: true`), with a different payload it is a 409
//! `idempotency_key_conflict`. Keys are scoped to the token that used them.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// A kept answer.
#[derive(Clone, Debug)]
pub(crate) struct Kept {
    digest: [u8; 32],
    status: StatusCode,
    body: Bytes,
}

/// What a keyed request meets.
pub(crate) enum Seen {
    /// First use: handle it, then [`Keys::keep`] the answer.
    New,
    /// Same key, same payload: this answer again.
    Replay(Response),
    /// Same key, another payload.
    Conflict,
}

/// Keys seen, per token.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    kept: HashMap<(String, String), Kept>,
}

/// Digest of a route and a JSON payload (parsed and re-serialised, so key order and
/// whitespace do not matter: serde_json's map is sorted).
pub(crate) fn digest(route: &str, body: &[u8]) -> [u8; 32] {
    let canonical = serde_json::from_slice::<serde_json::Value>(body)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| String::from_utf8_lossy(body).into_owned());
    let mut h = Sha256::new();
    h.update(route.as_bytes());
    h.update([0]);
    h.update(canonical.as_bytes());
    h.finalize().into()
}

impl Keys {
    /// Looks `key` up for `token`.
    pub(crate) fn check(&self, token: &str, key: &str, digest: [u8; 32]) -> Seen {
        match self.kept.get(&(token.to_owned(), key.to_owned())) {
            None => Seen::New,
            Some(k) if k.digest == digest => {
                let mut resp = (k.status, k.body.clone()).into_response();
                let headers = resp.headers_mut();
                headers.insert("content-type", HeaderValue::from_static("application/json"));
                headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
                Seen::Replay(resp)
            }
            Some(_) => Seen::Conflict,
        }
    }

    /// Keeps the answer a key's first request got (only answers the handler produced).
    pub(crate) fn keep(&mut self, token: &str, key: &str, digest: [u8; 32], status: StatusCode, body: Bytes) {
        self.kept.insert((token.to_owned(), key.to_owned()), Kept { digest, status, body });
    }
}
