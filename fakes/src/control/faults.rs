//! Injectable faults (error statuses, hangs before headers or mid-body, slow drips,
//! redirects, huge, truncated or broken bodies, dropped connections, answers lost after a
//! write was applied) and the responses that act them out.
//! What an error or huge body looks like is each fake's [`Dialect`].

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body::Frame;

use super::reflect::Echo;
use crate::socket::ConnectionKill;

/// A queued misbehaviour for requests matching `method` and `path_prefix`.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Only requests with this method (case-insensitive); `None` matches any method.
    pub method: Option<String>,
    /// Matches request paths starting with this (e.g. `/api/tickets`).
    pub path_prefix: String,
    /// What to do instead of answering normally.
    pub kind: FaultKind,
    /// How many matching requests it applies to before it is used up.
    pub times: usize,
    /// Match the path itself only (trailing slash ignored), not paths below it:
    /// `/api/tickets/4521` without `/api/tickets/4521/custom-fields`.
    pub exact: bool,
}

impl Fault {
    /// A one-shot fault for any method under `path_prefix`.
    pub fn new(path_prefix: &str, kind: FaultKind) -> Self {
        Self { method: None, path_prefix: path_prefix.to_string(), kind, times: 1, exact: false }
    }

    /// Applies to the path itself only, not to paths below it.
    pub fn exact(mut self) -> Self {
        self.exact = true;
        self
    }

    /// Restricts the fault to one HTTP method.
    pub fn with_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_string());
        self
    }

    /// Makes the fault apply to `times` matching requests.
    pub fn with_times(mut self, times: usize) -> Self {
        self.times = times;
        self
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        let on_path = if self.exact {
            path.trim_end_matches('/') == self.path_prefix.trim_end_matches('/')
        } else {
            path.starts_with(&self.path_prefix)
        };
        self.times > 0 && on_path && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
    }
}

/// The misbehaviours a fault can act out.
#[derive(Clone, Debug)]
pub enum FaultKind {
    /// An error status; `body: None` sends the API's documented body for that code (Gorgias
    /// `{"error":{"msg":..}}`, Kayako plain text), `Some` sends it verbatim in the API's
    /// content type; `retry_after` adds a `Retry-after` header.
    Status { code: u16, body: Option<String>, retry_after: Option<u64> },
    /// Never answer; the request stays pending until the client gives up or the fake stops.
    Hang,
    /// 302 to `location`.
    Redirect { location: String },
    /// 200 with a valid list body in the API's format of (at least) this many bytes.
    Huge { bytes: usize },
    /// 200 `application/json` whose body is `{not json`.
    InvalidJson,
    /// 200 `text/xml` whose body is a declaration and an unclosed element.
    InvalidXml,
    /// Close the TCP connection without writing a response. Served through
    /// [`super::FakeGorgias`] the socket is really dropped; through a bare router (unit tests)
    /// the fake answers headers with a body stream that aborts.
    DropConnection,
    /// Handle the request normally (a write is applied and logged), then close the TCP
    /// connection without sending the response: the client cannot know the write happened.
    /// Through a bare router it answers like [`FaultKind::DropConnection`] does there.
    DropAfterApply,
    /// Handle the request normally (a write is applied and logged), then never answer.
    HangAfterApply,
    /// Handle the request normally (a write is applied and logged), then answer this error
    /// status with the API's documented body instead of the real answer: the client sees a
    /// failure although the write happened (the duplicate-write case idempotency keys solve).
    StatusAfterApply { code: u16 },
    /// Handle the request normally, then send its answer cut to half its length (a
    /// complete HTTP message whose JSON or XML ends mid-way), as a proxy that lost the
    /// rest of an upstream answer does.
    Truncated,
    /// Handle the request normally, then send the answer's headers (with the real
    /// `Content-Length`) and the first half of its body, and never the rest.
    HangMidBody,
    /// Handle the request normally, then send the answer's body in 16 pieces, one
    /// every `every_ms` milliseconds: never silent for long, slow as a whole.
    SlowDrip {
        /// Pause before each piece after the first.
        every_ms: u64,
    },
    /// Reflect what the request carried (its `Authorization` header in several shapes, its
    /// query, a form body) back, as a careless upstream's debug output does: with an error
    /// `status` as the API's error message; with 200 the request is handled normally and the
    /// echo is appended to the answer's text fields (ticket subjects, message bodies).
    Reflect { status: u16 },
}

impl FaultKind {
    /// Whether the request is handled normally first and the fault only hits the answer.
    pub(crate) fn after_apply(&self) -> bool {
        matches!(
            self,
            FaultKind::DropAfterApply
                | FaultKind::HangAfterApply
                | FaultKind::StatusAfterApply { .. }
                | FaultKind::Reflect { status: 200 }
                | FaultKind::Truncated
                | FaultKind::HangMidBody
                | FaultKind::SlowDrip { .. }
        )
    }
}

/// How one API words its answers, so shared faults look like that API's own.
pub(crate) trait Dialect: Sync {
    /// An error answer; `body: None` means the API's documented body for this status.
    fn status(&self, status: StatusCode, body: Option<String>) -> Response;
    /// A 200 answer, valid in the API's format, of (at least) `bytes` bytes.
    fn huge(&self, path: &str, bytes: usize) -> Response;
    /// Content type of the headers sent before a connection is dropped (bare-router case).
    fn content_type(&self) -> &'static str;
    /// An error body in the API's format whose message is `message`.
    fn error_text(&self, message: &str) -> String;
    /// A 200 body with `echo` appended to its text fields (see [`FaultKind::Reflect`]).
    fn reflect(&self, body: &[u8], echo: &str) -> Vec<u8>;
}

/// The broken XML `FaultKind::InvalidXml` serves.
pub(crate) const INVALID_XML: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tickets>\n<ticket id=\"1\"";

/// Loses (`DropAfterApply`, `HangAfterApply`) or taints (`Reflect` 200) the answer of a
/// request that was already handled. Any other kind passes the response through.
pub(crate) async fn lose_answer(
    kind: FaultKind,
    resp: Response,
    kill: Option<ConnectionKill>,
    echo: &Echo,
    dialect: &dyn Dialect,
) -> Response {
    match kind {
        FaultKind::DropAfterApply => drop_connection(kill, dialect).await,
        FaultKind::HangAfterApply => std::future::pending::<Response>().await,
        FaultKind::StatusAfterApply { code } => {
            dialect.status(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), None)
        }
        FaultKind::Reflect { status: 200 } => super::reflect::into_answer(resp, echo, dialect).await,
        FaultKind::Truncated => {
            reshape(resp, |body| Paced::new(vec![body.slice(..body.len() / 2)], 0, false), false).await
        }
        FaultKind::HangMidBody => {
            reshape(resp, |body| Paced::new(vec![body.slice(..body.len() / 2)], 0, true), true).await
        }
        FaultKind::SlowDrip { every_ms } => {
            let pieces = |body: Bytes| {
                let step = body.len().div_ceil(16).max(1);
                (0..body.len()).step_by(step).map(|at| body.slice(at..(at + step).min(body.len()))).collect()
            };
            reshape(resp, |body| Paced::new(pieces(body), every_ms, false), true).await
        }
        _ => resp,
    }
}

/// The answer `resp` with its body replaced by `shape(body)`; `keep_length` keeps the
/// original `Content-Length` (the client expects the whole body), otherwise it is dropped
/// so the shorter body is a complete message.
async fn reshape(resp: Response, shape: impl FnOnce(Bytes) -> Paced, keep_length: bool) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    if keep_length {
        parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    } else {
        parts.headers.remove(header::CONTENT_LENGTH);
    }
    Response::from_parts(parts, Body::new(shape(bytes)))
}

/// A body sent in pieces with a pause before each one after the first; with
/// `then_hang` it never ends after the last piece.
struct Paced {
    pieces: VecDeque<Bytes>,
    every: Duration,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
    then_hang: bool,
}

impl Paced {
    fn new(pieces: Vec<Bytes>, every_ms: u64, then_hang: bool) -> Self {
        Self { pieces: pieces.into(), every: Duration::from_millis(every_ms), pause: None, then_hang }
    }
}

impl http_body::Body for Paced {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        if let Some(pause) = self.pause.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.pause = None;
        }
        match self.pieces.pop_front() {
            Some(piece) => {
                if !self.every.is_zero() && !self.pieces.is_empty() {
                    self.pause = Some(Box::pin(tokio::time::sleep(self.every)));
                }
                Poll::Ready(Some(Ok(Frame::data(piece))))
            }
            // Never woken: the connection stays open with the body unfinished.
            None if self.then_hang => Poll::Pending,
            None => Poll::Ready(None),
        }
    }
}

/// Drops the socket when there is one; otherwise answers headers with an aborting body.
async fn drop_connection(kill: Option<ConnectionKill>, dialect: &dyn Dialect) -> Response {
    match kill {
        Some(kill) => {
            kill.fire();
            std::future::pending::<Response>().await
        }
        None => {
            let mut resp = Response::new(Body::new(AbortedBody));
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(dialect.content_type()));
            resp
        }
    }
}

/// Acts out a fault in `dialect`. Only `Hang` and `DropConnection` (with a socket) never
/// return; the after-apply kinds are acted out by [`lose_answer`] and answer 500 here if misrouted.
pub(crate) async fn respond(
    kind: FaultKind,
    path: &str,
    kill: Option<ConnectionKill>,
    echo: &Echo,
    dialect: &dyn Dialect,
) -> Response {
    match kind {
        FaultKind::Status { code, body, retry_after } => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut resp = dialect.status(status, body);
            if let Some(secs) = retry_after {
                resp.headers_mut().insert("retry-after", HeaderValue::from(secs));
            }
            resp
        }
        FaultKind::Hang => std::future::pending::<Response>().await,
        FaultKind::Redirect { location } => {
            let mut resp = StatusCode::FOUND.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
        FaultKind::Huge { bytes } => dialect.huge(path, bytes),
        FaultKind::InvalidJson => typed(StatusCode::OK, "{not json".to_string(), "application/json"),
        FaultKind::InvalidXml => typed(StatusCode::OK, INVALID_XML.to_string(), "text/xml"),
        FaultKind::DropConnection => drop_connection(kill, dialect).await,
        FaultKind::Reflect { status } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            dialect.status(status, Some(dialect.error_text(echo.text())))
        }
        FaultKind::DropAfterApply
        | FaultKind::HangAfterApply
        | FaultKind::StatusAfterApply { .. }
        | FaultKind::Truncated
        | FaultKind::HangMidBody
        | FaultKind::SlowDrip { .. } => dialect.status(StatusCode::INTERNAL_SERVER_ERROR, None),
    }
}

/// A response with this body and content type.
pub(crate) fn typed(status: StatusCode, body: String, content_type: &'static str) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// A body that fails on first poll, making hyper abort the message mid-way.
struct AbortedBody;

impl http_body::Body for AbortedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault: connection dropped",
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_respects_method_prefix_and_times() {
        let f = Fault::new("/api/tickets", FaultKind::Hang).with_method("get");
        assert!(f.matches("GET", "/api/tickets/1"));
        assert!(!f.matches("PUT", "/api/tickets/1"));
        assert!(!f.matches("GET", "/api/users"));
        assert!(!f.with_times(0).matches("GET", "/api/tickets"));
        let exact = Fault::new("/api/tickets/1", FaultKind::Hang).exact();
        assert!(exact.matches("GET", "/api/tickets/1/"));
        assert!(!exact.matches("GET", "/api/tickets/1/custom-fields"));
    }

    struct Bare;
    impl Dialect for Bare {
        fn status(&self, status: StatusCode, _: Option<String>) -> Response {
            status.into_response()
        }
        fn huge(&self, _: &str, _: usize) -> Response {
            StatusCode::OK.into_response()
        }
        fn content_type(&self) -> &'static str {
            "application/json"
        }
        fn error_text(&self, m: &str) -> String {
            m.to_owned()
        }
        fn reflect(&self, body: &[u8], _: &str) -> Vec<u8> {
            body.to_vec()
        }
    }

    async fn acted(kind: FaultKind) -> Response {
        let resp = typed(StatusCode::OK, r#"{"data":[1,2,3,4,5,6,7,8,9]}"#.into(), "application/json");
        lose_answer(kind, resp, None, &Echo::default(), &Bare).await
    }

    #[tokio::test]
    async fn truncated_answers_are_complete_messages_cut_in_half() {
        let body =
            axum::body::to_bytes(acted(FaultKind::Truncated).await.into_body(), usize::MAX).await.unwrap();
        assert_eq!(&body[..], br#"{"data":[1,2,3"#);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_drip_sends_the_whole_body_in_paced_pieces() {
        let started = tokio::time::Instant::now();
        let resp = acted(FaultKind::SlowDrip { every_ms: 100 }).await;
        assert_eq!(resp.headers()[header::CONTENT_LENGTH], "28");
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        assert_eq!(&body[..], br#"{"data":[1,2,3,4,5,6,7,8,9]}"#);
        assert_eq!(started.elapsed(), Duration::from_millis(1300), "13 pauses between 14 pieces of 2 bytes");
    }

    #[tokio::test(start_paused = true)]
    async fn a_hang_mid_body_sends_half_then_nothing() {
        let resp = acted(FaultKind::HangMidBody).await;
        assert_eq!(resp.headers()[header::CONTENT_LENGTH], "28");
        let read = axum::body::to_bytes(resp.into_body(), usize::MAX);
        assert!(tokio::time::timeout(Duration::from_secs(3600), read).await.is_err(), "never finishes");
    }
}
