//! Tag writes: `POST /api/tags` (409 on a taken name), `PUT /api/tags/{id}`, `DELETE`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::writing::{Write, opt_str, req_str};
use super::{Desk, empty, path_id};
use crate::gorgias::api_error::{ApiError, json_response};

/// Longest tag name Gorgias accepts.
const MAX_NAME: usize = 256;

fn checked_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid_field("name", "Field may not be blank."));
    }
    if name.chars().count() > MAX_NAME {
        return Err(ApiError::invalid_field("name", "Longer than maximum length 256."));
    }
    Ok(name.to_string())
}

/// `decoration.color`, when given.
fn color(obj: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    match obj.get("decoration") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(d)) => opt_str(d, "color"),
        Some(_) => Err(ApiError::invalid_field("decoration", "Not a valid mapping type.")),
    }
}

/// `POST /api/tags` with `{name, description?, decoration?}` → 201 with the tag.
pub(crate) async fn create(State(desk): State<Desk>, w: Write) -> Result<Response, ApiError> {
    let obj = w.object()?;
    let name = checked_name(&req_str(&obj, "name")?)?;
    let description = opt_str(&obj, "description")?.unwrap_or_default();
    let color = color(&obj)?;
    let now = desk.now();
    let mut store = desk.write();
    if store.tag_by_name(&name).is_some() {
        return Err(ApiError::conflict());
    }
    let id = store.add_tag(&name, &description, color.as_deref(), now);
    let usage = store.tag_usage();
    let body = store.tag(id).map(|t| store.tag_json(t, &usage)).unwrap_or_default();
    desk.applied(&w, StatusCode::CREATED);
    drop(store);
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `PUT /api/tags/{id}`: name, description, colour → 202 with the tag.
pub(crate) async fn update(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let obj = w.object()?;
    let name = opt_str(&obj, "name")?.map(|n| checked_name(&n)).transpose()?;
    let description = opt_str(&obj, "description")?;
    let color = color(&obj)?;
    let mut store = desk.write();
    if store.tag(id).is_none() {
        return Err(ApiError::not_found());
    }
    if name.as_deref().and_then(|n| store.tag_by_name(n)).is_some_and(|other| other.id != id) {
        return Err(ApiError::conflict());
    }
    let Some(tag) = store.tag_mut(id) else { return Err(ApiError::not_found()) };
    if let Some(n) = name {
        tag.name = n;
    }
    if let Some(d) = description {
        tag.description = d;
    }
    if let Some(c) = color {
        tag.color = c;
    }
    let usage = store.tag_usage();
    let body = store.tag(id).map(|t| store.tag_json(t, &usage)).unwrap_or_default();
    desk.applied(&w, StatusCode::ACCEPTED);
    drop(store);
    Ok(json_response(StatusCode::ACCEPTED, &body))
}

/// `DELETE /api/tags/{id}` → 204; the tag also leaves every ticket.
pub(crate) async fn delete(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let mut store = desk.write();
    if !store.delete_tag(id) {
        return Err(ApiError::not_found());
    }
    desk.applied(&w, StatusCode::NO_CONTENT);
    drop(store);
    Ok(empty(StatusCode::NO_CONTENT))
}
