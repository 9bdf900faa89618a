//! Time buckets of reporting rows: where an hour, day, week (from Monday) or month starts,
//! the next bucket, and the label rows carry.

use chrono::{Datelike, Duration, NaiveDate, Timelike};

use crate::gorgias::wire_time::Time;

/// How finely rows are split in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Granularity {
    Hour,
    Day,
    Week,
    Month,
}

impl Granularity {
    /// Every granularity name, for error messages.
    pub(crate) const NAMES: &'static str = "hour, day, week, month";

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "hour" => Some(Self::Hour),
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            _ => None,
        }
    }

    /// The suffix of the row key: `createdDatetime.day`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The start of the bucket holding `t`.
    pub(crate) fn start(self, t: Time) -> Time {
        let midnight = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN);
        match self {
            Self::Hour => t.date().and_time(chrono::NaiveTime::MIN) + Duration::hours(i64::from(t.hour())),
            Self::Day => midnight(t.date()),
            Self::Week => midnight(t.date() - Duration::days(i64::from(t.weekday().num_days_from_monday()))),
            Self::Month => midnight(t.date().with_day(1).unwrap_or(t.date())),
        }
    }

    /// The start of the bucket after the one starting at `start`.
    pub(crate) fn next(self, start: Time) -> Time {
        match self {
            Self::Hour => start + Duration::hours(1),
            Self::Day => start + Duration::days(1),
            Self::Week => start + Duration::days(7),
            Self::Month => {
                let (y, m) = if start.month() == 12 {
                    (start.year() + 1, 1)
                } else {
                    (start.year(), start.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .map_or(start + Duration::days(31), |d| d.and_time(chrono::NaiveTime::MIN))
            }
        }
    }

    /// The label rows show for the bucket starting at `start`.
    pub(crate) fn label(self, start: Time) -> String {
        match self {
            Self::Hour => start.format("%Y-%m-%dT%H:00:00").to_string(),
            _ => start.format("%Y-%m-%d").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gorgias::wire_time::parse;

    #[test]
    fn buckets_start_where_the_calendar_does() {
        let t = parse("2026-11-20T15:30:12").unwrap(); // a Friday
        assert_eq!(Granularity::Hour.label(Granularity::Hour.start(t)), "2026-11-20T15:00:00");
        assert_eq!(Granularity::Day.label(Granularity::Day.start(t)), "2026-11-20");
        assert_eq!(Granularity::Week.label(Granularity::Week.start(t)), "2026-11-16");
        assert_eq!(Granularity::Month.label(Granularity::Month.start(t)), "2026-11-01");
        let dec = parse("2026-12-01").unwrap();
        assert_eq!(Granularity::Month.label(Granularity::Month.next(dec)), "2027-01-01");
        assert_eq!(Granularity::Week.next(parse("2026-11-16").unwrap()), parse("2026-11-23").unwrap());
        assert_eq!(Granularity::parse("year"), None);
    }
}
