//! `helpdesk_stats`: the numbers a support lead asks for — volume, backlog,
//! response and resolution times, one-touch rate, CSAT — over a period,
//! broken down by channel, agent, team, tag, customer or time, always with the
//! previous period of equal length for comparison.

use std::fmt::Write as _;

use chrono::{Datelike, Duration as Span, NaiveDate, NaiveDateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::params::{self, Format, When};
use super::render::{Render, finish};
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};

/// What to measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Tickets created (default).
    #[default]
    TicketsCreated,
    /// Tickets closed.
    TicketsClosed,
    /// Tickets that got an agent reply.
    TicketsReplied,
    /// Open tickets at the end of the period (backlog).
    OpenTickets,
    /// Median time to the first agent reply.
    FirstResponseTime,
    /// Median time from creation to close.
    ResolutionTime,
    /// Agent messages sent.
    MessagesSent,
    /// Share of closed tickets solved with one agent reply.
    OneTouchRate,
    /// Customer satisfaction: average score (1-5) and distribution.
    Csat,
}

impl Metric {
    /// Words for summaries.
    pub fn label(self) -> &'static str {
        match self {
            Metric::TicketsCreated => "tickets created",
            Metric::TicketsClosed => "tickets closed",
            Metric::TicketsReplied => "tickets replied to",
            Metric::OpenTickets => "open tickets",
            Metric::FirstResponseTime => "median first response time",
            Metric::ResolutionTime => "median resolution time",
            Metric::MessagesSent => "messages sent",
            Metric::OneTouchRate => "one-touch rate",
            Metric::Csat => "average CSAT score",
        }
    }

    /// Unit of the values.
    pub fn unit(self) -> Unit {
        match self {
            Metric::FirstResponseTime | Metric::ResolutionTime => Unit::Seconds,
            Metric::OneTouchRate => Unit::Percent,
            Metric::Csat => Unit::Score,
            _ => Unit::Count,
        }
    }
}

/// Unit of a metric's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of things.
    Count,
    /// A duration in seconds.
    Seconds,
    /// A percentage.
    Percent,
    /// A score from 1 to 5.
    Score,
}

/// How to break the numbers down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// No breakdown (default).
    #[default]
    None,
    /// By channel.
    Channel,
    /// By agent.
    Agent,
    /// By team.
    Team,
    /// By tag.
    Tag,
    /// By customer (tickets created only).
    Customer,
    /// By current ticket status.
    Status,
    /// By ticket priority.
    Priority,
    /// By ticket category (helpdesks with categories).
    Category,
    /// By day.
    Day,
    /// By week (starting Monday).
    Week,
    /// By month.
    Month,
}

/// A named period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Since midnight UTC.
    Today,
    /// The previous day.
    Yesterday,
    /// The last 7 days including today (default).
    #[serde(rename = "last_7_days")]
    Last7Days,
    /// The last 30 days including today.
    #[serde(rename = "last_30_days")]
    Last30Days,
    /// Since Monday.
    ThisWeek,
    /// The previous Monday-Sunday week.
    LastWeek,
    /// Since the 1st.
    ThisMonth,
    /// The previous calendar month.
    LastMonth,
}

/// Arguments of `helpdesk_stats`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
pub struct HelpdeskStatsParams {
    /// tickets_created (default), tickets_closed, tickets_replied, open_tickets, first_response_time, resolution_time, messages_sent, one_touch_rate, csat.
    pub metric: Option<Metric>,
    /// none (default), channel, agent, team, tag, customer, status, priority, day, week, month.
    pub group_by: Option<GroupBy>,
    /// today, yesterday, last_7_days (default), last_30_days, this_week, last_week, this_month, last_month.
    pub period: Option<Period>,
    /// Period start (YYYY-MM-DD or ISO, UTC); overrides period.
    pub start: Option<When>,
    /// Period end; a date is included whole.
    pub end: Option<When>,
    /// Only this channel.
    pub channel: Option<String>,
    /// Only this agent (name, email or id).
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub agent: Option<String>,
    /// Only tickets with this tag.
    #[schemars(with = "Option<crate::tool::params::IdOrName>")]
    pub tag: Option<String>,
    /// Only open or closed tickets.
    pub status: Option<String>,
    /// Compare with the previous period of equal length (default true).
    pub compare: Option<bool>,
    /// Breakdown rows to show, 1-100 (default 25).
    pub limit: Option<u32>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// A half-open UTC time range [start, end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// Inclusive start.
    pub start: NaiveDateTime,
    /// Exclusive end.
    pub end: NaiveDateTime,
}

impl Range {
    /// The range of equal length just before this one.
    pub fn previous(self) -> Range {
        Range { start: self.start - (self.end - self.start), end: self.start }
    }

    /// Length in whole days (rounded up).
    pub fn days(self) -> i64 {
        ((self.end - self.start).num_seconds() + 86_399) / 86_400
    }

    /// "2026-11-15 → 2026-11-21" (end shown inclusive when it is midnight).
    pub fn label(self) -> String {
        let midnight = |t: NaiveDateTime| t.format("%H:%M:%S").to_string() == "00:00:00";
        let fmt = |t: NaiveDateTime| {
            if midnight(t) {
                t.format("%Y-%m-%d").to_string()
            } else {
                t.format("%Y-%m-%d %H:%M").to_string()
            }
        };
        let last = if midnight(self.end) { self.end - Span::days(1) } else { self.end };
        format!("{} → {}", fmt(self.start), fmt(last))
    }
}

/// The resolved query a provider answers.
#[derive(Clone, Debug, PartialEq)]
pub struct StatsQuery {
    /// What to measure.
    pub metric: Metric,
    /// Breakdown.
    pub group_by: GroupBy,
    /// The period.
    pub range: Range,
    /// Whether to compute the previous period too.
    pub compare: bool,
    /// Rows to keep.
    pub limit: usize,
    /// Filters as given (providers resolve names).
    pub channel: Option<String>,
    /// Agent filter.
    pub agent: Option<String>,
    /// Tag filter.
    pub tag: Option<String>,
    /// Status filter.
    pub status: Option<String>,
}

/// Resolves the period from `period` / `start` / `end` at `now`.
pub fn range(p: &HelpdeskStatsParams, now: NaiveDateTime) -> Result<Range, ToolError> {
    let today = now.date();
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or(now);
    let monday = today - Span::days(i64::from(today.weekday().num_days_from_monday()));
    let first = today.with_day(1).unwrap_or(today);
    let named = match p.period.unwrap_or(Period::Last7Days) {
        Period::Today => Range { start: midnight(today), end: midnight(today + Span::days(1)) },
        Period::Yesterday => Range { start: midnight(today - Span::days(1)), end: midnight(today) },
        Period::Last7Days => {
            Range { start: midnight(today - Span::days(6)), end: midnight(today + Span::days(1)) }
        }
        Period::Last30Days => {
            Range { start: midnight(today - Span::days(29)), end: midnight(today + Span::days(1)) }
        }
        Period::ThisWeek => Range { start: midnight(monday), end: midnight(today + Span::days(1)) },
        Period::LastWeek => Range { start: midnight(monday - Span::days(7)), end: midnight(monday) },
        Period::ThisMonth => Range { start: midnight(first), end: midnight(today + Span::days(1)) },
        Period::LastMonth => {
            let prev_last = first - Span::days(1);
            Range { start: midnight(prev_last.with_day(1).unwrap_or(prev_last)), end: midnight(first) }
        }
    };
    let is_midnight = |t: NaiveDateTime| t.time() == chrono::NaiveTime::MIN;
    let start = p.start.map_or(named.start, |w| w.0);
    // A date given as the end means "through that day".
    let end = p.end.map_or(named.end, |w| if is_midnight(w.0) { w.0 + Span::days(1) } else { w.0 });
    if start >= end {
        return Err(ToolError::invalid("end", "must be after start"));
    }
    Ok(Range { start, end })
}

/// One breakdown row.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct StatsRow {
    /// Channel, agent, team, tag, customer, status, priority or time bucket.
    pub key: String,
    /// Value in the period (null when there is no data).
    pub value: Option<f64>,
    /// Value in the previous period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
    /// Change in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_pct: Option<f64>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct StatsReport {
    /// What was measured.
    pub metric: Metric,
    /// Unit of every value (seconds for times).
    pub unit: Unit,
    /// The period, start inclusive, end exclusive, UTC.
    pub period: [String; 2],
    /// The comparison period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_period: Option<[String; 2]>,
    /// The overall value.
    pub total: Option<f64>,
    /// The overall value in the previous period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_total: Option<f64>,
    /// Change in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_pct: Option<f64>,
    /// The answer in one sentence.
    pub summary: String,
    /// The breakdown.
    pub group_by: GroupBy,
    /// Breakdown rows, largest first (time buckets in order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<StatsRow>,
    /// CSAT: surveys per score, 1 to 5, among the surveys scored in the period (see `surveys`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub distribution: Vec<u64>,
    /// CSAT: how many surveys were sent and scored in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surveys: Option<SurveyCounts>,
    /// Caveats (what the helpdesk cannot break down, rows left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// CSAT survey counts for the period, from the helpdesk's reporting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct SurveyCounts {
    /// Surveys scored (answered) in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scored: Option<u64>,
    /// Surveys sent in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<u64>,
    /// Share of sent surveys that were answered, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_rate_pct: Option<f64>,
    /// Surveys the `distribution` counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution_counted: Option<u64>,
}

/// Change from `previous` to `value` in percent (none when previous is 0).
pub fn change(value: Option<f64>, previous: Option<f64>) -> Option<f64> {
    match (value, previous) {
        (Some(v), Some(p)) if p != 0.0 => Some(((v - p) / p * 1000.0).round() / 10.0),
        _ => None,
    }
}

/// A value in its unit, for people: "142", "3 h 12 min", "64.5 %", "4.3/5".
pub fn show(value: Option<f64>, unit: Unit) -> String {
    let Some(v) = value else { return "—".into() };
    match unit {
        Unit::Count => format!("{}", v.round() as i64),
        Unit::Percent => format!("{:.1} %", v),
        Unit::Score => format!("{v:.2}/5"),
        Unit::Seconds => {
            let mins = (v / 60.0).round() as i64;
            match mins {
                0..=59 => format!("{mins} min"),
                60..=2879 => format!("{} h {} min", mins / 60, mins % 60),
                _ => format!("{:.1} days", v / 86_400.0),
            }
        }
    }
}

fn trend(pct: Option<f64>) -> String {
    match pct {
        Some(p) if p > 0.0 => format!("up {p:.0} %"),
        Some(p) if p < 0.0 => format!("down {:.0} %", -p),
        Some(_) => "unchanged".into(),
        None => "no comparison".into(),
    }
}

impl StatsReport {
    /// The report of `q` with its totals: the periods (ISO 8601 UTC, the same
    /// on every provider), the change and the one-sentence summary. Providers
    /// add rows, notes and CSAT detail. `compare` is off where the metric has
    /// no earlier value to compare with (a backlog is counted now).
    pub fn new(q: &StatsQuery, compare: bool, total: Option<f64>, previous_total: Option<f64>) -> Self {
        let period = |r: Range| [r.start, r.end].map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        let mut report = Self {
            metric: q.metric,
            unit: q.metric.unit(),
            period: period(q.range),
            previous_period: compare.then(|| period(q.range.previous())),
            total,
            previous_total: previous_total.filter(|_| compare),
            change_pct: None,
            summary: String::new(),
            group_by: q.group_by,
            rows: Vec::new(),
            distribution: Vec::new(),
            surveys: None,
            notes: Vec::new(),
        };
        report.summarize(q.range);
        report
    }

    /// Fills `summary` and `change_pct` from the totals.
    fn summarize(&mut self, range: Range) {
        self.change_pct = change(self.total, self.previous_total);
        let value = show(self.total, self.unit);
        let what = self.metric.label();
        let mut s = match self.unit {
            Unit::Count => format!("{value} {what} in {} ({} days)", range.label(), range.days()),
            _ => format!("{} {value} in {} ({} days)", capitalize(what), range.label(), range.days()),
        };
        if self.previous_total.is_some() {
            let _ = write!(
                s,
                ", {} from {} the {} days before",
                trend(self.change_pct),
                show(self.previous_total, self.unit),
                range.days()
            );
        }
        s.push('.');
        self.summary = capitalize(&s);
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "helpdesk_stats",
    title: "Helpdesk statistics",
    description: "Support metrics over a period (default: last 7 days), compared with the previous period: tickets created/closed/replied, open backlog, first response and resolution time, messages sent, one-touch rate, CSAT; by channel, agent, team, tag, customer or day/week/month; filtered by channel, agent, tag, status.",
    tier: Tier::Readonly,
    toolset: "stats",
    annotations: Annotations::READ,
    input_schema: params::input_schema::<HelpdeskStatsParams>,
    output_schema: params::output_schema::<StatsReport>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: HelpdeskStatsParams = params::parse(args)?;
    let limit = match p.limit {
        None => 25,
        Some(n @ 1..=100) => n as usize,
        Some(n) => return Err(ToolError::invalid("limit", format!("{n} is out of range; use 1 to 100"))),
    };
    let metric = p.metric.unwrap_or_default();
    let group_by = p.group_by.unwrap_or_default();
    if group_by == GroupBy::Customer && metric != Metric::TicketsCreated {
        return Err(ToolError::invalid(
            "group_by",
            "customer breakdowns count tickets created; use metric=tickets_created",
        ));
    }
    let query = StatsQuery {
        metric,
        group_by,
        range: range(&p, crate::clock::now().naive_utc())?,
        compare: p.compare.unwrap_or(true),
        limit,
        channel: p.channel.clone(),
        agent: p.agent.clone(),
        tag: p.tag.clone(),
        status: p.status.clone(),
    };
    let report = ctx.helpdesk.stats(&query)?;
    Ok(finish(report, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}

impl Render for StatsReport {
    fn markdown(&self) -> String {
        let mut out = format!("{}\n", self.summary);
        if let Some(c) = &self.surveys {
            let mut parts = Vec::new();
            parts.extend(c.scored.map(|n| format!("{n} scored")));
            parts.extend(c.sent.map(|n| format!("{n} sent")));
            parts.extend(c.response_rate_pct.map(|r| format!("{r:.1} % response rate")));
            if !parts.is_empty() {
                let _ = writeln!(out, "Surveys in the period: {}", parts.join(", "));
            }
        }
        if !self.distribution.is_empty() {
            let total: u64 = self.distribution.iter().sum();
            let parts: Vec<String> =
                self.distribution.iter().enumerate().map(|(i, n)| format!("{}★ {n}", i + 1)).collect();
            let _ = writeln!(out, "Scores of the {total} surveys counted: {}", parts.join(" · "));
        }
        if !self.rows.is_empty() {
            let compare = self.previous_total.is_some();
            let by = serde_json::to_value(self.group_by)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push('\n');
            if compare {
                let _ = writeln!(out, "| {by} | value | previous | change |\n|---|---|---|---|");
            } else {
                let _ = writeln!(out, "| {by} | value |\n|---|---|");
            }
            for r in &self.rows {
                let key = r.key.replace('|', "/");
                if compare {
                    let pct = r.change_pct.map_or("—".into(), |p| format!("{p:+.0} %"));
                    let _ = writeln!(
                        out,
                        "| {key} | {} | {} | {pct} |",
                        show(r.value, self.unit),
                        show(r.previous, self.unit)
                    );
                } else {
                    let _ = writeln!(out, "| {key} | {} |", show(r.value, self.unit));
                }
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "Note: {n}");
        }
        out
    }

    fn items(&self) -> usize {
        self.rows.len()
    }

    fn keep(&mut self, n: usize) {
        if n < self.rows.len() {
            let total = self.rows.len();
            self.rows.truncate(n);
            self.notes.push(format!(
                "Showing {n} of {total} rows to fit the output limit; use `limit` or a narrower filter."
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn with(period: Option<Period>) -> HelpdeskStatsParams {
        HelpdeskStatsParams { period, ..Default::default() }
    }

    #[test]
    fn named_periods_are_whole_utc_days() {
        // 2026-11-21 is a Saturday.
        let now = at("2026-11-21 15:30:00");
        let r = |p| range(&with(Some(p)), now).unwrap().label();
        assert_eq!(range(&with(None), now).unwrap().label(), "2026-11-15 → 2026-11-21");
        assert_eq!(r(Period::Today), "2026-11-21 → 2026-11-21");
        assert_eq!(r(Period::Yesterday), "2026-11-20 → 2026-11-20");
        assert_eq!(r(Period::ThisWeek), "2026-11-16 → 2026-11-21");
        assert_eq!(r(Period::LastWeek), "2026-11-09 → 2026-11-15");
        assert_eq!(r(Period::ThisMonth), "2026-11-01 → 2026-11-21");
        assert_eq!(r(Period::LastMonth), "2026-10-01 → 2026-10-31");
        assert_eq!(range(&with(Some(Period::LastMonth)), now).unwrap().days(), 31);
    }

    #[test]
    fn explicit_dates_include_the_end_day_and_compare_with_the_same_length() {
        let p = HelpdeskStatsParams {
            start: Some(When(at("2026-11-01 00:00:00"))),
            end: Some(When(at("2026-11-07 00:00:00"))),
            ..Default::default()
        };
        let r = range(&p, at("2026-11-21 10:00:00")).unwrap();
        assert_eq!((r.label(), r.days()), ("2026-11-01 → 2026-11-07".into(), 7));
        assert_eq!(r.previous().label(), "2026-10-25 → 2026-10-31");
        let bad = HelpdeskStatsParams {
            start: Some(When(at("2026-11-07 00:00:00"))),
            end: Some(When(at("2026-11-01 00:00:00"))),
            ..Default::default()
        };
        assert!(range(&bad, at("2026-11-21 10:00:00")).is_err());
    }

    #[test]
    fn values_and_changes_read_naturally() {
        assert_eq!(change(Some(142.0), Some(161.0)), Some(-11.8));
        assert_eq!(change(Some(5.0), Some(0.0)), None);
        assert_eq!(show(Some(11_520.0), Unit::Seconds), "3 h 12 min");
        assert_eq!(show(Some(300.0), Unit::Seconds), "5 min");
        assert_eq!(show(Some(259_200.0), Unit::Seconds), "3.0 days");
        assert_eq!(show(Some(4.256), Unit::Score), "4.26/5");
        let range = Range { start: at("2026-11-15 00:00:00"), end: at("2026-11-22 00:00:00") };
        let query = |compare| StatsQuery {
            metric: Metric::TicketsCreated,
            group_by: GroupBy::None,
            range,
            compare,
            limit: 25,
            channel: None,
            agent: None,
            tag: None,
            status: None,
        };
        let r = StatsReport::new(&query(true), true, Some(142.0), Some(161.0));
        assert_eq!(r.period, ["2026-11-15T00:00:00Z".to_owned(), "2026-11-22T00:00:00Z".to_owned()]);
        assert_eq!(
            r.previous_period,
            Some(["2026-11-08T00:00:00Z".to_owned(), "2026-11-15T00:00:00Z".to_owned()])
        );
        assert_eq!(r.change_pct, Some(-11.8));
        assert_eq!(
            r.summary,
            "142 tickets created in 2026-11-15 → 2026-11-21 (7 days), down 12 % from 161 the 7 days before."
        );
        // A metric without an earlier value (or compare=false) shows neither previous figure.
        let alone = StatsReport::new(&query(true), false, Some(142.0), Some(161.0));
        assert_eq!((alone.previous_period, alone.previous_total, alone.change_pct), (None, None, None));
        assert_eq!(alone.summary, "142 tickets created in 2026-11-15 → 2026-11-21 (7 days).");
    }
}
