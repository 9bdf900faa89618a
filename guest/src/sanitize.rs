//! The last line of defence for error text: removes credentials, tokens,
//! vendor API keys, internal network addresses and filesystem paths before an
//! error reaches the client.
//!
//! Errors are built from typed fields in the first place (see `tool::error`),
//! so this only matters for text that came from elsewhere: an upstream
//! `error.msg`, a runtime's error name. Customer emails are kept on purpose:
//! the agent needs them, and they are not secrets.

/// Secret-bearing `key=value` / `key: value` names (lower case).
const SECRET_KEYS: &[&str] = &[
    "api_key",
    "apikey",
    "api-key",
    "x-api-key",
    "access_token",
    "refresh_token",
    "token",
    "secret",
    "secret_key",
    "client_secret",
    "password",
    "passwd",
    "pwd",
    "authorization",
    "signature",
    "private_key",
];

/// Prefixes of well-known vendor credentials.
const VENDOR_PREFIXES: &[&str] = &[
    "sk_live_",
    "sk_test_",
    "pk_live_",
    "pk_test_",
    "rk_live_",
    "rk_test_",
    "whsec_",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "npm_",
    "AKIA",
    "ASIA",
    "AIza",
    "SG.",
];

/// Filesystem locations that say something about the machine.
const PATH_PREFIXES: &[&str] = &[
    "/home/",
    "/Users/",
    "/var/",
    "/tmp/",
    "/etc/",
    "/root/",
    "/proc/",
    "/sys/",
    "/opt/",
    "/srv/",
    "/mnt/",
    "/private/",
    "/usr/",
    "/workspace/",
    "/app/",
];

/// `text` with secrets and internal details replaced by placeholders.
pub fn text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut redact_next = false;
    let mut rest = input;
    while !rest.is_empty() {
        let ws = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..end];
        rest = &rest[end..];
        if token.is_empty() {
            continue;
        }
        // `[v6]` and `[v6]:port` own their brackets: replace them whole, or the
        // punctuation split would wrap the placeholder in a second pair.
        if let Some((start, end)) = bracketed_internal(token) {
            redact_next = false;
            out.push_str(&token[..start]);
            out.push_str("[internal address]");
            out.push_str(&token[end..]);
            continue;
        }
        let (lead, core, trail) = split_punctuation(token);
        let replaced = if redact_next && looks_like_credential(core) {
            redact_next = false;
            Some("[REDACTED]".to_owned())
        } else {
            redact_next = matches!(core.to_ascii_lowercase().as_str(), "bearer" | "basic" | "token");
            classify(core)
        };
        match replaced {
            Some(r) => {
                out.push_str(lead);
                out.push_str(&r);
                out.push_str(trail);
            }
            None => out.push_str(token),
        }
    }
    out
}

/// Splits surrounding quotes, brackets and sentence punctuation off a token.
fn split_punctuation(token: &str) -> (&str, &str, &str) {
    let is_edge =
        |c: char| matches!(c, '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | ',' | ';' | '`');
    let start = token.find(|c: char| !is_edge(c)).unwrap_or(token.len());
    let end = token
        .char_indices()
        .rev()
        .find(|(_, c)| !is_edge(*c) && *c != '.' && *c != ':')
        .map_or(start, |(i, c)| i + c.len_utf8())
        .max(start);
    (&token[..start], &token[start..end], &token[end..])
}

/// The span of a bracketed internal IPv6 literal, with its `:port`, that
/// starts a token after opening punctuation: `([::1]:9000),` → `[::1]:9000`.
fn bracketed_internal(token: &str) -> Option<(usize, usize)> {
    let start = token.find(|c: char| !matches!(c, '"' | '\'' | '(' | '<' | '`'))?;
    let inner_end = start + token[start..].find(']')?;
    let v6 = token[start..inner_end].strip_prefix('[')?;
    if !internal_v6(v6) {
        return None;
    }
    let after = &token[inner_end + 1..];
    let port = after.strip_prefix(':').map_or(0, |p| 1 + p.bytes().take_while(u8::is_ascii_digit).count());
    Some((start, inner_end + 1 + port))
}

/// Whether a word after "Bearer"/"Basic"/"token" is a credential, not prose.
fn looks_like_credential(core: &str) -> bool {
    core.len() >= 8
        && core.bytes().any(|b| b.is_ascii_digit())
        && core.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=._-".contains(&b))
}

/// The replacement for a token that must not be shown, if any.
fn classify(core: &str) -> Option<String> {
    if core.is_empty() {
        return None;
    }
    // key=value and key:value pairs with a secret key.
    for sep in ['=', ':'] {
        if let Some((key, value)) = core.split_once(sep) {
            let k = key.trim_start_matches(['?', '&']).to_ascii_lowercase();
            if !value.is_empty() && SECRET_KEYS.contains(&k.as_str()) {
                return Some(format!("{key}{sep}[REDACTED]"));
            }
        }
    }
    if let Some(stripped) = strip_userinfo(core) {
        return Some(redact_query(&stripped).unwrap_or(stripped));
    }
    if let Some(scrubbed) = redact_query(core) {
        return Some(scrubbed);
    }
    if is_jwt(core) {
        return Some("[REDACTED_TOKEN]".into());
    }
    if VENDOR_PREFIXES.iter().any(|p| core.starts_with(p) && core.len() >= p.len() + 8) {
        return Some("[REDACTED_KEY]".into());
    }
    if PATH_PREFIXES.iter().any(|p| core.starts_with(p)) || is_windows_path(core) {
        return Some("[path]".into());
    }
    if is_internal_address(core) {
        return Some("[internal address]".into());
    }
    None
}

/// Secret query parameters inside a URL or path: `...?api_key=x&limit=5`.
fn redact_query(core: &str) -> Option<String> {
    let (head, query) = core.split_once('?')?;
    let mut changed = false;
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !v.is_empty() && SECRET_KEYS.contains(&k.to_ascii_lowercase().as_str()) => {
                changed = true;
                format!("{k}=[REDACTED]")
            }
            _ => pair.to_owned(),
        })
        .collect();
    changed.then(|| format!("{head}?{}", pairs.join("&")))
}

/// `scheme://user:pass@host/...` → `scheme://[REDACTED]@host/...`.
fn strip_userinfo(core: &str) -> Option<String> {
    let (scheme, rest) = core.split_once("://")?;
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let at = rest[..authority_end].rfind('@')?;
    Some(format!("{scheme}://[REDACTED]@{}", &rest[at + 1..]))
}

fn is_jwt(core: &str) -> bool {
    core.starts_with("eyJ") && core.matches('.').count() == 2 && core.len() > 20
}

fn is_windows_path(core: &str) -> bool {
    let b = core.as_bytes();
    (b.len() > 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\') || core.starts_with("\\\\")
}

/// Loopback, private, link-local and unique-local addresses, with or without
/// a port, a scheme or a path.
fn is_internal_address(core: &str) -> bool {
    let host = core.split_once("://").map_or(core, |(_, r)| r);
    let host = host.split('/').next().unwrap_or(host);
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.split(']').next()) {
        return internal_v6(v6);
    }
    let without_port = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.contains(':') => h,
        _ => host,
    };
    if let Ok(ip) = without_port.parse::<std::net::Ipv4Addr>() {
        return ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified();
    }
    host.contains(':') && internal_v6(host)
}

fn internal_v6(text: &str) -> bool {
    text.parse::<std::net::Ipv6Addr>().is_ok_and(|ip| {
        let first = ip.segments()[0];
        ip.is_loopback() || ip.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, what must not survive, what must survive)
    const CORPUS: &[(&str, &str, &str)] = &[
        ("Authorization: Bearer abc.def-123_XYZ failed", "abc.def-123_XYZ", "failed"),
        (
            "header was Basic YXBpQG5vcnRod2luZC50ZXN0OmtleQ== (rejected)",
            "YXBpQG5vcnRod2luZC50ZXN0OmtleQ==",
            "(rejected)",
        ),
        (
            "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl expired",
            "eyJhbGciOiJIUzI1NiJ9",
            "expired",
        ),
        ("GET /api/x?api_key=s3cr3t&limit=5 denied", "s3cr3t", "denied"),
        ("password=hunter2, retry", "hunter2", "retry"),
        ("client_secret:abcdefgh is wrong", "abcdefgh", "is wrong"),
        ("stripe key sk_live_51HabcdefGHIJKLmnop rejected", "sk_live_51HabcdefGHIJKLmnop", "rejected"),
        ("slack xoxb-1234567890-abcdefghij", "xoxb-1234567890", "slack"),
        ("github ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "ghp_ABCDEFGH", "github"),
        ("aws AKIAIOSFODNN7EXAMPLE leaked", "AKIAIOSFODNN7EXAMPLE", "leaked"),
        ("google AIzaSyA-1234567890abcdefghijklmnopqrstu", "AIzaSyA", "google"),
        ("postgres://admin:pa55@db.internal:5432/helpdesk down", "pa55", "db.internal:5432/helpdesk"),
        ("connect to 10.1.2.3:8080 refused", "10.1.2.3", "refused"),
        ("upstream 192.168.0.10 said no", "192.168.0.10", "said no"),
        ("metadata at http://169.254.169.254/latest blocked", "169.254.169.254", "blocked"),
        ("host 172.20.1.1 unreachable", "172.20.1.1", "unreachable"),
        ("loopback [::1]:9000 and fe80::1 and fd00::2", "::1", "loopback"),
        ("open /home/deploy/.config/helpdesk.toml: no such file", "/home/deploy", "no such file"),
        ("C:\\Users\\admin\\secrets.txt missing", "C:\\Users", "missing"),
        ("see /etc/passwd", "/etc/passwd", "see"),
    ];

    #[test]
    fn the_corpus_is_scrubbed() {
        for (input, gone, kept) in CORPUS {
            let out = text(input);
            assert!(!out.contains(gone), "{input:?} -> {out:?} still has {gone:?}");
            assert!(out.contains(kept), "{input:?} -> {out:?} lost {kept:?}");
        }
    }

    #[test]
    fn ordinary_errors_are_untouched() {
        for input in [
            "Ticket 4521 was not found. Check the number, or find the ticket with search_tickets.",
            "The helpdesk answered HTTP 400: \"limit: Must be at most 100\".",
            "No customer has the email alice.johnson@example.com; search_tickets can search by name",
            "Invalid argument `created_after`: `last tuesday` is not a date",
            "blocked by sandbox: evil.test is not the configured helpdesk origin.",
            "GET /api/tickets/4521 answered 503 after 3 attempts",
            "Wait 5 s and try again (40/40 requests used).",
            "The Basic plan does not include the API; the token was refused.",
        ] {
            assert_eq!(text(input), input);
        }
    }

    #[test]
    fn bracketed_ipv6_literals_get_one_pair_of_brackets() {
        assert_eq!(text("could not reach [::1] (refused)"), "could not reach [internal address] (refused)");
        assert_eq!(text("at [::1]:9000, then"), "at [internal address], then");
        assert_eq!(text("(http://[::1]:9000/api)"), "([internal address])");
        assert_eq!(text("\"[fd00::2]:80\"."), "\"[internal address]\".");
        assert_eq!(text("[2001:db8::1] is public"), "[2001:db8::1] is public");
    }

    #[test]
    fn whitespace_and_punctuation_are_kept() {
        assert_eq!(text("a  b\n\tc"), "a  b\n\tc");
        assert_eq!(text("(key=secretvalue)."), "(key=secretvalue).");
        assert_eq!(text("(api_key=secretvalue)."), "(api_key=[REDACTED]).");
    }
}
