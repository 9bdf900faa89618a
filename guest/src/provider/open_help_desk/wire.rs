//! Open Help Desk's JSON exactly as `/api/v1` sends it (PubliciaLLC/go-help-desk shapes;
//! `#[serde(default)]` where fields may be absent or null).

use serde::Deserialize;

/// `{data: [...], total?}`: every list answer.
#[derive(Clone, Debug, Deserialize)]
pub struct List<T> {
    /// The items.
    pub data: Vec<T>,
    /// Matches in all pages (ticket lists only).
    #[serde(default)]
    pub total: Option<u64>,
}

/// A ticket.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ticket {
    /// ULID.
    pub id: String,
    /// `OHD-2026-000123`.
    pub tracking_number: String,
    /// Subject.
    pub subject: String,
    /// First message (markdown).
    pub description: String,
    /// Category ULID.
    pub category_id: String,
    /// Type ULID.
    pub type_id: Option<String>,
    /// Item ULID.
    pub item_id: Option<String>,
    /// critical, high, medium or low.
    pub priority: String,
    /// Status ULID.
    pub status_id: String,
    /// Assigned staff ULID.
    pub assignee_user_id: Option<String>,
    /// Assigned group ULID.
    pub assignee_group_id: Option<String>,
    /// Reporter ULID (absent for guest tickets).
    pub reporter_user_id: Option<String>,
    /// Guest reporter's email.
    pub guest_email: Option<String>,
    /// Guest reporter's name.
    pub guest_name: Option<String>,
    /// Resolution notes.
    pub resolution_notes: Option<String>,
    /// Resolved at.
    pub resolved_at: Option<String>,
    /// Closed at.
    pub closed_at: Option<String>,
    /// Created at, RFC 3339.
    pub created_at: String,
    /// Updated at, RFC 3339.
    pub updated_at: String,
}

/// A reply or internal note.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Reply {
    /// ULID.
    pub id: String,
    /// Author ULID.
    pub author_id: Option<String>,
    /// Body (markdown).
    pub body: String,
    /// Internal note (Staff and Admin only).
    pub internal: bool,
    /// Created at.
    pub created_at: String,
}

/// A status (system: New, Resolved, Closed; or custom).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Status {
    /// ULID.
    pub id: String,
    /// Name.
    pub name: String,
    /// system or custom.
    pub kind: String,
    /// Whether it can be set.
    pub active: bool,
    /// Tickets in it.
    pub ticket_count: Option<u64>,
}

impl Status {
    /// Whether tickets in it are done (Resolved, Closed).
    pub fn is_done(&self) -> bool {
        self.kind == "system" && matches!(self.name.as_str(), "Resolved" | "Closed")
    }
}

/// A category, type or item: id and name.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Named {
    /// ULID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description, where the API has one.
    pub description: Option<String>,
}

/// A staff member or user.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct User {
    /// ULID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: Option<String>,
    /// user, staff or admin.
    pub role: String,
    /// Groups (staff).
    pub group_ids: Vec<String>,
    /// Whether the account is active.
    pub active: Option<bool>,
}

/// `{"error":{"code","message"}}`.
#[derive(Clone, Debug, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The error's fields.
#[derive(Clone, Debug, Deserialize)]
pub struct ErrorDetail {
    /// `forbidden`, `not_found`...
    #[serde(default)]
    pub code: String,
    /// Human message.
    #[serde(default)]
    pub message: String,
}
