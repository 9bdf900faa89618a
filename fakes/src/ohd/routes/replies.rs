//! `GET/POST /tickets/{id}/replies`: Users never see internal notes and may not post
//! them (403 `forbidden`); a User's reply to their Resolved ticket reopens it (New).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::tickets::{record, visible};
use super::{Call, Desk, one};
use crate::ohd::api_error::ApiError;
use crate::ohd::seed::stamp;
use crate::ohd::store::{Caller, Reply};

pub(crate) fn list_for(
    desk: &Desk,
    caller: &Caller,
    call: &Call<'_>,
    id: &str,
) -> Result<Vec<Reply>, ApiError> {
    call.only(&[])?;
    let s = desk.store();
    let i = visible(&s, caller, id)?;
    let tid = s.tickets[i].id.clone();
    Ok(s.replies
        .iter()
        .filter(|r| r.ticket_id == tid && (caller.is_staff() || !r.internal))
        .cloned()
        .collect())
}

pub(crate) fn list(desk: &Desk, caller: &Caller, call: &Call<'_>, id: &str) -> Result<Response, ApiError> {
    Ok(super::list(&list_for(desk, caller, call, id)?))
}

pub(crate) fn post(desk: &Desk, caller: &Caller, call: &Call<'_>, id: &str) -> Result<Response, ApiError> {
    call.only(&[])?;
    let map = call.object(&["body", "internal", "notify_customer"])?;
    let body = map.get("body").and_then(Value::as_str).map(str::trim).filter(|b| !b.is_empty());
    let body = body.ok_or_else(|| ApiError::validation("body is required"))?.to_owned();
    let flag = |k: &str, default: bool| match map.get(k) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::validation(format!("{k} must be a boolean"))),
    };
    let internal = flag("internal", false)?;
    let notify = flag("notify_customer", !internal)?;
    let now = desk.now();
    let mut s = desk.store();
    let i = visible(&s, caller, id)?;
    if internal && !caller.is_staff() {
        return Err(ApiError::forbidden());
    }
    let reply = Reply {
        id: s.new_id(u64::try_from(now).unwrap_or(0) * 1000),
        ticket_id: s.tickets[i].id.clone(),
        author_id: Some(caller.user_id.clone()),
        body,
        internal,
        notify_customer: notify && !internal,
        created_at: stamp(now),
    };
    let reopen = !caller.is_staff() && s.status_name(&s.tickets[i].status_id) == Some("Resolved");
    if reopen && let Some(new) = s.status_by_name("New").map(|x| x.id.clone()) {
        s.tickets[i].status_id = new;
        s.tickets[i].resolved_at = None;
    }
    s.tickets[i].updated_at = stamp(now);
    s.replies.push(reply.clone());
    record(desk, call, 201);
    Ok(one(StatusCode::CREATED, &reply))
}
