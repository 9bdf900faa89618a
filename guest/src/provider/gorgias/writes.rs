//! Writes on Gorgias: create a ticket, reply (or note), update a ticket.
//!
//! A write is never sent twice by us: creates and replies are not idempotent,
//! so the transport resends them only when they provably did not arrive
//! (refused connection, 429), and `send_write` reports an unconfirmed outcome
//! as unknown. A reply identical to one posted minutes ago is refused, which
//! also stops a model from repeating itself after an unknown outcome.

use super::client::GorgiasSubject as _;
use chrono::Duration as Span;
use serde_json::{Value, json};

use super::client::{Subject, decode, failure, send_write};
use super::filters::{Assignee, PRIORITIES};
use super::{Gorgias, projection, reference, wire};
use crate::http::{HttpError, Method, Request};
use crate::model::MessageView;
use crate::text::{one_line, text_to_html};
use crate::tool::ToolError;
use crate::tool::create_ticket::{Author, CreateTicketParams};
use crate::tool::reply_to_ticket::ReplyToTicketParams;
use crate::tool::write_output::WriteOutput;

/// How far back an identical reply counts as a duplicate.
const DUPLICATE_WINDOW_MINUTES: i64 = 10;

/// `create_ticket`.
pub fn create(g: &Gorgias, p: &CreateTicketParams) -> Result<WriteOutput, ToolError> {
    if p.category.is_some() {
        return Err(ToolError::invalid(
            "category",
            "this helpdesk has no ticket categories; leave category out",
        ));
    }
    let customer = person_ref(p.customer.trim(), "customer")?;
    let channel =
        p.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()).unwrap_or("email").to_ascii_lowercase();
    let priority = p.priority.as_deref().map(|v| one_of("priority", v, PRIORITIES)).transpose()?;
    let from_agent = p.from.unwrap_or_default() == Author::Agent;
    let assignee = match p.assignee.as_deref() {
        Some(a) => match reference::assignee(g, a)? {
            Assignee::Agent(id) => Some(id),
            Assignee::Unassigned => None,
        },
        None => None,
    };
    let team = p.team.as_deref().map(|t| reference::team(g, t)).transpose()?.flatten();
    let sender = if from_agent { agent_ref(g, p.agent.as_deref())? } else { customer.clone() };
    let mut message = json!({
        "channel": channel, "via": "api", "from_agent": from_agent, "sender": sender,
        "subject": p.subject.trim(), "body_text": p.message.trim(), "body_html": text_to_html(p.message.trim()),
    });
    if from_agent {
        message["receiver"] = customer.clone();
    }
    let mut body = json!({
        "customer": customer, "channel": channel, "via": "api", "from_agent": from_agent,
        "subject": p.subject.trim(), "messages": [message],
    });
    if let Some(tags) = p.tags.as_ref().filter(|t| !t.is_empty()) {
        body["tags"] = tags.iter().map(|t| json!({ "name": t.trim() })).collect();
    }
    if let Some(id) = assignee {
        body["assignee_user"] = json!({ "id": id });
    }
    if let Some(id) = team {
        body["assignee_team"] = json!({ "id": id });
    }
    if let Some(pr) = priority {
        body["priority"] = json!(pr);
    }
    let mut request = g.request(Method::Post, "/tickets", &[], Some(&body));
    request.idempotent = false;
    let check = format!("search_tickets for {}", p.customer.trim());
    let response = send_write(g, request, "the new ticket", &check)?;
    let ticket: wire::Ticket = decode(Ok(response), &Subject::api("ticket creation"))?;
    let action = if from_agent {
        format!("Created ticket #{} and sent the first message to {}.", ticket.id, p.customer.trim())
    } else {
        format!("Created ticket #{} recording the customer's message (nothing was sent).", ticket.id)
    };
    Ok(WriteOutput {
        action,
        ticket: projection::ticket_summary(&ticket),
        message: None,
        changes: vec![],
        failed: vec![],
        notes: vec![],
    })
}

/// `reply_to_ticket`.
pub fn reply(g: &Gorgias, p: &ReplyToTicketParams) -> Result<WriteOutput, ToolError> {
    let id = number(&p.id.0)?;
    let subject = Subject::ticket(&id.to_string());
    let internal = p.internal.unwrap_or(false);
    let text = p.message.trim();
    // The ticket (channel, customer) and its latest messages (duplicate check) together.
    let recent = g.get(
        "/messages",
        &[
            ("ticket_id", id.to_string()),
            ("limit", "10".into()),
            ("order_by", "created_datetime:desc".into()),
        ],
    );
    let mut results = g.send_all(vec![g.get(&format!("/tickets/{id}"), &[]), recent]).into_iter();
    let mut next = || results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let ticket: wire::Ticket = decode(next(), &subject)?;
    let latest: wire::List<wire::Message> = decode(next(), &subject)?;
    if let Some(dup) = latest.data.iter().find(|m| is_duplicate(m, text, internal)) {
        return Err(ToolError::invalid(
            "message",
            format!(
                "an identical {} was already posted to ticket {id} at {} (message {}); it was not sent again",
                if internal { "internal note" } else { "reply" },
                projection::time(dup.created_datetime.as_deref()).unwrap_or_default(),
                dup.id
            ),
        ));
    }
    let channel = if internal {
        "internal-note".to_owned()
    } else {
        p.channel.clone().or(ticket.channel.clone()).unwrap_or_else(|| "email".into()).to_ascii_lowercase()
    };
    let sender = agent_ref(g, p.agent.as_deref())?;
    let mut body = json!({
        "channel": channel, "via": "api", "from_agent": true, "public": !internal, "sender": sender,
        "body_text": text, "body_html": text_to_html(text),
    });
    let customer = ticket.customer.as_ref();
    if !internal {
        let c = customer.ok_or_else(|| {
            ToolError::invalid(
                "id",
                format!("ticket {id} has no customer to reply to; add an internal note instead"),
            )
        })?;
        body["receiver"] = match (c.id, &c.email) {
            (Some(cid), _) => json!({ "id": cid }),
            (None, Some(email)) => json!({ "email": email }),
            (None, None) => return Err(ToolError::invalid("id", "the ticket's customer has no id or email")),
        };
        if channel == "email"
            && let Some(to) = &c.email
        {
            body["source"] = json!({ "type": "email", "to": [{ "address": to }], "from": { "address": g.cfg.credentials.email() } });
        }
    }
    let mut request = g.request(Method::Post, &format!("/tickets/{id}/messages"), &[], Some(&body));
    request.idempotent = false;
    let what = if internal {
        format!("the internal note on ticket {id}")
    } else {
        format!("the reply to ticket {id}")
    };
    // A message changes the ticket only, never the users, teams, tags or views cached.
    let response = send_write(g, request.keeps_reference(), &what, &format!("get_ticket {id}"))?;
    if !response.is_success() {
        return Err(failure(&response, &subject));
    }
    let message: wire::Message = decode(Ok(response), &subject)?;
    let position = ticket.messages_count.unwrap_or(0) as usize + 1;
    let view: MessageView = projection::message(&message, position);
    let action = if internal {
        format!("Added an internal note to ticket #{id} (not sent to the customer).")
    } else {
        format!(
            "Sent a reply to ticket #{id} on {channel}{}.",
            customer.and_then(|c| c.email.as_ref()).map(|e| format!(" to {e}")).unwrap_or_default()
        )
    };
    let mut summary = projection::ticket_summary(&ticket);
    summary.messages_count = Some(position as u32);
    Ok(WriteOutput {
        action,
        ticket: summary,
        message: Some(view),
        changes: vec![],
        failed: vec![],
        notes: vec![],
    })
}

/// Whether `m` is the same agent text posted within the duplicate window.
fn is_duplicate(m: &wire::Message, text: &str, internal: bool) -> bool {
    let same_kind = (m.channel.as_deref() == Some("internal-note") || m.public == Some(false)) == internal;
    let same_text = m
        .stripped_text
        .as_deref()
        .or(m.body_text.as_deref())
        .is_some_and(|t| one_line(t).eq_ignore_ascii_case(&one_line(text)));
    let recent = m
        .created_datetime
        .as_deref()
        .and_then(super::filters::parse_time)
        .is_some_and(|at| crate::clock::now().naive_utc() - at < Span::minutes(DUPLICATE_WINDOW_MINUTES));
    m.from_agent == Some(true) && same_kind && same_text && recent
}

/// A Gorgias ticket id.
pub fn number(raw: &str) -> Result<u64, ToolError> {
    raw.parse().map_err(|_| {
        ToolError::invalid("id", format!("`{raw}` is not a Gorgias ticket number (they are numeric)"))
    })
}

/// `{"id": n}` for a numeric reference, `{"email": e}` for an email.
fn person_ref(raw: &str, field: &str) -> Result<Value, ToolError> {
    if let Ok(id) = raw.parse::<u64>() {
        return Ok(json!({ "id": id }));
    }
    if raw.contains('@') && !raw.contains(char::is_whitespace) {
        return Ok(json!({ "email": raw.to_lowercase() }));
    }
    Err(ToolError::invalid(
        field,
        format!("`{raw}` is neither an id nor an email; find customers with search_customers"),
    ))
}

/// The writing agent: the named one, else the API user (by its email).
fn agent_ref(g: &Gorgias, agent: Option<&str>) -> Result<Value, ToolError> {
    match agent.map(str::trim).filter(|a| !a.is_empty()) {
        None => Ok(json!({ "email": g.cfg.credentials.email() })),
        Some(a) => match reference::assignee(g, a) {
            Ok(Assignee::Agent(id)) => Ok(json!({ "id": id })),
            Ok(Assignee::Unassigned) => {
                Err(ToolError::invalid("agent", "name the agent who writes, or omit it"))
            }
            Err(ToolError::InvalidArgument { message, .. }) => Err(ToolError::invalid("agent", message)),
            Err(e) => Err(e),
        },
    }
}

/// A value checked against an allowed list (case-insensitive), lower-cased.
pub fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<String, ToolError> {
    let v = value.trim().to_ascii_lowercase();
    if allowed.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(ToolError::invalid(field, format!("`{value}` is not allowed; use {}", allowed.join(", "))))
    }
}

/// A write request that is safe to repeat (PUT, DELETE, adding the same tags).
pub fn idempotent(mut request: Request) -> Request {
    request.idempotent = true;
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(json: Value) -> wire::Message {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn duplicates_are_the_same_agent_text_posted_recently() {
        let now = crate::clock::now().naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string();
        let m = message(
            json!({ "id": 1, "from_agent": true, "public": true, "channel": "email", "body_text": "Hi Alice,\n\nRefund sent.", "created_datetime": now }),
        );
        assert!(is_duplicate(&m, "Hi Alice, Refund sent.", false));
        assert!(!is_duplicate(&m, "Hi Alice, Refund sent.", true), "a note is not a duplicate of a reply");
        assert!(!is_duplicate(&m, "Something else", false));
        let old = message(
            json!({ "id": 2, "from_agent": true, "public": true, "body_text": "Refund sent.", "created_datetime": "2020-01-01T00:00:00" }),
        );
        assert!(!is_duplicate(&old, "Refund sent.", false));
    }

    #[test]
    fn people_are_referenced_by_id_or_email() {
        assert_eq!(person_ref("42", "customer").unwrap(), json!({ "id": 42 }));
        assert_eq!(person_ref("Bob@Example.org", "customer").unwrap(), json!({ "email": "bob@example.org" }));
        assert!(person_ref("Bob Smith", "customer").is_err());
    }
}
