//! The MCP server both transports run: rmcp's `ServerHandler` over the
//! component. Tool descriptors come from the component once at start-up
//! (filtered by the policy); each session then sees the tools its client's
//! tier allows, each `tools/call` is checked against that same list and run
//! in a fresh instance, with the component's upstream requests turned into
//! logging and progress notifications and destructive writes confirmed by the
//! user first (by elicitation in 2025-11-25, by a signed input-required
//! round trip in 2026-07-28, see [`round_trip`]).

pub mod admission;
pub mod confirm;
pub mod notify;
pub mod round_trip;

use std::sync::Arc;

use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, DiscoverResult,
    GetPromptRequestParams, GetPromptResponse, Implementation, JsonObject, ListToolsResult,
    PaginatedRequestParams, ProtocolVersion, ReadResourceRequestParams, ReadResourceResponse,
    ServerCapabilities, ServerConfig, Tool as McpTool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use sha2::{Digest as _, Sha256};

use crate::component::{CallError, CallNeeds, Content, Runtime, Tier, Tool, ToolResult};
use crate::error::HostError;
use crate::keys::Client;
use crate::policy::{Policy, parse_tier, rank, tier_name};
use admission::{CallBounds, Calls};
use confirm::{Answer, Confirm};
use notify::{LogLevel, Notifier};
use round_trip::{Confirmations, StateKey};

/// What the server tells clients (and their models) up front.
const INSTRUCTIONS: &str = "Access to a customer-support helpdesk. Start with search_tickets (ticket numbers, emails, order numbers, customer names, view names or keywords), read a conversation with get_ticket, browse with list_tickets, and resolve agent, tag and view names with list_reference.";

/// How long a 2026-07-28 client may cache `tools/list` and `server/discover`:
/// the tool list is fixed for the life of the process (per tier, hence
/// `private`), so a few minutes spares a round trip without hiding a restart
/// for long.
const LIST_TTL_MS: u64 = 5 * 60 * 1000;

/// A request header that narrows (never widens) the tier of one client.
pub const TIER_HEADER: &str = "x-helpdesk-access-level";

/// One tool as offered: its descriptor and what the policy needs to know.
#[derive(Clone, Debug)]
struct Offered {
    tool: McpTool,
    tier: Tier,
    read_only: bool,
    destructive: bool,
}

/// The MCP server. Cheap to clone; [`HelpdeskServer::session`] gives each
/// MCP session its own logging level.
#[derive(Clone)]
pub struct HelpdeskServer {
    runtime: Runtime,
    tools: Arc<[Offered]>,
    label: Arc<str>,
    level: Tier,
    confirm: Confirm,
    confirmations: Arc<Confirmations>,
    log_level: Arc<LogLevel>,
    calls: Calls,
}

impl HelpdeskServer {
    /// Asks the component for its tools and keeps those `policy` allows.
    pub async fn new(runtime: Runtime, policy: &Policy, label: String) -> Result<Self, HostError> {
        let started = std::time::Instant::now();
        let tools = runtime
            .list_tools()
            .await?
            .iter()
            .filter(|t| policy.allows(t))
            .map(|t| {
                Ok(Offered {
                    tool: descriptor(t)?,
                    tier: t.tier,
                    read_only: t.annotations.read_only,
                    destructive: t.annotations.destructive,
                })
            })
            .collect::<Result<Vec<_>, HostError>>()?;
        tracing::debug!(tools = tools.len(), list_ms = started.elapsed().as_secs_f64() * 1e3, "tools listed");
        Ok(Self {
            runtime,
            tools: tools.into(),
            label: label.into(),
            level: policy.level,
            confirm: Confirm::default(),
            confirmations: Arc::new(
                StateKey::from_config(None)
                    .and_then(|key| Confirmations::new(key, round_trip::STATE_TTL))
                    .map_err(HostError::Config)?,
            ),
            log_level: Arc::default(),
            calls: Calls::default(),
        })
    }

    /// Which writes need the user's confirmation (when the client can ask).
    #[must_use]
    pub fn with_confirm(mut self, confirm: Confirm) -> Self {
        self.confirm = confirm;
        self
    }

    /// The request-state key 2026-07-28 confirmations are signed with (the
    /// default is one generated for this process).
    #[must_use]
    pub fn with_confirmations(mut self, confirmations: Confirmations) -> Self {
        self.confirmations = Arc::new(confirmations);
        self
    }

    /// How many tool calls may run at once (process-wide and per session).
    #[must_use]
    pub fn with_call_bounds(mut self, bounds: CallBounds) -> Self {
        self.calls = Calls::new(bounds);
        self
    }

    /// A server for a new MCP session: same tools, its own logging level
    /// and its own share of the running calls.
    #[must_use]
    pub fn session(&self) -> Self {
        Self { log_level: Arc::default(), calls: self.calls.session(), ..self.clone() }
    }

    /// The `requestState` sealing every input-required round trip goes through.
    pub fn confirmations(&self) -> &Confirmations {
        &self.confirmations
    }

    /// The helpdesk's label (e.g. "Acme (Gorgias)").
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Every tool the configuration offers (before any client's tier).
    pub fn tools(&self) -> Vec<McpTool> {
        self.tools.iter().map(|o| o.tool.clone()).collect()
    }

    /// The tier a request may use: the configured level, narrowed by its
    /// client key and by the tier header.
    fn tier_of(&self, context: &RequestContext<RoleServer>) -> Tier {
        let parts = context.extensions.get::<http::request::Parts>();
        let mut tier = self.level;
        let key = parts.and_then(|p| p.extensions.get::<Client>()).map(|c| c.tier);
        let header = parts
            .and_then(|p| p.headers.get(TIER_HEADER))
            .and_then(|v| v.to_str().ok())
            .map(|v| parse_tier(v).unwrap_or(Tier::Readonly));
        for narrower in [key, header].into_iter().flatten() {
            if rank(narrower) < rank(tier) {
                tier = narrower;
            }
        }
        tier
    }

    /// A call to a tool this client cannot see. A tool error, not a protocol
    /// error, so the model reads it and picks a tool that exists; hidden and
    /// nonexistent tools get the same answer.
    fn unknown(&self, name: &str, tier: Tier) -> CallToolResult {
        CallToolResult::error(vec![ContentBlock::text(self.unknown_text(name, tier))])
    }

    fn unknown_text(&self, name: &str, tier: Tier) -> String {
        let names: Vec<&str> = self.visible(tier).map(|o| o.tool.name.as_ref()).collect();
        format!("Unknown tool: {name}. This server offers: {}.", names.join(", "))
    }

    fn visible(&self, tier: Tier) -> impl Iterator<Item = &Offered> {
        self.tools.iter().filter(move |o| rank(o.tier) <= rank(tier))
    }

    /// Runs one call without a client context (stdio-free callers, tests).
    pub async fn call(&self, name: &str, arguments: Option<JsonObject>) -> Result<CallToolResult, ErrorData> {
        let Some(offered) = self.visible(self.level).find(|o| o.tool.name == name) else {
            return Ok(self.unknown(name, self.level));
        };
        let arguments = serde_json::Value::Object(arguments.unwrap_or_default()).to_string();
        if let Admission::Answer(answer) = self.admit(offered, &arguments, self.level).await {
            return answer;
        }
        let _slot = match self.calls.enter().await {
            Ok(slot) => slot,
            Err(busy) => return Ok(CallToolResult::error(vec![ContentBlock::text(busy.to_string())])),
        };
        outcome(name, self.runtime.call_tool(name, &arguments).await)
    }

    /// What a write call needs, checked against the session's `tier`: a
    /// public reply at `agent` is refused here, before anything runs. Reads
    /// need nothing beyond being visible.
    async fn admit(&self, offered: &Offered, arguments: &str, tier: Tier) -> Admission {
        let name = offered.tool.name.as_ref();
        if offered.read_only {
            return Admission::Go(CallNeeds { tier: offered.tier, customer_visible: false });
        }
        let needs = match self.runtime.call_needs(name, arguments).await {
            Ok(Ok(needs)) => needs,
            Ok(Err(e)) => return Admission::Answer(outcome(name, Ok(Err(e)))),
            Err(e) => return Admission::Answer(outcome(name, Err(e))),
        };
        if rank(needs.tier) > rank(tier) {
            tracing::info!(
                tool = name,
                needs = tier_name(needs.tier),
                has = tier_name(tier),
                "call above the session's tier refused"
            );
            let text = if needs.customer_visible {
                format!(
                    "Not sent: this {name} call would send a message the customer sees, which needs the `send` access level; this session has `{}`. Nothing was changed. Write it as an internal note (reply_to_ticket with internal=true) or ask the operator for the send level.",
                    tier_name(tier)
                )
            } else {
                format!(
                    "Not run: {name} with these arguments needs the `{}` access level; this session has `{}`.",
                    tier_name(needs.tier),
                    tier_name(tier)
                )
            };
            return Admission::Answer(Ok(CallToolResult::error(vec![ContentBlock::text(text)])));
        }
        Admission::Go(needs)
    }

    /// Runs one call for a client: tier check, confirmation, notifications.
    async fn call_for(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.as_ref();
        let tier = self.tier_of(&context);
        let modern = is_modern(&context);
        let Some(offered) = self.visible(tier).find(|o| o.tool.name == name) else {
            // 2026-07-28 defines an unknown tool as a protocol error (-32602).
            if modern {
                return Err(ErrorData::invalid_params(self.unknown_text(name, tier), None));
            }
            return Ok(self.unknown(name, tier).into());
        };
        let shown = request.arguments.clone().unwrap_or_default();
        let arguments = serde_json::Value::Object(shown.clone()).to_string();
        let needs = match self.admit(offered, &arguments, tier).await {
            Admission::Go(needs) => needs,
            Admission::Answer(answer) => return answer.map(Into::into),
        };
        if self.confirm.applies(offered.read_only, offered.destructive, needs.customer_visible) {
            let title = offered.tool.title.as_deref().unwrap_or(name);
            let answer = if modern {
                if context.client_capabilities().is_none_or(|c| c.elicitation.is_none()) {
                    None
                } else {
                    let binding = round_trip::binding(&caller(&context), name, &arguments);
                    let Some(state) = request.request_state.as_deref() else {
                        let question = confirm::question(title, &self.label, needs.customer_visible, &shown);
                        tracing::info!(tool = name, "write awaits the user's confirmation");
                        return self.confirmations.ask(question, &binding).map(Into::into).map_err(|e| {
                            ErrorData::internal_error(
                                format!("the confirmation could not be built: {e}"),
                                None,
                            )
                        });
                    };
                    let redeemed =
                        self.confirmations.redeem(state, &binding, request.input_responses.as_ref());
                    Some(redeemed.map_err(|e| {
                        tracing::warn!(tool = name, "confirmation refused: {e}");
                        ErrorData::invalid_params(
                            format!("{e}. Nothing was sent; call {name} again without requestState to ask the user again."),
                            None,
                        )
                    })?)
                }
            } else if confirm::can_ask(&context.peer) {
                let question = confirm::question(title, &self.label, needs.customer_visible, &shown);
                Some(confirm::ask(&context.peer, question).await)
            } else {
                None
            };
            if let Some(Answer::Refused(why)) = answer {
                tracing::info!(tool = name, "write not confirmed: {why}");
                return Ok(CallToolResult::error(vec![ContentBlock::text(format!(
                    "Not sent: {why}, so nothing was changed in the helpdesk. Ask the user before trying again."
                ))])
                .into());
            }
        }
        // A slot only once confirmed: a user deciding holds no memory.
        let _slot = tokio::select! {
            slot = self.calls.enter() => match slot {
                Ok(slot) => slot,
                Err(busy) => {
                    tracing::warn!(tool = name, "call refused: {busy}");
                    return Ok(CallToolResult::error(vec![ContentBlock::text(busy.to_string())]).into());
                }
            },
            () = context.ct.cancelled() => return Err(cancelled(name)),
        };
        let progress = context.meta.get_progress_token();
        let Some(mut notifier) = Notifier::new(context.peer.clone(), self.log_level.clone(), progress) else {
            let call = self.runtime.call_tool(name, &arguments);
            return tokio::select! {
                r = call => outcome(name, r).map(Into::into),
                () = context.ct.cancelled() => Err(cancelled(name)),
            };
        };
        let (observer, mut events) = Notifier::channel();
        let call = self.runtime.call_tool_observed(name, &arguments, Some(observer));
        tokio::pin!(call);
        let result = loop {
            tokio::select! {
                biased;
                r = &mut call => break r,
                Some(event) = events.recv() => notifier.send(&event).await,
                () = context.ct.cancelled() => return Err(cancelled(name)),
            }
        };
        // Requests that finished with the call still get their notification;
        // anything later (a cancelled straggler) is dropped with the channel.
        while let Ok(event) = events.try_recv() {
            notifier.send(&event).await;
        }
        outcome(name, result).map(Into::into)
    }
}

/// Whether a request speaks 2026-07-28 or later (stateless, no server-to-client requests).
pub(crate) fn is_modern(context: &RequestContext<RoleServer>) -> bool {
    context.protocol_version().is_some_and(|v| v.as_str() >= ProtocolVersion::V_2026_07_28.as_str())
}

/// Who is calling, for binding a confirmation to it: a digest of the bearer
/// key when there is one (never the key), else the transport.
pub(crate) fn caller(context: &RequestContext<RoleServer>) -> Vec<u8> {
    let Some(parts) = context.extensions.get::<http::request::Parts>() else {
        return b"stdio".to_vec();
    };
    let bearer = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim());
    match bearer {
        Some(key) => Sha256::digest(key.as_bytes()).to_vec(),
        None => b"open".to_vec(),
    }
}

/// Whether a call may go ahead.
enum Admission {
    /// Run it; this is what it needs.
    Go(CallNeeds),
    /// Do not run it; give this answer instead.
    Answer(Result<CallToolResult, ErrorData>),
}

fn cancelled(name: &str) -> ErrorData {
    ErrorData::internal_error(format!("{name} was cancelled by the client"), None)
}

/// Maps the component's answer: protocol-level failures are `Err`, tool
/// failures `Ok` with `is_error`.
fn outcome(
    name: &str,
    result: Result<Result<ToolResult, CallError>, HostError>,
) -> Result<CallToolResult, ErrorData> {
    match result {
        Ok(Ok(result)) => Ok(to_result(result)),
        Ok(Err(CallError::UnknownTool(n))) => {
            Ok(CallToolResult::error(vec![ContentBlock::text(format!("Unknown tool: {n}"))]))
        }
        Ok(Err(CallError::InvalidArguments(m))) => {
            Err(ErrorData::invalid_params(format!("Invalid arguments: {m}"), None))
        }
        // A timeout, running out of memory or any other trap is the tool's
        // failure, not the protocol's: the model reads it and can act on it.
        // Neither the message nor the log carries a backtrace or a secret.
        Err(e) => {
            match &e {
                HostError::Deadline(_) => tracing::warn!(tool = name, "{e}"),
                _ => tracing::error!(tool = name, "{e}"),
            }
            Ok(CallToolResult::error(vec![ContentBlock::text(e.for_client(name))]))
        }
    }
}

fn to_result(r: ToolResult) -> CallToolResult {
    let content: Vec<ContentBlock> = r
        .content
        .into_iter()
        .map(|c| match c {
            Content::Text(text) => ContentBlock::text(text),
        })
        .collect();
    let mut result =
        if r.is_error { CallToolResult::error(content) } else { CallToolResult::success(content) };
    result.structured_content = r.structured.and_then(|s| serde_json::from_str(&s).ok());
    result
}

/// A WIT tool as an MCP tool descriptor.
pub fn descriptor(t: &Tool) -> Result<McpTool, HostError> {
    let schema = |raw: &str| {
        serde_json::from_str::<JsonObject>(raw)
            .map(Arc::new)
            .map_err(|e| HostError::Trap(format!("tool {} has an invalid schema: {e}", t.name)))
    };
    // The title is the tool's own; repeating it in the annotations only costs bytes.
    let annotations = ToolAnnotations::new()
        .read_only(t.annotations.read_only)
        .destructive(t.annotations.destructive)
        .idempotent(t.annotations.idempotent)
        .open_world(t.annotations.open_world);
    let mut tool = McpTool::new(t.name.clone(), t.description.clone(), schema(&t.input_schema)?)
        .with_title(t.title.clone())
        .with_annotations(annotations);
    if let Some(output) = &t.output_schema {
        tool = tool.with_raw_output_schema(schema(output)?);
    }
    Ok(tool)
}

/// The capabilities and identity both this server and wrappers declare.
pub fn server_config(capabilities: ServerCapabilities, label: &str) -> ServerConfig {
    ServerConfig::new(capabilities)
        .with_server_info(
            Implementation::new("helpdesk-mcp", env!("CARGO_PKG_VERSION")).with_title("Helpdesk MCP"),
        )
        .with_instructions(format!("{INSTRUCTIONS} Connected to {label}."))
}

impl ServerHandler for HelpdeskServer {
    /// Prompts and resources are declared, and empty: a 2026-07-28 client
    /// must find every method the server answers declared in `server/discover`.
    #[allow(deprecated)] // the logging capability is current in 2025-11-25.
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_logging()
            .enable_prompts()
            .enable_resources()
            .build();
        server_config(capabilities, &self.label)
    }

    /// `resources/read`: there are no resources (the helpdesk is reached through tools).
    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        Err(ErrorData::resource_not_found(
            format!("Resource not found: {}", request.uri),
            Some(serde_json::json!({ "uri": request.uri })),
        ))
    }

    /// `prompts/get`: there are no prompts.
    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        Err(ErrorData::invalid_params(format!("Unknown prompt: {}", request.name), None))
    }

    /// `server/discover` (2026-07-28): the revisions, capabilities, identity
    /// and instructions, cacheable by every client alike.
    async fn discover(&self, _context: RequestContext<RoleServer>) -> Result<DiscoverResult, ErrorData> {
        Ok(DiscoverResult::from_server_info(self.supported_protocol_versions().into_owned(), self.get_info())
            .with_ttl_ms(LIST_TTL_MS)
            .with_cache_scope(CacheScope::Public))
    }

    #[allow(deprecated)] // logging/setLevel is current in 2025-11-25.
    async fn set_level(
        &self,
        request: rmcp::model::SetLevelRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.log_level.set(request.level);
        Ok(())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let tier = self.tier_of(&context);
        let result = ListToolsResult::with_all_items(self.visible(tier).map(|o| o.tool.clone()).collect());
        // The list depends on the caller's key and tier header: cacheable, but
        // only by that caller.
        Ok(if is_modern(&context) {
            result.with_ttl_ms(LIST_TTL_MS).with_cache_scope(CacheScope::Private)
        } else {
            result
        })
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        self.call_for(request, context).await
    }

    fn get_tool(&self, name: &str) -> Option<McpTool> {
        self.tools.iter().find(|o| o.tool.name == name).map(|o| o.tool.clone())
    }
}
