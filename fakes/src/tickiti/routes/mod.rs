//! Route handlers by action. Routes without a handler of their own answer generically:
//! reads with an empty list, writes with `{"accepted": true}` (and land in the write log),
//! so every catalogue route is reachable, gated and validated.

mod lists;
mod tickets;
mod writes;

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::auth::Token;
use super::gate::Desk;
use super::manifest::Route;
use super::reply;
use super::store::{Store, Ticket};

/// Answers one authorised, validated request.
pub(crate) fn dispatch(desk: &Desk, route: &Route, body: &Map<String, Value>, token: &Token) -> Response {
    match route.action {
        "tickets.show" => desk.read(|s| tickets::show(s, body)),
        "tickets.responses" => desk.read(|s| tickets::responses(s, body)),
        "tickets.responses.query" => desk.read(|s| tickets::query_responses(s, body)),
        "tickets.attachment" => reply::not_found("Attachment"),
        "tickets.query" => desk.read(|s| tickets::query(s, body)),
        "tickets.store" => desk.write(|s| writes::create(s, body)),
        "tickets.respond" => desk.write(|s| writes::respond(s, body)),
        "tickets.assign" | "tickets.status" | "tickets.queue" | "tickets.subject" => {
            desk.write(|s| writes::supervise(s, route.action, body))
        }
        action if action.starts_with("reports.") => desk.read(|s| super::reports::run(s, action, body)),
        "idempotency_key.store" => {
            let n = desk.control.request_count();
            reply::created(json!({ "key": format!("ik_{n:08}_{}", token.role) }))
        }
        action => match desk.read(|s| lists::list(s, action, body)) {
            Some(resp) => resp,
            None if route.read => reply::ok(json!([])),
            None => reply::ok(json!({ "accepted": true, "family": route.family })),
        },
    }
}

/// A ticket number from a body field (sent as a string or a number).
pub(crate) fn number(body: &Map<String, Value>, field: &str) -> Option<u64> {
    match body.get(field)? {
        Value::String(s) => s.trim().trim_start_matches('#').parse().ok(),
        v => v.as_u64(),
    }
}

/// A ticket as `tickets/show` renders it.
pub(crate) fn ticket_json(s: &Store, t: &Ticket) -> Value {
    let responses = s.responses_of(t.number);
    let internal = responses.iter().filter(|r| r.is_internal).count();
    let data: Map<String, Value> =
        t.data.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    json!({
        "id": t.id,
        "ticket_number": t.number,
        "subject": t.subject,
        "status": t.status,
        "queue": s.queue(t.queue_id).map(|q| json!({ "id": q.id, "name": q.name })),
        "assignee": t.assignee.and_then(|a| s.staff_by_id(a)).map(|a| json!({ "id": a.id, "name": a.name, "email_address": a.email })),
        "originator": { "name": t.originator_name, "email_address": t.originator_email },
        "created_at": super::iso(t.created_at),
        "updated_at": super::iso(t.updated_at),
        "resolved_at": t.resolved_at.map(super::iso),
        "on_hold_until": t.on_hold_until,
        "resolution_category": t.resolution_category_id
            .and_then(|id| s.resolution_categories.iter().find(|c| c.id == id))
            .map(|c| json!({ "id": c.id, "name": c.name })),
        "data": data,
        "response_count": responses.len(),
        "internal_response_count": internal,
        "watchlists": s.watchlists.iter().filter(|w| w.tickets.contains(&t.number))
            .map(|w| json!({ "id": w.id, "name": w.name })).collect::<Vec<_>>(),
    })
}

/// Crude HTML to text, as the API's `plain_text` field gives it.
pub(crate) fn plain(html: &str) -> String {
    let spaced = html.replace("</p>", "</p>\n").replace("<br>", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in spaced.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}
