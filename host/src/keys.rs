//! Client keys for the HTTP transport, Open Help Desk style: each client gets
//! its own bearer key with an access tier and a label, so one assistant can
//! be revoked without touching the others and the request log names who
//! called. Keys are kept only as SHA-256 digests and compared in constant
//! time; the plain key never leaves [`ClientKeys::load`].

use std::path::Path;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::component::Tier;
use crate::policy::parse_tier;

/// Shortest key accepted: guessing must stay out of reach.
pub const MIN_KEY_LEN: usize = 20;

/// Why the keys could not be loaded. Never contains a key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The keys file could not be read.
    #[error("HELPDESK_MCP_KEYS_FILE: cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line of the keys file is malformed.
    #[error("HELPDESK_MCP_KEYS_FILE line {line}: {problem}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong (without the key).
        problem: String,
    },
    /// `HELPDESK_MCP_KEY` is malformed.
    #[error("HELPDESK_MCP_KEY: {0}")]
    Single(String),
}

/// Who a request comes from, once its key matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// The highest tier this client may use.
    pub tier: Tier,
    /// Its label, for the request log.
    pub label: String,
}

#[derive(Clone)]
struct Entry {
    digest: [u8; 32],
    client: Client,
}

/// The configured keys (possibly none).
#[derive(Clone, Default)]
pub struct ClientKeys {
    entries: Vec<Entry>,
}

impl std::fmt::Debug for ClientKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let labels: Vec<&str> = self.entries.iter().map(|e| e.client.label.as_str()).collect();
        f.debug_struct("ClientKeys").field("labels", &labels).finish()
    }
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

fn check_key(key: &str) -> Result<(), String> {
    if key.len() < MIN_KEY_LEN {
        return Err(format!("a key must be at least {MIN_KEY_LEN} characters (try `openssl rand -hex 32`)"));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("a key must be printable ASCII without spaces".into());
    }
    Ok(())
}

impl ClientKeys {
    /// Reads `HELPDESK_MCP_KEYS_FILE` (lines of `key tier [label]`, `#` comments)
    /// and `HELPDESK_MCP_KEY` (one key, with the server's own access level).
    pub fn load(file: Option<&Path>, single: Option<&str>, single_tier: Tier) -> Result<Self, KeyError> {
        let mut keys = Self::default();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|source| KeyError::Read { path: path.display().to_string(), source })?;
            keys = Self::parse(&text)?;
        }
        if let Some(key) = single.map(str::trim).filter(|k| !k.is_empty()) {
            check_key(key).map_err(KeyError::Single)?;
            keys.push(key, Client { tier: single_tier, label: "HELPDESK_MCP_KEY".into() });
        }
        Ok(keys)
    }

    /// Parses the keys-file format.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let mut keys = Self::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |problem: String| KeyError::Line { line: n + 1, problem };
            let mut words = line.split_whitespace();
            let key = words.next().unwrap_or_default();
            check_key(key).map_err(bad)?;
            let tier = words.next().ok_or_else(|| bad("expected `key tier [label]`".into()))?;
            let tier = parse_tier(tier)
                .ok_or_else(|| bad(format!("`{tier}` is not a tier; use readonly, agent, send or admin")))?;
            let label = words.collect::<Vec<_>>().join(" ");
            let label = if label.is_empty() { format!("key-{}", n + 1) } else { label };
            if keys.entries.iter().any(|e| bool::from(e.digest.ct_eq(&digest(key)))) {
                return Err(bad("this key is listed twice".into()));
            }
            keys.push(key, Client { tier, label });
        }
        Ok(keys)
    }

    fn push(&mut self, key: &str, client: Client) {
        self.entries.push(Entry { digest: digest(key), client });
    }

    /// Whether any key is configured (if none, the server is open).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many keys are configured.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The client `presented` belongs to. Every entry is compared, in
    /// constant time, so timing says nothing about which key nearly matched.
    pub fn authenticate(&self, presented: &str) -> Option<Client> {
        let wanted = digest(presented);
        let mut found = None;
        for entry in &self.entries {
            if bool::from(entry.digest.ct_eq(&wanted)) {
                found = Some(entry.client.clone());
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "k_readonly_0123456789abcdef";
    const B: &str = "k_agent_0123456789abcdef0123";

    #[test]
    fn parses_keys_tiers_and_labels() {
        let keys =
            ClientKeys::parse(&format!("# clients\n{A} readonly Claude Desktop\n\n{B} agent\n")).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(
            keys.authenticate(A),
            Some(Client { tier: Tier::Readonly, label: "Claude Desktop".into() })
        );
        assert_eq!(keys.authenticate(B), Some(Client { tier: Tier::Agent, label: "key-4".into() }));
        assert_eq!(keys.authenticate("k_unknown_0123456789abcdef"), None);
        assert_eq!(keys.authenticate(""), None);
    }

    #[test]
    fn errors_name_the_line_but_never_the_key() {
        for (text, needle) in [
            ("short readonly", "at least"),
            (A, "expected"),
            (&format!("{A} root"), "not a tier"),
            (&format!("{A} admin\n{A} agent"), "twice"),
        ] {
            let e = ClientKeys::parse(text).unwrap_err().to_string();
            assert!(e.contains(needle), "{e}");
            assert!(!e.contains(A), "{e}");
        }
    }

    #[test]
    fn the_single_key_gets_the_servers_level() {
        let keys = ClientKeys::load(None, Some(B), Tier::Agent).unwrap();
        assert_eq!(keys.authenticate(B).map(|c| c.tier), Some(Tier::Agent));
        assert!(ClientKeys::load(None, Some("tiny"), Tier::Agent).is_err());
        assert!(ClientKeys::load(None, Some("  "), Tier::Agent).unwrap().is_empty());
    }

    #[test]
    fn debug_output_shows_labels_only() {
        let keys = ClientKeys::parse(&format!("{A} readonly ci")).unwrap();
        let shown = format!("{keys:?}");
        assert!(shown.contains("ci") && !shown.contains(A));
    }
}
