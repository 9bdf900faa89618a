//! The desk's data, shaped like Kayako's tables; XML rendering is in `controllers/render.rs`.

use std::collections::BTreeMap;

/// Everything the fake serves, plus the id counters writes draw from.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub departments: Vec<Department>,
    pub statuses: Vec<Status>,
    pub priorities: Vec<Priority>,
    pub types: Vec<TicketType>,
    pub staff: Vec<Staff>,
    pub users: Vec<User>,
    pub organizations: Vec<Organization>,
    pub tickets: BTreeMap<u64, Ticket>,
    pub next_ticket_id: u64,
    pub next_post_id: u64,
    pub next_note_id: u64,
}

/// `swdepartments`: `module` is `tickets` or `livechat`.
#[derive(Clone, Debug)]
pub(crate) struct Department {
    pub id: u64,
    pub title: &'static str,
    pub public: bool,
    pub module: &'static str,
    pub display_order: u64,
    pub parent_id: u64,
    pub user_groups: Vec<u64>,
}

/// `swticketstatus`: `resolved` is `markasresolved`, which ListAll's `-1` leaves out.
#[derive(Clone, Debug)]
pub(crate) struct Status {
    pub id: u64,
    pub title: &'static str,
    pub display_order: u64,
    pub icon: &'static str,
    pub in_main_list: bool,
    pub resolved: bool,
    pub color: &'static str,
    pub staff_groups: Vec<u64>,
}

/// `swticketpriorities`.
#[derive(Clone, Debug)]
pub(crate) struct Priority {
    pub id: u64,
    pub title: &'static str,
    pub display_order: u64,
    pub fr_color: &'static str,
    pub bg_color: &'static str,
}

/// `swtickettypes`.
#[derive(Clone, Debug)]
pub(crate) struct TicketType {
    pub id: u64,
    pub title: &'static str,
    pub display_order: u64,
    pub icon: &'static str,
}

/// `swstaff`.
#[derive(Clone, Debug)]
pub(crate) struct Staff {
    pub id: u64,
    pub group_id: u64,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub designation: &'static str,
    pub mobile: String,
}

impl Staff {
    /// `fullname`, first and last name.
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// `username`: first name and initial, lower case.
    pub(crate) fn username(&self) -> String {
        format!("{}{}", self.first_name, &self.last_name[..1]).to_lowercase()
    }

    /// Work email on the company domain.
    pub(crate) fn email(&self) -> String {
        format!("{}.{}@brightwave.test", self.first_name, self.last_name).to_lowercase()
    }
}

/// `swusers` with its primary email.
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub id: u64,
    pub group_id: u64,
    pub organization_id: u64,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub created: i64,
}

/// `swuserorganizations`.
#[derive(Clone, Debug)]
pub(crate) struct Organization {
    pub id: u64,
    pub name: &'static str,
}

/// `swtickets` with its posts and notes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ticket {
    pub id: u64,
    pub display_id: String,
    pub department_id: u64,
    pub status_id: u64,
    pub priority_id: u64,
    pub type_id: u64,
    pub user_id: u64,
    pub owner_staff_id: u64,
    pub full_name: String,
    pub email: String,
    pub subject: String,
    pub created: i64,
    pub last_activity: i64,
    pub last_staff_reply: i64,
    pub last_user_reply: i64,
    pub next_reply_due: i64,
    pub resolution_due: i64,
    /// 1 staff, 2 user: who opened it.
    pub creator: u8,
    pub creation_mode: u8,
    pub is_escalated: bool,
    pub flag_type: u8,
    pub ip_address: String,
    pub tags: Vec<String>,
    pub watchers: Vec<u64>,
    pub posts: Vec<Post>,
    pub notes: Vec<Note>,
}

impl Ticket {
    /// `<replies>`: posts after the first.
    pub(crate) fn replies(&self) -> usize {
        self.posts.len().saturating_sub(1)
    }

    /// `<lastreplier>`: who wrote the last post.
    pub(crate) fn last_replier(&self) -> &str {
        self.posts.last().map_or("", |p| p.full_name.as_str())
    }
}

/// `swticketposts`: `contents` are bytes because one fixture is not UTF-8.
#[derive(Clone, Debug, Default)]
pub(crate) struct Post {
    pub id: u64,
    pub dateline: i64,
    pub user_id: u64,
    pub staff_id: u64,
    pub full_name: String,
    pub email: String,
    pub email_to: String,
    pub ip_address: String,
    /// 1 staff, 2 user, 3 third party.
    pub creator: u8,
    pub is_html: bool,
    pub is_emailed: bool,
    pub is_private: bool,
    pub contents: Vec<u8>,
    pub attachments: Vec<Attachment>,
}

/// `swattachments` of a post.
#[derive(Clone, Debug)]
pub(crate) struct Attachment {
    pub id: u64,
    pub file_name: String,
    pub file_type: String,
    pub dateline: i64,
    pub contents: Vec<u8>,
}

/// A ticket note (`swticketnotes`, type `ticket`).
#[derive(Clone, Debug)]
pub(crate) struct Note {
    pub id: u64,
    pub color: u8,
    pub creator_staff_id: u64,
    pub for_staff_id: u64,
    pub creator_name: String,
    pub created: i64,
    pub text: String,
}

impl Store {
    /// `SWIFT_Ticket::GetObjectOnID`: a numeric id, else a display (mask) id, case-insensitive.
    pub(crate) fn find_ticket(&self, key: &str) -> Option<&Ticket> {
        let key = key.trim();
        if let Ok(id) = key.parse::<u64>() {
            return self.tickets.get(&id);
        }
        self.tickets.values().find(|t| t.display_id.eq_ignore_ascii_case(key))
    }

    /// A staff member by id.
    pub(crate) fn staff(&self, id: u64) -> Option<&Staff> {
        self.staff.iter().find(|s| s.id == id)
    }

    /// A user by id.
    pub(crate) fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// An organization's name, `""` for none.
    pub(crate) fn organization_name(&self, id: u64) -> &str {
        self.organizations.iter().find(|o| o.id == id).map_or("", |o| o.name)
    }

    /// A status by id.
    pub(crate) fn status(&self, id: u64) -> Option<&Status> {
        self.statuses.iter().find(|s| s.id == id)
    }
}
