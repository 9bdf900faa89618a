//! MCP 2026-07-28 on the component's own HTTP endpoint, beside 2025-11-25:
//! which revision a request speaks, the per-request rules of the new one
//! (`_meta` with protocol version, client info and capabilities; `Mcp-Method`
//! and `Mcp-Name` headers agreeing with the body) and the shape of its answers
//! (`resultType`, cache hints, `server/discover`). The same rules rmcp
//! applies on the host, written here without rmcp's model types to keep the
//! component small (README, Architecture).

use serde_json::{Map, Value, json};

/// The stateless revision.
pub const MODERN: &str = "2026-07-28";
/// How long a client may cache `tools/list` and `server/discover` (ms): the
/// list is fixed by the component's configuration.
pub const LIST_TTL_MS: u64 = 5 * 60 * 1000;

const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
#[cfg(test)]
const META_CLIENT: &str = "io.modelcontextprotocol/clientInfo";
const META_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
const META_SERVER: &str = "io.modelcontextprotocol/serverInfo";

/// What the endpoint declares in both revisions: tools, and prompts and resources (both
/// empty), so a client finds every method that is answered declared.
pub fn capabilities() -> Value {
    json!({ "tools": { "listChanged": false }, "prompts": { "listChanged": false }, "resources": {} })
}

/// The revision's error codes besides JSON-RPC's own.
pub mod code {
    /// A standard header disagrees with the body (or is missing).
    pub const HEADER_MISMATCH: i64 = -32020;
    /// The requested protocol version is not spoken here.
    pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32022;
}

/// A refusal: HTTP status, JSON-RPC code, message and the error's `data`.
pub type Refusal = (u16, i64, String, Option<Value>);

/// Whether a request speaks 2026-07-28: its `_meta` or its
/// `MCP-Protocol-Version` header names that revision or a later one.
pub fn is_modern(params: &Map<String, Value>, header_version: Option<&str>) -> bool {
    let meta_version = params.get("_meta").and_then(|m| m.get(META_VERSION)).and_then(Value::as_str);
    meta_version.or(header_version).is_some_and(|v| v >= MODERN)
}

/// Checks a 2026-07-28 request's `_meta` and headers (`header(name)` reads one).
pub fn check(
    method: &str,
    params: &Map<String, Value>,
    header: &dyn Fn(&str) -> Option<String>,
) -> Result<(), Refusal> {
    let meta = params.get("_meta").and_then(Value::as_object);
    let version = meta.and_then(|m| m.get(META_VERSION)).and_then(Value::as_str);
    // The keys rmcp requires too; `clientInfo` is informative and may be absent.
    let missing: Vec<&str> = [
        (META_VERSION, version.is_some()),
        (META_CAPABILITIES, meta.and_then(|m| m.get(META_CAPABILITIES)).is_some_and(Value::is_object)),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(key, _)| key)
    .collect();
    if !missing.is_empty() {
        return Err((
            400,
            crate::mcp::code::INVALID_PARAMS,
            format!(
                "Invalid params: request _meta is missing or has malformed required fields: {}",
                missing.join(", ")
            ),
            None,
        ));
    }
    let mismatch = |why: String| Err((400, code::HEADER_MISMATCH, why, None));
    if let Some(h) = header("mcp-protocol-version").filter(|h| Some(h.as_str()) != version) {
        return mismatch(format!("MCP-Protocol-Version header `{h}` does not match the request's _meta"));
    }
    if let Some(version) = version.filter(|v| *v != MODERN) {
        return Err((
            400,
            code::UNSUPPORTED_PROTOCOL_VERSION,
            format!(
                "Unsupported protocol version {version:?}; this server speaks {MODERN} without initialize"
            ),
            Some(json!({ "requested": version, "supported": [MODERN] })),
        ));
    }
    match header("mcp-method") {
        None => return mismatch("missing required Mcp-Method header".into()),
        Some(h) if h != method => {
            return mismatch(format!("Mcp-Method header `{h}` does not match body method `{method}`"));
        }
        Some(_) => {}
    }
    let key = match method {
        "tools/call" | "prompts/get" => "name",
        "resources/read" => "uri",
        _ => return Ok(()),
    };
    let Some(expected) = params.get(key).and_then(Value::as_str) else { return Ok(()) };
    match header("mcp-name").map(|raw| decode(&raw)) {
        None => mismatch(format!("missing required Mcp-Name header for `{method}`")),
        Some(None) => mismatch("Mcp-Name header is not valid Base64".into()),
        Some(Some(h)) if h != expected => {
            mismatch(format!("Mcp-Name header `{h}` does not match body value `{expected}`"))
        }
        Some(Some(_)) => Ok(()),
    }
}

/// A header value, unwrapping the revision's `=?base64?...?=` form for non-ASCII values.
fn decode(raw: &str) -> Option<String> {
    use base64::Engine as _;
    match raw.strip_prefix("=?base64?").and_then(|r| r.strip_suffix("?=")) {
        Some(encoded) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|b| String::from_utf8(b).ok()),
        None => Some(raw.to_owned()),
    }
}

/// The HTTP status the revision gives a JSON-RPC error answer.
pub fn status_of(code: i64, meta_malformed: bool) -> u16 {
    match code {
        code::HEADER_MISMATCH | code::UNSUPPORTED_PROTOCOL_VERSION | -32021 => 400,
        crate::mcp::code::INVALID_PARAMS if meta_malformed => 400,
        crate::mcp::code::METHOD_NOT_FOUND => 404,
        _ => 200,
    }
}

/// The `server/discover` result.
pub fn discover(legacy_versions: &[&str], instructions: &str) -> Value {
    let versions: Vec<&str> = std::iter::once(MODERN).chain(legacy_versions.iter().copied()).collect();
    json!({
        "resultType": "complete",
        "supportedVersions": versions,
        "capabilities": capabilities(),
        "instructions": instructions,
        "ttlMs": LIST_TTL_MS,
        "cacheScope": "public",
        "_meta": { META_SERVER: {
            "name": "helpdesk-mcp", "title": "Helpdesk MCP", "version": env!("CARGO_PKG_VERSION")
        } },
    })
}

/// A complete result in the revision's shape (`resultType`, and cache hints for lists).
pub fn complete(method: &str, mut result: Value) -> Value {
    result["resultType"] = json!("complete");
    if method.ends_with("/list") {
        // The list depends only on the component's configuration: the same for every caller.
        result["ttlMs"] = json!(LIST_TTL_MS);
        result["cacheScope"] = json!("public");
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(meta: Value, extra: Value) -> Map<String, Value> {
        let mut p = extra.as_object().cloned().unwrap_or_default();
        p.insert("_meta".into(), meta);
        p
    }

    fn full_meta() -> Value {
        json!({ META_VERSION: MODERN, META_CLIENT: { "name": "t", "version": "1" }, META_CAPABILITIES: {} })
    }

    fn headers(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn a_request_is_modern_by_its_meta_or_header() {
        assert!(is_modern(&params(full_meta(), json!({})), None));
        assert!(is_modern(&Map::new(), Some(MODERN)));
        assert!(!is_modern(&Map::new(), Some("2025-11-25")));
        assert!(!is_modern(&Map::new(), None));
    }

    #[test]
    fn meta_and_headers_must_agree_with_the_body() {
        let call = params(full_meta(), json!({ "name": "get_ticket" }));
        let ok = headers(&[
            ("mcp-method", "tools/call"),
            ("mcp-name", "get_ticket"),
            ("mcp-protocol-version", MODERN),
        ]);
        assert_eq!(check("tools/call", &call, &ok), Ok(()));
        let encoded = headers(&[("mcp-method", "tools/call"), ("mcp-name", "=?base64?Z2V0X3RpY2tldA==?=")]);
        assert_eq!(check("tools/call", &call, &encoded), Ok(()));
        for (case, h) in [
            ("no method header", headers(&[("mcp-name", "get_ticket")])),
            ("other method", headers(&[("mcp-method", "tools/list"), ("mcp-name", "get_ticket")])),
            ("no name header", headers(&[("mcp-method", "tools/call")])),
            ("other name", headers(&[("mcp-method", "tools/call"), ("mcp-name", "search_tickets")])),
            ("bad base64", headers(&[("mcp-method", "tools/call"), ("mcp-name", "=?base64?***?=")])),
            (
                "other version",
                headers(&[
                    ("mcp-method", "tools/call"),
                    ("mcp-name", "get_ticket"),
                    ("mcp-protocol-version", "2025-11-25"),
                ]),
            ),
        ] {
            assert_eq!(
                check("tools/call", &call, &h).err().map(|r| (r.0, r.1)),
                Some((400, code::HEADER_MISMATCH)),
                "{case}"
            );
        }
        let no_caps = params(json!({ META_VERSION: MODERN, META_CLIENT: {} }), json!({}));
        let list = headers(&[("mcp-method", "tools/list")]);
        let refused = check("tools/list", &no_caps, &list).err();
        assert!(
            refused.as_ref().is_some_and(|r| r.0 == 400 && r.1 == -32602 && r.2.contains(META_CAPABILITIES)),
            "{refused:?}"
        );
        let future =
            params(json!({ META_VERSION: "2099-01-01", META_CLIENT: {}, META_CAPABILITIES: {} }), json!({}));
        assert_eq!(
            check("tools/list", &future, &list).err().map(|r| r.1),
            Some(code::UNSUPPORTED_PROTOCOL_VERSION)
        );
    }

    #[test]
    fn answers_take_the_revision_shape() {
        let d = discover(&["2025-11-25"], "hi");
        assert_eq!(d["supportedVersions"], json!([MODERN, "2025-11-25"]));
        assert_eq!(d["_meta"][META_SERVER]["name"], "helpdesk-mcp");
        let l = complete("tools/list", json!({ "tools": [] }));
        assert_eq!((l["resultType"].as_str(), l["ttlMs"].as_u64()), (Some("complete"), Some(LIST_TTL_MS)));
        assert!(complete("tools/call", json!({})).get("ttlMs").is_none());
        assert_eq!(
            (status_of(-32601, false), status_of(-32602, true), status_of(-32602, false)),
            (404, 400, 200)
        );
    }
}
