//! The whole v1 surface (108 routes in 9 families) as catalogue rows, read from
//! `routes.txt`: the API's own route list (`php artisan route:list`, as the official
//! tickiti-mcp manifest holds it) with ability, role, plan gate, parameters and tier. The
//! fake Tickiti serves the same file, so the two cannot drift apart.

use std::sync::OnceLock;

use crate::http::Method;
use crate::provider::catalogue::{Body, Endpoint, In, Kind, Param};
use crate::tool::Tier;

const TABLE: &str = include_str!("routes.txt");

/// One route as the table writes it.
#[derive(Clone, Debug)]
pub struct Route {
    /// Family (`tickets`, `settings`, ...).
    pub family: &'static str,
    /// Path below `/api/v1/`.
    pub uri: &'static str,
    /// Ability it needs, if any.
    pub ability: Option<&'static str>,
    /// Lowest role (`staff`, `admin`, `superuser`, `sysadmin`).
    pub role: &'static str,
    /// Plan feature it needs, if any.
    pub plan: Option<&'static str>,
    /// Its catalogue row.
    pub endpoint: Endpoint,
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn kind(raw: &'static str) -> Kind {
    match raw {
        "int" => Kind::Integer,
        "bool" => Kind::Boolean,
        "obj" => Kind::Object,
        "ints" => Kind::Integers,
        "strs" => Kind::Strings,
        "any" => Kind::Any,
        k => match k.strip_prefix("enum(").and_then(|r| r.strip_suffix(')')) {
            Some(choices) => Kind::Enum(leak(choices.split('/').collect())),
            None => Kind::String,
        },
    }
}

fn parse(line: &'static str) -> Option<Route> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let cols: Vec<&'static str> = line.split(" | ").map(str::trim).collect();
    let [family, action, uri, ability, role, plan, tier, params, summary] = cols.as_slice() else {
        return None;
    };
    let opt = |s: &'static str| (s != "-").then_some(s);
    let id = if action.starts_with(family) { (*action).to_owned() } else { format!("{family}_{action}") };
    let id = id.replace(['.', '-'], "_");
    let path_names: Vec<&str> =
        uri.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).collect();
    let params: Vec<Param> = params
        .split(',')
        .filter_map(|p| p.split_once(':'))
        .map(|(name, k)| Param {
            name,
            at: if path_names.contains(&name) { In::Path } else { In::Body },
            kind: kind(k.trim_end_matches('!')),
            required: k.ends_with('!'),
            summary: name,
        })
        .collect();
    let tier = Tier::parse(tier).unwrap_or(Tier::Admin);
    let read = tier == Tier::Readonly;
    let mut gate = vec![];
    gate.extend(opt(ability).map(|a| format!("{a} ability")));
    gate.push(format!("{role} role"));
    gate.extend(opt(plan).map(|p| format!("{p} plan")));
    let endpoint = Endpoint {
        id: Box::leak(id.into_boxed_str()),
        category: family,
        method: Method::Post,
        path: Box::leak(format!("/{uri}").into_boxed_str()),
        tier,
        read,
        idempotent: read,
        body: Body::Object,
        params: leak(params),
        summary,
        gate: Box::leak(gate.join(", ").into_boxed_str()),
    };
    Some(Route { family, uri, ability: opt(ability), role, plan: opt(plan), endpoint })
}

/// Every route, parsed once per instance.
pub fn routes() -> &'static [Route] {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    ROUTES.get_or_init(|| TABLE.lines().filter_map(parse).collect())
}

/// The catalogue rows.
pub fn endpoints() -> &'static [Endpoint] {
    static ENDPOINTS: OnceLock<Vec<Endpoint>> = OnceLock::new();
    ENDPOINTS.get_or_init(|| routes().iter().map(|r| r.endpoint).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::catalogue::problems;

    #[test]
    fn the_table_holds_108_valid_routes_in_9_families() {
        let e = endpoints();
        assert_eq!(e.len(), 108);
        assert_eq!(problems(e), Vec::<String>::new());
        let mut families: Vec<&str> = routes().iter().map(|r| r.family).collect();
        families.dedup();
        assert_eq!(families.len(), 9);
        let respond = e.iter().find(|x| x.id == "tickets_respond").unwrap();
        assert_eq!((respond.tier, respond.gate), (Tier::Send, "tickets:write ability, staff role"));
        let attach = e.iter().find(|x| x.id == "administration_users_queues_attach").unwrap();
        assert_eq!(attach.path_params(), ["user", "queue"]);
        assert!(
            e.iter().any(|x| x.id == "reports_resolutions" && x.gate.contains("has_resolution_tracking"))
        );
    }
}
