//! The Open Help Desk REST routes (`/api/v1`, shapes in PubliciaLLC/go-help-desk)
//! as a catalogue table: `list_api_endpoints`, `call_api` and the `raw` toolset
//! are generated from it. Paths are relative to `/api/v1`; ids are ULIDs
//! (tickets also take tracking numbers).

use crate::provider::catalogue::p::{body, body_req, path_str, query};
use crate::provider::catalogue::{Endpoint, Kind, Param};
use crate::tool::Tier::{Agent, Send};

const S: Kind = Kind::String;

const LIST: &[Param] = &[
    query("q", S, "text in subject or description"),
    query(
        "scope",
        Kind::Enum(&["all", "mine", "assigned"]),
        "all visible (default), reported by me, assigned to me",
    ),
    query("status_id", S, "status ULID"),
    query("priority", Kind::Enum(&["critical", "high", "medium", "low"]), "priority"),
    query("category_id", S, "category ULID"),
    query("assignee_user_id", S, "staff ULID, or none"),
    query("assignee_group_id", S, "group ULID, or none"),
    query("limit", Kind::Integer, "1-100 (default 20)"),
    query("offset", Kind::Integer, "tickets to skip"),
];
const CREATE: &[Param] = &[
    body_req("subject", S, "at most 255 characters"),
    body("description", S, "markdown"),
    body_req("category_id", S, "active category ULID"),
    body("type_id", S, "type ULID of that category"),
    body("item_id", S, "item ULID of that type"),
    body("priority", Kind::Enum(&["critical", "high", "medium", "low"]), "default medium"),
    body("guest_email", S, "guest contact email"),
    body("guest_name", S, "guest contact name"),
    body("guest_phone", S, "guest contact phone"),
    body("custom_fields", Kind::Object, "custom field values"),
];
const PATCH: &[Param] = &[
    path_str("id", "ticket ULID or tracking number"),
    body("status_id", S, "status ULID"),
    body("assignee_user_id", S, "staff ULID (null to unassign)"),
    body("assignee_group_id", S, "group ULID (null to clear)"),
    body("category_id", S, "category ULID"),
    body("type_id", S, "type ULID"),
    body("item_id", S, "item ULID"),
];
const REPLY: &[Param] = &[
    path_str("id", "ticket ULID or tracking number"),
    body_req("body", S, "markdown"),
    body("internal", Kind::Boolean, "true: internal note (Staff and Admin only)"),
    body("notify_customer", Kind::Boolean, "email the reporter (public replies)"),
];
const TICKET: &[Param] = &[path_str("id", "ticket ULID or tracking number")];
const CATEGORY: &[Param] = &[path_str("id", "category ULID")];

/// Every route.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint::get(
        "list_tickets",
        "tickets",
        "/tickets",
        "Tickets the key may see, newest first (scope rules apply)",
    )
    .params(LIST),
    Endpoint::get("get_ticket", "tickets", "/tickets/{id}", "One ticket by ULID or tracking number")
        .params(TICKET),
    Endpoint::post("create_ticket", "tickets", "/tickets", "Create a ticket attributed to the key's owner")
        .tier(Agent)
        .params(CREATE),
    Endpoint::patch(
        "update_ticket",
        "tickets",
        "/tickets/{id}",
        "Change status, assignee, group or category (Staff and Admin); unknown fields are ignored",
    )
    .tier(Agent)
    .params(PATCH),
    Endpoint::get(
        "list_replies",
        "replies",
        "/tickets/{id}/replies",
        "A ticket's replies (internal notes for Staff and Admin only)",
    )
    .params(TICKET),
    Endpoint::post(
        "create_reply",
        "replies",
        "/tickets/{id}/replies",
        "Post a public reply or an internal note",
    )
    .tier(Send)
    .params(REPLY),
    Endpoint::get(
        "list_statuses",
        "reference",
        "/statuses",
        "Statuses: system (New, Resolved, Closed) and custom",
    ),
    Endpoint::get("list_categories", "reference", "/categories", "Active categories"),
    Endpoint::get("list_category_types", "reference", "/categories/{id}/types", "Types of a category")
        .params(CATEGORY),
    Endpoint::get(
        "list_type_items",
        "reference",
        "/categories/{id}/types/{type_id}/items",
        "Items of a type",
    )
    .params(&[path_str("id", "category ULID"), path_str("type_id", "type ULID")]),
    Endpoint::get("list_staff", "reference", "/staff", "Staff and admins (Staff and Admin keys)"),
    Endpoint::get("list_groups", "reference", "/groups", "Groups (Staff and Admin keys)"),
    Endpoint::get("get_user", "users", "/users/{id}", "One user (a User key may read only itself)")
        .params(&[path_str("id", "user ULID")]),
    Endpoint::get("list_users", "admin", "/admin/users", "Every account (Admin keys)").params(&[
        query("role", Kind::Enum(&["user", "staff", "admin"]), "only this role"),
        query("limit", Kind::Integer, "at most this many"),
    ]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::catalogue::problems;

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(problems(ENDPOINTS), Vec::<String>::new());
    }

    #[test]
    fn patch_lists_exactly_the_fields_the_api_applies() {
        let patch = ENDPOINTS.iter().find(|e| e.id == "update_ticket").unwrap();
        let fields: Vec<&str> = patch.params.iter().filter(|p| p.name != "id").map(|p| p.name).collect();
        assert_eq!(fields, super::super::writes::PATCH_FIELDS);
    }
}
