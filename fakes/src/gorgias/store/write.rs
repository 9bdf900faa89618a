//! The store's write side: id allocation, lookups by email or name, and the records a
//! write can create on the way (customers referenced by email, tags referenced by name).

use serde_json::{Value, json};

use super::Store;
use super::model::{Customer, Message, Tag, Ticket, User};
use crate::gorgias::wire_time::Time;

/// The colour new tags get when the request gives none.
const DEFAULT_TAG_COLOR: &str = "#8B96A8";

/// Last ids handed out, so ids are never reused even after deletes (0: none yet).
#[derive(Clone, Debug, Default)]
pub(crate) struct Sequences {
    ticket: u64,
    message: u64,
    tag: u64,
    customer: u64,
}

/// The next id after both the last one handed out and every existing one.
fn bump(last: &mut u64, existing_max: u64) -> u64 {
    *last = (*last).max(existing_max) + 1;
    *last
}

/// What a new customer is made of; everything else starts empty.
#[derive(Clone, Debug, Default)]
pub(crate) struct NewCustomer {
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub external_id: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub note: Option<String>,
    pub phone: Option<String>,
}

impl Store {
    pub(crate) fn new_ticket_id(&mut self) -> u64 {
        let max = self.tickets.iter().map(|t| t.id).max().unwrap_or(0);
        bump(&mut self.ids.ticket, max)
    }

    pub(crate) fn new_message_id(&mut self) -> u64 {
        let max = self.tickets.iter().flat_map(|t| &t.messages).map(|m| m.id).max().unwrap_or(0);
        bump(&mut self.ids.message, max)
    }

    pub(crate) fn new_tag_id(&mut self) -> u64 {
        let max = self.tags.iter().map(|t| t.id).max().unwrap_or(0);
        bump(&mut self.ids.tag, max)
    }

    pub(crate) fn new_customer_id(&mut self) -> u64 {
        let max = self.customers.iter().map(|c| c.id).max().unwrap_or(0);
        bump(&mut self.ids.customer, max)
    }

    pub(crate) fn ticket_mut(&mut self, id: u64) -> Option<&mut Ticket> {
        self.tickets.iter_mut().find(|t| t.id == id)
    }

    pub(crate) fn customer_mut(&mut self, id: u64) -> Option<&mut Customer> {
        self.customers.iter_mut().find(|c| c.id == id)
    }

    pub(crate) fn tag_mut(&mut self, id: u64) -> Option<&mut Tag> {
        self.tags.iter_mut().find(|t| t.id == id)
    }

    /// A customer by email, case-insensitively (emails are unique among customers).
    pub(crate) fn customer_by_email(&self, email: &str) -> Option<&Customer> {
        let email = email.trim();
        self.customers.iter().find(|c| !c.email.is_empty() && c.email.eq_ignore_ascii_case(email))
    }

    /// An agent by email, case-insensitively.
    pub(crate) fn user_by_email(&self, email: &str) -> Option<&User> {
        let email = email.trim();
        self.users.iter().find(|u| u.email.eq_ignore_ascii_case(email))
    }

    /// A tag by its exact (case-sensitive) name.
    pub(crate) fn tag_by_name(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }

    /// A message and the ticket holding it.
    pub(crate) fn message_mut(&mut self, ticket_id: u64, message_id: u64) -> Option<&mut Message> {
        self.ticket_mut(ticket_id)?.messages.iter_mut().find(|m| m.id == message_id)
    }

    /// Creates a tag and returns its id (callers check the name is free).
    pub(crate) fn add_tag(&mut self, name: &str, description: &str, color: Option<&str>, now: Time) -> u64 {
        let id = self.new_tag_id();
        self.tags.push(Tag {
            id,
            name: name.to_string(),
            description: description.to_string(),
            color: color.unwrap_or(DEFAULT_TAG_COLOR).to_string(),
            created: now,
        });
        id
    }

    /// The id of the tag called `name`, creating it when there is none.
    pub(crate) fn tag_named(&mut self, name: &str, now: Time) -> u64 {
        match self.tag_by_name(name) {
            Some(t) => t.id,
            None => self.add_tag(name, "", None, now),
        }
    }

    /// Creates a customer and returns its id (callers check the email is free).
    pub(crate) fn add_customer(&mut self, new: NewCustomer, now: Time) -> u64 {
        let id = self.new_customer_id();
        self.customers.push(Customer {
            id,
            email: new.email.trim().to_string(),
            firstname: new.firstname,
            lastname: new.lastname,
            external_id: new.external_id,
            language: new.language.unwrap_or_else(|| "en".to_string()),
            timezone: new.timezone.unwrap_or_else(|| "UTC".to_string()),
            note: new.note,
            phone: new.phone,
            data: json!({}),
            integrations: json!({}),
            custom_fields: Vec::<(u64, Value)>::new(),
            created: now,
            updated: now,
        });
        id
    }

    /// Removes a ticket and its survey; `false` when there was no such ticket.
    pub(crate) fn delete_ticket(&mut self, id: u64) -> bool {
        let before = self.tickets.len();
        self.tickets.retain(|t| t.id != id);
        self.surveys.retain(|s| s.ticket_id != id);
        self.tickets.len() != before
    }

    /// Removes a tag and takes it off every ticket; `false` when there was no such tag.
    pub(crate) fn delete_tag(&mut self, id: u64) -> bool {
        let before = self.tags.len();
        self.tags.retain(|t| t.id != id);
        for t in &mut self.tickets {
            t.tag_ids.retain(|tag| *tag != id);
        }
        self.tags.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_move_past_existing_and_deleted_ones() {
        let mut last = 0;
        assert_eq!(bump(&mut last, 4603), 4604);
        assert_eq!(bump(&mut last, 4604), 4605);
        // The highest record was deleted: its id is still not handed out again.
        assert_eq!(bump(&mut last, 4603), 4606);
    }
}
