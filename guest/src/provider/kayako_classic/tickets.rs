//! `get_ticket` (the ticket with its posts and the reference lists that name
//! its ids, in one round trip) and `list_tickets` over
//! `GET /Tickets/Ticket/ListAll/{departments}/{statuses}/{owner}/{user}/{count}/{start}/{sort}/{order}`.

use super::client::KayakoSubject as _;
use super::client::{Subject, decode, seg};
use super::reference::Reference;
use super::wire::{Post, Ticket};
use super::{Kayako, projection};
use crate::http::HttpError;
use crate::provider::{PageRequest, TicketPage, TicketThread};
use crate::tool::ToolError;
use crate::tool::list_tickets::{Direction, ListTicketsParams, OrderBy, TicketFilters};
use crate::tool::params::TicketRef;

/// Whether `raw` looks like a Kayako display id (`ABC-123-45678`) or a number.
pub fn is_ticket_id(raw: &str) -> bool {
    let raw = raw.trim().trim_start_matches('#');
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let parts: Vec<&str> = raw.split('-').collect();
    parts.len() == 3
        && parts[0].len() >= 2
        && parts[0].bytes().all(|b| b.is_ascii_alphabetic())
        && parts[1..].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Fetches one ticket (display or numeric id) together with the reference
/// lists. A server that renders no `<posts>` in Get has them read separately.
pub fn fetch(k: &Kayako, id: &str) -> Result<(Ticket, Reference), ToolError> {
    let id = id.trim().trim_start_matches('#');
    if !is_ticket_id(id) {
        return Err(ToolError::invalid(
            "id",
            format!(
                "`{id}` is not a Kayako ticket id; use a display id like ABC-123-45678 or the numeric id"
            ),
        ));
    }
    let subject = Subject::ticket(id);
    let mut requests = vec![k.get(&format!("/Tickets/Ticket/{}", seg(id)))];
    requests.extend(Reference::requests(k));
    let mut results = k.send_all(requests).into_iter();
    let ticket_result = results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let root = decode(ticket_result, &subject)?;
    let reference = Reference::from_results(results)?;
    let mut ticket = Ticket::list(&root)
        .into_iter()
        .next()
        .ok_or_else(|| ToolError::NotFound { what: subject.what.clone(), hint: subject.hint.to_owned() })?;
    if ticket.posts.is_empty() && ticket.id > 0 {
        // Posts are selected by numeric id only (a mask id yields none).
        let posts = k.fetch(k.get(&format!("/Tickets/TicketPost/ListAll/{}", ticket.id)), &subject)?;
        ticket.posts = posts.all("post").map(Post::from_xml).collect();
    }
    Ok((ticket, reference))
}

/// `get_ticket`.
pub fn thread(k: &Kayako, id: &TicketRef) -> Result<TicketThread, ToolError> {
    let (ticket, reference) = fetch(k, &id.0)?;
    let mut notes: Vec<String> = reference
        .missing
        .iter()
        .map(|m| format!("The {m} list could not be read; some ids are shown as numbers."))
        .collect();
    if ticket.posts.is_empty() {
        notes.push("Kayako returned no posts for this ticket.".into());
    }
    Ok(TicketThread {
        ticket: projection::ticket_detail(&ticket, &reference),
        messages: projection::conversation(&ticket),
        totals: projection::totals(&ticket),
        terms: projection::TERMS,
        notes,
    })
}

/// Filters resolved to Kayako ids, plus the ones applied locally.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// Department ids (ListAll requires at least one).
    pub departments: Vec<i64>,
    /// Status ids.
    pub statuses: Vec<i64>,
    /// Owner staff id (0 = unassigned).
    pub owner: Option<i64>,
    /// Customer user id.
    pub user: Option<i64>,
    /// Tag, matched locally.
    pub tag: Option<String>,
    /// Creation bounds in unix seconds, matched locally.
    pub after: Option<i64>,
    /// Exclusive upper bound.
    pub before: Option<i64>,
}

impl Resolved {
    /// Whether a ticket passes the filters (all of them, for search results).
    pub fn matches(&self, t: &Ticket) -> bool {
        let has = |ids: &[i64], id: Option<i64>| ids.is_empty() || id.is_some_and(|i| ids.contains(&i));
        has(&self.departments, t.department_id)
            && has(&self.statuses, t.status_id)
            && self.owner.is_none_or(|o| t.owner_staff_id.unwrap_or(0) == o)
            && self.user.is_none_or(|u| t.user_id == Some(u))
            && self.tag.as_deref().is_none_or(|tag| t.tags.iter().any(|x| x.eq_ignore_ascii_case(tag)))
            && self.after.is_none_or(|a| t.creation_time >= a)
            && self.before.is_none_or(|b| t.creation_time < b)
    }

    /// Whether only the local filters are set.
    pub fn local_only(&self) -> bool {
        self.tag.is_some() || self.after.is_some() || self.before.is_some()
    }
}

/// Resolves ticket filters against the reference lists. With no department
/// or status given, every ticket department and every status is meant (the
/// API's own default, `-1`, means unresolved statuses only).
pub fn resolve(f: &TicketFilters, r: &Reference, all: bool) -> Result<Resolved, ToolError> {
    if f.channel.is_some() {
        return Err(ToolError::invalid("channel", "Kayako Classic tickets have no channel to filter by"));
    }
    if let Some(field) = f.unsupported() {
        return Err(ToolError::invalid(
            field,
            "Kayako Classic ticket lists cannot be filtered by this; filter by team, status or assignee",
        ));
    }
    let departments = match f.team.as_deref() {
        Some(d) => vec![super::reference::resolve("team", "department", d, &r.departments)?],
        None if all => r.ticket_departments(),
        None => vec![],
    };
    let statuses = match f.status.as_deref() {
        Some(s) => r.status_ids("status", s)?,
        None if all => r.statuses.iter().map(|s| s.id).collect(),
        None => vec![],
    };
    if statuses.is_empty() && (f.status.is_some() || all) {
        return Err(ToolError::invalid(
            "status",
            "no Kayako status matches; see list_reference kind=statuses",
        ));
    }
    let owner = f.assignee.as_deref().map(|a| r.staff_id("assignee", a)).transpose()?;
    let unix = |w: Option<crate::tool::params::When>| w.map(|w| w.0.and_utc().timestamp());
    Ok(Resolved {
        departments,
        statuses,
        owner,
        user: None,
        tag: f.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned),
        after: unix(f.created_after),
        before: unix(f.created_before),
    })
}

fn csv(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// `list_tickets`: one ListAll page per call; a page of `limit + 1` tells
/// whether there is more (Kayako reports no total).
pub fn list(k: &Kayako, p: &ListTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
    if p.view.is_some() {
        return Err(ToolError::invalid(
            "view",
            "Kayako Classic has no saved views; filter by team (department), status or assignee",
        ));
    }
    let reference = Reference::load(k)?;
    let mut resolved = resolve(&p.filters, &reference, true)?;
    if let Some(c) = p.customer.as_deref().map(str::trim) {
        resolved.user = Some(c.parse().map_err(|_| {
            ToolError::invalid(
                "customer",
                format!(
                    "`{c}` is not a Kayako user id; to find a customer's tickets by email use search_tickets"
                ),
            )
        })?);
    }
    if resolved.departments.is_empty() {
        return Err(ToolError::invalid(
            "team",
            "Kayako lists no ticket departments, so there is nothing to list",
        ));
    }
    let sort = match p.order_by.unwrap_or_default() {
        OrderBy::Created => "dateline",
        OrderBy::Updated => "lastactivity",
    };
    let order = match p.order.unwrap_or_default() {
        Direction::Asc => "ASC",
        Direction::Desc => "DESC",
    };
    // A page trimmed to fit the output continues at its offset plus what was shown.
    let start: usize = page
        .cursor
        .as_ref()
        .map_or(0, |c| c.upstream.as_deref().and_then(|s| s.parse::<usize>().ok()).unwrap_or(0) + c.skip);
    let route = format!(
        "/Tickets/Ticket/ListAll/{}/{}/{}/{}/{}/{start}/{sort}/{order}",
        seg(&csv(&resolved.departments)),
        seg(&csv(&resolved.statuses)),
        resolved.owner.map_or("-1".into(), |o| o.to_string()),
        resolved.user.map_or("-1".into(), |u| u.to_string()),
        page.limit + 1,
    );
    let root = k.fetch(k.get(&route), &Subject::api("ticket lists"))?;
    let tickets = Ticket::list(&root);
    let more = tickets.len() > page.limit;
    let mut shown: Vec<Ticket> = tickets.into_iter().take(page.limit).collect();
    let mut notes = Vec::new();
    if resolved.local_only() {
        let before = shown.len();
        shown.retain(|t| resolved.matches(t));
        notes.push(format!(
            "Tag and date filters were applied to this page here ({} of {before} kept); later pages may hold more matches.",
            shown.len()
        ));
    }
    let mut described = vec![format!("ordered by {sort} {}", order.to_ascii_lowercase())];
    if p.filters.any() {
        described.push(p.filters.describe());
    }
    described.extend(resolved.user.map(|u| format!("customer user {u}")));
    Ok(TicketPage {
        strategy: format!("Kayako ticket list, {}", described.join(", ")),
        tickets: shown.iter().map(|t| projection::ticket_summary(t, &reference)).collect(),
        total: None,
        notes,
        this: page.cursor("list", Some(start.to_string()), 0),
        next: more.then(|| page.cursor("list", Some((start + page.limit).to_string()), 0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_ids_are_display_ids_or_numbers() {
        for ok in ["ABC-123-45678", "#42", "42", "oLj-171-16930"] {
            assert!(is_ticket_id(ok), "{ok}");
        }
        for bad in ["refund", "ABC-123", "a@b.c", "ABC-12x-1", "", "1-2-3"] {
            assert!(!is_ticket_id(bad), "{bad}");
        }
    }
}
