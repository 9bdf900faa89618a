//! Open Help Desk's error envelope `{"error":{"code","message"}}` and JSON answers; the
//! shared faults speak it through [`Dialect`].

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::control::faults::{Dialect, typed};

/// An API error: status, machine code and message.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into() }
    }

    pub(crate) fn unauthorized(message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub(crate) fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "insufficient permissions")
    }

    pub(crate) fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "resource not found")
    }

    pub(crate) fn invalid_id(what: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_id", format!("invalid {what}"))
    }

    pub(crate) fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "validation_error", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &envelope(self.code, &self.message))
    }
}

fn envelope(code: &str, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

/// A JSON answer.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// The code a fault without a body sends for `status`.
fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        429 => "rate_limited",
        _ => "internal_error",
    }
}

/// Faults in Open Help Desk's words.
pub(crate) struct Json;

impl Dialect for Json {
    fn status(&self, status: StatusCode, body: Option<String>) -> Response {
        let body = body.unwrap_or_else(|| {
            envelope(code_for(status), status.canonical_reason().unwrap_or("error")).to_string()
        });
        typed(status, body, "application/json")
    }

    fn huge(&self, _path: &str, bytes: usize) -> Response {
        let one = json!({"id": "01J0000000000000000000000", "subject": "x".repeat(200)}).to_string();
        let n = bytes / one.len() + 1;
        let data = vec![one; n].join(",");
        typed(
            StatusCode::OK,
            format!("{{\"data\":[{data}],\"total\":{n},\"limit\":100,\"offset\":0}}"),
            "application/json",
        )
    }

    fn content_type(&self) -> &'static str {
        "application/json"
    }

    fn error_text(&self, message: &str) -> String {
        envelope("internal_error", message).to_string()
    }

    fn reflect(&self, body: &[u8], echo: &str) -> Vec<u8> {
        let mut value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        if let Some(s) = value.get_mut("subject") {
            *s = Value::String(format!("{} {echo}", s.as_str().unwrap_or_default()));
        }
        value.to_string().into_bytes()
    }
}
