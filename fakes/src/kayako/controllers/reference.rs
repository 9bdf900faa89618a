//! Read-only reference controllers: Base/Department, Base/Staff, Base/User, Base/UserSearch,
//! Tickets/TicketStatus, Tickets/TicketPriority and Tickets/TicketType.

use axum::response::Response;

use super::render;
use super::{Ctx, intval, not_allowed};
use crate::kayako::reply;
use crate::kayako::xml::Xml;

/// The shared shape: GET lists everything, GET `/ListAll` too, GET `/{id}` one item.
/// Department treats `(int)"ListAll"` = 0 as "all", which is the same answer.
fn list_or_one<T>(
    ctx: &Ctx,
    items: &[T],
    id_of: impl Fn(&T) -> u64,
    render: impl Fn(&[&T]) -> Xml,
    missing: &str,
) -> Response {
    if ctx.method != "GET" {
        return not_allowed();
    }
    let all: Vec<&T> = items.iter().collect();
    match ctx.args.first() {
        None => reply::xml(render(&all)),
        Some(_) if ctx.action("ListAll") => reply::xml(render(&all)),
        Some(arg) => {
            let id = intval(arg);
            match all.iter().find(|i| id_of(i) as i64 == id) {
                Some(one) => reply::xml(render(&[one])),
                None => reply::not_found(missing),
            }
        }
    }
}

/// `GET /Base/Department[/{id}]`.
pub(crate) fn departments(ctx: &Ctx) -> Response {
    let s = ctx.desk.read();
    list_or_one(
        ctx,
        &s.departments,
        |d| d.id,
        |l| render::departments(l.iter().copied()),
        "Department not Found",
    )
}

/// `GET /Tickets/TicketStatus[/{id}]`.
pub(crate) fn statuses(ctx: &Ctx) -> Response {
    let s = ctx.desk.read();
    list_or_one(
        ctx,
        &s.statuses,
        |d| d.id,
        |l| render::statuses(l.iter().copied()),
        "Ticket Status not Found",
    )
}

/// `GET /Tickets/TicketPriority[/{id}]`.
pub(crate) fn priorities(ctx: &Ctx) -> Response {
    let s = ctx.desk.read();
    list_or_one(
        ctx,
        &s.priorities,
        |d| d.id,
        |l| render::priorities(l.iter().copied()),
        "Ticket Priority not Found",
    )
}

/// `GET /Tickets/TicketType[/{id}]`.
pub(crate) fn types(ctx: &Ctx) -> Response {
    let s = ctx.desk.read();
    list_or_one(ctx, &s.types, |d| d.id, |l| render::types(l.iter().copied()), "Ticket Type not Found")
}

/// `GET /Base/Staff[/{id}]`.
pub(crate) fn staff(ctx: &Ctx) -> Response {
    let s = ctx.desk.read();
    list_or_one(ctx, &s.staff, |d| d.id, |l| render::staff(l.iter().copied()), "Staff not Found")
}

/// `GET /Base/User/Filter/{marker}/{maxitems}` (ids from `marker`, at most `maxitems`,
/// default 1000) and `GET /Base/User/{id}`.
pub(crate) fn users(ctx: &Ctx) -> Response {
    if ctx.method != "GET" {
        return not_allowed();
    }
    let s = ctx.desk.read();
    if ctx.args.is_empty() || ctx.action("Filter") {
        let marker = ctx.args.get(1).map_or(1, |a| intval(a));
        let max = ctx.args.get(2).map_or(1000, |a| intval(a)).max(0) as usize;
        let list = s.users.iter().filter(|u| u.id as i64 >= marker).take(max);
        return reply::xml(render::users(list));
    }
    let id = ctx.args.first().map_or(0, |a| intval(a));
    match s.users.iter().find(|u| u.id as i64 == id) {
        Some(u) => reply::xml(render::users([u])),
        None => reply::not_found("User not Found"),
    }
}

/// `POST /Base/UserSearch` with `query`: users whose name or email contains it.
pub(crate) fn user_search(ctx: &Ctx) -> Response {
    if ctx.method != "POST" {
        return reply::bad_request("Not Implemented, Call POST /Base/UserSearch instead.");
    }
    let Some(query) = ctx.call.input.text("query").map(str::to_lowercase) else {
        return reply::bad_request("No search query specified");
    };
    let s = ctx.desk.read();
    let list = s
        .users
        .iter()
        .filter(|u| u.email.to_lowercase().contains(&query) || u.full_name.to_lowercase().contains(&query));
    reply::xml(render::users(list))
}
