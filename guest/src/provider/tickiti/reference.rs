//! Reference data — staff, queues, perspectives, watchlists, statuses, stock responses,
//! resolution categories, interventions and escalations — each one cacheable read, and
//! the names a model types resolved to what the API takes (staff emails, queue names).

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Tickiti;
use super::client::{api_subject, envelope};
use super::wire::{Item, Perspective, Staff, Stock, Watchlist};
use crate::http::{HttpError, Response};
use crate::model::ReferenceItem;
use crate::provider::ReferenceList;
use crate::text::html_to_text;
use crate::tool::ToolError;
use crate::tool::list_reference::ReferenceKind;

/// Routes of the lists.
pub const STAFF: &str = "workflow/staff";
/// Queues.
pub const QUEUES: &str = "workflow/queues";
/// Perspectives.
pub const PERSPECTIVES: &str = "settings/perspectives";
/// Watchlists.
pub const WATCHLISTS: &str = "settings/watchlists";

/// Decodes one list answer.
pub fn decode<T: DeserializeOwned>(
    result: Result<Response, HttpError>,
    route: &str,
) -> Result<Vec<T>, ToolError> {
    envelope(result, &api_subject(route))
}

/// Reads one list.
pub fn load<T: DeserializeOwned>(t: &Tickiti, route: &str) -> Result<Vec<T>, ToolError> {
    decode(t.up.send(t.reference(route)), route)
}

fn item(id: String, name: String, detail: Vec<String>, text: Option<String>) -> ReferenceItem {
    let detail = detail.into_iter().filter(|d| !d.is_empty()).collect::<Vec<_>>().join(", ");
    ReferenceItem {
        id: Some(id).filter(|i| !i.is_empty()),
        name,
        detail: Some(detail).filter(|d| !d.is_empty()),
        text,
    }
}

fn rest(i: &Item, key: &str) -> Option<String> {
    i.rest.get(key).and_then(|v| match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    })
}

/// `list_reference` in Tickiti's vocabulary.
pub fn list(t: &Tickiti, kind: ReferenceKind) -> Result<ReferenceList, ToolError> {
    let unsupported = |what: &str| {
        Err(ToolError::invalid(
            "kind",
            format!(
                "Tickiti has no {what}; use agents (staff), teams (queues), views (perspectives), watchlists, statuses, canned_responses (stock responses), resolution_categories, interventions or escalations"
            ),
        ))
    };
    let items: Vec<ReferenceItem> = match kind {
        ReferenceKind::Tags => return unsupported("tags"),
        ReferenceKind::CustomFields => {
            return unsupported("custom field list here (ticket data fields show on get_ticket)");
        }
        ReferenceKind::Channels => return unsupported("channels (tickets arrive by email into queues)"),
        ReferenceKind::Categories => return unsupported("categories"),
        ReferenceKind::Agents => load::<Staff>(t, STAFF)?
            .into_iter()
            .map(|s| {
                item(
                    s.id,
                    s.name,
                    vec![s.email_address.unwrap_or_default(), s.role.unwrap_or_default()],
                    None,
                )
            })
            .collect(),
        ReferenceKind::Teams => load::<Item>(t, QUEUES)?
            .into_iter()
            .map(|q| {
                let mail = rest(&q, "email_address").unwrap_or_default();
                item(q.id, q.name, vec!["queue".into(), mail], None)
            })
            .collect(),
        ReferenceKind::Views => load::<Perspective>(t, PERSPECTIVES)?
            .into_iter()
            .map(|p| {
                item(
                    p.id.to_string(),
                    p.name,
                    vec![format!("perspective; columns: {}", p.columns.join(", "))],
                    None,
                )
            })
            .collect(),
        ReferenceKind::Watchlists => load::<Watchlist>(t, WATCHLISTS)?
            .into_iter()
            .map(|w| {
                let n = w.ticket_count.map(|n| format!("{n} tickets")).unwrap_or_default();
                item(w.id.to_string(), w.name, vec!["watchlist".into(), n], None)
            })
            .collect(),
        ReferenceKind::Statuses => load::<Item>(t, "settings/statuses")?
            .into_iter()
            .map(|s| {
                let resolved = s.rest.get("is_resolved").and_then(Value::as_bool) == Some(true);
                item(s.id, s.name, vec![if resolved { "resolved" } else { "unresolved" }.into()], None)
            })
            .collect(),
        ReferenceKind::CannedResponses => load::<Stock>(t, "settings/stock-responses")?
            .into_iter()
            .map(|s| item(s.id, s.name, vec!["stock response".into()], Some(html_to_text(&s.content))))
            .collect(),
        ReferenceKind::ResolutionCategories => load::<Item>(t, "workflow/resolution-categories")?
            .into_iter()
            .map(|c| item(c.id, c.name, vec!["resolution category".into()], None))
            .collect(),
        ReferenceKind::Interventions => load::<Item>(t, "workflow/interventions")?
            .into_iter()
            .map(|i| {
                let tpl =
                    rest(&i, "template_identifier").map(|x| format!("template {x}")).unwrap_or_default();
                item(i.id, i.name, vec!["intervention".into(), tpl], None)
            })
            .collect(),
        ReferenceKind::Escalations => load::<Item>(t, "workflow/escalations")?
            .into_iter()
            .map(|e| {
                let after = rest(&e, "after_minutes").map(|m| format!("after {m} min")).unwrap_or_default();
                item(e.id, e.name, vec!["escalation".into(), after], None)
            })
            .collect(),
    };
    Ok(ReferenceList { items, notes: vec![] })
}

/// A staff member as typed (email, id, or a part of exactly one name) → their email.
pub fn staff_email(staff: &[Staff], field: &str, raw: &str) -> Result<String, ToolError> {
    let raw = raw.trim();
    if raw.contains('@') {
        return Ok(raw.to_lowercase());
    }
    let lower = raw.to_lowercase();
    let found: Vec<&Staff> = staff
        .iter()
        .filter(|s| s.id == raw || s.name.eq_ignore_ascii_case(raw) || s.name.to_lowercase().contains(&lower))
        .collect();
    let names = |list: &[&Staff]| list.iter().take(10).map(|s| s.name.clone()).collect::<Vec<_>>().join(", ");
    match found.as_slice() {
        [one] => one
            .email_address
            .clone()
            .ok_or_else(|| ToolError::invalid(field, format!("{} has no email address", one.name))),
        [] => Err(ToolError::invalid(
            field,
            format!(
                "no staff member matches `{raw}`; choose from: {}",
                names(&staff.iter().collect::<Vec<_>>())
            ),
        )),
        many => {
            Err(ToolError::invalid(field, format!("`{raw}` matches several: {}; use the email", names(many))))
        }
    }
}

/// A queue as typed (name, id or a part of exactly one name) → its name.
pub fn queue_name(queues: &[Item], field: &str, raw: &str) -> Result<String, ToolError> {
    let raw = raw.trim();
    let lower = raw.to_lowercase();
    if let Some(q) = queues.iter().find(|q| q.id == raw || q.name.eq_ignore_ascii_case(raw)) {
        return Ok(q.name.clone());
    }
    let found: Vec<&Item> = queues.iter().filter(|q| q.name.to_lowercase().contains(&lower)).collect();
    match found.as_slice() {
        [one] => Ok(one.name.clone()),
        _ => Err(ToolError::invalid(
            field,
            format!(
                "no single queue matches `{raw}`; queues: {}",
                queues.iter().map(|q| q.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// A status as typed → Tickiti's status name: `open` and `closed` map to Open and Resolved.
pub fn status_name(raw: &str) -> String {
    match raw.trim().to_ascii_lowercase().as_str() {
        "open" | "new" => "Open".into(),
        "closed" | "resolved" | "solved" => "Resolved".into(),
        "on hold" | "on-hold" | "onhold" | "snoozed" | "pending" => "On Hold".into(),
        "awaiting customer" | "waiting" => "Awaiting Customer".into(),
        _ => raw.trim().to_owned(),
    }
}
