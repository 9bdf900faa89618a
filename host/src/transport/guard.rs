//! The gate in front of `/mcp`: DNS-rebinding protection (`Host` and
//! `Origin` must be allowed), client keys (`Authorization: Bearer`), sessions
//! usable only by the key that created them, one well-formed JSON-RPC message
//! per POST (declared oversize bodies refused before they are read, slow
//! ones cut off), and the request log. It runs before rmcp, so a refused
//! request reaches neither the component nor the helpdesk. Refusals carry a
//! JSON-RPC error body, as clients expect.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, StatusCode, header};

use super::inspect::inspect;
use super::refusal::Refusal;
use super::sessions::{Owner, Sessions};
use crate::keys::{Client, ClientKeys};

/// What the gate lets through.
#[derive(Clone, Debug)]
pub struct Gate {
    /// Extra `Host` values (`name` or `name:port`), besides loopback.
    pub allowed_hosts: Vec<String>,
    /// Extra `Origin` values (`scheme://host[:port]`), besides loopback.
    pub allowed_origins: Vec<String>,
    /// Client keys; empty means no authentication.
    pub keys: ClientKeys,
    /// Largest request body (413 beyond, at once when declared).
    pub max_body_bytes: usize,
    /// Time a request body has to arrive once its headers are in (408 beyond).
    pub body_timeout: Duration,
}

impl Default for Gate {
    fn default() -> Self {
        Self {
            allowed_hosts: Vec::new(),
            allowed_origins: Vec::new(),
            keys: ClientKeys::default(),
            max_body_bytes: 4 * 1024 * 1024,
            body_timeout: Duration::from_secs(30),
        }
    }
}

/// An admitted request: its client (when keys are on) and, for sessions, its owner.
struct Admitted {
    client: Option<Client>,
    owner: Owner,
}

impl Gate {
    /// Whether a `Host` header value is allowed (the rule both front doors share).
    pub fn host_allowed(&self, value: &str) -> bool {
        helpdesk_front_door::host_allowed(&self.allowed_hosts, value)
    }

    /// Whether an `Origin` header value is allowed (`null` never is).
    pub fn origin_allowed(&self, value: &str) -> bool {
        helpdesk_front_door::origin_allowed(&self.allowed_origins, value)
    }

    /// The client a request authenticates as; `Open` when keys are off.
    fn authenticate(&self, headers: &HeaderMap) -> Result<Admitted, Refusal> {
        if self.keys.is_empty() {
            return Ok(Admitted { client: None, owner: Owner::Open });
        }
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, key)| key.trim());
        let Some(key) = presented else {
            return Err(Refusal::unauthorized("missing", "send `Authorization: Bearer <key>`"));
        };
        match self.keys.authenticate(key) {
            Some(client) => Ok(Admitted { client: Some(client), owner: Owner::key(key) }),
            None => Err(Refusal::unauthorized("invalid_token", "the key is not valid")),
        }
    }

    fn admit(&self, headers: &HeaderMap) -> Result<Admitted, Refusal> {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        if !host.is_some_and(|h| self.host_allowed(h)) {
            return Err(Refusal::forbidden(format!(
                "Host `{}` is not allowed (see --allowed-host)",
                host.unwrap_or("(none)")
            )));
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("(not text)");
            if !self.origin_allowed(origin) {
                return Err(Refusal::forbidden(format!(
                    "Origin `{origin}` is not allowed (see --allowed-origin)"
                )));
            }
        }
        self.authenticate(headers)
    }
}

/// POSTs must accept JSON and SSE, send JSON, and carry one well-formed
/// message (see [`inspect`](super::inspect)); anything else is answered here
/// with a JSON-RPC error body.
async fn checked(gate: &Gate, request: Request) -> Result<Request, Response> {
    if request.method() != http::Method::POST {
        return Ok(request);
    }
    let headers = request.headers();
    let accepts = |kind: &str| {
        headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).any(|v| {
            v.split(',').any(|m| {
                let m = m.split(';').next().unwrap_or_default().trim();
                m.eq_ignore_ascii_case(kind) || m == "*/*"
            })
        })
    };
    if !accepts("application/json") || !accepts("text/event-stream") {
        return Err(Refusal::status(
            StatusCode::NOT_ACCEPTABLE,
            "Not Acceptable: send `Accept: application/json, text/event-stream`",
        )
        .into_response());
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Refusal::status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Media Type: send `Content-Type: application/json`",
        )
        .into_response());
    }
    let limit = gate.max_body_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Refusal::too_large(limit).into_response());
    }
    match tokio::time::timeout(gate.body_timeout, inspect(request, limit)).await {
        Ok(Ok(request)) => Ok(request),
        Ok(Err(r)) if r.status == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(Refusal::too_large(limit).into_response())
        }
        Ok(Err(r)) => Err(Refusal::new(r.status, r.code, r.message).respond(r.id)),
        Err(_) => Err(Refusal::status(
            StatusCode::REQUEST_TIMEOUT,
            &format!("Request Timeout: the body did not arrive within {} s", gate.body_timeout.as_secs()),
        )
        .closing()
        .into_response()),
    }
}

/// The guard's state: the gate and, unless stateless, the sessions' owners.
pub struct Guard {
    /// What is let through.
    pub gate: Gate,
    /// Session owners (`None` in stateless mode).
    pub sessions: Option<Arc<Sessions>>,
}

impl Guard {
    /// Passes an admitted request on, within its session's owner's rights.
    async fn pass(&self, request: Request, owner: Owner, next: Next) -> Response {
        let session =
            request.headers().get("mcp-session-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
        if let (Some(sessions), Some(id)) = (&self.sessions, &session)
            && !sessions.usable(id, &owner).await
        {
            return Refusal::no_session().into_response();
        }
        let ending = request.method() == http::Method::DELETE;
        let request = match checked(&self.gate, request).await {
            Ok(request) => request,
            Err(answer) => return answer,
        };
        let mut response = next.run(request).await;
        if let Some(sessions) = &self.sessions {
            match &session {
                Some(id) if response.status() == StatusCode::NOT_FOUND && !sessions.exists(id).await => {
                    sessions.forget(id);
                    return Refusal::no_session().into_response();
                }
                Some(id) if ending && response.status().is_success() => sessions.forget(id),
                Some(_) => {}
                None => {
                    let created = response.headers().get("mcp-session-id").and_then(|v| v.to_str().ok());
                    if let Some(id) = created {
                        sessions.bind(id, owner).await;
                    }
                }
            }
        }
        // rmcp answers an ended session with 202; clients (the Python SDK)
        // expect the 200/204 of a completed DELETE.
        if ending && response.status() == StatusCode::ACCEPTED {
            *response.status_mut() = StatusCode::NO_CONTENT;
            *response.body_mut() = Body::empty();
        }
        response
    }
}

/// The middleware: admit or refuse, then log one line per request with the
/// client's label (never its key).
pub async fn guard(State(guard): State<Arc<Guard>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let session = request
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(8).collect::<String>())
        .unwrap_or_default();
    let (response, label) = match guard.gate.admit(request.headers()) {
        Err(refusal) => {
            let label =
                if refusal.status == StatusCode::UNAUTHORIZED { "unauthenticated" } else { "refused" };
            (refusal.into_response(), label.to_owned())
        }
        Ok(Admitted { client, owner }) => {
            let label = client.as_ref().map_or_else(|| "open".to_owned(), |c| c.label.clone());
            if let Some(client) = client {
                request.extensions_mut().insert(client);
            }
            (guard.pass(request, owner, next).await, label)
        }
    };
    tracing::info!(
        target: "helpdesk_mcp::http",
        %method, status = response.status().as_u16(), client = %label, session = %session,
        ms = started.elapsed().as_millis() as u64,
        "request",
    );
    response
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn gate() -> Gate {
        Gate {
            allowed_hosts: vec!["mcp.example.com".into(), "internal:9000".into()],
            allowed_origins: vec!["https://app.example.com".into()],
            ..Gate::default()
        }
    }

    #[test]
    fn bearer_keys_are_required_when_configured() {
        let key = "k_test_0123456789abcdef0123";
        let g = Gate { keys: ClientKeys::parse(&format!("{key} agent laptop")).unwrap(), ..gate() };
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("localhost"));
        assert_eq!(g.admit(&headers).err().map(|r| r.status), Some(StatusCode::UNAUTHORIZED));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer wrong_key_0123456789abcdef"));
        assert_eq!(g.admit(&headers).err().map(|r| r.status), Some(StatusCode::UNAUTHORIZED));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(&format!("bearer {key}")).unwrap());
        assert_eq!(g.admit(&headers).ok().and_then(|a| a.client).map(|c| c.label), Some("laptop".into()));
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://evil.example.com"));
        assert_eq!(g.admit(&headers).err().map(|r| r.status), Some(StatusCode::FORBIDDEN));
    }
}
