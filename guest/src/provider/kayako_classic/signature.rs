//! The only place Kayako credentials touch a request. Each request carries
//! `apikey`, a fresh random `salt` and `signature = base64(HMAC-SHA256(secret,
//! salt))` (classichelp.kayako.com "Kayako REST API"); the secret itself is
//! never sent. Salts come from `wasi:random` on wasm. Every value here is
//! registered with `secrets`, so an echo of the query cannot pass it on.

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
        crate::secrets::register(api_key);
        crate::secrets::register(secret);
        let signer = Self { api_key: api_key.to_owned(), secret: secret.to_owned() };
        // A salt and signature pair from an earlier call (say, in a cached
        // answer that echoed its query) is recognised by recomputing it.
        let deriving = signer.clone();
        crate::secrets::register_deriver(
            &format!("kayako-signature:{api_key}"),
            Box::new(move |bytes| deriving.echoed_pairs(bytes)),
        );
        signer
    }

    /// Salts of the shape this signer makes, labelled `salt` as an echo of a
    /// query or form labels them, that appear in `bytes` together with their
    /// signature (as is or form-encoded); and those signatures. Only labelled
    /// runs are tried, so a body full of hex costs one pass, not one per run.
    fn echoed_pairs(&self, bytes: &[u8]) -> Vec<String> {
        let mut found = Vec::new();
        for salt in salts_in(bytes) {
            let signature = self.signature(salt);
            let encoded: String = form_urlencoded::byte_serialize(signature.as_bytes()).collect();
            let present = |needle: &str| memchr::memmem::find(bytes, needle.as_bytes()).is_some();
            if present(&signature) || present(&encoded) {
                found.push(salt.to_owned());
                found.push(signature);
            }
        }
        found
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
        // Together with the key, a salt and its signature replay the request.
        crate::secrets::register(&salt);
        crate::secrets::register(&signature);
        [("apikey", self.api_key.clone()), ("salt", salt), ("signature", signature)]
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer([redacted])")
    }
}

/// Length of a salt: 16 random bytes in hex.
const SALT_LEN: usize = 32;

/// Runs of exactly [`SALT_LEN`] lower-case hex digits in `bytes` with `salt`
/// (any case) in the 8 bytes before them (`salt=`, `"salt":"`, `salt%3D`).
/// Labels are found first, so a body without one costs a `memchr` pass.
fn salts_in(bytes: &[u8]) -> impl Iterator<Item = &str> {
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut starts: Vec<usize> = memchr::memchr2_iter(b's', b'S', bytes)
        .filter(|&p| bytes.get(p..p + 4).is_some_and(|w| w.eq_ignore_ascii_case(b"salt")))
        .flat_map(|p| p + 4..=p + 8)
        .filter(|&at| bytes.get(at).is_some_and(|&b| is_hex(b)) && (at == 0 || !is_hex(bytes[at - 1])))
        .collect();
    starts.dedup();
    starts.into_iter().filter_map(move |at| {
        let run = &bytes[at..];
        let len = run.iter().position(|&b| !is_hex(b)).unwrap_or(run.len());
        (len == SALT_LEN).then(|| std::str::from_utf8(&run[..len]).ok()).flatten()
    })
}

/// 32 random hex characters.
pub fn fresh_salt() -> String {
    crate::random::bytes(16).iter().map(|b| format!("{b:02x}")).collect()
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
    fn an_echoed_pair_from_another_call_is_recognised() {
        let signer = Signer::new("key-for-pairs", "secret-for-pairs");
        let salt = "0123456789abcdef0123456789abcdef";
        let signature = signer.signature(salt);
        let encoded: String = form_urlencoded::byte_serialize(signature.as_bytes()).collect();
        let echo = format!("query salt={salt}&signature={encoded}");
        assert_eq!(signer.echoed_pairs(echo.as_bytes()), [salt.to_owned(), signature.clone()]);
        let clean = crate::secrets::redact(&echo);
        assert!(!clean.contains(salt) && !clean.contains(&encoded), "{clean}");
        // A hex string is not a salt unless labelled so and its signature is there too.
        assert!(signer.echoed_pairs(format!("md5 {salt} {signature}").as_bytes()).is_empty());
        assert!(signer.echoed_pairs(format!("salt={salt}").as_bytes()).is_empty());
    }

    #[test]
    fn salts_are_found_only_as_whole_labelled_runs() {
        let salt = "0123456789abcdef0123456789abcdef";
        let found = |text: String| salts_in(text.as_bytes()).map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(found(format!("salt={salt}")), [salt]);
        assert_eq!(found(format!("{{\"SALT\": \"{salt}\"}}")), [salt]);
        assert_eq!(found(format!("salt%3D{salt}&salt={salt}")), [salt, salt]);
        assert_eq!(found(format!("salt____{salt}")), [salt], "label 8 bytes before");
        assert!(found(format!("salt_____{salt}")).is_empty(), "label 9 bytes before");
        assert!(found(format!("salt={salt}0")).is_empty(), "a longer run");
        assert!(found(format!("salt=0{salt}")).is_empty(), "a longer run");
        assert!(found(format!("salt={}", &salt[1..])).is_empty(), "a shorter run");
        assert!(found("salt".to_owned()).is_empty() && found("sal".to_owned()).is_empty());
    }

    #[test]
    fn salts_are_fresh_and_debug_is_redacted() {
        let (a, b) = (fresh_salt(), fresh_salt());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert_eq!(format!("{:?}", Signer::new("key", "secret-key")), "Signer([redacted])");
    }
}
