//! Tickets created per customer, which reporting cannot break down: counted
//! from the tickets themselves. View search filters them server-side; when it
//! answers 202 (its index is still being built) the ticket list, newest first,
//! is read back to the period's start and filtered here instead, and the
//! answer says so.

use super::client::GorgiasSubject as _;
use std::collections::BTreeMap;

use super::client::{MAX_LIMIT, Subject};
use super::filters::{self, Assignee, Resolved, parse_time};
use super::paging::{self, ViewSearch};
use super::{Gorgias, projection, wire};
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::{StatsQuery, StatsRow, change};

/// Pages read at most (100 tickets each).
const MAX_PAGES: usize = 10;

/// Counted tickets per customer label.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<String, f64>,
    read: usize,
    complete: bool,
}

impl Tally {
    fn add(&mut self, t: &wire::Ticket) {
        let who =
            t.customer.as_ref().map_or_else(|| "(no customer)".to_owned(), |c| projection::person(c).label());
        *self.counts.entry(who).or_default() += 1.0;
    }
}

/// The rows of `group_by=customer`, with notes on how they were counted.
pub fn rows(
    g: &Gorgias,
    q: &StatsQuery,
    agent: Option<u64>,
    notes: &mut Vec<String>,
) -> Result<Vec<StatsRow>, ToolError> {
    let resolved = Resolved {
        status: q
            .status
            .as_deref()
            .map(|s| super::writes::one_of("status", s, filters::STATUSES))
            .transpose()?,
        assignee: agent.map(Assignee::Agent),
        channel: q.channel.as_deref().map(|c| c.trim().to_ascii_lowercase()),
        tag: q.tag.clone(),
        after: Some(q.range.start),
        before: Some(q.range.end),
        ..Default::default()
    };
    let tally = match by_view_search(g, &resolved)? {
        Some(t) => {
            if !t.complete {
                notes.push(format!(
                    "Counted from the {} most recent tickets of the period; older ones were not read.",
                    t.read
                ));
            }
            t
        }
        None => {
            let t = by_listing(g, q, &resolved)?;
            notes.push(format!(
                "Gorgias's ticket search answered 202 (its index is still being built), so customers were counted from the ticket list instead ({} tickets read, newest first{}).",
                t.read,
                if t.complete { "" } else { "; older tickets of the period were not read" }
            ));
            t
        }
    };
    Ok(tally
        .counts
        .into_iter()
        .map(|(key, v)| StatsRow { key, value: Some(v), previous: None, change_pct: change(Some(v), None) })
        .collect())
}

/// View search on the creation range and filters; `None` when it answered 202.
fn by_view_search(g: &Gorgias, resolved: &Resolved) -> Result<Option<Tally>, ToolError> {
    let expression = filters::expression(resolved);
    let mut tally = Tally::default();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let request = paging::view_search_request(
            g,
            0,
            None,
            expression.clone(),
            ("created_datetime", "desc"),
            cursor.as_deref(),
            MAX_LIMIT.to_string(),
        );
        let page = match paging::view_search_result(g.up.send(request))? {
            ViewSearch::Page(p) => p,
            // A later page that is suddenly not ready is an error, not a silent half count.
            ViewSearch::Accepted if tally.read == 0 => return Ok(None),
            ViewSearch::Accepted => {
                return Err(ToolError::Upstream {
                    status: 202,
                    message: Some("ticket search stopped answering mid-way; try again in a minute".into()),
                });
            }
        };
        tally.read += page.data.len();
        page.data.iter().for_each(|t| tally.add(t));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => {
                tally.complete = true;
                break;
            }
        }
    }
    Ok(Some(tally))
}

/// The ticket list, newest first, read back to the period's start and filtered here.
fn by_listing(g: &Gorgias, q: &StatsQuery, resolved: &Resolved) -> Result<Tally, ToolError> {
    let mut tally = Tally::default();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let mut query = vec![
            ("limit", MAX_LIMIT.to_string()),
            ("order_by", "created_datetime:desc".to_owned()),
            ("trashed", "false".to_owned()),
        ];
        query.extend(cursor.take().map(|c| ("cursor", c)));
        let page: wire::List<wire::Ticket> = g.fetch(g.get("/tickets", &query), &Subject::api("tickets"))?;
        tally.read += page.data.len();
        let mut past = false;
        for t in &page.data {
            let created = t.created_datetime.as_deref().and_then(parse_time);
            past |= created.is_some_and(|c| c < q.range.start);
            if filters::matches(t, resolved) && t.spam != Some(true) {
                tally.add(t);
            }
        }
        match page.next_cursor {
            Some(c) if !past => cursor = Some(c),
            _ => {
                tally.complete = true;
                break;
            }
        }
    }
    Ok(tally)
}
