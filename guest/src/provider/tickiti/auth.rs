//! The only place the Tickiti token touches a request: `Authorization: Bearer <token>`.
//! The token is registered with `secrets` and never formatted; what the idempotency keys
//! are scoped by is a digest of it, never the token.

use std::fmt;

use sha2::{Digest, Sha256};

/// A personal-access token. `Debug` is redacted.
#[derive(Clone)]
pub struct Token {
    header: String,
    scope: String,
}

impl Token {
    /// Wraps `token`.
    pub fn new(token: &str) -> Self {
        crate::secrets::register(token);
        let digest = Sha256::digest(format!("tickiti-token-scope:{token}").as_bytes());
        let scope = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        Self { header: format!("Bearer {token}"), scope }
    }

    /// Adds the `Authorization` header.
    pub fn apply(&self, headers: &mut Vec<(&'static str, String)>) {
        headers.push(("authorization", self.header.clone()));
    }

    /// A digest naming the token's scope (the same token, the same digest), for keys.
    pub fn scope(&self) -> &str {
        &self.scope
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_header_and_a_scope_that_is_not_the_token() {
        let t = Token::new("tk_secret_value_1");
        let mut h = vec![];
        t.apply(&mut h);
        assert_eq!(h, [("authorization", "Bearer tk_secret_value_1".to_owned())]);
        assert_eq!(t.scope().len(), 16);
        assert!(!t.scope().contains("secret") && !format!("{t:?}").contains("secret"));
        assert_eq!(t.scope(), Token::new("tk_secret_value_1").scope());
    }
}
