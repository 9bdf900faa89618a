//! The redactor and the text cleaners every upstream string passes through:
//! `secrets::redact`/`redact_bytes`/`redact_json`, `sanitize::text`,
//! `text::html_to_text`, `decode_entities`, `strip_quoted`, `tidy`, `clip`.
//! Input: a would-be secret (up to the first NUL), then text. A registered
//! alphanumeric secret of 8+ characters never survives redaction.
#![no_main]

use helpdesk_guest::{sanitize, secrets, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let (secret, body) = data.split_once('\0').unwrap_or(("", data));
    helpdesk_guest::fuzz::forget_secrets();
    secrets::register(secret);
    let checked = secret.len() >= secrets::MIN_LEN
        && secret.chars().all(|c| c.is_ascii_alphanumeric())
        && !secrets::PLACEHOLDER.contains(secret);
    let out = secrets::redact(body);
    let bytes = secrets::redact_bytes(body.as_bytes().to_vec());
    if checked {
        assert!(!out.contains(secret), "redact left the secret");
        assert!(!String::from_utf8_lossy(&bytes).contains(secret), "redact_bytes left the secret");
    }
    if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(body) {
        secrets::redact_json(&mut v);
        if checked {
            assert!(!v.to_string().contains(secret), "redact_json left the secret");
        }
    }
    let _ = sanitize::text(body);
    let plain = text::html_to_text(body);
    let _ = text::decode_entities(body);
    let _ = text::strip_quoted(&plain);
    let _ = text::tidy(&plain);
    let _ = text::one_line(body);
    let _ = text::text_to_html(body);
    let max = body.chars().count() / 2;
    let (clipped, _) = text::clip(body, max);
    assert!(clipped.chars().count() <= max, "clip is longer than its limit");
});
