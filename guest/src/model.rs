//! Provider-neutral views of helpdesk data: what every provider projects its
//! wire types into and what the tools render. Field docs become the tools'
//! output schemas, so they are written for the model reading them.

use schemars::JsonSchema;
use serde::Serialize;

/// A customer or agent as shown in results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Person {
    /// Helpdesk id of the person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Person {
    /// "Name <email>", "Name", "email" or "unknown".
    pub fn label(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => "unknown".to_owned(),
        }
    }
}

/// One ticket in a list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct TicketSummary {
    /// Ticket id; pass it to get_ticket.
    pub id: String,
    /// Subject line.
    pub subject: String,
    /// Status, e.g. open or closed.
    pub status: String,
    /// Priority, when the helpdesk has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Channel the ticket came in on (email, chat, phone...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Person>,
    /// Name of the assigned agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Name of the assigned team.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Tag names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Creation time, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Time of the last message, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_message_at: Option<String>,
    /// Number of messages in the conversation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages_count: Option<u32>,
    /// Start of the first message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

/// A field value shown on a ticket.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct FieldValue {
    /// Field label.
    pub label: String,
    /// Value as text.
    pub value: String,
}

/// Everything about one ticket except its messages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct TicketDetail {
    /// The list fields.
    #[serde(flatten)]
    pub summary: TicketSummary,
    /// When it was closed, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// Snoozed until, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<String>,
    /// External reference (often an order or return number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Conversation language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Whether it is marked as spam.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub spam: bool,
    /// Whether it is in the trash.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub trashed: bool,
    /// Custom field values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldValue>,
    /// The customer satisfaction survey of this ticket, when one was sent or scheduled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<SurveyView>,
}

/// A ticket's satisfaction survey: what the customer scored and said.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct SurveyView {
    /// Score from 1 (bad) to 5 (great); absent while unanswered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// The customer's comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was sent, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    /// When the customer answered, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scored_at: Option<String>,
    /// When it is due to be sent, if not sent yet, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<String>,
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The customer (or another outside party).
    Customer,
    /// An agent, in a message the customer sees.
    Agent,
    /// An agent's internal note, never shown to the customer.
    InternalNote,
    /// An automated message (rules, bots, system events).
    System,
}

impl Role {
    /// Short label for markdown.
    pub fn label(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::InternalNote => "internal note",
            Role::System => "system",
        }
    }
}

/// One message of a conversation, as plain text without quoted replies.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct MessageView {
    /// Message id.
    pub id: String,
    /// 1-based position in the conversation.
    pub position: usize,
    /// Sent time, UTC, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Who wrote it.
    pub role: Role,
    /// The author.
    pub author: Person,
    /// Channel (email, chat, internal-note...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Body as plain text; HTML, quoted replies and signatures removed.
    pub text: String,
    /// Whether `text` was shortened to fit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub text_truncated: bool,
    /// Attachment file names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
}

/// An item of reference data (agent, team, tag, view, field, channel, status).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ReferenceItem {
    /// Id to use in filters, when the item has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name.
    pub name: String,
    /// A short description (email and role, members, usage, choices...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The text itself, for canned responses (plain text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A customer in a list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct CustomerSummary {
    /// Customer id; pass it to get_customer.
    pub id: String,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Main email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Other ways to reach them ("phone: +1 555 0100").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// External id (e.g. the shop's customer id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// When they became a customer, UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// An order from an e-commerce integration, as a support agent needs it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct OrderView {
    /// Order name or number (e.g. NW-10234).
    pub name: String,
    /// Where it comes from (shopify, ...).
    pub source: String,
    /// Placed at, UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Total with currency, e.g. "129.00 USD".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// Payment and fulfilment state, e.g. "paid, fulfilled".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Items, e.g. "2× Cascade Rain Shell (L / Storm Grey)".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Shipments: carrier, tracking number and state.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shipments: Vec<String>,
}

/// Everything about one customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct CustomerDetail {
    /// Identity and channels.
    #[serde(flatten)]
    pub summary: CustomerSummary,
    /// Language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Agents' note about them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Custom data and field values, flattened to label: value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<FieldValue>,
    /// Recent orders from connected shops, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<OrderView>,
    /// Their most recently updated tickets.
    pub recent_tickets: Vec<TicketSummary>,
    /// How many tickets they have, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tickets_total: Option<u64>,
}

/// One field a write changed.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    /// Field (status, assignee, tags, a custom field's label...).
    pub field: String,
    /// Value before ("—" when empty).
    pub before: String,
    /// Value after ("—" when empty).
    pub after: String,
}
