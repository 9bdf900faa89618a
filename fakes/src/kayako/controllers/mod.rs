//! Kayako's REST controllers, dispatched like `SWIFT_RESTServer::GetMethodFunction`:
//! GET without arguments is `GetList`, GET whose first argument names a method (`ListAll`)
//! calls it, other GETs are `Get(args...)`; POST, PUT and DELETE map to their handlers.

mod listing;
mod notes;
mod posts;
mod reference;
mod render;
mod search;
mod ticket_writes;
mod tickets;

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::http::StatusCode;
use axum::response::Response;

use super::reply;
use super::route::Call;
use super::store::Store;
use crate::control::{Control, RecordedWrite};

/// What controllers share: the data (one lock for reads and writes), the control, the
/// clock and the search cap.
#[derive(Clone)]
pub(crate) struct Desk {
    pub store: Arc<RwLock<Store>>,
    pub control: Control,
    pub search_limit: usize,
    /// Seconds added to the wall clock so writes follow the seeded "now".
    pub clock_offset: i64,
}

impl Desk {
    /// A read guard; a poisoned lock is still readable (data is never left half-written).
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The write guard; handlers validate everything before changing anything.
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Now on the fake's clock, unix seconds.
    pub(crate) fn now(&self) -> i64 {
        super::unix_now() + self.clock_offset
    }

    /// Logs an applied write (called while the write guard is held, so in store order).
    pub(crate) fn applied(&self, method: &str, call: &Call, body: Option<String>, status: StatusCode) {
        self.control.record_write(RecordedWrite {
            method: method.to_string(),
            path: call.route(),
            body,
            status: status.as_u16(),
        });
    }
}

/// One dispatched call: method, the arguments after `/App/Controller`, and the input.
pub(crate) struct Ctx<'a> {
    pub desk: &'a Desk,
    pub method: &'a str,
    pub call: &'a Call,
    pub args: &'a [String],
    pub body: Option<String>,
}

impl Ctx<'_> {
    /// Whether the first argument names the controller method `name` (PHP: case-insensitive).
    pub(crate) fn action(&self, name: &str) -> bool {
        self.args.first().is_some_and(|a| a.eq_ignore_ascii_case(name))
    }
}

/// Routes one authorised call to its controller; unknown controllers answer 404.
pub(crate) fn dispatch(desk: &Desk, method: &str, call: &Call, body: Option<String>) -> Response {
    let segs = &call.segments;
    let (Some(app), Some(controller)) = (segs.first(), segs.get(1)) else {
        return reply::not_found("Not Found");
    };
    let ctx = Ctx { desk, method, call, args: &segs[2..], body };
    match (app.to_ascii_lowercase().as_str(), controller.to_ascii_lowercase().as_str()) {
        ("base", "department") => reference::departments(&ctx),
        ("base", "staff") => reference::staff(&ctx),
        ("base", "user") => reference::users(&ctx),
        ("base", "usersearch") => reference::user_search(&ctx),
        ("tickets", "ticketstatus") => reference::statuses(&ctx),
        ("tickets", "ticketpriority") => reference::priorities(&ctx),
        ("tickets", "tickettype") => reference::types(&ctx),
        ("tickets", "ticket") => tickets::ticket(&ctx),
        ("tickets", "ticketpost") => posts::posts(&ctx),
        ("tickets", "ticketsearch") => search::search(&ctx),
        ("tickets", "ticketnote") => notes::notes(&ctx),
        _ => reply::not_found("Not Found"),
    }
}

/// 405 for a verb a controller does not implement.
pub(crate) fn not_allowed() -> Response {
    reply::text(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
}

/// PHP `intval` of a path argument: leading sign and digits, else 0.
pub(crate) fn intval(s: &str) -> i64 {
    let s = s.trim();
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}
