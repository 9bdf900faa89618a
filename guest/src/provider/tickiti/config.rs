//! Tickiti configuration from the environment, exactly as the official tickiti-mcp reads
//! it, so existing configurations carry over.
//!
//! | variable | meaning |
//! |---|---|
//! | `TICKITI_API_BASE` | the install's public address, e.g. `https://support.example.com`; `/api/v1/...` is appended (a trailing `/` or `/api/v1` is tolerated); `http` only on loopback |
//! | `TICKITI_API_TOKEN` | a personal-access token (Administration → API keys), sent as `Bearer`; its abilities decide what works |

use crate::config::{ConfigProblem, Env};
use crate::provider::api_url::ApiUrl;
use crate::provider::setup::{ProviderConfig, Reader};

use super::auth::Token;

/// Every key this provider reads.
pub const KEYS: &[&str] = &["TICKITI_API_BASE", "TICKITI_API_TOKEN"];
/// Keys whose presence means Tickiti is meant.
pub const DETECT: &[&str] = &["TICKITI_API_BASE", "TICKITI_API_TOKEN"];

/// Where the API is and the token.
#[derive(Clone, Debug)]
pub struct TickitiConfig {
    /// The API root: the install's address with `/api/v1` as its path.
    pub url: ApiUrl,
    /// The bearer token (redacted in `Debug`).
    pub token: Token,
}

impl ProviderConfig for TickitiConfig {
    const ID: &'static str = "tickiti";

    fn from_env(env: &Env) -> Result<Self, Vec<ConfigProblem>> {
        let mut r = Reader::new(env);
        let url = r.url(
            "TICKITI_API_BASE",
            "is missing; set it to your Tickiti install's address, e.g. https://support.example.com",
            parse_base,
        );
        let token = r.secret(
            "TICKITI_API_TOKEN",
            "is missing; mint a token in Tickiti under Administration → API keys",
        );
        r.finish(url.zip(token)).map(|(url, token)| Self { url, token: Token::new(&token) })
    }

    fn url(&self) -> &ApiUrl {
        &self.url
    }

    /// "Tickiti at host".
    fn label(&self) -> String {
        format!("Tickiti at {}", self.url.authority)
    }
}

/// The install's address with `/api/v1` appended (already there, or a trailing slash, is fine).
fn parse_base(raw: &str) -> Result<ApiUrl, String> {
    let mut url = ApiUrl::parse(raw.trim().trim_end_matches('/'), "TICKITI_API_TOKEN")?;
    let install = url.path.strip_suffix("/api/v1").unwrap_or(&url.path).trim_end_matches('/').to_owned();
    url.path = format!("{install}/api/v1");
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(base: &str) -> Env {
        Env::from_pairs([("TICKITI_API_BASE", base), ("TICKITI_API_TOKEN", "tk_0123456789")])
    }

    #[test]
    fn the_address_forms_name_the_same_api_root() {
        for base in [
            "https://support.example.com",
            "https://support.example.com/",
            "https://Support.Example.com/api/v1",
            "https://support.example.com/api/v1/",
        ] {
            let c = TickitiConfig::from_env(&env(base)).unwrap();
            assert_eq!(
                (c.url.origin().as_str(), c.url.path.as_str()),
                ("https://support.example.com:443", "/api/v1"),
                "{base}"
            );
        }
        let c = TickitiConfig::from_env(&env("https://example.com/helpdesk/")).unwrap();
        assert_eq!(c.url.path, "/helpdesk/api/v1");
        assert!(TickitiConfig::from_env(&env("http://127.0.0.1:8080")).is_ok());
    }

    #[test]
    fn problems_are_reported_by_key_without_the_token() {
        for base in ["http://support.example.com", "https://u:p@x.example", "https://x.example?a=1", "nope"] {
            assert_eq!(TickitiConfig::from_env(&env(base)).unwrap_err()[0].key, "TICKITI_API_BASE", "{base}");
        }
        let p = TickitiConfig::from_env(&Env::default()).unwrap_err();
        let keys: Vec<&str> = p.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["TICKITI_API_BASE", "TICKITI_API_TOKEN"]);
        let shown = format!("{:?}", TickitiConfig::from_env(&env("https://x.example")).unwrap());
        assert!(!shown.contains("tk_0123456789"), "{shown}");
    }
}
