//! The desk's data: queues, staff, statuses, tickets and their responses, perspectives,
//! watchlists, stock responses and the workflow lists. Plain data; routes render it.

/// A named item (status, resolution category).
#[derive(Clone, Debug)]
pub(crate) struct Named {
    pub id: u64,
    pub name: String,
}

/// A ticket queue.
#[derive(Clone, Debug)]
pub(crate) struct Queue {
    pub id: u64,
    pub name: String,
    pub email: String,
}

/// A staff member.
#[derive(Clone, Debug)]
pub(crate) struct Staff {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub queues: Vec<u64>,
}

/// A ticket.
#[derive(Clone, Debug)]
pub(crate) struct Ticket {
    pub id: u64,
    pub number: u64,
    pub subject: String,
    pub queue_id: u64,
    /// Status name (`Open`, `On Hold`, `Awaiting Customer`, `Resolved`).
    pub status: String,
    pub assignee: Option<u64>,
    pub originator_name: String,
    pub originator_email: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub resolution_category_id: Option<u64>,
    /// `YYYY-MM-DD`.
    pub on_hold_until: Option<String>,
    /// Ticket data fields (e.g. `order_number`).
    pub data: Vec<(String, String)>,
}

/// One response (public reply or internal note) on a ticket.
#[derive(Clone, Debug)]
pub(crate) struct Response {
    pub id: u64,
    pub ticket_number: u64,
    pub is_internal: bool,
    pub staff_response: bool,
    pub created_by_email: String,
    pub created_at: i64,
    pub html: String,
    pub attachments: Vec<String>,
}

/// A saved ticket list; its rows carry exactly its columns.
#[derive(Clone, Debug)]
pub(crate) struct Perspective {
    pub id: u64,
    pub name: String,
    pub columns: Vec<&'static str>,
    /// Only tickets in these statuses (empty: all).
    pub statuses: Vec<&'static str>,
    pub queue_id: Option<u64>,
    /// Only unassigned tickets.
    pub unassigned: bool,
}

/// A watchlist of tickets.
#[derive(Clone, Debug)]
pub(crate) struct Watchlist {
    pub id: u64,
    pub name: String,
    pub tickets: Vec<u64>,
}

/// A stock response (canned reply), HTML.
#[derive(Clone, Debug)]
pub(crate) struct Stock {
    pub id: u64,
    pub name: String,
    pub html: String,
    pub queue_id: Option<u64>,
}

/// An intervention: a scripted ticket opener.
#[derive(Clone, Debug)]
pub(crate) struct Intervention {
    pub id: u64,
    pub name: String,
    pub template: String,
    pub queue_id: u64,
}

/// An escalation rule.
#[derive(Clone, Debug)]
pub(crate) struct Escalation {
    pub id: u64,
    pub name: String,
    pub after_minutes: u64,
    pub queue_id: u64,
}

/// A ticket template.
#[derive(Clone, Debug)]
pub(crate) struct Template {
    pub identifier: String,
    pub subject: String,
    pub html: String,
}

/// Everything the desk holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    pub queues: Vec<Queue>,
    pub staff: Vec<Staff>,
    pub statuses: Vec<Named>,
    pub resolution_categories: Vec<Named>,
    pub interventions: Vec<Intervention>,
    pub escalations: Vec<Escalation>,
    pub templates: Vec<Template>,
    pub perspectives: Vec<Perspective>,
    pub watchlists: Vec<Watchlist>,
    pub stock: Vec<Stock>,
    pub tickets: Vec<Ticket>,
    pub responses: Vec<Response>,
    /// The clock's offset from real time (seeded dates are relative to a fixed "now").
    pub clock_offset: i64,
}

impl Store {
    /// Now on the desk's clock.
    pub fn now(&self) -> i64 {
        super::unix_now() + self.clock_offset
    }

    /// The ticket with this number.
    pub fn ticket(&self, number: u64) -> Option<&Ticket> {
        self.tickets.iter().find(|t| t.number == number)
    }

    /// Its responses, oldest first.
    pub fn responses_of(&self, number: u64) -> Vec<&Response> {
        let mut r: Vec<&Response> = self.responses.iter().filter(|r| r.ticket_number == number).collect();
        r.sort_by_key(|r| (r.created_at, r.id));
        r
    }

    /// A queue by id.
    pub fn queue(&self, id: u64) -> Option<&Queue> {
        self.queues.iter().find(|q| q.id == id)
    }

    /// A staff member by id.
    pub fn staff_by_id(&self, id: u64) -> Option<&Staff> {
        self.staff.iter().find(|s| s.id == id)
    }

    /// A staff member by email (case-insensitive).
    pub fn staff_by_email(&self, email: &str) -> Option<&Staff> {
        self.staff.iter().find(|s| s.email.eq_ignore_ascii_case(email.trim()))
    }

    /// The next id for a new response.
    pub fn next_response_id(&self) -> u64 {
        self.responses.iter().map(|r| r.id).max().unwrap_or(0) + 1
    }
}
