//! The outbound sandbox. Every request the component makes passes
//! [`Hooks::send_request`]; only the configured helpdesk origin (scheme, host
//! and port, compared exactly and case-insensitively) is let through. Anything
//! else is refused inside the process with `HttpRequestDenied`, before any DNS
//! lookup or connection. Redirects are never followed here: a 3xx goes back to
//! the component, which treats it as an error.

use std::fmt;
use std::sync::Arc;

use http::Uri;
use wasmtime_wasi_http::p2::bindings::http::types::ErrorCode;
use wasmtime_wasi_http::{RequestOptions, WasiBody, WasiHttpHooks};

use crate::upstream::{self, Upstream};

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP: loopback only.
    Http,
    /// HTTPS.
    Https,
}

/// One allowed destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    scheme: Scheme,
    /// Lower-case host; IPv6 literals keep their brackets.
    host: String,
    port: u16,
}

/// Why an origin or a request is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SandboxError {
    /// Not a `scheme://host[:port]` origin.
    #[error("`{0}` is not an origin (scheme://host[:port])")]
    Malformed(String),
    /// `http` for a host other than this machine.
    #[error("{0} uses http; https is required except for loopback addresses")]
    InsecureOrigin(String),
    /// A request to somewhere else.
    #[error("blocked by sandbox: {0} is not the configured helpdesk origin")]
    Denied(String),
}

impl Origin {
    /// Parses `scheme://host[:port]` (a trailing `/` is tolerated).
    pub fn parse(raw: &str) -> Result<Self, SandboxError> {
        let malformed = || SandboxError::Malformed(raw.to_owned());
        let uri: Uri = raw.trim().trim_end_matches('/').parse().map_err(|_| malformed())?;
        if uri.path_and_query().is_some_and(|p| p.as_str() != "/" && !p.as_str().is_empty()) {
            return Err(malformed());
        }
        Self::of(&uri).map_err(|_| malformed())
    }

    /// The origin a request URI targets. Userinfo is refused outright: no
    /// helpdesk URL carries one, and `user@host` tricks hide the real host.
    pub fn of(uri: &Uri) -> Result<Self, SandboxError> {
        let denied = || SandboxError::Denied(uri.host().unwrap_or("a request without a host").to_owned());
        let authority = uri.authority().ok_or_else(denied)?;
        if authority.as_str().contains('@') {
            return Err(denied());
        }
        let scheme = match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
            Some("https") => Scheme::Https,
            Some("http") => Scheme::Http,
            _ => return Err(denied()),
        };
        let default_port = if scheme == Scheme::Https { 443 } else { 80 };
        // Fail closed: a port `http` reads as "none" (`:84937`, `:`, `:8a`) must
        // not become the default port here while the connector reads it otherwise.
        let port = match &authority.as_str()[authority.host().len()..] {
            "" => default_port,
            after => after.strip_prefix(':').and_then(plain_port).ok_or_else(denied)?,
        };
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return Err(denied());
        }
        Ok(Self { scheme, host, port })
    }

    /// Whether the host is this machine: all of 127.0.0.0/8 (every address
    /// there is loopback), `[::1]` or `localhost`. The guest's `api_url`
    /// applies the same rule to the settings.
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self.host == "[::1]"
            || self.host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// The host, for messages.
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// A port written plainly: 1–65535, decimal digits, no sign or leading zero.
fn plain_port(text: &str) -> Option<u16> {
    let plain = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0');
    text.parse::<u16>().ok().filter(|_| plain)
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        write!(f, "{scheme}://{}:{}", self.host, self.port)
    }
}

/// What the component may reach. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Sandbox {
    allowed: Arc<[Origin]>,
}

impl Sandbox {
    /// A sandbox allowing exactly `origins`; `http` only for loopback.
    pub fn new(origins: &[String]) -> Result<Self, SandboxError> {
        let allowed = origins
            .iter()
            .map(|o| {
                let origin = Origin::parse(o)?;
                if origin.scheme == Scheme::Http && !origin.is_loopback() {
                    return Err(SandboxError::InsecureOrigin(origin.to_string()));
                }
                Ok(origin)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { allowed: allowed.into() })
    }

    /// A sandbox that allows nothing (used before the configuration is known).
    pub fn deny_all() -> Self {
        Self { allowed: Arc::from(Vec::new()) }
    }

    /// The allowed origins.
    pub fn origins(&self) -> &[Origin] {
        &self.allowed
    }

    /// Allows `uri` only when it targets an allowed origin.
    pub fn check(&self, uri: &Uri) -> Result<(), SandboxError> {
        let origin = Origin::of(uri)?;
        if self.allowed.contains(&origin) { Ok(()) } else { Err(SandboxError::Denied(origin.host)) }
    }
}

/// One outbound request as the host saw it: what logs and notifications show.
/// Never holds headers, bodies or query strings.
#[derive(Clone, Debug)]
pub struct Outbound {
    /// Method.
    pub method: String,
    /// Target host.
    pub host: String,
    /// Path without the query.
    pub path: String,
    /// Status, or `None` when no response came (or it was denied).
    pub status: Option<u16>,
    /// Whether the sandbox refused it.
    pub denied: bool,
    /// Milliseconds until the response headers (or the failure).
    pub millis: u64,
    /// Whether the host answered from its cache.
    pub cached: bool,
    /// Milliseconds held back to stay inside the helpdesk's rate limit.
    pub paced_ms: u64,
}

/// Receives every outbound request (after it completes or fails).
pub type Observer = Arc<dyn Fn(&Outbound) + Send + Sync>;

/// The `wasi:http` hooks of one store: the sandbox, the shared upstream
/// cache and pacer, and an observer.
pub struct Hooks {
    sandbox: Sandbox,
    upstream: Arc<Upstream>,
    observer: Option<Observer>,
}

impl Hooks {
    /// Hooks enforcing `sandbox`, forwarding through `upstream`, reporting to `observer`.
    pub fn new(sandbox: Sandbox, upstream: Arc<Upstream>, observer: Option<Observer>) -> Self {
        Self { sandbox, upstream, observer }
    }
}

type IoFuture = Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>;
type SendFuture =
    Box<dyn Future<Output = Result<(http::Response<WasiBody>, IoFuture), wasmtime_wasi_http::Error>> + Send>;

impl WasiHttpHooks for Hooks {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        _fut: IoFuture,
    ) -> SendFuture {
        let mut event = Outbound {
            method: request.method().to_string(),
            host: request.uri().host().unwrap_or_default().to_owned(),
            path: shown_path(request.uri()),
            status: None,
            denied: false,
            millis: 0,
            cached: false,
            paced_ms: 0,
        };
        let observer = self.observer.clone();
        if let Err(reason) = self.sandbox.check(request.uri()) {
            tracing::warn!(target: "helpdesk_mcp::sandbox", method = %event.method, "{reason}");
            event.denied = true;
            report(&observer, &event);
            return Box::new(async { Err(wasmtime_wasi_http::Error::HttpRequestDenied) });
        }
        let upstream = self.upstream.clone();
        Box::new(async move {
            let sent = upstream::forward(upstream, request, options, &mut event).await;
            // The pool drives its connections on its own tasks, so there is no
            // connection future for wasmtime to drive beside the response.
            let sent = sent.map(|response| (response, Box::new(async { Ok(()) }) as IoFuture));
            tracing::info!(
                target: "helpdesk_mcp::outbound",
                method = %event.method, host = %event.host, path = %event.path,
                status = event.status.map_or(0, |s| s), ms = event.millis, cached = event.cached, paced_ms = event.paced_ms,
                "upstream request",
            );
            report(&observer, &event);
            sent
        })
    }

    /// Name-resolution failures become DNS errors (not "connection refused"),
    /// so a mistyped helpdesk domain is diagnosed as such.
    fn p2_error_from_connect(&mut self, err: &std::io::Error) -> ErrorCode {
        let text = err.to_string();
        if text.contains("lookup") || text.contains("resolve") || text.contains("Name or service not known") {
            ErrorCode::DnsError(wasmtime_wasi_http::p2::bindings::http::types::DnsErrorPayload {
                rcode: Some("name does not resolve".into()),
                info_code: None,
            })
        } else {
            ErrorCode::ConnectionRefused
        }
    }
}

/// The path shown in logs and notifications: never the query (it may carry
/// signatures or keys), except the `e` route parameter of helpdesks that
/// route by query (`index.php?e=/Tickets/Ticket/12`), which names the call.
fn shown_path(uri: &http::Uri) -> String {
    let path = uri.path().to_owned();
    let route = uri.query().and_then(|q| {
        q.split('&').find_map(|pair| match pair.split_once('=') {
            Some(("e", value)) => Some(value),
            _ => None,
        })
    });
    match route {
        Some(route) => format!("{path}?e={}", route.replace("%2F", "/").replace("%2f", "/")),
        None => path,
    }
}

fn report(observer: &Option<Observer>, event: &Outbound) {
    if let Some(o) = observer {
        o(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox() -> Sandbox {
        Sandbox::new(&["https://acme.gorgias.com:443".into(), "http://127.0.0.1:8125".into()]).unwrap()
    }

    fn check(uri: &str) -> Result<(), SandboxError> {
        sandbox().check(&uri.parse().unwrap())
    }

    #[test]
    fn shown_paths_drop_the_query_but_keep_a_route() {
        let shown = |u: &str| shown_path(&u.parse().unwrap());
        assert_eq!(shown("https://a.test/api/tickets?limit=5&api_key=s3cret"), "/api/tickets");
        assert_eq!(
            shown("https://a.test/api/index.php?e=%2FTickets%2FTicket%2F12&apikey=k&salt=s&signature=x"),
            "/api/index.php?e=/Tickets/Ticket/12"
        );
    }

    #[test]
    fn allows_exactly_the_configured_origins() {
        assert_eq!(check("https://acme.gorgias.com/api/tickets"), Ok(()));
        assert_eq!(check("https://ACME.Gorgias.COM:443/api/tickets?limit=1"), Ok(()));
        assert_eq!(check("http://127.0.0.1:8125/api/tickets"), Ok(()));
    }

    #[test]
    fn denies_other_hosts_ports_and_schemes() {
        for uri in [
            "https://other.gorgias.com/api",
            "https://acme.gorgias.com:8443/api",
            "http://acme.gorgias.com/api",
            "https://127.0.0.1:8125/api",
            "http://127.0.0.1:8126/api",
            "http://localhost:8125/api",
        ] {
            assert!(matches!(check(uri), Err(SandboxError::Denied(_))), "{uri}");
        }
    }

    #[test]
    fn denies_lookalike_hosts_and_userinfo_tricks() {
        for uri in [
            "https://acme.gorgias.com.evil.test/api",
            "https://evil.test/acme.gorgias.com",
            "https://acme.gorgias.com@evil.test/api",
            "https://acme.gorgias.com:443@evil.test/api",
            "https://user:pass@acme.gorgias.com/api",
            "https://acme-gorgias.com/api",
        ] {
            assert!(matches!(check(uri), Err(SandboxError::Denied(_))), "{uri}");
        }
    }

    #[test]
    fn denies_raw_ips() {
        for uri in [
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:8125/",
            "http://2130706433/",
            "http://0x7f000001:8125/",
        ] {
            assert!(matches!(check(uri), Err(SandboxError::Denied(_))), "{uri}");
        }
    }

    #[test]
    fn fails_closed_on_ports_it_cannot_read_exactly() {
        for uri in [
            "http://127.0.0.1:84937/api",
            "http://127.0.0.1:/api",
            "http://127.0.0.1:0/api",
            "http://127.0.0.1:08125/api",
            "http://127.0.0.1:8125x/api",
            "http://127.0.0.1:+8125/api",
        ] {
            let parsed: Result<Uri, _> = uri.parse();
            if let Ok(u) = parsed {
                assert!(matches!(sandbox().check(&u), Err(SandboxError::Denied(_))), "{uri}");
            }
        }
        for origin in
            ["http://127.0.0.1:84937", "http://127.0.0.1:", "http://127.0.0.1:0", "https://h.test:65536"]
        {
            assert!(matches!(Sandbox::new(&[origin.into()]), Err(SandboxError::Malformed(_))), "{origin}");
        }
    }

    #[test]
    fn denies_relative_and_odd_schemes() {
        assert!(check("/api/tickets").is_err());
        assert!(check("ftp://acme.gorgias.com/").is_err());
    }

    #[test]
    fn http_origins_must_be_loopback() {
        assert!(matches!(
            Sandbox::new(&["http://acme.gorgias.com".into()]),
            Err(SandboxError::InsecureOrigin(_))
        ));
        assert!(Sandbox::new(&["http://[::1]:9000".into(), "http://localhost:1".into()]).is_ok());
        assert!(matches!(
            Sandbox::new(&["https://acme.gorgias.com/api".into()]),
            Err(SandboxError::Malformed(_))
        ));
    }

    #[test]
    fn origins_display_with_explicit_ports() {
        let s = sandbox();
        let shown: Vec<String> = s.origins().iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["https://acme.gorgias.com:443", "http://127.0.0.1:8125"]);
    }

    #[test]
    fn deny_all_denies_everything() {
        assert!(Sandbox::deny_all().check(&"http://127.0.0.1:8125/".parse().unwrap()).is_err());
    }
}
