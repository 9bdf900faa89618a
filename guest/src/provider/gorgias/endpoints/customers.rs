//! Customers and their custom field values.

use crate::provider::catalogue::p::{self, CURSOR, LIMIT};
use crate::provider::catalogue::{Body, Endpoint, Kind};
use crate::tool::Tier::Agent;

use super::{ORDER, RELATIONSHIPS};

/// The rows, in catalogue order.
pub const ROWS: &[Endpoint] = &[
    // --- customers ---
    Endpoint::get(
        "list_customers",
        "customers",
        "/customers",
        "List customers, with filters and cursor paging",
    )
    .params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(ORDER), "sort order"),
        p::query("email", Kind::String, "only the customer with this primary email"),
        p::query("external_id", Kind::String, "only customers with this external id"),
        p::query("name", Kind::String, "only customers with this full name"),
        p::query("language", Kind::String, "only customers with this language (ISO 639-1)"),
        p::query("timezone", Kind::String, "only customers in this timezone (IANA name)"),
        p::query("view_id", Kind::Integer, "only customers in this view"),
        p::query("channel_type", Kind::String, "channel type (email, phone, sms...) to match"),
        p::query("channel_address", Kind::String, "exact channel address, with channel_type"),
    ]),
    Endpoint::get("get_customer", "customers", "/customers/{customer_id}", "Get one customer").params(&[
        p::path("customer_id", "customer id"),
        p::query("relationships", Kind::Enum(RELATIONSHIPS), "include custom field values"),
    ]),
    Endpoint::post("create_customer", "customers", "/customers", "Create a customer").params(&[
        p::body("name", Kind::String, "full name"),
        p::body("firstname", Kind::String, "first name"),
        p::body("lastname", Kind::String, "last name"),
        p::body("email", Kind::String, "primary email"),
        p::body("external_id", Kind::String, "id in a foreign system"),
        p::body("language", Kind::String, "ISO 639-1 code"),
        p::body("timezone", Kind::String, "IANA timezone (default UTC)"),
        p::body("note", Kind::String, "internal note"),
        p::body("channels", Kind::Objects, "contact channels as [{type, address, preferred}]"),
        p::body("meta", Kind::Object, "free-form metadata"),
    ]),
    Endpoint::put(
        "update_customer",
        "customers",
        "/customers/{customer_id}",
        "Update a customer (partial: send only the fields to change)",
    )
    .params(&[
        p::path("customer_id", "customer id"),
        p::body("name", Kind::String, "full name"),
        p::body("firstname", Kind::String, "first name"),
        p::body("lastname", Kind::String, "last name"),
        p::body("email", Kind::String, "primary email"),
        p::body("external_id", Kind::String, "id in a foreign system"),
        p::body("language", Kind::String, "ISO 639-1 code"),
        p::body("timezone", Kind::String, "IANA timezone"),
        p::body("note", Kind::String, "internal note, or null"),
        p::body("channels", Kind::Objects, "contact channels as [{type, address, preferred}]"),
        p::body("meta", Kind::Object, "free-form metadata, or null"),
    ]),
    Endpoint::delete("delete_customer", "customers", "/customers/{customer_id}", "Delete a customer")
        .params(&[p::path("customer_id", "customer id")]),
    Endpoint::delete("delete_customers", "customers", "/customers", "Delete several customers at once")
        .body(Body::Object)
        .params(&[p::body_req("ids", Kind::Integers, "customer ids to delete")]),
    Endpoint::put(
        "merge_customers",
        "customers",
        "/customers/merge",
        "Merge one customer into another; body fields choose the merged values",
    )
    .once()
    .params(&[
        p::query_req("source_id", Kind::Integer, "customer merged away (deleted afterwards)"),
        p::query_req("target_id", Kind::Integer, "customer that remains"),
        p::body("name", Kind::String, "name to keep on the target"),
        p::body("email", Kind::String, "primary email to keep on the target"),
        p::body("external_id", Kind::String, "external id to keep on the target"),
        p::body("note", Kind::String, "note to keep on the target"),
        p::body("channels", Kind::Objects, "channels to keep on the target"),
        p::body("meta", Kind::Object, "metadata to keep on the target"),
    ]),
    Endpoint::put(
        "set_customer_data",
        "customers",
        "/customers/{customer_id}/data",
        "Replace a customer's free-form data (answers 202 with an empty body)",
    )
    .params(&[
        p::path("customer_id", "customer id"),
        p::body_req("data", Kind::Any, "the customer's free-form data (replaces the stored value)"),
        p::body("version", Kind::String, "ISO 8601 version; older versions than the stored one are skipped"),
    ]),
    Endpoint::get(
        "list_customer_field_values",
        "customers",
        "/customers/{customer_id}/custom-fields",
        "List a customer's custom field values",
    )
    .params(&[p::path("customer_id", "customer id")]),
    Endpoint::put(
        "update_customer_field_value",
        "customers",
        "/customers/{customer_id}/custom-fields/{field_id}",
        "Set one custom field value on a customer",
    )
    .tier(Agent)
    .params(&[
        p::path("customer_id", "customer id"),
        p::path("field_id", "custom field id"),
        p::body_req("id", Kind::Integer, "the custom field id again (same as field_id)"),
        p::body_req("value", Kind::Any, "new value (text, number or boolean per the field), or null"),
    ]),
    Endpoint::put(
        "update_customer_fields",
        "customers",
        "/customers/{customer_id}/custom-fields",
        "Set several custom field values on a customer; the body is [{\"id\", \"value\"}]",
    )
    .tier(Agent)
    .body(Body::Array)
    .params(&[p::path("customer_id", "customer id")]),
    Endpoint::delete(
        "delete_customer_field_value",
        "customers",
        "/customers/{customer_id}/custom-fields/{field_id}",
        "Clear one custom field value on a customer",
    )
    .params(&[p::path("customer_id", "customer id"), p::path("field_id", "custom field id")]),
];
