//! The component's only way out: HTTP requests to the helpdesk over `wasi:http`.
//!
//! Providers build [`Request`]s and hand a batch to a [`Transport`], which keeps
//! them all in flight at once (a fan-out costs one round trip, not N), applies the
//! timeouts, retries what [`retry`] allows, and caps response bodies. On wasm the
//! transport is `wasi::WasiTransport`; unit tests script one.

pub mod error;
pub mod journal;
pub mod retry;
#[cfg(target_family = "wasm")]
pub mod wasi;

use std::fmt;
use std::time::Duration;

pub use error::{ConnectFailure, HttpError, TimeoutPhase};
pub use journal::Journal;

/// HTTP methods the providers use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// Whether a URL is `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP (loopback only; the config layer refuses it elsewhere).
    Http,
    /// HTTPS.
    Https,
}

/// One outgoing request. `Debug` shows method and path only: header values may
/// hold credentials and must never reach a log or an error message.
#[derive(Clone)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Scheme of the helpdesk origin.
    pub scheme: Scheme,
    /// `host[:port]` of the helpdesk origin.
    pub authority: String,
    /// Path and query, already percent-encoded.
    pub path_and_query: String,
    /// Headers; values may be secret.
    pub headers: Vec<(&'static str, String)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// Whether sending it twice is harmless. Only idempotent requests are retried
    /// after they may have reached the server (5xx, reset connections).
    pub idempotent: bool,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path_and_query.split('?').next().unwrap_or_default();
        write!(f, "{} {}", self.method.as_str(), path)
    }
}

/// Marks a POST or PUT that only reads (searches, reports), so a caching host
/// does not treat it as a write that makes cached data stale. Our host removes
/// it before the request leaves; elsewhere it is an ignored extra header.
pub const READ_ONLY_HEADER: &str = "x-helpdesk-read-only";

/// Marks a write that changes no reference data (a reply, a new ticket, a status
/// change), so a caching host keeps the lists it holds (agents, statuses,
/// categories...) instead of fetching them all again on the next call. Only a
/// provider that knows its reference lists sets it; our host removes it before
/// the request leaves, elsewhere it is an ignored extra header.
pub const KEEPS_REFERENCE_HEADER: &str = "x-helpdesk-keeps-reference";

impl Request {
    /// Marks this request as a read sent with a write method (safe to retry,
    /// changes nothing).
    pub fn read_only(mut self) -> Self {
        self.idempotent = true;
        if self.method != Method::Get {
            self.headers.push((READ_ONLY_HEADER, "1".to_owned()));
        }
        self
    }

    /// Marks this write as one that changes no reference data a host may cache.
    pub fn keeps_reference(mut self) -> Self {
        self.headers.push((KEEPS_REFERENCE_HEADER, "1".to_owned()));
        self
    }

    /// The path without its query, for messages and logs.
    pub fn path(&self) -> &str {
        self.path_and_query.split('?').next().unwrap_or_default()
    }
}

/// A complete response: status, headers (names lower-cased) and the whole body.
#[derive(Clone, Debug, Default)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, at most the configured cap.
    pub body: Vec<u8>,
    /// Why earlier tries of this request were not kept (empty: first try).
    pub retried: Vec<Retried>,
}

/// Why a try of a request was sent again, for the note a result carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retried {
    /// No answer within the try's own deadline.
    TimedOut(Duration),
    /// The helpdesk answered with this 5xx status.
    ServerError(u16),
    /// The helpdesk answered 429.
    RateLimited,
    /// The connection failed or dropped.
    Connection,
    /// The answer could not be decoded; asked again with `Cache-Control: no-cache`.
    Malformed,
}

impl Retried {
    /// What happened, in words ("did not answer within 10 s").
    pub fn describe(self) -> String {
        match self {
            Retried::TimedOut(d) => format!("did not answer within {} s", d.as_secs_f64().ceil()),
            Retried::ServerError(code) => format!("answered HTTP {code}"),
            Retried::RateLimited => "was rate-limited (HTTP 429)".to_owned(),
            Retried::Connection => "dropped the connection".to_owned(),
            Retried::Malformed => "sent an answer that could not be read".to_owned(),
        }
    }
}

impl Response {
    /// First value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Timeouts and caps for one tool call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time from sending the request to the first byte of the response.
    pub first_byte_timeout: Duration,
    /// Longest silence while the response body streams in.
    pub between_bytes_timeout: Duration,
    /// Largest response body accepted.
    pub max_body_bytes: usize,
    /// Budget of the whole call: no request starts, waits or retries past it.
    pub budget: Duration,
    /// Deadline of each phase (connect, first byte, silence between body
    /// bytes) of one try of an idempotent request. Well under the budget, so
    /// one hung request costs one try, not the whole call: the try is
    /// abandoned and sent again.
    pub attempt_timeout: Duration,
}

impl Limits {
    /// Limits for a call with `budget` and a body cap; per-phase timeouts never
    /// exceed the budget. A try of a read gets a third of the budget (10 s of
    /// the default 30 s, at least 1 s), leaving room for two more.
    pub fn new(budget: Duration, max_body_bytes: usize) -> Self {
        Self {
            connect_timeout: budget.min(Duration::from_secs(10)),
            first_byte_timeout: budget.min(Duration::from_secs(25)),
            between_bytes_timeout: budget.min(Duration::from_secs(10)),
            max_body_bytes,
            budget,
            attempt_timeout: (budget / 3).max(Duration::from_secs(1)).min(budget),
        }
    }

    /// The same limits with another deadline per try (never past the budget).
    pub fn with_attempt_timeout(mut self, attempt: Duration) -> Self {
        self.attempt_timeout = attempt.min(self.budget);
        self
    }
}

/// Whether a successful answer's body is well-formed for its content type
/// (JSON or XML; other types and empty bodies are not checked). A body that
/// is not is worth asking for once more, bypassing caches: a truncated or
/// garbled answer must never be served again from a host's cache.
pub fn well_formed(response: &Response) -> bool {
    if !response.is_success() || response.body.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    let kind = response.header("content-type").unwrap_or_default().to_ascii_lowercase();
    if kind.contains("json") {
        serde_json::from_slice::<serde::de::IgnoredAny>(&response.body).is_ok()
    } else if kind.contains("xml") {
        crate::provider::kayako_classic::xml::check(&response.body).is_ok()
    } else {
        true
    }
}

/// Sends batches of requests; every request in a batch is in flight at once.
pub trait Transport {
    /// Sends every request concurrently; results come back in the same order.
    fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>>;

    /// Sends one request.
    fn send(&self, request: Request) -> Result<Response, HttpError> {
        self.send_all(vec![request]).pop().unwrap_or(Err(HttpError::Protocol("no response")))
    }
}

/// The host part of an `authority` (`host`, `host:port`, `[v6]:port`).
pub fn host_of(authority: &str) -> &str {
    match authority.find(']') {
        Some(end) => &authority[..=end],
        None => authority.split(':').next().unwrap_or(authority),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_of_strips_ports_and_keeps_ipv6_brackets() {
        assert_eq!(host_of("acme.gorgias.com"), "acme.gorgias.com");
        assert_eq!(host_of("127.0.0.1:8125"), "127.0.0.1");
        assert_eq!(host_of("[::1]:8125"), "[::1]");
        assert_eq!(host_of("[::1]"), "[::1]");
    }

    #[test]
    fn request_debug_hides_headers_and_query() {
        let r = Request {
            method: Method::Get,
            scheme: Scheme::Https,
            authority: "acme.gorgias.com".into(),
            path_and_query: "/api/customers?email=a%40b.c".into(),
            headers: vec![("authorization", "Basic c2VjcmV0".into())],
            body: None,
            idempotent: true,
        };
        assert_eq!(format!("{r:?}"), "GET /api/customers");
    }
}
