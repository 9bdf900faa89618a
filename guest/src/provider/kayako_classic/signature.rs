//! The only place Kayako credentials touch a request. Each request carries
//! `apikey`, a fresh random `salt` and `signature = base64(HMAC-SHA256(secret,
//! salt))` (classichelp.kayako.com "Kayako REST API"); the secret itself is
//! never sent. Salts come from `wasi:random` on wasm.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The API key and secret. `Debug` is redacted so neither can leak through a
/// stray `{:?}`.
#[derive(Clone)]
pub struct Signer {
    api_key: String,
    secret: String,
}

impl Signer {
    /// A signer for `api_key` with `secret`.
    pub fn new(api_key: &str, secret: &str) -> Self {
        Self { api_key: api_key.to_owned(), secret: secret.to_owned() }
    }

    /// `base64(HMAC-SHA256(secret, salt))`.
    pub fn signature(&self, salt: &str) -> String {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = match Hmac::<Sha256>::new_from_slice(self.secret.as_bytes()) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(salt.as_bytes());
        STANDARD.encode(mac.finalize().into_bytes())
    }

    /// The three authentication fields for one request, with a fresh salt.
    pub fn fields(&self) -> [(&'static str, String); 3] {
        self.fields_with(fresh_salt())
    }

    /// The authentication fields for `salt`.
    pub fn fields_with(&self, salt: String) -> [(&'static str, String); 3] {
        let signature = self.signature(&salt);
        [("apikey", self.api_key.clone()), ("salt", salt), ("signature", signature)]
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer([redacted])")
    }
}

/// 32 random hex characters.
pub fn fresh_salt() -> String {
    random_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(target_family = "wasm")]
fn random_bytes() -> Vec<u8> {
    wasip2::random::random::get_random_bytes(16)
}

/// Natively (unit tests only; the component always runs on wasm) a salt only
/// has to differ between calls.
#[cfg(not(target_family = "wasm"))]
fn random_bytes() -> Vec<u8> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    [nanos.to_le_bytes(), n.to_le_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_base64_hmac_sha256_of_the_salt() {
        let signer = Signer::new("key", "secret-key");
        let mut mac = Hmac::<Sha256>::new_from_slice(b"secret-key").unwrap();
        mac.update(b"1234567890");
        let expected = STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(signer.signature("1234567890"), expected);
        // A fixed vector, computed independently (Python hmac; PHP: base64_encode(hash_hmac('sha256', 'abc', 'key', true))).
        assert_eq!(Signer::new("k", "key").signature("abc"), "nBluMtwBdfhvSxy4konWYZ3mvuaZ5MN45oMJ7Zehpqs=");
        let [k, s, sig] = signer.fields_with("1234567890".into());
        assert_eq!((k.0, k.1.as_str(), s.1.as_str(), sig.1), ("apikey", "key", "1234567890", expected));
    }

    #[test]
    fn salts_are_fresh_and_debug_is_redacted() {
        let (a, b) = (fresh_salt(), fresh_salt());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert_eq!(format!("{:?}", Signer::new("key", "secret-key")), "Signer([redacted])");
    }
}
