//! The records the fake keeps, close to Gorgias' own objects but with references as ids.

use serde_json::Value;

use crate::gorgias::wire_time::Time;

/// The helpdesk account (`GET /api/account`).
#[derive(Clone, Debug)]
pub(crate) struct Account {
    pub domain: String,
    pub created: Time,
}

/// An agent (Gorgias "user").
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub id: u64,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub role: String,
    pub bio: String,
    pub country: String,
    pub timezone: String,
    pub created: Time,
}

impl User {
    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.firstname, self.lastname)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Team {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub emoji: String,
    pub member_ids: Vec<u64>,
    pub created: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct Tag {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub color: String,
    pub created: Time,
}

/// A saved ticket view; `filters` is in the view filter language.
#[derive(Clone, Debug)]
pub(crate) struct View {
    pub id: u64,
    pub name: String,
    pub slug: String,
    pub filters: String,
    pub search: Option<String>,
    pub order_by: String,
    pub order_dir: String,
    pub emoji: String,
    pub team_ids: Vec<u64>,
    pub created: Time,
}

/// A custom field definition (Ticket or Customer).
#[derive(Clone, Debug)]
pub(crate) struct CustomField {
    pub id: u64,
    pub object_type: String,
    pub label: String,
    pub description: String,
    pub priority: u32,
    pub required: bool,
    pub choices: Vec<String>,
    pub managed_type: Option<String>,
    pub created: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct Customer {
    pub id: u64,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub external_id: Option<String>,
    pub language: String,
    pub timezone: String,
    pub note: Option<String>,
    pub phone: Option<String>,
    pub data: Value,
    pub integrations: Value,
    pub custom_fields: Vec<(u64, Value)>,
    pub created: Time,
    pub updated: Time,
}

impl Customer {
    /// "First Last"; a customer created from an email alone is named after the address.
    pub(crate) fn name(&self) -> String {
        let name = format!("{} {}", self.firstname, self.lastname);
        match name.trim() {
            "" => self.email.clone(),
            trimmed => trimmed.to_string(),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Ticket {
    pub id: u64,
    pub external_id: Option<String>,
    pub status: String,
    pub priority: String,
    pub channel: String,
    pub via: String,
    pub spam: bool,
    pub subject: String,
    pub customer_id: u64,
    pub assignee_user_id: Option<u64>,
    pub assignee_team_id: Option<u64>,
    pub tag_ids: Vec<u64>,
    pub is_unread: bool,
    pub custom_fields: Vec<(u64, Value)>,
    pub created: Time,
    pub opened: Option<Time>,
    pub updated: Time,
    pub closed: Option<Time>,
    pub trashed: Option<Time>,
    pub snoozed: Option<Time>,
    /// Chronological.
    pub messages: Vec<Message>,
}

impl Ticket {
    pub(crate) fn last_message(&self) -> Option<Time> {
        self.messages.last().map(|m| m.created)
    }

    pub(crate) fn last_received(&self) -> Option<Time> {
        self.messages.iter().rev().find(|m| !m.from_agent).map(|m| m.created)
    }

    /// Start of the first message, as Gorgias shows it in lists.
    pub(crate) fn excerpt(&self) -> String {
        let first = self.messages.first().map_or("", |m| m.stripped_text.as_deref().unwrap_or(&m.body_text));
        let flat = first.split_whitespace().collect::<Vec<_>>().join(" ");
        match flat.char_indices().nth(120) {
            Some((cut, _)) => format!("{}...", flat[..cut].trim_end()),
            None => flat,
        }
    }
}

/// Who wrote or received a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Party {
    Customer(u64),
    User(u64),
}

#[derive(Clone, Debug)]
pub(crate) struct Attachment {
    pub url: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Message {
    pub id: u64,
    pub ticket_id: u64,
    pub channel: String,
    pub via: String,
    pub public: bool,
    pub from_agent: bool,
    pub sender: Party,
    pub receiver: Option<Party>,
    pub subject: Option<String>,
    pub body_text: String,
    pub body_html: String,
    pub stripped_text: Option<String>,
    pub stripped_html: Option<String>,
    pub attachments: Vec<Attachment>,
    pub intents: Vec<String>,
    pub message_id: Option<String>,
    pub integration_id: Option<u64>,
    pub created: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct Survey {
    pub id: u64,
    pub ticket_id: u64,
    pub customer_id: u64,
    /// `None` until the customer answers.
    pub score: Option<u8>,
    pub body_text: Option<String>,
    pub created: Time,
    pub sent: Time,
    pub scored: Option<Time>,
}

/// An integration; `meta` and `http` are stored as the JSON Gorgias shows.
#[derive(Clone, Debug)]
pub(crate) struct Integration {
    pub id: u64,
    pub name: String,
    pub kind: String,
    pub meta: Value,
    pub http: Option<Value>,
    pub created: Time,
}

/// A macro: a canned reply (`setResponseText`) and other actions.
#[derive(Clone, Debug)]
pub(crate) struct Macro {
    pub id: u64,
    pub name: String,
    pub intent: String,
    pub usage: u64,
    /// Actions as the API renders them.
    pub actions: Vec<serde_json::Value>,
    pub created: Time,
    pub archived: Option<Time>,
}
