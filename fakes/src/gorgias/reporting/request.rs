//! The `{"query": {...}}` body of `POST /api/reporting/stats`, read and checked: scope,
//! timezone, the required period, member filters, dimensions, measures, one time
//! dimension and the order.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use super::buckets::Granularity;
use super::scopes::{self, ScopeSpec};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::wire_time::{self, Time};

/// The longest period a query may cover.
const MAX_PERIOD_DAYS: i64 = 366;
/// Filter members besides the period.
const MEMBERS: [&str; 6] = ["channel", "agentId", "teamId", "tagId", "status", "priority"];

/// A member filter: `one-of` keeps records whose member is among `values`, `not-one-of`
/// the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MemberFilter {
    pub member: String,
    pub negate: bool,
    pub values: Vec<String>,
}

/// The time dimension asked for: its name as sent and the bucket size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TimeDimension {
    pub name: String,
    pub granularity: Granularity,
}

impl TimeDimension {
    /// The row key: `createdDatetime.day`.
    pub(crate) fn key(&self) -> String {
        format!("{}.{}", self.name, self.granularity.name())
    }
}

/// A checked query. Times are local to the query's timezone (UTC plus `offset`).
#[derive(Clone, Debug)]
pub(crate) struct StatsQuery {
    pub spec: &'static ScopeSpec,
    pub offset: TimeDelta,
    pub start: Time,
    pub end: Time,
    pub filters: Vec<MemberFilter>,
    pub dimensions: Vec<String>,
    pub measures: Vec<String>,
    pub time: Option<TimeDimension>,
    /// `(row key, descending)`.
    pub order: Vec<(String, bool)>,
}

fn fail(msg: impl Into<String>) -> ApiError {
    ApiError::bad_request(msg)
}

/// A list of strings under `key` (absent or null: empty).
fn strings(q: &Value, key: &str) -> Result<Vec<String>, ApiError> {
    match q.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| fail(format!("query.{key}: Not a valid list.")))
            })
            .collect(),
        Some(_) => Err(fail(format!("query.{key}: Not a valid list."))),
    }
}

/// A filter value as text (numbers are accepted for ids).
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The offset of a timezone: UTC, `±HH:MM`, `UTC±H[:MM]`. Region names (`Europe/Paris`)
/// are accepted but computed as UTC: the fake has no timezone database.
pub(crate) fn timezone_offset(tz: &str) -> Result<TimeDelta, ApiError> {
    let tz = tz.trim();
    let bad = || fail(format!("query.timezone: Unknown timezone '{tz}'."));
    if matches!(tz, "" | "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Z" | "utc") {
        return Ok(TimeDelta::zero());
    }
    let signed = tz.strip_prefix("UTC").or_else(|| tz.strip_prefix("GMT")).unwrap_or(tz);
    if let Some(rest) =
        signed.strip_prefix('+').map(|r| (1, r)).or_else(|| signed.strip_prefix('-').map(|r| (-1, r)))
    {
        let (sign, digits) = rest;
        let (h, m) = match digits.split_once(':') {
            Some((h, m)) => (h, m),
            None if digits.len() == 4 => digits.split_at(2),
            None => (digits, "0"),
        };
        let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 14 || m > 59 {
            return Err(bad());
        }
        return Ok(TimeDelta::minutes(sign * (h * 60 + m)));
    }
    let region = tz
        .split('/')
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c)));
    if tz.contains('/') && region {
        tracing::debug!(%tz, "fake Gorgias reporting computes region timezones as UTC");
        return Ok(TimeDelta::zero());
    }
    Err(bad())
}

/// A period bound: a date (local midnight), a local datetime, or one with an offset.
fn local_time(raw: &str, offset: TimeDelta) -> Option<Time> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw.trim()) {
        return Some(t.with_timezone(&Utc).naive_utc() + offset);
    }
    wire_time::parse(raw)
}

/// Reads the filters: the period bounds and member filters.
fn filters(q: &Value, offset: TimeDelta) -> Result<(Time, Time, Vec<MemberFilter>), ApiError> {
    let list = match q.get("filters") {
        None | Some(Value::Null) => &Vec::new(),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(fail("query.filters: Not a valid list.")),
    };
    let (mut start, mut end, mut members) = (None, None, Vec::new());
    for f in list {
        let member = f.get("member").and_then(Value::as_str).unwrap_or_default();
        let operator = f.get("operator").and_then(Value::as_str).unwrap_or_default();
        let values: Vec<String> = match f.get("values") {
            Some(Value::Array(vs)) => vs.iter().filter_map(value_text).collect(),
            _ => Vec::new(),
        };
        match (member, operator) {
            ("periodStart" | "periodEnd", "afterDate" | "beforeDate") => {
                let raw =
                    values.first().ok_or_else(|| fail(format!("query.filters: {member} needs a value.")))?;
                let t = local_time(raw, offset).ok_or_else(|| {
                    fail(format!("query.filters: '{raw}' is not a valid date for {member}."))
                })?;
                if member == "periodStart" { start = Some(t) } else { end = Some(t) }
            }
            (m, "one-of" | "not-one-of") if MEMBERS.contains(&m) => {
                members.push(MemberFilter { member: m.to_string(), negate: operator == "not-one-of", values })
            }
            (m, op) if MEMBERS.contains(&m) || m.starts_with("period") => {
                return Err(fail(format!("query.filters: Operator '{op}' is not supported for '{m}'.")));
            }
            (m, _) => return Err(fail(format!("query.filters: Unknown filter member '{m}'."))),
        }
    }
    let (Some(start), Some(end)) = (start, end) else {
        return Err(fail("query.filters: periodStart and periodEnd are required"));
    };
    if end <= start {
        return Err(fail("query.filters: periodEnd must be after periodStart"));
    }
    if end - start > TimeDelta::days(MAX_PERIOD_DAYS) {
        return Err(fail("Maximum allowed period size is 366 days"));
    }
    Ok((start, end, members))
}

fn time_dimension(q: &Value, spec: &ScopeSpec) -> Result<Option<TimeDimension>, ApiError> {
    let list = match q.get("time_dimensions").or_else(|| q.get("timeDimensions")) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(fail("query.time_dimensions: Not a valid list.")),
    };
    if list.len() > 1 {
        return Err(fail("query.time_dimensions: At most one time dimension is supported."));
    }
    let Some(td) = list.first() else { return Ok(None) };
    let name = td.get("dimension").and_then(Value::as_str).unwrap_or_default();
    if !spec.time_dimensions.contains(&name) {
        return Err(fail(format!(
            "query.time_dimensions: '{name}' is not a valid time dimension for scope '{}'. Valid: {}.",
            spec.name,
            spec.time_dimensions.join(", ")
        )));
    }
    match td.get("granularity") {
        None | Some(Value::Null) => Ok(None),
        Some(g) => {
            let raw = g.as_str().unwrap_or_default();
            let granularity = Granularity::parse(raw).ok_or_else(|| {
                fail(format!(
                    "query.time_dimensions: '{raw}' is not a valid granularity. Must be one of: {}.",
                    Granularity::NAMES
                ))
            })?;
            Ok(Some(TimeDimension { name: name.to_string(), granularity }))
        }
    }
}

/// `[[member, dir], ...]` or `{member: dir}`; members must be row keys of this query.
fn order(q: &Value, keys: &[String]) -> Result<Vec<(String, bool)>, ApiError> {
    let pairs: Vec<(String, String)> = match q.get("order") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|p| match p.as_array().map(Vec::as_slice) {
                Some([Value::String(m), Value::String(d)]) => Ok((m.clone(), d.clone())),
                _ => Err(fail("query.order: Expected [member, \"asc\"|\"desc\"] pairs.")),
            })
            .collect::<Result<_, _>>()?,
        Some(Value::Object(map)) => {
            map.iter().map(|(m, d)| (m.clone(), d.as_str().unwrap_or_default().to_string())).collect()
        }
        Some(_) => return Err(fail("query.order: Not a valid order.")),
    };
    pairs
        .into_iter()
        .map(|(member, dir)| {
            let desc = match dir.as_str() {
                "asc" => false,
                "desc" => true,
                _ => return Err(fail(format!("query.order: '{dir}' must be asc or desc."))),
            };
            let key = keys
                .iter()
                .find(|k| **k == member || k.split_once('.').is_some_and(|(base, _)| base == member))
                .ok_or_else(|| fail(format!("query.order: '{member}' is not part of the query.")))?;
            Ok((key.clone(), desc))
        })
        .collect()
}

/// Reads and checks the whole body.
pub(crate) fn parse(body: &Value) -> Result<StatsQuery, ApiError> {
    let q = match body.get("query") {
        Some(q @ Value::Object(_)) => q,
        _ => return Err(ApiError::invalid_field("query", "Missing data for required field.")),
    };
    let scope = q
        .get("scope")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid_field("query.scope", "Missing data for required field."))?;
    let spec = scopes::find(scope).ok_or_else(|| {
        fail(format!("query.scope: Unknown scope '{scope}'. Must be one of: {}.", scopes::names()))
    })?;
    let offset = timezone_offset(q.get("timezone").and_then(Value::as_str).unwrap_or("UTC"))?;
    let (start, end, filters) = filters(q, offset)?;
    let measures = strings(q, "measures")?;
    if measures.is_empty() {
        return Err(ApiError::invalid_field("query.measures", "Missing data for required field."));
    }
    if let Some(m) = measures.iter().find(|m| !spec.measures.contains(&m.as_str())) {
        return Err(fail(format!(
            "query.measures: '{m}' is not a valid measure for scope '{}'. Valid: {}.",
            spec.name,
            spec.measures.join(", ")
        )));
    }
    let dimensions = strings(q, "dimensions")?;
    if let Some(d) = dimensions.iter().find(|d| !spec.dimensions.contains(&d.as_str())) {
        return Err(fail(format!(
            "query.dimensions: '{d}' is not a valid dimension for scope '{}'. Valid: {}.",
            spec.name,
            spec.dimensions.join(", ")
        )));
    }
    let time = time_dimension(q, spec)?;
    let keys: Vec<String> = time
        .iter()
        .map(TimeDimension::key)
        .chain(dimensions.iter().cloned())
        .chain(measures.iter().cloned())
        .collect();
    let order = order(q, &keys)?;
    Ok(StatsQuery { spec, offset, start, end, filters, dimensions, measures, time, order })
}
