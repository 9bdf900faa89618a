//! Tickets and their messages.

use crate::provider::catalogue::p::{self, CURSOR, LIMIT};
use crate::provider::catalogue::{Body, Endpoint, Kind};
use crate::tool::Tier::Agent;

use super::{CREATED_ORDER, ORDER, RELATIONSHIPS};

const STATUS: &[&str] = &["open", "closed"];
const PRIORITY: &[&str] = &["critical", "high", "normal", "low"];
const SEND_ACTION: &[&str] = &["force", "retry", "cancel"];

/// The rows, in catalogue order.
pub const ROWS: &[Endpoint] = &[
    // --- tickets ---
    Endpoint::get("list_tickets", "tickets", "/tickets", "List tickets, newest first, with cursor paging")
        .params(&[
            CURSOR,
            LIMIT,
            p::query("order_by", Kind::Enum(ORDER), "sort order"),
            p::query("customer_id", Kind::Integer, "only this customer's tickets"),
            p::query("external_id", Kind::String, "only tickets with this external id"),
            p::query("view_id", Kind::Integer, "only tickets in this view"),
            p::query("rule_id", Kind::Integer, "only tickets touched by this rule"),
            p::query("ticket_ids", Kind::Integers, "only these tickets"),
            p::query("trashed", Kind::Boolean, "include (true) or exclude (false) trashed tickets"),
        ]),
    Endpoint::get("get_ticket", "tickets", "/tickets/{ticket_id}", "Get one ticket").params(&[
        p::path("ticket_id", "ticket id"),
        p::query("relationships", Kind::Enum(RELATIONSHIPS), "include custom field values"),
    ]),
    // Its messages may be an agent's, sent to the customer: the `send` tier.
    Endpoint::post("create_ticket", "tickets", "/tickets", "Create a ticket with its first messages")
        .tier(crate::tool::Tier::Send)
        .params(&[
            p::body_req("via", Kind::String, "how the first message arrived, e.g. api or email"),
            p::body_req(
                "messages",
                Kind::Objects,
                "1-500 messages, each with channel, via, from_agent and a body",
            ),
            p::body("channel", Kind::String, "channel slug (email, chat, api...)"),
            p::body("subject", Kind::String, "subject (up to 998 characters)"),
            p::body("status", Kind::Enum(STATUS), "initial status (default open)"),
            p::body("priority", Kind::Enum(PRIORITY), "initial priority (default normal)"),
            p::body("customer", Kind::Object, "{\"id\"} or {\"email\"} of the customer"),
            p::body("assignee_user", Kind::Object, "{\"id\": agent id}"),
            p::body("assignee_team", Kind::Object, "{\"id\": team id}"),
            p::body("tags", Kind::Objects, "tags as [{\"name\"}] or [{\"id\"}]"),
            p::body("custom_fields", Kind::Objects, "field values as [{\"id\", \"value\"}]"),
            p::body("external_id", Kind::String, "id in a foreign system"),
            p::body("language", Kind::String, "ISO 639-1 code (detected when omitted)"),
        ]),
    Endpoint::put(
        "update_ticket",
        "tickets",
        "/tickets/{ticket_id}",
        "Update a ticket (partial: send only the fields to change)",
    )
    .tier(Agent)
    .params(&[
        p::path("ticket_id", "ticket id"),
        p::body("status", Kind::Enum(STATUS), "new status"),
        p::body("priority", Kind::Enum(PRIORITY), "new priority"),
        p::body("assignee_user", Kind::Object, "{\"id\": agent id} or null"),
        p::body("assignee_team", Kind::Object, "{\"id\": team id} or null"),
        p::body("subject", Kind::String, "new subject"),
        p::body("snooze_datetime", Kind::String, "snooze until (ISO 8601), or null"),
    ]),
    Endpoint::delete("delete_ticket", "tickets", "/tickets/{ticket_id}", "Delete a ticket")
        .params(&[p::path("ticket_id", "ticket id")]),
    Endpoint::get(
        "list_ticket_tags",
        "tickets",
        "/tickets/{ticket_id}/tags",
        "List a ticket's tags (one unpaged list)",
    )
    .params(&[p::path("ticket_id", "ticket id")]),
    Endpoint::post(
        "add_ticket_tags",
        "tickets",
        "/tickets/{ticket_id}/tags",
        "Add tags to a ticket, keeping its other tags",
    )
    .tier(Agent)
    .params(&[
        p::path("ticket_id", "ticket id"),
        p::body("ids", Kind::Integers, "tag ids to add"),
        p::body("names", Kind::Strings, "tag names to add (case-sensitive; created if new)"),
    ]),
    Endpoint::put(
        "set_ticket_tags",
        "tickets",
        "/tickets/{ticket_id}/tags",
        "Replace a ticket's tags with exactly these",
    )
    .tier(Agent)
    .params(&[
        p::path("ticket_id", "ticket id"),
        p::body("ids", Kind::Integers, "tag ids the ticket should have"),
        p::body("names", Kind::Strings, "tag names the ticket should have (case-sensitive)"),
    ]),
    Endpoint::delete(
        "remove_ticket_tags",
        "tickets",
        "/tickets/{ticket_id}/tags",
        "Remove tags from a ticket",
    )
    .tier(Agent)
    .body(Body::Object)
    .params(&[
        p::path("ticket_id", "ticket id"),
        p::body("ids", Kind::Integers, "tag ids to remove"),
        p::body("names", Kind::Strings, "tag names to remove (case-sensitive)"),
    ]),
    Endpoint::get(
        "list_ticket_fields",
        "tickets",
        "/tickets/{ticket_id}/custom-fields",
        "List a ticket's custom field values (one unpaged list)",
    )
    .params(&[p::path("ticket_id", "ticket id")]),
    Endpoint::put(
        "update_ticket_field",
        "tickets",
        "/tickets/{ticket_id}/custom-fields/{field_id}",
        "Set one custom field value on a ticket",
    )
    .tier(Agent)
    .params(&[
        p::path("ticket_id", "ticket id"),
        p::path("field_id", "custom field id"),
        p::body_req("id", Kind::Integer, "the custom field id again (same as field_id)"),
        p::body_req("value", Kind::Any, "new value (text, number or boolean per the field), or null"),
    ]),
    Endpoint::put(
        "update_ticket_fields",
        "tickets",
        "/tickets/{ticket_id}/custom-fields",
        "Set several custom field values on a ticket; the body is [{\"id\", \"value\"}]",
    )
    .tier(Agent)
    .body(Body::Array)
    .params(&[p::path("ticket_id", "ticket id")]),
    Endpoint::delete(
        "delete_ticket_field",
        "tickets",
        "/tickets/{ticket_id}/custom-fields/{field_id}",
        "Clear one custom field value on a ticket",
    )
    .params(&[p::path("ticket_id", "ticket id"), p::path("field_id", "custom field id")]),
    // --- messages ---
    Endpoint::get(
        "list_ticket_messages",
        "messages",
        "/tickets/{ticket_id}/messages",
        "List a ticket's messages, oldest first (deprecated upstream: prefer list_messages)",
    )
    .params(&[p::path("ticket_id", "ticket id")]),
    Endpoint::get(
        "list_messages",
        "messages",
        "/messages",
        "List messages across tickets, with cursor paging",
    )
    .params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(CREATED_ORDER), "sort order"),
        p::query("ticket_id", Kind::Integer, "only this ticket's messages"),
    ]),
    Endpoint::get(
        "get_message",
        "messages",
        "/tickets/{ticket_id}/messages/{message_id}",
        "Get one message of a ticket",
    )
    .params(&[p::path("ticket_id", "ticket id"), p::path("message_id", "message id")]),
    Endpoint::post(
        "create_message",
        "messages",
        "/tickets/{ticket_id}/messages",
        "Add a message (reply or internal note) to a ticket",
    )
    // A reply reaches the customer: the `send` tier (a note is one too here;
    // the unified reply_to_ticket tells them apart).
    .tier(crate::tool::Tier::Send)
    .params(&[
        p::path("ticket_id", "ticket id"),
        p::query("action", Kind::Enum(SEND_ACTION), "how to handle a failed send"),
        p::body_req("channel", Kind::String, "channel slug (email, chat, internal-note...)"),
        p::body_req("via", Kind::String, "how it was created, e.g. api"),
        p::body_req("from_agent", Kind::Boolean, "true when an agent writes"),
        p::body("sender", Kind::Object, "{\"id\"} or {\"email\"} of the author"),
        p::body("receiver", Kind::Object, "{\"id\"} or {\"email\"} of the recipient"),
        p::body("body_text", Kind::String, "plain-text body"),
        p::body("body_html", Kind::String, "HTML body"),
        p::body("subject", Kind::String, "subject (email)"),
        p::body("public", Kind::Boolean, "false for an internal note"),
        p::body("source", Kind::Object, "routing: {type, from, to, cc, bcc}"),
        p::body("attachments", Kind::Objects, "files as [{url, name, content_type}]"),
        p::body("sent_datetime", Kind::String, "when sent (ISO 8601); omit to have Gorgias send it"),
    ]),
    Endpoint::put(
        "update_message",
        "messages",
        "/tickets/{ticket_id}/messages/{message_id}",
        "Update a message of a ticket",
    )
    .tier(Agent)
    .params(&[
        p::path("ticket_id", "ticket id"),
        p::path("message_id", "message id"),
        p::query("action", Kind::Enum(SEND_ACTION), "how to handle a failed send"),
        p::body_req("channel", Kind::String, "channel slug (email, chat, internal-note...)"),
        p::body_req("via", Kind::String, "how it was created, e.g. api"),
        p::body_req("from_agent", Kind::Boolean, "true when an agent wrote it"),
        p::body("body_text", Kind::String, "plain-text body"),
        p::body("body_html", Kind::String, "HTML body"),
        p::body("subject", Kind::String, "subject"),
        p::body("public", Kind::Boolean, "false for an internal note"),
    ]),
    Endpoint::delete(
        "delete_message",
        "messages",
        "/tickets/{ticket_id}/messages/{message_id}",
        "Delete a message of a ticket",
    )
    .params(&[p::path("ticket_id", "ticket id"), p::path("message_id", "message id")]),
];
