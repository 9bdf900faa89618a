//! `Tickets/Ticket`: GET `/{id|mask}` (with posts), GET `/ListAll/...`, and the writes.

use axum::response::Response;

use super::{Ctx, listing, not_allowed, render, ticket_writes};
use crate::kayako::reply::{self, TICKET_NOT_FOUND};

/// Dispatches `Tickets/Ticket`.
pub(crate) fn ticket(ctx: &Ctx) -> Response {
    match ctx.method {
        "GET" if ctx.args.is_empty() => {
            reply::bad_request("Not Implemented, Call /Tickets/Ticket/ListAll instead.")
        }
        "GET" if ctx.action("ListAll") => listing::list_all(ctx),
        "GET" => get(ctx),
        "POST" => ticket_writes::create(ctx),
        "PUT" => ticket_writes::update(ctx),
        "DELETE" => ticket_writes::delete(ctx),
        _ => not_allowed(),
    }
}

/// `GET /Tickets/Ticket/{id}`: numeric or mask id, rendered with `<posts>`.
fn get(ctx: &Ctx) -> Response {
    let store = ctx.desk.read();
    match ctx.args.first().and_then(|key| store.find_ticket(key)) {
        Some(t) => reply::xml(render::tickets(&store, [t], true)),
        None => reply::not_found(TICKET_NOT_FOUND),
    }
}
