//! `update_ticket` on Gorgias, in three round trips: read the ticket (and
//! whatever the names need: agents, teams, field definitions) → send every
//! change at once (ticket fields, tags, custom fields; all safe to repeat) →
//! read it again and report each change before → after.

use super::client::GorgiasSubject as _;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::client::{MAX_LIMIT, Subject, decode};
use super::filters::{Assignee, PRIORITIES, STATUSES};
use super::reference::{match_agent, match_team};
use super::writes::{idempotent, number, one_of};
use super::{Gorgias, projection, wire};
use crate::http::{HttpError, Method, Request, Response};
use crate::model::Change;
use crate::provider::write::Changes;
use crate::tool::ToolError;
use crate::tool::params::When;
use crate::tool::update_ticket::UpdateTicketParams;
use crate::tool::write_output::WriteOutput;

/// What the reference lookups produced.
#[derive(Default)]
struct Lookups {
    users: Vec<wire::User>,
    teams: Vec<wire::Team>,
    fields: Vec<wire::CustomField>,
}

/// `update_ticket`.
pub fn update(g: &Gorgias, p: &UpdateTicketParams) -> Result<WriteOutput, ToolError> {
    let id = number(&p.id.0)?;
    let subject = Subject::ticket(&id.to_string());
    let status = p.status.as_deref().map(|s| one_of("status", s, STATUSES)).transpose()?;
    let priority = p.priority.as_deref().map(|s| one_of("priority", s, PRIORITIES)).transpose()?;
    let snooze = p.snooze_until.as_deref().map(snooze_value).transpose()?;
    let fields_wanted = p.fields.as_ref().filter(|f| !f.is_empty());
    let by_name =
        |v: &Option<String>| v.as_deref().is_some_and(|s| s.trim().parse::<u64>().is_err() && !is_none(s));

    // Round 1: the ticket as it is, and the reference data the names need.
    let mut requests =
        vec![g.get(&format!("/tickets/{id}"), &[]), g.get(&format!("/tickets/{id}/custom-fields"), &[])];
    let page = [("limit", MAX_LIMIT.to_string())];
    let (need_users, need_teams) = (by_name(&p.assignee), by_name(&p.team));
    if need_users {
        requests.push(g.get_reference("/users", &page));
    }
    if need_teams {
        requests.push(g.get_reference("/teams", &page));
    }
    if fields_wanted.is_some() {
        requests
            .push(g.get_reference("/custom-fields", &[("object_type", "Ticket".into()), page[0].clone()]));
    }
    let mut results = g.send_all(requests).into_iter();
    let mut next = || results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let before: wire::Ticket = decode(next(), &subject)?;
    let before_fields: Vec<wire::FieldValue> =
        decode::<wire::Data<wire::FieldValue>>(next(), &subject).map(|d| d.data).unwrap_or_default();
    let mut lookups = Lookups::default();
    if need_users {
        lookups.users = decode::<wire::List<wire::User>>(next(), &Subject::api("users"))?.data;
    }
    if need_teams {
        lookups.teams = decode::<wire::List<wire::Team>>(next(), &Subject::api("teams"))?.data;
    }
    if fields_wanted.is_some() {
        lookups.fields =
            decode::<wire::List<wire::CustomField>>(next(), &Subject::api("custom fields"))?.data;
    }

    // Round 2: every change at once.
    let mut ticket_body = serde_json::Map::new();
    if let Some(s) = &status {
        ticket_body.insert("status".into(), json!(s));
    }
    if let Some(pr) = &priority {
        ticket_body.insert("priority".into(), json!(pr));
    }
    if let Some(a) = p.assignee.as_deref() {
        let value = match resolve_agent(a, &lookups.users)? {
            Assignee::Agent(aid) => json!({ "id": aid }),
            Assignee::Unassigned => Value::Null,
        };
        ticket_body.insert("assignee_user".into(), value);
    }
    if let Some(t) = p.team.as_deref() {
        let value = match resolve_team(t, &lookups.teams)? {
            Some(tid) => json!({ "id": tid }),
            None => Value::Null,
        };
        ticket_body.insert("assignee_team".into(), value);
    }
    if let Some(s) = snooze {
        ticket_body.insert("snooze_datetime".into(), s);
    }
    if let Some(s) = p.subject.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        ticket_body.insert("subject".into(), json!(s));
    }
    let field_values = fields_wanted.map(|f| resolve_fields(f, &lookups.fields)).transpose()?;

    let mut writes: Vec<(&str, Request)> = Vec::new();
    let path = format!("/tickets/{id}");
    let tags_path = format!("/tickets/{id}/tags");
    if !ticket_body.is_empty() {
        writes.push((
            "ticket fields",
            idempotent(g.request(Method::Put, &path, &[], Some(&Value::Object(ticket_body)))),
        ));
    }
    let names = |t: &[String]| json!({ "names": t.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>() });
    if let Some(t) = p.set_tags.as_ref() {
        writes.push(("tags", idempotent(g.request(Method::Put, &tags_path, &[], Some(&names(t))))));
    }
    if let Some(t) = p.add_tags.as_ref().filter(|t| !t.is_empty()) {
        // Adding a tag the ticket already has changes nothing: safe to repeat.
        writes.push(("added tags", idempotent(g.request(Method::Post, &tags_path, &[], Some(&names(t))))));
    }
    if let Some(t) = p.remove_tags.as_ref().filter(|t| !t.is_empty()) {
        writes
            .push(("removed tags", idempotent(g.request(Method::Delete, &tags_path, &[], Some(&names(t))))));
    }
    if let Some(values) = field_values {
        let request =
            g.request(Method::Put, &format!("/tickets/{id}/custom-fields"), &[], Some(&Value::Array(values)));
        writes.push(("custom fields", idempotent(request)));
    }
    let (labels, requests): (Vec<&str>, Vec<Request>) = writes.into_iter().unzip();
    let failed: Vec<String> = g
        .send_all(requests)
        .into_iter()
        .zip(labels)
        .filter_map(|(result, label)| outcome(result, &subject).err().map(|e| format!("{label}: {e}")))
        .collect();

    // Round 3: the ticket as it is now.
    let mut results =
        g.send_all(vec![g.get(&path, &[]), g.get(&format!("/tickets/{id}/custom-fields"), &[])]).into_iter();
    let mut next = || results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let after: wire::Ticket = decode(next(), &subject)?;
    let after_fields: Vec<wire::FieldValue> =
        decode::<wire::Data<wire::FieldValue>>(next(), &subject).map(|d| d.data).unwrap_or_default();
    let changes = changes(&before, &after, &before_fields, &after_fields);
    let action = match (failed.is_empty(), changes.is_empty()) {
        (true, false) => format!("Updated ticket #{id}."),
        (true, true) => format!("Ticket #{id} already had these values; nothing changed."),
        (false, _) => format!("Ticket #{id} was updated only in part."),
    };
    Ok(WriteOutput {
        action,
        ticket: projection::ticket_summary(&after),
        message: None,
        changes,
        failed,
        notes: vec![],
    })
}

fn outcome(result: Result<Response, HttpError>, subject: &Subject) -> Result<(), ToolError> {
    let response = result?;
    if response.is_success() { Ok(()) } else { Err(super::client::failure(&response, subject)) }
}

fn is_none(raw: &str) -> bool {
    matches!(raw.trim().to_ascii_lowercase().as_str(), "none" | "nobody" | "unassigned" | "null" | "")
}

fn resolve_agent(raw: &str, users: &[wire::User]) -> Result<Assignee, ToolError> {
    if is_none(raw) {
        return Ok(Assignee::Unassigned);
    }
    match raw.trim().parse::<u64>() {
        Ok(id) => Ok(Assignee::Agent(id)),
        Err(_) => match_agent(raw, users),
    }
}

fn resolve_team(raw: &str, teams: &[wire::Team]) -> Result<Option<u64>, ToolError> {
    if is_none(raw) {
        return Ok(None);
    }
    match raw.trim().parse::<u64>() {
        Ok(id) => Ok(Some(id)),
        Err(_) => match_team(raw, teams).map(Some),
    }
}

/// `snooze_until`: a date or date-time, or "none" to wake the ticket.
fn snooze_value(raw: &str) -> Result<Value, ToolError> {
    if is_none(raw) {
        return Ok(Value::Null);
    }
    let when = When::parse(raw, crate::clock::now()).ok_or_else(|| {
        ToolError::invalid(
            "snooze_until",
            format!("`{raw}` is not a date; use YYYY-MM-DD or an ISO date-time"),
        )
    })?;
    if when.0 <= crate::clock::now().naive_utc() {
        return Err(ToolError::invalid("snooze_until", "must be in the future"));
    }
    Ok(json!(when.0.format("%Y-%m-%dT%H:%M:%S").to_string()))
}

/// Custom field values by label or id → `[{id, value}]`, dropdown choices checked.
fn resolve_fields(
    wanted: &BTreeMap<String, Value>,
    defs: &[wire::CustomField],
) -> Result<Vec<Value>, ToolError> {
    wanted
        .iter()
        .map(|(key, value)| {
            let field = format!("fields.{key}");
            let def = defs
                .iter()
                .find(|d| d.id.to_string() == key.trim() || d.label.eq_ignore_ascii_case(key.trim()))
                .ok_or_else(|| {
                    let labels: Vec<&str> = defs.iter().map(|d| d.label.as_str()).collect();
                    ToolError::invalid(
                        field.clone(),
                        format!("no ticket field `{key}`; fields: {}", labels.join(", ")),
                    )
                })?;
            let choices: Vec<String> = def
                .definition
                .as_ref()
                .and_then(|d| d.input_settings.as_ref())
                .map(|i| {
                    i.choices
                        .iter()
                        .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let value = match value {
                Value::String(s) if !choices.is_empty() => {
                    let choice =
                        choices.iter().find(|c| c.eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
                            ToolError::invalid(
                                field.clone(),
                                format!("`{s}` is not a choice; use one of {}", choices.join(", ")),
                            )
                        })?;
                    json!(choice)
                }
                other => other.clone(),
            };
            Ok(json!({ "id": def.id, "value": value }))
        })
        .collect()
}

/// Every difference between the two states of a ticket.
fn changes(
    before: &wire::Ticket,
    after: &wire::Ticket,
    fb: &[wire::FieldValue],
    fa: &[wire::FieldValue],
) -> Vec<Change> {
    let (b, a) = (projection::ticket_summary(before), projection::ticket_summary(after));
    let mut c = Changes::of_summaries(&b, &a);
    let mut diff = |field: &str, x: Option<String>, y: Option<String>| c.diff(field, x, y);
    diff(
        "snoozed until",
        projection::time(before.snooze_datetime.as_deref()),
        projection::time(after.snooze_datetime.as_deref()),
    );
    let field_map = |values: &[wire::FieldValue]| -> BTreeMap<String, String> {
        projection::field_values(values).into_iter().map(|f| (f.label, f.value)).collect()
    };
    let (mb, ma) = (field_map(fb), field_map(fa));
    let labels: std::collections::BTreeSet<&String> = mb.keys().chain(ma.keys()).collect();
    for label in labels {
        diff(label, mb.get(label).cloned(), ma.get(label).cloned());
    }
    c.into_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_resolve_by_label_or_id_and_check_choices() {
        let defs: Vec<wire::CustomField> = serde_json::from_value(json!([
            { "id": 51, "label": "Contact reason", "definition": { "input_settings": { "choices": ["Refund", "Shipping"] } } },
            { "id": 52, "label": "Order number" }
        ]))
        .unwrap();
        let wanted: BTreeMap<String, Value> =
            [("contact reason".to_owned(), json!("refund")), ("52".to_owned(), json!("NW-1"))]
                .into_iter()
                .collect();
        let mut values = resolve_fields(&wanted, &defs).unwrap();
        values.sort_by_key(|v| v["id"].as_u64());
        assert_eq!(values, [json!({ "id": 51, "value": "Refund" }), json!({ "id": 52, "value": "NW-1" })]);
        let bad: BTreeMap<String, Value> =
            [("Contact reason".to_owned(), json!("Pizza"))].into_iter().collect();
        assert!(resolve_fields(&bad, &defs).unwrap_err().to_string().contains("Refund, Shipping"));
        let unknown: BTreeMap<String, Value> = [("Mood".to_owned(), json!("x"))].into_iter().collect();
        assert!(
            matches!(resolve_fields(&unknown, &defs), Err(ToolError::InvalidArgument { ref field, .. }) if field == "fields.Mood")
        );
    }

    #[test]
    fn changes_list_only_what_differs() {
        let before: wire::Ticket = serde_json::from_value(
            json!({ "id": 1, "status": "open", "priority": "normal", "tags": [{ "name": "refund" }] }),
        )
        .unwrap();
        let after: wire::Ticket = serde_json::from_value(json!({ "id": 1, "status": "closed", "priority": "normal", "tags": [{ "name": "refund" }, { "name": "vip" }], "assignee_user": { "id": 2, "name": "Sarah Chen" } })).unwrap();
        let c = changes(&before, &after, &[], &[]);
        let fields: Vec<(&str, &str, &str)> =
            c.iter().map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("status", "open", "closed"),
                ("assignee", "—", "Sarah Chen"),
                ("tags", "refund", "refund, vip")
            ]
        );
    }

    #[test]
    fn snooze_accepts_future_dates_and_none() {
        assert_eq!(snooze_value("none").unwrap(), Value::Null);
        assert!(snooze_value("2020-01-01").is_err());
        assert!(snooze_value("2999-01-01").unwrap().as_str().unwrap().starts_with("2999-01-01T00:00:00"));
    }
}
