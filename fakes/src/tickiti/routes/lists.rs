//! The settings and workflow lists: perspectives, watchlists, stock responses, statuses,
//! queues, resolution categories, interventions, escalations, staff and templates. Each
//! takes `filters` with an optional `name` (case-insensitive part of the name).

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::super::reply;
use super::super::store::Store;

/// The list for `action`, or `None` when the action is not one of these lists.
pub(super) fn list(s: &Store, action: &str, body: &Map<String, Value>) -> Option<Response> {
    let filters = body.get("filters").and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(unknown) = filters.keys().find(|k| *k != "name") {
        return Some(reply::invalid_field(&format!("filters.{unknown}"), "Only filters.name is supported."));
    }
    let wanted = filters.get("name").and_then(Value::as_str).map(str::to_lowercase);
    let keep = |name: &str| wanted.as_deref().is_none_or(|w| name.to_lowercase().contains(w));
    let items: Vec<Value> = match action {
        "perspectives.index" => s.perspectives.iter().filter(|p| keep(&p.name))
            .map(|p| json!({ "id": p.id, "name": p.name, "columns": p.columns })).collect(),
        "watchlists.index" => s.watchlists.iter().filter(|w| keep(&w.name))
            .map(|w| json!({ "id": w.id, "name": w.name, "ticket_count": w.tickets.len(), "ticket_numbers": w.tickets })).collect(),
        "stock-responses.index" => s.stock.iter().filter(|r| keep(&r.name))
            .map(|r| json!({ "id": r.id, "name": r.name, "content": r.html, "queue_id": r.queue_id })).collect(),
        "statuses.index" => s.statuses.iter().filter(|x| keep(&x.name))
            .map(|x| json!({ "id": x.id, "name": x.name, "is_resolved": x.name == "Resolved" })).collect(),
        "queues.index" => s.queues.iter().filter(|q| keep(&q.name))
            .map(|q| json!({ "id": q.id, "name": q.name, "email_address": q.email })).collect(),
        "resolution-categories.index" => s.resolution_categories.iter().filter(|c| keep(&c.name))
            .map(|c| json!({ "id": c.id, "name": c.name })).collect(),
        "interventions.index" => s.interventions.iter().filter(|i| keep(&i.name))
            .map(|i| json!({ "id": i.id, "name": i.name, "template_identifier": i.template, "queue_id": i.queue_id })).collect(),
        "escalations.index" => s.escalations.iter().filter(|e| keep(&e.name))
            .map(|e| json!({ "id": e.id, "name": e.name, "after_minutes": e.after_minutes, "queue_id": e.queue_id })).collect(),
        "staff.index" => s.staff.iter().filter(|m| keep(&m.name))
            .map(|m| json!({ "id": m.id, "name": m.name, "email_address": m.email, "role": m.role, "queue_ids": m.queues })).collect(),
        "templates.index" => s.templates.iter().filter(|t| keep(&t.identifier))
            .map(|t| json!({ "identifier": t.identifier, "subject": t.subject })).collect(),
        _ => return None,
    };
    Some(reply::ok(Value::Array(items)))
}
