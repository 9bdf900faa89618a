//! HTTP Basic authentication as the Gorgias API-key scheme uses it (`email:api_key`).

use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The one credential pair the fake accepts.
#[derive(Clone, Debug)]
pub(crate) struct Credentials {
    email: String,
    api_key: String,
}

/// What a request presented, decoded; never logged.
#[derive(Clone, Debug, Default)]
pub(crate) struct Presented {
    user: Option<String>,
    password: Option<String>,
}

impl Credentials {
    /// The accepted email and key.
    pub(crate) fn new(email: &str, api_key: &str) -> Self {
        Self { email: email.to_string(), api_key: api_key.to_string() }
    }

    /// Whether the presented Basic credentials match exactly.
    pub(crate) fn accepts(&self, p: &Presented) -> bool {
        p.user.as_deref() == Some(self.email.as_str()) && p.password.as_deref() == Some(self.api_key.as_str())
    }
}

impl Presented {
    /// Decodes `Authorization: Basic ...`; anything else counts as no credentials.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
            return Self::default();
        };
        let Some((scheme, token)) = value.trim().split_once(' ') else {
            return Self::default();
        };
        if !scheme.eq_ignore_ascii_case("basic") {
            return Self::default();
        }
        let Some(decoded) = STANDARD.decode(token.trim()).ok().and_then(|b| String::from_utf8(b).ok()) else {
            return Self::default();
        };
        match decoded.split_once(':') {
            Some((u, p)) => Self { user: Some(u.to_string()), password: Some(p.to_string()) },
            None => Self { user: Some(decoded), password: None },
        }
    }

    /// The rate-limit bucket this request falls into: its API key, or `""`.
    pub(crate) fn bucket_key(&self) -> &str {
        self.password.as_deref().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn accepts_only_the_configured_pair() {
        let creds = Credentials::new("a@b.test", "k1");
        let good = format!("Basic {}", STANDARD.encode("a@b.test:k1"));
        assert!(creds.accepts(&Presented::from_headers(&headers(&good))));
        let lower = format!("basic {}", STANDARD.encode("a@b.test:k1"));
        assert!(creds.accepts(&Presented::from_headers(&headers(&lower))));
        let wrong = format!("Basic {}", STANDARD.encode("a@b.test:k2"));
        assert!(!creds.accepts(&Presented::from_headers(&headers(&wrong))));
        assert!(!creds.accepts(&Presented::from_headers(&headers("Bearer k1"))));
        assert!(!creds.accepts(&Presented::from_headers(&headers("Basic !!!"))));
        assert!(!creds.accepts(&Presented::from_headers(&HeaderMap::new())));
    }
}
