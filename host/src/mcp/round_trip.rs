//! Confirmation in MCP 2026-07-28, where a server may no longer ask the
//! client in the middle of a call: a write that needs the user's yes is
//! answered with an `InputRequiredResult` (one form elicitation) and a
//! `requestState` the client echoes back with the user's answer. The state is
//! HMAC-signed (rmcp's `RequestStateCodec`), bound to the caller, the tool
//! and its exact arguments, expires, and is good for one use, so any replica
//! that holds the same key can finish a confirmation another one started.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rmcp::model::{
    ElicitRequest, ElicitRequestParams, ElicitResult, InputRequest, InputRequests, InputRequiredResult,
    InputResponses, RequestStateCodec, RequestStateError, SealOptions,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::confirm::{self, Answer};

/// `HELPDESK_MCP_STATE_KEY`: the request-state signing key every replica shares.
pub const STATE_KEY_VAR: &str = "HELPDESK_MCP_STATE_KEY";
/// `HELPDESK_CONFIRM_TTL_SECS`: how long a confirmation stays valid.
pub use helpdesk_front_door::confirm::TTL_VAR as STATE_TTL_VAR;
use helpdesk_front_door::confirm::{DEFAULT_TTL_SECS, INPUT_KEY};
/// How long a user has to answer by default (as with elicitation in 2025-11-25).
pub const STATE_TTL: Duration = Duration::from_secs(DEFAULT_TTL_SECS);

/// What the signed state carries: a one-time nonce and, for a round trip of
/// several steps, what earlier steps learnt (readable, not secret).
#[derive(Serialize, Deserialize)]
struct Ticket {
    /// Random, hex: what makes the state single-use.
    nonce: String,
    /// The caller's own data; absent for a write confirmation.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    data: Value,
}

/// Why an echoed `requestState` was refused; nothing is sent in any case.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StateError {
    /// Forged, altered, signed with another key, or for another call.
    #[error(
        "requestState failed verification (altered, signed with another key, or issued for other arguments or another client)"
    )]
    Invalid,
    /// Older than the configured lifetime.
    #[error("requestState has expired (a confirmation is valid for {0} s)")]
    Expired(u64),
    /// Already redeemed on this replica.
    #[error("requestState was already used (each confirmation is good for one call)")]
    Replayed,
}

/// Signing key, and the nonces already redeemed here.
pub struct Confirmations {
    codec: RequestStateCodec,
    ttl: Duration,
    /// Nonce → when its state expires; forgotten after that (the codec then
    /// refuses the state as expired anyway).
    used: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for Confirmations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Confirmations").field("codec", &self.codec).finish_non_exhaustive()
    }
}

/// A configured or generated signing key; `generated` says replicas cannot share it.
pub struct StateKey {
    /// The key's bytes (never logged).
    bytes: Vec<u8>,
    /// True when no key was configured.
    pub generated: bool,
}

impl StateKey {
    /// From `HELPDESK_MCP_STATE_KEY` (at least 32 bytes), or 32 random bytes when unset.
    pub fn from_config(raw: Option<&str>) -> Result<Self, String> {
        match raw.map(str::trim).filter(|k| !k.is_empty()) {
            Some(key) if key.len() >= RequestStateCodec::MIN_KEY_LENGTH => {
                Ok(Self { bytes: key.as_bytes().to_vec(), generated: false })
            }
            Some(key) => Err(format!(
                "{STATE_KEY_VAR}: the key has {} bytes; use at least {} (e.g. `openssl rand -hex 32`)",
                key.len(),
                RequestStateCodec::MIN_KEY_LENGTH
            )),
            None => {
                let mut bytes = vec![0u8; 32];
                getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for a state key: {e}"))?;
                Ok(Self { bytes, generated: true })
            }
        }
    }
}

impl Confirmations {
    /// Confirmations signed with `key`, each valid for `ttl`.
    pub fn new(key: StateKey, ttl: Duration) -> Result<Self, String> {
        let codec = RequestStateCodec::try_new(key.bytes).map_err(|e| format!("{STATE_KEY_VAR}: {e}"))?;
        Ok(Self { codec, ttl, used: Mutex::default() })
    }

    /// Parses `HELPDESK_CONFIRM_TTL_SECS` (1 to 3600; unset is [`STATE_TTL`]).
    pub fn ttl_from_config(raw: Option<&str>) -> Result<Duration, String> {
        helpdesk_front_door::confirm::ttl_secs(raw)
            .map(Duration::from_secs)
            .map_err(|e| format!("{STATE_TTL_VAR}: {e}"))
    }

    /// A signed, expiring, single-use `requestState` carrying `data`, bound
    /// to `binding` (see [`binding`]): every input-required round trip, the
    /// write confirmation below and any other, is sealed here.
    pub fn seal(&self, data: Value, binding: &[u8]) -> Result<String, String> {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).map_err(|e| format!("no randomness for a request state: {e}"))?;
        let ticket = Ticket { nonce: nonce.iter().map(|b| format!("{b:02x}")).collect(), data };
        let options = SealOptions::new().associated_data(binding).ttl(self.ttl);
        self.codec.seal_json_with(&ticket, &options).map_err(|e| e.to_string())
    }

    /// The data of an echoed `requestState`: it must verify against `binding`,
    /// be unexpired and unused; it is used up by opening it.
    pub fn open(&self, state: &str, binding: &[u8]) -> Result<Value, StateError> {
        let ticket: Ticket = self.codec.open_json_with(state, binding).map_err(|e| match e {
            RequestStateError::Expired => StateError::Expired(self.ttl.as_secs()),
            _ => StateError::Invalid,
        })?;
        let now = Instant::now();
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        used.retain(|_, until| *until > now);
        if used.insert(ticket.nonce, now + self.ttl).is_some() {
            return Err(StateError::Replayed);
        }
        Ok(ticket.data)
    }

    /// The answer to a call that needs confirming and carries no state yet:
    /// ask the user `question`; the state is bound to `binding` (see [`binding`]).
    pub fn ask(&self, question: String, binding: &[u8]) -> Result<InputRequiredResult, String> {
        let state = self.seal(Value::Null, binding)?;
        let params = ElicitRequestParams::FormElicitationParams {
            meta: None,
            message: question,
            requested_schema: confirm::schema().map_err(|e| e.to_string())?,
        };
        let mut requests = InputRequests::new();
        requests.insert(INPUT_KEY.to_owned(), InputRequest::Elicitation(ElicitRequest::new(params)));
        Ok(InputRequiredResult::new(Some(requests), Some(state)))
    }

    /// The user's answer from a retried call: the state must verify against
    /// `binding`, be unexpired and unused; it is then used up, whatever the answer.
    pub fn redeem(
        &self,
        state: &str,
        binding: &[u8],
        responses: Option<&InputResponses>,
    ) -> Result<Answer, StateError> {
        self.open(state, binding)?;
        let answer = responses
            .and_then(|r| r.get(INPUT_KEY))
            .and_then(|v| serde_json::from_value::<ElicitResult>(v.clone()).ok());
        Ok(match answer {
            Some(result) => confirm::judge(&result),
            None => Answer::Refused("the client sent no answer to the confirmation".into()),
        })
    }
}

/// What a state is bound to: the caller (a digest of its bearer key, or the
/// transport when there are no keys), the tool and its exact arguments, so a
/// state cannot confirm another client's call or different arguments.
pub fn binding(caller: &[u8], tool: &str, arguments: &str) -> Vec<u8> {
    let mut hash = Sha256::new();
    for part in [caller, tool.as_bytes(), arguments.as_bytes()] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.finalize().to_vec()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn confirmations() -> Confirmations {
        Confirmations::new(StateKey::from_config(Some(&"k".repeat(32))).unwrap(), STATE_TTL).unwrap()
    }

    fn yes() -> InputResponses {
        InputResponses::from([(
            INPUT_KEY.to_owned(),
            json!({"action": "accept", "content": {"confirm": true}}),
        )])
    }

    #[test]
    fn a_state_confirms_once_on_any_replica_with_the_key() {
        let (a, b) = (confirmations(), confirmations());
        let bind = binding(b"key", "reply_to_ticket", "{\"id\":1}");
        let asked = a.ask("Send?".into(), &bind).unwrap();
        assert!(asked.input_requests.as_ref().is_some_and(|r| r.contains_key(INPUT_KEY)));
        let state = asked.request_state.unwrap();
        assert_eq!(b.redeem(&state, &bind, Some(&yes())), Ok(Answer::Confirmed));
        assert_eq!(b.redeem(&state, &bind, Some(&yes())), Err(StateError::Replayed));
    }

    #[test]
    fn altered_foreign_or_rebound_states_are_refused() {
        let c = confirmations();
        let bind = binding(b"key", "reply_to_ticket", "{\"id\":1}");
        let state = c.ask("Send?".into(), &bind).unwrap().request_state.unwrap();
        let other_args = binding(b"key", "reply_to_ticket", "{\"id\":2}");
        assert_eq!(c.redeem(&state, &other_args, Some(&yes())), Err(StateError::Invalid));
        let other_key =
            Confirmations::new(StateKey::from_config(Some(&"x".repeat(40))).unwrap(), STATE_TTL).unwrap();
        assert_eq!(other_key.redeem(&state, &bind, Some(&yes())), Err(StateError::Invalid));
        let mut altered = state.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap();
        assert_eq!(c.redeem(&altered, &bind, Some(&yes())), Err(StateError::Invalid));
        assert_eq!(c.redeem("rs1.garbage", &bind, Some(&yes())), Err(StateError::Invalid));
    }

    #[test]
    fn no_answer_or_a_decline_is_a_refusal() {
        let c = confirmations();
        let bind = binding(b"", "t", "{}");
        let state = c.ask("Send?".into(), &bind).unwrap().request_state.unwrap();
        assert!(matches!(c.redeem(&state, &bind, None), Ok(Answer::Refused(_))));
        let state = c.ask("Send?".into(), &bind).unwrap().request_state.unwrap();
        let no = InputResponses::from([(INPUT_KEY.to_owned(), json!({"action": "decline"}))]);
        assert!(matches!(c.redeem(&state, &bind, Some(&no)), Ok(Answer::Refused(_))));
    }

    #[test]
    fn sealed_data_comes_back_once_and_only_for_its_binding() {
        let c = confirmations();
        let state = c.seal(json!({"round": 2, "name": "Alice"}), b"tool").unwrap();
        assert_eq!(c.open(&state, b"other"), Err(StateError::Invalid));
        assert_eq!(c.open(&state, b"tool"), Ok(json!({"round": 2, "name": "Alice"})));
        assert_eq!(c.open(&state, b"tool"), Err(StateError::Replayed));
        assert_eq!(c.open(&format!("{state}-TAMPERED"), b"tool"), Err(StateError::Invalid));
    }

    #[test]
    fn lifetimes_are_bounded() {
        assert_eq!(Confirmations::ttl_from_config(None), Ok(STATE_TTL));
        assert_eq!(Confirmations::ttl_from_config(Some("2")), Ok(Duration::from_secs(2)));
        assert!(Confirmations::ttl_from_config(Some("0")).is_err());
        assert!(Confirmations::ttl_from_config(Some("soon")).is_err());
    }

    #[test]
    fn short_keys_are_refused_and_missing_ones_generated() {
        assert!(StateKey::from_config(Some("short")).is_err());
        let generated = StateKey::from_config(None).unwrap();
        assert!(generated.generated && generated.bytes.len() == 32);
        assert!(!StateKey::from_config(Some(&"k".repeat(32))).unwrap().generated);
    }
}
