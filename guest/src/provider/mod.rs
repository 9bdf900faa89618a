//! Helpdesk providers behind one trait of unified operations.
//!
//! Each provider lives in its own folder and registers one [`ProviderEntry`] in
//! [`PROVIDERS`]: its configuration keys, how to detect it, how to describe its
//! origin for the sandbox, and how to build it. Adding a provider is a folder
//! plus one line in that table.

pub mod api_url;
pub mod catalogue;
pub mod gorgias;
pub mod kayako_classic;
pub mod open_help_desk;
pub mod setup;
pub mod tickiti;
pub mod upstream;
pub mod write;

use crate::config::{ConfigProblem, Env, PRODUCT_KEYS};
use crate::http::Transport;
use crate::model::{CustomerDetail, MessageView, ReferenceItem, TicketDetail, TicketSummary};
use crate::tool::ToolError;
use crate::tool::api::{ApiRequest, ApiResponse};
use crate::tool::create_ticket::CreateTicketParams;
use crate::tool::helpdesk_stats::{StatsQuery, StatsReport};
use crate::tool::list_reference::ReferenceKind;
use crate::tool::list_tickets::ListTicketsParams;
use crate::tool::params::{Cursor, TicketRef};
use crate::tool::reply_to_ticket::ReplyToTicketParams;
use crate::tool::search_customers::{CustomerList, SearchCustomersParams};
use crate::tool::search_tickets::SearchTicketsParams;
use crate::tool::update_ticket::UpdateTicketParams;
use crate::tool::write_output::WriteOutput;
use catalogue::Endpoint;

/// The unified operations every provider implements. Each method may issue
/// several requests, in parallel where the data allows.
pub trait Helpdesk {
    /// `search_tickets`: detect what the query is and find matching tickets.
    fn search_tickets(
        &self,
        params: &SearchTicketsParams,
        page: &PageRequest,
    ) -> Result<TicketPage, ToolError>;
    /// `list_tickets`: tickets matching filters, in order, one page at a time.
    fn list_tickets(&self, params: &ListTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError>;
    /// `get_ticket`: a ticket and its whole conversation, oldest first.
    fn get_ticket(&self, id: &TicketRef) -> Result<TicketThread, ToolError>;
    /// `list_reference`: agents, teams, tags, views, fields, channels or statuses.
    fn list_reference(&self, kind: ReferenceKind, search: Option<&str>) -> Result<ReferenceList, ToolError>;
    /// The helpdesk's name in messages ("Kayako Classic").
    fn name(&self) -> &'static str;
    /// `search_customers`; helpdesks without customer records say so.
    fn search_customers(&self, _params: &SearchCustomersParams) -> Result<CustomerList, ToolError> {
        Err(no_customers(self.name()))
    }
    /// `get_customer`: by id or email, with this many recent tickets.
    fn get_customer(&self, _customer: &str, _tickets: usize) -> Result<CustomerDetail, ToolError> {
        Err(no_customers(self.name()))
    }
    /// `create_ticket`.
    fn create_ticket(&self, params: &CreateTicketParams) -> Result<WriteOutput, ToolError>;
    /// `reply_to_ticket`.
    fn reply_to_ticket(&self, params: &ReplyToTicketParams) -> Result<WriteOutput, ToolError>;
    /// `update_ticket`.
    fn update_ticket(&self, params: &UpdateTicketParams) -> Result<WriteOutput, ToolError>;
    /// `helpdesk_stats`.
    fn stats(&self, query: &StatsQuery) -> Result<StatsReport, ToolError>;
    /// One cheap authenticated call, with a summary of what works.
    fn check(&self) -> Result<String, ToolError>;
    /// The provider's whole REST surface.
    fn endpoints(&self) -> &'static [Endpoint];
    /// Sends one catalogue operation (built and validated by `tool::api`).
    fn call_endpoint(&self, endpoint: &Endpoint, request: &ApiRequest) -> Result<ApiResponse, ToolError>;
    /// Tools (unified and raw) these credentials can never use, for `tools/list` to leave
    /// out. Only helpdesks whose credentials carry scopes (Tickiti's token abilities) probe;
    /// the others offer everything. An empty answer when probing fails: unknown is not never.
    fn unusable_tools(&self) -> Vec<String> {
        Vec::new()
    }
    /// Provider-specific arguments of the unified tools this helpdesk honours
    /// (`template` of create_ticket, `on_hold_until` of reply_to_ticket).
    fn extras(&self) -> &'static [&'static str] {
        &[]
    }
}

/// Refuses `field` when it is set and `helpdesk` does not honour it.
pub fn only_where_supported(helpdesk: &dyn Helpdesk, field: &str, set: bool) -> Result<(), ToolError> {
    if set && !helpdesk.extras().contains(&field) {
        return Err(ToolError::invalid(field, format!("is not available on {}", helpdesk.name())));
    }
    Ok(())
}

/// The answer of the customer tools on a helpdesk without customer records.
fn no_customers(helpdesk: &str) -> ToolError {
    ToolError::invalid(
        "customer",
        format!(
            "customer search and profiles are not available on {helpdesk}; use search_tickets with the customer's email or name instead"
        ),
    )
}

/// Which page a list call wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Items per page.
    pub limit: usize,
    /// Where to continue, if not from the start.
    pub cursor: Option<Cursor>,
    /// Fingerprint of the query, stamped on every cursor handed out.
    pub fingerprint: u32,
}

impl PageRequest {
    /// A cursor continuing with `kind` at `upstream`, after `skip` items.
    pub fn cursor(&self, kind: &str, upstream: Option<String>, skip: usize) -> Cursor {
        Cursor { kind: kind.to_owned(), upstream, skip, fingerprint: self.fingerprint }
    }
}

/// One page of tickets.
#[derive(Clone, Debug, PartialEq)]
pub struct TicketPage {
    /// How they were found, in words (e.g. "customer email").
    pub strategy: String,
    /// The tickets.
    pub tickets: Vec<TicketSummary>,
    /// Total matches, when the helpdesk says.
    pub total: Option<u64>,
    /// Caveats for the model (fallbacks taken, filters applied locally...).
    pub notes: Vec<String>,
    /// Cursor that re-reads this page from its first ticket; trimming the page
    /// to fit the output cap continues from here plus the tickets shown.
    pub this: Cursor,
    /// Cursor of the next page, if any.
    pub next: Option<Cursor>,
}

/// A ticket with its whole conversation.
#[derive(Clone, Debug, PartialEq)]
pub struct TicketThread {
    /// The ticket.
    pub ticket: TicketDetail,
    /// Every message, oldest first.
    pub messages: Vec<MessageView>,
    /// The conversation's size in the helpdesk's own units ("3 messages (1
    /// internal note)", "40 posts and 3 notes").
    pub totals: String,
    /// The helpdesk's words for ticket fields.
    pub terms: Terms,
    /// Caveats (e.g. the conversation was longer than could be fetched).
    pub notes: Vec<String>,
}

/// What a helpdesk calls ticket fields whose name differs between helpdesks,
/// so answers label them as its users know them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    /// The group a ticket is assigned to: "Team" (Gorgias), "Department" (Kayako).
    pub team: &'static str,
}

/// "1 post", "3 posts".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Reference data of one kind.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceList {
    /// The items.
    pub items: Vec<ReferenceItem>,
    /// Caveats (e.g. more exist than were fetched).
    pub notes: Vec<String>,
}

/// The configured helpdesk as the host needs to know it (WIT `service`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// Provider id.
    pub provider: &'static str,
    /// Human label.
    pub label: String,
    /// Origins (`scheme://host:port`, lower case) the sandbox must allow.
    pub origins: Vec<String>,
}

/// One provider's registration.
pub struct ProviderEntry {
    /// Id, as `HELPDESK_PROVIDER` names it.
    pub id: &'static str,
    /// Every environment key it reads.
    pub keys: &'static [&'static str],
    /// Keys whose presence means this provider is meant.
    pub detect: &'static [&'static str],
    /// Validates configuration and names the origin, without network.
    pub describe: fn(&Env) -> Result<Service, Vec<ConfigProblem>>,
    /// Builds the provider over a transport.
    pub build: Build,
    /// Its REST catalogue (listed even without configuration, for raw tools).
    pub endpoints: fn() -> &'static [Endpoint],
}

/// Builds a provider over a transport, or reports its configuration problems.
pub type Build = fn(&Env, Box<dyn Transport>) -> Result<Box<dyn Helpdesk>, Vec<ConfigProblem>>;

/// Every provider. Registration is one line here.
pub const PROVIDERS: &[ProviderEntry] =
    &[gorgias::ENTRY, kayako_classic::ENTRY, tickiti::ENTRY, open_help_desk::ENTRY];

/// Every environment key the component reads.
pub fn config_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = PRODUCT_KEYS.to_vec();
    keys.extend(PROVIDERS.iter().flat_map(|p| p.keys.iter().copied()));
    keys
}

/// Picks the provider: `HELPDESK_PROVIDER`, else the only one whose keys are set.
pub fn select(env: &Env) -> Result<&'static ProviderEntry, Vec<ConfigProblem>> {
    let names = || PROVIDERS.iter().map(|p| p.id).collect::<Vec<_>>().join(", ");
    if let Some(wanted) = env.get("HELPDESK_PROVIDER") {
        return PROVIDERS.iter().find(|p| p.id.eq_ignore_ascii_case(wanted)).ok_or_else(|| {
            vec![ConfigProblem::new(
                "HELPDESK_PROVIDER",
                format!("unknown provider `{wanted}`; use one of: {}", names()),
            )]
        });
    }
    let configured: Vec<&ProviderEntry> = PROVIDERS.iter().filter(|p| env.any(p.detect)).collect();
    match configured.as_slice() {
        [one] => Ok(one),
        [] => {
            let first = PROVIDERS.first().map(|p| p.detect.join(", ")).unwrap_or_default();
            Err(vec![ConfigProblem::new(
                "HELPDESK_PROVIDER",
                format!(
                    "no helpdesk is configured; set {first} (or start with --demo to try the built-in demo helpdesk)"
                ),
            )])
        }
        many => Err(vec![ConfigProblem::new(
            "HELPDESK_PROVIDER",
            format!(
                "settings for several helpdesks are present ({}); set HELPDESK_PROVIDER to choose one",
                many.iter().map(|p| p.id).collect::<Vec<_>>().join(", ")
            ),
        )]),
    }
}

/// Validates the configuration (WIT `describe`).
pub fn describe(env: &Env) -> Result<Service, Vec<ConfigProblem>> {
    (select(env)?.describe)(env)
}

/// Builds the configured provider over `transport`.
pub fn connect(env: &Env, transport: Box<dyn Transport>) -> Result<Box<dyn Helpdesk>, Vec<ConfigProblem>> {
    (select(env)?.build)(env, transport)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_include_product_and_provider_keys() {
        let keys = config_keys();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), keys.len());
        assert!(keys.contains(&"HELPDESK_TIMEOUT_SECS") && keys.contains(&"GORGIAS_API_KEY"));
    }

    #[test]
    fn nothing_configured_says_what_to_set() {
        let problems = select(&Env::default()).err().unwrap();
        assert!(problems[0].message.contains("GORGIAS_DOMAIN") && problems[0].message.contains("--demo"));
    }

    #[test]
    fn unknown_provider_is_named() {
        let env = Env::from_pairs([("HELPDESK_PROVIDER", "zendesk")]);
        let problems = select(&env).err().unwrap();
        assert!(problems[0].message.contains("zendesk"));
    }

    #[test]
    fn detection_uses_the_providers_keys() {
        let env = Env::from_pairs([("GORGIAS_DOMAIN", "acme")]);
        assert_eq!(select(&env).ok().map(|p| p.id), Some("gorgias"));
    }
}
