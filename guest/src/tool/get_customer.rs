//! `get_customer`: one customer's profile, channels, custom data, recent
//! orders from connected shops, and their latest tickets.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::params::{self, Format};
use super::render::{Render, finish, short_time, ticket_line};
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};
use crate::model::CustomerDetail;

/// Arguments of `get_customer`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct GetCustomerParams {
    /// Customer id or email.
    #[schemars(with = "crate::tool::params::IdOrName")]
    pub customer: String,
    /// Recent tickets to include, 0-20 (default 5).
    pub tickets: Option<u32>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// One customer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CustomerOutput {
    /// The customer.
    pub customer: CustomerDetail,
    /// Caveats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "get_customer",
    title: "Get customer",
    description: "Read one customer (by id or email): profile, channels, custom data, recent orders from connected shops with tracking, and their latest tickets with status.",
    tier: Tier::Readonly,
    toolset: "customers",
    annotations: Annotations::READ,
    input_schema: params::input_schema::<GetCustomerParams>,
    output_schema: params::output_schema::<CustomerOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: GetCustomerParams = params::parse(args)?;
    let tickets = match p.tickets {
        None => 5,
        Some(n @ 0..=20) => n as usize,
        Some(n) => return Err(ToolError::invalid("tickets", format!("{n} is out of range; use 0 to 20"))),
    };
    if p.customer.trim().is_empty() {
        return Err(ToolError::invalid("customer", "is empty; give a customer id or email"));
    }
    let customer = ctx.helpdesk.get_customer(p.customer.trim(), tickets)?;
    let out = CustomerOutput { customer, notes: vec![] };
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}

impl Render for CustomerOutput {
    fn markdown(&self) -> String {
        let c = &self.customer;
        let s = &c.summary;
        let mut out = format!("# {} (customer {})\n", s.name.as_deref().unwrap_or("(no name)"), s.id);
        let mut facts: Vec<String> = s.email.iter().cloned().collect();
        facts.extend(s.channels.iter().cloned());
        facts.extend(s.external_id.as_ref().map(|x| format!("external id {x}")));
        facts.extend(c.language.as_ref().map(|l| format!("language {l}")));
        facts.extend(c.timezone.as_ref().map(|t| format!("time zone {t}")));
        facts.extend(s.created_at.as_deref().map(|t| format!("customer since {}", short_time(t))));
        let _ = writeln!(out, "{}", facts.join(" · "));
        if let Some(n) = &c.note {
            let _ = writeln!(out, "Note: {n}");
        }
        for f in &c.data {
            let _ = writeln!(out, "{}: {}", f.label, f.value);
        }
        if !c.orders.is_empty() {
            let _ = writeln!(out, "\nOrders (newest first; times UTC):");
            for o in &c.orders {
                let _ = write!(out, "- {} ({})", o.name, o.source);
                if let Some(t) = &o.created_at {
                    let _ = write!(out, " {}", short_time(t));
                }
                if let Some(t) = &o.total {
                    let _ = write!(out, " · {t}");
                }
                if let Some(st) = &o.status {
                    let _ = write!(out, " · {st}");
                }
                out.push('\n');
                if !o.items.is_empty() {
                    let _ = writeln!(out, "  items: {}", o.items.join("; "));
                }
                for sh in &o.shipments {
                    let _ = writeln!(out, "  shipment: {sh}");
                }
            }
        }
        let total = c.tickets_total.map(|t| format!(" of {t}")).unwrap_or_default();
        let _ = writeln!(out, "\nRecent tickets ({}{total}):", c.recent_tickets.len());
        for t in &c.recent_tickets {
            ticket_line(&mut out, t);
        }
        for n in &self.notes {
            let _ = writeln!(out, "Note: {n}");
        }
        out
    }

    fn items(&self) -> usize {
        self.customer.orders.len() + self.customer.recent_tickets.len()
    }

    fn keep(&mut self, n: usize) {
        let c = &mut self.customer;
        let tickets = n.min(c.recent_tickets.len());
        c.recent_tickets.truncate(tickets);
        c.orders.truncate(n - tickets);
        self.notes.push("Shortened to fit the output limit: fewer orders or tickets are shown.".into());
    }
}
