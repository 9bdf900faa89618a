//! Which tools the component offers when it serves MCP itself (under
//! `wasmtime serve` or Spin, where no host filters for it): the access tier,
//! toolsets and an explicit allow-list from the environment. Our host applies
//! the same rules on its side (host/src/policy.rs) and passes a session's
//! effective tier in `HELPDESK_ACCESS_LEVEL`, so both ends agree.

use std::collections::BTreeSet;

use super::{Tier, ToolInfo};
use crate::config::Env;

/// The toolset that is offered only when asked for by name.
pub const OPT_IN_TOOLSET: &str = "raw";

/// The policy in force.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    level: Option<Tier>,
    toolsets: Option<BTreeSet<String>>,
    tools: Option<BTreeSet<String>>,
}

impl Policy {
    /// Reads `HELPDESK_ACCESS_LEVEL` (default readonly; an unknown value is
    /// reported by `Settings` and treated as readonly), `HELPDESK_TOOLSETS`
    /// and `HELPDESK_TOOLS` (comma-separated).
    pub fn from_env(env: &Env) -> Self {
        let list = |key: &str| {
            env.get(key)
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
        };
        Self {
            level: env.get("HELPDESK_ACCESS_LEVEL").and_then(Tier::parse),
            toolsets: list("HELPDESK_TOOLSETS"),
            tools: list("HELPDESK_TOOLS"),
        }
    }

    /// The highest tier allowed.
    pub fn level(&self) -> Tier {
        self.level.unwrap_or(Tier::Readonly)
    }

    /// Whether `tool` is offered.
    pub fn allows(&self, tool: &ToolInfo) -> bool {
        self.permits(&tool.name, tool.tier, &tool.toolset)
    }

    /// Whether a tool of this name, tier and toolset is offered. Calls check
    /// this rather than [`Self::allows`]: a [`ToolInfo`] carries the tool's
    /// JSON schemas, which are costly to build and not needed to decide.
    pub fn permits(&self, name: &str, tier: Tier, toolset: &str) -> bool {
        let toolset_ok = match &self.toolsets {
            Some(sets) => sets.contains(toolset),
            None => toolset != OPT_IN_TOOLSET,
        };
        tier <= self.level() && toolset_ok && self.tools.as_ref().is_none_or(|t| t.contains(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::Annotations;

    fn tool(name: &str, tier: Tier, toolset: &str) -> ToolInfo {
        ToolInfo {
            name: name.into(),
            title: name.into(),
            description: String::new(),
            input_schema: serde_json::json!({}),
            output_schema: None,
            annotations: Annotations::READ,
            tier,
            toolset: toolset.into(),
        }
    }

    #[test]
    fn readonly_by_default_and_raw_only_on_request() {
        let p = Policy::from_env(&Env::default());
        assert!(p.allows(&tool("get_ticket", Tier::Readonly, "tickets")));
        assert!(!p.allows(&tool("reply_to_ticket", Tier::Agent, "tickets")));
        assert!(!p.allows(&tool("gorgias_list_tags", Tier::Readonly, "raw")));
        let p = Policy::from_env(&Env::from_pairs([("HELPDESK_TOOLSETS", "tickets,raw")]));
        assert!(p.allows(&tool("gorgias_list_tags", Tier::Readonly, "raw")));
        assert!(!p.allows(&tool("list_reference", Tier::Readonly, "reference")));
    }

    #[test]
    fn tiers_and_allow_lists_narrow() {
        let env = Env::from_pairs([
            ("HELPDESK_ACCESS_LEVEL", "agent"),
            ("HELPDESK_TOOLS", "get_ticket, reply_to_ticket"),
        ]);
        let p = Policy::from_env(&env);
        assert!(p.allows(&tool("reply_to_ticket", Tier::Agent, "tickets")));
        assert!(!p.allows(&tool("search_tickets", Tier::Readonly, "tickets")));
        assert!(!p.allows(&tool("get_ticket", Tier::Admin, "tickets")));
    }
}
