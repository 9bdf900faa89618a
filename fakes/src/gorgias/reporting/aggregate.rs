//! Items to rows: grouping by time bucket and dimensions, the measures of each group,
//! null rows for agents without data, and the order.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::items::{Item, Kind};
use super::request::StatsQuery;
use crate::gorgias::store::Store;
use crate::gorgias::wire_time::Time;

/// One flat result row, keyed by time key, dimension and measure names.
pub(crate) type Row = Map<String, Value>;

/// Rounds non-integer measures to four decimals (durations stay in seconds).
fn number(x: f64) -> Value {
    let rounded = (x * 10_000.0).round() / 10_000.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        Value::from(rounded as i64)
    } else {
        serde_json::Number::from_f64(rounded).map_or(Value::Null, Value::Number)
    }
}

fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(xs[n / 2]),
        _ => Some((xs[n / 2 - 1] + xs[n / 2]) / 2.0),
    }
}

fn average(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The value of one measure over a group's items; `null` when nothing feeds it.
pub(crate) fn measure(name: &str, items: &[&Item<'_>]) -> Value {
    let durations: Vec<f64> =
        items.iter().filter_map(|i| if let Kind::Duration(d) = i.kind { Some(d) } else { None }).collect();
    let scores: Vec<f64> = items
        .iter()
        .filter_map(|i| if let Kind::SurveyScored { score } = i.kind { Some(f64::from(score)) } else { None })
        .collect();
    let sent: Vec<bool> = items
        .iter()
        .filter_map(|i| if let Kind::SurveySent { score } = i.kind { Some(score.is_some()) } else { None })
        .collect();
    let value = match name {
        "ticketCount" => {
            let tickets: HashSet<u64> = items.iter().map(|i| i.ticket.id).collect();
            (!tickets.is_empty()).then_some(tickets.len() as f64)
        }
        "messagesCount" => (!items.is_empty()).then_some(items.len() as f64),
        "medianFirstResponseTime" | "medianResolutionTime" => median(durations),
        "averageFirstResponseTime" | "averageResolutionTime" => average(&durations),
        "averageSurveyScore" => average(&scores),
        "scoredSurveysCount" => (!items.is_empty()).then_some(scores.len() as f64),
        "sentSurveysCount" => (!items.is_empty()).then_some(sent.len() as f64),
        "responseRate" => {
            (!sent.is_empty()).then(|| sent.iter().filter(|a| **a).count() as f64 / sent.len() as f64)
        }
        _ => None,
    };
    value.map_or(Value::Null, number)
}

/// A dimension value, cheap to hash while grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key<'a> {
    Null,
    Int(u64),
    Text(&'a str),
}

impl Key<'_> {
    fn json(self) -> Value {
        match self {
            Key::Null => Value::Null,
            Key::Int(n) => Value::from(n),
            Key::Text(s) => Value::from(s),
        }
    }
}

/// The value of a dimension for one item.
fn dimension<'a>(name: &str, i: &Item<'a>) -> Key<'a> {
    let opt = |v: Option<u64>| v.map_or(Key::Null, Key::Int);
    match name {
        "agentId" => opt(i.agent),
        "channel" => Key::Text(i.channel),
        "teamId" => opt(i.ticket.assignee_team_id),
        "tagId" => opt(i.tag),
        "surveyScore" => opt(i.score().map(u64::from)),
        _ => Key::Null,
    }
}

/// Every row of the query, ordered, before paging.
pub(crate) fn rows(store: &Store, q: &StatsQuery, items: &[Item<'_>]) -> Vec<Row> {
    type GroupKey<'a> = (Option<Time>, Vec<Key<'a>>);
    let mut groups: HashMap<GroupKey<'_>, Vec<&Item<'_>>> = HashMap::new();
    for item in items {
        let bucket = q.time.as_ref().map(|td| td.granularity.start(item.at));
        let dims = q.dimensions.iter().map(|d| dimension(d, item)).collect();
        groups.entry((bucket, dims)).or_default().push(item);
    }
    if groups.is_empty() && q.time.is_none() && q.dimensions.is_empty() {
        groups.insert((None, Vec::new()), Vec::new());
    }
    let mut out: Vec<Row> = groups
        .into_iter()
        .map(|((bucket, dims), members)| {
            let mut row = Row::new();
            if let (Some(td), Some(start)) = (&q.time, bucket) {
                row.insert(td.key(), Value::from(td.granularity.label(start)));
            }
            for (name, key) in q.dimensions.iter().zip(dims) {
                row.insert(name.clone(), key.json());
            }
            for m in &q.measures {
                row.insert(m.clone(), measure(m, &members));
            }
            row
        })
        .collect();
    if q.dimensions.iter().any(|d| d == "agentId") {
        pad_agents(store, q, &mut out);
    }
    sort(q, &mut out);
    out
}

/// A row of nulls for every agent who has none, as the real API lists idle agents.
fn pad_agents(store: &Store, q: &StatsQuery, rows: &mut Vec<Row>) {
    let present: HashSet<u64> =
        rows.iter().filter_map(|r| r.get("agentId").and_then(Value::as_u64)).collect();
    for user in store.users.iter().filter(|u| !present.contains(&u.id)) {
        let mut row = Row::new();
        if let Some(td) = &q.time {
            row.insert(td.key(), Value::Null);
        }
        for d in &q.dimensions {
            row.insert(d.clone(), if d == "agentId" { Value::from(user.id) } else { Value::Null });
        }
        for m in &q.measures {
            row.insert(m.clone(), Value::Null);
        }
        rows.push(row);
    }
}

/// Nulls last either way; numbers by value; anything else by its text.
fn compare(a: Option<&Value>, b: Option<&Value>, desc: bool) -> Ordering {
    let (a, b) = (a.unwrap_or(&Value::Null), b.unwrap_or(&Value::Null));
    let ord = match (a, b) {
        (Value::Null, Value::Null) => return Ordering::Equal,
        (Value::Null, _) => return Ordering::Greater,
        (_, Value::Null) => return Ordering::Less,
        (Value::Number(x), Value::Number(y)) => {
            x.as_f64().unwrap_or(0.0).total_cmp(&y.as_f64().unwrap_or(0.0))
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => a.to_string().cmp(&b.to_string()),
    };
    if desc { ord.reverse() } else { ord }
}

/// The requested order first, then time bucket and dimensions ascending.
fn sort(q: &StatsQuery, rows: &mut [Row]) {
    let mut keys = q.order.clone();
    keys.extend(q.time.iter().map(|td| (td.key(), false)));
    keys.extend(q.dimensions.iter().map(|d| (d.clone(), false)));
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|(k, desc)| compare(a.get(k), b.get(k), *desc))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
    });
}
