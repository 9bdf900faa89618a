//! `helpdesk_stats` computed from ticket listings: Open Help Desk's API has no
//! reporting, so every visible ticket is read (`GET /tickets`, first page then
//! the rest in parallel) and counted here. Listings carry no replies and there
//! is no satisfaction survey, so metrics needing them are refused plainly.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration as Span, NaiveDateTime};

use super::Ohd;
use super::client::{Call, STAFF, api_subject, decode};
use super::reference::Reference;
use super::wire::{List, Ticket};
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::{GroupBy, Metric, StatsQuery, StatsReport, StatsRow, change};

const PAGE: usize = 100;
const MAX_PAGES: usize = 20;

/// What Open Help Desk cannot tell, in words.
const CANNOT: &str = "Open Help Desk's API has no reporting, its ticket listings carry no replies and it has no satisfaction surveys, so first response time, tickets replied, messages sent, one-touch rate and CSAT cannot be computed; tickets_created, tickets_closed, open_tickets and resolution_time can";

fn parse(t: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(t).ok().map(|d| d.naive_utc())
}

/// When a ticket was done (resolved or closed), if it is.
fn done_at(t: &Ticket, r: &Reference) -> Option<NaiveDateTime> {
    if !r.is_done(&t.status_id) {
        return None;
    }
    t.resolved_at.as_deref().or(t.closed_at.as_deref()).or(Some(t.updated_at.as_str())).and_then(parse)
}

/// `helpdesk_stats`.
pub fn stats(o: &Ohd, q: &StatsQuery) -> Result<StatsReport, ToolError> {
    if !matches!(
        q.metric,
        Metric::TicketsCreated | Metric::TicketsClosed | Metric::OpenTickets | Metric::ResolutionTime
    ) {
        return Err(ToolError::invalid("metric", format!("{CANNOT}.")));
    }
    if q.channel.is_some() || q.group_by == GroupBy::Channel {
        return Err(ToolError::invalid(
            "group_by",
            "Open Help Desk tickets have no channel; group by status, priority, category, agent, team or time",
        ));
    }
    if q.tag.is_some() || q.group_by == GroupBy::Tag {
        return Err(ToolError::invalid(
            "tag",
            "Open Help Desk tickets have no tags; group by category instead",
        ));
    }
    let r = Reference::load(o, false)?;
    let mut pairs: Vec<(&'static str, String)> = vec![("limit", PAGE.to_string())];
    if let Some(a) = q.agent.as_deref() {
        pairs.push(("assignee_user_id", r.staff_id("agent", a)?.unwrap_or_else(|| "none".into())));
    }
    let statuses = q.status.as_deref().map(|s| r.status_ids("status", s)).transpose()?;
    let page = |n: usize| {
        let mut p = pairs.clone();
        p.push(("offset", (n * PAGE).to_string()));
        Call::get("/tickets", p)
    };
    let first: List<Ticket> = o.fetch(page(0), &api_subject("ticket lists"), STAFF)?;
    let total = usize::try_from(first.total.unwrap_or(0)).unwrap_or(usize::MAX);
    let pages = total.div_ceil(PAGE).clamp(1, MAX_PAGES);
    let mut tickets = first.data;
    let rest: Vec<Call> = (1..pages).map(page).collect();
    for result in o.send_all(&rest)? {
        tickets.extend(decode::<List<Ticket>>(result, &api_subject("ticket lists"), STAFF)?.data);
    }
    let complete = tickets.len() >= total;
    if let Some(ids) = &statuses {
        tickets.retain(|t| ids.contains(&t.status_id));
    }
    let prev = q.range.previous();
    let compare = q.compare && q.metric != Metric::OpenTickets;
    let in_range = |at: NaiveDateTime, a: NaiveDateTime, b: NaiveDateTime| a <= at && at < b;
    let mut current: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut previous: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let (mut now_values, mut prev_values) = (Vec::new(), Vec::new());
    for t in &tickets {
        let created = parse(&t.created_at);
        let (at, value) = match q.metric {
            Metric::TicketsCreated => (created, 1.0),
            Metric::OpenTickets if !r.is_done(&t.status_id) => (Some(q.range.start), 1.0),
            Metric::OpenTickets => (None, 0.0),
            Metric::TicketsClosed => (done_at(t, &r), 1.0),
            _ => {
                let done = done_at(t, &r);
                let secs = done.zip(created).map(|(d, c)| (d - c).num_seconds() as f64);
                (done.filter(|_| secs.is_some()), secs.unwrap_or(0.0))
            }
        };
        let Some(at) = at else { continue };
        let (map, all) = if q.metric == Metric::OpenTickets || in_range(at, q.range.start, q.range.end) {
            (&mut current, &mut now_values)
        } else if compare && in_range(at, prev.start, prev.end) {
            (&mut previous, &mut prev_values)
        } else {
            continue;
        };
        all.push(value);
        map.entry(key(t, q.group_by, &r, at)).or_default().push(value);
    }
    let median = q.metric == Metric::ResolutionTime;
    let reduce = |v: &[f64]| if median { median_of(v) } else { Some(v.len() as f64) };
    let mut rows: Vec<StatsRow> = current
        .keys()
        .chain(previous.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|k| {
            let value = current.get(k).map_or(Some(0.0).filter(|_| !median), |v| reduce(v));
            let before = compare.then(|| previous.get(k).and_then(|v| reduce(v))).flatten();
            StatsRow { key: k.clone(), value, previous: before, change_pct: change(value, before) }
        })
        .collect();
    if q.group_by == GroupBy::None {
        rows.clear();
    }
    if !matches!(q.group_by, GroupBy::Day | GroupBy::Week | GroupBy::Month) {
        rows.sort_by(|a, b| {
            b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)).then(a.key.cmp(&b.key))
        });
    }
    let mut notes = vec![format!("Computed from {} listed tickets. {CANNOT}.", tickets.len())];
    if !complete {
        notes.push(format!(
            "Only the {} newest tickets were read; older ones are not counted.",
            MAX_PAGES * PAGE
        ));
    }
    if r.people_refused {
        notes.push("This key has the User role: only its own tickets are counted.".into());
    }
    if q.metric == Metric::OpenTickets {
        notes.push(
            "Open tickets are counted as of now; Open Help Desk keeps no history to compare with.".into(),
        );
    }
    if rows.len() > q.limit {
        notes.push(format!("Showing the top {} of {} rows (`limit`).", q.limit, rows.len()));
        rows.truncate(q.limit);
    }
    if q.group_by == GroupBy::Customer {
        // Reporters are users, not staff: name the ones shown (a key that may not
        // read them keeps their ULIDs).
        let people = super::tickets::people_named(o, &r, rows.iter().map(|row| row.key.clone()).collect())?;
        for row in &mut rows {
            let person = people.get(&row.key);
            if let Some(name) = person.name {
                row.key = match person.email {
                    Some(email) => format!("{name} <{email}>"),
                    None => name,
                };
            }
        }
    }
    let mut report = StatsReport::new(q, compare, reduce(&now_values), reduce(&prev_values));
    report.rows = rows;
    report.notes = notes;
    Ok(report)
}

fn median_of(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => None,
        n if n % 2 == 1 => Some(v[n / 2]),
        n => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The breakdown key a ticket counts under.
fn key(t: &Ticket, by: GroupBy, r: &Reference, at: NaiveDateTime) -> String {
    let day = at.date();
    match by {
        GroupBy::None | GroupBy::Channel | GroupBy::Tag => String::new(),
        GroupBy::Status => r.status(&t.status_id),
        GroupBy::Priority => t.priority.clone(),
        GroupBy::Category => r.category_names(&t.category_id, None, None).0,
        GroupBy::Agent => r.staff_name(t.assignee_user_id.as_deref()).unwrap_or_else(|| "unassigned".into()),
        GroupBy::Team => r.group_name(t.assignee_group_id.as_deref()).unwrap_or_else(|| "no group".into()),
        // A reporter's id (named once the top rows are known) or a guest's email.
        GroupBy::Customer => {
            t.reporter_user_id.clone().or_else(|| t.guest_email.clone()).unwrap_or_else(|| "unknown".into())
        }
        GroupBy::Day => day.to_string(),
        GroupBy::Week => (day - Span::days(i64::from(day.weekday().num_days_from_monday()))).to_string(),
        GroupBy::Month => day.format("%Y-%m").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_lists() {
        assert_eq!(median_of(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median_of(&[4.0, 1.0]), Some(2.5));
        assert_eq!(median_of(&[]), None);
    }
}
