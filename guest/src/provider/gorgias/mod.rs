//! The Gorgias provider (developers.gorgias.com): `impl Helpdesk` as
//! orchestration only; each concern lives in its own module.

mod auth;
mod client;
pub mod config;
mod customers;
pub mod endpoints;
pub(crate) mod filters;
mod order_lookup;
mod paging;
mod projection;
pub(crate) mod query;
mod reference;
mod search;
mod stats;
mod stats_customers;
mod stats_plan;
mod stats_query;
mod stats_surveys;
mod tickets;
mod update;
mod wire;
mod writes;

use crate::model::CustomerDetail;
use crate::provider::catalogue::Endpoint;
use crate::tool::ToolError;
use crate::tool::api::{ApiRequest, ApiResponse};
use crate::tool::create_ticket::CreateTicketParams;
use crate::tool::helpdesk_stats::{StatsQuery, StatsReport};
use crate::tool::list_reference::ReferenceKind;
use crate::tool::list_tickets::ListTicketsParams;
use crate::tool::params::TicketRef;
use crate::tool::reply_to_ticket::ReplyToTicketParams;
use crate::tool::search_customers::{CustomerList, SearchCustomersParams};
use crate::tool::search_tickets::SearchTicketsParams;
use crate::tool::update_ticket::UpdateTicketParams;
use crate::tool::write_output::WriteOutput;
use client::GorgiasSubject as _;

use super::setup::{self, FromConfig, ProviderConfig};
use super::upstream::Upstream;
use super::{Helpdesk, PageRequest, ProviderEntry, ReferenceList, TicketPage, TicketThread};
use client::Subject;
use config::GorgiasConfig;

/// Registration in [`super::PROVIDERS`].
pub const ENTRY: ProviderEntry = ProviderEntry {
    id: GorgiasConfig::ID,
    keys: config::KEYS,
    detect: config::DETECT,
    describe: setup::describe::<GorgiasConfig>,
    build: setup::build::<Gorgias>,
    endpoints: table,
};

/// The catalogue, for [`ProviderEntry::endpoints`].
fn table() -> &'static [Endpoint] {
    &endpoints::ENDPOINTS
}

/// A Gorgias account reached through a transport.
pub struct Gorgias {
    cfg: GorgiasConfig,
    up: Upstream,
}

impl FromConfig for Gorgias {
    type Config = GorgiasConfig;

    fn new(cfg: GorgiasConfig, up: Upstream) -> Self {
        Self { cfg, up }
    }
}

impl Helpdesk for Gorgias {
    fn name(&self) -> &'static str {
        "Gorgias"
    }

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

    fn list_reference(&self, kind: ReferenceKind, search: Option<&str>) -> Result<ReferenceList, ToolError> {
        reference::list(self, kind, search)
    }

    fn endpoints(&self) -> &'static [Endpoint] {
        &endpoints::ENDPOINTS
    }

    fn call_endpoint(&self, endpoint: &Endpoint, request: &ApiRequest) -> Result<ApiResponse, ToolError> {
        client::call_endpoint(self, endpoint, request)
    }

    fn search_customers(&self, params: &SearchCustomersParams) -> Result<CustomerList, ToolError> {
        customers::search(self, params)
    }

    fn get_customer(&self, customer: &str, tickets: usize) -> Result<CustomerDetail, ToolError> {
        customers::detail(self, customer, tickets)
    }

    fn create_ticket(&self, params: &CreateTicketParams) -> Result<WriteOutput, ToolError> {
        writes::create(self, params)
    }

    fn reply_to_ticket(&self, params: &ReplyToTicketParams) -> Result<WriteOutput, ToolError> {
        writes::reply(self, params)
    }

    fn update_ticket(&self, params: &UpdateTicketParams) -> Result<WriteOutput, ToolError> {
        update::update(self, params)
    }

    fn stats(&self, query: &StatsQuery) -> Result<StatsReport, ToolError> {
        stats::stats(self, query)
    }

    fn check(&self) -> Result<String, ToolError> {
        let [me, account] =
            <[_; 2]>::try_from(self.send_all(vec![self.get("/users/0", &[]), self.get("/account", &[])]))
                .map_err(|_| ToolError::InvalidResponse { detail: "missing response".into() })?;
        let me: wire::User = client::decode(me, &Subject::api("the current user"))?;
        let account: Option<wire::Account> = client::decode(account, &Subject::api("the account")).ok();
        let who = projection::agent(&me);
        let domain = account.and_then(|a| a.domain).filter(|d| Some(d) != self.cfg.account.as_ref());
        Ok(format!(
            "Connected to {}{} as {}{}.",
            self.cfg.label(),
            domain.map(|d| format!(" (account {d})")).unwrap_or_default(),
            who.name,
            who.detail.map(|d| format!(" ({d})")).unwrap_or_default(),
        ))
    }
}
