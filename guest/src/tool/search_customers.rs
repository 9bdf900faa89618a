//! `search_customers`: find customers by email, name (fuzzy), phone or
//! external id, with their ids for get_customer and ticket searches.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::params::{self, Format};
use super::render::{Render, finish};
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};
use crate::model::CustomerSummary;

/// How to read `query`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSearchType {
    /// Detect it (default).
    #[default]
    Auto,
    /// An email address (exact).
    Email,
    /// A name (fuzzy).
    Name,
    /// A phone number.
    Phone,
    /// An external id.
    ExternalId,
}

/// Arguments of `search_customers`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct SearchCustomersParams {
    /// Email, name (typos tolerated), phone number or external id.
    #[schemars(with = "crate::tool::params::IdOrName")]
    pub query: String,
    /// Force how query is read: auto (default), email, name, phone, external_id.
    pub search_type: Option<CustomerSearchType>,
    /// Customers to return, 1-50 (default 10).
    pub limit: Option<u32>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

impl SearchCustomersParams {
    /// The validated limit.
    pub fn limit(&self) -> Result<usize, ToolError> {
        match self.limit {
            None => Ok(10),
            Some(n @ 1..=50) => Ok(n as usize),
            Some(n) => Err(ToolError::invalid("limit", format!("{n} is out of range; use 1 to 50"))),
        }
    }
}

/// Customers found.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CustomerList {
    /// How they were found.
    pub strategy: String,
    /// Best match first.
    pub customers: Vec<CustomerSummary>,
    /// Caveats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "search_customers",
    title: "Search customers",
    description: "Find customers by email, name (typos tolerated), phone number or external id; returns ids for get_customer and search_tickets.",
    tier: Tier::Readonly,
    toolset: "customers",
    annotations: Annotations::READ,
    input_schema: params::input_schema::<SearchCustomersParams>,
    output_schema: params::output_schema::<CustomerList>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: SearchCustomersParams = params::parse(args)?;
    if p.query.trim().is_empty() {
        return Err(ToolError::invalid(
            "query",
            "is empty; give an email, name, phone number or external id",
        ));
    }
    p.limit()?;
    let out = ctx.helpdesk.search_customers(&p)?;
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}

impl Render for CustomerList {
    fn markdown(&self) -> String {
        let mut out = match self.customers.len() {
            0 => format!("No customers found ({}).\n", self.strategy),
            n => format!("{n} customers ({}).\n", self.strategy),
        };
        for c in &self.customers {
            let _ = write!(out, "- [{}] {}", c.id, c.name.as_deref().unwrap_or("(no name)"));
            if let Some(e) = &c.email {
                let _ = write!(out, " <{e}>");
            }
            if !c.channels.is_empty() {
                let _ = write!(out, " · {}", c.channels.join(", "));
            }
            if let Some(x) = &c.external_id {
                let _ = write!(out, " · external id {x}");
            }
            out.push('\n');
        }
        for n in &self.notes {
            let _ = writeln!(out, "Note: {n}");
        }
        out
    }

    fn items(&self) -> usize {
        self.customers.len()
    }

    fn keep(&mut self, n: usize) {
        if n < self.customers.len() {
            self.customers.truncate(n);
            self.notes.push(format!("Only {n} customers fit in the output limit; narrow the query."));
        }
    }
}
