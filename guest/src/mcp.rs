//! MCP Streamable HTTP in stateless JSON mode, for runtimes that only speak
//! HTTP (`wasmtime serve`, Spin): one JSON-RPC message per POST, answered with
//! one JSON body, in 2025-11-25 or (see [`revision`]) 2026-07-28. Pure:
//! `incoming` moves bytes in and out of `wasi:http`.
//! The tools are the very same [`crate::tool`] code the typed export runs.

use serde_json::{Map, Value, json};

use crate::config::Env;
use crate::http::{Limits, Transport};
use crate::tool::{self, CallError, Policy, ToolInfo, registry};
use crate::{confirm, revision};

/// Protocol versions this endpoint speaks, newest first. Streamable HTTP
/// first appeared in 2025-03-26, so older versions cannot reach it.
pub const PROTOCOL_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26"];
/// Largest request body read (one JSON-RPC message; tool arguments are small).
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// JSON-RPC 2.0 error codes (<https://www.jsonrpc.org/specification#error_object>).
pub mod code {
    /// The body is not JSON (or not UTF-8).
    pub const PARSE_ERROR: i64 = -32700;
    /// The JSON is not a valid JSON-RPC request object.
    pub const INVALID_REQUEST: i64 = -32600;
    /// No such method.
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// The method's parameters are wrong.
    pub const INVALID_PARAMS: i64 = -32602;
    /// No such resource (2025-11-25; 2026-07-28 answers -32602 instead).
    pub const RESOURCE_NOT_FOUND: i64 = -32002;
    /// Refused at the HTTP layer (method, media type, protocol version), as the
    /// TypeScript SDK's transport does.
    pub const TRANSPORT: i64 = -32000;
}

/// The parts of an HTTP request the endpoint looks at before reading the body.
#[derive(Clone, Debug, Default)]
pub struct Head<'a> {
    /// `GET`, `POST`, ...
    pub method: &'a str,
    /// Path and query.
    pub path: &'a str,
    /// Header names and values, as sent (names compared case-insensitively).
    pub headers: &'a [(String, String)],
}

impl Head<'_> {
    /// Every value of header `name`, joined with `,` (RFC 9110 §5.3).
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }

    /// The declared `Content-Length`, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length")?.trim().parse().ok()
    }
}

/// An HTTP response to write back.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// Body (JSON or empty).
    pub body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, value: &Value) -> Self {
        Self {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    fn empty(status: u16) -> Self {
        Self { status, headers: vec![], body: vec![] }
    }

    /// A JSON-RPC error body with this HTTP status.
    pub fn rpc_error(status: u16, id: Value, code: i64, message: &str) -> Self {
        Self::rpc_error_with(status, id, code, message, None)
    }

    fn rpc_error_with(status: u16, id: Value, code: i64, message: &str, data: Option<Value>) -> Self {
        let mut error = json!({ "code": code, "message": message });
        if let Some(data) = data {
            error["data"] = data;
        }
        Self::json(status, &json!({ "jsonrpc": "2.0", "id": id, "error": error }))
    }
}

/// Handles one whole HTTP request to the MCP endpoint (head, then body).
pub fn handle(head: &Head, body: &[u8], env: &Env, connect: &dyn Fn(Limits) -> Box<dyn Transport>) -> Reply {
    if let Err(reply) = check_head(head) {
        return reply;
    }
    if body.len() > MAX_BODY {
        return too_large();
    }
    handle_body(head, body, env, connect)
}

/// Checks what can be checked before the body is read: path, method, media
/// types, protocol version and declared length (MCP 2025-11-25
/// basic/transports, "Sending Messages to the Server" and "Protocol Version
/// Header"). `Err` is the refusal to send.
pub fn check_head(head: &Head) -> Result<(), Reply> {
    let path = head.path.split('?').next().unwrap_or("");
    if path != "/mcp" && path != "/" {
        return Err(Reply::rpc_error(
            404,
            Value::Null,
            code::TRANSPORT,
            "Not found: the MCP endpoint is /mcp",
        ));
    }
    if head.method != "POST" {
        // Stateless JSON mode: no server-initiated SSE stream (GET) and no
        // session to end (DELETE); the spec allows 405 for both.
        let mut reply = Reply::rpc_error(
            405,
            Value::Null,
            code::TRANSPORT,
            "Method not allowed: this server is stateless; POST one JSON-RPC message to /mcp",
        );
        reply.headers.push(("allow", "POST".into()));
        return Err(reply);
    }
    let content_type = head.header("content-type").unwrap_or_default();
    if !media_type_is(&content_type, "application/json") {
        return Err(Reply::rpc_error(
            415,
            Value::Null,
            code::TRANSPORT,
            "Unsupported Media Type: send Content-Type: application/json",
        ));
    }
    // No Accept header means anything is acceptable (RFC 9110 §12.5.1).
    if let Some(accept) = head.header("accept")
        && !accepts_json(&accept)
    {
        return Err(Reply::rpc_error(
            406,
            Value::Null,
            code::TRANSPORT,
            "Not Acceptable: this server answers with application/json; include it in Accept",
        ));
    }
    if let Some(version) = head.header("mcp-protocol-version")
        && !PROTOCOL_VERSIONS.contains(&version.as_str())
        // 2026-07-28 and later are checked with the body, so the refusal carries the request's id.
        && version.as_str() < revision::MODERN
    {
        return Err(Reply::rpc_error(
            400,
            Value::Null,
            code::TRANSPORT,
            &format!(
                "Bad Request: unsupported MCP-Protocol-Version {:?} (supported: {})",
                truncate(&version, 40),
                [revision::MODERN].iter().chain(PROTOCOL_VERSIONS).copied().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if head.content_length().is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large());
    }
    Ok(())
}

/// The answer to a body larger than [`MAX_BODY`].
pub fn too_large() -> Reply {
    Reply::rpc_error(
        413,
        Value::Null,
        code::INVALID_REQUEST,
        &format!("Payload Too Large: one JSON-RPC message may be at most {} MiB", MAX_BODY / (1024 * 1024)),
    )
}

/// Answers one JSON-RPC message (the body of a POST that passed [`check_head`]).
pub fn handle_body(
    head: &Head,
    body: &[u8],
    env: &Env,
    connect: &dyn Fn(Limits) -> Box<dyn Transport>,
) -> Reply {
    let parse_error =
        |why: String| Reply::rpc_error(400, Value::Null, code::PARSE_ERROR, &format!("Parse error: {why}"));
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) => {
            return parse_error(format!(
                "the body is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ));
        }
    };
    if text.trim().is_empty() {
        return parse_error("the body is empty; POST one JSON-RPC message".into());
    }
    // serde_json stops at 128 levels of nesting, so deep input cannot exhaust the stack.
    let message: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return parse_error(format!("the body is not valid JSON ({e})")),
    };
    let message = match message {
        Value::Object(m) => m,
        Value::Array(_) => {
            return invalid(
                Value::Null,
                "batches are not supported (removed in MCP 2025-06-18); send one JSON-RPC message per POST",
            );
        }
        _ => return invalid(Value::Null, "the body must be one JSON-RPC message object"),
    };
    let envelope = match Envelope::read(&message) {
        Ok(e) => e,
        Err((id, why)) => return invalid(id, &why),
    };
    match envelope {
        // A response to a server request, or a notification: nothing to answer
        // in stateless mode (spec: 202 Accepted, no body).
        Envelope::Response | Envelope::Notification => Reply::empty(202),
        Envelope::Request { id, method, params } => {
            if revision::is_modern(&params, head.header("mcp-protocol-version").as_deref()) {
                return modern(head, id, method, &params, env, connect);
            }
            match dispatch(method, &params, env, connect) {
                Ok(result) => Reply::json(200, &json!({ "jsonrpc": "2.0", "id": id, "result": result })),
                Err((code, message)) => Reply::rpc_error(200, id, code, &message),
            }
        }
    }
}

/// Answers a 2026-07-28 request: no `initialize` or `ping`, `server/discover`,
/// an unknown tool as -32602, and the revision's HTTP statuses.
fn modern(
    head: &Head,
    id: Value,
    method: &str,
    params: &Map<String, Value>,
    env: &Env,
    connect: &dyn Fn(Limits) -> Box<dyn Transport>,
) -> Reply {
    if let Err((status, code, message, data)) = revision::check(method, params, &|name| head.header(name)) {
        return Reply::rpc_error_with(status, id, code, &message, data);
    }
    let answer = match method {
        "server/discover" => Ok(revision::discover(PROTOCOL_VERSIONS, INSTRUCTIONS)),
        "initialize" | "ping" => Err((
            code::METHOD_NOT_FOUND,
            format!("Method not found: {method} is not part of MCP {}", revision::MODERN),
        )),
        "tools/call" => match params.get("name").and_then(Value::as_str) {
            Some(name) if !offered(env).iter().any(|t| t == name) => Err((
                code::INVALID_PARAMS,
                format!(
                    "Unknown tool: {}. This server offers: {}.",
                    truncate(name, 80),
                    offered(env).join(", ")
                ),
            )),
            Some(name) => {
                let arguments = arguments_of(params).unwrap_or_default();
                // The caller, for binding a confirmation to it: whatever
                // authenticates it in front of this endpoint.
                let caller = head.header("authorization").unwrap_or_default();
                let call = confirm::Call { name, arguments: &arguments, params, caller: caller.as_bytes() };
                let now = u64::try_from(crate::clock::now().timestamp()).unwrap_or(0);
                match confirm::gate(&call, env, now) {
                    confirm::Gate::Run => dispatch(method, params, env, connect),
                    // Already in the revision's shape (`resultType: input_required`).
                    confirm::Gate::Ask(result) => {
                        return Reply::json(200, &json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                    }
                    confirm::Gate::Refuse(why) => Err((code::INVALID_PARAMS, why)),
                    confirm::Gate::NotSent(text) => {
                        Ok(json!({ "content": [{ "type": "text", "text": text }], "isError": true }))
                    }
                }
            }
            None => dispatch(method, params, env, connect),
        },
        _ => dispatch(method, params, env, connect),
    };
    match answer {
        Ok(result) => Reply::json(
            200,
            &json!({ "jsonrpc": "2.0", "id": id, "result": revision::complete(method, result) }),
        ),
        // 2026-07-28: a missing resource is invalid params, with its uri in `data`.
        Err((code::RESOURCE_NOT_FOUND, message)) => {
            let data = params.get("uri").map(|uri| json!({ "uri": uri }));
            Reply::rpc_error_with(200, id, code::INVALID_PARAMS, &message, data)
        }
        Err((code, message)) => Reply::rpc_error(revision::status_of(code, false), id, code, &message),
    }
}

/// The names of the tools this configuration offers.
fn offered(env: &Env) -> Vec<String> {
    let policy = Policy::from_env(env);
    registry::list(env).iter().filter(|t| policy.allows(t)).map(|t| t.name.to_string()).collect()
}

fn invalid(id: Value, why: &str) -> Reply {
    Reply::rpc_error(400, id, code::INVALID_REQUEST, &format!("Invalid Request: {why}"))
}

/// The JSON-RPC 2.0 shape of one message, checked field by field.
enum Envelope<'a> {
    Request { id: Value, method: &'a str, params: Map<String, Value> },
    Notification,
    Response,
}

impl<'a> Envelope<'a> {
    /// `Err` carries the id to answer with (the request's when it is usable).
    fn read(msg: &'a Map<String, Value>) -> Result<Self, (Value, String)> {
        // MCP: ids are strings or integers, never null.
        let id = match msg.get("id") {
            None => None,
            Some(id @ Value::String(_)) => Some(id.clone()),
            Some(id @ Value::Number(n)) if n.is_i64() || n.is_u64() => Some(id.clone()),
            Some(other) => {
                return Err((
                    Value::Null,
                    format!("`id` must be a string or an integer, not {}", kind(other)),
                ));
            }
        };
        let answer_id = id.clone().unwrap_or(Value::Null);
        match msg.get("jsonrpc") {
            Some(Value::String(v)) if v == "2.0" => {}
            Some(other) => {
                return Err((answer_id, format!("`jsonrpc` must be \"2.0\", not {}", short(other))));
            }
            None => return Err((answer_id, "`jsonrpc` must be \"2.0\" and is missing".into())),
        }
        let method = match msg.get("method") {
            Some(Value::String(m)) => m.as_str(),
            Some(other) => {
                return Err((answer_id, format!("`method` must be a string, not {}", kind(other))));
            }
            None if id.is_some() && (msg.contains_key("result") || msg.contains_key("error")) => {
                return Ok(Self::Response);
            }
            None => {
                return Err((
                    answer_id,
                    "a message needs a `method` (or an `id` with `result` or `error`)".into(),
                ));
            }
        };
        let params = match msg.get("params") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(p)) => p.clone(),
            // JSON-RPC allows positional params, MCP never uses them.
            Some(Value::Array(_)) => {
                return Err((
                    answer_id,
                    "`params` must be an object (MCP has no positional parameters)".into(),
                ));
            }
            Some(other) => {
                return Err((answer_id, format!("`params` must be an object, not {}", kind(other))));
            }
        };
        Ok(match id {
            Some(id) => Self::Request { id, method, params },
            None => Self::Notification,
        })
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value for an error message, capped so no large input is echoed.
fn short(v: &Value) -> String {
    truncate(&v.to_string(), 40)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

fn dispatch(
    method: &str,
    params: &Map<String, Value>,
    env: &Env,
    connect: &dyn Fn(Limits) -> Box<dyn Transport>,
) -> Result<Value, (i64, String)> {
    let bad_params = |why: &str| (code::INVALID_PARAMS, format!("Invalid params: {why}"));
    let policy = Policy::from_env(env);
    match method {
        "initialize" => {
            let asked = params
                .get("protocolVersion")
                .and_then(Value::as_str)
                .ok_or_else(|| bad_params("`protocolVersion` (a string) is required"))?;
            // Spec: answer the client's version if supported, else our latest.
            let version = PROTOCOL_VERSIONS.iter().find(|v| **v == asked).unwrap_or(&PROTOCOL_VERSIONS[0]);
            Ok(json!({
                "protocolVersion": version,
                "capabilities": revision::capabilities(),
                "serverInfo": { "name": "helpdesk-mcp", "title": "Helpdesk MCP", "version": env!("CARGO_PKG_VERSION") },
                "instructions": INSTRUCTIONS,
            }))
        }
        "ping" => Ok(json!({})),
        "tools/list" => {
            // One page holds every tool; a cursor is accepted and ignored.
            let tools: Vec<Value> =
                registry::offered(env, connect).iter().filter(|t| policy.allows(t)).map(descriptor).collect();
            Ok(json!({ "tools": tools }))
        }
        "tools/call" => {
            let name = params
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| bad_params("`name` (a string) is required"))?;
            let arguments = arguments_of(params).map_err(|why| bad_params(&why))?;
            match tool::call(name, &arguments, env, connect) {
                Ok(r) => Ok(result_json(&r)),
                // A tool error, as the host answers it: the model reads it and
                // picks a tool that exists.
                Err(CallError::UnknownTool(n)) => {
                    let text = format!(
                        "Unknown tool: {}. This server offers: {}.",
                        truncate(&n, 80),
                        offered(env).join(", ")
                    );
                    Ok(json!({ "content": [{ "type": "text", "text": text }], "isError": true }))
                }
                Err(CallError::InvalidArguments(m)) => Err(bad_params(&m)),
            }
        }
        // Declared and empty: the helpdesk is reached through tools.
        "prompts/list" => Ok(json!({ "prompts": [] })),
        "resources/list" => Ok(json!({ "resources": [] })),
        "resources/templates/list" => Ok(json!({ "resourceTemplates": [] })),
        "completion/complete" => Ok(json!({ "completion": { "values": [], "hasMore": false } })),
        "prompts/get" => Err(bad_params(&format!(
            "unknown prompt {}",
            truncate(params.get("name").and_then(Value::as_str).unwrap_or(""), 80)
        ))),
        "resources/read" => {
            let uri = params.get("uri").and_then(Value::as_str).unwrap_or("");
            Err((code::RESOURCE_NOT_FOUND, format!("Resource not found: {}", truncate(uri, 200))))
        }
        other => Err((code::METHOD_NOT_FOUND, format!("Method not found: {}", truncate(other, 80)))),
    }
}

/// A `tools/call`'s arguments as the tool receives them (empty when absent).
fn arguments_of(params: &Map<String, Value>) -> Result<String, String> {
    match params.get("arguments") {
        None | Some(Value::Null) => Ok(String::new()),
        Some(a @ Value::Object(_)) => Ok(a.to_string()),
        Some(other) => Err(format!("`arguments` must be an object, not {}", kind(other))),
    }
}

/// Whether a media type (parameters ignored) is `expected`.
fn media_type_is(value: &str, expected: &str) -> bool {
    value.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case(expected))
}

/// Whether an `Accept` value admits `application/json` (wildcards count, `q=0` refuses).
fn accepts_json(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q == 0.0)
        });
        !refused && ["application/json", "application/*", "*/*"].iter().any(|m| media.eq_ignore_ascii_case(m))
    })
}

/// What the server tells the model up front.
pub const INSTRUCTIONS: &str = "Read-only access to a customer-support helpdesk. Start with search_tickets (ticket numbers, emails, order numbers, names, views or keywords), read conversations with get_ticket, browse with list_tickets, and resolve agent/tag/view names with list_reference.";

/// An MCP tool descriptor.
pub fn descriptor(tool: &ToolInfo) -> Value {
    let mut out = json!({
        "name": tool.name,
        "title": tool.title,
        "description": tool.description,
        "inputSchema": tool.input_schema,
        "annotations": {
            "readOnlyHint": tool.annotations.read_only,
            "destructiveHint": tool.annotations.destructive,
            "idempotentHint": tool.annotations.idempotent,
            "openWorldHint": tool.annotations.open_world,
        },
    });
    if let Some(schema) = &tool.output_schema {
        out["outputSchema"] = schema.clone();
    }
    out
}

/// An MCP `CallToolResult`.
pub fn result_json(r: &tool::ToolResult) -> Value {
    let mut out = json!({ "content": [{ "type": "text", "text": r.text }], "isError": r.is_error });
    if let Some(s) = &r.structured {
        out["structuredContent"] = s.clone();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{HttpError, Request, Response};
    use std::cell::Cell;

    /// Counts requests and refuses them all: tests see whether anything went upstream.
    #[derive(Default)]
    struct Offline(Cell<usize>);
    impl Transport for &Offline {
        fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
            self.0.set(self.0.get() + requests.len());
            requests.iter().map(|_| Err(HttpError::Denied { host: "offline.test".into() })).collect()
        }
    }

    fn env() -> Env {
        Env::from_pairs([("GORGIAS_DOMAIN", "acme"), ("GORGIAS_EMAIL", "a@b.c"), ("GORGIAS_API_KEY", "k")])
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    const JSON_HEADERS: &[(&str, &str)] =
        &[("content-type", "application/json"), ("accept", "application/json, text/event-stream")];

    fn send(method: &str, headers: &[(String, String)], body: &[u8]) -> Reply {
        // Leaked so the transport can borrow it for 'static; a few bytes per test.
        let offline: &'static Offline = Box::leak(Box::default());
        let reply = handle(&Head { method, path: "/mcp", headers }, body, &env(), &|_| Box::new(offline));
        assert_eq!(offline.0.get(), 0, "nothing may go upstream here");
        reply
    }

    fn post(body: &str) -> Reply {
        send("POST", &headers(JSON_HEADERS), body.as_bytes())
    }

    fn json_of(r: &Reply) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    /// Status and JSON-RPC error code of a reply.
    fn status_code(r: &Reply) -> (u16, i64) {
        (r.status, json_of(r)["error"]["code"].as_i64().unwrap_or(0))
    }

    #[test]
    fn initialize_negotiates_a_supported_version() {
        for asked in ["2025-11-25", "2025-06-18", "2025-03-26"] {
            let r = post(&format!(
                r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"protocolVersion":"{asked}","capabilities":{{}},"clientInfo":{{"name":"t","version":"1"}}}}}}"#
            ));
            assert_eq!(r.status, 200);
            assert_eq!(json_of(&r)["result"]["protocolVersion"], asked);
            assert_eq!(json_of(&r)["id"], 0);
        }
        for asked in ["1999-01-01", "2024-11-05", "2026-07-28"] {
            let r = post(&format!(
                r#"{{"jsonrpc":"2.0","id":"a","method":"initialize","params":{{"protocolVersion":"{asked}"}}}}"#
            ));
            assert_eq!(json_of(&r)["result"]["protocolVersion"], "2025-11-25", "{asked}");
        }
        let r = post(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#);
        assert_eq!(status_code(&r), (200, -32602));
    }

    #[test]
    fn ping_answers_an_empty_result() {
        let r = json_of(&post(r#"{"id":"p","method":"ping","jsonrpc":"2.0"}"#));
        assert_eq!(r, json!({ "jsonrpc": "2.0", "id": "p", "result": {} }));
    }

    #[test]
    fn tools_list_has_schemas_and_annotations() {
        let r = json_of(&post(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"x"}}"#));
        let tools = r["result"]["tools"].as_array().unwrap();
        assert!(tools.iter().any(|t| t["name"] == "get_ticket"));
        assert!(
            tools
                .iter()
                .all(|t| t["inputSchema"]["type"] == "object" && t["annotations"]["readOnlyHint"] == true)
        );
    }

    #[test]
    fn tools_call_runs_the_tool_and_reports_tool_errors_as_results() {
        let offline: &'static Offline = Box::leak(Box::default());
        let body = br#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_ticket","arguments":{"id":4521}}}"#;
        let head = Head { method: "POST", path: "/mcp", headers: &headers(JSON_HEADERS) };
        let r = json_of(&handle(&head, body, &env(), &|_| Box::new(offline)));
        assert_eq!(r["result"]["isError"], true);
        assert!(
            r["result"]["content"][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("blocked by sandbox: offline.test")
        );
        assert!(offline.0.get() > 0, "the same tool code as the typed export ran");
        // A missing or mistyped argument is the tool's own error, naming the field.
        for args in [r#"{}"#, r#"{"id":{"x":1}}"#, r#"{"id":[1,2]}"#] {
            let r = json_of(&post(&format!(
                r#"{{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{{"name":"get_ticket","arguments":{args}}}}}"#
            )));
            assert_eq!(r["result"]["isError"], true, "{args}");
            assert!(r["result"]["content"][0]["text"].as_str().unwrap().contains("`id`"), "{args}: {r}");
        }
    }

    #[test]
    fn notifications_and_responses_get_202_and_no_body() {
        for body in [
            r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/whatever"}"#,
            r#"{"jsonrpc":"2.0","id":7,"result":{}}"#,
            r#"{"jsonrpc":"2.0","id":"x","error":{"code":-1,"message":"no"}}"#,
        ] {
            let r = post(body);
            assert_eq!((r.status, r.body.len()), (202, 0), "{body}");
        }
    }

    #[test]
    fn protocol_errors_use_specific_json_rpc_codes() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let cases: &[(&str, &[u8], u16, i64)] = &[
            ("invalid JSON", b"{nope", 400, -32700),
            ("truncated JSON", br#"{"jsonrpc":"2.0","id":1,"method":"ping""#, 400, -32700),
            ("empty body", b"", 400, -32700),
            ("whitespace body", b" \n ", 400, -32700),
            ("invalid UTF-8", b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xffing\"}", 400, -32700),
            ("deep nesting", deep.as_bytes(), 400, -32700),
            ("batch", br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, 400, -32600),
            ("empty batch", b"[]", 400, -32600),
            ("scalar", b"42", 400, -32600),
            ("missing jsonrpc", br#"{"id":1,"method":"ping"}"#, 400, -32600),
            ("jsonrpc 1.0", br#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#, 400, -32600),
            ("id as object", br#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#, 400, -32600),
            ("id as null", br#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, 400, -32600),
            ("id as fraction", br#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, 400, -32600),
            ("method as number", br#"{"jsonrpc":"2.0","id":1,"method":42}"#, 400, -32600),
            ("no method, no result", br#"{"jsonrpc":"2.0","id":1}"#, 400, -32600),
            ("params as string", br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":"x"}"#, 400, -32600),
            ("params as array", br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1]}"#, 400, -32600),
            ("server/discover", br#"{"jsonrpc":"2.0","id":4,"method":"server/discover"}"#, 200, -32601),
            ("unknown method", br#"{"jsonrpc":"2.0","id":4,"method":"tickets/list"}"#, 200, -32601),

            ("no tool name", br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{}}"#, 200, -32602),
            ("tool name as number", br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":1}}"#, 200, -32602),
            (
                "arguments as array",
                br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_ticket","arguments":[4521]}}"#,
                200,
                -32602,
            ),
            (
                "arguments as string",
                br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_ticket","arguments":"{\"id\":1}"}}"#,
                200,
                -32602,
            ),
        ];
        for (case, body, status, code) in cases {
            let r = send("POST", &headers(JSON_HEADERS), body);
            assert_eq!(status_code(&r), (*status, *code), "{case}: {}", String::from_utf8_lossy(&r.body));
            let v = json_of(&r);
            assert_eq!(v["jsonrpc"], "2.0", "{case}");
            assert!(
                v["error"]["message"].as_str().is_some_and(|m| !m.is_empty() && m.len() < 300),
                "{case}: {v}"
            );
        }
    }

    /// A public reply from a 2026-07-28 client that can show a form: asked
    /// first with nothing sent, then sent only with the user's yes.
    #[test]
    fn a_2026_reply_is_confirmed_before_anything_is_sent() {
        let env = Env::from_pairs([
            ("GORGIAS_DOMAIN", "acme"),
            ("GORGIAS_EMAIL", "a@b.c"),
            ("GORGIAS_API_KEY", "k"),
            ("HELPDESK_ACCESS_LEVEL", "send"),
            ("HELPDESK_MCP_STATE_KEY", "unit-test-state-key-0123456789abcdef"),
        ]);
        let call = |extra: Value| {
            let mut params =
                json!({ "name": "reply_to_ticket", "arguments": { "id": 7, "message": "Refunded." } });
            params["_meta"] = json!({
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": { "elicitation": {} },
            });
            extra.as_object().into_iter().flatten().for_each(|(k, v)| params[k] = v.clone());
            let mut h = headers(JSON_HEADERS);
            h.extend(headers(&[("mcp-method", "tools/call"), ("mcp-name", "reply_to_ticket")]));
            let body = json!({ "jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params });
            let offline: &'static Offline = Box::leak(Box::default());
            let head = Head { method: "POST", path: "/mcp", headers: &h };
            let reply = handle(&head, body.to_string().as_bytes(), &env, &|_| Box::new(offline));
            (json_of(&reply), offline.0.get())
        };
        let (asked, sent) = call(json!({}));
        assert_eq!((asked["result"]["resultType"].as_str(), sent), (Some("input_required"), 0), "{asked}");
        let state = asked["result"]["requestState"].clone();
        let answer = |action: &str| json!({ "requestState": state, "inputResponses": { "confirm": { "action": action, "content": { "confirm": true } } } });
        let (declined, sent) = call(answer("decline"));
        assert_eq!((declined["result"]["isError"].as_bool(), sent), (Some(true), 0), "{declined}");
        let (_, sent) = call(answer("accept"));
        assert!(sent > 0, "the confirmed reply went upstream");
        let mut forged = answer("accept");
        forged["requestState"] = json!("hs1.e30.AAAA");
        let (refused, sent) = call(forged);
        assert_eq!((refused["error"]["code"].as_i64(), sent), (Some(-32602), 0), "{refused}");
    }

    #[test]
    fn a_2026_client_discovers_lists_and_gets_the_revisions_errors() {
        let meta = r#""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}"#;
        let modern = |method: &str, params: &str, name: Option<&str>| {
            let mut h = headers(JSON_HEADERS);
            h.push(("mcp-protocol-version".into(), "2026-07-28".into()));
            h.push(("mcp-method".into(), method.into()));
            if let Some(n) = name {
                h.push(("mcp-name".into(), n.into()));
            }
            let sep = if params.is_empty() { "" } else { "," };
            let body =
                format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{{{params}{sep}{meta}}}}}"#);
            send("POST", &h, body.as_bytes())
        };
        let d = json_of(&modern("server/discover", "", None));
        assert_eq!(d["result"]["supportedVersions"][0], "2026-07-28", "{d}");
        let l = json_of(&modern("tools/list", "", None));
        assert_eq!(
            (l["result"]["resultType"].as_str(), l["result"]["ttlMs"].as_u64()),
            (Some("complete"), Some(300_000))
        );
        assert!(l["result"]["tools"].as_array().is_some_and(|t| !t.is_empty()));
        let unknown = modern("tools/call", r#""name":"nope","arguments":{}"#, Some("nope"));
        assert_eq!(status_code(&unknown), (200, -32602));
        assert_eq!(status_code(&modern("ping", "", None)), (404, -32601));
        assert_eq!(
            status_code(&modern("tools/call", r#""name":"get_ticket""#, Some("other"))),
            (400, -32020)
        );
    }

    #[test]
    fn errors_keep_the_request_id_when_it_is_usable() {
        let r = json_of(&post(r#"{"jsonrpc":"1.0","id":"keep","method":"ping"}"#));
        assert_eq!(r["id"], "keep");
        let r = json_of(&post(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#));
        assert_eq!(r["id"], Value::Null);
        let r = json_of(&post(r#"{"jsonrpc":"2.0","id":9,"method":"server/discover"}"#));
        assert_eq!(r["id"], 9);
    }

    #[test]
    fn http_level_refusals() {
        let json_accept = headers(JSON_HEADERS);
        let ping = br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
        let huge = vec![b' '; MAX_BODY + 1];
        let with = |extra: &[(&str, &str)]| {
            let mut h = headers(JSON_HEADERS);
            for (k, v) in extra {
                h.retain(|(n, _)| !n.eq_ignore_ascii_case(k));
                h.push(((*k).to_owned(), (*v).to_owned()));
            }
            h
        };
        type Case<'a> = (&'a str, &'a str, Vec<(String, String)>, &'a [u8], u16);
        let cases: Vec<Case> = vec![
            ("GET", "GET", headers(&[("accept", "text/event-stream")]), b"", 405),
            ("DELETE", "DELETE", json_accept.clone(), b"", 405),
            ("PUT", "PUT", json_accept.clone(), ping, 405),
            ("text/plain", "POST", with(&[("content-type", "text/plain")]), ping, 415),
            ("no content type", "POST", headers(&[("accept", "application/json")]), ping, 415),
            ("form", "POST", with(&[("content-type", "application/x-www-form-urlencoded")]), ping, 415),
            ("accept sse only", "POST", with(&[("accept", "text/event-stream")]), ping, 406),
            ("accept html", "POST", with(&[("accept", "text/html")]), ping, 406),
            ("accept json q=0", "POST", with(&[("accept", "application/json;q=0, text/html")]), ping, 406),
            ("old protocol header", "POST", with(&[("mcp-protocol-version", "2024-11-05")]), ping, 400),
            ("bogus protocol header", "POST", with(&[("MCP-Protocol-Version", "1999-01-01")]), ping, 400),
            ("declared length too large", "POST", with(&[("content-length", "999999999")]), ping, 413),
            ("body too large", "POST", json_accept.clone(), &huge, 413),
        ];
        for (case, method, h, body, status) in cases {
            let r = send(method, &h, body);
            assert_eq!(r.status, status, "{case}");
            assert!(json_of(&r)["error"]["message"].as_str().is_some(), "{case}");
            if status == 405 {
                assert!(r.headers.contains(&("allow", "POST".into())), "{case}");
            }
        }
    }

    #[test]
    fn lenient_where_the_spec_allows() {
        let ok = |extra: &[(&str, &str)]| {
            let r = send("POST", &headers(extra), br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#);
            assert_eq!(r.status, 200, "{extra:?}: {}", String::from_utf8_lossy(&r.body));
        };
        ok(&[("content-type", "application/json")]); // no Accept: anything goes
        ok(&[("Content-Type", "Application/JSON; charset=utf-8"), ("Accept", "*/*")]);
        ok(&[
            ("content-type", "application/json"),
            ("accept", "text/event-stream"),
            ("accept", "application/*"),
        ]);
        for v in PROTOCOL_VERSIONS {
            ok(&[("content-type", "application/json"), ("mcp-protocol-version", v)]);
        }
        // Whitespace around the message is fine.
        let r =
            send("POST", &headers(JSON_HEADERS), b"\n {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} \n");
        assert_eq!(r.status, 200);
    }

    #[test]
    fn other_paths_are_not_found() {
        let r = handle(
            &Head { method: "POST", path: "/other", headers: &headers(JSON_HEADERS) },
            b"{}",
            &env(),
            &|_| unreachable!(),
        );
        assert_eq!(r.status, 404);
        let r = handle(
            &Head { method: "POST", path: "/mcp?x=1", headers: &headers(JSON_HEADERS) },
            br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#,
            &env(),
            &|_| unreachable!(),
        );
        assert_eq!(r.status, 200);
    }

    #[test]
    fn error_messages_do_not_echo_large_input() {
        let long = "x".repeat(10_000);
        for body in [
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{long}"}}"#),
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"name":"{long}"}}}}"#),
            format!(r#"{{"jsonrpc":"{long}","id":1,"method":"ping"}}"#),
        ] {
            assert!(post(&body).body.len() < 400);
        }
    }
}
