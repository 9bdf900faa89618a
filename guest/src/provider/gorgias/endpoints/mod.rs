//! Every Gorgias REST operation (developers.gorgias.com/reference), one row
//! each, grouped by category into the files below. The `raw` toolset,
//! `list_api_endpoints` and `call_api` are generated from this table.
//!
//! Left out: `POST /api/upload`, the only multipart operation (every body here
//! is JSON).

mod activity;
mod automation;
mod customers;
mod directory;
mod platform;
mod tickets;

use std::sync::LazyLock;

use crate::provider::catalogue::Endpoint;

const ORDER: &[&str] =
    &["created_datetime:asc", "created_datetime:desc", "updated_datetime:asc", "updated_datetime:desc"];
const CREATED_ORDER: &[&str] = &["created_datetime:asc", "created_datetime:desc"];
const RELATIONSHIPS: &[&str] = &["custom_fields"];

/// The table: every file's rows, in catalogue order.
pub static ENDPOINTS: LazyLock<Vec<Endpoint>> = LazyLock::new(|| {
    [
        tickets::ROWS,
        customers::ROWS,
        directory::ROWS,
        automation::ROWS,
        activity::ROWS,
        automation::WIDGETS,
        platform::ROWS,
    ]
    .concat()
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use crate::provider::catalogue::{Body, In, problems};
    use crate::tool::Tier;

    const CATEGORIES: &[&str] = &[
        "tickets",
        "messages",
        "customers",
        "tags",
        "views",
        "users",
        "teams",
        "rules",
        "macros",
        "integrations",
        "custom_fields",
        "satisfaction_surveys",
        "jobs",
        "events",
        "voice_calls",
        "widgets",
        "search",
        "reporting",
        "account",
        "files",
    ];

    fn row(id: &str) -> &'static Endpoint {
        ENDPOINTS.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no row {id}"))
    }

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(problems(&ENDPOINTS), Vec::<String>::new());
    }

    #[test]
    fn it_covers_the_whole_surface() {
        assert!(ENDPOINTS.len() >= 105, "only {} rows", ENDPOINTS.len());
        for c in CATEGORIES {
            assert!(ENDPOINTS.iter().any(|e| e.category == *c), "no row in {c}");
        }
        for e in ENDPOINTS.iter() {
            assert!(CATEGORIES.contains(&e.category), "{}: unknown category {}", e.id, e.category);
        }
    }

    #[test]
    fn exactly_the_operations_that_message_customers_are_send_tier() {
        let send: Vec<&str> = ENDPOINTS.iter().filter(|e| e.tier == Tier::Send).map(|e| e.id).collect();
        assert_eq!(send, ["create_ticket", "create_message"]);
    }

    #[test]
    fn exactly_the_support_agent_writes_are_agent_tier() {
        let mut agent: Vec<&str> = ENDPOINTS.iter().filter(|e| e.tier == Tier::Agent).map(|e| e.id).collect();
        agent.sort_unstable();
        assert_eq!(
            agent,
            [
                "add_ticket_tags",
                "remove_ticket_tags",
                "set_ticket_tags",
                "update_customer_field_value",
                "update_customer_fields",
                "update_message",
                "update_ticket",
                "update_ticket_field",
                "update_ticket_fields",
            ]
        );
    }

    #[test]
    fn read_like_posts_and_puts_are_readonly() {
        for (id, method) in [
            ("search_view_items", Method::Put),
            ("retrieve_reporting_statistic", Method::Post),
            ("search", Method::Post),
        ] {
            let e = row(id);
            assert_eq!(e.method, method, "{id}");
            assert!(e.read && e.read_only() && e.tier == Tier::Readonly && e.idempotent, "{id}");
        }
        let others: Vec<&str> = ENDPOINTS.iter().filter(|e| e.read).map(|e| e.id).collect();
        assert_eq!(others.len(), 3, "{others:?}");
    }

    #[test]
    fn bare_array_bodies() {
        assert_eq!(row("update_ticket_fields").body, Body::Array);
        assert_eq!(row("update_customer_fields").body, Body::Array);
        assert_eq!(row("bulk_update_custom_fields").body, Body::Array);
        assert_eq!(row("remove_ticket_tags").body, Body::Object);
    }

    #[test]
    fn parameters_fit_the_generated_tools() {
        for e in ENDPOINTS.iter() {
            for p in e.params {
                // The raw tools take `body` and `format` as arguments of their own.
                assert!(p.name != "body" && p.name != "format", "{}: parameter {} is reserved", e.id, p.name);
                // A bare-array body cannot carry named fields.
                assert!(
                    !(e.body == Body::Array && p.at == In::Body),
                    "{}: body field {} in an array body",
                    e.id,
                    p.name
                );
            }
        }
    }
}
