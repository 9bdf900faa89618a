//! Dispatch of `/api/v1` routes to their handlers, and what every handler shares: the
//! desk state, strict query parameters, and JSON bodies whose unknown fields are ignored
//! (as the real API does) but recorded.

mod reference;
mod replies;
mod tickets;

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::api_error::{ApiError, json_response};
use super::auth::Keys;
use super::store::{Caller, Store};
use crate::control::{Control, IgnoredField};

/// The running desk: data, credentials, clock and switches.
#[derive(Clone, Debug)]
pub(crate) struct Desk {
    pub store: Arc<Mutex<Store>>,
    pub keys: Arc<Mutex<Keys>>,
    pub control: Control,
    /// Seconds added to the wall clock (tests advance it to expire tokens).
    pub offset: Arc<AtomicI64>,
    /// Token lifetime in seconds.
    pub token_lifetime: i64,
    /// PATCH answers 200 without applying (see `OhdOptions::patch_ignored`).
    pub patch_ignored: Arc<AtomicBool>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Desk {
    /// The fake's now, unix seconds.
    pub(crate) fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.offset.load(Ordering::Relaxed)
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub(crate) fn keys(&self) -> MutexGuard<'_, Keys> {
        lock(&self.keys)
    }
}

/// One request as the handlers see it.
pub(crate) struct Call<'a> {
    pub desk: &'a Desk,
    pub method: &'a str,
    pub path: &'a str,
    pub query: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl Call<'_> {
    /// Refuses any query parameter not in `allowed`.
    pub(crate) fn only(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.query.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            Some((k, _)) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                format!("unknown query parameter `{k}`"),
            )),
            None => Ok(()),
        }
    }

    /// A query parameter's value.
    pub(crate) fn param(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The JSON object body; fields not in `known` are dropped and recorded as ignored.
    pub(crate) fn object(&self, known: &[&str]) -> Result<Map<String, Value>, ApiError> {
        let value: Value = serde_json::from_slice(self.body).map_err(|_| {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", "request body is not valid JSON")
        })?;
        let Value::Object(mut map) = value else {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "request body must be a JSON object",
            ));
        };
        let unknown: Vec<String> = map.keys().filter(|k| !known.contains(&k.as_str())).cloned().collect();
        for field in unknown {
            map.remove(&field);
            self.desk.control.record_ignored(IgnoredField {
                method: self.method.to_owned(),
                path: self.path.to_owned(),
                field,
            });
        }
        Ok(map)
    }
}

/// A `{data: [...]}` answer.
pub(crate) fn list<T: serde::Serialize>(items: &[T]) -> Response {
    json_response(StatusCode::OK, &serde_json::json!({ "data": items }))
}

/// One record.
pub(crate) fn one<T: serde::Serialize>(status: StatusCode, item: &T) -> Response {
    json_response(status, &serde_json::to_value(item).unwrap_or(Value::Null))
}

/// Routes an authenticated `/api/v1` request.
pub(crate) fn dispatch(desk: &Desk, caller: &Caller, call: &Call<'_>) -> Response {
    let rest = call.path.strip_prefix("/api/v1").unwrap_or("");
    let segs: Vec<&str> = rest.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    let result = match (call.method, segs.as_slice()) {
        ("GET", ["tickets"]) => tickets::list(desk, caller, call),
        ("POST", ["tickets"]) => tickets::create(desk, caller, call),
        ("GET", ["tickets", id]) => tickets::get(desk, caller, call, id),
        ("PATCH", ["tickets", id]) => tickets::patch(desk, caller, call, id),
        ("GET", ["tickets", id, "replies"]) => replies::list(desk, caller, call, id),
        ("POST", ["tickets", id, "replies"]) => replies::post(desk, caller, call, id),
        ("GET", ["statuses"]) => reference::statuses(desk, call),
        ("GET", ["categories"]) => reference::categories(desk, call),
        ("GET", ["categories", id, "types"]) => reference::types(desk, call, id),
        ("GET", ["categories", id, "types", tid, "items"]) => reference::items(desk, call, id, tid),
        ("GET", ["staff"]) => reference::staff(desk, caller, call),
        ("GET", ["groups"]) => reference::groups(desk, caller, call),
        ("GET", ["users", id]) => reference::user(desk, caller, call, id),
        ("GET", ["admin", "users"]) => reference::admin_users(desk, caller, call),
        (_, ["tickets"] | ["tickets", _] | ["tickets", _, "replies"]) => {
            Err(ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed"))
        }
        _ => Err(ApiError::not_found()),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

/// Fails unless the caller is Staff or Admin.
pub(crate) fn staff_only(caller: &Caller) -> Result<(), ApiError> {
    if caller.is_staff() { Ok(()) } else { Err(ApiError::forbidden()) }
}
