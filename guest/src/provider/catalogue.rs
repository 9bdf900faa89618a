//! A provider's whole REST surface as data: one [`Endpoint`] row per
//! operation (method, path template, parameters, tier, one-line summary).
//! `list_api_endpoints`, `call_api` and the optional one-tool-per-operation
//! `raw` toolset are generated from these rows; no operation has a hand-written
//! handler.

use crate::http::Method;
use crate::tool::Tier;

/// Where a parameter goes in the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    /// A `{name}` segment of the path template (always required).
    Path,
    /// The query string.
    Query,
    /// A field of the JSON request body.
    Body,
}

/// The JSON type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number.
    Integer,
    /// Text.
    String,
    /// true or false.
    Boolean,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A list of whole numbers (repeated query keys, or a JSON array).
    Integers,
    /// A list of strings.
    Strings,
    /// A JSON object.
    Object,
    /// A list of JSON objects.
    Objects,
    /// Any JSON value.
    Any,
}

/// One parameter of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Name as the API spells it (`cursor`, `ticket_id`, `created_datetime[gte]`).
    pub name: &'static str,
    /// Where it goes.
    pub at: In,
    /// Its type.
    pub kind: Kind,
    /// Whether the API requires it.
    pub required: bool,
    /// What it means, in a few words.
    pub summary: &'static str,
}

/// The shape of a request body beyond its listed fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// No body.
    None,
    /// A JSON object: listed `In::Body` fields plus any others the API accepts.
    Object,
    /// A bare JSON array (e.g. bulk custom-field updates).
    Array,
}

/// One REST operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Operation id, the API's own name for it (`list_tags`, `update_ticket`).
    pub id: &'static str,
    /// Group it belongs to (`tickets`, `tags`, `reporting`...).
    pub category: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the API root, e.g. `/tickets/{ticket_id}/tags`.
    pub path: &'static str,
    /// Lowest access tier that may call it.
    pub tier: Tier,
    /// Whether it only reads, even if its method is POST or PUT (searches).
    pub read: bool,
    /// Whether repeating it has no further effect (safe to retry).
    pub idempotent: bool,
    /// Body shape.
    pub body: Body,
    /// Parameters.
    pub params: &'static [Param],
    /// One line saying what it does.
    pub summary: &'static str,
    /// What the API itself requires beyond the tier, in words (Tickiti: "tickets:write ability,
    /// admin role, has_reports plan"); empty when the API says nothing more.
    pub gate: &'static str,
}

impl Endpoint {
    const fn new(
        id: &'static str,
        category: &'static str,
        method: Method,
        path: &'static str,
        summary: &'static str,
    ) -> Self {
        Self {
            id,
            category,
            method,
            path,
            tier: Tier::Admin,
            read: false,
            idempotent: true,
            body: Body::None,
            params: &[],
            summary,
            gate: "",
        }
    }

    /// A GET: readonly tier, idempotent, no body.
    pub const fn get(
        id: &'static str,
        category: &'static str,
        path: &'static str,
        summary: &'static str,
    ) -> Self {
        Self { tier: Tier::Readonly, ..Self::new(id, category, Method::Get, path, summary) }
    }

    /// A POST that creates: admin tier, not idempotent, object body.
    pub const fn post(
        id: &'static str,
        category: &'static str,
        path: &'static str,
        summary: &'static str,
    ) -> Self {
        Self { idempotent: false, body: Body::Object, ..Self::new(id, category, Method::Post, path, summary) }
    }

    /// A PUT: admin tier, idempotent, object body.
    pub const fn put(
        id: &'static str,
        category: &'static str,
        path: &'static str,
        summary: &'static str,
    ) -> Self {
        Self { body: Body::Object, ..Self::new(id, category, Method::Put, path, summary) }
    }

    /// A PATCH (partial update): admin tier, idempotent, object body.
    pub const fn patch(
        id: &'static str,
        category: &'static str,
        path: &'static str,
        summary: &'static str,
    ) -> Self {
        Self { body: Body::Object, ..Self::new(id, category, Method::Patch, path, summary) }
    }

    /// A DELETE: admin tier, idempotent, no body.
    pub const fn delete(
        id: &'static str,
        category: &'static str,
        path: &'static str,
        summary: &'static str,
    ) -> Self {
        Self::new(id, category, Method::Delete, path, summary)
    }

    /// With these parameters.
    pub const fn params(self, params: &'static [Param]) -> Self {
        Self { params, ..self }
    }

    /// Callable from `tier` up.
    pub const fn tier(self, tier: Tier) -> Self {
        Self { tier, ..self }
    }

    /// With this body shape.
    pub const fn body(self, body: Body) -> Self {
        Self { body, ..self }
    }

    /// A POST or PUT that only reads (a search): readonly tier, safe to retry.
    pub const fn reads(self) -> Self {
        Self { read: true, idempotent: true, tier: Tier::Readonly, ..self }
    }

    /// Not safe to repeat (merges, one-shot actions).
    pub const fn once(self) -> Self {
        Self { idempotent: false, ..self }
    }

    /// Safe to repeat.
    pub const fn repeatable(self) -> Self {
        Self { idempotent: true, ..self }
    }

    /// Whether it changes nothing.
    pub fn read_only(&self) -> bool {
        self.method == Method::Get || self.read
    }

    /// Whether it may delete or overwrite data.
    pub fn destructive(&self) -> bool {
        !self.read_only() && (self.method == Method::Delete || self.method == Method::Put)
    }

    /// The `{name}` segments of the path template, in order.
    pub fn path_params(&self) -> Vec<&'static str> {
        self.path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect()
    }
}

/// Shorthand constructors so catalogue tables read as one row per parameter.
pub mod p {
    use super::{In, Kind, Param};

    /// A path parameter (an id).
    pub const fn path(name: &'static str, summary: &'static str) -> Param {
        Param { name, at: In::Path, kind: Kind::Integer, required: true, summary }
    }

    /// A path parameter that is text.
    pub const fn path_str(name: &'static str, summary: &'static str) -> Param {
        Param { name, at: In::Path, kind: Kind::String, required: true, summary }
    }

    /// An optional query parameter.
    pub const fn query(name: &'static str, kind: Kind, summary: &'static str) -> Param {
        Param { name, at: In::Query, kind, required: false, summary }
    }

    /// A required query parameter.
    pub const fn query_req(name: &'static str, kind: Kind, summary: &'static str) -> Param {
        Param { name, at: In::Query, kind, required: true, summary }
    }

    /// An optional body field.
    pub const fn body(name: &'static str, kind: Kind, summary: &'static str) -> Param {
        Param { name, at: In::Body, kind, required: false, summary }
    }

    /// A required body field.
    pub const fn body_req(name: &'static str, kind: Kind, summary: &'static str) -> Param {
        Param { name, at: In::Body, kind, required: true, summary }
    }

    /// The cursor-paging parameters every Gorgias list takes.
    pub const CURSOR: Param = query("cursor", Kind::String, "next_cursor of the previous page");
    /// Page size.
    pub const LIMIT: Param = query("limit", Kind::Integer, "items per page, 1-100 (default 30)");
}

/// Checks a catalogue's invariants; every provider's table test calls this.
/// Returns a description of each problem found.
pub fn problems(table: &[Endpoint]) -> Vec<String> {
    let mut out = Vec::new();
    let mut ids: Vec<&str> = table.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    for pair in ids.windows(2) {
        if pair[0] == pair[1] {
            out.push(format!("duplicate operation id {}", pair[0]));
        }
    }
    for e in table {
        let declared: Vec<&str> = e.params.iter().filter(|p| p.at == In::Path).map(|p| p.name).collect();
        if declared != e.path_params() {
            out.push(format!(
                "{}: path {} declares {:?} but params list {declared:?}",
                e.id,
                e.path,
                e.path_params()
            ));
        }
        if !e.path.starts_with('/') || e.path.contains("..") || e.path.contains('?') {
            out.push(format!("{}: bad path template {}", e.id, e.path));
        }
        if !e.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            out.push(format!("{}: ids are snake_case", e.id));
        }
        if e.summary.is_empty() || e.summary.len() > 120 {
            out.push(format!("{}: summary must be one short line", e.id));
        }
        if e.method == Method::Get && (e.body != Body::None || e.params.iter().any(|p| p.at == In::Body)) {
            out.push(format!("{}: GET takes no body", e.id));
        }
        if e.read_only() && e.tier != Tier::Readonly {
            out.push(format!("{}: reads belong to the readonly tier", e.id));
        }
        if !e.read_only() && e.tier == Tier::Readonly {
            out.push(format!("{}: writes cannot be readonly", e.id));
        }
        if e.method == Method::Post && e.idempotent && !e.read {
            out.push(format!("{}: a POST that creates is not idempotent", e.id));
        }
        let mut names: Vec<&str> = e.params.iter().map(|p| p.name).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            out.push(format!("{}: duplicate parameter", e.id));
        }
    }
    out
}
