//! The typed `tools` export: WIT records ↔ domain types. No logic here.

use crate::bindings::exports::helpdesk::mcp::tools::{
    self as wit, CheckFailure, CheckFailureKind, ConfigProblem, Guest, Service,
};
use crate::check::{self, CheckKind};
use crate::config::{Env, Settings};
use crate::http::wasi::WasiTransport;
use crate::http::{Limits, Transport};
use crate::provider;
use crate::tool::{self, CallError, Tier, registry};

/// The component.
pub struct Component;

fn connect(limits: Limits) -> Box<dyn Transport> {
    Box::new(WasiTransport::new(limits))
}

impl Guest for Component {
    fn config_keys() -> Vec<String> {
        provider::config_keys().into_iter().map(str::to_owned).collect()
    }

    fn describe() -> Result<Service, Vec<ConfigProblem>> {
        let env = Env::from_process();
        let mut problems = Settings::from_env(&env).err().unwrap_or_default();
        let described = provider::describe(&env);
        match described {
            Ok(s) if problems.is_empty() => {
                Ok(Service { provider: s.provider.to_owned(), label: s.label, origins: s.origins })
            }
            Ok(_) => Err(problems.into_iter().map(problem).collect()),
            Err(more) => {
                problems.extend(more);
                Err(problems.into_iter().map(problem).collect())
            }
        }
    }

    fn list_tools() -> Vec<wit::Tool> {
        registry::offered(&Env::from_process(), &connect)
            .into_iter()
            .map(|t| wit::Tool {
                name: t.name,
                title: t.title,
                description: t.description,
                input_schema: t.input_schema.to_string(),
                output_schema: t.output_schema.map(|s| s.to_string()),
                annotations: wit::Annotations {
                    read_only: t.annotations.read_only,
                    destructive: t.annotations.destructive,
                    idempotent: t.annotations.idempotent,
                    open_world: t.annotations.open_world,
                },
                tier: wit_tier(t.tier),
                toolset: t.toolset,
            })
            .collect()
    }

    fn call_tool(name: String, arguments: String) -> Result<wit::ToolResult, wit::CallError> {
        match tool::call(&name, &arguments, &Env::from_process(), &connect) {
            Ok(r) => Ok(wit::ToolResult {
                content: vec![wit::Content::Text(r.text)],
                structured: r.structured.map(|s| s.to_string()),
                is_error: r.is_error,
            }),
            Err(CallError::UnknownTool(n)) => Err(wit::CallError::UnknownTool(n)),
            Err(CallError::InvalidArguments(m)) => Err(wit::CallError::InvalidArguments(m)),
        }
    }

    fn needs(name: String, arguments: String) -> Result<wit::CallNeeds, wit::CallError> {
        match tool::needs(&name, &arguments, &Env::from_process()) {
            Ok(n) => Ok(wit::CallNeeds { tier: wit_tier(n.tier), customer_visible: n.customer_visible }),
            Err(CallError::UnknownTool(n)) => Err(wit::CallError::UnknownTool(n)),
            Err(CallError::InvalidArguments(m)) => Err(wit::CallError::InvalidArguments(m)),
        }
    }

    fn check_connection() -> Result<String, CheckFailure> {
        check::run(&Env::from_process(), &connect).map_err(|(kind, message)| CheckFailure {
            kind: match kind {
                CheckKind::Config => CheckFailureKind::Config,
                CheckKind::Credentials => CheckFailureKind::Credentials,
                CheckKind::Forbidden => CheckFailureKind::Forbidden,
                CheckKind::NotFound => CheckFailureKind::NotFound,
                CheckKind::RateLimited => CheckFailureKind::RateLimited,
                CheckKind::Timeout => CheckFailureKind::Timeout,
                CheckKind::Unreachable => CheckFailureKind::Unreachable,
                CheckKind::Sandbox => CheckFailureKind::Sandbox,
                CheckKind::Upstream => CheckFailureKind::Upstream,
            },
            message,
        })
    }
}

fn wit_tier(t: Tier) -> wit::Tier {
    match t {
        Tier::Readonly => wit::Tier::Readonly,
        Tier::Agent => wit::Tier::Agent,
        Tier::Send => wit::Tier::Send,
        Tier::Admin => wit::Tier::Admin,
    }
}

fn problem(p: crate::config::ConfigProblem) -> ConfigProblem {
    ConfigProblem { key: p.key, message: p.message }
}

crate::bindings::export!(Component with_types_in crate::bindings);
