//! How `helpdesk_stats` spends as few reporting queries as it can: both periods
//! in one query, split locally at the start of the current period by a time
//! dimension whose buckets have a boundary exactly there; and totals derived
//! from a breakdown's rows when the breakdown partitions them. Pure.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde_json::Value;

use super::stats_query::{MAX_DAYS, number};
use crate::tool::helpdesk_stats::Range;

/// How a measure's values combine across time buckets, and across the rows of
/// a breakdown into a total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// Counts of things each in one bucket and one row: add up.
    Sum,
    /// Averages and rates: the mean weighted by this measure of the same row.
    Weighted(&'static str),
    /// Snapshots (open tickets at the end of a bucket): the last bucket's value;
    /// rows of a breakdown add up.
    Last,
    /// Medians and distinct counts: nothing combines; each period must be one
    /// bucket and a total needs its own query.
    Whole,
}

/// A measure asked for and how it combines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Measure {
    /// Reporting measure, e.g. `ticketCount`.
    pub name: &'static str,
    /// How its values combine.
    pub combine: Combine,
}

/// Bucket sizes reporting offers, coarsest first (fewest rows).
const GRANULARITIES: [&str; 4] = ["month", "week", "day", "hour"];

/// Where the bucket of granularity `g` holding `t` starts (weeks start on Monday).
pub fn bucket_start(g: &str, t: NaiveDateTime) -> NaiveDateTime {
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN);
    match g {
        "hour" => midnight(t.date()) + Duration::hours(i64::from(t.hour())),
        "week" => midnight(t.date() - Duration::days(i64::from(t.weekday().num_days_from_monday()))),
        "month" => midnight(t.date().with_day(1).unwrap_or(t.date())),
        _ => midnight(t.date()),
    }
}

/// Where the bucket after the one starting at `start` starts.
fn bucket_next(g: &str, start: NaiveDateTime) -> NaiveDateTime {
    match g {
        "hour" => start + Duration::hours(1),
        "week" => start + Duration::days(7),
        "month" => {
            let (y, m) =
                if start.month() == 12 { (start.year() + 1, 1) } else { (start.year(), start.month() + 1) };
            NaiveDate::from_ymd_opt(y, m, 1)
                .map_or(start + Duration::days(31), |d| d.and_time(NaiveTime::MIN))
        }
        _ => start + Duration::days(1),
    }
}

/// How a query covers the periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// One query over both periods, bucketed by this granularity; rows before
    /// the current period's start belong to the previous period.
    Together(&'static str),
    /// One query per period (no comparison, a period too long to double, or no
    /// granularity with a boundary at the current period's start).
    Apart,
}

/// Chooses how to cover `range` (and, with `compare`, the period before it)
/// for a query whose main measure combines as `combine`; `time_group` is the
/// granularity of a day/week/month breakdown, which must then be the one used.
pub fn split(range: Range, compare: bool, combine: Combine, time_group: Option<&'static str>) -> Split {
    let previous = range.previous();
    if !compare || (range.end - previous.start).num_days() > MAX_DAYS {
        return Split::Apart;
    }
    let aligned = |g: &str| bucket_start(g, range.start) == range.start;
    // For measures that do not combine, each period must be exactly one bucket
    // (clipped by the query's period at both ends).
    let one_bucket_each = |g: &str| {
        bucket_next(g, range.start) >= range.end
            && bucket_start(g, range.start - Duration::seconds(1)) <= previous.start
    };
    match time_group {
        Some(g) if aligned(g) => Split::Together(g),
        Some(_) => Split::Apart,
        None => GRANULARITIES
            .into_iter()
            .find(|&g| aligned(g) && (combine != Combine::Whole || one_bucket_each(g)))
            .map_or(Split::Apart, Split::Together),
    }
}

/// The start of a row's time bucket, from its `<dimension>.<granularity>` key.
pub fn bucket_of(row: &Value, g: &str) -> Option<NaiveDateTime> {
    let suffix = format!(".{g}");
    let raw = row.as_object()?.iter().find(|(k, _)| k.ends_with(&suffix))?.1.as_str()?;
    let raw = raw.trim();
    NaiveDateTime::parse_from_str(raw.get(..19).unwrap_or(raw), "%Y-%m-%dT%H:%M:%S").ok().or_else(|| {
        NaiveDate::parse_from_str(raw.get(..10)?, "%Y-%m-%d").ok().map(|d| d.and_time(NaiveTime::MIN))
    })
}

/// Which period a row of a `Together(g)` query belongs to: `Some(true)` for
/// the current one, `Some(false)` for the previous one, `None` for rows without
/// a bucket (reporting pads idle agents with null rows).
pub fn is_current(row: &Value, g: &str, range: Range) -> Option<bool> {
    bucket_of(row, g).map(|b| b >= range.start)
}

/// One measure's value over some rows, with its weight (for weighted means).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Folded {
    /// The value; none when no row carries one.
    pub value: Option<f64>,
    /// Sum of the weights behind a weighted mean.
    pub weight: f64,
}

/// Folds the rows of one breakdown key in one period. `g` names the bucket
/// granularity when the rows carry one.
pub fn fold(rows: &[&Value], m: Measure, g: Option<&str>) -> Folded {
    let values = || rows.iter().filter_map(|r| number(r, m.name).map(|v| (r, v)));
    match m.combine {
        Combine::Sum => {
            let vs: Vec<f64> = values().map(|(_, v)| v).collect();
            Folded { value: (!vs.is_empty()).then(|| vs.iter().sum()), weight: 0.0 }
        }
        Combine::Weighted(by) => {
            let (mut num, mut den) = (0.0, 0.0);
            for (r, v) in values() {
                if let Some(w) = number(r, by).filter(|w| *w > 0.0) {
                    num += v * w;
                    den += w;
                }
            }
            Folded { value: (den > 0.0).then(|| num / den), weight: den }
        }
        Combine::Last => {
            let last = values().max_by_key(|(r, _)| g.and_then(|g| bucket_of(r, g)));
            Folded { value: last.map(|(_, v)| v), weight: 0.0 }
        }
        Combine::Whole => match rows {
            [only] => Folded { value: number(only, m.name), weight: 0.0 },
            _ => Folded::default(),
        },
    }
}

/// The total over the keys of a breakdown that partitions what is measured;
/// none for [`Combine::Whole`], which needs its own query.
pub fn total(per_key: &[Folded], combine: Combine) -> Option<f64> {
    let present = || per_key.iter().filter(|f| f.value.is_some());
    match combine {
        Combine::Sum | Combine::Last => {
            present().next().is_some().then(|| present().filter_map(|f| f.value).sum())
        }
        Combine::Weighted(_) => {
            let (num, den) =
                present().fold((0.0, 0.0), |(n, d), f| (n + f.value.unwrap_or(0.0) * f.weight, d + f.weight));
            (den > 0.0).then(|| num / den)
        }
        Combine::Whole => None,
    }
}

/// Rows grouped by breakdown key, in key order.
pub fn group<'a>(rows: &[&'a Value], key: impl Fn(&Value) -> String) -> BTreeMap<String, Vec<&'a Value>> {
    let mut out: BTreeMap<String, Vec<&'a Value>> = BTreeMap::new();
    for r in rows {
        out.entry(key(r)).or_default().push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn range(a: &str, b: &str) -> Range {
        Range { start: at(&format!("{a} 00:00:00")), end: at(&format!("{b} 00:00:00")) }
    }

    #[test]
    fn both_periods_share_a_query_when_a_bucket_boundary_falls_at_the_start() {
        // last_week: Monday to Monday; weeks align.
        assert_eq!(
            split(range("2026-11-16", "2026-11-23"), true, Combine::Sum, None),
            Split::Together("week")
        );
        // last_month: months align; for medians only when the month before is
        // at least as long (each period must be one bucket).
        assert_eq!(
            split(range("2026-11-01", "2026-12-01"), true, Combine::Whole, None),
            Split::Together("month")
        );
        assert_eq!(split(range("2026-10-01", "2026-11-01"), true, Combine::Whole, None), Split::Apart);
        assert_eq!(
            split(range("2026-10-01", "2026-11-01"), true, Combine::Sum, None),
            Split::Together("month")
        );
        // last_30_days from a Wednesday: days for counts, nothing for medians.
        let thirty = range("2026-10-22", "2026-11-21");
        assert_eq!(split(thirty, true, Combine::Sum, None), Split::Together("day"));
        assert_eq!(split(thirty, true, Combine::Whole, None), Split::Apart);
        // this_week so far (Monday to Friday): one week bucket each, clipped.
        assert_eq!(
            split(range("2026-11-16", "2026-11-21"), true, Combine::Whole, None),
            Split::Together("week")
        );
        // No comparison: one query for one period anyway.
        assert_eq!(split(thirty, false, Combine::Sum, None), Split::Apart);
        // A year and its predecessor do not fit one query.
        assert_eq!(split(range("2025-11-01", "2026-11-01"), true, Combine::Sum, None), Split::Apart);
        // Weekly rows need a Monday start.
        assert_eq!(split(thirty, true, Combine::Sum, Some("week")), Split::Apart);
        assert_eq!(split(thirty, true, Combine::Sum, Some("day")), Split::Together("day"));
    }

    #[test]
    fn rows_fold_by_how_their_measure_combines() {
        let rows = [
            json!({ "createdDatetime.day": "2026-11-16", "averageSurveyScore": 4.0, "scoredSurveysCount": 3 }),
            json!({ "createdDatetime.day": "2026-11-17", "averageSurveyScore": 2.0, "scoredSurveysCount": 1 }),
            json!({ "createdDatetime.day": "2026-11-18", "averageSurveyScore": null, "scoredSurveysCount": 0 }),
        ];
        let refs: Vec<&Value> = rows.iter().collect();
        let avg = Measure { name: "averageSurveyScore", combine: Combine::Weighted("scoredSurveysCount") };
        assert_eq!(fold(&refs, avg, Some("day")), Folded { value: Some(3.5), weight: 4.0 });
        let count = Measure { name: "scoredSurveysCount", combine: Combine::Sum };
        assert_eq!(fold(&refs, count, Some("day")).value, Some(4.0));
        let last = Measure { name: "averageSurveyScore", combine: Combine::Last };
        assert_eq!(fold(&refs, last, Some("day")).value, Some(2.0));
        let whole = Measure { name: "averageSurveyScore", combine: Combine::Whole };
        assert_eq!(fold(&refs, whole, Some("day")).value, None, "several buckets cannot make a median");
        assert_eq!(fold(&refs[..1], whole, Some("day")).value, Some(4.0));
        assert_eq!(fold(&[], count, None).value, None);
    }

    #[test]
    fn totals_come_from_partitioning_rows() {
        let f = |v: Option<f64>, w: f64| Folded { value: v, weight: w };
        assert_eq!(total(&[f(Some(3.0), 0.0), f(None, 0.0), f(Some(4.0), 0.0)], Combine::Sum), Some(7.0));
        assert_eq!(total(&[f(None, 0.0)], Combine::Sum), None);
        assert_eq!(total(&[f(Some(4.0), 3.0), f(Some(2.0), 1.0)], Combine::Weighted("w")), Some(3.5));
        assert_eq!(total(&[f(Some(4.0), 3.0)], Combine::Whole), None);
    }

    #[test]
    fn rows_split_at_the_current_period() {
        let r = range("2026-11-16", "2026-11-23");
        let row = |d: &str| json!({ "closedDatetime.week": d, "ticketCount": 1 });
        assert_eq!(is_current(&row("2026-11-16"), "week", r), Some(true));
        assert_eq!(is_current(&row("2026-11-09"), "week", r), Some(false));
        assert_eq!(is_current(&json!({ "closedDatetime.week": null }), "week", r), None);
        let hourly = json!({ "createdDatetime.hour": "2026-11-16T05:00:00", "ticketCount": 2 });
        assert_eq!(bucket_of(&hourly, "hour"), Some(at("2026-11-16 05:00:00")));
    }
}
