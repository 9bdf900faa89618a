//! The tools as data: each unified tool is a [`ToolSpec`] (name, schemas,
//! annotations, tier, toolset, and the function that runs it), listed in
//! [`registry`]. [`call`] is the single entry point both exports use.

pub mod api;
pub mod catalogue;
pub mod create_ticket;
pub mod error;
pub mod get_customer;
pub mod get_ticket;
pub mod helpdesk_stats;
pub mod list_reference;
pub mod list_tickets;
pub mod params;
pub mod policy;
pub mod raw;
pub mod registry;
pub mod render;
pub mod reply_to_ticket;
pub mod search_customers;
pub mod search_tickets;
pub mod sends;
pub mod ticket_page;
pub mod update_ticket;
pub mod write_output;

use serde_json::Value;

use crate::config::{ConfigProblem, Env, Settings};
use crate::http::{Journal, Limits, Transport};
use crate::provider::{self, Helpdesk};

pub use error::ToolError;
pub use policy::Policy;

use crate::sanitize;

/// Who may use a tool (WIT `tier`). Ordered: each tier includes the ones below.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Reads only.
    Readonly,
    /// Reads plus a support agent's writes no customer sees (internal notes,
    /// ticket changes, tickets logged for a customer).
    Agent,
    /// Agent, plus messages a customer sees: the least reversible write, so
    /// an operator can allow notes and changes while withholding it.
    Send,
    /// Everything.
    Admin,
}

impl Tier {
    /// Parses `readonly`, `agent`, `send` or `admin` (any case).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "readonly" | "read-only" | "read_only" => Some(Tier::Readonly),
            "agent" => Some(Tier::Agent),
            "send" => Some(Tier::Send),
            "admin" => Some(Tier::Admin),
            _ => None,
        }
    }

    /// The tier's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Readonly => "readonly",
            Tier::Agent => "agent",
            Tier::Send => "send",
            Tier::Admin => "admin",
        }
    }
}

/// MCP tool annotations (WIT `annotations`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Annotations {
    /// Changes nothing.
    pub read_only: bool,
    /// May destroy or overwrite data.
    pub destructive: bool,
    /// Repeating it has no further effect.
    pub idempotent: bool,
    /// Talks to a system outside the server (the helpdesk).
    pub open_world: bool,
}

impl Annotations {
    /// A read against the helpdesk.
    pub const READ: Annotations =
        Annotations { read_only: true, destructive: false, idempotent: true, open_world: true };
}

/// Everything a running tool may use.
pub struct Context<'a> {
    /// Product settings (including the effective access tier).
    pub settings: &'a Settings,
    /// The configured helpdesk.
    pub helpdesk: &'a dyn Helpdesk,
}

/// One unified tool, as code: name, docs, schemas and the function that runs it.
pub struct ToolSpec {
    /// Name, `verb_noun`.
    pub name: &'static str,
    /// Human title.
    pub title: &'static str,
    /// What it does, for the model choosing a tool.
    pub description: &'static str,
    /// Lowest tier that may use it.
    pub tier: Tier,
    /// Toolset it belongs to.
    pub toolset: &'static str,
    /// MCP annotations.
    pub annotations: Annotations,
    /// JSON Schema of the arguments.
    pub input_schema: fn() -> Value,
    /// JSON Schema of the structured result.
    pub output_schema: fn() -> Value,
    /// Runs the tool.
    pub run: fn(&Context<'_>, Value) -> Result<ToolResult, ToolError>,
}

/// A tool as listed (WIT `tool`): unified tools and generated raw ones alike.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolInfo {
    /// Name.
    pub name: String,
    /// Human title.
    pub title: String,
    /// What it does.
    pub description: String,
    /// JSON Schema of the arguments.
    pub input_schema: Value,
    /// JSON Schema of the structured result.
    pub output_schema: Option<Value>,
    /// MCP annotations.
    pub annotations: Annotations,
    /// Lowest tier that may use it.
    pub tier: Tier,
    /// Toolset.
    pub toolset: String,
}

impl From<&ToolSpec> for ToolInfo {
    fn from(s: &ToolSpec) -> Self {
        Self {
            name: s.name.to_owned(),
            title: s.title.to_owned(),
            description: s.description.to_owned(),
            input_schema: (s.input_schema)(),
            output_schema: Some((s.output_schema)()),
            annotations: s.annotations,
            tier: s.tier,
            toolset: s.toolset.to_owned(),
        }
    }
}

/// A tool result (WIT `tool-result`).
#[derive(Clone, Debug, PartialEq)]
pub struct ToolResult {
    /// The text content the model reads.
    pub text: String,
    /// Structured content matching the output schema.
    pub structured: Option<Value>,
    /// Whether the call failed.
    pub is_error: bool,
}

impl ToolResult {
    /// A failed call with its message.
    pub fn error(message: impl Into<String>) -> Self {
        Self { text: message.into(), structured: None, is_error: true }
    }

    /// Removes the component's own credentials from the text and the
    /// structured content (see [`crate::secrets`]).
    pub fn redact(&mut self) {
        crate::secrets::redact_string(&mut self.text);
        if let Some(structured) = &mut self.structured {
            crate::secrets::redact_json(structured);
        }
    }
}

/// A call that never reached a tool (WIT `call-error`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// No tool has this name.
    #[error("unknown tool `{0}`")]
    UnknownTool(String),
    /// The arguments are not a JSON object.
    #[error("invalid arguments: {0}")]
    InvalidArguments(String),
}

/// What one call needs before it may run (WIT `needs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    /// The tier the call's arguments need.
    pub tier: Tier,
    /// Whether it sends a message the customer sees.
    pub customer_visible: bool,
}

/// The needs of calling `name` with `arguments` (see [`sends`]), for any
/// tool the configuration has, offered or not: the caller applies its policy.
pub fn needs(name: &str, arguments: &str, env: &Env) -> Result<Needs, CallError> {
    let args = parse_arguments(arguments)?;
    let (tier, customer_visible) = match registry::find(name) {
        Some(spec) => (spec.tier, sends::customer_visible(name, &args, env)),
        None => match raw::find(env, name) {
            Some((info, endpoint)) => (info.tier, sends::endpoint_sends(endpoint)),
            None => return Err(CallError::UnknownTool(name.to_owned())),
        },
    };
    let tier = if customer_visible { tier.max(Tier::Send) } else { tier };
    Ok(Needs { tier, customer_visible })
}

/// Runs tool `name` with JSON `arguments` against the helpdesk that `env`
/// configures, reaching it through the transport `connect` builds. Tools the
/// environment's policy does not offer are unknown here too, and a call whose
/// arguments need more than the policy's level (a public reply at `agent`)
/// is refused before anything is sent.
pub fn call(
    name: &str,
    arguments: &str,
    env: &Env,
    connect: &dyn Fn(Limits) -> Box<dyn Transport>,
) -> Result<ToolResult, CallError> {
    let policy = Policy::from_env(env);
    let unified = registry::find(name).filter(|s| policy.permits(s.name, s.tier, s.toolset));
    let raw = match unified {
        Some(_) => None,
        None => raw::find(env, name).filter(|(info, _)| policy.allows(info)).map(|(_, ep)| ep),
    };
    if unified.is_none() && raw.is_none() {
        return Err(CallError::UnknownTool(name.to_owned()));
    }
    let args = parse_arguments(arguments)?;
    let needed = needs(name, arguments, env)?;
    if needed.tier > policy.level() {
        return Ok(ToolResult::error(sends::refusal(name, needed.tier, policy.level())));
    }
    let journal = Journal::default();
    let outcome = Settings::from_env(env).map_err(not_configured).and_then(|settings| {
        let limits = settings.limits();
        let helpdesk = provider::connect(env, journal.wrap(connect(limits))).map_err(not_configured)?;
        let ctx = Context { settings: &settings, helpdesk: helpdesk.as_ref() };
        match (unified, raw) {
            (Some(spec), _) => (spec.run)(&ctx, args),
            (None, Some(endpoint)) => raw::run(&ctx, endpoint, args),
            (None, None) => Err(ToolError::NotConfigured("no such tool".into())),
        }
    });
    // Known secrets go first, whole, before the patterns rewrite anything.
    let mut result = outcome
        .unwrap_or_else(|e| ToolResult::error(sanitize::text(&crate::secrets::redact(&e.to_string()))));
    result.redact();
    if let Some(note) = journal.note() {
        result.text.push_str("\n\n");
        result.text.push_str(&note);
    }
    Ok(result)
}

/// Parses the arguments text: a JSON object, or empty / `null` for none.
pub fn parse_arguments(arguments: &str) -> Result<Value, CallError> {
    if arguments.trim().is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_str::<Value>(arguments) {
        Ok(Value::Null) => Ok(Value::Object(Default::default())),
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(CallError::InvalidArguments("arguments must be a JSON object".into())),
        Err(e) => Err(CallError::InvalidArguments(format!("arguments are not valid JSON ({e})"))),
    }
}

fn not_configured(problems: Vec<ConfigProblem>) -> ToolError {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    ToolError::NotConfigured(list.join("; "))
}
