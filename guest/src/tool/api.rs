//! Turning arguments into one catalogue operation's request, safely: every
//! value goes where the catalogue says (path segment, query, body), path
//! segments are percent-encoded, unknown or missing parameters are refused,
//! and a caller-written path must be one of the catalogue's templates (no
//! absolute URLs, `..`, or smuggled query strings). Shared by `call_api` and
//! the generated `raw` tools.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use super::ToolError;
use crate::provider::catalogue::{Body, Endpoint, In, Kind};

/// Everything but RFC 3986 unreserved characters is encoded in a segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A request for one operation, ready for the provider to authenticate and send.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    /// Path relative to the API root, segments encoded.
    pub path: String,
    /// Query pairs (lists as repeated keys).
    pub query: Vec<(String, String)>,
    /// JSON body, if the operation takes one.
    pub body: Option<Value>,
}

/// What an operation answered.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiResponse {
    /// HTTP status (2xx; failures are errors).
    pub status: u16,
    /// The JSON body (`null` when empty; a string when not JSON).
    pub body: Value,
}

/// Finds the operation a caller named by `method` + `path`, where `path` is a
/// template (`/tickets/{ticket_id}`) or a concrete path (`/tickets/4521`,
/// values then become path parameters).
pub fn resolve<'a>(
    table: &'a [Endpoint],
    method: &str,
    path: &str,
) -> Result<(&'a Endpoint, Map<String, Value>), ToolError> {
    let bad = |why: &str| {
        ToolError::invalid(
            "path",
            format!("{why}; give a catalogue path such as /tickets/{{ticket_id}} (see list_api_endpoints)"),
        )
    };
    if path.contains("://") || path.starts_with("//") || path.contains('\\') {
        return Err(bad("absolute URLs are not allowed"));
    }
    if path.contains('?') || path.contains('#') {
        return Err(bad("put query values in `params`, not in the path"));
    }
    if path.split('/').any(|s| s == ".." || s == ".") {
        return Err(bad("relative segments are not allowed"));
    }
    if path.contains('%') {
        return Err(bad("percent-encoded paths are not allowed (pass such values in `params`)"));
    }
    if path.chars().any(char::is_control) || !path.starts_with('/') {
        return Err(bad("the path must start with /"));
    }
    let wanted: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let candidates = [wanted.clone(), strip_api_root(&wanted)];
    for segments in candidates.iter().filter(|s| !s.is_empty()) {
        for ep in table.iter().filter(|e| e.method.as_str().eq_ignore_ascii_case(method)) {
            if let Some(values) = match_template(ep.path, segments) {
                return Ok((ep, values));
            }
        }
    }
    Err(ToolError::invalid(
        "path",
        format!("no {} operation matches {path}; see list_api_endpoints", method.to_ascii_uppercase()),
    ))
}

fn strip_api_root<'s>(segments: &[&'s str]) -> Vec<&'s str> {
    match segments {
        ["", "api", rest @ ..] => std::iter::once("").chain(rest.iter().copied()).collect(),
        _ => Vec::new(),
    }
}

/// Matches concrete segments against a template; returns the placeholder values.
fn match_template(template: &str, segments: &[&str]) -> Option<Map<String, Value>> {
    let parts: Vec<&str> = template.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut values = Map::new();
    for (t, s) in parts.iter().zip(segments) {
        match t.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
            // The template itself: the value comes from params.
            Some(_) if s == t => {}
            Some(name) => {
                values.insert(name.to_owned(), Value::String((*s).to_owned()));
            }
            None if t == s => {}
            None => return None,
        }
    }
    Some(values)
}

/// Builds the request for `ep` from `params` (every parameter by name) and an
/// optional free-form `body` (object fields beyond the listed ones, or the
/// bare array some operations take).
pub fn build(
    ep: &Endpoint,
    params: &Map<String, Value>,
    body: Option<Value>,
) -> Result<ApiRequest, ToolError> {
    if let Some(unknown) = params.keys().find(|k| !ep.params.iter().any(|p| p.name == k.as_str())) {
        let names: Vec<&str> = ep.params.iter().map(|p| p.name).collect();
        return Err(ToolError::invalid(
            format!("params.{unknown}"),
            format!(
                "`{}` takes no such parameter; it takes: {}",
                ep.id,
                if names.is_empty() { "none".into() } else { names.join(", ") }
            ),
        ));
    }
    let mut path = ep.path.to_owned();
    let mut query = Vec::new();
    let mut fields = Map::new();
    for p in ep.params {
        let field = format!("params.{}", p.name);
        let Some(value) = params.get(p.name).filter(|v| !v.is_null()) else {
            if p.required && !(p.at == In::Body && body_has(&body, p.name)) {
                return Err(ToolError::invalid(field, format!("is required by `{}`: {}", ep.id, p.summary)));
            }
            continue;
        };
        check_kind(p.kind, value).map_err(|m| ToolError::invalid(field.clone(), m))?;
        match p.at {
            In::Path => {
                let text = scalar(value)
                    .ok_or_else(|| ToolError::invalid(field.clone(), "must be a number or text"))?;
                if text.is_empty() || text == "." || text == ".." {
                    return Err(ToolError::invalid(field, "must not be empty or a relative segment"));
                }
                let encoded = utf8_percent_encode(&text, SEGMENT).to_string();
                path = path.replace(&format!("{{{}}}", p.name), &encoded);
            }
            In::Query => match value {
                Value::Array(items) => {
                    for item in items {
                        let text = scalar(item).ok_or_else(|| {
                            ToolError::invalid(field.clone(), "list items must be numbers or text")
                        })?;
                        query.push((p.name.to_owned(), text));
                    }
                }
                other => {
                    let text = scalar(other).ok_or_else(|| {
                        ToolError::invalid(field.clone(), "must be a number, text or true/false")
                    })?;
                    query.push((p.name.to_owned(), text));
                }
            },
            In::Body => {
                fields.insert(p.name.to_owned(), value.clone());
            }
        }
    }
    let body = match (ep.body, body) {
        (Body::None, Some(_)) => {
            return Err(ToolError::invalid("body", format!("`{}` takes no request body", ep.id)));
        }
        (Body::None, None) => None,
        (Body::Array, Some(Value::Array(items))) => Some(Value::Array(items)),
        (Body::Array, Some(_)) => {
            return Err(ToolError::invalid("body", format!("`{}` takes a JSON array", ep.id)));
        }
        (Body::Array, None) => {
            return Err(ToolError::invalid("body", format!("`{}` needs a JSON array body", ep.id)));
        }
        (Body::Object, Some(Value::Object(mut extra))) => {
            // Listed parameters win over the same field in the free-form body.
            extra.extend(fields);
            Some(Value::Object(extra))
        }
        (Body::Object, Some(_)) => {
            return Err(ToolError::invalid("body", format!("`{}` takes a JSON object", ep.id)));
        }
        (Body::Object, None) => Some(Value::Object(fields)),
    };
    Ok(ApiRequest { path, query, body })
}

fn body_has(body: &Option<Value>, name: &str) -> bool {
    body.as_ref().and_then(|b| b.get(name)).is_some_and(|v| !v.is_null())
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn check_kind(kind: Kind, v: &Value) -> Result<(), String> {
    let int_like = |v: &Value| {
        v.is_u64()
            || v.is_i64()
            || v.as_str().is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
    };
    let ok = match kind {
        Kind::Integer => int_like(v),
        Kind::String => v.is_string() || v.is_number(),
        Kind::Boolean => v.is_boolean() || matches!(v.as_str(), Some("true" | "false")),
        Kind::Enum(values) => v.as_str().is_some_and(|s| values.contains(&s)),
        Kind::Integers => v.as_array().is_some_and(|a| a.iter().all(int_like)) || int_like(v),
        Kind::Strings => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)) || v.is_string(),
        Kind::Object => v.is_object(),
        Kind::Objects => v.as_array().is_some_and(|a| a.iter().all(Value::is_object)),
        Kind::Any => true,
    };
    if ok { Ok(()) } else { Err(format!("must be {}", kind_name(kind))) }
}

/// The kind in words (schemas and messages).
pub fn kind_name(kind: Kind) -> String {
    match kind {
        Kind::Integer => "a whole number".into(),
        Kind::String => "text".into(),
        Kind::Boolean => "true or false".into(),
        Kind::Enum(values) => format!("one of {}", values.join(", ")),
        Kind::Integers => "a list of whole numbers".into(),
        Kind::Strings => "a list of text values".into(),
        Kind::Object => "a JSON object".into(),
        Kind::Objects => "a list of JSON objects".into(),
        Kind::Any => "any JSON value".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use crate::provider::catalogue::p;
    use crate::tool::Tier;
    use serde_json::json;

    const TABLE: &[Endpoint] = &[
        Endpoint {
            id: "list_tickets",
            category: "tickets",
            method: Method::Get,
            path: "/tickets",
            tier: Tier::Readonly,
            read: false,
            idempotent: true,
            body: Body::None,
            params: &[p::CURSOR, p::LIMIT, p::query("ticket_ids", Kind::Integers, "ids")],
            summary: "List tickets",
            gate: "",
        },
        Endpoint {
            id: "add_ticket_tags",
            category: "tickets",
            method: Method::Post,
            path: "/tickets/{ticket_id}/tags",
            tier: Tier::Agent,
            read: false,
            idempotent: false,
            body: Body::Object,
            params: &[p::path("ticket_id", "ticket"), p::body("names", Kind::Strings, "tag names")],
            summary: "Add tags",
            gate: "",
        },
        Endpoint {
            id: "download_file",
            category: "files",
            method: Method::Get,
            path: "/{file_type}/download/{domain_hash}/{name}",
            tier: Tier::Readonly,
            read: false,
            idempotent: true,
            body: Body::None,
            params: &[
                p::path_str("file_type", "t"),
                p::path_str("domain_hash", "h"),
                p::path_str("name", "n"),
            ],
            summary: "Download a file",
            gate: "",
        },
    ];

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn templates_and_concrete_paths_resolve() {
        let (ep, values) = resolve(TABLE, "post", "/tickets/{ticket_id}/tags").unwrap();
        assert_eq!((ep.id, values.len()), ("add_ticket_tags", 0));
        let (ep, values) = resolve(TABLE, "POST", "/api/tickets/4521/tags/").unwrap();
        assert_eq!((ep.id, values.get("ticket_id")), ("add_ticket_tags", Some(&json!("4521"))));
        assert!(resolve(TABLE, "DELETE", "/tickets/4521/tags").is_err());
    }

    #[test]
    fn smuggling_is_refused() {
        for path in [
            "https://evil.test/tickets",
            "//evil.test/tickets",
            "/tickets?limit=5",
            "/tickets#frag",
            "/tickets/../users",
            "/tickets/%2e%2e/users",
            "/tickets/4521%2Ftags",
            "tickets",
            "/tickets\\x",
        ] {
            let e = resolve(TABLE, "GET", path).unwrap_err();
            assert!(
                matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "path"),
                "{path}: {e}"
            );
        }
    }

    #[test]
    fn values_go_where_the_catalogue_says_and_are_encoded() {
        let (ep, _) = resolve(TABLE, "GET", "/tickets").unwrap();
        let r = build(ep, &map(json!({ "limit": 5, "ticket_ids": [1, 2] })), None).unwrap();
        assert_eq!(r.path, "/tickets");
        assert_eq!(
            r.query,
            [
                ("limit".to_owned(), "5".to_owned()),
                ("ticket_ids".into(), "1".into()),
                ("ticket_ids".into(), "2".into())
            ]
        );
        assert_eq!(r.body, None);

        let ep = &TABLE[2];
        let r = build(
            ep,
            &map(json!({ "file_type": "attachments", "domain_hash": "a/b?c", "name": "r é.png" })),
            None,
        )
        .unwrap();
        assert_eq!(r.path, "/attachments/download/a%2Fb%3Fc/r%20%C3%A9.png");
        assert!(
            build(ep, &map(json!({ "file_type": "..", "domain_hash": "x", "name": "y" })), None).is_err()
        );
    }

    #[test]
    fn bodies_merge_listed_fields_over_free_form_ones() {
        let ep = &TABLE[1];
        let r = build(
            ep,
            &map(json!({ "ticket_id": 7, "names": ["vip"] })),
            Some(json!({ "names": ["x"], "extra": 1 })),
        )
        .unwrap();
        assert_eq!(r.path, "/tickets/7/tags");
        assert_eq!(r.body, Some(json!({ "names": ["vip"], "extra": 1 })));
    }

    #[test]
    fn unknown_missing_and_mistyped_parameters_are_named() {
        let ep = &TABLE[1];
        let e = build(ep, &map(json!({ "ticket_id": 7, "colour": "red" })), None).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "params.colour"), "{e}");
        let e = build(ep, &map(json!({})), None).unwrap_err();
        assert!(
            matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "params.ticket_id"),
            "{e}"
        );
        let e = build(ep, &map(json!({ "ticket_id": "seven" })), None).unwrap_err();
        assert!(e.to_string().contains("whole number"), "{e}");
        let e = build(&TABLE[0], &map(json!({})), Some(json!({}))).unwrap_err();
        assert!(matches!(e, ToolError::InvalidArgument { ref field, .. } if field == "body"));
    }
}
