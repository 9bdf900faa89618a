//! Kayako wire records → provider-neutral views: ids shown as display ids,
//! department/status/priority ids as titles, unix times as UTC ISO 8601,
//! posts and staff notes as one chronological conversation with HTML
//! stripped and staff, customer and private posts told apart. Pure.

use chrono::DateTime;

use super::reference::Reference;
use super::wire::{self, CREATOR_STAFF};
use crate::model::{FieldValue, MessageView, Person, Role, TicketDetail, TicketSummary};
use crate::provider::{Terms, count};
use crate::text::{clip, html_to_text, one_line, strip_quoted};

/// Longest excerpt shown in ticket lists.
const EXCERPT_CHARS: usize = 140;

/// Unix seconds → `2023-11-14T22:13:20Z`; 0 and negatives mean "never".
pub fn time(unix: i64) -> Option<String> {
    if unix <= 0 {
        return None;
    }
    DateTime::from_timestamp(unix, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A ticket as a list row.
pub fn ticket_summary(t: &wire::Ticket, r: &Reference) -> TicketSummary {
    let last_message = t.last_staff_reply.max(t.last_user_reply);
    TicketSummary {
        id: t.label(),
        subject: t.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "(no subject)".into()),
        status: r.status(t.status_id).unwrap_or_else(|| "unknown".into()),
        priority: r.priority(t.priority_id),
        channel: None,
        customer: Some(Person {
            id: t.user_id.filter(|id| *id > 0).map(|id| id.to_string()),
            name: t.full_name.clone(),
            email: t.email.clone(),
        })
        .filter(|p| p.id.is_some() || p.name.is_some() || p.email.is_some()),
        assignee: t.owner_staff_name.clone().or_else(|| r.staff_name(t.owner_staff_id)),
        team: r.department(t.department_id),
        tags: t.tags.clone(),
        created_at: time(t.creation_time),
        updated_at: time(t.last_activity),
        last_message_at: time(last_message),
        messages_count: (!t.posts.is_empty()).then_some(t.posts.len() as u32),
        excerpt: t
            .posts
            .iter()
            .min_by_key(|p| (p.dateline, p.id.parse::<u64>().unwrap_or(u64::MAX)))
            .map(|p| clip(&one_line(&post_text(p)), EXCERPT_CHARS).0)
            .filter(|e| !e.is_empty()),
    }
}

/// Kayako's words: tickets belong to departments.
pub const TERMS: Terms = Terms { team: "Department" };

/// A ticket with the fields lists leave out. Kayako Classic has no
/// satisfaction scores in its REST API, so `satisfaction` stays empty.
pub fn ticket_detail(t: &wire::Ticket, r: &Reference) -> TicketDetail {
    let mut fields = vec![FieldValue { label: "Numeric id".into(), value: t.id.to_string() }];
    fields.extend(r.kind(t.type_id).map(|v| FieldValue { label: "Type".into(), value: v }));
    fields.extend(t.organization.clone().map(|v| FieldValue { label: "Organization".into(), value: v }));
    TicketDetail { summary: ticket_summary(t, r), fields, ..TicketDetail::default() }
}

/// "40 posts and 3 notes", private posts counted among the posts ("40 posts
/// (2 private) and 3 notes"): Kayako keeps staff notes apart from posts.
pub fn totals(t: &wire::Ticket) -> String {
    let private = t.posts.iter().filter(|p| p.is_private).count();
    let mut s = count(t.posts.len(), "post", "posts");
    if private > 0 {
        s.push_str(&format!(" ({private} private)"));
    }
    format!("{s} and {}", count(t.notes.len(), "note", "notes"))
}

/// The readable text of a post: HTML converted when the post is (or looks
/// like) HTML, quoted replies removed.
pub fn post_text(p: &wire::Post) -> String {
    let looks_html = p.is_html || (p.contents.contains("</") || p.contents.contains("<br"));
    let text = if looks_html { html_to_text(&p.contents) } else { p.contents.clone() };
    strip_quoted(&text)
}

/// Who wrote a post.
pub fn role(p: &wire::Post) -> Role {
    if p.is_private {
        Role::InternalNote
    } else if p.creator == CREATOR_STAFF || p.staff_id.is_some() && p.user_id.is_none() {
        Role::Agent
    } else {
        Role::Customer
    }
}

/// Posts and staff notes, oldest first, numbered from 1.
pub fn conversation(t: &wire::Ticket) -> Vec<MessageView> {
    let mut entries: Vec<(i64, u64, MessageView)> = t
        .posts
        .iter()
        .map(|p| {
            let author = Person {
                id: if role(p) == Role::Customer { p.user_id } else { p.staff_id }.map(|i| i.to_string()),
                name: p.full_name.clone(),
                email: p.email.clone(),
            };
            let view = MessageView {
                id: p.id.clone(),
                position: 0,
                created_at: time(p.dateline),
                role: role(p),
                author,
                channel: None,
                text: post_text(p),
                text_truncated: false,
                attachments: p.attachments.clone(),
            };
            (p.dateline, p.id.parse().unwrap_or(u64::MAX), view)
        })
        .collect();
    entries.extend(t.notes.iter().map(|n| {
        let view = MessageView {
            id: format!("note-{}", n.id),
            position: 0,
            created_at: time(n.created),
            role: Role::InternalNote,
            author: Person { id: n.staff_id.clone(), name: n.staff_name.clone(), email: None },
            channel: Some("note".into()),
            text: strip_quoted(&n.text),
            text_truncated: false,
            attachments: vec![],
        };
        (n.created, u64::MAX, view)
    }));
    entries.sort_by_key(|(at, id, _)| (*at, *id));
    entries
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, mut v))| {
            v.position = i + 1;
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::kayako_classic::wire::{Named, Note, Post, Ticket};

    fn reference() -> Reference {
        let n = |id, title: &str| Named { id, title: title.into(), ..Named::default() };
        Reference {
            departments: vec![n(2, "Billing")],
            statuses: vec![n(1, "Open")],
            priorities: vec![n(3, "High")],
            ..Reference::default()
        }
    }

    #[test]
    fn summaries_name_ids_and_convert_times() {
        let t = Ticket {
            id: 12,
            display_id: Some("ABC-123-45678".into()),
            department_id: Some(2),
            status_id: Some(1),
            priority_id: Some(3),
            owner_staff_id: Some(0),
            creation_time: 1_700_000_000,
            ..Ticket::default()
        };
        let s = ticket_summary(&t, &reference());
        assert_eq!(
            (s.id.as_str(), s.status.as_str(), s.team.as_deref()),
            ("ABC-123-45678", "Open", Some("Billing"))
        );
        assert_eq!((s.priority.as_deref(), s.assignee), (Some("High"), None));
        assert_eq!(s.created_at.as_deref(), Some("2023-11-14T22:13:20Z"));
        assert_eq!(s.updated_at, None);
    }

    #[test]
    fn conversation_is_chronological_and_marks_staff_users_and_notes() {
        let post = |id: &str, at, creator, private, contents: &str| Post {
            id: id.into(),
            dateline: at,
            creator,
            is_private: private,
            contents: contents.into(),
            ..Post::default()
        };
        let t = Ticket {
            posts: vec![
                post("2", 200, 1, false, "<p>We are <b>on it</b></p>"),
                post("1", 100, 2, false, "Help!\n\n> quoted old mail"),
                post("3", 300, 1, true, "private"),
            ],
            notes: vec![Note { id: "9".into(), created: 150, text: "VIP".into(), ..Note::default() }],
            ..Ticket::default()
        };
        let c = conversation(&t);
        let order: Vec<(&str, Role, usize)> = c.iter().map(|m| (m.id.as_str(), m.role, m.position)).collect();
        assert_eq!(
            order,
            [
                ("1", Role::Customer, 1),
                ("note-9", Role::InternalNote, 2),
                ("2", Role::Agent, 3),
                ("3", Role::InternalNote, 4)
            ]
        );
        assert_eq!(c[0].text, "Help!");
        assert_eq!(c[2].text, "We are on it");
        assert_eq!(totals(&t), "3 posts (1 private) and 1 note");
        assert_eq!(totals(&Ticket::default()), "0 posts and 0 notes");
    }
}
