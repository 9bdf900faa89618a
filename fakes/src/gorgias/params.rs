//! The query parameters each endpoint documents (developers.gorgias.com/reference and
//! ../shared/apis/gorgias.md §1.3, §2.2, §2.7, §2.8). Anything else is refused with a 400
//! before routing, so a client relying on a filter the real API silently ignores (e.g.
//! `created_datetime[gte]` on satisfaction surveys) fails in tests instead of in production.

use super::api_error::ApiError;
use super::query::Query;

const PAGED: &[&str] = &["cursor", "limit", "order_by"];

/// `(method, path pattern, parameters)`; `*` matches one id segment. First match wins.
const TABLE: &[(&str, &str, &[&str])] = &[
    ("GET", "/api/account", &[]),
    (
        "GET",
        "/api/users",
        &[
            "cursor",
            "limit",
            "order_by",
            "email",
            "external_id",
            "search",
            "available_first",
            "roles",
            "roles[]",
        ],
    ),
    ("GET", "/api/users/*", &[]),
    ("GET", "/api/teams", PAGED),
    ("GET", "/api/teams/*", &[]),
    ("GET", "/api/tags", &["cursor", "limit", "order_by", "search"]),
    ("GET", "/api/custom-fields", &["cursor", "limit", "order_by", "object_type", "search", "archived"]),
    ("GET", "/api/integrations", &["cursor", "limit", "order_by", "type"]),
    ("GET", "/api/satisfaction-surveys", &["cursor", "limit", "order_by", "ticket_id"]),
    ("GET", "/api/views", PAGED),
    (
        "GET",
        "/api/macros",
        &["cursor", "limit", "order_by", "search", "archived", "languages", "languages[]"],
    ),
    ("GET", "/api/macros/*", &[]),
    ("GET", "/api/views/*/items", &["cursor", "limit", "order_by", "direction", "ignored_item"]),
    ("PUT", "/api/views/*/items", &["cursor", "limit", "order_by", "direction", "ignored_item"]),
    (
        "GET",
        "/api/customers",
        &[
            "cursor",
            "limit",
            "order_by",
            "email",
            "external_id",
            "language",
            "name",
            "timezone",
            "view_id",
            "channel_type",
            "channel_address",
        ],
    ),
    ("GET", "/api/customers/*", &["relationships", "relationships[]"]),
    (
        "GET",
        "/api/tickets",
        &[
            "cursor",
            "limit",
            "order_by",
            "customer_id",
            "external_id",
            "view_id",
            "rule_id",
            "ticket_ids",
            "ticket_ids[]",
            "trashed",
        ],
    ),
    ("GET", "/api/tickets/*", &["relationships", "relationships[]"]),
    ("GET", "/api/tickets/*/messages", &["cursor", "limit"]),
    ("POST", "/api/tickets/*/messages", &["action"]),
    ("PUT", "/api/tickets/*/messages/*", &["action"]),
    ("GET", "/api/messages", &["cursor", "limit", "order_by", "ticket_id"]),
    ("POST", "/api/reporting/stats", &["cursor", "limit"]),
];

fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut s) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), s.next()) {
            (None, None) => return true,
            (Some("*"), Some(seg)) if !seg.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The parameters `method path` documents; endpoints not in the table take none.
fn allowed(method: &str, path: &str) -> &'static [&'static str] {
    TABLE
        .iter()
        .find(|(m, pattern, _)| m.eq_ignore_ascii_case(method) && matches(pattern, path))
        .map_or(&[], |(_, _, params)| params)
}

/// Refuses query parameters the endpoint does not document, as a Marshmallow-validated
/// API does: 400 with one `data` entry per unknown key. `path` is normalised (no trailing slash).
pub(crate) fn check(method: &str, path: &str, raw_query: Option<&str>) -> Result<(), ApiError> {
    let allowed = allowed(method, path);
    let q = Query::parse(raw_query);
    let mut unknown: Vec<(String, String)> = Vec::new();
    for key in q.keys() {
        if !allowed.contains(&key) && !unknown.iter().any(|(k, _)| k == key) {
            unknown.push((key.to_string(), "Unknown field.".to_string()));
        }
    }
    match unknown.first() {
        None => Ok(()),
        Some((first, _)) => Err(ApiError::invalid_fields(format!("{first}: Unknown field."), &unknown)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_parameters_pass_and_others_are_named() {
        assert!(check("GET", "/api/satisfaction-surveys", Some("ticket_id=1&limit=100&cursor=x")).is_ok());
        assert!(
            check("GET", "/api/satisfaction-surveys", Some("created_datetime%5Bgte%5D=2026-01-01")).is_err()
        );
        assert!(check("GET", "/api/tickets/4521", Some("relationships=custom_fields")).is_ok());
        assert!(check("GET", "/api/tickets/4521/custom-fields", Some("limit=5")).is_err());
        assert!(check("PUT", "/api/views/0/items", Some("limit=5&order_dir=desc")).is_err());
        assert!(check("POST", "/api/search", None).is_ok());
        assert!(check("POST", "/api/search", Some("size=5")).is_err());
    }

    #[test]
    fn patterns_match_whole_segments() {
        assert!(matches("/api/tickets/*", "/api/tickets/12"));
        assert!(!matches("/api/tickets/*", "/api/tickets/12/messages"));
        assert!(!matches("/api/tickets/*", "/api/tickets"));
        assert!(matches("/api/views/*/items", "/api/views/0/items"));
    }
}
