//! The fake desk's data and the scope rules every read and write applies: a User sees
//! their own tickets, Staff their groups' (and those assigned to or reported by them),
//! Admin everything.

use serde::Serialize;

/// An account role, as the API names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Role {
    User,
    Staff,
    Admin,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub group_ids: Vec<String>,
    pub active: bool,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Group {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Status {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub sort_order: u32,
    pub color: String,
    pub active: bool,
    pub ticket_count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Item {
    pub id: String,
    pub type_id: String,
    pub name: String,
    pub active: bool,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Kind {
    pub id: String,
    pub category_id: String,
    pub name: String,
    pub active: bool,
    #[serde(skip)]
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Category {
    pub id: String,
    pub name: String,
    pub description: String,
    pub active: bool,
    #[serde(skip)]
    pub types: Vec<Kind>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Ticket {
    pub id: String,
    pub tracking_number: String,
    pub subject: String,
    pub description: String,
    pub category_id: String,
    pub type_id: Option<String>,
    pub item_id: Option<String>,
    pub priority: String,
    pub status_id: String,
    pub assignee_user_id: Option<String>,
    pub assignee_group_id: Option<String>,
    pub reporter_user_id: Option<String>,
    pub guest_email: Option<String>,
    pub guest_name: Option<String>,
    pub guest_phone: Option<String>,
    pub resolution_notes: Option<String>,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Reply {
    pub id: String,
    pub ticket_id: String,
    pub author_id: Option<String>,
    pub body: String,
    pub internal: bool,
    pub notify_customer: bool,
    pub created_at: String,
}

/// Everything the fake serves.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub statuses: Vec<Status>,
    pub categories: Vec<Category>,
    pub tickets: Vec<Ticket>,
    pub replies: Vec<Reply>,
    /// Serial for new ids.
    pub serial: u64,
    /// Next tracking-number sequence.
    pub next_tracking: u32,
}

/// Who is calling (the key's or token's owner).
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub user_id: String,
    pub role: Role,
    pub groups: Vec<String>,
}

impl Caller {
    /// Whether the caller may see `t`.
    pub(crate) fn sees(&self, t: &Ticket) -> bool {
        match self.role {
            Role::Admin => true,
            Role::User => t.reporter_user_id.as_deref() == Some(&self.user_id),
            Role::Staff => {
                t.reporter_user_id.as_deref() == Some(&self.user_id)
                    || t.assignee_user_id.as_deref() == Some(&self.user_id)
                    || t.assignee_group_id.as_ref().is_some_and(|g| self.groups.contains(g))
            }
        }
    }

    /// Whether the caller is Staff or Admin.
    pub(crate) fn is_staff(&self) -> bool {
        matches!(self.role, Role::Staff | Role::Admin)
    }
}

impl Store {
    /// A fresh ULID.
    pub(crate) fn new_id(&mut self, ms: u64) -> String {
        self.serial += 1;
        super::ulid::ulid(ms, self.serial)
    }

    /// The ticket named by a ULID or a tracking number.
    pub(crate) fn ticket_index(&self, id: &str) -> Option<usize> {
        self.tickets
            .iter()
            .position(|t| t.id.eq_ignore_ascii_case(id) || t.tracking_number.eq_ignore_ascii_case(id))
    }

    pub(crate) fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub(crate) fn status_name(&self, id: &str) -> Option<&str> {
        self.statuses.iter().find(|s| s.id == id).map(|s| s.name.as_str())
    }

    pub(crate) fn status_by_name(&self, name: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.name == name)
    }

    pub(crate) fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}
