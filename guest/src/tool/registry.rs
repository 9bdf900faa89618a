//! The tool list, as data. Order is the order clients display.

use super::{
    ToolInfo, ToolSpec, catalogue, create_ticket, get_customer, get_ticket, helpdesk_stats, list_reference,
    list_tickets, raw, reply_to_ticket, search_customers, search_tickets, update_ticket,
};
use crate::config::{Env, Settings};
use crate::http::{Limits, Transport};
use crate::provider;

/// Every unified tool.
pub const TOOLS: &[ToolSpec] = &[
    search_tickets::SPEC,
    get_ticket::SPEC,
    list_tickets::SPEC,
    helpdesk_stats::SPEC,
    search_customers::SPEC,
    get_customer::SPEC,
    list_reference::SPEC,
    create_ticket::SPEC,
    reply_to_ticket::SPEC,
    update_ticket::SPEC,
    catalogue::LIST_SPEC,
    catalogue::CALL_SPEC,
];

/// The unified tool called `name`.
pub fn find(name: &str) -> Option<&'static ToolSpec> {
    TOOLS.iter().find(|t| t.name == name)
}

/// Every tool for the configuration in `env`: the unified tools, then the
/// configured provider's raw tools. Callers filter with a [`super::Policy`].
pub fn list(env: &Env) -> Vec<ToolInfo> {
    TOOLS.iter().map(ToolInfo::from).chain(raw::infos(env)).collect()
}

/// The tools to offer (`tools/list`): [`list`] without those the configured
/// credentials can never use. Providers whose tokens carry scopes probe them
/// here (Tickiti: one round trip of calls that cannot change anything); the
/// others answer at once. Without a working configuration nothing is left out.
pub fn offered(env: &Env, connect: &dyn Fn(Limits) -> Box<dyn Transport>) -> Vec<ToolInfo> {
    let unusable = Settings::from_env(env)
        .ok()
        .and_then(|s| provider::connect(env, connect(s.limits())).ok())
        .map(|h| h.unusable_tools())
        .unwrap_or_default();
    list(env).into_iter().filter(|t| !unusable.contains(&t.name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_verb_noun() {
        let mut names: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        for n in &names {
            assert!(n.contains('_') && n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{n}");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TOOLS.len());
    }

    #[test]
    fn every_schema_is_an_object_schema() {
        for t in TOOLS {
            assert_eq!((t.input_schema)()["type"], "object", "{}", t.name);
            assert_eq!((t.output_schema)()["type"], "object", "{}", t.name);
            assert!(!t.description.is_empty() && t.description.len() < 400, "{}", t.name);
        }
    }

    #[test]
    fn read_tools_are_annotated_read_only_and_idempotent() {
        for t in TOOLS.iter().filter(|t| t.tier == super::super::Tier::Readonly) {
            assert!(
                t.annotations.read_only && t.annotations.idempotent && !t.annotations.destructive,
                "{}",
                t.name
            );
        }
    }
}
