//! MCP Streamable HTTP in stateless JSON mode, for runtimes that only speak
//! HTTP (`wasmtime serve`, Spin): one JSON-RPC message per POST, answered with
//! one JSON body. Pure: `incoming` moves bytes in and out of `wasi:http`.
//! The tools are the very same [`crate::tool`] code the typed export runs.

use serde_json::{Value, json};

use crate::config::Env;
use crate::http::{Limits, Transport};
use crate::tool::{self, CallError, Policy, ToolInfo, registry};

/// Protocol versions this endpoint speaks, newest first.
pub const PROTOCOL_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
/// Largest request body read.
pub const MAX_BODY: usize = 1024 * 1024;

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

    fn rpc_error(status: u16, id: Value, code: i64, message: &str) -> Self {
        Self::json(
            status,
            &json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } }),
        )
    }
}

/// Handles one HTTP request to the MCP endpoint.
pub fn handle(
    method: &str,
    path: &str,
    body: &[u8],
    env: &Env,
    connect: &dyn Fn(Limits) -> Box<dyn Transport>,
) -> Reply {
    let path = path.split('?').next().unwrap_or("");
    if path != "/mcp" && path != "/" {
        return Reply::rpc_error(404, Value::Null, -32600, "Not found: the MCP endpoint is /mcp");
    }
    if method != "POST" {
        let mut reply =
            Reply::rpc_error(405, Value::Null, -32600, "Method not allowed: POST JSON-RPC messages to /mcp");
        reply.headers.push(("allow", "POST".into()));
        return reply;
    }
    if body.len() > MAX_BODY {
        return too_large();
    }
    let message: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => {
            return Reply::rpc_error(400, Value::Null, -32700, "Parse error: the body is not valid JSON");
        }
    };
    let Value::Object(msg) = &message else {
        return Reply::rpc_error(
            400,
            Value::Null,
            -32600,
            "Invalid Request: send one JSON-RPC object (batches are not supported)",
        );
    };
    let id = msg.get("id").cloned();
    if msg.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Reply::rpc_error(
            400,
            id.unwrap_or(Value::Null),
            -32600,
            "Invalid Request: jsonrpc must be \"2.0\"",
        );
    }
    let Some(method) = msg.get("method").and_then(Value::as_str) else {
        // A response to a server request: nothing to do in stateless mode.
        return Reply::empty(202);
    };
    let Some(id) = id.filter(|i| i.is_string() || i.is_number()) else {
        // Notifications (initialized, cancelled, ...) need no answer.
        return Reply::empty(202);
    };
    let params = msg.get("params").cloned().unwrap_or(Value::Null);
    match dispatch(method, &params, env, connect) {
        Ok(result) => Reply::json(200, &json!({ "jsonrpc": "2.0", "id": id, "result": result })),
        Err((code, message)) => Reply::rpc_error(200, id, code, &message),
    }
}

/// The answer to a body larger than [`MAX_BODY`].
pub fn too_large() -> Reply {
    Reply::rpc_error(413, Value::Null, -32600, "Request body too large")
}

fn dispatch(
    method: &str,
    params: &Value,
    env: &Env,
    connect: &dyn Fn(Limits) -> Box<dyn Transport>,
) -> Result<Value, (i64, String)> {
    let policy = Policy::from_env(env);
    match method {
        "initialize" => {
            let asked = params.get("protocolVersion").and_then(Value::as_str).unwrap_or("");
            let version = PROTOCOL_VERSIONS.iter().find(|v| **v == asked).unwrap_or(&PROTOCOL_VERSIONS[0]);
            Ok(json!({
                "protocolVersion": version,
                "capabilities": { "tools": { "listChanged": false } },
                "serverInfo": { "name": "helpdesk-mcp", "title": "Helpdesk MCP", "version": env!("CARGO_PKG_VERSION") },
                "instructions": INSTRUCTIONS,
            }))
        }
        "ping" => Ok(json!({})),
        "tools/list" => {
            let tools: Vec<Value> =
                registry::list(env).iter().filter(|t| policy.allows(t)).map(descriptor).collect();
            Ok(json!({ "tools": tools }))
        }
        "tools/call" => {
            let name = params
                .get("name")
                .and_then(Value::as_str)
                .ok_or((-32602, "Invalid params: `name` is required".to_owned()))?;
            let arguments = params.get("arguments").map(Value::to_string).unwrap_or_default();
            match tool::call(name, &arguments, env, connect) {
                Ok(r) => Ok(result_json(&r)),
                Err(CallError::UnknownTool(n)) => Err((-32602, format!("Unknown tool: {n}"))),
                Err(CallError::InvalidArguments(m)) => Err((-32602, format!("Invalid params: {m}"))),
            }
        }
        other => Err((-32601, format!("Method not found: {other}"))),
    }
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

    struct Offline;
    impl Transport for Offline {
        fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
            requests.iter().map(|_| Err(HttpError::Denied { host: "offline.test".into() })).collect()
        }
    }

    fn post(body: &str) -> Reply {
        let env = Env::from_pairs([
            ("GORGIAS_DOMAIN", "acme"),
            ("GORGIAS_EMAIL", "a@b.c"),
            ("GORGIAS_API_KEY", "k"),
        ]);
        handle("POST", "/mcp", body.as_bytes(), &env, &|_| Box::new(Offline))
    }

    fn json_of(r: &Reply) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn initialize_negotiates_a_supported_version() {
        let r = post(
            r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        );
        assert_eq!(r.status, 200);
        assert_eq!(json_of(&r)["result"]["protocolVersion"], "2025-06-18");
        let r = post(
            r#"{"jsonrpc":"2.0","id":"a","method":"initialize","params":{"protocolVersion":"1999-01-01"}}"#,
        );
        assert_eq!(json_of(&r)["result"]["protocolVersion"], PROTOCOL_VERSIONS[0]);
    }

    #[test]
    fn tools_list_has_schemas_and_annotations() {
        let r = json_of(&post(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#));
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
        let r = json_of(&post(
            r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_ticket","arguments":{"id":4521}}}"#,
        ));
        assert_eq!(r["result"]["isError"], true);
        assert!(
            r["result"]["content"][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("blocked by sandbox: offline.test")
        );
        let r = json_of(&post(
            r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_ticket","arguments":{}}}"#,
        ));
        assert!(r["result"]["content"][0]["text"].as_str().unwrap().contains("`id`"));
    }

    #[test]
    fn protocol_errors_use_json_rpc_codes() {
        assert_eq!(json_of(&post("{nope"))["error"]["code"], -32700);
        assert_eq!(json_of(&post("[1,2]"))["error"]["code"], -32600);
        assert_eq!(
            json_of(&post(r#"{"jsonrpc":"2.0","id":4,"method":"server/discover"}"#))["error"]["code"],
            -32601
        );
        assert_eq!(
            json_of(&post(r#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"nope"}}"#))["error"]
                ["code"],
            -32602
        );
        assert_eq!(post(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status, 202);
    }

    #[test]
    fn only_post_to_the_endpoint() {
        let env = Env::default();
        let r = handle("GET", "/mcp", b"", &env, &|_| Box::new(Offline));
        assert_eq!(r.status, 405);
        assert!(r.headers.contains(&("allow", "POST".into())));
        assert_eq!(handle("POST", "/other", b"{}", &env, &|_| Box::new(Offline)).status, 404);
    }
}
