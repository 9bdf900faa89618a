//! Test-only (`--features conformance`): the MCP conformance suite's fixture
//! tools, resources and prompts (the names and texts of its reference
//! `everything-server`), layered over the product server so the whole suite
//! runs against our real transports, sessions and notification paths. The
//! product's own tools stay in the list and work as usual.
//!
//! The fixtures are data (`fixtures.json`); only the behaviours that talk to
//! the client (logging, progress, sampling, elicitation) are code, and the
//! 2026-07-28 input-required fixtures run on the product's own signed
//! `requestState` ([`input_required`]).

#![allow(deprecated)] // MCP logging is current in 2025-11-25.

mod behaviour;
mod input_required;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CompleteRequestParams, CompleteResult,
    DiscoverResult, GetPromptRequestParams, GetPromptResponse, GetPromptResult, ListPromptsResult,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, ServerCapabilities, ServerConfig,
    SetLevelRequestParams, SubscribeRequestParams, SubscriptionFilter, Tool as McpTool,
    UnsubscribeRequestParams,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Value, json};

use crate::mcp::{HelpdeskServer, server_config};

static DATA: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(include_str!("fixtures.json")).unwrap_or(Value::Null));

/// Replaces `$name` placeholders in every string of `value`.
fn fill(value: &Value, vars: &BTreeMap<String, String>) -> Value {
    match value {
        Value::String(s) => {
            let mut out = s.clone();
            // Longest names first, so `$arg10` is not read as `$arg1` + `0`.
            let mut names: Vec<&String> = vars.keys().collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            for name in names {
                out = out.replace(&format!("${name}"), &vars[name]);
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, vars)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), fill(v, vars))).collect()),
        other => other.clone(),
    }
}

/// `$image`, `$audio` and the string arguments of a request.
fn vars(arguments: Option<&serde_json::Map<String, Value>>) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    for key in ["image", "audio"] {
        vars.insert(key.to_owned(), DATA[key].as_str().unwrap_or_default().to_owned());
    }
    for (k, v) in arguments.into_iter().flatten() {
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        vars.insert(k.clone(), text);
    }
    vars
}

fn list(key: &str) -> &'static [Value] {
    DATA[key].as_array().map_or(&[], Vec::as_slice)
}

fn find(key: &str, field: &str, name: &str) -> Option<&'static Value> {
    list(key).iter().find(|v| v[field] == name)
}

/// A fixture's JSON as an rmcp result. Results built by rmcp's constructors say
/// `resultType: complete` (which 2026-07-28 requires and rmcp drops for older
/// peers); one read from JSON says so here.
fn parse<T: serde::de::DeserializeOwned>(mut value: Value) -> Result<T, ErrorData> {
    if let Some(object) = value.as_object_mut() {
        object.entry("resultType").or_insert_with(|| json!("complete"));
    }
    serde_json::from_value(value).map_err(|e| ErrorData::internal_error(format!("fixture: {e}"), None))
}

fn text(text: String) -> CallToolResult {
    CallToolResult::success(vec![rmcp::model::ContentBlock::text(text)])
}

/// The product server with the conformance fixtures added.
#[derive(Clone)]
pub struct Fixtures {
    inner: HelpdeskServer,
}

impl Fixtures {
    /// Wraps `inner` (one per session).
    pub fn new(inner: HelpdeskServer) -> Self {
        Self { inner }
    }

    /// One request of an input-required fixture, sealed with the product's key.
    fn step(
        &self,
        fixture: &Value,
        binding: &[u8],
        state: &Option<String>,
        responses: &Option<rmcp::model::InputResponses>,
        context: &RequestContext<RoleServer>,
    ) -> Result<input_required::Step, ErrorData> {
        let confirmations = self.inner.confirmations();
        input_required::step(fixture, confirmations, binding, state.as_deref(), responses.as_ref(), context)
    }
}

fn fixture_tools() -> Vec<McpTool> {
    list("tools")
        .iter()
        .chain(list("inputRequired"))
        .filter_map(|t| {
            let schema = if t["inputSchema"].is_object() {
                t["inputSchema"].clone()
            } else {
                json!({ "type": "object", "properties": {} })
            };
            serde_json::from_value(
                json!({ "name": t["name"], "description": t["description"], "inputSchema": schema }),
            )
            .ok()
        })
        .collect()
}

impl ServerHandler for Fixtures {
    fn get_info(&self) -> ServerConfig {
        let capabilities: ServerCapabilities = serde_json::from_value(json!({
            "tools": {}, "logging": {}, "completions": {}, "prompts": {}, "resources": { "subscribe": true }
        }))
        .unwrap_or_default();
        server_config(capabilities, self.inner.label())
    }

    /// The fixtures' own capabilities (subscribe, completions), not the product's.
    async fn discover(&self, _context: RequestContext<RoleServer>) -> Result<DiscoverResult, ErrorData> {
        Ok(DiscoverResult::from_server_info(self.supported_protocol_versions().into_owned(), self.get_info()))
    }

    async fn set_level(
        &self,
        request: SetLevelRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.inner.set_level(request, context).await
    }

    async fn list_tools(
        &self,
        request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let mut tools = self.inner.list_tools(request, context).await?.tools;
        tools.extend(fixture_tools());
        Ok(ListToolsResult::with_all_items(tools))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if let Some(fixture) = input_required::find("inputRequired", &request.name) {
            if !crate::mcp::is_modern(&context) {
                return Ok(CallToolResult::error(vec![rmcp::model::ContentBlock::text(
                    "This fixture answers with an InputRequiredResult, which needs MCP 2026-07-28",
                )])
                .into());
            }
            let binding = input_required::binding(&context, &request.name, request.arguments.as_ref());
            return Ok(
                match self.step(
                    fixture,
                    &binding,
                    &request.request_state,
                    &request.input_responses,
                    &context,
                )? {
                    input_required::Step::Ask(ask) => ask.into(),
                    input_required::Step::Done(done) => text(done).into(),
                },
            );
        }
        match find("tools", "name", &request.name) {
            Some(fixture) => behaviour::run(fixture, &request, &context).await.map(Into::into),
            None => self.inner.call_tool(request, context).await,
        }
    }

    fn get_tool(&self, name: &str) -> Option<McpTool> {
        self.inner.get_tool(name).or_else(|| fixture_tools().into_iter().find(|t| t.name == name))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let resources: Vec<Value> = list("resources")
            .iter()
            .map(|r| json!({ "uri": r["uri"], "name": r["name"], "title": r["title"], "description": r["description"], "mimeType": r["mimeType"] }))
            .collect();
        parse(json!({ "resources": resources }))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        parse(json!({ "resourceTemplates": DATA["templates"] }))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let uri = request.uri.as_str();
        let result: ReadResourceResult = if let Some(r) = find("resources", "uri", uri) {
            parse(json!({ "contents": fill(&r["contents"], &vars(None)) }))?
        } else if let Some(id) = uri.strip_prefix("test://template/").and_then(|r| r.strip_suffix("/data")) {
            let body = json!({ "id": id, "templateTest": true, "data": format!("Data for ID: {id}") });
            parse(
                json!({ "contents": [{ "uri": uri, "mimeType": "application/json", "text": body.to_string() }] }),
            )?
        } else {
            return Err(ErrorData::resource_not_found(
                format!("Resource {uri} not found"),
                Some(json!({ "uri": uri })),
            ));
        };
        Ok(result.into())
    }

    /// `subscriptions/listen` (2026-07-28): whatever the client asks for, which
    /// rmcp narrows to what `server/discover` advertised before acknowledging.
    fn accepted_subscription_filter(&self, requested: &SubscriptionFilter) -> Option<SubscriptionFilter> {
        Some(requested.clone())
    }

    async fn subscribe(
        &self,
        _request: SubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        Ok(())
    }

    async fn unsubscribe(
        &self,
        _request: UnsubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        Ok(())
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        let prompts: Vec<Value> = list("prompts")
            .iter()
            .chain(list("inputRequiredPrompts"))
            .map(|p| {
                let mut p = p.clone();
                if let Some(o) = p.as_object_mut() {
                    for key in ["messages", "rounds", "done"] {
                        o.remove(key);
                    }
                }
                p
            })
            .collect();
        parse(json!({ "prompts": prompts }))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        if let Some(fixture) = input_required::find("inputRequiredPrompts", &request.name) {
            if !crate::mcp::is_modern(&context) {
                return Err(ErrorData::invalid_params("This prompt needs MCP 2026-07-28", None));
            }
            let binding = input_required::binding(
                &context,
                &format!("prompt:{}", request.name),
                request.arguments.as_ref(),
            );
            return Ok(
                match self.step(
                    fixture,
                    &binding,
                    &request.request_state,
                    &request.input_responses,
                    &context,
                )? {
                    input_required::Step::Ask(ask) => ask.into(),
                    input_required::Step::Done(done) => {
                        let result: GetPromptResult = parse(json!({
                            "description": fixture["description"],
                            "messages": [{ "role": "user", "content": { "type": "text", "text": done } }],
                        }))?;
                        result.into()
                    }
                },
            );
        }
        let Some(prompt) = find("prompts", "name", &request.name) else {
            return Err(ErrorData::invalid_params(format!("Prompt {} not found", request.name), None));
        };
        let result: GetPromptResult = parse(json!({
            "description": prompt["description"],
            "messages": fill(&prompt["messages"], &vars(request.arguments.as_ref())),
        }))?;
        Ok(result.into())
    }

    async fn complete(
        &self,
        _request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, ErrorData> {
        parse(json!({ "completion": { "values": [], "total": 0, "hasMore": false } }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_parses_into_rmcp_types() {
        assert_eq!(fixture_tools().len(), list("tools").len() + list("inputRequired").len());
        let v = vars(None);
        for t in list("tools") {
            if t["elicit"].is_object() {
                let p: Result<rmcp::model::ElicitRequestParams, _> =
                    serde_json::from_value(fill(&t["elicit"], &v));
                assert!(p.is_ok(), "{}: {:?}", t["name"], p.err());
            }
            if t["content"].is_array() {
                let r: Result<CallToolResult, _> =
                    serde_json::from_value(json!({ "content": fill(&t["content"], &v) }));
                assert!(r.is_ok(), "{}: {:?}", t["name"], r.err());
            }
        }
        for p in list("prompts") {
            let r: Result<GetPromptResult, _> =
                serde_json::from_value(json!({ "messages": fill(&p["messages"], &v) }));
            assert!(r.is_ok(), "{}: {:?}", p["name"], r.err());
        }
    }

    #[test]
    fn placeholders_fill_inside_text() {
        let mut v = BTreeMap::new();
        v.insert("arg1".to_owned(), "testValue1".to_owned());
        assert_eq!(fill(&json!("a='$arg1'"), &v), json!("a='testValue1'"));
    }
}
