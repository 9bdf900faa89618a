//! Ticket messages: per ticket (oldest first) and across the account (newest first).

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use super::{Desk, list_uri, ok, path_id, sort_items};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::ordering::SortValue;
use crate::gorgias::paging::{Page, envelope};
use crate::gorgias::query::Query;
use crate::gorgias::store::Message;

fn by_created(m: &Message, _: &str) -> SortValue {
    SortValue::Time(m.created)
}

/// `GET /api/tickets/{id}/messages`: 404 for an unknown ticket.
pub(crate) async fn of_ticket(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let t = store.ticket(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    let mut items: Vec<&Message> = t.messages.iter().collect();
    sort_items(&mut items, &q, &["created_datetime"], "created_datetime:asc", by_created, |m| m.id)?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |m| store.message_json(m))))
}

/// `GET /api/tickets/{id}/messages/{message_id}`
pub(crate) async fn one_of_ticket(
    State(desk): State<Desk>,
    Path((id, message_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let store = desk.read();
    let t = store.ticket(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    let message_id = path_id(&message_id)?;
    let m = t.messages.iter().find(|m| m.id == message_id).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.message_json(m)))
}

/// `GET /api/messages?ticket_id=`: newest first by default.
pub(crate) async fn list(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let ticket_id = q.id("ticket_id")?;
    let store = desk.read();
    let mut items: Vec<&Message> = store
        .tickets
        .iter()
        .filter(|t| ticket_id.is_none_or(|id| t.id == id))
        .flat_map(|t| t.messages.iter())
        .collect();
    sort_items(&mut items, &q, &["created_datetime"], "created_datetime:desc", by_created, |m| m.id)?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |m| store.message_json(m))))
}
