//! `get_ticket` (the ticket, its replies and the reference lists in one round
//! trip, then the names of its type, item and people in a second), `list_tickets`
//! and `search_tickets` over `GET /tickets` with the filters resolved to ULIDs.

use std::collections::BTreeSet;

use super::Ohd;
use super::client::{Call, STAFF, api_subject, decode, ticket_subject};
use super::projection::{self, People};
use super::reference::{self, Reference};
use super::wire::{List, Named, Reply, Ticket, User};
use crate::http::HttpError;
use crate::model::Person;
use crate::provider::{PageRequest, TicketPage, TicketThread};
use crate::tool::ToolError;
use crate::tool::list_tickets::{OrderBy, TicketFilters};

/// Largest page the API serves.
const MAX_LIMIT: usize = 100;

/// Whether `raw` is a tracking number (`OHD-2026-000123`) or a ULID.
pub fn is_ticket_id(raw: &str) -> bool {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split('-').collect();
    let tracking = parts.len() == 3
        && parts[0].eq_ignore_ascii_case("OHD")
        && parts[1].len() == 4
        && parts[1..].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    tracking || is_ulid(raw)
}

/// The shape of a ULID (26 letters and digits): ids from an answer are put in
/// a path only if they have it.
pub fn is_ulid(raw: &str) -> bool {
    raw.len() == 26 && raw.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn checked(raw: &str) -> Result<String, ToolError> {
    let id = raw.trim();
    if is_ticket_id(id) {
        Ok(id.to_ascii_uppercase())
    } else {
        Err(ToolError::invalid(
            "id",
            format!(
                "`{id}` is not an Open Help Desk ticket id; use a tracking number like OHD-2026-000123 or the ticket's ULID"
            ),
        ))
    }
}

/// A ticket with everything needed to show it.
pub struct Loaded {
    /// The ticket.
    pub ticket: Ticket,
    /// Its replies (internal notes only for Staff and Admin keys).
    pub replies: Vec<Reply>,
    /// Reference lists (the ticket's category branch read).
    pub reference: Reference,
    /// Everyone it mentions.
    pub people: People,
}

fn missing() -> Result<crate::http::Response, HttpError> {
    Err(HttpError::Protocol("missing response"))
}

/// Reads a ticket (tracking number or ULID), its replies, the reference lists,
/// its category branch and the people it mentions: two round trips.
pub fn load(o: &Ohd, raw: &str) -> Result<Loaded, ToolError> {
    let id = checked(raw)?;
    let subject = ticket_subject(&id);
    let calls = vec![
        Call::get(format!("/tickets/{id}"), vec![]),
        Call::get(format!("/tickets/{id}/replies"), vec![]),
    ];
    let (mut reference, results) = Reference::load_with(o, false, calls)?;
    let mut results = results.into_iter();
    let ticket: Ticket = decode(results.next().unwrap_or_else(missing), &subject, STAFF)?;
    let replies = decode::<List<Reply>>(results.next().unwrap_or_else(missing), &subject, STAFF)?.data;
    let mut ids: BTreeSet<String> = replies.iter().filter_map(|r| r.author_id.clone()).collect();
    ids.extend(ticket.reporter_user_id.clone());
    let mut calls = vec![Call::reference(format!("/categories/{}/types", ticket.category_id))];
    if let Some(t) = &ticket.type_id {
        calls.push(Call::reference(format!("/categories/{}/types/{t}/items", ticket.category_id)));
    }
    let branch = calls.len();
    let people = lookups(&reference, ids);
    calls.extend(people.iter().map(|id| Call::reference(format!("/users/{id}"))));
    let mut results = o.send_all(&calls)?.into_iter();
    let types =
        decode::<List<Named>>(results.next().unwrap_or_else(missing), &api_subject("category types"), STAFF);
    let items = (branch == 2)
        .then(|| decode::<List<Named>>(results.next().unwrap_or_else(missing), &api_subject("items"), STAFF));
    // An inactive category's branch is not listed; names then stay ULIDs.
    if let (Ok(types), Some(node)) =
        (types, reference.categories.iter_mut().find(|c| c.category.id == ticket.category_id))
    {
        node.types = types.data.into_iter().map(|kind| reference::TypeNode { kind, items: vec![] }).collect();
        if let (Some(Ok(items)), Some(t)) =
            (items, node.types.iter_mut().find(|t| Some(&t.kind.id) == ticket.type_id.as_ref()))
        {
            t.items = items.data;
        }
    }
    let people = people_from(&reference, results);
    Ok(Loaded { ticket, replies, reference, people })
}

/// Ids not on the staff list, to look up one by one.
/// Staff plus the users among `ids` (at most 25 looked up, in one round trip of
/// cacheable reads), so reporters show by name instead of by ULID.
pub fn people_named(o: &Ohd, r: &Reference, ids: BTreeSet<String>) -> Result<People, ToolError> {
    let calls: Vec<Call> =
        lookups(r, ids).into_iter().map(|id| Call::reference(format!("/users/{id}"))).collect();
    if calls.is_empty() {
        return Ok(People::of_staff(r));
    }
    Ok(people_from(r, o.send_all(&calls)?.into_iter()))
}

fn lookups(r: &Reference, ids: BTreeSet<String>) -> Vec<String> {
    ids.into_iter().filter(|id| is_ulid(id) && !People::is_staff(r, id)).take(25).collect()
}

/// Staff plus the users whose lookups succeeded (a User key may read only itself).
fn people_from(
    r: &Reference,
    results: impl Iterator<Item = Result<crate::http::Response, HttpError>>,
) -> People {
    let mut people = People::of_staff(r);
    for result in results {
        if let Ok(u) = decode::<User>(result, &api_subject("users"), STAFF) {
            people.0.insert(u.id.clone(), Person { id: Some(u.id), name: Some(u.name), email: u.email });
        }
    }
    people
}

/// `get_ticket`.
pub fn thread(o: &Ohd, raw: &str) -> Result<TicketThread, ToolError> {
    let l = load(o, raw)?;
    let mut notes = Vec::new();
    if l.reference.people_refused {
        notes.push("This key has the User role: internal notes are not visible to it, and staff are named only where the API shows them.".into());
    }
    Ok(TicketThread {
        ticket: projection::ticket_detail(&l.ticket, &l.reference, &l.people, l.replies.len()),
        messages: projection::conversation(&l.ticket, &l.replies, &l.reference, &l.people),
        totals: projection::totals(&l.replies),
        terms: projection::TERMS,
        notes,
    })
}

/// Filters as `GET /tickets` query pairs, plus what is matched here.
struct Query {
    pairs: Vec<(&'static str, String)>,
    statuses: Vec<String>,
    kind: Option<String>,
    item: Option<String>,
}

fn query(f: &TicketFilters, r: &Reference, q: Option<&str>) -> Result<Query, ToolError> {
    if f.channel.is_some() {
        return Err(ToolError::invalid("channel", "Open Help Desk tickets have no channel to filter by"));
    }
    if f.tag.is_some() {
        return Err(ToolError::invalid(
            "tag",
            "Open Help Desk's API has no ticket tags to filter by; filter by category",
        ));
    }
    let mut pairs: Vec<(&'static str, String)> = q.map(|q| ("q", q.to_owned())).into_iter().collect();
    let statuses = f.status.as_deref().map(|s| r.status_ids("status", s)).transpose()?.unwrap_or_default();
    if let Some(p) = f.priority.as_deref() {
        pairs.push(("priority", reference::priority("priority", p)?));
    }
    let path = f.category.as_deref().map(|c| r.category_path("category", c)).transpose()?;
    if let Some(a) = f.assignee.as_deref() {
        pairs.push(("assignee_user_id", r.staff_id("assignee", a)?.unwrap_or_else(|| "none".into())));
    }
    if let Some(t) = f.team.as_deref() {
        pairs.push(("assignee_group_id", r.group_id("team", t)?.unwrap_or_else(|| "none".into())));
    }
    let (kind, item) = path.as_ref().map_or((None, None), |p| (p.kind.clone(), p.item.clone()));
    pairs.extend(path.map(|p| ("category_id", p.category)));
    Ok(Query { pairs, statuses, kind, item })
}

/// `list_tickets` and keyword `search_tickets`: one page of `GET /tickets`
/// (several in parallel when a status word names several statuses).
pub fn list(
    o: &Ohd,
    f: &TicketFilters,
    q: Option<&str>,
    order: Option<OrderBy>,
    page: &PageRequest,
    strategy: &str,
) -> Result<TicketPage, ToolError> {
    let tree = f.category.as_deref().is_some_and(|c| c.contains(['/', '>']));
    let r = Reference::load(o, tree)?;
    let query = query(f, &r, q)?;
    let offset: usize = page
        .cursor
        .as_ref()
        .map_or(0, |c| c.upstream.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0) + c.skip);
    let local = query.kind.is_some() || f.created_after.is_some() || f.created_before.is_some();
    let many = query.statuses.len() > 1 || local;
    let calls: Vec<Call> =
        if query.statuses.is_empty() { vec![None] } else { query.statuses.iter().map(Some).collect() }
            .into_iter()
            .map(|status| {
                let mut pairs = query.pairs.clone();
                pairs.extend(status.map(|s| ("status_id", s.clone())));
                if many {
                    pairs.push(("limit", MAX_LIMIT.to_string()));
                } else {
                    pairs.extend([
                        ("limit", page.limit.min(MAX_LIMIT).to_string()),
                        ("offset", offset.to_string()),
                    ]);
                }
                Call::get("/tickets", pairs)
            })
            .collect();
    let mut tickets = Vec::new();
    let mut total = 0;
    let mut capped = false;
    for result in o.send_all(&calls)? {
        let list: List<Ticket> = decode(result, &api_subject("ticket lists"), STAFF)?;
        let n = list.total.unwrap_or(list.data.len() as u64);
        capped |= many && n > MAX_LIMIT as u64;
        total += n;
        tickets.extend(list.data);
    }
    let mut notes = Vec::new();
    if many {
        let after = f.created_after.map(|w| w.0.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        let before = f.created_before.map(|w| w.0.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        tickets.retain(|t| {
            query.kind.as_ref().is_none_or(|k| t.type_id.as_ref() == Some(k))
                && query.item.as_ref().is_none_or(|i| t.item_id.as_ref() == Some(i))
                && after.as_ref().is_none_or(|a| t.created_at >= *a)
                && before.as_ref().is_none_or(|b| t.created_at < *b)
        });
        tickets.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        total = tickets.len() as u64;
        tickets = tickets.into_iter().skip(offset).take(page.limit).collect();
        if capped {
            notes.push(format!(
                "Only the newest {MAX_LIMIT} tickets of each status were read and combined here."
            ));
        }
    }
    if order == Some(OrderBy::Updated) {
        notes.push("Open Help Desk lists tickets newest created first; that order is kept.".into());
    }
    if r.people_refused {
        notes.push("This key has the User role: it sees only its own tickets.".into());
    }
    let people = people_named(o, &r, tickets.iter().filter_map(|t| t.reporter_user_id.clone()).collect())?;
    let more = (offset + tickets.len()) < total as usize;
    let mut described = vec![strategy.to_owned()];
    if f.any() {
        described.push(f.describe());
    }
    Ok(TicketPage {
        strategy: described.join(", "),
        tickets: tickets.iter().map(|t| projection::ticket_summary(t, &r, &people)).collect(),
        total: Some(total),
        notes,
        this: page.cursor("list", Some(offset.to_string()), 0),
        next: more.then(|| page.cursor("list", Some((offset + page.limit).to_string()), 0)),
    })
}

/// `search_tickets`: a tracking number or ULID reads that ticket; anything
/// else is a text search (`q`) with the filters.
pub fn search(
    o: &Ohd,
    query: Option<&str>,
    f: &TicketFilters,
    page: &PageRequest,
) -> Result<TicketPage, ToolError> {
    match query.map(str::trim).filter(|q| !q.is_empty()) {
        Some(id) if is_ticket_id(id.trim_start_matches('#')) => {
            let l = load(o, id.trim_start_matches('#'))?;
            Ok(TicketPage {
                strategy: "ticket id".into(),
                tickets: vec![projection::ticket_summary(&l.ticket, &l.reference, &l.people)],
                total: Some(1),
                notes: vec![],
                this: page.cursor("id", None, 0),
                next: None,
            })
        }
        Some(q) => {
            list(o, f, Some(q), None, page, &format!("text search for \"{q}\" in subjects and descriptions"))
        }
        None => list(o, f, None, None, page, "ticket list"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_ids_are_tracking_numbers_or_ulids() {
        for ok in ["OHD-2026-000293", "ohd-2026-1", "01J8ZK3M4N5P6Q7R8S9T0V1W2X"] {
            assert!(is_ticket_id(ok), "{ok}");
        }
        for bad in ["293", "OHD-26-1", "battery", "OHD-2026-", ""] {
            assert!(!is_ticket_id(bad), "{bad}");
        }
    }
}
