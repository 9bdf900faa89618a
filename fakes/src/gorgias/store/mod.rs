//! The in-memory helpdesk: every record the fake serves, with lookups and ticket matching.
//! Kept behind one lock by the routes; writes go through [`write`].

mod model;
mod render;
mod render_directory;
mod write;

pub(crate) use model::{
    Account, Attachment, CustomField, Customer, Integration, Macro, Message, Party, Survey, Tag, Team,
    Ticket, User, View,
};
pub(crate) use write::{NewCustomer, Sequences};

use std::collections::HashMap;

use super::filter::TicketFacts;

/// Everything the fake knows.
#[derive(Clone, Debug)]
pub(crate) struct Store {
    pub account: Account,
    /// The user the API credentials belong to (`GET /api/users/0`).
    pub api_user_id: u64,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub tags: Vec<Tag>,
    pub views: Vec<View>,
    pub custom_fields: Vec<CustomField>,
    pub customers: Vec<Customer>,
    pub tickets: Vec<Ticket>,
    pub surveys: Vec<Survey>,
    pub integrations: Vec<Integration>,
    /// Canned replies.
    pub macros: Vec<Macro>,
    /// Ids handed out by writes.
    pub ids: Sequences,
}

impl Store {
    pub(crate) fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub(crate) fn team(&self, id: u64) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    pub(crate) fn tag(&self, id: u64) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }

    pub(crate) fn view(&self, id: u64) -> Option<&View> {
        self.views.iter().find(|v| v.id == id)
    }

    pub(crate) fn custom_field(&self, id: u64) -> Option<&CustomField> {
        self.custom_fields.iter().find(|f| f.id == id)
    }

    pub(crate) fn customer(&self, id: u64) -> Option<&Customer> {
        self.customers.iter().find(|c| c.id == id)
    }

    pub(crate) fn ticket(&self, id: u64) -> Option<&Ticket> {
        self.tickets.iter().find(|t| t.id == id)
    }

    pub(crate) fn integration(&self, id: u64) -> Option<&Integration> {
        self.integrations.iter().find(|i| i.id == id)
    }

    pub(crate) fn survey_for(&self, ticket_id: u64) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.ticket_id == ticket_id)
    }

    /// Tickets per tag id: the `usage` tags report.
    pub(crate) fn tag_usage(&self) -> HashMap<u64, usize> {
        let mut usage = HashMap::new();
        for t in &self.tickets {
            for id in &t.tag_ids {
                *usage.entry(*id).or_insert(0) += 1;
            }
        }
        usage
    }

    /// What the view filter language can see of a ticket.
    pub(crate) fn facts<'a>(&'a self, t: &'a Ticket) -> TicketFacts<'a> {
        let tags: Vec<&Tag> = t.tag_ids.iter().filter_map(|id| self.tag(*id)).collect();
        TicketFacts {
            status: &t.status,
            priority: &t.priority,
            channel: &t.channel,
            via: &t.via,
            assignee_user_id: t.assignee_user_id,
            assignee_team_id: t.assignee_team_id,
            customer_id: t.customer_id,
            customer_email: self.customer(t.customer_id).map_or("", |c| c.email.as_str()),
            tag_names: tags.iter().map(|tag| tag.name.as_str()).collect(),
            tag_ids: t.tag_ids.clone(),
            created: t.created,
            updated: t.updated,
            last_message: t.last_message(),
            closed: t.closed,
            trashed: t.trashed,
            spam: t.spam,
        }
    }

    /// View search: every word (case-insensitive) must occur in the subject, excerpt,
    /// a message body, the customer's name or email, a tag name or the external id.
    pub(crate) fn ticket_matches_search(&self, t: &Ticket, words: &[String]) -> bool {
        if words.is_empty() {
            return true;
        }
        let mut hay = format!("{}\n{}\n", t.subject, t.excerpt());
        if let Some(c) = self.customer(t.customer_id) {
            hay.push_str(&format!("{}\n{}\n", c.name(), c.email));
        }
        for id in &t.tag_ids {
            if let Some(tag) = self.tag(*id) {
                hay.push_str(&tag.name);
                hay.push('\n');
            }
        }
        if let Some(x) = &t.external_id {
            hay.push_str(x);
            hay.push('\n');
        }
        for m in &t.messages {
            hay.push_str(&m.body_text);
            hay.push('\n');
        }
        let hay = hay.to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// Splits a search string into lower-cased words.
pub(crate) fn search_words(search: &str) -> Vec<String> {
    search.split_whitespace().map(str::to_lowercase).collect()
}
