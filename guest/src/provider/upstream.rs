//! A provider's connection to its API, the same for every provider: requests
//! addressed to the configured origin with the product's user agent, sending
//! (batches in flight together; writes through [`super::write`]), JSON
//! decoding that never quotes a body, and the answers every API gives the same
//! meaning (429 with Retry-After, redirects).

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::api_url::ApiUrl;
use crate::http::{HttpError, Method, Request, Response, Transport, retry};
use crate::tool::ToolError;

/// Reference lists (agents, teams, statuses...) may be cached this long by a caching host.
pub const REFERENCE_MAX_AGE: u64 = 600;

/// What a request is about, for "not found" messages.
#[derive(Clone, Debug)]
pub struct Subject {
    /// "Ticket 4521".
    pub what: String,
    /// What to do when it does not exist.
    pub hint: &'static str,
}

impl Subject {
    /// The resource a raw `call_api` request named.
    pub fn raw(path: &str) -> Self {
        Self {
            what: format!("The resource at {path}"),
            hint: "Check the ids in params (list_api_endpoints shows what each operation takes).",
        }
    }
}

/// The API's address and the transport that reaches it.
pub struct Upstream {
    /// Where the API is; `path` is its root.
    pub url: ApiUrl,
    transport: Box<dyn Transport>,
}

impl Upstream {
    /// A connection to `url` over `transport`.
    pub fn new(url: ApiUrl, transport: Box<dyn Transport>) -> Self {
        Self { url, transport }
    }

    /// A request to `path_and_query` (already encoded, absolute) with the
    /// product's user agent added to `headers`.
    pub fn request(
        &self,
        method: Method,
        path_and_query: String,
        mut headers: Vec<(&'static str, String)>,
        body: Option<Vec<u8>>,
        idempotent: bool,
    ) -> Request {
        headers.push(("user-agent", user_agent()));
        Request {
            method,
            scheme: self.url.scheme,
            authority: self.url.authority.clone(),
            path_and_query,
            headers,
            body,
            idempotent,
        }
    }

    /// Sends one request.
    pub fn send(&self, request: Request) -> Result<Response, HttpError> {
        self.transport.send(request)
    }

    /// Sends requests concurrently.
    pub fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        self.transport.send_all(requests)
    }

    /// Sends a write (see [`super::write`]): never resent once it may have
    /// arrived, and an unconfirmed outcome is said to be unknown.
    pub fn send_write(&self, request: Request, action: &str, check: &str) -> Result<Response, ToolError> {
        super::write::send_write(self.transport.as_ref(), request, action, check)
    }
}

/// Marks a request as reference data a caching host may keep for [`REFERENCE_MAX_AGE`].
pub fn cacheable(mut request: Request) -> Request {
    request.headers.push(("cache-control", format!("max-age={REFERENCE_MAX_AGE}")));
    request
}

/// `helpdesk-mcp/<version> (+wasm32-wasip2)`.
pub fn user_agent() -> String {
    format!("helpdesk-mcp/{} (+wasm32-wasip2)", env!("CARGO_PKG_VERSION"))
}

/// Decodes a 2xx JSON body into `T`; any other status goes to `failure`.
/// A shape error names the position only: serde's message can quote values.
pub fn decode_json<T: DeserializeOwned>(
    result: Result<Response, HttpError>,
    subject: &Subject,
    failure: impl FnOnce(&Response, &Subject) -> ToolError,
) -> Result<T, ToolError> {
    let response = result?;
    if !response.is_success() {
        return Err(failure(&response, subject));
    }
    serde_json::from_slice(&response.body).map_err(|e| ToolError::InvalidResponse {
        detail: format!(
            "HTTP {} for {}: unexpected JSON at line {} column {}",
            response.status,
            subject.what,
            e.line(),
            e.column()
        ),
    })
}

/// The body of a raw `call_api` answer: `null` when empty, the JSON when it
/// is JSON, else `other` (a provider's own reading), else the text clipped.
pub fn raw_body(body: &[u8], other: impl FnOnce(&[u8]) -> Option<Value>) -> Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    serde_json::from_slice(body)
        .ok()
        .or_else(|| other(body))
        .unwrap_or_else(|| Value::String(crate::text::clip(&String::from_utf8_lossy(body), 2_000).0))
}

/// The error for a 429: when to retry (from Retry-After) and, if the API
/// reports it in `usage_header`, how much of the limit is used.
pub fn rate_limited(response: &Response, usage_header: Option<&str>) -> ToolError {
    ToolError::RateLimited {
        retry_after: response
            .header("retry-after")
            .and_then(|v| retry::parse_retry_after(v, crate::clock::now())),
        usage: usage_header.and_then(|h| response.header(h)).map(|u| crate::text::clip(u, 20).0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("retry-after".into(), "7".into()), ("x-usage".into(), "40/40".into())],
            body: body.as_bytes().to_vec(),
            retried: Vec::new(),
        }
    }

    #[test]
    fn shape_errors_never_quote_the_body() {
        let r: Result<Vec<u32>, _> =
            decode_json(Ok(response(200, r#"["private text"]"#)), &Subject::raw("/x"), |_, _| {
                ToolError::InvalidResponse { detail: String::new() }
            });
        let e = r.unwrap_err().to_string();
        assert!(e.contains("column") && !e.contains("private text"), "{e}");
    }

    #[test]
    fn raw_bodies_are_json_or_clipped_text() {
        assert_eq!(raw_body(b"  ", |_| None), Value::Null);
        assert_eq!(raw_body(br#"{"a":1}"#, |_| None), serde_json::json!({"a": 1}));
        assert_eq!(raw_body(b"<x/>", |_| Some(Value::Bool(true))), Value::Bool(true));
        assert_eq!(raw_body(b"plain", |_| None), Value::String("plain".into()));
    }

    #[test]
    fn rate_limits_carry_retry_after_and_usage() {
        let e = rate_limited(&response(429, ""), Some("x-usage")).to_string();
        assert!(e.contains("Wait 7 s") && e.contains("40/40"), "{e}");
    }
}
