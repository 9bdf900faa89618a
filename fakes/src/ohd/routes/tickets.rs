//! `GET/POST /tickets`, `GET/PATCH /tickets/{id}` with the scope rules: what a caller
//! may not see is "not found", what they may see but not change is "forbidden".

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{Call, Desk, one, staff_only};
use crate::control::RecordedWrite;
use crate::ohd::api_error::{ApiError, json_response};
use crate::ohd::seed::stamp;
use crate::ohd::store::{Caller, Role, Store, Ticket};

const PRIORITIES: [&str; 4] = ["critical", "high", "medium", "low"];
const CREATE_FIELDS: [&str; 10] = [
    "subject",
    "description",
    "category_id",
    "type_id",
    "item_id",
    "priority",
    "guest_email",
    "guest_name",
    "guest_phone",
    "custom_fields",
];
const PATCH_FIELDS: [&str; 6] =
    ["status_id", "assignee_user_id", "assignee_group_id", "category_id", "type_id", "item_id"];

/// The visible ticket named by `id` (ULID or tracking number).
pub(crate) fn visible(s: &Store, caller: &Caller, id: &str) -> Result<usize, ApiError> {
    let shaped = crate::ohd::ulid::is_ulid(id) || id.to_ascii_uppercase().starts_with("OHD-");
    if !shaped {
        return Err(ApiError::invalid_id("ticket id"));
    }
    s.ticket_index(id).filter(|i| caller.sees(&s.tickets[*i])).ok_or_else(ApiError::not_found)
}

pub(crate) fn list(desk: &Desk, caller: &Caller, call: &Call<'_>) -> Result<Response, ApiError> {
    call.only(&[
        "q",
        "scope",
        "status_id",
        "priority",
        "category_id",
        "assignee_user_id",
        "assignee_group_id",
        "limit",
        "offset",
    ])?;
    let number = |k: &str, default: usize| -> Result<usize, ApiError> {
        call.param(k).map_or(Ok(default), |v| {
            v.parse().map_err(|_| ApiError::validation(format!("{k} must be a number")))
        })
    };
    let (limit, offset) = (number("limit", 20)?, number("offset", 0)?);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 100"));
    }
    if let Some(p) = call.param("priority").filter(|p| !PRIORITIES.contains(p)) {
        return Err(ApiError::validation(format!("unknown priority `{p}`")));
    }
    let scope = call.param("scope").unwrap_or("all");
    if !["all", "mine", "assigned"].contains(&scope) {
        return Err(ApiError::validation("scope must be all, mine or assigned"));
    }
    let q = call.param("q").map(str::to_lowercase);
    let matches_opt = |want: Option<&str>, have: &Option<String>| match want {
        None => true,
        Some("none") => have.is_none(),
        Some(w) => have.as_deref() == Some(w),
    };
    let s = desk.store();
    let mut found: Vec<&Ticket> = s
        .tickets
        .iter()
        .filter(|t| caller.sees(t))
        .filter(|t| match scope {
            "mine" => t.reporter_user_id.as_deref() == Some(&caller.user_id),
            "assigned" => t.assignee_user_id.as_deref() == Some(&caller.user_id),
            _ => true,
        })
        .filter(|t| {
            q.as_ref().is_none_or(|q| {
                t.subject.to_lowercase().contains(q)
                    || t.description.to_lowercase().contains(q)
                    || t.tracking_number.to_lowercase() == *q
            })
        })
        .filter(|t| call.param("status_id").is_none_or(|v| t.status_id == v))
        .filter(|t| call.param("priority").is_none_or(|v| t.priority == v))
        .filter(|t| call.param("category_id").is_none_or(|v| t.category_id == v))
        .filter(|t| matches_opt(call.param("assignee_user_id"), &t.assignee_user_id))
        .filter(|t| matches_opt(call.param("assignee_group_id"), &t.assignee_group_id))
        .collect();
    found.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.tracking_number.cmp(&a.tracking_number)));
    let total = found.len();
    let page: Vec<&Ticket> = found.into_iter().skip(offset).take(limit).collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({ "data": page, "total": total, "limit": limit, "offset": offset }),
    ))
}

pub(crate) fn get(desk: &Desk, caller: &Caller, call: &Call<'_>, id: &str) -> Result<Response, ApiError> {
    call.only(&[])?;
    let s = desk.store();
    let i = visible(&s, caller, id)?;
    Ok(one(StatusCode::OK, &s.tickets[i]))
}

fn text(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::validation(format!("{key} must be a string"))),
    }
}

/// Checks that category, type and item exist, are active and belong together.
fn check_tree(s: &Store, category: &str, kind: Option<&str>, item: Option<&str>) -> Result<(), ApiError> {
    let c = s
        .category(category)
        .filter(|c| c.active)
        .ok_or_else(|| ApiError::validation("category_id: no such active category"))?;
    let t = match kind {
        Some(k) => Some(
            c.types
                .iter()
                .find(|t| t.id == k)
                .ok_or_else(|| ApiError::validation("type_id: not a type of this category"))?,
        ),
        None => None,
    };
    if let Some(i) = item {
        let t = t.ok_or_else(|| ApiError::validation("item_id needs type_id"))?;
        t.items
            .iter()
            .find(|x| x.id == i)
            .ok_or_else(|| ApiError::validation("item_id: not an item of this type"))?;
    }
    Ok(())
}

pub(crate) fn create(desk: &Desk, caller: &Caller, call: &Call<'_>) -> Result<Response, ApiError> {
    call.only(&[])?;
    let map = call.object(&CREATE_FIELDS)?;
    let subject = text(&map, "subject")?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ApiError::validation("subject is required"))?;
    if subject.chars().count() > 255 {
        return Err(ApiError::validation("subject is longer than 255 characters"));
    }
    let category =
        text(&map, "category_id")?.ok_or_else(|| ApiError::validation("category_id is required"))?;
    let priority = text(&map, "priority")?.unwrap_or_else(|| "medium".into());
    if !PRIORITIES.contains(&priority.as_str()) {
        return Err(ApiError::validation("priority must be critical, high, medium or low"));
    }
    let (kind, item) = (text(&map, "type_id")?, text(&map, "item_id")?);
    let now = desk.now();
    let mut s = desk.store();
    check_tree(&s, &category, kind.as_deref(), item.as_deref())?;
    let status_id = s.status_by_name("New").map(|x| x.id.clone()).unwrap_or_default();
    let seq = s.next_tracking;
    s.next_tracking += 1;
    let ticket = Ticket {
        id: s.new_id(u64::try_from(now).unwrap_or(0) * 1000),
        tracking_number: format!("OHD-2026-{seq:06}"),
        subject,
        description: text(&map, "description")?.unwrap_or_default(),
        category_id: category,
        type_id: kind,
        item_id: item,
        priority,
        status_id,
        assignee_user_id: None,
        assignee_group_id: None,
        reporter_user_id: Some(caller.user_id.clone()),
        guest_email: text(&map, "guest_email")?,
        guest_name: text(&map, "guest_name")?,
        guest_phone: text(&map, "guest_phone")?,
        resolution_notes: None,
        resolved_at: None,
        closed_at: None,
        created_at: stamp(now),
        updated_at: stamp(now),
    };
    s.tickets.push(ticket.clone());
    record(desk, call, 201);
    Ok(one(StatusCode::CREATED, &ticket))
}

pub(crate) fn record(desk: &Desk, call: &Call<'_>, status: u16) {
    desk.control.record_write(RecordedWrite {
        method: call.method.to_owned(),
        path: call.path.to_owned(),
        body: (!call.body.is_empty()).then(|| String::from_utf8_lossy(call.body).into_owned()),
        status,
    });
}

pub(crate) fn patch(desk: &Desk, caller: &Caller, call: &Call<'_>, id: &str) -> Result<Response, ApiError> {
    call.only(&[])?;
    let map = call.object(&PATCH_FIELDS)?;
    let now = desk.now();
    let mut s = desk.store();
    let i = visible(&s, caller, id)?;
    staff_only(caller)?;
    if desk.patch_ignored.load(std::sync::atomic::Ordering::Relaxed) {
        return Ok(one(StatusCode::OK, &s.tickets[i]));
    }
    let mut t = s.tickets[i].clone();
    if let Some(status) = text(&map, "status_id")? {
        let st = s
            .statuses
            .iter()
            .find(|x| x.id == status && x.active)
            .ok_or_else(|| ApiError::validation("status_id: no such active status"))?;
        match st.name.as_str() {
            "Resolved" => t.resolved_at = Some(stamp(now)),
            "Closed" => t.closed_at = Some(stamp(now)),
            _ => (t.resolved_at, t.closed_at) = (None, None),
        }
        t.status_id = status;
    }
    if map.contains_key("assignee_user_id") {
        let user = text(&map, "assignee_user_id")?;
        if let Some(u) = &user {
            s.user(u)
                .filter(|u| u.role != Role::User && u.active)
                .ok_or_else(|| ApiError::validation("assignee_user_id: not an active staff member"))?;
        }
        t.assignee_user_id = user;
    }
    if map.contains_key("assignee_group_id") {
        let group = text(&map, "assignee_group_id")?;
        if let Some(g) = &group {
            s.groups
                .iter()
                .find(|x| &x.id == g)
                .ok_or_else(|| ApiError::validation("assignee_group_id: no such group"))?;
        }
        t.assignee_group_id = group;
    }
    if let Some(c) = text(&map, "category_id")? {
        let (kind, item) = (text(&map, "type_id")?, text(&map, "item_id")?);
        check_tree(&s, &c, kind.as_deref(), item.as_deref())?;
        (t.category_id, t.type_id, t.item_id) = (c, kind, item);
    } else if map.contains_key("type_id") || map.contains_key("item_id") {
        let (kind, item) = (text(&map, "type_id")?, text(&map, "item_id")?);
        check_tree(&s, &t.category_id, kind.as_deref(), item.as_deref())?;
        (t.type_id, t.item_id) = (kind, item);
    }
    t.updated_at = stamp(now);
    s.tickets[i] = t.clone();
    record(desk, call, 200);
    Ok(one(StatusCode::OK, &t))
}
