//! The only place Gorgias credentials touch a request: HTTP Basic with the API
//! user's email and key. The header value is built once and never formatted;
//! the key and the Basic token are registered with `secrets`, so an upstream
//! that echoes them back cannot pass them on.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Basic-auth credentials. `Debug` is redacted, so they cannot leak into logs
/// or error messages through a stray `{:?}`.
#[derive(Clone)]
pub struct Credentials {
    email: String,
    header: String,
}

impl Credentials {
    /// Credentials for the API user `email` with `api_key`.
    pub fn new(email: &str, api_key: &str) -> Self {
        let token = STANDARD.encode(format!("{email}:{api_key}"));
        crate::secrets::register(api_key);
        crate::secrets::register(&token);
        Self { email: email.to_owned(), header: format!("Basic {token}") }
    }

    /// The API user's email (not secret; shown by `check`).
    pub fn email(&self) -> &str {
        &self.email
    }

    /// Adds the `Authorization` header to `headers`.
    pub fn apply(&self, headers: &mut Vec<(&'static str, String)>) {
        headers.push(("authorization", self.header.clone()));
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({}, key: [redacted])", self.email)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_and_redacted_debug() {
        let c = Credentials::new("api@acme.test", "s3cret");
        let mut headers = vec![];
        c.apply(&mut headers);
        assert_eq!(
            headers,
            [("authorization", format!("Basic {}", STANDARD.encode("api@acme.test:s3cret")))]
        );
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret") && !shown.contains(&STANDARD.encode("api@acme.test:s3cret")));
    }
}
