//! Finding the tickets about an order number when Gorgias's view search
//! answers 202 (its index is still being built). Scanning recent tickets only
//! sees subjects and excerpts, so it misses a reference that appears further
//! down a conversation. Instead: tickets whose external id is the reference,
//! and the tickets of the newest messages that mention it (`GET /api/messages`,
//! newest first), then those tickets by id.

use super::client::GorgiasSubject as _;
use super::client::{MAX_LIMIT, Subject, decode};
use super::filters::{self, Resolved};
use super::{Gorgias, projection, wire};
use crate::http::HttpError;
use crate::model::TicketSummary;
use crate::tool::ToolError;

/// Message pages read at most (100 messages each).
const MESSAGE_PAGES: usize = 10;

/// What the lookup found.
pub struct Found {
    /// Matching tickets passing the filters, most recently mentioned first.
    pub tickets: Vec<TicketSummary>,
    /// Messages read.
    pub read: usize,
    /// Whether every message was read.
    pub complete: bool,
}

impl Found {
    /// Says which strategy answered and how far it looked.
    pub fn note(&self) -> String {
        let reach = if self.complete {
            format!("all {} messages were searched", self.read)
        } else {
            format!("the {} most recent messages were searched; older ones were not checked", self.read)
        };
        format!(
            "Gorgias's ticket search answered 202 (its index is still being built), so the reference was looked up as a ticket external id and in message texts instead: {reach}."
        )
    }
}

fn messages_request(g: &Gorgias, cursor: Option<String>) -> crate::http::Request {
    let mut q = vec![("limit", MAX_LIMIT.to_string()), ("order_by", "created_datetime:desc".to_owned())];
    q.extend(cursor.map(|c| ("cursor", c)));
    g.get("/messages", &q)
}

/// Whether a message's subject or text mentions `needle` (lower case).
fn mentions(m: &wire::Message, needle: &str) -> bool {
    [&m.subject, &m.stripped_text, &m.body_text, &m.body_html]
        .into_iter()
        .flatten()
        .any(|t| t.to_lowercase().contains(needle))
}

/// Looks `reference` up without view search; `filters` apply to the tickets found.
pub fn lookup(g: &Gorgias, reference: &str, filters: &Resolved) -> Result<Found, ToolError> {
    let needle = reference.trim().to_lowercase();
    let tickets_subject = Subject::api("tickets");
    let messages_subject = Subject::api("messages");
    let mut results = g
        .send_all(vec![
            g.get(
                "/tickets",
                &[("external_id", reference.trim().to_owned()), ("limit", MAX_LIMIT.to_string())],
            ),
            messages_request(g, None),
        ])
        .into_iter();
    let mut next = || results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let by_external: wire::List<wire::Ticket> = decode(next(), &tickets_subject)?;
    let mut page: wire::List<wire::Message> = decode(next(), &messages_subject)?;
    let mut ids: Vec<u64> = by_external.data.iter().map(|t| t.id).collect();
    let (mut read, mut complete) = (0, false);
    for pages in 1..=MESSAGE_PAGES {
        read += page.data.len();
        for m in page.data.iter().filter(|m| mentions(m, &needle)) {
            if let Some(id) = m.ticket_id.filter(|id| !ids.contains(id)) {
                ids.push(id);
            }
        }
        match page.next_cursor.take() {
            None => {
                complete = true;
                break;
            }
            Some(c) if pages < MESSAGE_PAGES => {
                page = g.fetch(messages_request(g, Some(c)), &messages_subject)?
            }
            Some(_) => break,
        }
    }
    ids.truncate(MAX_LIMIT);
    let mut tickets: Vec<wire::Ticket> = by_external.data;
    let missing: Vec<(&str, String)> = ids
        .iter()
        .filter(|id| !tickets.iter().any(|t| t.id == **id))
        .map(|id| ("ticket_ids", id.to_string()))
        .collect();
    if !missing.is_empty() {
        let mut q = missing;
        q.push(("limit", MAX_LIMIT.to_string()));
        let listed: wire::List<wire::Ticket> = g.fetch(g.get("/tickets", &q), &tickets_subject)?;
        tickets.extend(listed.data);
    }
    let position = |t: &wire::Ticket| ids.iter().position(|id| *id == t.id).unwrap_or(usize::MAX);
    tickets.sort_by_key(position);
    let tickets =
        tickets.iter().filter(|t| filters::matches(t, filters)).map(projection::ticket_summary).collect();
    Ok(Found { tickets, read, complete })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_look_at_subject_and_every_text() {
        let m: wire::Message = serde_json::from_str(
            r#"{"id":1,"ticket_id":4521,"subject":"Refund","body_text":"The order number is NW-10187."}"#,
        )
        .unwrap();
        assert!(mentions(&m, "nw-10187"));
        assert!(!mentions(&m, "nw-10234"));
        let html: wire::Message =
            serde_json::from_str(r#"{"id":2,"body_html":"<p>order <b>NW-10275</b></p>"}"#).unwrap();
        assert!(mentions(&html, "nw-10275"));
    }
}
