//! `list_tickets`: tickets matching filters, in a chosen order, page by page.
//! Also defines the ticket filters `search_tickets` shares.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::params::{self, Cursor, Format, When, fingerprint};
use super::render::finish;
use super::ticket_page::TicketListOutput;
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};
use crate::provider::PageRequest;

/// Filters both ticket-listing tools accept.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
pub struct TicketFilters {
    /// Status: open or closed.
    pub status: Option<String>,
    /// Assigned agent: name, email or id; "none" for unassigned.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub assignee: Option<String>,
    /// Channel: email, chat, phone, sms, contact_form, facebook, ...
    pub channel: Option<String>,
    /// Team or department (name or id; see list_reference kind=teams).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub team: Option<String>,
    /// Tag name.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub tag: Option<String>,
    /// Priority: critical, high, medium/normal or low (helpdesks with ticket priorities).
    pub priority: Option<String>,
    /// Category name or id (helpdesks with ticket categories; see list_reference kind=categories).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub category: Option<String>,
    /// Created at/after: YYYY-MM-DD, ISO date-time, today, yesterday, or an age like 7d.
    pub created_after: Option<When>,
    /// Created before (same forms).
    pub created_before: Option<When>,
}

impl TicketFilters {
    /// The first filter only some helpdesks have (priority, category), for
    /// providers without it to refuse rather than ignore.
    pub fn unsupported(&self) -> Option<&'static str> {
        if self.priority.is_some() {
            Some("priority")
        } else if self.category.is_some() {
            Some("category")
        } else {
            None
        }
    }

    /// Whether any filter is set.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }

    /// The filters in words, for strategy descriptions ("status=open, tag=refund").
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{k}={v}"));
            }
        };
        add("status", self.status.clone());
        add("assignee", self.assignee.clone());
        add("channel", self.channel.clone());
        add("team", self.team.clone());
        add("tag", self.tag.clone());
        add("priority", self.priority.clone());
        add("category", self.category.clone());
        add("created_after", self.created_after.map(|w| w.0.to_string()));
        add("created_before", self.created_before.map(|w| w.0.to_string()));
        parts.join(", ")
    }

    /// Stable text for cursor fingerprints.
    pub fn fingerprint_text(&self) -> String {
        self.describe()
    }
}

/// Sort field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderBy {
    /// Creation time.
    Created,
    /// Last update (default).
    #[default]
    Updated,
}

/// Sort direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Oldest first.
    Asc,
    /// Newest first (default).
    #[default]
    Desc,
}

/// Arguments of `list_tickets`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
pub struct ListTicketsParams {
    #[serde(flatten)]
    #[allow(missing_docs)]
    pub filters: TicketFilters,
    /// Customer email or id.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub customer: Option<String>,
    /// Only tickets in this saved view (name or id; see list_reference kind=views).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub view: Option<String>,
    /// Sort by created or updated (default).
    pub order_by: Option<OrderBy>,
    /// asc or desc (default).
    pub order: Option<Direction>,
    /// Include tickets in the trash (default false).
    pub include_trashed: Option<bool>,
    /// Tickets per page, 1-100 (default 20).
    pub limit: Option<u32>,
    /// next_cursor of the previous page.
    pub cursor: Option<String>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "list_tickets",
    title: "List tickets",
    description: "List tickets by status, assignee, channel, tag, customer, view or creation date, newest first (or as ordered), with cursor paging. For free-text lookups use search_tickets.",
    tier: Tier::Readonly,
    toolset: "tickets",
    annotations: Annotations::READ,
    input_schema: params::input_schema::<ListTicketsParams>,
    output_schema: params::output_schema::<TicketListOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: ListTicketsParams = params::parse(args)?;
    let fp = fingerprint(&[
        "list",
        &p.filters.fingerprint_text(),
        p.customer.as_deref().unwrap_or(""),
        p.view.as_deref().unwrap_or(""),
        &format!("{:?}{:?}{:?}", p.order_by, p.order, p.include_trashed),
    ]);
    let page = page_request(p.limit, p.cursor.as_deref(), fp)?;
    let result = ctx.helpdesk.list_tickets(&p, &page)?;
    let out = TicketListOutput::new(result, SPEC.name);
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}

/// Validates `limit` (1-100, default 20) and decodes `cursor` for a query.
pub fn page_request(limit: Option<u32>, cursor: Option<&str>, fp: u32) -> Result<PageRequest, ToolError> {
    let limit = match limit {
        None => 20,
        Some(n @ 1..=100) => n as usize,
        Some(n) => return Err(ToolError::invalid("limit", format!("{n} is out of range; use 1 to 100"))),
    };
    let cursor = cursor.map(|c| Cursor::decode(c, fp)).transpose()?;
    Ok(PageRequest { limit, cursor, fingerprint: fp })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_are_flattened_into_the_arguments() {
        let p: ListTicketsParams =
            params::parse(json!({ "status": "open", "tag": "refund", "order_by": "created", "limit": 5 }))
                .unwrap();
        assert_eq!(p.filters.status.as_deref(), Some("open"));
        assert_eq!(p.filters.describe(), "status=open, tag=refund");
        assert_eq!(p.order_by, Some(OrderBy::Created));
    }

    #[test]
    fn limit_out_of_range_names_the_field() {
        let e = page_request(Some(500), None, 1).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "limit"));
        assert_eq!(page_request(None, None, 1).unwrap().limit, 20);
    }

    #[test]
    fn schema_lists_flattened_filters_and_no_unknown_fields_pass() {
        let schema = params::input_schema::<ListTicketsParams>();
        assert!(schema["properties"]["created_after"].is_object());
        assert!(params::parse::<ListTicketsParams>(json!({ "statu": "open" })).is_err());
    }
}
