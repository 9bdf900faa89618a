//! Account, integrations and satisfaction surveys.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use super::{Desk, list_uri, ok, path_id, sort_items};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::ordering::SortValue;
use crate::gorgias::paging::{Page, envelope};
use crate::gorgias::query::Query;

/// `GET /api/account`
pub(crate) async fn account(State(desk): State<Desk>) -> Response {
    ok(&desk.read().account_json())
}

/// `GET /api/integrations`
pub(crate) async fn integrations(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let mut items: Vec<_> = store.integrations.iter().collect();
    sort_items(
        &mut items,
        &q,
        &["created_datetime", "name", "id"],
        "created_datetime:desc",
        |i, f| match f {
            "name" => SortValue::Text(i.name.to_lowercase()),
            "id" => SortValue::Int(i.id as i64),
            _ => SortValue::Time(i.created),
        },
        |i| i.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |i| store.integration_json(i))))
}

/// `GET /api/integrations/{id}`
pub(crate) async fn integration(
    State(desk): State<Desk>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let store = desk.read();
    let i = store.integration(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.integration_json(i)))
}

/// `GET /api/satisfaction-surveys` with `ticket_id`: the only filter the API documents
/// (no date filters, so clients page by `order_by` and stop where they need to).
pub(crate) async fn surveys(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let ticket_id = q.id("ticket_id")?;
    let store = desk.read();
    let mut items: Vec<_> =
        store.surveys.iter().filter(|s| ticket_id.is_none_or(|t| s.ticket_id == t)).collect();
    sort_items(
        &mut items,
        &q,
        &["created_datetime", "scored_datetime", "score", "id"],
        "created_datetime:desc",
        |s, f| match f {
            "scored_datetime" => s.scored.into(),
            "score" => s.score.map_or(SortValue::Null, |n| SortValue::Int(i64::from(n))),
            "id" => SortValue::Int(s.id as i64),
            _ => SortValue::Time(s.created),
        },
        |s| s.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |s| store.survey_json(s))))
}

/// `GET /api/satisfaction-surveys/{id}`
pub(crate) async fn survey(State(desk): State<Desk>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let store = desk.read();
    let s = store.surveys.iter().find(|s| s.id == id).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.survey_json(s)))
}
