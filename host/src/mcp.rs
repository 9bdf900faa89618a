//! The MCP server both transports run: rmcp's `ServerHandler` over the
//! component. Tool descriptors come from the component once at start-up
//! (filtered by the policy); each `tools/call` is checked against the same
//! list and run in a fresh instance.

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, JsonObject,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool as McpTool,
    ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use crate::component::{CallError, Content, Runtime, Tool, ToolResult};
use crate::error::HostError;
use crate::policy::Policy;

/// What the server tells clients (and their models) up front.
const INSTRUCTIONS: &str = "Access to a customer-support helpdesk. Start with search_tickets (ticket numbers, emails, order numbers, customer names, view names or keywords), read a conversation with get_ticket, browse with list_tickets, and resolve agent, tag and view names with list_reference.";

/// The MCP server. Cheap to clone (one per HTTP session).
#[derive(Clone)]
pub struct HelpdeskServer {
    runtime: Runtime,
    tools: Arc<[McpTool]>,
    label: Arc<str>,
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
            .map(descriptor)
            .collect::<Result<Vec<_>, _>>()?;
        tracing::debug!(tools = tools.len(), list_ms = started.elapsed().as_secs_f64() * 1e3, "tools listed");
        Ok(Self { runtime, tools: tools.into(), label: label.into() })
    }

    /// The tools offered.
    pub fn tools(&self) -> &[McpTool] {
        &self.tools
    }

    /// Runs one call; protocol-level failures are `Err`, tool failures `Ok` with `is_error`.
    pub async fn call(&self, name: &str, arguments: Option<JsonObject>) -> Result<CallToolResult, ErrorData> {
        if !self.tools.iter().any(|t| t.name == name) {
            return Err(ErrorData::invalid_params(format!("Unknown tool: {name}"), None));
        }
        let arguments = serde_json::Value::Object(arguments.unwrap_or_default()).to_string();
        match self.runtime.call_tool(name, &arguments).await {
            Ok(Ok(result)) => Ok(to_result(result)),
            Ok(Err(CallError::UnknownTool(n))) => {
                Err(ErrorData::invalid_params(format!("Unknown tool: {n}"), None))
            }
            Ok(Err(CallError::InvalidArguments(m))) => {
                Err(ErrorData::invalid_params(format!("Invalid arguments: {m}"), None))
            }
            // The model can act on a timeout: report it as the tool's failure.
            Err(e @ HostError::Deadline(_)) => Ok(CallToolResult::error(vec![ContentBlock::text(format!(
                "{e}. The helpdesk may be slow; try again, or ask for less (a smaller limit or a narrower search)."
            ))])),
            Err(e) => {
                tracing::error!(tool = name, "{e}");
                Err(ErrorData::internal_error(format!("{name} failed inside the server: {e}"), None))
            }
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

impl ServerHandler for HelpdeskServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(
                Implementation::new("helpdesk-mcp", env!("CARGO_PKG_VERSION")).with_title("Helpdesk MCP"),
            )
            .with_instructions(format!("{INSTRUCTIONS} Connected to {}.", self.label))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.to_vec()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        self.call(&request.name, request.arguments).await.map(Into::into)
    }

    fn get_tool(&self, name: &str) -> Option<McpTool> {
        self.tools.iter().find(|t| t.name == name).cloned()
    }
}
