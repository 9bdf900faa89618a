//! DNS-rebinding protection on the component's own front door (`wasmtime
//! serve`, Spin, jco): the same rule as the host's, from the shared
//! `helpdesk-front-door` crate. Loopback names are always allowed; a deployment
//! reached by another name lists it in `HELPDESK_ALLOWED_HOSTS` (and browser
//! origins in `HELPDESK_ALLOWED_ORIGINS`), as the host's `--allowed-host` does.

use serde_json::Value;

use crate::config::Env;
use crate::mcp::{Head, Reply, code};

/// Extra `Host` values (`name` or `name:port`), comma-separated.
pub const ALLOWED_HOSTS_VAR: &str = "HELPDESK_ALLOWED_HOSTS";
/// Extra `Origin` values (`scheme://host[:port]`), comma-separated.
pub const ALLOWED_ORIGINS_VAR: &str = "HELPDESK_ALLOWED_ORIGINS";

/// Refuses (403) a request whose `Host` (or, without one, the request's
/// authority) or `Origin` is not allowed, before its body is read.
pub fn check(head: &Head, authority: Option<&str>, env: &Env) -> Result<(), Reply> {
    let host = head.header("host").or_else(|| authority.map(str::to_owned));
    let hosts = helpdesk_front_door::list(env.get(ALLOWED_HOSTS_VAR));
    if !host.as_deref().is_some_and(|h| helpdesk_front_door::host_allowed(&hosts, h)) {
        return Err(forbidden(format!(
            "Host `{}` is not allowed (list it in {ALLOWED_HOSTS_VAR})",
            host.as_deref().unwrap_or("(none)")
        )));
    }
    if let Some(origin) = head.header("origin") {
        let origins = helpdesk_front_door::list(env.get(ALLOWED_ORIGINS_VAR));
        if !helpdesk_front_door::origin_allowed(&origins, &origin) {
            return Err(forbidden(format!(
                "Origin `{origin}` is not allowed (list it in {ALLOWED_ORIGINS_VAR})"
            )));
        }
    }
    Ok(())
}

fn forbidden(message: String) -> Reply {
    Reply::rpc_error(403, Value::Null, code::TRANSPORT, &format!("Forbidden: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(headers: &[(&str, &str)]) -> Vec<(String, String)> {
        headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn verdict(headers: &[(&str, &str)], authority: Option<&str>, env: &Env) -> u16 {
        let headers = head(headers);
        let h = Head { method: "POST", path: "/mcp", headers: &headers };
        check(&h, authority, env).map_or_else(|r| r.status, |()| 200)
    }

    #[test]
    fn loopback_by_default_and_listed_names_when_configured() {
        let none = Env::from_pairs::<&str, &str>([]);
        assert_eq!(verdict(&[("host", "127.0.0.1:8080")], None, &none), 200);
        assert_eq!(verdict(&[], Some("localhost:8080"), &none), 200, "the authority when no Host header");
        assert_eq!(verdict(&[("host", "evil.example:8080")], None, &none), 403, "a rebound name");
        assert_eq!(verdict(&[], None, &none), 403, "no host at all");
        let origin = [("host", "localhost:8080"), ("origin", "https://evil.example")];
        assert_eq!(verdict(&origin, None, &none), 403);
        let env = Env::from_pairs([
            (ALLOWED_HOSTS_VAR, "mcp.example.com"),
            (ALLOWED_ORIGINS_VAR, "https://app.example.com"),
        ]);
        assert_eq!(verdict(&[("host", "mcp.example.com")], None, &env), 200);
        assert_eq!(
            verdict(&[("host", "mcp.example.com"), ("origin", "https://app.example.com")], None, &env),
            200
        );
        assert_eq!(
            verdict(&[("host", "mcp.example.com"), ("origin", "https://evil.example")], None, &env),
            403
        );
    }

    #[test]
    fn the_refusal_is_a_json_rpc_error_naming_the_setting() {
        let headers = head(&[("host", "evil.example")]);
        let h = Head { method: "POST", path: "/mcp", headers: &headers };
        let Err(reply) = check(&h, None, &Env::from_pairs::<&str, &str>([])) else { panic!("allowed") };
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(body["error"]["code"], code::TRANSPORT);
        assert!(body["error"]["message"].as_str().unwrap().contains(ALLOWED_HOSTS_VAR), "{body}");
    }
}
