//! The pure half of `helpdesk_stats` on Gorgias: which reporting scope and
//! measure answer a metric, how a breakdown maps to dimensions, the query
//! bodies, and turning report rows into table rows.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::wire;
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::{GroupBy, Metric, Range, StatsRow, Unit, change};

/// Gorgias refuses longer periods ("Maximum allowed period size is 366 days").
pub const MAX_DAYS: i64 = 366;

/// A reporting scope and measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Reporting scope, e.g. `tickets-created`.
    pub scope: &'static str,
    /// Measure, e.g. `ticketCount`.
    pub measure: &'static str,
    /// The scope's time dimension (for day/week/month breakdowns).
    pub time_dim: &'static str,
    /// For rates: the scope whose count is the denominator.
    pub ratio_of: Option<&'static str>,
}

/// How a metric is answered.
pub fn spec(metric: Metric) -> Spec {
    let s = |scope, measure, time_dim| Spec { scope, measure, time_dim, ratio_of: None };
    match metric {
        Metric::TicketsCreated => s("tickets-created", "ticketCount", "createdDatetime"),
        Metric::TicketsClosed => s("tickets-closed", "ticketCount", "closedDatetime"),
        Metric::TicketsReplied => s("tickets-replied", "ticketCount", "createdDatetime"),
        Metric::OpenTickets => s("tickets-open", "ticketCount", "createdDatetime"),
        Metric::FirstResponseTime => {
            s("first-response-time", "medianFirstResponseTime", "firstAgentMessageDatetime")
        }
        Metric::ResolutionTime => s("resolution-time", "medianResolutionTime", "closedDatetime"),
        Metric::MessagesSent => s("messages-sent", "messagesCount", "sentDatetime"),
        Metric::OneTouchRate => Spec {
            ratio_of: Some("tickets-closed"),
            ..s("one-touch-tickets", "ticketCount", "closedDatetime")
        },
        Metric::Csat => s("satisfaction-surveys", "averageSurveyScore", "createdDatetime"),
    }
}

/// The denominator of a rate metric (tickets closed for the one-touch rate).
pub fn ratio_base(spec: &Spec) -> Spec {
    Spec {
        scope: spec.ratio_of.unwrap_or(spec.scope),
        measure: "ticketCount",
        time_dim: spec.time_dim,
        ratio_of: None,
    }
}

/// A reporting dimension: a member (`channel`, `agentId`, `tagId`) or a time
/// granularity on the scope's time dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dimension {
    /// Dimension member, empty for time breakdowns.
    pub member: &'static str,
    /// Time granularity (`day`, `week`, `month`).
    pub granularity: Option<&'static str>,
    /// A different scope the breakdown needs (tags are their own scope).
    pub scope: Option<Spec>,
}

/// What a breakdown needs from reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The report dimension, if reporting provides the breakdown.
    pub report: Option<Dimension>,
    /// A caveat to pass on.
    pub note: Option<&'static str>,
}

/// Maps a breakdown onto reporting, or says why Gorgias cannot give it.
pub fn dimension(metric: Metric, group_by: GroupBy) -> Result<Plan, ToolError> {
    let member = |m| Some(Dimension { member: m, granularity: None, scope: None });
    let time = |g| Some(Dimension { member: "", granularity: Some(g), scope: None });
    let report = match group_by {
        GroupBy::None | GroupBy::Customer => None,
        GroupBy::Channel => member("channel"),
        GroupBy::Agent => member("agentId"),
        GroupBy::Team if metric.unit() == Unit::Count => member("agentId"),
        GroupBy::Team => {
            return Err(ToolError::invalid(
                "group_by",
                "Gorgias reports times and rates by agent, not by team; use group_by=agent (team breakdowns work for counts)",
            ));
        }
        GroupBy::Tag if metric == Metric::TicketsCreated => Some(Dimension {
            member: "tagId",
            granularity: None,
            scope: Some(Spec {
                scope: "tags",
                measure: "ticketCount",
                time_dim: "timestamp",
                ratio_of: None,
            }),
        }),
        GroupBy::Tag => {
            return Err(ToolError::invalid(
                "group_by",
                "Gorgias breaks down by tag only for tickets created; use metric=tickets_created, or filter with tag=",
            ));
        }
        GroupBy::Status | GroupBy::Priority | GroupBy::Category => {
            return Err(ToolError::invalid(
                "group_by",
                "Gorgias reporting does not break down by status, priority or category; filter with status= instead",
            ));
        }
        GroupBy::Day => time("day"),
        GroupBy::Week => time("week"),
        GroupBy::Month => time("month"),
    };
    let note =
        (group_by == GroupBy::Tag).then_some("A ticket with several tags counts once for each of them.");
    Ok(Plan { report, note })
}

/// Refuses periods Gorgias would refuse, saying how to split them.
pub fn check_range(range: Range) -> Result<(), ToolError> {
    let days = range.days();
    if days <= MAX_DAYS {
        return Ok(());
    }
    let middle = range.start + (range.end - range.start) / 2;
    Err(ToolError::invalid(
        "start",
        format!(
            "the period is {days} days and Gorgias reports at most {MAX_DAYS} days per query; split it, e.g. start={} end={} and then start={}",
            range.start.format("%Y-%m-%d"),
            (middle - chrono::Duration::days(1)).format("%Y-%m-%d"),
            middle.format("%Y-%m-%d"),
        ),
    ))
}

fn iso(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A `one-of` filter.
pub fn one_of(member: &str, value: &str) -> Value {
    json!({ "member": member, "operator": "one-of", "values": [value] })
}

/// The period filters plus `extra`.
pub fn filters(range: Range, extra: &[Value]) -> Vec<Value> {
    let mut out = vec![
        json!({ "member": "periodStart", "operator": "afterDate", "values": [iso(range.start)] }),
        json!({ "member": "periodEnd", "operator": "beforeDate", "values": [iso(range.end)] }),
    ];
    out.extend_from_slice(extra);
    out
}

/// A reporting query body (`{"query": ...}` wraps it) for `measures`, with the
/// breakdown `dim` and, for a breakdown that is not by time, the time
/// granularity `split` that lets both periods share the query.
pub fn query(
    spec: &Spec,
    measures: &[&str],
    filters: &[Value],
    dim: Option<&Dimension>,
    split: Option<&str>,
) -> Value {
    let spec = dim.and_then(|d| d.scope).unwrap_or(*spec);
    let mut q = json!({ "scope": spec.scope, "timezone": "UTC", "filters": filters, "measures": measures });
    if let Some(d) = dim
        && !d.member.is_empty()
    {
        q["dimensions"] = json!([d.member]);
    }
    if let Some(g) = dim.and_then(|d| d.granularity).or(split) {
        q["time_dimensions"] = json!([{ "dimension": spec.time_dim, "granularity": g }]);
    }
    q
}

/// A measure of a row as a number (`null` → none).
pub fn number(row: &Value, measure: &str) -> Option<f64> {
    row.get(measure).and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
}

/// `part / whole` in percent, one decimal.
pub fn percent(part: Option<f64>, whole: Option<f64>) -> Option<f64> {
    match (part, whole) {
        (Some(p), Some(w)) if w > 0.0 => Some((p / w * 1000.0).round() / 10.0),
        _ => None,
    }
}

/// The row's breakdown key: the member's value, or the time bucket's label.
pub fn key(row: &Value, dim: &Dimension) -> String {
    let found = match dim.granularity {
        Some(g) => {
            let suffix = format!(".{g}");
            row.as_object().and_then(|m| m.iter().find(|(k, _)| k.ends_with(&suffix)).map(|(_, v)| v.clone()))
        }
        None => row.get(dim.member).cloned(),
    };
    match found {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => "none".into(),
        Some(other) => other.to_string(),
    }
}

/// Current and previous values side by side. For counts a missing key is 0;
/// for times and scores it is "no data".
pub fn merge(
    current: &BTreeMap<String, Option<f64>>,
    previous: &BTreeMap<String, Option<f64>>,
    compare: bool,
    counts: bool,
) -> Vec<StatsRow> {
    let fill = |v: Option<f64>| if counts { Some(v.unwrap_or(0.0)) } else { v };
    let mut keys: BTreeSet<&String> = current.keys().collect();
    if compare {
        keys.extend(previous.keys());
    }
    keys.into_iter()
        .map(|k| {
            let value = fill(current.get(k).copied().flatten());
            let prev = if compare { fill(previous.get(k).copied().flatten()) } else { None };
            StatsRow { key: k.clone(), value, previous: prev, change_pct: change(value, prev) }
        })
        .collect()
}

/// Agent rows (keyed by agent id) added up into their teams.
pub fn teams(rows: &[StatsRow], teams: &[wire::Team], compare: bool) -> Vec<StatsRow> {
    let mut out: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for r in rows {
        let agent: Option<u64> = r.key.parse().ok();
        let names: Vec<&str> = teams
            .iter()
            .filter(|t| agent.is_some() && t.members.iter().any(|m| m.id == agent))
            .map(|t| t.name.as_str())
            .collect();
        let names = if names.is_empty() { vec!["(no team)"] } else { names };
        for n in names {
            let slot = out.entry(n.to_owned()).or_default();
            slot.0 += r.value.unwrap_or(0.0);
            slot.1 += r.previous.unwrap_or(0.0);
        }
    }
    out.into_iter()
        .map(|(key, (v, p))| StatsRow {
            key,
            value: Some(v),
            previous: compare.then_some(p),
            change_pct: if compare { change(Some(v), Some(p)) } else { None },
        })
        .collect()
}

/// Time buckets in time order; everything else largest first.
pub fn order(rows: &mut [StatsRow], group_by: GroupBy) {
    match group_by {
        GroupBy::Day | GroupBy::Week | GroupBy::Month => rows.sort_by(|a, b| a.key.cmp(&b.key)),
        _ => rows.sort_by(|a, b| {
            b.value.unwrap_or(f64::MIN).total_cmp(&a.value.unwrap_or(f64::MIN)).then(a.key.cmp(&b.key))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn queries_carry_the_period_dimensions_and_time_buckets() {
        let range = Range { start: at("2026-11-15 00:00:00"), end: at("2026-11-22 00:00:00") };
        let f = filters(range, &[one_of("channel", "email")]);
        let plan = dimension(Metric::FirstResponseTime, GroupBy::Week).unwrap();
        let q = query(
            &spec(Metric::FirstResponseTime),
            &["medianFirstResponseTime"],
            &f,
            plan.report.as_ref(),
            None,
        );
        assert_eq!(q["scope"], "first-response-time");
        assert_eq!(q["measures"], json!(["medianFirstResponseTime"]));
        assert_eq!(
            q["time_dimensions"],
            json!([{ "dimension": "firstAgentMessageDatetime", "granularity": "week" }])
        );
        assert_eq!(
            q["filters"][0],
            json!({ "member": "periodStart", "operator": "afterDate", "values": ["2026-11-15T00:00:00"] })
        );
        assert_eq!(q["filters"][2]["member"], "channel");
        let tag = dimension(Metric::TicketsCreated, GroupBy::Tag).unwrap();
        let tags =
            query(&spec(Metric::TicketsCreated), &["ticketCount"], &f, tag.report.as_ref(), Some("day"));
        assert_eq!(tags["scope"], "tags");
        assert_eq!(tags["time_dimensions"], json!([{ "dimension": "timestamp", "granularity": "day" }]));
        let split = query(&spec(Metric::TicketsCreated), &["ticketCount"], &f, None, Some("week"));
        assert_eq!(split["time_dimensions"][0]["dimension"], "createdDatetime");
        assert!(split.get("dimensions").is_none());
    }

    #[test]
    fn breakdowns_gorgias_cannot_give_are_refused_with_a_way_out() {
        assert!(
            dimension(Metric::ResolutionTime, GroupBy::Team)
                .unwrap_err()
                .to_string()
                .contains("group_by=agent")
        );
        assert!(dimension(Metric::Csat, GroupBy::Tag).unwrap_err().to_string().contains("tickets_created"));
        assert!(dimension(Metric::TicketsClosed, GroupBy::Team).unwrap().report.is_some());
    }

    #[test]
    fn periods_over_366_days_say_how_to_split() {
        let long = Range { start: at("2025-01-01 00:00:00"), end: at("2026-03-01 00:00:00") };
        let e = check_range(long).unwrap_err().to_string();
        assert!(e.contains("at most 366 days") && e.contains("start=2025-01-01"), "{e}");
        assert!(
            check_range(Range { start: at("2025-01-01 00:00:00"), end: at("2026-01-01 00:00:00") }).is_ok()
        );
    }

    #[test]
    fn rows_are_keyed_merged_and_ordered() {
        let cur: BTreeMap<String, Option<f64>> =
            [("email".to_owned(), Some(89.0)), ("chat".to_owned(), Some(31.0))].into_iter().collect();
        let prev: BTreeMap<String, Option<f64>> =
            [("email".to_owned(), Some(100.0)), ("sms".to_owned(), Some(2.0))].into_iter().collect();
        let mut rows = merge(&cur, &prev, true, true);
        order(&mut rows, GroupBy::Channel);
        type Row<'a> = (&'a str, Option<f64>, Option<f64>, Option<f64>);
        let view: Vec<Row<'_>> =
            rows.iter().map(|r| (r.key.as_str(), r.value, r.previous, r.change_pct)).collect();
        assert_eq!(
            view,
            [
                ("email", Some(89.0), Some(100.0), Some(-11.0)),
                ("chat", Some(31.0), Some(0.0), None),
                ("sms", Some(0.0), Some(2.0), Some(-100.0))
            ]
        );
        let medians = merge(&prev, &BTreeMap::new(), false, false);
        assert_eq!(medians.iter().map(|r| r.previous).collect::<Vec<_>>(), [None, None]);
        let day = Dimension { member: "", granularity: Some("day"), scope: None };
        assert_eq!(
            key(&json!({ "createdDatetime.day": "2026-11-16", "ticketCount": 3 }), &day),
            "2026-11-16"
        );
        let channel = Dimension { member: "channel", granularity: None, scope: None };
        assert_eq!(key(&json!({ "channel": null }), &channel), "none");
    }

    #[test]
    fn team_rows_add_up_members() {
        let teams: Vec<wire::Team> = serde_json::from_value(json!([
            { "id": 11, "name": "Tier 1", "members": [{ "id": 2 }, { "id": 3 }] },
            { "id": 12, "name": "Returns", "members": [{ "id": 3 }] }
        ]))
        .unwrap();
        let rows = vec![
            StatsRow { key: "2".into(), value: Some(5.0), previous: Some(4.0), change_pct: None },
            StatsRow { key: "3".into(), value: Some(2.0), previous: Some(2.0), change_pct: None },
            StatsRow { key: "none".into(), value: Some(1.0), previous: Some(0.0), change_pct: None },
        ];
        let t = super::teams(&rows, &teams, true);
        let view: Vec<(&str, Option<f64>)> = t.iter().map(|r| (r.key.as_str(), r.value)).collect();
        assert_eq!(view, [("(no team)", Some(1.0)), ("Returns", Some(2.0)), ("Tier 1", Some(7.0))]);
    }

    #[test]
    fn rates_are_percentages() {
        assert_eq!(percent(Some(45.0), Some(120.0)), Some(37.5));
        assert_eq!(percent(Some(1.0), Some(0.0)), None);
    }
}
