//! How shared faults look on Gorgias: `{"error":{"msg":..}}` errors and JSON list envelopes.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::api_error::{error_response, raw_json_response};
use crate::control::faults::Dialect;

/// The Gorgias [`Dialect`].
pub(crate) struct Json;

impl Dialect for Json {
    fn status(&self, status: StatusCode, body: Option<String>) -> Response {
        match body {
            Some(b) => raw_json_response(status, b),
            None => error_response(status, documented_message(status.as_u16())),
        }
    }

    fn huge(&self, path: &str, bytes: usize) -> Response {
        raw_json_response(StatusCode::OK, huge_body(path, bytes))
    }

    fn content_type(&self) -> &'static str {
        "application/json"
    }

    fn error_text(&self, message: &str) -> String {
        json!({ "error": { "msg": message } }).to_string()
    }

    fn reflect(&self, body: &[u8], echo: &str) -> Vec<u8> {
        match serde_json::from_slice::<Value>(body) {
            Ok(mut value) => {
                append_to_text_fields(&mut value, echo);
                value.to_string().into_bytes()
            }
            Err(_) => body.to_vec(),
        }
    }
}

/// Fields a reflected echo is appended to: what tools show of a ticket and its messages.
const TEXT_FIELDS: &[&str] = &["subject", "body_text", "stripped_text", "excerpt"];

fn append_to_text_fields(value: &mut Value, echo: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if TEXT_FIELDS.contains(&key.as_str()) => {
                        s.push(' ');
                        s.push_str(echo);
                    }
                    other => append_to_text_fields(other, echo),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| append_to_text_fields(v, echo)),
        _ => {}
    }
}

/// The message real Gorgias sends with each status, used when a fault has no explicit body.
pub(crate) fn documented_message(code: u16) -> &'static str {
    match code {
        400 => "Bad request.",
        401 => "Authentication failed: invalid email or API key.",
        403 => "You do not have the permission to perform this action.",
        404 => "Resource not found.",
        405 => "The specified HTTP method is not allowed.",
        409 => "The resource already exists.",
        429 => "Too many requests.",
        500 => "Internal server error.",
        502 => "Bad gateway.",
        503 => "An external service had an issue.",
        504 => "Gateway timeout.",
        _ => "An unexpected error occurred.",
    }
}

/// A list envelope padded with one huge string so it totals `bytes` (or its minimum size).
pub(crate) fn huge_body(path: &str, bytes: usize) -> String {
    let frame = |blob: &str| {
        json!({
            "object": "list",
            "uri": path,
            "data": [{ "id": 1, "blob": blob }],
            "meta": { "prev_cursor": null, "next_cursor": null, "total_resources": 1 },
        })
        .to_string()
    };
    let overhead = frame("").len();
    frame(&"x".repeat(bytes.saturating_sub(overhead)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_body_is_valid_json_of_the_requested_size() {
        let body = huge_body("/api/tickets", 100_000);
        assert_eq!(body.len(), 100_000);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["object"], "list");
        assert!(serde_json::from_str::<serde_json::Value>(&huge_body("/x", 3)).is_ok());
    }
}
