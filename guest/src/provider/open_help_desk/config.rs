//! Open Help Desk configuration from the environment.
//!
//! | variable | meaning |
//! |---|---|
//! | `OHD_BASE_URL` | the install's address, e.g. `https://helpdesk.example.com` (the REST API is under `/api/v1`); `http` only on loopback |
//! | `OHD_API_KEY` | an API key, `ohd_sk_…` (sent as `Authorization: Bearer`) |
//! | `OHD_CLIENT_ID`, `OHD_CLIENT_SECRET` | instead of a key: OAuth2 client credentials for `POST /api/auth/token` |

use crate::config::{ConfigProblem, Env};
use crate::provider::api_url::ApiUrl;
use crate::provider::setup::{ProviderConfig, Reader};

use super::auth::Credentials;

/// Every key this provider reads.
pub const KEYS: &[&str] = &["OHD_BASE_URL", "OHD_API_KEY", "OHD_CLIENT_ID", "OHD_CLIENT_SECRET"];
/// Keys whose presence means Open Help Desk is meant.
pub const DETECT: &[&str] = &["OHD_BASE_URL", "OHD_API_KEY", "OHD_CLIENT_ID"];

/// Where the install is and how to authenticate.
#[derive(Clone, Debug)]
pub struct OhdConfig {
    /// The install's address; its path is the prefix of `/api/v1`.
    pub url: ApiUrl,
    /// An API key or client credentials (redacted in `Debug`).
    pub credentials: Credentials,
}

impl ProviderConfig for OhdConfig {
    const ID: &'static str = "open_help_desk";

    fn from_env(env: &Env) -> Result<Self, Vec<ConfigProblem>> {
        let mut r = Reader::new(env);
        let url = r.url(
            "OHD_BASE_URL",
            "is missing; set it to your Open Help Desk address, e.g. https://helpdesk.example.com",
            |raw| {
                let mut url = ApiUrl::parse(raw.trim(), "OHD_API_KEY or OHD_CLIENT_SECRET")?;
                url.path = url
                    .path
                    .trim_end_matches('/')
                    .trim_end_matches("/api/v1")
                    .trim_end_matches('/')
                    .to_owned();
                Ok(url)
            },
        );
        let has_client = r.get("OHD_CLIENT_ID").is_some() || r.get("OHD_CLIENT_SECRET").is_some();
        let credentials = match (r.get("OHD_API_KEY").is_some(), has_client) {
            (true, true) => {
                r.problem(
                    "OHD_API_KEY",
                    "set either OHD_API_KEY or OHD_CLIENT_ID with OHD_CLIENT_SECRET, not both",
                );
                None
            }
            (false, true) => {
                let id = r.secret(
                    "OHD_CLIENT_ID",
                    "is missing; set it with OHD_CLIENT_SECRET (Admin → API clients)",
                );
                let secret = r.secret(
                    "OHD_CLIENT_SECRET",
                    "is missing; set it with OHD_CLIENT_ID (Admin → API clients)",
                );
                id.zip(secret).map(|(i, s)| Credentials::client(&i, &s))
            }
            _ => {
                let key = r.secret(
                    "OHD_API_KEY",
                    "is missing; create an API key (it starts with ohd_sk_) or set OHD_CLIENT_ID and OHD_CLIENT_SECRET",
                );
                match key {
                    Some(k) if !k.starts_with("ohd_sk_") => {
                        r.problem(
                            "OHD_API_KEY",
                            "does not look like an Open Help Desk API key (they start with ohd_sk_)",
                        );
                        None
                    }
                    k => k.map(|k| Credentials::key(&k)),
                }
            }
        };
        r.finish(url.zip(credentials)).map(|(url, credentials)| Self { url, credentials })
    }

    fn url(&self) -> &ApiUrl {
        &self.url
    }

    /// "Open Help Desk at host (API key)".
    fn label(&self) -> String {
        format!("Open Help Desk at {} ({})", self.url.authority, self.credentials.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_or_client_credentials_but_not_both() {
        let env =
            Env::from_pairs([("OHD_BASE_URL", "https://hd.example.com/"), ("OHD_API_KEY", "ohd_sk_abc")]);
        let c = OhdConfig::from_env(&env).unwrap();
        assert_eq!((c.url.origin().as_str(), c.url.path.as_str()), ("https://hd.example.com:443", ""));
        let env = Env::from_pairs([
            ("OHD_BASE_URL", "http://127.0.0.1:9/api/v1"),
            ("OHD_CLIENT_ID", "cid"),
            ("OHD_CLIENT_SECRET", "csecret"),
        ]);
        let c = OhdConfig::from_env(&env).unwrap();
        assert!(c.label().contains("client credentials") && c.url.path.is_empty());
        assert!(!format!("{c:?}").contains("csecret"));
        let env = Env::from_pairs([
            ("OHD_BASE_URL", "https://hd.example.com"),
            ("OHD_API_KEY", "ohd_sk_abc"),
            ("OHD_CLIENT_ID", "cid"),
        ]);
        assert_eq!(OhdConfig::from_env(&env).unwrap_err()[0].key, "OHD_API_KEY");
    }

    #[test]
    fn problems_are_reported_by_key_without_values() {
        let env =
            Env::from_pairs([("OHD_BASE_URL", "http://hd.example.com"), ("OHD_API_KEY", "sk_live_zzz")]);
        let problems = OhdConfig::from_env(&env).unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["OHD_BASE_URL", "OHD_API_KEY"]);
        assert!(problems.iter().all(|p| !p.message.contains("sk_live_zzz")));
        let env = Env::from_pairs([("OHD_BASE_URL", "https://hd.example.com"), ("OHD_CLIENT_ID", "cid")]);
        assert_eq!(OhdConfig::from_env(&env).unwrap_err()[0].key, "OHD_CLIENT_SECRET");
    }
}
