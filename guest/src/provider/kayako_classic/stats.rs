//! `helpdesk_stats` on Kayako Classic, computed from ticket listings: the REST
//! API has no reporting controller, so tickets are read newest first through
//! `ListAll` until the period (and the one before it) is covered, and counted
//! here. Kayako's tickets carry no first-response, resolution or CSAT data,
//! so those metrics are refused plainly rather than estimated.

use super::client::KayakoSubject as _;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration as Span};

use super::Kayako;
use super::client::{Subject, seg};
use super::reference::Reference;
use super::wire::Ticket;
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::{GroupBy, Metric, StatsQuery, StatsReport, StatsRow, change};

/// Tickets per ListAll page, and pages read at most.
const PAGE: usize = 250;
const MAX_PAGES: usize = 20;

/// What Kayako Classic cannot provide, in words.
const CANNOT: &str = "Kayako Classic's REST API has no reporting and its tickets carry no first-response, resolution-time, message-count or satisfaction data, so only tickets_created, tickets_closed, tickets_replied and open_tickets can be computed";

/// `helpdesk_stats`.
pub fn stats(k: &Kayako, q: &StatsQuery) -> Result<StatsReport, ToolError> {
    let field = match q.metric {
        Metric::TicketsCreated => "dateline",
        Metric::TicketsClosed | Metric::TicketsReplied | Metric::OpenTickets => "lastactivity",
        _ => return Err(ToolError::invalid("metric", format!("{CANNOT}."))),
    };
    if q.group_by == GroupBy::Channel || q.channel.is_some() {
        return Err(ToolError::invalid(
            "group_by",
            "Kayako Classic tickets have no channel; group by team (department), agent (owner), status, priority, tag, customer or time",
        ));
    }
    if q.group_by == GroupBy::Category {
        return Err(ToolError::invalid(
            "group_by",
            "Kayako Classic tickets have no category; group by team (department) instead",
        ));
    }
    let r = Reference::load(k)?;
    let statuses = match (q.status.as_deref(), q.metric) {
        (Some(s), _) => r.status_ids("status", s)?,
        (None, Metric::OpenTickets) => r.statuses.iter().filter(|s| !s.resolved).map(|s| s.id).collect(),
        (None, Metric::TicketsClosed) => r.statuses.iter().filter(|s| s.resolved).map(|s| s.id).collect(),
        (None, _) => r.statuses.iter().map(|s| s.id).collect(),
    };
    let owner = q.agent.as_deref().map(|a| r.staff_id("agent", a)).transpose()?;
    let compare = q.compare && q.metric != Metric::OpenTickets;
    let earliest = if compare { q.range.previous().start } else { q.range.start }.and_utc().timestamp();
    let dept = r.ticket_departments().iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let ids = statuses.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut tickets: Vec<Ticket> = Vec::new();
    let mut complete = false;
    for page in 0..MAX_PAGES {
        let route = format!(
            "/Tickets/Ticket/ListAll/{}/{}/{}/-1/{PAGE}/{}/{field}/DESC",
            seg(&dept),
            seg(&ids),
            owner.map_or("-1".into(), |o| o.to_string()),
            page * PAGE
        );
        let batch = Ticket::list(&k.fetch(k.get(&route), &Subject::api("ticket lists"))?);
        let short = batch.len() < PAGE;
        let past = batch.last().is_some_and(|t| sort_time(t, q.metric) < earliest);
        tickets.extend(batch);
        if short || (past && q.metric != Metric::OpenTickets) {
            complete = true;
            break;
        }
    }
    if let Some(tag) = q.tag.as_deref() {
        tickets.retain(|t| t.tags.iter().any(|x| x.eq_ignore_ascii_case(tag.trim())));
    }
    let (start, end) = (q.range.start.and_utc().timestamp(), q.range.end.and_utc().timestamp());
    let prev = q.range.previous();
    let (pstart, pend) = (prev.start.and_utc().timestamp(), prev.end.and_utc().timestamp());
    let mut current: BTreeMap<String, f64> = BTreeMap::new();
    let mut previous: BTreeMap<String, f64> = BTreeMap::new();
    let (mut total, mut previous_total) = (0.0, 0.0);
    for t in &tickets {
        let at = event_time(t, q.metric);
        let (map, sum) = if q.metric == Metric::OpenTickets || (start..end).contains(&at) {
            (&mut current, &mut total)
        } else if compare && (pstart..pend).contains(&at) {
            (&mut previous, &mut previous_total)
        } else {
            continue;
        };
        *sum += 1.0;
        for key in keys(t, q.group_by, &r) {
            *map.entry(key).or_default() += 1.0;
        }
    }
    let mut rows: Vec<StatsRow> = current
        .keys()
        .chain(previous.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|key| {
            let value = current.get(key).copied().or(Some(0.0));
            let before = compare.then(|| previous.get(key).copied().unwrap_or(0.0));
            StatsRow { key: key.clone(), value, previous: before, change_pct: change(value, before) }
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
    match q.metric {
        Metric::TicketsClosed => notes.push("Closed means in a resolved status now, with its last activity in the period (Kayako keeps no close time).".into()),
        Metric::TicketsReplied => notes.push("Replied means the latest staff reply falls in the period.".into()),
        Metric::OpenTickets => notes.push("Open tickets are counted as of now; Kayako keeps no history to compare with.".into()),
        _ => {}
    }
    if !complete {
        notes.push(format!(
            "Only the {} most recent tickets were read; older ones are not counted.",
            MAX_PAGES * PAGE
        ));
    }
    if q.group_by == GroupBy::Tag {
        notes.push("A ticket with several tags counts once for each of them.".into());
    }
    if rows.len() > q.limit {
        notes.push(format!("Showing the top {} of {} rows (`limit`).", q.limit, rows.len()));
        rows.truncate(q.limit);
    }
    let mut report = StatsReport::new(q, compare, Some(total), Some(previous_total));
    report.rows = rows;
    report.notes = notes;
    Ok(report)
}

/// The time a listing is sorted by for `metric`.
fn sort_time(t: &Ticket, metric: Metric) -> i64 {
    if metric == Metric::TicketsCreated { t.creation_time } else { t.last_activity }
}

/// The time the counted event happened.
fn event_time(t: &Ticket, metric: Metric) -> i64 {
    match metric {
        Metric::TicketsCreated => t.creation_time,
        Metric::TicketsReplied => t.last_staff_reply,
        _ => t.last_activity,
    }
}

/// The breakdown keys a ticket counts under.
fn keys(t: &Ticket, by: GroupBy, r: &Reference) -> Vec<String> {
    let day = || DateTime::from_timestamp(t.creation_time, 0).map(|d| d.date_naive());
    let one = |v: Option<String>, none: &str| vec![v.unwrap_or_else(|| none.to_owned())];
    match by {
        GroupBy::None | GroupBy::Channel | GroupBy::Category => vec![String::new()],
        GroupBy::Agent => {
            one(t.owner_staff_name.clone().or_else(|| r.staff_name(t.owner_staff_id)), "unassigned")
        }
        GroupBy::Team => one(r.department(t.department_id), "no department"),
        GroupBy::Status => one(r.status(t.status_id), "unknown"),
        GroupBy::Priority => one(r.priority(t.priority_id), "none"),
        GroupBy::Customer => one(t.full_name.clone().or_else(|| t.email.clone()), "unknown"),
        GroupBy::Tag if t.tags.is_empty() => vec!["(no tag)".into()],
        GroupBy::Tag => t.tags.clone(),
        GroupBy::Day => one(day().map(|d| d.to_string()), "unknown"),
        GroupBy::Week => one(
            day().map(|d| (d - Span::days(i64::from(d.weekday().num_days_from_monday()))).to_string()),
            "unknown",
        ),
        GroupBy::Month => one(day().map(|d| d.format("%Y-%m").to_string()), "unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::kayako_classic::wire::Named;

    #[test]
    fn tickets_count_under_their_names_and_buckets() {
        let r = Reference {
            departments: vec![Named { id: 2, title: "Billing".into(), ..Named::default() }],
            ..Reference::default()
        };
        let t = Ticket {
            department_id: Some(2),
            creation_time: 1_700_000_000,
            tags: vec!["vip".into(), "refund".into()],
            ..Ticket::default()
        };
        assert_eq!(keys(&t, GroupBy::Team, &r), ["Billing"]);
        assert_eq!(keys(&t, GroupBy::Agent, &r), ["unassigned"]);
        assert_eq!(keys(&t, GroupBy::Tag, &r), ["vip", "refund"]);
        assert_eq!(keys(&t, GroupBy::Week, &r), ["2023-11-13"]);
        assert_eq!(keys(&t, GroupBy::Month, &r), ["2023-11"]);
    }
}
