//! `POST /Tickets/Ticket` (create), `PUT /Tickets/Ticket/{id}` (update) and
//! `DELETE /Tickets/Ticket/{id}`. Answers render the ticket without `<posts>`.

use axum::http::StatusCode;
use axum::response::Response;

use super::{Ctx, render};
use crate::kayako::reply::{self, TICKET_NOT_FOUND};
use crate::kayako::route::Fields;
use crate::kayako::seed::{staff_post, user_post, with_posts};
use crate::kayako::store::{Store, Ticket, User};

/// Checks an optional id field against a table; `Err` is the 400 text.
fn known(
    input: &Fields,
    field: &str,
    exists: impl Fn(u64) -> bool,
    label: &str,
) -> Result<Option<u64>, String> {
    match input.text(field) {
        None => Ok(None),
        Some(raw) => match raw.parse::<u64>() {
            Ok(id) if exists(id) => Ok(Some(id)),
            _ => Err(format!("Invalid {label}")),
        },
    }
}

/// The four classification ids a create requires and an update may change.
struct Classes {
    department: Option<u64>,
    status: Option<u64>,
    priority: Option<u64>,
    kind: Option<u64>,
    owner: Option<u64>,
}

fn classes(store: &Store, input: &Fields) -> Result<Classes, String> {
    let ticket_department = |id| store.departments.iter().any(|d| d.id == id && d.module == "tickets");
    Ok(Classes {
        department: known(input, "departmentid", ticket_department, "Department ID")?,
        status: known(input, "ticketstatusid", |id| store.status(id).is_some(), "Ticket Status ID")?,
        priority: known(
            input,
            "ticketpriorityid",
            |id| store.priorities.iter().any(|p| p.id == id),
            "Ticket Priority ID",
        )?,
        kind: known(input, "tickettypeid", |id| store.types.iter().any(|t| t.id == id), "Ticket Type ID")?,
        owner: known(input, "ownerstaffid", |id| id == 0 || store.staff(id).is_some(), "Owner Staff ID")?,
    })
}

/// Creates a ticket from `subject, fullname, email, contents, departmentid, ticketstatusid,
/// ticketpriorityid, tickettypeid` and one of `userid`, `staffid`, `autouserid=1`.
pub(crate) fn create(ctx: &Ctx) -> Response {
    let input = &ctx.call.input;
    let now = ctx.desk.now();
    let mut store = ctx.desk.write();
    let mut missing = [
        "subject",
        "fullname",
        "email",
        "contents",
        "departmentid",
        "ticketstatusid",
        "ticketpriorityid",
        "tickettypeid",
    ]
    .into_iter()
    .filter(|f| input.text(f).is_none());
    if let Some(field) = missing.next() {
        return reply::bad_request(format!("No {field} specified"));
    }
    let c = match classes(&store, input) {
        Ok(c) => c,
        Err(text) => return reply::bad_request(text),
    };
    let (subject, full_name, email, contents) = (
        input.text("subject").unwrap_or_default(),
        input.text("fullname").unwrap_or_default(),
        input.text("email").unwrap_or_default(),
        input.text("contents").unwrap_or_default(),
    );
    let (user_id, first_post) = if let Some(staff_id) = input.int("staffid") {
        if store.staff(staff_id as u64).is_none() {
            return reply::bad_request("Invalid Staff ID");
        }
        (0, staff_post(&store, staff_id as u64, now, contents, email))
    } else if let Some(user_id) = input.int("userid") {
        match store.user(user_id as u64) {
            Some(u) => (u.id, user_post(u, now, contents)),
            None => return reply::bad_request("Invalid User ID"),
        }
    } else if input.flag("autouserid") {
        let user = match store.users.iter().find(|u| u.email.eq_ignore_ascii_case(email)) {
            Some(u) => u.clone(),
            None => {
                let u = User {
                    id: store.users.iter().map(|u| u.id).max().unwrap_or(0) + 1,
                    group_id: 2,
                    organization_id: 0,
                    full_name: full_name.to_string(),
                    email: email.to_string(),
                    phone: String::new(),
                    created: now,
                };
                store.users.push(u.clone());
                u
            }
        };
        (user.id, user_post(&user, now, contents))
    } else {
        return reply::bad_request("No userid, staffid or autouserid specified");
    };
    let id = store.next_ticket_id;
    store.next_ticket_id += 1;
    let mut post = first_post;
    post.id = store.next_post_id;
    store.next_post_id += 1;
    let ticket = Ticket {
        id,
        display_id: format!("NEW-{:03}-{:05}", id % 1000, id),
        department_id: c.department.unwrap_or_default(),
        status_id: c.status.unwrap_or_default(),
        priority_id: c.priority.unwrap_or_default(),
        type_id: c.kind.unwrap_or_default(),
        user_id,
        owner_staff_id: c.owner.unwrap_or(0),
        full_name: full_name.to_string(),
        email: email.to_string(),
        subject: subject.to_string(),
        creator: post.creator,
        creation_mode: 2,
        ip_address: "127.0.0.1".to_string(),
        ..Ticket::default()
    };
    let ticket = with_posts(ticket, vec![post]);
    store.tickets.insert(id, ticket);
    ctx.desk.applied(ctx.method, ctx.call, ctx.body.clone(), StatusCode::OK);
    reply::xml(render::tickets(&store, store.tickets.get(&id), false))
}

/// Updates `subject, fullname, email, departmentid, ticketstatusid, ticketpriorityid,
/// tickettypeid, ownerstaffid, userid` of `/{id|mask}`; unknown ids are 400 and change nothing.
pub(crate) fn update(ctx: &Ctx) -> Response {
    let input = &ctx.call.input;
    let now = ctx.desk.now();
    let mut store = ctx.desk.write();
    let Some(id) = ctx.args.first().and_then(|k| store.find_ticket(k)).map(|t| t.id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let c = match classes(&store, input) {
        Ok(c) => c,
        Err(text) => return reply::bad_request(text),
    };
    let user = match input.int("userid") {
        Some(uid) => match store.user(uid as u64) {
            Some(u) => Some(u.clone()),
            None => return reply::bad_request("Invalid User ID"),
        },
        None => None,
    };
    let Some(t) = store.tickets.get_mut(&id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    if let Some(v) = input.text("subject") {
        t.subject = v.to_string();
    }
    if let Some(v) = input.text("fullname") {
        t.full_name = v.to_string();
    }
    if let Some(v) = input.text("email") {
        t.email = v.to_string();
    }
    if let Some(u) = user {
        t.user_id = u.id;
    }
    t.department_id = c.department.unwrap_or(t.department_id);
    t.status_id = c.status.unwrap_or(t.status_id);
    t.priority_id = c.priority.unwrap_or(t.priority_id);
    t.type_id = c.kind.unwrap_or(t.type_id);
    t.owner_staff_id = c.owner.unwrap_or(t.owner_staff_id);
    t.last_activity = now;
    ctx.desk.applied(ctx.method, ctx.call, ctx.body.clone(), StatusCode::OK);
    reply::xml(render::tickets(&store, store.tickets.get(&id), false))
}

/// Deletes `/{id|mask}`; 200 with an empty body.
pub(crate) fn delete(ctx: &Ctx) -> Response {
    let mut store = ctx.desk.write();
    let Some(id) = ctx.args.first().and_then(|k| store.find_ticket(k)).map(|t| t.id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    store.tickets.remove(&id);
    ctx.desk.applied(ctx.method, ctx.call, ctx.body.clone(), StatusCode::OK);
    reply::text(StatusCode::OK, "")
}
