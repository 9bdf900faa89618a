//! Writes on Kayako Classic: `POST /Tickets/Ticket`, `POST /Tickets/TicketPost`
//! (public replies), `POST /Tickets/TicketNote` (internal notes) and
//! `PUT /Tickets/Ticket/{id}`. Creates are never resent once they may have
//! arrived (`send_write` reports the outcome as unknown instead), and a reply
//! identical to one posted in the last minutes is refused, so a model that
//! retries after an unknown outcome cannot post twice.

use super::client::KayakoSubject as _;
use super::client::{Subject, decode, failure};
use super::reference::Reference;
use super::tickets::fetch;
use super::wire::{CREATOR_STAFF, Post, Ticket};
use super::{Kayako, projection};
use crate::http::Method;
use crate::model::{Change, MessageView, Person, Role};
use crate::provider::write::Changes;
use crate::text::one_line;
use crate::tool::ToolError;
use crate::tool::create_ticket::{Author, CreateTicketParams};
use crate::tool::reply_to_ticket::ReplyToTicketParams;
use crate::tool::update_ticket::UpdateTicketParams;
use crate::tool::write_output::WriteOutput;

/// How far back an identical reply counts as a duplicate, in seconds.
const DUPLICATE_WINDOW: i64 = 600;

/// `create_ticket`.
pub fn create(k: &Kayako, p: &CreateTicketParams) -> Result<WriteOutput, ToolError> {
    if p.category.is_some() {
        return Err(ToolError::invalid(
            "category",
            "this helpdesk has no ticket categories; leave category out",
        ));
    }
    let r = Reference::load(k)?;
    let customer = p.customer.trim();
    let department = match p.team.as_deref() {
        Some(t) => super::reference::resolve("team", "department", t, &r.departments)?,
        None => *r
            .ticket_departments()
            .first()
            .ok_or_else(|| ToolError::invalid("team", "Kayako lists no ticket departments"))?,
    };
    let first = |list: &[super::wire::Named], field: &str| {
        list.first()
            .map(|n| n.id)
            .ok_or_else(|| ToolError::invalid(field, format!("Kayako lists no ticket {field} values")))
    };
    let status = r
        .statuses
        .iter()
        .find(|s| !s.resolved)
        .map(|s| s.id)
        .map_or_else(|| first(&r.statuses, "status"), Ok)?;
    let priority = match p.priority.as_deref() {
        Some(v) => super::reference::resolve("priority", "priority", v, &r.priorities)?,
        None => first(&r.priorities, "priority")?,
    };
    let kind = first(&r.types, "type")?;
    let mut fields: Vec<(&str, String)> = vec![
        ("subject", p.subject.trim().to_owned()),
        ("contents", p.message.trim().to_owned()),
        ("departmentid", department.to_string()),
        ("ticketstatusid", status.to_string()),
        ("ticketpriorityid", priority.to_string()),
        ("tickettypeid", kind.to_string()),
    ];
    if let Ok(user) = customer.parse::<u64>() {
        fields.push(("userid", user.to_string()));
    } else if customer.contains('@') && !customer.contains(char::is_whitespace) {
        let name = customer.split('@').next().unwrap_or(customer).replace(['.', '_'], " ");
        fields.extend([("email", customer.to_lowercase()), ("fullname", name), ("autouserid", "1".into())]);
    } else {
        return Err(ToolError::invalid(
            "customer",
            format!("`{customer}` is neither a Kayako user id nor an email"),
        ));
    }
    if p.from.unwrap_or_default() == Author::Agent {
        let agent = p.agent.as_deref().ok_or_else(|| {
            ToolError::invalid("agent", "Kayako needs the staff member who writes; name them in `agent` (see list_reference kind=agents)")
        })?;
        fields.push(("staffid", r.staff_id("agent", agent)?.to_string()));
    }
    if let Some(a) = p.assignee.as_deref() {
        fields.push(("ownerstaffid", r.staff_id("assignee", a)?.to_string()));
    }
    let mut notes = Vec::new();
    if p.tags.as_ref().is_some_and(|t| !t.is_empty()) || p.channel.is_some() {
        notes.push(
            "Kayako Classic's REST API sets no tags or channel on a new ticket; they were not applied."
                .into(),
        );
    }
    let request = k.request(Method::Post, "/Tickets/Ticket", &fields);
    let response = k.send_write(request, "the new ticket", &format!("search_tickets for {customer}"))?;
    let root = decode(Ok(response), &Subject::api("ticket creation"))?;
    let ticket = Ticket::list(&root).into_iter().next().ok_or_else(|| ToolError::InvalidResponse {
        detail: "the created ticket was not in the answer".into(),
    })?;
    Ok(WriteOutput {
        action: format!("Created ticket {} for {customer}.", ticket.label()),
        ticket: projection::ticket_summary(&ticket, &r),
        message: None,
        changes: vec![],
        failed: vec![],
        notes,
    })
}

/// `reply_to_ticket`.
pub fn reply(k: &Kayako, p: &ReplyToTicketParams) -> Result<WriteOutput, ToolError> {
    let (ticket, r) = fetch(k, &p.id.0)?;
    let label = ticket.label();
    let internal = p.internal.unwrap_or(false);
    let text = p.message.trim();
    let now = crate::clock::now().timestamp();
    let same = |t: &str| one_line(t).eq_ignore_ascii_case(&one_line(text));
    let duplicate = if internal {
        ticket.notes.iter().any(|n| same(&n.text) && now - n.created < DUPLICATE_WINDOW)
    } else {
        ticket.posts.iter().any(|x| {
            x.creator == CREATOR_STAFF
                && !x.is_private
                && same(&projection::post_text(x))
                && now - x.dateline < DUPLICATE_WINDOW
        })
    };
    if duplicate {
        return Err(ToolError::invalid(
            "message",
            format!(
                "an identical {} was already posted to ticket {label} in the last 10 minutes; it was not sent again",
                if internal { "internal note" } else { "reply" }
            ),
        ));
    }
    let staff = match p.agent.as_deref() {
        Some(a) => Some(r.staff_id("agent", a)?).filter(|id| *id > 0),
        None => ticket.owner_staff_id.filter(|id| *id > 0),
    };
    let mut fields: Vec<(&str, String)> =
        vec![("ticketid", ticket.id.to_string()), ("contents", text.to_owned())];
    let route = if internal { "/Tickets/TicketNote" } else { "/Tickets/TicketPost" };
    match (staff, internal) {
        (Some(id), _) => fields.push(("staffid", id.to_string())),
        (None, true) => fields.push(("fullname", "helpdesk-mcp".into())),
        (None, false) => {
            return Err(ToolError::invalid(
                "agent",
                format!("ticket {label} has no owner; name the staff member who replies in `agent`"),
            ));
        }
    }
    let what = if internal {
        format!("the internal note on ticket {label}")
    } else {
        format!("the reply to ticket {label}")
    };
    // A post or note changes the ticket only, never the departments, statuses or staff cached.
    let request = k.request(Method::Post, route, &fields).keeps_reference();
    let response = k.send_write(request, &what, &format!("get_ticket {label}"))?;
    if !response.is_success() {
        return Err(failure(&response, &Subject::ticket(&label)));
    }
    let root = super::xml::parse(&response.body).ok();
    let posted = root
        .as_ref()
        .and_then(|x| x.child("post").or_else(|| (x.name == "post").then_some(x)))
        .map(Post::from_xml);
    let position = ticket.posts.len() + ticket.notes.len() + 1;
    let message = MessageView {
        id: posted.as_ref().map(|x| x.id.clone()).filter(|i| !i.is_empty()).unwrap_or_else(|| "new".into()),
        position,
        created_at: projection::time(posted.as_ref().map_or(now, |x| x.dateline)),
        role: if internal { Role::InternalNote } else { Role::Agent },
        author: Person { id: staff.map(|s| s.to_string()), name: r.staff_name(staff), email: None },
        channel: internal.then(|| "note".into()),
        text: text.to_owned(),
        text_truncated: false,
        attachments: vec![],
    };
    let action = if internal {
        format!("Added an internal note to ticket {label} (not sent to the customer).")
    } else {
        format!(
            "Sent a reply to ticket {label}{}.",
            ticket.email.as_ref().map(|e| format!(" to {e}")).unwrap_or_default()
        )
    };
    let mut summary = projection::ticket_summary(&ticket, &r);
    summary.messages_count = Some(position as u32);
    Ok(WriteOutput {
        action,
        ticket: summary,
        message: Some(message),
        changes: vec![],
        failed: vec![],
        notes: vec![],
    })
}

/// `update_ticket`: read → one PUT with every change (safe to repeat) → the
/// ticket Kayako answers with, compared field by field.
pub fn update(k: &Kayako, p: &UpdateTicketParams) -> Result<WriteOutput, ToolError> {
    let unsupported = [
        (p.add_tags.is_some() || p.remove_tags.is_some() || p.set_tags.is_some(), "tags"),
        (p.snooze_until.is_some(), "snooze_until"),
    ];
    if let Some((_, field)) = unsupported.iter().find(|(set, _)| *set) {
        return Err(ToolError::invalid(
            *field,
            "Kayako Classic's REST API cannot change this; update status, priority, assignee, team, subject or fields.type",
        ));
    }
    let (before, r) = fetch(k, &p.id.0)?;
    let label = before.label();
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(s) = p.status.as_deref() {
        let ids = r.status_ids("status", s)?;
        // "closed" or "open" mean the first status of that kind.
        let id = ids.first().ok_or_else(|| ToolError::invalid("status", "no Kayako status matches"))?;
        fields.push(("ticketstatusid", id.to_string()));
    }
    if let Some(v) = p.priority.as_deref() {
        fields.push((
            "ticketpriorityid",
            super::reference::resolve("priority", "priority", v, &r.priorities)?.to_string(),
        ));
    }
    if let Some(a) = p.assignee.as_deref() {
        fields.push(("ownerstaffid", r.staff_id("assignee", a)?.to_string()));
    }
    if let Some(t) = p.team.as_deref() {
        fields.push((
            "departmentid",
            super::reference::resolve("team", "department", t, &r.departments)?.to_string(),
        ));
    }
    if let Some(s) = p.subject.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        fields.push(("subject", s.to_owned()));
    }
    for (key, value) in p.fields.iter().flatten() {
        let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        match key.trim().to_ascii_lowercase().as_str() {
            "type" | "tickettype" => fields.push((
                "tickettypeid",
                super::reference::resolve(&format!("fields.{key}"), "type", &text, &r.types)?.to_string(),
            )),
            _ => {
                return Err(ToolError::invalid(
                    format!("fields.{key}"),
                    "Kayako Classic updates only `type` here; custom fields go through call_api update_ticket_custom_fields",
                ));
            }
        }
    }
    let mut request = k.request(Method::Put, &format!("/Tickets/Ticket/{}", before.id), &fields);
    request.idempotent = true;
    let response =
        k.send_write(request, &format!("the update of ticket {label}"), &format!("get_ticket {label}"))?;
    let root = decode(Ok(response), &Subject::ticket(&label))?;
    let after = Ticket::list(&root).into_iter().next().unwrap_or_else(|| before.clone());
    let changes = changes(&before, &after, &r);
    let action = if changes.is_empty() {
        format!("Ticket {label} already had these values; nothing changed.")
    } else {
        format!("Updated ticket {label}.")
    };
    Ok(WriteOutput {
        action,
        ticket: projection::ticket_summary(&after, &r),
        message: None,
        changes,
        failed: vec![],
        notes: vec![],
    })
}

fn changes(before: &Ticket, after: &Ticket, r: &Reference) -> Vec<Change> {
    let (b, a) = (projection::ticket_summary(before, r), projection::ticket_summary(after, r));
    let mut c = Changes::of_summaries(&b, &a);
    c.diff("type", r.kind(before.type_id), r.kind(after.type_id));
    c.into_vec()
}
