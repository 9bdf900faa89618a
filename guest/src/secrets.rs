//! The component's own credentials, known by value. Whatever builds a
//! credential (an API key, a Basic token, a signature, an OAuth token)
//! [`register`]s it where it is made; from then on that value, and every
//! encoding under which it travels or could be echoed back, is replaced by
//! `[REDACTED]`: in upstream bodies as they arrive ([`redact_bytes`], before
//! anything parses, clips or caches them) and in everything the component
//! returns ([`redact`], [`redact_json`]), errors and successful results alike.
//!
//! Patterns (`sanitize`) guess at secrets in error text; this knows them, so
//! an upstream that reflects `Authorization` or the query into a 200 body
//! cannot hand a credential to a client that holds only a readonly key.
//!
//! The registry lives as long as the instance, which the host creates per
//! call; under other runtimes it only ever grows, which only redacts more.

use std::borrow::Cow;
use std::cell::RefCell;

use memchr::memmem::Finder;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// Shortest value redacted. Shorter "secrets" are placeholders (unit tests,
/// `--demo`-style values) and would match ordinary words.
pub const MIN_LEN: usize = 8;
/// What a secret is replaced with.
pub const PLACEHOLDER: &str = "[REDACTED]";

/// What JavaScript's `encodeURIComponent` leaves alone: other clients and
/// servers percent-encode with this set rather than `NON_ALPHANUMERIC`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Finds, in a body or text, secrets a registered credential derives that this
/// instance never made itself: a Kayako salt echoed beside the signature the
/// secret key makes from it, in a cached answer to an earlier call.
pub type Deriver = Box<dyn Fn(&[u8]) -> Vec<String>>;

thread_local! {
    /// Every form of every registered secret, longest first, each with its
    /// searcher built once: building one costs more than a search, and every
    /// body and header of a call is searched for every form.
    static KNOWN: RefCell<Vec<Form>> = const { RefCell::new(Vec::new()) };
    /// Derivers by name (one per credential, however often it is built).
    static DERIVERS: RefCell<Vec<(String, Deriver)>> = const { RefCell::new(Vec::new()) };
}

/// One form of a secret and its searcher.
struct Form {
    text: String,
    finder: Finder<'static>,
}

/// Registers `deriver` under `name`, once.
pub fn register_deriver(name: &str, deriver: Deriver) {
    DERIVERS.with_borrow_mut(|all| {
        if !all.iter().any(|(n, _)| n == name) {
            all.push((name.to_owned(), deriver));
        }
    });
}

/// Registers whatever the derivers find in `bytes`.
fn derive(bytes: &[u8]) {
    let found: Vec<String> = DERIVERS.with_borrow(|all| all.iter().flat_map(|(_, d)| d(bytes)).collect());
    found.iter().for_each(|value| register(value));
}

/// Forgets every registered secret, so one fuzz input cannot slow the next.
#[cfg(fuzzing)]
pub(crate) fn forget_all() {
    KNOWN.with_borrow_mut(Vec::clear);
}

/// Registers a credential value the component sends or holds. Values shorter
/// than [`MIN_LEN`] are ignored.
pub fn register(value: &str) {
    if value.len() < MIN_LEN {
        return;
    }
    KNOWN.with_borrow_mut(|known| {
        for text in encodings(value) {
            if !known.iter().any(|f| f.text == text) {
                let finder = Finder::new(text.as_bytes()).into_owned();
                known.push(Form { text, finder });
            }
        }
        // Longest first, so a form that contains another is replaced whole.
        known.sort_by_key(|f| std::cmp::Reverse(f.text.len()));
    });
}

/// The forms a value takes on the wire or in an echo of it: as is, form- and
/// percent-encoded (upper- and lower-case hex), JSON- and XML-escaped.
fn encodings(value: &str) -> Vec<String> {
    let form: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let strict = utf8_percent_encode(value, NON_ALPHANUMERIC).to_string();
    let component = utf8_percent_encode(value, URI_COMPONENT).to_string();
    let json = serde_json::to_string(value).map(|q| q[1..q.len() - 1].to_owned()).unwrap_or_default();
    let xml = value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#039;");
    let mut forms = vec![value.to_owned(), json, xml];
    for encoded in [form, strict, component] {
        forms.push(lower_hex(&encoded));
        forms.push(encoded);
    }
    forms.retain(|f| f.len() >= MIN_LEN);
    forms.sort();
    forms.dedup();
    forms
}

/// `%2B` → `%2b`: the same percent-encoding with lower-case hex digits.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut after_percent = 0;
    for c in encoded.chars() {
        if c == '%' {
            after_percent = 2;
            out.push(c);
        } else if after_percent > 0 {
            after_percent -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with every registered secret replaced.
pub fn redact(text: &str) -> Cow<'_, str> {
    derive(text.as_bytes());
    KNOWN.with_borrow(|known| {
        let mut out = Cow::Borrowed(text);
        for form in known {
            if form.text.len() <= out.len() && form.finder.find(out.as_bytes()).is_some() {
                out = Cow::Owned(out.replace(form.text.as_str(), PLACEHOLDER));
            }
        }
        out
    })
}

/// Redacts `text` in place.
pub fn redact_string(text: &mut String) {
    if let Cow::Owned(clean) = redact(text) {
        *text = clean;
    }
}

/// Every string (and object key) of `value` with registered secrets replaced.
pub fn redact_json(value: &mut Value) {
    // One search of the serialized value instead of one per string and key.
    // Sound when no form has a character JSON escapes: a form inside a string
    // is then inside the serialized text as it is. A hit (or an escaping form)
    // takes the walk, which replaces exactly what is in the strings.
    let plain = KNOWN.with_borrow(|known| {
        known.iter().all(|f| !f.text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20))
    });
    if plain
        && let Ok(text) = serde_json::to_string(value)
        && matches!(redact(&text), Cow::Borrowed(_))
    {
        return;
    }
    walk(value);
}

fn walk(value: &mut Value) {
    match value {
        Value::String(s) => redact_string(s),
        Value::Array(items) => items.iter_mut().for_each(walk),
        Value::Object(map) => {
            let dirty: Vec<String> =
                map.keys().filter(|k| matches!(redact(k), Cow::Owned(_))).cloned().collect();
            for key in dirty {
                if let Some(v) = map.remove(&key) {
                    map.insert(redact(&key).into_owned(), v);
                }
            }
            map.values_mut().for_each(walk);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// An upstream body with registered secrets replaced, byte for byte (bodies
/// need not be UTF-8). A JSON string or XML text stays well-formed: the
/// placeholder needs no escaping.
pub fn redact_bytes(body: Vec<u8>) -> Vec<u8> {
    derive(&body);
    KNOWN.with_borrow(|known| {
        let mut body = body;
        for form in known {
            if form.text.len() > body.len() || form.finder.find(&body).is_none() {
                continue;
            }
            let mut out = Vec::with_capacity(body.len());
            let mut rest = 0;
            for at in form.finder.find_iter(&body) {
                out.extend_from_slice(&body[rest..at]);
                out.extend_from_slice(PLACEHOLDER.as_bytes());
                rest = at + form.text.len();
            }
            out.extend_from_slice(&body[rest..]);
            body = out;
        }
        body
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;

    #[test]
    fn every_encoding_of_a_registered_value_is_redacted() {
        let key = "k3y/with+odd=chars&\"q\"";
        register(key);
        let encoded: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
        let json = serde_json::to_string(key).unwrap();
        for text in [
            format!("raw {key} end"),
            format!("query ?apikey={encoded}&x=1"),
            format!("lower {}", lower_hex(&encoded)),
            format!("json {json}"),
            format!("strict {}", utf8_percent_encode(key, NON_ALPHANUMERIC)),
            "xml k3y/with+odd=chars&amp;&quot;q&quot;".to_owned(),
        ] {
            let out = redact(&text);
            assert!(out.contains(PLACEHOLDER), "{text} -> {out}");
            assert!(!out.contains("odd"), "{text} -> {out}");
        }
    }

    #[test]
    fn a_basic_token_is_redacted_bare_quoted_and_prefixed() {
        let token = STANDARD.encode("api@acme.test:sk_0123456789abcdef");
        register(&token);
        register("sk_0123456789abcdef");
        for text in [
            token.clone(),
            format!("\"{token}\""),
            format!("Basic:{token}"),
            format!("Authorization: Basic {token}"),
            "API-Key: sk_0123456789abcdef".to_owned(),
            "user api@acme.test:sk_0123456789abcdef".to_owned(),
        ] {
            let out = redact(&text);
            assert!(!out.contains(&token) && !out.contains("0123456789abcdef"), "{text} -> {out}");
        }
        assert_eq!(redact("api@acme.test is the user"), "api@acme.test is the user");
    }

    #[test]
    fn bodies_and_json_are_redacted_and_stay_well_formed() {
        register("s3cr3t-value-42");
        let body = br#"{"msg":"echo s3cr3t-value-42 and s3cr3t-value-42","k":1}"#.to_vec();
        let clean = redact_bytes(body);
        let v: Value = serde_json::from_slice(&clean).unwrap();
        assert_eq!(v["msg"], "echo [REDACTED] and [REDACTED]");
        let mut v = serde_json::json!({ "a": ["x s3cr3t-value-42"], "s3cr3t-value-42": true });
        redact_json(&mut v);
        assert_eq!(v, serde_json::json!({ "a": ["x [REDACTED]"], "[REDACTED]": true }));
        let latin1 = b"\xe9 s3cr3t-value-42 \xff".to_vec();
        assert_eq!(redact_bytes(latin1), b"\xe9 [REDACTED] \xff".to_vec());
    }

    #[test]
    fn json_values_are_searched_whole_but_redacted_string_by_string() {
        register("plain-secret-99");
        let clean = serde_json::json!({ "tags": [{ "name": "vip", "n": 3 }], "note": "nothing here" });
        let mut v = clean.clone();
        redact_json(&mut v);
        assert_eq!(v, clean, "a value without secrets is left alone");
        // A hit that spans keys and values is not a secret in any one string.
        let mut spanning = serde_json::json!({ "plain-": "secret-99" });
        redact_json(&mut spanning);
        assert_eq!(spanning, serde_json::json!({ "plain-": "secret-99" }));
        // A secret JSON escapes, echoed as its escaped text inside a string.
        register("quo\"ted-secret-7");
        let mut echoed =
            serde_json::json!({ "body": "sent {\"k\":\"quo\\\"ted-secret-7\"}", "raw": "quo\"ted-secret-7" });
        redact_json(&mut echoed);
        assert_eq!(echoed, serde_json::json!({ "body": "sent {\"k\":\"[REDACTED]\"}", "raw": "[REDACTED]" }));
    }

    #[test]
    fn derived_secrets_are_found_and_redacted() {
        register_deriver(
            "test",
            Box::new(|bytes: &[u8]| {
                if String::from_utf8_lossy(bytes).contains("nonce-1234") {
                    vec!["nonce-1234".to_owned(), "proof-5678".to_owned()]
                } else {
                    Vec::new()
                }
            }),
        );
        assert_eq!(redact("nonce-1234 proof-5678"), "[REDACTED] [REDACTED]");
        assert_eq!(redact_bytes(b"again proof-5678".to_vec()), b"again [REDACTED]".to_vec());
    }

    #[test]
    fn short_values_are_not_registered() {
        register("key");
        assert_eq!(redact("a key to the monkey"), "a key to the monkey");
    }
}
