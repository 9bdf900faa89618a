//! Reference reads: statuses, active categories with their types and items (any role),
//! staff and groups (Staff and Admin), one user, and the admin user list.

use axum::response::Response;

use super::{Call, Desk, list, one, staff_only};
use crate::ohd::api_error::ApiError;
use crate::ohd::store::{Caller, Role};

pub(crate) fn statuses(desk: &Desk, call: &Call<'_>) -> Result<Response, ApiError> {
    call.only(&[])?;
    let s = desk.store();
    let mut statuses = s.statuses.clone();
    for st in &mut statuses {
        st.ticket_count = s.tickets.iter().filter(|t| t.status_id == st.id).count();
    }
    Ok(list(&statuses))
}

pub(crate) fn categories(desk: &Desk, call: &Call<'_>) -> Result<Response, ApiError> {
    call.only(&[])?;
    let s = desk.store();
    let active: Vec<_> = s.categories.iter().filter(|c| c.active).cloned().collect();
    Ok(list(&active))
}

pub(crate) fn types(desk: &Desk, call: &Call<'_>, id: &str) -> Result<Response, ApiError> {
    call.only(&[])?;
    let s = desk.store();
    let c = s.category(id).filter(|c| c.active).ok_or_else(ApiError::not_found)?;
    Ok(list(&c.types))
}

pub(crate) fn items(desk: &Desk, call: &Call<'_>, id: &str, tid: &str) -> Result<Response, ApiError> {
    call.only(&[])?;
    let s = desk.store();
    let c = s.category(id).filter(|c| c.active).ok_or_else(ApiError::not_found)?;
    let t = c.types.iter().find(|t| t.id == tid).ok_or_else(ApiError::not_found)?;
    Ok(list(&t.items))
}

pub(crate) fn staff(desk: &Desk, caller: &Caller, call: &Call<'_>) -> Result<Response, ApiError> {
    call.only(&[])?;
    staff_only(caller)?;
    let s = desk.store();
    let staff: Vec<_> = s.users.iter().filter(|u| u.role != Role::User).cloned().collect();
    Ok(list(&staff))
}

pub(crate) fn groups(desk: &Desk, caller: &Caller, call: &Call<'_>) -> Result<Response, ApiError> {
    call.only(&[])?;
    staff_only(caller)?;
    Ok(list(&desk.store().groups))
}

pub(crate) fn user(desk: &Desk, caller: &Caller, call: &Call<'_>, id: &str) -> Result<Response, ApiError> {
    call.only(&[])?;
    if !crate::ohd::ulid::is_ulid(id) {
        return Err(ApiError::invalid_id("user id"));
    }
    if !caller.is_staff() && caller.user_id != id {
        return Err(ApiError::forbidden());
    }
    let s = desk.store();
    let u = s.user(id).ok_or_else(ApiError::not_found)?;
    Ok(one(axum::http::StatusCode::OK, u))
}

pub(crate) fn admin_users(desk: &Desk, caller: &Caller, call: &Call<'_>) -> Result<Response, ApiError> {
    call.only(&["role", "limit"])?;
    if caller.role != Role::Admin {
        return Err(ApiError::forbidden());
    }
    let s = desk.store();
    let role = call.param("role");
    let limit = call.param("limit").and_then(|l| l.parse().ok()).unwrap_or(100usize);
    let users: Vec<_> = s
        .users
        .iter()
        .filter(|u| {
            role.is_none_or(|r| {
                serde_json::to_value(u.role).ok().and_then(|v| v.as_str().map(|x| x == r)).unwrap_or(false)
            })
        })
        .take(limit)
        .cloned()
        .collect();
    Ok(list(&users))
}
