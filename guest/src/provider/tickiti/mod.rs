//! The Tickiti provider (docs.tickiti.com, Public API v1): every call `POST
//! /api/v1/<family>/<action>` with a JSON body and a bearer token whose abilities decide
//! what works. `impl Helpdesk` as orchestration only; each concern has its own module.

mod abilities;
mod auth;
mod client;
pub mod config;
pub mod endpoints;
mod idempotency;
mod projection;
mod reference;
pub(crate) mod search;
mod stats;
mod tickets;
mod wire;
mod writes;

use serde_json::Value;

use crate::provider::catalogue::Endpoint;
use crate::provider::upstream::{self, Subject};
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
use config::TickitiConfig;

/// Registration in [`super::PROVIDERS`].
pub const ENTRY: ProviderEntry = ProviderEntry {
    id: TickitiConfig::ID,
    keys: config::KEYS,
    detect: config::DETECT,
    describe: setup::describe::<TickitiConfig>,
    build: setup::build::<Tickiti>,
    endpoints: endpoints::endpoints,
};

/// A Tickiti install reached through a transport.
pub struct Tickiti {
    cfg: TickitiConfig,
    up: Upstream,
}

impl FromConfig for Tickiti {
    type Config = TickitiConfig;

    fn new(cfg: TickitiConfig, up: Upstream) -> Self {
        Self { cfg, up }
    }
}

impl Helpdesk for Tickiti {
    fn search_tickets(
        &self,
        params: &SearchTicketsParams,
        page: &PageRequest,
    ) -> Result<TicketPage, ToolError> {
        search::search(self, params, page)
    }

    fn list_tickets(&self, params: &ListTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
        tickets::list(self, params, page)
    }

    fn get_ticket(&self, id: &TicketRef) -> Result<TicketThread, ToolError> {
        tickets::thread(self, id)
    }

    fn list_reference(&self, kind: ReferenceKind, _search: Option<&str>) -> Result<ReferenceList, ToolError> {
        reference::list(self, kind)
    }

    /// Tickiti keeps originators on tickets, not customer records: the customer tools say so.
    fn name(&self) -> &'static str {
        "Tickiti"
    }

    fn create_ticket(&self, params: &CreateTicketParams) -> Result<WriteOutput, ToolError> {
        writes::create(self, params)
    }

    fn reply_to_ticket(&self, params: &ReplyToTicketParams) -> Result<WriteOutput, ToolError> {
        writes::reply(self, params)
    }

    fn update_ticket(&self, params: &UpdateTicketParams) -> Result<WriteOutput, ToolError> {
        writes::update(self, params)
    }

    fn stats(&self, query: &StatsQuery) -> Result<StatsReport, ToolError> {
        stats::stats(self, query)
    }

    /// Probes the token's abilities, role and plan (nothing is written) and names them.
    fn check(&self) -> Result<String, ToolError> {
        let s = abilities::probe(self)?;
        let join = |v: Vec<String>| if v.is_empty() { "none".to_owned() } else { v.join(", ") };
        let has = s.list("ability", true);
        if has.is_empty() && s.list("ability", false).is_empty() {
            return Err(ToolError::InvalidResponse { detail: "no ability probe could be read".into() });
        }
        let mut out = format!(
            "Connected to {}: the token was accepted. Abilities it has: {}; lacks: {}.",
            self.cfg.label(),
            join(has),
            join(s.list("ability", false))
        );
        let roles = s.list("role", true);
        let lacking = s.list("role", false);
        out.push_str(&format!(
            " Role: {}.",
            match (roles.last(), lacking.first()) {
                (Some(r), _) => format!("at least {r}"),
                (None, Some(r)) => format!("below {r}"),
                _ => "unknown".into(),
            }
        ));
        let plan_missing = s.list("plan", false);
        if !plan_missing.is_empty() {
            out.push_str(&format!(" The install's plan lacks: {}.", plan_missing.join(", ")));
        }
        let never: Vec<String> =
            abilities::unusable(&s).into_iter().filter(|t| !t.starts_with("tickiti_")).collect();
        if !never.is_empty() {
            out.push_str(&format!(" Tools this token can never use are not offered: {}.", never.join(", ")));
        }
        Ok(out)
    }

    fn endpoints(&self) -> &'static [Endpoint] {
        endpoints::endpoints()
    }

    /// The body is the listed fields; writes get a derived idempotency key.
    fn call_endpoint(&self, endpoint: &Endpoint, request: &ApiRequest) -> Result<ApiResponse, ToolError> {
        if !request.query.is_empty() {
            return Err(ToolError::invalid("params", "Tickiti takes every parameter in the JSON body"));
        }
        let route = request.path.trim_start_matches('/');
        let body = request.body.clone().unwrap_or_else(|| Value::Object(Default::default()));
        let subject = Subject::raw(&request.path);
        let response = if endpoint.read {
            self.up.send(self.read(route, &body))?
        } else {
            let mut r = self.keyed(route, &body);
            r.idempotent = true;
            match self.up.send(r) {
                Ok(r) if (500..600).contains(&r.status) => {
                    return Err(ToolError::OutcomeUnknown {
                        action: format!("`{}`", endpoint.id),
                        reason: format!("it answered HTTP {}", r.status),
                        check: "calling it again with the same params within 10 minutes (the same idempotency key replays the first answer)".into(),
                    });
                }
                other => other?,
            }
        };
        if !response.is_success() {
            return Err(client::failure(&response, &subject));
        }
        Ok(ApiResponse { status: response.status, body: upstream::raw_body(&response.body, |_| None) })
    }

    fn unusable_tools(&self) -> Vec<String> {
        abilities::probe(self).map(|s| abilities::unusable(&s)).unwrap_or_default()
    }

    fn extras(&self) -> &'static [&'static str] {
        &["template", "on_hold_until"]
    }
}
