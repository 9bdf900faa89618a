//! Which tools a client may see and call: the access tier, toolsets and an
//! explicit allow-list. The same check guards `tools/list` and `tools/call`,
//! so a hidden tool cannot be called by name.

use std::collections::BTreeSet;

use crate::component::{Tier, Tool};

/// The policy in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Highest tier allowed (default `readonly`).
    pub level: Tier,
    /// Allowed toolsets, when narrowed.
    pub toolsets: Option<BTreeSet<String>>,
    /// Allowed tool names, when narrowed.
    pub tools: Option<BTreeSet<String>>,
}

impl Default for Policy {
    fn default() -> Self {
        Self { level: Tier::Readonly, toolsets: None, tools: None }
    }
}

/// Orders tiers: readonly < agent < send < admin. `send` adds messages a
/// customer sees to what `agent` allows (internal notes, ticket changes).
pub fn rank(t: Tier) -> u8 {
    match t {
        Tier::Readonly => 0,
        Tier::Agent => 1,
        Tier::Send => 2,
        Tier::Admin => 3,
    }
}

/// Parses `readonly`, `agent`, `send` or `admin`.
pub fn parse_tier(raw: &str) -> Option<Tier> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "readonly" | "read-only" | "read_only" => Some(Tier::Readonly),
        "agent" => Some(Tier::Agent),
        "send" => Some(Tier::Send),
        "admin" => Some(Tier::Admin),
        _ => None,
    }
}

/// The name of a tier, as configured.
pub fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Readonly => "readonly",
        Tier::Agent => "agent",
        Tier::Send => "send",
        Tier::Admin => "admin",
    }
}

impl Policy {
    /// Reads `HELPDESK_ACCESS_LEVEL`, `HELPDESK_TOOLSETS` and `HELPDESK_TOOLS`.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let list = |key: &str| {
            get(key).map(|v| {
                v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect::<BTreeSet<_>>()
            })
        };
        let level = match get("HELPDESK_ACCESS_LEVEL").filter(|v| !v.trim().is_empty()) {
            None => Tier::Readonly,
            Some(v) => parse_tier(&v).ok_or_else(|| {
                format!(
                    "HELPDESK_ACCESS_LEVEL: `{v}` is not an access level; use readonly, agent, send or admin"
                )
            })?,
        };
        Ok(Self { level, toolsets: list("HELPDESK_TOOLSETS"), tools: list("HELPDESK_TOOLS") })
    }

    /// Whether `tool` is offered. Without `HELPDESK_TOOLSETS`, every toolset
    /// but the opt-in `raw` one (a tool per REST operation) is offered.
    pub fn allows(&self, tool: &Tool) -> bool {
        let toolset_ok = match &self.toolsets {
            Some(sets) => sets.contains(&tool.toolset),
            None => tool.toolset != "raw",
        };
        rank(tool.tier) <= rank(self.level)
            && toolset_ok
            && self.tools.as_ref().is_none_or(|s| s.contains(&tool.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::bindings::exports::helpdesk::mcp::tools::Annotations;

    fn tool(name: &str, tier: Tier, toolset: &str) -> Tool {
        Tool {
            name: name.into(),
            title: name.into(),
            description: String::new(),
            input_schema: "{}".into(),
            output_schema: None,
            annotations: Annotations {
                read_only: true,
                destructive: false,
                idempotent: true,
                open_world: true,
            },
            tier,
            toolset: toolset.into(),
        }
    }

    #[test]
    fn default_is_readonly() {
        let p = Policy::from_lookup(|_| None).unwrap();
        assert!(p.allows(&tool("get_ticket", Tier::Readonly, "tickets")));
        assert!(!p.allows(&tool("reply_to_ticket", Tier::Agent, "tickets")));
        assert!(!p.allows(&tool("call_api", Tier::Admin, "raw")));
    }

    #[test]
    fn toolsets_and_tool_lists_narrow() {
        let p = Policy::from_lookup(|k| match k {
            "HELPDESK_ACCESS_LEVEL" => Some("admin".into()),
            "HELPDESK_TOOLSETS" => Some("tickets, reference".into()),
            _ => None,
        })
        .unwrap();
        assert!(p.allows(&tool("get_ticket", Tier::Readonly, "tickets")));
        assert!(!p.allows(&tool("call_api", Tier::Admin, "raw")));
        let p = Policy::from_lookup(|k| (k == "HELPDESK_TOOLS").then(|| "get_ticket".into())).unwrap();
        assert!(!p.allows(&tool("search_tickets", Tier::Readonly, "tickets")));
    }

    #[test]
    fn send_sits_between_agent_and_admin() {
        let level =
            |v: &str| Policy::from_lookup(|k| (k == "HELPDESK_ACCESS_LEVEL").then(|| v.into())).unwrap();
        let send = level("send");
        assert_eq!(send.level, Tier::Send);
        assert!(send.allows(&tool("reply_to_ticket", Tier::Agent, "tickets")));
        assert!(!send.allows(&tool("call_api", Tier::Admin, "api")));
        assert!(!level("agent").allows(&tool("gorgias_create_message", Tier::Send, "tickets")));
        assert!(level("admin").allows(&tool("gorgias_create_message", Tier::Send, "tickets")));
        assert!(rank(Tier::Agent) < rank(Tier::Send) && rank(Tier::Send) < rank(Tier::Admin));
    }

    #[test]
    fn bad_levels_are_named() {
        let e = Policy::from_lookup(|k| (k == "HELPDESK_ACCESS_LEVEL").then(|| "root".into())).unwrap_err();
        assert!(e.contains("HELPDESK_ACCESS_LEVEL") && e.contains("root"));
    }
}
