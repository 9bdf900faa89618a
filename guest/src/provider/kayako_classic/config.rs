//! Kayako Classic configuration from the environment.
//!
//! | variable | meaning |
//! |---|---|
//! | `KAYAKO_API_URL` | the REST entry point, e.g. `https://support.example.com/api/index.php` (a trailing `?`, `/` or `?e=` is tolerated); `http` only on loopback (127.0.0.0/8, ::1, localhost) |
//! | `KAYAKO_API_KEY` | API key (Admin CP → REST API → API Information) |
//! | `KAYAKO_SECRET_KEY` | secret key that signs each request; never sent |

use crate::config::{ConfigProblem, Env};
use crate::provider::api_url::{self, ApiUrl};
use crate::provider::setup::{ProviderConfig, Reader};

use super::signature::Signer;

/// Every key this provider reads.
pub const KEYS: &[&str] = &["KAYAKO_API_URL", "KAYAKO_API_KEY", "KAYAKO_SECRET_KEY"];
/// Keys whose presence means Kayako Classic is meant.
pub const DETECT: &[&str] = &["KAYAKO_API_URL", "KAYAKO_API_KEY", "KAYAKO_SECRET_KEY"];

/// Where the API is and how to sign requests.
#[derive(Clone, Debug)]
pub struct KayakoConfig {
    /// The entry script, e.g. `/api/index.php` as its path; requests add `?e=/…`.
    pub url: ApiUrl,
    /// The API key and secret (redacted in `Debug`).
    pub signer: Signer,
}

impl ProviderConfig for KayakoConfig {
    const ID: &'static str = "kayako_classic";

    /// Reads and validates the configuration, reporting every problem by name.
    fn from_env(env: &Env) -> Result<Self, Vec<ConfigProblem>> {
        let mut r = Reader::new(env);
        let url = r.url(
            "KAYAKO_API_URL",
            "is missing; set it to your helpdesk's REST entry point, e.g. https://support.example.com/api/index.php",
            parse_url,
        );
        let from_admin = "is missing; copy it from Admin CP → REST API → API Information";
        let api_key = r.secret("KAYAKO_API_KEY", from_admin);
        let secret_key = r.secret("KAYAKO_SECRET_KEY", from_admin);
        let parts = url.zip(api_key).zip(secret_key);
        r.finish(parts).map(|((url, k), s)| Self { url, signer: Signer::new(&k, &s) })
    }

    fn url(&self) -> &ApiUrl {
        &self.url
    }

    /// "Kayako Classic at host".
    fn label(&self) -> String {
        format!("Kayako Classic at {}", self.url.authority)
    }
}

/// `https://host/api/index.php`, optionally ending in `?`, `/` or `?e=`
/// (`http` only for loopback hosts; see [`ApiUrl`]).
fn parse_url(raw: &str) -> Result<ApiUrl, String> {
    let trimmed = raw.trim();
    let base = trimmed.strip_suffix("?e=").unwrap_or(trimmed).trim_end_matches(['?', '/']);
    let mut url =
        ApiUrl::parse(base, "KAYAKO_API_KEY and KAYAKO_SECRET_KEY").map_err(|e| match e.as_str() {
            api_url::QUERY_REFUSED => {
                "must not contain a query (other than a trailing `?e=`) or fragment".to_owned()
            }
            _ => e,
        })?;
    if url.path.is_empty() {
        url.path = "/api/index.php".to_owned();
    }
    Ok(url)
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
            assert_eq!(c.url.origin(), "https://support.example.com:443", "{url}");
            assert_eq!(c.url.path, "/api/index.php", "{url}");
        }
        let c = KayakoConfig::from_env(&env("http://127.0.0.1:9000")).unwrap();
        assert_eq!(
            (c.url.origin().as_str(), c.url.path.as_str()),
            ("http://127.0.0.1:9000", "/api/index.php")
        );
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
