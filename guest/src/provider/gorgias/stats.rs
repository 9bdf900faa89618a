//! `helpdesk_stats` on Gorgias's reporting API (`POST /api/reporting/stats`).
//! Each answer costs as few reporting queries as the numbers allow (usually
//! one): both periods in one query with a time dimension, split locally, and
//! totals derived from the breakdown's rows ([`super::stats_plan`]). Those
//! queries, the label lists and the first page of surveys go out in one round
//! trip. What reporting cannot break down comes from listings (customers,
//! teams from agent rows, the CSAT score distribution) or is refused plainly.

use super::client::GorgiasSubject as _;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::client::{MAX_LIMIT, Subject, decode};
use super::reference::match_agent;
use super::stats_plan::{self as plan, Combine, Folded, Measure, Split};
use super::stats_query::{self as sq, Dimension, Spec};
use super::{Gorgias, filters, projection, stats_customers, stats_surveys, wire};
use crate::http::{HttpError, Method, Request, Response};
use crate::tool::ToolError;
use crate::tool::helpdesk_stats::{GroupBy, Metric, Range, StatsQuery, StatsReport, SurveyCounts, Unit};

/// Report rows asked for per page (the most reporting serves), and pages followed at most.
const ROWS_PER_PAGE: usize = 10_000;
const MAX_PAGES: usize = 10;

/// The measures a metric asks for, the answer's own first.
fn measures(metric: Metric) -> Vec<Measure> {
    let m = |name, combine| Measure { name, combine };
    match metric {
        Metric::Csat => vec![
            m("averageSurveyScore", Combine::Weighted("scoredSurveysCount")),
            m("scoredSurveysCount", Combine::Sum),
            m("sentSurveysCount", Combine::Sum),
            m("responseRate", Combine::Weighted("sentSurveysCount")),
        ],
        // Medians, and tickets counted once however many replies they got.
        Metric::FirstResponseTime | Metric::ResolutionTime | Metric::TicketsReplied => {
            vec![m(sq::spec(metric).measure, Combine::Whole)]
        }
        Metric::OpenTickets => vec![m("ticketCount", Combine::Last)],
        _ => vec![m(sq::spec(metric).measure, Combine::Sum)],
    }
}

/// What a reporting query is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The metric, broken down if reporting can.
    Main,
    /// The denominator of a rate, broken down the same way.
    Base,
    /// The metric's total, when the breakdown cannot give it.
    Total,
}

/// One reporting query and how it covers the periods.
struct Query {
    role: Role,
    spec: Spec,
    measures: Vec<Measure>,
    dim: Option<Dimension>,
    split: Split,
    /// Request indexes in the batch: one (together) or one per period.
    at: Vec<usize>,
}

/// One query's answer for one period: per breakdown key, per measure; and the totals.
#[derive(Default)]
struct Period {
    keys: BTreeMap<String, Vec<Folded>>,
    totals: Vec<Option<f64>>,
}

/// `helpdesk_stats`.
pub fn stats(g: &Gorgias, q: &StatsQuery) -> Result<StatsReport, ToolError> {
    sq::check_range(q.range)?;
    let spec = sq::spec(q.metric);
    let dimension = sq::dimension(q.metric, q.group_by)?;
    let (filters, agent) = resolve_filters(g, q)?;
    let periods: Vec<Range> = if q.compare { vec![q.range, q.range.previous()] } else { vec![q.range] };

    let main = measures(q.metric);
    let dim = dimension.report;
    let mut queries = vec![(Role::Main, spec, main.clone())];
    if spec.ratio_of.is_some() {
        queries.push((
            Role::Base,
            sq::ratio_base(&spec),
            vec![Measure { name: "ticketCount", combine: Combine::Sum }],
        ));
    }
    // A breakdown gives the total when its rows partition what is measured:
    // not for medians, nor for tags (a ticket has several).
    let derivable = main[0].combine != Combine::Whole && dim.is_none_or(|d| d.scope.is_none());
    if dim.is_some() && !derivable {
        queries.push((Role::Total, spec, main.clone()));
    }

    let mut batch = Batch::default();
    let mut planned: Vec<Query> = Vec::new();
    for (role, spec, measures) in queries {
        let dim = if role == Role::Total { None } else { dim };
        let split = plan::split(q.range, q.compare, measures[0].combine, dim.and_then(|d| d.granularity));
        let mut query = Query { role, spec, measures, dim, split, at: Vec::new() };
        match split {
            Split::Together(grain) => {
                let window = Range { start: q.range.previous().start, end: q.range.end };
                let at = batch.add(report(g, &body(&query, window, &filters, Some(grain))));
                query.at.push(at);
            }
            Split::Apart => {
                for p in &periods {
                    let at = batch.add(report(g, &body(&query, *p, &filters, None)));
                    query.at.push(at);
                }
            }
        }
        planned.push(query);
    }
    let surveys_wanted = q.metric == Metric::Csat && q.group_by == GroupBy::None && filters.is_empty();
    if surveys_wanted {
        batch.surveys = Some(batch.add(stats_surveys::page_request(g, None)));
    }
    let labels = Labels::wanted(q.group_by);
    let page = [("limit", MAX_LIMIT.to_string())];
    if labels.users {
        batch.users = Some(batch.add(g.get_reference("/users", &page)));
    }
    if labels.teams {
        batch.teams = Some(batch.add(g.get_reference("/teams", &page)));
    }
    if labels.tags {
        batch.tags =
            Some(batch.add(g.get_reference("/tags", &[page[0].clone(), ("order_by", "usage:desc".into())])));
    }
    let mut results: Vec<Option<Result<Response, HttpError>>> =
        g.send_all(batch.requests.clone()).into_iter().map(Some).collect();
    let mut take = |i: usize| {
        results.get_mut(i).and_then(Option::take).unwrap_or(Err(HttpError::Protocol("missing response")))
    };

    // Every query's answer, per period.
    let mut answers: BTreeMap<&'static str, Vec<Period>> = BTreeMap::new();
    for query in &planned {
        let mut per_period: Vec<Period> = Vec::new();
        match query.split {
            Split::Together(grain) => {
                let window = Range { start: q.range.previous().start, end: q.range.end };
                let first =
                    query.at.first().map_or(Err(HttpError::Protocol("missing request")), |i| take(*i));
                let rows = all_rows(g, first, &body(query, window, &filters, Some(grain)))?;
                for current in [true, false].into_iter().take(periods.len()) {
                    let mine: Vec<&Value> = rows
                        .iter()
                        .filter(|r| plan::is_current(r, grain, q.range).is_none_or(|c| c == current))
                        .collect();
                    per_period.push(fold_period(query, &mine, Some(grain)));
                }
            }
            Split::Apart => {
                for (i, p) in periods.iter().enumerate() {
                    let first =
                        query.at.get(i).map_or(Err(HttpError::Protocol("missing request")), |i| take(*i));
                    let rows = all_rows(g, first, &body(query, *p, &filters, None))?;
                    let refs: Vec<&Value> = rows.iter().collect();
                    per_period.push(fold_period(query, &refs, query.dim.and_then(|d| d.granularity)));
                }
            }
        }
        answers.insert(role_name(query.role), per_period);
    }
    let users: Vec<wire::User> = batch.users.map(|i| list(take(i))).transpose()?.unwrap_or_default();
    let teams: Vec<wire::Team> = batch.teams.map(|i| list(take(i))).transpose()?.unwrap_or_default();
    let tags: Vec<wire::Tag> = batch.tags.map(|i| list(take(i))).transpose()?.unwrap_or_default();

    let main_periods = answers.remove(role_name(Role::Main)).unwrap_or_default();
    let base_periods = answers.remove(role_name(Role::Base));
    let total_periods = answers.remove(role_name(Role::Total));
    // The metric's value per period, overall and per breakdown key.
    let value_of = |i: usize| -> (Option<f64>, BTreeMap<String, Option<f64>>) {
        let main = main_periods.get(i);
        let mut total = match &total_periods {
            Some(t) => t.get(i).and_then(|p| p.totals.first().copied().flatten()),
            None => main.and_then(|p| p.totals.first().copied().flatten()),
        };
        let mut keys: BTreeMap<String, Option<f64>> = main
            .map(|p| p.keys.iter().map(|(k, v)| (k.clone(), v.first().and_then(|f| f.value))).collect())
            .unwrap_or_default();
        if let Some(base) = base_periods.as_ref().and_then(|b| b.get(i)) {
            total = sq::percent(total, base.totals.first().copied().flatten());
            keys = keys
                .into_iter()
                .map(|(k, v)| {
                    let b = base.keys.get(&k).and_then(|f| f.first()).and_then(|f| f.value);
                    (k, sq::percent(v, b))
                })
                .collect();
        }
        (total, keys)
    };
    let (total, current) = value_of(0);
    let (previous_total, previous) = if q.compare { value_of(1) } else { (None, BTreeMap::new()) };

    let mut notes = Vec::new();
    let mut surveys = None;
    if q.metric == Metric::Csat {
        let totals = main_periods.first().map(|p| p.totals.clone()).unwrap_or_default();
        let at = |i: usize| totals.get(i).copied().flatten();
        let mut counts = SurveyCounts {
            scored: at(1).map(|n| n.round() as u64),
            sent: at(2).map(|n| n.round() as u64),
            // Reporting gives a fraction; show a percentage.
            response_rate_pct: at(3)
                .map(|r| if r <= 1.0 { r * 100.0 } else { r })
                .map(|r| (r * 10.0).round() / 10.0),
            distribution_counted: None,
        };
        if let Some(at) = batch.surveys {
            let scored = counts.scored.unwrap_or(0);
            let counted = stats_surveys::distribution(g, take(at), q.range, scored)?;
            notes.extend(counted.note());
            counts.distribution_counted = Some(counted.counted);
            surveys = Some((counts, counted.scores.to_vec()));
        } else {
            if q.group_by == GroupBy::None {
                notes.push(
                    "No score distribution with filters: surveys carry no agent, channel or tag to filter by.".into(),
                );
            }
            surveys = Some((counts, Vec::new()));
        }
    }

    let mut rows_out = match (q.group_by, dim.as_ref()) {
        (GroupBy::Customer, _) => stats_customers::rows(g, q, agent, &mut notes)?,
        (_, Some(dim)) => {
            let mut rows = sq::merge(&current, &previous, q.compare, q.metric.unit() == Unit::Count);
            if q.group_by == GroupBy::Team {
                rows = sq::teams(&rows, &teams, q.compare);
                notes.push(
                    "Team figures add up their members' agent figures (Gorgias reports by agent).".into(),
                );
            } else {
                for r in &mut rows {
                    r.key = label(&r.key, dim, &users, &tags);
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
    let (survey_counts, distribution) = surveys.unzip();
    let mut report = StatsReport::new(q, q.compare, total, previous_total);
    report.rows = rows_out;
    report.distribution = distribution.unwrap_or_default();
    report.surveys = survey_counts;
    report.notes = notes;
    if q.metric == Metric::Csat && report.total.is_none() {
        report.notes.push("No surveys were scored in this period.".into());
    }
    Ok(report)
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Main => "main",
        Role::Base => "base",
        Role::Total => "total",
    }
}

/// A query's rows for one period folded per key and in total.
fn fold_period(query: &Query, rows: &[&Value], grain: Option<&str>) -> Period {
    let key = |r: &Value| query.dim.as_ref().map_or_else(String::new, |d| sq::key(r, d));
    let grouped = plan::group(rows, key);
    let keys: BTreeMap<String, Vec<Folded>> = grouped
        .iter()
        .map(|(k, rs)| (k.clone(), query.measures.iter().map(|m| plan::fold(rs, *m, grain)).collect()))
        .collect();
    let totals = query
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| match query.dim {
            // No breakdown, or time buckets: fold every row of the period.
            None => plan::fold(rows, *m, grain).value,
            Some(d) if d.granularity.is_some() => plan::fold(rows, *m, grain).value,
            // Member rows partition the total (tags do not; a Total query covers them).
            Some(d) if d.scope.is_none() => {
                let per_key: Vec<Folded> = keys.values().filter_map(|v| v.get(i).copied()).collect();
                plan::total(&per_key, m.combine)
            }
            Some(_) => None,
        })
        .collect();
    Period { keys, totals }
}

/// The query body for `period`, with the time dimension that splits it (or
/// the breakdown's own).
fn body(query: &Query, period: Range, filters: &[Value], split: Option<&str>) -> Value {
    let measures: Vec<&str> = query.measures.iter().map(|m| m.name).collect();
    sq::query(&query.spec, &measures, &sq::filters(period, filters), query.dim.as_ref(), split)
}

/// Request indexes of one batch, by role.
#[derive(Default)]
struct Batch {
    requests: Vec<Request>,
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

fn list<T: serde::de::DeserializeOwned>(result: Result<Response, HttpError>) -> Result<Vec<T>, ToolError> {
    decode::<wire::List<T>>(result, &Subject::api("reference data")).map(|l| l.data)
}

/// All rows of a report: the first page from the batch, then by cursor.
fn all_rows(g: &Gorgias, first: Result<Response, HttpError>, query: &Value) -> Result<Vec<Value>, ToolError> {
    let page: wire::List<Value> = decode(first, &Subject::api("reporting"))?;
    let mut rows = page.data;
    let mut cursor = page.next_cursor;
    for _ in 1..MAX_PAGES {
        let Some(c) = cursor.take() else { break };
        let mut r = report(g, query);
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

/// Report filters from the query (channel, agent, tag, status), and the
/// agent's id for what is counted from listings.
fn resolve_filters(g: &Gorgias, q: &StatsQuery) -> Result<(Vec<Value>, Option<u64>), ToolError> {
    let mut out = Vec::new();
    if let Some(c) = q.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        out.push(sq::one_of("channel", &c.to_ascii_lowercase()));
    }
    if let Some(s) = q.status.as_deref() {
        out.push(sq::one_of("status", &super::writes::one_of("status", s, filters::STATUSES)?));
    }
    let mut agent = None;
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
        agent = Some(id);
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
    Ok((out, agent))
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
