//! Rules both MCP front doors apply, kept here once: asking the person before
//! a write ([`confirm`]), and, below, which `Host` and `Origin` a front door
//! answers.
//!
//! Which `Host` and `Origin` a front door answers: loopback names always, plus
//! what the operator lists. Both front doors apply it — the host's Streamable
//! HTTP transport (`--allowed-host`, `--allowed-origin`) and the component's
//! own `wasi:http` handler under `wasmtime serve`, Spin or jco
//! (`HELPDESK_ALLOWED_HOSTS`, `HELPDESK_ALLOWED_ORIGINS`) — so the rule lives
//! here once. A browser page whose name was rebound to 127.0.0.1 still sends
//! its own name in `Host` (and `Origin`), which is how it is told apart.

pub mod confirm;

/// Loopback names, always allowed in `Host` and `Origin`.
pub const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// Splits an authority into a lower-case host (brackets and a trailing dot
/// removed) and its port, if written.
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

/// Whether a `Host` value is loopback or one of `extra` (`name` or `name:port`;
/// an entry without a port allows any).
pub fn host_allowed(extra: &[String], value: &str) -> bool {
    let (host, port) = split_authority(value);
    if host.is_empty() || value.contains('@') {
        return false;
    }
    LOOPBACK.contains(&host.as_str())
        || extra.iter().any(|entry| {
            let (h, p) = split_authority(entry);
            h == host && (p.is_none() || p == port)
        })
}

/// Whether an `Origin` value (`scheme://host[:port]`) is loopback or one of
/// `extra`; `null` and anything that is not http(s) never is.
pub fn origin_allowed(extra: &[String], value: &str) -> bool {
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
        || extra.iter().any(|entry| {
            entry.split_once("://").is_some_and(|(s, a)| {
                let (h, p) = split_authority(a);
                s.eq_ignore_ascii_case(&scheme) && h == host && p.unwrap_or(default_port) == port
            })
        })
}

/// A comma- or whitespace-separated list from configuration.
pub fn list(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        list(Some("mcp.example.com, internal:9000"))
    }

    fn origins() -> Vec<String> {
        list(Some("https://app.example.com"))
    }

    #[test]
    fn hosts_loopback_and_listed_only() {
        for ok in
            ["localhost:8080", "127.0.0.1", "[::1]:3000", "LOCALHOST", "mcp.example.com:443", "internal:9000"]
        {
            assert!(host_allowed(&hosts(), ok), "{ok}");
        }
        for bad in
            ["evil.example.com", "mcp.example.com.evil.test", "internal:9001", "localhost@evil.test", ""]
        {
            assert!(!host_allowed(&hosts(), bad), "{bad}");
        }
    }

    #[test]
    fn origins_need_scheme_host_and_port_to_match() {
        for ok in [
            "http://localhost:6274",
            "http://127.0.0.1",
            "https://app.example.com",
            "https://app.example.com:443",
        ] {
            assert!(origin_allowed(&origins(), ok), "{ok}");
        }
        for bad in [
            "null",
            "http://evil.example.com",
            "http://app.example.com",
            "https://app.example.com:8443",
            "https://app.example.com.evil.test",
            "file://localhost",
        ] {
            assert!(!origin_allowed(&origins(), bad), "{bad}");
        }
    }

    #[test]
    fn lists_split_on_commas_and_spaces() {
        assert_eq!(list(Some(" a.example, b.example:8080 c\n")), ["a.example", "b.example:8080", "c"]);
        assert!(list(None).is_empty() && list(Some(" , ")).is_empty());
    }
}
