//! Rules, macros, integrations, custom fields and widgets.

use crate::provider::catalogue::p::{self, CURSOR, LIMIT};
use crate::provider::catalogue::{Body, Endpoint, Kind};

use super::CREATED_ORDER;

const MACRO_ORDER: &[&str] = &[
    "name:asc",
    "name:desc",
    "created_datetime:asc",
    "created_datetime:desc",
    "updated_datetime:asc",
    "updated_datetime:desc",
    "usage:asc",
    "usage:desc",
    "relevance:asc",
    "relevance:desc",
    "language:asc",
    "language:desc",
];
const WIDGET_ORDER: &[&str] = &["created_datetime:asc", "created_datetime:desc", "order:asc", "order:desc"];
const FIELD_ORDER: &[&str] = &["priority:asc", "priority:desc"];
const FIELD_OBJECT_TYPES: &[&str] = &["Ticket", "Customer"];
const MANAGED_TYPES: &[&str] = &[
    "contact_reason",
    "product",
    "resolution",
    "ai_intent",
    "ai_outcome",
    "ai_sales",
    "ai_discount",
    "ai_journey",
    "managed_sentiment",
    "call_status",
    "customer_type",
];
const WIDGET_TYPES: &[&str] = &[
    "bigcommerce",
    "custom",
    "customer_external_data",
    "http",
    "magento2",
    "recharge",
    "shopify",
    "smile",
    "standalone",
    "yotpo",
    "klaviyo",
    "stripe",
    "woocommerce",
];
const WIDGET_CONTEXTS: &[&str] = &["ticket", "customer", "user"];

/// The rows, in catalogue order.
pub const ROWS: &[Endpoint] = &[
    // --- rules ---
    Endpoint::get("list_rules", "rules", "/rules", "List automation rules, with cursor paging").params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(CREATED_ORDER), "sort order"),
    ]),
    Endpoint::get("get_rule", "rules", "/rules/{rule_id}", "Get one rule")
        .params(&[p::path("rule_id", "rule id")]),
    Endpoint::post("create_rule", "rules", "/rules", "Create a rule").params(&[
        p::body_req("name", Kind::String, "rule name"),
        p::body_req("code", Kind::String, "the rule's logic as JavaScript"),
        p::body("code_ast", Kind::Object, "ESTree AST of the code (derived when omitted)"),
        p::body("description", Kind::String, "description"),
        p::body("event_types", Kind::String, "comma-separated triggers, e.g. ticket-created,ticket-updated"),
        p::body("priority", Kind::Integer, "execution order; higher runs first"),
        p::body("deactivated_datetime", Kind::String, "ISO 8601 to create it inactive, or null"),
    ]),
    Endpoint::put("update_rule", "rules", "/rules/{rule_id}", "Update a rule").params(&[
        p::path("rule_id", "rule id"),
        p::body("name", Kind::String, "rule name"),
        p::body("code", Kind::String, "the rule's logic as JavaScript"),
        p::body("code_ast", Kind::Object, "ESTree AST of the code"),
        p::body("description", Kind::String, "description"),
        p::body("event_types", Kind::String, "comma-separated triggers"),
        p::body("priority", Kind::Integer, "execution order; higher runs first"),
        p::body("deactivated_datetime", Kind::String, "ISO 8601 to deactivate, or null to reactivate"),
    ]),
    Endpoint::delete("delete_rule", "rules", "/rules/{rule_id}", "Delete a rule")
        .params(&[p::path("rule_id", "rule id")]),
    Endpoint::post(
        "update_rules_priorities",
        "rules",
        "/rules/priorities",
        "Set the execution priority of several rules at once",
    )
    .params(&[p::body_req("priorities", Kind::Objects, "new priorities as [{\"id\", \"priority\"}]")]),
    // --- macros ---
    Endpoint::get(
        "list_macros",
        "macros",
        "/macros",
        "List macros (canned replies), with filters and cursor paging",
    )
    .params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(MACRO_ORDER), "sort order (relevance needs ticket_id)"),
        p::query("search", Kind::String, "only macros matching this text"),
        p::query("tags", Kind::Strings, "only macros with all these tags"),
        p::query("languages", Kind::Strings, "only macros in any of these languages (ISO 639-1)"),
        p::query("ticket_id", Kind::Integer, "rank by relevance to this ticket"),
        p::query("message_id", Kind::Integer, "rank by relevance to this message (with ticket_id)"),
        p::query("number_predictions", Kind::Integer, "how many relevant macros to put on top (default 0)"),
        p::query("archived", Kind::Boolean, "only archived (true) or only active (false, default)"),
    ]),
    Endpoint::get("get_macro", "macros", "/macros/{macro_id}", "Get one macro")
        .params(&[p::path("macro_id", "macro id")]),
    Endpoint::post("create_macro", "macros", "/macros", "Create a macro").params(&[
        p::body_req("name", Kind::String, "macro name"),
        p::body("actions", Kind::Objects, "actions applied to the ticket ({name, title, type, arguments})"),
        p::body("intent", Kind::String, "intent it answers, e.g. shipping/status"),
        p::body("language", Kind::String, "ISO 639-1 code"),
        p::body("external_id", Kind::String, "id in a foreign system"),
    ]),
    Endpoint::put("update_macro", "macros", "/macros/{macro_id}", "Update a macro").params(&[
        p::path("macro_id", "macro id"),
        p::body("name", Kind::String, "macro name"),
        p::body("actions", Kind::Objects, "replaces the whole action list"),
        p::body("intent", Kind::String, "intent it answers"),
        p::body("language", Kind::String, "ISO 639-1 code"),
        p::body("external_id", Kind::String, "id in a foreign system"),
    ]),
    Endpoint::delete("delete_macro", "macros", "/macros/{macro_id}", "Delete a macro")
        .params(&[p::path("macro_id", "macro id")]),
    Endpoint::put("archive_macros", "macros", "/macros/archive", "Archive several macros")
        .params(&[p::body_req("ids", Kind::Integers, "macro ids to archive (1-30)")]),
    Endpoint::put("unarchive_macros", "macros", "/macros/unarchive", "Unarchive several macros")
        .params(&[p::body_req("ids", Kind::Integers, "macro ids to unarchive (1-30)")]),
    // --- integrations ---
    Endpoint::get(
        "list_integrations",
        "integrations",
        "/integrations",
        "List integrations, with cursor paging",
    )
    .params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(CREATED_ORDER), "sort order"),
        p::query("type", Kind::Enum(&["http"]), "only integrations of this type"),
    ]),
    Endpoint::get("get_integration", "integrations", "/integrations/{integration_id}", "Get one integration")
        .params(&[p::path("integration_id", "integration id")]),
    Endpoint::post(
        "create_integration",
        "integrations",
        "/integrations",
        "Create an HTTP integration (outgoing webhook)",
    )
    .params(&[
        p::body_req("name", Kind::String, "integration name"),
        p::body_req("type", Kind::Enum(&["http"]), "only http integrations can be created"),
        p::body_req(
            "http",
            Kind::Object,
            "{url, method, request_content_type, response_content_type, triggers}",
        ),
        p::body("description", Kind::String, "description"),
    ]),
    Endpoint::put(
        "update_integration",
        "integrations",
        "/integrations/{integration_id}",
        "Update an integration",
    )
    .params(&[
        p::path("integration_id", "integration id"),
        p::body("name", Kind::String, "integration name"),
        p::body("description", Kind::String, "description"),
        p::body("http", Kind::Object, "{url, method, headers, triggers...}"),
        p::body("deactivated_datetime", Kind::String, "ISO 8601 to deactivate, or null to reactivate"),
    ]),
    Endpoint::delete(
        "delete_integration",
        "integrations",
        "/integrations/{integration_id}",
        "Delete an integration",
    )
    .params(&[p::path("integration_id", "integration id")]),
    // --- custom fields ---
    Endpoint::get(
        "list_custom_fields",
        "custom_fields",
        "/custom-fields",
        "List custom field definitions for tickets or customers",
    )
    .params(&[
        p::query_req("object_type", Kind::Enum(FIELD_OBJECT_TYPES), "whose fields to list"),
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(FIELD_ORDER), "sort order (default priority:desc)"),
        p::query("search", Kind::String, "match on the field label"),
        p::query("archived", Kind::Boolean, "only archived (true) or only active (false)"),
    ]),
    Endpoint::get(
        "get_custom_field",
        "custom_fields",
        "/custom-fields/{field_id}",
        "Get one custom field definition",
    )
    .params(&[p::path("field_id", "custom field id")]),
    Endpoint::post(
        "create_custom_field",
        "custom_fields",
        "/custom-fields",
        "Create a custom field definition",
    )
    .params(&[
        p::body_req("object_type", Kind::Enum(FIELD_OBJECT_TYPES), "what it applies to"),
        p::body_req("label", Kind::String, "display name (1-255 characters)"),
        p::body_req("definition", Kind::Object, "{data_type: text|number|boolean, input_settings}"),
        p::body("description", Kind::String, "description"),
        p::body("required", Kind::Boolean, "agents must fill it in (default false)"),
        p::body("priority", Kind::Integer, "display order, lower first (0-5000)"),
        p::body("managed_type", Kind::Enum(MANAGED_TYPES), "built-in field kind"),
        p::body("external_id", Kind::String, "id in a foreign system"),
    ]),
    Endpoint::put(
        "update_custom_field",
        "custom_fields",
        "/custom-fields/{field_id}",
        "Update a custom field definition",
    )
    .params(&[
        p::path("field_id", "custom field id"),
        p::body("object_type", Kind::Enum(FIELD_OBJECT_TYPES), "what it applies to"),
        p::body("label", Kind::String, "display name"),
        p::body("definition", Kind::Object, "{data_type, input_settings}"),
        p::body("description", Kind::String, "description"),
        p::body("required", Kind::Boolean, "agents must fill it in"),
        p::body("priority", Kind::Integer, "display order, lower first"),
        p::body("deactivated_datetime", Kind::String, "ISO 8601 to archive, or null to restore"),
    ]),
    Endpoint::put(
        "bulk_update_custom_fields",
        "custom_fields",
        "/custom-fields",
        "Update several custom field definitions; the body is [{\"id\", ...fields}]",
    )
    .body(Body::Array),
];

/// The widget rows, listed after `activity` in the catalogue.
pub const WIDGETS: &[Endpoint] = &[
    // --- widgets ---
    Endpoint::get("list_widgets", "widgets", "/widgets", "List sidebar widgets, with cursor paging").params(
        &[
            CURSOR,
            LIMIT,
            p::query("order_by", Kind::Enum(WIDGET_ORDER), "sort order"),
            p::query("app_id", Kind::String, "only this third-party app's widgets"),
        ],
    ),
    Endpoint::get("get_widget", "widgets", "/widgets/{widget_id}", "Get one widget")
        .params(&[p::path("widget_id", "widget id")]),
    Endpoint::post("create_widget", "widgets", "/widgets", "Create a sidebar widget").params(&[
        p::body_req("type", Kind::Enum(WIDGET_TYPES), "data source the widget shows"),
        p::body_req("template", Kind::Object, "{\"type\": \"wrapper\", \"widgets\": [{path, type, title}]}"),
        p::body(
            "context",
            Kind::Enum(WIDGET_CONTEXTS),
            "where it shows (default ticket; user is deprecated)",
        ),
        p::body("order", Kind::Integer, "position, lower first (default 0)"),
        p::body("integration_id", Kind::Integer, "integration whose data it shows"),
        p::body("app_id", Kind::String, "third-party app, for customer_external_data widgets"),
    ]),
    Endpoint::put("update_widget", "widgets", "/widgets/{widget_id}", "Update a widget").params(&[
        p::path("widget_id", "widget id"),
        p::body("type", Kind::Enum(WIDGET_TYPES), "data source the widget shows"),
        p::body("template", Kind::Object, "layout template"),
        p::body("context", Kind::Enum(WIDGET_CONTEXTS), "where it shows"),
        p::body("order", Kind::Integer, "position, lower first"),
        p::body("deactivated_datetime", Kind::String, "ISO 8601 to deactivate, or null to reactivate"),
    ]),
    Endpoint::delete("delete_widget", "widgets", "/widgets/{widget_id}", "Delete a widget")
        .params(&[p::path("widget_id", "widget id")]),
];
