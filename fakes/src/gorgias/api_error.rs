//! Gorgias-shaped error responses: `{"error":{"msg":"...","data":{field:[msgs]}?}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The 404 message Gorgias uses for missing resources and unknown routes.
pub(crate) const NOT_FOUND_MSG: &str = "Resource not found.";

/// An error a handler returns; renders exactly like the real API's error envelope.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    msg: String,
    data: Option<Value>,
}

impl ApiError {
    /// Any status with a plain message.
    pub(crate) fn new(status: StatusCode, msg: impl Into<String>) -> Self {
        Self { status, msg: msg.into(), data: None }
    }

    /// 404 `Resource not found.`
    pub(crate) fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, NOT_FOUND_MSG)
    }

    /// 400 with a message only, as used for query-parameter errors (`limit: Must be at most 100`).
    pub(crate) fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, msg)
    }

    /// 400 for a body field, with the `data` map validation errors carry.
    pub(crate) fn invalid_field(field: &str, reason: &str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            msg: format!("{field}: {reason}"),
            data: Some(json!({ field: [reason] })),
        }
    }

    /// 400 with a summary message and one `data` entry per offending field.
    pub(crate) fn invalid_fields(msg: impl Into<String>, fields: &[(String, String)]) -> Self {
        let mut data = serde_json::Map::new();
        for (field, reason) in fields {
            let entry = data.entry(field.clone()).or_insert_with(|| json!([]));
            if let Value::Array(list) = entry {
                list.push(Value::from(reason.as_str()));
            }
        }
        Self { status: StatusCode::BAD_REQUEST, msg: msg.into(), data: Some(Value::Object(data)) }
    }

    /// 409 `The resource already exists.` (duplicate tag name or customer email).
    pub(crate) fn conflict() -> Self {
        Self::new(StatusCode::CONFLICT, "The resource already exists.")
    }

    /// The HTTP status, for tests and logging.
    #[cfg(test)]
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "msg": self.msg });
        if let Some(data) = self.data {
            error["data"] = data;
        }
        json_response(self.status, &json!({ "error": error }))
    }
}

/// An error body for a status and message, for responses built outside handlers.
pub(crate) fn error_response(status: StatusCode, msg: &str) -> Response {
    json_response(status, &json!({ "error": { "msg": msg } }))
}

/// A JSON response with the content type every Gorgias answer carries.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    raw_json_response(status, body.to_string())
}

/// A response whose body is already serialised (or deliberately broken) JSON.
pub(crate) fn raw_json_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}
