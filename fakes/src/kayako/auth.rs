//! Kayako Classic request signing: `signature = base64(HMAC-SHA256(secret, salt))`
//! (`base64_encode(hash_hmac('sha256', $salt, $secretKey, true))` in SWIFT).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The one key pair the fake accepts.
#[derive(Clone, Debug)]
pub(crate) struct Keys {
    api_key: String,
    secret_key: String,
}

impl Keys {
    /// The accepted API key and the secret signatures are checked with.
    pub(crate) fn new(api_key: &str, secret_key: &str) -> Self {
        Self { api_key: api_key.to_string(), secret_key: secret_key.to_string() }
    }

    /// Whether `apikey` is ours and `signature` signs `salt`; any missing field fails.
    pub(crate) fn accepts(&self, apikey: Option<&str>, salt: Option<&str>, signature: Option<&str>) -> bool {
        let (Some(apikey), Some(salt), Some(signature)) = (apikey, salt, signature) else {
            return false;
        };
        if apikey != self.api_key || salt.is_empty() {
            return false;
        }
        let Ok(presented) = STANDARD.decode(signature.trim()) else {
            return false;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(self.secret_key.as_bytes()) else {
            return false;
        };
        mac.update(salt.as_bytes());
        // verify_slice compares in constant time.
        mac.verify_slice(&presented).is_ok()
    }
}

/// The signature a client sends for `salt` under `secret` (tests and examples use it).
pub(crate) fn sign(secret: &str, salt: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm cannot be reached.
        Err(_) => return String::new(),
    };
    mac.update(salt.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_php_reference_signature() {
        // Python: base64.b64encode(hmac.new(b"secret", b"12345", hashlib.sha256).digest())
        assert_eq!(sign("secret", "12345"), "+Ix+vkdA21nIc87PXh8Y43JqGtZAaKE9dkt5AoQwqw4=");
    }

    #[test]
    fn accepts_only_our_key_and_a_matching_signature() {
        let keys = Keys::new("k", "s");
        let good = sign("s", "salt1");
        assert!(keys.accepts(Some("k"), Some("salt1"), Some(&good)));
        assert!(!keys.accepts(Some("other"), Some("salt1"), Some(&good)));
        assert!(!keys.accepts(Some("k"), Some("salt2"), Some(&good)));
        assert!(!keys.accepts(Some("k"), Some("salt1"), Some(&sign("wrong", "salt1"))));
        assert!(!keys.accepts(Some("k"), Some("salt1"), None));
        assert!(!keys.accepts(Some("k"), None, Some(&good)));
        assert!(!keys.accepts(None, Some("salt1"), Some(&good)));
        assert!(!keys.accepts(Some("k"), Some("salt1"), Some("%%%")));
    }
}
