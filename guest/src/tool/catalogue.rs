//! `list_api_endpoints` and `call_api`: the provider's whole REST surface,
//! browsable and callable, generated from its catalogue table. `call_api`
//! refuses anything not in the table and operations above the session's tier.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::api::{self, kind_name};
use super::params::{self, Format};
use super::render::{Render, finish};
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};
use crate::provider::catalogue::{Endpoint, In};

/// Arguments of `list_api_endpoints`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
pub struct ListApiEndpointsParams {
    /// Words to look for in ids, paths and summaries, e.g. "macro archive".
    pub query: Option<String>,
    /// Only this category, e.g. tickets, tags, reporting.
    pub category: Option<String>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// One operation as listed.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EndpointView {
    /// Operation id for call_api.
    pub operation: String,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Category.
    pub category: String,
    /// Tier needed.
    pub tier: String,
    /// What it does.
    pub summary: String,
    /// Parameters: "name (where, type[, required])".
    pub params: Vec<String>,
    /// What the API requires of the credentials (ability, role, plan), when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires: Option<String>,
}

/// The operations found.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EndpointList {
    /// Operations.
    pub endpoints: Vec<EndpointView>,
    /// How many matched.
    pub total: usize,
    /// Categories that exist.
    pub categories: Vec<String>,
    /// Caveats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The tool.
pub const LIST_SPEC: ToolSpec = ToolSpec {
    name: "list_api_endpoints",
    title: "List API endpoints",
    description: "Browse every operation of the helpdesk's REST API (id, method, path, tier, parameters), filtered by words or category, to use with call_api.",
    tier: Tier::Admin,
    toolset: "api",
    annotations: Annotations { read_only: true, destructive: false, idempotent: true, open_world: false },
    input_schema: params::input_schema::<ListApiEndpointsParams>,
    output_schema: params::output_schema::<EndpointList>,
    run: run_list,
};

fn run_list(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: ListApiEndpointsParams = params::parse(args)?;
    let table = ctx.helpdesk.endpoints();
    let words: Vec<String> =
        p.query.as_deref().unwrap_or("").split_whitespace().map(str::to_lowercase).collect();
    let category = p.category.as_deref().map(|c| c.trim().to_ascii_lowercase().replace([' ', '-'], "_"));
    let mut categories: Vec<String> = table.iter().map(|e| e.category.to_owned()).collect();
    categories.dedup();
    if let Some(c) = &category
        && !categories.contains(c)
    {
        return Err(ToolError::invalid(
            "category",
            format!("no category `{c}`; categories: {}", categories.join(", ")),
        ));
    }
    let endpoints: Vec<EndpointView> = table
        .iter()
        .filter(|e| category.as_deref().is_none_or(|c| e.category == c))
        .filter(|e| {
            let hay =
                format!("{} {} {} {}", e.id, e.path, e.summary, e.category).to_lowercase().replace('_', " ");
            words.iter().all(|w| hay.contains(w.replace('_', " ").as_str()))
        })
        .map(view)
        .collect();
    let out = EndpointList { total: endpoints.len(), endpoints, categories, notes: vec![] };
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}

fn view(e: &Endpoint) -> EndpointView {
    EndpointView {
        operation: e.id.to_owned(),
        method: e.method.as_str().to_owned(),
        path: e.path.to_owned(),
        category: e.category.to_owned(),
        tier: e.tier.as_str().to_owned(),
        summary: e.summary.to_owned(),
        params: e
            .params
            .iter()
            .map(|p| {
                let at = match p.at {
                    In::Path => "path",
                    In::Query => "query",
                    In::Body => "body",
                };
                format!(
                    "{} ({at}, {}{})",
                    p.name,
                    kind_name(p.kind),
                    if p.required { ", required" } else { "" }
                )
            })
            .collect(),
        requires: (!e.gate.is_empty()).then(|| e.gate.to_owned()),
    }
}

impl Render for EndpointList {
    fn markdown(&self) -> String {
        let mut out = format!("{} operations.\n", self.total);
        for e in &self.endpoints {
            let _ = writeln!(out, "- `{}` {} {} [{}] — {}", e.operation, e.method, e.path, e.tier, e.summary);
            if let Some(r) = &e.requires {
                let _ = writeln!(out, "  requires: {r}");
            }
            if !e.params.is_empty() {
                let _ = writeln!(out, "  params: {}", e.params.join("; "));
            }
        }
        if self.endpoints.is_empty() {
            let _ = writeln!(out, "Categories: {}", self.categories.join(", "));
        }
        for n in &self.notes {
            let _ = writeln!(out, "Note: {n}");
        }
        out
    }

    fn items(&self) -> usize {
        self.endpoints.len()
    }

    fn keep(&mut self, n: usize) {
        if n < self.endpoints.len() {
            self.endpoints.truncate(n);
            self.notes.push(format!("Showing {n} of {}; narrow with `query` or `category`.", self.total));
        }
    }
}

/// Arguments of `call_api`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
pub struct CallApiParams {
    /// Operation id from list_api_endpoints (or give method and path).
    pub operation: Option<String>,
    /// HTTP method, with path instead of operation.
    pub method: Option<String>,
    /// Path template or concrete path, e.g. /tickets/{ticket_id}/tags or /tickets/4521/tags.
    pub path: Option<String>,
    /// Parameter values by name (path, query and listed body fields).
    pub params: Option<Map<String, Value>>,
    /// Further JSON body: object fields beyond the listed ones, or the array some operations take.
    pub body: Option<Value>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// The tool.
pub const CALL_SPEC: ToolSpec = ToolSpec {
    name: "call_api",
    title: "Call an API endpoint",
    description: "Call any operation of the helpdesk's REST API by id (or method + path template) with parameters; validated against the catalogue (see list_api_endpoints). Returns the API's JSON.",
    tier: Tier::Admin,
    toolset: "api",
    annotations: Annotations { read_only: false, destructive: true, idempotent: false, open_world: true },
    input_schema: params::input_schema::<CallApiParams>,
    output_schema: params::output_schema::<ApiOutput>,
    run: run_call,
};

fn run_call(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: CallApiParams = params::parse(args)?;
    let table = ctx.helpdesk.endpoints();
    let mut params = p.params.unwrap_or_default();
    let endpoint = match (p.operation.as_deref(), p.method.as_deref(), p.path.as_deref()) {
        (Some(id), None, None) => table.iter().find(|e| e.id == id.trim()).ok_or_else(|| {
            ToolError::invalid("operation", format!("no operation `{id}`; find ids with list_api_endpoints"))
        })?,
        (None, Some(method), Some(path)) => {
            let (endpoint, from_path) = api::resolve(table, method, path)?;
            for (name, value) in from_path {
                if params.get(&name).is_some_and(|v| v != &value) {
                    return Err(ToolError::invalid(
                        format!("params.{name}"),
                        "conflicts with the value in the path",
                    ));
                }
                params.insert(name, value);
            }
            endpoint
        }
        _ => return Err(ToolError::invalid("operation", "give either `operation`, or `method` and `path`")),
    };
    invoke(ctx, endpoint, &params, p.body, p.format.unwrap_or_default())
}

/// Checks the tier, builds the request and sends it (shared with raw tools).
pub fn invoke(
    ctx: &Context<'_>,
    endpoint: &'static Endpoint,
    params: &Map<String, Value>,
    body: Option<Value>,
    format: Format,
) -> Result<ToolResult, ToolError> {
    let tier = ctx.settings.access_level;
    if endpoint.tier > tier {
        return Err(ToolError::invalid(
            "operation",
            format!(
                "`{}` needs the {} tier; this session has {}",
                endpoint.id,
                endpoint.tier.as_str(),
                tier.as_str()
            ),
        ));
    }
    let request = api::build(endpoint, params, body)?;
    let response = ctx.helpdesk.call_endpoint(endpoint, &request)?;
    let out = ApiOutput {
        operation: endpoint.id.to_owned(),
        method: endpoint.method.as_str().to_owned(),
        path: request.path,
        status: response.status,
        data: response.body,
        notes: vec![],
    };
    Ok(finish(out, format, ctx.settings.max_output_chars))
}

/// What an operation answered.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ApiOutput {
    /// Operation id.
    pub operation: String,
    /// Method sent.
    pub method: String,
    /// Path sent (relative to the API root).
    pub path: String,
    /// HTTP status.
    pub status: u16,
    /// The response JSON (lists may be shortened to fit; see notes).
    pub data: Value,
    /// Caveats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl ApiOutput {
    /// The list inside the response, if any: the envelope's `data` or a bare array.
    fn list_mut(&mut self) -> Option<&mut Vec<Value>> {
        match &mut self.data {
            Value::Array(items) => Some(items),
            Value::Object(map) => map.get_mut("data").and_then(Value::as_array_mut),
            _ => None,
        }
    }

    fn list_len(&self) -> usize {
        match &self.data {
            Value::Array(items) => items.len(),
            Value::Object(map) => map.get("data").and_then(Value::as_array).map_or(0, Vec::len),
            _ => 0,
        }
    }
}

impl Render for ApiOutput {
    fn markdown(&self) -> String {
        let mut out = format!("{} {} → HTTP {}\n", self.method, self.path, self.status);
        match &self.data {
            Value::Null => out.push_str("(no body)\n"),
            data => {
                let _ = writeln!(out, "```json\n{data}\n```");
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "Note: {n}");
        }
        out
    }

    fn items(&self) -> usize {
        self.list_len()
    }

    fn keep(&mut self, n: usize) {
        let total = self.list_len();
        if let Some(items) = self.list_mut()
            && n < items.len()
        {
            items.truncate(n);
            self.notes.push(format!(
                "Only {n} of the {total} items on this page fit in the output limit; ask for a smaller `limit`."
            ));
        }
    }
}
