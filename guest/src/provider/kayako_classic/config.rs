//! Kayako Classic configuration from the environment.
//!
//! | variable | meaning |
//! |---|---|
//! | `KAYAKO_API_URL` | the REST entry point, e.g. `https://support.example.com/api/index.php` (a trailing `?`, `/` or `?e=` is tolerated); `http` only on loopback (127.0.0.0/8, ::1, localhost) |
//! | `KAYAKO_API_KEY` | API key (Admin CP → REST API → API Information) |
//! | `KAYAKO_SECRET_KEY` | secret key that signs each request; never sent |

use crate::config::{ConfigProblem, Env};
use crate::http::Scheme;
use crate::provider::api_url::{self, ApiUrl};

use super::signature::Signer;

/// Every key this provider reads.
pub const KEYS: &[&str] = &["KAYAKO_API_URL", "KAYAKO_API_KEY", "KAYAKO_SECRET_KEY"];
/// Keys whose presence means Kayako Classic is meant.
pub const DETECT: &[&str] = &["KAYAKO_API_URL", "KAYAKO_API_KEY", "KAYAKO_SECRET_KEY"];

/// Where the API is and how to sign requests.
#[derive(Clone, Debug)]
pub struct KayakoConfig {
    /// `http` or `https`.
    pub scheme: Scheme,
    /// `host[:port]`, lower case.
    pub authority: String,
    /// Path of the entry script, e.g. `/api/index.php`; requests add `?e=/…`.
    pub script: String,
    /// The API key and secret (redacted in `Debug`).
    pub signer: Signer,
}

impl KayakoConfig {
    /// Reads and validates the configuration, reporting every problem by name.
    pub fn from_env(env: &Env) -> Result<Self, Vec<ConfigProblem>> {
        let mut problems = Vec::new();
        let location = match env.get("KAYAKO_API_URL") {
            Some(url) => parse_url(url).map_err(|m| ConfigProblem::new("KAYAKO_API_URL", m)),
            None => Err(ConfigProblem::new(
                "KAYAKO_API_URL",
                "is missing; set it to your helpdesk's REST entry point, e.g. https://support.example.com/api/index.php",
            )),
        };
        let location = location.map_err(|p| problems.push(p)).ok();
        let mut secret = |key: &str, missing: &str| match env.get(key) {
            Some(v) if !v.chars().any(|c| c.is_whitespace() || c.is_control()) => Some(v.to_owned()),
            // Never echo the value: it is a secret even when malformed.
            Some(_) => {
                problems.push(ConfigProblem::new(
                    key,
                    "contains spaces or control characters; paste the key exactly",
                ));
                None
            }
            None => {
                problems.push(ConfigProblem::new(key, missing));
                None
            }
        };
        let api_key =
            secret("KAYAKO_API_KEY", "is missing; copy it from Admin CP → REST API → API Information");
        let secret_key =
            secret("KAYAKO_SECRET_KEY", "is missing; copy it from Admin CP → REST API → API Information");
        match (location, api_key, secret_key) {
            (Some((scheme, authority, script)), Some(k), Some(s)) if problems.is_empty() => {
                Ok(Self { scheme, authority, script, signer: Signer::new(&k, &s) })
            }
            _ => Err(problems),
        }
    }

    /// The origin the sandbox must allow: `scheme://host:port`, lower case.
    pub fn origin(&self) -> String {
        api_url::origin(self.scheme, &self.authority)
    }

    /// "Kayako Classic at host".
    pub fn label(&self) -> String {
        format!("Kayako Classic at {}", self.authority)
    }
}

type Location = (Scheme, String, String);

/// `https://host/api/index.php`, optionally ending in `?`, `/` or `?e=`
/// (`http` only for loopback hosts; see [`ApiUrl`]).
fn parse_url(raw: &str) -> Result<Location, String> {
    let trimmed = raw.trim();
    let base = trimmed.strip_suffix("?e=").unwrap_or(trimmed).trim_end_matches(['?', '/']);
    let url = ApiUrl::parse(base, "KAYAKO_API_KEY and KAYAKO_SECRET_KEY").map_err(|e| match e.as_str() {
        api_url::QUERY_REFUSED => {
            "must not contain a query (other than a trailing `?e=`) or fragment".to_owned()
        }
        _ => e,
    })?;
    let script = if url.path.is_empty() { "/api/index.php".to_owned() } else { url.path };
    Ok((url.scheme, url.authority, script))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(url: &str) -> Env {
        Env::from_pairs([
            ("KAYAKO_API_URL", url),
            ("KAYAKO_API_KEY", "key-1"),
            ("KAYAKO_SECRET_KEY", "s3cret"),
        ])
    }

    #[test]
    fn the_url_forms_all_name_the_same_entry_point() {
        for url in [
            "https://support.example.com/api/index.php",
            "https://support.example.com/api/index.php?",
            "https://support.example.com/api/index.php/",
            "https://Support.Example.com/api/index.php?e=",
        ] {
            let c = KayakoConfig::from_env(&env(url)).unwrap();
            assert_eq!(c.origin(), "https://support.example.com:443", "{url}");
            assert_eq!(c.script, "/api/index.php", "{url}");
        }
        let c = KayakoConfig::from_env(&env("http://127.0.0.1:9000")).unwrap();
        assert_eq!((c.origin().as_str(), c.script.as_str()), ("http://127.0.0.1:9000", "/api/index.php"));
    }

    #[test]
    fn bad_urls_are_reported_by_name() {
        for url in [
            "http://support.example.com/api/index.php",
            "https://u:p@support.example.com/api/index.php",
            "https://support.example.com/api/index.php?e=/Base/Department",
            "http://127.0.0.1:84937/api/index.php",
            "https://support.example.com:0/api/index.php",
            "ftp://x",
            "not a url",
        ] {
            let problems = KayakoConfig::from_env(&env(url)).unwrap_err();
            assert_eq!(problems[0].key, "KAYAKO_API_URL", "{url}");
        }
    }

    #[test]
    fn missing_keys_are_all_reported_by_name() {
        let problems = KayakoConfig::from_env(&Env::default()).unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["KAYAKO_API_URL", "KAYAKO_API_KEY", "KAYAKO_SECRET_KEY"]);
    }

    #[test]
    fn a_malformed_secret_is_reported_without_its_value() {
        let e = Env::from_pairs([
            ("KAYAKO_API_URL", "https://h.example/api/index.php"),
            ("KAYAKO_API_KEY", "k"),
            ("KAYAKO_SECRET_KEY", "sec ret"),
        ]);
        let problems = KayakoConfig::from_env(&e).unwrap_err();
        assert_eq!(problems[0].key, "KAYAKO_SECRET_KEY");
        assert!(!problems[0].message.contains("sec"));
        let shown = format!("{:?}", KayakoConfig::from_env(&env("https://h.example/api/index.php")).unwrap());
        assert!(!shown.contains("s3cret") && !shown.contains("key-1"), "{shown}");
    }
}
