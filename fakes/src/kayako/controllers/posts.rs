//! `Tickets/TicketPost`: GET `/ListAll/{ticketid}[/{postid}]`, GET `/{ticketid}/{postid}`,
//! POST a reply. Posts are selected `WHERE ticketid = '<raw input>'`, so a mask id finds the
//! ticket but no posts, as on a real server.

use axum::http::StatusCode;
use axum::response::Response;

use super::{Ctx, intval, not_allowed, render};
use crate::kayako::reply::{self, POST_NOT_FOUND, TICKET_NOT_FOUND};
use crate::kayako::seed::{staff_post, user_post};
use crate::kayako::store::Post;

/// Dispatches `Tickets/TicketPost`.
pub(crate) fn posts(ctx: &Ctx) -> Response {
    match ctx.method {
        "GET" if ctx.args.is_empty() => {
            reply::bad_request("Not Implemented, Call /Tickets/TicketPost/ListAll instead.")
        }
        "GET" if ctx.action("ListAll") => list(ctx, &ctx.args[1..]),
        "GET" => get(ctx),
        "POST" => create(ctx),
        _ => not_allowed(),
    }
}

fn list(ctx: &Ctx, args: &[String]) -> Response {
    let store = ctx.desk.read();
    let Some(raw) = args.first() else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let Some(ticket) = store.find_ticket(raw) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let by_raw_id = raw.trim() == ticket.id.to_string();
    let post_id = args.get(1).map(|p| intval(p));
    let list =
        ticket.posts.iter().filter(|_| by_raw_id).filter(|p| post_id.is_none_or(|id| p.id as i64 == id));
    reply::xml(render::posts(ticket.id, list))
}

fn get(ctx: &Ctx) -> Response {
    let store = ctx.desk.read();
    let Some(ticket) = ctx.args.first().and_then(|k| store.find_ticket(k)) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let post_id = ctx.args.get(1).map_or(0, |p| intval(p));
    if let Some(post) = ticket.posts.iter().find(|p| p.id as i64 == post_id) {
        return reply::xml(render::posts(ticket.id, [post]));
    }
    let elsewhere = store.tickets.values().any(|t| t.posts.iter().any(|p| p.id as i64 == post_id));
    if elsewhere {
        reply::bad_request("Post does not belong to the specified ticket")
    } else {
        reply::not_found(POST_NOT_FOUND)
    }
}

/// `POST /Tickets/TicketPost`: `ticketid`, `contents`, `userid` or `staffid`, optional `isprivate`.
fn create(ctx: &Ctx) -> Response {
    let input = &ctx.call.input;
    let now = ctx.desk.now();
    let mut store = ctx.desk.write();
    let Some((ticket_id, to)) =
        input.text("ticketid").and_then(|k| store.find_ticket(k)).map(|t| (t.id, t.email.clone()))
    else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let Some(contents) = input.text("contents") else {
        return reply::bad_request("No contents specified");
    };
    let mut post: Post = if let Some(staff_id) = input.int("staffid") {
        match store.staff(staff_id as u64) {
            Some(_) => staff_post(&store, staff_id as u64, now, contents, &to),
            None => return reply::bad_request("Invalid Staff ID"),
        }
    } else if let Some(user_id) = input.int("userid") {
        match store.user(user_id as u64) {
            Some(user) => user_post(user, now, contents),
            None => return reply::bad_request("Invalid User ID"),
        }
    } else {
        return reply::bad_request("No User ID or Staff ID specified");
    };
    post.is_private = input.flag("isprivate");
    post.id = store.next_post_id;
    store.next_post_id += 1;
    let Some(ticket) = store.tickets.get_mut(&ticket_id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    ticket.last_activity = now;
    if post.creator == 1 {
        ticket.last_staff_reply = now;
    } else {
        ticket.last_user_reply = now;
    }
    ticket.posts.push(post.clone());
    ctx.desk.applied(ctx.method, ctx.call, ctx.body.clone(), StatusCode::OK);
    reply::xml(render::posts(ticket_id, [&post]))
}
