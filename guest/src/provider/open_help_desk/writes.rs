//! Writes: `POST /tickets`, `POST /tickets/{id}/replies` and `PATCH /tickets/{id}`.
//! Bodies are built from fixed field lists (the API silently ignores unknown
//! fields, so a misspelled one would change nothing or turn a note public), and
//! every write is read back: a result that does not show what was asked is a
//! `NotApplied` error, never a success. An internal note refused for a User key
//! is reported, never re-sent as a public reply.

use serde_json::{Map, Value, json};

use super::Ohd;
use super::client::{Call, STAFF, decode, failure, ticket_subject};
use super::projection::{self, People};
use super::reference::{self, Reference};
use super::tickets::load;
use super::wire::{List, Reply, Ticket};
use crate::http::Method;
use crate::model::{MessageView, Role};
use crate::provider::write::Changes;
use crate::text::one_line;
use crate::tool::ToolError;
use crate::tool::create_ticket::{Author, CreateTicketParams};
use crate::tool::reply_to_ticket::ReplyToTicketParams;
use crate::tool::update_ticket::UpdateTicketParams;
use crate::tool::write_output::WriteOutput;

/// How far back an identical reply counts as a duplicate (RFC 3339 strings compare in order).
const DUPLICATE_WINDOW_SECS: i64 = 600;

/// The fields `PATCH /tickets/{id}` applies; nothing else is ever sent.
pub const PATCH_FIELDS: [&str; 6] =
    ["status_id", "assignee_user_id", "assignee_group_id", "category_id", "type_id", "item_id"];

fn reread(o: &Ohd, id: &str) -> Result<Ticket, ToolError> {
    o.fetch(Call::get(format!("/tickets/{id}"), vec![]), &ticket_subject(id), STAFF)
}

/// `create_ticket`: attributed to the key's owner (the API's rule).
pub fn create(o: &Ohd, p: &CreateTicketParams) -> Result<WriteOutput, ToolError> {
    let refuse = |field: &str, why: &str| Err(ToolError::invalid(field, why.to_owned()));
    if p.from == Some(Author::Agent) {
        return refuse(
            "from",
            "Open Help Desk files a ticket as the key's owner; create it, then use reply_to_ticket to write to the reporter",
        );
    }
    if p.assignee.is_some() || p.team.is_some() {
        return refuse(
            "assignee",
            "Open Help Desk assigns after creation; create the ticket, then use update_ticket with assignee or team",
        );
    }
    if p.tags.as_ref().is_some_and(|t| !t.is_empty()) || p.channel.is_some() || p.agent.is_some() {
        return refuse(
            "tags",
            "Open Help Desk tickets have no tags, channel or writing agent; leave them out",
        );
    }
    let r = Reference::load(o, true)?;
    let Some(raw) = p.category.as_deref() else {
        let names: Vec<&str> = r.categories.iter().map(|c| c.category.name.as_str()).collect();
        return refuse(
            "category",
            &format!("Open Help Desk needs a category; choose from: {}", names.join(", ")),
        );
    };
    let path = r.category_path("category", raw)?;
    let priority = p
        .priority
        .as_deref()
        .map(|v| reference::priority("priority", v))
        .transpose()?
        .unwrap_or_else(|| "medium".into());
    let mut body = Map::new();
    body.insert("subject".into(), json!(p.subject.trim()));
    body.insert("description".into(), json!(p.message.trim()));
    body.insert("category_id".into(), json!(path.category));
    body.insert("priority".into(), json!(priority));
    body.extend(path.kind.clone().map(|t| ("type_id".to_owned(), json!(t))));
    body.extend(path.item.clone().map(|i| ("item_id".to_owned(), json!(i))));
    let customer = p.customer.trim();
    let mut notes = vec!["Open Help Desk attributes the ticket to the key's owner.".to_owned()];
    if customer.contains('@') && !customer.contains(char::is_whitespace) {
        body.insert("guest_email".into(), json!(customer.to_lowercase()));
        notes.push(format!("{customer} is recorded as the guest contact."));
    } else if !matches!(reference::fold(customer).as_str(), "me" | "self" | "") {
        body.insert("guest_name".into(), json!(customer));
        notes.push(format!("{customer} is recorded as the guest contact's name."));
    }
    let call = Call::write(Method::Post, "/tickets", Value::Object(body));
    let response = o.send_write(&call, "the new ticket", "list_tickets (newest first)")?;
    let created: Ticket = decode(Ok(response), &ticket_subject("new"), "any key")?;
    let after = reread(o, &created.id)?;
    let mut mismatch = Vec::new();
    if after.category_id != path.category || after.type_id != path.kind || after.item_id != path.item {
        mismatch.push(format!("category is not {raw}"));
    }
    if after.priority != priority {
        mismatch.push(format!("priority is {} (asked {priority})", after.priority));
    }
    if !mismatch.is_empty() {
        return Err(ToolError::NotApplied {
            action: format!("the new ticket {}", after.tracking_number),
            mismatch: mismatch.join("; "),
            check: format!("get_ticket {}", after.tracking_number),
        });
    }
    let people = People::of_staff(&r);
    Ok(WriteOutput {
        action: format!("Created ticket {} under {raw}.", after.tracking_number),
        ticket: projection::ticket_summary(&after, &r, &people),
        message: None,
        changes: vec![],
        failed: vec![],
        notes,
    })
}

/// `reply_to_ticket`: a public reply or an internal note (Staff and Admin keys).
pub fn reply(o: &Ohd, p: &ReplyToTicketParams) -> Result<WriteOutput, ToolError> {
    if p.agent.is_some() || p.channel.is_some() {
        return Err(ToolError::invalid(
            "agent",
            "Open Help Desk posts as the key's owner; leave agent and channel out",
        ));
    }
    let l = load(o, &p.id.0)?;
    let label = l.ticket.tracking_number.clone();
    let internal = p.internal.unwrap_or(false);
    let text = p.message.trim();
    let now = crate::clock::now();
    let recent =
        (now - chrono::Duration::seconds(DUPLICATE_WINDOW_SECS)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let same = |t: &str| one_line(t).eq_ignore_ascii_case(&one_line(text));
    if l.replies.iter().any(|x| x.internal == internal && same(&x.body) && x.created_at >= recent) {
        return Err(ToolError::invalid(
            "message",
            format!(
                "an identical {} was already posted to {label} in the last 10 minutes; it was not sent again",
                if internal { "internal note" } else { "reply" }
            ),
        ));
    }
    let what =
        if internal { format!("the internal note on {label}") } else { format!("the reply to {label}") };
    let call = Call::write(
        Method::Post,
        format!("/tickets/{}/replies", l.ticket.id),
        json!({ "body": text, "internal": internal, "notify_customer": !internal }),
    );
    let response = o.send_write(&call, &what, &format!("get_ticket {label}"))?;
    if response.status == 403 && internal {
        // Never retried as a public reply: the note was meant for staff only.
        return Err(ToolError::Forbidden {
            message: Some(
                "internal notes need a Staff or Admin key; nothing was posted (not even publicly)".into(),
            ),
        });
    }
    if !response.is_success() {
        return Err(failure(&response, &ticket_subject(&label), STAFF));
    }
    let posted: Reply = decode(Ok(response), &ticket_subject(&label), STAFF)?;
    let thread: List<Reply> = o.fetch(
        Call::get(format!("/tickets/{}/replies", l.ticket.id), vec![]),
        &ticket_subject(&label),
        STAFF,
    )?;
    let found = thread.data.iter().find(|x| x.id == posted.id);
    match found {
        Some(x) if x.internal == internal => {}
        Some(x) => {
            return Err(ToolError::NotApplied {
                action: what,
                mismatch: format!("it shows as {} (asked {})", visibility(x.internal), visibility(internal)),
                check: format!("get_ticket {label}"),
            });
        }
        None => {
            return Err(ToolError::NotApplied {
                action: what,
                mismatch: "it is not in the ticket's thread".into(),
                check: format!("get_ticket {label}"),
            });
        }
    }
    let author = posted.author_id.as_deref().map(|id| l.people.get(id)).unwrap_or_default();
    let message = MessageView {
        id: posted.id.clone(),
        position: thread.data.len() + 1,
        created_at: Some(posted.created_at.clone()),
        role: if internal { Role::InternalNote } else { Role::Agent },
        author,
        channel: internal.then(|| "internal-note".into()),
        text: text.to_owned(),
        text_truncated: false,
        attachments: vec![],
    };
    let after = reread(o, &l.ticket.id)?;
    let changes = Changes::of_summaries(
        &projection::ticket_summary(&l.ticket, &l.reference, &l.people),
        &projection::ticket_summary(&after, &l.reference, &l.people),
    );
    let action = if internal {
        format!("Added an internal note to {label} (visible to staff only).")
    } else {
        format!("Sent a public reply to {label}.")
    };
    let mut summary = projection::ticket_summary(&after, &l.reference, &l.people);
    summary.messages_count = u32::try_from(thread.data.len() + 1).ok();
    Ok(WriteOutput {
        action,
        ticket: summary,
        message: Some(message),
        changes: changes.into_vec(),
        failed: vec![],
        notes: vec![],
    })
}

fn visibility(internal: bool) -> &'static str {
    if internal { "an internal note" } else { "a public reply" }
}

/// `update_ticket`: status, assignee (user), team (group), `fields.category`.
pub fn update(o: &Ohd, p: &UpdateTicketParams) -> Result<WriteOutput, ToolError> {
    let unsupported = [
        (
            p.priority.is_some(),
            "priority",
            "Open Help Desk's API sets priority only when a ticket is created",
        ),
        (
            p.add_tags.is_some() || p.remove_tags.is_some() || p.set_tags.is_some(),
            "tags",
            "Open Help Desk tickets have no tags",
        ),
        (p.snooze_until.is_some(), "snooze_until", "Open Help Desk has no snooze"),
        (p.subject.is_some(), "subject", "Open Help Desk's API cannot change a subject"),
    ];
    if let Some((_, field, why)) = unsupported.iter().find(|(set, ..)| *set) {
        return Err(ToolError::invalid(
            *field,
            format!("{why}; update status, assignee, team or fields.category"),
        ));
    }
    let mut l = load(o, &p.id.0)?;
    let label = l.ticket.tracking_number.clone();
    let mut body = Map::new();
    let mut wanted: Vec<(&str, Option<String>)> = Vec::new();
    if let Some(s) = p.status.as_deref() {
        let ids = l.reference.status_ids("status", s)?;
        let id =
            ids.first().cloned().ok_or_else(|| ToolError::invalid("status", "no active status matches"))?;
        wanted.push(("status_id", Some(id)));
    }
    if let Some(a) = p.assignee.as_deref() {
        wanted.push(("assignee_user_id", l.reference.staff_id("assignee", a)?));
    }
    if let Some(t) = p.team.as_deref() {
        wanted.push(("assignee_group_id", l.reference.group_id("team", t)?));
    }
    for (key, value) in p.fields.iter().flatten() {
        let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        if reference::fold(key) != "category" {
            return Err(ToolError::invalid(
                format!("fields.{key}"),
                "Open Help Desk updates only `category` here (\"Category / Type / Item\")",
            ));
        }
        if text.contains(['/', '>']) {
            l.reference = Reference::load(o, true)?;
        }
        let path = l.reference.category_path("fields.category", &text)?;
        wanted.extend([("category_id", Some(path.category)), ("type_id", path.kind), ("item_id", path.item)]);
    }
    for (field, value) in &wanted {
        debug_assert!(PATCH_FIELDS.contains(field));
        body.insert((*field).to_owned(), value.clone().map_or(Value::Null, Value::String));
    }
    let action = format!("the update of {label}");
    let call = Call::write(Method::Patch, format!("/tickets/{}", l.ticket.id), Value::Object(body));
    let response = o.send_write(&call, &action, &format!("get_ticket {label}"))?;
    if !response.is_success() {
        return Err(failure(&response, &ticket_subject(&label), STAFF));
    }
    let after = reread(o, &l.ticket.id)?;
    let mismatch: Vec<String> = wanted
        .iter()
        .filter(|(field, value)| shown(&after, field) != value.as_deref())
        .map(|(field, value)| {
            format!(
                "{field} is {} (asked {})",
                shown(&after, field).unwrap_or("empty"),
                value.as_deref().unwrap_or("empty")
            )
        })
        .collect();
    if !mismatch.is_empty() {
        return Err(ToolError::NotApplied {
            action,
            mismatch: mismatch.join("; "),
            check: format!("get_ticket {label}"),
        });
    }
    let r = &l.reference;
    let (b, a) = (
        projection::ticket_summary(&l.ticket, r, &l.people),
        projection::ticket_summary(&after, r, &l.people),
    );
    let mut c = Changes::of_summaries(&b, &a);
    let names = |t: &Ticket| r.category_names(&t.category_id, t.type_id.as_deref(), t.item_id.as_deref());
    let path = |t: &Ticket| {
        let (c, k, i) = names(t);
        Some([Some(c), k, i].into_iter().flatten().collect::<Vec<_>>().join(" / "))
    };
    c.diff("category", path(&l.ticket), path(&after));
    let changes = c.into_vec();
    let action = if changes.is_empty() {
        format!("{label} already had these values; nothing changed.")
    } else {
        format!("Updated {label}.")
    };
    Ok(WriteOutput { action, ticket: a, message: None, changes, failed: vec![], notes: vec![] })
}

/// The ULID a ticket shows in a PATCH field.
fn shown<'t>(t: &'t Ticket, field: &str) -> Option<&'t str> {
    match field {
        "status_id" => Some(t.status_id.as_str()),
        "assignee_user_id" => t.assignee_user_id.as_deref(),
        "assignee_group_id" => t.assignee_group_id.as_deref(),
        "category_id" => Some(t.category_id.as_str()),
        "type_id" => t.type_id.as_deref(),
        "item_id" => t.item_id.as_deref(),
        _ => None,
    }
}
