//! Tickiti's answers: the `{"ok": true, "data": ...}` envelope, Laravel-shaped errors
//! (`message`, `error`, and `errors` by field for 422), and the fault dialect.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::control::faults::Dialect;

/// 200 with `data` in the envelope.
pub(crate) fn ok(data: Value) -> Response {
    json_response(StatusCode::OK, &json!({ "ok": true, "data": data }))
}

/// 201 with `data` in the envelope (a created record).
pub(crate) fn created(data: Value) -> Response {
    json_response(StatusCode::CREATED, &json!({ "ok": true, "data": data }))
}

/// An error: `{"ok": false, "error": code, "message": message, ...extra}`.
pub(crate) fn error(status: StatusCode, code: &str, message: &str, extra: Option<(&str, Value)>) -> Response {
    let mut body = json!({ "ok": false, "error": code, "message": message });
    if let (Some((k, v)), Some(map)) = (extra, body.as_object_mut()) {
        map.insert(k.to_owned(), v);
    }
    json_response(status, &body)
}

/// 422 `validation_failed` with every problem by field, as Laravel's validator reports them.
pub(crate) fn invalid(problems: &[(String, String)]) -> Response {
    let mut errors = Map::new();
    for (field, message) in problems {
        let entry = errors.entry(field.clone()).or_insert_with(|| Value::Array(vec![]));
        if let Value::Array(list) = entry {
            list.push(Value::String(message.clone()));
        }
    }
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        "The given data was invalid.",
        Some(("errors", Value::Object(errors))),
    )
}

/// 422 for one field.
pub(crate) fn invalid_field(field: &str, message: &str) -> Response {
    invalid(&[(field.to_owned(), message.to_owned())])
}

/// 404 for a record.
pub(crate) fn not_found(what: &str) -> Response {
    error(StatusCode::NOT_FOUND, "not_found", &format!("{what} not found."), None)
}

/// A JSON response.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// The documented body for an error status.
fn documented(status: StatusCode) -> Value {
    let (code, message) = match status.as_u16() {
        401 => ("unauthenticated", "Unauthenticated."),
        403 => ("forbidden", "This action is unauthorized."),
        404 => ("not_found", "Not found."),
        409 => ("idempotency_key_conflict", "The idempotency key was used with a different payload."),
        422 => ("validation_failed", "The given data was invalid."),
        429 => ("too_many_requests", "Too Many Attempts."),
        503 => ("service_unavailable", "Service Unavailable."),
        _ => ("server_error", "Server Error"),
    };
    json!({ "ok": false, "error": code, "message": message })
}

/// The fault dialect: JSON bodies in Tickiti's error shape.
pub(crate) struct Json;

impl Dialect for Json {
    fn status(&self, status: StatusCode, body: Option<String>) -> Response {
        match body {
            Some(b) => {
                let mut resp = (status, b).into_response();
                resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                resp
            }
            None => json_response(status, &documented(status)),
        }
    }

    fn huge(&self, _path: &str, bytes: usize) -> Response {
        let row = json!({ "ticket_number": "220009", "subject": "x".repeat(1000) });
        let rows: Vec<Value> = (0..bytes / 1000 + 1).map(|_| row.clone()).collect();
        ok(json!({ "rows": rows, "page": 1, "per_page": rows.len(), "total": rows.len(), "last_page": 1 }))
    }

    fn content_type(&self) -> &'static str {
        "application/json"
    }

    fn error_text(&self, message: &str) -> String {
        json!({ "ok": false, "error": "server_error", "message": message }).to_string()
    }

    /// Appends the echo to every `subject`, `html` and `plain_text` string.
    fn reflect(&self, body: &[u8], echo: &str) -> Vec<u8> {
        fn walk(v: &mut Value, echo: &str) {
            match v {
                Value::Object(map) => {
                    for (k, child) in map.iter_mut() {
                        match child {
                            Value::String(s) if matches!(k.as_str(), "subject" | "html" | "plain_text") => {
                                s.push(' ');
                                s.push_str(echo);
                            }
                            other => walk(other, echo),
                        }
                    }
                }
                Value::Array(items) => items.iter_mut().for_each(|i| walk(i, echo)),
                _ => {}
            }
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(mut v) => {
                walk(&mut v, echo);
                v.to_string().into_bytes()
            }
            Err(_) => body.to_vec(),
        }
    }
}
