//! Writes: `create_ticket` (`POST tickets`, subject and content inside `data`, or a
//! template / intervention), `reply_to_ticket` (`tickets/respond`, public or internal, as a
//! named staff email, optionally on hold until a date) and `update_ticket` (the
//! supervisor's assign / status / queue / subject routes). Every write carries a derived
//! idempotency key; the reply also guards the key's window edge by reading the ticket's
//! responses first, in the same round trip as the ticket itself.

use serde_json::{Map, Value, json};

use super::client::{api_subject, envelope, ticket_subject};
use super::idempotency::{WINDOW_SECS, bucket_start};
use super::reference::{self, QUEUES, STAFF};
use super::tickets::{number, short};
use super::wire::{self, Created, Item, Responded, Responses, Show, Staff};
use super::{Tickiti, projection};
use crate::http::HttpError;
use crate::model::{MessageView, Person, Role};
use crate::provider::write::Changes;
use crate::text::{html_to_text, one_line, text_to_html};
use crate::tool::ToolError;
use crate::tool::create_ticket::{Author, CreateTicketParams};
use crate::tool::reply_to_ticket::ReplyToTicketParams;
use crate::tool::update_ticket::UpdateTicketParams;
use crate::tool::write_output::WriteOutput;

fn show(t: &Tickiti, n: &str) -> Result<wire::Ticket, ToolError> {
    let s: Show = t.fetch(t.read("tickets/show", &json!({ "ticket_number": n })), &ticket_subject(n))?;
    Ok(s.ticket)
}

fn date(field: &str, raw: &str) -> Result<String, ToolError> {
    let raw = raw.trim();
    let d = chrono::NaiveDate::parse_from_str(raw.get(..10).unwrap_or(raw), "%Y-%m-%d")
        .map_err(|_| ToolError::invalid(field, format!("`{raw}` is not a date; use YYYY-MM-DD")))?;
    Ok(d.format("%Y-%m-%d").to_string())
}

/// `create_ticket`.
pub fn create(t: &Tickiti, p: &CreateTicketParams) -> Result<WriteOutput, ToolError> {
    let customer = p.customer.trim().to_lowercase();
    if !customer.contains('@') || customer.contains(char::is_whitespace) {
        return Err(ToolError::invalid(
            "customer",
            "Tickiti opens tickets for an originator email address; give the customer's email",
        ));
    }
    if p.from.unwrap_or_default() == Author::Agent {
        return Err(ToolError::invalid(
            "from",
            "Tickiti records the customer's message as the first response; create with from=customer, then reply_to_ticket to write to them",
        ));
    }
    for (set, field, what) in [
        (p.priority.is_some(), "priority", "Tickiti tickets have no priority"),
        (
            p.tags.as_ref().is_some_and(|x| !x.is_empty()),
            "tags",
            "Tickiti has no tags (watchlists group tickets)",
        ),
        (
            p.assignee.is_some(),
            "assignee",
            "Tickiti's create takes no assignee; assign with update_ticket afterwards",
        ),
        (
            p.channel.as_deref().is_some_and(|c| !c.eq_ignore_ascii_case("email")),
            "channel",
            "Tickiti tickets arrive by email",
        ),
    ] {
        if set {
            return Err(ToolError::invalid(field, what));
        }
    }
    let mut body = Map::new();
    body.insert("originator_email_address".into(), json!(customer));
    let mut data = Map::new();
    if !p.subject.trim().is_empty() {
        data.insert("subject".into(), json!(p.subject.trim()));
    }
    if !p.message.trim().is_empty() {
        data.insert("content".into(), json!(text_to_html(p.message.trim())));
    }
    body.insert("data".into(), Value::Object(data));
    if let Some(team) = &p.team {
        let queues: Vec<Item> = reference::load(t, QUEUES)?;
        body.insert("queue_name".into(), json!(reference::queue_name(&queues, "team", team)?));
    }
    if let Some(tpl) = p.template.as_deref().map(str::trim) {
        let interventions: Vec<Item> = reference::load(t, "workflow/interventions").unwrap_or_default();
        match interventions.iter().find(|i| i.name.eq_ignore_ascii_case(tpl)) {
            Some(i) => body.insert("intervention".into(), json!(i.name)),
            None => body.insert("template_identifier".into(), json!(tpl)),
        };
    }
    let written = t.write::<Created>(
        "tickets",
        &Value::Object(body),
        &api_subject("ticket creation"),
        &format!("the new ticket for {customer}"),
    )?;
    let n = written.data.ticket_number;
    let mut notes = Vec::new();
    if written.replayed {
        notes.push("Tickiti replayed the answer to an identical earlier request: the ticket was created once, not twice.".into());
    }
    let ticket = match show(t, &n) {
        Ok(x) => projection::ticket_summary(&x),
        Err(e) => {
            notes.push(format!("The new ticket could not be read back ({}).", short(&e)));
            crate::model::TicketSummary { id: n.clone(), subject: p.subject.clone(), ..Default::default() }
        }
    };
    Ok(WriteOutput {
        action: format!("Created ticket {n} for {customer}."),
        ticket,
        message: None,
        changes: vec![],
        failed: vec![],
        notes,
    })
}

/// `reply_to_ticket`.
pub fn reply(t: &Tickiti, p: &ReplyToTicketParams) -> Result<WriteOutput, ToolError> {
    let n = number("id", &p.id.0)?;
    if p.channel.as_deref().is_some_and(|c| !c.eq_ignore_ascii_case("email")) {
        return Err(ToolError::invalid("channel", "Tickiti replies go out by email"));
    }
    let hold = p.on_hold_until.as_deref().map(|d| date("on_hold_until", d)).transpose()?;
    let key = json!({ "ticket_number": n });
    let mut results = t
        .send_all(vec![t.read("tickets/show", &key), t.read("tickets/responses", &key), t.reference(STAFF)])
        .into_iter();
    let mut next = || results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let subject = ticket_subject(&n);
    let (ticket, responses) = (next(), next());
    let ticket: Show = envelope(ticket, &subject)?;
    let ticket = ticket.ticket;
    let responses: Responses = envelope(responses, &subject)?;
    let staff: Vec<Staff> = reference::decode(next(), STAFF).unwrap_or_default();
    let from = match (&p.agent, &ticket.assignee) {
        (Some(a), _) => reference::staff_email(&staff, "agent", a)?,
        (None, Some(a)) if a.email_address.is_some() => a.email_address.clone().unwrap_or_default(),
        _ => {
            return Err(ToolError::invalid(
                "agent",
                format!(
                    "ticket {n} has no assignee; name the staff member who writes in `agent` (email or name; see list_reference kind=agents)"
                ),
            ));
        }
    };
    let internal = p.internal.unwrap_or(false);
    let text = p.message.trim();
    let now = crate::clock::now().timestamp();
    // The key changes when a new 10-minute bucket starts: an identical response from the
    // previous bucket is the first try of this very write, so it is not sent again.
    let earlier = responses.responses.iter().find(|r| {
        let at = r
            .created_at
            .as_deref()
            .and_then(|x| chrono::DateTime::parse_from_rfc3339(x).ok())
            .map(|d| d.timestamp());
        r.is_internal == internal
            && r.created_by_email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&from))
            && at.is_some_and(|at| at >= now - WINDOW_SECS && at < bucket_start(now))
            && one_line(&html_to_text(r.html.as_deref().unwrap_or_default()))
                == one_line(&html_to_text(&text_to_html(text)))
    });
    let mut body = json!({ "ticket_number": n, "from_email": from, "content": text_to_html(text), "is_internal": internal });
    if let (Some(d), Some(map)) = (&hold, body.as_object_mut()) {
        map.insert("status".into(), json!("on-hold"));
        map.insert("on_hold_until".into(), json!(d));
    }
    let what = if internal { "internal note" } else { "reply" };
    let (response_id, mut notes) = match earlier {
        Some(r) => (
            r.id.clone(),
            vec![format!(
                "An identical {what} by {from} was already posted at {} (response {}); it was not sent again.",
                projection::time(r.created_at.as_deref()).unwrap_or_default(),
                r.id
            )],
        ),
        None => {
            let w = t.write::<Responded>(
                "tickets/respond",
                &body,
                &subject,
                &format!("the {what} to ticket {n}"),
            )?;
            let mut notes = Vec::new();
            if w.replayed {
                notes.push(format!("Tickiti replayed its answer to the identical earlier request: the {what} was posted once, not twice."));
            }
            if w.data.reopened {
                notes.push("The ticket was resolved and is open again.".into());
            }
            (w.data.response_id, notes)
        }
    };
    if let Some(d) = &hold {
        notes.push(format!("The ticket is on hold until {d}."));
    }
    let mut summary = projection::ticket_summary(&ticket);
    let position = responses.responses.len() + usize::from(earlier.is_none());
    summary.messages_count = Some(position as u32);
    let customer = ticket.originator.email_address.clone().unwrap_or_default();
    let replayed = notes.iter().any(|x| x.contains("replayed") || x.contains("not sent again"));
    let action = match (internal, replayed) {
        (true, false) => format!("Added an internal note to ticket {n} (not sent to the customer)."),
        (false, false) => format!("Sent a reply to ticket {n} to {customer}."),
        (true, true) => format!("The internal note on ticket {n} is posted (once)."),
        (false, true) => format!("The reply to ticket {n} is posted to {customer} (once)."),
    };
    Ok(WriteOutput {
        action,
        ticket: summary,
        message: Some(MessageView {
            id: response_id,
            position,
            created_at: chrono::DateTime::from_timestamp(now, 0)
                .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            role: if internal { Role::InternalNote } else { Role::Agent },
            author: Person { id: None, ..projection::author(Some(&from), &staff) },
            channel: Some(if internal { "internal note" } else { "email" }.into()),
            text: text.to_owned(),
            text_truncated: false,
            attachments: vec![],
        }),
        changes: vec![],
        failed: vec![],
        notes,
    })
}

/// `update_ticket`: read → one supervisor call per change → read, compared field by field.
pub fn update(t: &Tickiti, p: &UpdateTicketParams) -> Result<WriteOutput, ToolError> {
    if p.priority.is_some() {
        return Err(ToolError::invalid("priority", "Tickiti tickets have no priority"));
    }
    if p.add_tags.is_some() || p.remove_tags.is_some() || p.set_tags.is_some() {
        return Err(ToolError::invalid(
            "tags",
            "Tickiti has no tags; watchlists group tickets (call_api supervisor_tickets_watch)",
        ));
    }
    let n = number("id", &p.id.0)?;
    let before = show(t, &n)?;
    let mut calls: Vec<(&str, &str, Value)> = Vec::new();
    if let Some(a) = &p.assignee {
        let email = if a.trim().eq_ignore_ascii_case("none") {
            "none".to_owned()
        } else {
            reference::staff_email(&reference::load::<Staff>(t, STAFF)?, "assignee", a)?
        };
        calls.push((
            "assignee",
            "supervisor/tickets/assign",
            json!({ "ticket_number": n, "staff_email": email }),
        ));
    }
    if let Some(team) = &p.team {
        let name = reference::queue_name(&reference::load::<Item>(t, QUEUES)?, "team", team)?;
        calls.push(("team", "supervisor/tickets/queue", json!({ "ticket_number": n, "queue_name": name })));
    }
    if let Some(s) = p.subject.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        calls.push(("subject", "supervisor/tickets/subject", json!({ "ticket_number": n, "subject": s })));
    }
    let mut status = p.status.as_deref().map(reference::status_name);
    let mut status_body = Map::new();
    match p.snooze_until.as_deref().map(str::trim) {
        Some(s) if s.eq_ignore_ascii_case("none") => status = status.or(Some("Open".into())),
        Some(s) => {
            status = Some("On Hold".into());
            status_body.insert("on_hold_until".into(), json!(date("snooze_until", s)?));
        }
        None => {}
    }
    for (k, v) in p.fields.iter().flatten() {
        match k.trim().to_ascii_lowercase().replace(' ', "_").as_str() {
            "resolution_category" => {
                let cats: Vec<Item> = reference::load(t, "workflow/resolution-categories")?;
                let raw = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                let c = cats.iter().find(|c| c.id == raw || c.name.eq_ignore_ascii_case(&raw)).ok_or_else(|| {
                    ToolError::invalid(format!("fields.{k}"), format!("no resolution category `{raw}`; see list_reference kind=resolution_categories"))
                })?;
                status_body
                    .insert("resolution_category_id".into(), json!(c.id.parse::<u64>().unwrap_or_default()));
                status = status.or(Some("Resolved".into()));
            }
            _ => {
                return Err(ToolError::invalid(
                    format!("fields.{k}"),
                    "Tickiti updates only `resolution_category` here (with status closed)",
                ));
            }
        }
    }
    if let Some(s) = status {
        status_body.insert("ticket_number".into(), json!(n));
        status_body.insert("status".into(), json!(s));
        calls.push(("status", "supervisor/tickets/status", Value::Object(status_body)));
    }
    let mut failed = Vec::new();
    for (field, route, body) in &calls {
        if let Err(e) =
            t.write::<Value>(route, body, &ticket_subject(&n), &format!("the {field} change of ticket {n}"))
        {
            // A refusal of the very first change applies nothing: report it as the error.
            if failed.is_empty() && calls.first().is_some_and(|(f, ..)| f == field) && calls.len() == 1 {
                return Err(e);
            }
            failed.push(format!("{field}: {e}"));
        }
    }
    let after = show(t, &n)?;
    let (b, a) = (projection::ticket_summary(&before), projection::ticket_summary(&after));
    let mut changes = Changes::of_summaries(&b, &a);
    changes.diff("on hold until", before.on_hold_until.clone(), after.on_hold_until.clone());
    let cat = |x: &wire::Ticket| x.resolution_category.as_ref().map(|c| c.name.clone());
    changes.diff("resolution category", cat(&before), cat(&after));
    let changes = changes.into_vec();
    let action = if changes.is_empty() && failed.is_empty() {
        format!("Ticket {n} already had these values; nothing changed.")
    } else {
        format!("Updated ticket {n}.")
    };
    Ok(WriteOutput { action, ticket: a, message: None, changes, failed, notes: vec![] })
}
