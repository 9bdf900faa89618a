//! The gate in front of `/mcp`: DNS-rebinding protection (`Host` and
//! `Origin` must be allowed), client keys (`Authorization: Bearer`), one
//! well-formed JSON-RPC message per POST, and the request log. It runs
//! before rmcp, so a refused request reaches neither the component nor the
//! helpdesk. Refusals carry a JSON-RPC error body, as clients expect.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, StatusCode, header};

use super::inspect::inspect;
use crate::keys::{Client, ClientKeys};

/// Loopback names, always allowed in `Host` and `Origin`.
const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// What the gate lets through.
#[derive(Clone, Debug, Default)]
pub struct Gate {
    /// Extra `Host` values (`name` or `name:port`), besides loopback.
    pub allowed_hosts: Vec<String>,
    /// Extra `Origin` values (`scheme://host[:port]`), besides loopback.
    pub allowed_origins: Vec<String>,
    /// Client keys; empty means no authentication.
    pub keys: ClientKeys,
    /// Largest body read when a request must be looked into (outside a session).
    pub max_body_bytes: usize,
}

/// Splits an authority into a lower-case host (brackets removed) and port.
fn split_authority(authority: &str) -> (String, Option<&str>) {
    let authority = authority.trim();
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        match rest.split_once(']') {
            Some((h, tail)) => (h, tail.strip_prefix(':')),
            None => (rest, None),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p)),
            _ => (authority, None),
        }
    };
    (host.trim_end_matches('.').to_ascii_lowercase(), port)
}

impl Gate {
    /// Whether a `Host` header value is allowed.
    pub fn host_allowed(&self, value: &str) -> bool {
        let (host, port) = split_authority(value);
        if host.is_empty() || value.contains('@') {
            return false;
        }
        LOOPBACK.contains(&host.as_str())
            || self.allowed_hosts.iter().any(|entry| {
                let (h, p) = split_authority(entry);
                h == host && (p.is_none() || p == port)
            })
    }

    /// Whether an `Origin` header value is allowed (`null` never is).
    pub fn origin_allowed(&self, value: &str) -> bool {
        let Some((scheme, authority)) = value.trim().split_once("://") else {
            return false;
        };
        let scheme = scheme.to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https") || authority.contains(['/', '@']) {
            return false;
        }
        let (host, port) = split_authority(authority);
        let default_port = if scheme == "https" { "443" } else { "80" };
        let port = port.unwrap_or(default_port);
        LOOPBACK.contains(&host.as_str())
            || self.allowed_origins.iter().any(|entry| {
                entry.split_once("://").is_some_and(|(s, a)| {
                    let (h, p) = split_authority(a);
                    s.eq_ignore_ascii_case(&scheme) && h == host && p.unwrap_or(default_port) == port
                })
            })
    }

    /// The client a request authenticates as; `Ok(None)` when keys are off.
    fn authenticate(&self, headers: &HeaderMap) -> Result<Option<Client>, Refusal> {
        if self.keys.is_empty() {
            return Ok(None);
        }
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, key)| key.trim());
        match presented {
            None => Err(Refusal::unauthorized("missing", "send `Authorization: Bearer <key>`")),
            Some(key) => self
                .keys
                .authenticate(key)
                .map(Some)
                .ok_or_else(|| Refusal::unauthorized("invalid_token", "the key is not valid")),
        }
    }

    fn admit(&self, headers: &HeaderMap) -> Result<Option<Client>, Refusal> {
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

/// A refused request: status, JSON-RPC error code and message.
struct Refusal {
    status: StatusCode,
    code: i32,
    message: String,
    challenge: Option<&'static str>,
}

impl Refusal {
    fn forbidden(message: String) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            code: -32000,
            message: format!("Forbidden: {message}"),
            challenge: None,
        }
    }

    fn status(status: StatusCode, message: &str) -> Self {
        Self { status, code: -32600, message: message.to_owned(), challenge: None }
    }

    fn unauthorized(error: &'static str, message: &str) -> Self {
        let challenge = if error == "invalid_token" {
            r#"Bearer realm="helpdesk-mcp", error="invalid_token""#
        } else {
            r#"Bearer realm="helpdesk-mcp""#
        };
        Self {
            status: StatusCode::UNAUTHORIZED,
            code: -32001,
            message: format!("Unauthorized: {message}"),
            challenge: Some(challenge),
        }
    }

    fn into_response(self) -> Response {
        self.respond(serde_json::Value::Null)
    }

    fn respond(self, id: serde_json::Value) -> Response {
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
        response
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
    let limit = if gate.max_body_bytes == 0 { 4 * 1024 * 1024 } else { gate.max_body_bytes };
    inspect(request, limit).await.map_err(|r| {
        let refusal = Refusal { status: r.status, code: r.code, message: r.message, challenge: None };
        refusal.respond(r.id)
    })
}

/// The middleware: admit or refuse, then log one line per request with the
/// client's label (never its key).
pub async fn guard(State(gate): State<Arc<Gate>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let session = request
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(8).collect::<String>())
        .unwrap_or_default();
    let (response, label) = match gate.admit(request.headers()) {
        Err(refusal) => {
            let label =
                if refusal.status == StatusCode::UNAUTHORIZED { "unauthenticated" } else { "refused" };
            (refusal.into_response(), label.to_owned())
        }
        Ok(client) => {
            let label = client.as_ref().map_or_else(|| "open".to_owned(), |c| c.label.clone());
            if let Some(client) = client {
                request.extensions_mut().insert(client);
            }
            let ending = request.method() == http::Method::DELETE;
            match checked(&gate, request).await {
                Ok(request) => {
                    let mut response = next.run(request).await;
                    // rmcp answers an ended session with 202; clients (the
                    // Python SDK) expect the 200/204 of a completed DELETE.
                    if ending && response.status() == StatusCode::ACCEPTED {
                        *response.status_mut() = StatusCode::NO_CONTENT;
                        *response.body_mut() = Body::empty();
                    }
                    (response, label)
                }
                Err(answer) => (answer, label),
            }
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
    use super::*;

    fn gate() -> Gate {
        Gate {
            allowed_hosts: vec!["mcp.example.com".into(), "internal:9000".into()],
            allowed_origins: vec!["https://app.example.com".into()],
            keys: ClientKeys::default(),
            max_body_bytes: 0,
        }
    }

    #[test]
    fn hosts_loopback_and_listed_only() {
        let g = gate();
        for ok in
            ["localhost:8080", "127.0.0.1", "[::1]:3000", "LOCALHOST", "mcp.example.com:443", "internal:9000"]
        {
            assert!(g.host_allowed(ok), "{ok}");
        }
        for bad in
            ["evil.example.com", "mcp.example.com.evil.test", "internal:9001", "localhost@evil.test", ""]
        {
            assert!(!g.host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn origins_need_scheme_host_and_port_to_match() {
        let g = gate();
        for ok in [
            "http://localhost:6274",
            "http://127.0.0.1",
            "https://app.example.com",
            "https://app.example.com:443",
        ] {
            assert!(g.origin_allowed(ok), "{ok}");
        }
        for bad in [
            "null",
            "http://evil.example.com",
            "http://app.example.com",
            "https://app.example.com:8443",
            "https://app.example.com.evil.test",
            "file://localhost",
        ] {
            assert!(!g.origin_allowed(bad), "{bad}");
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
        assert_eq!(g.admit(&headers).ok().flatten().map(|c| c.label), Some("laptop".into()));
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://evil.example.com"));
        assert_eq!(g.admit(&headers).err().map(|r| r.status), Some(StatusCode::FORBIDDEN));
    }
}
