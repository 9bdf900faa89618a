//! Gorgias wire types → provider-neutral views: compact, chronological, HTML
//! and quoted replies stripped. Pure.

use serde_json::Value;

use super::wire;
use crate::model::{
    FieldValue, MessageView, Person, ReferenceItem, Role, SurveyView, TicketDetail, TicketSummary,
};
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

/// A ticket with its (labelled) custom field values and its survey.
pub fn ticket_detail(t: &wire::Ticket, fields: Vec<FieldValue>) -> TicketDetail {
    TicketDetail {
        summary: ticket_summary(t),
        closed_at: time(t.closed_datetime.as_deref()),
        snoozed_until: time(t.snooze_datetime.as_deref()),
        external_id: t.external_id.clone().filter(|e| !e.is_empty()),
        language: t.language.clone(),
        spam: t.spam.unwrap_or(false),
        trashed: t.trashed_datetime.is_some(),
        fields,
        satisfaction: t.satisfaction_survey.as_ref().map(survey),
    }
}

/// A satisfaction survey as shown on its ticket.
pub fn survey(s: &wire::Survey) -> SurveyView {
    let sent_at = time(s.sent_datetime.as_deref());
    SurveyView {
        score: s.score.filter(|x| (1.0..=5.0).contains(x)).map(|x| x.round() as u8),
        comment: s.body_text.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned),
        scheduled_for: if sent_at.is_none() { time(s.should_send_datetime.as_deref()) } else { None },
        sent_at,
        scored_at: time(s.scored_datetime.as_deref()),
    }
}

/// Values from `/api/tickets/{id}/custom-fields` (each carries its field's label).
pub fn field_values(values: &[wire::FieldValue]) -> Vec<FieldValue> {
    values.iter().filter_map(field_value).collect()
}

fn field_value(v: &wire::FieldValue) -> Option<FieldValue> {
    let label = v.field.as_ref()?.label.clone()?;
    Some(FieldValue { label, value: value_text(&v.value)? })
}

/// A field value as text; empty values are none.
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The values of a ticket read with `relationships=custom_fields`, as
/// `(field id, value)`: the documented `{"<id>": {"id", "value"}}` map, or a list
/// of `{"id", "value"}`. Empty values are left out.
pub fn embedded_field_values(raw: &Value) -> Vec<(u64, String)> {
    let entries: Vec<&Value> = match raw {
        Value::Object(map) => map.values().collect(),
        Value::Array(list) => list.iter().collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<(u64, String)> = entries
        .into_iter()
        .filter_map(|e| {
            let id = e.get("id").and_then(Value::as_u64)?;
            Some((id, value_text(e.get("value")?)?))
        })
        .collect();
    out.sort_by_key(|(id, _)| *id);
    out
}

/// Labels `(field id, value)` pairs with their definitions, in the
/// definitions' order; a field missing from them shows as "Field <id>".
pub fn labelled(values: &[(u64, String)], defs: &[wire::CustomField]) -> Vec<FieldValue> {
    let position = |id: u64| defs.iter().position(|d| d.id == id).unwrap_or(usize::MAX);
    let mut sorted: Vec<&(u64, String)> = values.iter().collect();
    sorted.sort_by_key(|(id, _)| (position(*id), *id));
    sorted
        .into_iter()
        .map(|(id, value)| FieldValue {
            label: defs
                .iter()
                .find(|d| d.id == *id)
                .map(|d| d.label.clone())
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| format!("Field {id}")),
            value: value.clone(),
        })
        .collect()
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
        text: None,
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
    ReferenceItem { id: Some(t.id.to_string()), name: t.name.clone(), detail, text: None }
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
        text: None,
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
        text: None,
    }
}

/// A macro as a canned response: the reply text it sets, and what else it does.
pub fn canned_response(m: &wire::Macro) -> ReferenceItem {
    fn arg<'a>(a: &'a wire::MacroAction, key: &str) -> Option<&'a str> {
        a.arguments.as_ref().and_then(|v| v.get(key)).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
    }
    let text = m.actions.iter().filter(|a| a.name == "setResponseText").find_map(|a| {
        arg(a, "body_text").map(str::to_owned).or_else(|| arg(a, "body_html").map(html_to_text))
    });
    let others: Vec<String> = m
        .actions
        .iter()
        .filter(|a| a.name != "setResponseText")
        .map(|a| match a.arguments.as_ref().and_then(|v| v.as_object()).and_then(|o| o.values().next()) {
            Some(Value::String(v)) => format!("{} {}", a.name, clip(v, 60).0),
            _ => a.name.clone(),
        })
        .collect();
    let mut detail = Vec::new();
    detail.extend(m.intent.as_ref().map(|i| format!("intent {i}")));
    detail.extend(m.language.clone());
    detail.extend(m.usage.map(|u| format!("used {u} times")));
    if !others.is_empty() {
        detail.push(format!("also: {}", others.join(", ")));
    }
    ReferenceItem {
        id: Some(m.id.to_string()),
        name: m.name.clone(),
        detail: Some(detail.join("; ")).filter(|d| !d.is_empty()),
        text: text.map(|t| clip(&t, 4_000).0),
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
    ReferenceItem {
        id: Some(f.id.to_string()),
        name: f.label.clone(),
        detail: Some(detail.join(" · ")),
        text: None,
    }
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
        assert_eq!(
            field_values(&values),
            [FieldValue { label: "Contact reason".into(), value: "Refund".into() }]
        );
    }

    #[test]
    fn embedded_values_are_labelled_from_definitions() {
        let raw = serde_json::json!({
            "52": { "id": 52, "value": "NW-10234" },
            "51": { "id": 51, "value": "Shipping" },
            "53": { "id": 53, "value": null },
            "99": { "id": 99, "value": true }
        });
        let values = embedded_field_values(&raw);
        assert_eq!(values.len(), 3);
        let defs: Vec<wire::CustomField> =
            serde_json::from_str(r#"[{"id":51,"label":"Contact reason"},{"id":52,"label":"Order number"}]"#)
                .unwrap();
        let shown: Vec<(String, String)> =
            labelled(&values, &defs).into_iter().map(|f| (f.label, f.value)).collect();
        assert_eq!(
            shown,
            [
                ("Contact reason".into(), "Shipping".into()),
                ("Order number".into(), "NW-10234".into()),
                ("Field 99".into(), "true".into())
            ]
        );
    }

    #[test]
    fn surveys_show_score_comment_and_dates() {
        let t: wire::Ticket = serde_json::from_str(
            r#"{"id":7,"satisfaction_survey":{"id":1,"score":4,"body_text":" Quick and kind. ",
                "created_datetime":"2026-11-10T09:00:00.1","sent_datetime":"2026-11-10T09:00:00.1",
                "scored_datetime":"2026-11-11T10:30:00"}}"#,
        )
        .unwrap();
        let s = ticket_detail(&t, vec![]).satisfaction.unwrap();
        assert_eq!((s.score, s.comment.as_deref()), (Some(4), Some("Quick and kind.")));
        assert_eq!(s.scored_at.as_deref(), Some("2026-11-11T10:30:00Z"));
        let pending: wire::Survey = serde_json::from_str(
            r#"{"score":null,"sent_datetime":null,"should_send_datetime":"2026-11-12T08:00:00"}"#,
        )
        .unwrap();
        let p = survey(&pending);
        assert_eq!((p.score, p.scheduled_for.as_deref()), (None, Some("2026-11-12T08:00:00Z")));
        assert!(ticket_detail(&wire::Ticket::default(), vec![]).satisfaction.is_none());
    }
}
