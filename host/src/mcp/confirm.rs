//! Asking the person before a write: when the client supports MCP
//! elicitation, a call that sends a message the customer sees or a tool
//! annotated destructive (or, with `all`, any write) is shown to the user
//! with its arguments, and nothing is sent to the helpdesk unless they accept.

use std::time::Duration;

use rmcp::model::{ElicitRequestParams, ElicitResult, ElicitationAction, ElicitationSchema, JsonObject};
use rmcp::{Peer, RoleServer};

/// `HELPDESK_CONFIRM_WRITES`: which tools need the user's confirmation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Confirm {
    /// Never ask (`0`, `off`).
    Off,
    /// Messages a customer sees and tools annotated destructive (the default).
    #[default]
    Destructive,
    /// Every tool that is not read-only (`all`).
    AllWrites,
}

impl Confirm {
    /// Parses `HELPDESK_CONFIRM_WRITES`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "1" | "on" | "true" | "destructive" => Ok(Self::Destructive),
            "0" | "off" | "false" | "no" => Ok(Self::Off),
            "all" => Ok(Self::AllWrites),
            other => {
                Err(format!("HELPDESK_CONFIRM_WRITES: `{other}` is not a setting; use 0, destructive or all"))
            }
        }
    }

    /// Whether a call needs confirming: by its tool's annotations, and by
    /// whether it sends a message the customer sees (the least reversible
    /// write of all, confirmed unless confirmation is off).
    pub fn applies(self, read_only: bool, destructive: bool, customer_visible: bool) -> bool {
        match self {
            Self::Off => false,
            Self::Destructive => destructive || customer_visible,
            Self::AllWrites => !read_only || customer_visible,
        }
    }
}

/// How long the user has to answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(300);
/// Longest argument listing shown in the question.
const MAX_SHOWN: usize = 2_000;

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
    let mut shown = serde_json::to_string_pretty(arguments).unwrap_or_default();
    if shown.len() > MAX_SHOWN {
        let cut = (0..=MAX_SHOWN).rev().find(|i| shown.is_char_boundary(*i)).unwrap_or(0);
        shown.truncate(cut);
        shown.push_str("\n…");
    }
    let reach = if customer_visible { " This sends a message the customer will see." } else { "" };
    format!(
        "The assistant wants to run “{title}” on {helpdesk}.{reach} Nothing is sent until you confirm.\n\n{shown}"
    )
}

/// The form: one box to tick (shared by elicitation and `InputRequiredResult`).
pub fn schema() -> Result<ElicitationSchema, serde_json::Error> {
    serde_json::from_value(serde_json::json!({
        "type": "object",
        "properties": {
            "confirm": {
                "type": "boolean",
                "title": "Send this change to the helpdesk",
                "default": true
            }
        },
        "required": ["confirm"]
    }))
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

/// Only a clear yes confirms.
pub fn judge(result: &ElicitResult) -> Answer {
    let unchecked = result
        .content
        .as_ref()
        .and_then(|c| c.get("confirm"))
        .and_then(serde_json::Value::as_bool)
        .is_some_and(|c| !c);
    match result.action {
        ElicitationAction::Accept if !unchecked => Answer::Confirmed,
        ElicitationAction::Accept => Answer::Refused("the user did not tick the confirmation".into()),
        ElicitationAction::Decline => Answer::Refused("the user declined".into()),
        _ => Answer::Refused("the user cancelled".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_apply() {
        assert_eq!(Confirm::parse("0"), Ok(Confirm::Off));
        assert_eq!(Confirm::parse(""), Ok(Confirm::Destructive));
        assert_eq!(Confirm::parse("ALL"), Ok(Confirm::AllWrites));
        assert!(Confirm::parse("maybe").is_err());
        assert!(Confirm::Destructive.applies(false, true, false));
        assert!(!Confirm::Destructive.applies(false, false, false));
        assert!(Confirm::Destructive.applies(false, false, true), "sends are confirmed by default");
        assert!(Confirm::AllWrites.applies(false, false, false));
        assert!(!Confirm::AllWrites.applies(true, false, false));
        assert!(!Confirm::Off.applies(false, true, true));
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

    #[test]
    fn long_arguments_are_cut_on_a_char_boundary() {
        let mut args = JsonObject::new();
        args.insert("body".into(), serde_json::Value::String("é".repeat(3_000)));
        let q = question("Update ticket", "Acme (Gorgias)", false, &args);
        assert!(q.ends_with('…') && q.len() < 2_300);
        assert!(question("Reply", "Acme", true, &JsonObject::new()).contains("customer will see"));
    }
}
