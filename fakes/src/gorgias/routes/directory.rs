//! Users (agents), teams, tags and custom field definitions.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use super::{Desk, list_uri, ok, path_id, sort_items};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::ordering::SortValue;
use crate::gorgias::paging::{Page, envelope};
use crate::gorgias::query::Query;

fn contains(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

/// `GET /api/users` with `email` (exact, case-insensitive) and `search` (name or email).
pub(crate) async fn users(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let email = q.get("email").filter(|e| !e.is_empty());
    let search = q.get("search").filter(|s| !s.is_empty());
    let mut items: Vec<_> = store
        .users
        .iter()
        .filter(|u| email.is_none_or(|e| u.email.eq_ignore_ascii_case(e.trim())))
        .filter(|u| search.is_none_or(|s| contains(&u.name(), s) || contains(&u.email, s)))
        .collect();
    sort_items(
        &mut items,
        &q,
        &["created_datetime", "updated_datetime", "name", "email", "id"],
        "created_datetime:desc",
        |u, f| match f {
            "name" => SortValue::Text(u.name().to_lowercase()),
            "email" => SortValue::Text(u.email.to_lowercase()),
            "id" => SortValue::Int(u.id as i64),
            _ => SortValue::Time(u.created),
        },
        |u| u.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |u| store.user_json(u))))
}

/// `GET /api/users/{id}`; id 0 is the API user.
pub(crate) async fn user(State(desk): State<Desk>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let store = desk.read();
    let id = match path_id(&id)? {
        0 => store.api_user_id,
        id => id,
    };
    let u = store.user(id).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.user_json(u)))
}

/// `GET /api/teams` (paginated, as the live API is).
pub(crate) async fn teams(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let mut items: Vec<_> = store.teams.iter().collect();
    sort_items(
        &mut items,
        &q,
        &["created_datetime", "name", "id"],
        "created_datetime:desc",
        |t, f| match f {
            "name" => SortValue::Text(t.name.to_lowercase()),
            "id" => SortValue::Int(t.id as i64),
            _ => SortValue::Time(t.created),
        },
        |t| t.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |t| store.team_json(t))))
}

/// `GET /api/teams/{id}`
pub(crate) async fn team(State(desk): State<Desk>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let store = desk.read();
    let t = store.team(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.team_json(t)))
}

/// `GET /api/tags` ordered by name, usage or creation, with `search` on the name.
pub(crate) async fn tags(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let usage = store.tag_usage();
    let search = q.get("search").filter(|s| !s.is_empty());
    let mut items: Vec<_> =
        store.tags.iter().filter(|t| search.is_none_or(|s| contains(&t.name, s))).collect();
    sort_items(
        &mut items,
        &q,
        &["name", "usage", "created_datetime"],
        "created_datetime:desc",
        |t, f| match f {
            "name" => SortValue::Text(t.name.clone()),
            "usage" => SortValue::Int(usage.get(&t.id).copied().unwrap_or(0) as i64),
            _ => SortValue::Time(t.created),
        },
        |t| t.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |t| store.tag_json(t, &usage))))
}

/// `GET /api/tags/{id}`
pub(crate) async fn tag(State(desk): State<Desk>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let store = desk.read();
    let t = store.tag(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.tag_json(t, &store.tag_usage())))
}

/// `GET /api/custom-fields?object_type=Ticket|Customer` (the type is required).
pub(crate) async fn custom_fields(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let object_type = match q.get("object_type").map(str::trim) {
        None | Some("") => {
            return Err(ApiError::bad_request("object_type: Missing data for required field."));
        }
        Some(t @ ("Ticket" | "Customer")) => t.to_string(),
        Some(_) => return Err(ApiError::bad_request("object_type: Must be one of: Ticket, Customer.")),
    };
    let page = Page::from_query(&q)?;
    let store = desk.read();
    let search = q.get("search").filter(|s| !s.is_empty());
    let mut items: Vec<_> = store
        .custom_fields
        .iter()
        .filter(|f| f.object_type == object_type)
        .filter(|f| search.is_none_or(|s| contains(&f.label, s)))
        .collect();
    sort_items(
        &mut items,
        &q,
        &["priority", "created_datetime", "id"],
        "priority:asc",
        |f, k| match k {
            "created_datetime" => SortValue::Time(f.created),
            "id" => SortValue::Int(f.id as i64),
            _ => SortValue::Int(i64::from(f.priority)),
        },
        |f| f.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |f| store.custom_field_json(f))))
}

/// `GET /api/custom-fields/{id}`
pub(crate) async fn custom_field(
    State(desk): State<Desk>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let store = desk.read();
    let f = store.custom_field(path_id(&id)?).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.custom_field_json(f)))
}
