//! Looking at a POST body before rmcp does, so every malformed message gets a
//! specific JSON-RPC error (rmcp answers them all with a plain-text 415):
//! bytes that are not UTF-8 or not JSON (or nested past serde's recursion
//! limit) → -32700; batches, wrong JSON-RPC shapes and duplicate object keys
//! → -32600; a known
//! method with parameters of the wrong shape → -32602; a method MCP does not
//! define, sent outside a session → -32601 at once (rmcp's own answer
//! outside a session is a bare 4xx; a 2026-07-28 request is left to rmcp,
//! whose 404 that revision defines).

use axum::body::{Body, Bytes};
use axum::extract::Request;
use http::StatusCode;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;
use serde_json::{Map, Number, Value};

/// Client-to-server requests of MCP 2025-11-25 and 2026-07-28.
const KNOWN_METHODS: &[&str] = &[
    "initialize",
    "server/discover",
    "subscriptions/listen",
    "ping",
    "tools/list",
    "tools/call",
    "resources/list",
    "resources/templates/list",
    "resources/read",
    "resources/subscribe",
    "resources/unsubscribe",
    "prompts/list",
    "prompts/get",
    "completion/complete",
    "logging/setLevel",
    "tasks/get",
    "tasks/list",
    "tasks/result",
    "tasks/cancel",
];

/// A JSON-RPC error to answer instead of passing the request on.
#[derive(Debug, PartialEq)]
pub struct Rejection {
    /// HTTP status.
    pub status: StatusCode,
    /// JSON-RPC error code.
    pub code: i32,
    /// What is wrong.
    pub message: String,
    /// The request's id, when it had a usable one.
    pub id: Value,
}

fn reject(status: StatusCode, code: i32, message: impl Into<String>, id: Value) -> Rejection {
    Rejection { status, code, message: message.into(), id }
}

/// Checks one body; `in_session` says whether it names a session.
pub fn check(bytes: &[u8], in_session: bool) -> Result<(), Rejection> {
    let bad = StatusCode::BAD_REQUEST;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        reject(
            bad,
            -32700,
            format!("Parse error: the body is not UTF-8 (byte {})", e.valid_up_to()),
            Value::Null,
        )
    })?;
    if text.trim().is_empty() {
        return Err(reject(bad, -32700, "Parse error: the body is empty", Value::Null));
    }
    let message = match serde_json::from_str::<Strict>(text) {
        Ok(Strict(message)) => message,
        // Data errors come only from `Strict`: well-formed JSON with a repeated key.
        Err(e) if e.classify() == Category::Data => {
            return Err(reject(bad, -32600, format!("Invalid Request: {e}"), Value::Null));
        }
        Err(e) => return Err(reject(bad, -32700, format!("Parse error: not valid JSON ({e})"), Value::Null)),
    };
    let Value::Object(map) = message else {
        let why = if message.is_array() {
            "Invalid Request: batches are not supported (removed in MCP 2025-06-18); send one message at a time"
        } else {
            "Invalid Request: a JSON-RPC message is an object"
        };
        return Err(reject(bad, -32600, why, Value::Null));
    };
    let id = map.get("id").cloned();
    let id_ok = id.as_ref().is_none_or(|i| i.is_string() || i.is_i64() || i.is_u64());
    let reply_id = if id_ok { id.clone().unwrap_or(Value::Null) } else { Value::Null };
    let invalid = |why: &str| reject(bad, -32600, format!("Invalid Request: {why}"), reply_id.clone());
    if map.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid("`jsonrpc` must be \"2.0\""));
    }
    if !id_ok {
        return Err(invalid("`id` must be a string or an integer"));
    }
    let Some(method) = map.get("method") else {
        if id.is_some() && (map.contains_key("result") || map.contains_key("error")) {
            return Ok(()); // a response to one of our requests
        }
        return Err(invalid("a message needs a `method` (or is a response with `result` or `error`)"));
    };
    let Some(method) = method.as_str() else {
        return Err(invalid("`method` must be a string"));
    };
    if map.get("params").is_some_and(|p| !p.is_object() && !p.is_null()) {
        return Err(invalid("`params` must be an object"));
    }
    let Some(id) = id else { return Ok(()) }; // a notification
    // A 2026-07-28 request is stateless by design; rmcp answers its unknown
    // methods itself, with that revision's HTTP 404.
    let modern = map
        .get("params")
        .and_then(|p| p.get("_meta"))
        .and_then(|m| m.get("io.modelcontextprotocol/protocolVersion"))
        .and_then(Value::as_str)
        .is_some_and(|v| v >= "2026-07-28");
    if !in_session && !modern && !KNOWN_METHODS.contains(&method) {
        return Err(reject(StatusCode::OK, -32601, format!("Method not found: {method}"), id));
    }
    if method == "tools/call" {
        // `get`, not `map["params"]`: indexing a map by a missing key panics.
        let params = map.get("params").unwrap_or(&Value::Null);
        if !params["name"].is_string() {
            return Err(reject(StatusCode::OK, -32602, "Invalid params: `name` must be the tool's name", id));
        }
        if params.get("arguments").is_some_and(|a| !a.is_object() && !a.is_null()) {
            return Err(reject(StatusCode::OK, -32602, "Invalid params: `arguments` must be an object", id));
        }
    }
    Ok(())
}

/// A JSON value that refuses duplicate object keys anywhere: parsers disagree
/// on which of `{"id":1,"id":2}` wins (serde keeps the last, rmcp's typed
/// messages refuse it), so it is refused here, once, with a JSON-RPC error.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Reads the body of a POST (up to `limit` bytes) and checks it; the request
/// goes on with its body intact.
pub async fn inspect(request: Request, limit: usize) -> Result<Request, Rejection> {
    let in_session = request.headers().contains_key("mcp-session-id");
    let (parts, body) = request.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        reject(
            StatusCode::PAYLOAD_TOO_LARGE,
            -32600,
            format!("Payload Too Large: the limit is {limit} bytes"),
            Value::Null,
        )
    })?;
    check(&bytes, in_session)?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &[u8], in_session: bool) -> Option<i32> {
        check(body, in_session).err().map(|r| r.code)
    }

    #[test]
    fn malformed_messages_get_specific_codes() {
        for (body, want) in [
            (&b"{not json"[..], Some(-32700)),
            (b"", Some(-32700)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\"\xff\"}", Some(-32700)),
            (b"[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", Some(-32600)),
            (b"42", Some(-32600)),
            (b"{\"id\":1,\"method\":\"ping\"}", Some(-32600)),
            (b"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[]}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":\"y\"}}", Some(-32602)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}", Some(-32602)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\"}", None),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"arguments\":{\"x\":1,\"x\":2}}}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1.5e3,\"method\":\"ping\"}", Some(-32600)),
            (b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", None),
            (b"{\"method\":\"notifications/initialized\",\"jsonrpc\":\"2.0\"}", None),
            (b"{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}", None),
        ] {
            assert_eq!(code(body, true), want, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn unknown_methods_outside_a_session_are_answered_here() {
        let body = b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"foo/bar\"}";
        assert_eq!(check(body, false).err().map(|r| (r.code, r.id)), Some((-32601, Value::from(7))));
        assert_eq!(code(body, true), None, "inside a session rmcp answers -32601 itself");
    }

    /// Found by the `host_screen` fuzz target: `map["params"]` panicked, killing the
    /// connection (HTTP) or the stdio screen task (the session then hung).
    #[test]
    fn tools_call_without_params_is_refused_not_a_panic() {
        for in_session in [false, true] {
            let r = check(br#"{"jsonrpc":"2.0","id":6,"method":"tools/call","paramr":{}}"#, in_session);
            assert_eq!(r.err().map(|r| (r.code, r.id)), Some((-32602, Value::from(6))));
        }
    }

    #[test]
    fn deep_nesting_is_a_parse_error_not_a_crash() {
        let deep = format!(
            "{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{{\"x\":{}{}}}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(code(deep.as_bytes(), true), Some(-32700));
    }
}
