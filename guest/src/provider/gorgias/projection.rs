//! Gorgias wire types → provider-neutral views: compact, chronological, HTML
//! and quoted replies stripped. Pure.

use serde_json::Value;

use super::wire;
use crate::model::{FieldValue, MessageView, Person, ReferenceItem, Role, TicketDetail, TicketSummary};
use crate::text::{clip, html_to_text, one_line, strip_quoted};

/// Longest excerpt shown in ticket lists.
const EXCERPT_CHARS: usize = 140;

/// `2019-11-16T15:59:41.966927` (UTC, no offset) → `2019-11-16T15:59:41Z`.
pub fn time(raw: Option<&str>) -> Option<String> {
    let raw = raw?.trim();
    if raw.is_empty() {
        return None;
    }
    let base = raw.split('.').next().unwrap_or(raw);
    let has_zone =
        base.ends_with('Z') || base.get(19..).is_some_and(|z| z.starts_with('+') || z.starts_with('-'));
    Some(if has_zone { base.to_owned() } else { format!("{base}Z") })
}

/// The best display name: `name`, else first + last (trimmed: an empty last
/// name must not leave a trailing space).
pub fn display_name(p: &wire::PersonRef) -> Option<String> {
    let joined = || {
        let s = format!("{} {}", p.firstname.as_deref().unwrap_or(""), p.lastname.as_deref().unwrap_or(""));
        Some(s.trim().to_owned()).filter(|s| !s.is_empty())
    };
    p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).or_else(joined)
}

/// A person reference as a [`Person`].
pub fn person(p: &wire::PersonRef) -> Person {
    Person {
        id: p.id.map(|id| id.to_string()),
        name: display_name(p),
        email: p.email.clone().filter(|e| !e.is_empty()),
    }
}

/// A ticket as a list row.
pub fn ticket_summary(t: &wire::Ticket) -> TicketSummary {
    TicketSummary {
        id: t.id.to_string(),
        subject: t.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "(no subject)".into()),
        status: t.status.clone().unwrap_or_else(|| "unknown".into()),
        priority: t.priority.clone(),
        channel: t.channel.clone(),
        customer: t.customer.as_ref().map(person),
        assignee: t.assignee_user.as_ref().and_then(|u| display_name(u).or_else(|| u.email.clone())),
        team: t.assignee_team.as_ref().and_then(|team| team.name.clone()),
        tags: t.tags.iter().map(|tag| tag.name.clone()).collect(),
        created_at: time(t.created_datetime.as_deref()),
        updated_at: time(t.updated_datetime.as_deref()),
        last_message_at: time(t.last_message_datetime.as_deref()),
        messages_count: t.messages_count,
        excerpt: t.excerpt.as_deref().map(|e| clip(&one_line(e), EXCERPT_CHARS).0).filter(|e| !e.is_empty()),
    }
}

/// A ticket with its custom field values.
pub fn ticket_detail(t: &wire::Ticket, fields: &[wire::FieldValue]) -> TicketDetail {
    TicketDetail {
        summary: ticket_summary(t),
        closed_at: time(t.closed_datetime.as_deref()),
        snoozed_until: time(t.snooze_datetime.as_deref()),
        external_id: t.external_id.clone().filter(|e| !e.is_empty()),
        language: t.language.clone(),
        spam: t.spam.unwrap_or(false),
        trashed: t.trashed_datetime.is_some(),
        fields: fields.iter().filter_map(field_value).collect(),
    }
}

fn field_value(v: &wire::FieldValue) -> Option<FieldValue> {
    let label = v.field.as_ref()?.label.clone()?;
    let value = match &v.value {
        Value::Null => return None,
        Value::String(s) if s.is_empty() => return None,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Some(FieldValue { label, value })
}

/// Who wrote a message.
pub fn role(m: &wire::Message) -> Role {
    let channel = m.channel.as_deref().unwrap_or("");
    if channel == "internal-note" || m.public == Some(false) {
        Role::InternalNote
    } else if m.via.as_deref() == Some("rule") {
        Role::System
    } else if m.from_agent == Some(true) {
        Role::Agent
    } else {
        Role::Customer
    }
}

/// The readable text of a message: Gorgias's own stripped text when present,
/// else the plain body, else the HTML, with quotes and signatures removed.
pub fn message_text(m: &wire::Message) -> String {
    let nonempty = |s: &Option<String>| s.as_deref().filter(|s| !s.trim().is_empty()).map(str::to_owned);
    let text = nonempty(&m.stripped_text)
        .or_else(|| nonempty(&m.body_text))
        .or_else(|| nonempty(&m.stripped_html).or_else(|| nonempty(&m.body_html)).map(|h| html_to_text(&h)))
        .unwrap_or_default();
    strip_quoted(&text)
}

/// A message at 1-based `position`.
pub fn message(m: &wire::Message, position: usize) -> MessageView {
    MessageView {
        id: m.id.to_string(),
        position,
        created_at: time(m.sent_datetime.as_deref().or(m.created_datetime.as_deref())),
        role: role(m),
        author: m.sender.as_ref().map(person).unwrap_or_default(),
        channel: m.channel.clone(),
        text: message_text(m),
        text_truncated: false,
        attachments: m.attachments.iter().filter_map(|a| a.name.clone()).collect(),
    }
}

/// Messages sorted oldest first (by sent, else created, then id).
pub fn conversation(mut messages: Vec<wire::Message>) -> Vec<MessageView> {
    messages.sort_by(|a, b| {
        let key = |m: &wire::Message| (m.sent_datetime.clone().or_else(|| m.created_datetime.clone()), m.id);
        key(a).cmp(&key(b))
    });
    messages.iter().enumerate().map(|(i, m)| message(m, i + 1)).collect()
}

/// An agent as reference data.
pub fn agent(u: &wire::User) -> ReferenceItem {
    let name = display_name(&wire::PersonRef {
        name: u.name.clone(),
        firstname: u.firstname.clone(),
        lastname: u.lastname.clone(),
        ..Default::default()
    });
    let mut detail: Vec<String> = u.email.iter().cloned().collect();
    detail.extend(u.role.as_ref().and_then(|r| r.name.clone()));
    if u.active == Some(false) {
        detail.push("inactive".into());
    }
    ReferenceItem {
        id: Some(u.id.to_string()),
        name: name.or_else(|| u.email.clone()).unwrap_or_else(|| format!("Agent {}", u.id)),
        detail: Some(detail.join(", ")).filter(|d| !d.is_empty()),
    }
}

/// A team as reference data.
pub fn team(t: &wire::Team) -> ReferenceItem {
    let members: Vec<String> = t.members.iter().filter_map(display_name).collect();
    let detail = match members.len() {
        0 => t.description.clone(),
        n if n <= 8 => Some(format!("{n} members: {}", members.join(", "))),
        n => Some(format!("{n} members: {}, …", members[..8].join(", "))),
    };
    ReferenceItem { id: Some(t.id.to_string()), name: t.name.clone(), detail }
}

/// A tag as reference data.
pub fn tag(t: &wire::Tag) -> ReferenceItem {
    let mut detail = Vec::new();
    detail.extend(t.usage.map(|u| format!("used on {u} tickets")));
    detail.extend(t.description.clone().filter(|d| !d.is_empty()));
    ReferenceItem {
        id: t.id.map(|id| id.to_string()),
        name: t.name.clone(),
        detail: Some(detail.join("; ")).filter(|d| !d.is_empty()),
    }
}

/// A view as reference data.
pub fn view(v: &wire::View) -> ReferenceItem {
    let mut detail = Vec::new();
    detail.extend(v.visibility.clone());
    detail.extend(
        v.filters.as_deref().filter(|f| !f.is_empty()).map(|f| format!("filters: {}", clip(f, 160).0)),
    );
    ReferenceItem {
        id: Some(v.id.to_string()),
        name: v.name.clone(),
        detail: Some(detail.join("; ")).filter(|d| !d.is_empty()),
    }
}

/// A custom field definition as reference data.
pub fn custom_field(f: &wire::CustomField) -> ReferenceItem {
    let def = f.definition.as_ref();
    let input = def.and_then(|d| d.input_settings.as_ref());
    let mut detail = vec![f.object_type.clone().unwrap_or_else(|| "Ticket".into())];
    detail.extend(input.and_then(|i| i.input_type.clone()).or_else(|| def.and_then(|d| d.data_type.clone())));
    let choices: Vec<String> = input
        .map(|i| i.choices.iter().map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned)).collect())
        .unwrap_or_default();
    if !choices.is_empty() {
        detail.push(format!("choices: {}", choices.join(", ")));
    }
    ReferenceItem { id: Some(f.id.to_string()), name: f.label.clone(), detail: Some(detail.join(" · ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(json: &str) -> wire::Message {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn times_become_utc_iso_without_microseconds() {
        assert_eq!(time(Some("2019-11-16T15:59:41.966927")).as_deref(), Some("2019-11-16T15:59:41Z"));
        assert_eq!(time(Some("2022-01-01T01:00:00Z")).as_deref(), Some("2022-01-01T01:00:00Z"));
        assert_eq!(time(Some("2022-01-01T01:00:00+02:00")).as_deref(), Some("2022-01-01T01:00:00+02:00"));
        assert_eq!(time(Some("")), None);
    }

    #[test]
    fn names_are_trimmed_and_fall_back_to_first_and_last() {
        let p = wire::PersonRef {
            firstname: Some("Sue".into()),
            lastname: Some("".into()),
            ..Default::default()
        };
        assert_eq!(display_name(&p).as_deref(), Some("Sue"));
        let p = wire::PersonRef {
            name: Some("  ".into()),
            firstname: Some("Sue".into()),
            lastname: Some("Agent".into()),
            ..Default::default()
        };
        assert_eq!(display_name(&p).as_deref(), Some("Sue Agent"));
    }

    #[test]
    fn internal_notes_agents_rules_and_customers() {
        assert_eq!(
            role(&msg(r#"{"id":1,"channel":"internal-note","public":false,"from_agent":true}"#)),
            Role::InternalNote
        );
        assert_eq!(role(&msg(r#"{"id":1,"channel":"email","public":true,"from_agent":true}"#)), Role::Agent);
        assert_eq!(role(&msg(r#"{"id":1,"channel":"email","via":"rule","from_agent":true}"#)), Role::System);
        assert_eq!(
            role(&msg(r#"{"id":1,"channel":"email","public":true,"from_agent":false}"#)),
            Role::Customer
        );
    }

    #[test]
    fn message_text_prefers_stripped_then_plain_then_html() {
        let m = msg(r#"{"id":1,"stripped_text":"Any update?","body_text":"Any update?\n> quoted"}"#);
        assert_eq!(message_text(&m), "Any update?");
        let m = msg(
            r#"{"id":1,"stripped_text":null,"body_text":"Any update?\n\nOn Tue, 12 Nov 2026, Support wrote:\n> old"}"#,
        );
        assert_eq!(message_text(&m), "Any update?");
        let m = msg(
            r#"{"id":1,"body_text":"","body_html":"<p>Hello&nbsp;there</p><blockquote>old</blockquote>"}"#,
        );
        assert_eq!(message_text(&m), "Hello there");
    }

    #[test]
    fn conversations_are_sorted_oldest_first_and_numbered() {
        let later = msg(r#"{"id":2,"created_datetime":"2026-11-02T10:00:00","body_text":"second"}"#);
        let earlier = msg(r#"{"id":9,"created_datetime":"2026-11-01T10:00:00","body_text":"first"}"#);
        let conv = conversation(vec![later, earlier]);
        assert_eq!(
            conv.iter().map(|m| (m.position, m.text.as_str())).collect::<Vec<_>>(),
            [(1, "first"), (2, "second")]
        );
    }

    #[test]
    fn ticket_summary_projects_the_useful_fields() {
        let t: wire::Ticket = serde_json::from_str(
            r#"{"id":4521,"subject":"Refund not received","status":"open","priority":"normal","channel":"email",
                "customer":{"id":3,"email":"alice@example.com","firstname":"Alice","lastname":"Johnson"},
                "assignee_user":{"id":7,"name":"Sarah Chen"},"assignee_team":{"id":1,"name":"Returns"},
                "tags":[{"id":1,"name":"refund"}],"excerpt":"Hi,\n I returned   my order","messages_count":3,
                "created_datetime":"2026-11-16T15:59:41.966927"}"#,
        )
        .unwrap();
        let s = ticket_summary(&t);
        assert_eq!(
            s.customer.as_ref().map(Person::label).as_deref(),
            Some("Alice Johnson <alice@example.com>")
        );
        assert_eq!((s.assignee.as_deref(), s.team.as_deref()), (Some("Sarah Chen"), Some("Returns")));
        assert_eq!(s.excerpt.as_deref(), Some("Hi, I returned my order"));
        assert_eq!(s.created_at.as_deref(), Some("2026-11-16T15:59:41Z"));
    }

    #[test]
    fn empty_field_values_are_skipped() {
        let values: Vec<wire::FieldValue> = serde_json::from_str(
            r#"[{"field":{"id":1,"label":"Contact reason"},"value":"Refund"},{"field":{"id":2,"label":"Order"},"value":null}]"#,
        )
        .unwrap();
        let t = wire::Ticket { id: 1, ..Default::default() };
        let d = ticket_detail(&t, &values);
        assert_eq!(d.fields, [FieldValue { label: "Contact reason".into(), value: "Refund".into() }]);
    }
}
