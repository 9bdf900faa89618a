//! Macros: `GET /api/macros` (unarchived unless `archived=true`; `search` on the name and
//! reply text; ordered by name, usage or dates) and `GET /api/macros/{id}`.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;

use super::{Desk, list_uri, ok, path_id, sort_items};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::ordering::SortValue;
use crate::gorgias::paging::{Page, envelope};
use crate::gorgias::query::Query;

/// `GET /api/macros`.
pub(crate) async fn list(State(desk): State<Desk>, uri: Uri) -> Result<Response, ApiError> {
    let q = Query::parse(uri.query());
    let page = Page::from_query(&q)?;
    let archived = match q.get("archived") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::bad_request("archived: Not a valid boolean.")),
    };
    let search = q.get("search").map(str::to_lowercase).filter(|s| !s.is_empty());
    let store = desk.read();
    let mut items: Vec<_> = store
        .macros
        .iter()
        .filter(|m| m.archived.is_some() == archived)
        .filter(|m| {
            search.as_deref().is_none_or(|s| {
                m.name.to_lowercase().contains(s)
                    || m.actions.iter().any(|a| a.to_string().to_lowercase().contains(s))
            })
        })
        .collect();
    sort_items(
        &mut items,
        &q,
        &["name", "usage", "created_datetime", "updated_datetime", "relevance"],
        "created_datetime:desc",
        |m, f| match f {
            "name" => SortValue::Text(m.name.to_lowercase()),
            "usage" | "relevance" => SortValue::Int(m.usage as i64),
            _ => SortValue::Time(m.created),
        },
        |m| m.id,
    )?;
    Ok(ok(&envelope(&list_uri(&uri), &items, page, |m| store.macro_json(m))))
}

/// `GET /api/macros/{id}`.
pub(crate) async fn one(State(desk): State<Desk>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let store = desk.read();
    let id = path_id(&id)?;
    let m = store.macros.iter().find(|m| m.id == id).ok_or_else(ApiError::not_found)?;
    Ok(ok(&store.macro_json(m)))
}
