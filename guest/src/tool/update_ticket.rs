//! `update_ticket`: change status, priority, assignee, team, tags, custom
//! fields or snooze, and see each change before → after.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::params::{self, Format, TicketRef};
use super::render::finish;
use super::write_output::WriteOutput;
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};

/// Arguments of `update_ticket`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct UpdateTicketParams {
    /// Ticket id.
    pub id: TicketRef,
    /// open or closed.
    pub status: Option<String>,
    /// critical, high, normal or low.
    pub priority: Option<String>,
    /// Agent name, email or id; "none" to unassign.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub assignee: Option<String>,
    /// Team name or id; "none" to clear.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub team: Option<String>,
    /// Tags to add.
    #[schemars(with = "Option<Vec<crate::tool::params::IdOrName>>")]
    pub add_tags: Option<Vec<String>>,
    /// Tags to remove.
    #[schemars(with = "Option<Vec<crate::tool::params::IdOrName>>")]
    pub remove_tags: Option<Vec<String>>,
    /// Replace all tags with these.
    #[schemars(with = "Option<Vec<crate::tool::params::IdOrName>>")]
    pub set_tags: Option<Vec<String>>,
    /// Custom field values by field label or id, e.g. {"Contact reason": "Refund"}.
    pub fields: Option<BTreeMap<String, Value>>,
    /// Snooze until this time: YYYY-MM-DD or an ISO date-time (UTC); "none" to wake it now.
    pub snooze_until: Option<String>,
    /// New subject.
    pub subject: Option<String>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

impl UpdateTicketParams {
    /// Whether anything would change.
    pub fn changes_something(&self) -> bool {
        self.status.is_some()
            || self.priority.is_some()
            || self.assignee.is_some()
            || self.team.is_some()
            || self.add_tags.as_ref().is_some_and(|t| !t.is_empty())
            || self.remove_tags.as_ref().is_some_and(|t| !t.is_empty())
            || self.set_tags.is_some()
            || self.fields.as_ref().is_some_and(|f| !f.is_empty())
            || self.snooze_until.is_some()
            || self.subject.is_some()
    }
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "update_ticket",
    title: "Update ticket",
    description: "Change a ticket's status, priority, assignee (name, email or id), team, tags (add, remove or set), custom fields (by label or id) or snooze; shows each change before → after.",
    tier: Tier::Agent,
    toolset: "tickets",
    annotations: Annotations { read_only: false, destructive: true, idempotent: true, open_world: true },
    input_schema: params::input_schema::<UpdateTicketParams>,
    output_schema: params::output_schema::<WriteOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: UpdateTicketParams = params::parse(args)?;
    if !p.changes_something() {
        return Err(ToolError::invalid(
            "arguments",
            "nothing to change; give status, priority, assignee, team, add_tags, remove_tags, set_tags, fields, snooze_until or subject",
        ));
    }
    if p.set_tags.is_some() && (p.add_tags.is_some() || p.remove_tags.is_some()) {
        return Err(ToolError::invalid(
            "set_tags",
            "replaces all tags; do not combine it with add_tags or remove_tags",
        ));
    }
    let out = ctx.helpdesk.update_ticket(&p)?;
    let partial = !out.failed.is_empty();
    let mut result = finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars);
    // Some changes were applied and some were not: the model must notice.
    result.is_error = partial;
    Ok(result)
}
