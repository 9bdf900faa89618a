//! Tickiti's JSON as the API sends it (docs.tickiti.com), `#[serde(default)]` where it may
//! omit a field. Ids arrive as numbers or strings (`"id": "41"`), so they are read leniently.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// `{"ok": true, "data": ...}`.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// Always true on success.
    #[serde(default)]
    pub ok: bool,
    /// The payload.
    pub data: T,
}

/// An error body: `{"ok": false, "error": code, "message": ..., "errors": {field: [..]}, "required": {...}}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    /// Machine code (`validation_failed`, `idempotency_key_conflict`, `forbidden`).
    pub error: Option<String>,
    /// Human message.
    pub message: Option<String>,
    /// 422: problems by field.
    pub errors: BTreeMap<String, Vec<String>>,
    /// 403: what was missing (`ability`, `role` or `plan`).
    pub required: BTreeMap<String, String>,
}

/// A number or a string, as text.
pub fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// `{id, name}`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct IdName {
    /// Id.
    #[serde(deserialize_with = "lenient")]
    pub id: String,
    /// Name.
    pub name: String,
}

/// A staff member (`workflow/staff`, ticket assignee).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Staff {
    /// Id.
    #[serde(deserialize_with = "lenient")]
    pub id: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email_address: Option<String>,
    /// `staff`, `admin`, `superuser`.
    pub role: Option<String>,
    /// Queues they work.
    pub queue_ids: Vec<u64>,
}

/// The ticket's originator (the customer).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Originator {
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email_address: Option<String>,
}

/// `tickets/show` → `data.ticket`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ticket {
    /// Internal id.
    #[serde(deserialize_with = "lenient")]
    pub id: String,
    /// The 6-digit number people use.
    #[serde(deserialize_with = "lenient")]
    pub ticket_number: String,
    /// Subject.
    pub subject: String,
    /// Status name.
    pub status: String,
    /// Queue.
    pub queue: Option<IdName>,
    /// Assigned staff member.
    pub assignee: Option<Staff>,
    /// The customer.
    pub originator: Originator,
    /// Times (ISO 8601 with offset).
    pub created_at: Option<String>,
    /// Last change.
    pub updated_at: Option<String>,
    /// When resolved.
    pub resolved_at: Option<String>,
    /// On hold until (a date).
    pub on_hold_until: Option<String>,
    /// Resolution category, when resolved.
    pub resolution_category: Option<IdName>,
    /// Ticket data fields.
    pub data: Map<String, Value>,
    /// Responses in all.
    pub response_count: Option<u32>,
    /// Of which internal.
    pub internal_response_count: Option<u32>,
    /// Watchlists it is on.
    pub watchlists: Vec<IdName>,
}

/// `tickets/show` → `data`.
#[derive(Debug, Deserialize)]
pub struct Show {
    /// The ticket.
    pub ticket: Ticket,
}

/// One response.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Response {
    /// Id (a string in the docs).
    #[serde(deserialize_with = "lenient")]
    pub id: String,
    /// The ticket (in `responses/query`).
    #[serde(deserialize_with = "lenient")]
    pub ticket_number: String,
    /// An internal note.
    pub is_internal: bool,
    /// Written by staff.
    pub staff_response: bool,
    /// Author email.
    pub created_by_email: Option<String>,
    /// When.
    pub created_at: Option<String>,
    /// Body, HTML.
    pub html: Option<String>,
    /// Body, text.
    pub plain_text: Option<String>,
    /// Attachments (names when given).
    pub attachments: Vec<Value>,
}

/// `tickets/responses` → `data`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Responses {
    /// Every response.
    pub responses: Vec<Response>,
}

/// `tickets/query` → `data`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueryPage {
    /// The perspective's columns.
    pub columns: Vec<String>,
    /// Rows carrying those columns.
    pub rows: Vec<Map<String, Value>>,
    /// Page number.
    pub page: u64,
    /// Total matches.
    pub total: u64,
    /// Last page.
    pub last_page: u64,
}

/// A perspective.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Perspective {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Its columns.
    pub columns: Vec<String>,
}

/// A watchlist.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Watchlist {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Tickets on it.
    pub ticket_count: Option<u64>,
}

/// A stock response.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Stock {
    /// Id.
    #[serde(deserialize_with = "lenient")]
    pub id: String,
    /// Name.
    pub name: String,
    /// Text, HTML.
    pub content: String,
}

/// Any other reference item (`queues`, `statuses`, `interventions`, ...): known fields
/// plus the rest kept for details.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Item {
    /// Id.
    #[serde(deserialize_with = "lenient")]
    pub id: String,
    /// Name.
    pub name: String,
    /// Everything else.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// `tickets/respond` → `data`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Responded {
    /// The response's id.
    #[serde(deserialize_with = "lenient")]
    pub response_id: String,
    /// Whether a resolved ticket was reopened.
    pub reopened: bool,
}

/// `tickets` (create) → `data`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Created {
    /// The new ticket's number.
    #[serde(deserialize_with = "lenient")]
    pub ticket_number: String,
}
