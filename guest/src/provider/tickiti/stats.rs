//! `helpdesk_stats` from Tickiti's reports: `volumes` (created and resolved by queue,
//! status or period), `response-times` (median first response and resolution by queue or
//! staff), `agent-activity` (public replies and internal notes per staff member) and
//! `resolutions` (resolved tickets by resolution category). The period and the one before
//! it are asked for together: one round trip.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Tickiti;
use super::client::{api_subject, envelope};
use crate::http::HttpError;
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::{GroupBy, Metric, Range, StatsQuery, StatsReport, StatsRow, change};

/// Which report answers a metric, and how its breakdown is named there.
fn plan(q: &StatsQuery) -> Result<(&'static str, Option<&'static str>), ToolError> {
    let unsupported = |what: &str| {
        Err(ToolError::invalid(
            "metric",
            format!(
                "Tickiti's reports have no {what}; use tickets_created, tickets_closed, first_response_time, resolution_time or messages_sent"
            ),
        ))
    };
    let report = match q.metric {
        Metric::TicketsCreated | Metric::TicketsClosed => "reports/volumes",
        Metric::FirstResponseTime | Metric::ResolutionTime => "reports/response-times",
        Metric::MessagesSent => "reports/agent-activity",
        Metric::TicketsReplied => return unsupported("count of tickets replied to"),
        Metric::OpenTickets => return unsupported("backlog snapshot"),
        Metric::OneTouchRate => return unsupported("one-touch rate"),
        Metric::Csat => return unsupported("satisfaction surveys"),
    };
    let group = match (report, q.group_by) {
        (_, GroupBy::None) => None,
        ("reports/volumes", GroupBy::Team) => Some("queue"),
        ("reports/volumes", GroupBy::Status) => Some("status"),
        ("reports/volumes", GroupBy::Day) => Some("day"),
        ("reports/volumes", GroupBy::Week) => Some("week"),
        ("reports/volumes", GroupBy::Month) => Some("month"),
        ("reports/response-times", GroupBy::Team) => Some("queue"),
        ("reports/response-times", GroupBy::Agent) => Some("staff"),
        ("reports/agent-activity", GroupBy::Agent) => Some("staff"),
        _ => {
            return Err(ToolError::invalid(
                "group_by",
                "Tickiti's reports break this metric down by: volumes by team (queue), status, day, week or month; response and resolution times by team or agent; messages sent by agent",
            ));
        }
    };
    Ok((report, group))
}

fn filters(range: Range, group: Option<&str>) -> Value {
    let last = range.end - chrono::Duration::seconds(1);
    let mut f = json!({ "from": range.start.format("%Y-%m-%d").to_string(), "to": last.format("%Y-%m-%d").to_string() });
    if let (Some(g), Some(map)) = (group, f.as_object_mut()) {
        map.insert("group_by".into(), json!(g));
    }
    json!({ "filters": f })
}

/// (total, rows by key) of one report answer for the metric.
fn read(metric: Metric, data: &Value, agent: Option<&str>) -> (Option<f64>, BTreeMap<String, Option<f64>>) {
    let num = |v: &Value, path: &[&str]| path.iter().try_fold(v, |v, k| v.get(*k)).and_then(Value::as_f64);
    let rows = data.get("rows").and_then(Value::as_array).cloned().unwrap_or_default();
    let key =
        |r: &Value| r.get("key").or_else(|| r.get("name")).and_then(Value::as_str).unwrap_or("—").to_owned();
    match metric {
        Metric::TicketsCreated | Metric::TicketsClosed => {
            let field = if metric == Metric::TicketsCreated { "created" } else { "resolved" };
            (num(data, &[field]), rows.iter().map(|r| (key(r), num(r, &[field]))).collect())
        }
        Metric::FirstResponseTime | Metric::ResolutionTime => {
            let field = if metric == Metric::FirstResponseTime { "first_response" } else { "resolution" };
            (
                num(data, &[field, "median_seconds"]),
                rows.iter().map(|r| (key(r), num(r, &[field, "median_seconds"]))).collect(),
            )
        }
        _ => {
            let kept: Vec<&Value> = rows
                .iter()
                .filter(|r| {
                    agent.is_none_or(|a| {
                        let a = a.to_lowercase();
                        key(r).to_lowercase().contains(&a)
                            || r.get("email_address")
                                .and_then(Value::as_str)
                                .is_some_and(|e| e.eq_ignore_ascii_case(&a))
                    })
                })
                .collect();
            let total = kept.iter().filter_map(|r| num(r, &["public_replies"])).sum();
            (Some(total), kept.iter().map(|r| (key(r), num(r, &["public_replies"]))).collect())
        }
    }
}

/// `helpdesk_stats`.
pub fn stats(t: &Tickiti, q: &StatsQuery) -> Result<StatsReport, ToolError> {
    for (set, field) in
        [(q.channel.is_some(), "channel"), (q.tag.is_some(), "tag"), (q.status.is_some(), "status")]
    {
        if set {
            return Err(ToolError::invalid(
                field,
                "Tickiti's reports cannot be filtered by this; they cover every ticket of the period (by queue, status or period with group_by)",
            ));
        }
    }
    if q.agent.is_some() && q.metric != Metric::MessagesSent {
        return Err(ToolError::invalid(
            "agent",
            "Tickiti's reports filter by agent only for messages_sent (agent activity)",
        ));
    }
    let (route, group) = plan(q)?;
    let prev = q.range.previous();
    let closed_by_category = q.metric == Metric::TicketsClosed && q.group_by == GroupBy::None;
    // Agent activity is always per staff member: it takes no group_by.
    let group = group.filter(|_| route != "reports/agent-activity");
    let mut requests = vec![t.read(route, &filters(q.range, group))];
    if q.compare {
        requests.push(t.read(route, &filters(prev, group)));
    }
    if closed_by_category {
        requests.push(t.read("reports/resolutions", &filters(q.range, None)));
    }
    let mut results = t.send_all(requests).into_iter();
    let mut next = || -> Result<Value, ToolError> {
        envelope(results.next().unwrap_or(Err(HttpError::Protocol("missing response"))), &api_subject(route))
    };
    let current = next()?;
    let previous = if q.compare { Some(next()?) } else { None };
    let (total, now_rows) = read(q.metric, &current, q.agent.as_deref());
    let (previous_total, prev_rows) =
        previous.as_ref().map(|p| read(q.metric, p, q.agent.as_deref())).unwrap_or_default();
    let mut notes = Vec::new();
    let mut rows: Vec<StatsRow> = now_rows
        .into_iter()
        .filter(|_| q.group_by != GroupBy::None)
        .map(|(key, value)| {
            let before = prev_rows.get(&key).copied().flatten();
            StatsRow { change_pct: change(value, before), previous: before, key, value }
        })
        .collect();
    if closed_by_category && let Ok(res) = next() {
        for r in res.get("rows").and_then(Value::as_array).into_iter().flatten() {
            let key = r.get("name").and_then(Value::as_str).unwrap_or("—").to_owned();
            rows.push(StatsRow {
                key,
                value: r.get("resolved").and_then(Value::as_f64),
                previous: None,
                change_pct: None,
            });
        }
        notes.push("Rows are resolution categories, from Tickiti's resolutions report.".into());
    }
    if q.metric == Metric::MessagesSent {
        let notes_by: Vec<String> = current
            .get("rows")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|r| r.get("internal_notes").and_then(Value::as_u64).unwrap_or(0) > 0)
            .map(|r| {
                format!(
                    "{} {}",
                    r.get("name").and_then(Value::as_str).unwrap_or("—"),
                    r.get("internal_notes").and_then(Value::as_u64).unwrap_or(0)
                )
            })
            .collect();
        notes.push(
            "Messages sent are public replies (agent activity); internal notes are not counted.".into(),
        );
        if !notes_by.is_empty() {
            notes.push(format!("Internal notes in the period: {}.", notes_by.join(", ")));
        }
    }
    let time_buckets = matches!(q.group_by, GroupBy::Day | GroupBy::Week | GroupBy::Month);
    if !time_buckets {
        rows.sort_by(|a, b| b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)));
    }
    if rows.len() > q.limit {
        notes.push(format!("Showing {} of {} rows (`limit`).", q.limit, rows.len()));
        rows.truncate(q.limit);
    }
    if q.range.start.time() != chrono::NaiveTime::MIN || q.range.end.time() != chrono::NaiveTime::MIN {
        notes.push(
            "Tickiti's reports count whole days; the period was widened to the days it touches.".into(),
        );
    }
    let mut report = StatsReport::new(q, q.compare, total, previous_total);
    report.rows = rows;
    report.notes = notes;
    Ok(report)
}
