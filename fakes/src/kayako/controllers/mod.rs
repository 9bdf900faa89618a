//! Kayako's REST controllers, dispatched like `SWIFT_RESTServer::GetMethodFunction`.

use std::sync::{Arc, RwLock};

use axum::response::Response;

use super::reply;
use super::route::Call;
use super::store::Store;
use crate::control::Control;

/// What controllers share: the data (one lock for reads and writes) and the control.
#[derive(Clone)]
pub(crate) struct Desk {
    pub store: Arc<RwLock<Store>>,
    pub control: Control,
    pub search_limit: usize,
}

/// Routes one authorised call to its controller.
pub(crate) fn dispatch(_desk: &Desk, _method: &str, _call: &Call) -> Response {
    reply::not_found("Not Found")
}
