//! Writes on a ticket's tags (`POST`/`PUT`/`DELETE /api/tickets/{id}/tags` with
//! `{names?, ids?}`) and custom field values (`PUT` bulk with a bare array, `PUT`/`DELETE`
//! one field).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::tickets::field_values;
use super::writing::{MISSING, Write, opt_list};
use super::{Desk, empty, path_id};
use crate::gorgias::api_error::{ApiError, json_response};
use crate::gorgias::store::Store;
use crate::gorgias::wire_time::Time;

/// One tag named in a body.
#[derive(Clone, Debug)]
enum TagRef {
    Id(u64),
    Name(String),
}

/// Tags named in a body, in order: ids checked to exist, names created when applied.
#[derive(Clone, Debug, Default)]
pub(crate) struct TagRefs {
    items: Vec<TagRef>,
}

impl TagRefs {
    /// The tag ids, creating tags for unknown names; duplicates dropped.
    pub(crate) fn resolve(self, store: &mut Store, now: Time) -> Vec<u64> {
        let mut out = Vec::new();
        for item in self.items {
            let id = match item {
                TagRef::Id(id) => id,
                TagRef::Name(name) => store.tag_named(&name, now),
            };
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// The ids of the tags that exist, creating nothing (for removals).
    fn existing(&self, store: &Store) -> Vec<u64> {
        self.items
            .iter()
            .filter_map(|item| match item {
                TagRef::Id(id) => store.tag(*id).map(|t| t.id),
                TagRef::Name(name) => store.tag_by_name(name).map(|t| t.id),
            })
            .collect()
    }
}

fn known_id(store: &Store, id: u64, field: &str) -> Result<TagRef, ApiError> {
    match store.tag(id) {
        Some(_) => Ok(TagRef::Id(id)),
        None => Err(ApiError::invalid_field(field, &format!("Tag {id} does not exist."))),
    }
}

fn name_ref(name: &str, field: &str) -> Result<TagRef, ApiError> {
    match name.trim() {
        "" => Err(ApiError::invalid_field(field, "Field may not be blank.")),
        n if n.chars().count() > 256 => {
            Err(ApiError::invalid_field(field, "Longer than maximum length 256."))
        }
        n => Ok(TagRef::Name(n.to_string())),
    }
}

/// `[{"name": ..} | {"id": ..}]`, the `tags` of ticket bodies.
pub(crate) fn tag_refs(store: &Store, value: &Value, field: &str) -> Result<TagRefs, ApiError> {
    let list = value.as_array().ok_or_else(|| ApiError::invalid_field(field, "Not a valid list."))?;
    let mut items = Vec::with_capacity(list.len());
    for v in list {
        let item = match (v.get("id").and_then(Value::as_u64), v.get("name").and_then(Value::as_str)) {
            (Some(id), _) => known_id(store, id, field)?,
            (None, Some(name)) => name_ref(name, field)?,
            _ => return Err(ApiError::invalid_field(field, "Expected an object with an id or a name.")),
        };
        items.push(item);
    }
    Ok(TagRefs { items })
}

/// `{"names": [..], "ids": [..]}`, the body of the ticket tags endpoints; one is required.
fn tag_body(store: &Store, obj: &Map<String, Value>, check_ids: bool) -> Result<TagRefs, ApiError> {
    let ids = opt_list(obj, "ids", Value::as_u64)?;
    let names = opt_list(obj, "names", |v| v.as_str().map(str::to_string))?;
    if ids.is_none() && names.is_none() {
        return Err(ApiError::invalid_fields(
            "Either ids or names is required.",
            &[("ids".into(), MISSING.into()), ("names".into(), MISSING.into())],
        ));
    }
    let mut items = Vec::new();
    for id in ids.unwrap_or_default() {
        items.push(if check_ids { known_id(store, id, "ids")? } else { TagRef::Id(id) });
    }
    for name in names.unwrap_or_default() {
        items.push(name_ref(&name, "names")?);
    }
    Ok(TagRefs { items })
}

/// How a tags request changes the ticket's tags.
#[derive(Clone, Copy)]
enum TagOp {
    Add,
    Set,
    Remove,
}

async fn change_tags(desk: Desk, id: &str, w: Write, op: TagOp) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let obj = w.object()?;
    let now = desk.now();
    let mut store = desk.write();
    if store.ticket(id).is_none() {
        return Err(ApiError::not_found());
    }
    let refs = tag_body(&store, &obj, !matches!(op, TagOp::Remove))?;
    let (ids, status) = match op {
        TagOp::Remove => (refs.existing(&store), StatusCode::NO_CONTENT),
        TagOp::Add => (refs.resolve(&mut store, now), StatusCode::CREATED),
        TagOp::Set => (refs.resolve(&mut store, now), StatusCode::ACCEPTED),
    };
    let Some(t) = store.ticket_mut(id) else { return Err(ApiError::not_found()) };
    match op {
        TagOp::Add => {
            t.tag_ids.extend(ids.into_iter().filter(|id| !t.tag_ids.contains(id)).collect::<Vec<_>>())
        }
        TagOp::Set => t.tag_ids = ids,
        TagOp::Remove => t.tag_ids.retain(|tag| !ids.contains(tag)),
    }
    t.updated = now.max(t.updated);
    desk.applied(&w, status);
    drop(store);
    Ok(empty(status))
}

/// `POST /api/tickets/{id}/tags` → 201, empty body.
pub(crate) async fn add_tags(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    change_tags(desk, &id, w, TagOp::Add).await
}

/// `PUT /api/tickets/{id}/tags` → 202, empty body.
pub(crate) async fn set_tags(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    change_tags(desk, &id, w, TagOp::Set).await
}

/// `DELETE /api/tickets/{id}/tags` → 204.
pub(crate) async fn remove_tags(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    change_tags(desk, &id, w, TagOp::Remove).await
}

/// Checks a value for a ticket field: `None` clears it; dropdowns take one of their choices.
fn checked_value(store: &Store, field_id: u64, value: &Value) -> Result<Option<Value>, ApiError> {
    let field = store
        .custom_field(field_id)
        .filter(|f| f.object_type == "Ticket")
        .ok_or_else(|| ApiError::invalid_field("id", &format!("Custom field {field_id} does not exist.")))?;
    match value {
        Value::Null => Ok(None),
        Value::String(s) if !field.choices.is_empty() && !field.choices.contains(s) => {
            Err(ApiError::invalid_field("value", &format!("Must be one of: {}.", field.choices.join(", "))))
        }
        Value::String(_) => Ok(Some(value.clone())),
        Value::Number(_) | Value::Bool(_) if field.choices.is_empty() => Ok(Some(value.clone())),
        _ => Err(ApiError::invalid_field("value", "Not a valid value.")),
    }
}

fn set_value(values: &mut Vec<(u64, Value)>, field_id: u64, value: Option<Value>) {
    match (values.iter().position(|(id, _)| *id == field_id), value) {
        (Some(i), Some(v)) => values[i].1 = v,
        (None, Some(v)) => values.push((field_id, v)),
        (Some(i), None) => {
            values.remove(i);
        }
        (None, None) => {}
    }
}

/// `PUT /api/tickets/{id}/custom-fields` with `[{id, value}]` → 202 `{"data":[...]}`.
pub(crate) async fn set_fields(
    State(desk): State<Desk>,
    Path(id): Path<String>,
    w: Write,
) -> Result<Response, ApiError> {
    let id = path_id(&id)?;
    let body = w.json()?;
    let now = desk.now();
    let mut store = desk.write();
    if store.ticket(id).is_none() {
        return Err(ApiError::not_found());
    }
    let list = body.as_array().ok_or_else(|| ApiError::bad_request("_schema: Invalid input type."))?;
    let mut changes = Vec::with_capacity(list.len());
    for item in list {
        let field_id =
            item.get("id").and_then(Value::as_u64).ok_or_else(|| ApiError::invalid_field("id", MISSING))?;
        let value = item.get("value").ok_or_else(|| ApiError::invalid_field("value", MISSING))?;
        changes.push((field_id, checked_value(&store, field_id, value)?));
    }
    let Some(t) = store.ticket_mut(id) else { return Err(ApiError::not_found()) };
    for (field_id, value) in changes {
        set_value(&mut t.custom_fields, field_id, value);
    }
    t.updated = now.max(t.updated);
    let data = store.ticket(id).map(|t| field_values(&store, t)).unwrap_or_default();
    desk.applied(&w, StatusCode::ACCEPTED);
    drop(store);
    Ok(json_response(StatusCode::ACCEPTED, &json!({ "data": data })))
}

/// `PUT /api/tickets/{id}/custom-fields/{field_id}` with `{id, value}` → 202 with the value.
pub(crate) async fn set_field(
    State(desk): State<Desk>,
    Path((id, field_id)): Path<(String, String)>,
    w: Write,
) -> Result<Response, ApiError> {
    let (id, field_id) = (path_id(&id)?, path_id(&field_id)?);
    let obj = w.object()?;
    let now = desk.now();
    let mut store = desk.write();
    if store.ticket(id).is_none() || store.custom_field(field_id).is_none() {
        return Err(ApiError::not_found());
    }
    let value = obj.get("value").ok_or_else(|| ApiError::invalid_field("value", MISSING))?;
    let value = checked_value(&store, field_id, value)?;
    let Some(t) = store.ticket_mut(id) else { return Err(ApiError::not_found()) };
    set_value(&mut t.custom_fields, field_id, value.clone());
    t.updated = now.max(t.updated);
    let field = store.custom_field(field_id).map(|f| store.custom_field_ref(f)).unwrap_or_default();
    let body = json!({ "field": field, "prediction": null, "value": value });
    desk.applied(&w, StatusCode::ACCEPTED);
    drop(store);
    Ok(json_response(StatusCode::ACCEPTED, &body))
}

/// `DELETE /api/tickets/{id}/custom-fields/{field_id}` → 204.
pub(crate) async fn delete_field(
    State(desk): State<Desk>,
    Path((id, field_id)): Path<(String, String)>,
    w: Write,
) -> Result<Response, ApiError> {
    let (id, field_id) = (path_id(&id)?, path_id(&field_id)?);
    let now = desk.now();
    let mut store = desk.write();
    if store.custom_field(field_id).is_none() {
        return Err(ApiError::not_found());
    }
    let Some(t) = store.ticket_mut(id) else { return Err(ApiError::not_found()) };
    set_value(&mut t.custom_fields, field_id, None);
    t.updated = now.max(t.updated);
    desk.applied(&w, StatusCode::NO_CONTENT);
    drop(store);
    Ok(empty(StatusCode::NO_CONTENT))
}
