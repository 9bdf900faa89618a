//! `create_ticket`: open a ticket for a customer, either recording what the
//! customer said (nothing is sent) or sending an agent's first message.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::params::{self, Format};
use super::render::finish;
use super::write_output::WriteOutput;
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};

/// Who wrote the first message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The customer (default): records their request; nothing is sent.
    #[default]
    Customer,
    /// An agent: the message is sent to the customer on the channel.
    Agent,
}

/// Arguments of `create_ticket`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct CreateTicketParams {
    /// Customer email or id (an unknown email creates the customer).
    #[schemars(with = "crate::tool::params::IdOrName")]
    pub customer: String,
    /// Subject line.
    pub subject: String,
    /// First message, plain text.
    pub message: String,
    /// customer (default: records their words, sends nothing) or agent (sends the message to the customer).
    pub from: Option<Author>,
    /// Channel: email (default), phone, chat, sms, api...
    pub channel: Option<String>,
    /// Agent who writes when from=agent (name, email or id; default: the API user).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub agent: Option<String>,
    /// Assign to this agent (name, email or id).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub assignee: Option<String>,
    /// Assign to this team (name or id).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub team: Option<String>,
    /// Tag names.
    #[schemars(with = "Option<Vec<crate::tool::params::IdOrName>>")]
    pub tags: Option<Vec<String>>,
    /// critical, high, normal or low.
    pub priority: Option<String>,
    /// Tickiti only: a template identifier or intervention name to open the ticket from (subject and message may then be empty).
    pub template: Option<String>,
    /// Category by name, optionally with type and item: "Equipment" or "Equipment / Laptop / Battery" (helpdesks with categories; see list_reference kind=categories).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub category: Option<String>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "create_ticket",
    title: "Create ticket",
    description: "Open a ticket for a customer (email or id) with a subject and first message. from=customer (default) records their request without sending anything; from=agent sends the message to the customer (needs the send access level). Optional assignee, team, tags, priority, category.",
    tier: Tier::Agent,
    toolset: "tickets",
    annotations: Annotations { read_only: false, destructive: false, idempotent: false, open_world: true },
    input_schema: params::input_schema::<CreateTicketParams>,
    output_schema: params::output_schema::<WriteOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: CreateTicketParams = params::parse(args)?;
    crate::provider::only_where_supported(ctx.helpdesk, "template", p.template.is_some())?;
    for (field, value) in [("customer", &p.customer), ("subject", &p.subject), ("message", &p.message)] {
        if value.trim().is_empty() && (field == "customer" || p.template.is_none()) {
            return Err(ToolError::invalid(field, "is empty"));
        }
    }
    let out = ctx.helpdesk.create_ticket(&p)?;
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}
