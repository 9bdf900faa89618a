//! `get_ticket` (the ticket with its field values and survey, and its first
//! page of messages, in one round trip of two requests; later message pages by
//! cursor; field labels from the cached definitions) and `list_tickets`.

use super::client::GorgiasSubject as _;
use super::client::{MAX_LIMIT, Subject, decode};
use super::filters::{self, Resolved};
use super::paging::{self, SCAN_PAGES, Scan, ViewSearch};
use super::{Gorgias, projection, reference, wire};
use crate::provider::{PageRequest, Terms, TicketPage, TicketThread, count};
use crate::tool::ToolError;
use crate::tool::list_tickets::{Direction, ListTicketsParams, OrderBy, TicketFilters};
use crate::tool::params::TicketRef;

/// Most messages read for one conversation (ten pages).
const MAX_MESSAGES: usize = 1_000;

/// Gorgias's words: tickets go to teams.
pub const TERMS: Terms = Terms { team: "Team" };

/// `get_ticket`.
pub fn thread(g: &Gorgias, id: &TicketRef) -> Result<TicketThread, ToolError> {
    let number = id.number().ok_or_else(|| {
        ToolError::invalid("id", format!("`{}` is not a Gorgias ticket number (they are numeric)", id.0))
    })?;
    let subject = Subject::ticket(&number.to_string());
    let messages_request = |cursor: Option<String>| {
        let mut q = vec![
            ("ticket_id", number.to_string()),
            ("limit", MAX_LIMIT.to_string()),
            ("order_by", "created_datetime:asc".to_owned()),
        ];
        q.extend(cursor.map(|c| ("cursor", c)));
        g.get("/messages", &q)
    };
    // One round trip: the ticket (its field values and survey embedded) and
    // the first message page.
    let mut results = g
        .send_all(vec![
            g.get(&format!("/tickets/{number}"), &[("relationships", "custom_fields".to_owned())]),
            messages_request(None),
        ])
        .into_iter();
    let mut next = || results.next().unwrap_or(Err(crate::http::HttpError::Protocol("missing response")));
    let (ticket_result, first_page) = (next(), next());
    let ticket: wire::Ticket = decode(ticket_result, &subject)?;
    let page: wire::List<wire::Message> = decode(first_page, &subject)?;
    let mut notes = Vec::new();
    let values = projection::embedded_field_values(&ticket.custom_fields);
    let fields = if values.is_empty() {
        Vec::new()
    } else {
        // Labels come from the definitions, which hosts cache for ten minutes.
        match reference::ticket_field_definitions(g) {
            Ok(defs) => projection::labelled(&values, &defs),
            Err(_) => {
                notes.push("Custom field names could not be read; fields are shown by id.".to_owned());
                projection::labelled(&values, &[])
            }
        }
    };
    let mut messages = page.data;
    let mut cursor = page.next_cursor;
    while let Some(c) = cursor.take() {
        if messages.len() >= MAX_MESSAGES {
            notes.push(format!(
                "Only the first {MAX_MESSAGES} messages were read; the conversation is longer."
            ));
            break;
        }
        let page: wire::List<wire::Message> = g.fetch(messages_request(Some(c)), &subject)?;
        messages.extend(page.data);
        cursor = page.next_cursor;
    }
    let total = ticket.messages_count.map_or(messages.len(), |n| (n as usize).max(messages.len()));
    let internal =
        messages.iter().filter(|m| projection::role(m) == crate::model::Role::InternalNote).count();
    let mut totals = count(total, "message", "messages");
    if internal > 0 {
        totals.push_str(&format!(" ({})", count(internal, "internal note", "internal notes")));
    }
    Ok(TicketThread {
        ticket: projection::ticket_detail(&ticket, fields),
        messages: projection::conversation(messages),
        totals,
        terms: TERMS,
        notes,
    })
}

/// Validates ticket filters, resolving an assignee name to an agent id.
pub fn resolve_filters(g: &Gorgias, f: &TicketFilters) -> Result<Resolved, ToolError> {
    let assignee = f.assignee.as_deref().map(|a| reference::assignee(g, a)).transpose()?;
    filters::validate(f, assignee)
}

/// `list_tickets`.
pub fn list(g: &Gorgias, p: &ListTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
    let mut resolved = resolve_filters(g, &p.filters)?;
    let customer = p.customer.as_deref().map(|c| customer_id(g, c)).transpose()?;
    let view = p.view.as_deref().map(|v| reference::view(g, v)).transpose()?;
    let order_field = match p.order_by.unwrap_or_default() {
        OrderBy::Created => "created_datetime",
        OrderBy::Updated => "updated_datetime",
    };
    let direction = match p.order.unwrap_or_default() {
        Direction::Asc => "asc",
        Direction::Desc => "desc",
    };
    let mut described = vec![format!("ordered by {} {direction}", order_field.replace("_datetime", ""))];
    described.extend(customer.as_ref().map(|(_, label)| format!("customer {label}")));
    described.extend(view.as_ref().map(|(_, name)| format!("view “{name}”")));
    if resolved.any() {
        described.push(p.filters.describe());
    }
    let strategy = format!("ticket list, {}", described.join(", "));
    let (at, skip) = paging::start(page);

    if !resolved.any() {
        // Plain listing: the documented GET /api/tickets with its own filters.
        let mut q = vec![
            ("limit", paging::fetch_limit(skip, page.limit)),
            ("order_by", format!("{order_field}:{direction}")),
        ];
        if !p.include_trashed.unwrap_or(false) {
            q.push(("trashed", "false".into()));
        }
        q.extend(customer.as_ref().map(|(id, _)| ("customer_id", id.to_string())));
        q.extend(view.as_ref().map(|(id, _)| ("view_id", id.to_string())));
        q.extend(at.clone().map(|c| ("cursor", c)));
        let list = g.fetch(g.get("/tickets", &q), &Subject::api("tickets"))?;
        return Ok(paging::server_page(page, "list", at, skip, list, strategy, vec![]));
    }

    // Filtered: Gorgias view search filters server-side, unless an earlier
    // page had to fall back to a local scan (its cursor says so).
    resolved.customer = customer.as_ref().map(|(id, _)| *id);
    let view_id = view.as_ref().map_or(0, |(id, _)| *id);
    let continuing_scan = page.cursor.as_ref().is_some_and(|c| c.kind == "scan");
    if !continuing_scan {
        let request = paging::view_search_request(
            g,
            view_id,
            None,
            filters::expression(&resolved),
            (order_field, direction),
            at.as_deref(),
            paging::fetch_limit(skip, page.limit),
        );
        if let ViewSearch::Page(list) = paging::view_search_result(g.up.send(request))? {
            return Ok(paging::server_page(page, "filtered", at, skip, list, strategy, vec![]));
        }
    }
    let base: Vec<(&'static str, String)> =
        view.as_ref().map(|(id, _)| ("view_id", id.to_string())).into_iter().collect();
    let scan = Scan { kind: "scan".into(), base, text: None, filters: &resolved, max_pages: SCAN_PAGES };
    let scanned = scan.run(g, page, format!("{strategy} (filtered locally)"))?;
    let mut result = scanned.page;
    result.notes.push(scan_note(scanned.read, scanned.exhausted));
    Ok(result)
}

/// The note for a local scan after view search answered 202.
pub fn scan_note(read: usize, exhausted: bool) -> String {
    if exhausted {
        format!("Gorgias answered 202 (search not ready), so all {read} tickets were filtered here instead.")
    } else {
        format!(
            "Gorgias answered 202 (search not ready), so the {read} most recently updated tickets were filtered here instead; older tickets were not checked (the cursor continues)."
        )
    }
}

/// A customer given as an id or an email: `(id, label)`.
pub fn customer_id(g: &Gorgias, raw: &str) -> Result<(u64, String), ToolError> {
    let raw = raw.trim();
    if let Ok(id) = raw.parse::<u64>() {
        return Ok((id, id.to_string()));
    }
    let list: wire::List<wire::Customer> = g.fetch(
        g.get("/customers", &[("email", raw.to_owned()), ("limit", "5".into())]),
        &Subject::api("customers"),
    )?;
    let c = list.data.into_iter().next().ok_or_else(|| {
        ToolError::invalid(
            "customer",
            format!("no customer has the email `{raw}`; search_tickets can search by name"),
        )
    })?;
    Ok((c.id, customer_label(&c)))
}

/// "Name <email>" for a customer.
pub fn customer_label(c: &wire::Customer) -> String {
    projection::person(&wire::PersonRef {
        id: Some(c.id),
        email: c.email.clone(),
        name: c.name.clone(),
        firstname: c.firstname.clone(),
        lastname: c.lastname.clone(),
    })
    .label()
}
