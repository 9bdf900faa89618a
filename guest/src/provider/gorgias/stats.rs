//! `helpdesk_stats` on Gorgias's reporting API (`POST /api/reporting/stats`):
//! every query the answer needs (totals and breakdowns, this period and the
//! previous one, plus the names to label rows with) goes out in one round trip.
//! What reporting cannot break down is computed from listings (customers,
//! teams from agent rows, the CSAT score distribution) or refused plainly.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::client::{MAX_LIMIT, Subject, decode};
use super::reference::match_agent;
use super::stats_query::{self as sq, Dimension, Spec};
use super::{Gorgias, filters, projection, wire};
use crate::http::{HttpError, Method, Request, Response};
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::{GroupBy, Metric, Range, StatsQuery, StatsReport, StatsRow, Unit, change};

/// Report rows asked for per page, and pages followed at most.
const ROWS_PER_PAGE: usize = 1_000;
const MAX_PAGES: usize = 10;

/// `helpdesk_stats`.
pub fn stats(g: &Gorgias, q: &StatsQuery) -> Result<StatsReport, ToolError> {
    sq::check_range(q.range)?;
    let spec = sq::spec(q.metric);
    let dimension = sq::dimension(q.metric, q.group_by)?;
    let filters = resolve_filters(g, q)?;
    let ranges: Vec<Range> = if q.compare { vec![q.range, q.range.previous()] } else { vec![q.range] };

    // One round trip: totals, breakdowns and labels for every period.
    let mut batch = Batch::default();
    for (i, range) in ranges.iter().enumerate() {
        let base = sq::filters(*range, &filters);
        let at = batch.add(report(g, &sq::query(&spec, &base, None)));
        batch.totals.push(at);
        if spec.ratio_of.is_some() {
            let at = batch.add(report(g, &sq::query(&sq::ratio_base(&spec), &base, None)));
            batch.ratio_totals.push(at);
        }
        if let Some(dim) = &dimension.report {
            let at = batch.add(report(g, &sq::query(&spec, &base, Some(dim))));
            batch.groups.push(at);
            if spec.ratio_of.is_some() {
                let at = batch.add(report(g, &sq::query(&sq::ratio_base(&spec), &base, Some(dim))));
                batch.ratio_groups.push(at);
            }
        }
        if q.metric == Metric::Csat && q.group_by == GroupBy::None && i == 0 {
            batch.surveys = Some(batch.add(surveys_page(g, *range, None)));
        }
    }
    let labels = Labels::wanted(q.group_by);
    if labels.users {
        batch.users = Some(batch.add(g.get_reference("/users", &[("limit", MAX_LIMIT.to_string())])));
    }
    if labels.teams {
        batch.teams = Some(batch.add(g.get_reference("/teams", &[("limit", MAX_LIMIT.to_string())])));
    }
    if labels.tags {
        batch.tags = Some(batch.add(
            g.get_reference("/tags", &[("limit", MAX_LIMIT.to_string()), ("order_by", "usage:desc".into())]),
        ));
    }
    let mut results: Vec<Option<Result<Response, HttpError>>> =
        g.send_all(batch.requests.clone()).into_iter().map(Some).collect();
    let mut take = |i: usize| {
        results.get_mut(i).and_then(Option::take).unwrap_or(Err(HttpError::Protocol("missing response")))
    };

    let mut totals: Vec<Option<f64>> = Vec::new();
    for (i, at) in batch.totals.iter().enumerate() {
        let rows = rows(g, take(*at), &spec, &ranges[i], &filters, None)?;
        let mut value = rows.first().and_then(|r| sq::number(r, spec.measure));
        if let Some(ratio_at) = batch.ratio_totals.get(i) {
            let base_rows = rows_of(take(*ratio_at))?;
            value = sq::percent(
                value,
                base_rows.first().and_then(|r| sq::number(r, sq::ratio_base(&spec).measure)),
            );
        }
        totals.push(value);
    }
    let users: Vec<wire::User> = batch.users.map(|i| list(take(i))).transpose()?.unwrap_or_default();
    let teams: Vec<wire::Team> = batch.teams.map(|i| list(take(i))).transpose()?.unwrap_or_default();
    let tags: Vec<wire::Tag> = batch.tags.map(|i| list(take(i))).transpose()?.unwrap_or_default();

    let mut notes = Vec::new();
    let mut grouped: Vec<BTreeMap<String, Option<f64>>> = Vec::new();
    if let Some(dim) = &dimension.report {
        for (i, at) in batch.groups.iter().enumerate() {
            let rows = rows(g, take(*at), &spec, &ranges[i], &filters, Some(dim))?;
            let mut values = sq::by_key(&rows, dim, spec.measure);
            if let Some(ratio_at) = batch.ratio_groups.get(i) {
                let base = sq::by_key(&rows_of(take(*ratio_at))?, dim, sq::ratio_base(&spec).measure);
                values = values
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sq::percent(v, base.get(&k).copied().flatten())))
                    .collect();
            }
            grouped.push(values);
        }
    }
    let mut distribution = Vec::new();
    if let Some(at) = batch.surveys {
        let (counts, complete) = survey_scores(g, take(at), q.range)?;
        distribution = counts.to_vec();
        if !complete {
            notes.push("The score distribution covers the first 1,000 surveys of the period.".into());
        }
    }

    let mut rows_out = match (q.group_by, dimension.report.as_ref()) {
        (GroupBy::Customer, _) => customers(g, q, &filters, &mut notes)?,
        (_, Some(dim)) => {
            let current = grouped.first().cloned().unwrap_or_default();
            let previous = grouped.get(1).cloned().unwrap_or_default();
            let label = |key: &str| label(key, dim, &users, &tags);
            let mut rows = sq::merge(&current, &previous, q.compare, q.metric.unit() == Unit::Count);
            if q.group_by == GroupBy::Team {
                rows = sq::teams(&rows, &teams, q.compare);
                notes.push(
                    "Team figures add up their members' agent figures (Gorgias reports by agent).".into(),
                );
            } else {
                for r in &mut rows {
                    r.key = label(&r.key);
                }
            }
            rows
        }
        _ => Vec::new(),
    };
    sq::order(&mut rows_out, q.group_by);
    if rows_out.len() > q.limit {
        notes.push(format!("Showing the top {} of {} rows (`limit`).", q.limit, rows_out.len()));
        rows_out.truncate(q.limit);
    }
    notes.extend(dimension.note.map(str::to_owned));
    let mut report = StatsReport {
        metric: q.metric,
        unit: q.metric.unit(),
        period: sq::period(q.range),
        previous_period: q.compare.then(|| sq::period(q.range.previous())),
        total: totals.first().copied().flatten(),
        previous_total: if q.compare { totals.get(1).copied().flatten() } else { None },
        change_pct: None,
        summary: String::new(),
        group_by: q.group_by,
        rows: rows_out,
        distribution,
        notes,
    };
    report.summarize(q.range);
    if q.metric == Metric::Csat && report.total.is_none() {
        report.notes.push("No surveys were scored in this period.".into());
    }
    Ok(report)
}

/// Request indexes of one batch, by role.
#[derive(Default)]
struct Batch {
    requests: Vec<Request>,
    totals: Vec<usize>,
    ratio_totals: Vec<usize>,
    groups: Vec<usize>,
    ratio_groups: Vec<usize>,
    surveys: Option<usize>,
    users: Option<usize>,
    teams: Option<usize>,
    tags: Option<usize>,
}

impl Batch {
    fn add(&mut self, r: Request) -> usize {
        self.requests.push(r);
        self.requests.len() - 1
    }
}

/// Which reference lists the row labels need.
struct Labels {
    users: bool,
    teams: bool,
    tags: bool,
}

impl Labels {
    fn wanted(group_by: GroupBy) -> Self {
        Self {
            users: group_by == GroupBy::Agent,
            teams: group_by == GroupBy::Team,
            tags: group_by == GroupBy::Tag,
        }
    }
}

fn report(g: &Gorgias, query: &Value) -> Request {
    // A read, though it is a POST.
    g.request(
        Method::Post,
        "/reporting/stats",
        &[("limit", ROWS_PER_PAGE.to_string())],
        Some(&json!({ "query": query })),
    )
    .read_only()
}

fn rows_of(result: Result<Response, HttpError>) -> Result<Vec<Value>, ToolError> {
    decode::<wire::List<Value>>(result, &Subject::api("reporting")).map(|l| l.data)
}

fn list<T: serde::de::DeserializeOwned>(result: Result<Response, HttpError>) -> Result<Vec<T>, ToolError> {
    decode::<wire::List<T>>(result, &Subject::api("reference data")).map(|l| l.data)
}

/// All rows of a report: the first page from the batch, then by cursor.
fn rows(
    g: &Gorgias,
    first: Result<Response, HttpError>,
    spec: &Spec,
    range: &Range,
    filters: &[Value],
    dim: Option<&Dimension>,
) -> Result<Vec<Value>, ToolError> {
    let page: wire::List<Value> = decode(first, &Subject::api("reporting"))?;
    let mut rows = page.data;
    let mut cursor = page.next_cursor;
    let query = sq::query(spec, &sq::filters(*range, filters), dim);
    for _ in 1..MAX_PAGES {
        let Some(c) = cursor.take() else { break };
        let mut r = report(g, &query);
        r.path_and_query.push_str(&format!(
            "&cursor={}",
            form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()
        ));
        let page: wire::List<Value> = g.fetch(r, &Subject::api("reporting"))?;
        rows.extend(page.data);
        cursor = page.next_cursor;
    }
    Ok(rows)
}

/// Report filters from the query: channel, agent (resolved), tag (resolved), status.
fn resolve_filters(g: &Gorgias, q: &StatsQuery) -> Result<Vec<Value>, ToolError> {
    let mut out = Vec::new();
    if let Some(c) = q.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        out.push(sq::one_of("channel", &c.to_ascii_lowercase()));
    }
    if let Some(s) = q.status.as_deref() {
        out.push(sq::one_of("status", &super::writes::one_of("status", s, filters::STATUSES)?));
    }
    if let Some(a) = q.agent.as_deref() {
        let id = match a.trim().parse::<u64>() {
            Ok(id) => id,
            Err(_) => {
                let (users, _) = super::reference::agents(g)?;
                match match_agent(a, &users).map_err(|e| rename(e, "agent"))? {
                    filters::Assignee::Agent(id) => id,
                    filters::Assignee::Unassigned => {
                        return Err(ToolError::invalid("agent", "name an agent"));
                    }
                }
            }
        };
        out.push(sq::one_of("agentId", &id.to_string()));
    }
    if let Some(t) = q.tag.as_deref() {
        let found: wire::List<wire::Tag> = g.fetch(
            g.get_reference("/tags", &[("search", t.trim().to_owned()), ("limit", "20".into())]),
            &Subject::api("tags"),
        )?;
        let tag = found.data.iter().find(|x| x.name.eq_ignore_ascii_case(t.trim())).ok_or_else(|| {
            ToolError::invalid("tag", format!("no tag is called `{t}`; list_reference kind=tags lists them"))
        })?;
        out.push(sq::one_of("tagId", &tag.id.unwrap_or_default().to_string()));
    }
    Ok(out)
}

fn rename(e: ToolError, field: &str) -> ToolError {
    match e {
        ToolError::InvalidArgument { message, .. } => ToolError::invalid(field, message),
        other => other,
    }
}

fn label(key: &str, dim: &Dimension, users: &[wire::User], tags: &[wire::Tag]) -> String {
    match dim.member {
        "agentId" => match key.parse::<u64>() {
            Ok(id) => users
                .iter()
                .find(|u| u.id == id)
                .map_or_else(|| format!("Agent {id}"), |u| projection::agent(u).name),
            Err(_) => "(unassigned)".into(),
        },
        "tagId" => match key.parse::<u64>() {
            Ok(id) => {
                tags.iter().find(|t| t.id == Some(id)).map_or_else(|| format!("Tag {id}"), |t| t.name.clone())
            }
            Err(_) => "(no tag)".into(),
        },
        _ if dim.granularity.is_some() => key.get(..10).unwrap_or(key).to_owned(),
        _ => key.to_owned(),
    }
}

fn surveys_page(g: &Gorgias, range: Range, cursor: Option<String>) -> Request {
    let fmt = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let mut q = vec![
        ("created_datetime[gte]", fmt(range.start)),
        ("created_datetime[lt]", fmt(range.end)),
        ("limit", MAX_LIMIT.to_string()),
    ];
    q.extend(cursor.map(|c| ("cursor", c)));
    g.get("/satisfaction-surveys", &q)
}

/// Surveys per score (1-5) in the period, and whether all were counted.
fn survey_scores(
    g: &Gorgias,
    first: Result<Response, HttpError>,
    range: Range,
) -> Result<([u64; 5], bool), ToolError> {
    let mut counts = [0u64; 5];
    let mut page: wire::List<Value> = decode(first, &Subject::api("satisfaction surveys"))?;
    for _ in 0..MAX_PAGES {
        for s in &page.data {
            if let Some(score) = s.get("score").and_then(Value::as_u64).filter(|s| (1..=5).contains(s)) {
                counts[score as usize - 1] += 1;
            }
        }
        match page.next_cursor.take() {
            Some(c) => {
                page = g.fetch(surveys_page(g, range, Some(c)), &Subject::api("satisfaction surveys"))?
            }
            None => return Ok((counts, true)),
        }
    }
    Ok((counts, false))
}

/// Tickets created per customer: counted from the tickets themselves (view
/// search on the creation range and filters), since reporting has no
/// customer dimension.
fn customers(
    g: &Gorgias,
    q: &StatsQuery,
    _report_filters: &[Value],
    notes: &mut Vec<String>,
) -> Result<Vec<StatsRow>, ToolError> {
    let resolved = filters::Resolved {
        status: q
            .status
            .as_deref()
            .map(|s| super::writes::one_of("status", s, filters::STATUSES))
            .transpose()?,
        channel: q.channel.as_deref().map(|c| c.trim().to_ascii_lowercase()),
        tag: q.tag.clone(),
        after: Some(q.range.start),
        before: Some(q.range.end),
        ..Default::default()
    };
    let expression = filters::expression(&resolved);
    let mut counts: BTreeMap<String, f64> = BTreeMap::new();
    let mut cursor: Option<String> = None;
    let mut read = 0;
    for _ in 0..MAX_PAGES {
        let request = super::paging::view_search_request(
            g,
            0,
            None,
            expression.clone(),
            ("created_datetime", "desc"),
            cursor.as_deref(),
            MAX_LIMIT.to_string(),
        );
        let page = match super::paging::view_search_result(g.transport.send(request))? {
            super::paging::ViewSearch::Page(p) => p,
            super::paging::ViewSearch::Accepted => {
                return Err(ToolError::Upstream {
                    status: 202,
                    message: Some("ticket search is still being prepared; try again in a minute".into()),
                });
            }
        };
        read += page.data.len();
        for t in &page.data {
            let who = t
                .customer
                .as_ref()
                .map_or_else(|| "(no customer)".to_owned(), |c| projection::person(c).label());
            *counts.entry(who).or_default() += 1.0;
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => {
                cursor = None;
                break;
            }
        }
    }
    if cursor.is_some() {
        notes.push(format!(
            "Counted from the {read} most recent tickets of the period; older ones were not read."
        ));
    }
    Ok(counts
        .into_iter()
        .map(|(key, v)| StatsRow { key, value: Some(v), previous: None, change_pct: change(Some(v), None) })
        .collect())
}
