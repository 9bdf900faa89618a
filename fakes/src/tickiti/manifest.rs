//! The API's route table, read from the same `routes.txt` the client's catalogue is built
//! from: what each route needs (ability, role, plan) and which body fields it takes, so the
//! fake gates and validates every route the catalogue advertises.

use std::sync::OnceLock;

/// One route.
#[derive(Clone, Debug)]
pub(crate) struct Route {
    /// `tickets`, `settings`, ...
    pub family: &'static str,
    /// `tickets.respond`.
    pub action: &'static str,
    /// Path below `/api/v1/`, with `{param}` segments.
    pub uri: &'static str,
    /// Ability needed, if any.
    pub ability: Option<&'static str>,
    /// Lowest role.
    pub role: &'static str,
    /// Plan feature needed, if any.
    pub plan: Option<&'static str>,
    /// Whether it only reads.
    pub read: bool,
    /// Body fields: (name, type, required).
    pub params: Vec<(&'static str, &'static str, bool)>,
}

const TABLE: &str = include_str!("../../../guest/src/provider/tickiti/routes.txt");

/// Every route, parsed once.
pub(crate) fn routes() -> &'static [Route] {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    ROUTES.get_or_init(|| TABLE.lines().filter_map(parse).collect())
}

fn parse(line: &'static str) -> Option<Route> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let cols: Vec<&'static str> = line.split(" | ").map(str::trim).collect();
    let [family, action, uri, ability, role, plan, tier, params, _summary] = cols.as_slice() else {
        return None;
    };
    let opt = |s: &'static str| (s != "-").then_some(s);
    let params = params
        .split(',')
        .filter(|p| *p != "-" && !p.is_empty())
        .filter_map(|p| {
            let (name, kind) = p.split_once(':')?;
            let required = kind.ends_with('!');
            Some((name, kind.trim_end_matches('!'), required))
        })
        .collect();
    Some(Route {
        family,
        action,
        uri,
        ability: opt(ability),
        role,
        plan: opt(plan),
        read: *tier == "readonly",
        params,
    })
}

/// The route for `path` (below `/api/v1/`) and the values of its `{param}` segments.
pub(crate) fn find(path: &str) -> Option<(&'static Route, Vec<(&'static str, String)>)> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    routes().iter().find_map(|r| {
        let tpl: Vec<&'static str> = r.uri.split('/').collect();
        if tpl.len() != segs.len() {
            return None;
        }
        let mut values = Vec::new();
        for (t, s) in tpl.iter().zip(&segs) {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) if !s.is_empty() => values.push((name, (*s).to_owned())),
                Some(_) => return None,
                None if t == s => {}
                None => return None,
            }
        }
        Some((r, values))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_108_routes_in_9_families() {
        let r = routes();
        assert_eq!(r.len(), 108);
        let mut families: Vec<&str> = r.iter().map(|r| r.family).collect();
        families.dedup();
        assert_eq!(families.len(), 9);
        let (respond, _) = find("tickets/respond").unwrap();
        assert_eq!(respond.ability, Some("tickets:write"));
        let (attach, values) = find("administration/users/7/queues/3/attach").unwrap();
        assert_eq!((attach.action, values.len()), ("users.queues.attach", 2));
        assert!(find("tickets/nope").is_none());
    }
}
