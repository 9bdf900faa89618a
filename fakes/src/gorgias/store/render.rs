//! JSON rendering of tickets, messages and customers exactly as the Gorgias API shapes them.

use serde_json::{Map, Value, json};

use super::Store;
use super::model::{Customer, Message, Party, Ticket};
use crate::gorgias::wire_time::{format, json as time_json};

/// Display name and address of the support mailbox agents write from.
pub(crate) const SUPPORT_NAME: &str = "Northwind Outfitters Support";
pub(crate) const SUPPORT_ADDRESS: &str = "support@northwind.test";

/// A customer's email, `null` for customers created without one.
fn email_value(c: &Customer) -> Value {
    if c.email.is_empty() { Value::Null } else { Value::from(c.email.as_str()) }
}

impl Store {
    /// The compact customer Gorgias nests in tickets.
    pub(crate) fn customer_summary(&self, c: &Customer) -> Value {
        json!({
            "id": c.id, "email": email_value(c), "name": c.name(),
            "firstname": c.firstname, "lastname": c.lastname, "external_id": c.external_id,
        })
    }

    /// A full customer object; `custom_fields` only when asked for with `relationships`.
    pub(crate) fn customer_json(&self, c: &Customer, with_custom_fields: bool) -> Value {
        let mut channels = Vec::new();
        if !c.email.is_empty() {
            channels.push(json!({
                "id": c.id * 10 + 1, "type": "email", "address": c.email, "preferred": true,
            }));
        }
        if let Some(phone) = &c.phone {
            channels.push(json!({
                "id": c.id * 10 + 2, "type": "phone", "address": phone, "preferred": channels.is_empty(),
            }));
        }
        let mut v = json!({
            "id": c.id, "uri": format!("/api/customers/{}/", c.id),
            "email": email_value(c), "name": c.name(), "firstname": c.firstname, "lastname": c.lastname,
            "external_id": c.external_id, "language": c.language, "timezone": c.timezone, "note": c.note,
            "active": true, "channels": channels, "data": c.data, "meta": {},
            "integrations": c.integrations,
            "created_datetime": format(c.created), "updated_datetime": format(c.updated),
        });
        if with_custom_fields {
            v["custom_fields"] = self.custom_field_values(&c.custom_fields);
        }
        v
    }

    /// `{"<id>": {"id": <id>, "value": ...}}`, the shape of `custom_fields` on objects.
    fn custom_field_values(&self, values: &[(u64, Value)]) -> Value {
        let map: Map<String, Value> =
            values.iter().map(|(id, value)| (id.to_string(), json!({ "id": id, "value": value }))).collect();
        Value::Object(map)
    }

    /// A ticket object (`messages` always empty, as the real API returns it).
    pub(crate) fn ticket_json(&self, t: &Ticket, with_custom_fields: bool) -> Value {
        let customer = self.customer(t.customer_id).map_or(Value::Null, |c| self.customer_summary(c));
        let assignee =
            t.assignee_user_id.and_then(|id| self.user(id)).map_or(Value::Null, |u| self.user_summary(u));
        let team = t
            .assignee_team_id
            .and_then(|id| self.team(id))
            .map_or(Value::Null, |team| self.team_summary(team));
        let tags: Vec<Value> = t
            .tag_ids
            .iter()
            .filter_map(|id| self.tag(*id))
            .map(|tag| json!({ "id": tag.id, "name": tag.name, "decoration": { "color": tag.color } }))
            .collect();
        let survey = self.survey_for(t.id).map_or(Value::Null, |s| self.survey_json(s));
        let custom_fields =
            if with_custom_fields { self.custom_field_values(&t.custom_fields) } else { Value::Null };
        json!({
            "id": t.id, "uri": format!("/api/tickets/{}/", t.id), "external_id": t.external_id,
            "status": t.status, "priority": t.priority, "channel": t.channel, "via": t.via,
            "from_agent": false, "spam": t.spam, "language": "en", "subject": t.subject,
            "excerpt": t.excerpt(), "is_unread": t.is_unread,
            "customer": customer,
            "assignee_user": assignee, "assignee_user_id": t.assignee_user_id,
            "assignee_team": team, "assignee_team_id": t.assignee_team_id,
            "tags": tags, "custom_fields": custom_fields, "meta": {},
            "messages": [], "messages_count": t.messages.len(),
            "satisfaction_survey": survey, "reply_options": {},
            "created_datetime": format(t.created),
            "opened_datetime": time_json(t.opened),
            "updated_datetime": format(t.updated),
            "last_message_datetime": time_json(t.last_message()),
            "last_received_message_datetime": time_json(t.last_received()),
            "closed_datetime": time_json(t.closed),
            "snooze_datetime": time_json(t.snoozed),
            "trashed_datetime": time_json(t.trashed),
        })
    }

    fn party(&self, p: Party) -> Value {
        let mut v = match p {
            Party::Customer(id) => {
                self.customer(id).map_or_else(|| json!({ "id": id }), |c| self.customer_summary(c))
            }
            Party::User(id) => self.user(id).map_or_else(|| json!({ "id": id }), |u| self.user_summary(u)),
        };
        v["meta"] = json!({});
        v
    }

    fn address(&self, p: Party, channel: &str) -> Value {
        match p {
            Party::Customer(id) => match self.customer(id) {
                Some(c) => {
                    let address = match (channel, &c.phone) {
                        ("phone" | "sms", Some(phone)) => phone.clone(),
                        _ => c.email.clone(),
                    };
                    json!({ "name": c.name(), "address": address })
                }
                None => json!({ "name": null, "address": null }),
            },
            Party::User(id) => {
                let name = self.user(id).map_or_else(|| SUPPORT_NAME.to_string(), |u| u.name());
                json!({ "name": name, "address": SUPPORT_ADDRESS })
            }
        }
    }

    /// A TicketMessage object.
    pub(crate) fn message_json(&self, m: &Message) -> Value {
        let from = self.address(m.sender, &m.channel);
        let to = match (m.receiver, m.channel.as_str()) {
            (_, "internal-note") => json!([]),
            (Some(r), _) => json!([self.address(r, &m.channel)]),
            (None, _) => json!([{ "name": SUPPORT_NAME, "address": SUPPORT_ADDRESS }]),
        };
        let attachments: Vec<Value> = m
            .attachments
            .iter()
            .map(|a| {
                json!({
                    "url": a.url, "name": a.name, "content_type": a.content_type,
                    "size": a.size, "public": true, "extra": {},
                })
            })
            .collect();
        let intents: Vec<Value> = m.intents.iter().map(|i| json!({ "name": i, "rejected": null })).collect();
        json!({
            "id": m.id, "uri": format!("/api/tickets/{}/messages/{}/", m.ticket_id, m.id),
            "ticket_id": m.ticket_id, "message_id": m.message_id, "external_id": null,
            "channel": m.channel, "via": m.via, "public": m.public, "from_agent": m.from_agent,
            "sender": self.party(m.sender),
            "receiver": m.receiver.map_or(Value::Null, |r| self.party(r)),
            "integration_id": m.integration_id, "rule_id": null, "subject": m.subject,
            "body_text": m.body_text, "body_html": m.body_html,
            "stripped_text": m.stripped_text, "stripped_html": m.stripped_html,
            "source": {
                "type": m.channel, "from": from, "to": to, "cc": null, "bcc": null, "extra": null,
            },
            "attachments": attachments, "intents": intents, "actions": null,
            "last_sending_error": null, "macros": [], "meta": {},
            "created_datetime": format(m.created),
            "sent_datetime": format(m.created),
            "failed_datetime": null, "opened_datetime": null,
        })
    }
}
