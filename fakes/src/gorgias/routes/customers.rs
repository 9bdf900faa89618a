//! Customers: filtered lists and single records (with Shopify integration data).

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use super::{Desk, list_uri, ok, path_id, sort_items};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::ordering::SortValue;
use crate::gorgias::paging::{Page, envelope};
use crate::gorgias::query::Query;

/// Whether `relationships=custom_fields` was asked for (also in a comma list).
pub(crate) fn wants_custom_fields(q: &Query) -> bool {
    q.all("relationships")
        .chain(q.all("relationships[]"))
        .flat_map(|v| v.split(','))
        .any(|v| v.trim() == "custom_fields")
}

/// `GET /api/customers` with `email` (exact), `name` (substring), `external_id`.
pub(crate) async fn list(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let email = q.get("email").map(str::trim).filter(|e| !e.is_empty());
    let name = q.get("name").map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty());
    let external_id = q.get("external_id").filter(|e| !e.is_empty());
    let mut items: Vec<_> = store
        .customers
        .iter()
        .filter(|c| email.is_none_or(|e| c.email.eq_ignore_ascii_case(e)))
        .filter(|c| name.as_ref().is_none_or(|n| c.name().to_lowercase().contains(n.as_str())))
        .filter(|c| external_id.is_none_or(|x| c.external_id.as_deref() == Some(x)))
        .collect();
    sort_items(
        &mut items,
        &q,
        &["created_datetime", "updated_datetime", "name", "email", "id"],
        "created_datetime:desc",
        |c, f| match f {
            "updated_datetime" => SortValue::Time(c.updated),
            "name" => SortValue::Text(c.name().to_lowercase()),
            "email" => SortValue::Text(c.email.to_lowercase()),
            "id" => SortValue::Int(c.id as i64),
            _ => SortValue::Time(c.created),
        },
        |c| c.id,
    )?;
    let with_fields = wants_custom_fields(&q);
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |c| store.customer_json(c, with_fields))))
}

/// `GET /api/customers/{id}`
pub(crate) async fn one(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let store = desk.read();
    let c = store.customer(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.customer_json(c, wants_custom_fields(&q))))
}
