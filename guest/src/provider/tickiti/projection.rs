//! Tickiti's wire JSON → the neutral views: tickets (from `tickets/show` or a perspective
//! row, whose columns vary), responses as a conversation oldest first (HTML to text,
//! quotes stripped, internal notes and their authors marked), totals in Tickiti's words.

use serde_json::{Map, Value};

use super::wire::{self, Staff};
use crate::model::{FieldValue, MessageView, Person, Role, TicketDetail, TicketSummary};
use crate::provider::{Terms, count};
use crate::text::{html_to_text, strip_quoted};

/// Tickiti's words for ticket fields.
pub const TERMS: Terms = Terms { team: "Queue" };

/// `2026-05-02T10:05:11+00:00` → `2026-05-02T10:05:11Z` (UTC).
pub fn time(raw: Option<&str>) -> Option<String> {
    let raw = raw?.trim();
    let parsed = chrono::DateTime::parse_from_rfc3339(raw).ok()?;
    Some(parsed.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn nonempty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// A ticket as listed.
pub fn ticket_summary(t: &wire::Ticket) -> TicketSummary {
    TicketSummary {
        id: t.ticket_number.clone(),
        subject: t.subject.clone(),
        status: t.status.clone(),
        customer: Some(Person {
            id: None,
            name: nonempty(t.originator.name.as_deref()),
            email: nonempty(t.originator.email_address.as_deref()),
        }),
        assignee: t.assignee.as_ref().map(|a| a.name.clone()).filter(|n| !n.is_empty()),
        team: t.queue.as_ref().map(|q| q.name.clone()),
        created_at: time(t.created_at.as_deref()),
        updated_at: time(t.updated_at.as_deref()),
        messages_count: t.response_count,
        ..TicketSummary::default()
    }
}

/// A ticket with every field Tickiti gives, labelled in its words.
pub fn ticket_detail(t: &wire::Ticket, responses: &[wire::Response]) -> TicketDetail {
    let mut summary = ticket_summary(t);
    summary.last_message_at = responses.iter().filter_map(|r| time(r.created_at.as_deref())).max();
    summary.messages_count = Some(responses.len() as u32);
    let mut fields: Vec<FieldValue> = Vec::new();
    if let Some(c) = &t.resolution_category {
        fields.push(FieldValue { label: "Resolution category".into(), value: c.name.clone() });
    }
    if !t.watchlists.is_empty() {
        let names: Vec<&str> = t.watchlists.iter().map(|w| w.name.as_str()).collect();
        fields.push(FieldValue { label: "Watchlists".into(), value: names.join(", ") });
    }
    for (k, v) in &t.data {
        let value = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        fields.push(FieldValue { label: k.replace('_', " "), value });
    }
    TicketDetail {
        summary,
        closed_at: time(t.resolved_at.as_deref()),
        snoozed_until: nonempty(t.on_hold_until.as_deref()),
        external_id: t.data.get("order_number").and_then(Value::as_str).map(str::to_owned),
        fields,
        ..TicketDetail::default()
    }
}

/// A perspective row (its columns vary) as a listed ticket; `None` without a number.
pub fn row_summary(row: &Map<String, Value>) -> Option<TicketSummary> {
    let text = |k: &str| {
        row.get(k).and_then(|v| v.as_str().map(str::to_owned).or_else(|| v.as_u64().map(|n| n.to_string())))
    };
    let id = text("ticket_number")?;
    let customer = (row.contains_key("originator_name") || row.contains_key("originator_email"))
        .then(|| Person { id: None, name: text("originator_name"), email: text("originator_email") });
    Some(TicketSummary {
        id,
        subject: text("subject").unwrap_or_default(),
        status: text("status").unwrap_or_default(),
        customer,
        assignee: text("assignee"),
        team: text("queue"),
        created_at: time(text("created_at").as_deref()),
        updated_at: time(text("updated_at").as_deref()),
        ..TicketSummary::default()
    })
}

/// The staff member writing from `email`, named when the staff list has them.
pub fn author(email: Option<&str>, staff: &[Staff]) -> Person {
    let email = nonempty(email);
    let name = email
        .as_deref()
        .and_then(|e| {
            staff.iter().find(|s| s.email_address.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(e)))
        })
        .map(|s| s.name.clone());
    Person { id: None, name, email }
}

/// Responses, oldest first, as a conversation.
pub fn conversation(responses: &[wire::Response], staff: &[Staff], customer: &Person) -> Vec<MessageView> {
    let mut sorted: Vec<&wire::Response> = responses.iter().collect();
    sorted.sort_by_key(|r| (time(r.created_at.as_deref()), r.id.parse::<u64>().unwrap_or(u64::MAX)));
    sorted
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = match (&r.html, &r.plain_text) {
                (Some(h), _) if !h.trim().is_empty() => html_to_text(h),
                (_, Some(p)) => p.clone(),
                _ => String::new(),
            };
            let role = match (r.is_internal, r.staff_response) {
                (true, _) => Role::InternalNote,
                (false, true) => Role::Agent,
                (false, false) => Role::Customer,
            };
            let mut who = author(r.created_by_email.as_deref(), staff);
            if role == Role::Customer && who.email == customer.email {
                who.name = customer.name.clone();
            }
            MessageView {
                id: r.id.clone(),
                position: i + 1,
                created_at: time(r.created_at.as_deref()),
                role,
                author: who,
                channel: Some(if r.is_internal { "internal note" } else { "email" }.to_owned()),
                text: strip_quoted(&text),
                text_truncated: false,
                attachments: r
                    .attachments
                    .iter()
                    .filter_map(|a| {
                        a.get("name").or_else(|| a.get("filename")).and_then(Value::as_str).map(str::to_owned)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// "4 responses (1 internal)".
pub fn totals(responses: &[wire::Response]) -> String {
    let internal = responses.iter().filter(|r| r.is_internal).count();
    let all = count(responses.len(), "response", "responses");
    if internal == 0 { all } else { format!("{all} ({internal} internal)") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(id: &str, at: &str, internal: bool, staff: bool, html: &str) -> wire::Response {
        wire::Response {
            id: id.into(),
            is_internal: internal,
            staff_response: staff,
            created_by_email: Some("maya@x.test".into()),
            created_at: Some(at.into()),
            html: Some(html.into()),
            ..wire::Response::default()
        }
    }

    #[test]
    fn the_conversation_is_oldest_first_with_notes_and_authors_marked() {
        let staff = vec![Staff {
            name: "Maya L".into(),
            email_address: Some("MAYA@x.test".into()),
            ..Staff::default()
        }];
        let rs = vec![
            response("9", "2026-05-02T12:00:00+02:00", true, true, "<p>note</p>"),
            response(
                "3",
                "2026-05-02T09:00:00+00:00",
                false,
                false,
                "<p>Hi <b>there</b></p><blockquote>old</blockquote>",
            ),
        ];
        let c = conversation(&rs, &staff, &Person::default());
        assert_eq!((c[0].id.as_str(), c[0].role, c[0].text.as_str()), ("3", Role::Customer, "Hi there"));
        assert_eq!((c[1].role, c[1].author.name.as_deref()), (Role::InternalNote, Some("Maya L")));
        assert_eq!(c[1].created_at.as_deref(), Some("2026-05-02T10:00:00Z"));
        assert_eq!(totals(&rs), "2 responses (1 internal)");
    }

    #[test]
    fn rows_follow_their_columns() {
        let row = json!({ "ticket_number": 220009, "subject": "S", "originator_email": "a@b.c" });
        let s = row_summary(row.as_object().unwrap()).unwrap();
        assert_eq!((s.id.as_str(), s.status.as_str()), ("220009", ""));
        assert_eq!(s.customer.unwrap().email.as_deref(), Some("a@b.c"));
        assert!(row_summary(json!({ "subject": "S" }).as_object().unwrap()).is_none());
    }
}
