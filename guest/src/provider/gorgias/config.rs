//! Gorgias configuration from the environment.
//!
//! | variable | meaning |
//! |---|---|
//! | `GORGIAS_DOMAIN` | `acme`, `acme.gorgias.com` or `https://acme.gorgias.com` |
//! | `GORGIAS_EMAIL` | email of the user who created the API key |
//! | `GORGIAS_API_KEY` | REST API key (Settings → REST API); sent as HTTP Basic |
//! | `GORGIAS_BASE_URL` | API root instead of the domain, e.g. `http://127.0.0.1:8125/api` (tests, demo, proxies); `http` only on loopback (127.0.0.0/8, ::1, localhost) |

use crate::config::{ConfigProblem, Env};
use crate::http::Scheme;
use crate::provider::api_url::ApiUrl;
use crate::provider::setup::{ProviderConfig, Reader};

use super::auth::Credentials;

/// Every key this provider reads.
pub const KEYS: &[&str] = &["GORGIAS_DOMAIN", "GORGIAS_EMAIL", "GORGIAS_API_KEY", "GORGIAS_BASE_URL"];
/// Keys whose presence means Gorgias is meant.
pub const DETECT: &[&str] = &["GORGIAS_DOMAIN", "GORGIAS_BASE_URL", "GORGIAS_API_KEY"];

/// Where the Gorgias API is and how to authenticate.
#[derive(Clone, Debug)]
pub struct GorgiasConfig {
    /// The API root; its path has no trailing slash, e.g. `/api`.
    pub url: ApiUrl,
    /// The account subdomain, when known.
    pub account: Option<String>,
    /// Basic-auth credentials (redacted in `Debug`).
    pub credentials: Credentials,
}

impl ProviderConfig for GorgiasConfig {
    const ID: &'static str = "gorgias";

    /// Reads and validates the configuration, reporting every problem by name.
    fn from_env(env: &Env) -> Result<Self, Vec<ConfigProblem>> {
        let mut r = Reader::new(env);
        let location = match (r.get("GORGIAS_BASE_URL"), r.get("GORGIAS_DOMAIN")) {
            (Some(url), _) => parse_base_url(url).map_err(|m| r.problem("GORGIAS_BASE_URL", m)).ok(),
            (None, Some(domain)) => parse_domain(domain).map_err(|m| r.problem("GORGIAS_DOMAIN", m)).ok(),
            (None, None) => {
                r.problem(
                    "GORGIAS_DOMAIN",
                    "is missing; set it to your Gorgias subdomain, e.g. acme for acme.gorgias.com",
                );
                None
            }
        };
        let email = match r
            .required("GORGIAS_EMAIL", "is missing; set it to the email of the user who created the API key")
        {
            Some(e) if e.contains('@') && !e.chars().any(char::is_whitespace) => Some(e),
            Some(_) => {
                r.problem("GORGIAS_EMAIL", "is not an email address");
                None
            }
            None => None,
        };
        let key = r.secret("GORGIAS_API_KEY", "is missing; create one in Gorgias under Settings → REST API");
        let parts = location.zip(email).zip(key);
        r.finish(parts).map(|(((url, account), email), key)| Self {
            url,
            account,
            credentials: Credentials::new(email, &key),
        })
    }

    fn url(&self) -> &ApiUrl {
        &self.url
    }

    /// "Gorgias account acme" or "Gorgias API at host".
    fn label(&self) -> String {
        match &self.account {
            Some(a) => format!("Gorgias account {a} ({a}.gorgias.com)"),
            None => format!("Gorgias API at {}", self.url.authority),
        }
    }
}

type Location = (ApiUrl, Option<String>);

/// `acme`, `acme.gorgias.com`, `https://acme.gorgias.com[/]` or `.../api`.
fn parse_domain(raw: &str) -> Result<Location, String> {
    let lower = raw.trim().to_ascii_lowercase();
    if lower.starts_with("http://") {
        return Err("must use https (Gorgias serves its API over https only)".into());
    }
    let rest = lower.strip_prefix("https://").unwrap_or(&lower);
    let host = rest.trim_end_matches('/').trim_end_matches("/api").trim_end_matches('/');
    let sub = host.strip_suffix(".gorgias.com").unwrap_or(host);
    let valid = !sub.is_empty()
        && sub.len() <= 63
        && sub.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !sub.starts_with('-')
        && !sub.ends_with('-');
    if !valid {
        return Err(format!(
            "`{raw}` is not a Gorgias account; use acme, acme.gorgias.com or https://acme.gorgias.com (set GORGIAS_BASE_URL for any other address)"
        ));
    }
    let url = ApiUrl { scheme: Scheme::Https, authority: format!("{sub}.gorgias.com"), path: "/api".into() };
    Ok((url, Some(sub.to_owned())))
}

/// A full API root URL (`http` only for loopback hosts; see [`ApiUrl`]).
fn parse_base_url(raw: &str) -> Result<Location, String> {
    let mut url = ApiUrl::parse(raw, "GORGIAS_EMAIL and GORGIAS_API_KEY")?;
    if url.path.is_empty() {
        url.path = "/api".to_owned();
    }
    Ok((url, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().copied())
    }

    fn creds() -> Vec<(&'static str, &'static str)> {
        vec![("GORGIAS_EMAIL", "api@acme.test"), ("GORGIAS_API_KEY", "k3y")]
    }

    #[test]
    fn domain_accepts_the_three_documented_forms() {
        for d in [
            "acme",
            "acme.gorgias.com",
            "https://acme.gorgias.com",
            "https://ACME.gorgias.com/",
            "https://acme.gorgias.com/api",
        ] {
            let mut pairs = creds();
            pairs.push(("GORGIAS_DOMAIN", d));
            let c = GorgiasConfig::from_env(&env(&pairs)).unwrap();
            assert_eq!(c.url.origin(), "https://acme.gorgias.com:443", "{d}");
            assert_eq!(c.url.path, "/api");
            assert_eq!(c.account.as_deref(), Some("acme"));
        }
    }

    #[test]
    fn domain_rejects_http_and_lookalikes() {
        for d in [
            "http://acme.gorgias.com",
            "acme.gorgias.com.evil.test",
            "evil.test",
            "ac me",
            "user@evil.test",
            "-acme",
        ] {
            let mut pairs = creds();
            pairs.push(("GORGIAS_DOMAIN", d));
            let problems = GorgiasConfig::from_env(&env(&pairs)).unwrap_err();
            assert_eq!(problems[0].key, "GORGIAS_DOMAIN", "{d}");
        }
    }

    #[test]
    fn base_url_allows_loopback_http_and_any_https() {
        let mut pairs = creds();
        pairs.push(("GORGIAS_BASE_URL", "http://127.0.0.1:8125/api"));
        let c = GorgiasConfig::from_env(&env(&pairs)).unwrap();
        assert_eq!((c.url.origin().as_str(), c.url.path.as_str()), ("http://127.0.0.1:8125", "/api"));

        let mut pairs = creds();
        pairs.push(("GORGIAS_BASE_URL", "https://Proxy.Example.com/gorgias/api/"));
        let c = GorgiasConfig::from_env(&env(&pairs)).unwrap();
        assert_eq!(
            (c.url.origin().as_str(), c.url.path.as_str()),
            ("https://proxy.example.com:443", "/gorgias/api")
        );

        let mut pairs = creds();
        pairs.push(("GORGIAS_BASE_URL", "http://[::1]:9000"));
        let c = GorgiasConfig::from_env(&env(&pairs)).unwrap();
        assert_eq!((c.url.origin().as_str(), c.url.path.as_str()), ("http://[::1]:9000", "/api"));
    }

    #[test]
    fn base_url_rejects_remote_http_userinfo_and_queries() {
        for u in [
            "http://acme.gorgias.com/api",
            "https://u:p@evil.test/api",
            "https://acme.test/api?x=1",
            "http://127.0.0.1:84937/api",
            "http://127.0.0.1:/api",
            "ftp://x",
            "not a url",
        ] {
            let mut pairs = creds();
            pairs.push(("GORGIAS_BASE_URL", u));
            let problems = GorgiasConfig::from_env(&env(&pairs)).unwrap_err();
            assert_eq!(problems[0].key, "GORGIAS_BASE_URL", "{u}");
        }
    }

    #[test]
    fn missing_keys_are_all_reported_by_name() {
        let problems = GorgiasConfig::from_env(&env(&[])).unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["GORGIAS_DOMAIN", "GORGIAS_EMAIL", "GORGIAS_API_KEY"]);
    }

    #[test]
    fn a_malformed_key_is_reported_without_its_value() {
        let problems = GorgiasConfig::from_env(&env(&[
            ("GORGIAS_DOMAIN", "acme"),
            ("GORGIAS_EMAIL", "a@b.c"),
            ("GORGIAS_API_KEY", "sec ret"),
        ]))
        .unwrap_err();
        assert_eq!(problems[0].key, "GORGIAS_API_KEY");
        assert!(!problems[0].message.contains("sec"));
    }
}
