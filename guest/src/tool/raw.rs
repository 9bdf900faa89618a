//! The opt-in `raw` toolset: one tool per catalogue operation, named
//! `{provider}_{operation}` (e.g. `gorgias_list_tags`, the names the Gorgias
//! peer server used), generated from the table, never hand-written.

use serde_json::{Map, Value, json};

use super::api::kind_name;
use super::catalogue::{ApiOutput, invoke};
use super::params::{self, Format};
use super::policy::OPT_IN_TOOLSET;
use super::{Annotations, Context, ToolError, ToolInfo, ToolResult};
use crate::config::Env;
use crate::provider::{self, catalogue::Body, catalogue::Endpoint, catalogue::Kind};

/// The raw tools of the provider `env` configures: none when no provider is
/// configured, or when the opt-in `raw` toolset is not asked for (generating
/// a hundred schemas nobody will see would slow every start).
pub fn infos(env: &Env) -> Vec<ToolInfo> {
    let wanted =
        env.get("HELPDESK_TOOLSETS").is_some_and(|t| t.split(',').any(|s| s.trim() == OPT_IN_TOOLSET));
    let entry = match provider::select(env) {
        Ok(entry) if wanted => entry,
        _ => return Vec::new(),
    };
    let output = params::output_schema::<ApiOutput>();
    (entry.endpoints)().iter().map(|e| info(entry.id, e, &output)).collect()
}

/// The raw tool called `name`, and its operation.
pub fn find(env: &Env, name: &str) -> Option<(ToolInfo, &'static Endpoint)> {
    let entry = provider::select(env).ok()?;
    let op = name.strip_prefix(entry.id)?.strip_prefix('_')?;
    let endpoint = (entry.endpoints)().iter().find(|e| e.id == op)?;
    Some((info(entry.id, endpoint, &params::output_schema::<ApiOutput>()), endpoint))
}

fn info(provider: &str, e: &Endpoint, output: &Value) -> ToolInfo {
    ToolInfo {
        name: format!("{provider}_{}", e.id),
        title: e.summary.to_owned(),
        description: format!(
            "{} {} — {}. Raw API call; returns the API's JSON.",
            e.method.as_str(),
            e.path,
            e.summary
        ),
        input_schema: input_schema(e),
        output_schema: Some(output.clone()),
        annotations: Annotations {
            read_only: e.read_only(),
            destructive: e.destructive(),
            idempotent: e.idempotent,
            open_world: true,
        },
        tier: e.tier,
        toolset: OPT_IN_TOOLSET.to_owned(),
    }
}

/// A JSON Schema for an operation's parameters (flat: path, query and body
/// fields by name, plus `body` for free-form bodies).
fn input_schema(e: &Endpoint) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in e.params {
        properties.insert(p.name.to_owned(), kind_schema(p.kind, p.summary));
        if p.required {
            required.push(Value::from(p.name));
        }
    }
    match e.body {
        Body::Object => {
            properties
                .insert("body".into(), json!({ "type": "object", "description": "further body fields" }));
        }
        Body::Array => {
            properties.insert(
                "body".into(),
                json!({ "type": "array", "description": "the request body (a JSON array)" }),
            );
            required.push("body".into());
        }
        Body::None => {}
    }
    properties.insert("format".into(), json!({ "type": "string", "enum": ["markdown", "json"] }));
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

fn kind_schema(kind: Kind, summary: &str) -> Value {
    let mut s = match kind {
        Kind::Integer => json!({ "type": ["integer", "string"] }),
        // Text parameters also take numbers (ids a model writes as numbers); say so.
        Kind::String => json!({ "type": ["string", "integer"] }),
        Kind::Boolean => json!({ "type": "boolean" }),
        Kind::Enum(values) => json!({ "type": "string", "enum": values }),
        Kind::Integers => json!({ "type": "array", "items": { "type": "integer" } }),
        Kind::Strings => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::Object => json!({ "type": "object" }),
        Kind::Objects => json!({ "type": "array", "items": { "type": "object" } }),
        Kind::Any => json!({}),
    };
    let described = if summary.is_empty() { kind_name(kind) } else { summary.to_owned() };
    s["description"] = Value::from(described);
    s
}

/// Runs a raw tool: its arguments are the operation's parameters.
pub fn run(ctx: &Context<'_>, endpoint: &'static Endpoint, args: Value) -> Result<ToolResult, ToolError> {
    let Value::Object(mut map) = args else {
        return Err(ToolError::invalid("arguments", "must be an object"));
    };
    let body = map.remove("body");
    let format = match map.remove("format") {
        None => Format::Markdown,
        Some(v) => {
            serde_json::from_value(v).map_err(|_| ToolError::invalid("format", "use markdown or json"))?
        }
    };
    invoke(ctx, endpoint, &map, body, format)
}
