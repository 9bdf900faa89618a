//! `list_reference`: the helpdesk's vocabulary — agents, teams, tags, views,
//! custom fields, channels and statuses — with the ids other tools accept.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::params::{self, Format};
use super::render::{Render, finish};
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};
use crate::model::ReferenceItem;

/// Which reference data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// Agents (users of the helpdesk).
    Agents,
    /// Teams.
    Teams,
    /// Ticket tags.
    Tags,
    /// Saved views.
    Views,
    /// Ticket and customer custom fields.
    CustomFields,
    /// Channels tickets arrive on.
    Channels,
    /// Ticket statuses and priorities.
    Statuses,
    /// Canned replies with their text (Gorgias macros, Tickiti stock responses).
    CannedResponses,
    /// Ticket categories with their types and items (Open Help Desk).
    Categories,
    /// Watchlists (Tickiti).
    Watchlists,
    /// Resolution categories (Tickiti).
    ResolutionCategories,
    /// Interventions (Tickiti).
    Interventions,
    /// Escalations (Tickiti).
    Escalations,
}

impl ReferenceKind {
    /// Name as written in the schema.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::Agents => "agents",
            ReferenceKind::Teams => "teams",
            ReferenceKind::Tags => "tags",
            ReferenceKind::Views => "views",
            ReferenceKind::CustomFields => "custom_fields",
            ReferenceKind::Channels => "channels",
            ReferenceKind::Statuses => "statuses",
            ReferenceKind::CannedResponses => "canned_responses",
            ReferenceKind::Categories => "categories",
            ReferenceKind::Watchlists => "watchlists",
            ReferenceKind::ResolutionCategories => "resolution_categories",
            ReferenceKind::Interventions => "interventions",
            ReferenceKind::Escalations => "escalations",
        }
    }
}

/// Arguments of `list_reference`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct ListReferenceParams {
    /// What to list; each helpdesk has some of these (an unknown kind says which).
    pub kind: ReferenceKind,
    /// Only items whose name or details contain this text.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub search: Option<String>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// Reference items of one kind.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReferenceOutput {
    /// The kind listed.
    pub kind: ReferenceKind,
    /// The items.
    pub items: Vec<ReferenceItem>,
    /// Items matching, before any trimming to fit.
    pub total: usize,
    /// Caveats (trimmed to fit, more exist upstream).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "list_reference",
    title: "List reference data",
    description: "List the helpdesk's agents, teams, tags, views, statuses, canned responses (with their text) and other vocabulary, with ids and details, to resolve names used in filters.",
    tier: Tier::Readonly,
    toolset: "reference",
    annotations: Annotations::READ,
    input_schema: params::input_schema::<ListReferenceParams>,
    output_schema: params::output_schema::<ReferenceOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: ListReferenceParams = params::parse(args)?;
    let search = p.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let list = ctx.helpdesk.list_reference(p.kind, search)?;
    let mut items = list.items;
    if let Some(needle) = search.map(str::to_lowercase) {
        items.retain(|i| {
            i.name.to_lowercase().contains(&needle)
                || i.detail.as_deref().is_some_and(|d| d.to_lowercase().contains(&needle))
                || i.text.as_deref().is_some_and(|t| t.to_lowercase().contains(&needle))
        });
    }
    let out = ReferenceOutput { kind: p.kind, total: items.len(), items, notes: list.notes };
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}

impl Render for ReferenceOutput {
    fn markdown(&self) -> String {
        let mut out = format!("{} {}:\n", self.total, self.kind.as_str().replace('_', " "));
        for item in &self.items {
            out.push_str("- ");
            if let Some(id) = &item.id {
                let _ = write!(out, "[{id}] ");
            }
            out.push_str(&item.name);
            if let Some(d) = &item.detail {
                let _ = write!(out, " — {d}");
            }
            out.push('\n');
            if let Some(text) = &item.text {
                for line in text.lines() {
                    let _ = writeln!(out, "  > {line}");
                }
            }
        }
        for note in &self.notes {
            let _ = writeln!(out, "Note: {note}");
        }
        out
    }

    fn items(&self) -> usize {
        self.items.len()
    }

    fn keep(&mut self, n: usize) {
        if n < self.items.len() {
            self.items.truncate(n);
            self.notes.push(format!("Showing {n} of {}; narrow the list with `search`.", self.total));
        }
    }
}
