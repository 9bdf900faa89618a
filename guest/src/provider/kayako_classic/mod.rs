//! The Kayako Classic provider (classichelp.kayako.com "Kayako REST API"):
//! signed requests, XML answers. `impl Helpdesk` as orchestration only; each
//! concern lives in its own module.

mod client;
pub mod config;
pub mod endpoints;
mod projection;
mod reference;
pub(crate) mod search;
mod signature;
mod stats;
mod tickets;
mod wire;
mod writes;
pub(crate) mod xml;

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
use client::KayakoSubject as _;

use super::setup::{self, FromConfig, ProviderConfig};
use super::upstream::Upstream;
use super::{Helpdesk, PageRequest, ProviderEntry, ReferenceList, TicketPage, TicketThread};
use client::Subject;
use config::KayakoConfig;

/// Registration in [`super::PROVIDERS`].
pub const ENTRY: ProviderEntry = ProviderEntry {
    id: KayakoConfig::ID,
    keys: config::KEYS,
    detect: config::DETECT,
    describe: setup::describe::<KayakoConfig>,
    build: setup::build::<Kayako>,
    endpoints: table,
};

fn table() -> &'static [Endpoint] {
    endpoints::ENDPOINTS
}

/// A Kayako Classic helpdesk reached through a transport.
pub struct Kayako {
    cfg: KayakoConfig,
    up: Upstream,
}

impl FromConfig for Kayako {
    type Config = KayakoConfig;

    fn new(cfg: KayakoConfig, up: Upstream) -> Self {
        Self { cfg, up }
    }
}

impl Helpdesk for Kayako {
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

    /// Customers are users in Kayako Classic; the unified customer tools are
    /// not offered for it (see the README's provider notes).
    fn name(&self) -> &'static str {
        "Kayako Classic"
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

    fn check(&self) -> Result<String, ToolError> {
        // Any signed call proves the key and signature; departments are the cheapest list.
        let root = self.fetch(self.get("/Base/Department"), &Subject::api("departments"))?;
        if root.name != "departments" {
            return Err(ToolError::InvalidResponse {
                detail: format!("expected <departments>, got <{}>", crate::text::clip(&root.name, 40).0),
            });
        }
        let count = root.all("department").count();
        Ok(format!(
            "Connected to {}: the request signature was accepted and {count} department{} are visible.",
            self.cfg.label(),
            if count == 1 { "" } else { "s" }
        ))
    }

    fn endpoints(&self) -> &'static [Endpoint] {
        endpoints::ENDPOINTS
    }

    fn call_endpoint(&self, endpoint: &Endpoint, request: &ApiRequest) -> Result<ApiResponse, ToolError> {
        client::call_endpoint(self, endpoint, request)
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::config::Env;
    use crate::http::{HttpError, Request, Response, Transport};

    struct Nowhere;

    impl Transport for Nowhere {
        fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
            requests.iter().map(|_| Err(HttpError::Protocol("no network in unit tests"))).collect()
        }
    }

    /// A provider configured for `url` with key `key-1` and secret `s3cret`.
    pub fn kayako(url: &str) -> Kayako {
        let env = Env::from_pairs([
            ("KAYAKO_API_URL", url),
            ("KAYAKO_API_KEY", "key-1"),
            ("KAYAKO_SECRET_KEY", "s3cret"),
        ]);
        match KayakoConfig::from_env(&env) {
            Ok(cfg) => {
                let up = Upstream::new(cfg.url.clone(), Box::new(Nowhere));
                Kayako { cfg, up }
            }
            Err(p) => panic!("test config: {p:?}"),
        }
    }
}
