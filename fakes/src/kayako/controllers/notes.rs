//! `Tickets/TicketNote`: GET `/ListAll/{ticketid}`, GET `/{ticketid}/{noteid}`, POST a note
//! (`ticketid, contents, staffid|fullname, forstaffid, notecolor`), DELETE `/{ticketid}/{noteid}`.

use axum::http::StatusCode;
use axum::response::Response;

use super::{Ctx, intval, not_allowed, render};
use crate::kayako::reply::{self, TICKET_NOT_FOUND};
use crate::kayako::store::Note;
use crate::kayako::xml::Xml;

const NOTE_NOT_FOUND: &str = "Ticket Note not Found";

fn notes_xml<'a>(ticket_id: u64, list: impl IntoIterator<Item = &'a Note>) -> Xml {
    let mut x = Xml::new();
    x.open("notes", &[]);
    for n in list {
        render::note(&mut x, ticket_id, n);
    }
    x.close("notes");
    x
}

/// Dispatches `Tickets/TicketNote`.
pub(crate) fn notes(ctx: &Ctx) -> Response {
    match ctx.method {
        "GET" if ctx.args.is_empty() => {
            reply::bad_request("Not Implemented, Call /Tickets/TicketNote/ListAll instead.")
        }
        "GET" => {
            let args = if ctx.action("ListAll") { &ctx.args[1..] } else { ctx.args };
            let store = ctx.desk.read();
            let Some(t) = args.first().and_then(|k| store.find_ticket(k)) else {
                return reply::not_found(TICKET_NOT_FOUND);
            };
            match args.get(1).map(|n| intval(n)) {
                None => reply::xml(notes_xml(t.id, &t.notes)),
                Some(id) => match t.notes.iter().find(|n| n.id as i64 == id) {
                    Some(n) => reply::xml(notes_xml(t.id, [n])),
                    None => reply::not_found(NOTE_NOT_FOUND),
                },
            }
        }
        "POST" => create(ctx),
        "DELETE" => delete(ctx),
        _ => not_allowed(),
    }
}

fn create(ctx: &Ctx) -> Response {
    let input = &ctx.call.input;
    let now = ctx.desk.now();
    let mut store = ctx.desk.write();
    let Some(ticket_id) = input.text("ticketid").and_then(|k| store.find_ticket(k)).map(|t| t.id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let Some(text) = input.text("contents") else {
        return reply::bad_request("No contents specified");
    };
    let (staff_id, name) = match input.int("staffid") {
        Some(id) => match store.staff(id as u64) {
            Some(s) => (s.id, s.full_name()),
            None => return reply::bad_request("Invalid Staff ID"),
        },
        None => match input.text("fullname") {
            Some(name) => (0, name.to_string()),
            None => return reply::bad_request("No staffid or fullname specified"),
        },
    };
    let note = Note {
        id: store.next_note_id,
        color: input.int("notecolor").filter(|c| (1..=5).contains(c)).unwrap_or(1) as u8,
        creator_staff_id: staff_id,
        for_staff_id: input.int("forstaffid").unwrap_or(0).max(0) as u64,
        creator_name: name,
        created: now,
        text: text.to_string(),
    };
    store.next_note_id += 1;
    let Some(t) = store.tickets.get_mut(&ticket_id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    t.notes.push(note.clone());
    ctx.desk.applied(ctx.method, ctx.call, ctx.body.clone(), StatusCode::OK);
    reply::xml(notes_xml(ticket_id, [&note]))
}

fn delete(ctx: &Ctx) -> Response {
    let mut store = ctx.desk.write();
    let Some(ticket_id) = ctx.args.first().and_then(|k| store.find_ticket(k)).map(|t| t.id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let note_id = ctx.args.get(1).map_or(0, |n| intval(n));
    let Some(t) = store.tickets.get_mut(&ticket_id) else {
        return reply::not_found(TICKET_NOT_FOUND);
    };
    let before = t.notes.len();
    t.notes.retain(|n| n.id as i64 != note_id);
    if t.notes.len() == before {
        return reply::not_found(NOTE_NOT_FOUND);
    }
    ctx.desk.applied(ctx.method, ctx.call, ctx.body.clone(), StatusCode::OK);
    reply::text(StatusCode::OK, "")
}
