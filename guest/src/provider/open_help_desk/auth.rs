//! The only place Open Help Desk credentials touch a request: an API key sent as
//! `Authorization: Bearer ohd_sk_…`, or OAuth2 client credentials exchanged at
//! `POST /api/auth/token` for a one-hour bearer token.
//!
//! The component keeps nothing between calls, so the exchange is marked with
//! [`TOKEN_EXCHANGE_HEADER`]: a caching host answers it from memory until shortly
//! before the token expires (keyed by a digest of the body, never the body), and
//! drops it when the component asks again with `Cache-Control: no-cache` after a
//! 401. A runtime without that cache exchanges once per tool call, which is
//! still correct. See the README's Architecture section.

use std::fmt;

use serde::Deserialize;

use crate::http::{Method, Request};
use crate::provider::upstream::Upstream;

/// Marks the token exchange for the host's cache (the host strips it).
pub const TOKEN_EXCHANGE_HEADER: &str = "x-helpdesk-token-exchange";

/// How requests authenticate. `Debug` is redacted.
#[derive(Clone)]
pub enum Credentials {
    /// `Authorization: Bearer ohd_sk_…`.
    Key(String),
    /// Client credentials; the form body of the exchange is built once.
    Client {
        /// `grant_type=client_credentials&client_id=…&client_secret=…`.
        form: String,
    },
}

impl Credentials {
    /// An API key.
    pub fn key(key: &str) -> Self {
        crate::secrets::register(key);
        Self::Key(key.to_owned())
    }

    /// Client credentials.
    pub fn client(id: &str, secret: &str) -> Self {
        crate::secrets::register(secret);
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_id", id)
            .append_pair("client_secret", secret)
            .finish();
        Self::Client { form }
    }

    /// "API key" or "client credentials", for labels.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Key(_) => "API key",
            Self::Client { .. } => "client credentials",
        }
    }

    /// The token exchange request; `fresh` bypasses a cached token (after a 401).
    pub fn exchange(&self, up: &Upstream, fresh: bool) -> Option<Request> {
        let Self::Client { form } = self else { return None };
        let mut headers = vec![
            ("accept", "application/json".to_owned()),
            ("content-type", "application/x-www-form-urlencoded".to_owned()),
            (TOKEN_EXCHANGE_HEADER, "1".to_owned()),
        ];
        if fresh {
            headers.push(("cache-control", "no-cache".to_owned()));
        }
        let path = format!("{}/api/auth/token", up.url.path);
        // Asking for a token twice is harmless.
        Some(up.request(Method::Post, path, headers, Some(form.clone().into_bytes()), true).read_only())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({}: [redacted])", self.kind())
    }
}

/// `POST /api/auth/token`'s answer.
#[derive(Deserialize)]
pub struct TokenAnswer {
    /// The bearer token.
    pub access_token: String,
}

/// A bearer token, registered as a secret as soon as it is read.
#[derive(Clone)]
pub struct Bearer(String);

impl Bearer {
    /// From a key or an exchanged token.
    pub fn new(token: &str) -> Self {
        crate::secrets::register(token);
        Self(token.to_owned())
    }

    /// Adds `Authorization` to `headers`.
    pub fn apply(&self, headers: &mut Vec<(&'static str, String)>) {
        headers.push(("authorization", format!("Bearer {}", self.0)));
    }
}

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bearer([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        assert!(!format!("{:?}", Credentials::client("cid", "top-secret")).contains("top-secret"));
        assert!(!format!("{:?}", Credentials::key("ohd_sk_1")).contains("ohd_sk_1"));
        assert!(!format!("{:?}", Bearer::new("tok")).contains("tok"));
    }
}
