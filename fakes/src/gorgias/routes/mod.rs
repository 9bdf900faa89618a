//! The REST routes under `/api`, behind the gate; each module serves one resource.

mod account;
mod customers;
mod directory;
mod messages;
mod search;
mod tickets;
mod views;

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

use axum::Router;
use axum::routing::{get, post};

use super::api_error::ApiError;
use super::control::Control;
use super::store::Store;

/// What handlers share: the store (one lock, so writes can come later) and the control.
#[derive(Clone)]
pub(crate) struct Desk {
    pub store: Arc<RwLock<Store>>,
    pub control: Control,
}

impl Desk {
    /// A read guard; a poisoned lock is still readable (data is never left half-written).
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Parses an id path segment; anything non-numeric is simply not found.
pub(crate) fn path_id(raw: &str) -> Result<u64, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found())
}

/// The request URI as the envelope's `uri` shows it.
pub(crate) fn list_uri(uri: &axum::http::Uri) -> String {
    uri.path_and_query().map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string())
}

pub(crate) fn router(desk: Desk) -> Router {
    Router::new()
        .route("/api/account", get(account::account))
        .route("/api/users", get(directory::users))
        .route("/api/users/{id}", get(directory::user))
        .route("/api/teams", get(directory::teams))
        .route("/api/teams/{id}", get(directory::team))
        .route("/api/tags", get(directory::tags))
        .route("/api/tags/{id}", get(directory::tag))
        .route("/api/custom-fields", get(directory::custom_fields))
        .route("/api/custom-fields/{id}", get(directory::custom_field))
        .route("/api/integrations", get(account::integrations))
        .route("/api/integrations/{id}", get(account::integration))
        .route("/api/satisfaction-surveys", get(account::surveys))
        .route("/api/satisfaction-surveys/{id}", get(account::survey))
        .route("/api/views", get(views::list))
        .route("/api/views/{id}", get(views::one))
        .route("/api/views/{id}/items", get(views::items).put(views::search_items))
        .route("/api/customers", get(customers::list))
        .route("/api/customers/{id}", get(customers::one))
        .route("/api/tickets", get(tickets::list))
        .route("/api/tickets/{id}", get(tickets::one))
        .route("/api/tickets/{id}/messages", get(messages::of_ticket))
        .route("/api/tickets/{id}/messages/{message_id}", get(messages::one_of_ticket))
        .route("/api/tickets/{id}/tags", get(tickets::tags))
        .route("/api/tickets/{id}/custom-fields", get(tickets::custom_fields))
        .route("/api/messages", get(messages::list))
        .route("/api/search", post(search::search))
        .fallback(not_found)
        .with_state(desk)
}

async fn not_found() -> ApiError {
    ApiError::not_found()
}

/// 200 with a JSON body.
pub(crate) fn ok(body: &serde_json::Value) -> axum::response::Response {
    super::api_error::json_response(axum::http::StatusCode::OK, body)
}

/// Sorts references by the request's `order_by` (validated against `allowed`).
pub(crate) fn sort_items<T>(
    items: &mut [&T],
    q: &super::query::Query,
    allowed: &[&str],
    default: &str,
    value: impl Fn(&T, &str) -> super::ordering::SortValue,
    id: impl Fn(&T) -> u64,
) -> Result<(), ApiError> {
    let keys = super::ordering::parse_order_by(q.get("order_by"), allowed, default)?;
    super::ordering::sort_by_keys(items, &keys, |t, f| value(t, f), |t| id(t));
    Ok(())
}
