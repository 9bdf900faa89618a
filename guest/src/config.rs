//! Configuration, read from environment variables (`wasi:cli/environment`).
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `HELPDESK_PROVIDER` | detected | `gorgias` or `kayako_classic`; needed only when several providers are configured |
//! | `HELPDESK_TIMEOUT_SECS` | 30 | budget of one tool call, retries and waits included |
//! | `HELPDESK_ATTEMPT_TIMEOUT_SECS` | a third of the budget | deadline of one try of a read; a try past it is abandoned and sent again |
//! | `HELPDESK_MAX_OUTPUT_CHARS` | 25000 | cap on one tool result; longer results say how to get the rest |
//! | `HELPDESK_MAX_RESPONSE_BYTES` | 8388608 | cap on one upstream response body, 65536 to 33554432 ([`MAX_RESPONSE_BYTES`]) |
//! | `HELPDESK_ACCESS_LEVEL` | `readonly` | `readonly`, `agent`, `send` or `admin`: the highest tier offered (`send`: messages a customer sees) |
//! | `HELPDESK_TOOLSETS` | all but `raw` | comma-separated toolsets offered |
//! | `HELPDESK_TOOLS` | all | comma-separated tool names offered |
//! | `HELPDESK_CONFIRM_WRITES` | `destructive` | own endpoint, 2026-07-28: which writes ask the user first (`destructive`, `all`, `0`; see [`crate::confirm`]) |
//! | `HELPDESK_MCP_STATE_KEY` | none | own endpoint: the key confirmations are signed with, 32+ bytes, the same on every replica; without it a write that needs confirming is not sent |
//! | `HELPDESK_CONFIRM_TTL_SECS` | 300 | own endpoint: how long a confirmation stays valid |
//!
//! Provider variables (`GORGIAS_*`, ...) are documented in each provider's `config.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::tool::Tier;

/// A configuration key that is missing or malformed (WIT `config-problem`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The environment variable at fault.
    pub key: String,
    /// What is wrong and how to fix it; never echoes a secret value.
    pub message: String,
}

impl ConfigProblem {
    /// A problem with `key`.
    pub fn new(key: &str, message: impl Into<String>) -> Self {
        Self { key: key.to_owned(), message: message.into() }
    }
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// The environment as the component sees it. Blank values count as unset, so
/// `GORGIAS_API_KEY=` in a config file reads as "missing", not as an empty key.
#[derive(Clone, Debug, Default)]
pub struct Env(BTreeMap<String, String>);

impl Env {
    /// The component's environment (`wasi:cli/environment` on wasm).
    pub fn from_process() -> Self {
        Self::from_pairs(std::env::vars())
    }

    /// An environment from explicit pairs (tests, and hosts that build one).
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        Self(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }

    /// The trimmed value of `key`, or `None` when unset or blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// Whether any of `keys` is set.
    pub fn any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.get(k).is_some())
    }
}

/// Product-wide keys (the provider keys are added by `provider::config_keys`).
pub const PRODUCT_KEYS: &[&str] = &[
    "HELPDESK_PROVIDER",
    "HELPDESK_TIMEOUT_SECS",
    "HELPDESK_ATTEMPT_TIMEOUT_SECS",
    "HELPDESK_MAX_OUTPUT_CHARS",
    "HELPDESK_MAX_RESPONSE_BYTES",
    "HELPDESK_ACCESS_LEVEL",
    "HELPDESK_TOOLSETS",
    "HELPDESK_TOOLS",
];

/// The largest `HELPDESK_MAX_RESPONSE_BYTES`: 32 MiB, an eighth of the
/// 256 MiB a host gives one call, because reading, parsing and rendering a
/// body takes a few times its size. A cap equal to the memory limit would let
/// one large answer exhaust it.
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// Product-wide settings shared by every provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Budget of one tool call, including retries and Retry-After waits.
    pub timeout: Duration,
    /// Deadline of one try of a read, when set (else a third of `timeout`).
    pub attempt_timeout: Option<Duration>,
    /// Cap on the characters of one tool result.
    pub max_output_chars: usize,
    /// Cap on the bytes of one upstream response body.
    pub max_response_bytes: usize,
    /// Highest tier of tool offered by the component's own MCP endpoint.
    pub access_level: Tier,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            attempt_timeout: None,
            max_output_chars: 25_000,
            max_response_bytes: 8 * 1024 * 1024,
            access_level: Tier::Readonly,
        }
    }
}

impl Settings {
    /// Reads the `HELPDESK_*` settings, reporting every bad key at once.
    pub fn from_env(env: &Env) -> Result<Self, Vec<ConfigProblem>> {
        let defaults = Self::default();
        let mut problems = Vec::new();
        let timeout = number(env, "HELPDESK_TIMEOUT_SECS", 1, 600, &mut problems)
            .map_or(defaults.timeout, Duration::from_secs);
        let attempt_timeout =
            number(env, "HELPDESK_ATTEMPT_TIMEOUT_SECS", 1, 600, &mut problems).map(Duration::from_secs);
        let max_output_chars = number(env, "HELPDESK_MAX_OUTPUT_CHARS", 2_000, 1_000_000, &mut problems)
            .map_or(defaults.max_output_chars, |n| n as usize);
        let max_response_bytes =
            number(env, "HELPDESK_MAX_RESPONSE_BYTES", 64 * 1024, MAX_RESPONSE_BYTES as u64, &mut problems)
                .map_or(defaults.max_response_bytes, |n| n as usize);
        let access_level = match env.get("HELPDESK_ACCESS_LEVEL") {
            None => defaults.access_level,
            Some(v) => Tier::parse(v).unwrap_or_else(|| {
                problems.push(ConfigProblem::new(
                    "HELPDESK_ACCESS_LEVEL",
                    format!("`{v}` is not an access level; use readonly, agent, send or admin"),
                ));
                defaults.access_level
            }),
        };
        if problems.is_empty() {
            Ok(Self { timeout, attempt_timeout, max_output_chars, max_response_bytes, access_level })
        } else {
            Err(problems)
        }
    }
}

impl Settings {
    /// The HTTP limits of one call under these settings.
    pub fn limits(&self) -> crate::http::Limits {
        let limits = crate::http::Limits::new(self.timeout, self.max_response_bytes);
        match self.attempt_timeout {
            Some(attempt) => limits.with_attempt_timeout(attempt),
            None => limits,
        }
    }
}

fn number(env: &Env, key: &str, min: u64, max: u64, problems: &mut Vec<ConfigProblem>) -> Option<u64> {
    let raw = env.get(key)?;
    match raw.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            problems
                .push(ConfigProblem::new(key, format!("`{raw}` is not a whole number from {min} to {max}")));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_count_as_unset() {
        let env = Env::from_pairs([("A", "  "), ("B", " x ")]);
        assert_eq!(env.get("A"), None);
        assert_eq!(env.get("B"), Some("x"));
        assert!(env.any(&["A", "B"]));
        assert!(!env.any(&["A", "C"]));
    }

    #[test]
    fn settings_default_when_unset() {
        assert_eq!(Settings::from_env(&Env::default()), Ok(Settings::default()));
    }

    #[test]
    fn settings_report_every_bad_key_by_name() {
        let env = Env::from_pairs([
            ("HELPDESK_TIMEOUT_SECS", "soon"),
            ("HELPDESK_MAX_OUTPUT_CHARS", "10"),
            ("HELPDESK_ACCESS_LEVEL", "root"),
        ]);
        let problems = Settings::from_env(&env).unwrap_err();
        let keys: Vec<_> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["HELPDESK_TIMEOUT_SECS", "HELPDESK_MAX_OUTPUT_CHARS", "HELPDESK_ACCESS_LEVEL"]);
    }

    #[test]
    fn the_response_cap_stays_well_under_the_memory_limit() {
        let at = |v: &str| Settings::from_env(&Env::from_pairs([("HELPDESK_MAX_RESPONSE_BYTES", v)]));
        assert_eq!(at("33554432").map(|s| s.max_response_bytes), Ok(MAX_RESPONSE_BYTES));
        let problems = at("268435456").unwrap_err();
        assert_eq!(problems[0].key, "HELPDESK_MAX_RESPONSE_BYTES");
        assert!(problems[0].message.contains("33554432"), "{}", problems[0].message);
    }

    #[test]
    fn settings_parse_valid_values() {
        let env = Env::from_pairs([("HELPDESK_TIMEOUT_SECS", "5"), ("HELPDESK_ACCESS_LEVEL", "Agent")]);
        let s = Settings::from_env(&env).unwrap();
        assert_eq!(s.timeout, Duration::from_secs(5));
        assert_eq!(s.access_level, Tier::Agent);
    }
}
