//! An API URL setting (`GORGIAS_BASE_URL`, `KAYAKO_API_URL`, ...), parsed the
//! same way for every provider: `http` or `https`, a host, an optional port
//! that must be a real one, no user name, query or fragment, and plain `http`
//! only for this machine. The origin it names is what the host's sandbox
//! allows, so anything the sandbox could read differently is refused here.

use crate::http::{Scheme, host_of};

/// A validated API URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiUrl {
    /// `http` (loopback only) or `https`.
    pub scheme: Scheme,
    /// `host[:port]`, lower case; the port, when present, is 1–65535.
    pub authority: String,
    /// The path without trailing slashes (may be empty).
    pub path: String,
}

impl ApiUrl {
    /// Parses `raw`. `credentials` names the settings that hold the
    /// credentials, for the message that refuses a user name in the URL.
    pub fn parse(raw: &str, credentials: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        let uri: http::Uri = trimmed.parse().map_err(|_| format!("`{raw}` is not a URL"))?;
        let scheme = match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
            Some("https") => Scheme::Https,
            Some("http") => Scheme::Http,
            _ => return Err(format!("`{raw}` must start with https://")),
        };
        let authority = uri.authority().ok_or_else(|| format!("`{raw}` has no host"))?;
        if authority.as_str().contains('@') {
            return Err(format!("must not contain a user name or password; credentials go in {credentials}"));
        }
        if uri.query().is_some() || trimmed.contains('#') {
            return Err(QUERY_REFUSED.into());
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return Err(format!("`{raw}` has no host"));
        }
        check_port(&authority.as_str()[authority.host().len()..])?;
        if scheme == Scheme::Http && !is_loopback(&host) {
            return Err(format!(
                "must use https unless it points at this machine ({LOOPBACK}); `{host}` is not a loopback address"
            ));
        }
        Ok(Self {
            scheme,
            authority: authority.as_str().to_ascii_lowercase(),
            path: uri.path().trim_end_matches('/').to_owned(),
        })
    }

    /// The origin the sandbox must allow: `scheme://host:port`, lower case.
    pub fn origin(&self) -> String {
        origin(self.scheme, &self.authority)
    }
}

/// The problem with a URL that has a query or fragment.
pub const QUERY_REFUSED: &str = "must not contain a query or fragment";

/// What counts as this machine, in messages.
pub const LOOPBACK: &str = "a loopback address: 127.0.0.0/8, ::1 or localhost";

/// `scheme://host:port` for a validated authority (explicit port or the scheme's default).
pub fn origin(scheme: Scheme, authority: &str) -> String {
    let (name, default_port) = match scheme {
        Scheme::Http => ("http", 80),
        Scheme::Https => ("https", 443),
    };
    let host = host_of(authority);
    let port = authority[host.len()..].strip_prefix(':').and_then(|p| p.parse::<u16>().ok());
    format!("{name}://{host}:{}", port.unwrap_or(default_port))
}

/// What follows the host: nothing, or `:` and a port of 1–65535 written
/// plainly. `:`, `:0`, `:84937` and `:080` are refused rather than read as
/// the default port (or another one) by some later parser.
fn check_port(after_host: &str) -> Result<(), String> {
    let Some(port) = after_host.strip_prefix(':') else {
        return if after_host.is_empty() { Ok(()) } else { Err("has an invalid host".into()) };
    };
    let plain = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !port.starts_with('0');
    match port.parse::<u16>() {
        Ok(n) if plain && n > 0 => Ok(()),
        _ => Err(format!("has an invalid port `{port}`; a port is a number from 1 to 65535")),
    }
}

/// Whether `host` (lower case; IPv6 in brackets) is this machine: any of
/// 127.0.0.0/8 (all of it is loopback, RFC 1122 §3.2.1.3), `[::1]` or `localhost`.
pub fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<ApiUrl, String> {
        ApiUrl::parse(raw, "X_KEY")
    }

    #[test]
    fn origins_carry_the_real_port() {
        for (raw, origin) in [
            ("https://Proxy.Example.com/gorgias/api/", "https://proxy.example.com:443"),
            ("http://127.0.0.1:8125/api", "http://127.0.0.1:8125"),
            ("http://127.8.9.10:65535", "http://127.8.9.10:65535"),
            ("http://[::1]:9000", "http://[::1]:9000"),
            ("http://localhost", "http://localhost:80"),
            ("https://h.example:1", "https://h.example:1"),
        ] {
            assert_eq!(parse(raw).map(|u| u.origin()), Ok(origin.to_owned()), "{raw}");
        }
        assert_eq!(parse("https://h.example/gorgias/api/").unwrap().path, "/gorgias/api");
    }

    #[test]
    fn ports_that_are_not_ports_are_refused() {
        for raw in [
            "http://127.0.0.1:84937/api",
            "http://127.0.0.1:65536",
            "http://127.0.0.1:0/api",
            "http://127.0.0.1:/api",
            "http://127.0.0.1:080/api",
            "https://h.example:99999999999999999999/",
        ] {
            let e = parse(raw).unwrap_err();
            assert!(e.contains("port") || e.contains("not a URL"), "{raw}: {e}");
        }
    }

    #[test]
    fn http_is_for_loopback_only() {
        for raw in ["http://127.0.0.1", "http://127.255.0.9:1", "http://LOCALHOST:5", "http://[::1]"] {
            assert!(parse(raw).is_ok(), "{raw}");
        }
        for raw in
            ["http://10.0.0.1", "http://[::ffff:127.0.0.1]", "http://localhost.evil.test", "http://128.0.0.1"]
        {
            let e = parse(raw).unwrap_err();
            assert!(e.contains("must use https") && e.contains("127.0.0.0/8"), "{raw}: {e}");
        }
    }

    #[test]
    fn userinfo_queries_and_other_schemes_are_refused() {
        assert!(parse("https://u:p@h.example/").unwrap_err().contains("X_KEY"));
        assert!(parse("https://h.example/api?x=1").is_err());
        assert!(parse("https://h.example/api#x").is_err());
        assert!(parse("ftp://h.example/").is_err());
        assert!(parse("not a url").is_err());
    }
}
