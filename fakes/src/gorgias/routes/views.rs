//! Views and their items: stored filters, and the `PUT .../items` search that narrows a
//! view (or an ad-hoc view, id 0) by filters and full-text search.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;

use super::tickets::{eval_context, sort_value, view_filter};
use super::{Desk, list_uri, ok, path_id, sort_items};
use crate::control::ViewSearchMode;
use crate::gorgias::api_error::{ApiError, raw_json_response};
use crate::gorgias::filter::Filter;
use crate::gorgias::ordering::SortValue;
use crate::gorgias::ordering::{parse_order_by, sort_by_keys};
use crate::gorgias::paging::{Page, envelope};
use crate::gorgias::query::Query;
use crate::gorgias::store::{Ticket, search_words};

/// Orderings view items accept.
const ITEM_ORDER: [&str; 7] = [
    "created_datetime",
    "updated_datetime",
    "last_message_datetime",
    "last_received_message_datetime",
    "closed_datetime",
    "snooze_datetime",
    "priority",
];

/// `GET /api/views`
pub(crate) async fn list(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let mut items: Vec<_> = store.views.iter().collect();
    sort_items(
        &mut items,
        &q,
        &["created_datetime", "name", "id"],
        "created_datetime:asc",
        |v, f| match f {
            "name" => SortValue::Text(v.name.to_lowercase()),
            "id" => SortValue::Int(v.id as i64),
            _ => SortValue::Time(v.created),
        },
        |v| v.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |v| store.view_json(v))))
}

/// `GET /api/views/{id}`
pub(crate) async fn one(State(desk): State<Desk>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let store = desk.read();
    let v = store.view(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.view_json(v)))
}

/// The ordering to use: the query's `order_by` (with an optional `order_dir`) wins,
/// then the request body's, then the stored view's.
fn ordering(q: &Query, fallback: String) -> String {
    match (q.get("order_by").filter(|o| !o.is_empty()), q.get("order_dir")) {
        (Some(o), Some(dir)) if !o.contains(':') => format!("{o}:{dir}"),
        (Some(o), _) => o.to_string(),
        (None, _) => fallback,
    }
}

/// Selects, orders and pages tickets; the shared core of both item endpoints.
fn items_response(
    desk: &Desk,
    uri: &Uri,
    q: &Query,
    filter: &Filter,
    search: Option<&str>,
    order: String,
) -> Result<Response, ApiError> {
    let page = Page::from_query(q)?;
    let store = desk.read();
    let ctx = eval_context(&store);
    let words = search_words(search.unwrap_or(""));
    let mut items: Vec<&Ticket> = store
        .tickets
        .iter()
        .filter(|t| filter.matches(&store.facts(t), &ctx))
        .filter(|t| store.ticket_matches_search(t, &words))
        .collect();
    let keys = parse_order_by(Some(&order), &ITEM_ORDER, "updated_datetime:desc")?;
    sort_by_keys(&mut items, &keys, |t, f| sort_value(t, f), |t| t.id);
    Ok(ok(&envelope(&list_uri(uri), &items, page, |t| store.ticket_json(t, false))))
}

/// `GET /api/views/{id}/items`: the stored view's tickets.
pub(crate) async fn items(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let id = path_id(&id)?;
    let (filter, search, order) = {
        let store = desk.read();
        let view = store.view(id).ok_or_else(ApiError::not_found)?;
        let order = format!("{}:{}", view.order_by, view.order_dir);
        (view_filter(&store, id)?, view.search.clone(), order)
    };
    items_response(&desk, &uri, &q, &filter, search.as_deref(), ordering(&q, order))
}

fn text_field(view: &Value, field: &str) -> Result<Option<String>, ApiError> {
    match view.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok((!s.trim().is_empty()).then(|| s.clone())),
        Some(_) => Err(ApiError::invalid_field(field, "Not a valid string.")),
    }
}

/// `PUT /api/views/{id}/items` with `{"view":{...}}`: id 0 is an ad-hoc view, otherwise
/// the stored view's filters AND the body's. Answers 202 with an empty body in
/// [`ViewSearchMode::Accepted`].
pub(crate) async fn search_items(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    uri: Uri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let id = path_id(&id)?;
    let parsed: Value =
        serde_json::from_slice(&body).map_err(|_| ApiError::bad_request("Invalid JSON body."))?;
    let view = parsed
        .get("view")
        .filter(|v| v.is_object())
        .ok_or_else(|| ApiError::invalid_field("view", "Missing data for required field."))?;
    if let Some(kind) = text_field(view, "type")?
        && kind != "ticket-list"
    {
        return Err(ApiError::invalid_field("type", "Must be one of: ticket-list."));
    }
    let body_filters = text_field(view, "filters")?.unwrap_or_default();
    let body_search = text_field(view, "search")?;
    let body_order = text_field(view, "order_by")?;
    let body_dir = text_field(view, "order_dir")?.unwrap_or_else(|| "desc".into());
    let mut filter = Filter::parse(&body_filters)
        .map_err(|e| ApiError::bad_request(format!("Invalid view filters: {e}")))?;
    let mut search = body_search;
    let mut order = body_order.map(|o| format!("{o}:{body_dir}"));
    if id != 0 {
        let store = desk.read();
        let stored = store.view(id).ok_or_else(ApiError::not_found)?;
        filter = view_filter(&store, id)?.and(filter);
        search = match (stored.search.clone(), search) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or(b),
        };
        order = order.or_else(|| Some(format!("{}:{}", stored.order_by, stored.order_dir)));
    }
    let order = ordering(&q, order.unwrap_or_else(|| "updated_datetime:desc".into()));
    if desk.control.view_search_mode() == ViewSearchMode::Accepted {
        // Validate the paging parameters anyway, so a bad request is still a 400.
        Page::from_query(&q)?;
        return Ok(raw_json_response(StatusCode::ACCEPTED, String::new()));
    }
    items_response(&desk, &uri, &q, &filter, search.as_deref(), order)
}
