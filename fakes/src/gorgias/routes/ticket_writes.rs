//! Ticket writes: `POST /api/tickets` (with its messages, creating a customer referenced
//! by an unknown email), `PUT /api/tickets/{id}` partial updates, and deletes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::message_input::{self, MessageInput, NEW_CUSTOMER, Target};
use super::ticket_extras::{TagRefs, tag_refs};
use super::writing::{
    MISSING, Patch, Ref, Write, opt_bool, opt_str, opt_time, patch_ref, patch_str, patch_time, reference,
};
use super::{Desk, empty, path_id};
use crate::gorgias::api_error::{ApiError, json_response};
use crate::gorgias::store::{NewCustomer, Party, Store, Ticket};

const STATUSES: [&str; 2] = ["open", "closed"];
const PRIORITIES: [&str; 4] = ["critical", "high", "normal", "low"];

/// A string field restricted to `allowed`.
fn one_of(obj: &Map<String, Value>, key: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
    match opt_str(obj, key)? {
        Some(v) if allowed.contains(&v.as_str()) => Ok(Some(v)),
        Some(_) => Err(ApiError::invalid_field(key, &format!("Must be one of: {}.", allowed.join(", ")))),
        None => Ok(None),
    }
}

/// An agent referenced by `{id}` or `{email}`.
fn agent(store: &Store, r: &Ref, field: &str) -> Result<u64, ApiError> {
    let found = match r {
        Ref::Id(id) => store.user(*id),
        Ref::Email(email) => store.user_by_email(email),
    };
    found.map(|u| u.id).ok_or_else(|| ApiError::invalid_field(field, "User does not exist."))
}

/// A team referenced by `{id}`.
fn team(store: &Store, r: &Ref, field: &str) -> Result<u64, ApiError> {
    match r {
        Ref::Id(id) if store.team(*id).is_some() => Ok(*id),
        _ => Err(ApiError::invalid_field(field, "Team does not exist.")),
    }
}

/// Who the ticket is for: an existing customer, or one to create from an email.
enum CustomerPlan {
    Existing(u64),
    Create(NewCustomer),
}

fn customer_plan(store: &Store, value: &Value) -> Result<CustomerPlan, ApiError> {
    match reference(value, "customer")? {
        Ref::Id(id) => match store.customer(id) {
            Some(c) => Ok(CustomerPlan::Existing(c.id)),
            None => Err(ApiError::invalid_field("customer", &format!("Customer {id} does not exist."))),
        },
        Ref::Email(email) => match store.customer_by_email(&email) {
            Some(c) => Ok(CustomerPlan::Existing(c.id)),
            None => {
                let nested = value.as_object().cloned().unwrap_or_default();
                let name = opt_str(&nested, "name")?.unwrap_or_default();
                let (first, last) = name.trim().split_once(' ').unwrap_or((name.trim(), ""));
                Ok(CustomerPlan::Create(NewCustomer {
                    firstname: opt_str(&nested, "firstname")?.unwrap_or_else(|| first.to_string()),
                    lastname: opt_str(&nested, "lastname")?.unwrap_or_else(|| last.trim().to_string()),
                    email,
                    ..NewCustomer::default()
                }))
            }
        },
    }
}

/// The required fields `POST /api/tickets` lacks, all at once as Gorgias reports them.
fn missing(obj: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["customer", "channel"]
        .iter()
        .filter(|k| obj.get(**k).is_none_or(Value::is_null))
        .map(|k| (k.to_string(), MISSING.to_string()))
        .collect();
    match obj.get("messages") {
        Some(Value::Array(list)) if !list.is_empty() => {
            for (i, m) in list.iter().enumerate() {
                match m.as_object() {
                    Some(m) => out.extend(message_input::missing_fields(m, &format!("messages.{i}."))),
                    None => out.push((format!("messages.{i}"), "Invalid input type.".to_string())),
                }
            }
        }
        Some(Value::Array(_)) => out.push(("messages".into(), "Shorter than minimum length 1.".into())),
        _ => out.push(("messages".into(), MISSING.into())),
    }
    out
}

/// `POST /api/tickets` → 201 with the ticket as `GET /api/tickets/{id}` renders it.
pub(crate) async fn create(State(desk): State<Desk>, w: Write) -> Result<Response, ApiError> {
    let obj = w.object()?;
    let problems = missing(&obj);
    if !problems.is_empty() {
        return Err(ApiError::invalid_fields("Failed to create ticket", &problems));
    }
    let now = desk.now();
    let mut store = desk.write();
    let plan = customer_plan(&store, obj.get("customer").unwrap_or(&Value::Null))?;
    let pending = match &plan {
        CustomerPlan::Create(c) => Some(c.email.clone()),
        CustomerPlan::Existing(_) => None,
    };
    let customer_id = match &plan {
        CustomerPlan::Existing(id) => *id,
        CustomerPlan::Create(_) => NEW_CUSTOMER,
    };
    let channel = super::writing::req_str(&obj, "channel")?;
    let via = opt_str(&obj, "via")?.unwrap_or_else(|| "api".to_string());
    let subject = opt_str(&obj, "subject")?;
    let status = one_of(&obj, "status", &STATUSES)?.unwrap_or_else(|| "open".into());
    let priority = one_of(&obj, "priority", &PRIORITIES)?.unwrap_or_else(|| "normal".into());
    let assignee = match patch_ref(&obj, "assignee_user")? {
        Patch::Set(r) => Some(agent(&store, &r, "assignee_user")?),
        _ => None,
    };
    let assignee_team = match patch_ref(&obj, "assignee_team")? {
        Patch::Set(r) => Some(team(&store, &r, "assignee_team")?),
        _ => None,
    };
    let tags = match obj.get("tags") {
        None | Some(Value::Null) => TagRefs::default(),
        Some(v) => tag_refs(&store, v, "tags")?,
    };
    let external_id = opt_str(&obj, "external_id")?;
    let spam = opt_bool(&obj, "spam")?.unwrap_or(false);
    let inputs: Vec<MessageInput> = obj
        .get("messages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(message_input::parse)
        .collect::<Result<_, _>>()?;
    let created = match opt_time(&obj, "created_datetime")? {
        Some(t) => t,
        None => inputs.iter().filter_map(|m| m.created).min().unwrap_or(now),
    };
    let subject_text =
        subject.clone().or_else(|| inputs.iter().find_map(|m| m.subject.clone())).unwrap_or_default();
    let target = Target {
        ticket_id: 0,
        customer: Party::Customer(customer_id),
        subject: &subject_text,
        default_agent: store.api_user_id,
    };
    let mut messages = Vec::with_capacity(inputs.len());
    for (i, mut input) in inputs.into_iter().enumerate() {
        input.created = Some(input.created.unwrap_or(created));
        let field = format!("messages.{i}.");
        messages.push(message_input::build(&store, input, &target, pending.as_deref(), &field, now)?);
    }
    let closed_at = opt_time(&obj, "closed_datetime")?;

    // Everything is valid: apply.
    let customer_id = match plan {
        CustomerPlan::Existing(id) => id,
        CustomerPlan::Create(new) => store.add_customer(new, now),
    };
    let tag_ids = tags.resolve(&mut store, now);
    let id = store.new_ticket_id();
    messages.sort_by_key(|m| m.created);
    for m in &mut messages {
        m.id = store.new_message_id();
        m.ticket_id = id;
        message_input::settle_new_customer(m, customer_id);
    }
    let last = messages.last().map_or(created, |m| m.created);
    let closed = (status == "closed").then(|| closed_at.unwrap_or(now.max(last)));
    let ticket = Ticket {
        id,
        external_id,
        status: status.clone(),
        priority,
        channel,
        via,
        spam,
        subject: subject_text,
        customer_id,
        assignee_user_id: assignee,
        assignee_team_id: assignee_team,
        tag_ids,
        is_unread: status == "open" && messages.last().is_some_and(|m| !m.from_agent),
        custom_fields: Vec::new(),
        created,
        opened: messages.iter().find(|m| m.from_agent && m.public).map(|m| m.created),
        updated: now.max(last),
        closed,
        trashed: None,
        snoozed: None,
        messages,
    };
    let body = store.ticket_json(&ticket, false);
    store.tickets.push(ticket);
    desk.applied(&w, StatusCode::CREATED);
    drop(store);
    tracing::debug!(id, "fake Gorgias created a ticket");
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `PUT /api/tickets/{id}`: status, priority, assignees, subject, snooze, external id,
/// tags, spam, unread and trash → 202 with the updated ticket.
pub(crate) async fn update(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let obj = w.object()?;
    let now = desk.now();
    let mut store = desk.write();
    if store.ticket(id).is_none() {
        return Err(ApiError::not_found());
    }
    let status = one_of(&obj, "status", &STATUSES)?;
    let priority = one_of(&obj, "priority", &PRIORITIES)?;
    let assignee = match patch_ref(&obj, "assignee_user")? {
        Patch::Set(r) => Patch::Set(agent(&store, &r, "assignee_user")?),
        Patch::Clear => Patch::Clear,
        Patch::Keep => Patch::Keep,
    };
    let assignee_team = match patch_ref(&obj, "assignee_team")? {
        Patch::Set(r) => Patch::Set(team(&store, &r, "assignee_team")?),
        Patch::Clear => Patch::Clear,
        Patch::Keep => Patch::Keep,
    };
    let subject = opt_str(&obj, "subject")?;
    let snooze = patch_time(&obj, "snooze_datetime")?;
    let trashed = patch_time(&obj, "trashed_datetime")?;
    let external_id = patch_str(&obj, "external_id")?;
    let spam = opt_bool(&obj, "spam")?;
    let is_unread = opt_bool(&obj, "is_unread")?;
    let tags = match obj.get("tags") {
        None | Some(Value::Null) => None,
        Some(v) => Some(tag_refs(&store, v, "tags")?),
    };

    let tag_ids = tags.map(|t| t.resolve(&mut store, now));
    let Some(t) = store.ticket_mut(id) else { return Err(ApiError::not_found()) };
    if let Some(status) = status {
        match (status.as_str(), t.closed) {
            ("closed", None) => t.closed = Some(now),
            ("open", _) => t.closed = None,
            _ => {}
        }
        t.status = status;
    }
    if let Some(p) = priority {
        t.priority = p;
    }
    apply(&mut t.assignee_user_id, assignee);
    apply(&mut t.assignee_team_id, assignee_team);
    apply(&mut t.snoozed, snooze);
    apply(&mut t.trashed, trashed);
    apply(&mut t.external_id, external_id);
    if let Some(s) = subject {
        t.subject = s;
    }
    if let Some(s) = spam {
        t.spam = s;
    }
    if let Some(u) = is_unread {
        t.is_unread = u;
    }
    if let Some(ids) = tag_ids {
        t.tag_ids = ids;
    }
    t.updated = now.max(t.updated);
    let body = store.ticket(id).map(|t| store.ticket_json(t, false)).unwrap_or_default();
    desk.applied(&w, StatusCode::ACCEPTED);
    drop(store);
    Ok(json_response(StatusCode::ACCEPTED, &body))
}

fn apply<T>(field: &mut Option<T>, patch: Patch<T>) {
    match patch {
        Patch::Keep => {}
        Patch::Clear => *field = None,
        Patch::Set(v) => *field = Some(v),
    }
}

/// `DELETE /api/tickets/{id}` → 204; the ticket (and its survey) is gone for good.
pub(crate) async fn delete(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let mut store = desk.write();
    if !store.delete_ticket(id) {
        return Err(ApiError::not_found());
    }
    desk.applied(&w, StatusCode::NO_CONTENT);
    drop(store);
    Ok(empty(StatusCode::NO_CONTENT))
}
