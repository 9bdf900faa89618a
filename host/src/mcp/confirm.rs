//! Asking the person before a write: when the client supports MCP
//! elicitation, a call that sends a message the customer sees or a tool
//! annotated destructive (or, with `all`, any write) is shown to the user
//! with its arguments, and nothing is sent to the helpdesk unless they accept.

use std::time::Duration;

pub use helpdesk_front_door::confirm::Mode as Confirm;
use helpdesk_front_door::confirm::{self as rule, MODE_CHOICES, MODE_VAR};
use rmcp::model::{ElicitRequestParams, ElicitResult, ElicitationAction, ElicitationSchema, JsonObject};
use rmcp::{Peer, RoleServer};

/// `HELPDESK_CONFIRM_WRITES` (unset: the default).
pub fn from_config(raw: Option<&str>) -> Result<Confirm, String> {
    let raw = raw.unwrap_or_default();
    Confirm::parse(raw)
        .ok_or_else(|| format!("{MODE_VAR}: `{}` is not a setting; {MODE_CHOICES}", raw.trim()))
}

/// How long the user has to answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(rule::DEFAULT_TTL_SECS);

/// What the user said.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// Go ahead.
    Confirmed,
    /// Do not send; the text says why, for the tool result.
    Refused(String),
}

/// The question shown to the user.
pub fn question(title: &str, helpdesk: &str, customer_visible: bool, arguments: &JsonObject) -> String {
    rule::question(title, helpdesk, customer_visible, &serde_json::Value::Object(arguments.clone()))
}

/// The form: one box to tick (shared by elicitation and `InputRequiredResult`).
pub fn schema() -> Result<ElicitationSchema, serde_json::Error> {
    serde_json::from_value(rule::form())
}

/// Whether `peer` can be asked (it declared form elicitation).
pub fn can_ask(peer: &Peer<RoleServer>) -> bool {
    peer.peer_info().is_some_and(|info| info.capabilities.elicitation.is_some())
}

/// Asks the user; any failure to get a clear yes is a refusal.
pub async fn ask(peer: &Peer<RoleServer>, message: String) -> Answer {
    let requested_schema = match schema() {
        Ok(s) => s,
        Err(e) => return Answer::Refused(format!("the confirmation form could not be built ({e})")),
    };
    let params = ElicitRequestParams::FormElicitationParams { meta: None, message, requested_schema };
    match peer.create_elicitation_with_timeout(params, Some(ANSWER_WITHIN)).await {
        Ok(result) => judge(&result),
        Err(e) => Answer::Refused(format!("the confirmation request failed ({e})")),
    }
}

/// Only a clear yes confirms (the shared rule, on rmcp's typed result).
pub fn judge(result: &ElicitResult) -> Answer {
    let action = match result.action {
        ElicitationAction::Accept => "accept",
        ElicitationAction::Decline => "decline",
        _ => "cancel",
    };
    match rule::judge(Some(action), result.content.as_ref()) {
        Ok(()) => Answer::Confirmed,
        Err(why) => Answer::Refused(why.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_come_from_the_environment() {
        assert_eq!(from_config(None), Ok(Confirm::Destructive));
        assert_eq!(from_config(Some("all")), Ok(Confirm::AllWrites));
        assert!(from_config(Some("maybe")).is_err_and(|e| e.contains("HELPDESK_CONFIRM_WRITES")));
    }

    #[test]
    fn the_schema_is_a_valid_form() {
        assert!(schema().is_ok());
    }

    #[test]
    fn only_a_clear_yes_confirms() {
        let mut r = ElicitResult::new(ElicitationAction::Accept);
        assert_eq!(judge(&r), Answer::Confirmed);
        r.content = Some(serde_json::json!({"confirm": false}));
        assert!(matches!(judge(&r), Answer::Refused(_)));
        assert!(matches!(judge(&ElicitResult::new(ElicitationAction::Decline)), Answer::Refused(_)));
        assert!(matches!(judge(&ElicitResult::new(ElicitationAction::Cancel)), Answer::Refused(_)));
    }
}
