//! `search_tickets`: one query box for everything a support agent types — a
//! ticket number, an email, an order number, a customer's name, a view name or
//! keywords. The provider detects which, falls back to broader strategies when
//! one finds nothing, and says which strategy answered.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::list_tickets::{TicketFilters, page_request};
use super::params::{self, Format, fingerprint};
use super::render::finish;
use super::ticket_page::TicketListOutput;
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};

/// How to read `query`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchType {
    /// Detect it (default).
    #[default]
    Auto,
    /// A ticket number.
    TicketId,
    /// A customer email address.
    Email,
    /// An order or return reference.
    Order,
    /// A customer's name.
    Customer,
    /// A saved view's name.
    View,
    /// Words in the tickets.
    Keyword,
}

impl SearchType {
    /// Name as written in the schema.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchType::Auto => "auto",
            SearchType::TicketId => "ticket_id",
            SearchType::Email => "email",
            SearchType::Order => "order",
            SearchType::Customer => "customer",
            SearchType::View => "view",
            SearchType::Keyword => "keyword",
        }
    }
}

/// Arguments of `search_tickets`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
pub struct SearchTicketsParams {
    /// Ticket number (#4521), customer email, order number, customer name, view name or keywords. Omit to list the newest tickets matching the filters.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub query: Option<String>,
    /// Force how query is read: auto (default), ticket_id, email, order, customer, view, keyword.
    pub search_type: Option<SearchType>,
    #[serde(flatten)]
    #[allow(missing_docs)]
    pub filters: TicketFilters,
    /// Tickets per page, 1-100 (default 20).
    pub limit: Option<u32>,
    /// next_cursor of the previous page.
    pub cursor: Option<String>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

impl SearchTicketsParams {
    /// The query, trimmed, if not blank.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "search_tickets",
    title: "Search tickets",
    description: "Find tickets from one query: a ticket number (#4521), customer email, order number, customer name, view name or keywords (auto-detected), optionally filtered by status, assignee, channel, tag and creation date. Says which strategy answered and falls back to broader ones when a strategy finds nothing.",
    tier: Tier::Readonly,
    toolset: "tickets",
    annotations: Annotations::READ,
    input_schema: params::input_schema::<SearchTicketsParams>,
    output_schema: params::output_schema::<TicketListOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: SearchTicketsParams = params::parse(args)?;
    if p.query.as_ref().is_some_and(|q| q.chars().count() > 500) {
        return Err(ToolError::invalid(
            "query",
            "is longer than 500 characters; search for a few distinctive words",
        ));
    }
    let fp = fingerprint(&[
        "search",
        p.query().unwrap_or(""),
        p.search_type.unwrap_or_default().as_str(),
        &p.filters.fingerprint_text(),
    ]);
    let page = page_request(p.limit, p.cursor.as_deref(), fp)?;
    let result = ctx.helpdesk.search_tickets(&p, &page)?;
    let out = TicketListOutput::new(result, SPEC.name);
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}
