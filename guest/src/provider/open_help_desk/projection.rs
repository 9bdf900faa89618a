//! Open Help Desk records → provider-neutral views: tickets shown by tracking
//! number, ULIDs shown as the names of statuses, people, groups, categories, types
//! and items; the description and the replies as one chronological conversation
//! with internal notes marked and their authors named. Pure.

use std::collections::BTreeMap;

use super::reference::Reference;
use super::wire::{Reply, Ticket};
use crate::model::{FieldValue, MessageView, Person, Role, TicketDetail, TicketSummary};
use crate::provider::{Terms, count};
use crate::text::{clip, one_line, tidy};

/// Longest excerpt shown in ticket lists.
const EXCERPT_CHARS: usize = 140;
/// Longest message body shown.
const MESSAGE_CHARS: usize = 4_000;

/// Open Help Desk's words: tickets are assigned to groups.
pub const TERMS: Terms = Terms { team: "Group" };

/// People by ULID: staff from the reference list plus users looked up one by one.
#[derive(Clone, Debug, Default)]
pub struct People(pub BTreeMap<String, Person>);

impl People {
    /// Everyone on the staff list.
    pub fn of_staff(r: &Reference) -> Self {
        let mut p = Self::default();
        for s in &r.staff {
            p.0.insert(
                s.id.clone(),
                Person { id: Some(s.id.clone()), name: Some(s.name.clone()), email: s.email.clone() },
            );
        }
        p
    }

    /// Whether `id` is on the staff list.
    pub fn is_staff(r: &Reference, id: &str) -> bool {
        r.staff.iter().any(|s| s.id == id)
    }

    /// The person `id`, or one known by id only.
    pub fn get(&self, id: &str) -> Person {
        self.0.get(id).cloned().unwrap_or_else(|| Person { id: Some(id.to_owned()), ..Person::default() })
    }
}

/// The reporter: a user, or the guest's name and email.
pub fn reporter(t: &Ticket, people: &People) -> Option<Person> {
    match &t.reporter_user_id {
        Some(id) => Some(people.get(id)),
        None if t.guest_name.is_some() || t.guest_email.is_some() => {
            Some(Person { id: None, name: t.guest_name.clone(), email: t.guest_email.clone() })
        }
        None => None,
    }
}

/// A ticket as a list row.
pub fn ticket_summary(t: &Ticket, r: &Reference, people: &People) -> TicketSummary {
    let subject = if t.subject.trim().is_empty() { "(no subject)".to_owned() } else { t.subject.clone() };
    TicketSummary {
        id: t.tracking_number.clone(),
        subject,
        status: r.status(&t.status_id),
        priority: Some(t.priority.clone()).filter(|p| !p.is_empty()),
        channel: None,
        customer: reporter(t, people),
        assignee: t
            .assignee_user_id
            .as_deref()
            .and_then(|id| people.get(id).name.or_else(|| r.staff_name(Some(id)))),
        team: r.group_name(t.assignee_group_id.as_deref()),
        tags: vec![],
        created_at: Some(t.created_at.clone()).filter(|s| !s.is_empty()),
        updated_at: Some(t.updated_at.clone()).filter(|s| !s.is_empty()),
        last_message_at: None,
        messages_count: None,
        excerpt: Some(clip(&one_line(&t.description), EXCERPT_CHARS).0).filter(|e| !e.is_empty()),
    }
}

/// A ticket with its category path, ULID and resolution.
pub fn ticket_detail(t: &Ticket, r: &Reference, people: &People, replies: usize) -> TicketDetail {
    let (category, kind, item) = r.category_names(&t.category_id, t.type_id.as_deref(), t.item_id.as_deref());
    let mut fields = vec![FieldValue { label: "Category".into(), value: category }];
    fields.extend(kind.map(|value| FieldValue { label: "Type".into(), value }));
    fields.extend(item.map(|value| FieldValue { label: "Item".into(), value }));
    fields.push(FieldValue { label: "ULID".into(), value: t.id.clone() });
    fields.extend(
        t.resolution_notes.clone().map(|value| FieldValue { label: "Resolution notes".into(), value }),
    );
    fields.extend(t.resolved_at.clone().map(|value| FieldValue { label: "Resolved at".into(), value }));
    let mut summary = ticket_summary(t, r, people);
    summary.messages_count = u32::try_from(replies + 1).ok();
    TicketDetail { summary, closed_at: t.closed_at.clone(), fields, ..TicketDetail::default() }
}

/// The description (by the reporter) and every reply, oldest first.
pub fn conversation(t: &Ticket, replies: &[Reply], r: &Reference, people: &People) -> Vec<MessageView> {
    let body = |text: &str| {
        let (text, truncated) = clip(&tidy(text), MESSAGE_CHARS);
        (text, truncated)
    };
    let (text, text_truncated) = body(&t.description);
    let mut messages = vec![MessageView {
        id: t.id.clone(),
        position: 1,
        created_at: Some(t.created_at.clone()),
        role: Role::Customer,
        author: reporter(t, people).unwrap_or_default(),
        channel: None,
        text,
        text_truncated,
        attachments: vec![],
    }];
    let mut sorted: Vec<&Reply> = replies.iter().collect();
    sorted.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    for reply in sorted {
        let (text, text_truncated) = body(&reply.body);
        let author = reply.author_id.as_deref().map(|id| people.get(id)).unwrap_or_default();
        let staff = reply.author_id.as_deref().is_some_and(|id| People::is_staff(r, id));
        let role = match (reply.internal, staff || reply.author_id != t.reporter_user_id) {
            (true, _) => Role::InternalNote,
            (false, true) => Role::Agent,
            (false, false) => Role::Customer,
        };
        messages.push(MessageView {
            id: reply.id.clone(),
            position: messages.len() + 1,
            created_at: Some(reply.created_at.clone()),
            role,
            author,
            channel: reply.internal.then(|| "internal-note".into()),
            text,
            text_truncated,
            attachments: vec![],
        });
    }
    messages
}

/// "4 messages (1 internal note)".
pub fn totals(replies: &[Reply]) -> String {
    let notes = replies.iter().filter(|r| r.internal).count();
    let all = count(replies.len() + 1, "message", "messages");
    if notes == 0 { all } else { format!("{all} ({})", count(notes, "internal note", "internal notes")) }
}
