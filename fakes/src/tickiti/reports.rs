//! The reports, computed from the desk's data: `meta`, `volumes` (created and resolved, by
//! queue, status or period), `response-times` (median first response and resolution),
//! `agent-activity` (public replies and internal notes per staff member) and `resolutions`
//! (resolved tickets by resolution category). Filters: `from`, `to` (dates, inclusive,
//! default the last 30 days), `group_by`, `queue_id`.

use std::collections::BTreeMap;

use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value, json};

use super::iso;
use super::reply;
use super::store::{Store, Ticket};

const DAY: i64 = 86_400;

fn median(mut v: Vec<i64>) -> Option<i64> {
    v.sort_unstable();
    (!v.is_empty()).then(|| v[v.len() / 2])
}

/// Runs report `action` (`reports.volumes`, ...).
pub(crate) fn run(s: &Store, action: &str, body: &Map<String, Value>) -> Response {
    let filters = body.get("filters").and_then(Value::as_object).cloned().unwrap_or_default();
    let allowed: &[&str] = match action {
        "reports.volumes" => &["from", "to", "group_by", "queue_id"],
        "reports.response-times" => &["from", "to", "group_by", "queue_id"],
        _ => &["from", "to", "queue_id"],
    };
    if let Some(bad) = filters.keys().find(|k| !allowed.contains(&k.as_str())) {
        return reply::invalid_field(
            &format!("filters.{bad}"),
            "This filter is not supported by this report.",
        );
    }
    let date = |k: &str| -> Result<Option<i64>, Box<Response>> {
        match filters.get(k) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| Some(d.and_utc().timestamp()))
                .ok_or_else(|| {
                    Box::new(reply::invalid_field(&format!("filters.{k}"), "Use a YYYY-MM-DD date."))
                }),
        }
    };
    let now = s.now();
    let (from, to) = match (date("from"), date("to")) {
        (Ok(f), Ok(t)) => (f.unwrap_or(now - 30 * DAY), t.map_or(now, |t| t + DAY)),
        (Err(r), _) | (_, Err(r)) => return *r,
    };
    let group = filters.get("group_by").and_then(Value::as_str).unwrap_or("none").to_owned();
    let queue = filters.get("queue_id").and_then(Value::as_u64);
    let in_queue = |t: &&Ticket| queue.is_none_or(|q| t.queue_id == q);
    let created: Vec<&Ticket> =
        s.tickets.iter().filter(in_queue).filter(|t| t.created_at >= from && t.created_at < to).collect();
    let resolved: Vec<&Ticket> = s
        .tickets
        .iter()
        .filter(in_queue)
        .filter(|t| t.resolved_at.is_some_and(|r| r >= from && r < to))
        .collect();
    let period = json!({ "from": iso(from), "to": iso(to) });
    let data = match action {
        "reports.meta" => json!({
            "period": period,
            "tickets_total": s.tickets.len(),
            "earliest_ticket_at": s.tickets.iter().map(|t| t.created_at).min().map(iso),
            "queues": s.queues.iter().map(|q| json!({ "id": q.id, "name": q.name })).collect::<Vec<_>>(),
            "staff": s.staff.iter().map(|m| json!({ "id": m.id, "name": m.name })).collect::<Vec<_>>(),
            "reports": ["volumes", "response-times", "agent-activity", "resolutions"],
        }),
        "reports.volumes" => {
            let key = |t: &Ticket, at: i64| -> Option<String> {
                let d = chrono::DateTime::from_timestamp(at, 0)?.date_naive();
                Some(match group.as_str() {
                    "queue" => s.queue(t.queue_id).map_or("—".into(), |q| q.name.clone()),
                    "status" => t.status.clone(),
                    "day" => d.to_string(),
                    "week" => (d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday())))
                        .to_string(),
                    "month" => format!("{}-{:02}", d.year(), d.month()),
                    _ => "all".into(),
                })
            };
            if !["none", "queue", "status", "day", "week", "month"].contains(&group.as_str()) {
                return reply::invalid_field(
                    "filters.group_by",
                    "Use none, queue, status, day, week or month.",
                );
            }
            let mut rows: BTreeMap<String, (u64, u64)> = BTreeMap::new();
            for t in &created {
                rows.entry(key(t, t.created_at).unwrap_or_default()).or_default().0 += 1;
            }
            for t in &resolved {
                rows.entry(key(t, t.resolved_at.unwrap_or_default()).unwrap_or_default()).or_default().1 += 1;
            }
            json!({
                "period": period, "group_by": group,
                "created": created.len(), "resolved": resolved.len(),
                "rows": rows.into_iter().map(|(k, (c, r))| json!({ "key": k, "created": c, "resolved": r })).collect::<Vec<_>>(),
            })
        }
        "reports.response-times" => {
            if !["none", "queue", "staff"].contains(&group.as_str()) {
                return reply::invalid_field("filters.group_by", "Use none, queue or staff.");
            }
            let first = |t: &Ticket| {
                s.responses_of(t.number)
                    .into_iter()
                    .find(|r| r.staff_response && !r.is_internal)
                    .map(|r| (r.created_at - t.created_at, r.created_by_email.clone()))
            };
            let mut groups: BTreeMap<String, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
            let (mut all_first, mut all_res) = (vec![], vec![]);
            for t in &created {
                if let Some((secs, by)) = first(t) {
                    all_first.push(secs);
                    let k = match group.as_str() {
                        "queue" => s.queue(t.queue_id).map_or("—".into(), |q| q.name.clone()),
                        "staff" => s.staff_by_email(&by).map_or(by, |m| m.name.clone()),
                        _ => continue,
                    };
                    groups.entry(k).or_default().0.push(secs);
                }
            }
            for t in &resolved {
                let secs = t.resolved_at.unwrap_or_default() - t.created_at;
                all_res.push(secs);
                let k = match group.as_str() {
                    "queue" => s.queue(t.queue_id).map_or("—".into(), |q| q.name.clone()),
                    "staff" => t
                        .assignee
                        .and_then(|a| s.staff_by_id(a))
                        .map_or("Unassigned".into(), |m| m.name.clone()),
                    _ => continue,
                };
                groups.entry(k).or_default().1.push(secs);
            }
            json!({
                "period": period, "group_by": group,
                "first_response": { "median_seconds": median(all_first.clone()), "count": all_first.len() },
                "resolution": { "median_seconds": median(all_res.clone()), "count": all_res.len() },
                "rows": groups.into_iter().map(|(k, (f, r))| json!({
                    "key": k,
                    "first_response": { "median_seconds": median(f.clone()), "count": f.len() },
                    "resolution": { "median_seconds": median(r.clone()), "count": r.len() },
                })).collect::<Vec<_>>(),
            })
        }
        "reports.agent-activity" => {
            let rows: Vec<Value> = s
                .staff
                .iter()
                .map(|m| {
                    let mine: Vec<_> = s
                        .responses
                        .iter()
                        .filter(|r| r.staff_response && r.created_by_email.eq_ignore_ascii_case(&m.email))
                        .filter(|r| r.created_at >= from && r.created_at < to)
                        .filter(|r| {
                            queue.is_none_or(|q| s.ticket(r.ticket_number).is_some_and(|t| t.queue_id == q))
                        })
                        .collect();
                    let mut touched: Vec<u64> = mine.iter().map(|r| r.ticket_number).collect();
                    touched.sort_unstable();
                    touched.dedup();
                    json!({
                        "staff_id": m.id, "name": m.name, "email_address": m.email,
                        "public_replies": mine.iter().filter(|r| !r.is_internal).count(),
                        "internal_notes": mine.iter().filter(|r| r.is_internal).count(),
                        "tickets_touched": touched.len(),
                        "tickets_resolved": resolved.iter().filter(|t| t.assignee == Some(m.id)).count(),
                    })
                })
                .collect();
            json!({ "period": period, "rows": rows })
        }
        _ => {
            let rows: Vec<Value> = s.resolution_categories.iter().map(|c| json!({
                "resolution_category_id": c.id, "name": c.name,
                "resolved": resolved.iter().filter(|t| t.resolution_category_id == Some(c.id)).count(),
            })).collect();
            json!({ "period": period, "resolved": resolved.len(), "rows": rows })
        }
    };
    reply::ok(data)
}
