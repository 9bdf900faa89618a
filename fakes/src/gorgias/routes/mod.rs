//! The REST routes under `/api`, behind the gate; each module serves one resource.

mod account;
mod customer_writes;
mod customers;
mod directory;
mod macros;
mod message_input;
mod message_writes;
mod messages;
mod reporting;
mod search;
mod tag_writes;
mod ticket_extras;
mod ticket_writes;
mod tickets;
mod views;
mod writing;

pub(crate) use writing::SentPath;

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post, put};

use super::api_error::ApiError;
use super::store::Store;
use super::wire_time::{Clock, Time};
use crate::control::{Control, RecordedWrite};
use writing::Write;

/// What handlers share: the store (one lock for reads and writes), the control and the clock.
#[derive(Clone)]
pub(crate) struct Desk {
    pub store: Arc<RwLock<Store>>,
    pub control: Control,
    pub clock: Clock,
}

impl Desk {
    /// A read guard; a poisoned lock is still readable (data is never left half-written).
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The write guard. Handlers validate everything before changing anything, render
    /// their answer, log the write with [`Desk::applied`] and drop the guard.
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Now, on the fake's clock.
    pub(crate) fn now(&self) -> Time {
        self.clock.now()
    }

    /// Logs an applied write; called while the write guard is still held, so the log is
    /// in the order the store changed.
    pub(crate) fn applied(&self, w: &Write, status: StatusCode) {
        self.control.record_write(RecordedWrite {
            method: w.method.clone(),
            path: w.path.clone(),
            body: w.body_text(),
            status: status.as_u16(),
        });
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
        .route("/api/tags", get(directory::tags).post(tag_writes::create))
        .route("/api/tags/{id}", get(directory::tag).put(tag_writes::update).delete(tag_writes::delete))
        .route("/api/custom-fields", get(directory::custom_fields))
        .route("/api/custom-fields/{id}", get(directory::custom_field))
        .route("/api/integrations", get(account::integrations))
        .route("/api/integrations/{id}", get(account::integration))
        .route("/api/satisfaction-surveys", get(account::surveys))
        .route("/api/satisfaction-surveys/{id}", get(account::survey))
        .route("/api/macros", get(macros::list))
        .route("/api/macros/{id}", get(macros::one))
        .route("/api/views", get(views::list))
        .route("/api/views/{id}", get(views::one))
        .route("/api/views/{id}/items", get(views::items).put(views::search_items))
        .route("/api/customers", get(customers::list).post(customer_writes::create))
        .route("/api/customers/{id}", get(customers::one).put(customer_writes::update))
        .route("/api/customers/{id}/data", put(customer_writes::set_data))
        .route("/api/tickets", get(tickets::list).post(ticket_writes::create))
        .route(
            "/api/tickets/{id}",
            get(tickets::one).put(ticket_writes::update).delete(ticket_writes::delete),
        )
        .route("/api/tickets/{id}/messages", get(messages::of_ticket).post(message_writes::create))
        .route(
            "/api/tickets/{id}/messages/{message_id}",
            get(messages::one_of_ticket).put(message_writes::update).delete(message_writes::delete),
        )
        .route(
            "/api/tickets/{id}/tags",
            get(tickets::tags)
                .post(ticket_extras::add_tags)
                .put(ticket_extras::set_tags)
                .delete(ticket_extras::remove_tags),
        )
        .route("/api/tickets/{id}/custom-fields", get(tickets::custom_fields).put(ticket_extras::set_fields))
        .route(
            "/api/tickets/{id}/custom-fields/{field_id}",
            put(ticket_extras::set_field).delete(ticket_extras::delete_field),
        )
        .route("/api/messages", get(messages::list))
        .route("/api/search", post(search::search))
        .route("/api/reporting/stats", post(reporting::stats))
        .fallback(not_found)
        .with_state(desk)
}

async fn not_found() -> ApiError {
    ApiError::not_found()
}

/// 200 with a JSON body.
pub(crate) fn ok(body: &serde_json::Value) -> axum::response::Response {
    super::api_error::json_response(StatusCode::OK, body)
}

/// A status with an empty body (201/202 of tag writes, 204 of deletes).
pub(crate) fn empty(status: StatusCode) -> axum::response::Response {
    axum::response::IntoResponse::into_response(status)
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
