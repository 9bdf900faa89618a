//! `get_ticket` (the ticket, every response and the staff list that names authors, in one
//! round trip) and `list_tickets` over `tickets/query` (perspectives as views, watchlists
//! too, queues as teams, status, assignee, page by page). The filters both ticket-listing
//! tools share become a `search_object` here.

use serde_json::{Map, Value, json};

use super::client::{api_subject, envelope, ticket_subject};
use super::reference::{self, PERSPECTIVES, QUEUES, STAFF, WATCHLISTS};
use super::wire::{Item, Perspective, QueryPage, Responses, Show, Staff, Watchlist};
use super::{Tickiti, projection};
use crate::http::HttpError;
use crate::provider::{PageRequest, TicketPage, TicketThread};
use crate::tool::ToolError;
use crate::tool::list_tickets::{Direction, ListTicketsParams, OrderBy, TicketFilters};
use crate::tool::params::TicketRef;

/// The 6-digit number in `raw` (`220009`, `#220009`), or an argument error.
pub fn number(field: &str, raw: &str) -> Result<String, ToolError> {
    let n = raw.trim().trim_start_matches('#');
    if n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit()) {
        Ok(n.to_owned())
    } else {
        Err(ToolError::invalid(
            field,
            format!("`{n}` is not a Tickiti ticket number; they have 6 digits, e.g. 220009"),
        ))
    }
}

/// `get_ticket`.
pub fn thread(t: &Tickiti, id: &TicketRef) -> Result<TicketThread, ToolError> {
    let n = number("id", &id.0)?;
    let body = json!({ "ticket_number": n });
    let mut results = t
        .send_all(vec![t.read("tickets/show", &body), t.read("tickets/responses", &body), t.reference(STAFF)])
        .into_iter();
    let mut next = || results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let subject = ticket_subject(&n);
    let (show, responses) = (next(), next());
    let show: Show = envelope(show, &subject)?;
    let responses: Responses = envelope(responses, &subject)?;
    let mut notes = Vec::new();
    let staff: Vec<Staff> = reference::decode(next(), STAFF).unwrap_or_else(|e| {
        notes.push(format!("Staff names could not be read ({}); authors are shown by email.", short(&e)));
        Vec::new()
    });
    let detail = projection::ticket_detail(&show.ticket, &responses.responses);
    let customer = detail.summary.customer.clone().unwrap_or_default();
    Ok(TicketThread {
        messages: projection::conversation(&responses.responses, &staff, &customer),
        totals: projection::totals(&responses.responses),
        ticket: detail,
        terms: projection::TERMS,
        notes,
    })
}

/// The first sentence of an error, for notes.
pub fn short(e: &ToolError) -> String {
    e.to_string().split(". ").next().unwrap_or_default().to_owned()
}

/// The shared filters as a `search_object`, with the lists they needed resolved.
pub fn search_object(t: &Tickiti, f: &TicketFilters) -> Result<Map<String, Value>, ToolError> {
    if f.channel.is_some() {
        return Err(ToolError::invalid(
            "channel",
            "Tickiti tickets have no channel; every ticket arrives by email into a queue (filter by team)",
        ));
    }
    if f.tag.is_some() {
        return Err(ToolError::invalid(
            "tag",
            "Tickiti has no tags; watchlists group tickets: use list_tickets with view=<watchlist name> (list_reference kind=watchlists)",
        ));
    }
    let mut o = Map::new();
    if let Some(s) = &f.status {
        o.insert("status".into(), Value::String(reference::status_name(s)));
    }
    if let Some(a) = f.assignee.as_deref().map(str::trim) {
        let email = if a.eq_ignore_ascii_case("none") || a.contains('@') {
            a.to_lowercase()
        } else {
            reference::staff_email(&reference::load::<Staff>(t, STAFF)?, "assignee", a)?
        };
        o.insert("assignee_email".into(), Value::String(email));
    }
    if let Some(team) = &f.team {
        let name = reference::queue_name(&reference::load::<Item>(t, QUEUES)?, "team", team)?;
        o.insert("queue".into(), Value::String(name));
    }
    let day = |w: crate::tool::params::When, before: bool| {
        let d = w.0.date();
        let d = if before && w.0.time() == chrono::NaiveTime::MIN { d.pred_opt().unwrap_or(d) } else { d };
        Value::String(d.format("%Y-%m-%d").to_string())
    };
    if let Some(w) = f.created_after {
        o.insert("created_from".into(), day(w, false));
    }
    if let Some(w) = f.created_before {
        o.insert("created_to".into(), day(w, true));
    }
    Ok(o)
}

/// Runs `tickets/query` for one page and makes a [`TicketPage`] of it.
pub fn query(
    t: &Tickiti,
    mut body: Map<String, Value>,
    page: &PageRequest,
    kind: &str,
    strategy: String,
) -> Result<TicketPage, ToolError> {
    let number: u64 = page.cursor.as_ref().and_then(|c| c.upstream.as_deref()?.parse().ok()).unwrap_or(1);
    let skip = page.cursor.as_ref().map_or(0, |c| c.skip);
    body.insert("page".into(), json!(number));
    body.insert("per_page".into(), json!(page.limit));
    let data: QueryPage =
        t.fetch(t.read("tickets/query", &Value::Object(body)), &api_subject("ticket queries"))?;
    let mut notes = Vec::new();
    let tickets: Vec<_> = data.rows.iter().skip(skip).filter_map(projection::row_summary).collect();
    if tickets.len() < data.rows.len().saturating_sub(skip) {
        notes.push(
            "Some rows had no ticket_number column (the perspective does not show it) and were left out."
                .into(),
        );
    }
    Ok(TicketPage {
        strategy,
        tickets,
        total: Some(data.total),
        notes,
        this: page.cursor(kind, Some(number.to_string()), skip),
        next: (number < data.last_page).then(|| page.cursor(kind, Some((number + 1).to_string()), 0)),
    })
}

/// `list_tickets`.
pub fn list(t: &Tickiti, p: &ListTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
    let mut o = search_object(t, &p.filters)?;
    let mut body = Map::new();
    let mut described = Vec::new();
    if let Some(view) = p.view.as_deref().map(str::trim) {
        let (perspectives, watchlists) = {
            let mut r = t.send_all(vec![t.reference(PERSPECTIVES), t.reference(WATCHLISTS)]).into_iter();
            let mut next = || r.next().unwrap_or(Err(HttpError::Protocol("missing response")));
            (
                reference::decode::<Perspective>(next(), PERSPECTIVES),
                reference::decode::<Watchlist>(next(), WATCHLISTS),
            )
        };
        let lower = view.to_lowercase();
        let perspective = perspectives
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|x| x.id.to_string() == view || x.name.to_lowercase() == lower)
            .cloned();
        let watchlist = watchlists
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|x| x.id.to_string() == view || x.name.to_lowercase() == lower)
            .cloned();
        match (perspective, watchlist) {
            (Some(x), _) => {
                body.insert("perspective_id".into(), json!(x.id));
                described.push(format!("perspective \"{}\"", x.name));
            }
            (None, Some(w)) => {
                o.insert("watchlist_id".into(), json!(w.id));
                described.push(format!("watchlist \"{}\"", w.name));
            }
            (None, None) => {
                let mut names: Vec<String> =
                    perspectives.unwrap_or_default().into_iter().map(|x| x.name).collect();
                names.extend(
                    watchlists.unwrap_or_default().into_iter().map(|w| format!("{} (watchlist)", w.name)),
                );
                return Err(ToolError::invalid(
                    "view",
                    format!(
                        "no perspective or watchlist is called `{view}`; choose from: {}",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    if let Some(c) = p.customer.as_deref().map(str::trim) {
        let key = if c.contains('@') { "originator_email" } else { "originator_name" };
        o.insert(key.into(), Value::String(c.to_owned()));
        described.push(format!("customer {c}"));
    }
    let sort = match p.order_by.unwrap_or_default() {
        OrderBy::Created => "created_at",
        OrderBy::Updated => "updated_at",
    };
    let direction = match p.order.unwrap_or_default() {
        Direction::Asc => "asc",
        Direction::Desc => "desc",
    };
    o.insert("sort_by".into(), json!(sort));
    o.insert("sort_direction".into(), json!(direction));
    if p.filters.any() {
        described.push(p.filters.describe());
    }
    described.push(format!("ordered by {sort} {direction}"));
    body.insert("search_object".into(), Value::Object(o));
    let mut result = query(t, body, page, "list", format!("Tickiti ticket query, {}", described.join(", ")))?;
    if p.include_trashed == Some(true) {
        result.notes.push(
            "Tickiti's ticket query does not list deleted tickets; include_trashed was ignored.".into(),
        );
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_have_six_digits() {
        assert_eq!(number("id", "#220009").unwrap(), "220009");
        for bad in ["22009", "2200091", "ABC-1", ""] {
            assert!(number("id", bad).is_err(), "{bad}");
        }
    }
}
