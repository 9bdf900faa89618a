//! Tickets: the filtered list, single tickets, and their tags and custom field values.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use serde_json::{Value, json};

use super::customers::wants_custom_fields;
use super::{Desk, list_uri, ok, path_id, sort_items};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::filter::{EvalContext, Filter};
use crate::gorgias::ordering::SortValue;
use crate::gorgias::paging::{Page, envelope};
use crate::gorgias::query::Query;
use crate::gorgias::store::{Store, Ticket};

/// Sort keys every ticket list understands.
pub(crate) fn sort_value(t: &Ticket, field: &str) -> SortValue {
    match field {
        "updated_datetime" => SortValue::Time(t.updated),
        "last_message_datetime" => t.last_message().into(),
        "last_received_message_datetime" => t.last_received().into(),
        "closed_datetime" => t.closed.into(),
        "snooze_datetime" => SortValue::Null,
        "priority" => SortValue::Int(match t.priority.as_str() {
            "critical" => 3,
            "high" => 2,
            "normal" => 1,
            _ => 0,
        }),
        "id" => SortValue::Int(t.id as i64),
        _ => SortValue::Time(t.created),
    }
}

/// The compiled filter of a stored view; a broken stored filter is a 400 like any other.
pub(crate) fn view_filter(store: &Store, view_id: u64) -> Result<Filter, ApiError> {
    let view = store.view(view_id).ok_or_else(ApiError::not_found)?;
    Filter::parse(&view.filters).map_err(|e| ApiError::bad_request(format!("Invalid view filters: {e}")))
}

/// Templates like `{{current_user.id}}` resolve to the API user.
pub(crate) fn eval_context(store: &Store) -> EvalContext {
    EvalContext { current_user_id: store.api_user_id }
}

/// `GET /api/tickets` with `customer_id`, `external_id`, `view_id`, repeated `ticket_ids` and
/// `trashed` (trashed tickets are included unless `trashed=false`).
pub(crate) async fn list(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let customer_id = q.id("customer_id")?;
    let view_id = q.id("view_id")?;
    let ticket_ids = q.ids("ticket_ids")?;
    let trashed = q.flag("trashed")?;
    let external_id = q.get("external_id").filter(|e| !e.is_empty());
    let store = desk.read();
    let filter = view_id.map(|id| view_filter(&store, id)).transpose()?;
    let ctx = eval_context(&store);
    let mut items: Vec<&Ticket> = store
        .tickets
        .iter()
        .filter(|t| customer_id.is_none_or(|c| t.customer_id == c))
        .filter(|t| external_id.is_none_or(|x| t.external_id.as_deref() == Some(x)))
        .filter(|t| ticket_ids.is_empty() || ticket_ids.contains(&t.id))
        .filter(|t| trashed.is_none_or(|want| t.trashed.is_some() == want))
        .filter(|t| filter.as_ref().is_none_or(|f| f.matches(&store.facts(t), &ctx)))
        .collect();
    sort_items(
        &mut items,
        &q,
        &["created_datetime", "updated_datetime"],
        "created_datetime:desc",
        sort_value,
        |t| t.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |t| store.ticket_json(t, false))))
}

/// `GET /api/tickets/{id}` (`relationships=custom_fields` adds the values).
pub(crate) async fn one(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let store = desk.read();
    let t = store.ticket(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.ticket_json(t, wants_custom_fields(&q))))
}

/// `GET /api/tickets/{id}/tags`: `{"data":[...]}` without pagination.
pub(crate) async fn tags(State(desk): State<Desk>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let store = desk.read();
    let t = store.ticket(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    let usage = store.tag_usage();
    let data: Vec<Value> =
        t.tag_ids.iter().filter_map(|id| store.tag(*id)).map(|tag| store.tag_json(tag, &usage)).collect();
    Ok(ok(&json!({ "data": data })))
}

/// `GET /api/tickets/{id}/custom-fields`: the values set on the ticket, with their field.
pub(crate) async fn custom_fields(
    State(desk): State<Desk>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let store = desk.read();
    let t = store.ticket(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&json!({ "data": field_values(&store, t) })))
}

/// The custom field values of a ticket, each with its field, as the API lists them.
pub(crate) fn field_values(store: &Store, t: &Ticket) -> Vec<Value> {
    t.custom_fields
        .iter()
        .filter_map(|(field_id, value)| {
            let field = store.custom_field(*field_id)?;
            Some(json!({ "field": store.custom_field_ref(field), "prediction": null, "value": value }))
        })
        .collect()
}
