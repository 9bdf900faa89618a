//! [`Transport`] over `wasi:http/outgoing-handler`: every request of a batch is
//! in flight at once, driven by a single `wasi:io/poll` loop that also reads the
//! bodies, sleeps before retries and enforces the call's deadline.
//!
//! Resource rule (wasi:http): a pollable is a child of what it watches and an
//! input stream a child of its body, so pollables live for one poll round and a
//! stream is dropped before its body. Violating it traps the component.

use std::time::Duration;

use wasip2::clocks::monotonic_clock;
use wasip2::http::outgoing_handler;
use wasip2::http::types::{
    ErrorCode, Fields, FutureIncomingResponse, IncomingBody, Method as WasiMethod, OutgoingBody,
    OutgoingRequest, RequestOptions, Scheme as WasiScheme,
};
use wasip2::io::poll::{self, Pollable};
use wasip2::io::streams::{InputStream, StreamError};

use super::retry::{self, Decision, Outcome, RetryPolicy};
use super::{
    ConnectFailure, HttpError, Limits, Method, Request, Response, Retried, Scheme, TimeoutPhase, Transport,
    host_of, well_formed,
};

/// Largest chunk `output-stream.blocking-write-and-flush` accepts in one call.
const WRITE_CHUNK: usize = 4096;
/// Most a declared `content-length` reserves up front: a body that never
/// comes must not hold memory a concurrent request needs.
const RESERVE_MAX: usize = 4 * 1024 * 1024;
/// Bytes asked for per non-blocking body read.
const READ_CHUNK: u64 = 64 * 1024;
/// How long a host may hold a request before sending it (ours paces for at
/// most 10 s to stay inside a rate limit). A try's deadline is enforced by the
/// runtime's connect / first-byte / between-bytes timeouts, which are set from
/// it and count from the moment the request really leaves; the component's
/// own abandon timer, for runtimes that ignore those options, allows this
/// much more so that time spent waiting for a rate-limit slot is not
/// mistaken for a hung helpdesk.
const HOST_HOLD: Duration = Duration::from_secs(10);

/// The wasm transport. One per tool call: its deadline is the call's budget.
pub struct WasiTransport {
    limits: Limits,
    policy: RetryPolicy,
    /// Monotonic-clock instant (ns) when the call's budget runs out.
    deadline: u64,
}

impl WasiTransport {
    /// A transport whose budget starts now.
    pub fn new(limits: Limits) -> Self {
        let deadline = monotonic_clock::now().saturating_add(nanos(limits.budget));
        Self { limits, policy: RetryPolicy::default(), deadline }
    }

    fn remaining(&self) -> Duration {
        Duration::from_nanos(self.deadline.saturating_sub(monotonic_clock::now()))
    }
}

/// Fields are declared in drop order: the stream goes before its body.
struct Reading {
    stream: InputStream,
    _body: IncomingBody,
    status: u16,
    headers: Vec<(String, String)>,
    buf: Vec<u8>,
}

enum State {
    Waiting(FutureIncomingResponse),
    Reading(Reading),
    Sleeping { until: u64 },
    Done(Result<Response, HttpError>),
}

struct Slot {
    request: Request,
    attempt: u32,
    state: State,
    /// Monotonic instant (ns) when the current try is abandoned (`u64::MAX`:
    /// never, for requests that must not be sent twice).
    attempt_deadline: u64,
    /// Why earlier tries were not kept.
    retried: Vec<Retried>,
}

impl Slot {
    fn in_flight(&self) -> bool {
        matches!(self.state, State::Waiting(_) | State::Reading(_))
    }
}

impl Transport for WasiTransport {
    fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        let mut slots: Vec<Slot> = requests
            .into_iter()
            .map(|request| Slot {
                request,
                attempt: 0,
                state: State::Sleeping { until: 0 },
                attempt_deadline: u64::MAX,
                retried: Vec::new(),
            })
            .collect();
        loop {
            let now = monotonic_clock::now();
            if now >= self.deadline {
                for slot in slots.iter_mut().filter(|s| !matches!(s.state, State::Done(_))) {
                    slot.state = State::Done(Err(HttpError::Timeout(TimeoutPhase::Budget)));
                }
                break;
            }
            for slot in slots.iter_mut() {
                if matches!(slot.state, State::Sleeping { until } if until <= now) {
                    self.start(slot);
                }
            }
            let active: Vec<usize> =
                (0..slots.len()).filter(|&i| !matches!(slots[i].state, State::Done(_))).collect();
            if active.is_empty() {
                break;
            }
            let next_abandon = slots.iter().filter(|s| s.in_flight()).map(|s| s.attempt_deadline).min();
            let ready = {
                let mut pollables: Vec<Pollable> =
                    active.iter().map(|&i| subscribe(&slots[i].state)).collect();
                pollables.push(monotonic_clock::subscribe_instant(self.deadline));
                if let Some(at) = next_abandon.filter(|&at| at < self.deadline) {
                    pollables.push(monotonic_clock::subscribe_instant(at));
                }
                let refs: Vec<&Pollable> = pollables.iter().collect();
                poll::poll(&refs)
                // `refs` and `pollables` drop here, before any slot changes state.
            };
            for index in ready {
                if let Some(&i) = active.get(index as usize) {
                    self.advance(&mut slots[i]);
                }
            }
            let now = monotonic_clock::now();
            for slot in slots.iter_mut().filter(|s| s.in_flight() && s.attempt_deadline <= now) {
                // Dropping the future or stream abandons the try (the runtime
                // cancels it); the retry policy decides whether to send again.
                slot.state = State::Sleeping { until: 0 };
                self.finish(slot, Err(HttpError::Timeout(TimeoutPhase::Attempt)));
            }
        }
        slots
            .into_iter()
            .map(|slot| match slot.state {
                State::Done(result) => result,
                _ => Err(HttpError::Timeout(TimeoutPhase::Budget)),
            })
            .collect()
    }
}

fn subscribe(state: &State) -> Pollable {
    match state {
        State::Waiting(future) => future.subscribe(),
        State::Reading(reading) => reading.stream.subscribe(),
        State::Sleeping { until } => monotonic_clock::subscribe_instant(*until),
        // Never polled: `Done` slots are filtered out before subscribing.
        State::Done(_) => monotonic_clock::subscribe_duration(0),
    }
}

impl WasiTransport {
    /// Sends the slot's request (again).
    fn start(&self, slot: &mut Slot) {
        slot.attempt += 1;
        slot.attempt_deadline = if slot.request.idempotent {
            monotonic_clock::now().saturating_add(nanos(self.limits.attempt_timeout + HOST_HOLD))
        } else {
            u64::MAX
        };
        slot.state = match self.begin(&slot.request) {
            Ok(future) => State::Waiting(future),
            Err(error) => return self.finish(slot, Err(error)),
        };
    }

    fn begin(&self, request: &Request) -> Result<FutureIncomingResponse, HttpError> {
        let host = host_of(&request.authority);
        let mut entries: Vec<(String, Vec<u8>)> =
            request.headers.iter().map(|(k, v)| ((*k).to_owned(), v.as_bytes().to_vec())).collect();
        if let Some(body) = &request.body {
            entries.push(("content-length".to_owned(), body.len().to_string().into_bytes()));
        }
        let headers =
            Fields::from_list(&entries).map_err(|_| HttpError::Protocol("invalid request header"))?;
        let outgoing = OutgoingRequest::new(headers);
        let method = match request.method {
            Method::Get => WasiMethod::Get,
            Method::Post => WasiMethod::Post,
            Method::Put => WasiMethod::Put,
            Method::Delete => WasiMethod::Delete,
            Method::Patch => WasiMethod::Patch,
        };
        let scheme = match request.scheme {
            Scheme::Http => WasiScheme::Http,
            Scheme::Https => WasiScheme::Https,
        };
        let invalid = |_| HttpError::Protocol("invalid request line");
        outgoing.set_method(&method).map_err(invalid)?;
        outgoing.set_scheme(Some(&scheme)).map_err(invalid)?;
        outgoing.set_authority(Some(&request.authority)).map_err(invalid)?;
        outgoing.set_path_with_query(Some(&request.path_and_query)).map_err(invalid)?;
        let body = outgoing.body().map_err(|_| HttpError::Protocol("request body unavailable"))?;

        let options = RequestOptions::new();
        // A read's try never outlives its own deadline; a write's may use the budget.
        let remaining = if request.idempotent {
            self.remaining().min(self.limits.attempt_timeout)
        } else {
            self.remaining()
        };
        // Runtimes may not support every option; the deadline still holds.
        let _ = options.set_connect_timeout(Some(nanos(self.limits.connect_timeout.min(remaining))));
        let _ = options.set_first_byte_timeout(Some(nanos(self.limits.first_byte_timeout.min(remaining))));
        let _ =
            options.set_between_bytes_timeout(Some(nanos(self.limits.between_bytes_timeout.min(remaining))));

        let future =
            outgoing_handler::handle(outgoing, Some(options)).map_err(|code| map_error(&code, host))?;
        if let Some(bytes) = &request.body {
            write_body(&body, bytes);
        }
        // A finish error means the request failed; the future reports why.
        let _ = OutgoingBody::finish(body, None);
        Ok(future)
    }

    /// Moves a slot forward after its pollable fired.
    fn advance(&self, slot: &mut Slot) {
        let host = host_of(&slot.request.authority).to_owned();
        match std::mem::replace(&mut slot.state, State::Sleeping { until: 0 }) {
            State::Waiting(future) => match future.get() {
                None => slot.state = State::Waiting(future),
                Some(Err(())) => self.finish(slot, Err(HttpError::Protocol("response taken twice"))),
                Some(Ok(Err(code))) => self.finish(slot, Err(map_error(&code, &host))),
                Some(Ok(Ok(response))) => {
                    let status = response.status();
                    let headers: Vec<(String, String)> = response
                        .headers()
                        .entries()
                        .into_iter()
                        .map(|(k, v)| (k.to_ascii_lowercase(), String::from_utf8_lossy(&v).into_owned()))
                        .collect();
                    // A declared length over the cap is refused unread.
                    let declared = declared_length(&headers);
                    if declared.is_some_and(|n| n > self.limits.max_body_bytes) {
                        let limit = self.limits.max_body_bytes;
                        return self.finish(slot, Err(HttpError::TooLarge { limit }));
                    }
                    let opened =
                        response.consume().ok().and_then(|body| body.stream().ok().map(|s| (s, body)));
                    match opened {
                        Some((stream, body)) => {
                            slot.state = State::Reading(Reading {
                                stream,
                                _body: body,
                                status,
                                headers,
                                buf: Vec::with_capacity(declared.unwrap_or(0).min(RESERVE_MAX)),
                            });
                            self.advance(slot);
                        }
                        None => self.finish(slot, Err(HttpError::Protocol("response body unavailable"))),
                    }
                }
            },
            State::Reading(mut reading) => loop {
                match reading.stream.read(READ_CHUNK) {
                    Ok(chunk) if chunk.is_empty() => {
                        slot.state = State::Reading(reading);
                        return;
                    }
                    Ok(chunk) => {
                        if reading.buf.len() + chunk.len() > self.limits.max_body_bytes {
                            let limit = self.limits.max_body_bytes;
                            return self.finish(slot, Err(HttpError::TooLarge { limit }));
                        }
                        reading.buf.extend_from_slice(&chunk);
                    }
                    Err(StreamError::Closed) => {
                        let Reading { status, mut headers, buf, .. } = reading;
                        // Nothing downstream ever sees a credential an upstream echoed.
                        headers.iter_mut().for_each(|(_, v)| crate::secrets::redact_string(v));
                        let body = crate::secrets::redact_bytes(buf);
                        let response = Response { status, headers, body, retried: Vec::new() };
                        return self.finish(slot, Ok(response));
                    }
                    Err(StreamError::LastOperationFailed(error)) => {
                        let failure = match wasip2::http::types::http_error_code(&error) {
                            Some(ErrorCode::ConnectionReadTimeout | ErrorCode::HttpResponseTimeout) => {
                                HttpError::Timeout(TimeoutPhase::BetweenBytes)
                            }
                            Some(code) => map_error(&code, &host),
                            None => HttpError::Connect { host, failure: ConnectFailure::Reset },
                        };
                        return self.finish(slot, Err(failure));
                    }
                }
            },
            other => slot.state = other,
        }
    }

    /// Records an attempt's outcome, or schedules the retry the policy allows.
    fn finish(&self, slot: &mut Slot, result: Result<Response, HttpError>) {
        let first_malformed = !slot.retried.contains(&Retried::Malformed);
        let (outcome, reason) = match &result {
            Ok(response) if !well_formed(response) => {
                (Outcome::Malformed { first: first_malformed }, Retried::Malformed)
            }
            Ok(response) => (
                Outcome::Response { status: response.status, retry_after: response.header("retry-after") },
                if response.status == 429 {
                    Retried::RateLimited
                } else {
                    Retried::ServerError(response.status)
                },
            ),
            Err(error @ HttpError::Timeout(_)) => {
                (Outcome::Failed(error), Retried::TimedOut(self.limits.attempt_timeout))
            }
            Err(error) => (Outcome::Failed(error), Retried::Connection),
        };
        let jitter = wasip2::random::random::get_random_u64() as f64 / u64::MAX as f64;
        let decision = retry::decide(
            &self.policy,
            slot.attempt,
            slot.request.idempotent,
            outcome,
            self.remaining(),
            crate::clock::now(),
            jitter,
        );
        slot.state = match decision {
            Decision::Keep => State::Done(result.map(|mut r| {
                r.retried = slot.retried.clone();
                r
            })),
            Decision::RetryAfter(wait) => {
                if reason == Retried::Malformed {
                    // Ask past any cache: the copy we got must not be served again.
                    slot.request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("cache-control"));
                    slot.request.headers.push(("cache-control", "no-cache".to_owned()));
                }
                slot.retried.push(reason);
                State::Sleeping { until: monotonic_clock::now().saturating_add(nanos(wait)) }
            }
        };
    }
}

fn write_body(body: &OutgoingBody, bytes: &[u8]) {
    let Ok(stream) = body.write() else { return };
    for chunk in bytes.chunks(WRITE_CHUNK) {
        // A closed stream means the host refused or already failed the request.
        if stream.blocking_write_and_flush(chunk).is_err() {
            break;
        }
    }
}

/// The `content-length` a response declared, if it is a number.
fn declared_length(headers: &[(String, String)]) -> Option<usize> {
    headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.trim().parse().ok())
}

/// Maps a `wasi:http` error code to the component's transport error.
fn map_error(code: &ErrorCode, host: &str) -> HttpError {
    let connect = |failure| HttpError::Connect { host: host.to_owned(), failure };
    match code {
        ErrorCode::HttpRequestDenied | ErrorCode::DestinationIpProhibited => {
            HttpError::Denied { host: host.to_owned() }
        }
        ErrorCode::ConnectionRefused
        | ErrorCode::DestinationUnavailable
        | ErrorCode::DestinationIpUnroutable => connect(ConnectFailure::Refused),
        ErrorCode::DnsTimeout | ErrorCode::DnsError(_) | ErrorCode::DestinationNotFound => {
            connect(ConnectFailure::Dns)
        }
        ErrorCode::TlsProtocolError | ErrorCode::TlsCertificateError | ErrorCode::TlsAlertReceived(_) => {
            connect(ConnectFailure::Tls)
        }
        ErrorCode::ConnectionTerminated | ErrorCode::HttpResponseIncomplete => connect(ConnectFailure::Reset),
        ErrorCode::ConnectionTimeout => HttpError::Timeout(TimeoutPhase::Connect),
        ErrorCode::ConnectionReadTimeout | ErrorCode::HttpResponseTimeout => {
            HttpError::Timeout(TimeoutPhase::FirstByte)
        }
        ErrorCode::HttpResponseBodySize(_) => HttpError::TooLarge { limit: 0 },
        ErrorCode::HttpRequestUriInvalid | ErrorCode::HttpRequestMethodInvalid => {
            HttpError::Protocol("the runtime rejected the request")
        }
        _ => HttpError::Protocol("the runtime reported an HTTP failure"),
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}
