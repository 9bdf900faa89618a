//! Which calls send a message the customer sees: the least reversible write,
//! gated on its own (the `send` tier) and confirmed with the user by hosts
//! that can ask. Decided from the arguments, before anything runs, so the
//! guest's policy and a host's (which asks through WIT `needs`) agree.

use serde_json::Value;

use super::{Tier, api};
use crate::config::Env;
use crate::provider::{self, catalogue::Endpoint};

/// Whether calling unified tool `name` with `args` sends a message the
/// customer sees.
pub fn customer_visible(name: &str, args: &Value, env: &Env) -> bool {
    match name {
        // A reply is public unless it is explicitly an internal note.
        "reply_to_ticket" => args.get("internal") != Some(&Value::Bool(true)),
        // A ticket an agent opens sends its first message; one logged for the
        // customer (the default) sends nothing.
        "create_ticket" => match args.get("from") {
            None | Some(Value::Null) => false,
            Some(from) => from.as_str().is_none_or(|s| !s.trim().eq_ignore_ascii_case("customer")),
        },
        "call_api" => names_an_operation(args) && called_endpoint(args, env).is_none_or(endpoint_sends),
        _ => false,
    }
}

/// Whether a catalogue operation can send a message the customer sees: the
/// catalogue puts exactly those at the `send` tier (a raw body cannot be
/// trusted to say whether it is a note).
pub fn endpoint_sends(endpoint: &Endpoint) -> bool {
    endpoint.tier == Tier::Send
}

fn text<'a>(args: &'a Value, key: &str) -> Option<&'a str> {
    args.get(key).and_then(Value::as_str)
}

/// Whether a `call_api` call names an operation at all (else it fails
/// before sending anything).
fn names_an_operation(args: &Value) -> bool {
    text(args, "operation").is_some() || (text(args, "method").is_some() && text(args, "path").is_some())
}

/// The operation a `call_api` call names; `None` when this configuration has
/// none by that name (the call then fails on its own; counted as a send, so
/// nothing unconfirmed slips through a name this check could not resolve).
fn called_endpoint(args: &Value, env: &Env) -> Option<&'static Endpoint> {
    let table = (provider::select(env).ok()?.endpoints)();
    match (text(args, "operation"), text(args, "method"), text(args, "path")) {
        (Some(id), ..) => table.iter().find(|e| e.id == id.trim()),
        (None, Some(method), Some(path)) => api::resolve(table, method, path).ok().map(|(e, _)| e),
        _ => None,
    }
}

/// The refusal of a call that needs `needed` under a policy of `level`.
pub fn refusal(name: &str, needed: Tier, level: Tier) -> String {
    if needed == Tier::Send {
        format!(
            "Not sent: this {name} call would send a message the customer sees, which needs the `send` access level; this server allows `{}`. Nothing was changed. Write it as an internal note (reply_to_ticket with internal=true) or ask the operator for the send level.",
            level.as_str()
        )
    } else {
        format!(
            "Not run: {name} with these arguments needs the `{}` access level; this server allows `{}`.",
            needed.as_str(),
            level.as_str()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn env() -> Env {
        Env::from_pairs([("GORGIAS_DOMAIN", "acme"), ("GORGIAS_EMAIL", "a@b.c"), ("GORGIAS_API_KEY", "k")])
    }

    #[test]
    fn public_replies_and_agent_tickets_are_sends() {
        let e = env();
        assert!(customer_visible("reply_to_ticket", &json!({ "id": 1, "message": "hi" }), &e));
        assert!(customer_visible("reply_to_ticket", &json!({ "internal": false }), &e));
        assert!(!customer_visible("reply_to_ticket", &json!({ "internal": true }), &e));
        assert!(customer_visible("create_ticket", &json!({ "from": "agent" }), &e));
        assert!(!customer_visible("create_ticket", &json!({ "from": "customer" }), &e));
        assert!(!customer_visible("create_ticket", &json!({}), &e));
        assert!(!customer_visible("update_ticket", &json!({ "status": "closed" }), &e));
    }

    #[test]
    fn catalogue_sends_are_the_send_tier_operations() {
        let e = env();
        assert!(customer_visible("call_api", &json!({ "operation": "create_message" }), &e));
        assert!(customer_visible(
            "call_api",
            &json!({ "method": "POST", "path": "/tickets/4521/messages" }),
            &e
        ));
        assert!(!customer_visible("call_api", &json!({ "operation": "list_tags" }), &e));
        assert!(customer_visible("call_api", &json!({ "operation": "no_such_operation" }), &e));
    }

    #[test]
    fn needs_raise_the_tier_only_for_sends() {
        let e = env();
        let n =
            super::super::needs("reply_to_ticket", r#"{"id":1,"message":"x","internal":true}"#, &e).unwrap();
        assert_eq!((n.tier, n.customer_visible), (Tier::Agent, false));
        let n = super::super::needs("reply_to_ticket", r#"{"id":1,"message":"x"}"#, &e).unwrap();
        assert_eq!((n.tier, n.customer_visible), (Tier::Send, true));
        let n = super::super::needs("call_api", r#"{"operation":"create_message"}"#, &e).unwrap();
        assert_eq!((n.tier, n.customer_visible), (Tier::Admin, true));
        assert!(super::super::needs("nope", "{}", &e).is_err());
    }
}
