//! The Open Help Desk provider (REST under `/api/v1`, JSON, ULIDs): names
//! resolved to ULIDs from cached reference lists, every write read back, and
//! the three roles (User, Staff, Admin) said plainly. `impl Helpdesk` as
//! orchestration only; each concern lives in its own module.

mod auth;
mod client;
pub mod config;
pub mod endpoints;
mod projection;
mod reference;
mod stats;
pub(crate) mod tickets;
mod wire;
mod writes;

pub use auth::TOKEN_EXCHANGE_HEADER;

use crate::model::ReferenceItem;
use crate::provider::catalogue::Endpoint;
use crate::tool::ToolError;
use crate::tool::api::{ApiRequest, ApiResponse};
use crate::tool::create_ticket::CreateTicketParams;
use crate::tool::helpdesk_stats::{StatsQuery, StatsReport};
use crate::tool::list_reference::ReferenceKind;
use crate::tool::list_tickets::ListTicketsParams;
use crate::tool::params::TicketRef;
use crate::tool::reply_to_ticket::ReplyToTicketParams;
use crate::tool::search_tickets::SearchTicketsParams;
use crate::tool::update_ticket::UpdateTicketParams;
use crate::tool::write_output::WriteOutput;

use super::setup::{self, FromConfig, ProviderConfig};
use super::upstream::Upstream;
use super::{Helpdesk, PageRequest, ProviderEntry, ReferenceList, TicketPage, TicketThread};
use client::{Call, Session, api_subject};
use config::OhdConfig;
use reference::Reference;

/// Registration in [`super::PROVIDERS`].
pub const ENTRY: ProviderEntry = ProviderEntry {
    id: OhdConfig::ID,
    keys: config::KEYS,
    detect: config::DETECT,
    describe: setup::describe::<OhdConfig>,
    build: setup::build::<Ohd>,
    endpoints: table,
};

fn table() -> &'static [Endpoint] {
    endpoints::ENDPOINTS
}

/// An Open Help Desk install reached through a transport.
pub struct Ohd {
    cfg: OhdConfig,
    up: Upstream,
    /// The bearer for this call (a token is exchanged at most once per call).
    session: Session,
}

impl FromConfig for Ohd {
    type Config = OhdConfig;

    fn new(cfg: OhdConfig, up: Upstream) -> Self {
        Self { cfg, up, session: Session::default() }
    }
}

impl Helpdesk for Ohd {
    fn search_tickets(&self, p: &SearchTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
        tickets::search(self, p.query(), &p.filters, page)
    }

    fn list_tickets(&self, p: &ListTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
        if p.view.is_some() {
            return Err(ToolError::invalid(
                "view",
                "Open Help Desk has no saved views; filter by status, priority, category, assignee or team",
            ));
        }
        if p.customer.is_some() {
            return Err(ToolError::invalid(
                "customer",
                "Open Help Desk lists cannot filter by reporter; use search_tickets with text, or a User key (which sees only its own tickets)",
            ));
        }
        tickets::list(self, &p.filters, None, p.order_by, page, "Open Help Desk ticket list, newest first")
    }

    fn get_ticket(&self, id: &TicketRef) -> Result<TicketThread, ToolError> {
        tickets::thread(self, &id.0)
    }

    fn list_reference(&self, kind: ReferenceKind, _search: Option<&str>) -> Result<ReferenceList, ToolError> {
        list_reference(self, kind)
    }

    fn name(&self) -> &'static str {
        "Open Help Desk"
    }

    fn create_ticket(&self, p: &CreateTicketParams) -> Result<WriteOutput, ToolError> {
        writes::create(self, p)
    }

    fn reply_to_ticket(&self, p: &ReplyToTicketParams) -> Result<WriteOutput, ToolError> {
        writes::reply(self, p)
    }

    fn update_ticket(&self, p: &UpdateTicketParams) -> Result<WriteOutput, ToolError> {
        writes::update(self, p)
    }

    fn stats(&self, q: &StatsQuery) -> Result<StatsReport, ToolError> {
        stats::stats(self, q)
    }

    /// The role is found with two reads in one round trip: `/staff` is refused
    /// to User keys and `/admin/users` to all but Admin keys.
    fn check(&self) -> Result<String, ToolError> {
        let calls = [
            Call::get("/statuses", vec![]),
            Call::get("/staff", vec![]),
            Call::get("/admin/users", vec![("limit", "1".into())]),
        ];
        let mut results = self.send_all(&calls)?.into_iter();
        let statuses: wire::List<wire::Status> = client::decode(
            results.next().unwrap_or(Err(crate::http::HttpError::Protocol("no answer"))),
            &api_subject("statuses"),
            client::STAFF,
        )?;
        let status = |r: Option<Result<crate::http::Response, crate::http::HttpError>>| {
            r.and_then(Result::ok).map(|r| r.status)
        };
        let (staff, admin) = (status(results.next()), status(results.next()));
        let role = match (staff, admin) {
            (Some(403), _) => {
                "User (sees only its own tickets; cannot post internal notes, change tickets or list staff)"
            }
            (_, Some(403)) => "Staff (sees its groups' tickets; may post internal notes and update tickets)",
            (Some(200), Some(200)) => "Admin (sees every ticket)",
            _ => "unknown (the role probes did not answer)",
        };
        Ok(format!(
            "Connected to {}: {} statuses are visible. The {} has the role {role}.",
            self.cfg.label(),
            statuses.data.len(),
            self.cfg.credentials.kind()
        ))
    }

    fn endpoints(&self) -> &'static [Endpoint] {
        endpoints::ENDPOINTS
    }

    fn call_endpoint(&self, endpoint: &Endpoint, request: &ApiRequest) -> Result<ApiResponse, ToolError> {
        client::call_endpoint(self, endpoint, request)
    }
}

/// `list_reference`: categories (with types and items, active only), statuses
/// (and priorities), agents (staff) and teams (groups).
fn list_reference(o: &Ohd, kind: ReferenceKind) -> Result<ReferenceList, ToolError> {
    let item = |id: &str, name: String, detail: String| ReferenceItem {
        id: Some(id.to_owned()),
        name,
        detail: Some(detail).filter(|d| !d.is_empty()),
        text: None,
    };
    let r = match kind {
        ReferenceKind::Categories => Reference::load(o, true)?,
        ReferenceKind::Statuses | ReferenceKind::Agents | ReferenceKind::Teams => Reference::load(o, false)?,
        other => {
            return Err(ToolError::invalid(
                "kind",
                format!(
                    "Open Help Desk has no {} list; use categories, statuses, agents (staff) or teams (groups)",
                    other.as_str()
                ),
            ));
        }
    };
    let mut notes = Vec::new();
    let items: Vec<ReferenceItem> = match kind {
        ReferenceKind::Categories => {
            notes.push("Active categories only. Name a type or item as a path, e.g. \"Equipment / Laptop / Battery\", in create_ticket's category, list_tickets' category or update_ticket's fields.category.".into());
            let mut out = Vec::new();
            for c in &r.categories {
                let types: Vec<&str> = c.types.iter().map(|t| t.kind.name.as_str()).collect();
                out.push(item(
                    &c.category.id,
                    c.category.name.clone(),
                    format!("category; types: {}", types.join(", ")),
                ));
                for t in &c.types {
                    let items: Vec<&str> = t.items.iter().map(|i| i.name.as_str()).collect();
                    let detail = if items.is_empty() {
                        "type".to_owned()
                    } else {
                        format!("type; items: {}", items.join(", "))
                    };
                    out.push(item(&t.kind.id, format!("{} / {}", c.category.name, t.kind.name), detail));
                    for i in &t.items {
                        out.push(item(
                            &i.id,
                            format!("{} / {} / {}", c.category.name, t.kind.name, i.name),
                            "item".into(),
                        ));
                    }
                }
            }
            out
        }
        ReferenceKind::Statuses => r
            .statuses
            .iter()
            .filter(|s| s.active)
            .map(|s| {
                let count = s.ticket_count.map(|n| format!(", {n} tickets")).unwrap_or_default();
                item(&s.id, s.name.clone(), format!("{} status{count}", s.kind))
            })
            .chain(reference::PRIORITIES.iter().map(|p| ReferenceItem {
                id: None,
                name: (*p).to_owned(),
                detail: Some("priority".into()),
                text: None,
            }))
            .collect(),
        _ if r.people_refused => {
            return Err(ToolError::Forbidden {
                message: Some(
                    "listing staff and groups needs a Staff or Admin key; this is a User key".into(),
                ),
            });
        }
        ReferenceKind::Agents => r
            .staff
            .iter()
            .map(|s| {
                let groups: Vec<String> = s.group_ids.iter().filter_map(|g| r.group_name(Some(g))).collect();
                let detail =
                    [s.email.clone(), Some(s.role.clone()), (!groups.is_empty()).then(|| groups.join(", "))];
                item(&s.id, s.name.clone(), detail.into_iter().flatten().collect::<Vec<_>>().join(", "))
            })
            .collect(),
        _ => r
            .groups
            .iter()
            .map(|g| {
                let members: Vec<&str> =
                    r.staff.iter().filter(|s| s.group_ids.contains(&g.id)).map(|s| s.name.as_str()).collect();
                item(&g.id, g.name.clone(), format!("group; members: {}", members.join(", ")))
            })
            .collect(),
    };
    Ok(ReferenceList { items, notes })
}
