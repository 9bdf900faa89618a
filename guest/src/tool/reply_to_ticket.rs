//! `reply_to_ticket`: a public reply on the ticket's channel, or an internal
//! note. An identical reply posted in the last minutes is not sent again.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::params::{self, Format, TicketRef};
use super::render::finish;
use super::write_output::WriteOutput;
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};

/// Arguments of `reply_to_ticket`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct ReplyToTicketParams {
    /// Ticket id.
    pub id: TicketRef,
    /// The message, plain text (blank lines separate paragraphs).
    pub message: String,
    /// true: an internal note agents see, never sent to the customer (default false).
    pub internal: Option<bool>,
    /// Agent who writes (name, email or id; default: the API user).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub agent: Option<String>,
    /// Channel for a public reply (default: the ticket's own channel).
    pub channel: Option<String>,
    /// Tickiti only: put the ticket on hold until this date (YYYY-MM-DD) with the reply.
    pub on_hold_until: Option<String>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "reply_to_ticket",
    title: "Reply to ticket",
    description: "Send a public reply to the customer on the ticket's channel, or add an internal note (internal=true). A public reply needs the send access level and the user's confirmation where the client can ask. Written by the API user unless an agent is named. Never posts the same reply twice.",
    tier: Tier::Agent,
    toolset: "tickets",
    annotations: Annotations { read_only: false, destructive: false, idempotent: false, open_world: true },
    input_schema: params::input_schema::<ReplyToTicketParams>,
    output_schema: params::output_schema::<WriteOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: ReplyToTicketParams = params::parse(args)?;
    crate::provider::only_where_supported(ctx.helpdesk, "on_hold_until", p.on_hold_until.is_some())?;
    if p.message.trim().is_empty() {
        return Err(ToolError::invalid("message", "is empty"));
    }
    let out = ctx.helpdesk.reply_to_ticket(&p)?;
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}
