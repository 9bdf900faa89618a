//! Confirmation of writes on the component's own endpoint in MCP 2026-07-28,
//! by the rule the host applies too (`helpdesk_front_door::confirm`): a call
//! that sends a message the customer sees or runs a tool annotated
//! destructive (with `all`, any write) is answered with an
//! `InputRequiredResult` asking the user, and runs only when the client
//! retries it with the user's yes and the `requestState` it was given.
//!
//! The component keeps nothing between requests (a fresh instance each), so
//! the state carries everything: an expiry and a nonce, HMAC-SHA256-signed
//! with `HELPDESK_MCP_STATE_KEY` over the caller, the tool and its exact
//! arguments. Every replica with the same key (`wasmtime serve`, Spin,
//! `jco serve`, any mix) can finish a confirmation another one started. What
//! a stateless instance cannot do is remember a redeemed state: until it
//! expires (`HELPDESK_CONFIRM_TTL_SECS`, 300 s) the same client may replay
//! its own confirmed call. The host refuses replays (README, "Deploying N
//! replicas").

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac as _};
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

use helpdesk_front_door::confirm::{self as rule, INPUT_KEY, MODE_CHOICES, Mode};
pub use helpdesk_front_door::confirm::{MODE_VAR as CONFIRM_VAR, TTL_VAR};

use crate::config::{ConfigProblem, Env};
use crate::tool::{self, Annotations, Policy, registry};
use crate::{provider, random, secrets};

/// `HELPDESK_MCP_STATE_KEY`: the signing key every replica shares (32+ bytes).
pub const STATE_KEY_VAR: &str = "HELPDESK_MCP_STATE_KEY";
/// Shortest key accepted: an HMAC-SHA256 key should be as long as the hash.
const MIN_KEY_BYTES: usize = 32;
/// Version tag of the state's format.
const FORMAT: &str = "hs1";

/// The confirmation settings of this instance.
pub struct Settings {
    mode: Mode,
    key: Option<Vec<u8>>,
    ttl_secs: u64,
}

impl Settings {
    /// Reads the three variables; the key is registered as a secret so no
    /// answer can ever carry it.
    pub fn from_env(env: &Env) -> Result<Self, ConfigProblem> {
        let mode = match env.get(CONFIRM_VAR) {
            None => Mode::default(),
            Some(raw) => Mode::parse(raw)
                .ok_or_else(|| ConfigProblem::new(CONFIRM_VAR, format!("not a setting; {MODE_CHOICES}")))?,
        };
        let key = match env.get(STATE_KEY_VAR) {
            None => None,
            Some(key) if key.len() >= MIN_KEY_BYTES => {
                secrets::register(key);
                Some(key.as_bytes().to_vec())
            }
            Some(key) => {
                return Err(ConfigProblem::new(
                    STATE_KEY_VAR,
                    format!(
                        "the key has {} bytes; use at least {MIN_KEY_BYTES} (e.g. `openssl rand -hex 32`)",
                        key.len()
                    ),
                ));
            }
        };
        let ttl_secs = rule::ttl_secs(env.get(TTL_VAR)).map_err(|e| ConfigProblem::new(TTL_VAR, e))?;
        Ok(Self { mode, key, ttl_secs })
    }
}

/// What to do with one `tools/call`.
#[derive(Debug, PartialEq)]
pub enum Gate {
    /// Run it: no confirmation applies, or the user said yes.
    Run,
    /// Answer with this `InputRequiredResult`; nothing is sent.
    Ask(Value),
    /// A protocol error (-32602): the echoed state is not one we issued for this call.
    Refuse(String),
    /// A tool error result: not sent, for the reason given.
    NotSent(String),
}

/// The call a [`gate`] decides about.
pub struct Call<'a> {
    /// Tool name.
    pub name: &'a str,
    /// The arguments exactly as the tool would receive them.
    pub arguments: &'a str,
    /// The request's `params` (`_meta`, `requestState`, `inputResponses`).
    pub params: &'a Map<String, Value>,
    /// Who calls: a digest input naming the caller (its `Authorization`), or empty.
    pub caller: &'a [u8],
}

/// Decides whether `call` may run now, at unix time `now`.
pub fn gate(call: &Call, env: &Env, now: u64) -> Gate {
    // Calls the tool refuses by itself (unknown, bad arguments, above the
    // access level) run straight into that refusal: nothing to confirm.
    let Ok(needs) = tool::needs(call.name, call.arguments, env) else { return Gate::Run };
    if needs.tier > Policy::from_env(env).level() {
        return Gate::Run;
    }
    let Some((title, annotations)) = describe(call.name, env) else { return Gate::Run };
    let settings = match Settings::from_env(env) {
        Ok(s) => s,
        Err(problem) => return Gate::NotSent(not_sent(&problem.to_string())),
    };
    // A client that cannot show a form is not asked, as on the host.
    if !settings.mode.applies(annotations.read_only, annotations.destructive, needs.customer_visible)
        || !can_ask(call.params)
    {
        return Gate::Run;
    }
    let Some(key) = settings.key else {
        return Gate::NotSent(format!(
            "Not sent: this write needs the user's confirmation, and this server can only ask for it with a \
             signing key: set {STATE_KEY_VAR} (32 or more bytes, the same on every replica), or \
             {CONFIRM_VAR}=0 to write without asking. Nothing was changed in the helpdesk."
        ));
    };
    let binding = binding(call.caller, call.name, call.arguments);
    match call.params.get("requestState") {
        None | Some(Value::Null) => {
            let Some(state) = seal(&key, &binding, now.saturating_add(settings.ttl_secs)) else {
                return Gate::NotSent(not_sent("the confirmation could not be signed"));
            };
            Gate::Ask(input_required(question(title, env, needs.customer_visible, call.arguments), state))
        }
        Some(Value::String(state)) => match open(&key, &binding, state, now) {
            Err(why) => Gate::Refuse(format!(
                "{why}. Nothing was sent; call {} again without requestState to ask the user again.",
                call.name
            )),
            Ok(()) => match judge(call.params.get("inputResponses").and_then(|r| r.get(INPUT_KEY))) {
                Ok(()) => Gate::Run,
                Err(why) => Gate::NotSent(not_sent(why)),
            },
        },
        Some(_) => Gate::Refuse("requestState must be the string this server issued".into()),
    }
}

fn not_sent(why: &str) -> String {
    format!("Not sent: {why}, so nothing was changed in the helpdesk. Ask the user before trying again.")
}

/// A tool's title and annotations, unified or raw.
fn describe(name: &str, env: &Env) -> Option<(String, Annotations)> {
    match registry::find(name) {
        Some(spec) => Some((spec.title.to_owned(), spec.annotations)),
        None => tool::raw::find(env, name).map(|(info, _)| (info.title, info.annotations)),
    }
}

/// Whether the request's client declared form elicitation.
fn can_ask(params: &Map<String, Value>) -> bool {
    let capabilities = params
        .get("_meta")
        .and_then(|m| m.get("io.modelcontextprotocol/clientCapabilities"))
        .and_then(|c| c.get("elicitation"));
    // `{}` means form elicitation (2025-11-25 onwards); an explicit `form` too.
    capabilities.is_some_and(|e| e.as_object().is_some_and(|o| o.is_empty() || o.contains_key("form")))
}

/// What the state is bound to: the caller, the tool and its exact arguments
/// (length-prefixed, so no two different triples give the same bytes).
fn binding(caller: &[u8], tool: &str, arguments: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in [caller, tool.as_bytes(), arguments.as_bytes()] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.finalize().into()
}

/// The MAC of format, payload and binding (`None` only if HMAC refused the
/// key, which it does for no length).
fn mac(key: &[u8], payload: &str, binding: &[u8; 32]) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(FORMAT.as_bytes());
    mac.update(payload.as_bytes());
    mac.update(binding);
    Some(mac)
}

/// `hs1.<payload>.<tag>`: payload `{"exp":…,"nonce":…}` in unpadded base64url,
/// tag the HMAC of format, payload and binding.
fn seal(key: &[u8], binding: &[u8; 32], expires: u64) -> Option<String> {
    let nonce: String = random::bytes(16).iter().map(|b| format!("{b:02x}")).collect();
    let payload = URL_SAFE_NO_PAD.encode(json!({ "exp": expires, "nonce": nonce }).to_string());
    let tag = URL_SAFE_NO_PAD.encode(mac(key, &payload, binding)?.finalize().into_bytes());
    Some(format!("{FORMAT}.{payload}.{tag}"))
}

/// Checks a state's signature (in constant time) and expiry.
fn open(key: &[u8], binding: &[u8; 32], state: &str, now: u64) -> Result<(), String> {
    let invalid = || {
        "requestState failed verification (altered, signed with another key, or issued for other arguments \
         or another client)"
            .to_owned()
    };
    let mut parts = state.splitn(3, '.');
    let (Some(FORMAT), Some(payload), Some(tag)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| invalid())?;
    mac(key, payload, binding).ok_or_else(invalid)?.verify_slice(&tag).map_err(|_| invalid())?;
    let expires = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|p| serde_json::from_slice::<Value>(&p).ok())
        .and_then(|p| p.get("exp").and_then(Value::as_u64))
        .ok_or_else(invalid)?;
    if expires <= now {
        return Err("requestState has expired (a confirmation is valid for a limited time)".into());
    }
    Ok(())
}

/// Only a clear yes confirms (the shared rule).
fn judge(answer: Option<&Value>) -> Result<(), &'static str> {
    let Some(answer) = answer else { return Err("the client sent no answer to the confirmation") };
    rule::judge(answer.get("action").and_then(Value::as_str), answer.get("content"))
}

/// The question shown to the user, with the arguments; redacted, though no
/// secret should ever be among a tool's arguments.
fn question(title: String, env: &Env, customer_visible: bool, arguments: &str) -> String {
    let helpdesk = provider::select(env)
        .ok()
        .and_then(|entry| (entry.describe)(env).ok())
        .map_or_else(|| "the helpdesk".to_owned(), |s| s.label);
    let arguments = serde_json::from_str::<Value>(arguments).unwrap_or(Value::Null);
    secrets::redact(&rule::question(&title, &helpdesk, customer_visible, &arguments)).into_owned()
}

/// The revision's `InputRequiredResult`: one form elicitation with one box to tick.
fn input_required(message: String, state: String) -> Value {
    json!({
        "resultType": "input_required",
        "inputRequests": { INPUT_KEY: {
            "method": "elicitation/create",
            "params": {
                "mode": "form",
                "message": message,
                "requestedSchema": rule::form(),
            },
        } },
        "requestState": state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "component-state-key-0123456789abcdef";

    fn env(extra: &[(&str, &str)]) -> Env {
        let base = [
            ("GORGIAS_DOMAIN", "acme"),
            ("GORGIAS_EMAIL", "a@b.c"),
            ("GORGIAS_API_KEY", "k"),
            ("HELPDESK_ACCESS_LEVEL", "send"),
            (STATE_KEY_VAR, KEY),
        ];
        let mut pairs: Vec<(&str, &str)> = base.to_vec();
        for (k, v) in extra {
            pairs.retain(|(bk, _)| bk != k);
            pairs.push((k, v));
        }
        Env::from_pairs(pairs)
    }

    fn params(extra: Value, elicitation: bool) -> Map<String, Value> {
        let caps = if elicitation { json!({ "elicitation": {} }) } else { json!({}) };
        let mut p = extra.as_object().cloned().unwrap_or_default();
        p.insert("_meta".into(), json!({ "io.modelcontextprotocol/clientCapabilities": caps }));
        p
    }

    const REPLY: &str = r#"{"id":4521,"message":"Your refund was issued."}"#;

    fn gate_at(name: &str, arguments: &str, p: &Map<String, Value>, env: &Env, now: u64) -> Gate {
        gate(&Call { name, arguments, params: p, caller: b"" }, env, now)
    }

    fn ask(env: &Env) -> String {
        match gate_at("reply_to_ticket", REPLY, &params(json!({}), true), env, 1_000) {
            Gate::Ask(result) => result["requestState"].as_str().unwrap_or_default().to_owned(),
            other => panic!("expected a question, got {other:?}"),
        }
    }

    fn answer(state: &str, action: &str, confirm: bool) -> Map<String, Value> {
        params(
            json!({ "requestState": state,
                    "inputResponses": { "confirm": { "action": action, "content": { "confirm": confirm } } } }),
            true,
        )
    }

    #[test]
    fn a_customer_visible_write_is_asked_then_run_on_yes() {
        let e = env(&[]);
        let Gate::Ask(result) = gate_at("reply_to_ticket", REPLY, &params(json!({}), true), &e, 1_000) else {
            panic!("no question");
        };
        assert_eq!(result["resultType"], "input_required");
        let form = &result["inputRequests"]["confirm"];
        assert_eq!(
            (form["method"].as_str(), form["params"]["mode"].as_str()),
            (Some("elicitation/create"), Some("form"))
        );
        let message = form["params"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("the customer will see") && message.contains("refund"), "{message}");
        let state = ask(&e);
        assert_eq!(gate_at("reply_to_ticket", REPLY, &answer(&state, "accept", true), &e, 1_100), Gate::Run);
        // Another replica with the same key finishes it too: nothing is local.
        assert_eq!(
            gate_at("reply_to_ticket", REPLY, &answer(&state, "accept", true), &env(&[]), 1_200),
            Gate::Run
        );
    }

    #[test]
    fn a_no_is_not_sent() {
        let e = env(&[]);
        for (action, confirm, why) in
            [("decline", true, "declined"), ("cancel", true, "cancelled"), ("accept", false, "did not tick")]
        {
            let state = ask(&e);
            match gate_at("reply_to_ticket", REPLY, &answer(&state, action, confirm), &e, 1_100) {
                Gate::NotSent(text) => assert!(text.contains(why) && text.starts_with("Not sent"), "{text}"),
                other => panic!("{action}: {other:?}"),
            }
        }
        let state = ask(&e);
        let silent = params(json!({ "requestState": state }), true);
        assert!(matches!(gate_at("reply_to_ticket", REPLY, &silent, &e, 1_100), Gate::NotSent(_)));
    }

    #[test]
    fn altered_foreign_rebound_or_expired_states_are_refused() {
        let e = env(&[]);
        let state = ask(&e);
        let refused = |g: Gate| matches!(g, Gate::Refuse(ref m) if m.contains("Nothing was sent"));
        let other_args = r#"{"id":4522,"message":"Your refund was issued."}"#;
        assert!(refused(gate_at("reply_to_ticket", other_args, &answer(&state, "accept", true), &e, 1_100)));
        let other_key = env(&[(STATE_KEY_VAR, "another-key-of-enough-length-0123456789")]);
        assert!(refused(gate_at(
            "reply_to_ticket",
            REPLY,
            &answer(&state, "accept", true),
            &other_key,
            1_100
        )));
        let mut altered = state.clone().into_bytes();
        let at = altered.len() - 2;
        altered[at] = if altered[at] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap_or_default();
        assert!(refused(gate_at("reply_to_ticket", REPLY, &answer(&altered, "accept", true), &e, 1_100)));
        for junk in ["", "hs1", "hs1..", "hs1.e30.AAAA", "rs1.garbage"] {
            assert!(
                refused(gate_at("reply_to_ticket", REPLY, &answer(junk, "accept", true), &e, 1_100)),
                "{junk}"
            );
        }
        let other_caller = Call {
            name: "reply_to_ticket",
            arguments: REPLY,
            params: &answer(&state, "accept", true),
            caller: b"Bearer other",
        };
        assert!(refused(gate(&other_caller, &e, 1_100)));
        let expired = gate_at(
            "reply_to_ticket",
            REPLY,
            &answer(&state, "accept", true),
            &e,
            1_000 + rule::DEFAULT_TTL_SECS,
        );
        assert!(matches!(expired, Gate::Refuse(ref m) if m.contains("expired")), "{expired:?}");
        let short = env(&[(TTL_VAR, "5")]);
        let Gate::Ask(r) = gate_at("reply_to_ticket", REPLY, &params(json!({}), true), &short, 1_000) else {
            panic!()
        };
        let state = r["requestState"].as_str().unwrap_or_default();
        assert!(matches!(
            gate_at("reply_to_ticket", REPLY, &answer(state, "accept", true), &short, 1_006),
            Gate::Refuse(_)
        ));
    }

    #[test]
    fn reads_internal_notes_and_clients_that_cannot_ask_run_at_once() {
        let e = env(&[]);
        let none = params(json!({}), true);
        assert_eq!(gate_at("get_ticket", r#"{"id":1}"#, &none, &e, 1), Gate::Run);
        assert_eq!(
            gate_at("reply_to_ticket", r#"{"id":1,"message":"x","internal":true}"#, &none, &e, 1),
            Gate::Run
        );
        assert_eq!(gate_at("reply_to_ticket", REPLY, &params(json!({}), false), &e, 1), Gate::Run);
        assert_eq!(gate_at("reply_to_ticket", REPLY, &none, &env(&[(CONFIRM_VAR, "0")]), 1), Gate::Run);
        // `all`: an internal note is a write, so it is asked too.
        let all = env(&[(CONFIRM_VAR, "all")]);
        assert!(matches!(
            gate_at("reply_to_ticket", r#"{"id":1,"message":"x","internal":true}"#, &none, &all, 1),
            Gate::Ask(_)
        ));
        // Above the access level: the tool refuses it itself, so nothing is asked.
        let agent = env(&[("HELPDESK_ACCESS_LEVEL", "agent")]);
        assert_eq!(gate_at("reply_to_ticket", REPLY, &none, &agent, 1), Gate::Run);
    }

    #[test]
    fn without_a_usable_key_nothing_is_sent_and_the_setting_is_named() {
        let none = params(json!({}), true);
        for (e, named) in [
            (env(&[(STATE_KEY_VAR, "")]), STATE_KEY_VAR),
            (env(&[(STATE_KEY_VAR, "short")]), "at least 32"),
            (env(&[(CONFIRM_VAR, "sometimes")]), CONFIRM_VAR),
            (env(&[(TTL_VAR, "0")]), TTL_VAR),
        ] {
            match gate_at("reply_to_ticket", REPLY, &none, &e, 1) {
                Gate::NotSent(text) => assert!(text.contains(named) && text.contains("Not sent"), "{text}"),
                other => panic!("{named}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_key_never_appears_in_a_question() {
        let e = env(&[]);
        let arguments = format!(r#"{{"id":1,"message":"the key is {KEY}"}}"#);
        let Gate::Ask(r) = gate_at("reply_to_ticket", &arguments, &params(json!({}), true), &e, 1) else {
            panic!()
        };
        assert!(!r.to_string().contains(KEY), "{r}");
    }
}
