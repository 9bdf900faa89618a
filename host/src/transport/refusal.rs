//! Requests the [`guard`](super::guard) answers itself: an HTTP status with a
//! JSON-RPC error body, as MCP clients expect, never plain text.

use axum::body::Body;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};

/// A refused request: status, JSON-RPC error code and message.
pub struct Refusal {
    /// HTTP status.
    pub status: StatusCode,
    code: i32,
    message: String,
    challenge: Option<&'static str>,
    /// Close the connection after answering: the body was not read.
    close: bool,
}

impl Refusal {
    /// A refusal with a JSON-RPC error code.
    pub fn new(status: StatusCode, code: i32, message: String) -> Self {
        Self { status, code, message, challenge: None, close: false }
    }

    /// 403: Host or Origin not allowed.
    pub fn forbidden(message: String) -> Self {
        Self::new(StatusCode::FORBIDDEN, -32000, format!("Forbidden: {message}"))
    }

    /// An HTTP-level problem with the request (-32600).
    pub fn status(status: StatusCode, message: &str) -> Self {
        Self::new(status, -32600, message.to_owned())
    }

    /// 401 with a `WWW-Authenticate` challenge.
    pub fn unauthorized(error: &'static str, message: &str) -> Self {
        let challenge = if error == "invalid_token" {
            r#"Bearer realm="helpdesk-mcp", error="invalid_token""#
        } else {
            r#"Bearer realm="helpdesk-mcp""#
        };
        Self {
            challenge: Some(challenge),
            ..Self::new(StatusCode::UNAUTHORIZED, -32001, format!("Unauthorized: {message}"))
        }
    }

    /// 404 for a session that ended, never existed or is another client's:
    /// all three look the same, so session ids cannot be probed.
    pub fn no_session() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            -32001,
            "Session not found: it ended or never existed; send initialize to start a new one".to_owned(),
        )
    }

    /// 413 for a body over `limit` bytes.
    pub fn too_large(limit: usize) -> Self {
        Self::status(StatusCode::PAYLOAD_TOO_LARGE, &format!("Payload Too Large: the limit is {limit} bytes"))
            .closing()
    }

    /// Closes the connection after the answer (the body was left unread).
    #[must_use]
    pub fn closing(mut self) -> Self {
        self.close = true;
        self
    }

    /// The answer, with a null id.
    pub fn into_response(self) -> Response {
        self.respond(serde_json::Value::Null)
    }

    /// The answer to the request with this id.
    pub fn respond(self, id: serde_json::Value) -> Response {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": self.code, "message": self.message },
        });
        let mut response = Response::new(Body::from(body.to_string()));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(challenge) = self.challenge {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        if self.close {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}
