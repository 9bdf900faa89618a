//! Message writes: `POST /api/tickets/{id}/messages` (replies, customer messages and
//! internal notes), `PUT` of a message's body, and `DELETE`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::message_input::{self, Target};
use super::writing::{Write, opt_str, text_of_html};
use super::{Desk, empty, path_id};
use crate::gorgias::api_error::{ApiError, json_response};
use crate::gorgias::seed::html;
use crate::gorgias::store::Party;

/// `POST /api/tickets/{id}/messages` → 201 with the message. A customer message reopens a
/// closed ticket; an agent message does not.
pub(crate) async fn create(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let obj = w.object()?;
    let now = desk.now();
    let mut store = desk.write();
    let t = store.ticket(id).ok_or_else(ApiError::not_found)?;
    let problems = message_input::missing_fields(&obj, "");
    if !problems.is_empty() {
        return Err(ApiError::invalid_fields("Failed to create message", &problems));
    }
    let input = message_input::parse(&obj)?;
    let target = Target {
        ticket_id: id,
        customer: Party::Customer(t.customer_id),
        subject: &t.subject,
        default_agent: store.api_user_id,
    };
    let mut message = message_input::build(&store, input, &target, None, "", now)?;
    message.id = store.new_message_id();
    let message_id = message.id;
    let Some(t) = store.ticket_mut(id) else { return Err(ApiError::not_found()) };
    message_input::attach(t, message, now);
    let body = store
        .ticket(id)
        .and_then(|t| t.messages.iter().find(|m| m.id == message_id))
        .map(|m| store.message_json(m))
        .unwrap_or_default();
    desk.applied(&w, StatusCode::CREATED);
    drop(store);
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `PUT /api/tickets/{id}/messages/{message_id}`: new `body_text` / `body_html` → 202.
pub(crate) async fn update(
    State(desk): State<Desk>,
    Path((id, message_id)): Path<(String, String)>,
    w: Write,
) -> Result<Response, ApiError> {
    let (id, message_id) = (path_id(&id)?, path_id(&message_id)?);
    let obj = w.object()?;
    let now = desk.now();
    let mut store = desk.write();
    let text = opt_str(&obj, "body_text")?;
    let html_body = opt_str(&obj, "body_html")?;
    let subject = opt_str(&obj, "subject")?;
    let m = store.message_mut(id, message_id).ok_or_else(ApiError::not_found)?;
    let (text, html_body) = match (text, html_body) {
        (Some(t), Some(h)) => (Some(t), Some(h)),
        (Some(t), None) => {
            let h = html::paragraphs(&t);
            (Some(t), Some(h))
        }
        (None, Some(h)) => (Some(text_of_html(&h)), Some(h)),
        (None, None) => (None, None),
    };
    if let (Some(t), Some(h)) = (text, html_body) {
        m.stripped_text = Some(t.clone());
        m.stripped_html = Some(h.clone());
        m.body_text = t;
        m.body_html = h;
    }
    if subject.is_some() {
        m.subject = subject;
    }
    if let Some(t) = store.ticket_mut(id) {
        t.updated = now.max(t.updated);
    }
    let body = store
        .ticket(id)
        .and_then(|t| t.messages.iter().find(|m| m.id == message_id))
        .map(|m| store.message_json(m))
        .unwrap_or_default();
    desk.applied(&w, StatusCode::ACCEPTED);
    drop(store);
    Ok(json_response(StatusCode::ACCEPTED, &body))
}

/// `DELETE /api/tickets/{id}/messages/{message_id}` → 204.
pub(crate) async fn delete(
    State(desk): State<Desk>,
    Path((id, message_id)): Path<(String, String)>,
    w: Write,
) -> Result<Response, ApiError> {
    let (id, message_id) = (path_id(&id)?, path_id(&message_id)?);
    let now = desk.now();
    let mut store = desk.write();
    let t = store.ticket_mut(id).ok_or_else(ApiError::not_found)?;
    let index = t.messages.iter().position(|m| m.id == message_id).ok_or_else(ApiError::not_found)?;
    t.messages.remove(index);
    t.updated = now.max(t.updated);
    desk.applied(&w, StatusCode::NO_CONTENT);
    drop(store);
    Ok(empty(StatusCode::NO_CONTENT))
}
