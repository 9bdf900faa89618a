//! Asking the person before a write. Both front doors apply this rule: the
//! host (elicitation in 2025-11-25, an `InputRequiredResult` in 2026-07-28)
//! and the component's own endpoint under `wasmtime serve`, Spin or jco
//! (2026-07-28). It lives here once so the two cannot drift: which calls
//! are asked about, what the person is shown, the form, and what counts as
//! a yes. Signing the request state stays with each side.

use serde_json::{Value, json};

/// `HELPDESK_CONFIRM_WRITES`: which calls need the person's yes.
pub const MODE_VAR: &str = "HELPDESK_CONFIRM_WRITES";
/// `HELPDESK_CONFIRM_TTL_SECS`: how long the person has to answer.
pub const TTL_VAR: &str = "HELPDESK_CONFIRM_TTL_SECS";
/// The default answer time (elicitation's own timeout in 2025-11-25 too).
pub const DEFAULT_TTL_SECS: u64 = 300;
/// The key of the one input request, and the form's one field.
pub const INPUT_KEY: &str = "confirm";
/// Longest argument listing shown in the question.
const MAX_SHOWN: usize = 2_000;

/// Which calls need the person's yes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Never ask (`0`, `off`).
    Off,
    /// Messages a customer sees and tools annotated destructive (the default).
    #[default]
    Destructive,
    /// Every tool that is not read-only (`all`).
    AllWrites,
}

impl Mode {
    /// Parses [`MODE_VAR`]; empty means the default.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "1" | "on" | "true" | "destructive" => Some(Self::Destructive),
            "0" | "off" | "false" | "no" => Some(Self::Off),
            "all" => Some(Self::AllWrites),
            _ => None,
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

/// What [`Mode::parse`] refuses, for the configuration error.
pub const MODE_CHOICES: &str = "use 0, destructive or all";

/// Parses [`TTL_VAR`] (unset or empty: [`DEFAULT_TTL_SECS`]) into seconds, 1 to 3600.
pub fn ttl_secs(raw: Option<&str>) -> Result<u64, String> {
    match raw.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(DEFAULT_TTL_SECS),
        Some(v) => match v.parse::<u64>() {
            Ok(secs @ 1..=3600) => Ok(secs),
            _ => Err(format!("`{v}` is not a number of seconds from 1 to 3600")),
        },
    }
}

/// The question shown to the person: the tool, the helpdesk, whether the
/// customer will see it, and the arguments (pretty JSON, cut at
/// [`MAX_SHOWN`] bytes on a character boundary).
pub fn question(title: &str, helpdesk: &str, customer_visible: bool, arguments: &Value) -> String {
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

/// The form's `requestedSchema`: one box to tick, ticked by default.
pub fn form() -> Value {
    json!({
        "type": "object",
        "properties": {
            INPUT_KEY: { "type": "boolean", "title": "Send this change to the helpdesk", "default": true }
        },
        "required": [INPUT_KEY],
    })
}

/// Only a clear yes confirms: `accept` with the box not unticked. `action`
/// is the elicitation result's action, `content` its content, if any.
pub fn judge(action: Option<&str>, content: Option<&Value>) -> Result<(), &'static str> {
    let unticked = content.and_then(|c| c.get(INPUT_KEY)).and_then(Value::as_bool) == Some(false);
    match action {
        Some("accept") if !unticked => Ok(()),
        Some("accept") => Err("the user did not tick the confirmation"),
        Some("decline") => Err("the user declined"),
        _ => Err("the user cancelled"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_apply() {
        assert_eq!(Mode::parse("0"), Some(Mode::Off));
        assert_eq!(Mode::parse(""), Some(Mode::Destructive));
        assert_eq!(Mode::parse(" ALL "), Some(Mode::AllWrites));
        assert_eq!(Mode::parse("maybe"), None);
        assert!(Mode::Destructive.applies(false, true, false));
        assert!(!Mode::Destructive.applies(false, false, false));
        assert!(Mode::Destructive.applies(false, false, true), "sends are confirmed by default");
        assert!(Mode::AllWrites.applies(false, false, false));
        assert!(!Mode::AllWrites.applies(true, false, false));
        assert!(!Mode::Off.applies(false, true, true));
        assert_eq!(ttl_secs(None), Ok(300));
        assert_eq!(ttl_secs(Some(" ")), Ok(300));
        assert_eq!(ttl_secs(Some("3600")), Ok(3600));
        assert!(
            ttl_secs(Some("0")).is_err() && ttl_secs(Some("3601")).is_err() && ttl_secs(Some("5m")).is_err()
        );
    }

    #[test]
    fn only_a_clear_yes_confirms() {
        assert_eq!(judge(Some("accept"), None), Ok(()));
        assert_eq!(judge(Some("accept"), Some(&json!({ "confirm": true }))), Ok(()));
        assert_eq!(
            judge(Some("accept"), Some(&json!({ "confirm": false }))),
            Err("the user did not tick the confirmation")
        );
        assert_eq!(judge(Some("decline"), None), Err("the user declined"));
        assert_eq!(judge(Some("cancel"), None), Err("the user cancelled"));
        assert_eq!(judge(None, None), Err("the user cancelled"));
    }

    #[test]
    fn long_arguments_are_cut_on_a_char_boundary() {
        let q = question("Update ticket", "Acme (Gorgias)", false, &json!({ "body": "é".repeat(3_000) }));
        assert!(q.ends_with('…') && q.len() < 2_300);
        assert!(question("Reply", "Acme", true, &json!({})).contains("customer will see"));
    }

    #[test]
    fn the_form_has_one_required_box() {
        let form = form();
        assert_eq!(form["required"], json!(["confirm"]));
        assert_eq!(form["properties"]["confirm"]["type"], "boolean");
    }
}
